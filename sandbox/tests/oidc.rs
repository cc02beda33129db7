//! The sandbox's OpenID Connect provider over loopback HTTP: discovery,
//! the code flow with PKCE through `headless_login`, code and refresh-token
//! replay, userinfo, logout, revocation, the controls, the sandbox clock.
//!
//! One test drives a real Keycloak's login page; the test command runs it
//! with `--ignored` and `LEIPZIG_TEST_KEYCLOAK_ISSUER` after
//! `scripts/keycloak start`.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use leipzig_sandbox::{
    RunningSandbox, SandboxOptions,
    oidc::{HeadlessLoginError, headless_login},
};
use p256::ecdsa::{Signature, VerifyingKey, signature::Verifier};
use rand::RngCore;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

const CALLBACK: &str = "http://127.0.0.1:49152/callback";

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

fn issuer(sandbox: &RunningSandbox) -> String {
    format!("{}realms/leipzig", sandbox.base_url())
}

fn endpoint(sandbox: &RunningSandbox, name: &str) -> String {
    format!("{}/protocol/openid-connect/{name}", issuer(sandbox))
}

/// A PKCE verifier and its S256 challenge.
fn pkce() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let verifier = URL_SAFE_NO_PAD.encode(bytes);
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// An authorization URL; `extra` replaces or adds parameters (an empty
/// value drops one).
fn authorize_url(auth_endpoint: &str, challenge: &str, extra: &[(&str, &str)]) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", "leipzig-app"),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("scope", "openid profile email address phone"),
        ("state", "st-123"),
        ("nonce", "no-456"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ];
    for (name, value) in extra {
        params.retain(|(n, _)| n != name);
        if !value.is_empty() {
            params.push((name, value));
        }
    }
    let mut url = Url::parse(auth_endpoint).expect("url");
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

fn query(location: &str) -> std::collections::HashMap<String, String> {
    Url::parse(location).expect("location").query_pairs().into_owned().collect()
}

async fn post_form(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
) -> (StatusCode, Value) {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let response = http
        .post(url)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post");
    let status = response.status();
    if status.is_client_error() || status.is_success() {
        assert_eq!(
            response.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "token answers are never cached"
        );
    }
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn control(
    http: &reqwest::Client,
    sandbox: &RunningSandbox,
    path: &str,
    body: Option<Value>,
) -> Value {
    let url = format!("{}_sandbox/{path}", sandbox.base_url());
    let request = match body {
        Some(body) => http.post(url).json(&body),
        None => http.get(url),
    };
    request.send().await.expect("control").json().await.expect("json")
}

/// Logs `user` in; returns the code and the verifier.
async fn code_for(
    sandbox: &RunningSandbox,
    http: &reqwest::Client,
    user: &str,
    scope: &str,
) -> (String, String) {
    let (verifier, challenge) = pkce();
    let url = authorize_url(&endpoint(sandbox, "auth"), &challenge, &[("scope", scope)]);
    let location = headless_login(http, &url, user, "demo").await.expect("login");
    assert!(location.starts_with(&format!("{CALLBACK}?")), "{location}");
    let params = query(&location);
    assert_eq!(params["state"], "st-123");
    assert_eq!(params["iss"], issuer(sandbox), "RFC 9207 iss");
    (params["code"].clone(), verifier)
}

/// Logs `user` in and exchanges the code: the token response.
async fn tokens_for(
    sandbox: &RunningSandbox,
    http: &reqwest::Client,
    user: &str,
    scope: &str,
) -> Value {
    let (code, verifier) = code_for(sandbox, http, user, scope).await;
    let (status, tokens) = exchange(sandbox, http, &code, &verifier).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    tokens
}

async fn exchange(
    sandbox: &RunningSandbox,
    http: &reqwest::Client,
    code: &str,
    verifier: &str,
) -> (StatusCode, Value) {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", CALLBACK),
        ("client_id", "leipzig-app"),
        ("code_verifier", verifier),
    ];
    post_form(http, &endpoint(sandbox, "token"), &form).await
}

