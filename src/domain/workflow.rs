//! The team's workflow: stages, their kinds, and the moves allowed between them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// What a stage means for the ticket's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageKind {
    /// Work is to be done by the team.
    Open,
    /// Waiting on someone outside the team (usually the customer).
    Waiting,
    /// A solution was given; the ticket may still reopen.
    Resolved,
    /// Finished.
    Closed,
}

impl StageKind {
    /// Parses `open | waiting | resolved | closed`.
    pub fn parse(s: &str) -> Option<StageKind> {
        match s {
            "open" => Some(StageKind::Open),
            "waiting" => Some(StageKind::Waiting),
            "resolved" => Some(StageKind::Resolved),
            "closed" => Some(StageKind::Closed),
            _ => None,
        }
    }

    /// The name used in config and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Waiting => "waiting",
            StageKind::Resolved => "resolved",
            StageKind::Closed => "closed",
        }
    }

    /// Whether a ticket in this stage still needs the team (open or waiting).
    pub fn is_active(self) -> bool {
        matches!(self, StageKind::Open | StageKind::Waiting)
    }
}

/// One stage of a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub id: String,
    pub en: String,
    pub zh: String,
    pub kind: StageKind,
    /// Whether the SLA clock runs in this stage.
    pub clock: bool,
    /// Time limit in business hours; 0 means none.
    pub limit_hours: f64,
    /// Stages a ticket may move to from here.
    pub next: Vec<String>,
}

impl Stage {
    /// The label in the given UI language (`zh` or anything else for English).
    pub fn label(&self, lang: &str) -> &str {
        if lang == "zh" {
            &self.zh
        } else {
            &self.en
        }
    }
}

/// A named sequence of stages with its transitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub id: String,
    pub initial: String,
    pub stages: Vec<Stage>,
    /// What a customer's reply does (`on_customer_reply`, `reopen_days`).
    pub customer_reply: CustomerReply,
}

/// What a customer's reply does to a ticket of a flow. Unset: it only adds the reply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomerReply {
    /// The stage a reply moves a waiting ticket to.
    pub to: Option<String>,
    /// A reply reopens a resolved or closed ticket within this many days of its
    /// resolution; later it starts a new ticket linked to the old one.
    pub reopen_days: Option<u32>,
}

impl Flow {
    /// Where a customer's reply moves a ticket that is in stage `from`: out of a
    /// waiting stage to `on_customer_reply`; out of a resolved or closed stage (when
    /// `reopen_days` is set) to `on_customer_reply` if allowed from there, else to the
    /// first open stage it allows. None: the ticket stays.
    pub fn after_customer_reply(&self, from: &str) -> Option<&Stage> {
        let cur = self.stage(from)?;
        let target = self.customer_reply.to.as_deref();
        let allowed = |id: &str| cur.next.iter().any(|n| n == id);
        match cur.kind {
            StageKind::Open => None,
            StageKind::Waiting => target.filter(|t| allowed(t)).and_then(|t| self.stage(t)),
            StageKind::Resolved | StageKind::Closed => {
                self.customer_reply.reopen_days?;
                match target.filter(|t| allowed(t)).and_then(|t| self.stage(t)) {
                    Some(s) if s.kind == StageKind::Open => Some(s),
                    _ => cur
                        .next
                        .iter()
                        .filter_map(|n| self.stage(n))
                        .find(|s| s.kind == StageKind::Open),
                }
            }
        }
    }

