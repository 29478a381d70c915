//! Tests of the index merging rules (`merge.rs`).

use super::{
    after_write_within, levels, next_merge, record::LIFT_LEVEL, step_within, structure, varint,
    Level, Segment, STEP_PAGES,
};
use crate::config::StorageConfig;
use crate::store::search::rebuild;
use crate::store::Store;

/// One write transaction: one new segment, or two with the comment (FTS5
/// flushes at the comment statement's savepoint).
fn ticket_with_comment(store: &mut Store, id: i64, comment: bool) {
    store
        .write(|c| {
            c.execute(
                "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                      created_at, updated_at, updated_by)
                 VALUES (?1, '打印机卡纸', 'printer jam 退款', 'new', 'technical', 2,
                         'email', 0, 0, 't')",
                crate::store::params![id],
            )?;
            if comment {
                c.execute(
                    "INSERT INTO comments (ticket_id, author, body, created_at)
                     VALUES (?1, 'a', '已联系客户 called back', 0)",
                    crate::store::params![id],
                )?;
            }
            Ok(())
        })
        .unwrap();
}

/// A bulk load used to leave its segments on level 0, where the 64th later write
/// merged them all (the whole index) inside that write.
#[test]
fn after_a_load_writes_merge_only_their_own_segments() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    // As the console's connection: its worker merges, its writes do not.
    store.leave_merging_to_worker();
    for id in 1..=50 {
        ticket_with_comment(&mut store, id, true);
    }
    store.write(|c| rebuild(c, &mut |_, _| {})).unwrap();
    let after_load = levels(&store).unwrap();
    assert_eq!(
        after_load.first(),
        Some(&0),
        "level 0 is empty: {after_load:?}"
    );
    assert_eq!(
        after_load.iter().sum::<i64>(),
        1,
        "one segment: {after_load:?}"
    );
    // 70 writes: level 0 fills up once and is merged (crisismerge = 64) …
    for id in 51..=120 {
        ticket_with_comment(&mut store, id, false);
    }
    let now = levels(&store).unwrap();
    assert_eq!(now[0], 70 - 64, "level 0 was merged once: {now:?}");
    // … into a segment of its own, next to the load's (before, into the load's).
    assert_eq!(
        now[1..].iter().sum::<i64>(),
        2,
        "the load's segment is untouched: {now:?}"
    );
    // Nothing lost on the way: the placeholder is gone, every ticket is found.
    let found = crate::store::search::ticket_ids(
        store.conn(),
        &crate::domain::search::TextQuery::parse("退款"),
    )
    .unwrap();
    assert_eq!(found.len(), 120);
}

/// FTS5's own check of the index: every entry where its structure says.
fn integrity_check(store: &Store) {
    store
        .conn()
        .as_sqlite()
        .unwrap()
        .execute(
            "INSERT INTO search_tickets (search_tickets, rank) VALUES ('integrity-check', 0)",
            [],
        )
        .unwrap();
}

fn found(store: &Store, text: &str) -> usize {
    crate::store::search::ticket_ids(store.conn(), &crate::domain::search::TextQuery::parse(text))
        .unwrap()
        .len()
}

/// Writers with nobody merging after them (CLI, mail intake) used to fill level 0
/// up to 64 segments, 64 of those on level 1, … until one write merged a whole
/// level (0.6–0.8 s at a million tickets). Now each write merges a little.
#[test]
fn lone_writes_never_let_a_level_fill_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    let mut fullest = 0;
    for id in 1..=300 {
        ticket_with_comment(&mut store, id, id % 3 != 0);
        let now = levels(&store).unwrap();
        fullest = fullest.max(now.iter().copied().max().unwrap_or(0));
        assert!(
            now.iter().all(|&n| n <= 6),
            "after write {id} a level holds many segments: {now:?}"
        );
    }
    // Merged all along: a few segments, not the hundreds the writes made.
    let total: i64 = levels(&store).unwrap().iter().sum();
    assert!(total <= 12, "{total} segments; fullest level {fullest}");
    integrity_check(&store);
    assert_eq!(found(&store, "退款"), 300);
    assert_eq!(found(&store, "called back"), 200);
}