async fn refresh(
    sandbox: &RunningSandbox,
    http: &reqwest::Client,
    token: &str,
) -> (StatusCode, Value) {
    let form =
        [("grant_type", "refresh_token"), ("refresh_token", token), ("client_id", "leipzig-app")];
    post_form(http, &endpoint(sandbox, "token"), &form).await
}

async fn userinfo(
    sandbox: &RunningSandbox,
    http: &reqwest::Client,
    access_token: &str,
) -> reqwest::Response {
    http.get(endpoint(sandbox, "userinfo"))
        .bearer_auth(access_token)
        .send()
        .await
        .expect("userinfo")
}

fn text<'a>(v: &'a Value, name: &str) -> &'a str {
    v[name].as_str().unwrap_or_else(|| panic!("{name} missing in {v}"))
}

fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("json")
}

#[tokio::test]
async fn discovery_names_keycloak_endpoints_and_only_what_is_supported() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let issuer = issuer(&sandbox);
    let doc: Value = http
        .get(format!("{issuer}/.well-known/openid-configuration"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(doc["issuer"], issuer);
    for (key, path) in [
        ("authorization_endpoint", "auth"),
        ("token_endpoint", "token"),
        ("userinfo_endpoint", "userinfo"),
        ("jwks_uri", "certs"),
        ("end_session_endpoint", "logout"),
        ("revocation_endpoint", "revoke"),
    ] {
        assert_eq!(doc[key], format!("{issuer}/protocol/openid-connect/{path}"), "{key}");
    }
    assert_eq!(doc["response_types_supported"], json!(["code"]));
    assert_eq!(doc["grant_types_supported"], json!(["authorization_code", "refresh_token"]));
    assert_eq!(doc["subject_types_supported"], json!(["public"]));
    assert_eq!(doc["id_token_signing_alg_values_supported"], json!(["ES256"]));
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(doc["authorization_response_iss_parameter_supported"], json!(true));
    assert_eq!(doc["token_endpoint_auth_methods_supported"], json!(["none"]));
    assert!(doc["scopes_supported"].as_array().expect("scopes").contains(&json!("openid")));
    assert!(doc["claims_supported"].as_array().expect("claims").contains(&json!("leipzig_pass")));

    let jwks: Value = http
        .get(endpoint(&sandbox, "certs"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let key = &jwks["keys"][0];
    assert_eq!((key["kty"].as_str(), key["crv"].as_str()), (Some("EC"), Some("P-256")));
    assert_eq!((key["alg"].as_str(), key["use"].as_str()), (Some("ES256"), Some("sig")));
    assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
}

/// Verifies an ES256 JWT against the JWKS twice: by hand with p256, and with
/// jsonwebtoken (a generic JWT library reading the same JWK).
fn verify_against_jwks(jwt: &str, jwks: &Value, issuer: &str) -> Value {
    let mut parts = jwt.split('.');
    let (h, p, s) = (parts.next().expect("h"), parts.next().expect("p"), parts.next().expect("s"));
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).expect("b64")).expect("json");
    assert_eq!(header["alg"], "ES256");
    let jwk = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the kid is in the JWKS");
    let coordinate = |name: &str| URL_SAFE_NO_PAD.decode(text(jwk, name)).expect("coordinate");
    let mut sec1 = vec![4u8];
    sec1.extend(coordinate("x"));
    sec1.extend(coordinate("y"));
    let key = VerifyingKey::from_sec1_bytes(&sec1).expect("public key");
    let signature =
        Signature::from_slice(&URL_SAFE_NO_PAD.decode(s).expect("b64")).expect("signature");
    key.verify(format!("{h}.{p}").as_bytes(), &signature).expect("signature verifies");

    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).expect("jwk");
    let decoding = jsonwebtoken::DecodingKey::from_jwk(&jwk).expect("decoding key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_audience(&["leipzig-app"]);
    validation.set_issuer(&[issuer]);
    jsonwebtoken::decode::<Value>(jwt, &decoding, &validation)
        .expect("jsonwebtoken verifies")
        .claims
}

#[tokio::test]
async fn the_code_flow_with_pkce_issues_verifiable_tokens() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let tokens =
        tokens_for(&sandbox, &http, "demo-adult", "openid profile email address phone").await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 300);
    assert_eq!(tokens["refresh_expires_in"], 1800);
    assert_eq!(tokens["scope"], "openid profile email address phone");

    let jwks: Value = http
        .get(endpoint(&sandbox, "certs"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let id = verify_against_jwks(text(&tokens, "id_token"), &jwks, &issuer(&sandbox));
    assert_eq!(id["iss"], issuer(&sandbox));
    assert_eq!(id["aud"], "leipzig-app");
    assert_eq!(id["sub"], "8a0c6a4e-3f1d-4c59-9a1e-2d6f0b7c1a01");
    assert_eq!(id["nonce"], "no-456");
    assert_eq!(id["acr"], "1");
    assert_eq!(id["sid"], tokens["session_state"]);
    assert_eq!(id["typ"], "ID");
    let (iat, exp, auth_time) = (id["iat"].as_i64(), id["exp"].as_i64(), id["auth_time"].as_i64());
    assert_eq!(exp.zip(iat).map(|(e, i)| e - i), Some(300));
    assert!(auth_time.zip(iat).is_some_and(|(a, i)| a <= i));
    let access_token = text(&tokens, "access_token");
    let expected_at_hash = URL_SAFE_NO_PAD.encode(&Sha256::digest(access_token.as_bytes())[..16]);
    assert_eq!(id["at_hash"], expected_at_hash);
    assert_eq!(id["name"], "Erika Mustermann");
    assert_eq!(id["birthdate"], "1985-04-12");
    assert_eq!(id["email"], "erika.mustermann@example.org");
    assert!(id.get("leipzig_pass").is_none());

    let access = verify_against_jwks(access_token, &jwks, &issuer(&sandbox));
    assert_eq!(access["typ"], "Bearer");
    assert_eq!(access["sid"], id["sid"]);

    let info: Value = userinfo(&sandbox, &http, access_token).await.json().await.expect("json");
    assert_eq!(
        info,
        json!({
            "sub": "8a0c6a4e-3f1d-4c59-9a1e-2d6f0b7c1a01",
            "name": "Erika Mustermann",
            "given_name": "Erika",
            "family_name": "Mustermann",
            "preferred_username": "demo-adult",
            "birthdate": "1985-04-12",
            "email": "erika.mustermann@example.org",
            "email_verified": true,
            "address": {
                "street_address": "Karl-Liebknecht-Straße 112",
                "postal_code": "04275",
                "locality": "Leipzig",
                "country": "DE"
            },
            "phone_number": "+49 341 1234567",
            "phone_number_verified": false
        })
    );
}

#[tokio::test]
async fn a_wrong_verifier_is_invalid_grant_and_uses_the_code_up() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let (code, verifier) = code_for(&sandbox, &http, "demo-adult", "openid").await;
    let (other, _) = pkce();
    let (status, body) = exchange(&sandbox, &http, &code, &other).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    assert!(body["error_description"].as_str().is_some());
    let (status, body) = exchange(&sandbox, &http, &code, &verifier).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));

    let (code, _) = code_for(&sandbox, &http, "demo-adult", "openid").await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CALLBACK),
        ("client_id", "leipzig-app"),
    ];
    let (status, body) = post_form(&http, &endpoint(&sandbox, "token"), &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "no verifier"
    );

    let (code, verifier) = code_for(&sandbox, &http, "demo-adult", "openid").await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "http://127.0.0.1:49153/callback"),
        ("client_id", "leipzig-app"),
        ("code_verifier", verifier.as_str()),
    ];
    let (status, body) = post_form(&http, &endpoint(&sandbox, "token"), &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "redirect_uri"
    );

    let form = [("grant_type", "authorization_code"), ("code", "x"), ("client_id", "someone-else")];
    let (status, body) = post_form(&http, &endpoint(&sandbox, "token"), &form).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
}

