//! Just enough HTML reading for [`headless_login`](super::headless_login):
//! the Keycloak-style login form (`<form id="kc-form-login" action=…>` and
//! its hidden inputs), the error text next to it, the page title; and any
//! form's fields by id, for [`headless_pay`](crate::epaybl::headless_pay).
//!
//! Not an HTML parser: it scans tags, honours quoted attribute values and
//! decodes character references. Pages are size-limited by the caller.

/// The login form found on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    /// The `action` attribute, unescaped (may be relative).
    pub action: String,
    /// Hidden inputs (`name`, `value`), in page order.
    pub hidden: Vec<(String, String)>,
}

/// The form with `id="kc-form-login"`, if the page has one.
pub fn login_form(page: &str) -> Option<LoginForm> {
    let (action, body) = form_with_id(page, "kc-form-login")?;
    let hidden = inputs(body)
        .into_iter()
        .filter(|a| attribute(a, "type").is_some_and(|t| t.eq_ignore_ascii_case("hidden")))
        .filter_map(|a| {
            let name = attribute(&a, "name")?.to_owned();
            Some((name, attribute(&a, "value").unwrap_or_default().to_owned()))
        })
        .collect();
    Some(LoginForm { action, hidden })
}

/// The form with this `id`: its `action` (unescaped, maybe relative) and
/// the name/value pairs a browser would submit from its `<input>`s —
/// buttons and unchecked checkboxes or radio buttons left out.
pub fn form_fields(page: &str, id: &str) -> Option<(String, Vec<(String, String)>)> {
    let (action, body) = form_with_id(page, id)?;
    let fields = inputs(body)
        .into_iter()
        .filter_map(|a| {
            let kind = attribute(&a, "type").unwrap_or("text").to_ascii_lowercase();
            if matches!(kind.as_str(), "submit" | "button" | "image" | "reset" | "file") {
                return None;
            }
            let checkable = matches!(kind.as_str(), "checkbox" | "radio");
            if checkable && attribute(&a, "checked").is_none() {
                return None;
            }
            let name = attribute(&a, "name").filter(|n| !n.is_empty())?.to_owned();
            let value = match attribute(&a, "value") {
                Some(v) => v.to_owned(),
                None if checkable => "on".to_owned(),
                None => String::new(),
            };
            Some((name, value))
        })
        .collect();
    Some((action, fields))
}

/// The `action` and the inner HTML of the first form with this `id`.
fn form_with_id<'a>(page: &'a str, id: &str) -> Option<(String, &'a str)> {
    let lower = page.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<form").map(|i| i + from) {
        let (attrs, end) = tag_attributes(page, at + "<form".len())?;
        from = end;
        if attribute(&attrs, "id") != Some(id) {
            continue;
        }
        let action = attribute(&attrs, "action").unwrap_or_default().to_owned();
        let close = lower[end..].find("</form").map_or(page.len(), |i| i + end);
        return Some((action, &page[end..close]));
    }
    None
}

/// The first text inside the element whose id starts with `input-error`
/// (the sandbox's and older themes' `input-error`, Keycloak v2's
/// `input-error-container-username` with the message a few tags deeper).
pub fn input_error(page: &str) -> Option<String> {
    let at = page.find("id=\"input-error")?;
    let window: String = page[at..].chars().take(4_000).collect();
    let inside = &window[window.find('>')? + 1..];
    let mut parts = inside.split('<');
    let first = parts.next().map(str::to_owned);
    first
        .into_iter()
        .chain(parts.filter_map(|part| part.split_once('>').map(|(_, text)| text.to_owned())))
        .map(|text| unescape(text.trim()))
        .find(|text| !text.is_empty())
        .map(|text| {
            text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect()
        })
}

/// The `<title>`, trimmed and shortened, for error messages.
pub fn title(page: &str) -> String {
    let lower = page.to_ascii_lowercase();
    let Some(open) = lower.find("<title") else { return String::new() };
    let Some(start) = lower[open..].find('>').map(|i| i + open + 1) else { return String::new() };
    let end = lower[start..].find("</title").map_or(page.len(), |i| i + start);
    let text = unescape(&page[start..end]);
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(120).collect()
}

