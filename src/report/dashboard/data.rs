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
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// The distinct names of a column, numbered in the order first seen, found by a
/// cheap hash (every stage change names two stages: a look along the list with
/// `memcmp` was 8 % of the dashboard at a million tickets).
#[derive(Debug, Clone, Default)]
pub struct Names {
    names: Vec<String>,
    index: HashMap<String, u16, BuildHasherDefault<WordHasher>>,
}

impl Names {
    /// The number of `name`, adding it when new.
    pub fn id(&mut self, name: &str) -> u16 {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = self.names.len() as u16;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
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
        self.index.get(name).copied()
    }
}

/// A multiply-rotate hash of short names, eight bytes at a time (SipHash, the
/// default, guards against chosen keys; these come from the database's own few
/// stage, type, channel and tag names).
#[derive(Debug, Clone, Copy, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A ticket created in the scanned range, with its score and where its stage
/// changes and tags lie in `Data::moves` and `Data::tag_list` (kept in the row: a
/// map from ticket id to them cost a SipHash lookup per ticket and chart).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ticket {
    pub id: i64,
    pub created_at: i64,
    pub ty: u16,
    pub channel: u16,
    pub stage: u16,
    /// Index into `[[problem_categories]]`; None: other.
    pub category: Option<u16>,
    /// The satisfaction score, if rated.
    pub score: Option<u8>,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
    /// `[start, end)` in `Data::moves` (current tickets only).
    pub moves: (u32, u32),
    /// `[start, end)` in `Data::tag_list`.
    pub tags: (u32, u32),
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
    pub tag_names: Names,
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
    /// Tags (numbers in `tag_names`) of the current and previous tickets.
    pub tag_list: Vec<u16>,
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
    tag_names: Names,
    current: Vec<Ticket>,
    previous: Vec<Ticket>,
    moves: Vec<Move>,
    tag_list: Vec<u16>,
}

/// A ticket id → (current?, index) map, for the rows read after the tickets.
type Places = HashMap<i64, (bool, usize)>;

impl Created {
    /// Files a ticket in scope under the current or the previous period.
    fn push(&mut self, t: Ticket, start: i64) {
        if t.created_at >= start {
            self.current.push(t);
        } else {
            self.previous.push(t);
        }
    }

    /// Adds a stage change (of the ticket whose range is being filled).
    fn add_move(&mut self, at: i64, old: Option<&str>, new: &str) {
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
        // The period before, narrow (types, categories and tags are all it counts),
        // then the period itself with everything.
        for (from, to, narrow) in [(since, start, true), (start, end, false)] {
            let Some((lo, hi, n)) = fd::id_span(conn, from, to)? else {
                continue;
            };
            let mut seen = 0i64;
            fd::scan(conn, (lo, hi), (from, to), narrow, &mut |r| {
                seen += 1;
                if scope.admits(r.ty, r.channel, r.group) {
                    c.add_fact(r, narrow, start);
                }
            })?;
            if seen != n {
                // A ticket without its fact (an import, a bulk load not yet reindexed).
                return Ok(None);
            }
        }
        Ok(Some(c))
    }

