//! Markdown for the terminal: pulldown-cmark parses (CommonMark), this file draws
//! the blocks and inline markup as styled ratatui lines and breaks them by display
//! width, so Chinese wraps between characters and never spills. Pure.

use crate::domain::text::sanitize;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use std::ops::Range;

/// The styles the renderer uses.
#[derive(Debug, Clone, Copy)]
pub struct MdStyle {
    pub text: Style,
    pub heading: Style,
    pub code: Style,
    pub bullet: Style,
    pub quote: Style,
}

/// Renders Markdown `src` as lines (wrapping is left to [`wrap`]). Line breaks
/// inside a paragraph are kept, as in the source (people write Chinese one sentence
/// a line), and so are blank lines between blocks.
pub fn render(src: &str, st: &MdStyle) -> Vec<Line<'static>> {
    // Tabs and control characters would break the layout.
    let src = sanitize(&src.replace('\t', "    "));
    let mut r = Renderer::new(&src, st);
    for (event, range) in Parser::new_ext(&src, Options::empty()).into_offset_iter() {
        r.event(event, range);
    }
    r.flush();
    r.out
}

/// One list being drawn: the next item number, for ordered lists.
struct List {
    next: Option<u64>,
}

/// Turns parser events into lines: block structure into prefixes (bullets, quote
/// bars, the code gutter), inline markup into styles.
struct Renderer<'a> {
    src: &'a str,
    st: &'a MdStyle,
    out: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    /// The current line has been started (its prefix is in `cur`).
    open: bool,
    /// Spans of `cur` that are its prefix.
    prefix: usize,
    /// The bullet or number of an item whose first line is not started yet.
    marker: Option<Vec<Span<'static>>>,
    lists: Vec<List>,
    quotes: usize,
    heading: Option<HeadingLevel>,
    code: bool,
    bold: usize,
    italic: usize,
    link: Option<String>,
    /// Where the last block ended in `src`, to find the blank lines before the next.
    last_end: usize,
}

