//! The commands of docs/commands.md, called through tauri's IPC on the mock runtime, exactly as
//! the UI calls them (`invoke(cmd, args)` with the contract's snake_case argument names), against
//! a library in a temporary folder.
mod shell;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use policylens_desktop::{AppState, LibrarySource};
use serde_json::{json, Value};
use shell::Shell;
use tauri::Listener;

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// The UTF-16 span `span` of `text`, as JavaScript's `text.slice(start, end)`.
fn slice16(text: &[u16], span: &Value) -> String {
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    assert!(
        start <= end && end <= text.len(),
        "span {span} outside text of {}",
        text.len()
    );
    String::from_utf16(&text[start..end]).expect("a span splits a surrogate pair")
}

fn bundled_policy(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../policies")
            .join(name),
    )
    .unwrap()
}

/// huajian.txt with an emoji (two UTF-16 units, one char) after every full stop: every offset
/// after the first sentence differs between chars and UTF-16.
fn write_astral_policy(dir: &Path) -> PathBuf {
    let text = bundled_policy("huajian.txt").replace('。', "。😀");
    let path = dir.join("astral-huajian.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn list_policies_gives_the_contract_summary_of_each_bundled_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let list = shell.ok("list_policies", json!({}));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 4, "{list:?}");
    let mut apps: Vec<&str> = list.iter().map(|p| p["app"].as_str().unwrap()).collect();
    apps.sort();
    assert_eq!(apps, ["快手", "快手小店", "腾讯", "花间"]);
    for p in list {
        for key in [
            "id",
            "app",
            "title",
            "operator",
            "updated",
            "effective",
            "version",
            "versions",
            "format",
            "chars",
            "aliases",
            "sensitive_count",
            "sensitive_types",
            "bold_count",
            "imported_at",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        assert!(["text", "markdown", "html"].contains(&p["format"].as_str().unwrap()));
        assert!(p["chars"].as_u64().unwrap() > 1000);
        assert_eq!(p["version"], 1);
    }
    let tencent = list.iter().find(|p| p["app"] == "腾讯").unwrap();
    assert_eq!(tencent["format"], "markdown");
    assert!(tencent["bold_count"].as_u64().unwrap() > 0, "{tencent}");
}

#[test]
fn open_policy_returns_the_reader_view_in_utf16() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let id = shell.policy_id("花间");
    let view = shell.ok("open_policy", json!({ "id": id }));
    assert_eq!(view["id"], id.as_str());
    assert_eq!(view["app"], "花间");
    let text = utf16(view["text"].as_str().unwrap());
    let mentions = view["mentions"].as_array().unwrap();
    assert!(mentions.len() > 20, "{} mentions", mentions.len());
    let face = mentions
        .iter()
        .find(|m| m["category"] == "个人生物识别信息")
        .expect("a biometric mention");
    assert_eq!(face["sensitive"], true);
    assert!(face["reason"].is_string());
    assert!(!slice16(&text, &face["span"]).is_empty());
    assert!(!view["blocks"].as_array().unwrap().is_empty());
    assert!(!view["summary"].as_array().unwrap().is_empty());
    assert!(view["marked"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["label"] == "purpose"));
    // An id prefix works as in the CLI; an unknown id is an error message.
    shell.ok("open_policy", json!({ "id": &id[..8] }));
    let message = shell.err("open_policy", json!({ "id": "0000000000000000" }));
    assert!(message.contains("政策库中没有编号为"), "{message}");
}

#[test]
fn bold_spans_of_a_markdown_policy_cover_its_bold_words() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let view = shell.ok("open_policy", json!({ "id": shell.policy_id("腾讯") }));
    let text = utf16(view["text"].as_str().unwrap());
    let bold = view["bold"].as_array().unwrap();
    assert!(bold.len() >= 20, "{} bold spans", bold.len());
    for b in bold {
        let s = slice16(&text, b);
        assert!(!s.contains("**"), "bold span {b} includes its markup: {s}");
    }
    let hidden = view["hidden"].as_array().unwrap();
    assert!(hidden.iter().any(|h| slice16(&text, h).contains("**")));
}

