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
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > policylens_fuzz::MAX_INPUT {
        return;
    }
    let path = ["x.txt", "x.html", "x.md"][first as usize % 3];
    let Ok(ing) = ingest_bytes(Path::new(path), rest) else {
        return;
    };
    let normalized: Vec<char> = normalize::normalize(&ing.text).chars().collect();
    let seg = segment::segment(&ing, &normalized);
    policylens_fuzz::check_segmented(&ing, &normalized, &seg);
});
