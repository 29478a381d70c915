//! How ticket fields read in the user's language: stages, types, priorities, the
//! SLA countdown.

use crate::app::panes::tickets::due_of;
use crate::app::Lang;
use crate::domain::ticket::{Channel, Priority};
use crate::domain::time::business_countdown;
use crate::domain::workflow::Workflow;
use crate::ops::TicketView;

/// The label of a stage in the ticket's flow.
pub fn stage_label<'a>(wf: &'a Workflow, ty: &str, stage: &'a str, lang: Lang) -> &'a str {
    wf.stage(ty, stage)
        .map(|st| st.label(lang.code()))
        .unwrap_or(stage)
}

/// The label of a ticket type.
pub fn type_label<'a>(wf: &'a Workflow, ty: &'a str, lang: Lang) -> &'a str {
    wf.ticket_type(ty)
        .map(|t| t.label(lang.code()))
        .unwrap_or(ty)
}

/// A channel as shown: its Chinese name in the Chinese interface.
pub fn channel_label(c: Channel, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.zh(),
        Lang::En => c.as_str(),
    }
}

/// A priority as shown.
pub fn priority_label(p: Priority, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => p.zh(),
        Lang::En => p.as_str(),
    }
}

/// The SLA cell: business time left until the next SLA limit (negative: overdue),
/// counted on the SLA calendar like the engine's own countdown, or blank.
pub fn sla_cell(v: &TicketView, s: &crate::app::State) -> String {
    due_of(v)
        .map(|d| business_countdown(s.calendar.business_secs_between(s.now, d)))
        .unwrap_or_default()
}
