//! Tickets and comments: insert, read, keyset-paged filtered lists, compare-and-swap updates.

use super::like_pattern;
use super::search::TicketMatch;
use super::write::{Columns, Entity, Stamp};
use super::{dyn_params, params, Conn, Row, Value};
use crate::domain::filter::{Clause, Filter, Is, Term, Who};
use crate::domain::text::CleanText;
use crate::domain::ticket::{Channel, Comment, NewTicket, Priority, Ticket};
use crate::error::{Error, Result};
use matches::{customer_match, customer_share, list_matches, split_text};

mod by_name;
mod matches;

/// The columns `row_at` reads.
const COLS: &str = "SELECT t.id, t.title, t.body, t.stage, t.type, t.priority, t.channel,
    t.customer_id, c.name, t.assignee_id, a.name, t.created_at, t.updated_at, t.updated_by,
    t.first_response_at, t.resolved_at, t.closed_at, t.first_response_due, t.resolution_due,
    NULLIF(MIN(IFNULL(t.sla_due_at, 4611686018427387904), IFNULL(t.stage_due, 4611686018427387904)), 4611686018427387904),
    t.version";

/// `COLS` on PostgreSQL, where the smaller of two values is LEAST and IFNULL is COALESCE.
const COLS_PG: &str = "SELECT t.id, t.title, t.body, t.stage, t.type, t.priority, t.channel,
    t.customer_id, c.name, t.assignee_id, a.name, t.created_at, t.updated_at, t.updated_by,
    t.first_response_at, t.resolved_at, t.closed_at, t.first_response_due, t.resolution_due,
    NULLIF(LEAST(COALESCE(t.sla_due_at, 4611686018427387904), COALESCE(t.stage_due, 4611686018427387904)), 4611686018427387904),
    t.version";

/// The columns `row_at` reads, as the engine spells them.
fn cols(conn: &Conn) -> &'static str {
    conn.pick(COLS, COLS_PG)
}

/// Tickets with their customer's and assignee's names.
const FROM: &str = "FROM tickets t
    LEFT JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = t.assignee_id";

fn from_row(r: &Row<'_>) -> Result<Ticket> {
    row_at(r, 0)
}

/// Reads a ticket from the SELECT columns starting at column `o`.
fn row_at(r: &Row<'_>, o: usize) -> Result<Ticket> {
    let prio: i64 = r.get(o + 5)?;
    let chan: String = r.get(o + 6)?;
    Ok(Ticket {
        id: r.get(o)?,
        title: r.get(o + 1)?,
        body: r.get(o + 2)?,
        stage: r.get(o + 3)?,
        ty: r.get(o + 4)?,
        priority: Priority::from_rank(prio).unwrap_or(Priority::Normal),
        channel: chan.parse().unwrap_or(Channel::Other),
        customer_id: r.get(o + 7)?,
        customer: r.get(o + 8)?,
        assignee_id: r.get(o + 9)?,
        assignee: r.get(o + 10)?,
        created_at: r.get(o + 11)?,
        updated_at: r.get(o + 12)?,
        updated_by: r.get(o + 13)?,
        first_response_at: r.get(o + 14)?,
        resolved_at: r.get(o + 15)?,
        closed_at: r.get(o + 16)?,
        first_response_due: r.get(o + 17)?,
        resolution_due: r.get(o + 18)?,
        next_due: r.get(o + 19)?,
        version: r.get(o + 20)?,
    })
}

/// Inserts a ticket and returns its id.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Conn,
    t: &NewTicket,
    stage: &str,
    at: i64,
    actor: &str,
    first_response_due: Option<i64>,
    resolution_due: Option<i64>,
) -> Result<i64> {
    conn.insert(
        "INSERT INTO tickets (title, body, stage, type, priority, channel, customer_id,
            assignee_id, created_at, updated_at, updated_by, first_response_due, resolution_due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
        params![
            t.title.as_str(),
            t.body.as_str(),
            stage,
            t.ty,
            t.priority.rank(),
            t.channel.as_str(),
            t.customer_id,
            t.assignee_id,
            at,
            actor,
            first_response_due,
            resolution_due
        ],
    )
}

