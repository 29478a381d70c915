//! Which changes tell the customer something, and the preview shown before they go:
//! a reply, a move or type change into a stage with a customer update, a macro that
//! replies or moves. Undo cannot call back what a customer was told, so these ask.

use super::state::TicketsState;
use crate::app::chrome::{Confirm, ConfirmKind, Overlay};
use crate::app::ctx::Ctx;
use crate::app::msg::{Change, TicketsFx, Write};
use crate::app::outcome::Outcome;
use crate::domain::service::{fill, Fill, Macro, StageUpdate};
use crate::domain::ticket::Ticket;

/// The stage ticket `t` enters by `change` and the update it sends there, if any.
fn update_of<'a>(
    s: &'a TicketsState,
    ctx: &Ctx,
    t: &Ticket,
    change: &Change,
) -> Option<(String, &'a StageUpdate)> {
    let (flow, stage) = match change {
        Change::Move(stage) if *stage != t.stage => (ctx.workflow.flow_for(&t.ty), stage.clone()),
        Change::Type(ty) if *ty != t.ty => {
            let flow = ctx.workflow.flow_for(ty);
            // A new flow keeps the stage when it has it, else starts at its first.
            if flow.stage(&t.stage).is_some() {
                return None;
            }
            (flow, flow.initial.clone())
        }
        _ => return None,
    };
    let update = s.updates.get(&flow.id)?.get(&stage)?;
    Some((stage, update))
}

/// The update's text as ticket `t`'s customer reads it (their language).
fn update_text(ctx: &Ctx, t: &Ticket, flow_ty: &str, stage: &str, u: &StageUpdate) -> String {
    let lang = crate::domain::mail::language_of(&format!("{} {}", t.title, t.body));
    let (own, other) = if lang == "zh" {
        (&u.zh, &u.en)
    } else {
        (&u.en, &u.zh)
    };
    let text = if own.trim().is_empty() { other } else { own };
    let label = ctx
        .workflow
        .stage(flow_ty, stage)
        .map(|st| st.label(lang).to_string())
        .unwrap_or_else(|| stage.to_string());
    let (no_customer, no_assignee) = if lang == "zh" {
        ("客户", "待定")
    } else {
        ("customer", "to be assigned")
    };
    fill(
        text,
        &Fill {
            stage: &label,
            ..Fill::of(t, ctx.actor, no_customer, no_assignee)
        },
    )
}

/// The preview of a batch of writes whose changes send a stage update, if one does.
pub fn writes(
    s: &TicketsState,
    ctx: &Ctx,
    targets: &[Ticket],
    writes: &[Write],
) -> Option<Confirm> {
    let (t, stage, u, ty) = writes.iter().find_map(|w| {
        let t = targets.iter().find(|t| t.id == w.id)?;
        let (stage, u) = update_of(s, ctx, t, &w.change)?;
        let ty = match &w.change {
            Change::Type(ty) => ty.clone(),
            _ => t.ty.clone(),
        };
        Some((t, stage, u, ty))
    })?;
    let label = ctx
        .workflow
        .stage(&ty, &stage)
        .map(|st| st.label(ctx.lang.code()).to_string())
        .unwrap_or_else(|| stage.clone());
    Some(Confirm {
        kind: ConfirmKind::Update { stage: label },
        id: t.id,
        n: writes.len(),
        text: update_text(ctx, t, &ty, &stage, u),
        send: TicketsFx::Write {
            writes: writes.to_vec(),
            why: crate::app::msg::Why::User,
        },
    })
}

/// The preview of macro `m` on ticket `t`, when it replies or moves into a stage
/// with an update.
pub fn macro_of(
    s: &TicketsState,
    ctx: &Ctx,
    t: &Ticket,
    m: &Macro,
    send: TicketsFx,
) -> Option<Confirm> {
    let lang = crate::domain::mail::language_of(&format!("{} {}", t.title, t.body));
    let mut parts = Vec::new();
    if let Some(stage) = &m.stage {
        if let Some((stage, u)) = update_of(s, ctx, t, &Change::Move(stage.clone())) {
            parts.push(update_text(ctx, t, &t.ty, &stage, u));
        }
    }
    if let Some(r) = m
        .reply
        .as_deref()
        .and_then(|id| s.replies.iter().find(|r| r.id == id))
    {
        let (no_customer, no_assignee) = if lang == "zh" {
            ("客户", "待定")
        } else {
            ("customer", "to be assigned")
        };
        parts.push(fill(
            r.text_in(lang),
            &Fill::of(t, ctx.actor, no_customer, no_assignee),
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Confirm {
        kind: ConfirmKind::Macro {
            title: m.title.clone(),
        },
        id: t.id,
        n: 1,
        text: parts.join("\n\n"),
        send,
    })
}

/// Runs `send` at once, or first shows `preview` when there is one.
pub fn ask_or_run(preview: Option<Confirm>, send: TicketsFx) -> Outcome {
    match preview {
        Some(c) => Outcome::dialog(Overlay::Confirm(Box::new(c))),
        None => Outcome::effect(send),
    }
}
