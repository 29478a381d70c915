//! `export json|csv` of every table, and loading an export into an empty database
//! (same ids, same values: export → import → export gives the same document).
//!
//! Covered: every table of the schema, including those added by later migrations,
//! except derived ones (`counters`, rebuilt by triggers; the full-text index tables,
//! rebuilt once after the rows load). Times (INTEGER columns named `at`,
//! `…_at`, `…_due`) are written as RFC 3339 and read back to Unix seconds.

use super::Desk;
use crate::csv_out::{CsvMode, CsvOut};
use crate::error::{Error, IoAction, IoContext, Result};
use crate::store::exchange::{self as ex, Table};
use crate::store::Conn;
use crate::store::Value;
use crate::store::LATEST_VERSION;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The `format` field of an export document.
pub const EXPORT_FORMAT: &str = "aftercare-export";

/// Rows per table written or loaded.
pub type Counts = BTreeMap<String, usize>;

fn to_json(col: &ex::Column, v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) if col.is_time() && (0..=253_402_300_799).contains(&i) => {
            Json::String(crate::domain::time::rfc3339(i))
        }
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => serde_json::Number::from_f64(f)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Text(s) => Json::String(s),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({ "blob_hex": hex })
        }
    }
}

fn to_cell(col: &ex::Column, v: Value) -> String {
    match to_json(col, v) {
        Json::Null => String::new(),
        Json::String(s) => s,
        other => other.to_string(),
    }
}

fn from_json(table: &str, col: &ex::Column, v: &Json) -> Result<Value> {
    let bad = |what: &str| {
        Error::invalid(
            format!("table '{table}', column '{}': {what}", col.name),
            "load a file written by aftercare export json",
        )
    };
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or_else(|| bad("a number out of range"))?),
        },
        Json::String(s) if col.is_time() => Value::Integer(
            chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| bad(&format!("'{s}' is not an RFC 3339 time")))?
                .timestamp(),
        ),
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) => match o.get("blob_hex").and_then(Json::as_str) {
            Some(h) if h.len() % 2 == 0 => Value::Blob(
                (0..h.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&h[i..i + 2], 16))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| bad("bad blob_hex"))?,
            ),
            _ => return Err(bad("an object that is not {\"blob_hex\": …}")),
        },
        Json::Array(_) => return Err(bad("a list where a value was expected")),
    })
}

impl Desk {
    /// Writes one JSON document with every table to `out`; returns rows per table.
    pub fn export_json(&self, out: &mut dyn Write) -> Result<Counts> {
        let c = self.store.conn();
        let tables = ex::tables(c)?;
        let head = serde_json::json!({
            "format": EXPORT_FORMAT,
            "format_version": 1,
            "schema_version": LATEST_VERSION,
            "exported_at": crate::domain::time::rfc3339(self.now()),
        });
        let head = serde_json::to_string(&head).unwrap_or_default();
        // The header's fields, then "tables" streamed row by row (a million tickets
        // never sit in memory at once).
        write!(out, "{},\n\"tables\": {{", head.trim_end_matches('}'))?;
        let mut counts = Counts::new();
        for (ti, t) in tables.iter().enumerate() {
            let name = serde_json::to_string(&t.name).unwrap_or_default();
            write!(out, "{}\n{name}: [", if ti > 0 { "," } else { "" })?;
            let mut first = true;
            let n = ex::for_each_row(c, t, |vals| {
                let mut obj = Map::new();
                for (col, v) in t.columns.iter().zip(vals) {
                    obj.insert(col.name.clone(), to_json(col, v));
                }
                let line = serde_json::to_string(&Json::Object(obj)).unwrap_or_default();
                write!(out, "{}\n  {line}", if first { "" } else { "," })?;
                first = false;
                Ok(())
            })?;
            write!(out, "{}]", if n > 0 { "\n" } else { "" })?;
            counts.insert(t.name.clone(), n);
        }
        writeln!(out, "\n}}}}")?;
        out.flush()?;
        Ok(counts)
    }

