//! A small fuzz driver on stable Rust (cargo-fuzz needs a nightly toolchain, which this
//! project does not use): proptest strategies that mutate valid inputs, run for a number
//! of cases in the ordinary suite, or for `TAIZHANG_FUZZ_SECONDS` when fuzzing for real.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// One edit of a text: where, what kind, and what to put in.
#[derive(Clone, Debug)]
pub enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    Replace { at: usize, with: char },
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let nasty = prop_oneof![
        Just("\"".to_string()),
        Just("[[".to_string()),
        Just("]]".to_string()),
        Just("=".to_string()),
        Just("\n".to_string()),
        Just("-1".to_string()),
        Just("1e309".to_string()),
        Just("99999999999999999999".to_string()),
        Just("null".to_string()),
        Just("{}".to_string()),
        Just("[]".to_string()),
        Just("\u{0}".to_string()),
        Just("+262142-12-31".to_string()),
        Just("\u{202e}".to_string()),
        ".{0,12}",
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), nasty).prop_map(|(at, text)| Edit::Insert { at, text }),
        any::<usize>().prop_map(|line| Edit::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
        (any::<usize>(), any::<char>()).prop_map(|(at, with)| Edit::Replace { at, with }),
    ]
}

/// `text` with the edits applied (char positions taken modulo the length).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match e {
            Edit::Delete { at, len } => {
                let start = at % n;
                let end = (start + len).min(chars.len());
                if start < end {
                    chars.drain(start..end);
                }
            }
            Edit::Insert { at, text } => {
                let at = (at % n).min(chars.len());
                chars.splice(at..at, text.chars());
            }
            Edit::Replace { at, with } => {
                if !chars.is_empty() {
                    chars[at % n] = *with;
                }
            }
            Edit::DuplicateLine { line } | Edit::SwapLines { a: line, .. } => {
                let joined: String = chars.iter().collect();
                let mut lines: Vec<&str> = joined.split('\n').collect();
                let count = lines.len();
                match e {
                    Edit::DuplicateLine { .. } => {
                        let l = lines[line % count];
                        lines.insert(line % count, l);
                    }
                    Edit::SwapLines { a, b } => lines.swap(a % count, b % count),
                    _ => {}
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

/// Runs `check` on values of `strategy`: the default number of cases (PROPTEST_CASES), or
/// for `TAIZHANG_FUZZ_SECONDS` seconds. Prints how many cases ran.
pub fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let budget = std::env::var("TAIZHANG_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let started = Instant::now();
    let mut total: u64 = 0;
    loop {
        let cases = if budget.is_some() {
            2_000
        } else {
            Config::default().cases
        };
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &check) {
            panic!("{name}: {e}");
        }
        total += u64::from(cases);
        match budget {
            Some(b) if started.elapsed() < b => continue,
            _ => break,
        }
    }
    println!(
        "{name}: {total} cases in {:.0?} without a crash",
        started.elapsed()
    );
}
