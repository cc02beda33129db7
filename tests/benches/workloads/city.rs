//! The sandbox set up for benchmarks: started in-process on loopback, the
//! ZMS rate limit lifted (benchmarks repeat searches hundreds of times),
//! feeds and layers published, latency injected; and app configurations
//! pointing at it.

use std::path::Path;

use leipzig_core::Config;
use leipzig_sandbox::{FaultAction, FaultSpec, RunningSandbox, SandboxOptions};

use super::{Fallible, data};

/// Settings every benchmark app gets: quick bounded retries.
const HTTP_SETTINGS: &str = "\n[http]\nmax_retries = 2\nbackoff_base_ms = 10\nbackoff_cap_ms = 100\n\
     connect_timeout_ms = 5000\nrequest_timeout_ms = 60000\n";

/// Room for a feed of tens of thousands of items: the defaults cap a feed
/// at 5 MB and the archive at 5,000 items.
const BIG_FEED_SETTINGS: &str = "[news]\nmax_feed_bytes = 67108864\nmax_items = 200000\n";

/// Starts a fresh sandbox on a free loopback port, without the ZMS rate limit.
pub async fn start() -> Fallible<RunningSandbox> {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await?;
    post(&sandbox, "zms/rate-limit", &serde_json::json!({"max": 1_000_000, "windowSeconds": 60}))
        .await?;
    Ok(sandbox)
}

/// An app configuration for `sandbox`, data in `data_dir`, the news
/// limits the app ships with.
pub fn config(sandbox: &RunningSandbox, data_dir: &Path) -> Fallible<Config> {
    Ok(Config::from_toml(&config_toml(sandbox, false), Some(data_dir))?)
}

/// [`config`] as TOML (for a child process); `big_feed` lifts the news
/// limits for a sync of tens of thousands of items.
pub fn config_toml(sandbox: &RunningSandbox, big_feed: bool) -> String {
    let news = if big_feed { BIG_FEED_SETTINGS } else { "" };
    format!("{}{HTTP_SETTINGS}{news}", sandbox.client_config_toml(None))
}

/// A plain client for the sandbox's controls.
pub fn client() -> reqwest::Client {
    leipzig_core::http::install_crypto_provider();
    reqwest::Client::new()
}

/// POSTs `body` to the control `/_sandbox/{path}`.
pub async fn post(sandbox: &RunningSandbox, path: &str, body: &serde_json::Value) -> Fallible<()> {
    client()
        .post(format!("{}_sandbox/{path}", sandbox.base_url()))
        .json(body)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// Replaces the press-release feed with items `newest`, `newest - 1`, … (`n`).
pub fn publish_feed(sandbox: &RunningSandbox, newest: u64, n: usize) -> Fallible<()> {
    let items = data::feed(newest, n);
    sandbox.state().update(|s| s.news.items = items)?;
    Ok(())
}

/// Publishes a facility layer of `n` features (generation `generation`).
pub async fn publish_layer(sandbox: &RunningSandbox, n: usize, generation: u32) -> Fallible<()> {
    post(sandbox, "geo/facilities", &data::facility_layer(n, generation)).await
}

/// Every ZMS calendar request answers `ms` later, until [`RunningSandbox::clear_faults`].
pub fn slow_calendar(sandbox: &RunningSandbox, ms: u64) {
    sandbox.inject(FaultSpec {
        path: "/api/citizen/available-calendar/".to_owned(),
        method: None,
        times: u32::MAX,
        action: FaultAction::Latency { ms },
    });
}
