//! Error texts as a stable key plus named arguments, so the console can show them in
//! its own language: it looks the key up in its string table and falls back to the
//! English template below. Templates use `{name}` placeholders.

/// A user-facing text: a template key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Stable identifier of the template (`io.write`, `hint.disk_full` …).
    pub key: &'static str,
    /// Values for the template's `{name}` placeholders.
    pub args: Vec<(&'static str, Arg)>,
}

/// One argument of a message: plain text, or another message (a cause, a reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Msg(Message),
}

impl Message {
    /// A message without arguments.
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a text argument.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a message argument, rendered in the same language.
    pub fn with(mut self, name: &'static str, value: Message) -> Message {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    /// The text in the language of `lookup` (key → template), English where it has none.
    pub fn render(&self, lookup: &dyn Fn(&str) -> Option<&'static str>) -> String {
        let template = lookup(self.key)
            .or_else(|| english(self.key))
            .unwrap_or(self.key);
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Arg::Text(s) => s.clone(),
                    Arg::Msg(m) => m.render(lookup),
                };
                (*k, text)
            })
            .collect();
        fill(template, &args)
    }

    /// The English text.
    pub fn english(&self) -> String {
        self.render(&|_| None)
    }
}

/// Replaces each `{name}` in one pass (an argument's own braces are left alone).
fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The English template of `key`.
pub fn english(key: &str) -> Option<&'static str> {
    ENGLISH.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// Every key with its English template: the table a translation mirrors.
