//! FTS5's structure record (rowid 10 of an index's `%_data` table) read and written
//! field for field, for the one change aftercare makes to it by hand: moving the
//! index's oldest segment, when it is large (a bulk load's), to a level of its own
//! far above the others (`lift`).
//!
//! Why that is safe: FTS5 takes a segment's age from its place in the record (a
//! higher level is older; within a level, the first is the oldest), and the
//! segment moved is the oldest of all before and after the move. Its pages, its
//! tombstones and its origins are untouched; only the record changes. Why it
//! helps: a `merge` of a level takes *every* segment on it, so while the load's
//! segment shares a level with the small ones merged from below, merging them
//! rewrites the whole index (seconds at a million tickets, in steps of up to 300
//! ms that hold the write lock). Alone on a high level it is reached by no merge
//! but `optimize`; the small segments keep merging among themselves below it.

/// The level a lifted segment is put on: merges of four segments each would need
/// 4^20 writes to fill every level below it (FTS5 allows 64 levels).
pub(super) const LIFT_LEVEL: usize = 20;

/// The record as stored, every field kept, so writing it back changes only what
/// is meant to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Record {
    /// The configuration cookie and, in a version-2 record, its marker.
    head: Vec<u8>,
    writes: u64,
    levels: Vec<RawLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct RawLevel {
    merging: u64,
    /// Per segment: id, first page, last page (version 2 adds two origins,
    /// tombstone pages, tombstone entries, entries).
    segments: Vec<Vec<u64>>,
}

const V2_MARKER: [u8; 4] = [0xff, 0, 0, 1];

impl Record {
    /// Decodes `b` as `fts5StructureDecode` does; None if it is not a record this
    /// code understands completely (then nothing is rewritten).
    pub(super) fn decode(b: &[u8]) -> Option<Record> {
        let v2 = b.get(4..8) == Some(&V2_MARKER[..]);
        let head = b.get(..if v2 { 8 } else { 4 })?.to_vec();
        let mut i = head.len();
        let mut next = || {
            let (v, n) = get_varint(b, i)?;
            i += n;
            Some(v)
        };
        let nlevels = next()?;
        let nsegments = next()?;
        let writes = next()?;
        if nlevels > 2_000 || nsegments > 2_000 {
            return None;
        }
        let fields = if v2 { 8 } else { 3 };
        let mut levels = Vec::new();
        let mut counted = 0;
        for _ in 0..nlevels {
            let merging = next()?;
            let n = next()?;
            counted += n;
            if counted > nsegments {
                return None;
            }
            let mut segments = Vec::new();
            for _ in 0..n {
                let seg: Option<Vec<u64>> = (0..fields).map(|_| next()).collect();
                segments.push(seg?);
            }
            levels.push(RawLevel { merging, segments });
        }
        (counted == nsegments && i == b.len()).then_some(Record {
            head,
            writes,
            levels,
        })
    }

    /// The record's bytes, as `fts5StructureWrite` writes them.
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = self.head.clone();
        let nsegments: usize = self.levels.iter().map(|l| l.segments.len()).sum();
        put_varint(&mut out, self.levels.len() as u64);
        put_varint(&mut out, nsegments as u64);
        put_varint(&mut out, self.writes);
        for l in &self.levels {
            put_varint(&mut out, l.merging);
            put_varint(&mut out, l.segments.len() as u64);
            for s in &l.segments {
                for &f in s {
                    put_varint(&mut out, f);
                }
            }
        }
        out
    }

    /// Moves the oldest segment to `LIFT_LEVEL` if it has more than `min_pages`
    /// leaf pages, sits below that level, and no merge is unfinished (an unfinished
    /// merge's output segment is tied to the level above its inputs). Returns
    /// whether it moved.
    pub(super) fn lift_oldest(&mut self, min_pages: i64) -> bool {
        if self.levels.iter().any(|l| l.merging > 0) {
            return false;
        }
        let Some(top) = self.levels.iter().rposition(|l| !l.segments.is_empty()) else {
            return false;
        };
        if top >= LIFT_LEVEL {
            return false;
        }
        let oldest = &self.levels[top].segments[0];
        let pages = 1 + oldest[2] as i64 - oldest[1] as i64;
        if pages <= min_pages {
            return false;
        }
        let seg = self.levels[top].segments.remove(0);
        self.levels.resize_with(LIFT_LEVEL + 1, RawLevel::default);
        self.levels[LIFT_LEVEL].segments.push(seg);
        true
    }
}