#[test]
fn offsets_are_utf16_when_the_text_has_chars_outside_the_bmp() {
    let tmp = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = write_astral_policy(files.path());
    let shell = Shell::open(tmp.path());
    let summary = shell.ok(
        "import_paths",
        json!({ "paths": [path.display().to_string()] }),
    );
    let imported = summary["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 1, "{summary}");
    let id = imported[0]["id"].as_str().unwrap().to_string();
    let view = shell.ok("open_policy", json!({ "id": id }));
    let text_str = view["text"].as_str().unwrap().to_string();
    let text = utf16(&text_str);
    assert!(text.len() > text_str.chars().count() + 50);

    // Search: the clause span and the snippet's highlights.
    let hits = shell.ok("search", json!({ "query": { "text": "人脸" } }));
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert_eq!(hit["policy_id"], id.as_str());
        let clause = slice16(&text, &hit["clause"]);
        assert!(clause.contains("人脸"), "clause {clause:?} of {hit}");
        let snippet = utf16(hit["snippet"].as_str().unwrap());
        let marks = hit["highlights"].as_array().unwrap();
        assert!(!marks.is_empty());
        for m in marks {
            assert!(slice16(&snippet, m).contains("人脸"), "{hit}");
        }
        assert!(hit["section"].is_string());
    }

    // Mentions: every span slices to a data word, never half a surrogate pair.
    for m in view["mentions"].as_array().unwrap() {
        let s = slice16(&text, &m["span"]);
        assert!(!s.is_empty() && !s.contains('😀'), "{m}: {s:?}");
    }

    // A note on a UTF-16 selection quotes exactly the selected text and comes back in UTF-16.
    let at = text_str.find("人脸").unwrap();
    let start = text_str[..at].encode_utf16().count();
    let span = json!({ "start": start, "end": start + 2 });
    let note = shell.ok(
        "add_note",
        json!({ "policy_id": id, "span": span, "body": "人脸要单独同意", "tags": ["生物识别"] }),
    );
    assert_eq!(note["quote"], "人脸");
    assert_eq!(note["span"], span);
    let listed = shell.ok("list_notes", json!({ "filter": {} }));
    assert_eq!(listed[0]["span"], span);

    // Ask: evidence spans are UTF-16 too.
    let app = imported[0]["app"].as_str().unwrap();
    let answer = shell.ok(
        "ask",
        json!({ "request": { "app": app, "purpose": "实名认证" } }),
    );
    assert_eq!(answer["kind"], "by_purpose");
    let items = answer["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["data_type"] == "人脸信息"),
        "{answer}"
    );
    for item in items {
        for e in item["evidence"].as_array().unwrap() {
            let clause = slice16(&text, &e["clause_span"]);
            let word = slice16(&text, &e["item_span"]);
            assert!(!word.is_empty() && clause.contains(&word), "{e}");
        }
    }
}

#[test]
fn search_filters_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let all = shell.ok("search", json!({ "query": { "text": "位置信息" } }));
    assert!(all.as_array().unwrap().len() > 3);
    let only = shell.ok(
        "search",
        json!({ "query": { "text": "位置信息", "app": "花间", "limit": 3 } }),
    );
    let only = only.as_array().unwrap();
    assert!(!only.is_empty() && only.len() <= 3);
    assert!(only.iter().all(|h| h["app"] == "花间"));
    let sensitive = shell.ok(
        "search",
        json!({ "query": { "text": "", "category": "个人生物识别信息", "sensitive": true } }),
    );
    assert!(sensitive
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["sensitive"] == true));
    let bold = shell.ok(
        "search",
        json!({ "query": { "text": "信息", "bold": true } }),
    );
    assert!(bold.as_array().unwrap().iter().all(|h| h["bold"] == true));
    let message = shell.err(
        "search",
        json!({ "query": { "text": "位置", "app": "没有这个应用" } }),
    );
    assert!(message.contains("没有应用"), "{message}");
    // Missing arguments are refused by the IPC layer, with a message.
    let message = shell.err("search", json!({}));
    assert!(message.contains("query"), "{message}");
}

