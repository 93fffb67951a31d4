//! Apps side by side: a matrix of data types (by category, sensitive ones marked) × apps, each
//! cell saying whether the app's policy collects the type, shares it, says it does not collect
//! it, only mentions it, or never names it — with the purposes, receivers and a clause.
//!
//! [`compare`] reads each app's policy as the one-policy report does: its data summary
//! ([`crate::collected::data_summary`]: collected and mentioned types), its sharing practices
//! and receivers ([`crate::ask::receivers_of_policy`]), and its negated practices (`不会收集`).
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ask::{receivers_of_policy, Analysed};
use crate::collected::{data_summary, negated_types, shared_types, Evidence};
use crate::lexicon::Lexicon;

mod render;

pub use render::{render, CompareFormat};

/// What one app's policy says about one data type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// Collected and shared with others.
    CollectedShared,
    Collected,
    /// Shared (with a receiver or in a sharing clause) though no clause says it is collected.
    Shared,
    /// The policy says it does not collect it (`我们不会收集您的指纹信息`).
    Negated,
    /// Named (a definition, an example) without a practice.
    Mentioned,
    NotMentioned,
}

impl CellState {
    /// The reader's words for it.
    pub fn label(self) -> &'static str {
        match self {
            CellState::CollectedShared => "收集并共享",
            CellState::Collected => "收集",
            CellState::Shared => "共享",
            CellState::Negated => "声明不收集",
            CellState::Mentioned => "仅提及",
            CellState::NotMentioned => "未提及",
        }
    }

    /// Whether the app takes the data (collects or shares it).
    pub fn takes(self) -> bool {
        matches!(
            self,
            CellState::CollectedShared | CellState::Collected | CellState::Shared
        )
    }
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CompareCell"))]
pub struct Cell {
    pub state: CellState,
    /// What the collecting practices say it is for.
    pub purposes: Vec<String>,
    /// Who receives it (listed receivers whose data names the type).
    pub receivers: Vec<String>,
    /// The clause that says so (collecting, sharing, negating or first naming it).
    pub evidence: Option<Evidence>,
}

/// One data type's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CompareRow"))]
pub struct Row {
    pub data_type: String,
    pub category: String,
    pub sensitive: bool,
    /// One cell per app, in [`Comparison::apps`]' order.
    pub cells: Vec<Cell>,
}

impl Row {
    /// How many of the apps take the type.
    pub fn taken_by(&self) -> usize {
        self.cells.iter().filter(|c| c.state.takes()).count()
    }
}

/// One app's column head and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppColumn {
    pub app: String,
    pub policy_id: String,
    pub title: Option<String>,
    pub updated: Option<String>,
    /// Data types collected or shared.
    pub taken: usize,
    /// Of those, sensitive.
    pub sensitive_taken: usize,
    /// Data types shared.
    pub shared: usize,
    /// Data types the policy says it does not collect.
    pub negated: usize,
    /// Types taken per category (the chart's bars), in [`Comparison::categories`]' order.
    pub by_category: Vec<usize>,
}

/// The matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub apps: Vec<AppColumn>,
    /// The categories of the rows, in the rows' order.
    pub categories: Vec<String>,
    /// Data types some app names, by category (the lexicon's order of categories, those with
    /// sensitive types first), then by how many apps take them.
    pub rows: Vec<Row>,
}

/// One app's policy to compare, with its extraction.
pub struct Compared<'a> {
    pub app: String,
    pub analysed: Analysed<'a>,
}

/// What one app's policy says about each data type it names (collected, shared, negated or
/// mentioned — never `NotMentioned`): its column of the matrix, before the rows are chosen. A
/// library stores it per policy, so a comparison of many apps reads no policy again.
pub type Column = BTreeMap<String, Cell>;

/// The version of what [`column`] computes: a library's stored columns of another version are
/// computed again. Raise it whenever a column of the same policy and extraction would change.
pub const COLUMN_VERSION: u32 = 1;

/// A [`Column`] as a library stores it, with whether its policy's text has chars beyond the
/// BMP (whose char and UTF-16 offsets differ: the desktop must convert that policy's spans).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredColumn {
    pub beyond_bmp: bool,
    pub cells: Column,
}

impl StoredColumn {
    pub fn of(a: &Analysed, lexicon: &Lexicon) -> StoredColumn {
        StoredColumn {
            beyond_bmp: a.policy.text.chars().any(|c| c > '\u{FFFF}'),
            cells: column(a, lexicon),
        }
    }

    /// LZ4-compressed JSON.
    pub fn to_stored(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).expect("a column serializes");
        lz4_flex::compress_prepend_size(&json)
    }

    /// Read back what [`StoredColumn::to_stored`] wrote; `None` if it is damaged.
    pub fn from_stored(bytes: &[u8]) -> Option<StoredColumn> {
        const LARGEST: usize = 1 << 28;
        let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        if len > LARGEST {
            return None;
        }
        let json = lz4_flex::decompress_size_prepended(bytes).ok()?;
        serde_json::from_slice(&json).ok()
    }
}

/// The head of one app's column: which policy it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnHead {
    pub app: String,
    pub policy_id: String,
    pub title: Option<String>,
    pub updated: Option<String>,
}

