//! Run-on lines: crawled pages saved without their line breaks, cut before the headings and
//! run-in items found inside them, so that the rest of segmentation reads them as lines.
use std::sync::LazyLock;

use regex::Regex;

use super::Line;
use crate::document::Span;

/// Lines at least this long are searched for inline headings.
pub(super) const RUN_ON_MIN_CHARS: usize = 400;
/// Longest heading title (chars) inside a run-on line.
const INLINE_TITLE_MAX: usize = 36;
/// Chars the last entry of a table of contents must share with a later heading to name it.
const LAST_TITLE_MIN_SHARED: usize = 4;
/// Longest title of a heading recognised only by the spaces around it.
const SPACED_TITLE_MAX: usize = 24;

/// A heading number inside running text: `第二章`, `第二条`, `一、`, `一.`, `（一）` (normalized:
/// ASCII brackets).
static INLINE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"第\s*([一二三四五六七八九十百]+|\d{1,2})\s*(?:章节|章|节|部分|篇|条)|([一二三四五六七八九十]{1,3})\s*、|\(\s*([一二三四五六七八九十]{1,3})\s*\)|(\d{1,2})\s*、|(\d{1,2})\.|([一二三四五六七八九十]{1,3})[.．]",
    )
    .expect("inline number pattern")
});

/// Words that open a section's first sentence (`data/segment/body_openers.txt`): where a page
/// lost the break after a heading's title, its text starts with one of these.
static BODY_OPENERS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    include_str!("../../data/segment/body_openers.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.chars().collect())
        .collect()
});

/// Where a title that starts at `from` ends because the section's text follows it with no
/// break: the first body opener after the title's second char, before any punctuation and
/// within [`SPACED_TITLE_MAX`] chars (`七、第三方SDK为了更好的…` → `第三方SDK`).
fn body_opener_at(text: &[char], from: usize) -> Option<usize> {
    let limit = (from + SPACED_TITLE_MAX + 1).min(text.len());
    (from + 2..limit)
        .take_while(|&k| !"。；;！!？?，,：:、（(".contains(text[k - 1]))
        // (Not after a word that needs an object: `…有权随时对本协议进行修改`, `其他如本政策…` go on.)
        .filter(|&k| !"对在与和及的于向将把从按由为被让使给就如若".contains(text[k - 1]))
        .find(|&k| BODY_OPENERS.iter().any(|w| text[k..].starts_with(w)))
        // An item's bare number between the title and its text comes first (江苏斑马's
        // `三、平台责任1斑马软件严格按照本政策…`): a title holds no number between two words.
        .map(|k| {
            let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
            (from + 2..k)
                .find(|&d| {
                    text[d].is_ascii_digit()
                        && han(text[d - 1])
                        && text[d..k]
                            .iter()
                            .find(|c| !c.is_ascii_digit())
                            .is_some_and(|&c| han(c))
                })
                .unwrap_or(k)
        })
}

/// An inline heading number: where it is (chars of the line) and what it counts.
#[derive(Debug, Clone, Copy)]
struct InlineNumber {
    start: usize,
    end: usize,
    /// 0: `第…章` (or `条`, `节` …), 1: `一、`, 2: `（一）`, 3: `1、`, 4: `1.` (not `1.1`, `2.0`).
    style: u8,
    value: u32,
}

