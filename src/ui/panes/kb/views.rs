//! The Knowledge base pane's other views: search results with the matches
//! highlighted, articles suggested for a ticket, and playbooks with the checklists
//! of their incidents.

use super::article::article_lines;
use crate::app::{Lang, State};
use crate::domain::playbook::StepState;
use crate::domain::search::Kind;
use crate::domain::text::{one_line, width};
use crate::ui::i18n::kb::kb_strings;
use crate::ui::markdown::wrap;
use crate::ui::text::{fit, fit_right, time};
use crate::ui::theme::Theme;
use crate::ui::widgets::split;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// The style of highlighted matches.
fn highlight(th: &Theme) -> Style {
    th.warn.add_modifier(Modifier::UNDERLINED)
}

/// `text` in at most `cols` columns with the character ranges `marks` highlighted,
/// padded to `cols`.
pub fn marked_spans(
    text: &str,
    marks: &[(usize, usize)],
    cols: usize,
    base: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut buf = String::new();
    let mut buf_hl = false;
    for (i, c) in text.chars().enumerate() {
        let c = if c.is_control() { ' ' } else { c };
        let w = width(&c.to_string());
        if used + w > cols {
            break;
        }
        let on = marks.iter().any(|(s, e)| i >= *s && i < *e);
        if on != buf_hl && !buf.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut buf),
                if buf_hl { hl } else { base },
            ));
        }
        buf_hl = on;
        buf.push(c);
        used += w;
    }
    if !buf.is_empty() {
        spans.push(Span::styled(buf, if buf_hl { hl } else { base }));
    }
    if used < cols {
        spans.push(Span::styled(" ".repeat(cols - used), base));
    }
    spans
}

fn kind_label(k: Kind, lang: Lang) -> &'static str {
    let ks = kb_strings(lang).kinds;
    match k {
        Kind::Ticket => ks[0],
        Kind::Article => ks[1],
        Kind::Customer => ks[2],
        Kind::Project => ks[3],
    }
}

fn right_block(f: &mut Frame, right: Rect, th: &Theme) -> Rect {
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(th.border);
    let inner = block.inner(right);
    f.render_widget(block, right);
    inner
}

