//! `GET /v1/payments/{paymentId}/receipt`: the Quittung of a paid payment,
//! as JSON (`Accept: application/json`, the default) or as a one-page PDF
//! (`Accept: application/pdf`) with the same facts. Unpaid → 409 `NOT_PAID`.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{
    payments::{Payment, PaymentState, SubjectType, rfc3339},
    pdf::{self, Font, Page},
};
use crate::{SandboxContext, epaybl::amount::german, problem};

/// The payee printed on every Quittung.
pub const PAYEE_NAME: &str = "Stadt Leipzig, Stadtkasse";
/// The payee's address.
pub const PAYEE_ADDRESS: &str = "Martin-Luther-Ring 4–6, 04109 Leipzig";

/// What the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Pdf,
}

/// The preferred of JSON and PDF by `Accept` (q-values honoured; JSON when
/// the header is absent or allows anything); `None` when neither is
/// acceptable.
fn negotiate(headers: &HeaderMap) -> Option<Format> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Format::Json);
    };
    let mut best: Option<(Format, u32, usize)> = None;
    for (index, range) in accept.split(',').enumerate() {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        // Thousandths, so the comparison needs no floats.
        let q = (q.clamp(0.0, 1.0) * 1000.0).round() as u32;
        let format = match media.as_str() {
            "application/pdf" => Format::Pdf,
            "application/json" | "application/*" | "*/*" => Format::Json,
            _ => continue,
        };
        if q == 0 {
            continue;
        }
        if best.is_none_or(|(_, bq, _)| q > bq) {
            best = Some((format, q, index));
        }
    }
    best.map(|(format, _, _)| format)
}

/// `Zahlungsart` as a person reads it.
fn method_text(p: &Payment) -> String {
    match (p.payment_method.as_deref(), p.payment_method_detail.as_deref()) {
        (Some("PAYPAL"), _) => "PayPal".to_owned(),
        (Some("CREDITCARD"), _) => "Kreditkarte".to_owned(),
        (_, Some(detail)) => detail.to_owned(),
        (Some(other), None) => other.to_owned(),
        (None, None) => "–".to_owned(),
    }
}

/// The Quittung JSON of a paid payment.
pub fn receipt_json(p: &Payment) -> Value {
    let mut receipt = json!({
        "receiptNumber": p.receipt_number,
        "paymentId": p.payment_id,
        "subject": p.subject,
        "title": p.description,
        "amountCents": p.amount_cents,
        "currency": "EUR",
        "transactionReference": p.transaction_reference,
        "paymentMethod": p.payment_method,
        "paidAt": p.paid_at.map(rfc3339),
        "issuedAt": p.receipt_issued_at.map(rfc3339),
        "payee": {"name": PAYEE_NAME, "address": PAYEE_ADDRESS},
    });
    if let Some(detail) = &p.payment_method_detail {
        receipt["paymentMethodDetail"] = json!(detail);
    }
    receipt
}

/// Leipzig local time, `03.05.2026, 10:15 Uhr`.
fn local(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| {
        t.with_timezone(&chrono_tz::Europe::Berlin).format("%d.%m.%Y, %H:%M Uhr").to_string()
    })
    .unwrap_or_default()
}

/// The Quittung as a one-page PDF.
pub fn receipt_pdf(p: &Payment) -> Vec<u8> {
    let mut page = Page::new();
    let left = 56;
    let value_x = 220;
    page.text(Font::Bold, 11, left, 790, PAYEE_NAME);
    page.text(Font::Regular, 10, left, 776, PAYEE_ADDRESS);
    page.text(Font::Bold, 22, left, 720, "Quittung");
    page.rule(left, 708, pdf::PAGE_WIDTH - left, 708, 0.8);
    let subject_label = match p.subject.kind {
        SubjectType::Fee => "Gebührennummer",
        SubjectType::Bescheid => "Bescheidnummer",
    };
    let rows = [
        ("Quittungsnummer", p.receipt_number.clone().unwrap_or_default()),
        ("Ausgestellt am", local(p.receipt_issued_at)),
        ("Gegenstand", p.description.clone()),
        (subject_label, p.subject.id.clone()),
        ("Betrag", format!("{} €", german(p.amount_cents))),
        ("Kassenzeichen", p.transaction_reference.clone().unwrap_or_default()),
        ("Zahlungsart", method_text(p)),
        ("Bezahlt am", local(p.paid_at)),
        ("Zahlungs-ID", p.payment_id.clone()),
    ];
    let mut y = 680;
    for (label, value) in rows {
        page.text(Font::Bold, 11, left, y, label);
        page.text(Font::Regular, 11, value_x, y, &value);
        y -= 22;
    }
    page.rule(left, y + 8, pdf::PAGE_WIDTH - left, y + 8, 0.4);
    page.text(Font::Regular, 10, left, y - 14, "Der Betrag wurde dankend erhalten.");
    page.text(
        Font::Regular,
        10,
        left,
        y - 28,
        "Diese Quittung wurde maschinell erstellt und ist ohne Unterschrift gültig.",
    );
    let created =
        p.receipt_issued_at.map(|t| t.format("D:%Y%m%d%H%M%SZ").to_string()).unwrap_or_default();
    let title = format!("Quittung {}", p.receipt_number.as_deref().unwrap_or_default());
    pdf::document(&page, &title, &created)
}

/// `GET /v1/payments/{paymentId}/receipt`.
pub async fn receipt(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let owner = match super::account(&ctx, &headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let Some(format) = negotiate(&headers) else {
        return problem::coded(
            StatusCode::NOT_ACCEPTABLE,
            "VALIDATION_ERROR",
            "Not acceptable",
            "The receipt is available as application/json or application/pdf",
        );
    };
    let mine = |ctx: &SandboxContext| {
        ctx.state
            .read(|s| s.app_api.payments.payments.get(&id).filter(|p| p.owner == owner).cloned())
    };
    if mine(&ctx).is_none() {
        return super::payment_routes::not_found();
    }
    super::flow::pull(&ctx, &id).await;
    let Some(payment) = mine(&ctx) else { return super::payment_routes::not_found() };
    if payment.state != PaymentState::Payed {
        return problem::coded(
            StatusCode::CONFLICT,
            "NOT_PAID",
            "Not paid",
            "A receipt exists only for a paid payment",
        );
    }
    match format {
        Format::Json => Json(receipt_json(&payment)).into_response(),
        Format::Pdf => {
            let number = payment.receipt_number.clone().unwrap_or_default();
            let mut response = receipt_pdf(&payment).into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            if let Ok(value) =
                HeaderValue::from_str(&format!("inline; filename=\"Quittung-{number}.pdf\""))
            {
                h.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<Format> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).expect("header"));
        negotiate(&headers)
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Format::Json));
        assert_eq!(accept("application/pdf"), Some(Format::Pdf));
        assert_eq!(accept("application/json"), Some(Format::Json));
        assert_eq!(accept("application/json;q=0.5, application/pdf"), Some(Format::Pdf));
        assert_eq!(accept("application/pdf, */*;q=0.1"), Some(Format::Pdf));
        assert_eq!(accept("text/html"), None);
        assert_eq!(accept("application/pdf;q=0"), None);
    }
}
