//! The query budget and the background stop flag on PostgreSQL, against the server
//! in AFTERCARE_TEST_PG_URL (nothing to do without one; the integration tests say
//! once per run that server tests were skipped).

use super::{Interrupt, Store};
use crate::config::StorageConfig;
use crate::error::Error;
use std::time::{Duration, Instant};

/// Counts a billion rows: many seconds unless something stops it.
const ENDLESS: &str = "SELECT count(*) FROM generate_series(1, 1000000000)";
/// About a quarter of a second of work.
const MEDIUM: &str = "SELECT count(*) FROM generate_series(1, 3000000)";

fn server() -> Option<Store> {
    let url = std::env::var("AFTERCARE_TEST_PG_URL").ok()?;
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    Some(Store::open(std::path::Path::new(url), &StorageConfig::default()).expect("server"))
}

#[test]
fn a_query_past_its_budget_is_stopped_by_the_server_and_says_so() {
    let Some(store) = server() else {
        return;
    };
    let conn = store.conn();
    let started = Instant::now();
    let e = conn
        .within(Duration::from_millis(50), |c| {
            c.query_row(ENDLESS, &[], |r| r.get::<i64>(0))
        })
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(e, Error::TimedOut { limit_ms: 50 }), "{e:?}");
    assert!(e.to_string().contains("longer than 0.05 s"), "{e}");
    assert!(e.hint().unwrap().contains("narrow it down"));
    // No limit is left on the session: a longer statement outside a budget runs.
    let show: String = conn
        .query_row("SHOW statement_timeout", &[], |r| r.get(0))
        .unwrap();
    assert_eq!(show, "0");
    assert_eq!(
        conn.query_row(MEDIUM, &[], |r| r.get::<i64>(0)).unwrap(),
        3_000_000
    );
    // A nested budget never extends the outer one.
    let started = Instant::now();
    let e = conn
        .within(Duration::from_millis(100), |c| {
            c.within(Duration::from_secs(60), |c| {
                c.query_row(ENDLESS, &[], |r| r.get::<i64>(0))
            })
        })
        .unwrap_err();
    assert!(matches!(e, Error::TimedOut { .. }), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let quick = conn
        .within(Duration::from_secs(5), |c| {
            c.query_row("SELECT 42", &[], |r| r.get::<i64>(0))
        })
        .unwrap();
    assert_eq!(quick, 42);
}

#[test]
fn a_budget_undone_with_its_transaction_is_sent_again() {
    let Some(mut store) = server() else {
        return;
    };
    // The budget's timeout is sent inside a write that then fails: the server undoes
    // the SET with the transaction, so the session no longer has it.
    let failed = store.write(|c| {
        c.within(Duration::from_millis(50), |c| {
            c.query_row("SELECT 1", &[], |r| r.get::<i64>(0))
        })?;
        Err::<(), _>(Error::msg("changed my mind"))
    });
    assert!(failed.is_err());
    // The same budget again must still stop a long statement.
    let started = Instant::now();
    let e = store
        .conn()
        .within(Duration::from_millis(50), |c| {
            c.query_row(ENDLESS, &[], |r| r.get::<i64>(0))
        })
        .unwrap_err();
    assert!(matches!(e, Error::TimedOut { limit_ms: 50 }), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Budgets one after another keep working, and none is left on the session.
    for _ in 0..3 {
        let quick = store
            .conn()
            .within(Duration::from_secs(5), |c| {
                c.query_row("SELECT 7", &[], |r| r.get::<i64>(0))
            })
            .unwrap();
        assert_eq!(quick, 7);
    }
    let show: String = store
        .conn()
        .query_row("SHOW statement_timeout", &[], |r| r.get(0))
        .unwrap();
    assert_eq!(show, "0");
}

#[test]
fn a_raised_flag_cancels_a_background_statement_on_the_server() {
    let Some(store) = server() else {
        return;
    };
    let bg = store
        .open_second(&StorageConfig::default())
        .expect("a second session");
    let flag = Interrupt::new();
    bg.watch(&flag).unwrap();
    let raiser = flag.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        raiser.raise();
    });
    let started = Instant::now();
    let r = bg.conn().query_row(ENDLESS, &[], |r| r.get::<i64>(0));
    assert!(r.is_err(), "stopped");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    t.join().unwrap();
    // Raised: the next statements are refused; cleared: they run.
    assert!(bg
        .conn()
        .query_row("SELECT 1", &[], |r| r.get::<i64>(0))
        .is_err());
    flag.clear();
    assert_eq!(
        bg.conn()
            .query_row("SELECT 1", &[], |r| r.get::<i64>(0))
            .unwrap(),
        1
    );
}

