//! Solving the ALTCHA captcha some offices require, so citizens never see
//! a puzzle: fetch a challenge, solve the proof of work (official `altcha`
//! crate, off the async threads), verify it for a token. Tokens are short-
//! lived and bound to the client's IP, so one is kept for a few minutes and
//! thrown away when the server calls it expired or invalid.

use std::{
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use super::api::ZmsClient;
use crate::error::{Error, Result};

/// Upstream tokens live 300 s; renew a little earlier.
const TOKEN_LIFETIME: Duration = Duration::from_secs(240);
/// Give up on a puzzle after this long (the server chose an absurd cost).
const SOLVE_TIMEOUT_MS: u64 = 20_000;

/// The current captcha token, if any.
#[derive(Debug, Default)]
pub struct CaptchaTokens {
    current: Mutex<Option<(String, Instant)>>,
}

impl CaptchaTokens {
    /// A valid token: the kept one, or a freshly solved one.
    pub async fn token(&self, zms: &ZmsClient) -> Result<String> {
        if let Some((token, at)) =
            self.current.lock().unwrap_or_else(PoisonError::into_inner).clone()
            && at.elapsed() < TOKEN_LIFETIME
        {
            return Ok(token);
        }
        let challenge = zms.captcha_challenge().await?;
        let solution = tokio::task::spawn_blocking(move || {
            let mut options = altcha::SolveChallengeOptions::new(&challenge);
            options.timeout_ms = SOLVE_TIMEOUT_MS;
            altcha::solve_challenge(options)
                .ok()
                .flatten()
                .map(|solution| altcha::Payload { challenge, solution })
        })
        .await
        .ok()
        .flatten()
        .ok_or(Error::InvalidResponse {
            what: "captcha challenge",
            reason: "no solution found".to_owned(),
        })?;
        let payload = serde_json::to_vec(&solution).map_err(|e| Error::InvalidResponse {
            what: "captcha challenge",
            reason: e.to_string(),
        })?;
        let token = zms.captcha_verify(&URL_SAFE_NO_PAD.encode(payload)).await?;
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((token.clone(), Instant::now()));
        Ok(token)
    }

    /// Forgets the token (the server called it expired or invalid).
    pub fn forget(&self) {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).take();
    }
}
