//! Tags and the relations between tickets (related, parent/child, duplicate-of).

/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 40;

/// A tag as stored: trimmed, ASCII lowercased, without a leading `#`; one word.
pub fn normalize_tag(raw: &str) -> Result<String, String> {
    let t = raw.trim().trim_start_matches('#').to_lowercase();
    if t.is_empty() {
        return Err("a tag cannot be empty".into());
    }
    if let Some(c) = t
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, ',' | '"' | ':'))
    {
        return Err(format!("tag '{t}' contains '{}'", c.escape_default()));
    }
    if t.chars().count() > MAX_TAG_CHARS {
        return Err(format!(
            "tag '{t}' is longer than {MAX_TAG_CHARS} characters"
        ));
    }
    Ok(t)
}

/// How two tickets are related, as given to `ticket relate ID OTHER --as KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// The two tickets are about related matters (symmetric).
    Related,
    /// OTHER is ID's parent.
    Parent,
    /// OTHER is ID's child.
    Child,
}

impl RelationKind {
    /// Parses `related`, `parent` or `child` (also Chinese).
    pub fn parse(s: &str) -> Option<RelationKind> {
        match s.trim().to_lowercase().as_str() {
            "related" | "relates" | "相关" => Some(RelationKind::Related),
            "parent" | "父" | "父工单" => Some(RelationKind::Parent),
            "child" | "子" | "子工单" => Some(RelationKind::Child),
            _ => None,
        }
    }
}

/// The link kinds as stored in `ticket_links (from_id, to_id, kind)`.
pub mod link {
    /// `from` and `to` are related; stored once with from < to.
    pub const RELATED: &str = "related";
    /// `from` is a child of `to`.
    pub const CHILD_OF: &str = "child_of";
    /// `from` is a duplicate merged into `to`.
    pub const DUPLICATE_OF: &str = "duplicate_of";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized_and_checked() {
        assert_eq!(normalize_tag(" #VIP "), Ok("vip".into()));
        assert_eq!(normalize_tag("退款"), Ok("退款".into()));
        assert!(normalize_tag("two words").is_err());
        assert!(normalize_tag("a,b").is_err());
        assert!(normalize_tag("  ").is_err());
        assert!(normalize_tag(&"x".repeat(41)).is_err());
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(RelationKind::parse("Parent"), Some(RelationKind::Parent));
        assert_eq!(RelationKind::parse("子工单"), Some(RelationKind::Child));
        assert_eq!(RelationKind::parse("sibling"), None);
    }
}
