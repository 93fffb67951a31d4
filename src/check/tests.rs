//! Each rule on a short policy that satisfies it and one that breaks it (or says nothing).
use std::path::Path;

use super::*;
use crate::parse::{parse_bytes, ParseOptions};

/// The check of the Markdown policy `text`.
fn report_of(text: &str) -> CheckReport {
    report_as(text, None)
}

/// The check of the Markdown policy `text` as an app of type `app_type`.
fn report_as(text: &str, app_type: Option<&str>) -> CheckReport {
    let policy = parse_bytes(
        Path::new("policy.md"),
        text.as_bytes(),
        &ParseOptions::default(),
    )
    .unwrap();
    let extraction = crate::extract::extract(&policy);
    check_as(
        &Analysed {
            policy: &policy,
            extraction: &extraction,
        },
        Lexicon::builtin(),
        app_type.map(|t| self::app_type(t).unwrap()),
    )
}

/// Rule C26's finding on `text` read as an app of type `app_type`.
fn c26(text: &str, app_type: Option<&str>) -> Finding {
    report_as(text, app_type)
        .findings
        .into_iter()
        .find(|f| f.rule_id == "C26")
        .unwrap()
}

/// The verdict of rule `id` on the Markdown policy `text`.
fn verdict(id: &str, text: &str) -> (Verdict, Finding) {
    let f = report_of(text)
        .findings
        .into_iter()
        .find(|f| f.rule_id == id)
        .unwrap_or_else(|| panic!("no rule {id}"));
    (f.verdict, f)
}

fn assert_verdict(id: &str, text: &str, expected: Verdict) {
    let (v, f) = verdict(id, text);
    assert_eq!(v, expected, "{id} on {text:?}: {f:#?}");
    if v == Verdict::NotMentioned {
        assert!(
            !f.searched.is_empty(),
            "{id}: where was it searched? {f:#?}"
        );
    }
    if matches!(v, Verdict::MayNotComply) {
        assert!(
            !f.evidence.is_empty() || !f.searched.is_empty(),
            "{id}: a breach cites its clause or where it looked: {f:#?}"
        );
    }
}

const HEAD: &str = "# 示例应用隐私政策\n\n更新日期：2023年5月1日\n\n";

#[test]
fn the_rules_file_has_at_least_twenty_five_rules_each_with_a_known_check() {
    assert!(rules().len() >= 25, "{} rules", rules().len());
    for r in rules() {
        assert!(rules::CHECKS.contains(&r.check.as_str()), "{r:?}");
        assert!(!r.text.is_empty() && !r.source.is_empty(), "{r:?}");
    }
    assert!(rules::parse("X\thigh\t规则\t来源\tno_such_check\t\n").is_err());
    assert!(rules::parse("X\tsevere\t规则\t来源\twords\ta\n").is_err());
    assert!(rules::parse("X\thigh\t规则\t来源\ttopic\tno_such_topic\n").is_err());
}

#[test]
fn c01_every_collected_type_has_a_purpose() {
    assert_verdict(
        "C01",
        &format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C01",
        &format!("{HEAD}我们会收集您的手机号码、设备型号和位置信息。\n"),
        Verdict::MayNotComply,
    );
}

