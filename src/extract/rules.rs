use super::*;

/// The extractor's word lists (`data/lexicon/extract_rules.tsv`), parsed once.
pub(super) struct Rules {
    pub(super) lists: std::collections::HashMap<&'static str, Vec<&'static str>>,
}

impl Rules {
    pub(super) fn get() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            let mut lists: std::collections::HashMap<&'static str, Vec<&'static str>> =
                Default::default();
            for line in include_str!("../../data/lexicon/extract_rules.tsv").lines() {
                if line.trim().is_empty() || line.starts_with('#') || line == "label\tphrase" {
                    continue;
                }
                let (label, phrase) = line
                    .split_once('\t')
                    .unwrap_or_else(|| panic!("extract_rules.tsv: bad line {line:?}"));
                lists.entry(label).or_default().push(phrase);
            }
            Rules { lists }
        })
    }

    pub(super) fn list(&self, label: &str) -> &[&'static str] {
        self.lists.get(label).map_or(&[], |v| v.as_slice())
    }
}

/// Members of an enumeration that holds a known data item: `您的昵称、星座、所在地及个人介绍`
/// — `星座` and `所在地` are data because their neighbours are.
pub(super) fn enumeration_members(
    chars: &[char],
    known: &[(Hit, Option<String>)],
    actions: &[(Label, Hit)],
) -> Vec<(Hit, Option<String>)> {
    const SEPARATORS: &[&str] = &["以及", "、", "及", "和", "与", "或", ",", "，", "/"];
    let mut out = Vec::new();
    for (k, _) in known {
        // Walk right: `X、Y` / `X及Y`.
        let mut at = k.end;
        // Skip a parenthetical right after the item (`设备信息（包括…）`).
        for _ in 0..8 {
            let Some(sep) = SEPARATORS.iter().find(|s| starts_with_at(chars, at, s)) else {
                break;
            };
            let start = at + sep.chars().count();
            let Some(member) = member_at(chars, start) else {
                break;
            };
            if known
                .iter()
                .any(|(o, _)| o.start < member.end && member.start < o.end)
            {
                at = member.end;
                continue;
            }
            out.push((member, None));
            at = member.end;
        }
        // Walk left from the item: `Y、X` where Y starts after the action verb.
        let mut end = k.start;
        for _ in 0..6 {
            let Some(sep) = SEPARATORS.iter().find(|s| {
                end >= s.chars().count() && starts_with_at(chars, end - s.chars().count(), s)
            }) else {
                break;
            };
            let member_end = end - sep.chars().count();
            let Some(member) = member_before(chars, member_end) else {
                break;
            };
            if actions
                .iter()
                .any(|(_, a)| a.end > member.start && a.start < member.end)
            {
                break;
            }
            if !known
                .iter()
                .any(|(o, _)| o.start < member.end && member.start < o.end)
            {
                out.push((member, None));
            }
            end = member.start;
        }
    }
    out
}

/// Chars that end an enumeration member.
pub(super) fn member_break(c: char) -> bool {
    "、，,。；;：:（）()“”\"及和与或等/\n".contains(c) || c.is_whitespace()
}

pub(super) fn looks_like_item(chars: &[char], s: usize, e: usize) -> bool {
    let n = e - s;
    if !(2..=12).contains(&n) {
        return false;
    }
    let t: String = chars[s..e].iter().collect();
    const VERBISH: &[&str] = &[
        "我们", "您", "会", "将", "可能", "进行", "提供", "使用", "收集", "获取", "用于", "为了",
        "以便", "是", "在", "时", "如果", "通过", "需要", "无法", "不", "请", "包括", "例如",
        "其他", "相关",
    ];
    !VERBISH.iter().any(|w| t.contains(w))
        && t.chars().all(|c| !c.is_ascii_punctuation())
        // Demonstratives and purpose words start clauses, not items; a bare generic word
        // (`信息`, `状态`) names nothing.
        && !["以", "这", "该", "此", "其", "从", "并", "可"].iter().any(|w| t.starts_with(w))
        && !Rules::get().list("weak_data").contains(&t.as_str())
        && !Rules::get().list("not_item").iter().any(|w| t.contains(w))
}

pub(super) fn member_at(chars: &[char], start: usize) -> Option<Hit> {
    let mut s = start;
    // Possessive lead-ins are not part of the item.
    for lead in ["您的", "其他用户的"] {
        if starts_with_at(chars, s, lead) {
            s += lead.chars().count();
        }
    }
    let e = (s..chars.len())
        .find(|&i| member_break(chars[i]))
        .unwrap_or(chars.len());
    looks_like_item(chars, s, e).then_some(Hit { start: s, end: e })
}

