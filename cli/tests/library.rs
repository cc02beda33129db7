//! `leipzig library …` as a citizen uses it against the embedded sandbox:
//! the city's fees, an order prefilled from the profile, its fee paid like
//! any other, and a refused order that sends nothing.

mod common;

use common::{leipzig, ok_json, path, stderr};

#[test]
fn order_a_card_and_pay_its_fee() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    ok_json(&["--data-dir", d, "--json", "login", "--sandbox-user", "demo-adult"]);
    let types = ok_json(&["--data-dir", d, "--json", "library", "card-types"]);
    let adult = types
        .as_array()
        .expect("list")
        .iter()
        .find(|t| t["id"] == "ADULT")
        .cloned()
        .expect("adult");
    assert_eq!(adult["currentFeeCents"], 2500);

    let youth =
        leipzig(&["--data-dir", d, "library", "order", "--type", "YOUTH", "--branch", "lsb-0"]);
    assert!(!youth.status.success());
    assert!(stderr(&youth).contains("CARD_TYPE_NOT_ALLOWED"), "{}", stderr(&youth));

    let ordered = ok_json(&[
        "--data-dir",
        d,
        "--json",
        "library",
        "order",
        "--type",
        "ADULT",
        "--branch",
        "lsb-0",
    ]);
    for key in ["registration_id", "state", "card_type", "fee_cents", "payment_id", "card_number"] {
        assert!(ordered.get(key).is_some(), "--json carries {key}: {ordered}");
    }
    assert_eq!(ordered["state"], "PAYMENT_PENDING");
    assert_eq!(ordered["fee_cents"], 2500);
    let fee = ordered["payment_subject"]["id"].as_str().expect("fee id").to_owned();

    let paid = ok_json(&["--data-dir", d, "--json", "pay", "fee", &fee, "--simulate", "paypal"]);
    assert_eq!(paid["state"], "PAYED");
    let status = ok_json(&["--data-dir", d, "--json", "library", "status"]);
    assert_eq!(status[0]["state"], "READY_FOR_ID_CHECK");
    assert_eq!(status[0]["payment_id"], paid["payment_id"]);
    let card = leipzig(&["--data-dir", d, "--offline", "library", "card"]);
    assert!(!card.status.success(), "no card before the desk visit");
}
