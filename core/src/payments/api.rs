//! The payment endpoints of the city's app API (`fixtures/openapi/app-api.yaml`):
//! fees, payments, receipts. The phone never talks to the payment service
//! (XBezahldienste): its credentials belong to the city's server.
//!
//! Wire types keep the API's names; [`WirePayment::into_details`] checks
//! what arrives (state names, amount range, text lengths) before anything
//! is stored.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{
    model::{Fee, Receipt, Subject},
    wire::{FeeList, PaymentList, WireFee, WirePayment, WireReceipt, invalid},
};
use crate::{
    app_api::{AppApiClient, Call, RawAnswer},
    error::{Error, Result},
};

/// Largest receipt PDF kept.
pub const MAX_PDF_BYTES: usize = 2 * 1024 * 1024;

/// What the city answered to a create.
#[derive(Debug)]
pub enum Created {
    /// A payment (new, or the open one for the same subject).
    Payment(Box<WirePayment>),
    /// The subject was paid before, by this payment.
    AlreadyPaid(String),
    /// Refused for good (unknown subject, invalid request): code and title.
    Refused {
        /// The problem's `code`.
        code: String,
        /// The problem's title.
        title: String,
    },
}

/// The payment endpoints.
#[derive(Debug, Clone)]
pub struct PaymentsApi {
    client: Arc<AppApiClient>,
}

impl PaymentsApi {
    /// Over the app API client.
    pub fn new(client: Arc<AppApiClient>) -> Self {
        Self { client }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        what: &'static str,
    ) -> Result<T> {
        let call = Call { path, bearer: Some(token), ..Call::default() };
        Ok(self.client.send(&call).await?.into_json(what)?.value)
    }

    /// The citizen's fees.
    pub async fn fees(&self, token: &str) -> Result<Vec<Fee>> {
        let list: FeeList = self.get_json("fees", token, "fee list").await?;
        list.fees.into_iter().map(WireFee::checked).collect()
    }

    /// Creates a payment for `subject` (same `key`, same payment).
    pub async fn create(&self, subject: &Subject, key: &str, token: &str) -> Result<Created> {
        let body = json!({"subject": {"type": subject.kind.wire(), "id": subject.id}});
        let call = Call {
            method: Method::POST,
            path: "payments",
            body: Some(&body),
            idempotency_key: Some(key),
            bearer: Some(token),
            ..Call::default()
        };
        let answer = self.client.send(&call).await?;
        let code = answer.problem_code();
        match (answer.status, code.as_deref()) {
            (s, _) if s.is_success() => {
                Ok(Created::Payment(Box::new(answer.into_json("payment")?.value)))
            }
            (StatusCode::CONFLICT, Some("ALREADY_PAID")) => answer
                .problem_member("paymentId")
                .map(Created::AlreadyPaid)
                .ok_or_else(|| invalid("ALREADY_PAID without paymentId")),
            (
                StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY,
                _,
            ) => Ok(refused(&answer, code)),
            _ => Err(answer.into_error()),
        }
    }

    /// One payment (the city asks its payment service while it is open).
    pub async fn payment(&self, payment_id: &str, token: &str) -> Result<WirePayment> {
        let path = format!("payments/{}", path_segment(payment_id)?);
        self.get_json(&path, token, "payment").await
    }

    /// Every payment of the citizen, or only the open ones.
    pub async fn payments(&self, only_pending: bool, token: &str) -> Result<Vec<WirePayment>> {
        let path = if only_pending { "payments?state=pending" } else { "payments" };
        let list: PaymentList = self.get_json(path, token, "payment list").await?;
        Ok(list.payments)
    }

    /// The receipt of a paid payment: JSON and PDF.
    pub async fn receipt(&self, payment_id: &str, token: &str) -> Result<(Receipt, Vec<u8>)> {
        let path = format!("payments/{}/receipt", path_segment(payment_id)?);
        let wire: WireReceipt = self.get_json(&path, token, "receipt").await?;
        let call = Call {
            path: &path,
            bearer: Some(token),
            accept: Some("application/pdf"),
            ..Call::default()
        };
        let answer = self.client.send(&call).await?;
        if !answer.status.is_success() {
            return Err(answer.into_error());
        }
        let is_pdf =
            answer.content_type.as_deref().is_some_and(|t| t.starts_with("application/pdf"));
        if !is_pdf || !answer.body.starts_with(b"%PDF-") || answer.body.len() > MAX_PDF_BYTES {
            return Err(Error::InvalidResponse {
                what: "receipt PDF",
                reason: "not a PDF".to_owned(),
            });
        }
        let receipt = wire.checked()?;
        Ok((receipt, answer.body.to_vec()))
    }
}

fn refused(answer: &RawAnswer, code: Option<String>) -> Created {
    Created::Refused {
        code: code.unwrap_or_else(|| format!("HTTP_{}", answer.status.as_u16())),
        title: answer.problem_member("title").unwrap_or_else(|| "refused".to_owned()),
    }
}

/// A server-made id as one path segment (nothing that changes the path).
fn path_segment(id: &str) -> Result<&str> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(id).ok_or_else(|| Error::Validation {
        field: "payment",
        reason: "not a payment id".to_owned(),
    })
}

/// The host of the app's https return link (an Android App Link / iOS universal link).
pub const APP_LINK_HOST: &str = "app.leipzig.de";
/// The app's custom scheme, the fallback where https links do not reach the app.
pub const APP_SCHEME: &str = "de.leipzig.nahbeimir";

/// The payment id of the app's return link: `https://app.leipzig.de/pay/return?paymentId=…`
/// or `de.leipzig.nahbeimir://pay/return?paymentId=…`. It carries nothing
/// else: the state is always asked from the city.
pub fn payment_id_from_return_link(link: &str) -> Result<String> {
    let bad =
        || Error::Validation { field: "link", reason: "not a payment return link".to_owned() };
    let url = url::Url::parse(link.trim()).map_err(|_| bad())?;
    let path = url.path().trim_end_matches('/');
    let ours = match url.scheme() {
        "https" => url.host_str() == Some(APP_LINK_HOST) && path == "/pay/return",
        APP_SCHEME => url.host_str() == Some("pay") && path == "/return",
        _ => false,
    };
    if !ours {
        return Err(bad());
    }
    let id = url.query_pairs().find(|(k, _)| k == "paymentId").map(|(_, v)| v.into_owned());
    let id = id.ok_or_else(bad)?;
    path_segment(&id).map(str::to_owned).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_links_give_only_a_payment_id() {
        let id = "0b7c2f0e-5a4d-4b8e-9d7a-3c1f2e4d5a6b";
        for link in [
            format!("https://app.leipzig.de/pay/return?paymentId={id}"),
            format!("https://app.leipzig.de/pay/return/?paymentId={id}&status=PAYED"),
            format!("de.leipzig.nahbeimir://pay/return?paymentId={id}"),
        ] {
            assert_eq!(payment_id_from_return_link(&link).expect("link"), id, "{link}");
        }
        for bad in [
            "https://evil.example/pay/return?paymentId=abc".to_owned(),
            "https://app.leipzig.de/login?paymentId=abc".to_owned(),
            "https://app.leipzig.de/pay/return".to_owned(),
            "https://app.leipzig.de/pay/return?paymentId=../../fees".to_owned(),
            "http://app.leipzig.de/pay/return?paymentId=abc".to_owned(),
            "not a link".to_owned(),
        ] {
            assert!(payment_id_from_return_link(&bad).is_err(), "{bad}");
        }
    }
}
