//! Team operations: agent profiles (skills, working days, out of office) and their
//! edits, the workload with its heatmap, and the ranking for assignment.

use super::lookup::resolve_agent;
use super::Desk;
use crate::domain::records::Agent;
use crate::domain::sla::SlaState;
use crate::domain::team::{
    local_date, parse_date_range, parse_skills, parse_weekdays, skills_of, weekdays_text,
    AgentDays, DayStatus, Ooo, Skill,
};
use crate::domain::text::sanitize;
use crate::domain::workflow::StageKind;
use crate::domain::workload::{
    build_grid, overload_streak, rank, share, AgentPlan, HeatGrid, Ranked, TicketNeeds, WorkItem,
    WorkKind,
};
use crate::error::{Error, Result};
use crate::store::agents;
use crate::store::audit;
use crate::store::team::{self as tm, AgentUpdate};
use crate::store::write::{self, Entity, Event};
use crate::store::Conn;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The profile of `agent`, with out-of-office periods from `today` on.
fn profile_of(c: &Conn, agent: Agent, today: NaiveDate) -> Result<AgentProfile> {
    Ok(AgentProfile {
        skills: skills_of(&agent.skills),
        workdays: parse_workdays_opt(&tm::workdays(c, agent.id)?),
        ooo: tm::ooo(c, Some(agent.id), today)?,
        agent,
    })
}

/// An agent with skills, working days and out-of-office periods (current and future).
#[derive(Debug, Clone)]
pub struct AgentProfile {
    pub agent: Agent,
    pub skills: Vec<Skill>,
    /// Own working weekdays; `None` follows the team calendar.
    pub workdays: Option<[bool; 7]>,
    pub ooo: Vec<Ooo>,
}

/// What `agent edit` changes; `None` (or empty) leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgentEdit {
    /// A new email; an empty string removes it.
    pub email: Option<String>,
    pub groups: Option<Vec<String>>,
    /// Skills as `name` or `name:level` (1–5).
    pub skills: Option<Vec<String>>,
    pub capacity_hours: Option<f64>,
    /// `mon,tue,…` or `mon-fri`; `team` follows the team calendar again.
    pub workdays: Option<String>,
    pub active: Option<bool>,
    /// Remove every out-of-office period first.
    pub clear_ooo: bool,
    /// Out-of-office periods to add, `YYYY-MM-DD..YYYY-MM-DD` or one date.
    pub add_ooo: Vec<String>,
    /// A note for the added periods (holiday, training …).
    pub ooo_note: Option<String>,
}

/// One agent's load: open tickets, their weight, tasks, and the per-day heatmap row.
#[derive(Debug, Clone)]
pub struct AgentLoad {
    pub agent: Agent,
    /// Open tickets assigned.
    pub open_tickets: i64,
    /// Open tickets in SLA warning.
    pub near_sla: i64,
    /// Open tickets past a due time.
    pub past_sla: i64,
    /// Open tickets weighted by priority, in hours.
    pub ticket_hours: f64,
    /// Task hours planned in the load window.
    pub task_hours: f64,
    /// Hours the agent can work in the load window.
    pub capacity_hours: f64,
    /// (ticket + task hours) / capacity; `None` without capacity in the window.
    pub share: Option<f64>,
    /// Unfinished tasks due within the shown weeks (late ones included).
    pub tasks_due: i64,
    /// Unfinished tasks past their planned end.
    pub tasks_late: i64,
    /// Whether and why the agent works today.
    pub today: DayStatus,
    /// When an agent out of office is back.
    pub back_on: Option<NaiveDate>,
    /// Index of the agent's row in `TeamWorkload::grid`.
    pub row: usize,
}

impl AgentLoad {
    /// Whether the load exceeds capacity over the window.
    pub fn over_capacity(&self) -> bool {
        self.share.is_some_and(|s| s > 1.0)
    }
}

