//! Extraction speed: one pass over a parsed policy, for the bundled policies and a ~50k-char
//! policy made by concatenating them. Run with `cargo bench --bench extract`.
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use policylens::extract::Extractor;
use policylens::parse::{parse_bytes, parse_file, ParseOptions};

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let extractor = Extractor::builtin();
    let options = ParseOptions::default();
    for name in ["kuaishou.txt", "huajian.txt"] {
        let policy = parse_file(&dir.join(name), &options).unwrap();
        c.bench_function(
            &format!("extract {name} ({} chars)", policy.char_len()),
            |b| b.iter(|| black_box(extractor.extract(black_box(&policy)))),
        );
    }
    // A 50k-char policy: the three plain-text samples, end to end.
    let mut text = String::new();
    for name in ["kuaishou.txt", "kuaishou-shop.txt", "huajian.txt"] {
        text.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
        text.push('\n');
    }
    let text: String = text.chars().take(50_000).collect();
    let policy = parse_bytes(Path::new("big.txt"), text.as_bytes(), &options).unwrap();
    c.bench_function("extract 50k-char policy", |b| {
        b.iter(|| black_box(extractor.extract(black_box(&policy))))
    });
    c.bench_function("parse 50k-char policy", |b| {
        b.iter(|| black_box(parse_bytes(Path::new("big.txt"), text.as_bytes(), &options).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
