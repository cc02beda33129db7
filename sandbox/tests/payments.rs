//! The app API's payments over loopback HTTP (`reference/payments.md` §8):
//! a citizen logged in through `headless_login` pays fees on the sandbox's
//! paypage through `headless_pay`; receipts as JSON and PDF; idempotency,
//! SEPA, 3-D Secure, dropped redirects, the return hop, other people's
//! payments, reset. Faults and late results: `payment_faults.rs`.

mod payment_support;

use leipzig_sandbox::{
    SandboxOptions,
    epaybl::{PayChoice, PayLanding},
};
use payment_support::{BESCHEID, City, LIBRARY, PARKING, RESERVATION, app_link, key, subject};
use reqwest::StatusCode;
use serde_json::json;

/// Checks the PDF's frame: header, `%%EOF`, and an xref whose offsets each
/// point at their object.
fn assert_valid_pdf(pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-1.4"), "header");
    assert!(pdf.ends_with(b"%%EOF"), "trailer");
    let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle);
    let at = find(b"startxref\n").expect("startxref") + "startxref\n".len();
    let tail = std::str::from_utf8(&pdf[at..]).expect("ascii tail");
    let xref: usize = tail.lines().next().and_then(|l| l.parse().ok()).expect("xref offset");
    let table = std::str::from_utf8(&pdf[xref..]).expect("ascii table");
    let mut lines = table.split('\n');
    assert_eq!(lines.next(), Some("xref"));
    let count: usize = lines
        .next()
        .and_then(|l| l.strip_prefix("0 "))
        .and_then(|n| n.parse().ok())
        .expect("subsection");
    assert_eq!(lines.next(), Some("0000000000 65535 f "));
    for object in 1..count {
        let entry = lines.next().expect("entry");
        assert_eq!(entry.len(), 19, "{entry:?}");
        let offset: usize = entry[..10].parse().expect("offset");
        assert!(pdf[offset..].starts_with(format!("{object} 0 obj").as_bytes()), "object {object}");
    }
    assert!(table.contains("/Root 1 0 R"));
    assert!(find(b"/BaseFont /Helvetica").is_some() && find(b"/Count 1").is_some());
}

#[tokio::test]
async fn paypal_happy_path_pays_the_fee_and_issues_a_receipt() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;

    let fees = city.get(&token, "fees").await;
    assert_eq!(fees.status, StatusCode::OK);
    assert!(fees.header("etag").is_some());
    let list = fees.body["fees"].as_array().expect("fees");
    assert_eq!(list.len(), 5, "{list:#?}");
    let dates: Vec<&str> = list.iter().filter_map(|f| f["dueDate"].as_str()).collect();
    assert!(dates.is_sorted(), "{dates:?}");
    assert!(list.last().is_some_and(|f| f["dueDate"].is_null()), "undated last");
    let library = list.iter().find(|f| f["id"] == LIBRARY).expect("library fee");
    assert_eq!(library["amountCents"], 2500);
    assert_eq!(
        (library["state"].as_str(), library["payable"].as_bool()),
        (Some("OPEN"), Some(true))
    );
    assert_eq!(library["subject"], json!({"type": "FEE", "id": LIBRARY}));
    assert!(library["paymentId"].is_null());

    let started = city.pay(&token, "FEE", LIBRARY).await;
    let id = started["paymentId"].as_str().expect("id").to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    assert_eq!(started["state"], "INITIAL");
    assert_eq!(
        (started["amountCents"].as_i64(), started["currency"].as_str()),
        (Some(2500), Some("EUR"))
    );
    assert_eq!(started["purpose"], "LNBM GEB-2026-000412");
    assert_eq!(started["description"], "Jahresgebühr Bibliotheksausweis");
    assert_eq!(started["lateCorrection"], false);
    assert!(started["expiresAt"].is_string() && started["transactionId"].is_string());
    assert!(started.get("error").is_none() && started.get("paidAt").is_none(), "absent, not null");
    let fee = city.get(&token, &format!("fees/{LIBRARY}")).await.body;
    assert_eq!(
        (fee["state"].as_str(), fee["paymentId"].as_str()),
        (Some("IN_PROGRESS"), Some(id.as_str()))
    );

    let landing = city.click(&started, PayChoice::Paypal).await;
    assert_eq!(landing, PayLanding::AppLink(url::Url::parse(&app_link(&id)).expect("url")));

    let paid = city.payment(&token, &id).await;
    assert_eq!(paid["state"], "PAYED");
    assert_eq!(paid["paymentMethod"], "PAYPAL");
    assert!(paid["transactionReference"].as_str().is_some_and(|k| k.starts_with("5.")));
    assert!(paid["paidAt"].is_string());
    assert!(paid.get("paypageUrl").is_none() && paid.get("expiresAt").is_none());
    let fee = city.get(&token, &format!("fees/{LIBRARY}")).await.body;
    assert_eq!((fee["state"].as_str(), fee["payable"].as_bool()), (Some("PAID"), Some(false)));

    let again = city.post(&token, "payments", &key(), subject(LIBRARY)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        (again.body["code"].as_str(), again.body["paymentId"].as_str()),
        (Some("ALREADY_PAID"), Some(id.as_str()))
    );
    assert_eq!(again.header("content-type"), Some("application/problem+json"));

    let receipt = city.get(&token, &format!("payments/{id}/receipt")).await;
    assert_eq!(receipt.status, StatusCode::OK);
    let r = &receipt.body;
    assert!(
        r["receiptNumber"].as_str().is_some_and(|n| n.starts_with("Q-") && n.len() == 13),
        "{r}"
    );
    assert_eq!(
        (r["paymentId"].as_str(), r["amountCents"].as_i64()),
        (Some(id.as_str()), Some(2500))
    );
    assert_eq!(r["title"], "Jahresgebühr Bibliotheksausweis");
    assert_eq!(r["transactionReference"], paid["transactionReference"]);
    assert_eq!(r["payee"]["name"], "Stadt Leipzig, Stadtkasse");
    assert!(r["issuedAt"].is_string() && r["paidAt"] == paid["paidAt"]);

    let pdf = city
        .http
        .get(city.url(&format!("v1/payments/{id}/receipt")))
        .bearer_auth(&token)
        .header("accept", "application/pdf")
        .send()
        .await
        .expect("pdf");
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.expect("bytes");
    assert_valid_pdf(&bytes);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("(Quittung)") && text.contains("(25,00 \\200)"), "amount in WinAnsi");
    assert!(text.contains("Jahresgeb\\374hr Bibliotheksausweis"), "umlaut in WinAnsi");

    let all = city.get(&token, "payments").await.body;
    assert_eq!(all["payments"].as_array().map(Vec::len), Some(1));
    let pending = city.get(&token, "payments?state=pending").await.body;
    assert_eq!(pending["payments"], json!([]));
}

