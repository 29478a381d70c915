//! The `:` palette's completion: fuzzy over the names and descriptions of the
//! commands that apply where the user is, then over the argument's values from its
//! completer (stages, agents, columns …).

use super::fuzzy;
use super::overlay::{Completion, Palette};
use crate::app::command::{find, ArgKind, Choice, Command, CommandError, Completer, Spec, SPECS};
use crate::app::ctx::{Ctx, Place};
use crate::domain::filter::FIELDS;

/// Most argument values offered (commands are all offered: there are fewer than 100).
const MAX: usize = 50;

/// The values of a pane-known argument kind, asked of the pane that owns `spec`.
pub type PaneChoices<'a> = dyn Fn(&'static Spec, ArgKind) -> Vec<Choice> + 'a;

/// Redoes the suggestions if the text changed since they were made.
pub fn complete(p: &mut Palette, ctx: &Ctx, pane: &PaneChoices) {
    let text = p.input.text.trim_start().to_string();
    if p.completed.as_deref() == Some(text.as_str()) {
        return;
    }
    p.completions = match text.split_once(char::is_whitespace) {
        None => commands(&text, ctx.place),
        Some((name, arg)) => arguments(ctx, pane, name, arg.trim_start()),
    };
    p.selected = 0;
    p.moved = false;
    p.completed = Some(text);
}

