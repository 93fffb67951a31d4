use super::*;

impl Extractor {
    /// The extractor over the builtin lexicon, built once.
    pub fn builtin() -> &'static Extractor {
        static BUILTIN: OnceLock<Extractor> = OnceLock::new();
        BUILTIN.get_or_init(|| Extractor::new(Lexicon::builtin().clone()))
    }

    /// An extractor over `lexicon` (e.g. one extended with a user file).
    pub fn new(lexicon: Lexicon) -> Extractor {
        let mut patterns: Vec<String> = Vec::new();
        let mut cue_kinds = Vec::new();
        // Patterns and texts are matched in ASCII lower case (`cue_hits`); a phrase listed
        // twice keeps its first kind.
        let mut add = |phrase: &str, kind: Cue| {
            let key = crate::normalize::normalize(phrase).to_ascii_lowercase();
            if !key.is_empty() && !patterns.contains(&key) {
                patterns.push(key);
                cue_kinds.push(kind);
            }
        };
        for (label, kind) in [
            ("collect", Cue::Collect),
            ("share", Cue::Share),
            ("negation", Cue::Negation),
            ("handler", Cue::Handler),
            ("subject", Cue::Subject),
        ] {
            for phrase in lexicon.cues(label) {
                add(phrase, kind);
            }
        }
        for sdk in lexicon.sdks() {
            for name in std::iter::once(&sdk.name).chain(sdk.synonyms.iter()) {
                add(name, Cue::Handler);
            }
        }
        let cues = (!patterns.is_empty()).then(|| {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(DaachorseMatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("cue automaton (phrases are distinct and not empty)")
        });
        Extractor {
            lexicon,
            cues,
            cue_kinds,
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Extract every practice of `policy`: the trained labeller ([`crate::labeller`]) tags each
    /// clause; practices are assembled from its spans, and negation cues before an action make the
    /// practice [`Modality::Negated`].
    pub fn extract(&self, policy: &Policy) -> Extraction {
        self.extract_with(policy, true)
    }

    /// [`Extractor::extract`] without [`Extraction::mentions`]: what indexing needs. A long
    /// policy's mentions are tens of megabytes an import would hold for nothing.
    pub fn extract_practices(&self, policy: &Policy) -> Extraction {
        self.extract_with(policy, false)
    }

    pub(super) fn extract_with(&self, policy: &Policy, mentions: bool) -> Extraction {
        let mut out = Extraction::default();
        let mut features = crate::labeller::Features::default();
        let mut stacked = crate::labeller::Features::default();
        let mut section_of_block: std::collections::HashMap<usize, u16> = Default::default();
        // What each paragraph is about: practices are labelled only where the topic is a
        // practice (collection, sharing, what the user provides, children).
        // (Classified when a clause of the block first asks: headings and blocks without
        // clauses never need it.)
        let topic_model = crate::topics::TopicModel::builtin();
        let mut topics: Vec<Option<usize>> = vec![None; policy.blocks.len()];
        for clause in self.clause_views(policy) {
            let data = self.data_hits_of(&clause);
            for (hit, ty) in data.iter().filter(|_| mentions) {
                out.mentions.push(Extracted {
                    label: Label::Data,
                    span: clause.view.to_original(hit.start, hit.end),
                    data_type: ty.map(|i| self.lexicon.data_types()[i].canonical.clone()),
                    data_types: ty
                        .map(|i| vec![self.lexicon.data_types()[i].canonical.clone()])
                        .unwrap_or_default(),
                    purposes: vec![],
                    by: FoundBy::Lexicon,
                    items: vec![],
                });
            }
            let block = policy.sentences[clause.sentence].block;
            if policy.blocks[block].is_heading() {
                continue;
            }
            let topic =
                *topics[block].get_or_insert_with(|| topic_model.classify_block(policy, block));
            if !crate::topics::is_practice_topic(topic) {
                continue;
            }
            let section = *section_of_block
                .entry(block)
                .or_insert_with(|| section_marks(&policy.blocks[block].section));
            let input = self.labeller_input(&clause, &data, section);
            // A clause with no cue of a practice at all (no data word, verb, party or purpose
            // marker) has nothing for the labeller to find: skip it.
            if !input.marks.iter().any(|&m| m & PRACTICE_CUES != 0) {
                continue;
            }
            let labeller_clause = input.clause(&clause.chars);
            crate::labeller::features(&labeller_clause, &mut features);
            let tags = crate::labeller::tag_clause(&labeller_clause, &features, &mut stacked);
            let spans: Vec<(Label, Hit)> = crate::labeller::spans_of(&tags)
                .into_iter()
                .filter_map(|(label, s, e)| Some((label, trim_span(&clause.chars, s, e)?)))
                .collect();
            if spans.is_empty() {
                continue;
            }
            self.assemble(&mut out, &clause, &input.marks, &spans);
        }
        sort_spans(&mut out);
        out.spans.shrink_to_fit();
        out.practices.shrink_to_fit();
        out.mentions.shrink_to_fit();
        out
    }

    /// Add a clause's labelled spans to `out` and group them into practices: each collect or
    /// share verb with the data, handler, purpose and condition nearest to it in the sentence.
    pub(super) fn assemble(
        &self,
        out: &mut Extraction,
        clause: &ClauseView,
        marks: &[u16],
        spans: &[(Label, Hit)],
    ) {
        use crate::labeller::mark;
        let chars = &clause.chars;
        let base = out.spans.len();
        for (label, hit) in spans {
            let text: String = chars[hit.start..hit.end].iter().collect();
            let (data_types, purposes) = match label {
                Label::Data => (self.data_types_in(&text), vec![]),
                Label::Purpose => (vec![], self.purposes_of(&text)),
                _ => (vec![], vec![]),
            };
            let items = if *label == Label::Data {
                list_items(chars, *hit)
                    .into_iter()
                    .map(|h| clause.view.to_original(h.start, h.end))
                    .collect()
            } else {
                vec![]
            };
            out.spans.push(Extracted {
                label: *label,
                span: clause.view.to_original(hit.start, hit.end),
                data_type: data_types.first().cloned(),
                data_types,
                purposes,
                by: FoundBy::Model,
                items,
            });
        }
        let actions: Vec<usize> = (0..spans.len())
            .filter(|&i| matches!(spans[i].0, Label::Collect | Label::Share))
            .collect();
        if actions.is_empty() {
            return;
        }
        // Each data span goes to the action it is nearest to, preferring one before it (the
        // verb usually precedes its object: `收集您的手机号码`).
        let distance = |a: Hit, d: Hit| -> usize {
            if a.end <= d.start {
                d.start - a.end
            } else if d.end <= a.start {
                // Object before the verb (`手机号码将被收集`, `将X提供给`): allowed, at a cost.
                (a.start - d.end) * 2 + 4
            } else {
                0
            }
        };
        let nearest = |i: usize, of: &[usize]| -> Option<usize> {
            of.iter()
                .copied()
                .min_by_key(|&a| distance(spans[a].1, spans[i].1))
        };
        let mut data_of: Vec<Vec<usize>> = vec![Vec::new(); actions.len()];
        for (i, (label, _)) in spans.iter().enumerate() {
            if *label == Label::Data {
                if let Some(a) = nearest(i, &actions) {
                    let k = actions.iter().position(|&x| x == a).unwrap();
                    data_of[k].push(base + i);
                }
            }
        }
        let of_label = |label: Label| -> Vec<usize> {
            (0..spans.len()).filter(|&i| spans[i].0 == label).collect()
        };
        let handlers = of_label(Label::Handler);
        // CA4P's `subject` marks the party data goes to (`与[合作伙伴]共享`, `向[我们]提供`).
        let recipients = of_label(Label::Subject);
        let purposes = of_label(Label::Purpose);
        let conditions = of_label(Label::Condition);
        // Where a definition opens (`个人信息是指以电子或者其他方式记录的…信息，包括…面部识别
        // 特征`): a verb after it is part of what is defined, not a practice.
        let defines_from = DEFINITION_WORDS
            .iter()
            .filter_map(|w| {
                let w: Vec<char> = w.chars().collect();
                chars.windows(w.len()).position(|x| x == w.as_slice())
            })
            .min();
        for (k, &a) in actions.iter().enumerate() {
            let verb = spans[a].1;
            if defines_from.is_some_and(|at| at < verb.start) {
                continue;
            }
            // The actor: the nearest handler before the verb that is not a recipient (`向我们`).
            let is_recipient = |h: Hit| {
                h.start
                    .checked_sub(1)
                    .is_some_and(|i| matches!(chars[i], '向' | '给' | '与' | '和' | '及' | '至'))
            };
            let handler = handlers
                .iter()
                .copied()
                .filter(|&h| spans[h].1.end <= verb.start && !is_recipient(spans[h].1))
                .max_by_key(|&h| spans[h].1.end)
                .map(|h| base + h);
            let receiver = (spans[a].0 == Label::Share)
                .then(|| {
                    let near = |h: usize| {
                        let d = spans[h].1;
                        if d.end <= verb.start {
                            verb.start - d.end
                        } else {
                            d.start.saturating_sub(verb.end)
                        }
                    };
                    recipients
                        .iter()
                        .copied()
                        .filter(|&h| near(h) <= 30)
                        .min_by_key(|&h| near(h))
                        .or_else(|| {
                            handlers
                                .iter()
                                .copied()
                                .filter(|&h| {
                                    spans[h].1.start >= verb.end || is_recipient(spans[h].1)
                                })
                                .min_by_key(|&h| distance(verb, spans[h].1))
                        })
                })
                .flatten()
                .map(|h| base + h);
            let purpose = purposes
                .iter()
                .copied()
                .min_by_key(|&p| distance(verb, spans[p].1).min(distance(spans[p].1, verb)))
                .map(|p| base + p);
            let condition = conditions
                .iter()
                .copied()
                .min_by_key(|&c| distance(spans[c].1, verb))
                .map(|c| base + c);
            // Negated: a negation cue shortly before the verb, in the same clause part
            // (`不会收集`, `并不收集`, `无需获取`, `不会将您的位置信息…提供给`).
            let negated_before = |at: usize| {
                (at.saturating_sub(12)..at)
                    .any(|i| marks[i] & mark::NEGATION != 0 && !has_boundary(chars, i, at))
            };
            // A long receiver between the cue and the verb (`我们不会与淘宝网服务提供者以外的
            // 公司、组织和个人共享`): the cue stands before the receiver instead.
            let receiver_before_verb = receiver.map(|r| spans[r - base].1).filter(|r| {
                r.end <= verb.start
                    && verb.start - r.end <= 8
                    && !has_boundary(chars, r.end, verb.start)
            });
            let negated = negated_before(verb.start)
                || receiver_before_verb.is_some_and(|r| negated_before(r.start))
                || chars[verb.start..verb.end].contains(&'不');
            // The user giving data to the operator (`您需要向我们提供…`, `您可以填写…`) is the
            // operator collecting it, though the words are those of giving.
            let user_gives = |h: Option<usize>| {
                h.is_some_and(|h| {
                    let t: String = chars[spans[h - base].1.start..spans[h - base].1.end]
                        .iter()
                        .collect();
                    matches!(t.as_str(), "您" | "你" | "用户" | "您本人" | "用户本人")
                })
            };
            let to_operator = |r: Option<usize>| {
                r.is_none_or(|r| {
                    let t: String = chars[spans[r - base].1.start..spans[r - base].1.end]
                        .iter()
                        .collect();
                    matches!(t.as_str(), "我们" | "我方" | "本平台" | "平台" | "本公司")
                })
            };
            let before: String = chars[verb.start.saturating_sub(5)..verb.start]
                .iter()
                .collect();
            let to_us = (receiver.is_some() && to_operator(receiver))
                || [
                    "向我们",
                    "给我们",
                    "向我方",
                    "向本公司",
                    "向本平台",
                    "向平台",
                ]
                .iter()
                .any(|w| before.ends_with(w));
            // A party named before the user who gives (`我们或第三方认证机构需要您提供…`) is
            // the one asking for the data: it collects it.
            let asked_by_receiver = receiver
                .zip(handler)
                .is_some_and(|(r, h)| spans[r - base].1.end <= spans[h - base].1.start);
            // A party named only in a later clause part (`您需要提供…，并授权我们通过第三方
            // 实名认证服务商进行核验`) is not whom the user gives the data to: the operator is.
            let receiver_elsewhere = receiver.is_some_and(|r| {
                let r = spans[r - base].1;
                r.start >= verb.end && has_boundary(chars, verb.end, r.start)
            });
            let action = if spans[a].0 == Label::Share
                && ((user_gives(handler)
                    && (to_operator(receiver) || asked_by_receiver || receiver_elsewhere))
                    || to_us)
            {
                Label::Collect
            } else {
                spans[a].0
            };
            out.practices.push(Practice {
                sentence: clause.sentence,
                action,
                handler,
                data: std::mem::take(&mut data_of[k]),
                purpose,
                condition,
                receiver,
                modality: if negated {
                    Modality::Negated
                } else if condition.is_some() {
                    Modality::Conditional
                } else {
                    Modality::Affirmed
                },
            });
        }
    }

    /// Lexicon data matches in a clause.
    ///
    /// A lexicon word counts only where jieba agrees it is a word: it starts and ends on word
    /// boundaries (`通信地址` is not in `MAC信息地址`, `硬件配置` not in `保存和处理`). Entries of
    /// four chars or more are specific enough to stand on their own.
    pub(crate) fn data_hits_of(&self, clause: &ClauseView) -> Vec<(Hit, Option<usize>)> {
        let mut hits = self.data_hits(&clause.view.text, &clause.chars);
        hits.retain(|(h, ty)| {
            let matched = ty.map_or(0, |_| h.end - h.start);
            matched >= 4 || clause.on_word_boundaries(h.start, h.end)
        });
        hits
    }

    /// The data types a data phrase names, in order, once each.
    pub(super) fn data_types_in(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.lexicon.find_data(text) {
            let t = &self.lexicon.data_types()[m.type_index].canonical;
            if !out.contains(t) {
                out.push(t.clone());
            }
        }
        out
    }

    /// The canonical purposes a purpose phrase maps onto, in order, once each.
    pub(super) fn purposes_of(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.lexicon.find_purposes(text) {
            let p = &self.lexicon.purposes()[m.purpose_index].canonical;
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }

    /// Every sentence of `policy` in its reading view, one at a time as it is asked for: a long
    /// policy's views never all exist at once (a view of the whole text costs 11 bytes a char,
    /// most of a 30 MB file's extraction peak otherwise).
    pub(crate) fn clause_views<'p>(
        &self,
        policy: &'p Policy,
    ) -> impl Iterator<Item = ClauseView> + 'p {
        let jieba = std::rc::Rc::new(crate::analyzer::jieba_for_document(
            policy.text.len(),
            || policy.reading_view(Span::new(0, policy.char_len())).text,
        ));
        policy
            .sentences
            .iter()
            .enumerate()
            .map(move |(si, sentence)| {
                let view = policy.reading_view(sentence.span);
                ClauseView {
                    sentence: si,
                    chars: view.text.chars().collect(),
                    view,
                    jieba: jieba.clone(),
                    words: std::cell::OnceCell::new(),
                }
            })
    }

    /// What the labeller reads of a clause besides its chars: jieba's words, the lexicon's and
    /// cue lists' marks, and what its section is about.
    pub(crate) fn labeller_input(
        &self,
        clause: &ClauseView,
        data: &[(Hit, Option<usize>)],
        section: u16,
    ) -> LabellerInput {
        use crate::labeller::mark;
        let chars = &clause.chars;
        let text = &clause.view.text;
        let n = chars.len();
        let (word_start, word_end) = clause.words().clone();
        let mut marks = vec![0u16; n];
        for (hit, _) in data {
            marks[hit.start] |= mark::DATA_BEGIN;
            for m in &mut marks[hit.start + 1..hit.end] {
                *m |= mark::DATA_INSIDE;
            }
        }
        let mut chars_of_byte = vec![0usize; text.len() + 1];
        for (ci, (b, c)) in text.char_indices().enumerate() {
            chars_of_byte[b..b + c.len_utf8()].fill(ci);
        }
        chars_of_byte[text.len()] = n;
        for (cue, hit) in self.cue_hits(text, &chars_of_byte) {
            let bit = match cue {
                Cue::Collect => mark::COLLECT,
                Cue::Share => mark::SHARE,
                Cue::Negation => mark::NEGATION,
                Cue::Handler => mark::HANDLER,
                Cue::Subject => mark::SUBJECT,
            };
            for m in &mut marks[hit.start..hit.end] {
                *m |= bit;
            }
        }
        for m in self.lexicon.find_purposes(text) {
            for x in &mut marks[m.start..m.end] {
                *x |= mark::PURPOSE;
            }
        }
        for m in self.lexicon.find_sdks(text) {
            for x in &mut marks[m.start..m.end] {
                *x |= mark::SDK;
            }
        }
        let purpose_markers = Rules::get().list("purpose_marker");
        for i in 0..n {
            if let Some(w) = purpose_markers.iter().find(|w| starts_with_at(chars, i, w)) {
                let len = w.chars().count();
                for x in &mut marks[i..i + len] {
                    *x |= mark::PURPOSE_MARKER;
                }
            }
        }
        LabellerInput {
            word_start,
            word_end,
            marks,
            section,
        }
    }

    /// Extract every practice of `policy` with the hand-written rules alone (the extractor
    /// before the trained model; kept to compare against, `policylens eval --rules`).
    pub fn extract_by_rules(&self, policy: &Policy) -> Extraction {
        let mut out = Extraction::default();
        // Blocks share their section titles: judge each title once.
        let mut title_excluded: std::collections::HashMap<&str, bool> = Default::default();
        let excluded_blocks: Vec<bool> = policy
            .blocks
            .iter()
            .map(|b| {
                b.is_heading()
                    || b.section.iter().any(|title| {
                        *title_excluded
                            .entry(title.as_str())
                            .or_insert_with(|| non_practice_section(title))
                    })
            })
            .collect();
        let full = policy.reading_view(Span::new(0, policy.char_len()));
        let full_chars: Vec<char> = full.text.chars().collect();
        for (si, sentence) in policy.sentences.iter().enumerate() {
            // The sentence's part of the whole reading view (built once: per-sentence views
            // would rescan the text from its start for every sentence).
            let from = full.origin.partition_point(|&o| o < sentence.span.start);
            let to = full.origin.partition_point(|&o| o < sentence.span.end);
            let chars: Vec<char> = full_chars[from..to].to_vec();
            let text: String = chars.iter().collect();
            let view = ReadingView {
                text,
                origin: full.origin[from..to].to_vec(),
                end: sentence.span.end,
            };
            let data = self.data_hits(&view.text, &chars);
            for (hit, ty) in &data {
                out.mentions.push(Extracted {
                    label: Label::Data,
                    span: view.to_original(hit.start, hit.end),
                    data_type: ty.map(|i| self.lexicon.data_types()[i].canonical.clone()),
                    data_types: ty
                        .map(|i| vec![self.lexicon.data_types()[i].canonical.clone()])
                        .unwrap_or_default(),
                    purposes: vec![],
                    by: FoundBy::Lexicon,
                    items: vec![],
                });
            }
            if excluded_blocks[sentence.block] || data.is_empty() {
                continue;
            }
            let clause = ClauseExtraction::run(self, &view.text, &chars, &data);
            let base = out.spans.len();
            for (label, hit, data_type) in &clause.spans {
                let purposes = if *label == Label::Purpose {
                    let text: String = chars[hit.start..hit.end].iter().collect();
                    self.purposes_of(&text)
                } else {
                    vec![]
                };
                out.spans.push(Extracted {
                    label: *label,
                    span: view.to_original(hit.start, hit.end),
                    data_type: data_type.clone(),
                    data_types: data_type.iter().cloned().collect(),
                    purposes,
                    by: FoundBy::Rules,
                    items: vec![],
                });
            }
            for p in clause.practices {
                out.practices.push(Practice {
                    sentence: si,
                    action: p.action,
                    handler: p.handler.map(|i| base + i),
                    data: p.data.iter().map(|i| base + i).collect(),
                    purpose: p.purpose.map(|i| base + i),
                    condition: p.condition.map(|i| base + i),
                    receiver: p.receiver.map(|i| base + i),
                    modality: if p.condition.is_some() {
                        Modality::Conditional
                    } else {
                        Modality::Affirmed
                    },
                });
            }
        }
        sort_spans(&mut out);
        out
    }
}

/// Marks that a clause stating a practice has at least one of.
pub(super) const PRACTICE_CUES: u16 = crate::labeller::mark::DATA_BEGIN
    | crate::labeller::mark::COLLECT
    | crate::labeller::mark::SHARE
    | crate::labeller::mark::HANDLER
    | crate::labeller::mark::SUBJECT
    | crate::labeller::mark::PURPOSE_MARKER
    | crate::labeller::mark::SDK;

/// One sentence in its reading view: normalized chars and where each comes from.
pub(crate) struct ClauseView {
    /// Index into `Policy::sentences`.
    pub sentence: usize,
    pub view: ReadingView,
    pub chars: Vec<char>,
    /// jieba's words, cut when first asked for ([`ClauseView::words`]): most clauses of a
    /// policy are neither tagged nor hold a short lexicon match, and cutting is a good part of
    /// an import's time.
    pub(super) words: std::cell::OnceCell<(Vec<u32>, Vec<u32>)>,
    /// What cuts them: one per policy ([`crate::analyzer::jieba_for_document`]).
    pub(super) jieba: std::rc::Rc<crate::analyzer::DocumentJieba>,
}

impl ClauseView {
    /// jieba's words: `word_start[i]..word_end[i]` is the word holding char `i`.
    pub fn words(&self) -> &(Vec<u32>, Vec<u32>) {
        self.words.get_or_init(|| {
            let n = self.chars.len();
            let mut word_start = vec![0u32; n];
            let mut word_end = vec![0u32; n];
            for word in self.jieba.cut(&self.view.text, false) {
                let (s, e) = (word.start.min(n), word.end.min(n));
                for i in s..e {
                    word_start[i] = s as u32;
                    word_end[i] = e as u32;
                }
            }
            (word_start, word_end)
        })
    }

    /// Whether chars `start..end` begin and end on jieba word boundaries.
    pub(super) fn on_word_boundaries(&self, start: usize, end: usize) -> bool {
        let n = self.chars.len();
        let (word_start, _) = self.words();
        start < n
            && word_start[start] as usize == start
            && (end >= n || word_start[end] as usize == end)
    }
}

impl Extractor {
    /// Lexicon data matches in a sentence view, extended over a trailing `信息`/`权限`/`记录`.
    pub(super) fn data_hits(&self, text: &str, chars: &[char]) -> Vec<(Hit, Option<usize>)> {
        self.lexicon
            .find_data(text)
            .into_iter()
            .map(|m| {
                let mut end = m.end;
                const SUFFIXES: [&[char]; 5] = [
                    &['相', '关', '信', '息'],
                    &['信', '息'],
                    &['权', '限'],
                    &['记', '录'],
                    &['数', '据'],
                ];
                if let Some(s) = SUFFIXES
                    .iter()
                    .find(|s| chars.get(end..end + s.len()) == Some(s))
                {
                    end += s.len();
                }
                (
                    Hit {
                        start: m.start,
                        end,
                    },
                    Some(m.type_index),
                )
            })
            .collect()
    }

    pub(super) fn cue_hits(&self, text: &str, chars_of_byte: &[usize]) -> Vec<(Cue, Hit)> {
        let Some(cues) = &self.cues else {
            return Vec::new();
        };
        // Lower case keeps every byte offset.
        cues.leftmost_find_iter(&text.to_ascii_lowercase())
            .map(|m| {
                (
                    self.cue_kinds[m.value() as usize],
                    Hit {
                        start: chars_of_byte[m.start()],
                        end: chars_of_byte[m.end()],
                    },
                )
            })
            .collect()
    }
}
