//! Projects with their milestones, tasks, dependencies and risks.

use super::{params, Conn, Row};
use crate::domain::records::{Milestone, Project, Risk, Task};
use crate::error::{Error, Result};

const COLS: &str = "p.id, p.name, p.customer_id, c.name, p.owner_id, a.name, p.goal, p.metric,
    p.target, p.due_on, p.status, p.created_at, p.updated_at, p.version";
const FROM: &str = "FROM projects p LEFT JOIN customers c ON c.id = p.customer_id
    LEFT JOIN agents a ON a.id = p.owner_id";

fn from_row(r: &Row<'_>) -> Result<Project> {
    Ok(Project {
        id: r.get(0)?,
        name: r.get(1)?,
        customer_id: r.get(2)?,
        customer: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        goal: r.get(6)?,
        metric: r.get(7)?,
        target: r.get(8)?,
        due_on: r.get(9)?,
        status: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        version: r.get(13)?,
    })
}

/// Inserts a project and returns its id.
pub fn insert(conn: &Conn, p: &Project) -> Result<i64> {
    conn.insert("INSERT INTO projects (id, name, customer_id, owner_id, goal, metric, target, due_on, status, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", params![
        (p.id > 0).then_some(p.id),
        p.name,
        p.customer_id,
        p.owner_id,
        p.goal,
        p.metric,
        p.target,
        p.due_on,
        p.status,
        p.created_at,
        p.updated_at,
        p.version.max(1)
    ])
}

/// One project by id.
pub fn get(conn: &Conn, id: i64) -> Result<Project> {
    conn.query_opt(
        &format!("SELECT {COLS} {FROM} WHERE p.id = ?1"),
        params![id],
        from_row,
    )?
    .ok_or_else(|| Error::NotFound {
        what: "project",
        key: format!("#{id}"),
        hint: Some("list projects with: aftercare project list".into()),
    })
}

/// Every project, newest first.
pub fn list(conn: &Conn) -> Result<Vec<Project>> {
    conn.query_map(
        &format!("SELECT {COLS} {FROM} ORDER BY p.id DESC"),
        params![],
        from_row,
    )
}

/// Inserts a milestone and returns its id.
pub fn insert_milestone(conn: &Conn, m: &Milestone) -> Result<i64> {
    conn.insert("INSERT INTO milestones (project_id, name, deliverable, due_on, done_at) VALUES (?1, ?2, ?3, ?4, ?5)", params![m.project_id, m.name, m.deliverable, m.due_on, m.done_at])
}

/// The milestones of a project, by due date.
pub fn milestones(conn: &Conn, project_id: i64) -> Result<Vec<Milestone>> {
    conn.query_map(
        "SELECT id, project_id, name, deliverable, due_on, done_at, version FROM milestones
         WHERE project_id = ?1 ORDER BY due_on, id",
        params![project_id],
        |r| {
            Ok(Milestone {
                id: r.get(0)?,
                project_id: r.get(1)?,
                name: r.get(2)?,
                deliverable: r.get(3)?,
                due_on: r.get(4)?,
                done_at: r.get(5)?,
                version: r.get(6)?,
            })
        },
    )
}

/// Inserts a task and returns its id.
pub fn insert_task(conn: &Conn, t: &Task) -> Result<i64> {
    conn.insert(
        "INSERT INTO tasks (project_id, milestone_id, name, owner_id, planned_start, planned_end,
            estimate_hours, actual_start, actual_end, percent_done, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            t.project_id,
            t.milestone_id,
            t.name,
            t.owner_id,
            t.planned_start,
            t.planned_end,
            t.estimate_hours,
            t.actual_start,
            t.actual_end,
            t.percent_done,
            t.status
        ],
    )
}

/// The tasks of a project, by planned start.
pub fn tasks(conn: &Conn, project_id: i64) -> Result<Vec<Task>> {
    conn.query_map(
        &format!(
            "SELECT {} FROM tasks t LEFT JOIN agents a ON a.id = t.owner_id
         WHERE t.project_id = ?1 ORDER BY t.planned_start, t.id",
            super::project_work::TASK_COLS
        ),
        params![project_id],
        super::project_work::task_row,
    )
}

/// Records that `task_id` starts after `depends_on` ends (plus `lag_days`).
pub fn insert_dependency(conn: &Conn, task_id: i64, depends_on: i64, lag_days: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO task_deps (task_id, depends_on, lag_days) VALUES (?1, ?2, ?3)
         ON CONFLICT (task_id, depends_on) DO UPDATE SET lag_days = excluded.lag_days",
        params![task_id, depends_on, lag_days],
    )?;
    Ok(())
}

/// Dependencies among a project's tasks: (task, depends_on, lag_days).
pub fn dependencies(conn: &Conn, project_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    conn.query_map(
        "SELECT d.task_id, d.depends_on, d.lag_days FROM task_deps d
         JOIN tasks t ON t.id = d.task_id WHERE t.project_id = ?1 ORDER BY d.task_id, d.depends_on",
        params![project_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Inserts a risk and returns its id.
pub fn insert_risk(conn: &Conn, k: &Risk) -> Result<i64> {
    conn.insert(
        "INSERT INTO risks (project_id, title, probability, impact, owner_id, response, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            k.project_id,
            k.title,
            k.probability,
            k.impact,
            k.owner_id,
            k.response,
            k.status
        ],
    )
}

/// The risks of a project, highest exposure first.
pub fn risks(conn: &Conn, project_id: i64) -> Result<Vec<Risk>> {
    conn.query_map(
        "SELECT id, project_id, title, probability, impact, owner_id, response, status, version
         FROM risks WHERE project_id = ?1 ORDER BY probability * impact DESC, id",
        params![project_id],
        |r| {
            Ok(Risk {
                id: r.get(0)?,
                project_id: r.get(1)?,
                title: r.get(2)?,
                probability: r.get(3)?,
                impact: r.get(4)?,
                owner_id: r.get(5)?,
                response: r.get(6)?,
                status: r.get(7)?,
                version: r.get(8)?,
            })
        },
    )
}
