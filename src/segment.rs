//! Segment: decoded text → blocks with section paths, sentences and soft breaks.
//!
//! Plain text (often pulled out of a PDF) has no markup, so structure comes from its lines:
//! numbered headings (`一、` `（一）` `1.` `1.1` `2.3.1` `（1）` `1)` `①` `a.` `第一章`), short unnumbered
//! heading lines, bullets, and paragraphs whose hard-wrapped lines are joined back together. A
//! wrap is recorded as a *soft break* — a span that reads as nothing — so clauses read whole while
//! every offset still points into the original text.
//!
//! Markdown and HTML declare their blocks; their paragraphs still go through numbered-heading
//! recognition, because many pages write `<p>一、…</p>` rather than `<h2>`.
//!
//! All decisions are made on the normalized text (`⼀、` is `一、`), all spans are original offsets.
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Block, BlockKind, Sentence, Span};
use crate::ingest::{BlockHint, Ingested};

mod run_on;
use run_on::{split_run_on, RUN_ON_MIN_CHARS};

/// The result of segmenting one text.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    pub soft_breaks: Vec<Span>,
    /// The block that is the document's title, if one was recognised.
    pub title_block: Option<usize>,
}

/// Segment an ingested file. `normalized_text` is `crate::normalize::normalize(&ingested.text)`
/// and `normalized` the same as chars (as many as the original has).
///
/// (Both, because the lines of a plain text are read as the normalized text's slices: a copy of
/// each line's text was, for a 30 MB file, 40 MB of the parse's peak.)
pub fn segment(ingested: &Ingested, normalized_text: &str, normalized: &[char]) -> Segmented {
    let cells = text_table_cells(ingested);
    segment_with_cells(ingested, normalized_text, normalized, cells)
}

/// The cells of the tables a plain text saved one cell per line or in columns set apart by
/// spaces ([`crate::receivers::text_tables`]); none for a file that declares its blocks.
///
/// Read on the original chars (the table reader tells `：` from `:`), and apart from
/// [`segment_with_cells`], so that a caller can find them before the normalized text exists:
/// a large file's original and normalized chars (4 bytes each) are then never alive at once.
pub fn text_table_cells(ingested: &Ingested) -> Vec<(Span, BlockKind)> {
    if ingested.blocks.is_some() {
        return Vec::new();
    }
    let original: Vec<char> = ingested.text.chars().collect();
    crate::receivers::text_tables(&original)
        .iter()
        .enumerate()
        .flat_map(|(t, cells)| {
            cells.iter().map(move |c| {
                let kind = BlockKind::TableCell {
                    table: t as u32,
                    row: c.row as u32,
                    col: c.col as u32,
                    header: c.header,
                };
                (c.span, kind)
            })
        })
        .collect()
}

/// [`segment`] with the text's table cells found already ([`text_table_cells`]).
pub fn segment_with_cells(
    ingested: &Ingested,
    normalized_text: &str,
    normalized: &[char],
    cells: Vec<(Span, BlockKind)>,
) -> Segmented {
    debug_assert_eq!(normalized_text.chars().count(), normalized.len());
    let (raw, mut soft_breaks) = match &ingested.blocks {
        Some(hints) => (
            from_hints(hints, normalized, ingested),
            ingested.soft_breaks.clone(),
        ),
        None => from_lines(normalized, normalized_text, &cells),
    };
    soft_breaks.sort();
    let (blocks, title_block) = assign_sections(raw, normalized, &ingested.text);
    let sentences = split_sentences(&blocks, normalized, &soft_breaks, &ingested.hidden);
    Segmented {
        blocks,
        sentences,
        soft_breaks,
        title_block,
    }
}

/// A block before section paths are known.
#[derive(Debug, Clone)]
struct RawBlock {
    kind: RawKind,
    span: Span,
}

#[derive(Debug, Clone, PartialEq)]
enum RawKind {
    /// A heading with an explicit level (Markdown `#`, HTML `<hN>`).
    LevelHeading(u8),
    /// A numbered heading: `key` identifies the numbering style (`cn`, `cn-paren`, `dotted-2` …).
    NumberedHeading(String),
    /// A numbered paragraph that leads into a list (`2.\t我们在您使用服务过程中收集的信息，除法律
    /// 规定情形外，我们都将事先征得您的同意：`) where the number before it was a heading's
    /// (`1.\t您主动提供给我们的信息`): it closes that heading's section and opens its own, titled
    /// by its words, while staying a paragraph of text.
    LeadIn(String),
    /// A short unnumbered line standing alone.
    PlainHeading,
    /// A paragraph or list item, possibly opening with a numbered run-in title (`1.1.1 手机号码：…`).
    Body {
        kind: BlockKind,
        run_in_title: Option<Span>,
    },
}

// ---------------------------------------------------------------------------------------------
// Numbering

struct NumberingStyle {
    key: &'static str,
    pattern: Regex,
}

/// Numbering styles, tried in order on a line's normalized text. Fullwidth brackets and dots are
/// already ASCII after normalization.
static STYLES: LazyLock<Vec<NumberingStyle>> = LazyLock::new(|| {
    let cn = "[一二三四五六七八九十百零〇两]";
    [
        ("chapter", format!(r"^第\s*(?:{cn}+|\d+)\s*[章节部分篇]")),
        ("article", format!(r"^第\s*(?:{cn}+|\d+)\s*条")),
        ("cn", format!(r"^{cn}{{1,3}}\s*[、.,]")),
        ("cn-paren", format!(r"^\(\s*{cn}{{1,3}}\s*\)")),
        (
            "dotted",
            r"^\d{1,2}(?:\.\d{1,2})+\.?(?:\s|[^\d.%\s])".to_string(),
        ),
        ("arabic", r"^\d{1,2}\s*[.、](?:\s|[^\d\s])".to_string()),
        ("arabic-paren", r"^\(\s*\d{1,2}\s*\)".to_string()),
        ("arabic-half", r"^\d{1,2}\)".to_string()),
        ("circled", r"^[①-⑳]".to_string()),
        ("latin", r"^[a-zA-Z][.、)][^\x00-\x7f]".to_string()),
        // `（a）安全可靠` under `1、隐私保护原则` (国家反诈中心): a plain heading would close the
        // section it belongs to.
        ("latin-paren", r"^\(\s*[a-zA-Z]\s*\)".to_string()),
    ]
    .into_iter()
    .map(|(key, re)| NumberingStyle {
        key,
        pattern: Regex::new(&re).expect("numbering pattern"),
    })
    .collect()
});

/// The numbering style key and the length (chars) of the number prefix, if `line` starts with one.
/// Dotted numbers get a key per depth (`dotted-2` for `1.1`, `dotted-3` for `1.1.1`).
fn numbering(line: &str) -> Option<(String, usize)> {
    for style in STYLES.iter() {
        if let Some(m) = style.pattern.find(line) {
            let matched = &line[..m.end()];
            // The dotted and arabic patterns consume the first char of the title: give it back.
            let prefix_len = match style.key {
                "dotted" | "arabic" | "latin" => matched.chars().count() - 1,
                _ => matched.chars().count(),
            };
            let key = if style.key == "dotted" {
                let depth = matched
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .matches('.')
                    .count()
                    + 1;
                format!("dotted-{depth}")
            } else {
                style.key.to_string()
            };
            return Some((key, prefix_len));
        }
    }
    None
}

const TERMINAL: &[char] = &['。', '.', ';', '!', '?', '；', '！', '？', '…'];
const BULLETS: &[char] = &[
    '•', '·', '●', '○', '■', '□', '◆', '◇', '▪', '-', '*', '–', '—', '➢', '►', '√', '✓',
];

/// Chars a line never opens with unless it continues the line before.
const CONTINUING: &[char] = &[
    '，', ',', '、', '。', '；', ';', '：', ':', '）', ')', '」', '』', '”', '》', '】', '？', '！',
];

/// Whether a line stops where its sentence must go on: on a comma or an opening bracket, a
/// function word (`的`, `和`, `或`) or a word that announces what follows (`包括`, `例如`).
fn ends_mid_phrase(s: &str) -> bool {
    const WORDS: [&str; 16] = [
        "包括", "例如", "比如", "以及", "的", "和", "及", "或", "与", "在", "对", "将", "向", "把",
        "被", "从",
    ];
    let t = s.trim_end();
    // (The line's end first: counting its brackets reads all of it.)
    let unclosed_bracket = || {
        let depth = t.chars().fold(0i64, |depth, c| match c {
            '（' | '(' => depth + 1,
            '）' | ')' => depth - 1,
            _ => depth,
        });
        depth > 0
    };
    t.ends_with(['，', ',', '、', '（', '(', '“', '《'])
        || is_lone_separator(t)
        || (WORDS.iter().any(|w| t.ends_with(w)) && t.chars().nth(3).is_some())
        || unclosed_bracket()
}

/// The shortest line a fixed-width wrap leaves before a word it cuts ([`breaks_a_word`]): a
/// shorter one is a list item, a table's cell or a heading (`夹克/外套⏎头巾` is no `套头`).
const WRAPPED_LINE_MIN_CHARS: usize = 20;

