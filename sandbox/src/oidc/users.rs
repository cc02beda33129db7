//! The people who can log in: `fixtures/oidc/users.json`, compiled in.
//!
//! Claims are released by scope as Keycloak's default client scopes do:
//! `profile` → names, `preferred_username`, `birthdate`; `email` → `email`,
//! `email_verified`; `address` → `address`; `phone` → `phone_number`,
//! `phone_number_verified`. `leipzig_pass` comes with `openid` alone (a
//! protocol mapper on the client, not a scope).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

const FIXTURE: &str = include_str!("../../../fixtures/oidc/users.json");

/// A fixture user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The name typed into the login form.
    pub username: String,
    /// The password (a test fixture, not a secret: `demo` for everyone).
    pub password: String,
    /// Stable subject identifier (a UUID string).
    pub sub: String,
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// `YYYY-MM-DD`.
    pub birthdate: String,
    /// E-mail address.
    pub email: String,
    /// Whether the e-mail address is verified.
    pub email_verified: bool,
    /// Telephone number, if the user gave one.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Postal address.
    pub address: Address,
    /// The Leipzig-Pass, if the user holds one.
    #[serde(default)]
    pub leipzig_pass: Option<LeipzigPass>,
}

/// The OIDC `address` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Street and house number.
    pub street_address: String,
    /// Postcode.
    pub postal_code: String,
    /// City.
    pub locality: String,
    /// Country code, `DE`.
    pub country: String,
}

/// The `leipzig_pass` claim: the city's social pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeipzigPass {
    /// Pass number, `LP-YYYY-NNNNNN`.
    pub number: String,
    /// Last day of validity, `YYYY-MM-DD`.
    pub valid_until: String,
}

/// Every fixture user.
pub fn all() -> &'static [User] {
    static USERS: OnceLock<Vec<User>> = OnceLock::new();
    // Compiled in and checked by a test: unreadable would be a build defect.
    USERS.get_or_init(|| serde_json::from_str(FIXTURE).unwrap_or_default())
}

/// The user who logs in as `username` (case-insensitive, like Keycloak).
pub fn by_username(username: &str) -> Option<&'static User> {
    all().iter().find(|u| u.username.eq_ignore_ascii_case(username.trim()))
}

/// The user with subject `sub`.
pub fn by_sub(sub: &str) -> Option<&'static User> {
    all().iter().find(|u| u.sub == sub)
}

/// Checks a password in constant time with respect to its content.
pub fn check_password(user: &User, password: &str) -> bool {
    let (a, b) = (user.password.as_bytes(), password.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the space-separated `scope` contains `name`.
pub fn has_scope(scope: &str, name: &str) -> bool {
    scope.split(' ').any(|s| s == name)
}

/// The user's claims released under `scope` (without `sub`).
pub fn claims(user: &User, scope: &str) -> Map<String, Value> {
    let mut out = Map::new();
    if has_scope(scope, "profile") {
        out.insert("name".into(), json!(format!("{} {}", user.given_name, user.family_name)));
        out.insert("given_name".into(), json!(user.given_name));
        out.insert("family_name".into(), json!(user.family_name));
        out.insert("preferred_username".into(), json!(user.username));
        out.insert("birthdate".into(), json!(user.birthdate));
    }
    if has_scope(scope, "email") {
        out.insert("email".into(), json!(user.email));
        out.insert("email_verified".into(), json!(user.email_verified));
    }
    if has_scope(scope, "address") {
        out.insert("address".into(), json!(user.address));
    }
    if has_scope(scope, "phone")
        && let Some(phone) = &user.phone_number
    {
        out.insert("phone_number".into(), json!(phone));
        out.insert("phone_number_verified".into(), json!(false));
    }
    if let Some(pass) = &user.leipzig_pass {
        out.insert("leipzig_pass".into(), json!(pass));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_parses_with_three_distinct_users() {
        let users = all();
        assert_eq!(users.len(), 3);
        let mut subs: Vec<&str> = users.iter().map(|u| u.sub.as_str()).collect();
        subs.sort_unstable();
        subs.dedup();
        assert_eq!(subs.len(), 3);
        assert!(users.iter().all(|u| u.password == "demo"));
        assert!(by_username("Demo-Pass").and_then(|u| u.leipzig_pass.as_ref()).is_some());
    }

    #[test]
    fn claims_follow_the_scopes() {
        let user = by_username("demo-adult").expect("user");
        let bare = claims(user, "openid");
        assert!(bare.is_empty());
        let full = claims(user, "openid profile email address phone");
        assert_eq!(full["name"], "Erika Mustermann");
        assert_eq!(full["address"]["postal_code"], "04275");
        assert_eq!(full["phone_number"], "+49 341 1234567");
    }
}
