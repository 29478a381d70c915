//! Tests of `sqlite_global`: each runs in a process of its own (SQLite's global
//! settings only take before it initialises).

/// Runs `inner` alone in a new process of this test binary (the tests of one
/// binary share a process under `cargo test`, and another test may have
/// initialised SQLite first).
#[test]
fn a_store_opens_with_sqlite_memory_statistics_off() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store::sqlite_global_tests::inner_memory_statistics_stay_zero",
            "--ignored",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// With statistics on, SQLite counts every byte it allocates under a global
/// mutex; off, the count stays 0 however much a store allocates.
#[test]
#[ignore = "run in a process of its own by a_store_opens_with_sqlite_memory_statistics_off"]
fn inner_memory_statistics_stay_zero() {
    use crate::config::StorageConfig;
    use crate::store::{params, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db"), &StorageConfig::default()).unwrap();
    store
        .write(|c| c.execute_batch("CREATE TABLE t (a); INSERT INTO t VALUES (randomblob(100000))"))
        .unwrap();
    let n: i64 = store
        .conn()
        .one("SELECT count(*) FROM t", params![])
        .unwrap();
    assert_eq!(n, 1);
    // SAFETY: a read of SQLite's counters.
    let used = unsafe { rusqlite::ffi::sqlite3_memory_used() };
    assert_eq!(
        used, 0,
        "SQLite counted {used} bytes: memory statistics are on"
    );
}
