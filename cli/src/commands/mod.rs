//! One module per `leipzig` command.

pub mod account;
pub mod appointments;
pub mod bench;
mod bench_measure;
mod bench_probe;
pub mod demo;
mod demo_library;
pub mod facilities;
pub mod library;
pub mod news;
pub mod notices;
pub mod outbox;
pub mod payments;
pub mod sandbox;
