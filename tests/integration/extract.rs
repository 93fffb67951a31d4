//! Extraction on the gold excerpt (a ratchet) and on the bundled policies; ask.
use policylens::ask::{ask, parse_question, ActionFilter, Analysed, Answer, AskError, Question};
use policylens::eval::evaluate_annotated_file;
use policylens::extract::{extract, Label};

use crate::util::*;

/// Overlap F1 on the whole gold excerpt must not fall below what the extractor reached
/// (raise these when it improves).
#[test]
fn gold_excerpt_scores_do_not_regress() {
    let evaluation = evaluate_annotated_file(&fixture("kuaishou-annotated.txt")).unwrap();
    let floors = [
        ("data", 0.85),
        ("action", 0.72),
        ("handler", 0.68),
        ("purpose", 0.68),
        ("condition", 0.63),
    ];
    for (label, floor) in floors {
        let f1 = evaluation.whole_text.get(label).unwrap().overlap.f1;
        assert!(
            f1 >= floor,
            "{label}: overlap F1 {f1:.3} < {floor}\n{evaluation}"
        );
    }
    let data = evaluation.annotated_paragraphs.get("data").unwrap();
    assert!(data.overlap.f1 >= 0.91, "{evaluation}");
    let purpose = evaluation.annotated_paragraphs.get("purpose").unwrap();
    assert!(purpose.overlap.f1 >= 0.76, "{evaluation}");
    // Action spans are the verb itself, purposes run to the end of their phrase: exact scores.
    let action = evaluation.whole_text.get("action").unwrap();
    assert!(action.exact.f1 >= 0.72, "{evaluation}");
    let purpose = evaluation.whole_text.get("purpose").unwrap();
    assert!(purpose.exact.f1 >= 0.68, "{evaluation}");
    let condition = evaluation.whole_text.get("condition").unwrap();
    assert!(condition.exact.f1 >= 0.52, "{evaluation}");
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

#[test]
fn negated_collection_is_not_a_practice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(
        &path,
        "示例隐私政策\n一、我们如何收集信息\n我们不会收集您的通讯录信息。\n我们会收集您的手机号码，用于注册登录。\n",
    )
    .unwrap();
    let p = parse(&path);
    let x = extract(&p);
    let data: Vec<&str> = x
        .spans
        .iter()
        .filter(|s| s.label == Label::Data)
        .map(|s| p.slice(s.span))
        .collect();
    assert_eq!(data, ["手机号码"]);
    let purpose = x.spans.iter().find(|s| s.label == Label::Purpose).unwrap();
    assert_eq!(p.slice(purpose.span), "注册登录");
    assert!(purpose.purposes.contains(&"注册登录".to_string()));
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
        .expect("face");
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
