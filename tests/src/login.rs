//! Login journeys shared by the sandbox's provider and a real Keycloak:
//! the citizen's part (the login form) is played by
//! `leipzig_sandbox::oidc::headless_login`, which drives both.

use leipzig_core::{App, account::Identity};

/// A loopback redirect (RFC 8252 §7.3): nothing listens there; the login
/// form's answer is caught before a browser would follow it.
pub const REDIRECT: &str = "http://127.0.0.1:43117/callback";

/// The password of every test user (fixtures, not secrets).
pub const PASSWORD: &str = "demo";

/// Starts a login and submits the form as `user`: the URL the browser
/// would be sent back to.
pub async fn answer_for(app: &App, user: &str) -> String {
    let request = app.account().begin_login(REDIRECT).await.expect("login starts");
    let _ = crate::client(); // installs the crypto provider
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    leipzig_sandbox::oidc::headless_login(&http, &request.url, user, PASSWORD)
        .await
        .expect("the provider accepts the test user")
}

/// A whole login as `user`.
pub async fn log_in(app: &App, user: &str) -> Identity {
    let answer = answer_for(app, user).await;
    app.account().complete_login(&answer).await.expect("login completes")
}

/// The full journey any provider must pass: log in, restart and refresh
/// (rotation), log out; the last refresh token is dead afterwards.
/// `refresh_token` reads the phone's secret store.
pub async fn full_code_flow(
    issuer: &str,
    app: &App,
    reopen: impl Fn() -> App,
    refresh_token: impl Fn() -> Option<String>,
    user: &str,
    expected_name: &str,
) {
    let who = log_in(app, user).await;
    assert_eq!(who.name.as_deref(), Some(expected_name), "{who:?}");
    assert!(!who.sub.is_empty());
    assert!(who.email.is_some(), "{who:?}");
    assert_eq!(app.account().whoami().expect("whoami"), Some(who.clone()));
    let first = refresh_token().expect("a refresh token is kept");
    app.account().access_token().await.expect("the access token from the login");

    // A restart has no access token in memory: the first call refreshes, and the
    // provider rotates the refresh token.
    let restarted = reopen();
    restarted.account().access_token().await.expect("refreshed after a restart");
    let second = refresh_token().expect("still kept");
    assert_ne!(first, second, "the refresh token rotated");
    assert_eq!(restarted.account().whoami().expect("whoami").map(|w| w.sub), Some(who.sub));

    let report = restarted.logout(false).await.expect("logout");
    assert!(report.ended_at_provider, "the provider ended the session");
    assert_eq!(restarted.account().whoami().expect("whoami"), None);
    assert_eq!(refresh_token(), None, "no token left on the phone");
    let error = restarted.account().access_token().await.expect_err("logged out");
    assert!(matches!(
        error,
        leipzig_core::Error::Auth(leipzig_core::error::AuthError::NotLoggedIn)
    ));
    assert_eq!(refresh_status(issuer, &second).await, 400, "the provider revoked the grant");
}

/// The token endpoint's status for a refresh with `token`.
pub async fn refresh_status(issuer: &str, token: &str) -> u16 {
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", token),
        ("client_id", leipzig_core::account::api::CLIENT_ID),
    ];
    token_request(issuer, &pairs).await.status().as_u16()
}

/// A form POST to the token endpoint (Keycloak's and the sandbox's path),
/// as the test itself, not the app.
pub async fn token_request(issuer: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    crate::client()
        .post(format!("{}/protocol/openid-connect/token", issuer.trim_end_matches('/')))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("token endpoint answers")
}
