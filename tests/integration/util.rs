use std::path::{Path, PathBuf};

use policylens::document::Policy;
use policylens::parse::{parse_file, ParseOptions};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn policies() -> PathBuf {
    root().join("policies")
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

pub fn parse(path: &Path) -> Policy {
    let options = ParseOptions {
        use_manifest: true,
        ..Default::default()
    };
    parse_file(path, &options).unwrap_or_else(|e| panic!("{e}"))
}

pub fn bundled() -> Vec<Policy> {
    [
        "kuaishou.txt",
        "kuaishou-shop.txt",
        "huajian.txt",
        "tencent.md",
    ]
    .iter()
    .map(|f| parse(&policies().join(f)))
    .collect()
}

/// Every range in the model slices the original text to what it claims.
pub fn assert_offsets_hold(p: &Policy) {
    let n = p.char_len();
    for b in &p.blocks {
        assert!(
            b.span.start < b.span.end && b.span.end <= n,
            "{}: block {:?}",
            p.source.path,
            b.span
        );
        let t = p.slice(b.span);
        assert_eq!(t.trim(), t, "{}: block not trimmed: {t:?}", p.source.path);
    }
    for w in p.blocks.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "{}: blocks overlap",
            p.source.path
        );
    }
    for s in &p.sentences {
        let block = &p.blocks[s.block];
        assert!(
            block.span.contains(s.span),
            "{}: sentence outside its block",
            p.source.path
        );
        assert!(!p.slice(s.span).trim().is_empty());
    }
    for w in p.sentences.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "{}: sentences overlap",
            p.source.path
        );
    }
    for e in &p.emphasis {
        assert!(e.span.end <= n && !e.span.is_empty());
        // Emphasis starts and ends on visible text, never on hidden markup such as `**`.
        let hidden = |at: usize| p.hidden.iter().any(|h| h.start <= at && at < h.end);
        assert!(
            !hidden(e.span.start) && !hidden(e.span.end - 1),
            "{}: emphasis {:?} ends on markup",
            p.source.path,
            p.slice(e.span)
        );
    }
    for s in &p.soft_breaks {
        assert!(
            p.slice(*s)
                .chars()
                .all(|c| policylens::normalize::normalize_char(c).is_whitespace()),
            "{}: soft break {:?} is not whitespace",
            p.source.path,
            p.slice(*s)
        );
        // (A line ends at `\n`, `\r\n` or a lone `\r`, as CommonMark reads them: proptest's
        // `!⏎$` with a lone carriage return is a Markdown soft break.)
        assert!(
            p.slice(*s).contains(['\n', '\r']),
            "{}: soft break {:?} holds no line break",
            p.source.path,
            p.slice(*s)
        );
    }
}

/// Run `command`, which must succeed (else fail with its standard error).
pub fn run_ok(command: &mut std::process::Command) -> std::process::Output {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        command,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
