//! The journal mode is a property of the file, not of whoever opens it. SQLite stores
//! it in the file, so one process switching to WAL changes it for everybody, and WAL
//! cannot work over a network file system (its shared memory is per machine). So:
//!
//! - a new file gets the configured mode (`auto`: WAL on a local disk, DELETE on a
//!   network file system);
//! - a file opened through a network file system is put in DELETE mode and is kept
//!   there for everyone: the open is recorded as an audit event (entity `database`,
//!   action `journal_mode`), which `db info` shows as the reason;
//! - otherwise an existing file keeps its mode, whatever the config says; it changes
//!   only by `aftercare db journal wal|delete`, which refuses while others have the
//!   file open.

use super::open::Access;
use super::{presence, write, Conn};
use crate::config::JournalMode;
use crate::error::{DbProblem, Error, Result};

/// The two modes aftercare uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Wal,
    Delete,
}

impl Mode {
    /// SQLite's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Wal => "wal",
            Mode::Delete => "delete",
        }
    }

    /// Parses SQLite's name; other modes (memory, truncate …) count as DELETE's kin.
    pub fn parse(s: &str) -> Mode {
        if s.eq_ignore_ascii_case("wal") {
            Mode::Wal
        } else {
            Mode::Delete
        }
    }
}

/// The last recorded change of the file's journal mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `Some(fs)` when it was an open through a network file system.
    pub network: Option<String>,
    pub mode: Mode,
    pub by: String,
    pub at: i64,
}

/// What an open knows when it settles the mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation {
    pub config: JournalMode,
    /// The network file system the file is reached through, if any.
    pub network: Option<&'static str>,
    pub current: Mode,
    pub new_file: bool,
    pub read_only: bool,
    pub recorded: Option<Recorded>,
}

/// Why the file has its mode (shown by `db info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    ReadOnly,
    Network(&'static str),
    PinnedByNetwork(Recorded),
    SetByCommand(Recorded),
    Created(JournalMode),
    Kept,
}

/// What to do at open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Switch to this mode (None: leave the file as it is).
    pub switch: Option<Mode>,
    /// Record that the file was opened through a network file system.
    pub record_network: bool,
    pub reason: Reason,
}

/// The rule (see the module notes), without I/O.
pub fn decide(s: &Situation) -> Decision {
    let keep = |reason| Decision {
        switch: None,
        record_network: false,
        reason,
    };
    if s.read_only {
        return keep(Reason::ReadOnly);
    }
    if let Some(fs) = s.network {
        return Decision {
            switch: (s.current != Mode::Delete).then_some(Mode::Delete),
            record_network: s.recorded.as_ref().is_none_or(|r| r.network.is_none()),
            reason: Reason::Network(fs),
        };
    }
    if s.new_file {
        let want = match s.config {
            JournalMode::Delete => Mode::Delete,
            JournalMode::Wal | JournalMode::Auto => Mode::Wal,
        };
        return Decision {
            switch: (s.current != want).then_some(want),
            record_network: false,
            reason: Reason::Created(s.config),
        };
    }
    match &s.recorded {
        Some(r) if r.network.is_some() => Decision {
            // Left in WAL by an older aftercare: back to what the record says.
            switch: (s.current != Mode::Delete).then_some(Mode::Delete),
            record_network: false,
            reason: Reason::PinnedByNetwork(r.clone()),
        },
        Some(r) if r.mode == s.current => keep(Reason::SetByCommand(r.clone())),
        _ => keep(Reason::Kept),
    }
}

/// The mode in use and why, for `db info` and the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalState {
    pub mode: Mode,
    pub reason: Reason,
    /// The configured mode, when it differs from the file's and was not applied.
    pub config_differs: Option<Mode>,
}

