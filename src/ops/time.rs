//! Time tracking: timers started and stopped by the acting agent, logged entries
//! (editable, compare-and-swap), and totals per agent, customer and project.

use super::Desk;
use crate::domain::records::Agent;
use crate::domain::team::{day_start, parse_date};
use crate::domain::text::sanitize;
use crate::domain::timelog::{
    minutes_between, TimeEntry, TimeGroup, TimeTotal, Timer, WorkRef, MAX_MINUTES,
};
use crate::error::{Error, Result};
use crate::store::time::EntryEdit;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Conn;
use crate::store::{agents, team as tm, tickets as st, time as tt};

/// What `start_timer` did: the new timer, and the entry of a timer it stopped first.
#[derive(Debug, Clone)]
pub struct TimerStart {
    pub timer: Timer,
    pub stopped: Option<TimeEntry>,
}

fn check_work(c: &Conn, work: WorkRef) -> Result<()> {
    match work {
        WorkRef::Ticket(id) => st::get(c, id).map(|_| ()),
        WorkRef::Task(id) => {
            if tm::task_exists(c, id)? {
                Ok(())
            } else {
                Err(Error::NotFound {
                    what: "task",
                    key: format!("#{id}"),
                    hint: Some("see a project's tasks with: aftercare project show ID".into()),
                })
            }
        }
    }
}

fn check_minutes(minutes: i64) -> Result<()> {
    if (1..=MAX_MINUTES).contains(&minutes) {
        Ok(())
    } else {
        Err(Error::invalid(
            format!("{minutes} minutes cannot be logged"),
            format!("give between 1 and {MAX_MINUTES} minutes (one day) per entry"),
        ))
    }
}

/// A conflict on a time entry, pointing at the command that shows entries.
fn entry_conflict(e: Error, id: i64) -> Error {
    match e {
        Error::Conflict { message, .. } => Error::Conflict {
            message,
            hint: format!("look at entry {id} (aftercare time list) and apply your change again"),
        },
        other => other,
    }
}

/// Writes the entry of a stopped timer and removes the timer.
fn stop_in(c: &Conn, t: &Timer, s: &Stamp) -> Result<TimeEntry> {
    let minutes = minutes_between(t.started_at, s.at).min(MAX_MINUTES);
    tt::delete_timer(c, t.agent_id)?;
    let id = tt::insert(c, t.agent_id, t.work, t.started_at, minutes, &t.note, s.at)?;
    let ev = Event::set("timer_stop", "minutes", minutes.to_string());
    write::record(c, s, Entity::TimeEntry, id, Some(1), &[ev])?;
    tt::get(c, id)
}

impl Desk {
    /// The agent the acting user is (matched by name), for time tracking.
    pub fn acting_agent(&self) -> Result<Agent> {
        agents::by_name(self.store.conn(), &self.actor)?.ok_or_else(|| {
            Error::invalid(
                format!("you ('{}') are not an agent", self.actor),
                format!(
                    "time is tracked per agent: act as one with --actor NAME (or AFTERCARE_ACTOR), or add yourself with: aftercare agent new '{}'",
                    self.actor
                ),
            )
        })
    }

    /// The acting agent's running timer, if any.
    pub fn running_timer(&self) -> Result<Option<Timer>> {
        let me = self.acting_agent()?;
        tt::timer(self.store.conn(), me.id)
    }

    /// Every running timer (for the Team pane).
    pub fn timers(&self) -> Result<Vec<Timer>> {
        tt::timers(self.store.conn())
    }

    /// Starts the acting agent's timer on a ticket or task; a timer already running
    /// is stopped first and its time logged.
    pub fn start_timer(&mut self, work: WorkRef, note: Option<&str>) -> Result<TimerStart> {
        let me = self.acting_agent()?;
        let note = note.map(|n| sanitize(n.trim())).unwrap_or_default();
        let s = self.stamp();
        self.store.write(|c| {
            check_work(c, work)?;
            let stopped = match tt::timer(c, me.id)? {
                Some(t) => Some(stop_in(c, &t, &s)?),
                None => None,
            };
            tt::start_timer(c, me.id, work, s.at, &note)?;
            let ev = Event::set("timer_start", "timer", work.to_string());
            write::record(c, &s, Entity::Agent, me.id, None, &[ev])?;
            let timer =
                tt::timer(c, me.id)?.ok_or_else(|| Error::msg("the timer could not be started"))?;
            Ok(TimerStart { timer, stopped })
        })
    }

    /// Stops the acting agent's timer and logs the time (at least one minute).
    pub fn stop_timer(&mut self) -> Result<TimeEntry> {
        let me = self.acting_agent()?;
        let s = self.stamp();
        self.store.write(|c| {
            let t = tt::timer(c, me.id)?.ok_or_else(|| {
                Error::invalid(
                    format!("no timer is running for {}", me.name),
                    "start one with: aftercare time start ticket ID (or task ID)",
                )
            })?;
            stop_in(c, &t, &s)
        })
    }

    /// Logs `minutes` of the acting agent's time on a ticket or task, ending now.
    pub fn log_time(
        &mut self,
        work: WorkRef,
        minutes: i64,
        note: Option<&str>,
    ) -> Result<TimeEntry> {
        let me = self.acting_agent()?;
        let start = self.now() - minutes * 60;
        self.log_time_for(me.id, work, start, minutes, note)
    }