pub const ENGLISH: &[(&str, &str)] = &[
    // Operations.
    ("not_found", "{what} {key} not found"),
    ("conflict", "conflict: {text}"),
    ("invalid", "{text}"),
    ("hint.text", "{text}"),
    ("config", "{text}"),
    (
        "timed_out",
        "the query took longer than {seconds} s and was stopped",
    ),
    (
        "hint.timed_out",
        "narrow it down: fewer words, or a stage, assignee or date condition",
    ),
    // Files: what was being done, where, and why it failed.
    ("io.read", "cannot read '{path}': {cause}"),
    ("io.write", "cannot write '{path}': {cause}"),
    ("io.create", "cannot create '{path}': {cause}"),
    ("io.create_dir", "cannot create the folder '{path}': {cause}"),
    ("io.remove", "cannot remove '{path}': {cause}"),
    ("io.rename", "cannot put '{path}' in place: {cause}"),
    ("io.run", "cannot start '{path}': {cause}"),
    ("io.other", "input/output failed: {cause}"),
    ("cause.os", "{text}"),
    ("cause.disk_full", "the disk is full"),
    ("cause.quota", "the disk quota is used up"),
    ("cause.permission", "permission denied"),
    ("cause.read_only_fs", "the file system is read-only"),
    (
        "cause.io",
        "the disk or network share reported an input/output error",
    ),
    ("cause.not_found", "no such file or folder"),
    ("cause.exists", "it already exists"),
    ("cause.is_dir", "it is a folder"),
    ("cause.truncated", "the file ended too early"),
    ("cause.broken_pipe", "the reader went away"),
    (
        "hint.disk_full",
        "free some disk space and try again; nothing was saved",
    ),
    (
        "hint.quota",
        "free some space within your disk quota and try again; nothing was saved",
    ),
    (
        "hint.permission",
        "check the permissions of the file and its folder (ls -l)",
    ),
    (
        "hint.read_only_fs",
        "write somewhere else, or remount the file system read-write",
    ),
    (
        "hint.transient_io",
        "this is often passing (a network share or a failing disk): try again; if it repeats, check the disk or the share",
    ),
    ("hint.not_found", "check the path and that the folder exists"),
    (
        "hint.exists",
        "choose a new name, or remove the old file first",
    ),
    ("hint.is_dir", "name a file, not a folder"),
    // Database files.
    ("db.is_folder", "'{path}' is a folder, not a database file"),
    ("hint.db.name_a_file", "name a file, e.g. --db {example}"),
    (
        "db.not_sqlite",
        "'{path}' is not an aftercare database (not an SQLite file)",
    ),
    (
        "hint.db.point_elsewhere",
        "point --db at an aftercare database, or at a new file name to create one",
    ),
    (
        "db.truncated",
        "'{path}' is damaged: it is {size} bytes long, too short for an SQLite database",
    ),
    ("db.damaged", "'{path}' is damaged: {detail}"),
    (
        "hint.db.restore",
        "run aftercare db check to see what is damaged, and restore the file from a backup (aftercare db backup makes one)",
    ),
    (
        "db.foreign",
        "'{path}' is an SQLite database, but not an aftercare one",
    ),
    (
        "hint.db.foreign",
        "point --db at an aftercare database, or at a new file name",
    ),
    (
        "db.newer",
        "'{path}' has schema version {found}, newer than this aftercare understands ({supported})",
    ),
    (
        "hint.db.newer",
        "upgrade aftercare to open it; the file was left untouched",
    ),
    ("db.locked", "'{path}' is locked by another program"),
    (
        "hint.db.locked",
        "another aftercare may be loading or writing it; try again, or raise [storage] busy_timeout_ms",
    ),
    ("db.read_only", "'{path}' is read-only"),
    (
        "hint.db.chmod",
        "check the file's permissions (chmod u+w FILE)",
    ),
    (
        "db.read_only_folder",
        "'{path}' is in a read-only folder, so it can only be read",
    ),
    (
        "hint.db.folder_writable",
        "SQLite writes a journal beside the database: make the folder writable, or copy the file somewhere writable",
    ),
    (
        "db.read_only_upgrade",
        "'{path}' can only be read here and needs a schema upgrade (to version {supported})",
    ),
    (
        "hint.db.make_writable",
        "make the file and its folder writable (chmod u+w) and run again",
    ),
    ("db.cannot_create", "cannot create '{path}': {cause}"),
    ("db.cannot_read", "cannot read '{path}': {cause}"),
    ("db.cannot_open", "cannot open '{path}': {cause}"),
    (
        "db.wal_over_network",
        "'{path}' is in WAL mode, which cannot work over a network file system, and it cannot be switched to delete mode while another program has it open",
    ),
    (
        "hint.db.wal_over_network",
        "try again in a moment; if it lasts, ask whoever has aftercare open on the machine that holds the file to close it, or run there: aftercare db journal delete (the file then stays in delete mode for everyone)",
    ),
    (
        "db.journal_busy",
        "cannot switch '{path}' to {mode} mode while others have it open",
    ),
    (
        "hint.db.journal_busy",
        "ask the others to close aftercare (the console too), then run the command again",
    ),
    (
        "db.journal_network",
        "'{path}' is reached through a network file system ({fs}), where WAL mode cannot work",
    ),
    (
        "hint.db.journal_network",
        "keep it in delete mode; WAL is only for a file that everyone opens on one machine",
    ),
    ("hint.pg.auth", "check the user and password (PGPASSWORD, ~/.pgpass or [storage] password_cmd)"),
    ("hint.pg.no_database", "create the database first (see the README, Team server)"),
    ("hint.pg.privilege", "the database user lacks a privilege: ask the server's administrator"),
    ("hint.pg.lock", "another session holds the lock; try again, or raise [storage] busy_timeout_ms"),
    ("hint.pg.standby", "the server is a read-only standby: point --db at the primary"),
    ("hint.pg.too_many", "the server has too many connections: try again later"),
    ("hint.pg.restarting", "the server is shutting down or starting: try again"),
    ("hint.pg.lost", "the connection to the server was lost; check that it is running and try again"),
    ("db.other", "{text}"),
    // The database engine, by error code.
    (
        "db.engine.busy",
        "the database is busy: another program holds a lock ({text})",
    ),
    (
        "hint.db.busy",
        "another program holds a write lock; try again, or raise [storage] busy_timeout_ms",
    ),
    ("db.engine.read_only", "the database cannot be written ({text})"),
    (
        "hint.db.read_only",
        "the database file or its folder is read-only: check their permissions (chmod u+w), or the mount",
    ),
    (
        "db.engine.full",
        "the disk holding the database is full ({text})",
    ),
    ("db.engine.corrupt", "the database file is damaged ({text})"),
    (
        "db.engine.io",
        "the disk or network share failed while the database was read or written ({text})",
    ),
    (
        "db.engine.cannot_open",
        "cannot open the database or its journal ({text})",
    ),
    (
        "hint.db.cannot_open",
        "check that the file and its folder exist and are writable: SQLite keeps a journal beside the database",
    ),
    ("db.engine.not_a_db", "the file is not an SQLite database ({text})"),
    ("db.engine.interrupted", "the database query was stopped"),
    (
        "db.engine.search_syntax",
        "the search text could not be understood",
    ),
    (
        "hint.db.search_syntax",
        "search for words, or put the text in double quotes",
    ),
    ("db.engine.too_big", "the query or text is too large ({text})"),
    (
        "hint.db.too_big",
        "use fewer words or conditions, or shorter text",
    ),
    ("db.engine.other", "database: {text}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_arguments_once_and_nests_messages() {
        let m = Message::new("io.write")
            .arg("path", "/tmp/{cause}.csv")
            .with("cause", Message::new("cause.disk_full"));
        assert_eq!(
            m.english(),
            "cannot write '/tmp/{cause}.csv': the disk is full"
        );
        let zh = |k: &str| match k {
            "io.write" => Some("无法写入“{path}”：{cause}"),
            "cause.disk_full" => Some("磁盘已满"),
            _ => None,
        };
        assert_eq!(m.render(&zh), "无法写入“/tmp/{cause}.csv”：磁盘已满");
    }

    #[test]
    fn every_key_is_unique() {
        let mut keys: Vec<&str> = ENGLISH.iter().map(|(k, _)| *k).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is listed twice");
    }
}
