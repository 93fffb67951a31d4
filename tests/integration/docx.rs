//! Word documents: `.docx` files written here (a small WordprocessingML writer over the zip
//! crate, from a parsed policy's blocks and bold spans) read back as the same policy; a legacy
//! `.doc` and a damaged package are refused by name.
use std::io::Write;
use std::path::Path;

use policylens::ask::{parse_question, Analysed};
use policylens::document::{BlockKind, EmphasisKind, Policy};
use policylens::extract::extract;
use policylens::parse::{parse_bytes, ParseOptions};

use crate::util::*;

/// XML-escape text for a `w:t`.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A `.docx` package holding `body` (the children of `w:body`) and `styles`.
fn docx(body: &str, styles: &str) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
                ),
            ),
            (
                "word/styles.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{styles}</w:styles>"#
                ),
            ),
        ];
        for (name, xml) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    out
}

/// Styles as Word writes them: headings by name (one Chinese, as WPS names them), a list style
/// with numbering, a bold character style.
const STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="Heading1"/></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>"#;

/// A paragraph of runs `(text, bold)` in style `style`.
fn paragraph(style: Option<&str>, runs: &[(String, bool)]) -> String {
    let mut p = String::from("<w:p>");
    if let Some(s) = style {
        p.push_str(&format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#));
    }
    for (text, bold) in runs {
        p.push_str("<w:r>");
        if *bold {
            p.push_str("<w:rPr><w:b/></w:rPr>");
        }
        p.push_str(&format!(
            r#"<w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(text)
        ));
    }
    p.push_str("</w:p>");
    p
}

/// `policy` as a Word document: each block a paragraph in its style (headings, list items),
/// table cells as a table, its bold spans as bold runs; Markdown's hidden markup and soft
/// breaks left out, as a reader sees the text.
pub(crate) fn as_docx(policy: &Policy) -> Vec<u8> {
    let chars: Vec<char> = policy.text.chars().collect();
    fn within(mut spans: impl Iterator<Item = policylens::document::Span>, i: usize) -> bool {
        spans.any(|s| s.start <= i && i < s.end)
    }
    let mut body = String::new();
    let mut table: Option<(u32, Vec<Vec<String>>)> = None;
    let flush = |table: &mut Option<(u32, Vec<Vec<String>>)>, body: &mut String| {
        if let Some((_, rows)) = table.take() {
            body.push_str("<w:tbl>");
            for row in rows {
                body.push_str("<w:tr>");
                for cell in row {
                    body.push_str(&format!("<w:tc>{cell}</w:tc>"));
                }
                body.push_str("</w:tr>");
            }
            body.push_str("</w:tbl>");
        }
    };
    for block in &policy.blocks {
        let mut runs: Vec<(String, bool)> = Vec::new();
        for (i, &c) in chars
            .iter()
            .enumerate()
            .take(block.span.end)
            .skip(block.span.start)
        {
            if within(policy.hidden.iter().copied(), i)
                || within(policy.soft_breaks.iter().copied(), i)
            {
                continue;
            }
            let bold = within(
                policy
                    .emphasis
                    .iter()
                    .filter(|e| e.kind == EmphasisKind::Bold)
                    .map(|e| e.span),
                i,
            );
            match runs.last_mut() {
                Some((text, b)) if *b == bold => text.push(c),
                _ => runs.push((c.to_string(), bold)),
            }
        }
        match block.kind {
            BlockKind::TableCell {
                table: t, row, col, ..
            } => {
                if table.as_ref().is_some_and(|(open, _)| *open != t) {
                    flush(&mut table, &mut body);
                }
                let rows = &mut table.get_or_insert_with(|| (t, Vec::new())).1;
                while rows.len() <= row as usize {
                    rows.push(Vec::new());
                }
                let cells = &mut rows[row as usize];
                while cells.len() <= col as usize {
                    cells.push(String::new());
                }
                cells[col as usize].push_str(&paragraph(None, &runs));
            }
            kind => {
                flush(&mut table, &mut body);
                let style = match kind {
                    BlockKind::Heading { level: 1 } => Some("Heading1"),
                    BlockKind::Heading { level: 2 } => Some("2"),
                    BlockKind::Heading { .. } => Some("Heading3"),
                    BlockKind::ListItem => Some("ListBullet"),
                    _ => None,
                };
                body.push_str(&paragraph(style, &runs));
            }
        }
    }
    flush(&mut table, &mut body);
    docx(&body, STYLES)
}

fn read(name: &str, bytes: &[u8]) -> Policy {
    parse_bytes(Path::new(name), bytes, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// What a reader gets from a policy: its blocks (kind and text as read), its bold clauses,
/// and its practices (action and data items).
fn reading(p: &Policy) -> (Vec<String>, Vec<String>, Vec<String>) {
    let blocks = p
        .blocks
        .iter()
        .map(|b| format!("{:?} {}", b.kind, p.reading_view(b.span).text))
        .collect();
    let bold = p
        .emphasis
        .iter()
        .filter(|e| e.kind == EmphasisKind::Bold)
        .map(|e| p.reading_view(e.span).text)
        .collect();
    let x = extract(p);
    let practices = x
        .practices
        .iter()
        .map(|pr| {
            let data: Vec<String> = pr
                .data
                .iter()
                .map(|&d| p.reading_view(x.spans[d].span).text)
                .collect();
            format!("{:?} {:?} {}", pr.action, pr.modality, data.join("|"))
        })
        .collect();
    (blocks, bold, practices)
}

#[test]
fn a_policy_written_as_docx_reads_back_as_the_same_policy() {
    // Both read the same way: no manifest beside a file saved elsewhere.
    let md_bytes = std::fs::read(policies().join("tencent.md")).unwrap();
    let md = read("tencent.md", &md_bytes);
    let bytes = as_docx(&md);
    let doc = read("tencent.docx", &bytes);
    assert_eq!(doc.source.format.as_str(), "docx");
    assert_offsets_hold(&doc);
    let (md_blocks, md_bold, md_practices) = reading(&md);
    let (doc_blocks, doc_bold, doc_practices) = reading(&doc);
    assert_eq!(doc_blocks, md_blocks);
    assert!(md_bold.len() >= 20, "{}", md_bold.len());
    // Every bold clause is bold again (two that touch once Markdown's line break between them
    // is gone are one run in Word, and one span).
    for b in &md_bold {
        assert!(doc_bold.iter().any(|d| d.contains(b.as_str())), "{b}");
    }
    assert_eq!(doc_bold.concat(), md_bold.concat());
    assert!(!md_practices.is_empty());
    assert_eq!(doc_practices, md_practices);
    // And the same answers.
    let lexicon = policylens::lexicon::Lexicon::builtin();
    for question in [
        "会收集我的位置信息吗",
        "为了实名认证会收集哪些信息",
        "会把我的信息共享给谁",
    ] {
        let apps: Vec<String> = md.app.iter().cloned().collect();
        let q = parse_question(question, &apps, lexicon);
        let answer = |p: &Policy| {
            let x = extract(p);
            let one = [Analysed {
                policy: p,
                extraction: &x,
            }];
            policylens::ask::ask(&q, &one, lexicon)
                .map(|a| comparable(serde_json::to_value(a).unwrap()))
        };
        let (got, want) = (answer(&doc), answer(&md));
        let lines = |a: &Result<serde_json::Value, _>| -> Vec<String> {
            match a {
                Ok(v) => serde_json::to_string_pretty(v)
                    .unwrap()
                    .lines()
                    .map(str::to_string)
                    .collect(),
                Err(e) => vec![format!("{e:?}")],
            }
        };
        let (got, want) = (lines(&got), lines(&want));
        let first_difference = got.iter().zip(&want).position(|(a, b)| a != b);
        assert!(
            got == want,
            "{question}: differs at line {first_difference:?}: {:?} / {:?}",
            first_difference.map(|i| &got[i]),
            first_difference.map(|i| &want[i]),
        );
    }
}

#[test]
fn headings_lists_tables_and_emphasis_are_read_from_the_document() {
    let body = concat!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>隐私政策</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>一、我们如何收集信息</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">我们会收集您的</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>手机号码</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>和身份证号</w:t></w:r><w:r><w:t>，用于注册&amp;登录。</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>设备信息</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>位置信息</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>（可选）</w:t></w:r></w:p>"#,
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>SDK名称</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>收集的信息</w:t></w:r></w:p></w:tc></w:tr>"#,
        r#"<w:tr><w:tc><w:p><w:r><w:t>微信SDK</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>设备标识</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        r#"<w:p><w:r><w:delText>删掉的字</w:delText></w:r><w:del><w:r><w:t>也删了</w:t></w:r></w:del><w:r><w:t>保留</w:t><w:tab/><w:t>的字</w:t></w:r></w:p>"#,
    );
    let p = read("x.docx", &docx(body, STYLES));
    assert_offsets_hold(&p);
    let blocks: Vec<(String, &str)> = p
        .blocks
        .iter()
        .map(|b| (format!("{:?}", b.kind), p.slice(b.span)))
        .collect();
    fn kinds_and_text<'a>(k: &str, t: &'a str) -> (String, &'a str) {
        (k.to_string(), t)
    }
    assert_eq!(
        blocks,
        [
            kinds_and_text("Heading { level: 1 }", "隐私政策"),
            // Levels are the depth of the section path: the title is no section.
            kinds_and_text("Heading { level: 1 }", "一、我们如何收集信息"),
            kinds_and_text(
                "Paragraph",
                "我们会收集您的手机号码和身份证号，用于注册&登录。"
            ),
            kinds_and_text("ListItem", "设备信息"),
            kinds_and_text("ListItem", "位置信息（可选）"),
            kinds_and_text(
                "TableCell { table: 0, row: 0, col: 0, header: true }",
                "SDK名称"
            ),
            kinds_and_text(
                "TableCell { table: 0, row: 0, col: 1, header: true }",
                "收集的信息"
            ),
            kinds_and_text(
                "TableCell { table: 0, row: 1, col: 0, header: false }",
                "微信SDK"
            ),
            kinds_and_text(
                "TableCell { table: 0, row: 1, col: 1, header: false }",
                "设备标识"
            ),
            kinds_and_text("Paragraph", "保留\t的字"),
        ]
    );
    let emphasis: Vec<(EmphasisKind, &str)> = p
        .emphasis
        .iter()
        .map(|e| (e.kind, p.slice(e.span)))
        .collect();
    assert_eq!(
        emphasis,
        [
            // Direct bold and a bold character style, touching: one span.
            (EmphasisKind::Bold, "手机号码和身份证号"),
            (EmphasisKind::Underline, "位置信息"),
        ]
    );
    assert_eq!(p.title.as_deref(), Some("隐私政策"));
}

#[test]
fn a_legacy_doc_or_a_damaged_package_is_refused_by_name() {
    let refusal = |name: &str, bytes: &[u8]| {
        parse_bytes(Path::new(name), bytes, &ParseOptions::default())
            .unwrap_err()
            .to_string()
    };
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0; 504]);
    let msg = refusal("旧政策.doc", &ole);
    assert!(msg.contains("旧政策.doc") && msg.contains(".docx"), "{msg}");
    let mut damaged = docx("<w:p><w:r><w:t>隐私政策</w:t></w:r></w:p>", "");
    damaged.truncate(damaged.len() / 2);
    let msg = refusal("坏.docx", &damaged);
    assert!(msg.contains("坏.docx") && msg.contains("Word"), "{msg}");
    let msg = refusal("空.docx", &docx("<w:p></w:p>", ""));
    assert!(msg.contains("空.docx") && msg.contains("没有正文"), "{msg}");
    let msg = refusal("a.zip", &docx_without_document());
    assert!(msg.contains("word/document.xml"), "{msg}");
}

