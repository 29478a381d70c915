//! Writes generated demo records through the store, with the audit events the
//! operations would have recorded, in one transaction: a demo loads completely or not
//! at all. Tickets are generated on a second thread while this one writes them.

use super::kb;
use super::load_pg::IndexSession;
use super::people::{self, NewCustomer};
use super::projects;
use super::summary::DemoSummary;
use super::tickets::{AgentRef, CustomerRef, EventKind, IndexDocs, Plan, TicketGen};
use crate::config::Config;
use crate::domain::records::{Agent, Customer, Product};
use crate::domain::ticket::Ticket;
use crate::error::Result;
use crate::store::dashboard_facts::{Fact, FactMove};
use crate::store::demo_load::{self as bulk, AuditRow, CommentRow, IndexRow};
use crate::store::service::SlaColumns;
use crate::store::write::{self, Entity, Event, Stamp};
use crate::store::Cell;
use crate::store::Conn;
use crate::store::{self, Store};
use std::collections::HashMap;
use std::sync::mpsc;

/// Tickets whose word-index rows are added together: each group becomes one index
/// segment, so bigger groups mean less merging, at the price of holding them in memory.
const GROUP_TICKETS: usize = 25_000;

/// The tables the ticket load fills.
const LOADED: [&str; 5] = [
    "tickets",
    "comments",
    "audit",
    "search_tickets",
    "ticket_facts",
];

/// Page cache while loading, in KiB (as `PRAGMA cache_size` takes it: negative).
/// 48 MiB: the comments, audit rows and word index no longer pass through it when
/// they are written beside, whose connections have their own (see
/// `demo_load::Beside`, `demo_load::WordsBeside`); with 64 MiB and the word index
/// beside the peak of a 1M load was 422 MB (goal 400; at 200k 313 → 286 MB with
/// 48 MiB, loading thread's CPU the same).
const LOAD_CACHE_KIB: i64 = -49_152;

/// The people the tickets refer to, as written.
pub struct World {
    pub agents: Vec<Agent>,
    pub customers: Vec<CustomerRef>,
}

/// The create event an operation would have recorded for `entity` #`id`.
fn created(
    c: &Conn,
    (at, actor): (i64, &str),
    (entity, id): (Entity, i64),
    field: &'static str,
    name: &str,
) -> Result<()> {
    let ev = Event::set("create", field, name);
    write::record(c, &Stamp::new(at, actor), entity, id, Some(1), &[ev])
}

/// What a load is about.
pub struct Load<'a> {
    pub config: &'a Config,
    /// Who created what has no natural author (the agents).
    pub actor: &'a str,
    pub seed: u64,
    pub anchor: i64,
    /// The time SLA outcomes are computed at.
    pub now: i64,
    pub tickets: u64,
    /// Whether the tickets' comments, audit events and dashboard facts may be
    /// written beside the database by a second thread and copied in (SQLite with a
    /// database file: `demo_load::Beside`); false writes them in place (kept to
    /// compare the two in tests).
    pub beside: bool,
}

