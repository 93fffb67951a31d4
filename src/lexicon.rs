//! The lexicon: what personal information is called in Chinese privacy policies, what it is for,
//! which words signal a practice, and which third-party SDKs are named.
//!
//! Everything is data, not code. Four tab-separated files under `data/lexicon/` are embedded in
//! the binary with `include_str!` and parsed once ([`Lexicon::builtin`]):
//!
//! | file | columns | what |
//! |---|---|---|
//! | `data_types.tsv` | `canonical kind category sensitive reason synonyms` | personal-information types and system permissions ([`DataType`]) |
//! | `purposes.tsv` | `canonical triggers` | purposes of processing ([`Purpose`]) |
//! | `cues.tsv` | `label phrase` | cue words by label: `collect`, `share`, `negation`, `purpose`, `condition`, `condition_end`, `handler`, `subject`, `not_data` ([`Lexicon::cues`]) |
//! | `sdks.tsv` | `name operator synonyms` | third-party SDKs ([`Sdk`]) |
//!
//! Format: the first non-comment line is the header (the column names above, tab-separated);
//! empty lines and lines starting with `#` are ignored; `|` separates several values in one
//! column. A malformed line is an [`Error::Data`] naming the file and the 1-based line.
//!
//! A user file of any of these formats (recognised by its header) extends the builtin lexicon
//! ([`Lexicon::load_with_user_file`]): an entry whose canonical name (SDK name) is already known
//! replaces the builtin entry in place, keeping its index; a new one is appended; cue lines are
//! added to their label.
//!
//! # Matching
//!
//! [`Lexicon::find_data`] finds data-type mentions with one Aho–Corasick automaton (daachorse's
//! char-wise double array, leftmost-longest) built once per lexicon over every canonical name and
//! synonym, matched in ASCII lower case, so the longest phrase wins: `设备所在位置相关信息` is one match, not `位置`; `IMEI`
//! and `imei` both match. Patterns are normalized with [`crate::normalize::normalize`] like the
//! text. Matching additionally (without changing the caller's offsets):
//! - treats `帐` and `账` alike (`帐号` = `账号`, `帐户` = `账户`);
//! - ignores whitespace next to a CJK character, so `IP 地址` = `IP地址` and a PDF hard wrap
//!   inside `设备所在位\n置相关信息` still matches; whitespace between two Latin words counts as one
//!   space (`Android  ID` = `Android ID`);
//! - requires Latin patterns to stand alone: `IP` does not match inside `VIP`;
//! - drops phrases listed under the `not_data` cue label (`注册地址` of the company, `账号安全`), which
//!   contain a data word but name no collected data.
//!
//! Offsets in [`DataMatch`] / [`PurposeMatch`] / [`SdkMatch`] are **char** offsets into the text
//! passed in (which the caller has normalized; normalization keeps char offsets, see
//! [`crate::normalize`]).
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder,
    MatchKind as DaachorseMatchKind,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::normalize::normalize;

/// The 13 categories of personal information of GB/T 35273-2020 附录A, in the standard's order.
pub const CATEGORIES: [&str; 13] = [
    "个人基本资料",
    "个人身份信息",
    "个人生物识别信息",
    "网络身份标识信息",
    "个人健康生理信息",
    "个人教育工作信息",
    "个人财产信息",
    "个人通信信息",
    "联系人信息",
    "个人上网记录",
    "个人常用设备信息",
    "个人位置信息",
    "其他信息",
];

/// The cue labels of `cues.tsv` the extractor knows (a user file may add others).
pub const CUE_LABELS: [&str; 9] = [
    "collect",
    "share",
    "negation",
    "purpose",
    "condition",
    "condition_end",
    "handler",
    "subject",
    "not_data",
];

const DATA_TYPES_PATH: &str = "data/lexicon/data_types.tsv";
const PURPOSES_PATH: &str = "data/lexicon/purposes.tsv";
const CUES_PATH: &str = "data/lexicon/cues.tsv";
const SDKS_PATH: &str = "data/lexicon/sdks.tsv";

const DATA_TYPES_TSV: &str = include_str!("../data/lexicon/data_types.tsv");
const PURPOSES_TSV: &str = include_str!("../data/lexicon/purposes.tsv");
const CUES_TSV: &str = include_str!("../data/lexicon/cues.tsv");
const SDKS_TSV: &str = include_str!("../data/lexicon/sdks.tsv");

/// The built-in data files, as compiled in: what decides what the index holds of the lexicon
/// (categories, sensitive flags) besides the code itself.
pub fn builtin_sources() -> [&'static str; 4] {
    [DATA_TYPES_TSV, PURPOSES_TSV, CUES_TSV, SDKS_TSV]
}

const DATA_TYPES_HEADER: &[&str] = &[
    "canonical",
    "kind",
    "category",
    "sensitive",
    "reason",
    "synonyms",
];
const PURPOSES_HEADER: &[&str] = &["canonical", "triggers"];
const CUES_HEADER: &[&str] = &["label", "phrase"];
const SDKS_HEADER: &[&str] = &["name", "operator", "synonyms"];

/// Whether a [`DataType`] is a kind of information or a system permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DataKind {
    /// A kind of personal information (手机号码, 设备标识符 …).
    Info,
    /// A system permission (相机权限, 位置权限 …).
    Permission,
}

impl DataKind {
    /// The name used in `data_types.tsv`: `info` or `permission`.
    pub fn as_str(&self) -> &'static str {
        match self {
            DataKind::Info => "info",
            DataKind::Permission => "permission",
        }
    }
}

/// A kind of personal information or a system permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataType {
    /// The canonical name, e.g. `手机号码`, `相机权限`.
    pub canonical: String,
    pub kind: DataKind,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// Sensitive personal information (PIPL 第28条, GB/T 35273-2020 附录B).
    pub sensitive: bool,
    /// The basis when sensitive, e.g. `PIPL 第28条：生物识别`.
    pub reason: Option<String>,
    /// Other ways policies say it (the canonical name is matched too).
    pub synonyms: Vec<String>,
}

/// A purpose of processing, e.g. `个性化推荐`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Purpose {
    pub canonical: String,
    /// Phrases that signal the purpose in policy text (the canonical name is matched too).
    pub triggers: Vec<String>,
}

/// A third-party SDK named in policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sdk {
    /// The usual name, e.g. `极光推送`.
    pub name: String,
    /// The company that operates it, e.g. `深圳市和讯华谷信息技术有限公司`.
    pub operator: String,
    /// Other names policies use (the name is matched too).
    pub synonyms: Vec<String>,
}

/// A data-type mention: chars `start..end` of the searched text name `data_types()[type_index]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DataMatch {
    pub start: usize,
    pub end: usize,
    pub type_index: usize,
}

