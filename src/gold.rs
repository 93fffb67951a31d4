//! Hand-annotated policy text: strip the inline markup and keep the gold spans.
//!
//! # The annotation format
//!
//! A gold file is an ordinary policy text with four kinds of **ASCII** brackets
//! inserted around the interesting phrases:
//!
//! | mark    | label                                 | example                     |
//! |---------|---------------------------------------|-----------------------------|
//! | `(…)`   | [`GoldLabel::Handler`], who handles   | `(我们)`                    |
//! | `[…]`   | [`GoldLabel::Action`], collect/share  | `[收集]`, `[提供]`, `[访问]` |
//! | `<…>`   | [`GoldLabel::Data`], a data item      | `<手机号码>`                |
//! | `{…}`   | [`GoldLabel::Purpose`] or [`GoldLabel::Condition`] | `为{实现这一核心业务功能}`, `当{…}时` |
//!
//! The policy text itself only uses fullwidth brackets and quotes (`（）`, `“”`),
//! so ASCII brackets are free to act as markup — with one exception: list
//! markers such as `1)` / `2)` use an ASCII `)`. [`parse_annotated`] removes the
//! marks, keeps every other character exactly (so [`AnnotatedText::text`] is
//! what a clean policy file would contain) and records one [`GoldSpan`] per
//! mark, with offsets in the stripped text.
//!
//! # Offsets
//!
//! `start..end` is a half-open range of **Unicode scalar values** (`char`s),
//! not bytes: Chinese text is mostly 3 bytes per char, and char offsets are
//! what a human counts and what the extractor reports.
//!
//! # Purpose or condition
//!
//! A `{…}` mark is one mark for two things. It becomes a
//! [`GoldLabel::Condition`] when, in the stripped text, the character right
//! before it is `当` (`当{…}`), or the text right after it starts with `时`
//! (`{…}时`, `{…}时，`); spaces/tabs between the mark and `当`/`时` are skipped.
//! Every other `{…}` (after `为`, `为了`, `以便`, `用于`, `以`, `有助于`, `为您`, …)
//! is a [`GoldLabel::Purpose`].
//!
//! # Messy marks (choices made)
//!
//! Real annotation is messy; the rules below never fail, they always produce
//! a text and a span list:
//!
//! * **Unclosed mark** (the fixture has `[收集` followed by a line break): a
//!   mark still open at a line break (`\n` or `\r`) is closed at the end of its
//!   line, before the line break. Marks therefore never span lines. A mark
//!   still open at the end of the input is closed there.
//! * **Stray closer**: a closing bracket with no open mark of its kind is
//!   ordinary text and is kept. This is what keeps the ASCII list markers `1)`
//!   and `2)` in the text.
//! * **Crossed marks** such as `[a<b]`: the closer closes its own mark and
//!   implicitly closes every mark opened inside it at the same point.
//! * **Nesting** of marks (e.g. `<…>` inside `{…}`) is allowed; both spans are
//!   kept. Data items inside fullwidth parentheses, like
//!   `<设备信息>（包括<设备型号>、…）`, are just marks inside plain text.
//! * **Whitespace**: a span is trimmed of leading/trailing whitespace (`<IP 地址>`
//!   keeps its inner space); a mark that is empty after trimming (`<>`, `[ ]`)
//!   gives no span.
//!
//! Spans are returned sorted by `start`, longer span first on ties.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a gold mark says about its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoldLabel {
    /// `(…)`: the party that handles the data (我们).
    Handler,
    /// `[…]`: a collect/share action (收集, 提供, 访问, 使用, 请求, 获得, 记录…).
    Action,
    /// `<…>`: a personal-data item (手机号码, 设备信息…).
    Data,
    /// `{…}` read as a purpose (为{…}, 以便{…}, 用于{…}…).
    Purpose,
    /// `{…}` read as a condition (当{…}时, {…}时).
    Condition,
}

impl GoldLabel {
    /// Every label, in the order reports use.
    pub const ALL: [GoldLabel; 5] = [
        GoldLabel::Handler,
        GoldLabel::Action,
        GoldLabel::Data,
        GoldLabel::Purpose,
        GoldLabel::Condition,
    ];

    /// The lowercase name, the same string serde uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            GoldLabel::Handler => "handler",
            GoldLabel::Action => "action",
            GoldLabel::Data => "data",
            GoldLabel::Purpose => "purpose",
            GoldLabel::Condition => "condition",
        }
    }
}

