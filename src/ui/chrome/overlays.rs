//! Whatever floats over the pane: the open dialog (palette, picker, form, help,
//! conflict, panel), the which-key box and toasts.

use super::boxes::{boxed, centered};
use crate::app::chrome::form::NEW_CUSTOMER;
use crate::app::chrome::{Overlay, Palette, Picker};
use crate::app::command::{find, ArgKind, Choice};
use crate::app::msg::Level;
use crate::app::State;
use crate::domain::text::{one_line, width};
use crate::ui::i18n::tickets::tickets_strings;
use crate::ui::i18n::{describe, fill, note, strings};
use crate::ui::text::{fit, fit_right};
use crate::ui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Draws whatever floats over the pane. Messages go first, so a dialog drawn after
/// them is never written over.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    toasts(s, f, area, th);
    match &s.overlay {
        Overlay::Help { scroll } => super::help::help(s, *scroll, f, area, th),
        Overlay::Palette(p) => palette(s, p, f, area, th),
        Overlay::Picker(p) => picker(s, p, f, area, th),
        Overlay::Form(form) => super::form::render(s, form, f, area, th),
        Overlay::Conflict(c) => super::conflict::render(s, c, f, area, th),
        Overlay::Confirm(c) => super::confirm::render(s, c, f, area, th),
        Overlay::Panel { panel, scroll } => {
            crate::ui::panes::tickets::panel(s, panel, *scroll, f, area, th)
        }
        Overlay::Prompt(_) | Overlay::None => {}
    }
    super::help::which_key(s, f, area, th);
}

fn palette(s: &State, p: &Palette, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let h = (p.completions.len() as u16 + 3).clamp(4, 14);
    let w = 76.min(area.width - 4);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let inner = boxed(f, r, t.palette_title, th);
    let typing_name = !p.input.text.trim_start().contains(' ');
    let mut lines = vec![Line::from(vec![
        Span::styled(":", th.accent),
        Span::raw(one_line(&p.input.text)),
    ])];
    if let Some(e) = &p.error {
        lines.push(Line::styled(
            crate::ui::i18n::command_error(e, s.lang),
            th.error,
        ));
    }
    let rows = inner.height.saturating_sub(lines.len() as u16) as usize;
    let start = p.selected.saturating_sub(rows.saturating_sub(1));
    for (i, c) in p.completions.iter().enumerate().skip(start).take(rows) {
        let desc = match find(c.text.trim()) {
            Some(spec) if typing_name => describe(spec, s.lang).to_string(),
            _ => c.desc.clone(),
        };
        let style = if i == p.selected {
            th.selected
        } else {
            th.popup
        };
        lines.push(Line::from(vec![
            Span::styled(fit(&c.label, 24), style.patch(th.accent)),
            Span::styled(fit(&desc, (inner.width as usize).saturating_sub(24)), style),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
    f.set_cursor_position(Position::new(
        inner.x + 1 + p.input.cursor_column() as u16,
        inner.y,
    ));
}

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
pub(super) fn picker(s: &State, p: &Picker, f: &mut Frame, area: Rect, th: &Theme) {
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

/// Messages stack up from the row above the status bar, right-aligned: they cover
/// list rows for a moment but never the tab bar or the column headings.
fn toasts(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let top = area.y + crate::app::layout::LIST_TOP;
    let mut y = area.bottom().saturating_sub(2);
    for toast in s.toasts.iter().rev() {
        if y < top {
            break;
        }
        let text = format!(" {} ", note(&toast.note, s.lang));
        let w = (width(&text) as u16).min(area.width.saturating_sub(2));
        let r = Rect::new(area.right().saturating_sub(w + 1), y, w, 1);
        let style = match toast.level {
            Level::Info => th.popup.patch(th.ok),
            Level::Warn => th.popup.patch(th.warn),
            Level::Error => th.popup.patch(th.error),
        };
        super::boxes::clear(f, r);
        f.render_widget(Paragraph::new(fit(&text, w as usize)).style(style), r);
        y = y.saturating_sub(1);
    }
}
