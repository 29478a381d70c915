//! Arguments of the `mail` commands.

use clap::Subcommand;

/// Mail commands (configured by `[mail]`).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum MailCmd {
    /// Fetch new mail from [mail.imap] and the Maildir folders into tickets.
    Fetch,
    /// Send what is due in the outbox now.
    Send {
        /// At most this many messages.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
    },
    /// Messages waiting to go or failed, newest first (--all: every one).
    Outbox {
        /// Every message, sent ones too.
        #[arg(long, conflicts_with = "failed")]
        all: bool,
        /// Only failed messages.
        #[arg(long)]
        failed: bool,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Only messages with an id below this one (the next page).
        #[arg(long, value_name = "ID")]
        before: Option<i64>,
    },
    /// Queue a failed message again (it goes with the next `mail send`).
    Retry {
        /// Outbox message id.
        id: i64,
        /// Only if the message's version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
    /// Keep fetching and sending until stopped (IMAP IDLE where the server offers it,
    /// else every poll_seconds); one line per event.
    Watch,
}
