//! `db migrate`: every table of one database copied into another, empty one — SQLite
//! to PostgreSQL or back — in one transaction on the target, then checked: the rows
//! of each table are read back from the target (inside that same transaction) and
//! their count and checksum must equal the source's, or nothing is committed. The
//! target is therefore either a verified copy or as empty as it was.

use super::exchange::{self, Table};
use super::{params, Arg, Conn, Engine, Param, Store, Value};
use crate::error::{Error, Result};

/// Rows read from the source per query (keyset pages, so no engine holds a whole
/// table in memory).
const PAGE: usize = 5_000;

/// Rows per multi-row INSERT into an SQLite target.
const CHUNK: usize = 64;

/// One table as copied and verified.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TableCopy {
    pub table: String,
    pub rows: u64,
    /// FNV-1a over the rows in primary-key order, as hex; the same on both sides.
    pub checksum: String,
}

/// What `copy` did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Copied {
    pub from: String,
    pub to: String,
    pub tables: Vec<TableCopy>,
    pub seconds: f64,
}

/// A running checksum of rows: each value with its kind, so 1, 1.0 and "1" differ.
#[derive(Debug, Clone, Copy)]
struct Sum(u64);

impl Sum {
    fn new() -> Sum {
        Sum(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 = (self.0 ^ u64::from(*x)).wrapping_mul(0x100_0000_01b3);
        }
    }

    fn value(&mut self, a: Arg<'_>) {
        match a {
            Arg::Null => self.bytes(&[0]),
            Arg::Int(i) => {
                self.bytes(&[1]);
                self.bytes(&i.to_le_bytes());
            }
            Arg::Real(f) => {
                self.bytes(&[2]);
                self.bytes(&f.to_bits().to_le_bytes());
            }
            Arg::Text(s) => {
                self.bytes(&[3]);
                self.bytes(&(s.len() as u64).to_le_bytes());
                self.bytes(s.as_bytes());
            }
            Arg::Blob(b) => {
                self.bytes(&[4]);
                self.bytes(&(b.len() as u64).to_le_bytes());
                self.bytes(b);
            }
            // Stored as text: summed as the text it is read back as.
            Arg::Date(d) => self.value(Arg::Text(&super::value::day(d))),
        }
    }

    fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The primary-key columns of a table, in key order (every exported table has one).
fn key_of(t: &Table) -> Result<Vec<String>> {
    let mut pk: Vec<_> = t.columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    if pk.is_empty() {
        return Err(Error::msg(format!(
            "table '{}' has no primary key to copy it by",
            t.name
        )));
    }
    Ok(pk.into_iter().map(|c| c.name.clone()).collect())
}

/// Calls `f` with every row of `t` in primary-key order, a page at a time; returns
/// the number of rows.
fn each_row(conn: &Conn, t: &Table, f: &mut dyn FnMut(&[Value]) -> Result<()>) -> Result<u64> {
    let key = key_of(t)?;
    let cols: Vec<String> = t.columns.iter().map(|c| quote(&c.name)).collect();
    let key_pos: Vec<usize> = key
        .iter()
        .filter_map(|k| t.columns.iter().position(|c| &c.name == k))
        .collect();
    let keys: Vec<String> = key.iter().map(|k| quote(k)).collect();
    let tuple = |start: usize| -> String {
        let marks: Vec<String> = (0..keys.len()).map(|i| format!("?{}", start + i)).collect();
        format!("({}) > ({})", keys.join(", "), marks.join(", "))
    };
    let order = keys.join(", ");
    let head = format!("SELECT {} FROM {}", cols.join(", "), quote(&t.name));
    let mut after: Option<Vec<Value>> = None;
    let mut n = 0u64;
    loop {
        let (sql, args): (String, Vec<Value>) = match &after {
            None => (format!("{head} ORDER BY {order} LIMIT {PAGE}"), Vec::new()),
            Some(last) => (
                format!("{head} WHERE {} ORDER BY {order} LIMIT {PAGE}", tuple(1)),
                last.clone(),
            ),
        };
        let page: Vec<Vec<Value>> = conn.query_map(&sql, &super::dyn_params(&args), |r| {
            (0..cols.len()).map(|i| r.get::<Value>(i)).collect()
        })?;
        let Some(last) = page.last() else { break };
        after = Some(key_pos.iter().map(|&i| last[i].clone()).collect());
        for row in &page {
            f(row)?;
            n += 1;
        }
        if page.len() < PAGE {
            break;
        }
    }
    Ok(n)
}

/// Takes one row of a table.
type RowSink<'a> = dyn FnMut(&[Value]) -> Result<()> + 'a;

fn arg(v: &Value) -> Arg<'_> {
    v.arg()
}

