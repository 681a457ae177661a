//! Resumable photo upload: the rules both ends follow, as pure functions.
//!
//! The wire protocol is tus 1.0 (core + creation + checksum; README "Evidence uploads"):
//! the phone creates an upload for one part of one declared photo, then sends it in chunks
//! of `CHUNK_BYTES`, each at the offset the server last confirmed. A cut connection costs at
//! most the chunk in flight: the phone asks the server's offset (HEAD) and goes on from
//! there. The server stores a photo once, when the last byte arrives and the whole file's
//! SHA-256 equals the one the report declared.

use std::ops::Range;

/// About 256 KB per request: small enough to finish between cuts on a weak link, large
/// enough that headers stay a small share of the bytes sent.
pub const CHUNK_BYTES: u64 = 256 * 1024;
/// The server refuses a request body larger than this (a phone never sends one).
pub const MAX_CHUNK_BYTES: u64 = 1024 * 1024;
/// The tus version spoken.
pub const TUS_VERSION: &str = "1.0.0";
/// Unfinished uploads untouched this long are deleted; a finished photo never expires.
pub const ABANDONED_AFTER_HOURS: i64 = 72;

/// What the server holds of an upload in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    pub length: u64,
    pub offset: u64,
}

/// The server's answer to one chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkAnswer {
    /// Stored; the next chunk starts here.
    Appended { offset: u64 },
    /// Stored, and it was the last: check the whole file and keep it.
    Complete,
    /// Sent at the wrong place (a retry of a chunk already stored, or after a lost answer):
    /// nothing stored; the phone goes on from `expected`.
    OffsetMismatch { expected: u64 },
    /// More bytes than the upload was created for: nothing stored.
    Overflow,
}

/// Decides what to do with `len` bytes sent at `offset`.
pub fn take_chunk(state: Received, offset: u64, len: u64) -> ChunkAnswer {
    if offset != state.offset {
        return ChunkAnswer::OffsetMismatch {
            expected: state.offset,
        };
    }
    let Some(end) = offset.checked_add(len).filter(|end| *end <= state.length) else {
        return ChunkAnswer::Overflow;
    };
    if end == state.length {
        ChunkAnswer::Complete
    } else {
        ChunkAnswer::Appended { offset: end }
    }
}

/// The bytes the phone sends next, given what the server confirmed; none when done.
pub fn next_chunk(length: u64, confirmed: u64) -> Option<Range<u64>> {
    (confirmed < length).then(|| confirmed..length.min(confirmed + CHUNK_BYTES))
}

#[cfg(test)]
mod tests;