#[test]
fn a_zip_bomb_named_docx_is_refused_without_inflating_it_all() {
    // 200 MB of one letter inside the body: a few hundred KB compressed.
    let mut body = String::with_capacity(200 << 20);
    body.push_str("<w:p><w:r><w:t>");
    body.extend(std::iter::repeat_n('a', 200 << 20));
    body.push_str("</w:t></w:r></w:p>");
    let bomb = docx(&body, "");
    drop(body);
    assert!(bomb.len() < 2 << 20, "{}", bomb.len());
    let err = parse_bytes(Path::new("炸弹.docx"), &bomb, &ParseOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("炸弹.docx") && msg.contains("MB"), "{msg}");
}

/// An answer without what differs between two files of one policy: offsets into their texts,
/// their ids and paths, and Markdown's `**` in quoted text.
fn comparable(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "span" | "start" | "end" | "policy_id" | "id" | "path" | "spans"
                    )
                })
                .map(|(k, v)| (k, comparable(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(comparable).collect()),
        Value::String(s) => Value::String(s.replace('*', "")),
        v => v,
    }
}

#[test]
fn a_library_imports_a_docx_and_reads_it_again_from_its_kept_original() {
    let dir = tempfile::Builder::new()
        .prefix("library-docx-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let md_bytes = std::fs::read(policies().join("tencent.md")).unwrap();
    let md = read("tencent.md", &md_bytes);
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("腾讯隐私政策.docx"), as_docx(&md)).unwrap();
    std::fs::write(
        files.join("旧版.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
    )
    .unwrap();
    let library = policylens::library::Library::open(dir.path().join("lib")).unwrap();
    let summary = library.add_paths(&[files], &mut |_| {}).unwrap();
    assert_eq!(
        (summary.imported(), summary.refused()),
        (1, 1),
        "{:?}",
        summary.files
    );
    let refusal = summary
        .files
        .iter()
        .find_map(|f| f.outcome.refuse_reason())
        .unwrap()
        .to_string();
    assert!(refusal.contains(".docx"), "{refusal}");
    let id = &library.list().unwrap()[0].id;
    let again = library.get(id).unwrap();
    assert_eq!(again.source.format.as_str(), "docx");
    assert_eq!(reading(&again), reading(&read("x.docx", &as_docx(&md))));
    let found = library
        .search(&policylens::search::SearchQuery::new("\"位置信息\""))
        .unwrap();
    assert!(!found.hits.is_empty());
}

fn docx_without_document() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"not a word document").unwrap();
        zip.finish().unwrap();
    }
    out
}
