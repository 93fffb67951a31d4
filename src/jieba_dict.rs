//! jieba's dictionary as a sorted table in the binary, and the two segmenters built from it: the
//! full one (every entry, for indexing) and a subset one for a short text (only the entries that
//! occur in it), which segments that text exactly as the full one does, for a fraction of the cost
//! of loading ~350k entries.
//!
//! # Why a subset segments exactly like the whole dictionary
//! What jieba-rs 0.11 computes for a text `s` in `cut`/`cut_for_search` reads the dictionary only
//! through
//! - the trie walk that builds each block's DAG (`Jieba::dag`, `CharTrie::for_each_prefix_at_every_char`):
//!   the words that start at a char of the block and lie inside it, shortest first;
//! - the route (`Jieba::calc`): `ln(freq)` of those words, and `ln(total)`, the log of the sum of
//!   every entry's frequency;
//! - "is this run a word" (`cut_unjoined_run`) and search mode's 2-/3-char grams
//!   (`cut_for_search`): both ask the block's DAG (`StaticSparseDAG::word_at`), i.e. again only
//!   words inside the block;
//! - the HMM, for runs that are not words: `Jieba::empty()` and `Jieba::new()` both leave
//!   `hmm_model` unset, so both use the built-in model compiled into jieba-rs.
//!
//! Blocks are runs of `[CJK A-Za-z0-9+#&._%-]` of `s`, so only dictionary words that are
//! substrings of `s` are ever seen. A `Jieba` holding just those (with their real frequency and
//! tag), plus one [`FILLER`] entry that makes its total equal the whole dictionary's, computes the
//! same floating-point values in the same order and so cuts `s` identically. The filler is a
//! Private Use Area char, which is never part of a block, so it is never matched itself.
//! `tests/integration/jieba_subset.rs` checks this against `Jieba::new()`.

use std::collections::HashMap;

use jieba_rs::Jieba;

mod table {
    include!(concat!(env!("OUT_DIR"), "/jieba_dict.rs"));
    /// The words, sorted by bytes, back to back.
    pub static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_words.bin"));
    /// `WORD_COUNT + 1` little-endian `u32`: word `i` is `WORDS[offset(i)..offset(i + 1)]`.
    pub static OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_offsets.bin"));
    /// `WORD_COUNT` little-endian `u32` frequencies.
    pub static FREQS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_freqs.bin"));
    /// `WORD_COUNT` indexes into `TAGS`.
    pub static TAG_IDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_tags.bin"));
}

pub use table::{MAX_WORD_CHARS, TOTAL_FREQ, WORD_COUNT};

/// The entry that brings a subset's total frequency up to the whole dictionary's: one Private Use
/// Area char, which jieba never puts in a block (blocks are CJK ideographs and
/// `[A-Za-z0-9+#&._%-]`), so no text ever matches it.
pub const FILLER: &str = "\u{E000}";

#[inline]
fn u32_at(bytes: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().expect("4 bytes"))
}

/// Bytes of word `i`.
#[inline]
fn word_bytes(i: usize) -> &'static [u8] {
    &table::WORDS[u32_at(table::OFFSETS, i) as usize..u32_at(table::OFFSETS, i + 1) as usize]
}

/// Entry `i` of the table: word, frequency, tag.
pub fn entry(i: usize) -> (&'static str, usize, &'static str) {
    let word = std::str::from_utf8(word_bytes(i)).expect("build.rs writes UTF-8 words");
    let freq = u32_at(table::FREQS, i) as usize;
    (word, freq, table::TAGS[table::TAG_IDS[i] as usize])
}

/// The dictionary's frequency and part-of-speech tag of `word`, if it is an entry.
pub fn lookup(word: &str) -> Option<(usize, &'static str)> {
    let prefix = word.as_bytes();
    let (lo, hi) = narrow(0, WORD_COUNT, prefix);
    (lo < hi && word_bytes(lo) == prefix).then(|| {
        let (_, freq, tag) = entry(lo);
        (freq, tag)
    })
}

