//! Login against the sandbox's OpenID Connect provider: the full code flow,
//! every forged or foreign answer refused with a typed error, one refresh
//! for many callers, a phone clock two hours fast, a login lost at the
//! provider, and logout wiping everything personal.

use std::sync::Arc;

use chrono::{Duration, Utc};
use chrono_tz::Europe::Berlin;
use leipzig_core::{
    Error,
    account::Profile,
    appointments::{BookingRequest, Contact, SlotQuery},
    clock::SkewedClock,
    error::AuthError,
    platform::SecretStore,
};
use leipzig_e2e::{
    TestCity, client,
    login::{self, REDIRECT},
};
use leipzig_sandbox::FaultAction;
use serde_json::{Value, json};

const TOKEN_PATH: &str = "/realms/leipzig/protocol/openid-connect/token";

fn issuer(city: &TestCity) -> String {
    format!("{}realms/leipzig", city.sandbox.base_url())
}

fn secret(city: &TestCity, key: &str) -> Option<String> {
    String::from_utf8(city.secrets.get(key).expect("secret store")?).ok()
}

fn pending(city: &TestCity) -> Value {
    serde_json::from_str(&secret(city, "oidc.pending").expect("a login is pending")).expect("json")
}

async fn sessions(city: &TestCity) -> Value {
    let url = format!("{}_sandbox/oidc/sessions", city.sandbox.base_url());
    client().get(url).send().await.expect("sessions").json().await.expect("json")
}

fn auth_error(error: &Error) -> &AuthError {
    match error {
        Error::Auth(e) => e,
        other => panic!("expected a login error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_full_code_flow_against_the_sandbox_provider() {
    let city = TestCity::start().await;
    login::full_code_flow(
        &issuer(&city),
        &city.app,
        || city.reopen(),
        || secret(&city, "oidc.refresh_token"),
        "demo-adult",
        "Erika Mustermann",
    )
    .await;
}

#[tokio::test]
async fn foreign_state_other_issuer_and_a_used_code_are_refused() {
    let city = TestCity::start().await;
    let answer = login::answer_for(&city.app, "demo-teen").await;
    let with = |name: &str, value: Option<&str>| {
        let mut url = url::Url::parse(&answer).expect("answer");
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != name)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        if let Some(value) = value {
            url.query_pairs_mut().append_pair(name, value);
        }
        url.to_string()
    };
    let refused = [
        (with("state", Some("forged")), AuthError::StateMismatch),
        (with("iss", Some("https://evil.example/realms/leipzig")), AuthError::IssuerMismatch),
        (with("iss", None), AuthError::IssuerMismatch),
    ];
    for (url, expected) in refused {
        let error = city.app.account().complete_login(&url).await.expect_err("refused");
        assert_eq!(auth_error(&error), &expected);
        assert_eq!(secret(&city, "oidc.refresh_token"), None, "nothing kept");
    }
    let who = city.app.account().complete_login(&answer).await.expect("the real answer completes");
    assert_eq!(who.birthdate.as_deref(), Some("2010-06-01"));
    let again = city.app.account().complete_login(&answer).await.expect_err("no login pending");
    assert_eq!(auth_error(&again), &AuthError::NoLoginInProgress);

    // The used code under a fresh login's state: the provider refuses it.
    let request = city.app.account().begin_login(REDIRECT).await.expect("second login");
    let state = pending(&city)["state"].as_str().expect("state").to_owned();
    assert!(request.url.contains(&state));
    let replay = with("state", Some(&state));
    let error = city.app.account().complete_login(&replay).await.expect_err("replayed code");
    assert_eq!(auth_error(&error), &AuthError::Refused("invalid_grant".to_owned()));
}

/// A token answer the test controls, for the app's next code exchange.
fn serve_token_answer(city: &TestCity, body: &Value) {
    city.inject(
        TOKEN_PATH,
        1,
        FaultAction::Body {
            content_type: Some("application/json".to_owned()),
            body: body.to_string(),
            body_hex: None,
        },
    );
}

async fn signed(city: &TestCity, claims: Value) -> String {
    let answer = city.control("oidc/sign", claims).await;
    answer["jwt"].as_str().expect("jwt").to_owned()
}

#[tokio::test]
async fn forged_id_tokens_are_refused_and_keep_nothing() {
    let city = TestCity::start().await;
    // A genuine token answer, obtained by the test itself for one login.
    let answer = login::answer_for(&city.app, "demo-adult").await;
    let code = url::Url::parse(&answer)
        .expect("answer")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("code");
    let verifier = pending(&city)["pkce_verifier"].as_str().expect("verifier").to_owned();
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("code_verifier", verifier.as_str()),
        ("redirect_uri", REDIRECT),
        ("client_id", "leipzig-app"),
    ];
    let genuine: Value =
        login::token_request(&issuer(&city), &pairs).await.json().await.expect("json");
    let id_token = genuine["id_token"].as_str().expect("id token").to_owned();

    let now = Utc::now().timestamp();
    let claims = |aud: &str, nonce: &str, iat: i64, exp: i64| {
        json!({"iss": issuer(&city), "sub": "8a0c6a4e-3f1d-4c59-9a1e-2d6f0b7c1a01", "aud": aud,
               "nonce": nonce, "iat": iat, "exp": exp, "name": "Erika Mustermann"})
    };
    // One character in the middle of the signature (the last one may only
    // carry base64 padding bits).
    let signature_start = id_token.rfind('.').expect("three parts") + 1;
    let mut tampered: Vec<char> = id_token.chars().collect();
    let i = signature_start + 10;
    tampered[i] = if tampered[i] == 'A' { 'B' } else { 'A' };
    let tampered: String = tampered.into_iter().collect();

    for case in ["bad signature", "wrong nonce", "wrong audience", "expired"] {
        let next = login::answer_for(&city.app, "demo-adult").await;
        let nonce = pending(&city)["nonce"].as_str().expect("nonce").to_owned();
        let forged = match case {
            "bad signature" => tampered.clone(),
            // The genuine token of the other login: its nonce is not this one's.
            "wrong nonce" => id_token.clone(),
            "wrong audience" => signed(&city, claims("another-app", &nonce, now, now + 300)).await,
            _ => signed(&city, claims("leipzig-app", &nonce, now - 900, now - 600)).await,
        };
        let mut body = genuine.clone();
        body["id_token"] = Value::String(forged);
        serve_token_answer(&city, &body);
        let error = city.app.account().complete_login(&next).await.expect_err(case);
        assert_eq!(auth_error(&error), &AuthError::InvalidIdToken(case.to_owned()), "{case}");
        assert_eq!(secret(&city, "oidc.refresh_token"), None, "{case}: nothing kept");
        assert_eq!(city.app.account().whoami().expect("whoami"), None);
    }
}

