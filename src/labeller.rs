//! The trained sequence labeller: a linear-chain CRF over the characters of a clause that tags
//! each one `O`, `B-<label>` or `I-<label>` for the seven extraction labels.
//!
//! Why a CRF over characters: the annotated policies (CA4P, see `data/model/README.md`) mark
//! spans in the policy's own wording — `头像、昵称、密码` as one data span, `为了帮助您完成注册` as
//! one purpose — and those boundaries do not follow any word list. A CRF learns them from
//! character, word, lexicon and cue features, decodes in linear time and explains itself: every
//! tag is a sum of named feature weights.
//!
//! Features are 64-bit keys hashed from a template number and its characters ([`Features`]), so
//! tagging builds no strings. Training (`policylens train`, [`crate::train`]) names each key by
//! its hex form for the CRF trainer (the `crfs` crate) and converts the trained model into this
//! module's compact format: a table of transition weights and, per key, its non-zero weights.
//! The same [`features`] function serves both, so a model and the code that reads it cannot
//! disagree about what a feature is.
use std::sync::OnceLock;

use crate::label::Label;
use crate::weight_table::WeightTable;

/// The labels the model tags, in tag order: tag `1 + 2k` is `B-LABELS[k]`, `2 + 2k` `I-LABELS[k]`.
pub const LABELS: [Label; 7] = [
    Label::Data,
    Label::Collect,
    Label::Share,
    Label::Handler,
    Label::Condition,
    Label::Subject,
    Label::Purpose,
];

/// Number of tags: `O` plus `B-`/`I-` per label.
pub const NUM_TAGS: usize = 1 + 2 * LABELS.len();

/// The name of tag `t` (`O`, `B-data`, `I-purpose` …), as the model file stores it.
pub fn tag_name(t: usize) -> String {
    if t == 0 {
        "O".to_string()
    } else {
        let label = LABELS[(t - 1) / 2].as_str();
        if t % 2 == 1 {
            format!("B-{label}")
        } else {
            format!("I-{label}")
        }
    }
}

/// The tag of `label` at the beginning (`inside == false`) or inside a span.
pub fn tag_of(label: Label, inside: bool) -> usize {
    let k = LABELS.iter().position(|l| *l == label).expect("label");
    1 + 2 * k + usize::from(inside)
}

/// Per-character cue marks the extractor's lexicon and word lists give the model.
pub mod mark {
    pub const DATA_BEGIN: u16 = 1;
    pub const DATA_INSIDE: u16 = 1 << 1;
    pub const COLLECT: u16 = 1 << 2;
    pub const SHARE: u16 = 1 << 3;
    pub const NEGATION: u16 = 1 << 4;
    pub const HANDLER: u16 = 1 << 5;
    pub const SUBJECT: u16 = 1 << 6;
    pub const PURPOSE_MARKER: u16 = 1 << 7;
    pub const PURPOSE: u16 = 1 << 8;
    pub const SDK: u16 = 1 << 9;
    pub const COUNT: u32 = 10;
}

/// Section marks: what the titles above a clause say it is about.
pub mod section {
    pub const COLLECTION: u16 = 1;
    pub const SHARING: u16 = 1 << 1;
    pub const CHILDREN: u16 = 1 << 2;
    pub const PERMISSION: u16 = 1 << 3;
    pub const OTHER: u16 = 1 << 4;
}

/// What the feature function reads for one clause (a segmenter sentence in its reading view).
pub struct Clause<'a> {
    /// The normalized characters.
    pub chars: &'a [char],
    /// Word boundaries: `word_start[i]` is the char index where the word holding `i` starts,
    /// `word_end[i]` where it ends (jieba's segmentation).
    pub word_start: &'a [u32],
    pub word_end: &'a [u32],
    /// [`mark`] bits per char.
    pub marks: &'a [u16],
    /// [`section`] bits for the whole clause.
    pub section: u16,
}

/// The feature keys of every char of a clause: row `i` is `keys[ends[i - 1]..ends[i]]`.
#[derive(Default, Debug, Clone)]
pub struct Features {
    pub keys: Vec<u64>,
    pub ends: Vec<u32>,
}

