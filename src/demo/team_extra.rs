//! Demo data of the team features: out-of-office periods (one agent away today, one
//! next week), an agent with own working days, and time logged on recent tickets and
//! on project tasks. Written after the tickets; the same seed gives the same data.

use super::clock::{self, DAY};
use super::rng::Rng;
use super::summary::DemoSummary;
use crate::domain::timelog::WorkRef;
use crate::error::Result;
use crate::ops::Desk;
use crate::store::demo_load::{self as bulk, AuditRow, TimeRow};
use crate::store::team::{self as tm, AgentUpdate};
use crate::store::time as tt;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::{Cell, Conn};
use chrono::Duration;

const STREAM_TEAM: u64 = 60;

/// Time is logged on at most this many of the newest assigned tickets.
const MAX_TICKETS: usize = 3000;

const TICKET_NOTES: &[&str] = &[
    "电话沟通 phone call",
    "远程排查 remote diagnosis",
    "查日志 checked logs",
    "回复客户 replied",
    "",
];

/// Adds the team demo data; counts its audit events into `summary`.
pub fn fill(desk: &mut Desk, seed: u64, anchor: i64, summary: &mut DemoSummary) -> Result<()> {
    let agents = desk.agents()?;
    if agents.is_empty() {
        return Ok(());
    }
    let tz = desk.config.sla.calendar.tz;
    let today = clock::date(anchor, tz, 0);
    let actor = desk.actor.clone();
    let mut events = 0u64;
    // The one versioned edit below counts apart from the events the closure records.
    let mut edits = 0u64;
    desk.store.write(|c| {
        let stamp = Stamp::new(anchor, actor.clone());
        let mut event = |c: &Conn, entity, id, ev: Event, version| {
            events += 1;
            write::record(c, &stamp, entity, id, version, &[ev])
        };
        let mut rng = Rng::derive(seed, STREAM_TEAM, 0);
        let n = agents.len();
        let away_now = rng.index(n);
        let away_later = (away_now + 1 + rng.index(n.max(2) - 1)) % n;
        let own_days = (away_now + n / 2) % n;
        for (who, from, to, note) in [
            (away_now, 0, 2, "培训 training"),
            (away_later, 7, 11, "年假 annual leave"),
        ] {
            let (a, b) = (today + Duration::days(from), today + Duration::days(to));
            tm::insert_ooo(c, agents[who].id, a, b, note, anchor)?;
            let ev = Event::set("ooo_add", "ooo", format!("{a}..{b}"));
            event(c, Entity::Agent, agents[who].id, ev, None)?;
        }
        let a = &agents[own_days];
        let workdays = "tue,wed,thu,fri,sat".to_string();
        let u = AgentUpdate {
            workdays: Some(workdays.clone()),
            ..Default::default()
        };
        let ev = Event::edit("workdays", String::new(), workdays);
        write::update(c, &stamp, a.id, a.version, &u, vec![ev])?;
        edits += 1;

        // Written in bulk at the end (a COPY on PostgreSQL: one round trip each made
        // this phase take 20 s of a 20,000-ticket demo on a busy server).
        let mut next_id = bulk::next_time_entry_id(c)?;
        let mut entries: Vec<TimeRow<'_>> = Vec::new();
        let mut log = |agent_id: i64, work: WorkRef, started_at: i64, minutes: i64, note| {
            let (ticket_id, task_id) = work.columns();
            entries.push(TimeRow {
                id: next_id,
                agent_id,
                ticket_id,
                task_id,
                started_at,
                minutes,
                note,
                at: anchor,
            });
            next_id += 1;
        };
        for (tid, aid, created, resolved) in
            tt::assigned_between(c, anchor - 30 * DAY, anchor, MAX_TICKETS)?
        {
            let mut r = Rng::derive(seed, STREAM_TEAM, 1_000 + tid as u64);
            let end = resolved.unwrap_or(anchor).min(anchor);
            for _ in 0..1 + r.below(2) {
                let minutes = r.range(10, 90);
                let latest = end - minutes * 60;
                if latest <= created {
                    continue;
                }
                let start = r.range(created, latest);
                let note = *r.pick(TICKET_NOTES);
                log(aid, WorkRef::Ticket(tid), start, minutes, note);
            }
        }
        for k in tm::open_tasks(c)? {
            let Some(owner) = k.owner_id else { continue };
            let mut r = Rng::derive(seed, STREAM_TEAM, 1_000_000 + k.id as u64);
            for _ in 0..1 + r.below(3) {
                let day = -r.range(1, 14);
                let start = clock::at_hour(anchor, tz, day, r.range(9, 15) as u32);
                log(
                    owner,
                    WorkRef::Task(k.id),
                    start,
                    r.range(30, 180),
                    "项目工作 project work",
                );
            }
        }
        bulk::time_entries(c, &entries)?;
        // Each entry's creation event, as `write::record` writes it.
        let minutes: Vec<String> = entries.iter().map(|e| e.minutes.to_string()).collect();
        let logged: Vec<AuditRow<'_>> = entries
            .iter()
            .zip(&minutes)
            .map(|(e, m)| AuditRow {
                at: anchor,
                actor: &actor,
                entity: Entity::TimeEntry.as_str(),
                entity_id: e.id,
                action: "log",
                field: Some("minutes"),
                old: Cell::Null,
                new: Cell::Text(m),
                version: Some(1),
            })
            .collect();
        bulk::audit(c, &logged)?;
        events += logged.len() as u64;
        Ok(())
    })?;
    summary.audit_events += events + edits;
    Ok(())
}
