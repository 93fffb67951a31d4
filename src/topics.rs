//! Paragraph topics: what each block of a policy is about — collection and use, third parties,
//! what the user provides, children, rights, storage, security, updates, definitions, contact …
//! (the 17 paragraph topics of CA4P, see `data/model/README.md`).
//!
//! The extractor labels practices only in blocks whose topic is about practices
//! ([`PRACTICE_TOPICS`]): a data type named in a rights, security or definitions paragraph is a
//! mention, not something the app collects. A multi-class averaged perceptron over the block's
//! character unigrams and bigrams and its section titles' bigrams decides; it is trained with
//! the labeller (`policylens train`) and stored in `data/model/topics.bin`.
use std::borrow::Cow;
use std::collections::HashMap;

use crate::weight_table::WeightTable;
use std::sync::OnceLock;

use crate::document::Policy;

/// The topics, in class order: CA4P's ids and what they are about.
pub const TOPICS: [(&str, &str); 17] = [
    ("e_1", "收集和使用"),
    ("e_2", "共享、转让、公开披露"),
    ("e_3", "您提供的信息与账号"),
    ("e_4", "您的权利"),
    ("e_5", "存储"),
    ("e_6", "安全保护"),
    ("e_7", "政策更新"),
    ("e_8", "定义"),
    ("e_9", "征得同意的例外"),
    ("e_10", "撤回同意与权限"),
    ("e_11", "未成年人"),
    ("e_12", "跨境传输与副本"),
    ("e_13", "通知与推广信息"),
    ("e_14", "联系我们"),
    ("e_15", "Cookie 和同类技术"),
    ("e_16", "概述"),
    ("e_17", "其他"),
];

/// The topics whose paragraphs state practices (the ones CA4P annotated spans in).
pub const PRACTICE_TOPICS: [&str; 4] = ["e_1", "e_2", "e_3", "e_11"];

/// The topics whose paragraphs state no use of data: the user's rights, security, policy
/// updates, definitions, contact. A data type they name (`个人信息包括…个人位置信息`, `在显著位置
/// 提示`) says nothing of what the app does with it. (Not the overview: its paragraphs, and the
/// closing terms the classifier reads as one, do state uses — 分贝通's `您理解并同意：…通过您注册时
/// 填写的手机号码…向您发送…广告宣传信息`.)
pub const NO_USE_TOPICS: [&str; 5] = ["e_4", "e_6", "e_7", "e_8", "e_14"];

/// Whether topic class `t` is one of [`NO_USE_TOPICS`].
pub fn states_no_use(t: usize) -> bool {
    NO_USE_TOPICS.contains(&TOPICS[t].0)
}

const NUM_TOPICS: usize = TOPICS.len();

/// The class index of a topic id.
pub fn topic_index(id: &str) -> Option<usize> {
    TOPICS.iter().position(|(t, _)| *t == id)
}

/// Whether topic class `t` is about practices.
pub fn is_practice_topic(t: usize) -> bool {
    PRACTICE_TOPICS.contains(&TOPICS[t].0)
}

/// Paragraphs shorter than this (chars, whitespace aside) are classified with their neighbours.
const SHORT_BLOCK: usize = 20;

