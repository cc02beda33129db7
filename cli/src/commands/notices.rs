//! `leipzig notices …`: the citizen's official notices. Reading one reports
//! its retrieval to the city once (it may start the objection period);
//! replies are saved here first and count only once the city's receipt
//! arrived — an objection still on this machine does not meet a deadline.

use std::path::Path;

use leipzig_core::{
    App,
    notices::{Deadline, Notice, Reply, ReplyDraft, ReplyState, UploadFile},
    payments::format_eur,
};
use serde_json::{Value, json};

use crate::{
    args::{Global, NoticeReplyArgs, NoticesCommand},
    fail::Failure,
    output,
};

fn deadline_json(d: &Deadline) -> Value {
    json!({
        "type": d.name, "due_at": d.due_at, "days_left": d.days_left,
        "at_risk": d.at_risk, "met": d.met,
    })
}

fn reply_json(r: &Reply) -> Value {
    json!({
        "id": r.id, "type": r.kind.wire(), "sync_state": r.state.as_str(),
        "received_at": r.received_at, "receipt_id": r.receipt_id,
        "text": r.text, "confirmation_text": r.confirmation_text, "files": r.file_names,
        "last_error": r.last_error,
    })
}

fn notice_json(n: &Notice, replies: &[Reply]) -> Value {
    json!({
        "id": n.id, "kind": n.kind, "subject": n.subject,
        "issuer": {"authority": n.issuer.authority, "office": n.issuer.office, "official_name": n.issuer.official_name},
        "aktenzeichen": n.aktenzeichen, "issued_at": n.issued_at,
        "delivery": {
            "channel": n.delivery.channel, "legal_basis": n.delivery.legal_basis,
            "first_retrieved_at": n.delivery.first_retrieved_at,
            "bekanntgabe_at": n.delivery.bekanntgabe_at, "retrievable": n.delivery.retrievable,
        },
        "deadlines": n.deadlines.iter().map(deadline_json).collect::<Vec<_>>(),
        "amount_due_cents": n.payment.as_ref().map(|p| p.amount_due_cents),
        "paid": n.payment.as_ref().map(|p| p.paid),
        "read": n.read_at.is_some(), "archived": n.archived,
        "attachments": n.attachments.iter().map(|a| json!({
            "id": a.id, "file_name": a.file_name, "size_bytes": a.size_bytes, "downloaded": a.downloaded,
        })).collect::<Vec<_>>(),
        "replies": replies.iter().map(reply_json).collect::<Vec<_>>(),
    })
}

fn deadline_text(d: &Deadline) -> String {
    let when = match (&d.due_at, d.days_left) {
        (Some(due), Some(left)) if left < 0 => format!("{due} (passed)"),
        (Some(due), Some(0)) => format!("{due} (today)"),
        (Some(due), Some(left)) => format!("{due} ({left} days left)"),
        _ => "not yet fixed (starts when the notice counts as announced)".to_owned(),
    };
    let state = if d.met {
        " — done"
    } else if d.at_risk {
        " — AT RISK"
    } else {
        ""
    };
    format!("{}: {when}{state}", d.name)
}

/// Runs `leipzig notices …`.
pub async fn run(app: &App, global: &Global, command: &NoticesCommand) -> Result<(), Failure> {
    let notices = app.notices();
    match command {
        NoticesCommand::List { all } => {
            if !global.offline {
                let sync =
                    output::with_spinner("Fetching your mailbox…", global.json, notices.sync());
                if let Err(e) = sync.await {
                    output::warn(&format!("showing what is stored: {e}"));
                }
            }
            let list = notices.list(*all)?;
            if global.json {
                let rows: Result<Vec<_>, Failure> =
                    list.iter().map(|n| Ok(notice_json(n, &notices.replies(&n.id)?))).collect();
                return output::json(&rows?);
            }
            if list.is_empty() {
                println!("Your mailbox is empty.");
                return Ok(());
            }
            let mut table =
                output::table(&["ID", "", "Issued", "From", "Subject", "Next deadline"]);
            for n in &list {
                let next = n
                    .deadlines
                    .iter()
                    .filter(|d| !d.met)
                    .min_by_key(|d| d.days_left.unwrap_or(i64::MAX));
                table.add_row(vec![
                    n.id.clone(),
                    if n.read_at.is_some() { " " } else { "●" }.to_owned(),
                    n.issued_at.clone(),
                    n.issuer.office.clone().unwrap_or_else(|| n.issuer.authority.clone()),
                    n.subject.clone(),
                    next.map(deadline_text).unwrap_or_default(),
                ]);
            }
            println!("{table}");
            Ok(())
        }
        NoticesCommand::Show { id } => {
            let n = if global.offline { notices.notice(id)? } else { notices.open(id).await? };
            let replies = notices.replies(id)?;
            if global.json {
                return output::json(&notice_json(&n, &replies));
            }
            show(&n, &replies, &notices.objection_declaration(id)?);
            Ok(())
        }
        NoticesCommand::Download { id, out } => {
            let n = notices.notice(id)?;
            let mut written = Vec::new();
            for a in &n.attachments {
                let bytes = notices.attachment(id, &a.id).await?;
                if let Some(dir) = out {
                    let path = dir.join(Path::new(&a.file_name).file_name().unwrap_or_default());
                    leipzig_core::platform::write_private_file(&path, &bytes)?;
                    written.push(path.display().to_string());
                }
            }
            if global.json {
                return output::json(
                    &json!({"attachments": n.attachments.len(), "written": written}),
                );
            }
            println!("{} PDF(s) verified (SHA-512) and kept on this machine.", n.attachments.len());
            for w in written {
                println!("Wrote {w}");
            }
            Ok(())
        }
        NoticesCommand::Reply(args) => reply(app, global, args).await,
        NoticesCommand::Export { id, out } => {
            let files = notices.export(id, out).await?;
            if global.json {
                return output::json(&files);
            }
            for f in files {
                println!("Wrote {}", f.display());
            }
            Ok(())
        }
        NoticesCommand::Deadlines => {
            let list = notices.deadlines()?;
            if global.json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|d| {
                        let mut v = deadline_json(&d.deadline);
                        v["notice_id"] = json!(d.notice_id);
                        v["subject"] = json!(d.subject);
                        v
                    })
                    .collect();
                return output::json(&rows);
            }
            let mut table = output::table(&["Notice", "Subject", "Deadline"]);
            for d in &list {
                table.add_row(vec![
                    d.notice_id.clone(),
                    d.subject.clone(),
                    deadline_text(&d.deadline),
                ]);
            }
            println!("{table}");
            Ok(())
        }
    }
}

