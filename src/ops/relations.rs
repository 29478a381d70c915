//! Tags, relations between tickets, and merging a duplicate into another ticket.

use super::lookup::current;
use super::Desk;
use crate::domain::relations::{link, normalize_tag, RelationKind};
use crate::domain::text::CleanText;
use crate::domain::ticket::Ticket;
use crate::domain::workflow::StageKind;
use crate::error::{Error, Result};
use crate::store::relations::{self as rel, LinkRow};
use crate::store::tickets::{self as st, TicketUpdate};
use crate::store::write::{self, Event, Stamp};
use crate::store::Conn;

/// Another ticket as seen in a relation list.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    pub id: i64,
    pub title: String,
    pub stage: String,
}

/// Every relation of one ticket, by kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Relations {
    pub parent: Option<Linked>,
    pub children: Vec<Linked>,
    pub related: Vec<Linked>,
    /// The ticket this one was merged into.
    pub duplicate_of: Option<Linked>,
    /// Tickets merged into this one.
    pub duplicates: Vec<Linked>,
}

impl Relations {
    /// Whether there is no relation at all.
    pub fn is_empty(&self) -> bool {
        *self == Relations::default()
    }

    fn from_links(id: i64, links: Vec<LinkRow>) -> Relations {
        let mut r = Relations::default();
        for l in links {
            let other = Linked {
                id: l.other_id,
                title: l.other_title,
                stage: l.other_stage,
            };
            match (l.kind.as_str(), l.from_id == id) {
                (link::CHILD_OF, true) => r.parent = Some(other),
                (link::CHILD_OF, false) => r.children.push(other),
                (link::DUPLICATE_OF, true) => r.duplicate_of = Some(other),
                (link::DUPLICATE_OF, false) => r.duplicates.push(other),
                _ => r.related.push(other),
            }
        }
        r
    }
}

/// What `merge_ticket` did.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    pub duplicate: Ticket,
    pub into: Ticket,
    pub comments_moved: usize,
    pub attachments_moved: usize,
    pub tags_copied: usize,
}

/// Bumps ticket `t`'s version for a change kept outside the tickets table, with its
/// event; returns the new version.
fn touch(c: &Conn, s: &Stamp, id: i64, version: i64, ev: Event) -> Result<i64> {
    Ok(write::update(c, s, id, version, &TicketUpdate::default(), vec![ev])?.version)
}

/// A ticket's tags and version, as the change that tagged or untagged it left them.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub tags: Vec<String>,
    pub ticket: Ticket,
}

fn normalize_all(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let n = normalize_tag(t).map_err(|e| {
            Error::invalid(
                e,
                "a tag is one word: letters, digits, '-', '_' (e.g. vip, 退款)",
            )
        })?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid("no tag given", "name at least one tag"));
    }
    Ok(out)
}

/// Adds tags inside a caller's transaction without touching the version (new tickets).
pub(crate) fn add_initial_tags(c: &Conn, id: i64, tags: &[String]) -> Result<Vec<String>> {
    if tags.is_empty() {
        return Ok(Vec::new());
    }
    let tags = normalize_all(tags)?;
    for t in &tags {
        rel::add_tag(c, id, t)?;
    }
    Ok(tags)
}

impl Desk {
    /// The tags of a ticket.
    pub fn ticket_tags(&self, id: i64) -> Result<Vec<String>> {
        st::get(self.store.conn(), id)?;
        rel::tags(self.store.conn(), id)
    }

    /// Every tag in use with its ticket count.
    pub fn all_tags(&self) -> Result<Vec<(String, i64)>> {
        rel::tag_counts(self.store.conn())
    }

    /// Adds tags to a ticket; returns its tags and the ticket afterwards.
    pub fn tag_ticket(
        &mut self,
        id: i64,
        tags: &[String],
        expected: Option<i64>,
    ) -> Result<Tagged> {
        let tags = normalize_all(tags)?;
        let s = self.stamp();
        self.store.write(|c| {
            let t = current(c, id, expected)?;
            let mut version = t.version;
            for tag in &tags {
                if rel::add_tag(c, id, tag)? {
                    version = touch(c, &s, id, version, Event::set("tag", "tags", tag.clone()))?;
                }
            }
            tagged(c, id)
        })
    }

