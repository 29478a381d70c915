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

    /// The id bound at `?n`, or the table's next id when it is NULL (SQLite picks one
    /// for a NULL integer primary key by itself).
    pub(crate) fn id_or_next(&self, table: &str, n: usize) -> String {
        match self.engine() {
            Engine::Sqlite => format!("?{n}"),
            Engine::Postgres => format!("COALESCE(?{n}, nextval('{table}_id_seq'))"),
        }
    }

    /// Makes sure the table's next generated id is past `id`, which a row was just
    /// given by hand (PostgreSQL's sequences do not look at the ids in the table).
    pub(crate) fn claim_id(&self, table: &str, id: i64) -> crate::error::Result<()> {
        if self.engine() == Engine::Postgres && id > 0 {
            self.execute(
                &format!(
                    "SELECT setval('{table}_id_seq', GREATEST(?1, (SELECT last_value FROM {table}_id_seq)))"
                ),
                super::params![id],
            )?;
        }
        Ok(())
    }

    /// Moves each id sequence past the largest id in its table, after rows were
    /// loaded with their ids (SQLite needs nothing: it looks at the largest id).
    pub(crate) fn sync_ids(&self) -> crate::error::Result<()> {
        if self.engine() == Engine::Sqlite {
            return Ok(());
        }
        let seqs: Vec<(String, String)> = self.query_map(
            "SELECT s.relname, t.relname FROM pg_class s
             JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
             JOIN pg_class t ON t.oid = d.refobjid
             WHERE s.relkind = 'S' AND t.relnamespace = current_schema()::regnamespace",
            super::params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (seq, table) in seqs {
            let q = super::conn::quote_ident;
            self.execute(
                &format!(
                    "SELECT setval('{seq}', GREATEST((SELECT max(id) FROM {}), 1), (SELECT max(id) FROM {}) IS NOT NULL)",
                    q(&table),
                    q(&table)
                ),
                super::params![],
            )?;
        }
        Ok(())
    }
}
