//! Receivers a policy lists as records: its SDK lists and tables, partner annexes.
//!
//! Policies name who gets data in two ways: in prose (`向合作伙伴共享…`, found by the labeller as
//! `share` practices) and in lists of records, one per SDK or partner, whose fields the policy
//! names: `SDK名称：…`, `使用目的：…`, `收集的个人信息类型：…`, `隐私政策链接：…`. This module
//! reads the records, in the forms real files come in:
//!
//! 1. one `key：value` per line, records one after another (`a、接入的SDK名称：华为推送SDK` /
//!    `收集的个人信息类型：…` / …);
//! 2. the same run together in one paragraph (`使用SDK名称：友盟SDK使用目的：统计…隐私权政策链接：
//!    https://…使用SDK名称：极光SDK…`), the next key ending each value;
//! 3. a table saved one cell per line: the header's cells (`SDK名称` / `使用目的` / `涉及个人信息` /
//!    `隐私权政策链接`), then the rows' cells in the same order, a row ending with its link (or
//!    told by the next name, or by the blank lines between cells);
//! 4. a table whose columns are set apart by spaces (PDF text), merged cells left empty;
//! 5. names each on a line above its link; Markdown pipe tables.
//!
//! The field names are data (`data/lexicon/receiver_fields.tsv`). Every field keeps its span in
//! the original text; data items are split as the policy words them and mapped to lexicon types.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::document::{BlockKind, Policy, Span};
use crate::lexicon::Lexicon;

mod flat;

/// What a record's field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Operator,
    Purpose,
    Data,
    Link,
    Kind,
    /// A column read only so that its value is not taken for another field (package names,
    /// permissions).
    Other,
}

/// What kind of receiver a record names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiverKind {
    /// A software development kit built into the app (its name says SDK, or the lexicon knows it).
    Sdk,
    /// Any other named third party.
    Partner,
}

/// Some text of the policy: what it says and where (chars of the original text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub text: String,
    pub span: Span,
}

/// One receiver the policy lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receiver {
    pub name: Quote,
    pub kind: ReceiverKind,
    /// The operating company, as the policy names it or (`from_lexicon`) as the SDK lexicon does.
    pub operator: Option<Quote>,
    pub operator_from_lexicon: Option<String>,
    pub purpose: Option<Quote>,
    /// Canonical purposes the stated purpose signals.
    pub purposes: Vec<String>,
    /// The data items as the policy words them.
    pub data: Vec<Quote>,
    /// Lexicon data types named in the data items.
    pub data_types: Vec<String>,
    pub link: Option<String>,
    /// The whole record.
    pub span: Span,
}

/// The field names (`data/lexicon/receiver_fields.tsv`), matched leftmost-longest.
struct Keys {
    matcher: AhoCorasick,
    fields: Vec<Field>,
    /// Each key (Latin letters in lower case, no spaces) and its field, to find the key that
    /// ends at a colon.
    by_text: std::collections::HashMap<String, Field>,
    /// The longest key, in chars.
    longest: usize,
    /// Keys that name a column only as a whole cell (`=SDK` in the file): `SDK` heads a
    /// column, `友盟SDK` is a row's name.
    whole: std::collections::HashMap<String, Field>,
}

/// How keys are compared when read back from a colon: lower case, no whitespace.
fn key_form(chars: &[char]) -> String {
    // Normalized, as the text is matched: `使⽤⽬的` (Kangxi radicals) is `使用目的`.
    chars
        .iter()
        .filter(|c| !c.is_whitespace())
        .map(|&c| crate::normalize::normalize_char(c))
        .flat_map(|c| c.to_lowercase())
        .collect()
}

const FIELDS_TSV: &str = include_str!("../data/lexicon/receiver_fields.tsv");

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut fields = Vec::new();
        let mut whole = std::collections::HashMap::new();
        for line in FIELDS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("field\t") {
                continue;
            }
            let (field, keys) = line.split_once('\t').expect("field<TAB>keys");
            let field = match field {
                "name" => Field::Name,
                "operator" => Field::Operator,
                "purpose" => Field::Purpose,
                "data" => Field::Data,
                "link" => Field::Link,
                "kind" => Field::Kind,
                "other" => Field::Other,
                f => panic!("receiver_fields.tsv: unknown field {f}"),
            };
            for k in keys.split('|').map(str::trim).filter(|k| !k.is_empty()) {
                if let Some(cell) = k.strip_prefix('=') {
                    whole.insert(key_form(&cell.chars().collect::<Vec<_>>()), field);
                    continue;
                }
                patterns.push(k.to_string());
                fields.push(field);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .expect("valid field names");
        let mut by_text = std::collections::HashMap::new();
        for (p, f) in patterns.iter().zip(&fields) {
            by_text
                .entry(key_form(&p.chars().collect::<Vec<_>>()))
                .or_insert(*f);
        }
        let longest = patterns
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0);
        Keys {
            matcher,
            fields,
            by_text,
            longest,
            whole,
        }
    })
}

/// A field found in the text: its key's field, where its value starts, where the key started.
#[derive(Debug, Clone, Copy)]
struct FieldAt {
    field: Field,
    /// Whether its key says SDK (`SDK名称`): the record is an SDK's whatever its name.
    key_says_sdk: bool,
    key_start: usize,
    value_start: usize,
    value_end: usize,
}

/// The longest line a table saved one cell per line may hold (chars): a longer one is prose,
/// and ends the table.
const MAX_CELL: usize = 150;
/// The longest a value runs when nothing else ends it (chars).
const MAX_VALUE: usize = 400;
/// Fields of one record are at most this far apart (chars).
const MAX_GAP: usize = 200;

/// The receivers `policy` lists as records, in text order.
pub fn receivers_of(policy: &Policy, lexicon: &Lexicon) -> Vec<Receiver> {
    let chars: Vec<char> = policy.text.chars().collect();
    let mut fields = inline_fields(&chars);
    let implied = implied_names(&chars, &fields);
    let listed = list_fields(&chars, &fields);
    fields.extend(implied);
    fields.extend(listed);
    fields.extend(sdk_list_fields(&chars));
    fields.extend(table_fields(&chars));
    fields.extend(table_block_fields(policy, &chars));
    // A record's name before its other fields where they start together.
    fields.sort_by_key(|f| {
        (
            f.key_start,
            f.field != Field::Name,
            f.value_start,
            f.value_end,
        )
    });
    // A table found both as blocks and by reading the text gives its fields twice.
    fields.dedup_by(|b, a| {
        (a.key_start, a.value_start, a.value_end, a.field)
            == (b.key_start, b.value_start, b.value_end, b.field)
    });
    let mut out: Vec<Receiver> = Vec::new();
    let mut current: Option<(Receiver, usize)> = None;
    let finish = |r: Option<(Receiver, usize)>, out: &mut Vec<Receiver>| {
        if let Some((r, n)) = r {
            if n > 0 {
                out.push(r);
            }
        }
    };
    for f in fields {
        let (start, end) = trim(&chars, f.value_start, f.value_end);
        if f.field == Field::Name {
            finish(current.take(), &mut out);
            if !is_name(&chars, start, end) {
                continue;
            }
            let name = quote(&chars, start, end);
            current = Some((
                Receiver {
                    kind: if f.key_says_sdk {
                        ReceiverKind::Sdk
                    } else {
                        ReceiverKind::Partner
                    },
                    name,
                    operator: None,
                    operator_from_lexicon: None,
                    purpose: None,
                    purposes: vec![],
                    data: vec![],
                    data_types: vec![],
                    link: None,
                    span: Span {
                        start: f.key_start,
                        end,
                    },
                },
                0,
            ));
            continue;
        }
        let Some((r, n)) = current.as_mut() else {
            continue;
        };
        if f.key_start > r.span.end + MAX_GAP {
            finish(current.take(), &mut out);
            continue;
        }
        // A category or an ignored column's cell says nothing of the record (it is often the
        // next row's first cell): the record's evidence does not run over it.
        if !matches!(f.field, Field::Kind | Field::Other) {
            r.span.end = r.span.end.max(end);
        }
        // A URL inside any value is the record's link (`提供方名称及其个人信息保护政策链接：华为技术有限公司
        // https://…`); the rest of the value is the field's.
        let (mut start, mut end) = (start, end);
        if let Some((us, ue)) = find_url(&chars, start, end) {
            // A record may give its vendor's site and its privacy policy: the policy is the link.
            let url: String = chars[us..ue].iter().collect();
            if r.link
                .as_deref()
                .is_none_or(|l| !is_policy_url(l) && is_policy_url(&url))
            {
                r.link = Some(url);
            }
            if f.field == Field::Link {
                *n += 1;
                continue;
            }
            if us == start {
                start = ue;
            } else {
                end = us;
            }
            (start, end) = trim(&chars, start, end);
        }
        if start >= end {
            continue;
        }
        match f.field {
            Field::Operator if r.operator.is_none() => {
                r.operator = Some(quote(&chars, start, end));
                *n += 1;
            }
            Field::Purpose if r.purpose.is_none() => {
                r.purpose = Some(quote(&chars, start, end));
                *n += 1;
            }
            Field::Data => {
                // A cell read both as a table block and from the text gives its items once.
                for item in items(&chars, start, end) {
                    let overlaps = r
                        .data
                        .iter()
                        .any(|d| d.span.start < item.span.end && item.span.start < d.span.end);
                    if !overlaps {
                        r.data.push(item);
                    }
                }
                *n += 1;
            }
            Field::Kind | Field::Other => *n += 1,
            _ => {}
        }
    }
    finish(current.take(), &mut out);
    // A record that names no data items but says what it does (`友盟+SDK需要收集您的设备Mac
    // 地址…以提供统计分析服务`): the data its description names.
    for r in &mut out {
        if !r.data.is_empty() {
            continue;
        }
        if let Some(p) = &r.purpose {
            r.data = lexicon
                .find_data(&crate::normalize::normalize(&p.text))
                .into_iter()
                .map(|m| quote(&chars, p.span.start + m.start, p.span.start + m.end))
                .collect();
        }
    }
    // A name a sentence lists (`集成了如下SDK：…、友盟、融云`) that a record of the policy gives
    // again with what it gets is that record.
    let described: std::collections::HashSet<String> = out
        .iter()
        .filter(|r| !bare(r))
        .map(|r| key_form(&r.name.text.chars().collect::<Vec<_>>()))
        .collect();
    out.retain(|r| {
        !bare(r) || !described.contains(&key_form(&r.name.text.chars().collect::<Vec<_>>()))
    });
    // A policy that lists a receiver twice (a summary and an annex, a table repeated) lists it
    // once: the first.
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| {
        let data: Vec<&str> = r.data.iter().map(|q| q.text.as_str()).collect();
        seen.insert((
            r.name.text.clone(),
            r.purpose.as_ref().map(|q| q.text.clone()),
            data.join("、"),
        ))
    });
    for r in &mut out {
        let end = without_package_names(&chars, r.name.span.start, r.name.span.end);
        if end < r.name.span.end {
            r.name = quote(&chars, r.name.span.start, end);
        }
        complete(r, lexicon);
    }
    // A company read on its own with nothing it gets or is for (a row's operator cell and link
    // that a reader cut off the row) is the operator of the record before it when that record
    // names it so, or the lexicon does (`科大讯飞` → 科大讯飞股份有限公司): its cell and link go
    // to that record.
    let key_of = |t: &str| key_form(&t.chars().collect::<Vec<_>>());
    let mut merged: Vec<Receiver> = Vec::with_capacity(out.len());
    for r in out {
        if r.data.is_empty() && r.purpose.is_none() {
            if let Some(prev) = merged.last_mut() {
                let name = key_of(&r.name.text);
                let runs_prev = prev.operator.as_ref().map(|q| key_of(&q.text))
                    == Some(name.clone())
                    || prev.operator_from_lexicon.as_deref().map(key_of) == Some(name);
                if runs_prev && (!prev.data.is_empty() || prev.purpose.is_some()) {
                    prev.operator.get_or_insert(r.name);
                    if prev.link.is_none() {
                        prev.link = r.link;
                    }
                    continue;
                }
            }
        }
        merged.push(r);
    }
    merged
}

/// A table block's cell: where it starts and ends (chars), and whether it is a header cell.
type BlockCell = (usize, usize, bool);

