//! A small Markdown renderer for article text: headings, bullet and numbered
//! lists, quotes, `**emphasis**`, `*italics*`, `` `code` `` and fenced code blocks,
//! turned into styled lines. Pure; unknown syntax is shown as written.

use crate::domain::text::sanitize;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The styles the renderer uses.
#[derive(Debug, Clone, Copy)]
pub struct MdStyle {
    pub text: Style,
    pub heading: Style,
    pub code: Style,
    pub bullet: Style,
    pub quote: Style,
}

/// Renders Markdown `src` as lines (wrapping is left to the paragraph).
pub fn render(src: &str, st: &MdStyle) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut in_code = false;
    for raw in src.lines() {
        // Tabs and control characters would break the layout.
        let line = sanitize(&raw.replace('\t', "    "));
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push(Line::from(vec![
                Span::styled("  │ ", st.bullet),
                Span::styled(line.trim_end().to_string(), st.code),
            ]));
            continue;
        }
        out.push(block_line(&line, st));
    }
    out
}

fn block_line(line: &str, st: &MdStyle) -> Line<'static> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim();
    if t.is_empty() {
        return Line::raw("");
    }
    let level = t.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&level) && t[level..].starts_with(' ') {
        let text = t[level..].trim().trim_end_matches('#').trim_end();
        let style = if level == 1 {
            st.heading.add_modifier(Modifier::UNDERLINED)
        } else {
            st.heading
        };
        return Line::from(inline(text, style, st));
    }
    if t.chars()
        .all(|c| c == '-' || c == '*' || c == '_' || c == ' ')
        && t.len() >= 3
    {
        return Line::styled("────────", st.bullet);
    }
    let pad = " ".repeat(indent.min(8));
    if let Some(rest) = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
    {
        let mut spans = vec![Span::styled(format!("{pad}• "), st.bullet)];
        spans.extend(inline(rest, st.text, st));
        return Line::from(spans);
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 3 {
        let rest = &t[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            let mut spans = vec![Span::styled(format!("{pad}{}. ", &t[..digits]), st.bullet)];
            spans.extend(inline(rest, st.text, st));
            return Line::from(spans);
        }
    }
    if let Some(rest) = t.strip_prefix('>') {
        let mut spans = vec![Span::styled("▎ ", st.bullet)];
        spans.extend(inline(rest.trim_start(), st.quote, st));
        return Line::from(spans);
    }
    let mut spans = Vec::new();
    if !pad.is_empty() {
        spans.push(Span::raw(pad));
    }
    spans.extend(inline(t, st.text, st));
    Line::from(spans)
}

/// Inline markup: `code`, **bold** (or __bold__), *italic* (or _italic_).
fn inline(text: &str, base: Style, st: &MdStyle) -> Vec<Span<'static>> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    let flush = |buf: &mut String, spans: &mut Vec<Span<'static>>| {
        if !buf.is_empty() {
            spans.push(Span::styled(std::mem::take(buf), base));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            if let Some(end) = find(&chars, i + 1, &['`']) {
                flush(&mut buf, &mut spans);
                let code: String = chars[i + 1..end].iter().collect();
                spans.push(Span::styled(code, st.code));
                i = end + 1;
                continue;
            }
        }
        if (c == '*' || c == '_') && chars.get(i + 1) == Some(&c) {
            if let Some(end) = find(&chars, i + 2, &[c, c]).filter(|e| *e > i + 2) {
                flush(&mut buf, &mut spans);
                let inner: String = chars[i + 2..end].iter().collect();
                spans.extend(inline(&inner, base.add_modifier(Modifier::BOLD), st));
                i = end + 2;
                continue;
            }
        }
        // A lone `_` inside a word (snake_case) is not emphasis.
        let word_inside = c == '_' && i > 0 && chars[i - 1].is_alphanumeric();
        if (c == '*' || c == '_') && !word_inside {
            if let Some(end) = find(&chars, i + 1, &[c]).filter(|e| *e > i + 1) {
                if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
                    flush(&mut buf, &mut spans);
                    let inner: String = chars[i + 1..end].iter().collect();
                    spans.extend(inline(&inner, base.add_modifier(Modifier::ITALIC), st));
                    i = end + 1;
                    continue;
                }
            }
        }
        buf.push(c);
        i += 1;
    }
    flush(&mut buf, &mut spans);
    spans
}

/// The index of the next occurrence of `pat` at or after `from`.
fn find(chars: &[char], from: usize, pat: &[char]) -> Option<usize> {
    (from..chars.len()).find(|&j| chars[j..].starts_with(pat))
}