/// The dictionary entries (indexes into the table, sorted, distinct) that are substrings of
/// `text`.
pub fn entries_in(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let mut found = Vec::new();
    // The range of words under each one- and two-char prefix met so far: the first steps
    // search the whole table and a long text meets the same few thousand prefixes again and
    // again (two thirds of a long policy's subset time went to those searches).
    let mut ranges: HashMap<&[u8], (usize, usize)> = HashMap::new();
    for (k, &start) in starts.iter().enumerate() {
        // Narrow the range of words having the text from `start` as a prefix, one char at a
        // time: sorted words sharing a prefix are contiguous, so each step is two binary
        // searches inside the previous range, and the walk stops as soon as no word continues.
        let (mut lo, mut hi) = (0, WORD_COUNT);
        for n in 1..=MAX_WORD_CHARS {
            if k + n > starts.len() {
                break;
            }
            let end = starts.get(k + n).copied().unwrap_or(bytes.len());
            let prefix = &bytes[start..end];
            (lo, hi) = if n <= 2 {
                *ranges
                    .entry(prefix)
                    .or_insert_with(|| narrow(lo, hi, prefix))
            } else {
                narrow(lo, hi, prefix)
            };
            if lo == hi {
                break;
            }
            if word_bytes(lo) == prefix {
                found.push(lo);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The range of the words of `lo..hi` that start with `prefix`.
fn narrow(lo: usize, hi: usize, prefix: &[u8]) -> (usize, usize) {
    let lo = lo + partition(lo, hi, |w| w < prefix);
    (lo, lo + partition(lo, hi, |w| w.starts_with(prefix)))
}

/// How many words of `lo..hi` (in order) satisfy `pred`, which must hold for a prefix of them.
#[inline]
fn partition(lo: usize, hi: usize, pred: impl Fn(&[u8]) -> bool) -> usize {
    let (mut a, mut b) = (lo, hi);
    while a < b {
        let mid = a + (b - a) / 2;
        if pred(word_bytes(mid)) {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    a - lo
}

/// A `Jieba` with the given entries plus the [`FILLER`] that makes its total the dictionary's.
fn jieba_of(entries: impl Iterator<Item = usize>) -> Jieba {
    let mut jieba = Jieba::empty();
    let mut sum = 0;
    for i in entries {
        let (word, freq, tag) = entry(i);
        jieba.add_word(word, Some(freq), Some(tag));
        sum += freq;
    }
    // jieba's total counts every dictionary line; `add_word` adds to it as it goes. (The whole
    // table needs no filler: the dictionary has no repeated word.)
    if sum < TOTAL_FREQ {
        jieba.add_word(FILLER, Some(TOTAL_FREQ - sum), Some("x"));
    }
    jieba
}

/// A `Jieba` that cuts `text` (and any substring of it) exactly as the whole dictionary does,
/// holding only the dictionary words found in `text` (see the module docs).
pub fn subset_for(text: &str) -> Jieba {
    jieba_of(entries_in(text).into_iter())
}

/// A `Jieba` with the whole dictionary.
pub fn full() -> Jieba {
    jieba_of(0..WORD_COUNT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_entries_and_only_entries() {
        assert_eq!(lookup("信息"), Some((12256, "n")));
        assert_eq!(lookup("多少"), Some((10457, "m")));
        // A prefix of entries, a word beyond the last entry, the empty string.
        // `信息技` only opens entries (`信息技术`).
        assert!(lookup("信息技术").is_some());
        assert_eq!(lookup("信息技"), None);
        assert_eq!(lookup("信息信息信息"), None);
        assert_eq!(lookup("\u{10FFFF}"), None);
        assert_eq!(lookup(""), None);
        for i in [0, 1, WORD_COUNT / 2, WORD_COUNT - 1] {
            let (word, freq, tag) = entry(i);
            assert_eq!(lookup(word), Some((freq, tag)), "{word}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_distinct() {
        const { assert!(WORD_COUNT > 300_000) };
        for i in 1..WORD_COUNT {
            assert!(word_bytes(i - 1) < word_bytes(i), "entry {i}");
        }
    }

    #[test]
    fn entries_in_finds_every_dictionary_substring() {
        let text = "我们的APP会收集您的精准位置信息 and 手机号码。";
        let found: Vec<&str> = entries_in(text).into_iter().map(|i| entry(i).0).collect();
        for w in [
            "我们",
            "精准",
            "位置",
            "信息",
            "手机",
            "号码",
            "手机号",
            "手机号码",
            "收集",
        ] {
            assert!(found.contains(&w), "{w} in {found:?}");
        }
        // Brute force: every substring of up to MAX_WORD_CHARS chars that is a word.
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut brute = Vec::new();
        for i in 0..chars.len() {
            for n in 1..=MAX_WORD_CHARS.min(chars.len() - i) {
                let end = chars.get(i + n).map_or(text.len(), |c| c.0);
                let s = &text[chars[i].0..end];
                let k = partition(0, WORD_COUNT, |w| w < s.as_bytes());
                if k < WORD_COUNT && word_bytes(k) == s.as_bytes() {
                    brute.push(k);
                }
            }
        }
        brute.sort_unstable();
        brute.dedup();
        assert_eq!(entries_in(text), brute);
    }
}