/// The team's workload for the coming weeks (the Team pane and `agent workload`).
#[derive(Debug, Clone)]
pub struct TeamWorkload {
    /// The first day of the grid (today in the team's time zone).
    pub today: NaiveDate,
    /// Days the load window covers (`[team] load_window_days`).
    pub window_days: u32,
    /// Active agents by name.
    pub agents: Vec<AgentLoad>,
    /// One row per agent (same order), one cell per day.
    pub grid: HeatGrid,
}

/// The ranking of agents for one ticket.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub ticket_id: i64,
    /// The ticket's routing group, if any.
    pub group: Option<String>,
    /// Whether `--auto` takes turns in that group instead of using the ranking.
    pub round_robin: bool,
    pub ranked: Vec<Ranked>,
}

/// Who `ticket assign --auto` picked, and how.
#[derive(Debug, Clone)]
pub struct AutoPick {
    pub agent_id: i64,
    pub name: String,
    /// `ranking` or `round_robin`.
    pub method: &'static str,
    /// The ranking entry of the agent picked.
    pub entry: Option<Ranked>,
}

fn parse_workdays_opt(text: &str) -> Option<[bool; 7]> {
    let t = text.trim();
    (!t.is_empty()).then(|| parse_weekdays(t).ok()).flatten()
}

