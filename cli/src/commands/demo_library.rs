//! The library step of `leipzig demo`: order a card, pay its fee on the
//! sandbox's page, the desk visit (a sandbox hook), the card offline.

use leipzig_core::{library::RegistrationState, payments::format_eur};

use super::demo::Narrator;
use crate::fail::Failure;

/// Orders, pays and activates a library card, then shows it offline.
pub(super) async fn library_step(
    app: &leipzig_core::App,
    say: &mut Narrator,
) -> Result<(), Failure> {
    say.step("A library card");
    let (_, types) = app.library().refresh_catalog().await?;
    let fees: Vec<String> =
        types.iter().map(|t| format!("{} {}", t.id, format_eur(t.current_fee_cents))).collect();
    say.line(&format!("The city's fees today: {}.", fees.join(", ")));
    let mut order = app.library().draft()?;
    order.card_type = "ADULT".to_owned();
    order.branch_id = "lsb-0".to_owned();
    say.line(&format!(
        "Ordering an adult card for {} {} at the Stadtbibliothek — prefilled from the profile, nothing retyped.",
        order.applicant.given_name, order.applicant.family_name
    ));
    let r = app.library().order(order).await?;
    say.line(&format!(
        "The city set the fee: {}.",
        r.fee_cents.map(format_eur).unwrap_or_default()
    ));
    if r.state == RegistrationState::PaymentPending {
        let started = app.pay_library(&r.id).await?;
        let page = started.paypage_url.unwrap_or_default();
        let choice = leipzig_sandbox::epaybl::PayChoice::Card;
        let paid = match super::payments::click_through(&page, choice).await? {
            Some(link) => app.payments().handle_return(&link).await?,
            None => app.payments().settle(&started.payment.id).await?,
        };
        say.line(&format!("Paid by card (with 3-D Secure): {}.", paid.state.as_str()));
    }
    let ready = app.library().refresh().await?;
    say.line(&format!(
        "Order state: {} — the ID is checked at the first visit.",
        ready[0].state.as_str()
    ));
    activate(app, &r.id).await?;
    app.library().refresh().await?;
    app.set_offline(true);
    let card = app.library().card()?;
    let barcode = app.library().barcode();
    app.set_offline(false);
    if let (Some((_, card)), Ok(barcode)) = (card, barcode) {
        say.line(&format!(
            "After the desk visit, offline at the counter: card {} (Code 39):",
            card.card_number
        ));
        println!("{}", barcode.text.lines().next().unwrap_or_default());
    }
    Ok(())
}

/// The desk visit: the sandbox's hook standing for the ID check.
async fn activate(app: &leipzig_core::App, id: &str) -> Result<(), Failure> {
    let base = app.config().endpoints.app_api.clone().ok_or_else(|| Failure::new("no app API"))?;
    let url = base
        .join(&format!("../_sandbox/library/registrations/{id}/activate"))
        .map_err(|_| Failure::new("no sandbox"))?;
    if !leipzig_core::config::is_loopback(&url) {
        return Err(Failure::new("the desk visit can only be simulated against the sandbox"));
    }
    leipzig_core::http::install_crypto_provider();
    let response = reqwest::Client::new()
        .post(url)
        .json(&serde_json::json!({}))
        .send()
        .await
        .map_err(|e| Failure::new(format!("sandbox: {e}")))?;
    if !response.status().is_success() {
        return Err(Failure::new(format!("sandbox activation: HTTP {}", response.status())));
    }
    Ok(())
}
