//! The seeded notices (`fixtures/notices/notices.json`, compiled in) and
//! the ones `POST /_sandbox/notices` delivers. Every date is relative to
//! the sandbox clock at seeding time, so tests never depend on the real
//! date: `providedDaysAgo`, or `objectionDueInDays` (a notice retrieved
//! about a month ago whose objection period ends that many days ahead, as
//! the server computes it). Texts may use `{issuedAt}`, `{paymentDue}` and
//! `{amount}`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;

use super::{
    calendar::{self, LegalBasis, berlin_date, berlin_time, minus_days, plus_days},
    model::{
        AttachmentRole, AttachmentSpec, Contact, DeadlineType, Issuer, Notice, NoticeKind,
        PaymentInfo, References, ReplyType,
    },
};
use crate::{app_api::payments::Subject, epaybl::amount::german, oidc::users};

const FIXTURE: &str = include_str!("../../../../fixtures/notices/notices.json");

#[derive(Debug, Deserialize)]
struct FixtureFile {
    notices: Vec<Seed>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Seed {
    id: String,
    username: String,
    kind: NoticeKind,
    subject: String,
    issuer: Issuer,
    references: References,
    legal_basis: LegalBasis,
    timing: Timing,
    deadlines: Vec<DeadlineType>,
    #[serde(default)]
    payment: Option<SeedPayment>,
    body: String,
    rechtsbehelfsbelehrung: String,
    attachments: Vec<AttachmentSpec>,
    allowed_replies: Vec<ReplyType>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Timing {
    #[serde(default)]
    provided_days_ago: Option<i64>,
    #[serde(default)]
    objection_due_in_days: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedPayment {
    amount_due_cents: i64,
    due_in_days: u64,
    kassenzeichen: String,
    recipient: String,
    iban: String,
    purpose: String,
    subject: Subject,
}

/// The seeded notices, dated relative to `now`.
pub fn notices(now: DateTime<Utc>) -> Vec<Notice> {
    // Compiled in and checked by a test: unreadable would be a build defect.
    let Ok(file) = serde_json::from_str::<FixtureFile>(FIXTURE) else { return Vec::new() };
    file.notices.into_iter().filter_map(|seed| seed.into_notice(now)).collect()
}

/// The Bekanntgabe day (a month and a bit ago) whose objection period,
/// as computed, ends `days` days after `today` — or as close as can be.
fn bekanntgabe_for_due(today: NaiveDate, days: i64) -> NaiveDate {
    (26..=36)
        .map(|back| minus_days(today, back))
        .filter(|b| calendar::objection_due(*b) > today)
        .min_by_key(|b| ((calendar::objection_due(*b) - today).num_days() - days).abs())
        .unwrap_or_else(|| minus_days(today, 29))
}

impl Seed {
    fn into_notice(self, now: DateTime<Utc>) -> Option<Notice> {
        let owner = users::by_username(&self.username)?.sub.clone();
        let today = berlin_date(now);
        let (provided_at, first_retrieved_at) = match self.timing {
            Timing { objection_due_in_days: Some(days), .. } => {
                let bekanntgabe = bekanntgabe_for_due(today, days);
                (
                    berlin_time(minus_days(bekanntgabe, 2), 8, 0),
                    Some(berlin_time(minus_days(bekanntgabe, 1), 18, 42)),
                )
            }
            Timing { provided_days_ago, .. } => {
                (now - Duration::days(provided_days_ago.unwrap_or(0)), None)
            }
        };
        let payment = self.payment.map(|p| PaymentInfo {
            amount_due_cents: p.amount_due_cents,
            due_date: plus_days(today, p.due_in_days),
            kassenzeichen: p.kassenzeichen,
            recipient: p.recipient,
            iban: p.iban,
            purpose: p.purpose,
            subject: p.subject,
        });
        let issued_at = minus_days(berlin_date(provided_at), 1);
        let fill = |text: &str| fill(text, issued_at, payment.as_ref());
        let attachments = self
            .attachments
            .into_iter()
            .map(|a| AttachmentSpec {
                title: fill(&a.title),
                lines: a.lines.iter().map(|l| fill(l)).collect(),
                ..a
            })
            .collect();
        let mut notice = Notice {
            id: self.id,
            owner,
            kind: self.kind,
            subject: self.subject,
            issuer: self.issuer,
            references: self.references,
            issued_at,
            legal_basis: self.legal_basis,
            provided_at,
            received_at: provided_at + Duration::seconds(7),
            first_retrieved_at,
            retrieved_at_device: first_retrieved_at.map(crate::app_api::payments::rfc3339),
            deadlines: self.deadlines,
            body: fill(&self.body),
            rechtsbehelfsbelehrung: fill(&self.rechtsbehelfsbelehrung),
            payment,
            paid: false,
            provision_ended: false,
            attachments,
            allowed_replies: self.allowed_replies,
            version: 1,
            seq: 0,
        };
        notice.provision_ended = notice.window_passed(now);
        Some(notice)
    }
}

/// Replaces the placeholders.
fn fill(text: &str, issued_at: NaiveDate, payment: Option<&PaymentInfo>) -> String {
    let mut out = text.replace("{issuedAt}", &issued_at.format("%d.%m.%Y").to_string());
    if let Some(p) = payment {
        out = out
            .replace("{paymentDue}", &p.due_date.format("%d.%m.%Y").to_string())
            .replace("{amount}", &german(p.amount_due_cents));
    }
    out
}

/// A notice delivered by `POST /_sandbox/notices` at `now`: from the
/// Ordnungsamt, with one PDF; a Bescheid allows acknowledging, objecting
/// and sending documents, a Mitteilung acknowledging.
pub fn delivered(
    id: String,
    owner: String,
    subject: String,
    kind: NoticeKind,
    legal_basis: LegalBasis,
    number: u64,
    now: DateTime<Utc>,
) -> Notice {
    let issued_at = berlin_date(now);
    let aktenzeichen = format!("32.10-{}-{:05}", issued_at.format("%Y"), number % 100_000);
    let bescheid = kind == NoticeKind::Bescheid;
    let rechtsbehelfsbelehrung = if bescheid {
        "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben \
         werden. Der Widerspruch ist schriftlich, in elektronischer Form nach § 3a Abs. 2 VwVfG \
         oder zur Niederschrift bei der Stadt Leipzig, Ordnungsamt, 04092 Leipzig, zu erheben."
    } else {
        "Hinweis: Diese Mitteilung ist kein Verwaltungsakt; ein Rechtsbehelf ist nicht gegeben."
    };
    let mut notice = Notice {
        id,
        owner,
        kind,
        subject: subject.clone(),
        issuer: Issuer {
            authority: "Stadt Leipzig".to_owned(),
            office: "Ordnungsamt".to_owned(),
            organisational_unit: Some("Abt. Allgemeine Ordnungsangelegenheiten".to_owned()),
            official_name: "i. A. L. Richter".to_owned(),
            contact: Contact {
                phone: "+49 341 123-8800".to_owned(),
                email: "ordnungsamt@leipzig.de".to_owned(),
                address: "Stadt Leipzig, Ordnungsamt, 04092 Leipzig".to_owned(),
            },
        },
        references: References { aktenzeichen: aktenzeichen.clone(), kassenzeichen: None },
        issued_at,
        legal_basis,
        provided_at: now,
        received_at: now,
        first_retrieved_at: None,
        retrieved_at_device: None,
        deadlines: if bescheid { vec![DeadlineType::Widerspruch] } else { Vec::new() },
        payment: None,
        paid: false,
        provision_ended: false,
        body: format!(
            "Sehr geehrte Damen und Herren,\nin Ihrer Angelegenheit „{subject}“ teilen wir Ihnen \
             Folgendes mit: Die Einzelheiten entnehmen Sie bitte dem beigefügten Schreiben. Bei \
             Fragen erreichen Sie uns unter der angegebenen Telefonnummer."
        ),
        rechtsbehelfsbelehrung: rechtsbehelfsbelehrung.to_owned(),
        attachments: vec![AttachmentSpec {
            id: "a-1".to_owned(),
            role: AttachmentRole::Bescheid,
            file_name: format!("Schreiben_{aktenzeichen}.pdf"),
            title: String::new(),
            lines: Vec::new(),
        }],
        allowed_replies: if bescheid {
            vec![ReplyType::Acknowledge, ReplyType::Objection, ReplyType::UploadDocument]
        } else {
            vec![ReplyType::Acknowledge]
        },
        version: 1,
        seq: 0,
    };
    notice.provision_ended = notice.window_passed(now);
    notice
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app_api::fees;

    #[test]
    fn the_fixture_reads_and_names_real_users() {
        let now = Utc::now();
        let seeded = notices(now);
        assert_eq!(seeded.len(), FIXTURE.matches("\"username\"").count(), "every seed parses");
        for notice in &seeded {
            assert!(uuid::Uuid::parse_str(&notice.id).is_ok(), "{}", notice.id);
            assert!(!notice.body.contains('{'), "placeholders filled: {}", notice.id);
            let pdf = notice.attachments.iter().filter(|a| a.role == AttachmentRole::Bescheid);
            assert_eq!(pdf.count(), 1, "{}", notice.id);
        }
        let fee_seeds = fees::seeded();
        let paying = seeded.iter().filter_map(|n| n.payment.as_ref().map(|p| (n, p)));
        for (notice, payment) in paying {
            let fee = &fee_seeds[&payment.subject.id];
            assert_eq!(fee.amount_cents, payment.amount_due_cents, "{}", notice.id);
            assert_eq!(fee.owner_sub, notice.owner, "{}", notice.id);
        }
    }

    #[test]
    fn the_dog_tax_objection_period_ends_in_about_two_days() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let mut exact = 0;
        for offset in 0..400 {
            let today = plus_days(start, offset);
            let due = (calendar::objection_due(bekanntgabe_for_due(today, 2)) - today).num_days();
            // Easter, Christmas and the end of March (no February period
            // ends on 29-31 March) allow only the nearest working day.
            assert!((1..=5).contains(&due), "{today}: due in {due} days");
            exact += usize::from(due == 2);
        }
        // Not when today + 2 is a weekend day (2 in 7) or a holiday.
        assert!(exact > 260, "{exact} of 400 days exactly two days ahead");
    }
}
