//! What a clause's text alone decides, kept by that text so a clause written again is read once.
//!
//! A clause's lexicon data hits depend only on its reading-view text, and what the labeller
//! tags in it only on that text and its section marks ([`crate::labeller::Clause`]): jieba's
//! words, the lexicon's and cue lists' marks and every feature come from them. Policies repeat
//! themselves and each other (`为了…，我们会收集…` in every policy built from the same template:
//! 30 % of the crawl's sentence chars repeat an earlier sentence), so the extractor looks a
//! clause up here before reading it ([`super::Extractor::extract_cached`]). What it finds is
//! exactly what reading it would give; where the clause is, its offsets in the original and its
//! sentence number are applied afterwards, clause by clause, as before.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Hit, Label};

/// What one clause text gives the extractor.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClauseResult {
    /// Lexicon data hits on jieba word boundaries ([`super::Extractor::data_hits_of`]).
    pub data: Vec<(Hit, Option<usize>)>,
    /// The labeller's result under each section marks the clause has been tagged under
    /// (nearly always one): `None` when it has nothing to tag or tagged nothing.
    pub tagged: Vec<(u16, Option<Arc<Tagged>>)>,
}

impl ClauseResult {
    /// The labeller's result under section marks `section`, if the clause was tagged under them.
    pub fn tagged_under(&self, section: u16) -> Option<Option<&Tagged>> {
        self.tagged
            .iter()
            .find(|(s, _)| *s == section)
            .map(|(_, t)| t.as_deref())
    }

    /// About how much memory the entry takes, with its key of `text_len` bytes.
    fn bytes(&self, text_len: usize) -> usize {
        // The key's, the result's and each vector's allocations, and the map's slot with the
        // room a hash map keeps free.
        const ENTRY_OVERHEAD: usize = 192;
        let tagged: usize = self
            .tagged
            .iter()
            .map(|(_, t)| {
                std::mem::size_of::<(u16, Option<Arc<Tagged>>)>()
                    + t.as_ref().map_or(0, |t| {
                        ENTRY_OVERHEAD
                            + t.marks.len() * std::mem::size_of::<u16>()
                            + t.spans.len() * std::mem::size_of::<(Label, Hit)>()
                    })
            })
            .sum();
        ENTRY_OVERHEAD
            + text_len
            + self.data.len() * std::mem::size_of::<(Hit, Option<usize>)>()
            + tagged
    }
}

/// What the labeller found in a clause that states a practice: its spans, and the marks the
/// practices are read with.
#[derive(Debug)]
pub(crate) struct Tagged {
    pub marks: Vec<u16>,
    pub spans: Vec<(Label, Hit)>,
}

/// Clause results by clause text, for one policy or for a whole import (shared by its
/// workers), holding about `limit` bytes at most: two generations, the newer taking what is
/// found in the older, the older dropped when the newer is full — the clauses that keep
/// recurring stay, a long run of clauses seen once passes through.
pub(crate) struct ClauseCache {
    generations: Mutex<Generations>,
    limit: usize,
}

#[derive(Default)]
struct Generations {
    current: HashMap<Box<str>, Arc<ClauseResult>>,
    current_bytes: usize,
    previous: HashMap<Box<str>, Arc<ClauseResult>>,
}

impl ClauseCache {
    /// A cache of about `limit` bytes at most.
    pub fn new(limit: usize) -> ClauseCache {
        ClauseCache {
            generations: Mutex::default(),
            limit,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations> {
        // A panic elsewhere never leaves an entry half made: entries are whole when put.
        self.generations.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The result kept for a clause text.
    pub fn get(&self, text: &str) -> Option<Arc<ClauseResult>> {
        let mut g = self.lock();
        if let Some(r) = g.current.get(text) {
            return Some(r.clone());
        }
        let (key, r) = g.previous.remove_entry(text)?;
        self.insert(&mut g, key, r.clone());
        Some(r)
    }

    /// Keep `result` for a clause text (replacing what was kept for it). A cache of no bytes
    /// keeps nothing: every clause is read (what tests compare the cache with).
    pub fn put(&self, text: &str, result: Arc<ClauseResult>) {
        if self.limit == 0 {
            return;
        }
        let mut g = self.lock();
        self.insert(&mut g, text.into(), result);
    }

    fn insert(&self, g: &mut Generations, key: Box<str>, result: Arc<ClauseResult>) {
        let bytes = result.bytes(key.len());
        if g.current_bytes + bytes > self.limit / 2 {
            g.previous = std::mem::take(&mut g.current);
            g.current_bytes = 0;
        }
        g.current_bytes += bytes;
        g.current.insert(key, result);
    }

    /// Texts kept (for tests).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        let g = self.lock();
        g.current.len() + g.previous.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(n: usize) -> Arc<ClauseResult> {
        Arc::new(ClauseResult {
            data: vec![(Hit { start: 0, end: n }, Some(n))],
            tagged: vec![],
        })
    }

    #[test]
    fn what_is_put_is_got_until_two_generations_have_passed() {
        let entry = result(1).bytes(4);
        // Room for two entries a generation.
        let cache = ClauseCache::new(4 * entry + 1);
        cache.put("abcd", result(1));
        assert_eq!(cache.get("abcd").unwrap().data[0].1, Some(1));
        assert!(cache.get("efgh").is_none());
        cache.put("aaaa", result(2));
        cache.put("bbbb", result(3)); // the first generation is now the older one
        assert!(cache.get("aaaa").is_some()); // found in the older: taken into the newer
        cache.put("cccc", result(4)); // the newer is full again: the older is dropped
        cache.put("dddd", result(5));
        assert!(cache.get("abcd").is_none());
        assert!(cache.len() <= 4);
        assert_eq!(cache.get("dddd").unwrap().data[0].1, Some(5));
    }

    #[test]
    fn policies_read_through_a_shared_cache_give_what_reading_them_gives() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let extractor = super::super::Extractor::builtin();
        let shared = ClauseCache::new(64 << 20);
        // A cache so small that it keeps dropping what it holds.
        let small = ClauseCache::new(20_000);
        // Each policy twice: the second time nearly every clause is found in the cache.
        for name in [
            "kuaishou.txt",
            "kuaishou-shop.txt",
            "kuaishou.txt",
            "tencent.md",
        ] {
            let policy = crate::parse::parse_file(&dir.join(name), &Default::default()).unwrap();
            let plain = extractor.extract_cached(&policy, true, &ClauseCache::new(0));
            assert!(!plain.practices.is_empty(), "{name}");
            for cache in [&shared, &small] {
                assert_eq!(
                    extractor.extract_cached(&policy, true, cache),
                    plain,
                    "{name}"
                );
                let practices = extractor.extract_cached(&policy, false, cache);
                assert_eq!(practices.spans, plain.spans, "{name}");
                assert_eq!(practices.practices, plain.practices, "{name}");
            }
        }
        assert!(shared.len() > 100);
    }

    #[test]
    fn a_result_is_found_by_its_section_marks() {
        let tagged = Arc::new(Tagged {
            marks: vec![1, 0],
            spans: vec![(Label::Data, Hit { start: 0, end: 2 })],
        });
        let r = ClauseResult {
            data: vec![],
            tagged: vec![(3, Some(tagged)), (0, None)],
        };
        assert_eq!(r.tagged_under(3).unwrap().unwrap().marks, vec![1, 0]);
        assert!(r.tagged_under(0).unwrap().is_none());
        assert!(r.tagged_under(1).is_none());
    }
}
