//! Calls to the payment service itself: PaymentRequests written as exact
//! JSON text, a client-credentials token, the paypage driven headlessly.

use leipzig_sandbox::epaybl::{HeadlessPayError, PayChoice, PayLanding, headless_pay};
use reqwest::StatusCode;
use serde_json::Value;

use super::City;

pub const TENANT: &str = "epaybl/paymenttransaction/lnbm-gebuehren/14713000";
pub const RETURN: &str = "https://dienst.example/return";

/// A PaymentRequest as JSON text, amounts written exactly as given.
pub fn request(request_id: &str, gros: &str, items: &[(&str, &str)], purpose: &str) -> String {
    let items: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, (net, booking))| {
            format!(
                r#"{{"id":"{}","reference":"GEB-1","description":"Position {}","taxRate":0,
                "quantity":1,"singleNetAmount":{net},"singleTaxAmount":0.00,
                "totalNetAmount":{net},"totalTaxAmount":0.00,"bookingData":{booking}}}"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    format!(
        r#"{{"requestId":"{request_id}","requestTimestamp":"2026-05-02T09:15:00.000Z",
        "currency":"EUR","grosAmount":{gros},"purpose":"{purpose}",
        "description":"Jahresgebühr Bibliotheksausweis","redirectUrl":"{RETURN}",
        "items":[{}]}}"#,
        items.join(",")
    )
}

pub const BOOKED: &str = r#"{"haushaltsstelle":"1.2.7.2.01.01","sachkonto":"43110000"}"#;

pub fn simple(request_id: &str) -> String {
    request(request_id, "25.00", &[("25.00", BOOKED)], "LNBM GEB-2026-000412")
}

pub struct Provider {
    pub city: City,
    pub token: String,
}

impl Provider {
    pub async fn start() -> Self {
        let city = City::start().await;
        let token = city.provider_token().await;
        Self { city, token }
    }

    pub async fn create_raw(&self, path: &str, body: &str) -> (StatusCode, String) {
        let response = self
            .city
            .http
            .post(self.city.url(path))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("post");
        (response.status(), response.text().await.expect("text"))
    }

    pub async fn create(&self, body: &str) -> (StatusCode, Value) {
        let (status, text) = self.create_raw(TENANT, body).await;
        (status, serde_json::from_str(&text).expect("json"))
    }

    pub async fn read(&self, transaction_id: &str) -> (StatusCode, Value) {
        let response = self
            .city
            .http
            .get(self.city.url(&format!("{TENANT}/{transaction_id}")))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("get");
        (response.status(), response.json().await.expect("json"))
    }

    /// Creates a transaction and returns its `paymentInformation`.
    pub async fn transaction(&self, request_id: &str) -> Value {
        let (status, body) = self.create(&simple(request_id)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["paymentInformation"].clone()
    }

    pub async fn pay(
        &self,
        info: &Value,
        choice: PayChoice,
    ) -> Result<PayLanding, HeadlessPayError> {
        let url = info["transactionRedirectUrl"].as_str().expect("paypage");
        headless_pay(&self.city.http, &url::Url::parse(url).expect("url"), choice).await
    }
}

pub fn code(body: &Value) -> &str {
    body["functionalCode"].as_str().unwrap_or_default()
}