/// The feature keys of a block: distinct hashes of its text's chars and char pairs (with its
/// neighbours' in its section when it is shorter than [`SHORT_BLOCK`]), and of its section
/// titles' char pairs (marked apart from the text's).
pub fn block_features(policy: &Policy, block: usize) -> Vec<u64> {
    let mut keys = block_feature_keys(policy, block);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// [`block_features`] as they come, a key as often as it occurs.
fn block_feature_keys(policy: &Policy, block: usize) -> Vec<u64> {
    let b = &policy.blocks[block];
    let text = policy.visible_text(b.span);
    // (Normalized char by char as read: `normalize` maps one char to one.)
    let mut keys: Vec<u64> = Vec::with_capacity(2 * text.chars().count() + 2);
    let mix = |t: u64, a: u64, b: u64| -> u64 {
        let mut h = (t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h = (h.rotate_left(29) ^ b).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 31)
    };
    keys.push(mix(0, 0, 0));
    keys.push(mix(1, b.is_heading() as u64, 0));
    let text_keys = |text: &str, keys: &mut Vec<u64>| {
        let mut prev = 0u64;
        for c in text
            .chars()
            .map(crate::normalize::normalize_char)
            .filter(|c| !c.is_whitespace())
        {
            keys.push(mix(2, c as u64, 0));
            keys.push(mix(3, prev, c as u64));
            prev = c as u64;
        }
    };
    text_keys(&text, &mut keys);
    // A short paragraph says too little alone (助销宝's collection list: `收集的方式：用户输入。`
    // read as a definition, so `个人信息字段：姓名、手机号码、身份证号码…` beside it was no
    // collection): it is read with its neighbours in the same section, as one paragraph.
    // (On `valid`: 0.814 → 0.832 of blocks right, practice topics P/R 0.903/0.918 →
    // 0.915/0.931, the model unchanged. Not longer paragraphs: at 40 chars a whole sentence,
    // `我们可能会共享您的个人信息，以提供更好的服务。`, was read as the update notice beside it.)
    if !b.is_heading() && text.chars().filter(|c| !c.is_whitespace()).count() < SHORT_BLOCK {
        for n in [block.wrapping_sub(1), block + 1] {
            if let Some(nb) = policy.blocks.get(n) {
                if !nb.is_heading() && nb.section == b.section {
                    text_keys(&policy.visible_text(nb.span), &mut keys);
                }
            }
        }
    }
    for title in b.section.iter() {
        let mut prev = 0u64;
        for c in crate::normalize::normalize(title).chars() {
            keys.push(mix(4, prev, c as u64));
            prev = c as u64;
        }
    }
    keys
}

/// A trained topic classifier: one weight per topic for each feature key, in a
/// [`WeightTable`] read in place from the program's own bytes.
pub struct TopicModel {
    table: WeightTable<NUM_TOPICS>,
}

/// The topic model shipped with the program.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../data/model/topics.bin");

/// Names a topic model file to use instead of the builtin one (developers comparing models).
pub const TOPICS_ENV: &str = "POLICYLENS_TOPICS";

/// The topic model file's first bytes.
pub const MAGIC: &[u8; 8] = b"PLTOP\x00\x00\x02";

impl TopicModel {
    /// The model shipped with the program, read once.
    pub fn builtin() -> &'static TopicModel {
        static MODEL: OnceLock<TopicModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            if let Some(path) = std::env::var_os(TOPICS_ENV) {
                let shown = std::path::Path::new(&path).display().to_string();
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{TOPICS_ENV}={shown}: {e}"));
                return TopicModel::from_bytes(Cow::Owned(bytes))
                    .unwrap_or_else(|e| panic!("{TOPICS_ENV}={shown}: {e}"));
            }
            TopicModel::from_bytes(Cow::Borrowed(BUILTIN_MODEL))
                .expect("data/model/topics.bin is a valid topic model")
        })
    }

    /// Read a model: magic, class count (u32), then the weight table; little endian.
    pub fn from_bytes(bytes: Cow<'static, [u8]>) -> Result<TopicModel, String> {
        if bytes.get(..8) != Some(MAGIC) {
            return Err("not a PolicyLens topic model of this version (bad magic)".into());
        }
        let classes = bytes
            .get(8..12)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize)
            .ok_or("topic model ends early")?;
        if classes != NUM_TOPICS {
            return Err(format!(
                "topic model has {classes} classes, expected {NUM_TOPICS}"
            ));
        }
        Ok(TopicModel {
            table: WeightTable::read(bytes, 12)?,
        })
    }

    /// Write a model in the format [`TopicModel::from_bytes`] reads.
    pub fn write(rows: &[(u64, [f32; NUM_TOPICS])]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(NUM_TOPICS as u32).to_le_bytes());
        WeightTable::write(rows, &mut out);
        out
    }

    /// The topic class of a block with these features.
    pub fn classify(&self, keys: &[u64]) -> usize {
        let mut score = [0i32; NUM_TOPICS];
        self.table.add_keys(keys, &mut score);
        (0..NUM_TOPICS).max_by_key(|&a| score[a]).unwrap_or(0)
    }

    /// The topic class of block `block` of `policy`: [`Self::classify`] of its
    /// [`block_features`], without sorting them all to count each once — most of a block's
    /// keys are not in the model, so only the keys found are made distinct.
    pub fn classify_block(&self, policy: &Policy, block: usize) -> usize {
        let mut score = [0i32; NUM_TOPICS];
        self.table
            .add_distinct_keys(&block_feature_keys(policy, block), &mut score);
        (0..NUM_TOPICS).max_by_key(|&a| score[a]).unwrap_or(0)
    }

    /// The topic class of every block of `policy`.
    pub fn classify_blocks(&self, policy: &Policy) -> Vec<usize> {
        (0..policy.blocks.len())
            .map(|b| self.classify_block(policy, b))
            .collect()
    }
}

