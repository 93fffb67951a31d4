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
    let out = policylens()
        .args(args)
        .args(["--format", "json"])
        .arg(fixture(fixture_name))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
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
