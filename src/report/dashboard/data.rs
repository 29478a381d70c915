//! The rows the dashboard counts: read once, narrowed to the scope, kept compact
//! (the few distinct types, channels, groups and stages as small numbers, each
//! title reduced to its problem category while it is read).

use super::categorizer::Categorizer;
use super::scope::{Period, Scope};
use crate::config::Config;
use crate::error::Result;
use crate::store::dashboard as sd;
use crate::store::dashboard_facts as fd;
use crate::store::Conn;
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The distinct names of a column, numbered in the order first seen. A column has
/// a handful (types, channels, stages), so a look along the list beats hashing.
#[derive(Debug, Clone, Default)]
pub struct Names {
    names: Vec<String>,
}

impl Names {
    /// The number of `name`, adding it when new.
    pub fn id(&mut self, name: &str) -> u16 {
        if let Some(id) = self.find(name) {
            return id;
        }
        self.names.push(name.to_string());
        (self.names.len() - 1) as u16
    }

    /// The name of number `id`.
    pub fn name(&self, id: u16) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The number of `name`, if seen.
    pub fn find(&self, name: &str) -> Option<u16> {
        self.names.iter().position(|n| n == name).map(|i| i as u16)
    }
}

/// A ticket created in the scanned range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ticket {
    pub id: i64,
    pub created_at: i64,
    pub ty: u16,
    pub channel: u16,
    pub stage: u16,
    /// Index into `[[problem_categories]]`; None: other.
    pub category: Option<u16>,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
}

/// A ticket resolved since the period began.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved {
    pub resolved_at: i64,
    pub created_at: i64,
    pub assignee_id: Option<i64>,
}

/// A ticket without a resolution time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unresolved {
    pub created_at: i64,
    pub stage: u16,
    pub resolution_due: Option<i64>,
}

/// A stage change: when, from and to (stage numbers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    pub at: i64,
    pub old: Option<u16>,
    pub new: u16,
}

/// What the charts are computed from.
pub struct Data<'a> {
    pub cfg: &'a Config,
    pub period: Period,
    pub scope: Scope,
    pub now: i64,
    pub today: NaiveDate,
    pub types: Names,
    pub channels: Names,
    pub stages: Names,
    /// In scope, created in the period.
    pub current: Vec<Ticket>,
    /// The local day and hour each current ticket was created (same order).
    pub at: Vec<(NaiveDate, u32)>,
    /// In scope, created in the period before.
    pub previous: Vec<Ticket>,
    /// In scope, created today.
    pub new_today: i64,
    /// In scope, without a resolution time (the backlog now).
    pub unresolved: Vec<Unresolved>,
    /// In scope, resolved since the period began (whenever created).
    pub resolved: Vec<Resolved>,
    /// Stage changes of the current tickets, each ticket's together in order.
    pub moves: Vec<Move>,
    /// Ticket id → its range in `moves`.
    pub moves_of: HashMap<i64, (usize, usize)>,
    /// Scores of the current and previous tickets.
    pub scores: HashMap<i64, u8>,
    /// Tags of the current and previous tickets.
    pub tags: HashMap<i64, Vec<String>>,
    /// Every agent: id and name.
    pub agents: Vec<(i64, String)>,
    /// Hours each agent logged in the period (by id, so sums come out the same every run).
    pub logged: BTreeMap<i64, f64>,
}

/// The smallest and largest id of some tickets (`(1, 0)`, an empty range, for none).
fn id_range<'t>(ts: impl Iterator<Item = &'t Ticket>) -> (i64, i64) {
    let (lo, hi) = ts.fold((i64::MAX, i64::MIN), |(lo, hi), t| {
        (lo.min(t.id), hi.max(t.id))
    });
    if lo > hi {
        (1, 0)
    } else {
        (lo, hi)
    }
}