#[tokio::test]
async fn ten_callers_needing_a_fresh_token_cause_exactly_one_refresh() {
    let city = TestCity::start().await;
    login::log_in(&city.app, "demo-adult").await;
    // A restart: no access token in memory, so every caller needs a refresh.
    let app = city.reopen();
    let calls = (0..10).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { app.account().access_token().await })
    });
    let tokens: Vec<String> = futures_tokens(calls).await;
    assert!(tokens.windows(2).all(|w| w[0] == w[1]), "everyone got the one new token");
    let sessions = sessions(&city).await;
    assert_eq!(sessions["refreshGrants"], 1, "{sessions}");
    assert_eq!(sessions["live"], 1, "the login survived: {sessions}");
}

async fn futures_tokens(
    calls: impl Iterator<Item = tokio::task::JoinHandle<leipzig_core::Result<String>>>,
) -> Vec<String> {
    let mut tokens = Vec::new();
    for call in calls {
        tokens.push(call.await.expect("task").expect("a token"));
    }
    tokens
}

#[tokio::test]
async fn a_phone_two_hours_fast_logs_in_and_expired_tokens_are_still_refused() {
    let city = TestCity::start_with_clock(Arc::new(SkewedClock(Duration::hours(2)))).await;
    let who = login::log_in(&city.app, "demo-pass").await;
    assert_eq!(who.name.as_deref(), Some("Aylin Demir"));
    city.reopen().account().access_token().await.expect("refresh with a fast clock");

    // An ID token that expired ten minutes ago by the provider's clock is refused,
    // although the phone's clock would not know better either way.
    let next = login::answer_for(&city.app, "demo-pass").await;
    let nonce = pending(&city)["nonce"].as_str().expect("nonce").to_owned();
    let now = Utc::now().timestamp();
    let expired = signed(
        &city,
        json!({"iss": issuer(&city), "sub": who.sub, "aud": "leipzig-app", "nonce": nonce,
               "iat": now - 900, "exp": now - 600}),
    )
    .await;
    let body = json!({"access_token": "x", "token_type": "Bearer", "expires_in": 300,
                      "refresh_token": "y", "id_token": expired});
    serve_token_answer(&city, &body);
    let error = city.app.account().complete_login(&next).await.expect_err("expired");
    assert_eq!(auth_error(&error), &AuthError::InvalidIdToken("expired".to_owned()));
}