impl fmt::Display for GoldLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One gold mark: `text` is `AnnotatedText::text` chars `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GoldSpan {
    pub label: GoldLabel,
    /// First char (Unicode scalar offset) of the span in the stripped text.
    pub start: usize,
    /// One past the last char; `start..end` is half-open.
    pub end: usize,
    pub text: String,
}

/// A stripped policy text and the gold spans found in its markup.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnnotatedText {
    pub text: String,
    pub spans: Vec<GoldSpan>,
}

impl AnnotatedText {
    /// How many spans carry `label`.
    pub fn count(&self, label: GoldLabel) -> usize {
        self.spans.iter().filter(|s| s.label == label).count()
    }

    /// Chars `start..end` of the stripped text (clamped to its length).
    pub fn slice(&self, start: usize, end: usize) -> String {
        char_slice(&self.text, start, end)
    }
}

/// Chars `start..end` of `text` (clamped to its length).
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// The kind of an ASCII mark, before `{…}` is split into purpose/condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Handler,
    Action,
    Data,
    Brace,
}

impl Mark {
    fn opened_by(c: char) -> Option<Mark> {
        match c {
            '(' => Some(Mark::Handler),
            '[' => Some(Mark::Action),
            '<' => Some(Mark::Data),
            '{' => Some(Mark::Brace),
            _ => None,
        }
    }

    fn closed_by(c: char) -> Option<Mark> {
        match c {
            ')' => Some(Mark::Handler),
            ']' => Some(Mark::Action),
            '>' => Some(Mark::Data),
            '}' => Some(Mark::Brace),
            _ => None,
        }
    }
}

/// Strip the `()[]<>{}` markup of an annotated policy and record the spans.
///
/// See the module docs for the format and for how unclosed, stray and
/// crossed marks are handled. Never fails.
pub fn parse_annotated(src: &str) -> AnnotatedText {
    let mut out: Vec<char> = Vec::with_capacity(src.len() / 2);
    // Open marks: (kind, start offset in `out`).
    let mut open: Vec<(Mark, usize)> = Vec::new();
    // Closed marks: (kind, start, end), before trimming and labelling.
    let mut closed: Vec<(Mark, usize, usize)> = Vec::new();

    for c in src.chars() {
        if let Some(kind) = Mark::opened_by(c) {
            open.push((kind, out.len()));
        } else if let Some(kind) = Mark::closed_by(c) {
            match open.iter().rposition(|&(k, _)| k == kind) {
                Some(i) => {
                    // Close this mark and, implicitly, any mark opened inside it.
                    let end = out.len();
                    for (k, s) in open.drain(i..).rev() {
                        closed.push((k, s, end));
                    }
                }
                // A closer without an opener is text: the `1)` list markers.
                None => out.push(c),
            }
        } else {
            if c == '\n' || c == '\r' {
                // Unclosed marks end with their line.
                let end = out.len();
                for (k, s) in open.drain(..).rev() {
                    closed.push((k, s, end));
                }
            }
            out.push(c);
        }
    }
    let end = out.len();
    for (k, s) in open.drain(..).rev() {
        closed.push((k, s, end));
    }

    let mut spans: Vec<GoldSpan> = closed
        .into_iter()
        .filter_map(|(kind, start, end)| {
            let (start, end) = trim(&out, start, end)?;
            let label = match kind {
                Mark::Handler => GoldLabel::Handler,
                Mark::Action => GoldLabel::Action,
                Mark::Data => GoldLabel::Data,
                Mark::Brace if is_condition(&out, start, end) => GoldLabel::Condition,
                Mark::Brace => GoldLabel::Purpose,
            };
            Some(GoldSpan {
                label,
                start,
                end,
                text: out[start..end].iter().collect(),
            })
        })
        .collect();
    spans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.label.cmp(&b.label))
    });

    AnnotatedText {
        text: out.into_iter().collect(),
        spans,
    }
}

/// Shrink `start..end` past surrounding whitespace; `None` if nothing is left.
fn trim(text: &[char], mut start: usize, mut end: usize) -> Option<(usize, usize)> {
    while start < end && text[start].is_whitespace() {
        start += 1;
    }
    while end > start && text[end - 1].is_whitespace() {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// `当{…}` or `{…}时`, allowing spaces/tabs (not line breaks) in between.
fn is_condition(text: &[char], start: usize, end: usize) -> bool {
    let inline_space = |c: char| c == ' ' || c == '\t' || c == '\u{3000}';
    let before = text[..start].iter().rev().find(|&&c| !inline_space(c));
    let after = text[end..].iter().find(|&&c| !inline_space(c));
    before == Some(&'当') || after == Some(&'时')
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../tests/fixtures/kuaishou-annotated.txt");

    fn spans_of(a: &AnnotatedText, label: GoldLabel) -> Vec<&str> {
        a.spans
            .iter()
            .filter(|s| s.label == label)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn gold_fixture_text_is_stripped() {
        let a = parse_annotated(FIXTURE);
        for c in ['<', '>', '[', ']', '{', '}', '('] {
            assert!(!a.text.contains(c), "markup {c:?} left in the text");
        }
        // The only ASCII `)` left are list markers like `1)`.
        for (i, _) in a.text.match_indices(')') {
            let before = a.text[..i].chars().next_back().unwrap();
            assert!(before.is_ascii_digit(), "stray ) after {before:?}");
        }
        assert!(a.text.contains("1)当您自行发布音视频"));
        assert!(a.text.contains("2)当您通过您的设备上传"));
        // Fullwidth brackets and quotes are text and stay.
        assert!(a.text.contains("设备信息（包括设备型号、操作系统版本"));
        assert!(a.text.contains("“补充信息”"));
        // The unclosed `[收集` keeps its line break.
        assert!(a
            .text
            .contains("我们会收集\n并保留您的关键词信息以方便您重复输入"));
        // Same number of lines, and every non-markup char is kept in order.
        assert_eq!(a.text.lines().count(), FIXTURE.lines().count());
        let kept: String = FIXTURE
            .chars()
            .filter(|c| !"<>[]{}(".contains(*c))
            .collect();
        let text_without_paren: String = a.text.chars().filter(|&c| c != ')').collect();
        let kept_without_paren: String = kept.chars().filter(|&c| c != ')').collect();
        assert_eq!(text_without_paren, kept_without_paren);
        // 12 `()` + 20 `[` / 19 `]` + 78 `<>` + 15 `{}` marks removed.
        assert_eq!(a.text.chars().count(), FIXTURE.chars().count() - 249);
    }

    #[test]
    fn gold_fixture_offsets_match_span_text() {
        let a = parse_annotated(FIXTURE);
        let chars: Vec<char> = a.text.chars().collect();
        for s in &a.spans {
            assert!(s.start < s.end && s.end <= chars.len(), "{s:?}");
            let t: String = chars[s.start..s.end].iter().collect();
            assert_eq!(t, s.text, "{s:?}");
            assert_eq!(a.slice(s.start, s.end), s.text);
            assert_eq!(s.text.trim(), s.text);
            assert!(!s.text.contains('\n'));
        }
    }

    #[test]
    fn gold_fixture_counts_per_label() {
        let a = parse_annotated(FIXTURE);
        let counts: Vec<(GoldLabel, usize)> =
            GoldLabel::ALL.iter().map(|&l| (l, a.count(l))).collect();
        println!("gold spans per label: {counts:?} total {}", a.spans.len());
        assert_eq!(a.count(GoldLabel::Handler), 12);
        assert_eq!(a.count(GoldLabel::Action), 20);
        assert_eq!(a.count(GoldLabel::Data), 78);
        assert_eq!(a.count(GoldLabel::Purpose), 9);
        assert_eq!(a.count(GoldLabel::Condition), 6);
        assert_eq!(a.spans.len(), 125);
        assert!(spans_of(&a, GoldLabel::Handler)
            .iter()
            .all(|&t| t == "我们"));
    }

    #[test]
    fn gold_fixture_known_spans() {
        let a = parse_annotated(FIXTURE);
        let data = spans_of(&a, GoldLabel::Data);
        assert!(data.contains(&"手机号码"));
        assert!(data.contains(&"IP 地址"));
        assert!(data.contains(&"存储（含SD卡）权限"));
        assert!(data.contains(&"您在第三方帐号中的头像"));
        assert_eq!(data.iter().filter(|&&t| t == "设备信息").count(), 2);

        let purpose = spans_of(&a, GoldLabel::Purpose);
        assert!(purpose.contains(&"实现这一核心业务功能"));
        assert!(purpose.contains(&"方便您重复输入或为您展示与您搜索内容相关联的内容"));
        assert!(purpose.contains(&"提供客服查询及通讯联系互动服务"));

        let cond = spans_of(&a, GoldLabel::Condition);
        assert!(cond[0].starts_with("您选择使用第三方帐号"));
        // `{…}时，` without a leading 当 is a condition too.
        assert!(cond.contains(&"快手会根据运营情况适时推出各类营销活动，您选择参加"));

        let actions = spans_of(&a, GoldLabel::Action);
        for verb in ["收集", "提供", "访问", "使用", "请求", "获得", "记录"] {
            assert!(actions.contains(&verb), "{verb}");
        }

        // Spot-check offsets of the first data item.
        let first = a.spans.iter().find(|s| s.text == "手机号码").unwrap();
        let expected = a.text.find("您的手机号码").unwrap();
        assert_eq!(
            first.start,
            a.text[..expected].chars().count() + "您的".chars().count()
        );
        assert_eq!(first.end, first.start + 4);
    }

    #[test]
    fn gold_unclosed_mark_closes_at_end_of_line() {
        let a = parse_annotated(FIXTURE);
        let i = a
            .spans
            .iter()
            .position(|s| s.label == GoldLabel::Data && s.text == "关键词信息")
            .unwrap();
        let collect = &a.spans[i - 1];
        assert_eq!(collect.label, GoldLabel::Action);
        assert_eq!(collect.text, "收集");
        assert_eq!(a.slice(collect.end, collect.end + 1), "\n");

        let b = parse_annotated("我们会[收集\r\n并保留<信息>");
        assert_eq!(b.text, "我们会收集\r\n并保留信息");
        assert_eq!(b.spans[0].text, "收集");
        assert_eq!(b.spans[1].text, "信息");
        // Open at end of input.
        let c = parse_annotated("(我们");
        assert_eq!((c.text.as_str(), c.spans[0].end), ("我们", 2));
    }

    #[test]
    fn gold_messy_marks() {
        // Stray closers are text.
        let a = parse_annotated("1)当{您登录}时，2] 3> 4}");
        assert_eq!(a.text, "1)当您登录时，2] 3> 4}");
        assert_eq!(a.spans.len(), 1);
        assert_eq!(a.spans[0].label, GoldLabel::Condition);
        assert_eq!((a.spans[0].start, a.spans[0].end), (3, 6));

        // Nesting and crossed marks.
        let b = parse_annotated("为{提供<服务>}，[收集<号码]码>");
        assert_eq!(b.text, "为提供服务，收集号码码>");
        let got: Vec<(GoldLabel, &str)> =
            b.spans.iter().map(|s| (s.label, s.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (GoldLabel::Purpose, "提供服务"),
                (GoldLabel::Data, "服务"),
                (GoldLabel::Action, "收集号码"),
                (GoldLabel::Data, "号码"),
            ]
        );

        // Whitespace trimming and empty marks.
        let c = parse_annotated("< IP 地址 >、<>、[ ]、{ 登录 } 时");
        assert_eq!(c.text, " IP 地址 、、 、 登录  时");
        assert_eq!(c.spans.len(), 2);
        assert_eq!((c.spans[0].text.as_str(), c.spans[0].start), ("IP 地址", 1));
        assert_eq!(c.spans[1].label, GoldLabel::Condition);
        assert_eq!(c.spans[1].text, "登录");

        // Purpose vs condition.
        let d = parse_annotated("当 {甲}，以便{乙}，{丙}\n时");
        let labels: Vec<GoldLabel> = d.spans.iter().map(|s| s.label).collect();
        assert_eq!(
            labels,
            vec![GoldLabel::Condition, GoldLabel::Purpose, GoldLabel::Purpose]
        );

        assert_eq!(parse_annotated(""), AnnotatedText::default());
    }

    #[test]
    fn gold_label_names_and_serde() {
        for l in GoldLabel::ALL {
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
            assert_eq!(serde_json::from_str::<GoldLabel>(&json).unwrap(), l);
            assert_eq!(l.to_string(), l.as_str());
        }
        let a = parse_annotated("(我们)[收集]<手机号码>");
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#"{"label":"data","start":4,"end":8,"text":"手机号码"}"#));
        let back: AnnotatedText = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }
}