/// A list row: the selection marker and the row's spans.
fn row(sel: bool, spans: Vec<Span<'static>>, th: &Theme) -> Line<'static> {
    let mut out = vec![Span::styled(if sel { ">" } else { " " }, th.base)];
    for sp in spans {
        let style = if sel {
            sp.style.patch(th.selected)
        } else {
            sp.style
        };
        out.push(Span::styled(sp.content, style));
    }
    Line::from(out)
}

/// Search results: kind, title with matches, context; the selected one's excerpt.
pub fn search(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let k = kb_strings(s.lang);
    let (left, right) = split(area);
    let w = left.width.saturating_sub(2) as usize;
    let head = format!(
        "{}: {}  ({})",
        k.search_title,
        one_line(&s.kb.query),
        s.kb.hits.len()
    );
    let mut lines = vec![Line::styled(fit(&head, w + 1), th.header)];
    let hl = highlight(th);
    let rows = left.height.saturating_sub(1) as usize;
    let ctx_w = if w >= 60 { 12 } else { 0 };
    let kw = k.kinds.iter().map(|l| width(l)).max().unwrap_or(4) + 1;
    for (i, h) in
        s.kb.hits
            .iter()
            .enumerate()
            .skip(s.kb.hit.offset)
            .take(rows)
    {
        let mut spans = vec![
            Span::styled(fit(kind_label(h.kind, s.lang), kw), th.dim),
            Span::styled(fit_right(&format!("#{}", h.id), 7), th.dim),
            Span::raw(" "),
        ];
        let title_w = w.saturating_sub(kw + 8 + ctx_w + usize::from(ctx_w > 0));
        spans.extend(marked_spans(&h.title, &h.title_marks, title_w, th.base, hl));
        if ctx_w > 0 {
            spans.push(Span::styled(
                format!(" {}", fit(h.context.as_deref().unwrap_or(""), ctx_w)),
                th.dim,
            ));
        }
        lines.push(row(i == s.kb.hit.selected, spans, th));
    }
    if s.kb.searching {
        lines.push(Line::styled(format!("  {}", k.searching), th.dim));
    } else if s.kb.hits.is_empty() {
        lines.push(Line::styled(format!("  {}", k.no_hits), th.dim));
    }
    f.render_widget(Paragraph::new(lines), left);
    let inner = right_block(f, right, th);
    let Some(h) = s.kb.hits.get(s.kb.hit.selected) else {
        return;
    };
    let iw = inner.width as usize;
    let mut lines = vec![Line::from(marked_spans(
        &h.title,
        &h.title_marks,
        iw,
        th.header,
        hl,
    ))];
    lines.push(Line::styled(
        format!(
            "{} #{}  {}  {}",
            kind_label(h.kind, s.lang),
            h.id,
            one_line(h.context.as_deref().unwrap_or("")),
            time(s, h.updated_at)
        ),
        th.dim,
    ));
    lines.push(Line::raw(""));
    // The excerpt wraps: highlight by character ranges without cutting.
    let sw = width(&h.snippet.text);
    lines.push(Line::from(marked_spans(
        &h.snippet.text,
        &h.snippet.marks,
        sw,
        th.base,
        hl,
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled(k.open_hint, th.dim));
    f.render_widget(Paragraph::new(wrap(lines, inner.width)), inner);
}

/// Articles suggested for a ticket, best first, with the selected one's text.
pub fn suggest(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let k = kb_strings(s.lang);
    let (left, right) = split(area);
    let w = left.width.saturating_sub(2) as usize;
    let head = match &s.kb.ticket {
        Some(t) => format!("{} #{} {}", k.suggest_title, t.id, one_line(&t.title)),
        None => k.suggest_title.to_string(),
    };
    let mut lines = vec![Line::styled(fit(&head, w + 1), th.header)];
    let rows = left.height.saturating_sub(1) as usize;
    for (i, x) in
        s.kb.suggestions
            .iter()
            .enumerate()
            .skip(s.kb.suggestion.offset)
            .take(rows)
    {
        let solved =
            s.kb.view_of(x.article.id)
                .map(|v| v.solved_count)
                .unwrap_or(0);
        let mark = if x.linked { k.already } else { "" };
        let title_w = w.saturating_sub(6 + 7 + 5);
        let spans = vec![
            Span::styled(fit_right(&format!("{:.2}", x.score), 5), th.dim),
            Span::raw(" "),
            Span::styled(fit(&x.article.title, title_w), th.base),
            Span::styled(fit(mark, 7), th.ok),
            Span::styled(fit_right(&solved.to_string(), 4), th.ok),
        ];
        lines.push(row(i == s.kb.suggestion.selected, spans, th));
    }
    if s.kb.suggestions.is_empty() {
        lines.push(Line::styled(format!("  {}", k.no_suggestions), th.dim));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" {}", k.suggest_hint), th.dim));
    f.render_widget(Paragraph::new(wrap(lines, left.width)), left);
    let inner = right_block(f, right, th);
    if let Some(x) = s.kb.suggestions.get(s.kb.suggestion.selected) {
        let lines = article_lines(s, &x.article, th);
        f.render_widget(Paragraph::new(wrap(lines, inner.width)), inner);
    }
}

/// Playbooks, then incidents with their progress; the selected one's steps.
pub fn playbooks(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let k = kb_strings(s.lang);
    let code = s.lang.code();
    let (left, right) = split(area);
    let w = left.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        fit(&format!("{} / {}", k.playbook, k.incident), w + 1),
        th.header,
    )];
    let np = s.kb.playbooks.len();
    let rows = left.height.saturating_sub(1) as usize;
    let total = np + s.kb.incidents.len();
    for i in (0..total).skip(s.kb.pb.offset).take(rows) {
        let sel = i == s.kb.pb.selected;
        let spans = if let Some(p) = s.kb.playbooks.get(i) {
            let name = if code == "zh" { &p.zh } else { &p.en };
            vec![
                Span::styled(fit(k.playbook, 5), th.accent),
                Span::styled(fit(name, w.saturating_sub(14)), th.base),
                Span::styled(
                    fit_right(&format!("{} {}", p.steps.len(), k.steps), 8),
                    th.dim,
                ),
            ]
        } else {
            let inc = &s.kb.incidents[i - np];
            let (done, all) = inc.progress();
            let overdue = inc.overdue(s.now);
            let tag = if inc.drill { k.drill } else { k.incident };
            let state = if inc.closed_at.is_some() {
                (k.completed.to_string(), th.ok)
            } else if overdue > 0 {
                (format!("{} {overdue}", k.overdue), th.bad)
            } else {
                (k.active.to_string(), th.warn)
            };
            vec![
                Span::styled(fit(tag, 5), if inc.drill { th.dim } else { th.bad }),
                Span::styled(
                    fit(
                        &format!("#{} {}", inc.id, inc.name(code)),
                        w.saturating_sub(22),
                    ),
                    th.base,
                ),
                Span::styled(fit_right(&format!("{done}/{all}"), 6), th.base),
                Span::raw(" "),
                Span::styled(fit(&state.0, 8), state.1),
            ]
        };
        lines.push(row(sel, spans, th));
    }
    if total == 0 {
        lines.push(Line::styled(format!("  {}", k.no_playbooks), th.dim));
    }
    f.render_widget(Paragraph::new(lines), left);
    let inner = right_block(f, right, th);
    let sel = s.kb.pb.selected;
    let mut out = Vec::new();
    if let Some(p) = s.kb.playbooks.get(sel) {
        let name = if code == "zh" { &p.zh } else { &p.en };
        out.push(Line::styled(
            format!("{} · {}", one_line(name), p.id),
            th.header,
        ));
        out.push(Line::raw(""));
        for (n, st) in p.steps.iter().enumerate() {
            let title = if code == "zh" { &st.zh } else { &st.en };
            let who = st.person.as_deref().or(st.role.as_deref()).unwrap_or("");
            out.push(Line::from(vec![
                Span::styled(format!("{:>2}. ", n + 1), th.dim),
                Span::raw(one_line(title)),
            ]));
            out.push(Line::styled(
                format!("    {who}  {} {} min", k.within, st.limit_minutes),
                th.dim,
            ));
        }
        out.push(Line::raw(""));
        out.push(Line::styled(k.playbook_hint, th.dim));
    } else if let Some(inc) = sel.checked_sub(np).and_then(|i| s.kb.incidents.get(i)) {
        let (done, all) = inc.progress();
        let tag = if inc.drill { k.drill } else { k.incident };
        out.push(Line::styled(
            format!("{tag} #{} {}", inc.id, one_line(inc.name(code))),
            th.header,
        ));
        let mut facts = format!(
            "{} {} · {}",
            k.started,
            time(s, inc.started_at),
            one_line(&inc.started_by)
        );
        if let Some(t) = inc.ticket_id {
            facts.push_str(&format!(" · #{t}"));
        }
        out.push(Line::styled(facts, th.dim));
        out.push(Line::from(progress_bar(done, all, 20, th)));
        out.push(Line::raw(""));
        for st in &inc.steps {
            let state = st.state(s.now);
            let (boxed, style) = match state {
                StepState::Done => ("[x]", th.ok),
                StepState::Overdue => ("[!]", th.bad),
                StepState::Open => ("[ ]", th.base),
            };
            out.push(Line::from(vec![
                Span::styled(format!("{boxed} {}. ", st.no), style),
                Span::styled(
                    one_line(st.title(code)),
                    if state == StepState::Done {
                        th.dim
                    } else {
                        th.base
                    },
                ),
            ]));
            let when = match (state, st.done_at) {
                (StepState::Done, Some(at)) => format!(
                    "✓ {} {}",
                    short_time(s, at),
                    one_line(st.done_by.as_deref().unwrap_or(""))
                ),
                (StepState::Overdue, _) => {
                    format!("{} {} {}", k.overdue, k.due, short_time(s, st.due_at))
                }
                _ => format!("{} {}", k.due, short_time(s, st.due_at)),
            };
            out.push(Line::from(vec![
                Span::styled(format!("      {}  ", one_line(st.who())), th.dim),
                Span::styled(
                    when,
                    if state == StepState::Overdue {
                        th.bad
                    } else {
                        th.dim
                    },
                ),
            ]));
        }
        out.push(Line::raw(""));
        out.push(Line::styled(k.incident_hint, th.dim));
    }
    f.render_widget(Paragraph::new(wrap(out, inner.width)), inner);
}

