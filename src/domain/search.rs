//! Search text that understands Chinese: what goes into the word index, what a
//! query becomes, and how matches are ranked and shown. Pure; the store runs it.
//!
//! SQLite's `unicode61` tokenizer treats a run of Han characters as one token, so
//! 退款 would never be found inside 一个退款申请. Every run of CJK characters is
//! therefore indexed as its overlapping bigrams (一个 个退 退款 款申 申请) and its last
//! character behind a private-use mark (`◆请`, which also ends the run: no phrase
//! continues into the next one); every other CJK character of the text follows
//! once, marked, at the end (`◆一 ◆个 ◆退 ◆款 ◆申`: only its presence is asked for). A
//! query's CJK run becomes the same bigrams as a phrase, which matches exactly when
//! the run is a substring of an indexed run; a one-character query is its marked
//! character, one term. (Marking only a run's last character made the index about
//! a third smaller, but a one-character query then had to be `退* OR ◆退`: FTS5
//! merges the lists of every 退x bigram for such a prefix, 170,000 entries at a
//! million tickets, before it can return the newest match.) Latin words go through
//! lowercased and are matched by prefix (`printer*`).

/// Marks a single CJK character in the index, so it never collides with a Latin
/// word or prefix. A private-use character: a token character for unicode61,
/// and removed from all input, so no user text can produce it.
pub const SINGLE_MARK: char = '\u{E000}';

/// The kinds of record the index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Ticket,
    Customer,
    Article,
    Project,
}

impl Kind {
    /// Every kind, in the order results of equal score are listed.
    pub const ALL: [Kind; 4] = [Kind::Ticket, Kind::Article, Kind::Customer, Kind::Project];

    /// The name used by commands and JSON (`ticket`, `customer`, `article`, `project`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ticket => "ticket",
            Kind::Customer => "customer",
            Kind::Article => "article",
            Kind::Project => "project",
        }
    }

    /// Where results of this kind are listed: articles first (an agent looks for an
    /// answer before a precedent), then tickets, customers, projects.
    pub fn group_rank(self) -> u8 {
        match self {
            Kind::Article => 0,
            Kind::Ticket => 1,
            Kind::Customer => 2,
            Kind::Project => 3,
        }
    }

    /// Parses a kind name (also `kb` for articles).
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_lowercase().as_str() {
            "ticket" | "tickets" => Some(Kind::Ticket),
            "customer" | "customers" => Some(Kind::Customer),
            "article" | "articles" | "kb" => Some(Kind::Article),
            "project" | "projects" => Some(Kind::Project),
            _ => None,
        }
    }
}

/// Whether `c` is a Chinese, Japanese or Korean letter (not punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007        // 々 〆 〇
        | 0x3040..=0x309F      // Hiragana
        | 0x30A0..=0x30FF      // Katakana
        | 0x31F0..=0x31FF      // Katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0x20000..=0x3134F) // CJK extensions B–H
        && c.is_alphabetic()
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// A letter or digit of a non-CJK word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c) && !is_private_use(c)
}

/// Folds one character for matching: full-width ASCII (ＡＢＣ１２３) to ASCII, the
/// ideographic space to a space, letters to lower case. Always one character for
/// one, so offsets into folded text are offsets into the original.
pub fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// What a character is to the segmenter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Gap,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if is_word_char(c) {
        Class::Word
    } else {
        Class::Gap
    }
}

/// A run of text the index knows: CJK characters, or one Latin (or other) word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Cjk(String),
    Word(String),
}

/// Splits folded text into CJK runs and words; punctuation and spaces separate.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_class = Class::Gap;
    for c in text.chars().map(fold) {
        let k = class(c);
        if k != cur_class && !cur.is_empty() {
            let s = std::mem::take(&mut cur);
            out.push(if cur_class == Class::Cjk {
                Piece::Cjk(s)
            } else {
                Piece::Word(s)
            });
        }
        cur_class = k;
        if k != Class::Gap {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(if cur_class == Class::Cjk {
            Piece::Cjk(cur)
        } else {
            Piece::Word(cur)
        });
    }
    out
}

/// The text to put into the word index for `text` (see the module notes).
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    index_text_into(text, &mut out);
    out
}

