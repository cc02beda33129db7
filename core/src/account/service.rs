//! What the UI calls: start a login, finish it with the browser's answer,
//! get a fresh access token (one refresh at a time), who is logged in.
//! Logging out wipes the phone too, so it lives on [`crate::App::logout`].

use chrono::{DateTime, Duration, Utc};
use url::Url;

use super::{
    api::{Provider, Tokens, Transport},
    model::{AuthRequest, Identity, Profile},
    store::{self, AccountStore},
};
use crate::{
    app::Context,
    clock::ServerClock,
    crypto::Sealer,
    error::{AuthError, Error, Result},
    listeners::{Listeners, Subscription},
};

/// An access token this close to expiry is refreshed first.
const REFRESH_MARGIN_SECONDS: i64 = 30;

#[derive(Debug)]
struct Session {
    access_token: String,
    expires_at: DateTime<Utc>,
}

/// The citizen's login.
#[derive(Debug)]
pub struct AccountService {
    ctx: Context,
    store: AccountStore,
    sealer: Sealer,
    clock: ServerClock,
    provider: tokio::sync::OnceCell<Provider>,
    /// Held for the whole of a token exchange or refresh: concurrent
    /// callers wait for it and then use its token (the provider rotates
    /// refresh tokens; two refreshes with one token would end the login).
    exchanging: tokio::sync::Mutex<()>,
    /// The access token in memory; never held across an await, so a wipe
    /// can clear it synchronously.
    session: std::sync::Mutex<Option<Session>>,
    listeners: Listeners,
}

impl AccountService {
    pub(crate) fn new(ctx: Context) -> Self {
        let store = AccountStore::new(ctx.platform.secrets.clone());
        let sealer = Sealer::new(ctx.platform.secrets.clone());
        let clock = ServerClock::new(ctx.platform.clock.clone());
        Self {
            ctx,
            store,
            sealer,
            clock,
            provider: tokio::sync::OnceCell::new(),
            exchanging: tokio::sync::Mutex::new(()),
            session: std::sync::Mutex::new(None),
            listeners: Listeners::default(),
        }
    }

