//! `aftercare time start|stop|status|log|list|edit` and `aftercare report time`.

use super::output::{self, short, ts, Record};
use super::{Format, ReportTimeArgs, TimeBy, TimeCmd, WorkKindArg};
use crate::domain::timelog::{TimeEntry, TimeGroup, TimeTotal, Timer, WorkRef};
use crate::error::Result;
use crate::ops::Desk;
use serde_json::{json, Value};

fn work(kind: WorkKindArg, id: i64) -> WorkRef {
    match kind {
        WorkKindArg::Ticket => WorkRef::Ticket(id),
        WorkKindArg::Task => WorkRef::Task(id),
    }
}

fn hm(minutes: i64) -> String {
    format!("{}h{:02}m", minutes / 60, minutes % 60)
}

impl Record for TimeEntry {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "started", "agent", "work", "minutes", "customer", "title", "note",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            short(Some(self.started_at)),
            self.agent.clone(),
            self.work.to_string(),
            self.minutes.to_string(),
            self.customer.clone().unwrap_or_default(),
            self.title.clone().unwrap_or_default(),
            self.note.clone(),
        ]
    }
    fn json(&self) -> Value {
        let (ticket, task) = self.work.columns();
        json!({
            "id": self.id,
            "agent_id": self.agent_id,
            "agent": self.agent,
            "work": self.work.kind(),
            "ticket_id": ticket,
            "task_id": task,
            "title": self.title,
            "customer": self.customer,
            "project": self.project,
            "started_at": ts(Some(self.started_at)),
            "ended_at": ts(Some(self.ended_at)),
            "minutes": self.minutes,
            "note": self.note,
            "created_at": ts(Some(self.created_at)),
            "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
        })
    }
}

impl Record for Timer {
    fn headers() -> Vec<&'static str> {
        vec!["agent", "work", "started", "title", "note"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.agent.clone(),
            self.work.to_string(),
            short(Some(self.started_at)),
            self.title.clone().unwrap_or_default(),
            self.note.clone(),
        ]
    }
    fn json(&self) -> Value {
        let (ticket, task) = self.work.columns();
        json!({
            "agent_id": self.agent_id,
            "agent": self.agent,
            "work": self.work.kind(),
            "ticket_id": ticket,
            "task_id": task,
            "title": self.title,
            "started_at": ts(Some(self.started_at)),
            "note": self.note,
        })
    }
}

/// A row of `report time`, with what it is grouped by.
struct TotalRow<'a>(TimeGroup, &'a TimeTotal);

impl Record for TotalRow<'_> {
    fn headers() -> Vec<&'static str> {
        vec!["id", "name", "hours", "entries"]
    }
    fn cells(&self) -> Vec<String> {
        let t = self.1;
        vec![
            t.id.map(|i| i.to_string()).unwrap_or_default(),
            t.name.clone().unwrap_or_else(|| match self.0 {
                TimeGroup::Project => "(no project)".into(),
                TimeGroup::Customer => "(no customer)".into(),
                TimeGroup::Agent => String::new(),
            }),
            format!("{:.2}", t.hours()),
            t.entries.to_string(),
        ]
    }
    fn json(&self) -> Value {
        let t = self.1;
        json!({
            "by": self.0.as_str(),
            "id": t.id,
            "name": t.name,
            "minutes": t.minutes,
            "hours": (t.hours() * 100.0).round() / 100.0,
            "entries": t.entries,
        })
    }
}

/// Runs a time command.
pub fn run(desk: &mut Desk, cmd: &TimeCmd, f: Format) -> Result<()> {
    match cmd {
        TimeCmd::Start { kind, id, note } => {
            let s = desk.start_timer(work(*kind, *id), note.as_deref())?;
            match f {
                Format::Table | Format::Md | Format::Html => {
                    let mut text = String::new();
                    if let Some(e) = &s.stopped {
                        text.push_str(&format!(
                            "stopped the timer on {}: {} logged (entry {})\n",
                            e.work,
                            hm(e.minutes),
                            e.id
                        ));
                    }
                    text.push_str(&format!("timer started on {}\n", s.timer.work));
                    output::emit(&text)
                }
                _ => {
                    let mut v = s.timer.json();
                    v["stopped"] = s.stopped.as_ref().map(Record::json).unwrap_or(Value::Null);
                    match f {
                        Format::Json => output::json(&v),
                        _ => output::one(f, &s.timer),
                    }
                }
            }
        }
        TimeCmd::Stop => {
            let e = desk.stop_timer()?;
            match f {
                Format::Table | Format::Md | Format::Html => output::emit(&format!(
                    "timer stopped: {} logged on {} (entry {})\n",
                    hm(e.minutes),
                    e.work,
                    e.id
                )),
                _ => output::one(f, &e),
            }
        }
        TimeCmd::Status { all } => {
            let timers: Vec<Timer> = if *all {
                desk.timers()?
            } else {
                desk.running_timer()?.into_iter().collect()
            };
            if matches!(f, Format::Table | Format::Md | Format::Html) && timers.is_empty() {
                return output::emit("no timer is running\n");
            }
            output::list(f, &timers)
        }
        TimeCmd::Log {
            kind,
            id,
            minutes,
            note,
        } => {
            let e = desk.log_time(work(*kind, *id), *minutes, note.as_deref())?;
            match f {
                Format::Table | Format::Md | Format::Html => output::emit(&format!(
                    "{} logged on {} (entry {})\n",
                    hm(e.minutes),
                    e.work,
                    e.id
                )),
                _ => output::one(f, &e),
            }
        }
        TimeCmd::List {
            agent,
            since,
            until,
            limit,
        } => {
            let (since, until) = desk.parse_period(since.as_deref(), until.as_deref())?;
            let entries = desk.time_entries(agent.as_deref(), since, until, (*limit).max(1))?;
            output::list(f, &entries)
        }
        TimeCmd::Edit {
            id,
            minutes,
            note,
            if_version,
        } => {
            let e = desk.edit_time(*id, *minutes, note.as_deref(), *if_version)?;
            match f {
                Format::Table | Format::Md | Format::Html => output::emit(&format!(
                    "entry {} updated: {} (version {})\n",
                    e.id,
                    hm(e.minutes),
                    e.version
                )),
                _ => output::one(f, &e),
            }
        }
    }
}

/// `report time --by agent|customer|project [--since] [--until]`.
pub fn report(desk: &Desk, a: &ReportTimeArgs, f: Format) -> Result<()> {
    let by = match a.by {
        TimeBy::Agent => TimeGroup::Agent,
        TimeBy::Customer => TimeGroup::Customer,
        TimeBy::Project => TimeGroup::Project,
    };
    let (since, until) = desk.parse_period(a.since.as_deref(), a.until.as_deref())?;
    let totals = desk.time_totals(by, since, until)?;
    let rows: Vec<TotalRow> = totals.iter().map(|t| TotalRow(by, t)).collect();
    output::list(f, &rows)?;
    if matches!(f, Format::Table | Format::Md | Format::Html) {
        let all: i64 = totals.iter().map(|t| t.minutes).sum();
        output::emit(&format!("\ntotal {}\n", hm(all)))?;
    }
    Ok(())
}
