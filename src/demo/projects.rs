//! Demo customer projects (assets/demo/projects.toml): milestones, tasks with dates,
//! progress and finish-to-start dependencies, and a risk register.

use super::clock::{self, DAY};
use super::rng::Rng;
use super::words::PROJECTS;
use crate::domain::records::{Milestone, Project, Risk, Task};
use crate::domain::status::{ProjectStatus, RiskStatus, TaskStatus};
use crate::error::{Error, Result};
use chrono_tz::Tz;
use serde::Deserialize;

const STREAM_PROJECT: u64 = 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    project: Vec<ProjectDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectDef {
    name: String,
    customer: String,
    owner: String,
    team: Vec<String>,
    goal: String,
    metric: String,
    target: String,
    status: String,
    start_days: i64,
    length_days: i64,
    milestone: Vec<MilestoneDef>,
    risk: Vec<RiskDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneDef {
    name: String,
    deliverable: String,
    tasks: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RiskDef {
    title: String,
    probability: i64,
    impact: i64,
    owner: String,
    response: String,
    status: String,
}

/// A generated task; `deps` are (index of an earlier task of the project, lag days).
pub struct NewTask {
    pub task: Task,
    /// Index of the task's milestone in `NewProject::milestones`.
    pub milestone: usize,
    pub deps: Vec<(usize, i64)>,
}

/// A generated project with its parts (ids are filled in when written).
pub struct NewProject {
    pub project: Project,
    pub milestones: Vec<Milestone>,
    pub tasks: Vec<NewTask>,
    pub risks: Vec<Risk>,
    /// Who created it (the owner).
    pub actor: String,
}

/// The demo projects. `customer` and `agent` turn names into ids.
pub fn projects(
    seed: u64,
    anchor: i64,
    tz: Tz,
    customer: &dyn Fn(&str) -> Option<i64>,
    agent: &dyn Fn(&str) -> Option<i64>,
) -> Result<Vec<NewProject>> {
    let file: File = toml::from_str(PROJECTS)
        .map_err(|e| Error::msg(format!("demo projects.toml: {}", e.message())))?;
    let ymd = |d: i64| clock::date(anchor, tz, d);
    let mut out = Vec::new();
    for (p_index, def) in file.project.into_iter().enumerate() {
        let mut rng = Rng::derive(seed, STREAM_PROJECT, p_index as u64);
        let status: ProjectStatus = def.status.parse().map_err(Error::msg)?;
        let accepted = status == ProjectStatus::Accepted;
        let planning = status == ProjectStatus::Planning;
        // Dates are whole days relative to today.
        let start = def.start_days;
        let total_tasks: usize = def
            .milestone
            .iter()
            .map(|m| m.tasks.len())
            .sum::<usize>()
            .max(1);
        let span = (def.length_days as f64 / total_tasks as f64).max(1.0);
        // Planned dates: each task starts after its predecessors end (finish-to-start).
        let mut tasks: Vec<NewTask> = Vec::new();
        let mut begins: Vec<i64> = Vec::new();
        let mut ends: Vec<i64> = Vec::new();
        let mut milestones = Vec::new();
        let mut prev_milestone_last: Option<usize> = None;
        for (m_index, m) in def.milestone.iter().enumerate() {
            let first_in_milestone = tasks.len();
            for (k, name) in m.tasks.iter().enumerate() {
                let i = tasks.len();
                let mut deps: Vec<(usize, i64)> = Vec::new();
                if k == 0 {
                    if let Some(p) = prev_milestone_last {
                        deps.push((p, 0));
                    }
                } else if k >= 2 && rng.chance(0.35) {
                    // Runs in parallel with the previous task.
                    deps.push((i - 2, 0));
                } else {
                    deps.push((i - 1, rng.range(0, 1)));
                }
                if k == 0 && m_index >= 1 && rng.chance(0.3) && first_in_milestone >= 2 {
                    deps.push((first_in_milestone - 2, 0));
                }
                let begin = deps
                    .iter()
                    .map(|&(d, lag)| ends[d] + 1 + lag)
                    .max()
                    .unwrap_or(start);
                let length = ((span * (0.7 + 0.6 * rng.unit())).round() as i64).max(1);
                let end = begin + length - 1;
                begins.push(begin);
                ends.push(end);
                let owner = rng.pick(&def.team);
                let estimate = ((length * 8) as f64 * (0.5 + 0.5 * rng.unit()) / 4.0).round() * 4.0;
                tasks.push(NewTask {
                    task: Task {
                        name: name.clone(),
                        owner_id: agent(owner),
                        planned_start: Some(ymd(begin)),
                        planned_end: Some(ymd(end)),
                        estimate_hours: estimate.max(4.0),
                        ..Default::default()
                    },
                    milestone: m_index,
                    deps,
                });
            }
            let last = tasks
                .len()
                .checked_sub(1)
                .filter(|&l| l >= first_in_milestone);
            prev_milestone_last = last.or(prev_milestone_last);
            let due = last.map(|l| ends[l] + 1).unwrap_or(start);
            milestones.push(Milestone {
                name: m.name.clone(),
                deliverable: m.deliverable.clone(),
                due_on: Some(ymd(due)),
                version: 1,
                ..Default::default()
            });
        }
        // Progress against today: done, slipping, under way or not started.
        for (i, t) in tasks.iter_mut().enumerate() {
            let (begin, end) = (begins[i], ends[i]);
            let task = &mut t.task;
            if planning || begin > 0 && !accepted {
                task.status = TaskStatus::Todo;
                task.percent_done = 0;
            } else if end < 0 && (accepted || rng.chance(0.85)) {
                task.status = TaskStatus::Done;
                task.percent_done = 100;
                task.actual_start = Some(ymd(begin + rng.range(-1, 1).min(-begin)));
                task.actual_end = Some(ymd((end + rng.range(-2, 3)).min(-1)));
            } else if end < 0 {
                // Late: should have finished, has not.
                task.status = if rng.chance(0.3) {
                    TaskStatus::Blocked
                } else {
                    TaskStatus::Doing
                };
                task.percent_done = rng.range(50, 90);
                task.actual_start = Some(ymd(begin + rng.range(0, 3).min(-begin)));
            } else {
                let done = (-begin) as f64 / (end - begin + 1) as f64;
                task.status = TaskStatus::Doing;
                task.percent_done = ((done * 100.0) as i64 + rng.range(-15, 15)).clamp(5, 95);
                task.actual_start = Some(ymd(begin + rng.range(0, 2).min(-begin)));
            }
        }
        for (m_index, m) in milestones.iter_mut().enumerate() {
            let mine: Vec<&NewTask> = tasks.iter().filter(|t| t.milestone == m_index).collect();
            if !mine.is_empty() && mine.iter().all(|t| t.task.status == TaskStatus::Done) {
                let last = mine.iter().filter_map(|t| t.task.actual_end).max();
                m.done_at = last.map(|d| {
                    let days = (d - clock::date(anchor, tz, 0)).num_days();
                    clock::at_hour(anchor, tz, days, 17)
                });
            }
        }
        let due = ends
            .iter()
            .copied()
            .max()
            .unwrap_or(start)
            .max(start + def.length_days);
        let created = clock::at_hour(anchor, tz, (start - 14).min(-3), 10);
        let risks = def
            .risk
            .iter()
            .map(|r| {
                Ok(Risk {
                    title: r.title.clone(),
                    probability: r.probability.clamp(1, 5),
                    impact: r.impact.clamp(1, 5),
                    owner_id: agent(&r.owner),
                    response: r.response.clone(),
                    status: r.status.parse::<RiskStatus>().map_err(Error::msg)?,
                    version: 1,
                    ..Default::default()
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(NewProject {
            project: Project {
                name: def.name.clone(),
                customer_id: customer(&def.customer),
                owner_id: agent(&def.owner),
                goal: def.goal,
                metric: Some(def.metric),
                target: Some(def.target),
                due_on: Some(ymd(due)),
                status,
                created_at: created,
                updated_at: (created + rng.range(1, 10) * DAY).min(anchor - 3600),
                version: 1,
                ..Default::default()
            },
            milestones,
            tasks,
            risks,
            actor: def.owner,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_are_well_formed() {
        let tz = chrono_tz::Asia::Shanghai;
        let ps = projects(1, 1_800_000_000, tz, &|_| Some(1), &|_| Some(2)).unwrap();
        assert_eq!(ps.len(), 5);
        for p in &ps {
            assert!((3..=4).contains(&p.milestones.len()), "{}", p.project.name);
            assert!((6..=12).contains(&p.tasks.len()), "{}", p.project.name);
            assert!((3..=6).contains(&p.risks.len()), "{}", p.project.name);
            for (i, t) in p.tasks.iter().enumerate() {
                for &(d, lag) in &t.deps {
                    // Dependencies point backwards (no cycles) and are finish-to-start.
                    assert!(d < i);
                    assert!(p.tasks[d].task.planned_end < t.task.planned_start);
                    assert!(lag >= 0);
                }
                assert!((0..=100).contains(&t.task.percent_done));
            }
        }
        let accepted = ps
            .iter()
            .find(|p| p.project.status.as_str() == "accepted")
            .unwrap();
        assert!(accepted.tasks.iter().all(|t| t.task.percent_done == 100));
        assert!(accepted.milestones.iter().all(|m| m.done_at.is_some()));
    }
}
