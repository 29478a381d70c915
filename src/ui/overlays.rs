//! Floating layers: help (from the live keymap), palette, pickers, the new-ticket
//! form, the conflict dialog, the which-key hint and toasts.

use super::i18n::{describe, fill, note, strings};
use super::text::fit;
use super::theme::Theme;
use super::tickets::{priority_label, stage_label};
use crate::app::command::{find, Command};
use crate::app::effect::Change;
use crate::app::keymap::Context;
use crate::app::note::Level;
use crate::app::overlay::{Conflict, Form, Overlay, Palette, PickKind, Picker};
use crate::app::state::State;
use crate::domain::text::{one_line, width};
use crate::domain::ticket::Ticket;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// Draws whatever floats over the pane.
pub fn render(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    match &s.overlay {
        Overlay::Help { scroll } => help(s, *scroll, f, area, th),
        Overlay::Palette(p) => palette(s, p, f, area, th),
        Overlay::Picker(p) => picker(s, p, f, area, th),
        Overlay::Form(form) => new_ticket(s, form, f, area, th),
        Overlay::Conflict(c) => conflict(s, c, f, area, th),
        Overlay::TicketPanel(p) => super::ticket_extras::panel(s, p, f, area, th),
        Overlay::Prompt(_) | Overlay::None => {}
    }
    if !s.which_key.is_empty() {
        which_key(s, f, area, th);
    }
    toasts(s, f, area, th);
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2));
    let h = h.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn boxed(f: &mut Frame, r: Rect, title: &str, th: &Theme) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border)
        .style(th.popup)
        .title(Span::styled(format!(" {title} "), th.accent));
    let inner = block.inner(r);
    f.render_widget(Clear, r);
    f.render_widget(block, r);
    inner
}

fn key_of(s: &State, ctxs: &[Context], name: &str) -> String {
    s.keymap
        .keys_for(ctxs, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| format!(":{name}"))
}

