//! The FFI's small error and its conversion from the core's rich one.
//!
//! Only variants a screen acts on: show the offline banner, ask for a
//! login, say "not found", mark a form field, explain a conflict, show a
//! server problem, or a generic failure. Messages carry no personal data
//! (the core's errors carry none either).

use leipzig_core::{Error as CoreError, error::PaymentError};

/// What went wrong, in terms a screen can act on.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum ApiError {
    /// The server is unreachable or the app is in offline mode; stored
    /// data is still available.
    #[error("offline: {reason}")]
    Offline {
        /// Why, for logs and details.
        reason: String,
    },
    /// The citizen must log in (again).
    #[error("unauthorized: {reason}")]
    Unauthorized {
        /// Why.
        reason: String,
    },
    /// The thing asked for does not exist.
    #[error("not found: {reason}")]
    NotFound {
        /// What was not found.
        reason: String,
    },
    /// Input was rejected; `field` names the form field.
    #[error("invalid {field}: {reason}")]
    Validation {
        /// The field at fault.
        field: String,
        /// Why.
        reason: String,
    },
    /// The action clashes with the server's state (e.g. already done).
    #[error("conflict: {reason}")]
    Conflict {
        /// Why.
        reason: String,
    },
    /// The slot was taken meanwhile; here are the next free ones.
    #[error("the slot is no longer available")]
    SlotTaken {
        /// The next free slots for the same service and office.
        alternatives: Vec<crate::Slot>,
    },
    /// The payment service refused the payment; nothing was charged.
    /// `code` is its reason (e.g. `BOOKING_DATA_MISSING`), for the shell's text.
    #[error("payment refused ({code}): {reason}")]
    PaymentRefused {
        /// The refusal code.
        code: String,
        /// Readable text.
        reason: String,
    },
    /// Actions saved on the phone are not yet received by the city; the
    /// request would lose them.
    #[error("{count} action(s) not yet received by the city")]
    PendingActions {
        /// How many.
        count: u32,
    },
    /// The server failed or sent something unusable.
    #[error("server problem: {reason}")]
    Server {
        /// HTTP status, when there was one.
        status: Option<u16>,
        /// Why.
        reason: String,
    },
    /// Anything else (local storage, configuration).
    #[error("{reason}")]
    Other {
        /// Why.
        reason: String,
    },
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        let reason = e.to_string();
        match e {
            CoreError::Offline | CoreError::Network(_) => ApiError::Offline { reason },
            CoreError::HttpStatus { status: 401 | 403, .. } => ApiError::Unauthorized { reason },
            CoreError::HttpStatus { status: 404 | 410, .. } | CoreError::NotFound { .. } => {
                ApiError::NotFound { reason }
            }
            CoreError::HttpStatus { status: 409, .. } => ApiError::Conflict { reason },
            CoreError::HttpStatus { status, .. } => {
                ApiError::Server { status: Some(status), reason }
            }
            CoreError::SlotTaken { alternatives } => ApiError::SlotTaken {
                alternatives: alternatives.into_iter().map(crate::Slot::from).collect(),
            },
            CoreError::PendingOutbox { count } => ApiError::PendingActions { count },
            CoreError::Auth(leipzig_core::error::AuthError::Protocol(_)) => {
                ApiError::Server { status: None, reason }
            }
            CoreError::Auth(_) => ApiError::Unauthorized { reason },
            CoreError::ReservationExpired => ApiError::Conflict { reason },
            CoreError::Payment(PaymentError::Refused { code, message }) => {
                ApiError::PaymentRefused { code, reason: message }
            }
            CoreError::Payment(PaymentError::NotPaid) => ApiError::Conflict { reason },
            CoreError::Zms(e) => match e.status {
                404 | 410 => ApiError::NotFound { reason },
                406 | 409 => ApiError::Conflict { reason },
                400 | 413 | 422 => ApiError::Validation { field: "request".to_owned(), reason },
                status => ApiError::Server { status: Some(status), reason },
            },
            CoreError::ResponseTooLarge { .. }
            | CoreError::UnexpectedContentType(_)
            | CoreError::InvalidResponse { .. }
            | CoreError::Feed(_)
            | CoreError::Layer(_) => ApiError::Server { status: None, reason },
            CoreError::Validation { field, .. } => {
                ApiError::Validation { field: field.to_owned(), reason }
            }
            CoreError::Db(_)
            | CoreError::SchemaTooNew { .. }
            | CoreError::Migration { .. }
            | CoreError::Config(_)
            | CoreError::NotConfigured(_)
            | CoreError::SecretStore(_)
            | CoreError::Io(_) => ApiError::Other { reason },
        }
    }
}

#[cfg(test)]
mod tests {
    use leipzig_core::error::NetworkFailure;

    use super::*;

    #[test]
    fn connectivity_problems_are_offline() {
        assert!(matches!(ApiError::from(CoreError::Offline), ApiError::Offline { .. }));
        assert!(matches!(
            ApiError::from(CoreError::Network(NetworkFailure::Connect)),
            ApiError::Offline { .. }
        ));
    }

    #[test]
    fn statuses_map_to_what_a_screen_does() {
        let status = |s| CoreError::HttpStatus { status: s, detail: None };
        assert!(matches!(ApiError::from(status(401)), ApiError::Unauthorized { .. }));
        assert!(matches!(ApiError::from(status(404)), ApiError::NotFound { .. }));
        assert!(matches!(ApiError::from(status(409)), ApiError::Conflict { .. }));
        assert!(matches!(ApiError::from(status(503)), ApiError::Server { status: Some(503), .. }));
        let refused = CoreError::Payment(PaymentError::Refused {
            code: "BOOKING_DATA_MISSING".to_owned(),
            message: "nothing was charged".to_owned(),
        });
        assert!(matches!(
            ApiError::from(refused),
            ApiError::PaymentRefused { code, .. } if code == "BOOKING_DATA_MISSING"
        ));
        assert!(matches!(
            ApiError::from(CoreError::Payment(PaymentError::NotPaid)),
            ApiError::Conflict { .. }
        ));
        let v = CoreError::Validation { field: "email", reason: "missing @".to_owned() };
        assert!(
            matches!(ApiError::from(v), ApiError::Validation { field, .. } if field == "email")
        );
    }
}