/// `HH:MM` today, else `MM-DD HH:MM`: checklists are read within days.
fn short_time(s: &State, secs: i64) -> String {
    let full = time(s, secs);
    if full.get(..10) == time(s, s.now).get(..10) {
        full.get(11..).unwrap_or_default().to_string()
    } else {
        full.get(5..).unwrap_or_default().to_string()
    }
}

fn progress_bar(done: usize, all: usize, cols: usize, th: &Theme) -> Vec<Span<'static>> {
    let filled = (done * cols).checked_div(all).unwrap_or(0);
    vec![
        Span::styled("█".repeat(filled), th.ok),
        Span::styled("░".repeat(cols - filled), th.dim),
        Span::raw(format!(" {done}/{all}")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_highlighted_and_cut_to_width() {
        let base = Style::default();
        let hl = Style::default().add_modifier(Modifier::BOLD);
        let sp = marked_spans("申请退款流程", &[(2, 4)], 9, base, hl);
        let text: Vec<_> = sp
            .iter()
            .map(|s| (s.content.to_string(), s.style == hl))
            .collect();
        assert_eq!(
            text,
            vec![
                ("申请".to_string(), false),
                ("退款".to_string(), true),
                // 流 is two columns wide and would pass 9: a space pads instead.
                (" ".to_string(), false)
            ]
        );
    }
}
