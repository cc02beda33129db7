//! Ordering a library card against the sandbox's app API: the city's fees
//! (adult, Leipzig-Pass half, free under 19, a fee change on its date),
//! paying the fee through the payments service, the desk visit activating
//! the card, the card and its barcode offline; one registration whatever
//! happens to the network; the city's rules checked before anything is sent.

use leipzig_core::{
    App, Error,
    library::{CardOrder, Person, RegistrationState},
    payments::PaymentState,
};
use leipzig_e2e::{
    TestCity, client, login,
    payments::{PayChoice, click},
};
use leipzig_sandbox::FaultAction;
use serde_json::{Value, json};

async fn member(user: &str) -> TestCity {
    let city = TestCity::start().await;
    login::log_in(&city.app, user).await;
    city.app.library().refresh_catalog().await.expect("catalogue");
    city
}

fn order(app: &App, card_type: &str) -> CardOrder {
    let mut o = app.library().draft().expect("draft from the profile");
    o.card_type = card_type.to_owned();
    o.branch_id = "lsb-0".to_owned();
    o
}

async fn registrations_at_city(city: &TestCity) -> Vec<Value> {
    let url = format!("{}_sandbox/library/registrations", city.sandbox.base_url());
    let body: Value = client().get(url).send().await.expect("control").json().await.expect("json");
    body.as_array().cloned().unwrap_or_default()
}

async fn pay(city: &TestCity, id: &str, choice: PayChoice) -> PaymentState {
    let started = city.app.pay_library(id).await.expect("payment");
    let link = click(&started.paypage_url.expect("page"), choice).await.expect("back");
    city.app.payments().handle_return(&link).await.expect("asked").state
}

#[tokio::test]
async fn an_adult_card_is_paid_activated_and_shown_offline() {
    let city = member("demo-adult").await;
    let types = city.app.library().card_types().expect("types");
    assert_eq!(types.iter().find(|t| t.id == "ADULT").map(|t| t.current_fee_cents), Some(2500));
    let draft = city.app.library().draft().expect("draft");
    assert_eq!(draft.applicant.family_name, "Mustermann", "prefilled from the profile");

    let r = city.app.library().order(order(&city.app, "ADULT")).await.expect("ordered");
    assert_eq!(r.state, RegistrationState::PaymentPending);
    assert_eq!(r.fee_cents, Some(2500));
    let fees = city.app.payments().refresh_fees().await.expect("fees");
    let subject = r.payment_subject.clone().expect("a fee to pay");
    assert!(fees.iter().any(|f| f.subject == subject && f.amount_cents == 2500), "listed as a fee");

    assert_eq!(pay(&city, &r.id, PayChoice::Paypal).await, PaymentState::Payed);
    let paid = city.app.library().refresh().await.expect("refresh");
    assert_eq!(paid[0].state, RegistrationState::ReadyForIdCheck);

    city.control(&format!("library/registrations/{}/activate", r.id), json!({})).await;
    let active = city.app.library().refresh().await.expect("refresh");
    assert_eq!(active[0].state, RegistrationState::Active);

    // At the library counter, without reception, after a restart.
    let phone = city.reopen();
    phone.set_offline(true);
    let (_, card) = phone.library().card().expect("card").expect("active card");
    assert!(card.card_number.starts_with("LSB"));
    let barcode = phone.library().barcode().expect("barcode");
    assert_eq!(barcode.payload, card.payload);
    assert!(barcode.svg.starts_with("<svg"));
}

#[tokio::test]
async fn a_leipzig_pass_halves_the_fee_and_a_teenager_pays_nothing() {
    let pass = member("demo-pass").await;
    let r = pass.app.library().order(order(&pass.app, "REDUCED")).await.expect("ordered");
    assert_eq!(r.fee_cents, Some(1250));

    let teen = member("demo-teen").await;
    let mut youth = order(&teen.app, "YOUTH");
    let refused = teen.app.library().order(youth.clone()).await.expect_err("no guardian");
    assert!(
        matches!(&refused, Error::Validation { field: "guardian", reason } if reason.starts_with("MINOR_WITHOUT_GUARDIAN")),
        "{refused:?}"
    );
    youth.guardian = Some(Person {
        given_name: "Petra".into(),
        family_name: "Neumann".into(),
        birthdate: None,
        email: Some("petra.neumann@example.org".into()),
    });
    let free = teen.app.library().order(youth).await.expect("ordered");
    assert_eq!(free.fee_cents, Some(0));
    assert_eq!(free.state, RegistrationState::ReadyForIdCheck);
    assert!(free.payment_subject.is_none());
    assert_eq!(teen.count("POST", "/v1/payments"), 0, "no payment for a free card");
}

