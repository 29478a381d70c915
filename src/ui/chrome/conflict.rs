//! The conflict dialog: their version, the one I saw, my change, and the keys to
//! apply mine on top or keep theirs.

use super::boxes::{boxed, centered, key_of};
use crate::app::chrome::Conflict;
use crate::app::keys::Context;
use crate::app::msg::Change;
use crate::app::{Lang, State};
use crate::domain::text::{one_line, truncate, width};
use crate::domain::ticket::Ticket;
use crate::ui::i18n::{fill, strings};
use crate::ui::labels::{priority_label, stage_label, type_label};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

/// A ticket's title and the fields a change touches, with its version.
fn ticket_line(s: &State, t: &Ticket) -> String {
    let nobody = strings(s.lang).nobody;
    format!(
        "{} · {} · {} · {} · v{}",
        truncate(&one_line(&t.title), 24),
        stage_label(&s.workflow, &t.ty, &t.stage, s.lang),
        priority_label(t.priority, s.lang),
        one_line(t.assignee.as_deref().unwrap_or(nobody)),
        t.version
    )
}

/// Who changed the ticket: the operation's own words in English, ours in Chinese.
fn message(s: &State, c: &Conflict) -> String {
    match s.lang {
        Lang::En => one_line(&c.message),
        Lang::Zh => fill(
            strings(s.lang).conflict_changed,
            &[
                ("id", &c.theirs.id.to_string()),
                ("who", &one_line(&c.theirs.updated_by)),
                ("theirs", &c.theirs.version.to_string()),
                (
                    "mine",
                    &c.write.expected.map(|v| v.to_string()).unwrap_or_default(),
                ),
            ],
        ),
    }
}

/// Draws the dialog.
pub fn render(s: &State, c: &Conflict, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let mine = match &c.write.change {
        Change::Move(v) => {
            let ty = &c.theirs.ty;
            fill(
                t.change_move,
                &[("v", stage_label(&s.workflow, ty, v, s.lang))],
            )
        }
        Change::Assign(v) => fill(t.change_assign, &[("v", v.as_deref().unwrap_or(t.nobody))]),
        Change::Priority(v) => fill(t.change_priority, &[("v", v)]),
        Change::Type(v) | Change::Retype { ty: v, .. } => {
            fill(t.change_type, &[("v", type_label(&s.workflow, v, s.lang))])
        }
        Change::Comment { text, internal } => fill(
            if *internal {
                t.change_note
            } else {
                t.change_reply
            },
            &[("v", &one_line(text))],
        ),
    };
    let ctx = [Context::Conflict];
    let message = message(s, c);
    let mut lines = vec![
        Line::styled(message.clone(), th.warn),
        Line::raw(""),
        Line::from(vec![
            Span::styled(fit(t.conflict_theirs, 16), th.accent),
            Span::raw(one_line(&ticket_line(s, &c.theirs))),
        ]),
    ];
    // As I saw it: the version my change was made on (the message names it too); the
    // row itself only when it is still that version.
    let seen = match (&c.mine, c.write.expected) {
        (Some(m), Some(v)) if m.version != v => Some(format!("v{v}")),
        (Some(m), _) => Some(ticket_line(s, m)),
        (None, Some(v)) => Some(format!("v{v}")),
        (None, None) => None,
    };
    if let Some(seen) = seen {
        lines.push(Line::from(vec![
            Span::styled(fit(t.conflict_seen, 16), th.dim),
            Span::raw(one_line(&seen)),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled(fit(t.conflict_mine, 16), th.accent),
        Span::raw(one_line(&mine)),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fill(
            t.conflict_keys,
            &[
                ("mine", &key_of(s, &ctx, "keep-mine")),
                ("theirs", &key_of(s, &ctx, "keep-theirs")),
            ],
        ),
        th.dim,
    ));
    // The message may wrap once or twice in 74 columns.
    let h = lines.len() as u16 + 2 + (width(&message) / 70) as u16;
    let r = centered(area, 76, h);
    let inner = boxed(f, r, t.conflict_title, th);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
