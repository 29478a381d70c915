//! The PostgreSQL side of `Conn`: one synchronous `postgres::Client`, statements
//! prepared once per connection, `?N` placeholders rewritten to `$N`, values
//! converted to and from SQLite's five storage classes, explicit BEGIN/COMMIT (so
//! one handle serves reads and write closures), NOTIFY on every write commit.
//!
//! Round trips are the cost on a server (each one waits for the other process to be
//! scheduled): session set-up is one round trip, BEGIN goes with the write lock and
//! NOTIFY with COMMIT, and the query budget's `statement_timeout` is only sent when
//! it changes, in the same round trip as BEGIN or COMMIT where it can be.
//!
//! The parts: this file sets the session up and runs statements; `tx` begins and
//! ends transactions; `values` rewrites placeholders and converts values both ways;
//! `copy` streams rows into COPY for bulk loads.

mod copy;
mod tx;
mod values;

pub(super) use values::{arg, error, get};

use crate::error::{Error, Result};
use crate::store::value::Params;
use crate::store::DbError;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use values::{binds, refs, translate};

/// The channel every write transaction notifies (per database).
pub(crate) const CHANNEL: &str = "aftercare_changes";

/// The advisory lock every writing transaction holds ("aftwrite").
const WRITE_LOCK: i64 = 0x6166_7477_7269_7465;

/// Prepared statements kept per connection before the cache starts over.
const CACHE_LIMIT: usize = 512;

/// `timeout_sent` when the session's value is not known (never a wanted value).
const UNKNOWN_TIMEOUT: u64 = u64::MAX;

/// An open PostgreSQL connection.
pub(crate) struct PgConn {
    client: RefCell<Client>,
    cache: RefCell<HashMap<String, Statement>>,
    in_tx: Cell<bool>,
    /// This connection's server process, to ignore its own notifications.
    pid: i32,
    /// The server's version, read when connecting.
    version: String,
    /// The session's `statement_timeout` on the server, and the one its next
    /// statement should run under (sent only when they differ).
    timeout_sent: Cell<u64>,
    timeout_wanted: Cell<u64>,
    listening: Cell<bool>,
    /// How many commits of other connections this one has heard of.
    heard: Cell<i64>,
    /// While raised, statements are refused (a background connection's stop flag).
    stop: RefCell<Option<Arc<AtomicBool>>>,
    /// Round trips to the server so far (tests count them per write).
    trips: Cell<u64>,
    /// Whether a write's BEGIN also reads the audit log's newest id (set by the
    /// first `audit_mark`: the facts keeper wants it at the start of every write),
    /// and the value read at the last BEGIN, until taken.
    mark_on_begin: Cell<bool>,
    begin_mark: Cell<Option<i64>>,
    /// Statements of the open transaction that go to the server with its COMMIT
    /// (values inline: the simple protocol carries no parameters).
    with_commit: RefCell<String>,
}

impl PgConn {
    /// Wraps a connected client and sets the session up in one round trip: how long
    /// to wait for another writer's lock (SQLite's busy timeout), times in UTC, no
    /// JIT compiling (statements here run for milliseconds; a search whose estimated
    /// cost crossed `jit_above_cost` spent 46 ms compiling); reads the session's
    /// server process and the server's version.
    pub(crate) fn new(mut client: Client, lock_timeout_ms: u64) -> Result<PgConn> {
        let sql = format!(
            "SET lock_timeout = {lock_timeout_ms}; SET TIME ZONE 'UTC'; SET jit = off;
             SELECT pg_backend_pid()::text, current_setting('server_version')"
        );
        let mut pid = None;
        let mut version = String::new();
        for m in client.simple_query(&sql)? {
            if let postgres::SimpleQueryMessage::Row(r) = m {
                pid = r.get(0).and_then(|p| p.parse::<i32>().ok());
                version = r.get(1).unwrap_or_default().to_string();
            }
        }
        let pid = pid.ok_or_else(|| Error::msg("the server did not say which session this is"))?;
        Ok(PgConn {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            in_tx: Cell::new(false),
            pid,
            version,
            timeout_sent: Cell::new(0),
            timeout_wanted: Cell::new(0),
            listening: Cell::new(false),
            heard: Cell::new(0),
            stop: RefCell::new(None),
            trips: Cell::new(1),
            mark_on_begin: Cell::new(false),
            begin_mark: Cell::new(None),
            with_commit: RefCell::new(String::new()),
        })
    }

    /// Stops any later statement of this session that runs longer than `ms`
    /// milliseconds (0: no limit); the query budget on the server. Sent with the
    /// next statement, and only if it differs from what the session has.
    pub(crate) fn statement_timeout(&self, ms: u64) -> Result<()> {
        self.timeout_wanted.set(ms);
        Ok(())
    }

    /// The `SET statement_timeout` the next statement needs first, if any.
    fn timeout_change(&self) -> Option<String> {
        let want = self.timeout_wanted.get();
        (want != self.timeout_sent.get()).then(|| format!("SET statement_timeout = {want}"))
    }

    /// Sends a pending `statement_timeout` change on its own (before a statement of
    /// the extended protocol, which cannot share a round trip with it).
    fn sync_timeout(&self, c: &mut Client) -> Result<()> {
        match self.timeout_change() {
            Some(set) => {
                self.trip();
                self.sent(c.batch_execute(&set))
            }
            None => Ok(()),
        }
    }

