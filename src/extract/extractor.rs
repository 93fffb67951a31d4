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
        let cache = ClauseCache::new(POLICY_CACHE_BYTES);
        let threads = parallel::threads_for(policy);
        if threads > 1 {
            return parallel::extract_in_parallel(self, policy, mentions, &cache, threads);
        }
        self.extract_cached(policy, mentions, &cache)
    }

    /// [`Extractor::extract`] (or, without `mentions`, [`Extractor::extract_practices`]) on this
    /// thread alone, taking what `cache` knows of a clause text instead of reading it again and
    /// keeping there what it reads. An import's workers share one cache.
    pub(crate) fn extract_cached(
        &self,
        policy: &Policy,
        mentions: bool,
        cache: &ClauseCache,
    ) -> Extraction {
        let jieba = std::sync::Arc::new(self.document_jieba(policy));
        let mut out = Extraction::default();
        self.extract_sentences(
            policy,
            0..policy.sentences.len(),
            jieba,
            mentions,
            cache,
            &mut out,
        );
        finish(policy, &mut out);
        out
    }

    /// The jieba that cuts `policy`'s clauses ([`crate::analyzer::jieba_for_document`]).
    pub(super) fn document_jieba(&self, policy: &Policy) -> crate::analyzer::DocumentJieba {
        crate::analyzer::jieba_for_document(policy.text.len(), || {
            policy.reading_view(Span::new(0, policy.char_len())).text
        })
    }

    /// Add what sentences `range` of `policy` hold to `out`, in order: their data mentions (if
    /// `mentions`), spans and practices (the spans' indices are into `out.spans`, unsorted).
    pub(super) fn extract_sentences(
        &self,
        policy: &Policy,
        range: std::ops::Range<usize>,
        jieba: std::sync::Arc<crate::analyzer::DocumentJieba>,
        mentions: bool,
        cache: &ClauseCache,
        out: &mut Extraction,
    ) {
        let mut scratch = TagScratch::default();
        let app: Option<Vec<char>> = policy
            .app
            .as_deref()
            .map(|a| a.chars().collect::<Vec<char>>())
            .filter(|a| a.len() >= 3);
        let mut section_of_block: std::collections::HashMap<usize, u16> = Default::default();
        // What each paragraph is about: practices are labelled only where the topic is a
        // practice (collection, sharing, what the user provides, children).
        // (Classified when a clause of the block first asks: headings and blocks without
        // clauses never need it.)
        let topic_model = crate::topics::TopicModel::builtin();
        let mut topics: std::collections::HashMap<usize, usize> = Default::default();
        for clause in self.clause_views_in(policy, range, jieba) {
            let block = policy.sentences[clause.sentence].block;
            // The section marks the labeller reads the clause with, if it is read at all.
            let section = if policy.blocks[block].is_heading() {
                None
            } else {
                let topic = *topics
                    .entry(block)
                    .or_insert_with(|| topic_model.classify_block(policy, block));
                crate::topics::is_practice_topic(topic).then(|| {
                    *section_of_block
                        .entry(block)
                        .or_insert_with(|| section_marks(&policy.blocks[block].section))
                })
            };
            let known = cache.get(&clause.view.text);
            let result = match known {
                Some(r) if section.is_none_or(|s| r.tagged_under(s).is_some()) => r,
                known => {
                    let mut result = match known {
                        Some(r) => ClauseResult::clone(&r),
                        None => ClauseResult {
                            data: self.data_hits_of(&clause),
                            tagged: vec![],
                        },
                    };
                    if let Some(s) = section {
                        let tagged = self.tag(&clause, &result.data, s, &mut scratch);
                        result.tagged.push((s, tagged.map(std::sync::Arc::new)));
                    }
                    let result = std::sync::Arc::new(result);
                    cache.put(&clause.view.text, result.clone());
                    result
                }
            };
            // (A data word inside the app's name is no mention of the data: 腾讯日历's name is
            // no 日历信息, 「…在各服务提供方之间共享」 in a clause naming it passed 日历 on.)
            let in_app_name = if mentions {
                app_name_spans(&clause.chars, app.as_deref())
            } else {
                Vec::new()
            };
            for (hit, ty) in result.data.iter().filter(|_| mentions) {
                if in_app_name
                    .iter()
                    .any(|&(s, e)| s <= hit.start && hit.end <= e)
                    || names_a_place_of_storage(&clause.chars, hit.start, hit.end)
                {
                    continue;
                }
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
            if let Some(Some(tagged)) = section.and_then(|s| result.tagged_under(s)) {
                self.assemble(out, &clause, &tagged.marks, &tagged.spans);
            }
        }
    }

    /// What the labeller finds in a clause read under section marks `section`: `None` when the
    /// clause has no cue of a practice at all (no data word, verb, party or purpose marker),
    /// and so nothing for the labeller to find, or when it tags nothing.
    fn tag(
        &self,
        clause: &ClauseView,
        data: &[(Hit, Option<usize>)],
        section: u16,
        scratch: &mut TagScratch,
    ) -> Option<Tagged> {
        let input = self.labeller_input(clause, data, section);
        if !input.marks.iter().any(|&m| m & PRACTICE_CUES != 0) {
            return None;
        }
        let labeller_clause = input.clause(&clause.chars);
        crate::labeller::features(&labeller_clause, &mut scratch.features);
        let tags =
            crate::labeller::tag_clause(&labeller_clause, &scratch.features, &mut scratch.stacked);
        let mut spans: Vec<(Label, Hit)> = crate::labeller::spans_of(&tags)
            .into_iter()
            .filter_map(|(label, s, e)| Some((label, trim_span(&clause.chars, s, e)?)))
            .collect();
        widen_to_latin_words(&clause.chars, &mut spans);
        widen_to_word_starts(&clause.words().0, &mut spans);
        objects_of_verbs(&clause.chars, data, &mut spans);
        spans.retain(|(label, h)| *label != Label::Data || !names_features(&clause.chars, *h));
        if spans.is_empty() {
            return None;
        }
        Some(Tagged {
            marks: input.marks,
            spans,
        })
    }

    /// Add a clause's labelled spans to `out`, with their data types, purposes and list items,
    /// and their practices ([`practice::practices`]).
    pub(super) fn assemble(
        &self,
        out: &mut Extraction,
        clause: &ClauseView,
        marks: &[u16],
        spans: &[(Label, Hit)],
    ) {
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
        let clause_spans = practice::TaggedClause {
            chars,
            marks,
            spans,
        };
        out.practices
            .extend(practice::practices(clause_spans, clause.sentence, base));
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
            (matched >= 4 || clause.on_word_boundaries(h.start, h.end))
                && !names_a_court_or_an_exam_after(&clause.chars, h.end)
                && !negated_by_fei(&clause.chars, h.start)
                && !a_notification_style(&clause.chars, *h)
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
        let jieba = std::sync::Arc::new(self.document_jieba(policy));
        self.clause_views_in(policy, 0..policy.sentences.len(), jieba)
    }

    /// Sentences `range` of `policy` in their reading views (as [`Extractor::clause_views`]),
    /// cut by `jieba`.
    pub(super) fn clause_views_in<'p>(
        &self,
        policy: &'p Policy,
        range: std::ops::Range<usize>,
        jieba: std::sync::Arc<crate::analyzer::DocumentJieba>,
    ) -> impl Iterator<Item = ClauseView> + 'p {
        policy.sentences[range.clone()]
            .iter()
            .zip(range)
            .map(move |(sentence, si)| {
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
        // (Most chars start no marker: their first char is compared before the rest.)
        let purpose_markers = &WordLists::get().purpose_markers;
        for i in 0..n {
            let found = purpose_markers
                .iter()
                .find(|w| w.first() == Some(&chars[i]) && chars[i..].starts_with(w));
            if let Some(w) = found {
                for x in &mut marks[i..i + w.len()] {
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
}

/// How much a policy's own [`ClauseCache`] holds at most: its repeated clauses (a policy for
/// several apps of one maker, an annex restating the text) are read once.
pub(super) const POLICY_CACHE_BYTES: usize = 16 << 20;

/// The labeller's feature buffers, kept between the clauses one thread tags.
#[derive(Default)]
struct TagScratch {
    features: crate::labeller::Features,
    stacked: crate::labeller::Features,
}

/// Read the practices once more against the whole policy ([`practice::given_to_the_app`]), sort
/// the extraction's spans and release the room its vectors grew.
pub(super) fn finish(policy: &Policy, out: &mut Extraction) {
    practice::given_to_the_app(policy, out);
    sort_spans(out);
    out.spans.shrink_to_fit();
    out.practices.shrink_to_fit();
    out.mentions.shrink_to_fit();
}

/// Marks that a clause stating a practice has at least one of.
pub(super) const PRACTICE_CUES: u16 = crate::labeller::mark::DATA_BEGIN
    | crate::labeller::mark::COLLECT
    | crate::labeller::mark::SHARE
    | crate::labeller::mark::HANDLER
    | crate::labeller::mark::SUBJECT
    | crate::labeller::mark::PURPOSE_MARKER
    | crate::labeller::mark::SDK;

/// Where `app` (the policy's app name, three chars or more) stands in `chars`, as char ranges:
/// the lexicon's data words inside it name the app, not data (`腾讯日历`, `通讯录助手`).
fn app_name_spans(chars: &[char], app: Option<&[char]>) -> Vec<(usize, usize)> {
    let Some(app) = app else {
        return Vec::new();
    };
    (0..chars.len().saturating_sub(app.len() - 1))
        .filter(|&i| chars[i..].starts_with(app))
        .map(|i| (i, i + app.len()))
        .collect()
}

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
    pub(super) jieba: std::sync::Arc<crate::analyzer::DocumentJieba>,
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

/// A place word naming where a court sits is a party's place in a dispute clause, no location of
/// the user's: 美柚's 「…将争议提交美柚所在地有管辖权的人民法院诉讼解决」 answered 「会收集我的位置信息吗」
/// with 法律合规 as the location's use. Nor is a word before an exam (`驾照考试`).
fn names_a_court_or_an_exam_after(chars: &[char], end: usize) -> bool {
    // (And an exam: 元贝驾考's 「选择参与驾照考试的题库类型」 made 驾驶证 data used for the
    // app's 「更优的服务体验」 — a licence one sits an exam for is no document the app holds.)
    const AFTER: [&str; 8] = [
        "有管辖权",
        "人民法院",
        "法院",
        "仲裁",
        "考试",
        "考题",
        "题库",
        "培训",
    ];
    let at = if chars.get(end) == Some(&'的') {
        end + 1
    } else {
        end
    };
    AFTER
        .iter()
        .any(|w| super::clause::starts_with_at(chars, at, w))
}

/// A data word right after `非` names what it is not (`非个人身份信息`, `非敏感信息`): 高清动态壁纸's
/// web beacons 「可能会收集与您相关的非个人身份信息」 were collecting 实名信息. (`除非` is "unless".)
/// Whether a bare `位置` at `start..end` is where data is kept, not a location: `存储于合法合规的
/// 位置`, `保存在…位置`, `存储位置`. (Mentions only: the labeller reads the word as it was trained.)
fn names_a_place_of_storage(chars: &[char], start: usize, end: usize) -> bool {
    const KEEPING: [&str; 5] = ["存储", "储存", "存放", "保存", "位于"];
    // (Asked of every data word a clause holds: no string is built until the word is `位置`.)
    if chars[start..end] != ['位', '置'] {
        return false;
    }
    let from = chars[..start]
        .iter()
        .rposition(|c| super::CLAUSE_END.contains(c))
        .map_or(0, |p| p + 1)
        .max(start.saturating_sub(16));
    let before: String = chars[from..start].iter().collect();
    KEEPING.iter().any(|k| {
        before.ends_with(k)
            || ["于", "在", "至"]
                .iter()
                .any(|p| before.contains(&format!("{k}{p}")))
    })
}

fn negated_by_fei(chars: &[char], start: usize) -> bool {
    start >= 1 && chars[start - 1] == '非' && (start < 2 || chars[start - 2] != '除')
}

/// `声音` listed with a notification's other styles (`通知权限包括横幅、声音和标记`) is how the
/// phone alerts, not the user's voice (美柚: 「会收集我的语音吗」 gave 消息通知 as its use).
fn a_notification_style(chars: &[char], h: Hit) -> bool {
    const STYLES: [&str; 6] = ["横幅", "标记", "角标", "震动", "振动", "提示音"];
    if chars[h.start..h.end] != ['声', '音'] {
        return false;
    }
    let from = h.start.saturating_sub(8);
    let to = (h.end + 8).min(chars.len());
    (from..to).any(|i| {
        STYLES
            .iter()
            .any(|w| super::clause::starts_with_at(chars, i, w))
    })
}

/// A list the labeller read as data that goes on to `功能` names features, not data: 美柚's
/// 「如果您使用购物、分享、提现、查看订单、激活微信、金币商城、我的红包功能，则需要注册/登录」 made 提现 and
/// 金币商城 "collected" financial information. The list ends in `功能` right after the span
/// (`…功能`, `…等功能`) or goes on in items (`、我的红包功能`) with no purpose or verb between,
/// and the user uses them (`使用…功能`): a feature the app provides (`提供同步通讯录、添加好友…功能`)
/// may well be what collects the data it names.
fn names_features(chars: &[char], h: Hit) -> bool {
    // The verb test first: it rules out nearly every span without building its text.
    const USES: [&str; 4] = ["使用", "开通", "开启", "体验"];
    if !USES
        .iter()
        .any(|w| h.start >= 2 && super::clause::starts_with_at(chars, h.start - 2, w))
    {
        return false;
    }
    let text: String = chars[h.start..h.end].iter().collect();
    if ["信息", "数据", "资料", "权限"]
        .iter()
        .any(|w| text.contains(w))
    {
        return false;
    }
    let Some(at) = (h.end..chars.len())
        .take_while(|&i| !super::CLAUSE_END.contains(&chars[i]))
        .find(|&i| super::clause::starts_with_at(chars, i, "功能"))
    else {
        return false;
    };
    let between: String = chars[h.end..at].iter().collect();
    const NOT_AN_ITEM: [&str; 8] = [
        "用于", "以便", "为了", "使用", "进行", "用来", "提供", "相关",
    ];
    matches!(between.as_str(), "" | "等" | "的" | "等的")
        || (between.starts_with('、') && !NOT_AN_ITEM.iter().any(|w| between.contains(w)))
}

/// A collect or share verb the labeller found with no data after it in its clause part, whose
/// object is a lexicon data word (`和路宝需要收集您的照片并…`): that word is the data, with the
/// data words listed after it (`完善您的头像、昵称、性别`). The labeller misses such objects
/// where the annotators of its training policies left the sentence unmarked (`valid` fold:
/// 10 spans more, data overlap F1 0.737 → 0.738; on the `train` fold, whose unmarked sentences
/// the labeller learned, 43 more and 0.823 → 0.821 — read: 39 of them collected data).
fn objects_of_verbs(chars: &[char], data: &[(Hit, Option<usize>)], spans: &mut Vec<(Label, Hit)>) {
    const OWNERS: [&str; 6] = ["", "您的", "你的", "用户的", "您", "其"];
    let part_end = |from: usize| {
        (from..chars.len())
            .find(|&i| super::CLAUSE_END.contains(&chars[i]))
            .unwrap_or(chars.len())
    };
    let mut added = Vec::new();
    for (label, verb) in spans.iter() {
        if !matches!(label, Label::Collect | Label::Share) {
            continue;
        }
        let end = part_end(verb.end);
        if spans
            .iter()
            .any(|(l, h)| *l == Label::Data && h.start >= verb.end && h.start < end)
        {
            continue;
        }
        let object = data.iter().find(|(h, ty)| {
            ty.is_some()
                && h.end <= end
                && h.start >= verb.end
                && OWNERS.iter().any(|o| {
                    h.start == verb.end + o.chars().count()
                        && super::clause::starts_with_at(chars, verb.end, o)
                })
        });
        if let Some((first, _)) = object {
            // The list goes on while the next data word follows a list separator.
            let mut object = *first;
            for (h, _) in data.iter().filter(|(h, ty)| ty.is_some() && h.end <= end) {
                let gap: String = chars[object.end.min(h.start)..h.start].iter().collect();
                if h.start > object.end
                    && matches!(
                        gap.as_str(),
                        "、" | "和" | "及" | "以及" | "与" | "或" | "/"
                    )
                {
                    object.end = h.end;
                }
            }
            if !spans
                .iter()
                .any(|(_, s)| s.start < object.end && object.start < s.end)
            {
                added.push((Label::Data, object));
            }
        }
    }
    spans.extend(added);
    spans.sort_by_key(|(_, h)| (h.start, h.end));
}
