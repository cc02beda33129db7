//! ES256 signing keys and compact JWS (RFC 7515) for ID and access tokens.
//!
//! A P-256 key is generated the first time the provider needs one (never
//! committed anywhere) and kept in the sandbox state, so a state directory
//! keeps verifying its own tokens across restarts. The `kid` is the key's
//! RFC 7638 thumbprint. Rotating keeps the previous key in the JWKS and
//! accepts tokens it signed, as Keycloak does with a passive key.

use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use p256::ecdsa::{
    Signature, SigningKey, VerifyingKey,
    signature::{Signer, Verifier},
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Longest compact JWS accepted for verification.
const MAX_JWS_LEN: usize = 16 * 1024;

/// One private key as stored in the state: the scalar, base64url.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredKey {
    /// RFC 7638 thumbprint of the public key.
    pub kid: String,
    /// The private scalar, base64url (32 bytes).
    d: String,
}

impl fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl StoredKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        loop {
            let mut scalar = [0u8; 32];
            rand::rng().fill_bytes(&mut scalar);
            // All but a 2^-32 sliver of 32-byte strings are valid scalars.
            if let Ok(key) = SigningKey::from_slice(&scalar) {
                let kid = thumbprint(key.verifying_key());
                return Self { kid, d: URL_SAFE_NO_PAD.encode(scalar) };
            }
        }
    }

    fn signing_key(&self) -> Option<SigningKey> {
        let bytes = URL_SAFE_NO_PAD.decode(&self.d).ok()?;
        SigningKey::from_slice(&bytes).ok()
    }

    /// The public half as a JWK with `kid`, `alg` and `use`.
    pub fn public_jwk(&self) -> Option<Value> {
        let key = self.signing_key()?;
        let (x, y) = coordinates(key.verifying_key())?;
        Some(json!({
            "kid": self.kid,
            "kty": "EC",
            "alg": "ES256",
            "use": "sig",
            "crv": "P-256",
            "x": x,
            "y": y,
        }))
    }
}

/// The provider's keys: the one signing now and the one before it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Keys {
    /// Signs new tokens.
    #[serde(default)]
    pub current: Option<StoredKey>,
    /// Still verifies tokens signed before the last rotation.
    #[serde(default)]
    pub previous: Option<StoredKey>,
}

impl Keys {
    /// Makes sure there is a signing key; returns it.
    pub fn ensure(&mut self) -> &StoredKey {
        self.current.get_or_insert_with(StoredKey::generate)
    }

    /// A new signing key; the current one becomes the previous.
    pub fn rotate(&mut self) -> String {
        let fresh = StoredKey::generate();
        let kid = fresh.kid.clone();
        self.previous = self.current.replace(fresh);
        kid
    }

    /// The JWK set: every key that verifies.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = [&self.current, &self.previous]
            .into_iter()
            .flatten()
            .filter_map(StoredKey::public_jwk)
            .collect();
        json!({ "keys": keys })
    }

    /// Signs `claims` as a compact JWS with ES256.
    pub fn sign(&mut self, claims: &Value) -> Option<String> {
        let stored = self.ensure();
        let key = stored.signing_key()?;
        let header = json!({"alg": "ES256", "typ": "JWT", "kid": stored.kid});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature: Signature = key.sign(input.as_bytes());
        Some(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes())))
    }

    /// The claims of `jws` if one of our keys signed it with ES256 (nothing
    /// about expiry or audience is checked here).
    pub fn verify(&self, jws: &str) -> Option<Value> {
        if jws.len() > MAX_JWS_LEN {
            return None;
        }
        let mut parts = jws.split('.');
        let (header_b64, payload_b64, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header_b64).ok()?).ok()?;
        if header.get("alg")?.as_str()? != "ES256" {
            return None;
        }
        let kid = header.get("kid")?.as_str()?;
        let stored =
            [&self.current, &self.previous].into_iter().flatten().find(|k| k.kid == kid)?;
        let key = stored.signing_key()?;
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).ok()?).ok()?;
        let input = &jws[..header_b64.len() + 1 + payload_b64.len()];
        key.verifying_key().verify(input.as_bytes(), &signature).ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload_b64).ok()?).ok()
    }
}

/// The x and y coordinates, base64url.
fn coordinates(key: &VerifyingKey) -> Option<(String, String)> {
    let point = key.to_encoded_point(false);
    Some((URL_SAFE_NO_PAD.encode(point.x()?), URL_SAFE_NO_PAD.encode(point.y()?)))
}

/// RFC 7638 JWK thumbprint: SHA-256 over the required members in
/// lexicographic order, base64url.
fn thumbprint(key: &VerifyingKey) -> String {
    let (x, y) = coordinates(key).unwrap_or_default();
    let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// OIDC `at_hash`: the left half of SHA-256 over the access token, base64url.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// RFC 7636 S256: base64url(SHA-256(verifier)).
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_verifies_and_survives_one_rotation() {
        let mut keys = Keys::default();
        let token = keys.sign(&json!({"sub": "x"})).expect("sign");
        assert_eq!(keys.verify(&token).expect("verifies")["sub"], "x");
        let mut tampered = token.clone();
        tampered.insert(token.find('.').expect("dot") + 2, 'A');
        assert!(keys.verify(&tampered).is_none());
        keys.rotate();
        assert!(keys.verify(&token).is_some(), "the previous key still verifies");
        keys.rotate();
        assert!(keys.verify(&token).is_none(), "two rotations later it does not");
        assert_eq!(keys.jwks()["keys"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
