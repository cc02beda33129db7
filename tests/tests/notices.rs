//! Official notices against the sandbox's app API: the mailbox synced and
//! readable offline, the retrieval reported exactly once, PDFs verified
//! against the city's SHA-512, an objection made offline that survives a
//! restart and reaches the city exactly once, validation that queues
//! nothing, and nothing readable in the phone's files.

use leipzig_core::{
    App, Error,
    notices::{DeadlineKind, Notice, ReplyDraft, ReplyState, UploadFile},
    payments::PaymentState,
};
use leipzig_e2e::{
    TestCity, client, login,
    payments::{PayChoice, click},
};
use serde_json::{Value, json};

async fn mailbox(user: &str) -> TestCity {
    let city = TestCity::start().await;
    login::log_in(&city.app, user).await;
    let first = city.app.notices().sync().await.expect("mailbox");
    assert!(first.changed > 0);
    city
}

fn find(app: &App, words: &str) -> Notice {
    app.notices()
        .list(true)
        .expect("list")
        .into_iter()
        .find(|n| n.subject.contains(words))
        .unwrap_or_else(|| panic!("no notice about {words:?}"))
}

async fn control(city: &TestCity, path: &str) -> Value {
    let url = format!("{}_sandbox/{path}", city.sandbox.base_url());
    client().get(url).send().await.expect("control").json().await.expect("json")
}

fn objection(app: &App, id: &str, text: &str, confirmed: bool) -> ReplyDraft {
    ReplyDraft::Objection {
        text: text.to_owned(),
        binding_confirmed: confirmed,
        confirmation_text: app.notices().objection_declaration(id).expect("declaration"),
        requests_suspension: false,
    }
}

fn objection_deadline(n: &Notice) -> leipzig_core::notices::Deadline {
    n.deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::Objection)
        .cloned()
        .expect("objection deadline")
}

#[tokio::test]
async fn an_objection_made_offline_survives_a_restart_and_reaches_the_city_once() {
    let city = mailbox("demo-adult").await;
    let gehweg = find(&city.app, "Sondernutzung Gehweg");
    assert_eq!(objection_deadline(&gehweg).due_at, None, "no deadline before the first retrieval");
    let opened = city.app.notices().open(&gehweg.id).await.expect("opened");
    assert!(opened.delivery.first_retrieved_at.is_some());
    assert!(opened.delivery.bekanntgabe_at.is_some(), "the city fixed the announcement");
    let before = objection_deadline(&opened);
    assert!(before.days_left.is_some_and(|d| d > 25), "{before:?}");
    assert!(!before.at_risk);

    city.app.set_offline(true);
    let saved = city
        .app
        .notices()
        .reply(&gehweg.id, objection(&city.app, &gehweg.id, "Der Gehweg war nicht genutzt.", true))
        .await
        .expect("saved");
    assert_eq!(saved.state, ReplyState::Saved);
    let risky = objection_deadline(&city.app.notices().notice(&gehweg.id).expect("notice"));
    assert!(risky.at_risk, "an objection on the phone does not meet the deadline");

    // The process dies; the phone comes back online and opens the app again.
    let app = city.reopen();
    app.resume().await;
    let replies = app.notices().replies(&gehweg.id).expect("replies");
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].state, ReplyState::Received);
    assert!(replies[0].received_at.is_some() && replies[0].receipt_id.is_some());
    assert_eq!(
        replies[0].confirmation_text.as_deref(),
        Some(app.notices().objection_declaration(&gehweg.id).expect("d").as_str())
    );
    let after = objection_deadline(&app.notices().notice(&gehweg.id).expect("notice"));
    assert!(after.met && !after.at_risk, "{after:?}");
    let at_city = control(&city, "notices/replies").await;
    let objections: Vec<_> =
        at_city.as_array().expect("list").iter().filter(|r| r["type"] == "OBJECTION").collect();
    assert_eq!(objections.len(), 1, "exactly one objection at the city: {at_city}");
}

