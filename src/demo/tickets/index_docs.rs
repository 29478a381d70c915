//! The word-index text of a generated ticket, segmented as the triggers would store it.

use crate::domain::search::index_text_into;

/// A ticket's documents in the word index as the triggers would write them: its
/// title and body, then each comment, in rowid order. One string holds all the
/// segmented text (one allocation per ticket while thousands wait to be written),
/// each title and body followed by a NUL byte, so that SQLite can take every one of
/// them in place as a C string (`iter_terminated`; segmented text has no NUL).
#[derive(Debug, Clone, Default)]
pub struct IndexDocs {
    pub text: String,
    /// Per document: rowid, and where its title and body end in `text` (each
    /// followed by its NUL; the title starts after the previous body's NUL).
    pub docs: Vec<(i64, usize, usize)>,
}

impl IndexDocs {
    pub fn add(&mut self, doc: i64, title: &str, body: &str) {
        index_text_into(title, &mut self.text);
        let title_end = self.text.len();
        self.text.push('\0');
        index_text_into(body, &mut self.text);
        self.docs.push((doc, title_end, self.text.len()));
        self.text.push('\0');
    }

    /// (rowid, title, body) of each document.
    pub fn iter(&self) -> impl Iterator<Item = (i64, &str, &str)> {
        self.iter_terminated()
            .map(|(doc, title, body)| (doc, &title[..title.len() - 1], &body[..body.len() - 1]))
    }

    /// (rowid, title, body) of each document, title and body each with its NUL.
    pub fn iter_terminated(&self) -> impl Iterator<Item = (i64, &str, &str)> {
        let mut start = 0;
        self.docs.iter().map(move |&(doc, title_end, end)| {
            let title = &self.text[start..=title_end];
            let body = &self.text[title_end + 1..=end];
            start = end + 1;
            (doc, title, body)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each title and body comes once without its NUL, exactly as the texts were
    /// appended to one another before the NULs (the separating spaces included),
    /// and once with it.
    #[test]
    fn documents_come_with_and_without_their_nul() {
        let docs = [
            (10, "打印机 Printer", "卡纸了"),
            (11, "", "second body"),
            (12, "", ""),
        ];
        let mut d = IndexDocs::default();
        let mut joined = String::new();
        let mut expected = Vec::new();
        for (n, title, body) in docs {
            d.add(n, title, body);
            let start = joined.len();
            index_text_into(title, &mut joined);
            let title_end = joined.len();
            index_text_into(body, &mut joined);
            expected.push((
                n,
                joined[start..title_end].to_string(),
                joined[title_end..].to_string(),
            ));
        }
        let clean: Vec<(i64, String, String)> = d
            .iter()
            .map(|(n, t, b)| (n, t.to_string(), b.to_string()))
            .collect();
        assert_eq!(clean, expected);
        for ((n, t, b), (m, tz, bz)) in d.iter().zip(d.iter_terminated()) {
            assert_eq!(n, m);
            assert_eq!(format!("{t}\0"), tz);
            assert_eq!(format!("{b}\0"), bz);
        }
    }
}
