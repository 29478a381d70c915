//! Shared helpers for CLI tests: a temporary database and config, a command builder,
//! and `on_both!`, which runs one test body against SQLite and against PostgreSQL.
#![allow(dead_code)]

pub mod console;
pub mod mounts;
mod pg;

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// A temporary home with its own database: an SQLite file in it, or a fresh
/// database on the test server.
pub struct Env {
    pub dir: tempfile::TempDir,
    /// The file's path, or the server database's URL.
    pub db: PathBuf,
    server: Option<pg::Scratch>,
}

/// Runs each test body twice, as `NAME::sqlite` and `NAME::postgres`: on a temporary
/// SQLite file, and on a fresh database of the PostgreSQL server named by
/// AFTERCARE_TEST_PG_URL (without it the PostgreSQL half passes at once and a note
/// says once per run that those tests were skipped).
#[allow(unused_macros)]
macro_rules! on_both {
    ($($(#[$attr:meta])* fn $name:ident($env:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($env: &$crate::common::Env) $body
            $(#[$attr])*
            #[test]
            fn sqlite() {
                run(&$crate::common::Env::new())
            }
            $(#[$attr])*
            #[test]
            fn postgres() {
                if let Some(env) = $crate::common::Env::postgres() {
                    run(&env)
                }
            }
        }
    )*};
}
#[allow(unused_imports)]
pub(crate) use on_both;

impl Env {
    /// A fresh, empty environment with an SQLite file.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("test.db");
        Env {
            dir,
            db,
            server: None,
        }
    }

    /// A fresh home for an existing database (a file or a URL).
    pub fn at(db: PathBuf) -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            db,
            server: None,
        }
    }

    /// A fresh environment on its own new database of the test server, or None
    /// (after noting it once) when AFTERCARE_TEST_PG_URL is not set.
    pub fn postgres() -> Option<Env> {
        let scratch = pg::Scratch::new()?;
        let dir = tempfile::tempdir().expect("temp dir");
        Some(Env {
            dir,
            db: PathBuf::from(&scratch.url),
            server: Some(scratch),
        })
    }

    /// Runs SQL statements on the database directly (setting up odd states).
    pub fn sql(&self, sql: &str) {
        match &self.server {
            Some(s) => postgres::Client::connect(&s.url, postgres::NoTls)
                .expect("connect")
                .batch_execute(sql)
                .expect("sql"),
            None => rusqlite::Connection::open(&self.db)
                .expect("open")
                .execute_batch(sql)
                .expect("sql"),
        }
    }

    /// The one integer a query returns, read directly from the database.
    pub fn sql_i64(&self, sql: &str) -> i64 {
        match &self.server {
            Some(s) => postgres::Client::connect(&s.url, postgres::NoTls)
                .expect("connect")
                .query_one(sql, &[])
                .expect("sql")
                .get(0),
            None => rusqlite::Connection::open(&self.db)
                .expect("open")
                .query_row(sql, [], |r| r.get(0))
                .expect("sql"),
        }
    }

    /// Another fresh environment on the same kind of database.
    pub fn fresh(&self) -> Env {
        if self.is_postgres() {
            Env::postgres().expect("the test server")
        } else {
            Env::new()
        }
    }

    /// The database opened for operations, with the built-in config, acting as `actor`.
    pub fn desk(&self, actor: &str) -> aftercare::ops::Desk {
        aftercare::ops::Desk::open(&self.db, aftercare::config::Config::builtin(), actor)
            .expect("open the database")
    }

    /// A console screen as it looks on SQLite: the status bar's backend label
    /// (`POSTGRES · server`, right-aligned) becomes `WAL · local`, so one snapshot
    /// serves both backends and everything else must match exactly.
    pub fn as_on_sqlite(&self, screen: String) -> String {
        if !self.is_postgres() {
            return screen;
        }
        screen
            .replace("POSTGRES · 服务器", "       WAL · 本地")
            .replace("POSTGRES · server", "      WAL · local")
    }

    /// Whether this environment's database is on the PostgreSQL server.
    pub fn is_postgres(&self) -> bool {
        self.server.is_some()
    }

    /// `aftercare --db DB ARGS…` with a clean environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("aftercare").expect("binary");
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AFTERCARE_ACTOR", "tester")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(&self.db)
            .args(args);
        c
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// Runs with `--format json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).expect("json")
    }

    /// Runs and expects exit code `code`; returns stderr, checked to be a clean error.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(!err.contains("RUST_BACKTRACE"), "{err}");
        if code == 1 {
            assert!(
                err.starts_with("error: ") || err.contains("\nerror: "),
                "{err}"
            );
        }
        err
    }

    /// Creates a ticket and returns its id.
    pub fn ticket(&self, title: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["ticket", "new", "--title", title];
        args.extend(extra);
        self.json(&args)["id"].as_i64().expect("id")
    }
}
