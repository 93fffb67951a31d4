//! What a user's disk can hold, tried as a hostile but fair user would: folders the library did
//! not make, same-named policies, absurd queries, named pipes, formulas, mixed encodings, odd
//! file names, escape sequences, full disks and read-only folders. Each test is named after
//! what broke.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use policylens::document::Span;
use policylens::error::Error;
use policylens::export::NotesFormat;
use policylens::library::{Library, Outcome};
use policylens::notes::{NoteFilter, NoteStatus};
use policylens::search::SearchQuery;

use crate::util::*;

fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("hostile-{name}-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

/// A scratch folder with an empty `src/` for the files a test imports.
fn scratch_with_src(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = scratch(name);
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    (tmp, src)
}

fn policylens() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policylens"));
    c.env_remove(policylens::library::LIBRARY_ENV);
    c
}

/// Run `c`; it must succeed (its stderr is the failure message).
fn succeeds(c: &mut Command) -> std::process::Output {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        c.get_args().collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A policy long enough to be imported, titled `title`, with `extra` as its last paragraph.
fn policy_text(title: &str, extra: &str) -> String {
    format!(
        "{title}\n一、我们如何收集信息\n当您使用定位功能时，我们会收集您的精确位置信息，用于推荐附近的内容。\n我们会收集您的手机号码，用于注册登录。\n\
二、我们如何共享个人信息\n未经您的同意，我们不会向第三方共享您的个人信息。我们可能会与合作伙伴共享去标识化的统计信息，用于改进产品和服务。\n\
三、我们如何保护个人信息\n我们采用符合业界标准的安全防护措施保护您提供的个人信息，防止个人信息遭到未经授权的访问、公开披露、使用、修改、损坏或丢失。\n\
四、您的权利\n您可以访问、更正、删除您的个人信息，也可以撤回同意、注销账号。我们将在十五个工作日内回复您的请求。\n\
五、如何联系我们\n如您对本隐私政策有任何疑问、意见或建议，可以通过客服与我们联系。\n{extra}\n"
    )
}

fn char_span(text: &str, needle: &str) -> Span {
    let b = text.find(needle).unwrap();
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

// ----- 1, 7: a folder the library did not make -----

#[test]
fn opening_a_folder_holding_only_index_named_folders_deletes_nothing() {
    let tmp = scratch("index-backup");
    for name in ["index_backup", "index"] {
        let dir = tmp.path().join(name.replace('_', "-"));
        std::fs::create_dir_all(dir.join(name)).unwrap();
        std::fs::write(dir.join(name).join("f"), "x").unwrap();
        let err = Library::open(&dir)
            .err()
            .expect("opened a folder it did not make");
        assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
        // The CLI, read-only commands included.
        for args in [&["search", "x"][..], &["list"][..]] {
            let out = policylens()
                .args(args)
                .arg("--library")
                .arg(&dir)
                .output()
                .unwrap();
            assert!(!out.status.success());
            assert!(String::from_utf8_lossy(&out.stderr).contains("不是 PolicyLens 政策库"));
        }
        assert_eq!(
            std::fs::read_to_string(dir.join(name).join("f")).unwrap(),
            "x"
        );
        assert!(!dir.join("library.sqlite3").exists());
    }
}

#[test]
fn a_folder_the_user_put_into_a_library_survives_a_write() {
    let tmp = scratch("user-folder");
    let dir = tmp.path().join("lib");
    let library = Library::open(&dir).unwrap();
    std::fs::create_dir_all(dir.join("index_backup")).unwrap();
    std::fs::write(dir.join("index_backup/f"), "x").unwrap();
    std::fs::write(dir.join("originals/my-notes.txt"), "mine").unwrap();
    library
        .add_paths(&[policies().join("huajian.txt")], &mut |_| {})
        .unwrap();
    assert!(dir.join("index_backup/f").is_file());
    assert!(dir.join("originals/my-notes.txt").is_file());
}

#[test]
fn two_imports_into_a_new_folder_at_once_do_not_both_fail() {
    for round in 0..4 {
        let tmp = scratch("two-adds");
        let dir = tmp.path().join("lib");
        let children: Vec<_> = (0..2)
            .map(|_| {
                policylens()
                    .args(["add", "--no-progress", "--library"])
                    .arg(&dir)
                    .arg(policies())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outs: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let ok = outs.iter().filter(|o| o.status.success()).count();
        assert!(ok >= 1, "round {round}: both failed: {outs:?}");
        for o in outs.iter().filter(|o| !o.status.success()) {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("正忙"), "round {round}: {err}");
        }
        let library = Library::open(&dir).unwrap();
        assert_eq!(library.list().unwrap().len(), 4);
        assert_eq!(library.verify().unwrap(), Vec::<String>::new());
    }
}

// ----- 2: notes and same-named policies -----

#[test]
fn notes_stay_on_their_policy_when_another_policy_has_the_same_app_name() {
    let (tmp, src) = scratch_with_src("same-name");
    let a = policy_text("花间隐私政策", "本政策由甲公司发布。");
    let b = policy_text(
        "花间隐私政策",
        "本政策由乙公司发布，适用于乙公司的花间直播。",
    );
    std::fs::write(src.join("A.txt"), &a).unwrap();
    std::fs::write(src.join("B.txt"), &b).unwrap();
    let library = Library::open(tmp.path().join("lib")).unwrap();
    library
        .add_paths(&[src.join("A.txt"), src.join("B.txt")], &mut |_| {})
        .unwrap();
    let list = library.list().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|p| p.app == list[0].app), "{list:?}");
    let on_a = list
        .iter()
        .find(|p| p.source_path.ends_with("A.txt"))
        .unwrap();
    let n1 = library
        .notes()
        .add(&on_a.id, char_span(&a, "我们会收集您的手机号码"), "一", &[])
        .unwrap();
    let n2 = library
        .notes()
        .add(&on_a.id, char_span(&a, "本政策由甲公司发布"), "二", &[])
        .unwrap();
    for _ in 0..2 {
        let notes = library.notes().list(&NoteFilter::default()).unwrap();
        for n in [&n1, &n2] {
            let now = notes.iter().find(|x| x.id == n.id).unwrap();
            assert_eq!(now.policy_id, on_a.id, "{now:?}");
            assert_eq!(now.status, NoteStatus::Anchored);
            assert_eq!(now.span, n.span);
        }
    }
}

// ----- 3, 8: queries -----

/// Run `f` on a thread with the 2 MiB stack a desktop worker thread has.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .expect("the thread crashed")
}

