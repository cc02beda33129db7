//! `leipzig fees | pay | payments` as a citizen uses them against the
//! embedded sandbox: pay with the simulated page, see it paid, get and
//! export the receipt, pay again without a second charge, cancel, refusals.

mod common;

use common::{leipzig, ok_json, path, stderr};

#[test]
fn pay_a_fee_then_its_receipt_then_never_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    let needs_login = leipzig(&["--data-dir", d, "fees"]);
    assert!(!needs_login.status.success());
    assert!(stderr(&needs_login).contains("leipzig login"), "{}", stderr(&needs_login));

    ok_json(&["--data-dir", d, "--json", "login", "--sandbox-user", "demo-adult"]);
    let fees = ok_json(&["--data-dir", d, "--json", "fees"]);
    let library = fees
        .as_array()
        .expect("list")
        .iter()
        .find(|f| f["title"].as_str().is_some_and(|t| t.contains("Bibliotheksausweis")))
        .expect("library fee");
    assert_eq!(library["amount_cents"], 2500);
    let id = library["subject"]["id"].as_str().expect("id");

    let paid = ok_json(&["--data-dir", d, "--json", "pay", "fee", id, "--simulate", "paypal"]);
    for key in [
        "payment_id",
        "subject",
        "state",
        "amount_cents",
        "currency",
        "paypage_url",
        "transaction_reference",
    ] {
        assert!(paid.get(key).is_some(), "--json carries {key}: {paid}");
    }
    assert_eq!(paid["state"], "PAYED");
    assert_eq!(paid["amount_cents"], 2500);
    assert_eq!(paid["currency"], "EUR");
    assert!(paid["transaction_reference"].is_string());
    let payment = paid["payment_id"].as_str().expect("payment id");

    let listed = ok_json(&["--data-dir", d, "--offline", "--json", "payments", "list"]);
    assert_eq!(listed[0]["payment_id"], payment);
    let receipt =
        ok_json(&["--data-dir", d, "--offline", "--json", "payments", "receipt", payment]);
    assert_eq!(receipt["amount_cents"], 2500);
    assert_eq!(receipt["subject"]["type"], "FEE");
    let out = dir.path().join("quittung.pdf");
    ok_json(&["--data-dir", d, "--json", "payments", "receipt", payment, "--out", path(&out)]);
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-"));

    let again = leipzig(&["--data-dir", d, "pay", "fee", id, "--simulate", "paypal"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("Already paid"));
}

#[test]
fn a_cancelled_payment_and_a_refused_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    ok_json(&["--data-dir", d, "--json", "login", "--sandbox-user", "demo-adult"]);
    let fees = ok_json(&["--data-dir", d, "--json", "fees"]);
    let find = |words: &str| {
        fees.as_array()
            .expect("list")
            .iter()
            .find(|f| f["title"].as_str().is_some_and(|t| t.contains(words)))
            .and_then(|f| f["subject"]["id"].as_str())
            .expect("fee")
            .to_owned()
    };
    let notice = find("Gebührenbescheid");
    let cancelled =
        ok_json(&["--data-dir", d, "--json", "pay", "notice", &notice, "--simulate", "cancel"]);
    assert_eq!(cancelled["state"], "CANCELED");
    assert_eq!(cancelled["subject"]["type"], "BESCHEID");
    let no_receipt = leipzig(&[
        "--data-dir",
        d,
        "payments",
        "receipt",
        cancelled["payment_id"].as_str().expect("id"),
    ]);
    assert!(!no_receipt.status.success());
    assert!(stderr(&no_receipt).contains("not paid"), "{}", stderr(&no_receipt));

    let refused =
        leipzig(&["--data-dir", d, "pay", "fee", &find("Hundesteuer"), "--simulate", "paypal"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("BOOKING_DATA_MISSING"), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("nothing was charged"), "{}", stderr(&refused));
    let bad = leipzig(&["--data-dir", d, "pay", "fee", "../../v1/fees"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("invalid subject"), "{}", stderr(&bad));
}
