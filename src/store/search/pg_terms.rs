//! A ticket search's tsquery literal as a tree of its terms, and how many index rows
//! it matches at most, from the planner's estimate for each term (migration 023's
//! `ac_term_rows`): what the block walk (`pg_window.rs`) sizes its first blocks by.

/// A tsquery literal as `pg_text::tsquery` writes it (and `pg_window::expand`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// One item as written, quotes and suffix included (`'税发'`, `'printer':*`,
    /// `'acme':*A`): a tsquery of its own.
    Term(String),
    /// `!x`: bounds nothing.
    Not(Box<Node>),
    /// `a & b` and `a <-> b`: every part must match.
    All(Vec<Node>),
    /// `a | b`.
    Any(Vec<Node>),
}

impl Node {
    /// The distinct terms, in order of first appearance.
    pub(super) fn terms(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.each_term(&mut |t| {
            if !out.contains(&t) {
                out.push(t);
            }
        });
        out
    }

    fn each_term<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        match self {
            Node::Term(t) => f(t),
            Node::Not(x) => x.each_term(f),
            Node::All(xs) | Node::Any(xs) => xs.iter().for_each(|x| x.each_term(f)),
        }
    }

    /// At most how many rows match, given each term's rows (None: no bound). A
    /// phrase or an AND matches at most what its rarest part matches — not the
    /// product of the parts' frequencies, which would take them as independent,
    /// and the bigrams of one Chinese word come together (`增值税发票`'s four
    /// bigrams: 14,082, 14,082, 7,066 and 104,673 rows; the phrase 7,066).
    pub(super) fn rows(&self, term_rows: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        match self {
            Node::Term(t) => term_rows(t),
            Node::Not(_) => None,
            Node::All(xs) => xs
                .iter()
                .filter_map(|x| x.rows(term_rows))
                .min_by(f64::total_cmp),
            Node::Any(xs) => xs.iter().map(|x| x.rows(term_rows)).sum(),
        }
    }
}

/// A required term estimated at more than this many times the rarest one is left
/// out of the GIN condition (`rare_condition`).
const COMMON: f64 = 4.0;

impl Node {
    /// The parts every match holds: an AND's and a phrase's parts, flattened.
    fn required<'a>(&'a self, out: &mut Vec<&'a Node>) {
        match self {
            Node::All(xs) => xs.iter().for_each(|x| x.required(out)),
            Node::Not(_) => {}
            other => out.push(other),
        }
    }

    /// A narrower GIN condition for the block walk: the query's required exact
    /// terms without those estimated at more than `COMMON` times the rarest, the
    /// whole query then tested on the rows found. `增值税发票`: `'增值' & '值税' &
    /// '税发'` without `'发票'` (104,673 rows: every scan would walk its postings to
    /// intersect them, and they add nothing the rare ones do not). None when no
    /// term would be left out, or a required part is not an exact term with an
    /// estimate (a prefix, an OR): the whole query stays the condition.
    pub(super) fn rare_condition(&self, term_rows: &dyn Fn(&str) -> Option<f64>) -> Option<String> {
        let mut parts = Vec::new();
        self.required(&mut parts);
        let mut est = Vec::with_capacity(parts.len());
        for p in &parts {
            match p {
                Node::Term(t) if !t.contains(":*") => est.push((t.as_str(), term_rows(t)?)),
                _ => return None,
            }
        }
        let rarest = est.iter().map(|(_, r)| *r).min_by(f64::total_cmp)?;
        let mut kept: Vec<&str> = Vec::new();
        for (t, r) in &est {
            if *r <= rarest.max(1.0) * COMMON && !kept.contains(t) {
                kept.push(t);
            }
        }
        let left_out = est.iter().any(|(t, _)| !kept.contains(t));
        left_out.then(|| kept.join(" & "))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Term(String),
    Open,
    Close,
    Not,
    And,
    Or,
    Follows,
}