#[test]
fn a_query_of_thousands_of_nested_parentheses_does_not_overflow_the_stack() {
    let tmp = scratch("parens");
    let dir = tmp.path().join("lib");
    let library = Library::open(&dir).unwrap();
    library
        .add_paths(&[policies().join("huajian.txt")], &mut |_| {})
        .unwrap();
    drop(library);
    let hits = on_small_stack(move || {
        let library = Library::open(&dir).unwrap();
        let mut found = Vec::new();
        for q in [
            "(手机 ".repeat(5000),
            format!("{}手机{}", "(".repeat(100_000), ")".repeat(100_000)),
            format!("{}手机", "-".repeat(99_999)),
            format!("{}手机", "NOT ".repeat(20_000)),
            format!("({}位置", "(手机 OR ".repeat(3000)),
        ] {
            found.push(library.search(&SearchQuery::new(q)).unwrap().hits.len());
        }
        found
    });
    assert!(hits[0] > 0 && hits[1] > 0 && hits[4] > 0, "{hits:?}");
    assert_eq!(hits[2], 0, "an odd run of NOT is one NOT: {hits:?}");
    assert!(hits[3] > 0, "an even run of NOT is none: {hits:?}");
}

#[test]
fn a_huge_limit_neither_panics_nor_overflows() {
    let tmp = scratch("limit");
    let library = Library::open(tmp.path().join("lib")).unwrap();
    library
        .add_paths(&[policies().join("huajian.txt")], &mut |_| {})
        .unwrap();
    for limit in [usize::MAX, 4_611_686_018_427_387_904, usize::MAX / 2 + 1] {
        let r = library
            .search(&SearchQuery {
                limit,
                ..SearchQuery::new("手机")
            })
            .unwrap();
        assert!(!r.hits.is_empty() && !r.more);
    }
    succeeds(
        policylens()
            .args([
                "search",
                "手机",
                "--limit",
                "18446744073709551615",
                "--library",
            ])
            .arg(tmp.path().join("lib")),
    );
}

