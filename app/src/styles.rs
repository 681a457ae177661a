//! The stylesheets, put into each page's `<head>` by the shell: the first paint then waits
//! on no second request. `.ci/lib/site.sh` still builds the same text as files (hashed, so
//! the service worker's version follows a change in them).

/// The base: what the field page (a phone on a weak link) needs.
pub const FIELD: &str = include_str!("../../style/main.css");

/// Every other page: the base, the supervision views' and the public side's.
pub const PAGES: &str = concat!(
    include_str!("../../style/main.css"),
    include_str!("../../style/ledger.css"),
    include_str!("../../style/public.css"),
);
