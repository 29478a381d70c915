//! What imports produce: attachments recorded by name and size, and run summaries.

use std::collections::BTreeMap;

/// An attachment of an imported mail: its name, size and type, not its content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attachment {
    pub id: i64,
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub filename: String,
    pub size: i64,
    pub content_type: Option<String>,
    pub created_at: i64,
}

/// One input item that was not imported, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Where it was: `file`, `file:line` (mbox) or `file row N` (csv).
    pub origin: String,
    /// A short reason shared by items skipped for the same cause (grouped in summaries).
    pub reason: String,
    /// Details for this item (the bad value …), may be empty.
    pub detail: String,
}

/// The outcome of one import run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportSummary {
    /// eml, mbox, maildir, csv or json.
    pub kind: String,
    pub source: String,
    /// Items read (mails or rows), including skipped and duplicates.
    pub read: usize,
    /// Ids of the tickets created.
    pub tickets: Vec<i64>,
    /// Mails threaded onto an existing ticket as comments.
    pub replies: usize,
    /// Items imported before (same Message-ID, content or row key): nothing done.
    pub duplicates: usize,
    pub skipped: Vec<Skipped>,
    pub customers_created: usize,
    pub attachments: usize,
    /// Delivery reports about our own mail: the message marked failed, noted on its ticket.
    pub bounces: usize,
    /// Nothing was saved.
    pub dry_run: bool,
}

impl ImportSummary {
    /// Skipped items counted per reason, in reason order.
    pub fn skipped_by_reason(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for s in &self.skipped {
            *m.entry(s.reason.clone()).or_insert(0) += 1;
        }
        m
    }

    /// Whether the run changed anything (or would have, for a dry run).
    pub fn changed_anything(&self) -> bool {
        !self.tickets.is_empty() || self.replies > 0 || self.bounces > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_skips_by_reason() {
        let s = |r: &str| Skipped {
            origin: "x".into(),
            reason: r.into(),
            detail: String::new(),
        };
        let sum = ImportSummary {
            skipped: vec![s("b"), s("a"), s("b")],
            ..Default::default()
        };
        let g: Vec<_> = sum.skipped_by_reason().into_iter().collect();
        assert_eq!(g, vec![("a".to_string(), 1), ("b".to_string(), 2)]);
        assert!(!sum.changed_anything());
    }
}
