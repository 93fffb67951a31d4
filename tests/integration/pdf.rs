//! PDF files: the text layer read back as the source text, without the running headers,
//! footers and page numbers a printed page adds; bold clauses kept; the same policy as
//! Markdown, HTML, PDF and Word read the same way; damaged, encrypted and scanned PDFs refused.
//!
//! The generated PDFs come from `scripts/make-test-documents.sh` (headless Chromium), which
//! the test command runs first (and names in `POLICYLENS_TEST_DOCUMENTS`, so that their
//! absence fails); run it by hand before `cargo test` to include them. The refusals of
//! documents built here in code run either way.
use std::path::{Path, PathBuf};

use policylens::ask::{parse_question, Analysed};
use policylens::document::{EmphasisKind, Policy};
use policylens::extract::extract;
use policylens::normalize::normalize;
use policylens::parse::{parse_bytes, parse_file, ParseOptions};

use crate::util::*;

/// The folder of generated test documents: `$POLICYLENS_TEST_DOCUMENTS` (the test command
/// sets it: missing documents are then a failure), else `target/test-documents` if it is
/// there, else `None` (skipped, said on stderr).
fn documents() -> Option<PathBuf> {
    let named = std::env::var_os("POLICYLENS_TEST_DOCUMENTS").map(PathBuf::from);
    let dir = named
        .clone()
        .unwrap_or_else(|| root().join("target/test-documents"));
    if dir.join("tencent.pdf").is_file() {
        return Some(dir);
    }
    assert!(
        named.is_none(),
        "no generated PDFs in {}: run scripts/make-test-documents.sh",
        dir.display()
    );
    eprintln!(
        "skipped: no generated PDFs in {} (scripts/make-test-documents.sh makes them)",
        dir.display()
    );
    None
}

