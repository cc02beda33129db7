//! Paying fees and notices: the citizen's fees, payments through the
//! city's app API (which alone speaks XBezahldienste to the payment
//! service), a state machine that only moves forward, reconciliation after
//! the app died or the return link was lost, and receipts kept offline.
//! See ADR 0013 and reference/payments.md.

pub mod api;
pub mod delivery;
pub mod model;
pub mod offline;
pub mod reconcile;
pub mod service;
pub mod store;
pub mod wire;

pub use model::{
    Fee, FeeState, Payment, PaymentState, Receipt, StartedPayment, Subject, SubjectKind, format_eur,
};
pub use reconcile::ReconcileReport;
pub use service::PaymentsService;
