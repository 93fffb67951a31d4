//! Compiles jieba's dictionary (`data/jieba/dict.txt`) into a sorted lookup table in `OUT_DIR`,
//! read by `src/jieba_dict.rs`. Sorting here, once, is what lets a process find the dictionary
//! words inside a short text by binary search instead of loading all ~350k entries (~0.15 s).
use std::fmt::Write as _;
use std::path::Path;

const DICT: &str = "data/jieba/dict.txt";

fn main() {
    println!("cargo:rerun-if-changed={DICT}");
    println!("cargo:rerun-if-changed=build.rs");
    code_hash();
    let text = std::fs::read_to_string(DICT).unwrap_or_else(|e| panic!("{DICT}: {e}"));

    // Parsed as jieba-rs's `load_default_dict` does: `word freq tag`, split on ASCII whitespace,
    // a missing frequency is 0 and a missing tag is "". Every line counts towards the total
    // (jieba sums its records, duplicates included), but a repeated word keeps its last entry
    // (the one jieba's trie ends up pointing at).
    let mut total: u64 = 0;
    let mut entries: Vec<(&str, u32, &str)> = Vec::with_capacity(360_000);
    for (n, line) in text.lines().enumerate() {
        let mut it = line.split_ascii_whitespace();
        let Some(word) = it.next() else { continue };
        let freq: u32 = it.next().map_or(0, |f| {
            f.parse()
                .unwrap_or_else(|e| panic!("{DICT}:{}: frequency {f:?}: {e}", n + 1))
        });
        let tag = it.next().unwrap_or("");
        total += u64::from(freq);
        entries.push((word, freq, tag));
    }
    // Stable sort, then keep the last of each run of equal words.
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut deduped: Vec<(&str, u32, &str)> = Vec::with_capacity(entries.len());
    for e in entries {
        match deduped.last_mut() {
            Some(last) if last.0 == e.0 => *last = e,
            _ => deduped.push(e),
        }
    }

    let mut tags: Vec<&str> = Vec::new();
    let mut words = Vec::new();
    let mut offsets = Vec::with_capacity((deduped.len() + 1) * 4);
    let mut freqs = Vec::with_capacity(deduped.len() * 4);
    let mut tag_ids = Vec::with_capacity(deduped.len());
    let mut max_chars = 0;
    for &(word, freq, tag) in &deduped {
        offsets.extend_from_slice(&(words.len() as u32).to_le_bytes());
        words.extend_from_slice(word.as_bytes());
        freqs.extend_from_slice(&freq.to_le_bytes());
        let id = match tags.iter().position(|t| *t == tag) {
            Some(id) => id,
            None => {
                tags.push(tag);
                tags.len() - 1
            }
        };
        tag_ids.push(u8::try_from(id).expect("at most 256 distinct tags"));
        max_chars = max_chars.max(word.chars().count());
    }
    offsets.extend_from_slice(&(words.len() as u32).to_le_bytes());

    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let out = Path::new(&out);
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    };
    write("jieba_words.bin", &words);
    write("jieba_offsets.bin", &offsets);
    write("jieba_freqs.bin", &freqs);
    write("jieba_tags.bin", &tag_ids);
    let mut rs = String::new();
    writeln!(rs, "/// Distinct words in the dictionary.").unwrap();
    writeln!(rs, "pub const WORD_COUNT: usize = {};", deduped.len()).unwrap();
    writeln!(rs, "/// Sum of the frequencies of every dictionary line.").unwrap();
    writeln!(rs, "pub const TOTAL_FREQ: usize = {total};").unwrap();
    writeln!(rs, "/// Chars in the longest word.").unwrap();
    writeln!(rs, "pub const MAX_WORD_CHARS: usize = {max_chars};").unwrap();
    writeln!(rs, "/// Distinct tags; `TAG_IDS` index it.").unwrap();
    writeln!(rs, "pub static TAGS: [&str; {}] = {:?};", tags.len(), tags).unwrap();
    write("jieba_dict.rs", rs.as_bytes());
}

/// A hash of the library's sources (`src/`, every `.rs` file, by path and content), as
/// `POLICYLENS_CODE_HASH`: a library's stored extractions are kept only for the code that made
/// them (a new segmentation numbers sentences differently, and an extraction points at them).
fn code_hash() {
    use std::hash::{Hash, Hasher};
    println!("cargo:rerun-if-changed=src");
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    files.sort();
    // (SipHash with fixed keys: the same sources give the same hash on every build.)
    let mut h = std::hash::DefaultHasher::new();
    for f in &files {
        f.to_string_lossy().hash(&mut h);
        std::fs::read(f)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
            .hash(&mut h);
    }
    println!("cargo:rustc-env=POLICYLENS_CODE_HASH={:016x}", h.finish());
}