/// Fields of the policy's tables, whatever the file held them as (an HTML `<table>`, a Markdown
/// pipe table, a plain-text table segmentation found): a header cell names its column's field,
/// and every body row of a table with a name column is a record. The row's name field is placed
/// at the row's start, so that the cells before the name column (a category, a serial number)
/// are the row's, not the record above's.
fn table_block_fields(policy: &Policy, chars: &[char]) -> Vec<FieldAt> {
    use std::collections::BTreeMap;
    // Each table's cells by (row, col): span and header flag. A cell written over several
    // lines (several blocks) is one span.
    let mut tables: BTreeMap<u32, BTreeMap<(u32, u32), BlockCell>> = BTreeMap::new();
    for b in &policy.blocks {
        if let BlockKind::TableCell {
            table,
            row,
            col,
            header,
        } = b.kind
        {
            let cell = tables
                .entry(table)
                .or_default()
                .entry((row, col))
                .or_insert((b.span.start, b.span.end, header));
            cell.0 = cell.0.min(b.span.start);
            cell.1 = cell.1.max(b.span.end);
            cell.2 |= header;
        }
    }
    let mut out = Vec::new();
    for cells in tables.values() {
        // The header: the cells marked so, else a first row whose cells are all column names
        // (an HTML table written with `<td>` only).
        let first_row = cells.keys().next().map_or(0, |&(r, _)| r);
        let marked = cells.values().any(|c| c.2);
        let named = |&(a, b, _): &(usize, usize, bool)| column_name(chars, trim(chars, a, b));
        let header_rows: Vec<u32> = if marked {
            cells
                .iter()
                .filter(|(_, c)| c.2)
                .map(|(&(r, _), _)| r)
                .collect()
        } else if cells
            .iter()
            .filter(|(&(r, _), _)| r == first_row)
            .all(|(_, c)| named(c).is_some())
        {
            vec![first_row]
        } else {
            continue;
        };
        let columns: BTreeMap<u32, (Field, String)> = cells
            .iter()
            .filter(|(&(r, _), _)| header_rows.contains(&r))
            .map(|(&(_, c), cell)| {
                let named = named(cell).unwrap_or((Field::Other, String::new()));
                (c, named)
            })
            .collect();
        let Some((&name_col, (_, name_key))) = columns.iter().find(|(_, (f, _))| *f == Field::Name)
        else {
            continue;
        };
        let says_sdk = name_key.to_ascii_lowercase().contains("sdk");
        let mut rows: BTreeMap<u32, Vec<(u32, usize, usize)>> = BTreeMap::new();
        for (&(r, c), &(a, b, header)) in cells {
            if !header && !header_rows.contains(&r) {
                rows.entry(r).or_default().push((c, a, b));
            }
        }
        for row in rows.values() {
            let Some(&(_, na, nb)) = row.iter().find(|(c, _, _)| *c == name_col) else {
                continue;
            };
            // Cells that say something of the record (not a serial number or a category)
            // before the name column move the record's start to theirs.
            let row_start = row
                .iter()
                .filter(|&&(c, a, _)| {
                    a < na
                        && columns
                            .get(&c)
                            .is_some_and(|(f, _)| !matches!(f, Field::Other | Field::Kind))
                })
                .map(|&(_, a, _)| a)
                .min()
                .unwrap_or(na);
            out.push(FieldAt {
                field: Field::Name,
                key_says_sdk: says_sdk,
                key_start: row_start,
                value_start: na,
                value_end: nb,
            });
            for &(c, a, b) in row {
                // A serial number or category before the name is no field of the record above.
                if c == name_col || a < row_start || starts_with_key(chars, a, b) {
                    continue;
                }
                // A second name column (`SDK名称` / `第三方机构名称`) names the operator.
                let field = match columns.get(&c) {
                    Some((Field::Name, _)) => Field::Operator,
                    Some((f, _)) => *f,
                    None => Field::Other,
                };
                out.push(FieldAt {
                    field,
                    key_says_sdk: says_sdk,
                    key_start: if a < row_start {
                        a
                    } else {
                        a.max(row_start + 1).min(b)
                    },
                    value_start: a,
                    value_end: b,
                });
            }
        }
    }
    out
}

/// Whether a record says nothing but its name.
fn bare(r: &Receiver) -> bool {
    r.purpose.is_none() && r.data.is_empty() && r.operator.is_none() && r.link.is_none()
}

/// Names a sentence lists after a colon as the SDKs the app embeds (`本应用…集成了如下SDK：华为推送和
/// 华为联运应用、小米推送、OPPO推送、vivo推送、友盟、融云。`): the words before the colon say SDK and
/// 集成 / 接入 / 使用 / 包括 / 如下 …, the list runs to the sentence's end, every item is short, and
/// two or more of them say SDK or are known to the lexicon (so that a list of what SDKs do,
/// `统计分析、消息推送`, is not taken).
fn sdk_list_fields(chars: &[char]) -> Vec<FieldAt> {
    const CUES: [&str; 9] = [
        "集成", "接入", "使用", "嵌入", "引入", "包括", "如下", "以下", "下列",
    ];
    let mut out = Vec::new();
    for c in 0..chars.len() {
        if !matches!(chars[c], '：' | ':') || is_url_colon(chars, c) {
            continue;
        }
        let mut s = c;
        while s > 0 && c - s < 30 && !matches!(chars[s - 1], '\n' | '。' | '；' | '：' | ':') {
            s -= 1;
        }
        let before = key_form(&chars[s..c]);
        if !before.contains("sdk") || !CUES.iter().any(|w| before.contains(w)) {
            continue;
        }
        let mut e = c + 1;
        while e < chars.len() && !matches!(chars[e], '\n' | '。' | '；' | ';') {
            e += 1;
        }
        if e - c > 300 {
            continue;
        }
        // Items at `、`, `，`, `/`, `和`, `及` outside brackets.
        let mut parts = Vec::new();
        let mut depth = 0i32;
        let mut from = c + 1;
        for i in c + 1..=e {
            let ch = if i < e { chars[i] } else { '。' };
            match ch {
                '（' | '(' | '【' => depth += 1,
                '）' | ')' | '】' => depth = (depth - 1).max(0),
                '、' | '，' | ',' | '/' | '和' | '及' | '。' if depth == 0 => {
                    let (a, b) = trim_item(chars, from, i);
                    if a < b {
                        parts.push((a, b));
                    }
                    from = i + 1;
                }
                _ => {}
            }
        }
        if parts.len() < 2 || parts.iter().any(|&(a, b)| b - a > MAX_NAME / 2) {
            continue;
        }
        let known = parts.iter().filter(|&&p| names_sdk(chars, p)).count();
        if known < 2 {
            continue;
        }
        for (a, b) in parts {
            if !is_name(chars, a, b) {
                continue;
            }
            out.push(FieldAt {
                field: Field::Name,
                key_says_sdk: true,
                key_start: a,
                value_start: a,
                value_end: b,
            });
            // The sentence that lists it, read as its kind: a record needs a field.
            out.push(FieldAt {
                field: Field::Kind,
                key_says_sdk: true,
                key_start: b,
                value_start: s,
                value_end: c,
            });
        }
    }
    out
}

/// Whether a URL looks like a privacy policy's (`…/privacy…`, `…/policy…`, `…yinsi…`).
fn is_policy_url(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    [
        "privacy",
        "policy",
        "yinsi",
        "agreement",
        "legal",
        "terms",
        "protocol",
    ]
    .iter()
    .any(|w| u.contains(w))
}

/// Kind, lexicon operator, purposes and data types of a record read from the text.
fn complete(r: &mut Receiver, lexicon: &Lexicon) {
    let name = crate::normalize::normalize(&r.name.text);
    let sdk = lexicon
        .find_sdks(&name)
        .first()
        .map(|m| &lexicon.sdks()[m.sdk_index]);
    r.kind = if r.kind == ReceiverKind::Sdk
        || sdk.is_some()
        || name.to_ascii_lowercase().contains("sdk")
    {
        ReceiverKind::Sdk
    } else {
        ReceiverKind::Partner
    };
    if r.operator.is_none() {
        r.operator_from_lexicon = sdk.map(|s| s.operator.clone());
    }
    if let Some(p) = &r.purpose {
        for m in lexicon.find_purposes(&crate::normalize::normalize(&p.text)) {
            let canonical = &lexicon.purposes()[m.purpose_index].canonical;
            if !r.purposes.contains(canonical) {
                r.purposes.push(canonical.clone());
            }
        }
    }
    for item in &r.data {
        for m in lexicon.find_data(&crate::normalize::normalize(&item.text)) {
            let canonical = &lexicon.data_types()[m.type_index].canonical;
            if !r.data_types.contains(canonical) {
                r.data_types.push(canonical.clone());
            }
        }
    }
}

/// Names of records that give their fields but no name field: the receiver heads the record on
/// a line of its own (`2.2.3.1阿里推送SDK` / `使用目的：…`) or just before its first key
/// (`②、支付宝支付SDK使用目的：…`), after a list marker. Only a name that says SDK or that the
/// lexicon knows is taken, so that prose before a `key：` is not.
fn implied_names(chars: &[char], fields: &[FieldAt]) -> Vec<FieldAt> {
    let mut out = Vec::new();
    for (k, f) in fields.iter().enumerate() {
        if f.field == Field::Name {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| &fields[p]);
        if prev.is_some_and(|p| p.field == Field::Name) {
            continue;
        }
        // Where the text between the previous field and this key begins: after the previous
        // value, or after the URL ending it (the value of a run-together record's link runs on
        // into the next record's name).
        let gap_start = match prev {
            Some(p) => find_url(chars, p.value_start, p.value_end)
                .map_or(p.value_end, |(_, e)| e)
                .min(f.key_start),
            None => f.key_start.saturating_sub(MAX_NAME * 3),
        };
        // The last line or clause of the gap.
        let mut start = f.key_start;
        while start > gap_start && !matches!(chars[start - 1], '\n' | '。' | '；' | '：' | ':') {
            start -= 1;
        }
        // A line of its own may be the one above the key's line.
        let (mut a, mut b) = trim(chars, start, f.key_start);
        let mut own_line = false;
        if a == b && start > gap_start && chars[start - 1] == '\n' {
            // The nearest line above that holds something (blank lines between are layout).
            let mut line_end = start - 1;
            while line_end > gap_start && chars[line_end - 1].is_whitespace() {
                line_end -= 1;
            }
            let mut s = line_end;
            while s > gap_start && !matches!(chars[s - 1], '\n' | '。' | '；' | '：' | ':') {
                s -= 1;
            }
            (a, b) = trim(chars, s, line_end);
            own_line = s == 0 || chars[s - 1] == '\n';
        }
        let marked = skip_list_marker(chars, a, b);
        // A numbered line of its own heading two or more fields (`4.微信分享` / `使用目的：…` /
        // `涉及个人信息：…`) is a record's name whatever it says: the layout, repeated record
        // after record, is what makes it one. Anything less must say SDK or be known.
        let heads_record = own_line
            && marked > a
            && fields
                .get(k + 1)
                .is_some_and(|next| next.key_start <= f.value_end + MAX_GAP);
        let a = marked;
        // Judged without the package names a list appends (`QQ互联sdk（com.tencent.connect，…）`).
        let bare = without_package_names(chars, a, b);
        if a < b && is_name(chars, a, bare) && (heads_record || names_sdk(chars, (a, bare))) {
            out.push(FieldAt {
                field: Field::Name,
                key_says_sdk: true,
                key_start: a,
                value_start: a,
                value_end: bare,
            });
        }
    }
    out
}

/// Records of lists that name each receiver before a colon and describe it after
/// (`1）友盟统计：友盟+SDK需要收集您的设备Mac地址…以提供统计分析服务`): a line opening with a list
/// marker, then a name that says SDK or that the lexicon knows, a colon and the description
/// (read as the purpose). Lines holding a `key：value` field are left to those.
fn list_fields(chars: &[char], fields: &[FieldAt]) -> Vec<FieldAt> {
    // Lines `marker name：description`, with the run of such lines each belongs to (a line of
    // anything else ends a run; blank lines do not).
    struct Item {
        run: usize,
        name: (usize, usize),
        colon: usize,
        end: usize,
        sdk: bool,
    }
    let mut found: Vec<Item> = Vec::new();
    let mut run = 0;
    let mut line_start = 0;
    for i in 0..=chars.len() {
        if i < chars.len() && chars[i] != '\n' {
            continue;
        }
        let (ls, le) = trim(chars, line_start, i);
        line_start = i + 1;
        if ls == le {
            continue;
        }
        let item = (|| {
            let a = skip_list_marker(chars, ls, le);
            if a == ls || a >= le {
                return None;
            }
            let colon = (a..le.min(a + MAX_NAME)).find(|&k| matches!(chars[k], '：' | ':'))?;
            if fields.iter().any(|f| (ls..le).contains(&f.key_start)) {
                return None;
            }
            let (na, nb) = trim(chars, a, colon);
            is_name(chars, na, nb).then(|| Item {
                run,
                name: (na, nb),
                colon,
                end: le,
                sdk: names_sdk(chars, (na, nb)),
            })
        })();
        match item {
            Some(item) => found.push(item),
            None => run += 1,
        }
    }
    // A name that says SDK or that the lexicon knows is a receiver; so is any name of a run
    // that lists two or more such (`2）QQ：使用到分享功能` among `3）腾讯云存储SDK：…`).
    let mut sdks_in_run = std::collections::HashMap::new();
    for item in found.iter().filter(|i| i.sdk) {
        *sdks_in_run.entry(item.run).or_insert(0) += 1;
    }
    let mut out = Vec::new();
    for item in &found {
        if !item.sdk && sdks_in_run.get(&item.run).copied().unwrap_or(0) < 2 {
            continue;
        }
        let (na, nb) = item.name;
        out.push(FieldAt {
            field: Field::Name,
            key_says_sdk: false,
            key_start: na,
            value_start: na,
            value_end: nb,
        });
        out.push(FieldAt {
            field: Field::Purpose,
            key_says_sdk: false,
            key_start: item.colon,
            value_start: item.colon + 1,
            value_end: item.end,
        });
    }
    out
}

