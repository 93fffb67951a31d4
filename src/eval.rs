//! Score extracted spans against the hand-annotated gold set.
//!
//! # Span format
//!
//! Both sides are [`LabeledSpan`]s: a label string and a half-open
//! `start..end` range of **char** (Unicode scalar) offsets into the same plain
//! text, the stripped text of [`crate::gold::AnnotatedText`]. Gold spans are
//! converted with `LabeledSpan::from(&gold_span)` or [`gold_spans`].
//!
//! # Label mapping
//!
//! The extractor and the gold annotation do not use the same label set, so
//! both sides go through [`canonical_label`] (case-insensitive) first:
//!
//! | predicted              | compared as | why |
//! |------------------------|-------------|-----|
//! | `collect`, `share`     | `action`    | gold `[…]` marks any collect/share verb without saying which |
//! | `data`, `handler`      | same        | |
//! | `purpose`, `condition` | same        | gold `{…}` is split by `当{…}`/`{…}时`, see [`crate::gold`] |
//! | `subject`              | ignored     | the gold set has no subject mark |
//! | anything else          | itself      | gets its own row (gold 0), so a typo shows up instead of vanishing |
//!
//! Because a single gold mark `{…}` covers both purposes and conditions, and
//! the split between them is a heuristic, the report also has a merged row
//! `purpose_or_condition` (gold `purpose ∪ condition` vs predicted
//! `purpose ∪ condition`, label ignored inside the union), and a final `all`
//! row: micro-averaged counts over every other row except the merged one (so
//! nothing is counted twice).
//!
//! # Scores
//!
//! Spans are sets: identical spans (same canonical label and offsets) are
//! deduplicated on both sides before scoring, so `collect 3..5` and
//! `share 3..5` are one `action` prediction.
//!
//! * **exact**: a prediction is correct when a gold span has the same label and
//!   the same `start` and `end`. Precision = matches / predictions, recall =
//!   matches / gold.
//! * **overlap**: a prediction is correct when it shares at least one char with
//!   a gold span of its label (`p.start < g.end && g.start < p.end`; a
//!   zero-length span overlaps nothing); a gold span is found when some
//!   prediction of its label overlaps it. Precision = correct predictions /
//!   predictions, recall = found gold / gold. Overlap is the forgiving score:
//!   `设备信息` vs `您的设备信息` or `收集并保留` vs `收集` count.
//!
//! **Empty denominators give 0**: with no predictions precision is 0, with no
//! gold recall is 0, and F1 is 0 whenever precision + recall is 0. A label with
//! neither gold nor predictions therefore reads 0/0/0, not 1; the `gold` and
//! `pred` columns show when a zero means "nothing to score".
//!
//! # Annotated paragraphs
//!
//! The annotator marked only some paragraphs of the excerpt (sections 10 and
//! 11, for example, have no marks at all, though they talk about collecting
//! information). Predictions there are counted as false positives by the
//! whole-text score. [`annotated_regions`] finds the paragraphs that hold at
//! least one gold span, and [`restrict`] keeps only the spans inside them, so
//! [`evaluate_gold`] reports a second, fairer score beside the whole-text one.

use crate::gold::{AnnotatedText, GoldSpan};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Label of the merged purpose ∪ condition row.
pub const PURPOSE_OR_CONDITION: &str = "purpose_or_condition";
/// Label of the micro-averaged row.
pub const ALL: &str = "all";
/// The gold labels, in report order.
const BASE_LABELS: [&str; 5] = ["handler", "action", "data", "purpose", "condition"];

/// A labelled char range `start..end` (half-open) in a plain text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LabeledSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
}

impl LabeledSpan {
    pub fn new(label: impl Into<String>, start: usize, end: usize) -> Self {
        LabeledSpan {
            label: label.into(),
            start,
            end,
        }
    }
}

impl From<&GoldSpan> for LabeledSpan {
    fn from(g: &GoldSpan) -> Self {
        LabeledSpan::new(g.label.as_str(), g.start, g.end)
    }
}

impl From<GoldSpan> for LabeledSpan {
    fn from(g: GoldSpan) -> Self {
        LabeledSpan::from(&g)
    }
}