/// SQLite's varint at `b[i..]` (`sqlite3Fts5GetVarint`): value and bytes used, or
/// None if the record ends inside it.
pub(super) fn get_varint(b: &[u8], i: usize) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for k in 0..9 {
        let byte = *b.get(i + k)?;
        if k == 8 {
            return Some(((v << 8) | byte as u64, 9));
        }
        v = (v << 7) | (byte & 0x7f) as u64;
        if byte < 0x80 {
            return Some((v, k + 1));
        }
    }
    None
}

/// Appends `v` as SQLite writes a varint (`sqlite3Fts5PutVarint`): 7 bits a byte,
/// high bits first, and a ninth byte of 8 bits for values above 56 bits.
fn put_varint(out: &mut Vec<u8>, v: u64) {
    if v >> 56 != 0 {
        let mut b = [0u8; 9];
        b[8] = v as u8;
        let mut rest = v >> 8;
        for k in (0..8).rev() {
            b[k] = (rest & 0x7f) as u8 | 0x80;
            rest >>= 7;
        }
        out.extend_from_slice(&b);
        return;
    }
    let mut b = Vec::with_capacity(9);
    let mut rest = v;
    loop {
        b.push((rest & 0x7f) as u8 | 0x80);
        rest >>= 7;
        if rest == 0 {
            break;
        }
    }
    b[0] &= 0x7f;
    out.extend(b.iter().rev());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_as_sqlite_writes_them() {
        for v in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            1 << 40,
            (1 << 56) - 1,
            1 << 56,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(get_varint(&out, 0), Some((v, out.len())), "{v}");
        }
        let mut out = Vec::new();
        put_varint(&mut out, 128);
        assert_eq!(out, [0x81, 0x00]);
    }

    fn record(levels: Vec<(u64, Vec<[u64; 3]>)>) -> Record {
        Record {
            head: vec![0, 0, 0, 7],
            writes: 99,
            levels: levels
                .into_iter()
                .map(|(merging, segs)| RawLevel {
                    merging,
                    segments: segs.iter().map(|s| s.to_vec()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn only_a_large_oldest_segment_below_the_lift_level_is_lifted() {
        // Level 3: the load's 500 pages, then two small merged segments.
        let mut r = record(vec![
            (0, vec![[9, 1, 2]]),
            (0, vec![]),
            (0, vec![]),
            (0, vec![[1, 1, 500], [5, 1, 3], [6, 1, 4]]),
        ]);
        assert_eq!(Record::decode(&r.encode()), Some(r.clone()));
        assert!(!r.clone().lift_oldest(500), "not larger than the limit");
        let mut unfinished = r.clone();
        unfinished.levels[0].merging = 1;
        assert!(!unfinished.lift_oldest(10), "a merge is unfinished");
        assert!(r.lift_oldest(10));
        assert_eq!(r.levels.len(), LIFT_LEVEL + 1);
        assert_eq!(r.levels[LIFT_LEVEL].segments, vec![vec![1, 1, 500]]);
        assert_eq!(r.levels[3].segments, vec![vec![5, 1, 3], vec![6, 1, 4]]);
        assert_eq!(Record::decode(&r.encode()), Some(r.clone()));
        assert!(!r.lift_oldest(10), "already up there");
    }
}
