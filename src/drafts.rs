//! Drafts that survive a crash: text typed in the console (replies, notes, a new
//! ticket, article edits) kept on disk until it is sent or discarded, and offered
//! back on the next start.
//!
//! Each draft is one small JSON file in a private folder (0700) of the data
//! directory, written 0600 through a temporary file and a rename, so a crash (or a
//! `kill -9`) leaves the previous or the new version, never half of one. Drafts
//! belong to one database: the file name starts with a tag of its path.

use crate::error::{IoAction, IoContext, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a draft is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftKey {
    /// A reply to the customer on a ticket.
    Reply { ticket: i64 },
    /// An internal note on a ticket.
    Note { ticket: i64 },
    /// The new-ticket form.
    NewTicket,
    /// An edited knowledge-base article.
    Article { id: i64 },
}

impl DraftKey {
    fn file_part(self) -> String {
        match self {
            DraftKey::Reply { ticket } => format!("reply-{ticket}"),
            DraftKey::Note { ticket } => format!("note-{ticket}"),
            DraftKey::NewTicket => "new-ticket".into(),
            DraftKey::Article { id } => format!("article-{id}"),
        }
    }
}

/// A draft as kept on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub key: DraftKey,
    /// The text, or the fields of a form in their order.
    pub fields: Vec<String>,
    /// The database it belongs to.
    pub database: String,
    /// Unix seconds of the last save.
    pub saved_at: i64,
}

/// The drafts of one database.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
    database: String,
    tag: String,
    /// What is on disk, as this store last wrote or read it.
    saved: BTreeMap<DraftKey, Vec<String>>,
}

/// The default folder: `drafts` in the platform data folder.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "aftercare").map(|d| d.data_dir().join("drafts"))
}

/// A short stable tag of a database path (FNV-1a), so drafts of two databases never mix.
fn tag_of(database: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in database.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl DraftStore {
    /// The drafts of the database at `database`, kept in `dir` (created 0700).
    pub fn open(dir: &Path, database: &Path) -> Result<DraftStore> {
        crate::files::create_private_dir_all(dir).at(IoAction::CreateDir, dir)?;
        let database = std::fs::canonicalize(database)
            .unwrap_or_else(|_| database.to_path_buf())
            .display()
            .to_string();
        let mut store = DraftStore {
            dir: dir.to_path_buf(),
            tag: tag_of(&database),
            database,
            saved: BTreeMap::new(),
        };
        store.saved = store
            .load()?
            .into_iter()
            .map(|d| (d.key, d.fields))
            .collect();
        Ok(store)
    }

    fn path(&self, key: DraftKey) -> PathBuf {
        self.dir
            .join(format!("{}-{}.json", self.tag, key.file_part()))
    }

    /// This database's drafts, oldest first. Files that cannot be read (another
    /// version's, damaged) are skipped, never fatal.
    pub fn load(&self) -> Result<Vec<Draft>> {
        let mut out = Vec::new();
        let prefix = format!("{}-", self.tag);
        let entries = std::fs::read_dir(&self.dir).at(IoAction::Read, &self.dir)?;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if !name.starts_with(&prefix) || !name.ends_with(".json") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            match serde_json::from_str::<Draft>(&text) {
                Ok(d) if d.database == self.database => out.push(d),
                _ => continue,
            }
        }
        out.sort_by_key(|d| (d.saved_at, d.key));
        Ok(out)
    }

    /// Saves one draft (replacing the previous version whole).
    pub fn save(&mut self, key: DraftKey, fields: &[String], now: i64) -> Result<()> {
        let d = Draft {
            key,
            fields: fields.to_vec(),
            database: self.database.clone(),
            saved_at: now,
        };
        let text = serde_json::to_string_pretty(&d).unwrap_or_default();
        crate::files::write_private_bytes(&self.path(key), text.as_bytes())?;
        self.saved.insert(key, fields.to_vec());
        Ok(())
    }

    /// Removes a draft that was sent or discarded.
    pub fn discard(&mut self, key: DraftKey) -> Result<()> {
        let path = self.path(key);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(crate::Error::io(IoAction::Remove, &path, e)),
        }
        self.saved.remove(&key);
        Ok(())
    }

    /// Makes the disk hold exactly `current`: changed drafts saved, gone ones removed.
    /// Returns how many files it wrote or removed.
    pub fn sync(&mut self, current: &BTreeMap<DraftKey, Vec<String>>, now: i64) -> Result<usize> {
        let mut n = 0;
        let gone: Vec<DraftKey> = self
            .saved
            .keys()
            .filter(|k| !current.contains_key(k))
            .copied()
            .collect();
        for k in gone {
            self.discard(k)?;
            n += 1;
        }
        for (k, fields) in current {
            if self.saved.get(k) != Some(fields) {
                self.save(*k, fields, now)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The folder the drafts are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn drafts_are_kept_per_database_until_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = dir.path().join("drafts");
        let mut a = DraftStore::open(&drafts, &dir.path().join("a.db")).unwrap();
        a.save(DraftKey::Reply { ticket: 7 }, &texts(&["您好，已处理"]), 10)
            .unwrap();
        a.save(
            DraftKey::NewTicket,
            &texts(&["打印机卡纸", "华为", "", "", "body"]),
            11,
        )
        .unwrap();
        // Another database sees none of them.
        let b = DraftStore::open(&drafts, &dir.path().join("b.db")).unwrap();
        assert!(b.load().unwrap().is_empty());
        // A new process (after a crash) finds both.
        let mut again = DraftStore::open(&drafts, &dir.path().join("a.db")).unwrap();
        let got = again.load().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].key, DraftKey::Reply { ticket: 7 });
        assert_eq!(got[0].fields, texts(&["您好，已处理"]));
        again.discard(DraftKey::Reply { ticket: 7 }).unwrap();
        again.discard(DraftKey::Reply { ticket: 7 }).unwrap();
        assert_eq!(again.load().unwrap().len(), 1);
    }

    #[test]
    fn sync_writes_changes_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = DraftStore::open(dir.path(), Path::new("/x/desk.db")).unwrap();
        let mut cur = BTreeMap::new();
        cur.insert(DraftKey::Note { ticket: 1 }, texts(&["a"]));
        assert_eq!(s.sync(&cur, 1).unwrap(), 1);
        assert_eq!(s.sync(&cur, 2).unwrap(), 0, "unchanged: nothing written");
        cur.insert(DraftKey::Note { ticket: 1 }, texts(&["ab"]));
        cur.insert(DraftKey::Article { id: 3 }, texts(&["# t"]));
        assert_eq!(s.sync(&cur, 3).unwrap(), 2);
        cur.remove(&DraftKey::Note { ticket: 1 });
        assert_eq!(s.sync(&cur, 4).unwrap(), 1);
        let left = s.load().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].key, DraftKey::Article { id: 3 });
    }

    #[cfg(unix)]
    #[test]
    fn drafts_are_private_and_damaged_files_are_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let drafts = dir.path().join("d");
        let mut s = DraftStore::open(&drafts, Path::new("/x/desk.db")).unwrap();
        s.save(DraftKey::Reply { ticket: 2 }, &texts(&["x"]), 1)
            .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&drafts), 0o700);
        let file = s.path(DraftKey::Reply { ticket: 2 });
        assert_eq!(mode(&file), 0o600);
        std::fs::write(s.path(DraftKey::Note { ticket: 2 }), "{ half").unwrap();
        assert_eq!(s.load().unwrap().len(), 1);
    }
}
