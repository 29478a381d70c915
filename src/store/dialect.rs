//! SQL that SQLite and PostgreSQL spell differently, as small pieces the table-group
//! files put into otherwise shared statements. Each piece shows both spellings.

use super::{Conn, Engine};

impl Conn {
    /// A subquery over the integers of a JSON array bound at `?n` (`[1,2,3]`).
    pub(crate) fn json_ints(&self, n: usize) -> String {
        match self.engine() {
            Engine::Sqlite => format!("SELECT value FROM json_each(?{n})"),
            Engine::Postgres => {
                format!("SELECT jsonb_array_elements_text(CAST(?{n} AS TEXT)::jsonb)::bigint")
            }
        }
    }

    /// A subquery over the strings of a JSON array bound at `?n` (`["a","b"]`).
    pub(crate) fn json_texts(&self, n: usize) -> String {
        match self.engine() {
            Engine::Sqlite => format!("SELECT value FROM json_each(?{n})"),
            Engine::Postgres => {
                format!("SELECT jsonb_array_elements_text(CAST(?{n} AS TEXT)::jsonb)")
            }
        }
    }

    /// Case-insensitive (ASCII only) pattern match: SQLite's LIKE is, PostgreSQL's
    /// ILIKE is on the schema's "C"-collated text.
    pub(crate) fn like(&self) -> &'static str {
        self.pick("LIKE", "ILIKE")
    }

    /// `col` equal to the text at `?n`, ignoring ASCII case (SQLite's NOCASE).
    pub(crate) fn nocase_eq(&self, col: &str, n: usize) -> String {
        match self.engine() {
            Engine::Sqlite => format!("{col} = ?{n} COLLATE NOCASE"),
            Engine::Postgres => format!("lower({col}) = lower(?{n})"),
        }
    }
}