/// Past a list marker: `1.`, `2.2.3.1`, `（3）`, `4）`, `①、`, `a、`, `-`, `•`.
fn skip_list_marker(chars: &[char], mut a: usize, b: usize) -> usize {
    let start = a;
    // Where the marker ended at its last separator: three or more digits right before the name
    // belong to it (`19.360加固` is item 19, 360加固; `2.2.3.1阿里推送SDK` is item 2.2.3.1).
    let mut after_separator = a;
    while a < b
        && (chars[a].is_ascii_digit()
            || matches!(
                chars[a],
                '.' | '．'
                    | '、'
                    | '（'
                    | '('
                    | '）'
                    | ')'
                    | ' '
                    | '\u{3000}'
                    | '-'
                    | '•'
                    | '·'
                    | '*'
            )
            || ('①'..='⑳').contains(&chars[a]))
    {
        a += 1;
        if !chars[a - 1].is_ascii_digit() {
            after_separator = a;
        }
    }
    if after_separator > start && a < b && a - after_separator >= 3 {
        a = after_separator;
    }
    // A single Latin letter as the marker (`a、`, `b.`).
    if a == start
        && a + 1 < b
        && chars[a].is_ascii_lowercase()
        && matches!(chars[a + 1], '、' | '.')
    {
        a += 2;
    }
    a
}

/// `key：value` fields: a key from the lexicon, then a colon; the value runs to the next such
/// key, or to the end of its line (continued by lines that only hold a URL), at most
/// [`MAX_VALUE`] chars.
fn inline_fields(chars: &[char]) -> Vec<FieldAt> {
    let keys = keys();
    let mut found: Vec<FieldAt> = Vec::new();
    // Each colon: the longest key that ends right before it (spaces between allowed), so that
    // `涉及个人信息类型：` is read as `个人信息类型` even though `涉及个人信息` is a key too.
    for v in 0..chars.len() {
        if !matches!(chars[v], '：' | ':') || (chars.get(v + 1) == Some(&'/')) {
            continue;
        }
        let mut e = v;
        while e > 0 && matches!(chars[e - 1], ' ' | '\t' | '\u{3000}') {
            e -= 1;
        }
        let hit = (1..=keys.longest.min(e)).rev().find_map(|len| {
            let k = key_form(&chars[e - len..e]);
            keys.by_text.get(&k).map(|f| (e - len, *f, k))
        });
        let Some((mut ks, field, k)) = hit else {
            continue;
        };
        // `key_form` drops whitespace, so the longest window may take the line break before
        // the key: the key starts at its first char, the line above stays the line above.
        while ks < e && chars[ks].is_whitespace() {
            ks += 1;
        }
        found.push(FieldAt {
            field,
            key_says_sdk: k.contains("sdk"),
            key_start: ks,
            value_start: v + 1,
            value_end: v + 1,
        });
    }
    for i in 0..found.len() {
        let next_key = found.get(i + 1).map_or(chars.len(), |f| f.key_start);
        let mut start = found[i].value_start;
        // A key alone on its line (`涉及个人信息：` / `设备厂商、设备型号…`): the value is on the
        // next line that holds something.
        let mut k = start;
        while k < next_key && matches!(chars[k], ' ' | '\t' | '\u{3000}' | '\u{a0}') {
            k += 1;
        }
        if k < next_key && chars[k] == '\n' {
            while k < next_key && chars[k].is_whitespace() {
                k += 1;
            }
            start = k;
            found[i].value_start = k;
        }
        let limit = next_key.min(start + MAX_VALUE).min(chars.len());
        let mut end = start;
        while end < limit {
            if chars[end] == '\n' {
                // A following line that only holds a URL continues the value.
                let line_end = (end + 1..limit)
                    .find(|&j| chars[j] == '\n')
                    .unwrap_or(limit);
                let (ls, le) = trim(chars, end + 1, line_end);
                if ls < le && find_url(chars, ls, le) == Some((ls, le)) {
                    end = line_end;
                    continue;
                }
                break;
            }
            end += 1;
        }
        found[i].value_end = end;
    }
    found
}

/// Fields of tables saved one cell per line: three or more header lines that are each a field
/// name (blank lines between them allowed), including a name column, then the rows' cells.
/// Rows end with their link when the last column is the link (cells may take several lines);
/// otherwise every line is one cell and rows are as wide as the header.
fn table_fields(chars: &[char]) -> Vec<FieldAt> {
    tables_and_fields(chars).1
}

/// A table row's lines (start, end), each with its column (`None`: a leading column the header
/// does not name).
type RowCells = Vec<(Option<usize>, (usize, usize))>;

/// A table saved one cell per line, as found: its header's lines, then its rows' cells, each
/// with its column (`None`: a leading column the header does not name, such as a serial number
/// or a category).
struct LineTable {
    header: Vec<(usize, usize)>,
    rows: Vec<RowCells>,
}

impl LineTable {
    /// Where its last cell ends.
    fn end(&self) -> usize {
        let rows = self.rows.iter().flatten().map(|(_, (_, b))| *b);
        self.header
            .iter()
            .map(|h| h.1)
            .chain(rows)
            .max()
            .unwrap_or(0)
    }
}

/// One cell of a table found in plain text: its row (0 is the header), its column, and its
/// span (chars; a cell may take several lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextCell {
    pub row: usize,
    pub col: usize,
    pub header: bool,
    pub span: Span,
}

/// The tables of a plain text saved one cell per line (a page's table copied as text: the
/// header's cells, then each row's), as [`receivers_of`] reads them: each table's cells in text
/// order. Segmentation makes them table cells rather than headings and paragraphs.
pub fn text_tables(chars: &[char]) -> Vec<Vec<TextCell>> {
    let mut tables = line_tables(chars);
    // Tables whose cells ran together on one line: kept where no other table is.
    for t in flat::flat_tables(chars) {
        let (a, b) = span_of(&t);
        if tables.iter().all(|o| {
            let (c, d) = span_of(o);
            b <= c || d <= a
        }) {
            tables.push(t);
        }
    }
    tables.sort_by_key(|t| span_of(t).0);
    tables
}

/// Where a table's cells start and end.
fn span_of(cells: &[TextCell]) -> (usize, usize) {
    let a = cells.iter().map(|c| c.span.start).min().unwrap_or(0);
    let b = cells.iter().map(|c| c.span.end).max().unwrap_or(0);
    (a, b)
}

/// The tables of lines: saved one cell per line, or with columns set apart by spaces.
fn line_tables(chars: &[char]) -> Vec<Vec<TextCell>> {
    tables_and_fields(chars)
        .0
        .into_iter()
        .map(|t| {
            // A leading column the header does not name shifts the others right.
            let lead = usize::from(t.rows.iter().flatten().any(|(c, _)| c.is_none()));
            let header = t.header.iter().enumerate().map(|(c, &(a, b))| TextCell {
                row: 0,
                col: c + lead,
                header: true,
                span: Span::new(a, b),
            });
            let mut body = Vec::new();
            for (r, row) in t.rows.iter().enumerate() {
                // Lines of one column are one cell (a cell wrapped over lines).
                for &(col, (a, b)) in row {
                    let col = col.map_or(0, |c| c + lead);
                    match body.last_mut() {
                        Some(TextCell {
                            row, col: c, span, ..
                        }) if *row == r + 1 && *c == col => {
                            span.end = b;
                        }
                        _ => body.push(TextCell {
                            row: r + 1,
                            col,
                            header: false,
                            span: Span::new(a, b),
                        }),
                    }
                }
            }
            header.chain(body).collect()
        })
        .collect()
}

/// The tables saved one cell per line, and the fields of every table form.
fn tables_and_fields(chars: &[char]) -> (Vec<LineTable>, Vec<FieldAt>) {
    let keys = keys();
    let mut tables: Vec<LineTable> = Vec::new();
    // Non-blank lines: (start, end) of their trimmed text.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            let (a, b) = trim(chars, s, i);
            if a < b {
                lines.push((a, b));
            }
            s = i + 1;
        }
    }
    let header_cell = |l: &(usize, usize)| column_name(chars, *l);
    // A line that can open a row of a table without links: an SDK's name, not a description
    // that mentions one (`提供银联支付功能` is a cell of the purpose column).
    let row_head = |&(a, b): &(usize, usize)| {
        b - a <= 3 * MAX_NAME && names_sdk(chars, (a, b)) && is_name(chars, a, b)
    };
    let mut out = pipe_table_fields(chars, &lines);
    let (aligned, fields) = aligned_table_fields(chars, &lines);
    out.extend(fields);
    out.extend(name_link_pairs(chars, &lines));
    // A header written on one line (`序号  第三方SDK名称  应用场景描述 …`) over rows saved one cell
    // per line: its column names are read as the header's lines.
    let words = |l: &(usize, usize)| words_of(chars, *l);
    let lines: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            let names = words(l);
            let one_line_header = names.len() >= 3
                && names.iter().all(|w| header_cell(w).is_some())
                && lines.get(k + 1).is_some_and(|next| words(next).len() == 1);
            if one_line_header {
                names
            } else {
                vec![*l]
            }
        })
        .collect();
    // A column's own name inside a row is the next table's header.
    let names_column =
        |&(a, b): &(usize, usize)| keys.by_text.get(&key_form(&chars[a..b])) == Some(&Field::Name);
    let mut i = 0;
    while i < lines.len() {
        let mut header: Vec<Field> = Vec::new();
        let mut header_keys: Vec<String> = Vec::new();
        let gap_after = |k: usize| line_breaks(chars, &lines, k);
        while let Some(l) = lines.get(i + header.len()) {
            // A title that mentions a column's name (`Android系统权限调用`), set apart from the
            // header below it, opens no header.
            if header.is_empty()
                && column_match(chars, *l).is_none_or(|m| 2 * m.key_chars < m.bare_chars)
                && i + 2 < lines.len()
                && gap_after(i) > gap_after(i + 1)
            {
                break;
            }
            // A header ends where the lines stand further apart than its own cells do (the rows'
            // `位置权限` / `核心功能` after `设备权限` / … / `用户可否关闭权限`).
            let at = i + header.len();
            if header.len() >= 2
                && gap_after(at - 1) > (i..at - 1).map(gap_after).max().unwrap_or(0)
            {
                break;
            }
            if let Some((f, k)) = header_cell(l) {
                header.push(f);
                header_keys.push(k);
                continue;
            }
            // A column the lexicon has no name for (`触发动作`, `说明`), between two it has.
            // (Not a row's cell that mentions one, as a list of items after a row's name does:
            // `存储权限、读取设备信息`.)
            let next_is_header = lines.get(i + header.len() + 1).is_some_and(|l| {
                is_mostly_column_name(chars, *l)
                    || (column_name(chars, *l).is_some() && !chars[l.0..l.1].contains(&'、'))
            });
            // Without a name column, only in a header saved line after line whose columns so
            // far are of the kind read and ignored (a permission table's `设备权限` / `说明`):
            // a document's name above a table (`隐私政策` / `附录` / `SDK名称`) is no column.
            let next_line = |k: usize| {
                lines.get(k + 1).is_some_and(|n| {
                    chars[lines[k].1..n.0]
                        .iter()
                        .filter(|c| **c == '\n')
                        .nth(1)
                        .is_none()
                })
            };
            let k = i + header.len();
            let close = k > 0 && next_line(k - 1) && next_line(k);
            if !header.is_empty()
                && (header.contains(&Field::Name)
                    || (close && header.iter().all(|f| *f == Field::Other)))
                && next_is_header
                && l.1 - l.0 <= 16
            {
                header.push(Field::Other);
                header_keys.push(chars[l.0..l.1].iter().collect());
                continue;
            }
            break;
        }
        for _ in 0..unnamed_header_tail(chars, &lines, i, header.len()) {
            let l = lines[i + header.len()];
            header.push(Field::Other);
            header_keys.push(chars[l.0..l.1].iter().collect());
        }
        second_names_name_operators(&mut header);
        // Rows end with their link, or, in a table without a link column, where the next
        // row's name (an SDK's) begins. Without either mark a cell left empty or wrapped over
        // two lines shifts every cell after it (seen on the crawl).
        let links = header.iter().filter(|f| **f == Field::Link).count();
        let starts_by_name = links == 0
            && header.first() == Some(&Field::Name)
            && lines.get(i + header.len()).is_some_and(row_head);
        if header.len() >= 3 && header[0] == Field::Name && links == 0 && !starts_by_name {
            // No link and no known name marks a row: a page saved with blank lines between
            // its cells may still mark them, by breaking a cell's own lines less (`读取手机状态`
            // / `访问网络状态信息` are one cell).
            let (rows_end, fields, rows) =
                table_by_blank_lines(chars, &lines, i, &header, &header_keys);
            if !fields.is_empty() {
                out.extend(fields);
                tables.push(LineTable {
                    header: lines[i..i + header.len()].to_vec(),
                    rows,
                });
                i = rows_end;
                continue;
            }
        }
        // Rows that open with a name but are also set apart by blank lines are cut at those:
        // a name too long to read as one (`腾讯科技（深圳）有限公司的“优量汇广告联盟”SDK`) then
        // still opens its row. (The rows' fields are read from the table's cells.)
        if starts_by_name {
            let is_header = |l: &(usize, usize)| is_mostly_column_name(chars, *l);
            if let Some((rows_end, rows)) =
                rows_by_blank_lines(chars, &lines, i, &header, &header_keys, &is_header)
                    .filter(|(_, rows)| rows.len() >= 2)
            {
                tables.push(LineTable {
                    header: lines[i..i + header.len()].to_vec(),
                    rows,
                });
                i = rows_end;
                continue;
            }
        }
        if header.len() < 3 || !header.contains(&Field::Name) || (links == 0 && !starts_by_name) {
            // Not a list of receivers, but still a table (`业务场景 / 收集目的 / 收集方式 /
            // 个人信息字段`): shown as one when blank lines set its rows apart.
            if header.len() >= 2 {
                let is_header = |l: &(usize, usize)| is_mostly_column_name(chars, *l);
                if let Some((rows_end, rows)) =
                    rows_by_blank_lines(chars, &lines, i, &header, &header_keys, &is_header)
                {
                    tables.push(LineTable {
                        header: lines[i..i + header.len()].to_vec(),
                        rows,
                    });
                    i = rows_end;
                    continue;
                }
            }
            i += header.len().max(1);
            continue;
        }
        let last_link = header.iter().rposition(|f| *f == Field::Link).unwrap_or(0);
        let after_links = header.len() - 1 - last_link;
        let says_sdk = header_keys
            .iter()
            .zip(&header)
            .any(|(k, f)| *f == Field::Name && k.to_ascii_lowercase().contains("sdk"));
        let mut j = i + header.len();
        let mut rows = Vec::new();
        loop {
            // One row: its lines up to the link of its last link column (`官网地址` /
            // `隐私协议地址` take two), then one line for each column after that.
            let row_start = j;
            let mut row_end = j;
            let mut seen_links = 0;
            if starts_by_name {
                if !lines.get(j).is_some_and(row_head) {
                    break;
                }
                row_end = j + 1;
                while row_end < lines.len()
                    && row_end - row_start < 3 * header.len()
                    && !row_head(&lines[row_end])
                    && is_cell(chars, lines[row_end])
                {
                    row_end += 1;
                }
            }
            while !starts_by_name && row_end < lines.len() && row_end - row_start < 3 * header.len()
            {
                let l = lines[row_end];
                row_end += 1;
                if is_link_cell(chars, l) {
                    seen_links += 1;
                    if seen_links == links {
                        break;
                    }
                }
            }
            if seen_links < links || row_end == row_start {
                break;
            }
            // A link cell of two lines (`官网链接:…` / `隐私政策链接:…`): no row opens with a link.
            while !starts_by_name
                && after_links == 0
                && row_end < lines.len()
                && is_link_cell(chars, lines[row_end])
            {
                row_end += 1;
            }
            // A row far longer than the header whose link was left out ran into the rows after
            // it: it ends where the next SDK's name begins.
            if !starts_by_name && row_end - row_start > header.len() + 1 {
                if let Some(k) = (row_start + 2..row_end)
                    .find(|&k| names_sdk(chars, lines[k]) && !is_link_cell(chars, lines[k]))
                {
                    row_end = k;
                }
            }
            row_end = (row_end + after_links).min(lines.len());
            // A serial number opening a row (`1`, `2` … under a `序号` column or none) is no cell.
            let serial = |&(a, b): &(usize, usize)| chars[a..b].iter().all(|c| c.is_ascii_digit());
            let mut row = &lines[row_start..row_end];
            let mut cells = Vec::new();
            if header[0] != Field::Other && row.len() > 2 && serial(&row[0]) {
                cells.push((None, row[0]));
                row = &row[1..];
            }
            if row.len() < 2
                || row.iter().any(|l| !is_cell(chars, *l))
                || is_mostly_column_name(chars, row[0])
                || row[1..].iter().any(names_column)
            {
                break;
            }
            let aligned = align_row(chars, row, &header, &header_keys);
            cells.extend(aligned.iter().map(|&(col, _, span)| (col, span)));
            rows.push(cells);
            for (_, field, (a, b)) in aligned {
                // A cell written `key：value` is read as such (`inline_fields`).
                if starts_with_key(chars, a, b) {
                    continue;
                }
                out.push(FieldAt {
                    field,
                    key_says_sdk: says_sdk,
                    key_start: a,
                    value_start: a,
                    value_end: b,
                });
            }
            j = row_end;
        }
        if !rows.is_empty() {
            tables.push(LineTable {
                header: lines[i..i + header.len()].to_vec(),
                rows,
            });
        }
        i = j.max(i + header.len());
    }
    // Tables in text order; of two found over the same lines, the first found.
    tables.extend(aligned);
    tables.sort_by_key(|t| t.header.first().map_or(0, |h| h.0));
    let mut kept: Vec<LineTable> = Vec::new();
    for t in tables {
        let start = t.header.first().map_or(0, |h| h.0);
        if kept.last().is_none_or(|k| k.end() <= start) {
            kept.push(t);
        }
    }
    (kept, out)
}