/// The value of a Chinese (`十二`) or Arabic numeral up to 99.
pub(super) fn numeral_value(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Cut a long line before each heading found inside it, so that each heading becomes a line of
/// its own. Two kinds of evidence, because such pages lost every separator:
/// - a table of contents (`一、我们如何收集…二、我们如何使用…三、…`, numbers counting up with
///   short titles between them) names the headings; their later occurrences (`一、我们如何收集…`)
///   start sections;
/// - a number after a space or a sentence's end whose short title runs up to a space
///   (`… 第二章节 我们如何收集和使用您的个人信息 一、个人信息范围 个人信息是指…`).
pub(super) fn split_run_on<'a>(line: &Line<'a>, normalized: &[char]) -> Vec<Line<'a>> {
    let text: &[char] = &normalized[line.span.start..line.span.end];
    // (The line's text is these chars: its pieces are slices of it.)
    let joined: &'a str = line.text;
    // Char index of every byte of `joined`, to turn regex matches into char offsets.
    let mut char_at = vec![0usize; joined.len() + 1];
    for (ci, (b, c)) in joined.char_indices().enumerate() {
        char_at[b..b + c.len_utf8()].fill(ci);
    }
    char_at[joined.len()] = text.len();
    let numbers: Vec<InlineNumber> = INLINE_NUMBER
        .captures_iter(joined)
        .filter_map(|c| {
            let m = c.get(0)?;
            // (`一.` counts as `一、` does: 元贝驾考's 「…作出解答。一. 本《隐私政策》适用范围」.)
            let (style, value) = [(0u8, 1usize), (1, 2), (2, 3), (3, 4), (4, 5), (1, 6)]
                .into_iter()
                .find_map(|(style, g)| Some((style, numeral_value(c.get(g)?.as_str())?)))?;
            let (start, end) = (char_at[m.start()], char_at[m.end()]);
            // `1.` numbers an item; inside `1.12`, `2.0` or `2021.05` it is part of a number.
            let in_a_number = style == 4
                && (text.get(end).is_some_and(|c| c.is_ascii_digit())
                    || start
                        .checked_sub(1)
                        .is_some_and(|p| text[p].is_ascii_digit() || text[p] == '.'));
            (!in_a_number).then_some(InlineNumber {
                start,
                end,
                style,
                value,
            })
        })
        .collect();

    // (heading start, heading end), chars. A table of contents stays one block.
    let (listed, contents) = contents_headings(text, &numbers);
    let spaced: Vec<(InlineNumber, usize)> = spaced_headings(text, &numbers)
        .into_iter()
        .filter(|(n, _, _)| !contents.iter().any(|c| c.contains(&n.start)))
        // (A title the contents give is taken over one guessed from the words after it.)
        .filter(|(n, _, guessed)| !guessed || !listed.iter().any(|(m, _)| m.start == n.start))
        .map(|(n, end, _)| (n, end))
        .collect();
    let mut cuts: Vec<(usize, usize)> = listed
        .into_iter()
        .chain(spaced)
        .map(|(number, title_end)| (number.start, title_end))
        // Numbered items with run-in titles start lines of their own, as they would in a text
        // that kept its line breaks (a zero-length cut: no heading, only the break).
        .chain(
            run_in_items(text, &numbers)
                .into_iter()
                .filter(|&s| !contents.iter().any(|c| c.contains(&s)))
                .map(|s| (s, s)),
        )
        .collect();
    // Overlapping evidence: the earliest heading, and of two at one place the longer title.
    cuts.sort_unstable_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    cuts.dedup_by(|b, a| b.0 < a.1);
    if cuts.is_empty() {
        return vec![Line {
            span: line.span,
            text: joined,
        }];
    }
    // Byte offset of every char of `joined` (and of its end).
    let mut byte_at: Vec<usize> = joined.char_indices().map(|(b, _)| b).collect();
    byte_at.push(joined.len());
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        let (mut s, mut e) = (from, to);
        while s < e && text[s].is_whitespace() {
            s += 1;
        }
        while e > s && text[e - 1].is_whitespace() {
            e -= 1;
        }
        if s < e {
            out.push(Line {
                span: Span::new(line.span.start + s, line.span.start + e),
                text: &joined[byte_at[s]..byte_at[e]],
            });
        }
    };
    let mut at = 0;
    for (start, end) in cuts {
        push(at, start);
        push(start, end);
        at = end;
    }
    push(at, text.len());
    out
}