/// A purpose trigger: chars `start..end` signal `purposes()[purpose_index]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct PurposeMatch {
    pub start: usize,
    pub end: usize,
    pub purpose_index: usize,
}

/// An SDK name: chars `start..end` name `sdks()[sdk_index]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SdkMatch {
    pub start: usize,
    pub end: usize,
    pub sdk_index: usize,
}

/// The lexicon: data types, purposes, cues and SDKs, with their matchers built once.
#[derive(Debug, Clone, Serialize)]
pub struct Lexicon {
    data_types: Vec<DataType>,
    purposes: Vec<Purpose>,
    sdks: Vec<Sdk>,
    cues: BTreeMap<String, Vec<String>>,
    #[serde(skip)]
    data_matcher: Matcher,
    #[serde(skip)]
    purpose_matcher: Matcher,
    #[serde(skip)]
    sdk_matcher: Matcher,
    /// The handler cues normalized as clauses are, made once (answers compare party names
    /// with them for every receiver).
    #[serde(skip)]
    handler_cues_normalized: Vec<String>,
}

/// Whether purpose trigger `m` is a push whose object is an ad (`为用户推送更智能合理的广告`):
/// advertising, which `广告` says, not a notification.
fn pushes_an_ad(chars: &[char], m: &PurposeMatch) -> bool {
    let end = m.end.min(chars.len());
    chars[m.start.min(end)..end] == ['推', '送']
        && chars[end..]
            .iter()
            .take_while(|c| !matches!(c, '，' | '。' | '；' | '、' | ',' | ';' | '\n'))
            .collect::<String>()
            .contains("广告")
}

