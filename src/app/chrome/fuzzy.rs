//! Fuzzy ranking for the palette and pickers (nucleo-matcher), Chinese included.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Indices of `items` matching `query`, best first; every index when the query is empty.
/// Ties keep the items' own order.
pub fn rank<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<usize> {
    let query = query.trim();
    if query.is_empty() {
        return (0..items.len()).collect();
    }
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(usize, u32)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            pattern
                .score(Utf32Str::new(s.as_ref(), &mut buf), &mut matcher)
                .map(|score| (i, score))
        })
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_latin_and_chinese() {
        let items = [
            "move  Move the ticket",
            "assign  Assign",
            "李娜 technical",
            "王伟 sales",
        ];
        assert_eq!(rank("mv", &items)[0], 0);
        assert_eq!(rank("李", &items), vec![2]);
        assert_eq!(rank("", &items), vec![0, 1, 2, 3]);
        assert!(rank("zzzz", &items).is_empty());
    }
}
