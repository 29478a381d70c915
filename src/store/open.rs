//! Opening an SQLite file: what kind of file it is, how it may be used here (read-write,
//! read-only file, read-only folder), and an error that says which of these went wrong.

use crate::error::{Cause, DbProblem, Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::io::Read;
use std::path::Path;

/// How the file can be used by this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// The file itself is not writable.
    ReadOnlyFile,
    /// The folder is not writable (or on a read-only mount): SQLite cannot create a
    /// journal there, so the file can only be read.
    ReadOnlyFolder,
}

impl Access {
    /// Whether writes are refused.
    pub fn read_only(self) -> bool {
        self != Access::ReadWrite
    }

    /// The problem a write runs into.
    pub fn problem(self) -> Option<DbProblem> {
        match self {
            Access::ReadWrite => None,
            Access::ReadOnlyFile => Some(DbProblem::ReadOnly),
            Access::ReadOnlyFolder => Some(DbProblem::ReadOnlyFolder),
        }
    }
}

/// What `prepare` found out before SQLite opens the file.
#[derive(Debug, Clone, Copy)]
pub struct Prepared {
    /// The file did not exist and was created (empty) by this call.
    pub created: bool,
    pub access: Access,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The database header's length; no SQLite database is shorter.
const HEADER: usize = 100;

/// Checks the path, the file's header and permissions; creates a missing file (0600).
pub fn prepare(path: &Path) -> Result<Prepared> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(Error::database(
            &shown,
            DbProblem::IsFolder {
                example: path.join("aftercare.db").display().to_string(),
            },
        ));
    }
    let created = if path.exists() {
        check_header(path)?;
        false
    } else {
        create_file(path)?
    };
    Ok(Prepared {
        created,
        access: access(path),
    })
}

/// Opens the connection the way `access` allows.
pub fn connect(path: &Path, p: &Prepared) -> Result<Connection> {
    let shown = path.display().to_string();
    // Process-wide settings first: registering the VFS initialises SQLite.
    super::sqlite_global::configure();
    // One folder sync per WAL file, not one per process (see `wal_vfs`).
    #[cfg(unix)]
    super::wal_vfs::install();
    let base = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let opened = match p.access {
        Access::ReadWrite => {
            Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_WRITE)
        }
        Access::ReadOnlyFile => {
            Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_ONLY)
        }
        Access::ReadOnlyFolder => {
            // A WAL file needs its `-shm` beside it; when neither it nor the `-wal`
            // exists and none can be created, nobody can be writing the file either,
            // so it is read as immutable (no locks, no journal).
            let wal = sibling(path, "-wal").exists() || sibling(path, "-shm").exists();
            let uri = if wal {
                format!("file:{}?mode=ro", uri_path(path))
            } else {
                format!("file:{}?mode=ro&immutable=1", uri_path(path))
            };
            Connection::open_with_flags(uri, base | OpenFlags::SQLITE_OPEN_READ_ONLY)
        }
    };
    opened.map_err(|e| first_read_error(&shown, e))
}

/// Why the first read of an opened file failed, by the engine's error code.
pub fn first_read_error(shown: &str, e: rusqlite::Error) -> Error {
    let problem = match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => DbProblem::Locked,
        Some(ErrorCode::NotADatabase) => DbProblem::NotSqlite,
        Some(ErrorCode::DatabaseCorrupt) => DbProblem::Damaged {
            detail: engine_text(&e),
        },
        Some(ErrorCode::ReadOnly) => DbProblem::ReadOnly,
        _ => DbProblem::CannotOpen {
            detail: engine_text(&e),
        },
    };
    Error::database_from(shown, problem, crate::store::DbError::sqlite(e))
}

fn engine_text(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    }
}

/// `path` with `suffix` appended to its file name (`x.db-wal`).
pub fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// A path for an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Reads the header: an SQLite file, or an error that says what it is instead (not
/// SQLite, cut short inside its header, unreadable). The length against the page
/// count is checked once SQLite holds a lock (`check_length`).
fn check_header(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let unreadable =
        |e: std::io::Error| Error::database_from(&shown, DbProblem::CannotRead(Cause::of(&e)), e);
    let mut f = std::fs::File::open(path).map_err(unreadable)?;
    let len = f.metadata().map_err(unreadable)?.len();
    let mut head = Vec::with_capacity(HEADER);
    f.by_ref()
        .take(HEADER as u64)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    if head.is_empty() {
        return Ok(()); // an empty file is a new database
    }
    if head.len() < SQLITE_MAGIC.len() || head[..16] != SQLITE_MAGIC[..] {
        return Err(Error::database(&shown, DbProblem::NotSqlite));
    }
    if head.len() < HEADER {
        return Err(Error::database(&shown, DbProblem::Truncated { size: len }));
    }
    Ok(())
}