/// All gold spans of an annotated text as [`LabeledSpan`]s.
pub fn gold_spans(gold: &AnnotatedText) -> Vec<LabeledSpan> {
    gold.spans.iter().map(LabeledSpan::from).collect()
}

/// The label a span is compared under, or `None` if it is not scored.
///
/// `collect`/`share` → `action`; `subject` (and an empty label) → `None`;
/// anything else is lowercased and kept.
pub fn canonical_label(label: &str) -> Option<String> {
    let l = label.trim().to_lowercase();
    match l.as_str() {
        "collect" | "share" | "action" => Some("action".to_string()),
        "subject" | "" => None,
        _ => Some(l),
    }
}

/// Precision, recall and F1, each in `0.0..=1.0`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// From counts; an empty denominator gives 0 (see the module docs).
    fn from_counts(correct_pred: usize, pred: usize, found_gold: usize, gold: usize) -> Prf {
        let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        let precision = ratio(correct_pred, pred);
        let recall = ratio(found_gold, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Scores of one label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelScores {
    pub label: String,
    /// Distinct gold spans of this label.
    pub gold: usize,
    /// Distinct predicted spans of this label (after mapping and dedup).
    pub predicted: usize,
    pub exact: Prf,
    pub overlap: Prf,
}

/// One row per label: the gold labels, `purpose_or_condition`, any unknown
/// predicted labels, then `all`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EvalReport {
    pub labels: Vec<LabelScores>,
}

impl EvalReport {
    /// The row of `label`, if any.
    pub fn get(&self, label: &str) -> Option<&LabelScores> {
        self.labels.iter().find(|s| s.label == label)
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .labels
            .iter()
            .map(|s| s.label.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        writeln!(
            f,
            "{:<width$}  {:>5} {:>5}  {:>7} {:>6} {:>6}  {:>7} {:>6} {:>6}",
            "标签", "标准", "预测", "精确 P", "R", "F1", "重叠 P", "R", "F1"
        )?;
        for s in &self.labels {
            writeln!(
                f,
                "{:<width$}  {:>5} {:>5}  {:>7.3} {:>6.3} {:>6.3}  {:>7.3} {:>6.3} {:>6.3}",
                s.label,
                s.gold,
                s.predicted,
                s.exact.precision,
                s.exact.recall,
                s.exact.f1,
                s.overlap.precision,
                s.overlap.recall,
                s.overlap.f1,
            )?;
        }
        Ok(())
    }
}

/// Raw counts behind one row.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    exact: usize,
    overlap_correct_pred: usize,
    overlap_found_gold: usize,
}

impl Counts {
    fn of(gold: &BTreeSet<(usize, usize)>, pred: &BTreeSet<(usize, usize)>) -> Counts {
        let overlaps = |a: &(usize, usize), b: &(usize, usize)| a.0 < b.1 && b.0 < a.1;
        Counts {
            gold: gold.len(),
            pred: pred.len(),
            exact: pred.intersection(gold).count(),
            overlap_correct_pred: pred
                .iter()
                .filter(|p| gold.iter().any(|g| overlaps(p, g)))
                .count(),
            overlap_found_gold: gold
                .iter()
                .filter(|g| pred.iter().any(|p| overlaps(p, g)))
                .count(),
        }
    }

    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.exact += o.exact;
        self.overlap_correct_pred += o.overlap_correct_pred;
        self.overlap_found_gold += o.overlap_found_gold;
    }

    fn scores(self, label: &str) -> LabelScores {
        LabelScores {
            label: label.to_string(),
            gold: self.gold,
            predicted: self.pred,
            exact: Prf::from_counts(self.exact, self.pred, self.exact, self.gold),
            overlap: Prf::from_counts(
                self.overlap_correct_pred,
                self.pred,
                self.overlap_found_gold,
                self.gold,
            ),
        }
    }
}

/// Canonical, deduplicated `(label, start, end)` set.
fn canonical_set(spans: &[LabeledSpan]) -> BTreeSet<(String, usize, usize)> {
    spans
        .iter()
        .filter_map(|s| Some((canonical_label(&s.label)?, s.start, s.end)))
        .collect()
}