/// How many lines after a header of `n` column names (lines `i..i + n`) are columns the lexicon
/// has no name for, ending it (`设备权限 / 业务功能 / 权限授权方式 / 是否可关闭`): up to two short
/// lines written line after line like the header's own, the last one followed by a blank line.
/// (0 when the header does not end so; the rows after it still have to read as rows.)
fn unnamed_header_tail(chars: &[char], lines: &[(usize, usize)], i: usize, n: usize) -> usize {
    let breaks = |k: usize| line_breaks(chars, lines, k);
    if n < 2 || i + n >= lines.len() || (i..i + n).any(|k| breaks(k) != 1) {
        return 0;
    }
    let short = |&(a, b): &(usize, usize)| {
        b - a <= 10
            && is_cell(chars, (a, b))
            && !chars[a..b]
                .iter()
                .any(|c| "，。；：:,;!！?？".contains(*c) || c.is_ascii_digit())
    };
    for extra in 1..=2 {
        let k = i + n + extra - 1;
        if k + 1 >= lines.len() || !short(&lines[k]) || column_name(chars, lines[k]).is_some() {
            return 0;
        }
        match breaks(k) {
            1 => continue,
            0 => return 0,
            _ => return extra,
        }
    }
    0
}

/// How many line breaks part line `k` from line `k + 1` (1: the next line; 2 or more: blank
/// lines between).
fn line_breaks(chars: &[char], lines: &[(usize, usize)], k: usize) -> usize {
    chars[lines[k].1..lines[k + 1].0]
        .iter()
        .filter(|c| **c == '\n')
        .count()
}

/// A header's name columns after the first name who runs the receiver the first names
/// (`SDK名称` / `第三方机构名称`): its operator.
fn second_names_name_operators(header: &mut [Field]) {
    if let Some(first) = header.iter().position(|f| *f == Field::Name) {
        for f in &mut header[first + 1..] {
            if *f == Field::Name {
                *f = Field::Operator;
            }
        }
    }
}

/// A header cell: a short text naming a field (`第三方SDK名称`, `个人信息字段（…）`), the field
/// of the longest name in it, and the text.
fn column_name(chars: &[char], span: (usize, usize)) -> Option<(Field, String)> {
    column_match(chars, span).map(|m| (m.field, m.text))
}

/// Whether a line is a column's name again (the next table's header): a name that is most of
/// the line. A row's cell that mentions one (`各项业务功能进行网络连接`) is not.
fn is_mostly_column_name(chars: &[char], span: (usize, usize)) -> bool {
    column_match(chars, span).is_some_and(|m| 2 * m.key_chars > m.bare_chars)
}

/// A header cell as [`column_name`] reads it, and how much of it the name is.
struct ColumnMatch {
    field: Field,
    /// The cell's text, normalized, without a trailing colon.
    text: String,
    /// Chars of the longest name in it, and of the text before any bracket.
    key_chars: usize,
    bare_chars: usize,
}

fn column_match(chars: &[char], (a, b): (usize, usize)) -> Option<ColumnMatch> {
    // Most lines are sentences, far longer than a column's name: tell them by their length
    // before normalizing them (every line of every policy is asked). Normalization maps char
    // to char and `（` to `(`, so the text before the first bracket is as long here as below.
    let line = &chars[a..b];
    let before_bracket = match line.iter().position(|c| matches!(c, '（' | '(')) {
        Some(i) if i > 0 => i,
        _ => line
            .iter()
            .rposition(|c| !matches!(c, '：' | ':'))
            .map_or(0, |i| i + 1),
    };
    if before_bracket > 16 {
        return None;
    }
    let keys = keys();
    let t: String = crate::normalize::normalize(&chars[a..b].iter().collect::<String>());
    let t = t.trim_end_matches(['：', ':']);
    let bare = match t.find(['（', '(']) {
        Some(i) if i > 0 => &t[..i],
        _ => t,
    };
    // A list's title (`第三方SDK目录`, `合作方清单`) names no column.
    let title = ["目录", "清单", "列表", "名单", "一览", "如下"]
        .iter()
        .any(|w| bare.ends_with(w));
    if bare.chars().count() > 16 || bare.contains(['。', '，', '；']) || t.contains("http") || title
    {
        return None;
    }
    let bare_chars = bare.chars().filter(|c| !c.is_whitespace()).count();
    if let Some(&field) = keys.whole.get(&key_form(&bare.chars().collect::<Vec<_>>())) {
        return Some(ColumnMatch {
            field,
            text: t.to_string(),
            key_chars: bare_chars,
            bare_chars,
        });
    }
    let m = keys
        .matcher
        .find_iter(bare)
        .max_by_key(|m| (m.end() - m.start(), usize::MAX - m.start()))?;
    // A numbered line (`（2）iOS系统权限调用`, `3.权限说明`) is a heading, not a column.
    let numbered = {
        let mut cs = t.trim_start().chars();
        match cs.next() {
            Some('（' | '(') => cs
                .next()
                .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
            Some(c) => c.is_ascii_digit() && starts_with_number(t.trim_start()),
            None => false,
        }
    };
    if numbered {
        return None;
    }
    Some(ColumnMatch {
        field: keys.fields[m.pattern().as_usize()],
        text: t.to_string(),
        key_chars: bare[m.start()..m.end()].chars().count(),
        bare_chars,
    })
}

/// Rows of a table saved one cell per line whose cells are set apart by more line breaks than
/// the lines inside a cell: the header's cells (lines `i..`) are set apart by at least `h`
/// breaks; lines of the body set apart by `h - 2` or fewer are one cell, but for the name, which
/// takes one line. Rows are as wide as the header and open with a name. Returns the line after
/// the last row, the rows' fields (none when the layout does not mark cells so) and the rows'
/// cells.
fn table_by_blank_lines(
    chars: &[char],
    lines: &[(usize, usize)],
    i: usize,
    header: &[Field],
    header_keys: &[String],
) -> (usize, Vec<FieldAt>, Vec<RowCells>) {
    let breaks = |k: usize| line_breaks(chars, lines, k);
    let n = header.len();
    let Some(h) = (i..i + n - 1).map(breaks).min() else {
        return (i, vec![], vec![]);
    };
    if h < 3 {
        return (i, vec![], vec![]);
    }
    let says_sdk = header_keys
        .iter()
        .any(|k| k.to_ascii_lowercase().contains("sdk"));
    let mut out = Vec::new();
    let mut rows = Vec::new();
    let mut j = i + n;
    'rows: loop {
        let mut cells: Vec<(usize, usize)> = Vec::new();
        let mut k = j;
        while cells.len() < n && k < lines.len() {
            let mut cell = lines[k];
            // A name takes one line; the break after it may be as short as a cell's own.
            while !cells.is_empty() && k + 1 < lines.len() && breaks(k) + 2 <= h {
                k += 1;
                cell.1 = lines[k].1;
            }
            // A column's name again is the next table's header.
            if !is_cell(chars, cell)
                || keys()
                    .by_text
                    .contains_key(&key_form(&chars[cell.0..cell.1]))
            {
                break 'rows;
            }
            cells.push(cell);
            k += 1;
        }
        if cells.len() < n || !is_name(chars, cells[0].0, cells[0].1) {
            break;
        }
        rows.push(
            cells
                .iter()
                .enumerate()
                .map(|(c, &l)| (Some(c), l))
                .collect(),
        );
        for (&field, &(a, b)) in header.iter().zip(&cells) {
            out.push(FieldAt {
                field,
                key_says_sdk: says_sdk,
                key_start: a,
                value_start: a,
                value_end: b,
            });
        }
        j = k;
    }
    (j, out, rows)
}

