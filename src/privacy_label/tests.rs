//! The card on short policies: groups, optional types, receivers, the policy-wide lines, and
//! every format.
use std::path::Path;

use super::*;
use crate::parse::{parse_bytes, ParseOptions};

fn label_of(text: &str) -> PrivacyLabel {
    let policy = parse_bytes(
        Path::new("policy.md"),
        text.as_bytes(),
        &ParseOptions::default(),
    )
    .unwrap();
    let extraction = crate::extract::extract(&policy);
    privacy_label(
        &Analysed {
            policy: &policy,
            extraction: &extraction,
        },
        Lexicon::builtin(),
    )
}

fn item<'l>(label: &'l PrivacyLabel, name: &str) -> (LabelGroup, &'l LabelCategory, &'l LabelItem) {
    for s in &label.sections {
        for c in &s.categories {
            if let Some(i) = c.items.iter().find(|i| i.data_type == name) {
                return (s.group, c, i);
            }
        }
    }
    panic!("no {name} on {label:#?}")
}

const POLICY: &str = "# 示例应用隐私政策\n\n更新日期：2023年5月1日\n\n\
    ## 一、我们如何收集和使用个人信息\n\n\
    我们会收集您的手机号码，用于注册登录。\n\n\
    当您注册账号时，您必须向我们提供昵称，用于注册登录。\n\n\
    如您使用附近的人功能，我们会收集您的精准定位信息，用于位置服务。\n\n\
    我们会收集您的浏览记录，用于个性化推荐。\n\n\
    ## 二、共享\n\n\
    为实现消息推送，我们会将您的设备标识符共享给极光推送SDK。\n\n\
    ## 三、存储\n\n\
    我们仅在实现目的所必需的最短期限内保存您的个人信息。\n";

#[test]
fn a_storage_permission_is_no_retention_period() {
    // Regression: 「…收集您的相机权限、存储权限」 was the card's 保存期限.
    let label = label_of(
        "# 示例应用隐私政策\n\n## 一、我们如何收集和使用个人信息\n\n\
         我们会收集您的手机号码，用于注册登录。\n\n\
         为向您提供扫码服务，我们会申请您的相机权限、存储权限。\n",
    );
    let retention = label.lines.iter().find(|l| l.label == "保存期限").unwrap();
    assert!(!retention.stated, "{retention:#?}");
    let label = label_of(POLICY);
    let retention = label.lines.iter().find(|l| l.label == "保存期限").unwrap();
    assert!(retention.text.contains("最短期限"), "{retention:#?}");
}

#[test]
fn closing_the_account_is_offered_only_by_a_clause_that_says_how() {
    // Regression: 「4.如果您不再使用我们的产品或服务，或您注销了账号。」 (a case in which data
    // are deleted) was the card's 注销账号.
    let head = "# 示例应用隐私政策\n\n## 一、我们如何收集和使用个人信息\n\n\
                我们会收集您的手机号码，用于注册登录。\n\n\
                ## 二、您的权利\n\n在以下情形中，我们将删除您的个人信息：\n\n\
                1.如果您不再使用我们的产品或服务，或您注销了账号。\n";
    let closing = |text: &str| {
        let label = label_of(text);
        label
            .lines
            .iter()
            .find(|l| l.label == "注销账号")
            .unwrap()
            .clone()
    };
    assert!(!closing(head).stated, "{:#?}", closing(head));
    let offered = closing(&format!(
        "{head}\n您可以在“设置-账号与安全-注销账号”中申请注销账号，我们将在15个工作日内完成。\n"
    ));
    assert!(
        offered.stated && offered.text.contains("申请注销"),
        "{offered:#?}"
    );
}

#[test]
fn permissions_are_listed_apart_from_information() {
    // Regression: the card listed permissions (蓝牙权限) among a category's 信息, and counted
    // them as information.
    let label = label_of(
        "# 示例应用隐私政策\n\n## 一、我们如何收集和使用个人信息\n\n\
         我们会收集您的手机号码，用于注册登录。\n\n\
         为了保证您能够正常使用本客户端，我们会在您授权后获取WiFi状态、访问网络权限。\n",
    );
    let (group, _, network) = item(&label, "网络权限");
    assert_eq!(group, LabelGroup::Permission);
    assert!(network
        .evidence
        .as_ref()
        .unwrap()
        .clause
        .contains("网络权限"));
    assert_eq!(item(&label, "手机号码").0, LabelGroup::Other);
    assert_eq!(item(&label, "WiFi信息").0, LabelGroup::Other);
    assert_eq!((label.collected, label.permissions), (2, 1), "{label:#?}");
    let text = render(&label, LabelFormat::Text);
    assert!(text.contains("收集 2 类信息、申请 1 项系统权限"), "{text}");
    assert!(text.contains("■ 申请的系统权限"), "{text}");
    assert!(text.contains("    权限：网络权限"), "{text}");
    assert!(!text.contains("信息：网络权限"), "{text}");
    let markdown = render(&label, LabelFormat::Markdown);
    assert!(
        markdown.contains("| 类别 | 权限 | 用途 | 提供给 |"),
        "{markdown}"
    );
}

