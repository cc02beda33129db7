//! The app API's notices over loopback HTTP (issue 8): the list with ETag
//! and cursor, a notice's fields, PDFs that match their sha512 (and a
//! tampered one that does not), retrieval reports fixing the Bekanntgabe
//! in Berlin days, the ended retrieval window, the BundID Postfach, other
//! people's notices, the login, and the payment status following the
//! payments ledger. Replies: `notice_replies.rs`.

mod notice_support;
mod payment_support;

use chrono::Duration;
use leipzig_sandbox::epaybl::PayChoice;
use notice_support::*;
use payment_support::{BESCHEID, City, key};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_list_is_newest_first_with_an_etag_and_a_cursor() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let first = city.get(&token, "notices").await;
    assert_eq!(first.status, StatusCode::OK);
    let ids: Vec<&str> = first.body["notices"]
        .as_array()
        .expect("notices")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert_eq!(ids, [FEE_NOTICE, KITA, HEARING, DOG_TAX], "newest first");
    assert!(first.body["nextCursor"].is_null());
    let etag = first.header("etag").expect("etag").to_owned();
    assert_eq!(get_if(&city, &token, "notices", &etag).await.status, StatusCode::NOT_MODIFIED);

    for i in 0..20 {
        let subject = format!("Mitteilung Nr. {i}");
        city.control("notices", Some(json!({"username": "demo-adult", "subject": subject}))).await;
    }
    let page = get_if(&city, &token, "notices", &etag).await;
    assert_eq!(page.status, StatusCode::OK, "a new notice changes the ETag");
    let notices = page.body["notices"].as_array().expect("notices");
    assert_eq!(notices.len(), 20);
    assert_eq!(notices[0]["subject"], "Mitteilung Nr. 19", "the newest delivery first");
    let cursor = page.body["nextCursor"].as_str().expect("cursor");
    let rest = city.get(&token, &format!("notices?cursor={cursor}")).await;
    let rest_ids: Vec<&str> = rest.body["notices"]
        .as_array()
        .expect("rest")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert_eq!(rest_ids, [FEE_NOTICE, KITA, HEARING, DOG_TAX]);
    assert!(rest.body["nextCursor"].is_null());
    let bad = city.get(&token, "notices?cursor=not-a-cursor").await;
    assert_problem(&bad, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some("cursor"));

    let teen = city.login("demo-teen").await;
    assert_eq!(city.get(&teen, "notices").await.body["notices"], json!([]));
    let pass = city.login("demo-pass").await;
    let theirs = city.get(&pass, "notices").await.body;
    assert_eq!(theirs["notices"][0]["id"], PASS);
    assert_eq!(theirs["notices"][0]["allowedReplies"], json!([{"type": "ACKNOWLEDGE"}]));
}

