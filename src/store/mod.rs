//! The only place that knows SQL: one SQLite connection, migrations, and one file
//! per table group. Every function returns domain types.

pub mod agents;
pub mod audit;
mod conn;
pub mod console;
pub mod customer_view;
pub mod customers;
pub mod dashboard;
pub mod demo_load;
pub mod exchange;
mod filter_terms;
pub mod incidents;
pub mod intake;
pub mod kb;
pub mod kb_links;
pub mod mailbox;
pub mod maintenance;
pub mod outbox;
pub mod progress;
pub mod project_log;
pub mod project_work;
pub mod projects;
pub mod relations;
pub mod reports;
mod schema;
pub mod search;
pub mod service;
pub mod team;
pub mod tickets;
pub mod time;
mod value;
pub mod write;

use crate::config::{JournalMode, StorageConfig};
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use conn::{Conn, DbError};
pub use schema::LATEST_VERSION;
pub use value::{Cell, Value};

/// An open aftercare database.
pub struct Store {
    conn: Conn,
    path: PathBuf,
    read_only: bool,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens (creating if missing) the database at `path`, migrating it to the latest schema.
    pub fn open(path: &Path, cfg: &StorageConfig) -> Result<Store> {
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(Error::Database {
                message: format!("'{shown}' is a folder, not a database file"),
                hint: Some(format!(
                    "name a file, e.g. --db {}",
                    path.join("aftercare.db").display()
                )),
            });
        }
        let existed = path.exists();
        if existed {
            check_header(path)?;
        } else {
            create_file(path)?;
        }
        let read_only = std::fs::metadata(path)
            .map(|m| is_read_only(&m))
            .unwrap_or(false);
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::Database {
            message: format!("cannot open '{shown}': {e}"),
            hint: None,
        })?;
        conn.busy_timeout(std::time::Duration::from_millis(cfg.busy_timeout_ms))?;
        // The word index's triggers call Rust: needed before any write or migration.
        search::register(&conn)?;
        filter_terms::register(&conn)?;
        let version = schema::user_version(&conn).map_err(|e| open_error(&shown, e))?;
        if version > LATEST_VERSION {
            return Err(Error::Database {
                message: format!(
                    "'{shown}' has schema version {version}, newer than this aftercare understands ({LATEST_VERSION})"
                ),
                hint: Some("upgrade aftercare to open it; the file was left untouched".into()),
            });
        }
        if version == 0 && schema::has_foreign_tables(&conn)? {
            return Err(Error::Database {
                message: format!("'{shown}' is an SQLite database, but not an aftercare one"),
                hint: Some("point --db at an aftercare database, or at a new file name".into()),
            });
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        let mut store = Store {
            conn: Conn::new(conn),
            path: path.to_path_buf(),
            read_only,
        };
        if version < LATEST_VERSION {
            if read_only {
                return Err(Error::Database {
                    message: format!("'{shown}' is read-only and needs a schema upgrade"),
                    hint: Some("make the file writable (chmod u+w) and run again".into()),
                });
            }
            schema::migrate(&mut store.conn.sqlite)?;
        }
        if !read_only {
            store.set_journal_mode(cfg.journal_mode)?;
        }
        Ok(store)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file could only be opened for reading.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: committed if it returns Ok,
    /// rolled back otherwise, so a failed operation leaves nothing half-written.
    pub fn write<T>(&mut self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(Error::Database {
                message: format!("'{}' is read-only", self.path.display()),
                hint: Some("check the file's permissions (chmod u+w FILE)".into()),
            });
        }
        self.conn.in_transaction("BEGIN IMMEDIATE", true, f)
    }

    /// SQLite's `data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The journal mode in use (`wal`, `delete` …).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    fn set_journal_mode(&self, mode: JournalMode) -> Result<()> {
        let want = match mode {
            JournalMode::Wal => "wal",
            JournalMode::Delete => "delete",
            JournalMode::Auto if on_network_fs(&self.path) => "delete",
            JournalMode::Auto => "wal",
        };
        if self.journal_mode()?.eq_ignore_ascii_case(want) {
            return Ok(());
        }
        let _: String = self
            .conn
            .query_row(&format!("PRAGMA journal_mode = {want}"), [], |r| r.get(0))?;
        Ok(())
    }
}

/// Why the first read failed: another writer holding the file, or not a database.
fn open_error(shown: &str, e: rusqlite::Error) -> Error {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    if busy {
        Error::Database {
            message: format!("'{shown}' is locked by another program"),
            hint: Some(
                "another aftercare may be loading or writing it; try again, or raise [storage] busy_timeout_ms"
                    .into(),
            ),
        }
    } else {
        not_sqlite(shown)
    }
}

fn not_sqlite(shown: &str) -> Error {
    Error::Database {
        message: format!("'{shown}' is not an aftercare database (not an SQLite file)"),
        hint: Some(
            "point --db at an aftercare database, or at a new file name to create one".into(),
        ),
    }
}

fn check_header(path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let mut f = std::fs::File::open(path).map_err(|e| Error::Database {
        message: format!("cannot read '{shown}': {e}"),
        hint: Some("check the file's permissions".into()),
    })?;
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(|e| Error::Io(e.to_string()))?;
    if n == 0 {
        return Ok(()); // an empty file is a new database
    }
    if n < 16 || &head != SQLITE_MAGIC {
        return Err(not_sqlite(&shown));
    }
    Ok(())
}

fn create_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Database {
            message: format!("cannot create the folder '{}': {e}", dir.display()),
            hint: Some("check the path and its permissions".into()),
        })?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::Database {
            message: format!("cannot create '{}': {e}", path.display()),
            hint: Some("check the folder's permissions".into()),
        }),
    }
}

#[cfg(unix)]
fn is_read_only(m: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    // Root can write anything, so look at the mode bits rather than trying.
    m.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn is_read_only(m: &std::fs::Metadata) -> bool {
    m.permissions().readonly()
}

/// Whether the file's folder is on a network file system, where WAL cannot work.
#[cfg(target_os = "linux")]
pub fn on_network_fs(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: statfs writes into the zeroed struct we own; the path is NUL-terminated.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    let t = (st.f_type as i64) & 0xFFFF_FFFF;
    matches!(
        t,
        0x6969 | 0xFF53_4D42 | 0xFE53_4D42 | 0x517B | 0x6573_5546 | 0x0102_1997
    )
}

/// Whether the file's folder is on a network file system, where WAL cannot work.
#[cfg(not(target_os = "linux"))]
pub fn on_network_fs(_path: &Path) -> bool {
    false
}

/// The version of the bundled SQLite library.
pub fn sqlite_version() -> &'static str {
    rusqlite::version()
}

/// Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
pub(crate) fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests;
