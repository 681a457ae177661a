//! Per-account rate limit of sync pushes: a token bucket per account, in this process.
//! A phone draining a long queue sends a batch after the other and stays far below it; a
//! script hammering the server with one account is answered 429 with `Retry-After`, which
//! the phone honours. (Several servers each keep their own buckets: the limit is per
//! server, which is what protects each one.)

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::ServiceError;

pub struct PushLimit {
    /// Pushes an account may make at once, and per minute after that.
    per_minute: u32,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets of accounts idle this long are dropped (they are full again anyway).
const FORGET_AFTER: Duration = Duration::from_secs(600);

impl PushLimit {
    pub fn new(per_minute: u32) -> Self {
        PushLimit {
            per_minute: per_minute.max(1),
            buckets: Mutex::default(),
        }
    }

    /// Takes one push for `account`, or says how long to wait.
    pub fn admit(&self, account: i64, now: Instant) -> Result<(), ServiceError> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(()); // a poisoned lock must not stop every sync
        };
        if buckets.len() > 10_000 {
            buckets.retain(|_, b| now.saturating_duration_since(b.at) < FORGET_AFTER);
        }
        let bucket = buckets.entry(account).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil().max(1.0);
            Err(ServiceError::TooManyAttempts(
                format!("同步请求过于频繁，请 {wait} 秒后再试（手机会自动重试）"),
                Duration::from_secs_f64(wait),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_admitted_then_refused_with_a_wait_then_admitted_again() {
        let limit = PushLimit::new(6); // one token every 10 s
        let t0 = Instant::now();
        for _ in 0..6 {
            assert!(limit.admit(1, t0).is_ok());
        }
        match limit.admit(1, t0) {
            Err(ServiceError::TooManyAttempts(_, wait)) => assert_eq!(wait.as_secs(), 10),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(
            limit.admit(2, t0).is_ok(),
            "other accounts are not affected"
        );
        assert!(limit.admit(1, t0 + Duration::from_secs(10)).is_ok());
        assert!(limit.admit(1, t0 + Duration::from_secs(10)).is_err());
    }
}
