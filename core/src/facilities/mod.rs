//! Public facilities: an offline finder over Leipzig's open geodata —
//! search in German spellings, near me by true distance, open now with
//! Saxony's holidays.

pub mod api;
pub mod fold;
pub mod hours;
pub mod model;
pub mod service;
pub mod store;

pub use model::{
    Facility, FacilityHit, FacilityQuery, LayerRefresh, LayerReport, OpenState, Opening, Wheelchair,
};
pub use service::FacilitiesService;
