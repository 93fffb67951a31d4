//! Extraction on the gold excerpt (a ratchet) and on the bundled policies; ask.
use policylens::ask::{ask, parse_question, ActionFilter, Analysed, Answer, AskError, Question};
use policylens::eval::evaluate_annotated_file;
use policylens::extract::{extract, Label, Modality};

use crate::util::*;

/// Overlap F1 on the whole gold excerpt must not fall below what the trained extractor reaches
/// (raise these when it improves). The hand-written rules, fitted to this very excerpt, scored
/// higher here (data 0.85, purpose 0.68, condition 0.63, before they were retired); the model,
/// trained on CA4P's conventions, scores far higher on policies it was not fitted to (see
/// `annotated_valid_fold_scores_do_not_regress`). Lowered once, knowingly: the cost on `O` and
/// well-formed decoding (`labeller::O_PENALTY`) raised micro exact F1 on the 5,861 `valid` spans
/// from 0.515 to 0.533 and tag three or four more spans of this 125-span excerpt than its
/// annotator marked (data 0.806 → 0.778, action 0.724 → 0.672, handler 0.571 → 0.552).
/// Lowered twice, knowingly: the second pass over the first pass's tags (stacking,
/// `labeller::tag_clause`) raised `valid` micro exact F1 from 0.533 to 0.552 and overlap from
/// 0.689 to 0.712, and tags 176 spans of this excerpt where the first pass tagged 164 (whole
/// text: data 0.778 → 0.769, action 0.672 → 0.642, action exact 0.605 → 0.583, purpose
/// 0.500 → 0.480; handler 0.552 → 0.588, and in the annotated paragraphs data 0.857 → 0.875).
#[test]
fn gold_excerpt_scores_do_not_regress() {
    let evaluation = evaluate_annotated_file(&fixture("kuaishou-annotated.txt")).unwrap();
    let floors = [
        ("data", 0.76),
        ("action", 0.64),
        ("handler", 0.58),
        ("purpose", 0.47),
    ];
    for (label, floor) in floors {
        let f1 = evaluation.whole_text.get(label).unwrap().overlap.f1;
        assert!(
            f1 >= floor,
            "{label}: overlap F1 {f1:.3} < {floor}\n{evaluation}"
        );
    }
    let data = evaluation.annotated_paragraphs.get("data").unwrap();
    assert!(data.overlap.f1 >= 0.85, "{evaluation}");
    assert!(data.exact.f1 >= 0.71, "{evaluation}");
    let action = evaluation.whole_text.get("action").unwrap();
    assert!(action.exact.f1 >= 0.58, "{evaluation}");
}

/// The annotated `valid` fold of CA4P (`../shared/ca4p-dev/`, never trained on): micro and
/// per-label F1 must not fall below what the shipped model reaches (a ratchet: raise the floors
/// when it improves). Skipped, with a note, where the corpus is not present. One floor was
/// lowered, knowingly: the second pass (micro exact 0.533 → 0.552, overlap 0.689 → 0.712) moved
/// `data` exact from 0.516 to 0.505 while its overlap rose from 0.727 to 0.736.
#[test]
fn annotated_valid_fold_scores_do_not_regress() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/ca4p-dev/policies.jsonl");
    if !corpus.exists() {
        eprintln!("skipped: {} is not here", corpus.display());
        return;
    }
    let policies = policylens::corpus::read(&corpus, "valid").unwrap();
    assert_eq!(policies.len(), 73);
    let (report, _) =
        policylens::eval::score_corpus(&policies, policylens::extract::Extractor::builtin())
            .unwrap();
    let floors = [
        ("micro", 0.55, 0.71),
        ("data", 0.50, 0.73),
        ("collect", 0.71, 0.73),
        ("share", 0.65, 0.71),
        ("handler", 0.71, 0.73),
        ("condition", 0.34, 0.64),
        ("subject", 0.48, 0.68),
        ("purpose", 0.33, 0.64),
    ];
    for (label, exact, overlap) in floors {
        let row = report.get(label).unwrap();
        assert!(
            row.exact.f1 >= exact && row.overlap.f1 >= overlap,
            "{label}: exact {:.3} (floor {exact}), overlap {:.3} (floor {overlap})\n{report}",
            row.exact.f1,
            row.overlap.f1
        );
    }
}

#[test]
fn spans_slice_the_original_text() {
    for p in bundled() {
        let x = extract(&p);
        assert!(!x.spans.is_empty(), "{}", p.source.path);
        for s in &x.spans {
            let t = p.slice(s.span);
            assert!(
                !t.trim().is_empty(),
                "{}: empty {:?}",
                p.source.path,
                s.label
            );
        }
        for pr in &x.practices {
            assert!(pr.data.iter().all(|&i| x.spans[i].label == Label::Data));
        }
    }
}

