//! Where the account keeps its state: tokens and the login in progress in
//! the platform's `SecretStore` (Keychain / Keystore); the profile in
//! SQLite, sealed with the data key (ADR 0012). The access token is not
//! here: it lives in memory only.

use std::sync::Arc;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::model::{Identity, Profile};
use crate::{
    crypto::Sealer,
    error::{Error, Result},
    platform::SecretStore,
};

/// Binds sealed profiles to their table and format.
const PROFILE_CONTEXT: &[u8] = b"profile.v1";

const PENDING: &str = "oidc.pending";
const REFRESH_TOKEN: &str = "oidc.refresh_token";
const ID_TOKEN: &str = "oidc.id_token";
const IDENTITY: &str = "oidc.identity";

/// A login started in the browser and not yet answered. Kept in the secret
/// store so the answer still fits when the OS killed the app meanwhile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    /// The `state` sent; the answer must carry it back.
    pub state: String,
    /// The `nonce` sent; the ID token must carry it back.
    pub nonce: String,
    /// The PKCE verifier whose S256 challenge was sent.
    pub pkce_verifier: String,
    /// The redirect URI sent (the code is bound to it).
    pub redirect_uri: String,
}

/// The account's secrets.
#[derive(Debug, Clone)]
pub struct AccountStore {
    secrets: Arc<dyn SecretStore>,
}

impl AccountStore {
    /// Over the platform's secret store.
    pub fn new(secrets: Arc<dyn SecretStore>) -> Self {
        Self { secrets }
    }

    fn text(&self, key: &str) -> Result<Option<String>> {
        match self.secrets.get(key)? {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| Error::SecretStore(format!("{key} is not text"))),
        }
    }

    fn json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        match self.secrets.get(key)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|_| Error::SecretStore(format!("{key} is unreadable"))),
        }
    }

    fn set_json(&self, key: &str, value: &impl Serialize) -> Result<()> {
        let bytes = serde_json::to_vec(value)
            .map_err(|_| Error::SecretStore(format!("{key} cannot be written")))?;
        self.secrets.set(key, &bytes)
    }

    /// The login in progress.
    pub fn pending(&self) -> Result<Option<PendingLogin>> {
        self.json(PENDING)
    }

    /// Remembers a login just started (replacing an unanswered one).
    pub fn set_pending(&self, pending: &PendingLogin) -> Result<()> {
        self.set_json(PENDING, pending)
    }

    /// Forgets the login in progress.
    pub fn clear_pending(&self) -> Result<()> {
        self.secrets.delete(PENDING)
    }

    /// The refresh token of the current login.
    pub fn refresh_token(&self) -> Result<Option<String>> {
        self.text(REFRESH_TOKEN)
    }

    /// Stores a (rotated) refresh token — before the new access token is used.
    pub fn set_refresh_token(&self, token: &str) -> Result<()> {
        self.secrets.set(REFRESH_TOKEN, token.as_bytes())
    }

    /// The last ID token, for `id_token_hint` at logout.
    pub fn id_token(&self) -> Result<Option<String>> {
        self.text(ID_TOKEN)
    }

    /// Stores the last ID token.
    pub fn set_id_token(&self, token: &str) -> Result<()> {
        self.secrets.set(ID_TOKEN, token.as_bytes())
    }

    /// Who is logged in (also offline).
    pub fn identity(&self) -> Result<Option<Identity>> {
        self.json(IDENTITY)
    }

    /// Stores who is logged in.
    pub fn set_identity(&self, identity: &Identity) -> Result<()> {
        self.set_json(IDENTITY, identity)
    }

    /// Forgets the tokens; `identity` too when the citizen logs out.
    pub fn clear(&self, identity: bool) -> Result<()> {
        self.secrets.delete(REFRESH_TOKEN)?;
        self.secrets.delete(ID_TOKEN)?;
        self.secrets.delete(PENDING)?;
        if identity {
            self.secrets.delete(IDENTITY)?;
        }
        Ok(())
    }
}

/// A profile with the subject it belongs to, as sealed.
#[derive(Debug, Serialize, Deserialize)]
struct SealedProfile {
    sub: String,
    profile: Profile,
}

/// The stored profile and its subject; `None` when there is none or the
/// data key is gone.
pub fn load_profile(conn: &Connection, sealer: &Sealer) -> Result<Option<(String, Profile)>> {
    let sealed: Option<Vec<u8>> =
        conn.query_row("SELECT sealed FROM profile WHERE id = 1", [], |r| r.get(0)).optional()?;
    let Some(sealed) = sealed else { return Ok(None) };
    let Some(json) = sealer.open(&sealed, PROFILE_CONTEXT)? else { return Ok(None) };
    let stored: SealedProfile = serde_json::from_slice(&json)
        .map_err(|_| Error::SecretStore("the stored profile is unreadable".to_owned()))?;
    Ok(Some((stored.sub, stored.profile)))
}

/// Replaces the profile (inside the caller's transaction).
pub fn save_profile(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    sub: &str,
    profile: &Profile,
    now: i64,
) -> Result<()> {
    let json = serde_json::to_vec(&SealedProfile { sub: sub.to_owned(), profile: profile.clone() })
        .map_err(|_| Error::SecretStore("the profile cannot be written".to_owned()))?;
    let sealed = sealer.seal(&json, PROFILE_CONTEXT)?;
    tx.execute(
        "INSERT INTO profile (id, sealed, updated_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
        params![sealed, now],
    )?;
    Ok(())
}