/// Writes everything: agents, customers, projects and articles, then the tickets.
/// On PostgreSQL returns the word-index session, still building: `complete` it.
pub fn all(
    store: &mut Store,
    load: &Load<'_>,
    summary: &mut DemoSummary,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Option<IndexSession>> {
    let settings = bulk::begin_load(store.conn(), LOAD_CACHE_KIB)?;
    // PostgreSQL: the word index is written by a second session (`load_pg`).
    let index = IndexSession::start(store, &load.config.storage)?;
    let mut beside = None;
    let result = store.write(|c| {
        let world = tracing::info_span!("demo_setup").in_scope(|| setup(c, load, summary))?;
        tickets(
            c,
            load,
            &world,
            summary,
            progress,
            index.as_ref(),
            &mut beside,
        )?;
        match index {
            Some(_) => bulk::pg::mark_index_stale(c),
            None => Ok(()),
        }
    });
    // Detached before `end_load`: its journal mode change would apply to it too.
    if let Some(file) = beside {
        file.close(store.conn());
    }
    // The connection goes on being used: its settings go back as they were.
    let restored = bulk::end_load(store.conn(), settings);
    match result.and(restored) {
        Ok(()) => Ok(index),
        Err(e) => {
            if let Some(index) = index {
                index.abandon();
            }
            Err(e)
        }
    }
}

/// Writes agents, customers with products, projects and articles (indexed for search
/// by the triggers, as usual).
fn setup(c: &Conn, load: &Load<'_>, summary: &mut DemoSummary) -> Result<World> {
    let (seed, anchor, actor) = (load.seed, load.anchor, load.actor);
    let tz = load.config.sla.calendar.tz;
    let fresh = bulk::no_names(c)?;
    let mut agents = people::agents(seed, anchor, load.tickets);
    let customer_count = people::customer_count(load.tickets);
    for a in agents.iter_mut() {
        // Agent names are unique: one that already exists is used as it is.
        if let Some(existing) = store::agents::by_name(c, &a.name)?.filter(|e| e.name == a.name) {
            *a = existing;
            continue;
        }
        a.id = store::agents::insert(c, a)?;
        created(
            c,
            (a.created_at, actor),
            (Entity::Agent, a.id),
            "name",
            &a.name,
        )?;
        summary.agents += 1;
        summary.audit_events += 1;
    }
    // Written in bulk (one statement per 64 rows, a COPY on PostgreSQL): one at a
    // time they took 104 s on a server at a million tickets (20,000 customers).
    let (mut next_customer, mut next_product) = bulk::next_customer_ids(c)?;
    let mut customers = Vec::with_capacity(customer_count as usize);
    let mut rows: Vec<Customer> = Vec::with_capacity(customer_count as usize);
    let mut products: Vec<(Product, i64)> = Vec::new();
    let mut audit: Vec<(i64, usize)> = Vec::with_capacity(customer_count as usize);
    let mut by_name: HashMap<String, i64> = HashMap::new();
    for i in 0..customer_count {
        let NewCustomer {
            mut customer,
            products: mut own,
            models,
            english,
            created_by,
        } = people::customer(seed, i, anchor, tz, agents.len());
        let id = next_customer;
        next_customer += 1;
        customer.id = id;
        audit.push((customer.created_at, created_by));
        for p in own.iter_mut() {
            p.customer_id = id;
            p.id = next_product;
            next_product += 1;
        }
        by_name.entry(customer.name.clone()).or_insert(id);
        customers.push(CustomerRef {
            id,
            models,
            serials: own
                .iter()
                .map(|p| p.serial.clone().unwrap_or_default())
                .collect(),
            purchased: own
                .iter()
                .map(|p| p.purchased_on.map(|d| d.to_string()).unwrap_or_default())
                .collect(),
            english,
        });
        products.extend(own.into_iter().map(|p| (p, customer.created_at)));
        rows.push(customer);
    }
    bulk::customers(c, &rows.iter().collect::<Vec<_>>())?;
    bulk::products(
        c,
        &products.iter().map(|(p, at)| (p, *at)).collect::<Vec<_>>(),
    )?;
    let customer_events: Vec<AuditRow<'_>> = rows
        .iter()
        .zip(&audit)
        .map(|(cu, &(at, by))| AuditRow {
            at,
            actor: agents.get(by).map_or(actor, |a| a.name.as_str()),
            entity: "customer",
            entity_id: cu.id,
            action: "create",
            field: Some("name"),
            old: Cell::Null,
            new: Cell::Text(&cu.name),
            version: Some(1),
        })
        .collect();
    bulk::audit(c, &customer_events)?;
    if fresh {
        bulk::name_keys_current(c)?;
    }
    summary.customers += customer_count;
    summary.audit_events += customer_count;

    let agent_ids: HashMap<&str, i64> = agents.iter().map(|a| (a.name.as_str(), a.id)).collect();
    let plans = projects::projects(seed, anchor, tz, &|n| by_name.get(n).copied(), &|n| {
        agent_ids.get(n).copied()
    })?;
    for p in plans {
        let pid = store::projects::insert(c, &p.project)?;
        let at = p.project.created_at;
        created(
            c,
            (at, &p.actor),
            (Entity::Project, pid),
            "name",
            &p.project.name,
        )?;
        let mut milestone_ids = Vec::new();
        for mut m in p.milestones {
            m.project_id = pid;
            let id = store::projects::insert_milestone(c, &m)?;
            created(c, (at, &p.actor), (Entity::Milestone, id), "name", &m.name)?;
            milestone_ids.push(id);
        }
        let mut task_ids = Vec::new();
        for mut t in p.tasks {
            t.task.project_id = pid;
            t.task.milestone_id = milestone_ids.get(t.milestone).copied();
            let id = store::projects::insert_task(c, &t.task)?;
            created(c, (at, &p.actor), (Entity::Task, id), "name", &t.task.name)?;
            for (dep, lag) in t.deps {
                store::projects::insert_dependency(c, id, task_ids[dep], lag)?;
            }
            task_ids.push(id);
        }
        for mut r in p.risks {
            r.project_id = pid;
            let id = store::projects::insert_risk(c, &r)?;
            created(c, (at, &p.actor), (Entity::Risk, id), "title", &r.title)?;
            summary.audit_events += 1;
        }
        summary.projects += 1;
        summary.audit_events += 1 + milestone_ids.len() as u64 + task_ids.len() as u64;
    }

    let owners: Vec<(i64, &[String])> =
        agents.iter().map(|a| (a.id, a.groups.as_slice())).collect();
    for (article, owner) in kb::articles(seed, anchor, tz, &owners)? {
        let id = store::kb::insert(c, &article)?;
        let by = agents.get(owner).map_or(actor, |a| a.name.as_str());
        created(
            c,
            (article.created_at, by),
            (Entity::Article, id),
            "title",
            &article.title,
        )?;
        summary.articles += 1;
        summary.audit_events += 1;
    }
    Ok(World { agents, customers })
}

fn text(s: &str) -> Cell<'_> {
    Cell::Text(s)
}

