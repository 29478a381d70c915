//! Shared helpers for CLI tests: a temporary database and config, and a command builder.
#![allow(dead_code)]

pub mod console;
pub mod mounts;

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// A temporary home with its own database path.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    /// A fresh, empty environment.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("test.db");
        Env { dir, db }
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
