//! ALTCHA captcha as ZMS runs it: `captcha-details`, `captcha-challenge`
//! (proof of work v2, via the official `altcha` crate), `captcha-verify`
//! returning an HS256 token `{ip, iat, exp}` that offices with
//! `captchaActivatedRequired` demand on the calendar and on reserve.

use std::net::IpAddr;

use altcha::{Challenge, CreateChallengeOptions, Payload, VerifySolutionOptions};
use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD},
};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{catalogue::Catalogue, errors::error};
use crate::{SandboxContext, server::Peer};

/// Signs challenges and tokens; a sandbox has no secrets worth keeping.
const SECRET: &str = "leipzig-sandbox-captcha-secret";
/// Token lifetime (upstream `CAPTCHA_TOKEN_TTL`).
pub const TOKEN_TTL_SECONDS: i64 = 300;
/// Proof-of-work cost: low, so tests and demos solve it in milliseconds.
const COST: u32 = 50;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    ip: String,
    iat: i64,
    exp: i64,
}

/// `GET /captcha-details/`.
pub async fn details(State(ctx): State<SandboxContext>) -> Json<Value> {
    let enabled = Catalogue::get().offices.iter().any(|o| o.scope.captcha_activated_required);
    Json(json!({
        "siteKey": "leipzig-sandbox",
        "captchaChallenge": format!("{}api/citizen/captcha-challenge/", ctx.base_url),
        "captchaVerify": format!("{}api/citizen/captcha-verify/", ctx.base_url),
        "captchaEnabled": enabled,
    }))
}

/// `GET /captcha-challenge/`.
pub async fn challenge() -> Response {
    let options = CreateChallengeOptions {
        algorithm: "SHA-256".to_owned(),
        cost: COST,
        key_length: 32,
        key_prefix: "00".to_owned(),
        expires_at: Some(Utc::now().timestamp() + TOKEN_TTL_SECONDS),
        hmac_signature_secret: Some(SECRET.to_owned()),
        ..CreateChallengeOptions::default()
    };
    match altcha::create_challenge(options) {
        Ok(challenge) => Json(challenge_json(&challenge)).into_response(),
        Err(_) => error("internalError"),
    }
}

/// The challenge with explicit nulls, as upstream's PHP proxy sends it.
fn challenge_json(challenge: &Challenge) -> Value {
    let mut value = serde_json::to_value(challenge).unwrap_or(Value::Null);
    if let Some(parameters) = value.get_mut("parameters").and_then(Value::as_object_mut) {
        for key in ["keySignature", "memoryCost", "parallelism", "data"] {
            parameters.entry(key).or_insert(Value::Null);
        }
    }
    value
}

/// `POST /captcha-verify/` with `{payload: base64url(JSON{challenge, solution})}`.
pub async fn verify(
    State(ctx): State<SandboxContext>,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Response {
    let failed = || {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({"meta": {"success": false, "error": "Captcha verification failed"}, "data": {"valid": false}})),
        )
            .into_response()
    };
    let Some(payload) = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("payload").and_then(Value::as_str).map(str::to_owned))
        .and_then(|p| decode_base64(&p))
        .and_then(|bytes| serde_json::from_slice::<Payload>(&bytes).ok())
    else {
        return failed();
    };
    let options = VerifySolutionOptions::new(&payload.challenge, &payload.solution, SECRET);
    match altcha::verify_solution(options) {
        Ok(result) if result.verified => {}
        _ => return failed(),
    }
    let now = ctx.state.read(|s| s.now());
    let ip = peer.map(|p| p.0.0.ip().to_string()).unwrap_or_default();
    let token = issue_token(&ip, now);
    Json(json!({"meta": {"success": true}, "data": {"valid": true}, "token": token}))
        .into_response()
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    URL_SAFE_NO_PAD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .or_else(|_| STANDARD.decode(text))
        .ok()
}

/// A fresh token for `ip`, valid for [`TOKEN_TTL_SECONDS`] on the sandbox clock.
pub fn issue_token(ip: &str, now: DateTime<Utc>) -> String {
    let claims = Claims {
        ip: ip.to_owned(),
        iat: now.timestamp(),
        exp: now.timestamp() + TOKEN_TTL_SECONDS,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(SECRET.as_bytes()),
    )
    .unwrap_or_default()
}

/// Checks a token for the caller at `ip`: `captchaMissing`,
/// `captchaInvalid` (bad signature, other IP) or `captchaExpired`.
pub fn check_token(
    token: Option<&str>,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    let token = token.map(str::trim).filter(|t| !t.is_empty()).ok_or("captchaMissing")?;
    let mut validation = Validation::new(Algorithm::HS256);
    // Expiry is checked below against the sandbox clock, not the wall clock.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &validation,
    )
    .map_err(|_| "captchaInvalid")?
    .claims;
    if ip.map(|ip| ip.to_string()) != Some(claims.ip) {
        return Err("captchaInvalid");
    }
    if now.timestamp() >= claims.exp {
        return Err("captchaExpired");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use altcha::SolveChallengeOptions;

    use super::*;

    #[test]
    fn tokens_bind_to_ip_and_expire() {
        let now = Utc::now();
        let ip: IpAddr = "127.0.0.1".parse().expect("ip");
        let token = issue_token("127.0.0.1", now);
        assert_eq!(check_token(Some(&token), Some(ip), now), Ok(()));
        assert_eq!(check_token(None, Some(ip), now), Err("captchaMissing"));
        assert_eq!(check_token(Some("x.y.z"), Some(ip), now), Err("captchaInvalid"));
        let other: IpAddr = "127.0.0.2".parse().expect("ip");
        assert_eq!(check_token(Some(&token), Some(other), now), Err("captchaInvalid"));
        let later = now + chrono::Duration::seconds(TOKEN_TTL_SECONDS);
        assert_eq!(check_token(Some(&token), Some(ip), later), Err("captchaExpired"));
    }

    #[test]
    fn challenges_are_solvable_and_verifiable() {
        let options = CreateChallengeOptions {
            algorithm: "SHA-256".to_owned(),
            cost: COST,
            key_length: 32,
            key_prefix: "00".to_owned(),
            hmac_signature_secret: Some(SECRET.to_owned()),
            ..CreateChallengeOptions::default()
        };
        let challenge = altcha::create_challenge(options).expect("challenge");
        let solution = altcha::solve_challenge(SolveChallengeOptions::new(&challenge))
            .expect("solve")
            .expect("found");
        let result =
            altcha::verify_solution(VerifySolutionOptions::new(&challenge, &solution, SECRET))
                .expect("verify");
        assert!(result.verified);
        let json = challenge_json(&challenge);
        assert!(json["parameters"]["keySignature"].is_null(), "explicit nulls as upstream");
    }
}
