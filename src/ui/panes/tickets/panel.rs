//! The Tickets pane's panels over the list or detail: the customer view and today's
//! return visits.

use super::extras::label;
use crate::app::keys::Context;
use crate::app::msg::Panel;
use crate::app::State;
use crate::domain::text::one_line;
use crate::domain::warranty::Warranty;
use crate::ops::CustomerView;
use crate::ui::i18n::fill;
use crate::ui::i18n::tickets::tickets_strings;
use crate::ui::text::{clean_lines, date, fit};
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Draws an open panel over `area`.
pub fn render(s: &State, p: &Panel, scroll: u16, f: &mut Frame, area: Rect, th: &Theme) {
    let t = tickets_strings(s.lang);
    let (title, lines) = match p {
        Panel::Customer(view) => (
            fill(
                t.customer_title,
                &[("name", &one_line(&view.customer.name))],
            ),
            customer_lines(s, view, th),
        ),
        Panel::Visits(rows) => (t.visits_title.to_string(), visit_lines(s, rows, th)),
        Panel::Outbox(rows) => (
            if s.lang == crate::app::Lang::Zh {
                format!("发件箱（{}）", rows.len())
            } else {
                format!("Outbox ({})", rows.len())
            },
            super::mail::outbox_lines(s, rows, th),
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
    crate::ui::chrome::clear(f, r);
    f.render_widget(block, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}

fn customer_lines(s: &State, v: &CustomerView, th: &Theme) -> Vec<Line<'static>> {
    let t = tickets_strings(s.lang);
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
            .map(|d| {
                // An expired warranty ended on that day; only a running one lasts "until".
                let tpl = if p.warranty == Warranty::Expired {
                    t.warranty_ended
                } else {
                    t.warranty_until
                };
                format!(" {}", fill(tpl, &[("date", &d.to_string())]))
            })
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
        let stage = crate::ui::labels::stage_label(&s.workflow, &tk.ty, &tk.stage, s.lang);
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
    let t = tickets_strings(s.lang);
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
