//! Sign-in throttling. Failures are counted per account and per address in the database
//! (shared by all server processes). After `slow_after` failures each further try must
//! wait longer (1 s, 2 s, 4 s … up to a minute); at the limit the key is refused for
//! `lockout`. A success clears the account's count. The rules are pure and tested here.

use std::time::Duration;

use chrono::{DateTime, Utc};

use app::store::LoginAttempts;

#[derive(Clone, Debug)]
pub struct ThrottleSettings {
    pub slow_after: u32,
    pub lock_after_account: u32,
    pub lock_after_address: u32,
    pub lockout: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        ThrottleSettings {
            slow_after: 3,
            lock_after_account: 10,
            lock_after_address: 50,
            lockout: Duration::from_secs(15 * 60),
            window: Duration::from_secs(15 * 60),
        }
    }
}

pub fn account_key(username: &str) -> String {
    format!("user:{username}")
}

pub fn address_key(address: &str) -> String {
    format!("addr:{address}")
}

/// How long the next sign-in attempt must wait; zero when it may go ahead.
pub fn wait_before_next(
    attempts: &[LoginAttempts],
    now: DateTime<Utc>,
    settings: &ThrottleSettings,
) -> Duration {
    attempts
        .iter()
        .filter_map(|a| {
            let since = (now - a.last_failure_at).to_std().unwrap_or_default();
            if since >= settings.window.max(settings.lockout) {
                return None;
            }
            let limit = if a.key.starts_with("user:") {
                settings.lock_after_account
            } else {
                settings.lock_after_address
            };
            let hold = if a.failures >= limit {
                settings.lockout
            } else if a.failures >= settings.slow_after {
                let step = (a.failures - settings.slow_after).min(6);
                Duration::from_secs(1 << step)
            } else {
                return None;
            };
            hold.checked_sub(since)
        })
        .max()
        .unwrap_or_default()
}

/// "请 30 秒后再试" / "请 15 分钟后再试".
pub fn wait_message(wait: Duration) -> String {
    let secs = wait.as_secs().max(1);
    if secs < 60 {
        format!("登录失败次数过多，请 {secs} 秒后再试。")
    } else {
        format!(
            "登录失败次数过多，账号已暂时锁定，请 {} 分钟后再试。",
            secs.div_ceil(60)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempts(key: &str, failures: u32, secs_ago: i64, now: DateTime<Utc>) -> LoginAttempts {
        LoginAttempts {
            key: key.to_string(),
            failures,
            last_failure_at: now - chrono::Duration::seconds(secs_ago),
        }
    }

    #[test]
    fn a_few_failures_do_not_slow_anyone_down() {
        let now = Utc::now();
        let s = ThrottleSettings::default();
        assert_eq!(wait_before_next(&[], now, &s), Duration::ZERO);
        assert_eq!(
            wait_before_next(&[attempts("user:a", 2, 0, now)], now, &s),
            Duration::ZERO
        );
    }

    #[test]
    fn repeated_failures_wait_longer_each_time() {
        let now = Utc::now();
        let s = ThrottleSettings::default();
        let wait = |n| wait_before_next(&[attempts("user:a", n, 0, now)], now, &s);
        assert_eq!(wait(3), Duration::from_secs(1));
        assert_eq!(wait(4), Duration::from_secs(2));
        assert_eq!(wait(6), Duration::from_secs(8));
        assert_eq!(wait(9), Duration::from_secs(64));
    }

    #[test]
    fn at_the_limit_the_account_is_locked_for_the_lockout() {
        let now = Utc::now();
        let s = ThrottleSettings::default();
        let locked = wait_before_next(&[attempts("user:a", 10, 60, now)], now, &s);
        assert_eq!(locked, Duration::from_secs(14 * 60));
        assert!(wait_message(locked).contains("14 分钟"));
    }

    #[test]
    fn addresses_have_their_own_higher_limit() {
        let now = Utc::now();
        let s = ThrottleSettings::default();
        let addr = wait_before_next(&[attempts("addr:1.2.3.4", 10, 0, now)], now, &s);
        assert_eq!(addr, Duration::from_secs(64), "slowed, not locked");
        let addr = wait_before_next(&[attempts("addr:1.2.3.4", 50, 0, now)], now, &s);
        assert_eq!(addr, s.lockout);
    }

    #[test]
    fn old_failures_are_forgotten_and_the_longest_wait_wins() {
        let now = Utc::now();
        let s = ThrottleSettings::default();
        assert_eq!(
            wait_before_next(&[attempts("user:a", 10, 16 * 60, now)], now, &s),
            Duration::ZERO
        );
        let both = [attempts("user:a", 4, 0, now), attempts("addr:x", 3, 0, now)];
        assert_eq!(wait_before_next(&both, now, &s), Duration::from_secs(2));
    }

    #[test]
    fn messages_say_seconds_or_minutes_in_chinese() {
        assert_eq!(
            wait_message(Duration::from_secs(8)),
            "登录失败次数过多，请 8 秒后再试。"
        );
        assert!(wait_message(Duration::from_secs(61)).contains("2 分钟"));
    }
}
