//! Printing records as an aligned table, JSON or CSV.

use crate::cli::Format;
use crate::csv_out::CsvMode;
use crate::domain::text::{one_line, pad, width};
use crate::error::Result;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

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
            return write_stdout(&(serde_json::to_string_pretty(&arr).unwrap_or_default() + "\n"));
        }
        Format::Csv => csv_text(&T::headers(), items.iter().map(Record::cells))?,
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
        Format::Json => write_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&item.json()).unwrap_or_default()
        )),
        Format::Csv => emit(&csv_text(&T::headers(), std::iter::once(item.cells()))?),
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
    // JSON escapes control characters itself; other text is data, kept as it is.
    write_stdout(&format!(
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

/// Whether `--csv-raw` was given: set once from the command line, before anything prints.
static CSV_RAW: AtomicBool = AtomicBool::new(false);

/// Turns spreadsheet-safe CSV cells off (`--csv-raw`) or on.
pub fn set_csv_raw(raw: bool) {
    CSV_RAW.store(raw, Ordering::Relaxed);
}

/// How CSV cells are written: neutralised for spreadsheets unless `--csv-raw`.
pub fn csv_mode() -> CsvMode {
    if CSV_RAW.load(Ordering::Relaxed) {
        CsvMode::Raw
    } else {
        CsvMode::Safe
    }
}

/// A CSV document: header row, then rows (cells cleaned and, unless raw, neutralised).
pub fn csv_text<R, S>(headers: &[&str], rows: R) -> Result<String>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Ok(crate::csv_out::document(headers, rows, csv_mode())?)
}

/// Prints rows as CSV.
pub fn csv<R, S>(headers: &[&str], rows: R) -> Result<()>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    emit(&csv_text(headers, rows)?)
}

/// Prints text for people: whatever stored text it holds, escape sequences and
/// control characters are removed first (the terminal boundary).
pub fn emit(text: &str) -> Result<()> {
    write_stdout(&crate::domain::text::clean(text))
}

/// Writes to stdout as it is; a closed pipe (`| head`) ends quietly.
fn write_stdout(text: &str) -> Result<()> {
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
pub fn csv_table(headers: &[&str], rows: &[Vec<String>]) -> Result<String> {
    csv_text(headers, rows.iter().cloned())
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub(crate) fn progress_bar(what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(0);
    pb.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb.set_message(what.to_string());
    pb
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
        let t = csv_text(&["a", "b"], vec![vec!["x,y".to_string(), "中".into()]]).unwrap();
        assert_eq!(t, "a,b\n\"x,y\",中\n");
    }
}
