//! The city's order rules, checked on the phone before anything is saved,
//! with the city's codes (so a form can mark the field and the server says
//! the same): names, birthdate, postcode, e-mail, a guardian for minors,
//! the card type for the age, the Leipzig-Pass format, the Duo partner.

use chrono::{Datelike, NaiveDate};

use super::model::{CardOrder, CardType};
use crate::error::{Error, Result};

fn refuse(field: &'static str, code: &str, text: &str) -> Error {
    Error::Validation { field, reason: format!("{code}: {text}") }
}

/// Whole years between `birth` and `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Checks `order` against the city's rules on `today`.
pub fn validate(
    order: &CardOrder,
    types: &[CardType],
    branches: &[String],
    today: NaiveDate,
) -> Result<()> {
    let a = &order.applicant;
    if a.given_name.trim().is_empty() {
        return Err(refuse("given_name", "VALIDATION_ERROR", "given name missing"));
    }
    if a.family_name.trim().is_empty() {
        return Err(refuse("family_name", "VALIDATION_ERROR", "family name missing"));
    }
    let Some(birth) = date(&a.birthdate).filter(|b| *b < today) else {
        return Err(refuse("birthdate", "VALIDATION_ERROR", "expected a date of birth YYYY-MM-DD"));
    };
    if a.street.trim().is_empty() || a.city.trim().is_empty() {
        return Err(refuse("street", "VALIDATION_ERROR", "address missing"));
    }
    if a.postcode.len() != 5 || !a.postcode.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("postcode", "VALIDATION_ERROR", "five digits"));
    }
    if !a.email.contains('@') || a.email.trim().len() < 3 {
        return Err(refuse("email", "VALIDATION_ERROR", "an e-mail address"));
    }
    if !branches.contains(&order.branch_id) {
        return Err(refuse("branch", "UNKNOWN_BRANCH", "choose a branch"));
    }
    let Some(card) = types.iter().find(|t| t.id == order.card_type) else {
        return Err(refuse("card_type", "CARD_TYPE_NOT_ALLOWED", "unknown card type"));
    };
    let age = age_on(birth, today);
    let too_old = card.max_age.is_some_and(|max| age > max as i32);
    let too_young = card.min_age.is_some_and(|min| age < min as i32);
    if too_old || too_young {
        return Err(refuse("card_type", "CARD_TYPE_NOT_ALLOWED", "this card is not for this age"));
    }
    if age < 18 {
        let ok = order.guardian.as_ref().is_some_and(|g| {
            !g.given_name.trim().is_empty()
                && !g.family_name.trim().is_empty()
                && g.email.as_deref().is_some_and(|e| e.contains('@'))
        });
        if !ok {
            return Err(refuse(
                "guardian",
                "MINOR_WITHOUT_GUARDIAN",
                "a parent or guardian must agree",
            ));
        }
    }
    if card.requires_leipzig_pass {
        let pass = order.leipzig_pass.as_deref().unwrap_or("").trim();
        let b = pass.as_bytes();
        let ok = b.len() == 14
            && pass.starts_with("LP-")
            && b[3..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..].iter().all(u8::is_ascii_digit);
        if !ok {
            return Err(refuse("leipzig_pass", "INVALID_LEIPZIG_PASS", "expected LP-YYYY-NNNNNN"));
        }
    }
    if card.persons > 1 {
        // The partner must be old enough for the card itself (19 in Leipzig).
        let adult_age = card.min_age.unwrap_or(18) as i32;
        let adult = order.second_adult.as_ref().is_some_and(|p| {
            !p.given_name.trim().is_empty()
                && !p.family_name.trim().is_empty()
                && p.birthdate
                    .as_deref()
                    .and_then(date)
                    .is_some_and(|b| age_on(b, today) >= adult_age)
        });
        if !adult {
            return Err(refuse(
                "second_adult",
                "DUO_PARTNER_MISSING",
                "a Duo card needs a second adult",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::model::{Applicant, Person};

    fn types() -> Vec<CardType> {
        let t = |id: &str, min, max, pass, persons| CardType {
            id: id.into(),
            name: id.into(),
            description: None,
            valid_months: Some(12),
            fees: vec![],
            current_fee_cents: 0,
            min_age: min,
            max_age: max,
            requires_leipzig_pass: pass,
            persons,
        };
        vec![
            t("ADULT", Some(19), None, false, 1),
            t("YOUTH", None, Some(18), false, 1),
            t("REDUCED", Some(19), None, true, 1),
            t("DUO", Some(19), None, false, 2),
        ]
    }

    fn order(card: &str, birth: &str) -> CardOrder {
        CardOrder {
            card_type: card.into(),
            branch_id: "lsb-0".into(),
            applicant: Applicant {
                given_name: "Erika".into(),
                family_name: "Mustermann".into(),
                birthdate: birth.into(),
                street: "Markt 1".into(),
                postcode: "04109".into(),
                city: "Leipzig".into(),
                email: "erika@example.org".into(),
                phone: None,
            },
            ..CardOrder::default()
        }
    }

    fn code(o: &CardOrder) -> String {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        match validate(o, &types(), &["lsb-0".to_owned()], today) {
            Ok(()) => "OK".into(),
            Err(Error::Validation { reason, .. }) => {
                reason.split(':').next().unwrap_or_default().to_owned()
            }
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn the_citys_rules_are_checked_with_its_codes() {
        assert_eq!(code(&order("ADULT", "1980-05-01")), "OK");
        assert_eq!(code(&order("YOUTH", "1980-05-01")), "CARD_TYPE_NOT_ALLOWED");
        assert_eq!(code(&order("ADULT", "2010-06-01")), "CARD_TYPE_NOT_ALLOWED");
        assert_eq!(code(&order("YOUTH", "2010-06-01")), "MINOR_WITHOUT_GUARDIAN");
        let mut teen = order("YOUTH", "2010-06-01");
        teen.guardian = Some(Person {
            given_name: "Max".into(),
            family_name: "Muster".into(),
            birthdate: None,
            email: Some("m@example.org".into()),
        });
        assert_eq!(code(&teen), "OK");
        let mut reduced = order("REDUCED", "1990-01-01");
        assert_eq!(code(&reduced), "INVALID_LEIPZIG_PASS");
        reduced.leipzig_pass = Some("LP-2026-048213".into());
        assert_eq!(code(&reduced), "OK");
        assert_eq!(code(&order("DUO", "1990-01-01")), "DUO_PARTNER_MISSING");
        let mut unknown = order("ADULT", "1990-01-01");
        unknown.branch_id = "lsb-999".into();
        assert_eq!(code(&unknown), "UNKNOWN_BRANCH");
        let mut postcode = order("ADULT", "1990-01-01");
        postcode.applicant.postcode = "4109".into();
        assert_eq!(code(&postcode), "VALIDATION_ERROR");
        // Until the 19th birthday a card is free: an 18-year-old takes YOUTH.
        assert_eq!(
            age_on(
                NaiveDate::from_ymd_opt(2008, 11, 27).expect("d"),
                NaiveDate::from_ymd_opt(2026, 11, 26).expect("d")
            ),
            17
        );
    }
}