#[tokio::test]
async fn a_cancelled_payment_stays_cancelled_and_a_new_one_can_start() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let first_key = key();
    let first = city.post(&token, "payments", &first_key, subject(PARKING)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let first_id = first.body["paymentId"].as_str().expect("id").to_owned();
    assert_eq!(
        city.click(&first.body, PayChoice::Cancel).await,
        PayLanding::AppLink(url::Url::parse(&app_link(&first_id)).expect("url"))
    );
    assert_eq!(city.payment(&token, &first_id).await["state"], "CANCELED");
    assert_eq!(city.get(&token, &format!("fees/{PARKING}")).await.body["state"], "OPEN");

    let second = city.pay(&token, "FEE", PARKING).await;
    assert_ne!(second["paymentId"], first.body["paymentId"]);
    assert_eq!(second["state"], "INITIAL");
    assert_eq!(city.payment(&token, &first_id).await["state"], "CANCELED");
    // The first key still answers what it answered.
    let replay = city.post(&token, "payments", &first_key, subject(PARKING)).await;
    assert_eq!(
        (replay.status, replay.header("idempotent-replayed")),
        (StatusCode::CREATED, Some("true"))
    );
    assert_eq!(replay.body["paymentId"], first.body["paymentId"]);
    let listed = city.get(&token, "payments").await.body;
    assert_eq!(listed["payments"][0]["paymentId"], second["paymentId"], "newest first");
    let pending = city.get(&token, "payments?state=pending").await.body;
    assert_eq!(pending["payments"].as_array().map(Vec::len), Some(1));
    assert_eq!(city.transactions().await.len(), 2);
}

#[tokio::test]
async fn one_idempotency_key_makes_one_provider_transaction() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let k = key();
    let a = city.post(&token, "payments", &k, subject(LIBRARY)).await;
    let b = city.post(&token, "payments", &k, subject(LIBRARY)).await;
    assert_eq!((a.status, b.status), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(a.body, b.body);
    assert_eq!(b.header("idempotent-replayed"), Some("true"));
    let transactions = city.transactions().await;
    assert_eq!(transactions.len(), 1);
    assert_eq!(transactions[0]["requestId"], a.body["paymentId"], "paymentId is the requestId");
    assert_eq!(transactions[0]["grosAmountCents"], 2500);

    // Another key while the payment is open: the same payment, 200.
    let c = city.post(&token, "payments", &key(), subject(LIBRARY)).await;
    assert_eq!((c.status, &c.body["paymentId"]), (StatusCode::OK, &a.body["paymentId"]));
    let reused = city.post(&token, "payments", &k, subject(RESERVATION)).await;
    assert_eq!(
        (reused.status, reused.body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("IDEMPOTENCY_KEY_REUSED"))
    );
    let keyless = city.post(&token, "payments", "", subject(LIBRARY)).await;
    assert_eq!(
        (keyless.status, keyless.body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("VALIDATION_ERROR"))
    );
    assert_eq!(city.transactions().await.len(), 1);
}