#[tokio::test]
async fn a_replayed_code_is_refused_and_revokes_what_it_issued() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let (code, verifier) = code_for(&sandbox, &http, "demo-adult", "openid").await;
    let (status, tokens) = exchange(&sandbox, &http, &code, &verifier).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = exchange(&sandbox, &http, &code, &verifier).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));

    let (status, body) = refresh(&sandbox, &http, text(&tokens, "refresh_token")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    let response = userinfo(&sandbox, &http, text(&tokens, "access_token")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let sessions = control(&http, &sandbox, "oidc/sessions", None).await;
    assert_eq!(sessions["sessions"][0]["endedReason"], "code-replay");
}

#[tokio::test]
async fn codes_expire_after_sixty_seconds_of_sandbox_time() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let (code, verifier) = code_for(&sandbox, &http, "demo-adult", "openid").await;
    control(&http, &sandbox, "clock/", Some(json!({"advanceSeconds": 61}))).await;
    let (status, body) = exchange(&sandbox, &http, &code, &verifier).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_ends_the_whole_grant() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let tokens = tokens_for(&sandbox, &http, "demo-adult", "openid profile").await;
    let first = text(&tokens, "refresh_token").to_owned();

    let (status, second) = refresh(&sandbox, &http, &first).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let second_rt = text(&second, "refresh_token").to_owned();
    assert_ne!(second_rt, first, "a new refresh token every time");
    let id = claims_of(text(&second, "id_token"));
    assert!(id.get("nonce").is_none(), "no nonce in refreshed ID tokens");
    assert_eq!(id["sid"], tokens["session_state"], "same session");
    assert_eq!(id["auth_time"], claims_of(text(&tokens, "id_token"))["auth_time"]);

    let (status, third) = refresh(&sandbox, &http, &second_rt).await;
    assert_eq!(status, StatusCode::OK);
    let third_rt = text(&third, "refresh_token").to_owned();
    let sessions = control(&http, &sandbox, "oidc/sessions", None).await;
    assert_eq!(sessions["refreshGrants"], 2);
    assert_eq!(sessions["live"], 1);

    // The first token again: refused, and the grant is gone.
    let (status, body) = refresh(&sandbox, &http, &first).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    let (status, body) = refresh(&sandbox, &http, &third_rt).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "the newest refresh token dies with the grant"
    );
    assert_eq!(
        userinfo(&sandbox, &http, text(&third, "access_token")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let sessions = control(&http, &sandbox, "oidc/sessions", None).await;
    assert_eq!(sessions["live"], 0);
    assert_eq!(sessions["sessions"][0]["endedReason"], "refresh-token-reuse");
    assert_eq!(sessions["sessions"][0]["refreshCount"], 2);

    let (status, body) = refresh(&sandbox, &http, "not-a-token").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
}

/// Two refreshes racing with the same token (what a client without
/// single-flight does): one wins, the other is a reuse, and the winner's
/// new token is dead too — the user is silently logged out.
#[tokio::test]
async fn parallel_refreshes_with_one_token_lose_the_grant() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let tokens = tokens_for(&sandbox, &http, "demo-adult", "openid").await;
    let token = text(&tokens, "refresh_token");
    let ((s1, b1), (s2, b2)) =
        tokio::join!(refresh(&sandbox, &http, token), refresh(&sandbox, &http, token));
    let mut statuses = [s1, s2];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::BAD_REQUEST]);
    let winner = if s1 == StatusCode::OK { b1 } else { b2 };
    let (status, body) = refresh(&sandbox, &http, text(&winner, "refresh_token")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
}

