//! Version diff speed: two ~50,000-char versions of a policy (the bundled policies end to end,
//! and the same with lines reworded, dropped, added and moved). Run with
//! `cargo bench --bench diff`. The target is < 200 ms for a diff of two 50,000-char versions.
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use policylens::ask::Analysed;
use policylens::diff::{diff, PolicyDiff};
use policylens::document::Policy;
use policylens::extract::{Extraction, Extractor};
use policylens::parse::{parse_bytes, ParseOptions};

fn versions() -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut text = String::new();
    for name in [
        "kuaishou.txt",
        "kuaishou-shop.txt",
        "huajian.txt",
        "tencent.md",
    ] {
        text.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
        text.push('\n');
    }
    let old: String = text.chars().take(50_000).collect();
    // Every 25th line reworded, every 40th dropped, every 60th followed by a new line, and one
    // stretch of 20 lines moved to the end.
    let mut lines: Vec<String> = old.lines().map(str::to_string).collect();
    for (n, line) in lines.iter_mut().enumerate() {
        if n % 25 == 0 {
            *line = line.replacen("我们", "本公司", 1);
        }
        if n % 60 == 0 {
            line.push_str("\n当您使用刷脸登录时，我们会收集您的面部特征信息，用于身份验证。");
        }
    }
    let mut kept: Vec<String> = lines
        .into_iter()
        .enumerate()
        .filter(|(n, _)| n % 40 != 39)
        .map(|(_, l)| l)
        .collect();
    let moved: Vec<String> = kept.drain(100..120).collect();
    kept.extend(moved);
    (old, kept.join("\n"))
}

fn diff_of(old: &Policy, eo: &Extraction, new: &Policy, en: &Extraction) -> PolicyDiff {
    diff(
        &Analysed {
            policy: old,
            extraction: eo,
        },
        &Analysed {
            policy: new,
            extraction: en,
        },
        Extractor::builtin().lexicon(),
    )
}

fn bench(c: &mut Criterion) {
    let extractor = Extractor::builtin();
    let options = ParseOptions::default();
    let (old_text, new_text) = versions();
    let parse =
        |text: &str| parse_bytes(Path::new("policy.txt"), text.as_bytes(), &options).unwrap();
    let (old, new) = (parse(&old_text), parse(&new_text));
    let (eo, en) = (extractor.extract(&old), extractor.extract(&new));
    let name = format!(
        "diff of two versions ({} and {} chars), extractions given",
        old.char_len(),
        new.char_len()
    );
    c.bench_function(&name, |b| {
        b.iter(|| black_box(diff_of(&old, &eo, &new, &en)))
    });
    c.bench_function("diff of two 50k-char versions from their text", |b| {
        b.iter(|| {
            let (old, new) = (parse(&old_text), parse(&new_text));
            let (eo, en) = (extractor.extract(&old), extractor.extract(&new));
            black_box(diff_of(&old, &eo, &new, &en))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
