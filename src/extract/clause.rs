//! A span's edges and its list items, and the section titles outside the practices.
use super::*;

/// A section whose title says it is about something other than practices (rights, security,
/// contact …), unless the title also names a practice.
pub(super) fn non_practice_section(title: &str) -> bool {
    let t = crate::normalize::normalize(title);
    WordLists::get()
        .list("non_practice_section")
        .iter()
        .any(|w| t.contains(w))
        && !t.contains("收集")
        && !t.contains("共享")
        && !t.contains("使用")
}

/// Whether `chars` hold `word` from index `at` (false where `word` would run past the end).
pub(crate) fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, c)| chars.get(i) == Some(&c))
}

/// The items of a data span that lists several: split at list separators (`、`, `，`, `/`, `和`,
/// `及`, `以及`, `与`, `或`, brackets), with a leading `包括`/`例如` and trailing `等` dropped;
/// pieces of one char are not items.
pub(super) fn list_items(chars: &[char], span: Hit) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut start = span.start;
    let mut i = span.start;
    let push = |s: usize, e: usize, out: &mut Vec<Hit>| {
        let mut s = s;
        for lead in ["包括但不限于", "包括", "例如", "比如", "如"] {
            if starts_with_at(chars, s, lead) && e > s + lead.chars().count() + 1 {
                s += lead.chars().count();
                break;
            }
        }
        let mut e = e;
        while e > s + 2 && chars[e - 1] == '等' {
            e -= 1;
        }
        if let Some(h) = trim_span(chars, s, e).filter(|h| h.end - h.start >= 2) {
            out.push(h);
        }
    };
    while i < span.end {
        let sep = if starts_with_at(chars, i, "以及") {
            2
        } else if "、，,/和及与或（）()【】".contains(chars[i]) {
            1
        } else {
            0
        };
        if sep > 0 {
            push(start, i, &mut out);
            i += sep;
            start = i;
        } else {
            i += 1;
        }
    }
    push(start, span.end, &mut out);
    if out.is_empty() {
        out.push(span);
    }
    out
}

/// Trim a labelled span to its words: no whitespace or punctuation at either end (a span ends
/// in a closing bracket only when it holds the opening one: `设备信息（IMEI）`).
pub(super) fn trim_span(chars: &[char], mut start: usize, mut end: usize) -> Option<Hit> {
    let junk = |c: char| {
        c.is_whitespace()
            || (c.is_ascii_punctuation() && c != '(' && c != ')')
            || ("，。、；：！？“”‘’《》【】「」…—·～".contains(c))
    };
    let opening = |c: char| c == '（' || c == '(';
    let closing = |c: char| c == '）' || c == ')';
    loop {
        let before = (start, end);
        while start < end && (junk(chars[start]) || closing(chars[start])) {
            start += 1;
        }
        while end > start && junk(chars[end - 1]) {
            end -= 1;
        }
        if end > start && opening(chars[end - 1]) {
            end -= 1;
        }
        if end > start
            && closing(chars[end - 1])
            && !chars[start..end - 1].iter().any(|&c| opening(c))
        {
            end -= 1;
        }
        if start < end && opening(chars[start]) && !chars[start..end].iter().any(|&c| closing(c)) {
            start += 1;
        }
        // `进行` is the verb after a party or an act (`与位置服务提供商进行共享`), never the end
        // of a span (no span of the CA4P training policies ends with it).
        if end >= start + 3 && chars[end - 2..end] == ['进', '行'] {
            end -= 2;
        }
        // Nor `在内`, which closes `包括…在内的` (`银行卡号、有效期在内`; no span of the training
        // policies ends with it, seven stop right before it).
        if end >= start + 3 && chars[end - 2..end] == ['在', '内'] {
            end -= 2;
        }
        if (start, end) == before {
            break;
        }
    }
    (end > start).then_some(Hit { start, end })
}

/// Widen labelled spans that cut a Latin word or a number in two to the whole of it (`Androi` of
/// `Android广告ID`, `llo语音` of `Hello语音`, `0公司` of `360公司`): the labeller tags chars, and a
/// highlight ending inside a word reads as broken. A span is left as it was where widening would
/// reach into its neighbour.
pub(super) fn widen_to_latin_words(chars: &[char], spans: &mut [(Label, Hit)]) {
    let word_char = |i: usize| chars[i].is_ascii_alphanumeric();
    for k in 0..spans.len() {
        let Hit { mut start, mut end } = spans[k].1;
        while start > 0 && word_char(start - 1) && word_char(start) {
            start -= 1;
        }
        while end < chars.len() && word_char(end - 1) && word_char(end) {
            end += 1;
        }
        let after_previous = k == 0 || spans[k - 1].1.end <= start;
        let before_next = k + 1 == spans.len() || end <= spans[k + 1].1.start;
        if after_previous && before_next {
            spans[k].1 = Hit { start, end };
        }
    }
}

