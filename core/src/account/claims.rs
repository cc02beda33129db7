//! Claims of an ID token or a `userinfo` answer, read into an [`Identity`]
//! through their JSON form: one reading for both, and claims the crate does
//! not model (none yet) would only need a field here.

use serde::{Deserialize, Serialize};

use super::model::Identity;
use crate::error::{AuthError, Result};

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
