//! Postal addresses written the way Leipzig writes them.

/// `Otto-Schill-Straße 2, 04109 Leipzig`; missing parts are left out.
pub fn postal(street: Option<&str>, postcode: Option<&str>, city: Option<&str>) -> String {
    let place = [postcode, city].into_iter().flatten().collect::<Vec<_>>().join(" ");
    [street.unwrap_or(""), &place]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::postal;

    #[test]
    fn missing_parts_leave_no_stray_commas() {
        assert_eq!(
            postal(Some("Otto-Schill-Straße 2"), Some("04109"), Some("Leipzig")),
            "Otto-Schill-Straße 2, 04109 Leipzig"
        );
        assert_eq!(postal(None, Some("04109"), Some("Leipzig")), "04109 Leipzig");
        assert_eq!(postal(Some("Markt 1"), None, None), "Markt 1");
        assert_eq!(postal(None, None, None), "");
    }
}
