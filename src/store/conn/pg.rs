//! The PostgreSQL side of `Conn`: one synchronous `postgres::Client`, statements
//! prepared once per connection, `?N` placeholders rewritten to `$N`, values
//! converted to and from SQLite's five storage classes, explicit BEGIN/COMMIT (so
//! one handle serves reads and write closures), NOTIFY on every write commit.
//!
//! Round trips are the cost on a server (each one waits for the other process to be
//! scheduled): session set-up is one round trip, BEGIN goes with the write lock and
//! NOTIFY with COMMIT, and the query budget's `statement_timeout` is only sent when
//! it changes, in the same round trip as BEGIN or COMMIT where it can be.

use crate::error::{Error, Result};
use crate::store::value::{Arg, FromCell, Param, Params};
use crate::store::DbError;
use bytes::{BufMut, BytesMut};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use postgres::{Client, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
}

impl PgConn {
    /// Wraps a connected client and sets the session up in one round trip: how long
    /// to wait for another writer's lock (SQLite's busy timeout), times in UTC; reads
    /// the session's server process and the server's version.
    pub(crate) fn new(mut client: Client, lock_timeout_ms: u64) -> Result<PgConn> {
        let sql = format!(
            "SET lock_timeout = {lock_timeout_ms}; SET TIME ZONE 'UTC';
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
            Some(set) => self.sent(c.batch_execute(&set)),
            None => Ok(()),
        }
    }

    /// Runs `sql` as one simple-protocol round trip, led by a pending timeout change.
    fn batch_with_timeout(&self, c: &mut Client, sql: &str) -> Result<()> {
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
        Ok(c.execute(&st, &refs(&args))? as usize)
    }

