//! The `:` palette's completion: fuzzy over command names and descriptions, then
//! over the argument's possible values (stages, agents, columns …).

use super::actions::pick_items;
use super::command::{find, COMMANDS};
use super::fuzzy;
use super::overlay::{Completion, Overlay, Palette, PickKind};
use super::state::State;
use crate::domain::filter::FIELDS;
use crate::store::tickets::SortKey;

/// Commands that only make sense bound to a key inside a dialog.
const HIDDEN: &[&str] = &[
    "noop",
    "palette",
    "submit",
    "cancel",
    "complete",
    "delete-back",
    "delete-forward",
    "cursor-left",
    "cursor-right",
    "line-start",
    "line-end",
    "delete-word",
    "clear-line",
    "edit-external",
    "field-next",
    "field-prev",
    "keep-mine",
    "keep-theirs",
];

/// Most suggestions shown.
const MAX: usize = 50;

/// Recomputes the open palette's suggestions from its text.
pub fn refresh(s: &mut State) {
    let Overlay::Palette(p) = &s.overlay else {
        return;
    };
    let text = p.input.text.trim_start().to_string();
    let completions = match text.split_once(char::is_whitespace) {
        None => commands(&text),
        Some((name, arg)) => arguments(s, name, arg.trim_start()),
    };
    if let Overlay::Palette(p) = &mut s.overlay {
        p.completions = completions;
        p.selected = 0;
    }
}

fn commands(query: &str) -> Vec<Completion> {
    let specs: Vec<_> = COMMANDS
        .iter()
        .filter(|c| !HIDDEN.contains(&c.name))
        .collect();
    let hay: Vec<String> = specs
        .iter()
        .map(|c| format!("{} {}", c.name, c.desc))
        .collect();
    // A name match ranks above a description match.
    let mut order = fuzzy::rank(query, &specs.iter().map(|c| c.name).collect::<Vec<_>>());
    for i in fuzzy::rank(query, &hay) {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
        .into_iter()
        .take(MAX)
        .map(|i| {
            let c = specs[i];
            Completion {
                text: if c.arg.is_some() {
                    format!("{} ", c.name)
                } else {
                    c.name.to_string()
                },
                label: match c.arg {
                    Some(a) => format!("{} {a}", c.name),
                    None => c.name.to_string(),
                },
                desc: c.desc.to_string(),
            }
        })
        .collect()
}

fn arguments(s: &State, name: &str, arg: &str) -> Vec<Completion> {
    let Some(spec) = find(name) else {
        return Vec::new();
    };
    let values: Vec<(String, String)> = match spec.name {
        "move" => items(s, PickKind::Move),
        "assign" => items(s, PickKind::Assign),
        "priority" => items(s, PickKind::Priority),
        "type" => items(s, PickKind::Type),
        "sort" => SortKey::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), String::new()))
            .collect(),
        "view" => s
            .views
            .iter()
            .map(|v| (v.name.clone(), v.query.clone()))
            .collect(),
        "language" => vec![
            ("en".into(), "English".into()),
            ("zh".into(), "简体中文".into()),
        ],
        "theme" => vec![
            ("dark".into(), String::new()),
            ("light".into(), String::new()),
        ],
        "filter" => return filter_fields(name, arg),
        _ => Vec::new(),
    };
    let hay: Vec<String> = values.iter().map(|(v, h)| format!("{v} {h}")).collect();
    fuzzy::rank(arg, &hay)
        .into_iter()
        .take(MAX)
        .map(|i| {
            let (v, h) = &values[i];
            Completion {
                text: format!("{} {v}", spec.name),
                label: v.clone(),
                desc: h.clone(),
            }
        })
        .collect()
}

fn items(s: &State, kind: PickKind) -> Vec<(String, String)> {
    pick_items(s, kind)
        .into_iter()
        .map(|i| {
            let hint = if i.label == i.value {
                i.hint
            } else {
                format!("{} {}", i.label, i.hint)
            };
            (i.value, hint)
        })
        .collect()
}

/// Suggests filter field names for the word being typed.
fn filter_fields(name: &str, arg: &str) -> Vec<Completion> {
    let (done, word) = match arg.rfind(char::is_whitespace) {
        Some(i) => (&arg[..=i], &arg[i + 1..]),
        None => ("", arg),
    };
    if word.contains(':') {
        return Vec::new();
    }
    let fields: Vec<String> = FIELDS.iter().map(|f| format!("{f}:")).collect();
    fuzzy::rank(word, &fields)
        .into_iter()
        .map(|i| Completion {
            text: format!("{name} {done}{}", fields[i]),
            label: fields[i].clone(),
            desc: String::new(),
        })
        .collect()
}

/// The line Enter runs: the typed text if it names a command, else the highlighted suggestion.
pub fn line_to_run(p: &Palette) -> String {
    let text = p.input.text.trim();
    let name = text.split_whitespace().next().unwrap_or("");
    if find(name).is_some() {
        return text.to_string();
    }
    p.completions
        .get(p.selected)
        .map(|c| c.text.trim().to_string())
        .unwrap_or_else(|| text.to_string())
}
