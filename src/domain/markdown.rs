//! Just enough Markdown for reading knowledge-base articles in a terminal:
//! headings, bullet and numbered lists, quotes, rules, fenced code, and inline
//! **bold**, *italic*, `code` and [links](url). Pure: the console maps the blocks
//! and span styles to its theme; unknown syntax stays as written.

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub link: bool,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

/// A block of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `#` … `######`.
    Heading { level: u8, spans: Vec<Span> },
    /// Consecutive text lines, joined with a space.
    Paragraph(Vec<Span>),
    /// `- item`, `* item`, `1. item`; `depth` counts indentation steps of two spaces.
    Item {
        number: Option<u32>,
        depth: usize,
        spans: Vec<Span>,
    },
    /// `> quoted`
    Quote(Vec<Span>),
    /// A fenced code block, lines as written.
    Code {
        lang: Option<String>,
        lines: Vec<String>,
    },
    /// `---`
    Rule,
}

/// Parses an article body into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut code: Option<(Option<String>, Vec<String>)> = None;
    let flush = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(inline(&para.join(" "))));
            para.clear();
        }
    };
    for raw in text.lines() {
        let line = raw.trim_end();
        if let Some((lang, lines)) = &mut code {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code {
                    lang: lang.take(),
                    lines: std::mem::take(lines),
                });
                code = None;
            } else {
                lines.push(line.to_string());
            }
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush(&mut para, &mut out);
            let lang = lang.trim();
            code = Some(((!lang.is_empty()).then(|| lang.to_string()), Vec::new()));
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(b) = block_line(trimmed, indent) {
            flush(&mut para, &mut out);
            out.push(b);
        } else {
            para.push(trimmed.to_string());
        }
    }
    flush(&mut para, &mut out);
    if let Some((lang, lines)) = code {
        // An unclosed fence still shows its code.
        out.push(Block::Code { lang, lines });
    }
    out
}

/// A line that is a block on its own (heading, item, quote, rule), if it is one.
fn block_line(t: &str, indent: usize) -> Option<Block> {
    let hashes = t.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        return Some(Block::Heading {
            level: hashes as u8,
            spans: inline(t[hashes..].trim()),
        });
    }
    if t.len() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|m| t.chars().all(|c| c.to_string() == *m || c == ' '))
    {
        return Some(Block::Rule);
    }
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return Some(Block::Item {
                number: None,
                depth: indent / 2,
                spans: inline(rest.trim()),
            });
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 10 {
        let rest = &t[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(Block::Item {
                number: t[..digits].parse().ok(),
                depth: indent / 2,
                spans: inline(item.trim()),
            });
        }
    }
    if let Some(rest) = t.strip_prefix('>') {
        return Some(Block::Quote(inline(rest.trim())));
    }
    None
}

/// Splits a line into styled spans. Markers without a partner stay as text;
/// `_` emphasises only at word edges, so snake_case names survive.
pub fn inline(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Span> = Vec::new();
    let mut style = Style::default();
    let mut cur = String::new();
    let push = |cur: &mut String, style: Style, out: &mut Vec<Span>| {
        if cur.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.style == style => last.text.push_str(cur),
            _ => out.push(Span {
                text: cur.clone(),
                style,
            }),
        }
        cur.clear();
    };
    let closes = |from: usize, marker: &[char]| -> bool {
        (from..chars.len()).any(|j| chars[j..].starts_with(marker))
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' && !style.code && closes(i + 1, &['`']) {
            push(&mut cur, style, &mut out);
            let end = (i + 1..chars.len())
                .find(|&j| chars[j] == '`')
                .unwrap_or(chars.len());
            let code: String = chars[i + 1..end].iter().collect();
            push(
                &mut code.clone(),
                Style {
                    code: true,
                    ..style
                },
                &mut out,
            );
            i = end + 1;
            continue;
        }
        if c == '[' {
            if let Some(close) = (i + 1..chars.len()).find(|&j| chars[j] == ']') {
                if chars.get(close + 1) == Some(&'(') {
                    if let Some(paren) = (close + 2..chars.len()).find(|&j| chars[j] == ')') {
                        push(&mut cur, style, &mut out);
                        let label: String = chars[i + 1..close].iter().collect();
                        push(
                            &mut label.clone(),
                            Style {
                                link: true,
                                ..style
                            },
                            &mut out,
                        );
                        i = paren + 1;
                        continue;
                    }
                }
            }
        }
        let double = chars.get(i + 1) == Some(&c);
        if (c == '*' || c == '_') && double {
            let at_edge = c == '*' || edge(&chars, i, 2);
            if at_edge && (style.bold || closes(i + 2, &[c, c])) {
                push(&mut cur, style, &mut out);
                style.bold = !style.bold;
            } else {
                cur.push(c);
                cur.push(c);
            }
            i += 2;
            continue;
        }
        if c == '*' || c == '_' {
            let at_edge = c == '*' || edge(&chars, i, 1);
            if at_edge && (style.italic || closes(i + 2, &[c])) {
                push(&mut cur, style, &mut out);
                style.italic = !style.italic;
                i += 1;
                continue;
            }
        }
        cur.push(c);
        i += 1;
    }
    push(&mut cur, style, &mut out);
    out
}