    /// Removes tags from a ticket; every tag must be on it. Returns its tags and the
    /// ticket afterwards.
    pub fn untag_ticket(
        &mut self,
        id: i64,
        tags: &[String],
        expected: Option<i64>,
    ) -> Result<Tagged> {
        let tags = normalize_all(tags)?;
        let s = self.stamp();
        self.store.write(|c| {
            let t = current(c, id, expected)?;
            let mut version = t.version;
            for tag in &tags {
                if !rel::remove_tag(c, id, tag)? {
                    let has = rel::tags(c, id)?;
                    return Err(Error::invalid(
                        format!("ticket #{id} has no tag '{tag}'"),
                        if has.is_empty() {
                            "it has no tags".to_string()
                        } else {
                            format!("its tags: {}", has.join(", "))
                        },
                    ));
                }
                let ev = Event::new("untag", "tags", Some(tag.clone()), None);
                version = touch(c, &s, id, version, ev)?;
            }
            tagged(c, id)
        })
    }

    /// The relations of a ticket.
    pub fn relations(&self, id: i64) -> Result<Relations> {
        st::get(self.store.conn(), id)?;
        Ok(Relations::from_links(
            id,
            rel::links_of(self.store.conn(), id)?,
        ))
    }

    /// Relates ticket `id` to `other`: `Parent` makes OTHER the parent of ID, `Child`
    /// makes OTHER a child of ID. Relating twice changes nothing.
    pub fn relate(
        &mut self,
        id: i64,
        other: i64,
        kind: RelationKind,
        expected: Option<i64>,
    ) -> Result<Relations> {
        if id == other {
            return Err(Error::invalid(
                format!("ticket #{id} cannot be related to itself"),
                "name two different tickets",
            ));
        }
        let s = self.stamp();
        self.store.write(|c| {
            let a = current(c, id, expected)?;
            let b = st::get(c, other)?;
            let (from, to, stored) = match kind {
                RelationKind::Related => (id.min(other), id.max(other), link::RELATED),
                RelationKind::Parent => (id, other, link::CHILD_OF),
                RelationKind::Child => (other, id, link::CHILD_OF),
            };
            if stored == link::CHILD_OF {
                check_parent_link(c, from, to)?;
            }
            if !rel::insert_link(c, from, to, stored, s.at)? {
                return relations_in(c, id);
            }
            let name = match kind {
                RelationKind::Related => "related",
                RelationKind::Parent => "parent",
                RelationKind::Child => "child",
            };
            let back = match kind {
                RelationKind::Related => "related",
                RelationKind::Parent => "child",
                RelationKind::Child => "parent",
            };
            for (t, field, o) in [(&a, name, other), (&b, back, id)] {
                touch(
                    c,
                    &s,
                    t.id,
                    t.version,
                    Event::set("relate", field, o.to_string()),
                )?;
            }
            relations_in(c, id)
        })
    }

    /// Removes the related or parent/child link between two tickets.
    pub fn unrelate(&mut self, id: i64, other: i64, expected: Option<i64>) -> Result<Relations> {
        let s = self.stamp();
        self.store.write(|c| {
            let a = current(c, id, expected)?;
            let b = st::get(c, other)?;
            let removed = rel::delete_links_between(c, id, other)?;
            if removed.is_empty() {
                return Err(Error::invalid(
                    format!("tickets #{id} and #{other} are not related"),
                    format!("see the relations with: aftercare ticket show {id}"),
                ));
            }
            for (t, o) in [(&a, other), (&b, id)] {
                let ev = Event::new("unrelate", "relation", Some(o.to_string()), None);
                touch(c, &s, t.id, t.version, ev)?;
            }
            relations_in(c, id)
        })
    }

