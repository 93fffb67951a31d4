//! Version diffs measured on versions made by editing the bundled policies in known ways:
//! a fixed-seed script inserts, deletes, moves and rewrites clauses, and the diff must report
//! each edit as what it is (≥ 95 %) and never report a clause nobody touched.
use std::collections::BTreeSet;
use std::path::Path;

use policylens::ask::Analysed;
use policylens::diff::{diff, ChangeKind, PolicyDiff};
use policylens::document::Policy;
use policylens::extract::extract;
use policylens::lexicon::Lexicon;
use policylens::parse::{parse_bytes, ParseOptions};

use crate::util::*;

/// xorshift64*: the same edits on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Insert,
    Delete,
    Move,
    Rewrite,
}

/// One planned edit: what, on which clause (its text), and the text it leaves.
#[derive(Debug)]
struct Planned {
    edit: Edit,
    /// The clause edited (for an insertion: the clause inserted).
    clause: String,
    /// The rewritten clause's new text.
    rewritten: Option<String>,
}

fn visible(p: &Policy, i: usize) -> String {
    p.visible_text(p.sentences[i].span)
}

/// Clauses an edit can take: whole sentences of a paragraph or list item written as they are
/// read (no markup, no hard wrap inside), ending a sentence, long enough to be told apart, and
/// said once in the policy.
fn editable(p: &Policy) -> Vec<usize> {
    let texts: Vec<String> = (0..p.sentences.len()).map(|i| visible(p, i)).collect();
    (0..p.sentences.len())
        .filter(|&i| {
            let s = p.sentences[i];
            let text = &texts[i];
            !p.blocks[s.block].is_heading()
                && !p.blocks[s.block].kind.is_table_cell()
                && p.slice(s.span) == text
                && text.ends_with('。')
                && text.chars().count() >= 16
                && texts.iter().filter(|t| *t == text).count() == 1
        })
        .collect()
}

/// `text` with its middle jieba word replaced by another word: one clause reworded.
fn reworded(text: &str) -> String {
    let words: Vec<&str> = policylens::analyzer::jieba()
        .cut(text, false)
        .into_iter()
        .map(|t| t.word)
        .collect();
    let middle = (words.len() / 3..words.len())
        .find(|&k| words[k].chars().count() >= 2 && words[k].chars().all(|c| c >= '\u{4e00}'))
        .unwrap_or(words.len() / 2);
    let mut out = String::new();
    for (k, w) in words.iter().enumerate() {
        out.push_str(if k == middle { "相关事项" } else { w });
    }
    out
}

/// `policy` edited `n` times (`seed`), and the edits made. `donor` gives inserted clauses.
fn edited(policy: &Policy, donor: &Policy, n: usize, seed: u64) -> (String, Vec<Planned>) {
    let mut rng = Rng(seed);
    let mut free = editable(policy);
    let known: BTreeSet<String> = (0..policy.sentences.len())
        .map(|i| visible(policy, i))
        .collect();
    let donors: Vec<String> = editable(donor)
        .into_iter()
        .map(|i| visible(donor, i))
        .filter(|t| !known.contains(t))
        .collect();
    // (position in the original text, text removed up to, text put there), applied from the end.
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    let mut planned = Vec::new();
    let kinds = [Edit::Insert, Edit::Delete, Edit::Move, Edit::Rewrite];
    let byte = |c: usize| -> usize {
        policy
            .text
            .char_indices()
            .nth(c)
            .map_or(policy.text.len(), |(b, _)| b)
    };
    let take = |free: &mut Vec<usize>, rng: &mut Rng| -> usize {
        let k = rng.below(free.len());
        let i = free.remove(k);
        // Neighbours stay untouched, so that every edit stands alone.
        free.retain(|&j| j + 1 != i && j != i + 1);
        i
    };
    for e in 0..n {
        let edit = kinds[e % kinds.len()];
        if free.len() < 2 {
            break;
        }
        match edit {
            Edit::Insert => {
                let at = take(&mut free, &mut rng);
                let clause = donors[rng.below(donors.len())].clone();
                let start = byte(policy.sentences[at].span.start);
                splices.push((start, start, clause.clone()));
                planned.push(Planned {
                    edit,
                    clause,
                    rewritten: None,
                });
            }
            Edit::Delete => {
                let i = take(&mut free, &mut rng);
                let s = policy.sentences[i].span;
                splices.push((byte(s.start), byte(s.end), String::new()));
                planned.push(Planned {
                    edit,
                    clause: visible(policy, i),
                    rewritten: None,
                });
            }
            Edit::Move => {
                let i = take(&mut free, &mut rng);
                // To a clause at least ten clauses away.
                let far: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|&j| j.abs_diff(i) >= 10)
                    .collect();
                if far.is_empty() {
                    continue;
                }
                let to = far[rng.below(far.len())];
                free.retain(|&j| j != to && j + 1 != to && j != to + 1);
                let s = policy.sentences[i].span;
                splices.push((byte(s.start), byte(s.end), String::new()));
                let at = byte(policy.sentences[to].span.start);
                splices.push((at, at, visible(policy, i)));
                planned.push(Planned {
                    edit,
                    clause: visible(policy, i),
                    rewritten: None,
                });
            }
            Edit::Rewrite => {
                let i = take(&mut free, &mut rng);
                let s = policy.sentences[i].span;
                let new = reworded(&visible(policy, i));
                splices.push((byte(s.start), byte(s.end), new.clone()));
                planned.push(Planned {
                    edit,
                    clause: visible(policy, i),
                    rewritten: Some(new),
                });
            }
        }
    }
    splices.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut text = policy.text.clone();
    for (start, end, with) in splices {
        text.replace_range(start..end, &with);
    }
    (text, planned)
}