#[test]
fn c02_receivers_are_named_or_sharing_refused() {
    assert_verdict(
        "C02",
        &format!(
            "{HEAD}为实现支付功能，我们会将您的订单信息共享给支付宝（中国）网络技术有限公司。\n"
        ),
        Verdict::Complies,
    );
    assert_verdict(
        "C02",
        &format!("{HEAD}我们不会与任何公司、组织和个人共享您的个人信息。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C02",
        &format!("{HEAD}我们可能会共享您的个人信息，以提供更好的服务。\n"),
        Verdict::MayNotComply,
    );
    assert_verdict(
        "C02",
        &format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n"),
        Verdict::NotMentioned,
    );
}

#[test]
fn c03_sdks_mentioned_are_listed() {
    assert_verdict(
        "C03",
        &format!("{HEAD}为向您推送消息，我们集成了极光推送SDK，该SDK需要获取您的设备标识符，用于推送消息。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C03",
        &format!("{HEAD}我们的产品会接入第三方SDK以实现相关功能。\n"),
        Verdict::MayNotComply,
    );
}

#[test]
fn c04_personalization_says_how_to_turn_it_off() {
    assert_verdict(
        "C04",
        &format!("{HEAD}我们会根据您的浏览记录向您提供个性化推荐。您可以在“设置-隐私”中关闭个性化推荐。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C04",
        &format!("{HEAD}我们会根据您的浏览记录向您提供个性化推荐。\n"),
        Verdict::MayNotComply,
    );
}

#[test]
fn c05_to_c08_the_users_ways_are_stated() {
    let ways = format!(
        "{HEAD}## 您的权利\n\n您可以在“我的-设置”中查询、更正和删除您的个人信息。\n\n\
         您可以在“设置-账号与安全-注销账号”中申请注销账号，我们将在15个工作日内处理。\n\n\
         您可以在“设置-隐私-权限管理”中撤回您的授权同意。\n\n\
         ## 联系我们\n\n如您有投诉或举报，请发送邮件至 privacy@example.com 与我们联系。\n"
    );
    for id in ["C05", "C06", "C07", "C08"] {
        assert_verdict(id, &ways, Verdict::Complies);
    }
    let silent = format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n");
    for id in ["C05", "C06", "C07", "C08"] {
        assert_verdict(id, &silent, Verdict::NotMentioned);
    }
}

#[test]
fn c09_retention_has_a_period() {
    assert_verdict(
        "C09",
        &format!("{HEAD}## 存储\n\n我们仅在实现目的所必需的最短期限内保存您的个人信息，超出期限后删除或匿名化处理。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C09",
        &format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n"),
        Verdict::NotMentioned,
    );
}

#[test]
fn c10_sensitive_clauses_are_marked() {
    assert_verdict(
        "C10",
        &format!("{HEAD}**为完成实名认证，我们会收集您的身份证号码和人脸信息。**\n\n当您注册账号时，我们会收集您的手机号码，用于注册登录。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C10",
        &format!("{HEAD}为完成实名认证，我们会收集您的身份证号码和人脸信息。\n\n**请您仔细阅读本政策。**\n"),
        Verdict::MayNotComply,
    );
    // A file that can show no bold at all cannot tell.
    assert_verdict(
        "C10",
        &format!("{HEAD}为完成实名认证，我们会收集您的身份证号码和人脸信息。\n"),
        Verdict::NeedsReview,
    );
}

#[test]
fn c11_sensitive_information_needs_separate_consent() {
    assert_verdict(
        "C11",
        &format!("{HEAD}为完成实名认证，我们会在取得您的单独同意后收集您的人脸信息。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C11",
        &format!("{HEAD}为完成实名认证，我们会收集您的人脸信息。\n"),
        Verdict::MayNotComply,
    );
}

#[test]
fn c12_to_c13_and_c16_to_c18_are_stated_in_some_clause() {
    let stated = format!(
        "{HEAD}我们不会主动收集不满十四周岁的儿童的个人信息。\n\n\
         我们在中华人民共和国境内收集的个人信息存储于境内。\n\n\
         我们采用加密技术保护您的个人信息。\n\n\
         发生个人信息安全事件后，我们将以推送通知的方式告知您。\n\n\
         本政策变更时，我们会以弹窗的方式通知您。\n"
    );
    for id in ["C12", "C13", "C16", "C17", "C18"] {
        assert_verdict(id, &stated, Verdict::Complies);
    }
    let silent = format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n");
    for id in ["C12", "C13", "C16", "C17", "C18"] {
        assert_verdict(id, &silent, Verdict::NotMentioned);
    }
}

#[test]
fn c14_dates_are_stated() {
    assert_verdict(
        "C14",
        &format!("{HEAD}我们会收集您的手机号码。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C14",
        "# 示例应用隐私政策\n\n我们会收集您的手机号码。\n",
        Verdict::NotMentioned,
    );
}

#[test]
fn c15_the_operator_and_its_contact_are_named() {
    assert_verdict(
        "C15",
        &format!("{HEAD}本政策适用于北京示例科技有限公司（以下简称“我们”）提供的产品。\n\n如有疑问，请通过邮箱 privacy@example.com 与我们联系。\n"),
        Verdict::Complies,
    );
    assert_verdict(
        "C15",
        &format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n"),
        Verdict::NotMentioned,
    );
}

#[test]
fn every_format_writes_every_finding_and_html_fetches_nothing() {
    let report = report_of(&format!(
        "{HEAD}我们会收集您的<script>手机号码</script>。\n"
    ));
    assert_eq!(report.findings.len(), rules().len());
    let c = report.counts;
    assert_eq!(
        c.complies + c.may_not_comply + c.not_mentioned + c.needs_review,
        rules().len()
    );
    for format in ["text", "json", "md", "html"] {
        let out = render(&report, format.parse().unwrap());
        for r in rules() {
            assert!(out.contains(&r.id), "{format} lacks {}", r.id);
        }
    }
    let html = render(&report, CheckFormat::Html);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("http"), "the page fetches nothing");
    assert!("xlsx".parse::<CheckFormat>().is_err());
}

#[test]
fn c19_to_c25_are_stated_in_some_clause() {
    let stated = format!(
        "{HEAD}我们会申请相机权限，用于扫码和拍摄头像。\n\n\
         您注销账号后，我们将删除您的个人信息或进行匿名化处理。\n\n\
         我们委托第三方处理您的个人信息时，会与其签署严格的保密协议。\n\n\
         我们不会公开披露您的个人信息，除非获得您的单独同意。\n\n\
         如发生合并、收购或破产清算，我们会要求新的持有您个人信息的公司继续受本政策约束。\n\n\
         您可以通过客服获取您的个人信息副本。\n\n\
         根据法律法规，以下情形中我们收集您的个人信息无需征得您的授权同意。\n"
    );
    for id in ["C19", "C20", "C21", "C22", "C23", "C24", "C25"] {
        assert_verdict(id, &stated, Verdict::Complies);
    }
    let silent = format!("{HEAD}当您注册账号时，我们会收集您的手机号码，用于注册登录。\n");
    for id in ["C19", "C20", "C21", "C22", "C23", "C24", "C25"] {
        assert_verdict(id, &silent, Verdict::NotMentioned);
    }
}

#[test]
fn c01_a_purpose_stated_in_the_paragraph_counts() {
    // The tagger ties no purpose to the list; the paragraph says what it is for.
    assert_verdict(
        "C01",
        &format!("{HEAD}为了保障您的账号安全，我们会收集以下信息：设备型号、操作系统版本。\n"),
        Verdict::Complies,
    );
}

#[test]
fn c04_what_you_may_be_interested_in_is_personalization() {
    assert_verdict(
        "C04",
        &format!("{HEAD}我们会根据您的浏览记录向您推荐您可能感兴趣的内容。\n"),
        Verdict::MayNotComply,
    );
}

#[test]
fn c11_separate_consent_of_a_transfer_abroad_is_not_that_of_sensitive_information() {
    assert_verdict(
        "C11",
        &format!(
            "{HEAD}为完成实名认证，我们会收集您的人脸信息。\n\n\
             如需向境外提供您的个人信息，我们会单独征得您的同意。\n"
        ),
        Verdict::MayNotComply,
    );
}

#[test]
fn c21_processing_on_our_instructions_is_entrusted_processing() {
    assert_verdict(
        "C21",
        &format!("{HEAD}我们会与供应商签署严格的保密协定，要求他们按照我们的说明处理个人信息。\n"),
        Verdict::Complies,
    );
}

#[test]
fn c24_copying_in_a_security_clause_is_not_a_copy_for_the_user() {
    assert_verdict(
        "C24",
        &format!("{HEAD}为防止您的个人信息被非法访问、复制、修改，我们采取了加密措施。\n"),
        Verdict::NotMentioned,
    );
}

#[test]
fn c26_what_the_basic_function_needs_is_read_against_the_app_type() {
    let within = format!("{HEAD}为实现定位和导航的基本功能，我们会收集您的精准定位信息。\n");
    let f = c26(&within, Some("地图导航类"));
    assert_eq!(f.verdict, Verdict::Complies, "{f:#?}");
    assert!(
        f.note.contains("地图导航类") && !f.note.contains("推测"),
        "{}",
        f.note
    );

    let beyond =
        format!("{HEAD}为实现定位和导航的基本功能，我们会收集您的位置信息、手机号码和通讯录。\n");
    let f = c26(&beyond, Some("地图导航类"));
    assert_eq!(f.verdict, Verdict::MayNotComply, "{f:#?}");
    let named = f.note.split("范围以外").nth(1).unwrap_or_default();
    assert!(
        named.contains("手机号码") && named.contains("通讯录"),
        "{}",
        f.note
    );
    assert!(!named.contains("位置信息"), "{}", f.note);
    assert!(!f.evidence.is_empty());

    // A type that needs nothing: any information the basic function takes is beyond it.
    let f = c26(
        &format!("{HEAD}为实现浏览新闻的基本功能，我们会收集您的手机号码。\n"),
        Some("新闻资讯"),
    );
    assert_eq!(f.verdict, Verdict::MayNotComply, "{f:#?}");

    // A list a basic-function clause introduces, and one a clause looks back on.
    let listed = format!(
        "{HEAD}## 一、收集的信息\n\n我们的基本业务功能包括：\n\n- 注册登录：我们会收集您的手机号码。\n- 添加好友：我们会收集您的通讯录。\n"
    );
    let f = c26(&listed, Some("网络社区类"));
    assert_eq!(f.verdict, Verdict::MayNotComply, "{f:#?}");
    let beyond = f.note.split("范围以外").nth(1).unwrap_or_default();
    assert!(
        beyond.contains("通讯录") && !beyond.contains("手机号码"),
        "{}",
        f.note
    );
    let back = format!(
        "{HEAD}## 一、收集的信息\n\n- 注册时我们会收集您的手机号码。\n\n这些信息是我们提供服务所需收集的基本信息。\n"
    );
    assert_eq!(c26(&back, Some("网络社区类")).verdict, Verdict::Complies);

    // Refusing leaves the basic function working: it needs none of it.
    let f = c26(
        &format!("{HEAD}如您拒绝提供位置信息，不会影响您使用本应用的基本功能。\n"),
        Some("新闻资讯类"),
    );
    assert_eq!(f.verdict, Verdict::Complies, "{f:#?}");

    // Silent, or a sharing clause that names necessary information.
    let silent = format!(
        "{HEAD}我们只会共享提供服务所必要的个人信息。\n\n当您注册账号时，我们会收集您的手机号码。\n"
    );
    let f = c26(&silent, Some("网络社区类"));
    assert_eq!(f.verdict, Verdict::NotMentioned, "{f:#?}");
    assert!(!f.searched.is_empty());
}

#[test]
fn c26_needs_the_app_type_given_or_told_by_the_name() {
    let text = "# 示例应用隐私政策\n\n为实现基本功能，我们会收集您的手机号码。\n";
    assert_eq!(c26(text, None).verdict, Verdict::NeedsReview);
    let r = report_of("# 美颜相机隐私政策\n\n为实现拍摄的基本功能，我们会收集您的手机号码。\n");
    assert_eq!(
        r.app_type,
        Some(AppTypeChoice {
            name: "拍摄美化类".into(),
            guessed: true
        })
    );
    let f = r.findings.iter().find(|f| f.rule_id == "C26").unwrap();
    assert_eq!(f.verdict, Verdict::MayNotComply, "{f:#?}");
    assert!(f.note.contains("推测"), "{}", f.note);
}

#[test]
fn a_clause_naming_several_items_is_cited_once() {
    let (v, f) = verdict(
        "C01",
        &format!("{HEAD}当您注册账号时，我们会收集您的手机号码、昵称和头像，用于注册登录。\n"),
    );
    assert_eq!(v, Verdict::Complies, "{f:#?}");
    assert_eq!(f.evidence.len(), 1, "{f:#?}");
}