/// Whether the file is as long as SQLite's own page count says. Checked under a read
/// lock, so a writer extending the file at that moment is never taken for damage; not
/// in WAL mode, where committed pages may still be in the `-wal` file.
pub fn check_length(conn: &Connection, path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .map_err(|e| first_read_error(&shown, e))?;
    if mode.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    conn.execute_batch("BEGIN")?;
    let sizes = (|| -> rusqlite::Result<(i64, i64)> {
        // The first read takes the shared lock, held until COMMIT.
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok((pages, size))
    })();
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
    let _ = conn.execute_batch("COMMIT");
    let (pages, size) = sizes.map_err(|e| first_read_error(&shown, e))?;
    if len < (pages.max(0) as u64).saturating_mul(size.max(0) as u64) {
        return Err(Error::database(&shown, DbProblem::Truncated { size: len }));
    }
    Ok(())
}

/// Creates the file (and its folder), mode 0600, without following or replacing
/// anything another process creates at the same moment. True when this call created it.
fn create_file(path: &Path) -> Result<bool> {
    let shown = path.display().to_string();
    let failed =
        |e: std::io::Error| Error::database_from(&shown, DbProblem::CannotCreate(Cause::of(&e)), e);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::create_private_dir_all(dir).map_err(failed)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(failed(e)),
    }
}

/// Removes a database this process created when opening it failed before anything
/// was committed (a full disk, say), with any journal left beside it.
pub fn remove_unborn(path: &Path) {
    let empty = std::fs::metadata(path)
        .map(|m| m.len() == 0)
        .unwrap_or(false);
    if empty {
        let _ = std::fs::remove_file(path);
        for suffix in ["-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(path, suffix));
        }
    }
}

/// How this process may use the file: by the permission bits (root can write
/// anything, so trying would say nothing), by `access(2)`, and by the mount.
fn access(path: &Path) -> Access {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !writable(dir) {
        Access::ReadOnlyFolder
    } else if !writable(path) {
        Access::ReadOnlyFile
    } else {
        Access::ReadWrite
    }
}

#[cfg(unix)]
fn writable(p: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let Ok(m) = std::fs::metadata(p) else {
        return true; // let SQLite report what is wrong
    };
    if m.permissions().mode() & 0o222 == 0 {
        return false;
    }
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
        return true;
    };
    // SAFETY: a NUL-terminated path; access and statvfs only read it and fill `st`.
    unsafe {
        if libc::access(c.as_ptr(), libc::W_OK) != 0 {
            let e = std::io::Error::last_os_error();
            return e.raw_os_error() != Some(libc::EROFS)
                && e.kind() != std::io::ErrorKind::PermissionDenied;
        }
        let mut st: libc::statvfs = std::mem::zeroed();
        if libc::statvfs(c.as_ptr(), &mut st) == 0 && st.f_flag & libc::ST_RDONLY != 0 {
            return false;
        }
    }
    true
}

#[cfg(not(unix))]
fn writable(p: &Path) -> bool {
    std::fs::metadata(p)
        .map(|m| !m.permissions().readonly())
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_short_file_is_called_damaged_not_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(20000));")
            .unwrap();
        drop(c);
        let full = std::fs::read(&path).unwrap();
        let open = |p: &Path| {
            let prepared = prepare(p)?;
            let conn = connect(p, &prepared)?;
            check_length(&conn, p)
        };
        std::fs::write(&path, &full[..full.len() / 2]).unwrap();
        let e = open(&path).unwrap_err();
        assert!(e.to_string().contains("is damaged"), "{e}");
        assert!(e.hint().unwrap().contains("backup"), "{e:?}");
        std::fs::write(&path, &full[..50]).unwrap();
        assert!(open(&path).unwrap_err().to_string().contains("damaged"));
        std::fs::write(&path, b"SQLite form").unwrap();
        assert!(open(&path)
            .unwrap_err()
            .to_string()
            .contains("not an SQLite file"));
        std::fs::write(&path, &full).unwrap();
        open(&path).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_input_output_error_says_try_again() {
        // Reading /proc/self/mem at offset 0 fails with EIO, like a failing share.
        let e = prepare(Path::new("/proc/self/mem")).unwrap_err();
        assert!(e.to_string().contains("input/output error"), "{e}");
        assert!(e.hint().unwrap().contains("try again"), "{e:?}");
    }
}
