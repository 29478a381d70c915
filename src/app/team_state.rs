//! The Team pane's own state: the workload with its heatmap, the latest assignment
//! ranking (for the assign picker) and the acting agent's running timer.

use crate::domain::timelog::Timer;
use crate::ops::{Ranking, TeamWorkload};

/// Weeks of heatmap the Team pane loads (narrow screens show fewer).
pub const WEEKS: u32 = 3;

/// What the Team pane and the assign picker show beyond the agent list.
#[derive(Debug, Clone, Default)]
pub struct TeamView {
    /// Per-agent load and the per-day grid; `None` until first loaded.
    pub workload: Option<TeamWorkload>,
    /// The ranking of agents for the ticket last asked about.
    pub ranking: Option<Ranking>,
    /// The acting agent's running timer, shown in the status bar.
    pub timer: Option<Timer>,
}

impl TeamView {
    /// The load of agent `id`, if the workload has it.
    pub fn load_of(&self, id: i64) -> Option<&crate::ops::AgentLoad> {
        self.workload
            .as_ref()
            .and_then(|w| w.agents.iter().find(|a| a.agent.id == id))
    }
}
