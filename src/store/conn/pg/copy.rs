//! Bulk loads into PostgreSQL: rows streamed into `COPY … FROM STDIN` in the text
//! format, one line per row, escaped here.

use super::PgConn;
use crate::error::{Error, Result};
use crate::store::value::Arg;

impl PgConn {
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
        let filled = fill(&mut |row: &[Arg<'_>]| {
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
        });
        if let Some(e) = io_err {
            // The server stopped the COPY: its own reason comes with the end of it.
            if let Err(why) = w.finish() {
                return Err(why.into());
            }
            return Err(Error::msg(format!("COPY to the server failed: {e}")));
        }
        filled?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
