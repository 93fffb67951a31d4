//! The library: import, versions, search, filters, schema, locking, crash safety, and the real
//! crawl `../shared/corpus/appch` (skipped when absent).
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use policylens::error::Error;
use policylens::index::INDEX_SCHEMA_VERSION;
use policylens::library::{AddOptions, Library, Outcome, RefuseReason};
use policylens::normalize::normalize;
use policylens::search::{SearchHit, SearchQuery};

use crate::util::*;

/// A fresh folder for one test under target/tmp, removed when the returned guard drops.
struct Scratch(tempfile::TempDir);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

fn scratch(name: &str) -> Scratch {
    Scratch(
        tempfile::Builder::new()
            .prefix(&format!("library-{name}-"))
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap(),
    )
}

fn add(library: &Library, paths: &[&Path]) -> policylens::library::ImportSummary {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    library.add_paths(&paths, &mut |_| {}).unwrap()
}

/// A library of the bundled policies in `<scratch>/lib`.
fn bundled_library(name: &str) -> (Scratch, PathBuf, Library) {
    let tmp = scratch(name);
    let dir = tmp.join("lib");
    let library = Library::open(&dir).unwrap();
    let summary = add(&library, &[&policies()]);
    assert_eq!(summary.imported(), 4, "{:?}", summary.files);
    (tmp, dir, library)
}

/// One library of the bundled policies shared by the read-only search tests (its folder is
/// left in target/tmp: statics are never dropped).
fn shared() -> &'static Library {
    static SHARED: OnceLock<(Scratch, Library)> = OnceLock::new();
    &SHARED
        .get_or_init(|| {
            let (tmp, _, library) = bundled_library("shared");
            (tmp, library)
        })
        .1
}

fn search(library: &Library, q: SearchQuery) -> Vec<SearchHit> {
    library.search(&q).unwrap().hits
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        limit: 1000,
        ..SearchQuery::new(text)
    }
}

fn normalized_clause(h: &SearchHit) -> String {
    normalize(&h.clause).to_ascii_lowercase()
}

#[test]
fn bundled_policies_import_then_readd_is_a_noop() {
    let (_tmp, _, library) = bundled_library("readd");
    let mut apps: Vec<String> = library.list().unwrap().into_iter().map(|p| p.app).collect();
    apps.sort();
    assert_eq!(apps, ["快手", "快手小店", "腾讯", "花间"]);
    let again = add(&library, &[&policies()]);
    assert_eq!(again.imported(), 0);
    assert_eq!(again.skipped(), 4);
    assert!(again
        .files
        .iter()
        .all(|f| matches!(f.outcome, Outcome::Unchanged { .. })));
    assert_eq!(library.list().unwrap().len(), 4);
    let p = library
        .list()
        .unwrap()
        .into_iter()
        .find(|p| p.app == "快手")
        .unwrap();
    assert_eq!(p.title.as_deref(), Some("快手隐私政策"));
    assert_eq!(p.updated.as_deref(), Some("2023-06-18"));
    assert!(p.clauses > 100 && p.sensitive_types.len() > 3, "{p:?}");
    // The stored original parses back to the same policy.
    let policy = library.get(&p.id).unwrap();
    assert_eq!(policy.id, p.id);
    assert_eq!(policy.app.as_deref(), Some("快手"));
}

#[test]
fn changed_copy_of_a_policy_is_its_next_version_and_search_shows_the_latest() {
    let (_tmp, dir, library) = bundled_library("versions");
    let text = std::fs::read_to_string(policies().join("kuaishou.txt")).unwrap();
    let marker = "快手将收集和验证";
    assert!(text.contains(marker));
    let changed =
        text.replace(marker, "快手将审核并核对") + "\n附加条款：我们不会出售您的个人信息。\n";
    // The same file name in another folder: the recognised app (快手) and the name match.
    let copy = dir.parent().unwrap().join("download").join("kuaishou.txt");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::write(&copy, changed).unwrap();
    let summary = add(&library, &[&copy]);
    assert!(
        matches!(&summary.files[0].outcome, Outcome::Imported { app, version: 2, .. } if app == "快手"),
        "{:?}",
        summary.files
    );
    let versions: Vec<_> = library
        .list()
        .unwrap()
        .into_iter()
        .filter(|p| p.app == "快手")
        .collect();
    assert_eq!(versions.len(), 2);
    assert!(versions.iter().all(|p| p.versions == 2));
    assert_eq!(versions.iter().filter(|p| p.latest).count(), 1);
    assert!(versions.iter().any(|p| p.latest && p.version == 2));

    // Only version 1 says 收集和验证: hidden by default, found with all_versions.
    let old = format!("\"{marker}\"");
    assert!(search(&library, query(&old)).is_empty());
    let all = search(
        &library,
        SearchQuery {
            all_versions: true,
            ..query(&old)
        },
    );
    assert!(!all.is_empty() && all.iter().all(|h| h.version == 1 && !h.latest));
    let new = search(&library, query("\"审核并核对\""));
    assert!(!new.is_empty() && new.iter().all(|h| h.version == 2 && h.latest));
}

