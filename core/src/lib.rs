//! leipzig-core: all logic of Leipzig nah bei mir.
//!
//! A plain Rust API (no uniffi here — that lives in `leipzig-ffi`). Start at
//! [`App::open`]; each domain is a folder with `model.rs` (types), `api.rs`
//! (wire format and HTTP), `store.rs` (SQL) and `service.rs` (what the UI
//! calls). Shared pieces: [`db`], [`http`], [`listeners`], [`platform`],
//! [`config`], [`error`]. Every screen reads SQLite first; refreshes write to
//! SQLite and notify listeners.

#![warn(missing_docs)]

pub mod account;
pub mod address;
mod app;
pub mod app_api;
pub mod appointments;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod error;
pub mod facilities;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod library;
pub mod listeners;
pub mod news;
pub mod notices;
pub mod outbox;
pub mod payments;
pub mod platform;
pub mod sync;

pub use app::App;
pub use config::Config;
pub use error::{Error, Result};
pub use platform::Platform;