/// The audit events of a batch of tickets, as the operations would have recorded them.
fn audit_rows<'a>(plans: &'a [Plan<'a>]) -> Vec<AuditRow<'a>> {
    let events: usize = plans.iter().map(|p| p.events.len()).sum();
    let mut audit = Vec::with_capacity(events);
    for p in plans {
        for (i, e) in p.events.iter().enumerate() {
            let (action, field, old, new) = match &e.kind {
                EventKind::Create { stage } => ("create", "stage", Cell::Null, text(stage)),
                EventKind::Assign { old, new } => (
                    "assign",
                    "assignee",
                    old.map_or(Cell::Null, text),
                    text(new),
                ),
                EventKind::Move { from, to } => ("move", "stage", text(from), text(to)),
                EventKind::Comment { id, internal, .. } => {
                    let action = if *internal { "note" } else { "reply" };
                    (action, "comment", Cell::Null, Cell::Integer(*id))
                }
            };
            audit.push(AuditRow {
                at: e.at,
                actor: e.actor,
                entity: "ticket",
                entity_id: p.ticket.id,
                action,
                field: Some(field),
                old,
                new,
                version: Some(i as i64 + 1),
            });
        }
    }
    audit
}

/// The comments of a batch of tickets.
fn comment_rows<'a>(plans: &'a [Plan<'a>]) -> Vec<CommentRow<'a>> {
    let mut comments = Vec::new();
    for p in plans {
        for e in &p.events {
            if let EventKind::Comment { id, internal, body } = &e.kind {
                comments.push(CommentRow {
                    id: *id,
                    ticket_id: p.ticket.id,
                    author: e.actor,
                    body,
                    internal: *internal,
                    created_at: e.at,
                });
            }
        }
    }
    comments
}

/// Writes a batch of tickets, and with them their comments, audit trails and
/// dashboard facts when `here` (else the thread writing beside does: see
/// `demo_load::Beside`).
fn write_batch(
    c: &Conn,
    st: &mut bulk::Statements<'_>,
    plans: &[Plan<'_>],
    here: bool,
    stages: &mut Vec<(String, i64)>,
    summary: &mut DemoSummary,
) -> Result<()> {
    let tickets: Vec<(&Ticket, &SlaColumns)> = plans.iter().map(|p| (&p.ticket, &p.sla)).collect();
    bulk::tickets_in(c, st, &tickets)?;
    if here {
        bulk::comments_in(c, st, &comment_rows(plans))?;
        bulk::audit_in(c, st, &audit_rows(plans))?;
        let facts: Vec<Fact> = plans.iter().map(fact).collect();
        bulk::facts_in(c, st, &facts)?;
    }
    for p in plans {
        match stages.iter_mut().find(|(s, _)| *s == p.ticket.stage) {
            Some((_, n)) => *n += 1,
            None => stages.push((p.ticket.stage.clone(), 1)),
        }
        // One audit event per event of the story, one comment per comment event.
        summary.audit_events += p.events.len() as u64;
        summary.comments += p
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Comment { .. }))
            .count() as u64;
    }
    summary.tickets += plans.len() as u64;
    Ok(())
}

/// The dashboard facts of a new ticket, as `db reindex` would compute them from its
/// row and audit events (written with the row: the report-data rebuild that ended
/// the demo read every ticket and its stage changes back for them). No score yet
/// (the service data adds those), no tags, no group.
fn fact(p: &Plan<'_>) -> Fact {
    let t = &p.ticket;
    let moves = p
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Create { stage } => Some(FactMove {
                at: e.at,
                old: None,
                new: stage.to_string(),
            }),
            EventKind::Move { from, to } => Some(FactMove {
                at: e.at,
                old: Some(from.to_string()),
                new: to.to_string(),
            }),
            _ => None,
        })
        .collect();
    Fact {
        id: t.id,
        created_at: t.created_at,
        ty: t.ty.clone(),
        channel: t.channel.as_str().to_string(),
        group: None,
        stage: t.stage.clone(),
        category: p.category,
        assignee_id: t.assignee_id,
        first_response_at: t.first_response_at,
        first_response_due: p.sla.first_response_due,
        resolved_at: t.resolved_at,
        resolution_due: p.sla.resolution_due,
        score: None,
        tags: Vec::new(),
        moves,
    }
}

