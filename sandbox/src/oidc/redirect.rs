//! Which redirect URIs the app may use, and redirects to them.
//!
//! Registered like the Keycloak client: the private-use scheme URI
//! `de.leipzig.nahbeimir:/oauth2redirect` exactly, and loopback
//! `http://127.0.0.1/*` on any port (RFC 8252 §7.3, §8.3: `localhost` is
//! not a loopback literal and is refused). No fragments, no user info. The
//! same list applies to `post_logout_redirect_uri`.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use url::Url;

use super::APP_REDIRECT_URI;

/// Longest redirect URI accepted.
const MAX_URI_LEN: usize = 2_048;

/// Whether `uri` is a registered redirect URI of the app.
pub fn is_registered(uri: &str) -> bool {
    if uri == APP_REDIRECT_URI {
        return true;
    }
    if uri.len() > MAX_URI_LEN || uri.contains('#') {
        return false;
    }
    let Ok(url) = Url::parse(uri) else { return false };
    url.scheme() == "http"
        && url.host_str() == Some("127.0.0.1")
        && url.username().is_empty()
        && url.password().is_none()
        // The parser normalises: compare with what was sent, so that
        // `http://127.0.0.1:80x/..` tricks cannot pass as something else.
        && uri.starts_with("http://127.0.0.1")
}

/// `uri` with `params` appended to its query (`&` if it has one already).
pub fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    let query = query.finish();
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}{query}")
}

/// `302 Found` to `location`, never cached.
pub fn found(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_on_any_port_and_the_app_scheme() {
        assert!(is_registered("http://127.0.0.1:49152/callback"));
        assert!(is_registered("http://127.0.0.1/"));
        assert!(is_registered("http://127.0.0.1:8080/oauth/cb?x=1"));
        assert!(is_registered("de.leipzig.nahbeimir:/oauth2redirect"));
    }

    #[test]
    fn everything_else_is_refused() {
        for uri in [
            "https://127.0.0.1/callback",
            "http://localhost:8080/callback",
            "http://127.0.0.1.evil.example/callback",
            "http://127.0.0.1@evil.example/",
            "http://user@127.0.0.1/",
            "http://127.0.0.1:8080/cb#frag",
            "http://[::1]:8080/cb",
            "de.leipzig.nahbeimir:/other",
            "de.leipzig.nahbeimir://oauth2redirect",
            "https://evil.example/cb",
            "",
        ] {
            assert!(!is_registered(uri), "{uri} must be refused");
        }
    }

    #[test]
    fn params_are_appended() {
        assert_eq!(
            with_params("http://127.0.0.1/cb", &[("a", "b c")]),
            "http://127.0.0.1/cb?a=b+c"
        );
        assert_eq!(
            with_params("http://127.0.0.1/cb?x=1", &[("a", "&")]),
            "http://127.0.0.1/cb?x=1&a=%26"
        );
    }
}