// ----- 4, 11: what a folder holds -----

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// Run `f` on a thread; fail (instead of hanging the test run) if it blocks for a minute.
fn must_not_block<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} blocked"))
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_an_imported_folder_is_refused_not_waited_on() {
    let (tmp, src) = scratch_with_src("fifo");
    std::fs::copy(policies().join("huajian.txt"), src.join("a.txt")).unwrap();
    mkfifo(&src.join("x.txt"));
    let lib = tmp.path().join("lib");
    let summary = must_not_block("add", move || {
        Library::open(&lib)
            .unwrap()
            .add_paths(&[src], &mut |_| {})
            .unwrap()
    });
    assert_eq!(summary.imported(), 1);
    let pipe = summary
        .files
        .iter()
        .find(|f| f.path.ends_with("x.txt"))
        .unwrap();
    match &pipe.outcome {
        Outcome::Refused { message, .. } => assert!(message.contains("命名管道"), "{message}"),
        o => panic!("{o:?}"),
    }
    let fifo = tmp.path().join("src/x.txt");
    let err = must_not_block("parse", move || {
        policylens::parse::parse_file(&fifo, &Default::default()).expect_err("parsed a pipe")
    });
    assert!(err.to_string().contains("不是普通文件"), "{err}");
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_imported_not_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let (tmp, src) = scratch_with_src("gbk-name");
    // "隐私.txt" with its name in GBK, as an old disk or archive leaves it.
    let name = std::ffi::OsStr::from_bytes(b"\xd2\xfe\xcb\xbd.txt");
    std::fs::copy(policies().join("huajian.txt"), src.join(name)).unwrap();
    let library = Library::open(tmp.path().join("lib")).unwrap();
    let summary = library.add_paths(&[src], &mut |_| {}).unwrap();
    assert_eq!(summary.files.len(), 1, "{:?}", summary.files);
    assert_eq!(summary.imported(), 1, "{:?}", summary.files);
}

// ----- 5: formulas -----

#[test]
fn csv_export_defuses_formulas_from_note_bodies_and_policy_text() {
    let (tmp, src) = scratch_with_src("csv");
    let text = policy_text("示例隐私政策", "+86 400-000-0000 为客服电话。");
    std::fs::write(src.join("p.txt"), &text).unwrap();
    let library = Library::open(tmp.path().join("lib")).unwrap();
    library.add_paths(&[src], &mut |_| {}).unwrap();
    let id = library.list().unwrap()[0].id.clone();
    library
        .notes()
        .add(
            &id,
            char_span(&text, "+86 400-000-0000"),
            "=HYPERLINK(\"http://evil\")",
            &[],
        )
        .unwrap();
    let out = tmp.path().join("notes.csv");
    library
        .export_notes(&NoteFilter::default(), NotesFormat::Csv, &out)
        .unwrap();
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains(",\"'+86 400-000-0000\","), "{csv}");
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "{csv}"
    );
    for field in csv.split([',', '\n']) {
        assert!(!field.starts_with(['=', '+', '@']), "{field}");
    }
}

// ----- 10: encodings -----

#[test]
fn a_file_of_utf8_and_gbk_lines_is_read_line_by_line() {
    let text = policy_text("示例隐私政策", "");
    let mut bytes = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i % 2 == 0 {
            bytes.extend_from_slice(line.as_bytes());
        } else {
            bytes.extend_from_slice(&encoding_rs::GBK.encode(line).0);
        }
    }
    let d = policylens::decode::decode(&bytes).unwrap();
    assert_eq!(d.text, text);
    assert_eq!(d.encoding, "UTF-8+GB18030");
}