/// Offsets of the spans whose label is one of `labels`.
fn ranges(set: &BTreeSet<(String, usize, usize)>, labels: &[&str]) -> BTreeSet<(usize, usize)> {
    set.iter()
        .filter(|(l, _, _)| labels.contains(&l.as_str()))
        .map(|&(_, s, e)| (s, e))
        .collect()
}

/// Score `predicted` against `gold`, label by label (see the module docs).
pub fn evaluate(gold: &[LabeledSpan], predicted: &[LabeledSpan]) -> EvalReport {
    let gold = canonical_set(gold);
    let pred = canonical_set(predicted);

    let extra: BTreeSet<&str> = gold
        .iter()
        .chain(&pred)
        .map(|(l, _, _)| l.as_str())
        .filter(|l| !BASE_LABELS.contains(l))
        .collect();

    let mut labels = Vec::new();
    let mut total = Counts::default();
    for label in BASE_LABELS.iter().copied().chain(extra.iter().copied()) {
        let c = Counts::of(&ranges(&gold, &[label]), &ranges(&pred, &[label]));
        total.add(c);
        labels.push(c.scores(label));
        if label == "condition" {
            let both = ["purpose", "condition"];
            let merged = Counts::of(&ranges(&gold, &both), &ranges(&pred, &both));
            labels.push(merged.scores(PURPOSE_OR_CONDITION));
        }
    }
    labels.push(total.scores(ALL));
    EvalReport { labels }
}

/// Char ranges of the paragraphs of `gold.text` that hold a gold span.
///
/// A paragraph is a line: the text between line breaks (`\n`, `\r\n` or
/// `\r`), the break itself excluded. A line is annotated when a gold span
/// overlaps it. Consecutive annotated lines (no blank line between) are merged
/// into one region, so a hard-wrapped paragraph such as the fixture's
/// `[收集` + line break stays whole. Ranges are sorted and disjoint.
pub fn annotated_regions(gold: &AnnotatedText) -> Vec<(usize, usize)> {
    let chars: Vec<char> = gold.text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            '\r' => {
                lines.push((start, i));
                if chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, chars.len()));

    let mut regions: Vec<(usize, usize)> = Vec::new();
    let mut previous_annotated = false;
    for &(ls, le) in &lines {
        let annotated = gold.spans.iter().any(|s| s.start < le && ls < s.end);
        if annotated {
            match regions.last_mut() {
                Some(last) if previous_annotated => last.1 = le,
                _ => regions.push((ls, le)),
            }
        }
        previous_annotated = annotated;
    }
    regions
}

/// The spans that lie wholly inside one of `regions` (`start..end` ranges).
pub fn restrict(predicted: &[LabeledSpan], regions: &[(usize, usize)]) -> Vec<LabeledSpan> {
    predicted
        .iter()
        .filter(|s| regions.iter().any(|&(rs, re)| rs <= s.start && s.end <= re))
        .cloned()
        .collect()
}

/// The whole-text score and the score restricted to annotated paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvaluation {
    pub whole_text: EvalReport,
    pub annotated_paragraphs: EvalReport,
    /// How many annotated regions the second score covers.
    pub regions: usize,
}

impl fmt::Display for GoldEvaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "全文")?;
        write!(f, "{}", self.whole_text)?;
        writeln!(f)?;
        writeln!(f, "仅标注过的段落（{} 处）", self.regions)?;
        write!(f, "{}", self.annotated_paragraphs)
    }
}

/// Score `predicted` against an annotated text, on the whole text and on the
/// annotated paragraphs only (both sides restricted).
pub fn evaluate_gold(gold: &AnnotatedText, predicted: &[LabeledSpan]) -> GoldEvaluation {
    let g = gold_spans(gold);
    let regions = annotated_regions(gold);
    GoldEvaluation {
        whole_text: evaluate(&g, predicted),
        annotated_paragraphs: evaluate(&restrict(&g, &regions), &restrict(predicted, &regions)),
        regions: regions.len(),
    }
}

