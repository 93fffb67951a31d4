//! Micro-benchmarks of the search path (criterion): the index analyzer next to raw jieba-rs on
//! the same text, and queries on a library of the bundled policies. Run with
//! `cargo bench --bench search`. The corpus-scale figures come from `cargo bench --bench library`.
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policylens::library::Library;
use policylens::search::SearchQuery;

/// What a cold process pays for jieba: loading the whole dictionary (jieba-rs's embedded copy, or
/// ours from the compiled table) against building a subset jieba for one query.
fn bench_jieba(c: &mut Criterion) {
    use policylens::index::{analyze_with, Segmenter};
    use policylens::jieba_dict;
    let mut group = c.benchmark_group("jieba dictionary");
    group.sample_size(10);
    group.bench_function("jieba_rs::Jieba::new (embedded, zstd)", |b| {
        b.iter(|| black_box(jieba_rs::Jieba::new()))
    });
    group.bench_function("jieba_dict::full (our table)", |b| {
        b.iter(|| black_box(jieba_dict::full()))
    });
    group.finish();

    let query = "我们会收集您的精准位置信息、设备标识符（IMEI/Android ID）和手机号码，用于向您提供个性化推荐服务，并在取得您的单独同意后与第三方合作伙伴共享人脸识别特征等个人敏感信息。";
    let mut group = c.benchmark_group("jieba subset");
    group.bench_function(
        format!("entries_in ({} chars)", query.chars().count()),
        |b| b.iter(|| black_box(jieba_dict::entries_in(black_box(query)))),
    );
    group.bench_function("subset_for", |b| {
        b.iter(|| black_box(jieba_dict::subset_for(black_box(query))))
    });
    group.bench_function("analyze, subset jieba", |b| {
        b.iter(|| black_box(analyze_with(black_box(query), Segmenter::Subset)))
    });
    group.bench_function("analyze, full jieba", |b| {
        b.iter(|| black_box(analyze_with(black_box(query), Segmenter::Full)))
    });
    group.finish();
}

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

criterion_group!(benches, bench_jieba, bench);
criterion_main!(benches);