#[test]
fn damaged_text_is_refused_not_read_as_windows_1252() {
    // A Chinese policy in UTF-8 with every 7th byte damaged: neither UTF-8 nor GBK reads it.
    let mut bytes = policy_text("示例隐私政策", "").repeat(3).into_bytes();
    for i in (0..bytes.len()).step_by(7) {
        bytes[i] = 0xFF;
    }
    let err = policylens::decode::decode(&bytes).expect_err("decoded garbage");
    assert!(err.to_string().contains("无法解码"), "{err}");
    let tmp = scratch("garbled");
    let file = tmp.path().join("garbled.txt");
    std::fs::write(&file, &bytes).unwrap();
    let out = policylens().arg("parse").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("garbled.txt"));
}

// ----- 12: escape sequences -----

#[test]
fn escape_sequences_in_titles_and_file_names_do_not_reach_the_terminal() {
    let (tmp, src) = scratch_with_src("escapes");
    let text = policy_text("恶意\x1b]0;pwned\x07\x1b[2J应用隐私政策", "");
    std::fs::write(src.join("a\x1b[31mb.txt"), &text).unwrap();
    let lib = tmp.path().join("lib");
    let mut outputs = Vec::new();
    for args in [
        vec!["add", "--no-progress"],
        vec!["list"],
        vec!["search", "手机号码", "--color", "false"],
        vec!["search", "手机号码", "--color", "true"],
    ] {
        let out = succeeds(policylens().args(&args).arg("--library").arg(&lib).args(
            if args[0] == "add" {
                vec![src.clone()]
            } else {
                vec![]
            },
        ));
        outputs.push((args, out));
    }
    for (args, out) in &outputs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let shown = if args.contains(&"true") {
            // Only the CLI's own colours: ESC followed by `[` and a colour number.
            stdout
                .replace("\x1b[1;33m", "")
                .replace("\x1b[0m", "")
                .replace("\x1b[2m", "")
        } else {
            stdout.to_string()
        };
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{args:?}: {shown:?}"
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains('\x1b'));
    }
    assert!(String::from_utf8_lossy(&outputs[1].1.stdout).contains('\u{241b}'));
}

// ----- 13: messages -----