/// A warm desk on the test server, with two tickets.
fn desk_on_server() -> Option<(crate::store::test_db::TestDb, crate::ops::Desk)> {
    let db = crate::store::test_db::TestDb::postgres()?;
    let mut desk =
        crate::ops::Desk::open(&db.path, crate::config::Config::builtin(), "tester").unwrap();
    for title in ["打印机卡纸", "退款申请"] {
        desk.create_ticket(crate::ops::TicketInput {
            title: title.into(),
            ..Default::default()
        })
        .unwrap();
    }
    Some((db, desk))
}

#[test]
fn a_comment_is_nine_round_trips_on_a_server() {
    let Some((_db, mut desk)) = desk_on_server() else {
        return;
    };
    // The first comment prepares the statements a comment uses (a warm process).
    desk.comment(1, "第一条 first", true, None).unwrap();
    let trips = || desk_trips(&desk);
    let before = trips();
    desk.comment(2, "第二条 second", true, None).unwrap();
    let took = desk_trips(&desk) - before;
    // BEGIN with the write lock and the audit mark; the ticket, the comment, the
    // compare-and-swap, the audit event, the ticket again (ops); the facts keeper's
    // one read; the word index's take-and-read; the facts and index rows with
    // NOTIFY and COMMIT. It was 15: the mark alone, and six for the facts keeper.
    assert!(took <= 9, "{took} round trips for a comment");
    assert!(desk.report_data_problems().unwrap().is_empty());
    assert!(desk.report_data_current().unwrap());
}

fn desk_trips(desk: &crate::ops::Desk) -> u64 {
    desk.store.conn().as_pg().expect("a server").round_trips()
}

#[test]
fn the_facts_keepers_read_takes_the_newest_events_by_id() {
    let Some((_db, desk)) = desk_on_server() else {
        return;
    };
    let conn = desk.store.conn();
    // A log of many ticket events, with statistics: the read must take the few
    // events after the mark through the primary key, not walk `audit_entity` over
    // every ticket event (685 ms per write at 1M tickets on SQLite).
    conn.execute_batch(
        "INSERT INTO audit (at, actor, entity, entity_id, action)
         SELECT 0, 'x', 'ticket', g % 2 + 1, 'edit' FROM generate_series(1, 30000) g;
         ANALYZE audit",
    )
    .unwrap();
    let max: i64 = conn.one("SELECT max(id) FROM audit", &[]).unwrap();
    use crate::store::Value::{Integer, Text};
    let args = |mark: i64| {
        [
            Integer(mark),
            Integer(20_001),
            Text("dashboard:facts".into()),
            Integer(20_000),
        ]
    };
    let p = super::query_plan::query_plan(
        conn,
        crate::store::dashboard_facts::CHANGES_PG,
        &args(max - 3),
    )
    .unwrap()
    .join("\n");
    assert!(p.contains("audit_pkey"), "{p}");
    assert!(!p.contains("audit_entity"), "{p}");
    let changed = crate::store::dashboard_facts::changes(conn, max - 3, 20_000).unwrap();
    assert_eq!((changed.count, changed.sources.len()), (2, 2));
    assert_eq!(changed.ids, vec![1, 2]);
    // More tickets than the cap: counted, not read.
    let many = crate::store::dashboard_facts::changes(conn, 0, 1).unwrap();
    assert_eq!((many.count, many.ids.len(), many.sources.len()), (2, 0, 0));
}

crate::store::test_db::on_both! {
    fn the_facts_keeper_keeps_every_fact_of_a_write(db) {
        let mut desk =
            crate::ops::Desk::open(&db.path, crate::config::Config::builtin(), "tester").unwrap();
        let mut ids = Vec::new();
        for title in ["打印机卡纸", "退款申请", "发票 invoice"] {
            ids.push(
                desk.create_ticket(crate::ops::TicketInput {
                    title: title.into(),
                    ..Default::default()
                })
                .unwrap()
                .id,
            );
        }
        desk.comment(ids[0], "看一下 looking", true, None).unwrap();
        desk.tag_ticket(ids[1], &["vip".to_string(), "b-tag".to_string()], None)
            .unwrap();
        desk.move_ticket(ids[1], "in_progress", None).unwrap();
        desk.move_ticket(ids[2], "in_progress", None).unwrap();
        desk.tag_ticket(ids[2], &["it's\\odd".to_string()], None).unwrap();
        assert!(desk.report_data_current().unwrap());
        assert_eq!(desk.report_data_problems().unwrap(), Vec::<String>::new());
        let (tickets, facts) =
            crate::store::dashboard_facts::counts(desk.store.conn()).unwrap();
        assert_eq!((tickets, facts), (3, 3));
    }
}
