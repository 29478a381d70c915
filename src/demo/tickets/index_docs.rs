//! The word-index text of a generated ticket, segmented as the triggers would store it.

use crate::domain::search::index_text_into;

/// A ticket's documents in the word index as the triggers would write them: its
/// title and body, then each comment, in rowid order. One string holds all the
/// segmented text (one allocation per ticket while thousands wait to be written).
#[derive(Debug, Clone, Default)]
pub struct IndexDocs {
    pub text: String,
    /// Per document: rowid, and where its title and body end in `text` (the title
    /// starts where the previous document's body ends).
    pub docs: Vec<(i64, usize, usize)>,
}

impl IndexDocs {
    pub fn add(&mut self, doc: i64, title: &str, body: &str) {
        index_text_into(title, &mut self.text);
        let title_end = self.text.len();
        index_text_into(body, &mut self.text);
        self.docs.push((doc, title_end, self.text.len()));
    }

    /// (rowid, title, body) of each document.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &str, &str)> {
        let mut start = 0;
        self.docs.iter().map(move |&(doc, title_end, end)| {
            let title = &self.text[start..title_end];
            let body = &self.text[title_end..end];
            start = end;
            (doc, title, body)
        })
    }
}
