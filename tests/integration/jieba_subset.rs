//! A subset jieba (only the dictionary words found in a text, plus the filler that keeps the total
//! frequency) cuts that text exactly as jieba-rs's own `Jieba::new()` does, words and offsets:
//! see `policylens::jieba_dict`. The reference is the dictionary embedded in jieba-rs, so these
//! tests also check that our copy of it (`data/jieba/dict.txt`) is the same dictionary.
use std::sync::OnceLock;

use jieba_rs::{Jieba, Token};
use policylens::index::{analyze_with, Segmenter};
use policylens::jieba_dict::{self, entries_in, entry, subset_for};
use proptest::prelude::*;

use crate::util::{bundled, policies};

fn reference() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Every way the analyzer and the search use jieba.
fn cuts<'a>(jieba: &Jieba, text: &'a str) -> [Vec<Token<'a>>; 3] {
    [
        jieba.cut_for_search(text, true),
        jieba.cut(text, true),
        jieba.cut(text, false),
    ]
}

fn assert_same_cut(text: &str) {
    let subset = subset_for(text);
    assert_eq!(cuts(&subset, text), cuts(reference(), text), "{text:?}");
}

/// Every sentence of the bundled policies, and every line of their raw files.
fn policy_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for p in bundled() {
        for s in &p.sentences {
            texts.push(p.slice(s.span).to_string());
        }
    }
    for entry in std::fs::read_dir(policies()).unwrap() {
        let path = entry.unwrap().path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        ) {
            let raw = std::fs::read_to_string(&path).unwrap();
            texts.extend(raw.lines().map(str::to_string));
        }
    }
    assert!(texts.len() > 2_000, "{}", texts.len());
    texts
}

#[test]
fn subset_jieba_cuts_every_policy_sentence_like_the_full_dictionary() {
    for text in policy_texts() {
        assert_same_cut(&text);
    }
}

/// The test above can fail: without the filler the subset's total frequency is that of a few
/// words, every word's log-probability rises, and the route prefers other cuts.
#[test]
fn without_the_filler_the_subset_cuts_differently() {
    let differs = policy_texts().iter().any(|text| {
        let mut subset = Jieba::empty();
        for i in entries_in(text) {
            let (word, freq, tag) = entry(i);
            subset.add_word(word, Some(freq), Some(tag));
        }
        cuts(&subset, text) != cuts(reference(), text)
    });
    assert!(differs);
    // Nor is the filler's frequency left over: the subset's total is the whole dictionary's.
    assert!(format!("{:?}", subset_for("手机号码"))
        .contains(&format!("total_freq: {}", jieba_dict::TOTAL_FREQ)));
    assert!(
        format!("{:?}", reference()).contains(&format!("total_freq: {}", jieba_dict::TOTAL_FREQ))
    );
}

#[test]
fn full_dictionary_from_our_data_cuts_whole_policies_like_jieba_rs() {
    let ours = jieba_dict::full();
    // Same number of records and same total frequency.
    assert_eq!(format!("{ours:?}"), format!("{:?}", reference()));
    for entry in std::fs::read_dir(policies()).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(raw) = std::fs::read_to_string(&path) {
            assert_eq!(cuts(&ours, &raw), cuts(reference(), &raw), "{path:?}");
        }
    }
}

/// Texts the policies do not have: a query with ASCII, digits, connectors, emoji, fullwidth
/// forms, CRLF, and the filler's own char.
#[test]
fn subset_jieba_cuts_odd_texts_like_the_full_dictionary() {
    for text in [
        "",
        " ",
        "\u{E000}",
        "手机号码\u{E000}手机号码",
        "\u{E000}\u{E000}精准位置",
        "精准位置信息",
        "\"精准位置信息\" OR 人脸 -广告",
        "IMEI/MAC地址、Android ID、IDFA",
        "WES-5.4.5版本，3.6.3，50%的用户",
        "📱手机👪号码🙂",
        "ＩＭＥＩ和ｗｉｆｉ",
        "第一行\r\n第二行\n\t第三行",
        "南京市长江大桥",
        "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "我们中出了一个叛徒",
        "𠀀𠀁𪚥龘㐀䶵",
        "a+b#c&d.e_f%g-h",
    ] {
        assert_same_cut(text);
    }
}