#[test]
fn list_facets_names_apps_categories_and_purposes() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let facets = shell.ok("list_facets", json!({}));
    assert_eq!(facets["apps"], json!(["快手", "快手小店", "腾讯", "花间"]));
    let categories = facets["categories"].as_array().unwrap();
    assert!(categories.contains(&json!("个人生物识别信息")));
    let purposes = facets["purposes"].as_array().unwrap();
    assert!(purposes.contains(&json!("个性化推荐")));
}

#[test]
fn ask_answers_plain_and_structured_questions_and_explains_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let answer = shell.ok(
        "ask",
        json!({ "request": { "question": "花间会把我的位置信息共享给谁" } }),
    );
    assert_eq!(answer["kind"], "by_data");
    assert_eq!(answer["app"], "花间");
    assert_eq!(answer["data_type"], "位置信息");
    let answer = shell.ok(
        "ask",
        json!({ "request": { "app": "快手", "purpose": "个性化推荐", "action": "collect" } }),
    );
    assert_eq!(answer["kind"], "by_purpose");
    assert_eq!(answer["app"], "快手", "never another app's policy");
    assert!(!answer["items"].as_array().unwrap().is_empty());
    let message = shell.err(
        "ask",
        json!({ "request": { "app": "抖音", "purpose": "个性化推荐" } }),
    );
    assert!(
        message.contains("抖音") && message.contains("花间"),
        "{message}"
    );
    let message = shell.err("ask", json!({ "request": { "question": "会收集什么？" } }));
    assert!(message.contains("哪个应用"), "{message}");
    let message = shell.err(
        "ask",
        json!({ "request": { "app": "花间", "purpose": "占卜" } }),
    );
    assert!(message.contains("占卜"), "{message}");
    let message = shell.err(
        "ask",
        json!({ "request": { "app": "花间", "purpose": "实名认证", "action": "sell" } }),
    );
    assert!(message.contains("sell"), "{message}");
    // Across the library: the apps collecting a type, evidence in UTF-16 of each one's text.
    let answer = shell.ok(
        "ask",
        json!({ "request": { "question": "哪些应用会收集人脸信息" } }),
    );
    assert_eq!(answer["kind"], "apps");
    let apps: Vec<&str> = answer["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["app"].as_str().unwrap())
        .collect();
    assert_eq!(apps, ["快手", "花间"], "{answer}");
    let finding = &answer["apps"][1];
    let view = shell.ok("open_policy", json!({ "id": finding["policy_id"] }));
    let text = utf16(view["text"].as_str().unwrap());
    let evidence = &finding["evidence"][0];
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let opening: String = squeeze(evidence["clause"].as_str().unwrap())
        .chars()
        .take(10)
        .collect();
    assert!(
        squeeze(&slice16(&text, &evidence["clause_span"])).starts_with(&opening),
        "{evidence}"
    );
}