#[tokio::test]
async fn a_notice_carries_the_contract_fields() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let answer = city.get(&token, &format!("notices/{FEE_NOTICE}")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let n = &answer.body;
    assert_eq!(answer.header("etag"), n["etag"].as_str());
    assert!(n["etag"].as_str().is_some_and(|e| e.starts_with("\"n-")));
    assert_eq!(
        (n["kind"].as_str(), n["subject"].as_str()),
        (Some("BESCHEID"), Some("Gebührenbescheid Sondernutzung Gehweg"))
    );
    assert_eq!(n["issuer"]["office"], "Verkehrs- und Tiefbauamt");
    assert_eq!(n["references"]["aktenzeichen"], "66.31-2026-00457");
    let d = &n["delivery"];
    assert_eq!(
        (d["channel"].as_str(), d["legalBasis"].as_str()),
        (Some("LEIPZIG_APP"), Some("VWVFG_41_2A"))
    );
    assert!(d["firstRetrievedAt"].is_null() && d["bekanntgabeAt"].is_null());
    assert_eq!(d["retrievable"], true);
    let provided: chrono::DateTime<chrono::Utc> =
        d["providedAt"].as_str().expect("at").parse().expect("time");
    let ends: chrono::DateTime<chrono::Utc> =
        d["provisionEndsAt"].as_str().expect("end").parse().expect("time");
    assert_eq!(ends - provided, Duration::days(10));
    let today = berlin_today(&city).await;
    assert_eq!(n["deadlines"][0]["type"], "WIDERSPRUCH");
    assert!(n["deadlines"][0]["dueAt"].is_null(), "not before the retrieval");
    assert_eq!(
        (n["deadlines"][0]["period"].as_str(), n["deadlines"][0]["startsFrom"].as_str()),
        (Some("P1M"), Some("BEKANNTGABE"))
    );
    assert_eq!(n["deadlines"][1]["type"], "PAYMENT");
    assert_eq!(day(&n["deadlines"][1]["dueAt"]), today + Duration::days(25));
    let p = &n["payment"];
    assert_eq!((p["amountDueCents"].as_i64(), p["status"].as_str()), (Some(4850), Some("OPEN")));
    assert_eq!(p["subject"], json!({"type": "BESCHEID", "id": BESCHEID}));
    assert_eq!(p["dueDate"], n["deadlines"][1]["dueAt"]);
    let files = n["attachments"].as_array().expect("attachments");
    assert_eq!(files.len(), 2);
    assert_eq!(
        (files[0]["role"].as_str(), files[1]["role"].as_str()),
        (Some("BESCHEID"), Some("ANLAGE"))
    );
    assert!(files.iter().all(|f| f["sha512"].as_str().is_some_and(|h| h.len() == 128)));
    let upload = &n["allowedReplies"][2];
    assert_eq!(
        (upload["type"].as_str(), upload["maxFiles"].as_u64()),
        (Some("UPLOAD_DOCUMENT"), Some(10))
    );
    assert_eq!(upload["maxBytesPerFile"], 20_971_520);
    assert_eq!(upload["mimeTypes"], json!(["application/pdf", "image/jpeg", "image/png"]));
    assert_eq!(n["replies"], json!([]));
    assert!(n["body"]["text"].as_str().is_some_and(|t| t.contains("48,50 €")));
    let etag = answer.header("etag").expect("etag");
    assert_eq!(
        get_if(&city, &token, &format!("notices/{FEE_NOTICE}"), etag).await.status,
        StatusCode::NOT_MODIFIED
    );

    let dog = notice(&city, &token, DOG_TAX).await;
    let due = day(&dog["deadlines"][0]["dueAt"]);
    assert!((1..=5).contains(&(due - today).num_days()), "objection due {due}, today {today}");
    let bekanntgabe = day(&dog["delivery"]["bekanntgabeAt"]);
    assert!((today - bekanntgabe).num_days() >= 26, "{bekanntgabe}");
    assert!(dog["payment"].is_null());
}

#[tokio::test]
async fn attachments_match_their_sha512_until_tampered() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let n = notice(&city, &token, FEE_NOTICE).await;
    for file in n["attachments"].as_array().expect("attachments") {
        let aid = file["id"].as_str().expect("id");
        let (status, content_type, bytes) = download(&city, &token, FEE_NOTICE, aid).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "application/pdf"));
        assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF"));
        assert_eq!(file["sizeBytes"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(file["sha512"].as_str(), Some(sha512(&bytes).as_str()), "{aid}");
    }
    let text =
        String::from_utf8_lossy(&download(&city, &token, FEE_NOTICE, "a-1").await.2).into_owned();
    assert!(
        text.contains("(Aktenzeichen: 66.31-2026-00457)")
            && text.contains("Rechtsbehelfsbelehrung")
    );
    let missing = city.get(&token, &format!("notices/{FEE_NOTICE}/attachments/a-9")).await;
    assert_problem(&missing, StatusCode::NOT_FOUND, "NOT_FOUND", None);

    city.control(&format!("notices/{FEE_NOTICE}/tamper"), Some(json!({"attachmentId": "a-1"})))
        .await;
    let (_, _, tampered) = download(&city, &token, FEE_NOTICE, "a-1").await;
    assert_eq!(Some(tampered.len() as u64), n["attachments"][0]["sizeBytes"].as_u64(), "same size");
    assert_ne!(Some(sha512(&tampered).as_str()), n["attachments"][0]["sha512"].as_str());
    assert_eq!(
        notice(&city, &token, FEE_NOTICE).await["attachments"],
        n["attachments"],
        "the notice still states the original hash"
    );
    city.control(
        &format!("notices/{FEE_NOTICE}/tamper"),
        Some(json!({"attachmentId": "a-1", "tampered": false})),
    )
    .await;
    let (_, _, restored) = download(&city, &token, FEE_NOTICE, "a-1").await;
    assert_eq!(Some(sha512(&restored).as_str()), n["attachments"][0]["sha512"].as_str());
}

