//! What the provider remembers: signing keys, token lifetimes, pending
//! logins, authorization codes and sessions (one per grant).
//!
//! Part of the persisted [`CityState`](crate::state::CityState), so that
//! successive `leipzig` commands over one state directory share sessions
//! and keys. Codes and refresh tokens are stored as SHA-256 digests only.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::keys::Keys;

/// Most pending logins kept; the oldest go first.
const MAX_PENDING: usize = 1_000;
/// Most ended sessions kept for the control listing.
const MAX_ENDED_SESSIONS: usize = 1_000;
/// How long a used or expired code is remembered, to detect a replay.
const CODE_MEMORY_SECONDS: i64 = 600;
/// How long a login page stays usable (Keycloak's `accessCodeLifespanLogin`).
pub const LOGIN_PAGE_SECONDS: i64 = 1_800;
/// Longest life of a session (Keycloak's `ssoSessionMaxLifespan`).
pub const SESSION_MAX_SECONDS: i64 = 36_000;
/// Longest life of an offline session (`offlineSessionMaxLifespan`).
pub const OFFLINE_SESSION_MAX_SECONDS: i64 = 5_184_000;

/// The provider's state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OidcState {
    /// Signing keys; generated when absent, kept across `/_sandbox/reset`.
    #[serde(default)]
    pub keys: Keys,
    /// Token lifetimes (`/_sandbox/oidc/lifetimes`).
    #[serde(default)]
    pub lifetimes: Lifetimes,
    /// Login pages shown and not yet completed, by the id in their form action.
    #[serde(default)]
    pub pending: HashMap<String, PendingLogin>,
    /// Authorization codes by SHA-256 digest.
    #[serde(default)]
    pub codes: HashMap<String, AuthCode>,
    /// Sessions, oldest first.
    #[serde(default)]
    pub sessions: Vec<Session>,
}

/// Token lifetimes in seconds. Defaults are the realm's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lifetimes {
    /// Access and ID tokens (`accessTokenLifespan`, 300).
    pub access_token_seconds: i64,
    /// Refresh tokens: the session's idle timeout (`ssoSessionIdleTimeout`, 1800).
    pub refresh_token_seconds: i64,
    /// Refresh tokens of an `offline_access` grant (`offlineSessionIdleTimeout`, 30 days).
    pub offline_refresh_token_seconds: i64,
    /// Authorization codes (`accessCodeLifespan`, 60).
    pub code_seconds: i64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            access_token_seconds: 300,
            refresh_token_seconds: 1_800,
            offline_refresh_token_seconds: 2_592_000,
            code_seconds: 60,
        }
    }
}

/// A validated authorization request waiting for the user to log in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    /// Value of the `AUTH_SESSION_ID` cookie the login page set.
    pub cookie: String,
    /// The validated redirect URI.
    pub redirect_uri: String,
    /// Granted scopes, space-separated, `openid` first.
    pub scope: String,
    /// The client's `state`, echoed back.
    pub state: Option<String>,
    /// The client's `nonce`, put into the ID token.
    pub nonce: Option<String>,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// When the login page was first shown.
    pub created: DateTime<Utc>,
}

/// An issued authorization code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthCode {
    /// The session it starts.
    pub sid: String,
    /// The redirect URI it was sent to; the token request must repeat it.
    pub redirect_uri: String,
    /// PKCE S256 challenge.
    pub code_challenge: String,
    /// For the ID token.
    pub nonce: Option<String>,
    /// Issued at.
    pub issued: DateTime<Utc>,
    /// Usable until.
    pub expires: DateTime<Utc>,
    /// Presented at the token endpoint once already.
    pub used: bool,
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndReason {
    /// RP-initiated logout.
    Logout,
    /// A retired refresh token was presented again.
    RefreshTokenReuse,
    /// The authorization code was presented again.
    CodeReplay,
    /// Revoked at the revocation endpoint.
    Revoked,
    /// Revoked through `/_sandbox/oidc/revoke`.
    Admin,
}