#[test]
fn notes_are_added_listed_updated_deleted_and_kept_across_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let id;
    let note_id;
    {
        let shell = Shell::bundled(tmp.path());
        id = shell.policy_id("快手");
        let view = shell.ok("open_policy", json!({ "id": id }));
        let mention = &view["mentions"][0];
        let note = shell.ok(
            "add_note",
            json!({ "policy_id": id, "span": mention["span"], "body": "要问清楚", "tags": ["待查", "位置"] }),
        );
        note_id = note["id"].as_i64().unwrap();
        assert_eq!(note["status"], "anchored");
        assert_eq!(note["app"], "快手");
        assert_eq!(note["tags"], json!(["待查", "位置"]));
        assert_eq!(
            note["quote"].as_str().unwrap(),
            slice16(&utf16(view["text"].as_str().unwrap()), &mention["span"])
        );
        assert!(note["section"].is_string());
        let updated = shell.ok(
            "update_note",
            json!({ "id": note_id, "body": "已问清楚", "tags": ["已查"] }),
        );
        assert_eq!(updated["body"], "已问清楚");
        assert_eq!(updated["tags"], json!(["已查"]));
        // A reversed or out-of-range span is refused with a message.
        let message = shell.err(
            "add_note",
            json!({ "policy_id": id, "span": { "start": 10, "end": 5 }, "body": "", "tags": [] }),
        );
        assert!(message.contains("起点不能在终点之后"), "{message}");
        let message = shell.err(
            "add_note",
            json!({ "policy_id": id, "span": { "start": 10, "end": 10_000_000 }, "body": "", "tags": [] }),
        );
        assert!(message.contains("超出了这份政策的正文"), "{message}");
    }
    // "Restart": a new app over the same folder.
    let shell = Shell::open(tmp.path());
    let notes = shell.ok("list_notes", json!({ "filter": { "app": "快手" } }));
    let notes = notes.as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["id"], note_id);
    assert_eq!(notes[0]["body"], "已问清楚");
    assert_eq!(notes[0]["policy_id"], id.as_str());
    let none = shell.ok("list_notes", json!({ "filter": { "tag": "没有" } }));
    assert_eq!(none, json!([]));
    let by_text = shell.ok("list_notes", json!({ "filter": { "text": "问清" } }));
    assert_eq!(by_text.as_array().unwrap().len(), 1);
    assert_eq!(
        shell.ok("delete_note", json!({ "id": note_id })),
        Value::Null
    );
    assert_eq!(shell.ok("list_notes", json!({ "filter": {} })), json!([]));
    let message = shell.err("delete_note", json!({ "id": note_id }));
    assert!(message.contains(&note_id.to_string()), "{message}");
}

#[test]
fn export_notes_report_and_receivers_write_the_chosen_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let id = shell.policy_id("花间");
    let view = shell.ok("open_policy", json!({ "id": id }));
    let text = utf16(view["text"].as_str().unwrap());
    let face = view["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["category"] == "个人生物识别信息")
        .unwrap()
        .clone();
    let quote = slice16(&text, &face["span"]);
    shell.ok(
        "add_note",
        json!({ "policy_id": id, "span": face["span"], "body": "人脸识别可以拒绝吗？", "tags": ["生物识别"] }),
    );
    for (format, ext) in [("md", "md"), ("csv", "csv"), ("json", "json")] {
        let path = out.path().join(format!("notes.{ext}"));
        let result = shell.ok(
            "export_notes",
            json!({ "format": format, "filter": {}, "path": path.display().to_string() }),
        );
        assert_eq!(
            result,
            json!({ "path": path.display().to_string(), "count": 1 })
        );
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains("人脸识别可以拒绝吗"),
            "{format}: {written}"
        );
        assert!(
            written.contains(&quote),
            "{format} lacks the quote {quote:?}: {written}"
        );
    }
    for format in ["md", "html"] {
        let path = out.path().join(format!("report.{format}"));
        let result = shell.ok(
            "export_report",
            json!({ "id": id, "format": format, "path": path.display().to_string() }),
        );
        assert_eq!(result, json!({ "path": path.display().to_string() }));
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.contains("花间"), "{written}");
    }
    // The 「共享与SDK」 table: one row per receiver the ask view lists.
    for format in ["csv", "md"] {
        let path = out.path().join(format!("receivers.{format}"));
        let result = shell.ok(
            "export_receivers",
            json!({ "id": id, "format": format, "path": path.display().to_string() }),
        );
        let count = result["count"].as_u64().unwrap();
        assert!(count >= 1, "{result}");
        let written = std::fs::read_to_string(&path).unwrap();
        match format {
            "csv" => {
                assert!(
                    written.starts_with("app,policy_title,receiver,kind,"),
                    "{written}"
                );
                assert_eq!(
                    written.matches("\r\n花间,").count() as u64,
                    count,
                    "{written}"
                );
            }
            _ => assert!(written.contains("| 接收方 | 类型 |"), "{written}"),
        }
    }
    let message = shell.err(
        "export_receivers",
        json!({ "id": id, "format": "xlsx", "path": out.path().join("r").display().to_string() }),
    );
    assert!(message.contains("xlsx"), "{message}");
    let message = shell.err(
        "export_notes",
        json!({ "format": "docx", "filter": {}, "path": out.path().join("x").display().to_string() }),
    );
    assert!(message.contains("docx"), "{message}");
    let message = shell.err(
        "export_notes",
        json!({ "format": "md", "filter": {}, "path": "" }),
    );
    assert!(message.contains("没有选择导出到哪个文件"), "{message}");
}

