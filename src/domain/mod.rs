//! Pure types and rules: no I/O, no SQL, no terminal.

pub mod escalation;
pub mod filter;
pub mod filter_values;
pub mod gantt;
pub mod intake;
pub mod markdown;
pub mod playbook;
pub mod progress;
pub mod project;
pub mod project_report;
pub mod records;
pub mod relations;
pub mod routing;
pub mod schedule;
pub mod search;
pub mod service;
pub mod sla;
pub mod sla_engine;
pub mod team;
pub mod text;
pub mod ticket;
pub mod time;
pub mod timelog;
pub mod warranty;
pub mod workflow;
pub mod workload;
