//! Table intake: CSV or JSON rows mapped onto ticket fields, each row a ticket.
//! A row imported before (same mapped id, or same content) is not imported again.

use super::intake::{insert_ticket, skipped, NewFields};
use super::intake_run::Ctx;
use super::Desk;
use crate::domain::intake::{ImportSummary, Skipped};
use crate::domain::relations::normalize_tag;
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::import::table::{parse_time, Mapping, Table};
use crate::import::thread::content_key;
use crate::store::Conn;
use crate::store::{customers, intake};

/// Skip reasons of rows (summaries group by them).
pub mod reason {
    pub const NO_TITLE: &str = "empty title";
    pub const TYPE: &str = "unknown ticket type";
    pub const PRIORITY: &str = "unknown priority";
    pub const CHANNEL: &str = "unknown channel";
    pub const STAGE: &str = "unknown stage";
    pub const AGENT: &str = "unknown agent";
    pub const CUSTOMER: &str = "unknown customer id";
    pub const DATE: &str = "unreadable date";
    pub const TAG: &str = "invalid tag";
}

/// A row checked against the config, before the database is consulted.
struct Prepared {
    key: String,
    fields: NewFields,
    customer: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    org: Option<String>,
    assignee: Option<String>,
}

enum RowOutcome {
    Ticket(i64),
    Duplicate,
    Skipped(Skipped),
}

impl Desk {
    /// Imports the rows of a table file (`kind` is `csv` or `json`) as tickets.
    pub fn import_table(
        &mut self,
        kind: &str,
        source: &str,
        table: &Table,
        mapping: Option<&Mapping>,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        let cols = Mapping::resolve(mapping, &table.headers)?;
        let mut summary = ImportSummary {
            kind: kind.into(),
            source: source.into(),
            read: table.rows.len(),
            dry_run,
            ..Default::default()
        };
        let now = self.now();
        let mut prepared = Vec::new();
        for (origin, cells) in &table.rows {
            let get = |field: &str| {
                cols.iter()
                    .find(|(f, _)| *f == field)
                    .and_then(|(_, i)| cells.get(*i))
                    .map(|v| sanitize(v.trim()))
                    .filter(|v| !v.is_empty())
            };
            match self.prepare_row(origin, &get, cells, now) {
                Ok(p) => prepared.push((origin.clone(), p)),
                Err(s) => summary.skipped.push(s),
            }
        }
        let ctx = Ctx {
            desk_now: now,
            actor: &self.actor,
            config: &self.config,
        };
        let run = |c: &Conn, origin: &str, p: &Prepared, s: &mut ImportSummary| {
            match import_row(c, &ctx, origin, p, s)? {
                RowOutcome::Ticket(id) => s.tickets.push(id),
                RowOutcome::Duplicate => s.duplicates += 1,
                RowOutcome::Skipped(k) => s.skipped.push(k),
            }
            Ok(())
        };
        if dry_run {
            intake::rolled_back(&self.store, |c| {
                for (origin, p) in &prepared {
                    run(c, origin, p, &mut summary)?;
                }
                Ok(())
            })?;
        } else {
            for (origin, p) in &prepared {
                self.store.write(|c| run(c, origin, p, &mut summary))?;
            }
        }
        Ok(summary)
    }