#[test]
fn import_reports_each_file_emits_progress_and_remove_forgets_a_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("tencent.md");
    std::fs::write(&good, bundled_policy("tencent.md")).unwrap();
    let bad = files.path().join("image.txt");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let shell = Shell::open(tmp.path());
    let events: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = events.clone();
    shell.app_handle.listen("import-progress", move |event| {
        seen.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    let paths = json!([good.display().to_string(), bad.display().to_string()]);
    let summary = shell.ok("import_paths", json!({ "paths": paths }));
    assert_eq!(
        summary["imported"].as_array().unwrap().len(),
        1,
        "{summary}"
    );
    assert!(summary["imported"][0]["app"].is_string(), "{summary}");
    assert_eq!(summary["refused"].as_array().unwrap().len(), 1, "{summary}");
    assert!(summary["refused"][0]["reason"].is_string());
    let events = events.lock().unwrap().clone();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1]["done"], 2);
    assert_eq!(events[1]["total"], 2);
    assert!(events[0]["path"].is_string());
    // Importing the same file again changes nothing.
    let again = shell.ok(
        "import_paths",
        json!({ "paths": [good.display().to_string()] }),
    );
    assert_eq!(again["unchanged"], json!([good.display().to_string()]));
    let id = summary["imported"][0]["id"].as_str().unwrap();
    assert_eq!(shell.ok("remove_policy", json!({ "id": id })), Value::Null);
    assert_eq!(shell.ok("list_policies", json!({})), json!([]));
    let message = shell.err("remove_policy", json!({ "id": id }));
    assert!(message.contains("政策库中没有编号为"), "{message}");
}

#[test]
fn the_library_opens_lazily_and_an_error_reaches_the_ui_as_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder that is not empty and not a library cannot be opened.
    std::fs::write(tmp.path().join("something.txt"), "x").unwrap();
    let shell = Shell::over(AppState::new(LibrarySource::Dir(tmp.path().to_path_buf())));
    let message = shell.err("list_policies", json!({}));
    assert!(message.contains("不是 PolicyLens 政策库"), "{message}");
}

/// The second version of 花间's policy (tests/fixtures/versions/huajian.txt: a new date, a new
/// SDK, a newly collected sensitive type, a purpose removed, two swapped, a retention clause
/// reworded), imported into a library of the bundled policies.
fn shell_with_two_huajian_versions(dir: &Path) -> (Shell, String, String) {
    let shell = Shell::bundled(dir);
    let old = shell.policy_id("花间");
    let v2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/versions/huajian.txt");
    let report = shell.ok(
        "import_paths",
        json!({ "paths": [v2.display().to_string()] }),
    );
    let new = report["imported"][0]["id"].as_str().unwrap().to_string();
    (shell, old, new)
}

