//! Project scheduling over working days: finish-to-start dependencies with lag, the
//! critical path, a forecast from progress, slippage and a health verdict.
//!
//! A task occupies whole working days `[start, end]` (both inclusive), so a one-day task
//! starts and ends on the same date. A dependency "B after A with lag L" means B starts
//! on the (L+1)-th working day after A ends. Working days come from the same calendar
//! as the SLA business days (`Calendar::is_workday`).

use super::sla::Calendar;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Longest walk over the calendar (guards against a calendar with no working days).
const MAX_WALK: i64 = 20 * 366;

/// Below this many working days between forecast and due date a project is at risk.
pub const MIN_BUFFER_DAYS: i64 = 2;

/// The first working day on or after `d`.
pub fn snap(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    let mut x = d;
    for _ in 0..MAX_WALK {
        if cal.is_workday(x) {
            return x;
        }
        x = x.succ_opt().unwrap_or(x);
    }
    d
}

/// The working day `n` working days after (n > 0) or before (n < 0) `d`, which is first
/// moved to the next working day. `n = 0` gives that working day itself.
pub fn add_workdays(cal: &Calendar, d: NaiveDate, n: i64) -> NaiveDate {
    let mut x = snap(cal, d);
    let mut left = n.abs();
    let mut guard = 0;
    while left > 0 && guard < MAX_WALK {
        let next = if n > 0 { x.succ_opt() } else { x.pred_opt() };
        x = match next {
            Some(y) => y,
            None => return x,
        };
        if cal.is_workday(x) {
            left -= 1;
        }
        guard += 1;
    }
    x
}

/// A task `[start, end]` moved by `n` working days: the start moves to the working day
/// `n` after its first working day, and the task keeps its number of working days
/// (moving the end on its own would stretch a task that starts on a weekend).
pub fn shift(cal: &Calendar, start: NaiveDate, end: NaiveDate, n: i64) -> (NaiveDate, NaiveDate) {
    let len = span_workdays(cal, start, end);
    let s = add_workdays(cal, start, n);
    (s, add_workdays(cal, s, len - 1))
}

/// Working days in `(a, b]` when `b` is after `a`, negated when `b` is before `a`;
/// so a task planned to end on `a` and forecast to end on `b` slips by this much.
pub fn workdays_between(cal: &Calendar, a: NaiveDate, b: NaiveDate) -> i64 {
    if b < a {
        return -workdays_between(cal, b, a);
    }
    let mut n = 0;
    let mut x = a;
    let mut guard = 0;
    while x < b && guard < MAX_WALK {
        x = x.succ_opt().unwrap_or(b);
        if cal.is_workday(x) {
            n += 1;
        }
        guard += 1;
    }
    n
}

/// Working days in `[start, end]`, at least 1.
pub fn span_workdays(cal: &Calendar, start: NaiveDate, end: NaiveDate) -> i64 {
    if end < start {
        return 1;
    }
    let first = i64::from(cal.is_workday(start));
    (first + workdays_between(cal, start, end)).max(1)
}

/// "1 working day", "3 working days".
pub fn working_days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} working day")
    } else {
        format!("{n} working days")
    }
}

/// Working hours in one calendar day (8 when the calendar has none).
pub fn hours_per_day(cal: &Calendar) -> f64 {
    let h = (cal.day_end - cal.day_start).num_minutes() as f64 / 60.0;
    if h > 0.0 {
        h
    } else {
        8.0
    }
}

/// One task as the scheduler sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskPlan {
    pub id: i64,
    pub milestone_id: Option<i64>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub estimate_hours: f64,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    /// 0–100
    pub percent_done: i64,
    pub done: bool,
}

/// `task` starts after `after` ends, plus `lag` working days (finish-to-start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub task: i64,
    pub after: i64,
    pub lag: i64,
}

/// A milestone with its due date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MilestonePlan {
    pub id: i64,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

/// A dependency cycle, as the task ids around it (first = last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle(pub Vec<i64>);

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path: Vec<String> = self.0.iter().map(|id| format!("#{id}")).collect();
        write!(f, "dependency cycle: {}", path.join(" → "))
    }
}

/// Where a task stands in the plan and in the forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSchedule {
    pub id: i64,
    /// Planned length in working days.
    pub duration: i64,
    pub early_start: NaiveDate,
    pub early_finish: NaiveDate,
    pub late_start: NaiveDate,
    pub late_finish: NaiveDate,
    /// Working days the task can slip without moving the project end.
    pub total_float: i64,
    pub critical: bool,
    /// The plan: the stored dates, or the early dates where none are stored.
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub forecast_start: NaiveDate,
    pub forecast_end: NaiveDate,
    /// Working days the forecast end is after the planned end (negative: ahead).
    pub slippage: i64,
    pub done: bool,
}

