//! Days left and "at risk" for a notice's deadlines. The dates are the
//! city's (announcement rule, effective date, due dates); this only counts
//! calendar days in Leipzig and looks at the replies: a deadline is met
//! only when the city has RECEIVED the answer — an objection still on the
//! phone does not stop the clock.

use chrono::NaiveDate;

use super::model::{Deadline, DeadlineKind, Reply, ReplyKind, ReplyState};

/// Within this many days without a received answer, a deadline is at risk.
pub const AT_RISK_DAYS: i64 = 3;

/// Fills in `days_left`, `met` and `at_risk` of every deadline. `paid`:
/// the notice's amount is paid (the city's word or a paid payment here).
pub fn evaluate(deadlines: &mut [Deadline], replies: &[Reply], today: NaiveDate, paid: bool) {
    for d in deadlines {
        let answer = match d.kind {
            DeadlineKind::Objection => Some(ReplyKind::Objection),
            DeadlineKind::Payment | DeadlineKind::Other => None,
        };
        let of_kind = |state: ReplyState| {
            answer.is_some_and(|k| replies.iter().any(|r| r.kind == k && r.state == state))
        };
        let received = of_kind(ReplyState::Received);
        let only_on_phone = of_kind(ReplyState::Saved);
        d.met = match d.kind {
            DeadlineKind::Payment => paid,
            DeadlineKind::Objection => received,
            DeadlineKind::Other => false,
        };
        d.days_left = d
            .due_at
            .as_deref()
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .map(|due| (due - today).num_days());
        let close = d.days_left.is_some_and(|left| (0..=AT_RISK_DAYS).contains(&left));
        d.at_risk = !d.met && (only_on_phone || close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline(kind: DeadlineKind, due: &str) -> Deadline {
        Deadline {
            kind,
            name: "X".into(),
            due_at: Some(due.into()),
            days_left: None,
            at_risk: false,
            met: false,
            legal_basis: None,
        }
    }

    fn reply(state: ReplyState) -> Reply {
        Reply {
            id: "r".into(),
            notice_id: "n".into(),
            kind: ReplyKind::Objection,
            state,
            created_at: 0,
            received_at: None,
            receipt_id: None,
            text: None,
            confirmation_text: None,
            file_names: vec![],
            last_error: None,
        }
    }

    #[test]
    fn only_a_received_answer_meets_a_deadline() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let mut far = [deadline(DeadlineKind::Objection, "2026-12-20")];
        evaluate(&mut far, &[], today, false);
        assert_eq!((far[0].days_left, far[0].at_risk), (Some(24), false));

        evaluate(&mut far, &[reply(ReplyState::Saved)], today, false);
        assert!(far[0].at_risk, "an objection only on the phone does not stop the clock");

        evaluate(&mut far, &[reply(ReplyState::Saved), reply(ReplyState::Received)], today, false);
        assert!(far[0].met && !far[0].at_risk);

        let mut near = [
            deadline(DeadlineKind::Objection, "2026-11-28"),
            deadline(DeadlineKind::Payment, "2026-11-26"),
        ];
        evaluate(&mut near, &[], today, false);
        assert_eq!(near[0].days_left, Some(2));
        assert!(near[0].at_risk && near[1].at_risk);
        assert_eq!(near[1].days_left, Some(0), "today is the last day");
        evaluate(&mut near, &[], today, true);
        assert!(near[1].met && !near[1].at_risk);

        let mut passed = [deadline(DeadlineKind::Payment, "2026-11-20")];
        evaluate(&mut passed, &[], today, false);
        assert_eq!((passed[0].days_left, passed[0].at_risk), (Some(-6), false));
    }
}