fn diff_of(old: &Policy, new: &Policy) -> PolicyDiff {
    let (eo, en) = (extract(old), extract(new));
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

/// Whether `diff` reports `edit` as what it is.
fn reported(d: &PolicyDiff, edit: &Planned) -> bool {
    let old_is =
        |c: &policylens::diff::ClauseChange| c.old.as_ref().is_some_and(|r| r.text == edit.clause);
    d.changes().any(|c| match edit.edit {
        Edit::Insert => {
            c.kind == ChangeKind::Added && c.new.as_ref().is_some_and(|r| r.text == edit.clause)
        }
        Edit::Delete => c.kind == ChangeKind::Removed && old_is(c),
        Edit::Move => c.kind == ChangeKind::Moved && old_is(c),
        Edit::Rewrite => {
            c.kind == ChangeKind::Rewritten
                && old_is(c)
                && c.new.as_ref().map(|r| &r.text) == edit.rewritten.as_ref()
        }
    })
}

#[test]
fn edits_of_known_kinds_are_reported_as_what_they_are_and_nothing_else_is() {
    let policies = bundled();
    let (mut right, mut total) = (0, 0);
    let mut wrong: Vec<String> = Vec::new();
    for (k, policy) in policies.iter().enumerate() {
        let donor = &policies[(k + 1) % policies.len()];
        for seed in 1..=3u64 {
            let (text, planned) = edited(policy, donor, 12, seed * 7919 + k as u64);
            let name = Path::new(&policy.source.path);
            let new = parse_bytes(name, text.as_bytes(), &ParseOptions::default()).unwrap();
            let old = parse_bytes(name, policy.text.as_bytes(), &ParseOptions::default()).unwrap();
            let d = diff_of(&old, &new);
            for edit in &planned {
                total += 1;
                if reported(&d, edit) {
                    right += 1;
                } else {
                    wrong.push(format!("{} seed {seed}: {edit:?}", policy.source.path));
                }
            }
            // Every change reported is one of the edits (a moved clause is reported once, a
            // rewritten one once: nothing untouched shows up).
            let touched: BTreeSet<&str> = planned
                .iter()
                .flat_map(|e| [Some(e.clause.as_str()), e.rewritten.as_deref()])
                .flatten()
                .collect();
            for c in d.changes() {
                let texts = [c.old.as_ref(), c.new.as_ref()];
                assert!(
                    texts
                        .iter()
                        .flatten()
                        .any(|r| touched.contains(r.text.as_str())),
                    "{} seed {seed}: an untouched clause reported: {c:?}",
                    policy.source.path
                );
            }
        }
    }
    let share = right as f64 / total as f64;
    eprintln!(
        "edits reported as what they are: {right} of {total} ({share:.3}); missed: {wrong:#?}"
    );
    assert!(total >= 100, "{total}");
    assert!(share >= 0.95, "{right} of {total}: {wrong:#?}");
}

fn policylens() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_policylens"))
}

