//! SQL of the filter language's calendar, category, satisfaction and SLA-outcome
//! terms, and the Rust functions they call (`ac_hour`, `ac_weekday`, `ac_lower`).
//! Each term is written so that its negation (`NOT (…)`) is right for NULL columns.
//! PostgreSQL has the same functions built in (EXTRACT … AT TIME ZONE, lower over
//! ICU's root collation, strpos): only those spellings differ.

use super::tickets::FilterContext;
use super::{Conn, Engine, Value};
use crate::domain::filter::Term;
use crate::domain::filter_values::{Days, Outcome};
use crate::domain::team::day_start;
use chrono::{Datelike, TimeZone, Timelike};
use rusqlite::functions::{Context, FunctionFlags};
use std::sync::Arc;

/// Registers `ac_hour(secs, tz)` (hour of day 0–23), `ac_weekday(secs, tz)` (Monday
/// = 0) and `ac_lower(text)` (Unicode lower case, as Rust's `to_lowercase`).
pub fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("ac_hour", 2, flags, |ctx| {
        local(ctx, |d| i64::from(d.hour()))
    })?;
    conn.create_scalar_function("ac_weekday", 2, flags, |ctx| {
        local(ctx, |d| i64::from(d.weekday().num_days_from_monday()))
    })?;
    conn.create_scalar_function("ac_lower", 1, flags, |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|s| s.to_lowercase()))
    })
}

/// A part of `secs` (argument 0) in the time zone named by argument 1; the parsed
/// zone is kept with the statement, so it is parsed once per query.
fn local(
    ctx: &Context<'_>,
    part: impl Fn(chrono::DateTime<chrono_tz::Tz>) -> i64,
) -> rusqlite::Result<Option<i64>> {
    let Some(secs) = ctx.get::<Option<i64>>(0)? else {
        return Ok(None);
    };
    let tz: Arc<chrono_tz::Tz> = ctx.get_or_create_aux(1, |v| -> rusqlite::Result<_> {
        let name = v
            .as_str()
            .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
        name.parse::<chrono_tz::Tz>()
            .map_err(|e| rusqlite::Error::UserFunctionError(e.to_string().into()))
    })?;
    Ok(chrono::Utc
        .timestamp_opt(secs, 0)
        .single()
        .map(|t| part(t.with_timezone(&*tz))))
}

fn bind(v: Value, params: &mut Vec<Value>) -> String {
    params.push(v);
    format!("?{}", params.len())
}

/// `[start, end)` of a day range in the context's time zone.
fn bounds(days: &Days, ctx: &FilterContext) -> (Option<i64>, Option<i64>) {
    (
        days.from.map(|d| day_start(ctx.tz, d)),
        days.to
            .and_then(|d| d.succ_opt())
            .map(|d| day_start(ctx.tz, d)),
    )
}

/// `col` within a day range; with `nullable`, NULL never matches (also under NOT).
fn in_days(
    col: &str,
    days: &Days,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
    nullable: bool,
) -> String {
    let (a, b) = bounds(days, ctx);
    let mut parts = Vec::new();
    if nullable {
        parts.push(format!("{col} IS NOT NULL"));
    }
    if let Some(a) = a {
        parts.push(format!("{col} >= {}", bind(Value::Integer(a), params)));
    }
    if let Some(b) = b {
        parts.push(format!("{col} < {}", bind(Value::Integer(b), params)));
    }
    if parts.is_empty() {
        return "1 = 1".into();
    }
    format!("({})", parts.join(" AND "))
}

