//! Replies to notices over loopback HTTP (issue 8): receipts, the
//! `replyId` as the reply's identity (replay, another key, a double tap),
//! the objection's binding declaration, lateness, allowed types, and
//! multipart uploads with their limits (size, media type, sniffing,
//! sha256, parts).

mod notice_support;
mod payment_support;

use notice_support::*;
use payment_support::City;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn an_acknowledgement_is_received_once_whatever_the_key() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let etag = notice(&city, &token, FEE_NOTICE).await["etag"].clone();
    let id = uuid();
    let first = reply(&city, &token, FEE_NOTICE, &id, acknowledge(FEE_NOTICE, &id)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let r = &first.body;
    let receipt_id = r["receiptId"].as_str().expect("receiptId");
    assert!(
        receipt_id.starts_with("r-") && receipt_id.len() == "r-2026-11-26-000001".len(),
        "{receipt_id}"
    );
    assert_eq!(
        (r["replyId"].as_str(), r["noticeId"].as_str()),
        (Some(id.as_str()), Some(FEE_NOTICE))
    );
    assert_eq!((r["type"].as_str(), r["late"].as_bool()), (Some("ACKNOWLEDGE"), Some(false)));
    assert!(r["receivedAt"].is_string());

    let replay = reply(&city, &token, FEE_NOTICE, &id, acknowledge(FEE_NOTICE, &id)).await;
    assert_eq!(
        (replay.status, replay.header("idempotent-replayed")),
        (StatusCode::CREATED, Some("true"))
    );
    assert_eq!(replay.body, first.body);
    let other_key = reply(&city, &token, FEE_NOTICE, &uuid(), acknowledge(FEE_NOTICE, &id)).await;
    assert_eq!((other_key.status, &other_key.body), (StatusCode::OK, &first.body));
    let reused = reply(&city, &token, FEE_NOTICE, &id, acknowledge(FEE_NOTICE, &uuid())).await;
    assert_problem(&reused, StatusCode::UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED", None);
    let elsewhere = reply(&city, &token, KITA, &uuid(), acknowledge(KITA, &id)).await;
    assert_problem(&elsewhere, StatusCode::UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED", None);

    let listed = city.get(&token, &format!("notices/{FEE_NOTICE}/replies")).await;
    assert_eq!(listed.body["replies"], json!([first.body]));
    let n = notice(&city, &token, FEE_NOTICE).await;
    assert_eq!(n["replies"], json!([first.body]));
    assert_ne!(n["etag"], etag);
    let rows = received(&city).await;
    assert_eq!(rows.len(), 1, "one reply, whatever arrived");
    assert_eq!(rows[0]["receiptId"], r["receiptId"]);
    let keyless = reply(&city, &token, FEE_NOTICE, "", acknowledge(FEE_NOTICE, &uuid())).await;
    assert_problem(&keyless, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", None);
}

#[tokio::test]
async fn a_double_tap_with_two_keys_records_one_reply() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let id = uuid();
    let body = objection(
        DOG_TAX,
        &id,
        "Ich halte den Hund nicht mehr; er lebt seit März bei meiner Schwester.",
    );
    let (first, second) = (uuid(), uuid());
    let (a, b) = tokio::join!(
        reply(&city, &token, DOG_TAX, &first, body.clone()),
        reply(&city, &token, DOG_TAX, &second, body.clone()),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{} {}", a.body, b.body);
    assert_eq!(a.body, b.body);
    assert_eq!(received(&city).await.len(), 1);
}

#[tokio::test]
async fn an_objection_needs_the_binding_declaration_and_a_text() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let id = uuid();
    let valid = objection(DOG_TAX, &id, "Die Steuer ist zu hoch festgesetzt.");
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut body = valid.clone();
        change(&mut body);
        body
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            broken(&|b: &mut Value| {
                b.as_object_mut().expect("o").remove("declaration");
            }),
            "declaration",
        ),
        (
            broken(&|b: &mut Value| b["declaration"]["bindingConfirmed"] = json!(false)),
            "declaration.bindingConfirmed",
        ),
        (
            broken(&|b: &mut Value| b["declaration"]["bindingConfirmed"] = json!("true")),
            "declaration.bindingConfirmed",
        ),
        (
            broken(&|b: &mut Value| {
                b["declaration"].as_object_mut().expect("o").remove("confirmationText");
            }),
            "declaration.confirmationText",
        ),
        (
            broken(&|b: &mut Value| b["payload"]["objection"]["text"] = json!("   \n ")),
            "payload.objection.text",
        ),
        (
            broken(&|b: &mut Value| b["payload"]["objection"]["text"] = json!("x".repeat(10_001))),
            "payload.objection.text",
        ),
        (broken(&|b: &mut Value| b["payload"] = json!({"acknowledge": {}})), "payload"),
        (broken(&|b: &mut Value| b["replyId"] = json!("not-a-uuid")), "replyId"),
        (broken(&|b: &mut Value| b["noticeId"] = json!(FEE_NOTICE)), "noticeId"),
        (broken(&|b: &mut Value| b["createdAtDevice"] = json!("gestern")), "createdAtDevice"),
        (broken(&|b: &mut Value| b["type"] = json!("PAY")), "type"),
        (broken(&|b: &mut Value| b["type"] = json!("UPLOAD_DOCUMENT")), "type"),
        (broken(&|b: &mut Value| b["type"] = json!("WIDERRUF")), "type"),
    ];
    for (body, field) in cases {
        let answer = reply(&city, &token, DOG_TAX, &uuid(), body).await;
        assert_problem(&answer, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some(field));
    }
    assert!(received(&city).await.is_empty());
    let ok = reply(&city, &token, DOG_TAX, &id, valid).await;
    assert_eq!(
        (ok.status, ok.body["late"].as_bool()),
        (StatusCode::CREATED, Some(false)),
        "{}",
        ok.body
    );
    let rows = received(&city).await;
    assert_eq!(
        (rows[0]["textLength"].as_u64(), rows[0]["requestsSuspension"].as_bool()),
        (Some(35), Some(true))
    );
    assert!(rows[0].get("text").is_none(), "the control never shows the text");

    let pass = city.login("demo-pass").await;
    let id = uuid();
    let not_allowed = reply(&city, &pass, PASS, &id, objection(PASS, &id, "Einspruch")).await;
    assert_problem(&not_allowed, StatusCode::CONFLICT, "REPLY_NOT_ALLOWED", None);
    let ack = reply(&city, &pass, PASS, &id, acknowledge(PASS, &id)).await;
    assert_eq!(ack.status, StatusCode::CREATED);
}