    /// Merges ticket `dup` into `into`: moves its comments, attachments and mail thread,
    /// copies its tags, notes its description on `into`, and closes it (through the
    /// closed stage of its workflow, whatever stage it is in) with a pointer comment.
    pub fn merge_ticket(
        &mut self,
        dup: i64,
        into: i64,
        expected: Option<i64>,
    ) -> Result<MergeOutcome> {
        if dup == into {
            return Err(Error::invalid(
                format!("ticket #{dup} cannot be merged into itself"),
                "aftercare ticket merge DUPLICATE INTO",
            ));
        }
        let s = self.stamp();
        let now = s.at;
        let cfg = &self.config;
        self.store.write(|c| {
            let d = current(c, dup, expected)?;
            let t = st::get(c, into)?;
            if let Some(m) = rel::target_of(c, dup, link::DUPLICATE_OF)? {
                return Err(Error::invalid(
                    format!("ticket #{dup} was already merged into #{m}"),
                    "a ticket is merged once",
                ));
            }
            if let Some(m) = rel::target_of(c, into, link::DUPLICATE_OF)? {
                return Err(Error::invalid(
                    format!("ticket #{into} was itself merged into #{m}"),
                    format!("merge into #{m} instead"),
                ));
            }
            let moved = rel::move_content(c, dup, into)?;
            let note = format!("Merged from #{dup} “{}”\n\n{}", d.title, d.body);
            st::insert_comment(c, into, &s.actor, &CleanText::trimmed(&note), true, now)?;
            let back = CleanText::new(&format!("merged into #{into}"));
            st::insert_comment(c, dup, &s.actor, &back, true, now)?;
            rel::insert_link(c, dup, into, link::DUPLICATE_OF, now)?;
            let closed = cfg
                .workflow
                .flow_for(&d.ty)
                .stages
                .iter()
                .find(|x| x.kind == StageKind::Closed)
                .map(|x| x.id.clone())
                .unwrap_or_else(|| d.stage.clone());
            let u = TicketUpdate {
                stage: (closed != d.stage).then(|| closed.clone()),
                resolved_at: Some(Some(d.resolved_at.unwrap_or(now))),
                closed_at: Some(Some(d.closed_at.unwrap_or(now))),
                ..Default::default()
            };
            let mut events = Vec::new();
            if closed != d.stage {
                events.push(Event::new(
                    "move",
                    "stage",
                    Some(d.stage.clone()),
                    Some(closed),
                ));
            }
            events.push(Event::set("merge", "merged_into", into.to_string()));
            write::update(c, &s, dup, d.version, &u, events)?;
            touch(
                c,
                &s,
                into,
                t.version,
                Event::set("merge", "merged_from", dup.to_string()),
            )?;
            super::after_change::after_change(c, cfg, dup, &s, None)?;
            Ok(MergeOutcome {
                duplicate: st::get(c, dup)?,
                into: st::get(c, into)?,
                comments_moved: moved.comments,
                attachments_moved: moved.attachments,
                tags_copied: moved.tags,
            })
        })
    }
}

/// The relations of ticket `id`, read inside a caller's transaction.
fn relations_in(c: &Conn, id: i64) -> Result<Relations> {
    Ok(Relations::from_links(id, rel::links_of(c, id)?))
}

/// A ticket's tags and the ticket, read inside a caller's transaction.
fn tagged(c: &Conn, id: i64) -> Result<Tagged> {
    Ok(Tagged {
        tags: rel::tags(c, id)?,
        ticket: st::get(c, id)?,
    })
}

/// `child` may get `parent` as its parent: it has none yet, and no cycle forms.
fn check_parent_link(c: &Conn, child: i64, parent: i64) -> Result<()> {
    if let Some(p) = rel::target_of(c, child, link::CHILD_OF)? {
        if p == parent {
            return Ok(());
        }
        return Err(Error::invalid(
            format!("ticket #{child} already has a parent (#{p})"),
            format!("remove it first: aftercare ticket unrelate {child} {p}"),
        ));
    }
    let mut up = Some(parent);
    let mut steps = 0;
    while let Some(p) = up {
        if p == child {
            return Err(Error::invalid(
                format!("#{parent} is below #{child} already: that would make a cycle"),
                "a parent cannot also be a child of its own child",
            ));
        }
        steps += 1;
        if steps > 10_000 {
            break;
        }
        up = rel::target_of(c, p, link::CHILD_OF)?;
    }
    Ok(())
}
