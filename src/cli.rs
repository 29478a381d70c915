//! The command line: clap types only. `cli/` turns each command into calls of `ops`.

mod config_cmd;
mod db;
mod dispatch;
mod output;
mod people;
mod projects;
mod tickets;

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
    /// Check or print the configuration.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Database information, checks and backups.
    #[command(subcommand)]
    Db(DbCmd),
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
    /// Assign a ticket to an agent (`none` unassigns).
    Assign {
        /// Ticket id.
        id: i64,
        /// Agent name or id, or `none`.
        agent: String,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Add a reply to the customer, or an internal note with --internal.
    Comment {
        /// Ticket id.
        id: i64,
        /// The text.
        text: String,
        /// An internal note, not visible to the customer.
        #[arg(long)]
        internal: bool,
        #[command(flatten)]
        guard: IfVersion,
    },
    /// Change a ticket's title, body, priority, type or channel.
    Edit(TicketEdit),
    /// The audit trail of one ticket.
    History {
        /// Ticket id.
        id: i64,
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
    /// List articles.
    List {
        /// Only this category.
        #[arg(long)]
        category: Option<String>,
    },
    /// Show one article.
    Show {
        /// Article id.
        id: i64,
    },
    /// Edit an article in $EDITOR (or replace fields with flags).
    Edit(KbEdit),
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
}