/// One ticket by id.
pub fn get(conn: &Conn, id: i64) -> Result<Ticket> {
    find(conn, id)?.ok_or_else(|| Error::NotFound {
        what: "ticket",
        key: format!("#{id}"),
        hint: Some("list tickets with: aftercare ticket list".into()),
    })
}

/// The highest ticket number so far (0 in an empty database): the rowid's end.
pub fn newest_id(conn: &Conn) -> Result<i64> {
    conn.one("SELECT COALESCE(max(id), 0) FROM tickets", params![])
}

/// One ticket by id, if it exists.
pub fn find(conn: &Conn, id: i64) -> Result<Option<Ticket>> {
    conn.query_opt(
        &format!("{} {FROM} WHERE t.id = ?1", cols(conn)),
        params![id],
        from_row,
    )
}

/// The columns a ticket update may set; `None` leaves a column as it is (text only as
/// [`CleanText`]). Every update also stamps `updated_at` / `updated_by`.
#[derive(Debug, Clone, Default)]
pub struct TicketUpdate {
    pub title: Option<CleanText>,
    pub body: Option<CleanText>,
    pub stage: Option<String>,
    pub ty: Option<String>,
    pub priority: Option<Priority>,
    pub channel: Option<Channel>,
    pub customer_id: Option<Option<i64>>,
    pub assignee_id: Option<Option<i64>>,
    pub group_id: Option<Option<String>>,
    pub first_response_at: Option<Option<i64>>,
    pub resolved_at: Option<Option<i64>>,
    pub closed_at: Option<Option<i64>>,
    pub first_response_due: Option<Option<i64>>,
    pub resolution_due: Option<Option<i64>>,
    /// `updated_at` when not the stamp's time (a replayed mail older than the last change).
    pub updated_at: Option<i64>,
}

impl Columns for TicketUpdate {
    const ENTITY: Entity = Entity::Ticket;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, super::Value)> {
        let mut out: Vec<(&'static str, super::Value)> = Vec::new();
        let text = |v: &Option<String>| v.clone().map(super::Value::Text);
        let clean = |v: &Option<CleanText>| v.as_ref().map(|t| super::Value::Text(t.to_string()));
        for (col, v) in [
            ("title", clean(&self.title)),
            ("body", clean(&self.body)),
            ("stage", text(&self.stage)),
            ("type", text(&self.ty)),
            (
                "priority",
                self.priority.map(|p| super::Value::Integer(p.rank())),
            ),
            (
                "channel",
                self.channel.map(|c| super::Value::Text(c.as_str().into())),
            ),
            ("group_id", self.group_id.clone().map(super::Value::from)),
        ] {
            if let Some(v) = v {
                out.push((col, v));
            }
        }
        for (col, v) in [
            ("customer_id", self.customer_id),
            ("assignee_id", self.assignee_id),
            ("first_response_at", self.first_response_at),
            ("resolved_at", self.resolved_at),
            ("closed_at", self.closed_at),
            ("first_response_due", self.first_response_due),
            ("resolution_due", self.resolution_due),
        ] {
            if let Some(v) = v {
                out.push((col, super::Value::from(v)));
            }
        }
        out.push((
            "updated_at",
            super::Value::Integer(self.updated_at.unwrap_or(stamp.at)),
        ));
        out.push(("updated_by", super::Value::Text(stamp.actor.clone())));
        out
    }
}

/// Adds a comment and returns its id.
pub fn insert_comment(
    conn: &Conn,
    ticket_id: i64,
    author: &str,
    body: &CleanText,
    internal: bool,
    at: i64,
) -> Result<i64> {
    conn.insert("INSERT INTO comments (ticket_id, author, body, internal, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", params![ticket_id, author, body.as_str(), internal, at])
}

/// The comments of a ticket, oldest first.
pub fn comments(conn: &Conn, ticket_id: i64) -> Result<Vec<Comment>> {
    conn.query_map(
        "SELECT id, ticket_id, author, body, internal, created_at FROM comments
         WHERE ticket_id = ?1 ORDER BY id",
        params![ticket_id],
        |r| {
            Ok(Comment {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                author: r.get(2)?,
                body: r.get(3)?,
                internal: r.get(4)?,
                created_at: r.get(5)?,
            })
        },
    )
}

