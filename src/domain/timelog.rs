//! Time tracking: what time is logged on, logged entries, running timers.

use std::fmt;
use std::str::FromStr;

/// The work a time entry or timer is on: a ticket or a project task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkRef {
    Ticket(i64),
    Task(i64),
}

impl WorkRef {
    /// `ticket` or `task`.
    pub fn kind(self) -> &'static str {
        match self {
            WorkRef::Ticket(_) => "ticket",
            WorkRef::Task(_) => "task",
        }
    }

    /// The ticket's or task's id.
    pub fn id(self) -> i64 {
        match self {
            WorkRef::Ticket(id) | WorkRef::Task(id) => id,
        }
    }

    /// (ticket id, task id), one of them set: the two columns in the database.
    pub fn columns(self) -> (Option<i64>, Option<i64>) {
        match self {
            WorkRef::Ticket(id) => (Some(id), None),
            WorkRef::Task(id) => (None, Some(id)),
        }
    }

    /// From the two columns; `None` when neither is set.
    pub fn from_columns(ticket: Option<i64>, task: Option<i64>) -> Option<WorkRef> {
        match (ticket, task) {
            (Some(t), _) => Some(WorkRef::Ticket(t)),
            (None, Some(k)) => Some(WorkRef::Task(k)),
            (None, None) => None,
        }
    }
}

impl fmt::Display for WorkRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{}", self.kind(), self.id())
    }
}

impl FromStr for WorkRef {
    type Err = String;
    /// Parses `ticket:12`, `task:3`, `ticket #12`, `#12` or `12` (a ticket).
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (kind, id) = match s.split_once([':', ' ']) {
            Some((k, id)) => (k.trim(), id.trim()),
            None => ("ticket", s),
        };
        let id: i64 = id
            .trim_start_matches('#')
            .parse()
            .map_err(|_| format!("'{s}' is not a ticket or task reference"))?;
        match kind.to_lowercase().as_str() {
            "ticket" | "t" => Ok(WorkRef::Ticket(id)),
            "task" | "k" => Ok(WorkRef::Task(id)),
            other => Err(format!("unknown kind of work '{other}' (ticket or task)")),
        }
    }
}

/// A logged stretch of work.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeEntry {
    pub id: i64,
    pub agent_id: i64,
    pub agent: String,
    pub work: WorkRef,
    /// The ticket's title or the task's name.
    pub title: Option<String>,
    /// The ticket's customer, or the task's project's customer.
    pub customer: Option<String>,
    /// The task's project.
    pub project: Option<String>,
    pub started_at: i64,
    pub ended_at: i64,
    pub minutes: i64,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// A running timer.
#[derive(Debug, Clone, PartialEq)]
pub struct Timer {
    pub agent_id: i64,
    pub agent: String,
    pub work: WorkRef,
    pub title: Option<String>,
    pub started_at: i64,
    pub note: String,
}

/// Whole minutes worked between two instants, at least one (a timer that ran is work).
pub fn minutes_between(start: i64, end: i64) -> i64 {
    (((end - start).max(0) + 30) / 60).max(1)
}

/// Most minutes one entry may hold: a day.
pub const MAX_MINUTES: i64 = 24 * 60;

/// How logged time is grouped in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeGroup {
    Agent,
    Customer,
    Project,
}

impl TimeGroup {
    /// The name used in commands and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeGroup::Agent => "agent",
            TimeGroup::Customer => "customer",
            TimeGroup::Project => "project",
        }
    }
}

/// Logged time of one agent, customer or project.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeTotal {
    /// The agent's, customer's or project's id; `None` for time on nothing of that kind.
    pub id: Option<i64>,
    pub name: Option<String>,
    pub minutes: i64,
    pub entries: i64,
}

impl TimeTotal {
    /// Minutes as hours.
    pub fn hours(&self) -> f64 {
        self.minutes as f64 / 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_refs_parse() {
        assert_eq!("ticket:12".parse(), Ok(WorkRef::Ticket(12)));
        assert_eq!("task #3".parse(), Ok(WorkRef::Task(3)));
        assert_eq!("#7".parse(), Ok(WorkRef::Ticket(7)));
        assert!("bug:1".parse::<WorkRef>().is_err());
        assert!("ticket:x".parse::<WorkRef>().is_err());
        assert_eq!(WorkRef::Task(3).to_string(), "task #3");
        assert_eq!(WorkRef::Task(3).columns(), (None, Some(3)));
        assert_eq!(WorkRef::from_columns(None, Some(3)), Some(WorkRef::Task(3)));
    }

    #[test]
    fn minutes_round_and_count_at_least_one() {
        assert_eq!(minutes_between(0, 10), 1);
        assert_eq!(minutes_between(0, 89), 1);
        assert_eq!(minutes_between(0, 90), 2);
        assert_eq!(minutes_between(0, 3600), 60);
        assert_eq!(minutes_between(100, 0), 1);
    }
}
