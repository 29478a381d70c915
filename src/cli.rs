//! The command line: clap types only. `cli/` turns each command into calls of `ops`.

mod agent;
mod config_cmd;
mod customers;
mod db;
mod dispatch;
mod intake;
mod knowledge;
mod output;
mod people;
mod playbook;
mod project;
mod projects;
mod relations;
mod report;
mod report_agents;
mod report_service;
mod risk;
mod search;
mod service;
mod task;
mod tickets;
mod time;

pub use dispatch::run;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// aftercare — terminal helpdesk and project console for after-sales and support teams.
///
/// With no command, opens the full-screen console.
#[derive(Debug, Parser)]
#[command(name = "aftercare", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The SQLite database file (created if missing).
    #[arg(long, global = true, env = "AFTERCARE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The TOML configuration file (built-in defaults if missing).
    #[arg(long, global = true, env = "AFTERCARE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Who is acting; recorded with every change (default: the OS user name).
    #[arg(long, global = true, env = "AFTERCARE_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
    /// Output format of commands that print records.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document (an array for lists, an object for one record).
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Markdown text (reports); other commands print it like table.
    Md,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty database with realistic bilingual sample data.
    Demo {
        /// How many tickets to create.
        #[arg(long, default_value_t = 5000)]
        tickets: u64,
        /// Seed for the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Create, list, show, move, assign and comment on tickets.
    #[command(subcommand)]
    Ticket(TicketCmd),
    /// Customers: who they are, what they bought, their tickets.
    #[command(subcommand)]
    Customer(CustomerCmd),
    /// Support agents.
    #[command(subcommand)]
    Agent(AgentCmd),
    /// Customer projects.
    #[command(subcommand)]
    Project(ProjectCmd),
    /// Knowledge-base articles.
    #[command(subcommand)]
    Kb(KbCmd),
    /// Project tasks (work packages): plan, move, progress, dependencies.
    #[command(subcommand)]
    Task(TaskCmd),
    /// Project milestones.
    #[command(subcommand)]
    Milestone(MilestoneCmd),
    /// Project risk registers.
    #[command(subcommand)]
    Risk(RiskCmd),
    /// Check or print the configuration.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Database information, checks and backups.
    #[command(subcommand)]
    Db(DbCmd),
    /// Track time on tickets and tasks: timers and logged entries.
    #[command(subcommand)]
    Time(TimeCmd),
    /// Reports: time logged, agent performance.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Search tickets, customers, articles and projects (Chinese inside longer words too).
    Search(SearchArgs),
    /// Emergency plans (应急预案): start a playbook as a checklist, follow its steps.
    #[command(subcommand)]
    Playbook(PlaybookCmd),
    /// Import mail (eml, mbox, Maildir) or tickets (CSV, JSON), or load an export.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export every table: one JSON document, or one CSV file per table.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Route a ticket to a group again by the [routing] rules of the config.
    Route {
        /// Ticket id.
        id: i64,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Service levels: a ticket's clocks and why, what breaches next, escalations.
    #[command(subcommand)]
    Sla(SlaCmd),
    /// Satisfaction surveys (满意度): the solved tickets still to ask.
    #[command(subcommand)]
    Csat(CsatCmd),
    /// Return visits (回访): schedule, list, mark done.
    #[command(subcommand)]
    Visit(VisitCmd),
    /// Macros from the config: several changes and a reply in one step.
    #[command(subcommand)]
    Macro(MacroCmd),
    /// Canned replies from the config.
    #[command(subcommand)]
    Reply(ReplyCmd),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Ticket commands.
#[derive(Debug, Subcommand)]
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
        #[arg(required_unless_present = "article")]
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
        #[arg(long)]
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

/// `--if-version V`: refuse when the record has moved on (like HTTP If-Match).
#[derive(Debug, Args)]
pub struct IfVersion {
    /// Only change the ticket if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

/// `ticket new`
#[derive(Debug, Args)]
pub struct TicketNew {
    /// Short summary.
    #[arg(long)]
    pub title: String,
    /// Full description.
    #[arg(long, default_value = "")]
    pub body: String,
    /// Customer id, email or name (a new name creates the customer).
    #[arg(long)]
    pub customer: Option<String>,
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

/// `ticket list`
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
    /// A filter in the filter language, e.g. 'priority:>=high is:open 退款'.
    #[arg(long, short)]
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
}

/// `ticket edit`
#[derive(Debug, Args)]
pub struct TicketEdit {
    /// Ticket id.
    pub id: i64,
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// New body.
    #[arg(long)]
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

/// Customer commands.
#[derive(Debug, Subcommand)]
pub enum CustomerCmd {
    /// Create a customer.
    New(CustomerNew),
    /// Change a customer's name or contact data ("" clears a field).
    Edit(CustomerEditArgs),
    /// Products a customer bought, with their warranty.
    #[command(subcommand)]
    Product(ProductCmd),
    /// List customers.
    List {
        /// Only customers whose name, organisation or email contains this.
        #[arg(long, short)]
        query: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Show a customer with products and recent tickets.
    Show {
        /// Customer id, email or name.
        customer: String,
    },
}

/// `customer new`
#[derive(Debug, Args)]
pub struct CustomerNew {
    /// Name of the person or company.
    #[arg(long)]
    pub name: String,
    /// Organisation.
    #[arg(long)]
    pub org: Option<String>,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number.
    #[arg(long)]
    pub phone: Option<String>,
    /// Chat handle (WeChat, QQ, Slack …).
    #[arg(long)]
    pub chat: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
}

/// Agent commands.
#[derive(Debug, Subcommand)]
pub enum AgentCmd {
    /// Create an agent.
    New(AgentNew),
    /// List agents with their open ticket load.
    List,
    /// Show an agent: skills, capacity, load, time this week, out of office.
    Show {
        /// Agent name or id.
        agent: String,
    },
    /// Change an agent's email, groups, skills, capacity, working days, out of office.
    Edit(AgentEditArgs),
    /// Per agent: open tickets, weighted load, SLA pressure, tasks due, a per-day heatmap.
    Workload {
        /// How many weeks from today to show.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=52))]
        weeks: u32,
    },
    /// Agents ranked for a ticket by skill match, load and availability, with reasons.
    Rank {
        /// Ticket id.
        ticket: i64,
    },
    /// The change history of an agent.
    History {
        /// Agent name or id.
        agent: String,
    },
}

/// `agent new`
#[derive(Debug, Args)]
pub struct AgentNew {
    /// The agent's name (or use --name).
    #[arg(value_name = "NAME", required_unless_present = "name")]
    pub positional: Option<String>,
    /// The agent's name.
    #[arg(long, conflicts_with = "positional")]
    pub name: Option<String>,
    /// Email address.
    #[arg(long)]
    pub email: Option<String>,
    /// Groups, comma-separated (technical, logistics, sales …).
    #[arg(long, value_delimiter = ',')]
    pub groups: Vec<String>,
    /// Skills, comma-separated, optionally with a level: printer:4,invoice:2.
    #[arg(long, value_delimiter = ',')]
    pub skills: Vec<String>,
    /// Working hours per week.
    #[arg(long)]
    pub capacity: Option<f64>,
}

/// Project commands.
#[derive(Debug, Subcommand)]
pub enum ProjectCmd {
    /// Create a project.
    New(ProjectNew),
    /// List projects.
    List,
    /// Show a project with milestones, tasks and risks.
    Show {
        /// Project id.
        id: i64,
    },
    /// A status report (--kind milestones: milestone report, --kind risks: risk notice);
    /// Markdown as text (--format md), or JSON.
    Report(ProjectReportArgs),
    /// Print the Gantt timeline (tasks, milestones, critical path, today).
    Gantt {
        /// Project id.
        id: i64,
        /// day, week or month.
        #[arg(long, default_value = "week")]
        zoom: String,
        /// Total width in columns.
        #[arg(long, default_value_t = 100)]
        width: usize,
        /// First date shown, YYYY-MM-DD (default: just before the first task).
        #[arg(long)]
        from: Option<String>,
    },
    /// Change a project's name, status (planning, active, on_hold), owner, goal or due date.
    Edit(ProjectEditArgs),
    /// Record the customer's acceptance; the project becomes accepted.
    Accept {
        /// Project id.
        id: i64,
        /// Who accepted, on the customer's side.
        #[arg(long)]
        by: String,
        /// What they said.
        #[arg(long, default_value = "")]
        notes: String,
        #[command(flatten)]
        guard: Guard,
    },
    /// Close an accepted project with its retrospective (--publish: also as a KB article).
    Close(ProjectCloseArgs),
    /// Link a ticket to a project (--remove unlinks it).
    LinkTicket {
        /// Project id.
        id: i64,
        /// Ticket id.
        ticket: i64,
        /// Unlink instead.
        #[arg(long)]
        remove: bool,
    },
    /// The issue log.
    #[command(subcommand)]
    Issue(IssueCmd),
    /// Documents kept with a project (plans, reports, minutes, customer feedback).
    #[command(subcommand)]
    Doc(DocCmd),
}

/// `project new`
#[derive(Debug, Args)]
pub struct ProjectNew {
    /// Project name.
    #[arg(long)]
    pub name: String,
    /// Customer id, email or name.
    #[arg(long)]
    pub customer: Option<String>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// The goal, e.g. "upgrade the ERP system within three months".
    #[arg(long)]
    pub goal: Option<String>,
    /// How the goal is measured, e.g. "response time".
    #[arg(long)]
    pub metric: Option<String>,
    /// Target value of the metric, e.g. "+20%".
    #[arg(long, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[arg(long)]
    pub due: Option<String>,
}

/// Knowledge-base commands.
#[derive(Debug, Subcommand)]
pub enum KbCmd {
    /// Create an article (body from --body, --file, or $EDITOR).
    New(KbNew),
    /// List articles (with --stale: those past their review date).
    List {
        /// Only this category (and its sub-categories, written `category/sub`).
        #[arg(long)]
        category: Option<String>,
        /// Only this status: draft, published or archived.
        #[arg(long)]
        status: Option<String>,
        /// Only articles past their review date.
        #[arg(long)]
        stale: bool,
    },
    /// Show one article.
    Show {
        /// Article id.
        id: i64,
    },
    /// Edit an article in $EDITOR (or replace fields with flags).
    Edit(KbEdit),
    /// Archive an article (kept, but no longer suggested).
    Archive {
        /// Article id.
        id: i64,
    },
    /// Articles that may answer a ticket, best first.
    Suggest {
        /// Ticket id.
        ticket: i64,
        /// At most this many.
        #[arg(long, default_value_t = 5)]
        limit: usize,
    },
    /// Categories with their article counts.
    Categories,
}

/// `kb new`
#[derive(Debug, Args)]
pub struct KbNew {
    /// Title.
    #[arg(long)]
    pub title: String,
    /// Category (技术支持, 售后服务 …).
    #[arg(long, default_value = "general")]
    pub category: String,
    /// Body text (Markdown).
    #[arg(long)]
    pub body: Option<String>,
    /// Read the body from this file.
    #[arg(long, conflicts_with = "body")]
    pub file: Option<PathBuf>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// draft, published or archived.
    #[arg(long)]
    pub status: Option<String>,
    /// Review by this date, YYYY-MM-DD.
    #[arg(long)]
    pub review_by: Option<String>,
}

/// `kb edit`
#[derive(Debug, Args)]
pub struct KbEdit {
    /// Article id.
    pub id: i64,
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// New category.
    #[arg(long)]
    pub category: Option<String>,
    /// Replace the body with this file's text (otherwise $EDITOR opens).
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// draft, published or archived.
    #[arg(long)]
    pub status: Option<String>,
    /// Review by this date, YYYY-MM-DD.
    #[arg(long)]
    pub review_by: Option<String>,
}

/// Config commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Validate a config file (default: the one in use); exit 1 with file:line:column on error.
    Check {
        /// The file to check.
        path: Option<PathBuf>,
    },
    /// Print the built-in default configuration (config.example.toml).
    Default,
    /// Print where the config and database files are.
    Paths,
}

/// Database commands.
#[derive(Debug, Subcommand)]
pub enum DbCmd {
    /// Path, schema version, journal mode and counts.
    Info,
    /// Integrity, foreign keys and audit-log consistency.
    Check,
    /// Copy the database with SQLite's online backup (safe while others write).
    Backup {
        /// The new file.
        path: PathBuf,
    },
    /// Rebuild the search index from the records (progress on a terminal).
    Reindex,
}

/// `agent edit`
#[derive(Debug, Args)]
pub struct AgentEditArgs {
    /// Agent name or id.
    pub agent: String,
    /// Email address (an empty value removes it).
    #[arg(long)]
    pub email: Option<String>,
    /// Groups, comma-separated; replaces the current ones.
    #[arg(long, value_delimiter = ',')]
    pub groups: Option<Vec<String>>,
    /// Skills with levels 1-5, comma-separated (printer:4,invoice); replaces the current ones.
    #[arg(long, value_delimiter = ',')]
    pub skills: Option<Vec<String>>,
    /// Working hours per week.
    #[arg(long)]
    pub capacity: Option<f64>,
    /// Working weekdays: mon,tue,… or mon-fri; `team` follows the [sla] calendar.
    #[arg(long)]
    pub workdays: Option<String>,
    /// Out of office from..to, both days included (2026-12-01..2026-12-05); repeatable.
    #[arg(long, value_name = "FROM..TO")]
    pub ooo: Vec<String>,
    /// A note for the --ooo periods (holiday, training …).
    #[arg(long, requires = "ooo")]
    pub ooo_note: Option<String>,
    /// Remove every out-of-office period (before adding --ooo ones).
    #[arg(long)]
    pub clear_ooo: bool,
    /// Activate (true) or deactivate (false) the agent.
    #[arg(long)]
    pub active: Option<bool>,
    /// Only change the agent if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

/// Time-tracking commands; the acting user (--actor) is the agent.
#[derive(Debug, Subcommand)]
pub enum TimeCmd {
    /// Start your timer on a ticket or task (a running timer is stopped and logged first).
    Start {
        /// ticket or task.
        #[arg(value_enum)]
        kind: WorkKindArg,
        /// Its id.
        id: i64,
        /// A note for the entry.
        #[arg(long)]
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
        #[arg(long)]
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
        #[arg(long)]
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
}

/// A report's period.
#[derive(Debug, Args)]
pub struct ReportPeriodArgs {
    /// From this day (YYYY-MM-DD, `today`, or back from now: 7d, 2w).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this day, included.
    #[arg(long)]
    pub until: Option<String>,
}

/// `report time`
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

/// `aftercare search`
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to find: words (退款, printer, "打印机 jam") and optionally filters
    /// of the ticket list (type:complaint is:open …).
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only these kinds: ticket, customer, article, project (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub kind: Vec<String>,
}

/// Playbook (emergency plan) commands.
#[derive(Debug, Subcommand)]
pub enum PlaybookCmd {
    /// The playbooks defined in the config.
    List,
    /// A playbook's steps: who does what, within how long.
    Show {
        /// Playbook id or name.
        name: String,
    },
    /// Start a playbook: an incident with its steps as a checklist.
    Start {
        /// Playbook id or name.
        name: String,
        /// Record it as a drill (演练), not a real incident.
        #[arg(long)]
        drill: bool,
        /// The ticket that set it off.
        #[arg(long, value_name = "TICKET_ID")]
        ticket: Option<i64>,
    },
    /// Active incidents (--all: every one), or one incident's checklist.
    Status {
        /// Incident id.
        incident: Option<i64>,
        /// Completed incidents and drills too.
        #[arg(long)]
        all: bool,
    },
    /// Mark a step done (--done, the default) or not done (--undo).
    Step {
        /// Incident id.
        incident: i64,
        /// Step number (1, 2 …).
        step: i64,
        /// Mark it done.
        #[arg(long, conflicts_with = "undo")]
        done: bool,
        /// Mark it not done.
        #[arg(long)]
        undo: bool,
        /// Only change the incident if its version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
    /// The audit trail of an incident.
    History {
        /// Incident id.
        incident: i64,
    },
}

/// `--if-version V` for project parts: refuse when the record has moved on.
#[derive(Debug, Args)]
pub struct Guard {
    /// Only change the record if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

/// `project report`
#[derive(Debug, Args)]
pub struct ProjectReportArgs {
    /// Project id.
    pub id: i64,
    /// status (progress, milestones, top risks, open issues, next steps), milestones, or risks.
    #[arg(long, default_value = "status")]
    pub kind: String,
    /// For --kind risks: the smallest probability × impact score listed.
    #[arg(long, default_value_t = 12)]
    pub threshold: i64,
    /// Write the report to this file instead of printing it.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `project edit`
#[derive(Debug, Args)]
pub struct ProjectEditArgs {
    /// Project id.
    pub id: i64,
    /// New name.
    #[arg(long)]
    pub name: Option<String>,
    /// planning, active or on_hold.
    #[arg(long)]
    pub status: Option<String>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// The goal.
    #[arg(long)]
    pub goal: Option<String>,
    /// How the goal is measured.
    #[arg(long)]
    pub metric: Option<String>,
    /// Target value of the metric.
    #[arg(long, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[arg(long)]
    pub due: Option<String>,
    #[command(flatten)]
    pub guard: Guard,
}

/// `project close`
#[derive(Debug, Args)]
pub struct ProjectCloseArgs {
    /// Project id.
    pub id: i64,
    /// Retrospective: what went well.
    #[arg(long, default_value = "")]
    pub went_well: String,
    /// Retrospective: what did not go well.
    #[arg(long, default_value = "")]
    pub went_badly: String,
    /// Retrospective: lessons for next time.
    #[arg(long, default_value = "")]
    pub lessons: String,
    /// Also publish the retrospective as a knowledge-base article (category 项目复盘).
    #[arg(long)]
    pub publish: bool,
    #[command(flatten)]
    pub guard: Guard,
}

/// `project issue …`: the issue log.
#[derive(Debug, Subcommand)]
pub enum IssueCmd {
    /// Log an issue on a project.
    New {
        /// Project id.
        project: i64,
        /// What happened.
        #[arg(long)]
        title: String,
        /// More detail.
        #[arg(long)]
        detail: Option<String>,
        /// low, medium, high or critical.
        #[arg(long, default_value = "medium")]
        severity: String,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// Resolve by, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// A project's issue log (open issues first).
    List {
        /// Project id.
        project: i64,
        /// Only open issues.
        #[arg(long)]
        open: bool,
    },
    /// Change an issue: status, resolution, severity, owner, due date.
    Update {
        /// Issue id.
        id: i64,
        /// open, in_progress, resolved or closed.
        #[arg(long)]
        status: Option<String>,
        /// How it was resolved.
        #[arg(long)]
        resolution: Option<String>,
        /// low, medium, high or critical.
        #[arg(long)]
        severity: Option<String>,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// Resolve by, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
}

/// `project doc …`: documents kept with a project.
#[derive(Debug, Subcommand)]
pub enum DocCmd {
    /// File a document (a path or a URL) with a project.
    Add {
        /// Project id.
        project: i64,
        /// Title.
        #[arg(long)]
        title: String,
        /// A path or a URL.
        #[arg(long)]
        location: String,
        /// plan, report, minutes, feedback or other.
        #[arg(long, default_value = "other")]
        kind: String,
    },
    /// A project's documents.
    List {
        /// Project id.
        project: i64,
    },
}

/// Task commands.
#[derive(Debug, Subcommand)]
pub enum TaskCmd {
    /// Create a task (work package); prints its id.
    New(TaskNew),
    /// List the tasks of a project (or of every open project), with forecast and slip.
    List {
        /// Project id.
        #[arg(long)]
        project: Option<i64>,
    },
    /// Show one task with its dependencies and schedule.
    Show {
        /// Task id.
        id: i64,
    },
    /// Move (--start, --by) or stretch (--end) a task.
    Move {
        /// Task id.
        id: i64,
        /// New start, YYYY-MM-DD (keeps the length in working days unless --end is given).
        #[arg(long, conflicts_with = "by")]
        start: Option<String>,
        /// New end, YYYY-MM-DD.
        #[arg(long, conflicts_with = "by")]
        end: Option<String>,
        /// Shift by N working days, e.g. 3, 3d or -2d.
        #[arg(long, allow_hyphen_values = true, value_name = "Nd")]
        by: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
    /// Set a task's progress in percent (100 marks it done).
    Progress {
        /// Task id.
        id: i64,
        /// 0–100.
        percent: i64,
        #[command(flatten)]
        guard: Guard,
    },
    /// Mark a task done (today, or --on DATE).
    Done {
        /// Task id.
        id: i64,
        /// The day it was finished, YYYY-MM-DD.
        #[arg(long)]
        on: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
    /// Make a task start after another ends (finish-to-start, plus lag); cycles are refused.
    Link {
        /// Task id.
        id: i64,
        /// The task it waits for.
        #[arg(long)]
        after: i64,
        /// Working days between the other's end and this start.
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        lag: i64,
        #[command(flatten)]
        guard: Guard,
    },
    /// Remove a dependency.
    Unlink {
        /// Task id.
        id: i64,
        /// The task it no longer waits for.
        #[arg(long)]
        after: i64,
        #[command(flatten)]
        guard: Guard,
    },
}

/// `task new`
#[derive(Debug, Args)]
pub struct TaskNew {
    /// Project id.
    #[arg(long)]
    pub project: i64,
    /// Task name.
    #[arg(long)]
    pub name: String,
    /// Milestone id.
    #[arg(long)]
    pub milestone: Option<i64>,
    /// Owner (agent name or id).
    #[arg(long)]
    pub owner: Option<String>,
    /// Planned start, YYYY-MM-DD.
    #[arg(long)]
    pub start: Option<String>,
    /// Planned end, YYYY-MM-DD (default: from the estimate).
    #[arg(long)]
    pub end: Option<String>,
    /// Estimated effort in hours.
    #[arg(long)]
    pub estimate: Option<f64>,
    /// Start after these tasks end (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub after: Vec<i64>,
}

/// Milestone commands.
#[derive(Debug, Subcommand)]
pub enum MilestoneCmd {
    /// Create a milestone; prints its id.
    New {
        /// Project id.
        #[arg(long)]
        project: i64,
        /// Name.
        #[arg(long)]
        name: String,
        /// What is delivered.
        #[arg(long)]
        deliverable: Option<String>,
        /// Due date, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// A project's milestones with forecasts.
    List {
        /// Project id.
        #[arg(long)]
        project: i64,
    },
    /// Mark a milestone reached.
    Done {
        /// Milestone id.
        id: i64,
        #[command(flatten)]
        guard: Guard,
    },
}

/// Risk commands.
#[derive(Debug, Subcommand)]
pub enum RiskCmd {
    /// Add a risk to a project's register; prints its id.
    New {
        /// Project id.
        #[arg(long)]
        project: i64,
        /// What might happen.
        #[arg(long)]
        title: String,
        /// 1 (rare) – 5 (almost certain).
        #[arg(long, default_value_t = 3)]
        probability: i64,
        /// 1 (minor) – 5 (severe).
        #[arg(long, default_value_t = 3)]
        impact: i64,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// The planned response.
        #[arg(long)]
        response: Option<String>,
    },
    /// Risks, highest probability × impact first.
    List {
        /// Only this project.
        #[arg(long)]
        project: Option<i64>,
        /// Only risks scoring at least this much.
        #[arg(long)]
        min_score: Option<i64>,
        /// Also closed and mitigated risks.
        #[arg(long)]
        all: bool,
    },
    /// Show one risk.
    Show {
        /// Risk id.
        id: i64,
    },
    /// Change a risk's status, rating, response or owner.
    Update {
        /// Risk id.
        id: i64,
        /// open, mitigated, closed or occurred.
        #[arg(long)]
        status: Option<String>,
        /// 1–5.
        #[arg(long)]
        probability: Option<i64>,
        /// 1–5.
        #[arg(long)]
        impact: Option<i64>,
        /// The planned response.
        #[arg(long)]
        response: Option<String>,
        /// Owner (agent name or id).
        #[arg(long)]
        owner: Option<String>,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        guard: Guard,
    },
}

/// `ticket tag|untag ID TAG…`
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

/// `ticket relate ID OTHER --as KIND`
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

/// `ticket unrelate ID OTHER`
#[derive(Debug, Args)]
pub struct TicketUnrelateArgs {
    /// Ticket id.
    pub id: i64,
    /// The other ticket.
    pub other: i64,
    #[command(flatten)]
    pub guard: IfVersion,
}

/// `ticket merge DUPLICATE INTO`
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

/// `customer edit CUSTOMER …`
#[derive(Debug, Args)]
pub struct CustomerEditArgs {
    /// Customer id, email or name.
    pub customer: String,
    /// New name.
    #[arg(long)]
    pub name: Option<String>,
    /// Organisation ("" clears it).
    #[arg(long)]
    pub org: Option<String>,
    /// Email address ("" clears it).
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number ("" clears it).
    #[arg(long)]
    pub phone: Option<String>,
    /// Chat handle ("" clears it).
    #[arg(long)]
    pub chat: Option<String>,
    /// Notes (replace the old ones).
    #[arg(long)]
    pub notes: Option<String>,
    /// Only change the customer if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

/// `customer product …`
#[derive(Debug, Subcommand)]
pub enum ProductCmd {
    /// Record a product the customer bought.
    Add(ProductAddArgs),
    /// The customer's products with their warranty status.
    List {
        /// Customer id, email or name.
        customer: String,
    },
}

/// `customer product add CUSTOMER …`
#[derive(Debug, Args)]
pub struct ProductAddArgs {
    /// Customer id, email or name.
    pub customer: String,
    /// Model, e.g. "HP LaserJet M404".
    #[arg(long)]
    pub model: String,
    /// Serial number.
    #[arg(long)]
    pub serial: Option<String>,
    /// Purchase date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub purchased: Option<String>,
    /// Last day of the warranty, YYYY-MM-DD.
    #[arg(long = "warranty-end", value_name = "YYYY-MM-DD")]
    pub warranty_end: Option<String>,
}

/// Import commands.
#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// One .eml file, or every .eml file of a folder.
    Eml(ImportMailArgs),
    /// An mbox file.
    Mbox(ImportMailArgs),
    /// A Maildir folder (its new/ and cur/ messages).
    Maildir(ImportMailArgs),
    /// Tickets from a CSV file with a header row.
    Csv(ImportTableArgs),
    /// An `aftercare export json` document (into an empty database), or a JSON array of tickets.
    Json(ImportTableArgs),
}

/// `import eml|mbox|maildir PATH`
#[derive(Debug, Args)]
pub struct ImportMailArgs {
    /// The file or folder.
    pub path: PathBuf,
    /// Do everything, report it, and save nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `import csv|json PATH`
#[derive(Debug, Args)]
pub struct ImportTableArgs {
    /// The file.
    pub path: PathBuf,
    /// Columns to ticket fields: title=Subject,body=Description,customer=Email,priority=Prio,
    /// created_at=Date … (fields: title body customer email phone org channel type priority
    /// stage assignee created_at updated_at tags id). Default: columns named like the fields.
    #[arg(long, value_name = "FIELD=COLUMN,…")]
    pub map: Option<String>,
    /// Do everything, report it, and save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Text encoding: auto (UTF-8, else GBK), utf-8 or gbk.
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// CSV field separator (one character, or "tab").
    #[arg(long, default_value = ",")]
    pub delimiter: String,
}

/// Export commands.
#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// One JSON document with every table (to stdout, or --out FILE).
    Json {
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// One CSV file per table, in the folder --out.
    Csv {
        /// The folder (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

/// `sla` commands.
#[derive(Debug, Subcommand)]
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
pub enum CsatCmd {
    /// Resolved or closed tickets without a satisfaction score, newest first.
    Due {
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

/// `visit` commands.
#[derive(Debug, Subcommand)]
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
        #[arg(long)]
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
        #[arg(long)]
        note: Option<String>,
        /// Only if the visit's version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
}

/// `macro` commands.
#[derive(Debug, Subcommand)]
pub enum MacroCmd {
    /// The macros of the config, with their suggested keys.
    List,
}

/// `reply` commands.
#[derive(Debug, Subcommand)]
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
