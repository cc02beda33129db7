//! Workloads of the performance report, shared by the criterion benches
//! (`cargo bench -p leipzig-e2e`) and `leipzig bench`: the same synthetic
//! city, the same phone and the same questions, so both print comparable
//! numbers.
//!
//! Both include this directory with `#[path]` rather than through a crate:
//! the code needs nothing but `leipzig-core`, `leipzig-sandbox` and common
//! dependencies the two crates already have, and a crate of its own would
//! put test scaffolding into the `leipzig` binary's dependency graph. Each
//! includer uses a part, hence `#[allow(dead_code)]` at the include site.
//!
//! - [`data`]: deterministic press releases and facility layers;
//! - [`city`]: the sandbox set up for benchmarks (rate limit, latency, feeds);
//! - [`phone`]: a phone with a login, notices, appointments and N news;
//! - [`blob`]: the whole-cache approach of JavaScript city apps, for comparison.

pub mod blob;
pub mod city;
pub mod data;
pub mod phone;

/// Errors of the set-up code: the criterion benches `expect` them, the CLI
/// prints them.
pub type Fallible<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// A deadline's name and the days left until it (`None`: no date yet).
pub type DaysLeft = (String, Option<i64>);

/// The answers of the home screen, in a form both implementations produce,
/// so a run can check that they computed the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeScreen {
    /// ZMS process id of the next appointment.
    pub next_appointment: Option<u32>,
    /// Open (not archived) notices: id and deadlines.
    pub open_notices: Vec<(String, Vec<DaysLeft>)>,
    /// Guids of the newest 20 news, newest first.
    pub newest_news: Vec<String>,
}

impl HomeScreen {
    /// The same answers in a fixed order (notices received at the same
    /// moment may be listed either way round).
    pub fn normalized(mut self) -> Self {
        self.open_notices.sort();
        self
    }
}
