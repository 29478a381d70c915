//! The rows the dashboard counts, read once and narrowed to the scope.

use super::{Period, Scope};
use crate::config::Config;
use crate::error::Result;
use crate::store::dashboard::{self as sd, DashTicket, Resolved, Unresolved};
use crate::store::Conn;
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// A ticket's stage changes: (when, old stage, new stage), in the order written.
pub type Moves = Vec<(i64, Option<String>, String)>;

/// What the charts are computed from.
pub struct Data<'a> {
    pub cfg: &'a Config,
    pub period: Period,
    pub scope: Scope,
    pub now: i64,
    pub today: NaiveDate,
    /// In scope, created in the period, oldest first.
    pub current: Vec<DashTicket>,
    /// The local day and hour each current ticket was created (same order).
    pub at: Vec<(NaiveDate, u32)>,
    /// In scope, created in the period before.
    pub previous: Vec<DashTicket>,
    /// In scope, created today.
    pub new_today: i64,
    /// In scope, without a resolution time (the backlog now).
    pub unresolved: Vec<Unresolved>,
    /// In scope, resolved since the period began (whenever created).
    pub resolved: Vec<Resolved>,
    /// Stage changes of the current tickets.
    pub moves: HashMap<i64, Moves>,
    /// Scores of the current and previous tickets.
    pub scores: HashMap<i64, u8>,
    /// Tags of the current and previous tickets.
    pub tags: HashMap<i64, Vec<String>>,
    /// Every agent: id and name.
    pub agents: Vec<(i64, String)>,
    /// Hours each agent logged in the period.
    pub logged: HashMap<i64, f64>,
}

/// The smallest and largest id of some tickets (`(1, 0)`, an empty range, for none).
fn id_range<'t>(ts: impl Iterator<Item = &'t DashTicket>) -> (i64, i64) {
    let (lo, hi) = ts.fold((i64::MAX, i64::MIN), |(lo, hi), t| {
        (lo.min(t.id), hi.max(t.id))
    });
    if lo > hi {
        (1, 0)
    } else {
        (lo, hi)
    }
}

impl<'a> Data<'a> {
    /// Reads what the dashboard of `period` and `scope` needs, as seen at `now`.
    pub fn load(
        conn: &Conn,
        cfg: &'a Config,
        period: Period,
        scope: Scope,
        now: i64,
        agents: Vec<(i64, String)>,
        logged: HashMap<i64, f64>,
    ) -> Result<Data<'a>> {
        let tz = cfg.sla.calendar.tz;
        let today = local(tz, now).date_naive();
        let prev = period.previous();
        let (start, end) = period.bounds(cfg);
        let (prev_start, _) = prev.bounds(cfg);
        let admit = |t: &DashTicket| scope.admits(&t.ty, &t.channel, t.group.as_deref());
        let (mut current, mut previous) = (Vec::new(), Vec::new());
        for t in sd::tickets_created(conn, prev_start, end)? {
            if !admit(&t) {
                continue;
            }
            if t.created_at >= start {
                current.push(t);
            } else {
                previous.push(t);
            }
        }
        let at: Vec<(NaiveDate, u32)> = current
            .iter()
            .map(|t| {
                let l = local(tz, t.created_at);
                (l.date_naive(), l.hour())
            })
            .collect();
        let new_today = if (period.from..=period.to).contains(&today) {
            at.iter().filter(|(day, _)| *day == today).count() as i64
        } else {
            let p = Period {
                from: today,
                to: today,
            };
            let (a, b) = p.bounds(cfg);
            sd::tickets_created(conn, a, b)?
                .iter()
                .filter(|t| admit(t))
                .count() as i64
        };
        let unresolved = sd::unresolved(conn)?
            .into_iter()
            .filter(|u| scope.admits(&u.ty, &u.channel, u.group.as_deref()))
            .collect();
        let resolved = sd::resolved_since(conn, start)?
            .into_iter()
            .filter(|r| scope.admits(&r.ty, &r.channel, r.group.as_deref()))
            .collect();
        let (lo, hi) = id_range(current.iter());
        let moves = if current.is_empty() {
            HashMap::new()
        } else {
            let mut m = sd::stage_moves(conn, lo, hi)?;
            let ids: std::collections::HashSet<i64> = current.iter().map(|t| t.id).collect();
            m.retain(|id, _| ids.contains(id));
            m
        };
        let (lo, hi) = id_range(current.iter().chain(previous.iter()));
        let ids: std::collections::HashSet<i64> = current
            .iter()
            .chain(previous.iter())
            .map(|t| t.id)
            .collect();
        let mut scores = sd::scores(conn, lo, hi)?;
        scores.retain(|id, _| ids.contains(id));
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, tag) in sd::tags(conn, lo, hi)? {
            if ids.contains(&id) {
                tags.entry(id).or_default().push(tag);
            }
        }
        Ok(Data {
            cfg,
            period,
            scope,
            now,
            today,
            current,
            at,
            previous,
            new_today,
            unresolved,
            resolved,
            moves,
            scores,
            tags,
            agents,
            logged,
        })
    }

    /// The business calendar's time zone.
    pub fn tz(&self) -> Tz {
        self.cfg.sla.calendar.tz
    }

    /// `secs` in the business calendar's time zone.
    pub fn local(&self, secs: i64) -> DateTime<Tz> {
        local(self.tz(), secs)
    }

    /// The UI language (`en` or `zh`).
    pub fn lang(&self) -> &str {
        self.cfg.ui.language.as_str()
    }
}

/// `secs` in `tz`.
pub fn local(tz: Tz, secs: i64) -> DateTime<Tz> {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
}
