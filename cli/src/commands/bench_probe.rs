//! Item 6 of `leipzig bench`: the peak memory (RSS) of a news sync. The
//! sync runs in a child process — this binary with the hidden
//! `bench --sync-probe DIR` — so that the number is one app's, not the
//! benchmark's or the sandbox's: the child opens the app as every command
//! does, syncs the feed the parent's sandbox serves, and prints its own
//! high-water mark (`VmHWM`, what `getrusage`'s `ru_maxrss` and
//! `/usr/bin/time -v` report).

use std::path::Path;

use leipzig_core::Config;
use serde_json::{Value, json};

use super::bench::{
    Plan, Row, Target, thousands,
    workloads::{Fallible, city},
};
use crate::{fail::Failure, output, session::Session};

/// The child's client config, in its directory.
const CONFIG: &str = "config.toml";

/// Runs the child and reports its peak RSS.
pub(super) async fn sync_rss(plan: &Plan) -> Fallible<Vec<Row>> {
    let sandbox = city::start().await?;
    let items = plan.sync_items;
    city::publish_feed(&sandbox, items as u64 - 1, items)?;
    let dir = tempfile::Builder::new().prefix("leipzig-bench-sync-").tempdir()?;
    std::fs::write(dir.path().join(CONFIG), city::config_toml(&sandbox, true))?;
    let exe = std::env::current_exe()?;
    let probe_dir = dir.path().to_path_buf();
    // A blocking wait on its own thread: the sandbox keeps serving meanwhile.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(exe)
            .args(["bench", "--sync-probe"])
            .arg(&probe_dir)
            .env_remove(leipzig_core::config::ENV_CONFIG)
            .env_remove(leipzig_core::config::ENV_DATA_DIR)
            .output()
    })
    .await??;
    if !out.status.success() {
        return Err(
            format!("the sync probe failed: {}", String::from_utf8_lossy(&out.stderr)).into()
        );
    }
    let report: Value = serde_json::from_slice(&out.stdout)?;
    let kib = |key: &str| report[key].as_f64().ok_or(format!("the probe did not report {key}"));
    let (peak, opened) = (kib("peakRssKib")? / 1024.0, kib("afterOpenKib")? / 1024.0);
    let stored = report["stored"].as_u64().unwrap_or(0);
    if stored < items as u64 {
        return Err(format!("the probe stored {stored} of {items} items").into());
    }
    Ok(vec![Row {
        item: 6,
        what: format!(
            "peak RSS of a {}-item news sync (the whole `leipzig` process; {opened:.1} MiB after opening)",
            thousands(items as u64)
        ),
        value: peak,
        unit: "MiB",
        compared: None,
        target: Target::judged(plan, "≤ 64 MiB", peak <= 64.0),
    }])
}

/// The child: opens the app with the config in `dir`, syncs the news and
/// prints its peak RSS as JSON.
pub(super) async fn child(dir: &Path) -> Result<(), Failure> {
    let config = Config::from_file(&dir.join(CONFIG), Some(&dir.join("data")))?;
    let session = Session::with_config(config, None)?;
    let after_open = peak_rss_kib()?;
    session.app.news().refresh().await?;
    let (stored, _) = session.app.news().counts()?;
    let peak = peak_rss_kib()?;
    output::json(&json!({"peakRssKib": peak, "afterOpenKib": after_open, "stored": stored}))
}

/// This process's peak resident set so far, in KiB (Linux's `VmHWM`).
fn peak_rss_kib() -> Result<u64, Failure> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| Failure::new(format!("peak RSS needs Linux's /proc: {e}")))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Failure::new("no VmHWM in /proc/self/status"))
}