impl JournalState {
    /// One line for `db info`.
    pub fn why(&self) -> String {
        let when = |at: i64| crate::domain::time::short(at);
        let mut s = match &self.reason {
            Reason::ReadOnly => "the file can only be read here, so its mode is left as it is".into(),
            Reason::Network(fs) => format!(
                "opened here through a network file system ({fs}), where only delete mode works; kept in delete mode for everyone"
            ),
            Reason::PinnedByNetwork(r) => format!(
                "kept in delete mode for everyone since {} opened it through a network file system ({}) on {}",
                r.by,
                r.network.as_deref().unwrap_or("?"),
                when(r.at)
            ),
            Reason::SetByCommand(r) => format!(
                "set by {} with aftercare db journal {} on {}",
                r.by,
                r.mode.as_str(),
                when(r.at)
            ),
            Reason::Created(JournalMode::Auto) => {
                "chosen when the file was created: journal_mode = auto on a local disk".into()
            }
            Reason::Created(m) => format!(
                "chosen when the file was created: journal_mode = {}",
                if *m == JournalMode::Wal { "wal" } else { "delete" }
            ),
            Reason::Kept => "the file's own mode; it changes only with aftercare db journal".into(),
        };
        if let Some(m) = self.config_differs {
            s.push_str(&format!(
                "; [storage] journal_mode asks for {0}, which is not applied to an existing file (run: aftercare db journal {0})",
                m.as_str()
            ));
        }
        s
    }
}

/// The mode the config asks for explicitly (auto asks for nothing in particular).
fn explicit(config: JournalMode) -> Option<Mode> {
    match config {
        JournalMode::Auto => None,
        JournalMode::Wal => Some(Mode::Wal),
        JournalMode::Delete => Some(Mode::Delete),
    }
}

/// The current mode of an open connection.
pub fn current(conn: &rusqlite::Connection) -> Result<Mode> {
    let m: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    Ok(Mode::parse(&m))
}

fn set(conn: &rusqlite::Connection, mode: Mode) -> rusqlite::Result<Mode> {
    let m: String = conn.query_row(
        &format!("PRAGMA journal_mode = {}", mode.as_str()),
        [],
        |r| r.get(0),
    )?;
    Ok(Mode::parse(&m))
}

/// Opens with `open` (which leaves WAL over a network), trying again for up to
/// `wait` while the switch is refused. Colleagues opening a WAL file over the share
/// at the same moment each hold it open while they try, so none could switch; closing
/// and trying again after a pause of a random length lets one of them through, and
/// the rest then find the file in DELETE mode.
pub fn connect_leaving_wal(
    path: &std::path::Path,
    wait: std::time::Duration,
    mut open: impl FnMut() -> Result<rusqlite::Connection>,
) -> Result<rusqlite::Connection> {
    let until = std::time::Instant::now() + wait;
    let mut attempt: u32 = 0;
    loop {
        match open() {
            Err(Error::Database(d))
                if d.problem == DbProblem::WalOverNetwork && std::time::Instant::now() < until =>
            {
                attempt += 1;
                tracing::debug!(path = %path.display(), attempt, "WAL over network: trying again");
                std::thread::sleep(jitter(attempt));
            }
            other => return other,
        }
    }
}

/// A pause of 20–200 ms that differs between processes (no two openers in step).
fn jitter(attempt: u32) -> std::time::Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mixed =
        nanos ^ std::process::id().wrapping_mul(2_654_435_761) ^ attempt.wrapping_mul(40_503);
    std::time::Duration::from_millis(20 + u64::from(mixed % 181))
}

/// Before anything else is read: a WAL file reached over a network file system is
/// switched to DELETE, which works only when nobody else has it open.
pub fn leave_wal_over_network(
    conn: &rusqlite::Connection,
    shown: &str,
    network: Option<&str>,
    access: Access,
) -> Result<()> {
    if network.is_none() || access.read_only() {
        return Ok(());
    }
    // Reading the mode may itself fail when the WAL index cannot be shared.
    let mode = current(conn).unwrap_or(Mode::Wal);
    if mode == Mode::Delete {
        return Ok(());
    }
    // A short wait: `connect_leaving_wal` waits longer, with the file closed meanwhile.
    conn.busy_timeout(std::time::Duration::from_millis(50))?;
    match set(conn, Mode::Delete) {
        Ok(Mode::Delete) => Ok(()),
        Ok(_) => Err(Error::database(shown, DbProblem::WalOverNetwork)),
        Err(e) => Err(Error::database_from(
            shown,
            DbProblem::WalOverNetwork,
            super::DbError::sqlite(e),
        )),
    }
}