#[tokio::test]
async fn refresh_tokens_expire_on_the_sandbox_clock() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let set = control(
        &http,
        &sandbox,
        "oidc/lifetimes",
        Some(json!({"accessTokenSeconds": 5, "refreshTokenSeconds": 60})),
    )
    .await;
    assert_eq!(set["accessTokenSeconds"], 5);
    let tokens = tokens_for(&sandbox, &http, "demo-teen", "openid").await;
    assert_eq!(
        (tokens["expires_in"].as_i64(), tokens["refresh_expires_in"].as_i64()),
        (Some(5), Some(60))
    );
    control(&http, &sandbox, "clock/", Some(json!({"advanceSeconds": 6}))).await;
    let response = userinfo(&sandbox, &http, text(&tokens, "access_token")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "the access token expired");
    control(&http, &sandbox, "clock/", Some(json!({"advanceSeconds": 60}))).await;
    let (status, body) = refresh(&sandbox, &http, text(&tokens, "refresh_token")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));

    control(&http, &sandbox, "reset", Some(json!({}))).await;
    let defaults = control(&http, &sandbox, "oidc/lifetimes", None).await;
    assert_eq!(
        (defaults["accessTokenSeconds"].as_i64(), defaults["refreshTokenSeconds"].as_i64()),
        (Some(300), Some(1800))
    );
}