/// Run the extractor on an inline-annotated policy file and score it against its marks: the
/// marks are stripped, the plain text is parsed like any `.txt` policy and extracted, and the
/// predictions are compared with the gold spans.
pub fn evaluate_annotated_file(path: &std::path::Path) -> crate::error::Result<GoldEvaluation> {
    let (gold, predicted) = predict_annotated_file(path)?;
    Ok(evaluate_gold(&gold, &predicted))
}

/// The gold text and the extractor's predictions on it, for scoring or error analysis.
pub fn predict_annotated_file(
    path: &std::path::Path,
) -> crate::error::Result<(AnnotatedText, Vec<LabeledSpan>)> {
    let bytes = std::fs::read(path).map_err(|source| crate::error::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let decoded = crate::decode::decode(&bytes).map_err(|p| crate::error::Error::Refused {
        path: path.to_path_buf(),
        reason: p.to_string(),
    })?;
    Ok(predict_annotated(&decoded.text))
}

/// Strip the marks of an annotated text, parse and extract the plain text.
pub fn predict_annotated(annotated: &str) -> (AnnotatedText, Vec<LabeledSpan>) {
    let gold = crate::gold::parse_annotated(annotated);
    let predicted = match crate::parse::parse_bytes(
        std::path::Path::new("annotated.txt"),
        gold.text.as_bytes(),
        &Default::default(),
    ) {
        // The excerpt marks each item of a list on its own: data spans are scored by their items.
        Ok(policy) => crate::extract::extract(&policy)
            .spans
            .iter()
            .flat_map(|s| {
                let items = if s.items.is_empty() {
                    vec![s.span]
                } else {
                    s.items.clone()
                };
                items
                    .into_iter()
                    .map(|i| LabeledSpan::new(s.label.as_str(), i.start, i.end))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    (gold, predicted)
}

/// A label and the text it covers.
pub type LabelText = (String, String);

/// Predictions that overlap no gold span of their label, and gold spans no prediction overlaps,
/// as `(label, text)` pairs — what to look at when improving the extractor.
pub fn errors(gold: &AnnotatedText, predicted: &[LabeledSpan]) -> (Vec<LabelText>, Vec<LabelText>) {
    let g = gold_spans(gold);
    let map = |s: &LabeledSpan| canonical_label(&s.label);
    let text = |s: &LabeledSpan| crate::gold::char_slice(&gold.text, s.start, s.end).to_string();
    let overlaps = |a: &LabeledSpan, b: &LabeledSpan| a.start < b.end && b.start < a.end;
    let same = |a: &LabeledSpan, b: &LabeledSpan| {
        let (la, lb) = (map(a), map(b));
        la.is_some() && (la == lb || (is_pc(&la) && is_pc(&lb)))
    };
    let false_positives = predicted
        .iter()
        .filter(|p| map(p).is_some() && !g.iter().any(|x| same(p, x) && overlaps(p, x)))
        .map(|p| (p.label.clone(), text(p)))
        .collect();
    let misses = g
        .iter()
        .filter(|x| !predicted.iter().any(|p| same(p, x) && overlaps(p, x)))
        .map(|x| (x.label.clone(), text(x)))
        .collect();
    (false_positives, misses)
}

fn is_pc(label: &Option<String>) -> bool {
    matches!(label.as_deref(), Some("purpose" | "condition"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gold::parse_annotated;

    const FIXTURE: &str = include_str!("../tests/fixtures/kuaishou-annotated.txt");

    fn sp(label: &str, start: usize, end: usize) -> LabeledSpan {
        LabeledSpan::new(label, start, end)
    }

    fn row<'a>(r: &'a EvalReport, label: &str) -> &'a LabelScores {
        r.get(label)
            .unwrap_or_else(|| panic!("no row {label} in\n{r}"))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn eval_exact_vs_overlap() {
        let gold = [sp("data", 0, 4), sp("data", 6, 10), sp("data", 20, 22)];
        let pred = [
            sp("data", 0, 4),   // exact
            sp("data", 5, 8),   // overlaps 6..10 only
            sp("data", 10, 12), // touches 6..10 at its end: no shared char
            sp("data", 4, 6),   // between two gold spans: no shared char
        ];
        let r = evaluate(&gold, &pred);
        let d = row(&r, "data");
        assert_eq!((d.gold, d.predicted), (3, 4));
        assert!(close(d.exact.precision, 0.25));
        assert!(close(d.exact.recall, 1.0 / 3.0));
        assert!(close(
            d.exact.f1,
            2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)
        ));
        assert!(close(d.overlap.precision, 0.5));
        assert!(close(d.overlap.recall, 2.0 / 3.0));
    }

    #[test]
    fn eval_overlap_many_to_one() {
        // Two predictions inside one gold span: both correct, the gold found once.
        let gold = [sp("purpose", 0, 10), sp("purpose", 20, 30)];
        let pred = [sp("purpose", 1, 3), sp("purpose", 5, 9)];
        let p = row(&evaluate(&gold, &pred), "purpose").clone();
        assert!(close(p.overlap.precision, 1.0));
        assert!(close(p.overlap.recall, 0.5));
        assert!(close(p.exact.f1, 0.0));
        // One long prediction covering two gold spans finds both.
        let wide = [sp("purpose", 0, 30)];
        let p = row(&evaluate(&gold, &wide), "purpose").clone();
        assert!(close(p.overlap.precision, 1.0));
        assert!(close(p.overlap.recall, 1.0));
    }

    #[test]
    fn eval_label_mapping() {
        let gold = [
            sp("action", 0, 2),
            sp("action", 5, 7),
            sp("condition", 10, 15),
            sp("handler", 20, 22),
        ];
        let pred = [
            sp("collect", 0, 2),
            sp("Share", 5, 7),
            sp("purpose", 10, 15),
            sp("subject", 20, 22),
            sp("subject", 40, 42),
            sp("handler", 20, 22),
        ];
        let r = evaluate(&gold, &pred);
        let a = row(&r, "action");
        assert_eq!((a.gold, a.predicted), (2, 2));
        assert!(close(a.exact.f1, 1.0));
        // Gold says condition, the extractor says purpose: wrong in both rows...
        assert!(close(row(&r, "condition").exact.recall, 0.0));
        assert_eq!(row(&r, "condition").predicted, 0);
        assert!(close(row(&r, "purpose").exact.precision, 0.0));
        // ...but right in the merged one.
        let m = row(&r, PURPOSE_OR_CONDITION);
        assert_eq!((m.gold, m.predicted), (1, 1));
        assert!(close(m.exact.f1, 1.0));
        // `subject` is ignored: no row, no false positive.
        assert!(r.get("subject").is_none());
        let all = row(&r, ALL);
        assert_eq!((all.gold, all.predicted), (4, 4));
        assert!(close(all.exact.precision, 0.75));
        assert!(close(all.exact.recall, 0.75));

        let order: Vec<&str> = r.labels.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            order,
            [
                "handler",
                "action",
                "data",
                "purpose",
                "condition",
                PURPOSE_OR_CONDITION,
                ALL
            ]
        );
    }

    #[test]
    fn eval_unknown_label_gets_its_own_row() {
        let r = evaluate(&[sp("data", 0, 2)], &[sp("datum", 0, 2)]);
        let x = row(&r, "datum");
        assert_eq!((x.gold, x.predicted), (0, 1));
        assert!(close(x.exact.precision, 0.0));
        assert!(close(row(&r, "data").exact.recall, 0.0));
        assert_eq!(r.labels.last().unwrap().label, ALL);
        assert_eq!(row(&r, ALL).predicted, 1);
    }

    #[test]
    fn eval_empty_cases() {
        let r = evaluate(&[], &[]);
        for s in &r.labels {
            assert_eq!((s.gold, s.predicted), (0, 0));
            assert_eq!(s.exact, Prf::default());
            assert_eq!(s.overlap, Prf::default());
        }
        // Gold but no predictions: precision 0 (empty denominator), recall 0.
        let r = evaluate(&[sp("data", 0, 2)], &[]);
        assert_eq!(row(&r, "data").exact, Prf::default());
        // Predictions but no gold.
        let r = evaluate(&[], &[sp("handler", 0, 2)]);
        let h = row(&r, "handler");
        assert_eq!((h.gold, h.predicted), (0, 1));
        assert_eq!(h.overlap, Prf::default());
        // Zero-length spans never overlap, but can match exactly.
        let r = evaluate(&[sp("data", 3, 3)], &[sp("data", 3, 3)]);
        assert!(close(row(&r, "data").exact.f1, 1.0));
        assert!(close(row(&r, "data").overlap.f1, 0.0));
    }

    #[test]
    fn eval_deduplicates_predictions() {
        let gold = [sp("data", 0, 4), sp("data", 10, 14)];
        let pred = [sp("data", 0, 4), sp("data", 0, 4), sp("DATA", 0, 4)];
        let d = row(&evaluate(&gold, &pred), "data").clone();
        assert_eq!(d.predicted, 1);
        assert!(close(d.exact.precision, 1.0));
        assert!(close(d.exact.recall, 0.5));
        // collect + share at the same place are one action.
        let r = evaluate(
            &[sp("action", 0, 2)],
            &[sp("collect", 0, 2), sp("share", 0, 2)],
        );
        assert_eq!(row(&r, "action").predicted, 1);
        assert!(close(row(&r, "action").exact.precision, 1.0));
        // purpose + condition at the same place are one merged prediction.
        let r = evaluate(
            &[sp("purpose", 0, 2)],
            &[sp("purpose", 0, 2), sp("condition", 0, 2)],
        );
        assert_eq!(row(&r, PURPOSE_OR_CONDITION).predicted, 1);
        assert_eq!(row(&r, ALL).predicted, 2);
    }

    #[test]
    fn eval_regions_and_restrict() {
        let a = parse_annotated("甲\n\n(我们)[收集]\n乙\n<丙>\r\n丁");
        assert_eq!(a.text, "甲\n\n我们收集\n乙\n丙\r\n丁");
        assert_eq!(annotated_regions(&a), vec![(3, 7), (10, 11)]);

        // Consecutive annotated lines merge (hard wrap inside a mark).
        let b = parse_annotated("我们会[收集\n并保留您的<信息>\n\n无");
        assert_eq!(annotated_regions(&b), vec![(0, 13)]);
        assert!(annotated_regions(&parse_annotated("无标注\n文本")).is_empty());

        let regions = [(3, 7), (10, 11)];
        let pred = [
            sp("handler", 3, 5),
            sp("data", 10, 11),
            sp("data", 0, 1),   // outside
            sp("action", 5, 9), // crosses the region end
        ];
        assert_eq!(restrict(&pred, &regions), pred[..2].to_vec());
        assert!(restrict(&pred, &[]).is_empty());
    }

    #[test]
    fn eval_fixture_against_itself() {
        let a = parse_annotated(FIXTURE);
        let gold = gold_spans(&a);
        let regions = annotated_regions(&a);
        assert_eq!(regions.len(), 14);
        assert_eq!(restrict(&gold, &regions), gold);
        // Sections 10 and 11 have no marks.
        let start10 = a.text[..a.text.find("10、其他目的").unwrap()]
            .chars()
            .count();
        assert!(regions.iter().all(|&(_, e)| e < start10));

        let e = evaluate_gold(&a, &gold);
        for r in [&e.whole_text, &e.annotated_paragraphs] {
            for s in &r.labels {
                if s.gold > 0 {
                    assert!(close(s.exact.f1, 1.0), "{s:?}");
                    assert!(close(s.overlap.f1, 1.0), "{s:?}");
                }
            }
            assert_eq!(row(r, "data").gold, 78);
            assert_eq!(row(r, PURPOSE_OR_CONDITION).gold, 15);
            assert_eq!(row(r, ALL).gold, 125);
        }

        // A prediction in an unannotated paragraph only hurts the whole-text score.
        let mut pred = gold.clone();
        let off = a.text[..a.text.find("用于维护所提供的产品").unwrap()]
            .chars()
            .count();
        pred.push(sp("purpose", off + 2, off + 17));
        let e = evaluate_gold(&a, &pred);
        assert!(row(&e.whole_text, "purpose").exact.precision < 1.0);
        assert!(close(
            row(&e.annotated_paragraphs, "purpose").exact.precision,
            1.0
        ));
        println!("{e}");
    }

    #[test]
    fn eval_report_display_and_serde() {
        let r = evaluate(&[sp("data", 0, 4)], &[sp("data", 0, 4), sp("data", 6, 8)]);
        let table = r.to_string();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 1 + r.labels.len());
        assert!(lines[0].starts_with("标签"));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("data ") && l.contains("0.500")));
        // Aligned: every line is as wide as the header.
        let w = lines[0].chars().count();
        assert!(lines.iter().all(|l| l.chars().count() == w), "{table}");

        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["labels"][2]["label"], "data");
        assert_eq!(json["labels"][2]["exact"]["precision"], 0.5);
        let back: EvalReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);

        let s = sp("collect", 1, 2);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"label":"collect","start":1,"end":2}"#);
        let g = &parse_annotated("<号码>").spans[0];
        assert_eq!(LabeledSpan::from(g), sp("data", 0, 2));
    }
}