/// Train a topic model by the averaged multi-class perceptron over `(features, class)` examples.
///
/// With `max_keys`, only the keys whose largest weight is largest are kept and the classifier
/// is trained again on those alone: a table that stays in the processor's cache classifies a
/// block several times faster.
pub fn train(examples: &[(Vec<u64>, usize)], passes: usize, max_keys: Option<usize>) -> Vec<u8> {
    let mut rows = train_rows(examples, passes, None);
    if let Some(max_keys) = max_keys.filter(|&m| m < rows.len()) {
        let largest = |w: &[f32; NUM_TOPICS]| w.iter().map(|x| x.abs()).fold(0f32, f32::max);
        rows.sort_by(|a, b| largest(&b.1).total_cmp(&largest(&a.1)).then(a.0.cmp(&b.0)));
        rows.truncate(max_keys);
        let kept: std::collections::HashSet<u64> = rows.iter().map(|(k, _)| *k).collect();
        rows = train_rows(examples, passes, Some(&kept));
    }
    TopicModel::write(&rows)
}

/// The averaged perceptron's rows, sorted by key; with `only`, other keys are ignored.
fn train_rows(
    examples: &[(Vec<u64>, usize)],
    passes: usize,
    only: Option<&std::collections::HashSet<u64>>,
) -> Vec<(u64, [f32; NUM_TOPICS])> {
    let mut slots: HashMap<u64, usize> = HashMap::new();
    let mut w: Vec<[f32; NUM_TOPICS]> = Vec::new();
    let mut u: Vec<[f64; NUM_TOPICS]> = Vec::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut step = 1f64;
    for _ in 0..passes {
        shuffle(&mut order, &mut rng);
        for &e in &order {
            let (keys, gold) = &examples[e];
            let mut score = [0f32; NUM_TOPICS];
            for k in keys {
                if let Some(&s) = slots.get(k) {
                    for (x, y) in score.iter_mut().zip(&w[s]) {
                        *x += y;
                    }
                }
            }
            let predicted = (0..NUM_TOPICS)
                .max_by(|&a, &b| score[a].total_cmp(&score[b]))
                .unwrap_or(0);
            if predicted != *gold {
                for &k in keys {
                    if only.is_some_and(|keys| !keys.contains(&k)) {
                        continue;
                    }
                    let s = *slots.entry(k).or_insert_with(|| {
                        w.push([0.0; NUM_TOPICS]);
                        u.push([0.0; NUM_TOPICS]);
                        w.len() - 1
                    });
                    w[s][*gold] += 1.0;
                    w[s][predicted] -= 1.0;
                    u[s][*gold] += step;
                    u[s][predicted] -= step;
                }
            }
            step += 1.0;
        }
    }
    let mut rows: Vec<(u64, [f32; NUM_TOPICS])> = slots
        .into_iter()
        .map(|(key, s)| {
            let mut avg = [0f32; NUM_TOPICS];
            for t in 0..NUM_TOPICS {
                avg[t] = (w[s][t] as f64 - u[s][t] / step) as f32;
            }
            (key, avg)
        })
        .filter(|(_, avg)| avg.iter().any(|x| x.abs() >= 1e-3))
        .collect();
    rows.sort_unstable_by_key(|(k, _)| *k);
    rows
}

