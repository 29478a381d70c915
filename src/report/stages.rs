//! `report stages`: where tickets wait. For every stage, the stays that ended in the
//! period (mean and 90th percentile, in business hours and wall-clock hours, and how
//! many went over the stage's limit) and how many tickets are in it now.

use crate::config::Config;
use crate::domain::sla_engine::stage_def;
use crate::error::Result;
use crate::store::reports;
use crate::store::Conn;
use std::collections::BTreeMap;

/// One stage of the stage report.
#[derive(Debug, Clone, PartialEq)]
pub struct StageLine {
    pub stage: String,
    pub label: String,
    /// `open`, `waiting`, `resolved` or `closed` (empty for a stage the config lacks).
    pub kind: String,
    /// The stage's time limit in business hours (0: none).
    pub limit_hours: f64,
    /// Stays that ended in the period.
    pub visits: i64,
    pub mean_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    pub mean_wall_hours: Option<f64>,
    pub p90_wall_hours: Option<f64>,
    /// Stays longer than the limit (business hours).
    pub over_limit: i64,
    /// Tickets in the stage now.
    pub waiting_now: i64,
}

/// The stage report for stays that ended in `[since, until)`, in workflow order.
pub fn report(conn: &Conn, cfg: &Config, since: i64, until: i64) -> Result<Vec<StageLine>> {
    let cal = &cfg.sla.calendar;
    let lang = cfg.ui.language.as_str();
    let visits = reports::visits_ended(conn, since, until)?;
    let now = reports::waiting_now(conn)?;
    // A stage's limit depends on the ticket's flow only where flows share a stage id
    // with different limits; only then are the tickets' types read.
    let types = if ambiguous_limits(cfg) {
        let mut ids: Vec<i64> = visits.iter().map(|v| v.ticket_id).collect();
        ids.sort_unstable();
        ids.dedup();
        reports::ticket_facts(conn, &ids)?
    } else {
        Default::default()
    };
    // stage → (business hours, wall hours, over the limit)
    let mut stays: BTreeMap<String, (Vec<f64>, Vec<f64>, i64)> = BTreeMap::new();
    for v in &visits {
        let business = cal.business_secs_between(v.entered_at, v.left_at).max(0) as f64 / 3600.0;
        let wall = (v.left_at - v.entered_at).max(0) as f64 / 3600.0;
        let ty = types.get(&v.ticket_id).map_or("", |f| f.0.as_str());
        let limit = stage_def(&cfg.workflow, ty, &v.stage).map_or(0.0, |s| s.limit_hours);
        let e = stays.entry(v.stage.clone()).or_default();
        e.0.push(business);
        e.1.push(wall);
        if limit > 0.0 && business > limit {
            e.2 += 1;
        }
    }
    let mut order = cfg.workflow.all_stage_ids();
    for s in stays.keys().chain(now.keys()) {
        if !order.contains(s) {
            order.push(s.clone());
        }
    }
    let mut out = Vec::new();
    for id in order {
        let waiting = now.get(&id).copied().unwrap_or(0);
        let (mut b, mut w, over) = stays.remove(&id).unwrap_or_default();
        if b.is_empty() && waiting == 0 {
            continue;
        }
        let def = cfg.workflow.flows.values().find_map(|f| f.stage(&id));
        out.push(StageLine {
            label: def.map_or(id.clone(), |d| d.label(lang).to_string()),
            kind: def.map_or(String::new(), |d| d.kind.as_str().to_string()),
            limit_hours: def.map_or(0.0, |d| d.limit_hours),
            visits: b.len() as i64,
            mean_hours: super::mean(&b),
            p90_hours: super::percentile(&mut b, 0.9),
            mean_wall_hours: super::mean(&w),
            p90_wall_hours: super::percentile(&mut w, 0.9),
            over_limit: over,
            waiting_now: waiting,
            stage: id,
        });
    }
    Ok(out)
}

/// Whether some stage id has different limits in different flows.
fn ambiguous_limits(cfg: &Config) -> bool {
    let mut seen: BTreeMap<&str, f64> = BTreeMap::new();
    for s in cfg.workflow.flows.values().flat_map(|f| &f.stages) {
        if let Some(l) = seen.insert(&s.id, s.limit_hours) {
            if l != s.limit_hours {
                return true;
            }
        }
    }
    false
}
