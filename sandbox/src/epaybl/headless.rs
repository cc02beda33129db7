//! [`headless_pay`]: a person on the paypage, without a browser — for
//! `leipzig pay --simulate` and the tests.
//!
//! Drives the HTML as a browser would: GET the paypage, submit the form of
//! the chosen method (with the fields the page filled in), for a card also
//! the 3-D Secure step; then follow redirects by hand while they stay on
//! the paypage's origin (the app API's return endpoint is one of them) and
//! stop at the first `Location` elsewhere — the app link. Pages are read up
//! to [`MAX_PAGE_BYTES`]; nothing is ever sent to another origin.

use std::{fmt, str::FromStr};

use reqwest::{StatusCode, Url, header};

use super::page::DONE_ID;
use crate::oidc::scrape;

/// Largest page read.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// Most redirects followed on the paypage's origin.
const MAX_HOPS: usize = 8;

/// What the person does on the paypage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayChoice {
    /// Pay with PayPal.
    Paypal,
    /// Pay by credit card, confirming the 3-D Secure step.
    Card,
    /// Pay with Wero.
    Wero,
    /// Give a SEPA direct-debit mandate (settles later).
    Sepa,
    /// Press "Abbrechen".
    Cancel,
    /// Press "Fehlschlag simulieren" (the payment service refuses).
    Fail,
}

impl PayChoice {
    /// Every choice, in the paypage's order.
    pub const ALL: [PayChoice; 6] = [
        PayChoice::Paypal,
        PayChoice::Card,
        PayChoice::Wero,
        PayChoice::Sepa,
        PayChoice::Cancel,
        PayChoice::Fail,
    ];

    /// The paypage action (and the `FromStr` spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            PayChoice::Paypal => "paypal",
            PayChoice::Card => "card",
            PayChoice::Wero => "wero",
            PayChoice::Sepa => "sepa",
            PayChoice::Cancel => "cancel",
            PayChoice::Fail => "fail",
        }
    }
}

impl fmt::Display for PayChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pay choice that is none of `paypal|card|wero|sepa|cancel|fail`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payment choice {0:?}: expected paypal, card, wero, sepa, cancel or fail")]
pub struct UnknownPayChoice(pub String);

impl FromStr for PayChoice {
    type Err = UnknownPayChoice;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        PayChoice::ALL
            .into_iter()
            .find(|c| c.as_str() == wanted)
            .ok_or_else(|| UnknownPayChoice(s.to_owned()))
    }
}

/// Where the browser ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayLanding {
    /// The first `Location` off the paypage's origin: the app link
    /// `https://app.leipzig.de/pay/return?paymentId=…`. Not fetched.
    AppLink(Url),
    /// The payment service showed "Sie können dieses Fenster schließen"
    /// instead of redirecting (`dropRedirect`).
    NoRedirect,
}

/// Why a headless payment did not get through the paypage.
#[derive(Debug, thiserror::Error)]
pub enum HeadlessPayError {
    /// A request failed on the network.
    #[error("paypage request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The client followed a redirect itself; build it with
    /// `reqwest::redirect::Policy::none()`.
    #[error("the HTTP client follows redirects; build it with redirect::Policy::none()")]
    RedirectFollowed,
    /// A page was larger than [`MAX_PAGE_BYTES`].
    #[error("paypage larger than {MAX_PAGE_BYTES} bytes")]
    PageTooLarge,
    /// The page offers no form for the choice (a closed or unknown
    /// transaction, for instance).
    #[error("the page offers no {choice} form (HTTP {status}, page \"{title}\")")]
    NoPayForm {
        /// The choice asked for.
        choice: PayChoice,
        /// HTTP status of the page.
        status: u16,
        /// Its title.
        title: String,
    },
    /// A form would post to another origin, or a `Location` is unusable.
    #[error("unexpected target {0}")]
    UnexpectedTarget(String),
    /// After the choice the payment service showed an unexpected page.
    #[error("unexpected page (HTTP {status}, page \"{title}\")")]
    UnexpectedPage {
        /// HTTP status of the page.
        status: u16,
        /// Its title.
        title: String,
    },
    /// Too many redirects on the paypage's origin.
    #[error("too many redirects")]
    TooManyRedirects,
}

/// Where a request led.
enum Landing {
    /// A `Location` off the origin.
    Away(Url),
    /// A page on the origin: its URL, status and body.
    Page(Url, StatusCode, String),
}

