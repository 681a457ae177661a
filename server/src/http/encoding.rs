//! What a request says it takes: the content codings of `Accept-Encoding`, and whether its
//! `If-None-Match` names the version held. Shared by the answers made from memory (built
//! files, cached pages).

use http::{HeaderMap, header};

/// Whether the request takes `coding` (`br`, `gzip`): named, and not with q=0.
pub fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';');
            let name = it.next().unwrap_or_default().trim();
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

/// Whether the browser already holds the version tagged `etag` (so 304 answers it).
pub fn holds(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, http::HeaderValue::from_static(value));
        h
    }

    #[test]
    fn codings_are_taken_unless_refused() {
        let h = with(header::ACCEPT_ENCODING, "gzip, deflate, br;q=0");
        assert!(accepts(&h, "gzip"));
        assert!(!accepts(&h, "br"), "q=0 refuses");
        assert!(!accepts(&HeaderMap::new(), "gzip"));
        assert!(accepts(&with(header::ACCEPT_ENCODING, "BR"), "br"));
    }

    #[test]
    fn a_held_version_is_named_strong_weak_or_star() {
        assert!(holds(&with(header::IF_NONE_MATCH, "\"a\", \"b\""), "\"b\""));
        assert!(holds(&with(header::IF_NONE_MATCH, "W/\"b\""), "\"b\""));
        assert!(holds(&with(header::IF_NONE_MATCH, "*"), "\"b\""));
        assert!(!holds(&with(header::IF_NONE_MATCH, "\"a\""), "\"b\""));
    }
}
