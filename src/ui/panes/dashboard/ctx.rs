//! What every dashboard chart draws with: the pane's state, the numbers, the words
//! and the theme, and the small formatting helpers the charts share.

use crate::app::panes::dashboard::layout::Area;
use crate::app::panes::dashboard::{DashboardState, Widget};
use crate::app::{Lang, State};
use crate::report::dashboard::Dashboard;
use crate::ui::i18n::dashboard::DashStrings;
use crate::ui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

/// What every chart draws with.
pub struct Ctx<'a> {
    pub s: &'a State,
    pub st: &'a DashboardState,
    pub d: &'a Dashboard,
    pub t: &'static DashStrings,
    pub th: &'a Theme,
}

impl Ctx<'_> {
    /// Whether chart `w` has the keys.
    pub fn focused(&self, w: Widget) -> bool {
        self.st.widget == w
    }

    /// The selection of chart `w` (shown only when it has the keys).
    pub fn selected(&self, w: Widget) -> Option<usize> {
        self.focused(w).then(|| self.st.selected_in(w))
    }

    /// The colour of series `i` (channels, lines), or none without colour.
    pub fn series(&self, i: usize) -> Style {
        const COLOURS: [Color; 6] = [
            Color::Cyan,
            Color::Yellow,
            Color::Green,
            Color::Magenta,
            Color::Blue,
            Color::Red,
        ];
        if self.s.color {
            Style::default().fg(COLOURS[i % COLOURS.len()])
        } else {
            Style::default()
        }
    }

    /// A bordered box titled with chart `w`'s name; the inside.
    pub fn frame(&self, f: &mut Frame, area: Rect, w: Widget, extra: &str) -> Rect {
        let focused = self.focused(w);
        let border = if focused {
            self.th.accent
        } else {
            self.th.border
        };
        let mut title = format!(" {} ", self.t.titles[w.index()]);
        if !extra.is_empty() {
            title.push_str(extra);
            title.push(' ');
        }
        let style = if focused {
            self.th.accent.add_modifier(Modifier::BOLD)
        } else {
            self.th.header
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(Span::styled(title, style));
        let inner = block.inner(area);
        f.render_widget(block, area);
        inner
    }
}

/// A stage's label in the console's language (the workflow knows it by id).
pub fn stage_label(c: &Ctx, stage: &str, fallback: &str) -> String {
    let lang = c.s.lang.code();
    c.s.workflow
        .flows
        .values()
        .find_map(|flow| flow.stage(stage))
        .map(|x| x.label(lang).to_string())
        .unwrap_or_else(|| fallback.to_string())
}

/// An agent's name, or the team's line.
pub fn agent_name(c: &Ctx, name: &str, id: Option<i64>) -> String {
    match id {
        Some(_) => name.to_string(),
        None => c.t.team.to_string(),
    }
}

/// `85%`, or `–` without a number.
pub fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| format!("{:.0}%", v * 100.0))
}

/// Hours as `3.5h` or `40h`, or `–`.
pub fn hours(v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(h) if h < 10.0 => format!("{h:.1}h"),
        Some(h) => format!("{h:.0}h"),
    }
}

/// The language of the console (charts' words that are not in the strings table).
pub fn zh(c: &Ctx) -> bool {
    c.s.lang == Lang::Zh
}

/// A layout area as a ratatui rectangle.
pub(super) fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.w, a.h)
}

/// A ratatui rectangle as a layout area.
pub(super) fn area_of(r: Rect) -> Area {
    Area::new(r.x, r.y, r.width, r.height)
}
