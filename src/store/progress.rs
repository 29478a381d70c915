//! The audit events behind a project's actual progress curve.

use super::Conn;
use crate::error::Result;

/// A recorded change of a task's progress: task id, when, and the new percentage
/// (`percent_done` changes) or status (`done`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressEvent {
    pub task_id: i64,
    pub at: i64,
    pub field: String,
    pub new: Option<String>,
}

/// The progress and status changes of the given tasks, oldest first.
pub fn task_events(conn: &Conn, ids: &[i64]) -> Result<Vec<ProgressEvent>> {
    let mut st = conn.prepare_cached(
        "SELECT entity_id, at, field, new FROM audit
         WHERE entity = 'task' AND entity_id IN (SELECT value FROM json_each(?1))
           AND field IN ('percent_done', 'status')
         ORDER BY id",
    )?;
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let rows = st.query_map([list], |r| {
        Ok(ProgressEvent {
            task_id: r.get(0)?,
            at: r.get(1)?,
            field: r.get(2)?,
            new: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
