//! Fuzz target: app API answers: payments, fees, receipts, notices, library, slot watches, problem+json.
//! The input format is `leipzig_core::fuzzing::app_api`'s (see fuzz/README.md).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // An error is the right answer to hostile input; only a panic, a hang
    // or running out of memory is a finding.
    let _ = leipzig_core::fuzzing::app_api(data);
});