/// `index_text`, appended to `out` (reuses its allocation on bulk loads).
pub fn index_text_into(text: &str, out: &mut String) {
    let mut run: Vec<char> = Vec::new();
    // The CJK characters seen, and whether each is in `out` yet (marked).
    let mut singles: Vec<(char, bool)> = Vec::new();
    let mut in_word = false;
    for c in text.chars().map(fold) {
        match class(c) {
            Class::Cjk => {
                in_word = false;
                run.push(c);
                if !singles.iter().any(|(s, _)| *s == c) {
                    singles.push((c, false));
                }
            }
            Class::Word => {
                flush_run(&mut run, &mut singles, out);
                if !in_word {
                    gap(out);
                    in_word = true;
                }
                out.push(c);
            }
            Class::Gap => {
                flush_run(&mut run, &mut singles, out);
                in_word = false;
            }
        }
    }
    flush_run(&mut run, &mut singles, out);
    for (c, written) in singles {
        if !written {
            gap(out);
            out.push(SINGLE_MARK);
            out.push(c);
        }
    }
}

fn gap(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Writes a CJK run as its bigrams (adjacent tokens, so a query's bigrams match as
/// a phrase), then its last character marked: that token also keeps the next
/// run's bigrams from continuing this run's phrase.
fn flush_run(run: &mut Vec<char>, singles: &mut [(char, bool)], out: &mut String) {
    let Some(&last) = run.last() else {
        return;
    };
    for pair in run.windows(2) {
        gap(out);
        out.push(pair[0]);
        out.push(pair[1]);
    }
    gap(out);
    out.push(SINGLE_MARK);
    out.push(last);
    if let Some(s) = singles.iter_mut().find(|(s, _)| *s == last) {
        s.1 = true;
    }
    run.clear();
}

/// One condition of a text query; a record matches when it meets all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTerm {
    /// CJK characters that must occur together, anywhere (inside longer words too).
    Cjk(String),
    /// Words that must occur one after another; the last one may be a prefix.
    Words(Vec<String>),
}

/// Free text translated for the word index, keeping what ranking and highlighting need.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextQuery {
    pub terms: Vec<QueryTerm>,
    /// Parts written with a leading `-` (`-发票`): records matching any are left out.
    pub exclude: Vec<Vec<QueryTerm>>,
    /// The folded query text, whitespace collapsed (for exact-phrase ranking).
    pub phrase: String,
}

/// The terms of one part of a query (a word, or a quoted phrase).
fn part_terms(part: &str) -> Vec<QueryTerm> {
    let mut terms = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for p in pieces(part) {
        match p {
            Piece::Word(w) => words.push(w),
            Piece::Cjk(s) => {
                if !words.is_empty() {
                    terms.push(QueryTerm::Words(std::mem::take(&mut words)));
                }
                terms.push(QueryTerm::Cjk(s));
            }
        }
    }
    if !words.is_empty() {
        terms.push(QueryTerm::Words(words));
    }
    terms
}

/// One term as FTS5 syntax.
fn term_fts(t: &QueryTerm) -> String {
    match t {
        QueryTerm::Cjk(s) => {
            let chars: Vec<char> = s.chars().collect();
            if chars.len() == 1 {
                format!("\"{SINGLE_MARK}{}\"", chars[0])
            } else {
                let grams: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
                format!("\"{}\"", grams.join(" "))
            }
        }
        QueryTerm::Words(ws) => format!("\"{}\"*", ws.join(" ")),
    }
}

/// Every term, joined by an explicit AND: FTS5 accepts an implicit AND only between
/// plain phrases, not after a parenthesised group (`款1` → `("款"* OR …) AND "1"*`).
fn all_of(terms: &[QueryTerm]) -> String {
    terms.iter().map(term_fts).collect::<Vec<_>>().join(" AND ")
}

impl TextQuery {
    /// Translates free-text parts (as split by the filter language: each part is
    /// one word or one quoted phrase).
    pub fn from_parts<S: AsRef<str>>(parts: &[S]) -> TextQuery {
        let mut terms = Vec::new();
        let mut exclude = Vec::new();
        let mut kept: Vec<String> = Vec::new();
        for part in parts {
            let part = part.as_ref();
            match part.strip_prefix('-').map(part_terms) {
                Some(t) if !t.is_empty() => {
                    if !exclude.contains(&t) {
                        exclude.push(t)
                    }
                }
                _ => {
                    // The same word twice finds nothing more and costs a lookup more.
                    for t in part_terms(part) {
                        if !terms.contains(&t) {
                            terms.push(t);
                        }
                    }
                    kept.push(part.chars().map(fold).collect());
                }
            }
        }
        let phrase = kept
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        TextQuery {
            terms,
            exclude,
            phrase,
        }
    }