/// A column a ticket list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Created,
    Updated,
    Priority,
    Due,
    Stage,
    Type,
    Channel,
    Title,
    Customer,
    Assignee,
}

impl SortKey {
    /// Every sort key, in column order.
    pub const ALL: [SortKey; 11] = [
        SortKey::Id,
        SortKey::Due,
        SortKey::Priority,
        SortKey::Type,
        SortKey::Stage,
        SortKey::Customer,
        SortKey::Assignee,
        SortKey::Title,
        SortKey::Channel,
        SortKey::Created,
        SortKey::Updated,
    ];

    /// The name used by commands (`--sort due`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
            SortKey::Priority => "priority",
            SortKey::Due => "due",
            SortKey::Stage => "stage",
            SortKey::Type => "type",
            SortKey::Channel => "channel",
            SortKey::Title => "title",
            SortKey::Customer => "customer",
            SortKey::Assignee => "assignee",
        }
    }

    /// Parses a sort key name.
    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The sort expression; the due-time one is written as the engine's index has it.
    fn expr(self, conn: &Conn) -> &'static str {
        match self {
            SortKey::Id => "t.id",
            SortKey::Created => "t.created_at",
            SortKey::Updated => "t.updated_at",
            SortKey::Priority => "t.priority",
            // The next SLA limit as `sla next` orders (MISSING_DUE written out so the
            // expression matches the index of migration 012): nothing due sorts last.
            SortKey::Due => conn.pick(
                "MIN(IFNULL(t.sla_due_at, 4611686018427387904), IFNULL(t.stage_due, 4611686018427387904))",
                "LEAST(COALESCE(t.sla_due_at, 4611686018427387904), COALESCE(t.stage_due, 4611686018427387904))",
            ),
            SortKey::Stage => "t.stage",
            SortKey::Type => "t.type",
            SortKey::Channel => "t.channel",
            SortKey::Title => "t.title",
            // Names in pinyin order (migration 016); `by_name` lists these.
            SortKey::Customer => conn.pick("IFNULL(c.sort_key, X'')", "COALESCE(c.sort_key, ''::bytea)"),
            SortKey::Assignee => conn.pick("IFNULL(a.sort_key, X'')", "COALESCE(a.sort_key, ''::bytea)"),
        }
    }
}

/// What the store needs to turn relative filter terms into SQL.
#[derive(Debug, Clone, Default)]
pub struct FilterContext {
    /// The acting agent's id, for `assignee:me`.
    pub me: Option<i64>,
    pub now: i64,
    /// Stages of kind open or waiting (for `is:open`, `is:breached`).
    pub active_stages: Vec<String>,
    pub waiting_stages: Vec<String>,
    pub done_stages: Vec<String>,
    /// The business calendar's time zone, for days, hours and weekdays.
    pub tz: chrono_tz::Tz,
    /// Problem categories in config order: id and lower-case keywords (`category:`).
    pub categories: Vec<(String, Vec<String>)>,
}

/// Where a page starts: the sort value and id of a row. Opaque outside the store,
/// which alone knows how each key is ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    value: Value,
    id: i64,
    /// The customer's or assignee's id in a list sorted by their name (0: none), which
    /// orders rows of two people of the same name; 0 in other sorts.
    by: i64,
}

/// Where a missing due time sorts: after every real one (the same constant is in the
/// due-time indexes of migrations 001 and 007).
const MISSING_DUE: i64 = 4_611_686_018_427_387_904;

