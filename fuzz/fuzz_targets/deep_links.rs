//! Fuzz target: links the app accepts: payment return links, configured endpoints.
//! The input format is `leipzig_core::fuzzing::deep_links`'s (see fuzz/README.md).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // An error is the right answer to hostile input; only a panic, a hang
    // or running out of memory is a finding.
    let _ = leipzig_core::fuzzing::deep_links(data);
});
