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