/// Headings named by a table of contents: a run of ≥ 3 numbers of one style counting up from 1
/// with short, sentence-free titles between them. Returns each later occurrence of a listed
/// heading (its number, and where its title ends), and where the tables of contents are.
#[allow(clippy::type_complexity)]
fn contents_headings(
    text: &[char],
    numbers: &[InlineNumber],
) -> (Vec<(InlineNumber, usize)>, Vec<std::ops::Range<usize>>) {
    let mut found = Vec::new();
    let mut contents = Vec::new();
    let title_ok = |from: usize, to: usize| {
        to > from
            && to - from <= INLINE_TITLE_MAX
            && !text[from..to].iter().any(|c| "。；;！!？?".contains(*c))
    };
    let mut i = 0;
    while i < numbers.len() {
        if numbers[i].value != 1 {
            i += 1;
            continue;
        }
        let style = numbers[i].style;
        let same: Vec<usize> = (i..numbers.len())
            .filter(|&k| numbers[k].style == style)
            .collect();
        let mut run = vec![same[0]];
        for w in same.windows(2) {
            let (a, b) = (numbers[w[0]], numbers[w[1]]);
            if b.value == a.value + 1 && title_ok(a.end, b.start) {
                run.push(w[1]);
            } else {
                break;
            }
        }
        if run.len() < 3 {
            i += 1;
            continue;
        }
        let last = numbers[*run.last().expect("a run")];
        // The last title ends where the body restarts at 1 (in any style: contents listing
        // `1.` … `12. 附则` run on into the text's `一、`), or at the first space or mark.
        let restart = numbers
            .iter()
            .find(|n| n.start > last.end && n.value == 1)
            .filter(|n| title_ok(last.end, n.start))
            .map(|n| n.start)
            .or_else(|| {
                // Else up to a space or mark, or as far as a title can go (the entry may have
                // run on into the next paragraph: see the later-occurrence match below).
                // (After the space that may follow the number: `十、\u{a0}如何联系我们…`.)
                let mut from = last.end;
                while from < text.len() && text[from].is_whitespace() {
                    from += 1;
                }
                let limit = (from + INLINE_TITLE_MAX).min(text.len());
                let end = (from..limit)
                    .find(|&k| text[k].is_whitespace() || "。；;：:，,".contains(text[k]))
                    .unwrap_or(limit);
                title_ok(last.end, end).then_some(end)
            });
        let Some(contents_end) = restart else {
            i += 1;
            continue;
        };
        contents.push(numbers[i].start..contents_end);
        let mut titles: Vec<(u32, Vec<char>)> = run
            .windows(2)
            .map(|w| {
                let (a, b) = (numbers[w[0]], numbers[w[1]]);
                (a.value, trimmed(&text[a.end..b.start]))
            })
            .collect();
        titles.push((last.value, trimmed(&text[last.end..contents_end])));
        // Later occurrences: the same number, in any style (contents often list `1、` for a
        // section the text numbers `一、`), followed by the same title.
        for n in numbers.iter().filter(|n| n.start >= contents_end) {
            let Some((_, title)) = titles.iter().find(|(v, _)| *v == n.value) else {
                continue;
            };
            let mut k = n.end;
            while k < text.len() && text[k].is_whitespace() {
                k += 1;
            }
            if title.is_empty() {
                continue;
            }
            if text[k..].starts_with(title) {
                found.push((*n, k + title.len()));
            } else if n.value == last.value {
                // The last entry ran on into the text after the contents (`9、如何联系我们本
                // 隐私政策与…`): its title is what it shares with the heading.
                let shared = title
                    .iter()
                    .zip(&text[k..])
                    .take_while(|(a, b)| a == b)
                    .count();
                if shared >= LAST_TITLE_MIN_SHARED {
                    found.push((*n, k + shared));
                }
            }
        }
        i += run.len();
    }
    (found, contents)
}

/// Headings set off by spaces: a number at the start, after whitespace or after a sentence's
/// end, then a short title (at most [`SPACED_TITLE_MAX`] chars: longer runs are sentences that
/// lost their punctuation) that a space ends. Each comes with where its title ends, and whether
/// that end was only guessed from the words opening the section's text.
fn spaced_headings(text: &[char], numbers: &[InlineNumber]) -> Vec<(InlineNumber, usize, bool)> {
    numbers
        .iter()
        // `1、` and `1.` start list items as often as sections: only contents vouch for them.
        .filter(|n| n.style != 3 && n.style != 4)
        .filter(|n| {
            n.start == 0
                || text[n.start - 1].is_whitespace()
                || "。；;！!？?".contains(text[n.start - 1])
                // (Or a closing bracket before `二、`: a paragraph that ends in a citation,
                // 元贝驾考's 「…（出自于GB/T 35273-2020…）二. 我们如何收集…」.)
                || (n.style == 1 && "）)".contains(text[n.start - 1]))
        })
        .flat_map(|n| {
            let mut from = n.end;
            while from < text.len() && text[from] == ' ' {
                from += 1;
            }
            // The title ends at a space, except one next to a Latin word (`使用 Cookie 和同类
            // 技术` goes on).
            let latin = |k: usize| text.get(k).is_some_and(|c| c.is_ascii_alphanumeric());
            let end = (from..(from + SPACED_TITLE_MAX + 1).min(text.len()))
                .find(|&k| text[k].is_whitespace() && !latin(k + 1) && !latin(k.wrapping_sub(1)))
                // An article's title run into its first item (`第二条 信息的收集和使用1.您理解
                // 并同意…`, `第一条序言1.本APP是…`) ends before the item's number.
                // (So does a section's: `三. 我们如何使用Cookie和同类技术1. Cookie为确保…`.)
                .or_else(|| {
                    (n.style <= 1)
                        .then(|| {
                            numbers.iter().find(|m| {
                                matches!(m.style, 3 | 4)
                                    && m.value == 1
                                    && m.start > from
                                    && m.start <= from + SPACED_TITLE_MAX
                            })
                        })
                        .flatten()
                        .map(|m| m.start)
                });
            let guessed = end.is_none();
            let end = end
                // A title run into its section's first sentence (`七、第三方SDK为了更好的…`,
                // `八、如何联系我们如果您对…`) ends before the sentence's opening words, when
                // the number follows a sentence's end: after `；` it numbers a list's item.
                .or_else(|| {
                    let after_a_sentence = n.start == 0
                        || text[n.start - 1].is_whitespace()
                        || "。！!？?）)".contains(text[n.start - 1]);
                    (n.style <= 1 && after_a_sentence)
                        .then(|| body_opener_at(text, from))
                        .flatten()
                });
            let Some(end) = end.filter(|&e| {
                e > from
                    && !text[from..e]
                        .iter()
                        .any(|c| "。；;！!？?，,：:".contains(*c))
            }) else {
                return vec![];
            };
            // The first item's number run into the title (`六、第三方服务提供商1. 为方便…`) opens
            // that item: the title ends before it.
            let end = title_end_before_item_number(text, from, end);
            // A sub-heading run into the title (`二、我们如何共享（一）共享 `) is its own heading.
            match numbers
                .iter()
                .find(|m| m.start > from && m.start < end && m.end < end)
            {
                Some(nested) => vec![(*n, nested.start, guessed), (*nested, end, guessed)],
                None => vec![(*n, end, guessed)],
            }
        })
        .collect()
}