impl Features {
    pub fn row(&self, i: usize) -> &[u64] {
        let from = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.keys[from..self.ends[i] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// A feature key: template `t` over `parts` (chars or small numbers). FxHash-style mixing,
/// fixed across platforms and versions because model files store the keys.
#[inline]
fn key(t: u64, parts: &[u64]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    // Seeded so that no template (the bias, template 0, has no parts) hashes to 0, the model
    // table's empty-slot marker.
    let mut h = (t ^ 0x243f_6a88_85a3_08d3).wrapping_mul(K);
    for &p in parts {
        h = (h.rotate_left(5) ^ p).wrapping_mul(K);
    }
    // A final avalanche so that keys differing in one char spread over the table.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The padding "char" before the clause's start and after its end.
const PAD: u64 = 0x11_0000;

/// A coarse class of a char: Han, Latin letter, digit, enumeration comma, clause punctuation,
/// bracket or quote, other.
fn char_class(c: char) -> u64 {
    match c {
        '、' => 1,
        '，' | ',' | '；' | ';' | '。' | '：' | ':' | '！' | '!' | '？' | '?' => 2,
        '（' | '(' | '）' | ')' | '【' | '】' | '《' | '》' | '“' | '”' | '"' | '「' | '」' => {
            3
        }
        '0'..='9' => 4,
        'a'..='z' | 'A'..='Z' => 5,
        c if ('\u{4e00}'..='\u{9fff}').contains(&c) => 6,
        c if c.is_whitespace() => 7,
        _ => 8,
    }
}

/// A distance in chars, in buckets: 1–2, 3–5, 6–10, 11–20, more.
fn distance_bucket(d: usize) -> u64 {
    match d {
        0..=2 => 1,
        3..=5 => 2,
        6..=10 => 3,
        11..=20 => 4,
        _ => 5,
    }
}

/// Compute the features of every char of `clause` into `out` (cleared first).
pub fn features(clause: &Clause, out: &mut Features) {
    out.keys.clear();
    out.ends.clear();
    let chars = clause.chars;
    let n = chars.len();
    let c = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            PAD
        } else {
            chars[i as usize] as u64
        }
    };
    let m = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            0
        } else {
            clause.marks[i as usize] as u64
        }
    };
    // Cues anywhere in the clause part (between clause punctuation) around each char: whether
    // the stretch holds a collect verb, a share verb, a negation … is what tells a practice from
    // a mention.
    let mut stretch_marks = vec![0u16; n];
    let mut start = 0;
    for i in 0..=n {
        if i == n || matches!(chars[i], '，' | ',' | '。' | '；' | ';' | '：' | ':') {
            let bits = clause.marks[start..i].iter().fold(0, |a, b| a | b);
            for s in &mut stretch_marks[start..i] {
                *s = bits;
            }
            if i < n {
                stretch_marks[i] = bits;
            }
            start = i + 1;
        }
    }
    let sentence_marks = clause.marks.iter().fold(0u16, |a, b| a | b);
    // Where each char sits in its clause part: how far from the part's start and end (purpose
    // and condition phrases run to a comma; verbs and subjects open a part).
    let mut part_start = vec![0usize; n];
    let mut part_end = vec![n; n];
    let is_break = |c: char| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '、');
    let mut s0 = 0;
    for i in 0..n {
        part_start[i] = s0;
        if is_break(chars[i]) {
            s0 = i + 1;
        }
    }
    let mut e0 = n;
    for i in (0..n).rev() {
        if is_break(chars[i]) {
            e0 = i;
        }
        part_end[i] = e0;
    }
    // How far back the nearest collect verb, share verb and negation are (a data item follows
    // its verb; a negation governs what comes soon after it).
    let mut last_seen = [usize::MAX; 3];
    let watched = [mark::COLLECT, mark::SHARE, mark::NEGATION];
    let mut since: Vec<[u64; 3]> = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = [0u64; 3];
        for (w, bit) in watched.iter().enumerate() {
            row[w] = if last_seen[w] == usize::MAX {
                0
            } else {
                distance_bucket(i - last_seen[w])
            };
            if clause.marks[i] & bit != 0 {
                last_seen[w] = i;
            }
        }
        since.push(row);
    }
    for i in 0..n {
        let ii = i as isize;
        let k = &mut out.keys;
        k.push(key(0, &[]));
        k.push(key(1, &[c(ii)]));
        k.push(key(2, &[c(ii - 1)]));
        k.push(key(3, &[c(ii + 1)]));
        k.push(key(4, &[c(ii - 2)]));
        k.push(key(5, &[c(ii + 2)]));
        k.push(key(6, &[c(ii - 1), c(ii)]));
        k.push(key(7, &[c(ii), c(ii + 1)]));
        k.push(key(8, &[c(ii - 2), c(ii - 1)]));
        k.push(key(9, &[c(ii + 1), c(ii + 2)]));
        k.push(key(10, &[c(ii - 1), c(ii), c(ii + 1)]));
        let class = |j: isize| {
            if j < 0 || j as usize >= n {
                0
            } else {
                char_class(chars[j as usize])
            }
        };
        k.push(key(11, &[class(ii - 1), class(ii), class(ii + 1)]));
        // The jieba word holding the char, and where in it the char sits.
        let (ws, we) = (clause.word_start[i] as usize, clause.word_end[i] as usize);
        let len = (we - ws) as u64;
        let pos = if len == 1 {
            0
        } else if i == ws {
            1
        } else if i + 1 == we {
            2
        } else {
            3
        };
        let mut word = key(12, &[]);
        for &ch in &chars[ws..we] {
            word = (word.rotate_left(5) ^ ch as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        k.push(key(13, &[word, pos]));
        k.push(key(14, &[pos, len.min(6)]));
        // The words before and after the char's word.
        let prev_word = if ws == 0 {
            PAD
        } else {
            let ps = clause.word_start[ws - 1] as usize;
            chars[ps..ws]
                .iter()
                .fold(key(15, &[]), |h, &ch| key(16, &[h, ch as u64]))
        };
        let next_word = if we >= n {
            PAD
        } else {
            let ne = clause.word_end[we] as usize;
            chars[we..ne]
                .iter()
                .fold(key(15, &[]), |h, &ch| key(16, &[h, ch as u64]))
        };
        k.push(key(17, &[prev_word, pos]));
        k.push(key(18, &[next_word, pos]));
        // Cue marks of the char and its neighbours, each bit alone and the triple together.
        let here = m(ii);
        for b in 0..mark::COUNT {
            if here & (1 << b) != 0 {
                k.push(key(19, &[b as u64]));
            }
        }
        k.push(key(20, &[m(ii - 1), here, m(ii + 1)]));
        k.push(key(21, &[stretch_marks[i] as u64]));
        k.push(key(22, &[sentence_marks as u64, pos]));
        k.push(key(25, &[since[i][0], since[i][1]]));
        k.push(key(26, &[since[i][2], since[i][0]]));
        k.push(key(27, &[prev_word, word]));
        let from_start = distance_bucket(i - part_start[i]);
        let to_end = distance_bucket(part_end[i].saturating_sub(i));
        k.push(key(28, &[from_start, to_end]));
        k.push(key(29, &[from_start, c(ii)]));
        k.push(key(30, &[to_end, c(ii)]));
        k.push(key(31, &[c(ii - 2), c(ii - 1), c(ii)]));
        k.push(key(32, &[c(ii), c(ii + 1), c(ii + 2)]));
        k.push(key(23, &[clause.section as u64]));
        k.push(key(24, &[clause.section as u64, c(ii)]));
        out.ends.push(out.keys.len() as u32);
    }
}

/// The clause-level context a second pass reads from the first pass's tags (stacking, Wolpert
/// 1992): the tags around each char, which labels its clause part and its clause hold, and how
/// far the nearest collect or share verb the first pass found is on either side. A handler is
/// a handler because its clause's verb is one, several chars away — what a linear chain cannot
/// see but the first pass's whole tag sequence shows. The second pass's weights are added to
/// the first pass's scores ([`tag_clause`]), so these are all it reads: 15 keys per char.
pub fn stacked_features(clause: &Clause, first: &[usize], out: &mut Features) {
    out.keys.clear();
    out.ends.clear();
    let chars = clause.chars;
    let n = chars.len();
    debug_assert_eq!(first.len(), n);
    let pt = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            NUM_TAGS as u64
        } else {
            first[i as usize] as u64
        }
    };
    let c = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            PAD
        } else {
            chars[i as usize] as u64
        }
    };
    let label_bit = |t: usize| if t == 0 { 0u16 } else { 1 << ((t - 1) / 2) };
    let clause_labels = first.iter().fold(0u16, |a, &t| a | label_bit(t));
    let is_break = |c: char| matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':');
    let mut part_labels = vec![0u16; n];
    let mut start = 0;
    for i in 0..=n {
        if i == n || is_break(chars[i]) {
            let bits = first[start..i].iter().fold(0, |a, &t| a | label_bit(t));
            part_labels[start..i].fill(bits);
            if i < n {
                part_labels[i] = bits;
            }
            start = i + 1;
        }
    }
    // The nearest verb span start (collect 1, share 2) after and before each char, with its
    // distance and whether a clause break lies between.
    let verb = |t: usize| {
        if t == tag_of(Label::Collect, false) {
            1
        } else if t == tag_of(Label::Share, false) {
            2
        } else {
            0
        }
    };
    let mut ahead = vec![[0u64; 3]; n];
    let (mut at, mut kind, mut broken) = (usize::MAX, 0, false);
    for i in (0..n).rev() {
        if at != usize::MAX {
            ahead[i] = [kind, distance_bucket(at - i), u64::from(broken)];
        }
        if verb(first[i]) != 0 {
            (at, kind, broken) = (i, verb(first[i]), false);
        } else if is_break(chars[i]) {
            broken = true;
        }
    }
    let mut behind = vec![[0u64; 3]; n];
    let (mut at, mut kind, mut broken) = (usize::MAX, 0, false);
    for i in 0..n {
        if is_break(chars[i]) {
            broken = true;
        }
        if at != usize::MAX {
            behind[i] = [kind, distance_bucket(i - at), u64::from(broken)];
        }
        if verb(first[i]) != 0 {
            (at, kind, broken) = (i, verb(first[i]), false);
        }
    }
    for i in 0..n {
        let ii = i as isize;
        let k = &mut out.keys;
        let here = pt(ii);
        k.push(key(39, &[]));
        k.push(key(40, &[here]));
        k.push(key(41, &[pt(ii - 1), here]));
        k.push(key(42, &[here, pt(ii + 1)]));
        k.push(key(43, &[pt(ii - 1), here, pt(ii + 1)]));
        k.push(key(44, &[pt(ii - 2)]));
        k.push(key(45, &[pt(ii + 2)]));
        k.push(key(46, &[pt(ii - 3)]));
        k.push(key(47, &[pt(ii + 3)]));
        k.push(key(48, &[part_labels[i] as u64, here]));
        k.push(key(49, &[clause_labels as u64]));
        k.push(key(50, &[here, c(ii)]));
        k.push(key(51, &[ahead[i][0], ahead[i][1], ahead[i][2], here]));
        k.push(key(52, &[behind[i][0], behind[i][1], behind[i][2], here]));
        k.push(key(
            53,
            &[
                ahead[i][0],
                ahead[i][2],
                (clause.marks[i] & (mark::HANDLER | mark::SUBJECT)) as u64,
            ],
        ));
        out.ends.push(out.keys.len() as u32);
    }
}

