use std::path::Path;

use super::*;
use crate::parse::{parse_bytes, ParseOptions};

fn keys(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

#[test]
fn the_longest_increasing_run_is_found_in_order() {
    assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
    assert_eq!(longest_increasing(&[0, 1, 2]), vec![0, 1, 2]);
    // 5 jumped to the front: the others stay in order.
    assert_eq!(longest_increasing(&[5, 0, 1, 2, 3, 4]), vec![1, 2, 3, 4, 5]);
    assert_eq!(longest_increasing(&[2, 0, 1]), vec![1, 2]);
}

#[test]
fn one_clause_moved_leaves_the_clauses_it_jumped_over_unchanged() {
    let old = keys(&["甲甲甲", "乙乙乙", "丙丙丙", "丁丁丁", "戊戊戊"]);
    let new = keys(&["乙乙乙", "丙丙丙", "丁丁丁", "甲甲甲", "戊戊戊"]);
    let a = align_keys(&old, &new);
    assert_eq!(a.moved, vec![(0, 3)]);
    assert_eq!(a.unchanged, vec![(1, 0), (2, 1), (3, 2), (4, 4)]);
    assert!(a.rewritten.is_empty() && a.added.is_empty() && a.removed.is_empty());
}

#[test]
fn a_reworded_clause_is_rewritten_and_an_unrelated_one_is_removed_and_added() {
    let old = keys(&[
        "我们会收集您的手机号码用于注册登录",
        "我们不会向第三方出售您的信息",
        "本政策自发布之日起生效",
    ]);
    let new = keys(&[
        "我们会收集您的电话号码用于注册登录",
        "如您对本政策有疑问请联系客服",
        "本政策自发布之日起生效",
    ]);
    let a = align_keys(&old, &new);
    assert_eq!(a.unchanged, vec![(2, 2)]);
    assert_eq!(a.rewritten, vec![(0, 0, false)]);
    assert_eq!(a.removed, vec![1]);
    assert_eq!(a.added, vec![1]);
}

#[test]
fn a_rewritten_clause_that_left_its_place_also_moved() {
    let old = keys(&[
        "第一条规定甲",
        "我们会收集您的手机号码用于注册登录",
        "第三条规定丙",
        "第四条规定丁",
    ]);
    let new = keys(&[
        "第一条规定甲",
        "第三条规定丙",
        "第四条规定丁",
        "我们会收集您的电话号码用于注册登录",
    ]);
    let a = align_keys(&old, &new);
    assert_eq!(a.rewritten, vec![(1, 3, true)]);
    let new = keys(&[
        "第一条规定甲",
        "我们会收集您的电话号码用于注册登录",
        "第三条规定丙",
        "第四条规定丁",
    ]);
    assert_eq!(align_keys(&old, &new).rewritten, vec![(1, 1, false)]);
}

#[test]
fn repeated_clauses_pair_in_order() {
    let old = keys(&["例如", "手机号码", "例如", "位置信息"]);
    let new = keys(&["例如", "手机号码", "例如", "位置信息"]);
    let a = align_keys(&old, &new);
    assert_eq!(a.unchanged, vec![(0, 0), (1, 1), (2, 2), (3, 3)]);
}

#[test]
fn words_of_a_rewritten_clause_are_jiebas_words() {
    let jieba = crate::analyzer::jieba();
    let words = word_changes(
        "我们会收集您的手机号码，用于注册登录。",
        "我们会收集您的电话号码和位置信息，用于注册登录。",
        jieba,
    );
    let changed: Vec<(WordChangeKind, &str)> = words
        .iter()
        .filter(|w| w.kind != WordChangeKind::Same)
        .map(|w| (w.kind, w.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (WordChangeKind::Removed, "手机号码"),
            (WordChangeKind::Added, "电话号码和位置信息")
        ]
    );
    // The words read back as either text.
    let side = |keep: WordChangeKind| -> String {
        words
            .iter()
            .filter(|w| w.kind == WordChangeKind::Same || w.kind == keep)
            .map(|w| w.text.as_str())
            .collect()
    };
    assert_eq!(
        side(WordChangeKind::Removed),
        "我们会收集您的手机号码，用于注册登录。"
    );
    assert_eq!(
        side(WordChangeKind::Added),
        "我们会收集您的电话号码和位置信息，用于注册登录。"
    );
}

fn policy(name: &str, text: &str) -> Policy {
    parse_bytes(Path::new(name), text.as_bytes(), &ParseOptions::default()).unwrap()
}

fn diff_of(old: &Policy, new: &Policy) -> PolicyDiff {
    let (eo, en) = (crate::extract::extract(old), crate::extract::extract(new));
    diff(
        &Analysed {
            policy: old,
            extraction: &eo,
        },
        &Analysed {
            policy: new,
            extraction: &en,
        },
        Lexicon::builtin(),
    )
}

const OLD: &str = "# 示例隐私政策\n\n更新日期：2023年1月1日\n\n## 一、我们如何收集信息\n\n当您注册账号时，我们会收集您的手机号码，用于注册登录。\n\n我们会收集您的设备型号和操作系统版本，用于保障安全。\n\n## 二、我们如何保存信息\n\n我们将在实现目的所需的最短期限内保存您的个人信息。\n\n## 三、联系我们\n\n如您有任何疑问，可发送邮件至 privacy@example.com 与我们联系。\n";

#[test]
fn the_summary_says_what_is_newly_collected_shared_and_marked() {
    let new_text = OLD
        .replace("2023年1月1日", "2024年6月1日")
        .replace(
            "我们会收集您的设备型号和操作系统版本，用于保障安全。",
            "我们会收集您的设备型号和操作系统版本，用于保障安全。\n\n**当您使用刷脸登录时，我们会收集您的人脸信息，用于身份验证。**\n\n我们会与高德地图SDK共享您的位置信息，用于提供导航服务。",
        )
        .replace("最短期限内保存", "最短期限内保存，最长不超过三年后删除或匿名化处理");
    let old = policy("old.md", OLD);
    let new = policy("new.md", &new_text);
    let d = diff_of(&old, &new);
    let s = &d.summary;
    assert_eq!(s.counts.added, 2, "{:#?}", d.clauses);
    // The retention clause and the date line.
    assert_eq!(s.counts.rewritten, 2, "{:#?}", d.clauses);
    assert_eq!(s.counts.removed + s.counts.moved, 0);
    assert!(
        s.sensitive_added.contains(&"人脸信息".to_string()),
        "{s:#?}"
    );
    assert!(s.data_added.iter().any(|d| d.data_type == "人脸信息"));
    assert!(
        s.receivers_added
            .iter()
            .any(|r| r.name.contains("高德地图")),
        "{:#?}",
        s.receivers_added
    );
    assert_eq!(s.bold_gained.len(), 1);
    assert!(d.clauses[s.bold_gained[0]]
        .new
        .as_ref()
        .unwrap()
        .text
        .contains("人脸信息"));
    assert!(
        s.topics.iter().any(|t| t.id == "retention"),
        "{:#?}",
        s.topics
    );
    assert_eq!(s.fields.len(), 1, "{:?}", s.fields);
    assert_eq!(s.fields[0].field, "updated");
    // Nothing else is reported: the unchanged clauses are unchanged.
    for c in d.changes() {
        let text = &c.new.as_ref().or(c.old.as_ref()).unwrap().text;
        assert!(
            text.contains("人脸")
                || text.contains("高德")
                || text.contains("最短期限")
                || text.contains("更新日期"),
            "{c:?}"
        );
    }
    // Every format says it.
    for format in [DiffFormat::Text, DiffFormat::Markdown, DiffFormat::Html] {
        let out = render(&d, format);
        assert!(
            out.contains("人脸信息") && out.contains("高德地图"),
            "{out}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&render(&d, DiffFormat::Json)).unwrap();
    assert_eq!(json["summary"]["counts"]["added"], 2);
}

#[test]
fn a_version_diffed_with_itself_has_no_changes() {
    let old = policy("old.md", OLD);
    let d = diff_of(&old, &old);
    assert_eq!(d.changes().count(), 0);
    assert_eq!(d.summary.counts.unchanged, old.sentences.len());
    assert!(d.summary.data_added.is_empty() && d.summary.receivers_added.is_empty());
}

#[test]
fn removed_clauses_stand_where_they_stood() {
    let new_text = OLD.replace(
        "我们会收集您的设备型号和操作系统版本，用于保障安全。\n\n",
        "",
    );
    let d = diff_of(&policy("old.md", OLD), &policy("new.md", &new_text));
    let kinds: Vec<ChangeKind> = d.clauses.iter().map(|c| c.kind).collect();
    let removed = kinds
        .iter()
        .position(|k| *k == ChangeKind::Removed)
        .unwrap();
    let before = d.clauses[removed - 1].new.as_ref().unwrap();
    assert!(before.text.contains("手机号码"), "{before:?}");
    assert!(
        d.summary
            .data_dropped
            .iter()
            .any(|d| d.data_type.contains("设备")),
        "{:?}",
        d.summary.data_dropped
    );
}

#[test]
fn formats_are_read_by_their_names_and_an_unknown_one_is_named() {
    assert_eq!("md".parse::<DiffFormat>().unwrap(), DiffFormat::Markdown);
    assert_eq!("html".parse::<DiffFormat>().unwrap(), DiffFormat::Html);
    assert!("xml"
        .parse::<DiffFormat>()
        .unwrap_err()
        .to_string()
        .contains("xml"));
}

#[test]
fn html_escapes_the_policys_text() {
    let new_text = OLD.replace("与我们联系。", "与我们联系<script>alert(1)</script>。");
    let d = diff_of(&policy("old.md", OLD), &policy("new.md", &new_text));
    let html = render(&d, DiffFormat::Html);
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn a_clause_cut_in_two_by_the_new_version_is_not_a_change() {
    let old = keys(&[
        "第一条规定甲",
        "快手将会留存您填写的相关信息以便下次使用",
        "第三条规定丙",
    ]);
    let new = keys(&[
        "第一条规定甲",
        "快手将会留存您填写的相关信",
        "息以便下次使用",
        "第三条规定丙",
    ]);
    let a = align_keys(&old, &new);
    assert_eq!(a.resegmented, vec![(vec![1], vec![1, 2])]);
    assert!(a.added.is_empty() && a.removed.is_empty() && a.rewritten.is_empty());
    // Joined texts that differ are not a resegmentation.
    let new = keys(&[
        "第一条规定甲",
        "快手将会留存您填写的相关信",
        "息以便下次登录使用",
        "第三条规定丙",
    ]);
    assert!(align_keys(&old, &new).resegmented.is_empty());
}

#[test]
fn a_renumbered_list_item_is_the_same_clause() {
    assert_eq!(without_list_number("5.保障产品安全；"), "保障产品安全；");
    assert_eq!(without_list_number("（三）我们如何共享"), "我们如何共享");
    assert_eq!(without_list_number("4.2.1设备信息"), "设备信息");
    assert_eq!(without_list_number("第五条其他"), "其他");
    assert_eq!(without_list_number("三、联系我们"), "联系我们");
    assert_eq!(
        without_list_number("2022年1月1日起生效"),
        "2022年1月1日起生效"
    );
    assert_eq!(without_list_number("1."), "1.");
    let old = policy(
        "old.md",
        "# 示例隐私政策\n\n1. 推荐服务；\n2. 保障产品安全；\n3. 向您提供广告；\n",
    );
    let new = policy(
        "new.md",
        "# 示例隐私政策\n\n1. 保障产品安全；\n2. 向您提供广告；\n",
    );
    let d = diff_of(&old, &new);
    let changes: Vec<(ChangeKind, String)> = d
        .changes()
        .map(|c| {
            (
                c.kind,
                c.new.as_ref().or(c.old.as_ref()).unwrap().text.clone(),
            )
        })
        .collect();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].0, ChangeKind::Removed);
    assert!(changes[0].1.contains("推荐服务"));
}