#[test]
fn recognised_app_alone_does_not_make_versions_of_unrelated_files() {
    let dir = scratch("lineage");
    let library = Library::open(dir.join("lib")).unwrap();
    let text = std::fs::read_to_string(policies().join("kuaishou.txt")).unwrap();
    // Two different files (names) whose text is recognised as 快手.
    for (name, extra) in [("a.txt", "甲"), ("b.txt", "乙")] {
        std::fs::write(dir.join(name), format!("{text}\n附加说明{extra}。\n")).unwrap();
    }
    let summary = add(&library, &[&dir.join("a.txt"), &dir.join("b.txt")]);
    assert_eq!(summary.imported(), 2);
    assert!(library
        .list()
        .unwrap()
        .iter()
        .all(|p| p.version == 1 && p.latest));
    // Given the app explicitly, a third text is a new version.
    std::fs::write(dir.join("c.txt"), format!("{text}\n附加说明丙。\n")).unwrap();
    let summary = library
        .add_paths_with(
            &[dir.join("c.txt")],
            &AddOptions {
                app: Some("快手".into()),
                ..Default::default()
            },
            &mut |_| {},
        )
        .unwrap();
    assert!(matches!(
        summary.files[0].outcome,
        Outcome::Imported { version: 2, .. }
    ));
}

#[test]
fn a_title_made_of_document_words_is_not_listed_as_the_app() {
    // The appch crawl listed 28 policies under the app "用户" (《用户隐私政策》) and others
    // under "法律声明及", "我们", "privacy" …; such files are listed under their file's name.
    let dir = scratch("generic-title");
    let library = Library::open(dir.join("lib")).unwrap();
    let body = std::fs::read_to_string(policies().join("kuaishou.txt"))
        .unwrap()
        .replace("快手", "该平台");
    for (name, title) in [
        ("com.example.notes.txt", "用户隐私政策"),
        ("com.example.maps.txt", "法律声明及隐私政策"),
        ("com.example.video.txt", "隐私政策-罐头日记"),
    ] {
        let text = format!("{title}\n感谢您选择我们的产品。\n{body}");
        std::fs::write(dir.join(name), text).unwrap();
    }
    let summary = add(
        &library,
        &[
            &dir.join("com.example.notes.txt"),
            &dir.join("com.example.maps.txt"),
            &dir.join("com.example.video.txt"),
        ],
    );
    assert_eq!(summary.imported(), 3);
    let mut apps: Vec<String> = library.list().unwrap().into_iter().map(|p| p.app).collect();
    apps.sort();
    assert_eq!(apps, ["com.example.maps", "com.example.notes", "罐头日记"]);
}

#[test]
fn query_yonghu_finds_kangxi_radical_text_and_highlights_slice_the_original() {
    let library = shared();
    let hits = search(
        library,
        SearchQuery {
            apps: vec!["快手".into()],
            ..query("用户")
        },
    );
    assert!(!hits.is_empty());
    let policy = library.get(&hits[0].policy_id).unwrap();
    let mut kangxi = 0;
    for h in &hits {
        assert!(!h.snippet.highlights.is_empty());
        for span in &h.snippet.highlights {
            let original = policy.slice(*span);
            assert_eq!(normalize(original), "用户", "{original:?} at {span:?}");
            kangxi += usize::from(original == "⽤户");
        }
        // Marks index the snippet text the same way.
        for (m, span) in h.snippet.marks.iter().zip(&h.snippet.highlights) {
            let marked: String = h.snippet.text.chars().skip(m.start).take(m.len()).collect();
            assert_eq!(marked, policy.slice(*span));
        }
        assert!(h.span.contains(h.snippet.span));
    }
    assert!(kangxi > 0, "no hit on the PDF text's ⽤户");
}

#[test]
fn query_shoujihao_finds_shoujihaoma() {
    let hits = search(shared(), query("手机号"));
    let long: Vec<_> = hits
        .iter()
        .filter(|h| h.clause.contains("手机号码"))
        .collect();
    assert!(!long.is_empty(), "手机号 did not find 手机号码");
    let policy = shared().get(&long[0].policy_id).unwrap();
    assert!(long[0]
        .snippet
        .highlights
        .iter()
        .any(|s| policy.slice(*s).starts_with("手机号")));
}

#[test]
fn quoted_phrase_matches_only_adjacent_words() {
    let phrase = search(shared(), query("\"精准位置信息\""));
    assert!(!phrase.is_empty());
    assert!(phrase
        .iter()
        .all(|h| normalized_clause(h).contains("精准位置信息")));
    let words = search(shared(), query("精准 位置 信息"));
    assert!(
        words.len() > phrase.len(),
        "{} vs {}",
        words.len(),
        phrase.len()
    );
}

#[test]
fn and_or_not_combine_as_documented() {
    let library = shared();
    let count = |q: &str| search(library, query(q)).len();
    let face = search(library, query("人脸"));
    let both = search(library, query("人脸 AND 第三方"));
    assert!(!both.is_empty() && both.len() < face.len());
    assert!(both.iter().all(|h| {
        let c = normalized_clause(h);
        c.contains("人脸") && c.contains("第三方")
    }));
    assert_eq!(count("人脸 第三方"), both.len(), "AND is the default");
    let either = search(library, query("人脸 OR 指纹"));
    assert!(either.len() > face.len());
    assert!(either.iter().all(|h| {
        let c = normalized_clause(h);
        c.contains("人脸") || c.contains("指纹")
    }));
    let without = search(library, query("人脸 NOT 第三方"));
    assert_eq!(without.len() + both.len(), face.len());
    assert!(without
        .iter()
        .all(|h| !normalized_clause(h).contains("第三方")));
    assert_eq!(count("人脸 -第三方"), without.len());
    let grouped = search(library, query("(人脸 OR 指纹) 第三方"));
    assert!(!grouped.is_empty());
    assert_eq!(
        grouped.len(),
        either
            .iter()
            .filter(|h| normalized_clause(h).contains("第三方"))
            .count()
    );
}

