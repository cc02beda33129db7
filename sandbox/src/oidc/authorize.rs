//! `GET …/protocol/openid-connect/auth` and the login form behind it.
//!
//! The client and redirect URI are checked first: when either is wrong the
//! browser gets an error page and is never sent anywhere (RFC 6749
//! §4.1.2.1). Every other problem goes back to the app as
//! `redirect_uri?error=…&error_description=…&state=…&iss=…` (RFC 9207).
//! A valid request shows the login form; the request waits server-side
//! under the opaque `session_code` in the form's action, bound to an
//! `AUTH_SESSION_ID` cookie as in Keycloak. The right password answers
//! `302` to `redirect_uri?state=…&session_state=…&iss=…&code=…`.

use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
};
use chrono::Duration;

use super::{
    CLIENT_ID, Params, digest, html, issuer, parse_params, random_token,
    redirect::{found, is_registered, with_params},
    state::{AuthCode, LOGIN_PAGE_SECONDS, PendingLogin, Session},
    users,
};
use crate::SandboxContext;

/// Scopes the client may ask for.
pub const SCOPES: [&str; 6] = ["openid", "profile", "email", "address", "phone", "offline_access"];
/// Name of the cookie binding the login form to the browser.
const COOKIE: &str = "AUTH_SESSION_ID";
/// Longest `state` or `nonce` accepted.
const MAX_ECHO_LEN: usize = 1_024;

