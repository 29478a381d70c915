//! What a demo load reports it created.

/// What was created.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoSummary {
    pub tickets: u64,
    pub customers: u64,
    pub agents: u64,
    pub comments: u64,
    pub projects: u64,
    pub articles: u64,
    pub audit_events: u64,
    pub seconds: f64,
}
