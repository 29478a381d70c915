//! What one import run writes with, and what importing one message came to: shared
//! by the importer (intake.rs) and the mail paths that import (mail/inbound, fetch,
//! send).

/// The settings one import run writes with.
pub(crate) struct Ctx<'a> {
    pub desk_now: i64,
    pub actor: &'a str,
    pub config: &'a crate::config::Config,
}

/// What importing one message did.
pub(crate) enum Outcome {
    Ticket(i64),
    Reply,
    Duplicate,
    /// A delivery report about our mail (the message marked failed, noted on its ticket).
    Bounce,
    /// Not imported, for this reason (mail from our own address).
    Ignored(&'static str),
}
