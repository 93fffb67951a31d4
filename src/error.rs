//! The crate's error type.
use std::path::PathBuf;

use crate::normalize::normalize;

/// Everything that can go wrong in the core library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file was refused on import: the message names the file and the reason.
    #[error("{path}：{reason}")]
    Refused { path: PathBuf, reason: String },
    #[error("{path}：{}", io_message(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A data file (lexicon, manifest) is malformed.
    #[error("{path} 第 {line} 行：{message}")]
    Data {
        path: String,
        line: usize,
        message: String,
    },
    /// A question the library cannot answer (unknown app or purpose …).
    #[error(transparent)]
    Ask(#[from] AskError),
    /// Training a model failed (the corpus or a temporary file could not be read or written).
    #[error("训练出错：{message}")]
    Training { message: String },
    /// A `--format` (or a file name's extension) names a form this export does not have.
    #[error("没有“{given}”这种{what}格式：请用 {valid}")]
    UnknownFormat {
        /// What is exported (笔记, 报告, 接收方表).
        what: &'static str,
        given: String,
        valid: &'static str,
    },
    /// An export was given a folder where a file name was wanted.
    #[error("{} 是文件夹：请给出要写入的文件名", path.display())]
    IsAFolder { path: PathBuf },
    /// No folder to keep the library in (no home directory and no `POLICYLENS_LIBRARY`).
    #[error("找不到存放政策库的数据文件夹（没有主目录）：请设置 POLICYLENS_LIBRARY，或用 --library 指定目录")]
    NoDataDir,

    // --- The library (src/library/, src/index.rs, src/search.rs) ---
    /// Another process holds the library's writer lock.
    #[error("{dir} 中的政策库正忙：另一个 policylens 进程正在导入、删除政策或重建索引；请等它完成后再试（搜索仍可使用）")]
    Busy { dir: PathBuf },
    /// The library's search index was built with another index schema version.
    #[error("政策库的搜索索引由另一版本的 policylens 建立（索引结构第 {found} 版，本版本用第 {expected} 版）：请运行 `policylens reindex`")]
    SchemaMismatch { found: u32, expected: u32 },
    /// The index on disk does not have the schema its version number promises.
    #[error("{dir} 中的搜索索引与本版本 policylens 写出的不一致：请运行 `policylens reindex`")]
    IndexSchema { dir: PathBuf },
    /// The search index could not be read or written.
    #[error("搜索索引 {dir}：{message}（如果问题一直存在，请运行 `policylens reindex`）")]
    Index { dir: PathBuf, message: String },
    /// A search could not be run over the index.
    #[error("搜索失败：{message}（如果问题一直存在，请运行 `policylens reindex`）")]
    Search { message: String },
    /// The search index's files may not be read by this user (a library of another user).
    #[error(
        "搜索索引 {dir}：{message}：当前用户无权读取政策库的文件（请检查这些文件的所有者和权限）"
    )]
    IndexAccess { dir: PathBuf, message: String },
    /// The library database could not be read or written.
    #[error("政策库数据库 {path}：{message}")]
    Database { path: PathBuf, message: String },
    /// The library was written by a newer version of policylens.
    #[error("{path} 由更新版本的 policylens 写出（数据库结构第 {found} 版，本版本最多支持第 {supported} 版）：请升级 policylens")]
    LibraryTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The disk (or the user's quota) is full: nothing is wrong with the library.
    #[error("{path} 所在的磁盘没有空间了：请腾出一些空间后再试（之前导入的内容都还在）")]
    DiskFull { path: PathBuf },
    /// The library cannot be written (a read-only mount, an immutable folder, no permission).
    #[error("{dir} 中的政策库是只读的，无法{action}；仍可列出、搜索和阅读其中的政策")]
    ReadOnly { dir: PathBuf, action: String },
    /// A folder that is neither empty nor a library was given as the library.
    #[error("{dir} 不是 PolicyLens 政策库（没有 library.sqlite3），也不是空文件夹：请为政策库选一个新的或空的文件夹")]
    NotALibrary { dir: PathBuf },
    /// `check --app-type` names no type of the necessary-information regulation.
    #[error("没有“{given}”这种应用类型：请用《常见类型移动互联网应用程序必要个人信息范围规定》的 39 类之一：{}", valid.join("、"))]
    UnknownAppType { given: String, valid: Vec<String> },
    /// A search filter names a value the library does not have.
    #[error("{}", unknown_filter_message(filter, value, valid))]
    UnknownFilter {
        filter: String,
        value: String,
        valid: Vec<String>,
    },
    /// No note with this id.
    #[error("没有编号为 {id} 的笔记（用 `policylens notes list` 查看所有笔记）")]
    NoteNotFound { id: i64 },
    /// A note's place is not inside its policy's text.
    #[error("笔记的位置 {}..{} 不在政策 {policy} 的范围内（全文共 {chars} 个字符）", span.start, span.end)]
    NoteOutsidePolicy {
        span: crate::document::Span,
        policy: String,
        chars: usize,
    },
    /// No policy with this id (or id prefix) in the library.
    #[error("政策库中没有编号为“{id}”的政策（用 `policylens list` 查看所有政策）")]
    NotFound { id: String },
    /// More than one policy's id starts with the given prefix.
    /// A version diff named an app with fewer than two versions in the library.
    #[error("应用「{app}」在政策库中只有 {versions} 个版本：版本对比需要两个（也可以给出两个政策编号或两个文件）")]
    NotEnoughVersions { app: String, versions: usize },
    #[error("有多份政策的编号以“{id}”开头：请多给几位")]
    AmbiguousId { id: String },
    /// A policy's stored original was changed on disk after it was imported.
    #[error("{}：保存的原文已不是导入为 {id} 时的内容（磁盘上的文件被改过）：请删除这份政策后重新导入文件", path.display())]
    OriginalChanged { path: PathBuf, id: String },
}