    /// The stage with this id, if any.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Stage ids reachable from `initial`, in breadth-first order.
    pub fn reachable(&self) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([self.initial.clone()]);
        while let Some(id) = queue.pop_front() {
            if !seen.insert(id.clone()) {
                continue;
            }
            if let Some(stage) = self.stage(&id) {
                queue.extend(stage.next.iter().cloned());
            }
        }
        seen
    }

    /// Stage ids from which no closed stage can be reached.
    pub fn dead_ends(&self) -> Vec<String> {
        // Walk backwards from every closed stage.
        let mut can_close: BTreeSet<&str> = self
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Closed)
            .map(|s| s.id.as_str())
            .collect();
        loop {
            let before = can_close.len();
            for s in &self.stages {
                if s.next.iter().any(|n| can_close.contains(n.as_str())) {
                    can_close.insert(&s.id);
                }
            }
            if can_close.len() == before {
                break;
            }
        }
        self.stages
            .iter()
            .filter(|s| !can_close.contains(s.id.as_str()))
            .map(|s| s.id.clone())
            .collect()
    }

    /// A shortest path of stage ids from `from` to `to` (both included).
    pub fn path(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = VecDeque::from([from.to_string()]);
        let mut seen = BTreeSet::from([from.to_string()]);
        while let Some(id) = queue.pop_front() {
            if id == to {
                let mut path = vec![id.clone()];
                let mut cur = id;
                while let Some(p) = prev.get(&cur) {
                    path.push(p.clone());
                    cur = p.clone();
                }
                path.reverse();
                return Some(path);
            }
            for n in self.stage(&id).map(|s| s.next.as_slice()).unwrap_or(&[]) {
                if seen.insert(n.clone()) {
                    prev.insert(n.clone(), id.clone());
                    queue.push_back(n.clone());
                }
            }
        }
        None
    }
}

/// A ticket type (technical support, complaint …) and the flow it follows.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketType {
    pub id: String,
    pub en: String,
    pub zh: String,
    pub flow: String,
}

impl TicketType {
    /// The label in the given UI language.
    pub fn label(&self, lang: &str) -> &str {
        if lang == "zh" {
            &self.zh
        } else {
            &self.en
        }
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum MoveError {
    /// The target is not a stage of the ticket's flow.
    UnknownStage { stage: String, known: Vec<String> },
    /// The target exists but cannot be reached from the current stage.
    NotAllowed {
        from: String,
        to: String,
        allowed: Vec<String>,
    },
    /// The ticket is already in that stage.
    AlreadyThere(String),
}

/// The whole validated workflow: flows and types.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub flows: BTreeMap<String, Flow>,
    pub types: Vec<TicketType>,
    pub default_flow: String,
    pub default_type: String,
}

impl Workflow {
    /// The type with this id, if configured.
    pub fn ticket_type(&self, id: &str) -> Option<&TicketType> {
        self.types.iter().find(|t| t.id == id)
    }

    /// The flow a ticket of type `ty` follows (unknown types use the default flow).
    pub fn flow_for(&self, ty: &str) -> &Flow {
        let name = self
            .ticket_type(ty)
            .map(|t| t.flow.as_str())
            .unwrap_or(&self.default_flow);
        self.flows
            .get(name)
            .or_else(|| self.flows.get(&self.default_flow))
            .or_else(|| self.flows.values().next())
            .expect("a validated workflow has at least one flow")
    }

    /// The stage definition for a ticket of type `ty` in stage `stage`.
    pub fn stage(&self, ty: &str, stage: &str) -> Option<&Stage> {
        self.flow_for(ty).stage(stage)
    }

    /// Every stage id of every flow, without repeats, in flow order.
    pub fn all_stage_ids(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for flow in self.flows.values() {
            for s in &flow.stages {
                if !out.contains(&s.id) {
                    out.push(s.id.clone());
                }
            }
        }
        out
    }

    /// Stage ids (of any flow) whose kind is one of `kinds`.
    pub fn stage_ids_of_kind(&self, kinds: &[StageKind]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for flow in self.flows.values() {
            for s in &flow.stages {
                if kinds.contains(&s.kind) && !out.contains(&s.id) {
                    out.push(s.id.clone());
                }
            }
        }
        out
    }

