//! The audit events behind a project's actual progress curve.

use super::{params, Conn};
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
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    conn.query_map(
        &format!(
            "SELECT entity_id, at, field, new FROM audit
             WHERE entity = 'task' AND entity_id IN ({})
               AND field IN ('percent_done', 'status')
             ORDER BY id",
            conn.json_ints(1)
        ),
        params![list],
        |r| {
            Ok(ProgressEvent {
                task_id: r.get(0)?,
                at: r.get(1)?,
                field: r.get(2)?,
                new: r.get(3)?,
            })
        },
    )
}
