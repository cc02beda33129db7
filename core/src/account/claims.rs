//! Claims of an ID token or a `userinfo` answer, read into an [`Identity`]
//! through their JSON form (one reading for both, and claims the crate does
//! not model need only a field here); how a failed verification is reported.

use chrono::{DateTime, Utc};
use openidconnect::ClaimsVerificationError;
use serde::{Deserialize, Serialize};

use super::model::Identity;
use crate::error::{AuthError, Error, Result};

#[derive(Debug, Deserialize)]
struct Address {
    street_address: Option<String>,
    postal_code: Option<String>,
    locality: Option<String>,
}

/// Leipzig-Pass as the sandbox (`{number, valid_until}`) or Keycloak's
/// realm (a plain string claim) sends it.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LeipzigPass {
    Plain(String),
    Object { number: String },
}

/// The claims as OIDC Core §5.1 names them (default-language values).
#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    birthdate: Option<String>,
    phone_number: Option<String>,
    address: Option<Address>,
    acr: Option<String>,
    leipzig_pass: Option<LeipzigPass>,
}

/// Who the claims describe.
pub fn identity(claims: &impl Serialize) -> Result<Identity> {
    let unreadable = |_| AuthError::Protocol("claims unreadable".to_owned());
    let claims: Claims =
        serde_json::to_value(claims).and_then(serde_json::from_value).map_err(unreadable)?;
    let address = claims.address;
    let (street_address, postal_code, locality) = match address {
        Some(a) => (a.street_address, a.postal_code, a.locality),
        None => (None, None, None),
    };
    Ok(Identity {
        sub: claims.sub,
        name: claims.name,
        given_name: claims.given_name,
        family_name: claims.family_name,
        email: claims.email,
        email_verified: claims.email_verified,
        birthdate: claims.birthdate,
        phone_number: claims.phone_number,
        street_address,
        postal_code,
        locality,
        acr: claims.acr,
        leipzig_pass: claims.leipzig_pass.map(|p| match p {
            LeipzigPass::Plain(number) | LeipzigPass::Object { number } => number,
        }),
    })
}

/// The `iat` of a JWT, read without verifying it (see the caller).
pub fn issued_at(jwt: &str) -> Option<DateTime<Utc>> {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    DateTime::from_timestamp(claims.get("iat")?.as_i64()?, 0)
}

pub fn invalid(what: &str) -> Error {
    AuthError::InvalidIdToken(what.to_owned()).into()
}

/// The kind of a verification failure, never its values.
pub fn claims_error(e: ClaimsVerificationError) -> Error {
    let kind = match e {
        ClaimsVerificationError::Expired(_) => "expired",
        ClaimsVerificationError::InvalidAudience(_) => "wrong audience",
        ClaimsVerificationError::InvalidIssuer(_) => "wrong issuer",
        ClaimsVerificationError::InvalidNonce(_) => "wrong nonce",
        ClaimsVerificationError::InvalidSubject(_) => "wrong subject",
        ClaimsVerificationError::SignatureVerification(_) => "bad signature",
        ClaimsVerificationError::Unsupported(_) => "unsupported",
        _ => "invalid claims",
    };
    invalid(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_claims_with_an_address_read_into_an_identity() {
        let claims = serde_json::json!({
            "sub": "5f0c", "name": "Erika Mustermann", "email": "erika@example.org",
            "email_verified": true, "birthdate": "1985-04-12",
            "address": {"street_address": "Karl-Liebknecht-Straße 112", "postal_code": "04275",
                        "locality": "Leipzig", "country": "DE"},
            "name#en": "ignored", "unknown": 1
        });
        let who = identity(&claims).expect("readable");
        assert_eq!(who.sub, "5f0c");
        assert_eq!(who.postal_code.as_deref(), Some("04275"));
        assert_eq!(who.email_verified, Some(true));
        assert!(identity(&serde_json::json!({"name": "no sub"})).is_err());
        let keycloak = serde_json::json!({"sub": "a", "leipzig_pass": "LP-2026-048213"});
        let sandbox = serde_json::json!({"sub": "a", "leipzig_pass": {"number": "LP-2026-048213", "valid_until": "2027-03-31"}});
        for claims in [keycloak, sandbox] {
            assert_eq!(
                identity(&claims).expect("readable").leipzig_pass.as_deref(),
                Some("LP-2026-048213")
            );
        }
    }
}