/// Writes the rows `fill` produces into `t` on the target: one COPY on PostgreSQL,
/// multi-row INSERTs on SQLite.
fn write_rows(
    target: &Conn,
    t: &Table,
    fill: &mut dyn FnMut(&mut RowSink<'_>) -> Result<u64>,
) -> Result<u64> {
    let names: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    if let Some(pg) = target.as_pg() {
        let mut n = 0;
        pg.copy_in(&t.name, &names, &mut |put| {
            n = fill(&mut |row| {
                let args: Vec<Arg<'_>> = row.iter().map(arg).collect();
                put(&args)
            })?;
            Ok(())
        })?;
        return Ok(n);
    }
    let cols: Vec<String> = names.iter().map(|c| quote(c)).collect();
    let one = format!("({})", vec!["?"; cols.len()].join(", "));
    let sql = |rows: usize| {
        format!(
            "INSERT INTO {} ({}) VALUES {}",
            quote(&t.name),
            cols.join(", "),
            vec![one.as_str(); rows].join(", ")
        )
    };
    let many = sql(CHUNK);
    let mut pending: Vec<Value> = Vec::with_capacity(CHUNK * cols.len());
    let mut rows_pending = 0;
    let n = fill(&mut |row| {
        pending.extend(row.iter().cloned());
        rows_pending += 1;
        if rows_pending == CHUNK {
            let args: Vec<&dyn Param> = pending.iter().map(|v| v as &dyn Param).collect();
            target.execute(&many, &args)?;
            pending.clear();
            rows_pending = 0;
        }
        Ok(())
    })?;
    if rows_pending > 0 {
        let args: Vec<&dyn Param> = pending.iter().map(|v| v as &dyn Param).collect();
        target.execute(&sql(rows_pending), &args)?;
    }
    Ok(n)
}

/// Copies every table of `source` into `target`, which must hold no rows, and
/// verifies the copy before committing it; `progress(done, total)` counts rows.
pub fn copy(
    source: &Store,
    target: &mut Store,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Copied> {
    let started = std::time::Instant::now();
    let full = exchange::non_empty(target.conn())?;
    if !full.is_empty() {
        let list: Vec<String> = full.iter().map(|(t, _)| t.clone()).collect();
        return Err(Error::invalid(
            format!(
                "{} is not empty (it has {})",
                target.location(),
                list.join(", ")
            ),
            "migrate into a new, empty database: createdb NAME, or a new file name",
        ));
    }
    let src = source.conn();
    let tables = exchange::tables(src)?;
    let target_tables = exchange::tables(target.conn())?;
    for t in &tables {
        let Some(other) = target_tables.iter().find(|o| o.name == t.name) else {
            return Err(Error::msg(format!("the target has no table '{}'", t.name)));
        };
        let names = |t: &Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        if names(t) != names(other) {
            return Err(Error::msg(format!(
                "table '{}' has different columns in the target",
                t.name
            )));
        }
    }
    // A consistent view of the source for the whole copy.
    src.in_snapshot(|src| {
        let mut total = 0u64;
        for t in &tables {
            total += src.one::<i64>(&format!("SELECT count(*) FROM {}", quote(&t.name)), params![])?
                .max(0) as u64;
        }
        progress(0, total);
        target.write(|dst| {
            exchange::defer_foreign_keys(dst)?;
            super::search::begin_bulk(dst)?;
            let mut done = 0u64;
            let mut out = Vec::new();
            for t in &tables {
                let mut sum = Sum::new();
                let rows = write_rows(dst, t, &mut |put| {
                    each_row(src, t, &mut |row| {
                        for v in row {
                            sum.value(v.arg());
                        }
                        put(row)?;
                        done += 1;
                        if done % 1_000 == 0 {
                            progress(done, total);
                        }
                        Ok(())
                    })
                })?;
                out.push((t, rows, sum));
            }
            progress(done, total);
            super::search::finish_bulk(dst, &mut |_, _| {})?;
            // Read everything back from the target, still inside this transaction.
            let mut tables_out = Vec::new();
            for (t, rows, sum) in out {
                let mut back = Sum::new();
                let n = each_row(dst, t, &mut |row| {
                    for v in row {
                        back.value(v.arg());
                    }
                    Ok(())
                })?;
                if n != rows || back.0 != sum.0 {
                    return Err(crate::store::db_other(format!(
                            "table '{}' did not copy faithfully: {rows} rows read, {n} in the target (checksums {} and {})",
                            t.name,
                            sum.hex(),
                            back.hex()
                        ), Some("nothing was saved in the target; report this".into())));
                }
                tables_out.push(TableCopy {
                    table: t.name.clone(),
                    rows,
                    checksum: sum.hex(),
                });
            }
            Ok(tables_out)
        })
    })
    .map(|tables| Copied {
        from: source.location(),
        to: target.location(),
        tables,
        seconds: started.elapsed().as_secs_f64(),
    })
}

impl Conn {
    /// Runs `f` on one unchanging view of the database (a read transaction; on
    /// PostgreSQL REPEATABLE READ), so a long read sees no half of a later change.
    pub(crate) fn in_snapshot<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        match self.engine() {
            Engine::Sqlite => self.in_transaction(false, true, f),
            Engine::Postgres => self.in_transaction(false, true, |c| {
                c.execute_batch("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
                f(c)
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_tell_kinds_and_order_apart() {
        let sum = |vals: &[Arg<'_>]| {
            let mut s = Sum::new();
            for v in vals {
                s.value(*v);
            }
            s.hex()
        };
        assert_ne!(sum(&[Arg::Int(1)]), sum(&[Arg::Real(1.0)]));
        assert_ne!(sum(&[Arg::Int(1)]), sum(&[Arg::Text("1")]));
        assert_ne!(
            sum(&[Arg::Text("ab"), Arg::Text("c")]),
            sum(&[Arg::Text("a"), Arg::Text("bc")])
        );
        assert_eq!(
            sum(&[Arg::Null, Arg::Int(7)]),
            sum(&[Arg::Null, Arg::Int(7)])
        );
    }
}