    /// Checks a move of a ticket of type `ty` from `from` to `to`.
    pub fn check_move(&self, ty: &str, from: &str, to: &str) -> Result<&Stage, MoveError> {
        let flow = self.flow_for(ty);
        let Some(target) = flow.stage(to) else {
            return Err(MoveError::UnknownStage {
                stage: to.to_string(),
                known: flow.stages.iter().map(|s| s.id.clone()).collect(),
            });
        };
        if from == to {
            return Err(MoveError::AlreadyThere(to.to_string()));
        }
        let allowed = flow.stage(from).map(|s| s.next.clone()).unwrap_or_else(|| {
            // A ticket left in a stage the config no longer has may go anywhere.
            flow.stages.iter().map(|s| s.id.clone()).collect()
        });
        if allowed.iter().any(|a| a == to) {
            Ok(target)
        } else {
            Err(MoveError::NotAllowed {
                from: from.to_string(),
                to: to.to_string(),
                allowed,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, kind: StageKind, next: &[&str]) -> Stage {
        Stage {
            id: id.into(),
            en: id.into(),
            zh: id.into(),
            kind,
            clock: kind == StageKind::Open,
            limit_hours: 0.0,
            next: next.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn flow() -> Flow {
        Flow {
            id: "f".into(),
            initial: "new".into(),
            stages: vec![
                stage("new", StageKind::Open, &["work"]),
                stage("work", StageKind::Open, &["wait", "done"]),
                stage("wait", StageKind::Waiting, &["work"]),
                stage("done", StageKind::Closed, &[]),
            ],
            customer_reply: CustomerReply::default(),
        }
    }

    fn workflow() -> Workflow {
        let f = flow();
        Workflow {
            flows: BTreeMap::from([("f".to_string(), f)]),
            types: vec![TicketType {
                id: "t".into(),
                en: "T".into(),
                zh: "T".into(),
                flow: "f".into(),
            }],
            default_flow: "f".into(),
            default_type: "t".into(),
        }
    }

    #[test]
    fn allowed_move_returns_target_stage() {
        let w = workflow();
        assert_eq!(w.check_move("t", "new", "work").unwrap().id, "work");
    }

    #[test]
    fn disallowed_move_lists_allowed_stages() {
        let w = workflow();
        match w.check_move("t", "new", "done") {
            Err(MoveError::NotAllowed { allowed, .. }) => assert_eq!(allowed, vec!["work"]),
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            w.check_move("t", "new", "nope"),
            Err(MoveError::UnknownStage { .. })
        ));
        assert!(matches!(
            w.check_move("t", "new", "new"),
            Err(MoveError::AlreadyThere(_))
        ));
    }

    #[test]
    fn reachability_and_dead_ends() {
        let mut f = flow();
        assert_eq!(f.reachable().len(), 4);
        assert!(f.dead_ends().is_empty());
        f.stages[2].next.clear(); // wait → nowhere
        assert_eq!(f.dead_ends(), vec!["wait"]);
        f.stages[1].next = vec!["done".into()];
        assert!(!f.reachable().contains("wait"));
    }

    #[test]
    fn customer_replies_leave_waiting_and_reopen_only_when_configured() {
        let mut f = flow();
        f.stages[3].next = vec!["work".into()];
        assert!(f.after_customer_reply("wait").is_none());
        f.customer_reply.to = Some("work".into());
        assert_eq!(f.after_customer_reply("wait").unwrap().id, "work");
        assert!(f.after_customer_reply("work").is_none());
        // Reopening needs reopen_days.
        assert!(f.after_customer_reply("done").is_none());
        f.customer_reply.reopen_days = Some(7);
        assert_eq!(f.after_customer_reply("done").unwrap().id, "work");
        // A target the stage does not allow falls back to the first open next stage.
        f.customer_reply.to = Some("new".into());
        assert!(f.after_customer_reply("wait").is_none());
        assert_eq!(f.after_customer_reply("done").unwrap().id, "work");
    }

    #[test]
    fn shortest_path_between_stages() {
        let f = flow();
        assert_eq!(f.path("new", "done").unwrap(), vec!["new", "work", "done"]);
        assert!(f.path("done", "new").is_none());
    }
}
