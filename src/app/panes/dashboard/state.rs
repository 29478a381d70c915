//! The Dashboard pane's own state: the period and scope asked for, the dashboard
//! last computed, whether a newer one is on its way, the chart in focus and the
//! selected bar, cell or row of each chart.

use crate::app::msg::Window;
use crate::report::dashboard::{AgentRow, Dashboard, Scope};

/// The charts of the pane, in the order `h`/`l` go through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Widget {
    #[default]
    Tiles,
    Volume,
    Sla,
    Heatmap,
    Stages,
    Categories,
    Csat,
    Agents,
}

impl Widget {
    /// Every chart in order.
    pub const ALL: [Widget; 8] = [
        Widget::Tiles,
        Widget::Volume,
        Widget::Sla,
        Widget::Heatmap,
        Widget::Stages,
        Widget::Categories,
        Widget::Csat,
        Widget::Agents,
    ];

    /// Position in `ALL`.
    pub fn index(self) -> usize {
        Widget::ALL.iter().position(|w| *w == self).unwrap_or(0)
    }

    /// The chart `by` places further on, wrapping.
    pub fn step(self, by: i64) -> Widget {
        let n = Widget::ALL.len() as i64;
        Widget::ALL[(self.index() as i64 + by).rem_euclid(n) as usize]
    }
}

/// The columns the agent table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentSortKey {
    #[default]
    Name,
    Received,
    Handled,
    Rate,
    FirstResponse,
    Resolution,
    Csat,
    Logged,
}

impl AgentSortKey {
    /// Every column in order.
    pub const ALL: [AgentSortKey; 8] = [
        AgentSortKey::Name,
        AgentSortKey::Received,
        AgentSortKey::Handled,
        AgentSortKey::Rate,
        AgentSortKey::FirstResponse,
        AgentSortKey::Resolution,
        AgentSortKey::Csat,
        AgentSortKey::Logged,
    ];

    /// The next column, wrapping.
    pub fn next(self) -> AgentSortKey {
        let i = AgentSortKey::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(0);
        AgentSortKey::ALL[(i + 1) % AgentSortKey::ALL.len()]
    }
}

/// Everything the Dashboard pane keeps.
#[derive(Debug, Clone, Default)]
pub struct DashboardState {
    pub window: Window,
    pub scope: Scope,
    /// The dashboard last computed (kept on screen while a newer one computes).
    pub data: Option<Box<Dashboard>>,
    /// The request whose answer counts; older answers are dropped.
    pub seq: u64,
    /// A request is on its way (the pane says so; the frame never waits).
    pub loading: bool,
    /// The database changed while the pane was not on screen: reload when shown.
    pub stale: bool,
    pub widget: Widget,
    /// The selected bar, cell or row of each chart (by `Widget::index`).
    pub selected: [usize; 8],
    /// The channel chosen inside the volume bars (its stable name, so it stays
    /// chosen when a reload orders the channels otherwise); None: whole bars.
    pub series: Option<String>,
    pub sort: AgentSortKey,
}

impl DashboardState {
    /// The selection in chart `w`.
    pub fn selected_in(&self, w: Widget) -> usize {
        self.selected[w.index()]
    }

    /// The position of the chosen channel in the volume chart, if it is there.
    pub fn series_index(&self) -> Option<usize> {
        let d = self.data.as_ref()?;
        let name = self.series.as_deref()?;
        d.volume.channels.iter().position(|c| c == name)
    }

    /// The agent rows in the chosen order (the team's line stays last).
    pub fn agents_sorted(&self) -> Vec<&AgentRow> {
        let Some(d) = &self.data else {
            return Vec::new();
        };
        let (mut rows, team): (Vec<&AgentRow>, Vec<&AgentRow>) =
            d.agents.iter().partition(|a| a.agent_id.is_some());
        let f = |o: Option<f64>| o.unwrap_or(f64::NEG_INFINITY);
        match self.sort {
            AgentSortKey::Name => {}
            // Most first: who carries the load, who is slowest, who is rated best.
            AgentSortKey::Received => rows.sort_by_key(|a| std::cmp::Reverse(a.received.n)),
            AgentSortKey::Handled => rows.sort_by_key(|a| std::cmp::Reverse(a.handled.n)),
            AgentSortKey::Rate => {
                rows.sort_by(|a, b| f(b.resolution_rate).total_cmp(&f(a.resolution_rate)))
            }
            AgentSortKey::FirstResponse => rows.sort_by(|a, b| {
                f(b.mean_first_response_hours).total_cmp(&f(a.mean_first_response_hours))
            }),
            AgentSortKey::Resolution => rows
                .sort_by(|a, b| f(b.mean_resolution_hours).total_cmp(&f(a.mean_resolution_hours))),
            AgentSortKey::Csat => rows.sort_by(|a, b| f(b.csat).total_cmp(&f(a.csat))),
            AgentSortKey::Logged => {
                rows.sort_by(|a, b| b.time_logged_hours.total_cmp(&a.time_logged_hours))
            }
        }
        rows.extend(team);
        rows
    }
}
