//! The Tickets pane's effects, results and notes: list pages, the detail, writes
//! with the version the user saw, new tickets, the extras (customer view, visits,
//! macros, canned replies, tags, satisfaction) and assignment.

use super::level::Level;
use super::Failure;
use crate::domain::filter::{Filter, FilterError};
use crate::domain::mail::{Delivery, OutboxMessage};
use crate::domain::records::Customer;
use crate::domain::service::{Csat, Visit};
use crate::domain::sla_engine::SlaStatus;
use crate::domain::ticket::{AuditEvent, Comment, Ticket};
use crate::domain::warranty::Warranty;
use crate::ops::mail::WorkerEvent;
use crate::ops::{CustomerView, ProgressEntry, Ranking, Relations, TicketView};
use crate::store::tickets::{Cursor, SortKey};

/// Where a loaded page goes in the list window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A new list (filter or sort changed): from the top, first row selected.
    Reset,
    /// Rows after the last loaded row.
    Append,
    /// Rows before the first loaded row (queried in reverse).
    Prepend,
    /// The last rows of the list (queried in reverse).
    Bottom,
    /// A refresh from the top visible row on, keeping the selected ticket if it is still there.
    Reload { keep: Option<i64> },
}

/// A look for tickets newer than the list has seen (the live queue).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCheck {
    pub gen: u64,
    pub filter: Filter,
    /// The newest ticket number the list knows of; None: only learn it (a new list).
    pub above: Option<i64>,
}

/// A request for one page of the ticket list.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest {
    /// The list generation it belongs to; stale pages are dropped.
    pub gen: u64,
    pub filter: Filter,
    pub sort: SortKey,
    /// The direction of the query (already reversed for Prepend / Bottom).
    pub descending: bool,
    pub after: Option<Cursor>,
    pub limit: usize,
    pub slot: Slot,
}

/// One change to one ticket.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Move(String),
    /// An agent name, or None to unassign.
    Assign(Option<String>),
    Priority(String),
    Type(String),
    /// Undoing a type change: the type, and the stage with its times it had then.
    Retype {
        ty: String,
        stage: String,
        times: crate::domain::ticket::StageTimes,
    },
    Comment {
        text: String,
        internal: bool,
    },
}

/// A change with the ticket version the user saw (None: no check).
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub id: i64,
    pub expected: Option<i64>,
    pub change: Change,
}

/// Why a batch of writes is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The user's own change.
    User,
    /// Undoing the last change.
    Undo,
    /// "Apply mine" after a conflict.
    Retry,
}

/// How one write ended.
#[derive(Debug, Clone)]
pub enum WriteResult {
    Done {
        before: Box<Ticket>,
        after: Box<TicketView>,
    },
    /// Someone else changed the ticket: their version, and the error's text.
    Conflict {
        theirs: Box<Ticket>,
        message: String,
    },
    Failed(Failure),
}

/// Fields of the new-ticket form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewTicketFields {
    pub title: String,
    /// `#ID` of an existing customer, a new customer's name, or empty.
    pub customer: String,
    /// Create `customer` (picked explicitly as "new customer").
    pub new_customer: bool,
    pub ty: String,
    pub priority: String,
    pub channel: String,
    pub body: String,
}

/// More about the open ticket, loaded with the detail.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetailInfo {
    pub id: i64,
    pub sla: Option<SlaStatus>,
    pub warranty: Option<Warranty>,
    /// The product the warranty was taken from (model and serial).
    pub product: Option<String>,
    pub tags: Vec<String>,
    pub relations: Relations,
    /// The customer-facing timeline (complaints only).
    pub progress: Vec<ProgressEntry>,
    pub csat: Option<Csat>,
}

impl DetailInfo {
    /// About how many lines the detail shows for this, to bound scrolling.
    pub fn line_count(&self) -> usize {
        let r = &self.relations;
        let relations = r.parent.is_some() as usize
            + r.duplicate_of.is_some() as usize
            + r.children.len()
            + r.related.len()
            + r.duplicates.len();
        let progress = if self.progress.is_empty() {
            0
        } else {
            2 + self
                .progress
                .iter()
                .map(|p| 1 + p.text.lines().count())
                .sum::<usize>()
        };
        8 + relations + progress
    }
}