/// Move the start of purpose and condition spans that falls inside a jieba word
/// (`word_start[i]` is where the word holding char `i` starts) back to the word's start, where
/// that stays clear of the span before: the labeller may open a phrase mid-word (`否真实有效` of
/// `核实验证您提供的信息是否真实有效`), which no reader would quote. (`valid` fold: purpose exact
/// F1 0.332 → 0.339, micro 0.553 → 0.554; `train` 0.410 → 0.409: neutral to the scorer.)
///
/// A data, purpose or condition span that ends inside a word ends with the word, where that
/// stays clear of the span after (`WIFI状` of `WIFI状态权限` → `WIFI状态`, `提示您适` → `提示您适时`).
/// Neutral to the scorer for data (`valid` and `train` figures unchanged to three places;
/// widening data spans' starts too lost 0.001 of data exact F1 on `valid`, so they keep theirs);
/// for purposes and conditions (stop 57) `valid` condition exact F1 0.348 → 0.350, the rest
/// unchanged.
pub(super) fn widen_to_word_starts(word_start: &[u32], spans: &mut [(Label, Hit)]) {
    for k in 0..spans.len() {
        let (label, hit) = spans[k];
        if matches!(label, Label::Purpose | Label::Condition) {
            let start = word_start[hit.start] as usize;
            if k == 0 || spans[k - 1].1.end <= start {
                spans[k].1.start = start;
            }
        }
        if matches!(label, Label::Data | Label::Purpose | Label::Condition) {
            // The chars after the span's last one that are in its word.
            let last = hit.end - 1;
            let mut end = hit.end;
            while end < word_start.len() && word_start[end] as usize <= last {
                end += 1;
            }
            if k + 1 == spans.len() || end <= spans[k + 1].1.start {
                spans[k].1.end = end;
            }
        }
    }
}

/// Words that open a definition (`…是指…`): what follows describes data, it states no practice.
pub(super) const DEFINITION_WORDS: [&str; 3] = ["是指", "指的是", "系指"];

