//! `leipzig fees | pay | payments`: what I owe, paying it on the payment
//! service's page, and receipts. As on the phone, the page runs in the
//! browser and the outcome is always asked from the city, never taken from
//! the return link. `--simulate` clicks through the sandbox's page instead
//! of a person (loopback only).

use leipzig_core::{
    App,
    payments::{Fee, FeeState, Payment, PaymentState, Receipt, Subject, SubjectKind, format_eur},
};
use serde_json::{Value, json};

use crate::{
    args::{Global, PayArgs, PayKind, PaymentsCommand},
    commands::account::open_browser,
    fail::Failure,
    output,
};

/// The `--json` form of a payment.
pub fn payment_json(p: &Payment) -> Value {
    json!({
        "payment_id": p.payment_id.as_deref().unwrap_or(&p.id),
        "local_id": p.id,
        "subject": {"type": p.subject.kind.wire(), "id": p.subject.id},
        "state": p.state.as_str(),
        "amount_cents": p.amount_cents,
        "currency": p.currency,
        "title": p.title,
        "paypage_url": p.paypage_url,
        "transaction_reference": p.transaction_reference,
        "payment_method": p.payment_method,
        "payment_method_detail": p.payment_method_detail,
        "status_detail": p.status_detail,
        "error_code": p.error_code,
        "error_message": p.error_message,
        "late_correction": p.late_correction,
        "paid_at": p.paid_at,
        "expires_at": p.expires_at,
        "has_receipt": p.has_receipt,
    })
}

fn fee_state(state: FeeState) -> &'static str {
    match state {
        FeeState::Open => "open",
        FeeState::InProgress => "payment under way",
        FeeState::Paid => "paid",
    }
}

/// What a state means for the citizen.
pub fn state_text(p: &Payment) -> String {
    let text = match p.state {
        PaymentState::Created => "saved on this machine, not yet confirmed by the city",
        PaymentState::Initial => "open — being checked with the payment service",
        PaymentState::Payed if p.late_correction => "paid (confirmed late, after a failure)",
        PaymentState::Payed => "paid",
        PaymentState::Canceled => "cancelled on the payment page — nothing charged",
        PaymentState::Failed if p.status_detail.as_deref() == Some("TIMEOUT") => {
            "failed: the payment page timed out — nothing charged"
        }
        PaymentState::Failed => "failed — nothing charged",
        PaymentState::Error => "refused by the payment service — nothing charged",
    };
    text.to_owned()
}

fn amount(cents: Option<i64>) -> String {
    cents.map_or_else(|| "–".to_owned(), format_eur)
}

/// `leipzig fees`.
pub async fn fees(app: &App, global: &Global) -> Result<(), Failure> {
    let fees: Vec<Fee> = if global.offline {
        app.payments().fees()?
    } else {
        output::with_spinner(
            "Asking the city what you owe…",
            global.json,
            app.payments().refresh_fees(),
        )
        .await
        .map_err(needs_login)?
    };
    if global.json {
        let rows: Vec<Value> = fees
            .iter()
            .map(|f| {
                json!({
                    "subject": {"type": f.subject.kind.wire(), "id": f.subject.id},
                    "title": f.title, "office": f.office, "amount_cents": f.amount_cents,
                    "currency": f.currency, "due_date": f.due_date,
                    "state": fee_state(f.state), "payable": f.payable, "payment_id": f.payment_id,
                })
            })
            .collect();
        return output::json(&rows);
    }
    if fees.is_empty() {
        println!("You owe the city nothing.");
        return Ok(());
    }
    let mut table = output::table(&["ID", "Kind", "What", "Amount", "Due", "State"]);
    for f in &fees {
        table.add_row(vec![
            f.subject.id.clone(),
            if f.subject.kind == SubjectKind::Fee { "fee" } else { "notice" }.to_owned(),
            f.title.clone(),
            format_eur(f.amount_cents),
            f.due_date.clone().unwrap_or_else(|| "–".to_owned()),
            fee_state(f.state).to_owned(),
        ]);
    }
    println!("{table}");
    println!("Pay one with `leipzig pay fee ID` (or `pay notice ID`).");
    Ok(())
}

