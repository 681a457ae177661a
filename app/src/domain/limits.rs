//! Every bound on what a client may send, in one place: the phone checks with these before
//! saving and the server before storing, so a value refused on one side is refused on the
//! other. The README's "Limits" table lists them.
//!
//! Dates: every date a request names (a view's `as_of`, a filter, a deadline, a report's
//! days) must fall within `EARLIEST_DAY..=LATEST_DAY`. Beyond that range no ledger has
//! business, and date arithmetic on chrono's extremes (±262,143) would overflow.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Texts of a report (工作进展, 困难问题, 下步计划, 地点) and of every long form field.
pub const MAX_TEXT_CHARS: usize = 2000;
/// A review comment, a difficulty comment, a 督办 requirement.
pub const MAX_COMMENT_CHARS: usize = 2000;
/// Reports accepted or returned in one review.
pub const MAX_REVIEW_BATCH: usize = 500;
/// A password (argon2 hashes all of it: a megabyte would cost the server a second).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// The author name a phone sends along (shown nowhere: names come from accounts).
pub const MAX_AUTHOR_CHARS: usize = 40;
/// Places named in one coverage report, and the length of each.
pub const MAX_PLACES: usize = 200;
pub const MAX_PLACE_CHARS: usize = 60;
/// One count increment ("+3 户").
pub const MAX_INCREMENT: f64 = 1_000_000.0;
/// An amount (元, a standard level): far above any livelihood-project figure, far below
/// what would print as a wall of digits.
pub const MAX_AMOUNT: f64 = 1_000_000_000.0;
/// The most ops one push may carry (also `sync::MAX_BATCH`).
pub const MAX_OPS_PER_PUSH: usize = 200;
/// What the quarantine keeps of a refused op's content: an excerpt of this many bytes
/// and the SHA-256 of the whole.
pub const QUARANTINE_EXCERPT_BYTES: usize = 8 * 1024;

pub fn earliest_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub fn latest_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The range message, for every refused date.
pub fn day_range_message() -> String {
    format!(
        "日期超出可接受范围（{} 至 {}）",
        earliest_day(),
        latest_day()
    )
}

/// A date from a request, refused outside the admissible range.
pub fn day(d: NaiveDate) -> Result<NaiveDate, String> {
    if (earliest_day()..=latest_day()).contains(&d) {
        Ok(d)
    } else {
        Err(day_range_message())
    }
}

/// A typed `YYYY-MM-DD`, refused when malformed or out of range.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| "日期格式应为 2024-07-15".to_string())?;
    day(d)
}

/// The days a report of a plan may be credited to: from the plan's start to its end, and
/// never after tomorrow (phone clocks and time zones differ by a day at most).
pub fn report_days(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let tomorrow = today.succ_opt().unwrap_or(today);
    (starts_on, ends_on.min(tomorrow))
}

/// When a phone may have saved a report: not before the plan began (a day of slack for
/// the time zone), not after the server's now plus a day (a phone clock running fast).
/// The capture time decides which rate is the latest, so 1900 or 9999 must not pass.
pub fn capture_time_ok(at: DateTime<Utc>, starts_on: NaiveDate, now: DateTime<Utc>) -> bool {
    let Some(earliest) = starts_on
        .pred_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
    else {
        return false;
    };
    let latest = now.checked_add_signed(Duration::days(1)).unwrap_or(now);
    at >= earliest && at <= latest
}

/// A milestone may be marked done from a year before the plan (work finished early) up to
/// tomorrow.
pub fn milestone_days(starts_on: NaiveDate, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = starts_on
        .checked_sub_signed(Duration::days(366))
        .unwrap_or(starts_on);
    (from, today.succ_opt().unwrap_or(today))
}

/// A 督办单's deadline: from the plan's start to a year after its end.
pub fn deadline_days(starts_on: NaiveDate, ends_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let until = ends_on
        .checked_add_signed(Duration::days(366))
        .unwrap_or(ends_on);
    (starts_on, until)
}

/// Whether a text holds a control character other than TAB, LF and CR. No one types
/// them; PostgreSQL refuses NUL in text outright, and the others hide text on screen.
pub fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The refusal of a text holding control characters.
pub const CONTROL_MESSAGE: &str = "内容中含有不可见的控制字符，请删除后重试";

/// The number of characters, for messages.
pub fn too_long(text: &str, max: usize) -> bool {
    text.chars().count() > max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn dates_beyond_the_range_are_refused_without_overflow() {
        for (name, input, ok) in [
            ("first day", "2000-01-01", true),
            ("last day", "2099-12-31", true),
            ("1900", "1900-01-01", false),
            ("year 9999", "9999-12-31", false),
            ("chrono's max", "+262142-12-31", false),
            ("chrono's min", "-262143-01-01", false),
        ] {
            let parsed: NaiveDate = input.parse().expect(name);
            assert_eq!(day(parsed).is_ok(), ok, "{name}");
        }
        assert!(parse_day("2024-13-01").is_err());
        assert!(parse_day("99999-01-01").is_err());
    }

    #[test]
    fn capture_times_stay_between_the_plan_start_and_tomorrow() {
        let now: DateTime<Utc> = "2024-06-01T10:00:00Z".parse().expect("now");
        let start = d("2024-01-01");
        for (name, at, ok) in [
            ("now", "2024-06-01T10:00:00Z", true),
            (
                "the plan's first day in China",
                "2023-12-31T16:00:00Z",
                true,
            ),
            ("1900", "1900-01-01T00:00:00Z", false),
            ("9999", "9999-01-01T00:00:00Z", false),
            ("two days ahead", "2024-06-03T10:00:01Z", false),
        ] {
            let at: DateTime<Utc> = at.parse().expect(name);
            assert_eq!(capture_time_ok(at, start, now), ok, "{name}");
        }
    }

    #[test]
    fn control_characters_other_than_line_breaks_and_tabs_are_found() {
        for (name, text, found) in [
            ("plain Chinese", "石桥村 两户", false),
            ("line breaks and tabs", "第一行\r\n第二行\t完", false),
            ("NUL", "a\0b", true),
            ("escape", "\u{1b}[31m", true),
            ("DEL", "\u{7f}", true),
            ("C1 control", "\u{85}", true),
        ] {
            assert_eq!(has_control(text), found, "{name}");
        }
    }

    #[test]
    fn report_days_end_at_the_plan_end_or_tomorrow() {
        assert_eq!(
            report_days(d("2024-01-01"), d("2024-12-31"), d("2026-11-29")),
            (d("2024-01-01"), d("2024-12-31"))
        );
        assert_eq!(
            report_days(d("2024-01-01"), d("2024-12-31"), d("2024-06-01")),
            (d("2024-01-01"), d("2024-06-02"))
        );
    }
}
