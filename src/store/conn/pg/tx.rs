//! Transactions on PostgreSQL: BEGIN with the write lock (and the audit log's
//! newest id for the facts keeper) in one round trip; statements queued to go with
//! COMMIT; NOTIFY with every write's COMMIT; ROLLBACK.

use super::{PgConn, CHANNEL, UNKNOWN_TIMEOUT, WRITE_LOCK};
use crate::error::Result;

impl PgConn {
    /// Starts a transaction. A writing one first takes the database's write lock, as
    /// SQLite's BEGIN IMMEDIATE does: writers run one at a time, so what a change
    /// reads is still true when it writes (a write that names no version never fails
    /// because another happened at the same moment), and two writers can never
    /// deadlock. Readers never wait for it. `lock_timeout` bounds the wait.
    pub(in crate::store::conn) fn begin(&self, write: bool) -> Result<()> {
        let mut c = self.client()?;
        // Set first: if the lock wait fails, the transaction is there to roll back.
        self.in_tx.set(true);
        self.begin_mark.set(None);
        self.with_commit.borrow_mut().clear();
        if !write {
            return self.batch_with_timeout(&mut c, "BEGIN");
        }
        let lock = format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})");
        if !self.mark_on_begin.get() {
            // One round trip for both.
            return self.batch_with_timeout(&mut c, &lock);
        }
        // The audit log's newest id, read after the lock is held (no other writer
        // can add events until this transaction ends), in the same round trip.
        let sql = format!("{lock}; SELECT COALESCE(max(id), 0)::text FROM audit");
        let sql = match self.timeout_change() {
            Some(set) => format!("{set}; {sql}"),
            None => sql,
        };
        self.trip();
        let msgs = match c.simple_query(&sql) {
            Ok(m) => {
                self.timeout_sent.set(self.timeout_wanted.get());
                m
            }
            Err(e) => {
                self.timeout_sent.set(UNKNOWN_TIMEOUT);
                return Err(e.into());
            }
        };
        let mark = msgs.iter().rev().find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => r.get(0).and_then(|v| v.parse::<i64>().ok()),
            _ => None,
        });
        self.begin_mark.set(mark);
        Ok(())
    }

    /// The audit log's newest id as this write transaction's BEGIN read it, once
    /// (None outside one, or when BEGIN did not read it); the next writes' BEGIN
    /// reads it from now on.
    pub(crate) fn take_begin_mark(&self) -> Option<i64> {
        self.mark_on_begin.set(true);
        if !self.in_tx.get() {
            return None;
        }
        self.begin_mark.take()
    }

    /// A value as an SQL constant for `send_with_commit`'s statements.
    pub(crate) fn literal(&self, a: crate::store::Arg<'_>) -> String {
        super::values::literal(a)
    }

    /// Queues `sql` (complete statements, values inline) to be sent with this
    /// transaction's COMMIT, in the same round trip; false outside a transaction
    /// (the caller then runs it itself). A failure there rolls everything back.
    pub(crate) fn send_with_commit(&self, sql: &str) -> bool {
        if !self.in_tx.get() {
            return false;
        }
        let mut w = self.with_commit.borrow_mut();
        w.push_str(sql);
        w.push_str(";\n");
        true
    }

    /// Commits, after `before` (statements of the transaction sent in the same round trip).
    pub(in crate::store::conn) fn commit(&self, notify: bool, before: Option<&str>) -> Result<()> {
        let end = if notify {
            // Delivered to listeners only if the commit succeeds.
            format!("NOTIFY {CHANNEL}; COMMIT")
        } else {
            "COMMIT".to_string()
        };
        let mut sql = std::mem::take(&mut *self.with_commit.borrow_mut());
        let queued = !sql.is_empty() || before.is_some();
        if let Some(b) = before {
            sql.push_str(b);
            sql.push('\n');
        }
        sql.push_str(&end);
        self.begin_mark.set(None);
        let r = {
            let mut c = self.client()?;
            let r = self.batch_with_timeout(&mut c, &sql);
            if r.is_err() && queued {
                // A failed statement before COMMIT leaves the transaction open.
                self.trip();
                let _ = c.batch_execute("ROLLBACK");
            }
            r
        };
        self.in_tx.set(false);
        if r.is_err() {
            // A failed COMMIT rolls back, with any timeout set inside the transaction.
            self.timeout_sent.set(UNKNOWN_TIMEOUT);
        }
        r
    }

    pub(in crate::store::conn) fn rollback(&self) {
        self.with_commit.borrow_mut().clear();
        self.begin_mark.set(None);
        if self.in_tx.replace(false) {
            // A timeout set inside the transaction is undone with it.
            self.timeout_sent.set(UNKNOWN_TIMEOUT);
            self.trip();
            if let Ok(mut c) = self.client.try_borrow_mut() {
                let _ = c.batch_execute("ROLLBACK");
            }
        }
    }
}