/// Breaks styled lines to `cols` columns: at spaces, or between Chinese
/// characters, or inside a word longer than a line. Done here rather than by the
/// paragraph's wrapping, which can spill wide characters past its area.
pub fn wrap(lines: Vec<Line<'static>>, cols: u16) -> Vec<Line<'static>> {
    let cols = usize::from(cols.max(2));
    let mut out = Vec::new();
    for line in lines {
        let line_style = line.style;
        // Tokens: a word (no spaces, no wide characters), one space, or one wide character.
        let mut tokens: Vec<(String, Style, usize)> = Vec::new();
        for sp in &line.spans {
            let mut word = String::new();
            let mut word_w = 0;
            for c in sp.content.chars() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if c == ' ' || w > 1 {
                    if !word.is_empty() {
                        tokens.push((std::mem::take(&mut word), sp.style, word_w));
                        word_w = 0;
                    }
                    tokens.push((c.to_string(), sp.style, w));
                } else {
                    word.push(c);
                    word_w += w;
                }
            }
            if !word.is_empty() {
                tokens.push((word, sp.style, word_w));
            }
        }
        let mut cur: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        let mut push_line = |cur: &mut Vec<Span<'static>>, used: &mut usize| {
            while cur.len() > 1 && cur.last().is_some_and(|s| s.content == " ") {
                cur.pop();
            }
            out.push(Line::from(std::mem::take(cur)).style(line_style));
            *used = 0;
        };
        for (text, style, w) in tokens {
            if used + w > cols && used > 0 {
                push_line(&mut cur, &mut used);
                if text == " " {
                    continue;
                }
            }
            if w > cols {
                // A word longer than a line: cut it by characters.
                for c in text.chars() {
                    let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if used + cw > cols {
                        push_line(&mut cur, &mut used);
                    }
                    cur.push(Span::styled(c.to_string(), style));
                    used += cw;
                }
                continue;
            }
            cur.push(Span::styled(text, style));
            used += w;
        }
        push_line(&mut cur, &mut used);
    }
    out
}

/// Plain text of rendered lines (for tests and copying).
pub fn plain(lines: &[Line<'_>]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    fn st() -> MdStyle {
        MdStyle {
            text: Style::default(),
            heading: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            code: Style::default().fg(Color::Yellow),
            bullet: Style::default().fg(Color::DarkGray),
            quote: Style::default().add_modifier(Modifier::ITALIC),
        }
    }

    #[test]
    fn headings_are_styled_without_hashes() {
        let l = render("# 退款流程\n## Steps ##", &st());
        assert_eq!(plain(&l), vec!["退款流程", "Steps"]);
        assert_eq!(l[0].spans[0].style.fg, Some(Color::Cyan));
        assert!(l[0].spans[0]
            .style
            .add_modifier
            .contains(Modifier::UNDERLINED));
        assert!(l[1].spans[0].style.add_modifier.contains(Modifier::BOLD));
        // `#tag` without a space is text.
        assert_eq!(plain(&render("#tag", &st())), vec!["#tag"]);
    }

    #[test]
    fn lists_get_bullets_and_numbers() {
        let l = render(
            "- 重启设备\n* check cable\n  + nested\n1. 第一步\n12) second",
            &st(),
        );
        assert_eq!(
            plain(&l),
            vec![
                "• 重启设备",
                "• check cable",
                "  • nested",
                "1. 第一步",
                "12. second"
            ]
        );
    }

    #[test]
    fn emphasis_and_code_are_styled() {
        let l = render("请 **立即** 运行 `reset --all` 或 *稍后*", &st());
        let spans = &l[0].spans;
        let bold = spans.iter().find(|s| s.content == "立即").unwrap();
        assert!(bold.style.add_modifier.contains(Modifier::BOLD));
        let code = spans.iter().find(|s| s.content == "reset --all").unwrap();
        assert_eq!(code.style.fg, Some(Color::Yellow));
        let it = spans.iter().find(|s| s.content == "稍后").unwrap();
        assert!(it.style.add_modifier.contains(Modifier::ITALIC));
        assert_eq!(plain(&l), vec!["请 立即 运行 reset --all 或 稍后"]);
    }

    #[test]
    fn code_blocks_are_kept_verbatim() {
        let l = render("```sh\n**not bold** `x`\n```\nafter", &st());
        assert_eq!(plain(&l), vec!["  │ **not bold** `x`", "after"]);
        assert_eq!(l[0].spans[1].style.fg, Some(Color::Yellow));
    }

    #[test]
    fn unmatched_markers_and_snake_case_stay_as_written() {
        assert_eq!(
            plain(&render("a * b and `open", &st())),
            vec!["a * b and `open"]
        );
        assert_eq!(
            plain(&render("use my_var_name", &st())),
            vec!["use my_var_name"]
        );
        assert_eq!(plain(&render("2 ** 3", &st())), vec!["2 ** 3"]);
    }

    #[test]
    fn wrap_keeps_every_line_within_the_width() {
        let l = vec![Line::from(vec![
            Span::raw("技术支持/打印机 已发布"),
            Span::raw("  负责人: "),
            Span::styled("李娜", Style::default().fg(Color::Red)),
        ])];
        let w = wrap(l, 20);
        let text = plain(&w);
        assert_eq!(text, vec!["技术支持/打印机 已发", "布  负责人: 李娜"]);
        for t in &text {
            assert!(crate::domain::text::width(t) <= 20, "{t}");
        }
        assert_eq!(w[1].spans.last().unwrap().style.fg, Some(Color::Red));
        let w = wrap(vec![Line::raw("a verylongwordthatdoesnotfit end")], 10);
        assert_eq!(
            plain(&w),
            vec!["a", "verylongwo", "rdthatdoes", "notfit end"]
        );
        assert_eq!(plain(&wrap(vec![Line::raw("")], 10)), vec![""]);
    }

    #[test]
    fn quotes_rules_and_control_characters() {
        let l = render("> 注意\n---\nbad\u{1b}[31m", &st());
        assert_eq!(plain(&l)[0], "▎ 注意");
        assert_eq!(plain(&l)[1], "────────");
        assert!(!plain(&l)[2].contains('\u{1b}'));
    }
}