#[tokio::test]
async fn requests_without_s256_pkce_go_back_with_an_error() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let (_, challenge) = pkce();
    let auth = endpoint(&sandbox, "auth");
    for (extra, error) in [
        (vec![("code_challenge", ""), ("code_challenge_method", "")], "invalid_request"),
        (vec![("code_challenge", "")], "invalid_request"),
        (vec![("code_challenge_method", "plain")], "invalid_request"),
        (vec![("code_challenge_method", "")], "invalid_request"),
        (vec![("code_challenge", "short")], "invalid_request"),
        (vec![("response_type", "token")], "unsupported_response_type"),
        (vec![("scope", "profile")], "invalid_scope"),
        (vec![("prompt", "none")], "login_required"),
    ] {
        let response =
            http.get(authorize_url(&auth, &challenge, &extra)).send().await.expect("get");
        assert_eq!(response.status(), StatusCode::FOUND, "{extra:?}");
        let location = response.headers()[header::LOCATION].to_str().expect("location").to_owned();
        assert!(location.starts_with(&format!("{CALLBACK}?")), "{location}");
        let params = query(&location);
        assert_eq!(params["error"], error, "{extra:?}");
        assert_eq!(params["state"], "st-123");
        assert_eq!(params["iss"], issuer(&sandbox));
        assert!(!params.contains_key("code"));
    }
    // headless_login hands such a redirect back as it is.
    let url = authorize_url(&auth, &challenge, &[("code_challenge_method", "plain")]);
    let location = headless_login(&http, &url, "demo-adult", "demo").await.expect("redirect");
    assert_eq!(query(&location)["error"], "invalid_request");
}

#[tokio::test]
async fn unregistered_redirect_uris_and_clients_get_an_error_page() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let (_, challenge) = pkce();
    let auth = endpoint(&sandbox, "auth");
    for extra in [
        vec![("redirect_uri", "https://evil.example/callback")],
        vec![("redirect_uri", "http://localhost:49152/callback")],
        vec![("redirect_uri", "http://127.0.0.1:49152/callback#x")],
        vec![("redirect_uri", "de.leipzig.nahbeimir:/elsewhere")],
        vec![("redirect_uri", "")],
        vec![("client_id", "other-app")],
        vec![("client_id", "")],
        // Both wrong: still no redirect, whatever else is wrong.
        vec![("redirect_uri", "https://evil.example/cb"), ("code_challenge", "")],
    ] {
        let response =
            http.get(authorize_url(&auth, &challenge, &extra)).send().await.expect("get");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{extra:?}");
        assert!(response.headers().get(header::LOCATION).is_none(), "{extra:?}");
        let content_type =
            response.headers()[header::CONTENT_TYPE].to_str().expect("ct").to_owned();
        assert!(content_type.starts_with("text/html"));
        let page = response.text().await.expect("page");
        assert!(page.contains("<html lang=\"de\">"));
    }
    let url = authorize_url(&auth, &challenge, &[("redirect_uri", "https://evil.example/cb")]);
    let error = headless_login(&http, &url, "demo-adult", "demo").await.expect_err("no form");
    assert!(matches!(error, HeadlessLoginError::NoLoginForm { status: 400, .. }), "{error}");

    // The app's own scheme and any loopback port are fine.
    for redirect in ["de.leipzig.nahbeimir:/oauth2redirect", "http://127.0.0.1:1/other/path"] {
        let url = authorize_url(&auth, &challenge, &[("redirect_uri", redirect)]);
        let location = headless_login(&http, &url, "demo-adult", "demo").await.expect("login");
        assert!(location.starts_with(&format!("{redirect}?")), "{location}");
        assert!(query(&location).contains_key("code"));
    }
}