    pub(super) fn insert(&self, sql: &str, p: Params<'_>) -> Result<i64> {
        let with_id = format!("{sql} RETURNING id");
        let mut c = self.client()?;
        self.sync_timeout(&mut c)?;
        let st = self.statement(&mut c, &with_id)?;
        let args = binds(p);
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
        let mut rows = c.query_raw(&st, args.iter())?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            f(&r)?;
            n += 1;
        }
        Ok(n)
    }

    /// Starts a transaction. A writing one first takes the database's write lock, as
    /// SQLite's BEGIN IMMEDIATE does: writers run one at a time, so what a change
    /// reads is still true when it writes (a write that names no version never fails
    /// because another happened at the same moment), and two writers can never
    /// deadlock. Readers never wait for it. `lock_timeout` bounds the wait.
    pub(super) fn begin(&self, write: bool) -> Result<()> {
        let mut c = self.client()?;
        // Set first: if the lock wait fails, the transaction is there to roll back.
        self.in_tx.set(true);
        if write {
            // One round trip for both.
            self.batch_with_timeout(
                &mut c,
                &format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"),
            )
        } else {
            self.batch_with_timeout(&mut c, "BEGIN")
        }
    }

    /// Commits, after `before` (statements of the transaction sent in the same round trip).
    pub(super) fn commit(&self, notify: bool, before: Option<&str>) -> Result<()> {
        let end = if notify {
            // Delivered to listeners only if the commit succeeds.
            format!("NOTIFY {CHANNEL}; COMMIT")
        } else {
            "COMMIT".to_string()
        };
        let sql = match before {
            Some(b) => format!("{b}\n{end}"),
            None => end,
        };
        let r = {
            let mut c = self.client()?;
            let r = self.batch_with_timeout(&mut c, &sql);
            if r.is_err() && before.is_some() {
                // A failed statement before COMMIT leaves the transaction open.
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

    pub(super) fn rollback(&self) {
        if self.in_tx.replace(false) {
            // A timeout set inside the transaction is undone with it.
            self.timeout_sent.set(UNKNOWN_TIMEOUT);
            if let Ok(mut c) = self.client.try_borrow_mut() {
                let _ = c.batch_execute("ROLLBACK");
            }
        }
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

    /// Streams rows into `COPY table (columns) FROM STDIN` in PostgreSQL's text format.
    pub(crate) fn copy_in(
        &self,
        table: &str,
        columns: &[String],
        fill: &mut dyn FnMut(&mut Put<'_>) -> Result<()>,
    ) -> Result<u64> {
        use std::io::Write;
        let cols: Vec<String> = columns.iter().map(|c| quote_ident(c)).collect();
        let sql = format!(
            "COPY {} ({}) FROM STDIN",
            quote_ident(table),
            cols.join(", ")
        );
        let mut c = self.client()?;
        self.sync_timeout(&mut c)?;
        let mut w = c.copy_in(sql.as_str())?;
        let mut line = String::new();
        let mut n = 0u64;
        let mut io_err: Option<std::io::Error> = None;
        fill(&mut |row: &[Arg<'_>]| {
            line.clear();
            for (i, a) in row.iter().enumerate() {
                if i > 0 {
                    line.push('\t');
                }
                copy_text(*a, &mut line);
            }
            line.push('\n');
            n += 1;
            if let Err(e) = w.write_all(line.as_bytes()) {
                io_err = Some(e);
                return Err(Error::msg("COPY was cut off by the server"));
            }
            Ok(())
        })?;
        if let Some(e) = io_err {
            return Err(Error::msg(format!("COPY to the server failed: {e}")));
        }
        w.finish()?;
        Ok(n)
    }
}

/// Takes one row for a COPY.
pub(crate) type Put<'a> = dyn FnMut(&[Arg<'_>]) -> Result<()> + 'a;

/// Quotes an identifier for PostgreSQL.
pub(crate) fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One value in COPY's text format: `\N` for NULL, backslash escapes for the rest.
fn copy_text(a: Arg<'_>, out: &mut String) {
    use std::fmt::Write;
    match a {
        Arg::Null => out.push_str("\\N"),
        Arg::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Arg::Real(f) => {
            let _ = write!(out, "{f:?}");
        }
        Arg::Text(s) => {
            for ch in s.chars() {
                match ch {
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c => out.push(c),
                }
            }
        }
        Arg::Date(d) => out.push_str(&crate::store::value::day(d)),
        Arg::Blob(b) => {
            out.push_str("\\\\x");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
}

/// Rewrites `?N` (and bare `?`) placeholders as `$N`, leaving strings, quoted names
/// and comments alone.
pub(crate) fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut bare = 0;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                out.push('$');
                if chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                        out.push(d);
                        chars.next();
                    }
                } else {
                    bare += 1;
                    out.push_str(&bare.to_string());
                }
            }
            // SQLite's index hints (`INDEXED BY name`, `NOT INDEXED`): PostgreSQL
            // plans by itself, so shared SQL may carry them and they are dropped here.
            'I' | 'N' if !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') => {
                let rest: String = std::iter::once(c).chain(chars.clone()).take(40).collect();
                if let Some(skip) = index_hint(&rest) {
                    for _ in 1..skip {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The length of an index hint at the start of `s` (with the name after INDEXED BY),
/// or None.
fn index_hint(s: &str) -> Option<usize> {
    let words: Vec<&str> = s.split_ascii_whitespace().take(3).collect();
    let starts = |w: &str, t: &str| w.eq_ignore_ascii_case(t);
    match words.as_slice() {
        [a, b, name, ..] if starts(a, "INDEXED") && starts(b, "BY") => {
            let at = s.find(name).unwrap_or(0);
            let len: usize = name
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum();
            Some(at + len)
        }
        [a, b, ..] if starts(a, "NOT") && b.len() >= 7 && starts(&b[..7], "INDEXED") => {
            let after_not = s.find(b).unwrap_or(0);
            Some(after_not + 7)
        }
        _ => None,
    }
}

/// A parameter as the server's type wants it: integers become booleans, smaller
/// integers, floats or text where the statement says so.
#[derive(Debug)]
struct Bind<'a>(Arg<'a>);

fn binds<'a>(p: Params<'a>) -> Vec<Bind<'a>> {
    p.iter().map(|x: &&dyn Param| Bind(x.arg())).collect()
}

