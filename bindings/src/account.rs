//! The citizen's account across the FFI: start a login for the system
//! browser, finish it with the redirect, who is logged in, logout.

use std::sync::Arc;

use leipzig_core::account as core;

use crate::{error::ApiError, subscription::Subscription};

/// A login to open in the system browser (Custom Tab /
/// ASWebAuthenticationSession — never a web view).
#[derive(Debug, Clone, uniffi::Record)]
pub struct AuthRequest {
    /// The provider's authorization URL.
    pub url: String,
    /// Where the browser will come back to.
    pub redirect_uri: String,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Identity {
    /// The provider's stable subject id (a pseudonym).
    pub sub: String,
    /// Full name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
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
}

/// The citizen's own data, reused instead of retyped (booking contact,
/// library card): created from the login, editable, sealed on the phone.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
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

/// What a logout did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct LogoutReport {
    /// The provider ended the session; false when it could not be reached
    /// (the phone is wiped all the same).
    pub ended_at_provider: bool,
}

/// Told when someone logs in or out, or the login is lost.
#[uniffi::export(foreign)]
pub trait AccountListener: Send + Sync {
    /// Something about the login changed: read `whoami` again.
    fn on_change(&self);
}

/// The account service.
#[derive(Debug, uniffi::Object)]
pub struct Account {
    app: leipzig_core::App,
}

impl Account {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Account {
    /// Starts a login that comes back to `redirect_uri` (the app's claimed
    /// link or `de.leipzig.nahbeimir:/oauth2redirect`). Open `url` in the
    /// system browser, then pass what comes back to `complete_login`.
    pub async fn begin_login(&self, redirect_uri: String) -> Result<AuthRequest, ApiError> {
        let request = self.app.account().begin_login(&redirect_uri).await?;
        Ok(AuthRequest { url: request.url, redirect_uri: request.redirect_uri })
    }

    /// Finishes the login with the full URL the browser was sent back to.
    pub async fn complete_login(&self, redirect_url: String) -> Result<Identity, ApiError> {
        Ok(self.app.account().complete_login(&redirect_url).await?.into())
    }

    /// Who is logged in, from the phone (works offline); none when nobody is.
    pub fn whoami(&self) -> Result<Option<Identity>, ApiError> {
        Ok(self.app.account().whoami()?.map(Identity::from))
    }

    /// Ends the session at the provider and deletes everything personal on
    /// the phone. `PendingActions` while actions are not yet received by
    /// the city, unless `force`.
    pub async fn logout(&self, force: bool) -> Result<LogoutReport, ApiError> {
        let report = self.app.logout(force).await?;
        Ok(LogoutReport { ended_at_provider: report.ended_at_provider })
    }

    /// The citizen's profile, from the phone (works offline); none when
    /// nobody is logged in.
    pub fn profile(&self) -> Result<Option<Profile>, ApiError> {
        Ok(self.app.account().profile()?.map(Profile::from))
    }

    /// Replaces the profile; `Validation` names the field at fault.
    /// Returns what was stored (trimmed, normalised).
    pub fn set_profile(&self, profile: Profile) -> Result<Profile, ApiError> {
        Ok(self.app.account().set_profile(profile.into())?.into())
    }

    /// Calls `listener` after login, logout, a lost login and a profile
    /// change, until the subscription is cancelled or destroyed.
    pub fn subscribe(&self, listener: Arc<dyn AccountListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.app.account().subscribe(move || listener.on_change())))
    }
}

impl From<core::Identity> for Identity {
    fn from(who: core::Identity) -> Self {
        Self {
            sub: who.sub,
            name: who.name,
            given_name: who.given_name,
            family_name: who.family_name,
            email: who.email,
            birthdate: who.birthdate,
            phone_number: who.phone_number,
            street_address: who.street_address,
            postal_code: who.postal_code,
            locality: who.locality,
        }
    }
}

impl From<core::Profile> for Profile {
    fn from(p: core::Profile) -> Self {
        Self {
            given_name: p.given_name,
            family_name: p.family_name,
            birthdate: p.birthdate,
            street_address: p.street_address,
            postal_code: p.postal_code,
            locality: p.locality,
            email: p.email,
            phone: p.phone,
            leipzig_pass: p.leipzig_pass,
        }
    }
}

impl From<Profile> for core::Profile {
    fn from(p: Profile) -> Self {
        Self {
            given_name: p.given_name,
            family_name: p.family_name,
            birthdate: p.birthdate,
            street_address: p.street_address,
            postal_code: p.postal_code,
            locality: p.locality,
            email: p.email,
            phone: p.phone,
            leipzig_pass: p.leipzig_pass,
        }
    }
}
