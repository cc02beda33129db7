//! `leipzig notices …` as a citizen uses them against the embedded sandbox:
//! the mailbox, reading a notice (which fixes its deadlines), deadlines,
//! an objection that needs --confirm, documents, export.

mod common;

use common::{leipzig, ok_json, path, stderr};
use serde_json::Value;

fn notice_about(list: &Value, words: &str) -> String {
    list.as_array()
        .expect("list")
        .iter()
        .find(|n| n["subject"].as_str().is_some_and(|s| s.contains(words)))
        .and_then(|n| n["id"].as_str())
        .expect("notice")
        .to_owned()
}

#[test]
fn read_a_notice_object_with_confirmation_and_export_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = path(dir.path());
    ok_json(&["--data-dir", d, "--json", "login", "--sandbox-user", "demo-adult"]);
    let list = ok_json(&["--data-dir", d, "--json", "notices", "list"]);
    for key in
        ["id", "subject", "issuer", "issued_at", "deadlines", "amount_due_cents", "read", "replies"]
    {
        assert!(list[0].get(key).is_some(), "--json carries {key}: {}", list[0]);
    }
    let id = notice_about(&list, "Sondernutzung Gehweg");

    let shown = ok_json(&["--data-dir", d, "--json", "notices", "show", &id]);
    assert_eq!(shown["read"], true);
    assert!(shown["delivery"]["bekanntgabe_at"].is_string(), "{shown}");
    let objection = shown["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .find(|d| d["type"] == "WIDERSPRUCH")
        .cloned()
        .expect("objection deadline");
    assert!(objection["days_left"].as_i64().is_some_and(|n| n > 25), "{objection}");
    assert_eq!(objection["at_risk"], false);

    let unconfirmed = leipzig(&[
        "--data-dir",
        d,
        "notices",
        "reply",
        &id,
        "--object",
        "--text",
        "Falsche Fläche",
    ]);
    assert!(!unconfirmed.status.success());
    assert!(stderr(&unconfirmed).contains("confirmation"), "{}", stderr(&unconfirmed));
    let sent = ok_json(&[
        "--data-dir",
        d,
        "--json",
        "notices",
        "reply",
        &id,
        "--object",
        "--text",
        "Falsche Fläche",
        "--confirm",
    ]);
    assert_eq!(sent["sync_state"], "received");
    assert!(sent["received_at"].is_string());

    let deadlines = ok_json(&["--data-dir", d, "--offline", "--json", "notices", "deadlines"]);
    let met = deadlines
        .as_array()
        .expect("list")
        .iter()
        .find(|x| x["notice_id"] == id.as_str() && x["type"] == "WIDERSPRUCH")
        .cloned()
        .expect("deadline");
    assert_eq!(met["met"], true);

    let out = dir.path().join("bescheid");
    let files =
        ok_json(&["--data-dir", d, "--json", "notices", "export", &id, "--out", path(&out)]);
    let files = files.as_array().expect("files");
    assert!(files.iter().any(|f| f.as_str().is_some_and(|f| f.ends_with(".pdf"))));
    assert!(files.iter().any(|f| f.as_str().is_some_and(|f| f.ends_with(".json"))));
}