/// A trained model (`data/model/extract.crf`): transition weights and a
/// [`WeightTable`] from feature key to one weight per tag
/// (and a zero, so an entry is 32 bytes), read in place from the program's own bytes.
pub struct Model {
    /// `transitions[from * NUM_TAGS + to]`.
    transitions: Vec<f32>,
    table: WeightTable<16>,
    /// Where the table starts in the model's bytes, and those bytes when they are the
    /// program's own (a builtin model), for [`Model::table`]'s copy.
    table_at: usize,
    builtin: Option<&'static [u8]>,
    /// The table copied into huge pages ([`crate::weight_table::in_huge_pages`]) once this
    /// model has tagged [`COPY_AFTER_CHARS`]; the same weights.
    copied: OnceLock<WeightTable<16>>,
    /// Chars tagged so far (until the copy is made).
    tagged: std::sync::atomic::AtomicUsize,
}

/// Chars a builtin model tags in place before its table is copied into huge pages: the copy
/// (~2 ms) is paid back after ~20,000 chars, and a one-shot command on a short text (a
/// question, a one-page policy) never needs it.
const COPY_AFTER_CHARS: usize = 50_000;

/// The model shipped with the program.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../data/model/extract.crf");

/// The second pass shipped with the program (`data/model/extract-stack.crf`, see
/// [`stacked_features`]); an empty file means none.
pub const BUILTIN_STACKED_MODEL: &[u8] = include_bytes!("../data/model/extract-stack.crf");