/// A read-only panel over the detail or list: the customer, or today's visits.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    Customer(Box<CustomerView>),
    Visits(Vec<Visit>),
    /// Mail waiting or failed (`:mail outbox`).
    Outbox(Vec<OutboxMessage>),
}

/// Database work of the Tickets pane.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketsFx {
    LoadPage(PageRequest),
    Count {
        gen: u64,
        filter: Filter,
    },
    /// Tickets that arrived since the list last looked (a keyset on the id).
    CheckNew(NewCheck),
    LoadDetail {
        id: i64,
    },
    Write {
        writes: Vec<Write>,
        why: Why,
    },
    Create(NewTicketFields),
    /// Customers for the new-ticket form's picker: name, organisation, email or phone.
    FindCustomers {
        query: String,
    },
    /// Assigns each ticket (id, version seen) to its best available agent.
    AutoAssign {
        targets: Vec<(i64, Option<i64>)>,
    },
    /// The assignment ranking of agents for ticket `id` (the assign picker).
    LoadRanking {
        id: i64,
    },
    LoadCustomer {
        ticket: i64,
    },
    LoadVisits,
    ApplyMacro {
        id: i64,
        macro_id: String,
        expected: Option<i64>,
    },
    RenderReply {
        id: i64,
        template: String,
    },
    Tag {
        id: i64,
        tags: Vec<String>,
        expected: Option<i64>,
    },
    Rate {
        id: i64,
        score: i64,
        expected: Option<i64>,
    },
    /// Queue the ticket's failed mail again: (outbox id, version seen) each.
    RetryMail {
        ticket: i64,
        messages: Vec<(i64, i64)>,
    },
    /// Fetch mail now (IMAP, Maildir): network work, on the worker.
    FetchMail,
    /// Send what is due now: network work, on the worker.
    SendMail,
    /// The outbox: pending and failed mail.
    LoadOutbox,
}

/// Results for the Tickets pane.
#[derive(Debug, Clone)]
pub enum TicketsMsg {
    Page {
        gen: u64,
        slot: Slot,
        rows: Vec<TicketView>,
        more: bool,
        /// Which of the rows have customer activity the user has not opened.
        unread: Vec<i64>,
    },
    /// Tickets matching the list's filter that arrived since it last looked.
    New {
        gen: u64,
        /// Newest first.
        rows: Vec<TicketView>,
        /// More arrived than were read.
        more: bool,
        /// The newest ticket number now.
        newest: i64,
        unread: Vec<i64>,
    },
    Count {
        gen: u64,
        total: i64,
    },
    Detail {
        view: Box<TicketView>,
        comments: Vec<Comment>,
        history: Vec<AuditEvent>,
        /// The ticket's mail, oldest first, with each message's state.
        mail: Vec<OutboxMessage>,
    },
    /// The ticket could not be loaded (`:1000001` of a ticket that does not exist).
    DetailFailed {
        id: i64,
        failure: Failure,
    },
    /// SLA breakdown, warranty, tags, relations … of the open ticket.
    Info(Box<DetailInfo>),
    Written {
        why: Why,
        results: Vec<(Write, WriteResult)>,
    },
    Created(Result<Box<TicketView>, Failure>),
    /// Customers found for `query` (the new-ticket form's picker).
    Customers {
        query: String,
        found: Vec<Customer>,
    },
    Ranking(Box<Ranking>),
    Customer {
        ticket: i64,
        view: Option<Box<CustomerView>>,
    },
    Visits(Vec<Visit>),
    /// A canned reply filled for ticket `id`.
    Reply {
        id: i64,
        text: String,
    },
    /// A write of the extras went through: the ticket after it.
    Done {
        after: Box<TicketView>,
        note: TicketsNote,
    },
    /// What became of reply `id`'s mail: queued, or why it was not.
    Delivery {
        id: i64,
        delivery: Delivery,
    },
    /// The background sender or fetcher did something.
    Mail(WorkerEvent),
    /// Failed messages `ids` of ticket `ticket` are queued again.
    MailRetried {
        ticket: i64,
        ids: Vec<i64>,
    },
    /// A send round on request ended: sent and failed counts.
    MailSent {
        sent: usize,
        failed: usize,
    },
    Outbox(Vec<OutboxMessage>),
}

