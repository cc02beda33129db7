//! [`headless_login`]: a person at the login form, without a browser — for
//! `leipzig login --sandbox-user` and the end-to-end tests.
//!
//! Works against this sandbox and against a Keycloak 26 login page: GET the
//! authorization URL (following same-origin redirects by hand), find
//! `<form id="kc-form-login">`, POST its hidden fields with `username` and
//! `password`, and hand back the `Location` of the redirect to the
//! authorization request's `redirect_uri` — with `code`, `state` and `iss`,
//! or with `error` when the provider refused the request. Cookies are kept
//! for this one flow only (a small jar; the workspace's reqwest has no
//! cookie store) and sent only to the provider's origin. Pages are read up
//! to [`MAX_PAGE_BYTES`]; the password is only ever posted to that origin.

use reqwest::{StatusCode, Url, header};

use super::scrape;

/// Largest page read.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// Most redirects followed within the provider before giving up.
const MAX_HOPS: usize = 8;

/// Why a headless login did not reach the redirect URI.
#[derive(Debug, thiserror::Error)]
pub enum HeadlessLoginError {
    /// The authorization URL is not a URL, or lacks `redirect_uri`.
    #[error("not an authorization URL: {0}")]
    InvalidUrl(String),
    /// The request failed on the network.
    #[error("login request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The client followed a redirect itself; build it with
    /// `reqwest::redirect::Policy::none()`. Detected by the response's URL,
    /// by reqwest refusing the app's custom scheme, or by a failed connection
    /// right after posting the form to a provider that had just answered
    /// (the loopback redirect URI has no listener).
    #[error("the HTTP client follows redirects; build it with redirect::Policy::none()")]
    RedirectFollowed,
    /// A page was larger than [`MAX_PAGE_BYTES`].
    #[error("login page larger than {MAX_PAGE_BYTES} bytes")]
    PageTooLarge,
    /// The page has no `kc-form-login` form (an error page, for instance).
    #[error("no login form (HTTP {status}, page \"{title}\")")]
    NoLoginForm {
        /// HTTP status of the page.
        status: u16,
        /// Its title.
        title: String,
    },
    /// The provider showed the login form again: wrong username or password.
    #[error("login refused: {}", .message.as_deref().unwrap_or("the form was shown again"))]
    BadCredentials {
        /// The error text on the form, if any.
        message: Option<String>,
    },
    /// The provider redirected somewhere other than itself or the redirect URI.
    #[error("unexpected redirect to {0}")]
    UnexpectedRedirect(String),
    /// After the login the provider showed a page instead of redirecting
    /// (a required action, a consent screen, an error).
    #[error("unexpected page after login (HTTP {status}, page \"{title}\")")]
    UnexpectedPage {
        /// HTTP status of the page.
        status: u16,
        /// Its title.
        title: String,
    },
    /// Too many redirects within the provider.
    #[error("too many redirects")]
    TooManyRedirects,
}

/// Logs `username` in with `password` at the login page `authorize_url`
/// leads to, and returns the `Location` of the redirect to the request's
/// `redirect_uri` (parse `code`, `state` and `iss` — or `error` — from it).
/// Nothing is sent to the redirect URI.
///
/// `http` must not follow redirects: build it with
/// `reqwest::redirect::Policy::none()` (a client that does is detected and
/// refused with [`HeadlessLoginError::RedirectFollowed`]).
pub async fn headless_login(
    http: &reqwest::Client,
    authorize_url: &str,
    username: &str,
    password: &str,
) -> Result<String, HeadlessLoginError> {
    let start =
        Url::parse(authorize_url).map_err(|e| HeadlessLoginError::InvalidUrl(e.to_string()))?;
    let redirect_uri = start
        .query_pairs()
        .find(|(name, _)| name == "redirect_uri")
        .map(|(_, value)| value.into_owned())
        .ok_or_else(|| HeadlessLoginError::InvalidUrl("no redirect_uri parameter".to_owned()))?;
    // Compared with `Location`s in the URL parser's normal form.
    let redirect_uri = Url::parse(&redirect_uri).map(String::from).unwrap_or(redirect_uri);
    let mut flow = Flow { http, jar: Jar::default(), origin: start.origin(), redirect_uri };

    let (page_url, status, page) = match flow.get_until_page(start).await? {
        Landing::Back(location) => return Ok(location),
        Landing::Page(url, status, body) => (url, status, body),
    };
    let Some(form) = scrape::login_form(&page) else {
        return Err(HeadlessLoginError::NoLoginForm {
            status: status.as_u16(),
            title: scrape::title(&page),
        });
    };
    let action =
        page_url.join(&form.action).map_err(|e| HeadlessLoginError::InvalidUrl(e.to_string()))?;
    if action.origin() != flow.origin {
        return Err(HeadlessLoginError::UnexpectedRedirect(action.to_string()));
    }
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in form.hidden.iter().filter(|(n, _)| n != "username" && n != "password") {
        body.append_pair(name, value);
    }
    body.append_pair("username", username).append_pair("password", password);
    let request = http
        .post(action.clone())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.finish());
    let response = match flow.send(request, &action).await {
        Err(HeadlessLoginError::Http(e)) if e.is_connect() => {
            return Err(HeadlessLoginError::RedirectFollowed);
        }
        other => other?,
    };
    if let Some(location) = flow.location(&response, &action)? {
        if flow.is_redirect_uri(&location) {
            return Ok(location.to_string());
        }
        return match flow.get_until_page(location).await? {
            Landing::Back(location) => Ok(location),
            Landing::Page(_, status, page) => Err(after_login(status, &page)),
        };
    }
    let status = response.status();
    let page = read_limited(response).await?;
    Err(after_login(status, &page))
}