impl Cursor {
    /// The cursor of `t` in `sort` order: a page after it starts with the next row.
    pub fn of(t: &Ticket, sort: SortKey) -> Cursor {
        let value = match sort {
            SortKey::Id => Value::Integer(t.id),
            SortKey::Created => Value::Integer(t.created_at),
            SortKey::Updated => Value::Integer(t.updated_at),
            SortKey::Priority => Value::Integer(t.priority.rank()),
            SortKey::Due => Value::Integer(t.next_due.unwrap_or(MISSING_DUE)),
            SortKey::Stage => Value::Text(t.stage.clone()),
            SortKey::Type => Value::Text(t.ty.clone()),
            SortKey::Channel => Value::Text(t.channel.as_str().to_string()),
            SortKey::Title => Value::Text(t.title.clone()),
            SortKey::Customer => {
                return by_name::cursor(t.customer.as_deref(), t.customer_id, t.id)
            }
            SortKey::Assignee => {
                return by_name::cursor(t.assignee.as_deref(), t.assignee_id, t.id)
            }
        };
        Cursor {
            value,
            id: t.id,
            by: 0,
        }
    }

    /// A cursor whose page starts at `t` itself (inclusive), read in the given direction.
    pub fn at(t: &Ticket, sort: SortKey, descending: bool) -> Cursor {
        let mut c = Cursor::of(t, sort);
        c.id += if descending { 1 } else { -1 };
        c
    }

    /// The cursor of ticket number `id` in id order: an ascending page after it
    /// holds only newer tickets (the live queue's keyset).
    pub fn after_id(id: i64) -> Cursor {
        Cursor {
            value: Value::Integer(id),
            id,
            by: 0,
        }
    }

    /// The id of the row the cursor stands on.
    pub fn id(&self) -> i64 {
        self.id
    }
}

/// A page request.
#[derive(Debug, Clone)]
pub struct ListQuery<'a> {
    pub filter: &'a Filter,
    pub ctx: &'a FilterContext,
    pub sort: SortKey,
    pub descending: bool,
    pub after: Option<Cursor>,
    pub limit: usize,
}

/// One page of tickets and the cursor for the next one (None at the end).
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Ticket>,
    pub next: Option<Cursor>,
}

/// A page of tickets matching a filter, by keyset pagination (never OFFSET).
pub fn list(conn: &Conn, q: &ListQuery<'_>) -> Result<Page> {
    if by_name::applies(q.sort) {
        return by_name::list(conn, q);
    }
    if q.sort == SortKey::Id {
        let (text, rest) = split_text(q.filter);
        let after = q.after.as_ref().map(|c| c.id);
        if let Some(walk) = TicketMatch::new(conn, &text, q.descending, after) {
            return list_matches(conn, q, walk, &rest);
        }
    }
    let (sql, params) = list_sql(conn, q)?;
    let mut out = Vec::new();
    let mut keys = Vec::new();
    conn.query_each(&sql, &dyn_params(&params), |r| {
        keys.push(r.get::<Value>(0)?);
        out.push(row_at(r, 1)?);
        Ok(())
    })?;
    let next = if out.len() > q.limit {
        out.truncate(q.limit);
        let last = &out[q.limit - 1];
        Some(Cursor {
            value: keys[q.limit - 1].clone(),
            id: last.id,
            by: 0,
        })
    } else {
        None
    };
    Ok(Page { rows: out, next })
}

