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
