//! The recorded progress of tasks, day by day, from the audit log: what the plan's
//! progress curve and the status report draw as "actual".

use crate::domain::records::Task;
use crate::domain::team::local_date;
use crate::error::Result;
use crate::store::progress::{self as sp, ProgressEvent};
use crate::store::Conn;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::HashMap;

/// Per task, its recorded progress: (day, percentage from then on), oldest first.
pub type TaskHistory = HashMap<i64, Vec<(NaiveDate, i64)>>;

/// The recorded progress of `tasks`: each progress change on the day it was made;
/// marking a task done counts from the day it was finished (which may be given as
/// earlier than the day it was recorded).
pub(crate) fn task_history(c: &Conn, tz: Tz, tasks: &[Task]) -> Result<TaskHistory> {
    let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    let mut out = TaskHistory::new();
    for ProgressEvent {
        task_id,
        at,
        field,
        new,
    } in sp::task_events(c, &ids)?
    {
        let day = local_date(tz, at);
        let entry = match (field.as_str(), new.as_deref()) {
            ("percent_done", Some(p)) => p.parse::<i64>().ok().map(|p| (day, p.clamp(0, 100))),
            ("status", Some("done")) => {
                let finished = tasks
                    .iter()
                    .find(|t| t.id == task_id)
                    .and_then(|t| t.actual_end)
                    .filter(|d| *d <= day);
                Some((finished.unwrap_or(day), 100))
            }
            _ => None,
        };
        if let Some(e) = entry {
            let h = out.entry(task_id).or_default();
            h.push(e);
            h.sort_by_key(|(d, _)| *d);
        }
    }
    Ok(out)
}