/// What identifies the shipped models, cheaply (a library's index records it, so a new model
/// makes it stale): the length, head and tail of each model file — the head holds the
/// transition weights, which any retraining changes.
pub fn builtin_models_identity() -> [&'static [u8]; 6] {
    let ends = |b: &'static [u8]| (&b[..b.len().min(4096)], &b[b.len().saturating_sub(4096)..]);
    let (a, b) = ends(BUILTIN_MODEL);
    let (c, d) = ends(crate::topics::BUILTIN_MODEL);
    let (e, f) = ends(BUILTIN_STACKED_MODEL);
    [a, b, c, d, e, f]
}

/// Names a model file to use instead of the builtin one (developers comparing models).
pub const MODEL_ENV: &str = "POLICYLENS_MODEL";

/// Names a second-pass model file to use instead of the builtin one; an empty file means no
/// second pass.
pub const STACKED_MODEL_ENV: &str = "POLICYLENS_STACKED_MODEL";

/// Read the model file named by `env`, or `builtin`; `None` for an empty one.
fn load_model(env: &str, builtin: &'static [u8]) -> Option<Model> {
    if let Some(path) = std::env::var_os(env) {
        let shown = std::path::Path::new(&path).display().to_string();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{env}={shown}: {e}"));
        if bytes.is_empty() {
            return None;
        }
        return Some(
            Model::from_bytes(std::borrow::Cow::Owned(bytes))
                .unwrap_or_else(|e| panic!("{env}={shown}: {e}")),
        );
    }
    if builtin.is_empty() {
        return None;
    }
    let mut model = Model::from_bytes(std::borrow::Cow::Borrowed(builtin))
        .expect("the shipped model files are valid models");
    model.builtin = Some(builtin);
    Some(model)
}

