//! The word index's upkeep on PostgreSQL (migration 021), against the server in
//! AFTERCARE_TEST_PG_URL (nothing to do without one).

use crate::ops::{Desk, SearchOptions, TicketInput};
use crate::store::params;
use crate::store::test_db::TestDb;

fn desk_on_server() -> Option<(TestDb, Desk)> {
    let db = TestDb::postgres()?;
    let desk = Desk::open(&db.path, crate::config::Config::builtin(), "tester").unwrap();
    Some((db, desk))
}

/// How many changed rows of `table` make autovacuum vacuum it when it holds
/// `rows` rows: its threshold plus scale factor × rows, from the table's own
/// settings or the server's (as autovacuum computes it).
fn vacuum_after(desk: &Desk, table: &str, rows: f64) -> f64 {
    desk.store
        .conn()
        .one::<f64>(
            "SELECT COALESCE((SELECT option_value FROM pg_options_to_table(c.reloptions)
                              WHERE option_name = 'autovacuum_vacuum_threshold'),
                             current_setting('autovacuum_vacuum_threshold'))::float8
                  + COALESCE((SELECT option_value FROM pg_options_to_table(c.reloptions)
                              WHERE option_name = 'autovacuum_vacuum_scale_factor'),
                             current_setting('autovacuum_vacuum_scale_factor'))::float8 * ?2
             FROM pg_class c WHERE c.oid = CAST(?1 AS TEXT)::regclass",
            params![table, rows],
        )
        .unwrap()
}

#[test]
fn the_server_vacuums_the_ticket_word_index_long_before_a_writer_would_fold_it() {
    let Some((_db, mut desk)) = desk_on_server() else {
        return;
    };
    // A writer that finds the pending list past 4 MB (~1,500 ticket rows) folds it
    // into the tree inside its own write (763 ms at a million tickets). The server's
    // vacuum folds it first: after at most 100 changed rows, whatever the table's
    // size. It was 200,050 at a million tickets (50 + 20%).
    for rows in [1_000.0, 1_000_000.0] {
        let after = vacuum_after(&desk, "search_tickets", rows);
        assert!(after <= 100.0, "vacuum after {after} of {rows} rows");
    }
    // What a vacuum leaves: no pending entries, every ticket found.
    let mut ids = Vec::new();
    for i in 0..30 {
        let t = desk
            .create_ticket(TicketInput {
                title: format!("打印机卡纸 jam {i}"),
                ..Default::default()
            })
            .unwrap();
        desk.comment(t.id, &format!("退款申请 refund{i}"), true, None)
            .unwrap();
        ids.push(t.id);
    }
    desk.store
        .conn()
        .execute_batch("VACUUM search_tickets")
        .unwrap();
    let left: i64 = desk
        .store
        .conn()
        .one(
            "SELECT gin_clean_pending_list('search_tickets_doc'::regclass)::bigint",
            params![],
        )
        .unwrap();
    assert_eq!(left, 0, "pending pages after the vacuum");
    let opts = SearchOptions {
        limit: 100,
        ..Default::default()
    };
    for (i, id) in ids.iter().enumerate() {
        let hits = desk.search(&format!("refund{i} 打印机"), &opts).unwrap();
        assert!(hits.iter().any(|h| h.id == *id), "ticket #{id}: {hits:?}");
    }
}

#[test]
fn new_rows_are_numbered_after_the_newest_as_sqlite_numbers_them() {
    let Some((_db, mut desk)) = desk_on_server() else {
        return;
    };
    let t = desk
        .create_ticket(TicketInput {
            title: "打印机卡纸".into(),
            ..Default::default()
        })
        .unwrap();
    let first = desk.comment(t.id, "一", true, None).unwrap().comment.id;
    let second = desk.comment(t.id, "二", true, None).unwrap().comment.id;
    assert_eq!(second, first + 1);
    // The newest comment gone, the next one takes its number again (max + 1).
    desk.store
        .write(|c| c.execute("DELETE FROM comments WHERE id = ?1", params![second]))
        .unwrap();
    let third = desk.comment(t.id, "三", true, None).unwrap().comment.id;
    assert_eq!(third, second);
    let next = desk
        .create_ticket(TicketInput {
            title: "退款".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(next.id, t.id + 1);
    // The audit log numbers its events the same way, one after another.
    let ids: Vec<i64> = desk
        .store
        .conn()
        .query_map("SELECT id FROM audit ORDER BY id", params![], |r| r.get(0))
        .unwrap();
    assert!(!ids.is_empty());
    assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "{ids:?}");
    assert_eq!(ids[0], 1);
}