fn refs<'a>(b: &'a [Bind<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    b.iter().map(|x| x as &(dyn ToSql + Sync)).collect()
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

fn mismatch(ty: &Type, a: &Arg<'_>) -> BoxError {
    format!("cannot send {a:?} as {ty}").into()
}

impl ToSql for Bind<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        let day;
        let a = match self.0 {
            Arg::Null => return Ok(IsNull::Yes),
            Arg::Date(d) => {
                day = crate::store::value::day(d);
                Arg::Text(&day)
            }
            other => other,
        };
        let int = || -> std::result::Result<i64, BoxError> {
            match a {
                Arg::Int(i) => Ok(i),
                Arg::Real(f) if f.fract() == 0.0 => Ok(f as i64),
                Arg::Text(s) => s.trim().parse::<i64>().map_err(|_| mismatch(ty, &a)),
                _ => Err(mismatch(ty, &a)),
            }
        };
        match *ty {
            Type::BOOL => out.put_u8(u8::from(int()? != 0)),
            Type::INT2 => out.put_i16(i16::try_from(int()?)?),
            Type::INT4 => out.put_i32(i32::try_from(int()?)?),
            Type::INT8 => out.put_i64(int()?),
            Type::OID => out.put_u32(u32::try_from(int()?)?),
            Type::FLOAT4 | Type::FLOAT8 => {
                let f = match a {
                    Arg::Int(i) => i as f64,
                    Arg::Real(f) => f,
                    Arg::Text(s) => s.trim().parse::<f64>().map_err(|_| mismatch(ty, &a))?,
                    _ => return Err(mismatch(ty, &a)),
                };
                if *ty == Type::FLOAT4 {
                    out.put_f32(f as f32)
                } else {
                    out.put_f64(f)
                }
            }
            Type::NUMERIC => encode_numeric(int()?, out),
            Type::BYTEA => match a {
                Arg::Blob(b) => out.put_slice(b),
                Arg::Text(s) => out.put_slice(s.as_bytes()),
                _ => return Err(mismatch(ty, &a)),
            },
            Type::JSONB => match a {
                Arg::Text(s) => {
                    out.put_u8(1);
                    out.put_slice(s.as_bytes());
                }
                _ => return Err(mismatch(ty, &a)),
            },
            _ => match a {
                // TEXT, VARCHAR, NAME, JSON, UNKNOWN …: the text itself.
                Arg::Text(s) => out.put_slice(s.as_bytes()),
                Arg::Int(i) => out.put_slice(i.to_string().as_bytes()),
                Arg::Real(f) => out.put_slice(f.to_string().as_bytes()),
                Arg::Blob(b) => out.put_slice(b),
                Arg::Null | Arg::Date(_) => return Ok(IsNull::Yes),
            },
        }
        Ok(IsNull::No)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// NUMERIC's binary form of an integer: base-10000 digits, most significant first.
fn encode_numeric(v: i64, out: &mut BytesMut) {
    let mut digits: Vec<i16> = Vec::new();
    let mut n = v.unsigned_abs();
    while n > 0 {
        digits.push((n % 10_000) as i16);
        n /= 10_000;
    }
    digits.reverse();
    out.put_i16(digits.len() as i16);
    out.put_i16(digits.len().saturating_sub(1) as i16);
    out.put_u16(if v < 0 { 0x4000 } else { 0 });
    out.put_u16(0);
    for d in digits {
        out.put_i16(d);
    }
}

/// A column as one of SQLite's storage classes, borrowed from the row.
struct Cellar<'a>(Arg<'a>);

fn be<const N: usize>(raw: &[u8]) -> std::result::Result<[u8; N], BoxError> {
    raw.get(..N)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| "short value".into())
}