/// A merge whose input is large (a load's segment) is left to the console and
/// `db optimize`: the writers' steps merge only the small segments.
#[test]
fn lone_merges_leave_large_inputs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    store.leave_merging_to_worker();
    for id in 1..=400 {
        ticket_with_comment(&mut store, id, true);
    }
    store.write(|c| rebuild(c, &mut |_, _| {})).unwrap();
    let load = structure(&store).unwrap();
    let big: Vec<Segment> = load.iter().flat_map(|l| l.segments.clone()).collect();
    assert_eq!(big.len(), 1, "the load is one segment: {load:?}");
    let big = big[0];
    assert!(big.pages >= 4, "a load of several pages: {big:?}");
    // A limit below the load's size: every merge that would read it is refused.
    let limit = big.pages - 1;
    let mut calls = 0;
    for id in 401..=600 {
        ticket_with_comment(&mut store, id, false);
        calls += store
            .write(|c| after_write_within(c.as_sqlite().unwrap(), limit))
            .unwrap();
        let now = structure(&store).unwrap();
        let kept = now.iter().flat_map(|l| &l.segments).any(|s| *s == big);
        assert!(
            kept,
            "after write {id} the load's segment was merged: {now:?}"
        );
    }
    assert!(calls >= 40, "the small segments were merged: {calls} calls");
    let small: i64 = levels(&store).unwrap().iter().sum::<i64>() - 1;
    assert!(small <= 20, "{small} small segments left");
    integrity_check(&store);
    assert_eq!(found(&store, "退款"), 600);
}

