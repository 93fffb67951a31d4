//! `policylens check`: a policy against the compliance rules, on the command line.
use std::process::Command;

use crate::util::{policies, run_ok};

fn policylens() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policylens"))
}

#[test]
fn check_reads_a_file_or_a_librarys_app_and_writes_every_rules_finding() {
    // A file, read without importing it: every rule's finding, as JSON.
    let out = run_ok(
        policylens()
            .args(["check", "--format", "json"])
            .arg(policies().join("huajian.txt")),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), policylens::check::rules().len());
    for f in findings {
        let verdict = f["verdict"].as_str().unwrap();
        assert!(
            [
                "complies",
                "may_not_comply",
                "not_mentioned",
                "needs_review"
            ]
            .contains(&verdict),
            "{f}"
        );
        // A finding cites its clauses, or says where it looked, or states a fact (dates).
        assert!(
            !f["evidence"].as_array().unwrap().is_empty()
                || !f["searched"].as_array().unwrap().is_empty()
                || !f["note"].as_str().unwrap().is_empty(),
            "{f}"
        );
    }
    // 花间 says how to delete an account (五、您的权利 › （五）注销账号).
    let c06 = findings.iter().find(|f| f["rule_id"] == "C06").unwrap();
    assert_eq!(c06["verdict"], "complies", "{c06}");
    assert!(c06["evidence"][0]["clause"]
        .as_str()
        .unwrap()
        .contains("注销"));

    // A library's app (its newest policy), written to a file as Markdown.
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    run_ok(
        policylens()
            .args(["add", "--no-progress", "--library"])
            .arg(&lib)
            .arg(policies()),
    );
    let md = dir.path().join("check.md");
    let out = run_ok(
        policylens()
            .args(["check", "--library"])
            .arg(&lib)
            .args(["腾讯", "--format", "md", "-o"])
            .arg(&md),
    );
    let written = std::fs::read_to_string(&md).unwrap();
    assert!(written.starts_with("# 合规检查：腾讯"), "{written}");
    // The confirmation says how the findings came out.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("已写入") && said.contains("符合"), "{said}");

    // A format it does not write is a usage error naming the formats it does.
    let out = policylens()
        .args(["check", "--format", "xlsx"])
        .arg(policies().join("huajian.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("html"));
}