fn ints(items: impl Iterator<Item = i64>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// Whether any keyword of a category is in the title (lower-cased as Rust does).
fn mentions(conn: &Conn, keywords: &[String], params: &mut Vec<Value>) -> String {
    if keywords.is_empty() {
        return "1 = 0".into();
    }
    let parts: Vec<String> = keywords
        .iter()
        .map(|k| {
            let k = bind(Value::Text(k.clone()), params);
            match conn.engine() {
                Engine::Sqlite => format!("instr(ac_lower(t.title), {k}) > 0"),
                Engine::Postgres => {
                    format!("strpos(lower(t.title COLLATE \"und-x-icu\"), {k}) > 0")
                }
            }
        })
        .collect();
    format!("({})", parts.join(" OR "))
}

/// Tickets in a category exactly as `ServiceRules::category_of` decides: the first
/// category with a keyword in the title; `other` when there is none.
fn category(conn: &Conn, ids: &[String], ctx: &FilterContext, params: &mut Vec<Value>) -> String {
    let mut any = Vec::new();
    for id in ids {
        if id == "other" && !ctx.categories.iter().any(|(c, _)| c == "other") {
            let all: Vec<String> = ctx.categories.iter().flat_map(|(_, k)| k.clone()).collect();
            any.push(format!("NOT {}", mentions(conn, &all, params)));
            continue;
        }
        let Some(i) = ctx.categories.iter().position(|(c, _)| c == id) else {
            continue;
        };
        let earlier: Vec<String> = ctx.categories[..i]
            .iter()
            .flat_map(|(_, k)| k.clone())
            .collect();
        let own = mentions(conn, &ctx.categories[i].1, params);
        if earlier.is_empty() {
            any.push(own);
        } else {
            any.push(format!(
                "({own} AND NOT {})",
                mentions(conn, &earlier, params)
            ));
        }
    }
    if any.is_empty() {
        return "1 = 0".into();
    }
    format!("({})", any.join(" OR "))
}

/// An SLA clock's outcome from its stored stop and due times, as the engine decides:
/// met when stopped by the due time, breached when stopped after it or still running
/// at or past it, pending otherwise. Resolving sets the first response, so
/// `first_response_at` is the first-response clock's stop; `resolved_at` is the start
/// of the resolved stretch the ticket is in, the resolution clock's stop.
fn outcome(
    stop: &str,
    due: &str,
    o: Outcome,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
) -> String {
    if o == Outcome::Met {
        return format!("({stop} IS NOT NULL AND {due} IS NOT NULL AND {stop} <= {due})");
    }
    let now = bind(Value::Integer(ctx.now), params);
    match o {
        Outcome::Met => unreachable!("handled above"),
        Outcome::Breached => format!(
            "({due} IS NOT NULL AND (({stop} IS NOT NULL AND {stop} > {due}) OR ({stop} IS NULL AND {due} <= {now})))"
        ),
        Outcome::Pending => {
            format!("({stop} IS NULL AND ({due} IS NULL OR {due} > {now}))")
        }
    }
}

/// The SQL of the terms this file knows; `None` for the others.
pub(crate) fn sql(
    conn: &Conn,
    term: &Term,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
) -> Option<String> {
    let tz = || ctx.tz.name().to_string();
    let (hour, weekday) = match conn.engine() {
        Engine::Sqlite => ("ac_hour(t.created_at, {tz})", "ac_weekday(t.created_at, {tz})"),
        Engine::Postgres => (
            "EXTRACT(HOUR FROM to_timestamp(t.created_at) AT TIME ZONE CAST({tz} AS TEXT))::bigint",
            "(EXTRACT(ISODOW FROM to_timestamp(t.created_at) AT TIME ZONE CAST({tz} AS TEXT))::bigint - 1)",
        ),
    };
    Some(match term {
        Term::CreatedOn(days) => in_days("t.created_at", days, ctx, params, false),
        Term::ResolvedOn(days) => in_days("t.resolved_at", days, ctx, params, true),
        Term::Resolved(cmp, secs) => format!(
            "(t.resolved_at IS NOT NULL AND t.resolved_at {} {})",
            cmp.sql(),
            bind(Value::Integer(ctx.now + secs), params)
        ),
        Term::Hour(hours) => format!(
            "{} IN ({})",
            hour.replace("{tz}", &bind(Value::Text(tz()), params)),
            ints(hours.iter().map(|h| i64::from(*h)))
        ),
        Term::Weekday(days) => format!(
            "{} IN ({})",
            weekday.replace("{tz}", &bind(Value::Text(tz()), params)),
            ints(days.iter().map(|d| i64::from(d.num_days_from_monday())))
        ),
        Term::Category(ids) => category(conn, ids, ctx, params),
        Term::Csat(cmp, score) => format!(
            "t.id IN (SELECT ticket_id FROM csat WHERE score {} {})",
            cmp.sql(),
            bind(Value::Integer(i64::from(*score)), params)
        ),
        Term::Response(o) => outcome(
            "t.first_response_at",
            "t.first_response_due",
            *o,
            ctx,
            params,
        ),
        Term::Resolution(o) => outcome("t.resolved_at", "t.resolution_due", *o, ctx, params),
        Term::Visited(stages) => {
            if stages.is_empty() {
                return Some("1 = 0".into());
            }
            let marks: Vec<String> = stages
                .iter()
                .map(|s| bind(Value::Text(s.clone()), params))
                .collect();
            let list = marks.join(", ");
            // A stay shows as the old or new stage of a move, or as the stage now.
            format!(
                "(t.stage IN ({list}) OR EXISTS (SELECT 1 FROM audit a INDEXED BY audit_stage_ticket
                   WHERE a.entity = 'ticket' AND a.field = 'stage' AND a.entity_id = t.id
                     AND (a.old IN ({list}) OR a.new IN ({list}))))"
            )
        }
        _ => return None,
    })
}