const ENTITY: &str = "database";
const ACTION: &str = "journal_mode";

/// The last recorded change of the journal mode.
pub fn recorded(conn: &Conn) -> Result<Option<Recorded>> {
    let row = conn.query_opt(
        "SELECT field, new, actor, at FROM audit
         WHERE entity = ?1 AND entity_id = 0 AND action = ?2 ORDER BY id DESC LIMIT 1",
        super::params![ENTITY, ACTION],
        |r| {
            Ok((
                r.get::<Option<String>>(0)?,
                r.get::<Option<String>>(1)?,
                r.get::<String>(2)?,
                r.get::<i64>(3)?,
            ))
        },
    )?;
    Ok(row.map(|(field, new, by, at)| Recorded {
        network: field
            .as_deref()
            .and_then(|f| f.strip_prefix("network:"))
            .map(str::to_string),
        mode: Mode::parse(new.as_deref().unwrap_or("delete")),
        by,
        at,
    }))
}

fn record(conn: &Conn, actor: &str, field: String, old: Mode, new: Mode) -> Result<()> {
    write::record(
        conn,
        &write::Stamp::new(crate::domain::time::now(), actor),
        write::Entity::Database,
        0,
        None,
        &[write::Event {
            action: ACTION,
            field: Some(field.into()),
            old: Some(old.as_str().into()),
            new: Some(new.as_str().into()),
        }],
    )
}

/// The SQLite connection and file of a store (journal modes are SQLite's alone).
fn file(store: &super::Store) -> Result<(&rusqlite::Connection, std::path::PathBuf)> {
    match (store.conn().as_sqlite(), store.path()) {
        (Some(c), Some(p)) => Ok((c, p.to_path_buf())),
        _ => Err(Error::invalid(
            "a PostgreSQL server has no journal mode to choose",
            "the server keeps its own write-ahead log; db journal is for SQLite files",
        )),
    }
}

/// Settles the mode of a freshly opened (and migrated) file; returns what it is and why.
pub fn settle(
    store: &mut super::Store,
    config: JournalMode,
    new_file: bool,
    actor: &str,
) -> Result<JournalState> {
    let (conn, path) = file(store)?;
    let network = super::network_fs(&path);
    let current = current(conn)?;
    let s = Situation {
        config,
        network,
        current,
        new_file,
        read_only: store.is_read_only(),
        recorded: recorded(store.conn())?,
    };
    let d = decide(&s);
    let mut mode = current;
    if let Some(want) = d.switch {
        // A failure (others have it open) leaves the mode as it is.
        if let Ok(now) = set(file(store)?.0, want) {
            mode = now;
        }
    }
    if d.record_network {
        let fs = network.unwrap_or("network");
        // Best effort: the next open records it when this one cannot write now.
        let _ = store.write(|c| record(c, actor, format!("network:{fs}"), current, mode));
    }
    Ok(JournalState {
        mode,
        config_differs: explicit(config).filter(|m| *m != mode && !new_file),
        reason: d.reason,
    })
}

