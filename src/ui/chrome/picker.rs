//! A picker drawn over the pane or over the new-ticket form: the query, the ranked
//! items (the assign picker with its score columns) and what choosing an item does.

use super::boxes::{boxed, centered};
use crate::app::chrome::form::NEW_CUSTOMER;
use crate::app::chrome::Picker;
use crate::app::command::{ArgKind, Choice};
use crate::app::State;
use crate::domain::text::one_line;
use crate::ui::i18n::tickets::tickets_strings;
use crate::ui::i18n::{fill, strings};
use crate::ui::text::{fit, fit_right};
use crate::ui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// A picker's title, from the kind of value it picks.
fn pick_title(s: &State, kind: ArgKind) -> &'static str {
    let t = strings(s.lang);
    let x = tickets_strings(s.lang);
    match kind {
        ArgKind::Stage => t.pick_titles[0],
        ArgKind::Agent => t.pick_titles[1],
        ArgKind::PriorityLevel => t.pick_titles[2],
        ArgKind::TicketType => t.pick_titles[3],
        ArgKind::SortColumn => t.pick_titles[4],
        ArgKind::ViewName => t.pick_titles[5],
        ArgKind::MacroId => x.pick_titles[0],
        ArgKind::TemplateId => x.pick_titles[1],
        ArgKind::Score => x.pick_titles[2],
        ArgKind::Customer => t.pick_customer,
        ArgKind::ChannelName => t.pick_channel,
        ArgKind::Me => t.pick_me,
        _ => t.palette_title,
    }
}

/// Draws a picker (also the one a form field opens).
pub(super) fn render(s: &State, p: &Picker, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    // The ranked assign picker shows score, load and reasons: give it room and headings.
    let ranked = p.kind == ArgKind::Agent && p.items.iter().any(|i| i.hint.len() > 24);
    let wide = ranked || p.kind == ArgKind::Me;
    let h = (p.items.len() as u16 + 4 + u16::from(ranked)).clamp(5, area.height - 4);
    let r = centered(area, if wide { 76 } else { 56 }, h);
    let inner = boxed(f, r, pick_title(s, p.kind), th);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", th.accent),
        Span::raw(one_line(&p.query.text)),
    ])];
    let lw = if p.kind == ArgKind::Me {
        (inner.width as usize * 2 / 3).max(10)
    } else if wide {
        16
    } else {
        (inner.width as usize * 3 / 5).max(10)
    };
    if ranked {
        // The ranking's columns (as the hints are laid out: fit, load, why).
        let h = tickets_strings(s.lang).assign_heads;
        lines.push(Line::styled(
            format!(
                "{}{} {} {}",
                fit(&format!(" {}", h[0]), lw),
                fit_right(h[1], 4),
                fit_right(h[2], 5),
                h[3]
            ),
            th.header,
        ));
    }
    let rows = inner.height.saturating_sub(lines.len() as u16) as usize;
    let start = p.selected.saturating_sub(rows.saturating_sub(1));
    for (n, i) in p.matches.iter().enumerate().skip(start).take(rows) {
        let item = &p.items[*i];
        let style = if n == p.selected {
            th.selected
        } else {
            th.popup
        };
        lines.push(Line::from(vec![
            Span::styled(fit(&format!(" {}", item_label(s, p.kind, item)), lw), style),
            Span::styled(
                fit(&item.hint, (inner.width as usize).saturating_sub(lw)),
                style.patch(th.dim),
            ),
        ]));
    }
    if p.matches.is_empty() {
        lines.push(Line::styled(t.pick_empty, th.dim));
    }
    f.render_widget(Paragraph::new(lines), inner);
    f.set_cursor_position(Position::new(
        inner.x + 2 + p.query.cursor_column() as u16,
        inner.y,
    ));
}

/// What a picker shows for an item: its label, or for the customer picker's own
/// items what choosing them does.
fn item_label(s: &State, kind: ArgKind, item: &Choice) -> String {
    let t = strings(s.lang);
    match item.value.strip_prefix(NEW_CUSTOMER) {
        Some(name) if kind == ArgKind::Customer => fill(t.form_new_customer, &[("name", name)]),
        _ if kind == ArgKind::Customer && item.value.is_empty() => t.form_no_customer.into(),
        Some(name) if kind == ArgKind::Me => fill(t.me_new, &[("name", name)]),
        None if kind == ArgKind::Me && !s.agents.iter().any(|a| a.name == item.value) => {
            fill(t.me_stay, &[("name", &item.value)])
        }
        _ => item.label.clone(),
    }
}
