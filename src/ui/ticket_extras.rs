//! Drawing of the Tickets-pane extras: the SLA breakdown, warranty, tags, relations,
//! satisfaction and complaint timeline in the detail, and the customer and
//! return-visit panels.

use super::i18n::fill;
use super::i18n::ticket_extras::{extra_strings, ExtraStrings};
use super::text::{clean_lines, date, fit, time};
use super::theme::Theme;
use crate::app::keymap::Context;
use crate::app::state::{Detail, State};
use crate::app::ticket_extras::{ExtraPick, TicketPanel};
use crate::domain::sla_engine::{Clock, Phase};
use crate::domain::text::one_line;
use crate::domain::time::countdown;
use crate::domain::warranty::Warranty;
use crate::ops::CustomerView;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// The title of an extras picker.
pub fn pick_title(s: &State, k: ExtraPick) -> &'static str {
    let t = extra_strings(s.lang);
    match k {
        ExtraPick::Macro => t.pick_titles[0],
        ExtraPick::ReplyTemplate => t.pick_titles[1],
        ExtraPick::Csat => t.pick_titles[2],
    }
}

/// The warranty cell of the detail header (empty until loaded).
pub fn warranty_spans(s: &State, d: &Detail, th: &Theme) -> Vec<Span<'static>> {
    let t = extra_strings(s.lang);
    let Some(w) = d.info.as_ref().and_then(|i| i.warranty) else {
        return Vec::new();
    };
    let style = match w {
        Warranty::InWarranty => th.ok,
        Warranty::Expired => th.bad,
        Warranty::Unknown => th.dim,
    };
    vec![
        Span::raw("  "),
        Span::styled(format!("{}: ", t.warranty), th.dim),
        Span::styled(t.warranty_label(w).to_string(), style),
    ]
}

fn label(text: &str, th: &Theme) -> Span<'static> {
    Span::styled(format!("{text}: "), th.dim)
}

fn clock_line(s: &State, t: &ExtraStrings, name: &str, c: &Clock, th: &Theme) -> Line<'static> {
    let text = match (c.phase, c.met, c.due) {
        (Phase::Stopped, Some(false), _) => fill(t.missed, &[("at", &at(s, c.stopped_at))]),
        (Phase::Stopped, _, _) => fill(t.met, &[("at", &at(s, c.stopped_at))]),
        (_, _, Some(due)) => fill(
            t.due,
            &[("at", &time(s, due)), ("left", &countdown(c.left_secs()))],
        ),
        (_, _, None) => format!("{} ({})", t.paused, countdown(c.left_secs())),
    };
    let state = if c.phase == Phase::Stopped && c.met == Some(true) {
        String::new()
    } else {
        format!("  [{}]", t.state(c.state))
    };
    Line::from(vec![
        label(name, th),
        Span::styled(text, th.sla(c.state)),
        Span::styled(state, th.sla(c.state)),
    ])
}

