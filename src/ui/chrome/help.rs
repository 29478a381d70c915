//! The `?` help (from the live keymap: what the keys do where the user is, then the
//! commands offered there only through the palette) and the which-key box.

use super::boxes::{boxed, centered};
use crate::app::command::{Command, Spec, SPECS};
use crate::app::keys::{seq_to_string, Hint};
use crate::app::State;
use crate::ui::i18n::{describe, fill, strings};
use crate::ui::text::fit;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The position of a command in the declaration, which groups related commands.
fn order(c: &Command) -> usize {
    SPECS
        .iter()
        .position(|sp| sp.name == c.name())
        .unwrap_or(usize::MAX)
}

fn row(keys: &str, spec: &Spec, s: &State, th: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(fit(keys, 14), th.accent),
        Span::styled(fit(&spec.usage(), 18), th.base),
        Span::styled(describe(spec, s.lang).to_string(), th.dim),
    ])
}

/// The help lines: every binding of the contexts under the dialog, grouped by
/// command; then the commands that apply here and have no key.
pub fn help_lines(s: &State, th: &Theme) -> Vec<Line<'static>> {
    let t = strings(s.lang);
    let mut lines = Vec::new();
    let mut bound: Vec<Command> = Vec::new();
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
        by_cmd.sort_by_key(|(c, _)| order(c));
        lines.push(Line::styled(
            fill(t.help_context, &[("context", ctx.name())]),
            th.header,
        ));
        for (cmd, keys) in by_cmd {
            lines.push(row(&keys.join(", "), cmd.spec(), s, th));
            bound.push(cmd);
        }
        lines.push(Line::raw(""));
    }
    let place = s.place();
    let rest: Vec<&Spec> = SPECS
        .iter()
        .filter(|sp| sp.applies(place) && !bound.iter().any(|c| c.name() == sp.name))
        .collect();
    if !rest.is_empty() {
        lines.push(Line::styled(t.help_palette, th.header));
        for sp in rest {
            lines.push(row(&format!(":{}", sp.name), sp, s, th));
        }
    }
    lines
}

/// Draws the help dialog scrolled by `scroll` lines.
pub fn help(s: &State, scroll: u16, f: &mut Frame, area: Rect, th: &Theme) {
    let t = strings(s.lang);
    let r = centered(area, 96, area.height - 2);
    let inner = boxed(f, r, t.help_title, th);
    let lines = help_lines(s, th);
    // Scrolling past the end shows the last page, not an empty box.
    let last = lines.len().saturating_sub(inner.height as usize);
    let scroll = scroll.min(last.min(u16::MAX as usize) as u16);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The continuations of a started key sequence, titled with the prefix's name.
pub fn which_key(s: &State, f: &mut Frame, area: Rect, th: &Theme) {
    let Some(p) = &s.which_key else {
        return;
    };
    let lines: Vec<Line> = p
        .next
        .iter()
        .map(|(k, hint)| {
            let desc = match hint {
                Hint::Run(c) => describe(c.spec(), s.lang).to_string(),
                Hint::More(Some(l)) => format!("+{}", label(l, s)),
                Hint::More(None) => "+…".to_string(),
            };
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
    let keys = seq_to_string(&s.pending);
    let title = match p.label {
        Some(l) => format!("{keys} · {}", label(l, s)),
        None => keys,
    };
    let inner = boxed(f, r, &title, th);
    f.render_widget(Paragraph::new(lines), inner);
}

fn label(p: &crate::app::command::Prefix, s: &State) -> &'static str {
    match s.lang {
        crate::app::Lang::En => p.en,
        crate::app::Lang::Zh => p.zh,
    }
}
