//! Every table as rows of values, for `export` and for loading an export into an
//! empty database. Generic over the schema: tables added by later migrations are
//! covered without code here. Not exported: `counters` (rebuilt by triggers),
//! `ticket_facts` (rebuilt by `db reindex`), PostgreSQL's `ticket_updates` (kept by
//! triggers) and
//! full-text index tables (virtual tables and their shadow tables on SQLite, the
//! `search_*` tables on PostgreSQL: rebuilt on load), nor PostgreSQL's schema version.

use super::{dyn_params, params, Conn, Value};
use crate::domain::text::CleanText;
use crate::error::{Error, Result};

/// Tables whose content is derived from the others (or is the schema's own).
const DERIVED: &[&str] = &[
    "counters",
    "aftercare_schema",
    "search_tickets",
    "search_customers",
    "search_articles",
    "search_projects",
    "search_dirty",
    "search_words",
    // Rebuilt by `db reindex` (store::dashboard_facts).
    "ticket_facts",
    // PostgreSQL: the tickets' order of last update, kept by triggers (migration 024).
    "ticket_updates",
];

/// A column as declared.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    /// The declared type, upper case (`INTEGER`, `TEXT` …).
    pub decl_type: String,
    /// Position in the primary key (1-based), 0 when not part of it.
    pub pk: i64,
}

impl Column {
    /// Whether the column holds a time as Unix seconds (by the schema's naming rule:
    /// INTEGER columns named `at`, `…_at` or `…_due`).
    pub fn is_time(&self) -> bool {
        self.decl_type == "INTEGER"
            && (self.name == "at" || self.name.ends_with("_at") || self.name.ends_with("_due"))
    }
}

/// A table that is exported, with its columns in declared order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The exported tables, in creation order (parents before the tables that refer to them).
pub fn tables(conn: &Conn) -> Result<Vec<Table>> {
    let all: Vec<(String, String)> = conn.query_map(
        conn.pick(
            "SELECT name, IFNULL(sql, '') FROM sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
            // Creation order: table oids grow as the migrations create them.
            "SELECT c.relname::text, '' FROM pg_class c
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
             ORDER BY c.oid",
        ),
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let virtuals: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| {
            sql.trim_start()
                .to_uppercase()
                .starts_with("CREATE VIRTUAL")
        })
        .map(|(n, _)| n.as_str())
        .collect();
    let mut out = Vec::new();
    for (name, _) in &all {
        let shadow = virtuals.iter().any(|v| {
            name.len() > v.len() && name.starts_with(v) && name[v.len()..].starts_with('_')
        });
        if DERIVED.contains(&name.as_str()) || virtuals.contains(&name.as_str()) || shadow {
            continue;
        }
        out.push(Table {
            name: name.clone(),
            columns: columns(conn, name)?,
        });
    }
    Ok(out)
}

/// The columns of a table, in declared order.
pub fn columns(conn: &Conn, table: &str) -> Result<Vec<Column>> {
    // PostgreSQL's types under SQLite's names, so both describe a table alike.
    conn.query_map(
        conn.pick(
            "SELECT name, upper(type), pk FROM pragma_table_info(?1) ORDER BY cid",
            "SELECT a.attname::text,
                CASE format_type(a.atttypid, NULL)
                    WHEN 'bigint' THEN 'INTEGER' WHEN 'integer' THEN 'INTEGER'
                    WHEN 'double precision' THEN 'REAL' WHEN 'text' THEN 'TEXT'
                    ELSE upper(format_type(a.atttypid, NULL)) END,
                COALESCE((SELECT k.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(att, n)
                          WHERE k.att = a.attnum), 0)
             FROM pg_attribute a
             LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
             WHERE a.attrelid = format('%I', CAST(?1 AS TEXT))::regclass
               AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum",
        ),
        params![table],
        |r| {
            Ok(Column {
                name: r.get(0)?,
                decl_type: r.get(1)?,
                pk: r.get(2)?,
            })
        },
    )
}

/// Calls `f` with every row of `t` (values in column order), in primary-key order.
pub fn for_each_row(
    conn: &Conn,
    t: &Table,
    mut f: impl FnMut(Vec<Value>) -> Result<()>,
) -> Result<usize> {
    let cols: Vec<String> = t.columns.iter().map(|c| quote(&c.name)).collect();
    let mut pk: Vec<&Column> = t.columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    let order = if pk.is_empty() {
        conn.pick("rowid", &cols.join(", ")).to_string()
    } else {
        pk.iter()
            .map(|c| quote(&c.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {order}",
        cols.join(", "),
        quote(&t.name)
    );
    conn.query_each(&sql, params![], |r| {
        let vals = (0..cols.len())
            .map(|i| r.get::<Value>(i))
            .collect::<Result<Vec<_>>>()?;
        f(vals)
    })
}

/// Tables that hold rows, with their counts (a restore needs none).
pub fn non_empty(conn: &Conn) -> Result<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for t in tables(conn)? {
        let n: i64 = conn.one(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} LIMIT 1) AS one",
                quote(&t.name)
            ),
            params![],
        )?;
        if n > 0 {
            out.push((t.name, n));
        }
    }
    Ok(out)
}

/// Inserts one row with the given columns (ids included, so they stay the same).
/// Text written by another program goes through [`CleanText`] like any other.
pub fn insert_row(conn: &Conn, table: &str, columns: &[String], values: &[Value]) -> Result<()> {
    let values: Vec<Value> = values
        .iter()
        .map(|v| match v {
            Value::Text(s) => Value::Text(CleanText::new(s).into_string()),
            other => other.clone(),
        })
        .collect();
    let cols: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote(table),
        cols.join(", "),
        marks.join(", ")
    );
    conn.execute(&sql, &dyn_params(&values))
        .map_err(|e| Error::invalid(
            format!("cannot load a row into '{table}': {e}"),
            "load an export only into a new, empty database (aftercare --db NEW.db import json FILE)",
        ))?;
    Ok(())
}

/// Postpones foreign-key checks to the end of the transaction (rows load table by table).
pub fn defer_foreign_keys(conn: &Conn) -> Result<()> {
    conn.execute_batch(conn.pick(
        "PRAGMA defer_foreign_keys = ON",
        "SET CONSTRAINTS ALL DEFERRED",
    ))
}
