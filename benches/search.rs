//! Micro-benchmarks of the search path (criterion): the index analyzer next to raw jieba-rs on
//! the same text, and queries on a library of the bundled policies. Run with
//! `cargo bench --bench search`. The corpus-scale figures come from `cargo bench --bench library`.
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policylens::library::Library;
use policylens::search::SearchQuery;

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let text = policylens::decode::decode(&std::fs::read(dir.join("kuaishou.txt")).unwrap())
        .unwrap()
        .text;
    let jieba = policylens::index::jieba();
    let mut group = c.benchmark_group("tokenize kuaishou.txt");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("raw jieba-rs cut_for_search", |b| {
        b.iter(|| black_box(jieba.cut_for_search(black_box(&text), true).len()))
    });
    let mut analyzer = policylens::index::analyzer();
    group.bench_function("index analyzer", |b| {
        b.iter(|| {
            let mut stream = analyzer.token_stream(black_box(&text));
            let mut n = 0;
            while stream.advance() {
                n += 1;
            }
            black_box(n)
        })
    });
    group.finish();

    let tmp = tempfile::tempdir().unwrap();
    let library = Library::open(tmp.path().join("lib")).unwrap();
    library.add_paths(&[dir], &mut |_| {}).unwrap();
    let mut group = c.benchmark_group("search bundled library (top 10 with snippets)");
    for q in ["用户", "手机号", "\"精准位置信息\"", "人脸 OR 指纹 -第三方"] {
        let query = SearchQuery {
            limit: 10,
            ..SearchQuery::new(q)
        };
        group.bench_function(q, |b| b.iter(|| black_box(library.search(&query).unwrap())));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
