//! The word-index documents the demo load writes, shared by the SQLite path
//! (`demo_load.rs`) and PostgreSQL's COPY (`demo_load/pg.rs`).

/// One document of the ticket word index: its rowid (`search::ticket_doc` or
/// `search::comment_doc`) and its already segmented title and body
/// (`domain::search::index_text_into`, as the triggers index them). On SQLite each
/// may end with a NUL byte that is not part of the text (`IndexDocs::iter_terminated`):
/// SQLite then reads it in place instead of copying it to add one.
#[derive(Debug, Clone, Copy)]
pub struct IndexRow<'a> {
    pub doc: i64,
    pub title: &'a str,
    pub body: &'a str,
}

impl<'a> IndexRow<'a> {
    /// The row without the NUL bytes that may end its title and body.
    pub fn clean(self) -> IndexRow<'a> {
        IndexRow {
            doc: self.doc,
            title: self.title.strip_suffix('\0').unwrap_or(self.title),
            body: self.body.strip_suffix('\0').unwrap_or(self.body),
        }
    }
}