impl<'a> Renderer<'a> {
    fn new(src: &'a str, st: &'a MdStyle) -> Renderer<'a> {
        Renderer {
            src,
            st,
            out: Vec::new(),
            cur: Vec::new(),
            open: false,
            prefix: 0,
            marker: None,
            lists: Vec::new(),
            quotes: 0,
            heading: None,
            code: false,
            bold: 0,
            italic: 0,
            link: None,
            last_end: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range.start),
            Event::End(tag) => self.end(tag, range.end),
            Event::Text(t) if self.code => self.code_text(&t),
            Event::Text(t) => self.text(&t, self.style()),
            Event::Code(t) => self.text(&t, self.st.code),
            Event::Html(t) | Event::InlineHtml(t) => {
                for (i, l) in t.trim_end_matches('\n').split('\n').enumerate() {
                    if i > 0 {
                        self.flush();
                    }
                    self.text(l, self.st.text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.ensure();
                self.flush();
            }
            Event::Rule => {
                self.blanks(range.start);
                self.flush();
                self.out.push(Line::styled("────────", self.st.bullet));
                self.last_end = range.end;
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::Paragraph => self.block(at),
            Tag::Heading { level, .. } => {
                self.block(at);
                self.heading = Some(level);
            }
            Tag::BlockQuote(_) => {
                self.block(at);
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => {
                self.block(at);
                self.code = true;
            }
            Tag::HtmlBlock => self.block(at),
            Tag::List(start) => {
                self.block(at);
                self.lists.push(List { next: start });
            }
            Tag::Item => {
                self.block(at);
                let depth = self.lists.len().saturating_sub(1);
                let mark = match self.lists.last_mut().and_then(|l| l.next.as_mut()) {
                    Some(n) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    None => "• ".to_string(),
                };
                let mut spans = self.quote_prefix();
                spans.push(Span::styled(
                    format!("{}{mark}", "  ".repeat(depth)),
                    self.st.bullet,
                ));
                self.marker = Some(spans);
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.link = Some(dest_url.to_string()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, at: usize) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.end_block(at),
            TagEnd::Heading(_) => {
                self.heading = None;
                self.end_block(at);
            }
            TagEnd::BlockQuote(_) => {
                self.quotes = self.quotes.saturating_sub(1);
                self.end_block(at);
            }
            TagEnd::CodeBlock => {
                self.code = false;
                self.end_block(at);
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.end_block(at);
            }
            TagEnd::Item => {
                // An empty item still shows its bullet.
                if self.marker.is_some() {
                    self.ensure();
                }
                self.end_block(at);
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                if let Some(url) = self.link.take() {
                    let shown: String = self.cur.iter().map(|s| s.content.as_ref()).collect();
                    if !shown.ends_with(&url) {
                        self.text(&format!(" <{url}>"), self.st.bullet);
                    }
                }
            }
            _ => {}
        }
    }

    /// A block starts at `at`: the blank lines before it, then a fresh line.
    fn block(&mut self, at: usize) {
        self.blanks(at);
        // Text after an item's bullet goes on the bullet's line.
        if self.marker.is_none() {
            self.flush();
        }
    }

    fn end_block(&mut self, at: usize) {
        self.flush();
        // A block's range may take in the blank lines after it: they belong to the gap.
        let at = at.min(self.src.len());
        let mut end = self.src[..at].trim_end().len();
        if self.src[end..].starts_with('\n') {
            end += 1;
        }
        self.last_end = self.last_end.max(end);
    }

    /// Shows the blank source lines between the last block and `at`.
    fn blanks(&mut self, at: usize) {
        if at <= self.last_end || at > self.src.len() {
            return;
        }
        let gap = &self.src[self.last_end..at];
        let parts: Vec<&str> = gap.split('\n').collect();
        let at_line_start =
            self.last_end == 0 || self.src.as_bytes().get(self.last_end - 1) == Some(&b'\n');
        let blank = |l: &str| l.trim_matches(|c: char| c == ' ' || c == '>').is_empty();
        let mut n = parts
            .iter()
            .skip(1)
            .take(parts.len().saturating_sub(2))
            .filter(|l| blank(l))
            .count();
        if at_line_start && parts.len() > 1 && blank(parts[0]) {
            n += 1;
        }
        if n > 0 {
            self.flush();
            let prefix = self.quote_prefix();
            for _ in 0..n {
                self.out.push(if prefix.is_empty() {
                    Line::raw("")
                } else {
                    Line::from(prefix.clone())
                });
            }
        }
        self.last_end = at;
    }

    fn quote_prefix(&self) -> Vec<Span<'static>> {
        (0..self.quotes)
            .map(|_| Span::styled("▎ ", self.st.bullet))
            .collect()
    }

    /// Starts the current line with its prefix: an item's bullet, else the quote bars
    /// and the indentation of the items it is in.
    fn ensure(&mut self) {
        if self.open {
            return;
        }
        self.cur = match self.marker.take() {
            Some(m) => m,
            None => {
                let mut p = self.quote_prefix();
                if !self.lists.is_empty() {
                    p.push(Span::raw("  ".repeat(self.lists.len())));
                }
                p
            }
        };
        self.prefix = self.cur.len();
        self.open = true;
    }

    fn flush(&mut self) {
        if self.open {
            self.out.push(Line::from(std::mem::take(&mut self.cur)));
            self.open = false;
        }
    }

    /// The style of running text here.
    fn style(&self) -> Style {
        let mut s = match self.heading {
            Some(HeadingLevel::H1) => self.st.heading.add_modifier(Modifier::UNDERLINED),
            Some(_) => self.st.heading,
            None if self.quotes > 0 => self.st.quote,
            None => self.st.text,
        };
        if self.bold > 0 {
            s = s.add_modifier(Modifier::BOLD);
        }
        if self.italic > 0 {
            s = s.add_modifier(Modifier::ITALIC);
        }
        if self.link.is_some() {
            s = s.add_modifier(Modifier::UNDERLINED);
        }
        s
    }

    fn text(&mut self, t: &str, style: Style) {
        if t.is_empty() {
            return;
        }
        self.ensure();
        // Neighbouring text of one style is one span.
        let own = self.cur.len() > self.prefix;
        match self.cur.last_mut() {
            Some(last) if own && last.style == style => last.content.to_mut().push_str(t),
            _ => self.cur.push(Span::styled(t.to_string(), style)),
        }
    }

    /// The lines of a code block, in the gutter, as written.
    fn code_text(&mut self, t: &str) {
        let t = t.strip_suffix('\n').unwrap_or(t);
        for l in t.split('\n') {
            self.flush();
            let mut spans = self.quote_prefix();
            spans.push(Span::styled("  │ ", self.st.bullet));
            spans.push(Span::styled(l.trim_end().to_string(), self.st.code));
            self.out.push(Line::from(spans));
        }
    }
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

    #[test]
    fn blank_lines_and_line_breaks_are_kept_as_written() {
        let l = render("第一句。\n第二句。\n\n\n- 一\n\n- 二\n\n后记", &st());
        assert_eq!(
            plain(&l),
            vec![
                "第一句。",
                "第二句。",
                "",
                "",
                "• 一",
                "",
                "• 二",
                "",
                "后记"
            ]
        );
    }

    #[test]
    fn nested_items_continue_under_their_bullet_and_links_show_where_they_go() {
        let l = render(
            "1. 打开前盖\n   再取出纸张\n   - 小心 [说明](https://example.com/a)\n> 引用\n> 第二行",
            &st(),
        );
        assert_eq!(
            plain(&l),
            vec![
                "1. 打开前盖",
                "  再取出纸张",
                "  • 小心 说明 <https://example.com/a>",
                "▎ 引用",
                "▎ 第二行"
            ]
        );
        let link = l[2].spans.iter().find(|s| s.content == "说明").unwrap();
        assert!(link.style.add_modifier.contains(Modifier::UNDERLINED));
    }

    #[test]
    fn empty_and_html_input() {
        assert!(render("", &st()).is_empty());
        assert_eq!(plain(&render("<b>x</b>", &st())), vec!["<b>x</b>"]);
    }
}
