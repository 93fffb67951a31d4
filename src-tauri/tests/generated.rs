//! The files the UI takes from the shell rather than writing them itself, and the tests that fail
//! when the checked-in copies are stale:
//!
//! - `ui/src/generated/`: the contract's TypeScript types, derived from the Rust types
//!   ([`policylens_desktop::typescript`]);
//! - `ui/src/__fixtures__/generated/`: what the commands return over the bundled policies, as the
//!   UI calls them — the dev harness's mock backend (ui/src/mock-backend.ts) serves these
//!   recorded responses instead of imitating the backend.
//!
//! `UPDATE_GENERATED=1` makes both tests rewrite the checked-in files instead of comparing.
mod shell;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use policylens::library::Library;
use policylens_desktop::AppState;
use serde_json::{json, Value};
use shell::Shell;
use tauri::Listener;

const UPDATE_VARIABLE: &str = "UPDATE_GENERATED";
const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test --workspace --test generated";

fn ui_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src")
}

/// The files directly in `dir` (none when it does not exist), by name.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// Fail unless `checked_in` holds exactly the files of `fresh`, byte for byte; with
/// `UPDATE_GENERATED=1`, make it so instead.
fn check_or_update(fresh: &Path, checked_in: &Path) {
    let fresh = files_in(fresh);
    let current = files_in(checked_in);
    if std::env::var(UPDATE_VARIABLE).is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(checked_in).unwrap();
        for name in current.keys().filter(|name| !fresh.contains_key(*name)) {
            std::fs::remove_file(checked_in.join(name)).unwrap();
        }
        for (name, bytes) in &fresh {
            if current.get(name) != Some(bytes) {
                std::fs::write(checked_in.join(name), bytes).unwrap();
            }
        }
        return;
    }
    let mut stale: Vec<String> = Vec::new();
    for (name, bytes) in &fresh {
        match current.get(name) {
            None => stale.push(format!("{name} is missing")),
            Some(old) if old != bytes => stale.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    for name in current.keys().filter(|name| !fresh.contains_key(*name)) {
        stale.push(format!("{name} is no longer generated"));
    }
    assert!(
        stale.is_empty(),
        "{} is stale ({}). Regenerate it with `{REGENERATE}` and commit the result.",
        checked_in.display(),
        stale.join(", ")
    );
}

#[test]
fn no_two_contract_types_share_a_typescript_name() {
    let clashes = policylens_desktop::typescript::name_clashes();
    assert!(
        clashes.is_empty(),
        "types of the contract declared under the same TypeScript name (rename one, e.g. \
         `#[ts(rename = \"…\")]` or a clearer Rust name): {clashes:?}"
    );
}

#[test]
fn typescript_bindings_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    policylens_desktop::typescript::write_bindings(fresh.path()).unwrap();
    check_or_update(fresh.path(), &ui_src().join("generated"));
}

// ---------------------------------------------------------------------------------------------
// The dev harness's recorded responses

/// What the recordings say for every time they hold (import and note times), so that recording
/// again gives the same bytes.
const RECORDED_AT: &str = "2024-11-20T08:30:00Z";

/// Where the recorded import's files seem to be (their real folder is a temporary one).
const RECORDED_IMPORT_FOLDER: &str = "/home/me/下载";

/// How many hits the UI's search asks for (`LIMIT` in ui/src/components/search.ts).
const UI_SEARCH_LIMIT: usize = 100;

/// The searches recorded: what the dev harness answers when one of these is typed (with the
/// filters given), as the UI sends them.
fn recorded_searches() -> Vec<Value> {
    let texts = [
        "位置",
        "位置信息",
        "人脸",
        "人脸识别",
        "第三方",
        "SDK",
        "注销",
        "个性化推荐",
        "设备信息",
        "手机号",
    ];
    let mut queries: Vec<Value> = texts
        .iter()
        .map(|text| json!({ "text": text, "limit": UI_SEARCH_LIMIT }))
        .collect();
    queries.extend([
        json!({ "text": "位置", "app": "快手", "limit": UI_SEARCH_LIMIT }),
        json!({ "text": "位置", "sensitive": true, "limit": UI_SEARCH_LIMIT }),
        json!({ "text": "信息", "bold": true, "limit": UI_SEARCH_LIMIT }),
        json!({ "text": "信息", "category": "个人生物识别信息", "limit": UI_SEARCH_LIMIT }),
    ]);
    queries
}

