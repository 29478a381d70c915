//! The ticket detail: fields, body, comments and history, scrolled as one page.

use super::extras;
use crate::app::keys::Context;
use crate::app::panes::tickets::Detail;
use crate::app::State;
use crate::domain::text::one_line;
use crate::ops::TicketView;
use crate::ui::i18n::{fill, strings};
use crate::ui::labels::{channel_label, priority_label, sla_cell, stage_label, type_label};
use crate::ui::text::clean_lines;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Draws the open ticket into `area`.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let Some(d) = &s.tickets.detail else {
        return;
    };
    let t = strings(s.lang);
    let Some(v) = &d.view else {
        f.render_widget(Paragraph::new(t.loading).style(th.dim), area);
        return;
    };
    let tk = &v.ticket;
    let nobody = t.nobody;
    let mut lines = head(s, v, Some(d), th);
    lines.extend(extras::detail_lines(s, d, th));
    lines.push(Line::raw(""));
    for l in clean_lines(&tk.body) {
        lines.push(Line::raw(l));
    }
    lines.extend(extras::timeline_lines(s, d, th));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("── {} ({}) ", t.detail_comments, d.comments.len()),
        th.header,
    ));
    for c in &d.comments {
        let kind = if c.internal {
            t.detail_note
        } else {
            t.detail_reply
        };
        let style = if c.internal { th.warn } else { th.accent };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} · {} · ",
                    crate::ui::text::time(s, c.created_at),
                    one_line(&c.author)
                ),
                th.dim,
            ),
            Span::styled(kind.to_string(), style),
        ]));
        for l in clean_lines(&c.body) {
            lines.push(Line::raw(format!("  {l}")));
        }
    }
    lines.extend(super::mail::mail_lines(s, &d.mail, th));
    for internal in [false, true] {
        if let Some(draft) = s.drafts.get(&(tk.id, internal)) {
            let kind = if internal {
                t.detail_note
            } else {
                t.detail_reply
            };
            lines.push(Line::styled(
                format!("{} ({kind}):", t.detail_draft),
                th.marked,
            ));
            for l in clean_lines(draft) {
                lines.push(Line::raw(format!("  {l}")));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("── {} ", t.detail_history), th.header));
    for e in &d.history {
        let change = match (&e.old, &e.new) {
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (None, Some(n)) => n.clone(),
            (Some(o), None) => format!("{o} → {nobody}"),
            (None, None) => String::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", crate::ui::text::time(s, e.at)), th.dim),
            Span::raw(one_line(&format!(
                "{} {} {} {}",
                e.actor,
                e.action,
                e.field.as_deref().unwrap_or(""),
                change
            ))),
        ]));
    }
    let keys = |name: &str| {
        s.keymap
            .keys_for(&[Context::Detail, Context::Global], name)
            .into_iter()
            .next()
            .unwrap_or_else(|| ":".to_string() + name)
    };
    let hint = fill(
        t.detail_keys,
        &[
            ("move", &keys("move")),
            ("assign", &keys("assign")),
            ("reply", &keys("reply")),
            ("note", &keys("note")),
            ("close", &keys("close")),
        ],
    );
    let max = framed(f, area, lines, d.scroll, Some(&hint), th);
    d.max_scroll.set(Some(max));
}

/// The selected row of the list, beside it when the screen is wide: its fields and body.
pub fn preview(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let Some(v) = s.tickets.list.current() else {
        framed(f, area, Vec::new(), 0, None, th);
        return;
    };
    let mut lines = head(s, v, None, th);
    lines.push(Line::raw(""));
    lines.extend(clean_lines(&v.ticket.body).into_iter().map(Line::raw));
    framed(f, area, lines, 0, None, th);
}

/// Draws `lines` under a top rule (titled with `hint`), with a rule on the left when
/// the text sits beside the list, scrolled by `scroll` but never past the last row;
/// returns how far it can scroll.
fn framed(
    f: &mut Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    scroll: u16,
    hint: Option<&str>,
    th: &Theme,
) -> u16 {
    let borders = if area.x > 0 {
        Borders::TOP | Borders::LEFT
    } else {
        Borders::TOP
    };
    let mut block = Block::default().borders(borders).border_style(th.border);
    if let Some(hint) = hint {
        block = block.title_top(Line::styled(format!(" {hint} "), th.dim).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = text.line_count(inner.width);
    let max = rows
        .saturating_sub(inner.height as usize)
        .min(u16::MAX as usize) as u16;
    f.render_widget(text.scroll((scroll.min(max), 0)), inner);
    max
}

/// The ticket's first lines: id and title, stage, type, priority, due, people, dates.
fn head(s: &State, v: &TicketView, d: Option<&Detail>, th: &Theme) -> Vec<Line<'static>> {
    let t = strings(s.lang);
    let tk = &v.ticket;
    let nobody = t.nobody;
    let label = |k: &str| -> Span<'static> { Span::styled(format!("{k}: "), th.dim) };
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(vec![
        Span::styled(format!("#{} ", tk.id), th.accent),
        Span::styled(one_line(&tk.title), th.header),
    ]));
    lines.push(Line::from(vec![
        label(t.detail_stage),
        Span::styled(
            one_line(stage_label(&s.workflow, &tk.ty, &tk.stage, s.lang)),
            th.accent,
        ),
        Span::raw("  "),
        label(t.detail_type),
        Span::raw(one_line(type_label(&s.workflow, &tk.ty, s.lang))),
        Span::raw("  "),
        label(t.detail_priority),
        Span::raw(priority_label(tk.priority, s.lang)),
        Span::raw("  "),
        label(t.detail_due),
        Span::styled(sla_cell(v, s), th.sla(v.sla)),
    ]));
    let mut who = vec![
        label(t.detail_customer),
        Span::raw(one_line(tk.customer.as_deref().unwrap_or(nobody))),
    ];
    if let Some(d) = d {
        who.extend(extras::warranty_spans(s, d, th));
    }
    who.extend([
        Span::raw("  "),
        label(t.detail_assignee),
        Span::raw(one_line(tk.assignee.as_deref().unwrap_or(nobody))),
        Span::raw("  "),
        label(t.detail_channel),
        Span::raw(channel_label(tk.channel, s.lang)),
    ]);
    lines.push(Line::from(who));
    lines.push(Line::from(vec![
        label(t.detail_created),
        Span::raw(crate::ui::text::time(s, tk.created_at)),
        Span::raw("  "),
        label(t.detail_version),
        Span::raw(tk.version.to_string()),
        Span::raw(format!("  ({})", one_line(&tk.updated_by))),
    ]));
    lines
}
