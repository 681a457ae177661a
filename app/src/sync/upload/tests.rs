//! The upload rules against a model of a bad network: cuts before and after the server,
//! duplicated requests, phone restarts. Whatever happens, the server ends with exactly the
//! phone's bytes, stored once.

use proptest::prelude::*;

use super::*;

#[test]
fn chunks_are_taken_only_at_the_confirmed_offset() {
    let s = Received {
        length: 600_000,
        offset: 262_144,
    };
    let cases = [
        (
            "the next chunk",
            262_144,
            262_144,
            ChunkAnswer::Appended { offset: 524_288 },
        ),
        ("the last chunk", 262_144, 337_856, ChunkAnswer::Complete),
        (
            "a retry of the chunk already stored",
            0,
            262_144,
            ChunkAnswer::OffsetMismatch { expected: 262_144 },
        ),
        (
            "a chunk from the future",
            524_288,
            1,
            ChunkAnswer::OffsetMismatch { expected: 262_144 },
        ),
        ("one byte too many", 262_144, 337_857, ChunkAnswer::Overflow),
        (
            "an offset that would wrap",
            262_144,
            u64::MAX,
            ChunkAnswer::Overflow,
        ),
        (
            "an empty chunk",
            262_144,
            0,
            ChunkAnswer::Appended { offset: 262_144 },
        ),
    ];
    for (name, offset, len, expected) in cases {
        assert_eq!(take_chunk(s, offset, len), expected, "{name}");
    }
}

#[test]
fn the_phone_sends_256_kb_chunks_from_the_confirmed_offset() {
    assert_eq!(next_chunk(600_000, 0), Some(0..CHUNK_BYTES));
    assert_eq!(next_chunk(600_000, 524_288), Some(524_288..600_000));
    assert_eq!(next_chunk(600_000, 600_000), None);
}

#[derive(Clone, Debug)]
enum Step {
    /// Send the next chunk; the request is lost before the server (0), the answer is lost
    /// after it (1), or all goes well (2).
    Send(u8),
    /// The network delivers the previous request a second time.
    Duplicate,
    /// The phone is killed: it forgets the confirmed offset.
    Restart,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0u8..3).prop_map(Step::Send),
        1 => Just(Step::Duplicate),
        1 => Just(Step::Restart),
    ]
}

/// The server's side: the bytes held, and the photos stored.
struct Server {
    length: u64,
    held: Vec<u8>,
    stored: Vec<Vec<u8>>,
}

impl Server {
    fn head(&self) -> u64 {
        if self.stored.is_empty() {
            self.held.len() as u64
        } else {
            self.length
        }
    }

    fn patch(&mut self, offset: u64, bytes: &[u8]) -> ChunkAnswer {
        if !self.stored.is_empty() {
            // Finished: the upload row is gone, HEAD answers the full length.
            return ChunkAnswer::OffsetMismatch {
                expected: self.length,
            };
        }
        let state = Received {
            length: self.length,
            offset: self.held.len() as u64,
        };
        let answer = take_chunk(state, offset, bytes.len() as u64);
        match answer {
            ChunkAnswer::Appended { .. } => self.held.extend_from_slice(bytes),
            ChunkAnswer::Complete => {
                self.held.extend_from_slice(bytes);
                self.stored.push(std::mem::take(&mut self.held));
            }
            ChunkAnswer::OffsetMismatch { .. } | ChunkAnswer::Overflow => {}
        }
        answer
    }
}

/// Runs the steps, then a calm network until the phone is done.
fn run(photo: &[u8], steps: &[Step]) -> Server {
    let length = photo.len() as u64;
    let mut server = Server {
        length,
        held: Vec::new(),
        stored: Vec::new(),
    };
    let mut confirmed: Option<u64> = None;
    let mut last: Option<(u64, Range<u64>)> = None;
    let calm = std::iter::repeat_n(Step::Send(2), (length / CHUNK_BYTES + 3) as usize * 2);
    for s in steps.iter().cloned().chain(calm) {
        match s {
            Step::Restart => confirmed = None,
            Step::Duplicate => {
                if let Some((offset, range)) = last.clone() {
                    let _ = server.patch(offset, &photo[range.start as usize..range.end as usize]);
                }
            }
            Step::Send(fate) => {
                let at = *confirmed.get_or_insert_with(|| server.head());
                let Some(range) = next_chunk(length, at) else {
                    continue;
                };
                last = Some((at, range.clone()));
                if fate == 0 {
                    confirmed = None;
                    continue;
                }
                let answer = server.patch(at, &photo[range.start as usize..range.end as usize]);
                if fate == 1 {
                    confirmed = None;
                    continue;
                }
                confirmed = Some(match answer {
                    ChunkAnswer::Appended { offset } => offset,
                    ChunkAnswer::Complete => length,
                    ChunkAnswer::OffsetMismatch { expected } => expected,
                    ChunkAnswer::Overflow => panic!("the phone never sends past the end"),
                });
            }
        }
    }
    server
}

proptest! {
    #[test]
    fn no_photo_is_lost_or_stored_twice(
        len in 1usize..(3 * CHUNK_BYTES as usize + 1000),
        steps in proptest::collection::vec(step(), 0..60),
    ) {
        let photo: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let server = run(&photo, &steps);
        prop_assert_eq!(server.stored.len(), 1, "stored exactly once");
        prop_assert!(server.stored[0] == photo, "the server holds the phone's bytes");
    }
}