#[tokio::test]
async fn the_first_retrieval_fixes_the_bekanntgabe_in_berlin_days() {
    let city = City::start().await;
    // Friday 30 January 2026, 12:00 UTC: a notice is provided.
    city.control("clock", Some(json!({"now": "2026-01-30T12:00:00Z"}))).await;
    let subject = "Bescheid über die Sperrung eines Gehwegs";
    let delivered =
        city.control("notices", Some(json!({"username": "demo-adult", "subject": subject}))).await;
    let id = delivered["id"].as_str().expect("id").to_owned();
    assert_eq!(delivered["delivery"]["bekanntgabeAt"], json!(null));
    let before = delivered["etag"].clone();
    // 23:30 UTC is 00:30 on Saturday 31 January in Leipzig.
    city.advance(11 * 3600 + 30 * 60).await;
    let token = city.login("demo-adult").await;
    let first_key = key();
    let first = retrieve(&city, &token, &id, &first_key).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let at = first.body["firstRetrievedAt"].as_str().expect("at").to_owned();
    assert!(at.starts_with("2026-01-30T23:3"), "{at}");
    assert_eq!(first.body["bekanntgabeAt"], "2026-02-01", "the day after, in Berlin");
    // 1 March 2026 is a Sunday: the objection period ends on Monday 2 March.
    assert_eq!(
        first.body["deadlines"],
        json!([{
            "type": "WIDERSPRUCH", "dueAt": "2026-03-02", "startsFrom": "BEKANNTGABE",
            "period": "P1M", "legalBasis": "§ 70 VwGO"
        }])
    );

    let again = retrieve(&city, &token, &id, &key()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body, "the first time stays");
    let replay = retrieve(&city, &token, &id, &first_key).await;
    assert_eq!(
        (replay.status, replay.header("idempotent-replayed")),
        (StatusCode::CREATED, Some("true"))
    );
    city.advance(86_400).await;
    let token = city.login("demo-adult").await;
    let later = retrieve(&city, &token, &id, &key()).await;
    assert_eq!((later.status, &later.body["firstRetrievedAt"]), (StatusCode::OK, &json!(at)));
    let rows = city.control("notices/retrievals", None).await;
    let row = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["noticeId"] == id.as_str())
        .expect("row")
        .clone();
    assert_eq!(
        (row["reports"].as_u64(), row["firstRetrievedAt"].as_str()),
        (Some(3), Some(at.as_str()))
    );
    let n = notice(&city, &token, &id).await;
    assert_eq!(
        (n["delivery"]["firstRetrievedAt"].as_str(), n["delivery"]["bekanntgabeAt"].as_str()),
        (Some(at.as_str()), Some("2026-02-01"))
    );
    assert_ne!(n["etag"], before);
}

