//! What every CLI test needs: the `leipzig` binary run as a user runs it.

#![allow(dead_code)] // each test file uses its own subset

use std::{
    path::Path,
    process::{Command, Output},
};

use serde_json::Value;

/// Runs `leipzig` with `args` (no config or data dir from the environment).
pub fn leipzig(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leipzig"))
        .args(args)
        .env_remove("LEIPZIG_CONFIG")
        .env_remove("LEIPZIG_DATA_DIR")
        .output()
        .expect("leipzig runs")
}

/// Runs `leipzig` and parses its JSON stdout; fails the test on a non-zero exit.
pub fn ok_json(args: &[&str]) -> Value {
    let out = leipzig(args);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// The text on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temporary path as text.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}
