//! Fuzz target: the news feed: content type check, RSS/Atom parsing, HTML to text, dates.
//! The input format is `leipzig_core::fuzzing::news_feed`'s (see fuzz/README.md).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // An error is the right answer to hostile input; only a panic, a hang
    // or running out of memory is a finding.
    let _ = leipzig_core::fuzzing::news_feed(data);
});
