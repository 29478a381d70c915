//! What a filter is: clauses of terms, each possibly negated, all to be met.

use super::cmp::Cmp;
use crate::domain::filter_values::{Days, Outcome};
use crate::domain::ticket::{Channel, Priority};
use chrono::Weekday;

/// Who a ticket is assigned to, in `assignee:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The acting user.
    Me,
    /// Nobody.
    Nobody,
    /// An agent whose name contains this text.
    Name(String),
    /// The agent with exactly this name (`assignee:=李娜`).
    Exact(String),
}

/// A state selected by `is:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    /// Stages of kind open or waiting.
    Open,
    /// Stages of kind waiting.
    Waiting,
    /// Stages of kind resolved or closed.
    Done,
    /// Past the resolution due time and not done.
    Breached,
    /// Not assigned.
    Unassigned,
}

/// One condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Id(Cmp, i64),
    /// Any of these stages.
    Stage(Vec<String>),
    /// Any of these types.
    Type(Vec<String>),
    Priority(Cmp, Priority),
    Channel(Vec<Channel>),
    Assignee(Who),
    /// Customer name contains this text.
    Customer(String),
    /// Resolution due, compared with now plus this many seconds.
    Due(Cmp, i64),
    /// Created, compared with now plus this many seconds (negative: in the past).
    Created(Cmp, i64),
    Is(Is),
    /// Free text found in title or body.
    Text(String),
    /// Has any of these tags.
    Tag(Vec<String>),
    /// Routed to any of these groups (`none`: no group).
    Group(Vec<String>),
    /// Created on these days (business calendar's time zone).
    CreatedOn(Days),
    /// Resolved, compared with now plus this many seconds (never matches unresolved).
    Resolved(Cmp, i64),
    /// Resolved on these days (never matches unresolved).
    ResolvedOn(Days),
    /// Created in any of these hours of the day (0–23, business calendar's time zone).
    Hour(Vec<u32>),
    /// Created on any of these weekdays (business calendar's time zone).
    Weekday(Vec<Weekday>),
    /// In any of these problem categories (`[[problem_categories]]` by title;
    /// `other`: none of them).
    Category(Vec<String>),
    /// Satisfaction score compared with this (unrated tickets never match).
    Csat(Cmp, u8),
    /// Where the first-response clock stands.
    Response(Outcome),
    /// Where the resolution clock stands.
    Resolution(Outcome),
    /// Has been in any of these stages (now or before).
    Visited(Vec<String>),
    /// Only these kinds of record: narrows a search, means nothing to a ticket list.
    Kind(Vec<crate::domain::search::Kind>),
}

/// A condition, possibly negated with a leading `-`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub negated: bool,
    pub term: Term,
}

/// All conditions; a ticket must meet every one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    pub clauses: Vec<Clause>,
}

impl Filter {
    /// Adds a clause.
    pub fn and(mut self, term: Term) -> Self {
        self.clauses.push(Clause {
            negated: false,
            term,
        });
        self
    }

    /// Whether there are no conditions.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}