#[tokio::test]
async fn the_login_page_is_a_usable_german_form_bound_to_its_cookie() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let (_, challenge) = pkce();
    let url = authorize_url(&endpoint(&sandbox, "auth"), &challenge, &[]);
    let response = http.get(&url).send().await.expect("get");
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[header::SET_COOKIE].to_str().expect("cookie").to_owned();
    assert!(cookie.starts_with("AUTH_SESSION_ID=") && cookie.contains("HttpOnly"));
    let page = response.text().await.expect("page");
    for needle in [
        "<html lang=\"de\">",
        "<form id=\"kc-form-login\" method=\"post\" action=\"",
        "&amp;client_id=leipzig-app",
        "<label for=\"username\">",
        "name=\"username\"",
        "<label for=\"password\">",
        "type=\"password\" id=\"password\" name=\"password\"",
        "Anmelden",
    ] {
        assert!(page.contains(needle), "{needle} missing in the login page");
    }
    // Posting without the cookie is refused (a cookie-less browser).
    let start = page.find("action=\"").expect("action") + "action=\"".len();
    let action = page[start..].split('"').next().expect("action").replace("&amp;", "&");
    let response = http
        .post(&action)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("username=demo-adult&password=demo")
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let error =
        headless_login(&http, &url, "demo-adult", "falsch").await.expect_err("wrong password");
    match error {
        HeadlessLoginError::BadCredentials { message } => {
            assert_eq!(message.as_deref(), Some("Ungültiger Benutzername oder Passwort."));
        }
        other => panic!("{other}"),
    }
    // Email works as the username too, as in Keycloak.
    let location =
        headless_login(&http, &url, "aylin.demir@example.org", "demo").await.expect("login");
    assert!(query(&location).contains_key("code"));
}

#[tokio::test]
async fn userinfo_releases_the_pass_and_refuses_bad_tokens() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let tokens = tokens_for(&sandbox, &http, "demo-pass", "openid profile address").await;
    let response = http
        .post(endpoint(&sandbox, "userinfo"))
        .bearer_auth(text(&tokens, "access_token"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    let info: Value = response.json().await.expect("json");
    assert_eq!(info["sub"], "8a0c6a4e-3f1d-4c59-9a1e-2d6f0b7c1a03");
    assert_eq!(info["name"], "Aylin Demir");
    assert_eq!(info["birthdate"], "1979-09-23");
    assert_eq!(info["address"]["street_address"], "Eisenbahnstraße 54");
    assert_eq!(
        info["leipzig_pass"],
        json!({"number": "LP-2026-048213", "valid_until": "2027-03-31"})
    );
    assert!(info.get("email").is_none(), "email was not asked for");
    assert_eq!(claims_of(text(&tokens, "id_token"))["leipzig_pass"]["number"], "LP-2026-048213");

    for token in ["garbage", "a.b.c", text(&tokens, "id_token")] {
        let response = userinfo(&sandbox, &http, token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{token}");
        let challenge =
            response.headers()[header::WWW_AUTHENTICATE].to_str().expect("challenge").to_owned();
        assert!(
            challenge.starts_with("Bearer ") && challenge.contains("error=\"invalid_token\""),
            "{challenge}"
        );
    }
    let response = http.get(endpoint(&sandbox, "userinfo")).send().await.expect("get");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));

    control(&http, &sandbox, "clock/", Some(json!({"advanceSeconds": 301}))).await;
    let response = userinfo(&sandbox, &http, text(&tokens, "access_token")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "expired on the sandbox clock");
}

