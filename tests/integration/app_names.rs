//! Apps found by the names people use: the name the text gives the app, read from 50 policies
//! sampled from the appch crawl against a gold file written by hand from their texts
//! (`tests/fixtures/app-names-gold.json`; skipped when the crawl is absent), and every other
//! name (a short name, the package a file is named after) leading to the same app.
use std::path::{Path, PathBuf};

use policylens::ask::Question;
use policylens::extract::Extractor;
use policylens::library::Library;

use crate::util::*;

#[test]
fn app_names_are_right_for_nine_in_ten_hand_checked_crawl_policies() {
    let corpus = root().join("../shared/corpus/appch");
    if !corpus.is_dir() {
        eprintln!("skipped: no crawl at {}", corpus.display());
        return;
    }
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("app-names-gold.json")).unwrap())
            .unwrap();
    let policies = gold["policies"].as_array().unwrap();
    let mut wrong = Vec::new();
    for p in policies {
        let file = p["file"].as_str().unwrap();
        let found = parse(&corpus.join(file)).app;
        // The gold's name, or another spelling it accepts; a policy that never names its app
        // has no name (the library then lists it under its file's name).
        let mut accepted: Vec<Option<String>> = vec![p["name"].as_str().map(str::to_string)];
        accepted.extend(
            p["accept"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().map(str::to_string)),
        );
        if !accepted.contains(&found) {
            wrong.push(format!("{file}: {found:?}, want {:?}", p["name"]));
        }
    }
    let right = policies.len() - wrong.len();
    let rate = right as f64 / policies.len() as f64;
    eprintln!("app names right: {right}/{} ({rate:.2})", policies.len());
    for w in &wrong {
        eprintln!("  {w}");
    }
    assert!(policies.len() >= 50);
    assert!(rate >= 0.90, "{wrong:#?}");
}

/// A policy whose text calls its app `搬运帮` (and `小帮` for short), in a file named after its
/// package, in a library with `tmp` as its folder.
fn library_with_a_named_app(tmp: &Path) -> Library {
    let body = std::fs::read_to_string(policies().join("kuaishou.txt"))
        .unwrap()
        .replace("快手", "本平台");
    let text =
        format!("隐私政策\n\n搬运帮隐私政策\n欢迎使用搬运帮（以下简称“小帮”或“我们”）。\n{body}");
    let file: PathBuf = tmp.join("com.glimmer.worker.txt");
    std::fs::write(&file, text).unwrap();
    let library = Library::open(tmp.join("lib")).unwrap();
    library.add_paths(&[file], &mut |_| {}).unwrap();
    library
}

#[test]
fn an_app_is_found_by_its_short_name_its_package_and_its_chars_in_order() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let library = library_with_a_named_app(tmp.path());
    let listed = library.list().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].app, "搬运帮");
    assert!(
        listed[0].aliases.contains(&"小帮".to_string()),
        "{:?}",
        listed[0].aliases
    );
    assert!(listed[0]
        .aliases
        .contains(&"com.glimmer.worker".to_string()));
    let names = library.app_names().unwrap();
    for asked in [
        "搬运帮",
        "小帮",
        "com.glimmer.worker",
        "COM.Glimmer.Worker",
        "搬运",
        "搬帮",
    ] {
        let question = Question {
            app: Some(asked.to_string()),
            data: Some("位置信息".to_string()),
            ..Default::default()
        };
        let answer = library
            .ask(&question, Extractor::builtin())
            .unwrap_or_else(|e| panic!("{asked}: {e}"));
        assert_eq!(answer.policies.len(), 1, "{asked}");
        assert_eq!(answer.policies[0].app.as_deref(), Some("搬运帮"), "{asked}");
    }
    // A question in plain Chinese finds the app by its package name too.
    let q = policylens::ask::parse_question(
        "com.glimmer.worker会收集我的位置信息吗",
        &names,
        Extractor::builtin().lexicon(),
    );
    assert_eq!(q.app.as_deref(), Some("com.glimmer.worker"));
    // A question that calls the app by part of its name finds it too, wherever the name
    // stands in the question.
    let q = policylens::ask::parse_question(
        "搬运会收集哪些敏感个人信息",
        &names,
        Extractor::builtin().lexicon(),
    );
    assert_eq!(q.app.as_deref(), Some("搬运"));
    assert!(!q.app_guessed && q.sensitive_only);
    let q = policylens::ask::parse_question(
        "用搬运帮下单的时候要提供什么",
        &names,
        Extractor::builtin().lexicon(),
    );
    assert_eq!(q.app.as_deref(), Some("搬运帮"));
    assert_eq!(q.activity.as_deref(), Some("下单"));
    let answer = library.ask(&q, Extractor::builtin()).unwrap();
    assert_eq!(answer.policies[0].app.as_deref(), Some("搬运帮"));
    // A name that matches nothing is still refused, naming the app.
    let question = Question {
        app: Some("淘宝".to_string()),
        data: Some("位置信息".to_string()),
        ..Default::default()
    };
    let err = library.ask(&question, Extractor::builtin()).err().unwrap();
    assert!(err.to_string().contains("搬运帮"), "{err}");
}

#[test]
fn an_app_named_by_a_word_inside_the_asked_data_is_not_the_one_asked_about() {
    // The crawl has an app recognised as `信息`: `地图大全会把我的位置信息共享给谁` was answered
    // for it, and `地图大全` was matched to `百度地图` for the `地图` they share.
    let names: Vec<String> = ["信息", "百度地图", "旅行足迹地图", "多看阅读"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let lexicon = Extractor::builtin().lexicon();
    let q = policylens::ask::parse_question("地图大全会把我的位置信息共享给谁", &names, lexicon);
    assert_eq!(q.app.as_deref(), Some("地图大全"));
    assert!(q.app_guessed);
    assert_eq!(q.data.as_deref(), Some("位置信息"));
    // The name outside the data is still found, and so is part of a name.
    let q = policylens::ask::parse_question("信息会收集我的位置信息吗", &names, lexicon);
    assert_eq!(q.app.as_deref(), Some("信息"));
    let q = policylens::ask::parse_question("百度地图会收集我的位置信息吗", &names, lexicon);
    assert_eq!(q.app.as_deref(), Some("百度地图"));
    let q = policylens::ask::parse_question("多看会收集我的位置信息吗", &names, lexicon);
    assert_eq!(q.app.as_deref(), Some("多看"));
    assert!(!q.app_guessed);
    // An app named by a question's own words (the crawl had one recognised as `注销账号`) is
    // not the one asked about when the question names another.
    let names: Vec<String> = ["注销账号", "咪咕"].iter().map(|s| s.to_string()).collect();
    let q = policylens::ask::parse_question("咪咕怎么注销账号", &names, lexicon);
    assert_eq!(q.app.as_deref(), Some("咪咕"));
}