/// The statement of a list page that does not walk the word index: the sort value,
/// then the ticket's columns.
fn list_sql(conn: &Conn, q: &ListQuery<'_>) -> Result<(String, Vec<Value>)> {
    let key = q.sort.expr(conn);
    // The sort value comes first so the next page's cursor can be read back.
    let mut sql =
        format!("{} {FROM}", cols(conn)).replacen("SELECT ", &format!("SELECT {key}, "), 1);
    let mut params: Vec<Value> = Vec::new();
    let mut wheres = where_clauses(conn, q.filter, q.ctx, &mut params)?;
    if conn.engine() == super::Engine::Sqlite && broad_filter(conn, q.filter, q.ctx)? {
        walk_sort_index(&mut wheres);
    }
    let (cmp, dir) = if q.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(c) = &q.after {
        params.push(c.value.clone());
        params.push(Value::Integer(c.id));
        wheres.push(format!(
            "({key}, t.id) {cmp} (?{}, ?{})",
            params.len() - 1,
            params.len()
        ));
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    sql.push_str(&format!(
        " ORDER BY {key} {dir}, t.id {dir} LIMIT {}",
        q.limit + 1
    ));
    Ok((sql, params))
}

/// Keeps the filter's terms off their own indexes (a unary `+`): when nothing narrows
/// the match much, walking the sort key's index and skipping rows beats SQLite's
/// default of reading every match through the stage/type index and sorting them all
/// (123 ms → sub-ms at a million tickets).
fn walk_sort_index(wheres: &mut [String]) {
    for w in wheres {
        for col in [
            "t.stage ",
            "t.type ",
            "t.priority ",
            "t.channel ",
            "t.customer_id ",
        ] {
            *w = w.replace(col, &format!("+{col}")).replace("++", "+");
        }
    }
}

/// The query plan SQLite chooses for a list page (tests and `PERFORMANCE.md`): one
/// line per step, for each statement the page runs.
pub fn list_plan(conn: &Conn, q: &ListQuery<'_>) -> Result<Vec<String>> {
    if by_name::applies(q.sort) {
        return by_name::plan(conn, q);
    }
    if q.sort == SortKey::Id {
        let (text, rest) = split_text(q.filter);
        if !text.term_exprs().is_empty() {
            let (sql, mut params) = matches::matches_sql(conn, &rest, q.ctx)?;
            params[0] = Value::Text("[1]".into());
            let mut plan = super::query_plan(
                conn,
                super::search::walk_sql(q.descending),
                &[
                    Value::Text(text.term_exprs()[0].clone()),
                    Value::Integer(i64::MAX),
                    Value::Integer(32),
                ],
            )?;
            plan.extend(super::query_plan(conn, &sql, &params)?);
            return Ok(plan);
        }
    }
    let (sql, params) = list_sql(conn, q)?;
    super::query_plan(conn, &sql, &params)
}

/// How many tickets match a filter (a query of its own; callers cache it).
pub fn count(conn: &Conn, filter: &Filter, ctx: &FilterContext) -> Result<i64> {
    let (text, rest) = split_text(filter);
    if rest.is_empty() && conn.engine() == super::Engine::Sqlite {
        // Text alone: count what the index walk yields, without reading a ticket.
        // (PostgreSQL counts the GIN index's matches in one statement below.)
        if let Some(mut walk) = TicketMatch::new(conn, &text, true, None) {
            return walk.count();
        }
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let needs_join = filter
        .clauses
        .iter()
        .any(|c| matches!(c.term, Term::Customer(_)));
    let mut sql = String::from("SELECT count(*) FROM tickets t");
    if needs_join {
        sql.push_str(" LEFT JOIN customers c ON c.id = t.customer_id");
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    conn.query_row(&sql, &dyn_params(&params), |r| r.get(0))
}

/// Like `count`, but stops at `cap`: `ticket list`'s "50 of N" needs no exact N
/// beyond a few thousand, and counting every match of a common word costs more than
/// the page (`ticket list --query 退款` spent 3/4 of its time counting).
pub fn count_upto(conn: &Conn, filter: &Filter, ctx: &FilterContext, cap: i64) -> Result<i64> {
    let (text, rest) = split_text(filter);
    if rest.is_empty() {
        if let Some(mut walk) = TicketMatch::new(conn, &text, true, None) {
            return walk.count_upto(cap);
        }
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let mut sql = String::from("SELECT count(*) FROM (SELECT 1 FROM tickets t");
    if filter
        .clauses
        .iter()
        .any(|c| matches!(c.term, Term::Customer(_)))
    {
        sql.push_str(" LEFT JOIN customers c ON c.id = t.customer_id");
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    sql.push_str(&format!(" LIMIT {cap}) capped"));
    conn.query_row(&sql, &dyn_params(&params), |r| r.get(0))
}

/// Ticket counts per stage, from the cached counters.
pub fn stage_counts(conn: &Conn) -> Result<Vec<(String, i64)>> {
    conn.query_map("SELECT substr(name, 7), value FROM counters WHERE name LIKE 'stage:%' AND value > 0 ORDER BY name", params![], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Whether the filter matches at least 1 in 500 tickets, judged from the cached
/// stage counters and the share of customers a `customer:` term names (terms on
/// agents, ids, text or tags count as narrow; `is:open`/`is:breached` as broad, as
/// they have an index of their own). Walking the sort key's index then finds a
/// page within a few thousand rows, where reading every match through a narrower
/// index would read and sort them all.
fn broad_filter(conn: &Conn, f: &Filter, ctx: &FilterContext) -> Result<bool> {
    let counts = stage_counts(conn)?;
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Ok(true);
    }
    let in_stages = |stages: &[String]| -> f64 {
        let n: i64 = counts
            .iter()
            .filter(|(s, _)| stages.contains(s))
            .map(|(_, n)| n)
            .sum();
        n as f64 / total as f64
    };
    let mut share = 1.0;
    for c in f.clauses.iter().filter(|c| !c.negated) {
        share *= match &c.term {
            Term::Stage(list) => in_stages(list),
            Term::Is(Is::Open) | Term::Is(Is::Breached) => 1.0,
            Term::Is(Is::Waiting) => in_stages(&ctx.waiting_stages),
            Term::Is(Is::Done) => in_stages(&ctx.done_stages),
            Term::Type(_) | Term::Priority(..) | Term::Channel(_) => 1.0,
            Term::Due(..) | Term::Created(..) | Term::Is(Is::Unassigned) => 1.0,
            Term::Customer(n) => customer_share(conn, n)?,
            _ => 0.0,
        };
    }
    Ok(share * 500.0 >= 1.0)
}

fn in_list(col: &str, items: &[String], params: &mut Vec<Value>) -> String {
    if items.is_empty() {
        return "1 = 0".into();
    }
    let marks: Vec<String> = items
        .iter()
        .map(|s| {
            params.push(Value::Text(s.clone()));
            format!("?{}", params.len())
        })
        .collect();
    format!("{col} IN ({})", marks.join(", "))
}

pub(crate) fn where_clauses(
    conn: &Conn,
    f: &Filter,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
) -> Result<Vec<String>> {
    f.clauses
        .iter()
        .map(|c| {
            let sql = clause_sql(conn, c, ctx, params)?;
            Ok(if c.negated {
                format!("NOT ({sql})")
            } else {
                sql
            })
        })
        .collect()
}

fn clause_sql(
    conn: &Conn,
    c: &Clause,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
) -> Result<String> {
    let like = conn.like();
    let bind = |v: Value, params: &mut Vec<Value>| {
        params.push(v);
        format!("?{}", params.len())
    };
    if let Some(sql) = super::filter_terms::sql(conn, &c.term, ctx, params) {
        return Ok(sql);
    }
    Ok(match &c.term {
        Term::Id(cmp, id) => format!("t.id {} {}", cmp.sql(), bind(Value::Integer(*id), params)),
        Term::Stage(list) => in_list("t.stage", list, params),
        Term::Type(list) => in_list("t.type", list, params),
        Term::Channel(list) => {
            let names: Vec<String> = list.iter().map(|c| c.as_str().to_string()).collect();
            in_list("t.channel", &names, params)
        }
        Term::Priority(cmp, p) => format!(
            "t.priority {} {}",
            cmp.sql(),
            bind(Value::Integer(p.rank()), params)
        ),
        Term::Assignee(Who::Me) => format!(
            "t.assignee_id = {}",
            bind(Value::Integer(ctx.me.unwrap_or(-1)), params)
        ),
        Term::Assignee(Who::Nobody) => "t.assignee_id IS NULL".into(),
        Term::Assignee(Who::Exact(n)) => format!(
            "t.assignee_id IN (SELECT id FROM agents WHERE name = {})",
            bind(Value::Text(n.clone()), params)
        ),
        Term::Assignee(Who::Name(n)) => format!(
            "t.assignee_id IN (SELECT id FROM agents WHERE name {like} {} ESCAPE '\\')",
            bind(Value::Text(like_pattern(n)), params)
        ),
        // Through the customers' word index (name and organisation), not a LIKE over
        // every customer; text without words (punctuation only) falls back to LIKE.
        Term::Customer(n) => match customer_match(n) {
            Some(expr) => match conn.engine() {
                super::Engine::Sqlite => format!(
                    "t.customer_id IN (SELECT rowid FROM search_customers WHERE search_customers MATCH {})",
                    bind(Value::Text(expr), params)
                ),
                super::Engine::Postgres => format!(
                    "t.customer_id IN (SELECT id FROM search_customers WHERE doc @@ CAST({} AS TEXT)::tsquery)",
                    bind(Value::Text(super::search::engine_query(conn, &expr)?), params)
                ),
            },
            None => {
                let p = bind(Value::Text(like_pattern(n)), params);
                format!(
                    "t.customer_id IN (SELECT id FROM customers WHERE name {like} {p} ESCAPE '\\' OR organization {like} {p} ESCAPE '\\')"
                )
            }
        },
        Term::Due(cmp, secs) => format!(
            "t.resolution_due {} {}",
            cmp.sql(),
            bind(Value::Integer(ctx.now + secs), params)
        ),
        Term::Created(cmp, secs) => format!(
            "t.created_at {} {}",
            cmp.sql(),
            bind(Value::Integer(ctx.now + secs), params)
        ),
        // Open stages never have a resolution time; saying so lets SQLite use the
        // small partial index of open tickets by due time.
        Term::Is(Is::Open) => format!(
            "(t.resolved_at IS NULL AND {})",
            in_list("t.stage", &ctx.active_stages, params)
        ),
        Term::Is(Is::Waiting) => in_list("t.stage", &ctx.waiting_stages, params),
        Term::Is(Is::Done) => in_list("t.stage", &ctx.done_stages, params),
        Term::Is(Is::Unassigned) => "t.assignee_id IS NULL".into(),
        Term::Is(Is::Breached) => {
            let stages = in_list("t.stage", &ctx.active_stages, params);
            format!(
                "(t.resolved_at IS NULL AND {stages} AND t.resolution_due < {})",
                bind(Value::Integer(ctx.now), params)
            )
        }
        Term::Tag(tags) => format!(
            "t.id IN (SELECT ticket_id FROM ticket_tags WHERE {})",
            in_list("tag", tags, params)
        ),
        Term::Group(groups) => {
            let named: Vec<String> = groups.iter().filter(|g| *g != "none").cloned().collect();
            let none = if named.len() < groups.len() {
                " OR t.group_id IS NULL"
            } else {
                ""
            };
            format!("({}{none})", in_list("t.group_id", &named, params))
        }
        // Refused before a ticket query by ops (`check_filter`); all tickets are tickets.
        Term::Kind(_) => "1".into(),
        // Through the word index (title, body and comments; CJK inside longer words).
        Term::Text(s) => {
            let q = crate::domain::search::TextQuery::from_parts(&[s]);
            super::search::text_condition(conn, &q, params)?
        }
        // Written by filter_terms::sql above.
        _ => "1 = 1".into(),
    })
}

/// Inserts a ticket with every column as given (demo data, imports; text cleaned);
/// returns its id. `t.id` is used when positive, so an export re-imports with the same ids.
pub fn insert_full(conn: &Conn, t: &Ticket) -> Result<i64> {
    let (title, body) = (CleanText::new(&t.title), CleanText::new(&t.body));
    let id = conn.insert(
        "INSERT INTO tickets (id, title, body, stage, type, priority, channel, customer_id,
            assignee_id, created_at, updated_at, updated_by, first_response_at, resolved_at,
            closed_at, first_response_due, resolution_due, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            (t.id > 0).then_some(t.id),
            title.as_str(),
            body.as_str(),
            t.stage,
            t.ty,
            t.priority.rank(),
            t.channel.as_str(),
            t.customer_id,
            t.assignee_id,
            t.created_at,
            t.updated_at,
            t.updated_by,
            t.first_response_at,
            t.resolved_at,
            t.closed_at,
            t.first_response_due,
            t.resolution_due,
            t.version
        ],
    )?;
    Ok(id)
}

/// The newest tickets of one customer.
pub fn list_for_customer(conn: &Conn, customer_id: i64, limit: usize) -> Result<Vec<Ticket>> {
    conn.query_map(
        &format!(
            "{} {FROM} WHERE t.customer_id = ?1 ORDER BY t.id DESC LIMIT ?2",
            cols(conn)
        ),
        params![customer_id, limit as i64],
        from_row,
    )
}
