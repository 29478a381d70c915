//! Routing: which group (technical support, logistics, sales …) a ticket goes to,
//! by the first rule in the config that matches its type, channel and tags.

use super::ticket::Channel;

/// A group of people a ticket can be routed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub en: String,
    pub zh: String,
    /// The agent who leads the group (a name; not checked against the database).
    pub lead: Option<String>,
}

impl Group {
    /// The label in `lang` (`en` or `zh`).
    pub fn label(&self, lang: &str) -> &str {
        if lang == "zh" {
            &self.zh
        } else {
            &self.en
        }
    }
}

/// One rule: every non-empty condition must hold (any listed value matches).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rule {
    pub types: Vec<String>,
    pub channels: Vec<Channel>,
    pub tags: Vec<String>,
    pub group: String,
}

impl Rule {
    /// Whether a ticket with this type, channel and tags meets the rule.
    pub fn matches(&self, ty: &str, channel: Channel, tags: &[String]) -> bool {
        (self.types.is_empty() || self.types.iter().any(|t| t == ty))
            && (self.channels.is_empty() || self.channels.contains(&channel))
            && (self.tags.is_empty() || self.tags.iter().any(|t| tags.contains(t)))
    }
}

/// The `[routing]` section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Routing {
    pub groups: Vec<Group>,
    pub rules: Vec<Rule>,
    /// The group of a ticket no rule matches (none: it stays without a group).
    pub default_group: Option<String>,
}

impl Routing {
    /// A group by id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The group for a ticket: the first matching rule's, else the default.
    pub fn route(&self, ty: &str, channel: Channel, tags: &[String]) -> Option<&Group> {
        self.rules
            .iter()
            .find(|r| r.matches(ty, channel, tags))
            .map(|r| r.group.as_str())
            .or(self.default_group.as_deref())
            .and_then(|id| self.group(id))
    }

    /// The group ids, comma-separated (for hints).
    pub fn group_ids(&self) -> String {
        self.groups
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(id: &str) -> Group {
        Group {
            id: id.into(),
            en: id.into(),
            zh: id.into(),
            lead: None,
        }
    }

    #[test]
    fn first_matching_rule_wins_then_default() {
        let r = Routing {
            groups: vec![g("tech"), g("logistics"), g("sales"), g("vip")],
            rules: vec![
                Rule {
                    tags: vec!["vip".into()],
                    group: "vip".into(),
                    ..Default::default()
                },
                Rule {
                    types: vec!["return".into()],
                    group: "logistics".into(),
                    ..Default::default()
                },
                Rule {
                    types: vec!["inquiry".into()],
                    channels: vec![Channel::Phone, Channel::Web],
                    group: "sales".into(),
                    ..Default::default()
                },
            ],
            default_group: Some("tech".into()),
        };
        let id = |ty: &str, ch: Channel, tags: &[&str]| {
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            r.route(ty, ch, &tags).map(|g| g.id.clone())
        };
        assert_eq!(id("return", Channel::Email, &[]), Some("logistics".into()));
        assert_eq!(id("return", Channel::Email, &["vip"]), Some("vip".into()));
        assert_eq!(id("inquiry", Channel::Web, &[]), Some("sales".into()));
        assert_eq!(id("inquiry", Channel::Email, &[]), Some("tech".into()));
        let none = Routing::default();
        assert_eq!(none.route("x", Channel::Other, &[]), None);
    }
}