/// `db journal MODE`: changes the mode on purpose, only while nobody else has the file
/// open, and records who did it.
pub fn change(store: &mut super::Store, want: Mode, force: bool, actor: &str) -> Result<Mode> {
    let shown = file(store)?.1.display().to_string();
    if let Some(problem) = store.access().problem() {
        return Err(Error::database(&shown, problem));
    }
    if want == Mode::Wal {
        if let Some(fs) = super::network_fs(&file(store)?.1) {
            return Err(Error::database(
                &shown,
                DbProblem::JournalNetwork { fs: fs.into() },
            ));
        }
        if let Some(r) = recorded(store.conn())?.filter(|r| r.network.is_some()) {
            if !force {
                return Err(Error::invalid(
                    format!(
                        "'{shown}' is kept in delete mode because {} opened it through a network file system ({}) on {}",
                        r.by,
                        r.network.unwrap_or_default(),
                        crate::domain::time::short(r.at)
                    ),
                    "when nobody opens it through the network any more, run: aftercare db journal wal --force",
                ));
            }
        }
    }
    let before = current(file(store)?.0)?;
    if before == want {
        return Ok(want);
    }
    let busy = || {
        Error::database(
            &shown,
            DbProblem::JournalBusy {
                mode: want.as_str().into(),
            },
        )
    };
    let (conn, path) = file(store)?;
    let switched = presence::alone(&path, || set(conn, want));
    let now = match switched {
        Ok(Ok(m)) => m,
        Err(presence::Others::Some) | Ok(Err(_)) => return Err(busy()),
        // No way to tell who else is there: SQLite's own lock check is all there is.
        Err(presence::Others::Unknown) => set(conn, want).map_err(|_| busy())?,
    };
    if now != want {
        return Err(busy());
    }
    store.write(|c| record(c, actor, "command".into(), before, want))?;
    Ok(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sit() -> Situation {
        Situation {
            config: JournalMode::Auto,
            network: None,
            current: Mode::Wal,
            new_file: false,
            read_only: false,
            recorded: None,
        }
    }

    fn rec(network: Option<&str>, mode: Mode) -> Option<Recorded> {
        Some(Recorded {
            network: network.map(str::to_string),
            mode,
            by: "bob".into(),
            at: 0,
        })
    }

    #[test]
    fn a_network_open_puts_the_file_in_delete_mode_and_records_it() {
        let d = decide(&Situation {
            network: Some("nfs"),
            ..sit()
        });
        assert_eq!(d.switch, Some(Mode::Delete));
        assert!(d.record_network);
        // Already recorded: not again.
        let d = decide(&Situation {
            network: Some("nfs"),
            current: Mode::Delete,
            recorded: rec(Some("nfs"), Mode::Delete),
            ..sit()
        });
        assert_eq!(d.switch, None);
        assert!(!d.record_network);
        // The config cannot ask for WAL over the network.
        let d = decide(&Situation {
            network: Some("cifs"),
            config: JournalMode::Wal,
            new_file: true,
            ..sit()
        });
        assert_eq!(d.switch, Some(Mode::Delete));
    }

    #[test]
    fn a_local_open_never_switches_a_file_once_opened_over_the_network() {
        for config in [JournalMode::Auto, JournalMode::Wal] {
            let d = decide(&Situation {
                config,
                current: Mode::Delete,
                recorded: rec(Some("nfs"), Mode::Delete),
                ..sit()
            });
            assert_eq!(d.switch, None, "{config:?}");
            assert!(matches!(d.reason, Reason::PinnedByNetwork(_)));
        }
        // Not even a file never recorded: an existing file keeps its mode.
        let d = decide(&Situation {
            current: Mode::Delete,
            ..sit()
        });
        assert_eq!(d.switch, None);
        assert_eq!(d.reason, Reason::Kept);
    }

    #[test]
    fn new_files_follow_the_config_and_read_only_files_are_left_alone() {
        let new = |config| Situation {
            config,
            current: Mode::Delete,
            new_file: true,
            ..sit()
        };
        assert_eq!(decide(&new(JournalMode::Auto)).switch, Some(Mode::Wal));
        assert_eq!(decide(&new(JournalMode::Delete)).switch, None);
        let d = decide(&Situation {
            read_only: true,
            network: Some("nfs"),
            ..sit()
        });
        assert_eq!(d.switch, None);
        assert!(!d.record_network);
    }

    #[test]
    fn a_file_left_in_wal_by_an_older_version_goes_back_to_delete() {
        let d = decide(&Situation {
            current: Mode::Wal,
            recorded: rec(Some("smb"), Mode::Delete),
            ..sit()
        });
        assert_eq!(d.switch, Some(Mode::Delete));
    }
}
