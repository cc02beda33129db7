//! Replays the fuzz corpora in the normal test suite (ADR 0016): every seed
//! under `fuzz/seeds/<target>/` and every crash once found under
//! `fuzz/regressions/<target>/` goes through the same entry point as the
//! fuzz target (`leipzig_core::fuzzing`). A panic fails the test; the
//! answer must be `Ok` or a typed error. Seeds are real answers, so they
//! must parse (except those named `error-*`): that keeps the targets deep.

use std::{fs, path::PathBuf};

use leipzig_core::fuzzing::{TARGETS, run};

fn corpus(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz").join(kind).join(target);
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name, fs::read(&p).expect("readable corpus file"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_seed_of_every_target_parses_or_fails_typed() {
    for (target, _) in TARGETS {
        let seeds = corpus("seeds", target);
        assert!(!seeds.is_empty(), "{target} has no seeds");
        for (name, data) in seeds {
            let outcome = run(target, &data).expect("known target");
            match (&outcome, name.starts_with("error-")) {
                (Ok(()), false) | (Err(_), true) => {}
                _ => panic!("{target}/{name}: unexpected {outcome:?}"),
            }
        }
    }
}

#[test]
fn every_crash_once_found_now_ends_in_ok_or_a_typed_error() {
    let mut replayed = 0;
    for (target, _) in TARGETS {
        for (name, data) in corpus("regressions", target) {
            // The error's text must be safe to show (and to build) too.
            if let Some(Err(e)) = run(target, &data) {
                assert!(!e.to_string().is_empty(), "{target}/{name}");
            }
            replayed += 1;
        }
    }
    println!("{replayed} fuzz regressions replayed");
}

#[test]
fn fuzz_targets_and_corpus_directories_agree() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    for (target, _) in TARGETS {
        assert!(dir.join(format!("{target}.rs")).is_file(), "fuzz/fuzz_targets/{target}.rs");
    }
}
