//! `leipzig sandbox`: the city's back ends, standalone, until Ctrl-C.

use leipzig_sandbox::SandboxOptions;
use serde_json::json;

use crate::{
    args::{Global, SandboxArgs},
    fail::Failure,
    output,
};

/// Runs the sandbox until interrupted. The first line on stdout is the URL
/// it listens on (or a JSON object with `url` under `--json`), so scripts
/// and tests can wait for it.
pub async fn run(global: &Global, args: &SandboxArgs) -> Result<(), Failure> {
    let sandbox = leipzig_sandbox::start(SandboxOptions {
        port: args.port,
        port_fallback: false,
        state_dir: args.state.clone(),
    })
    .await
    .map_err(|e| Failure::new(e.to_string()))?;
    if let Some(path) = &args.write_config {
        sandbox
            .write_client_config(path, global.data_dir.as_deref())
            .map_err(|e| Failure::new(e.to_string()))?;
    }
    if global.json {
        output::json(&json!({
            "url": sandbox.base_url(),
            "config": args.write_config.as_ref().map(|p| p.display().to_string()),
        }))?;
    } else {
        println!("{}", sandbox.base_url());
        if let Some(path) = &args.write_config {
            eprintln!("Client config written to {}", path.display());
        }
        eprintln!("Sandbox controls: {}_sandbox/  — press Ctrl-C to stop.", sandbox.base_url());
    }
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = wait_for_sigterm() => {}
    }
    sandbox.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn wait_for_sigterm() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn wait_for_sigterm() {
    std::future::pending().await
}
