//! The document pipeline on the bundled sample policies and their re-encoded copies.
use policylens::document::{BlockKind, EmphasisKind, Format};
use policylens::normalize::normalize;

use crate::util::*;

#[test]
fn all_bundled_policies_parse_with_app_operator_and_title() {
    let ps = bundled();
    let apps: Vec<_> = ps.iter().map(|p| p.app.clone().unwrap()).collect();
    assert_eq!(apps, ["快手", "快手小店", "花间", "腾讯"]);
    for p in &ps {
        assert!(p.title.is_some(), "{}", p.source.path);
        assert!(
            p.blocks.len() > 50,
            "{}: {} blocks",
            p.source.path,
            p.blocks.len()
        );
        assert!(p.sentences.len() > 100, "{}", p.source.path);
        assert_offsets_hold(p);
    }
}

#[test]
fn metadata_is_recognised_from_the_text_without_the_manifest() {
    let options = policylens::parse::ParseOptions::default();
    let p = policylens::parse::parse_file(&policies().join("kuaishou.txt"), &options).unwrap();
    assert_eq!(p.app.as_deref(), Some("快手"));
    assert_eq!(p.operator.as_deref(), Some("北京快手科技有限公司"));
    assert_eq!(p.updated.as_deref(), Some("2023-06-18"));
    assert_eq!(p.effective.as_deref(), Some("2023-06-25"));
    let p = policylens::parse::parse_file(&policies().join("kuaishou-shop.txt"), &options).unwrap();
    assert_eq!(p.app.as_deref(), Some("快手小店"));
    assert_eq!(p.operator.as_deref(), Some("成都快购科技有限公司"));
    let p = policylens::parse::parse_file(&policies().join("huajian.txt"), &options).unwrap();
    assert_eq!(p.operator.as_deref(), Some("重庆缘缘网络科技有限公司"));
    assert_eq!(p.updated.as_deref(), Some("2021-11-30"));
}

#[test]
fn markdown_bold_yields_all_22_spans() {
    let p = parse(&policies().join("tencent.md"));
    assert_eq!(p.source.format, Format::Markdown);
    let bold: Vec<&str> = p
        .emphasis
        .iter()
        .filter(|e| e.kind == EmphasisKind::Bold)
        .map(|e| p.slice(e.span))
        .collect();
    assert_eq!(bold.len(), 22, "{bold:#?}");
    assert_eq!(
        bold[0],
        "腾讯云严格遵守法律法规，遵循以下隐私保护原则，为您提供更加安全可靠的服务。"
    );
    // The inline `<span id ="p1"></span>` and the link target are hidden, not shown.
    let contact = p
        .blocks
        .iter()
        .find(|b| p.visible_text(b.span) == "联系我们")
        .unwrap();
    assert!(contact.is_heading());
    assert!(p
        .blocks
        .iter()
        .any(|b| p.visible_text(b.span).ends_with("请 联系我们。")));
}

#[test]
fn pdf_text_normalizes_kangxi_radicals_for_matching() {
    let p = parse(&policies().join("kuaishou.txt"));
    assert!(p.text.contains("⽤户"), "the original keeps its radicals");
    let normalized = normalize(&p.text);
    assert!(normalized.contains("用户"));
    assert_eq!(normalized.chars().count(), p.char_len());
    assert!(!normalized
        .chars()
        .any(|c| ('\u{2F00}'..='\u{2FD5}').contains(&c)));
}

#[test]
fn pdf_clauses_read_whole_across_hard_wraps() {
    let p = parse(&policies().join("kuaishou.txt"));
    // "我们深知个⼈信息对您的重要\n性，…" is one sentence across a wrap.
    let s = p
        .sentences
        .iter()
        .find(|s| p.slice(s.span).starts_with("我们深知"))
        .unwrap();
    assert!(
        p.slice(s.span).contains('\n'),
        "the original keeps its line break"
    );
    let read = p.visible_text(s.span);
    assert!(!read.contains('\n'));
    assert!(read.contains("重要性，将严格遵守"), "{read}");
    assert!(read.ends_with("安全可控。"), "{read}");
    assert!(p.soft_breaks.len() > 200);
    // A hard-wrapped numbered item keeps its run-in title in the section path.
    let b = p
        .blocks
        .iter()
        .find(|b| p.slice(b.span).starts_with("1.1.1 手机号码"))
        .unwrap();
    assert_eq!(b.kind, BlockKind::ListItem);
    assert!(
        b.section_path()
            .ends_with("1.1 注册、登录 › 1.1.1 手机号码/电⼦邮箱"),
        "{}",
        b.section_path()
    );
}