#[tokio::test]
async fn a_double_tap_with_two_keys_gets_one_payment() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let (first, second) = (key(), key());
    let (a, b) = tokio::join!(
        city.post(&token, "payments", &first, subject(LIBRARY)),
        city.post(&token, "payments", &second, subject(LIBRARY)),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{} {}", a.body, b.body);
    assert_eq!(a.body["paymentId"], b.body["paymentId"]);
    assert_eq!(
        (a.body["state"].as_str(), b.body["state"].as_str()),
        (Some("INITIAL"), Some("INITIAL"))
    );
    assert_eq!(a.body["paypageUrl"], b.body["paypageUrl"]);
    assert_eq!(city.transactions().await.len(), 1);
}

#[tokio::test]
async fn requests_are_checked_and_other_peoples_payments_do_not_exist() {
    let city = City::start().await;
    let adult = city.login("demo-adult").await;
    let teen = city.login("demo-teen").await;
    let with_amount = json!({"subject": {"type": "FEE", "id": LIBRARY}, "amountCents": 1});
    let answer = city.post(&adult, "payments", &key(), with_amount).await;
    assert_eq!(
        (answer.status, answer.body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("VALIDATION_ERROR"))
    );
    let nested = json!({"subject": {"type": "FEE", "id": LIBRARY, "amount": "1.00"}});
    assert_eq!(city.post(&adult, "payments", &key(), nested).await.status, StatusCode::BAD_REQUEST);
    let bad_id = city.post(&adult, "payments", &key(), subject("GEB 1/2")).await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    for missing in
        [subject("GEB-2099-000001"), json!({"subject": {"type": "BESCHEID", "id": LIBRARY}})]
    {
        let answer = city.post(&adult, "payments", &key(), missing).await;
        assert_eq!(
            (answer.status, answer.body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("NOT_FOUND"))
        );
    }
    let theirs = city.post(&teen, "payments", &key(), subject(LIBRARY)).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "the adult's fee is not the teen's");

    let mine = city.pay(&adult, "FEE", LIBRARY).await;
    let id = mine["paymentId"].as_str().expect("id");
    for path in [format!("payments/{id}"), format!("payments/{id}/receipt")] {
        let answer = city.get(&teen, &path).await;
        assert_eq!(
            (answer.status, answer.body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("NOT_FOUND")),
            "{path}"
        );
    }
    assert_eq!(city.get(&teen, "payments").await.body["payments"], json!([]));
    let unpaid = city.get(&adult, &format!("payments/{id}/receipt")).await;
    assert_eq!(
        (unpaid.status, unpaid.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("NOT_PAID"))
    );
    let teen_fees = city.get(&teen, "fees").await.body;
    assert_eq!(teen_fees["fees"].as_array().map(Vec::len), Some(1));
    assert_eq!(teen_fees["fees"][0]["amountCents"], 100);
    let pass = city.login("demo-pass").await;
    assert_eq!(city.get(&pass, "fees").await.body["fees"][0]["amountCents"], 1250);
}

#[tokio::test]
async fn without_a_valid_token_everything_but_the_return_hop_is_401() {
    let city = City::start().await;
    for path in ["fees", "fees/GEB-2026-000412", "payments", "payments/x", "payments/x/receipt"] {
        for token in ["", "not-a-jwt"] {
            let answer = city.get(token, path).await;
            assert_eq!(
                (answer.status, answer.body["code"].as_str()),
                (StatusCode::UNAUTHORIZED, Some("UNAUTHORIZED")),
                "{path}"
            );
            assert!(answer.header("www-authenticate").is_some_and(|c| c.starts_with("Bearer")));
        }
    }
    let keyless = city.post("", "payments", "", subject(LIBRARY)).await;
    assert_eq!(keyless.status, StatusCode::UNAUTHORIZED, "the login is checked before the key");
    let hop = city.get("", "payments/00000000-0000-4000-8000-000000000000/return").await;
    assert_eq!(hop.status, StatusCode::FOUND);
    assert_eq!(
        hop.header("location"),
        Some(app_link("00000000-0000-4000-8000-000000000000").as_str())
    );
}

