//! Scratch databases on the PostgreSQL test server: one per test, cloned from a
//! template that holds the migrated schema (made once per schema), dropped after.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The server's URL for tests, when one is given.
pub fn base_url() -> Option<String> {
    std::env::var("AFTERCARE_TEST_PG_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Says once per `cargo test` run (all test binaries together) that the PostgreSQL
/// halves were skipped: the first binary to get here writes a marker named after
/// the cargo process and prints the note; the others see the marker.
fn note_skipped() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let ppid = std::os::unix::process::parent_id();
        let started = std::fs::read_to_string(format!("/proc/{ppid}/stat"))
            .ok()
            .and_then(|s| s.rsplit(')').next().map(str::to_string))
            .and_then(|s| s.split_whitespace().nth(19).map(str::to_string))
            .unwrap_or_default();
        let marker =
            std::env::temp_dir().join(format!("aftercare-pg-skip-note-{ppid}-{started}"));
        let first = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&marker)
            .is_ok();
        if first {
            // Straight to stderr: the test harness would swallow println! of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "note: PostgreSQL tests skipped: set AFTERCARE_TEST_PG_URL (scripts/pg.sh prints one)"
            );
        }
    });
}

/// `url` with its database name replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| scheme_end + i)
        .unwrap_or(base.len());
    format!("{}/{db}{query}", &base[..host_end])
}

fn admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect to the test server")
}

/// The template database for the current schema: the migrations' text names it, so
/// a changed schema gets a new one.
fn template(base: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    static LOCK: Mutex<()> = Mutex::new(());
    TEMPLATE
        .get_or_init(|| {
            let _guard = LOCK.lock();
            let dir =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations/pg");
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("pg migrations")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            files.sort();
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for f in files {
                for b in std::fs::read(f).expect("read migration") {
                    h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
                }
            }
            let name = format!("aftercare_tpl_{h:016x}");
            let mut c = admin(base);
            // Another test binary may be making it right now: take a server-wide lock.
            c.execute("SELECT pg_advisory_lock(7410)", &[])
                .expect("lock");
            let exists = c
                .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
                .expect("look up template")
                .is_some();
            if !exists {
                let building = format!("{name}_new");
                c.batch_execute(&format!("DROP DATABASE IF EXISTS {building}"))
                    .expect("drop half-built template");
                c.batch_execute(&format!("CREATE DATABASE {building}"))
                    .expect("create template");
                let store = aftercare::store::Store::open(
                    std::path::Path::new(&with_database(base, &building)),
                    &aftercare::config::StorageConfig::default(),
                )
                .expect("migrate template");
                drop(store);
                c.batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .expect("name template");
            }
            c.execute("SELECT pg_advisory_unlock(7410)", &[])
                .expect("unlock");
            name
        })
        .clone()
}

/// A database of its own for one test.
pub struct Scratch {
    pub url: String,
    name: String,
    base: String,
}

impl Scratch {
    /// A new database cloned from the template, or None without a test server.
    pub fn new() -> Option<Scratch> {
        let Some(base) = base_url() else {
            note_skipped();
            return None;
        };
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "aftercare_t_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let tpl = template(&base);
        let mut c = admin(&base);
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop old scratch database");
        // Tests need no durability: commits return before the WAL reaches the disk.
        c.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {tpl}"))
            .expect("create scratch database");
        c.batch_execute(&format!(
            "ALTER DATABASE {name} SET synchronous_commit = off"
        ))
        .expect("configure scratch database");
        Some(Scratch {
            url: with_database(&base, &name),
            name,
            base,
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
