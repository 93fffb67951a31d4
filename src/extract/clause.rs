use super::*;

/// The spans and practices of one clause, in view offsets.
#[derive(Default)]
pub(super) struct ClauseExtraction {
    pub(super) spans: Vec<(Label, Hit, Option<String>)>,
    pub(super) practices: Vec<ClausePractice>,
}

#[derive(Default)]
pub(super) struct ClausePractice {
    pub(super) action: Label,
    pub(super) handler: Option<usize>,
    pub(super) data: Vec<usize>,
    pub(super) purpose: Option<usize>,
    pub(super) condition: Option<usize>,
    pub(super) receiver: Option<usize>,
}

/// A section whose title says it is about something other than practices (rights, security,
/// contact …), unless the title also names a practice.
pub(super) fn non_practice_section(title: &str) -> bool {
    let t = crate::normalize::normalize(title);
    Rules::get()
        .list("non_practice_section")
        .iter()
        .any(|w| t.contains(w))
        && !t.contains("收集")
        && !t.contains("共享")
        && !t.contains("使用")
}

pub(super) fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, c)| chars.get(i) == Some(&c))
}

/// Whether `chars[at]` sits inside one of `words` (the word may start before `at`).
pub(super) fn inside_word(chars: &[char], at: usize, words: &[&str]) -> bool {
    words.iter().any(|w| {
        let n = w.chars().count();
        (0..n).any(|k| at >= k && starts_with_at(chars, at - k, w))
    })
}

pub(super) fn clause_bounds(chars: &[char], at: usize) -> (usize, usize) {
    let start = chars[..at.min(chars.len())]
        .iter()
        .rposition(|c| CLAUSE_END.contains(c))
        .map_or(0, |p| p + 1);
    let end = chars[at.min(chars.len())..]
        .iter()
        .position(|c| CLAUSE_END.contains(c))
        .map_or(chars.len(), |p| at + p);
    (start, end)
}

pub(super) fn trim_hit(chars: &[char], mut start: usize, mut end: usize) -> Option<Hit> {
    let junk = |c: char| c.is_whitespace() || "“”\"'‘’、，,".contains(c);
    while start < end && junk(chars[start]) {
        start += 1;
    }
    while end > start && junk(chars[end - 1]) {
        end -= 1;
    }
    (end > start).then_some(Hit { start, end })
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
        if (start, end) == before {
            break;
        }
    }
    (end > start).then_some(Hit { start, end })
}

/// Words that open a definition (`…是指…`): what follows describes data, it states no practice.
pub(super) const DEFINITION_WORDS: [&str; 3] = ["是指", "指的是", "系指"];

