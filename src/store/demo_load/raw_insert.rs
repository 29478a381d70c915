//! SQLite bulk inserts with their values bound in place. rusqlite binds every text
//! and blob with `SQLITE_TRANSIENT`: SQLite first copies each value into memory of
//! its own (an allocation and a copy per value; at 200,000 demo tickets these copies
//! were 4.6% of the whole load's CPU, mostly on the loading thread: docs/PERFORMANCE.md,
//! "Demo load", session 11). Here values are bound with `SQLITE_STATIC`, which SQLite
//! reads where they are. That is sound because `run` clears every binding before it
//! returns, while the values it was given are still borrowed.
//!
//! A text that ends with a NUL byte (`Bound::Terminated`) is bound without that byte
//! as `SQLITE_UTF8_ZT`: SQLite then knows the NUL follows it, and a reader that needs
//! a C string (FTS5 reads each column with `sqlite3_value_text`) uses it as it is
//! instead of copying it to add one.

use crate::error::Result;
use crate::store::value::day;
use crate::store::Arg;
use rusqlite::{ffi, Connection};
use std::ffi::{c_char, c_int, c_void};

/// A value to bind.
#[derive(Debug, Clone, Copy)]
pub enum Bound<'a> {
    Arg(Arg<'a>),
    /// Text whose last byte may be a NUL, which is then not part of the value;
    /// an empty value is bound as `NULL` when `empty_is_null`.
    Terminated {
        text: &'a str,
        empty_is_null: bool,
    },
}

/// One prepared INSERT (or any statement that returns no rows), run many times.
pub struct RawInsert<'c> {
    conn: &'c Connection,
    stmt: *mut ffi::sqlite3_stmt,
    params: usize,
}