    /// How many index lookups the query makes: each word, and each pair of CJK
    /// characters (a single character counts two).
    pub fn lookups(&self) -> usize {
        let of = |t: &QueryTerm| match t {
            QueryTerm::Cjk(s) => match s.chars().count() {
                1 => 2,
                n => n - 1,
            },
            QueryTerm::Words(ws) => ws.len(),
        };
        self.terms.iter().map(of).sum::<usize>()
            + self.exclude.iter().flatten().map(of).sum::<usize>()
    }

    /// Translates one free-text string, split on whitespace.
    pub fn parse(text: &str) -> TextQuery {
        TextQuery::from_parts(&text.split_whitespace().collect::<Vec<_>>())
    }

    /// Whether there is nothing to search for (empty, or punctuation only).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression, or None when there is nothing to search for
    /// (exclusions alone cannot be searched for: see `fts_excluded`).
    pub fn fts(&self) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let mut out = all_of(&self.terms);
        for group in &self.exclude {
            out = format!("({out}) NOT ({})", all_of(group));
        }
        Some(out)
    }

    /// Each term on its own as an FTS5 expression. A ticket is several documents
    /// (its text, each comment), so it matches when every term is in one of them.
    pub fn term_exprs(&self) -> Vec<String> {
        self.terms.iter().map(term_fts).collect()
    }

    /// The terms of each exclusion group as FTS5 expressions: a ticket is left out
    /// when it holds every term of a group.
    pub fn exclusion_exprs(&self) -> Vec<Vec<String>> {
        self.exclude
            .iter()
            .map(|g| g.iter().map(term_fts).collect())
            .collect()
    }

    /// An expression matching what the exclusions leave out (any of them), for
    /// filters made only of exclusions (`-发票`).
    pub fn fts_excluded(&self) -> Option<String> {
        if self.exclude.is_empty() {
            return None;
        }
        Some(
            self.exclude
                .iter()
                .map(|g| format!("({})", all_of(g)))
                .collect::<Vec<_>>()
                .join(" OR "),
        )
    }
}

/// An FTS5 expression matching records that share any word or bigram with `text`
/// (for suggesting articles from a ticket); at most `max` distinct terms, in order.
pub fn any_of(text: &str, max: usize) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for p in pieces(text) {
        let grams: Vec<String> = match p {
            Piece::Word(w) if w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()) => {
                vec![w]
            }
            Piece::Word(_) => vec![],
            Piece::Cjk(s) => {
                let chars: Vec<char> = s.chars().collect();
                if chars.len() == 1 {
                    // A run of one character is indexed as its marked character.
                    vec![format!("{SINGLE_MARK}{}", chars[0])]
                } else {
                    chars.windows(2).map(|w| w.iter().collect()).collect()
                }
            }
        };
        for g in grams {
            if seen.len() >= max {
                break;
            }
            if !seen.contains(&g) {
                seen.push(g);
            }
        }
    }
    if seen.is_empty() {
        return None;
    }
    Some(
        seen.iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(" OR "),
    )
}

/// English words too common to say anything about a ticket.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has",
    "have", "he", "her", "his", "i", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of",
    "on", "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "they",
    "this", "to", "was", "we", "were", "when", "will", "with", "you", "your",
];

/// Where the query's terms occur in `text`: character ranges `[start, end)`, sorted,
/// not overlapping. CJK terms match anywhere; words match at a word start (the last
/// word of a term by prefix, the others whole).
pub fn find_matches(text: &str, q: &TextQuery) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut out = matches_in(&chars, &q.terms);
    out.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Every occurrence of every term in folded `chars`, unsorted.
fn matches_in(chars: &[char], terms: &[QueryTerm]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for t in terms {
        match t {
            QueryTerm::Cjk(s) => {
                let needle: Vec<char> = s.chars().collect();
                find_all(chars, &needle, &mut out, |_| true);
            }
            QueryTerm::Words(ws) => {
                for (i, w) in ws.iter().enumerate() {
                    let needle: Vec<char> = w.chars().collect();
                    let prefix = i + 1 == ws.len();
                    find_all(chars, &needle, &mut out, |(s, e)| {
                        let starts = s == 0 || class(chars[s - 1]) != Class::Word;
                        let ends = e == chars.len() || class(chars[e]) != Class::Word;
                        starts && (prefix || ends)
                    });
                }
            }
        }
    }
    out
}