/// The help lines: every binding of the contexts under the dialog, grouped by command.
pub fn help_lines(s: &State, th: &Theme) -> Vec<Line<'static>> {
    let t = strings(s.lang);
    let mut lines = Vec::new();
    for ctx in s.base_contexts() {
        let mut by_cmd: Vec<(Command, Vec<String>)> = Vec::new();
        for (keys, cmd) in s.keymap.bindings(ctx) {
            match by_cmd.iter_mut().find(|(c, _)| *c == cmd) {
                Some((_, ks)) => ks.push(keys),
                None => by_cmd.push((cmd, vec![keys])),
            }
        }
        if by_cmd.is_empty() {
            continue;
        }
        // In the order of the command table, which groups related commands.
        by_cmd.sort_by_key(|(c, _)| {
            crate::app::command::COMMANDS
                .iter()
                .position(|sp| sp.name == c.name())
        });
        lines.push(Line::styled(
            fill(t.help_context, &[("context", ctx.name())]),
            th.header,
        ));
        for (cmd, keys) in by_cmd {
            let spec = cmd.spec();
            let name = match &cmd {
                c if find(c.name()).is_some_and(|sp| sp.arg.is_some()) => {
                    format!("{} {}", c.name(), spec.arg.unwrap_or(""))
                }
                c => c.name().to_string(),
            };
            lines.push(Line::from(vec![
                Span::styled(fit(&keys.join(", "), 14), th.accent),
                Span::styled(fit(&name, 18), th.base),
                Span::styled(describe(spec, s.lang).to_string(), th.dim),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

fn help(s: &State, scroll: u16, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let r = centered(area, 96, area.height - 2);
    let inner = boxed(f, r, t.help_title, th);
    f.render_widget(Paragraph::new(help_lines(s, th)).scroll((scroll, 0)), inner);
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
        lines.push(Line::styled(one_line(e), th.error));
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

fn picker(s: &State, p: &Picker, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let idx = match p.kind {
        PickKind::Move => 0,
        PickKind::Assign => 1,
        PickKind::Priority => 2,
        PickKind::Type => 3,
        PickKind::Sort => 4,
        PickKind::View => 5,
        PickKind::Extra(_) => 0,
    };
    let h = (p.items.len() as u16 + 4).clamp(5, area.height - 4);
    // The ranked assign picker shows score, load and reasons: give it room.
    let wide = p.kind == PickKind::Assign && p.items.iter().any(|i| i.hint.len() > 24);
    let r = centered(area, if wide { 76 } else { 56 }, h);
    let title = match p.kind {
        PickKind::Extra(k) => super::ticket_extras::pick_title(s, k),
        _ => t.pick_titles[idx],
    };
    let inner = boxed(f, r, title, th);
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", th.accent),
        Span::raw(one_line(&p.query.text)),
    ])];
    let rows = inner.height.saturating_sub(1) as usize;
    let start = p.selected.saturating_sub(rows.saturating_sub(1));
    for (n, i) in p.matches.iter().enumerate().skip(start).take(rows) {
        let item = &p.items[*i];
        let style = if n == p.selected {
            th.selected
        } else {
            th.popup
        };
        let lw = if wide {
            16
        } else {
            (inner.width as usize * 3 / 5).max(10)
        };
        lines.push(Line::from(vec![
            Span::styled(fit(&format!(" {}", item.label), lw), style),
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

fn new_ticket(s: &State, form: &Form, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let h = 10 + u16::from(form.error.is_some());
    let r = centered(area, 72, h);
    let inner = boxed(f, r, t.form_title, th);
    let ctx = [Context::Form, Context::Input];
    let mut lines = Vec::new();
    let label_w = t.form_fields.iter().map(|l| width(l)).max().unwrap_or(8) + 2;
    let field_w = (inner.width as usize).saturating_sub(label_w);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let shown = one_line(&field.text.replace('\n', "⏎"));
        lines.push(Line::from(vec![
            Span::styled(
                fit(t.form_fields[i], label_w),
                if focused { th.accent } else { th.dim },
            ),
            Span::styled(
                fit(&shown, field_w),
                if focused { th.selected } else { th.popup },
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
                ("next", &key_of(s, &ctx, "field-next")),
                ("submit", &key_of(s, &ctx, "submit")),
                ("editor", &key_of(s, &ctx, "edit-external")),
                ("cancel", &key_of(s, &ctx, "cancel")),
            ],
        ),
        th.dim,
    ));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let field = &form.fields[form.focus];
    let col = field.cursor_column().min(field_w.saturating_sub(1));
    f.set_cursor_position(Position::new(
        inner.x + (label_w + col) as u16,
        inner.y + form.focus as u16,
    ));
}

fn ticket_line(s: &State, t: &Ticket) -> String {
    let nobody = strings(s.lang).nobody;
    format!(
        "{} · {} · {} · v{}",
        stage_label(&s.workflow, &t.ty, &t.stage, s.lang),
        priority_label(t.priority, s.lang),
        one_line(t.assignee.as_deref().unwrap_or(nobody)),
        t.version
    )
}

fn conflict(s: &State, c: &Conflict, f: &mut Frame, area: Rect, th: &Theme) {
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
        Change::Type(v) => fill(
            t.change_type,
            &[("v", super::tickets::type_label(&s.workflow, v, s.lang))],
        ),
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
    let mut lines = vec![
        Line::styled(one_line(&c.message), th.warn),
        Line::raw(""),
        Line::from(vec![
            Span::styled(fit(t.conflict_theirs, 16), th.accent),
            Span::raw(one_line(&ticket_line(s, &c.theirs))),
        ]),
    ];
    if let Some(seen) = &c.mine {
        lines.push(Line::from(vec![
            Span::styled(fit(t.conflict_seen, 16), th.dim),
            Span::raw(one_line(&ticket_line(s, seen))),
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
    let h = lines.len() as u16 + 2 + (width(&c.message) / 70) as u16;
    let r = centered(area, 76, h);
    let inner = boxed(f, r, t.conflict_title, th);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn which_key(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let lines: Vec<Line> = s
        .which_key
        .iter()
        .map(|(k, name)| {
            let desc = find(name)
                .map(|sp| describe(sp, s.lang).to_string())
                .unwrap_or_else(|| name.clone());
            Line::from(vec![
                Span::styled(format!("{:>6} ", k.to_string()), th.accent),
                Span::styled(desc, th.popup),
            ])
        })
        .collect();
    let w = lines.iter().map(|l| l.width() as u16).max().unwrap_or(10) + 2;
    let h = lines.len() as u16 + 2;
    let w = w.min(area.width - 2);
    let h = h.min(area.height - 2);
    let r = Rect::new(area.right() - w - 1, area.bottom() - h - 1, w, h);
    let title = crate::app::keys::seq_to_string(&s.pending);
    let inner = boxed(f, r, &title, th);
    f.render_widget(Paragraph::new(lines), inner);
}

fn toasts(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let mut y = area.y + 1;
    for toast in &s.toasts {
        let text = format!(" {} ", note(&toast.note, s.lang));
        let w = (width(&text) as u16).min(area.width.saturating_sub(2));
        let r = Rect::new(area.right().saturating_sub(w + 1), y, w, 1);
        let style = match toast.level {
            Level::Info => th.popup.patch(th.ok),
            Level::Warn => th.popup.patch(th.warn),
            Level::Error => th.popup.patch(th.error),
        };
        f.render_widget(Clear, r);
        f.render_widget(Paragraph::new(fit(&text, w as usize)).style(style), r);
        y += 1;
        if y >= area.bottom().saturating_sub(1) {
            break;
        }
    }
}