impl<'c> RawInsert<'c> {
    /// Prepares `sql` on `conn`.
    pub fn prepare(conn: &'c Connection, sql: &str) -> Result<RawInsert<'c>> {
        let mut stmt = std::ptr::null_mut();
        let len =
            c_int::try_from(sql.len()).map_err(|_| crate::error::Error::msg("SQL too long"))?;
        // SAFETY: the handle is `conn`'s, open for `'c`; `sql` is valid for `len` bytes.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                conn.handle(),
                sql.as_ptr().cast::<c_char>(),
                len,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        check(conn, rc)?;
        // SAFETY: `stmt` was just prepared (SQLite returns NULL only for empty SQL,
        // which the count below handles as no parameters).
        let params = unsafe { ffi::sqlite3_bind_parameter_count(stmt) } as usize;
        Ok(RawInsert { conn, stmt, params })
    }

    /// Runs the statement once with `args`, bound in place.
    pub fn run_args(&mut self, args: &[Arg<'_>]) -> Result<()> {
        self.run_with(args.len(), |s, i| s.bind_arg(i, args[i]))
    }

    /// Runs the statement once with `args`, bound in place.
    pub fn run(&mut self, args: &[Bound<'_>]) -> Result<()> {
        self.run_with(args.len(), |s, i| match args[i] {
            Bound::Arg(a) => s.bind_arg(i, a),
            Bound::Terminated {
                text,
                empty_is_null,
            } => s.bind_terminated(i, text, empty_is_null),
        })
    }

    /// Binds `n` values with `bind`, steps, then resets and clears every binding,
    /// also on error: no pointer to the caller's values outlives the call.
    fn run_with(&mut self, n: usize, mut bind: impl FnMut(&Self, usize) -> c_int) -> Result<()> {
        if n != self.params {
            return Err(crate::error::Error::msg(format!(
                "{n} values for {} parameters",
                self.params
            )));
        }
        let mut rc = ffi::SQLITE_OK;
        for i in 0..n {
            rc = bind(self, i);
            if rc != ffi::SQLITE_OK {
                break;
            }
        }
        if rc == ffi::SQLITE_OK {
            // SAFETY: a prepared statement with every parameter bound.
            rc = match unsafe { ffi::sqlite3_step(self.stmt) } {
                ffi::SQLITE_DONE => ffi::SQLITE_OK,
                other => other,
            };
        }
        let failed = check(self.conn, rc);
        // SAFETY: reset and clear_bindings take any prepared statement; after them
        // SQLite holds no pointer to the values bound above.
        unsafe {
            ffi::sqlite3_reset(self.stmt);
            ffi::sqlite3_clear_bindings(self.stmt);
        }
        failed
    }

    fn bind_arg(&self, i: usize, a: Arg<'_>) -> c_int {
        let at = i as c_int + 1;
        // SAFETY: `at` is within 1..=params (checked in `run_with`); text and blob
        // pointers stay valid until `run_with` clears the bindings; a date's text is
        // copied by SQLite (TRANSIENT) as it is dropped here.
        unsafe {
            match a {
                Arg::Null => ffi::sqlite3_bind_null(self.stmt, at),
                Arg::Int(v) => ffi::sqlite3_bind_int64(self.stmt, at, v),
                Arg::Real(v) => ffi::sqlite3_bind_double(self.stmt, at, v),
                Arg::Text(s) => ffi::sqlite3_bind_text64(
                    self.stmt,
                    at,
                    s.as_ptr().cast::<c_char>(),
                    s.len() as u64,
                    ffi::SQLITE_STATIC(),
                    ffi::SQLITE_UTF8 as u8,
                ),
                Arg::Blob([]) => ffi::sqlite3_bind_zeroblob(self.stmt, at, 0),
                Arg::Blob(b) => ffi::sqlite3_bind_blob64(
                    self.stmt,
                    at,
                    b.as_ptr().cast::<c_void>(),
                    b.len() as u64,
                    ffi::SQLITE_STATIC(),
                ),
                Arg::Date(d) => {
                    let s = day(d);
                    ffi::sqlite3_bind_text64(
                        self.stmt,
                        at,
                        s.as_ptr().cast::<c_char>(),
                        s.len() as u64,
                        ffi::SQLITE_TRANSIENT(),
                        ffi::SQLITE_UTF8 as u8,
                    )
                }
            }
        }
    }

    fn bind_terminated(&self, i: usize, text: &str, empty_is_null: bool) -> c_int {
        let value = text.strip_suffix('\0');
        if value.unwrap_or(text).is_empty() && empty_is_null {
            return self.bind_arg(i, Arg::Null);
        }
        let Some(value) = value else {
            return self.bind_arg(i, Arg::Text(text));
        };
        // SAFETY: as in `bind_arg`; `text` holds the value and then a NUL, which is
        // what SQLITE_UTF8_ZT promises SQLite.
        unsafe {
            ffi::sqlite3_bind_text64(
                self.stmt,
                i as c_int + 1,
                text.as_ptr().cast::<c_char>(),
                value.len() as u64,
                ffi::SQLITE_STATIC(),
                UTF8_ZT,
            )
        }
    }
}

/// Statements prepared once and kept for a run of bulk inserts, by SQL text: a 64-row
/// INSERT takes about half a millisecond to prepare, and a 1M load runs a few
/// thousand batches.
pub struct Prepared<'c> {
    conn: &'c Connection,
    statements: Vec<(String, RawInsert<'c>)>,
}

impl<'c> Prepared<'c> {
    /// No statement yet.
    pub fn new(conn: &'c Connection) -> Prepared<'c> {
        Prepared {
            conn,
            statements: Vec::new(),
        }
    }

    /// The statement for `sql`, prepared the first time it is asked for.
    pub fn get(&mut self, sql: &str) -> Result<&mut RawInsert<'c>> {
        let i = match self.statements.iter().position(|(s, _)| s == sql) {
            Some(i) => i,
            None => {
                let insert = RawInsert::prepare(self.conn, sql)?;
                self.statements.push((sql.to_string(), insert));
                self.statements.len() - 1
            }
        };
        Ok(&mut self.statements[i].1)
    }
}

/// `SQLITE_UTF8_ZT` (SQLite 3.53): UTF-8 with a NUL after the given length.
const UTF8_ZT: u8 = 16;

impl Drop for RawInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: prepared in `prepare` and finalized only here.
        unsafe {
            ffi::sqlite3_finalize(self.stmt);
        }
    }
}

/// SQLite's result code as an error, with the connection's message.
fn check(conn: &Connection, rc: c_int) -> Result<()> {
    if rc == ffi::SQLITE_OK {
        return Ok(());
    }
    // SAFETY: the handle is open; errmsg returns a NUL-terminated string SQLite owns,
    // copied before any other call on the connection.
    let msg = unsafe {
        std::ffi::CStr::from_ptr(ffi::sqlite3_errmsg(conn.handle()))
            .to_string_lossy()
            .into_owned()
    };
    Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(msg)).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (a, b, c, d NOT NULL)")
            .unwrap();
        c
    }

    fn rows(c: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
        let mut st = c
            .prepare("SELECT a, b, c, d FROM t ORDER BY rowid")
            .unwrap();
        st.query_map([], |r| (0..4).map(|i| r.get(i)).collect())
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    /// Every kind of value arrives as rusqlite's own binding stores it, and the
    /// statement takes new values each run (no binding kept from the one before).
    #[test]
    fn values_bound_in_place_are_stored_as_bound_by_copy() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let runs: Vec<[Arg<'_>; 4]> = vec![
            [
                Arg::Int(7),
                Arg::Text("退款 ünï"),
                Arg::Null,
                Arg::Real(1.5),
            ],
            [
                Arg::Text(""),
                Arg::Blob(b"\0x"),
                Arg::Blob(b""),
                Arg::Date(day),
            ],
            [Arg::Null, Arg::Int(-1), Arg::Text("x"), Arg::Int(0)],
        ];
        let (raw, copied) = (table(), table());
        let sql = "INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?4)";
        let mut insert = RawInsert::prepare(&raw, sql).unwrap();
        for args in &runs {
            insert.run_args(args).unwrap();
        }
        drop(insert);
        let conn = crate::store::Conn::sqlite(copied);
        for args in &runs {
            let params: Vec<&dyn crate::store::Param> =
                args.iter().map(|a| a as &dyn crate::store::Param).collect();
            conn.execute(sql, &params).unwrap();
        }
        let copied = conn.as_sqlite().unwrap();
        assert_eq!(rows(&raw), rows(copied));
        assert_eq!(rows(&raw).len(), 3);
    }

    /// A text given with its NUL is stored without it; one without is stored whole;
    /// an empty one is NULL only when asked.
    #[test]
    fn terminated_text_is_stored_without_its_nul() {
        let c = table();
        let mut insert =
            RawInsert::prepare(&c, "INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?4)").unwrap();
        let z = |text, empty_is_null| Bound::Terminated {
            text,
            empty_is_null,
        };
        insert
            .run(&[
                z("ab\0", false),
                z("ab", false),
                z("\0", true),
                z("\0", false),
            ])
            .unwrap();
        insert
            .run(&[
                z("", true),
                z("", false),
                z("c\0", true),
                Bound::Arg(Arg::Int(1)),
            ])
            .unwrap();
        let text = |s: &str| rusqlite::types::Value::Text(s.into());
        use rusqlite::types::Value::{Integer, Null};
        assert_eq!(
            rows(&c),
            vec![
                vec![text("ab"), text("ab"), Null, text("")],
                vec![Null, text(""), text("c"), Integer(1)],
            ]
        );
        let len: i64 = c
            .query_row("SELECT length(a) FROM t WHERE rowid = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(len, 2);
    }

    /// A failed run reports SQLite's error and leaves the statement ready for the next.
    #[test]
    fn a_failed_run_reports_and_the_statement_goes_on() {
        let c = table();
        let mut insert =
            RawInsert::prepare(&c, "INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?4)").unwrap();
        let err = insert
            .run_args(&[Arg::Int(1), Arg::Null, Arg::Null, Arg::Null])
            .unwrap_err();
        assert!(err.to_string().contains("NOT NULL"), "{err}");
        assert!(insert.run_args(&[Arg::Int(1)]).is_err(), "too few values");
        insert
            .run_args(&[Arg::Int(2), Arg::Null, Arg::Null, Arg::Int(3)])
            .unwrap();
        assert_eq!(rows(&c).len(), 1);
    }
}
