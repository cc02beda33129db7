//! The citizen's account: login with OpenID Connect (authorization code +
//! PKCE S256, RFC 8252 for native apps) against the city's Keycloak, token
//! refresh one at a time, logout. The refresh token, the ID token and the
//! login in progress live in the platform's `SecretStore`; the access token
//! only in memory. See ADR 0011.

pub mod api;
mod claims;
pub mod model;
pub mod service;
pub mod store;

pub use model::{AuthRequest, Identity, LogoutReport, Profile};
pub use service::AccountService;