/// Whether an `_` marker of `len` at `i` touches a word edge (not inside a_word).
fn edge(chars: &[char], i: usize, len: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j].is_alphanumeric());
    let after = chars.get(i + len).map(|c| c.is_alphanumeric());
    !(before == Some(true) && after == Some(true))
}

/// The plain text of spans.
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(spans: &[Span]) -> Vec<(&str, Style)> {
        spans.iter().map(|s| (s.text.as_str(), s.style)).collect()
    }

    const B: Style = Style {
        bold: true,
        italic: false,
        code: false,
        link: false,
    };
    const I: Style = Style {
        bold: false,
        italic: true,
        code: false,
        link: false,
    };
    const C: Style = Style {
        bold: false,
        italic: false,
        code: true,
        link: false,
    };
    const N: Style = Style {
        bold: false,
        italic: false,
        code: false,
        link: false,
    };

    #[test]
    fn blocks_of_an_article() {
        let md = "# 打印机卡纸\n\n客户说打印机\n一直卡纸。\n\n## 步骤\n1. 打开前盖\n2. 取出纸张\n  - 小心碎纸\n- 重启\n\n> 注意安全\n\n---\n```sh\nlpstat -p\n```\n";
        let b = parse(md);
        assert_eq!(b.len(), 10, "{b:#?}");
        assert!(
            matches!(&b[0], Block::Heading { level: 1, spans } if plain(spans) == "打印机卡纸")
        );
        assert!(matches!(&b[1], Block::Paragraph(s) if plain(s) == "客户说打印机 一直卡纸。"));
        assert!(matches!(&b[2], Block::Heading { level: 2, .. }));
        assert!(matches!(
            &b[3],
            Block::Item {
                number: Some(1),
                depth: 0,
                ..
            }
        ));
        assert!(
            matches!(&b[5], Block::Item { number: None, depth: 1, spans } if plain(spans) == "小心碎纸")
        );
        assert!(matches!(
            &b[6],
            Block::Item {
                number: None,
                depth: 0,
                ..
            }
        ));
        assert!(matches!(&b[7], Block::Quote(s) if plain(s) == "注意安全"));
        assert_eq!(b[8], Block::Rule);
        assert_eq!(
            b[9],
            Block::Code {
                lang: Some("sh".into()),
                lines: vec!["lpstat -p".into()]
            }
        );
    }

    #[test]
    fn inline_styles() {
        assert_eq!(
            texts(&inline("先 **重启** 再 *检查* `lpstat`")),
            vec![
                ("先 ", N),
                ("重启", B),
                (" 再 ", N),
                ("检查", I),
                (" ", N),
                ("lpstat", C)
            ]
        );
        let link = inline("see [the manual](https://example.com) now");
        assert_eq!(link[1].text, "the manual");
        assert!(link[1].style.link);
        assert_eq!(plain(&link), "see the manual now");
    }

    #[test]
    fn unmatched_markers_and_snake_case_stay_text() {
        assert_eq!(texts(&inline("2 * 3 = 6")), vec![("2 * 3 = 6", N)]);
        assert_eq!(
            texts(&inline("config_file_name")),
            vec![("config_file_name", N)]
        );
        assert_eq!(texts(&inline("_note_")), vec![("note", I)]);
        assert_eq!(texts(&inline("a ` b")), vec![("a ` b", N)]);
        assert_eq!(texts(&inline("[x] done")), vec![("[x] done", N)]);
        assert_eq!(texts(&inline("**unclosed")), vec![("**unclosed", N)]);
    }

    #[test]
    fn unclosed_fence_and_plain_text() {
        let b = parse("```\ncode");
        assert_eq!(
            b,
            vec![Block::Code {
                lang: None,
                lines: vec!["code".into()]
            }]
        );
        assert!(parse("").is_empty());
        assert!(matches!(&parse("#hashtag")[0], Block::Paragraph(_)));
        assert!(matches!(
            &parse("2024. 年")[0],
            Block::Item {
                number: Some(2024),
                ..
            }
        ));
    }
}