    fn transport(&self) -> Transport<'_> {
        Transport { http: &self.ctx.http, clock: &self.clock }
    }

    async fn provider(&self) -> Result<&Provider> {
        let issuer = self
            .ctx
            .config
            .endpoints
            .oidc_issuer
            .as_ref()
            .ok_or(Error::NotConfigured("oidc_issuer"))?;
        self.provider.get_or_try_init(|| Provider::discover(self.transport(), issuer)).await
    }

    /// Starts a login: the URL to open in the system browser, which will
    /// come back to `redirect_uri` (the app's claimed link or custom
    /// scheme, or a loopback address on a desktop). Replaces an unanswered
    /// login.
    pub async fn begin_login(&self, redirect_uri: &str) -> Result<AuthRequest> {
        let provider = self.provider().await?;
        let (url, pending) = provider.authorize(redirect_uri)?;
        self.store.set_pending(&pending)?;
        self.ctx.log.info("login started");
        Ok(AuthRequest { url: url.to_string(), redirect_uri: redirect_uri.to_owned() })
    }

    /// Finishes a login with the URL the browser was sent back to: checks
    /// `state` and `iss`, exchanges the code with the PKCE verifier,
    /// verifies the ID token, and keeps the refresh token in the secret
    /// store.
    pub async fn complete_login(&self, redirect_url: &str) -> Result<Identity> {
        let pending = self.store.pending()?.ok_or(AuthError::NoLoginInProgress)?;
        let answer = Url::parse(redirect_url)
            .map_err(|_| AuthError::Protocol("the answer is not a URL".to_owned()))?;
        let sent_to = Url::parse(&pending.redirect_uri)
            .map_err(|_| AuthError::Protocol("stored redirect URI unusable".to_owned()))?;
        if (answer.scheme(), answer.host_str(), answer.path())
            != (sent_to.scheme(), sent_to.host_str(), sent_to.path())
        {
            return Err(AuthError::Protocol("the answer came to another address".to_owned()).into());
        }
        let param =
            |name: &str| answer.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
        // A foreign answer must not end the real login: the pending one stays.
        if param("state").as_deref() != Some(pending.state.as_str()) {
            return Err(AuthError::StateMismatch.into());
        }
        let provider = self.provider().await?;
        match param("iss") {
            Some(iss) if iss.trim_end_matches('/') != provider.issuer() => {
                return Err(AuthError::IssuerMismatch.into());
            }
            None if provider.sends_iss() => return Err(AuthError::IssuerMismatch.into()),
            _ => {}
        }
        self.store.clear_pending()?;
        if let Some(error) = param("error") {
            let code: String = error.chars().filter(|c| c.is_ascii_graphic()).take(64).collect();
            return Err(AuthError::Refused(code).into());
        }
        let code = param("code")
            .ok_or_else(|| AuthError::Protocol("the answer carries no code".to_owned()))?;
        let exchanging = self.exchanging.lock().await;
        let tokens = provider.exchange(self.transport(), code, &pending).await?;
        let mut identity = tokens.identity.clone().unwrap_or_default();
        // Userinfo completes the ID token (address, phone); its failure is not the login's.
        match provider.userinfo(self.transport(), &tokens.access_token, &identity.sub).await {
            Ok(more) => identity = merge(identity, more),
            Err(e) => self.ctx.log.warn(&format!("userinfo unavailable: {e}")),
        }
        self.keep(&tokens)?;
        self.store.set_identity(&identity)?;
        self.adopt_profile(&identity)?;
        drop(exchanging);
        self.ctx.log.info("logged in");
        self.listeners.notify();
        Ok(identity)
    }

    /// Stores what a token answer brought: the rotated refresh token first,
    /// then the access token is handed out.
    fn keep(&self, tokens: &Tokens) -> Result<()> {
        if let Some(refresh) = &tokens.refresh_token {
            self.store.set_refresh_token(refresh)?;
        }
        if let Some(id_token) = &tokens.id_token {
            self.store.set_id_token(id_token)?;
        }
        self.set_session(Some(Session {
            access_token: tokens.access_token.clone(),
            expires_at: tokens.access_expires_at,
        }));
        Ok(())
    }

    fn set_session(&self, session: Option<Session>) {
        *self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = session;
    }

    /// The access token in memory, if it is still good for a while.
    fn cached_token(&self) -> Option<String> {
        let session = self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        session
            .as_ref()
            .filter(|s| s.expires_at - Duration::seconds(REFRESH_MARGIN_SECONDS) > self.clock.now())
            .map(|s| s.access_token.clone())
    }

    /// A valid access token for the city's APIs, refreshed when needed.
    /// However many callers ask at once, at most one refresh is sent.
    /// [`AuthError::LoginRequired`] when the provider ended the login:
    /// tokens are forgotten, everything else (the outbox) stays.
    pub async fn access_token(&self) -> Result<String> {
        let exchanging = self.exchanging.lock().await;
        if let Some(token) = self.cached_token() {
            return Ok(token);
        }
        let refresh = self.store.refresh_token()?.ok_or(AuthError::NotLoggedIn)?;
        let provider = self.provider().await?;
        match provider.refresh(self.transport(), &refresh).await {
            Ok(tokens) => {
                self.keep(&tokens)?;
                if let (Some(fresh), Some(known)) = (&tokens.identity, self.store.identity()?) {
                    self.store.set_identity(&merge(known, fresh.clone()))?;
                }
                self.ctx.log.info("access token refreshed");
                Ok(tokens.access_token)
            }
            Err(Error::Auth(AuthError::LoginRequired)) => {
                self.set_session(None);
                self.store.clear(false)?;
                self.ctx.log.warn("login ended at the provider");
                drop(exchanging);
                self.listeners.notify();
                Err(AuthError::LoginRequired.into())
            }
            Err(e) => Err(e),
        }
    }

    /// Runs `call` with a valid access token. When the city answers `401`
    /// (the token ended before its `exp` by our clock: revoked, or the
    /// server's clock runs ahead), the token is dropped, refreshed once and
    /// the call tried again; a second `401` is the caller's error.
    pub async fn with_access_token<T, F, Fut>(&self, call: F) -> Result<T>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let token = self.access_token().await?;
        match call(token.clone()).await {
            Err(Error::HttpStatus { status: 401, .. }) => {
                self.drop_access_token(&token);
                self.ctx.log.info("access token refused by the city; refreshing");
                call(self.access_token().await?).await
            }
            other => other,
        }
    }

    /// Forgets `token` if it is the one in memory (the next call refreshes).
    fn drop_access_token(&self, token: &str) {
        let mut session = self.session.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if session.as_ref().is_some_and(|s| s.access_token == token) {
            *session = None;
        }
    }

    /// Who is logged in (from the phone; also offline). `None` when nobody is.
    pub fn whoami(&self) -> Result<Option<Identity>> {
        if self.store.refresh_token()?.is_none() {
            return Ok(None);
        }
        self.store.identity()
    }

    /// At the first login of this citizen on this phone, the provider's
    /// claims become the profile; later logins keep what the citizen edited.
    fn adopt_profile(&self, who: &Identity) -> Result<()> {
        let stored = self.ctx.db.read(|conn| store::load_profile(conn, &self.sealer))?;
        if stored.is_some_and(|(sub, _)| sub == who.sub) {
            return Ok(());
        }
        let from_provider = Profile::from_identity(who);
        // The provider is the authority on its own claims; a format our
        // form would refuse is kept rather than dropped.
        let profile = from_provider.clone().validated().unwrap_or(from_provider);
        let now = self.ctx.now();
        self.ctx.db.write(|tx| store::save_profile(tx, &self.sealer, &who.sub, &profile, now))
    }

    /// The citizen's profile (from the phone; also offline); `None` when
    /// nobody is logged in.
    pub fn profile(&self) -> Result<Option<Profile>> {
        let Some(who) = self.whoami()? else { return Ok(None) };
        let stored = self.ctx.db.read(|conn| store::load_profile(conn, &self.sealer))?;
        Ok(stored.filter(|(sub, _)| *sub == who.sub).map(|(_, profile)| profile))
    }

    /// Replaces the profile after checking every field (a
    /// [`Error::Validation`] names the field); returns what was stored.
    pub fn set_profile(&self, profile: Profile) -> Result<Profile> {
        let who = self.whoami()?.ok_or(AuthError::NotLoggedIn)?;
        let profile = profile.validated()?;
        let now = self.ctx.now();
        self.ctx.db.write(|tx| store::save_profile(tx, &self.sealer, &who.sub, &profile, now))?;
        self.ctx.log.info("profile updated");
        self.listeners.notify();
        Ok(profile)
    }

    /// Forgets the login and shreds the data key, without asking the
    /// provider: "delete all data on this phone" (a logout ends the session
    /// at the provider first). Every sealed value becomes unreadable.
    pub(crate) fn forget(&self) -> Result<()> {
        self.set_session(None);
        self.store.clear(true)?;
        self.sealer.shred()
    }

    /// Whether a login is kept on the phone.
    pub fn is_logged_in(&self) -> Result<bool> {
        Ok(self.store.refresh_token()?.is_some())
    }

    /// Ends the session at the provider (best effort: offline it cannot)
    /// and forgets every token and the identity.
    pub(crate) async fn end_session(&self) -> Result<bool> {
        let exchanging = self.exchanging.lock().await;
        let (id_token, refresh) = (self.store.id_token()?, self.store.refresh_token()?);
        let ended = if id_token.is_none() && refresh.is_none() {
            false
        } else {
            match self.provider().await {
                Ok(provider) => provider
                    .end_session(self.transport(), id_token.as_deref(), refresh.as_deref())
                    .await
                    .unwrap_or_else(|e| {
                        self.ctx.log.warn(&format!("provider logout failed: {e}"));
                        false
                    }),
                Err(e) => {
                    self.ctx.log.warn(&format!("provider unreachable at logout: {e}"));
                    false
                }
            }
        };
        self.set_session(None);
        self.store.clear(true)?;
        drop(exchanging);
        self.listeners.notify();
        Ok(ended)
    }

    /// Tells listeners to read again (after a wipe).
    pub(crate) fn notify_changed(&self) {
        self.listeners.notify();
    }

    /// Calls `listener` after login, logout, a lost login and a profile change.
    pub fn subscribe(&self, listener: impl Fn() + Send + Sync + 'static) -> Subscription {
        self.listeners.add(listener)
    }
}

/// The ID token's claims, completed by `userinfo` where it says more.
fn merge(mut base: Identity, more: Identity) -> Identity {
    if more.sub != base.sub && !base.sub.is_empty() {
        return base;
    }
    macro_rules! fill {
        ($($field:ident),*) => { $( if more.$field.is_some() { base.$field = more.$field; } )* };
    }
    fill!(
        name,
        given_name,
        family_name,
        email,
        email_verified,
        birthdate,
        phone_number,
        street_address,
        postal_code,
        locality,
        leipzig_pass
    );
    if base.sub.is_empty() {
        base.sub = more.sub;
    }
    base
}
