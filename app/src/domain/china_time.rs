//! China time (UTC+8, no daylight saving): the one place that knows the offset. Users mean
//! days and clock times in China; the database stores instants in UTC. Everything that
//! turns one into the other comes through here.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// China's offset from UTC, in hours.
pub const OFFSET_HOURS: i64 = 8;

fn offset() -> Duration {
    Duration::hours(OFFSET_HOURS)
}

/// The day in China at the instant `now`.
pub fn day_at(now: DateTime<Utc>) -> NaiveDate {
    (now + offset()).date_naive()
}

/// Today in China: the day users mean.
pub fn today() -> NaiveDate {
    day_at(Utc::now())
}

/// The moment a view "as of" a day is seen from: the end of that day in China, or now when
/// that is earlier.
pub fn seen_at(as_of: NaiveDate) -> DateTime<Utc> {
    day_end(as_of).unwrap_or_else(Utc::now).min(Utc::now())
}

/// The instant `day` begins in China (its midnight, as UTC).
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - offset()
}

/// The instant `day` ends in China (the next day's midnight), or `None` past the calendar.
pub fn day_end(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.succ_opt().map(day_start)
}

/// The wall-clock time in China at the instant `t`, for display.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    (t + offset()).naive_utc()
}

/// `t` as `MM-DD HH:MM` on China's clock, written out by hand: chrono's format strings are
/// parsed at run time, and that parser would be most of chrono in the field bundle.
pub fn month_day_time(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let l = local(t);
    format!(
        "{:02}-{:02} {:02}:{:02}",
        l.month(),
        l.day(),
        l.hour(),
        l.minute()
    )
}

/// `t` as China's wall-clock time in a chrono format, e.g. `"%Y-%m-%d %H:%M"`.
pub fn format(t: DateTime<Utc>, fmt: &str) -> String {
    local(t).format(fmt).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("day")
    }

    #[test]
    fn the_china_day_turns_at_sixteen_hundred_utc() {
        assert_eq!(day_at(utc("2024-03-01T15:59:59Z")), day("2024-03-01"));
        assert_eq!(day_at(utc("2024-03-01T16:00:00Z")), day("2024-03-02"));
    }

    #[test]
    fn a_day_starts_and_ends_at_china_midnight() {
        assert_eq!(day_start(day("2024-03-02")), utc("2024-03-01T16:00:00Z"));
        assert_eq!(
            day_end(day("2024-03-02")),
            Some(utc("2024-03-02T16:00:00Z"))
        );
        assert_eq!(day_at(day_start(day("2024-12-31"))), day("2024-12-31"));
    }

    #[test]
    fn the_hand_written_clock_matches_the_format_string() {
        for at in [
            "2024-03-01T15:59:59Z",
            "2024-12-31T16:05:00Z",
            "2024-01-09T01:02:03Z",
        ] {
            assert_eq!(
                month_day_time(utc(at)),
                format(utc(at), "%m-%d %H:%M"),
                "{at}"
            );
        }
        assert_eq!(month_day_time(utc("2024-12-31T16:05:00Z")), "01-01 00:05");
    }

    #[test]
    fn times_are_shown_on_the_china_clock() {
        assert_eq!(
            format(utc("2024-03-01T16:30:00Z"), "%m-%d %H:%M"),
            "03-02 00:30"
        );
    }
}
