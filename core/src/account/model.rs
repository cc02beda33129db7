//! What the account domain hands out: the login to open in a browser, who
//! is logged in, what a logout did.

use serde::{Deserialize, Serialize};

use chrono::Datelike;

use crate::error::{Error, Result};

/// A login to open in the system browser (never an embedded web view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest {
    /// The provider's authorization URL with PKCE challenge, `state` and `nonce`.
    pub url: String,
    /// Where the provider will send the browser back; the shell listens there.
    pub redirect_uri: String,
}

/// Who is logged in: the ID token's claims, completed from `userinfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The provider's stable subject id (a pseudonym, not a name).
    pub sub: String,
    /// Full name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Whether the provider verified the e-mail address.
    pub email_verified: Option<bool>,
    /// Date of birth, `YYYY-MM-DD`.
    pub birthdate: Option<String>,
    /// Telephone number.
    pub phone_number: Option<String>,
    /// Street and house number.
    pub street_address: Option<String>,
    /// Postcode.
    pub postal_code: Option<String>,
    /// Town.
    pub locality: Option<String>,
    /// Authentication context (e.g. `STORK-QAA-Level-3`), when the provider says.
    pub acr: Option<String>,
    /// Leipzig-Pass number, when the provider knows one.
    #[serde(default)]
    pub leipzig_pass: Option<String>,
}

/// What a logout did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogoutReport {
    /// The provider ended the session; false when it could not be reached
    /// (everything on the phone is wiped all the same).
    pub ended_at_provider: bool,
}

/// The citizen's own data, reused everywhere instead of retyped: created
/// from the provider's claims at the first login, editable, sealed on the
/// phone (ADR 0012), wiped at logout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Date of birth, `YYYY-MM-DD`.
    pub birthdate: Option<String>,
    /// Street and house number.
    pub street_address: Option<String>,
    /// Postcode (five digits).
    pub postal_code: Option<String>,
    /// Town.
    pub locality: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Leipzig-Pass number (`LP-2026-048213`), optional.
    pub leipzig_pass: Option<String>,
}

/// Longest value a profile field takes.
const MAX_FIELD_CHARS: usize = 200;

impl Profile {
    /// What the provider says about the citizen.
    pub fn from_identity(who: &Identity) -> Self {
        Self {
            given_name: who.given_name.clone(),
            family_name: who.family_name.clone(),
            birthdate: who.birthdate.clone(),
            street_address: who.street_address.clone(),
            postal_code: who.postal_code.clone(),
            locality: who.locality.clone(),
            email: who.email.clone(),
            phone: who.phone_number.clone(),
            leipzig_pass: who.leipzig_pass.clone(),
        }
    }

    /// Trims every field (empty means absent) and checks formats; the
    /// error names the field, never its value.
    pub fn validated(self) -> Result<Self> {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let p = Self {
            given_name: clean(self.given_name),
            family_name: clean(self.family_name),
            birthdate: clean(self.birthdate),
            street_address: clean(self.street_address),
            postal_code: clean(self.postal_code),
            locality: clean(self.locality),
            email: clean(self.email),
            phone: clean(self.phone),
            leipzig_pass: clean(self.leipzig_pass).map(|v| v.to_uppercase()),
        };
        let bad = |field: &'static str, reason: &str| Error::Validation {
            field,
            reason: reason.to_owned(),
        };
        let fields: [(&'static str, &Option<String>); 9] = [
            ("given_name", &p.given_name),
            ("family_name", &p.family_name),
            ("birthdate", &p.birthdate),
            ("street_address", &p.street_address),
            ("postal_code", &p.postal_code),
            ("locality", &p.locality),
            ("email", &p.email),
            ("phone", &p.phone),
            ("leipzig_pass", &p.leipzig_pass),
        ];
        for (field, value) in fields {
            if value.as_ref().is_some_and(|v| {
                v.chars().count() > MAX_FIELD_CHARS || v.chars().any(char::is_control)
            }) {
                return Err(bad(field, "too long or contains control characters"));
            }
        }
        if let Some(date) = &p.birthdate {
            let born = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|_| bad("birthdate", "not a date (YYYY-MM-DD)"))?;
            if born > chrono::Utc::now().date_naive() || born.year_ce().1 < 1900 {
                return Err(bad("birthdate", "not a plausible date of birth"));
            }
        }
        if p.postal_code
            .as_ref()
            .is_some_and(|c| c.len() != 5 || !c.chars().all(|d| d.is_ascii_digit()))
        {
            return Err(bad("postal_code", "five digits"));
        }
        if let Some(email) = &p.email {
            let (local, domain) = email.split_once('@').unwrap_or_default();
            if local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace) {
                return Err(bad("email", "not an e-mail address"));
            }
        }
        if p.phone.as_ref().is_some_and(|t| {
            !t.chars().all(|c| c.is_ascii_digit() || " +-/()".contains(c))
                || t.chars().filter(char::is_ascii_digit).count() < 6
        }) {
            return Err(bad("phone", "not a telephone number"));
        }
        if let Some(pass) = &p.leipzig_pass {
            let parts: Vec<&str> = pass.split('-').collect();
            let ok = matches!(parts.as_slice(), ["LP", year, number]
                if year.len() == 4 && number.len() == 6
                && year.chars().chain(number.chars()).all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(bad("leipzig_pass", "LP-YYYY-NNNNNN"));
            }
        }
        Ok(p)
    }
}
