//! Key sequences → commands, per context, as data: the defaults from the command
//! table with the user's `[keys]` merged over them key by key. A lookup answers
//! like helix: Matched, Pending (the node is the which-key hint), NotFound, Cancelled.

use super::command::{Command, COMMANDS};
use super::keys::{seq_to_string, Key, KeyCode};
use crate::config::{ConfigError, KeyBinding};
use std::collections::BTreeMap;

/// Where a binding applies. Resolution goes from the innermost context outwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Tickets,
    Projects,
    Kb,
    Team,
    Detail,
    Input,
    Palette,
    Picker,
    Form,
    Conflict,
    Help,
    Welcome,
}

impl Context {
    /// Every context, in the order help lists them.
    pub const ALL: [Context; 14] = [
        Context::Global,
        Context::List,
        Context::Tickets,
        Context::Projects,
        Context::Kb,
        Context::Team,
        Context::Detail,
        Context::Input,
        Context::Palette,
        Context::Picker,
        Context::Form,
        Context::Conflict,
        Context::Help,
        Context::Welcome,
    ];

    /// The name used in `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Tickets => "tickets",
            Context::Projects => "projects",
            Context::Kb => "kb",
            Context::Team => "team",
            Context::Detail => "detail",
            Context::Input => "input",
            Context::Palette => "palette",
            Context::Picker => "picker",
            Context::Form => "form",
            Context::Conflict => "conflict",
            Context::Help => "help",
            Context::Welcome => "welcome",
        }
    }

    /// The context named `s`.
    pub fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// A node of the key trie: a command, or further keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Trie {
    Leaf(Command),
    Node(BTreeMap<Key, Trie>),
}

/// The answer to one key press.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyResult {
    /// A whole sequence matched this command.
    Matched(Command),
    /// More keys may follow; the entries are the continuations (which-key).
    Pending(Vec<(Key, String)>),
    /// The key means nothing here.
    NotFound,
    /// A sequence was started and then broken off; these keys were typed.
    Cancelled(Vec<Key>),
}

/// The live keymap: one trie per context.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    maps: BTreeMap<Context, BTreeMap<Key, Trie>>,
}

impl Keymap {
    /// The built-in keymap.
    pub fn defaults() -> Keymap {
        let mut km = Keymap::default();
        for spec in COMMANDS {
            let cmd = Command::from_parts(spec.name, None).expect("table rows build");
            for (ctx, keys) in spec.keys {
                let ctx = Context::parse(ctx).expect("default contexts exist");
                let seq = Key::parse_seq(keys).expect("default keys parse");
                km.insert(ctx, &seq, cmd.clone())
                    .expect("default keys do not conflict");
            }
        }
        km
    }