fn clean_list(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in list.iter().map(|s| sanitize(s.trim())) {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

impl Desk {
    /// Today in the team calendar's time zone.
    pub fn today(&self) -> NaiveDate {
        local_date(self.config.sla.calendar.tz, self.now())
    }

    /// An agent by name (exact, then ignoring case), id or `#id`.
    pub fn find_agent(&self, key: &str) -> Result<Agent> {
        let c = self.store.conn();
        agents::get(c, resolve_agent(c, key)?)
    }

    /// An agent with skills, working days and out-of-office periods from today on.
    pub fn agent_profile(&self, key: &str) -> Result<AgentProfile> {
        let agent = self.find_agent(key)?;
        profile_of(self.store.conn(), agent, self.today())
    }

    /// Changes an agent's profile in one transaction: one audit event per changed
    /// field, compare-and-swap on the agent's version (`expected`, when given).
    pub fn edit_agent(
        &mut self,
        key: &str,
        edit: AgentEdit,
        expected: Option<i64>,
    ) -> Result<AgentProfile> {
        let current = self.find_agent(key)?;
        let skills = edit
            .skills
            .as_ref()
            .map(|s| {
                parse_skills(s).map_err(|e| {
                    Error::invalid(
                        e,
                        "write skills as name or name:level (1-5): printer:4,invoice",
                    )
                })
            })
            .transpose()?
            .map(|s| s.iter().map(Skill::to_string).collect::<Vec<_>>());
        let workdays = match edit.workdays.as_deref().map(str::trim) {
            None => None,
            Some("team" | "default" | "") => Some(String::new()),
            Some(w) => Some(weekdays_text(&parse_weekdays(w).map_err(|e| {
                Error::invalid(
                    format!("--workdays: {e}"),
                    "list weekdays like mon,tue,wed or a range mon-fri; `team` follows the team calendar",
                )
            })?)),
        };
        if let Some(cap) = edit.capacity_hours {
            if !(0.0..=168.0).contains(&cap) {
                return Err(Error::invalid(
                    format!("capacity {cap} is not a number of hours per week"),
                    "use a value between 0 and 168",
                ));
            }
        }
        let mut periods = Vec::new();
        for r in &edit.add_ooo {
            let (a, b) = parse_date_range(r).map_err(|e| {
                Error::invalid(
                    format!("--ooo: {e}"),
                    "write a period as 2026-12-01..2026-12-05 (both days included) or one date",
                )
            })?;
            if b < self.today() {
                return Err(Error::invalid(
                    format!("--ooo: the period {a}..{b} is already over"),
                    "out-of-office periods are for today or later",
                ));
            }
            periods.push((a, b));
        }
        let note = edit.ooo_note.as_deref().map(sanitize).unwrap_or_default();
        let email = edit.email.as_deref().map(|e| {
            let e = sanitize(e.trim());
            (!e.is_empty()).then_some(e)
        });
        let mut u = AgentUpdate {
            email: email.filter(|e| *e != current.email),
            groups: edit
                .groups
                .as_deref()
                .map(clean_list)
                .filter(|g| *g != current.groups),
            skills: skills.filter(|s| *s != current.skills),
            capacity_hours: edit
                .capacity_hours
                .filter(|c| (c - current.capacity_hours).abs() > 1e-9),
            workdays: None,
            active: edit.active.filter(|a| *a != current.active),
        };
        let st = self.stamp();
        let today = self.today();
        let id = current.id;
        self.store.write(|c| {
            let a = agents::get(c, id)?;
            write::check_version(c, Entity::Agent, id, expected, a.version)?;
            let old_days = tm::workdays(c, id)?;
            u.workdays = workdays.filter(|w| *w != old_days);
            let old_ooo = tm::ooo(c, Some(id), NaiveDate::MIN)?;
            let clearing = edit.clear_ooo && !old_ooo.is_empty();
            if u == AgentUpdate::default() && !clearing && periods.is_empty() {
                return profile_of(c, a, today); // nothing changes
            }
            let mut changes: Vec<(&'static str, &'static str, Option<String>, Option<String>)> =
                Vec::new();
            if let Some(e) = &u.email {
                changes.push(("edit", "email", a.email.clone(), e.clone()));
            }
            if let Some(g) = &u.groups {
                changes.push((
                    "edit",
                    "groups",
                    Some(a.groups.join(",")),
                    Some(g.join(",")),
                ));
            }
            if let Some(s) = &u.skills {
                changes.push((
                    "edit",
                    "skills",
                    Some(a.skills.join(",")),
                    Some(s.join(",")),
                ));
            }
            if let Some(cap) = u.capacity_hours {
                changes.push((
                    "edit",
                    "capacity_hours",
                    Some(a.capacity_hours.to_string()),
                    Some(cap.to_string()),
                ));
            }
            if let Some(w) = &u.workdays {
                changes.push(("edit", "workdays", Some(old_days.clone()), Some(w.clone())));
            }
            if let Some(act) = u.active {
                changes.push((
                    "edit",
                    "active",
                    Some(a.active.to_string()),
                    Some(act.to_string()),
                ));
            }
            if clearing {
                tm::clear_ooo(c, id)?;
                let text: Vec<String> = old_ooo
                    .iter()
                    .map(|o| format!("{}..{}", o.start, o.end))
                    .collect();
                changes.push(("ooo_clear", "ooo", Some(text.join(",")), None));
            }
            for (s, e) in &periods {
                tm::insert_ooo(c, id, *s, *e, &note, st.at)?;
                changes.push(("ooo_add", "ooo", None, Some(format!("{s}..{e}"))));
            }
            let events = changes
                .into_iter()
                .map(|(action, field, old, new)| Event::new(action, field, old, new))
                .collect();
            write::update(c, &st, id, a.version, &u, events)?;
            profile_of(c, agents::get(c, id)?, today)
        })
    }

    /// The change history of an agent, oldest first.
    pub fn agent_history(&self, key: &str) -> Result<Vec<crate::domain::ticket::AuditEvent>> {
        let a = self.find_agent(key)?;
        audit::history(self.store.conn(), "agent", a.id)
    }

    /// The workload of every active agent for `weeks` weeks from today: per-day load
    /// (tickets by priority weight, tasks by remaining hours), load share over the load
    /// window, SLA pressure, tasks due, and overload streaks.
    pub fn workload(&self, weeks: u32) -> Result<TeamWorkload> {
        let c = self.store.conn();
        let team = &self.config.team;
        let cal = &self.config.sla.calendar;
        let tz = cal.tz;
        let today = self.today();
        let shown = (weeks.clamp(1, 52) * 7) as usize;
        let window = team.load_window_days as usize;
        let n_days = shown.max(window);
        let horizon_end = today + chrono::Duration::days(shown as i64 - 1);

        let active_stages = self
            .config
            .workflow
            .stage_ids_of_kind(&[StageKind::Open, StageKind::Waiting]);
        let all: Vec<Agent> = self.agents()?.into_iter().filter(|a| a.active).collect();
        let workdays: HashMap<i64, String> = tm::all_workdays(c)?.into_iter().collect();
        let mut ooo: HashMap<i64, Vec<Ooo>> = HashMap::new();
        for o in tm::ooo(c, None, today)? {
            ooo.entry(o.agent_id).or_default().push(o);
        }
        let mut items: HashMap<i64, Vec<WorkItem>> = HashMap::new();
        // (open, near, past, ticket hours) per agent
        let mut tickets: HashMap<i64, (i64, i64, i64, f64)> = HashMap::new();
        for t in tm::assigned_open(c, &active_stages)? {
            let Some(aid) = t.assignee_id else { continue };
            let hours = team.weights.of(t.priority);
            let due = t.resolution_due.map(|d| local_date(tz, d)).unwrap_or(today);
            items.entry(aid).or_default().push(WorkItem {
                kind: WorkKind::Ticket,
                hours,
                from: today,
                due,
            });
            let sla = self.ticket_view(t).sla;
            let e = tickets.entry(aid).or_default();
            e.0 += 1;
            e.1 += i64::from(sla == SlaState::Warning);
            e.2 += i64::from(sla == SlaState::Breached);
            e.3 += hours;
        }
        let mut tasks_due: HashMap<i64, (i64, i64)> = HashMap::new();
        for k in tm::open_tasks(c)? {
            let Some(aid) = k.owner_id else { continue };
            let from = k.planned_start.unwrap_or(today);
            let due = k.planned_end.unwrap_or(from).max(from);
            let remaining =
                k.estimate_hours.max(0.0) * (100 - k.percent_done.clamp(0, 100)) as f64 / 100.0;
            items.entry(aid).or_default().push(WorkItem {
                kind: WorkKind::Task,
                hours: remaining,
                from,
                due,
            });
            if k.planned_end.is_some() && due <= horizon_end {
                let e = tasks_due.entry(aid).or_default();
                e.0 += 1;
                e.1 += i64::from(due < today);
            }
        }

        let mut plans = Vec::new();
        let mut status = Vec::new();
        for a in &all {
            let periods = ooo.remove(&a.id).unwrap_or_default();
            let days = AgentDays {
                calendar: cal,
                workdays: workdays.get(&a.id).and_then(|w| parse_workdays_opt(w)),
                ooo: &periods,
                active: a.active,
            };
            let available = (0..n_days)
                .map(|i| days.works(today + chrono::Duration::days(i as i64)))
                .collect();
            status.push((days.status(today), days.back_on(today)));
            plans.push(AgentPlan {
                agent_id: a.id,
                name: a.name.clone(),
                day_capacity: days.day_capacity(a.capacity_hours),
                available,
                items: items.remove(&a.id).unwrap_or_default(),
            });
        }
        let streak_days = team.overload_streak_days as usize;
        let mut grid = build_grid(today, n_days, &plans, streak_days);
        let mut loads = Vec::new();
        for (i, a) in all.into_iter().enumerate() {
            let (_, task_hours, capacity) = grid.rows[i].totals(window);
            let (open, near, past, ticket_hours) = tickets.get(&a.id).copied().unwrap_or_default();
            let (due, late) = tasks_due.get(&a.id).copied().unwrap_or_default();
            loads.push(AgentLoad {
                open_tickets: open,
                near_sla: near,
                past_sla: past,
                ticket_hours,
                task_hours,
                capacity_hours: capacity,
                share: share(ticket_hours + task_hours, capacity),
                tasks_due: due,
                tasks_late: late,
                today: status[i].0,
                back_on: status[i].1,
                row: i,
                agent: a,
            });
        }
        // Show only the weeks asked for; streaks count over what is shown.
        grid.days.truncate(shown);
        for r in &mut grid.rows {
            r.cells.truncate(shown);
            r.overload_streak = overload_streak(&r.cells);
            r.flagged = streak_days > 0 && r.overload_streak >= streak_days;
        }
        Ok(TeamWorkload {
            today,
            window_days: team.load_window_days,
            agents: loads,
            grid,
        })
    }

    /// Agents ranked for a ticket: skill match (type, tags and text against skills),
    /// free capacity and availability; restricted to the ticket's routing group when
    /// the group has members.
    pub fn rank_agents(&self, ticket_id: i64) -> Result<Ranking> {
        let t = self.ticket(ticket_id)?;
        let (group, tags) = tm::ticket_group_and_tags(self.store.conn(), ticket_id)?;
        let load = self.workload(1)?;
        let mut type_names = vec![t.ty.as_str()];
        if let Some(ty) = self.config.workflow.ticket_type(&t.ty) {
            type_names.extend([ty.en.as_str(), ty.zh.as_str()]);
        }
        let text = format!("{}\n{}", t.title, t.body);
        let candidates: Vec<_> = load
            .agents
            .iter()
            .map(|l| crate::domain::workload::Candidate {
                agent_id: l.agent.id,
                name: l.agent.name.clone(),
                skills: skills_of(&l.agent.skills),
                groups: l.agent.groups.clone(),
                load_share: l.share,
                open_tickets: l.open_tickets,
                today: l.today,
                back_on: l.back_on,
            })
            .collect();
        let needs = TicketNeeds {
            type_names,
            tags,
            text: &text,
            group: group.as_deref(),
        };
        Ok(Ranking {
            ticket_id,
            round_robin: group
                .as_deref()
                .is_some_and(|g| self.config.team.is_round_robin(g)),
            ranked: rank(&needs, &candidates),
            group,
        })
    }

    /// Assigns a ticket to the best available agent: the next in turn when its routing
    /// group takes turns (`[team] round_robin`), else the top of the ranking.
    pub fn auto_assign(
        &mut self,
        ticket_id: i64,
        expected: Option<i64>,
    ) -> Result<(crate::domain::ticket::Ticket, AutoPick)> {
        let ranking = self.rank_agents(ticket_id)?;
        let pick = match ranking.group.clone().filter(|_| ranking.round_robin) {
            Some(g) => self.next_in_turn(&g, &ranking)?,
            None => None,
        };
        let pick = match pick {
            Some(p) => p,
            None => {
                let top = ranking.ranked.iter().find(|r| r.available).ok_or_else(|| {
                    Error::invalid(
                        format!("no agent is available for ticket #{ticket_id}"),
                        "everyone is out of office or inactive (see: aftercare agent workload); assign by name: aftercare ticket assign ID NAME",
                    )
                })?;
                AutoPick {
                    agent_id: top.agent_id,
                    name: top.name.clone(),
                    method: "ranking",
                    entry: Some(top.clone()),
                }
            }
        };
        let t = self.assign(ticket_id, Some(&format!("#{}", pick.agent_id)), expected)?;
        Ok((t, pick))
    }

    /// Takes the group's next turn (in its own transaction, so two people assigning at
    /// once get different agents). Members working today come first; `None` when the
    /// group has no available member.
    fn next_in_turn(&mut self, group: &str, ranking: &Ranking) -> Result<Option<AutoPick>> {
        let members: Vec<&Ranked> = ranking.ranked.iter().filter(|r| r.in_group).collect();
        let working: Vec<(i64, bool)> = members
            .iter()
            .map(|r| (r.agent_id, r.today == DayStatus::Working))
            .collect();
        let available: Vec<(i64, bool)> =
            members.iter().map(|r| (r.agent_id, r.available)).collect();
        let now = self.now();
        let picked = self.store.write(|c| {
            let last = tm::round_robin_last(c, group)?;
            let next = crate::domain::workload::round_robin_next(&working, last)
                .or_else(|| crate::domain::workload::round_robin_next(&available, last));
            if let Some(id) = next {
                tm::set_round_robin(c, group, id, now)?;
            }
            Ok(next)
        })?;
        Ok(picked.and_then(|id| {
            members.iter().find(|r| r.agent_id == id).map(|r| AutoPick {
                agent_id: id,
                name: r.name.clone(),
                method: "round_robin",
                entry: Some((*r).clone()),
            })
        }))
    }
}

#[cfg(test)]
#[path = "team_tests.rs"]
mod tests;
