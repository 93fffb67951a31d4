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

mod columns;
mod lists;
mod tables;
mod words;

use columns::*;
use lists::*;
pub use tables::*;
use words::*;

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
    /// Whole-cell keys of a name column that may be the app's own product (`product` in the
    /// file): see [`products_name_no_receivers`].
    products: std::collections::HashSet<String>,
}

/// Whether `line` opens a field of a record other than its name: a receiver field's name
/// (`功能`, `收集个人信息类型`, `隐私政策链接` …) and a colon right after it (`功能：可帮助用户完成
/// 付款`). The line above such a field, when the record names itself in no field, is its name.
pub(crate) fn opens_with_unnamed_records_field(line: &str) -> bool {
    let Some(colon) = line.find(['：', ':']) else {
        return false;
    };
    let before: Vec<char> = line[..colon].trim().chars().collect();
    !before.is_empty()
        && before.len() <= keys().longest
        && keys()
            .by_text
            .get(&key_form(&before))
            .is_some_and(|f| *f != Field::Name)
}

/// The field a `key：value` line opens with, after any list marker (`1、业务场景：积分提现`,
/// `个人信息字段：姓名、手机号码`): the field, where its value starts (in chars of `line`) and
/// whether a list marker came first (a numbered line opens a record).
pub(crate) fn field_of_line(line: &str) -> Option<(Field, usize, bool)> {
    let chars: Vec<char> = line.chars().collect();
    let (start, b) = trim(&chars, 0, chars.len());
    let a = lists::skip_list_marker(&chars, start, b);
    let colon = (a..b.min(a + keys().longest + 1)).find(|&k| matches!(chars[k], '：' | ':'))?;
    keys()
        .by_text
        .get(&key_form(&chars[a..colon]))
        .map(|&f| (f, colon + 1, a > start))
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

const FIELDS_TSV: &str = include_str!("../../data/lexicon/receiver_fields.tsv");

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut fields = Vec::new();
        let mut whole = std::collections::HashMap::new();
        let mut products = std::collections::HashSet::new();
        for line in FIELDS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("field\t") {
                continue;
            }
            let (field_name, keys) = line.split_once('\t').expect("field<TAB>keys");
            let field = match field_name {
                "name" => Field::Name,
                "operator" => Field::Operator,
                "purpose" => Field::Purpose,
                "data" => Field::Data,
                "link" => Field::Link,
                "kind" => Field::Kind,
                "other" => Field::Other,
                "product" => Field::Name,
                f => panic!("receiver_fields.tsv: unknown field {f}"),
            };
            for k in keys.split('|').map(str::trim).filter(|k| !k.is_empty()) {
                if let Some(cell) = k.strip_prefix('=') {
                    let cell = key_form(&cell.chars().collect::<Vec<_>>());
                    if field_name == "product" {
                        products.insert(cell.clone());
                    }
                    whole.insert(cell, field);
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
            products,
        }
    })
}