/// Whether a line break cuts a word in two (`…驾驶证影印⏎件、机动车…`, `…相关信⏎息。`: a page's
/// source wrapped at a fixed width, its indentation kept by the crawler): a char on one side
/// makes a word of jieba's dictionary with the last or first chars on the other, and makes
/// none with its own neighbours on its own line (`采集⏎合作方` is no `集合`, `信息⏎业务` no
/// `信息业`). Nor does a line that opens a field (`收集方式：`) continue the one above.
fn breaks_a_word(above: &str, below: &str) -> bool {
    let is_han = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
    let word = |chars: &[char]| {
        chars.iter().all(is_han)
            && crate::jieba_dict::lookup(&chars.iter().collect::<String>()).is_some()
    };
    let above: Vec<char> = above.trim_end().chars().collect();
    let below: Vec<char> = below.trim_start().chars().collect();
    if below.iter().take(8).any(|c| matches!(c, '：' | ':')) {
        return false;
    }
    let (Some(&last), Some(&first)) = (above.last(), below.first()) else {
        return false;
    };
    // A Latin name cut before its `SDK` (掌上大学's `…华为/Oppo/Vivo/小米Push⏎    SDK需要读取…`) —
    // not a table's cell of its own below a cell ending in a Latin word (`…AndroidID⏎SDK自动收集⏎`),
    // nor a field's name (`SDK names:`).
    let sdk_below = below.len() >= 3
        && below[..3]
            .iter()
            .collect::<String>()
            .eq_ignore_ascii_case("sdk")
        && below.get(3).is_none_or(|c| !c.is_ascii_alphanumeric());
    let rest = below.get(3..).unwrap_or_default();
    let a_cell = (1..=6).contains(&rest.len()) && rest.iter().all(is_han);
    let a_field = below.iter().take(16).any(|c| matches!(c, '：' | ':'));
    if last.is_ascii_alphanumeric() && sdk_below {
        return !a_cell && !a_field;
    }
    let before_last = above.len().checked_sub(2).map(|i| above[i]);
    let after_first = below.get(1).copied();
    // The last char alone, with one or two chars below; the first alone, with two above.
    let last_is_loose = before_last.is_none_or(|b| !word(&[b, last]));
    let first_is_loose = after_first.is_none_or(|a| !word(&[first, a]));
    (last_is_loose
        && (word(&[last, first]) || after_first.is_some_and(|a| word(&[last, first, a]))))
        || (first_is_loose && before_last.is_some_and(|b| word(&[b, last, first])))
}

/// A line of nothing but a dash or slash: a crawled page's separator inside running text (`点击我的⏎-⏎设置⏎-⏎注销账号`).
fn is_lone_separator(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '–' | '—' | '>' | '＞' | '/' | '／'))
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || "”\"’'）)】」》".contains(c));
    t.ends_with(TERMINAL) || t.ends_with(':') || t.ends_with('：')
}

/// Whether a numbered line's title (after the number) reads as a heading: short, not a sentence.
fn is_heading_title(title: &str) -> bool {
    let t = title.trim();
    let n = t.chars().count();
    (1..=36).contains(&n)
        && !t.contains('。')
        && !t.ends_with([';', ',', ':', '；', '，', '：', '。'])
}

/// Where a numbered line stands among its siblings: the numbers before its last one (`2.` of
/// `2.3`) and its last one, read from the `prefix_len` chars of its number (`3.`, `（三）`,
/// `2.3`, `③`). `None` for numbers not read as a count (chapters, Latin letters).
fn ordinal(line: &str, prefix_len: usize) -> Option<(String, u32)> {
    let prefix: String = line.chars().take(prefix_len).collect();
    let cn_digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    if let Some(c) = prefix.chars().find(|c| ('①'..='⑳').contains(c)) {
        return Some((String::new(), c as u32 - '①' as u32 + 1));
    }
    let groups: Vec<&str> = prefix
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    if let Some((last, parents)) = groups.split_last() {
        return Some((parents.join("."), last.parse().ok()?));
    }
    // Chinese numerals up to 99: 三, 十二, 二十, 二十三.
    let cn: Vec<char> = prefix
        .chars()
        .filter(|&c| c == '十' || cn_digit(c).is_some())
        .collect();
    let value = match cn.iter().position(|&c| c == '十') {
        None if cn.len() == 1 => cn_digit(cn[0])?,
        Some(at) if cn.len() <= 3 => {
            let tens = if at == 0 { 1 } else { cn_digit(cn[0])? };
            let ones = cn.get(at + 1).map_or(Some(0), |&c| cn_digit(c))?;
            tens * 10 + ones
        }
        _ => return None,
    };
    Some((String::new(), value as u32))
}

/// A numbered line whose title is a short name closed by a colon and nothing after it
/// (`3.支付相关服务：`, its text on the next line): the title, without the colon, if it would
/// read as a heading without it.
/// A title without the bracketed words that close it (`高德（com.amap.api.location）` → `高德`);
/// `None` when it ends in no bracket or is nothing else.
fn without_last_bracket(title: &str) -> Option<&str> {
    let t = title.trim().strip_suffix(['）', ')'])?;
    let open = t.rfind(['（', '('])?;
    let name = t[..open].trim_end();
    (!name.is_empty()).then_some(name)
}

/// By numbering style: whether its last numbered line was a heading, and where that line
/// stood among its siblings ([`ordinal`]).
type LastNumbered = std::collections::HashMap<String, (bool, Option<(String, u32)>)>;

/// Whether numbered `line` (its number `prefix` chars long, of numbering `key`) is the next
/// number after the last line numbered the same way, under the same parent numbers.
fn next_of_last_numbered(
    last_numbered: &LastNumbered,
    key: &str,
    line: &str,
    prefix: usize,
) -> bool {
    let Some((parents, n)) = ordinal(line, prefix) else {
        return false;
    };
    last_numbered
        .get(key)
        .and_then(|(_, last)| last.as_ref())
        .is_some_and(|(p, m)| *p == parents && m + 1 == n)
}

/// The longest numbered sentence read as a list's lead-in ([`RawKind::LeadIn`]): one of a
/// few clauses, not a paragraph.
const MAX_LEAD_IN_CHARS: usize = 80;

fn colon_closed_title(title: &str) -> Option<&str> {
    let t = title.trim().strip_suffix(['：', ':'])?.trim_end();
    (t.chars().count() <= 16
        && !t.contains([',', '，', '、', ';', '；', ':', '：', '(', '（'])
        && is_heading_title(t))
    .then_some(t)
}

/// A numbered line like `1.1.1 手机号码/电子邮箱：当您…` opens with a run-in title: the number and
/// the words before the colon. Returns the title's length in chars.
fn run_in_title(line: &str, prefix_len: usize) -> Option<usize> {
    let rest: String = line.chars().skip(prefix_len).collect();
    let colon = rest.find(':')?;
    let before = &rest[..colon];
    let n = before.trim().chars().count();
    ((1..=24).contains(&n) && !before.contains([',', '，', '。', ';']))
        .then(|| prefix_len + before.trim_end().chars().count())
}

/// A short unnumbered line that stands alone reads as a heading (`导言`, `提示条款`). One
/// listing things (`姓名、手机号码`) does not, unless it asks how (`我们如何共享、转让、公开披露
/// 您的个人信息`, the chapter titles of the national standard's template).
fn is_plain_heading(line: &str) -> bool {
    let n = line.chars().count();
    (1..=20).contains(&n)
        && !ends_sentence(line)
        && !line.contains([',', '，', ':', '：', '@', '/'])
        && (!line.contains('、') || line.contains("如何"))
        && !line.starts_with(BULLETS)
        && !line.is_ascii()
        && !line
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "年月日-.".contains(c))
}

// ---------------------------------------------------------------------------------------------
// Blocks from lines (plain text)

struct Line<'a> {
    /// Trimmed content.
    span: Span,
    /// Its normalized text: a slice of the whole normalized text, never a copy.
    text: &'a str,
}

/// `text` (whose first char is char `at` of the normalized text) without the whitespace around
/// it, as a line; `None` when nothing is left.
fn trimmed_line(text: &str, at: usize) -> Option<Line<'_>> {
    let trimmed = text.trim_start();
    let x = at + text[..text.len() - trimmed.len()].chars().count();
    let trimmed = trimmed.trim_end();
    (!trimmed.is_empty()).then(|| Line {
        span: Span::new(x, x + trimmed.chars().count()),
        text: trimmed,
    })
}

/// Chars `x..y` of `line`'s text (offsets into the normalized text, inside the line) as a
/// line of their own, trimmed.
fn piece_of<'a>(line: &Line<'a>, x: usize, y: usize) -> Option<Line<'a>> {
    let byte = |at: usize| {
        line.text
            .char_indices()
            .nth(at - line.span.start)
            .map_or(line.text.len(), |(b, _)| b)
    };
    trimmed_line(&line.text[byte(x)..byte(y)], x)
}

/// The lines of the normalized text, trimmed (`None`: a blank line).
fn lines_of(normalized_text: &str) -> impl Iterator<Item = Option<Line<'_>>> {
    let mut at = 0;
    normalized_text.split('\n').map(move |text| {
        let line = trimmed_line(text, at);
        at += text.chars().count() + 1;
        line
    })
}