/// `没有应用“X”；可选：A、B …` (long lists are cut, closest matches first).
fn unknown_filter_message(filter: &str, value: &str, valid: &[String]) -> String {
    const SHOWN: usize = 30;
    // The filters are named as the CLI's options are (`app`, `category`).
    let filter = match filter {
        "app" => "应用",
        "category" => "数据类别",
        other => other,
    };
    if valid.is_empty() {
        return format!("没有{filter}“{value}”：政策库中还没有任何{filter}");
    }
    let mut shown: Vec<&String> = valid
        .iter()
        .filter(|v| v.contains(value) || value.contains(v.as_str()))
        .collect();
    shown.extend(
        valid
            .iter()
            .filter(|v| !(v.contains(value) || value.contains(v.as_str()))),
    );
    let list: Vec<&str> = shown.iter().take(SHOWN).map(|s| s.as_str()).collect();
    let more = valid.len().saturating_sub(SHOWN);
    let tail = if more > 0 {
        format!(" 等（另有 {more} 个）")
    } else {
        String::new()
    };
    format!("没有{filter}“{value}”；可选：{}{tail}", list.join("、"))
}

/// Why a question has no answer. The messages are for a reader of Chinese: they say what to do
/// and, for a name nothing matches, which names come closest — in words that hold in the
/// desktop app and on the command line alike; the command line adds its own flags
/// ([`AskError::command_line_hint`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AskError {
    #[error("库中还没有隐私政策：请先导入政策文件")]
    NoPolicies,
    #[error("没有找到应用「{asked}」。{}", suggest_apps(known, asked))]
    UnknownApp { asked: String, known: Vec<String> },
    #[error(
        "请问是哪个应用？在问题里写上应用名（如「快手会收集哪些信息」）。已知的应用：{}",
        some_apps(known, None)
    )]
    MissingApp { known: Vec<String> },
    #[error("不认识的用途「{asked}」。已知的用途：{}", known.join("、"))]
    UnknownPurpose { asked: String, known: Vec<String> },
    #[error("不认识的信息类型「{asked}」，可以试试 位置信息、手机号码、设备信息、人脸信息")]
    UnknownData { asked: String },
    #[error("请问想了解哪个用途（如 个性化推荐）或哪类信息（如 位置信息）？")]
    MissingTopic,
    #[error(
        "请问是哪类个人信息？如「哪些应用会收集人脸信息」「哪些应用会把位置信息共享给第三方」"
    )]
    MissingDataAcrossApps,
}