/// Chars to build random texts from: ideographs of common policy words (so that dictionary words
/// and near-words occur), ASCII, digits, connectors, punctuation, emoji, the filler.
fn pool() -> Vec<char> {
    let mut chars: Vec<char> =
        "个人信息手机号码精准位置设备标识符收集使用共享第三方人脸识别指纹生物特征身份证件银行账号通讯录短信通话记录的了和与或我们您应用服务南京市长江大桥中国科学院计算所"
            .chars()
            .collect();
    chars.extend("abcXYZ019+#&._%- ,;:!?/\"'()".chars());
    chars.extend("，。、；：！？（）“”《》【】".chars());
    chars.extend([
        '\n', '\r', '\t', '📱', '👪', '\u{E000}', 'é', 'ß', '𠀀', '㐀',
    ]);
    chars
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn subset_jieba_cuts_random_mixes_like_the_full_dictionary(
        picks in proptest::collection::vec(proptest::sample::select(pool()), 0..120)
    ) {
        let text: String = picks.into_iter().collect();
        let subset = subset_for(&text);
        prop_assert_eq!(cuts(&subset, &text), cuts(reference(), &text));
    }

    #[test]
    fn subset_jieba_cuts_arbitrary_strings_like_the_full_dictionary(text in "\\PC{0,80}") {
        let subset = subset_for(&text);
        prop_assert_eq!(cuts(&subset, &text), cuts(reference(), &text));
    }

    #[test]
    fn analyzer_tokens_are_the_same_with_a_subset_or_the_full_jieba(
        picks in proptest::collection::vec(proptest::sample::select(pool()), 0..60)
    ) {
        let text: String = picks.into_iter().collect();
        prop_assert_eq!(
            analyze_with(&text, Segmenter::Subset),
            analyze_with(&text, Segmenter::Full)
        );
    }
}

#[test]
fn analyzer_tokens_of_queries_and_clauses_are_the_same_either_way() {
    let queries = [
        "\"精准位置信息\"",
        "人脸 第三方",
        "手机号",
        "⽤户",
        "（一）设备信息，包括ＩＭＥＩ和手机号码",
        "个人生物识别信息",
    ];
    let texts = policy_texts();
    for text in queries
        .iter()
        .copied()
        .chain(texts.iter().map(String::as_str))
    {
        assert_eq!(
            analyze_with(text, Segmenter::Subset),
            analyze_with(text, Segmenter::Full),
            "{text:?}"
        );
    }
}

/// Run the CLI on the library `dir` with the jieba-load trace on; it must succeed.
fn run_traced(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_policylens"))
        .env_remove(policylens::library::LIBRARY_ENV)
        .env(policylens::index::TRACE_ENV, "1")
        .args(args)
        .arg("--library")
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    out
}

/// A library of the bundled policies, imported through the CLI, in a new folder named `prefix…`.
fn bundled_cli_library(prefix: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let dir = tmp.path().join("lib");
    run_traced(
        &["add", "--no-progress", policies().to_str().unwrap()],
        &dir,
    );
    (tmp, dir)
}

/// A cold `policylens search` cuts its query and its hits' clauses with subset jiebas: it never
/// pays the ~0.15 s load of the whole dictionary.
#[test]
fn a_one_shot_search_never_loads_the_whole_dictionary() {
    let (_tmp, dir) = bundled_cli_library("jieba-cold-search-");
    let run = |args: &[&str]| run_traced(args, &dir);
    for query in ["\"精准位置信息\"", "人脸 OR 指纹 -广告", "用户"] {
        let out = run(&["search", "--limit", "50", query]);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("【"),
            "{query}"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("jieba dictionary"), "{query}: {stderr}");
    }
}

/// A cold `policylens ask` never loads the whole dictionary (~150 ms): it answers from the
/// stored extraction, and a policy it must tag is cut with a jieba of that policy's words.
#[test]
fn a_one_shot_ask_never_loads_the_whole_dictionary() {
    let (_tmp, dir) = bundled_cli_library("jieba-cold-ask-");
    let run = |args: &[&str]| run_traced(args, &dir);
    let out = run(&["ask", "--app", "花间", "--purpose", "注册登录"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("jieba dictionary"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("手机号"));
}

/// A cold `policylens ask` answers from the extraction stored when the policy was imported: it
/// tags nothing (a long policy's tagging was most of its time), and answers as tagging would.
#[test]
fn a_one_shot_ask_answers_from_the_extraction_stored_at_import() {
    let (_tmp, dir) = bundled_cli_library("stored-extraction-ask-");
    let run = |args: &[&str]| run_traced(args, &dir);
    let asked = ["ask", "--app", "花间", "--purpose", "注册登录"];
    let stored = run(&asked);
    assert!(
        !String::from_utf8_lossy(&stored.stderr).contains("extracted"),
        "{stored:?}"
    );
    let db = rusqlite::Connection::open(dir.join("library.sqlite3")).unwrap();
    db.execute("DELETE FROM extractions", []).unwrap();
    let tagged = run(&asked);
    assert!(
        String::from_utf8_lossy(&tagged.stderr).contains("extracted"),
        "{tagged:?}"
    );
    assert_eq!(stored.stdout, tagged.stdout);
    // What had to be tagged was stored again: the next ask reads it.
    let again = run(&asked);
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("extracted"),
        "{again:?}"
    );
    assert_eq!(again.stdout, stored.stdout);
}

/// Extraction cuts a policy's sentences with a jieba of only the words in its text until the
/// whole dictionary is loaded: both give the same extraction.
#[test]
fn extraction_is_the_same_with_the_document_subset_and_the_whole_dictionary() {
    let policy = policylens::parse::parse_file(
        &policies().join("huajian.txt"),
        &policylens::parse::ParseOptions::default(),
    )
    .unwrap();
    let by_subset = format!("{:?}", policylens::extract::extract(&policy));
    policylens::index::jieba();
    let by_full = format!("{:?}", policylens::extract::extract(&policy));
    assert_eq!(by_subset, by_full);
}
