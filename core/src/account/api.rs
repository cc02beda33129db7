//! OpenID Connect on the wire, with the `openidconnect` crate over the
//! app's own HTTP client: no redirect is ever followed, every answer's
//! `Date` corrects the clock ID tokens are checked against, bodies are
//! size-limited. Discovery, the authorization URL (PKCE S256, `state`,
//! `nonce`), code exchange, refresh, userinfo and ending the session.

use std::{future::Future, pin::Pin};

use chrono::{DateTime, Duration, Utc};
use openidconnect::{
    AccessToken, AccessTokenHash, AdditionalProviderMetadata, AuthenticationFlow,
    AuthorizationCode, ClientId, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, ProviderMetadata,
    RedirectUrl, RefreshToken, RequestTokenError, Scope, TokenResponse,
    core::{
        CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod,
        CoreErrorResponseType, CoreGrantType, CoreIdToken, CoreIdTokenClaims, CoreJsonWebKey,
        CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
        CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
    },
    http::{self, HeaderValue},
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{
    claims::{claims_error, identity, invalid, issued_at},
    model::Identity,
    store::PendingLogin,
};
use crate::{
    clock::ServerClock,
    error::{AuthError, Error, Result},
    http::HttpClient,
};

/// The app's registration at the provider (a public client: no secret).
pub const CLIENT_ID: &str = "leipzig-app";
/// Largest answer read from the provider.
const MAX_BODY: u64 = 1024 * 1024;
/// Tolerance for clocks (the server's `Date` has whole seconds; the
/// provider's own clock may drift a little from its web server's).
const LEEWAY_SECONDS: i64 = 60;
const SCOPES: [&str; 4] = ["profile", "email", "address", "phone"];

/// Metadata beyond the crate's core set that a native client needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExtraMetadata {
    /// RP-initiated logout.
    #[serde(default)]
    pub end_session_endpoint: Option<Url>,
    /// RFC 7009 token revocation.
    #[serde(default)]
    pub revocation_endpoint: Option<Url>,
    /// RFC 9207: the provider puts `iss` into every authorization answer.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

impl AdditionalProviderMetadata for ExtraMetadata {}

type Metadata = ProviderMetadata<
    ExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The transport: the app's HTTP client without redirects, learning the
/// server's time from every answer.
#[derive(Debug, Clone, Copy)]
pub struct Transport<'a> {
    /// The app's HTTP client.
    pub http: &'a HttpClient,
    /// Corrected by every answer's `Date`.
    pub clock: &'a ServerClock,
}

impl<'c> openidconnect::AsyncHttpClient<'c> for Transport<'_> {
    type Error = Error;
    // A named, boxed `Send` future: with a closure here the compiler cannot
    // prove the login futures `Send` for every lifetime (uniffi needs it).
    type Future = Pin<Box<dyn Future<Output = Result<http::Response<Vec<u8>>>> + Send + 'c>>;

    fn call(&'c self, request: http::Request<Vec<u8>>) -> Self::Future {
        Box::pin(self.send(request))
    }
}

/// What the provider's calls need of a transport: one HTTP exchange at a
/// time and the server's clock. The app uses [`Transport`]; the fuzz
/// targets (`crate::fuzzing`) answer from memory through the same calls.
pub trait Wire: Copy + for<'c> openidconnect::AsyncHttpClient<'c, Error = Error> {
    /// The clock ID tokens are checked against.
    fn clock(&self) -> &ServerClock;
}

impl Wire for Transport<'_> {
    fn clock(&self) -> &ServerClock {
        self.clock
    }
}

