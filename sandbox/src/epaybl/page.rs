//! The paypage's HTML: plain German forms a person can click through in
//! any browser (no script), with stable ids for [`super::headless_pay`]:
//! `epb-paypal`, `epb-card`, `epb-wero`, `epb-sepa`, `epb-cancel`,
//! `epb-fail`; on the 3-D Secure page `epb-card-3ds-confirm` and
//! `epb-card-3ds-cancel`; `epb-done` marks the page shown instead of the
//! redirect (`dropRedirect`).

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};

use super::{amount::german, store::Transaction, wire::XbdStatus};
use crate::oidc::html::escape;

/// The `id` of the page shown instead of the redirect.
pub const DONE_ID: &str = "epb-done";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.5rem}dt{font-weight:600}\
dd{margin:0 0 .6rem 0}table{border-collapse:collapse;width:100%}td,th{text-align:left;\
padding:.3rem;border-bottom:1px solid #ccc}form{margin:.8rem 0}fieldset{border:1px solid #888;\
border-radius:4px}label{display:block;margin-top:.5rem}input[type=text]{width:100%;\
box-sizing:border-box;padding:.4rem;font-size:1rem}button{padding:.7rem 1.2rem;font-size:1rem;\
background:#0a4f8a;color:#fff;border:0;border-radius:4px;min-width:16rem}\
button.secondary{background:#555}button:focus,input:focus{outline:3px solid #e8a500;\
outline-offset:2px}.hint{color:#444;font-size:.9rem}.amount{font-size:1.3rem;font-weight:700}";

/// A whole page with the payment service's banner.
fn page(status: StatusCode, title: &str, main_id: &str, body: &str) -> Response {
    let title = escape(title);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <title>{title} – ePayBL Bezahlseite</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <main id=\"{main_id}\">\n<p>Stadt Leipzig · ePayBL-Bezahlseite (Sandbox)</p>\n\
         <h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    );
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "content-security-policy",
        // No `form-action`: browsers apply it to the redirect back.
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    response
}

/// `HH:MM Uhr` in Leipzig's time zone.
fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Berlin).format("%d.%m.%Y, %H:%M Uhr").to_string()
}

/// Amount, purpose, description and items of a transaction.
fn summary(t: &Transaction) -> String {
    let r = &t.request;
    let rows: String = r
        .items
        .iter()
        .map(|item| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{} €</td></tr>",
                escape(item.description.as_deref().unwrap_or(&item.id)),
                item.quantity,
                german(item.total_net_amount.cents() + item.total_tax_amount.cents()),
            )
        })
        .collect();
    format!(
        "<dl>\n<dt>Zahlungsempfänger</dt><dd>Stadt Leipzig, Stadtkasse</dd>\n\
         <dt>Verwendungszweck</dt><dd>{}</dd>\n<dt>Beschreibung</dt><dd>{}</dd>\n\
         <dt>Betrag</dt><dd class=\"amount\">{} €</dd>\n</dl>\n\
         <table><thead><tr><th>Position</th><th>Menge</th><th>Betrag</th></tr></thead>\
         <tbody>{rows}</tbody></table>\n",
        escape(&r.purpose),
        escape(&r.description),
        german(r.gros_amount.cents()),
    )
}

fn action_url(base: &str, t: &Transaction, action: &str) -> String {
    escape(&format!("{base}epaybl/paypage/{}/{action}", t.transaction_id))
}

/// A form with one button posting to `action`, plus `fields` (raw HTML).
fn form(
    base: &str,
    t: &Transaction,
    action: &str,
    fields: &str,
    button: &str,
    class: &str,
) -> String {
    format!(
        "<form id=\"epb-{action}\" method=\"post\" action=\"{}\">\n{fields}\
         <button type=\"submit\"{class}>{}</button>\n</form>\n",
        action_url(base, t, action),
        escape(button),
        class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") },
    )
}