/// The questions recorded: the ask panel's example questions for every app, the placeholder's,
/// one of each other kind of answer, structured questions as the form sends them, and one the
/// backend cannot answer.
fn recorded_questions(apps: &[String], first_purpose: &str) -> Vec<Value> {
    let mut requests: Vec<Value> = Vec::new();
    for app in apps {
        requests.push(json!({ "question": format!("{app}为了个性化推荐会收集哪些信息？") }));
        requests.push(json!({ "question": format!("{app}会把我的位置信息共享给谁？") }));
        requests.push(json!({ "app": app, "purpose": first_purpose }));
    }
    for question in [
        "哪些应用会收集人脸信息？",
        "快手会收集我的人脸信息吗？",
        // A narrower type than the policy names (身份证件信息): answered 可能 from that type.
        "快手小店会收集我的身份证号吗？",
        "花间会把我的信息共享给谁？",
        "快手怎么注销账号？",
        "腾讯会保存我的个人信息多久？",
        "会收集什么？",
    ] {
        requests.push(json!({ "question": question }));
    }
    requests.push(json!({ "app": "快手", "purpose": "个性化推荐", "action": "share" }));
    requests
}

/// Notes recorded on the bundled policies: (app, the quoted words, body, tags).
const RECORDED_NOTES: &[(&str, &str, &str, &[&str])] = &[
    (
        "快手",
        "当您使⽤同城或与设备位置相关的服务时",
        "位置信息是敏感个人信息：这里说明了用途，但没有说明保存期限。",
        &["位置", "待核实"],
    ),
    (
        "腾讯",
        "腾讯云严格遵守法律法规",
        "引言中的加粗声明。",
        &["加粗"],
    ),
    (
        "花间",
        "“人脸识别”等方式进行实名认证",
        "人脸识别只用于实名认证？",
        &["生物识别"],
    ),
];

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap();
    bytes.push(b'\n');
    bytes
}

/// The UTF-16 span of the first `words` in `text`, as the UI's selection gives it.
fn utf16_span_of(text: &str, words: &str) -> Value {
    let at = text
        .find(words)
        .unwrap_or_else(|| panic!("{words:?} is not in the policy"));
    let start = text[..at].encode_utf16().count();
    json!({ "start": start, "end": start + words.encode_utf16().count() })
}

#[test]
fn ui_fixtures_are_current() {
    let library_dir = tempfile::tempdir().unwrap();
    let library = Library::open(library_dir.path()).unwrap();
    library.import_bundled().unwrap();
    // A second version of 花间's policy, for the 「版本对比」 view.
    let v2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/versions/huajian.txt");
    let added = library.add_paths(&[v2], &mut |_| {}).unwrap();
    assert_eq!(added.imported(), 1);
    // Views are named after the bundled files (kuaishou.view.json, a later version
    // huajian-v2.view.json), not the policy ids.
    let file_stems: BTreeMap<String, String> = library
        .list()
        .unwrap()
        .into_iter()
        .map(|p| {
            // A bundled policy's source is `(bundled) kuaishou.txt`.
            let file = p.source_path.rsplit(['/', ' ']).next().unwrap();
            let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
            let stem = match p.version {
                1 => stem.into_owned(),
                v => format!("{stem}-v{v}"),
            };
            (p.id, stem)
        })
        .collect();
    let shell = Shell::over(AppState::with_library(library));
    let out = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(out.path().join(name), bytes).unwrap();

    let mut policies = shell.ok("list_policies", json!({}));
    for policy in policies.as_array_mut().unwrap() {
        policy["imported_at"] = json!(RECORDED_AT);
    }
    let facets = shell.ok("list_facets", json!({}));

    let mut views: BTreeMap<String, Value> = BTreeMap::new();
    for policy in policies.as_array().unwrap() {
        let id = policy["id"].as_str().unwrap();
        let view = shell.ok("open_policy", json!({ "id": id }));
        // Compact: the views are large, and a diff of one is no easier to read pretty.
        write(
            &format!("{}.view.json", file_stems[id]),
            serde_json::to_vec(&view).unwrap(),
        );
        views.insert(policy["app"].as_str().unwrap().to_string(), view);
    }

    let mut notes: Vec<Value> = Vec::new();
    for (app, words, body, tags) in RECORDED_NOTES {
        let view = &views[*app];
        let span = utf16_span_of(view["text"].as_str().unwrap(), words);
        let mut note = shell.ok(
            "add_note",
            json!({ "policy_id": view["id"], "span": span, "body": body, "tags": tags }),
        );
        note["created_at"] = json!(RECORDED_AT);
        note["updated_at"] = json!(RECORDED_AT);
        notes.push(note);
    }
    write(
        "library.json",
        pretty(&json!({ "policies": policies, "facets": facets, "notes": notes })),
    );

    let searches: Vec<Value> = recorded_searches()
        .into_iter()
        .map(|query| json!({ "query": query, "hits": record_search(&shell, &query) }))
        .collect();
    write("searches.json", pretty(&Value::Array(searches)));

    let apps: Vec<String> = facets["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let first_purpose = facets["purposes"][0].as_str().unwrap();
    let answers: Vec<Value> = recorded_questions(&apps, first_purpose)
        .into_iter()
        .map(
            |request| match shell.invoke("ask", json!({ "request": request })) {
                Ok(answer) => json!({ "request": request, "answer": answer }),
                Err(error) => json!({ "request": request, "error": error }),
            },
        )
        .collect();
    write("answers.json", pretty(&Value::Array(answers)));

    // The 「对比」 matrix of every app, and the 「版本对比」 of 花间's two versions.
    write(
        "comparison.json",
        pretty(&shell.ok("compare_apps", json!({ "apps": [], "category": null }))),
    );
    let huajian: Vec<&Value> = policies
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["app"] == "花间")
        .collect();
    let (old_id, new_id) = (&huajian[0]["id"], &huajian[1]["id"]);
    let mut diff = shell.ok(
        "diff_policies",
        json!({ "old_id": old_id, "new_id": new_id }),
    );
    // The checkout's folder differs between machines; the recording names the file alone.
    diff["new"]["source"] = json!("tests/fixtures/versions/huajian.txt");
    write(
        "diff.json",
        serde_json::to_vec(&json!({ "old_id": old_id, "new_id": new_id, "diff": diff })).unwrap(),
    );

    // The 「合规检查」 of 花间's first version: the app type guessed from its name (网络直播类) and
    // given; and the 39 types the view offers.
    let checks: Vec<Value> = [Value::Null, json!("即时通信类")]
        .into_iter()
        .map(|app_type| {
            let report = shell.ok(
                "check_policy",
                json!({ "policy_id": old_id, "app_type": app_type }),
            );
            json!({ "policy_id": old_id, "app_type": app_type, "report": report })
        })
        .collect();
    write(
        "check.json",
        pretty(&json!({
            "app_types": shell.ok("list_app_types", json!({})),
            "checks": checks,
        })),
    );

    // The 隐私标签 of every bundled policy (the reader's card).
    let labels: Vec<Value> = policies
        .as_array()
        .unwrap()
        .iter()
        .map(|p| shell.ok("privacy_label", json!({ "id": p["id"] })))
        .collect();
    write("labels.json", pretty(&Value::Array(labels)));

    write("import.json", pretty(&record_import(&shell)));

    check_or_update(out.path(), &ui_src().join("__fixtures__/generated"));
}

