//! City-hall news: the press-release feed, cached for offline reading.

pub mod api;
pub mod model;
pub mod service;
pub mod store;

pub use model::{NewsItem, RefreshOutcome, RefreshStats};
pub use service::NewsService;