impl Transport<'_> {
    async fn send(self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>> {
        let request = reqwest::Request::try_from(request).map_err(|_| {
            Error::Auth(AuthError::Protocol("request could not be built".to_owned()))
        })?;
        let response = self.http.send_no_redirect(request).await?;
        if let Some(date) = crate::http::server_date(&response) {
            self.clock.observe(date);
        }
        let status = response.status();
        let headers = response.headers().clone();
        let body = crate::http::read_body(response, MAX_BODY).await?;
        let mut answer = http::Response::new(body.to_vec());
        *answer.status_mut() = status;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

/// Tokens from one exchange or refresh.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// For the city's APIs; memory only.
    pub access_token: String,
    /// When the access token stops working, on the server's clock.
    pub access_expires_at: DateTime<Utc>,
    /// The next refresh token (rotated on every refresh).
    pub refresh_token: Option<String>,
    /// The raw ID token, for `id_token_hint`.
    pub id_token: Option<String>,
    /// Who logged in, from the verified ID token.
    pub identity: Option<Identity>,
}

/// One discovered provider.
#[derive(Debug, Clone)]
pub struct Provider {
    client: Client,
    issuer: String,
    extra: ExtraMetadata,
    scopes: Vec<String>,
}

impl Provider {
    /// Reads `{issuer}/.well-known/openid-configuration`; the metadata's
    /// issuer must be exactly the configured one.
    pub async fn discover(transport: impl Wire, issuer: &Url) -> Result<Self> {
        let issuer_url = IssuerUrl::new(issuer.as_str().trim_end_matches('/').to_owned())
            .map_err(|_| Error::Config("oidc_issuer is not a URL".to_owned()))?;
        let metadata = Metadata::discover_async(issuer_url.clone(), &transport).await.map_err(
            |e| match e {
                openidconnect::DiscoveryError::Request(inner) => inner,
                openidconnect::DiscoveryError::Validation(_) => {
                    AuthError::Protocol("discovery names another issuer".to_owned()).into()
                }
                other => AuthError::Protocol(format!("discovery failed: {other}")).into(),
            },
        )?;
        let offered: Vec<String> = metadata
            .scopes_supported()
            .map(|s| s.iter().map(|s| s.as_str().to_owned()).collect())
            .unwrap_or_default();
        let scopes = SCOPES
            .iter()
            .filter(|s| offered.is_empty() || offered.iter().any(|o| o == *s))
            .map(|s| (*s).to_owned())
            .collect();
        let extra = metadata.additional_metadata().clone();
        let client =
            CoreClient::from_provider_metadata(metadata, ClientId::new(CLIENT_ID.into()), None);
        Ok(Self { client, issuer: issuer_url.as_str().to_owned(), extra, scopes })
    }

    /// The provider's issuer identifier.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Whether the provider promises `iss` in every authorization answer.
    pub fn sends_iss(&self) -> bool {
        self.extra.authorization_response_iss_parameter_supported
    }

    /// A fresh authorization URL and what must be remembered to check its answer.
    pub fn authorize(&self, redirect_uri: &str) -> Result<(Url, PendingLogin)> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| {
            Error::Validation { field: "redirect_uri", reason: "not a URL".to_owned() }
        })?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let client = self.client.clone().set_redirect_uri(redirect);
        let mut request = client.authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            redirect_uri: redirect_uri.to_owned(),
        };
        Ok((url, pending))
    }

    /// Exchanges an authorization code; the ID token must verify with this
    /// login's nonce.
    pub async fn exchange(
        &self,
        transport: impl Wire,
        code: String,
        pending: &PendingLogin,
    ) -> Result<Tokens> {
        let redirect = RedirectUrl::new(pending.redirect_uri.clone())
            .map_err(|_| AuthError::Protocol("stored redirect URI unusable".to_owned()))?;
        let response = self
            .client
            .clone()
            .set_redirect_uri(redirect)
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|_| AuthError::Protocol("no token endpoint".to_owned()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&transport)
            .await
            .map_err(token_error)?;
        let id_token = response
            .id_token()
            .ok_or_else(|| AuthError::InvalidIdToken("no ID token in the answer".to_owned()))?;
        let nonce = Nonce::new(pending.nonce.clone());
        let claims = self.verify(transport, id_token, response.access_token(), Some(&nonce))?;
        Ok(tokens(&response, transport.clock(), Some(identity(&claims)?)))
    }

    /// Exchanges a refresh token. The answer's ID token, if any, is verified
    /// too (without nonce: refreshes have none).
    pub async fn refresh(&self, transport: impl Wire, refresh_token: &str) -> Result<Tokens> {
        let token = RefreshToken::new(refresh_token.to_owned());
        let response = self
            .client
            .exchange_refresh_token(&token)
            .map_err(|_| AuthError::Protocol("no token endpoint".to_owned()))?
            .request_async(&transport)
            .await
            .map_err(|e| match token_error(e) {
                Error::Auth(AuthError::Refused(code)) if code == "invalid_grant" => {
                    AuthError::LoginRequired.into()
                }
                other => other,
            })?;
        let identity = match response.id_token() {
            Some(id_token) => {
                Some(identity(&self.verify(transport, id_token, response.access_token(), None)?)?)
            }
            None => None,
        };
        Ok(tokens(&response, transport.clock(), identity))
    }

    fn verify(
        &self,
        transport: impl Wire,
        id_token: &CoreIdToken,
        access_token: &AccessToken,
        nonce: Option<&Nonce>,
    ) -> Result<CoreIdTokenClaims> {
        if !transport.clock().is_learned()
            && let Some(issued) = issued_at(&id_token.to_string())
        {
            // No `Date` header seen (Keycloak in dev mode sends none): the
            // token's own `iat` is the provider's time. Safe for expiry: a
            // replayed old token fails the nonce, and refresh answers come
            // straight from the token endpoint over TLS.
            transport.clock().observe(issued);
        }
        let clock = transport.clock().clone();
        let verifier = self
            .client
            .id_token_verifier()
            .set_allowed_algs([
                CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
                CoreJwsSigningAlgorithm::RsaSsaPssSha256,
                CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            ])
            .set_time_fn(move || clock.now() - Duration::seconds(LEEWAY_SECONDS));
        let claims = match nonce {
            Some(nonce) => id_token.claims(&verifier, nonce),
            None => id_token.claims(&verifier, |_: Option<&Nonce>| Ok(())),
        }
        .map_err(claims_error)?
        .clone();
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token.signing_alg().map_err(|_| invalid("signature algorithm"))?;
            let key = id_token.signing_key(&verifier).map_err(|_| invalid("signing key"))?;
            let actual = AccessTokenHash::from_token(access_token, alg, key)
                .map_err(|_| invalid("at_hash algorithm"))?;
            if actual != *expected {
                return Err(invalid("at_hash does not match the access token"));
            }
        }
        Ok(claims)
    }

    /// Claims from `userinfo`; its `sub` must be the logged-in one.
    pub async fn userinfo(
        &self,
        transport: impl Wire,
        access_token: &str,
        sub: &str,
    ) -> Result<Identity> {
        // Read by hand, not through the crate: its claim types drop claims
        // it does not know (`leipzig_pass`).
        let url = self
            .client
            .user_info_url()
            .ok_or_else(|| AuthError::Protocol("no userinfo endpoint".to_owned()))?;
        let request = http::Request::get(url.as_str())
            .header(http::header::AUTHORIZATION, format!("Bearer {access_token}"))
            .header(http::header::ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|_| AuthError::Protocol("request could not be built".to_owned()))?;
        let answer = openidconnect::AsyncHttpClient::call(&transport, request).await?;
        if !answer.status().is_success() {
            return Err(AuthError::Protocol(format!(
                "userinfo: HTTP {}",
                answer.status().as_u16()
            ))
            .into());
        }
        let claims: serde_json::Value = serde_json::from_slice(answer.body())
            .map_err(|_| AuthError::Protocol("userinfo unreadable".to_owned()))?;
        let who = identity(&claims)?;
        if who.sub != sub {
            // A token substitution: someone else's claims.
            return Err(AuthError::Protocol("userinfo names another subject".to_owned()).into());
        }
        Ok(who)
    }

    /// Ends the session at the provider: revokes the refresh token where the
    /// provider offers RFC 7009, and calls the end-session endpoint with the
    /// ID token as hint. True when the provider confirmed either.
    pub async fn end_session(
        &self,
        transport: Transport<'_>,
        id_token: Option<&str>,
        refresh_token: Option<&str>,
    ) -> Result<bool> {
        let mut ended = false;
        let form = |pairs: &[(&str, &str)]| {
            url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
        };
        let post = |url: &Url, body: String| {
            http::Request::post(url.as_str())
                .header(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(body.into_bytes())
                .map_err(|_| Error::Auth(AuthError::Protocol("request could not be built".into())))
        };
        if let (Some(url), Some(token)) = (&self.extra.revocation_endpoint, refresh_token) {
            let body = form(&[
                ("token", token),
                ("token_type_hint", "refresh_token"),
                ("client_id", CLIENT_ID),
            ]);
            ended |= transport.send(post(url, body)?).await?.status().is_success();
        }
        if let (Some(url), Some(hint)) = (&self.extra.end_session_endpoint, id_token) {
            let body = form(&[("id_token_hint", hint), ("client_id", CLIENT_ID)]);
            let status = transport.send(post(url, body)?).await?.status();
            ended |= status.is_success() || status.is_redirection();
        }
        Ok(ended)
    }
}

fn token_error(
    e: RequestTokenError<Error, openidconnect::StandardErrorResponse<CoreErrorResponseType>>,
) -> Error {
    match e {
        RequestTokenError::ServerResponse(answer) => {
            AuthError::Refused(answer.error().as_ref().to_owned()).into()
        }
        RequestTokenError::Request(inner) => inner,
        RequestTokenError::Parse(..) => {
            AuthError::Protocol("token answer unreadable".into()).into()
        }
        RequestTokenError::Other(_) => AuthError::Protocol("token request failed".into()).into(),
    }
}

fn tokens(
    response: &openidconnect::core::CoreTokenResponse,
    clock: &ServerClock,
    identity: Option<Identity>,
) -> Tokens {
    let lifetime = response.expires_in().unwrap_or(std::time::Duration::from_secs(300));
    Tokens {
        access_token: response.access_token().secret().clone(),
        access_expires_at: clock.now()
            + Duration::from_std(lifetime).unwrap_or_else(|_| Duration::seconds(300)),
        refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        id_token: response.id_token().map(ToString::to_string),
        identity,
    }
}
