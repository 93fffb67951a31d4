//! Bad input is refused with a message naming the file, never a panic.
use std::path::Path;

use policylens::error::Error;
use policylens::ingest::IngestOptions;
use policylens::parse::{parse_bytes, parse_file, ParseOptions};
use proptest::prelude::*;

fn refusal(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    match parse_file(&path, &ParseOptions::default()) {
        Err(e @ Error::Refused { .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with(&path.display().to_string()), "{msg}");
            msg
        }
        other => panic!("{name} was not refused: {other:?}"),
    }
}

#[test]
fn empty_file_is_refused() {
    assert!(refusal("empty.txt", b"").contains("空文件"));
    assert!(refusal("blank.txt", b" \n\r\n\t ").contains("空文件"));
}

#[test]
fn binary_files_are_refused() {
    assert!(refusal("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").contains("PDF"));
    assert!(refusal("x.txt", &[0u8, 1, 2, 3, 0, 0, 7, 8, 0, 9, 255, 0]).contains("二进制"));
}

#[test]
fn undecodable_bytes_are_refused() {
    // UTF-16 (by its BOM) made of lone surrogates: nothing in it decodes.
    let mut bytes = vec![0xFF, 0xFE];
    for _ in 0..500 {
        bytes.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]);
    }
    let msg = refusal("garbage.txt", &bytes);
    assert!(msg.contains("无法解码") || msg.contains("二进制"), "{msg}");
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, "隐私政策。".repeat(1000)).unwrap();
    let options = ParseOptions {
        ingest: IngestOptions { max_bytes: 1000 },
        ..Default::default()
    };
    let msg = parse_file(&path, &options).unwrap_err().to_string();
    assert!(msg.contains("big.txt") && msg.contains("文件太大"), "{msg}");
    const { assert!(policylens::ingest::DEFAULT_MAX_BYTES >= 20 * 1024 * 1024) };
}

#[test]
fn a_missing_file_names_the_file() {
    let msg = parse_file(Path::new("/no/such/policy.txt"), &ParseOptions::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("/no/such/policy.txt"), "{msg}");
}

fn check_no_panic(name: &str, bytes: &[u8]) {
    if let Ok(p) = parse_bytes(Path::new(name), bytes, &ParseOptions::default()) {
        crate::util::assert_offsets_hold(&p);
    }
}

#[test]
fn pieces_of_a_cut_run_on_line_are_not_joined_by_a_soft_break() {
    // proptest's minimal case: a body piece that fills the "wrap width" was joined to the next
    // piece of the same line, making a soft break that contains no line break.
    let text = "一、一、我们会收集设备型号和操作系统版本三、一、我们会收集设备型号和操作系统版本一、我们如何收集您的个人信息一、一、一、一、一、一、一、一、一、一、一、十二、一、我们如何收集您的个人信息，一、第二章节 一、1、一、我们如何收集您的个人信息。一、1、。一、我们会收集设备型号和操作系统版本1、一、我们如何收集您的个人信息一、一、一、一、一、一、一、一、一、一、一、一、我们如何收集您的个人信息一、一、一、一、我们如何收集您的个人信息一、一、一、一、一、一、一、一、一、我们如何收集您的个人信息一、我们会收集设备型号和操作系统版本我们如何收集您的个人信息一、一、一、一、一、一、一、我们如何收集您的个人信息一、我们如何收集您的个人信息我们会收集设备型号和操作系统版本一、一、一、一、(二)(二)十二、2、（一）如何联系我们三、Cookie统一、 第二章节 第二章节 (二)十二、⼀、我们会收集设备型号和操作系统版本";
    check_no_panic("page.txt", text.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for name in ["a.txt", "a.md", "a.html", "a"] {
            check_no_panic(name, &bytes);
        }
    }

    #[test]
    fn random_markdown_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("# "), Just("## "), Just("**"), Just("__"), Just("*"), Just("\n"), Just("\n\n"),
            Just("- "), Just("1. "), Just("| a | b |\n|---|---|\n"), Just("[链接](#x)"), Just("<b>"),
            Just("</b>"), Just("<span id=\"p\">"), Just("`"), Just("> "), Just("（一）"), Just("一、"),
            Just("我们收集您的手机号码"), Just("。"), Just("；"), Just("\u{3000}"), Just("⽤户"), Just("\\"),
        ], 0..60)) {
        check_no_panic("p.md", parts.concat().as_bytes());
    }

    #[test]
    fn random_html_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<p>"), Just("</p>"), Just("<b>"), Just("</b>"), Just("<strong>"), Just("<div>"), Just("</div>"),
            Just("<h2>"), Just("</h2>"), Just("<li>"), Just("<table><tr><td>"), Just("</td></tr>"),
            Just("<script>"), Just("</script>"), Just("<span style=\"color:red\">"), Just("</span>"),
            Just("<u>"), Just("<br>"), Just("&nbsp;"), Just("&amp;"), Just("<!--"), Just("-->"),
            Just("我们收集您的位置信息"), Just("。"), Just("（1）"), Just("\n"), Just("<pre>"), Just("</pre>"),
        ], 0..80)) {
        check_no_panic("p.html", parts.concat().as_bytes());
    }

    #[test]
    fn random_run_on_pages_never_panic(parts in proptest::collection::vec(
        prop_oneof![
            Just("一、"), Just("二、"), Just("三、"), Just("十二、"), Just("（一）"), Just("(二)"),
            Just("第一章"), Just("第二章节 "), Just("1、"), Just("2、"), Just("3、"), Just(" "),
            Just("\t"), Just("。"), Just("，"), Just("我们如何收集您的个人信息"), Just("如何联系我们"),
            Just("Cookie"), Just("⼀、"), Just("统一、"), Just("我们会收集设备型号和操作系统版本"),
        ], 100..400)) {
        // Long single lines go through the inline-heading cutter.
        check_no_panic("page.txt", parts.concat().as_bytes());
    }

    #[test]
    fn random_text_lines_never_panic(lines in proptest::collection::vec("[一二（）1-9.、a-z。；\\n ⽤户收集信息：]{0,40}", 0..40)) {
        check_no_panic("p.txt", lines.join("\n").as_bytes());
    }
}
