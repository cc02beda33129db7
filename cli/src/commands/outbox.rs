//! `leipzig outbox` and `leipzig sync`: what is saved on this machine, what
//! the city has received, and delivering the rest.

use chrono::DateTime;
use leipzig_core::{App, outbox::OutboxState, sync::StepOutcome};
use serde_json::json;

use crate::{args::Global, fail::Failure, output};

fn state_text(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Pending | OutboxState::Sending => "saved on this machine",
        OutboxState::Acked => "received by the city",
        OutboxState::NeedsUser => "refused — needs your attention",
    }
}

/// Runs `leipzig outbox`.
pub fn show(app: &App, global: &Global) -> Result<(), Failure> {
    let entries = app.outbox().list()?;
    if global.json {
        let rows: Vec<_> = entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.id, "kind": e.kind, "target": e.target, "state": e.state.as_str(),
                    "attempts": e.attempts, "last_error": e.last_error,
                    "created_at": DateTime::from_timestamp(e.created_at, 0).map(|t| t.to_rfc3339()),
                    "received_at": e.server_time,
                })
            })
            .collect();
        return output::json(&rows);
    }
    if entries.is_empty() {
        println!("Nothing waiting: every action has reached the city.");
        return Ok(());
    }
    let mut table = output::table(&["Action", "For", "Since", "State", "Attempts", "Last error"]);
    for e in &entries {
        table.add_row(vec![
            e.kind.clone(),
            e.target.clone(),
            output::local_epoch(e.created_at),
            state_text(e.state).to_owned(),
            e.attempts.to_string(),
            e.last_error.clone().unwrap_or_default(),
        ]);
    }
    println!("{table}");
    Ok(())
}

/// Runs `leipzig sync`.
pub async fn sync(app: &App, global: &Global) -> Result<(), Failure> {
    let report = output::with_spinner("Synchronising…", global.json, app.sync().run()).await;
    let step = |s: &StepOutcome| match s {
        StepOutcome::Updated => "updated".to_owned(),
        StepOutcome::Unchanged => "unchanged".to_owned(),
        StepOutcome::Skipped => "skipped (offline or not configured)".to_owned(),
        StepOutcome::Failed { reason, .. } => format!("failed: {reason}"),
    };
    if global.json {
        return output::json(&json!({
            "outbox": step(&report.outbox), "news": step(&report.news),
            "facilities": step(&report.facilities), "payments": step(&report.payments),
            "notices": step(&report.notices),
            "pending_actions": report.pending_actions, "open_payments": report.open_payments,
            "retry_later": report.retry_later(),
        }));
    }
    println!("Saved actions: {}", step(&report.outbox));
    println!("News: {}", step(&report.news));
    println!("Facilities: {}", step(&report.facilities));
    println!("Payments: {}", step(&report.payments));
    println!("Notices: {}", step(&report.notices));
    if report.open_payments > 0 {
        println!(
            "{} payment(s) still being checked with the payment service.",
            report.open_payments
        );
    }
    if report.pending_actions > 0 {
        println!("{} action(s) still waiting for the city.", report.pending_actions);
    }
    Ok(())
}
