//! Emergency plans (应急预案): playbooks of ordered steps from the config, and the
//! incidents (or drills) started from them, whose steps are a checklist with due times.

/// A playbook as the config defines it.
#[derive(Debug, Clone, PartialEq)]
pub struct Playbook {
    /// Short name used by commands (`playbook start outage`).
    pub id: String,
    pub en: String,
    pub zh: String,
    pub steps: Vec<PlaybookStep>,
}

/// One step of a playbook.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaybookStep {
    pub en: String,
    pub zh: String,
    /// Who does it, as a role ("on-call engineer") …
    pub role: Option<String>,
    /// … or as an agent's name.
    pub person: Option<String>,
    /// Must be done within this many minutes of the start (calendar time: an
    /// emergency does not wait for business hours).
    pub limit_minutes: i64,
}

impl Playbook {
    /// The playbook named `key`: its id, or its English or Chinese name (any case).
    pub fn find<'a>(all: &'a [Playbook], key: &str) -> Option<&'a Playbook> {
        let k = key.trim().to_lowercase();
        all.iter().find(|p| p.id == k).or_else(|| {
            all.iter()
                .find(|p| p.en.to_lowercase() == k || p.zh == key.trim())
        })
    }

    /// The checklist of an incident started at `started_at`.
    pub fn checklist(&self, started_at: i64) -> Vec<IncidentStep> {
        self.steps
            .iter()
            .enumerate()
            .map(|(i, s)| IncidentStep {
                no: i as i64 + 1,
                title_en: s.en.clone(),
                title_zh: s.zh.clone(),
                role: s.role.clone(),
                person: s.person.clone(),
                limit_minutes: s.limit_minutes,
                due_at: started_at + s.limit_minutes * 60,
                done_at: None,
                done_by: None,
            })
            .collect()
    }
}

/// A started playbook: a real incident or a drill.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incident {
    pub id: i64,
    /// The playbook's id.
    pub playbook: String,
    pub name_en: String,
    pub name_zh: String,
    pub drill: bool,
    /// The ticket that triggered it, if any (a major complaint …).
    pub ticket_id: Option<i64>,
    pub started_at: i64,
    pub started_by: String,
    /// Set when the last step is done.
    pub closed_at: Option<i64>,
    pub version: i64,
    pub steps: Vec<IncidentStep>,
}

/// One step of an incident's checklist.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IncidentStep {
    /// 1, 2, 3 … in playbook order.
    pub no: i64,
    pub title_en: String,
    pub title_zh: String,
    pub role: Option<String>,
    pub person: Option<String>,
    pub limit_minutes: i64,
    pub due_at: i64,
    pub done_at: Option<i64>,
    pub done_by: Option<String>,
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    /// Not done and past its due time.
    Overdue,
    Open,
}

impl StepState {
    /// `done`, `overdue` or `open`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Overdue => "overdue",
            StepState::Open => "open",
        }
    }
}

impl IncidentStep {
    /// The step's state at `now`.
    pub fn state(&self, now: i64) -> StepState {
        match self.done_at {
            Some(_) => StepState::Done,
            None if now > self.due_at => StepState::Overdue,
            None => StepState::Open,
        }
    }

    /// Who does it: the person if named, else the role.
    pub fn who(&self) -> &str {
        self.person
            .as_deref()
            .or(self.role.as_deref())
            .unwrap_or("")
    }

    /// The title in `lang` (`zh` or anything else for English).
    pub fn title(&self, lang: &str) -> &str {
        if lang == "zh" {
            &self.title_zh
        } else {
            &self.title_en
        }
    }
}

impl Incident {
    /// Steps done and steps in all.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.steps.iter().filter(|s| s.done_at.is_some()).count();
        (done, self.steps.len())
    }

    /// `active` until every step is done, then `completed`.
    pub fn status(&self) -> &'static str {
        if self.closed_at.is_some() {
            "completed"
        } else {
            "active"
        }
    }

    /// Open steps past their due time at `now`.
    pub fn overdue(&self, now: i64) -> usize {
        self.steps
            .iter()
            .filter(|s| s.state(now) == StepState::Overdue)
            .count()
    }

    /// The first step not yet done.
    pub fn next_step(&self) -> Option<&IncidentStep> {
        self.steps.iter().find(|s| s.done_at.is_none())
    }

    /// The name in `lang` (`zh` or anything else for English).
    pub fn name(&self, lang: &str) -> &str {
        if lang == "zh" {
            &self.name_zh
        } else {
            &self.name_en
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outage() -> Playbook {
        let step = |en: &str, role: Option<&str>, person: Option<&str>, limit| PlaybookStep {
            en: en.into(),
            zh: format!("{en}（中文）"),
            role: role.map(Into::into),
            person: person.map(Into::into),
            limit_minutes: limit,
        };
        Playbook {
            id: "outage".into(),
            en: "System outage".into(),
            zh: "系统故障".into(),
            steps: vec![
                step("Confirm", Some("on-call engineer"), None, 10),
                step("Notify", None, Some("李娜"), 30),
            ],
        }
    }

    #[test]
    fn finds_by_id_or_either_name() {
        let all = vec![outage()];
        assert!(Playbook::find(&all, "outage").is_some());
        assert!(Playbook::find(&all, "OUTAGE").is_some());
        assert!(Playbook::find(&all, "system outage").is_some());
        assert!(Playbook::find(&all, "系统故障").is_some());
        assert!(Playbook::find(&all, "fire").is_none());
    }

    #[test]
    fn checklist_due_times_count_from_the_start() {
        let steps = outage().checklist(1_000);
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].no, 1);
        assert_eq!(steps[0].due_at, 1_000 + 600);
        assert_eq!(steps[1].due_at, 1_000 + 1_800);
        assert_eq!(steps[0].who(), "on-call engineer");
        assert_eq!(steps[1].who(), "李娜");
        assert_eq!(steps[1].title("zh"), "Notify（中文）");
    }

    #[test]
    fn states_progress_and_overdue() {
        let mut inc = Incident {
            steps: outage().checklist(0),
            ..Default::default()
        };
        assert_eq!(inc.steps[0].state(600), StepState::Open);
        assert_eq!(inc.steps[0].state(601), StepState::Overdue);
        assert_eq!(inc.overdue(700), 1);
        assert_eq!(inc.overdue(2_000), 2);
        inc.steps[0].done_at = Some(650);
        assert_eq!(inc.steps[0].state(10_000), StepState::Done);
        assert_eq!(inc.progress(), (1, 2));
        assert_eq!(inc.next_step().map(|s| s.no), Some(2));
        assert_eq!(inc.status(), "active");
        inc.closed_at = Some(900);
        assert_eq!(inc.status(), "completed");
    }
}
