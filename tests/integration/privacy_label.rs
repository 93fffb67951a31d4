//! The privacy label (隐私标签) of every bundled policy agrees with what `ask` answers and the
//! reader's summary shows, and `policylens label` writes it in every format.
use std::collections::BTreeSet;
use std::process::Command;

use policylens::ask::{ask, receivers_of_policy, Analysed, Answer, Question};
use policylens::collected::data_summary;
use policylens::extract::Extractor;
use policylens::lexicon::DataKind;
use policylens::privacy_label::{privacy_label, LabelGroup};

use crate::util::{bundled, policies, run_ok};

#[test]
fn every_bundled_policys_label_agrees_with_ask_and_the_summary() {
    let extractor = Extractor::builtin();
    let lexicon = extractor.lexicon();
    let policies = bundled();
    let extractions: Vec<_> = policies.iter().map(|p| extractor.extract(p)).collect();
    let analysed: Vec<Analysed> = policies
        .iter()
        .zip(&extractions)
        .map(|(policy, extraction)| Analysed { policy, extraction })
        .collect();
    for a in &analysed {
        let app = a.policy.app.clone().unwrap();
        let label = privacy_label(a, lexicon);
        // The reader's summary: the same collected types, the same purposes, the same count.
        let summary = data_summary(a.policy, a.extraction, lexicon);
        let collected: BTreeSet<&str> = summary.collected().map(|e| e.data_type.as_str()).collect();
        let items: Vec<_> = label
            .sections
            .iter()
            .flat_map(|s| &s.categories)
            .flat_map(|c| c.items.iter().map(move |i| (c, i)))
            .collect();
        let on_label: BTreeSet<&str> = items.iter().map(|(_, i)| i.data_type.as_str()).collect();
        assert_eq!(on_label, collected, "{app}");
        // Permissions in their own group, counted apart from information.
        assert_eq!(
            label.collected + label.permissions,
            collected.len(),
            "{app}"
        );
        for s in &label.sections {
            for c in &s.categories {
                for i in &c.items {
                    let kind = lexicon.data_type(&i.data_type).unwrap().kind;
                    assert_eq!(
                        s.group == LabelGroup::Permission,
                        kind == DataKind::Permission,
                        "{app} {}",
                        i.data_type
                    );
                }
            }
        }
        assert_eq!(
            label.sensitive,
            summary.sensitive_collected().len(),
            "{app}"
        );
        for (category, item) in &items {
            let entry = summary
                .collected()
                .find(|e| e.data_type == item.data_type)
                .unwrap();
            assert_eq!(item.purposes, entry.purposes, "{app} {}", item.data_type);
            assert_eq!(
                category.category, entry.category,
                "{app} {}",
                item.data_type
            );
            // `ask` about the type names every purpose the label gives it.
            let question = Question {
                app: Some(app.clone()),
                data: Some(item.data_type.clone()),
                ..Default::default()
            };
            if let Ok(Answer::ByData(answer)) = ask(&question, &analysed, lexicon) {
                let asked: BTreeSet<&str> =
                    answer.purposes.iter().map(|u| u.name.as_str()).collect();
                for p in &item.purposes {
                    assert!(
                        asked.contains(p.as_str()),
                        "{app} {}: {p} not in {asked:?}",
                        item.data_type
                    );
                }
            } else {
                panic!("{app}: ask about {} gave no data answer", item.data_type);
            }
        }
        // Every receiver on the card is one `ask` names for who receives the app's data.
        let receivers: BTreeSet<String> = receivers_of_policy(a, lexicon)
            .receivers
            .into_iter()
            .map(|r| r.name)
            .collect();
        for c in label.sections.iter().flat_map(|s| &s.categories) {
            for r in &c.receivers {
                assert!(receivers.contains(r), "{app}: {r} not among {receivers:?}");
            }
            assert_eq!(c.receivers.len(), c.receiver_evidence.len());
        }
        // The policy-wide lines: stated with a clause, or 未说明 without one.
        for l in &label.lines {
            assert_eq!(l.stated, l.text != "未说明", "{app} {l:?}");
            if l.label != "与第三方共享" {
                assert_eq!(l.stated, l.evidence.is_some(), "{app} {l:?}");
            }
        }
    }
}

#[test]
fn a_label_of_a_file_that_is_no_policy_says_so() {
    // Regression: a 50-char fragment of a crawled page got a card saying 「收集 0 类信息」 with
    // every line 未说明, as if it were a policy that collects nothing.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fragment.txt");
    std::fs::write(&file, "产品隐私政策\n\n只能查看\n\n登录腾讯文档\n").unwrap();
    let out = run_ok(
        Command::new(env!("CARGO_BIN_EXE_policylens"))
            .arg("label")
            .arg(&file),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("内容太短，不像一份政策") && stderr.contains("fragment.txt"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("收集 0 类信息"));
}

#[test]
fn label_writes_text_markdown_json_and_an_svg_image() {
    let bin = env!("CARGO_BIN_EXE_policylens");
    let file = policies().join("huajian.txt");
    let text = run_ok(Command::new(bin).arg("label").arg(&file));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("隐私标签：花间"), "{text}");
    assert!(text.contains("注销账号："), "{text}");
    let json = run_ok(
        Command::new(bin)
            .args(["label", "--format", "json"])
            .arg(&file),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(json["collected"].as_u64().unwrap() > 20, "{json}");
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("label.svg");
    let out = run_ok(
        Command::new(bin)
            .args(["label", "--format", "svg", "-o"])
            .arg(&svg)
            .arg(&file),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("已写入"));
    let image = std::fs::read_to_string(&svg).unwrap();
    assert!(image.starts_with("<svg ") && image.contains("隐私标签：花间"));
    let out = Command::new(bin)
        .args(["label", "--format", "png"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("svg"));
}
