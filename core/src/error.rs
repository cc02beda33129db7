//! The core's rich error type.
//!
//! Every fallible core function returns [`Result`]. The FFI converts this
//! error into its small `ApiError` in one place; the CLI prints it. Messages
//! never carry personal data: no URLs with query strings, no names, no tokens,
//! no response bodies — only kinds, status codes and ids the app made itself.

use std::fmt;

/// Result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The app is in offline mode and did not touch the network.
    #[error("offline mode: no network access attempted")]
    Offline,

    /// The server could not be reached or the connection broke.
    #[error("network failure: {0}")]
    Network(NetworkFailure),

    /// The server answered with an HTTP error status.
    #[error("server answered HTTP {status}{}", detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// A short, server-given title (problem+json `title`), if any.
        detail: Option<String>,
    },

    /// A response body exceeded the size the caller allows for it.
    #[error("response too large: more than {limit} bytes")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: u64,
    },

    /// A response had a content type the caller cannot use.
    #[error("unexpected content type: {0}")]
    UnexpectedContentType(String),

    /// A server sent a body that is not what its contract promises.
    #[error("unusable {what} from the server ({reason})")]
    InvalidResponse {
        /// What was expected, e.g. "ZMS calendar".
        what: &'static str,
        /// Where parsing failed (never the body itself).
        reason: String,
    },

    /// A feed could not be read.
    #[error("feed unusable: {0}")]
    Feed(#[from] FeedError),

    /// A facility layer could not be used; the stored layer is kept.
    #[error("facility layer unusable: {0}")]
    Layer(#[from] LayerError),

    /// The local database failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),

    /// The database was written by a newer app version.
    #[error("database schema version {found} is newer than this app supports ({supported})")]
    SchemaTooNew {
        /// Version found in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },

    /// A schema migration failed; the database was left at `from`.
    #[error("migration from schema version {from} failed: {source}")]
    Migration {
        /// Version the database stays at.
        from: u32,
        /// What SQLite said.
        source: rusqlite::Error,
    },

    /// The configuration is invalid.
    #[error("configuration: {0}")]
    Config(String),

    /// A feature's endpoint is missing from the configuration.
    #[error("no `{0}` endpoint configured")]
    NotConfigured(&'static str),

    /// A local record does not exist.
    #[error("{kind} {id} not found")]
    NotFound {
        /// What was looked up, e.g. "news item".
        kind: &'static str,
        /// The id the caller gave (an app-made id, never personal data).
        id: String,
    },

    /// Input from the user or the shell is invalid.
    #[error("invalid {field}: {reason}")]
    Validation {
        /// The field at fault.
        field: &'static str,
        /// Why it is invalid.
        reason: String,
    },

    /// The ZMS citizen API answered with an error envelope.
    #[error("appointment service: {0}")]
    Zms(#[from] crate::appointments::wire::ZmsError),

    /// The slot was taken by someone else between listing and reserving.
    #[error("the appointment slot is no longer available")]
    SlotTaken {
        /// The next free slots for the same service at the same office.
        alternatives: Vec<crate::appointments::model::Slot>,
    },

    /// The reservation expired before the booking was confirmed; nothing was booked.
    #[error("the reservation expired before it was confirmed")]
    ReservationExpired,

    /// An action was refused because unsent actions would be lost.
    #[error("{count} action(s) are not yet delivered")]
    PendingOutbox {
        /// How many.
        count: u32,
    },

    /// Login, token refresh or logout failed.
    #[error("login: {0}")]
    Auth(#[from] AuthError),

    /// A payment was refused, or has no receipt yet.
    #[error("payment: {0}")]
    Payment(#[from] PaymentError),

    /// The platform's secret store failed.
    #[error("secret store: {0}")]
    SecretStore(String),

    /// A local file operation failed.
    #[error("file system: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// True when retrying the same request later may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Network(_) => true,
            Error::HttpStatus { status, .. } => is_transient_status(*status),
            Error::Zms(e) => is_transient_status(e.status),
            _ => false,
        }
    }

    /// True when the error means "no usable connection to the server".
    pub fn is_connectivity(&self) -> bool {
        matches!(self, Error::Offline | Error::Network(_))
    }
}

/// HTTP statuses worth retrying: the server may answer differently later.
pub(crate) fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429 | 500 | 502 | 503 | 504)
}

/// Why a request did not produce a complete response. Carries no URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkFailure {
    /// No connection could be made (refused, unreachable, DNS).
    Connect,
    /// Connecting or reading took longer than the configured timeout.
    Timeout,
    /// The connection broke while the request or response was under way.
    Interrupted,
    /// A redirect was refused (too many, or to an insecure URL).
    Redirect,
    /// TLS could not be established.
    Tls,
}

impl fmt::Display for NetworkFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NetworkFailure::Connect => "could not connect",
            NetworkFailure::Timeout => "timed out",
            NetworkFailure::Interrupted => "connection interrupted",
            NetworkFailure::Redirect => "redirect refused",
            NetworkFailure::Tls => "secure connection failed",
        })
    }
}