#[tokio::test]
async fn a_seeded_notice_is_announced_the_day_after_its_retrieval() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let before = notice(&city, &token, FEE_NOTICE).await;
    let answer = retrieve(&city, &token, FEE_NOTICE, &key()).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let bekanntgabe = day(&answer.body["bekanntgabeAt"]);
    assert_eq!(bekanntgabe, berlin_today(&city).await + Duration::days(1));
    let due = day(&answer.body["deadlines"][0]["dueAt"]);
    assert!((28..=35).contains(&(due - bekanntgabe).num_days()), "{due}");
    assert_eq!(answer.body["deadlines"][1]["type"], "PAYMENT");
    let after = notice(&city, &token, FEE_NOTICE).await;
    assert_ne!(after["etag"], before["etag"]);
    assert_eq!(after["deadlines"][0]["dueAt"], answer.body["deadlines"][0]["dueAt"]);
}

#[tokio::test]
async fn a_notice_not_retrieved_in_time_is_gone() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let hearing = notice(&city, &token, HEARING).await;
    assert_eq!(hearing["delivery"]["retrievable"], false);
    assert_eq!(hearing["kind"], "MITTEILUNG");
    let (status, _, _) = download(&city, &token, HEARING, "a-1").await;
    assert_eq!(status, StatusCode::GONE);
    let gone = city.get(&token, &format!("notices/{HEARING}/attachments/a-1")).await;
    assert_problem(&gone, StatusCode::GONE, "PROVISION_ENDED", None);
    let late = retrieve(&city, &token, HEARING, &key()).await;
    assert_problem(&late, StatusCode::GONE, "PROVISION_ENDED", None);
    let ack = reply(&city, &token, HEARING, &uuid(), acknowledge(HEARING, &uuid())).await;
    assert_problem(&ack, StatusCode::GONE, "PROVISION_ENDED", None);

    // The fee notice's window (ten days) passes too.
    let etag = notice(&city, &token, FEE_NOTICE).await["etag"].clone();
    city.advance(9 * 86_400).await;
    let token = city.login("demo-adult").await;
    let n = notice(&city, &token, FEE_NOTICE).await;
    assert_eq!((n["delivery"]["retrievable"].as_bool(), n["etag"] != etag), (Some(false), true));
    let (status, _, _) = download(&city, &token, FEE_NOTICE, "a-2").await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn a_bundid_postfach_notice_is_announced_without_a_retrieval() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let kita = notice(&city, &token, KITA).await;
    let d = &kita["delivery"];
    assert_eq!(
        (d["channel"].as_str(), d["legalBasis"].as_str()),
        (Some("BUNDID_POSTFACH"), Some("OZG_9"))
    );
    assert!(d["firstRetrievedAt"].is_null() && d["provisionEndsAt"].is_null());
    assert_eq!(d["retrievable"], true);
    let provided: chrono::DateTime<chrono::Utc> =
        d["providedAt"].as_str().expect("at").parse().expect("time");
    let provided = provided.with_timezone(&chrono_tz::Europe::Berlin).date_naive();
    let bekanntgabe = day(&d["bekanntgabeAt"]);
    assert_eq!(bekanntgabe, provided + Duration::days(3), "the third day");
    let due = day(&kita["deadlines"][0]["dueAt"]);
    assert!((28..=35).contains(&(due - bekanntgabe).num_days()), "{due}");
    assert_eq!(download(&city, &token, KITA, "a-2").await.0, StatusCode::OK);
    let report = retrieve(&city, &token, KITA, &key()).await;
    assert_eq!(
        (report.status, &report.body["bekanntgabeAt"]),
        (StatusCode::CREATED, &d["bekanntgabeAt"]),
        "a retrieval changes nothing"
    );
}