    fn prepare_row(
        &self,
        origin: &str,
        get: &dyn Fn(&str) -> Option<String>,
        cells: &[String],
        now: i64,
    ) -> std::result::Result<Prepared, Skipped> {
        let wf = &self.config.workflow;
        let tz = self.config.sla.calendar.tz;
        let bad = |reason: &str, v: &str| skipped(origin, reason, v);
        let title = get("title").ok_or_else(|| bad(reason::NO_TITLE, ""))?;
        let ty = match get("type") {
            Some(t) => wf
                .ticket_type(&t)
                .or_else(|| {
                    wf.types
                        .iter()
                        .find(|x| x.en.eq_ignore_ascii_case(&t) || x.zh == t)
                })
                .map(|x| x.id.clone())
                .ok_or_else(|| bad(reason::TYPE, &t))?,
            None => wf.default_type.clone(),
        };
        let priority = match get("priority") {
            Some(p) => super::parse_priority(&p).map_err(|_| bad(reason::PRIORITY, &p))?,
            None => crate::domain::ticket::Priority::Normal,
        };
        let channel = match get("channel") {
            Some(ch) => super::parse_channel(&ch).map_err(|_| bad(reason::CHANNEL, &ch))?,
            None => crate::domain::ticket::Channel::Other,
        };
        let flow = wf.flow_for(&ty);
        let stage = match get("stage") {
            Some(s) => Some(
                flow.stages
                    .iter()
                    .find(|x| x.id == s || x.en.eq_ignore_ascii_case(&s) || x.zh == s)
                    .map(|x| x.id.clone())
                    .ok_or_else(|| bad(reason::STAGE, &s))?,
            ),
            None => None,
        };
        let time = |field: &str| -> std::result::Result<Option<i64>, Skipped> {
            match get(field) {
                Some(v) => parse_time(&v, &tz)
                    .map(|t| Some(t.min(now)))
                    .ok_or_else(|| bad(reason::DATE, &v)),
                None => Ok(None),
            }
        };
        let created_at = time("created_at")?.unwrap_or(now);
        let done_at = time("updated_at")?.map(|t| t.max(created_at));
        let mut tags = Vec::new();
        if let Some(list) = get("tags") {
            for t in list
                .split([',', ';', ' ', '，', '；'])
                .filter(|t| !t.trim().is_empty())
            {
                tags.push(normalize_tag(t).map_err(|_| bad(reason::TAG, t))?);
            }
        }
        let key = match get("id") {
            Some(id) => format!("row:{id}"),
            // The whole row, whatever the mapping: the same row is the same row.
            None => content_key(&cells.iter().map(|c| c.trim()).collect::<Vec<_>>()),
        };
        Ok(Prepared {
            key,
            fields: NewFields {
                title,
                body: get("body").unwrap_or_default(),
                ty,
                priority,
                channel,
                customer_id: None,
                assignee_id: None,
                stage,
                tags,
                created_at,
                done_at,
            },
            customer: get("customer"),
            email: get("email"),
            phone: get("phone"),
            org: get("org"),
            assignee: get("assignee"),
        })
    }
}

fn import_row(
    c: &Conn,
    ctx: &Ctx<'_>,
    origin: &str,
    p: &Prepared,
    summary: &mut ImportSummary,
) -> Result<RowOutcome> {
    if intake::row_ticket(c, &p.key)?.is_some() {
        return Ok(RowOutcome::Duplicate);
    }
    let mut fields = p.fields.clone();
    if let Some(a) = &p.assignee {
        match super::lookup::resolve_agent(c, a) {
            Ok(id) => fields.assignee_id = Some(id),
            Err(Error::NotFound { .. }) => {
                return Ok(RowOutcome::Skipped(skipped(
                    origin,
                    reason::AGENT,
                    a.clone(),
                )))
            }
            Err(e) => return Err(e),
        }
    }
    // The customer: by email, else by id or exact name; new ones are created.
    let email = p
        .email
        .clone()
        .or_else(|| p.customer.clone().filter(|c| c.contains('@')))
        .map(|e| e.to_lowercase());
    let cid = if let Some(e) = &email {
        match customers::by_email(c, e)? {
            Some(cu) => Some(cu.id),
            None => Some(new_customer(c, ctx, p, e, summary)?),
        }
    } else if let Some(key) = &p.customer {
        if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
            match customers::get(c, id) {
                Ok(cu) => Some(cu.id),
                Err(Error::NotFound { .. }) => {
                    return Ok(RowOutcome::Skipped(skipped(
                        origin,
                        reason::CUSTOMER,
                        key.clone(),
                    )))
                }
                Err(e) => return Err(e),
            }
        } else {
            match customers::by_name(c, key)?.into_iter().next() {
                Some(cu) => Some(cu.id),
                None => Some(new_customer(c, ctx, p, "", summary)?),
            }
        }
    } else {
        None
    };
    fields.customer_id = cid;
    let id = insert_ticket(c, ctx, &fields)?;
    intake::insert_row(c, &p.key, id, ctx.desk_now)?;
    Ok(RowOutcome::Ticket(id))
}

fn new_customer(
    c: &Conn,
    ctx: &Ctx<'_>,
    p: &Prepared,
    email: &str,
    summary: &mut ImportSummary,
) -> Result<i64> {
    let name = p
        .customer
        .clone()
        .filter(|n| !n.contains('@'))
        .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    let input = super::CustomerInput {
        name,
        email: (!email.is_empty()).then(|| email.to_string()),
        phone: p.phone.clone(),
        organization: p.org.clone(),
        ..Default::default()
    };
    let s = crate::store::write::Stamp::new(ctx.desk_now, ctx.actor);
    let id = super::people::insert_customer(c, &input, &s)?;
    summary.customers_created += 1;
    Ok(id)
}
