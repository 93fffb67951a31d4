//! Bytes → ingest (format chosen by the first byte: .txt / .html / .md) → normalize → segment:
//! normalization keeps the char count; blocks are non-empty, trimmed, ordered, disjoint and in
//! range; every sentence lies inside its (existing) block; sentences are ordered and disjoint;
//! soft breaks are whitespace; the title block exists.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policylens::ingest::ingest_bytes;
use policylens::{normalize, segment};

fuzz_target!(|data: &[u8]| {
    let Some((path, _, file)) = policylens_fuzz::file_of(data) else {
        return;
    };
    let Ok(ing) = ingest_bytes(Path::new(path), file) else {
        return;
    };
    let normalized_text = normalize::normalize(&ing.text);
    let normalized: Vec<char> = normalized_text.chars().collect();
    let seg = segment::segment(&ing, &normalized_text, &normalized);
    policylens_fuzz::check_segmented(&ing, &normalized, &seg);
});
