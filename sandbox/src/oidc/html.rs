//! The provider's HTML pages: login form, error page, logged-out page.
//!
//! German, plain, usable with a keyboard and a screen reader (labels, a
//! live error region, `autocomplete`). The login form keeps Keycloak's ids
//! and field names (`kc-form-login`, `username`, `password`, `credentialId`,
//! `kc-login`, `input-error`) so one headless helper drives both.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// `text` with `&`, `<`, `>`, `"` and `'` escaped for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.5rem}label{display:block;\
margin-top:1rem;font-weight:600}input[type=text],input[type=password]{width:100%;\
box-sizing:border-box;padding:.6rem;font-size:1rem;border:2px solid #555;border-radius:4px}\
input:focus,button:focus{outline:3px solid #0a58ca;outline-offset:2px}button{margin-top:1.5rem;\
padding:.7rem 1.5rem;font-size:1rem;background:#b80d0d;color:#fff;border:0;border-radius:4px}\
.error{color:#a00;font-weight:600}.hint{color:#444;font-size:.9rem}";

/// A whole page: `title` in the tab and as the heading, `body` as given.
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let title = escape(title);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <title>{title} – Stadt Leipzig</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <main>\n<p>Stadt Leipzig · Servicekonto</p>\n<h1 id=\"kc-page-title\">{title}</h1>\n\
         {body}\n</main>\n</body>\n</html>\n"
    );
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store, must-revalidate"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "content-security-policy",
        // No `form-action`: browsers apply it to the redirect back to the app.
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    response
}

/// The login form posting to `action`; `error` shows above the fields and
/// marks them invalid.
pub fn login_page(action: &str, username: &str, error: Option<&str>) -> Response {
    let action = escape(action);
    let username = escape(username);
    let (alert, invalid) = match error {
        Some(message) => (
            format!(
                "<p class=\"error\" role=\"alert\"><span id=\"input-error\" aria-live=\"polite\">{}</span></p>\n",
                escape(message)
            ),
            " aria-invalid=\"true\" aria-describedby=\"input-error\"",
        ),
        None => (String::new(), ""),
    };
    let body = format!(
        "<p>Melden Sie sich an, um die App „Leipzig – nah bei mir“ mit Ihrem Servicekonto zu nutzen.</p>\n\
         {alert}\
         <form id=\"kc-form-login\" method=\"post\" action=\"{action}\" novalidate=\"novalidate\">\n\
         <label for=\"username\">Benutzername oder E-Mail</label>\n\
         <input type=\"text\" id=\"username\" name=\"username\" value=\"{username}\" \
         autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required{invalid} autofocus>\n\
         <label for=\"password\">Passwort</label>\n\
         <input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required{invalid}>\n\
         <input type=\"hidden\" id=\"id-hidden-input\" name=\"credentialId\" value=\"\">\n\
         <button type=\"submit\" id=\"kc-login\" name=\"login\">Anmelden</button>\n\
         </form>\n\
         <p class=\"hint\">Sandbox: Testkonten <code>demo-adult</code>, <code>demo-teen</code>, \
         <code>demo-pass</code>, Passwort jeweils <code>demo</code>.</p>"
    );
    page(StatusCode::OK, "Anmelden", &body)
}

/// An error page: the request cannot go back to the app.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<p class=\"error\" role=\"alert\" id=\"kc-error-message\">{}</p>\n\
         <p>Bitte schließen Sie dieses Fenster und starten Sie die Anmeldung in der App erneut.</p>",
        escape(message)
    );
    page(status, "Es ist ein Fehler aufgetreten", &body)
}

/// After a logout without a redirect back to the app.
pub fn logged_out_page() -> Response {
    page(
        StatusCode::OK,
        "Sie sind abgemeldet",
        "<p role=\"status\">Sie haben sich erfolgreich abgemeldet. Sie können dieses Fenster schließen.</p>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