    /// The defaults with `user` merged over them; bad bindings are skipped (the
    /// default stays) and reported with their file, line and column.
    pub fn with_user(user: &[KeyBinding]) -> (Keymap, Vec<ConfigError>) {
        let mut km = Keymap::defaults();
        let mut errors = Vec::new();
        let mut seen: BTreeMap<(Context, Vec<Key>), &KeyBinding> = BTreeMap::new();
        let mut valid: Vec<(&KeyBinding, Context, Vec<Key>, Command)> = Vec::new();
        for b in user {
            let err = |message: String, hint: &str| binding_error(b, message, hint);
            let Some(ctx) = Context::parse(b.context.trim()) else {
                errors.push(err(
                    format!("unknown key context '{}'", b.context),
                    &format!("contexts: {}", context_names()),
                ));
                continue;
            };
            let seq = match Key::parse_seq(&b.keys) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(err(
                        format!("[keys.{}] \"{}\": {e}", ctx.name(), b.keys),
                        "write keys like \"x\", \"G\", \"C-s\", \"alt-x\", \"enter\", \"g g\"",
                    ));
                    continue;
                }
            };
            let cmd = match Command::parse(&b.command) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(err(
                        format!("[keys.{}] \"{}\": {e}", ctx.name(), b.keys),
                        "press : in aftercare to list the command names",
                    ));
                    continue;
                }
            };
            if let Some(prev) = seen.insert((ctx, seq.clone()), b) {
                errors.push(err(
                    format!(
                        "[keys.{}] \"{}\" is bound twice (also at line {})",
                        ctx.name(),
                        b.keys,
                        prev.line
                    ),
                    "keep one binding per key in each context",
                ));
                continue;
            }
            valid.push((b, ctx, seq, cmd));
        }
        // Unbinding first lets a user free a prefix ("g g" = "noop") and reuse it ("g").
        for (_, ctx, seq, cmd) in &valid {
            if *cmd == Command::Noop {
                km.remove(*ctx, seq);
            }
        }
        for (b, ctx, seq, cmd) in valid {
            if cmd == Command::Noop {
                continue;
            }
            if let Err(clash) = km.insert(ctx, &seq, cmd) {
                errors.push(binding_error(
                    b,
                    format!(
                        "[keys.{}] \"{}\" clashes with \"{}\": a key cannot be both a command and the start of a sequence",
                        ctx.name(),
                        b.keys,
                        clash
                    ),
                    "bind the other sequence to \"noop\" first, or pick another key",
                ));
            }
        }
        (km, errors)
    }

    /// Binds `seq` to `cmd`; fails (naming the other sequence) when `seq` is a prefix
    /// of a bound sequence or a bound key is a prefix of `seq`.
    fn insert(&mut self, ctx: Context, seq: &[Key], cmd: Command) -> Result<(), String> {
        let mut node = self.maps.entry(ctx).or_default();
        for (i, key) in seq.iter().enumerate() {
            let last = i + 1 == seq.len();
            if last {
                if let Some(Trie::Node(children)) = node.get(key) {
                    let mut longer = seq.to_vec();
                    longer.extend(first_path(children));
                    return Err(seq_to_string(&longer));
                }
                node.insert(*key, Trie::Leaf(cmd));
                return Ok(());
            }
            let entry = node
                .entry(*key)
                .or_insert_with(|| Trie::Node(BTreeMap::new()));
            match entry {
                Trie::Node(children) => node = children,
                Trie::Leaf(_) => return Err(seq_to_string(&seq[..=i])),
            }
        }
        Ok(())
    }

    /// Unbinds `seq` (and prunes nodes left empty).
    fn remove(&mut self, ctx: Context, seq: &[Key]) {
        fn go(map: &mut BTreeMap<Key, Trie>, seq: &[Key]) {
            let Some((first, rest)) = seq.split_first() else {
                return;
            };
            if rest.is_empty() {
                map.remove(first);
                return;
            }
            if let Some(Trie::Node(children)) = map.get_mut(first) {
                go(children, rest);
                if children.is_empty() {
                    map.remove(first);
                }
            }
        }
        if let Some(map) = self.maps.get_mut(&ctx) {
            go(map, seq);
        }
    }

    /// Looks up `pending` + `key` in `contexts`, innermost first.
    pub fn resolve(&self, contexts: &[Context], pending: &[Key], key: Key) -> KeyResult {
        let mut seq = pending.to_vec();
        seq.push(key);
        let mut hints: BTreeMap<Key, String> = BTreeMap::new();
        for ctx in contexts {
            match self.lookup(*ctx, &seq) {
                Some(Trie::Leaf(cmd)) if hints.is_empty() => {
                    return KeyResult::Matched(cmd.clone());
                }
                Some(Trie::Node(children)) => {
                    for (k, t) in children {
                        hints.entry(*k).or_insert_with(|| match t {
                            Trie::Leaf(c) => c.name().to_string(),
                            Trie::Node(_) => "…".to_string(),
                        });
                    }
                }
                _ => {}
            }
        }
        if !hints.is_empty() {
            KeyResult::Pending(hints.into_iter().collect())
        } else if pending.is_empty() {
            KeyResult::NotFound
        } else {
            KeyResult::Cancelled(seq)
        }
    }

    fn lookup(&self, ctx: Context, seq: &[Key]) -> Option<&Trie> {
        let map = self.maps.get(&ctx)?;
        let (first, rest) = seq.split_first()?;
        let mut t = map.get(first)?;
        for k in rest {
            match t {
                Trie::Node(children) => t = children.get(k)?,
                Trie::Leaf(_) => return None,
            }
        }
        Some(t)
    }

    /// Every binding of one context as (key sequence, command), in key order.
    pub fn bindings(&self, ctx: Context) -> Vec<(String, Command)> {
        fn walk(
            map: &BTreeMap<Key, Trie>,
            prefix: &mut Vec<Key>,
            out: &mut Vec<(String, Command)>,
        ) {
            for (k, t) in map {
                prefix.push(*k);
                match t {
                    Trie::Leaf(c) => out.push((seq_to_string(prefix), c.clone())),
                    Trie::Node(children) => walk(children, prefix, out),
                }
                prefix.pop();
            }
        }
        let mut out = Vec::new();
        if let Some(map) = self.maps.get(&ctx) {
            walk(map, &mut Vec::new(), &mut out);
        }
        out
    }

    /// The keys bound to the command named `name` in `contexts` (for hints).
    /// Plain keys come first (`q` before `C-c`, `enter` before `C-s`), so the first
    /// one is the key a hint should show.
    pub fn keys_for(&self, contexts: &[Context], name: &str) -> Vec<String> {
        let mut keys: Vec<(usize, String)> = Vec::new();
        for ctx in contexts {
            fn walk(
                map: &BTreeMap<Key, Trie>,
                prefix: &mut Vec<Key>,
                name: &str,
                out: &mut Vec<(usize, String)>,
            ) {
                for (k, t) in map {
                    prefix.push(*k);
                    match t {
                        Trie::Leaf(c) if c.name() == name => {
                            let cost: usize = prefix
                                .iter()
                                .map(|k| {
                                    let mods = usize::from(k.ctrl)
                                        + usize::from(k.alt)
                                        + usize::from(k.shift);
                                    let named = usize::from(!matches!(k.code, KeyCode::Char(_)));
                                    1 + 10 * mods + 3 * named
                                })
                                .sum();
                            out.push((cost, seq_to_string(prefix)));
                        }
                        Trie::Leaf(_) => {}
                        Trie::Node(children) => walk(children, prefix, name, out),
                    }
                    prefix.pop();
                }
            }
            if let Some(map) = self.maps.get(ctx) {
                walk(map, &mut Vec::new(), name, &mut keys);
            }
        }
        keys.sort_by_key(|(cost, _)| *cost);
        keys.into_iter().map(|(_, k)| k).collect()
    }
}

fn first_path(map: &BTreeMap<Key, Trie>) -> Vec<Key> {
    let mut out = Vec::new();
    let mut cur = map;
    while let Some((k, t)) = cur.iter().next() {
        out.push(*k);
        match t {
            Trie::Node(children) => cur = children,
            Trie::Leaf(_) => break,
        }
    }
    out
}

fn binding_error(b: &KeyBinding, message: String, hint: &str) -> ConfigError {
    ConfigError {
        file: b.file.clone(),
        line: b.line,
        column: b.column,
        message,
        hint: Some(hint.to_string()),
    }
}

fn context_names() -> String {
    Context::ALL.map(|c| c.name()).join(", ")
}

/// Checks `[keys]` bindings: unknown contexts and commands, unparsable keys, a key
/// bound twice in one context, a key that is also the prefix of a sequence.
pub fn check_bindings(bindings: &[KeyBinding]) -> Vec<ConfigError> {
    Keymap::with_user(bindings).1
}

#[cfg(test)]
mod tests;