#[test]
fn app_category_sensitive_and_bold_filters_restrict_hits() {
    let library = shared();
    let tencent = search(
        library,
        SearchQuery {
            apps: vec!["腾讯".into()],
            ..query("信息")
        },
    );
    assert!(!tencent.is_empty() && tencent.iter().all(|h| h.app == "腾讯"));
    let bio = search(
        library,
        SearchQuery {
            categories: vec!["个人生物识别信息".into()],
            ..query("信息")
        },
    );
    assert!(!bio.is_empty());
    assert!(bio
        .iter()
        .all(|h| h.categories.iter().any(|c| c == "个人生物识别信息")));
    let sensitive = search(
        library,
        SearchQuery {
            sensitive: true,
            ..query("收集")
        },
    );
    assert!(!sensitive.is_empty() && sensitive.iter().all(|h| h.sensitive));
    assert!(sensitive.len() < search(library, query("收集")).len());
    let bold = search(
        library,
        SearchQuery {
            bold: true,
            ..query("信息")
        },
    );
    assert!(!bold.is_empty() && bold.iter().all(|h| h.bold && h.app == "腾讯"));
    // A filter alone lists what it selects.
    let listed = search(
        library,
        SearchQuery {
            categories: vec!["个人生物识别信息".into()],
            ..query("")
        },
    );
    assert!(listed.len() >= bio.len());
}

#[test]
fn empty_and_nonsense_queries_find_nothing_without_error() {
    for q in [
        "",
        "   ",
        "，。！",
        "zzqxjvk",
        "NOT 用户",
        "\"",
        "()",
        "OR",
        "-",
    ] {
        let results = shared().search(&query(q)).unwrap();
        assert!(
            results.hits.is_empty(),
            "{q:?} found {}",
            results.hits.len()
        );
    }
}

#[test]
fn unknown_app_or_category_lists_the_valid_values() {
    let err = shared()
        .search(&SearchQuery {
            apps: vec!["不存在的应用".into()],
            ..query("用户")
        })
        .unwrap_err();
    match &err {
        Error::UnknownFilter { filter, valid, .. } => {
            assert_eq!(filter, "app");
            assert!(valid.contains(&"快手".to_string()), "{valid:?}");
        }
        e => panic!("{e}"),
    }
    assert!(err.to_string().contains("快手小店"), "{err}");
    let err = shared()
        .search(&SearchQuery {
            categories: vec!["火星信息".into()],
            ..query("用户")
        })
        .unwrap_err();
    assert!(err.to_string().contains("个人生物识别信息"), "{err}");
}

#[test]
fn index_schema_mismatch_says_run_reindex_and_reindex_fixes_it() {
    let (_tmp, dir, library) = bundled_library("schema");
    drop(library);
    let conn = rusqlite::Connection::open(dir.join("library.sqlite3")).unwrap();
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'index_schema'", [])
        .unwrap();
    drop(conn);
    let library = Library::open(&dir).unwrap();
    let err = library.search(&query("用户")).unwrap_err();
    assert!(
        matches!(err, Error::SchemaMismatch { found: 0, expected } if expected == INDEX_SCHEMA_VERSION)
    );
    assert!(err.to_string().contains("policylens reindex"), "{err}");
    assert!(library.stale().unwrap().unwrap().contains("reindex"));
    assert_eq!(library.list().unwrap().len(), 4, "listing still works");
    let err = library
        .add_paths(&[policies().join("kuaishou.txt")], &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, Error::SchemaMismatch { .. }), "{err}");
    let summary = library.reindex(&mut |_, _| {}).unwrap();
    assert_eq!(summary.policies, 4);
    assert!(summary.failed.is_empty());
    assert!(!library.search(&query("用户")).unwrap().hits.is_empty());
    assert_eq!(library.stale().unwrap(), None);
    assert_eq!(library.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn second_writer_is_busy_while_readers_keep_searching() {
    let (_tmp, dir, library) = bundled_library("busy");
    let copies = dir.parent().unwrap().join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    let text = std::fs::read_to_string(policies().join("huajian.txt")).unwrap();
    for i in 0..3 {
        std::fs::write(
            copies.join(format!("c{i}.txt")),
            format!("{text}\n副本{i}。\n"),
        )
        .unwrap();
    }
    let (started_tx, started_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut first = true;
        library
            .add_paths(&[copies], &mut |_| {
                if first {
                    first = false;
                    started_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                }
            })
            .unwrap()
    });
    started_rx.recv_timeout(Duration::from_secs(60)).unwrap();
    let other = Library::open(&dir).unwrap();
    let err = other
        .add_paths(&[policies().join("tencent.md")], &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, Error::Busy { .. }), "{err}");
    assert!(err.to_string().contains("busy"), "{err}");
    assert!(matches!(other.remove("0123"), Err(Error::Busy { .. })));
    // Readers are not blocked.
    assert!(!other.search(&query("用户")).unwrap().hits.is_empty());
    assert_eq!(other.list().unwrap().len(), 4);
    release_tx.send(()).unwrap();
    let summary = writer.join().unwrap();
    assert_eq!(summary.imported(), 3);
    assert_eq!(other.list().unwrap().len(), 7);
}

