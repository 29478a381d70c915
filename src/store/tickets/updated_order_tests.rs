//! The order of the last update (PostgreSQL keeps it beside the ticket, migration
//! 024) and the ticket update a comment makes, on both engines.

use crate::domain::filter::Filter;
use crate::ops::{Desk, TicketInput};
use crate::store::test_db::{on_both, TestDb};
use crate::store::tickets::SortKey;
use crate::store::{params, Engine};

const T0: i64 = 1_790_000_000;

fn desk(db: &TestDb) -> Desk {
    Desk::open(&db.path, crate::config::Config::builtin(), "tester").unwrap()
}

/// Every page of `filter` in `sort` order, three rows a page, as ids.
fn all_pages(d: &Desk, filter: &str, sort: SortKey, descending: bool) -> Vec<i64> {
    let f = Filter::parse(filter).unwrap();
    let (mut ids, mut after) = (Vec::new(), None);
    loop {
        let page = d.list_tickets(&f, sort, descending, after, 3).unwrap();
        ids.extend(page.rows.iter().map(|t| t.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

/// The ids of `filter` ordered by (updated_at, id) as read from the tickets.
fn expected(d: &Desk, filter: &str, descending: bool) -> Vec<i64> {
    let f = Filter::parse(filter).unwrap();
    let mut rows: Vec<(i64, i64)> = d
        .list_tickets(&f, SortKey::Id, false, None, 1_000)
        .unwrap()
        .rows
        .iter()
        .map(|t| (t.updated_at, t.id))
        .collect();
    rows.sort();
    if descending {
        rows.reverse();
    }
    rows.into_iter().map(|(_, id)| id).collect()
}

on_both! {
    fn lists_by_last_update_follow_every_write(db) {
        let mut d = desk(db);
        let mut ids = Vec::new();
        for i in 0..10 {
            d.set_now(Some(T0 + i * 60));
            let t = d
                .create_ticket(TicketInput {
                    title: format!("打印机卡纸 {i}"),
                    ..Default::default()
                })
                .unwrap();
            ids.push(t.id);
        }
        // Comments, moves and resolutions reorder the tickets; two share a time.
        let steps: [(usize, &str); 8] = [
            (2, "comment"),
            (7, "resolved"),
            (0, "comment"),
            (5, "in_progress"),
            (7, "comment"),
            (3, "resolved"),
            (9, "comment"),
            (4, "comment"),
        ];
        for (k, (i, what)) in steps.into_iter().enumerate() {
            d.set_now(Some(T0 + 3_600 + (k as i64 / 2) * 60));
            match what {
                "comment" => {
                    d.comment(ids[i], "看一下 looking", true, None).unwrap();
                }
                stage => {
                    d.move_ticket(ids[i], stage, None).unwrap();
                }
            }
        }
        for filter in ["", "is:open", "打印机", "is:open 卡纸"] {
            for descending in [true, false] {
                let want = expected(&d, filter, descending);
                assert!(!want.is_empty(), "{filter:?}");
                assert_eq!(
                    all_pages(&d, filter, SortKey::Updated, descending),
                    want,
                    "{filter:?} descending {descending}"
                );
            }
        }
        // The newest first: the last two comments share a time, the larger id leads;
        // the resolved ones are not open.
        assert_eq!(all_pages(&d, "", SortKey::Updated, true)[..2], [ids[9], ids[4]]);
        let open = all_pages(&d, "is:open", SortKey::Updated, true);
        assert!(!open.contains(&ids[7]) && !open.contains(&ids[3]), "{open:?}");
        assert_eq!(open.len(), 8);
    }
}

on_both! {
    fn lists_without_closed_tickets_by_last_update_leave_out_closed_ones_written_to(db) {
        // SQLite walks the tickets not closed (migration 025) when a filter excludes
        // every closed stage: the same rows in the same order as the filter's own
        // terms give, with closed tickets commented on (in front of the order), a
        // closed one reopened and resolved ones kept.
        let mut d = desk(db);
        let mut ids = Vec::new();
        for i in 0..12 {
            d.set_now(Some(T0 + i * 60));
            let ty = if i % 2 == 0 { "complaint" } else { "technical" };
            let t = d
                .create_ticket(TicketInput {
                    title: format!("打印机卡纸 {i}"),
                    ty: Some(ty.into()),
                    ..Default::default()
                })
                .unwrap();
            ids.push(t.id);
        }
        let steps: [(usize, &str); 14] = [
            (0, "closed"),
            (1, "closed"),
            (2, "closed"),
            (2, "investigating"),
            (3, "resolved"),
            (4, "closed"),
            (5, "resolved"),
            (5, "closed"),
            (6, "comment"),
            (0, "comment"),
            (1, "comment"),
            (4, "comment"),
            (5, "comment"),
            (7, "comment"),
        ];
        for (k, (i, what)) in steps.into_iter().enumerate() {
            d.set_now(Some(T0 + 3_600 + (k as i64 / 2) * 60));
            match what {
                "comment" => {
                    d.comment(ids[i], "看一下 looking", true, None).unwrap();
                }
                stage => {
                    d.move_ticket(ids[i], stage, None).unwrap();
                }
            }
        }
        for filter in [
            "-stage:closed",
            "type:complaint -stage:closed",
            "-stage:closed,resolved",
            "-stage:closed 卡纸",
            "-stage:closed -type:complaint",
        ] {
            for descending in [true, false] {
                let want = expected(&d, filter, descending);
                assert!(!want.is_empty(), "{filter:?}");
                assert_eq!(
                    all_pages(&d, filter, SortKey::Updated, descending),
                    want,
                    "{filter:?} descending {descending}"
                );
            }
        }
        let live = all_pages(&d, "-stage:closed", SortKey::Updated, true);
        for closed in [0, 1, 4, 5] {
            assert!(!live.contains(&ids[closed]), "{closed}: {live:?}");
        }
        assert_eq!(live.len(), 8, "reopened and resolved ones stay: {live:?}");
        assert_eq!(live[0], ids[7], "the last comment on a ticket not closed");
    }
}

#[test]
fn the_order_beside_the_tickets_holds_every_ticket_as_it_is() {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let mut d = desk(&db);
    for i in 0..6 {
        d.set_now(Some(T0 + i * 60));
        d.create_ticket(TicketInput {
            title: format!("退款申请 {i}"),
            ..Default::default()
        })
        .unwrap();
    }
    d.set_now(Some(T0 + 7_200));
    d.comment(2, "已处理 done", false, None).unwrap();
    d.move_ticket(4, "resolved", None).unwrap();
    let conn = d.store.conn();
    assert_eq!(conn.engine(), Engine::Postgres);
    let differ = || -> i64 {
        conn.one(
            "SELECT count(*) FROM tickets t FULL JOIN ticket_updates u ON u.id = t.id
             WHERE u.id IS NULL OR t.id IS NULL OR u.updated_at <> t.updated_at
                OR u.open <> (t.resolved_at IS NULL) OR u.stage <> t.stage",
            params![],
        )
        .unwrap()
    };
    assert_eq!(differ(), 0);
    // Writers outside aftercare's commands: a bulk update, a delete, a truncate.
    conn.execute_batch(
        "UPDATE tickets SET updated_at = updated_at + id, resolved_at = NULL WHERE id > 3;
         UPDATE tickets SET stage = 'waiting_customer' WHERE id = 1;
         DELETE FROM ticket_tags; DELETE FROM ticket_activity;
         DELETE FROM tickets WHERE id = 6",
    )
    .unwrap();
    assert_eq!(differ(), 0);
    let n: i64 = conn
        .one("SELECT count(*) FROM ticket_updates", params![])
        .unwrap();
    assert_eq!(n, 5);
}

#[test]
fn a_comment_updates_its_ticket_in_place_on_a_server() {
    // Every indexed column a comment left alone: PostgreSQL writes the new row
    // version beside the old one and no index entry (HOT). With `updated_at` in two
    // of the tickets' indexes, each comment wrote a new entry into every index
    // (~20 at a million tickets, most of a comment's WAL).
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let mut d = desk(&db);
    for title in ["打印机卡纸", "退款申请", "发票 invoice"] {
        d.create_ticket(TicketInput {
            title: title.into(),
            ..Default::default()
        })
        .unwrap();
    }
    // The first reply also sets the first response (indexed): not counted.
    d.set_now(Some(T0));
    d.comment(2, "您好 hello", false, None).unwrap();
    let updates = |d: &Desk| -> (i64, i64) {
        let conn = d.store.conn();
        // This session's counts reach the shared statistics when it is idle next.
        conn.execute_batch("SELECT pg_stat_force_next_flush()")
            .unwrap();
        conn.execute_batch("SELECT pg_stat_clear_snapshot()")
            .unwrap();
        let row: (i64, i64) = conn
            .query_opt(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
                 WHERE relid = 'tickets'::regclass",
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
            .unwrap();
        row
    };
    let (upd0, hot0) = updates(&d);
    for i in 0..5 {
        // A minute apart: an unchanged `updated_at` (the same second) was HOT before.
        d.set_now(Some(T0 + 60 * (i + 1)));
        d.comment(2, &format!("跟进 follow-up {i}"), i % 2 == 0, None)
            .unwrap();
    }
    let (upd, hot) = updates(&d);
    assert_eq!(upd - upd0, 5, "one ticket update per comment");
    assert_eq!(hot - hot0, 5, "every one in place (HOT)");
}

#[test]
fn migrating_a_server_database_leaves_its_tickets_all_visible() {
    // Migration 024 rewrites the tickets (CLUSTER), which empties the table's
    // visibility map; the VACUUM it names for after its commit sets it again. Before,
    // every index-only scan of tickets read the heap until autovacuum came, which at
    // a million tickets is 200,000 changes away.
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let mut d = desk(&db);
    for i in 0..40 {
        d.create_ticket(TicketInput {
            title: format!("发票 invoice {i}"),
            ..Default::default()
        })
        .unwrap();
    }
    // Back to schema 23: undo what 024 made, as a database of session 8 has it.
    d.store
        .conn()
        .execute_batch(
            "DROP TABLE ticket_updates;
             DROP FUNCTION ac_ticket_updates_insert() CASCADE;
             DROP FUNCTION ac_ticket_updates_update() CASCADE;
             DROP FUNCTION ac_ticket_updates_delete() CASCADE;
             ALTER TABLE tickets RESET (fillfactor);
             CREATE INDEX tickets_updated ON tickets(updated_at, id);
             CREATE INDEX tickets_open_updated ON tickets(updated_at, id)
                 WHERE resolved_at IS NULL;
             UPDATE aftercare_schema SET version = 23",
        )
        .unwrap();
    drop(d);
    let d = desk(&db);
    let conn = d.store.conn();
    let version: i64 = conn
        .one("SELECT version FROM aftercare_schema", params![])
        .unwrap();
    assert_eq!(version, crate::store::schema::LATEST_VERSION);
    let (pages, visible): (i64, i64) = conn
        .query_opt(
            "SELECT relpages::bigint, relallvisible::bigint FROM pg_class
             WHERE oid = 'tickets'::regclass",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
        .unwrap();
    assert!(pages > 0, "the tickets take pages");
    // A CLUSTER with no vacuum after it leaves 0 (the old code).
    assert!(
        visible > 0,
        "tickets' pages are all-visible again ({visible} of {pages})"
    );
}

#[test]
fn an_older_database_upgrades_to_the_unclosed_tickets_index_with_its_lists_unchanged() {
    // Migration 025 on a file of schema 16 holding tickets in every kind of stage:
    // the index of tickets not closed is built from the rows, the two wider orders
    // keep their names, and lists by last update and by due time give what the
    // filter's own terms give.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v16.db");
    crate::store::upgrade_tests::version_016(&path, T0);
    let mut d = Desk::open(&path, crate::config::Config::builtin(), "tester").unwrap();
    let c = d.store.conn();
    assert_eq!(
        crate::store::schema::user_version(c).unwrap(),
        crate::store::schema::LATEST_VERSION
    );
    let indexed: i64 = c
        .one(
            "SELECT count(*) FROM tickets INDEXED BY tickets_unclosed_updated WHERE closed_at IS NULL",
            params![],
        )
        .unwrap();
    let unclosed: i64 = c
        .one(
            "SELECT count(*) FROM tickets NOT INDEXED WHERE closed_at IS NULL",
            params![],
        )
        .unwrap();
    assert_eq!(indexed, unclosed);
    let check = |d: &Desk| {
        for filter in ["-stage:closed", "type:complaint -stage:closed", ""] {
            for descending in [true, false] {
                assert_eq!(
                    all_pages(d, filter, SortKey::Updated, descending),
                    expected(d, filter, descending),
                    "{filter:?} descending {descending}"
                );
            }
        }
        let live = all_pages(d, "-stage:closed", SortKey::Updated, true);
        assert!(!live.contains(&4), "ticket 4 is closed: {live:?}");
        live
    };
    assert_eq!(check(&d).len(), 5);
    // Written after the upgrade: closed, then commented on (in front of the order).
    d.set_now(Some(T0 + 86_400));
    d.move_ticket(1, "closed", None).unwrap();
    d.set_now(Some(T0 + 90_000));
    d.comment(1, "谢谢 thanks", true, None).unwrap();
    let live = check(&d);
    assert_eq!(live.len(), 4);
    assert!(!live.contains(&1), "{live:?}");
    assert_eq!(all_pages(&d, "", SortKey::Updated, true)[0], 1);
}