/// Rows of a table saved one cell per line (its header's lines from `i`, one per column of
/// `header`) whose rows are set apart by more line breaks than anything inside the header: at
/// least two blank lines between rows, and as many between the header and the first row, where
/// a cell's lines and the cells of a row are set apart by fewer. A row of as many lines as
/// columns has a line per column; a longer one is cut into cells at its blank lines when that
/// makes one per column, else its lines go to the columns they fit (`align_row`). The table ends
/// at a group that does not read as a row (one line, a numbered or lettered line, a line too
/// long for a cell, a column name) or where rows stop being set apart. Returns the line after
/// the last row and the rows.
fn rows_by_blank_lines(
    chars: &[char],
    lines: &[(usize, usize)],
    i: usize,
    header: &[Field],
    header_keys: &[String],
    is_header: &dyn Fn(&(usize, usize)) -> bool,
) -> Option<(usize, Vec<RowCells>)> {
    let n = header.len();
    let breaks = |k: usize| line_breaks(chars, lines, k);
    let body = i + n;
    if body + 1 >= lines.len() {
        return None;
    }
    let inside_header = (i..body - 1).map(breaks).max().unwrap_or(1);
    // The rows' separator: the widest break among the first rows' lines, but no wider than the
    // one after the header (a table may stand further apart from its header than its rows do
    // from one another, or from the text after it).
    let window_end = (body + 2 * n + 1).min(lines.len() - 1);
    let r = (body..window_end)
        .map(breaks)
        .max()
        .unwrap_or(0)
        .min(breaks(body - 1));
    // Two column names alone make a header only line after line (`设备权限` / `业务功能`).
    if r < 3 || r <= inside_header || (n == 2 && inside_header > 1) {
        return None;
    }
    let mut rows = Vec::new();
    let mut k = body;
    while k < lines.len() {
        let mut e = k;
        while e + 1 < lines.len() && breaks(e) < r && e + 1 - k < 3 * n {
            e += 1;
        }
        let group = &lines[k..=e];
        let ends_apart = e + 1 >= lines.len() || breaks(e) >= r;
        // A numbered or lettered line (`9.我们如何使用Cookie`, `B、位置信息：…`) opens the text
        // after the table; a serial number alone (`1`) may open a row.
        let first: String = chars[group[0].0..group[0].1].iter().collect();
        let numbered = starts_with_number(&first) && !first.chars().all(|c| c.is_ascii_digit());
        let lettered = {
            let mut cs = first.chars();
            cs.next().is_some_and(|c| c.is_ascii_alphabetic())
                && cs.next().is_some_and(|c| "、.．)）".contains(c))
        };
        if group.len() < 2
            || !ends_apart
            || numbered
            || lettered
            || group.iter().any(|l| !is_cell(chars, *l))
            // The next table's header: two or more column names (a row's cell may mention one:
            // `核心业务功能`).
            || group.iter().filter(|l| is_header(l)).nth(1).is_some()
        {
            break;
        }
        // Cells: one line each, or cut at the row's blank lines when that makes one per column.
        let cuts: Vec<usize> = (k..e).filter(|&x| breaks(x) >= 2).collect();
        let mut row = Vec::new();
        if group.len() > n && cuts.len() + 1 == n {
            let mut col = 0;
            for (x, &l) in group.iter().enumerate() {
                row.push((Some(col), l));
                if cuts.contains(&(k + x)) {
                    col += 1;
                }
            }
        } else {
            row.extend(
                align_row(chars, group, header, header_keys)
                    .into_iter()
                    .map(|(col, _, l)| (col, l)),
            );
        }
        rows.push(row);
        k = e + 1;
    }
    (!rows.is_empty()).then_some((k, rows))
}

/// The column (`None`: a category the header does not name) and field of each line of a row of
/// a table saved one cell per line. As many lines as columns: one each. Otherwise a cell took several lines (or none): the first line is the
/// name; a link goes to the next link column; any other line to the first column from the
/// previous line's on that its content fits, or else the next one.
fn align_row(
    chars: &[char],
    row: &[(usize, usize)],
    header: &[Field],
    header_keys: &[String],
) -> Vec<(Option<usize>, Field, (usize, usize))> {
    // A category cell merged over several rows is written once, in its first row: a row of a
    // category-first table (`功能类型 / SDK名称 / …`) that opens with an SDK's name, not a
    // category, starts at the name column.
    // (Told by the name, or by the row holding one cell fewer than the header, a link written
    // over two lines being one cell.)
    let link = |l: &(usize, usize)| is_link_cell(chars, *l);
    let cells = row.len()
        - row
            .windows(2)
            .filter(|w| link(&w[0]) && link(&w[1]))
            .count();
    let category_merged = header.len() > 2
        && header[0] == Field::Kind
        && header[1] == Field::Name
        && row.len() >= 2
        && ((names_sdk(chars, row[0]) && !names_sdk(chars, row[1])) || cells + 1 == header.len())
        && is_name(chars, row[0].0, row[0].1);
    if category_merged {
        return align_row(chars, row, &header[1..], &header_keys[1..])
            .into_iter()
            .map(|(col, field, l)| (col.map(|c| c + 1), field, l))
            .collect();
    }
    // One line per column, unless a link would land outside a link column or the other way.
    let one_each = row.len() == header.len()
        && header
            .iter()
            .zip(row)
            .all(|(&f, l)| (f == Field::Link) == link(l) || f == Field::Other);
    if one_each {
        return header
            .iter()
            .zip(row)
            .enumerate()
            .map(|(c, (&f, &l))| (Some(c), f, l))
            .collect();
    }
    // Some tables have a category column the header does not name (`地图类` / `高德地图SDK` / …):
    // a row one line longer whose second line, not its first, names an SDK.
    let category_first = row.len() > header.len()
        && header[0] == Field::Name
        && names_sdk(chars, row[1])
        && !names_sdk(chars, row[0]);
    let mut out = Vec::with_capacity(row.len());
    let fixed = if category_first {
        out.push((None, Field::Kind, row[0]));
        out.push((Some(0), Field::Name, row[1]));
        2
    } else {
        out.push((Some(0), header[0], row[0]));
        1
    };
    let columns = monotone_columns(chars, &row[fixed..], header, header_keys);
    for (&c, &l) in columns.iter().zip(&row[fixed..]) {
        out.push((Some(c), header[c], l));
    }
    out
}

/// The columns of the lines after a row's name, in order (a column may take several lines, or
/// none): the assignment where most lines fit their column (`fits`; a link only in a link
/// column), fewest columns are left empty and fewest lines share one. Greedy placement read a
/// purpose cell's next line, which fits any text column, as more purpose.
fn monotone_columns(
    chars: &[char],
    lines: &[(usize, usize)],
    header: &[Field],
    header_keys: &[String],
) -> Vec<usize> {
    const SKIP: i32 = -3;
    const SHARE: i32 = -1;
    const WRAPPED: usize = 20;
    let n = header.len();
    let score = |k: usize, c: usize| -> i32 {
        let (a, b) = lines[k];
        match (is_link_cell(chars, (a, b)), header[c] == Field::Link) {
            (true, true) => 3,
            (true, false) | (false, true) => -3,
            // Any text fits a purpose: a column that asks for more (data items, a company)
            // counts more.
            (false, false) if header[c] == Field::Purpose => {
                i32::from(fits(chars, a, b, header[c], &header_keys[c]))
            }
            (false, false) => 2 * i32::from(fits(chars, a, b, header[c], &header_keys[c])),
        }
    };
    let gap = |k: usize| line_breaks(chars, lines, k);
    let blank_parted = (0..lines.len().saturating_sub(1)).any(|k| gap(k) >= 2);
    // best[k][c]: the best score of lines ..=k with line k in column c (column 0, the name's,
    // taken by the line before these).
    let mut best = vec![vec![i32::MIN / 2; n]; lines.len()];
    let mut from = vec![vec![0usize; n]; lines.len()];
    for k in 0..lines.len() {
        for c in 0..n {
            let here = score(k, c);
            if k == 0 {
                best[0][c] =
                    here + SKIP * (c as i32 - 1).max(0) + if c == 0 { 2 * SHARE } else { 0 };
                continue;
            }
            for p in 0..=c {
                // A line goes on the cell above it when no blank line parts them in a row whose
                // cells blank lines part, or else when the line above is long (wrapped); hardly
                // ever on the name's (one line).
                let step = if p == c {
                    let (a, b) = lines[k - 1];
                    match c {
                        0 => 2 * SHARE,
                        _ if blank_parted => {
                            if gap(k - 1) == 1 {
                                0
                            } else {
                                2 * SHARE
                            }
                        }
                        _ if b - a >= WRAPPED => 0,
                        _ => SHARE,
                    }
                } else {
                    SKIP * (c - p - 1) as i32
                };
                let total = best[k - 1][p] + step + here;
                if total > best[k][c] {
                    best[k][c] = total;
                    from[k][c] = p;
                }
            }
        }
    }
    let Some(last) = lines.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut c = (0..n)
        .max_by_key(|&c| (best[last][c] + SKIP * (n - 1 - c) as i32, usize::MAX - c))
        .unwrap_or(0);
    let mut out = vec![0; lines.len()];
    for k in (0..lines.len()).rev() {
        out[k] = c;
        c = from[k][c];
    }
    out
}

/// The fields of one table row, its name first and every field keyed at the row's start
/// (`row_start`), so that the cells of columns before the name (`功能类型 | 使用目的 | 第三方名称`)
/// are read as this row's, not the previous one's.
fn row_fields(cells: &[(Field, (usize, usize))], says_sdk: bool, row_start: usize) -> Vec<FieldAt> {
    let field = |&(field, (a, b)): &(Field, (usize, usize))| FieldAt {
        field,
        key_says_sdk: says_sdk,
        key_start: row_start,
        value_start: a,
        value_end: b,
    };
    let names = cells.iter().filter(|(f, _)| *f == Field::Name).map(field);
    let rest = cells.iter().filter(|(f, _)| *f != Field::Name).map(field);
    names.chain(rest).collect()
}