/// A milestone's forecast against its due date.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneSchedule {
    pub id: i64,
    pub due: Option<NaiveDate>,
    /// When its last task is forecast to end (None: it has no tasks).
    pub forecast: Option<NaiveDate>,
    /// Working days the forecast is after the due date.
    pub slippage: Option<i64>,
    pub done: bool,
}

/// How a project is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    OnTrack,
    AtRisk,
    Late,
}

impl Health {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::OnTrack => "on_track",
            Health::AtRisk => "at_risk",
            Health::Late => "late",
        }
    }
}

/// The schedule of one project.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// In the order the tasks were given.
    pub tasks: Vec<TaskSchedule>,
    pub milestones: Vec<MilestoneSchedule>,
    /// Critical tasks in order of early start.
    pub critical_path: Vec<i64>,
    pub start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub forecast_end: Option<NaiveDate>,
    /// Working days the forecast end is after the planned end.
    pub slippage: i64,
    /// Smallest number of working days between a forecast and its due date (project or
    /// open milestone); None when nothing has a due date.
    pub buffer: Option<i64>,
    pub health: Health,
    /// Why the health is not on track, one sentence each.
    pub reasons: Vec<String>,
}

impl Schedule {
    /// The schedule of one task.
    pub fn task(&self, id: i64) -> Option<&TaskSchedule> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// The schedule of one milestone.
    pub fn milestone(&self, id: i64) -> Option<&MilestoneSchedule> {
        self.milestones.iter().find(|m| m.id == id)
    }
}

/// What the scheduler needs.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleInput<'a> {
    pub tasks: &'a [TaskPlan],
    pub links: &'a [Link],
    pub milestones: &'a [MilestonePlan],
    pub project_due: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// Finds a cycle among the links between `ids` (links naming other ids are ignored).
/// The path follows the links from predecessor to successor and starts at its smallest id.
pub fn find_cycle(ids: &[i64], links: &[Link]) -> Option<Vec<i64>> {
    let known: BTreeSet<i64> = ids.iter().copied().collect();
    let mut next: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for l in links {
        if known.contains(&l.task) && known.contains(&l.after) {
            next.entry(l.after).or_default().push(l.task);
        }
    }
    // 0 = unseen, 1 = on the current path, 2 = finished.
    let mut state: BTreeMap<i64, u8> = BTreeMap::new();
    for &root in &known {
        if state.get(&root).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<i64> = vec![root];
        let mut iters: Vec<usize> = vec![0];
        state.insert(root, 1);
        while let Some(&node) = path.last() {
            let i = iters.last().copied().unwrap_or(0);
            let succ = next.get(&node).and_then(|v| v.get(i)).copied();
            match succ {
                Some(s) => {
                    if let Some(top) = iters.last_mut() {
                        *top += 1;
                    }
                    match state.get(&s).copied().unwrap_or(0) {
                        0 => {
                            state.insert(s, 1);
                            path.push(s);
                            iters.push(0);
                        }
                        1 => {
                            let from = path.iter().position(|&x| x == s).unwrap_or(0);
                            let mut cycle: Vec<i64> = path[from..].to_vec();
                            let min_at = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                            cycle.rotate_left(min_at);
                            cycle.push(cycle[0]);
                            return Some(cycle);
                        }
                        _ => {}
                    }
                }
                None => {
                    state.insert(node, 2);
                    path.pop();
                    iters.pop();
                }
            }
        }
    }
    None
}

/// The task ids in an order where every task comes after the tasks it depends on
/// (ties by position in `ids`), or the cycle that makes this impossible.
pub fn topo_order(ids: &[i64], links: &[Link]) -> Result<Vec<i64>, Cycle> {
    if let Some(c) = find_cycle(ids, links) {
        return Err(Cycle(c));
    }
    let pos: BTreeMap<i64, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut indeg: BTreeMap<i64, usize> = ids.iter().map(|&id| (id, 0)).collect();
    let mut next: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for l in links {
        if pos.contains_key(&l.task) && pos.contains_key(&l.after) {
            *indeg.entry(l.task).or_default() += 1;
            next.entry(l.after).or_default().push(l.task);
        }
    }
    let mut ready: BTreeSet<(usize, i64)> = indeg
        .iter()
        .filter(|(_, &d)| d == 0)
        .map(|(&id, _)| (pos[&id], id))
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    while let Some(first) = ready.iter().next().copied() {
        ready.remove(&first);
        out.push(first.1);
        for s in next.get(&first.1).into_iter().flatten() {
            if let Some(d) = indeg.get_mut(s) {
                *d -= 1;
                if *d == 0 {
                    ready.insert((pos[s], *s));
                }
            }
        }
    }
    Ok(out)
}