    /// Writes one CSV file per table into `dir` (created 0700 if missing; each file
    /// 0600), cells neutralised for spreadsheets unless `mode` is raw.
    pub fn export_csv(&self, dir: &Path, mode: CsvMode) -> Result<Counts> {
        crate::files::create_private_dir_all(dir).at(IoAction::CreateDir, dir)?;
        let c = self.store.conn();
        let mut counts = Counts::new();
        for t in ex::tables(c)? {
            let path = dir.join(format!("{}.csv", t.name));
            let n = crate::files::write_private(&path, |w| {
                let mut out = CsvOut::new(w, mode);
                let headers: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
                out.row(&headers).at(IoAction::Write, &path)?;
                let n = ex::for_each_row(c, &t, |vals| {
                    let cells = t.columns.iter().zip(vals).map(|(col, v)| to_cell(col, v));
                    out.row(cells).at(IoAction::Write, &path)
                })?;
                out.finish().at(IoAction::Write, &path)?;
                Ok(n)
            })?;
            counts.insert(t.name.clone(), n);
        }
        Ok(counts)
    }

    /// Loads an export document into this database, which must be empty.
    pub fn restore_export(&mut self, doc: &Json) -> Result<Counts> {
        let version = doc
            .get("schema_version")
            .and_then(Json::as_i64)
            .unwrap_or(0);
        if version > LATEST_VERSION {
            return Err(Error::invalid(
                format!("the export has schema version {version}, newer than this aftercare ({LATEST_VERSION})"),
                "load it with the aftercare version that wrote it, or a newer one",
            ));
        }
        let Some(data) = doc.get("tables").and_then(Json::as_object) else {
            return Err(Error::invalid(
                "the export has no \"tables\" object",
                "load a file written by aftercare export json",
            ));
        };
        let full = ex::non_empty(self.store.conn())?;
        if !full.is_empty() {
            let list: Vec<String> = full.iter().map(|(t, _)| t.clone()).collect();
            return Err(Error::invalid(
                format!("the database is not empty (it has {})", list.join(", ")),
                "load an export into a new database: aftercare --db NEW.db import json FILE",
            ));
        }
        let tables = ex::tables(self.store.conn())?;
        if let Some(unknown) = data.keys().find(|k| !tables.iter().any(|t| &t.name == *k)) {
            return Err(Error::invalid(
                format!("the export has a table '{unknown}' this database does not know"),
                "load it with the aftercare version that wrote it, or a newer one",
            ));
        }
        self.store.write(|c| {
            ex::defer_foreign_keys(c)?;
            // The word index is rebuilt once at the end, not row by row.
            crate::store::search::begin_bulk(c)?;
            let mut counts = Counts::new();
            for t in &tables {
                let rows = match data.get(&t.name) {
                    Some(Json::Array(rows)) => rows,
                    Some(_) => {
                        return Err(Error::invalid(
                            format!("table '{}' in the export is not a list of rows", t.name),
                            "load a file written by aftercare export json",
                        ))
                    }
                    None => continue,
                };
                for row in rows {
                    load_row(c, t, row)?;
                }
                counts.insert(t.name.clone(), rows.len());
            }
            crate::store::search::finish_bulk(c, &mut |_, _| {})?;
            Ok(counts)
        })
    }
}

fn load_row(c: &Conn, t: &Table, row: &Json) -> Result<()> {
    let Some(obj) = row.as_object() else {
        return Err(Error::invalid(
            format!("a row of table '{}' is not an object", t.name),
            "load a file written by aftercare export json",
        ));
    };
    let mut names = Vec::with_capacity(obj.len());
    let mut vals = Vec::with_capacity(obj.len());
    for (k, v) in obj {
        let col = t.columns.iter().find(|c| &c.name == k).ok_or_else(|| {
            Error::invalid(
                format!("table '{}' has no column '{k}'", t.name),
                "load it with the aftercare version that wrote it, or a newer one",
            )
        })?;
        names.push(k.clone());
        vals.push(from_json(&t.name, col, v)?);
    }
    ex::insert_row(c, &t.name, &names, &vals)
}
