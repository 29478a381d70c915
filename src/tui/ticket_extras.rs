//! Runs the Tickets-pane extras (customer view, visits, macros, canned replies,
//! tags, satisfaction) against the database through ops.

use crate::app::effect::Msg;
use crate::app::ticket_extras::{DetailInfo, ExtraEffect, ExtraMsg, ExtraNote};
use crate::error::Error;
use crate::ops::{Desk, VisitDue};

/// Return visits listed at most.
const VISITS_LIMIT: usize = 500;
/// The ticket type whose detail shows the customer-facing timeline.
const COMPLAINT: &str = "complaint";

/// Runs one effect.
pub fn run(desk: &mut Desk, e: ExtraEffect) -> Vec<Msg> {
    let r = match e {
        ExtraEffect::LoadCustomer { ticket } => {
            desk.ticket_customer(ticket).map(|v| ExtraMsg::Customer {
                ticket,
                view: v.map(Box::new),
            })
        }
        ExtraEffect::LoadVisits => desk
            .visits(VisitDue::Today, None, VISITS_LIMIT)
            .map(ExtraMsg::Visits),
        ExtraEffect::ApplyMacro {
            id,
            macro_id,
            expected,
        } => {
            let title = desk
                .macro_def(&macro_id)
                .map(|m| m.title.clone())
                .unwrap_or_default();
            desk.apply_macro(id, &macro_id, expected)
                .map(|t| done(desk, t, ExtraNote::MacroApplied { id, title }))
        }
        ExtraEffect::RenderReply { id, template } => desk
            .render_reply(id, &template)
            .map(|text| ExtraMsg::Reply { id, text }),
        ExtraEffect::Tag { id, tags, expected } => desk
            .tag_ticket(id, &tags, expected)
            .map(|r| done(desk, r.ticket, ExtraNote::Tagged { id, tags: r.tags })),
        ExtraEffect::Rate {
            id,
            score,
            expected,
        } => desk.rate(id, score, None, expected).and_then(|_| {
            let t = desk.ticket(id)?;
            Ok(done(desk, t, ExtraNote::Rated { id, score }))
        }),
    };
    vec![r.map(Msg::Extra).unwrap_or_else(failed)]
}

fn done(desk: &Desk, t: crate::domain::ticket::Ticket, note: ExtraNote) -> ExtraMsg {
    ExtraMsg::Done {
        after: Box::new(desk.ticket_view(t)),
        note,
    }
}

fn failed(e: Error) -> Msg {
    Msg::Failed {
        message: e.to_string(),
        hint: e.hint(),
    }
}

/// Everything the detail shows beyond the ticket itself; parts that fail are left out.
pub fn detail_info(desk: &Desk, id: i64) -> Msg {
    let ticket = desk.ticket(id).ok();
    let warranty = ticket.as_ref().and_then(|t| desk.warranty_for(t).ok());
    let complaint = ticket.as_ref().is_some_and(|t| t.ty == COMPLAINT);
    let info = DetailInfo {
        id,
        sla: desk.sla_status(id).ok(),
        warranty: warranty.as_ref().map(|w| w.status),
        product: warranty.and_then(|w| w.product).map(|p| match p.serial {
            Some(s) => format!("{} ({s})", p.model),
            None => p.model,
        }),
        tags: desk.ticket_tags(id).unwrap_or_default(),
        relations: desk.relations(id).unwrap_or_default(),
        progress: if complaint {
            desk.progress(id).unwrap_or_default()
        } else {
            Vec::new()
        },
        csat: desk.csat(id).ok().flatten(),
    };
    Msg::Extra(ExtraMsg::Info(Box::new(info)))
}
