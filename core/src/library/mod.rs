//! Ordering a library card from the Leipziger Städtische Bibliotheken:
//! branches and card types (the fee table is the city's data), an order
//! prefilled from the profile and checked with the city's rules, sent
//! through the outbox, its fee paid through the payments service, and the
//! active card with a Code 39 barcode drawn in the core, kept sealed for
//! offline use. See ADR 0015.

pub mod api;
pub mod barcode;
pub mod delivery;
pub mod model;
pub mod service;
pub mod store;
pub mod validation;

pub use model::{
    Applicant, Barcode, Branch, CardOrder, CardType, DatedFee, LibraryCard, Person, Registration,
    RegistrationState,
};
pub use service::LibraryService;
