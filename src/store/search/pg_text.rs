//! The word index's text for PostgreSQL: the segmenter's tokens as a `tsvector`
//! literal, and the FTS5 expressions `domain::search` writes as a `tsquery` literal,
//! so both engines match exactly the same records. Neither goes through a text
//! search parser or dictionary: the lexemes are the tokens SQLite's `unicode61`
//! tokenizer sees in the same index text (case folded, diacritics removed).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// PostgreSQL's limits: positions run to 16,383, a lexeme keeps 256 of them and is
/// at most 2,047 bytes long, and a whole tsvector stays under 1 MB.
const MAX_POS: usize = 16_383;
const MAX_POSITIONS: usize = 256;
const MAX_LEXEME: usize = 2_046;
const MAX_BYTES: usize = 900_000;

/// A token char of `unicode61`: letters, digits and private-use characters (the
/// segmenter's single-character mark).
fn token_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// One token as `unicode61 remove_diacritics 2` folds it: lower case (the segmenter
/// already folded), accents removed (`café` → `cafe`). Borrowed when nothing changes
/// (ASCII and CJK tokens, nearly all of them): no allocation per token.
fn fold(token: &str) -> Cow<'_, str> {
    if token.chars().all(|c| c.is_ascii() || (c as u32) >= 0x2E80) {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        if (c as u32) < 0x2E80 && !c.is_ascii() {
            out.extend(c.nfd().filter(|d| !is_combining_mark(*d)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The tokens of (already segmented) index text, as the tokenizer splits it.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    folded_tokens(text).map(Cow::into_owned)
}

/// `tokens`, borrowed from the text where folding changes nothing.
fn folded_tokens(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !token_char(c))
        .filter(|t| !t.is_empty())
        .map(fold)
}

fn quote(out: &mut String, lexeme: &str) {
    out.push('\'');
    let mut cut = lexeme.len().min(MAX_LEXEME);
    while !lexeme.is_char_boundary(cut) {
        cut -= 1;
    }
    for c in lexeme[..cut].chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// A `tsvector` literal for a record's index text: the title's tokens at weight A,
/// then the body's, one position apart so no phrase spans the two. Also returns the
/// number of tokens (the record's length, for bm25). Lexemes are found by hash and
/// sorted (by bytes) once at the end; a bulk load makes one per ticket, on the
/// demo's index thread the biggest cost after the text itself.
pub fn tsvector(title: &str, body: &str) -> (String, i64) {
    let mut lexemes: HashMap<Cow<'_, str>, Vec<(usize, bool)>> = HashMap::new();
    let mut pos = 0usize;
    let mut bytes = 0usize;
    let mut count = 0i64;
    for (text, is_title) in [(title, true), (body, false)] {
        for t in folded_tokens(text) {
            pos += 1;
            count += 1;
            match lexemes.get_mut(t.as_ref()) {
                Some(p) if pos <= MAX_POS && p.len() < MAX_POSITIONS => {
                    p.push((pos, is_title));
                    bytes += 7;
                }
                Some(_) => {}
                None if bytes < MAX_BYTES => {
                    bytes += t.len() + 10;
                    let p = if pos <= MAX_POS {
                        vec![(pos, is_title)]
                    } else {
                        Vec::new()
                    };
                    lexemes.insert(t, p);
                }
                None => {}
            }
        }
        // The gap between title and body.
        pos += 1;
    }
    let mut sorted: Vec<_> = lexemes.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = String::with_capacity(bytes);
    for (lex, positions) in &sorted {
        if !out.is_empty() {
            out.push(' ');
        }
        quote(&mut out, lex);
        for (i, (p, a)) in positions.iter().enumerate() {
            out.push(if i == 0 { ':' } else { ',' });
            push_number(&mut out, *p);
            if *a {
                out.push('A');
            }
        }
    }
    (out, count)
}

/// Appends a position in decimal (without `fmt`'s machinery: a load writes hundreds
/// of millions of them).
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// Per lexeme of a `tsvector`'s text output: how often it occurs in the title
/// (weight A) and in the body.
pub fn frequencies(doc: &str) -> BTreeMap<String, (u32, u32)> {
    let mut out = BTreeMap::new();
    let mut chars = doc.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.next() != Some('\'') {
            break;
        }
        let mut lex = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    lex.push('\'');
                }
                '\'' => break,
                '\\' => {
                    if let Some(n) = chars.next() {
                        lex.push(n);
                    }
                }
                c => lex.push(c),
            }
        }
        let (mut title, mut body) = (0, 0);
        if chars.peek() == Some(&':') {
            chars.next();
            let mut item = String::new();
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                chars.next();
                if c == ',' {
                    count_position(&item, &mut title, &mut body);
                    item.clear();
                } else {
                    item.push(c);
                }
            }
            count_position(&item, &mut title, &mut body);
        }
        out.insert(lex, (title, body));
    }
    out
}