impl Lexicon {
    /// The builtin lexicon (the embedded `data/lexicon/*.tsv`), parsed on first use.
    ///
    /// Panics if an embedded file is malformed, which the tests rule out.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| Lexicon::parse_builtin().expect("builtin lexicon data"))
    }

    /// Parse the embedded data files (what [`Lexicon::builtin`] caches).
    pub fn parse_builtin() -> Result<Lexicon> {
        let mut parts = Parts::default();
        parts.add_file(DATA_TYPES_PATH, DATA_TYPES_TSV, Some(FileKind::DataTypes))?;
        parts.add_file(PURPOSES_PATH, PURPOSES_TSV, Some(FileKind::Purposes))?;
        parts.add_file(CUES_PATH, CUES_TSV, Some(FileKind::Cues))?;
        parts.add_file(SDKS_PATH, SDKS_TSV, Some(FileKind::Sdks))?;
        Ok(parts.build())
    }

    /// The builtin lexicon extended by a user file in the format of one of the data files (the
    /// header says which). Entries with a known canonical name (SDK name) replace the builtin
    /// entry, keeping its index; new entries are appended; cue lines are added to their label.
    pub fn load_with_user_file(path: &Path) -> Result<Lexicon> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let shown = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            Error::Data {
                path: shown.clone(),
                line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
                message: "不是有效的 UTF-8（请把文件另存为 UTF-8）".to_string(),
            }
        })?;
        let builtin = Lexicon::builtin();
        let mut parts = Parts {
            data_types: builtin.data_types.clone(),
            purposes: builtin.purposes.clone(),
            sdks: builtin.sdks.clone(),
            cues: builtin.cues.clone(),
        };
        parts.add_file(&shown, &text, None)?;
        Ok(parts.build())
    }

    /// All data types and permissions; [`DataMatch::type_index`] indexes this.
    pub fn data_types(&self) -> &[DataType] {
        &self.data_types
    }

    /// All purposes; [`PurposeMatch::purpose_index`] indexes this.
    pub fn purposes(&self) -> &[Purpose] {
        &self.purposes
    }

    /// All SDKs; [`SdkMatch::sdk_index`] indexes this.
    pub fn sdks(&self) -> &[Sdk] {
        &self.sdks
    }

    /// The cue phrases of `label` (see [`CUE_LABELS`]) in file order; empty for an unknown label.
    pub fn cues(&self, label: &str) -> &[String] {
        self.cues.get(label).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The handler cues (`关联公司`, `第三方服务提供商` …), normalized as clauses are.
    pub fn handler_cues_normalized(&self) -> &[String] {
        &self.handler_cues_normalized
    }

    /// The cue labels present.
    pub fn cue_labels(&self) -> Vec<&str> {
        self.cues.keys().map(String::as_str).collect()
    }

    /// The 13 categories of GB/T 35273-2020 附录A ([`CATEGORIES`]).
    pub fn categories(&self) -> Vec<&str> {
        CATEGORIES.to_vec()
    }

    /// The data categories, without building a lexicon (checking a search filter must not pay
    /// for the matchers).
    pub fn category_names() -> &'static [&'static str] {
        &CATEGORIES
    }

    /// Data-type mentions in `normalized` (normalized text), leftmost-longest, in text order,
    /// with char offsets.
    pub fn find_data(&self, normalized: &str) -> Vec<DataMatch> {
        self.data_matcher
            .find(normalized)
            .into_iter()
            .map(|(start, end, type_index)| DataMatch {
                start,
                end,
                type_index,
            })
            .collect()
    }

    /// Purpose triggers in `normalized`, leftmost-longest, in text order, with char offsets.
    pub fn find_purposes(&self, normalized: &str) -> Vec<PurposeMatch> {
        self.purpose_matcher
            .find(normalized)
            .into_iter()
            .map(|(start, end, purpose_index)| PurposeMatch {
                start,
                end,
                purpose_index,
            })
            .collect()
    }

    /// [`Lexicon::find_purposes`] without the triggers that are part of a party's name
    /// (`数字分析服务商`, `智能设备提供商`, `第三方配送公司`) or lie inside a data type's name
    /// or a record's (`支付记录`, `交易日志`), or name a service's line (`客服10000`): a clause naming such a party or data states no purpose by its
    /// name (甬兴证券's 「我们会存储您的…委托记录、交易日志并按照法律法规要求存储二十年」 stored
    /// device identifiers 「for 交易支付」). (Not a bare `商`, which is as often `感兴趣的商品`; not
    /// for the labeller's marks, which the model was trained with.)
    pub fn find_purposes_outside_party_names(&self, normalized: &str) -> Vec<PurposeMatch> {
        const PARTY_ENDS: [&str; 8] = [
            "服务商",
            "提供商",
            "供应商",
            "服务方",
            "合作伙伴",
            "合作方",
            "公司",
            "机构",
        ];
        let mut found = self.find_purposes(normalized);
        if found.is_empty() {
            return found;
        }
        let chars: Vec<char> = normalized.chars().collect();
        // Nouns that make a purpose's word a record of it (`交易日志`, `登录记录`).
        const RECORD_ENDS: [&str; 4] = ["日志", "记录", "明细", "流水"];
        let data = self.find_data(normalized);
        found.retain(|m| {
            let after: String = chars[m.end.min(chars.len())..].iter().take(7).collect();
            // (A party the law qualifies, `与法律法规允许的机构…进行比对核验`, is a party too:
            // 穗好办's face was used 「for 法律合规」.)
            let after = ["允许的", "授权的", "认可的", "批准的"]
                .iter()
                .find_map(|q| after.strip_prefix(q))
                .unwrap_or(&after);
            // (A record standing as an item of its own — after a separator or `的` — not a verb
            // after a purpose: `用于用户拍照记录当前工作的位置`.)
            let stands_as_an_item = m.start == 0
                || matches!(
                    chars[m.start - 1],
                    '、' | '，' | ',' | '：' | ':' | '的' | '和' | '及' | '与' | '或' | '/'
                );
            let names_a_party = PARTY_ENDS.iter().any(|w| after.starts_with(w));
            // (A service's line, `电信客服10000`, names whom to call, not a purpose: five digits
            // or more, a phone number — not an app's name, `登录360借条`.)
            let names_a_hotline = after.chars().take_while(char::is_ascii_digit).count() >= 5;
            let names_a_record =
                stands_as_an_item && RECORD_ENDS.iter().any(|w| after.starts_with(w));
            // (Strictly inside: a word that is both, `位置`, `崩溃`, stays a purpose.)
            let inside_data = data
                .iter()
                .any(|d| d.start <= m.start && m.end <= d.end && d.end - d.start > m.end - m.start);
            // (An item of a list of data, `…设备分辨率、消息通知、包名、…`, is data: the
            // notification state, not a use — when the items beside it are data, not features:
            // `使用位置、支付、登录、分享信息等服务功能`.)
            let separator =
                |c: char| matches!(c, '、' | '，' | '。' | '；' | ',' | ';' | '：' | '\n');
            let is_data_item = |lo: usize, hi: usize| {
                hi > lo
                    && data
                        .iter()
                        .any(|d| d.start >= lo && d.end <= hi && 2 * (d.end - d.start) >= hi - lo)
            };
            let item_among_data = m.start > 0
                && chars[m.start - 1] == '、'
                && (m.end >= chars.len() || separator(chars[m.end]))
                && {
                    let lo = chars[..m.start - 1]
                        .iter()
                        .rposition(|&c| separator(c))
                        .map_or(0, |p| p + 1);
                    is_data_item(lo, m.start - 1)
                }
                && (m.end >= chars.len() || chars[m.end] != '、' || {
                    let hi = chars[m.end + 1..]
                        .iter()
                        .position(|&c| separator(c))
                        .map_or(chars.len(), |p| m.end + 1 + p);
                    is_data_item(m.end + 1, hi)
                });
            !(names_a_party
                || names_a_record
                || names_a_hotline
                || inside_data
                || item_among_data
                || pushes_an_ad(&chars, m))
        });
        found
    }

    /// [`Lexicon::find_purposes`] without a push whose object is an ad (see [`pushes_an_ad`]).
    pub fn find_purposes_but_ad_pushes(&self, normalized: &str) -> Vec<PurposeMatch> {
        let mut found = self.find_purposes(normalized);
        let chars: Vec<char> = normalized.chars().collect();
        found.retain(|m| !pushes_an_ad(&chars, m));
        found
    }

    /// SDK names in `normalized`, leftmost-longest, in text order, with char offsets.
    pub fn find_sdks(&self, normalized: &str) -> Vec<SdkMatch> {
        self.sdk_matcher
            .find(normalized)
            .into_iter()
            .map(|(start, end, sdk_index)| SdkMatch {
                start,
                end,
                sdk_index,
            })
            .collect()
    }

    /// Map a free-text purpose (from a question or an extracted purpose phrase) onto the
    /// taxonomy: an exact canonical name or trigger; else the purpose whose triggers cover most
    /// of the text (`为您推荐感兴趣的内容` → 个性化推荐); else the purpose with the shortest trigger
    /// that contains the text (`个性化` → 个性化推荐).
    pub fn purpose_by_name(&self, free_text: &str) -> Option<&Purpose> {
        let i =
            self.purpose_matcher
                .resolve(free_text, |i| self.purposes[i].triggers.len(), true)?;
        self.purposes.get(i)
    }

    /// Map a free-text data name onto a data type, like [`Lexicon::purpose_by_name`]: exact
    /// canonical name or synonym (`手机号` → 手机号码); else the type whose synonyms cover most of
    /// the text (`用户的手机号和昵称` → 手机号码); else the type with the shortest synonym that
    /// contains the text.
    pub fn data_type_by_name(&self, free_text: &str) -> Option<&DataType> {
        let i =
            self.data_matcher
                .resolve(free_text, |i| self.data_types[i].synonyms.len(), true)?;
        self.data_types.get(i)
    }

    /// The data type a phrase of a policy names: its exact canonical name or synonym, else the
    /// type whose synonyms cover most of it — never a type that merely contains it (a policy's
    /// bare `个人信息` is not 儿童个人信息).
    pub fn data_type_named(&self, phrase: &str) -> Option<&DataType> {
        let i = self
            .data_matcher
            .resolve(phrase, |i| self.data_types[i].synonyms.len(), false)?;
        self.data_types.get(i)
    }

    /// The data type with this exact canonical name.
    pub fn data_type(&self, canonical: &str) -> Option<&DataType> {
        self.data_types.iter().find(|t| t.canonical == canonical)
    }

    /// The purpose with this exact canonical name.
    pub fn purpose(&self, canonical: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.canonical == canonical)
    }
}

// ───────────────────────────── parsing ─────────────────────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    DataTypes,
    Purposes,
    Cues,
    Sdks,
}

impl FileKind {
    fn header(self) -> &'static [&'static str] {
        match self {
            FileKind::DataTypes => DATA_TYPES_HEADER,
            FileKind::Purposes => PURPOSES_HEADER,
            FileKind::Cues => CUES_HEADER,
            FileKind::Sdks => SDKS_HEADER,
        }
    }

    fn from_header(fields: &[&str]) -> Option<FileKind> {
        [
            FileKind::DataTypes,
            FileKind::Purposes,
            FileKind::Cues,
            FileKind::Sdks,
        ]
        .into_iter()
        .find(|k| k.header() == fields)
    }

    /// How many leading columns must be present and non-empty.
    fn required(self) -> usize {
        match self {
            FileKind::DataTypes => 4, // canonical kind category sensitive
            FileKind::Purposes => 1,
            FileKind::Cues => 2,
            FileKind::Sdks => 2,
        }
    }
}