/// A stage's label in any flow (a related ticket's type is not known here).
fn any_stage_label(s: &State, id: &str) -> String {
    crate::domain::sla_engine::stage_def(&s.workflow, "", id)
        .map(|st| st.label(s.lang.code()).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn at(s: &State, secs: Option<i64>) -> String {
    secs.map(|x| time(s, x)).unwrap_or_default()
}

/// The extras' lines of the detail: SLA, tags, relations, satisfaction, timeline.
pub fn detail_lines(s: &State, d: &Detail, th: &Theme) -> Vec<Line<'static>> {
    let t = extra_strings(s.lang);
    let Some(info) = &d.info else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(sla) = &info.sla {
        lines.push(Line::from(vec![
            Span::styled(format!("── {}: ", t.sla), th.header),
            Span::styled(t.state(sla.state).to_string(), th.sla(sla.state)),
        ]));
        if let Some(c) = &sla.first_response {
            lines.push(clock_line(s, t, t.first_response, c, th));
        }
        if let Some(c) = &sla.resolution {
            lines.push(clock_line(s, t, t.resolution, c, th));
        }
        if let Some(st) = &sla.stage {
            let stage = super::tickets::stage_label(
                &s.workflow,
                d.view.as_ref().map(|v| v.ticket.ty.as_str()).unwrap_or(""),
                &st.stage,
                s.lang,
            );
            let left = countdown(st.limit_secs - st.used_secs);
            lines.push(Line::from(vec![
                label(&fill(t.stage_limit, &[("stage", &one_line(stage))]), th),
                Span::styled(
                    fill(t.due, &[("at", &time(s, st.due)), ("left", &left)]),
                    th.sla(st.state),
                ),
                Span::styled(format!("  [{}]", t.state(st.state)), th.sla(st.state)),
            ]));
        }
        let paused: i64 = sla.pauses.iter().map(|p| p.wall_secs).sum();
        if paused > 0 || sla.paused_since.is_some() {
            let mut text = countdown(paused);
            if let Some(since) = sla.paused_since {
                text.push_str(" · ");
                text.push_str(&fill(t.paused_since, &[("at", &time(s, since))]));
            }
            lines.push(Line::from(vec![label(t.paused, th), Span::raw(text)]));
        }
        if !sla.reason.is_empty() {
            lines.push(Line::from(vec![
                label(t.reason, th),
                Span::raw(one_line(&sla.reason)),
            ]));
        }
    }
    let tags = if info.tags.is_empty() {
        t.none.to_string()
    } else {
        info.tags
            .iter()
            .map(|x| format!("#{}", one_line(x)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut tag_line = vec![label(t.tags, th), Span::styled(tags, th.accent)];
    if let Some(c) = &info.csat {
        let n = c.score.min(5) as usize;
        tag_line.push(Span::raw("  "));
        tag_line.push(label(t.csat, th));
        tag_line.push(Span::styled(
            format!("{}{} {}", "★".repeat(n), "☆".repeat(5 - n), c.score),
            th.warn,
        ));
    }
    lines.push(Line::from(tag_line));
    let r = &info.relations;
    let linked = r
        .parent
        .iter()
        .map(|l| (t.parent, l))
        .chain(r.duplicate_of.iter().map(|l| (t.duplicate_of, l)))
        .chain(r.children.iter().map(|l| (t.child, l)))
        .chain(r.related.iter().map(|l| (t.related, l)))
        .chain(r.duplicates.iter().map(|l| (t.duplicate, l)));
    for (kind, l) in linked {
        lines.push(Line::from(vec![
            label(t.relations, th),
            Span::styled(format!("{kind} #{} ", l.id), th.accent),
            Span::raw(one_line(&l.title)),
            Span::styled(
                format!(" [{}]", one_line(&any_stage_label(s, &l.stage))),
                th.dim,
            ),
        ]));
    }
    lines
}

/// The customer-facing timeline of a complaint, shown after the body.
pub fn timeline_lines(s: &State, d: &Detail, th: &Theme) -> Vec<Line<'static>> {
    let t = extra_strings(s.lang);
    let mut lines = Vec::new();
    let Some(info) = d.info.as_ref() else {
        return lines;
    };
    let ty = d.view.as_ref().map(|v| v.ticket.ty.as_str()).unwrap_or("");
    if !info.progress.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("── {} ({}) ", t.progress, info.progress.len()),
            th.header,
        ));
        for p in &info.progress {
            let kind = if p.kind == "update" {
                t.progress_update
            } else {
                t.progress_reply
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{} · ", time(s, p.at)), th.dim),
                Span::styled(
                    one_line(super::tickets::stage_label(
                        &s.workflow,
                        ty,
                        &p.stage,
                        s.lang,
                    )),
                    th.accent,
                ),
                Span::styled(format!(" · {kind} · {}", one_line(&p.author)), th.dim),
            ]));
            for l in clean_lines(&p.text) {
                lines.push(Line::raw(format!("  {l}")));
            }
        }
    }
    lines
}