#[test]
fn kill_9_during_import_keeps_earlier_imports_and_the_next_writer_repairs() {
    let (_tmp, dir, library) = bundled_library("kill");
    let earlier: Vec<String> = library.list().unwrap().into_iter().map(|p| p.id).collect();
    drop(library);
    let copies = dir.parent().unwrap().join("copies");
    std::fs::create_dir_all(&copies).unwrap();
    let texts: Vec<String> = ["kuaishou.txt", "huajian.txt", "kuaishou-shop.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(policies().join(f)).unwrap())
        .collect();
    for i in 0..600 {
        let text = &texts[i % texts.len()];
        std::fs::write(
            copies.join(format!("copy{i:04}.txt")),
            format!("{text}\n副本编号{i}。\n"),
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_policylens"))
        .args(["add", "--no-progress", "--commit-every", "7", "--library"])
        .arg(&dir)
        .arg(&copies)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few batches are committed: mid-batch, with originals written and index
    // documents added that the database does not know yet.
    let db = rusqlite::Connection::open(dir.join("library.sqlite3")).unwrap();
    let started = Instant::now();
    loop {
        let n: i64 = db
            .query_row("SELECT count(*) FROM policies", [], |r| r.get(0))
            .unwrap_or(0);
        if n >= 4 + 3 * 7 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it was killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the import made no progress"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(150));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(db);

    // The library opens; everything imported before is there and readable.
    let library = Library::open(&dir).unwrap();
    let listed = library.list().unwrap();
    for id in &earlier {
        assert!(listed.iter().any(|p| &p.id == id), "lost {id}");
    }
    assert!(listed.len() >= 4 + 3 * 7 && listed.len() < 4 + 600);
    for p in &listed {
        library.get(&p.id).unwrap();
    }
    // Searches show only policies the database knows, even before any repair.
    let ids: std::collections::HashSet<&str> = listed.iter().map(|p| p.id.as_str()).collect();
    let hits = search(&library, query("副本编号"));
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| ids.contains(h.policy_id.as_str())));

    // The next writer repairs, then finishes the import; every copy is there once.
    let summary = add(&library, &[&copies]);
    assert_eq!(summary.imported() + summary.skipped(), 600);
    assert_eq!(summary.skipped(), listed.len() - 4);
    assert_eq!(library.list().unwrap().len(), 604);
    assert_eq!(library.verify().unwrap(), Vec::<String>::new());
    let stored = std::fs::read_dir(dir.join("originals")).unwrap().count();
    assert_eq!(stored, 604, "stray files in originals/");
}

#[test]
fn remove_deletes_a_policy_from_list_search_and_originals() {
    let (_tmp, dir, library) = bundled_library("remove");
    let p = library
        .list()
        .unwrap()
        .into_iter()
        .find(|p| p.app == "花间")
        .unwrap();
    let removed = library.remove(&p.id[..8]).unwrap();
    assert_eq!(removed.id, p.id);
    assert_eq!(library.list().unwrap().len(), 3);
    assert!(search(&library, query("花间"))
        .iter()
        .all(|h| h.app != "花间"));
    assert!(matches!(library.get(&p.id), Err(Error::NotFound { .. })));
    assert!(matches!(library.remove(&p.id), Err(Error::NotFound { .. })));
    assert_eq!(std::fs::read_dir(dir.join("originals")).unwrap().count(), 3);
    assert_eq!(library.verify().unwrap(), Vec::<String>::new());
    // Adding it again works.
    assert_eq!(
        add(&library, &[&policies().join("huajian.txt")]).imported(),
        1
    );
}

#[test]
fn bad_files_are_refused_with_reasons_and_never_stop_the_import() {
    let dir = scratch("refused");
    let files = dir.join("files");
    std::fs::create_dir_all(files.join("sub")).unwrap();
    std::fs::write(files.join("empty.txt"), "").unwrap();
    std::fs::write(files.join("blank.txt"), "  \n\u{3000}\n").unwrap();
    std::fs::write(files.join("image.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        files.join("stub.txt"),
        "You need to enable JavaScript to run this app.\n",
    )
    .unwrap();
    std::fs::write(
        files.join("short.txt"),
        "关于我们\n联系电话：400-000-0000\n",
    )
    .unwrap();
    std::fs::copy(policies().join("tencent.md"), files.join("sub/tencent.md")).unwrap();
    let library = Library::open(dir.join("lib")).unwrap();
    let summary = library
        .add_paths(&[files.clone(), dir.join("missing.txt")], &mut |_| {})
        .unwrap();
    assert_eq!(summary.files.len(), 7);
    assert_eq!(summary.imported(), 1);
    let reason = |name: &str| {
        summary
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .and_then(|f| f.outcome.refuse_reason().cloned())
            .unwrap_or_else(|| panic!("{name} was not refused"))
    };
    assert_eq!(reason("empty.txt"), RefuseReason::Empty);
    assert_eq!(reason("blank.txt"), RefuseReason::Empty);
    assert_eq!(reason("image.txt").group(), "不是文本文件");
    assert_eq!(reason("stub.txt"), RefuseReason::JavaScriptStub);
    assert_eq!(reason("short.txt").group(), "不是隐私政策：太短");
    assert_eq!(reason("missing.txt").group(), "无法读取");
    let groups = summary.refused_by_reason();
    assert_eq!(groups["空文件"].len(), 2);
}

#[test]
fn a_folder_that_is_not_a_library_is_refused() {
    let dir = scratch("notlib");
    std::fs::write(dir.join("notes.txt"), "my notes").unwrap();
    let err = Library::open(&dir).err().expect("opened a non-library");
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
    assert!(dir.join("notes.txt").is_file());
    assert!(!dir.join("library.sqlite3").exists());
}

fn policylens() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policylens"));
    c.env_remove(policylens::library::LIBRARY_ENV);
    c
}

#[test]
fn cli_search_prints_char_offsets_as_json_and_unknown_app_exits_2() {
    let tmp = scratch("cli");
    let dir = tmp.join("lib");
    let out = policylens()
        .args(["add", "--no-progress", "--library"])
        .arg(&dir)
        .arg(policies())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("导入 4"));
    let out = policylens()
        .args([
            "search",
            "用户",
            "--app",
            "快手",
            "--limit",
            "3",
            "--format",
            "json",
            "--library",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert!(hits[0]["snippet"]["highlights"][0]["start"].is_u64());
    assert_eq!(hits[0]["app"], "快手");
    let out = policylens()
        .args(["search", "用户", "--app", "没有这个应用", "--library"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("快手小店"));
    let out = policylens()
        .args(["search", "用户", "--library"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("【"));
    // A refused file: exit 1, named with its reason.
    let empty = dir.parent().unwrap().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = policylens()
        .args(["add", "--no-progress", "--library"])
        .arg(&dir)
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("拒绝：空文件"));
}

#[test]
fn default_library_imports_the_bundled_policies_once() {
    let home = scratch("home");
    let list = || {
        let out = policylens()
            .args(["list", "--format", "json"])
            .env("HOME", home.as_os_str())
            .env("XDG_DATA_HOME", home.join("data"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).unwrap()
    };
    assert_eq!(list().len(), 4);
    assert!(home.join("data/policylens/library.sqlite3").is_file());
    let library = Library::open(home.join("data/policylens")).unwrap();
    let id = library.list().unwrap()[0].id.clone();
    library.remove(&id).unwrap();
    assert_eq!(list().len(), 3, "the bundled policies were imported again");
}

/// The real crawl: ~2,000 policies among 3,500 files of every kind of junk (about 50 s in a
/// debug build, 13 s in release). Skipped when the corpus is absent.
#[test]
fn appch_corpus_imports_the_real_policies_and_refuses_the_empty_files() {
    let corpus = root().join("../shared/corpus/appch");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let dir = scratch("appch");
    let library = Library::open(dir.join("lib")).unwrap();
    let summary = add(&library, &[&corpus]);
    let mut files = Vec::new();
    collect(&corpus, &mut files);
    assert_eq!(summary.files.len(), files.len());
    assert!(
        summary.imported() >= 1800,
        "imported {}",
        summary.imported()
    );
    let empty: Vec<&PathBuf> = files
        .iter()
        .filter(|p| std::fs::metadata(p).map(|m| m.len() == 0).unwrap_or(false))
        .collect();
    assert!(empty.len() >= 70);
    for p in empty {
        let f = summary.files.iter().find(|f| &f.path == p).unwrap();
        assert_eq!(
            f.outcome.refuse_reason(),
            Some(&RefuseReason::Empty),
            "{}",
            p.display()
        );
    }
    assert!(summary
        .files
        .iter()
        .all(|f| !matches!(f.outcome.refuse_reason(), Some(RefuseReason::Failed(_)))));
    assert!(summary.refused_by_reason()["不是隐私政策：需要 JavaScript 的空页面"].len() > 100);
    assert_eq!(library.list().unwrap().len(), summary.imported());
    assert_eq!(library.verify().unwrap(), Vec::<String>::new());
    assert!(!library
        .search(&query("\"精准位置信息\""))
        .unwrap()
        .hits
        .is_empty());
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name == "manifest.toml" {
            continue;
        }
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Each imported policy's extraction is stored with it and reads back as extracting the stored
/// original again gives (so `ask` may answer from it without tagging the policy).
#[test]
fn the_extraction_stored_at_import_is_the_one_extracting_the_original_gives() {
    let (_tmp, _dir, library) = bundled_library("stored-extraction");
    let extractor = policylens::extract::Extractor::builtin();
    for row in library.list().unwrap() {
        let stored = library
            .stored_extraction(&row.id)
            .unwrap()
            .unwrap_or_else(|| panic!("{} has no stored extraction", row.id));
        assert!(!stored.practices.is_empty(), "{}", row.id);
        assert_eq!(
            stored,
            extractor.extract(&library.get(&row.id).unwrap()),
            "{}",
            row.id
        );
    }
}

/// A stored extraction made with another lexicon or model is not used; reindexing stores
/// this build's again.
#[test]
fn a_stored_extraction_of_another_lexicon_is_ignored_until_reindexed() {
    let (_tmp, dir, library) = bundled_library("stale-extraction");
    let id = library.list().unwrap()[0].id.clone();
    assert!(library.stored_extraction(&id).unwrap().is_some());
    let db = rusqlite::Connection::open(dir.join("library.sqlite3")).unwrap();
    db.execute(
        "UPDATE extractions SET fingerprint = 'an older lexicon'",
        [],
    )
    .unwrap();
    assert!(library.stored_extraction(&id).unwrap().is_none());
    library.reindex(&mut |_, _| {}).unwrap();
    assert!(library.stored_extraction(&id).unwrap().is_some());
    // A damaged body reads as none, not as an error or a wrong answer.
    db.execute("UPDATE extractions SET body = x'ffffff7f0102'", [])
        .unwrap();
    assert!(library.stored_extraction(&id).unwrap().is_none());
}

/// Copies of one file in one import (a crawl holds many) come to what the first came to —
/// imported then unchanged, or refused for the same reason — whichever worker reaches them first.
#[test]
fn copies_of_a_file_in_one_import_come_to_what_the_first_came_to() {
    let tmp = scratch("copies-in-one-import");
    let folder = tmp.join("in");
    std::fs::create_dir_all(&folder).unwrap();
    let policy = std::fs::read(policies().join("huajian.txt")).unwrap();
    let stub = b"<html><body><script>location.href='/privacy'</script></body></html>".to_vec();
    for (name, bytes) in [
        ("a.txt", &policy),
        ("b.html", &stub),
        ("c.txt", &policy),
        ("d.html", &stub),
        ("e.txt", &policy),
    ] {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    let library = Library::open(tmp.join("lib")).unwrap();
    let summary = add(&library, &[&folder]);
    let outcomes: Vec<&Outcome> = summary.files.iter().map(|f| &f.outcome).collect();
    let Outcome::Imported { id, .. } = outcomes[0] else {
        panic!("{outcomes:?}")
    };
    for copy in [outcomes[2], outcomes[4]] {
        assert_eq!(copy, &Outcome::Unchanged { id: id.clone() });
    }
    let refused = outcomes[1]
        .refuse_reason()
        .expect("a script stub is refused");
    assert_eq!(outcomes[3].refuse_reason(), Some(refused));
    assert_eq!(library.list().unwrap().len(), 1);
}

/// A long file's original is written before it is parsed (so its bytes can become its text):
/// whatever it comes to — imported, refused, or the text of a policy already there — the stored
/// original is the file byte for byte and no temporary file is left behind.
#[test]
fn a_long_file_written_before_parsing_is_stored_once_or_not_at_all() {
    let tmp = scratch("written-before-parsing");
    let folder = tmp.join("in");
    std::fs::create_dir_all(&folder).unwrap();
    let policy = std::fs::read(policies().join("huajian.txt")).unwrap();
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&policy);
    let (gbk, _, _) = encoding_rs::GBK.encode(std::str::from_utf8(&policy).unwrap());
    let stub = b"<html><body><script>location.href='/privacy'</script></body></html>".to_vec();
    let damaged: Vec<u8> = (0..4000u32)
        .map(|i| [0x81, 0x20, 0xFF, b'a'][i as usize % 4])
        .collect();
    let short = "隐私政策\n我们不收集任何信息。".as_bytes().to_vec();
    let files: [(&str, &[u8]); 6] = [
        ("a.txt", &policy),
        ("b.txt", &with_bom), // the same text, other bytes
        ("c.txt", &gbk),      // the same text again, decoded from GBK
        ("d.html", &stub),
        ("e.txt", &damaged),
        ("f.txt", &short),
    ];
    for (name, bytes) in files {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    let import = |name: &str, stream_documents_from: u64| -> Vec<Outcome> {
        let library = Library::open(tmp.join(name)).unwrap();
        let summary = library
            .add_paths_with(
                std::slice::from_ref(&folder),
                &AddOptions {
                    stream_documents_from,
                    ..Default::default()
                },
                &mut |_| {},
            )
            .unwrap();
        summary.files.into_iter().map(|f| f.outcome).collect()
    };
    let outcomes = import("lib", 0);
    assert!(
        matches!(outcomes[0], Outcome::Imported { .. }),
        "{outcomes:?}"
    );
    assert!(
        matches!(outcomes[1], Outcome::SameText { .. }),
        "{outcomes:?}"
    );
    assert!(
        matches!(outcomes[2], Outcome::SameText { .. }),
        "{outcomes:?}"
    );
    assert!(
        matches!(
            outcomes[4].refuse_reason(),
            Some(RefuseReason::Undecodable(_))
        ),
        "{outcomes:?}"
    );
    assert!(
        matches!(
            outcomes[5].refuse_reason(),
            Some(RefuseReason::TooShort { .. })
        ),
        "{outcomes:?}"
    );
    // Refused for the same reasons as when written after parsing.
    let written_after = import("written-after", u64::MAX);
    for (early, late) in outcomes.iter().zip(&written_after) {
        assert_eq!(early.refuse_reason(), late.refuse_reason());
    }
    let stored: Vec<PathBuf> = std::fs::read_dir(tmp.join("lib").join("originals"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(std::fs::read(&stored[0]).unwrap(), policy);
}

#[test]
fn a_long_policy_streamed_into_the_index_is_indexed_as_one_made_at_once() {
    // A long policy's documents are made as they are indexed (they take several times its
    // text); streamed or not, the library must list and find the same things (in an order
    // that may differ where scores tie: the writer's two threads split documents between
    // segments as they come).
    let dir = scratch("streamed-documents");
    let file = policies().join("kuaishou.txt");
    let import = |name: &str, stream_documents_from: u64| {
        let library = Library::open(dir.join(name)).unwrap();
        let summary = library
            .add_paths_with(
                std::slice::from_ref(&file),
                &AddOptions {
                    stream_documents_from,
                    ..Default::default()
                },
                &mut |_| {},
            )
            .unwrap();
        assert_eq!(summary.imported(), 1);
        library
    };
    let made = import("made", u64::MAX);
    let streamed = import("streamed", 0);
    let row = |l: &Library| {
        let mut p = l.list().unwrap().remove(0);
        p.imported_at.clear();
        format!("{p:?}")
    };
    assert_eq!(row(&made), row(&streamed));
    for text in ["位置信息", "\"第三方\"", "手机号 AND 注册", "人脸"] {
        let mut query = SearchQuery::new(text);
        query.limit = 1000;
        let hits = |l: &Library| -> Vec<(usize, String, Vec<String>, bool, bool)> {
            l.search(&query)
                .unwrap()
                .hits
                .into_iter()
                .map(|h| (h.sentence, h.clause, h.section, h.bold, h.sensitive))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let found = hits(&made);
        assert!(!found.is_empty(), "{text}");
        assert_eq!(found, hits(&streamed), "{text}");
    }
}

/// Issue 12: `list` showed a policy's sensitive mentions (26) and the report another count
/// (11). One summary decides: `list`, the report, the reader's summary and `ask` (收集哪些敏感
/// 个人信息) name the same sensitive items for every bundled policy.
#[test]
fn list_report_reader_and_ask_name_the_same_sensitive_items() {
    use policylens::ask::{ask, parse_question, Analysed, Answer};
    use policylens::export::ReportFormat;
    use policylens::lexicon::Lexicon;
    use std::collections::BTreeSet;
    let lexicon = Lexicon::builtin();
    let (_tmp, _dir, library) = bundled_library("one-summary");
    let mut nonempty = 0;
    for listed in library.list().unwrap() {
        let from_list: BTreeSet<String> = listed.sensitive_types.iter().cloned().collect();
        let policy = library.get(&listed.id).unwrap();
        let extraction = library.extraction_of(&policy.id, &policy).unwrap();

        let view = policylens::view::policy_view(&policy, &extraction, lexicon);
        let from_reader: BTreeSet<String> = view
            .summary
            .iter()
            .flat_map(|c| &c.items)
            .filter(|i| i.collected && i.sensitive)
            .map(|i| i.data_type.clone())
            .collect();

        let report = library.report(&policy.id, ReportFormat::Markdown).unwrap();
        let section = report
            .split("\n## ")
            .find(|s| s.starts_with("收集的个人信息"))
            .expect("a collected-data section");
        let from_report: BTreeSet<String> = section
            .lines()
            .filter_map(|l| l.strip_prefix("- "))
            .filter_map(|l| {
                l.split_once(" — **敏感**")
                    .map(|(name, _)| name.to_string())
            })
            .collect();
        assert!(
            section.contains(&format!("其中敏感个人信息 {} 种", from_report.len())),
            "{section}"
        );

        let question = parse_question("收集哪些敏感个人信息", &[], lexicon);
        let analysed = [Analysed {
            policy: &policy,
            extraction: &extraction,
        }];
        let Answer::ByPurpose(answer) = ask(&question, &analysed, lexicon).unwrap() else {
            panic!("an overview answer");
        };
        let from_ask: BTreeSet<String> = answer.items.iter().map(|i| i.data_type.clone()).collect();

        let name = &listed.id;
        assert_eq!(from_list, from_reader, "{name}: list vs reader");
        assert_eq!(from_list, from_report, "{name}: list vs report");
        assert_eq!(from_list, from_ask, "{name}: list vs ask");
        // Only what a practice collects: a definition's 生物识别信息 is mentioned, not listed.
        let mentioned_only = view
            .summary
            .iter()
            .flat_map(|c| &c.items)
            .filter(|i| !i.collected && i.sensitive)
            .count();
        nonempty += usize::from(!from_list.is_empty() && mentioned_only > 0);
    }
    assert!(
        nonempty >= 2,
        "bundled policies collect and only mention sensitive data"
    );
}

/// Issue 12: 「哪些应用会收集人脸信息」 was read as a question about an app called 哪些应用.
/// Asked across the library, it names the apps whose practices collect the type (as their
/// summaries do), each with its clause — and an app whose policy only mentions it is not one.
#[test]
fn which_apps_collect_a_data_type_is_answered_across_the_library() {
    use policylens::ask::{parse_question, Answer};
    use policylens::lexicon::Lexicon;
    let lexicon = Lexicon::builtin();
    let (_tmp, _dir, library) = bundled_library("across-apps");
    let apps = library.app_names().unwrap();
    let question = parse_question("哪些应用会收集人脸信息？", &apps, lexicon);
    assert!(
        question.across_apps && question.app.is_none(),
        "{question:?}"
    );
    let Answer::Apps(answer) = library
        .ask(&question, policylens::extract::Extractor::builtin())
        .unwrap()
        .answer
    else {
        panic!("an answer naming apps");
    };
    let named: Vec<&str> = answer.apps.iter().map(|f| f.app.as_str()).collect();
    assert_eq!(named, ["快手", "花间"], "{answer:#?}");
    assert_eq!(answer.apps_total, 4);
    for finding in &answer.apps {
        assert!(!finding.evidence.is_empty());
        let summary = {
            let policy = library.get(&finding.policy_id).unwrap();
            let extraction = library.extraction_of(&policy.id, &policy).unwrap();
            policylens::collected::data_summary(&policy, &extraction, lexicon)
        };
        assert!(summary
            .collected()
            .any(|i| finding.data_types.contains(&i.data_type)));
    }
    // Sharing is asked apart from collecting; a question naming no data type says what to ask.
    let shared = parse_question("哪些App会把我的位置信息共享给第三方", &apps, lexicon);
    let Answer::Apps(shared) = library
        .ask(&shared, policylens::extract::Extractor::builtin())
        .unwrap()
        .answer
    else {
        panic!("an answer naming apps");
    };
    assert_eq!(shared.action, policylens::ask::ActionFilter::Share);
    assert!(!shared.apps.is_empty());
    let vague = parse_question("哪些应用会收集我的信息", &apps, lexicon);
    let Err(err) = library.ask(&vague, policylens::extract::Extractor::builtin()) else {
        panic!("an error");
    };
    let err = err.to_string();
    assert!(err.contains("哪类个人信息"), "{err}");
}

/// A comparison stores each policy's column; the next one reads the stored columns and no
/// policy (it works with the originals gone) and gives the same matrix; a column stored by
/// another build (another fingerprint) is computed again.
#[test]
fn compare_reads_stored_columns_and_recomputes_those_of_another_build() {
    use policylens::compare::{Cell, CellState, Comparison};
    let (_tmp, dir, library) = bundled_library("compare-columns");
    let db = || rusqlite::Connection::open(dir.join(policylens::library::DB_FILE)).unwrap();
    let count = |sql: &str| -> i64 { db().query_row(sql, [], |r| r.get(0)).unwrap() };
    let first = library.compare(&[], None).unwrap();
    assert_eq!(first.apps.len(), 4);
    assert_eq!(count("SELECT count(*) FROM compare_columns"), 4);

    // The originals are what a comparison would parse: hide them.
    let originals = dir.join(policylens::library::ORIGINALS_DIR);
    let hidden = dir.join("originals-hidden");
    std::fs::rename(&originals, &hidden).unwrap();
    assert_eq!(library.compare(&[], None).unwrap(), first);
    // One app and one category, from the same column: its cells of that category.
    let cells_of = |c: &Comparison, app: &str, category: &str| -> Vec<(String, Cell)> {
        let i = c.apps.iter().position(|a| a.app == app).unwrap();
        let mut cells: Vec<(String, Cell)> = c
            .rows
            .iter()
            .filter(|r| r.category == category && r.cells[i].state != CellState::NotMentioned)
            .map(|r| (r.data_type.clone(), r.cells[i].clone()))
            .collect();
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        cells
    };
    let one = library
        .compare(&["花间".to_string()], Some("个人位置信息"))
        .unwrap();
    assert_eq!(one.apps.len(), 1);
    assert!(!one.rows.is_empty());
    assert_eq!(
        cells_of(&one, "花间", "个人位置信息"),
        cells_of(&first, "花间", "个人位置信息")
    );

    // A column made by another build is not read: with the originals back it is made again.
    db().execute(
        "UPDATE compare_columns SET fingerprint = 'another build'",
        [],
    )
    .unwrap();
    assert!(
        library.compare(&[], None).is_err(),
        "a stale column was read"
    );
    std::fs::rename(&hidden, &originals).unwrap();
    assert_eq!(library.compare(&[], None).unwrap(), first);
    assert_eq!(
        count("SELECT count(*) FROM compare_columns WHERE fingerprint != 'another build'"),
        4
    );
}

#[test]
fn a_library_whose_versions_were_numbered_by_import_order_is_renumbered_by_date() {
    let tmp = scratch("renumber");
    let src = tmp.join("src");
    std::fs::create_dir_all(src.join("a")).unwrap();
    std::fs::create_dir_all(src.join("b")).unwrap();
    let text = std::fs::read_to_string(policies().join("huajian.txt")).unwrap();
    let dated = |date: &str| format!("花间隐私政策\n更新日期：{date}\n{text}");
    std::fs::write(src.join("a/huajian.txt"), dated("2023年5月1日")).unwrap();
    std::fs::write(src.join("b/huajian.txt"), dated("2021年5月1日")).unwrap();
    let dir = tmp.join("lib");
    let library = Library::open(&dir).unwrap();
    add(&library, &[&src.join("a/huajian.txt")]);
    add(&library, &[&src.join("b/huajian.txt")]);
    let by_date = |library: &Library| {
        let mut v: Vec<_> = library
            .list()
            .unwrap()
            .into_iter()
            .map(|p| (p.version, p.updated.unwrap_or_default(), p.latest))
            .collect();
        v.sort();
        v
    };
    let expected = vec![
        (1, "2021-05-01".to_string(), false),
        (2, "2023-05-01".to_string(), true),
    ];
    assert_eq!(by_date(&library), expected);
    drop(library);
    // What a library written before the rule holds: versions in import order, schema 6.
    {
        let conn = rusqlite::Connection::open(dir.join("library.sqlite3")).unwrap();
        conn.execute_batch(
            "UPDATE policies SET version = -version;
             UPDATE policies SET version = 3 + version;
             PRAGMA user_version = 6;",
        )
        .unwrap();
        let versions: Vec<(i64, String)> = conn
            .prepare("SELECT version, updated FROM policies ORDER BY version")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(versions[0].1, "2023-05-01", "{versions:?}");
    }
    let library = Library::open(&dir).unwrap();
    assert_eq!(by_date(&library), expected);
}