/// Adds the word-index documents of a group of tickets (see
/// `demo_load::ticket_index` for why they go in a group at a time).
fn write_index(c: &Conn, group: &[IndexDocs]) -> Result<()> {
    let rows: Vec<IndexRow<'_>> = group
        .iter()
        .flat_map(|d| d.iter_terminated())
        .map(|(doc, title, body)| IndexRow { doc, title, body })
        .collect();
    bulk::ticket_index(c, &rows)
}

/// What the loading thread tells the thread writing beside.
enum ToBeside<'a> {
    /// Plans whose tickets are written.
    Plans(Vec<Plan<'a>>),
    /// Every plan was sent: build the remaining indexes.
    Finish,
}

/// The thread writing beside: writes each batch's comments, audit events and
/// dashboard facts into the scratch file, and builds its indexes once told to
/// finish. Without `Finish` (the loading thread failed) it stops without them.
fn write_beside(mut w: bulk::BesideWriter, rx: mpsc::Receiver<ToBeside<'_>>) -> Result<()> {
    let mut session = w.session();
    while let Ok(msg) = rx.recv() {
        match msg {
            ToBeside::Plans(plans) => {
                let facts: Vec<Fact> = plans.iter().map(fact).collect();
                session.write(&audit_rows(&plans), &comment_rows(&plans), &facts)?
            }
            ToBeside::Finish => {
                drop(session);
                return w.finish();
            }
        }
    }
    Ok(())
}