/// A page shown after the password was posted.
fn after_login(status: StatusCode, page: &str) -> HeadlessLoginError {
    if scrape::login_form(page).is_some() {
        HeadlessLoginError::BadCredentials { message: scrape::input_error(page) }
    } else {
        HeadlessLoginError::UnexpectedPage { status: status.as_u16(), title: scrape::title(page) }
    }
}

/// Where a chain of GETs ended.
enum Landing {
    /// At the redirect URI: its full `Location`.
    Back(String),
    /// At a page of the provider: its URL, status and body.
    Page(Url, StatusCode, String),
}

/// One login flow: the client, its cookies, the provider's origin.
struct Flow<'a> {
    http: &'a reqwest::Client,
    jar: Jar,
    origin: url::Origin,
    redirect_uri: String,
}

impl Flow<'_> {
    /// GETs `url`, following redirects within the provider, until a page or
    /// a redirect to the redirect URI.
    async fn get_until_page(&mut self, mut url: Url) -> Result<Landing, HeadlessLoginError> {
        for _ in 0..MAX_HOPS {
            let response = self.send(self.http.get(url.clone()), &url).await?;
            match self.location(&response, &url)? {
                Some(next) if self.is_redirect_uri(&next) => {
                    return Ok(Landing::Back(next.to_string()));
                }
                Some(next) if next.origin() == self.origin => url = next,
                Some(next) => return Err(HeadlessLoginError::UnexpectedRedirect(next.to_string())),
                None => {
                    let status = response.status();
                    return Ok(Landing::Page(url, status, read_limited(response).await?));
                }
            }
        }
        Err(HeadlessLoginError::TooManyRedirects)
    }

    /// Sends with the jar's cookies, keeps the answer's cookies and refuses
    /// a response that came from somewhere else (a followed redirect).
    async fn send(
        &mut self,
        mut request: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<reqwest::Response, HeadlessLoginError> {
        if url.origin() == self.origin
            && let Some(cookies) = self.jar.header()
        {
            request = request.header(header::COOKIE, cookies);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) if e.url().is_some_and(|u| self.is_redirect_uri(u)) => {
                return Err(HeadlessLoginError::RedirectFollowed);
            }
            Err(e) => return Err(e.into()),
        };
        if response.url() != url {
            return Err(HeadlessLoginError::RedirectFollowed);
        }
        if url.origin() == self.origin {
            self.jar.absorb(response.headers());
        }
        Ok(response)
    }

    /// The absolute `Location` of a redirect response.
    fn location(
        &self,
        response: &reqwest::Response,
        base: &Url,
    ) -> Result<Option<Url>, HeadlessLoginError> {
        if !response.status().is_redirection() {
            return Ok(None);
        }
        let raw =
            response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).ok_or_else(
                || HeadlessLoginError::UnexpectedRedirect("(no Location)".to_owned()),
            )?;
        base.join(raw)
            .map(Some)
            .map_err(|e| HeadlessLoginError::UnexpectedRedirect(format!("{raw}: {e}")))
    }

    /// Whether `url` is the redirect URI plus parameters.
    fn is_redirect_uri(&self, url: &Url) -> bool {
        let url = url.as_str();
        let base = self.redirect_uri.as_str();
        url.strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['?', '&', '#']))
    }
}

/// The body as text, refusing more than [`MAX_PAGE_BYTES`].
async fn read_limited(mut response: reqwest::Response) -> Result<String, HeadlessLoginError> {
    if response.content_length().is_some_and(|n| n > MAX_PAGE_BYTES as u64) {
        return Err(HeadlessLoginError::PageTooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_PAGE_BYTES {
            return Err(HeadlessLoginError::PageTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Cookies of one flow: name and value, no paths or expiry beyond deletion.
#[derive(Debug, Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    /// Takes in every `Set-Cookie`; an empty value or `Max-Age=0` deletes.
    fn absorb(&mut self, headers: &header::HeaderMap) {
        for value in headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()) {
            let mut parts = value.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let (name, value) = (name.trim(), value.trim().trim_matches('"'));
            if name.is_empty() {
                continue;
            }
            let deleted = value.is_empty()
                || parts.any(|attr| {
                    let attr = attr.trim().to_ascii_lowercase();
                    attr == "max-age=0" || attr.starts_with("max-age=-") || attr.contains("1970")
                });
            self.0.retain(|(n, _)| n != name);
            if !deleted {
                self.0.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    /// The `Cookie` header value, if there are cookies.
    fn header(&self) -> Option<String> {
        (!self.0.is_empty())
            .then(|| self.0.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jar_keeps_replaces_and_deletes() {
        let mut headers = header::HeaderMap::new();
        for v in ["A=1; Path=/realms/leipzig/; HttpOnly", "B=\"2\"; Secure", "C=3"] {
            headers.append(header::SET_COOKIE, header::HeaderValue::from_static(v));
        }
        let mut jar = Jar::default();
        jar.absorb(&headers);
        assert_eq!(jar.header().as_deref(), Some("A=1; B=2; C=3"));
        let mut later = header::HeaderMap::new();
        later.append(header::SET_COOKIE, header::HeaderValue::from_static("A=; Max-Age=0"));
        later.append(header::SET_COOKIE, header::HeaderValue::from_static("C=4"));
        later.append(
            header::SET_COOKIE,
            header::HeaderValue::from_static("B=x; Expires=Thu, 01-Jan-1970 00:00:10 GMT"),
        );
        jar.absorb(&later);
        assert_eq!(jar.header().as_deref(), Some("C=4"));
    }
}