/// The period's tickets as the charts count them: read from the facts, or from the
/// tickets, their stage changes, scores and tags.
#[derive(Default)]
struct Created {
    types: Names,
    channels: Names,
    stages: Names,
    current: Vec<Ticket>,
    previous: Vec<Ticket>,
    moves: Vec<Move>,
    moves_of: HashMap<i64, (usize, usize)>,
    scores: HashMap<i64, u8>,
    tags: HashMap<i64, Vec<String>>,
}

impl Created {
    /// Files a ticket in scope under the current or the previous period.
    fn push(&mut self, t: Ticket, start: i64) {
        if t.created_at >= start {
            self.current.push(t);
        } else {
            self.previous.push(t);
        }
    }

    /// Adds a stage change of current ticket `ticket` (each ticket's together).
    fn add_move(&mut self, ticket: i64, at: i64, old: Option<&str>, new: &str) {
        let n = self.moves.len();
        let e = self.moves_of.entry(ticket).or_insert((n, n));
        e.1 = n + 1;
        let m = Move {
            at,
            old: old.map(|o| self.stages.id(o)),
            new: self.stages.id(new),
        };
        self.moves.push(m);
    }

    /// From the stored facts (`store::dashboard_facts`), when they are current and
    /// every ticket of the range has one; None otherwise.
    fn from_facts(
        conn: &Conn,
        cfg: &Config,
        scope: &Scope,
        (since, start, end): (i64, i64, i64),
    ) -> Result<Option<Created>> {
        let fp = crate::ops::facts_fingerprint(&cfg.service.categories);
        if fd::fingerprint(conn)? != fp {
            return Ok(None);
        }
        let mut c = Created::default();
        let Some((lo, hi, n)) = fd::id_span(conn, since, end)? else {
            return Ok(Some(c));
        };
        let mut seen = 0i64;
        fd::scan(conn, (lo, hi), (since, end), start, &mut |r| {
            seen += 1;
            if !scope.admits(r.ty, r.channel, r.group) {
                return;
            }
            let t = Ticket {
                id: r.id,
                created_at: r.created_at,
                ty: c.types.id(r.ty),
                channel: c.channels.id(r.channel),
                stage: c.stages.id(r.stage),
                category: r.category.map(|i| i as u16),
                assignee_id: r.assignee_id,
                first_response_at: r.first_response_at,
                first_response_due: r.first_response_due,
                resolved_at: r.resolved_at,
                resolution_due: r.resolution_due,
            };
            if t.created_at >= start {
                fd::each_move(r.moves, &mut |at, old, new| c.add_move(r.id, at, old, new));
            }
            if let Some(s) = r.score {
                c.scores.insert(r.id, s.clamp(0, 255) as u8);
            }
            if !r.tags.is_empty() {
                c.tags
                    .insert(r.id, fd::each_tag(r.tags).map(str::to_string).collect());
            }
            c.push(t, start);
        })?;
        // A ticket without its fact (an import, a bulk load not yet reindexed).
        Ok((seen == n).then_some(c))
    }

    /// From the tickets, their stage changes, scores and tags.
    fn from_rows(
        conn: &Conn,
        cfg: &Config,
        scope: &Scope,
        (since, start, end): (i64, i64, i64),
    ) -> Result<Created> {
        let matcher = Categorizer::new(&cfg.service.categories);
        let mut c = Created::default();
        let mut lower = String::new();
        sd::scan_created(conn, since, end, &mut |r| {
            if !scope.admits(r.ty, r.channel, r.group) {
                return;
            }
            let t = Ticket {
                id: r.id,
                created_at: r.created_at,
                ty: c.types.id(r.ty),
                channel: c.channels.id(r.channel),
                stage: c.stages.id(r.stage),
                category: matcher.of_into(r.title, &mut lower).map(|i| i as u16),
                assignee_id: r.assignee_id,
                first_response_at: r.first_response_at,
                first_response_due: r.first_response_due,
                resolved_at: r.resolved_at,
                resolution_due: r.resolution_due,
            };
            c.push(t, start);
        })?;
        let ids: HashSet<i64> = c.current.iter().map(|t| t.id).collect();
        if !c.current.is_empty() {
            let (lo, hi) = id_range(c.current.iter());
            // Moves come ticket by ticket: ask once per ticket whether it counts.
            let mut last = (i64::MIN, false);
            sd::scan_moves(conn, lo, hi, &mut |ticket, at, old, new| {
                if last.0 != ticket {
                    last = (ticket, ids.contains(&ticket));
                }
                if last.1 {
                    c.add_move(ticket, at, old, new);
                }
            })?;
        }
        let (lo, hi) = id_range(c.current.iter().chain(c.previous.iter()));
        let ids: HashSet<i64> = c
            .current
            .iter()
            .chain(c.previous.iter())
            .map(|t| t.id)
            .collect();
        c.scores = sd::scores(conn, lo, hi)?
            .into_iter()
            .filter(|(id, _)| ids.contains(id))
            .collect();
        for (id, tag) in sd::tags(conn, lo, hi)? {
            if ids.contains(&id) {
                c.tags.entry(id).or_default().push(tag);
            }
        }
        Ok(c)
    }
}