/// The lexicon's entries before the matchers are built.
#[derive(Default)]
struct Parts {
    data_types: Vec<DataType>,
    purposes: Vec<Purpose>,
    sdks: Vec<Sdk>,
    cues: BTreeMap<String, Vec<String>>,
}

fn data_error(path: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Data {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

/// Split a `|` list, trimming values and dropping empty ones; every value must have ≥ 2 chars.
fn split_list(path: &str, line: usize, column: &str, value: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for v in value.split('|').map(str::trim).filter(|v| !v.is_empty()) {
        if v.chars().count() < 2 {
            return Err(data_error(
                path,
                line,
                format!("{column}：`{v}` 太短（至少 2 个字，否则到处都会匹配）"),
            ));
        }
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    Ok(out)
}

/// Insert `item` by `name`: replace an existing entry with that name (keeping its index) or append.
fn upsert<T>(items: &mut Vec<T>, item: T, name: impl Fn(&T) -> &str) {
    match items.iter().position(|x| name(x) == name(&item)) {
        Some(i) => items[i] = item,
        None => items.push(item),
    }
}

impl Parts {
    /// Parse one file and merge its entries. `expected` is the kind for builtin files; for a user
    /// file (`None`) the header decides.
    fn add_file(&mut self, path: &str, text: &str, expected: Option<FileKind>) -> Result<()> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut kind: Option<FileKind> = None;
        // Canonical names seen in this file, to refuse duplicates within one file.
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
            let Some(k) = kind else {
                let found = FileKind::from_header(&fields);
                let wanted = expected.map(|e| e.header().join("\\t")).unwrap_or_else(|| {
                    [DATA_TYPES_HEADER, PURPOSES_HEADER, CUES_HEADER, SDKS_HEADER]
                        .iter()
                        .map(|h| h.join("\\t"))
                        .collect::<Vec<_>>()
                        .join("` or `")
                });
                match (found, expected) {
                    (Some(f), Some(e)) if f == e => kind = Some(f),
                    (Some(f), None) => kind = Some(f),
                    _ => {
                        return Err(data_error(
                            path,
                            line,
                            format!("表头应为 `{wanted}`，实际是 `{raw}`"),
                        ))
                    }
                }
                continue;
            };
            let header = k.header();
            if fields.len() > header.len() {
                return Err(data_error(
                    path,
                    line,
                    format!(
                        "有 {} 列（以制表符分隔），应为 {} 列（{}）",
                        fields.len(),
                        header.len(),
                        header.join(", ")
                    ),
                ));
            }
            let get = |c: usize| fields.get(c).copied().unwrap_or("");
            if let Some(c) = (0..k.required()).find(|&c| get(c).is_empty()) {
                return Err(data_error(
                    path,
                    line,
                    format!(
                        "缺少 `{}` 列或该列为空（各列以制表符分隔：{}）",
                        header[c],
                        header.join(", ")
                    ),
                ));
            }
            let mut check_unique = |name: &str| -> Result<()> {
                if let Some(first) = seen.insert(name.to_string(), line) {
                    return Err(data_error(
                        path,
                        line,
                        format!("`{name}` 已在第 {first} 行定义过"),
                    ));
                }
                Ok(())
            };
            match k {
                FileKind::DataTypes => {
                    let canonical = get(0).to_string();
                    check_unique(&canonical)?;
                    let kind = match get(1) {
                        "info" => DataKind::Info,
                        "permission" => DataKind::Permission,
                        other => {
                            return Err(data_error(
                                path,
                                line,
                                format!("kind 列的 `{other}` 既不是 `info` 也不是 `permission`"),
                            ))
                        }
                    };
                    let category = get(2);
                    if !CATEGORIES.contains(&category) {
                        return Err(data_error(
                            path,
                            line,
                            format!(
                                "类别 `{category}` 不在 GB/T 35273-2020 附录A 中：{}",
                                CATEGORIES.join("、")
                            ),
                        ));
                    }
                    let sensitive = match get(3) {
                        "yes" => true,
                        "no" => false,
                        other => {
                            return Err(data_error(
                                path,
                                line,
                                format!("sensitive 列的 `{other}` 既不是 `yes` 也不是 `no`"),
                            ))
                        }
                    };
                    let reason = Some(get(4)).filter(|r| !r.is_empty()).map(str::to_string);
                    if sensitive && reason.is_none() {
                        return Err(data_error(
                            path,
                            line,
                            "敏感条目需要写明理由（如 `PIPL 第28条：生物识别`）",
                        ));
                    }
                    let synonyms = split_list(path, line, "synonyms", get(5))?;
                    if canonical.chars().count() < 2 {
                        return Err(data_error(path, line, "标准名太短"));
                    }
                    upsert(
                        &mut self.data_types,
                        DataType {
                            canonical,
                            kind,
                            category: category.to_string(),
                            sensitive,
                            reason,
                            synonyms,
                        },
                        |t| &t.canonical,
                    );
                }
                FileKind::Purposes => {
                    let canonical = get(0).to_string();
                    check_unique(&canonical)?;
                    if canonical.chars().count() < 2 {
                        return Err(data_error(path, line, "标准名太短"));
                    }
                    let triggers = split_list(path, line, "triggers", get(1))?;
                    upsert(
                        &mut self.purposes,
                        Purpose {
                            canonical,
                            triggers,
                        },
                        |p| &p.canonical,
                    );
                }
                FileKind::Sdks => {
                    let name = get(0).to_string();
                    check_unique(&name)?;
                    if name.chars().count() < 2 {
                        return Err(data_error(path, line, "名称太短"));
                    }
                    let synonyms = split_list(path, line, "synonyms", get(2))?;
                    upsert(
                        &mut self.sdks,
                        Sdk {
                            name,
                            operator: get(1).to_string(),
                            synonyms,
                        },
                        |s| &s.name,
                    );
                }
                FileKind::Cues => {
                    let label = get(0);
                    if !label
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        return Err(data_error(
                            path,
                            line,
                            format!("提示词标签 `{label}` 应为小写 ASCII 字母，如 `collect`"),
                        ));
                    }
                    let phrases = self.cues.entry(label.to_string()).or_default();
                    let phrase = get(1).to_string();
                    if !phrases.contains(&phrase) {
                        phrases.push(phrase);
                    }
                }
            }
        }
        if kind.is_none() {
            return Err(data_error(path, 1, "没有表头：文件是空的"));
        }
        Ok(())
    }

    fn build(self) -> Lexicon {
        let mut data = MatcherBuilder::default();
        // Blockers first: a data phrase with the same key wins over them.
        for phrase in self.cues.get("not_data").into_iter().flatten() {
            data.add(phrase, None);
        }
        for (i, t) in self.data_types.iter().enumerate() {
            data.add(&t.canonical, Some(i));
            for s in &t.synonyms {
                data.add(s, Some(i));
            }
        }
        let mut purposes = MatcherBuilder::default();
        for (i, p) in self.purposes.iter().enumerate() {
            purposes.add(&p.canonical, Some(i));
            for t in &p.triggers {
                purposes.add(t, Some(i));
            }
        }
        let mut sdks = MatcherBuilder::default();
        for (i, s) in self.sdks.iter().enumerate() {
            sdks.add(&s.name, Some(i));
            for n in &s.synonyms {
                sdks.add(n, Some(i));
            }
        }
        let handler_cues_normalized = self
            .cues
            .get("handler")
            .into_iter()
            .flatten()
            .map(|c| crate::normalize::normalize(c))
            .collect();
        Lexicon {
            handler_cues_normalized,
            data_types: self.data_types,
            purposes: self.purposes,
            sdks: self.sdks,
            cues: self.cues,
            data_matcher: data.build(),
            purpose_matcher: purposes.build(),
            sdk_matcher: sdks.build(),
        }
    }
}

