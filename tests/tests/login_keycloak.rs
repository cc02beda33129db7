//! The login journeys against a real Keycloak 26 with the city's realm
//! (`fixtures/keycloak/`). The test command starts it (`scripts/keycloak
//! start`) and runs these with `--ignored`, passing the issuer in
//! `LEIPZIG_TEST_KEYCLOAK_ISSUER`; plain `cargo test` skips them.

use std::sync::Arc;

use leipzig_core::{
    clock::{SkewedClock, SystemClock},
    error::AuthError,
    platform::SecretStore,
};
use leipzig_e2e::{
    TestCity,
    login::{self, REDIRECT},
};

fn issuer() -> url::Url {
    let text = std::env::var("LEIPZIG_TEST_KEYCLOAK_ISSUER")
        .expect("LEIPZIG_TEST_KEYCLOAK_ISSUER: start Keycloak with scripts/keycloak start");
    url::Url::parse(&text).expect("issuer is a URL")
}

async fn city(clock: Arc<dyn leipzig_core::clock::Clock>) -> TestCity {
    TestCity::start_with(clock, Some(issuer())).await
}

fn refresh_token(city: &TestCity) -> Option<String> {
    let bytes = city.secrets.get("oidc.refresh_token").expect("secret store")?;
    String::from_utf8(bytes).ok()
}

#[tokio::test]
#[ignore = "needs Keycloak (scripts/keycloak start)"]
async fn the_full_code_flow_against_keycloak() {
    let city = city(Arc::new(SystemClock)).await;
    login::full_code_flow(
        issuer().as_str(),
        &city.app,
        || city.reopen(),
        || refresh_token(&city),
        "demo-adult",
        "Erika Mustermann",
    )
    .await;
}

#[tokio::test]
#[ignore = "needs Keycloak (scripts/keycloak start)"]
async fn keycloak_claims_fill_the_identity_and_a_fast_phone_still_logs_in() {
    // Keycloak in dev mode sends no Date header: the ID token's iat corrects the clock.
    let city = city(Arc::new(SkewedClock(chrono::Duration::hours(2)))).await;
    let who = login::log_in(&city.app, "demo-pass").await;
    assert_eq!(who.name.as_deref(), Some("Aylin Demir"));
    assert_eq!(who.birthdate.as_deref(), Some("1979-09-23"));
    assert_eq!(who.street_address.as_deref(), Some("Eisenbahnstraße 54"));
    assert_eq!(who.postal_code.as_deref(), Some("04315"));
    assert_eq!(who.acr.as_deref(), Some("1"), "password login at Keycloak");
    city.app.logout(false).await.expect("logout");
}

#[tokio::test]
#[ignore = "needs Keycloak (scripts/keycloak start)"]
async fn keycloak_answers_with_a_foreign_state_or_a_used_code_are_refused() {
    let city = city(Arc::new(SystemClock)).await;
    let first = login::answer_for(&city.app, "demo-teen").await;
    let forged = first.replace("state=", "state=x");
    let error = city.app.account().complete_login(&forged).await.expect_err("foreign state");
    assert!(matches!(error, leipzig_core::Error::Auth(AuthError::StateMismatch)), "{error:?}");
    city.app.account().complete_login(&first).await.expect("the real answer still completes");

    // The same code again, under a fresh login's state: Keycloak refuses it.
    let request = city.app.account().begin_login(REDIRECT).await.expect("second login");
    let state = url::Url::parse(&request.url)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("state");
    let mut replay = url::Url::parse(&first).expect("answer");
    let pairs: Vec<(String, String)> = replay
        .query_pairs()
        .map(|(k, v)| {
            let value = if k == "state" { state.clone() } else { v.into_owned() };
            (k.into_owned(), value)
        })
        .collect();
    replay.query_pairs_mut().clear().extend_pairs(pairs);
    let error = city.app.account().complete_login(replay.as_str()).await.expect_err("replay");
    assert!(
        matches!(&error, leipzig_core::Error::Auth(AuthError::Refused(code)) if code == "invalid_grant"),
        "{error:?}"
    );
}
