//! The sandbox payment service's paypage over loopback HTTP: a plain
//! German form, each method's standard fields, the 3-D Secure step, the
//! redirect back, and the paypage timeout on the sandbox clock.

mod payment_support;

use leipzig_sandbox::epaybl::{HeadlessPayError, PayChoice, PayLanding};
use payment_support::provider::{Provider, RETURN};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_paypage_methods_set_the_standard_fields() {
    let p = Provider::start().await;
    for (choice, method, detail) in [
        (PayChoice::Paypal, "PAYPAL", None),
        (PayChoice::Card, "CREDITCARD", None),
        (PayChoice::Wero, "OTHER", Some("Wero")),
    ] {
        let info = p.transaction(&format!("pay-{choice}")).await;
        let landing = p.pay(&info, choice).await.expect("paid");
        assert_eq!(landing, PayLanding::AppLink(url::Url::parse(RETURN).expect("url")));
        let (_, body) = p.read(info["transactionId"].as_str().expect("id")).await;
        let paid = &body["paymentInformation"];
        assert_eq!(
            (paid["status"].as_str(), paid["paymentMethod"].as_str()),
            (Some("PAYED"), Some(method))
        );
        assert_eq!(paid["paymentMethodDetail"].as_str(), detail);
        assert!(paid["transactionReference"].as_str().is_some_and(|k| k.split('.').count() == 4));
        assert!(paid["transactionTimestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
        assert!(paid.get("transactionRedirectUrl").is_none(), "no paypage once terminal");
        // The page is closed now.
        let again = p.pay(&info, PayChoice::Paypal).await;
        assert!(matches!(again, Err(HeadlessPayError::NoPayForm { .. })), "{again:?}");
    }
    for (choice, status, detail) in
        [(PayChoice::Cancel, "CANCELED", None), (PayChoice::Fail, "FAILED", Some("REJECTED"))]
    {
        let info = p.transaction(&format!("stop-{choice}")).await;
        p.pay(&info, choice).await.expect("back");
        let (_, body) = p.read(info["transactionId"].as_str().expect("id")).await;
        assert_eq!(body["paymentInformation"]["status"], status);
        assert_eq!(body["paymentInformation"]["statusDetail"].as_str(), detail);
        assert!(body["paymentInformation"].get("paymentMethod").is_none());
    }
}

#[tokio::test]
async fn the_paypage_is_a_plain_german_form_and_redirects_back() {
    let p = Provider::start().await;
    let info = p.transaction("page-1").await;
    let page_url = info["transactionRedirectUrl"].as_str().expect("url");
    let page = p.city.http.get(page_url).send().await.expect("page");
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().await.expect("html");
    for text in [
        "lang=\"de\"",
        "25,00 €",
        "LNBM GEB-2026-000412",
        "Jahresgebühr Bibliotheksausweis",
        "Abbrechen",
        "Kreditkarte",
        "SEPA-Lastschrift",
        "Wero",
        "PayPal",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("<script"), "works without JavaScript");
    let post = |action: &str| p.city.http.post(format!("{page_url}/{action}")).body("").send();
    let three_ds = post("card").await.expect("card");
    assert_eq!(three_ds.status(), StatusCode::OK);
    assert!(three_ds.text().await.expect("html").contains("3-D Secure"));
    let back = post("card-3ds-confirm").await.expect("confirm");
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(back.headers()["location"], RETURN);
    assert_eq!(post("paypal").await.expect("again").status(), StatusCode::CONFLICT);
    let other = p.transaction("page-2").await;
    let url = other["transactionRedirectUrl"].as_str().expect("url");
    let skipped = p.city.http.post(format!("{url}/card-3ds-confirm")).send().await.expect("post");
    assert_eq!(skipped.status(), StatusCode::CONFLICT, "3-D Secure needs the card step first");
    assert_eq!(
        p.city.http.get(p.city.url("epaybl/paypage/EPB-0")).send().await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_unpaid_paypage_fails_with_timeout_on_the_sandbox_clock() {
    let mut p = Provider::start().await;
    let info = p.transaction("ttl-1").await;
    let id = info["transactionId"].as_str().expect("id").to_owned();
    p.city.advance(899).await;
    // The service's own token expired on the sandbox clock too.
    p.token = p.city.provider_token().await;
    assert_eq!(p.read(&id).await.1["paymentInformation"]["status"], "INITIAL");
    p.city.advance(2).await;
    let (_, body) = p.read(&id).await;
    let info_now = &body["paymentInformation"];
    assert_eq!(
        (info_now["status"].as_str(), info_now["statusDetail"].as_str()),
        (Some("FAILED"), Some("TIMEOUT"))
    );
    assert!(info_now.get("transactionRedirectUrl").is_none());
    assert!(matches!(
        p.pay(&info, PayChoice::Paypal).await,
        Err(HeadlessPayError::NoPayForm { .. })
    ));

    p.city.control("epaybl/settings", Some(json!({"paypageTtlSeconds": 60}))).await;
    let short = p.transaction("ttl-2").await;
    let short_id = short["transactionId"].as_str().expect("id");
    p.city
        .control(
            &format!("epaybl/transactions/{short_id}"),
            Some(json!({"status": "PAYED", "delayMs": 30_000})),
        )
        .await;
    assert_eq!(p.read(short_id).await.1["paymentInformation"]["status"], "INITIAL");
    p.city.advance(31).await;
    assert_eq!(
        p.read(short_id).await.1["paymentInformation"]["status"],
        "PAYED",
        "the delayed outcome"
    );

    let sepa = p.transaction("ttl-3").await;
    let sepa_id = sepa["transactionId"].as_str().expect("id");
    p.pay(&sepa, PayChoice::Sepa).await.expect("mandate");
    p.city.advance(100).await;
    let pending = p.read(sepa_id).await.1;
    let pending = &pending["paymentInformation"];
    assert_eq!(
        (pending["status"].as_str(), pending["statusDetail"].as_str()),
        (Some("INITIAL"), Some("PENDING_DEBIT")),
        "a pending debit does not time out"
    );
    p.city.advance(21).await;
    let settled = p.read(sepa_id).await.1;
    assert_eq!(settled["paymentInformation"]["paymentMethodDetail"], "SEPA-Lastschrift");
    assert_eq!(settled["paymentInformation"]["status"], "PAYED");
}