fn count_position(item: &str, title: &mut u32, body: &mut u32) {
    if item.is_empty() {
        return;
    }
    if item.ends_with('A') {
        *title += 1;
    } else {
        *body += 1;
    }
}

/// Why an expression could not be translated (never for what `domain::search` writes).
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// Translates an FTS5 MATCH expression of the forms `domain::search` writes —
/// quoted phrases, `*` prefixes, implicit AND, `OR`, binary `NOT`, parentheses —
/// into a `tsquery` literal. FTS5's precedence: NOT over AND over OR.
pub fn tsquery(fts: &str) -> Result<String, Unsupported> {
    let toks = lex(fts)?;
    let mut p = Parser {
        toks,
        at: 0,
        weight: None,
    };
    let q = p.or()?;
    if p.at != p.toks.len() {
        return Err(Unsupported(format!("unexpected text in '{fts}'")));
    }
    Ok(q)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Phrase(String, bool),
    /// FTS5's column filter `{title} :` (title lexemes carry weight A, body ones D).
    Column(char),
    Open,
    Close,
    Or,
    And,
    Not,
}

fn lex(s: &str) -> Result<Vec<Tok>, Unsupported> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Tok::Open);
            }
            '{' => {
                chars.next();
                let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.next() != Some(':') {
                    return Err(Unsupported(format!("column filter {{{name}}} without ':'")));
                }
                out.push(Tok::Column(match name.trim() {
                    "title" => 'A',
                    "body" => 'D',
                    other => return Err(Unsupported(format!("unknown column {other}"))),
                }));
            }
            ')' => {
                chars.next();
                out.push(Tok::Close);
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            text.push('"');
                        }
                        Some('"') => break,
                        Some(c) => text.push(c),
                        None => return Err(Unsupported("unclosed quote".into())),
                    }
                }
                let prefix = chars.peek() == Some(&'*');
                if prefix {
                    chars.next();
                }
                out.push(Tok::Phrase(text, prefix));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                match word.as_str() {
                    "OR" => out.push(Tok::Or),
                    "AND" => out.push(Tok::And),
                    "NOT" => out.push(Tok::Not),
                    _ => {
                        let (w, prefix) = match word.strip_suffix('*') {
                            Some(w) => (w.to_string(), true),
                            None => (word, false),
                        };
                        out.push(Tok::Phrase(w, prefix));
                    }
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    /// The weight a column filter restricts the phrases it covers to.
    weight: Option<char>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn or(&mut self) -> Result<String, Unsupported> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(join(parts, " | "))
    }

    fn and(&mut self) -> Result<String, Unsupported> {
        let mut parts = vec![self.not()?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.at += 1;
                    parts.push(self.not()?);
                }
                Some(Tok::Phrase(..)) | Some(Tok::Open) | Some(Tok::Column(_)) => {
                    parts.push(self.not()?)
                }
                _ => break,
            }
        }
        Ok(join(parts, " & "))
    }

    fn not(&mut self) -> Result<String, Unsupported> {
        let mut q = self.primary()?;
        while self.peek() == Some(&Tok::Not) {
            self.at += 1;
            let right = self.primary()?;
            q = format!("({q}) & !({right})");
        }
        Ok(q)
    }

    fn primary(&mut self) -> Result<String, Unsupported> {
        match self.toks.get(self.at).cloned() {
            Some(Tok::Column(w)) => {
                self.at += 1;
                let outer = self.weight.replace(w);
                let q = self.primary();
                self.weight = outer;
                q
            }
            Some(Tok::Open) => {
                self.at += 1;
                let q = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(Unsupported("unclosed parenthesis".into()));
                }
                self.at += 1;
                Ok(format!("({q})"))
            }
            Some(Tok::Phrase(text, prefix)) => {
                self.at += 1;
                phrase(&text, prefix, self.weight)
            }
            other => Err(Unsupported(format!("expected a phrase, found {other:?}"))),
        }
    }
}