#[tokio::test]
async fn other_peoples_notices_do_not_exist_and_a_login_is_required() {
    let city = City::start().await;
    let teen = city.login("demo-teen").await;
    for path in [
        format!("notices/{FEE_NOTICE}"),
        format!("notices/{FEE_NOTICE}/attachments/a-1"),
        format!("notices/{FEE_NOTICE}/replies"),
    ] {
        assert_problem(&city.get(&teen, &path).await, StatusCode::NOT_FOUND, "NOT_FOUND", None);
        for token in ["", "not-a-jwt"] {
            let answer = city.get(token, &path).await;
            assert_problem(&answer, StatusCode::UNAUTHORIZED, "UNAUTHORIZED", None);
            assert!(answer.header("www-authenticate").is_some_and(|c| c.starts_with("Bearer")));
        }
    }
    assert_problem(&city.get("", "notices").await, StatusCode::UNAUTHORIZED, "UNAUTHORIZED", None);
    let theirs = retrieve(&city, &teen, FEE_NOTICE, &key()).await;
    assert_problem(&theirs, StatusCode::NOT_FOUND, "NOT_FOUND", None);
    let id = uuid();
    let theirs = reply(&city, &teen, FEE_NOTICE, &id, acknowledge(FEE_NOTICE, &id)).await;
    assert_problem(&theirs, StatusCode::NOT_FOUND, "NOT_FOUND", None);
    for token in ["", "not-a-jwt"] {
        let anonymous = reply(&city, token, FEE_NOTICE, "", acknowledge(FEE_NOTICE, &id)).await;
        assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "UNAUTHORIZED", None);
        let retrieval = retrieve(&city, token, FEE_NOTICE, "").await;
        assert_problem(&retrieval, StatusCode::UNAUTHORIZED, "UNAUTHORIZED", None);
    }
    let files = [File { id: "f1", mime: "image/png", bytes: png() }];
    let upload =
        upload(&city, "", FEE_NOTICE, &id, &upload_reply(FEE_NOTICE, &id, &files), &files, &[])
            .await;
    assert_problem(&upload, StatusCode::UNAUTHORIZED, "UNAUTHORIZED", None);
    assert!(received(&city).await.is_empty());
}

#[tokio::test]
async fn the_payment_status_follows_the_payments_ledger() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let before = notice(&city, &token, FEE_NOTICE).await;
    assert_eq!(before["payment"]["status"], "OPEN");
    let list_etag = city.get(&token, "notices").await.header("etag").expect("etag").to_owned();
    let started = city.pay(&token, "BESCHEID", BESCHEID).await;
    assert_eq!(
        notice(&city, &token, FEE_NOTICE).await["payment"]["status"],
        "OPEN",
        "started, not paid"
    );
    city.click(&started, PayChoice::Paypal).await;
    let after = notice(&city, &token, FEE_NOTICE).await;
    assert_eq!(after["payment"]["status"], "PAID");
    assert_ne!(after["etag"], before["etag"]);
    assert_eq!(get_if(&city, &token, "notices", &list_etag).await.status, StatusCode::OK);
    let bescheid = city.get(&token, &format!("bescheide/{BESCHEID}")).await.body;
    assert_eq!(bescheid["state"], "PAID");
}

#[tokio::test]
async fn notices_survive_a_restart_and_reset_lays_the_seeds_again() {
    let dir = tempfile::tempdir().expect("dir");
    let options = leipzig_sandbox::SandboxOptions {
        state_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let city = City::start_with(options.clone()).await;
    let token = city.login("demo-adult").await;
    let first = retrieve(&city, &token, FEE_NOTICE, &key()).await.body;
    let id = uuid();
    assert_eq!(
        reply(&city, &token, FEE_NOTICE, &id, acknowledge(FEE_NOTICE, &id)).await.status,
        StatusCode::CREATED
    );
    let port = city.sandbox.addr().port();
    city.sandbox.shutdown().await;

    let city = City::start_with(leipzig_sandbox::SandboxOptions { port, ..options }).await;
    let n = notice(&city, &token, FEE_NOTICE).await;
    assert_eq!(n["delivery"]["firstRetrievedAt"], first["firstRetrievedAt"]);
    assert_eq!(n["replies"][0]["replyId"], id.as_str());
    city.http.post(city.url("_sandbox/reset")).send().await.expect("reset");
    let token = city.login("demo-adult").await;
    let n = notice(&city, &token, FEE_NOTICE).await;
    assert!(n["delivery"]["firstRetrievedAt"].is_null());
    assert_eq!((n["replies"].clone(), n["etag"].clone()), (json!([]), json!("\"n-1\"")));
    assert!(received(&city).await.is_empty());
}