#[tokio::test]
async fn a_login_ended_at_the_provider_asks_again_and_keeps_the_outbox() {
    let city = TestCity::start().await;
    login::log_in(&city.app, "demo-adult").await;
    city.app.appointments().offices(None).await.expect("catalogue");
    city.app.set_offline(true);
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    city.app
        .appointments()
        .add_watch(1_300_111, &[10_401], today, today + Duration::days(7))
        .await
        .expect("a watch saved offline");
    let unsent = city.app.outbox().list().expect("outbox").len();
    assert_eq!(unsent, 1);

    city.control("oidc/revoke", json!({"username": "demo-adult"})).await;
    let app = city.reopen();
    let error = app.account().access_token().await.expect_err("login lost");
    assert_eq!(auth_error(&error), &AuthError::LoginRequired);
    assert_eq!(app.outbox().list().expect("outbox").len(), unsent, "nothing unsent is lost");
    assert_eq!(secret(&city, "oidc.refresh_token"), None);

    let refused = app.logout(false).await.expect_err("unsent actions");
    assert!(matches!(refused, Error::PendingOutbox { count: 1 }), "{refused:?}");
    assert_eq!(app.outbox().list().expect("outbox").len(), unsent);
    app.logout(true).await.expect("forced logout");
    assert!(app.outbox().list().expect("outbox").is_empty());
}

#[tokio::test]
async fn the_profile_comes_from_the_login_is_edited_checked_and_wiped() {
    let city = TestCity::start().await;
    assert_eq!(city.app.account().profile().expect("profile"), None, "nobody logged in");
    login::log_in(&city.app, "demo-pass").await;
    let profile = city.app.account().profile().expect("profile").expect("from the claims");
    assert_eq!(profile.family_name.as_deref(), Some("Demir"));
    assert_eq!(profile.leipzig_pass.as_deref(), Some("LP-2026-048213"));
    assert_eq!(profile.postal_code.as_deref(), Some("04315"));

    let bad = [
        ("postal_code", Profile { postal_code: Some("4315".into()), ..profile.clone() }),
        ("email", Profile { email: Some("aylin.demir".into()), ..profile.clone() }),
        ("birthdate", Profile { birthdate: Some("23.09.1979".into()), ..profile.clone() }),
        ("leipzig_pass", Profile { leipzig_pass: Some("12345".into()), ..profile.clone() }),
        ("phone", Profile { phone: Some("ruf mich an".into()), ..profile.clone() }),
    ];
    for (field, p) in bad {
        let error = city.app.account().set_profile(p).expect_err(field);
        assert!(matches!(&error, Error::Validation { field: f, .. } if *f == field), "{error:?}");
        assert!(!error.to_string().contains("Demir"), "no value in the message");
    }
    assert_eq!(city.app.account().profile().expect("profile"), Some(profile.clone()), "unchanged");

    let edited = Profile {
        street_address: Some("  Markt 1 ".into()),
        postal_code: Some("04109".into()),
        phone: Some(String::new()),
        ..profile.clone()
    };
    let stored = city.app.account().set_profile(edited).expect("saved");
    assert_eq!(stored.street_address.as_deref(), Some("Markt 1"), "trimmed");
    assert_eq!(stored.phone, None, "empty is absent");
    // A later login keeps what the citizen edited.
    let restarted = city.reopen();
    login::log_in(&restarted, "demo-pass").await;
    assert_eq!(restarted.account().profile().expect("profile"), Some(stored));

    restarted.logout(false).await.expect("logout");
    assert_eq!(restarted.account().profile().expect("profile"), None);
    assert_eq!(secret(&city, leipzig_core::crypto::KEY_NAME), None, "the data key is shredded");
    login::log_in(&restarted, "demo-pass").await;
    let fresh = restarted.account().profile().expect("profile").expect("from the claims again");
    assert_eq!(fresh.street_address.as_deref(), Some("Eisenbahnstraße 54"));
}

