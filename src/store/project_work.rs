//! Changing a project's parts: one task, milestone or risk at a time, each guarded by
//! its `version` (compare-and-swap), plus the lookups those changes need.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Row, Value};
use crate::domain::records::{Milestone, Project, Risk, Task};
use crate::error::{Error, Result};

/// The task columns `task_row` reads, with `t` = tasks and `a` = the owner agent.
pub(crate) const TASK_COLS: &str = "t.id, t.project_id, t.milestone_id, t.name, t.owner_id, a.name,
    t.planned_start, t.planned_end, t.estimate_hours, t.actual_start, t.actual_end,
    t.percent_done, t.status, t.version";

/// Reads a task from the `TASK_COLS` columns.
pub(crate) fn task_row(r: &Row<'_>) -> Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        project_id: r.get(1)?,
        milestone_id: r.get(2)?,
        name: r.get(3)?,
        owner_id: r.get(4)?,
        owner: r.get(5)?,
        planned_start: r.get(6)?,
        planned_end: r.get(7)?,
        estimate_hours: r.get(8)?,
        actual_start: r.get(9)?,
        actual_end: r.get(10)?,
        percent_done: r.get(11)?,
        status: r.get(12)?,
        version: r.get(13)?,
    })
}

/// One task by id.
pub fn task(conn: &Conn, id: i64) -> Result<Task> {
    conn.query_opt(
        &format!(
        "SELECT {TASK_COLS} FROM tasks t LEFT JOIN agents a ON a.id = t.owner_id WHERE t.id = ?1"
    ),
        params![id],
        task_row,
    )?
    .ok_or_else(|| Error::NotFound {
        what: "task",
        key: format!("#{id}"),
        hint: Some("list a project's tasks with: aftercare task list --project ID".into()),
    })
}

/// Tasks of every project that is not closed, by project and planned start.
pub fn open_project_tasks(conn: &Conn) -> Result<Vec<Task>> {
    conn.query_map(
        &format!(
            "SELECT {TASK_COLS} FROM tasks t LEFT JOIN agents a ON a.id = t.owner_id
         JOIN projects p ON p.id = t.project_id WHERE p.status <> 'closed'
         ORDER BY t.project_id, t.planned_start, t.id"
        ),
        params![],
        task_row,
    )
}

impl Columns for Task {
    const ENTITY: Entity = Entity::Task;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("milestone_id", self.milestone_id.into()),
            ("name", self.name.clone().into()),
            ("owner_id", self.owner_id.into()),
            ("planned_start", self.planned_start.into()),
            ("planned_end", self.planned_end.into()),
            ("estimate_hours", self.estimate_hours.into()),
            ("actual_start", self.actual_start.into()),
            ("actual_end", self.actual_end.into()),
            ("percent_done", self.percent_done.into()),
            ("status", self.status.into()),
        ]
    }
}

/// Removes the dependency of `task_id` on `depends_on`; false when there was none.
pub fn delete_dependency(conn: &Conn, task_id: i64, depends_on: i64) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM task_deps WHERE task_id = ?1 AND depends_on = ?2",
        params![task_id, depends_on],
    )?;
    Ok(n > 0)
}

/// One milestone by id.
pub fn milestone(conn: &Conn, id: i64) -> Result<Milestone> {
    conn.query_opt("SELECT id, project_id, name, deliverable, due_on, done_at, version FROM milestones WHERE id = ?1", params![id], |r| {
        Ok(Milestone {
            id: r.get(0)?,
            project_id: r.get(1)?,
            name: r.get(2)?,
            deliverable: r.get(3)?,
            due_on: r.get(4)?,
            done_at: r.get(5)?,
            version: r.get(6)?,
        })
    })?
    .ok_or_else(|| Error::NotFound {
        what: "milestone",
        key: format!("#{id}"),
        hint: Some("list a project's milestones with: aftercare milestone list --project ID".into()),
    })
}

impl Columns for Milestone {
    const ENTITY: Entity = Entity::Milestone;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("name", self.name.clone().into()),
            ("deliverable", self.deliverable.clone().into()),
            ("due_on", self.due_on.into()),
            ("done_at", self.done_at.into()),
        ]
    }
}

const RISK_COLS: &str = "k.id, k.project_id, k.title, k.probability, k.impact, k.owner_id,
    k.response, k.status, k.version, a.name";

/// A risk with its owner's name.
pub type RiskRow = (Risk, Option<String>);

fn risk_row(r: &Row<'_>) -> Result<RiskRow> {
    Ok((
        Risk {
            id: r.get(0)?,
            project_id: r.get(1)?,
            title: r.get(2)?,
            probability: r.get(3)?,
            impact: r.get(4)?,
            owner_id: r.get(5)?,
            response: r.get(6)?,
            status: r.get(7)?,
            version: r.get(8)?,
        },
        r.get(9)?,
    ))
}

/// One risk by id, with its owner's name.
pub fn risk(conn: &Conn, id: i64) -> Result<RiskRow> {
    conn.query_opt(
        &format!(
        "SELECT {RISK_COLS} FROM risks k LEFT JOIN agents a ON a.id = k.owner_id WHERE k.id = ?1"
    ),
        params![id],
        risk_row,
    )?
    .ok_or_else(|| Error::NotFound {
        what: "risk",
        key: format!("#{id}"),
        hint: Some("list risks with: aftercare risk list".into()),
    })
}

/// Risks of one project (or of all projects), highest score first, with owner names.
pub fn risks(conn: &Conn, project_id: Option<i64>) -> Result<Vec<RiskRow>> {
    conn.query_map(
        &format!(
            "SELECT {RISK_COLS} FROM risks k LEFT JOIN agents a ON a.id = k.owner_id
         WHERE k.project_id = ?1 OR ?1 IS NULL
         ORDER BY k.probability * k.impact DESC, k.id"
        ),
        params![project_id],
        risk_row,
    )
}

impl Columns for Risk {
    const ENTITY: Entity = Entity::Risk;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("title", self.title.clone().into()),
            ("probability", self.probability.into()),
            ("impact", self.impact.into()),
            ("owner_id", self.owner_id.into()),
            ("response", self.response.clone().into()),
            ("status", self.status.into()),
        ]
    }
}

impl Columns for Project {
    const ENTITY: Entity = Entity::Project;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("name", self.name.clone().into()),
            ("customer_id", self.customer_id.into()),
            ("owner_id", self.owner_id.into()),
            ("goal", self.goal.clone().into()),
            ("metric", self.metric.clone().into()),
            ("target", self.target.clone().into()),
            ("due_on", self.due_on.into()),
            ("status", self.status.into()),
            ("updated_at", stamp.at.into()),
        ]
    }
}
