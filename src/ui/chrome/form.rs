//! The new-ticket form: typed fields with a cursor, picked fields showing their
//! choice (or how to pick one), and the picker a field opens drawn over the form.

use super::boxes::{boxed, centered, key_of};
use crate::app::chrome::form::{Form, FormField};
use crate::app::keys::Context;
use crate::app::State;
use crate::domain::text::{one_line, width};
use crate::ui::i18n::{fill, note, strings};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// Draws the form, and over it the open field's picker.
pub fn render(s: &State, form: &Form, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let h = 11 + u16::from(form.error.is_some());
    let r = centered(area, 72, h);
    let inner = boxed(f, r, t.form_title, th);
    let ctx = [Context::Form, Context::Input];
    let choose = key_of(s, &ctx, "field-choose");
    let label_w = t.form_fields.iter().map(|l| width(l)).max().unwrap_or(8) + 2;
    let field_w = (inner.width as usize).saturating_sub(label_w);
    let mut lines = Vec::new();
    for (i, field) in FormField::ALL.iter().enumerate() {
        let focused = i == form.focus;
        let (shown, style) = match field {
            FormField::Title => (form.title.text.clone(), th.popup),
            FormField::Body => (form.body.text.replace('\n', "⏎"), th.popup),
            picked => match form.choice(*picked) {
                Some(c) if *picked == FormField::Customer => {
                    (customer(s, &c.value, &c.label), th.popup)
                }
                Some(c) => (c.label.clone(), th.popup),
                None => (fill(t.form_pick, &[("choose", &choose)]), th.dim),
            },
        };
        lines.push(Line::from(vec![
            Span::styled(
                fit(t.form_fields[i], label_w),
                if focused { th.accent } else { th.dim },
            ),
            Span::styled(
                fit(&one_line(&shown), field_w),
                if focused { th.selected } else { style },
            ),
        ]));
    }
    lines.push(Line::raw(""));
    if let Some(e) = &form.error {
        lines.push(Line::styled(note(e, s.lang), th.error));
    }
    lines.push(Line::styled(
        fill(
            t.form_keys,
            &[
                ("choose", &choose),
                ("next", &key_of(s, &ctx, "field-next")),
                // Enter picks in a form: name the form's own key for creating.
                ("submit", &key_of(s, &[Context::Form], "submit")),
                ("editor", &key_of(s, &ctx, "edit-external")),
                ("cancel", &key_of(s, &ctx, "cancel")),
            ],
        ),
        th.dim,
    ));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some(p) = &form.picker {
        super::picker::render(s, p, f, area, th);
        return;
    }
    if let Some(field) = form.text() {
        let col = field.cursor_column().min(field_w.saturating_sub(1));
        f.set_cursor_position(Position::new(
            inner.x + (label_w + col) as u16,
            inner.y + form.focus as u16,
        ));
    }
}

/// A chosen customer: the name, what none means, or the name to be created.
fn customer(s: &State, value: &str, label: &str) -> String {
    let t = strings(s.lang);
    if value.is_empty() {
        t.form_no_customer.to_string()
    } else if value.starts_with(crate::app::chrome::form::NEW_CUSTOMER) {
        fill(t.form_new_customer, &[("name", label)])
    } else {
        label.to_string()
    }
}