#[test]
fn an_error_names_its_cause_once() {
    let tmp = scratch("cause-once");
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let out = policylens()
        .args(["list", "--library"])
        .arg(file.join("lib"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(err.matches("路径中有一部分不是文件夹").count(), 1, "{err}");
}

#[test]
fn a_new_library_does_not_warn_that_the_lexicon_changed() {
    let tmp = scratch("no-lexicon-warning");
    let out = policylens()
        .args(["search", "手机", "--library"])
        .arg(tmp.path().join("lib"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("lexicon"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exporting_to_a_folder_says_so_and_leaves_no_temporary_file() {
    let tmp = scratch("export-dir");
    let lib = tmp.path().join("lib");
    Library::open(&lib).unwrap();
    let target = tmp.path().join("out");
    std::fs::create_dir_all(&target).unwrap();
    let out = policylens()
        .args(["notes", "export", "--format", "md", "-o"])
        .arg(&target)
        .arg("--library")
        .arg(&lib)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是文件夹"));
    let left: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("policylens-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_bad_format_is_a_usage_error() {
    let tmp = scratch("bad-format");
    let lib = tmp.path().join("lib");
    Library::open(&lib).unwrap();
    for args in [
        &["notes", "export", "--format", "xlsx"][..],
        &["report", "abc", "--format", "pdf"][..],
        &["receivers", "abc", "--format", "xlsx"][..],
    ] {
        let out = policylens()
            .args(args)
            .arg("--library")
            .arg(&lib)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_full_disk_says_the_disk_is_full_not_run_reindex() {
    let full = std::io::Error::from_raw_os_error(28);
    let e =
        policylens::index::index_error(Path::new("/lib/index"), tantivy::TantivyError::from(full));
    let message = e.to_string();
    assert!(message.contains("磁盘没有空间了"), "{message}");
    assert!(!message.contains("reindex"), "{message}");
}

// ----- 14: read-only libraries -----

/// Makes a folder tree immutable (`chattr +i`, which binds root too) or, for a user other than
/// root, read-only (`chmod a-w`); undone on drop. `None` where neither works (root on a file
/// system without the immutable flag).
struct Frozen(PathBuf, bool);

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

impl Frozen {
    fn new(dir: &Path) -> Option<Frozen> {
        let chattr = Command::new("chattr").arg("-R").arg("+i").arg(dir).status();
        if chattr.is_ok_and(|s| s.success()) {
            return Some(Frozen(dir.to_path_buf(), true));
        }
        if is_root() {
            return None;
        }
        let ok = Command::new("chmod")
            .arg("-R")
            .arg("a-w")
            .arg(dir)
            .status()
            .unwrap();
        assert!(ok.success());
        Some(Frozen(dir.to_path_buf(), false))
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        let _ = if self.1 {
            Command::new("chattr")
                .arg("-R")
                .arg("-i")
                .arg(&self.0)
                .status()
        } else {
            Command::new("chmod")
                .arg("-R")
                .arg("u+w")
                .arg(&self.0)
                .status()
        };
    }
}

/// A library of the bundled policies with one note, in `<scratch>/lib`.
fn library_with_a_note(tmp: &tempfile::TempDir) -> PathBuf {
    let lib = tmp.path().join("lib");
    let library = Library::open(&lib).unwrap();
    library.add_paths(&[policies()], &mut |_| {}).unwrap();
    let id = library.list().unwrap()[0].id.clone();
    library
        .notes()
        .add(&id, Span::new(0, 4), "只读前写的笔记", &[])
        .unwrap();
    lib
}

#[cfg(unix)]
#[test]
fn a_read_only_library_can_be_listed_searched_and_read() {
    let tmp = scratch("read-only");
    let lib = library_with_a_note(&tmp);
    let Some(_frozen) = Frozen::new(&lib) else {
        // Root on a file system without `chattr +i`: the library of another user (below) is
        // the read-only case this machine can make.
        eprintln!("skipped the immutable library: chattr +i is not supported here");
        return;
    };
    let library = Library::open(&lib).unwrap();
    assert!(library.is_read_only());
    let list = library.list().unwrap();
    assert_eq!(list.len(), 4);
    assert!(!library
        .search(&SearchQuery::new("手机号码"))
        .unwrap()
        .hits
        .is_empty());
    assert!(library.get(&list[0].id).is_ok());
    assert_eq!(
        library.notes().list(&NoteFilter::default()).unwrap().len(),
        1
    );
    let err = library
        .add_paths(&[policies().join("huajian.txt")], &mut |_| {})
        .expect_err("wrote to a read-only library");
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    for args in [&["list"][..], &["search", "手机号码"][..]] {
        succeeds(policylens().args(args).arg("--library").arg(&lib));
    }
}

/// Another user's library (here: root's, read by `nobody` through `setpriv`) is read-only to
/// the reader: it can be listed, adding to it says it is read-only, and searching it either
/// works or says whose files it cannot read — never "run reindex" (tantivy writes some index
/// files readable by their owner only).
#[cfg(unix)]
#[test]
fn another_user_s_library_can_be_listed_and_searched() {
    if !is_root() || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to run as another user");
        return;
    }
    let tmp = scratch("other-user");
    // The reader must be able to reach the folder: scratch folders are private (0700).
    let _ = Command::new("chmod").arg("755").arg(tmp.path()).status();
    let lib = library_with_a_note(&tmp);
    let as_nobody = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_policylens"))
            .args(args)
            .arg("--library")
            .arg(&lib)
            .env_remove(policylens::library::LIBRARY_ENV)
            .output()
            .unwrap()
    };
    let out = as_nobody(&["list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("共 4 份政策"));
    let out = as_nobody(&["search", "手机号码"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || (err.contains("权限") && !err.contains("reindex")),
        "{err}"
    );
    let out = as_nobody(&["add", "--no-progress", "/dev/null"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("只读"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ----- found by fuzzing -----

#[test]
fn a_byte_order_mark_before_a_hard_wrap_reads_as_part_of_the_soft_break() {
    // fuzz/artifacts/parse/crash-min-feff-soft-break: U+FEFF (normalized to a space, invisible
    // when read) at the end of a wrapped line is inside the soft break that joins the lines.
    let text = "否在使用我们的服务时共享甚至0\u{feff}\n隐";
    let policy = policylens::parse::parse_bytes(
        Path::new("x.txt"),
        text.as_bytes(),
        &policylens::parse::ParseOptions::default(),
    )
    .unwrap();
    assert_offsets_hold(&policy);
}
