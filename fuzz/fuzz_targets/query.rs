//! Arbitrary text → `search::parse` (the query language) → `search::to_query` at both
//! granularities → executed (Count) on a small in-RAM tantivy index with the library's schema and
//! analyzer. Checks the parser's promises: no syntax errors; words are non-empty, hold no
//! whitespace, brackets or `|` and are not operators; phrases are not blank; AND/OR have at
//! least two parts; `query_tokens` are sorted by position.
//!
//! Nesting is bounded by the parser (`search::MAX_QUERY_DEPTH`), so inputs are as long as
//! libFuzzer makes them; the target runs on libFuzzer's own thread, whose stack is the main
//! thread's, but a 2 MiB worker stack is checked by the integration test
//! `a_query_of_thousands_of_nested_parentheses_does_not_overflow_the_stack`.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use policylens::index::{self, Fields};
use policylens::search::{self, Granularity, Node};
use tantivy::collector::Count;
use tantivy::{doc, Index, Searcher};

/// Queries are typed by people; longer inputs only slow the run down.
const MAX_QUERY_BYTES: usize = 16 * 1024;

const DOCS: &[&str] = &[
    "当您注册时，我们会收集您的手机号码，用于注册登录。",
    "我们会收集您的精准位置信息、设备信息和人脸识别特征。",
    "未经您的同意，我们不会向第三方共享您的个人信息。",
    "个人信息安全：我们采用加密技术保护您的信息安全。",
    "Cookie 和同类技术；SDK 第三方 OR NOT AND",
];

static SEARCHER: LazyLock<(Searcher, Fields)> = LazyLock::new(|| {
    let (schema, fields) = index::schema();
    let idx = Index::create_in_ram(schema);
    idx.tokenizers().register(index::TOKENIZER, index::analyzer());
    let mut writer = idx
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
        .expect("writer");
    for (i, text) in DOCS.iter().enumerate() {
        writer
            .add_document(doc!(
                fields.pid => i as u64,
                fields.kind => index::KIND_CLAUSE,
                fields.text => *text,
            ))
            .expect("add");
    }
    writer.commit().expect("commit");
    let searcher = idx.reader().expect("reader").searcher();
    (searcher, fields)
});

fn check(node: &Node) {
    match node {
        Node::Word(w) => {
            assert!(!w.is_empty(), "empty word");
            assert!(
                !w.chars().any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '|')),
                "word {w:?} holds whitespace, a bracket or |"
            );
            assert!(
                !matches!(w.as_str(), "AND" | "OR" | "NOT" | "&&" | "||"),
                "operator {w:?} parsed as a word"
            );
        }
        Node::Phrase(p) => assert!(!p.trim().is_empty(), "blank phrase"),
        Node::And(v) | Node::Or(v) => {
            assert!(v.len() >= 2, "AND/OR with {} parts: {node:?}", v.len());
            v.iter().for_each(check);
        }
        Node::Not(inner) => check(inner),
    }
}

/// Whether a phrase sits anywhere under a NOT.
fn excludes_a_phrase(node: &Node) -> bool {
    fn walk(node: &Node, negated: bool) -> bool {
        match node {
            Node::Phrase(_) => negated,
            Node::Word(_) => false,
            Node::Not(inner) => walk(inner, true),
            Node::And(v) | Node::Or(v) => v.iter().any(|n| walk(n, negated)),
        }
    }
    walk(node, false)
}

fn words(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Word(w) | Node::Phrase(w) => out.push(w.clone()),
        Node::And(v) | Node::Or(v) => v.iter().for_each(|n| words(n, out)),
        Node::Not(inner) => words(inner, out),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_QUERY_BYTES {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let Some(node) = search::parse(&text) else {
        return;
    };
    check(&node);
    let mut ws = Vec::new();
    words(&node, &mut ws);
    for w in ws.iter().take(16) {
        for g in [Granularity::Words, Granularity::Parts] {
            let tokens = search::query_tokens(w, g);
            assert!(
                tokens.windows(2).all(|t| t[0].position <= t[1].position),
                "query_tokens({w:?}, {g:?}) not sorted by position"
            );
        }
    }
    // tantivy 0.27 debug-asserts that a NOT clause never seeks an excluded phrase backwards,
    // which it does once the phrase's postings run out (upstream quickwit-oss/tantivy#2811; the
    // release build, and the tests, which build tantivy without debug assertions, exclude
    // correctly: `exclusion_of_a_phrase_is_correct`). cargo-fuzz turns debug assertions on for
    // every crate, so such queries are parsed and checked here but not run.
    if excludes_a_phrase(&node) {
        return;
    }
    let (searcher, fields) = &*SEARCHER;
    for g in [Granularity::Words, Granularity::Parts] {
        if let Some(q) = search::to_query(&node, fields, g) {
            let n = searcher.search(&*q, &Count).expect("search failed");
            assert!(n <= DOCS.len());
        }
    }
});
