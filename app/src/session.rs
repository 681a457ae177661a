//! The signed-in user of the request being rendered. Pages are rendered on the server
//! (islands mode), where the request's session is known; in the browser this is `None`.

use crate::domain::account::Viewer;

pub fn current_viewer() -> Option<Viewer> {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.extensions
                    .get::<crate::domain::account::CurrentUser>()
                    .cloned()
            })
            .and_then(|c| c.0)
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The path and query of the request being rendered, for "come back here after sign-in".
pub fn current_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_string()))
            .unwrap_or_else(|| "/".to_string())
    }
    #[cfg(not(feature = "ssr"))]
    "/".to_string()
}

/// Only local paths are followed after sign-in, so a link cannot send users elsewhere.
///
/// Browsers drop TAB, CR and LF from URLs before resolving them, so `/\t/evil.example`
/// becomes `//evil.example`: any control character (and any space, which no path of ours
/// holds) refuses the whole value. A `Location` header cannot carry them either.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c.is_whitespace())
                && n.len() <= 2000 =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/admin/users")), "/admin/users");
        assert_eq!(safe_next(Some("//evil.example/x")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn control_characters_never_reach_a_redirect() {
        for hostile in [
            "/\t/evil.example/x",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/a\r\nSet-Cookie: x=1",
            "/\u{000B}/evil.example",
            "/\u{0085}/evil.example",
            "/\u{3000}/evil.example",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(
            safe_next(Some("/plans/x/items/1?as_of=2024-06-30")),
            "/plans/x/items/1?as_of=2024-06-30"
        );
    }
}