/// The extraction scores of an annotated corpus (CA4P JSONL, [`crate::corpus`]) by the rule of
/// the acceptance measure's `score.py`: only spans inside annotated paragraphs count, predicted
/// and gold alike; spans are sets per policy; exact needs the same label and offsets, overlap a
/// shared char with a span of the same label. Rows: the seven labels, then `micro`.
pub fn score_corpus(
    policies: &[crate::corpus::AnnotatedPolicy],
    extractor: &crate::extract::Extractor,
) -> crate::error::Result<(EvalReport, Vec<CorpusError>)> {
    use std::collections::BTreeSet;
    type Set = BTreeSet<(crate::extract::Label, usize, usize)>;
    let mut per_policy: Vec<(Set, Set)> = Vec::new();
    let mut errors = Vec::new();
    for p in policies {
        let parsed = p.parse()?;
        let extraction = extractor.extract(&parsed);
        let regions = p.annotated_regions();
        let predicted: Set = extraction
            .spans
            .iter()
            .filter(|s| regions.iter().any(|r| r.contains(s.span)))
            .map(|s| (s.label, s.span.start, s.span.end))
            .collect();
        let gold: Set = p
            .gold()
            .into_iter()
            .map(|(l, s)| (l, s.start, s.end))
            .collect();
        let text: Vec<char> = p.text.chars().collect();
        let quote = |s: usize, e: usize| -> (String, String) {
            let span: String = text[s..e].iter().collect();
            let context: String = text[s.saturating_sub(12)..(e + 12).min(text.len())]
                .iter()
                .collect();
            (span, context)
        };
        let overlaps = |a: &(crate::extract::Label, usize, usize),
                        b: &(crate::extract::Label, usize, usize)| {
            a.0 == b.0 && a.1 < b.2 && b.1 < a.2
        };
        for g in &gold {
            if !predicted.iter().any(|x| overlaps(x, g)) {
                let (span, context) = quote(g.1, g.2);
                errors.push(CorpusError {
                    policy: p.id.clone(),
                    kind: "missed",
                    label: g.0.as_str(),
                    span,
                    context,
                });
            }
        }
        for x in &predicted {
            if !gold.iter().any(|g| overlaps(x, g)) {
                let (span, context) = quote(x.1, x.2);
                errors.push(CorpusError {
                    policy: p.id.clone(),
                    kind: "wrong",
                    label: x.0.as_str(),
                    span,
                    context,
                });
            }
        }
        per_policy.push((predicted, gold));
    }
    let mut rows = Vec::new();
    let mut micro = Counts::default();
    for label in crate::labeller::LABELS {
        let mut counts = Counts::default();
        for (pred, gold) in &per_policy {
            let of_label = |set: &Set| -> BTreeSet<(usize, usize)> {
                set.iter()
                    .filter(|x| x.0 == label)
                    .map(|x| (x.1, x.2))
                    .collect()
            };
            counts.add(Counts::of(&of_label(gold), &of_label(pred)));
        }
        micro.add(counts);
        rows.push(counts.scores(label.as_str()));
    }
    rows.push(micro.scores("micro"));
    Ok((EvalReport { labels: rows }, errors))
}

/// A gold span no prediction overlaps (`missed`), or a prediction no gold span overlaps
/// (`wrong`), with some text around it.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusError {
    pub policy: String,
    pub kind: &'static str,
    pub label: &'static str,
    pub span: String,
    pub context: String,
}
