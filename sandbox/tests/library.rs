//! The library card registration over loopback HTTP (issue 9), part one:
//! the public branches and card types with the fee valid on the sandbox
//! date (and a fee change by `validFrom`), the registration's checks
//! (Leipzig-Pass, minors, duo cards, fields, the service area), the login,
//! other people's registrations, and deduplication by key, by
//! `registrationId` and by citizen. Payment and desk: `library_flow.rs`.

mod library_support;
mod payment_support;

use chrono::Days;
use library_support::*;
use payment_support::{City, key};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn branches_and_card_types_are_public_with_todays_fees() {
    let city = City::start().await;
    let answer = city.get("", "library/branches").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(answer.header("etag").is_some());
    let branches = answer.body["branches"].as_array().expect("branches");
    assert_eq!(branches.len(), 16);
    let central = &branches[0];
    assert_eq!(central["id"], "lsb-0");
    assert_eq!(central["opacCode"], 0);
    assert_eq!(central["name"], "Stadtbibliothek Leipzig");
    assert_eq!(central["postcode"], "04107");
    assert_eq!(central["pickup"], true);
    for member in ["street", "city", "district", "lat", "lon", "openingHours", "wheelchair"] {
        assert!(!central[member].is_null(), "{member}");
    }

    // The sandbox date is after 1 March 2026: the new fees apply.
    let types = card_types(&city).await;
    let fee = |id: &str| {
        types.iter().find(|t| t["id"] == id).map(|t| t["currentFeeCents"].clone()).expect(id)
    };
    assert_eq!(fee("ADULT"), 2500);
    assert_eq!(fee("DUO"), 3800);
    assert_eq!(fee("YOUTH"), 0);
    assert_eq!(fee("REDUCED"), 1250);
    assert_eq!(fee("REDUCED_DUO"), 1900);
    let adult = types.iter().find(|t| t["id"] == "ADULT").expect("ADULT");
    assert_eq!(adult["name"], "Jahresausweis Erwachsene");
    assert_eq!(adult["validMonths"], 12);
    assert_eq!(adult["minAge"], 19);
    assert_eq!(adult["persons"], 1);
    assert_eq!(adult["requiresLeipzigPass"], false);
    assert_eq!(adult["fees"][0], json!({"validFrom": "2021-07-10", "feeCents": 2000}));
    let youth = types.iter().find(|t| t["id"] == "YOUTH").expect("YOUTH");
    assert_eq!(youth["maxAge"], 18);
    assert!(youth.get("minAge").is_none());
}

#[tokio::test]
async fn a_new_fee_applies_from_its_valid_from_day() {
    let city = City::start().await;
    let from = today(&city).await.checked_add_days(Days::new(10)).expect("date");
    let mut types = card_types(&city).await;
    for t in &mut types {
        if t["id"] == "ADULT" {
            let fees = t["fees"].as_array_mut().expect("fees");
            fees.push(json!({"validFrom": from.to_string(), "feeCents": 3000}));
        }
    }
    let replaced = city.control("library/card-types", Some(Value::Array(types))).await;
    assert_eq!(replaced["cardTypes"].as_array().map(Vec::len), Some(5));
    assert_eq!(current_fee(&city, "ADULT").await, 2500);

    city.advance(11 * 86_400).await;
    assert_eq!(current_fee(&city, "ADULT").await, 3000);
    assert_eq!(current_fee(&city, "DUO").await, 3800);
    let token = city.login("demo-adult").await;
    let registration = registered(&city, &token, &body("ADULT", adult())).await;
    assert_eq!(registration["feeCents"], 3000);

    // A reset restores the seeded table.
    city.control("reset", Some(json!({}))).await;
    assert_eq!(current_fee(&city, "ADULT").await, 2500);
}

#[tokio::test]
async fn the_leipzig_pass_halves_the_fee_and_must_be_valid() {
    let city = City::start().await;
    let token = city.login("demo-pass").await;
    for number in [Value::Null, json!("LP-2024-000001"), json!("LP-2026-999999"), json!("2026")] {
        let mut request = body("REDUCED", pass_holder());
        request["leipzigPass"] = number.clone();
        refused(&register(&city, &token, &request).await, "INVALID_LEIPZIG_PASS", "leipzigPass");
    }
    let mut request = body("REDUCED", pass_holder());
    request["leipzigPass"] = json!("LP-2026-048213");
    let registration = registered(&city, &token, &request).await;
    assert_eq!(registration["state"], "PAYMENT_PENDING");
    assert_eq!(registration["feeCents"], 1250);
    assert_eq!(registration["currency"], "EUR");
    assert_eq!(registration["cardType"], "REDUCED");
}