impl ClauseExtraction {
    pub(super) fn run(
        ex: &Extractor,
        text: &str,
        chars: &[char],
        data: &[(Hit, Option<usize>)],
    ) -> Self {
        let mut out = ClauseExtraction::default();
        let mut chars_of_byte = vec![0usize; text.len() + 1];
        let mut ci = 0;
        for (b, c) in text.char_indices() {
            for slot in &mut chars_of_byte[b..b + c.len_utf8()] {
                *slot = ci;
            }
            ci += 1;
        }
        chars_of_byte[text.len()] = ci;
        let cues = ex.cue_hits(text, &chars_of_byte);
        let sentence: String = chars.iter().collect();

        // A definition clause (`…是指…`) describes, it does not practise.
        if DEFINITION_WORDS.iter().any(|w| sentence.contains(w)) {
            return out;
        }
        let user_control = Rules::get()
            .list("user_control")
            .iter()
            .any(|w| sentence.contains(w))
            && Rules::get()
                .list("user_control_verb")
                .iter()
                .any(|w| sentence.contains(w));

        // Action verbs: not negated, with a data item after them in the sentence.
        let negations: Vec<Hit> = cues
            .iter()
            .filter(|(k, _)| *k == Cue::Negation)
            .map(|(_, h)| *h)
            .collect();
        let rules = Rules::get();
        let handlers: Vec<Hit> = cues
            .iter()
            .filter(|(k, _)| *k == Cue::Handler)
            .map(|(_, h)| *h)
            .collect();
        let mut actions: Vec<(Label, Hit)> = Vec::new();
        for (kind, hit) in &cues {
            let label = match kind {
                Cue::Collect => Label::Collect,
                Cue::Share => Label::Share,
                _ => continue,
            };
            let negated = negations.iter().any(|n| {
                n.end <= hit.start
                    && hit.start - n.end <= 8
                    && !has_boundary(chars, n.end, hit.start)
            });
            if negated {
                continue;
            }
            // A verb inside a data phrase or followed by a noun suffix is a noun (`点赞记录`,
            // `使用记录`, `存储权限`), not an action.
            if data
                .iter()
                .any(|(d, _)| d.start < hit.end && hit.start < d.end)
                || rules
                    .list("noun_suffix")
                    .iter()
                    .any(|w| starts_with_at(chars, hit.end, w))
            {
                continue;
            }
            let verb: String = chars[hit.start..hit.end].iter().collect();
            if !acts(chars, *hit, &verb, &handlers, &cues) {
                continue;
            }
            let has_object = data.iter().any(|(d, _)| {
                (d.start >= hit.end
                    && d.start - hit.end <= 40
                    && !has_sentence_end(chars, hit.end, d.start))
                    || in_disposal(chars, *d, *hit)
            });
            if has_object {
                actions.push((label, *hit));
            }
        }
        if actions.is_empty()
            || (user_control
                && actions.iter().all(|(l, _)| *l == Label::Collect)
                && !sentence.contains("我们"))
        {
            return out;
        }

        // Data items: after an action within reach, chained through enumerations. Weak (generic)
        // words need an action right before them or a chosen neighbour.
        let weak: Vec<bool> = data
            .iter()
            .map(|(d, _)| {
                let t: String = chars[d.start..d.end].iter().collect();
                d.end - d.start <= 2 || rules.list("weak_data").contains(&t.as_str())
            })
            .collect();
        let mut sorted: Vec<usize> = (0..data.len()).collect();
        sorted.sort_by_key(|&i| data[i].0.start);
        let near_action = |d: Hit, reach: usize| {
            actions.iter().any(|(_, a)| {
                d.start >= a.end
                    && d.start - a.end <= reach
                    && !has_sentence_end(chars, a.end, d.start)
            })
        };
        let negated_item = |d: Hit| {
            negations
                .iter()
                .any(|n| n.end <= d.start && d.start - n.end <= 3)
        };
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..3 {
            for &i in &sorted {
                if chosen.contains(&i) || negated_item(data[i].0) {
                    continue;
                }
                let d = data[i].0;
                let (reach, gap) = if weak[i] { (6, 3) } else { (40, 30) };
                // A weak word chains only to a strong neighbour: a list of generic words
                // (`发布视频、关注、分享、点赞`) is a feature list, not data.
                let neighbour = chosen.iter().filter(|&&c| !weak[i] || !weak[c]).any(|&c| {
                    let o = data[c].0;
                    (d.start >= o.end
                        && d.start - o.end <= gap
                        && !has_sentence_end(chars, o.end, d.start))
                        || (weak[i] && o.start >= d.end && o.start - d.end <= 3)
                });
                let disposed = actions.iter().any(|(_, a)| in_disposal(chars, d, *a));
                if near_action(d, reach) || neighbour || disposed {
                    chosen.push(i);
                }
            }
        }
        chosen.sort_by_key(|&i| data[i].0.start);
        let mut data_spans: Vec<(Hit, Option<String>)> = chosen
            .iter()
            .map(|&i| {
                (
                    data[i].0,
                    data[i]
                        .1
                        .map(|t| ex.lexicon.data_types()[t].canonical.clone()),
                )
            })
            .collect();
        data_spans.extend(enumeration_members(chars, &data_spans, &actions));
        data_spans.sort_by_key(|(h, _)| (h.start, h.end));
        data_spans.dedup_by_key(|(h, _)| (h.start, h.end));
        // Drop spans nested inside another chosen span (a longer phrase already covers them).
        let covered: Vec<bool> = data_spans
            .iter()
            .map(|(h, _)| {
                data_spans.iter().any(|(o, _)| {
                    o.start <= h.start && h.end <= o.end && (o.end - o.start) > (h.end - h.start)
                })
            })
            .collect();
        let data_spans: Vec<(Hit, Option<String>)> = data_spans
            .into_iter()
            .zip(covered)
            .filter(|(_, c)| !c)
            .map(|(d, _)| d)
            .collect();

        let push = |out: &mut ClauseExtraction, label: Label, hit: Hit, ty: Option<String>| {
            out.spans.push((label, hit, ty));
            out.spans.len() - 1
        };
        let data_idx: Vec<usize> = data_spans
            .iter()
            .map(|(h, t)| push(&mut out, Label::Data, *h, t.clone()))
            .collect();

        // Subjects: whose data, right before a data item.
        for (h, _) in &data_spans {
            for who in ["其他用户", "未成年人", "儿童", "您"] {
                let n = who.chars().count();
                for gap in [0usize, 1] {
                    if h.start >= n + gap
                        && starts_with_at(chars, h.start - n - gap, who)
                        && (gap == 0 || chars[h.start - 1] == '的')
                    {
                        let s = h.start - n - gap;
                        if !out
                            .spans
                            .iter()
                            .any(|(l, x, _)| *l == Label::Subject && x.start == s)
                        {
                            push(
                                &mut out,
                                Label::Subject,
                                Hit {
                                    start: s,
                                    end: s + n,
                                },
                                None,
                            );
                        }
                    }
                }
            }
        }

        let conditions = condition_hits(chars);
        // A purpose phrase inside a condition (`当我们为您提供认证服务，以便…时`) belongs to the
        // condition: it says when, not why.
        let purposes: Vec<Hit> = purpose_hits(chars)
            .into_iter()
            .filter(|p| {
                !conditions
                    .iter()
                    .any(|c| c.start <= p.start && p.end <= c.end + 1)
            })
            .collect();
        let purpose_idx: Vec<usize> = purposes
            .iter()
            .map(|h| push(&mut out, Label::Purpose, *h, None))
            .collect();
        let condition_idx: Vec<usize> = conditions
            .iter()
            .map(|h| push(&mut out, Label::Condition, *h, None))
            .collect();

        for (label, a) in &actions {
            // The span is the verb itself: `会收集` → `收集`, `向我们提供` → `提供`.
            let mut verb = *a;
            if let Some(prefix) = Rules::get()
                .list("verb_prefix")
                .iter()
                .find(|p| starts_with_at(chars, verb.start, p))
            {
                let n = prefix.chars().count();
                if verb.end - verb.start >= n + 2 {
                    verb.start += n;
                }
            }
            let action_idx = push(&mut out, *label, verb, None);
            let _ = action_idx;
            // The actor: the nearest handler before the verb in its clause, not a recipient.
            let (clause_start, clause_end) = clause_bounds(chars, a.start);
            let handler = handlers
                .iter()
                .filter(|h| {
                    h.end <= a.start
                        && h.start >= clause_start.saturating_sub(0)
                        && a.start - h.end <= 16
                })
                .filter(|h| {
                    let before = h.start.checked_sub(1).map(|i| chars[i]);
                    !matches!(
                        before,
                        Some('向' | '给' | '与' | '和' | '及' | '或' | '助' | '为' | '对')
                    )
                })
                .max_by_key(|h| h.end)
                .copied();
            let handler = handler.map(|h| {
                out.spans
                    .iter()
                    .position(|(l, x, _)| {
                        *l == Label::Handler && x.start == h.start && x.end == h.end
                    })
                    .unwrap_or_else(|| push(&mut out, Label::Handler, h, None))
            });
            // A receiver: a party right after a share verb (`共享给第三方`).
            let receiver = (*label == Label::Share)
                .then(|| {
                    handlers
                        .iter()
                        .find(|h| {
                            h.start >= a.end
                                && h.start - a.end <= 6
                                && h.end <= clause_end.max(h.end)
                        })
                        // `将X与Y共享` / `向Y提供X`: the receiver stands before the verb.
                        .copied()
                        .or_else(|| {
                            handlers.iter().rev().find_map(|h| {
                                if h.end > a.start || a.start - h.end > 8 {
                                    return None;
                                }
                                // The receiver's name runs from right after `与`/`向`/`给`.
                                let lead = (h.start.saturating_sub(6)..h.start)
                                    .rev()
                                    .find(|&k| "与向给".contains(chars[k]))?;
                                (!has_boundary(chars, lead, h.end)).then_some(Hit {
                                    start: lead + 1,
                                    end: h.end,
                                })
                            })
                        })
                })
                .flatten()
                .map(|h| {
                    out.spans
                        .iter()
                        .position(|(l, x, _)| *l == Label::Handler && x.start == h.start)
                        .unwrap_or_else(|| push(&mut out, Label::Handler, h, None))
                });
            let nearest = |idx: &[usize], hits: &[Hit]| -> Option<usize> {
                idx.iter()
                    .zip(hits)
                    .min_by_key(|(_, h)| h.start.abs_diff(a.start))
                    .map(|(i, _)| *i)
            };
            out.practices.push(ClausePractice {
                action: *label,
                handler,
                data: data_idx
                    .iter()
                    .zip(&data_spans)
                    .filter(|(_, (h, _))| h.start >= a.end)
                    .map(|(i, _)| *i)
                    .collect(),
                purpose: nearest(&purpose_idx, &purposes),
                condition: nearest(&condition_idx, &conditions),
                receiver,
            });
        }
        // A practice with no data of its own (data before the verb) keeps all the clause's data.
        for p in &mut out.practices {
            if p.data.is_empty() {
                p.data = data_idx.clone();
            }
        }
        out
    }
}

pub(super) fn has_boundary(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to].iter().any(|c| CLAUSE_END.contains(c))
}

pub(super) fn has_sentence_end(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to].iter().any(|c| SENTENCE_END.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trimmed(text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        trim_span(&chars, 0, chars.len()).map(|h| chars[h.start..h.end].iter().collect())
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

    #[test]
    fn a_span_does_not_end_with_the_verb_after_it() {
        assert_eq!(
            trimmed("位置服务提供商进行").as_deref(),
            Some("位置服务提供商")
        );
        assert_eq!(trimmed("（合作伙伴进行，").as_deref(), Some("合作伙伴"));
        // Nothing but the verb is left as it is.
        assert_eq!(trimmed("进行").as_deref(), Some("进行"));
    }
}