/// Fields of tables whose columns are set apart by spaces or tabs, as text taken from a PDF or
/// a page comes (`功能类型 使用目的 第三方名称 涉及个人信息 第三方官网链接` / `第三方支付 为用户提供
/// 第三方支付功能 银联支付 设备信息 https://…`): a header line of three or more column names,
/// one of them the name, then rows of cells. A row with fewer cells left the first columns to the
/// row above (merged cells): its cells are the last columns, the ones before repeat the row
/// above's; a row with more cells than columns has spaces inside its last data or purpose cell.
/// The table ends at a line with one cell (a wrapped link continues its row) or that
/// does not read as a row.
fn aligned_table_fields(
    chars: &[char],
    lines: &[(usize, usize)],
) -> (Vec<LineTable>, Vec<FieldAt>) {
    let keys = keys();
    let mut tables: Vec<LineTable> = Vec::new();
    // Cells of a line: runs of text set apart by whitespace.
    let cells = |l: &(usize, usize)| words_of(chars, *l);
    let column = |&(a, b): &(usize, usize)| keys.by_text.get(&key_form(&chars[a..b])).copied();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let head = cells(&lines[i]);
        let header: Option<Vec<Field>> = head.iter().map(column).collect();
        i += 1;
        let Some(mut header) = header.filter(|h| h.len() >= 3 && h.contains(&Field::Name)) else {
            continue;
        };
        second_names_name_operators(&mut header);
        let says_sdk = head.iter().any(|&(a, b)| {
            chars[a..b]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase()
                .contains("sdk")
        });
        let n = header.len();
        let mut table = LineTable {
            header: head.clone(),
            rows: Vec::new(),
        };
        // The cells of the last row, by column: what a shorter row repeats.
        let mut above: Vec<Option<(usize, usize)>> = vec![None; n];
        while let Some(line) = lines.get(i) {
            let row = cells(line);
            if row.len() == 1 {
                // A link wrapped onto the next line continues its row.
                let (a, b) = row[0];
                let ideograph = |c: &char| ('\u{3400}'..='\u{9fff}').contains(c);
                if !chars[a..b].iter().any(ideograph) && find_url(chars, a, b).is_none() {
                    if let Some(last) = table.rows.last_mut() {
                        last.push((Some(n - 1), (a, b)));
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            // More cells than columns: a description or a list with spaces in it (`设备平台，
            // 网 络信息`); the excess joins the last data or purpose cell.
            let mut row = row;
            if row.len() > n {
                let Some(c) = header
                    .iter()
                    .rposition(|f| matches!(f, Field::Data | Field::Purpose))
                else {
                    break;
                };
                let excess = row.len() - n;
                let joined = (row[c].0, row[c + excess].1);
                row.splice(c..=c + excess, [joined]);
            }
            if row.iter().any(|c| !is_cell(chars, *c)) {
                break;
            }
            let first = n - row.len();
            let mut by_column = above.clone();
            for (k, cell) in row.iter().enumerate() {
                by_column[first + k] = Some(*cell);
            }
            // Every row names its receiver in its own cells.
            let name_column = header.iter().position(|f| *f == Field::Name).unwrap_or(0);
            let named = first <= name_column
                && by_column[name_column].is_some_and(|(a, b)| is_name(chars, a, b));
            if !named {
                break;
            }
            let row_cells: Vec<(Field, (usize, usize))> = header
                .iter()
                .zip(&by_column)
                .filter_map(|(f, c)| c.map(|c| (*f, c)))
                .collect();
            out.extend(row_fields(&row_cells, says_sdk, line.0));
            table.rows.push(
                row.iter()
                    .enumerate()
                    .map(|(k, c)| (Some(first + k), *c))
                    .collect(),
            );
            above = by_column;
            i += 1;
        }
        if !table.rows.is_empty() {
            tables.push(table);
        }
    }
    (tables, out)
}

/// Lists that give each receiver as its name on one line and its privacy policy's link on the
/// next (`环信` / `https://www.easemob.com/protocol` / `友盟` / `https://www.umeng.com/policy`):
/// two or more such pairs, line after line.
fn name_link_pairs(chars: &[char], lines: &[(usize, usize)]) -> Vec<FieldAt> {
    let link_line = |&(a, b): &(usize, usize)| find_url(chars, a, b) == Some((a, b));
    let pair_at = |k: usize| {
        k + 1 < lines.len()
            && !link_line(&lines[k])
            && is_name(chars, lines[k].0, lines[k].1)
            && !starts_with_key(chars, lines[k].0, lines[k].1)
            && link_line(&lines[k + 1])
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        // Pairs follow one another line after line: a blank line ends the list.
        let adjacent = |k: usize| {
            chars[lines[k - 1].1..lines[k].0]
                .iter()
                .filter(|c| **c == '\n')
                .count()
                == 1
        };
        let mut end = k;
        while pair_at(end) && (end == k || adjacent(end)) {
            end += 2;
        }
        if end - k >= 4 {
            for p in (k..end).step_by(2) {
                let (name, link) = (lines[p], lines[p + 1]);
                out.extend(row_fields(
                    &[(Field::Name, name), (Field::Link, link)],
                    false,
                    name.0,
                ));
            }
        }
        k = end.max(k + 1);
    }
    out
}

/// Fields of Markdown pipe tables (`| SDK名称 | 使用目的 | … |`): a header row whose cells are
/// field names (three or more, one of them a name), then rows of cells in the same order.
fn pipe_table_fields(chars: &[char], lines: &[(usize, usize)]) -> Vec<FieldAt> {
    let keys = keys();
    // The cells of a line `| a | b |`: their trimmed spans.
    let cells = |&(a, b): &(usize, usize)| -> Option<Vec<(usize, usize)>> {
        if chars[a] != '|' {
            return None;
        }
        let mut out = Vec::new();
        let mut s = a + 1;
        for i in a + 1..b {
            if chars[i] == '|' {
                out.push(trim(chars, s, i));
                s = i + 1;
            }
        }
        if s < b {
            out.push(trim(chars, s, b));
        }
        Some(out)
    };
    let field_of = |&(a, b): &(usize, usize)| -> Option<(Field, bool)> {
        let t: String = chars[a..b].iter().collect();
        let m = keys.matcher.find(&t)?;
        (m.start() == 0 && m.end() == t.len()).then(|| {
            (
                keys.fields[m.pattern().as_usize()],
                t.to_ascii_lowercase().contains("sdk"),
            )
        })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(head) = cells(&lines[i]) else {
            i += 1;
            continue;
        };
        let header: Vec<Option<(Field, bool)>> = head.iter().map(field_of).collect();
        let named = header.iter().flatten().count();
        if named < 3 || !header.iter().flatten().any(|(f, _)| *f == Field::Name) {
            i += 1;
            continue;
        }
        let says_sdk = header
            .iter()
            .flatten()
            .any(|(f, sdk)| *f == Field::Name && *sdk);
        i += 1;
        while let Some(row) = lines.get(i).and_then(cells) {
            i += 1;
            // The `| --- | --- |` line under the header.
            if row
                .iter()
                .all(|&(a, b)| chars[a..b].iter().all(|c| matches!(c, '-' | ':' | ' ')))
            {
                continue;
            }
            let row_start = lines[i - 1].0;
            let cells: Vec<(Field, (usize, usize))> = row
                .into_iter()
                .zip(&header)
                .filter_map(|(cell, column)| column.map(|(field, _)| (field, cell)))
                .filter(|(_, (a, b))| a < b)
                .collect();
            out.extend(row_fields(&cells, says_sdk, row_start));
        }
    }
    out
}

/// The longest name a record may have (chars): names are a product's or a company's.
const MAX_NAME: usize = 40;

/// Whether `start..end` can name a receiver: short, not a sentence, not a link, not a heading.
fn is_name(chars: &[char], start: usize, end: usize) -> bool {
    if start >= end || end - start > 3 * MAX_NAME {
        return false;
    }
    let t: String = chars[start..end].iter().collect();
    // Package names in brackets (`友盟+（com.umeng.analytics, com.umeng.commonsdk）`) may run long.
    let outside = {
        let mut depth = 0i32;
        t.chars()
            .filter(|&c| {
                match c {
                    '（' | '(' => depth += 1,
                    '）' | ')' => depth -= 1,
                    _ => return depth == 0,
                }
                false
            })
            .count()
    };
    if start >= end || outside > MAX_NAME || end - start > 3 * MAX_NAME {
        return false;
    }
    // Package names and permissions (`com.g.elogin、com.g.gysdk`,
    // `android.permission.CHANGE_NETWORK_STATE`) are cells of other columns.
    let package = t.contains('.')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '、' | ',' | ' '));
    // Words that open a description, not a name; a category label (`社交类`, `第三方 SDK 类`);
    // a name with nothing left once the generic words are gone (`SDK服务`).
    let prose = [
        "提供", "进行", "用于", "为了", "为您", "实现", "帮助", "附", "我们", "通过",
    ]
    .iter()
    .any(|w| t.starts_with(w));
    let category = t.ends_with('类');
    // A list of data items (`人脸信息、手机型号、Androidid`) is a cell of the data column.
    // (Asked last: matching the lexicon costs more than every other test.)
    let data_list = || {
        t.contains('、')
            && Lexicon::builtin()
                .find_data(&crate::normalize::normalize(&t))
                .len()
                >= 2
    };
    let specific = ["第三方", "SDK", "sdk", "服务", "合作方", "平台", " "]
        .iter()
        .fold(t.clone(), |rest, w| rest.replace(w, ""));
    // A column's name is not a receiver's (`触发动作` read as a cell of a name column).
    let field_name = keys().by_text.contains_key(&key_form(&chars[start..end]));
    find_url(chars, start, end).is_none()
        && !field_name
        && !prose
        && !category
        && !specific.is_empty()
        && !package
        && !t.contains(['，', '。', '；', ';'])
        && !starts_with_number(&t)
        && is_cell(chars, (start, end))
        && !data_list()
}

/// Whether a name opens with a number that is not part of it: a bare number, a list or row
/// number (`3`, `2.`, `1、`), or a short one before the name (`1阿里`). A name may open with
/// three or more digits (`360加固`, `2345游戏`).
fn starts_with_number(t: &str) -> bool {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && (digits < 3 || t.chars().nth(digits).is_none_or(|c| !c.is_alphanumeric()))
}

/// The runs of text of `a..b` set apart by whitespace: a line's words, or its cells in a table
/// whose columns are set apart by spaces.
fn words_of(chars: &[char], (a, b): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = a;
    while k < b {
        while k < b && chars[k].is_whitespace() {
            k += 1;
        }
        let s = k;
        while k < b && !chars[k].is_whitespace() {
            k += 1;
        }
        if s < k {
            out.push((s, k));
        }
    }
    out
}