#[tokio::test]
async fn minors_take_the_free_youth_card_with_a_guardian() {
    let city = City::start().await;
    let token = city.login("demo-teen").await;
    refused(
        &register(&city, &token, &body("YOUTH", teen())).await,
        "MINOR_WITHOUT_GUARDIAN",
        "guardian",
    );
    let mut adult_card = body("ADULT", teen());
    adult_card["guardian"] = guardian();
    refused(&register(&city, &token, &adult_card).await, "CARD_TYPE_NOT_ALLOWED", "cardType");

    let mut request = body("YOUTH", teen());
    request["guardian"] = guardian();
    let registration = registered(&city, &token, &request).await;
    assert_eq!(registration["state"], "READY_FOR_ID_CHECK");
    assert_eq!(registration["feeCents"], 0);
    assert!(registration["payment"].is_null());
    assert!(registration["card"].is_null());
    let fees = city.get(&token, "fees").await;
    let listed = fees.body["fees"].as_array().expect("fees");
    assert!(listed.iter().all(|f| !f["id"].as_str().unwrap_or("").starts_with("BIB-")));
    assert!(city.transactions().await.is_empty(), "no payment for a free card");

    // An adult cannot take the youth card.
    let adult_token = city.login("demo-adult").await;
    refused(
        &register(&city, &adult_token, &body("YOUTH", adult())).await,
        "CARD_TYPE_NOT_ALLOWED",
        "cardType",
    );
}

#[tokio::test]
async fn a_duo_card_needs_a_second_adult() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    refused(
        &register(&city, &token, &body("DUO", adult())).await,
        "DUO_PARTNER_MISSING",
        "secondAdult",
    );
    let mut request = body("DUO", adult());
    request["secondAdult"] =
        json!({"givenName": "Jonas", "familyName": "Mustermann", "birthdate": "2010-06-01"});
    refused(&register(&city, &token, &request).await, "DUO_PARTNER_MISSING", "secondAdult");
    request["secondAdult"] =
        json!({"givenName": "Max", "familyName": "Mustermann", "birthdate": "1983-02-07"});
    let registration = registered(&city, &token, &request).await;
    assert_eq!(registration["feeCents"], 3800);
    assert_eq!(registration["flags"], json!([]));
}

#[tokio::test]
async fn fields_are_checked_and_an_address_outside_leipzig_is_flagged() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let cases = [
        ("postcode", json!("4107"), "applicant.postcode"),
        ("email", json!("erika.example.org"), "applicant.email"),
        ("givenName", json!("  "), "applicant.givenName"),
        ("birthdate", json!("2999-01-01"), "applicant.birthdate"),
        ("birthdate", json!("12.04.1985"), "applicant.birthdate"),
    ];
    for (member, value, field) in cases {
        let mut request = body("ADULT", adult());
        request["applicant"][member] = value;
        refused(&register(&city, &token, &request).await, "VALIDATION_ERROR", field);
    }
    let mut request = body("ADULT", adult());
    request["registrationId"] = json!("not-a-uuid");
    refused(&register(&city, &token, &request).await, "VALIDATION_ERROR", "registrationId");
    let mut request = body("ADULT", adult());
    request["branchId"] = json!("lsb-99");
    refused(&register(&city, &token, &request).await, "UNKNOWN_BRANCH", "branchId");
    let mut request = body("GOLD", adult());
    request["branchId"] = json!("lsb-20");
    refused(&register(&city, &token, &request).await, "VALIDATION_ERROR", "cardType");

    let mut request = body("ADULT", adult());
    request["applicant"]["postcode"] = json!("04509");
    request["applicant"]["city"] = json!("Delitzsch");
    let registration = registered(&city, &token, &request).await;
    assert_eq!(registration["flags"], json!(["OUTSIDE_SERVICE_AREA"]));
    assert_eq!(registration["state"], "PAYMENT_PENDING");
}

#[tokio::test]
async fn one_registration_per_citizen_whatever_the_key() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let request = body("ADULT", adult());
    let first_key = key();
    let first = city.post(&token, "library/registrations", &first_key, request.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);

    let replay = city.post(&token, "library/registrations", &first_key, request.clone()).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body, first.body);

    let again = city.post(&token, "library/registrations", &key(), request.clone()).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["registrationId"], first.body["registrationId"]);
    assert_eq!(again.body["payment"], first.body["payment"]);

    let second = register(&city, &token, &body("ADULT", adult())).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.body["code"], "DUPLICATE_REGISTRATION");
    assert_eq!(second.body["registrationId"], first.body["registrationId"]);

    let all = city.control("library/registrations", None).await;
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    let mine = city.get(&token, "library/registrations").await;
    assert_eq!(mine.body["registrations"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn registrations_need_a_login_and_stay_private() {
    let city = City::start().await;
    let request = body("ADULT", adult());
    let anonymous = city.post("", "library/registrations", &key(), request.clone()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.body["code"], "UNAUTHORIZED");
    assert_eq!(city.get("", "library/registrations").await.status, StatusCode::UNAUTHORIZED);

    let token = city.login("demo-adult").await;
    let mine = registered(&city, &token, &request).await;
    let id = mine["registrationId"].as_str().expect("id");
    assert_eq!(
        city.get("", &format!("library/registrations/{id}")).await.status,
        StatusCode::UNAUTHORIZED
    );

    let other = city.login("demo-pass").await;
    let answer = city.get(&other, &format!("library/registrations/{id}")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.body["code"], "NOT_FOUND");
    let theirs = city.get(&other, "library/registrations").await;
    assert_eq!(theirs.body["registrations"], json!([]));
    // Nor can someone else claim the registration id.
    let taken = city.post(&other, "library/registrations", &key(), request).await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_ne!(taken.body["registrationId"], json!(id));
}
