//! Payment journeys' helpers: a logged-in citizen with fees, the sandbox's
//! payment page clicked through as a person would
//! (`leipzig_sandbox::epaybl::headless_pay`), and the payment service's own
//! view of its transactions (which proves how many were created).

use leipzig_core::payments::{Fee, Payment, Subject, SubjectKind};
pub use leipzig_sandbox::epaybl::{PayChoice, PayLanding};
use serde_json::{Value, json};

use crate::{TestCity, client, login};

/// A sandbox city with `user` logged in and their fees fetched.
pub async fn citizen(user: &str) -> (TestCity, Vec<Fee>) {
    let city = TestCity::start().await;
    login::log_in(&city.app, user).await;
    let fees = city.app.payments().refresh_fees().await.expect("fees");
    (city, fees)
}

/// The first payable fee whose title contains `words`.
pub fn fee(fees: &[Fee], words: &str) -> Subject {
    fees.iter()
        .find(|f| f.title.contains(words))
        .unwrap_or_else(|| panic!("no fee titled like {words:?} in {fees:#?}"))
        .subject
        .clone()
}

/// The library card's annual fee (25,00 € for an adult).
pub fn library_fee(fees: &[Fee]) -> Subject {
    fee(fees, "Bibliotheksausweis")
}

/// The seeded notice (Bescheid) with an amount due.
pub fn notice(fees: &[Fee]) -> Subject {
    fees.iter()
        .find(|f| f.subject.kind == SubjectKind::Notice)
        .expect("a payable notice is seeded")
        .subject
        .clone()
}

/// Clicks through the payment page: the app's return link, or `None`
/// when the page did not send the browser back.
pub async fn click(page: &str, choice: PayChoice) -> Option<String> {
    let _ = client();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let url = url::Url::parse(page).expect("page URL");
    match leipzig_sandbox::epaybl::headless_pay(&http, &url, choice).await.expect("paypage") {
        PayLanding::AppLink(link) => Some(link.to_string()),
        PayLanding::NoRedirect => None,
    }
}

/// The city's id of a payment the city confirmed.
pub fn city_id(payment: &Payment) -> String {
    payment.payment_id.clone().expect("the city confirmed the payment")
}

/// Every transaction the payment service holds.
pub async fn provider_transactions(city: &TestCity) -> Vec<Value> {
    let url = format!("{}_sandbox/epaybl/transactions", city.sandbox.base_url());
    let body: Value =
        client().get(url).send().await.expect("transactions").json().await.expect("json");
    body.as_array().cloned().unwrap_or_default()
}

/// The city's reconciliation log (orphaned transactions, late successes).
pub async fn reconciliation_log(city: &TestCity) -> Vec<Value> {
    let url = format!("{}_sandbox/payments/reconciliation", city.sandbox.base_url());
    let body: Value = client().get(url).send().await.expect("log").json().await.expect("json");
    body.as_array().cloned().unwrap_or_default()
}

/// Sets the outcome of a payment at the payment service, as a person
/// paying elsewhere (another tab, a banking app) would.
pub async fn set_outcome(city: &TestCity, payment: &Payment, outcome: Value) {
    city.control(&format!("payments/{}/outcome", city_id(payment)), outcome).await;
}

/// `{status: PAYED, paymentMethod: PAYPAL}`.
pub fn paid_with_paypal() -> Value {
    json!({"status": "PAYED", "paymentMethod": "PAYPAL"})
}