/// The paypage with every payment method.
pub fn paypage(base: &str, t: &Transaction) -> Response {
    let card_fields = "<fieldset><legend>Testkarte (Sandbox)</legend>\n\
        <label for=\"card-number\">Kartennummer</label>\n\
        <input type=\"text\" id=\"card-number\" name=\"cardNumber\" value=\"4111 1111 1111 1111\" \
        autocomplete=\"off\" readonly>\n\
        <label for=\"card-expiry\">Gültig bis</label>\n\
        <input type=\"text\" id=\"card-expiry\" name=\"expiry\" value=\"12/30\" autocomplete=\"off\" readonly>\n\
        </fieldset>\n";
    let sepa_fields = "<fieldset><legend>Testkonto (Sandbox)</legend>\n\
        <label for=\"iban\">IBAN</label>\n\
        <input type=\"text\" id=\"iban\" name=\"iban\" value=\"DE89 3704 0044 0532 0130 00\" \
        autocomplete=\"off\" readonly>\n\
        <label><input type=\"checkbox\" name=\"mandate\" value=\"yes\" checked> \
        Ich erteile das SEPA-Lastschriftmandat.</label>\n</fieldset>\n";
    let body = format!(
        "{summary}<h2>Zahlungsart wählen</h2>\n\
         {paypal}{card}{wero}{sepa}\
         <h2>Nicht bezahlen</h2>\n{cancel}{fail}\
         <p class=\"hint\">Diese Bezahlseite ist gültig bis {until}. Die Sandbox bucht nichts ab.</p>",
        summary = summary(t),
        paypal = form(base, t, "paypal", "", "Mit PayPal bezahlen", ""),
        card = form(base, t, "card", card_fields, "Mit Kreditkarte bezahlen", ""),
        wero = form(base, t, "wero", "", "Mit Wero bezahlen", ""),
        sepa = form(base, t, "sepa", sepa_fields, "Per SEPA-Lastschrift bezahlen", ""),
        cancel = form(base, t, "cancel", "", "Abbrechen", "secondary"),
        fail = form(base, t, "fail", "", "Fehlschlag simulieren", "secondary"),
        until = local_time(t.expires_at),
    );
    page(StatusCode::OK, "Bezahlen", "epb-paypage", &body)
}

/// The card issuer's 3-D Secure step.
pub fn three_ds(base: &str, t: &Transaction) -> Response {
    let body = format!(
        "<p>Ihre Bank bittet Sie, die Zahlung von <strong>{} €</strong> an die Stadt Leipzig \
         zu bestätigen (Verwendungszweck {}).</p>\n\
         <p class=\"hint\">Sandbox: Es wird kein Code benötigt.</p>\n{}{}",
        german(t.request.gros_amount.cents()),
        escape(&t.request.purpose),
        form(base, t, "card-3ds-confirm", "", "Zahlung freigeben", ""),
        form(base, t, "card-3ds-cancel", "", "Abbrechen", "secondary"),
    );
    page(StatusCode::OK, "3-D Secure – Zahlung bestätigen", "epb-3ds", &body)
}

/// The page of a transaction that can no longer be paid (or is being
/// debited), with a link back to the online service.
pub fn closed(status: StatusCode, t: &Transaction) -> Response {
    let title = match (t.status, t.status_detail.as_deref()) {
        (XbdStatus::Initial, _) if t.settles_at.is_some() => "Ihre Lastschrift wird bearbeitet",
        (XbdStatus::Initial, _) => "Dieser Schritt ist nicht möglich",
        (XbdStatus::Payed, _) => "Diese Zahlung ist bereits erfolgt",
        (XbdStatus::Canceled, _) => "Dieser Zahlvorgang wurde abgebrochen",
        (XbdStatus::Failed, Some("TIMEOUT")) => "Die Zeit für diesen Zahlvorgang ist abgelaufen",
        (XbdStatus::Failed, _) => "Dieser Zahlvorgang ist fehlgeschlagen",
    };
    let body = format!(
        "{}<p><a id=\"epb-back\" href=\"{}\">Zurück zur Stadt Leipzig</a></p>",
        summary(t),
        escape(&t.request.redirect_url),
    );
    page(status, title, "epb-closed", &body)
}

/// Shown instead of the redirect when the redirect is dropped.
pub fn done(t: &Transaction) -> Response {
    let title = match t.status {
        XbdStatus::Canceled => "Zahlung abgebrochen – Sie können dieses Fenster schließen",
        XbdStatus::Failed => "Zahlung fehlgeschlagen – Sie können dieses Fenster schließen",
        XbdStatus::Initial | XbdStatus::Payed => {
            "Zahlung abgeschlossen – Sie können dieses Fenster schließen"
        }
    };
    let body = "<p role=\"status\">Kehren Sie zur App zurück; dort sehen Sie das Ergebnis.</p>";
    page(StatusCode::OK, title, DONE_ID, body)
}

/// No such transaction.
pub fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Zahlvorgang nicht gefunden",
        "epb-not-found",
        "<p>Diesen Zahlvorgang gibt es nicht. Bitte starten Sie die Zahlung in der App erneut.</p>",
    )
}
