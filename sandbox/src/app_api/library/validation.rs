//! Checks of `POST /v1/library/registrations`: plain field checks first
//! (`VALIDATION_ERROR` naming the `field`), then the library's rules on
//! the sandbox date — `UNKNOWN_BRANCH`, `CARD_TYPE_NOT_ALLOWED` (under 19
//! takes `YOUTH`, `YOUTH` ends at the 19th birthday),
//! `MINOR_WITHOUT_GUARDIAN` (under 18), `INVALID_LEIPZIG_PASS` (unknown or
//! expired), `DUO_PARTNER_MISSING` (no adult second person). An address
//! outside Leipzig's postcodes (04103–04357) is accepted but flagged.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::{
    model::{Applicant, CardType, Guardian, SecondAdult},
    store::{self, LibraryState},
};
use crate::oidc::users;

/// Leipzig's postcodes.
const SERVICE_AREA: std::ops::RangeInclusive<u32> = 4103..=4357;
/// The flag of an address outside Leipzig.
pub const OUTSIDE_SERVICE_AREA: &str = "OUTSIDE_SERVICE_AREA";
/// Age from which a person counts as an adult (no guardian needed).
const ADULT_AGE: u32 = 18;

/// The request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewRegistration {
    /// The client-made UUID.
    pub registration_id: String,
    /// The card type id.
    pub card_type: String,
    /// The pickup branch.
    pub branch_id: String,
    /// The applicant.
    pub applicant: Applicant,
    /// The Leipzig-Pass number (reduced cards).
    #[serde(default)]
    pub leipzig_pass: Option<String>,
    /// The consenting parent (under 18).
    #[serde(default)]
    pub guardian: Option<Guardian>,
    /// The second adult (duo cards).
    #[serde(default)]
    pub second_adult: Option<SecondAdult>,
}

/// Why a registration is refused: a `code`, the `field`, a readable detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `VALIDATION_ERROR`, `MINOR_WITHOUT_GUARDIAN`, …
    pub code: &'static str,
    /// The offending member.
    pub field: &'static str,
    /// For people.
    pub detail: String,
}

fn refuse(code: &'static str, field: &'static str, detail: &str) -> Refusal {
    Refusal { code, field, detail: detail.to_owned() }
}

fn plain(field: &'static str, detail: &str) -> Refusal {
    refuse("VALIDATION_ERROR", field, detail)
}

/// What the checks decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The registration id, lower case.
    pub registration_id: String,
    /// The fee on `today`.
    pub fee_cents: i64,
    /// Flags to record.
    pub flags: Vec<String>,
}

/// The registration id as a lower-case hyphenated UUID.
pub fn registration_id(text: &str) -> Result<String, Refusal> {
    uuid::Uuid::parse_str(text.trim())
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| plain("registrationId", "registrationId must be a UUID"))
}

/// Full years between `birth` and `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

fn text(value: &str, field: &'static str, max: usize) -> Result<(), Refusal> {
    let count = value.trim().chars().count();
    if count == 0 || count > max || value.chars().any(char::is_control) {
        return Err(plain(field, &format!("{field} must be 1-{max} characters")));
    }
    Ok(())
}

fn email(value: &str, field: &'static str) -> Result<(), Refusal> {
    text(value, field, 254)?;
    match value.trim().split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') => Ok(()),
        _ => Err(plain(field, &format!("{field} must be an e-mail address"))),
    }
}

fn birthdate(value: &str, field: &'static str, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    let day = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| plain(field, &format!("{field} must be a date YYYY-MM-DD")))?;
    if day >= today || age_on(day, today) > 130 {
        return Err(plain(field, &format!("{field} must be in the past")));
    }
    Ok(day)
}

fn postcode(value: &str) -> Result<u32, Refusal> {
    let value = value.trim();
    if value.len() != 5 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(plain("applicant.postcode", "applicant.postcode must be five digits"));
    }
    value.parse().map_err(|_| plain("applicant.postcode", "applicant.postcode must be five digits"))
}

fn fields(new: &NewRegistration, today: NaiveDate) -> Result<(NaiveDate, u32), Refusal> {
    let a = &new.applicant;
    text(&a.given_name, "applicant.givenName", 100)?;
    text(&a.family_name, "applicant.familyName", 100)?;
    let born = birthdate(&a.birthdate, "applicant.birthdate", today)?;
    text(&a.street, "applicant.street", 200)?;
    let code = postcode(&a.postcode)?;
    text(&a.city, "applicant.city", 100)?;
    email(&a.email, "applicant.email")?;
    if let Some(phone) = &a.phone {
        text(phone, "applicant.phone", 40)?;
    }
    if let Some(g) = &new.guardian {
        text(&g.given_name, "guardian.givenName", 100)?;
        text(&g.family_name, "guardian.familyName", 100)?;
        email(&g.email, "guardian.email")?;
    }
    if let Some(s) = &new.second_adult {
        text(&s.given_name, "secondAdult.givenName", 100)?;
        text(&s.family_name, "secondAdult.familyName", 100)?;
        birthdate(&s.birthdate, "secondAdult.birthdate", today)?;
    }
    Ok((born, code))
}

