//! Arguments of `time`, `report`, `sla`, `csat`, `visit`, `macro` and `reply`.

use clap::{Args, Subcommand, ValueEnum};

/// Time-tracking commands; the acting user (--actor) is the agent.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TimeCmd {
    /// Start your timer on a ticket or task (a running timer is stopped and logged first).
    Start {
        /// ticket or task.
        #[arg(value_enum)]
        kind: WorkKindArg,
        /// Its id.
        id: i64,
        /// A note for the entry.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
    },
    /// Stop your timer and log the time.
    Stop,
    /// Your running timer (everyone's with --all).
    Status {
        /// Every agent's running timer.
        #[arg(long)]
        all: bool,
    },
    /// Log time on a ticket or task, ending now.
    Log {
        /// ticket or task.
        #[arg(value_enum)]
        kind: WorkKindArg,
        /// Its id.
        id: i64,
        /// Minutes worked.
        #[arg(long)]
        minutes: i64,
        /// What was done.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
    },
    /// Logged time, newest first.
    List {
        /// Only this agent (name or id).
        #[arg(long)]
        agent: Option<String>,
        /// From this day (YYYY-MM-DD, `today`, or back from now: 7d, 2w).
        #[arg(long)]
        since: Option<String>,
        /// Up to this day, included.
        #[arg(long)]
        until: Option<String>,
        /// At most this many entries.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Change an entry's minutes or note.
    Edit {
        /// Entry id (see `time list`).
        id: i64,
        /// New number of minutes.
        #[arg(long)]
        minutes: Option<i64>,
        /// New note.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        /// Only change the entry if its version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
}

/// What time is logged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WorkKindArg {
    Ticket,
    Task,
}

/// Reports.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ReportCmd {
    /// Time logged per agent, customer or project.
    Time(ReportTimeArgs),
    /// Per agent and for the team: tickets received and handled, resolution rate,
    /// mean first response and resolution, time logged (default: the last 30 days).
    Agents(ReportPeriodArgs),
    /// First response and resolution met or breached, by priority and type (tickets
    /// created in the period).
    Sla(ReportPeriodArgs),
    /// Tickets by type, channel, priority and day, and the top problem categories.
    Volume(ReportPeriodArgs),
    /// Satisfaction: response rate, mean and score counts, overall, by type and agent.
    Csat(ReportPeriodArgs),
    /// Where tickets wait: time in each stage (mean, 90th percentile), and how many are there now.
    Stages(ReportPeriodArgs),
    /// The service at a glance: tiles, volume and backlog, SLA per week, arrivals by
    /// hour and weekday, stage waits, top categories, satisfaction and agents; every
    /// count with the filter that lists its tickets. `--format html --out FILE`
    /// writes one self-contained page with charts.
    Dashboard(ReportDashboardArgs),
}

// `report dashboard`
#[derive(Debug, Args)]
pub struct ReportDashboardArgs {
    /// The last N days, today included (default 30).
    #[arg(long, value_name = "N", conflicts_with = "since")]
    pub days: Option<i64>,
    /// From this day (YYYY-MM-DD, `today`, or back from today: 30d, 4w).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this day, included (default today).
    #[arg(long)]
    pub until: Option<String>,
    /// Only tickets routed to this group (`none`: without a group).
    #[arg(long)]
    pub group: Option<String>,
    /// Only tickets of this type.
    #[arg(long = "type", value_name = "TYPE")]
    pub ty: Option<String>,
    /// Only tickets from this channel.
    #[arg(long)]
    pub channel: Option<String>,
    /// Write to this new file (created 0600; an existing file is left alone).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

// A report's period.
#[derive(Debug, Args)]
pub struct ReportPeriodArgs {
    /// From this day (YYYY-MM-DD, `today`, or back from now: 7d, 2w).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this day, included.
    #[arg(long)]
    pub until: Option<String>,
}

// `report time`
#[derive(Debug, Args)]
pub struct ReportTimeArgs {
    /// Group by agent, customer or project.
    #[arg(long, value_enum, default_value_t = TimeBy::Agent)]
    pub by: TimeBy,
    /// From this day (YYYY-MM-DD, `today`, or back from now: 7d, 2w).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this day, included.
    #[arg(long)]
    pub until: Option<String>,
}

/// How `report time` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimeBy {
    Agent,
    Customer,
    Project,
}

/// `sla` commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SlaCmd {
    /// A ticket's clocks, stage limit, pauses, escalations and the reason in one line.
    Status {
        /// Ticket id.
        id: i64,
    },
    /// Open tickets in the order they will breach (overdue first), with the reason.
    Next {
        /// At most this many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Apply the [[sla.escalations]] rules (each fires once per ticket and occasion).
    Escalate {
        /// Show what would happen, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Recompute the stored due times of every ticket (after an import or a change of
    /// targets, hours or holidays).
    Recompute,
}

/// `csat` commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum CsatCmd {
    /// Resolved or closed tickets without a satisfaction score, newest first.
    Due {
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Send the satisfaction survey ([mail] survey) to a solved ticket's customer; a
    /// reply starting with a score 1-5 records it.
    Ask {
        /// Ticket id.
        id: i64,
        /// Only if the ticket's version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
}

/// `visit` commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum VisitCmd {
    /// Schedule a return visit for a ticket.
    Schedule {
        /// Ticket id.
        ticket_id: i64,
        /// The day: YYYY-MM-DD, today, tomorrow, or days ahead (7d).
        #[arg(long)]
        on: String,
        /// Who calls (default: the ticket's assignee).
        #[arg(long)]
        assignee: Option<String>,
        /// What to ask or check.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
    },
    /// List return visits.
    List {
        /// today, overdue, open (not done) or all.
        #[arg(long, default_value = "today")]
        due: String,
        /// Only this agent's.
        #[arg(long)]
        assignee: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Mark a return visit done.
    Done {
        /// Visit id.
        id: i64,
        /// What the customer said.
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        /// Only if the visit's version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
}

/// `macro` commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum MacroCmd {
    /// The macros of the config, with their suggested keys.
    List,
}

/// `reply` commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ReplyCmd {
    /// The canned replies of the config.
    List,
    /// One canned reply; with --ticket, filled in for that ticket.
    Show {
        /// Reply id.
        id: String,
        /// Fill the placeholders for this ticket.
        #[arg(long)]
        ticket: Option<i64>,
    },
}