/// The hits of `query` (which asks for at most [`UI_SEARCH_LIMIT`]), best first.
///
/// Hits of equal score come back in an order that depends on the search index's segments, whose
/// names are random: so the search is run without the limit, ties are ordered by policy and
/// clause, and only then is the list cut, the same at every recording.
fn record_search(shell: &Shell, query: &Value) -> Vec<Value> {
    let mut unlimited = query.clone();
    unlimited["limit"] = json!(1000);
    let hits = shell.ok("search", json!({ "query": unlimited }));
    let mut hits = hits.as_array().unwrap().clone();
    assert!(hits.len() < 1000, "{query}: too many hits to order ties");
    let score = |hit: &Value| hit["score"].as_f64().unwrap();
    let place = |hit: &Value| {
        (
            hit["policy_id"].as_str().unwrap().to_string(),
            hit["clause"]["start"].as_u64().unwrap(),
        )
    };
    hits.sort_by(|a, b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| place(a).cmp(&place(b)))
    });
    hits.truncate(UI_SEARCH_LIMIT);
    hits
}

/// An import of three files, as the dev harness's file dialog offers them: a policy already in
/// the library, a PDF and an empty file; the progress events it emits and its report.
fn record_import(shell: &Shell) -> Value {
    let files = tempfile::tempdir().unwrap();
    let policy = files.path().join("快手隐私政策.txt");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/kuaishou.txt"),
        &policy,
    )
    .unwrap();
    let pdf = files.path().join("某App隐私政策（扫描件）.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n",
    )
    .unwrap();
    let empty = files.path().join("空白.txt");
    std::fs::write(&empty, b"").unwrap();
    let paths: Vec<String> = [policy, pdf, empty]
        .iter()
        .map(|p| p.display().to_string())
        .collect();

    let events: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = events.clone();
    shell.app_handle.listen("import-progress", move |event| {
        seen.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    let report = shell.ok("import_paths", json!({ "paths": paths }));
    let progress = events.lock().unwrap().clone();
    let recorded = json!({ "paths": paths, "progress": progress, "report": report });
    // The temporary folder's name differs every run; the recording names a fixed one.
    let folder = files.path().display().to_string();
    serde_json::from_str(
        &recorded
            .to_string()
            .replace(&folder, RECORDED_IMPORT_FOLDER),
    )
    .unwrap()
}
