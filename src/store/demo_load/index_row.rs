//! The word-index documents the demo load writes, shared by the SQLite path
//! (`demo_load.rs`) and PostgreSQL's COPY (`demo_load/pg.rs`).

/// One document of the ticket word index: its rowid (`search::ticket_doc` or
/// `search::comment_doc`) and its already segmented title and body
/// (`domain::search::index_text_into`, as the triggers index them).
#[derive(Debug, Clone, Copy)]
pub struct IndexRow<'a> {
    pub doc: i64,
    pub title: &'a str,
    pub body: &'a str,
}