/// Generates and writes the tickets with their comments, audit trails and word index.
/// Meanwhile the index triggers are off (the index rows are written here), the
/// secondary indexes of the big tables are dropped and built again at the end, and
/// on PostgreSQL the per-row triggers and foreign key checks wait for the end too.
/// On SQLite with a database file the comments, audit rows and facts are written
/// beside by a second thread (`beside` holds its file until the caller closes it)
/// and copied in at the end.
fn tickets(
    c: &Conn,
    load: &Load<'_>,
    world: &World,
    summary: &mut DemoSummary,
    progress: &mut dyn FnMut(u64, u64),
    index: Option<&IndexSession>,
    beside: &mut Option<bulk::Beside>,
) -> Result<()> {
    let total = load.tickets;
    // Tables this session fills (the index session fills its own).
    let loaded: Vec<&str> = LOADED
        .into_iter()
        .filter(|t| index.is_none() || *t != bulk::pg::INDEX_TABLE)
        .collect();
    let agents: Vec<AgentRef<'_>> = world
        .agents
        .iter()
        .map(|a| AgentRef {
            id: a.id,
            name: &a.name,
            groups: &a.groups,
            skills: &a.skills,
        })
        .collect();
    let first_ids = bulk::next_ids(c)?;
    bulk::check_ticket_ids(first_ids.0 + total as i64 - 1)?;
    let generator = TicketGen::new(
        load.seed,
        total,
        (load.anchor, load.now),
        first_ids,
        load.config,
        &world.customers,
        &agents,
    );
    progress(0, total);
    let writer = match load.beside {
        true => bulk::start_beside(c)?.map(|(file, writer)| {
            *beside = Some(file);
            writer
        }),
        false => None,
    };
    // The tables written beside keep their indexes: the copy brings their entries,
    // built there.
    let rebuilt: Vec<&str> = loaded
        .iter()
        .copied()
        .filter(|t| writer.is_none() || !bulk::WRITTEN_BESIDE.contains(t))
        .collect();
    store::search::set_auto_index(c, false)?;
    let dropped = bulk::drop_indexes(c, &rebuilt)?;
    let paused = bulk::pause_row_checks(c, &loaded)?;
    let tuning = bulk::tune_ticket_index(c)?;
    // Tickets per stage in the order the stages first come (as the paused counting
    // trigger would have added them to the counters: the file comes out the same).
    let mut stages: Vec<(String, i64)> = Vec::new();
    std::thread::scope(|s| -> Result<()> {
        let rows = tracing::info_span!("demo_rows").entered();
        // Made inside the scope so that an error here drops the receivers, which
        // stops the generator (and the audit thread) before the scope waits for them.
        let (tx, rx) = mpsc::sync_channel::<Vec<Plan<'_>>>(4);
        let generator = &generator;
        s.spawn(move || generator.run(&mut |plans| tx.send(plans).is_ok()));
        let (to_beside, beside_rx) = mpsc::sync_channel::<ToBeside<'_>>(4);
        let beside_thread = writer.map(|w| s.spawn(move || write_beside(w, beside_rx)));
        let here = beside_thread.is_none();
        // Only the index text waits for its group; the rest of a plan is written
        // and dropped at once (or handed to the audit thread).
        let mut group: Vec<IndexDocs> = Vec::with_capacity(GROUP_TICKETS);
        // The rows' statements, prepared once for the load.
        let mut statements = bulk::Statements::new(c);
        while let Ok(mut plans) = rx.recv() {
            write_batch(c, &mut statements, &plans, here, &mut stages, summary)?;
            let docs = plans.iter_mut().map(|p| std::mem::take(&mut p.index));
            match index {
                Some(index) => index.send(docs.collect())?,
                None => group.extend(docs),
            }
            // A failed send means the thread writing beside stopped: its join below
            // says why.
            if !here && to_beside.send(ToBeside::Plans(plans)).is_err() {
                break;
            }
            if group.len() >= GROUP_TICKETS {
                write_index(c, &group)?;
                group.clear();
            }
            progress(summary.tickets, total);
        }
        drop(statements);
        let _ = to_beside.send(ToBeside::Finish);
        match index {
            Some(index) => index.build()?,
            None => write_index(c, &group)?,
        }
        drop(group);
        drop(rows);
        let counts: Vec<(&str, i64)> = stages.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        bulk::add_stage_counts(c, &counts)?;
        // The tickets' indexes are built while the thread beside builds its own.
        tracing::info_span!("demo_create_indexes")
            .in_scope(|| bulk::create_indexes(c, &dropped))?;
        if let Some(t) = beside_thread {
            t.join()
                .map_err(|_| crate::error::Error::msg("the thread writing beside panicked"))??;
            if let Some(file) = beside.as_mut() {
                // Before the triggers come back: a table with an insert trigger
                // cannot take the transfer.
                tracing::info_span!("demo_copy_beside").in_scope(|| file.copy_into(c))?;
            }
        }
        bulk::resume_row_checks(c, &paused, &loaded)
    })?;
    if let Some(index) = index {
        // Every index row is written before this transaction may commit.
        tracing::info_span!("demo_wait_word_index_rows").in_scope(|| index.copied())?;
    }
    tracing::info_span!("demo_finish_index").in_scope(|| bulk::restore_ticket_index(c, tuning))?;
    store::search::set_auto_index(c, true)?;
    Ok(())
}
