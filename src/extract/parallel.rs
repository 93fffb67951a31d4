//! One long policy's clauses read on every core, for a caller extracting that one policy.
//!
//! The sentences are cut into runs at block edges; threads take runs in turn (so a run of
//! tagged clauses and a run of headings even out) and each extracts its runs as the sequential
//! extractor would; the runs' results are then joined in sentence order, their practices'
//! span indices moved by the spans before them, and sorted as one. The result is the
//! sequential one, byte for byte (`tests` below, and `tests/integration/extract.rs`).
//!
//! Callers that already extract many policies at once (an import's workers, `Library::analyse`)
//! run on threads marked by [`as_pool_worker`] (`crate::threads`): there a policy is read on its
//! own thread alone, so the machine's cores are never asked for more threads than it has.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::extractor::finish;
use super::*;

/// A policy shorter than this (UTF-8 bytes, ~10,000 chars) is extracted on the caller's thread
/// alone: reading it takes ~10 ms, and a thread costs ~0.1 ms to start and join, so below that
/// the threads' share of the work no longer pays for them.
const PARALLEL_FROM_BYTES: usize = 30_000;

/// Runs per thread: enough that one slow run (a long table of tagged clauses) does not leave
/// the other threads idle at the end, few enough that each is long.
const RUNS_PER_THREAD: usize = 16;

pub use crate::threads::{as_pool_worker, is_pool_worker};

/// How many threads to read `policy` with.
pub(super) fn threads_for(policy: &Policy) -> usize {
    if policy.text.len() < PARALLEL_FROM_BYTES || is_pool_worker() {
        return 1;
    }
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(policy.sentences.len() / 64)
        .clamp(1, 8)
}

/// [`Extractor::extract_with`] on `threads` threads (this one among them).
pub(super) fn extract_in_parallel(
    extractor: &Extractor,
    policy: &Policy,
    mentions: bool,
    cache: &ClauseCache,
    threads: usize,
) -> Extraction {
    let jieba = Arc::new(extractor.document_jieba(policy));
    let runs = runs_of(policy, threads * RUNS_PER_THREAD);
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Extraction)>> = Mutex::new(Vec::with_capacity(runs.len()));
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(run) = runs.get(i) else { break };
        let mut part = Extraction::default();
        extractor.extract_sentences(
            policy,
            run.clone(),
            jieba.clone(),
            mentions,
            cache,
            &mut part,
        );
        done.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((i, part));
    };
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let mut parts = done.into_inner().unwrap_or_else(|e| e.into_inner());
    parts.sort_by_key(|(i, _)| *i);
    let mut out = Extraction::default();
    for (_, part) in parts {
        append(&mut out, part);
    }
    finish(policy, &mut out);
    out
}

/// Add the extraction of the sentences after `out`'s to it, as if one extractor had read both:
/// `part`'s practices point into its own spans, which now follow `out`'s.
fn append(out: &mut Extraction, part: Extraction) {
    let base = out.spans.len();
    out.spans.extend(part.spans);
    out.mentions.extend(part.mentions);
    out.practices
        .extend(part.practices.into_iter().map(|mut p| {
            let shift = |i: &mut usize| *i += base;
            p.handler.as_mut().map(shift);
            p.purpose.as_mut().map(shift);
            p.condition.as_mut().map(shift);
            p.receiver.as_mut().map(shift);
            p.data.iter_mut().for_each(shift);
            p
        }));
}

/// About `count` runs of `policy`'s sentences of similar length, in order, each ending where a
/// block does (a block's topic and section are then worked out by one run only).
fn runs_of(policy: &Policy, count: usize) -> Vec<std::ops::Range<usize>> {
    let sentences = &policy.sentences;
    let total: usize = sentences.iter().map(|s| s.span.end - s.span.start).sum();
    let target = total.div_ceil(count.max(1)).max(1);
    let mut runs = Vec::with_capacity(count + 1);
    let (mut start, mut length) = (0, 0);
    for (i, s) in sentences.iter().enumerate() {
        length += s.span.end - s.span.start;
        let block_ends = sentences.get(i + 1).is_none_or(|n| n.block != s.block);
        if length >= target && block_ends {
            runs.push(start..i + 1);
            (start, length) = (i + 1, 0);
        }
    }
    if start < sentences.len() {
        runs.push(start..sentences.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extractor::POLICY_CACHE_BYTES;

    fn policy(text: &str) -> Policy {
        crate::parse::parse_bytes(
            std::path::Path::new("p.txt"),
            text.as_bytes(),
            &crate::parse::ParseOptions::default(),
        )
        .unwrap()
    }

    fn bundled() -> Policy {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let mut text = String::new();
        for name in ["kuaishou.txt", "kuaishou-shop.txt", "huajian.txt"] {
            text.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
            text.push('\n');
        }
        policy(&text)
    }

    #[test]
    fn runs_cover_every_sentence_in_order_and_end_with_blocks() {
        let p = bundled();
        for count in [1, 2, 7, 50, 10_000] {
            let runs = runs_of(&p, count);
            assert_eq!(runs.first().unwrap().start, 0);
            assert_eq!(runs.last().unwrap().end, p.sentences.len());
            for pair in runs.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                let (last, first) = (&p.sentences[pair[0].end - 1], &p.sentences[pair[1].start]);
                assert_ne!(last.block, first.block, "a run ends inside a block");
            }
            assert!(runs.iter().all(|r| !r.is_empty()));
        }
        assert!(runs_of(&policy("隐私政策"), 4).len() <= 1);
    }

    #[test]
    fn a_policy_read_on_several_threads_gives_what_one_thread_gives() {
        let p = bundled();
        let extractor = Extractor::builtin();
        let one = extractor.extract_cached(&p, true, &ClauseCache::new(0));
        for threads in [2, 3] {
            let cache = ClauseCache::new(POLICY_CACHE_BYTES);
            let many = extract_in_parallel(extractor, &p, true, &cache, threads);
            assert_eq!(many, one, "{threads} threads");
            let practices_only = extract_in_parallel(extractor, &p, false, &cache, threads);
            assert_eq!(practices_only.spans, one.spans);
            assert_eq!(practices_only.practices, one.practices);
            assert!(practices_only.mentions.is_empty());
        }
        assert!(!one.practices.is_empty());
    }

    #[test]
    fn a_pool_worker_reads_a_long_policy_alone() {
        let p = bundled();
        assert!(p.text.len() >= PARALLEL_FROM_BYTES);
        let alone = as_pool_worker(|| threads_for(&p));
        assert_eq!(alone, 1);
        assert!(!is_pool_worker(), "the mark is taken off afterwards");
        assert_eq!(
            threads_for(&policy("隐私政策\n我们会收集您的手机号码。\n")),
            1
        );
    }
}
