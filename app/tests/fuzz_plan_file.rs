//! Fuzzing the plan-file parser: mutated copies of the real 2024 plan and arbitrary text
//! never panic; every refusal names at least one problem. `TAIZHANG_FUZZ_SECONDS=600
//! cargo test --release -p app --test fuzz_plan_file` is the ten-minute run (README).

#[path = "fuzz_support/mod.rs"]
mod fuzz_support;

use app::domain::plan_file::{TAIBAIHU_2024, parse_plan_file};
use proptest::prelude::*;

use fuzz_support::{apply, edit, fuzz};

#[test]
fn mutated_plan_files_never_panic() {
    fuzz(
        "plan file, mutated",
        proptest::collection::vec(edit(), 1..12),
        |edits| {
            let text = apply(TAIBAIHU_2024, &edits);
            if let Err(errors) = parse_plan_file(&text) {
                prop_assert!(!errors.is_empty(), "a refusal names its problems");
            }
            Ok(())
        },
    );
}

#[test]
fn arbitrary_text_never_panics() {
    fuzz("plan file, arbitrary", ".{0,400}", |text| {
        let _ = parse_plan_file(&text);
        Ok(())
    });
}