#[test]
fn html_derived_sections_follow_cn_paren_arabic_and_paren_numbers() {
    let p = parse(&policies().join("huajian.txt"));
    let path_of = |start: &str| {
        p.blocks
            .iter()
            .find(|b| p.slice(b.span).starts_with(start))
            .unwrap_or_else(|| panic!("no block starting {start}"))
            .section_path()
    };
    assert_eq!(
        path_of("（1）当您通过移动手机号码注册"),
        "一、我们如何收集和使用个人信息 › （三）我们直接收集与使用的个人信息 › 2.注册产品账号"
    );
    assert_eq!(
        path_of("（1）保障产品服务能够正常运行"),
        "一、我们如何收集和使用个人信息 › （二）收集和使用个人信息的目的"
    );
}

#[test]
fn shop_policy_dotted_sections_nest() {
    let p = parse(&policies().join("kuaishou-shop.txt"));
    let h = p
        .blocks
        .iter()
        .find(|b| b.is_heading() && p.slice(b.span) == "2.3.2 填写地址")
        .unwrap();
    assert_eq!(
        h.section_path(),
        "2. 我们如何收集、使用您的个人信息 › 2.3在小店平台经营店铺商品 › 2.3.2 填写地址"
    );
    // "…的运营者，⏎⏎深知个人信息…": wrapped lines separated by a blank line are one paragraph.
    let b = p
        .blocks
        .iter()
        .find(|b| p.slice(b.span).starts_with("我们（成都快购科技有限公司）"))
        .unwrap();
    assert!(p
        .visible_text(b.span)
        .contains("的运营者，深知个人信息对您的重要性"));
}

#[test]
fn gbk_copy_gives_the_same_document_as_utf8() {
    let utf8 = parse(&policies().join("huajian.txt"));
    let gbk = parse(&fixture("huajian.gbk.txt"));
    assert_eq!(gbk.source.encoding, "GB18030");
    assert_eq!(gbk.id, utf8.id);
    assert_eq!(gbk.text, utf8.text);
    assert_eq!(gbk.blocks, utf8.blocks);
    assert_eq!(gbk.sentences, utf8.sentences);
}

#[test]
fn utf16_and_bom_copies_give_the_same_document() {
    let shop = parse(&policies().join("kuaishou-shop.txt"));
    let le = parse(&fixture("kuaishou-shop.utf16le.txt"));
    assert_eq!(le.source.encoding, "UTF-16LE");
    assert_eq!(
        (le.id.as_str(), &le.blocks),
        (shop.id.as_str(), &shop.blocks)
    );
    let md = parse(&policies().join("tencent.md"));
    for copy in ["tencent.utf16be.md", "tencent.bom.md"] {
        let p = parse(&fixture(copy));
        assert_eq!(p.text, md.text, "{copy}");
        assert_eq!(p.emphasis, md.emphasis, "{copy}");
        assert_eq!(p.blocks, md.blocks, "{copy}");
    }
}

#[test]
fn big5_text_decodes() {
    let big5 = parse(&fixture("policy.big5.txt"));
    let utf8 = parse(&fixture("policy.big5.utf8.txt"));
    assert_eq!(big5.source.encoding, "Big5");
    assert_eq!(big5.text, utf8.text);
    assert_eq!(big5.blocks.iter().filter(|b| b.is_heading()).count(), 3);
}

#[test]
fn html_file_gives_blocks_bold_and_sections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.html");
    std::fs::write(
        &path,
        "<!DOCTYPE html><html><head><title>示例隐私政策</title><script>var x='<p>不该出现</p>';</script></head>\
         <body><nav><a href='/'>首页</a></nav><h1>示例隐私政策</h1>\
         <p><strong>一、我们如何收集信息</strong></p><p>（一）注册登录</p>\
         <p>当您注册时，我们会收集您的<strong>手机号码</strong>和<span style='font-weight:700'>身份证号码</span>。</p>\
         <ul><li>设备信息</li></ul><table><tr><td>SDK名称</td><td>收集的信息</td></tr></table></body></html>",
    )
    .unwrap();
    let p = parse(&path);
    assert_eq!(p.source.format, Format::Html);
    assert_eq!(p.app.as_deref(), Some("示例"));
    assert!(!p.text.contains("不该出现") && !p.text.contains("首页"));
    let bold: Vec<&str> = p.emphasis.iter().map(|e| p.slice(e.span)).collect();
    assert_eq!(bold, ["一、我们如何收集信息", "手机号码", "身份证号码"]);
    let para = p
        .blocks
        .iter()
        .find(|b| p.slice(b.span).starts_with("当您注册时"))
        .unwrap();
    assert_eq!(para.section_path(), "一、我们如何收集信息 › （一）注册登录");
    assert!(p.blocks.iter().any(|b| b.kind == BlockKind::ListItem));
    assert!(p.blocks.iter().any(|b| b.kind.is_table_cell()));
    assert_offsets_hold(&p);
}

#[test]
fn txt_extension_holding_html_is_read_as_html() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lying.txt");
    std::fs::write(
        &path,
        "<html><body><p>隐私政策</p><p>我们会收集您的信息。</p></body></html>",
    )
    .unwrap();
    let p = parse(&path);
    assert_eq!(p.source.format, Format::Html);
    assert!(!p.text.contains("<p>"));
}