/// Where the numbered items of a run-on line that have run-in titles begin (`1. 内容安全：…；
/// 2. 数据安全：…`): items numbered `1、` or `1.` counting up from 1, two at least, each with a
/// title of at most 24 chars closed by a colon — after two such, one of at most
/// [`INLINE_TITLE_MAX`] (掌上大学's `3、基于相册（图片库/视频库）的图片/视频访问及上传的附加服务：` stopped
/// the list, and items 3 to 5 fell under item 2). A list whose items have no such titles is
/// left as it is.
fn run_in_items(text: &[char], numbers: &[InlineNumber]) -> Vec<usize> {
    let titled_within = |n: &InlineNumber, max: usize| {
        let mut from = n.end;
        while from < text.len() && text[from].is_whitespace() {
            from += 1;
        }
        let limit = (from + max + 1).min(text.len());
        (from..limit)
            .find(|&k| "：:，,。；;！!？?、".contains(text[k]))
            .is_some_and(|k| k > from && "：:".contains(text[k]))
    };
    let titled = |n: &InlineNumber| titled_within(n, 24);
    let mut starts = Vec::new();
    for style in [3u8, 4] {
        let mut chain: Vec<usize> = Vec::new();
        for n in numbers.iter().filter(|n| n.style == style) {
            let max = if chain.len() >= 2 {
                INLINE_TITLE_MAX
            } else {
                24
            };
            if n.value == 1 && titled(n) {
                if chain.len() >= 2 {
                    starts.append(&mut chain);
                }
                chain = vec![n.start];
            } else if !chain.is_empty()
                && n.value as usize == chain.len() + 1
                && titled_within(n, max)
            {
                chain.push(n.start);
            }
        }
        if chain.len() >= 2 {
            starts.append(&mut chain);
        }
    }
    starts
}

/// Where a title `text[from..end]` ends once an item number closing it (`1.`, `2、`, `1.1`) is left
/// to the text after it; `end` when it has none, or nothing but one.
fn title_end_before_item_number(text: &[char], from: usize, end: usize) -> usize {
    // Back over the number: digits and the dots between or after them (`1.`, `2、`, `1.1`).
    let mut e = end;
    if e > from && text[e - 1] == '、' {
        e -= 1;
    }
    while e > from && (text[e - 1].is_ascii_digit() || ".．".contains(text[e - 1])) {
        e -= 1;
    }
    let number = &text[e..end];
    // (Not a version's number: `隐私政策V2.0`; but `三、Cookie1.` is `Cookie` and item 1.)
    let is_version = text[e.saturating_sub(1)].is_ascii_alphabetic()
        && number
            .windows(2)
            .any(|w| ".．".contains(w[0]) && w[1].is_ascii_digit());
    let is_item_number = e > from
        && !is_version
        && number.first().is_some_and(|c| c.is_ascii_digit())
        && number.iter().any(|c| ".．、".contains(*c));
    if is_item_number {
        e
    } else {
        end
    }
}

fn trimmed(chars: &[char]) -> Vec<char> {
    let s: String = chars.iter().collect();
    s.trim().chars().collect()
}
