use super::*;

/// The word lists the extractor gives the labeller besides the lexicon
/// (`data/lexicon/extract_words.tsv`): section titles outside the practices, purpose markers.
pub const EXTRACT_WORDS_TSV: &str = include_str!("../../data/lexicon/extract_words.tsv");

/// [`EXTRACT_WORDS_TSV`], parsed once.
pub(super) struct WordLists {
    pub(super) lists: std::collections::HashMap<&'static str, Vec<&'static str>>,
    /// The `purpose_marker` list as chars, in the list's order (longest first): the labeller's
    /// input looks for one at every char of every tagged clause.
    pub(super) purpose_markers: Vec<Vec<char>>,
}

impl WordLists {
    pub(super) fn get() -> &'static WordLists {
        static RULES: OnceLock<WordLists> = OnceLock::new();
        RULES.get_or_init(|| {
            let mut lists: std::collections::HashMap<&'static str, Vec<&'static str>> =
                Default::default();
            for line in EXTRACT_WORDS_TSV.lines() {
                if line.trim().is_empty() || line.starts_with('#') || line == "label\tphrase" {
                    continue;
                }
                let (label, phrase) = line
                    .split_once('\t')
                    .unwrap_or_else(|| panic!("extract_words.tsv: bad line {line:?}"));
                lists.entry(label).or_default().push(phrase);
            }
            let purpose_markers = lists
                .get("purpose_marker")
                .map(|v| v.iter().map(|w| w.chars().collect()).collect())
                .unwrap_or_default();
            WordLists {
                lists,
                purpose_markers,
            }
        })
    }

    pub(super) fn list(&self, label: &str) -> &[&'static str] {
        self.lists.get(label).map_or(&[], |v| v.as_slice())
    }
}
