//! `leipzig bench`: the performance report's measurements in one run
//! against an embedded sandbox and temporary data directories, printed as
//! one table (or JSON) with the team's targets — numbers, never assertions.
//!
//! 1. the home screen from cache at 1k/10k/100k news, beside the whole-cache
//!    JSON approach of JavaScript city apps on the same data;
//! 2. facility search and nearest-20 over 20,000 facilities;
//! 3. news refresh: unchanged (`304`) and a changed 1,000-item feed;
//! 4. slot search over the Bürgerbüros with 100 ms latency: parallel,
//!    sequential, and one request as the reference;
//! 6. the peak RSS of a 10,000-item news sync, in a child process.
//!
//! Items 5 (FFI into Kotlin) and 7 (library size) come from Maven and
//! `scripts/size-report`. The workloads are shared with the criterion
//! benches (`tests/benches/workloads/`), which give precise numbers.

#[path = "../../../tests/benches/workloads/mod.rs"]
#[allow(dead_code)] // shared with the criterion benches; `leipzig bench` uses a part
pub(super) mod workloads;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::{bench_measure, bench_probe};
use crate::{
    args::{BenchArgs, Global},
    fail::Failure,
    output,
};

/// Sizes and repetitions of one run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    /// `--quick`: targets are not judged.
    pub quick: bool,
    /// Stored news for the home screen, smallest to largest.
    pub home_news: [u64; 3],
    /// Facilities in the layer.
    pub facilities: usize,
    /// Items of the changed feed.
    pub feed_items: usize,
    /// Injected latency of a ZMS calendar request, ms.
    pub latency_ms: u64,
    /// Items of the sync whose memory is measured.
    pub sync_items: usize,
    /// Time spent on one measurement (after at least `min_samples`).
    pub budget: std::time::Duration,
    /// Fewest samples of one measurement.
    pub min_samples: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        use std::time::Duration;
        if quick {
            Self {
                quick,
                home_news: [100, 300, 1_000],
                facilities: 600,
                feed_items: 100,
                latency_ms: 20,
                sync_items: 500,
                budget: Duration::from_millis(100),
                min_samples: 3,
            }
        } else {
            Self {
                quick,
                home_news: [1_000, 10_000, 100_000],
                facilities: 20_000,
                feed_items: 1_000,
                latency_ms: 100,
                sync_items: 10_000,
                budget: Duration::from_secs(3),
                min_samples: 10,
            }
        }
    }
}

/// One line of the report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Row {
    /// The item number (1–7).
    pub item: u8,
    /// What was measured.
    pub what: String,
    /// The result (median for times).
    pub value: f64,
    /// `ms`, `MiB` or `×`.
    pub unit: &'static str,
    /// The same measured another way, when the report compares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<Compared>,
    /// The team's target for this line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
}

/// A comparison value in the row's unit.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Compared {
    /// What it is.
    pub with: String,
    /// Its result.
    pub value: f64,
    /// The ratio printed, and how it is formed.
    pub ratio: f64,
    /// E.g. "whole-cache ÷ core".
    pub ratio_is: &'static str,
}

/// A target and whether this run met it (`None` with `--quick`).
#[derive(Debug, Serialize)]
pub(super) struct Target {
    /// E.g. "≤ 5 ms".
    pub text: String,
    /// Met, missed, or not judged.
    pub met: Option<bool>,
}

impl Target {
    /// `text`, judged by `met` unless the run is quick.
    pub fn judged(plan: &Plan, text: &str, met: bool) -> Option<Self> {
        Some(Self { text: text.to_owned(), met: (!plan.quick).then_some(met) })
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    machine: Machine,
    quick: bool,
    rows: Vec<Row>,
}

/// Where the numbers come from.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Machine {
    cpus: usize,
    cpu_model: String,
    ram_gib: f64,
    build: &'static str,
    date: String,
}

/// Runs `leipzig bench`.
pub async fn run(global: &Global, args: &BenchArgs) -> Result<(), Failure> {
    if let Some(dir) = &args.sync_probe {
        return bench_probe::child(dir).await;
    }
    let plan = Plan::new(args.quick);
    let quiet = global.json;
    let progress = |what: &str| {
        if !quiet {
            eprintln!("measuring {what}…");
        }
    };
    let fail = |e: workloads::Fallible<Vec<Row>>| e.map_err(|e| Failure::new(e.to_string()));
    let mut rows = Vec::new();
    progress("the home screen from cache");
    rows.extend(fail(bench_measure::home_screen(&plan).await)?);
    progress("the facility finder");
    rows.extend(fail(bench_measure::facilities(&plan).await)?);
    progress("news refreshes");
    rows.extend(fail(bench_measure::news_refresh(&plan).await)?);
    progress("slot searches");
    rows.extend(fail(bench_measure::slot_search(&plan).await)?);
    progress("the memory of a news sync");
    rows.extend(fail(bench_probe::sync_rss(&plan).await)?);

    let report = Report { machine: machine(), quick: plan.quick, rows };
    if global.json {
        return output::json(&report);
    }
    print_table(&report);
    Ok(())
}

fn print_table(report: &Report) {
    let m = &report.machine;
    println!(
        "{} × {}, {:.0} GiB RAM, {} build, {}{}",
        m.cpus,
        m.cpu_model,
        m.ram_gib,
        m.build,
        m.date,
        if report.quick { " — --quick: small sizes, targets not judged" } else { "" }
    );
    let mut table =
        output::table(&["#", "Measurement", "Result", "Compared with", "Ratio", "Target"]);
    for row in &report.rows {
        let compared = row.compared.as_ref();
        let target = row.target.as_ref().map(|t| match t.met {
            Some(true) => format!("{}: met", t.text),
            Some(false) => format!("{}: MISSED", t.text),
            None => t.text.clone(),
        });
        table.add_row(vec![
            Cell::new(row.item),
            Cell::new(&row.what),
            Cell::new(amount(row.value, row.unit)).set_alignment(CellAlignment::Right),
            Cell::new(
                compared
                    .map(|c| format!("{}: {}", c.with, amount(c.value, row.unit)))
                    .unwrap_or_default(),
            ),
            Cell::new(
                compared.map(|c| format!("{:.1}× ({})", c.ratio, c.ratio_is)).unwrap_or_default(),
            ),
            Cell::new(target.unwrap_or_default()),
        ]);
    }
    println!("{table}");
}

/// `0.93 ms`, `1,120 ms`, `38.2 MiB`, `1.1×`.
pub(super) fn amount(value: f64, unit: &str) -> String {
    match unit {
        "×" => format!("{value:.2}×"),
        "ms" if value >= 100.0 => format!("{} ms", thousands(value.round() as u64)),
        "ms" if value >= 10.0 => format!("{value:.1} ms"),
        "ms" if value >= 1.0 => format!("{value:.2} ms"),
        "ms" => format!("{value:.3} ms"),
        _ => format!("{value:.1} {unit}"),
    }
}

/// `100000` → `100,000`.
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split(':').nth(1)))
        .map(|m| m.trim().to_owned())
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    Machine {
        cpus: std::thread::available_parallelism().map(usize::from).unwrap_or(1),
        cpu_model,
        ram_gib: ram_kib / (1024.0 * 1024.0),
        build: if cfg!(debug_assertions) { "debug" } else { "release" },
        date: chrono::Utc::now().format("%Y-%m-%d").to_string(),
    }
}
