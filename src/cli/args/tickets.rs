//! Arguments of the `ticket` commands.

use clap::{Args, Subcommand};

/// Ticket commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TicketCmd {
    /// Create a ticket; prints its id (or the record with --format json).
    New(TicketNew),
    /// List tickets, newest first, filtered.
    List(TicketList),
    /// Show one ticket with its comments.
    Show {
        /// Ticket id.
        id: i64,
    },
    /// Move a ticket to another stage of its workflow.
    Move {
        /// Ticket id.
        id: i64,
        /// Target stage id (see `aftercare config check` for the workflow).
        stage: String,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Assign a ticket to an agent (`none` unassigns), or with --auto to the best match.
    Assign {
        /// Ticket id.
        id: i64,
        /// Agent name or id, or `none`.
        #[arg(required_unless_present = "auto", conflicts_with = "auto")]
        agent: Option<String>,
        /// Pick the agent: by skill, load and availability (see `agent rank ID`), or
        /// by turns in a round-robin group ([team] round_robin).
        #[arg(long)]
        auto: bool,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Add a reply to the customer, or an internal note with --internal.
    Comment {
        /// Ticket id.
        id: i64,
        /// The text (optional with --article).
        #[arg(required_unless_present = "article", allow_hyphen_values = true)]
        text: Option<String>,
        /// Insert this knowledge-base article into the reply (and link it to the ticket).
        #[arg(long, value_name = "ARTICLE_ID")]
        article: Option<i64>,
        /// An internal note, not visible to the customer.
        #[arg(long)]
        internal: bool,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Link a knowledge-base article to a ticket (counts toward the tickets it solved).
    LinkArticle {
        /// Ticket id.
        id: i64,
        /// Article id.
        article: i64,
    },
    /// Remove the link between a ticket and an article.
    UnlinkArticle {
        /// Ticket id.
        id: i64,
        /// Article id.
        article: i64,
    },
    /// Change a ticket's title, body, priority, type or channel.
    Edit(TicketEdit),
    /// Add tags to a ticket.
    Tag(TicketTagArgs),
    /// Remove tags from a ticket.
    Untag(TicketTagArgs),
    /// The tags in use, with their ticket counts.
    Tags,
    /// Relate two tickets: related, or OTHER as ID's parent or child.
    Relate(TicketRelateArgs),
    /// Remove the related or parent/child link between two tickets.
    Unrelate(TicketUnrelateArgs),
    /// Merge a duplicate into another ticket: moves its comments, closes it.
    Merge(TicketMergeArgs),
    /// The audit trail of one ticket.
    History {
        /// Ticket id.
        id: i64,
    },
    /// Record the customer's satisfaction (1–5) with a resolved or closed ticket.
    Csat {
        /// Ticket id.
        id: i64,
        /// 1 (very dissatisfied) to 5 (very satisfied).
        #[arg(allow_negative_numbers = true)]
        score: i64,
        /// What the customer said.
        #[arg(long, allow_hyphen_values = true)]
        comment: Option<String>,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// What the customer has been told, step by step (every customer-visible message).
    Progress {
        /// Ticket id.
        id: i64,
    },
    /// Send the customer a reply: a text, or a canned reply with --template.
    Reply {
        /// Ticket id.
        id: i64,
        /// The text (leave out with --template).
        #[arg(allow_hyphen_values = true)]
        text: Option<String>,
        /// A canned reply from the config (`aftercare reply list`); placeholders are filled.
        #[arg(long)]
        template: Option<String>,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Apply a macro from the config: stage, priority, assignee and reply in one step.
    Macro {
        /// Ticket id.
        id: i64,
        /// Macro id or its key (`aftercare macro list`).
        #[arg(value_name = "MACRO")]
        name: String,
        #[command(flatten)]
        guard: IfVersion,
    },
}

// `--if-version V`: refuse when the record has moved on (like HTTP If-Match).
#[derive(Debug, Args)]
pub struct IfVersion {
    /// Only change the ticket if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

// `ticket new`
#[derive(Debug, Args)]
pub struct TicketNew {
    /// Short summary.
    #[arg(long, allow_hyphen_values = true)]
    pub title: String,
    /// Full description.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub body: String,
    /// Customer: id, email, name, or a unique part of a name, organisation, email or
    /// phone (several matches are listed; nothing matching is an error).
    #[arg(long)]
    pub customer: Option<String>,
    /// Create the customer named by --customer when none matches.
    #[arg(long, requires = "customer")]
    pub new_customer: bool,
    /// phone, email, chat, social, web or other.
    #[arg(long)]
    pub channel: Option<String>,
    /// Ticket type from the workflow config (technical, complaint …).
    #[arg(long = "type", value_name = "TYPE")]
    pub ty: Option<String>,
    /// low, normal, high or urgent.
    #[arg(long)]
    pub priority: Option<String>,
    /// Agent name or id.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Tags (repeat, or comma-separated); rules in [routing] may use them.
    #[arg(long = "tag", value_delimiter = ',')]
    pub tags: Vec<String>,
}

// `ticket list`
#[derive(Debug, Args)]
pub struct TicketList {
    /// Only this stage (comma-separated for several).
    #[arg(long)]
    pub stage: Option<String>,
    /// Only this agent (`me`, `none`, or a name).
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only this type.
    #[arg(long = "type", value_name = "TYPE")]
    pub ty: Option<String>,
    /// Only this priority.
    #[arg(long)]
    pub priority: Option<String>,
    /// Only customers whose name contains this.
    #[arg(long)]
    pub customer: Option<String>,
    /// A filter in the filter language, e.g. 'priority:>=high is:open 退款' or
    /// '-stage:closed' (a leading - negates; such a value is taken as the filter).
    #[arg(long, short, allow_hyphen_values = true)]
    pub query: Option<String>,
    /// At most this many tickets.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Sort by id, due, priority, created, updated, stage, type, customer, assignee, title, channel.
    #[arg(long, default_value = "id")]
    pub sort: String,
    /// Ascending order (default: descending, newest first).
    #[arg(long)]
    pub asc: bool,
    /// Only tickets numbered above ID, oldest first (what arrived since a script
    /// last looked; the console's live queue asks the same).
    #[arg(long, value_name = "ID", conflicts_with_all = ["sort", "asc"])]
    pub after: Option<i64>,
}

// `ticket edit`
#[derive(Debug, Args)]
pub struct TicketEdit {
    /// Ticket id.
    pub id: i64,
    /// New title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: Option<String>,
    /// New body.
    #[arg(long, allow_hyphen_values = true)]
    pub body: Option<String>,
    /// New priority.
    #[arg(long)]
    pub priority: Option<String>,
    /// New type (moves the ticket to the new flow's first stage if needed).
    #[arg(long = "type", value_name = "TYPE")]
    pub ty: Option<String>,
    /// New channel.
    #[arg(long)]
    pub channel: Option<String>,
    #[command(flatten)]
    pub guard: IfVersion,
}

// `ticket tag|untag ID TAG…`
#[derive(Debug, Args)]
pub struct TicketTagArgs {
    /// Ticket id.
    pub id: i64,
    /// Tags (one word each, e.g. vip, 退款).
    #[arg(required = true)]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub guard: IfVersion,
}

// `ticket relate ID OTHER --as KIND`
#[derive(Debug, Args)]
pub struct TicketRelateArgs {
    /// Ticket id.
    pub id: i64,
    /// The other ticket.
    pub other: i64,
    /// related, parent (OTHER becomes ID's parent) or child (OTHER becomes ID's child).
    #[arg(long = "as", value_name = "KIND", default_value = "related")]
    pub kind: String,
    #[command(flatten)]
    pub guard: IfVersion,
}

// `ticket unrelate ID OTHER`
#[derive(Debug, Args)]
pub struct TicketUnrelateArgs {
    /// Ticket id.
    pub id: i64,
    /// The other ticket.
    pub other: i64,
    #[command(flatten)]
    pub guard: IfVersion,
}

// `ticket merge DUPLICATE INTO`
#[derive(Debug, Args)]
pub struct TicketMergeArgs {
    /// The duplicate: its comments move, it is closed with a pointer.
    pub duplicate: i64,
    /// The ticket that stays.
    pub into: i64,
    /// Only merge if the duplicate's version is still V.
    #[command(flatten)]
    pub guard: IfVersion,
}