/// Why a news feed could not be used. The cache is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The body is not a well-formed RSS/Atom document.
    #[error("not a readable feed ({0})")]
    Malformed(String),
    /// The body is not valid text in its declared encoding.
    #[error("not valid text in its encoding")]
    Encoding,
}

/// Why a facility layer could not be used. The stored layer stays as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayerError {
    /// Not GeoJSON, or not a FeatureCollection.
    #[error("not a GeoJSON FeatureCollection ({0})")]
    Malformed(String),
    /// A coordinate reference system the app cannot convert.
    #[error("unsupported coordinate reference system {0}")]
    UnsupportedCrs(String),
    /// No feature could be used.
    #[error("no usable feature ({} skipped: {})", .skipped.len(), .skipped.iter().take(3).cloned().collect::<Vec<_>>().join("; "))]
    NoUsableFeatures {
        /// Why each feature was skipped ("id or #index: reason").
        skipped: Vec<String>,
    },
}

/// Why a payment could not go on. Never carries an amount or a reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The city or its payment service refused to create the payment
    /// (XBezahldienste `functionalCode`, e.g. `BOOKING_DATA_MISSING`);
    /// nothing was charged.
    #[error("{message} ({code})")]
    Refused {
        /// The refusal's code.
        code: String,
        /// Readable text.
        message: String,
    },
    /// There is no receipt: the payment is not paid.
    #[error("no receipt: the payment is not paid")]
    NotPaid,
}

/// Why a login, a token refresh or a logout failed. Never carries a token,
/// a code or a claim value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// An answer arrived for a login this app did not start (or already finished).
    #[error("no login is in progress")]
    NoLoginInProgress,
    /// The answer's `state` is not the one sent: possibly forged (CSRF).
    #[error("the answer does not belong to this login (state mismatch)")]
    StateMismatch,
    /// The answer names another issuer than the one asked (RFC 9207 mix-up).
    #[error("the answer comes from another identity provider (iss mismatch)")]
    IssuerMismatch,
    /// The provider ended the login with an OAuth error (e.g. `access_denied`).
    #[error("the identity provider refused: {0}")]
    Refused(String),
    /// The ID token failed validation (signature, `aud`, `iss`, `nonce`, expiry, `at_hash`).
    #[error("ID token rejected: {0}")]
    InvalidIdToken(String),
    /// Nobody is logged in.
    #[error("not logged in")]
    NotLoggedIn,
    /// The login ended at the provider (`invalid_grant` on refresh): log in
    /// again; nothing unsent is lost.
    #[error("the login has expired; please log in again")]
    LoginRequired,
    /// The provider's metadata or an answer did not follow the protocol.
    #[error("identity provider: {0}")]
    Protocol(String),
}