#[test]
fn compare_apps_gives_the_matrix_with_utf16_evidence_and_exports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let shell = Shell::bundled(tmp.path());
    let all = shell.ok("compare_apps", json!({ "apps": [], "category": null }));
    let apps: Vec<&str> = all["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["app"].as_str().unwrap())
        .collect();
    assert_eq!(apps.len(), 4, "{apps:?}");
    let rows = all["rows"].as_array().unwrap();
    assert!(rows.len() > 20, "{} rows", rows.len());
    // Every cited clause is a UTF-16 span of its policy's text holding the cited item.
    let mut texts: std::collections::HashMap<String, Vec<u16>> = Default::default();
    let mut cited = 0;
    for row in rows {
        assert_eq!(row["cells"].as_array().unwrap().len(), 4, "{row}");
        for cell in row["cells"].as_array().unwrap() {
            let Some(e) = cell["evidence"].as_object() else {
                assert_eq!(cell["state"], "not_mentioned", "{cell}");
                continue;
            };
            let id = e["policy_id"].as_str().unwrap().to_string();
            let text = texts.entry(id.clone()).or_insert_with(|| {
                utf16(
                    shell.ok("open_policy", json!({ "id": id }))["text"]
                        .as_str()
                        .unwrap(),
                )
            });
            let clause = slice16(text, &e["clause_span"]);
            let item = slice16(text, &e["item_span"]);
            assert!(!item.is_empty() && clause.contains(&item), "{cell}");
            cited += 1;
        }
    }
    assert!(cited > 50, "{cited} cells cite a clause");

    // Two apps, one category.
    let two = shell.ok(
        "compare_apps",
        json!({ "apps": ["快手", "花间"], "category": "个人生物识别信息" }),
    );
    assert_eq!(two["apps"].as_array().unwrap().len(), 2);
    assert_eq!(two["categories"], json!(["个人生物识别信息"]));
    let message = shell.err(
        "compare_apps",
        json!({ "apps": ["快手"], "category": "不存在的类别" }),
    );
    assert!(message.contains("不存在的类别"), "{message}");
    let message = shell.err("compare_apps", json!({ "apps": ["没有这个应用"] }));
    assert!(message.contains("没有这个应用"), "{message}");

    for format in ["csv", "md", "html", "json"] {
        let path = out.path().join(format!("compare.{format}"));
        let result = shell.ok(
            "export_comparison",
            json!({ "apps": ["快手", "花间"], "category": null, "format": format,
                    "path": path.display().to_string() }),
        );
        assert_eq!(
            result,
            json!({ "path": path.display().to_string(), "count": 2 })
        );
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains("快手") && written.contains("花间"),
            "{format}"
        );
        if format == "csv" {
            let header = written.lines().next().unwrap();
            assert!(
                header.contains("快手") && header.contains("花间"),
                "{header}"
            );
        }
    }
    let message = shell.err(
        "export_comparison",
        json!({ "apps": [], "format": "xlsx", "path": out.path().join("c").display().to_string() }),
    );
    assert!(message.contains("xlsx"), "{message}");
}

