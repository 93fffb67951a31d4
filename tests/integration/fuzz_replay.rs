//! The fuzz targets' checks (`fuzz/src/lib.rs`), replayed without libFuzzer on the repository's
//! own files and on every input the fuzzers ever failed on (`fuzz/regressions/<target>/`): the
//! short check of fuzzing that CI runs. The long runs are `fuzz/run-all.sh` (see the README).
use std::path::{Path, PathBuf};

use policylens::document::Format;
use policylens::ingest::ingest_bytes;
use policylens::parse::{parse_bytes, ParseOptions};
use tantivy::doc;

#[allow(dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod checks;

use crate::util::*;

/// The bundled policies and test fixtures, as bytes.
fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in [policies(), root().join("tests/fixtures")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            out.push((f, bytes));
        }
    }
    out
}

/// Inputs a fuzz target failed on once, in libFuzzer's form (for `segment` and `parse`, the
/// first byte picks the format).
fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = root().join("fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

const FORMATS: [(&str, Format); 3] = [
    ("x.txt", Format::Text),
    ("x.html", Format::Html),
    ("x.md", Format::Markdown),
];

fn parse_and_check(path: &Path, bytes: &[u8], format: Format) {
    if let Ok(policy) = parse_bytes(path, bytes, &ParseOptions::default()) {
        checks::check_policy(&policy, format);
    }
}

fn ingest_segment_and_check(path: &Path, bytes: &[u8]) {
    let decoded = policylens::decode::decode(bytes);
    checks::check_decode(bytes, &decoded);
    let Ok(ing) = ingest_bytes(path, bytes) else {
        return;
    };
    if let Some(text) = checks::decoded_text(bytes) {
        checks::check_ingested(&ing, &text);
    }
    let normalized_text = policylens::normalize::normalize(&ing.text);
    let normalized: Vec<char> = normalized_text.chars().collect();
    let seg = policylens::segment::segment(&ing, &normalized_text, &normalized);
    checks::check_segmented(&ing, &normalized, &seg);
}

#[test]
fn the_fuzz_checks_hold_on_the_bundled_policies_and_fixtures_in_every_format() {
    for (file, bytes) in seeds() {
        for (name, format) in FORMATS {
            let path = file.with_file_name(name);
            ingest_segment_and_check(&path, &bytes);
            parse_and_check(&path, &bytes, format);
        }
    }
}

#[test]
fn inputs_the_fuzzers_once_failed_on_pass_their_checks() {
    let mut replayed = 0;
    for target in ["parse", "segment"] {
        for (_, data) in regressions(target) {
            let Some((&first, rest)) = data.split_first() else {
                continue;
            };
            let (name, format) = FORMATS[first as usize % 3];
            ingest_segment_and_check(Path::new(name), rest);
            parse_and_check(Path::new(name), rest, format);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "fuzz/regressions/ holds no inputs");
}

/// The `query` target's index: a few clauses, in RAM, with the library's schema and analyzer.
fn query_searcher() -> (tantivy::Searcher, policylens::index::Fields) {
    let (schema, fields) = policylens::index::schema();
    let index = tantivy::Index::create_in_ram(schema);
    index
        .tokenizers()
        .register(policylens::index::TOKENIZER, policylens::index::analyzer());
    let mut writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
        .unwrap();
    for (i, text) in [
        "当您注册时，我们会收集您的手机号码，用于注册登录。",
        "我们会收集您的精准位置信息、设备信息和人脸识别特征。",
        "未经您的同意，我们不会向第三方共享您的个人信息。",
        "个人信息安全：我们采用加密技术保护您的信息安全。",
        "Cookie 和同类技术；SDK 第三方 OR NOT AND",
    ]
    .iter()
    .enumerate()
    {
        writer
            .add_document(doc!(
                fields.pid => i as u64,
                fields.kind => policylens::index::KIND_CLAUSE,
                fields.text => *text,
            ))
            .unwrap();
    }
    writer.commit().unwrap();
    (index.reader().unwrap().searcher(), fields)
}

#[test]
fn exclusion_of_a_phrase_is_correct() {
    // 信息 is in documents 1, 2 and 3; the phrase 我们会收集 (three words) in 0 and 1.
    let (searcher, fields) = query_searcher();
    for (query, expected) in [
        ("信息 -\"我们会收集\"", 2),
        ("信息 -\"我们会收集\" -\"不会向第三方\"", 1),
        ("信息 -\"不存在的短语\"", 3),
        ("收集 \"我们会收集\"", 2),
    ] {
        let node = policylens::search::parse(query).unwrap();
        let q =
            policylens::search::to_query(&node, &fields, policylens::search::Granularity::Words)
                .unwrap();
        let n = searcher.search(&*q, &tantivy::collector::Count).unwrap();
        assert_eq!(n, expected, "{query}");
    }
}

#[test]
fn queries_the_fuzzer_once_failed_on_run() {
    let (searcher, fields) = query_searcher();
    let mut replayed = 0;
    for (file, data) in regressions("query") {
        let text = String::from_utf8_lossy(&data);
        let Some(node) = policylens::search::parse(&text) else {
            continue;
        };
        for g in [
            policylens::search::Granularity::Words,
            policylens::search::Granularity::Parts,
        ] {
            if let Some(q) = policylens::search::to_query(&node, &fields, g) {
                let n = searcher
                    .search(&*q, &tantivy::collector::Count)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                assert!(n <= 5);
            }
        }
        replayed += 1;
    }
    assert!(replayed > 0, "fuzz/regressions/query/ holds no inputs");
}
