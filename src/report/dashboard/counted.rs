//! A count and the filter text that lists exactly its tickets.

use serde::Serialize;

/// A filter value, quoted when it holds a space.
pub fn quoted(v: &str) -> String {
    if v.chars().any(char::is_whitespace) {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

/// Filter text from terms (each may hold several), skipping empty and repeated ones.
pub fn filter_of(terms: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in terms.iter().flat_map(|t| split_terms(t)) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(" ")
}

/// The terms of filter text: split at spaces outside quotes.
fn split_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A number of tickets and the filter that lists exactly them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub n: i64,
    pub filter: String,
}

impl Counted {
    /// `n` tickets, listed by the filter made of `terms`.
    pub fn new(n: i64, terms: &[&str]) -> Counted {
        Counted {
            n,
            filter: filter_of(terms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_text_skips_repeats_and_keeps_quotes() {
        assert_eq!(
            filter_of(&[
                "created:2026-11-01 type:x",
                "",
                "type:x",
                "assignee:=\"Li Na\""
            ]),
            "created:2026-11-01 type:x assignee:=\"Li Na\""
        );
        assert_eq!(quoted("Li Na"), "\"Li Na\"");
    }
}
