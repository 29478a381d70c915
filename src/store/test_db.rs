//! Fresh databases for the store's own tests on both engines: an SQLite file in a
//! temporary directory, or a new database on the test server (AFTERCARE_TEST_PG_URL),
//! dropped again afterwards. `on_both!` writes one test body as two tests, as the
//! integration tests' macro of the same name does (tests/common); without a server
//! the PostgreSQL half does nothing (the integration tests say so once per run).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// An empty database of one test: where to open it.
pub(crate) struct TestDb {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
    /// The server's URL and this test's database on it.
    server: Option<(String, String)>,
}

impl TestDb {
    /// A new SQLite file.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        TestDb {
            path: dir.path().join("test.db"),
            _dir: dir,
            server: None,
        }
    }

    /// A new database on the test server, or None without one.
    pub fn postgres() -> Option<TestDb> {
        let base = std::env::var("AFTERCARE_TEST_PG_URL").ok()?;
        let base = base.trim().to_string();
        if base.is_empty() {
            return None;
        }
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "aftercare_u_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&base, postgres::NoTls).expect("test server");
        // One statement each: DROP and CREATE DATABASE refuse a transaction block.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop an old test database");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a test database");
        // Tests need no durability: commits return before the WAL reaches the disk.
        c.batch_execute(&format!(
            "ALTER DATABASE {name} SET synchronous_commit = off"
        ))
        .expect("configure the test database");
        Some(TestDb {
            path: PathBuf::from(with_database(&base, &name)),
            _dir: tempfile::tempdir().expect("temp dir"),
            server: Some((base, name)),
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.server {
            if let Ok(mut c) = postgres::Client::connect(base, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// `url` with its database name replaced by `db`.
fn with_database(url: &str, db: &str) -> String {
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

/// One test body, run as a `sqlite` test and a `postgres` test (the latter only
/// when AFTERCARE_TEST_PG_URL names a server).
macro_rules! on_both {
    ($($(#[$attr:meta])* fn $name:ident($db:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($db: &$crate::store::test_db::TestDb) $body
            $(#[$attr])*
            #[test]
            fn sqlite() {
                run(&$crate::store::test_db::TestDb::sqlite())
            }
            $(#[$attr])*
            #[test]
            fn postgres() {
                if let Some(db) = $crate::store::test_db::TestDb::postgres() {
                    run(&db)
                }
            }
        }
    )*};
}
pub(crate) use on_both;