#[tokio::test]
async fn no_token_profile_or_auth_key_reaches_the_disk_or_the_log_of_login_and_booking() {
    let city = TestCity::start().await;
    let who = login::log_in(&city.app, "demo-adult").await;
    let mut profile = city.app.account().profile().expect("profile").expect("stored");
    profile.street_address = Some("Nikolaikirchhof 3".to_owned());
    let profile = city.app.account().set_profile(profile).expect("saved");
    city.reopen().account().access_token().await.expect("refresh");
    // A booking with the profile's contact data: its auth key must not leak either.
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    let query = SlotQuery {
        service_id: 1_300_111,
        count: 1,
        office_ids: vec![10_401],
        from: today,
        to: today + Duration::days(13),
    };
    let slot = city.app.appointments().search_slots(&query).await.expect("search").slots[0].clone();
    let contact = Contact {
        family_name: profile.family_name.clone().expect("family name"),
        email: profile.email.clone(),
        telephone: profile.phone.as_ref().map(|p| p.replace(' ', "")),
    };
    let booked = city
        .app
        .appointments()
        .book(&BookingRequest {
            office_id: slot.office_id,
            service_id: slot.service_id,
            count: 1,
            timestamp: slot.timestamp,
            contact,
        })
        .await
        .expect("booked");
    let auth_key =
        secret(&city, &format!("zms.auth_key.{}", booked.process_id)).expect("auth key kept");
    let refresh = secret(&city, "oidc.refresh_token").expect("token kept in the secret store");
    let id_token = secret(&city, "oidc.id_token").expect("id token kept");
    let needles = [
        refresh.as_str(),
        id_token.as_str(),
        who.name.as_deref().expect("name"),
        who.email.as_deref().expect("email"),
        "Karl-Liebknecht",
        "Nikolaikirchhof",
        "1985-04-12",
        auth_key.as_str(),
    ];
    let files: Vec<_> = std::fs::read_dir(city.data.path()).expect("data dir").collect();
    assert!(
        files
            .iter()
            .any(|f| f.as_ref().is_ok_and(|f| f.file_name().to_string_lossy().ends_with("-wal"))),
        "the WAL is among the files read"
    );
    for entry in files {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            for needle in needles {
                assert!(!text.contains(needle), "{} holds personal data", path.display());
            }
        }
    }
    for record in city.logger.records() {
        for needle in needles.iter().chain(&["code=", "state="]) {
            assert!(!record.message.contains(needle), "log line leaks: {}", record.message);
        }
    }
    city.app.logout(false).await.expect("logout");
    assert_eq!(city.app.account().whoami().expect("whoami"), None);
    for key in ["oidc.refresh_token", "oidc.id_token", "oidc.identity", "oidc.pending"] {
        assert_eq!(secret(&city, key), None, "{key} wiped");
    }
}

#[tokio::test]
async fn deleting_all_data_on_the_phone_also_forgets_the_login() {
    let city = TestCity::start().await;
    login::log_in(&city.app, "demo-adult").await;
    city.app.account().access_token().await.expect("a token in memory");
    city.app.wipe_local_data(false).expect("wipe");
    assert_eq!(city.app.account().whoami().expect("whoami"), None);
    assert_eq!(city.app.account().profile().expect("profile"), None);
    let error = city.app.account().access_token().await.expect_err("forgotten");
    assert_eq!(auth_error(&error), &AuthError::NotLoggedIn);
    for key in ["oidc.refresh_token", "oidc.identity", leipzig_core::crypto::KEY_NAME] {
        assert_eq!(secret(&city, key), None, "{key}");
    }
}