#[test]
fn kangxi_text_is_matched_but_reported_in_original_form() {
    let p = parse(&policies().join("kuaishou.txt"));
    let x = extract(&p);
    // `个⼈上⽹记录` (Kangxi) is found as 个人上网记录, and its span slices the original.
    let s = x
        .spans
        .iter()
        .find(|s| s.data_type.as_deref() == Some("个人上网记录"))
        .expect("个人上网记录 extracted");
    assert_eq!(p.slice(s.span), "个⼈上⽹记录");
}

/// The data of a policy's practices, as `(action, modality, data wording)`: the policy is
/// `body` under a collection heading, as a user would save it.
fn practices_in(body: &str) -> Vec<(Label, Modality, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(
        &path,
        format!("示例隐私政策\n\n一、我们如何收集和使用您的个人信息\n\n{body}\n"),
    )
    .unwrap();
    let p = parse(&path);
    let x = extract(&p);
    x.practices
        .iter()
        .flat_map(|pr| {
            pr.data
                .iter()
                .map(|&d| (pr.action, pr.modality, p.slice(x.spans[d].span).to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether any practice that is not negated collects or shares data worded with `word`.
fn affirmed(practices: &[(Label, Modality, String)], word: &str) -> bool {
    practices
        .iter()
        .any(|(_, m, d)| *m != Modality::Negated && d.contains(word))
}

#[test]
fn negated_collection_is_not_a_practice() {
    let ps = practices_in("我们不会收集您的通讯录信息。我们会收集您的手机号码，用于注册登录。");
    assert!(affirmed(&ps, "手机号码"), "{ps:?}");
    assert!(!affirmed(&ps, "通讯录"), "{ps:?}");
}

#[test]
fn fingerprint_is_not_collected_when_only_the_verification_result_is_received() {
    let ps =
        practices_in("当您使用指纹或面容登录时，我行仅接收验证结果，并不收集您的指纹/面容信息。");
    assert!(!affirmed(&ps, "指纹"), "{ps:?}");
}

#[test]
fn location_not_combined_into_a_track_is_not_collected() {
    let ps = practices_in(
        "我们会收集您的位置信息，用于向您推荐附近的服务，但不会将您各时段的位置信息进行结合以判断您的行踪轨迹。",
    );
    assert!(!affirmed(&ps, "行踪轨迹"), "{ps:?}");
}

#[test]
fn an_sdk_that_does_not_obtain_information_collects_nothing() {
    let ps = practices_in("该SDK不获取您的个人信息。");
    assert!(ps.iter().all(|(_, m, _)| *m == Modality::Negated), "{ps:?}");
}

#[test]
fn a_definition_of_sensitive_information_is_not_a_collection() {
    let ps = practices_in(
        "个人敏感信息：指一旦泄露、非法提供或滥用可能危害人身和财产安全的个人信息，包括身份证件号码、个人生物识别信息、银行账户、通信记录和内容、财产信息、征信信息、行踪轨迹、住宿信息、健康生理信息、交易信息、14岁以下（含）儿童信息等。",
    );
    assert!(!affirmed(&ps, "生物识别"), "{ps:?}");
    assert!(!affirmed(&ps, "儿童"), "{ps:?}");
}

#[test]
fn what_the_user_fills_in_or_creates_is_collected() {
    let ps = practices_in(
        "在您下单时，您需要在订单中至少填写您的收货人姓名、收货地址以及手机号码。成为司机前，您必须向我们提供姓名、身份证、驾驶证、行驶证、银行卡信息。",
    );
    for word in ["收货人姓名", "驾驶证"] {
        assert!(
            ps.iter().any(|(a, m, d)| *a == Label::Collect
                && *m != Modality::Negated
                && d.contains(word)),
            "{word}: {ps:?}"
        );
    }
}

/// 和路宝: the labeller marked 「和路宝…收集」 and not what it collects.
#[test]
fn the_data_word_a_marked_verb_takes_is_its_data() {
    let ps = practices_in(
        "（1）在您使用和路宝警方视频拍、曝光台、拍客、本地举报、上传头像、添加车辆功能时，和路宝需要收集您的照片并进行必要的处理，您可以选择是否调取拍摄功能来进行拍照；",
    );
    assert!(
        ps.iter()
            .any(|(a, m, d)| *a == Label::Collect && *m != Modality::Negated && d.contains("照片")),
        "{ps:?}"
    );
}

#[test]
#[ignore = "known miss: the model does not read 创建 as the user providing 密码 (too rare in CA4P's training fold)"]
fn a_password_the_user_creates_is_collected() {
    let ps = practices_in("注册时，您需要提供手机号码并创建密码。");
    assert!(
        ps.iter()
            .any(|(a, m, d)| *a == Label::Collect && *m != Modality::Negated && d.contains("密码")),
        "{ps:?}"
    );
}

/// The lexicon matches data words only where jieba agrees they are words, and not its
/// ambiguous short forms.
#[test]
fn lexicon_words_inside_other_words_are_not_data() {
    for (text, wrong) in [
        ("我们会收集您设备的MAC信息地址。", "通信地址"),
        ("您可以在设置中注销通行证。", "港澳台通行证"),
        ("我们会收集配送联系人的电话。", "通讯录"),
        ("我们会收集您接入网络的方式、类型。", "银行卡号"),
        ("我们会保存和处理您的信息。", "硬件配置"),
        ("阿里芝麻信用实名认证SDK会收集您的姓名。", "征信信息"),
        // The hotels an app lists are no record of where the user stayed (直订, crawl).
        (
            "获取用户位置信息是为了提供给用户当前附近的酒店信息。",
            "住宿信息",
        ),
        // Where a court sits is no location of the user's (美柚, crawl: 法律合规 was a use of
        // the location).
        (
            "协商不成的，任一方均有权将争议提交美柚所在地有管辖权的人民法院诉讼解决。",
            "粗略位置",
        ),
        // A licence one sits an exam for is no document the app holds (元贝驾考, crawl).
        ("包括针对性使用您要选择参与驾照考试的题库类型。", "驾驶证"),
        // A notification's sound is no voice (美柚, crawl).
        (
            "通知权限包括横幅、声音和标记，如您开启相应通知授权，我们可以将相关信息推送给您。",
            "语音信息",
        ),
        // `非` names what it is not (高清动态壁纸, crawl: web beacons collected 实名信息).
        ("beacon可能会收集与您相关的非个人身份信息。", "实名信息"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.txt");
        std::fs::write(&path, format!("隐私政策\n\n{text}\n")).unwrap();
        let p = parse(&path);
        let x = extract(&p);
        let types: Vec<&str> = x
            .mentions
            .iter()
            .filter_map(|m| m.data_type.as_deref())
            .collect();
        assert!(!types.contains(&wrong), "{text}: {types:?}");
    }
}

fn answer(q: &Question) -> Result<Answer, AskError> {
    let ps = bundled();
    let xs: Vec<_> = ps.iter().map(extract).collect();
    let analysed: Vec<Analysed> = ps
        .iter()
        .zip(&xs)
        .map(|(policy, extraction)| Analysed { policy, extraction })
        .collect();
    ask(q, &analysed, policylens::lexicon::Lexicon::builtin())
}

#[test]
fn what_an_app_collects_is_answered_for_every_purpose_and_for_sensitive_information_alone() {
    // Refused before as "ask about a purpose or a data type".
    let apps: Vec<String> = bundled().into_iter().filter_map(|p| p.app).collect();
    let lexicon = policylens::lexicon::Lexicon::builtin();
    let every = parse_question("快手会收集我的哪些信息", &apps, lexicon);
    let sensitive = parse_question("快手收集哪些敏感个人信息", &apps, lexicon);
    assert!(sensitive.sensitive_only && !every.sensitive_only);
    let items = |q: &Question| {
        let Answer::ByPurpose(a) = answer(q).unwrap() else {
            panic!("expected a list of data")
        };
        assert_eq!(a.purpose, policylens::ask::EVERY_PURPOSE);
        a.items
    };
    // Words that open a question but name no app do not stop a question about one app's
    // policies from being answered.
    let opening = parse_question("请问会收集哪些敏感个人信息", &apps, lexicon);
    assert_eq!(opening.app.as_deref(), Some("请问"));
    let policy = parse(&policies().join("kuaishou.txt"));
    let extraction = extract(&policy);
    let one = [Analysed {
        policy: &policy,
        extraction: &extraction,
    }];
    let Answer::ByPurpose(a) = ask(&opening, &one, lexicon).unwrap() else {
        panic!("expected a list of data")
    };
    assert_eq!(a.app, "快手");
    let (every, sensitive) = (items(&every), items(&sensitive));
    assert!(every.len() > sensitive.len() && sensitive.len() >= 3);
    assert!(sensitive
        .iter()
        .all(|i| i.sensitive && !i.evidence.is_empty()));
    assert!(every.iter().any(|i| i.data_type == "位置信息"), "{every:?}");
    // Sensitive items come first, each with the clause that says so.
    let first_plain = every.iter().position(|i| !i.sensitive).unwrap();
    assert!(every[first_plain..].iter().all(|i| !i.sensitive));
}

#[test]
fn yes_no_questions_answer_yes_no_or_not_mentioned_with_the_clause() {
    use policylens::ask::Verdict;
    let apps: Vec<String> = bundled().into_iter().filter_map(|p| p.app).collect();
    let lexicon = policylens::lexicon::Lexicon::builtin();
    let verdict = |q: &str| {
        let question = parse_question(q, &apps, lexicon);
        assert!(question.yes_no, "{q}");
        let Answer::ByData(a) = answer(&question).unwrap() else {
            panic!("{q}: expected a data answer")
        };
        let yes_no = a.yes_no.expect("a verdict");
        (yes_no.verdict, yes_no.evidence)
    };
    let (v, e) = verdict("快手会收集我的位置信息吗？");
    assert_eq!(v, Verdict::Yes);
    assert!(!e.is_empty());
    // 「仅接收设备所提供的验证结果，不收集或存储您的指纹、面容信息」: a definite no, cited.
    let (v, e) = verdict("快手会收集我的指纹吗");
    assert_eq!(v, Verdict::No);
    assert!(e[0].clause.contains("不收集"), "{:?}", e[0].clause);
    let (v, e) = verdict("花间是否会收集我的指纹");
    assert_eq!((v, e.len()), (Verdict::NotMentioned, 0));
    // A policy that says it shares with no one: no, with that sentence.
    let policy = parse(&fixture("no-sharing.txt"));
    let extraction = extract(&policy);
    let one = [Analysed {
        policy: &policy,
        extraction: &extraction,
    }];
    let q = parse_question("会把我的手机号码共享给第三方吗", &[], lexicon);
    let Answer::ByData(a) = ask(&q, &one, lexicon).unwrap() else {
        panic!("expected a data answer")
    };
    let yes_no = a.yes_no.unwrap();
    assert_eq!(yes_no.verdict, Verdict::No);
    assert!(yes_no.evidence[0].clause.contains("不会与任何公司"));
    // Not a yes/no question: no verdict.
    assert!(!parse_question("快手会收集什么", &apps, lexicon).yes_no);
}

#[test]
fn kuaishou_personalised_recommendation_cites_device_location_and_browsing() {
    let q = Question {
        app: Some("快手".into()),
        purpose: Some("个性化推荐".into()),
        ..Default::default()
    };
    let Answer::ByPurpose(a) = answer(&q).unwrap() else {
        panic!("expected a purpose answer")
    };
    let types: Vec<&str> = a.items.iter().map(|i| i.data_type.as_str()).collect();
    for needed in ["设备信息", "位置信息", "个人上网记录"] {
        assert!(types.contains(&needed), "{needed} missing from {types:?}");
    }
    let location = a.items.iter().find(|i| i.data_type == "位置信息").unwrap();
    assert!(location.sensitive && location.reason.is_some());
    let e = &location.evidence[0];
    assert!(e.section.contains("个性化推荐"), "{}", e.section);
    assert!(e.clause_span.contains(e.item_span));
}

#[test]
fn huajian_real_name_verification_flags_id_and_face_as_sensitive() {
    let ps = bundled();
    let known: Vec<String> = ps.iter().filter_map(|p| p.app.clone()).collect();
    let q = parse_question(
        "花间为了实名认证会收集哪些信息？",
        &known,
        policylens::lexicon::Lexicon::builtin(),
    );
    assert_eq!(q.app.as_deref(), Some("花间"));
    assert_eq!(q.purpose.as_deref(), Some("实名认证"));
    let Answer::ByPurpose(a) = answer(&q).unwrap() else {
        panic!("expected a purpose answer")
    };
    let face = a
        .items
        .iter()
        .find(|i| i.data_type == "人脸信息")
        .unwrap_or_else(|| {
            let names: Vec<&str> = a.items.iter().map(|i| i.data_type.as_str()).collect();
            panic!("no 人脸信息 among {names:?}")
        });
    assert!(face.sensitive);
    let id = a
        .items
        .iter()
        .find(|i| i.data_type.contains("身份证"))
        .expect("ID card");
    assert!(id.sensitive);
}

#[test]
fn sharing_question_lists_receivers() {
    let ps = bundled();
    let known: Vec<String> = ps.iter().filter_map(|p| p.app.clone()).collect();
    let q = parse_question(
        "花间会把我的位置信息共享给谁",
        &known,
        policylens::lexicon::Lexicon::builtin(),
    );
    assert_eq!(q.action, ActionFilter::Share);
    assert_eq!(q.data.as_deref(), Some("位置信息"));
    let Answer::ByData(a) = answer(&q).unwrap() else {
        panic!("expected a data answer")
    };
    assert!(
        a.receivers
            .iter()
            .any(|r| r.name.contains("位置服务提供商")),
        "{a:#?}"
    );
}

#[test]
fn unknown_app_or_purpose_lists_the_known_ones() {
    let err = answer(&Question {
        app: Some("抖音".into()),
        purpose: Some("个性化推荐".into()),
        ..Default::default()
    })
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("抖音") && msg.contains("快手小店") && msg.contains("花间"),
        "{msg}"
    );
    let err = answer(&Question {
        app: Some("快手".into()),
        purpose: Some("量子纠缠".into()),
        ..Default::default()
    })
    .unwrap_err();
    assert!(matches!(err, AskError::UnknownPurpose { .. }), "{err}");
    assert!(err.to_string().contains("个性化推荐"));
}

/// A purpose asked in the policy's own words is answered by the clauses that state those words,
/// not by everything its broader canonical purpose (基本功能实现) covers elsewhere.
#[test]
fn a_purpose_in_the_policys_own_words_is_answered_by_the_clauses_stating_it() {
    let phrase = "保障产品基础功能及服务能够正常运行";
    let Answer::ByPurpose(a) = answer(&Question {
        app: Some("花间".into()),
        purpose: Some(phrase.into()),
        ..Default::default()
    })
    .unwrap() else {
        panic!("expected a purpose answer")
    };
    assert!(a.items.iter().any(|i| i.data_type == "IMEI"), "{a:#?}");
    for item in &a.items {
        for e in &item.evidence {
            assert!(
                e.clause.contains(phrase),
                "{}: {}",
                item.data_type,
                e.clause
            );
        }
    }
}

/// Regression (ask_score refused 16 of 254 questions): words the policy states, in a clause
/// where no practice ties data to them, were refused as an unknown purpose. They are answered
/// (here: empty) — only words the policy never states are unknown.
#[test]
fn a_purpose_the_policy_states_without_a_practice_is_not_refused() {
    let text = "花间隐私政策\n我们会获得您使用服务的时间，方便您进行授权管理。\n";
    let ask_for = |purpose: &str| ask_text("花间.txt", text, purpose);
    assert!(ask_for("方便您进行授权管理").is_ok());
    assert!(matches!(
        ask_for("量子纠缠实验"),
        Err(AskError::UnknownPurpose { .. })
    ));
}

/// Regression (reader check on a crawl policy of a children's app): a bare `个人信息` in an answer
/// was typed 儿童个人信息 — a sensitive type — because that name contains it; and `上述` alone was
/// listed as a data item. A policy's phrase takes a type only by name or by the synonyms that
/// cover it, and a bare reference word is no item.
#[test]
fn a_bare_reference_or_generic_phrase_is_not_typed_by_a_longer_name() {
    let lexicon = policylens::lexicon::Lexicon::builtin();
    assert!(lexicon
        .data_type_named("个人信息")
        .is_none_or(|t| t.canonical != "儿童个人信息"));
    assert_eq!(
        lexicon
            .data_type_named("手机号")
            .map(|t| t.canonical.as_str()),
        Some("手机号码")
    );
    let text = "示例隐私政策\n为了向您推荐个性化内容，我们会收集上述、您的手机号码和个人信息。\n";
    let answer = ask_text("示例.txt", text, "向您推荐个性化内容").unwrap();
    let Answer::ByPurpose(a) = answer else {
        panic!("expected a purpose answer")
    };
    for item in &a.items {
        assert_ne!(item.data_type, "上述", "{a:#?}");
        assert_ne!(item.data_type, "儿童个人信息", "{a:#?}");
    }
}

/// Ask the question `make` builds of the one policy parsed from `text` (named `name`).
/// Regression (美柚, crawl): 「如果您使用购物、分享、提现、查看订单、激活微信、金币商城、我的红包
/// 功能，则需要注册/登录…我们将…收集以下个人信息」 — the features were read as data, and 提现 and
/// 金币商城 listed as collected sensitive financial information. A feature the app provides
/// may still be what collects the data it names.
#[test]
fn features_the_user_uses_are_not_data() {
    let practices = practices_in(
        "如果您使用购物、分享、提现、查看订单、激活微信、金币商城、我的红包功能，则需要注册/登录\
         客户端，我们将根据您注册/登录的方式，收集以下个人信息：手机号码。",
    );
    for feature in ["提现", "金币商城", "查看订单"] {
        assert!(!affirmed(&practices, feature), "{feature}: {practices:?}");
    }
}

fn ask_parsed(
    name: &str,
    text: &str,
    make: impl FnOnce(&policylens::document::Policy) -> Question,
) -> Result<Answer, AskError> {
    let policy = policylens::parse::parse_bytes(
        std::path::Path::new(name),
        text.as_bytes(),
        &policylens::parse::ParseOptions::default(),
    )
    .unwrap();
    let extraction = extract(&policy);
    let analysed = [Analysed {
        policy: &policy,
        extraction: &extraction,
    }];
    ask(
        &make(&policy),
        &analysed,
        policylens::lexicon::Lexicon::builtin(),
    )
}

/// Ask about `purpose` of the one policy parsed from `text` (named `name`), its app as parsed.
fn ask_text(name: &str, text: &str, purpose: &str) -> Result<Answer, AskError> {
    ask_parsed(name, text, |policy| Question {
        app: policy.app.clone(),
        purpose: Some(purpose.into()),
        ..Default::default()
    })
}

/// Ask the plain `question` of the one policy parsed from `text` (named `name`).
fn ask_plain(name: &str, text: &str, question: &str) -> Answer {
    ask_parsed(name, text, |policy| {
        let known: Vec<String> = policy.app.iter().cloned().collect();
        parse_question(question, &known, policylens::lexicon::Lexicon::builtin())
    })
    .unwrap()
}

/// The strings of every evidence clause and item of an answer, joined.
fn answer_text(answer: &Answer) -> String {
    serde_json::to_string(answer).unwrap()
}

/// Regression (花间, 「为了给我推荐直播会收集哪些信息」 answered nothing): the data of a purpose is
/// often listed after a clause that says `我们会收集并使用下列信息：`; the list's items are that
/// purpose's data, cited with the clause that states it.
#[test]
fn data_listed_after_a_clause_announcing_the_following_information_serves_its_purpose() {
    let text = "示例隐私政策\n一、我们如何收集和使用个人信息\n\
        为向您直播推荐、音视频信息，我们会收集并使用下列信息：\n\
        （1）点击、关注、搜索、浏览偏好等您的操作、使用行为信息；\n\
        （2）获得您明示同意后的地理位置信息。\n\
        二、我们如何使用Cookie\n我们使用Cookie记住您的偏好。\n";
    let Answer::ByPurpose(a) = ask_plain("示例.txt", text, "示例为了给我推荐直播会收集哪些信息")
    else {
        panic!("expected a purpose answer")
    };
    let location = a
        .items
        .iter()
        .find(|i| i.data_type == "位置信息")
        .unwrap_or_else(|| panic!("no 位置信息 in {a:#?}"));
    let clauses: Vec<&str> = location
        .evidence
        .iter()
        .map(|e| e.clause.as_str())
        .collect();
    assert!(clauses[0].contains("下列信息"), "{clauses:?}");
    assert!(
        clauses.iter().any(|c| c.contains("地理位置信息")),
        "{clauses:?}"
    );
    // The reference itself is no item.
    assert!(
        a.items.iter().all(|i| !i.data_type.contains("下列")),
        "{a:#?}"
    );
}

/// Regression (快手, 「会拿我的位置信息干什么」 missed 推荐附近的人 and 添加位置): clauses that
/// use a data type where no practice was read, and clauses using `上述信息` right after one
/// naming it, are cited with what they say it is for.
#[test]
fn a_data_question_cites_clauses_that_use_it_without_a_read_practice() {
    let text = "示例隐私政策\n一、我们如何收集和使用个人信息\n\
        3.1.2 推荐附近的人：在您授权开启地理位置权限的情况下，我们会向您推荐附近的用户。\n\
        地理位置信息：含GPS信息获取到的精确地理位置信息。\
        我们会将上述信息与来自我们其他服务的信息结合，用以向您推荐：\n\
        （1）推荐相关的城市、地区的直播；\n（2）推荐程序化广告。\n";
    let Answer::ByData(a) = ask_plain("示例.txt", text, "示例会怎么用我的位置信息？")
    else {
        panic!("expected a data answer")
    };
    let all = answer_text(&Answer::ByData(a.clone()));
    assert!(all.contains("推荐附近的用户"), "{a:#?}");
    assert!(all.contains("推荐相关的城市、地区的直播"), "{a:#?}");
    // A bare `位置` (`崩溃发生的位置`) is too weak to answer yes/no with (多看阅读).
    let crash = "示例隐私政策\n一、我们如何使用Cookie和同类技术\n\
        此款软件可能记录以下信息，如您使用该应用程序的频率、性能数据及应用程序崩溃发生的位置。\n";
    let Answer::ByData(yes_no) = ask_plain("示例.txt", crash, "示例会获取我的地理位置吗")
    else {
        panic!("expected a data answer")
    };
    assert_ne!(
        yes_no.yes_no.map(|y| y.verdict),
        Some(policylens::ask::Verdict::Yes),
        "a crash's 位置 is no location"
    );
}

/// Regression (兴业银行, 「在兴业商城订酒店下单时要提供什么」 answered with all 43 types 交易支付
/// takes): an activity that says more than its purpose is answered by the clause holding its
/// words (`订酒店` in `预订酒店`), not by the purpose.
#[test]
fn an_activity_more_specific_than_its_purpose_is_answered_by_its_clause() {
    let text = "示例隐私政策\n一、我们如何收集和使用个人信息\n\
        ①当您预订门票时，为完成门票预订，您在下单时需要提供您的姓名、证件号码；\n\
        ②当您预订酒店时，为完成酒店预订、发票配送服务，您在下单时需要提供您的姓名、手机号、发票配送地址信息；\n\
        ③为了完成支付，我们会收集您的银行卡号、交易记录、设备信息。\n";
    let Answer::ByPurpose(a) = ask_plain("示例.txt", text, "在示例订酒店下单时要提供什么？")
    else {
        panic!("expected a purpose answer")
    };
    let all = answer_text(&Answer::ByPurpose(a.clone()));
    assert!(all.contains("发票配送地址"), "{a:#?}");
    assert!(
        !all.contains("银行卡号") && !all.contains("证件号码"),
        "{a:#?}"
    );
}

/// Regressions of a reader check on crawl policies: 丁香园, silent on 境外, was answered 是 to
/// 「会把我的信息传到国外吗」 with everything it collects; 清理优化, whose clause says a feature
/// needs 读取通讯录权限, was answered 政策未提及 to 「会读取我的通讯录吗」.
#[test]
fn yes_no_answers_go_by_the_clauses_that_hold_what_is_asked() {
    let text = "示例隐私政策\n一、我们如何收集和使用个人信息\n\
        为向您提供注册登录服务，我们会收集您的手机号码、设备信息。\n\
        用户可以通过通讯录加好友功能添加好友，此功能需要用到读取通讯录权限。\n";
    let Answer::ByPurpose(abroad) = ask_plain("示例.txt", text, "示例会把我的信息传到国外吗？")
    else {
        panic!("expected a purpose answer")
    };
    let verdict = abroad.yes_no.as_ref().map(|y| y.verdict);
    assert_eq!(
        verdict,
        Some(policylens::ask::Verdict::NotMentioned),
        "{abroad:#?}"
    );
    assert!(abroad.items.is_empty(), "{abroad:#?}");
    let Answer::ByData(contacts) = ask_plain("示例.txt", text, "示例会读取我的通讯录吗")
    else {
        panic!("expected a data answer")
    };
    let verdict = contacts.yes_no.as_ref().map(|y| y.verdict);
    assert_eq!(
        verdict,
        Some(policylens::ask::Verdict::Yes),
        "{contacts:#?}"
    );
}

/// 「对腾讯的隐私政策有疑问找谁，多久回复？」 cited the contact clauses but not 「…十五天内予以
/// 回复」: a clause holding no contact word is still an answer when it sits under the topic's own
/// section and holds the question's own words.
#[test]
fn a_contact_question_cites_the_clause_of_its_section_holding_its_own_words() {
    let text = "花间隐私政策\n\n一、我们如何收集信息\n\n我们会收集您的手机号码用于注册登录。\n\n\
                二、联系我们\n\n如您对本政策有疑问，请通过 help@huajian.example 与我们联系。\n\n\
                我们将尽快审核所涉问题，并在验证您的用户身份后的十五天内予以回复。\n";
    let answer = ask_parsed("huajian.txt", text, |policy| {
        parse_question(
            "对花间的隐私政策有疑问找谁，多久回复？",
            &[policy.app.clone().unwrap_or_default()],
            policylens::lexicon::Lexicon::builtin(),
        )
    })
    .unwrap();
    let Answer::Clauses(answer) = answer else {
        panic!("the contact clauses: {answer:?}");
    };
    let cited: Vec<&str> = answer.clauses.iter().map(|e| e.clause.as_str()).collect();
    assert!(
        cited.iter().any(|c| c.contains("十五天内予以回复")),
        "{cited:#?}"
    );
    assert!(
        cited.iter().any(|c| c.contains("help@huajian.example")),
        "{cited:#?}"
    );
}

/// Regression (淘宝网, 百度地图: 「会把我的位置信息共享给谁」 said 「政策中没有收集或共享它的条款」
/// of policies that collect it and share personal information with named receivers): a policy
/// that names no receiver of the asked data answers with the receivers it gives personal
/// information in general, said to be that.
#[test]
fn who_receives_a_data_type_no_clause_singles_out_is_who_receives_personal_information() {
    let text = "示例隐私政策\n一、我们如何收集和使用个人信息\n\
        在您使用导航功能时，我们会收集您的位置信息，以便为您规划路线。\n\
        二、我们如何共享您的个人信息\n\
        为实现支付功能，我们可能会与第三方支付机构共享您的个人信息。\n";
    let answer = ask_plain("general-sharing", text, "示例会把我的位置信息共享给谁");
    let Answer::ByData(a) = &answer else {
        panic!("{answer:?}")
    };
    assert!(a.receivers.is_empty(), "{:?}", a.receivers);
    let names: Vec<&str> = a
        .general_receivers
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(names, ["第三方支付机构"]);
    assert!(a.general_receivers[0].evidence[0]
        .clause
        .contains("与第三方支付机构共享您的个人信息"));
    // A receiver of this data by name leaves no room for the general ones.
    let text = format!("{text}我们会将您的位置信息共享给地图服务商，用于定位。\n");
    let answer = ask_plain("named-sharing", &text, "示例会把我的位置信息共享给谁");
    let Answer::ByData(a) = &answer else {
        panic!("{answer:?}")
    };
    assert!(!a.receivers.is_empty());
    assert!(a.general_receivers.is_empty());
}

/// Regression (唱吧, 「怎么撤回同意」): a policy that says 撤销 (revoke) for 撤回 answered with
/// permission clauses of its collection section, not with the clause that says how to revoke.
#[test]
fn withdrawing_consent_is_answered_by_the_clause_that_says_revoke() {
    let text = "示例隐私政策\n一、我们如何收集和使用个人信息\n\
        获得您的同意后，我们会获取您的位置信息，您可通过【手机设置】关闭位置权限。\n\
        二、您的权利\n\
        5、撤销部分/全部个人信息授权：您可以通过“我的→设置→隐私”撤销对个人信息数据的获取授权，撤销对本政策的同意。\n";
    let answer = ask_plain("revoke", text, "示例怎么撤回同意");
    let Answer::Clauses(a) = &answer else {
        panic!("{answer:?}")
    };
    assert!(
        a.clauses[0].clause.contains("撤销对本政策的同意"),
        "{:?}",
        a.clauses
    );
}

/// Regression (美柚, crawl): 「为了个性化推荐收集哪些信息」 found nothing in 「为向您提供个性化的
/// 信息或服务，向您展示、推荐或推送与您有更高相关度、您更感兴趣的首页商品，我们收集和使用…设备信息，
/// 包括…OAID、UTDID…」 (no trigger of 个性化推荐 in those words; UTDID no type).
#[test]
fn personalised_goods_are_personalised_recommendation() {
    let text = "示例隐私政策\n\n（十三）为您推送首页商品内容\n\n\
                为向您提供个性化的信息或服务，向您展示、推荐或推送与您有更高相关度、您更感兴趣的首页\
                商品，我们收集和使用获得您同意后的设备信息，包括唯一设备识别码IDFA（仅iOS）、OAID、\
                UTDID。\n";
    let answer = answer_text(&ask_text("示例.txt", text, "个性化推荐").unwrap());
    for ty in ["\"OAID\"", "\"UTDID\""] {
        assert!(answer.contains(ty), "{ty}: {answer}");
    }
}

/// Regression (阅友小说, crawl): 「为了个性化推荐收集哪些信息」 found nothing where a clause uses data
/// for it without a collect verb (so no practice was read): 「我们会基于…您的收藏数据对您的偏好、阅读
/// 习惯特征进行分析和用户画像，以便…推荐相关程度更高的搜索结果」. Its own words (`用户画像`) are not
/// data, and a clause saying data is not used for it (`不用于用户画像`) gives none.
#[test]
fn a_clause_using_data_for_a_purpose_answers_it_without_a_practice() {
    let text = "示例隐私政策\n\n一、我们如何收集和使用您的个人信息\n\n\
                我们会基于您的收藏数据对您的阅读习惯进行分析和用户画像，以便在搜索时向您展现或推荐相关\
                程度更高的搜索结果。\n";
    let answer = answer_text(&ask_text("示例.txt", text, "个性化推荐").unwrap());
    assert!(answer.contains("收藏数据"), "{answer}");
    assert!(!answer.contains("\"用户画像\""), "{answer}");
    let denied = "示例隐私政策\n\n四、我们如何使用信息\n\n\
                  我们对您所提供的收藏数据，不用于用户画像及个性化展示。\n";
    let answer = answer_text(&ask_text("示例.txt", denied, "个性化推荐").unwrap());
    assert!(!answer.contains("收藏数据"), "{answer}");
}
