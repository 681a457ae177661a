//! 100 photos of about 250 KB sent the way the phone sends them (tus, 256 KB chunks from
//! the server's offset) through a link of 400 kbit/s whose connections are all cut every
//! 20–40 s. Prints the bytes that crossed the link ÷ the photo bytes (goal ≤ 1.1), the
//! total time, and the server's memory while it took them (its peak resident set).
//!
//! Usage: bench-uploads TAIZHANG_BIN [PHOTOS]   (bench/uploads.sh builds and runs it)

mod link;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::domain::evidence::{PhotoMeta, PhotoSource};
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::sync::upload::next_chunk;
use app::sync::{PushRequest, ReportOp};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const PASSWORD: &str = "demo-2024-taizhang";
const PHOTO_BYTES: usize = 250 * 1024;
const FIXTURE: &[u8] = include_bytes!("../../../server/tests/fixtures/photo.jpg");

/// A distinct JPEG of `len` bytes: the fixture with comment segments before its scan.
fn photo(len: usize, seed: u32) -> Vec<u8> {
    let sos = FIXTURE
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("scan");
    let mut out = FIXTURE[..sos].to_vec();
    let mut x = seed.wrapping_mul(2_654_435_761);
    while out.len() + (FIXTURE.len() - sos) < len {
        let room = len - out.len() - (FIXTURE.len() - sos);
        let body = room.saturating_sub(4).clamp(1, 65_000);
        out.extend_from_slice(&[0xFF, 0xFE]);
        out.extend_from_slice(&((body + 2) as u16).to_be_bytes());
        for _ in 0..body {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            out.push((x >> 16) as u8);
        }
    }
    out.extend_from_slice(&FIXTURE[sos..]);
    out
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn b64(s: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in s.as_bytes().chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// The server's resident memory, from /proc, in KB.
fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn sign_in(base: &str) -> (reqwest::Client, i64, i64, String) {
    server::store::blobs::install_tls_provider();
    let reply = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "username": "shiqiao", "password": PASSWORD }))
        .send()
        .await
        .expect("sign in");
    let cookie = reply
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string();
    let me: serde_json::Value = reply.json().await.expect("viewer");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().expect("header"));
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let viewer = &me["user"];
    (
        client,
        viewer["id"].as_i64().expect("id"),
        viewer["unit"]["id"].as_i64().expect("unit"),
        viewer["display_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// Sends one photo through `base` (the link) until the server confirms every byte.
async fn send(
    client: &reqwest::Client,
    base: &str,
    report: Uuid,
    meta: &PhotoMeta,
    bytes: &[u8],
    body_sent: &AtomicU64,
) {
    let metadata = format!(
        "report_id {},photo_id {},part {},sha256 {}",
        b64(&report.to_string()),
        b64(&meta.id.to_string()),
        b64("photo"),
        b64(&meta.sha256)
    );
    let mut location: Option<String> = None;
    loop {
        let at = match &location {
            Some(l) => l.clone(),
            None => {
                let created = client
                    .post(format!("{base}/api/v1/uploads"))
                    .header("tus-resumable", "1.0.0")
                    .header("upload-length", bytes.len().to_string())
                    .header("upload-metadata", &metadata)
                    .send()
                    .await;
                match created.ok().filter(|r| r.status() == 201) {
                    Some(r) => {
                        let l = r.headers()["location"]
                            .to_str()
                            .expect("location")
                            .to_string();
                        location = Some(l.clone());
                        l
                    }
                    None => {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        continue;
                    }
                }
            }
        };
        let head = client
            .head(format!("{base}{at}"))
            .header("tus-resumable", "1.0.0")
            .send()
            .await;
        let Some(mut offset) = head.ok().and_then(|r| {
            r.headers()
                .get("upload-offset")?
                .to_str()
                .ok()?
                .parse::<u64>()
                .ok()
        }) else {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        };
        let mut cut = false;
        while let Some(range) = next_chunk(bytes.len() as u64, offset) {
            let chunk = bytes[range.start as usize..range.end as usize].to_vec();
            body_sent.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            let answer = client
                .patch(format!("{base}{at}"))
                .header("tus-resumable", "1.0.0")
                .header("content-type", "application/offset+octet-stream")
                .header("upload-offset", range.start.to_string())
                .body(chunk)
                .send()
                .await;
            match answer.ok().and_then(|r| {
                r.headers()
                    .get("upload-offset")?
                    .to_str()
                    .ok()?
                    .parse()
                    .ok()
            }) {
                Some(next) => offset = next,
                None => {
                    cut = true;
                    break;
                }
            }
        }
        if !cut {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let bin = args
        .next()
        .expect("usage: bench-uploads TAIZHANG_BIN [PHOTOS]");
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let dir = std::env::temp_dir().join(format!("taizhang-bench-uploads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut server = Command::new(&bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--demo"])
        .args([
            "--database-url",
            &format!("sqlite://{}/bench.db", dir.display()),
        ])
        .args(["--site-root", &dir.join("site").display().to_string()])
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("taizhang starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .expect("address")
        .to_string();
    let direct = format!("http://{addr}");
    let (client, user, unit, name) = sign_in(&direct).await;

    // The reports carrying the photos arrive first, over the good network.
    let photos: Vec<Vec<u8>> = (0..count).map(|i| photo(PHOTO_BYTES, i as u32)).collect();
    let metas: Vec<PhotoMeta> = photos
        .iter()
        .map(|p| PhotoMeta {
            id: Uuid::now_v7(),
            sha256: hex(p),
            bytes: p.len() as u64,
            width: 320,
            height: 240,
            thumb_sha256: hex(b"thumb"),
            thumb_bytes: 5,
            attached_at: chrono::Utc::now(),
            exif_taken_at: None,
            source: PhotoSource::Camera,
            location: None,
        })
        .collect();
    let mut placed: Vec<(Uuid, usize)> = Vec::new();
    let mut ops = Vec::new();
    for (n, group) in metas
        .chunks(app::domain::evidence::MAX_PHOTOS_PER_REPORT)
        .enumerate()
    {
        let report = Report {
            id: Uuid::now_v7(),
            schema_version: SCHEMA,
            plan: "taibaihu-2024".into(),
            item: 1,
            unit_id: unit,
            author_id: user,
            author: name.clone(),
            captured_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 3).expect("day"),
            captured_at: chrono::Utc::now(),
            values: vec![IndicatorValue {
                code: "households".into(),
                input: IndicatorInput::Increment { amount: 1.0 },
            }],
            narrative: format!("佐证基准 {n}"),
            difficulties: String::new(),
            next_steps: String::new(),
            place: "石桥村".into(),
            photos: group.to_vec(),
            location: None,
        };
        let first = n * app::domain::evidence::MAX_PHOTOS_PER_REPORT;
        placed.extend((first..first + group.len()).map(|i| (report.id, i)));
        ops.push(ReportOp {
            op_id: Uuid::now_v7(),
            base_revision: None,
            report,
        });
    }
    let pushed = client
        .post(format!("{direct}/api/v1/sync/push"))
        .json(&PushRequest { ops })
        .send()
        .await
        .expect("push");
    assert!(pushed.status().is_success(), "push: {}", pushed.status());

    let link = link::start(addr.clone(), 400_000 / 8, (20, 40)).await;
    let via = format!("http://{}", link.addr);
    let body_sent = Arc::new(AtomicU64::new(0));
    let peak = Arc::new(AtomicU64::new(0));
    let pid = server.id();
    let before_kb = rss_kb(pid);
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kb(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let started = Instant::now();
    for (report, i) in &placed {
        send(&client, &via, *report, &metas[*i], &photos[*i], &body_sent).await;
    }
    let took = started.elapsed();
    sampler.abort();
    let total: u64 = photos.iter().map(|p| p.len() as u64).sum();
    let stored = std::fs::read_dir(dir.join("photos/photos"))
        .map(|d| d.count())
        .unwrap_or(0);
    let (up, cuts) = (
        link.upstream.load(Ordering::Relaxed),
        link.cuts.load(Ordering::Relaxed),
    );
    println!(
        "| photos | photo bytes | link bytes to server | ÷ photo bytes | chunk bodies sent | cuts | time | server RSS before → peak |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {count} ({stored} stored) | {:.1} MB | {:.1} MB | **{:.3}** | {:.1} MB | {cuts} | {:.0} s | {} → {} MB |",
        total as f64 / 1e6,
        up as f64 / 1e6,
        up as f64 / total as f64,
        body_sent.load(Ordering::Relaxed) as f64 / 1e6,
        took.as_secs_f64(),
        before_kb / 1024,
        peak.load(Ordering::Relaxed) / 1024,
    );
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