#[test]
fn groups_optional_types_and_receivers_are_read_from_the_policy() {
    let label = label_of(POLICY);
    let (group, _, phone) = item(&label, "手机号码");
    assert_eq!(group, LabelGroup::Other);
    assert!(!phone.optional, "collected without a condition");
    assert!(phone.purposes.contains(&"注册登录".to_string()));
    assert!(phone.evidence.as_ref().unwrap().clause.contains("手机号码"));
    let (_, _, nickname) = item(&label, "昵称");
    assert!(
        !nickname.optional,
        "the clause says it must be given: {nickname:#?}"
    );

    let (_, _, location) = item(&label, "精准定位信息");
    assert!(
        location.optional,
        "only when the feature is used: {location:#?}"
    );
    assert!(location.sensitive);

    let (group, _, browsing) = item(&label, "浏览记录");
    assert_eq!(group, LabelGroup::Tracking);
    assert!(browsing.purposes.contains(&"个性化推荐".to_string()));

    // 精准定位信息 and 浏览记录 (GB/T 35273-2020 附录B).
    assert_eq!(label.sensitive, 2, "{label:#?}");
    let retention = label.lines.iter().find(|l| l.label == "保存期限").unwrap();
    assert!(
        retention.stated && retention.text.contains("最短期限"),
        "{retention:#?}"
    );
    let closing = label.lines.iter().find(|l| l.label == "注销账号").unwrap();
    assert_eq!(closing.text, "未说明");
    assert!(closing.evidence.is_none());
}

#[test]
fn a_type_the_policy_anonymises_is_not_linked() {
    let label = label_of(
        "# 示例应用隐私政策\n\n我们会收集您的设备型号，并对其进行去标识化处理，用于产品改进与统计分析。\n",
    );
    let (group, _, _) = item(&label, "设备型号");
    assert_eq!(group, LabelGroup::NotLinked);
}

#[test]
fn a_policy_collecting_nothing_has_an_empty_card_that_says_so() {
    let label = label_of("# 示例应用隐私政策\n\n本应用不需要任何权限。\n");
    assert!(label.sections.is_empty());
    assert!(label.lines.iter().all(|l| !l.stated), "{label:#?}");
    for format in ["text", "md", "svg", "json"] {
        assert!(!render(&label, format.parse().unwrap()).is_empty());
    }
    assert!(render(&label, LabelFormat::Markdown).contains("没有读到收集个人信息"));
}

#[test]
fn the_svg_is_self_contained_balanced_and_escapes_policy_text() {
    let label = label_of(&POLICY.replace("浏览记录", "浏览记录<script>"));
    let svg = render(&label, LabelFormat::Svg);
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
    assert!(!svg.contains("<script"), "policy text is escaped");
    assert_eq!(
        svg.matches("<text ").count(),
        svg.matches("</text>").count()
    );
    assert!(!svg.contains("href"), "no link or external resource");
    for line in svg.lines().filter(|l| l.starts_with("<text ")) {
        // No line is wider than the card: wrapped by the characters' widths.
        let text = &line[line.find('>').unwrap() + 1..line.rfind("</text>").unwrap()];
        let x: f64 = line
            .split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let size: f64 = line
            .split("font-size=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let unescaped = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        assert!(
            x + render::text_width_for_tests(&unescaped, size) <= 720.0 - 24.0 + 0.01,
            "{line}"
        );
    }
    let md = render(&label, LabelFormat::Markdown);
    assert!(
        md.contains("| 个人上网记录 |") || md.contains("浏览记录"),
        "{md}"
    );
    assert!(md.contains("**保存期限**"));
    assert!("png".parse::<LabelFormat>().is_err());
}