fn show(n: &Notice, replies: &[Reply], declaration: &str) {
    println!("{}\n", n.subject);
    println!("{} · {}", n.issuer.authority, n.issuer.office.as_deref().unwrap_or(""));
    if let Some(az) = &n.aktenzeichen {
        println!("Aktenzeichen {az} · issued {}", n.issued_at);
    }
    match (&n.delivery.bekanntgabe_at, n.delivery.retrievable) {
        (Some(day), _) => println!("Counts as announced on {day}."),
        (None, false) => println!("No longer retrievable: the 10-day window has passed."),
        (None, true) => println!("Counts as announced the day after its first retrieval."),
    }
    println!("\n{}\n", n.body);
    if let Some(p) = &n.payment {
        let state = if p.paid { "paid" } else { "open" };
        println!("Amount due: {} ({state})", format_eur(p.amount_due_cents));
    }
    for d in &n.deadlines {
        println!("Deadline {}", deadline_text(d));
    }
    for a in &n.attachments {
        println!(
            "PDF {} ({} bytes){}",
            a.file_name,
            a.size_bytes,
            if a.downloaded { ", on this machine" } else { "" }
        );
    }
    for r in replies {
        let state = match r.state {
            ReplyState::Saved => "saved on this machine — NOT yet received by the city".to_owned(),
            ReplyState::Received => {
                format!("received by the city at {}", r.received_at.as_deref().unwrap_or("?"))
            }
            ReplyState::Refused => format!("refused: {}", r.last_error.as_deref().unwrap_or("")),
        };
        println!("Reply {}: {state}", r.kind.wire());
    }
    if let Some(text) = &n.rechtsbehelfsbelehrung {
        println!("\n{text}");
    }
    println!("\nTo object: leipzig notices reply {} --object --text \"…\" --confirm", n.id);
    println!("(--confirm declares: “{declaration}”)");
}

async fn reply(app: &App, global: &Global, args: &NoticeReplyArgs) -> Result<(), Failure> {
    let notices = app.notices();
    let draft = if args.acknowledge {
        ReplyDraft::Acknowledge
    } else if args.object {
        ReplyDraft::Objection {
            text: args.text.clone().unwrap_or_default(),
            binding_confirmed: args.confirm,
            confirmation_text: notices.objection_declaration(&args.id)?,
            requests_suspension: args.suspend,
        }
    } else {
        let mut files = Vec::new();
        for path in &args.upload {
            let bytes = std::fs::read(path)?;
            let mime = match path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("pdf") => "application/pdf",
                Some("jpg" | "jpeg") => "image/jpeg",
                Some("png") => "image/png",
                _ => "application/octet-stream",
            };
            let file_name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(UploadFile { file_name, mime_type: mime.to_owned(), bytes });
        }
        ReplyDraft::Upload { files, note: args.note.clone() }
    };
    let sent = notices.reply(&args.id, draft).await?;
    if global.json {
        return output::json(&reply_json(&sent));
    }
    match sent.state {
        ReplyState::Received => println!(
            "Received by the city at {} (receipt {}).",
            sent.received_at.as_deref().unwrap_or("?"),
            sent.receipt_id.as_deref().unwrap_or("?")
        ),
        ReplyState::Saved => println!(
            "Saved on this machine, NOT yet received by the city: it does not meet a deadline until \
             `leipzig sync` delivers it."
        ),
        ReplyState::Refused => {
            println!("Refused by the city: {}", sent.last_error.as_deref().unwrap_or(""))
        }
    }
    Ok(())
}
