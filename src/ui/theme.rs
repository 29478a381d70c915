//! Colours: dark and light themes, and a colourless one for NO_COLOR that keeps
//! every distinction with bold, reverse and underline.

use crate::app::State;
use crate::domain::sla::SlaState;
use ratatui::style::{Color, Modifier, Style};

/// The styles the panes draw with.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub accent: Style,
    pub header: Style,
    pub selected: Style,
    pub marked: Style,
    pub ok: Style,
    pub warn: Style,
    pub bad: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub status: Style,
    pub border: Style,
    pub popup: Style,
    pub error: Style,
}

/// The theme for the state's settings.
pub fn theme(s: &State) -> Theme {
    if !s.color {
        return plain();
    }
    if s.theme == "light" {
        light()
    } else {
        dark()
    }
}

fn plain() -> Theme {
    let n = Style::default();
    Theme {
        base: n,
        dim: n,
        accent: n.add_modifier(Modifier::BOLD),
        header: n.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        selected: n.add_modifier(Modifier::REVERSED),
        marked: n.add_modifier(Modifier::BOLD),
        ok: n,
        warn: n.add_modifier(Modifier::BOLD),
        bad: n.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        tab: n,
        tab_active: n.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        status: n.add_modifier(Modifier::REVERSED),
        border: n,
        popup: n,
        error: n.add_modifier(Modifier::BOLD),
    }
}

fn dark() -> Theme {
    let base = Style::default().fg(Color::Gray);
    Theme {
        base,
        dim: Style::default().fg(Color::DarkGray),
        accent: Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        header: Style::default()
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
        selected: Style::default().bg(Color::Rgb(40, 60, 90)).fg(Color::White),
        marked: Style::default()
            .fg(Color::Magenta)
            .add_modifier(Modifier::BOLD),
        ok: Style::default().fg(Color::Green),
        warn: Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD),
        bad: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        tab: Style::default().fg(Color::Gray),
        tab_active: Style::default()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
        status: Style::default().fg(Color::White).bg(Color::Rgb(30, 30, 40)),
        border: Style::default().fg(Color::DarkGray),
        popup: Style::default().fg(Color::White).bg(Color::Rgb(20, 24, 32)),
        error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

fn light() -> Theme {
    Theme {
        base: Style::default().fg(Color::Black),
        dim: Style::default().fg(Color::Gray),
        accent: Style::default()
            .fg(Color::Blue)
            .add_modifier(Modifier::BOLD),
        header: Style::default()
            .fg(Color::Black)
            .add_modifier(Modifier::BOLD),
        selected: Style::default()
            .bg(Color::Rgb(200, 220, 250))
            .fg(Color::Black),
        marked: Style::default()
            .fg(Color::Magenta)
            .add_modifier(Modifier::BOLD),
        ok: Style::default().fg(Color::Rgb(0, 120, 0)),
        warn: Style::default()
            .fg(Color::Rgb(170, 100, 0))
            .add_modifier(Modifier::BOLD),
        bad: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        tab: Style::default().fg(Color::DarkGray),
        tab_active: Style::default()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD),
        status: Style::default()
            .fg(Color::Black)
            .bg(Color::Rgb(225, 225, 230)),
        border: Style::default().fg(Color::Gray),
        popup: Style::default()
            .fg(Color::Black)
            .bg(Color::Rgb(245, 245, 250)),
        error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

impl Theme {
    /// The style of a Gantt cell: by kind, critical bars and today's column stand out.
    pub fn gantt(&self, c: &crate::domain::gantt::Cell) -> Style {
        use crate::domain::gantt::CellKind::*;
        let style = match c.kind {
            Empty => self.base,
            DayOff | Link | Arrow => self.dim,
            Done | MilestoneDone => self.ok,
            Remaining if c.critical => self.bad,
            Remaining => self.accent,
            Slip => self.warn,
            Milestone => self.accent,
            Today => self.warn,
        };
        if c.critical && matches!(c.kind, Done | Slip | Arrow) {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    /// The style of an SLA countdown.
    pub fn sla(&self, s: SlaState) -> Style {
        match s {
            SlaState::None => self.dim,
            SlaState::Ok => self.ok,
            SlaState::Warning => self.warn,
            SlaState::Breached => self.bad,
        }
    }
}