// ───────────────────────────── matching ─────────────────────────────

mod fold;
use fold::{fold, with_folded, Folded};

/// The matching key of a phrase: normalized and folded, ASCII lowercased, trimmed.
fn key(phrase: &str) -> String {
    fold(&normalize(phrase)).text.trim().to_ascii_lowercase()
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// One leftmost-longest automaton over phrases, each with a target (`None` = blocker).
#[derive(Clone)]
struct Matcher {
    /// `None` when there are no phrases (the automaton cannot be empty).
    ac: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Per pattern: its target, and whether it starts / ends with an ASCII letter or digit.
    patterns: Vec<(Option<usize>, bool, bool)>,
    /// Pattern keys, for containment lookups.
    keys: Vec<String>,
    /// Pattern index by key, for exact lookups.
    index: HashMap<String, usize>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl Default for Matcher {
    fn default() -> Self {
        MatcherBuilder::default().build()
    }
}

#[derive(Default)]
struct MatcherBuilder {
    keys: Vec<String>,
    targets: Vec<Option<usize>>,
    index: HashMap<String, usize>,
}

impl MatcherBuilder {
    /// Add `phrase` for `target`; a later phrase with the same key takes it over.
    fn add(&mut self, phrase: &str, target: Option<usize>) {
        let k = key(phrase);
        if k.is_empty() {
            return;
        }
        match self.index.get(&k) {
            Some(&i) => self.targets[i] = target,
            None => {
                self.index.insert(k.clone(), self.keys.len());
                self.keys.push(k);
                self.targets.push(target);
            }
        }
    }

    fn build(self) -> Matcher {
        let ac = (!self.keys.is_empty()).then(|| {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(DaachorseMatchKind::LeftmostLongest)
                .build(&self.keys)
                .expect("lexicon automaton (keys are distinct and not empty)")
        });
        let patterns = self
            .keys
            .iter()
            .zip(&self.targets)
            .map(|(k, &t)| {
                let first = k.chars().next().is_some_and(is_word_char);
                let last = k.chars().next_back().is_some_and(is_word_char);
                (t, first, last)
            })
            .collect();
        Matcher {
            ac,
            patterns,
            keys: self.keys,
            index: self.index,
        }
    }
}

impl Matcher {
    /// Matches as `(start, end, target)` in input char offsets; blockers are consumed but not
    /// reported; Latin patterns must not touch a Latin letter or digit on that side.
    fn find(&self, input: &str) -> Vec<(usize, usize, usize)> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        with_folded(input, |folded| self.find_in(ac, folded))
    }

    /// [`Self::find`] in a folded text.
    fn find_in(
        &self,
        ac: &CharwiseDoubleArrayAhoCorasick<u32>,
        folded: &Folded,
    ) -> Vec<(usize, usize, usize)> {
        let hay = folded.text.as_str();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < hay.len() {
            let Some(found) = ac.leftmost_find_iter(&hay[pos..]).next() else {
                break;
            };
            let m = pos + found.start()..pos + found.end();
            let (target, word_start, word_end) = self.patterns[found.value() as usize];
            let before = hay[..m.start].chars().next_back();
            let after = hay[m.end..].chars().next();
            let glued = (word_start && before.is_some_and(is_word_char))
                || (word_end && after.is_some_and(is_word_char));
            if glued {
                // Retry from the next char: a shorter or later match may stand alone.
                pos = m.start + hay[m.start..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            if let Some(t) = target {
                let start = folded.origin[m.start] as usize;
                let end = folded.origin[m.end - 1] as usize + 1;
                out.push((start, end, t));
            }
            pos = m.end;
        }
        out
    }

    /// Resolve free text onto a target (see [`Lexicon::purpose_by_name`]). `weight` breaks ties
    /// between equally good targets in favour of the better-described one.
    fn resolve(
        &self,
        free_text: &str,
        weight: impl Fn(usize) -> usize,
        containing: bool,
    ) -> Option<usize> {
        let k = key(free_text);
        if k.chars().count() < 2 {
            return None;
        }
        // 1. Exact canonical name or synonym.
        if let Some(&i) = self.index.get(&k) {
            if let Some(t) = self.patterns[i].0 {
                return Some(t);
            }
        }
        // 2. The target whose phrases cover most of the text.
        let mut cover: Vec<(usize, usize, usize)> = Vec::new(); // (target, chars, first start)
        for (start, end, t) in self.find(free_text) {
            match cover.iter_mut().find(|c| c.0 == t) {
                Some(c) => c.1 += end - start,
                None => cover.push((t, end - start, start)),
            }
        }
        if let Some(best) = cover
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|c| c.0)
        {
            return Some(best);
        }
        if !containing {
            return None;
        }
        // 3. The shortest phrase that contains the text.
        self.keys
            .iter()
            .zip(&self.patterns)
            .filter_map(|(x, p)| {
                p.0.filter(|_| x.contains(&k))
                    .map(|t| (x.chars().count(), t))
            })
            .min_by(|a, b| a.0.cmp(&b.0).then(weight(b.1).cmp(&weight(a.1))))
            .map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::io::Write;

    fn lex() -> &'static Lexicon {
        Lexicon::builtin()
    }

    fn canon_at(text: &str) -> Vec<(String, String)> {
        let chars: Vec<char> = text.chars().collect();
        lex()
            .find_data(&normalize(text))
            .into_iter()
            .map(|m| {
                (
                    chars[m.start..m.end].iter().collect(),
                    lex().data_types()[m.type_index].canonical.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn builtin_files_load_without_errors() {
        let l = Lexicon::parse_builtin().expect("builtin data parses");
        assert!(!l.purposes().is_empty());
        assert!(!l.sdks().is_empty());
        for label in CUE_LABELS {
            assert!(!l.cues(label).is_empty(), "no cues for {label}");
        }
    }

    #[test]
    fn a_face_picture_in_other_words_is_face_information() {
        // 美拍: 「上传宝宝面部图片到服务器，对宝宝脸部五官特征及轮廓进行检测」 was read as naming
        // no face information, so 「美拍会收集我的人脸信息吗」 said 政策未提及.
        let found = canon_at("上传宝宝面部图片到服务器，对宝宝脸部五官特征及轮廓进行检测");
        assert!(
            found.contains(&("面部图片".to_string(), "人脸信息".to_string())),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(w, c)| w.contains("五官特征") && c == "人脸信息"),
            "{found:?}"
        );
    }

    #[test]
    fn recommending_more_relevant_content_rather_than_pushing_to_all_is_personalised() {
        // 知乎: 「知乎会用我的信息做个性化推荐吗」 said 政策未提及 — the purpose read as 消息通知
        // (for `推送`) and 广告营销.
        let text = normalize("为实现向您展现或推荐相关程度更高（而非普遍推送）的内容或者广告");
        let purposes: Vec<&str> = lex()
            .find_purposes(&text)
            .iter()
            .map(|m| lex().purposes()[m.purpose_index].canonical.as_str())
            .collect();
        assert!(purposes.contains(&"个性化推荐"), "{purposes:?}");
        assert!(!purposes.contains(&"消息通知"), "{purposes:?}");
    }

    #[test]
    fn entry_counts() {
        let l = lex();
        assert!(
            l.data_types().len() >= 300,
            "{} data types",
            l.data_types().len()
        );
        assert!(l.purposes().len() >= 15, "{} purposes", l.purposes().len());
        assert!(l.sdks().len() >= 50, "{} SDKs", l.sdks().len());
        let permissions = l
            .data_types()
            .iter()
            .filter(|t| t.kind == DataKind::Permission)
            .count();
        assert!(permissions >= 15, "{permissions} permissions");
    }

    #[test]
    fn no_duplicate_canonical_names() {
        let l = lex();
        let mut seen = HashSet::new();
        for t in l.data_types() {
            assert!(
                seen.insert(t.canonical.as_str()),
                "duplicate data type {}",
                t.canonical
            );
        }
        let mut seen = HashSet::new();
        for p in l.purposes() {
            assert!(
                seen.insert(p.canonical.as_str()),
                "duplicate purpose {}",
                p.canonical
            );
        }
        let mut seen = HashSet::new();
        for s in l.sdks() {
            assert!(seen.insert(s.name.as_str()), "duplicate SDK {}", s.name);
        }
    }

    #[test]
    fn no_phrase_names_two_entries() {
        let l = lex();
        let mut owner: HashMap<String, &str> = HashMap::new();
        for t in l.data_types() {
            for s in std::iter::once(&t.canonical).chain(&t.synonyms) {
                if let Some(other) = owner.insert(key(s), &t.canonical) {
                    assert_eq!(
                        other, t.canonical,
                        "`{s}` names both {other} and {}",
                        t.canonical
                    );
                }
            }
        }
        let mut owner: HashMap<String, &str> = HashMap::new();
        for p in l.purposes() {
            for s in std::iter::once(&p.canonical).chain(&p.triggers) {
                if let Some(other) = owner.insert(key(s), &p.canonical) {
                    assert_eq!(
                        other, p.canonical,
                        "`{s}` signals both {other} and {}",
                        p.canonical
                    );
                }
            }
        }
        let mut owner: HashMap<String, &str> = HashMap::new();
        for sdk in l.sdks() {
            for s in std::iter::once(&sdk.name).chain(&sdk.synonyms) {
                if let Some(other) = owner.insert(key(s), &sdk.name) {
                    assert_eq!(other, sdk.name, "`{s}` names both {other} and {}", sdk.name);
                }
            }
        }
    }

    #[test]
    fn every_category_is_one_of_the_13() {
        assert_eq!(lex().categories().len(), 13);
        for t in lex().data_types() {
            assert!(
                CATEGORIES.contains(&t.category.as_str()),
                "{}: {}",
                t.canonical,
                t.category
            );
        }
    }

    #[test]
    fn every_sensitive_entry_has_a_reason() {
        for t in lex().data_types() {
            if t.sensitive {
                let r = t.reason.as_deref().unwrap_or("");
                assert!(
                    r.starts_with("PIPL 第28条：") || r.starts_with("GB/T 35273-2020 附录B："),
                    "{}: reason `{r}`",
                    t.canonical
                );
            }
        }
    }

    #[test]
    fn key_sensitivity_judgements() {
        let l = lex();
        for sensitive in [
            "人脸信息",
            "指纹",
            "银行卡号",
            "身份证号码",
            "行踪轨迹",
            "通讯录",
            "病历",
            "精准定位信息",
        ] {
            assert!(l.data_type(sensitive).unwrap().sensitive, "{sensitive}");
        }
        for plain in [
            "昵称",
            "头像",
            "性别",
            "生日",
            "设备型号",
            "操作系统版本",
            "IP地址",
        ] {
            assert!(!l.data_type(plain).unwrap().sensitive, "{plain}");
        }
    }

    #[test]
    fn longest_phrase_wins() {
        assert_eq!(
            canon_at("我们会收集设备所在位置相关信息。"),
            vec![("设备所在位置相关信息".into(), "位置信息".into())]
        );
        // `设备指纹` is a device fingerprint, not a biometric fingerprint.
        assert_eq!(canon_at("设备指纹")[0].1, "设备指纹");
    }

    #[test]
    fn latin_identifiers_match_in_any_case_and_only_as_words() {
        for text in ["IMEI", "imei", "读取设备的Imei号"] {
            let found = canon_at(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].1, "IMEI");
        }
        assert!(canon_at("VIP会员").iter().all(|(_, c)| c != "IP地址"));
        assert_eq!(canon_at("IP 地址")[0], ("IP 地址".into(), "IP地址".into()));
        assert_eq!(canon_at("Android ID")[0].1, "Android ID");
    }

    #[test]
    fn synonyms_share_the_canonical_name() {
        let l = lex();
        let a = l.data_type_by_name("手机号").unwrap();
        let b = l.data_type_by_name("手机号码").unwrap();
        assert_eq!(a.canonical, "手机号码");
        assert_eq!(a.canonical, b.canonical);
        assert_eq!(canon_at("手机号")[0].1, canon_at("手机号码")[0].1);
        // 帐/账 variants.
        assert_eq!(canon_at("帐号信息")[0].1, canon_at("账号信息")[0].1);
        assert_eq!(canon_at("帐户")[0].1, "账号信息");
    }

    #[test]
    fn char_offsets_and_hard_wraps() {
        let text = "当您使用“同城”功能时，我们会收集您的设备所在位\n置相关信息和IMEI。";
        let found = lex().find_data(&normalize(text));
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<String> = found
            .iter()
            .map(|m| chars[m.start..m.end].iter().collect())
            .collect();
        assert_eq!(
            spans,
            vec!["设备所在位\n置相关信息".to_string(), "IMEI".to_string()]
        );
        // Kangxi radicals and fullwidth letters normalize to what the patterns say.
        assert_eq!(canon_at("⼿机号码")[0].1, "手机号码");
        assert_eq!(canon_at("ＩＭＥＩ")[0].1, "IMEI");
    }

    #[test]
    fn not_data_phrases_are_dropped() {
        assert!(canon_at("注册地址：北京市海淀区").is_empty());
        assert_eq!(canon_at("您的联系地址")[0].1, "通信地址");
        // The bare 地址 is not a postal address (`MAC信息地址`, `IP地址`).
        assert!(canon_at("地址").is_empty());
    }

    #[test]
    fn permissions_are_found() {
        let l = lex();
        for (text, canonical) in [
            ("相机权限", "相机权限"),
            ("摄像头", "相机权限"),
            ("麦克风", "麦克风权限"),
            ("存储(含SD卡)权限", "存储权限"),
            ("剪切板", "剪切板权限"),
            ("悬浮窗", "悬浮窗权限"),
        ] {
            let t = l.data_type_by_name(text).unwrap();
            assert_eq!(t.canonical, canonical, "{text}");
            assert_eq!(t.kind, DataKind::Permission);
        }
    }

    #[test]
    fn purposes_resolve() {
        let l = lex();
        assert_eq!(
            l.purpose_by_name("个性化推荐").unwrap().canonical,
            "个性化推荐"
        );
        assert_eq!(
            l.purpose_by_name("为您推荐感兴趣的内容").unwrap().canonical,
            "个性化推荐"
        );
        assert_eq!(
            l.purpose_by_name("千人千面").unwrap().canonical,
            "个性化推荐"
        );
        assert_eq!(l.purpose_by_name("反欺诈").unwrap().canonical, "安全风控");
        assert_eq!(
            l.purpose_by_name("帮助您完成注册").unwrap().canonical,
            "注册登录"
        );
        assert!(l.purpose_by_name("").is_none());
        let found = l.find_purposes("用于个性化推荐及广告投放");
        let names: Vec<&str> = found
            .iter()
            .map(|m| l.purposes()[m.purpose_index].canonical.as_str())
            .collect();
        assert_eq!(names, vec!["个性化推荐", "广告营销"]);
    }

    /// The canonical purposes [`Lexicon::find_purposes_outside_party_names`] finds in `text`.
    fn purposes_outside_names(l: &Lexicon, text: &str) -> Vec<String> {
        l.find_purposes_outside_party_names(text)
            .iter()
            .map(|m| l.purposes()[m.purpose_index].canonical.clone())
            .collect()
    }

    /// 记加班 and 扫一扫 (crawl): `…设备分辨率、消息通知、包名、SD卡读写信息` — an item of a list of
    /// data — was a use 「消息通知」 of the app list; `为用户推送更智能合理的广告` was one too. Items
    /// beside features stay uses (西窗烛's `使用位置、支付、登录、分享信息等服务功能`).
    #[test]
    fn an_item_among_data_and_a_pushed_ad_state_no_notification() {
        let l = Lexicon::builtin();
        let names = |text: &str| purposes_outside_names(l, &crate::normalize::normalize(text));
        let list = "针对第三方收集的个人信息，包括设备Mac地址、IMEI、已安装应用列表、设备分辨率、消息通知、包名、SD卡读写信息。";
        assert!(
            !names(list).iter().any(|p| p == "消息通知"),
            "{:?}",
            names(list)
        );
        assert!(!names("为用户推送更智能合理的广告")
            .iter()
            .any(|p| p == "消息通知"));
        assert!(names("为用户推送消息").iter().any(|p| p == "消息通知"));
        let features = "以及使你能够接收信息、内容推送，使用位置、支付、登录、分享信息等服务功能";
        let found = names(features);
        assert!(found.iter().any(|p| p == "交易支付"), "{found:?}");
        assert!(found.iter().any(|p| p == "注册登录"), "{found:?}");
    }

    /// 数字人民币 (crawl): the carriers' hotlines after 手机运营商 (`电信客服10000`) are no 客服 purpose;
    /// an app's name of digits after a verb (`登录360借条`) leaves the verb's purpose.
    #[test]
    fn a_services_line_states_no_purpose() {
        let l = Lexicon::builtin();
        let names = |text: &str| purposes_outside_names(l, text);
        assert!(names("为您提供客服服务").iter().any(|p| p == "客服"));
        assert!(!names("提供给手机运营商（电信客服10000）")
            .iter()
            .any(|p| p == "客服"));
        assert!(names("以保证您可以正常登录360借条平台")
            .iter()
            .any(|p| p == "注册登录"));
    }

    /// 家政云 (crawl): 「…将您提供的前述信息提供给数字分析服务商天聚地合…，用于对家政员进行实名认证、
    /// 背景调查」 gave 产品改进与统计分析 from the receiver's name.
    #[test]
    fn a_purpose_word_inside_a_partys_name_states_no_purpose() {
        let l = Lexicon::builtin();
        let names = |text: &str| purposes_outside_names(l, text);
        let clause = "我们将您提供的前述信息提供给数字分析服务商天聚地合，用于对家政员进行实名认证、背景调查";
        assert!(l
            .find_purposes(clause)
            .iter()
            .any(|m| l.purposes()[m.purpose_index].canonical == "产品改进与统计分析"));
        let found = names(clause);
        assert!(
            !found.iter().any(|p| p == "产品改进与统计分析"),
            "{found:?}"
        );
        assert!(found.iter().any(|p| p == "实名认证"), "{found:?}");
        assert!(!names("我们会与智能设备提供商共享")
            .iter()
            .any(|p| p == "设备连接"));
        // Goods are no party: `感兴趣的商品` still names its purpose.
        assert_eq!(
            names("向您推荐您可能感兴趣的商品"),
            l.find_purposes("向您推荐您可能感兴趣的商品")
                .iter()
                .map(|m| l.purposes()[m.purpose_index].canonical.clone())
                .collect::<Vec<_>>()
        );
        assert!(!names("向您推荐您可能感兴趣的商品").is_empty());
        // A party the law qualifies (穗好办's face 「与法律法规允许的机构…进行比对核验」).
        assert!(
            !names("将您的面部信息与法律法规允许的机构所保存的面部信息进行比对核验")
                .iter()
                .any(|p| p == "法律合规")
        );
        assert!(names("根据法律法规要求保存您的日志")
            .iter()
            .any(|p| p == "法律合规"));
    }

    /// 甬兴证券: 「我们会存储您的…委托记录、交易日志并按照法律法规要求存储二十年」 stored its
    /// device identifiers for 交易支付; 「通话状态」, 「活动记录」, 「登录IP地址」 (data) made calls,
    /// campaigns and logins uses elsewhere in the crawl.
    #[test]
    fn a_purpose_word_inside_a_data_name_or_a_record_states_no_purpose() {
        let l = Lexicon::builtin();
        let names = |text: &str| purposes_outside_names(l, text);
        let stored = "我们会存储您的手机号码、IMEI、证券账号、委托记录、交易日志并按照法律法规要求存储二十年";
        assert!(
            !names(stored).iter().any(|p| p == "交易支付"),
            "{:?}",
            names(stored)
        );
        for data in [
            "获取本机号码、通话状态以及拨打的号码",
            "日历、活动记录、安装目录以外的文件",
        ] {
            let before = l.find_purposes(data).len();
            assert!(names(data).len() < before, "{data}: {:?}", names(data));
        }
        // A word that is both data and purpose (`位置`) stays a purpose, and so does a purpose
        // followed by `记录` as a verb.
        assert!(names("当您开启设备定位功能并使用基于位置提供的相关服务时")
            .iter()
            .any(|p| p == "位置服务"));
        assert_eq!(
            names("用于用户拍照记录当前工作的位置信息").len(),
            l.find_purposes("用于用户拍照记录当前工作的位置信息").len()
        );
    }

    #[test]
    fn sdks_are_found() {
        let l = lex();
        let found = l.find_sdks("我们接入了极光推送SDK和友盟+统计SDK");
        let names: Vec<&str> = found
            .iter()
            .map(|m| l.sdks()[m.sdk_index].name.as_str())
            .collect();
        assert_eq!(names, vec!["极光推送", "友盟+ U-App"]);
    }

    #[test]
    fn cues_by_label() {
        let l = lex();
        assert!(l.cues("collect").iter().any(|c| c == "收集"));
        assert!(l.cues("share").iter().any(|c| c == "提供给"));
        assert!(l.cues("condition").iter().any(|c| c == "当"));
        assert!(l.cues("condition_end").iter().any(|c| c == "时"));
        assert!(l.cues("no such label").is_empty());
    }

    fn user_file(contents: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new().suffix(".tsv").tempfile().unwrap();
        f.write_all(contents.as_bytes()).unwrap();
        f
    }

    #[test]
    fn user_file_overrides_and_adds() {
        let f = user_file(
            "# my additions\n\
             canonical\tkind\tcategory\tsensitive\treason\tsynonyms\n\
             昵称\tinfo\t个人基本资料\tyes\t自定义：公司规定\t昵称|花名\n\
             工牌照片\tinfo\t个人身份信息\tyes\tGB/T 35273-2020 附录B：个人身份信息\t工牌照\n",
        );
        let l = Lexicon::load_with_user_file(f.path()).unwrap();
        let builtin = Lexicon::builtin();
        assert_eq!(l.data_types().len(), builtin.data_types().len() + 1);
        let nick = l.data_type("昵称").unwrap();
        assert!(nick.sensitive);
        // Replaced in place: the index is the builtin one.
        let idx = builtin
            .data_types()
            .iter()
            .position(|t| t.canonical == "昵称")
            .unwrap();
        assert_eq!(l.data_types()[idx].canonical, "昵称");
        assert_eq!(l.data_type_by_name("花名").unwrap().canonical, "昵称");
        assert_eq!(l.data_type_by_name("工牌照").unwrap().canonical, "工牌照片");
        let m = l.find_data("上传工牌照片");
        assert_eq!(l.data_types()[m[0].type_index].canonical, "工牌照片");
        // The builtin lexicon is untouched.
        assert!(builtin.data_type("工牌照片").is_none());
    }

    #[test]
    fn user_purposes_file() {
        let f = user_file("canonical\ttriggers\n智能客服\t机器人客服|智能问答\n");
        let l = Lexicon::load_with_user_file(f.path()).unwrap();
        assert_eq!(
            l.purpose_by_name("机器人客服").unwrap().canonical,
            "智能客服"
        );
    }

    #[test]
    fn malformed_user_line_names_path_and_line() {
        let f = user_file(
            "canonical\tkind\tcategory\tsensitive\treason\tsynonyms\n\
             \n\
             工牌照片\tinfo\t不存在的类别\tno\t\t工牌照\n",
        );
        match Lexicon::load_with_user_file(f.path()) {
            Err(Error::Data {
                path,
                line,
                message,
            }) => {
                assert_eq!(path, f.path().display().to_string());
                assert_eq!(line, 3);
                assert!(message.contains("不存在的类别"), "{message}");
            }
            other => panic!("expected Error::Data, got {other:?}"),
        }
        for (text, line) in [
            ("canonical\tkind\tcategory\tsensitive\treason\tsynonyms\n指纹2\tinfo\t其他信息\tyes\t\t\n", 2),
            ("canonical\tkind\tcategory\tsensitive\treason\tsynonyms\nX光\tthing\t其他信息\tno\t\t\n", 2),
            ("canonical\tkind\tcategory\tsensitive\treason\tsynonyms\n某某\tinfo\t其他信息\tno\t\t甲|乙丙\n", 2),
            ("# c\nname\tsynonyms\n", 2),
            ("canonical\ttriggers\nA1\tx1\nA1\tx2\n", 3),
            ("canonical\ttriggers\n测试\ta|b|c\td\n", 2),
        ] {
            let f = user_file(text);
            match Lexicon::load_with_user_file(f.path()) {
                Err(Error::Data { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: expected Error::Data, got {other:?}"),
            }
        }
        assert!(matches!(
            Lexicon::load_with_user_file(Path::new("/nonexistent/lexicon.tsv")),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn lexicon_serializes() {
        let json = serde_json::to_value(&lex().data_types()[0]).unwrap();
        assert_eq!(json["kind"], "info");
        assert!(serde_json::to_string(lex()).unwrap().contains("手机号码"));
    }
}
