//! The other records: customers, agents, projects and their parts, knowledge articles.

use super::status::{ArticleStatus, ProjectStatus, RiskStatus, TaskStatus};
use chrono::NaiveDate;

/// A customer: a person or organisation the team serves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub organization: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub chat: Option<String>,
    pub notes: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
    /// The customer this one was merged into (`customer merge`), if any.
    pub merged_into: Option<i64>,
}

/// A product a customer bought.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Product {
    pub id: i64,
    pub customer_id: i64,
    pub model: String,
    pub serial: Option<String>,
    pub purchased_on: Option<NaiveDate>,
    pub warranty_end: Option<NaiveDate>,
}

/// A support agent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    /// Group names (technical, logistics, sales …).
    pub groups: Vec<String>,
    /// Skills as `name` or `name:level` (level 1–5).
    pub skills: Vec<String>,
    pub capacity_hours: f64,
    pub active: bool,
    pub created_at: i64,
    pub version: i64,
    /// Open tickets assigned (filled by list queries).
    pub open_tickets: i64,
}

/// A customer project run by the support side.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub customer_id: Option<i64>,
    pub customer: Option<String>,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub goal: String,
    pub metric: Option<String>,
    pub target: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: ProjectStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// A milestone of a project.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Milestone {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub deliverable: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<i64>,
    pub version: i64,
}

/// A task (work package) of a project.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub id: i64,
    pub project_id: i64,
    pub milestone_id: Option<i64>,
    pub name: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub estimate_hours: f64,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub percent_done: i64,
    pub status: TaskStatus,
    pub version: i64,
}

/// A risk in a project's register.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Risk {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    /// 1–5
    pub probability: i64,
    /// 1–5
    pub impact: i64,
    pub owner_id: Option<i64>,
    pub response: String,
    pub status: RiskStatus,
    pub version: i64,
}

/// A knowledge-base article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub body: String,
    pub owner_id: Option<i64>,
    pub owner: Option<String>,
    pub status: ArticleStatus,
    pub review_by: Option<NaiveDate>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}