#[tokio::test]
async fn logout_ends_the_session_and_returns_to_the_app() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let tokens = tokens_for(&sandbox, &http, "demo-adult", "openid").await;
    let mut url = Url::parse(&endpoint(&sandbox, "logout")).expect("url");
    url.query_pairs_mut()
        .append_pair("id_token_hint", text(&tokens, "id_token"))
        .append_pair("post_logout_redirect_uri", "de.leipzig.nahbeimir:/oauth2redirect")
        .append_pair("state", "bye");
    let response = http.get(url).send().await.expect("logout");
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[header::LOCATION],
        "de.leipzig.nahbeimir:/oauth2redirect?state=bye"
    );

    let (status, body) = refresh(&sandbox, &http, text(&tokens, "refresh_token")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    assert_eq!(
        userinfo(&sandbox, &http, text(&tokens, "access_token")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let sessions = control(&http, &sandbox, "oidc/sessions", None).await;
    assert_eq!(sessions["sessions"][0]["endedReason"], "logout");

    // Without a redirect: a page. To an unregistered URI: never.
    let page = http.get(endpoint(&sandbox, "logout")).send().await.expect("logout");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.expect("page").contains("abgemeldet"));
    let mut url = Url::parse(&endpoint(&sandbox, "logout")).expect("url");
    url.query_pairs_mut()
        .append_pair("client_id", "leipzig-app")
        .append_pair("post_logout_redirect_uri", "https://evil.example/");
    let response = http.get(url).send().await.expect("logout");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get(header::LOCATION).is_none());
}

