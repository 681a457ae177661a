//! A slow, unreliable link: a TCP proxy that carries at most `rate` bytes per second in
//! each direction (shared by all connections, like one radio) and cuts every open
//! connection every `cut_every` seconds (a random span within the range).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, watch};

pub struct Link {
    pub addr: String,
    /// Bytes carried from the phone to the server (request lines, headers and bodies).
    pub upstream: Arc<AtomicU64>,
    pub cuts: Arc<AtomicU64>,
}

/// A token bucket of `rate` bytes per second.
struct Bucket {
    rate: u64,
    next_free: Mutex<tokio::time::Instant>,
}

impl Bucket {
    async fn take(&self, n: usize) {
        let wait = Duration::from_secs_f64(n as f64 / self.rate as f64);
        let at = {
            let mut next = self.next_free.lock().await;
            let now = tokio::time::Instant::now();
            let start = (*next).max(now);
            *next = start + wait;
            *next
        };
        tokio::time::sleep_until(at).await;
    }
}

async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    bucket: Arc<Bucket>,
    count: Option<Arc<AtomicU64>>,
    mut cut: watch::Receiver<u64>,
) {
    let mut buf = vec![0u8; 4096];
    loop {
        tokio::select! {
            _ = cut.changed() => return,
            read = from.read(&mut buf) => {
                let Ok(n) = read else { return };
                if n == 0 { return; }
                bucket.take(n).await;
                if to.write_all(&buf[..n]).await.is_err() { return; }
                if let Some(c) = &count { c.fetch_add(n as u64, Ordering::Relaxed); }
            }
        }
    }
}

pub async fn start(server: String, rate: u64, cut_every: (u64, u64)) -> Link {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let upstream = Arc::new(AtomicU64::new(0));
    let cuts = Arc::new(AtomicU64::new(0));
    let (cut_tx, cut_rx) = watch::channel(0u64);
    let up_bucket = Arc::new(Bucket {
        rate,
        next_free: Mutex::new(tokio::time::Instant::now()),
    });
    let down_bucket = Arc::new(Bucket {
        rate,
        next_free: Mutex::new(tokio::time::Instant::now()),
    });
    {
        let cuts = cuts.clone();
        tokio::spawn(async move {
            let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
            loop {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let span = cut_every.0 + x % (cut_every.1 - cut_every.0 + 1);
                tokio::time::sleep(Duration::from_secs(span)).await;
                cuts.fetch_add(1, Ordering::Relaxed);
                let _ = cut_tx.send(cuts.load(Ordering::Relaxed));
            }
        });
    }
    {
        let upstream = upstream.clone();
        tokio::spawn(async move {
            loop {
                let Ok((phone, _)) = listener.accept().await else {
                    continue;
                };
                let Ok(srv) = TcpStream::connect(&server).await else {
                    continue;
                };
                let (pr, pw) = phone.into_split();
                let (sr, sw) = srv.into_split();
                // A clone remembers what the original saw: mark the cuts so far as seen, or a
                // connection opened after a cut would be cut at once.
                let fresh = || {
                    let mut rx = cut_rx.clone();
                    rx.borrow_and_update();
                    rx
                };
                tokio::spawn(pipe(
                    pr,
                    sw,
                    up_bucket.clone(),
                    Some(upstream.clone()),
                    fresh(),
                ));
                tokio::spawn(pipe(sr, pw, down_bucket.clone(), None, fresh()));
            }
        });
    }
    Link {
        addr,
        upstream,
        cuts,
    }
}