impl<'a> Data<'a> {
    /// Reads what the dashboard of `period` and `scope` needs, as seen at `now`: the
    /// period's tickets from the stored facts when they are current, otherwise from
    /// the tickets themselves (the same numbers either way).
    pub fn load(
        conn: &Conn,
        cfg: &'a Config,
        period: Period,
        scope: Scope,
        now: i64,
        agents: Vec<(i64, String)>,
        logged: BTreeMap<i64, f64>,
    ) -> Result<Data<'a>> {
        Data::load_with(conn, cfg, period, scope, now, (agents, logged), true)
    }

    /// `load`, reading the period's tickets from the facts only if `facts` (tests
    /// compare the two ways).
    pub fn load_with(
        conn: &Conn,
        cfg: &'a Config,
        period: Period,
        scope: Scope,
        now: i64,
        (agents, logged): (Vec<(i64, String)>, BTreeMap<i64, f64>),
        facts: bool,
    ) -> Result<Data<'a>> {
        let tz = cfg.sla.calendar.tz;
        let today = local(tz, now).date_naive();
        let prev = period.previous();
        let (start, end) = period.bounds(cfg);
        let (prev_start, _) = prev.bounds(cfg);
        let range = (prev_start, start, end);
        let stored = if facts {
            Created::from_facts(conn, cfg, &scope, range)?
        } else {
            None
        };
        let mut c = match stored {
            Some(c) => c,
            None => Created::from_rows(conn, cfg, &scope, range)?,
        };
        let at: Vec<(NaiveDate, u32)> = c
            .current
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
            let mut n = 0;
            sd::scan_created(conn, a, b, &mut |r| {
                n += i64::from(scope.admits(r.ty, r.channel, r.group));
            })?;
            n
        };
        let mut unresolved = Vec::new();
        sd::scan_unresolved(conn, &mut |u| {
            if scope.admits(u.ty, u.channel, u.group) {
                unresolved.push(Unresolved {
                    created_at: u.created_at,
                    stage: c.stages.id(u.stage),
                    resolution_due: u.resolution_due,
                });
            }
        })?;
        let mut resolved = Vec::new();
        sd::scan_resolved(conn, start, &mut |r| {
            if scope.admits(r.ty, r.channel, r.group) {
                resolved.push(Resolved {
                    resolved_at: r.resolved_at,
                    created_at: r.created_at,
                    assignee_id: r.assignee_id,
                });
            }
        })?;
        Ok(Data {
            cfg,
            period,
            scope,
            now,
            today,
            types: c.types,
            channels: c.channels,
            stages: c.stages,
            current: c.current,
            at,
            previous: c.previous,
            new_today,
            unresolved,
            resolved,
            moves: c.moves,
            moves_of: c.moves_of,
            scores: c.scores,
            tags: c.tags,
            agents,
            logged,
        })
    }

    /// The stage changes of a current ticket, in order.
    pub fn moves_of(&self, id: i64) -> &[Move] {
        self.moves_of
            .get(&id)
            .map_or(&[], |&(a, b)| &self.moves[a..b])
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