fn lex(lit: &str) -> Option<Vec<Tok>> {
    let b = lit.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' => i += 1,
            c @ (b'(' | b')' | b'!' | b'&' | b'|') => {
                out.push(match c {
                    b'(' => Tok::Open,
                    b')' => Tok::Close,
                    b'!' => Tok::Not,
                    b'&' => Tok::And,
                    _ => Tok::Or,
                });
                i += 1;
            }
            // `<->` or `<N>`: both keep the parts' words.
            b'<' => {
                let end = lit[i..].find('>')? + i;
                out.push(Tok::Follows);
                i = end + 1;
            }
            b'\'' => {
                let start = i;
                i += 1;
                loop {
                    match b.get(i)? {
                        b'\'' if b.get(i + 1) == Some(&b'\'') => i += 2,
                        b'\'' => break,
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
                i += 1;
                // The suffix: `:*`, weights, or both.
                if b.get(i) == Some(&b':') {
                    i += 1;
                    while b
                        .get(i)
                        .is_some_and(|c| *c == b'*' || c.is_ascii_alphabetic())
                    {
                        i += 1;
                    }
                }
                out.push(Tok::Term(lit[start..i].to_string()));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Parses a tsquery literal with the server's precedence (`!` over `<->` over `&`
/// over `|`); None for text it does not write.
pub(super) fn parse(lit: &str) -> Option<Node> {
    let toks = lex(lit)?;
    let mut at = 0;
    let node = or(&toks, &mut at)?;
    (at == toks.len()).then_some(node)
}

fn or(t: &[Tok], at: &mut usize) -> Option<Node> {
    let mut parts = vec![and(t, at)?];
    while t.get(*at) == Some(&Tok::Or) {
        *at += 1;
        parts.push(and(t, at)?);
    }
    Some(one_or(parts, Node::Any))
}

fn and(t: &[Tok], at: &mut usize) -> Option<Node> {
    let mut parts = vec![phrase(t, at)?];
    while t.get(*at) == Some(&Tok::And) {
        *at += 1;
        parts.push(phrase(t, at)?);
    }
    Some(one_or(parts, Node::All))
}

fn phrase(t: &[Tok], at: &mut usize) -> Option<Node> {
    let mut parts = vec![unary(t, at)?];
    while t.get(*at) == Some(&Tok::Follows) {
        *at += 1;
        parts.push(unary(t, at)?);
    }
    Some(one_or(parts, Node::All))
}

fn unary(t: &[Tok], at: &mut usize) -> Option<Node> {
    let tok = t.get(*at)?.clone();
    *at += 1;
    match tok {
        Tok::Not => Some(Node::Not(Box::new(unary(t, at)?))),
        Tok::Open => {
            let inner = or(t, at)?;
            (t.get(*at) == Some(&Tok::Close)).then(|| *at += 1)?;
            Some(inner)
        }
        Tok::Term(s) => Some(Node::Term(s)),
        _ => None,
    }
}

fn one_or(mut parts: Vec<Node>, many: fn(Vec<Node>) -> Node) -> Node {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        many(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::TextQuery;

    fn term(s: &str) -> Node {
        Node::Term(s.to_string())
    }

    #[test]
    fn literals_parse_with_the_servers_precedence() {
        assert_eq!(
            parse("'增值' <-> '值税' <-> '税发' <-> '发票'"),
            Some(Node::All(vec![
                term("'增值'"),
                term("'值税'"),
                term("'税发'"),
                term("'发票'")
            ]))
        );
        // `!` binds tightest, then `<->`, then `&`, then `|`.
        assert_eq!(
            parse("'a' | 'b' & !'c' <-> 'd'"),
            Some(Node::Any(vec![
                term("'a'"),
                Node::All(vec![
                    term("'b'"),
                    Node::All(vec![Node::Not(Box::new(term("'c'"))), term("'d'")])
                ])
            ]))
        );
        assert_eq!(
            parse("('it''s':*A | 'x\\\\y') <2> 'jam':*").map(|n| n
                .terms()
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()),
            Some(vec![
                "'it''s':*A".into(),
                "'x\\\\y'".into(),
                "'jam':*".into()
            ])
        );
        for bad in ["'a' &", "('a'", "'a')", "'unclosed", "a", "'a' <- 'b'"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        // What the search writes for its queries parses, and names each term once.
        for text in [
            "退款",
            "增值税发票",
            "打印机 jam",
            "printer -jams",
            "\"printer jam\" 退",
        ] {
            let fts = TextQuery::parse(text).fts().unwrap();
            let lit = crate::store::search::pg_text::tsquery(&fts).unwrap();
            let node = parse(&lit).unwrap_or_else(|| panic!("{lit}"));
            let terms = node.terms();
            let mut distinct = terms.clone();
            distinct.dedup();
            assert!(!terms.is_empty() && terms.len() == distinct.len(), "{lit}");
        }
    }

    #[test]
    fn the_gin_condition_leaves_out_the_common_required_terms() {
        let rows = |t: &str| match t {
            "'增值'" | "'值税'" => Some(5_014.0),
            "'税发'" => Some(5_014.0),
            "'发票'" => Some(102_142.0),
            "'退款'" => Some(132_758.0),
            "'jam':*" => Some(5_014.0),
            _ => None,
        };
        let cond = |lit: &str| parse(lit).unwrap().rare_condition(&rows);
        assert_eq!(
            cond("'增值' <-> '值税' <-> '税发' <-> '发票'").as_deref(),
            Some("'增值' & '值税' & '税发'")
        );
        assert_eq!(
            cond("('增值' <-> '值税') & !'退款' & '发票'").as_deref(),
            Some("'增值' & '值税'")
        );
        // Nothing left out, a prefix, an OR or an unknown term: the whole query.
        assert_eq!(cond("'增值' <-> '值税'"), None);
        assert_eq!(cond("'退款'"), None);
        assert_eq!(cond("'增值' & 'jam':* & '发票'"), None);
        assert_eq!(cond("'增值' & ('发票' | '退款')"), None);
        assert_eq!(cond("'增值' & 'zzz' & '发票'"), None);
    }

    #[test]
    fn a_query_matches_at_most_its_rarest_required_part() {
        let rows = |t: &str| match t {
            "'增值'" | "'值税'" => Some(14_000.0),
            "'税发'" => Some(7_000.0),
            "'发票'" => Some(104_000.0),
            "'退款'" => Some(130_000.0),
            _ => None,
        };
        let est = |lit: &str| parse(lit).unwrap().rows(&rows);
        assert_eq!(
            est("'增值' <-> '值税' <-> '税发' <-> '发票'"),
            Some(7_000.0)
        );
        assert_eq!(est("'税发' | '退款'"), Some(137_000.0));
        // An exclusion bounds nothing; an unknown term bounds nothing alone.
        assert_eq!(est("'发票' & !'税发'"), Some(104_000.0));
        assert_eq!(est("!'税发'"), None);
        assert_eq!(est("'发票' | 'zzz'"), None);
        assert_eq!(est("('发票' | 'zzz') & '退款'"), Some(130_000.0));
    }
}
