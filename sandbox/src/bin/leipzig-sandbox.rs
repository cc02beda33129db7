//! `leipzig-sandbox [--port N] [--state DIR]`: the sandbox alone, for
//! scripts that test the city's contracts without building the app
//! (`scripts/schemathesis`). Same server as `leipzig sandbox`; the first
//! line on stdout is the URL it listens on; stops on Ctrl-C or SIGTERM.

use std::{path::PathBuf, process::ExitCode};

use leipzig_sandbox::SandboxOptions;

const USAGE: &str = "usage: leipzig-sandbox [--port N] [--state DIR]";

fn options() -> Result<SandboxOptions, String> {
    let mut options = SandboxOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--port" => {
                let port = value()?;
                options.port = port.parse().map_err(|_| format!("not a port: {port}"))?;
            }
            "--state" => options.state_dir = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match leipzig_sandbox::start(options).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.base_url());
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminated() => {}
    }
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(unix)]
async fn terminated() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending().await
}
