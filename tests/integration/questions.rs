//! Questions people ask, in plain Chinese, answered from a library of the bundled policies and
//! ten crawl policies (`tests/fixtures/questions.tsv`: 91 questions in nine forms, the expected
//! answer items and a quote of the clause written by hand from each policy's text). Without
//! the crawl only the questions on bundled policies are asked.
//!
//! A question passes when its answer names at least half of the expected items and cites the
//! quoted clause (or names every item); a yes/no question when its verdict is the expected one.
use policylens::ask::parse_question;
use policylens::extract::Extractor;
use policylens::library::Library;
use policylens::normalize::normalize;

use crate::util::*;

/// The target, over all 91 questions and over the 35 on bundled policies (what a
/// machine without the crawl asks): 0.90. This build: 82/91, 33/35. With the labeller's second
/// pass (stacking) q013 is newly answered, and q003 (快手实名认证) holds because a user giving
/// data to a party named only in a later clause part gives it to the operator; q042 (配音鸭注册
/// 账户) and q050 (飞闪上传视频) are now answered by the broad purpose their activity names
/// instead of the clause that speaks of it. On CA4P's 254 `valid` questions recall rose from
/// 0.859 to 0.902 (`ask_score.py`).
const FLOOR_ALL: f64 = 0.90;
const FLOOR_BUNDLED: f64 = 0.90;

/// What is compared: NFKC-like folding by the pipeline's normalizer, no whitespace, lower case.
fn key(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every string of an answer (its items, uses, receivers, clauses), ids aside.
fn strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o
            .iter()
            .filter(|(k, _)| k.as_str() != "policy_id")
            .for_each(|(_, x)| strings(x, out)),
        _ => {}
    }
}

#[test]
fn nine_in_ten_questions_people_ask_are_answered_with_their_clause() {
    let rows: Vec<Vec<String>> = std::fs::read_to_string(fixture("questions.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    assert!(rows.len() >= 60, "{} questions", rows.len());
    let corpus = root().join("../shared/corpus");
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut files: Vec<std::path::PathBuf> = rows
        .iter()
        .map(|r| {
            if r[1].starts_with("appch/") {
                corpus.join(&r[1])
            } else {
                root().join(&r[1])
            }
        })
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.dedup();
    let library = Library::open(tmp.path().join("lib")).unwrap();
    library.add_paths(&files, &mut |_| {}).unwrap();
    let names = library.app_names().unwrap();
    let extractor = Extractor::builtin();
    let (mut passed, mut asked, mut bundled_passed, mut bundled_asked) = (0, 0, 0, 0);
    let mut failed = Vec::new();
    for r in &rows {
        let [id, policy, _app, form, question, expect, quote, ..] = &r[..] else {
            panic!("a row of eight columns: {r:?}");
        };
        let bundled = !policy.starts_with("appch/");
        if !bundled && !corpus.join(policy).is_file() {
            continue;
        }
        let q = parse_question(question, &names, extractor.lexicon());
        let outcome = match library.ask(&q, extractor) {
            Err(e) => Err(e.to_string()),
            Ok(answer) => {
                let json = serde_json::to_value(&answer.answer).unwrap();
                let mut text = String::new();
                strings(&json, &mut text);
                let text = key(&text);
                let expected: Vec<&str> = expect.split('|').filter(|e| !e.is_empty()).collect();
                if form == "yesno" {
                    let verdict = json["yes_no"]["verdict"].as_str().unwrap_or("none");
                    let want = match expected[0] {
                        "是" => "yes",
                        "否" => "no",
                        _ => "not_mentioned",
                    };
                    (verdict == want)
                        .then_some(())
                        .ok_or(format!("verdict {verdict}, want {want}"))
                } else {
                    let found = expected.iter().filter(|e| text.contains(&key(e))).count();
                    let quoted = text.contains(&key(quote));
                    (found * 2 >= expected.len() && (quoted || found == expected.len()))
                        .then_some(())
                        .ok_or(format!(
                            "{} of {} items, quote {}",
                            found,
                            expected.len(),
                            if quoted { "cited" } else { "not cited" }
                        ))
                }
            }
        };
        asked += 1;
        bundled_asked += usize::from(bundled);
        match outcome {
            Ok(()) => {
                passed += 1;
                bundled_passed += usize::from(bundled);
            }
            Err(why) => failed.push(format!("{id} {form} {question}: {why}")),
        }
    }
    let rate = passed as f64 / asked as f64;
    let bundled_rate = bundled_passed as f64 / bundled_asked as f64;
    eprintln!(
        "questions answered: {passed}/{asked} ({rate:.2}); on bundled policies \
         {bundled_passed}/{bundled_asked} ({bundled_rate:.2})"
    );
    for f in &failed {
        eprintln!("  {f}");
    }
    assert!(bundled_rate >= FLOOR_BUNDLED, "{failed:#?}");
    if asked > bundled_asked {
        assert!(rate >= FLOOR_ALL, "{failed:#?}");
    }
}
