//! The Tickets pane's own state: the list window, the open detail, saved views, the
//! undo entry, the macros and canned replies of the config, the latest assignment
//! ranking.

use super::list::TicketList;
use crate::app::ctx::Place;
use crate::app::msg::{DetailInfo, Write};
use crate::config::Config;
use crate::domain::service::{Macro, Reply, StageUpdate};

/// Flow id → stage id → the customer update sent on entering the stage.
pub type StageUpdates =
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, StageUpdate>>;
use crate::domain::ticket::{AuditEvent, Comment, Ticket};
use crate::ops::{Ranking, TicketView};

/// The open ticket detail.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub id: i64,
    pub view: Option<TicketView>,
    pub comments: Vec<Comment>,
    pub history: Vec<AuditEvent>,
    /// The ticket's mail with each message's state.
    pub mail: Vec<crate::domain::mail::OutboxMessage>,
    pub scroll: u16,
    /// How far the detail can scroll, as its last drawing counted the wrapped rows
    /// (set while drawing, which measures and changes nothing else); `None` before.
    pub max_scroll: std::cell::Cell<Option<u16>>,
    /// SLA breakdown, warranty, tags, relations … (loaded after the ticket).
    pub info: Option<Box<DetailInfo>>,
}

impl Detail {
    /// A detail of ticket `id`, showing `view` until the full one arrives.
    pub fn of(id: i64, view: Option<TicketView>) -> Detail {
        Detail {
            id,
            view,
            ..Default::default()
        }
    }

    /// About how many lines the detail view has (before wrapping), to bound scrolling.
    pub fn text_lines(&self) -> usize {
        let body = self
            .view
            .as_ref()
            .map(|v| v.ticket.body.lines().count())
            .unwrap_or(0);
        let comments: usize = self
            .comments
            .iter()
            .map(|c| 1 + c.body.lines().count())
            .sum();
        // Header, blank lines and section titles are about ten more.
        let info = self.info.as_ref().map_or(0, |i| i.line_count());
        let mail = self.mail.len() * 2 + 3;
        10 + body + comments + self.history.len() + info + mail
    }

    /// Scrolls by `delta` lines, to the last row of text at the bottom and no further
    /// (before the first drawing, an estimate that keeps half a screen of text).
    pub fn scroll_by(&mut self, delta: i64, height: usize) {
        let max = match self.max_scroll.get() {
            Some(m) => i64::from(m),
            None => self.text_lines().saturating_sub(height / 2) as i64,
        };
        self.scroll = (self.scroll as i64 + delta).clamp(0, max.min(u16::MAX as i64)) as u16;
    }
}

/// The change to undo: the inverse writes, guarded by the versions they produced.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    pub writes: Vec<Write>,
    /// Per ticket, the version the change started from: once undone, the ticket is
    /// as it was then, so an older entry expecting that version expects the undo's.
    pub from: Vec<(i64, i64)>,
}

/// How many changes back `u` can go.
pub const UNDO_DEPTH: usize = 50;

impl TicketsState {
    /// Remembers a change to undo (one that cannot be undone is remembered too, so
    /// `u` says so rather than undoing something older unasked).
    pub fn push_undo(&mut self, entry: UndoEntry) {
        self.undo.push(entry);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    /// Ticket `id` was put back by an undo, now at `version`: the next older change
    /// of it (made from the version the undone one started from) is undone from here.
    pub fn undone(&mut self, id: i64, version: i64) {
        let Some(from) = self
            .undoing
            .as_ref()
            .and_then(|u| u.from.iter().find(|(t, _)| *t == id))
            .map(|(_, v)| *v)
        else {
            return;
        };
        for w in self.undo.iter_mut().flat_map(|e| e.writes.iter_mut()) {
            if w.id == id && w.expected == Some(from) {
                w.expected = Some(version);
            }
        }
    }
}

/// Views every console has; the config's `[views]` add to them and may replace them.
pub const BUILTIN_VIEWS: &[(&str, &str)] = &[
    ("mine", "assignee:me is:open"),
    ("unassigned", "is:unassigned is:open"),
    ("breached", "is:breached"),
    ("complaints", "type:complaint is:open"),
    ("waiting", "is:waiting"),
];

/// A named filter: built in, or from the config's `[views]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    pub name: String,
    pub query: String,
}

/// Everything the Tickets pane keeps.
#[derive(Debug, Clone)]
pub struct TicketsState {
    pub list: TicketList,
    pub detail: Option<Detail>,
    pub views: Vec<SavedView>,
    /// Changes to undo, newest last (bounded: the oldest are forgotten).
    pub undo: Vec<UndoEntry>,
    /// The entry being undone, until its writes come back.
    pub undoing: Option<UndoEntry>,
    /// Macros and canned replies from the config.
    pub macros: Vec<Macro>,
    pub replies: Vec<Reply>,
    /// Flow → stage → the update a customer is sent on entering it (to ask first).
    pub updates: StageUpdates,
    /// The ranking of agents for the ticket last asked about (the assign picker).
    pub ranking: Option<Ranking>,
    /// Outbox messages queued again from the detail (`S`) in this session: id → how
    /// often (the Mail section says so).
    pub retried_mail: std::collections::BTreeMap<i64, u32>,
}

impl TicketsState {
    /// A fresh pane for `config`.
    pub fn new(config: &Config) -> TicketsState {
        TicketsState {
            list: TicketList::default(),
            detail: None,
            views: BUILTIN_VIEWS
                .iter()
                .map(|(name, query)| SavedView {
                    name: name.to_string(),
                    query: query.to_string(),
                })
                .collect(),
            undo: Vec::new(),
            undoing: None,
            macros: config.service.macros.clone(),
            replies: config.service.replies.clone(),
            updates: config.service.updates.clone(),
            ranking: None,
            retried_mail: Default::default(),
        }
    }

    /// Adds saved views (name, filter); one with a built-in view's name replaces it.
    pub fn add_views(&mut self, views: impl IntoIterator<Item = (String, String)>) {
        for (name, query) in views {
            self.views.retain(|v| v.name != name);
            self.views.push(SavedView { name, query });
        }
    }

    /// The ticket single-ticket commands act on at `place`: the open detail, else
    /// the selected row when the list is on screen.
    pub fn current(&self, place: Place) -> Option<&Ticket> {
        if let Some(d) = &self.detail {
            return d.view.as_ref().map(|v| &v.ticket);
        }
        if place != Place::Pane(crate::app::ctx::Pane::Tickets) {
            return None;
        }
        self.list.current().map(|v| &v.ticket)
    }

    /// The tickets a change applies to: the marked rows (list only), else the current one.
    pub fn targets(&self, place: Place) -> Vec<Ticket> {
        if self.detail.is_none()
            && place == Place::Pane(crate::app::ctx::Pane::Tickets)
            && !self.list.marked.is_empty()
        {
            return self.list.marked.values().cloned().collect();
        }
        self.current(place).cloned().into_iter().collect()
    }
}