    /// Files the fact of a ticket in scope (`narrow`: of the period before, read
    /// without stage, clocks, score and stage changes).
    fn add_fact(&mut self, r: &fd::FactRow<'_>, narrow: bool, start: i64) {
        let m0 = self.moves.len() as u32;
        // Each move's `old` is the `new` of the one before: numbered once.
        let mut last: Option<(&str, u16)> = None;
        fd::each_move(r.moves, &mut |at, old, new| {
            let old = old.map(|o| match last {
                Some((name, id)) if name == o => id,
                _ => self.stages.id(o),
            });
            let id = self.stages.id(new);
            last = Some((new, id));
            self.moves.push(Move { at, old, new: id });
        });
        let t0 = self.tag_list.len() as u32;
        for tag in fd::each_tag(r.tags) {
            let id = self.tag_names.id(tag);
            self.tag_list.push(id);
        }
        let stage = match last {
            _ if narrow => 0,
            Some((name, id)) if name == r.stage => id,
            _ => self.stages.id(r.stage),
        };
        let t = Ticket {
            id: r.id,
            created_at: r.created_at,
            ty: self.types.id(r.ty),
            channel: self.channels.id(r.channel),
            stage,
            category: r.category.map(|i| i as u16),
            score: r.score.map(|s| s.clamp(0, 255) as u8),
            assignee_id: r.assignee_id,
            first_response_at: r.first_response_at,
            first_response_due: r.first_response_due,
            resolved_at: r.resolved_at,
            resolution_due: r.resolution_due,
            moves: (m0, self.moves.len() as u32),
            tags: (t0, self.tag_list.len() as u32),
        };
        self.push(t, start);
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
                score: None,
                assignee_id: r.assignee_id,
                first_response_at: r.first_response_at,
                first_response_due: r.first_response_due,
                resolved_at: r.resolved_at,
                resolution_due: r.resolution_due,
                moves: (0, 0),
                tags: (0, 0),
            };
            c.push(t, start);
        })?;
        let places: Places = c
            .current
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, (true, i)))
            .chain(
                c.previous
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.id, (false, i))),
            )
            .collect();
        if !c.current.is_empty() {
            let (lo, hi) = id_range(c.current.iter());
            // Moves come ticket by ticket: ask once per ticket whether it counts.
            let mut last: (i64, Option<usize>) = (i64::MIN, None);
            sd::scan_moves(conn, lo, hi, &mut |ticket, at, old, new| {
                if last.0 != ticket {
                    last = (
                        ticket,
                        match places.get(&ticket) {
                            Some((true, i)) => Some(*i),
                            _ => None,
                        },
                    );
                    if let Some(i) = last.1 {
                        let n = c.moves.len() as u32;
                        c.current[i].moves = (n, n);
                    }
                }
                if let Some(i) = last.1 {
                    c.add_move(at, old, new);
                    c.current[i].moves.1 = c.moves.len() as u32;
                }
            })?;
        }
        let (lo, hi) = id_range(c.current.iter().chain(c.previous.iter()));
        for (id, score) in sd::scores(conn, lo, hi)? {
            if let Some(t) = c.place(&places, id) {
                t.score = Some(score);
            }
        }
        // Tags in ticket order, so each ticket's lie together.
        let mut tags = sd::tags(conn, lo, hi)?;
        tags.sort();
        for (id, tag) in tags {
            let Some(&(cur, i)) = places.get(&id) else {
                continue;
            };
            let n = c.tag_list.len() as u32;
            let tag = c.tag_names.id(&tag);
            c.tag_list.push(tag);
            let t = if cur {
                &mut c.current[i]
            } else {
                &mut c.previous[i]
            };
            if t.tags.0 == t.tags.1 {
                t.tags = (n, n);
            }
            t.tags.1 = n + 1;
        }
        Ok(c)
    }

    /// The ticket with id `id`, if read.
    fn place(&mut self, places: &Places, id: i64) -> Option<&mut Ticket> {
        match places.get(&id)? {
            (true, i) => self.current.get_mut(*i),
            (false, i) => self.previous.get_mut(*i),
        }
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
            tag_names: c.tag_names,
            current: c.current,
            at,
            previous: c.previous,
            new_today,
            unresolved,
            resolved,
            moves: c.moves,
            tag_list: c.tag_list,
            agents,
            logged,
        })
    }

    /// The stage changes of a current ticket, in order.
    pub fn moves_of(&self, t: &Ticket) -> &[Move] {
        self.moves
            .get(t.moves.0 as usize..t.moves.1 as usize)
            .unwrap_or(&[])
    }

    /// The tags (numbers in `tag_names`) of a ticket.
    pub fn tags_of(&self, t: &Ticket) -> &[u16] {
        self.tag_list
            .get(t.tags.0 as usize..t.tags.1 as usize)
            .unwrap_or(&[])
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
