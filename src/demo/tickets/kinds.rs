//! Per ticket type of the configured workflow: its flow, the agents who handle it
//! (weighted by their skill in each product category) and its title and body words.

use crate::config::Config;
use crate::demo::routes::FlowPlan;
use crate::demo::words::{TitleTemplate, Words};
use crate::domain::workflow::StageKind;
use std::collections::HashMap;

/// What the ticket generator needs to know about an agent.
pub struct AgentRef<'a> {
    pub id: i64,
    pub name: &'a str,
    pub groups: &'a [String],
    pub skills: &'a [String],
}

/// Per ticket type: its flow, its agents and its words.
pub struct TypeGen<'a> {
    pub id: &'a str,
    pub is_complaint: bool,
    pub flow: FlowPlan<'a>,
    pub active: Vec<usize>,
    pub resolved: Vec<usize>,
    pub closed: Vec<usize>,
    /// Agent indexes of the groups that handle the type.
    pub pool: Vec<usize>,
    /// Per product category: pool weights (skill level in the category counts).
    pub pool_weights: HashMap<&'static str, Vec<f64>>,
    /// Per product category: title templates.
    pub titles: HashMap<&'static str, Titles>,
    pub bodies: &'static [&'static str],
}

/// The title templates of one ticket type for one product category.
#[derive(Default)]
pub struct Titles {
    /// Templates for this category only (`printer: 打印机卡纸 …`).
    pub specific: Vec<&'static str>,
    /// Every template that fits: the specific ones and the generic ones.
    pub all: Vec<&'static str>,
    /// The ones without Chinese, for foreign customers.
    pub english: Vec<&'static str>,
}

/// The groups that handle a ticket type of the default config.
fn groups_for(ty: &str) -> &'static [&'static str] {
    match ty {
        "technical" => &["technical"],
        "after_sales" => &["technical", "logistics"],
        "complaint" => &["complaints"],
        "inquiry" => &["sales"],
        "return" => &["logistics"],
        _ => &[],
    }
}

/// How common each type of the default config is; other types get 10.
pub fn type_weight(ty: &str) -> f64 {
    match ty {
        "technical" => 34.0,
        "after_sales" => 24.0,
        "complaint" => 10.0,
        "inquiry" => 18.0,
        "return" => 14.0,
        _ => 10.0,
    }
}

/// Relative share of each active stage of the default config, by stage id.
pub fn active_weight(id: &str, kind: StageKind) -> f64 {
    match id {
        "analysing" => 1.0,
        "in_progress" | "investigating" => 2.0,
        "waiting_customer" => 1.2,
        "escalated" => 0.5,
        "solution_proposed" => 1.0,
        _ if kind == StageKind::Waiting => 0.8,
        _ => 1.0,
    }
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

fn skill_level(skills: &[String], name: &str) -> Option<f64> {
    skills.iter().find_map(|s| {
        let (n, level) = s.split_once(':').unwrap_or((s, "3"));
        (n == name).then(|| level.parse().unwrap_or(3.0))
    })
}

/// The generator's view of every ticket type of `config`, in the config's order.
pub fn types<'a>(
    config: &'a Config,
    agents: &[AgentRef<'_>],
    words: &'static Words,
) -> Vec<TypeGen<'a>> {
    let categories: Vec<&'static str> = {
        let mut c: Vec<&'static str> = words.products.iter().map(|p| p.category).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let all_agents: Vec<usize> = (0..agents.len()).collect();
    config
        .workflow
        .types
        .iter()
        .map(|t| {
            let flow = FlowPlan::new(config.workflow.flow_for(&t.id));
            let groups = groups_for(&t.id);
            let mut pool: Vec<usize> = (0..agents.len())
                .filter(|&a| {
                    agents[a]
                        .groups
                        .iter()
                        .any(|g| groups.contains(&g.as_str()))
                })
                .collect();
            if pool.is_empty() {
                pool = all_agents.clone();
            }
            let templates = words
                .titles
                .get(t.id.as_str())
                .or_else(|| words.titles.get("technical"))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let titles = categories
                .iter()
                .map(|&cat| {
                    let fits = |tt: &&TitleTemplate| tt.category.is_none_or(|c| c == cat);
                    let all: Vec<&'static str> =
                        templates.iter().filter(fits).map(|tt| tt.text).collect();
                    let titles = Titles {
                        specific: templates
                            .iter()
                            .filter(|tt| tt.category == Some(cat))
                            .map(|tt| tt.text)
                            .collect(),
                        english: all
                            .iter()
                            .copied()
                            .filter(|s| !s.chars().any(is_cjk))
                            .collect(),
                        all,
                    };
                    (cat, titles)
                })
                .collect();
            let pool_weights = categories
                .iter()
                .map(|&cat| {
                    let w = pool
                        .iter()
                        .map(|&a| 1.0 + skill_level(agents[a].skills, cat).unwrap_or(0.0))
                        .collect();
                    (cat, w)
                })
                .collect();
            TypeGen {
                id: t.id.as_str(),
                is_complaint: t.id == "complaint",
                active: flow.stages_of(&[StageKind::Open, StageKind::Waiting]),
                resolved: flow.stages_of(&[StageKind::Resolved]),
                closed: flow.stages_of(&[StageKind::Closed]),
                flow,
                pool,
                pool_weights,
                titles,
                bodies: words
                    .bodies
                    .get(t.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]),
            }
        })
        .collect()
}
