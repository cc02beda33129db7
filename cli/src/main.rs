//! `leipzig`: the terminal shell of Leipzig nah bei mir.
//!
//! A thin shell like the Android and iOS apps: it parses arguments, opens
//! the core, prints. Every rule lives in `leipzig-core`.

mod args;
mod commands;
mod fail;
mod output;
mod session;

use std::process::ExitCode;

use clap::Parser;

use crate::{
    args::{Cli, Command},
    fail::Failure,
    session::Session,
};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(u8::try_from(failure.code).unwrap_or(1))
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let global = &cli.global;
    match &cli.command {
        Command::Sandbox(args) => commands::sandbox::run(global, args).await,
        Command::Demo => commands::demo::run(global).await,
        Command::Bench(args) => commands::bench::run(global, args).await,
        Command::News(args) => {
            let session = Session::open(global).await?;
            commands::news::run(&session.app, global, args).await
        }
        Command::Appointments(command) => {
            let session = Session::open(global).await?;
            commands::appointments::run(&session.app, global, command).await
        }
        Command::Facilities(command) => {
            let session = Session::open(global).await?;
            commands::facilities::run(&session.app, global, command).await
        }
        Command::Login(args) => {
            let session = Session::open(global).await?;
            commands::account::login(&session.app, global, args).await
        }
        Command::Logout(args) => {
            let session = Session::open(global).await?;
            commands::account::logout(&session.app, global, args).await
        }
        Command::Whoami => {
            let session = Session::open(global).await?;
            commands::account::whoami(&session.app, global)
        }
        Command::Profile(command) => {
            let session = Session::open(global).await?;
            commands::account::profile(&session.app, global, command)
        }
        Command::Notices(command) => {
            let session = Session::open(global).await?;
            commands::notices::run(&session.app, global, command).await
        }
        Command::Library(command) => {
            let session = Session::open(global).await?;
            commands::library::run(&session.app, global, command).await
        }
        Command::Fees => {
            let session = Session::open(global).await?;
            commands::payments::fees(&session.app, global).await
        }
        Command::Pay(args) => {
            let session = Session::open(global).await?;
            commands::payments::pay(&session.app, global, args).await
        }
        Command::Payments(command) => {
            let session = Session::open(global).await?;
            commands::payments::run(&session.app, global, command).await
        }
        Command::Outbox => {
            let session = Session::open(global).await?;
            commands::outbox::show(&session.app, global)
        }
        Command::Sync => {
            let session = Session::open(global).await?;
            commands::outbox::sync(&session.app, global).await
        }
    }
}