#[tokio::test]
async fn revocation_admin_revoke_and_key_rotation() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    let tokens = tokens_for(&sandbox, &http, "demo-adult", "openid offline_access").await;
    assert_eq!(tokens["refresh_expires_in"], 2_592_000, "offline_access: 30 days");
    let form = [("token", text(&tokens, "refresh_token")), ("client_id", "leipzig-app")];
    let (status, _) = post_form(&http, &endpoint(&sandbox, "revoke"), &form).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = refresh(&sandbox, &http, text(&tokens, "refresh_token")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let a = tokens_for(&sandbox, &http, "demo-adult", "openid").await;
    let b = tokens_for(&sandbox, &http, "demo-adult", "openid").await;
    let teen = tokens_for(&sandbox, &http, "demo-teen", "openid").await;
    let revoked =
        control(&http, &sandbox, "oidc/revoke", Some(json!({"username": "demo-adult"}))).await;
    assert_eq!(revoked["revoked"], 2);
    for t in [&a, &b] {
        let (status, body) = refresh(&sandbox, &http, text(t, "refresh_token")).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_grant"))
        );
    }
    let (status, _) = refresh(&sandbox, &http, text(&teen, "refresh_token")).await;
    assert_eq!(status, StatusCode::OK, "other users keep their sessions");

    let before: Value = http
        .get(endpoint(&sandbox, "certs"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let rotated = control(&http, &sandbox, "oidc/rotate-key", Some(json!({}))).await;
    assert_ne!(rotated["kid"], before["keys"][0]["kid"]);
    let after: Value = http
        .get(endpoint(&sandbox, "certs"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(after["keys"].as_array().map(Vec::len), Some(2));
    let fresh = tokens_for(&sandbox, &http, "demo-teen", "openid").await;
    verify_against_jwks(text(&fresh, "id_token"), &after, &issuer(&sandbox));
    verify_against_jwks(text(&teen, "id_token"), &after, &issuer(&sandbox));
}

#[tokio::test]
async fn the_date_header_follows_the_sandbox_clock() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let http = client();
    control(&http, &sandbox, "clock/", Some(json!({"advanceSeconds": 7200}))).await;
    let response = http
        .get(format!("{}/.well-known/openid-configuration", issuer(&sandbox)))
        .send()
        .await
        .expect("get");
    let date = response.headers()[header::DATE].to_str().expect("date");
    let date = httpdate::parse_http_date(date).expect("http date");
    let ahead = date.duration_since(std::time::SystemTime::now()).expect("ahead").as_secs();
    assert!((7190..=7210).contains(&ahead), "{ahead}");
    let tokens = tokens_for(&sandbox, &http, "demo-adult", "openid").await;
    let id = claims_of(text(&tokens, "id_token"));
    let real_now = chrono::Utc::now().timestamp();
    assert!(
        (id["iat"].as_i64().expect("iat") - real_now - 7200).abs() < 10,
        "issued on the sandbox clock"
    );
}

#[tokio::test]
async fn sessions_and_keys_survive_a_restart_on_the_same_state_directory() {
    let dir = tempfile::tempdir().expect("dir");
    let state_dir = Some(dir.path().to_path_buf());
    let http = client();
    let first = leipzig_sandbox::start(SandboxOptions {
        state_dir: state_dir.clone(),
        ..SandboxOptions::default()
    })
    .await
    .expect("start");
    let port = first.addr().port();
    let tokens = tokens_for(&first, &http, "demo-adult", "openid").await;
    let jwks_before: Value =
        http.get(endpoint(&first, "certs")).send().await.expect("get").json().await.expect("json");
    first.shutdown().await;

    // Like the CLI's embedded sandbox: the same port when it is free.
    let sandbox = leipzig_sandbox::start(SandboxOptions { port, port_fallback: true, state_dir })
        .await
        .expect("restart");
    let jwks_after: Value = http
        .get(endpoint(&sandbox, "certs"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(
        jwks_after["keys"][0]["kid"], jwks_before["keys"][0]["kid"],
        "the signing key is kept"
    );
    if sandbox.addr().port() == port {
        let response = userinfo(&sandbox, &http, text(&tokens, "access_token")).await;
        assert_eq!(response.status(), StatusCode::OK, "same issuer: the access token still works");
    }
    let (status, body) = refresh(&sandbox, &http, text(&tokens, "refresh_token")).await;
    assert_eq!(status, StatusCode::OK, "the grant survives the restart: {body}");
}

#[tokio::test]
async fn headless_login_refuses_a_client_that_follows_redirects() {
    let sandbox = leipzig_sandbox::start(SandboxOptions::default()).await.expect("start");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let following = reqwest::Client::builder().build().expect("client");
    let (_, challenge) = pkce();
    let url = authorize_url(&endpoint(&sandbox, "auth"), &challenge, &[]);
    let error = headless_login(&following, &url, "demo-adult", "demo").await.expect_err("refused");
    assert!(matches!(error, HeadlessLoginError::RedirectFollowed), "{error}");
}

/// The same helper against a real Keycloak 26 (`scripts/keycloak start`).
#[tokio::test]
#[ignore = "needs Keycloak (scripts/keycloak start)"]
async fn headless_login_drives_a_real_keycloak() {
    let issuer = std::env::var("LEIPZIG_TEST_KEYCLOAK_ISSUER")
        .expect("LEIPZIG_TEST_KEYCLOAK_ISSUER: start Keycloak with scripts/keycloak start");
    let http = client();
    let (verifier, challenge) = pkce();
    let auth = format!("{issuer}/protocol/openid-connect/auth");
    let url = authorize_url(&auth, &challenge, &[("scope", "openid profile")]);
    let error =
        headless_login(&http, &url, "demo-adult", "wrong").await.expect_err("wrong password");
    assert!(matches!(error, HeadlessLoginError::BadCredentials { message: Some(_) }), "{error}");
    eprintln!("Keycloak says: {error}");
    let location = headless_login(&http, &url, "demo-adult", "demo").await.expect("login");
    let params = query(&location);
    assert_eq!(params["state"], "st-123");
    assert_eq!(params["iss"], issuer);
    let form = [
        ("grant_type", "authorization_code"),
        ("code", params["code"].as_str()),
        ("redirect_uri", CALLBACK),
        ("client_id", "leipzig-app"),
        ("code_verifier", verifier.as_str()),
    ];
    let (status, tokens) =
        post_form(&http, &format!("{issuer}/protocol/openid-connect/token"), &form).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(claims_of(text(&tokens, "id_token"))["nonce"], "no-456");
}