pub(super) fn has_boundary(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to].iter().any(|c| CLAUSE_END.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trimmed(text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        trim_span(&chars, 0, chars.len()).map(|h| chars[h.start..h.end].iter().collect())
    }

    #[test]
    fn a_purpose_that_opens_mid_word_opens_with_the_word() {
        // `…信息是否真实有效`: the words `信息` (8..10), `是否` (10..12), `真实` (12..14).
        let word_start: Vec<u32> = (0..16u32)
            .map(|i| if (10..12).contains(&i) { 10 } else { i })
            .collect();
        let mut spans = [(Label::Purpose, Hit { start: 11, end: 16 })];
        widen_to_word_starts(&word_start, &mut spans);
        assert_eq!((spans[0].1.start, spans[0].1.end), (10, 16));
        // Data keeps its start, and its end where the span after starts inside the word; a
        // span right after another keeps clear of it.
        let mut spans = [
            (Label::Data, Hit { start: 8, end: 11 }),
            (Label::Purpose, Hit { start: 11, end: 16 }),
            (Label::Data, Hit { start: 11, end: 12 }),
        ];
        widen_to_word_starts(&word_start, &mut spans);
        assert_eq!((spans[1].1.start, spans[1].1.end), (11, 16));
        assert_eq!((spans[2].1.start, spans[2].1.end), (11, 12));
    }

    /// 和路宝: 「…存储权限、WIFI状态权限」 gave the data `WIFI状`.
    #[test]
    fn a_data_span_that_ends_mid_word_ends_with_the_word() {
        // `WIFI` (0..4), `状态` (4..6), `权限` (6..8).
        let word_start: Vec<u32> = vec![0, 0, 0, 0, 4, 4, 6, 6];
        let mut spans = [(Label::Data, Hit { start: 0, end: 5 })];
        widen_to_word_starts(&word_start, &mut spans);
        assert_eq!((spans[0].1.start, spans[0].1.end), (0, 6));
        // Up to a span that starts inside the word: kept.
        let mut spans = [
            (Label::Data, Hit { start: 0, end: 5 }),
            (Label::Data, Hit { start: 5, end: 8 }),
        ];
        widen_to_word_starts(&word_start, &mut spans);
        assert_eq!((spans[0].1.start, spans[0].1.end), (0, 5));
    }

    /// 花间 (bundled): 「…（提示您适时提供有效身份证件的信息…）」 gave the purpose `提示您适`.
    #[test]
    fn a_purpose_or_condition_that_ends_mid_word_ends_with_the_word() {
        // `提示` (0..2), `您` (2), `适时` (3..5), `提供` (5..7).
        let word_start: Vec<u32> = vec![0, 0, 2, 3, 3, 5, 5];
        for label in [Label::Purpose, Label::Condition] {
            let mut spans = [(label, Hit { start: 0, end: 4 })];
            widen_to_word_starts(&word_start, &mut spans);
            assert_eq!((spans[0].1.start, spans[0].1.end), (0, 5), "{label:?}");
        }
        // A verb's span keeps its end.
        let mut spans = [(Label::Collect, Hit { start: 0, end: 4 })];
        widen_to_word_starts(&word_start, &mut spans);
        assert_eq!((spans[0].1.start, spans[0].1.end), (0, 4));
    }

    #[test]
    fn a_span_loses_the_punctuation_and_unmatched_brackets_at_its_edges() {
        assert_eq!(trimmed("，手机号码。").as_deref(), Some("手机号码"));
        assert_eq!(trimmed("（手机号码").as_deref(), Some("手机号码"));
        assert_eq!(
            trimmed("设备信息（IMEI）").as_deref(),
            Some("设备信息（IMEI）")
        );
        assert_eq!(trimmed("，。"), None);
    }

    fn widened(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut spans: Vec<(Label, Hit)> = spans
            .iter()
            .map(|&(start, end)| (Label::Data, Hit { start, end }))
            .collect();
        widen_to_latin_words(&chars, &mut spans);
        spans
            .iter()
            .map(|(_, h)| chars[h.start..h.end].iter().collect())
            .collect()
    }

    #[test]
    fn a_span_does_not_cut_a_latin_word_or_a_number() {
        // Crawl and CA4P clauses where the labeller's edge fell inside a word.
        assert_eq!(widened("的Android广告ID", &[(1, 7)]), ["Android"]);
        assert_eq!(
            widened("使用Hello语音的详细情况", &[(4, 14)]),
            ["Hello语音的详细情况"]
        );
        assert_eq!(widened("除360公司外", &[(3, 6)]), ["360公司"]);
        // Chinese edges and whole words stay as they are.
        assert_eq!(
            widened("收集IMEI、MAC地址", &[(2, 6), (7, 12)]),
            ["IMEI", "MAC地址"]
        );
        // Widening into the next span would overlap it: left as tagged.
        assert_eq!(widened("ab12cd", &[(0, 3), (3, 6)]), ["ab1", "2cd"]);
    }

    #[test]
    fn a_span_does_not_end_with_the_verb_after_it() {
        assert_eq!(
            trimmed("位置服务提供商进行").as_deref(),
            Some("位置服务提供商")
        );
        assert_eq!(trimmed("（合作伙伴进行，").as_deref(), Some("合作伙伴"));
        assert_eq!(
            trimmed("银行卡号、有效期在内").as_deref(),
            Some("银行卡号、有效期")
        );
        // Nothing but the verb is left as it is.
        assert_eq!(trimmed("进行").as_deref(), Some("进行"));
    }

    #[test]
    fn a_data_span_splits_into_its_list_items() {
        for (span, want) in [
            ("手机号码、设备信息及位置信息", "手机号码|设备信息|位置信息"),
            ("包括姓名、身份证号码等", "姓名|身份证号码"),
            ("设备型号以及操作系统版本", "设备型号|操作系统版本"),
            ("设备信息（IMEI、MAC地址）", "设备信息|IMEI|MAC地址"),
            // Pieces of one char are no items; a span without separators is its own item.
            ("姓名和性别", "姓名|性别"),
            ("头像或名", "头像"),
            ("精确地理位置", "精确地理位置"),
            ("例如手机号", "手机号"),
        ] {
            let chars: Vec<char> = span.chars().collect();
            let items: Vec<String> = list_items(
                &chars,
                Hit {
                    start: 0,
                    end: chars.len(),
                },
            )
            .into_iter()
            .map(|h| chars[h.start..h.end].iter().collect())
            .collect();
            assert_eq!(items.join("|"), want, "{span}");
        }
    }

    #[test]
    fn sections_about_rights_security_or_contact_are_no_practice_sections() {
        for (title, outside) in [
            ("六、如何联系我们", true),
            ("您的权利", true),
            ("三、我们如何保护您的个人信息", true),
            ("一、我们如何收集和使用您的个人信息", false),
            // A title that names a practice stays one.
            ("我们如何存储和使用您的信息", false),
            ("二、第三方SDK目录", false),
        ] {
            assert_eq!(non_practice_section(title), outside, "{title}");
        }
    }
}