/// `line` cut where table cells begin and end within it: the text before the first cell, the
/// cells, the text after the last; a line the cells cover (or that holds none) as it is.
fn around_cells<'a>(line: Line<'a>, cells: &[(Span, BlockKind)]) -> Vec<Line<'a>> {
    let (s, e) = (line.span.start, line.span.end);
    let from = cells.partition_point(|(span, _)| span.end <= s);
    let inside: Vec<Span> = cells[from..]
        .iter()
        .map(|(span, _)| *span)
        .take_while(|span| span.start < e)
        .collect();
    let (Some(first), Some(last)) = (
        inside.iter().map(|c| c.start).min(),
        inside.iter().map(|c| c.end).max(),
    ) else {
        return vec![line];
    };
    let (a, b) = (first.max(s), last.min(e));
    if a <= s && b >= e {
        return vec![line];
    }
    [
        piece_of(&line, s, a),
        piece_of(&line, a, b),
        piece_of(&line, b, e),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn from_lines(
    normalized: &[char],
    normalized_text: &str,
    cells: &[(Span, BlockKind)],
) -> (Vec<RawBlock>, Vec<Span>) {
    // Tables saved one cell per line: their lines are cells, never headings or paragraphs.
    let cell_at = |at: usize| {
        let i = cells.partition_point(|(span, _)| span.end <= at);
        cells.get(i).filter(|(span, _)| span.start <= at)
    };
    // A crawled page saved as one long line: cut it before its inline headings. A line that
    // holds a table's cells and other text (a table whose cells ran together, after the
    // sentence that introduces it): the text before and after the cells are lines of their
    // own, the cells one line. (One pass over the text, which also gives the lines' lengths.)
    let mut lengths: Vec<usize> = Vec::new();
    let lines: Vec<Option<Line>> = lines_of(normalized_text)
        .inspect(|line| lengths.extend(line.as_ref().map(|l| l.span.len())))
        .flat_map(|line| match line {
            Some(l) if l.span.len() >= RUN_ON_MIN_CHARS => {
                split_run_on(&l, normalized).into_iter().map(Some).collect()
            }
            other => vec![other],
        })
        .flat_map(|line| match line {
            Some(l) => around_cells(l, cells).into_iter().map(Some).collect(),
            None => vec![None],
        })
        .collect();
    // Wrap width: lines of a hard-wrapped PDF are all about as long as the longest ones (the
    // text's lines as written, before run-on lines and cells are cut).
    lengths.sort_unstable();
    let wrap_width = lengths
        .get(lengths.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(0)
        .max(20);
    drop(lengths);
    let is_full = |l: &Line| l.span.len() * 4 >= wrap_width * 3;

    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut soft_breaks = Vec::new();
    // The last line of the open body block, if the block can still grow.
    let mut open: Option<usize> = None; // index into `lines` of the block's last line
    let mut previous_ended = true; // the previous content line ended a sentence (or none yet)
                                   // The last numbered line of each style: whether it was a heading, and its place.
    let mut last_numbered: LastNumbered = Default::default();
    for (i, line) in lines.iter().enumerate() {
        let Some(line) = line else {
            continue;
        };
        if cell_at(line.span.start).is_some() {
            // The cells that start on this line (one, or a row's cells set apart by spaces);
            // a line inside a cell that started above is in it.
            let from = cells.partition_point(|(span, _)| span.start < line.span.start);
            for &(span, kind) in cells[from..]
                .iter()
                .take_while(|(span, _)| span.start < line.span.end)
            {
                blocks.push(RawBlock {
                    kind: RawKind::Body {
                        kind,
                        run_in_title: None,
                    },
                    span,
                });
            }
            open = None;
            previous_ended = true;
            continue;
        }
        let numbered = numbering(line.text);
        let bullet =
            line.text.starts_with(BULLETS) && numbered.is_none() && !is_lone_separator(line.text);
        if let Some(last) = open {
            let last_line = lines[last].as_ref().expect("open line is content");
            // A wrapped line fills the width and stops mid-sentence. A numbered line continues it
            // only when the number reads as running text (`…通过本隐私政策⏎第四部分“您的权利”…`).
            // Nor does the next number of the line's own list (Ta在哪儿's `7.  唯一性校验sdk（cn.…,
            // cn.…）` after `6. 高德（…）`, a title longer than most, joined the record above).
            let continues_numbered = match &numbered {
                None => true,
                Some((key, prefix)) => {
                    key == "chapter"
                        || key == "article"
                        || (!is_heading_title(&line.text.chars().skip(*prefix).collect::<String>())
                            && !next_of_last_numbered(&last_numbered, key, line.text, *prefix))
                }
            };
            // Pieces of one cut run-on line never join: only a line break can be a soft break.
            let broken = normalized[last_line.span.end..line.span.start].contains(&'\n');
            // A line can only continue what is above it when it opens with punctuation that
            // never begins a sentence (a crawled page that broke its lines at every inline
            // mark: `…包括⏎手机号码、昵称⏎，用于创建账号⏎。`), or when the line above stops
            // on a word that cannot end one (`包括`, `的`).
            let continuation = line.text.starts_with(CONTINUING)
                || is_lone_separator(line.text)
                || ends_mid_phrase(last_line.text)
                || (last_line.span.len() >= WRAPPED_LINE_MIN_CHARS
                    && !ends_sentence(last_line.text)
                    && normalized[last_line.span.end..line.span.start]
                        .iter()
                        .filter(|c| **c == '\n')
                        .count()
                        == 1
                    && breaks_a_word(last_line.text, line.text));
            let joins = broken
                && continues_numbered
                && !bullet
                && (continuation || (!ends_sentence(last_line.text) && is_full(last_line)));
            if joins {
                soft_breaks.push(Span::new(last_line.span.end, line.span.start));
                blocks.last_mut().expect("open block").span.end = line.span.end;
                open = Some(i);
                previous_ended = ends_sentence(line.text);
                continue;
            }
        }
        let next = lines[i + 1..].iter().flatten().next();
        let next_is_content = next.is_some();
        // A line the next one continues (`对于您提供的⏎昵称…`, `昵称⏎、头像…`) is no heading; nor
        // is a receiver's name over its record's fields (`支付宝` / `功能：…` / `收集个人信息类型：
        // …`, after a list's `列明如下：`): it is the record's first line. (Asked only of a line
        // that could otherwise be a plain heading.)
        let continued = || {
            next.is_some_and(|n| n.text.starts_with(CONTINUING))
                || ends_mid_phrase(line.text)
                || next.is_some_and(|n| crate::receivers::opens_with_unnamed_records_field(n.text))
        };
        let kind = if let Some((key, prefix)) = numbered {
            let title: String = line.text.chars().skip(prefix).collect();
            let place = ordinal(line.text, prefix);
            // `3.支付相关服务：` over its text, after headings `1. 注册会员` and `2.登录功能…`:
            // the next of the same numbers, so a heading too (a colon alone does not make a
            // list item's lead-in of a numbered title whose siblings are headings).
            let follows_a_heading_sibling = || {
                let Some((parents, n)) = &place else {
                    return false;
                };
                next_is_content
                    && last_numbered.get(&key).is_some_and(|(heading, last)| {
                        *heading
                            && last
                                .as_ref()
                                .is_some_and(|(p, m)| p == parents && m + 1 == *n)
                    })
            };
            let next_of_heading_siblings =
                || colon_closed_title(&title).is_some() && follows_a_heading_sibling();
            // (So is one whose title names its package after it, `唯一性校验sdk（cn.gz3create.
            // args,cn.devices.get）` after `6. 高德（com.amap.api.location）`: as long as its name.)
            // (A field and its value, `收集个人信息类型：设备信息（IMEI/…）`, is no name.)
            let named_like_its_siblings = || {
                without_last_bracket(&title).is_some_and(|name| {
                    is_heading_title(name) && !name.contains([':', '：', ',', '，', '。'])
                }) && follows_a_heading_sibling()
            };
            let heading = (is_heading_title(&title)
                || next_of_heading_siblings()
                || named_like_its_siblings())
                && !is_full_sentence_line(line, wrap_width);
            // (Else a sentence leading into a list, in that place: its list is its own, not
            // filed under the heading before it.)
            let lead_in = !heading
                && title.trim_end().ends_with([':', '：'])
                && title.chars().count() <= MAX_LEAD_IN_CHARS
                && follows_a_heading_sibling();
            last_numbered.insert(key.clone(), (heading || lead_in, place));
            if heading {
                RawKind::NumberedHeading(key)
            } else if lead_in {
                RawKind::LeadIn(key)
            } else {
                RawKind::Body {
                    kind: BlockKind::ListItem,
                    run_in_title: run_in_title(line.text, prefix)
                        .map(|n| Span::new(line.span.start, line.span.start + n)),
                }
            }
        } else if bullet {
            RawKind::Body {
                kind: BlockKind::ListItem,
                run_in_title: None,
            }
        } else if previous_ended
            && next_is_content
            && is_plain_heading(line.text)
            && !is_full(line)
            && !continued()
        {
            RawKind::PlainHeading
        } else {
            RawKind::Body {
                kind: BlockKind::Paragraph,
                run_in_title: None,
            }
        };
        let text_block = matches!(kind, RawKind::Body { .. } | RawKind::LeadIn(_));
        open = text_block.then_some(i);
        previous_ended = !text_block || ends_sentence(line.text);
        blocks.push(RawBlock {
            kind,
            span: line.span,
        });
    }
    (blocks, soft_breaks)
}

/// A numbered line that fills the wrap width is the start of a wrapped paragraph, not a heading.
fn is_full_sentence_line(line: &Line, wrap_width: usize) -> bool {
    line.span.len() >= wrap_width && wrap_width > 40
}

// ---------------------------------------------------------------------------------------------
// Blocks from Markdown/HTML hints

fn from_hints(hints: &[BlockHint], normalized: &[char], ingested: &Ingested) -> Vec<RawBlock> {
    hints
        .iter()
        .filter(|h| !h.span.is_empty())
        .map(|h| {
            let text: String = normalized[h.span.start..h.span.end].iter().collect();
            let kind = match h.kind {
                BlockKind::Heading { level } => RawKind::LevelHeading(level),
                BlockKind::Paragraph => match numbering(text.trim_start()) {
                    Some((key, prefix)) => {
                        let title: String = text.trim_start().chars().skip(prefix).collect();
                        if is_heading_title(&title) {
                            RawKind::NumberedHeading(key)
                        } else {
                            RawKind::Body {
                                kind: BlockKind::Paragraph,
                                run_in_title: run_in_title(&text, prefix)
                                    .map(|n| Span::new(h.span.start, h.span.start + n)),
                            }
                        }
                    }
                    None if fully_bold(h.span, ingested) && is_plain_heading(text.trim()) => {
                        RawKind::PlainHeading
                    }
                    None => RawKind::Body {
                        kind: BlockKind::Paragraph,
                        run_in_title: None,
                    },
                },
                kind => RawKind::Body {
                    kind,
                    run_in_title: None,
                },
            };
            RawBlock { kind, span: h.span }
        })
        .collect()
}

fn fully_bold(span: Span, ingested: &Ingested) -> bool {
    ingested
        .emphasis
        .iter()
        .any(|e| e.kind == crate::document::EmphasisKind::Bold && e.span.contains(span))
}

// ---------------------------------------------------------------------------------------------
// Section paths

/// Words that make a short early line the document's title.
const TITLE_WORDS: &[&str] = &[
    "隐私", "政策", "指引", "声明", "协议", "条款", "Privacy", "privacy", "PRIVACY",
];

fn assign_sections(
    raw: Vec<RawBlock>,
    normalized: &[char],
    original: &str,
) -> (Vec<Block>, Option<usize>) {
    let squeeze = |text: &str| -> String { text.split_whitespace().collect::<Vec<_>>().join(" ") };
    let text_of = |s: Span| squeeze(&normalized[s.start..s.end].iter().collect::<String>());
    // Section titles are shown to readers: original text, whitespace squeezed. The original is
    // looked up through sampled offsets, not a second `Vec<char>` of a text that may be 30 MB.
    let original_chars = crate::document::CharSamples::new(original);
    // (A title closed by a colon, `3.支付相关服务：`, is shown without it.)
    let original_title = |s: Span| {
        let mut title = squeeze(original_chars.slice(original, s));
        title.truncate(title.trim_end_matches([':', '：']).len());
        title
    };
    // The title: among the first few blocks, a short heading-like line naming a policy.
    let title_block = raw.iter().take(4).position(|b| {
        let t = text_of(b.span);
        t.chars().count() <= 40
            && TITLE_WORDS.iter().any(|w| t.contains(w))
            && !matches!(b.kind, RawKind::NumberedHeading(_))
            && !ends_sentence(&t)
    });

    // (style key, title, explicit level)
    let mut stack: Vec<(String, String, Option<u8>)> = Vec::new();
    let mut top_style: Option<String> = None;
    // Where each numbering style was last used: the sections above it and its number.
    type Stack = Vec<(String, String, Option<u8>)>;
    let mut last_of_style: std::collections::HashMap<String, (Stack, (String, u32))> =
        std::collections::HashMap::new();
    let mut blocks = Vec::with_capacity(raw.len());
    for (i, b) in raw.into_iter().enumerate() {
        if Some(i) == title_block {
            blocks.push(Block {
                kind: BlockKind::Heading { level: 1 },
                span: b.span,
                section: vec![original_title(b.span)].into(),
            });
            continue;
        }
        let after_last_explicit = |stack: &Vec<(String, String, Option<u8>)>, below: u8| {
            stack
                .iter()
                .rposition(|(_, _, level)| level.is_some_and(|l| l < below))
                .map_or(0, |p| p + 1)
        };
        let lead_in = matches!(b.kind, RawKind::LeadIn(_));
        match b.kind {
            RawKind::LevelHeading(level) => {
                let keep = after_last_explicit(&stack, level);
                stack.truncate(keep);
                stack.push((format!("h{level}"), original_title(b.span), Some(level)));
            }
            RawKind::NumberedHeading(key) | RawKind::LeadIn(key) => {
                // The document's first numbering style is its top level: it closes plain headings
                // such as `提示条款` rather than nesting under them.
                if top_style.is_none() {
                    top_style = Some(key.clone());
                }
                let text = text_of(b.span);
                let place = numbering(&text).and_then(|(_, prefix)| ordinal(&text, prefix));
                // The next number of a style last used under other sections goes back under
                // them: 比亚迪汽车's `（四）为您提供安全保障` after `（三）…` of `一、` and the
                // plain titles between (`我们开启的权限`, an SDK list's names) is `一、`'s. The one
                // after it too, when only plain titles closed numbered sections (扫一扫's `4.` after
                // `2.注册及登录` of `一、 › （一）`, a long item `3.` and a table's stray line `设备ID`).
                let only_plain =
                    |s: &Stack| !s.is_empty() && s.iter().all(|(k, _, _)| k == "plain");
                let continued = last_of_style.get(&key).filter(|(above, (parents, n))| {
                    place.as_ref().is_some_and(|(p, m)| {
                        p == parents
                            && (*m == n + 1
                                || *m == n + 2
                                    && only_plain(&stack)
                                    && !above.is_empty()
                                    && !above.iter().any(|(k, _, _)| k == "plain"))
                    })
                });
                if let Some(pos) = stack.iter().position(|(k, _, _)| *k == key) {
                    stack.truncate(pos);
                } else if let Some((above, _)) = continued.filter(|_| {
                    key != "chapter" && key != "cn" && top_style.as_deref() != Some(&key)
                }) {
                    stack = above.clone();
                } else if key == "chapter" || key == "cn" || top_style.as_deref() == Some(&key) {
                    let mut keep = after_last_explicit(&stack, u8::MAX);
                    // `一、` opens a top-level section, except inside a `第…章`.
                    let in_chapter = key == "cn" && {
                        let chapter = stack.iter().rposition(|(k, _, _)| k == "chapter");
                        if let Some(p) = chapter {
                            keep = keep.max(p + 1);
                        }
                        chapter.is_some()
                    };
                    stack.truncate(keep);
                    // And the top level from here on: a style first seen before it (the preamble's
                    // `1）通过…访问` items, 甬兴证券) nests under it when it comes back
                    // (`1、名词解释` › `1）个人信息`) instead of closing it.
                    if (key == "chapter" || key == "cn") && !in_chapter {
                        top_style = Some(key.clone());
                    }
                }
                // A numbered title closes the styles used below its level (`六、` ends what
                // `（二）` of `五、` numbered: a later `（三）` is not `五、`'s).
                last_of_style.retain(|_, (above, _)| above.len() <= stack.len());
                if let Some(place) = place {
                    last_of_style.insert(key.clone(), (stack.clone(), place));
                }
                stack.push((key, original_title(b.span), None));
            }
            RawKind::PlainHeading => {
                let keep = after_last_explicit(&stack, u8::MAX);
                stack.truncate(keep);
                stack.push(("plain".into(), original_title(b.span), None));
            }
            RawKind::Body { kind, run_in_title } => {
                let mut section: Vec<String> = stack.iter().map(|(_, t, _)| t.clone()).collect();
                if let Some(t) = run_in_title {
                    section.push(original_title(t));
                }
                let section = match blocks.last() {
                    Some(last) if *last.section == *section => last.section.clone(),
                    _ => section.into(),
                };
                blocks.push(Block {
                    kind,
                    span: b.span,
                    section,
                });
                continue;
            }
        }
        // Bound the depth: a runaway numbering scheme must not build an endless path.
        if stack.len() > 8 {
            stack.remove(stack.len() - 2);
        }
        if lead_in {
            // (Text under the sections above it; what follows is under its words too.)
            blocks.push(Block {
                kind: BlockKind::ListItem,
                span: b.span,
                section: stack[..stack.len() - 1]
                    .iter()
                    .map(|(_, t, _)| t.clone())
                    .collect(),
            });
            continue;
        }
        blocks.push(Block {
            kind: BlockKind::Heading {
                level: stack.len() as u8,
            },
            span: b.span,
            section: stack.iter().map(|(_, t, _)| t.clone()).collect(),
        });
    }
    (blocks, title_block)
}

// ---------------------------------------------------------------------------------------------
// Sentences

const OPENERS: &str = "(（[【《「『“‘〈〔{";
const CLOSERS: &str = ")）]】》」』”’〉〕}";
/// An opener left open this long is a stray, not a bracket around a clause.
const MAX_BRACKET_CHARS: usize = 160;

fn split_sentences(
    blocks: &[Block],
    normalized: &[char],
    soft_breaks: &[Span],
    hidden: &[Span],
) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut skip_iter = soft_breaks
        .iter()
        .chain(hidden.iter())
        .copied()
        .collect::<Vec<_>>();
    skip_iter.sort();
    let skipped = |at: usize| {
        let i = skip_iter.partition_point(|s| s.end <= at);
        i < skip_iter.len() && skip_iter[i].start <= at
    };
    for (bi, block) in blocks.iter().enumerate() {
        let mut start = block.span.start;
        let mut depth: usize = 0;
        let mut opened_at = 0usize;
        let mut in_ascii_quote = false;
        let push = |s: usize, e: usize, out: &mut Vec<Sentence>| {
            let mut s = s;
            let mut e = e;
            while s < e && (normalized[s].is_whitespace() || skipped(s)) {
                s += 1;
            }
            while e > s && (normalized[e - 1].is_whitespace() || skipped(e - 1)) {
                e -= 1;
            }
            if s < e {
                out.push(Sentence {
                    span: Span::new(s, e),
                    block: bi,
                });
            }
        };
        let mut i = block.span.start;
        while i < block.span.end {
            let c = normalized[i];
            if skipped(i) {
                i += 1;
                continue;
            }
            if depth > 0 && i - opened_at > MAX_BRACKET_CHARS {
                depth = 0;
                in_ascii_quote = false;
            }
            if c == '"' {
                in_ascii_quote = !in_ascii_quote;
            } else if OPENERS.contains(c) {
                if depth == 0 {
                    opened_at = i;
                }
                depth += 1;
            } else if CLOSERS.contains(c) {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && !in_ascii_quote && is_sentence_end(normalized, i) {
                // Keep closing quotes/brackets and repeated terminators with the sentence.
                let mut e = i + 1;
                while e < block.span.end
                    && (TERMINAL.contains(&normalized[e]) || CLOSERS.contains(normalized[e]))
                {
                    e += 1;
                }
                push(start, e, &mut out);
                start = e;
                i = e;
                continue;
            } else if c == '\n' && !skipped(i) {
                push(start, i, &mut out);
                start = i + 1;
            }
            i += 1;
        }
        push(start, block.span.end, &mut out);
    }
    out
}

fn is_sentence_end(normalized: &[char], i: usize) -> bool {
    match normalized[i] {
        '。' | ';' | '!' | '?' | '；' | '！' | '？' => true,
        // An ASCII full stop ends an English sentence, not `1.1` or `www.x.com`.
        '.' => normalized.get(i + 1).is_none_or(|c| c.is_whitespace()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// The section path of the first block whose text starts with `t`.
    fn path_of_block_starting(seg: &Segmented, chars: &[char], t: &str) -> String {
        seg.blocks
            .iter()
            .find(|b| s(chars, b.span).starts_with(t))
            .unwrap_or_else(|| panic!("no block starts with {t}"))
            .section_path()
    }

    /// Regression (Ta在哪儿): `7.  唯一性校验sdk（cn.gz3create.args,cn.devices.get）` after SDK
    /// headings `5. 微信（…）` and `6. 高德（…）` is the next of them (its title is long only by its
    /// packages), not a line joined to the record above it; a field with a value in brackets
    /// (`3. 收集个人信息类型：设备信息（IMEI/…）`) stays no heading.
    #[test]
    fn the_next_sdk_of_a_numbered_list_is_a_heading_however_long_its_packages() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sdk-list-long-packages.txt"
        ))
        .unwrap();
        let (seg, chars) = seg(&text);
        assert_eq!(
            path_of_block_starting(&seg, &chars, "我司产品账号系统"),
            "一、我们需要哪些信息 › 7. 唯一性校验sdk（cn.gz3create.args,cn.devices.get）"
        );
        assert!(s(
            &chars,
            seg.blocks
                .iter()
                .find(|b| s(&chars, b.span).starts_with("功能：获取"))
                .unwrap()
                .span
        )
        .ends_with(".html"));
        let fields = "二、第三方SDK\n1.  友盟SDK\n说明。\n2.  使用目的：统计\n\
                      3.  收集个人信息类型：设备信息（IMEI/MAC/Android ID/IDFA/OPENUDID/GUID）\n说明。\n";
        let (fields_seg, chars) = super::tests::seg(fields);
        assert!(!fields_seg
            .blocks
            .iter()
            .find(|b| s(&chars, b.span).starts_with("3."))
            .unwrap()
            .is_heading());
    }

    fn seg(text: &str) -> (Segmented, Vec<char>) {
        let ingested = Ingested {
            text: text.to_string(),
            format: crate::document::Format::Text,
            encoding: "UTF-8",
            blocks: None,
            emphasis: vec![],
            hidden: vec![],
            soft_breaks: vec![],
            html_title: None,
            notes: vec![],
            pages: Vec::new(),
        };
        let norm_text = normalize(text);
        let norm: Vec<char> = norm_text.chars().collect();
        (
            segment(&ingested, &norm_text, &norm),
            text.chars().collect(),
        )
    }

    fn s(chars: &[char], span: Span) -> String {
        chars[span.start..span.end].iter().collect()
    }

    #[test]
    fn ordinals_are_read_from_arabic_dotted_chinese_and_circled_numbers() {
        let place = |l: &str| {
            let l = normalize(l);
            let (_, prefix) = numbering(&l).unwrap();
            ordinal(&l, prefix)
        };
        assert_eq!(place("3.支付相关服务："), Some((String::new(), 3)));
        assert_eq!(place("2.3在小店平台经营"), Some(("2".to_string(), 3)));
        assert_eq!(place("（十二）其他"), Some((String::new(), 12)));
        assert_eq!(place("二十三、附则"), Some((String::new(), 23)));
        assert_eq!(place("③设备信息"), Some((String::new(), 3)));
    }

    /// 和路宝: `3.支付相关服务：` … `7.设备信息：` after headings `1. 注册会员`, `2.登录功能和相关
    /// 服务` were list items, so their clauses sat under 「登录功能和相关服务」 and `ask` gave
    /// 注册登录 as the purpose of 40 data types; 「我们如何共享、转让、公开披露您的个人信息」 was
    /// body text for its `、`.
    #[test]
    fn numbered_titles_closed_by_a_colon_after_heading_siblings_are_headings() {
        let body = "为了向您提供服务，我们会按照法律法规的规定和本政策的约定处理您的个人信息。";
        let text = format!(
            "隐私政策\n一、我们如何收集和使用您的个人信息\n1. 注册会员\n您需要提供手机号。{body}\n\
             2.登录功能\n我们会收集设备信息。{body}\n3.支付相关服务：\n\
             您支付订单时，我们会与支付机构共享订单信息。{body}\n\
             我们如何共享、转让、公开披露您的个人信息\n正文。{body}\n\
             二、其他\n我们会收集以下信息：\n1.设备信息：\n包括IMEI。{body}\n"
        );
        let text = text.as_str();
        let (seg, chars) = seg(text);
        let heading = |t: &str| {
            seg.blocks
                .iter()
                .find(|b| s(&chars, b.span) == t)
                .unwrap_or_else(|| panic!("{t}"))
                .is_heading()
        };
        assert!(heading("3.支付相关服务："));
        assert!(heading("我们如何共享、转让、公开披露您的个人信息"));
        // The first of its numbers has no heading sibling before it: a list's lead-in.
        assert!(!heading("1.设备信息："));
        let path_of = |t: &str| path_of_block_starting(&seg, &chars, t);
        assert!(
            path_of("您支付订单时").ends_with("3.支付相关服务"),
            "{}",
            path_of("您支付订单时")
        );
    }

    /// 快对作业 (crawl): `2.\t我们在您使用服务过程中收集的信息，除法律规定情形外，我们都将事先征得
    /// 您的同意：` after the heading `1.\t您主动提供给我们的信息` was a list item, so its items
    /// `(1)…(6)` (the location permission among them) were filed under 「您主动提供给我们的信息」.
    #[test]
    fn a_numbered_lead_in_after_heading_siblings_opens_its_own_section() {
        let body = "为了向您提供服务，我们会按照法律法规的规定和本政策的约定处理您的个人信息。";
        let lead =
            "2.\t我们在您使用服务过程中收集的信息，除法律规定情形外，我们都将事先征得您的同意：";
        let text = format!(
            "隐私政策\n一、我们如何收集和使用您的个人信息\n1.\t您主动提供给我们的信息\n\
             (1)\t您填写的注册信息，包括您的电话号码。{body}\n{lead}\n\
             (1)\t在您首次使用资料库功能时，我们将申请您的地理位置权限。{body}\n\
             3.\t事先征得同意的例外：\n(1)\t与国家安全直接相关的；\n"
        );
        let (seg, chars) = seg(&text);
        let block = |t: &str| {
            seg.blocks
                .iter()
                .find(|b| s(&chars, b.span).starts_with(t))
                .unwrap_or_else(|| panic!("{t}"))
        };
        // Still text (its clauses are read), under the sections above it.
        assert!(!block("2.").is_heading());
        assert_eq!(
            block("2.").section.last().map(String::as_str),
            Some("一、我们如何收集和使用您的个人信息")
        );
        let path_of = |t: &str| path_of_block_starting(&seg, &chars, t);
        assert!(
            path_of("(1)\t在您首次使用资料库").ends_with("我们都将事先征得您的同意"),
            "{}",
            path_of("(1)\t在您首次使用资料库")
        );
        assert!(path_of("(1)\t您填写的注册信息").ends_with("您主动提供给我们的信息"));
        // The next of its numbers is still a heading sibling.
        assert!(block("3.").is_heading());
        assert!(path_of("(1)\t与国家安全").ends_with("3. 事先征得同意的例外"));
    }

    /// 甬兴证券: the preamble's `1）通过…访问` items came before `一、`, so `1）` was the top level
    /// and `4）证券账户` (a term under `1、名词解释`) closed `一、我们如何收集信息`: the next
    /// sections (`2、…反洗钱…`, `4、指纹…`) sat under it.
    #[test]
    fn a_numbering_style_first_seen_before_the_chapters_nests_under_them() {
        let body = "为了向您提供服务，我们会按照法律法规的规定和本政策的约定处理您的个人信息。";
        let text = format!(
            "隐私政策\n本政策要点如下：{body}\n1）通过APP访问“我的-设置-隐私政策”\n\
             2）访问官网在最底部隐私保护页面\n\
             一、我们如何收集信息\n1、名词解释\n1）个人信息\n个人信息是指各种信息。{body}\n\
             2）证券账户\n证券账户是指账册。{body}\n\
             2、实名制管理\n您需提供您本人的有效身份证件信息。{body}\n\
             二、我们如何使用信息\n我们会使用您的信息。{body}\n"
        );
        let (seg, chars) = seg(&text);
        let path_of = |t: &str| path_of_block_starting(&seg, &chars, t);
        assert_eq!(
            path_of("证券账户是指"),
            "一、我们如何收集信息 › 1、名词解释 › 2）证券账户"
        );
        assert_eq!(path_of("您需提供"), "一、我们如何收集信息 › 2、实名制管理");
        assert_eq!(path_of("我们会使用"), "二、我们如何使用信息");
    }

    /// 国家反诈中心: `（a）设备信息` under `2、我们收集哪些信息？` was a plain title, which closed the
    /// section it belongs to: a Latin letter in brackets numbers a section under the one above.
    #[test]
    fn a_latin_letter_in_brackets_numbers_a_section_under_the_one_above() {
        let body = "为了向您提供服务，我们会按照法律法规的规定和本政策的约定处理您的个人信息。";
        let text = format!(
            "隐私政策\n1、隐私保护原则\n（a）安全可靠\n我们保证安全。{body}\n\
             2、我们收集哪些信息？\n（a）设备信息\n您设备的品牌、设备型号等信息。{body}\n"
        );
        let (seg, chars) = seg(&text);
        let path_of = |t: &str| path_of_block_starting(&seg, &chars, t);
        assert_eq!(path_of("我们保证"), "1、隐私保护原则 › （a）安全可靠");
        assert_eq!(path_of("您设备的"), "2、我们收集哪些信息？ › （a）设备信息");
    }

    /// 比亚迪汽车: plain titles (`我们开启的权限`, an SDK list's names) after `（三）` of `一、` left
    /// `（四）为您提供安全保障` … `（六）` under `华为游戏服务SDK`; the next number of a style goes
    /// back under the sections it was last used in — unless a title of their level came between.
    #[test]
    fn the_next_number_of_a_style_goes_back_under_its_sections_after_plain_titles() {
        let body = "为了向您提供服务，我们会按照法律法规的规定和本政策的约定处理您的个人信息。";
        let text = format!(
            "隐私政策\n一、我们如何收集您的个人信息\n（一）基本业务功能\n我们会收集手机号。{body}\n\
             （二）附加功能\n我们会收集设备信息。{body}\n\
             我们开启的权限\n存储权限：我们需要您授权开启存储权限。{body}\n\
             华为游戏服务SDK\n使用场景描述或目的：推送消息。{body}\n\
             （三）为您提供安全保障\n我们会收集日志。{body}\n\
             二、我们如何使用Cookie\n（一）Cookie\n我们会使用Cookie。{body}\n\
             个人信息的存储\n我们会存储信息。{body}\n\
             （三）信息删除\n我们会删除信息。{body}\n"
        );
        let (seg, chars) = seg(&text);
        let path_of = |t: &str| path_of_block_starting(&seg, &chars, t);
        assert_eq!(
            path_of("我们会收集日志"),
            "一、我们如何收集您的个人信息 › （三）为您提供安全保障"
        );
        // `二、` came between: `（三）` after `（一）` of `二、` is no sibling of `一、`'s.
        assert!(
            !path_of("我们会删除信息").starts_with("一、"),
            "{}",
            path_of("我们会删除信息")
        );
    }

    /// 扫一扫: a table's stray line `设备ID` read as a plain title closed `一、 › （一）`, and the
    /// rest of the chapter (`4.其他第三方统计代码…`, `5.…`, an SDK list) was filed under it: a
    /// long item `3.` was no title, so `4.` was not the next number after `2.`.
    #[test]
    fn a_number_after_a_missing_one_goes_back_under_its_sections_after_a_plain_title() {
        let body = "为了向您提供服务，我们会按照法律法规的规定和本政策的约定处理您的个人信息。";
        let text = format!(
            "隐私政策\n一、我们如何收集和使用您的个人信息\n（一）我们主动收集与使用的个人信息\n\
             1.保障服务的正常运行\n我们收集您的设备标识符。{body}\n\
             2.注册及登录\n我们收集您的手机号。{body}\n\
             3.为您提供二维码/条码识别、二维码制作、商品比价、仓库管理、工厂计件，扫码结果文件导出/导入等功能或服务\n\
             此功能，则开发者不需要传递此类数据。\n设备ID\n当应用被授予广告追踪权限时，穿山甲将获取idfa。\n\
             4.其他第三方统计代码分享您的信息\n我们将上传崩溃日志至友盟。{body}\n\
             二、我们如何存储个人信息\n我们存储于境内。{body}\n"
        );
        let (seg, chars) = seg(&text);
        assert_eq!(
            path_of_block_starting(&seg, &chars, "我们将上传崩溃日志"),
            "一、我们如何收集和使用您的个人信息 › （一）我们主动收集与使用的个人信息 › 4.其他第三方统计代码分享您的信息"
        );
    }

    #[test]
    fn numbering_styles() {
        let key = |l: &str| numbering(&normalize(l)).map(|(k, _)| k);
        assert_eq!(key("一、个人信息的收集").as_deref(), Some("cn"));
        assert_eq!(key("（一）实现相关功能").as_deref(), Some("cn-paren"));
        assert_eq!(key("1. 账号服务").as_deref(), Some("arabic"));
        assert_eq!(key("1、帮助您注册").as_deref(), Some("arabic"));
        assert_eq!(key("1.1 注册、登录").as_deref(), Some("dotted-2"));
        assert_eq!(key("2.3.1 发布店铺商品信息").as_deref(), Some("dotted-3"));
        assert_eq!(key("2.3在小店平台经营").as_deref(), Some("dotted-2"));
        assert_eq!(key("（1）点击、关注").as_deref(), Some("arabic-paren"));
        assert_eq!(key("1)当您自行发布").as_deref(), Some("arabic-half"));
        assert_eq!(key("a.设备信息：").as_deref(), Some("latin"));
        assert_eq!(key("第三章 附则").as_deref(), Some("chapter"));
        assert_eq!(key("2023 年 6 月"), None);
        assert_eq!(key("3.5%的用户"), None);
    }

    #[test]
    fn section_paths_follow_nested_numbering() {
        let text = "隐私政策\n一、我们如何收集和使用个人信息\n（一）词语释义\n1.保障产品正常运行\n我们会收集设备信息。\n（1）点击、关注、搜索记录；\n（二）收集的目的\n正文。\n二、您的权利\n正文二。";
        let (seg, chars) = seg(text);
        let paths: Vec<(String, String)> = seg
            .blocks
            .iter()
            .map(|b| (s(&chars, b.span), b.section_path()))
            .collect();
        assert_eq!(seg.title_block, Some(0));
        let find = |t: &str| paths.iter().find(|(x, _)| x == t).unwrap().1.clone();
        assert_eq!(
            find("我们会收集设备信息。"),
            "一、我们如何收集和使用个人信息 › （一）词语释义 › 1.保障产品正常运行"
        );
        assert_eq!(
            find("（1）点击、关注、搜索记录；"),
            "一、我们如何收集和使用个人信息 › （一）词语释义 › 1.保障产品正常运行"
        );
        assert_eq!(
            find("正文。"),
            "一、我们如何收集和使用个人信息 › （二）收集的目的"
        );
        assert_eq!(find("正文二。"), "二、您的权利");
    }

    #[test]
    fn hard_wraps_become_soft_breaks_and_sentences_cross_them() {
        let text = "快手平台服务由北京快手科技有限公司运营。我们深知个⼈信息对您的重要\n性，将严格遵守法律法规要求采取相应的安全保护措施，致⼒于保障您的个⼈信\n息安全可控。\n下一段。";
        let (seg, chars) = seg(text);
        assert_eq!(seg.blocks.len(), 2);
        assert_eq!(seg.soft_breaks.len(), 2);
        let sentences: Vec<String> = seg.sentences.iter().map(|x| s(&chars, x.span)).collect();
        assert_eq!(sentences.len(), 3);
        assert!(sentences[1].starts_with("我们深知") && sentences[1].ends_with("安全可控。"));
    }

    /// 大象拍车 (crawl): a page's source wrapped at a fixed width, its indentation kept —
    /// `…驾驶证影印⏎件、…完税证明。` was two sentences, and `会收集我的纳税信息吗` missed the
    /// clause that states it.
    #[test]
    fn a_line_break_that_cuts_a_word_is_a_soft_break() {
        let text = "(2)车辆信息展示及浏览\n2.4如果您作为卖车用户，在签约过程中需要向我们提供您的位置信息，您需要向我们提供驾驶证影印\n\t\t\t\t\t\t\t件、机动车登记证书的影印件、购车发票和购置税完税证明。\n2.5下一条。";
        // Other paragraphs on one long line each: the wrapped lines are far shorter.
        let long = "我们会收集您在使用服务过程中主动提供或因使用服务而产生的个人信息，用于向您提供服务、保障账号安全、改进产品体验以及履行法律法规规定的义务。";
        let text = format!("{text}\n{long}\n{long}\n{long}\n");
        let (wrapped, chars) = seg(&text);
        let sentences: Vec<String> = wrapped
            .sentences
            .iter()
            .map(|x| s(&chars, x.span))
            .collect();
        assert!(
            sentences
                .iter()
                .any(|x| x.starts_with("2.4") && x.ends_with("完税证明。")),
            "{sentences:?}"
        );
        assert!(breaks_a_word(
            "请您更加谨慎地考虑是否公开分享相关信",
            "息。"
        ));
        // A Latin name cut before its `SDK` (掌上大学, crawl), not an `SDK…` field below one.
        assert!(breaks_a_word(
            "如您使用华为/Oppo/Vivo/小米手机时，华为/Oppo/Vivo/小米Push",
            "            SDK需要读取您的设备识别号"
        ));
        assert!(!breaks_a_word(
            "第三方SDK名称：友盟统计分析 SDK Android",
            "SDK提供方：友盟同欣（北京）科技有限公司"
        ));
        assert!(!breaks_a_word(
            "IMEI/OAID、设备型号、AndroidID",
            "SDK自动收集"
        ));
        assert!(!breaks_a_word(
            "7.1.4 Huawei performance analysis",
            "SDK names: pangolin gromore SDK"
        ));
        // Words whole on each side, a field's name below, a short list item: no word is cut.
        for (above, below) in [
            ("收集方式：调用系统接口由SDK自动采集", "合作方官网链接"),
            ("信息获取：设备号、IP地址和日志信息", "业务场景：登录、支付"),
            ("江苏易交易信息科技有限公司", "地址为常州市"),
        ] {
            assert!(!breaks_a_word(above, below), "{above} / {below}");
        }
        let (list, chars) = seg("服饰分类\n夹克/外套\n头巾/围脖/面罩\n");
        let lines: Vec<String> = list.sentences.iter().map(|x| s(&chars, x.span)).collect();
        assert_eq!(lines, ["服饰分类", "夹克/外套", "头巾/围脖/面罩"]);
    }

    #[test]
    fn sentences_never_split_inside_brackets_or_quotes() {
        let (seg, chars) =
            seg("我们收集（包括手机号码；电子邮箱。）信息。“同城”业务；是否“你好。再见”呢？");
        let sentences: Vec<String> = seg.sentences.iter().map(|x| s(&chars, x.span)).collect();
        assert_eq!(
            sentences,
            [
                "我们收集（包括手机号码；电子邮箱。）信息。",
                "“同城”业务；",
                "是否“你好。再见”呢？"
            ]
        );
    }

    #[test]
    fn a_stray_bracket_does_not_swallow_the_block() {
        let long = "很长的句子。".repeat(60);
        let (seg, _) = seg(&format!("（没有闭合{long}"));
        assert!(seg.sentences.len() > 10);
    }

    #[test]
    fn blank_line_separated_wrapped_lines_join() {
        // PDF text with a blank line between wrapped lines (kuaishou-shop).
        let line = "我们（成都快购科技有限公司）是快手小店网站（kwaixiaodian.com）的运营者，";
        let text = format!("提示条款\n\n{line}\n\n深知个人信息对您的重要性，我们将按法律法规要求保护您的信息。\n\n1. 适用范围\n\n本政策适用于快手小店。");
        let (seg, chars) = seg(&text);
        let texts: Vec<String> = seg.blocks.iter().map(|b| s(&chars, b.span)).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(texts[1].starts_with("我们（成都") && texts[1].ends_with("保护您的信息。"));
        assert!(seg.blocks[2].is_heading());
    }

    /// Regression (妖妖, a crawled page broken into lines at every inline mark): a line that
    /// opens with `，` `、` `。`, or follows one ending on a comma, `包括`, `的` or an open
    /// bracket, or is a lone `-` / `/`, continues the paragraph — and such a line is no heading.
    #[test]
    fn a_page_broken_at_inline_marks_reads_as_whole_sentences() {
        let text = "一、我们如何收集和使用个人信息\n为便于我们为您提供服务，\n\n\n\
            您需要提供基本注册或登录信息，包括\n\n手机号码（个人敏感信息）、昵称\n\n\n，用于创建账号\n\n。\n\
            对于您提供的\n\n昵称\n、头像，我们会向其他用户展示。\n\
            您可以点击我的\n-\n设置\n-\n注销账号（包括：\n昵称、头像）。\n";
        let (seg, chars) = seg(text);
        let texts: Vec<String> = seg
            .blocks
            .iter()
            .map(|b| s(&chars, b.span).split_whitespace().collect())
            .collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(
            texts[1],
            "为便于我们为您提供服务，您需要提供基本注册或登录信息，包括手机号码（个人敏感信息）、昵称，用于创建账号。"
        );
        assert_eq!(texts[2], "对于您提供的昵称、头像，我们会向其他用户展示。");
        assert_eq!(
            texts[3],
            "您可以点击我的-设置-注销账号（包括：昵称、头像）。"
        );
        assert_eq!(seg.blocks.iter().filter(|b| b.is_heading()).count(), 1);
        // The sentence reads whole across the breaks.
        assert!(seg.sentences.iter().any(|x| {
            let t: String = s(&chars, x.span).split_whitespace().collect();
            t.contains("包括手机号码") && t.ends_with("用于创建账号。")
        }));
    }

    /// Headings (number + title) and the section path of the block containing `needle`.
    fn headings_and_path(text: &str, needle: &str) -> (Vec<String>, Vec<String>) {
        let (seg, chars) = seg(text);
        let headings = seg
            .blocks
            .iter()
            .filter(|b| b.is_heading())
            .map(|b| s(&chars, b.span))
            .collect();
        let path = seg
            .blocks
            .iter()
            .find(|b| !b.is_heading() && s(&chars, b.span).contains(needle))
            .map(|b| b.section.to_vec())
            .unwrap_or_default();
        (headings, path)
    }

    const FILLER: &str =
        "我们会根据法律法规的要求处理您的个人信息，并采取相应的安全措施保护这些信息。";

    #[test]
    fn a_run_on_page_is_cut_at_the_headings_its_contents_list() {
        // A crawled page saved as one line, without a single separator.
        let text = format!(
            "用户隐私政策本政策包含以下内容：一、我们如何收集您的个人信息二、我们如何使用您的个人信息三、如何联系我们一、我们如何收集您的个人信息{f}{f}二、我们如何使用您的个人信息{f}统一、规范地使用设备信息。{f}三、如何联系我们您可以通过客服与我们联系。{f}",
            f = FILLER.repeat(3)
        );
        let (headings, path) = headings_and_path(&text, "您可以通过客服");
        assert_eq!(
            headings,
            [
                "一、我们如何收集您的个人信息",
                "二、我们如何使用您的个人信息",
                "三、如何联系我们"
            ]
        );
        assert_eq!(path, ["三、如何联系我们"]);
    }

    #[test]
    fn a_run_on_page_is_cut_at_spaced_headings_which_nest_under_chapters() {
        let text = format!(
            "隐私政策 本隐私政策将帮助您了解以下内容： 第一章 运营者基本情况 第二章 我们如何收集和使用您的个人信息 第三章 如何联系我们 第一章 运营者基本情况 公司名称：某某科技有限公司。 第二章 我们如何收集和使用您的个人信息 一、个人信息范围 {f} 二、收集个人信息的业务功能 {f}设备信息包括设备型号。 第三章 如何联系我们 {f}",
            f = FILLER.repeat(3)
        );
        let (headings, path) = headings_and_path(&text, "设备信息包括设备型号");
        assert_eq!(
            headings,
            [
                "第一章 运营者基本情况",
                "第二章 我们如何收集和使用您的个人信息",
                "一、个人信息范围",
                "二、收集个人信息的业务功能",
                "第三章 如何联系我们"
            ],
            "the table of contents stays one block"
        );
        assert_eq!(
            path,
            [
                "第二章 我们如何收集和使用您的个人信息",
                "二、收集个人信息的业务功能"
            ]
        );
    }

    #[test]
    fn contents_numbered_1_find_sections_numbered_yi_and_spaced_titles_end_well() {
        let text = format!(
            "隐私政策本政策将帮助您了解以下内容：1、我们如何收集和使用您的个人信息2、我们如何使用 Cookie 和同类技术3、如何联系我们本隐私政策与您所使用的服务息息相关。{f}一、我们如何收集和使用您的个人信息{f}二、我们如何使用 Cookie 和同类技术{f}。三、如何联系我们{f}四、我们如何共享您的个人信息(一)共享 我们不会与第三方共享您的个人信息。{f}\t五、我们如何使用 SDK 和同类技术\t{f}",
            f = FILLER.repeat(3)
        );
        let (headings, path) = headings_and_path(&text, "我们不会与第三方共享");
        assert_eq!(
            headings,
            [
                "一、我们如何收集和使用您的个人信息",
                "二、我们如何使用 Cookie 和同类技术",
                "三、如何联系我们",
                "四、我们如何共享您的个人信息",
                "(一)共享",
                "五、我们如何使用 SDK 和同类技术"
            ]
        );
        assert_eq!(path, ["四、我们如何共享您的个人信息", "(一)共享"]);
    }

    /// Keep's crawl page runs its headings into their first item (`六、第三方服务提供商1. 为方便…`):
    /// sections were named 「六、第三方服务提供商1.」.
    #[test]
    fn a_spaced_heading_leaves_its_first_item_number_to_the_item() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(8);
        let text = format!(
            "{filler}六、第三方服务提供商1. 为方便您的访问并丰富您的体验，可能会有第三方提供的产品或服务。{filler}（七）我们承诺1. 我们不会根据敏感类别向您展示广告。{filler}"
        );
        let (headings, _) = headings_and_path(&text, "为方便您的访问");
        assert!(
            headings.iter().any(|h| h == "六、第三方服务提供商"),
            "{headings:?}"
        );
        assert!(!headings.iter().any(|h| h.ends_with("1.")), "{headings:?}");
        let (_, path) = headings_and_path(&text, "我们不会根据敏感类别");
        assert_eq!(
            path.last().map(String::as_str),
            Some("（七）我们承诺"),
            "{path:?}"
        );
    }

    /// 多问律师端's crawl page (GBK, one line) numbers its articles `第二条 信息的收集和使用` and
    /// runs each title into its first item (`…使用1.您理解并同意…`): no heading was found, and
    /// every answer cited 「（无章节）」.
    #[test]
    fn a_run_on_page_is_cut_at_its_articles_whose_titles_run_into_their_first_item() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(6);
        let text = format!(
            "《示例用户隐私政策》{filler}第二条 信息的收集和使用1.您理解并同意，我们仅收集实现业务功能所必要的信息。{filler}\
             第三条 信息的共享、转让及披露（一）信息的共享1.原则上，我们不会与任何公司共享您的个人信息。{filler}\
             根据《个人信息保护法》第十三条规定，我们可以处理您的个人信息。{filler}"
        );
        let (headings, path) = headings_and_path(&text, "原则上，我们不会");
        assert_eq!(
            headings,
            [
                "第二条 信息的收集和使用",
                "第三条 信息的共享、转让及披露",
                "（一）信息的共享"
            ]
        );
        assert_eq!(path, ["第三条 信息的共享、转让及披露", "（一）信息的共享"]);
    }

    /// 元贝驾考's crawl page (one line of 15,000 chars) numbers its sections `一. ` and runs
    /// each title into its first item (`二. 我们如何收集和使用您的个人信息1. 个人信息类型您在…`),
    /// one after a citation's closing bracket: no section was found, the whole policy was one
    /// paragraph of one topic, and a rights clause's 「身份信息」 was a collected sensitive type.
    #[test]
    fn a_run_on_page_is_cut_at_sections_numbered_yi_dot() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(6);
        let text = format!(
            "《隐私政策》{filler}一. 本《隐私政策》适用范围、术语解释1. 适用范围本政策适用于我们的服务。\
             {filler}（出自于GB/T 35273-2020《信息安全技术个人信息安全规范》）\
             二. 我们如何收集和使用您的个人信息1. 个人信息类型您在使用我们的服务时，我们会收集您的手机号码。{filler}\
             三. 我们如何使用Cookie和同类技术1. Cookie为确保平台正常运转，我们会在您的设备上存储Cookie。{filler}\
             五. 您对个人信息享有的权利1. 访问权您可以查询您的个人信息副本（包括基本资料、身份信息）。{filler}\
             统一. 这不是标题。{filler}"
        );
        let (headings, path) = headings_and_path(&text, "访问权您可以");
        assert_eq!(
            headings,
            [
                "一. 本《隐私政策》适用范围、术语解释",
                "二. 我们如何收集和使用您的个人信息",
                "三. 我们如何使用Cookie和同类技术",
                "五. 您对个人信息享有的权利"
            ]
        );
        assert_eq!(path, ["五. 您对个人信息享有的权利"]);
    }

    /// 九讯云NEO's page runs each section's title into its first sentence
    /// (`七、第三方SDK为了更好的为您的使用体验服务，…`): its SDK list fell under `六、通知和修订`.
    #[test]
    fn a_run_on_section_title_ends_where_its_first_sentence_begins() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(6);
        let text = format!(
            "隐私政策{filler}六、通知和修订为给您提供更好的服务，本政策也会随之更新。{filler}\
             七、第三方SDK为了更好的为您的使用体验服务，我们会集成第三方的SDK，具体内容如下：\
             极光推送SDK需要获取设备标识符。{filler}\
             八、如何联系我们如果您对本政策有任何疑问，请与我们联系。{filler}\
             九、服务协议变更与修改我们有权随时对本协议进行修改。{filler}\
             十、协议内容及签署1.1本协议内容包括协议正文。{filler}\
             十一、平台责任1平台严格按照本政策收集您的个人信息。{filler}\
             统一、规范地使用设备信息。{filler}；二、我们会在您同意后共享。{filler}"
        );
        let (headings, path) = headings_and_path(&text, "极光推送SDK");
        assert_eq!(
            headings,
            [
                "六、通知和修订",
                "七、第三方SDK",
                "八、如何联系我们",
                // (`对本协议` is no sentence's opening: the title goes on to where a space or
                // mark would end it, and none does.)
                "十、协议内容及签署",
                "十一、平台责任"
            ]
        );
        assert_eq!(path, ["七、第三方SDK"]);
    }

    /// 数字人民币's page lists its contents with a space after each number (`十、\u{a0}如何联系我们
    /// 我们希望…`): the last entry's title was read as empty, so no section was found.
    #[test]
    fn contents_with_a_space_after_each_number_find_their_sections() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(6);
        let text = format!(
            "个人信息保护政策{filler}本政策将帮助您了解以下内容：一、\u{a0}我们如何收集和使用您的个人信息\
             二、\u{a0}我们如何对外提供、转让、公开披露您的个人信息三、\u{a0}如何联系我们\
             我们希望通过本政策向您说明，在使用本款产品时我们如何处理您的信息。{filler}\
             一、我们如何收集和使用您的个人信息（一）为您提供账号服务{filler}\
             二、我们如何对外提供、转让、公开披露您的个人信息（一）对外提供我们承诺保密。{filler}\
             三、如何联系我们客服电话：4001391000。"
        );
        let (headings, path) = headings_and_path(&text, "对外提供我们承诺");
        assert_eq!(
            &headings[..2],
            [
                "一、我们如何收集和使用您的个人信息",
                "二、我们如何对外提供、转让、公开披露您的个人信息",
            ]
        );
        assert_eq!(path[0], "二、我们如何对外提供、转让、公开披露您的个人信息");
    }

    /// Keep's crawl page lists its contents as `1. …2. …12. 附则` and numbers its chapters `一、`,
    /// all on one line: the contents ran on into chapter 一 (no chapter 一 to 十二 was found).
    #[test]
    fn contents_numbered_with_dots_find_chapters_numbered_yi() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(6);
        let text = format!(
            "Keep隐私政策您可以根据以下索引阅读相应章节：1. 我们如何收集和使用您的个人信息2. 我们如何共享您的个人信息3. 附则\
             一、我们如何收集和使用您的个人信息我们提供服务时会收集您的手机号码。{filler}\
             二、我们如何共享您的个人信息我们不会向第三方出售您的信息。{filler}\
             三、附则本政策适用中华人民共和国法律。{filler}"
        );
        let (headings, path) = headings_and_path(&text, "我们不会向第三方出售");
        for h in [
            "一、我们如何收集和使用您的个人信息",
            "二、我们如何共享您的个人信息",
            "三、附则",
        ] {
            assert!(headings.iter().any(|x| x == h), "{h}: {headings:?}");
        }
        assert_eq!(path, vec!["二、我们如何共享您的个人信息".to_string()]);
        // A version number or a decimal is no item number.
        let text = format!("{filler}版本号2.0 于2021.05.20更新，3.5倍速。{filler}");
        let (headings, _) = headings_and_path(&text, "版本号");
        assert!(headings.is_empty(), "{headings:?}");
    }

    /// 「（二）我们的数据安全能力1. 内容安全：…；2. 数据安全：…」 on one line: once the heading left
    /// `1.` to its item, item 1 became a run-in section and item 2 fell under it; each item
    /// with a run-in title now starts its own line, as in a text that kept its line breaks.
    #[test]
    fn run_in_items_of_a_run_on_line_each_start_a_line() {
        let filler = "我们会按照法律法规的要求处理您的个人信息并采取相应的保护措施。".repeat(8);
        let text = format!(
            "{filler} （二）我们的数据安全能力1. 内容安全：通过购买第三方的服务来提高内容安全保护能力；2. 数据安全：我们采用了云服务商提供的基本数据安全服务。{filler}"
        );
        let (_, first) = headings_and_path(&text, "通过购买第三方的服务");
        let (_, second) = headings_and_path(&text, "我们采用了云服务商");
        assert_eq!(
            first.first().map(String::as_str),
            Some("（二）我们的数据安全能力"),
            "{first:?}"
        );
        assert_eq!(
            second.first().map(String::as_str),
            Some("（二）我们的数据安全能力"),
            "{second:?}"
        );
        assert_ne!(first, second, "item 2 is not under item 1: {second:?}");
        assert!(!second.iter().any(|s| s.contains("内容安全")), "{second:?}");
        // A later item's longer title goes on with the list (掌上大学, crawl).
        let text = format!(
            "{filler} （十）为您提供其他附加服务 这些附加服务包括： 1、基于位置信息的附加服务：我们会访问获取您的位置信息。 2、基于相机/摄像头的附加服务：您可使用该功能进行扫码。 3、基于相册（图片库/视频库）的图片/视频访问及上传的附加服务：您可上传您的照片。 4、基于麦克风的语音技术相关附加服务：我们会收集您的录音内容。{filler}"
        );
        let (_, third) = headings_and_path(&text, "您可上传您的照片");
        let (_, fourth) = headings_and_path(&text, "我们会收集您的录音内容");
        assert!(!third.iter().any(|s| s.contains("相机")), "{third:?}");
        assert!(fourth.iter().any(|s| s.contains("麦克风")), "{fourth:?}");
    }

    #[test]
    fn a_long_paragraph_without_headings_stays_whole() {
        let text = format!(
            "{}统一、规范地处理。其中之一、也是最重要的，是最小必要。",
            FILLER.repeat(12)
        );
        let (seg, _) = seg(&text);
        assert_eq!(seg.blocks.len(), 1);
        assert!(!seg.blocks[0].is_heading());
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("九十九", 99),
            ("7", 7),
        ] {
            assert_eq!(run_on::numeral_value(s), Some(v), "{s}");
        }
        assert_eq!(run_on::numeral_value("百"), None);
    }
}

