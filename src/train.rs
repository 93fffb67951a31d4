//! Training the labeller ([`crate::labeller`]) on annotated policies (`policylens train`).
//!
//! Each annotated policy goes through the pipeline the CLI runs on a `.txt` file; every sentence
//! inside an annotated paragraph becomes one training sequence: its reading-view chars, their
//! feature keys (named by their hex form for the trainer) and `B-`/`I-`/`O` tags from the gold
//! spans. The `crfs` crate (a Rust port of CRFsuite) fits a linear-chain CRF by L-BFGS with
//! elastic-net regularization; its model is then converted to the labeller's compact format.
use std::time::Instant;

use crate::corpus::AnnotatedPolicy;
use crate::error::{Error, Result};
use crate::extract::{section_marks, Extractor};
use crate::labeller::{self, Features, NUM_TAGS};

/// The optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Batch L-BFGS with L1 + L2 regularization (OWL-QN): slow, sparse models.
    Lbfgs,
    /// Stochastic gradient descent with L2 regularization: converges in a few passes.
    L2Sgd,
    /// Averaged perceptron: fastest, no probabilities.
    Perceptron,
}

impl std::str::FromStr for Algorithm {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "lbfgs" => Ok(Algorithm::Lbfgs),
            "l2sgd" => Ok(Algorithm::L2Sgd),
            "ap" | "perceptron" => Ok(Algorithm::Perceptron),
            _ => Err(format!("没有算法“{s}”（可选：lbfgs、l2sgd、ap）")),
        }
    }
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub algorithm: Algorithm,
    /// Leave out features seen fewer times than this (perceptron).
    pub min_count: u32,
    /// L-BFGS iterations.
    pub iterations: usize,
    /// L1 (sparsity) and L2 regularization.
    pub c1: f64,
    pub c2: f64,
    /// Keep only this many feature keys, those with the largest weights (perceptron): a
    /// smaller table stays in the processor's cache, which is most of tagging's speed.
    pub max_keys: Option<usize>,
    /// Train a second pass over the first one's tags ([`labeller::stacked_features`]), the
    /// first pass's tags of the training policies coming from this many jackknife folds (each
    /// fold tagged by a first pass trained on the others); 0: no second pass (perceptron).
    pub stack_folds: usize,
    /// Print the trainer's progress.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            algorithm: Algorithm::Perceptron,
            min_count: 10,
            iterations: 20,
            c1: 0.05,
            c2: 0.01,
            max_keys: None,
            stack_folds: 0,
            verbose: false,
        }
    }
}

/// A trained model and what it was trained on.
pub struct Trained {
    /// The model in the labeller's format.
    pub model: Vec<u8>,
    /// The second pass, if asked for ([`TrainOptions::stack_folds`]).
    pub stacked: Option<Vec<u8>>,
    pub policies: usize,
    pub sentences: usize,
    pub chars: usize,
    pub keys: usize,
    pub seconds: f64,
}

/// One training sequence: per char its feature keys and its tag.
pub struct Example {
    pub features: Features,
    pub tags: Vec<usize>,
    /// What the features were computed from (the second pass reads it again).
    chars: Vec<char>,
    input: crate::extract::LabellerInput,
    /// For the second pass: the first pass's state scores (`[i * NUM_TAGS + tag]`), which its
    /// weights add to, and which jackknife fold's first pass gave them.
    base: Vec<f32>,
    fold: usize,
}

/// The training sequences of one annotated policy: the sentences inside annotated paragraphs.
pub fn examples(extractor: &Extractor, policy: &AnnotatedPolicy) -> Result<Vec<Example>> {
    let parsed = policy.parse()?;
    let regions = policy.annotated_regions();
    let gold = policy.gold();
    let mut out = Vec::new();
    for clause in extractor.clause_views(&parsed) {
        let sentence = &parsed.sentences[clause.sentence];
        let block = &parsed.blocks[sentence.block];
        if block.is_heading()
            || clause.chars.is_empty()
            || !regions.iter().any(|r| r.contains(sentence.span))
        {
            continue;
        }
        let data = extractor.data_hits_of(&clause);
        let input = extractor.labeller_input(&clause, &data, section_marks(&block.section));
        let mut features = Features::default();
        labeller::features(&input.clause(&clause.chars), &mut features);
        // Tag each char by the gold span holding its original offset.
        let mut tags = vec![0usize; clause.chars.len()];
        let mut previous: Option<usize> = None;
        for (i, &o) in clause.view.origin.iter().enumerate() {
            let holder = gold.iter().position(|(_, s)| s.start <= o && o < s.end);
            if let Some(g) = holder {
                tags[i] = labeller::tag_of(gold[g].0, previous == Some(g));
            }
            previous = holder;
        }
        out.push(Example {
            features,
            tags,
            chars: clause.chars.clone(),
            input,
            base: Vec::new(),
            fold: 0,
        });
    }
    Ok(out)
}

