//! Who the user is: when only the OS user name is known and it is no agent, the
//! console asks once (pick an agent, add yourself, or stay as you are) and the
//! answer is written into the config file; `iam` asks again at any time.

use super::chrome::picker::NEW;
use super::chrome::{Overlay, Picker};
use super::command::{Choice, Command};
use super::msg::{Effect, Note};
use super::outcome::Outcome;
use super::state::State;

/// The "who are you" picker: staying as the current name (when that is no agent:
/// the harmless default), the active agents, then adding what is typed as a new agent.
pub fn picker(s: &State) -> Picker {
    let mut items = Vec::new();
    if !s.is_agent() {
        items.push(Choice::plain(&s.actor, ""));
    }
    items.extend(s.agents.iter().filter(|a| a.active).map(|a| Choice {
        value: a.name.clone(),
        label: a.name.clone(),
        hint: a.groups.join(","),
    }));
    let mut p = Picker::new(Command::Iam(None), items);
    p.creates = true;
    p
}

/// `iam VALUE`: an agent's name, the current name, or `new:NAME` to add one.
pub fn iam(s: &State, value: &str) -> Outcome {
    let (name, create) = match value.strip_prefix(NEW) {
        Some(n) => (n.trim().to_string(), true),
        None => (value.trim().to_string(), false),
    };
    let exists = s.agents.iter().any(|a| a.name == name);
    if name.is_empty() || (!create && !exists && name != s.actor) {
        return Outcome::note(Note::NoSuchAgent(name));
    }
    Outcome::effect(Effect::SetIdentity {
        create: create && !exists,
        name,
        config: s.config_path.clone(),
    })
}

/// The agents arrived: ask once, if the user's name is not one of them.
pub fn maybe_ask(s: &mut State) {
    if !s.ask_who || !s.agents_loaded || s.agents.is_empty() {
        return;
    }
    if s.is_agent() {
        s.ask_who = false;
    } else if !s.overlay.is_open() {
        s.ask_who = false;
        s.overlay = Overlay::Picker(picker(s));
    }
}