#[tokio::test]
async fn the_retrieval_is_reported_once_across_double_opens_and_crashes() {
    let city = mailbox("demo-adult").await;
    let kita = find(&city.app, "Sondernutzung Gehweg");
    // The first report reaches the city but its answer is lost.
    city.inject(
        &format!("/v1/notices/{}/retrievals", kita.id),
        1,
        leipzig_sandbox::FaultAction::DropAfterCommit,
    );
    let notices = city.app.notices();
    let (a, b) = tokio::join!(notices.open(&kita.id), notices.open(&kita.id));
    a.expect("first open");
    b.expect("second open");
    city.reopen().notices().open(&kita.id).await.expect("open after a restart");
    city.reopen().resume().await;
    let keys: std::collections::BTreeSet<String> = city
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.uri.ends_with("/retrievals"))
        .filter_map(|r| r.idempotency_key.clone())
        .collect();
    assert_eq!(keys.len(), 1, "one report, retried with its one key: {keys:?}");
    let at_city = control(&city, "notices/retrievals").await;
    let entry = at_city
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["noticeId"] == kita.id.as_str())
        .cloned();
    assert!(entry.is_some_and(|e| e["firstRetrievedAt"].is_string()));
}

#[tokio::test]
async fn a_tampered_attachment_is_refused_and_not_kept() {
    let city = mailbox("demo-adult").await;
    let gehweg =
        city.app.notices().open(&find(&city.app, "Sondernutzung Gehweg").id).await.expect("open");
    let (first, second) = (&gehweg.attachments[0], &gehweg.attachments[1]);
    city.control(&format!("notices/{}/tamper", gehweg.id), json!({"attachmentId": first.id})).await;
    let err = city.app.notices().attachment(&gehweg.id, &first.id).await.expect_err("tampered");
    assert!(matches!(err, Error::InvalidResponse { what: "attachment", .. }), "{err:?}");
    let good = city.app.notices().attachment(&gehweg.id, &second.id).await.expect("untouched one");
    assert!(good.starts_with(b"%PDF-"));
    let kept = city.app.notices().notice(&gehweg.id).expect("notice");
    assert!(!kept.attachments[0].downloaded && kept.attachments[1].downloaded);

    // Offline the verified PDF is still there; export writes it with a JSON copy.
    city.app.set_offline(true);
    assert_eq!(city.app.notices().attachment(&gehweg.id, &second.id).await.expect("offline"), good);
    let dir = city.data.path().join("export");
    let err =
        city.app.notices().export(&gehweg.id, &dir).await.expect_err("the tampered one is missing");
    assert!(matches!(err, Error::Offline), "{err:?}");
}

#[tokio::test]
async fn bad_replies_are_typed_validation_errors_and_queue_nothing() {
    let city = mailbox("demo-adult").await;
    let gehweg =
        city.app.notices().open(&find(&city.app, "Sondernutzung Gehweg").id).await.expect("open");
    let notices = city.app.notices();
    let big = UploadFile {
        file_name: "scan.pdf".into(),
        mime_type: "application/pdf".into(),
        bytes: [b"%PDF-1.4".as_slice(), &vec![b' '; 25 * 1024 * 1024]].concat(),
    };
    let text = UploadFile {
        file_name: "notiz.txt".into(),
        mime_type: "text/plain".into(),
        bytes: b"hallo".to_vec(),
    };
    let fake = UploadFile {
        file_name: "x.pdf".into(),
        mime_type: "application/pdf".into(),
        bytes: b"MZ\x90\x00".to_vec(),
    };
    let cases = [
        (ReplyDraft::Upload { files: vec![big], note: None }, "files"),
        (ReplyDraft::Upload { files: vec![text], note: None }, "files"),
        (ReplyDraft::Upload { files: vec![fake], note: None }, "files"),
        (objection(&city.app, &gehweg.id, "   ", true), "text"),
        (objection(&city.app, &gehweg.id, "Begründung", false), "confirmation"),
    ];
    for (draft, expected) in cases {
        let err = notices.reply(&gehweg.id, draft).await.expect_err("refused");
        assert!(matches!(err, Error::Validation { field, .. } if field == expected), "{err:?}");
    }
    assert!(notices.replies(&gehweg.id).expect("replies").is_empty());
    assert_eq!(city.app.outbox().unfinished_count().expect("outbox"), 0);
    assert_eq!(city.count("POST", &format!("/v1/notices/{}/replies", gehweg.id)), 0);
}

