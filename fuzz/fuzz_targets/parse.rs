//! The whole `parse_bytes` pipeline, format chosen by the first byte (.txt / .html / .md): on
//! Ok, every span of the Policy (blocks, sentences, emphasis, hidden, soft breaks) is inside
//! `char_len()`, `slice`, `block_at` and `reading_view` work and agree (the invariants of
//! `tests/integration/util.rs::assert_offsets_hold`, see `policylens_fuzz::check_policy`).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policylens::document::Format;
use policylens::parse::{parse_bytes, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > policylens_fuzz::MAX_INPUT {
        return;
    }
    let (path, format) = [
        ("x.txt", Format::Text),
        ("x.html", Format::Html),
        ("x.md", Format::Markdown),
    ][first as usize % 3];
    if let Ok(policy) = parse_bytes(Path::new(path), rest, &ParseOptions::default()) {
        policylens_fuzz::check_policy(&policy, format);
    }
});
