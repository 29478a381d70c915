//! Key sequences → commands, per context, as data: the defaults declared with the
//! commands, the user's `[keys]` merged over them key by key. A lookup answers like
//! helix: Matched, Pending (the node, with its label, is the which-key box),
//! NotFound, Cancelled.

use super::context::Context;
use super::key::{seq_to_string, Key, KeyCode};
use crate::app::command::{Command, Prefix, PREFIXES, SPECS};
use crate::config::{ConfigError, KeyBinding};
use std::collections::BTreeMap;

/// A node of the key trie: a command, or further keys under an optional label.
#[derive(Debug, Clone, PartialEq)]
pub enum Trie {
    Leaf(Command),
    Node {
        label: Option<&'static Prefix>,
        children: BTreeMap<Key, Trie>,
    },
}

/// What a key continues with, for the which-key box.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    Run(Command),
    /// More keys follow, under this label if the prefix has one.
    More(Option<&'static Prefix>),
}

impl Hint {
    /// The command name, or `+label` / `…` for a further prefix.
    pub fn name(&self) -> String {
        match self {
            Hint::Run(c) => c.name().to_string(),
            Hint::More(Some(p)) => format!("+{}", p.en),
            Hint::More(None) => "…".to_string(),
        }
    }
}

/// A started key sequence: the prefix's label and what may follow.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pending {
    pub label: Option<&'static Prefix>,
    pub next: Vec<(Key, Hint)>,
}

/// The answer to one key press.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyResult {
    /// A whole sequence matched this command.
    Matched(Command),
    /// More keys may follow (the which-key box).
    Pending(Pending),
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

/// Every declared default binding as (context, keys, command).
fn default_bindings() -> impl Iterator<Item = (Context, &'static str, Command)> {
    SPECS.iter().flat_map(|spec| {
        let cmd = Command::from_parts(spec.name, None).ok();
        spec.keys
            .iter()
            .filter_map(move |(ctx, keys)| cmd.clone().map(|c| (*ctx, *keys, c)))
    })
}

impl Keymap {
    /// The built-in keymap, from the command declarations.
    pub fn defaults() -> Keymap {
        let mut km = Keymap::default();
        for (ctx, keys, cmd) in default_bindings() {
            // A declaration that does not parse or clashes is caught by a test.
            if let Ok(seq) = Key::parse_seq(keys) {
                let _ = km.insert(ctx, &seq, cmd);
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
    pub(super) fn insert(&mut self, ctx: Context, seq: &[Key], cmd: Command) -> Result<(), String> {
        let mut node = self.maps.entry(ctx).or_default();
        for (i, key) in seq.iter().enumerate() {
            if i + 1 == seq.len() {
                if let Some(Trie::Node { children, .. }) = node.get(key) {
                    let mut longer = seq.to_vec();
                    longer.extend(first_path(children));
                    return Err(seq_to_string(&longer));
                }
                node.insert(*key, Trie::Leaf(cmd));
                return Ok(());
            }
            let entry = node.entry(*key).or_insert_with(|| Trie::Node {
                label: label_of(&seq[..=i]),
                children: BTreeMap::new(),
            });
            match entry {
                Trie::Node { children, .. } => node = children,
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
            if let Some(Trie::Node { children, .. }) = map.get_mut(first) {
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
        let mut hints: BTreeMap<Key, Hint> = BTreeMap::new();
        let mut label = None;
        for ctx in contexts {
            match self.lookup(*ctx, &seq) {
                Some(Trie::Leaf(cmd)) if hints.is_empty() => {
                    return KeyResult::Matched(cmd.clone());
                }
                Some(Trie::Node { label: l, children }) => {
                    label = label.or(*l);
                    for (k, t) in children {
                        hints.entry(*k).or_insert_with(|| match t {
                            Trie::Leaf(c) => Hint::Run(c.clone()),
                            Trie::Node { label, .. } => Hint::More(*label),
                        });
                    }
                }
                _ => {}
            }
        }
        if !hints.is_empty() {
            KeyResult::Pending(Pending {
                label,
                next: hints.into_iter().collect(),
            })
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
                Trie::Node { children, .. } => t = children.get(k)?,
                Trie::Leaf(_) => return None,
            }
        }
        Some(t)
    }

    /// Every binding of one context as (key sequence, command), in key order.
    pub fn bindings(&self, ctx: Context) -> Vec<(String, Command)> {
        let mut out = Vec::new();
        if let Some(map) = self.maps.get(&ctx) {
            walk(map, &mut Vec::new(), &mut |keys, c| {
                out.push((seq_to_string(keys), c.clone()))
            });
        }
        out
    }

    /// The keys bound to the command named `name` in `contexts` (for hints).
    /// Plain keys come first (`q` before `C-c`, `enter` before `C-s`), so the first
    /// one is the key a hint should show.
    pub fn keys_for(&self, contexts: &[Context], name: &str) -> Vec<String> {
        let mut keys: Vec<(usize, String)> = Vec::new();
        for ctx in contexts {
            if let Some(map) = self.maps.get(ctx) {
                walk(map, &mut Vec::new(), &mut |seq, c| {
                    if c.name() == name {
                        keys.push((cost(seq), seq_to_string(seq)));
                    }
                });
            }
        }
        keys.sort_by_key(|(cost, _)| *cost);
        keys.into_iter().map(|(_, k)| k).collect()
    }
}

/// Calls `f` with every bound sequence under `map` and its command.
fn walk(map: &BTreeMap<Key, Trie>, prefix: &mut Vec<Key>, f: &mut dyn FnMut(&[Key], &Command)) {
    for (k, t) in map {
        prefix.push(*k);
        match t {
            Trie::Leaf(c) => f(prefix, c),
            Trie::Node { children, .. } => walk(children, prefix, f),
        }
        prefix.pop();
    }
}

/// How hard a sequence is to type: modifiers cost most, named keys more than letters.
fn cost(seq: &[Key]) -> usize {
    seq.iter()
        .map(|k| {
            let mods = usize::from(k.ctrl) + usize::from(k.alt) + usize::from(k.shift);
            let named = usize::from(!matches!(k.code, KeyCode::Char(_)));
            1 + 10 * mods + 3 * named
        })
        .sum()
}

/// The declared label of a key prefix, if any.
fn label_of(prefix: &[Key]) -> Option<&'static Prefix> {
    PREFIXES
        .iter()
        .find(|p| Key::parse_seq(p.keys).is_ok_and(|s| s == prefix))
}

fn first_path(map: &BTreeMap<Key, Trie>) -> Vec<Key> {
    let mut out = Vec::new();
    let mut cur = map;
    while let Some((k, t)) = cur.iter().next() {
        out.push(*k);
        match t {
            Trie::Node { children, .. } => cur = children,
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

/// The default keymap as commented TOML, the way `config.example.toml` documents it.
pub fn defaults_toml() -> String {
    let mut out = String::new();
    for ctx in Context::ALL {
        let rows: Vec<_> = default_bindings().filter(|(c, _, _)| *c == ctx).collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("#   [keys.{}]\n", ctx.name()));
        for (_, keys, cmd) in rows {
            let k = format!("{keys:?}");
            out.push_str(&format!("#   {k:<10} = \"{}\"\n", cmd.name()));
        }
    }
    out
}