#[tokio::test]
async fn documents_and_an_acknowledgement_are_received_and_a_notice_is_paid() {
    let city = mailbox("demo-adult").await;
    let gehweg =
        city.app.notices().open(&find(&city.app, "Sondernutzung Gehweg").id).await.expect("open");
    let pdf =
        city.app.notices().attachment(&gehweg.id, &gehweg.attachments[0].id).await.expect("pdf");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let files = vec![
        UploadFile {
            file_name: "Nachweis.pdf".into(),
            mime_type: "application/pdf".into(),
            bytes: pdf,
        },
        UploadFile {
            file_name: "Foto Gehweg.png".into(),
            mime_type: "image/png".into(),
            bytes: png,
        },
    ];
    let sent = city
        .app
        .notices()
        .reply(&gehweg.id, ReplyDraft::Upload { files, note: Some("Fotos vom 3.11.".into()) })
        .await
        .expect("sent");
    assert_eq!(sent.state, ReplyState::Received, "{sent:?}");
    assert_eq!(sent.file_names, vec!["Nachweis.pdf", "Foto Gehweg.png"]);
    let ack = city.app.notices().reply(&gehweg.id, ReplyDraft::Acknowledge).await.expect("ack");
    assert_eq!(ack.state, ReplyState::Received);

    let started = city.app.pay_notice(&gehweg.id).await.expect("payment");
    assert_eq!(started.payment.amount_cents, gehweg.payment.as_ref().map(|p| p.amount_due_cents));
    let link = click(&started.paypage_url.expect("page"), PayChoice::Paypal).await.expect("back");
    assert_eq!(
        city.app.payments().handle_return(&link).await.expect("paid").state,
        PaymentState::Payed
    );
    let paid = city.app.notices().notice(&gehweg.id).expect("notice");
    assert!(paid.deadlines.iter().any(|d| d.kind == DeadlineKind::Payment && d.met && !d.at_risk));
}

#[tokio::test]
async fn delivery_routes_decide_the_announcement_and_the_mailbox_is_cheap_to_resync() {
    let city = mailbox("demo-adult").await;
    let kita = find(&city.app, "Elternbeiträge");
    assert_eq!(kita.delivery.legal_basis, "OZG_9");
    assert!(
        kita.delivery.bekanntgabe_at.is_some(),
        "the Postfach route fixes it without a retrieval"
    );
    assert!(objection_deadline(&kita).due_at.is_some());

    let expired = find(&city.app, "Anhörung");
    assert!(!expired.delivery.retrievable);
    city.app.notices().open(&expired.id).await.expect("readable on the phone");
    assert_eq!(city.count("POST", &format!("/v1/notices/{}/retrievals", expired.id)), 0);
    let hund = find(&city.app, "Hundesteuer");
    assert!(objection_deadline(&hund).at_risk, "within 3 days and no reply");

    let again = city.app.notices().sync().await.expect("resync");
    assert!(again.not_modified, "{again:?}");
    city.app.set_offline(true);
    assert_eq!(city.app.notices().list(false).expect("offline").len(), 4);
}

#[tokio::test]
async fn nothing_of_a_notice_is_readable_in_the_phones_files() {
    let city = mailbox("demo-adult").await;
    let gehweg =
        city.app.notices().open(&find(&city.app, "Sondernutzung Gehweg").id).await.expect("open");
    for a in &gehweg.attachments {
        city.app.notices().attachment(&gehweg.id, &a.id).await.expect("pdf");
    }
    city.app
        .notices()
        .reply(&gehweg.id, objection(&city.app, &gehweg.id, "Kein Gehweg betroffen", true))
        .await
        .expect("reply");
    let needles = [
        gehweg.subject.clone(),
        gehweg.aktenzeichen.clone().expect("Aktenzeichen"),
        gehweg.body.chars().take(30).collect::<String>(),
        "Kein Gehweg betroffen".to_owned(),
        "%PDF-".to_owned(),
    ];
    for entry in std::fs::read_dir(city.data.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).expect("file");
        for n in &needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "{} holds {n:?}",
                path.display()
            );
        }
    }
}
