//! `GET …/.well-known/openid-configuration` (OpenID Connect Discovery 1.0)
//! and `GET …/protocol/openid-connect/certs` (the JWK set).
//!
//! The discovery document names only what the sandbox really does: the
//! code flow, PKCE S256, ES256, the `iss` authorization response parameter
//! (RFC 9207), public clients (`none`), RP-initiated logout, revocation.

use axum::{
    Json,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::authorize::SCOPES;
use crate::SandboxContext;

/// Claims the provider can release (see [`super::users::claims`]).
pub const CLAIMS: [&str; 24] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "acr",
    "azp",
    "sid",
    "at_hash",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "birthdate",
    "email",
    "email_verified",
    "address",
    "phone_number",
    "phone_number_verified",
    "leipzig_pass",
    "typ",
    "jti",
];

/// The discovery document for `issuer`.
pub fn document(issuer: &str) -> Value {
    let endpoint = |name: &str| format!("{issuer}/protocol/openid-connect/{name}");
    json!({
        "issuer": issuer,
        "authorization_endpoint": endpoint("auth"),
        "token_endpoint": endpoint("token"),
        "userinfo_endpoint": endpoint("userinfo"),
        "jwks_uri": endpoint("certs"),
        "end_session_endpoint": endpoint("logout"),
        "revocation_endpoint": endpoint("revoke"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "userinfo_signing_alg_values_supported": ["none"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
        "scopes_supported": SCOPES,
        "claims_supported": CLAIMS,
        "acr_values_supported": [super::token::ACR],
        "token_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint_auth_methods_supported": ["none"],
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "frontchannel_logout_supported": false,
        "backchannel_logout_supported": false,
    })
}

/// `GET …/.well-known/openid-configuration`.
pub async fn configuration(State(ctx): State<SandboxContext>) -> Response {
    cacheable(Json(document(&super::issuer(&ctx.base_url))).into_response())
}

/// `GET …/certs`: the signing keys (the current one, and the previous one
/// after a rotation).
pub async fn certs(State(ctx): State<SandboxContext>) -> Response {
    let keys = ctx.state.read(|s| s.oidc.keys.current.is_some());
    if !keys {
        // A state loaded from an older sandbox: make a key now.
        if let Err(e) = ctx.state.update(|s| {
            s.oidc.keys.ensure();
        }) {
            return super::state_failure(&e);
        }
    }
    cacheable(Json(ctx.state.read(|s| s.oidc.keys.jwks())).into_response())
}

/// `Cache-Control: no-cache`, like Keycloak: clients revalidate.
fn cacheable(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
