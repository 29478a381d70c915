//! SQLite's process-wide settings, made once before SQLite initialises.
//!
//! Memory statistics off (`SQLITE_CONFIG_MEMSTATUS`): with them on, every
//! allocation and free inside SQLite takes a process-wide mutex to count bytes, and
//! a bulk load (`aftercare demo`) makes millions of them on two writing threads.
//! Nothing here reads the counts (`sqlite3_memory_used`, a soft heap limit). (The
//! mutex time perf showed in the demo came mostly from the page cache shared by all
//! connections: see `.cargo/config.toml`.)

use rusqlite::ffi;
use std::sync::OnceLock;

/// Applies the settings once; call it before the process's first connection opens.
/// Returns whether they apply: false when SQLite was initialised before (by a
/// connection opened some other way), which leaves SQLite's defaults.
pub fn configure() -> bool {
    static APPLIED: OnceLock<bool> = OnceLock::new();
    *APPLIED.get_or_init(|| {
        // SAFETY: sqlite3_config is only valid before sqlite3_initialize (it then
        // returns SQLITE_MISUSE and changes nothing); MEMSTATUS takes one int.
        unsafe {
            ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int)
                == ffi::SQLITE_OK
        }
    })
}

#[cfg(test)]
mod tests {
    /// Runs `inner` alone in a new process of this test binary (the tests of one
    /// binary share a process under `cargo test`, and another test may have
    /// initialised SQLite first).
    #[test]
    fn a_store_opens_with_sqlite_memory_statistics_off() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::sqlite_global::tests::inner_memory_statistics_stay_zero",
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
            .write(|c| {
                c.execute_batch("CREATE TABLE t (a); INSERT INTO t VALUES (randomblob(100000))")
            })
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
}