#[tokio::test]
async fn an_objection_after_the_deadline_is_received_late() {
    let city = City::start().await;
    city.long_tokens().await;
    let token = city.login("demo-adult").await;
    let due = day(&notice(&city, &token, DOG_TAX).await["deadlines"][0]["dueAt"]);
    let today = berlin_today(&city).await;
    city.advance(((due - today).num_days() + 2) * 86_400).await;
    let token = city.login("demo-adult").await;
    let id = uuid();
    let late =
        reply(&city, &token, DOG_TAX, &id, objection(DOG_TAX, &id, "Verspätet, aber begründet."))
            .await;
    assert_eq!((late.status, late.body["late"].as_bool()), (StatusCode::CREATED, Some(true)));
}

#[tokio::test]
async fn documents_arrive_as_multipart() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let id = uuid();
    let files = [
        File { id: "f-pdf", mime: "application/pdf", bytes: pdf(5_000) },
        File { id: "f-png", mime: "image/png", bytes: png() },
    ];
    let body = upload_reply(FEE_NOTICE, &id, &files);
    let first = upload(&city, &token, FEE_NOTICE, &id, &body, &files, &[]).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["type"], "UPLOAD_DOCUMENT");
    let replay = upload(&city, &token, FEE_NOTICE, &id, &body, &files, &[]).await;
    assert_eq!((replay.status, &replay.body), (StatusCode::CREATED, &first.body));
    let rows = received(&city).await;
    assert_eq!(rows.len(), 1);
    let stored = rows[0]["files"].as_array().expect("files");
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (stored[0]["sizeBytes"].as_u64(), stored[0]["sha256"].as_str()),
        (Some(5_000), Some(sha256(&files[0].bytes).as_str()))
    );
    assert_eq!(stored[1]["mimeType"], "image/png");
    let ack_as_multipart = {
        let id = uuid();
        let mut body = upload_reply(KITA, &id, &files);
        body["type"] = json!("ACKNOWLEDGE");
        upload(&city, &token, KITA, &id, &body, &files, &[]).await
    };
    assert_problem(&ack_as_multipart, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some("type"));
    let id = uuid();
    let not_allowed =
        upload(&city, &token, DOG_TAX, &id, &upload_reply(DOG_TAX, &id, &files), &files, &[]).await;
    assert_problem(&not_allowed, StatusCode::CONFLICT, "REPLY_NOT_ALLOWED", None);
}