/// Tag a clause: the first pass ([`Model::builtin`]) and, if the program has one, the second
/// pass over the first one's tags ([`Model::stacked`]). `scratch` holds the second pass's
/// features between calls.
pub fn tag_clause(clause: &Clause, features: &Features, scratch: &mut Features) -> Vec<usize> {
    let model = Model::builtin();
    let Some(second) = Model::stacked() else {
        return model.tag(features);
    };
    let mut state = vec![0f32; features.len() * NUM_TAGS];
    model.add_scores(features, &mut state);
    let first = tag_scores(&state, model.transitions(), O_PENALTY);
    stacked_features(clause, &first, scratch);
    second.add_scores(scratch, &mut state);
    // Both passes' transitions, summed once per process rather than once per clause.
    static TRANSITIONS: OnceLock<Vec<f32>> = OnceLock::new();
    let transitions = TRANSITIONS.get_or_init(|| {
        model
            .transitions()
            .iter()
            .zip(second.transitions())
            .map(|(a, b)| a + b)
            .collect()
    });
    tag_scores(&state, transitions, stacked_o_penalty())
}

/// The best tag sequence for raw state scores, with `o_penalty` taken off every `O`.
pub fn tag_scores(state: &[f32], transitions: &[f32], o_penalty: f32) -> Vec<usize> {
    let mut state = state.to_vec();
    for row in state.chunks_exact_mut(NUM_TAGS) {
        row[0] -= o_penalty;
    }
    viterbi(&state, transitions)
}

/// The model file's first bytes.
pub const MAGIC: &[u8; 8] = b"PLCRF\x00\x00\x04";

impl Model {
    /// The model shipped with the program — or, for comparing models while training, the file
    /// named by `POLICYLENS_MODEL` ([`MODEL_ENV`]).
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            load_model(MODEL_ENV, BUILTIN_MODEL).expect("data/model/extract.crf is not empty")
        })
    }

    /// The second pass shipped with the program, if any — or the file named by
    /// `POLICYLENS_STACKED_MODEL` ([`STACKED_MODEL_ENV`]).
    pub fn stacked() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| load_model(STACKED_MODEL_ENV, BUILTIN_STACKED_MODEL))
            .as_ref()
    }

    /// Read a model: magic, tag count (u32), tag names (u8 length + UTF-8), transitions (f32
    /// each), then the weight table; little endian.
    pub fn from_bytes(bytes: std::borrow::Cow<'static, [u8]>) -> Result<Model, String> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        if r.take(8)? != MAGIC {
            return Err("not a PolicyLens model of this version (bad magic)".into());
        }
        let tags = r.u32()? as usize;
        if tags != NUM_TAGS {
            return Err(format!("model has {tags} tags, this program {NUM_TAGS}"));
        }
        for t in 0..tags {
            let len = r.u8()? as usize;
            let name = std::str::from_utf8(r.take(len)?).map_err(|e| e.to_string())?;
            if name != tag_name(t) {
                return Err(format!("model tag {t} is {name}, expected {}", tag_name(t)));
            }
        }
        let mut transitions = Vec::with_capacity(tags * tags);
        for _ in 0..tags * tags {
            transitions.push(r.f32()?);
        }
        let table_at = r.at;
        let table = WeightTable::read(bytes, table_at)?;
        Ok(Model {
            transitions,
            table,
            table_at,
            builtin: None,
            copied: OnceLock::new(),
            tagged: Default::default(),
        })
    }

    /// The weight table to read: the builtin model's copy in huge pages once this model has
    /// tagged [`COPY_AFTER_CHARS`] (counting the `chars` about to be tagged), else the table in
    /// place.
    fn table(&self, chars: usize) -> &WeightTable<16> {
        if let Some(copy) = self.copied.get() {
            return copy;
        }
        let Some(bytes) = self.builtin else {
            return &self.table;
        };
        use std::sync::atomic::Ordering::Relaxed;
        if self.tagged.fetch_add(chars, Relaxed) + chars < COPY_AFTER_CHARS {
            return &self.table;
        }
        self.copied.get_or_init(|| {
            WeightTable::read(
                std::borrow::Cow::Borrowed(crate::weight_table::in_huge_pages(bytes)),
                self.table_at,
            )
            .expect("a copy reads as its original did")
        })
    }

    /// Write a model in the format [`Model::from_bytes`] reads. `state` maps a feature key to
    /// its (tag, weight) pairs.
    pub fn write(transitions: &[f32], state: &[(u64, Vec<(u8, f32)>)]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(NUM_TAGS as u32).to_le_bytes());
        for t in 0..NUM_TAGS {
            let name = tag_name(t);
            out.push(name.len() as u8);
            out.extend_from_slice(name.as_bytes());
        }
        for w in transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let rows: Vec<(u64, [f32; 16])> = state
            .iter()
            .map(|(key, pairs)| {
                let mut row = [0f32; 16];
                for &(t, w) in pairs {
                    row[t as usize] = w;
                }
                (*key, row)
            })
            .collect();
        WeightTable::write(&rows, &mut out);
        out
    }

    /// Number of feature keys the model knows.
    pub fn num_keys(&self) -> usize {
        self.table.num_keys()
    }

    /// The best tag sequence for a clause's features (Viterbi), with [`O_PENALTY`] taken off
    /// every `O`.
    pub fn tag(&self, features: &Features) -> Vec<usize> {
        self.tag_with_cost(features, O_PENALTY)
    }

    /// The best tag sequence with `o_penalty` taken off every char's `O` score.
    pub fn tag_with_cost(&self, features: &Features, o_penalty: f32) -> Vec<usize> {
        let mut state = vec![0f32; features.len() * NUM_TAGS];
        self.add_scores(features, &mut state);
        for row in state.chunks_exact_mut(NUM_TAGS) {
            row[0] -= o_penalty;
        }
        viterbi(&state, &self.transitions)
    }

    /// The transition weights, `[from * NUM_TAGS + to]`.
    pub fn transitions(&self) -> &[f32] {
        &self.transitions
    }

    /// Add each char's state scores (`state[i * NUM_TAGS + tag]`, the sum of its features'
    /// weights) to `state`.
    pub fn add_scores(&self, features: &Features, state: &mut [f32]) {
        let n = features.len();
        if n == 0 {
            return;
        }
        let table = self.table(n);
        // First find the entries of every char's features by their fingerprints (asked for two
        // rows ahead), asking the memory for each entry as soon as it is known, so the waits
        // overlap instead of adding up; then sum them, in stored units, scaled once per char.
        const AHEAD: usize = 1;
        for i in 0..n.min(AHEAD) {
            for &k in features.row(i) {
                table.prefetch_home(k);
            }
        }
        let mut found: Vec<u32> = Vec::with_capacity(features.keys.len() / 2);
        let mut found_ends: Vec<u32> = Vec::with_capacity(n);
        for i in 0..n {
            if i + AHEAD < n {
                for &k in features.row(i + AHEAD) {
                    table.prefetch_home(k);
                }
            }
            for &k in features.row(i) {
                if let Some(slot) = table.find(k) {
                    table.prefetch_entry(slot);
                    found.push(slot as u32);
                }
            }
            found_ends.push(found.len() as u32);
        }
        let mut from = 0;
        let scale = table.scale();
        for (i, &to) in found_ends.iter().enumerate() {
            let mut sum = [0i32; 16];
            for &slot in &found[from..to as usize] {
                for (s, q) in sum.iter_mut().zip(table.weights(slot as usize)) {
                    *s += q as i32;
                }
            }
            for (s, q) in state[i * NUM_TAGS..(i + 1) * NUM_TAGS].iter_mut().zip(sum) {
                *s += q as f32 * scale;
            }
            from = to as usize;
        }
    }
}