fn duration(cal: &Calendar, t: &TaskPlan) -> i64 {
    match (t.planned_start, t.planned_end) {
        (Some(s), Some(e)) => span_workdays(cal, s, e),
        _ if t.estimate_hours > 0.0 => (t.estimate_hours / hours_per_day(cal)).ceil() as i64,
        _ => 1,
    }
    .max(1)
}

/// Computes the plan (forward and backward pass), the forecast and the health.
pub fn schedule(cal: &Calendar, input: &ScheduleInput<'_>) -> Result<Schedule, Cycle> {
    let ids: Vec<i64> = input.tasks.iter().map(|t| t.id).collect();
    let order = topo_order(&ids, input.links)?;
    let by_id: BTreeMap<i64, &TaskPlan> = input.tasks.iter().map(|t| (t.id, t)).collect();
    let mut preds: BTreeMap<i64, Vec<Link>> = BTreeMap::new();
    let mut succs: BTreeMap<i64, Vec<Link>> = BTreeMap::new();
    for l in input.links {
        if by_id.contains_key(&l.task) && by_id.contains_key(&l.after) {
            preds.entry(l.task).or_default().push(*l);
            succs.entry(l.after).or_default().push(*l);
        }
    }
    let today = snap(cal, input.today);
    let project_start = input
        .tasks
        .iter()
        .filter_map(|t| t.planned_start.or(t.actual_start))
        .min()
        .map(|d| snap(cal, d))
        .unwrap_or(today);
    let dur: BTreeMap<i64, i64> = input
        .tasks
        .iter()
        .map(|t| (t.id, duration(cal, t)))
        .collect();

    // Forward pass: early dates, with a stored planned start as "start no earlier than".
    let mut es: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    let mut ef: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    for id in &order {
        let t = by_id[id];
        let mut start = t
            .planned_start
            .map(|d| snap(cal, d))
            .unwrap_or(project_start);
        for l in preds.get(id).into_iter().flatten() {
            start = start.max(add_workdays(cal, ef[&l.after], 1 + l.lag));
        }
        es.insert(*id, start);
        ef.insert(*id, add_workdays(cal, start, dur[id] - 1));
    }
    let finish = ef.values().max().copied();

    // Backward pass: late dates from the project's early finish.
    let mut ls: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    let mut lf: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    for id in order.iter().rev() {
        let mut late = finish.unwrap_or(today);
        for l in succs.get(id).into_iter().flatten() {
            late = late.min(add_workdays(cal, ls[&l.task], -(1 + l.lag)));
        }
        lf.insert(*id, late);
        ls.insert(*id, add_workdays(cal, late, -(dur[id] - 1)));
    }

    // Forecast: done tasks stay, started ones finish their remaining share from today,
    // the rest start when their predecessors' forecasts allow, and not before today.
    let mut fs: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    let mut fe: BTreeMap<i64, NaiveDate> = BTreeMap::new();
    for id in &order {
        let t = by_id[id];
        let d = dur[id];
        let planned_start = t.planned_start.map(|x| snap(cal, x)).unwrap_or(es[id]);
        let planned_end = t.planned_end.unwrap_or(ef[id]);
        let done = t.done || t.percent_done >= 100 || t.actual_end.is_some();
        let (s, e) = if done {
            let s = t.actual_start.unwrap_or(planned_start);
            (s, t.actual_end.unwrap_or(planned_end).max(s))
        } else if t.actual_start.is_some() || t.percent_done > 0 {
            let s = t.actual_start.unwrap_or(planned_start.min(today));
            let left = ((d as f64) * (100 - t.percent_done.clamp(0, 100)) as f64 / 100.0).ceil();
            let e = add_workdays(cal, today, (left as i64 - 1).max(0));
            (s, e.max(s))
        } else {
            let mut s = planned_start.max(today);
            for l in preds.get(id).into_iter().flatten() {
                s = s.max(add_workdays(cal, fe[&l.after], 1 + l.lag));
            }
            (s, add_workdays(cal, s, d - 1))
        };
        fs.insert(*id, s);
        fe.insert(*id, e);
    }

    let tasks: Vec<TaskSchedule> = input
        .tasks
        .iter()
        .map(|t| {
            let id = t.id;
            let total_float = workdays_between(cal, es[&id], ls[&id]);
            let planned_end = t.planned_end.unwrap_or(ef[&id]);
            TaskSchedule {
                id,
                duration: dur[&id],
                early_start: es[&id],
                early_finish: ef[&id],
                late_start: ls[&id],
                late_finish: lf[&id],
                total_float,
                critical: total_float <= 0,
                planned_start: t.planned_start.unwrap_or(es[&id]),
                planned_end,
                forecast_start: fs[&id],
                forecast_end: fe[&id],
                slippage: workdays_between(cal, planned_end, fe[&id]),
                done: t.done || t.percent_done >= 100 || t.actual_end.is_some(),
            }
        })
        .collect();

    let mut critical: Vec<&TaskSchedule> = tasks.iter().filter(|t| t.critical).collect();
    critical.sort_by_key(|t| (t.early_start, t.early_finish, t.id));
    let milestones: Vec<MilestoneSchedule> = input
        .milestones
        .iter()
        .map(|m| {
            let mine: Vec<&TaskSchedule> = tasks
                .iter()
                .filter(|t| by_id[&t.id].milestone_id == Some(m.id))
                .collect();
            let forecast = mine.iter().map(|t| t.forecast_end).max();
            let done = m.done || (!mine.is_empty() && mine.iter().all(|t| t.done));
            MilestoneSchedule {
                id: m.id,
                due: m.due,
                forecast,
                slippage: m
                    .due
                    .zip(forecast)
                    .map(|(d, f)| workdays_between(cal, d, f)),
                done,
            }
        })
        .collect();

    let planned_end = tasks.iter().map(|t| t.planned_end).max();
    let forecast_end = tasks.iter().map(|t| t.forecast_end).max();
    let slippage = planned_end
        .zip(forecast_end)
        .map(|(p, f)| workdays_between(cal, p, f))
        .unwrap_or(0);
    let mut s = Schedule {
        critical_path: critical.iter().map(|t| t.id).collect(),
        start: es.values().min().copied(),
        planned_end,
        forecast_end,
        slippage,
        buffer: None,
        health: Health::OnTrack,
        reasons: Vec::new(),
        tasks,
        milestones,
    };
    judge(cal, &mut s, input.project_due);
    Ok(s)
}

