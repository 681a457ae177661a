//! The stylesheets, put into each page's `<head>` by the shell: the first paint then waits
//! on no second request. `.ci/lib/site.sh` still builds the same text as files (hashed, so
//! the service worker's version follows a change in them).
//!
//! They go out without their comments and layout (`compact`): on a phone's first load
//! that is half a kilobyte of the field page and a kilobyte of every other page, compressed.

use std::sync::LazyLock;

/// The base: what the field page (a phone on a weak link) needs.
pub fn field() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(|| compact(include_str!("../../style/main.css")));
    &CSS
}

/// Every other page: the base, the supervision views' and the public side's.
pub fn pages() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(|| {
        compact(concat!(
            include_str!("../../style/main.css"),
            include_str!("../../style/ledger.css"),
            include_str!("../../style/public.css"),
        ))
    });
    &CSS
}

/// The stylesheet without comments, with each run of white space made one space and the
/// spaces around `{`, `}`, `;` and `,` dropped. Only what cannot change a rule's meaning
/// in our own sheets: white space inside a selector (`a b`) or a value (`0 auto`) stays,
/// and our sheets hold no `/*`, braces, semicolons or commas inside strings.
pub fn compact(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    let mut space = false;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |end| &rest[end + 2..]);
            space = true;
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
        if space && !tight(c) && !out.is_empty() && !out.ends_with(tight) {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{compact, field, pages};

    #[test]
    fn comments_and_layout_go_and_the_rules_stay() {
        let css = "/* head */\n.a b {\n  margin: 0 auto; /* why */\n  color: red;\n}\n\n.c,\n.d { x: \"A B\" }\n";
        assert_eq!(
            compact(css),
            ".a b{margin: 0 auto;color: red;}.c,.d{x: \"A B\"}"
        );
    }

    #[test]
    fn the_served_sheets_are_smaller_and_keep_every_rule() {
        let raw = include_str!("../../style/main.css");
        assert!(
            field().len() < raw.len() * 9 / 10,
            "{} of {}",
            field().len(),
            raw.len()
        );
        let rules = |css: &str| css.matches('{').count();
        let no_comments = |css: &str| {
            let mut kept = String::new();
            for (i, part) in css.split("/*").enumerate() {
                kept.push_str(if i == 0 {
                    part
                } else {
                    part.split_once("*/").map_or("", |p| p.1)
                });
            }
            kept
        };
        assert_eq!(rules(field()), rules(&no_comments(raw)));
        assert!(
            pages().starts_with(field()),
            "the other pages' sheet begins with the base"
        );
        assert!(!pages().contains("/*") && !pages().contains('\n'));
    }
}