/// The matrix of `apps`, rows limited to `category` when given.
pub fn compare(apps: &[Compared], category: Option<&str>, lexicon: &Lexicon) -> Comparison {
    let heads: Vec<ColumnHead> = apps
        .iter()
        .map(|app| ColumnHead {
            app: app.app.clone(),
            policy_id: app.analysed.policy.id.clone(),
            title: app.analysed.policy.title.clone(),
            updated: app.analysed.policy.updated.clone(),
        })
        .collect();
    let columns: Vec<Column> = apps
        .iter()
        .map(|app| column(&app.analysed, lexicon))
        .collect();
    from_columns(
        &heads,
        &columns.iter().collect::<Vec<_>>(),
        category,
        lexicon,
    )
}

/// One app's [`Column`]: what its data summary, sharing practices, receivers and negations say.
pub fn column(a: &Analysed, lexicon: &Lexicon) -> Column {
    let summary = data_summary(a.policy, a.extraction, lexicon);
    let shared = shared_types(a, lexicon);
    let negated = negated_types(a, lexicon);
    let mut receivers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in receivers_of_policy(a, lexicon).receivers {
        for t in &r.data_types {
            receivers
                .entry(t.clone())
                .or_default()
                .insert(r.name.clone());
        }
    }
    let mut cells: Column = BTreeMap::new();
    for entry in &summary.items {
        let is_shared = shared.contains_key(&entry.data_type);
        let state = match (entry.collected, is_shared) {
            (true, true) => CellState::CollectedShared,
            (true, false) => CellState::Collected,
            (false, true) => CellState::Shared,
            (false, false) if negated.contains_key(&entry.data_type) => CellState::Negated,
            (false, false) => CellState::Mentioned,
        };
        let evidence = match state {
            CellState::Shared => shared[&entry.data_type].first().cloned(),
            CellState::Negated => negated[&entry.data_type].first().cloned(),
            _ => entry.evidence.first().cloned(),
        };
        cells.insert(
            entry.data_type.clone(),
            Cell {
                state,
                purposes: entry.purposes.clone(),
                receivers: receivers
                    .get(&entry.data_type)
                    .map(|r| r.iter().cloned().collect())
                    .unwrap_or_default(),
                evidence,
            },
        );
    }
    // Shared or negated types the summary does not list (no highlighted mention).
    for (name, evidence, state) in shared
        .iter()
        .map(|(n, e)| (n, e, CellState::Shared))
        .chain(negated.iter().map(|(n, e)| (n, e, CellState::Negated)))
    {
        cells.entry(name.clone()).or_insert_with(|| Cell {
            state,
            purposes: Vec::new(),
            receivers: receivers
                .get(name)
                .map(|r| r.iter().cloned().collect())
                .unwrap_or_default(),
            evidence: evidence.first().cloned(),
        });
    }
    cells
}

/// The matrix of the columns `columns` (heads in `heads`, in the same order), rows limited to
/// `category` when given.
pub fn from_columns(
    heads: &[ColumnHead],
    per_app: &[&Column],
    category: Option<&str>,
    lexicon: &Lexicon,
) -> Comparison {
    // Rows: every type some app names, in the lexicon's categories.
    let named: BTreeSet<&String> = per_app.iter().flat_map(|cells| cells.keys()).collect();
    let mut rows: Vec<Row> = named
        .into_iter()
        .filter_map(|name| lexicon.data_type(name))
        .filter(|t| category.is_none_or(|c| t.category == c))
        .map(|t| Row {
            data_type: t.canonical.clone(),
            category: t.category.clone(),
            sensitive: t.sensitive,
            cells: per_app
                .iter()
                .map(|cells| {
                    cells.get(&t.canonical).cloned().unwrap_or(Cell {
                        state: CellState::NotMentioned,
                        purposes: Vec::new(),
                        receivers: Vec::new(),
                        evidence: None,
                    })
                })
                .collect(),
        })
        .collect();
    let order: Vec<&str> = Lexicon::category_names().to_vec();
    let category_rank = |c: &str| order.iter().position(|o| *o == c).unwrap_or(order.len());
    rows.sort_by(|x, y| {
        (
            category_rank(&x.category),
            &x.category,
            !x.sensitive,
            y.taken_by(),
            &x.data_type,
        )
            .cmp(&(
                category_rank(&y.category),
                &y.category,
                !y.sensitive,
                x.taken_by(),
                &y.data_type,
            ))
    });
    let mut categories: Vec<String> = Vec::new();
    for r in &rows {
        if categories.last() != Some(&r.category) {
            categories.push(r.category.clone());
        }
    }
    let columns = heads
        .iter()
        .enumerate()
        .map(|(i, head)| {
            let cells = || rows.iter().map(move |r| (r, &r.cells[i]));
            AppColumn {
                app: head.app.clone(),
                policy_id: head.policy_id.clone(),
                title: head.title.clone(),
                updated: head.updated.clone(),
                taken: cells().filter(|(_, c)| c.state.takes()).count(),
                sensitive_taken: cells()
                    .filter(|(r, c)| r.sensitive && c.state.takes())
                    .count(),
                shared: cells()
                    .filter(|(_, c)| {
                        matches!(c.state, CellState::Shared | CellState::CollectedShared)
                    })
                    .count(),
                negated: cells()
                    .filter(|(_, c)| c.state == CellState::Negated)
                    .count(),
                by_category: categories
                    .iter()
                    .map(|cat| {
                        cells()
                            .filter(|(r, c)| &r.category == cat && c.state.takes())
                            .count()
                    })
                    .collect(),
            }
        })
        .collect();
    Comparison {
        apps: columns,
        categories,
        rows,
    }
}

#[cfg(test)]
mod tests;