#[test]
fn diff_policies_reports_the_edits_of_a_new_version_in_utf16_and_exports_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (shell, old, new) = shell_with_two_huajian_versions(tmp.path());
    // The list pairs the versions by their lineage.
    let list = shell.ok("list_policies", json!({}));
    let huajian: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["app"] == "花间")
        .collect();
    assert_eq!(huajian.len(), 2, "{list}");
    assert_eq!(huajian[0]["lineage"], huajian[1]["lineage"]);
    assert_eq!(huajian[0]["versions"], 2);

    let diff = shell.ok("diff_policies", json!({ "old_id": old, "new_id": new }));
    let summary = &diff["summary"];
    let counts = &summary["counts"];
    assert!(counts["added"].as_u64().unwrap() >= 2, "{counts}");
    assert!(counts["removed"].as_u64().unwrap() >= 1, "{counts}");
    assert!(counts["moved"].as_u64().unwrap() >= 1, "{counts}");
    assert!(counts["rewritten"].as_u64().unwrap() >= 1, "{counts}");
    let names = |list: &Value, key: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|v| v[key].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        names(&summary["data_added"], "data_type").contains(&"通讯录".to_string()),
        "{summary}"
    );
    assert!(
        names(&summary["receivers_added"], "name")
            .iter()
            .any(|n| n.contains("极光")),
        "{summary}"
    );
    assert!(
        names(&summary["fields"], "field").contains(&"updated".to_string()),
        "{summary}"
    );

    // Clause spans are UTF-16 spans of each version's text.
    let text_of = |id: &str| {
        utf16(
            shell.ok("open_policy", json!({ "id": id }))["text"]
                .as_str()
                .unwrap(),
        )
    };
    let (old_text, new_text) = (text_of(&old), text_of(&new));
    let mut added = 0;
    for change in diff["clauses"].as_array().unwrap() {
        for (side, text) in [("old", &old_text), ("new", &new_text)] {
            if let Some(c) = change[side].as_object() {
                let slice = slice16(text, &c["span"]);
                let squash = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(
                    squash(&slice),
                    squash(c["text"].as_str().unwrap()),
                    "{change}"
                );
            }
        }
        if change["kind"] == "added"
            && slice16(&new_text, &change["new"]["span"]).contains("极光推送")
        {
            added += 1;
        }
    }
    assert_eq!(added, 1);
    for e in summary["data_added"][0]["evidence"].as_array().unwrap() {
        assert_eq!(e["policy_id"], new.as_str());
        let clause = slice16(&new_text, &e["clause_span"]);
        assert!(clause.contains(&slice16(&new_text, &e["item_span"])), "{e}");
    }

    for format in ["md", "html", "json"] {
        let path = out.path().join(format!("diff.{format}"));
        let result = shell.ok(
            "export_diff",
            json!({ "old_id": old, "new_id": new, "format": format,
                    "path": path.display().to_string() }),
        );
        assert_eq!(result["path"], path.display().to_string());
        assert!(result["count"].as_u64().unwrap() >= 5, "{result}");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.contains("极光推送"), "{format}");
    }
    let message = shell.err(
        "diff_policies",
        json!({ "old_id": old, "new_id": "ffffffff" }),
    );
    assert!(message.contains("ffffffff"), "{message}");
}

#[test]
fn check_policy_gives_every_finding_with_utf16_evidence_and_exports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let shell = Shell::open(tmp.path());
    // Chars outside the BMP after every full stop: char and UTF-16 offsets differ.
    let path = write_astral_policy(files.path());
    let summary = shell.ok(
        "import_paths",
        json!({ "paths": [path.display().to_string()] }),
    );
    let id = summary["imported"][0]["id"].as_str().unwrap().to_string();
    let text = utf16(
        shell.ok("open_policy", json!({ "id": id }))["text"]
            .as_str()
            .unwrap(),
    );

    let types = shell.ok("list_app_types", json!({}));
    let types = types.as_array().unwrap();
    assert_eq!(types.len(), 39);
    assert!(types
        .iter()
        .any(|t| t["name"] == "网络直播类" && t["necessary"].as_array().unwrap().is_empty()));

    let report = shell.ok("check_policy", json!({ "policy_id": id, "app_type": null }));
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.len() >= 26, "{} findings", findings.len());
    let mut cited = 0;
    for f in findings {
        for e in f["evidence"].as_array().unwrap() {
            let squash = |s: &str| s.split_whitespace().collect::<String>();
            assert_eq!(
                squash(&slice16(&text, &e["clause_span"])),
                squash(e["clause"].as_str().unwrap()),
                "{f}"
            );
            cited += 1;
        }
    }
    assert!(cited > 20, "{cited} clauses cited");

    // A given type is read as given; an unknown one is refused naming the types.
    let given = shell.ok(
        "check_policy",
        json!({ "policy_id": id, "app_type": "即时通信类" }),
    );
    assert_eq!(
        given["app_type"],
        json!({ "name": "即时通信类", "guessed": false })
    );
    let message = shell.err(
        "check_policy",
        json!({ "policy_id": id, "app_type": "聊天类" }),
    );
    assert!(
        message.contains("聊天类") && message.contains("即时通信类"),
        "{message}"
    );

    for format in ["md", "html", "json"] {
        let path = out.path().join(format!("check.{format}"));
        let result = shell.ok(
            "export_check",
            json!({ "policy_id": id, "app_type": null, "format": format,
                    "path": path.display().to_string() }),
        );
        assert_eq!(result["count"].as_u64(), Some(findings.len() as u64));
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.contains("C26") && written.contains("C01"),
            "{format}"
        );
    }
    let message = shell.err(
        "export_check",
        json!({ "policy_id": id, "app_type": null, "format": "xlsx", "path": out.path().join("x").display().to_string() }),
    );
    assert!(message.contains("xlsx"), "{message}");
}