fn needs_login(e: leipzig_core::Error) -> Failure {
    if matches!(e, leipzig_core::Error::Auth(_)) {
        Failure::new(format!("{e} — log in first: `leipzig login`"))
    } else {
        e.into()
    }
}

/// `leipzig pay fee|notice ID`.
pub async fn pay(app: &App, global: &Global, args: &PayArgs) -> Result<(), Failure> {
    let kind = match args.kind {
        PayKind::Fee => SubjectKind::Fee,
        PayKind::Notice => SubjectKind::Notice,
    };
    // `pay notice` takes the notice's id (from `leipzig notices`) or the
    // city's payment reference of it.
    let known_notice = kind == SubjectKind::Notice && app.notices().notice(&args.id).is_ok();
    let started = if known_notice {
        app.pay_notice(&args.id).await
    } else {
        app.payments().start(Subject::new(kind, &args.id)?).await
    };
    let started = started.map_err(needs_login)?;
    let mut payment = started.payment.clone();
    if started.already_paid {
        return finish(global, &payment, "Already paid — no new charge. The receipt is stored.");
    }
    let Some(page) = started.paypage_url.clone() else {
        let why = started.not_sent_reason.unwrap_or_else(|| "not yet confirmed".to_owned());
        output::warn(&format!("the city has not confirmed the payment yet ({why}); it is retried"));
        return finish(global, &payment, "Saved on this machine; `leipzig sync` sends it.");
    };
    if !global.json {
        println!("Payment page ({}):\n\n  {page}\n", amount(payment.amount_cents));
    }
    if let Some(choice) = &args.simulate {
        payment = simulate(app, &payment, &page, choice).await?;
    } else {
        if !args.no_browser {
            open_browser(&page);
        }
        let wait = app.payments().settle(&payment.id);
        payment =
            output::with_spinner("Waiting for the payment service…", global.json, wait).await?;
    }
    finish(global, &payment, "")
}

/// Clicks through the sandbox's payment page, follows the return link the
/// way the phone does, then asks the city.
async fn simulate(
    app: &App,
    payment: &Payment,
    page: &str,
    choice: &str,
) -> Result<Payment, Failure> {
    let choice: leipzig_sandbox::epaybl::PayChoice = choice
        .parse()
        .map_err(|_| Failure::new("--simulate takes paypal, card, wero, sepa, cancel or fail"))?;
    match click_through(page, choice).await? {
        Some(link) => {
            app.payments().handle_return(&link).await?;
        }
        None => output::warn("the browser never came back to the app; asking the city instead"),
    }
    Ok(app.payments().settle(&payment.id).await?)
}

/// Drives the sandbox's payment page like a person would (refused unless it
/// is on loopback); the app's return link, or `None` when the page did not
/// send the browser back.
pub async fn click_through(
    page: &str,
    choice: leipzig_sandbox::epaybl::PayChoice,
) -> Result<Option<String>, Failure> {
    let url = reqwest::Url::parse(page)
        .map_err(|_| Failure::new("the payment page address is invalid"))?;
    if !(url.scheme() == "http" && leipzig_core::config::is_loopback(&url)) {
        return Err(Failure::new(
            "simulated payments work only against the sandbox (a loopback payment page)",
        ));
    }
    leipzig_core::http::install_crypto_provider();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|_| Failure::new("no HTTP client"))?;
    let landing = leipzig_sandbox::epaybl::headless_pay(&http, &url, choice)
        .await
        .map_err(|e| Failure::new(format!("the sandbox payment page failed: {e}")))?;
    Ok(match landing {
        leipzig_sandbox::epaybl::PayLanding::AppLink(link) => Some(link.to_string()),
        leipzig_sandbox::epaybl::PayLanding::NoRedirect => None,
    })
}

fn finish(global: &Global, payment: &Payment, note: &str) -> Result<(), Failure> {
    if global.json {
        return output::json(&payment_json(payment));
    }
    show_payment(payment);
    if !note.is_empty() {
        println!("{note}");
    }
    if payment.state == PaymentState::Initial {
        println!("Still open: `leipzig payments show {}` asks again.", payment.id);
    }
    Ok(())
}