/// Attributes of every `<input>` in `html`.
fn inputs(html: &str) -> Vec<Vec<(String, String)>> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<input").map(|i| i + from) {
        let Some((attrs, end)) = tag_attributes(html, at + "<input".len()) else { break };
        out.push(attrs);
        from = end;
    }
    out
}

/// The value of attribute `name` (names are lower-cased by the scanner).
fn attribute<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Scans attributes from `start` (just after the tag name) to the closing
/// `>`; returns them (names lower-cased, values unescaped) and the index
/// after the `>`. `None` when the tag never closes.
fn tag_attributes(html: &str, start: usize) -> Option<(Vec<(String, String)>, usize)> {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = start;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if *bytes.get(i)? == b'>' {
            return Some((attrs, i + 1));
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/".contains(&bytes[i]) {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let close = html[i + 1..].find(*quote as char)? + i + 1;
                    value = unescape(&html[i + 1..close]);
                    i = close + 1;
                }
                _ => {
                    let value_start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = unescape(&html[value_start..i]);
                }
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Decodes HTML character references: the named ones that occur in URLs
/// and text here, and every numeric one.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of Keycloak 26's login form (keycloak.v2 theme).
    const KEYCLOAK: &str = r#"<html><head><title>Sign in to Stadt Leipzig</title></head><body>
        <form id="kc-form-login" class="pf-v5-c-form" onsubmit="login.disabled = true; return true;"
              action="http://127.0.0.1:18080/realms/leipzig/login-actions/authenticate?session_code=abc&amp;execution=d1f&amp;client_id=leipzig-app&amp;tab_id=x1&amp;client_data=eyJ9" method="post" novalidate="novalidate">
          <input id="username" name="username" value="" type="text" autocomplete="username" autofocus aria-invalid=""/>
          <input id="password" name="password" value="" type="password" autocomplete="current-password" aria-invalid=""/>
          <input type="hidden" id="id-hidden-input" name="credentialId"/>
          <button class="pf-v5-c-button" name="login" id="kc-login" type="submit">Sign In</button>
        </form></body></html>"#;

    #[test]
    fn reads_a_keycloak_login_form() {
        let form = login_form(KEYCLOAK).expect("form");
        assert_eq!(
            form.action,
            "http://127.0.0.1:18080/realms/leipzig/login-actions/authenticate?session_code=abc&execution=d1f&client_id=leipzig-app&tab_id=x1&client_data=eyJ9"
        );
        assert_eq!(form.hidden, vec![("credentialId".to_owned(), String::new())]);
        assert_eq!(title(KEYCLOAK), "Sign in to Stadt Leipzig");
    }

    #[test]
    fn skips_other_forms_and_reads_errors() {
        let page = "<form id=\"kc-select-locale\" action=\"/x\"></form>\
            <span id=\"input-error\" aria-live=\"polite\">Invalid username or password.</span>\
            <FORM ID='kc-form-login' ACTION='/a?x=1&#38;y=&#x32;'><input type=hidden name=t value=v></FORM>";
        let form = login_form(page).expect("form");
        assert_eq!(form.action, "/a?x=1&y=2");
        assert_eq!(form.hidden, vec![("t".to_owned(), "v".to_owned())]);
        assert_eq!(input_error(page).as_deref(), Some("Invalid username or password."));
        let keycloak_v2 = "<div id=\"input-error-container-username\">\n  <div aria-live=\"polite\">\n\
            <div class=\"pf-m-error\" id=\"input-error-username\"><span class=\"kc-feedback-text\">\n\
            Ungültiger Benutzername oder Passwort.\n</span></div></div></div>";
        assert_eq!(
            input_error(keycloak_v2).as_deref(),
            Some("Ungültiger Benutzername oder Passwort.")
        );
        assert!(login_form("<form id=\"other\" action=\"/\">").is_none());
        assert!(login_form("<form id=\"kc-form-login").is_none(), "unclosed tag");
    }

    #[test]
    fn unescapes_references() {
        assert_eq!(unescape("a&amp;b&lt;&#252;&#xFC;&unknown;&"), "a&b<üü&unknown;&");
    }
}