impl AskError {
    /// How to say on the command line what the question left out, where a flag or command does.
    pub fn command_line_hint(&self) -> Option<&'static str> {
        match self {
            AskError::NoPolicies => {
                Some("用 `policylens add 文件或文件夹` 导入，或在问题后给出政策文件")
            }
            AskError::MissingApp { .. } => Some("也可以用 --app 指定应用"),
            AskError::MissingTopic => Some("用 --purpose 个性化推荐 或 --data 位置信息 指定"),
            _ => None,
        }
    }
}

/// At most this many app names in a message; a crawl's library holds thousands.
const APPS_SHOWN: usize = 12;

/// `你是不是要找 …？` with the known apps closest to the asked name, or the known apps when
/// none shares a char with it.
fn suggest_apps(known: &[String], asked: &str) -> String {
    let asked_chars: std::collections::HashSet<char> = normalize(asked).chars().collect();
    let close: Vec<&String> = known
        .iter()
        .filter(|a| normalize(a).chars().any(|c| asked_chars.contains(&c)))
        .collect();
    if close.is_empty() {
        format!("已知的应用：{}", some_apps(known, None))
    } else {
        format!("你是不是要找 {}？", some_apps(known, Some(asked)))
    }
}

/// The known apps for a message: those sharing the most characters with the asked name first,
/// at most [`APPS_SHOWN`], and how many there are in all when some are left out.
fn some_apps(known: &[String], asked: Option<&str>) -> String {
    let mut apps: Vec<&String> = known.iter().collect();
    if let Some(asked) = asked {
        // Closest first: the longest run of chars shared with the asked name (`地图` of
        // 地图大全 in 百度地图), then how many of its distinct chars a name holds (a char
        // repeated in the name counts once: `图` twice in P图扣图师 is no closer).
        let asked: Vec<char> = normalize(asked).chars().collect();
        let distinct: std::collections::HashSet<char> = asked.iter().copied().collect();
        let closeness = |a: &String| {
            let name: Vec<char> = normalize(a).chars().collect();
            let mut longest = 0;
            let mut prev = vec![0usize; name.len() + 1];
            for &q in &asked {
                let mut cur = vec![0usize; name.len() + 1];
                for (j, &c) in name.iter().enumerate() {
                    if c == q {
                        cur[j + 1] = prev[j] + 1;
                        longest = longest.max(cur[j + 1]);
                    }
                }
                prev = cur;
            }
            let held: std::collections::HashSet<&char> =
                name.iter().filter(|c| distinct.contains(c)).collect();
            (longest, held.len())
        };
        apps.sort_by_cached_key(|a| std::cmp::Reverse(closeness(a)));
    }
    let shown: Vec<&str> = apps.iter().take(APPS_SHOWN).map(|a| a.as_str()).collect();
    if apps.len() > APPS_SHOWN {
        format!(
            "{}…（共 {} 个应用，`policylens list` 列出全部）",
            shown.join("、"),
            apps.len()
        )
    } else {
        shown.join("、")
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong reading or writing a file, in Chinese: the common cases in words, the rest with
/// the system's own message kept (it is what a search for the problem needs).
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let what = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "已经存在",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "磁盘没有空间了",
        ErrorKind::ReadOnlyFilesystem => "所在的文件系统是只读的",
        ErrorKind::InvalidFilename => "文件名无效",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::BrokenPipe => "输出管道已关闭",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::InvalidData => return format!("内容无效（{e}）"),
        _ => return format!("读写出错（{e}）"),
    };
    what.to_string()
}