/// One login of one user on one device: the grant a code started, and
/// every refresh token rotated from it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    /// Session id: the `sid` claim and `session_state`.
    pub sid: String,
    /// The user's `sub`.
    pub sub: String,
    /// The user's name at the login form.
    pub username: String,
    /// Granted scopes.
    pub scope: String,
    /// `offline_access` was granted: longer refresh lifetimes.
    pub offline: bool,
    /// When the user entered the password (`auth_time`).
    pub auth_time: DateTime<Utc>,
    /// Digest of the code that started it.
    pub code_digest: String,
    /// Tokens were issued (the code was exchanged).
    pub exchanged: bool,
    /// Digest of the one refresh token that is valid now.
    pub refresh_digest: Option<String>,
    /// Digests of rotated-out refresh tokens: presenting one ends the session.
    pub retired: Vec<String>,
    /// When the current refresh token expires.
    pub refresh_expires: DateTime<Utc>,
    /// Successful refresh grants.
    pub refresh_count: u32,
    /// When the session ended, and why.
    pub ended: Option<(DateTime<Utc>, EndReason)>,
}

impl Session {
    /// Not ended and not expired at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.ended.is_none() && now < self.refresh_expires
    }

    /// When a refresh token issued at `now` expires: the idle timeout,
    /// capped by the session's maximum life.
    pub fn next_refresh_expiry(&self, lifetimes: &Lifetimes, now: DateTime<Utc>) -> DateTime<Utc> {
        let (idle, max) = if self.offline {
            (lifetimes.offline_refresh_token_seconds, OFFLINE_SESSION_MAX_SECONDS)
        } else {
            (lifetimes.refresh_token_seconds, SESSION_MAX_SECONDS)
        };
        (now + Duration::seconds(idle)).min(self.auth_time + Duration::seconds(max))
    }

    /// Ends the session (the first reason sticks); its current refresh
    /// token joins the retired ones, so presenting it reads "not active".
    pub fn end(&mut self, now: DateTime<Utc>, reason: EndReason) {
        if self.ended.is_none() {
            self.ended = Some((now, reason));
        }
        if let Some(current) = self.refresh_digest.take() {
            self.retired.push(current);
        }
    }
}

impl OidcState {
    /// The session `sid`.
    pub fn session_mut(&mut self, sid: &str) -> Option<&mut Session> {
        self.sessions.iter_mut().find(|s| s.sid == sid)
    }

    /// The session `sid`.
    pub fn session(&self, sid: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.sid == sid)
    }

    /// Remembers a pending login, dropping expired and surplus ones.
    pub fn add_pending(&mut self, id: String, login: PendingLogin, now: DateTime<Utc>) {
        let horizon = now - Duration::seconds(LOGIN_PAGE_SECONDS);
        self.pending.retain(|_, p| p.created > horizon);
        while self.pending.len() >= MAX_PENDING {
            let oldest = self.pending.iter().min_by_key(|(_, p)| p.created).map(|(k, _)| k.clone());
            match oldest {
                Some(key) => self.pending.remove(&key),
                None => break,
            };
        }
        self.pending.insert(id, login);
    }

    /// Remembers a code, forgetting codes too old to matter.
    pub fn add_code(&mut self, digest: String, code: AuthCode, now: DateTime<Utc>) {
        let horizon = now - Duration::seconds(CODE_MEMORY_SECONDS);
        self.codes.retain(|_, c| c.expires > horizon);
        self.codes.insert(digest, code);
    }

    /// Adds a session, dropping the oldest ended ones beyond the cap.
    pub fn add_session(&mut self, session: Session) {
        let ended = self.sessions.iter().filter(|s| s.ended.is_some()).count();
        if ended >= MAX_ENDED_SESSIONS
            && let Some(i) = self.sessions.iter().position(|s| s.ended.is_some())
        {
            self.sessions.remove(i);
        }
        self.sessions.push(session);
    }

    /// Everything back to the defaults except the signing keys.
    pub fn reset_keeping_keys(&mut self) {
        let keys = std::mem::take(&mut self.keys);
        *self = Self { keys, ..Self::default() };
    }
}