/// The tokens of an expression made only of single-token phrases joined by OR (what
/// `domain::search::any_of` writes), in order; None for anything else.
pub fn single_tokens(fts: &str) -> Option<Vec<String>> {
    let toks = lex(fts).ok()?;
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match (i % 2, t) {
            (0, Tok::Phrase(text, false)) => {
                let mut words = tokens(text);
                out.push(words.next()?);
                if words.next().is_some() {
                    return None;
                }
            }
            (1, Tok::Or) => {}
            _ => return None,
        }
    }
    (!out.is_empty() && toks.len() % 2 == 1).then_some(out)
}

fn join(parts: Vec<String>, op: &str) -> String {
    if parts.len() == 1 {
        parts.into_iter().next().unwrap_or_default()
    } else {
        parts
            .into_iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(op)
    }
}

/// A phrase: its tokens one after another, the last one a prefix when marked.
fn phrase(text: &str, prefix: bool, weight: Option<char>) -> Result<String, Unsupported> {
    let toks: Vec<String> = tokens(text).collect();
    if toks.is_empty() {
        return Err(Unsupported(format!("empty phrase \"{text}\"")));
    }
    let n = toks.len();
    let mut out = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push_str(" <-> ");
        }
        quote(&mut out, t);
        let star = prefix && i + 1 == n;
        match (star, weight) {
            (true, Some(w)) => {
                out.push_str(":*");
                out.push(w);
            }
            (true, None) => out.push_str(":*"),
            (false, Some(w)) => {
                out.push(':');
                out.push(w);
            }
            (false, None) => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::{any_of, index_text, TextQuery, SINGLE_MARK};

    #[test]
    fn documents_keep_positions_weights_and_a_gap() {
        let (title, body) = (index_text("退款申请"), index_text("Café printer, 退款"));
        let (v, n) = tsvector(&title, &body);
        let (t, b) = (tokens(&title).count(), tokens(&body).count());
        assert_eq!(n as usize, t + b);
        // The body starts one position after the title's last token (the gap).
        let first_body = t + 2;
        assert!(v.contains("'退款':1A,"), "{v}");
        assert!(v.contains(&format!("'cafe':{first_body} ")), "{v}");
        assert!(v.contains(&format!("'{SINGLE_MARK}请':")), "{v}");
        let f = frequencies(&v);
        assert_eq!(f["退款"], (1, 1));
        assert_eq!(f["printer"], (0, 1));
    }

    #[test]
    fn quotes_are_escaped_both_ways() {
        let (v, _) = tsvector("it's a\\b", "");
        assert_eq!(v, "'a':3A 'b':4A 'it':1A 's':2A");
        let mut q = String::new();
        quote(&mut q, "o'k\\");
        assert_eq!(q, "'o''k\\\\'");
        assert_eq!(frequencies("'o''k\\\\':1A,2")["o'k\\"], (1, 1));
    }

    #[test]
    fn queries_translate_with_fts5_precedence() {
        let q = TextQuery::parse("退款 printer jam -发票");
        let t = tsquery(&q.fts().unwrap()).unwrap();
        assert_eq!(t, "((('退款') & ('printer':*) & ('jam':*))) & !(('发票'))");
        // A single CJK character: its marked token (every character is indexed so).
        let one = tsquery(&TextQuery::parse("退").fts().unwrap()).unwrap();
        assert_eq!(one, format!("'{SINGLE_MARK}退'"));
        let long = tsquery(&TextQuery::parse("增值税发票").fts().unwrap()).unwrap();
        assert_eq!(long, "'增值' <-> '值税' <-> '税发' <-> '发票'");
        let quoted = tsquery(&TextQuery::from_parts(&["printer jam"]).fts().unwrap()).unwrap();
        assert_eq!(quoted, "'printer' <-> 'jam':*");
        let any = tsquery(&any_of("打印机 jam", 8).unwrap()).unwrap();
        assert_eq!(any, "('打印') | ('印机') | ('jam')");
        assert!(tsquery("\"unclosed").is_err());
        assert_eq!(
            tsquery("{title} : (\"acme\"* \"退款\")").unwrap(),
            "(('acme':*A) & ('退款':A))"
        );
        assert_eq!(
            single_tokens(&any_of("打印机 jam", 8).unwrap()),
            Some(vec!["打印".into(), "印机".into(), "jam".into()])
        );
        assert_eq!(single_tokens("\"a b\""), None);
        assert_eq!(single_tokens("\"a\"*"), None);
    }

    /// The literal as the ordered map of lexemes wrote it before (session 8): every
    /// token allocated, looked up in a `BTreeMap`.
    fn tsvector_as_before(title: &str, body: &str) -> (String, i64) {
        let mut lexemes: BTreeMap<String, Vec<(usize, bool)>> = BTreeMap::new();
        let (mut pos, mut bytes, mut count) = (0usize, 0usize, 0i64);
        for (text, is_title) in [(title, true), (body, false)] {
            for t in tokens(text) {
                pos += 1;
                count += 1;
                match lexemes.get_mut(&t) {
                    Some(p) if pos <= MAX_POS && p.len() < MAX_POSITIONS => {
                        p.push((pos, is_title));
                        bytes += 7;
                    }
                    Some(_) => {}
                    None if bytes < MAX_BYTES => {
                        bytes += t.len() + 10;
                        let p = if pos <= MAX_POS {
                            vec![(pos, is_title)]
                        } else {
                            Vec::new()
                        };
                        lexemes.insert(t, p);
                    }
                    None => {}
                }
            }
            pos += 1;
        }
        let mut out = String::new();
        for (lex, positions) in &lexemes {
            if !out.is_empty() {
                out.push(' ');
            }
            quote(&mut out, lex);
            for (i, (p, a)) in positions.iter().enumerate() {
                out.push_str(&format!(
                    "{}{p}{}",
                    if i == 0 { ':' } else { ',' },
                    if *a { "A" } else { "" }
                ));
            }
        }
        (out, count)
    }

    #[test]
    fn the_literal_is_the_same_as_the_ordered_maps() {
        let many_words: String = (0..120_000).map(|i| format!("w{} ", i % 90_000)).collect();
        let repeated = "jam ".repeat(400);
        let cases: Vec<(String, String)> = vec![
            (
                index_text("退款申请"),
                index_text("Café printer, 退款 naïve Ünïcode ÀÉÎ ß straße"),
            ),
            ("it's a\\b".into(), "o'k \\ x".into()),
            (index_text("打印机 jam 打印"), index_text(&repeated)),
            (String::new(), many_words),
            (
                index_text("Ελληνικά Кириллица 123 4567 ①②"),
                index_text("增值税发票 退 退 发票"),
            ),
            (String::new(), String::new()),
        ];
        for (title, body) in &cases {
            assert_eq!(
                tsvector(title, body),
                tsvector_as_before(title, body),
                "{title}"
            );
        }
        assert_eq!(tsvector("", "").0, "");
    }
}
