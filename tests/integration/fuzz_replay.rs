//! The fuzz targets' checks (`fuzz/src/lib.rs`), replayed without libFuzzer on the repository's
//! own files and on every input the fuzzers ever failed on (`fuzz/regressions/<target>/`): the
//! short check of fuzzing that CI runs. The long runs are `fuzz/run-all.sh` (see the README).
use std::path::{Path, PathBuf};

use policylens::document::Format;
use policylens::ingest::ingest_bytes;
use policylens::parse::{parse_bytes, ParseOptions};

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
    let normalized: Vec<char> = policylens::normalize::normalize(&ing.text)
        .chars()
        .collect();
    let seg = policylens::segment::segment(&ing, &normalized);
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
