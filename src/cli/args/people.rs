//! Arguments of the `customer` and `agent` commands.

use clap::{Args, Subcommand};

/// Customer commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
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
    /// Merge a duplicate customer into another: tickets, products and projects move,
    /// missing contact data is filled in, the duplicate points to the one kept.
    Merge {
        /// The duplicate (id, email or name).
        from: String,
        /// The customer that remains.
        into: String,
        /// Only merge if the duplicate's version is still V.
        #[arg(long = "if-version", value_name = "V")]
        if_version: Option<i64>,
    },
}

// `customer new`
#[derive(Debug, Args)]
pub struct CustomerNew {
    /// Name of the person or company.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// Organisation.
    #[arg(long, allow_hyphen_values = true)]
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
    #[arg(long, allow_hyphen_values = true)]
    pub notes: Option<String>,
}

/// Agent commands.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
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

// `agent new`
#[derive(Debug, Args)]
pub struct AgentNew {
    /// The agent's name (or use --name).
    #[arg(value_name = "NAME", required_unless_present = "name")]
    pub positional: Option<String>,
    /// The agent's name.
    #[arg(long, conflicts_with = "positional", allow_hyphen_values = true)]
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

// `agent edit`
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
    #[arg(long, requires = "ooo", allow_hyphen_values = true)]
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

// `customer edit CUSTOMER …`
#[derive(Debug, Args)]
pub struct CustomerEditArgs {
    /// Customer id, email or name.
    pub customer: String,
    /// New name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: Option<String>,
    /// Organisation ("" clears it).
    #[arg(long, allow_hyphen_values = true)]
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
    #[arg(long, allow_hyphen_values = true)]
    pub notes: Option<String>,
    /// Only change the customer if its version is still V.
    #[arg(long = "if-version", value_name = "V")]
    pub if_version: Option<i64>,
}

/// `customer product …`
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ProductCmd {
    /// Record a product the customer bought.
    Add(ProductAddArgs),
    /// The customer's products with their warranty status.
    List {
        /// Customer id, email or name.
        customer: String,
    },
}

// `customer product add CUSTOMER …`
#[derive(Debug, Args)]
pub struct ProductAddArgs {
    /// Customer id, email or name.
    pub customer: String,
    /// Model, e.g. "HP LaserJet M404".
    #[arg(long, allow_hyphen_values = true)]
    pub model: String,
    /// Serial number.
    #[arg(long, allow_hyphen_values = true)]
    pub serial: Option<String>,
    /// Purchase date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub purchased: Option<String>,
    /// Last day of the warranty, YYYY-MM-DD.
    #[arg(long = "warranty-end", value_name = "YYYY-MM-DD")]
    pub warranty_end: Option<String>,
}