fn show_payment(p: &Payment) {
    let mut table = output::table(&["", ""]);
    table.add_row(vec!["Payment".to_owned(), p.payment_id.clone().unwrap_or_else(|| p.id.clone())]);
    table.add_row(vec!["For".to_owned(), p.title.clone().unwrap_or_else(|| p.subject.id.clone())]);
    table.add_row(vec!["Amount".to_owned(), amount(p.amount_cents)]);
    table.add_row(vec!["State".to_owned(), state_text(p)]);
    if let Some(reference) = &p.transaction_reference {
        table.add_row(vec!["Kassenzeichen".to_owned(), reference.clone()]);
    }
    if let Some(method) = &p.payment_method {
        let detail =
            p.payment_method_detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
        table.add_row(vec!["Paid with".to_owned(), format!("{method}{detail}")]);
    }
    if let Some(message) = &p.error_message {
        table.add_row(vec!["Why".to_owned(), message.clone()]);
    }
    if p.has_receipt {
        table.add_row(vec![
            "Receipt".to_owned(),
            format!("leipzig payments receipt {}", p.payment_id.as_deref().unwrap_or(&p.id)),
        ]);
    }
    println!("{table}");
}

/// `leipzig payments …`.
pub async fn run(app: &App, global: &Global, command: &PaymentsCommand) -> Result<(), Failure> {
    match command {
        PaymentsCommand::List => {
            if !global.offline
                && app.account().is_logged_in()?
                && let Err(e) = app.payments().reconcile().await
            {
                output::warn(&format!("showing what is stored: {e}"));
            }
            let payments = app.payments().payments()?;
            if global.json {
                return output::json(&payments.iter().map(payment_json).collect::<Vec<_>>());
            }
            if payments.is_empty() {
                println!("No payments yet.");
                return Ok(());
            }
            let mut table = output::table(&["ID", "Started", "For", "Amount", "State"]);
            for p in &payments {
                table.add_row(vec![
                    p.id.clone(),
                    output::local_epoch(p.created_at),
                    p.title.clone().unwrap_or_else(|| p.subject.id.clone()),
                    amount(p.amount_cents),
                    state_text(p),
                ]);
            }
            println!("{table}");
            Ok(())
        }
        PaymentsCommand::Show { id } => {
            let payment = if global.offline {
                app.payments().payment(id)?
            } else {
                app.payments().refresh(id).await.map_err(needs_login)?
            };
            finish(global, &payment, "")
        }
        PaymentsCommand::Receipt { id, out } => {
            let receipt = app.payments().receipt(id)?;
            if let Some(out) = out {
                let files = app.payments().export_receipt(id, out)?;
                if global.json {
                    return output::json(&files);
                }
                for f in files {
                    println!("Wrote {}", f.display());
                }
                return Ok(());
            }
            if global.json {
                return output::json(&receipt);
            }
            show_receipt(&receipt);
            Ok(())
        }
    }
}

fn show_receipt(r: &Receipt) {
    let mut table = output::table(&["Quittung", &r.receipt_number]);
    table.add_row(vec!["For".to_owned(), r.title.clone()]);
    table.add_row(vec!["Amount".to_owned(), format_eur(r.amount_cents)]);
    table.add_row(vec!["Kassenzeichen".to_owned(), r.transaction_reference.clone()]);
    let paid_at = chrono::DateTime::parse_from_rfc3339(&r.paid_at).ok().map(|t| t.to_utc());
    table.add_row(vec!["Paid at".to_owned(), output::local_time(paid_at)]);
    table.add_row(vec!["Paid with".to_owned(), r.payment_method.clone().unwrap_or_default()]);
    table.add_row(vec!["Payee".to_owned(), format!("{}, {}", r.payee_name, r.payee_address)]);
    table.add_row(vec!["Payment".to_owned(), r.payment_id.clone()]);
    println!("{table}");
}