/// Whether `e` or one of its causes is a permission refusal (tantivy reports some only as text).
pub fn is_permission_denied(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::PermissionDenied)
            || c.to_string().contains("PermissionDenied")
        {
            return true;
        }
        cause = c.source();
    }
    false
}

/// Whether `e` or one of its causes says the disk or the quota is full (ENOSPC, EDQUOT,
/// SQLite's "database or disk is full"). Libraries wrap I/O errors in their own types, some
/// only as text, so the messages are checked too.
pub fn is_disk_full(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::StorageFull
                || io.kind() == std::io::ErrorKind::QuotaExceeded
            {
                return true;
            }
        }
        let text = c.to_string();
        if text.contains("No space left on device")
            || text.contains("Disk quota exceeded")
            || text.contains("database or disk is full")
        {
            return true;
        }
        cause = c.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The desktop app shows these messages as they are: no command-line flag or command in
    /// them (the CLI adds its own, `command_line_hint`). A regression: the app told its users
    /// 「或用 --app 指定」.
    #[test]
    fn what_a_question_left_out_is_said_without_command_line_words() {
        let known = vec!["快手".to_string()];
        for e in [
            AskError::NoPolicies,
            AskError::MissingApp {
                known: known.clone(),
            },
            AskError::MissingTopic,
            AskError::UnknownApp {
                asked: "快".into(),
                known,
            },
            AskError::UnknownData { asked: "x".into() },
            AskError::MissingDataAcrossApps,
        ] {
            let message = e.to_string();
            assert!(
                !message.contains("--") && !message.contains("policylens"),
                "{message}"
            );
        }
        assert!(AskError::MissingApp { known: vec![] }
            .command_line_hint()
            .is_some_and(|h| h.contains("--app")));
    }

    #[test]
    fn a_message_names_a_few_apps_closest_to_the_asked_one_not_thousands() {
        let known: Vec<String> = (0..2000)
            .map(|i| format!("应用{i}"))
            .chain(["快手".to_string(), "快手小店".to_string()])
            .collect();
        let message = AskError::UnknownApp {
            asked: "快手极速版".into(),
            known: known.clone(),
        }
        .to_string();
        assert!(
            message.starts_with("没有找到应用「快手极速版」。你是不是要找 快手、快手小店、"),
            "{message}"
        );
        assert!(message.contains("（共 2002 个应用"), "{message}");
        assert_eq!(message.matches('、').count(), APPS_SHOWN - 1);
        let few = AskError::MissingApp {
            known: vec!["快手".into(), "腾讯".into()],
        }
        .to_string();
        assert!(few.starts_with("请问是哪个应用？"), "{few}");
        assert!(few.ends_with("已知的应用：快手、腾讯"), "{few}");
        // A name sharing no char with any app gets the list, not a guess.
        let none = AskError::UnknownApp {
            asked: "微博".into(),
            known: vec!["快手".into(), "腾讯".into()],
        }
        .to_string();
        assert_eq!(none, "没有找到应用「微博」。已知的应用：快手、腾讯");
        // Closest by the longest shared run, then distinct chars: the crawl's 「地图大全」 was
        // offered P图扣图师 (图 twice) before 百度地图.
        let known: Vec<String> = ["P图扣图师", "全能P图王", "百度地图", "七月影视大全"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let message = AskError::UnknownApp {
            asked: "地图大全".into(),
            known,
        }
        .to_string();
        assert_eq!(
            message,
            "没有找到应用「地图大全」。你是不是要找 百度地图、七月影视大全、全能P图王、P图扣图师？"
        );
    }
}