#[cfg(test)]
mod line_slices {
    use super::*;
    use proptest::prelude::*;

    /// What a line was before lines became slices: the chars `x..y` trimmed, copied.
    fn reference(normalized: &[char], mut x: usize, mut y: usize) -> Option<(Span, String)> {
        while x < y && normalized[x].is_whitespace() {
            x += 1;
        }
        while y > x && normalized[y - 1].is_whitespace() {
            y -= 1;
        }
        (x < y).then(|| (Span::new(x, y), normalized[x..y].iter().collect()))
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('\n'),
                Just(' '),
                Just('\t'),
                Just('\r'),
                Just('\u{3000}'),
                Just('收'),
                Just('集'),
                Just('a'),
                Just('：'),
                Just('😀'),
            ],
            0..60,
        )
        .prop_map(|chars| crate::normalize::normalize(&chars.into_iter().collect::<String>()))
    }

    proptest! {
        /// Lines and their pieces (a table's cells inside a line) are the same spans and text
        /// as the chars they were once copied from, whatever the widths of the chars around.
        #[test]
        fn lines_and_pieces_are_the_chars_they_span(text in text_strategy(), cut_a in 0usize..60, cut_b in 0usize..60) {
            let chars: Vec<char> = text.chars().collect();
            let mut expected = Vec::new();
            let mut start = 0;
            for i in 0..=chars.len() {
                if i == chars.len() || chars[i] == '\n' {
                    expected.push(reference(&chars, start, i));
                    start = i + 1;
                }
            }
            let lines: Vec<Option<Line>> = lines_of(&text).collect();
            let got: Vec<Option<(Span, String)>> = lines
                .iter()
                .map(|l| l.as_ref().map(|l| (l.span, l.text.to_string())))
                .collect();
            prop_assert_eq!(&got, &expected);
            for line in lines.iter().flatten() {
                let (s, e) = (line.span.start, line.span.end);
                let a = s + cut_a % (e - s + 1);
                let b = a + cut_b % (e - a + 1);
                for (x, y) in [(s, a), (a, b), (b, e)] {
                    let piece = piece_of(line, x, y).map(|l| (l.span, l.text.to_string()));
                    prop_assert_eq!(piece, reference(&chars, x, y));
                }
            }
        }
    }
}