fn read(path: &Path) -> Policy {
    parse_file(path, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// A policy's blocks as read (markup and soft breaks dropped, normalized), without white
/// space: what two renderings of one text must share.
fn reading_text(p: &Policy) -> Vec<char> {
    p.blocks
        .iter()
        .flat_map(|b| {
            normalize(&p.reading_view(b.span).text)
                .chars()
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// difflib's ratio: twice the chars the two share in order over their total length.
fn similarity(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, a, b);
    let shared: usize = diff
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Lines a browser's print adds around every page: its date and time, the file's address,
/// the page count.
fn print_furniture(line: &str) -> bool {
    let line = line.trim();
    line.contains("file://")
        || regex::Regex::new(r"^\d{1,2}/\d{1,2}/\d{2},? \d{1,2}:\d{2}")
            .unwrap()
            .is_match(line)
        || regex::Regex::new(r"^\d+\s*/\s*\d+$")
            .unwrap()
            .is_match(line)
}

#[test]
fn generated_pdfs_read_back_their_source_text_without_page_furniture() {
    let Some(dir) = documents() else { return };
    let mut measured = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let pdf = entry.unwrap().path();
        let source = pdf.with_extension("source");
        if pdf.extension().is_none_or(|e| e != "pdf") || !source.is_file() {
            continue;
        }
        let source_path = std::fs::read_to_string(&source).unwrap();
        let source_path = root().join(source_path.trim());
        let from_pdf = read(&pdf);
        assert_eq!(from_pdf.source.format.as_str(), "pdf");
        assert_offsets_hold(&from_pdf);
        let original = read(&source_path);
        let ratio = similarity(&reading_text(&original), &reading_text(&from_pdf));
        measured.push((
            ratio,
            pdf.file_name().unwrap().to_string_lossy().to_string(),
        ));
        for line in from_pdf.text.lines() {
            assert!(
                !print_furniture(line),
                "{}: a page's header or footer is left: {line:?}",
                pdf.display()
            );
        }
        assert!(from_pdf.pages.len() > 1 || from_pdf.text.chars().count() < 3000);
    }
    measured.sort_by(|a, b| a.0.total_cmp(&b.0));
    eprintln!("similarity to the source text, lowest first: {measured:?}");
    assert!(measured.len() >= 4, "{measured:?}");
    for (ratio, name) in &measured {
        assert!(*ratio >= 0.98, "{name}: {ratio:.4} < 0.98");
    }
}

#[test]
fn pages_read_on_several_threads_read_as_pages_read_in_turn() {
    let Some(dir) = documents() else { return };
    for name in ["kuaishou.pdf", "tencent.pdf", "crawl-06.pdf"] {
        let path = dir.join(name);
        let on_threads = serde_json::to_string(&read(&path)).unwrap();
        // An import's worker reads a PDF's pages in turn, on its own thread.
        let in_turn =
            policylens::extract::as_pool_worker(|| serde_json::to_string(&read(&path)).unwrap());
        assert!(on_threads == in_turn, "{name}: read differently on threads");
    }
}

/// A policy's bold spans as read, white space dropped.
fn bold_texts(p: &Policy) -> Vec<String> {
    p.emphasis
        .iter()
        .filter(|e| e.kind == EmphasisKind::Bold)
        .map(|e| {
            p.reading_view(e.span)
                .text
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        })
        .collect()
}

/// Each bold span of the Markdown's, and whether the PDF has a bold span holding it.
fn bold_kept(md: &Policy, pdf: &Policy) -> Vec<(String, bool)> {
    let in_pdf = bold_texts(pdf);
    bold_texts(md)
        .into_iter()
        .map(|b| {
            let kept = in_pdf.iter().any(|p| p.contains(&b));
            (b, kept)
        })
        .collect()
}

#[test]
fn bold_clauses_of_a_printed_policy_are_emphasis_again() {
    let Some(dir) = documents() else { return };
    let md = read(&policies().join("tencent.md"));
    let pdf = read(&dir.join("tencent.pdf"));
    let kept = bold_kept(&md, &pdf);
    assert_eq!(kept.len(), 22, "{kept:?}");
    let lost: Vec<&String> = kept.iter().filter(|k| !k.1).map(|k| &k.0).collect();
    assert!(lost.len() <= 2, "bold clauses lost: {lost:?}");
    // And no more than the policy marks: every bold char of the PDF is bold in the source.
    let bold_chars =
        |p: &Policy| -> usize { bold_texts(p).iter().map(|b| b.chars().count()).sum() };
    assert!(
        bold_chars(&pdf) <= bold_chars(&md),
        "{} > {}",
        bold_chars(&pdf),
        bold_chars(&md)
    );
}

/// What a reader is told about a policy: its clauses, the data items of its practices, and
/// the answers to three questions (the items each names).
fn what_it_says(p: &Policy) -> (Vec<String>, Vec<String>, Vec<Vec<String>>) {
    let squeeze = |s: String| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let clauses = p
        .sentences
        .iter()
        .map(|s| squeeze(p.reading_view(s.span).text))
        .collect();
    let x = extract(p);
    let mut items: Vec<String> = x
        .practices
        .iter()
        .flat_map(|pr| {
            pr.data
                .iter()
                .map(|&d| {
                    format!(
                        "{:?} {}",
                        pr.action,
                        squeeze(p.reading_view(x.spans[d].span).text)
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    items.sort();
    let lexicon = policylens::lexicon::Lexicon::builtin();
    let apps: Vec<String> = p.app.iter().cloned().collect();
    let answers = [
        "会收集我的位置信息吗",
        "为了实名认证会收集哪些信息",
        "会把我的信息共享给谁",
    ]
    .iter()
    .map(|question| {
        let q = parse_question(question, &apps, lexicon);
        let one = [Analysed {
            policy: p,
            extraction: &x,
        }];
        match policylens::ask::ask(&q, &one, lexicon) {
            Ok(answer) => {
                let v = serde_json::to_value(answer).unwrap();
                let mut names: Vec<String> = Vec::new();
                collect_names(&v, &mut names);
                names.sort();
                names
            }
            Err(e) => vec![format!("{e}")],
        }
    })
    .collect();
    (clauses, items, answers)
}

/// The item names in an answer (its `name` / `item` fields), wherever they sit.
fn collect_names(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("name" | "item" | "data_type", serde_json::Value::String(s)) => {
                        out.push(s.clone())
                    }
                    _ => collect_names(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_names(i, out)),
        _ => {}
    }
}

#[test]
fn one_policy_as_markdown_html_pdf_and_word_says_the_same() {
    let Some(dir) = documents() else { return };
    let md = read(&policies().join("tencent.md"));
    let html = read(&dir.join("tencent.html"));
    let pdf = read(&dir.join("tencent.pdf"));
    let docx_bytes = crate::docx::as_docx(&md);
    let docx = parse_bytes(
        Path::new("tencent.docx"),
        &docx_bytes,
        &ParseOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (md_clauses, md_items, md_answers) = what_it_says(&md);
    assert!(md_items.len() >= 15, "{md_items:?}");
    for (name, other) in [("html", &html), ("pdf", &pdf), ("docx", &docx)] {
        let (clauses, items, answers) = what_it_says(other);
        let missing: Vec<&String> = md_clauses.iter().filter(|c| !clauses.contains(c)).collect();
        assert!(
            missing.is_empty(),
            "{name}: clauses not read the same: {missing:#?}"
        );
        assert_eq!(items, md_items, "{name}: data items");
        assert_eq!(answers, md_answers, "{name}: answers");
    }
}

#[test]
fn evidence_in_a_pdf_says_its_page() {
    let Some(dir) = documents() else { return };
    let pdf = read(&dir.join("tencent.pdf"));
    assert!(pdf.pages.len() >= 5, "{:?}", pdf.pages);
    // The last clause is on the last page; the first on the first.
    let last = pdf.sentences.last().unwrap();
    assert_eq!(pdf.page_of(last.span.start), Some(pdf.pages.len() as u32));
    assert_eq!(pdf.page_of(pdf.sentences[0].span.start), Some(1));
}

#[test]
fn a_scanned_pdf_is_refused_saying_what_to_do() {
    let Some(dir) = documents() else { return };
    let err = parse_file(&dir.join("scanned.pdf"), &ParseOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("scanned.pdf"), "{message}");
    assert!(message.contains("没有文字层"), "{message}");
    assert!(message.contains("OCR"), "{message}");
}

/// `tests/fixtures/pdf/`, committed so that the PDF path is tested where Chromium is not:
/// `printed.md` (the opening of `policies/tencent.md` and a line with `≡` and `©`, symbols
/// that send pdf_oxide to the embedded font's glyph names — the path vendor/ttf-parser
/// patches) printed as `make-test-documents.sh` prints the bundled policies (LXGW WenKai,
/// the browser's header and footer on): `printed.pdf`; `scanned.pdf` is a screenshot of
/// the same page, printed.
fn fixture_pdfs() -> PathBuf {
    root().join("tests/fixtures/pdf")
}

#[test]
fn a_committed_pdf_reads_back_its_text_bold_clauses_symbols_and_pages() {
    let md = read(&fixture_pdfs().join("printed.md"));
    let pdf = read(&fixture_pdfs().join("printed.pdf"));
    assert_offsets_hold(&pdf);
    let ratio = similarity(&reading_text(&md), &reading_text(&pdf));
    assert!(ratio >= 0.98, "{ratio:.4}");
    for line in pdf.text.lines() {
        assert!(!print_furniture(line), "header or footer left: {line:?}");
    }
    assert!(
        pdf.text.contains("左上角【≡】-【设置】") && pdf.text.contains("© 2026"),
        "{}",
        pdf.text
    );
    let kept = bold_kept(&md, &pdf);
    let lost: Vec<_> = kept.iter().filter(|k| !k.1).collect();
    assert!(kept.len() >= 15 && lost.is_empty(), "{kept:?}");
    assert_eq!(pdf.pages.len(), 3, "{:?}", pdf.pages);
    let last = pdf.sentences.last().unwrap();
    assert_eq!(pdf.page_of(last.span.start), Some(3));
    assert_eq!(pdf.page_of(0), Some(1));
}

#[test]
fn a_committed_scanned_pdf_is_refused_saying_what_to_do() {
    let err = parse_file(
        &fixture_pdfs().join("scanned.pdf"),
        &ParseOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("scanned.pdf") && err.contains("没有文字层"),
        "{err}"
    );
    assert!(err.contains("OCR"), "{err}");
}

/// A minimal PDF with an `/Encrypt` dictionary whose user password is not empty.
fn encrypted_pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.6\n".to_vec();
    let mut offsets = Vec::new();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_string(),
        "<< /Length 10 >>\nstream\n0123456789\nendstream".to_string(),
        format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1028 /O <{}> /U <{}> >>",
            "7a".repeat(32),
            "5c".repeat(32)
        ),
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Encrypt 5 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
            id = "00".repeat(16)
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn damaged_encrypted_and_truncated_pdfs_are_refused_by_name() {
    let refusal = |name: &str, bytes: &[u8]| -> String {
        let err = parse_bytes(Path::new(name), bytes, &ParseOptions::default())
            .map(|p| format!("read {} chars", p.text.chars().count()))
            .expect_err(name);
        let message = err.to_string();
        assert!(message.starts_with(name), "{message}");
        message
    };
    let message = refusal("locked.pdf", &encrypted_pdf());
    assert!(message.contains("密码"), "{message}");
    refusal("garbage.pdf", b"%PDF-1.7\n\x00\x01\x02 not a pdf at all");
    // A PDF once opened as text and saved again (twelve of the crawl's): its binary streams are
    // now `�`. Told as such, not as a broken cross-reference table.
    let printed = std::fs::read(fixture_pdfs().join("printed.pdf")).unwrap();
    let saved_as_text = String::from_utf8_lossy(&printed).into_owned().into_bytes();
    let message = refusal("saved-as-text.pdf", &saved_as_text);
    assert!(
        message.contains("当作文本打开后另存") && message.contains("原始 PDF"),
        "{message}"
    );
    refusal("empty.pdf", b"%PDF-1.4\n%%EOF\n");
    // A real document cut short, at several lengths.
    if let Some(dir) = documents() {
        let whole = std::fs::read(dir.join("tencent.pdf")).unwrap();
        for cut in [64, 1000, whole.len() / 50] {
            let result = parse_bytes(
                Path::new("cut.pdf"),
                &whole[..cut],
                &ParseOptions::default(),
            );
            // Refused, or (a cut a reader can repair) read as text: never a panic.
            if let Err(e) = result {
                assert!(e.to_string().starts_with("cut.pdf"), "{e}");
            }
        }
    }
}