/// `tencent.md` with a sensitive clause added: a second version of the policy.
fn second_version(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(policies().join("tencent.md")).unwrap();
    let text = text.replacen(
        "#### 日志信息：",
        "当您使用刷脸登录时，我们会收集您的面部特征信息，用于身份验证。\n\n#### 日志信息：",
        1,
    );
    let v2 = dir.join("v2");
    std::fs::create_dir_all(&v2).unwrap();
    std::fs::write(v2.join("tencent.md"), text).unwrap();
    v2.join("tencent.md")
}

#[test]
fn diff_of_an_apps_two_newest_versions_ids_or_files_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let new_file = second_version(dir.path());
    for file in [policies().join("tencent.md"), new_file.clone()] {
        let out = policylens()
            .args(["add", "--no-progress", "--library"])
            .arg(&lib)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // By app name: its two newest versions.
    let out = policylens()
        .args(["diff", "--library"])
        .arg(&lib)
        .arg("腾讯")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("新增 1，删除 0，改写 0，移动 0"), "{text}");
    assert!(text.contains("人脸信息（敏感）"), "{text}");
    // Two files, not imported; JSON.
    let out = policylens()
        .args(["diff", "--format", "json"])
        .arg(policies().join("tencent.md"))
        .arg(&new_file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["counts"]["added"], 1);
    assert_eq!(v["summary"]["sensitive_added"][0], "人脸信息");
    // Exported as HTML to a file: one page, nothing fetched.
    let html = dir.path().join("diff.html");
    let out = policylens()
        .args(["diff", "--library"])
        .arg(&lib)
        .args(["腾讯", "--format", "html", "-o"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>") && page.contains("<ins>"),
        "{page}"
    );
    assert!(!page.contains("src=") && !page.contains("href="));
    // A file alone names no app of the library; a bad format is a usage error.
    let out = policylens()
        .args(["diff", "--library"])
        .arg(&lib)
        .arg(policies().join("tencent.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = policylens()
        .args(["diff", "--format", "xml"])
        .arg(policies().join("tencent.md"))
        .arg(&new_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("xml"));
}

#[test]
fn an_app_with_one_version_is_told_to_give_two() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let out = policylens()
        .args(["add", "--no-progress", "--library"])
        .arg(&lib)
        .arg(policies().join("huajian.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = policylens()
        .args(["diff", "--library"])
        .arg(&lib)
        .arg("花间")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("只有 1 个版本") && err.contains("两个"),
        "{err}"
    );
}

#[test]
fn compare_names_apps_and_exports_the_matrix_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let out = policylens()
        .args(["add", "--no-progress", "--library"])
        .arg(&lib)
        .arg(policies())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = dir.path().join("matrix.csv");
    let out = policylens()
        .args(["compare", "--library"])
        .arg(&lib)
        .args(["花间", "腾讯", "--format", "csv", "-o"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = std::fs::read_to_string(&csv).unwrap();
    let mut lines = table.lines();
    assert_eq!(lines.next(), Some("类别,信息类型,敏感,花间,腾讯"));
    let phone = lines.find(|l| l.contains(",手机号码,")).unwrap();
    assert!(
        phone.ends_with(",收集,收集") || phone.contains("收集"),
        "{phone}"
    );
    // Every app of the library when none is named; a category limits the rows.
    let out = policylens()
        .args([
            "compare",
            "--format",
            "json",
            "--category",
            "个人生物识别信息",
            "--library",
        ])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["apps"].as_array().unwrap().len() >= 4, "{v}");
    assert!(v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["category"] == "个人生物识别信息"));
    // An unknown app or category is named.
    let out = policylens()
        .args(["compare", "--library"])
        .arg(&lib)
        .arg("没有这个应用")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有这个应用"));
    let out = policylens()
        .args(["compare", "--category", "星座", "--library"])
        .arg(&lib)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("星座"));
}
