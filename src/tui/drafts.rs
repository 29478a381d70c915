//! The console's drafts on disk: after every batch of events the typed text (replies,
//! notes, the new-ticket form, article edits) is compared with what was saved, and the
//! difference written through `crate::drafts` (at most twice a second while typing);
//! on start, the drafts of an earlier session are put back.

use crate::app::chrome::{Form, LineInput, Overlay};
use crate::app::msg::Note;
use crate::app::State;
use crate::drafts::{DraftKey, DraftStore};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The least time between two saves while text keeps changing.
const EVERY: Duration = Duration::from_millis(500);

/// Keeps the drafts of one console session on disk.
pub struct DraftSync {
    store: Option<DraftStore>,
    last: BTreeMap<DraftKey, Vec<String>>,
    saved_at: Option<Instant>,
}

/// The drafts the state holds, as the draft store keeps them.
pub fn snapshot(s: &State) -> BTreeMap<DraftKey, Vec<String>> {
    let mut out = BTreeMap::new();
    for ((ticket, internal), text) in &s.drafts {
        let key = if *internal {
            DraftKey::Note { ticket: *ticket }
        } else {
            DraftKey::Reply { ticket: *ticket }
        };
        out.insert(key, vec![text.clone()]);
    }
    for (id, text) in &s.kb.drafts {
        out.insert(DraftKey::Article { id: *id }, vec![text.clone()]);
    }
    if let Overlay::Form(f) = &s.overlay {
        // Title, customer and body are what was typed; the pickers have defaults.
        let typed = !f.title.text.trim().is_empty()
            || !f.body.text.trim().is_empty()
            || f.customer.as_ref().is_some_and(|c| !c.value.is_empty());
        if typed {
            let value = |c: &Option<crate::app::command::Choice>| {
                c.as_ref().map(|c| c.value.clone()).unwrap_or_default()
            };
            let label = f.customer.as_ref().map(|c| c.label.clone());
            out.insert(
                DraftKey::NewTicket,
                vec![
                    f.title.text.clone(),
                    f.body.text.clone(),
                    value(&f.customer),
                    label.unwrap_or_default(),
                    value(&f.ty),
                    value(&f.priority),
                    value(&f.channel),
                ],
            );
        }
    }
    out
}

/// Puts drafts back into the state; returns how many.
pub fn restore(s: &mut State, drafts: &BTreeMap<DraftKey, Vec<String>>) -> usize {
    let mut n = 0;
    for (key, fields) in drafts {
        let first = fields.first().cloned().unwrap_or_default();
        match key {
            DraftKey::Reply { ticket } => {
                s.drafts.insert((*ticket, false), first);
            }
            DraftKey::Note { ticket } => {
                s.drafts.insert((*ticket, true), first);
            }
            DraftKey::Article { id } => {
                s.kb.drafts.insert(*id, first);
            }
            DraftKey::NewTicket => {
                let at = |i: usize| fields.get(i).cloned().unwrap_or_default();
                let pick = |i: usize| {
                    let v = at(i);
                    (!v.is_empty()).then(|| crate::app::command::Choice::plain(&v, ""))
                };
                let mut form = Form {
                    title: LineInput::with(&at(0)),
                    body: LineInput::with(&at(1)),
                    ty: pick(4),
                    priority: pick(5),
                    channel: pick(6),
                    ..Default::default()
                };
                form.customer = pick(2).map(|mut c| {
                    c.label = at(3);
                    c
                });
                s.overlay = Overlay::Form(Box::new(form));
            }
        }
        n += 1;
    }
    n
}

impl DraftSync {
    /// Opens the drafts of `database` in `dir` and puts them back into `s`. Without a
    /// usable folder the console still runs; a toast says drafts are not kept.
    pub fn start(dir: Option<&Path>, database: &Path, s: &mut State) -> DraftSync {
        let opened = match dir {
            Some(d) => DraftStore::open(d, database),
            None => Err(crate::Error::msg("no data folder")),
        };
        let store = match opened {
            Ok(st) => Some(st),
            Err(e) => {
                s.toast(Note::DraftsNotKept(e.to_string()));
                None
            }
        };
        let found: BTreeMap<DraftKey, Vec<String>> = store
            .as_ref()
            .and_then(|st| st.load().ok())
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.key, d.fields))
            .collect();
        let n = restore(s, &found);
        if n > 0 {
            s.toast(Note::DraftsRestored { n });
        }
        DraftSync {
            store,
            last: snapshot(s),
            saved_at: None,
        }
    }

    /// Writes what changed since the last save (at once when `force`, as on quit).
    pub fn sync(&mut self, s: &mut State, now: i64, force: bool) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let current = snapshot(s);
        if current == self.last {
            return;
        }
        // A draft that was sent or discarded goes at once; typing is saved every EVERY.
        let only_growing = current.keys().all(|k| self.last.contains_key(k))
            && self.last.keys().all(|k| current.contains_key(k));
        let recent = self.saved_at.is_some_and(|t| t.elapsed() < EVERY);
        if !force && only_growing && recent {
            return;
        }
        match store.sync(&current, now) {
            Ok(_) => {
                self.last = current;
                self.saved_at = Some(Instant::now());
            }
            Err(e) => {
                s.toast(Note::DraftsNotKept(e.to_string()));
                self.store = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn state() -> State {
        State::new(&Config::builtin(), "me", 0, (100, 30))
    }

    #[test]
    fn replies_notes_forms_and_articles_go_to_disk_and_come_back() {
        let mut s = state();
        s.drafts.insert((7, false), "您好".into());
        s.drafts.insert((7, true), "internal".into());
        s.kb.drafts.insert(3, "# 硒鼓".into());
        let form = Form {
            title: LineInput::with("打印机卡纸"),
            ty: Some(crate::app::command::Choice::plain("technical", "")),
            ..Default::default()
        };
        s.overlay = Overlay::Form(Box::new(form));
        let snap = snapshot(&s);
        assert_eq!(snap.len(), 4);
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        let mut sync = DraftSync::start(Some(&dir.path().join("drafts")), &db, &mut state());
        sync.sync(&mut s, 1, true);
        // A new session after a crash: everything is put back, with a toast.
        let mut again = state();
        DraftSync::start(Some(&dir.path().join("drafts")), &db, &mut again);
        assert_eq!(snapshot(&again), snap);
        assert!(again
            .toasts
            .iter()
            .any(|t| t.note == Note::DraftsRestored { n: 4 }));
        // A form with only its defaults is not a draft.
        let mut plain = state();
        let form = Form {
            ty: Some(crate::app::command::Choice::plain("technical", "")),
            priority: Some(crate::app::command::Choice::plain("normal", "")),
            ..Default::default()
        };
        plain.overlay = Overlay::Form(Box::new(form));
        assert!(snapshot(&plain).is_empty());
    }

    #[test]
    fn without_a_drafts_folder_the_console_runs_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let mut s = state();
        let mut sync = DraftSync::start(Some(&file), &dir.path().join("d.db"), &mut s);
        assert!(s
            .toasts
            .iter()
            .any(|t| matches!(t.note, Note::DraftsNotKept(_))));
        s.drafts.insert((1, false), "x".into());
        sync.sync(&mut s, 1, true);
    }
}