/// What tagging takes off every char's `O` score. The perceptron's tagger leans to `O` (its
/// precision is well above its recall); a fixed cost on `O` evens them out. Chosen on a dev
/// split of the training policies (48 of the 290 `train` policies held out; micro exact F1 by
/// penalty: 0 → 0.538, 8 → 0.543, 16 → 0.545, 24 → 0.548, 32 → 0.553, 48 → 0.551), never on
/// `valid`. It is on the scale of the perceptron's weights: re-check it when training changes.
pub const O_PENALTY: f32 = 32.0;

/// What the second pass takes off every char's `O` score (as [`O_PENALTY`] for the first;
/// `POLICYLENS_STACKED_O_PENALTY` overrides it, for choosing it on held-out policies). Chosen
/// on the same 48 held-out `train` policies (micro exact / overlap F1 by cost: 0 → 0.496 /
/// 0.690, 32 → 0.502 / 0.696, 64 → 0.515 / 0.703, 96 → 0.518 / 0.704, 128 → 0.519 / 0.701).
pub const STACKED_O_PENALTY: f32 = 96.0;

fn stacked_o_penalty() -> f32 {
    static PENALTY: OnceLock<f32> = OnceLock::new();
    *PENALTY.get_or_init(|| {
        std::env::var("POLICYLENS_STACKED_O_PENALTY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(STACKED_O_PENALTY)
    })
}

/// The best tag sequence given per-char state scores (`state[i * NUM_TAGS + tag]`) and
/// transition scores (`transitions[from * NUM_TAGS + to]`).
pub fn viterbi(state: &[f32], transitions: &[f32]) -> Vec<usize> {
    let n = state.len() / NUM_TAGS;
    if n == 0 {
        return Vec::new();
    }
    // Only well-formed paths: `I-x` follows `B-x` or `I-x`, and no clause starts inside a span
    // (training decodes the same way, so the weights never learn to lean on broken paths).
    let inside = |t: usize| t != 0 && t.is_multiple_of(2);
    let mut score = [0f32; NUM_TAGS];
    score.copy_from_slice(&state[..NUM_TAGS]);
    for (t, s) in score.iter_mut().enumerate() {
        if inside(t) {
            *s = f32::NEG_INFINITY;
        }
    }
    // The transitions from each tag to every tag, one row of 16 lanes (the last one never
    // chosen), with the transitions a well-formed path cannot take (into `I-x` from anything
    // but `B-x` and `I-x`) at -inf: every tag's best predecessor is then found at once, the
    // tags side by side (vector instructions), over one pass of the predecessors. The same
    // sums, compared in the same order (ties go to the lower predecessor, as a scan from tag 0
    // with `>`), as taking each tag's predecessors one tag at a time.
    const LANES: usize = 16;
    let mut from_to = [[f32::NEG_INFINITY; LANES]; NUM_TAGS];
    for (from, row) in from_to.iter_mut().enumerate() {
        for (to, t) in row.iter_mut().enumerate().take(NUM_TAGS) {
            if !inside(to) || from + 1 == to || from == to {
                *t = transitions[from * NUM_TAGS + to];
            }
        }
    }
    // The best score of a path ending in each tag, per char: the forward pass keeps only the
    // maxima (an add and a max per lane); the one predecessor the best path took is found again
    // when tracing back, by the same sums in the same order, so it is the one a scan keeping
    // every tag's best predecessor would have kept — at one tag per char instead of all of them.
    let mut scores = vec![0f32; n * NUM_TAGS];
    scores[..NUM_TAGS].copy_from_slice(&score);
    for i in 1..n {
        let (done, rest) = scores.split_at_mut(i * NUM_TAGS);
        let prev = &done[(i - 1) * NUM_TAGS..];
        let mut best = [f32::NEG_INFINITY; LANES];
        for (row, &s) in from_to.iter().zip(prev) {
            for to in 0..LANES {
                let v = s + row[to];
                best[to] = if v > best[to] { v } else { best[to] };
            }
        }
        let here = &state[i * NUM_TAGS..(i + 1) * NUM_TAGS];
        for (to, out) in rest[..NUM_TAGS].iter_mut().enumerate() {
            *out = best[to] + here[to];
        }
    }
    let last = &scores[(n - 1) * NUM_TAGS..];
    let mut t = (0..NUM_TAGS)
        .max_by(|&a, &b| last[a].total_cmp(&last[b]))
        .unwrap_or(0);
    let mut tags = vec![0usize; n];
    for i in (1..n).rev() {
        tags[i] = t;
        let prev = &scores[(i - 1) * NUM_TAGS..i * NUM_TAGS];
        let mut best = prev[0] + from_to[0][t];
        let mut arg = 0;
        for (from, row) in from_to.iter().enumerate().skip(1) {
            let v = prev[from] + row[t];
            if v > best {
                best = v;
                arg = from;
            }
        }
        t = arg;
    }
    tags[0] = t;
    tags
}

/// Spans of a tag sequence: `(label, start, end)` in char indices; an `I-` tag without its
/// `B-` opens a span too (the model's transitions make that rare).
pub fn spans_of(tags: &[usize]) -> Vec<(Label, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (label index, start)
    for (i, &t) in tags.iter().enumerate() {
        let continues = t != 0 && t % 2 == 0 && open.is_some_and(|(k, _)| k == (t - 1) / 2);
        if continues {
            continue;
        }
        if let Some((k, s)) = open.take() {
            out.push((LABELS[k], s, i));
        }
        if t != 0 {
            open = Some(((t - 1) / 2, i));
        }
    }
    if let Some((k, s)) = open {
        out.push((LABELS[k], s, tags.len()));
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("model ends early at byte {}", self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_names() {
        assert_eq!(tag_name(0), "O");
        assert_eq!(tag_name(tag_of(Label::Data, false)), "B-data");
        assert_eq!(tag_name(tag_of(Label::Purpose, true)), "I-purpose");
    }

    #[test]
    fn spans_follow_begin_and_inside_tags() {
        let b = tag_of(Label::Data, false);
        let i = tag_of(Label::Data, true);
        let v = tag_of(Label::Collect, false);
        assert_eq!(
            spans_of(&[0, v, b, i, i, b, i, 0]),
            vec![
                (Label::Collect, 1, 2),
                (Label::Data, 2, 5),
                (Label::Data, 5, 7)
            ]
        );
        // An inside tag of another label starts its own span.
        assert_eq!(
            spans_of(&[b, tag_of(Label::Share, true)]),
            vec![(Label::Data, 0, 1), (Label::Share, 1, 2)]
        );
    }

    #[test]
    fn stacked_features_see_the_verb_the_first_pass_found_ahead() {
        let chars: Vec<char> = "我们会收集，您的".chars().collect();
        let n = chars.len();
        let bounds: Vec<u32> = (0..n as u32).collect();
        let ends: Vec<u32> = (1..=n as u32).collect();
        let marks = vec![0u16; n];
        let clause = Clause {
            chars: &chars,
            word_start: &bounds,
            word_end: &ends,
            marks: &marks,
            section: 0,
        };
        let v = tag_of(Label::Collect, false);
        let first = [0, 0, 0, v, v + 1, 0, 0, 0];
        let mut f = Features::default();
        stacked_features(&clause, &first, &mut f);
        assert_eq!(f.len(), n);
        assert!((0..n).all(|i| f.row(i).len() == 15));
        // `我` sees a collect verb 3 chars ahead in its own clause part; `您` none ahead, the
        // same one behind, past a comma.
        assert!(f.row(0).contains(&key(51, &[1, 2, 0, 0])));
        assert!(f.row(6).contains(&key(51, &[0, 0, 0, 0])));
        assert!(f.row(6).contains(&key(52, &[1, 2, 1, 0])));
    }

    #[test]
    fn a_written_model_reads_back_and_decodes_by_its_weights() {
        let chars: Vec<char> = "收集手机号".chars().collect();
        let bounds: Vec<u32> = (0..chars.len() as u32).collect();
        let ends: Vec<u32> = (1..=chars.len() as u32).collect();
        let marks = vec![0u16; chars.len()];
        let clause = Clause {
            chars: &chars,
            word_start: &bounds,
            word_end: &ends,
            marks: &marks,
            section: 0,
        };
        let mut f = Features::default();
        features(&clause, &mut f);
        assert_eq!(f.len(), 5);
        // One feature per char decides: the char itself (template 1).
        let want = [
            tag_of(Label::Collect, false),
            tag_of(Label::Collect, true),
            tag_of(Label::Data, false),
            tag_of(Label::Data, true),
            tag_of(Label::Data, true),
        ];
        let state: Vec<(u64, Vec<(u8, f32)>)> = chars
            .iter()
            .zip(want)
            .map(|(&ch, t)| (key(1, &[ch as u64]), vec![(t as u8, 1.0)]))
            .collect();
        let bytes = Model::write(&vec![0.0; NUM_TAGS * NUM_TAGS], &state);
        let model = Model::from_bytes(std::borrow::Cow::Owned(bytes.clone())).unwrap();
        assert_eq!(model.num_keys(), 5);
        assert_eq!(model.tag(&f), want.to_vec());
        assert!(
            Model::from_bytes(std::borrow::Cow::Owned(bytes[..bytes.len() - 1].to_vec())).is_err()
        );
        assert!(Model::from_bytes(std::borrow::Cow::Borrowed(b"nonsense")).is_err());
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    /// Regression: the bias feature (template 0, no parts) hashed to 0, the empty-slot marker,
    /// so the model file silently dropped it and tagged almost everything wrong.
    /// The plain Viterbi over well-formed paths, every predecessor tried for every tag.
    fn viterbi_by_every_predecessor(state: &[f32], transitions: &[f32]) -> Vec<usize> {
        let n = state.len() / NUM_TAGS;
        let inside = |t: usize| t != 0 && t.is_multiple_of(2);
        let mut score: Vec<f32> = (0..NUM_TAGS)
            .map(|t| {
                if inside(t) {
                    f32::NEG_INFINITY
                } else {
                    state[t]
                }
            })
            .collect();
        let mut back = vec![0usize; n * NUM_TAGS];
        for i in 1..n {
            let mut next = vec![0f32; NUM_TAGS];
            for to in 0..NUM_TAGS {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for from in 0..NUM_TAGS {
                    if inside(to) && from != to && from + 1 != to {
                        continue;
                    }
                    let v = score[from] + transitions[from * NUM_TAGS + to];
                    if v > best {
                        (best, arg) = (v, from);
                    }
                }
                next[to] = best + state[i * NUM_TAGS + to];
                back[i * NUM_TAGS + to] = arg;
            }
            score = next;
        }
        let mut t = (0..NUM_TAGS)
            .max_by(|&a, &b| score[a].total_cmp(&score[b]))
            .unwrap();
        let mut tags = vec![0; n];
        for i in (0..n).rev() {
            tags[i] = t;
            t = back[i * NUM_TAGS + t];
        }
        tags
    }

    #[test]
    fn viterbi_finds_what_trying_every_predecessor_finds() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Small integers, so ties are frequent and their breaking is checked too.
            (x % 9) as f32 - 4.0
        };
        for n in [1, 2, 3, 7, 40] {
            for _ in 0..50 {
                let state: Vec<f32> = (0..n * NUM_TAGS).map(|_| next()).collect();
                let transitions: Vec<f32> = (0..NUM_TAGS * NUM_TAGS).map(|_| next()).collect();
                assert_eq!(
                    viterbi(&state, &transitions),
                    viterbi_by_every_predecessor(&state, &transitions)
                );
            }
        }
    }

    #[test]
    fn no_feature_key_is_the_empty_slot_marker() {
        assert_ne!(key(0, &[]), 0);
        for t in 0..64 {
            assert_ne!(key(t, &[]), 0);
            assert_ne!(key(t, &[0]), 0);
        }
    }
}
