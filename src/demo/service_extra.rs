//! Demo data of the service features: the SLA columns the engine keeps (recomputed from
//! the generated histories), satisfaction scores for about 60% of the resolved tickets
//! of the last four months (complaints score lower), and return visits around today
//! (some due today, some overdue, earlier ones done). The same seed gives the same data.

use super::clock::{self, DAY, HOUR};
use super::rng::Rng;
use super::summary::DemoSummary;
use crate::error::Result;
use crate::ops::Desk;
use crate::store::demo_load::{self as bulk, AuditRow};
use crate::store::service as sv;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Cell;
use chrono::Duration;

const STREAM_SERVICE: u64 = 80;

/// Page cache while loading, in KiB (negative, as `PRAGMA cache_size` takes it).
const LOAD_CACHE_KIB: i64 = -131_072;

const SCORES: [&str; 5] = ["1", "2", "3", "4", "5"];

/// Share of resolved tickets whose customer answered the survey.
const RATED: f64 = 0.6;

/// Surveys go to the tickets of the last four months: enough for monthly and quarterly
/// reports, and cheap at a million tickets (older ones would add audit events in the
/// middle of a large log).
const RATED_DAYS: i64 = 120;

/// Return visits: one per this many resolved tickets of the last month, at most `MAX_VISITS`.
const VISIT_EVERY: usize = 40;
const MAX_VISITS: usize = 400;

const COMMENTS: [&[&str]; 5] = [
    &["非常不满意，问题拖了很久", "Nobody called me back."],
    &["处理太慢了", "Slow, had to chase several times."],
    &["还行，问题解决了", ""],
    &["工程师很专业", "Fixed quickly, thanks.", ""],
    &["非常满意，响应很快！", "Excellent service, 谢谢!", "", ""],
];

const VISIT_NOTES: &[&str] = &[
    "回访：确认设备运行正常",
    "回访：询问维修后的使用情况",
    "Follow-up call: is the fix holding?",
    "回访：满意度与改进建议",
    "Check the replacement arrived undamaged",
];

/// Adds the service demo data; counts its audit events into `summary`.
pub fn fill(desk: &mut Desk, seed: u64, anchor: i64, summary: &mut DemoSummary) -> Result<()> {
    // Closed tickets keep the due times the generator gave them; `sla recompute` redoes all.
    // The open ones came with their columns: the recompute finds nothing to write.
    // Each step is a span (`--log FILE` shows its time).
    tracing::info_span!("svc_sla_open").in_scope(|| desk.sla_recompute_open(&mut |_, _| {}))?;
    let tz = desk.config.sla.calendar.tz;
    let today = clock::date(anchor, tz, 0);
    let now = desk.now();
    let actor = desk.actor.clone();
    let mut events = 0u64;
    desk.store.write(|c| {
        let cache = bulk::cache_size(c)?;
        bulk::set_cache_size(c, LOAD_CACHE_KIB)?;
        let resolved = tracing::info_span!("svc_resolved")
            .in_scope(|| sv::resolved_tickets(c, anchor - RATED_DAYS * DAY))?;
        let mut scores: Vec<sv::NewScore<'_>> = Vec::with_capacity(resolved.len());
        let mut rows: Vec<AuditRow<'_>> = Vec::with_capacity(resolved.len());
        let mut recent = Vec::new();
        for t in &resolved {
            let mut rng = Rng::derive(seed, STREAM_SERVICE, t.id as u64);
            if t.resolved_at > anchor - 30 * DAY {
                recent.push(t);
            }
            let rated_at = t.resolved_at + rng.range(2 * HOUR, 3 * DAY);
            if !rng.chance(RATED) || rated_at > now {
                continue;
            }
            let weights: &[f64] = if t.ty == "complaint" {
                &[0.15, 0.2, 0.25, 0.25, 0.15]
            } else {
                &[0.04, 0.06, 0.15, 0.35, 0.4]
            };
            let score = rng.weighted(weights) + 1;
            let comment = *rng.pick(COMMENTS[score - 1]);
            scores.push((t.id, score as u8, comment, rated_at));
            rows.push(AuditRow {
                at: rated_at,
                actor: &actor,
                entity: "ticket",
                entity_id: t.id,
                action: "csat",
                field: Some("score"),
                old: Cell::Null,
                new: Cell::Text(SCORES[score - 1]),
                version: Some(t.version),
            });
        }
        tracing::info_span!("svc_scores").in_scope(|| sv::insert_scores(c, &scores, &actor))?;
        tracing::info_span!("svc_facts_scores").in_scope(|| bulk::facts_scores(c))?;
        tracing::info_span!("svc_audit").in_scope(|| bulk::audit(c, &rows))?;
        let _visits = tracing::info_span!("svc_visits").entered();
        events += rows.len() as u64;
        for (i, t) in recent
            .iter()
            .step_by(VISIT_EVERY)
            .take(MAX_VISITS)
            .enumerate()
        {
            let mut rng = Rng::derive(seed, STREAM_SERVICE, 1 << 40 | t.id as u64);
            // The first few are due today; the rest from five days ago to two weeks ahead.
            let offset = if i < 8 { 0 } else { rng.range(-5, 15) };
            let day = today + Duration::days(offset);
            let note = *rng.pick(VISIT_NOTES);
            let at = t.resolved_at.min(now);
            let note = crate::domain::text::CleanText::new(note);
            let id = sv::insert_visit(c, t.id, day, t.assignee_id, &note, at, &actor)?;
            let record = |entity, entity_id, ev: Event, at, version| {
                write::record(
                    c,
                    &Stamp::new(at, &actor),
                    entity,
                    entity_id,
                    Some(version),
                    &[ev],
                )
            };
            let on = format!("#{id} on {day}");
            record(
                Entity::Visit,
                id,
                Event::set("create", "visit", on.clone()),
                at,
                1,
            )?;
            let ev = Event::set("visit", "visit", on.clone());
            record(Entity::Ticket, t.id, ev, at, t.version)?;
            events += 2;
            if offset < -1 && rng.chance(0.7) {
                let done_at = clock::at_hour(anchor, tz, offset, 10 + rng.range(0, 7) as u32);
                let done = sv::VisitDone {
                    at: done_at,
                    note: crate::domain::text::CleanText::new("客户反馈正常 all good"),
                };
                let ev = Event::new("done", "visit", Some(on.clone()), Some("done".into()));
                write::update(c, &Stamp::new(done_at, &actor), id, 1, &done, vec![ev])?;
                let ev = Event::new("visit", "visit", Some(on), Some("done".into()));
                record(Entity::Ticket, t.id, ev, done_at, t.version)?;
                events += 2;
            }
        }
        bulk::set_cache_size(c, cache)?;
        Ok(())
    })?;
    summary.audit_events += events;
    Ok(())
}