#[tokio::test]
async fn the_return_hop_pulls_and_links_to_the_app_without_a_status() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "BESCHEID", BESCHEID).await;
    let id = started["paymentId"].as_str().expect("id").to_owned();
    city.control(&format!("payments/{id}/outcome"), Some(json!({"status": "PAYED"}))).await;
    let hop = city.get("", &format!("payments/{id}/return?tx=forged&status=PAYED")).await;
    assert_eq!(hop.status, StatusCode::FOUND);
    assert_eq!(hop.header("location"), Some(app_link(&id).as_str()));
    let seen = city.sandbox.state().read(|s| s.app_api.payments.payments[&id].state.as_str());
    assert_eq!(seen, "PAYED", "the hop pulled the provider");
    let bescheid = city.get(&token, &format!("bescheide/{BESCHEID}")).await.body;
    assert_eq!(
        (bescheid["state"].as_str(), bescheid["amountCents"].as_i64()),
        (Some("PAID"), Some(4850))
    );
    assert_eq!(city.get(&token, &format!("fees/{BESCHEID}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn card_payments_pass_three_d_secure() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", RESERVATION).await;
    let id = started["paymentId"].as_str().expect("id");
    assert!(matches!(city.click(&started, PayChoice::Card).await, PayLanding::AppLink(_)));
    let paid = city.payment(&token, id).await;
    assert_eq!(
        (paid["state"].as_str(), paid["paymentMethod"].as_str()),
        (Some("PAYED"), Some("CREDITCARD"))
    );
}

#[tokio::test]
async fn sepa_stays_pending_until_the_debit_settles() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", RESERVATION).await;
    let id = started["paymentId"].as_str().expect("id");
    assert!(matches!(city.click(&started, PayChoice::Sepa).await, PayLanding::AppLink(_)));
    let pending = city.payment(&token, id).await;
    assert_eq!(
        (pending["state"].as_str(), pending["statusDetail"].as_str()),
        (Some("INITIAL"), Some("PENDING_DEBIT"))
    );
    city.advance(121).await;
    let paid = city.payment(&token, id).await;
    assert_eq!(paid["state"], "PAYED");
    assert_eq!(
        (paid["paymentMethod"].as_str(), paid["paymentMethodDetail"].as_str()),
        (Some("OTHER"), Some("SEPA-Lastschrift"))
    );
    let receipt = city.get(&token, &format!("payments/{id}/receipt")).await.body;
    assert_eq!(receipt["paymentMethodDetail"], "SEPA-Lastschrift");
}

#[tokio::test]
async fn a_dropped_redirect_leaves_the_browser_but_the_payment_is_paid() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", LIBRARY).await;
    let id = started["paymentId"].as_str().expect("id");
    city.control(&format!("payments/{id}/outcome"), Some(json!({"dropRedirect": true}))).await;
    assert_eq!(city.click(&started, PayChoice::Wero).await, PayLanding::NoRedirect);
    let paid = city.payment(&token, id).await;
    assert_eq!(
        (paid["state"].as_str(), paid["paymentMethodDetail"].as_str()),
        (Some("PAYED"), Some("Wero"))
    );
}

#[tokio::test]
async fn reset_restores_the_seeded_fees() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", LIBRARY).await;
    city.click(&started, PayChoice::Paypal).await;
    city.http.post(city.url("_sandbox/reset")).send().await.expect("reset");
    assert!(city.transactions().await.is_empty());
    let token = city.login("demo-adult").await;
    let fee = city.get(&token, &format!("fees/{LIBRARY}")).await.body;
    assert_eq!(fee["state"], "OPEN");
    assert_eq!(city.get(&token, "payments").await.body["payments"], json!([]));
}

#[tokio::test]
async fn payments_survive_a_restart_on_the_same_state_directory() {
    let dir = tempfile::tempdir().expect("dir");
    let options =
        SandboxOptions { state_dir: Some(dir.path().to_path_buf()), ..SandboxOptions::default() };
    let city = City::start_with(options.clone()).await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", PARKING).await;
    let id = started["paymentId"].as_str().expect("id").to_owned();
    city.click(&started, PayChoice::Paypal).await;
    let port = city.sandbox.addr().port();
    city.sandbox.shutdown().await;
    let saved = std::fs::read_to_string(dir.path().join("state.json")).expect("state");
    assert!(saved.contains("\"grosAmount\": 30.70"), "exact amount text in the state file");

    // The same port, so the issuer (and the token) stay valid.
    let city = City::start_with(SandboxOptions { port, ..options }).await;
    let paid = city.payment(&token, &id).await;
    assert_eq!(paid["state"], "PAYED");
    let transactions = city.transactions().await;
    assert_eq!(transactions[0]["grosAmountCents"], 3070);
}