    /// Counts one round trip to the server.
    fn trip(&self) {
        self.trips.set(self.trips.get() + 1);
    }

    /// Round trips to the server since connecting (session set-up included).
    #[cfg(test)]
    pub(crate) fn round_trips(&self) -> u64 {
        self.trips.get()
    }

    /// Runs `sql` as one simple-protocol round trip, led by a pending timeout change.
    fn batch_with_timeout(&self, c: &mut Client, sql: &str) -> Result<()> {
        self.trip();
        match self.timeout_change() {
            Some(set) => self.sent(c.batch_execute(&format!("{set}; {sql}"))),
            None => Ok(c.batch_execute(sql)?),
        }
    }

    /// Notes the outcome of sending a timeout: after a failure the session's value is
    /// unknown, so the next statement sends it again.
    fn sent(&self, r: std::result::Result<(), postgres::Error>) -> Result<()> {
        match r {
            Ok(()) => {
                self.timeout_sent.set(self.timeout_wanted.get());
                Ok(())
            }
            Err(e) => {
                self.timeout_sent.set(UNKNOWN_TIMEOUT);
                Err(e.into())
            }
        }
    }

    /// The server's version, e.g. `15.8 (Debian 15.8-0+deb12u1)`.
    pub(crate) fn server_version(&self) -> String {
        self.version.clone()
    }

    /// Refuses this connection's statements while `flag` is raised.
    pub(crate) fn stop_when(&self, flag: Arc<AtomicBool>) {
        *self.stop.borrow_mut() = Some(flag);
    }

    /// A handle that asks the server to cancel this session's running statement.
    pub(crate) fn cancel_token(&self) -> Result<postgres::CancelToken> {
        Ok(self.client()?.cancel_token())
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, Client>> {
        if let Some(flag) = self.stop.borrow().as_ref() {
            // Not inside a transaction: its COMMIT or ROLLBACK must still go through.
            if flag.load(Ordering::Relaxed) && !self.in_tx.get() {
                return Err(Error::Db(DbError::stopped()));
            }
        }
        self.client
            .try_borrow_mut()
            .map_err(|_| Error::Db(DbError::busy()))
    }

    fn statement(&self, client: &mut Client, sql: &str) -> Result<Statement> {
        if let Some(st) = self.cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        self.trip();
        let st = client.prepare(&translate(sql))?;
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    pub(super) fn execute(&self, sql: &str, p: Params<'_>) -> Result<usize> {
        let mut c = self.client()?;
        self.sync_timeout(&mut c)?;
        let st = self.statement(&mut c, sql)?;
        let args = binds(p);
        self.trip();
        Ok(c.execute(&st, &refs(&args))? as usize)
    }

    pub(super) fn insert(&self, sql: &str, p: Params<'_>) -> Result<i64> {
        let with_id = format!("{sql} RETURNING id");
        let mut c = self.client()?;
        self.sync_timeout(&mut c)?;
        let st = self.statement(&mut c, &with_id)?;
        let args = binds(p);
        self.trip();
        let row = c.query_one(&st, &refs(&args))?;
        get(&row, 0)
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        let mut c = self.client()?;
        self.batch_with_timeout(&mut c, sql)
    }

    pub(super) fn query_opt<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnOnce(&postgres::Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let rows = {
            let mut c = self.client()?;
            self.sync_timeout(&mut c)?;
            let st = self.statement(&mut c, sql)?;
            let args = binds(p);
            self.trip();
            c.query(&st, &refs(&args))?
        };
        match rows.first() {
            Some(r) => Ok(Some(f(r)?)),
            None => Ok(None),
        }
    }

    pub(super) fn query_each(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<usize> {
        let mut c = self.client()?;
        self.sync_timeout(&mut c)?;
        let st = self.statement(&mut c, sql)?;
        let args = binds(p);
        self.trip();
        let mut rows = c.query_raw(&st, args.iter())?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            f(&r)?;
            n += 1;
        }
        Ok(n)
    }

    /// Runs a statement once, unprepared, its values written in as constants:
    /// Parse, Bind and Execute go out together, one round trip.
    pub(super) fn query_each_once(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<usize> {
        let sql = values::inline(sql, p);
        let mut c = self.client()?;
        self.sync_timeout(&mut c)?;
        self.trip();
        let none: Vec<(&(dyn postgres::types::ToSql + Sync), postgres::types::Type)> = Vec::new();
        let mut rows = c.query_typed_raw(&sql, none)?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            f(&r)?;
            n += 1;
        }
        Ok(n)
    }

    /// A number that grows when another connection commits a write: the notifications
    /// that arrived are counted without a query to the server.
    pub(crate) fn change_mark(&self) -> Result<i64> {
        let mut c = self.client()?;
        if !self.listening.get() {
            self.batch_with_timeout(&mut c, &format!("LISTEN {CHANNEL}"))?;
            self.listening.set(true);
        }
        let mut n = self.notes(&mut c)?;
        n += self.heard.get();
        self.heard.set(n);
        Ok(n)
    }

    fn notes(&self, c: &mut Client) -> Result<i64> {
        let mut n = 0;
        let mut notes = c.notifications();
        // Not `iter()`: it polls the socket before the client's runtime has looked
        // at it, so it never sees anything new; two milliseconds let it read.
        let mut it = notes.timeout_iter(std::time::Duration::from_millis(2));
        while let Some(note) = it.next()? {
            if note.process_id() != self.pid {
                n += 1;
            }
        }
        Ok(n)
    }
}