/// The commands offered at `place` that match `query`, name matches first.
pub fn commands(query: &str, place: Place) -> Vec<Completion> {
    let specs: Vec<&Spec> = SPECS.iter().filter(|c| c.applies(place)).collect();
    let hay: Vec<String> = specs
        .iter()
        .map(|c| format!("{} {} {}", c.name, c.en, c.zh))
        .collect();
    let mut order = fuzzy::rank(query, &specs.iter().map(|c| c.name).collect::<Vec<_>>());
    for i in fuzzy::rank(query, &hay) {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
        .into_iter()
        .map(|i| {
            let c = specs[i];
            Completion {
                text: if c.arg.is_some() {
                    format!("{} ", c.name)
                } else {
                    c.name.to_string()
                },
                label: c.usage(),
                desc: String::new(),
            }
        })
        .collect()
}

fn arguments(ctx: &Ctx, pane: &PaneChoices, name: &str, arg: &str) -> Vec<Completion> {
    let Some(spec) = find(name) else {
        return Vec::new();
    };
    let Some(kind) = spec.arg else {
        return Vec::new();
    };
    let choices = match kind.completer() {
        Completer::Free => Vec::new(),
        Completer::Fixed(f) => f(ctx),
        Completer::Pane => pane(spec, kind),
        Completer::FilterFields => return filter_fields(name, arg),
    };
    let values: Vec<(String, String)> = choices
        .into_iter()
        .map(|c| {
            let hint = if c.label == c.value {
                c.hint
            } else {
                format!("{} {}", c.label, c.hint).trim_end().to_string()
            };
            (c.value, hint)
        })
        .collect();
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

/// What Enter in the palette does.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Command(Command),
    /// `:1000001` or `:#12`: open that ticket.
    Ticket(i64),
}

/// What Enter runs: a ticket number opens the ticket; a typed command name runs as
/// typed; a suggestion the user moved to runs; anything else is refused, naming the
/// nearest command rather than guessing.
pub fn resolve(p: &Palette) -> Result<Run, CommandError> {
    let text = p.input.text.trim().trim_start_matches(':').trim();
    if let Some(id) = ticket_number(text) {
        return Ok(Run::Ticket(id));
    }
    let name = text.split_whitespace().next().unwrap_or("");
    if name.is_empty() || find(name).is_some() {
        return Command::parse(text).map(Run::Command);
    }
    let picked = p.completions.get(p.selected).filter(|_| p.moved);
    if let Some(c) = picked {
        return Command::parse(c.text.trim()).map(Run::Command);
    }
    let nearest = p
        .completions
        .first()
        .and_then(|c| find(c.text.split_whitespace().next().unwrap_or("")));
    Err(match nearest {
        Some(spec) => CommandError::DidYouMean {
            name: name.to_string(),
            nearest: spec.name,
        },
        None => CommandError::Unknown(name.to_string()),
    })
}

/// A ticket number as typed in the palette: `1000001` or `#1000001`.
pub fn ticket_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('#').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|id: &i64| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::command::Scope;
    use crate::app::ctx::Pane;
    use crate::app::keys::Context;

    #[test]
    fn every_command_is_offered_somewhere_or_bound_in_a_dialog() {
        for spec in SPECS {
            match spec.scope {
                Scope::Dialog => assert!(
                    spec.keys
                        .iter()
                        .any(|(c, _)| !Context::ALL[..7].contains(c)),
                    "{} has no dialog key",
                    spec.name
                ),
                // `noop` exists to be bound; `palette` is the key that opens it.
                Scope::Keys => assert!(matches!(spec.name, "noop" | "palette")),
                // Listed where it applies, and first when its name is typed.
                _ => assert!(
                    Place::ALL.iter().any(|p| {
                        commands("", *p).iter().any(|c| c.label == spec.usage())
                            && commands(spec.name, *p)[0].label == spec.usage()
                    }),
                    "{} is offered nowhere",
                    spec.name
                ),
            }
        }
    }

    #[test]
    fn the_palette_offers_what_applies_where_the_user_is() {
        let names = |p: Place| -> Vec<String> {
            commands("", p)
                .into_iter()
                .map(|c| c.text.trim().to_string())
                .collect()
        };
        let tickets = names(Place::Pane(Pane::Tickets));
        assert!(tickets.contains(&"move".to_string()));
        assert!(tickets.contains(&"suggest-articles".to_string()));
        assert!(!tickets.iter().any(|n| n.starts_with("task-")));
        let projects = names(Place::Pane(Pane::Projects));
        assert!(projects.contains(&"task-earlier".to_string()));
        assert!(!projects.contains(&"move".to_string()));
        assert!(
            projects.contains(&"search".to_string()),
            "search works everywhere"
        );
        let welcome = names(Place::Welcome);
        assert!(welcome.contains(&"demo".to_string()) && welcome.contains(&"new".to_string()));
        assert!(!welcome.contains(&"move".to_string()));
        for p in Place::ALL {
            assert!(!names(p).contains(&"submit".to_string()));
        }
    }

    #[test]
    fn enter_runs_a_known_name_a_ticket_number_or_a_chosen_suggestion_and_names_the_rest() {
        let with = |text: &str| {
            let mut p = Palette::with(text);
            p.completions = commands(text, Place::Pane(Pane::Tickets));
            p
        };
        assert_eq!(resolve(&with("quit")), Ok(Run::Command(Command::Quit)));
        assert_eq!(resolve(&with("1000001")), Ok(Run::Ticket(1_000_001)));
        assert_eq!(resolve(&with(":#12")), Ok(Run::Ticket(12)));
        // An unknown name is not silently replaced by a guess …
        assert_eq!(
            resolve(&with("asgn")),
            Err(CommandError::DidYouMean {
                name: "asgn".into(),
                nearest: "assign"
            })
        );
        assert_eq!(
            resolve(&with("zzzzqqq")),
            Err(CommandError::Unknown("zzzzqqq".into()))
        );
        // … unless the user moved to a suggestion.
        let mut p = with("asgn");
        p.moved = true;
        assert_eq!(resolve(&p), Ok(Run::Command(Command::Assign(None))));
        assert_eq!(ticket_number("12a"), None);
        assert_eq!(ticket_number("0"), None);
    }

    #[test]
    fn chinese_descriptions_are_searched_too() {
        let found = commands("退出", Place::Pane(Pane::Kb));
        assert_eq!(found.first().map(|c| c.label.as_str()), Some("quit"));
    }
}