/// A load of `n` tickets with comments, each with words of its own (a segment of
/// many pages), written by `rebuild` as one segment; its structure.
fn loaded(store: &mut Store, n: i64) -> Segment {
    store.leave_merging_to_worker();
    store
        .write(|c| {
            for id in 1..=n {
                c.execute(
                    "INSERT INTO tickets (id, title, body, stage, type, priority, channel,
                                          created_at, updated_at, updated_by)
                     VALUES (?1, '打印机卡纸', ?2, 'new', 'technical', 2, 'email', 0, 0, 't')",
                    crate::store::params![
                        id,
                        format!("退款 k{id:05}z 编号{id}号 serial{}", id * 7)
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
    store.write(|c| rebuild(c, &mut |_, _| {})).unwrap();
    let load: Vec<Segment> = structure(store)
        .unwrap()
        .iter()
        .flat_map(|l| l.segments.clone())
        .collect();
    assert_eq!(load.len(), 1, "the load is one segment: {load:?}");
    load[0]
}

/// The console's idle upkeep: steps until one says there is nothing left.
fn idle(store: &mut Store, limit: i64) -> usize {
    let mut steps = 0;
    while step_within(store, STEP_PAGES, limit, &|| false).unwrap() {
        steps += 1;
        assert!(steps < 10_000, "idle steps never end");
    }
    steps
}

/// Where a segment is now: its level (segments keep their id and pages).
fn level_of(store: &Store, seg: Segment) -> Option<usize> {
    structure(store).unwrap().iter().position(|l| {
        l.segments
            .iter()
            .any(|s| s.id == seg.id && s.pages == seg.pages)
    })
}

/// The console's idle steps used to merge the whole index once the load's level
/// held `usermerge` segments (up to 300 ms a step at a million tickets, holding
/// the write lock). Now the load's segment is lifted out of their way, the small
/// segments still merge among themselves, and nothing larger than the limit is
/// ever merged by a step.
#[test]
fn idle_steps_never_merge_the_load_and_keep_the_small_segments_few() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    let big = loaded(&mut store, 1_500);
    assert!(big.pages >= 12, "a load of many pages: {big:?}");
    let limit = big.pages - 1;
    let mut steps = 0;
    for id in 2_001..=2_400 {
        let lifted = level_of(&store, big) == Some(LIFT_LEVEL);
        ticket_with_comment(&mut store, id, id % 2 == 0);
        if lifted {
            // The connection that lifted it wrote the next segment beside it,
            // not from a structure it remembered from before.
            assert_eq!(level_of(&store, big), Some(LIFT_LEVEL), "write {id}");
        }
        steps += idle(&mut store, limit);
        let now = structure(&store).unwrap();
        assert!(
            level_of(&store, big).is_some(),
            "after write {id} the load's segment was merged: {now:?}"
        );
        let small: usize = now.iter().map(|l| l.segments.len()).sum::<usize>() - 1;
        assert!(
            small <= 12,
            "after write {id}: {small} small segments: {now:?}"
        );
    }
    assert!(
        steps >= 100,
        "the small segments were merged: {steps} steps"
    );
    assert_eq!(
        level_of(&store, big),
        Some(LIFT_LEVEL),
        "lifted and stays lifted"
    );
    integrity_check(&store);
    assert_eq!(found(&store, "退款"), 1_900);
    assert_eq!(found(&store, "called back"), 200);
    assert_eq!(found(&store, "k00777z"), 1);
}

/// A lifted segment keeps its age: documents changed after the load (their old
/// version in the load's segment, the new one in a newer segment) are found as
/// they are now, before and after the small segments merge and after `optimize`.
#[test]
fn a_lifted_load_keeps_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    let big = loaded(&mut store, 1_000);
    for first in [1, 101, 201] {
        store
            .write(|c| {
                c.execute(
                    "UPDATE tickets SET body = '发票 invoice' WHERE id BETWEEN ?1 AND ?1 + 49",
                    crate::store::params![first],
                )?;
                c.execute(
                    "DELETE FROM tickets WHERE id BETWEEN ?1 + 50 AND ?1 + 59",
                    crate::store::params![first],
                )?;
                Ok(())
            })
            .unwrap();
    }
    let expect = |store: &Store| {
        assert_eq!(found(store, "退款"), 1_000 - 150 - 30);
        assert_eq!(found(store, "invoice"), 150);
        assert_eq!(found(store, "k00005z"), 0, "changed after the load");
        assert_eq!(found(store, "k00060z"), 0, "deleted after the load");
        assert_eq!(found(store, "k00999z"), 1);
        integrity_check(store);
    };
    expect(&store);
    // Another connection (the console's UI) reads before and after the lift.
    let ui = Store::open(&dir.path().join("s.db"), &StorageConfig::default()).unwrap();
    expect(&ui);
    idle(&mut store, big.pages - 1);
    assert_eq!(level_of(&store, big), Some(LIFT_LEVEL));
    expect(&store);
    expect(&ui);
    super::optimize(&mut store, &mut |_| {}).unwrap();
    assert_eq!(levels(&store).unwrap().iter().sum::<i64>(), 1);
    expect(&store);
    expect(&ui);
}

fn seg(pages: i64) -> Segment {
    Segment {
        id: 1,
        pages,
        entries: 100,
        tombstones: 0,
    }
}

fn level(merging: usize, pages: &[i64]) -> Level {
    Level {
        merging,
        segments: pages.iter().map(|&p| seg(p)).collect(),
    }
}

/// The choice mirrors `fts5IndexMerge`: the fullest level (the lowest of equals),
/// an unfinished merge unless a lower level holds more, nothing under `usermerge`.
#[test]
fn the_next_merge_is_chosen_as_fts5_chooses_it() {
    let l = |v: Vec<Level>| next_merge(&v, 4, 10);
    assert_eq!(l(vec![level(0, &[1, 1, 1])]), None);
    assert_eq!(l(vec![level(0, &[1; 4])]), Some(0));
    assert_eq!(l(vec![level(0, &[1; 4]), level(0, &[5; 4])]), Some(0));
    assert_eq!(l(vec![level(0, &[1; 4]), level(0, &[5; 5])]), Some(1));
    // An unfinished merge on level 1 goes on unless level 0 holds more segments.
    let merging = vec![level(0, &[1, 1]), level(3, &[9, 9, 9]), level(0, &[30])];
    assert_eq!(l(merging.clone()), Some(1));
    assert_eq!(merging[1].input_pages(), 27);
    assert_eq!(
        l(vec![level(0, &[1; 5]), level(3, &[9; 3]), level(0, &[30])]),
        Some(0)
    );
    // Tombstones: a level with a tenth of its entries deleted, when no level is full.
    let mut deleted = level(0, &[40]);
    deleted.segments[0].tombstones = 10;
    assert_eq!(l(vec![level(0, &[1]), deleted.clone()]), Some(1));
    assert_eq!(next_merge(&[level(0, &[1]), deleted], 4, 0), None);
}

#[test]
fn varints_decode_as_sqlite_writes_them() {
    assert_eq!(varint(&[0x05], 0), (5, 1));
    assert_eq!(varint(&[0x81, 0x00], 0), (128, 2));
    assert_eq!(varint(&[0x00, 0x82, 0x01], 1), (257, 2));
    assert_eq!(varint(&[0xff; 9], 0), (-1, 9));
}