/// `GET …/auth`: validate, then show the login form.
pub async fn authorize(State(ctx): State<SandboxContext>, RawQuery(query): RawQuery) -> Response {
    let params = match parse_params(query.unwrap_or_default().as_bytes()) {
        Ok(p) => p,
        Err(e) => return html::error_page(StatusCode::BAD_REQUEST, &e),
    };
    match params.get("client_id") {
        None => {
            return html::error_page(StatusCode::BAD_REQUEST, "Fehlender Parameter: client_id");
        }
        Some(CLIENT_ID) => {}
        Some(_) => {
            return html::error_page(
                StatusCode::BAD_REQUEST,
                "Unbekannter Client (Client not found).",
            );
        }
    }
    let Some(redirect_uri) = params.get("redirect_uri") else {
        return html::error_page(StatusCode::BAD_REQUEST, "Fehlender Parameter: redirect_uri");
    };
    if !is_registered(redirect_uri) {
        return html::error_page(
            StatusCode::BAD_REQUEST,
            "Ungültiger Parameter: redirect_uri (Invalid parameter: redirect_uri)",
        );
    }
    let issuer = issuer(&ctx.base_url);
    let state = params.get("state");
    if state.is_some_and(|s| s.len() > MAX_ECHO_LEN) {
        return html::error_page(StatusCode::BAD_REQUEST, "Ungültiger Parameter: state");
    }
    let fail = |error: &str, description: &str| {
        let mut back = vec![("error", error), ("error_description", description)];
        if let Some(state) = state {
            back.push(("state", state));
        }
        back.push(("iss", issuer.as_str()));
        found(&with_params(redirect_uri, &back))
    };
    let request = match check(&params) {
        Ok(r) => r,
        Err((error, description)) => return fail(error, &description),
    };

    let id = random_token(24);
    let cookie = random_token(24);
    let stored = ctx.state.update(|s| {
        let now = s.now();
        let pending = PendingLogin {
            cookie: cookie.clone(),
            redirect_uri: redirect_uri.to_owned(),
            scope: request.scope,
            state: state.map(str::to_owned),
            nonce: request.nonce,
            code_challenge: request.code_challenge,
            created: now,
        };
        s.oidc.add_pending(id.clone(), pending, now);
    });
    if let Err(e) = stored {
        return super::state_failure(&e);
    }
    let action = action_url(&issuer, &id);
    let mut response = html::login_page(&action, params.get("login_hint").unwrap_or(""), None);
    let set_cookie =
        format!("{COOKIE}={cookie}; Path=/realms/{}/; HttpOnly; SameSite=Lax", super::REALM);
    if let Ok(value) = HeaderValue::from_str(&set_cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// What a valid authorization request asks for.
struct Request {
    scope: String,
    nonce: Option<String>,
    code_challenge: String,
}

/// Everything after client and redirect URI, in Keycloak's order; the
/// error code and description to send back to the app.
fn check(params: &Params) -> Result<Request, (&'static str, String)> {
    let invalid = |d: &str| ("invalid_request", d.to_owned());
    match params.get("response_type") {
        None => return Err(invalid("Missing parameter: response_type")),
        Some("code") => {}
        Some(_) => {
            return Err(("unsupported_response_type", "Client is not allowed to initiate browser login with given response_type. Only the code flow is enabled.".to_owned()));
        }
    }
    if params.get("response_mode").is_some_and(|m| m != "query") {
        return Err(invalid("Invalid parameter: response_mode"));
    }
    if params.get("request").is_some() {
        return Err(("request_not_supported", "Request objects are not supported".to_owned()));
    }
    if params.get("request_uri").is_some() {
        return Err(("request_uri_not_supported", "request_uri is not supported".to_owned()));
    }
    let scope = normalise_scope(params.get("scope").unwrap_or(""))?;
    let Some(method) = params.get("code_challenge_method") else {
        return Err(invalid("Missing parameter: code_challenge_method"));
    };
    if method != "S256" {
        return Err(invalid("Invalid parameter: code challenge method is not configured one"));
    }
    let Some(challenge) = params.get("code_challenge") else {
        return Err(invalid("Missing parameter: code_challenge"));
    };
    // S256 challenges are 43 base64url characters; RFC 7636 allows 43-128
    // unreserved characters in general.
    let well_formed = (43..=128).contains(&challenge.len())
        && challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !well_formed {
        return Err(invalid("Invalid parameter: code_challenge"));
    }
    let nonce = params.get("nonce");
    if nonce.is_some_and(|n| n.len() > MAX_ECHO_LEN) {
        return Err(invalid("Invalid parameter: nonce"));
    }
    if params.get("prompt").is_some_and(|p| p.split(' ').any(|v| v == "none")) {
        // The sandbox keeps no browser session: there is never one to reuse.
        return Err(("login_required", "No user session".to_owned()));
    }
    Ok(Request { scope, nonce: nonce.map(str::to_owned), code_challenge: challenge.to_owned() })
}

/// Deduplicated scopes with `openid` first; unknown ones are refused.
fn normalise_scope(raw: &str) -> Result<String, (&'static str, String)> {
    let mut granted = vec!["openid"];
    let mut has_openid = false;
    for scope in raw.split(' ').filter(|s| !s.is_empty()) {
        match SCOPES.iter().find(|known| **known == scope) {
            Some(&"openid") => has_openid = true,
            Some(known) if !granted.contains(known) => granted.push(known),
            Some(_) => {}
            None => return Err(("invalid_scope", format!("Invalid scopes: {raw}"))),
        }
    }
    if !has_openid {
        return Err(("invalid_scope", "The scope must contain openid".to_owned()));
    }
    Ok(granted.join(" "))
}

/// The form's target, shaped like Keycloak's `loginAction`.
fn action_url(issuer: &str, id: &str) -> String {
    format!(
        "{issuer}/login-actions/authenticate?session_code={id}&execution=sandbox-password&client_id={CLIENT_ID}&tab_id={}",
        random_token(8)
    )
}

/// The `AUTH_SESSION_ID` cookie of the request.
fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// How a form submission ends.
enum Outcome {
    Expired,
    NoCookie,
    WrongPassword(String),
    LoggedIn(String),
}

/// `POST …/login-actions/authenticate`: the login form.
pub async fn authenticate(
    State(ctx): State<SandboxContext>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (query, form) =
        match (parse_params(query.unwrap_or_default().as_bytes()), parse_params(&body)) {
            (Ok(q), Ok(f)) => (q, f),
            (Err(e), _) | (_, Err(e)) => return html::error_page(StatusCode::BAD_REQUEST, &e),
        };
    let Some(id) = query.get("session_code").map(str::to_owned) else {
        return html::error_page(StatusCode::BAD_REQUEST, "Fehlender Parameter: session_code");
    };
    let username = form.get("username").unwrap_or("").to_owned();
    let password = form.get("password").unwrap_or("");
    let sent_cookie = cookie(&headers).map(str::to_owned);
    let issuer = issuer(&ctx.base_url);
    let outcome = ctx.state.update(|s| {
        let now = s.now();
        let Some(pending) = s.oidc.pending.get(&id) else { return Outcome::Expired };
        if pending.created + Duration::seconds(LOGIN_PAGE_SECONDS) <= now {
            s.oidc.pending.remove(&id);
            return Outcome::Expired;
        }
        if sent_cookie.as_deref() != Some(pending.cookie.as_str()) {
            return Outcome::NoCookie;
        }
        let user = users::by_username(&username).or_else(|| {
            users::all().iter().find(|u| u.email.eq_ignore_ascii_case(username.trim()))
        });
        let Some(user) = user.filter(|u| users::check_password(u, password)) else {
            return Outcome::WrongPassword(action_url(&issuer, &id));
        };
        let Some(pending) = s.oidc.pending.remove(&id) else { return Outcome::Expired };
        let code = random_token(32);
        let sid = uuid::Uuid::new_v4().to_string();
        let code_digest = digest(&code);
        let mut session = Session {
            sid: sid.clone(),
            sub: user.sub.clone(),
            username: user.username.clone(),
            offline: users::has_scope(&pending.scope, "offline_access"),
            scope: pending.scope,
            auth_time: now,
            code_digest: code_digest.clone(),
            exchanged: false,
            refresh_digest: None,
            retired: Vec::new(),
            refresh_expires: now,
            refresh_count: 0,
            ended: None,
        };
        session.refresh_expires = session.next_refresh_expiry(&s.oidc.lifetimes, now);
        s.oidc.add_session(session);
        let expires = now + Duration::seconds(s.oidc.lifetimes.code_seconds);
        let auth_code = AuthCode {
            sid: sid.clone(),
            redirect_uri: pending.redirect_uri.clone(),
            code_challenge: pending.code_challenge,
            nonce: pending.nonce,
            issued: now,
            expires,
            used: false,
        };
        s.oidc.add_code(code_digest, auth_code, now);
        let mut back = Vec::new();
        if let Some(state) = &pending.state {
            back.push(("state", state.as_str()));
        }
        back.extend([
            ("session_state", sid.as_str()),
            ("iss", issuer.as_str()),
            ("code", code.as_str()),
        ]);
        Outcome::LoggedIn(with_params(&pending.redirect_uri, &back))
    });
    match outcome {
        Err(e) => super::state_failure(&e),
        Ok(Outcome::Expired) => html::error_page(
            StatusCode::BAD_REQUEST,
            "Die Anmeldung ist abgelaufen oder unbekannt. (Your login attempt timed out.)",
        ),
        Ok(Outcome::NoCookie) => html::error_page(
            StatusCode::BAD_REQUEST,
            "Cookie nicht gefunden. Bitte stellen Sie sicher, dass Cookies in Ihrem Browser aktiviert sind.",
        ),
        Ok(Outcome::WrongPassword(action)) => {
            html::login_page(&action, &username, Some("Ungültiger Benutzername oder Passwort."))
        }
        Ok(Outcome::LoggedIn(location)) => found(&location),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_normalised() {
        assert_eq!(
            normalise_scope("profile openid profile").ok().as_deref(),
            Some("openid profile")
        );
        assert!(normalise_scope("profile email").is_err(), "openid is required");
        assert!(normalise_scope("openid admin").is_err(), "unknown scopes are refused");
    }
}
