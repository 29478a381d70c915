//! CSV that is safe to open in a spreadsheet: every cell cleaned of terminal escapes,
//! cells a spreadsheet would run as a formula (leading `= + - @`, tab, CR) prefixed
//! with `'` as OWASP recommends, and quoting as RFC 4180 says. `Raw` keeps formulas
//! as they are, for scripts (`--csv-raw`). Every path that writes CSV goes through here.

use std::borrow::Cow;
use std::io::Write;

/// Whether formula-like cells are neutralised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvMode {
    /// A leading `'` on cells a spreadsheet would evaluate.
    #[default]
    Safe,
    /// Cells as they are (still cleaned of escape sequences).
    Raw,
}

/// Whether a spreadsheet would take `s` for a formula (or a DDE call).
fn formula_like(s: &str) -> bool {
    match s.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        // A plain number such as -5 or +3.25 is a number, not a formula.
        Some('+' | '-') => !is_plain_number(&s[1..]),
        _ => false,
    }
}

fn is_plain_number(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// One cell as written: escape sequences removed and, in `Safe` mode, a formula
/// turned into text.
pub fn cell(s: &str, mode: CsvMode) -> Cow<'_, str> {
    let clean = crate::domain::text::clean(s);
    // Judged before cleaning too: cleaning turns a leading CR into a newline.
    if mode == CsvMode::Safe && (formula_like(s) || formula_like(&clean)) {
        return Cow::Owned(format!("'{clean}"));
    }
    clean
}

/// A CSV writer over `W` that writes every cell through [`cell`].
pub struct CsvOut<W: Write> {
    w: csv::Writer<W>,
    mode: CsvMode,
}

impl<W: Write> CsvOut<W> {
    /// A writer in `mode`.
    pub fn new(w: W, mode: CsvMode) -> Self {
        CsvOut {
            w: csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Necessary)
                .from_writer(w),
            mode,
        }
    }

    /// Writes one record.
    pub fn row<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mode = self.mode;
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| cell(c.as_ref(), mode).into_owned())
            .collect();
        self.w
            .write_record(&cells)
            .map_err(|e| match e.into_kind() {
                // The OS error itself, so its cause (a full disk …) is known.
                csv::ErrorKind::Io(io) => io,
                other => std::io::Error::other(format!("{other:?}")),
            })
    }

    /// Flushes and returns the inner writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

/// A whole CSV document: a header row, then the rows.
pub fn document<R, S>(headers: &[&str], rows: R, mode: CsvMode) -> std::io::Result<String>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = CsvOut::new(Vec::new(), mode);
    out.row(headers)?;
    for r in rows {
        out.row(r)?;
    }
    let bytes = out.finish()?;
    // Every cell was a &str, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for bad in [
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\r=1",
        ] {
            let c = cell(bad, CsvMode::Safe);
            assert!(c.starts_with('\''), "{bad:?} → {c:?}");
            assert!(!formula_like(&c));
        }
        for fine in ["-5", "+3.25", "0.5", "打印机", "a=b", ""] {
            assert_eq!(cell(fine, CsvMode::Safe), fine);
        }
        assert_eq!(cell("=1+1", CsvMode::Raw), "=1+1");
    }

    #[test]
    fn quotes_as_rfc_4180_and_removes_escapes() {
        let doc = document(
            &["a", "b"],
            [
                vec!["x,y", "say \"hi\""],
                vec!["two\nlines", "\u{1b}[31mred"],
            ],
            CsvMode::Safe,
        )
        .unwrap();
        assert_eq!(doc, "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",red\n");
    }
}
