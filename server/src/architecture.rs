//! The layer rules, checked on every test run: dependencies point down
//! (`http` → `service` → `store` → `app`'s pure rules), so a use case or a query never
//! learns about HTTP, and only `http::error` picks status codes. A name on a comment line
//! does not count; a name in code does.

use std::fs;
use std::path::{Path, PathBuf};

/// Names each folder must not use in code, and why.
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "service",
        &[
            "axum",
            "http::",
            "StatusCode",
            "ApiError",
            "AppState",
            "crate::http",
            "crate::state",
        ],
        "use cases know nothing of HTTP: they answer with ServiceError",
    ),
    (
        "store",
        &[
            "axum",
            "http::",
            "StatusCode",
            "ApiError",
            "ServiceError",
            "AppState",
            "crate::http",
            "crate::service",
            "crate::state",
        ],
        "storage answers with StoreError and knows no layer above it",
    ),
    (
        "auth",
        &[
            "axum",
            "crate::http",
            "crate::service",
            "crate::state",
            "ApiError",
            "ServiceError",
        ],
        "sign-in, passwords and tokens sit below the services that use them",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `file:line: name` for every forbidden name used in code under `folder`.
fn violations(folder: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(!files.is_empty(), "no sources under {}", root.display());
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for name in forbidden {
                if code.contains(name) {
                    found.push(format!("{}:{}: {name}", file.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn lower_layers_never_name_the_layers_above() {
    for (folder, forbidden, why) in RULES {
        let found = violations(folder, forbidden);
        assert!(
            found.is_empty(),
            "{folder}/ breaks its rule ({why}):\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_check_sees_a_forbidden_name() {
    // The rule above would pass on an empty or misread tree; this proves it reads code.
    assert!(!violations("http", &["axum"]).is_empty());
}

/// `file: call` for every store method the HTTP layer calls itself: it may hand the store to
/// a service (`store.as_ref()`, `store.clone()`), never query it.
fn store_calls_in_http() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("http");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    // Handlers do pass the store on: a check that sees none of that read nothing.
    let text: String = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap_or_default())
        .collect();
    assert!(
        text.contains("state.store.as_ref()"),
        "http/ sources were not read"
    );
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("source file");
        for call in store_calls(&text) {
            found.push(format!("{}: {call}", file.display()));
        }
    }
    found
}

/// Each store method called in `text` (a Rust file), shown by its start. Comments are
/// dropped and whitespace removed first, so a call chain split over lines
/// (`state\n.store\n.report(id)`) is seen as one.
fn store_calls(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<String>()
        .split_whitespace()
        .collect();
    code.match_indices("store.")
        .map(|(at, _)| &code[at..])
        .filter(|rest| {
            let call = &rest["store.".len()..];
            !(call.starts_with("as_ref()") || call.starts_with("clone()"))
        })
        .map(|rest| rest.chars().take(40).collect())
        .collect()
}

#[test]
fn a_store_call_split_over_lines_is_seen() {
    let text = "let stored = state\n    .store\n    .report(id) // not .store.as_ref()\n    .await?;\nservice(state.store.as_ref());";
    assert_eq!(
        store_calls(text),
        vec!["store.report(id).await?;service(state.st"]
    );
}

#[test]
fn http_reaches_the_store_only_through_services() {
    let found = store_calls_in_http();
    assert!(
        found.is_empty(),
        "http/ queries the store itself (go through a service):\n{}",
        found.join("\n")
    );
}
