//! `leipzig library …`: order a library card (prefilled from the profile,
//! the city's fee), follow the order, and show the card with its barcode —
//! the same bars the phone shows, drawn by the core.

use leipzig_core::{
    App,
    library::{CardOrder, Person, Registration},
    payments::format_eur,
};
use serde_json::{Value, json};

use crate::{
    args::{Global, LibraryCommand, LibraryOrderArgs},
    fail::Failure,
    output,
};

fn registration_json(app: &App, r: &Registration) -> Value {
    let payment_id = r.payment_subject.as_ref().and_then(|s| {
        app.payments()
            .payments()
            .ok()?
            .into_iter()
            .find(|p| p.subject == *s)
            .and_then(|p| p.payment_id)
    });
    json!({
        "registration_id": r.id, "state": r.state.as_str(), "card_type": r.order.card_type,
        "branch_id": r.order.branch_id, "fee_cents": r.fee_cents,
        "payment_subject": r.payment_subject.as_ref().map(|s| json!({"type": s.kind.wire(), "id": s.id})),
        "payment_id": payment_id, "flags": r.flags, "rejection_reason": r.rejection_reason,
        "card_number": r.card.as_ref().map(|c| c.card_number.clone()),
    })
}

fn split_name(full: &str) -> (String, String) {
    match full.trim().rsplit_once(' ') {
        Some((given, family)) => (given.trim().to_owned(), family.trim().to_owned()),
        None => (String::new(), full.trim().to_owned()),
    }
}

/// Runs `leipzig library …`.
pub async fn run(app: &App, global: &Global, command: &LibraryCommand) -> Result<(), Failure> {
    let library = app.library();
    if !global.offline
        && !matches!(command, LibraryCommand::Card { .. })
        && let Err(e) = library.refresh_catalog().await
    {
        output::warn(&format!("showing what is stored: {e}"));
    }
    match command {
        LibraryCommand::Branches => {
            let branches = library.branches()?;
            if global.json {
                return output::json(&branches);
            }
            let mut table = output::table(&["ID", "Branch", "Address", "Hours"]);
            for b in branches.iter().filter(|b| b.pickup) {
                let address = format!(
                    "{}, {}",
                    b.street.as_deref().unwrap_or(""),
                    b.postcode.as_deref().unwrap_or("")
                );
                table.add_row(vec![
                    b.id.clone(),
                    b.name.clone(),
                    address,
                    b.opening_hours.clone().unwrap_or_default(),
                ]);
            }
            println!("{table}");
            Ok(())
        }
        LibraryCommand::CardTypes => {
            let types = library.card_types()?;
            if global.json {
                return output::json(&types);
            }
            let mut table = output::table(&["Type", "Card", "Fee per year"]);
            for t in &types {
                table.add_row(vec![t.id.clone(), t.name.clone(), format_eur(t.current_fee_cents)]);
            }
            println!("{table}");
            Ok(())
        }
        LibraryCommand::Order(args) => order(app, global, args).await,
        LibraryCommand::Status => {
            let list =
                if global.offline { library.registrations()? } else { library.refresh().await? };
            if global.json {
                return output::json(
                    &list.iter().map(|r| registration_json(app, r)).collect::<Vec<_>>(),
                );
            }
            if list.is_empty() {
                println!(
                    "No card ordered yet: `leipzig library order --type ADULT --branch lsb-0`."
                );
            }
            for r in &list {
                println!("{} {} — {}{}", r.id, r.order.card_type, state_text(r), fee_text(r));
            }
            Ok(())
        }
        LibraryCommand::Card { svg } => {
            let (r, card) = library.card()?.ok_or_else(|| {
                Failure::new("no active card yet: `leipzig library status` shows the order")
            })?;
            let barcode = library.barcode()?;
            if let Some(path) = svg {
                std::fs::write(path, &barcode.svg)?;
            }
            if global.json {
                let mut v = registration_json(app, &r);
                v["symbology"] = json!(barcode.symbology);
                v["payload"] = json!(barcode.payload);
                v["valid_until"] = json!(card.valid_until);
                return output::json(&v);
            }
            println!(
                "Bibliotheksausweis {} — {}",
                card.card_number,
                card.holder_name.as_deref().unwrap_or("")
            );
            println!("valid until {}\n", card.valid_until.as_deref().unwrap_or("–"));
            println!("{}", barcode.text);
            Ok(())
        }
    }
}

fn state_text(r: &Registration) -> String {
    use leipzig_core::library::RegistrationState::*;
    match r.state {
        Saved => "saved on this machine, not yet sent".to_owned(),
        Submitted => "received by the library".to_owned(),
        PaymentPending => match &r.payment_subject {
            Some(s) => format!("fee to pay: `leipzig pay fee {}`", s.id),
            None => "fee to pay".to_owned(),
        },
        ReadyForIdCheck => "bring your ID to the first visit to activate it".to_owned(),
        Active => "active".to_owned(),
        Rejected => format!("refused: {}", r.rejection_reason.as_deref().unwrap_or("")),
    }
}

fn fee_text(r: &Registration) -> String {
    r.fee_cents
        .map(|f| format!(" ({})", if f == 0 { "free".to_owned() } else { format_eur(f) }))
        .unwrap_or_default()
}

async fn order(app: &App, global: &Global, args: &LibraryOrderArgs) -> Result<(), Failure> {
    let mut order: CardOrder = app.library().draft()?;
    order.card_type = args.card_type.to_ascii_uppercase();
    order.branch_id = args.branch.clone();
    if args.leipzig_pass.is_some() {
        order.leipzig_pass.clone_from(&args.leipzig_pass);
    }
    if let Some(name) = &args.duo_name {
        let (given_name, family_name) = split_name(name);
        order.second_adult = Some(Person {
            given_name,
            family_name,
            birthdate: args.duo_birthdate.clone(),
            email: None,
        });
    }
    if let Some(name) = &args.guardian_name {
        let (given_name, family_name) = split_name(name);
        order.guardian = Some(Person {
            given_name,
            family_name,
            birthdate: None,
            email: args.guardian_email.clone(),
        });
    }
    let r = app.library().order(order).await?;
    if global.json {
        return output::json(&registration_json(app, &r));
    }
    println!("Ordered {}: {}{}", r.order.card_type, state_text(&r), fee_text(&r));
    for flag in &r.flags {
        println!("Note: {flag}");
    }
    Ok(())
}
