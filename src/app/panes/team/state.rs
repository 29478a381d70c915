//! The Team pane's own state: the cursor over the agents (stored once, in the
//! console), the workload with its heatmap, and the acting agent's running timer.

use crate::app::chrome::Cursor;
use crate::domain::timelog::Timer;
use crate::ops::{AgentLoad, TeamWorkload};

/// Everything the Team pane keeps.
#[derive(Debug, Clone, Default)]
pub struct TeamState {
    /// The selected agent of `Ctx::agents`.
    pub cursor: Cursor,
    /// Per-agent load and the per-day grid; `None` until first loaded.
    pub workload: Option<TeamWorkload>,
    /// The acting agent's running timer, shown in the status bar.
    pub timer: Option<Timer>,
}

impl TeamState {
    /// The load of agent `id`, if the workload has it.
    pub fn load_of(&self, id: i64) -> Option<&AgentLoad> {
        self.workload
            .as_ref()
            .and_then(|w| w.agents.iter().find(|a| a.agent.id == id))
    }
}
