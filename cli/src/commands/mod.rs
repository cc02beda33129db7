//! One module per `leipzig` command.

pub mod account;
pub mod appointments;
pub mod demo;
pub mod facilities;
pub mod news;
pub mod notices;
pub mod outbox;
pub mod payments;
pub mod sandbox;
