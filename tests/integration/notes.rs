//! Notes survive restarts, re-indexing and new policy versions; exports carry them.
use policylens::document::Span;
use policylens::export::{NotesFormat, ReportFormat};
use policylens::library::Library;
use policylens::notes::{NoteFilter, NoteStatus};

use crate::util::*;

/// A library with one policy for app 示例, whose text is `text`.
fn library_with(dir: &std::path::Path, text: &str) -> (Library, String) {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let file = src.join("policy.txt");
    std::fs::write(&file, text).unwrap();
    let lib = Library::open(dir.join("lib")).unwrap();
    lib.add_paths(&[file], &mut |_| {}).unwrap();
    let id = lib.list().unwrap()[0].id.clone();
    (lib, id)
}

/// A short but real-looking policy (the library refuses texts too short to be a policy).
const V1: &str = "示例隐私政策\n一、我们如何收集信息\n当您使用定位功能时，我们会收集您的精确位置信息，用于推荐附近的内容。\n我们会收集您的手机号码，用于注册登录。\n\
二、我们如何共享个人信息\n未经您的同意，我们不会向第三方共享您的个人信息。我们可能会与合作伙伴共享去标识化的统计信息，用于改进产品和服务。我们会要求合作伙伴按照本隐私政策以及其他相关的保密和安全措施来处理个人信息。\n\
三、我们如何保护个人信息\n我们采用符合业界标准的安全防护措施保护您提供的个人信息，防止个人信息遭到未经授权的访问、公开披露、使用、修改、损坏或丢失。我们会采取加密技术提高个人信息的安全性，建立专门的管理制度和流程保障个人信息的安全。\n\
四、您的权利\n您可以访问、更正、删除您的个人信息，也可以撤回同意、注销账号。您可以通过设置页面管理您的个人信息和权限，我们将在十五个工作日内回复您的请求。\n\
五、未成年人保护\n若您是未满十四周岁的未成年人，请在监护人的陪同下阅读本政策，并在取得监护人同意后使用我们的服务。\n\
六、如何联系我们\n如您对本隐私政策有任何疑问、意见或建议，可以通过客服与我们联系，我们将尽快审核所涉问题并予以回复。\n";

fn char_span(text: &str, needle: &str) -> Span {
    let b = text.find(needle).unwrap();
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

#[test]
fn a_note_survives_a_restart_and_a_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, id) = library_with(dir.path(), V1);
    let span = char_span(V1, "我们会收集您的精确位置信息");
    let note = lib
        .notes()
        .add(&id, span, "位置是敏感信息", &["位置, 敏感".to_string()])
        .unwrap();
    assert_eq!(note.quote, "我们会收集您的精确位置信息");
    assert_eq!(note.section, "一、我们如何收集信息");
    assert_eq!(note.tags, ["位置", "敏感"]);
    drop(lib);

    let lib = Library::open(dir.path().join("lib")).unwrap();
    lib.reindex(&mut |_, _| {}).unwrap();
    let notes = lib.notes().list(&NoteFilter::default()).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].status, NoteStatus::Anchored);
    assert_eq!(notes[0].span, span);
    let edited = lib
        .notes()
        .update(notes[0].id, "改过的笔记", &["位置".into()])
        .unwrap();
    assert_eq!((edited.body.as_str(), edited.tags.len()), ("改过的笔记", 1));
}

#[test]
fn notes_follow_a_new_version_by_their_quote_or_become_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, id) = library_with(dir.path(), V1);
    let kept = lib
        .notes()
        .add(&id, char_span(V1, "我们会收集您的手机号码"), "手机号", &[])
        .unwrap();
    let gone = lib
        .notes()
        .add(&id, char_span(V1, "用于推荐附近的内容"), "推荐", &[])
        .unwrap();
    // Version 2: a new paragraph in front, the recommendation sentence rewritten.
    let v2 = V1
        .replace(
            "一、我们如何收集信息\n",
            "一、我们如何收集信息\n本政策更新于2026年。\n",
        )
        .replace("用于推荐附近的内容", "用于展示同城内容");
    std::fs::write(dir.path().join("src/policy.txt"), &v2).unwrap();
    lib.add_paths(&[dir.path().join("src/policy.txt")], &mut |_| {})
        .unwrap();
    let newest = lib.list().unwrap().into_iter().find(|p| p.latest).unwrap();
    assert_ne!(newest.id, id);

    let notes = lib.notes().list(&NoteFilter::default()).unwrap();
    let kept = notes.iter().find(|n| n.id == kept.id).unwrap();
    assert_eq!(kept.status, NoteStatus::Reanchored);
    assert_eq!(kept.policy_id, newest.id);
    assert_eq!(kept.span, char_span(&v2, "我们会收集您的手机号码"));
    let gone = notes.iter().find(|n| n.id == gone.id).unwrap();
    assert_eq!(gone.status, NoteStatus::Orphaned);
    assert_eq!(
        gone.policy_id, id,
        "an orphan stays on the version it was written on"
    );

    // Removing every version of the policy still keeps the notes.
    for p in lib.list().unwrap() {
        lib.remove(&p.id).unwrap();
    }
    let notes = lib.notes().list(&NoteFilter::default()).unwrap();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n.status == NoteStatus::Orphaned));
}

