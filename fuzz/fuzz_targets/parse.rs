//! The whole `parse_bytes` pipeline, format chosen by the first byte (.txt / .html / .md): on
//! Ok, every span of the Policy (blocks, sentences, emphasis, hidden, soft breaks) is inside
//! `char_len()`, `slice`, `block_at` and `reading_view` work and agree (the invariants of
//! `tests/integration/util.rs::assert_offsets_hold`, see `policylens_fuzz::check_policy`).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use policylens::parse::{parse_bytes, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let Some((path, format, file)) = policylens_fuzz::file_of(data) else {
        return;
    };
    if let Ok(policy) = parse_bytes(Path::new(path), file, &ParseOptions::default()) {
        policylens_fuzz::check_policy(&policy, format);
    }
});