#[test]
fn privacy_label_cites_utf16_clauses_and_exports_an_svg() {
    let tmp = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let shell = Shell::open(tmp.path());
    let path = write_astral_policy(files.path());
    let summary = shell.ok(
        "import_paths",
        json!({ "paths": [path.display().to_string()] }),
    );
    let id = summary["imported"][0]["id"].as_str().unwrap().to_string();
    let text = utf16(
        shell.ok("open_policy", json!({ "id": id }))["text"]
            .as_str()
            .unwrap(),
    );
    let label = shell.ok("privacy_label", json!({ "id": id }));
    let mut cited = 0;
    for section in label["sections"].as_array().unwrap() {
        for category in section["categories"].as_array().unwrap() {
            for item in category["items"].as_array().unwrap() {
                let e = &item["evidence"];
                let clause = slice16(&text, &e["clause_span"]);
                assert!(clause.contains(&slice16(&text, &e["item_span"])), "{item}");
                cited += 1;
            }
        }
    }
    // Every item is cited: the data collected and the permissions asked for.
    assert_eq!(
        cited as u64,
        label["collected"].as_u64().unwrap() + label["permissions"].as_u64().unwrap()
    );
    assert!(cited > 20);
    let svg = out.path().join("label.svg");
    let result = shell.ok(
        "export_privacy_label",
        json!({ "id": id, "format": "svg", "path": svg.display().to_string() }),
    );
    assert_eq!(result["count"], label["collected"]);
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg "));
    let message = shell.err("privacy_label", json!({ "id": "ffffffff" }));
    assert!(message.contains("ffffffff"), "{message}");
}

#[test]
fn the_files_the_app_was_started_with_are_given_once_and_reimporting_one_names_its_policy() {
    let tmp = tempfile::tempdir().unwrap();
    let library = policylens::library::Library::open(tmp.path()).unwrap();
    let state = AppState::with_library(library);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies/huajian.txt");
    state.set_startup_files(vec![file.clone()]);
    let shell = Shell::over(state);
    let files = shell.ok("take_startup_files", json!({}));
    assert_eq!(
        files,
        json!([std::path::absolute(&file).unwrap().display().to_string()])
    );
    assert_eq!(shell.ok("take_startup_files", json!({})), json!([]));
    // Opened twice: the second import names the policy the file already is.
    let first = shell.ok("import_paths", json!({ "paths": files }));
    let id = first["imported"][0]["id"].clone();
    let again = shell.ok("import_paths", json!({ "paths": files }));
    assert_eq!(again["imported"], json!([]));
    assert_eq!(again["unchanged_ids"], json!([id]));
}
