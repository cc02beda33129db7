//! The sandbox's XBezahldienste payment service over loopback HTTP, against
//! `reference/payments.md` §1 and §4.1: client-credentials tokens, the
//! PaymentRequest checks and every `functionalCode`, exact two-decimal
//! amounts, the status endpoint under maintenance. The paypage is tested in
//! `epaybl_paypage.rs`.

mod payment_support;

use payment_support::provider::{BOOKED, Provider, RETURN, TENANT, code, request, simple};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn tokens_are_client_credentials_and_required() {
    let p = Provider::start().await;
    let post = |form: &'static str| {
        p.city
            .http
            .post(p.city.url("epaybl/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
    };
    let wrong = post("grant_type=client_credentials&client_id=lnbm-app-api&client_secret=x");
    assert_eq!(wrong.await.expect("post").status(), StatusCode::UNAUTHORIZED);
    let grant = post(
        "grant_type=password&client_id=lnbm-app-api&client_secret=sandbox-only-lnbm-app-api-secret",
    );
    let grant: Value = grant.await.expect("post").json().await.expect("json");
    assert_eq!(grant["error"], "unsupported_grant_type");
    let basic = p
        .city
        .http
        .post(p.city.url("epaybl/oauth/token"))
        .basic_auth("lnbm-app-api", Some("sandbox-only-lnbm-app-api-secret"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("post");
    let basic: Value = basic.json().await.expect("json");
    assert_eq!(
        (basic["token_type"].as_str(), basic["expires_in"].as_i64()),
        (Some("Bearer"), Some(300))
    );

    for token in [None, Some("forged")] {
        let mut request = p.city.http.post(p.city.url(TENANT)).body(simple("r-1"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("post");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(response.headers().contains_key("www-authenticate"));
    }
    assert!(p.city.transactions().await.is_empty());
}

#[tokio::test]
async fn a_valid_request_creates_an_initial_transaction_with_exact_amounts() {
    let p = Provider::start().await;
    let (status, text) =
        p.create_raw(TENANT, &simple("7d0c6c1e-3f5e-4b1a-9a0e-2b8f5d0c1a11")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        text.contains(r#""grosAmount":25.00"#) && text.contains(r#""totalTaxAmount":0.00"#),
        "{text}"
    );
    let body: Value = serde_json::from_str(&text).expect("json");
    let info = &body["paymentInformation"];
    assert_eq!(info["status"], "INITIAL");
    let id = info["transactionId"].as_str().expect("transactionId");
    assert!(id.starts_with("EPB-") && id != "7d0c6c1e-3f5e-4b1a-9a0e-2b8f5d0c1a11");
    assert_eq!(info["transactionRedirectUrl"], p.city.url(&format!("epaybl/paypage/{id}")));
    assert_eq!(info["transactionUrl"], p.city.url(&format!("{TENANT}/{id}")));
    assert!(info.get("paymentMethod").is_none() && info.get("transactionReference").is_none());
    assert_eq!(body["paymentRequest"]["purpose"], "LNBM GEB-2026-000412");
    let (status, read) = p.read(id).await;
    assert_eq!((status, &read), (StatusCode::OK, &body));

    // 0.10 + 0.20 is exactly 0.30 here (it is not in binary floating point).
    let (status, body) = p
        .create(&request("r-float", "0.30", &[("0.10", BOOKED), ("0.20", BOOKED)], "LNBM X"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = p.create(&request("r-int", "25", &[("25", BOOKED)], "LNBM X")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(p.read("EPB-0000-000000").await.0, StatusCode::NOT_FOUND);
    let rows = p.city.transactions().await;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0]["grosAmountCents"].as_i64(), rows[1]["grosAmountCents"].as_i64()),
        (Some(2500), Some(30))
    );
}

#[tokio::test]
async fn every_functional_code_is_answered_as_problem_json() {
    let p = Provider::start().await;
    p.transaction("dup-1").await;
    let cases: Vec<(String, &str, StatusCode)> = vec![
        (simple("dup-1"), "PAYMENT_EXISTS", StatusCode::CONFLICT),
        (
            request("c-1", "25.00", &[("24.99", BOOKED)], "LNBM X"),
            "CALCULATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("c-2", "0.30", &[("0.10", BOOKED), ("0.21", BOOKED)], "LNBM X"),
            "CALCULATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("b-1", "5.00", &[("5.00", r#"{"haushaltsstelle":"6.1"}"#)], "LNBM X"),
            "BOOKING_DATA_MISSING",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("p-1", "1.00", &[("1.00", BOOKED)], &"A".repeat(28)),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("p-2", "1.00", &[("1.00", BOOKED)], "LNBM GEB/2026"),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("a-1", "1.001", &[("1.001", BOOKED)], "LNBM X"),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("a-2", "\"1.00\"", &[("1.00", BOOKED)], "LNBM X"),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("a-3", "1e2", &[("100.00", BOOKED)], "LNBM X"),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (
            request("bad id!", "1.00", &[("1.00", BOOKED)], "LNBM X"),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (simple("u-1").replace("\"EUR\"", "\"USD\""), "VALIDATION_ERROR", StatusCode::BAD_REQUEST),
        (
            simple("u-2").replace(RETURN, "javascript:alert(1)"),
            "VALIDATION_ERROR",
            StatusCode::BAD_REQUEST,
        ),
        (request("u-3", "1.00", &[], "LNBM X"), "VALIDATION_ERROR", StatusCode::BAD_REQUEST),
    ];
    for (body, expected, status) in cases {
        let (got, problem) = p.create(&body).await;
        assert_eq!((got, code(&problem)), (status, expected), "{body}\n{problem}");
        assert_eq!(problem["status"], status.as_u16());
        assert!(problem["title"].is_string() && problem["detail"].is_string());
    }
    let (status, problem) =
        p.create_raw("epaybl/paymenttransaction/unbekannt/14713000", &simple("t-1")).await;
    let problem: Value = serde_json::from_str(&problem).expect("json");
    assert_eq!(
        (status, code(&problem)),
        (StatusCode::BAD_REQUEST, "NO_VALID_ORIGINATOR_OR_ENDPOINT")
    );
    let purpose27 = request("p-27", "1.00", &[("1.00", BOOKED)], &"A".repeat(27));
    assert_eq!(p.create(&purpose27).await.0, StatusCode::OK);

    for (functional_code, status) in [
        ("NO_VALID_ORIGINATOR_OR_ENDPOINT", None),
        ("PAYMENT_EXISTS", None),
        ("CALCULATION_ERROR", None),
        ("BOOKING_DATA_MISSING", None),
        ("VALIDATION_ERROR", None),
        ("UNSPECIFIED", Some(500)),
        ("FORBIDDEN", None),
    ] {
        let mut next = json!({"functionalCode": functional_code});
        if let Some(s) = status {
            next["status"] = json!(s);
        }
        p.city.control("epaybl/next-error", Some(next)).await;
        let (got, problem) = p.create(&simple(&format!("n-{functional_code}"))).await;
        assert_eq!(code(&problem), functional_code);
        let expected = match functional_code {
            "PAYMENT_EXISTS" => 409,
            "FORBIDDEN" => 403,
            "UNSPECIFIED" => 500,
            _ => 400,
        };
        assert_eq!(got.as_u16(), expected, "{functional_code}");
        // Only the next create.
        assert_eq!(p.create(&simple(&format!("m-{functional_code}"))).await.0, StatusCode::OK);
    }
}

#[tokio::test]
async fn status_and_create_are_503_under_maintenance() {
    let p = Provider::start().await;
    let status = |path: &str| p.city.http.get(p.city.url(path)).send();
    assert_eq!(
        status("epaybl/status/lnbm-gebuehren/14713000").await.expect("s").status(),
        StatusCode::OK
    );
    assert_eq!(
        status("epaybl/status/x/14713000").await.expect("s").status(),
        StatusCode::FORBIDDEN
    );
    let open = p.transaction("before").await;
    p.city.control("epaybl/settings", Some(json!({"maintenance": true}))).await;
    assert_eq!(
        status("epaybl/status/lnbm-gebuehren/14713000").await.expect("s").status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(p.create(&simple("during")).await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(p.read(open["transactionId"].as_str().expect("id")).await.0, StatusCode::OK);
    let settings = p.city.control("epaybl/settings", Some(json!({"maintenance": false}))).await;
    assert_eq!(
        settings,
        json!({"paypageTtlSeconds": 900, "sepaSettleSeconds": 120, "maintenance": false})
    );
    assert_eq!(p.create(&simple("after")).await.0, StatusCode::OK);
    let index: Value = p
        .city
        .http
        .get(p.city.url("_sandbox"))
        .send()
        .await
        .expect("index")
        .json()
        .await
        .expect("json");
    for control in [
        "GET /_sandbox/epaybl/transactions",
        "POST /_sandbox/epaybl/transactions/{transactionId}",
        "POST /_sandbox/epaybl/next-error",
        "GET|POST /_sandbox/epaybl/settings",
        "POST /_sandbox/payments/{paymentId}/outcome",
        "GET /_sandbox/payments/reconciliation",
    ] {
        assert!(index["controls"][control].is_string(), "{control} is listed");
    }
}
