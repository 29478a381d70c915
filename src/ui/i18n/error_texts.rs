//! The library's error messages (`crate::error::ENGLISH`) in Chinese, key for key, so
//! a failure in the Chinese console reads as one Chinese sentence (through
//! `Error::localized` / `Message::render`). Placeholders match the English ones,
//! except that the engine's own English words (`{text}`) are left out where the
//! sentence already says everything (they stay in the log).

/// The Chinese template of an error message key.
pub fn zh(key: &str) -> Option<&'static str> {
    ZH.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// Every error message key with its Chinese template.
pub const ZH: &[(&str, &str)] = &[
    // Operations.
    ("not_found", "找不到{what} {key}"),
    ("conflict", "保存冲突：{text}"),
    ("invalid", "{text}"),
    ("hint.text", "{text}"),
    ("config", "{text}"),
    ("timed_out", "查询超过 {seconds} 秒，已停止"),
    (
        "hint.timed_out",
        "请缩小范围：少用几个词，或加上阶段、处理人、日期条件",
    ),
    // Files.
    ("io.read", "无法读取“{path}”：{cause}"),
    ("io.write", "无法写入“{path}”：{cause}"),
    ("io.create", "无法创建“{path}”：{cause}"),
    ("io.create_dir", "无法创建文件夹“{path}”：{cause}"),
    ("io.remove", "无法删除“{path}”：{cause}"),
    ("io.rename", "无法把“{path}”放到位：{cause}"),
    ("io.run", "无法启动“{path}”：{cause}"),
    ("io.other", "读写失败：{cause}"),
    ("cause.os", "{text}"),
    ("cause.disk_full", "磁盘已满"),
    ("cause.quota", "磁盘配额已用完"),
    ("cause.permission", "没有权限"),
    ("cause.read_only_fs", "文件系统是只读的"),
    ("cause.io", "磁盘或网络共享报告了读写错误"),
    ("cause.not_found", "文件或文件夹不存在"),
    ("cause.exists", "已经存在"),
    ("cause.is_dir", "这是一个文件夹"),
    ("cause.truncated", "文件提前结束"),
    ("cause.broken_pipe", "读取方已经退出"),
    ("hint.disk_full", "请释放磁盘空间后重试；没有保存任何内容"),
    ("hint.quota", "请在磁盘配额内释放空间后重试；没有保存任何内容"),
    ("hint.permission", "请检查文件及其所在文件夹的权限（ls -l）"),
    ("hint.read_only_fs", "请写到别处，或把文件系统重新挂载为可写"),
    (
        "hint.transient_io",
        "这通常是暂时的（网络共享或磁盘故障）：请重试；如果反复出现，请检查磁盘或共享",
    ),
    ("hint.not_found", "请检查路径，以及文件夹是否存在"),
    ("hint.exists", "请换一个名字，或先删除旧文件"),
    ("hint.is_dir", "请指定一个文件，而不是文件夹"),
    // Database files.
    ("db.is_folder", "“{path}”是文件夹，不是数据库文件"),
    ("hint.db.name_a_file", "请指定一个文件，例如 --db {example}"),
    (
        "db.not_sqlite",
        "“{path}”不是 aftercare 数据库（不是 SQLite 文件）",
    ),
    (
        "hint.db.point_elsewhere",
        "请让 --db 指向 aftercare 数据库，或指向一个新文件名来新建",
    ),
    (
        "db.truncated",
        "“{path}”已损坏：只有 {size} 字节，不足一个 SQLite 数据库",
    ),
    ("db.damaged", "“{path}”已损坏：{detail}"),
    (
        "hint.db.restore",
        "运行 aftercare db check 查看损坏之处，并从备份恢复该文件（aftercare db backup 可以做备份）",
    ),
    ("db.foreign", "“{path}”是 SQLite 数据库，但不是 aftercare 的"),
    (
        "hint.db.foreign",
        "请让 --db 指向 aftercare 数据库，或指向一个新文件名",
    ),
    (
        "db.newer",
        "“{path}”的结构版本是 {found}，比本程序支持的（{supported}）更新",
    ),
    ("hint.db.newer", "请升级 aftercare 后再打开；文件没有被改动"),
    ("db.locked", "“{path}”被其他程序锁定"),
    (
        "hint.db.locked",
        "可能有另一个 aftercare 正在载入或写入：请重试，或调大 [storage] busy_timeout_ms",
    ),
    ("db.read_only", "“{path}”是只读的"),
    ("hint.db.chmod", "请检查文件权限（chmod u+w 文件）"),
    (
        "db.read_only_folder",
        "“{path}”所在文件夹是只读的，只能读取",
    ),
    (
        "hint.db.folder_writable",
        "SQLite 要在数据库旁边写日志文件：请让文件夹可写，或把文件复制到可写的位置",
    ),
    (
        "db.read_only_upgrade",
        "“{path}”在这里只能读取，但需要升级结构（到版本 {supported}）",
    ),
    (
        "hint.db.make_writable",
        "请让文件及其文件夹可写（chmod u+w）后再运行",
    ),
    ("db.cannot_create", "无法创建“{path}”：{cause}"),
    ("db.cannot_read", "无法读取“{path}”：{cause}"),
    ("db.cannot_open", "无法打开“{path}”：{cause}"),
    (
        "db.wal_over_network",
        "“{path}”处于 WAL 模式，不能通过网络文件系统使用；另一个程序正打开着它，暂时无法切换到 delete 模式",
    ),
    (
        "hint.db.wal_over_network",
        "请稍后重试；如果一直如此，请让在存放该文件的机器上打开 aftercare 的人关闭它，或在那台机器上运行：aftercare db journal delete（之后对所有人都保持 delete 模式）",
    ),
    (
        "db.journal_busy",
        "其他人正打开着“{path}”，无法切换到 {mode} 模式",
    ),
    (
        "hint.db.journal_busy",
        "请其他人关闭 aftercare（包括控制台）后再运行该命令",
    ),
    (
        "db.journal_network",
        "“{path}”是通过网络文件系统（{fs}）访问的，WAL 模式在这里无法工作",
    ),
    (
        "hint.db.journal_network",
        "请保持 delete 模式；WAL 只适用于所有人都在同一台机器上打开的文件",
    ),
    ("hint.pg.auth", "请检查用户名和密码（PGPASSWORD、~/.pgpass 或 [storage] password_cmd）"),
    ("hint.pg.no_database", "请先创建数据库（见 README 的“团队服务器”一节）"),
    ("hint.pg.privilege", "数据库用户缺少权限：请联系服务器管理员"),
    ("hint.pg.lock", "另一个会话持有锁；请重试，或调大 [storage] busy_timeout_ms"),
    ("hint.pg.standby", "该服务器是只读备库：请把 --db 指向主库"),
    ("hint.pg.too_many", "服务器连接数已满：请稍后重试"),
    ("hint.pg.restarting", "服务器正在关闭或启动：请重试"),
    ("hint.pg.lost", "与服务器的连接已断开；请确认服务器在运行后重试"),
    ("db.other", "{text}"),
    // The database engine, by error code.
    (
        "db.engine.busy",
        "数据库正忙：另一个程序持有锁",
    ),
    (
        "hint.db.busy",
        "另一个程序持有写锁：请重试，或调大 [storage] busy_timeout_ms",
    ),
    ("db.engine.read_only", "数据库无法写入"),
    (
        "hint.db.read_only",
        "数据库文件或其文件夹是只读的：请检查权限（chmod u+w）或挂载方式",
    ),
    ("db.engine.full", "存放数据库的磁盘已满"),
    ("db.engine.corrupt", "数据库文件已损坏（{text}）"),
    (
        "db.engine.io",
        "读写数据库时磁盘或网络共享出错",
    ),
    (
        "db.engine.cannot_open",
        "无法打开数据库或其日志文件",
    ),
    (
        "hint.db.cannot_open",
        "请检查文件及其文件夹是否存在且可写：SQLite 要在数据库旁边写日志文件",
    ),
    ("db.engine.not_a_db", "该文件不是 SQLite 数据库（{text}）"),
    ("db.engine.interrupted", "数据库查询已停止"),
    ("db.engine.search_syntax", "无法理解搜索内容"),
    ("hint.db.search_syntax", "请搜索词语，或把文字放在双引号里"),
    ("db.engine.too_big", "查询或文字太大（{text}）"),
    ("hint.db.too_big", "请少用几个词或条件，或缩短文字"),
    ("db.engine.other", "数据库：{text}"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ENGLISH;

    fn placeholders(t: &str) -> Vec<&str> {
        let mut out: Vec<&str> = t
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_error_message_has_a_chinese_template_with_the_same_placeholders() {
        for (key, en) in ENGLISH {
            let Some(zh) = zh(key) else {
                panic!("no Chinese text for {key}");
            };
            let mut want = placeholders(en);
            if key.starts_with("db.engine.") && !placeholders(zh).contains(&"text") {
                want.retain(|p| *p != "text");
            }
            assert_eq!(placeholders(zh), want, "{key}");
        }
        assert_eq!(ZH.len(), ENGLISH.len(), "a Chinese key the library lacks");
    }
}