impl<'a> FromSql<'a> for Cellar<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Cellar(match *ty {
            Type::BOOL => Arg::Int(i64::from(raw.first().copied().unwrap_or(0) != 0)),
            Type::INT2 => Arg::Int(i16::from_be_bytes(be(raw)?).into()),
            Type::INT4 => Arg::Int(i32::from_be_bytes(be(raw)?).into()),
            Type::INT8 => Arg::Int(i64::from_be_bytes(be(raw)?)),
            Type::OID => Arg::Int(u32::from_be_bytes(be(raw)?).into()),
            Type::FLOAT4 => Arg::Real(f32::from_be_bytes(be(raw)?).into()),
            Type::FLOAT8 => Arg::Real(f64::from_be_bytes(be(raw)?)),
            Type::NUMERIC => decode_numeric(raw)?,
            Type::BYTEA => Arg::Blob(raw),
            Type::JSONB => Arg::Text(std::str::from_utf8(raw.get(1..).unwrap_or_default())?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN | Type::JSON => {
                Arg::Text(std::str::from_utf8(raw)?)
            }
            Type::CHAR => Arg::Text(std::str::from_utf8(raw)?),
            _ => return Err(format!("cannot read a column of type {ty}").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Cellar(Arg::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC (what SUM and AVG of integers return) as an integer when whole, else a real.
fn decode_numeric(raw: &[u8]) -> std::result::Result<Arg<'_>, BoxError> {
    let word = |i: usize| -> std::result::Result<i16, BoxError> {
        Ok(i16::from_be_bytes(be(raw
            .get(i * 2..)
            .unwrap_or_default())?))
    };
    let ndigits = word(0)? as usize;
    let weight = i32::from(word(1)?);
    let sign = word(2)? as u16;
    if sign == 0xC000 {
        return Ok(Arg::Real(f64::NAN));
    }
    let negative = sign == 0x4000;
    let mut whole: Option<i128> = Some(0);
    let mut f = 0f64;
    for k in 0..ndigits {
        let d = word(4 + k)?;
        let power = weight - k as i32;
        f += f64::from(d) * 10_000f64.powi(power);
        if power < 0 {
            if d != 0 {
                whole = None;
            }
        } else {
            whole = whole.and_then(|w| {
                10_000i128
                    .checked_pow(power as u32)
                    .and_then(|p| p.checked_mul(i128::from(d)))
                    .and_then(|x| w.checked_add(x))
            });
        }
    }
    if let Some(i) = whole.and_then(|w| i64::try_from(if negative { -w } else { w }).ok()) {
        return Ok(Arg::Int(i));
    }
    Ok(Arg::Real(if negative { -f } else { f }))
}

pub(super) fn arg(r: &postgres::Row, i: usize) -> Result<Arg<'_>> {
    match r.try_get::<_, Cellar<'_>>(i) {
        Ok(c) => Ok(c.0),
        Err(e) => Err(Error::Db(DbError::decode(i, e.to_string()))),
    }
}

pub(super) fn get<T: FromCell>(r: &postgres::Row, i: usize) -> Result<T> {
    let a = arg(r, i)?;
    T::from_cell(a).map_err(|m| Error::Db(DbError::decode(i, m)))
}

/// The library error for a PostgreSQL failure: two transactions that touched the same
/// rows at once are a conflict (exit 1, nothing saved), the rest an engine error.
pub(super) fn error(e: postgres::Error) -> Error {
    let code = e.code().map(|c| c.code().to_string());
    match code.as_deref() {
        Some("40001") | Some("40P01") => Error::Conflict {
            message: "another change to the same records was being saved at the same moment".into(),
            hint: "nothing of yours was saved; look at the record again and repeat the change"
                .into(),
        },
        _ => Error::Db(DbError::postgres(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_index_hints_are_dropped() {
        assert_eq!(
            translate("FROM tickets t INDEXED BY tickets_created\n JOIN a NOT INDEXED ON x = ?1"),
            "FROM tickets t \n JOIN a  ON x = $1"
        );
        assert_eq!(
            translate("WHERE NOT x AND INDEXED_y = 1"),
            "WHERE NOT x AND INDEXED_y = 1"
        );
    }

    #[test]
    fn placeholders_become_dollars_outside_strings() {
        assert_eq!(
            translate("SELECT ?1, '?2', \"a?\" FROM t WHERE x = ?12 -- ?3\n AND y = ?2"),
            "SELECT $1, '?2', \"a?\" FROM t WHERE x = $12 -- ?3\n AND y = $2"
        );
        assert_eq!(
            translate("VALUES (?, ?), (?, ?)"),
            "VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn numeric_round_trip() {
        for v in [
            0i64,
            1,
            -1,
            9_999,
            10_000,
            123_456_789,
            -98_765_432_101,
            i64::MAX,
        ] {
            let mut b = BytesMut::new();
            encode_numeric(v, &mut b);
            assert_eq!(decode_numeric(&b).unwrap(), Arg::Int(v), "{v}");
        }
        // 12.5: two digits, weight 0, scale 1.
        let raw = [0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88];
        assert_eq!(decode_numeric(&raw).unwrap(), Arg::Real(12.5));
    }

    #[test]
    fn copy_text_escapes() {
        let mut s = String::new();
        copy_text(Arg::Text("a\tb\\c\nd"), &mut s);
        assert_eq!(s, "a\\tb\\\\c\\nd");
        s.clear();
        copy_text(Arg::Null, &mut s);
        assert_eq!(s, "\\N");
    }
}