/// Whether `number` is a Leipzig-Pass valid on `today`.
pub fn pass_valid(number: &str, today: NaiveDate) -> bool {
    let from_users = users::all()
        .iter()
        .filter_map(|u| u.leipzig_pass.as_ref())
        .filter(|p| p.number == number)
        .filter_map(|p| p.valid_until.parse::<NaiveDate>().ok());
    let known = store::seeds()
        .leipzig_passes
        .into_iter()
        .filter(|p| p.number == number)
        .map(|p| p.valid_until);
    from_users.chain(known).any(|until| today <= until)
}

fn pass_format(number: &str) -> bool {
    let b = number.as_bytes();
    b.len() == 14
        && number.starts_with("LP-")
        && b[7] == b'-'
        && b[3..7].iter().chain(&b[8..]).all(u8::is_ascii_digit)
}

fn rules(
    new: &NewRegistration,
    card: &CardType,
    age: u32,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if card.max_age.is_some_and(|max| age > max) {
        return Err(refuse("CARD_TYPE_NOT_ALLOWED", "cardType", "This card is for younger people"));
    }
    if card.min_age.is_some_and(|min| age < min) {
        return Err(refuse(
            "CARD_TYPE_NOT_ALLOWED",
            "cardType",
            "Until their 19th birthday people take the free YOUTH card",
        ));
    }
    if age < ADULT_AGE && new.guardian.is_none() {
        return Err(refuse(
            "MINOR_WITHOUT_GUARDIAN",
            "guardian",
            "Under 18 a parent's consent (guardian) is required",
        ));
    }
    if card.requires_leipzig_pass {
        let valid = new
            .leipzig_pass
            .as_deref()
            .map(str::trim)
            .is_some_and(|n| pass_format(n) && pass_valid(n, today));
        if !valid {
            return Err(refuse(
                "INVALID_LEIPZIG_PASS",
                "leipzigPass",
                "The Leipzig-Pass is unknown or no longer valid",
            ));
        }
    }
    if card.persons >= 2 {
        let min = card.min_age.unwrap_or(ADULT_AGE);
        let adult = new.second_adult.as_ref().is_some_and(|s| {
            NaiveDate::parse_from_str(s.birthdate.trim(), "%Y-%m-%d")
                .is_ok_and(|born| age_on(born, today) >= min)
        });
        if !adult {
            return Err(refuse(
                "DUO_PARTNER_MISSING",
                "secondAdult",
                "A duo card needs a second adult (secondAdult)",
            ));
        }
    }
    Ok(())
}

/// Checks `new` against the library's rules on `today` (Europe/Berlin).
pub fn check(
    new: &NewRegistration,
    library: &LibraryState,
    today: NaiveDate,
) -> Result<Checked, Refusal> {
    let registration_id = registration_id(&new.registration_id)?;
    let (born, code) = fields(new, today)?;
    let Some(card) = library.card_type(&new.card_type) else {
        return Err(plain("cardType", "Unknown card type"));
    };
    if !store::branch(&new.branch_id).is_some_and(|b| b.pickup()) {
        return Err(refuse("UNKNOWN_BRANCH", "branchId", "No such pickup branch"));
    }
    rules(new, card, age_on(born, today), today)?;
    let Some(fee_cents) = card.fee_on(today) else {
        return Err(refuse("CARD_TYPE_NOT_ALLOWED", "cardType", "This card is not offered yet"));
    };
    let mut flags = Vec::new();
    if !SERVICE_AREA.contains(&code) {
        flags.push(OUTSIDE_SERVICE_AREA.to_owned());
    }
    Ok(Checked { registration_id, fee_cents, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn ages_count_birthdays() {
        assert_eq!(age_on(day("2010-06-01"), day("2026-11-26")), 16);
        assert_eq!(age_on(day("2007-11-27"), day("2026-11-26")), 18);
        assert_eq!(age_on(day("2007-11-26"), day("2026-11-26")), 19);
    }

    #[test]
    fn passes_need_the_format_and_validity() {
        assert!(pass_format("LP-2026-048213"));
        assert!(!pass_format("LP-2026-04821"));
        assert!(!pass_format("XP-2026-048213"));
        assert!(pass_valid("LP-2026-048213", day("2026-11-26")));
        assert!(!pass_valid("LP-2024-000001", day("2026-11-26")));
        assert!(!pass_valid("LP-2026-999999", day("2026-11-26")));
    }
}
