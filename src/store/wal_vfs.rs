//! One folder sync per WAL file instead of one per process (SQLite's unix VFS).
//!
//! SQLite opens a database's `-wal` file with `O_CREAT` in every process, and its
//! unix VFS then syncs the folder at that file's first sync, whether it created the
//! file or found it: with the WAL file kept between processes
//! (`checkpoint.rs`), every CLI write paid a folder `fsync` for a directory entry
//! made durable long before. This VFS is SQLite's own unix VFS with one change:
//! a `-wal` file that exists is opened without `SQLITE_OPEN_CREATE` (so no folder
//! sync is scheduled), and one that does not is created as before and its folder
//! synced at once, before SQLite writes anything to it — also when the creator only
//! reads, which SQLite's rule leaves unsynced. Every WAL file found on disk was thus
//! made durable by its creator, and a commit's frames never sit in a file whose
//! name a crash could lose. Rollback journals are untouched (their folder sync is
//! part of each transaction's safety).

use rusqlite::ffi;
use std::ffi::{c_char, c_int, CStr};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::OnceLock;

/// The VFS's name (registered as the process's default).
pub const NAME: &CStr = c"aftercare-unix";

/// SQLite's unix VFS, which does the work.
static UNIX: AtomicPtr<ffi::sqlite3_vfs> = AtomicPtr::new(std::ptr::null_mut());

/// WAL files opened through this VFS and whether each was created (tests only:
/// the tests of one binary share the process).
#[cfg(test)]
static OPENED: std::sync::Mutex<Vec<(std::path::PathBuf, bool)>> =
    std::sync::Mutex::new(Vec::new());

/// Registers the VFS as the default for every connection this process opens,
/// once; false (and SQLite's own default kept) where the default is not `unix`.
pub fn install() -> bool {
    static INSTALLED: OnceLock<bool> = OnceLock::new();
    *INSTALLED.get_or_init(|| {
        // SAFETY: sqlite3_vfs_find and _register are thread-safe; the unix VFS is a
        // static of SQLite's that lives as long as the process, and the copy made
        // here is leaked, as a registered VFS must outlive every connection.
        unsafe {
            if ffi::sqlite3_initialize() != ffi::SQLITE_OK {
                return false;
            }
            let unix = ffi::sqlite3_vfs_find(std::ptr::null());
            if unix.is_null() || CStr::from_ptr((*unix).zName) != c"unix" {
                return false;
            }
            let mut vfs = std::ptr::read(unix);
            vfs.zName = NAME.as_ptr();
            vfs.pNext = std::ptr::null_mut();
            vfs.xOpen = Some(open);
            UNIX.store(unix, Ordering::Release);
            ffi::sqlite3_vfs_register(Box::leak(Box::new(vfs)), 1) == ffi::SQLITE_OK
        }
    })
}

/// `xOpen`: the unix VFS's, with the rule of the module's notes for WAL files.
///
/// # Safety
/// Called by SQLite only, with the arguments of `sqlite3_vfs.xOpen`.
unsafe extern "C" fn open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    use std::os::unix::ffi::OsStrExt;
    // `unix` was set before this VFS was registered; its xOpen is called as SQLite
    // would call it, with the unix VFS itself, and `name` is the NUL-terminated
    // full path SQLite passes.
    let unix = UNIX.load(Ordering::Acquire);
    let Some(unix_open) = (*unix).xOpen else {
        return ffi::SQLITE_CANTOPEN;
    };
    let wal = flags & ffi::SQLITE_OPEN_WAL != 0 && flags & ffi::SQLITE_OPEN_CREATE != 0;
    if !wal || name.is_null() {
        return unix_open(unix, name, file, flags, out_flags);
    }
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(CStr::from_ptr(name).to_bytes()));
    if path.exists() {
        let found = flags & !ffi::SQLITE_OPEN_CREATE;
        let rc = unix_open(unix, name, file, found, out_flags);
        if rc == ffi::SQLITE_OK {
            #[cfg(test)]
            OPENED.lock().unwrap().push((path.to_path_buf(), false));
            return rc;
        }
        // Removed meanwhile (its last user closed it): created below.
    }
    let rc = unix_open(unix, name, file, flags, out_flags);
    if rc == ffi::SQLITE_OK {
        sync_folder(path);
        #[cfg(test)]
        OPENED.lock().unwrap().push((path.to_path_buf(), true));
    }
    rc
}

/// Syncs the folder holding `path`, as SQLite does: errors ignored (some systems
/// cannot sync a folder).
fn sync_folder(path: &std::path::Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::OPENED;
    use crate::config::StorageConfig;
    use crate::store::open::sibling;
    use crate::store::{params, Store};

    fn opened(wal: &std::path::Path) -> Vec<bool> {
        let all = OPENED.lock().unwrap();
        all.iter()
            .filter(|(p, _)| p == wal)
            .map(|(_, c)| *c)
            .collect()
    }

    fn note(store: &mut Store) {
        store
            .write(|c| {
                c.execute(
                    "INSERT INTO counters (name, value) VALUES ('vfs', 1)
                     ON CONFLICT (name) DO UPDATE SET value = value + 1",
                    params![],
                )
            })
            .unwrap();
    }

    /// Each process used to open the kept WAL file with O_CREAT, which has SQLite
    /// sync the folder at its first sync: one folder `fsync` per CLI write. Now only
    /// the opening that creates the file syncs the folder (at once), and the later
    /// ones find it and open it without creating, so SQLite schedules no folder sync.
    #[test]
    fn only_the_opening_that_creates_the_wal_file_syncs_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.db");
        let wal = std::fs::canonicalize(dir.path()).unwrap().join("v.db-wal");
        let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
        note(&mut store);
        drop(store);
        assert!(sibling(&path, "-wal").exists(), "the WAL file is kept");
        let first = opened(&wal);
        assert_eq!(first.first(), Some(&true), "created, its folder synced");
        assert!(!first[1..].contains(&true));
        for _ in 0..3 {
            let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
            note(&mut store);
        }
        let later = opened(&wal);
        assert!(later.len() >= first.len() + 3, "{later:?}");
        assert!(!later[1..].contains(&true), "found, not created: {later:?}");
        // Removed (a journal change): the next opener creates and syncs it again.
        std::fs::remove_file(sibling(&path, "-wal")).unwrap();
        let mut store = Store::open(&path, &StorageConfig::default()).unwrap();
        note(&mut store);
        let n: i64 = store
            .conn()
            .one("SELECT value FROM counters WHERE name = 'vfs'", params![])
            .unwrap();
        assert_eq!(n, 5, "every write read back");
        drop(store);
        let again = opened(&wal);
        assert_eq!(again.iter().filter(|c| **c).count(), 2, "{again:?}");
        assert!(again[later.len()], "created again: {again:?}");
    }

    /// Every connection the process opens uses it, the store's own and others.
    #[test]
    fn the_vfs_is_the_default_once_a_store_was_opened() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(&dir.path().join("d.db"), &StorageConfig::default()).unwrap());
        // SAFETY: sqlite3_vfs_find is thread-safe; the name is a static C string.
        let name = unsafe {
            std::ffi::CStr::from_ptr((*rusqlite::ffi::sqlite3_vfs_find(std::ptr::null())).zName)
        };
        assert_eq!(name, super::NAME);
    }
}
