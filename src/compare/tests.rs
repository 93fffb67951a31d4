use std::path::Path;

use super::*;
use crate::document::Policy;
use crate::parse::{parse_bytes, ParseOptions};

fn policy(name: &str, text: &str) -> Policy {
    parse_bytes(Path::new(name), text.as_bytes(), &ParseOptions::default()).unwrap()
}

const A: &str = "# 甲应用隐私政策\n\n## 一、我们如何收集信息\n\n当您注册账号时，我们会收集您的手机号码，用于注册登录。\n\n当您使用导航功能时，我们会收集您的精确位置信息，用于提供导航服务。\n\n我们不会收集您的指纹信息。\n\n## 二、我们如何共享信息\n\n我们会与高德地图SDK共享您的精确位置信息，用于提供导航服务。\n";
const B: &str = "# 乙应用隐私政策\n\n## 一、我们如何收集信息\n\n当您注册账号时，我们会收集您的手机号码和电子邮箱，用于注册登录。\n\n个人敏感信息包括身份证件号码、个人生物识别信息等。\n";

fn matrix(category: Option<&str>) -> Comparison {
    let (a, b) = (policy("a.md", A), policy("b.md", B));
    let (ea, eb) = (crate::extract::extract(&a), crate::extract::extract(&b));
    compare(
        &[
            Compared {
                app: "甲".into(),
                analysed: Analysed {
                    policy: &a,
                    extraction: &ea,
                },
            },
            Compared {
                app: "乙".into(),
                analysed: Analysed {
                    policy: &b,
                    extraction: &eb,
                },
            },
        ],
        category,
        Lexicon::builtin(),
    )
}

fn states(c: &Comparison, data_type: &str) -> Vec<CellState> {
    let row = c
        .rows
        .iter()
        .find(|r| r.data_type == data_type)
        .unwrap_or_else(|| panic!("no row {data_type}: {:#?}", c.rows));
    row.cells.iter().map(|cell| cell.state).collect()
}

#[test]
fn each_cell_says_collected_shared_negated_mentioned_or_not_mentioned() {
    let c = matrix(None);
    assert_eq!(c.apps.len(), 2);
    assert_eq!(
        states(&c, "手机号码"),
        [CellState::Collected, CellState::Collected]
    );
    assert_eq!(
        states(&c, "精准定位信息"),
        [CellState::CollectedShared, CellState::NotMentioned]
    );
    assert_eq!(states(&c, "指纹")[0], CellState::Negated);
    assert_eq!(
        states(&c, "电子邮箱"),
        [CellState::NotMentioned, CellState::Collected]
    );
    assert_eq!(states(&c, "身份证号码")[1], CellState::Mentioned);
    let shared = &c
        .rows
        .iter()
        .find(|r| r.data_type == "精准定位信息")
        .unwrap()
        .cells[0];
    assert!(
        shared.receivers.iter().any(|r| r.contains("高德")),
        "{shared:?}"
    );
    assert!(shared.evidence.is_some());
    // Totals and the chart's bars count what each app takes.
    assert_eq!(c.apps[0].taken, 2, "{:#?}", c.apps);
    assert_eq!(c.apps[0].sensitive_taken, 1);
    assert_eq!(c.apps[0].shared, 1);
    assert_eq!(c.apps[0].negated, 1);
    assert_eq!(c.apps[1].taken, 2);
    assert_eq!(c.apps[0].by_category.iter().sum::<usize>(), 2);
    assert_eq!(c.categories.len(), c.apps[0].by_category.len());
}

#[test]
fn a_category_limits_the_rows() {
    let all = matrix(None);
    let category = all
        .rows
        .iter()
        .find(|r| r.data_type == "手机号码")
        .unwrap()
        .category
        .clone();
    let some = matrix(Some(&category));
    assert!(some.rows.iter().all(|r| r.category == category));
    assert!(some.rows.len() < all.rows.len());
}

#[test]
fn every_format_writes_the_matrix_and_html_fetches_nothing() {
    let c = matrix(None);
    let csv = render(&c, CompareFormat::Csv);
    let header = csv.lines().next().unwrap();
    assert_eq!(header, "类别,信息类型,敏感,甲,乙");
    assert_eq!(csv.lines().count(), c.rows.len() + 1);
    assert!(csv.contains("手机号码,否,收集,收集"), "{csv}");
    let md = render(&c, CompareFormat::Markdown);
    assert!(md.contains("| 类别 | 信息类型 | 甲 | 乙 |"), "{md}");
    let html = render(&c, CompareFormat::Html);
    assert!(html.contains("<svg") && html.contains("position:sticky"));
    assert!(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"));
    let text = render(&c, CompareFormat::Text);
    assert!(text.contains("手机号码"));
    let json: serde_json::Value = serde_json::from_str(&render(&c, CompareFormat::Json)).unwrap();
    assert_eq!(json["apps"][0]["app"], "甲");
    assert!("xml".parse::<CompareFormat>().is_err());
}
