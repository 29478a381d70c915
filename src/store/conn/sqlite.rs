//! The SQLite side of `Conn`: parameters bound through rusqlite, cached statements,
//! column values read without copying.

use crate::error::Result;
use crate::store::value::{Arg, FromCell, Params};
use crate::store::DbError;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

/// A parameter as rusqlite binds it.
struct Bind<'a>(Arg<'a>);

impl ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        if let Arg::Date(d) = self.0 {
            return Ok(ToSqlOutput::Owned(rusqlite::types::Value::Text(
                crate::store::value::day(d),
            )));
        }
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Arg::Null => ValueRef::Null,
            Arg::Int(i) => ValueRef::Integer(i),
            Arg::Real(f) => ValueRef::Real(f),
            Arg::Text(s) => ValueRef::Text(s.as_bytes()),
            Arg::Blob(b) => ValueRef::Blob(b),
            Arg::Date(_) => ValueRef::Null,
        }))
    }
}

fn binds<'a>(p: Params<'a>) -> Vec<Bind<'a>> {
    p.iter().map(|x| Bind(x.arg())).collect()
}

fn as_refs<'a>(b: &'a [Bind<'a>]) -> Vec<&'a dyn ToSql> {
    b.iter().map(|x| x as &dyn ToSql).collect()
}

pub(super) fn execute(c: &Connection, sql: &str, p: Params<'_>) -> Result<usize> {
    let b = binds(p);
    Ok(c.prepare_cached(sql)?.execute(as_refs(&b).as_slice())?)
}

pub(super) fn query_opt<T>(
    c: &Connection,
    sql: &str,
    p: Params<'_>,
    f: impl FnOnce(&rusqlite::Row<'_>) -> Result<T>,
) -> Result<Option<T>> {
    let b = binds(p);
    let mut st = c.prepare_cached(sql)?;
    let mut rows = st.query(as_refs(&b).as_slice())?;
    match rows.next()? {
        Some(r) => Ok(Some(f(r)?)),
        None => Ok(None),
    }
}

pub(super) fn query_each(
    c: &Connection,
    sql: &str,
    p: Params<'_>,
    mut f: impl FnMut(&rusqlite::Row<'_>) -> Result<()>,
) -> Result<usize> {
    let b = binds(p);
    let mut st = c.prepare_cached(sql)?;
    let mut rows = st.query(as_refs(&b).as_slice())?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        f(r)?;
        n += 1;
    }
    Ok(n)
}

pub(super) fn arg<'a>(r: &'a rusqlite::Row<'a>, i: usize) -> Result<Arg<'a>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => Arg::Null,
        ValueRef::Integer(i) => Arg::Int(i),
        ValueRef::Real(f) => Arg::Real(f),
        ValueRef::Text(t) => Arg::Text(
            std::str::from_utf8(t).map_err(|e| DbError::decode(i, format!("not UTF-8: {e}")))?,
        ),
        ValueRef::Blob(b) => Arg::Blob(b),
    })
}

pub(super) fn get<T: FromCell>(r: &rusqlite::Row<'_>, i: usize) -> Result<T> {
    let a = arg(r, i)?;
    T::from_cell(a).map_err(|m| DbError::decode(i, m).into())
}