#[tokio::test]
async fn the_upload_limits_are_per_file_and_per_route() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let id = uuid();
    let files = [File { id: "big", mime: "application/pdf", bytes: pdf(21 * 1024 * 1024) }];
    let answer =
        upload(&city, &token, KITA, &id, &upload_reply(KITA, &id, &files), &files, &[]).await;
    assert_problem(&answer, StatusCode::PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE", None);
    let mut understated = upload_reply(KITA, &id, &files);
    understated["attachments"][0]["sizeBytes"] = json!(1000);
    let answer = upload(&city, &token, KITA, &id, &understated, &files, &[]).await;
    assert_problem(&answer, StatusCode::PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE", None);
    assert!(received(&city).await.is_empty());

    // Two files of 17 MiB: over the app API's 30 MiB, which only this route lifts.
    let files = [
        File { id: "one", mime: "application/pdf", bytes: pdf(17 * 1024 * 1024) },
        File { id: "two", mime: "application/pdf", bytes: pdf(17 * 1024 * 1024) },
    ];
    let big = upload(&city, &token, KITA, &id, &upload_reply(KITA, &id, &files), &files, &[]).await;
    assert_eq!(big.status, StatusCode::CREATED, "{}", big.body);
    let elsewhere = city
        .http
        .post(city.url(&format!("v1/notices/{KITA}/retrievals")))
        .bearer_auth(&token)
        .header("idempotency-key", uuid())
        .header("content-type", "application/json")
        .body(vec![b' '; 31 * 1024 * 1024])
        .send()
        .await
        .map(|r| r.status());
    assert!(elsewhere.is_err() || elsewhere.is_ok_and(|s| s == StatusCode::PAYLOAD_TOO_LARGE));
}

#[tokio::test]
async fn wrong_types_hashes_and_parts_are_refused() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let post = |files: Vec<File>,
                change: &dyn Fn(&mut Value),
                extra: Vec<(&'static str, Vec<u8>)>| {
        let id = uuid();
        let mut body = upload_reply(KITA, &id, &files);
        change(&mut body);
        let city = &city;
        let token = token.clone();
        async move {
            let extra: Vec<(&str, &[u8])> = extra.iter().map(|(n, b)| (*n, b.as_slice())).collect();
            upload(city, &token, KITA, &id, &body, &files, &extra).await
        }
    };
    let text = || vec![File { id: "t", mime: "text/plain", bytes: b"Hallo".to_vec() }];
    let fake_pdf =
        || vec![File { id: "p", mime: "application/pdf", bytes: b"Hallo, kein PDF".to_vec() }];
    let good = || vec![File { id: "p", mime: "application/pdf", bytes: pdf(300) }];
    let keep = |_: &mut Value| {};
    assert_problem(
        &post(text(), &keep, vec![]).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        None,
    );
    assert_problem(
        &post(fake_pdf(), &keep, vec![]).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        None,
    );
    let png_as_pdf =
        post(vec![File { id: "p", mime: "application/pdf", bytes: png() }], &keep, vec![]).await;
    assert_problem(&png_as_pdf, StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", None);
    let wrong_hash = post(
        good(),
        &|b: &mut Value| b["attachments"][0]["sha256"] = json!("0".repeat(64)),
        vec![],
    )
    .await;
    assert_problem(
        &wrong_hash,
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        Some("attachments[0].sha256"),
    );
    let wrong_size =
        post(good(), &|b: &mut Value| b["attachments"][0]["sizeBytes"] = json!(299), vec![]).await;
    assert_problem(
        &wrong_size,
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        Some("attachments[0].sizeBytes"),
    );
    let undeclared = post(good(), &|b: &mut Value| b["attachments"] = json!([]), vec![]).await;
    assert_problem(&undeclared, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some("attachments"));
    let missing =
        post(good(), &|b: &mut Value| b["attachments"][0]["clientFileId"] = json!("q"), vec![])
            .await;
    assert_problem(&missing, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some("file-q"));
    let unknown = post(good(), &keep, vec![("comment", b"hi".to_vec())]).await;
    assert_problem(&unknown, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", Some("comment"));
    let eleven: Vec<File> = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]
        .into_iter()
        .map(|id| File { id, mime: "image/png", bytes: png() })
        .collect();
    assert_problem(
        &post(eleven, &keep, vec![]).await,
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        Some("attachments"),
    );
    let plain = city
        .http
        .post(city.url(&format!("v1/notices/{KITA}/replies")))
        .bearer_auth(&token)
        .header("idempotency-key", uuid())
        .header("content-type", "text/plain")
        .body("Widerspruch!")
        .send()
        .await
        .expect("post");
    let plain = payment_support::Answer::of(plain).await;
    assert_problem(&plain, StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", None);
    assert!(received(&city).await.is_empty());
    let fine = post(good(), &keep, vec![]).await;
    assert_eq!(fine.status, StatusCode::CREATED, "{}", fine.body);
}
