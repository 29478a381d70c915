//! Escalation rules: when a ticket's SLA state calls for raising its priority,
//! reassigning it or flagging it, and the key that makes each firing happen only once.

use super::sla::SlaState;
use super::sla_engine::{Clock, SlaStatus};
use super::ticket::Priority;

/// What triggers a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A live first-response or resolution clock is in warning (or beyond).
    Warning,
    /// A live first-response or resolution clock is breached.
    Breached,
    /// The time limit of the current stage is exceeded.
    StageLimit,
}

impl When {
    /// Parses `warning | breached | stage_limit`.
    pub fn parse(s: &str) -> Option<When> {
        match s {
            "warning" => Some(When::Warning),
            "breached" => Some(When::Breached),
            "stage_limit" => Some(When::StageLimit),
            _ => None,
        }
    }

    /// The name used in config and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            When::Warning => "warning",
            When::Breached => "breached",
            When::StageLimit => "stage_limit",
        }
    }
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Raise to this priority, or one step when `None`.
    RaisePriority(Option<Priority>),
    /// Reassign to the named agent (a person, or the lead of a group).
    Assign(String),
    /// Mark the ticket for attention.
    Flag,
}

impl Action {
    /// The name used in config and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Action::RaisePriority(_) => "raise_priority",
            Action::Assign(_) => "assign",
            Action::Flag => "flag",
        }
    }
}

/// One `[[sla.escalations]]` rule.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationRule {
    pub id: String,
    pub when: When,
    /// Only tickets of these priorities (all when empty).
    pub priorities: Vec<Priority>,
    /// Only tickets of these types (all when empty).
    pub types: Vec<String>,
    pub action: Action,
}

impl EscalationRule {
    /// Whether the rule covers a ticket of this type and priority.
    pub fn covers(&self, ty: &str, priority: Priority) -> bool {
        (self.priorities.is_empty() || self.priorities.contains(&priority))
            && (self.types.is_empty() || self.types.iter().any(|t| t == ty))
    }

    /// The occasion this rule fires for now, if any: `warning`, `breach`, or
    /// `stage:ID@ENTERED` (a new stage visit is a new occasion). A rule fires at most
    /// once per ticket and occasion.
    pub fn occasion(&self, ty: &str, priority: Priority, s: &SlaStatus) -> Option<String> {
        if !self.covers(ty, priority) {
            return None;
        }
        let live = |c: &Option<Clock>| c.as_ref().filter(|c| c.is_live()).map(|c| c.state);
        let worst = live(&s.first_response).max(live(&s.resolution));
        match self.when {
            When::Warning => (worst >= Some(SlaState::Warning)).then(|| "warning".to_string()),
            When::Breached => (worst == Some(SlaState::Breached)).then(|| "breach".to_string()),
            When::StageLimit => s
                .stage
                .as_ref()
                .filter(|st| st.state == SlaState::Breached)
                .map(|st| format!("stage:{}@{}", st.stage, st.entered_at)),
        }
    }
}

/// The priority after one step up (urgent stays urgent).
pub fn raised(p: Priority) -> Priority {
    match p {
        Priority::Low => Priority::Normal,
        Priority::Normal => Priority::High,
        Priority::High | Priority::Urgent => Priority::Urgent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla_engine::{Phase, StageClock};

    fn clock(state: SlaState, phase: Phase) -> Clock {
        Clock {
            target_secs: 3600,
            due: Some(100),
            warn_at: Some(50),
            used_secs: 0,
            phase,
            stopped_at: None,
            state,
            met: None,
        }
    }

    fn status(fr: Option<Clock>, res: Option<Clock>, stage: Option<SlaState>) -> SlaStatus {
        SlaStatus {
            first_response: fr,
            resolution: res,
            stage: stage.map(|state| StageClock {
                stage: "analysing".into(),
                entered_at: 42,
                limit_secs: 3600,
                due: 100,
                used_secs: 0,
                state,
            }),
            pauses: vec![],
            paused_since: None,
            state: SlaState::Ok,
            next_due: None,
            next_warn: None,
            countdown_secs: None,
            reason: Default::default(),
        }
    }

    fn rule(when: When) -> EscalationRule {
        EscalationRule {
            id: "r".into(),
            when,
            priorities: vec![Priority::High, Priority::Urgent],
            types: vec![],
            action: Action::Flag,
        }
    }

    #[test]
    fn occasions() {
        let breached = status(None, Some(clock(SlaState::Breached, Phase::Running)), None);
        let warned = status(Some(clock(SlaState::Warning, Phase::Running)), None, None);
        let stage = status(None, None, Some(SlaState::Breached));
        let b = rule(When::Breached);
        assert_eq!(
            b.occasion("technical", Priority::High, &breached)
                .as_deref(),
            Some("breach")
        );
        assert_eq!(b.occasion("technical", Priority::High, &warned), None);
        assert_eq!(
            b.occasion("technical", Priority::Low, &breached),
            None,
            "priority filter"
        );
        let w = rule(When::Warning);
        assert_eq!(
            w.occasion("x", Priority::Urgent, &warned).as_deref(),
            Some("warning")
        );
        assert_eq!(
            w.occasion("x", Priority::Urgent, &breached).as_deref(),
            Some("warning")
        );
        let s = rule(When::StageLimit);
        assert_eq!(
            s.occasion("x", Priority::High, &stage).as_deref(),
            Some("stage:analysing@42")
        );
        assert_eq!(s.occasion("x", Priority::High, &breached), None);
        // A stopped (missed) clock is history, not something to escalate.
        let missed = status(None, Some(clock(SlaState::Breached, Phase::Stopped)), None);
        assert_eq!(b.occasion("x", Priority::High, &missed), None);
        let typed = EscalationRule {
            types: vec!["complaint".into()],
            ..rule(When::Breached)
        };
        assert_eq!(typed.occasion("technical", Priority::High, &breached), None);
        assert!(typed
            .occasion("complaint", Priority::High, &breached)
            .is_some());
    }

    #[test]
    fn raising_priority() {
        assert_eq!(raised(Priority::Low), Priority::Normal);
        assert_eq!(raised(Priority::High), Priority::Urgent);
        assert_eq!(raised(Priority::Urgent), Priority::Urgent);
        assert_eq!(When::parse("stage_limit"), Some(When::StageLimit));
        assert_eq!(When::parse("late"), None);
    }
}
