//! Personal data at rest: sealed with XChaCha20-Poly1305 under a random
//! 256-bit key that lives only in the platform's `SecretStore` (ADR 0012).
//! Deleting the key (logout, wipe) makes every sealed value unreadable,
//! including copies in the WAL, freed pages or backups.

use std::sync::Arc;

use chacha20poly1305::{
    Key, XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use rand::RngCore;

use crate::{
    error::{Error, Result},
    platform::SecretStore,
};

/// Where the key lives in the secret store.
pub const KEY_NAME: &str = "db.key";
const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;

/// Seals and opens values with the data key, created on first use.
#[derive(Debug, Clone)]
pub struct Sealer {
    secrets: Arc<dyn SecretStore>,
}

impl Sealer {
    /// Over the platform's secret store.
    pub fn new(secrets: Arc<dyn SecretStore>) -> Self {
        Self { secrets }
    }

    fn cipher(&self, create: bool) -> Result<Option<XChaCha20Poly1305>> {
        let key = match self.secrets.get(KEY_NAME)? {
            Some(key) if key.len() == KEY_BYTES => key,
            Some(_) => return Err(Error::SecretStore("the data key is damaged".to_owned())),
            None if !create => return Ok(None),
            None => {
                let mut key = vec![0u8; KEY_BYTES];
                rand::rng().fill_bytes(&mut key);
                self.secrets.set(KEY_NAME, &key)?;
                key
            }
        };
        Ok(Some(XChaCha20Poly1305::new(Key::from_slice(&key))))
    }

    /// `plaintext` sealed; `context` (e.g. `profile.v1`) binds it to where
    /// it is stored, so a sealed value moved elsewhere does not open.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Result<Vec<u8>> {
        let cipher = self.cipher(true)?.ok_or_else(|| Error::SecretStore("no data key".into()))?;
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: context })
            .map_err(|_| Error::SecretStore("sealing failed".to_owned()))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Opens what [`Sealer::seal`] sealed; `None` when the key is gone
    /// (logged out, wiped) — the value is then worthless, not an error.
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Option<Vec<u8>>> {
        let Some(cipher) = self.cipher(false)? else { return Ok(None) };
        if sealed.len() < NONCE_BYTES {
            return Err(Error::SecretStore("sealed value too short".to_owned()));
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: context })
            .map(Some)
            .map_err(|_| Error::SecretStore("sealed value does not open".to_owned()))
    }

    /// `value` as JSON, sealed under `context`.
    pub fn seal_json<T: serde::Serialize>(&self, value: &T, context: &str) -> Result<Vec<u8>> {
        let json = serde_json::to_vec(value)
            .map_err(|_| Error::SecretStore("a record cannot be written".to_owned()))?;
        self.seal(&json, context.as_bytes())
    }

    /// Opens what [`Sealer::seal_json`] sealed; `None` when the key is gone.
    pub fn open_json<T: serde::de::DeserializeOwned>(
        &self,
        sealed: &[u8],
        context: &str,
    ) -> Result<Option<T>> {
        let Some(json) = self.open(sealed, context.as_bytes())? else { return Ok(None) };
        serde_json::from_slice(&json)
            .map(Some)
            .map_err(|_| Error::SecretStore("a stored record is unreadable".to_owned()))
    }

    /// Deletes the key: everything sealed becomes unreadable.
    pub fn shred(&self) -> Result<()> {
        self.secrets.delete(KEY_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::MemorySecretStore;

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let sealer = Sealer::new(Arc::new(MemorySecretStore::default()));
        let sealed = sealer.seal(b"Erika Mustermann", b"profile.v1").expect("seal");
        assert!(!sealed.windows(6).any(|w| w == b"Erika "), "no plaintext in the sealed value");
        assert_eq!(
            sealer.open(&sealed, b"profile.v1").expect("open").as_deref(),
            Some(&b"Erika Mustermann"[..])
        );
        assert!(sealer.open(&sealed, b"other.v1").is_err(), "bound to its context");
        let mut tampered = sealed.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert!(sealer.open(&tampered, b"profile.v1").is_err());
        sealer.shred().expect("shred");
        assert_eq!(sealer.open(&sealed, b"profile.v1").expect("no key"), None);
    }
}
