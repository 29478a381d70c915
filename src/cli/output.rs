//! Printing records as an aligned table, JSON or CSV.

use crate::cli::Format;
use crate::domain::text::{one_line, pad, width};
use crate::error::Result;
use serde_json::Value;
use std::io::Write;

/// Something printable as a row (lists) or as fields (show).
pub trait Record {
    /// Column names for table and CSV output.
    fn headers() -> Vec<&'static str>;
    /// Cell texts, in header order.
    fn cells(&self) -> Vec<String>;
    /// The JSON object with stable snake_case keys.
    fn json(&self) -> Value;
}

/// Widest a table column gets before it is truncated.
const MAX_COL: usize = 48;

/// Prints a list of records.
pub fn list<T: Record>(format: Format, items: &[T]) -> Result<()> {
    let out = match format {
        Format::Json => {
            let arr: Vec<Value> = items.iter().map(Record::json).collect();
            serde_json::to_string_pretty(&arr).unwrap_or_default() + "\n"
        }
        Format::Csv => csv_text(&T::headers(), items.iter().map(Record::cells)),
        Format::Table | Format::Md | Format::Html => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|r| r.cells().iter().map(|c| one_line(c)).collect())
                .collect();
            table(&T::headers(), &rows)
        }
    };
    emit(&out)
}

/// Prints one record: fields one per line (table), an object (JSON) or a one-row CSV.
pub fn one<T: Record>(format: Format, item: &T) -> Result<()> {
    match format {
        Format::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&item.json()).unwrap_or_default()
        )),
        Format::Csv => emit(&csv_text(&T::headers(), std::iter::once(item.cells()))),
        Format::Table | Format::Md | Format::Html => {
            let headers = T::headers();
            let w = headers.iter().map(|h| width(h)).max().unwrap_or(0);
            let mut out = String::new();
            for (h, c) in headers.iter().zip(item.cells()) {
                out.push_str(&format!("{}  {}\n", pad(h, w), one_line(&c)));
            }
            emit(&out)
        }
    }
}

/// Prints a JSON value as a document.
pub fn json(value: &Value) -> Result<()> {
    emit(&format!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    ))
}

/// Aligned columns, widths by display width (CJK counts two).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(width(c).min(MAX_COL));
            }
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(&crate::domain::text::truncate(c, widths[i]));
            } else {
                s.push_str(&pad(c, widths[i]));
                s.push_str("  ");
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&headers.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>());
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

fn csv_text(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(headers);
    for r in rows {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
pub fn emit(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A JSON timestamp: RFC 3339 with offset, or null.
pub fn ts(secs: Option<i64>) -> Value {
    secs.map(|s| Value::String(crate::domain::time::rfc3339(s)))
        .unwrap_or(Value::Null)
}

/// A table day: YYYY-MM-DD, or empty.
pub fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A table timestamp: short local time, or empty.
pub fn short(secs: Option<i64>) -> String {
    secs.map(crate::domain::time::short).unwrap_or_default()
}

/// CSV text of a table with a header row.
pub fn csv_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    csv_text(headers, rows.iter().cloned())
}

/// Writes a new file that may hold customer data: created only if it does not
/// exist yet (never overwriting), readable by the owner alone (0600).
pub fn write_new_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use crate::error::Error;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let shown = path.display();
    let mut file = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::invalid(
            format!("'{shown}' already exists"),
            "choose a new file name, or remove the old file first",
        ),
        _ => Error::Io(format!("cannot create '{shown}': {e}")),
    })?;
    let written = file.write_all(bytes).and_then(|_| file.sync_all());
    if let Err(e) = written {
        // Leave no half-written report behind.
        let _ = std::fs::remove_file(path);
        return Err(Error::Io(format!("cannot write '{shown}': {e}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_wide_characters() {
        let t = table(
            &["id", "title"],
            &[
                vec!["1".into(), "打印机卡纸".into()],
                vec!["22".into(), "jam".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "ID  TITLE");
        assert_eq!(lines[1], "1   打印机卡纸");
        assert_eq!(lines[2], "22  jam");
    }

    #[test]
    fn csv_quotes_commas() {
        let t = csv_text(
            &["a", "b"],
            vec![vec!["x,y".to_string(), "中".into()]].into_iter(),
        );
        assert_eq!(t, "a,b\n\"x,y\",中\n");
    }
}
