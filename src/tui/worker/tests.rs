//! The worker on a real database file: results arrive, newer jobs stop older
//! ones of their lane, other lanes wait their turn, progress shows, and dropping
//! the worker stops what runs.

use super::*;
use crate::config::StorageConfig;
use crate::store::Store;

/// Runs for many seconds unless stopped.
const SLOW: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < 3000000000) SELECT count(*) FROM n";

fn worker() -> (tempfile::TempDir, Worker<Store, Result<i64, String>>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    drop(Store::open(&path, &StorageConfig::default()).unwrap());
    let store = Store::open_background(&path, &StorageConfig::default()).unwrap();
    let flag = Interrupt::new();
    store.watch(&flag).unwrap();
    (dir, Worker::start(store, flag))
}

fn query(sql: &'static str) -> impl FnOnce(&mut Store, &Control) -> Result<i64, String> {
    move |s, _| {
        s.conn()
            .query_row(sql, &[], |r| r.get(0))
            .map_err(|e| e.to_string())
    }
}

fn next(w: &Worker<Store, Result<i64, String>>) -> Done<Result<i64, String>> {
    w.recv_timeout(Duration::from_secs(20)).expect("a result")
}

#[test]
fn results_come_back_in_order() {
    let (_dir, w) = worker();
    assert!(w.submit("a", "one", query("SELECT 1")));
    assert!(w.submit("b", "two", query("SELECT 2")));
    let (x, y) = (next(&w), next(&w));
    assert_eq!((x.lane, x.message), ("a", Ok(1)));
    assert_eq!((y.lane, y.message), ("b", Ok(2)));
    assert!(w.try_recv().is_none());
}

#[test]
fn a_newer_job_stops_the_running_one_of_its_lane() {
    let (_dir, w) = worker();
    let started = Instant::now();
    w.submit("count", "slow count", query(SLOW));
    // Wait until it runs, then ask again.
    while w.busy().is_none() {
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(w.busy().map(|b| b.label), Some("slow count".to_string()));
    w.submit("count", "quick count", query("SELECT 42"));
    let d = next(&w);
    assert_eq!(d.message, Ok(42), "only the newest result is delivered");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the slow one was stopped: {:?}",
        started.elapsed()
    );
    assert!(w.recv_timeout(Duration::from_millis(100)).is_none());
}

#[test]
fn other_lanes_wait_and_superseded_queued_jobs_never_run() {
    let (_dir, w) = worker();
    let ran = Arc::new(AtomicU64::new(0));
    w.submit("report", "report", |_, _| {
        std::thread::sleep(Duration::from_millis(100));
        Ok(1)
    });
    for i in 0..5 {
        let ran = Arc::clone(&ran);
        w.submit("search", "search", move |_, _| {
            ran.fetch_add(1, Ordering::SeqCst);
            Ok(10 + i)
        });
    }
    let a = next(&w);
    assert_eq!(
        a.message,
        Ok(1),
        "the report of another lane was not stopped"
    );
    let b = next(&w);
    assert_eq!(b.message, Ok(14));
    assert_eq!(ran.load(Ordering::SeqCst), 1, "only the newest search ran");
    while !w.is_idle() {
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn progress_and_cancel_are_visible() {
    let (_dir, w) = worker();
    w.submit("demo", "loading the demo", |_, c: &Control| {
        for i in 0..1000u64 {
            c.progress(i, 1000);
            if c.cancelled() {
                return Err("cancelled".into());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        Ok(0)
    });
    let mut seen = None;
    for _ in 0..500 {
        if let Some(b) = w.busy().filter(|b| b.done > 0) {
            seen = Some(b);
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let b = seen.expect("progress shown");
    assert_eq!((b.lane, b.total), ("demo", 1000));
    w.cancel("demo");
    for _ in 0..1000 {
        if w.busy().is_none() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(w.busy().is_none(), "the job saw the cancel and ended");
    assert!(w.try_recv().is_none(), "a cancelled job delivers nothing");
}

#[test]
fn dropping_the_worker_stops_the_running_query() {
    let (_dir, w) = worker();
    w.submit("count", "slow", query(SLOW));
    while w.busy().is_none() {
        std::thread::sleep(Duration::from_millis(2));
    }
    let started = Instant::now();
    drop(w);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_desk_on_a_background_connection_can_be_the_context() {
    use crate::config::Config;
    use crate::domain::filter::Filter;
    use crate::ops::Desk;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut ui = Desk::open(&path, Config::builtin(), "tester").unwrap();
    ui.create_ticket(crate::ops::TicketInput {
        title: "退款".into(),
        ..Default::default()
    })
    .unwrap();
    let store = Store::open_background(&path, &ui.config.storage).unwrap();
    let flag = Interrupt::new();
    store.watch(&flag).unwrap();
    let w: Worker<Desk, Result<i64, String>> =
        Worker::start(Desk::new(store, Config::builtin(), "tester"), flag);
    w.submit("count", "count", |d: &mut Desk, _: &Control| {
        d.count_tickets(&Filter::parse("退款").unwrap())
            .map_err(|e| e.to_string())
    });
    assert_eq!(
        w.recv_timeout(Duration::from_secs(20)).unwrap().message,
        Ok(1)
    );
}
