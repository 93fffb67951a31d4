//! The `policylens` binary: output formats and exit codes.
use std::process::Command;

use crate::util::*;

fn policylens() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policylens"))
}

#[test]
fn parse_prints_the_document_model_as_json() {
    let out = policylens()
        .args(["parse", "--format", "json"])
        .arg(policies().join("tencent.md"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["app"], "腾讯");
    assert_eq!(v["source"]["format"], "markdown");
    assert_eq!(v["emphasis"].as_array().unwrap().len(), 22);
    assert!(v["blocks"][0]["section"].is_array());
}

#[test]
fn app_flag_overrides_the_recognised_app() {
    let out = policylens()
        .args(["parse", "--app", "测试应用"])
        .arg(policies().join("kuaishou.txt"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["app"], "测试应用");
}

#[test]
fn a_question_without_policies_says_how_to_add_them_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = policylens()
        .args(["ask", "--library"])
        .arg(dir.path().join("lib"))
        .arg("快手会收集哪些信息")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("请先导入政策文件") && err.contains("policylens add"),
        "{err}"
    );
}

#[test]
fn refused_files_are_named_on_stderr_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = policylens()
        .args(["parse", "--format", "text"])
        .arg(&empty)
        .arg(policies().join("huajian.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.txt") && stderr.contains("empty"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("花间"),
        "the good file is still printed: {stdout}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = policylens().args(["parse"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = policylens().args(["no-such-command"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn show_marks_headings_and_bold_clauses_in_plain_output() {
    let out = policylens()
        .arg("show")
        .arg(policies().join("tencent.md"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("\x1b["), "no ANSI when not a terminal");
    assert!(text.contains("【我们根据合法、正当、必要的原则，仅收集实现产品功能所必要的信息。】"));
    assert!(text
        .lines()
        .any(|l| l.starts_with('#') && l.contains("我们收集的信息")));
    assert!(!text.contains("**"));
    let ansi = policylens()
        .args(["show", "--color", "true"])
        .arg(policies().join("tencent.md"))
        .output()
        .unwrap();
    assert!(String::from_utf8(ansi.stdout)
        .unwrap()
        .contains("\x1b[1;33m"));
}

/// `policylens ARGS --format json FIXTURE`, which must succeed, as JSON.
fn json_answer(args: &[&str], fixture_name: &str) -> serde_json::Value {
    json_answer_on(args, &fixture(fixture_name))
}

/// `policylens ARGS --format json FILE`, which must succeed, as JSON.
/// A policy file `name` holding `text` in a new temporary folder (kept while the folder lives).
fn policy_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

fn json_answer_on(args: &[&str], file: &std::path::Path) -> serde_json::Value {
    let out = policylens()
        .args(args)
        .args(["--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `policylens ARGS FILE` as the reader sees it (text), which must succeed.
fn text_answer_on(args: &[&str], file: &std::path::Path) -> String {
    let out = policylens().args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The clauses a list of evidence cites (`answer["yes_no"]["evidence"]`, `answer["unnamed"]`).
fn clauses_cited(evidence: &serde_json::Value) -> Vec<String> {
    evidence
        .as_array()
        .unwrap_or_else(|| panic!("{evidence}"))
        .iter()
        .filter_map(|e| e["clause"].as_str().map(str::to_string))
        .collect()
}

/// The names of an answer's receivers.
fn receiver_names(answer: &serde_json::Value) -> Vec<String> {
    answer["receivers"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

/// The receiver of an answer named `name`.
fn receiver_named<'a>(answer: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    answer["receivers"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no receiver {name}: {answer}"))
}

/// The data types a purpose answer lists.
fn item_types(answer: &serde_json::Value) -> Vec<String> {
    answer["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .iter()
        .map(|i| i["data_type"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The purposes a data answer lists, by name.
fn purpose_names(answer: &serde_json::Value) -> Vec<String> {
    answer["purposes"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ask_receivers_lists_the_sdks_and_partners_a_policy_lists_with_their_data() {
    let v = json_answer(&["ask", "--receivers"], "sdk-list.txt");
    let receivers = v[0]["receivers"].as_array().unwrap();
    let names: Vec<&str> = receivers
        .iter()
        .map(|r| r["name"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["高德定位SDK", "友盟统计SDK", "某某广告平台"]);
    assert_eq!(receivers[0]["kind"], "sdk");
    assert_eq!(receivers[0]["operator"]["text"], "高德软件有限公司");
    assert_eq!(receivers[2]["kind"], "partner");
    assert_eq!(receivers[2]["purpose"]["text"], "展示个性化广告");
    assert_eq!(receivers[2]["link"], "https://ads.example.com/privacy");
    let items: Vec<&str> = receivers[0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["位置信息", "设备标识信息（IMEI/Android ID）"]);
}

/// 「会把我的信息共享给谁」 names neither a purpose nor a data type: it lists every receiver,
/// and the policy need not be named when the files are of one app.
#[test]
fn asking_who_receives_my_data_lists_the_receivers_with_what_they_get() {
    let v = json_answer(&["ask", "示例天气会把我的信息共享给谁"], "sdk-list.txt");
    assert_eq!(v["kind"], "receivers", "{v}");
    assert_eq!(v["stance"], "shares");
    let receivers = v["receivers"].as_array().unwrap();
    let names: Vec<&str> = receivers
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[..3], ["高德定位SDK", "友盟统计SDK", "某某广告平台"]);
    assert_eq!(receivers[0]["kind"], "sdk");
    assert_eq!(receivers[0]["operator"], "高德软件有限公司");
    assert!(receivers[0]["data_types"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("位置信息")));
    assert!(receivers[0]["evidence"][0]["clause"]
        .as_str()
        .unwrap()
        .contains("高德定位SDK"));
}

/// A policy that says it shares with no one says so, with the clause — not the empty answer of
/// a policy that says nothing — and a refusal with exceptions is told apart from a plain one.
/// (`不会与本公司以外的任何公司、组织和个人共享`: the negation stands before a long receiver,
/// far from the verb; that receiver is not one the policy shares with.)
#[test]
fn a_policy_that_declares_it_shares_nothing_says_so_with_the_clause() {
    let plain = json_answer(&["ask", "会把我的信息共享给谁"], "no-sharing.txt");
    assert_eq!(plain["kind"], "receivers", "{plain}");
    assert_eq!(plain["stance"], "none", "{plain}");
    assert_eq!(plain["receivers"], serde_json::json!([]));
    assert!(plain["refusals"][0]["clause"]
        .as_str()
        .unwrap()
        .starts_with("我们不会与任何公司、组织和个人共享"));
    let except = json_answer(&["ask", "会把我的信息共享给谁"], "no-sharing-except.txt");
    assert_eq!(except["stance"], "none_except", "{except}");
    assert_eq!(except["receivers"], serde_json::json!([]), "{except}");
    assert!(except["refusals"][0]["clause"]
        .as_str()
        .unwrap()
        .contains("但以下情况除外"));
}

#[test]
fn asking_who_receives_a_data_type_names_the_listed_sdks_that_get_it() {
    let v = json_answer(
        &["ask", "--app", "示例天气", "--data", "位置信息"],
        "sdk-list.txt",
    );
    let receivers: Vec<&str> = v["receivers"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    // The statistics SDK gets no location: it is not named.
    assert!(receivers.contains(&"高德定位SDK"), "{receivers:?}");
    assert!(receivers.contains(&"某某广告平台"), "{receivers:?}");
    assert!(!receivers.contains(&"友盟统计SDK"), "{receivers:?}");
}

/// The 「共享与SDK」 table exports as CSV with its columns (one row per receiver, every row as
/// wide as the header, the clause's span pointing into the original text) and as Markdown.
#[test]
fn the_receivers_table_exports_as_csv_with_its_columns_and_as_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    let library = policylens::library::Library::open(&lib).unwrap();
    library
        .add_paths(&[fixture("sdk-list.txt")], &mut |_| {})
        .unwrap();
    let policy = library.get(&library.list().unwrap()[0].id).unwrap();
    drop(library);
    let csv_path = tmp.path().join("receivers.csv");
    let out = policylens()
        .args(["receivers", "--library"])
        .arg(&lib)
        .arg(&policy.id)
        .arg("-o")
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let rows = read_csv(&csv);
    assert_eq!(
        rows[0],
        [
            "app",
            "policy_title",
            "receiver",
            "kind",
            "operator",
            "data",
            "data_types",
            "purposes",
            "link",
            "section",
            "clause",
            "clause_start",
            "clause_end"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{rows:?}");
    let names: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(names[..3], ["高德定位SDK", "友盟统计SDK", "某某广告平台"]);
    let gaode = &rows[1];
    assert_eq!(gaode[3], "SDK");
    assert_eq!(gaode[4], "高德软件有限公司");
    assert!(gaode[6].contains("位置信息"), "{gaode:?}");
    let (start, end): (usize, usize) = (gaode[11].parse().unwrap(), gaode[12].parse().unwrap());
    let clause: String = policy.text.chars().skip(start).take(end - start).collect();
    assert!(clause.contains("高德定位SDK"), "{clause}");

    let md = policylens()
        .args(["receivers", "--format", "md", "--library"])
        .arg(&lib)
        .arg(&policy.id)
        .output()
        .unwrap();
    assert!(md.status.success());
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| 接收方 | 类型 | 运营方 | 信息 | 目的 | 链接 | 出处 |"),
        "{md}"
    );
    assert!(
        md.contains("| 高德定位SDK | SDK | 高德软件有限公司 |"),
        "{md}"
    );
}

/// Rows of a CSV document (RFC 4180: quoted fields may hold commas, quotes and line breaks).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (vec![], vec![], String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Words of three or more ASCII letters that may appear in what the CLI itself writes, because
/// they are names, not English: the program, its commands and option values (`--format json`,
/// `--action collect`, `--color true`, corpus folds), file formats, standard abbreviations and
/// standards, environment variables, and data types the lexicon names in Latin letters. A
/// sentence in English has words that are none of these (the, of, is, not, file, policy …).
const ALLOWED_WORDS: &[&str] = &[
    // The program and its commands.
    "policylens",
    "PolicyLens",
    "parse",
    "show",
    "extract",
    "train",
    "eval",
    "ask",
    "notes",
    "report",
    "receivers",
    "diff",
    "check",
    "label",
    "svg",
    "compare",
    "add",
    "remove",
    "list",
    "reindex",
    "search",
    "help",
    "edit",
    "delete",
    "export",
    // Option values, formats and encodings.
    "json",
    "jsonl",
    "text",
    "csv",
    "html",
    "markdown",
    "pdf",
    "txt",
    "JSON",
    "JSONL",
    "CSV",
    "HTML",
    "Markdown",
    "PDF",
    "UTF",
    "true",
    "false",
    "collect",
    "share",
    "valid",
    "all",
    "lbfgs",
    "l2sgd",
    // Abbreviations, standards and technical names.
    "SDK",
    "APP",
    "App",
    "IMEI",
    "GPS",
    "URL",
    "PIPL",
    "ANSI",
    "BM25",
    "NOT",
    "CA4P",
    "CRF",
    "BFGS",
    "POLICYLENS_LIBRARY",
    "NO_COLOR",
    "Cookie",
    "WiFi",
];

/// The English words in `text` that are not [`ALLOWED_WORDS`]. Not checked: quotations (「」
/// “” 《》 【】 and `code`), where the policies and the user's own words are shown, and
/// tokens that are no words: options (`--max-bytes`), paths and file names (`policies/x.txt`,
/// `manifest.toml`), `$VARIABLES` and hex ids.
fn english_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut closing: Vec<char> = Vec::new();
    for c in text.chars() {
        let close = match c {
            '「' => Some('」'),
            '“' => Some('”'),
            '《' => Some('》'),
            '【' => Some('】'),
            '`' if closing.last() != Some(&'`') => Some('`'),
            _ => None,
        };
        if closing.last() == Some(&c) {
            closing.pop();
        } else if let Some(close) = close {
            closing.push(close);
        } else if closing.is_empty() {
            plain.push(c);
        }
    }
    let mut words = Vec::new();
    for token in plain.split(|c: char| !(c.is_ascii_graphic())) {
        let not_a_word = token.starts_with('-')
            || token.starts_with('$')
            || token.contains('/')
            || token.contains('.') && !token.ends_with('.')
            || token.len() >= 8 && token.chars().all(|c| c.is_ascii_hexdigit());
        if not_a_word {
            continue;
        }
        for word in token
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3)
        {
            if !ALLOWED_WORDS.contains(&word) {
                words.push(word.to_string());
            }
        }
    }
    words
}

#[test]
fn the_english_word_check_catches_a_sentence_and_lets_names_and_quotes_pass() {
    assert_eq!(
        english_words("4 files: imported 0, skipped"),
        ["files", "imported", "skipped"]
    );
    assert_eq!(english_words("policylens: no policy \"x\""), ["policy"]);
    assert!(english_words(
        "共 4 份政策 · d71a0972fc283c47 · `policylens add FILE` · --max-bytes \
         policies/kuaishou.txt「Privacy Policy」 SDK（默认：json）"
    )
    .is_empty());
}

/// What one run of the CLI wrote, both streams, each line led by the command for the message.
fn run_shown(args: &[&str], lib: &std::path::Path) -> String {
    let out = policylens()
        .args(args)
        .env("POLICYLENS_LIBRARY", lib)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let mut shown = String::new();
    for line in String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
    {
        shown.push_str(&format!("policylens {}: {line}\n", args.join(" ")));
    }
    shown
}

#[test]
fn a_chinese_reader_sees_no_english_in_the_clis_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    let lib_arg = lib.to_str().unwrap();
    let policies_arg = policies();
    let policies_arg = policies_arg.to_str().unwrap();
    let shopping = tmp.path().join("shopping.txt");
    std::fs::write(
        &shopping,
        "今天买了苹果和香蕉，还要去超市买牛奶。明天去公园散步。\n",
    )
    .unwrap();
    let shopping = shopping.to_str().unwrap();
    let missing = tmp.path().join("missing.txt");
    let missing = missing.to_str().unwrap();
    let mut shown = String::new();
    // Importing the bundled policies, a missing file and a text that is no policy.
    shown += &run_shown(
        &["add", "--library", lib_arg, policies_arg, missing, shopping],
        &lib,
    );
    // Importing them again: every file unchanged.
    shown += &run_shown(&["add", "--library", lib_arg, policies_arg], &lib);
    shown += &run_shown(&["list", "--library", lib_arg], &lib);
    shown += &run_shown(
        &["list", "--library", lib_arg, "--app", "没有这个应用"],
        &lib,
    );
    let search = run_shown(&["search", "--library", lib_arg, "位置信息"], &lib);
    assert!(search.contains("条结果"), "{search}");
    // A hit's second line is its snippet: the policy's own words.
    let mut after_head = false;
    for line in search.lines() {
        let message = line.split_once(": ").map_or(line, |(_, m)| m);
        let is_head = message
            .split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        if !after_head {
            shown.push_str(line);
            shown.push('\n');
        }
        after_head = is_head;
    }
    shown += &run_shown(&["search", "--library", lib_arg, "没有这样的条款啊"], &lib);
    shown += &run_shown(
        &[
            "search",
            "--library",
            lib_arg,
            "--category",
            "没有这个类别",
            "位置",
        ],
        &lib,
    );

    let hits = policylens()
        .args([
            "search",
            "--library",
            lib_arg,
            "--format",
            "json",
            "--limit",
            "1",
            "位置信息",
        ])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    let hit = &hits["hits"][0];
    let id = hit["policy_id"].as_str().unwrap().to_string();
    let (start, end) = (
        hit["span"]["start"].as_u64().unwrap().to_string(),
        hit["span"]["end"].as_u64().unwrap().to_string(),
    );
    // `show` prints the policy itself: only what it says besides is checked (nothing, here).
    let show = policylens()
        .arg("show")
        .arg(policies().join("tencent.md"))
        .output()
        .unwrap();
    assert!(show.status.success() && show.stderr.is_empty());
    shown += &run_shown(&["show", missing], &lib);
    shown += &run_shown(&["parse", "--format", "text", missing, shopping], &lib);
    shown += &run_shown(&["report", "--library", lib_arg, &id], &lib);
    shown += &run_shown(
        &["report", "--library", lib_arg, "--format", "pdf", &id],
        &lib,
    );
    shown += &run_shown(&["report", "--library", lib_arg, "没有这份政策"], &lib);
    shown += &run_shown(
        &[
            "notes",
            "add",
            "--library",
            lib_arg,
            "--policy",
            &id,
            "--start",
            &start,
            "--end",
            &end,
            "--tags",
            "位置",
            "要留意",
        ],
        &lib,
    );
    shown += &run_shown(&["notes", "list", "--library", lib_arg], &lib);
    shown += &run_shown(&["notes", "delete", "--library", lib_arg, "1"], &lib);
    shown += &run_shown(&["notes", "delete", "--library", lib_arg, "99"], &lib);
    shown += &run_shown(&["notes", "list", "--library", lib_arg], &lib);
    shown += &run_shown(&["remove", "--library", lib_arg, &id], &lib);
    shown += &run_shown(&["remove", "--library", lib_arg, &id], &lib);
    // The help of the program and of every command, short and long.
    shown += &run_shown(&["--help"], &lib);
    shown += &run_shown(&["help"], &lib);
    shown += &run_shown(&["help", "notes", "add"], &lib);
    for command in [
        "parse",
        "show",
        "extract",
        "train",
        "eval",
        "ask",
        "notes",
        "report",
        "receivers",
        "diff",
        "check",
        "label",
        "compare",
        "add",
        "remove",
        "list",
        "reindex",
        "search",
    ] {
        shown += &run_shown(&[command, "--help"], &lib);
        shown += &run_shown(&[command, "-h"], &lib);
    }
    for command in ["add", "list", "edit", "delete", "export"] {
        shown += &run_shown(&["notes", command, "--help"], &lib);
    }
    // Command lines typed wrong: clap's own messages were English.
    for wrong in [
        &["ask", "--bogus"][..],
        &["add"],
        &["serch", "位置"],
        &["search", "--limit", "abc", "位置"],
        &["search", "--format", "xml", "位置"],
        &["extract", "--format"],
        &["show", "--color", "maybe", "x.txt"],
        &[],
    ] {
        let typed = run_shown(wrong, &lib);
        assert!(
            typed.contains("更多信息请运行") || typed.contains("用法:"),
            "{wrong:?}: {typed}"
        );
        shown += &typed;
    }

    for expected in [
        "已导入",
        "未变化",
        "拒绝",
        "文件或文件夹不存在",
        "不是隐私政策",
        "用法:",
    ] {
        assert!(shown.contains(expected), "no {expected:?} in:\n{shown}");
    }
    let english: Vec<String> = shown
        .lines()
        .map(|line| line.split_once(": ").map_or(line, |(_, m)| m))
        .filter(|message| !english_words(message).is_empty())
        .map(|message| format!("{:?}: {message}", english_words(message)))
        .collect();
    assert!(
        english.is_empty(),
        "English in the CLI's messages:\n{}",
        english.join("\n")
    );
}

/// The literals a `ui/src/components` file passes as `text:` (the text of an element), without
/// the `${…}` expressions of template literals.
fn ui_texts(source: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("text:") {
        rest = rest[at + "text:".len()..].trim_start();
        let mut chars = rest.char_indices();
        let Some((_, quote)) = chars.next().filter(|(_, q)| matches!(q, '"' | '\'' | '`')) else {
            continue;
        };
        let mut text = String::new();
        let mut depth = 0usize;
        let mut escaped = false;
        let mut end = rest.len();
        let mut previous = quote;
        for (i, c) in chars {
            if depth > 0 {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
            } else if escaped {
                escaped = false;
                text.push(c);
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                end = i + 1;
                break;
            } else if quote == '`' && c == '{' && previous == '$' {
                text.pop();
                depth = 1;
            } else {
                text.push(c);
            }
            previous = c;
        }
        texts.push(text);
        rest = &rest[end..];
    }
    texts
}

#[test]
fn the_ui_texts_hold_no_english_sentence() {
    let sentence = |text: &str| {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';' | '!' | '?'))
            .filter(|w| !w.is_empty())
            .collect();
        words.windows(3).any(|w| {
            w.iter()
                .all(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '\''))
        })
    };
    assert!(sentence("No policy found"));
    assert!(!sentence("导出 CSV 表格"));
    assert_eq!(
        ui_texts(r#"el("p", { text: `共 ${n.length} 条`, title: "x" })"#),
        ["共  条"]
    );
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("ui/src/components")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ts") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for text in ui_texts(&source) {
            checked += 1;
            assert!(
                !sentence(&text),
                "{}: English text {text:?}",
                path.display()
            );
        }
    }
    assert!(
        checked > 50,
        "only {checked} texts found in ui/src/components"
    );
}

/// Issue 13: `policylens --library DIR add …` was a usage error: `--library` is a global
/// option, before or after the command (and the notes' subcommands).
#[test]
fn the_library_option_goes_before_or_after_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    let lib = lib.to_str().unwrap();
    let fixture = policies().join("huajian.txt");
    let out = policylens()
        .args(["--library", lib, "add", "--no-progress"])
        .arg(&fixture)
        .env_remove("POLICYLENS_LIBRARY")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [
        &["--library", lib, "list"][..],
        &["list", "--library", lib],
        &["--library", lib, "notes", "list"],
        &["notes", "list", "--library", lib],
    ] {
        let out = policylens()
            .args(args)
            .env_remove("POLICYLENS_LIBRARY")
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            shown.contains("花间") || shown.contains("没有笔记"),
            "{args:?}: {shown}"
        );
    }
}

/// `policylens parse FILE | head -c 100` closed the pipe early and the JSON writer's error was
/// printed as `policylens: Broken pipe (os error 32)`: a reader who stops reading is no error.
#[test]
fn json_cut_short_by_a_closed_pipe_is_no_error() {
    use std::io::Read;
    let mut child = policylens()
        .arg("parse")
        .arg(policies().join("kuaishou.txt"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // (stdout is dropped here: the pipe is closed with most of the JSON unread.)
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
}

/// A policy without headings (crawl pages saved as one block of text): its clauses were cited
/// under an empty 「§ 」, and a collect question said 「政策未提到共享对象」 of every policy whose
/// sharing names no receiver of that one type — as if it never mentioned sharing at all.
#[test]
fn an_answer_on_a_policy_without_headings_says_so_and_does_not_claim_sharing_is_unmentioned() {
    let (_dir, file) = policy_file(
        "nohead.txt",
        "示例地图隐私政策\n我们非常重视您的个人信息保护。本隐私政策说明我们如何收集、使用您的个人信息。\n\
         当您使用导航功能时，我们会收集您的位置信息，用于为您规划路线。\n\
         当您注册账号时，我们会收集您的手机号码，用于创建账号和登录。\n\
         我们不会向任何第三方出售您的个人信息。您可以随时在设置中关闭定位权限。\n\
         如您对本政策有任何疑问，可以通过客服与我们联系。\n",
    );
    let out = policylens()
        .args(["ask", "会收集我的位置信息吗"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("§ （无章节）\n"), "{text}");
    assert!(!text.contains("§ \n"), "{text}");
    assert!(text.contains("政策没有写明把它共享给谁"), "{text}");
    assert!(!text.contains("未提到共享对象"), "{text}");
}

/// 录音转文字管家 (crawl): 「我们不会与录音转文字管家以外的任何公司、组织和个人分享您的个人信息，但以下
/// 情况除外：」 was read as a conditional practice and its refused parties listed as a receiver,
/// 「公司、组织和个人」. A receiver named in the part of a clause that refuses is none; the
/// exceptions' receivers stay, and so does a receiver in a part that shares.
#[test]
fn the_parties_a_refusal_with_exceptions_names_are_no_receivers() {
    let (_dir, file) = policy_file(
        "录音管家.txt",
        "录音管家隐私政策\n\
         一、我们如何收集您的个人信息\n\
         在使用转文字功能时，我们会收集您的录音文件，用于完成文字转换。\n\
         二、我们如何共享您的个人信息\n\
         （一）共享\n\
         我们不会与录音管家以外的任何公司、组织和个人分享您的个人信息，但以下情况除外：\n\
         1、在获取明确同意的情况下共享：获得您的明确同意后，我们会与其他方共享您的个人信息。\n\
         2、与授权合作伙伴共享：在获得您明确同意的情况下，我们可能会与合作伙伴共享您的某些个人信息，以提供更好的客户服务。\n\
         我们不会出售您的个人信息，但会与物流服务提供商共享您的收货地址，以便安排送货。\n\
         三、如何联系我们\n如您有任何疑问，请联系客服。\n",
    );
    let names = receiver_names(&json_answer_on(&["ask", "会把我的信息共享给谁"], &file));
    assert!(!names.iter().any(|n| n.contains("组织")), "{names:?}");
    assert!(names.iter().any(|n| n == "合作伙伴"), "{names:?}");
    assert!(
        names.iter().any(|n| n.contains("物流服务提供商")),
        "{names:?}"
    );
}

/// 元贝驾考 (crawl): 「我们不会将您的个人身份信息（指可以识别您身份的信息，例如姓名或电子邮箱，通过
/// 这些信息可以联系到您或识别您的身份）与提供广告、分析服务的合作伙伴共享。」 listed the partner as
/// receiving 个人身份信息, 姓名 and 电子邮箱: the commas inside the brackets cut the refusal off the
/// clause part that names the partner.
#[test]
fn a_refusal_whose_data_is_explained_in_brackets_names_no_receiver() {
    let (_dir, file) = policy_file(
        "驾考.txt",
        "驾考隐私政策\n\
         一、我们如何共享您的个人信息\n\
         我们可能会接入广告联盟读取您的设备识别号，用于优化广告投放。\n\
         除上述得到您的许可的情形外，我们不会将您的个人身份信息（指可以识别您身份的信息，例如姓名或电子邮箱，\
         通过这些信息可以联系到您或识别您的身份）与提供广告、分析服务的合作伙伴共享。\n\
         我们会与物流服务提供商共享您的收货地址，以便安排送货。\n\
         二、如何联系我们\n如您有任何疑问，请联系客服。\n",
    );
    let names = receiver_names(&json_answer_on(&["ask", "会把我的信息共享给谁"], &file));
    assert!(!names.iter().any(|n| n.contains("分析服务")), "{names:?}");
    assert!(
        names.iter().any(|n| n.contains("物流服务提供商")),
        "{names:?}"
    );
}

/// 走路达人 (crawl): 「在您使用集成了讯飞开放平台提供的…产品或应用时」 named a receiver 「了讯飞开放
/// 平台」: the particle of the verb before a party is no part of its name.
#[test]
fn a_party_after_a_verb_with_its_particle_is_named_without_it() {
    let (_dir, file) = policy_file(
        "示例.txt",
        "示例隐私政策\n三、我们如何共享您的个人信息\n\
         25、科大讯飞SDK： 在您使用集成了讯飞开放平台提供的人工智能产品API/SDK的产品或应用时，\
         我们会接收并记录您所使用的设备号（IMEI号）、IP地址，以用于用户接入数量的统计分析。\n",
    );
    let names = receiver_names(&json_answer_on(&["ask", "会把我的信息共享给谁"], &file));
    assert!(names.iter().any(|n| n == "科大讯飞SDK"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('了')), "{names:?}");
}

/// Keeping the data is using it: 「我们会将您创建的笔记内容保存在我们的服务器中」 answered 政策未提及.
/// But data kept on the user's own device, which the app cannot read, is not collected:
/// 「您的指纹信息仅保存在您的设备本地，我们无法获取」 answered 是 (无法获取 was no denial).
#[test]
fn data_the_app_keeps_is_collected_and_data_it_cannot_get_is_not() {
    let (_dir, file) = policy_file(
        "示例笔记.txt",
        "示例笔记隐私政策\n一、我们如何收集和使用您的个人信息\n\
         为了向您提供笔记同步服务，我们会将您创建的笔记内容保存在我们的服务器中。\n\
         当您使用指纹解锁时，您的指纹信息仅保存在您的设备本地，我们无法获取。\n\
         二、如何联系我们\n如您有任何疑问，请联系客服。\n",
    );
    let verdict = |question: &str| {
        json_answer_on(&["ask", question], &file)["yes_no"]["verdict"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(verdict("会收集我的笔记吗"), "yes");
    assert_eq!(verdict("会收集我的指纹吗"), "no");
}

/// 比亚迪汽车: 「我们还可能收集您的以下数据：」 (the labeller marked `数据`, not `以下数据`) before
/// items that lost their bullets (`⇥用于车辆控制业务的车辆数据类：…行驶轨迹数据…；`): the
/// trajectories were collected by no practice, and 「会收集我的行踪轨迹吗」 cited a storage
/// permission clause instead.
#[test]
fn items_after_a_forward_reference_are_collected_though_their_bullets_were_lost() {
    let (_dir, file) = policy_file(
        "示例汽车.txt",
        "示例汽车隐私政策\n一、我们如何收集您的个人信息\n\
         您可以使用服务记录、道路援救等附加功能。我们还可能收集您的以下数据：\n\
         \t用于车辆控制业务的车辆数据类：车辆状态数据、导航数据、车辆轨迹数据、行驶轨迹数据；\n\
         \t用于应用安全检测需要手机数据类：IP地址、手机设备号(IMEI)、手机型号；\n\
         二、如何联系我们\n如您有任何疑问，请联系客服。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的行踪轨迹吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let cited = clauses_cited(&answer["yes_no"]["evidence"]);
    assert!(
        cited.iter().any(|c| c.contains("行驶轨迹数据")),
        "{cited:?}"
    );
}

/// 甬兴证券: 「您需要在您的设备上录入您的指纹/面部特征信息…我们仅接收验证结果，并不收集您的指纹/
/// 面部特征信息」 was answered 「是」, citing what the user enters on their own phone.
#[test]
fn a_fingerprint_the_user_enters_on_their_device_is_not_collected() {
    let (_dir, file) = policy_file(
        "示例证券.txt",
        "示例证券隐私政策\n一、我们如何收集信息\n1、指纹登录验证信息\n\
         为了让您更安全、便捷地使用登录服务，您可以选择指纹登录服务。您需要在您的设备上录入您的\
         指纹/面部特征信息，在您进行指纹登录时，您需要在您的设备上完成信息验证。我们仅接收验证结果，\
         并不收集您的指纹/面部特征信息。\n\
         2、注册\n您在注册手机账户时需要提供您的手机号码以便完成账户注册。\n\
         二、如何联系我们\n如您有任何疑问，请联系客服。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的指纹吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "no", "{answer}");
    let cited = answer["yes_no"]["evidence"][0]["clause"]
        .as_str()
        .unwrap_or_default();
    assert!(cited.contains("并不收集"), "{cited}");
    let phone = json_answer_on(&["ask", "会收集我的手机号吗"], &file);
    assert_eq!(phone["yes_no"]["verdict"], "yes", "{phone}");
}

/// A purpose asked in the reader's own words after 为了 that no known purpose names:
/// 「链家网为了找房会收集哪些信息」 listed everything the policy collects (61 types), as if no
/// purpose had been asked.
#[test]
fn a_purpose_in_the_readers_own_words_after_wei_le_narrows_the_answer() {
    let (_dir, file) = policy_file(
        "示例找房.txt",
        "示例找房隐私政策\n一、我们如何收集和使用您的个人信息\n\
         当您注册账号时，我们会收集您的手机号码，用于创建账号。\n\
         百度地图SDK会收集您的位置信息，用于提供地图找房服务。\n\
         二、如何联系我们\n如您有任何疑问，请联系客服。\n",
    );
    let v = json_answer_on(&["ask", "示例找房为了找房会收集哪些信息"], &file);
    assert_eq!(v["purpose"], "找房", "{v}");
    let items = item_types(&v);
    assert!(items.iter().any(|t| t == "位置信息"), "{items:?}");
    assert!(!items.iter().any(|t| t == "手机号码"), "{items:?}");
}

/// A purpose the labeller tagged as a party is no receiver: 百词斩's 「需要您提供必要的信息以核验身份」
/// listed 「核验身份」 among the parties that receive the reader's data.
#[test]
fn a_purpose_tagged_as_a_party_is_no_receiver() {
    let (_dir, file) = policy_file(
        "示例单词.txt",
        "示例单词隐私政策\n一、我们如何收集并使用您的个人信息\n(7) 为您提供客户服务\n\
         当您与我们的客服联系时，我们可能会需要您提供必要的信息以核验身份并收集您的联系方式以便在问题得出解决方案后与您及时联络，您与客服的沟通记录及内容也将被保存。\n\
         二、我们如何共享您的个人信息\n我们必须与物流服务提供商共享您的订单信息才能安排送货。\n",
    );
    let names = receiver_names(&json_answer_on(&["ask", "会把我的信息共享给谁"], &file));
    assert!(!names.iter().any(|n| n == "核验身份"), "{names:?}");
    assert!(names.iter().any(|n| n == "物流服务提供商"), "{names:?}");
}

/// 新浪财经's 「会把我的位置信息共享给谁」 said 「政策未写明用途」 of data whose use the policy states
/// (a share question read only sharing clauses for purposes), and 「会拿我的位置信息干什么」 gave the
/// heading 「1.存储位置」 (where data is stored) as a purpose of location.
#[test]
fn a_datas_uses_are_its_uses_whatever_is_asked_and_a_heading_states_none() {
    let (_dir, file) = policy_file(
        "示例财经.txt",
        "示例财经隐私政策\n一、个人信息收集的范围与方式\n\
         您需要授权我们使用位置权限，以便于我们基于位置向您提供基于地理位置的信息展示与推送。\n\
         二、个人信息的存储\n1.存储位置\n我们依照法律法规的规定，将境内收集的您的个人信息存储于中华人民共和国境内。\n",
    );
    let purposes = |question: &str| -> Vec<String> {
        let v = json_answer_on(&["ask", question], &file);
        v["purposes"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    };
    let uses = purposes("会拿我的位置信息干什么");
    assert!(!uses.is_empty(), "{uses:?}");
    assert!(!uses.iter().any(|u| u.contains("存储")), "{uses:?}");
    assert_eq!(purposes("会把我的位置信息共享给谁"), uses);
}

/// A third party the policy names as collecting the data receives it, though no clause says
/// 共享: 快手's 「位置服务合作伙伴可能会使用您的GPS信息」 answered 「会把我的位置信息共享给谁」 with no
/// receiver; its name is the whole name where the labeller's span starts inside it
/// (「务合作伙伴」 of 「我们的登录及社交服务合作伙伴」 is 「服务合作伙伴」).
#[test]
fn a_third_party_collecting_the_data_receives_it() {
    let (_dir, file) = policy_file(
        "示例视频.txt",
        "示例视频隐私政策\n一、个人信息的共享、转移与公开\n（一）共享\n\
         1.1 登录及社交服务：为向您提供第三方注册、登录及分享服务，我们的登录及社交服务合作伙伴可能会使用您的设备信息。\n\
         1.3 位置服务：为向您提供位置相关服务，位置服务合作伙伴可能会使用您的 GPS 信息、设备信息，以及时向您返回位置结果。\n",
    );
    let names = |question: &str| receiver_names(&json_answer_on(&["ask", question], &file));
    assert_eq!(names("会把我的位置信息共享给谁"), ["位置服务合作伙伴"]);
    let all = names("会把我的信息共享给谁");
    assert!(all.contains(&"位置服务合作伙伴".to_string()), "{all:?}");
    assert!(all.iter().all(|n| !n.starts_with("务")), "{all:?}");
}

/// 「会收集我的健康信息吗」 answered 政策未提及 of a doctor's app collecting 病历 (健康信息 covered
/// only its own words, not the medical types the law calls sensitive with it); and a definition
/// 「敏感个人信息：敏感个人信息是一旦泄露或者非法使用…行踪轨迹信息…」 gave location a use.
#[test]
fn health_information_covers_medical_records_and_a_definition_states_no_use() {
    let (_dir, file) = policy_file(
        "示例医生.txt",
        "示例医生隐私政策\n一、我们如何收集和使用您的个人信息\n\
         同时示例医生将会收集您与患者间交流的记录，包括录音、录像、图文信息，咨询建议信息以及病历、处方登记信息。\n\
         二、定义\n敏感个人信息：敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到侵害的个人信息，包括生物识别、医疗健康、行踪轨迹信息。\n",
    );
    let v = json_answer_on(&["ask", "会收集我的健康信息吗"], &file);
    assert_eq!(v["yes_no"]["verdict"], "yes", "{v}");
    let v = json_answer_on(&["ask", "会拿我的位置信息干什么"], &file);
    assert_eq!(v["purposes"].as_array().map(Vec::len), Some(0), "{v}");
}

/// 「大象拍车会收集我的婚史吗」 answered 提供给以下 1 个接收方：我们 — 「需要向我们提供…婚姻状态」 was
/// read as sharing with 我们 (crawl). A collect answer names receivers by the share answer's
/// test: the operator and the user receive nothing.
#[test]
fn the_operator_a_user_provides_data_to_is_no_receiver_of_it() {
    let (_dir, file) = policy_file(
        "示例拍车.txt",
        "示例拍车隐私政策\n二、个人信息的收集和使用\n（4）汽车金融服务\n\
         2.13如果您使用示例拍车汽车金融服务时，您需要向我们提供紧急联系人姓名及联系方式、单位名称和单位地址、家庭成员姓名及联系方式、婚姻状态、住址，以使我们在紧急情况下保护我们和您的财产安全。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的婚史吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let names = receiver_names(&answer);
    assert!(names.iter().all(|n| !n.starts_with("我们")), "{names:?}");
}

/// 南都 (crawl): 「会收集我的手机号吗」 said 「政策未写明用途」 of 「当您在南都上创建账户时，您可以向我们提供您的
/// 全名和手机号，并设定密码。」, while asking for 注册登录 listed the phone number from that very clause:
/// a collection with no purpose is for the activity its condition names — unless the condition
/// refuses (「如您拒绝提供…」 names what is lost).
#[test]
fn a_collection_without_a_purpose_is_for_the_activity_its_condition_names() {
    let (_dir, file) = policy_file(
        "南都.txt",
        "南都隐私政策\n一、我们收集哪些信息\n\
         当您在南都上创建账户时，您可以向我们提供您的全名和手机号，并设定密码。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的手机号吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let purposes = purpose_names(&answer);
    assert_eq!(purposes, ["注册登录"], "{answer}");
}

/// CoStudy自习室 (crawl): 「会把我的位置信息共享给谁」 states no sharing of it, so the answer gives
/// the data's uses — and gave 交易支付 and 活动运营 from the 名词解释 list of kinds of personal
/// information (「个人财产信息（包括…交易和消费记录…）…个人位置信息」) and 消息通知 from the update
/// clause (「在显著位置提示或向您发送推送消息」). Definitions and updates state no use.
#[test]
fn definitions_and_update_clauses_state_no_use_of_the_data_they_name() {
    let (_dir, file) = policy_file(
        "示例自习室.txt",
        "示例自习室隐私政策\n三、名词解释\n\
         本隐私政策中涉及的个人信息包括自然人的基本资料（包括姓名、生日、性别、住址、电话号码、电子邮箱）、个人财产信息（包括银行账号、口令、交易和消费记录、虚拟货币、虚拟交易、兑换码等虚拟财产信息）、个人上网记录（包括网站浏览记录、软件使用记录）、个人位置信息（包括大概地理位置、精确定位信息）。\n\
         四、我们如何收集和使用您的个人信息\n\
         当您使用附近自习室功能时，我们会收集您的位置信息，用于向您推荐附近的自习室。\n\
         十一、本政策如何更新\n\
         如该等更新造成您在本《隐私政策》下权利的实质减少或重大变更，我们将在本政策生效前通过在显著位置提示或向您发送推送消息或以其他方式通知您，若您继续使用我们的服务，即表示您充分阅读、理解并同意受经修订的《隐私政策》的约束。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的位置信息共享给谁"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.is_empty(), "{answer}");
    for wrong in ["交易支付", "活动运营", "消息通知"] {
        assert!(
            !purposes.iter().any(|p| p == wrong),
            "{wrong}: {purposes:?}"
        );
    }
}

/// Wake (crawl): its definition 「“个人信息"是指您通过Wake⏎App上传的个人信息,包括…手机号码…健康数据…」
/// is cut at the line break into a heading and a paragraph, and the paragraph gave the phone
/// number the uses 健康管理, 内容发布 and 社交互动. What a defining heading opens defines too.
#[test]
fn a_definition_cut_into_a_heading_and_its_paragraph_states_no_use() {
    let (_dir, file) = policy_file(
        "示例瑜伽.txt",
        "示例瑜伽隐私政策\n1.个人信息\n“个人信息\"是指您通过示例瑜伽\n\
         App上传的个人信息,包括但不限于姓名、地址、电子邮件地址、手机号码、社交账号、个人通过App采集的GPS定位数据及运动数据信息,以及与上述信息相关的健康数据和您发布的内容。\n\
         2.信息收集\n当您注册账号时，我们会收集您的手机号码，用于注册登录。\n",
    );
    let answer = json_answer_on(&["ask", "收集我的手机号做什么"], &file);
    assert_eq!(purpose_names(&answer), ["注册登录"], "{answer}");
}

/// 大嘴讲故事 (crawl): 「会收集我的位置信息吗」 said 是 and 「政策未写明用途」 of 「…并在您授权后收集您的位置
/// 信息，前述特定服务场景包括：用于填写收件人信息和连接智能听教机。」 — the clause ends on what it is for.
#[test]
fn a_collection_whose_clause_ends_on_yong_yu_is_for_what_follows() {
    let (_dir, file) = policy_file(
        "示例故事.txt",
        "示例故事隐私政策\n二、我们如何收集和使用您的个人信息\n（三）基于设备麦克风权限的附加业务功能\n\
         （四）基于位置权限的附加业务功能在我们的特定服务中，我们需要申请获取您的位置权限，并在您授权后收集您的位置信息，前述特定服务场景包括：用于填写收件人信息和连接智能听教机。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let purposes = purpose_names(&answer);
    assert!(
        purposes.iter().any(|p| p.contains("智能听教机")),
        "{purposes:?}"
    );
}

/// Potplayer播放器 (crawl): 「会把我的位置信息共享给谁」 gave 「SDK服务」 as a purpose — the title
/// over a table of SDKs saved one cell per line (「手机状态，位置信息,wifi状态…深圳腾讯科技」); 幸福商家端
/// gave 「SDK」 (「（二）SDK」) the same way. A section titled after SDKs, cookies or third parties
/// names no feature the data is for.
#[test]
fn a_section_titled_sdk_is_no_purpose() {
    let (_dir, file) = policy_file(
        "示例播放器.txt",
        "示例播放器隐私政策\n一、我们如何收集和使用您的个人信息\n\
         当您使用附近影院功能时，我们会收集您的位置信息，用于向您推荐附近的影院。\n\
         二、第三方服务\n目前，我们目前已接入的第三方服务如下：\n\n\n\
         SDK服务\n使用目的\n获取信息\n开发者信息\n\n腾讯Bugly\n崩溃日志收集\n\
         手机状态，位置信息,wifi状态，网络状态，读写存储空间,设备识别码（IMEI/Mac/android ID/IDFA)深圳腾讯科技\n",
    );
    let answer = json_answer_on(&["ask", "会把我的位置信息共享给谁"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.is_empty(), "{answer}");
    assert!(!purposes.iter().any(|p| p.contains("SDK")), "{purposes:?}");
}

/// 大象拍车 (crawl): 「会收集我的纳税信息吗」 gave the use 安全风控 of 「…IMSL设备MAC地址，我们使用上述设备
/// 信息来进行真实用户实体的识别…如您拒绝提供上述信息…」 — its 上述信息 points at the device identifiers
/// named just before it, not at the 购置税完税证明 two clauses back — and missed the clause where
/// the user provides it (「您需要向我们提供…购置税完税证明。」).
#[test]
fn above_mentioned_data_is_the_data_named_last_before_it() {
    let (_dir, file) = policy_file(
        "示例拍车.txt",
        "示例拍车隐私政策\n二、个人信息的收集和使用\n(2)车辆信息展示及浏览\n\
         2.4如果您作为卖车用户，您需要向我们提供驾驶证影印件、机动车登记证书的影印件、购车发票和购置税完税证明。\n\
         2.5如果您在示例拍车进行车辆信息的浏览，我们会收集您的IMEI、UUID、IDFA、设备MAC地址，我们使用上述设备信息来进行真实用户实体的识别，以预防钓鱼网站的欺诈，进而保证我们系统的安全，如您拒绝提供上述信息，我们无法为您提供服务。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的纳税信息吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let purposes = purpose_names(&answer);
    assert!(!purposes.iter().any(|p| p == "安全风控"), "{purposes:?}");
    let cited = answer["yes_no"]["evidence"].to_string();
    assert!(cited.contains("购置税完税证明"), "{cited}");
}

/// 游潇湘 (crawl): 「会收集我的身份证号吗」 said 政策未提及 of a policy stating 「在您实名认证时，需提供
/// 身份证信息…以验证您的身份」 — 身份证件信息, which the question's narrower type did not reach.
/// Now the broader type the policy names answers, saying so, with 可能 rather than 是; a policy
/// naming the narrower type itself is answered as before.
#[test]
fn a_narrower_type_the_policy_never_names_is_answered_from_the_broader_type_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let broad = dir.path().join("示例出行.txt");
    std::fs::write(
        &broad,
        "示例出行隐私政策\n二、信息收集\n\
         · 在您实名认证时，需提供身份证信息、银行卡信息、面部信息以验证您的身份。\n\
         · 当您使用附近门店功能时，我们会收集您的位置信息，用于向您推荐附近的门店。\n",
    )
    .unwrap();
    let answer = json_answer_on(&["ask", "会收集我的身份证号吗"], &broad);
    assert_eq!(answer["data_type"], "身份证号码", "{answer}");
    assert_eq!(answer["broader_type"], "身份证件信息", "{answer}");
    assert_eq!(answer["yes_no"]["verdict"], "possibly", "{answer}");
    assert!(
        answer["yes_no"]["evidence"]
            .to_string()
            .contains("实名认证"),
        "{answer}"
    );
    let text = text_answer_on(&["ask", "会收集我的身份证号吗"], &broad);
    assert!(text.contains("更宽一类「身份证件信息」"), "{text}");
    // Nothing broader named either: still not mentioned.
    let answer = json_answer_on(&["ask", "会收集我的指纹吗"], &broad);
    assert_eq!(answer["yes_no"]["verdict"], "not_mentioned", "{answer}");
    assert!(answer.get("broader_type").is_none(), "{answer}");

    let narrow = dir.path().join("示例跑腿.txt");
    std::fs::write(
        &narrow,
        "示例跑腿隐私政策\n一、我们如何收集和使用您的个人信息\n\
         实名认证需您提供您的姓名、身份证号码至示例跑腿及其实名认证服务提供方，通过与公安网数据校验，来实现并保障实名信息的真实性。\n",
    )
    .unwrap();
    let answer = json_answer_on(&["ask", "会收集我的身份证号吗"], &narrow);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    assert!(answer.get("broader_type").is_none(), "{answer}");
}

/// 白驹跑腿 (crawl): 「我们并没有在此环节收集您的身份证信息」 was cited as proof that it collects it;
/// 「并没有」 negates like 「并不」.
#[test]
fn bing_mei_you_negates_a_collection() {
    let (_dir, file) = policy_file(
        "示例跑腿.txt",
        "示例跑腿隐私政策\n1、服务项目交易及商品交易功能\n\
         配送员在为您提供配送服务的同时，会协助您完成实名认证。我们并没有在此环节收集您的身份证信息。\n\
         当您下单时，我们会收集您的收货地址和手机号码，用于配送商品。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的身份证件信息吗"], &file);
    assert_ne!(answer["yes_no"]["verdict"], "yes", "{answer}");
    assert_ne!(answer["yes_no"]["verdict"], "possibly", "{answer}");
}

/// 火星 (crawl): its SDK list sits under the heading 「脸球（北京）科技有限公司」, which became a
/// purpose of the location a clause below it names: a company's name is no feature.
#[test]
fn a_section_titled_after_a_company_is_no_purpose() {
    let (_dir, file) = policy_file(
        "示例星球.txt",
        "示例星球隐私政策\n一、收集个人信息的业务功能\n\
         当您使用附近的人服务时，为向您提供附近的用户，我们会收集您的位置信息。\n\
         10、适用范围\n \n示例（北京）科技有限公司\n \n附录一：第三方SDK列表\n\
         为保障示例星球相关功能的实现与应用安全稳定的运行，我们可能会接入由第三方提供的软件开发包（SDK）实现相关目的。\
         这可能会收集你的位置信息及相关设备信息（例如硬件型号、操作系统版本号），经过去标识化后并提供给前述提供商。\n\
         （1）友盟\n 使用目的：收集并分析统计数据\n 收集个人信息：设备信息、地理位置\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.is_empty(), "{answer}");
    assert!(!purposes.iter().any(|p| p.contains("公司")), "{purposes:?}");
}

/// 光合熊猫 (crawl): 「您需要向光合熊猫提供联系人信息（姓名、身份证、护照…）」 was the app sharing the
/// data with itself — a receiver named 光合熊猫 — not collecting it: giving data to the app by its
/// name is giving it to the operator, as `向我们提供` is.
#[test]
fn giving_data_to_the_app_by_its_name_is_its_collection() {
    let (_dir, file) = policy_file(
        "policy.txt",
        "示例熊猫用户信息保护政策\n一、收集信息类型及用途\n\
         1.交易相关的身份信息：您需要向示例熊猫提供联系人信息（姓名、身份证、护照及其他身份证明信息、出生日期），以便完成订单。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的身份证件信息吗"], &file);
    assert_eq!(answer["app"], "示例熊猫", "{answer}");
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let answer = json_answer_on(&["ask", "会把我的身份证件信息共享给谁"], &file);
    assert!(
        !receiver_names(&answer)
            .iter()
            .any(|r| r.contains("示例熊猫")),
        "{answer}"
    );
}

/// 智学网 (crawl): 「…委托第三方物流和服务商为您提供物流配送服务，可能向他们提供收货人姓名、收货人地址、
/// 收货人手机号码」 — 「会把我的手机号共享给谁」 named no receiver: 收货人手机号码 is filed under
/// 收货人信息. A type's own words inside another type's name it.
#[test]
fn a_phone_number_inside_the_recipients_details_is_a_phone_number() {
    let (_dir, file) = policy_file(
        "示例学习.txt",
        "示例学习隐私政策\n四、我们如何共享您的个人信息\n2.共享\n\
         （5）在课程随材寄送过程中，我们会委托第三方物流和服务商为您提供物流配送服务，可能向他们提供收货人姓名、收货人地址、收货人手机号码。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的手机号共享给谁"], &file);
    let receivers = receiver_names(&answer);
    assert!(
        receivers.iter().any(|r| r.contains("物流")),
        "{receivers:?} {answer}"
    );
}

/// 多问律师端 (crawl): 「用户在不使用定位相关功能和服务时，则多问律师端不会读取用户的MAC地址」 was
/// answered 否：政策声明不会 — but it says the app reads the MAC address when location features
/// are used. A denial that holds only while a feature is off answers 「只在特定情况下」.
#[test]
fn a_denial_while_a_feature_is_off_is_no_denial() {
    let (_dir, file) = policy_file(
        "示例律师.txt",
        "示例律师隐私政策\n1、设备信息\n\
         例如，设备型号、操作系统版本、唯一设备标识符等信息。\n\
         MAC地址是基于用户在使用定位相关功能和服务时所涉及的必要功能，用户在不使用定位相关功能和服务时，则本应用不会读取用户的MAC地址。\n\
         我们不会收集您的指纹信息。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的MAC地址吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "only_if", "{answer}");
    // A denial with no such condition stays one.
    let answer = json_answer_on(&["ask", "会收集我的指纹吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "no", "{answer}");
}

/// Feelike (crawl): its permission table's 「是否询问」 cell 「首次点击获取位置时弹窗提示」 gave the
/// location the use 消息通知 — a column that answers yes or no about the row states no use.
#[test]
fn a_permission_tables_ask_column_states_no_use() {
    let (_dir, file) = policy_file(
        "示例交友.txt",
        "示例交友隐私政策\n二、信息收集的范围\n\
         为了为您优先推荐地理位置相近的用户,我们会收集您的设备所在位置信息。\n\
         三、设备权限调用\n以下是调用权限对应的业务功能。\n\n\n\n\
         设备权限\n对应的业务功能\n调用权限的目的\n是否询问\n用户可否关闭权限\n\n\n\
         读取位置信息\n 全部功能 \n 用户选择当前位置时，获取用户当前位置\n首次点击获取位置时弹窗提示\n是\n\n\n\
         相机\n个人中心\n上传个人头像\n点击“拍照”弹窗询问\n是\n\n\n\
         录音\n核心业务\n语音聊天\n使用录音时询问\n是\n\n\n\
         四、我们如何保护您的个人信息\n我们会采取安全措施。\n",
    );
    let answer = json_answer_on(&["ask", "收集我的位置信息做什么"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.iter().any(|p| p == "消息通知"), "{purposes:?}");
}

/// 和路宝 (crawl): its security clause logs 「…IP地址、设备识别码…以及应用启动、登录、点击首页…」 for
/// 「提高您使用服务的安全性，防止您的资金…被不法分子获取」, and 「注册需要提供什么信息」 listed all of it
/// (40 types with the section's 「登录功能」): `登录` among the actions logged is no purpose.
#[test]
fn an_action_listed_among_the_data_is_no_purpose_of_the_list() {
    let (_dir, file) = policy_file(
        "示例车主.txt",
        "示例车主隐私政策\n一、我们如何收集和使用您的个人信息\n1. 注册会员\n\
         当您注册时，您需要至少向我们提供您准备使用的注册手机号、密码、昵称。\n\
         2. 安全风险防范\n\
         为了提高您使用服务的安全性，防止您的资金、个人信息被不法分子获取，示例车主需要记录您使用的服务类别、方式及相关操作信息，收集个人信息包含：设备型号、IP地址、设备识别码、所在位置以及应用启动、登录、点击首页、首页轮播、我的页设置的日志信息。\n",
    );
    let v = json_answer_on(&["ask", "示例车主注册需要提供什么信息"], &file);
    let items = item_types(&v);
    assert!(items.iter().any(|t| t == "手机号码"), "{items:?}");
    assert!(!items.iter().any(|t| t == "IP地址"), "{items:?}");
    assert!(!items.iter().any(|t| t == "位置信息"), "{items:?}");
}

/// 和路宝 (crawl): a clause under 「（三）您可以撤回授权」 that names the location permission gave the
/// location the use 「您可以撤回授权」 — a section title addressed to the reader names no feature.
#[test]
fn a_section_title_addressed_to_the_reader_is_no_use() {
    let (_dir, file) = policy_file(
        "示例出行.txt",
        "示例出行隐私政策\n一、我们如何收集和使用您的个人信息\n\
         当您使用附近功能时，我们会收集您的位置信息，用于推荐附近的服务。\n\
         二、您如何管理自己的个人信息\n（三）您可以撤回授权\n\
         我们所提供的服务可能需要您在设备中开启您的位置、摄像头、相册、麦克风的访问权限，以实现这些权限所涉及信息的收集和使用。\n",
    );
    let answer = json_answer_on(&["ask", "收集我的位置信息做什么"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.iter().any(|p| p.contains("撤回")), "{purposes:?}");
    assert!(purposes.iter().any(|p| p == "位置服务"), "{purposes:?}");
}

/// 公交颍州通 (crawl): its feature table's row 「电子公交卡 | 身份证信息、真实姓名、手机号码 | 身份证信息以及
/// 真实姓名用来验证用户身份信息…」 — 「会收集我的身份证号吗」 said 「政策未提及」, as no practice was read
/// there; and the stop notice 「我们将提前在显著位置…通知」 gave the location the use 消息通知.
#[test]
fn a_table_row_stating_a_use_of_the_broader_type_answers_the_narrower_one() {
    let (_dir, file) = policy_file(
        "示例公交.txt",
        "示例公交隐私政策\n二、我们如何收集和使用您的个人信息\n示例公交功能介绍列表\n\
         序号\t功能名称\t收集个人信息类型\t功能描述及使用个人信息目的\n\
         1\t实时公交\t用户当前GPS坐标\t通过用户当前的GPS坐标获取周边实时公交信息\n\
         2\t电子公交卡\t身份证信息、真实姓名、手机号码\t身份证信息以及真实姓名用来验证用户身份信息，手机号码作为唯一码开通电子虚拟卡\n\
         三、产品停止运营\n若因特殊原因导致我们的产品被迫停止运营，我们将提前在显著位置或以推送消息的形式通知您。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的身份证号吗"], &file);
    assert_eq!(answer["broader_type"], "身份证件信息", "{answer}");
    assert_eq!(answer["yes_no"]["verdict"], "possibly", "{answer}");
    let answer = json_answer_on(&["ask", "收集我的位置信息做什么"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.iter().any(|p| p == "消息通知"), "{purposes:?}");
}

/// 公交颍州通 (crawl): its permission table's row `android.permission.RECORD_AUDIO | 录音权限 |
/// 用于软件出行语音助手…` names the permission in two cells and its use in a third, and 「会使用我的
/// 麦克风吗」 found no clause using it (政策未提及). A row's cells that say what for state the use
/// of the data its other cells name.
#[test]
fn a_permission_tables_purpose_cell_states_the_use_of_its_rows_permission() {
    let (_dir, file) = policy_file(
        "示例公交.md",
        "# 示例公交隐私政策\n\n## Android操作系统应用权限列表\n\n\
         | 权限 | 权限功能说明 | 使用场景与目的 | 使用权限的功能模块 |\n|---|---|---|---|\n\
         | android.permission.CAMERA | 拍摄照片和视频 | 用于帮助您修改头像 | 设置头像 |\n\
         | android.permission.RECORD_AUDIO | 录音权限 | 用于软件出行语音助手对用户说出的要求进行识别，找出关键字，实现快速跳转 | 出行语音助手 |\n\n\
         ## 二、我们如何收集和使用您的个人信息\n\n当您注册时，我们会收集您的手机号码，用于创建账号。\n",
    );
    let answer = json_answer_on(&["ask", "会使用我的麦克风吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let purposes = purpose_names(&answer);
    assert!(purposes.iter().any(|p| p == "语音交互"), "{purposes:?}");
    // Recordings are read through the microphone (`data/ask/access_permissions.tsv`).
    let answer = json_answer_on(&["ask", "会收集我的录音吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
}

/// 易提词 (crawl): 「当你需要使用地理位置功能时，为实现这一功能，我们可能会收集你的位置信息…」 gave the
/// location the purpose 「为实现这一功能」, which tells a reader nothing; 160 crawl files point
/// back so. The purpose is the feature pointed at.
#[test]
fn a_purpose_that_points_back_is_answered_with_the_feature_it_points_at() {
    let (_dir, file) = policy_file(
        "示例提词.txt",
        "示例提词隐私政策\n二、我们如何收集和使用个人信息\n\
         当你需要使用贴纸定位功能时，为实现这一功能，我们可能会收集你的位置信息。\n",
    );
    let answer = json_answer_on(&["ask", "收集我的位置信息做什么"], &file);
    let purposes = purpose_names(&answer);
    // (`使用贴纸定位功能` names the known purpose 位置服务.)
    assert!(purposes.iter().any(|p| p == "位置服务"), "{purposes:?}");
    assert!(
        !purposes.iter().any(|p| p.contains("这一功能")),
        "{purposes:?}"
    );
}

/// 易提词 (crawl) says 「我们不收集人脸数据」 in one section and that it may collect 面部识别特征 in
/// another: the answer was a bare 是. A clause that denies it outright is shown with the 是; a
/// denial with a way out (`除…外`) only qualifies it and is not.
#[test]
fn a_yes_shows_the_clause_of_the_same_policy_that_denies_it() {
    let (_dir, file) = policy_file(
        "示例提词.txt",
        "示例提词隐私政策\n（一）人脸数据政策\n我们分析用户的照片以进行人脸处理。我们不收集人脸数据。\n\
         （二）我们主动收集与使用的个人信息\n你选择使用某些贴纸时，我们可能会收集你的面部识别特征，用于贴纸渲染。\n\
         精准定位信息为个人敏感信息，除具体产品或服务功能所需外，我们不会收集该类信息。\n\
         当您使用附近功能时，我们会收集您的精准定位信息，用于推荐附近的内容。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的人脸信息吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let denials = answer["yes_no"]["contradicted_by"]
        .as_array()
        .expect("contradicted_by");
    assert!(
        denials
            .iter()
            .any(|e| e["clause"] == "我们不收集人脸数据。"),
        "{denials:?}"
    );
    let located = json_answer_on(&["ask", "会收集我的精准定位信息吗"], &file);
    assert_eq!(located["yes_no"]["verdict"], "yes", "{located}");
    assert!(
        located["yes_no"].get("contradicted_by").is_none(),
        "{located}"
    );
}

/// 易提词 (crawl): 「会收集我的电话号码吗」 was a bare 是, citing only 「上述手机厂商PushSDK…可能会收集您的…
/// 电话号码」 and a payment company's collection: the answer now says those third parties collect
/// it, not the app. 快读笔趣阁 (crawl): 「我们集成了穿山甲SDK、优量汇SDK…及快手SDK，该等SDK通过获取您
/// 的…位置信息…」 gave the last SDK alone as the receiver; `该等SDK` is all of them.
#[test]
fn data_only_third_parties_collect_is_answered_with_who_collects_it() {
    let (_dir, file) = policy_file(
        "示例提词.txt",
        "示例提词隐私政策\n二、我们如何收集和使用个人信息\n\
         我们会使用手机厂商的PushSDK，上述手机厂商PushSDK可能会收集您的手机型号、电话号码等参数用于推送消息。\n\
         为实现广告推送，我们集成了穿山甲SDK、优量汇SDK及快手SDK，该等SDK通过获取您的设备信息、位置信息以向您推荐个性化广告。\n\
         当您注册账号时，我们会收集您的设备型号，用于账号安全。\n",
    );
    let phone = json_answer_on(&["ask", "会收集我的电话号码吗"], &file);
    assert_eq!(phone["yes_no"]["verdict"], "yes", "{phone}");
    assert_eq!(
        phone["collected_only_by"],
        serde_json::json!(["PushSDK"]),
        "{phone}"
    );
    let location = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    assert_eq!(
        location["collected_only_by"],
        serde_json::json!(["穿山甲SDK", "优量汇SDK", "快手SDK"]),
        "{location}"
    );
    // The app's own collection: no such note.
    let model = json_answer_on(&["ask", "会收集我的设备型号吗"], &file);
    assert!(model.get("collected_only_by").is_none(), "{model}");
    let text = text_answer_on(&["ask", "会收集我的电话号码吗"], &file);
    assert!(
        text.contains("政策只写明第三方（PushSDK）会收集或获得它，没有写示例提词自己收集"),
        "{text}"
    );
}

/// 中智万年历 (crawl): 「2、为确保您的账户、虚拟财产及使用记录等不会丢失，您需要提供以下信息完成账号的
/// 绑定：手机号、验证码」 answered 「会收集我的手机号吗」 with 「政策未写明用途」: a numbered part opening
/// with `为` states what the data is for.
#[test]
fn a_numbered_part_opening_with_wei_states_the_purpose() {
    let (_dir, file) = policy_file(
        "示例日历.txt",
        "示例日历隐私政策\n一、我们如何收集和使用您的个人信息\n\
         2、为确保您的账户、虚拟财产及使用记录等不会丢失，您需要提供以下信息完成账号的绑定：手机号、验证码；\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的手机号吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let purposes: Vec<&str> = answer["purposes"]
        .as_array()
        .expect("purposes")
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert_eq!(
        purposes,
        ["为确保您的账户、虚拟财产及使用记录等不会丢失"],
        "{answer}"
    );
}

/// 中智万年历 (crawl): 「会把我的信息传到境外吗」 was a 是, citing 「如果日后为处理跨境业务，需要向境外机构
/// 传输…我们会事先征得您的同意」: a clause that opens on a future condition says only if.
#[test]
fn a_transfer_abroad_said_only_for_some_future_day_is_only_if() {
    let (_dir, file) = policy_file(
        "示例日历.txt",
        "示例日历隐私政策\n六、我们如何储存您的信息\n\
         1、信息存储地点：我们在中华人民共和国境内收集和产生的个人信息将存储在中华人民共和国境内。\
         如果日后为处理跨境业务，需要向境外机构传输境内收集的相关个人信息的，我们会事先征得您的同意。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息传到境外吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "only_if", "{answer}");
    // YUREN瑜伽 (crawl): 「…加密上传到服务器进行存储」 holds 传到 but says nothing of 境外: no 是.
    let (_dir, uploads) = policy_file(
        "示例瑜伽.txt",
        "示例瑜伽隐私政策\n一、我们如何收集和使用您的信息\n\
         经过您的授权，我们的客户端会将您主动上传的图片加密上传到服务器进行存储。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息传到境外吗"], &uploads);
    assert_eq!(answer["yes_no"]["verdict"], "not_mentioned", "{answer}");
}

/// A policy whose app collects one thing itself and lists an ad SDK that gets the IMEI (as
/// 免费铃声's table does).
const RINGTONE_POLICY_WITH_AN_AD_SDK: &str =
    "示例铃声隐私政策\n二、我们如何收集和使用您的个人信息\n\
     当您使用视频播放功能时，我们会收集您的设备型号。\n\
     第三方SDK个人信息保护政策说明\n\
     SDK名称：广点通SDK\n使用目的：广告投放\n收集个人信息类型：IMEI信息\n\
     隐私政策链接：https://e.qq.com/optout.html\n";

/// 免费铃声 (crawl): 「会收集我的IMEI吗」 said 「政策没有写明把它共享给谁」 beside a table of seven SDKs
/// that get it: asked whether the app collects it, the records listing it are its receivers and
/// the third parties said to collect it — no ground for a 是 of the app's own.
#[test]
fn a_collect_question_names_the_sdks_whose_records_list_the_data() {
    let (_dir, file) = policy_file("示例铃声.txt", RINGTONE_POLICY_WITH_AN_AD_SDK);
    let answer = json_answer_on(&["ask", "会收集我的IMEI吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "not_mentioned", "{answer}");
    assert!(
        receiver_names(&answer).iter().any(|r| r == "广点通SDK"),
        "{answer}"
    );
    assert_eq!(
        answer["collected_only_by"],
        serde_json::json!(["广点通SDK"]),
        "{answer}"
    );
}

/// 免费铃声 (crawl): 「会收集我的通讯录吗」 was a 是, citing 「如果因业务发展的必要而需要从第三方间接收集…
/// 您的个人信息的…（包括…通讯录）」 and a clause telling how to change a permission; 「会在后台收集
/// 我的信息吗」 cited the heading `（八）后台运行期间`, not the clause under it.
#[test]
fn a_collection_said_for_some_need_to_come_is_only_if_and_a_heading_is_cited_by_its_clause() {
    let (_dir, file) = policy_file(
        "示例铃声.txt",
        "示例铃声隐私政策\n二、我们如何收集和使用您的个人信息\n\
         （七）从外部第三方间接收集的您的个人信息\n\
         如果因业务发展的必要而需要从第三方间接收集您的个人信息的，我们会向您明示来源，包括其他方提供的有关您的信息（包括评论、照片、通讯录）。\n\
         （八）后台运行期间\n\
         我们可能会收集您的设备MAC地址来保障您的账号与系统安全。\n\
         五、您对个人信息享有的控制权\n\
         如您想更改相关功能的授权范围（例如：位置、通讯录、相机），您可以通过您的硬件设备修改个人设置、或在我们的产品或服务中的相关功能设置界面进行操作处理。\n",
    );
    let contacts = json_answer_on(&["ask", "会收集我的通讯录吗"], &file);
    assert_eq!(contacts["yes_no"]["verdict"], "only_if", "{contacts}");
    let cited = clauses_cited(&contacts["yes_no"]["evidence"]);
    assert!(cited.iter().all(|c| !c.contains("授权范围")), "{cited:?}");
    let background = json_answer_on(&["ask", "会在后台收集我的信息吗"], &file);
    let first = &background["yes_no"]["evidence"][0]["clause"];
    assert!(
        first.as_str().is_some_and(|c| c.contains("设备MAC地址")),
        "{background}"
    );
}

/// 免费铃声 (crawl): 「为了广告投放收集哪些信息」 found nothing, where its SDK table gives five ad
/// SDKs (`广告投放`) and the IMEI each gets: a purpose question reads the records' purposes too.
#[test]
fn a_purpose_question_reads_the_data_of_the_records_listed_for_it() {
    let (_dir, file) = policy_file("示例铃声.txt", RINGTONE_POLICY_WITH_AN_AD_SDK);
    let answer = json_answer_on(&["ask", "为了广告投放收集哪些信息"], &file);
    let types: Vec<&str> = answer["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["data_type"].as_str())
        .collect();
    assert_eq!(types, ["IMEI"], "{answer}");
}

/// 易提词 (crawl): 「第三方支付公司需要收集你的姓名、银行卡类型及卡号」 answered 「政策没有写明把它共享给谁」:
/// a collecting party named 第三方… receives the data, whatever kind of party its name ends
/// with — but not where the data comes from (`从第三方处收集`).
#[test]
fn a_third_party_named_as_such_that_collects_the_data_receives_it() {
    let (_dir, file) = policy_file(
        "示例提词.txt",
        "示例提词隐私政策\n五、我们如何共享个人信息\n\
         当你使用钱包支付功能时，第三方支付公司需要收集你的姓名、银行卡号及手机号码等信息。\n\
         当您使用一键登录功能时，我们可能会从第三方处收集您的设备信息。\n",
    );
    let card = json_answer_on(&["ask", "会把我的银行卡号给谁"], &file);
    assert!(
        receiver_names(&card).iter().any(|r| r == "第三方支付公司"),
        "{card}"
    );
    let device = json_answer_on(&["ask", "会把我的设备信息给谁"], &file);
    assert!(
        !receiver_names(&device)
            .iter()
            .any(|r| r.contains("第三方处")),
        "{device}"
    );
}

/// 兴业银行网络金融 (crawl): `…以便使用音视频对话相关服务，您可能需要…提供病症、过敏信息、病史、病历…，
/// 以便使用医疗相关服务` gave 病史 the purpose of the statement before it (音视频对话): a purpose that
/// trails its statement (`以便…`) is not the data's after it when a part after the data says
/// what the data is for; one that leads (`为了…，您需要提供…`) still is. `我行` is the bank's
/// own `we`, no receiver.
#[test]
fn a_trailing_purpose_before_the_data_yields_to_the_part_after_it() {
    let (_dir, file) = policy_file(
        "示例银行.txt",
        "示例银行隐私政策\n二、我行如何收集与使用您的个人信息\n\
         当您使用贵宾服务时，您可能需要向我行提供面部图像、声音信息，以便使用音视频对话相关服务，您可能需要向我行提供病症、过敏信息、病史等个人健康生理信息，以便使用医疗相关服务。\n\
         为了核实您的身份，您需要向我们提供身份证号码，以便我们为您开户。\n",
    );
    let answer = json_answer_on(&["ask", "收集我的病史做什么"], &file);
    let purposes = purpose_names(&answer);
    assert!(
        !purposes.iter().any(|p| p.contains("音视频")),
        "{purposes:?}"
    );
    assert!(purposes.iter().any(|p| p.contains("医疗")), "{purposes:?}");
    // (The bank's own `我行` receives nothing: it is the operator.)
    assert!(
        !receiver_names(&answer).iter().any(|r| r == "我行"),
        "{answer}"
    );
}

/// A report feature's upload list, as 国家反诈中心 (crawl) words it: data under a title saying
/// the user uploads it, and a list of where the data comes from.
const ANTI_FRAUD_POLICY: &str = "示例反诈用户隐私政策\n\n2、我们收集哪些信息？\n\n\
     （1）以下是您在使用我们服务时，您主动提供的信息：\n\n\
     （b）您在使用APP提供的举报服务时主动上传的信息\n\n\
     涉嫌诈骗的手机号码、通话记录、短信、图片、网址等，信息来源包括：\n\n\
     - 短信信息\n\n- 图片信息\n\n- 位置权限\n\n\
     3、我们如何使用收集的信息？\n\n\
     （c）我们使用您在注册账号时提供的手机号码来识别您的身份。\n\n\
     APP设置中可以取消注册登录，切换账号不输入其他手机号后，将不能登录交易。\n";

/// 国家反诈中心 (crawl): 「会收集短信吗」 was 「政策未提及」 over `- 短信信息` in its list of what a
/// report uploads — data named under a title saying it is collected or given is collected,
/// verb or not.
#[test]
fn data_listed_under_a_title_saying_it_is_collected_is_collected() {
    let (_dir, file) = policy_file("示例反诈.txt", ANTI_FRAUD_POLICY);
    for question in ["会收集短信吗", "会收集我的位置吗"] {
        let answer = json_answer_on(&["ask", question], &file);
        assert_eq!(answer["yes_no"]["verdict"], "yes", "{question}: {answer}");
    }
}

/// 国家反诈中心 (crawl): the SMS had ten purposes — `位置权限`, `图片信息`, `存储权限` … — the items
/// listed after 「…信息来源包括：」: a list is one of uses only after a lead that says so.
#[test]
fn items_listed_after_a_lead_naming_sources_are_no_purposes() {
    let (_dir, file) = policy_file("示例反诈.txt", ANTI_FRAUD_POLICY);
    let answer = json_answer_on(&["ask", "会收集短信吗"], &file);
    let purposes = purpose_names(&answer);
    for item in ["位置权限", "图片信息", "短信信息"] {
        assert!(!purposes.iter().any(|p| p == item), "{answer}");
    }
}

/// 浙商证券 (crawl): a clause with no verb of its own, cited for its section's title, gave the
/// phone number the use 交易支付 (「…将不能登录交易」); and 「我们使用您…提供的手机号码来识别您的身份」
/// gave it none: a use said right after the data (`来…`) is one.
#[test]
fn a_clause_cited_for_its_title_names_no_use_by_keyword_and_lai_opens_a_use() {
    let (_dir, file) = policy_file("示例反诈.txt", ANTI_FRAUD_POLICY);
    let answer = json_answer_on(&["ask", "为什么收集手机号"], &file);
    let purposes = purpose_names(&answer);
    assert!(purposes.iter().any(|p| p == "身份验证"), "{answer}");
    assert!(!purposes.iter().any(|p| p == "交易支付"), "{answer}");
}

/// 国家反诈中心 (crawl): 「会把我的信息传到境外吗」 was 「政策未提及」 where it says 「这些信息和资料存
/// 储于中华人民共和国境内」 — kept in the country is a no; kept there 「以下情形除外」 only if.
#[test]
fn data_kept_in_the_country_answers_whether_it_goes_abroad() {
    let verdict = |text: &str| {
        let (_dir, file) = policy_file("示例存储.txt", text);
        json_answer_on(&["ask", "会把我的信息传到境外吗"], &file)["yes_no"]["verdict"].clone()
    };
    let kept =
        "示例隐私政策\n\n一、我们收集的信息\n\n我们会收集您的手机号码。\n\n五、信息的存储\n\n\
                这些信息和资料存储于中华人民共和国境内。\n";
    assert_eq!(verdict(kept), "no");
    // The clause on where the data is kept answers it; what the policy collects, listed after
    // it, answers nothing asked (穗好办 listed 72 types after its verdict).
    let (_dir, file) = policy_file("示例存储.txt", kept);
    let answer = json_answer_on(&["ask", "会把我的信息传到境外吗"], &file);
    assert_eq!(answer["items"], serde_json::json!([]), "{answer}");
    let excepted = "示例隐私政策\n\n一、我们收集的信息\n\n我们会收集您的手机号码。\n\n五、信息的存储\n\n\
                    我们在中华人民共和国境内收集和产生的个人信息，存储在中国境内，以下情形除外：\n\n\
                    1、获得您的明确授权；\n";
    assert_eq!(verdict(excepted), "only_if");
}

/// 国家反诈中心 (crawl): 「会收集我的人脸信息吗」 answered 是 and then 「但政策另有条款说不会」 with a
/// clause saying it collects the face, for its third party's 「不会保存您的个人信息」 (a denial of
/// other information); and its 脸部识别特征 was no type at all.
#[test]
fn a_clause_the_yes_stands_on_is_no_contradiction_of_it() {
    let (_dir, file) = policy_file(
        "示例验真.txt",
        "示例验真隐私政策\n\n二、我们收集哪些信息\n\n\
         我们会访问您的手机前置摄像头进行脸部特征识别，获取您的脸部识别特征；\n\n\
         三、我们如何使用收集的信息\n\n\
         我们收集脸部识别特征，并传递给第三方验证机构进行验证，第三方验证机构仅实时验证，\
         不会保存您的个人信息。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的人脸信息吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    assert!(
        answer["yes_no"].get("contradicted_by").is_none(),
        "{answer}"
    );
}

/// 数字人民币 (crawl): 「我们会将您的手机号提供给手机运营商」 named no receiver (`手机运营商` is also a
/// datum's name, 运营商信息), and 「我们可能会与我们的关联公司共享您的个人信息」 none either (the
/// labeller tagged no party: the lexicon's party after `与` is the receiver).
#[test]
fn a_carrier_and_a_party_of_ours_are_receivers() {
    let (_dir, file) = policy_file(
        "示例钱包.txt",
        "示例钱包隐私政策\n一、我们如何收集和使用您的个人信息\n\
         因您的设备位置信息异常导致我们无法判断您所在地区的，我们会将您的手机号提供给手机运营商，\
         由手机运营商查询您所处城市信息并返回给我们。\n\
         三、我们如何共享您的个人信息\n1、共享\n\
         我们可能会与我们的关联公司共享您的个人信息，我们只会共享必要的个人信息。\n",
    );
    let names = receiver_names(&json_answer_on(&["ask", "会把我的信息共享给谁"], &file));
    assert!(names.iter().any(|n| n == "手机运营商"), "{names:?}");
    assert!(names.iter().any(|n| n == "关联公司"), "{names:?}");
}

/// 数字人民币 (crawl): 「仅展示系统通讯录供用户点选…，不涉及通讯录数据上传」 was no denial.
#[test]
fn data_not_uploaded_is_denied() {
    let (_dir, file) = policy_file(
        "示例钱包.txt",
        "示例钱包隐私政策\n一、我们如何收集和使用您的个人信息\n\
         手机号转钱时需要打开通讯录权限。仅展示系统通讯录供用户点选，不涉及通讯录数据上传。\n",
    );
    let contacts = json_answer_on(&["ask", "会收集我的通讯录吗"], &file);
    assert_eq!(contacts["yes_no"]["verdict"], "no", "{contacts}");
}

/// 数字人民币 (crawl): 「我们需根据您设备的位置信息，判断您是否位于试点地区」 was no use of the location.
#[test]
fn data_the_app_decides_by_is_used() {
    let (_dir, file) = policy_file(
        "示例钱包.txt",
        "示例钱包隐私政策\n一、我们如何收集和使用您的个人信息\n（一）为您提供账号服务\n\
         1、判断您是否符合注册条件。数字钱包面向指定地区开展试点，我们需根据您设备的位置信息，\
         判断您是否位于试点地区。\n",
    );
    let location = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    assert_eq!(location["yes_no"]["verdict"], "yes", "{location}");
}

/// 「收集哪些敏感个人信息」 listed only the sensitive types under the heading of everything the
/// policy collects (「政策写明收集或使用的信息（3 类，敏感个人信息在前）」): a reader took three types
/// for all there is, where the policy also collects the name.
#[test]
fn a_sensitive_only_answer_says_it_lists_only_sensitive_types() {
    let (_dir, file) = policy_file(
        "示例.txt",
        "示例隐私政策\n一、我们如何收集信息\n为了实现实名认证，我们会收集您的姓名、身份证号码和人脸信息。\
         为向您推荐商品，我们会收集您的浏览记录。\n",
    );
    let text = text_answer_on(&["ask", "收集哪些敏感个人信息"], &file);
    assert!(
        text.contains("政策写明收集或使用的敏感个人信息（3 类）"),
        "{text}"
    );
    assert!(!text.contains("• 姓名"), "{text}");
    let answer = json_answer_on(&["ask", "收集哪些敏感个人信息"], &file);
    assert_eq!(answer["sensitive_only"], true, "{answer}");
    let every = text_answer_on(&["ask", "收集哪些个人信息"], &file);
    assert!(every.contains("（4 类，敏感个人信息在前）"), "{every}");
}

/// 小鹏汽车 (crawl), a car maker's policy read in full, asked ten questions. What broke: the
/// phone number's receivers were none (「…提供您的姓名、身份证号码、手机号码，这些信息会共享给…」 and
/// 「…收集您的收货人姓名、收货地址、手机号码，并共享给…」 share what the practice before them
/// takes); the receivers were 「APP内」 (「同步至APP内显示」), the shared 「车辆位置」 and the
/// bracketed examples of what is shown, 「服务的服务商」 for 「提供上门服务或救援服务的服务商」; the
/// location had no purpose (「为了保障…账号安全，我们会收集您的设备信息…。设备信息包括…设备所在
/// 位置相关信息…」); and 「试驾的时候收集什么」 took 试驾 for an app's name and listed everything.
const CAR_MAKER: &str = "示例汽车隐私政策\n一、我们如何收集和使用您的个人信息\n1.1 运营安全\n\
    为了保障产品/服务及您的账号安全，我们会收集您的设备信息和服务日志信息。\n\
    设备信息包括设备品牌、型号、操作系统、MAC地址，以及设备所在位置相关信息（包括您授权的GPS位置以及WLAN接入点、蓝牙、基站信息）。\n\
    1.2 活动\n例如您参加线下活动需要预定机票酒店的，则需要提供您的姓名、身份证号码、手机号码，这些信息会共享给差旅服务商。\n\
    1.3 试乘试驾\n当您需要体验驾驶示例汽车，我们会收集试驾人的姓名、驾驶证信息、手机号码，以确保您具有驾驶车辆的合法资质。\n\
    1.4 车辆使用\n当您通过示例汽车APP对车辆进行管理及控制时，我们会根据具体功能的需要将您的车辆相关信息（例如车内温度、剩余续航里程、车辆位置）同步至APP内显示。\n\
    如果您需要上门取送车或救援，我们会征得您同意后将车辆位置共享给提供上门服务或救援服务的服务商。\n\
    1.5 探索实验室\n需要提供快递服务时，我们会收集您的收货人姓名、收货地址、手机号码，并共享给提供物流配送服务的服务商。\n";

#[test]
fn a_sharing_clause_names_its_receiver_and_passes_on_the_data_before_it() {
    let (_dir, file) = policy_file("示例汽车.txt", CAR_MAKER);
    let phone = json_answer_on(&["ask", "会把我的手机号码给谁"], &file);
    assert_eq!(
        receiver_names(&phone),
        ["差旅服务商", "提供物流配送服务的服务商"],
        "{phone}"
    );
    let receivers = json_answer_on(&["ask", "会把我的信息共享给哪些第三方"], &file);
    assert_eq!(
        receiver_names(&receivers),
        [
            "差旅服务商",
            "提供上门服务或救援服务的服务商",
            "提供物流配送服务的服务商"
        ],
        "{receivers}"
    );
}

#[test]
fn data_a_clause_defines_share_the_purpose_of_the_practice_naming_it() {
    let (_dir, file) = policy_file("示例汽车.txt", CAR_MAKER);
    let location = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    assert_eq!(location["yes_no"]["verdict"], "yes", "{location}");
    assert_eq!(purpose_names(&location), ["安全风控"], "{location}");
}

#[test]
fn an_activity_first_in_a_question_is_no_app_name() {
    let (_dir, file) = policy_file("示例汽车.txt", CAR_MAKER);
    let test_drive = json_answer_on(&["ask", "试驾的时候收集什么"], &file);
    assert_eq!(test_drive["activity"], "试驾", "{test_drive}");
    assert_eq!(
        item_types(&test_drive),
        ["驾驶证", "姓名", "手机号码"],
        "{test_drive}"
    );
}

/// 聚玻宝 and 小鹏汽车 (crawl): 「除了向Face++人脸识别SDK共享您的人脸信息外，我们不会向第三方泄漏…」
/// named 「第三方」, the party refused, as the receiver; a clause the labeller read no sharing in
/// (「向小鹏融资租赁及其委托的第三方提供您的个人信息」, 「…可能会在关联公司之间共享」) named none; and a party
/// with its examples in brackets is no list of data.
#[test]
fn a_party_given_data_is_a_receiver_and_one_refused_is_not() {
    let (_dir, file) = policy_file(
        "示例打卡.txt",
        "示例打卡隐私政策\n一、我们如何共享您的个人信息\n\
         除了向示例人脸识别SDK共享您的人脸信息外，我们不会向第三方泄漏您人脸的信息。\n\
         我们会按照您与示例融资租赁约定的条件，向示例融资租赁及其委托的第三方提供您的个人信息及用车信息。\n\
         为与您使用的终端机型适配消息推送功能，我们可能会通过SDK等技术与终端设备制造商（华为、小米、OPPO、VIVO等）共享手机型号、版本及相关设备信息。\n\
         本政策所述的部分业务功能是由关联公司共同向您提供，因此您的个人信息可能会在我们的关联公司之间共享。\n",
    );
    let receivers = json_answer_on(&["ask", "会把我的信息共享给哪些第三方"], &file);
    assert_eq!(
        receiver_names(&receivers),
        [
            "示例人脸识别SDK",
            // (Each maker the list names, stop 61: one receiver named 「终端设备制造商（华为、小米、
            // OPPO、VIVO」 before.)
            "华为",
            "小米",
            "OPPO",
            "VIVO",
            "示例融资租赁及其委托的第三方",
            "关联公司"
        ],
        "{receivers}"
    );
    // Kpano (crawl): 「…并提供给第三方物流商提供物流服务」 named 「第三方」.
    let (_dir, file) = policy_file(
        "示例积分.txt",
        "示例积分隐私政策\n一、我们如何收集和使用您的个人信息\n\
         当您在积分中心参加活动获取实物奖品时，为了能够联系到您并发放相应的奖品，我们会收集您的电话、地址等您主动在活动中提供的信息，并提供给第三方物流商提供物流服务。\n",
    );
    let receivers = json_answer_on(&["ask", "会把我的信息共享给哪些第三方"], &file);
    assert_eq!(receiver_names(&receivers), ["第三方物流商"], "{receivers}");
    // 腾讯日历 (crawl): 「你的信息可能会在各服务提供方之间共享」 named none, and the 日历 in the
    // app's name was data the clause passed on.
    let (_dir, file) = policy_file(
        "示例日历.txt",
        "示例日历隐私保护指引
四、我们分享的信息
         4.2 为使你能够便捷使用示例日历相关服务，你的信息可能会在各服务提供方之间共享。
",
    );
    let receivers = json_answer_on(&["ask", "会把我的信息共享给哪些第三方"], &file);
    assert_eq!(receiver_names(&receivers), ["服务提供方"], "{receivers}");
    assert_eq!(
        receivers["receivers"][0]["data_types"],
        serde_json::json!([]),
        "{receivers}"
    );
}

/// 腾讯日历 (crawl): 「我们会对您剪切板中的会议号或会议链接进行鉴别。除此之外，我们不会收集和处理您剪贴板内
/// 的任何信息」 answered 「会读取剪切板吗」 with 否, citing the limit as a denial; and 「我们需要取得您的
/// 麦克风权限」 answered 「会用麦克风吗」 with 政策未提及.
#[test]
fn a_denial_of_everything_else_limits_the_practice_before_it() {
    let (_dir, file) = policy_file(
        "示例日历.txt",
        "示例日历隐私保护指引\n一、我们如何收集和使用您的信息\n\
         1.4 当您选择语音输入快捷创建日程时，我们需要取得您的麦克风权限，否则无法通过识别您的语音内容为您创建日程。\n\
         1.7 为方便您快速添加会议日程，我们会对您剪切板中的会议号或会议链接进行鉴别。除此之外，我们不会收集和处理您剪贴板内的任何信息。\n",
    );
    let cited = |answer: &serde_json::Value| clauses_cited(&answer["yes_no"]["evidence"]);
    let clipboard = json_answer_on(&["ask", "示例日历会读取剪切板吗"], &file);
    assert_eq!(clipboard["yes_no"]["verdict"], "yes", "{clipboard}");
    let clauses = cited(&clipboard);
    assert!(clauses[0].contains("进行鉴别"), "{clauses:?}");
    assert!(
        clauses.iter().any(|c| c.starts_with("除此之外")),
        "{clauses:?}"
    );
    let microphone = json_answer_on(&["ask", "示例日历会用麦克风吗"], &file);
    assert_eq!(microphone["yes_no"]["verdict"], "yes", "{microphone}");
    assert!(cited(&microphone)[0].contains("麦克风权限"), "{microphone}");
    // A denial with nothing before it naming the data is still a denial.
    let (_dir, file) = policy_file(
        "示例日历2.txt",
        "示例日历隐私保护指引\n一、我们如何收集和使用您的信息\n\
         我们会收集您的手机号码用于注册。除此之外，我们不会收集和处理您剪贴板内的任何信息。\n",
    );
    let clipboard = json_answer_on(&["ask", "示例日历会读取剪切板吗"], &file);
    assert_eq!(clipboard["yes_no"]["verdict"], "no", "{clipboard}");
}

/// 腾讯日历 (crawl): 「…帮助您了解我们收集、使用、存储和共享个人信息的情况」 and a safeguard's 「以防未经
/// 授权的人员擅自访问、使用或披露用户的信息」 were listed as sharing that names no receiver.
#[test]
fn a_clause_telling_what_the_policy_covers_or_prevents_shares_nothing() {
    let (_dir, file) = policy_file(
        "示例日历.txt",
        // (One line, as the crawl's page is: one paragraph about collection and sharing.)
        "示例日历隐私保护指引\n\
         我们将通过本隐私保护指引帮助您了解我们收集、使用、存储和共享个人信息的情况，以及您所享有的相关权利。\
         1.2 当您使用示例日历服务时，我们会收集您的IP地址，我们使用此数据是为了让您连接我们的服务器。\
         我们也会不定期审查该管理制度、流程和组织，以防未经授权的人员擅自访问、使用或披露用户的信息。\
         4.5我们可能基于以下目的披露您的个人信息：1）遵守适用的法律法规等有关规定；\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let unnamed = clauses_cited(&answer["unnamed"]);
    assert!(
        !unnamed
            .iter()
            .any(|c| c.contains("帮助您了解") || c.contains("以防")),
        "{unnamed:?}"
    );
    assert!(
        unnamed.iter().any(|c| c.contains("披露您的个人信息")),
        "{unnamed:?}"
    );
}

/// 快对作业 (crawl): 「将您的…手机号码共享至中移互联网有限公司、中国联合网络通信集团有限公司、中国电信集团
/// 有限公司、深圳市和讯华谷信息技术有限公司的极光登录SDK用于一键登录验证」 gave one receiver, the one the
/// labeller tagged; the parties listed with it receive the data too.
#[test]
fn parties_listed_with_a_receiver_receive_the_data_too() {
    let (_dir, file) = policy_file(
        "示例作业.txt",
        "示例作业隐私政策\n四、我们如何共享、转让、公开披露您的个人信息\n\
         目前，我们会在以下情形中，向您征求您对共享个人信息的授权同意：\n\
         (1)\t将您的IMEI等设备信息、位置信息、网络信息、SDK认证相关请求结果、手机号码共享至中移互联网有限公司、中国联合网络通信集团有限公司、中国电信集团有限公司、深圳市和讯华谷信息技术有限公司的极光登录SDK用于一键登录验证、号码认证；\n",
    );
    let answer = json_answer_on(&["ask", "会把手机号码给谁"], &file);
    let mut names: Vec<&str> = answer["receivers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "中国电信集团有限公司",
            "中国联合网络通信集团有限公司",
            "中移互联网有限公司",
            "深圳市和讯华谷信息技术有限公司的极光登录SDK"
        ],
        "{answer}"
    );
    let all = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let names = receiver_names(&all);
    assert_eq!(names.len(), 4, "{names:?}");
}

/// 快对作业 (crawl), its SDK-sharing clauses 「将您的…共享至<公司>的<SDK>，用于…」: the receivers were
/// cut short (「阿里」 beside 「阿里云计算有限公司的阿里云反馈SDK」, 「…的穿山」 of 穿山甲SDK), missed (支付宝's
/// name holds 「(中国)」; Bugly's clause says 「分享至」), given the SDKs' names as their data
/// (「腾讯验证码SDK和广点通SDK」) or another receiver's (「中国电信集团」), and given only part of what
/// their clause lists.
#[test]
fn receivers_of_an_sdk_sharing_list_are_named_whole_with_the_data_their_clause_gives() {
    let (_dir, file) = policy_file(
        "示例作业.txt",
        "示例作业隐私政策\n四、我们如何共享、转让、公开披露您的个人信息\n\
         目前，我们会在以下情形中，向您征求您对共享个人信息的授权同意：\n\
         (1)\t将您的IMEI等设备信息、位置信息、网络信息、SDK认证相关请求结果、手机号码共享至中移互联网有限公司、中国联合网络通信集团有限公司、中国电信集团有限公司、深圳市和讯华谷信息技术有限公司的极光登录SDK用于一键登录验证、号码认证；\n\
         (2)\t将您的手机状态、网络状态、读取外部存储共享至阿里云计算有限公司的阿里云反馈SDK，用于您反馈问题时的手机、网络状态给出诊断建议，读取外部存储截图提供反馈问题详情；\n\
         (3)\t将您的手机状态、网络状态、读取写入外部储存共享至支付宝(中国)网络技术有限公司的支付宝SDK，用于处理和缓存您的支付订单及支付状态；\n\
         (4)\t将您的网络状态、IMEI等设备信息、地理位置信息共享至北京字节跳动科技有限公司的穿山甲SDK，用于广告精准推送；\n\
         (5)\t将您的手机状态、网络状态、定位信息、读取写入外部储存、应用安装列表共享至深圳市腾讯计算机系统有限公司的腾讯验证码SDK和广点通SDK，用于向用户多次密码输入错误时出示并校验验证码和提供更加精准和个性化的广告推荐服务；\n\
         (6)\t将您的Crash环境：Crash信息及线程堆栈，ROM/RAM/SD卡容量、网络/语言等状态App信息：包名、版本、所属进程名，设备信息：IMEI等设备识别分享至深圳市腾讯计算机系统有限公司的BuglySDK，用于判断Crash设备统计；\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let names = receiver_names(&answer);
    for whole in [
        "阿里云计算有限公司的阿里云反馈SDK",
        "支付宝(中国)网络技术有限公司的支付宝SDK",
        "北京字节跳动科技有限公司的穿山甲SDK",
        "深圳市腾讯计算机系统有限公司的腾讯验证码SDK和广点通SDK",
        "深圳市腾讯计算机系统有限公司的BuglySDK",
    ] {
        assert!(names.iter().any(|n| n == whole), "{whole}: {names:?}");
    }
    assert!(!names.iter().any(|n| n == "阿里"), "{names:?}");
    let data_of = |name: &str| -> Vec<String> {
        receiver_named(&answer, name)["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect()
    };
    let tencent = data_of("深圳市腾讯计算机系统有限公司的腾讯验证码SDK和广点通SDK");
    assert!(tencent.iter().any(|d| d == "应用安装列表"), "{tencent:?}");
    assert!(!tencent.iter().any(|d| d.contains("SDK")), "{tencent:?}");
    let ali = data_of("阿里云计算有限公司的阿里云反馈SDK");
    assert!(ali.iter().any(|d| d == "手机状态"), "{ali:?}");
    for r in answer["receivers"].as_array().unwrap() {
        assert!(!r["data"].to_string().contains("中国电信集团"), "{r}");
    }
}

/// 腾讯日历 (crawl): 「我们需要取得您的日历的读写权限」 gave the calendar's use (云同步与备份) while
/// 「会收集我的日历吗」 said 「政策未提及」: a two-char name is too weak to answer with, unless the
/// clause names it as the user's own (`您的日历`).
#[test]
fn data_named_as_the_users_own_answers_whether_it_is_collected() {
    let (_dir, file) = policy_file(
        "示例日历.txt",
        "示例日历隐私政策\n一、我们如何收集和使用您的个人信息\n\
         1.3 当您选择将您在示例日历App中的日程加入您的系统日历中时，或将你的系统日程同步到示例日历App中时，我们需要取得您的日历的读写权限，否则无法实现把示例日历日程与系统日历的双向同步。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的日历吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
}

/// 小鹏汽车 (crawl): 「我们会按照监管机关的要求，将车辆相关信息上传至国家及地方新能源汽车数据监测平台，将电池
/// 相关数据上传至电池溯源平台」 named no receiver (`上传` was no giving verb, and words before the
/// party word `平台` were read as data); its data is what the part before it names, not the
/// next part's `电池`.
#[test]
fn a_platform_data_is_uploaded_to_receives_it() {
    let (_dir, file) = policy_file(
        "示例汽车.txt",
        "示例汽车隐私政策\n四、我们如何共享、转让、公开披露您的个人信息\n\
         我们可能会根据法律法规规定、诉讼、争议解决需要，或按照行政、司法机关依法提出的要求，共享、披露您的个人信息。\
         例如，我们会按照监管机关的要求，将车辆位置信息上传至国家及地方新能源汽车数据监测平台，将电池相关数据上传至电池溯源平台。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let platform = receiver_named(&answer, "国家及地方新能源汽车数据监测平台");
    assert!(!platform["data"].to_string().contains("电池"), "{platform}");
}

/// 天马垂钓 (crawl): 「我们也可能对您联系人的姓名和电话号码进行加密收集」 answered 「会收集我的手机号吗」
/// with 是 (and four purposes read by keyword): a contact's number is not the user's own.
#[test]
fn a_contacts_phone_number_is_not_the_users_own() {
    let (_dir, file) = policy_file(
        "示例垂钓.txt",
        "示例垂钓隐私政策\n一、我们如何收集和使用您的个人信息\n\
         c、基于通讯录信息的附加服务：我们将在您开启通讯录权限后收集您的通讯录信息使您在购物时可以更便利地取用您通讯录内的联系人信息，无需再手动输入。\
         此外，为提升您在使用我们产品过程中的社交互动分享乐趣，在经您同意的前提下，我们也可能对您联系人的姓名和电话号码进行加密收集，帮助您判断您的通讯录联系人是否同为我们的会员。\n",
    );
    let phone = json_answer_on(&["ask", "会收集我的手机号吗"], &file);
    assert_ne!(phone["yes_no"]["verdict"], "yes", "{phone}");
    let contacts = json_answer_on(&["ask", "会读取通讯录吗"], &file);
    assert_eq!(contacts["yes_no"]["verdict"], "yes", "{contacts}");
}

/// 天马垂钓 (crawl): 「天马垂钓不会向任何无关第三方提供、出售…您的个人信息，除非事先得到您的许可，或该
/// 第三方和天马垂钓…共同为您提供服务」 was listed both as a refusal and as sharing naming no receiver.
#[test]
fn a_refusal_with_exceptions_is_not_also_unnamed_sharing() {
    let (_dir, file) = policy_file(
        "示例垂钓.txt",
        "示例垂钓隐私政策\n三、天马垂钓会如何使用您的个人信息\n\
         b) 示例垂钓不会向任何无关第三方提供、出售、出租、分享或交易您的个人信息，除非事先得到您的许可，或该第三方和示例垂钓（含示例垂钓关联公司）单独或共同为您提供服务，且在该服务结束后，其将被禁止访问包括其以前能够访问的所有这些资料；\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let refusals = clauses_cited(&answer["refusals"]);
    let unnamed = clauses_cited(&answer["unnamed"]);
    assert!(!refusals.is_empty(), "{answer}");
    assert!(!unnamed.iter().any(|u| refusals.contains(u)), "{unnamed:?}");
}

/// 天马垂钓 (crawl): 「…以及特定场景下经您授权的人脸识别时我们会收集您的面部特征，且严格经您授权同意的范围内
/// 使用，未来如我们拟使用您的面部信息为您提供其他产品及\或服务功能的，我们会再次与您确认」 gave the face the
/// purpose 「为您提供其他产品及\或服务功能的」: a use the policy may ask for later is none it states.
#[test]
fn a_use_the_policy_may_ask_for_later_is_no_purpose_of_the_data() {
    let (_dir, file) = policy_file(
        "示例垂钓.txt",
        "示例垂钓隐私政策\n一、我们如何收集和使用您的个人信息\n\
         b、基于相机\\摄像头的附加服务：您可在开启相机\\摄像头权限后使用该功能进行扫码用于登陆、购物、领取优惠信息，拍摄照片或视频用于评价、分享，以及特定场景下经您授权的人脸识别时我们会收集您的面部特征，且严格经您授权同意的范围内使用，未来如我们拟使用您的面部信息为您提供其他产品及\\或服务功能的，我们会再次与您确认。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的人脸信息吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    assert!(
        !answer["purposes"].to_string().contains("其他产品"),
        "{}",
        answer["purposes"]
    );
}

/// 掌上大学 (crawl), four clauses of its sharing: the user's payment accounts, the logistics
/// company a modifier describes, data a clause says it does not give, and push SDKs of four
/// phone makers on a line the page wrapped before `SDK`.
const ZHANGSHANG_DAXUE: &str = "示例大学隐私政策\n一、我们如何收集和使用您的信息\n（六） 帮助您完成支付\n\
     为完成订单支付，您需要提供支付宝/微信账户、网上银行或其他第三方支付方式并选择付款方式，我们会将您的示例大学平台账户会员名、对应的支付宝账户用户名、网上银行用户名或第三方支付账户会员名、订单支付相关信息、订单安全相关设备信息及其他反洗钱法律要求的必要信息通过在应用程序中嵌入的支付宝、网上银行或第三方支付平台软件工具开发包（SDK）等方式与相应网上银行或第三方支付平台公司共享。\n\
     （七） 帮助向您完成商品或服务的交付\n\
     为保证您购买的商品及/或服务能够顺利、安全、准确送达，我们会向为示例大学提供物流信息系统和技术服务的浙江菜鸟供应链管理有限公司披露订单相关配送信息，并由其根据商品及/或服务提供主体的指定向相应的物流配送主体同步相关配送信息。\n\
     三、我们如何共享、转让、公开披露您的个人信息\n（一）共享\n\
     4、与授权合作伙伴共享：我们可能会与合作伙伴共享您的某些个人信息，以提供更好的客户服务和用户体验。例如，只有在广告主同意遵守我们的广告发布准则后，我们才可能会告诉广告主他们广告的效果如何。我们会向这些合作伙伴提供有关其广告覆盖面和有效性的信息，而不会提供您的个人身份信息，或者我们将这些信息进行汇总，以便它不会识别您个人。\n\
     为了使您能给使用上述服务及功能，我们的应用中会嵌入授权合作伙伴的SDK或其他类似的应用程序。如您使用华为/Oppo/Vivo/小米手机时，华为/Oppo/Vivo/小米Push\n            SDK需要读取您的设备识别号、联网相关信息，用于推送/下发通知栏消息；如您使用高德提供的地图服务，高德SDK需要您打开设备位置权限并收集设备所在位置、设备识别号、联网相关信息。\n";

/// 「会把我的信息共享给谁」 asked of [`ZHANGSHANG_DAXUE`].
fn zhangshang_daxue_receivers() -> serde_json::Value {
    let (_dir, file) = policy_file("示例大学.txt", ZHANGSHANG_DAXUE);
    json_answer_on(&["ask", "会把我的信息共享给谁"], &file)
}

/// 「向为掌上大学提供物流信息系统和技术服务的浙江菜鸟供应链管理有限公司披露」 named 「大学提供物流信息系统」,
/// the labeller's span inside the modifier: the receiver is the company the modifier describes.
#[test]
fn a_receiver_tagged_inside_its_modifier_is_the_company_it_describes() {
    let answer = zhangshang_daxue_receivers();
    let cainiao = receiver_named(&answer, "浙江菜鸟供应链管理有限公司");
    assert!(
        cainiao["data"].to_string().contains("订单相关配送信息"),
        "{cainiao}"
    );
    let names = receiver_names(&answer);
    assert!(
        !names.iter().any(|n| n.contains("物流信息系统")),
        "{names:?}"
    );
}

/// 「您需要提供支付宝/微信账户、网上银行或其他第三方支付方式」 made 网上银行 a receiver of the user's
/// accounts: what the user provides is collected, and the payment company gets what `将` makes
/// the object of the sharing after it.
#[test]
fn a_party_listed_in_what_the_user_provides_receives_nothing() {
    let answer = zhangshang_daxue_receivers();
    let names = receiver_names(&answer);
    assert!(!names.iter().any(|n| n == "网上银行"), "{names:?}");
    let payment = receiver_named(&answer, "第三方支付平台公司");
    assert!(
        payment["data"].to_string().contains("订单支付相关信息"),
        "{payment}"
    );
    assert!(
        !payment["data"].to_string().contains("付款方式"),
        "{payment}"
    );
}

/// 「…提供有关其广告覆盖面和有效性的信息，而不会提供您的个人身份信息」 gave 个人身份信息 to the partners.
#[test]
fn data_a_sharing_clause_says_it_does_not_give_is_not_given() {
    let answer = zhangshang_daxue_receivers();
    let partners = receiver_named(&answer, "合作伙伴");
    assert!(
        !partners["data"].to_string().contains("个人身份信息"),
        "{partners}"
    );
}

/// 「华为/Oppo/Vivo/小米Push⏎            SDK需要读取…」: the page's wrap cut the name from its `SDK`, and
/// no push SDK was reported; the slash-joined brands are one receiver, no one maker's.
#[test]
fn push_sdks_of_several_makers_wrapped_before_sdk_are_one_receiver() {
    let answer = zhangshang_daxue_receivers();
    let push = receiver_named(&answer, "华为/Oppo/Vivo/小米Push SDK");
    assert!(push["data"].to_string().contains("设备识别号"), "{push}");
    assert!(push["operator"].is_null(), "{push}");
}

/// 掌上大学 (crawl), ten questions read against the policy: its sign-up, payment and contacts
/// clauses.
const ZHANGSHANG_DAXUE_COLLECTION: &str = "示例大学隐私政策\n一、我们如何收集和使用您的信息\n\
     （一） 帮助您成为我们的会员\n\
     为成为我们的会员，以便我们为您提供会员服务，您需要提供电子邮箱、联系人姓名，并创建会员名和密码。如果您仅需使用浏览、搜索等基本服务，您不需要注册成为我们的会员及提供上述信息。\n\
     （六） 帮助您完成支付\n\
     我们的一些产品或服务需要付费才能使用，当您需要使用这些付费产品或服务时，您需要提供您的银行卡信息及/或绑定支付宝/微信服务，以便我们了解您的支付状态。如您选择由其他金融机构为您提供支付服务的，我们还会将您的包括银行卡号、有效期在内的银行卡支付必要信息与您选择的相应金融机构共享。\n\
     您可以请求其他人为您付款，那么您需要提供代付人的支付宝账户等第三方支付账户及/或手机号码。\n\
     （十） 为您提供其他附加服务\n\
     5、基于通讯录信息的附加服务：我们将在您开启通讯录权限后收集您的通讯录信息使您在购物时可以更便利地取用您通讯录内的联系人信息，无需再手动输入，包括您可以直接为通讯录中的联系人手机号进行充值。\n";

/// 「会收集我的银行卡号吗」 said 是 and 「政策没有写明把它共享给谁」, though a clause gives it to the
/// financial institution the user chooses.
#[test]
fn asked_whether_data_is_collected_the_answer_still_names_who_it_is_given_to() {
    let (_dir, file) = policy_file("示例大学.txt", ZHANGSHANG_DAXUE_COLLECTION);
    let answer = json_answer_on(&["ask", "会收集我的银行卡号吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    assert!(
        receiver_names(&answer).iter().any(|n| n == "金融机构"),
        "{answer}"
    );
}

/// 「收集我的手机号码做什么」 cited the payer's (`代付人的…手机号码`) and a contact's (`为通讯录中的
/// 联系人手机号进行充值`) numbers for 交易支付.
#[test]
fn a_payers_or_a_contacts_phone_number_is_not_the_users_own() {
    let (_dir, file) = policy_file("示例大学.txt", ZHANGSHANG_DAXUE_COLLECTION);
    let answer = json_answer_on(&["ask", "收集我的手机号码做什么"], &file);
    assert!(purpose_names(&answer).is_empty(), "{answer}");
}

/// 「您不需要注册成为我们的会员及提供上述信息」 gave the e-mail address the purposes of what can be
/// done without it (基本功能实现, 搜索).
#[test]
fn a_clause_saying_the_data_is_not_needed_states_no_use_of_it() {
    let (_dir, file) = policy_file("示例大学.txt", ZHANGSHANG_DAXUE_COLLECTION);
    let answer = json_answer_on(&["ask", "收集我的电子邮箱做什么"], &file);
    let purposes = purpose_names(&answer);
    assert!(!purposes.iter().any(|p| p == "搜索"), "{purposes:?}");
    assert!(
        !purposes.iter().any(|p| p == "基本功能实现"),
        "{purposes:?}"
    );
}

/// 小鹏汽车 (crawl): 「这些信息会共享给差旅或保险服务商」 named the receiver 「保险服务商」, half of it.
#[test]
fn a_kind_of_party_joined_by_huo_before_the_receiver_is_part_of_its_name() {
    let (_dir, file) = policy_file(
        "示例汽车.txt",
        "示例汽车隐私政策\n一、我们如何收集和使用您的个人信息\n1.5 留资\n\
         我们会不定期地举办线上或线下活动，根据不同的活动性质，可能需要您提供不同的个人信息，且我们可能会将相关信息共享给提供相应服务的第三方。例如您参加线下活动需要预定机票酒店或购买保险的，则需要提供您的姓名、身份证号码、手机号码，这些信息会共享给差旅或保险服务商；您参加线上活动需要快递奖品/礼品的，则需要提供收件人、收件地址、手机号码，这些信息会共享给物流配送服务商。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let names = receiver_names(&answer);
    assert!(names.iter().any(|n| n == "差旅或保险服务商"), "{names:?}");
    assert!(!names.iter().any(|n| n == "保险服务商"), "{names:?}");
}

/// 助销宝 (crawl), ten questions read against the policy: its collection list (业务场景 / 收集目的 /
/// 收集的方式 / 个人信息字段, record after record) and its SDK list (`1、极光推送：` on a line of its
/// own above `SDK类型：…`, `SDK描述：…`, `SDK所需用户信息字段：…`, `使用目的/理由：…`).
const ZHUXIAOBAO: &str = "示例宝隐私政策\n一、我们如何收集和使用您的个人信息\n\
     1、业务功能一：注册成为用户  为完成创建账号，您需提供您的手机号码。\n\
     六、收集个人信息明示清单\n\
     1、业务场景：登录、忘记密码。\n收集目的：用于用户登录以及忘记密码的密码重置。\n\
     收集的方式：用户输入。\n个人信息字段：用户名、手机号码。\n\
     2、业务场景：积分提现。\n收集目的：用于积分换算成金额提现到支付宝账号以及个税申请。\n\
     收集的方式：用户输入。\n个人信息字段：姓名、手机号码、身份证号码、支付宝账号。\n\
     七、我们APP涉及用户信息使用的SDK相关情况逐项列举，详情如下：\n\
     1、极光推送：\nSDK类型：推送通知\nSDK描述：用于实现消息推送(或其他推送)功能\n\
     收集个人信息的类型：设备信息、地理位置、网络信息\n使用目的/理由：向用户推荐活动和提醒。\n\
     极光隐私政策链接：https://www.jiguang.cn/license/privacy 。\n\
     2、阿里支付：\nSDK类型：支付\nSDK描述：阿里支付。\n\
     SDK所需用户信息字段：用户姓名、用户电话、支付宝账号。\n\
     3、微信开放平台：\nSDK类型：社交\nSDK描述：分享、支付等功能。\n\
     SDK所需用户信息字段：软件安装列表、设备型号、MAC地址、IMEI号。\n";

/// 「会收集我的身份证号吗」 was 「政策未提及」: the collection list's `个人信息字段：…身份证号码…` has no
/// verb of its own, and its paragraph was read as a definition. A list titled as what is
/// collected (`收集个人信息明示清单`) states collection, and its record's `收集目的` is the use.
#[test]
fn a_collection_lists_record_states_what_is_collected_and_what_for() {
    let (_dir, file) = policy_file("示例宝.txt", ZHUXIAOBAO);
    let answer = json_answer_on(&["ask", "会收集我的身份证号吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    let evidence = answer["purposes"].to_string();
    assert!(evidence.contains("用于积分换算成金额提现"), "{answer}");
    // Only its own record's purpose: not the login record's above it.
    assert!(!evidence.contains("密码重置"), "{answer}");
}

/// The SDK list's records were read as one receiver `极光` with 阿里支付's data, and `SDK使用`:
/// a numbered name line ending with a colon names its record, and `SDK描述`, `SDK所需用户信息
/// 字段`, `使用目的/理由` are fields.
#[test]
fn an_sdk_lists_numbered_names_ending_with_a_colon_head_their_records() {
    let (_dir, file) = policy_file("示例宝.txt", ZHUXIAOBAO);
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let names = receiver_names(&answer);
    for name in ["极光推送", "阿里支付", "微信开放平台"] {
        assert!(names.iter().any(|n| n == name), "{name}: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("SDK")), "{names:?}");
    // (`极光隐私政策链接：…` closes 极光推送's record; it names no record of its own.)
    assert!(!names.iter().any(|n| n == "极光"), "{names:?}");
    let alipay = receiver_named(&answer, "阿里支付");
    assert!(
        alipay["data"].to_string().contains("支付宝账号"),
        "{alipay}"
    );
    assert!(!alipay["data"].to_string().contains("地理位置"), "{alipay}");
    let jpush = receiver_named(&answer, "极光推送");
    assert!(jpush["data"].to_string().contains("地理位置"), "{jpush}");
    assert!(!jpush["data"].to_string().contains("支付宝账号"), "{jpush}");
}

/// 鬼鸡配音 (crawl): each record opens with its company (`第三方公司名称：…` / `SDK名称：…`), and
/// every SDK was given the next record's company (the first one's was lost).
#[test]
fn an_sdk_lists_company_given_above_each_name_is_that_records() {
    let (_dir, file) = policy_file(
        "示例配音.txt",
        "示例配音隐私政策\n八、第三方SDK说明\n涉及收集用户信息的第三方SDK的情况：\n\
         第三方公司名称：深圳市腾讯计算机系统有限公司\nSDK名称：微信登陆sdk\n共享信息：常用设备信息\n\
         使用目的/场景：用于用户登陆场景\n共享方式：sdk本机采集\n第三方隐私权政策链接：\n\
         https://support.weixin.qq.com/privacy\n\
         第三方公司名称：财付通支付科技有限公司\n SDK名称：微信支付sdk\n共享信息：常用设备信息\n\
         使用目的/场景：用于用户支付场景\n共享方式：sdk本机采集\n第三方隐私权政策链接：\n\
         https://www.tenpay.com/privacy.shtml\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let login = receiver_named(&answer, "微信登陆sdk");
    assert_eq!(login["operator"], "深圳市腾讯计算机系统有限公司", "{login}");
    assert!(
        login["purposes"].to_string().contains("注册登录"),
        "{login}"
    );
    let pay = receiver_named(&answer, "微信支付sdk");
    assert_eq!(pay["operator"], "财付通支付科技有限公司", "{pay}");
    let names = receiver_names(&answer);
    assert!(!names.iter().any(|n| n.contains("情况")), "{names:?}");
}

/// 盯盯 (crawl): 「接入提供该服务的指定合作伙伴友盟、百度、今日头条读取您的设备识别号…」 named one
/// receiver `指定合作伙伴友盟、百度` with no data, and lost 今日头条; asked who receives the device
/// identifier, only the push SDK was named.
#[test]
fn a_partner_kind_naming_companies_before_a_reading_verb_gives_each_company_the_data() {
    let (_dir, file) = policy_file(
        "示例办公.txt",
        "示例办公隐私政策\n四、个人信息使用、转移和披露\n目前，我们的授权合作伙伴包括以下类型：\n\
         （1）广告监测、数据统计服务类的授权合作伙伴。为维护/改进我们的产品/服务、为您提供更好的内容，\
         我们可能会接入提供该服务的指定合作伙伴友盟、百度、今日头条读取您的设备识别号、联网相关信息，\
         用于分析您使用我们的服务情况、优化广告投放。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    for name in ["友盟", "百度", "今日头条"] {
        let r = receiver_named(&answer, name);
        assert!(r["data"].to_string().contains("设备识别号"), "{r}");
        assert!(r["purposes"].to_string().contains("广告营销"), "{r}");
    }
    let names = receiver_names(&answer);
    assert!(
        !names.iter().any(|n| n.contains("合作伙伴友盟")),
        "{names:?}"
    );
    // (The clause names its receivers: it is no clause that names none.)
    assert_eq!(
        answer["unnamed"].as_array().map(Vec::len),
        Some(0),
        "{answer}"
    );
    let answer = json_answer_on(&["ask", "会把我的设备识别号共享给谁"], &file);
    let text = answer.to_string();
    for name in ["友盟", "百度", "今日头条"] {
        assert!(text.contains(name), "{name}: {answer}");
    }
}

/// 盯盯 (crawl): 「如您使用QQ、微信第三方帐号登录我们的产品时，相关SDK需要收集您的第三方帐号…」 gave the
/// QQ/WeChat login's data to the push SDK the clause before named.
#[test]
fn a_related_sdk_after_its_own_condition_is_not_the_sdk_named_before() {
    let (_dir, file) = policy_file(
        "示例办公.txt",
        "示例办公隐私政策\n四、个人信息使用、转移和披露\n我们的应用中会嵌入授权合作伙伴的SDK。\
         如您使用华为/小米/OPPO/VIVO手机时，华为/小米/OPPO/VIVO Push SDK需要读取您的设备识别号、\
         联网相关信息，用于推送/下发通知栏消息；如您使用QQ、微信第三方帐号登录我们的产品时，相关SDK需要\
         收集您的第三方帐号、设备识别号、联网相关信息。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    for r in answer["receivers"].as_array().unwrap() {
        assert!(
            !(r["name"].as_str().unwrap().contains("Push")
                && r["data"].to_string().contains("第三方帐号")),
            "{r}"
        );
    }
}

/// 盯盯 (crawl): 「为防止向第三方披露自己的个人信息，如联络方式或者邮政地址。」 — advice to the user —
/// listed 第三方 as receiving 联络方式 and 邮政地址.
#[test]
fn a_clause_guarding_against_giving_to_third_parties_names_no_receiver() {
    let (_dir, file) = policy_file(
        "示例办公.txt",
        "示例办公隐私政策\n四、个人信息使用、转移和披露\n我们会与支付机构共享您的订单信息，用于完成支付。\n\
         六、其他\n为防止向第三方披露自己的个人信息，如联络方式或者邮政地址。请您妥善保护自己的个人信息，\
         仅在必要的情形下向他人提供。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let names = receiver_names(&answer);
    assert!(!names.iter().any(|n| n == "第三方"), "{names:?}");
    assert!(names.iter().any(|n| n.contains("支付机构")), "{names:?}");
}

/// 盯盯 (crawl): the contacts its section 「5. 企业管理数据」 lists were used 「企业管理数据」 — the
/// section's title, which names data, not a feature.
#[test]
fn a_section_titled_after_data_names_no_use_of_it() {
    let (_dir, file) = policy_file(
        "示例办公.txt",
        "示例办公隐私政策\n三、 用户信息收集及使用\n5. 企业管理数据\n\
         如您作为企业管理员选择开通、管理示例办公服务的，我们会根据企业管理员的指令记录您所在企业的个人用户\
         使用相关功能过程中提交或产生的信息和数据（下称“企业管理数据”），企业管理数据可能包括：\n\
         1）您所在企业组织分配给您的职位、隶属部门等信息。\n\
         2）其他由企业用户提交的包含您个人信息的数据，如示例办公企业通讯录信息（包括企业用户的任职信息、\
         联系方式等。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的通讯录吗"], &file);
    assert_eq!(answer["yes_no"]["verdict"], "yes", "{answer}");
    assert!(
        !answer["purposes"].to_string().contains("企业管理数据"),
        "{answer}"
    );
}

/// 到位 (crawl): 「我们的产品集成百度地图SDK、讯飞语音SDK、环信SDK和友盟+SDK：百度SDK：用于获取位置信息；
/// 讯飞语音SDK：用于语音输入；…」 listed none of the four among those receiving the user's data.
#[test]
fn sdks_a_clause_says_the_app_integrates_are_receivers_with_what_each_is_for() {
    let (_dir, file) = policy_file(
        "示例到家.txt",
        "示例到家隐私政策\n一、我们如何收集和使用您的个人信息\n（二）第三方SDK统计服务\n\
         我们的产品集成了淘宝Agoo推送SDK（com.taobao.agoo），用于唯一标识设备，以便向目标设备推送消息。\n\
         我们的产品集成百度地图SDK、讯飞语音SDK、环信SDK和友盟+SDK：百度SDK：用于获取位置信息；\
         讯飞语音SDK：用于语音输入；环信SDK：用于即时在线聊天、语音和拍照；友盟SDK：用于统计分析服务、\
         消息推送服务。\n集成的第三方SDK名称及使用目的见下文。\n\
         我们集成了示例框架SDK，该SDK不获取您的个人信息。\n",
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let agoo = receiver_named(&answer, "淘宝Agoo推送SDK");
    assert_eq!(agoo["kind"], "sdk", "{agoo}");
    assert!(agoo["purposes"].to_string().contains("消息通知"), "{agoo}");
    let map = receiver_named(&answer, "百度地图SDK");
    assert!(map["data_types"].to_string().contains("位置信息"), "{map}");
    let voice = receiver_named(&answer, "讯飞语音SDK");
    assert!(
        voice["purposes"].to_string().contains("语音交互"),
        "{voice}"
    );
    // (A feature's words are no data it takes: `用于语音输入`.)
    assert_eq!(voice["data"].as_array().map(Vec::len), Some(0), "{voice}");
    let umeng = receiver_named(&answer, "友盟+SDK");
    assert!(
        umeng["purposes"].to_string().contains("产品改进与统计分析"),
        "{umeng}"
    );
    let names = receiver_names(&answer);
    assert!(names.iter().any(|n| n == "环信SDK"), "{names:?}");
    // (Not an SDK that takes nothing, nor a package's name as another receiver.)
    assert!(
        !names
            .iter()
            .any(|n| n.contains("示例框架") || n.contains("agoo")),
        "{names:?}"
    );
}

/// 快读小说 (crawl): 「IMEI用来做什么」 said 「政策未写明用途」 though the SDK record listing the IMEI says
/// what it is for (`用途或目的：用于统计…`); and 「您为了证明相关事实提供的信息」 named a receiver `事实`.
#[test]
fn a_records_purpose_is_a_use_of_its_data_and_a_verb_modifying_data_names_no_receiver() {
    let (_dir, file) = policy_file(
        "示例小说.txt",
        "示例小说隐私政策\n一、我们如何收集和使用个人信息\n5.其他第三方统计代码分享您的信息\n\
         （1）友盟+数据统计\n提供方名称：北京锐讯灵通科技有限公司\n场景描述：针对App的各维度的统计功能\n\
         收集方式：调用系统相关接口自动采集\n\
         个人信息范围：硬件型号、操作系统版本、唯一设备标识符（AndroidId、OAID、IMEI、MAC、IDFA）\n\
         用途或目的：用于统计您使用软件的崩溃日志以及行为分析。\n\
         隐私政策：https://www.umeng.com/page/policy\n3.在线客服服务\n\
         在您通过在线客服向我们提出投诉、建议或进行反馈时，为便于与您联系，我们可能会收集您提供的账号信息、\
         您提供的联系方式信息、您为了证明相关事实提供的信息、程序运行日志、设备信息。\n",
    );
    let answer = json_answer_on(&["ask", "IMEI用来做什么"], &file);
    assert!(
        answer["purposes"]
            .to_string()
            .contains("产品改进与统计分析"),
        "{answer}"
    );
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    assert_eq!(receiver_names(&answer), ["友盟+数据统计"], "{answer}");
}

/// 扫一扫 (crawl): a table's stray line `设备ID` read as a section title was given as a use of the
/// location data; 「为用户推送更智能合理的广告」 made it 「消息通知」 (a push of ads is advertising); and
/// 「除非得到您的许可，否则我们不会将您的个人身份信息（指…姓名或手机号码，…）与分析服务的合作伙伴共享」
/// named the partners as receivers of the phone number — the refusal's 不会 stood too far from
/// 共享 behind the bracket.
#[test]
fn a_data_title_a_pushed_ad_and_a_refusal_before_a_long_object_name_no_use_or_receiver() {
    let (_dir, file) = policy_file(
        "示例扫码.txt",
        "示例扫码隐私政策\n\
         一、我们如何收集和使用您的个人信息\n\
         1.注册及登录\n\
         当您注册、登录时，我们会收集您的手机号码。\n\
         设备ID\n\
         当应用被用户授予广告追踪权限时，我们将获取idfa用于广告归因与追踪。\n\
         地理位置信息属于敏感信息，你可以在手机操作系统选择同意或撤回地址位置信息的授权，不同意或撤回授权，与地址位置相关的功能可能无法使用，但不会影响你使用其他功能。\n\
         2.其他第三方统计代码分享您的信息\n\
         （1）您在使用我们产品的过程中，我们会向您展示第三方广告资讯。为实现推送，统计分析类合作伙伴的共享。这些合作伙伴仅会获取无法识别您个人身份信息的用户画像标签及去标识化或匿名化后的设备信息或统计类信息。除非得到您的许可，否则我们不会将您的个人身份信息（指可以识别您身份的信息，姓名或手机号码，通过这些信息可以联系到您或识别您的身份）与分析服务的合作伙伴共享。\n\
         第三方服务：\n\
         (1).优量汇SDK\n\
         提供方名称：腾讯\n\
         场景描述：通过识别设备信息和地理位置和网络信息用于创建智能标签，为用户推送更智能合理的广告。\n\
         个人信息类型：个人常用设备信息、位置信息、网络信息\n\
         用途或目的：展示第三方广告\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    let purposes = answer["purposes"].to_string();
    assert!(!purposes.contains("设备ID"), "{purposes}");
    assert!(!purposes.contains("消息通知"), "{purposes}");
    let answer = json_answer_on(&["ask", "会把我的手机号共享给谁"], &file);
    assert!(
        !answer.to_string().contains("分析服务的合作伙伴\""),
        "{answer}"
    );
    // Nor is a listed SDK's scene 「为用户推送…的广告」 a notification.
    let answer = json_answer_on(&["ask", "会把我的信息共享给谁"], &file);
    let sdk = receiver_named(&answer, "优量汇SDK");
    assert!(!sdk["purposes"].to_string().contains("消息通知"), "{sdk}");
}

/// 扫一扫 (crawl): 「…您的个人信息存储于合法合规的位置」 made the location data a use 「法律合规」, and
/// 360智慧生活's 「让您随时了解个人信息的存储位置」 a use 「消息通知」: a bare 位置 where data is kept is a place,
/// no mention of the location.
#[test]
fn where_data_is_stored_is_no_mention_of_the_location() {
    let (_dir, file) = policy_file(
        "示例存储.txt",
        "示例存储隐私政策\n一、我们如何收集和使用您的个人信息\n我们会收集您的手机号码用于注册登录。\n\
         二、我们如何存储个人信息\n我们依照法律法规的规定，将在境内运营过程中收集和产生的您的个人信息存储于合法合规的位置。\n\
         我们会让您随时了解个人信息的存储位置。\n",
    );
    let answer = json_answer_on(&["ask", "会收集我的位置信息吗"], &file);
    assert_eq!(answer["purposes"], serde_json::json!([]), "{answer}");
}