/// What the Tickets pane tells the user.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketsNote {
    /// `n` tickets moved to `stage`.
    Moved {
        n: usize,
        stage: String,
    },
    Assigned {
        n: usize,
        agent: Option<String>,
    },
    PrioritySet {
        n: usize,
        priority: String,
    },
    TypeSet {
        n: usize,
        ty: String,
    },
    Replied {
        id: i64,
    },
    Noted {
        id: i64,
    },
    Created {
        id: i64,
    },
    Undone,
    NothingToUndo,
    /// Comments and new tickets cannot be taken back.
    CannotUndo,
    /// Some writes of a bulk change met newer versions and were skipped.
    SkippedConflicts {
        ids: Vec<i64>,
    },
    /// A draft was kept after a failed or cancelled send.
    DraftKept {
        id: i64,
    },
    /// A change that would have told the customer was not made.
    NotSent {
        id: i64,
    },
    NoCommonStage,
    NoAgents,
    BadFilter(FilterError),
    BadSort(String),
    BadPriority(String),
    UnknownView(String),
    TitleNeeded,
    MacroApplied {
        id: i64,
        title: String,
    },
    Tagged {
        id: i64,
        tags: Vec<String>,
    },
    Rated {
        id: i64,
        score: i64,
    },
    NoCustomer {
        id: i64,
    },
    NoMacros,
    NoTemplates,
    BadScore(String),
    /// Reply `id` is queued for `to` (it goes out in the background).
    MailQueued {
        id: i64,
        to: String,
    },
    /// Reply `id` was recorded but not mailed: the customer has no address (or
    /// the ticket no customer).
    MailNoAddress {
        id: i64,
        customer: Option<String>,
    },
    /// The server accepted the mail about ticket `id` for `to`.
    MailSentTo {
        id: i64,
        to: String,
    },
    /// Mail about ticket `id` was not accepted; tried again later.
    MailRetrying {
        id: i64,
        error: String,
    },
    /// Mail about ticket `id` was given up after `tries` tries.
    MailFailed {
        id: i64,
        error: String,
        tries: i64,
    },
    /// Mail came in.
    MailFetched {
        tickets: usize,
        replies: usize,
    },
    /// A send round on request ended.
    MailRound {
        sent: usize,
        failed: usize,
    },
    /// The mail server could not be reached or refused (the round is tried again).
    MailTrouble(String),
    MailRetried {
        id: i64,
        n: usize,
    },
    /// The ticket has no failed mail to send again.
    NoFailedMail {
        id: i64,
    },
    BadMailAction(String),
}

impl TicketsNote {
    /// How loud the note is.
    pub fn level(&self) -> Level {
        use TicketsNote::*;
        match self {
            BadFilter(_) | BadSort(_) | BadPriority(_) | BadScore(_) | BadMailAction(_) => {
                Level::Error
            }
            MailFailed { .. } => Level::Error,
            MailNoAddress { .. } | MailRetrying { .. } | MailTrouble(_) | NoFailedMail { .. } => {
                Level::Warn
            }
            SkippedConflicts { .. }
            | CannotUndo
            | NothingToUndo
            | DraftKept { .. }
            | NotSent { .. }
            | NoCommonStage
            | NoAgents
            | UnknownView(_)
            | TitleNeeded
            | NoCustomer { .. }
            | NoMacros
            | NoTemplates => Level::Warn,
            _ => Level::Info,
        }
    }
}
