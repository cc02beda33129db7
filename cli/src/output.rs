//! Output helpers: JSON on stdout, tables and progress on a terminal.

use std::{future::Future, time::Duration};

use chrono::{DateTime, Utc};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::fail::Failure;

/// Prints `value` as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot encode JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// A table with the project's look, sized to the terminal.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    table
}

/// A time in Leipzig's zone, as Germans write it: `24.11.2026 10:15`.
pub fn local_time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.with_timezone(&chrono_tz::Europe::Berlin).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_else(|| "–".to_owned())
}

/// Runs `work` with a spinner on stderr (hidden when stderr is not a
/// terminal, and in JSON mode).
pub async fn with_spinner<T>(message: &str, quiet: bool, work: impl Future<Output = T>) -> T {
    let spinner = if quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        spinner.set_style(style);
    }
    spinner.set_message(message.to_owned());
    spinner.enable_steady_tick(Duration::from_millis(100));
    let result = work.await;
    spinner.finish_and_clear();
    result
}

/// Prints a warning on stderr.
pub fn warn(message: &str) {
    eprintln!("warning: {message}");
}

/// Epoch seconds in Leipzig's zone: `01.12.2026 09:10`.
pub fn local_epoch(timestamp: i64) -> String {
    local_time(DateTime::from_timestamp(timestamp, 0))
}
