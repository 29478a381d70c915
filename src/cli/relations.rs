//! `aftercare ticket tag|untag|tags|relate|unrelate|merge`, and what `ticket show`
//! and ticket JSON add: group, tags, warranty, relations, attachments.

use super::output::{self, short, ts};
use super::{Format, TicketCmd};
use crate::domain::relations::RelationKind;
use crate::error::{Error, Result};
use crate::ops::{Desk, Linked, Relations, TicketView};
use serde_json::{json, Value};

/// A ticket's JSON with its group, tags and warranty.
pub fn ticket_json(desk: &Desk, view: &TicketView) -> Result<Value> {
    let t = &view.ticket;
    let mut v = super::output::Record::json(view);
    let w = desk.warranty_for(t)?;
    v["group"] = json!(desk.ticket_group(t.id)?);
    v["tags"] = json!(desk.ticket_tags(t.id)?);
    v["warranty"] = json!(w.status.as_str());
    v["warranty_product"] = match &w.product {
        Some(p) => json!({
            "id": p.id,
            "model": p.model,
            "serial": p.serial,
            "warranty_end": p.warranty_end,
        }),
        None => Value::Null,
    };
    Ok(v)
}

fn linked_json(l: &Linked) -> Value {
    json!({"id": l.id, "title": l.title, "stage": l.stage})
}

fn relations_json(r: &Relations) -> Value {
    json!({
        "parent": r.parent.as_ref().map(linked_json),
        "children": r.children.iter().map(linked_json).collect::<Vec<_>>(),
        "related": r.related.iter().map(linked_json).collect::<Vec<_>>(),
        "duplicate_of": r.duplicate_of.as_ref().map(linked_json),
        "duplicates": r.duplicates.iter().map(linked_json).collect::<Vec<_>>(),
    })
}

/// Adds `relations` and `attachments` to a `ticket show` JSON document.
pub fn add_show_json(desk: &Desk, id: i64, v: &mut Value) -> Result<()> {
    v["relations"] = relations_json(&desk.relations(id)?);
    v["attachments"] = desk
        .attachments(id)?
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "comment_id": a.comment_id,
                "filename": a.filename,
                "size": a.size,
                "content_type": a.content_type,
                "created_at": ts(Some(a.created_at)),
            })
        })
        .collect();
    Ok(())
}

fn linked_text(l: &Linked) -> String {
    format!("#{} {} ({})", l.id, l.title, l.stage)
}

/// The lines `ticket show` prints after the ticket's fields: group, tags, warranty,
/// relations and attachments.
pub fn show_text(desk: &Desk, view: &TicketView) -> Result<String> {
    let t = &view.ticket;
    let mut rows: Vec<(&str, String)> = Vec::new();
    let group = desk.ticket_group(t.id)?;
    let label = group
        .as_deref()
        .and_then(|g| desk.config.routing.group(g))
        .map(|g| format!("{} ({})", g.id, g.label(&desk.config.ui.language)))
        .or(group);
    rows.push(("group", label.unwrap_or_default()));
    rows.push(("tags", desk.ticket_tags(t.id)?.join(", ")));
    let w = desk.warranty_for(t)?;
    let product = w
        .product
        .as_ref()
        .map(|p| {
            let serial = p
                .serial
                .as_deref()
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            let end = p
                .warranty_end
                .map(|e| format!(", until {e}"))
                .unwrap_or_default();
            format!(" — {}{serial}{end}", p.model)
        })
        .unwrap_or_default();
    rows.push(("warranty", format!("{}{product}", w.status.label())));
    let r = desk.relations(t.id)?;
    if let Some(p) = &r.parent {
        rows.push(("parent", linked_text(p)));
    }
    for c in &r.children {
        rows.push(("child", linked_text(c)));
    }
    for c in &r.related {
        rows.push(("related", linked_text(c)));
    }
    if let Some(d) = &r.duplicate_of {
        rows.push(("merged into", linked_text(d)));
    }
    for d in &r.duplicates {
        rows.push(("merged from", linked_text(d)));
    }
    for a in desk.attachments(t.id)? {
        rows.push(("attachment", format!("{} ({} bytes)", a.filename, a.size)));
    }
    let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&format!(
            "{}  {}\n",
            crate::domain::text::pad(k, w),
            crate::domain::text::one_line(&v)
        ));
    }
    Ok(out)
}

