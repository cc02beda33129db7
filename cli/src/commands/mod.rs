//! One module per `leipzig` command.

pub mod demo;
pub mod news;
pub mod sandbox;