/// Whether a line can be a table cell: short, not a numbered heading.
fn is_cell(chars: &[char], (a, b): (usize, usize)) -> bool {
    let t: String = chars[a..b].iter().collect();
    let heading = [
        "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        || t.starts_with('（') && t.chars().nth(2) == Some('）');
    b - a <= MAX_CELL && !heading
}

/// Whether a line is a row's last cell, its link: a URL, or the words that stood for one on the
/// page (`点击查看第三方隐私政策`).
fn is_link_cell(chars: &[char], (a, b): (usize, usize)) -> bool {
    if find_url(chars, a, b).is_some() {
        return true;
    }
    let t: String = chars[a..b].iter().collect();
    b - a <= 24
        && [
            "隐私政策",
            "隐私权政策",
            "隐私协议",
            "点击查看",
            "查看链接",
            "跳转",
            "链接",
            "隐私声明",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// Whether `a..b` opens with a field name and a colon.
fn starts_with_key(chars: &[char], a: usize, b: usize) -> bool {
    let t: String = crate::normalize::normalize(&chars[a..b].iter().collect::<String>());
    keys()
        .matcher
        .find(&t)
        .is_some_and(|m| m.start() == 0 && t[m.end()..].trim_start().starts_with(['：', ':']))
}

/// Whether a line names an SDK: the lexicon knows it, or it says `SDK`.
fn names_sdk(chars: &[char], (a, b): (usize, usize)) -> bool {
    let t: String = chars[a..b].iter().collect();
    t.to_ascii_lowercase().contains("sdk")
        || !Lexicon::builtin()
            .find_sdks(&crate::normalize::normalize(&t))
            .is_empty()
}

/// Whether a line's content fits a column (`field`, named `key` in the header).
fn fits(chars: &[char], a: usize, b: usize, field: Field, key: &str) -> bool {
    let t: String = chars[a..b].iter().collect();
    if key.contains("权限") {
        return t.contains("permission") || t.contains("权限");
    }
    if key.contains("包名") {
        return t.is_ascii() && t.contains('.') && !t.contains(' ') && !t.contains("permission");
    }
    match field {
        Field::Operator => t.contains("公司") || t.contains("集团") || t.contains("Ltd"),
        Field::Data => !Lexicon::builtin()
            .find_data(&crate::normalize::normalize(&t))
            .is_empty(),
        Field::Purpose => !t.is_ascii(),
        Field::Kind => t.chars().count() <= 12,
        Field::Link => find_url(chars, a, b).is_some(),
        Field::Name => is_name(chars, a, b),
        Field::Other => false,
    }
}

/// The data items of a value as the policy words them: split at enumeration commas, commas,
/// semicolons and full stops outside brackets, `以及`/`及`/`和` excluded from nothing (an item
/// such as `设备型号及版本` stays whole).
fn items(chars: &[char], start: usize, end: usize) -> Vec<Quote> {
    // `主要包括：日志信息、…`: the words before the colon introduce the items.
    let start = lead_in_end(chars, start, end).unwrap_or(start);
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut s = start;
    // After `item：` comes what the item is for, up to the next `；`/`。`: not an item.
    let mut explaining = false;
    for i in start..=end {
        let c = if i < end { chars[i] } else { '。' };
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = (depth - 1).max(0),
            // `基础信息：设备品牌、设备型号…`: a group's name, then its items.
            '：' | ':'
                if depth == 0
                    && !explaining
                    && !is_url_colon(chars, i)
                    && lists_items(chars, i + 1, end) =>
            {
                s = i + 1;
            }
            '：' | ':' if depth == 0 && !explaining && !is_url_colon(chars, i) => {
                let (a, b) = trim_item(chars, s, i);
                if a < b {
                    out.push(quote(chars, a, b));
                }
                explaining = true;
            }
            // An explanation runs on over `；` unless the next part names an item of its own
            // (`…送达；网络信息（…）：优化…`).
            '；' | ';' | '。'
                if depth == 0 && explaining && (c == '。' || names_an_item(chars, i + 1, end)) =>
            {
                explaining = false;
                s = i + 1;
            }
            '；' | ';' if depth == 0 && explaining => {}
            '、' | '，' | ',' | '；' | ';' | '。' if depth == 0 && !explaining => {
                let (a, b) = trim_item(chars, s, i);
                if a < b && !says_none(chars, a, b) {
                    out.push(quote(chars, a, b));
                }
                s = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// Whether the part from `from` (to the next `；`, `。`, `：` or `end`, outside brackets) is a
/// list of items rather than what an item is for: two or more parts set apart by `、`, and none
/// of the words that say what for (`用于`, `以便` …).
fn lists_items(chars: &[char], from: usize, end: usize) -> bool {
    let mut depth = 0i32;
    let mut commas = 0;
    let mut to = end;
    for (i, &c) in chars.iter().enumerate().take(end).skip(from) {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = (depth - 1).max(0),
            '、' if depth == 0 => commas += 1,
            '；' | ';' | '。' | '：' | ':' if depth == 0 && !is_url_colon(chars, i) => {
                to = i;
                break;
            }
            _ => {}
        }
    }
    let part: String = chars[from..to].iter().collect();
    commas >= 2
        && ![
            "用于",
            "用来",
            "以便",
            "为了",
            "以实现",
            "以提供",
            "帮助",
            "目的",
        ]
        .iter()
        .any(|w| part.contains(w))
}

/// Where a value's lead-in ends (`主要包括：`, `包括:`, `如：`): after its colon.
fn lead_in_end(chars: &[char], start: usize, end: usize) -> Option<usize> {
    let (a, _) = trim(chars, start, end);
    let colon = (a..end.min(a + 6)).find(|&i| matches!(chars[i], '：' | ':'))?;
    let words: String = chars[a..colon].iter().collect();
    ["主要包括", "包括", "包含", "如", "例如", "具体包括", "含"]
        .contains(&words.trim())
        .then_some(colon + 1)
}

/// Whether the part from `from` (to the next `；`, `。` or `end`, outside brackets) is
/// `item：…`.
fn names_an_item(chars: &[char], from: usize, end: usize) -> bool {
    let mut depth = 0i32;
    for i in from..end {
        match chars[i] {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = (depth - 1).max(0),
            '；' | ';' | '。' if depth == 0 => return false,
            '：' | ':' if depth == 0 && !is_url_colon(chars, i) => return true,
            _ => {}
        }
    }
    false
}

/// Whether an item says there is none (`无`, `不涉及`).
fn says_none(chars: &[char], a: usize, b: usize) -> bool {
    let t: String = chars[a..b].iter().collect();
    matches!(
        t.as_str(),
        "无" | "暂无" | "不涉及" | "否" | "/" | "-" | "—" | "N/A" | "无需"
    )
}

/// Whether the colon at `i` is a URL's (`https://`).
fn is_url_colon(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/')
}

/// An item without the words around it that are not data (`您的`, `以及`, trailing `等`).
fn trim_item(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let (mut a, mut b) = trim(chars, start, end);
    let text = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    for p in ["以及", "及", "和", "或", "您的", "你的", "用户的"] {
        if text(a, b).starts_with(p) && b - a > p.chars().count() {
            a += p.chars().count();
        }
    }
    while b > a && matches!(chars[b - 1], '等' | '…' | '.') {
        b -= 1;
    }
    for s in ["信息等", "等信息"] {
        if text(a, b).ends_with(s) && b - a > 3 {
            b -= 1; // keep `信息`, drop the `等` of `…等信息`/`…信息等`.
            if s == "等信息" {
                // `设备型号等信息`: the item is `设备型号`.
                b -= 2;
            }
        }
    }
    trim(chars, a, b)
}

fn quote(chars: &[char], start: usize, end: usize) -> Quote {
    Quote {
        text: chars[start..end].iter().collect(),
        span: Span { start, end },
    }
}

/// A name's end before the Java package names (or host names) a list appends to it (`广点通SDK(com.qq.e.ads\
/// com.tencent.smtt)`, `个推SDKcom.getui\com.getui.gis)`): the reader wants the SDK's name; the
/// package names stay in the record's text.
fn without_package_names(chars: &[char], start: usize, end: usize) -> usize {
    let word = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_');
    let package_at = |i: usize| {
        if !chars[i].is_ascii_lowercase() {
            return false;
        }
        let mut j = i;
        while j < end && word(chars[j]) {
            j += 1;
        }
        j - i >= 2 && j + 1 < end && chars[j] == '.' && chars[j + 1].is_ascii_lowercase()
    };
    // A package name (or a host name) starts a word, not inside one (`SDKcom.getui` is two).
    let starts_word = |i: usize| {
        let c = chars[i - 1];
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    };
    let Some(mut cut) = (start + 1..end).find(|&i| package_at(i) && starts_word(i)) else {
        return end;
    };
    while cut > start
        && (chars[cut - 1].is_whitespace() || matches!(chars[cut - 1], '(' | '（' | '[' | '【'))
    {
        cut -= 1;
    }
    if cut > start {
        cut
    } else {
        end
    }
}

/// `start..end` without surrounding whitespace and list punctuation.
fn trim(chars: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
    let edge =
        |c: char| c.is_whitespace() || matches!(c, '；' | ';' | '，' | ',' | '。' | '：' | ':');
    while start < end && edge(chars[start]) {
        start += 1;
    }
    while end > start && edge(chars[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// The first URL in `start..end`: `http(s)://` and the ASCII chars that follow it.
fn find_url(chars: &[char], start: usize, end: usize) -> Option<(usize, usize)> {
    let at = (start..end).find(|&i| {
        let rest = |p: &str| {
            p.chars()
                .enumerate()
                .all(|(k, c)| chars.get(i + k).map(|x| x.to_ascii_lowercase()) == Some(c))
        };
        (rest("https://") || rest("http://")) && i + 7 <= end
    })?;
    let mut e = at;
    while e < end && chars[e].is_ascii() && !chars[e].is_ascii_whitespace() {
        e += 1;
    }
    Some((at, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str) -> Policy {
        crate::parse::parse_bytes(
            std::path::Path::new("test.txt"),
            text.as_bytes(),
            &Default::default(),
        )
        .unwrap()
    }

    fn texts(quotes: &[Quote]) -> Vec<&str> {
        quotes.iter().map(|q| q.text.as_str()).collect()
    }

    /// The items `items` reads in all of `text`.
    fn item_texts(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        items(&chars, 0, chars.len())
            .into_iter()
            .map(|q| q.text)
            .collect()
    }

    fn names(rs: &[Receiver]) -> Vec<&str> {
        rs.iter().map(|r| r.name.text.as_str()).collect()
    }

    #[test]
    fn an_operator_read_again_on_its_own_is_no_second_receiver() {
        // A crawled table whose row holds the operator's cell and a two-line link after a blank
        // line: 科大讯飞股份有限公司 (the operator of 科大讯飞) was listed as a receiver too.
        let p = policy(
            "示例隐私政策\n\n4.1 共享您的个人信息\n\n\n功能类型\n第三方SDK名称\n使用场景\n个人信息字段\n\
             第三方机构名称\n第三方链接\n\n\n地图类\n百度地图\n根据用户的位置信息推荐医生和医院\n\
             设备相关信息（IMEI、MAC地址）、位置信息\n北京百度在线网络技术有限公司\n\
             官网链接:https://map.baidu.com隐私政策链接:https://lbsyun.baidu.com/index.php?title=open/privacy\n\n\n\
             语音文字转换\n科大讯飞\n语音转文字、文字转语音\n语音信息、设备相关信息（IMSI）、位置信息\n\
             科大讯飞股份有限公司\n\n官网链接:https://www.iflytek.com\n\
             隐私政策链接:https://www.xfyun.cn/doc/policy/privacy.html\n\n\n\n\
             五、我们如何保护您的个人信息\n我们会采取安全措施。\n",
        );
        let rs = receivers_of(&p, Lexicon::builtin());
        let sdks: Vec<&str> = rs
            .iter()
            .filter(|r| r.kind == ReceiverKind::Sdk)
            .map(|r| r.name.text.as_str())
            .collect();
        assert_eq!(sdks, ["百度地图", "科大讯飞"], "{:?}", names(&rs));
        // A record's evidence ends with its row: not with the next row's category.
        let baidu = rs.iter().find(|r| r.name.text == "百度地图").unwrap();
        let evidence: String = p
            .text
            .chars()
            .skip(baidu.span.start)
            .take(baidu.span.len())
            .collect();
        assert!(!evidence.contains("语音文字转换"), "{evidence}");
        let xunfei = rs.iter().find(|r| r.name.text == "科大讯飞").unwrap();
        assert_eq!(
            xunfei.operator.as_ref().map(|q| q.text.as_str()),
            Some("科大讯飞股份有限公司")
        );
    }

    #[test]
    fn package_names_after_an_sdk_name_are_not_part_of_it() {
        let text = "隐私政策\n第三方SDK目录：\n\
            SDK名称：广点通SDK(com.qq.e.ads\\com.tencent.smtt)\n\
            收集的个人信息类型：设备信息、IP地址\n\n\
            SDK名称：个推SDKcom.getui\\com.getui.gis)\n\
            收集的个人信息类型：设备标识码\n\n\
            SDK名称：ADMOB_SDK (com.google.android.gms.ads Admob)\n\
            收集的个人信息类型：设备识别码\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["广点通SDK", "个推SDK", "ADMOB_SDK"]);
        let chars: Vec<char> = text.chars().collect();
        let chars_of = |q: &Quote| chars[q.span.start..q.span.end].iter().collect::<String>();
        assert_eq!(chars_of(&rs[1].name), "个推SDK");
        // A name that is all package is kept as it is.
        assert_eq!(without_package_names(&chars, 0, 0), 0);
    }

    #[test]
    fn key_value_lines_make_one_record_per_name() {
        let text = "隐私政策\n我们接入的第三方SDK如下：\n\
            a、接入的SDK名称：华为推送SDK\n\
            收集的个人信息类型：应用ID、应用包名、服务器公网IP地址\n\
            收集及使用目的：消息推送服务\n\
            提供方名称及其个人信息保护政策链接：华为技术有限公司\n\
            https://developer.huawei.com/privacy\n\n\
            b、接入的SDK名称：百度地图\n\
            收集的个人信息类型：设备经纬度、设备标识信息\n\
            收集及使用目的：定位及地图服务\n\
            提供方名称及其个人信息保护政策链接：百度\n\
            http://lbsyun.baidu.com/\n\n\
            4、我们会采取合理的措施保护您的个人信息。\n";
        let p = policy(text);
        let rs = receivers_of(&p, Lexicon::builtin());
        assert_eq!(names(&rs), ["华为推送SDK", "百度地图"]);
        let r = &rs[0];
        assert_eq!(r.kind, ReceiverKind::Sdk);
        assert_eq!(texts(&r.data), ["应用ID", "应用包名", "服务器公网IP地址"]);
        assert_eq!(r.purpose.as_ref().unwrap().text, "消息推送服务");
        assert_eq!(r.operator.as_ref().unwrap().text, "华为技术有限公司");
        assert_eq!(
            r.link.as_deref(),
            Some("https://developer.huawei.com/privacy")
        );
        // Spans point into the original text.
        let chars: Vec<char> = p.text.chars().collect();
        for q in std::iter::once(&r.name).chain(&r.data) {
            let s: String = chars[q.span.start..q.span.end].iter().collect();
            assert_eq!(s, q.text);
        }
        assert!(
            rs[1].data_types.iter().any(|t| t.contains("定位")),
            "{:?}",
            rs[1].data_types
        );
        assert_eq!(rs[1].link.as_deref(), Some("http://lbsyun.baidu.com/"));
    }

    #[test]
    fn numbered_lines_heading_fields_name_their_records_whatever_they_say() {
        // Regression (crawl, 小精灵美化): `4.微信分享` says neither SDK nor a known name, and the
        // key on the next line was read as starting on the line break before it, so the record
        // ran into the one above; `19.360加固` lost its 360 to the list number; a key alone on
        // its line had an empty value.
        let text = "隐私政策\n十三、第三方SDK使用说明\n\
            3.华为云存储服务SDK\n\
            涉及个人信息：设备Mac地址、设备信息\n\
            合作方主体：华为云计算技术有限公司\n\
            合作方隐私政策：https://www.huaweicloud.com/declaration/sa_prp.html\n\u{a0}\n\
            4.微信分享\n\
            使用目的：用于分享服务\n\
            涉及个人信息：独立设备标识符、网络信息\n\
            合作方隐私政策：https://weixin.qq.com/privacy\n\u{a0}\n\n\
            19.360加固（com.qihoo.util，com.netease.nis）\n\n\
            涉及个人信息：\n\
            Android ID、OAID、网络类型\n\n\
            使用目的：\n\
            应用加固\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["华为云存储服务SDK", "微信分享", "360加固"]);
        assert_eq!(
            rs[0].link.as_deref(),
            Some("https://www.huaweicloud.com/declaration/sa_prp.html")
        );
        assert_eq!(texts(&rs[1].data), ["独立设备标识符", "网络信息"]);
        assert_eq!(rs[1].link.as_deref(), Some("https://weixin.qq.com/privacy"));
        assert_eq!(texts(&rs[2].data), ["Android ID", "OAID", "网络类型"]);
        assert_eq!(rs[2].purpose.as_ref().unwrap().text, "应用加固");
    }

    #[test]
    fn a_numbered_line_above_a_single_field_is_not_a_record() {
        // One `key：value` under a numbered line is prose with a colon, not a record.
        let text = "隐私政策\n2.账号注册\n使用目的：为了向您提供服务，我们会收集您的手机号。\n";
        assert!(receivers_of(&policy(text), Lexicon::builtin()).is_empty());
    }

    #[test]
    fn names_may_open_with_a_number_of_three_digits_but_not_with_a_list_number() {
        assert!(starts_with_number("1"));
        assert!(starts_with_number("1阿里推送"));
        assert!(starts_with_number("12、百度"));
        assert!(starts_with_number("2345"));
        assert!(!starts_with_number("360加固"));
        assert!(!starts_with_number("微信"));
    }

    #[test]
    fn records_run_together_in_one_paragraph_are_cut_at_each_key() {
        let text = "隐私政策\n（四）三方SDK接入说明我们对接入的第三方SDK进行严格检测。\
            使用SDK名称：友盟SDK使用目的：统计常规用户数据功能功能类型：统计SDK\
            收集个人数据类型：设备信息（IMEI/MAC/Android ID）、地理位置\
            隐私权政策链接：https://www.umeng.com/page/policy\
            使用SDK名称：极光SDK使用目的：为用户提供一键登录功能功能类型：一键登录SDK\
            收集个人信息类型：设备信息、网络信息\
            隐私权政策链接：https://www.jiguang.cn/license/privacy三、我们如何存储个人信息\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["友盟SDK", "极光SDK"]);
        assert_eq!(
            texts(&rs[0].data),
            ["设备信息（IMEI/MAC/Android ID）", "地理位置"]
        );
        assert_eq!(
            rs[1].link.as_deref(),
            Some("https://www.jiguang.cn/license/privacy")
        );
        assert_eq!(
            rs[1].purpose.as_ref().unwrap().text,
            "为用户提供一键登录功能"
        );
    }

    #[test]
    fn a_table_saved_one_cell_per_line_is_read_by_its_header() {
        let text = "隐私政策\n7.集成第三方SDK名称、使用目的及隐私政策\n\n\
            SDK名称\n\n包名信息\n使用目的\n\n使用的权限\n涉及个人信息\n隐私权政策链接\n\
            阿里weexSDK\ncom.taobao\n用于渲染页面\nandroid.permission.WRITE_EXTERNAL_STORAGE\n\
            android.permission.READ_EXTERNAL_STORAGE\n存储文件\nhttp://doc.weex.io/zh\n\
            高德定位SDK\ncom.amap.api\n用于定位\nandroid.permission.ACCESS_FINE_LOCATION\n\
            位置信息、设备标识信息\nhttps://lbs.amap.com/pages/privacy/\n\
            八、我们如何保护您的个人信息\n我们会采取措施。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["阿里weexSDK", "高德定位SDK"]);
        assert_eq!(
            rs[1].link.as_deref(),
            Some("https://lbs.amap.com/pages/privacy/")
        );
        assert_eq!(texts(&rs[1].data), ["位置信息", "设备标识信息"]);
        assert_eq!(rs[1].purpose.as_ref().unwrap().text, "用于定位");
    }

    #[test]
    fn a_table_without_links_whose_cells_are_set_apart_by_more_blank_lines_is_read_by_them() {
        // Regression (crawl, 财通证券): no link column and names the lexicon does not know, so
        // no row had a mark; a purpose cell that names a column's word (`提供银联支付功能`) was
        // taken for a header. Cells are set apart by 4–5 line breaks, a cell's lines by 3.
        let text =
            "隐私政策\n我们接入的第三方\n\n\n\n\n\n\n第三方名称\n\n\n\n\n第三方需要申请的权限\
            \n\n\n\n\n第三方提供的功能\n\n\n\n\n第三方收集的个人信息\n\n\n\n\n\n\n\
            银联支付\n\n\n\n\n读取手机状态和身份，访问网络状态信息\n\n\n\n\n提供银联支付功能\
            \n\n\n\n\n交易订单、IMEI\n\n\n\n\n\n\
            VIVO推送SDK\n\n\n读取手机状态\n\n\n访问网络状态信息\n\n\n消息推送权限\n\n\n\n\n\
            用于APP向VIVO手机用户推送消息\n\n\n\n\nIMEI\n\n\n\n\n\
            极验\n\n\n\n读取手机状态和身份\n\n\n\n\n提供用户手机号一键登录功能\n\n\n\n\nIMSI、IMEI\
            \n\n\n\n\n\n7、我们如何保护您的个人信息\n我们会采取安全措施。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["银联支付", "VIVO推送SDK", "极验"]);
        assert_eq!(texts(&rs[0].data), ["交易订单", "IMEI"]);
        assert_eq!(rs[0].purpose.as_ref().unwrap().text, "提供银联支付功能");
        assert_eq!(
            rs[1].purpose.as_ref().unwrap().text,
            "用于APP向VIVO手机用户推送消息"
        );
        assert_eq!(texts(&rs[2].data), ["IMSI", "IMEI"]);
    }

    #[test]
    fn a_table_whose_columns_are_set_apart_by_spaces_repeats_merged_cells_from_the_row_above() {
        // Regression (crawl, 龙云卡座): a PDF's table as text, the name in the third column, rows
        // with fewer cells under merged ones, a link wrapped onto the next line.
        let text = "隐私政策\n我们接入的第三方SDK如下：\n\
            功能类型 使用目的 第三方名称 涉及个人信息 第三方官网链接\n\
            第三方账号登录 根据用户选择，为用户提供第三方账号登录功能 微信 设备信息 https://open.weixin.qq.com/\n\n\
            新浪微博 设备信息 https://open.weibo.com/authentication/\n\n\
            地图导航 为用户提供地图导航功能 高德地图 位置信息、设备信息 https://lbs.amap.com/cgi-bin/showdocum\n\
            action=dir_list&t=resource&⟨=zh_CN\n\
            百度地图 位置信息 https://lbsyun.baidu.com/\n\n\
            我们会对第三方进行严格的安全检测。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["微信", "新浪微博", "高德地图", "百度地图"]);
        assert_eq!(
            rs[1].purpose.as_ref().unwrap().text,
            "根据用户选择，为用户提供第三方账号登录功能"
        );
        assert_eq!(texts(&rs[2].data), ["位置信息", "设备信息"]);
        assert_eq!(
            rs[3].purpose.as_ref().unwrap().text,
            "为用户提供地图导航功能"
        );
        assert_eq!(rs[3].link.as_deref(), Some("https://lbsyun.baidu.com/"));

        // Spaces inside a row's last data cell (crawl, 万表二手表).
        let text = "隐私政策\nSDK名称 第三方机构名称 收集和使用目的 收集的信息范围\n\
            小能客服SDK 北京能通天下网络技术有限公司 平台客服 个人常用设备信息\n\
            友盟推送SDK 北京友盟网络科技有限公司 用于推送技术服务 设备平台，设备厂商，网 络信息\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["小能客服SDK", "友盟推送SDK"]);
        assert_eq!(
            rs[1].operator.as_ref().unwrap().text,
            "北京友盟网络科技有限公司"
        );
        assert_eq!(texts(&rs[1].data), ["设备平台", "设备厂商", "网 络信息"]);
    }

    #[test]
    fn names_each_on_a_line_above_its_link_are_receivers() {
        let text = "隐私政策\n您可以通过以下链接查看第三方的数据使用和保护规则。\n\
            环信\nhttps://www.easemob.com/protocol\n友盟\nhttps://www.umeng.com/policy\n\n\
            更多信息请访问\nhttps://example.com/help\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["环信", "友盟"]);
        assert_eq!(rs[1].link.as_deref(), Some("https://www.umeng.com/policy"));
    }

    #[test]
    fn a_markdown_pipe_table_is_read_by_its_header() {
        let text = "隐私政策\n技术支持类合作伙伴收集相关信息具体如下：\n\
            | 第三方SDK名称 | 收集方式及目的 | 共享的个人信息类型 | 第三方SDK隐私政策链接 |\n\
            | ----------- | ----------- | ----------- | ----------- |\n\
            | Bugly SDK | 应用崩溃监测 | 手机系统版本信息、型号 | https://bugly.qq.com/privacy |\n\
            | 穿山甲SDK | 提供广告内容 | 粗略位置信息，wifi状态信息 | https://www.pangle.cn/privacy |\n\
            三、我们如何存储您的信息\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["Bugly SDK", "穿山甲SDK"]);
        assert_eq!(texts(&rs[1].data), ["粗略位置信息", "wifi状态信息"]);
        assert_eq!(rs[1].link.as_deref(), Some("https://www.pangle.cn/privacy"));
    }

    #[test]
    fn a_table_whose_link_is_not_its_last_column_ends_rows_after_the_columns_past_it() {
        let text = "隐私政策\n附录\nSDK名称\n可能收集的个人信息\n使用场景\n隐私政策链接\n所属公司\n\
            友盟\n设备信息（IMEI/MAC）\n用户新增统计\nhttps://www.umeng.com/page/policy\n友盟同欣（北京）科技有限公司\n\
            穿山甲\n设备标识符、IP地址\n用于广告投放\nhttps://www.pangle.cn/privacy\n北京巨量引擎网络技术有限公司\n\
            二、我们如何使用Cookie\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["友盟", "穿山甲"]);
        assert_eq!(
            rs[1].operator.as_ref().unwrap().text,
            "北京巨量引擎网络技术有限公司"
        );
        assert_eq!(rs[1].purpose.as_ref().unwrap().text, "用于广告投放");
    }

    #[test]
    fn the_privacy_policy_is_the_link_when_a_record_also_gives_the_vendor_site() {
        let text = "隐私政策\nSDK名称：极光推送SDK\n官网链接：https://www.jiguang.cn\n\
            隐私政策链接：https://www.jiguang.cn/license/privacy\n使用目的：消息推送\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(
            rs[0].link.as_deref(),
            Some("https://www.jiguang.cn/license/privacy")
        );
    }

    #[test]
    fn a_list_of_sdks_each_described_in_prose_names_each_with_the_data_it_mentions() {
        let text = "隐私政策\n我们目前集成使用的第三方SDK包括：\n\
            1）友盟统计：友盟+SDK需要收集您的设备Mac地址、唯一设备识别码（IMEI）以提供统计分析服务。\n\
            2）QQ：使用到分享功能\n\
            3）百度地图SDK：获取您的位置信息，用于展示附近的门店。\n\
            4）我们的承诺：我们不会出售您的个人信息。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        // `QQ` says no SDK and is no lexicon name, but stands in a list of two that are
        // (crawl, com.wdm.nbct); `我们的承诺` is no name.
        assert_eq!(names(&rs), ["友盟统计", "QQ", "百度地图SDK"]);
        assert!(
            rs[2].data_types.iter().any(|t| t.contains("位置")),
            "{:?}",
            rs[2].data_types
        );
        assert!(!rs[0].data.is_empty());
    }

    #[test]
    fn prose_with_a_purpose_key_but_no_record_names_no_receiver() {
        let text = "隐私政策\n使用目的：为了向您提供服务，我们会收集您的手机号。\n\
            我们不会与任何第三方共享您的个人信息。\n";
        assert!(receivers_of(&policy(text), Lexicon::builtin()).is_empty());
    }

    #[test]
    fn what_an_item_is_for_is_not_an_item() {
        let got = item_texts("设备信息（IMEI/MAC）：用于识别唯一用户，保证送达；优化通道，提高送达率；网络信息（IP地址，WiFi信息）：优化连接。APP 安装列表信息：推荐内容");
        assert_eq!(
            got,
            [
                "设备信息（IMEI/MAC）",
                "网络信息（IP地址，WiFi信息）",
                "APP 安装列表信息"
            ]
        );
    }

    #[test]
    fn items_keep_brackets_whole_and_drop_trailing_deng() {
        let got = item_texts("您的设备信息（IMEI、MAC）、网络类型等");
        assert_eq!(got, ["设备信息（IMEI、MAC）", "网络类型"]);
    }

    #[test]
    fn sdks_a_sentence_lists_after_a_colon_are_receivers_once() {
        // Crawl, 快找酒: the SDKs are named in prose only; two are described again below.
        let text =
            "隐私政策\n8.集成的SDK\n本应用为了便于向用户推送信息及提供优质服务，集成了如下SDK：\
            华为推送和华为联运应用、小米推送、OPPO推送、vivo推送、友盟、融云。\n\
            我们使用的SDK包括：统计分析、消息推送。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(
            names(&rs),
            [
                "华为推送",
                "华为联运应用",
                "小米推送",
                "OPPO推送",
                "vivo推送",
                "友盟",
                "融云"
            ]
        );
        assert!(rs.iter().all(|r| r.kind == ReceiverKind::Sdk));
        // A name a record describes again is listed once, with what it gets.
        let text = "隐私政策\n我们接入了以下第三方SDK：极光推送、友盟。\n\
            SDK名称：友盟\n使用目的：统计分析\n收集个人信息类型：设备信息\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["极光推送", "友盟"]);
        assert_eq!(texts(&rs[1].data), ["设备信息"]);
    }

    #[test]
    fn a_group_name_before_a_list_of_items_is_no_item() {
        // Crawl, 快手联盟 in 花花填色书's SDK table: groups of items under a name and a colon.
        let chars: Vec<char> =
            "基础信息:设备品牌、设备型号、存储信息；位置信息:IP地址、MAC地址、基站信息；\
            网络信息：用于判断网络状态"
                .chars()
                .collect();
        let got: Vec<String> = items(&chars, 0, chars.len())
            .into_iter()
            .map(|q| q.text)
            .collect();
        assert_eq!(
            got,
            [
                "设备品牌",
                "设备型号",
                "存储信息",
                "IP地址",
                "MAC地址",
                "基站信息",
                "网络信息"
            ]
        );
    }

    #[test]
    fn a_lead_in_before_the_items_is_no_item() {
        let got = item_texts("主要包括：日志信息（包括：Logcat日志）、设备ID、系统版本以及国家码");
        assert_eq!(
            got,
            [
                "日志信息（包括：Logcat日志）",
                "设备ID",
                "系统版本以及国家码"
            ]
        );
    }

    #[test]
    fn column_names_written_with_kangxi_radicals_are_column_names() {
        // Crawl, 壹生: `使⽤⽬的` is written with U+2F64 and U+2F6C.
        let text = "隐私政策\n接入的第三方SDK服务目录：\n\
            SDK名称：个推推送SDK\n所属机构：每日互动股份有限公司（个推）\n\
            使\u{2f64}\u{2f6c}的：为用户提供推送\n数据类型：个人常用设备信息\n\
            隐私权政策链接：https://www.getui.com/privacy\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["个推推送SDK"]);
        assert_eq!(rs[0].purpose.as_ref().unwrap().text, "为用户提供推送");
        assert_eq!(
            rs[0].operator.as_ref().unwrap().text,
            "每日互动股份有限公司（个推）"
        );
    }
}
