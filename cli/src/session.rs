//! Opening the app for one command: configuration, data directory, the
//! embedded sandbox when no config is given, and the CLI's platform pieces
//! (a 0600 secret file and a log file in the data directory).

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use leipzig_core::{
    App, Config,
    platform::{FileLogger, FileSecretStore, LogLevel, Platform},
};
use leipzig_sandbox::{RunningSandbox, SandboxOptions};

use crate::{args::Global, fail::Failure};

/// Sub-directory of the data directory holding the embedded sandbox.
const SANDBOX_DIR: &str = "sandbox";
/// File remembering the embedded sandbox's port, so that URLs (and with
/// them the stored HTTP validators) stay the same between commands.
const PORT_FILE: &str = "port";

/// An open app, plus the embedded sandbox it talks to (if any).
#[derive(Debug)]
pub struct Session {
    /// The app.
    pub app: App,
    /// Kept alive for the duration of the command.
    pub sandbox: Option<RunningSandbox>,
}

impl Session {
    /// Opens the app as `global` says.
    pub async fn open(global: &Global) -> Result<Self, Failure> {
        let data_dir = explicit_data_dir(global);
        let config_path = Config::path_from_env(global.config.clone());
        let (mut config, sandbox) = match config_path {
            Some(path) => {
                let fallback = data_dir.clone().unwrap_or_else(default_data_dir);
                let mut config = Config::from_file(&path, Some(&fallback))?;
                config.apply_env(data_dir);
                (config, None)
            }
            None => {
                let dir = data_dir.unwrap_or_else(default_data_dir);
                embedded(dir, global.offline).await?
            }
        };
        config.offline = config.offline || global.offline;
        let session = Self::with_config(config, sandbox)?;
        // Like a phone coming to the foreground: deliver what was saved
        // while offline before doing anything else.
        if !session.app.is_offline() {
            session.app.sync().run_outbox().await;
        }
        Ok(session)
    }

    /// Opens the app with a ready configuration.
    pub fn with_config(config: Config, sandbox: Option<RunningSandbox>) -> Result<Self, Failure> {
        let platform = platform(&config.data_dir)?;
        let app = App::open(config, platform)?;
        Ok(Self { app, sandbox })
    }
}

/// The embedded sandbox, with its state under `data_dir`, and a config
/// pointing at it. Offline, no sandbox is started.
pub async fn embedded(
    data_dir: PathBuf,
    offline: bool,
) -> Result<(Config, Option<RunningSandbox>), Failure> {
    if offline {
        return Ok((Config::new(data_dir), None));
    }
    let state_dir = data_dir.join(SANDBOX_DIR);
    let port_file = state_dir.join(PORT_FILE);
    let last_port = std::fs::read_to_string(&port_file)
        .ok()
        .and_then(|p| p.trim().parse::<u16>().ok())
        .unwrap_or(0);
    let sandbox = leipzig_sandbox::start(SandboxOptions {
        port: last_port,
        port_fallback: true,
        state_dir: Some(state_dir),
    })
    .await
    .map_err(|e| Failure::new(format!("cannot start the embedded sandbox: {e}")))?;
    // Best effort: a lost port file only costs one unconditional refresh.
    let _ = std::fs::write(&port_file, sandbox.addr().port().to_string());
    let config = Config::from_toml(&sandbox.client_config_toml(None), Some(&data_dir))?;
    Ok((config, Some(sandbox)))
}

/// `--data-dir`, else `LEIPZIG_DATA_DIR`.
pub fn explicit_data_dir(global: &Global) -> Option<PathBuf> {
    global
        .data_dir
        .clone()
        .or_else(|| std::env::var_os(leipzig_core::config::ENV_DATA_DIR).map(PathBuf::from))
}

/// The user's data directory, e.g. `~/.local/share/leipzig`.
pub fn default_data_dir() -> PathBuf {
    dirs::data_local_dir().unwrap_or_else(|| PathBuf::from(".")).join("leipzig")
}

fn platform(data_dir: &Path) -> Result<Platform, Failure> {
    let logger = FileLogger::open(&data_dir.join("leipzig.log"), LogLevel::Info)?;
    Ok(Platform::new(
        Arc::new(FileSecretStore::new(data_dir.join("secrets.json"))),
        Arc::new(logger),
    ))
}