#[tokio::test]
async fn a_fee_change_on_its_date_changes_the_fee_shown() {
    let city = member("demo-adult").await;
    let mut types: Value = client()
        .get(format!("{}v1/library/card-types", city.sandbox.base_url()))
        .send()
        .await
        .expect("types")
        .json()
        .await
        .expect("json");
    let next_year =
        (chrono::Utc::now() + chrono::Duration::days(40)).format("%Y-%m-%d").to_string();
    for t in types["cardTypes"].as_array_mut().expect("list") {
        if t["id"] == "ADULT" {
            t["fees"]
                .as_array_mut()
                .expect("fees")
                .push(json!({"validFrom": next_year, "feeCents": 3000}));
        }
    }
    city.control("library/card-types", types["cardTypes"].clone()).await;
    let adult = |app: &App| {
        app.library()
            .card_types()
            .expect("types")
            .into_iter()
            .find(|t| t.id == "ADULT")
            .map(|t| t.current_fee_cents)
    };
    city.app.library().refresh_catalog().await.expect("catalogue");
    assert_eq!(adult(&city.app), Some(2500));
    city.control("clock/", json!({"advanceSeconds": 41 * 24 * 3600})).await;
    city.app.library().refresh_catalog().await.expect("catalogue");
    assert_eq!(adult(&city.app), Some(3000));
}

#[tokio::test]
async fn a_lost_answer_a_restart_and_a_double_submit_make_one_registration() {
    let city = member("demo-adult").await;
    city.inject("/v1/library/registrations", 1, FaultAction::DropAfterCommit);
    let saved = city.app.library().order(order(&city.app, "ADULT")).await.expect("saved");
    assert_eq!(saved.state, RegistrationState::Saved);
    let again =
        city.app.library().order(order(&city.app, "ADULT")).await.expect_err("one order at a time");
    assert!(matches!(&again, Error::Validation { field: "registration", .. }), "{again:?}");

    let phone = city.reopen();
    phone.resume().await;
    let list = phone.library().registrations().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, RegistrationState::PaymentPending);
    assert_eq!(registrations_at_city(&city).await.len(), 1, "exactly one registration at the city");
}

#[tokio::test]
async fn a_cancelled_payment_leaves_the_fee_open_to_pay_later() {
    let city = member("demo-adult").await;
    let r = city.app.library().order(order(&city.app, "ADULT")).await.expect("ordered");
    assert_eq!(pay(&city, &r.id, PayChoice::Cancel).await, PaymentState::Canceled);
    let still = city.app.library().refresh().await.expect("refresh");
    assert_eq!(still[0].state, RegistrationState::PaymentPending);
    assert_eq!(pay(&city, &r.id, PayChoice::Card).await, PaymentState::Payed);
    let ready = city.app.library().refresh().await.expect("refresh");
    assert_eq!(ready[0].state, RegistrationState::ReadyForIdCheck);
}

#[tokio::test]
async fn the_citys_rules_are_typed_errors_before_anything_is_sent() {
    let city = member("demo-adult").await;
    let mut youth = order(&city.app, "YOUTH");
    youth.guardian = None;
    let mut reduced = order(&city.app, "REDUCED");
    reduced.leipzig_pass = Some("LP-26-1".into());
    let duo = order(&city.app, "DUO");
    let mut branch = order(&city.app, "ADULT");
    branch.branch_id = "lsb-999".into();
    let mut email = order(&city.app, "ADULT");
    email.applicant.email = "erika".into();
    for (o, field, code) in [
        (youth, "card_type", "CARD_TYPE_NOT_ALLOWED"),
        (reduced, "leipzig_pass", "INVALID_LEIPZIG_PASS"),
        (duo, "second_adult", "DUO_PARTNER_MISSING"),
        (branch, "branch", "UNKNOWN_BRANCH"),
        (email, "email", "VALIDATION_ERROR"),
    ] {
        let err = city.app.library().order(o).await.expect_err("refused");
        assert!(
            matches!(&err, Error::Validation { field: f, reason } if *f == field && reason.starts_with(code)),
            "{err:?}"
        );
    }
    // An expired pass passes the format check; the city refuses it.
    let mut expired = order(&city.app, "REDUCED");
    expired.leipzig_pass = Some("LP-2024-000001".into());
    let r = city.app.library().order(expired).await.expect("sent");
    assert_eq!(r.state, RegistrationState::Rejected);
    assert!(r.rejection_reason.as_deref().is_some_and(|t| !t.is_empty()));
    assert_eq!(
        city.count("POST", "/v1/library/registrations"),
        1,
        "only the well-formed order was sent"
    );
}