/// Draws an open panel over `area`.
pub fn panel(s: &State, p: &TicketPanel, f: &mut Frame, area: Rect, th: &Theme) {
    let t = extra_strings(s.lang);
    let (title, lines, scroll) = match p {
        TicketPanel::Customer { view, scroll } => (
            fill(
                t.customer_title,
                &[("name", &one_line(&view.customer.name))],
            ),
            customer_lines(s, view, th),
            *scroll,
        ),
        TicketPanel::Visits { rows, scroll } => (
            t.visits_title.to_string(),
            visit_lines(s, rows, th),
            *scroll,
        ),
    };
    // The whole body, between the tab bar and the status bar: a partly covered
    // row could leave half of a wide character of the pane showing.
    let r = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    let key = |name: &str| {
        let keys = s.keymap.keys_for(&[Context::Help], name);
        // Esc is what people try first; show it when it is bound.
        keys.iter()
            .find(|k| *k == "esc")
            .or(keys.first())
            .cloned()
            .unwrap_or_else(|| ":".to_string() + name)
    };
    let hint = fill(
        t.panel_keys,
        &[
            ("scroll", &format!("{}/{}", key("down"), key("up"))),
            ("close", &key("close")),
        ],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border)
        .style(th.popup)
        .title(Span::styled(format!(" {title} "), th.accent))
        .title_bottom(Line::styled(format!(" {hint} "), th.dim).right_aligned());
    let inner = block.inner(r);
    f.render_widget(Clear, r);
    f.render_widget(block, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

fn customer_lines(s: &State, v: &CustomerView, th: &Theme) -> Vec<Line<'static>> {
    let t = extra_strings(s.lang);
    let c = &v.customer;
    let mut lines = Vec::new();
    let org = c.organization.as_deref().unwrap_or(t.none);
    lines.push(Line::from(vec![
        label(t.organization, th),
        Span::raw(one_line(org)),
    ]));
    let contacts: Vec<String> = [&c.email, &c.phone, &c.chat]
        .into_iter()
        .flatten()
        .map(|x| one_line(x))
        .collect();
    let contacts = if contacts.is_empty() {
        t.none.to_string()
    } else {
        contacts.join(" · ")
    };
    lines.push(Line::from(vec![label(t.contacts, th), Span::raw(contacts)]));
    for l in clean_lines(&c.notes) {
        lines.push(Line::styled(l, th.dim));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("── {} ({}) ", t.products, v.products.len()),
        th.header,
    ));
    if v.products.is_empty() {
        lines.push(Line::styled(format!("  {}", t.no_products), th.dim));
    }
    for p in &v.products {
        let style = match p.warranty {
            Warranty::InWarranty => th.ok,
            Warranty::Expired => th.bad,
            Warranty::Unknown => th.dim,
        };
        let serial = p
            .product
            .serial
            .as_deref()
            .map(|x| format!(" ({})", one_line(x)))
            .unwrap_or_default();
        let until = p
            .product
            .warranty_end
            .map(|d| format!(" {}", fill(t.warranty_until, &[("date", &d.to_string())])))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::raw(format!("  {}{serial}  ", one_line(&p.product.model))),
            Span::styled(t.warranty_label(p.warranty).to_string(), style),
            Span::styled(until, th.dim),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "── {} ",
            fill(
                t.history,
                &[
                    ("n", &v.history.len().to_string()),
                    ("open", &v.open_tickets.to_string())
                ]
            )
        ),
        th.header,
    ));
    for h in &v.history {
        let tk = &h.ticket;
        let (mark, style) = if h.done {
            (t.done, th.dim)
        } else {
            (t.open, th.warn)
        };
        let stage = super::tickets::stage_label(&s.workflow, &tk.ty, &tk.stage, s.lang);
        lines.push(Line::from(vec![
            Span::styled(format!("  #{} ", tk.id), th.accent),
            Span::styled(format!("{} ", date(s, tk.created_at)), th.dim),
            Span::styled(format!("{} ", fit(mark, 4)), style),
            Span::raw(one_line(&tk.title)),
            Span::styled(format!(" [{}]", one_line(stage)), th.dim),
        ]));
        if let Some(r) = &h.resolution {
            lines.push(Line::styled(format!("      ↳ {}", one_line(r)), th.dim));
        }
    }
    lines
}

fn visit_lines(
    s: &State,
    rows: &[crate::domain::service::Visit],
    th: &Theme,
) -> Vec<Line<'static>> {
    let t = extra_strings(s.lang);
    if rows.is_empty() {
        return vec![Line::styled(t.no_visits, th.dim)];
    }
    let mut lines = Vec::new();
    for v in rows {
        let who = v.assignee.as_deref().unwrap_or(t.none);
        lines.push(Line::from(vec![
            Span::styled(format!("#{} ", v.ticket_id), th.accent),
            Span::raw(one_line(&v.ticket_title)),
            Span::styled(
                format!(
                    "  {} · {} · {}",
                    v.due_on,
                    one_line(v.customer.as_deref().unwrap_or(t.none)),
                    one_line(who)
                ),
                th.dim,
            ),
        ]));
        if !v.note.trim().is_empty() {
            lines.push(Line::raw(format!("  {}", one_line(&v.note))));
        }
    }
    lines
}
