//! Text for the terminal: display width, truncation and padding by columns, sanitizing.

use unicode_width::UnicodeWidthStr;

/// Display columns of `s` (CJK and most emoji count two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending in `…` when cut; never splits a character.
///
/// Widths are measured on the text as a whole, not summed per character: a variation
/// selector (`☺\u{fe0f}`) or a joiner can make a sequence wider than its parts.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if width(&out) > max - 1 {
            out.pop();
            break;
        }
    }
    out.push('…');
    while width(&out) > max {
        out.pop();
        out.pop();
        out.push('…');
    }
    out
}

/// `s` truncated and padded with spaces to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    let mut out = t;
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// `s` right-aligned in `cols` columns.
pub fn pad_left(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    let mut out: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    out.push_str(&t);
    out
}

/// Removes escape sequences and control characters other than newline and tab.
///
/// Text from outside (mail, imports, other users) goes through this before it is
/// stored or drawn: a stray ESC sequence could otherwise recolour or move the screen.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi_params(&mut chars),
            '\n' | '\t' => out.push(c),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if c.is_control() => {}
            // Bidi overrides can reorder what the user sees.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text that is safe to store and to draw: no escape sequences, no control characters
/// other than newline and tab, no bidi overrides. Only its constructors make one, and
/// they clean, so text the store accepts as `CleanText` cannot have skipped cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct CleanText(String);

impl CleanText {
    /// `s`, cleaned.
    pub fn new(s: &str) -> CleanText {
        CleanText(clean(s).into_owned())
    }

    /// `s`, cleaned and trimmed.
    pub fn trimmed(s: &str) -> CleanText {
        CleanText(clean(s).trim().to_string())
    }

    /// `s` cleaned and trimmed, or None when nothing is left.
    pub fn non_empty(s: &str) -> Option<CleanText> {
        Some(CleanText::trimmed(s)).filter(|t| !t.is_empty())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for CleanText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CleanText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CleanText> for String {
    fn from(t: CleanText) -> String {
        t.0
    }
}

/// Whether `c` is removed or changed by [`sanitize`].
fn unclean(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` sanitized, without copying when there is nothing to remove.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(unclean) {
        std::borrow::Cow::Owned(sanitize(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A one-line version of `s`: sanitized, newlines and tabs turned into spaces.
pub fn one_line(s: &str) -> String {
    sanitize(s)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi_params(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            // OSC / DCS / SOS / PM / APC: until BEL or ESC \
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // nF sequences: intermediates then a final byte
            while let Some(&c) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&c) {
                    break;
                }
            }
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_csi_params(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Levenshtein distance in characters (for "did you mean …?" suggestions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_of_mixed_text() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("打印机"), 6);
        assert_eq!(width("打印 jam"), 8);
    }

    #[test]
    fn truncation_never_splits_a_wide_character() {
        assert_eq!(truncate("打印机卡纸", 5), "打印…");
        assert_eq!(width(&truncate("打印机卡纸", 6)), 5);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(pad("打印", 6), "打印  ");
        assert_eq!(width(&pad("打印机卡纸 printer", 7)), 7);
        assert_eq!(pad_left("42", 4), "  42");
    }

    #[test]
    fn sanitize_removes_escapes_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(sanitize("bell\u{7} nul\u{0}"), "bell nul");
        assert_eq!(sanitize("line\r\nnext\rthird"), "line\nnext\nthird");
        assert_eq!(sanitize("中文\t保留"), "中文\t保留");
        assert_eq!(sanitize("ab\u{202e}cd"), "abcd");
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }
}