    /// Logs time for any agent from `started_at` (imports, demo data).
    pub fn log_time_for(
        &mut self,
        agent_id: i64,
        work: WorkRef,
        started_at: i64,
        minutes: i64,
        note: Option<&str>,
    ) -> Result<TimeEntry> {
        check_minutes(minutes)?;
        let note = note.map(|n| sanitize(n.trim())).unwrap_or_default();
        let s = self.stamp();
        self.store.write(|c| {
            agents::get(c, agent_id)?;
            check_work(c, work)?;
            let id = tt::insert(c, agent_id, work, started_at, minutes, &note, s.at)?;
            let ev = Event::set("log", "minutes", minutes.to_string());
            write::record(c, &s, Entity::TimeEntry, id, Some(1), &[ev])?;
            tt::get(c, id)
        })
    }

    /// Changes an entry's minutes and/or note, if it is still at version `expected`.
    pub fn edit_time(
        &mut self,
        id: i64,
        minutes: Option<i64>,
        note: Option<&str>,
        expected: Option<i64>,
    ) -> Result<TimeEntry> {
        if minutes.is_none() && note.is_none() {
            return Err(Error::invalid(
                "nothing to change",
                "give --minutes N and/or --note TEXT",
            ));
        }
        if let Some(m) = minutes {
            check_minutes(m)?;
        }
        let note = note.map(|n| sanitize(n.trim()));
        let s = self.stamp();
        self.store
            .write(|c| {
                let e = tt::get(c, id)?;
                let expected = expected.unwrap_or(e.version);
                let m = minutes.unwrap_or(e.minutes);
                let n = note.clone().unwrap_or_else(|| e.note.clone());
                if m == e.minutes && n == e.note && expected == e.version {
                    return Ok(e);
                }
                let mut events = Vec::new();
                if m != e.minutes {
                    events.push(Event::edit("minutes", e.minutes.to_string(), m.to_string()));
                }
                if n != e.note {
                    events.push(Event::edit("note", e.note.clone(), n.clone()));
                }
                let edit = EntryEdit {
                    started_at: e.started_at,
                    minutes: m,
                    note: n,
                };
                write::update(c, &s, id, expected, &edit, events)?;
                tt::get(c, id)
            })
            .map_err(|e| entry_conflict(e, id))
    }

    /// Entries started in [since, until), of one agent (name or id) or all, newest first.
    pub fn time_entries(
        &self,
        agent: Option<&str>,
        since: Option<i64>,
        until: Option<i64>,
        limit: usize,
    ) -> Result<Vec<TimeEntry>> {
        let agent_id = agent.map(|a| self.find_agent(a)).transpose()?.map(|a| a.id);
        tt::list(self.store.conn(), agent_id, since, until, limit)
    }

    /// Logged time started in [since, until), grouped by agent, customer or project.
    pub fn time_totals(
        &self,
        by: TimeGroup,
        since: Option<i64>,
        until: Option<i64>,
    ) -> Result<Vec<TimeTotal>> {
        tt::totals(self.store.conn(), by, since, until)
    }

    /// Hours logged per agent in [since, until): (agent id, hours), most first.
    pub fn time_logged_by_agent(&self, since: i64, until: i64) -> Result<Vec<(i64, f64)>> {
        Ok(self
            .time_totals(TimeGroup::Agent, Some(since), Some(until))?
            .into_iter()
            .filter_map(|t| Some((t.id?, t.hours())))
            .collect())
    }

    /// Minutes an agent logged this week (from Monday in the team's time zone).
    pub fn minutes_this_week(&self, agent_id: i64) -> Result<i64> {
        let tz = self.config.sla.calendar.tz;
        let since = day_start(tz, crate::domain::team::week_start(self.today()));
        Ok(
            tt::totals(self.store.conn(), TimeGroup::Agent, Some(since), None)?
                .into_iter()
                .find(|t| t.id == Some(agent_id))
                .map(|t| t.minutes)
                .unwrap_or(0),
        )
    }

    /// Parses the start of a period: `YYYY-MM-DD` (that day, team time zone), `today`,
    /// or a span back from now such as `7d` or `2w`.
    pub fn parse_since(&self, s: &str) -> Result<i64> {
        self.parse_bound(s, false, "--since")
    }

    /// Parses the end of a period: `YYYY-MM-DD` (that day included), `today`, or a span.
    pub fn parse_until(&self, s: &str) -> Result<i64> {
        self.parse_bound(s, true, "--until")
    }

    /// Parses an optional period and refuses one that ends before it starts.
    pub fn parse_period(
        &self,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<(Option<i64>, Option<i64>)> {
        let a = since.map(|s| self.parse_since(s)).transpose()?;
        let b = until.map(|s| self.parse_until(s)).transpose()?;
        if let (Some(a), Some(b)) = (a, b) {
            if b <= a {
                return Err(Error::invalid(
                    format!(
                        "bad date range: --until {} is not after --since {}",
                        until.unwrap_or_default(),
                        since.unwrap_or_default()
                    ),
                    "give --since an earlier day than --until (both days are included)",
                ));
            }
        }
        Ok((a, b))
    }

    fn parse_bound(&self, s: &str, end: bool, flag: &str) -> Result<i64> {
        let tz = self.config.sla.calendar.tz;
        let s = s.trim();
        let day = if s.eq_ignore_ascii_case("today") {
            Some(self.today())
        } else {
            parse_date(s).ok()
        };
        if let Some(d) = day {
            let d = if end { d.succ_opt().unwrap_or(d) } else { d };
            return Ok(day_start(tz, d));
        }
        match crate::domain::time::parse_duration(s) {
            Some(span) if span >= 0 => Ok(self.now() - span),
            _ => Err(Error::invalid(
                format!("{flag}: '{s}' is not a date"),
                "write YYYY-MM-DD, `today`, or a span back from now such as 7d or 2w",
            )),
        }
    }
}