/// How well the classifier finds practice paragraphs among `examples`: (blocks right,
/// precision and recall of "is a practice topic").
pub fn score(model: &TopicModel, examples: &[(Vec<u64>, usize)]) -> (f64, f64, f64) {
    let (mut right, mut tp, mut predicted, mut gold) = (0, 0, 0, 0);
    for (keys, class) in examples {
        let p = model.classify(keys);
        right += usize::from(p == *class);
        let (pp, gp) = (is_practice_topic(p), is_practice_topic(*class));
        tp += usize::from(pp && gp);
        predicted += usize::from(pp);
        gold += usize::from(gp);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (
        ratio(right, examples.len()),
        ratio(tp, predicted),
        ratio(tp, gold),
    )
}

/// Shuffle `order` in place (Fisher–Yates with xorshift64 from `rng`): a fixed seed gives a
/// fixed order, so training is reproducible.
pub(crate) fn shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        order.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_classified_as_its_distinct_features_are() {
        let model = TopicModel::builtin();
        let mut blocks = 0;
        for name in ["huajian.txt", "kuaishou.txt", "tencent.md"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("policies")
                .join(name);
            let policy =
                crate::parse::parse_file(&path, &crate::parse::ParseOptions::default()).unwrap();
            for b in 0..policy.blocks.len() {
                assert_eq!(
                    model.classify_block(&policy, b),
                    model.classify(&block_features(&policy, b)),
                    "{name} block {b}"
                );
                blocks += 1;
            }
        }
        assert!(blocks > 100, "{blocks} blocks");
    }

    /// 助销宝's collection list: `收集的方式：用户输入。` alone read as a definition, and so did
    /// the `个人信息字段：…身份证号码…` beside it. A short paragraph is read with its neighbours in
    /// its section; a long one, a heading and a neighbour in another section are read alone.
    #[test]
    fn a_short_paragraph_is_read_with_its_neighbours_in_its_section() {
        let text = "六、收集个人信息明示清单\n收集目的：用于积分换算成金额提现到支付宝账号以及个税申请。\n\
                    收集的方式：用户输入。\n个人信息字段：姓名、手机号码、身份证号码、支付宝账号。\n\
                    七、我们如何保护您的个人信息\n我们已使用符合业界标准的安全防护措施保护您提供的个人信息，\
                    防止数据遭到未经授权访问、公开披露、使用、修改、损坏或丢失。\n";
        let policy = crate::parse::parse_bytes(
            std::path::Path::new("清单.txt"),
            text.as_bytes(),
            &crate::parse::ParseOptions::default(),
        )
        .unwrap();
        let block_of = |opening: &str| {
            (0..policy.blocks.len())
                .find(|&b| {
                    policy
                        .visible_text(policy.blocks[b].span)
                        .starts_with(opening)
                })
                .unwrap_or_else(|| panic!("no block {opening}"))
        };
        let way = block_of("收集的方式");
        let fields = block_of("个人信息字段");
        let keys = block_features(&policy, way);
        // The neighbour's chars are among the short paragraph's keys.
        let char_key = |c: char| {
            let mut h = (2u64.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ c as u64)
                .wrapping_mul(0xff51_afd7_ed55_8ccd);
            h = h.rotate_left(29).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            h ^ (h >> 31)
        };
        assert!(keys.contains(&char_key('税')), "收集目的's chars");
        assert!(keys.contains(&char_key('证')), "个人信息字段's chars");
        // The long paragraph after the heading reads only itself.
        let protect = block_of("我们已使用");
        assert!(!block_features(&policy, protect).contains(&char_key('税')));
        assert!(crate::topics::is_practice_topic(
            TopicModel::builtin().classify_block(&policy, fields)
        ));
    }
}