/// Pays (or cancels, or fails) the transaction behind `paypage_url` the way
/// a person would, and returns where the browser would go next.
///
/// `client` must not follow redirects: build it with
/// `reqwest::redirect::Policy::none()` (one that does is detected and
/// refused with [`HeadlessPayError::RedirectFollowed`]).
pub async fn headless_pay(
    client: &reqwest::Client,
    paypage_url: &Url,
    choice: PayChoice,
) -> Result<PayLanding, HeadlessPayError> {
    let origin = paypage_url.origin();
    let flow = Flow { client, origin };
    let (url, status, page) = match flow.get(paypage_url.clone()).await? {
        Landing::Away(url) => return Ok(PayLanding::AppLink(url)),
        Landing::Page(url, status, page) => (url, status, page),
    };
    let form_id = format!("epb-{}", choice.as_str());
    let Some((action, fields)) = scrape::form_fields(&page, &form_id) else {
        return Err(HeadlessPayError::NoPayForm {
            choice,
            status: status.as_u16(),
            title: scrape::title(&page),
        });
    };
    let mut landing = flow.submit(&url, &action, &fields).await?;
    if choice == PayChoice::Card
        && let Landing::Page(url, _, page) = &landing
        && let Some((action, fields)) = scrape::form_fields(page, "epb-card-3ds-confirm")
    {
        landing = flow.submit(url, &action, &fields).await?;
    }
    match landing {
        Landing::Away(url) => Ok(PayLanding::AppLink(url)),
        Landing::Page(_, status, page)
            if status == StatusCode::OK && page.contains(&format!("id=\"{DONE_ID}\"")) =>
        {
            Ok(PayLanding::NoRedirect)
        }
        Landing::Page(_, status, page) => Err(HeadlessPayError::UnexpectedPage {
            status: status.as_u16(),
            title: scrape::title(&page),
        }),
    }
}

/// One walk through the paypage.
struct Flow<'a> {
    client: &'a reqwest::Client,
    origin: url::Origin,
}

impl Flow<'_> {
    /// GETs `url`, following redirects on the origin.
    async fn get(&self, url: Url) -> Result<Landing, HeadlessPayError> {
        let response = self.send(self.client.get(url.clone()), &url).await?;
        self.follow(url, response).await
    }

    /// Posts a form like a browser (`application/x-www-form-urlencoded`).
    async fn submit(
        &self,
        page_url: &Url,
        action: &str,
        fields: &[(String, String)],
    ) -> Result<Landing, HeadlessPayError> {
        let target = page_url
            .join(action)
            .map_err(|e| HeadlessPayError::UnexpectedTarget(format!("{action}: {e}")))?;
        if target.origin() != self.origin {
            return Err(HeadlessPayError::UnexpectedTarget(target.to_string()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())))
            .finish();
        let request = self
            .client
            .post(target.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        let response = self.send(request, &target).await?;
        self.follow(target, response).await
    }

    /// Follows `response`'s redirects while they stay on the origin.
    async fn follow(
        &self,
        mut url: Url,
        mut response: reqwest::Response,
    ) -> Result<Landing, HeadlessPayError> {
        for _ in 0..MAX_HOPS {
            if !response.status().is_redirection() {
                let status = response.status();
                return Ok(Landing::Page(url, status, read_limited(response).await?));
            }
            let raw =
                response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).ok_or_else(
                    || HeadlessPayError::UnexpectedTarget("(no Location)".to_owned()),
                )?;
            let next = url
                .join(raw)
                .map_err(|e| HeadlessPayError::UnexpectedTarget(format!("{raw}: {e}")))?;
            if next.origin() != self.origin {
                return Ok(Landing::Away(next));
            }
            response = self.send(self.client.get(next.clone()), &next).await?;
            url = next;
        }
        Err(HeadlessPayError::TooManyRedirects)
    }

    /// Sends and refuses an answer that came from another URL.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<reqwest::Response, HeadlessPayError> {
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) if e.url().is_some_and(|u| u.origin() != self.origin) => {
                return Err(HeadlessPayError::RedirectFollowed);
            }
            Err(e) => return Err(e.into()),
        };
        if response.url() != url {
            return Err(HeadlessPayError::RedirectFollowed);
        }
        Ok(response)
    }
}

/// The body as text, refusing more than [`MAX_PAGE_BYTES`].
async fn read_limited(mut response: reqwest::Response) -> Result<String, HeadlessPayError> {
    if response.content_length().is_some_and(|n| n > MAX_PAGE_BYTES as u64) {
        return Err(HeadlessPayError::PageTooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_PAGE_BYTES {
            return Err(HeadlessPayError::PageTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_and_print() {
        for choice in PayChoice::ALL {
            assert_eq!(choice.as_str().parse::<PayChoice>(), Ok(choice));
            assert_eq!(choice.to_string(), choice.as_str());
        }
        assert_eq!(" PayPal ".parse::<PayChoice>(), Ok(PayChoice::Paypal));
        assert!("giropay".parse::<PayChoice>().is_err());
    }
}