fn relations_text(id: i64, r: &Relations) -> String {
    if r.is_empty() {
        return format!("ticket #{id} has no relations\n");
    }
    let mut out = format!("ticket #{id}\n");
    let mut line = |k: &str, l: &Linked| out.push_str(&format!("  {k}: {}\n", linked_text(l)));
    if let Some(p) = &r.parent {
        line("parent", p);
    }
    for c in &r.children {
        line("child", c);
    }
    for c in &r.related {
        line("related", c);
    }
    if let Some(d) = &r.duplicate_of {
        line("merged into", d);
    }
    for d in &r.duplicates {
        line("merged from", d);
    }
    out
}

/// Runs the tag, relation and merge commands of `ticket`.
pub fn run(desk: &mut Desk, cmd: &TicketCmd, f: Format) -> Result<()> {
    match cmd {
        TicketCmd::Tag(a) | TicketCmd::Untag(a) => {
            let done = if matches!(cmd, TicketCmd::Tag(_)) {
                desk.tag_ticket(a.id, &a.tags, a.guard.if_version)?
            } else {
                desk.untag_ticket(a.id, &a.tags, a.guard.if_version)?
            };
            // The version this change wrote, not a later re-read.
            let (tags, version) = (done.tags, done.ticket.version);
            match f {
                Format::Json => {
                    output::json(&json!({"id": a.id, "tags": tags, "version": version}))
                }
                Format::Csv => output::csv(&["id", "tags"], [[a.id.to_string(), tags.join(",")]]),
                _ => output::emit(&format!(
                    "ticket #{} tags: {} (version {version})\n",
                    a.id,
                    if tags.is_empty() {
                        "none".to_string()
                    } else {
                        tags.join(", ")
                    }
                )),
            }
        }
        TicketCmd::Tags => {
            let tags = desk.all_tags()?;
            match f {
                Format::Json => output::json(&Value::Array(
                    tags.iter()
                        .map(|(t, n)| json!({"tag": t, "tickets": n}))
                        .collect(),
                )),
                _ => {
                    let rows: Vec<Vec<String>> = tags
                        .iter()
                        .map(|(t, n)| vec![t.clone(), n.to_string()])
                        .collect();
                    if f == Format::Csv {
                        output::csv(&["tag", "tickets"], &rows)
                    } else {
                        output::emit(&output::table(&["tag", "tickets"], &rows))
                    }
                }
            }
        }
        TicketCmd::Relate(a) => {
            let kind = RelationKind::parse(&a.kind).ok_or_else(|| {
                Error::invalid(
                    format!("unknown relation '{}'", a.kind),
                    "use --as related, parent (OTHER becomes ID's parent) or child",
                )
            })?;
            let r = desk.relate(a.id, a.other, kind, a.guard.if_version)?;
            relations_out(a.id, &r, f)
        }
        TicketCmd::Unrelate(a) => {
            let r = desk.unrelate(a.id, a.other, a.guard.if_version)?;
            relations_out(a.id, &r, f)
        }
        TicketCmd::Merge(a) => {
            let m = desk.merge_ticket(a.duplicate, a.into, a.guard.if_version)?;
            match f {
                Format::Json => output::json(&json!({
                    "duplicate": m.duplicate.id,
                    "into": m.into.id,
                    "duplicate_stage": m.duplicate.stage,
                    "comments_moved": m.comments_moved,
                    "attachments_moved": m.attachments_moved,
                    "tags_copied": m.tags_copied,
                    "version": m.duplicate.version,
                    "into_version": m.into.version,
                })),
                Format::Csv => output::csv(
                    &["duplicate", "into", "comments_moved", "attachments_moved"],
                    [[
                        m.duplicate.id,
                        m.into.id,
                        m.comments_moved as i64,
                        m.attachments_moved as i64,
                    ]
                    .map(|n| n.to_string())],
                ),
                _ => output::emit(&format!(
                    "ticket #{} merged into #{} ({} comments moved, now {}) at {}\n",
                    m.duplicate.id,
                    m.into.id,
                    m.comments_moved,
                    m.duplicate.stage,
                    short(m.duplicate.closed_at)
                )),
            }
        }
        _ => Err(Error::msg("not a relation command")),
    }
}

fn relations_out(id: i64, r: &Relations, f: Format) -> Result<()> {
    match f {
        Format::Json => {
            let mut v = relations_json(r);
            v["id"] = json!(id);
            output::json(&v)
        }
        _ => output::emit(&relations_text(id, r)),
    }
}