/// Train a model on `policies`.
pub fn train(policies: &[AnnotatedPolicy], options: &TrainOptions) -> Result<Trained> {
    let bad = |e: std::io::Error| Error::Training {
        message: crate::error::io_message(&e),
    };
    let path = std::env::temp_dir().join(format!(
        "policylens-train-{}-{:x}.crfsuite",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let started = Instant::now();
    let (sentences, chars) = match options.algorithm {
        Algorithm::Lbfgs => {
            let mut trainer = crfs::Trainer::lbfgs();
            let params = trainer.params_mut();
            params.set_c1(options.c1).map_err(bad)?;
            params.set_c2(options.c2).map_err(bad)?;
            params.set_max_iterations(options.iterations).map_err(bad)?;
            // Whole policies: each L-BFGS step is a full pass, and `crfs` clears per-instance
            // buffers as long as the feature table, so fewer, longer instances are faster.
            let counts = fill(policies, usize::MAX, |x, y| trainer.append(x, y))?;
            trainer.verbose(options.verbose).train(&path).map_err(bad)?;
            counts
        }
        Algorithm::L2Sgd => {
            let mut trainer = crfs::Trainer::l2sgd();
            let params = trainer.params_mut();
            params.set_c2(options.c2).map_err(bad)?;
            params.set_max_iterations(options.iterations).map_err(bad)?;
            params.set_shuffle_seed(Some(20261201));
            let counts = fill(policies, SENTENCES_PER_INSTANCE, |x, y| {
                trainer.append(x, y)
            })?;
            trainer.verbose(options.verbose).train(&path).map_err(bad)?;
            counts
        }
        Algorithm::Perceptron => {
            let extractor = Extractor::builtin();
            let mut groups = Vec::with_capacity(policies.len());
            for policy in policies {
                groups.push(examples(extractor, policy)?);
            }
            let all: Vec<&Example> = groups.iter().flatten().collect();
            let sentences = all.len();
            let chars = all.iter().map(|e| e.tags.len()).sum();
            let model = perceptron(&all, options);
            drop(all);
            let stacked = (options.stack_folds > 1)
                .then(|| stack(&mut groups, options))
                .transpose()?;
            let keys = labeller::Model::from_bytes(std::borrow::Cow::Owned(model.clone()))
                .map_err(|message| Error::Training { message })?
                .num_keys();
            return Ok(Trained {
                model,
                stacked,
                policies: policies.len(),
                sentences,
                chars,
                keys,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
    };
    let crfsuite = std::fs::read(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let _ = std::fs::remove_file(&path);
    let model = convert(&crfsuite)?;
    let keys = labeller::Model::from_bytes(std::borrow::Cow::Owned(model.clone()))
        .map_err(|message| Error::Training { message })?
        .num_keys();
    Ok(Trained {
        model,
        stacked: None,
        policies: policies.len(),
        sentences,
        chars,
        keys,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Train the second pass: tag each policy's sentences by a first pass trained without that
/// policy's fold (so the second pass learns how far to trust tags on text the first pass has
/// not seen, as in use), replace every example's features by its stacked features, and train
/// on those.
fn stack(groups: &mut [Vec<Example>], options: &TrainOptions) -> Result<Vec<u8>> {
    let folds = options.stack_folds;
    let mut first: Vec<Vec<(Vec<f32>, Vec<usize>)>> = vec![Vec::new(); groups.len()];
    let mut fold_transitions = Vec::new();
    for k in 0..folds {
        let rest: Vec<&Example> = groups
            .iter()
            .enumerate()
            .filter(|(p, _)| p % folds != k)
            .flat_map(|(_, g)| g)
            .collect();
        let model = perceptron(&rest, options);
        let model = labeller::Model::from_bytes(std::borrow::Cow::Owned(model))
            .map_err(|message| Error::Training { message })?;
        for (p, group) in groups.iter().enumerate().filter(|(p, _)| p % folds == k) {
            first[p] = group
                .iter()
                .map(|ex| {
                    let mut state = vec![0f32; ex.tags.len() * NUM_TAGS];
                    model.add_scores(&ex.features, &mut state);
                    let tags =
                        labeller::tag_scores(&state, model.transitions(), labeller::O_PENALTY);
                    (state, tags)
                })
                .collect();
        }
        fold_transitions.push(model.transitions().to_vec());
        if options.verbose {
            eprintln!("第二遍：第 {} / {folds} 折已标注", k + 1);
        }
    }
    for (p, (group, firsts)) in groups.iter_mut().zip(first).enumerate() {
        for (ex, (state, tags)) in group.iter_mut().zip(firsts) {
            let mut stacked = Features::default();
            labeller::stacked_features(&ex.input.clause(&ex.chars), &tags, &mut stacked);
            ex.features = stacked;
            ex.base = state;
            ex.fold = p % folds;
        }
    }
    let all: Vec<&Example> = groups.iter().flatten().collect();
    let (transitions, state) = perceptron_weights(
        &all,
        options.iterations,
        options.min_count,
        None,
        &fold_transitions,
        options.verbose,
    );
    Ok(labeller::Model::write(&transitions, &state))
}

/// Train by the averaged structured perceptron (Collins 2002): decode each sentence with the
/// current weights and, where the best path differs from the gold one, add the gold path's
/// features and subtract the predicted path's; the model is the average of the weights over
/// all steps (kept with the `w - u / c` trick, so each update stays sparse). Sentences are
/// visited in a fixed pseudo-random order per pass, so training is reproducible.
fn perceptron(examples: &[&Example], options: &TrainOptions) -> Vec<u8> {
    let (mut transitions, mut state) = perceptron_weights(
        examples,
        options.iterations,
        options.min_count,
        None,
        &[],
        options.verbose,
    );
    if let Some(max_keys) = options.max_keys {
        // Keep the keys that weigh most, then train again on those alone, so the kept
        // weights make up for the features that were left out.
        prune(&mut state, max_keys);
        let kept: std::collections::HashSet<u64> = state.iter().map(|(k, _)| *k).collect();
        (transitions, state) = perceptron_weights(
            examples,
            options.iterations,
            0,
            Some(&kept),
            &[],
            options.verbose,
        );
    }
    labeller::Model::write(&transitions, &state)
}

/// Keep the `max_keys` keys whose largest weight is largest (ties by key, so the result is
/// reproducible): a feature whose weights are all small rarely changes a decision.
fn prune(state: &mut Vec<(u64, Vec<(u8, f32)>)>, max_keys: usize) {
    if state.len() <= max_keys {
        return;
    }
    let largest = |pairs: &[(u8, f32)]| pairs.iter().map(|(_, w)| w.abs()).fold(0f32, f32::max);
    state.sort_by(|a, b| largest(&b.1).total_cmp(&largest(&a.1)).then(a.0.cmp(&b.0)));
    state.truncate(max_keys);
    state.sort_unstable_by_key(|(k, _)| *k);
}

/// The averaged perceptron's weights: transitions and, per feature key, its (tag, weight) pairs.
#[allow(clippy::type_complexity)]
fn perceptron_weights(
    examples: &[&Example],
    passes: usize,
    min_count: u32,
    only: Option<&std::collections::HashSet<u64>>,
    // For a second pass: per jackknife fold, the first pass's transitions its own add to
    // (and each example's `base` scores its state weights add to); empty for a first pass.
    base_transitions: &[Vec<f32>],
    verbose: bool,
) -> (Vec<f32>, Vec<(u64, Vec<(u8, f32)>)>) {
    // Features seen fewer than `min_count` times (or not in `only`) are left out: they decide
    // little and make the model (and every lookup while tagging) larger.
    let mut counts: std::collections::HashMap<u64, u32> = Default::default();
    for ex in examples {
        for &k in &ex.features.keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut slots: std::collections::HashMap<u64, usize> = Default::default();
    let mut w: Vec<[f32; NUM_TAGS]> = Vec::new();
    let mut u: Vec<[f64; NUM_TAGS]> = Vec::new();
    for (&k, &c) in &counts {
        if c >= min_count && only.is_none_or(|keys| keys.contains(&k)) {
            slots.insert(k, w.len());
            w.push([0.0; NUM_TAGS]);
            u.push([0.0; NUM_TAGS]);
        }
    }
    drop(counts);
    let mut tw = vec![0f32; NUM_TAGS * NUM_TAGS];
    let mut tu = vec![0f64; NUM_TAGS * NUM_TAGS];
    let mut step = 1f64;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut state = Vec::new();
    for pass in 0..passes {
        crate::topics::shuffle(&mut order, &mut rng);
        let mut wrong_chars = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let n = ex.tags.len();
            state.clear();
            if ex.base.is_empty() {
                state.resize(n * NUM_TAGS, 0f32);
            } else {
                state.extend_from_slice(&ex.base);
            }
            for i in 0..n {
                let row = &mut state[i * NUM_TAGS..(i + 1) * NUM_TAGS];
                for k in ex.features.row(i) {
                    if let Some(&s) = slots.get(k) {
                        for (r, x) in row.iter_mut().zip(&w[s]) {
                            *r += x;
                        }
                    }
                }
            }
            let predicted = match base_transitions.get(ex.fold) {
                Some(base) => {
                    let sum: Vec<f32> = tw.iter().zip(base).map(|(a, b)| a + b).collect();
                    labeller::viterbi(&state, &sum)
                }
                None => labeller::viterbi(&state, &tw),
            };
            if predicted != ex.tags {
                for i in 0..n {
                    let (g, p) = (ex.tags[i], predicted[i]);
                    if g != p {
                        wrong_chars += 1;
                        for k in ex.features.row(i) {
                            let Some(&s) = slots.get(k) else { continue };
                            w[s][g] += 1.0;
                            w[s][p] -= 1.0;
                            u[s][g] += step;
                            u[s][p] -= step;
                        }
                    }
                    if i > 0 {
                        let (gp, pp) = (ex.tags[i - 1], predicted[i - 1]);
                        if (gp, g) != (pp, p) {
                            tw[gp * NUM_TAGS + g] += 1.0;
                            tw[pp * NUM_TAGS + p] -= 1.0;
                            tu[gp * NUM_TAGS + g] += step;
                            tu[pp * NUM_TAGS + p] -= step;
                        }
                    }
                }
            }
            step += 1.0;
        }
        if verbose {
            eprintln!(
                "第 {} 轮：{} 个字符中错了 {} 个",
                pass + 1,
                examples.iter().map(|e| e.tags.len()).sum::<usize>(),
                wrong_chars
            );
        }
    }
    // Averaged weights: w - u / step. Tiny weights are dropped (they change no decision).
    let average = |w: f32, u: f64| (w as f64 - u / step) as f32;
    let transitions: Vec<f32> = tw.iter().zip(&tu).map(|(&w, &u)| average(w, u)).collect();
    let mut keyed: Vec<(u64, usize)> = slots.into_iter().collect();
    keyed.sort_unstable();
    let state: Vec<(u64, Vec<(u8, f32)>)> = keyed
        .into_iter()
        .filter_map(|(key, s)| {
            let pairs: Vec<(u8, f32)> = (0..NUM_TAGS)
                .map(|t| (t as u8, average(w[s][t], u[s][t])))
                .filter(|(_, x)| x.abs() >= 1e-3)
                .collect();
            (!pairs.is_empty()).then_some((key, pairs))
        })
        .collect();
    (transitions, state)
}

/// Sentences per training instance for the online optimizers: `crfs` does work as long as the
/// feature table per instance, so single sentences would cost quadratic time, while whole
/// policies would make too few updates per pass.
const SENTENCES_PER_INSTANCE: usize = 16;

/// Append the training sequences of `policies` to `trainer`, `per_instance` sentences one
/// after another in each instance (between sentences the chain only learns that one ends in
/// `O`). Returns the sentence and char counts.
fn fill(
    policies: &[AnnotatedPolicy],
    per_instance: usize,
    mut append: impl FnMut(&[Vec<crfs::Attribute>], &[&str]) -> std::io::Result<()>,
) -> Result<(usize, usize)> {
    let bad = |e: std::io::Error| Error::Training {
        message: crate::error::io_message(&e),
    };
    let extractor = Extractor::builtin();
    let tag_names: Vec<String> = (0..NUM_TAGS).map(labeller::tag_name).collect();
    let (mut sentences, mut chars) = (0, 0);
    for policy in policies {
        let mut xseq: Vec<Vec<crfs::Attribute>> = Vec::new();
        let mut yseq: Vec<&str> = Vec::new();
        let mut in_instance = 0;
        let examples = examples(extractor, policy)?;
        let count = examples.len();
        for (i, example) in examples.into_iter().enumerate() {
            xseq.extend((0..example.features.len()).map(|i| {
                example
                    .features
                    .row(i)
                    .iter()
                    .map(|k| crfs::Attribute::new(format!("{k:016x}"), 1.0))
                    .collect()
            }));
            yseq.extend(example.tags.iter().map(|&t| tag_names[t].as_str()));
            sentences += 1;
            in_instance += 1;
            if (in_instance == per_instance || i + 1 == count) && !xseq.is_empty() {
                chars += yseq.len();
                append(&xseq, &yseq).map_err(bad)?;
                xseq.clear();
                yseq.clear();
                in_instance = 0;
            }
        }
    }
    Ok((sentences, chars))
}

/// Convert a CRFsuite model (as `crfs` writes it) into the labeller's format, through the
/// model's dump: `(1) <key hex> --> <tag>: <weight>` for state features, `(0) <tag> --> <tag>:
/// <weight>` for transitions.
fn convert(crfsuite: &[u8]) -> Result<Vec<u8>> {
    let bad = |m: String| Error::Training {
        message: format!("无法读取训练出的模型：{m}"),
    };
    let model = crfs::Model::new(crfsuite).map_err(|e| bad(e.to_string()))?;
    let mut dump = Vec::new();
    model.dump(&mut dump).map_err(|e| bad(e.to_string()))?;
    let dump = String::from_utf8(dump).map_err(|e| bad(e.to_string()))?;
    let tag_index = |name: &str| (0..NUM_TAGS).find(|&t| labeller::tag_name(t) == name);
    let mut transitions = vec![0f32; NUM_TAGS * NUM_TAGS];
    let mut state: std::collections::BTreeMap<u64, Vec<(u8, f32)>> = Default::default();
    let mut section = "";
    for line in dump.lines() {
        if line.ends_with("= {") {
            section = line.trim_end_matches(" = {");
            continue;
        }
        let line = line.trim();
        let Some(rest) = line.strip_prefix('(').and_then(|l| l.split_once(") ")) else {
            continue;
        };
        let body = rest.1;
        let Some((pair, weight)) = body.rsplit_once(": ") else {
            continue;
        };
        let Some((from, to)) = pair.split_once(" --> ") else {
            continue;
        };
        let weight: f32 = weight
            .parse()
            .map_err(|_| bad(format!("weight in {line:?}")))?;
        let to = tag_index(to).ok_or_else(|| bad(format!("tag in {line:?}")))?;
        match section {
            "TRANSITIONS" => {
                let from = tag_index(from).ok_or_else(|| bad(format!("tag in {line:?}")))?;
                transitions[from * NUM_TAGS + to] = weight;
            }
            "STATE_FEATURES" if weight != 0.0 => {
                let key = u64::from_str_radix(from, 16)
                    .map_err(|_| bad(format!("feature in {line:?}")))?;
                state.entry(key).or_default().push((to as u8, weight));
            }
            _ => {}
        }
    }
    let state: Vec<(u64, Vec<(u8, f32)>)> = state.into_iter().collect();
    Ok(labeller::Model::write(&transitions, &state))
}

/// Write a one-line summary of a training run (for the provenance file beside the model).
pub fn summary(trained: &Trained, options: &TrainOptions, out: &mut impl std::io::Write) {
    let _ = writeln!(
        out,
        "已用 {} 份政策、{} 个句子、{} 个字符训练：{} 个特征键，{:?}，{} 轮（c1 {}，c2 {}），用时 {:.0} 秒",
        trained.policies,
        trained.sentences,
        trained.chars,
        trained.keys,
        options.algorithm,
        options.iterations,
        options.c1,
        options.c2,
        trained.seconds
    );
}

/// The topic examples of annotated policies: each block with the topic of the paragraph it
/// overlaps most (blocks outside every topic paragraph are left out).
pub fn topic_examples(policies: &[AnnotatedPolicy]) -> Result<Vec<(Vec<u64>, usize)>> {
    let mut out = Vec::new();
    for policy in policies {
        let parsed = policy.parse()?;
        for (b, block) in parsed.blocks.iter().enumerate() {
            let best = policy
                .topics
                .iter()
                .filter_map(|t| {
                    let overlap = block
                        .span
                        .end
                        .min(t.end)
                        .saturating_sub(block.span.start.max(t.start));
                    (overlap > 0).then_some((overlap, t))
                })
                .max_by_key(|(o, _)| *o);
            if let Some(class) = best.and_then(|(_, t)| crate::topics::topic_index(&t.topic)) {
                out.push((crate::topics::block_features(&parsed, b), class));
            }
        }
    }
    Ok(out)
}