fn find_all(
    hay: &[char],
    needle: &[char],
    out: &mut Vec<(usize, usize)>,
    ok: impl Fn((usize, usize)) -> bool,
) {
    if needle.is_empty() || needle.len() > hay.len() {
        return;
    }
    for s in 0..=hay.len() - needle.len() {
        if hay[s..s + needle.len()] == *needle && ok((s, s + needle.len())) {
            out.push((s, s + needle.len()));
        }
    }
}

/// How many of the query's terms occur in `text`.
pub fn terms_found(text: &str, q: &TextQuery) -> usize {
    let chars: Vec<char> = text.chars().map(fold).collect();
    q.terms
        .iter()
        .filter(|t| !matches_in(&chars, std::slice::from_ref(*t)).is_empty())
        .count()
}

/// Whether the whole query, as typed (folded, spaces collapsed), occurs in `text`.
pub fn has_phrase(text: &str, q: &TextQuery) -> bool {
    if q.phrase.is_empty() {
        return false;
    }
    let folded: String = text.chars().map(fold).collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.contains(&q.phrase)
}

/// The rank of a match: the exact phrase in the title first (the whole title best), then titles holding
/// more of the terms, then the phrase in the body; newer records break near-ties
/// (a bonus of up to 2 that halves every 30 days). Higher is better.
pub fn score(q: &TextQuery, title: &str, body: &str, age_secs: i64) -> f64 {
    let n = q.terms.len().max(1) as f64;
    let mut s = 0.0;
    // The title folded once for the three tests below (a search ranks 2,000 titles).
    let chars: Vec<char> = title.chars().map(fold).collect();
    if !q.phrase.is_empty() {
        let folded: String = chars.iter().collect();
        let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.contains(&q.phrase) {
            s += 8.0;
            // A title that is the query and nothing else is the best match of all.
            if collapsed == q.phrase {
                s += 1.0;
            }
        }
    }
    let found = q
        .terms
        .iter()
        .filter(|t| !matches_in(&chars, std::slice::from_ref(*t)).is_empty())
        .count();
    s += 4.0 * found as f64 / n;
    if q.terms.len() > 1 && has_phrase(body, q) {
        s += 1.0;
    }
    let days = age_secs.max(0) as f64 / 86_400.0;
    s + 2.0 * 0.5f64.powf(days / 30.0)
}

/// A one-line excerpt with the matches' character ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    /// Character ranges `[start, end)` of matches within `text`.
    pub marks: Vec<(usize, usize)>,
}

impl Snippet {
    /// The text with each match wrapped in `open` … `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut marks = self.marks.iter().peekable();
        for (i, c) in self.text.chars().enumerate() {
            if let Some(&&(s, _)) = marks.peek() {
                if s == i {
                    out.push_str(open);
                }
            }
            out.push(c);
            if let Some(&&(_, e)) = marks.peek() {
                if e == i + 1 {
                    out.push_str(close);
                    marks.next();
                }
            }
        }
        out
    }
}

/// An excerpt of `text` of at most `max` characters around its first match (the
/// start of the text when nothing matches), on one line, `…` where cut.
pub fn snippet(text: &str, q: &TextQuery, max: usize) -> Snippet {
    let flat: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // Collapse runs of spaces so excerpts are not mostly blank.
    let mut chars: Vec<char> = Vec::with_capacity(flat.len());
    for c in flat {
        if c == ' ' && chars.last().is_none_or(|l| *l == ' ') {
            continue;
        }
        chars.push(c);
    }
    while chars.last() == Some(&' ') {
        chars.pop();
    }
    let line: String = chars.iter().collect();
    let marks = find_matches(&line, q);
    let max = max.max(8);
    let first = marks.first().map(|m| m.0).unwrap_or(0);
    let start = if chars.len() <= max {
        0
    } else {
        first.saturating_sub(max / 4).min(chars.len() - max)
    };
    let end = (start + max).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    let shift = if start > 0 {
        out.insert(0, '…');
        1
    } else {
        0
    };
    if end < chars.len() {
        out.push('…');
    }
    let marks = marks
        .into_iter()
        .filter(|(s, e)| *s >= start && *e <= end)
        .map(|(s, e)| (s - start + shift, e - start + shift))
        .collect();
    Snippet { text: out, marks }
}

#[cfg(test)]
mod tests;
