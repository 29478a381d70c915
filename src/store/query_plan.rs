//! The query plan of a statement, as tests check it and docs/PERFORMANCE.md shows it.

use super::{dyn_params, Conn, Engine, Value};
use crate::error::Result;

/// The steps of SQLite's plan for `sql` (EXPLAIN QUERY PLAN), indented by depth:
/// what tests check and `docs/PERFORMANCE.md` shows.
/// PostgreSQL: its EXPLAIN, one line per step.
pub(crate) fn query_plan(conn: &Conn, sql: &str, params: &[Value]) -> Result<Vec<String>> {
    if conn.engine() == Engine::Postgres {
        return conn.query_map(&format!("EXPLAIN {sql}"), &dyn_params(params), |r| r.get(0));
    }
    let mut depth: Vec<(i64, usize)> = Vec::new();
    let mut out = Vec::new();
    conn.query_each(
        &format!("EXPLAIN QUERY PLAN {sql}"),
        &dyn_params(params),
        |r| {
            let (id, parent): (i64, i64) = (r.get(0)?, r.get(1)?);
            let detail: String = r.get(3)?;
            let d = depth
                .iter()
                .find(|(i, _)| *i == parent)
                .map_or(0, |(_, d)| d + 1);
            depth.push((id, d));
            out.push(format!("{}{detail}", "  ".repeat(d)));
            Ok(())
        },
    )?;
    Ok(out)
}