/// Late if the project or an open milestone is forecast past its due date; at risk if a
/// critical task slips or fewer than `MIN_BUFFER_DAYS` working days are left before a
/// due date; else on track.
fn judge(cal: &Calendar, s: &mut Schedule, project_due: Option<NaiveDate>) {
    let mut late = Vec::new();
    let mut risk = Vec::new();
    let mut buffers = Vec::new();
    let all_done = !s.tasks.is_empty() && s.tasks.iter().all(|t| t.done);
    if let (Some(due), Some(f)) = (project_due, s.forecast_end) {
        let b = workdays_between(cal, f, due);
        buffers.push(b);
        if f > due {
            late.push(format!(
                "the project is forecast to end {f}, after its due date {due}"
            ));
        } else if b < MIN_BUFFER_DAYS && !all_done {
            risk.push(format!(
                "only {} of buffer before the due date {due}",
                working_days(b)
            ));
        }
    }
    for m in s.milestones.iter().filter(|m| !m.done) {
        if let (Some(due), Some(f)) = (m.due, m.forecast) {
            let b = workdays_between(cal, f, due);
            buffers.push(b);
            if f > due {
                late.push(format!(
                    "milestone #{} is forecast for {f}, after its due date {due}",
                    m.id
                ));
            } else if b < MIN_BUFFER_DAYS {
                risk.push(format!(
                    "milestone #{} has only {} of buffer",
                    m.id,
                    working_days(b)
                ));
            }
        }
    }
    for t in s
        .tasks
        .iter()
        .filter(|t| t.critical && !t.done && t.slippage > 0)
    {
        risk.push(format!(
            "critical task #{} slips {}",
            t.id,
            working_days(t.slippage)
        ));
    }
    s.buffer = buffers.into_iter().min();
    s.health = if !late.is_empty() {
        Health::Late
    } else if !risk.is_empty() {
        Health::AtRisk
    } else {
        Health::OnTrack
    };
    late.extend(risk);
    s.reasons = late;
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
