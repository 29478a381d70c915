//! The field names the language knows, and which one a misspelt name meant.

/// Field names the language knows, for help and completion.
pub const FIELDS: &[&str] = &[
    "id",
    "stage",
    "type",
    "priority",
    "channel",
    "assignee",
    "customer",
    "due",
    "created",
    "is",
    "tag",
    "group",
    "resolved",
    "hour",
    "weekday",
    "category",
    "csat",
    "response",
    "resolution",
    "visited",
    "kind",
];

/// Whether `field:value` is meant as a field: a word of letters before the colon,
/// not a URL (`http://…`) or a time (`10:30`).
pub(super) fn looks_like_field(field: &str, value: &str) -> bool {
    field.len() >= 2
        && field.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        && !value.starts_with("//")
}

/// The known field closest to a misspelt one, if any is close.
pub(super) fn nearest_field(field: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|f| (crate::domain::text::edit_distance(field, f), *f))
        .filter(|(d, f)| *d <= 2.max(f.len() / 3) && *d < f.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}