pub(super) fn member_before(chars: &[char], end: usize) -> Option<Hit> {
    let s = (0..end)
        .rev()
        .find(|&i| member_break(chars[i]))
        .map_or(0, |i| i + 1);
    let mut s2 = s;
    for lead in ["您的", "其他用户的"] {
        if starts_with_at(chars, s2, lead) {
            s2 += lead.chars().count();
        }
    }
    looks_like_item(chars, s2, end).then_some(Hit { start: s2, end })
}

/// Purpose phrases: after a marker, up to the clause boundary.
pub(super) fn purpose_hits(chars: &[char]) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(marker) = Rules::get()
            .list("purpose_marker")
            .iter()
            .find(|m| starts_with_at(chars, i, m))
        else {
            i += 1;
            continue;
        };
        let n = marker.chars().count();
        let ok = match *marker {
            "为" => {
                !inside_word(chars, i, Rules::get().list("not_purpose_wei"))
                    // `为您提供…` / `为向您提供…` / clause-initial `为实现…`.
                    && (i == 0 || CLAUSE_END.contains(&chars[i - 1]) || starts_with_at(chars, i + 1, "您") || starts_with_at(chars, i + 1, "向") || starts_with_at(chars, i + 1, "实现") || starts_with_at(chars, i + 1, "提供") || starts_with_at(chars, i + 1, "保障") || starts_with_at(chars, i + 1, "满足"))
            }
            "以" => {
                !inside_word(chars, i, Rules::get().list("not_purpose_yi"))
                    && !inside_word(chars, i, &["以便", "以便于"])
                    && i > 0
                    && !"可所难足得用据借予加".contains(chars[i - 1])
            }
            "从而" => true,
            _ => true,
        };
        if !ok {
            i += 1;
            continue;
        }
        let mut start = i + n;
        // `为您提供客服` → purpose `提供客服…`; the beneficiary is not the purpose.
        if *marker == "为"
            && starts_with_at(chars, start, "您")
            && !starts_with_at(chars, start, "您的")
        {
            start += 1;
        }
        let clause_end = |from: usize| {
            (from..chars.len())
                .find(|&k| {
                    CLAUSE_END.contains(&chars[k]) || starts_with_at(chars, k, "而") && k > from + 2
                })
                .unwrap_or(chars.len())
        };
        let mut end = clause_end(start);
        // A purpose runs on over comma-separated clauses that continue it (`为提高安全性，保护您…，
        // 更好地预防…`), up to a clause of another kind.
        while end < chars.len() && matches!(chars[end], '，' | ',') {
            let next = end + 1;
            let continues = Rules::get()
                .list("purpose_continuation")
                .iter()
                .any(|w| starts_with_at(chars, next, w));
            if !continues {
                break;
            }
            end = clause_end(next);
        }
        // `为您提供了多种注册渠道` states what was done: a verb with `了` in its first words is
        // not an aim.
        let done = (start..(start + 6).min(end)).any(|k| chars[k] == '了');
        if let Some(h) = trim_hit(chars, start, end).filter(|_| !done) {
            if h.end - h.start >= 2 && !out.iter().any(|o| o.start < h.end && h.start < o.end) {
                out.push(h);
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// Conditions: `当…时`, `在…时`/`在…情况下`, `如您…`/`若您…`/`如果您…`/`一旦…`, and a clause
/// that ends in `…时，`.
pub(super) fn condition_hits(chars: &[char]) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    let shi_closes = |k: usize| {
        chars[k] == '时' && !inside_word(chars, k, Rules::get().list("not_condition_shi"))
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let clause_start = i == 0
            || CLAUSE_END.contains(&chars[i - 1])
            || chars[i - 1] == ')'
            || chars[i - 1] == '）';
        let mut found: Option<Hit> = None;
        if c == '当'
            && !inside_word(
                chars,
                i,
                &[
                    "相当", "适当", "恰当", "正当", "不当", "妥当", "当前", "当地", "当日", "当天",
                    "应当", "当然", "当事",
                ],
            )
        {
            let (_, clause_end) = clause_bounds(chars, i + 1);
            let sentence_end = (i..chars.len())
                .find(|&k| SENTENCE_END.contains(&chars[k]))
                .unwrap_or(chars.len());
            // The closing `时` outside brackets (`当您购买（…产生交易行为时）时`); alternatives
            // joined by `或` (`当…时，或…时`) make one condition.
            let limit = sentence_end.min(i + 160);
            let close_from = |from: usize| {
                let mut depth = 0usize;
                (from..limit).find(|&k| {
                    match chars[k] {
                        '(' | '（' | '[' | '【' => depth += 1,
                        ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    depth == 0 && shi_closes(k)
                })
            };
            if let Some(mut k) = close_from(i + 1) {
                while let Some(next) = ["，或", ",或", "或"]
                    .iter()
                    .find(|w| starts_with_at(chars, k + 1, w))
                    .and_then(|w| close_from(k + 1 + w.chars().count()))
                {
                    k = next;
                }
                found = trim_hit(chars, i + 1, k);
            } else {
                found = trim_hit(chars, i + 1, clause_end);
            }
        } else if c == '在' && starts_with_at(chars, i + 1, "您") {
            let sentence_end = (i..chars.len())
                .find(|&k| SENTENCE_END.contains(&chars[k]))
                .unwrap_or(chars.len());
            let close = (i + 1..sentence_end.min(i + 80)).find(|&k| {
                shi_closes(k)
                    || starts_with_at(chars, k, "情况下")
                    || starts_with_at(chars, k, "过程中")
                    || starts_with_at(chars, k, "前提下")
            });
            if let Some(k) = close {
                found = trim_hit(chars, i + 1, k);
            }
        } else if clause_start {
            for lead in ["如果您", "如您", "若您", "一旦您", "假如您"] {
                if starts_with_at(chars, i, lead) {
                    let s = i + lead.chars().count() - 1; // keep `您`
                    let (_, e) = clause_bounds(chars, s);
                    found = trim_hit(chars, s, e);
                    break;
                }
            }
            if found.is_none() {
                // `{快手会…您选择参加}时，`: a clause ending in 时.
                let (_, e) = clause_bounds(chars, i);
                if e > i + 2
                    && e < chars.len()
                    && shi_closes(e - 1)
                    && !(i..e).any(|k| chars[k] == '当')
                {
                    found = trim_hit(chars, i, e - 1);
                }
            }
        }
        // A condition about refusing (`若您拒绝提供…`) states a consequence, not when a practice
        // happens.
        let refusal = |h: &Hit| {
            let t: String = chars[h.start..h.end].iter().collect();
            Rules::get().list("refusal").iter().any(|w| t.contains(w))
        };
        if let Some(h) = found {
            if h.end - h.start >= 2
                && !refusal(&h)
                && !out.iter().any(|o| o.start < h.end && h.start < o.end)
            {
                out.push(h);
                i = h.end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Whether a collect/share cue acts here. Weak verbs (`使用`, `提供`, `访问` …) need an actor
/// before them in their clause, or follow another action (`收集并使用`); `提供` is a collection
/// when the user provides (`您需要向我们提供`), not when the operator provides to the user
/// (`为您提供服务`).
pub(super) fn acts(
    chars: &[char],
    hit: Hit,
    verb: &str,
    handlers: &[Hit],
    cues: &[(Cue, Hit)],
) -> bool {
    let rules = Rules::get();
    // `向您提供` holds the cue `您提供`: the operator provides to the user.
    if verb.contains("提供")
        && verb.starts_with('您')
        && hit.start > 0
        && "向为给".contains(chars[hit.start - 1])
    {
        return false;
    }
    if !rules.list("weak_verb").contains(&verb) {
        return true;
    }
    let (clause_start, _) = clause_bounds(chars, hit.start);
    let before: String = chars[clause_start..hit.start].iter().collect();
    if verb == "提供" {
        if before.ends_with("向我们") || before.ends_with("向我们明示") {
            return true;
        }
        if rules
            .list("provide_to_user")
            .iter()
            .any(|w| before.ends_with(w))
        {
            return false;
        }
        return before.contains('您');
    }
    let after_action = cues.iter().any(|(k, c)| {
        matches!(k, Cue::Collect | Cue::Share)
            && c.end <= hit.start
            && hit.start - c.end <= 2
            && chars[c.end..hit.start]
                .iter()
                .all(|ch| "并和或及、与".contains(*ch))
    });
    after_action
        || handlers
            .iter()
            .any(|h| h.end <= hit.start && h.start >= clause_start && hit.start - h.end <= 16)
}

/// The disposal construction `将/把 X (与Y) 共享`: a data item between `将`/`把` and the verb,
/// in one clause, is the verb's object.
pub(super) fn in_disposal(chars: &[char], d: Hit, verb: Hit) -> bool {
    if d.end > verb.start || verb.start - d.end > 24 {
        return false;
    }
    let (clause_start, _) = clause_bounds(chars, verb.start);
    (clause_start..d.start).any(|k| chars[k] == '将' || chars[k] == '把')
        && !has_sentence_end(chars, d.end, verb.start)
}