/// A name column headed by a product's name (`产品名称`) names receivers only beside a third
/// party's column — its operator or link (甬兴证券's SDK table: `产品名称` … `第三方机构名称` …
/// `第三方隐私协议或网站`) — or when its first row names an SDK (`数爆应用统计SDK`); else it is
/// the app's own product (a permission table's `产品名称` / `设备权限` / `对应业务功能`, rows
/// `天气`, `日历`), read and ignored. `header_keys` are the header's cells as written;
/// `first_row_names_sdk` is asked only of a header with a product column (every line of a
/// text is tried as a header: asking each whether the line after it names an SDK was 2 % of
/// an import's CPU).
pub(super) fn products_name_no_receivers(
    header: &mut [Field],
    header_keys: &[String],
    first_row_names_sdk: impl FnOnce() -> bool,
) {
    let products = &keys().products;
    let product_columns = || {
        header.iter().zip(header_keys).any(|(f, key)| {
            *f == Field::Name && products.contains(&key_form(&key.chars().collect::<Vec<_>>()))
        })
    };
    let beside_a_third_party = header
        .iter()
        .any(|f| matches!(f, Field::Operator | Field::Link));
    if beside_a_third_party || !product_columns() || first_row_names_sdk() {
        return;
    }
    for (f, key) in header.iter_mut().zip(header_keys) {
        if *f == Field::Name && products.contains(&key_form(&key.chars().collect::<Vec<_>>())) {
            *f = Field::Other;
        }
    }
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

impl FieldAt {
    /// A field whose value stands alone, `start..end`, with no key of its own (a table's
    /// column header or a list's heading says what it is).
    fn cell(field: Field, key_says_sdk: bool, start: usize, end: usize) -> FieldAt {
        FieldAt {
            field,
            key_says_sdk,
            key_start: start,
            value_start: start,
            value_end: end,
        }
    }
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
    let prose = prose_record_fields(&chars, &fields);
    fields.extend(prose);
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
    // An operator given on the line before a record's name (鬼鸡配音's `第三方公司名称：深圳市腾讯…` /
    // `SDK名称：微信登陆sdk` / …, record after record) is that record's when the policy's first
    // record opens so — not where an operator closes each record and the next name follows it.
    let mut operator_ahead: Option<Quote> = None;
    let mut operators_lead = false;
    for (i, &f) in fields.iter().enumerate() {
        let (start, end) = trim(&chars, f.value_start, f.value_end);
        // (Keyed fields only: a table's last cell, its operator, is followed by the next row's
        // name cell.)
        if f.field == Field::Operator
            && start < end
            && f.key_start < f.value_start
            && is_name(&chars, start, end)
            && fields.get(i + 1).is_some_and(|next| {
                next.field == Field::Name
                    && next.key_start < next.value_start
                    && next.key_start >= end
                    && chars[end..next.key_start].iter().all(|c| c.is_whitespace())
            })
        {
            match &current {
                None if out.is_empty() => operators_lead = true,
                None => {}
                Some((r, _)) if operators_lead && r.operator.is_some() => {}
                Some(_) => operators_lead = false,
            }
            if operators_lead {
                operator_ahead = Some(quote(&chars, start, end));
                continue;
            }
        }
        if f.field == Field::Name {
            let ahead = operator_ahead.take();
            // A name right before a link's key, the open record's own or a short form of it,
            // says whose policy the link is (`极光隐私政策链接：…` closing 极光推送's record; `友盟
            // SDK隐私权政策链接：…` closing 友盟SDK's); another name there opens a record of its
            // own (`腾讯BuglySDK隐私权政策链接：…`, the record's only name).
            let owner = key_form(&chars[start..end]);
            if let Some((r, _)) = current.as_ref().filter(|(r, _)| {
                let open = key_form(&r.name.text.chars().collect::<Vec<_>>());
                !owner.is_empty() && (open.starts_with(&owner) || owner.starts_with(&open))
            }) {
                if fields.get(i + 1).is_some_and(|next| {
                    next.field == Field::Link
                        && next.key_start == f.value_end
                        && r.span.start < f.key_start
                }) {
                    continue;
                }
            }
            // The same name key read again by another reader: a value run on into the next
            // line (`SDK 名称：支付宝SDK` / `合作方：…` also read as one value `合作方：…`) adds
            // nothing to the open record; a value inside the name read first is the better
            // reading of it (`神策分析` of a line `SDK名称：神策分析` read whole).
            if let Some((r, _)) = current
                .as_mut()
                .filter(|(r, _)| r.span.start == f.key_start)
            {
                if start < end && r.name.span.start < start && end <= r.name.span.end {
                    r.name = quote(&chars, start, end);
                }
                continue;
            }
            // A party's name right after an SDK's, before any other field, is the SDK's
            // operator (中智万年历's `SDK名称：QQ分享/登录SDK` / `第三方名称：深圳市腾讯计算机系统有限
            // 公司` / `收集目的：…`: the record was named after its company, and the SDK lost).
            if let Some((r, n)) = current.as_mut().filter(|(r, n)| {
                *n == 0
                    && r.kind == ReceiverKind::Sdk
                    && r.operator.is_none()
                    && !f.key_says_sdk
                    && f.key_start >= r.span.end
                    && chars[r.span.end..f.key_start]
                        .iter()
                        .all(|c| c.is_whitespace())
            }) {
                if start < end {
                    r.operator = Some(quote(&chars, start, end));
                    r.span.end = end;
                    *n += 1;
                }
                continue;
            }
            finish(current.take(), &mut out);
            // (`SDK名称：支付宝SDK（仅安卓，iOS未接入）` names 支付宝SDK.)
            let bare = without_remark(&chars, start, end);
            if !is_name(&chars, start, bare) {
                continue;
            }
            let name = quote(&chars, start, bare);
            current = Some((
                Receiver {
                    kind: if f.key_says_sdk {
                        ReceiverKind::Sdk
                    } else {
                        ReceiverKind::Partner
                    },
                    name,
                    operator: ahead,
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
                // A company's name holds no clause end (records run together in one paragraph:
                // `e.提供方：神策网络科技（北京）有限公司。（2） 第三方SDK：阿里云SDK`) and is no
                // link's words (`提供方：深圳腾讯控股有限公司隐私政策链接`, the link's anchor text).
                let link_words = ["隐私政策", "隐私权政策", "隐私协议", "链接"];
                let end = (start + 1..end)
                    .find(|&k| {
                        matches!(chars[k], '。' | '；' | ';' | '，')
                            || link_words.iter().any(|w| {
                                let w: Vec<char> = w.chars().collect();
                                chars[k..end].starts_with(&w)
                            })
                    })
                    .unwrap_or(end);
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
    // A record's link on a line of its own that names it again (`腾讯互联SDK隐私协议地址：https://…`
    // after `SDK 名称：腾讯互联SDK` / `合作方：…` / `个人信息收集范围：…`) is that record's link.
    let mut merged: Vec<Receiver> = Vec::with_capacity(out.len());
    for r in out {
        let only_a_link =
            r.link.is_some() && r.purpose.is_none() && r.data.is_empty() && r.operator.is_none();
        if let Some(previous) = merged.last_mut().filter(|p| {
            only_a_link
                && p.link.is_none()
                && key_form(&p.name.text.chars().collect::<Vec<_>>())
                    == key_form(&r.name.text.chars().collect::<Vec<_>>())
        }) {
            previous.link = r.link;
            previous.span.end = previous.span.end.max(r.span.end);
            continue;
        }
        merged.push(r);
    }
    let mut out = merged;
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
        let end = without_appended_notes(&chars, r.name.span.start, r.name.span.end);
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
        for m in lexicon.find_purposes_but_ad_pushes(&crate::normalize::normalize(&p.text)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A field line's field and value after any list marker (助销宝's collection list).
    #[test]
    fn a_lines_field_is_read_after_its_list_marker() {
        assert!(matches!(
            field_of_line("1、业务场景：积分提现。"),
            Some((Field::Purpose, 7, true))
        ));
        assert!(matches!(
            field_of_line(" 个人信息字段：姓名、手机号码。"),
            Some((Field::Data, 8, false))
        ));
        assert!(matches!(
            field_of_line("收集的方式：用户输入。"),
            Some((Field::Other, _, false))
        ));
        assert!(field_of_line("我们会收集您的手机号码：用于注册").is_none());
        assert!(field_of_line("没有冒号的一行").is_none());
    }

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

    /// The names of the SDKs among `rs`, in order.
    fn sdk_names(rs: &[Receiver]) -> Vec<&str> {
        rs.iter()
            .filter(|r| r.kind == ReceiverKind::Sdk)
            .map(|r| r.name.text.as_str())
            .collect()
    }

    fn names(rs: &[Receiver]) -> Vec<&str> {
        rs.iter().map(|r| r.name.text.as_str()).collect()
    }

    /// 穗好办 (crawl): ten SDKs listed one sentence each — name, `由…提供`, what it collects and
    /// what for — were no receivers at all.
    #[test]
    fn sdks_listed_one_sentence_each_are_records() {
        let p = policy(
            "示例隐私政策\n\n3.第三方软件开发包（SDK）个人信息收集情况\n\n\
             （1）高德地图SDK，由高德软件有限公司提供，需要申请定位、录音权限，收集您的地理位置、\
             音频信息，提供地图导航、天气信息展示功能；\n\
             （2）阿里支付SDK,由蚂蚁集团提供，无需申请任何权限，未收集任何个人信息，提供支付宝支付功能；\n\
             （3）腾讯buglySDK,由深圳市腾讯计算机系统有限公司提供，对APP进行性能监控，提供收集错误日志\
             功能。需收集您的设备型号，MAC地址，IMEI号；\n\
             （4）极光推送SDK，由深圳市和讯华谷信息技术有限公司提供，提供消息推送和提醒服务，需要收集\
             您的设备信息、地理位置。\n\
             （5）如您使用支付功能，由与我们合作的第三方支付机构向您提供服务。\n",
        );
        let rs = receivers_of(&p, Lexicon::builtin());
        assert_eq!(
            names(&rs),
            ["高德地图SDK", "阿里支付SDK", "腾讯buglySDK", "极光推送SDK"]
        );
        let amap = &rs[0];
        assert_eq!(amap.operator.as_ref().unwrap().text, "高德软件有限公司");
        assert_eq!(texts(&amap.data), ["地理位置", "音频信息"]);
        assert!(rs[1].data.is_empty(), "{:?}", rs[1].data);
        assert_eq!(texts(&rs[2].data), ["设备型号", "MAC地址", "IMEI号"]);
        assert!(
            rs[3].purposes.iter().any(|p| p == "消息通知"),
            "{:?}",
            rs[3]
        );
    }

    #[test]
    fn sdks_listed_one_sentence_each_without_an_operator_are_records() {
        // 走路达人's list: 18 of its 27 SDKs, each `N、NAME，为…，可能会…收集您的…` with a package
        // line after, were no receivers; a sentence that only mentions an SDK is still none.
        let p = policy(
            "示例隐私政策\n\n三、我们如何共享您的个人信息\n\n\
             3、友盟服务商，为提供数据统计、数据分析服务。统计分析服务收集和传送数据到我们的服务器，\
             我们收集唯一设备识别码（IMEI/Mac/Android ID）发送到aaid.umeng.com以提供统计分析服务。\n\
             SDK包名：com.umeng\n\n\
             12、穿山甲联盟，为提供请求广告信息，可能会在后台状态下收集您的ip地址、设备信息（例如硬件\
             型号、国际移动设备身份识别码（IMEI））、屏幕参数、MAC设备地址，地理位置信息等，特别说明：\
             该集成SDK可能会包含其他SDK。\n\
             SDK包名：com.bytedance\n\n\
             17、推啊SDK 为提供请求广告信息，可能会在后台状态下收集您的ip地址、设备信息（Android id、\
             IMEI）。详细内容请访问《推啊隐私政策》\n\n\
             20、TalkingData 应用统计分析SDK，我们收集唯一设备识别码（IMEI/Mac/Android ID）\
             发送到sdk.talkingdata.com以提供统计分析服务。\n\n\
             21、起点新闻客户端会集成友盟 SDK，收集您的设备信息。\n\n\
             22、腾讯TBS SDK 加载网页时使用\n\n\
             五、我们如何保护您的个人信息\n我们会采取安全措施。\n",
        );
        let rs = receivers_of(&p, Lexicon::builtin());
        let sdks = sdk_names(&rs);
        assert_eq!(
            sdks,
            [
                "友盟服务商",
                "穿山甲联盟",
                "推啊SDK",
                "TalkingData 应用统计分析SDK"
            ],
            "{:?}",
            names(&rs)
        );
        // (Not `传送数据到我们的服务器`, which names no data; nor where the codes are sent.)
        assert!(
            texts(&rs[0].data)
                .iter()
                .any(|d| d.contains("唯一设备识别码"))
                && texts(&rs[0].data)
                    .iter()
                    .all(|d| !d.contains("传送") && !d.contains("发送")),
            "{:?}",
            rs[0].data
        );
        let pangle = &rs[1];
        assert!(
            texts(&pangle.data).contains(&"地理位置信息")
                && !texts(&pangle.data).iter().any(|d| d.contains("特别说明")),
            "{:?}",
            texts(&pangle.data)
        );
        assert!(
            pangle.purposes.iter().any(|p| p == "广告营销"),
            "{pangle:?}"
        );
        assert!(
            texts(&rs[3].data).iter().all(|d| !d.contains("发送")),
            "{:?}",
            rs[3].data
        );
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
        let sdks = sdk_names(&rs);
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
    fn a_party_named_right_after_an_sdk_is_its_operator() {
        // 中智万年历 (crawl): each record was named after its company, the SDK's name lost.
        let p = policy(
            "示例隐私政策\n三、第三方SDK名称、信息获取、使用目的\n\
             SDK名称：QQ分享/登录SDK\n第三方名称：深圳市腾讯计算机系统有限公司\n\
             收集目的：账号授权、社交平台分享\n信息获取：设备信息、IP地址、位置信息\n\
             隐私权政策链接：https://privacy.qq.com/\n\
             SDK名称：360加固SDK\n第三方名称：北京奇虎科技有限公司\n\
             收集目的：用于检测App故障和诊断\n信息获取：设备号、IP地址\n\
             隐私权政策链接：https://jiagu.360.cn/\n",
        );
        let rs = receivers_of(&p, Lexicon::builtin());
        assert_eq!(names(&rs), ["QQ分享/登录SDK", "360加固SDK"]);
        let operators: Vec<Option<&str>> = rs
            .iter()
            .map(|r| r.operator.as_ref().map(|q| q.text.as_str()))
            .collect();
        assert_eq!(
            operators,
            [
                Some("深圳市腾讯计算机系统有限公司"),
                Some("北京奇虎科技有限公司")
            ]
        );
        assert!(texts(&rs[0].data).contains(&"位置信息"));
    }

    #[test]
    fn a_link_line_naming_the_record_again_is_its_link() {
        // 尿大夫 (crawl): `腾讯互联SDK隐私协议地址：https://…` after the record's fields was a
        // second receiver of the same name with the link alone.
        let p = policy(
            "示例隐私政策\n二、我们如何收集信息\n\
             SDK 名称：腾讯互联SDK\n合作方：腾讯科技（深圳）有限公司\n合作目的：QQ分享、微信分享\n\
             个人信息收集范围：查看WLAN连接；读取手机状态身份\n\
             腾讯互联SDK隐私协议地址：https://wiki.connect.qq.com/privacy\n\n\
             SDK 名称：支付宝SDK\n合作方：蚂蚁金服网络技术有限公司\n合作目的：使用支付宝授权在app内进行商品支付\n\
             个人信息收集范围：网络状态信息、MAC地址\n\
             支付宝SDK隐私协议地址：https://opendocs.alipay.com/open/01g6qm\n",
        );
        let rs = receivers_of(&p, Lexicon::builtin());
        assert_eq!(names(&rs), ["腾讯互联SDK", "支付宝SDK"]);
        assert_eq!(
            rs[0].link.as_deref(),
            Some("https://wiki.connect.qq.com/privacy")
        );
        assert_eq!(
            rs[1].operator.as_ref().map(|q| q.text.as_str()),
            Some("蚂蚁金服网络技术有限公司")
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
        assert_eq!(without_appended_notes(&chars, 0, 0), 0);
    }

    /// Wake (crawl): 极光's own template writes 「收集个人信息的类型：」 (的 after 信息), which was no
    /// field name — 极光推送SDK was listed with no data, and 「会把我的位置信息共享给谁」 missed it.
    #[test]
    fn jiguang_template_data_field_is_read() {
        let text = "隐私政策\n12.极光推送SDK\n\
            功能：用于实现消息推送（或其他推送）功能\n\
            收集个人信息的类型：设备信息、地理位置、网络信息\n\
            极光隐私政策链接：https://www.jiguang.cn/license/privacy\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        let r = rs.iter().find(|r| r.name.text == "极光推送SDK").unwrap();
        assert_eq!(texts(&r.data), ["设备信息", "地理位置", "网络信息"]);
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
    fn a_name_line_ending_in_sdk_is_no_part_of_the_key_below_it() {
        // Regression (crawl, 扫一扫 and ten apps of the same template): `(2).微信SDK⏎提供方名称：`
        // was read as a name `(2).微信` and a key `SDK提供方名称`, and the record ran into the one
        // above; `(1).支付宝支付SDK(安卓版本使用，ios版本未接入使用)` was no name for its comma. Of
        // the seven SDKs only 友盟 was listed.
        let text = "隐私政策\n三、第三方SDK\n第三方服务：\n\
            (1).支付宝支付SDK(安卓版本使用，ios版本未接入使用)\n\
            提供方名称：支付宝\n\
            场景描述：支付\n\
            个人信息字段：设备标识符、IP地址\n\
            隐私政策： https://render.alipay.com/p/c/k2cx0tg8\n\
            (2).微信SDK\n\
            提供方名称：微信\n\
            场景描述：支付\n\
            个人信息字段：设备标识符\n\
            隐私政策： https://open.weixin.qq.com/\n\
            (3).友盟SDK\n\
            提供方名称：友盟\n\
            场景描述：针对App的各维度的统计功能\n\
            个人信息字段：IMEI、软件列表\n\
            隐私政策： https://www.umeng.com/page/policy\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["支付宝支付SDK", "微信SDK", "友盟SDK"]);
        let operators: Vec<_> = rs
            .iter()
            .map(|r| r.operator.as_ref().unwrap().text.as_str())
            .collect();
        assert_eq!(operators, ["支付宝", "微信", "友盟"]);
        assert_eq!(texts(&rs[1].data), ["设备标识符"]);
        assert_eq!(rs[1].link.as_deref(), Some("https://open.weixin.qq.com/"));
        // A name's `SDK` wrapped onto a line of its own is still the key's (a page saved one
        // text run a line: `广点通广告⏎SDK⏎提供方名称：…`).
        let wrapped = "隐私政策\n三、第三方SDK\n5.1\n广点通广告\nSDK\n\n\
            提供方名称：深圳市腾讯计算机系统有限公司\n\n\
            个人信息类型：设备标识信息、地理位置信息\n\n\
            使用目的：提供开屏广告以及信息流广告\n";
        let rs = receivers_of(&policy(wrapped), Lexicon::builtin());
        assert_eq!(names(&rs), ["广点通广告"]);
    }

    #[test]
    fn an_operator_ends_at_its_clause_and_before_its_links_words() {
        // Regression (crawl, 学而思 and 学汉字): records run together in one paragraph gave the
        // operator `神策网络科技（北京）有限公司。（2）`; a cell `提供方：深圳腾讯控股有限公司隐私政策链接`
        // (the link's anchor text) gave it whole. `提供方` alone is an operator's key, and a
        // package name starts a word only after an acronym (`Jpush.android` is no `J`).
        let text = "隐私政策\n三、第三方SDK\n\
            （1） 第三方SDK：神策a.收集个人信息目的/用途：统计分析。b.收集个人信息类型：设备型号、IP地址。\
            e.提供方：神策网络科技（北京）有限公司。（2） 第三方SDK：阿里云SDKa.收集个人信息目的/用途：云存储。\
            b.收集个人信息类型：设备型号。e.提供方：阿里云计算有限公司。\n\n\
            OPPO推送SDK\n  提供方：广东欢太科技有限公司，点击查看第三方隐私政策\n\
            使用目的及场景：用于在OPPO设备上推送消息\n\
            收集的个人信息范围：设备标识信息、网络信息\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        let operator = |name: &str| {
            rs.iter()
                .find(|r| r.name.text.starts_with(name))
                .and_then(|r| r.operator.as_ref())
                .map(|q| q.text.clone())
        };
        assert_eq!(
            operator("神策").as_deref(),
            Some("神策网络科技（北京）有限公司")
        );
        assert_eq!(
            operator("OPPO推送SDK").as_deref(),
            Some("广东欢太科技有限公司")
        );
        let chars: Vec<char> = "Jpush.android".chars().collect();
        assert_eq!(without_appended_notes(&chars, 0, chars.len()), chars.len());
    }

    #[test]
    fn how_a_party_collects_is_no_record_of_its_own() {
        // Regression (crawl, 记加班 and 鱼视宝): `从第三方处收集个人信息的方式：SDK获取` was no key, so
        // `SDK获取` was read as the name of a record (it says SDK) over the link below it.
        let text = "隐私政策\n附录一 第三方合作伙伴收集个人信息情况列表\n\
            友盟+KU-App统计SDK\n\
            运营方：友盟同欣（北京）科技有限公司\n\
            从第三方处收集个人信息的目的：提供统计分析服务\n\
            从第三方处收集个人信息的类型：设备MAC地址、IMEI\n\
            从第三方处收集个人信息的方式：SDK获取\n\
            隐私政策链接：https://www.umeng.com/page/policy\n\n\
            微信分享 SDK\n\
            运营方：深圳市腾讯计算机系统有限公司\n\
            从第三方处收集个人信息的目的：支持用户分享至微信\n\
            从第三方处收集个人信息的类型：设备信息\n\
            从第三方处收集个人信息的方式：SDK获取\n\
            隐私政策链接：https://weixin.qq.com/privacy\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["友盟+KU-App统计SDK", "微信分享 SDK"]);
        assert_eq!(texts(&rs[0].data), ["设备MAC地址", "IMEI"]);
        assert_eq!(
            rs[0].link.as_deref(),
            Some("https://www.umeng.com/page/policy")
        );
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

    /// 甬兴证券's (and 山火租号's) SDK table: `产品名称` / `分类` / `是否传输个人信息` … / `第三方机构名称` /
    /// `数据去标识化传输情况` / `第三方隐私协议或网站` — four columns unknown, so the rows were read
    /// off by one (receivers named 「无」 and operators listed twice).
    #[test]
    fn a_product_column_beside_an_operator_names_the_receivers() {
        let text = "隐私政策\n附表：第三方SDK目的、功能及权限获取情况\n\
            产品名称\n分类\n是否传输个人信息\n目的\n权限\n个人信息类型\n个人信息字段\n第三方机构名称\n\
            数据去标识化传输情况\n第三方隐私协议或网站\n\
            支付宝SDK\n支付类\n否\n帮助用户完成付款\n网络访问权限\n无\n无\n支付宝（杭州）信息技术有限公司\n\
            不涉及\nhttps://render.alipay.com/p/c/k2cx0tg8\n\
            神策SDK\n埋点\n是\n大数据埋点统计及分析\n网络访问权限\n设备信息\nAndroid ID、IMEI\n\
            神策网络科技（北京）有限公司\n否\nhttps://manual.sensorsdata.cn/privacy.html\n\
            八、我们如何保护您的个人信息\n我们会采取措施。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["支付宝SDK", "神策SDK"]);
        assert_eq!(
            rs[1].operator.as_ref().unwrap().text,
            "神策网络科技（北京）有限公司"
        );
        assert!(texts(&rs[1].data).contains(&"IMEI"), "{:?}", rs[1].data);
        // A permission table's `产品名称` is the app's own product: no receiver.
        let permissions = "隐私政策\n附表：权限列表\n\
            产品名称\n设备权限\n对应业务功能\n调用权限的目的\n\
            天气\n地理位置\n天气预报\n获取所在城市的天气\n\
            日历\n日历权限\n提醒\n添加日程提醒\n\
            八、我们如何保护您的个人信息\n我们会采取措施。\n";
        let rs = receivers_of(&policy(permissions), Lexicon::builtin());
        assert!(rs.is_empty(), "{:?}", names(&rs));
    }

    #[test]
    fn unknown_names_over_fields_laid_out_alike_are_records_not_headings() {
        // Regression (crawl, 淘大集): `支付宝` after the list's `列明如下：` read as a heading, so
        // every record below sat in a section called 支付宝 (and 支付宝 became their purpose),
        // and neither 支付宝 nor 微信 — unnumbered names the SDK lexicon does not know — was a
        // receiver.
        let text = "隐私政策\n（二）SDK的使用\n目前App接入的第三方SDK列明如下：\n\
            \t\t支付宝\n\t\t功能：可帮助用户完成付款、提供安全认证服务\n\
            \t\t收集个人信息类型：设备信息（IMSI、IMEI）、位置信息\n\
            \t\t隐私政策链接：https://render.alipay.com/p/c/k2cx0tg8\n\
            \t\t微信\n\t\t功能：可帮助用户完成付款、提供安全认证服务\n\
            \t\t收集个人信息类型：设备信息（IMSI、IMEI）、位置信息\n\
            \t\t隐私政策链接：https://pay.weixin.qq.com/index.php\n\
            \t\t高德地图\n\t\t功能：帮助用户定位位置\n\
            \t\t收集个人信息类型：位置信息\n\
            \t\t隐私政策链接：https://lbs.amap.com/home/privacy/\n\
            四、通知和修订\n我们会更新本政策。\n";
        let p = policy(text);
        assert!(
            p.blocks
                .iter()
                .all(|b| !b.is_heading() || p.slice(b.span) != "支付宝"),
            "支付宝 is a record's name, not a heading"
        );
        let data_clause = p
            .blocks
            .iter()
            .find(|b| p.slice(b.span).starts_with("收集个人信息类型"))
            .unwrap();
        assert_eq!(data_clause.section.last().unwrap(), "（二）SDK的使用");
        let rs = receivers_of(&p, Lexicon::builtin());
        assert_eq!(names(&rs), ["支付宝", "微信", "高德地图"]);
        assert_eq!(
            rs[1].link.as_deref(),
            Some("https://pay.weixin.qq.com/index.php")
        );
        // A line of its own over fields, once, is not enough to be a name.
        let text = "隐私政策\n我们如何使用Cookie\n目的：为了记住您的偏好。\n\
            四、通知和修订\n我们会更新本政策。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert!(names(&rs).is_empty(), "{:?}", names(&rs));
    }

    #[test]
    fn rows_set_apart_by_more_blank_lines_than_their_cells_are_read_as_rows() {
        // Regression (crawl, 智学网): an SDK table saved one cell per line, the header's cells
        // line after line, a row's cells set apart by one or two blank lines (or none), its rows
        // by three. Cut at two blank lines, each row fell into three, and a data item
        // (`用户的IP地址`) and a platform (`Android`) were read as receivers.
        let text = "隐私政策\n（6）第三方SDK\n我们集成的SDK如下：\n\n\n\
            SDK名称\n类型\n公司\n获取权限\n个人信息类型\n手机系统\n\n\n\
            友盟统计分析\n\n统计分析\n基础反作弊\n\n友盟同欣（北京）科技有限公司\n\n\
            连接网络权限\n访问精确位置\n\n\n用户的IP地址\n设备类型\n国际移动设备识别码（IMEI）\n\n\n\
            Android\niOS\n\n\n\n\
            展视互动\n直播回放\n北京展视互动科技有限公司\n连接网络权限\n获取手机录音权限\n\n\
            网卡（MAC)地址\n设备型号\n\n\nAndroid\niOS\n\n\n\n\
            bugly\n统计分析，崩溃分析\n深圳市腾讯计算机系统有限公司\n读取手机状态\n\n\
            国际移动设备识别码（IMEI）\n设备型号\n\n\nAndroid\niOS\n\n\n\n\
            五、我们如何保护您的个人信息\n我们会采取安全措施。\n";
        let rs = receivers_of(&policy(text), Lexicon::builtin());
        assert_eq!(names(&rs), ["友盟统计分析", "展视互动", "bugly"]);
        assert_eq!(
            rs[0].operator.as_ref().unwrap().text,
            "友盟同欣（北京）科技有限公司"
        );
        // A cell saved one item per line gives its items.
        assert_eq!(
            texts(&rs[0].data),
            ["IP地址", "设备类型", "国际移动设备识别码（IMEI）"]
        );
        assert_eq!(texts(&rs[1].data), ["网卡（MAC)地址", "设备型号"]);
        // A row whose first cells ran together, one line each, gives each to its column.
        assert_eq!(
            rs[1].operator.as_ref().unwrap().text,
            "北京展视互动科技有限公司"
        );
        assert_eq!(
            rs[2].operator.as_ref().unwrap().text,
            "深圳市腾讯计算机系统有限公司"
        );
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