#[test]
fn bad_note_spans_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, id) = library_with(dir.path(), V1);
    assert!(lib.notes().add(&id, Span::new(5, 5), "空", &[]).is_err());
    let outside = lib
        .notes()
        .add(&id, Span::new(0, 100_000), "超出", &[])
        .unwrap_err();
    assert!(
        matches!(outside, policylens::error::Error::NoteOutsidePolicy { .. })
            && outside.to_string().contains("0..100000 不在政策"),
        "{outside}"
    );
    assert!(lib
        .notes()
        .add("no-such-policy", Span::new(0, 2), "无", &[])
        .is_err());
    assert!(lib.notes().list(&NoteFilter::default()).unwrap().is_empty());
    // A note that is not there: its own error, not a catch-all string.
    for missing in [
        lib.notes().update(999, "改", &[]).map(|_| ()),
        lib.notes().delete(999),
    ] {
        let e = missing.unwrap_err();
        assert!(
            matches!(e, policylens::error::Error::NoteNotFound { id: 999 }),
            "{e}"
        );
        assert!(e.to_string().contains("没有编号为 999 的笔记"), "{e}");
    }
}

#[test]
fn exports_carry_notes_with_quote_and_section() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("lib")).unwrap();
    lib.add_paths(&[policies()], &mut |_| {}).unwrap();
    let kuaishou = lib
        .list()
        .unwrap()
        .into_iter()
        .find(|p| p.app == "快手")
        .unwrap();
    let policy = lib.get(&kuaishou.id).unwrap();
    let span = char_span(&policy.text, "个⼈上⽹记录");
    lib.notes()
        .add(
            &kuaishou.id,
            span,
            "浏览记录用于推荐, 注意",
            &["推荐".into()],
        )
        .unwrap();

    let md = dir.path().join("notes.md");
    assert_eq!(
        lib.export_notes(&NoteFilter::default(), NotesFormat::Markdown, &md)
            .unwrap(),
        1
    );
    let md = std::fs::read_to_string(md).unwrap();
    assert!(
        md.contains("## 快手") && md.contains("> 个⼈上⽹记录"),
        "{md}"
    );
    assert!(md.contains("浏览记录用于推荐"));

    let csv = dir.path().join("notes.csv");
    lib.export_notes(
        &NoteFilter {
            app: Some("快手".into()),
            ..Default::default()
        },
        NotesFormat::Csv,
        &csv,
    )
    .unwrap();
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(csv.contains("\"浏览记录用于推荐, 注意\""), "{csv}");

    let json = dir.path().join("notes.json");
    let n = lib
        .export_notes(
            &NoteFilter {
                app: Some("花间".into()),
                ..Default::default()
            },
            NotesFormat::Json,
            &json,
        )
        .unwrap();
    assert_eq!(n, 0);

    let report = lib.report(&kuaishou.id, ReportFormat::Markdown).unwrap();
    assert!(report.contains("## 收集的个人信息（") && report.contains("；按类别）"));
    assert!(report.contains("位置信息") && report.contains("敏感"));
    assert!(report.contains("浏览记录用于推荐"));
    // The compliance check's section: every rule's finding, before the notes.
    let check = report.find("## 合规检查（").expect("a 合规检查 section");
    assert!(check < report.find("浏览记录用于推荐").unwrap());
    for rule in policylens::check::rules() {
        assert!(
            report[check..].contains(&format!("] {} ", rule.id)),
            "{}",
            rule.id
        );
    }
    let html = lib.report(&kuaishou.id, ReportFormat::Html).unwrap();
    assert!(html.contains("<h2>合规检查（") && html.contains("应用类型："));
}

#[test]
fn an_older_text_imported_last_is_the_older_version_and_notes_stay_on_the_newest() {
    // Two app stores' copies of one policy, fetched newest first (星座运势大全 in the crawl).
    let dated = |date: &str, extra: &str| {
        V1.replace(
            "示例隐私政策\n",
            &format!("示例隐私政策\n更新日期：{date}\n{extra}"),
        )
    };
    let newer = dated("2022年4月17日", "");
    let older = dated("2022年3月17日", "本版本为旧版本。\n");
    let dir = tempfile::tempdir().unwrap();
    let (lib, newer_id) = library_with(dir.path(), &newer);
    let note = lib
        .notes()
        .add(
            &newer_id,
            char_span(&newer, "我们会收集您的手机号码"),
            "手机号",
            &[],
        )
        .unwrap();
    std::fs::write(dir.path().join("src/policy.txt"), &older).unwrap();
    let summary = lib
        .add_paths(&[dir.path().join("src/policy.txt")], &mut |_| {})
        .unwrap();
    assert!(
        matches!(
            summary.files[0].outcome,
            policylens::library::Outcome::Imported {
                version: 1,
                versions: 2,
                ..
            }
        ),
        "{:?}",
        summary.files
    );
    let list = lib.list().unwrap();
    let newest = list.iter().find(|p| p.latest).unwrap();
    assert_eq!((newest.id.as_str(), newest.version), (newer_id.as_str(), 2));
    assert!(list.iter().all(|p| p.versions == 2));
    let notes = lib.notes().list(&NoteFilter::default()).unwrap();
    let note = notes.iter().find(|n| n.id == note.id).unwrap();
    assert_eq!(note.status, NoteStatus::Anchored);
    assert_eq!(note.policy_id, newer_id);
    // The 「版本对比」 of the app compares the older text with the newer one.
    let (old, new) = lib.last_two_versions("示例").unwrap();
    assert_eq!(new, newer_id);
    assert_ne!(old, newer_id);
    // Removing the newer text leaves the older one as the only version, numbered 1.
    lib.remove(&newer_id).unwrap();
    let left = lib.list().unwrap();
    assert_eq!(left.len(), 1);
    assert!(left[0].latest && left[0].version == 1 && left[0].versions == 1);
}
