//! Command-line arguments of `leipzig`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Leipzig nah bei mir — the city's citizen app, in the terminal.
///
/// Without --config, `leipzig` starts an embedded sandbox of the city's back
/// ends on a free loopback port; its state lives under the data directory,
/// so successive commands see one consistent city.
#[derive(Debug, Parser)]
#[command(name = "leipzig", version, propagate_version = true)]
pub struct Cli {
    /// Options every command understands.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Client config (TOML); default: $LEIPZIG_CONFIG, else the embedded sandbox.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the app keeps its data; default: $LEIPZIG_DATA_DIR, the config's
    /// `data_dir`, else the user's data directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Never touch the network: show what is stored on this machine.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Print machine-readable JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// City-hall news (press releases).
    News(NewsArgs),
    /// Run the sandbox of the city's back ends standalone.
    Sandbox(SandboxArgs),
    /// A narrated walk through the app against the embedded sandbox.
    Demo,
}

/// `leipzig news`.
#[derive(Debug, Args)]
pub struct NewsArgs {
    /// Fetch the feed first (a conditional request: unchanged feeds cost nothing).
    /// Without it the stored news are shown, fetched only when none are stored.
    #[arg(long)]
    pub refresh: bool,
    /// How many items to show.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// A single item.
    #[command(subcommand)]
    pub action: Option<NewsAction>,
}

/// `leipzig news <action>`.
#[derive(Debug, Subcommand)]
pub enum NewsAction {
    /// Show one item in full and mark it read.
    Read {
        /// The item's id (first column of `leipzig news`).
        id: i64,
    },
}

/// `leipzig sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Loopback port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Keep the sandbox's state in this directory between runs.
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Write a client config pointing every endpoint at this sandbox.
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
}
