//! Whatever floats over the pane: the open dialog (palette, picker, form, help,
//! conflict, panel), the which-key box and toasts.

use super::boxes::boxed;
use crate::app::chrome::{Overlay, Palette};
use crate::app::command::find;
use crate::app::msg::Level;
use crate::app::State;
use crate::domain::text::{one_line, width};
use crate::ui::i18n::{describe, note, strings};
use crate::ui::text::fit;
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
        Overlay::Picker(p) => super::picker::render(s, p, f, area, th),
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
