//! Recognise a policy's app, operator, title and dates from its text.
//!
//! Policies state these in a handful of set phrases: a title such as `快手隐私政策`, an operator
//! sentence (`由北京快手科技有限公司运营`, `我们（成都快购科技有限公司）是…的运营者`), and
//! `更新日期：2023年6月18日` / `生效日期`. Everything runs on normalized text (`⽇` is `日`).
use std::sync::LazyLock;

use regex::Regex;

/// What the text says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognised {
    pub title: Option<String>,
    pub app: Option<String>,
    pub operator: Option<String>,
    pub updated: Option<String>,
    pub effective: Option<String>,
    /// Other names the text gives the app (`以下简称“…”`, a short and a long form), best first,
    /// without [`Self::app`].
    pub aliases: Vec<String>,
}

static COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}A-Za-z0-9()（）]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团公司)")
        .unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(更新|修订|修改|发布|版本|生效|实施|施行|起效)\s*(?:日期|时间|于)?\s*(?:为|是)?\s*[:：]?\s*[【\[]?(\d{4})[】\]]?\s*(?:年|-|/|\.)\s*[【\[]?(\d{1,2})[】\]]?\s*(?:月|-|/|\.)\s*[【\[]?(\d{1,2})",
    )
    .unwrap()
});
static DATE_THEN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:最新|正式|已)?\s*(更新|修订|发布|生效|起生效|起施行|实施)")
        .unwrap()
});
/// The `label<TAB>phrase` lines of a word list (`file` names it in the panic a malformed line
/// makes: the lists are compiled in), without comments and blank lines, phrases trimmed.
fn labelled_phrases<'a>(
    tsv: &'a str,
    file: &'static str,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    tsv.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(move |line| {
            let (label, phrase) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{file}: `{line}` needs label<TAB>phrase"));
            (label, phrase.trim())
        })
}

/// The word lists of `data/meta/app_names.tsv` (see that file).
struct AppNameWords {
    /// Document names, qualifiers and joiners: cut from the end of a title, ASCII lower-cased.
    trailing: Vec<String>,
    /// Document names only (a title's app precedes the first one).
    documents: Vec<String>,
    separators: Vec<String>,
    dashes: Vec<String>,
    not_in_name: Vec<String>,
    not_first: Vec<String>,
    not_last: Vec<String>,
    /// Never an app name alone (ASCII lower-cased).
    generic: Vec<String>,
}

const APP_NAMES_TSV: &str = include_str!("../data/meta/app_names.tsv");

static APP_NAME_WORDS: LazyLock<AppNameWords> = LazyLock::new(|| {
    let mut w = AppNameWords {
        trailing: Vec::new(),
        documents: Vec::new(),
        separators: Vec::new(),
        dashes: Vec::new(),
        not_in_name: Vec::new(),
        not_first: Vec::new(),
        not_last: Vec::new(),
        generic: Vec::new(),
    };
    for (label, phrase) in labelled_phrases(APP_NAMES_TSV, "data/meta/app_names.tsv") {
        let phrase = phrase.to_ascii_lowercase();
        match label {
            "document" => {
                w.documents.push(phrase.clone());
                w.trailing.push(phrase);
            }
            "qualifier" | "joiner" => w.trailing.push(phrase),
            "separator" => w.separators.push(phrase),
            "dash" => w.dashes.push(phrase),
            "not_in_name" => w.not_in_name.push(phrase),
            "not_first" => w.not_first.push(phrase),
            "not_last" => w.not_last.push(phrase),
            "generic" => w.generic.push(phrase),
            other => panic!("data/meta/app_names.tsv: unknown label `{other}`"),
        }
    }
    w
});

/// Recognise metadata. `title_hint` is the segmenter's title block text (or an HTML `<title>`).
pub fn recognise(normalized: &str, title_hint: Option<&str>) -> Recognised {
    let head: String = normalized.chars().take(6000).collect();
    let title = title_hint
        .map(|t| t.trim().trim_matches(['《', '》']).trim().to_string())
        .filter(|t| !t.is_empty());
    let operator = operator_from_text(&head);
    let mut names = app_names(normalized, &head, title.as_deref());
    let app = (!names.is_empty()).then(|| names.remove(0));
    let (mut updated, mut effective) = (None, None);
    // Only the first date of each kind is kept: the search stops once both are known (most
    // policies state them at the top; a scan of the whole head was 1 % of an import).
    for c in DATE.captures_iter(&head) {
        if updated.is_some() && effective.is_some() {
            break;
        }
        let date = ymd(&c[2], &c[3], &c[4]);
        match &c[1] {
            "生效" | "实施" | "施行" | "起效" => {
                effective.get_or_insert(date);
            }
            _ => {
                updated.get_or_insert(date);
            }
        }
    }
    for c in DATE_THEN_WORD.captures_iter(&head) {
        if updated.is_some() && effective.is_some() {
            break;
        }
        let date = ymd(&c[1], &c[2], &c[3]);
        if c[4].contains("生效") || c[4].contains("施行") || c[4].contains("实施") {
            effective.get_or_insert(date);
        } else {
            updated.get_or_insert(date);
        }
    }
    Recognised {
        title,
        app,
        operator,
        updated: updated.flatten(),
        effective: effective.flatten(),
        aliases: names,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `快手隐私政策` → `快手`; `快手小店商家隐私政策` → `快手小店`; `使用条款 :: 咚漫` → `咚漫`.
/// A title made only of document words (`隐私政策`, `用户隐私政策`, `法律声明及隐私政策`,
/// `Privacy Policy`) names no app.
pub fn app_from_title(title: &str) -> Option<String> {
    let words = &*APP_NAME_WORDS;
    // A page's title block can run on over several lines of junk: the first line is the title.
    let title = title.lines().find(|l| !l.trim().is_empty())?;
    let mut parts = vec![title.to_string()];
    // Separators first (`使用条款 :: 咚漫`), then cleaning: spaces separate words in
    // `Privacy Policy` but are dropped from Chinese titles.
    for sep in &words.separators {
        parts = parts
            .iter()
            .flat_map(|p| {
                p.split(sep.as_str())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    // A dash separates, except between two ASCII letters or digits (Wi-Fi万能钥匙).
    let parts: Vec<String> = parts
        .iter()
        .flat_map(|p| split_at_dashes(p, &words.dashes))
        .map(|p| clean(&p))
        .filter(|p| !p.is_empty())
        .collect();
    // A part that names a document: the app is what precedes the document's name — first a
    // part that ends with it (`Xiaomi Privacy版本号:多看阅读隐私政策` names 多看阅读).
    let ends_with_document = |p: &&String| strip_trailing_words(p).len() < p.len();
    for part in parts
        .iter()
        .filter(ends_with_document)
        .chain(parts.iter().filter(|p| !ends_with_document(p)))
    {
        if let Some(name) = app_before_document(part) {
            return Some(name);
        }
    }
    // A web page title's other part (`隐私 -- 掌贝科技`): the site's name.
    if parts.len() > 1 {
        // (Not a part that still speaks of the document: `隐私协议发布及更新日期:2021年9月8日`.)
        let speaks_of_document = |p: &str| {
            let lower = p.to_ascii_lowercase();
            APP_NAME_WORDS
                .documents
                .iter()
                .filter(|d| d.chars().count() >= 2)
                .any(|d| lower.contains(d.as_str()))
                || ["日期", "更新", "生效", "版本"]
                    .iter()
                    .any(|w| p.contains(w))
                // (nor a date: `2021年9月8日`)
                || p.chars().any(|c| c.is_ascii_digit()) && p.contains(['年', '月', '日'])
        };
        return parts
            .iter()
            .filter(|p| strip_trailing_words(p).len() == p.len() && !speaks_of_document(p))
            .find_map(|p| app_name(p));
    }
    None
}

/// The app a policy's own heading names (`科企岛APP隐私政策`, a short line near the top): a
/// line that ends with a document's name and is no sentence.
fn app_from_heading(line: &str) -> Option<String> {
    let cleaned = clean(line);
    let n = cleaned.chars().count();
    if n > 30 || cleaned.contains(['，', ',', '。', '；', ';', '!', '！', '?', '？']) {
        return None;
    }
    let stripped = strip_trailing_words(&cleaned);
    // A privacy document's name (`免费注册`, `提示条款` end with document words too).
    let document = cleaned[stripped.len()..].to_ascii_lowercase();
    if !["隐私", "个人信息", "privacy", "政策"]
        .iter()
        .any(|w| document.contains(w))
    {
        return None;
    }
    app_name(&stripped)
}

/// Split `text` at each dash that is not inside a Latin word.
fn split_at_dashes(text: &str, dashes: &[String]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = vec![String::new()];
    for (i, &c) in chars.iter().enumerate() {
        let in_word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_alphanumeric())
        };
        let is_dash = dashes.iter().any(|d| d.chars().eq(std::iter::once(c)));
        if is_dash && !(in_word(i.checked_sub(1)) && in_word(Some(i + 1))) {
            parts.push(String::new());
        } else {
            parts.last_mut().expect("one part").push(c);
        }
    }
    parts
}

/// `title` without whitespace and the brackets titles come in.
fn clean(title: &str) -> String {
    title
        .chars()
        .filter(|c| !c.is_whitespace() && !"《》<>“”\"【】".contains(*c))
        .collect()
}

/// The app named before a document name: `快手隐私政策` → `快手`, and in a title that repeats
/// the app after the document's name, `天天电视直播隐私政策天天电视直播` → `天天电视直播`.
fn app_before_document(part: &str) -> Option<String> {
    let lower = part.to_ascii_lowercase();
    let first = APP_NAME_WORDS
        .documents
        .iter()
        .filter(|w| w.chars().count() >= 4 || w.as_str() == "privacy")
        .filter_map(|w| lower.find(w.as_str()))
        .min();
    if let Some(first) = first.filter(|&f| f > 0) {
        if let Some(name) = app_name(&strip_trailing_words(&part[..first])) {
            return Some(name);
        }
    }
    let stripped = strip_trailing_words(part);
    (stripped.len() < part.len())
        .then(|| app_name(&stripped))
        .flatten()
}

/// Cut document names, qualifiers and joiners from the end of `text` until none is left.
fn strip_trailing_words(text: &str) -> String {
    let mut t = text.to_string();
    loop {
        let lower = t.to_ascii_lowercase();
        let Some(cut) = APP_NAME_WORDS
            .trailing
            .iter()
            .find(|w| lower.ends_with(w.as_str()))
        else {
            return t;
        };
        // ASCII lower-casing keeps byte lengths, so the cut applies to `t` as it is.
        t.truncate(t.len() - cut.len());
    }
}

/// `candidate` if it can be an app's name: 1–20 chars with a letter or an ideograph, not a
/// generic word (`我们`, `产品`), a reference to the document itself (`本…`) or a version.
fn app_name(candidate: &str) -> Option<String> {
    // Markdown marks (`###工行企业手机银行`), a template's brackets (`[一键换脸]`) and the
    // replacement char a lost quote was saved as (`�美册�`) are no part of a name; an unfilled
    // template (`{{data.appName}}`, `${app}`, `XXX`) is none.
    if candidate.contains(['{', '}', '$']) {
        return None;
    }
    let name = candidate
        .trim_matches(|c: char| {
            c.is_whitespace() || "《》<>“”\"【】:：,，。-_|#*>[]「」\u{FFFD}".contains(c)
        })
        .trim_end_matches(['(', '（']);
    if !name.is_empty()
        && name
            .chars()
            .all(|c| matches!(c, 'x' | 'X' | '×' | '*' | '某'))
    {
        return None;
    }
    // A document's name run into the app's (`用户隐私政策云犀老黄历非常重视…`): the app follows it.
    let lower = name.to_ascii_lowercase();
    let name = APP_NAME_WORDS
        .documents
        .iter()
        .filter(|w| w.chars().count() >= 4)
        .filter_map(|w| lower.find(w.as_str()).map(|i| i + w.len()))
        .max()
        .filter(|&end| name[end..].chars().count() >= 2)
        .map_or(name, |end| &name[end..]);
    // The operator before the app (`上海仰歌电子科技有限公司的爱录`): the app is what follows.
    let name = name
        .split_once("公司的")
        .map(|(_, app)| app)
        .filter(|app| app.chars().count() >= 2)
        .unwrap_or(name);
    // A part of the document (`第二部分 隐私政策`) is not its app.
    if SECTION_NUMBER.is_match(name) {
        return None;
    }
    // Document words alone (`隐私政策`) name nothing.
    if strip_trailing_words(name).is_empty() {
        return None;
    }
    let n = name.chars().count();
    let lower = name.to_ascii_lowercase();
    // `V1.0`: the document's version, not a name.
    let version = lower
        .trim_start_matches('v')
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    // One char is no app's name (`一`, `三` of a numbered heading).
    ((2..=20).contains(&n)
        && !version
        && !APP_NAME_WORDS
            .not_in_name
            .iter()
            .any(|w| lower.contains(w.as_str()))
        && !APP_NAME_WORDS
            .not_first
            .iter()
            .any(|w| lower.starts_with(w.as_str()))
        // `网站和`, `功能等`: a generic word and a joiner (`四方瑞和` is a name).
        && !APP_NAME_WORDS.not_last.iter().any(|w| {
            lower.strip_suffix(w.as_str()).is_some_and(|rest| {
                rest.chars().count() <= 1
                    || APP_NAME_WORDS.generic.iter().any(|g| g == rest)
                    || is_common_word(rest)
            })
        })
        && name.chars().any(char::is_alphabetic)
        && !APP_NAME_WORDS.generic.contains(&lower))
    .then(|| name.to_string())
}

/// Whether jieba's dictionary has `word` as a common word of a part of speech that names no
/// app: at least [`COMMON_WORD_FREQ`] times, tagged a verb, adverb, numeral, time word,
/// pronoun and the like. Nouns are left to the `generic` list: common nouns are app names too
/// (`百度` is tagged `n` and is as frequent as `信息`).
fn is_common_word(word: &str) -> bool {
    const NOT_A_NAME: [&str; 14] = [
        "v", "vn", "vd", "d", "m", "mq", "t", "r", "p", "c", "u", "f", "q", "ad",
    ];
    crate::jieba_dict::lookup(word)
        .is_some_and(|(freq, tag)| freq >= COMMON_WORD_FREQ && NOT_A_NAME.contains(&tag))
}

/// How often (in jieba's dictionary) a word must be to be too common for an app's name: 500
/// keeps `即刻` (433) and `相机` (418), and rejects `推送` (1,070), `当前` (2,433) and `十分`
/// (16,428).
const COMMON_WORD_FREQ: usize = 500;

static WELCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:欢迎(?:您)?使用|感谢您(?:选择|使用))\s*[“《]?([\p{Han}A-Za-z0-9]{2,16}?)[”》]?(?:平台服务|平台|产品|服务|软件|客户端|APP|App|！|!|，|,|。|及|的)").unwrap()
});
static TITLE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《([\p{Han}A-Za-z0-9]{1,16}?)(?:隐私政策|隐私权政策|隐私保护政策|隐私保护指引)》")
        .unwrap()
});

/// A part of a document or a list's number: `第二部分`, `第3章`, `第十条`, `(2)`, `3.`.
static SECTION_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:第[0-9一二三四五六七八九十百]{1,4}(?:部分|章|条|节|篇)|[(（]?[0-9一二三四五六七八九十]{1,3}[)）.、])",
    )
    .unwrap()
});
/// A name given in so many words: `（以下简称“快读”）`, `下称“快手”`, `简称:快读小说`, and the
/// other names of a list (`以下简称“我们”或“文心”`).
static SHORT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:以下简称|以下或称|以下称|下称|简称)\s*(?:为|:)?\s*[“"「【]([^”"」】\n]{1,20})[”"」】](?:\s*(?:或|、|和|或者)\s*[“"「]([^”"」\n]{1,20})[”"」])*"#)
        .unwrap()
});
/// The thing a short name is given to when the short name stands for an app:
/// `使用和平专业变声器(以下简称“本软件”)`.
static NAMED_BEFORE_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:使用|下载|安装)\s*[“「《]?([\p{Han}A-Za-z0-9]{2,16}?)[”」》]?(?:APP|App|app|客户端|软件|应用|平台|产品)?\s*[(（](?:以下简称|以下称|下称)\s*(?:为|:)?\s*[“"「](?:本软件|本应用|本APP|本App|本产品|本平台|本客户端|我们)[”"」]"#).unwrap()
});
/// An app that the policy calls "this product" or "the APP" for short:
/// `序言数字人民币APP（以下简称“本款产品”或“APP”）`. (The name starts after a mark, a space or a
/// preface's heading run into it.)
static SELF_NAMED_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[。；;：:，,\s）)」”"]|序言|前言|引言|导言)([\p{Han}A-Za-z0-9]{2,12}?)(?:APP|App|app|客户端|软件)\s*[(（](?:以下简称|以下称|下称)\s*(?:为|:)?\s*[“"「](?:本款产品|本款应用|本款软件|本软件|本应用|本APP|本App|本产品|本客户端|APP|App)[”"」]"#).unwrap()
});
/// A quoted name followed by what it is: `“爱南宁”APP`, `“生意顺”手机客户端`, `“铜梁”客户端`.
static QUOTED_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[“"「【]([^”"」】\n]{2,16})[”"」】][ \t]*(?:APP|App|app|手机客户端|客户端|软件|小程序|应用|平台|产品|隐私政策|隐私权政策|用户隐私政策)"#)
        .unwrap()
});
/// An app named as what a company runs: `作为自律养成APP的运营者`, `移动应用牛蛙圈app`,
/// `的亿硕花卉小程序/app产品`.
static RUN_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:作为|移动应用|旗下|公司的)\s*([\p{Han}A-Za-z0-9]{2,12}?)\s*(?:APP|App|app|客户端|小程序)").unwrap()
});
/// An app named as what a company runs or makes: `作为动态壁纸精选大全的运营者`,
/// `作为运营者的花间视频直播平台产品`.
static OPERATED_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:作为\s*[“「《]?([\p{Han}A-Za-z0-9]{2,16}?)[”」》]?\s*(?:APP|App|app|客户端|小程序|平台|产品)?的(?:运营者|运营方|开发者|经营者|提供者)|(?:运营者|运营方|开发者|提供者)的\s*([\p{Han}A-Za-z0-9]{2,12}?)(?:APP|App|app|客户端|小程序|平台|产品|移动应用|应用程序))").unwrap()
});
/// An app the policy applies to or the reader uses, unquoted: `适用于觅兔产品`,
/// `使用腾讯服务`, `在使用莱特英语学习背单词及相关服务前`. Weaker: `使用` takes any object.
static USED_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:适用于|使用)\s*([\p{Han}A-Za-z0-9]{2,16}?)\s*(?:APP|App|app|客户端|软件|产品|及相关服务|相关服务|服务|平台|移动应用|应用程序)").unwrap()
});
/// A sentence that opens with the app: `快点阅读应用是由…`, `P图美颜相机非常重视…`,
/// `球迷帮深知个人信息…`.
static OPENS_WITH_APP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[。!！,，;；\n]|\d日)[ \t]*([\p{Han}A-Za-z0-9]{2,12}?)[ \t]*(?:APP|App|app|应用|客户端)?(?:深知|非常重视|十分重视|高度重视|一贯重视|一直重视|非常注重|尊重|是由|特制定)")
        .unwrap()
});

/// How much each way of naming the app is believed, before counting how often the name recurs.
mod weight {
    pub const TITLE: f64 = 10.0;
    pub const HEADING: f64 = 9.0;
    pub const SHORT_NAME: f64 = 8.0;
    pub const TITLE_IN_TEXT: f64 = 8.0;
    pub const NAMED: f64 = 7.0;
    pub const OPENS: f64 = 6.0;
    /// A candidate that is the operator's short name (`不玩科技`, `轻舟科技`): the company, not
    /// its app, unless nothing else is named.
    pub const COMPANY: f64 = -8.0;
    /// A short name given to something the text does not say is the app or its maker
    /// (`以下简称“设备”`, an SDK's `以下简称“MobTech”`).
    pub const OTHER_SHORT_NAME: f64 = 4.0;
    /// Per extra way the same name is given.
    pub const AGAIN: f64 = 1.0;
    /// Times the natural log of how often the name occurs in the text.
    pub const RECURS: f64 = 1.5;
    /// At most this much for recurring (a name given once in the title may be used rarely).
    pub const MAX_RECURS: f64 = 4.5;
}

/// The names the text gives its app, best first: every way a policy names its app
/// (its title, a heading line, `以下简称`, `“…”APP`, `…APP的运营者`, a sentence that opens
/// with it …) gives candidates, each believed by how it was given and how often the name
/// recurs in the text; a company's name is no app's.
fn app_names(text: &str, head: &str, title: Option<&str>) -> Vec<String> {
    // (name, best weight, the distinct ways it is given: one way matching many times is
    // still one way)
    let mut found: Vec<(String, f64, Vec<&'static str>)> = Vec::new();
    fn add(
        found: &mut Vec<(String, f64, Vec<&'static str>)>,
        name: Option<String>,
        w: f64,
        way: &'static str,
    ) {
        let Some(name) = name else { return };
        // A word the language uses all the time as a verb, adverb, numeral, pronoun …
        // (`当前`, `推送`, `这些`, `十分`) is that word where a sentence merely puts it in an
        // app's place (`使用当前服务`); named as the app by a title or a short name
        // (`一手隐私政策`, `以下称“我们”或“联想”`), it is the app's.
        if w < weight::SHORT_NAME && is_common_word(&name.to_ascii_lowercase()) {
            return;
        }
        match found.iter_mut().find(|(n, _, _)| *n == name) {
            Some((_, best, ways)) => {
                *best = best.max(w);
                if !ways.contains(&way) {
                    ways.push(way);
                }
            }
            None => found.push((name, w, vec![way])),
        }
    }
    if let Some(t) = title {
        add(&mut found, app_from_title(t), weight::TITLE, "title");
    }
    // A page's title is often only `隐私政策`; the policy's own title is a short line below it.
    let first_lines = head
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(12)
        .take_while(|l| l.chars().count() <= 200);
    for line in first_lines {
        add(
            &mut found,
            app_from_heading(line),
            weight::HEADING,
            "heading",
        );
    }
    // The head, but not a list of third parties' documents near its end.
    let near: &str = &head[..head.floor_char_boundary(3000)];
    for c in TITLE_IN_TEXT.captures_iter(near) {
        add(
            &mut found,
            app_name(&strip_trailing_words(&c[1])),
            weight::TITLE_IN_TEXT,
            "title in text",
        );
    }
    for c in SHORT_NAME.captures_iter(near) {
        // Policies give short names to many things; the app's is given to the app, to its
        // maker, or together with `我们`.
        let whole = c.get(0).expect("match");
        let before =
            &near[near.floor_char_boundary(whole.start().saturating_sub(45))..whole.start()];
        let names: Vec<&str> = [c.get(1), c.get(2)]
            .into_iter()
            .flatten()
            .map(|m| m.as_str())
            .collect();
        let of_app = names.iter().any(|n| {
            [
                "我们",
                "本公司",
                "本平台",
                "本软件",
                "本应用",
                "本产品",
                "本APP",
            ]
            .contains(n)
        }) || [
            "APP",
            "App",
            "app",
            "客户端",
            "软件",
            "平台",
            "应用",
            "公司",
        ]
        .iter()
        .copied()
        // (or to a name already read from the title: `贝克街推理学院（以下简称“推理学院”）`)
        .chain(
            found
                .iter()
                .map(|(n, _, _)| n.as_str())
                .filter(|n| n.chars().count() >= 2),
        )
        .any(|w| before.trim_end_matches([' ', '(', '（']).ends_with(w));
        let w = if of_app {
            weight::SHORT_NAME
        } else {
            weight::OTHER_SHORT_NAME
        };
        for n in names {
            add(&mut found, app_name(n), w, "short name");
        }
    }
    for c in NAMED_BEFORE_SHORT.captures_iter(near) {
        add(
            &mut found,
            app_name(&c[1]),
            weight::NAMED,
            "named before short",
        );
    }
    for c in SELF_NAMED_APP.captures_iter(near) {
        // (As sure as a title: the policy says in so many words what "this product" is, where
        // a service inside it may be named more often: 数字人民币's `使用数字钱包服务`.)
        add(&mut found, app_name(&c[1]), weight::TITLE, "self-named");
    }
    for c in QUOTED_APP.captures_iter(near) {
        add(
            &mut found,
            app_name(&strip_trailing_words(&c[1])),
            weight::NAMED,
            "quoted",
        );
    }
    for c in RUN_APP.captures_iter(near) {
        add(&mut found, app_name(&c[1]), weight::NAMED, "runs");
    }
    for c in WELCOME.captures_iter(near) {
        add(&mut found, app_name(&c[1]), weight::NAMED, "welcome");
    }
    for c in OPERATED_APP.captures_iter(near) {
        let name = c.get(1).or(c.get(2)).map(|m| m.as_str()).unwrap_or("");
        // (`作为觅兔的运营者`; one char left is no name: `作为我的…`)
        let name = name.trim_end_matches('的');
        if name.chars().count() < 2 {
            continue;
        }
        add(&mut found, app_name(name), weight::NAMED, "operated");
    }
    for c in USED_APP.captures_iter(near) {
        // (`使用我的服务`, `使用新增的平台服务`: what ends in 的 is said of something else)
        if c[1].ends_with('的') {
            continue;
        }
        add(&mut found, app_name(&c[1]), weight::OPENS, "used");
    }
    for c in OPENS_WITH_APP.captures_iter(near) {
        add(&mut found, app_name(&c[1]), weight::OPENS, "opens");
    }
    let company_words = ["公司", "集团", "科技", "网络", "信息技术", "有限"];
    if std::env::var_os(crate::trace::TRACE_ENV).is_some() {
        eprintln!("policylens: app names given (name, best weight, ways): {found:?}");
    }
    let names: Vec<String> = found.iter().map(|(n, _, _)| n.clone()).collect();
    // (name, whether it may be an alias, score)
    let mut scored: Vec<(String, bool, f64)> = found
        .into_iter()
        .map(|(name, w, ways)| {
            // How often the name recurs on its own, not as part of a longer candidate
            // (`学院` inside `贝克街推理学院`).
            let inside_longer: usize = names
                .iter()
                .filter(|n| n.len() > name.len() && n.contains(name.as_str()))
                .map(|n| text.matches(n.as_str()).count())
                .max()
                .unwrap_or(0);
            let recurs = text
                .matches(name.as_str())
                .count()
                .saturating_sub(inside_longer)
                .max(1) as f64;
            // A company's name or short name (`不玩科技`, `轻舟科技`) names its maker. (Not any
            // name the operator's holds: 快手 is 北京快手科技有限公司's app.)
            let company = company_words.iter().any(|c| name.ends_with(c));
            // (A word given a short name for something else recurs as a word does.)
            let recurs_bonus = if w >= weight::OPENS {
                (weight::RECURS * recurs.ln()).min(weight::MAX_RECURS)
            } else {
                0.0
            };
            let score = w
                + weight::AGAIN * (ways.len() - 1) as f64
                + recurs_bonus
                + if company { weight::COMPANY } else { 0.0 };
            (name, w >= weight::NAMED && !company, score)
        })
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    // (`POLICYLENS_TRACE=1 policylens parse FILE` shows why a name was chosen.)
    if std::env::var_os(crate::trace::TRACE_ENV).is_some() {
        eprintln!("policylens: app name candidates (name, may be an alias, score): {scored:?}");
    }
    // The best is the app's name; the others given as the app's, its aliases.
    scored
        .into_iter()
        .enumerate()
        .filter(|(i, (_, alias, _))| *i == 0 || *alias)
        .map(|(_, (n, _, _))| n)
        .collect()
}

/// The company that runs the app. Each company named in the head is weighed by what stands
/// around it: `（以下简称“我们”）` after it (the policy's "we"; a list of companies before it
/// shares it) or another short name it is given (`（以下简称“珍阅科技”）`), 归属 / 所有者 before
/// it (it owns the app), 运营 / 经营者 next to it or 由 before it (it runs or made the app), a third party's or an SDK's words before it or
/// `由…提供` around it (a receiver). The first the policy names as itself wins, else the
/// heaviest, the first named of equals; none when every company named is a receiver.
fn operator_from_text(head: &str) -> Option<String> {
    // (start of the name after trimming, end, name)
    let companies: Vec<(usize, usize, String)> = COMPANY
        .find_iter(head)
        .map(|m| {
            let name = trim_company(m.as_str());
            (
                m.end().saturating_sub(name.len()).max(m.start()),
                m.end(),
                name,
            )
        })
        .collect();
    let mut weights = vec![0i32; companies.len()];
    let mut named_next = (false, false);
    for (i, (s, e, _)) in companies.iter().enumerate().rev() {
        let before = last_chars(&head[..*s], 10);
        let until_next = companies.get(i + 1).map_or(head.len(), |n| n.1 - n.2.len());
        let after = first_chars(&head[*e..until_next.max(*e)], 60);
        let named = after.find('称').map(|k| &after[k..]);
        // A company followed by nothing but list words before the next one (`A、B（以下简称“我们”）`,
        // `A及其关联公司（包括但不限于B，以下合称“超有爱”）`) is named with it.
        let (named_we, short_name) = if companies.get(i + 1).is_some() && only_list_words(after) {
            named_next
        } else {
            (
                named.is_some_and(|n| n.contains("我们") || n.contains("本公司")),
                // `（以下简称“珍阅科技”）`: the policy names the company for what follows.
                named.is_some_and(|n| first_chars(n, 4).contains(['“', '"'])),
            )
        };
        named_next = (named_we, short_name);
        let by = before.trim_end_matches(['“', '"']).ends_with('由');
        let provides = after
            .trim_start_matches(['”', '"', '）', ')', ' '])
            .starts_with("提供");
        // (Owning the app, `软件归属为…`, outweighs making it, `由…开发`.)
        let owns =
            before.contains("归属") || before.contains("所有者") || before.contains("所有权");
        let runs = before.contains("运营")
            || before.contains("经营者")
            || (by && !provides)
            || after.contains("运营");
        let receiver = (by && provides)
            || ["SDK", "第三方", "机构名称", "所属公司", "提供方名称"]
                .iter()
                .any(|w| before.contains(w));
        weights[i] = if named_we {
            4
        } else if short_name {
            3
        } else {
            0
        } + 2 * i32::from(runs)
            + 3 * i32::from(owns)
            - 3 * i32::from(receiver);
    }
    let named: Vec<(i32, &String)> = companies
        .iter()
        .zip(&weights)
        .filter(|((_, _, c), _)| c.chars().count() >= 6)
        .map(|((_, _, c), w)| (*w, c))
        .collect();
    // The first company the policy names as itself; else the heaviest, first of equals.
    let (best, name) = named
        .iter()
        .find(|(w, _)| *w >= 3)
        .or_else(|| named.iter().rev().max_by_key(|(w, _)| *w))?;
    (*best >= 0).then(|| (*name).clone())
}

/// Whether `text` holds only the words that join companies into a list.
fn only_list_words(text: &str) -> bool {
    const LIST_WORDS: [&str; 12] = [
        "及其关联公司",
        "及其关联方",
        "包括但不限于",
        "关联公司",
        "以及",
        "和",
        "及",
        "与",
        "、",
        "，",
        ",",
        "(",
    ];
    let mut rest = text.trim();
    while !rest.is_empty() {
        match LIST_WORDS.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => rest = rest[w.len()..].trim_start(),
            None => return false,
        }
    }
    true
}

/// The last `n` chars of `text` (`n` ≥ 1).
fn last_chars(text: &str, n: usize) -> &str {
    let at = text.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &text[at..]
}

/// The first `n` chars of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    let at = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    &text[..at]
}

/// The word lists of `data/meta/companies.tsv` (see that file).
struct CompanyWords {
    lead: Vec<String>,
    place: Vec<String>,
}

const COMPANIES_TSV: &str = include_str!("../data/meta/companies.tsv");

static COMPANY_WORDS: LazyLock<CompanyWords> = LazyLock::new(|| {
    let mut w = CompanyWords {
        lead: Vec::new(),
        place: Vec::new(),
    };
    for (label, phrase) in labelled_phrases(COMPANIES_TSV, "data/meta/companies.tsv") {
        let list = match label {
            "lead" => &mut w.lead,
            "place" => &mut w.place,
            other => panic!("data/meta/companies.tsv: unknown label `{other}`"),
        };
        list.push(phrase.to_string());
    }
    w
});

/// The suffixes [`COMPANY`] ends with, longest first.
const COMPANY_SUFFIXES: [&str; 4] = ["股份有限公司", "有限责任公司", "集团公司", "有限公司"];

/// Cut what precedes a company name inside a greedy match (`适用于重庆…公司` → `重庆…公司`,
/// `欢迎您使用北京…公司` → `北京…公司`, `2021年8月6日丹阳…公司` → `丹阳…公司`). The name starts
/// after the last cut that leaves six chars or more — a function char (由, 是, 的 …), a lead
/// word of `data/meta/companies.tsv`, a date's 日, a bracket never closed — and then at its first
/// place outside brackets, when a name of its own follows the place.
fn trim_company(m: &str) -> String {
    let mut m = m.trim_start_matches([')', '）']);
    // A bracketed note before the name: `(摘要)有道(广州)计算机系统有限公司`.
    while let Some(rest) = m.strip_prefix(['(', '（']) {
        let Some(close) = rest.find([')', '）']) else {
            m = rest;
            break;
        };
        let after = rest[close..].trim_start_matches([')', '）']);
        if after.chars().count() < 6 {
            break;
        }
        m = after;
    }
    let suffix = COMPANY_SUFFIXES
        .iter()
        .find(|s| m.ends_with(*s))
        .map_or(0, |s| s.chars().count());
    // Six chars or more, two of them before the suffix (`的有限责任公司` is no name).
    let leaves_a_name = |i: usize| {
        let n = m[i..].chars().count();
        n >= 6 && n >= suffix + 2
    };
    let mut cuts = Vec::new();
    for (i, c) in m.char_indices() {
        let after = i + c.len_utf8();
        let cut = match c {
            // A bracket closed inside the name is part of it: 前海核桃创意（深圳）科技有限公司.
            '(' | '（' => !closes(&m[after..]),
            '日' | '号' => m[..i].ends_with(|d: char| d.is_ascii_digit()),
            // 在线 is a word of many names (北京星潮在线文化发展有限公司).
            '在' => !m[after..].starts_with('线'),
            c => "由于是为与和及即指在向从被把将对或的".contains(c),
        };
        if cut {
            cuts.push(after);
        }
    }
    for w in &COMPANY_WORDS.lead {
        cuts.extend(m.match_indices(w.as_str()).map(|(i, _)| i + w.len()));
    }
    let cut = cuts
        .into_iter()
        .filter(|&i| leaves_a_name(i))
        .max()
        .unwrap_or(0);
    let mut name = &m[cut..];
    // A `的` left inside is a phrase that ends in a company's kind, not a name
    // (`…成立的有限责任公司`).
    if name.contains('的') {
        return String::new();
    }
    if let Some(at) = first_place_outside_brackets(name) {
        name = &name[at..];
    }
    // A bracket left open by the cut (`快手（北京）…` keeps its pair).
    if (name.contains(')') && !name.contains('(')) || (name.contains('）') && !name.contains('（'))
    {
        if let Some((i, c)) = name.char_indices().find(|(_, c)| *c == ')' || *c == '）') {
            return name[i + c.len_utf8()..].to_string();
        }
    }
    name.to_string()
}

/// Whether the text after an opening bracket closes it (brackets nested inside counted).
fn closes(after: &str) -> bool {
    let mut depth = 1;
    for c in after.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return true;
        }
    }
    false
}

/// Where a company name's own place stands when something precedes it (`如深圳伍优科技有限公司`):
/// the first place of the list outside brackets, after the start, followed by two chars or more
/// of a name before the company suffix (not `中国移动通信集团广东有限公司`'s 广东).
fn first_place_outside_brackets(name: &str) -> Option<usize> {
    let suffix = COMPANY_SUFFIXES
        .iter()
        .find(|s| name.ends_with(*s))
        .map_or(0, |s| s.len());
    let body_end = name.len() - suffix;
    let mut depth = 0i32;
    for (i, c) in name.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if i == 0 || depth != 0 || i >= body_end {
            continue;
        }
        let Some(place) = COMPANY_WORDS
            .place
            .iter()
            .find(|p| name[i..].starts_with(p.as_str()))
        else {
            continue;
        };
        let rest = name[i + place.len()..body_end].trim_start_matches(['省', '市', '区', '县']);
        if rest.chars().count() >= 2 && name[i..].chars().count() >= 6 {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn dates_with_latest_before_the_verb_or_template_brackets_are_read() {
        // Crawl forms the date rule C14 missed.
        let r = recognise(&normalize("（本协议于2022年05月25日最新修订）"), None);
        assert_eq!(r.updated.as_deref(), Some("2022-05-25"));
        let r = recognise(
            &normalize("版本更新日期：2021年【7】月【19】日\n版本生效日期：2021年【7】月【20】日"),
            None,
        );
        assert_eq!(r.updated.as_deref(), Some("2021-07-19"));
        assert_eq!(r.effective.as_deref(), Some("2021-07-20"));
    }

    #[test]
    fn apps_from_titles() {
        assert_eq!(app_from_title("快手隐私政策").as_deref(), Some("快手"));
        assert_eq!(
            app_from_title("快手小店商家隐私政策").as_deref(),
            Some("快手小店")
        );
        assert_eq!(app_from_title("《抖音隐私政策》").as_deref(), Some("抖音"));
        assert_eq!(app_from_title("隐私政策"), None);
        assert_eq!(
            app_from_title("好学会计网校APP应用隐私政策").as_deref(),
            Some("好学会计网校")
        );
        assert_eq!(
            app_from_title("上海仰歌电子科技有限公司的爱录隐私政策").as_deref(),
            Some("爱录")
        );
        // Quotes a crawler lost, saved as replacement chars (the appch crawl's 美册).
        assert_eq!(
            app_from_title("\u{FFFD}美册\u{FFFD}隐私政策").as_deref(),
            Some("美册")
        );
    }

    #[test]
    fn titles_made_of_document_words_name_no_app() {
        // Seen in the appch crawl, where each became an "app" of the library.
        for title in [
            "用户隐私政策",
            "个人信息保护及隐私政策",
            "法律声明及隐私权政策",
            "法律声明与隐私政策",
            "协议及声明",
            "协议说明",
            "用户协议",
            "隐私保护",
            "隐私策略",
            "Privacy Policy",
            "privacy",
            "产品隐私声明",
            "儿童隐私保护声明",
            "用户信息隐私保护指引",
            "用户使用隐私政策",
            "注册、服务和隐私条款",
            "本应用隐私政策",
            "网络用户信息保密协议",
            "用户隐私政策_V1.0",
        ] {
            assert_eq!(app_from_title(title), None, "{title}");
        }
    }

    #[test]
    fn apps_around_document_words() {
        for (title, app) in [
            ("快手用户协议及隐私政策", "快手"),
            ("宝宝巴士儿童隐私政策", "宝宝巴士"),
            ("抖音APP隐私政策", "抖音"),
            ("Suunto Privacy Policy", "Suunto"),
            ("使用条款 :: 咚漫", "咚漫"),
            ("隐私--掌贝科技", "掌贝科技"),
            ("隐私政策_小红书", "小红书"),
            ("隐私政策 | 美团", "美团"),
            ("Wi-Fi万能钥匙隐私政策", "Wi-Fi万能钥匙"),
            ("隐私政策-罐头日记", "罐头日记"),
            ("隐私政策-政策法规-中京商品交易市场", "中京商品交易市场"),
            ("火电屏幕触激隐私政策–曼炬", "火电屏幕触激"),
            ("天天电视直播隐私政策天天电视直播", "天天电视直播"),
            ("蒙商消费金融用户隐私政策协议蒙商消费金融", "蒙商消费金融"),
            ("录音大师隐私及免责", "录音大师"),
            ("dHomeAPP用户使用协议", "dHome"),
            ("樱花斩教师版-用户个人信息保护政策", "樱花斩教师版"),
            ("人事邦隐私权保护", "人事邦"),
            ("天天电视直播隐私政策天天电视直播隐私政策", "天天电视直播"),
            ("视频说明书隐私政策", "视频说明书"),
            ("隐私相册隐私政策", "隐私相册"),
            (
                "隐私条款-布咕阅读 - Powered by WMCMS\n\n\n隐私条款",
                "布咕阅读",
            ),
            ("<寓言故事大全隐私政策>", "寓言故事大全"),
            ("信阳晚报-测试-《信阳晚报》客户端隐私协议", "信阳晚报"),
            ("e德本草隐私政策", "e德本草"),
            ("隐私政策,高人汇", "高人汇"),
        ] {
            assert_eq!(app_from_title(title).as_deref(), Some(app), "{title}");
        }
    }

    #[test]
    fn generic_words_in_the_text_name_no_app() {
        let r = recognise(
            "隐私政策\n感谢您选择我们的产品。我们深知个人信息对您的重要性。",
            None,
        );
        assert_eq!(r.app, None);
        let r = recognise(
            "本应用尊重并保护所有用户的个人隐私权。《用户隐私政策》",
            None,
        );
        assert_eq!(r.app, None);
        let r = recognise("隐私政策\n感谢您选择使用我们的产品和服务。", None);
        assert_eq!(r.app, None);
    }

    #[test]
    fn unfilled_templates_and_markdown_marks_are_no_part_of_a_name() {
        // Seen in the crawl: pages whose template was never filled listed as apps.
        for text in [
            "{{data.appName}}隐私政策\n欢迎使用{{data.appName}}！",
            "${appName}隐私政策\n本政策适用于${appName}。",
            "XXX隐私政策\n欢迎使用XXX！",
        ] {
            assert_eq!(recognise(&normalize(text), None).app, None, "{text}");
        }
        let r = recognise(&normalize("###工行企业手机银行隐私政策\n正文。"), None);
        assert_eq!(r.app.as_deref(), Some("工行企业手机银行"));
    }

    #[test]
    fn common_words_one_char_and_the_operators_own_words_name_no_app() {
        // Seen in the crawl, each the app name of a policy until now (the app they name is
        // what the file name gives instead).
        for (text, title) in [
            // a clause joined by 并 after 深知 (`…深知…，并会尊重…`)
            ("北京煦阳科技有限公司（下文简称“我们”和“我们的”）深知隐私对您的重要性，并会尊重您的隐私。", None),
            // common words a sentence puts where a name would be
            ("在使用当前服务前，请您仔细阅读本政策。", None),
            ("您在使用推送服务时，我们会收集设备信息。", None),
            ("十分重视您的隐私。我们会收集您的手机号。", None),
            ("在使用注销账号服务前，请您仔细阅读。", None),
            // phrases a sentence puts where a name would be
            ("我们收集您提供给我们的部分或全部信息，以及您使用网站和应用程序的数据。", None),
            ("如您需要使用涉及身份认证功能等相关服务时，您可能需要提供真实身份信息。", None),
            ("您可以使用第三方账号登录进入本软件，您此时将授权我们获取您的头像。", None),
            ("在您使用具体的技术服务时，您应通过您的账号提供您的真实身份信息。", None),
            ("具有相应业务资质及能力的第三方SDK", Some("隐私政策")),
            // the operator's own word for itself
            ("某某科技有限公司（以下简称“我司”）尊重并保护用户隐私。", Some("隐私政策")),
            ("某某科技有限公司（以下简称“我方”）作为产品的提供者。", Some("隐私政策")),
            // one char (a numbered heading's)
            ("一\n隐私协议\n一、账号信息", Some("隐私协议")),
        ] {
            assert_eq!(recognise(&normalize(text), title).app, None, "{text}");
        }
        // A word named the app by the title or a short name stays the app's, common or not.
        let r = recognise(
            &normalize("一手隐私政策\n欢迎使用一手！"),
            Some("一手隐私政策"),
        );
        assert_eq!(r.app.as_deref(), Some("一手"));
        let text = "本政策适用于由联想（北京）有限公司（以下称“我们”或“联想”）为您提供的产品。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("联想"));
        // The operator's word for itself gives way to the app the text names.
        let text =
            "财通证券隐私政策\n财通证券股份有限公司（以下简称“我司”）深知个人信息对您的重要性。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("财通证券"));
    }

    #[test]
    fn the_policys_own_heading_under_a_page_title_names_the_app() {
        let text = "\n隐私政策\n\n\n科企岛APP隐私政策\n更新日期：2021年10月28日\n科企岛（以下或称“我们”）非常注重保护用户的个人信息。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("科企岛"));
        // A short line that ends with another kind of document's name is no heading of a
        // policy (`免费注册`, a page's navigation).
        let r = recognise(&normalize("请登录\n免费注册\n我的订单\n"), None);
        assert_eq!(r.app, None);
        // The document's name run into the app's.
        let text = "隐私政策\n\n用户隐私政策云犀老黄历非常重视您的个人信息保护，并会尽全力保护您的个人信息。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("云犀老黄历"));
    }

    #[test]
    fn names_given_in_so_many_words_are_the_apps_and_its_aliases() {
        let text = "隐私政策\n欢迎使用上海某某公司开发的移动应用牛蛙圈app（以下简称“牛蛙圈”或者“我们”）。牛蛙圈深知个人信息对您的重要性。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("牛蛙圈"));
        let text = "贝克街推理学院隐私政策\n贝克街推理学院（以下简称“推理学院”）尊重并保护用户隐私。学院的会员学院学院学院。";
        let r = recognise(&normalize(text), None);
        assert_eq!(r.app.as_deref(), Some("贝克街推理学院"));
        assert!(
            r.aliases.contains(&"推理学院".to_string()),
            "{:?}",
            r.aliases
        );
        // A short name given to something else is no alias (`手机（以下简称“设备”）`).
        let text =
            "快点阅读隐私政策\n我们会从您的手机（以下简称“设备”）收集日志。设备设备设备设备。";
        let r = recognise(&normalize(text), None);
        assert_eq!(r.app.as_deref(), Some("快点阅读"));
        assert!(!r.aliases.contains(&"设备".to_string()), "{:?}", r.aliases);
    }

    #[test]
    fn an_app_is_what_a_company_runs_or_the_policy_applies_to() {
        let text = "隐私政策\n本声明仅适用于“动态壁纸精选大全”产品。合肥某某科技有限公司作为动态壁纸精选大全的运营者，深知个人信息的重要性。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("动态壁纸精选大全"));
        let text = "用户隐私协议\n希望您在使用莱特英语学习背单词及相关服务前仔细阅读本政策。";
        let r = recognise(&normalize(text), Some("用户隐私协议"));
        assert_eq!(r.app.as_deref(), Some("莱特英语学习背单词"));
        // What `使用…的服务` says is of something else: `使用我的服务`, `使用新增的平台服务`.
        let text = "隐私政策\n您使用我的服务时，以及使用新增的平台服务时，我们会收集信息。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app, None);
        // A page title's part after a colon, but not a date or the document's own words.
        assert_eq!(
            app_from_title("Xiaomi Privacy版本号:多看阅读隐私政策").as_deref(),
            Some("多看阅读")
        );
        assert_eq!(app_from_title("隐私协议发布及更新日期:2021年9月8日"), None);
    }

    #[test]
    fn a_company_titled_policy_names_the_app_the_company_runs() {
        let text = "不玩科技隐私政策\n福州不玩科技有限公司（以下简称“我们”）作为自律养成APP的运营者，深知个人信息的重要性。";
        let r = recognise(&normalize(text), Some("不玩科技隐私政策"));
        assert_eq!(r.app.as_deref(), Some("自律养成"));
        assert!(
            !r.aliases.contains(&"不玩科技".to_string()),
            "{:?}",
            r.aliases
        );
        // The app may share its name with its maker when the text names it as the app.
        let text =
            "隐私政策\n本政策仅适用于云南亿硕花卉有限责任公司的亿硕花卉小程序/app产品或服务。";
        let r = recognise(&normalize(text), Some("隐私政策"));
        assert_eq!(r.app.as_deref(), Some("亿硕花卉"));
    }

    #[test]
    fn a_company_name_starts_after_the_words_before_it() {
        // Operators read from crawl policies, each with what stood before the name.
        for (text, operator) in [
            ("欢迎您使用北京缘博网络科技有限公司的产品", "北京缘博网络科技有限公司"),
            ("感谢您信任并使用海南秒惠网络科技有限公司", "海南秒惠网络科技有限公司"),
            ("2021年8月6日丹阳乾景网络科技有限公司", "丹阳乾景网络科技有限公司"),
            ("隐私政策魏县天梭网络科技有限公司", "魏县天梭网络科技有限公司"),
            ("软件技术服务提供者浙江淘宝网络有限公司", "浙江淘宝网络有限公司"),
            ("的运营主体深圳市卓联软件有限公司", "深圳市卓联软件有限公司"),
            ("请联系郑州千回信息科技有限公司。", "郑州千回信息科技有限公司"),
            ("本协议系北京咚漫娱乐有限公司", "北京咚漫娱乐有限公司"),
            ("如深圳伍优科技有限公司", "深圳伍优科技有限公司"),
            ("(摘要)有道(广州)计算机系统有限公司", "有道(广州)计算机系统有限公司"),
            (
                "北京星潮在线文化发展有限公司以及北京新浪互联信息服务有限公司（以下简称“我们”）",
                "北京星潮在线文化发展有限公司",
            ),
            (
                "深圳市哈博森科技有限公司是依据中华人民共和国法律成立的有限责任公司（以下简称“哈博森”）",
                "深圳市哈博森科技有限公司",
            ),
            (
                "本政策适用于成都超有爱科技有限公司及其关联公司（包括但不限于成都超爱学习科技有限公司，以下合称“超有爱”）",
                "成都超有爱科技有限公司",
            ),
            ("链家网（贝壳找房（北京）科技有限公司", "贝壳找房(北京)科技有限公司"),
            // A bracket closed inside the name is part of it.
            ("“Hard”是由前海核桃创意（深圳）科技有限公司", "前海核桃创意(深圳)科技有限公司"),
            ("感谢您访问Vmuse。本政策是您与体知（上海）信息技术有限公司", "体知(上海)信息技术有限公司"),
            // The policy's "we" outweighs a company named before it; an SDK's company never
            // outweighs the operator.
            (
                "平台由北京银企融合技术开发有限公司开发，经营者为重庆鑫联随行科技有限公司（下称“我们”）",
                "重庆鑫联随行科技有限公司",
            ),
            (
                "绑定腾讯科技（深圳）有限公司提供的个人微信。法律主体，包括广州影子科技有限公司(注册地址：广州市天河区粤垦路607号1701)，以下简称“影子科技”或者“我们”",
                "广州影子科技有限公司",
            ),
            (
                "上海驰豹网络科技有限公司及其关联方、子公司、合作方（以下统称“我们”）。(2)消息推送服务供应商：由每日互动股份有限公司提供推送技术服务",
                "上海驰豹网络科技有限公司",
            ),
            (
                "本政策仅适用于沁阳市珍阅科技有限公司 （以下简称“珍阅科技”）旗下的产品。\n运营者：珍阅科技\nSDK名称快手\n机构名称北京快手广告有限公司",
                "沁阳市珍阅科技有限公司",
            ),
            (
                "上汽通用汽车有限公司、上汽通用汽车销售有限公司、泛亚汽车技术中心有限公司（以下简称“上汽通用汽车”或者“我们”）",
                "上汽通用汽车有限公司",
            ),
            // The company the app belongs to, not the one that made it.
            (
                "邢台公交APP由易通创新科技（大连）有限公司开发，软件归属为邢台市公共交通有限责任公司，办公地址为邢台市开发区",
                "邢台市公共交通有限责任公司",
            ),
            // A place inside the name, not before it.
            ("中国移动通信集团广东有限公司", "中国移动通信集团广东有限公司"),
        ] {
            let r = recognise(&normalize(text), None);
            assert_eq!(r.operator.as_deref(), Some(operator), "{text}");
        }
    }

    #[test]
    fn a_policy_naming_only_receivers_names_no_operator() {
        let text = "（1）“Bugly”，由“深圳市腾讯计算机系统有限公司”提供，用于程序崩溃信息收集（2）“友盟+”，由“友盟同欣（北京）科技有限公司”提供";
        assert_eq!(recognise(&normalize(text), None).operator, None);
    }

    #[test]
    fn operators_and_dates() {
        let r = recognise(
            &normalize("快手隐私政策\n更新⽇期：2023 年 6 ⽉ 18 ⽇\n⽣效⽇期：2023 年 6 ⽉ 25 ⽇\n快手平台服务由北京快手科技有限公司（下称“快手”）运营。"),
            Some("快手隐私政策"),
        );
        assert_eq!(r.app.as_deref(), Some("快手"));
        assert_eq!(r.operator.as_deref(), Some("北京快手科技有限公司"));
        assert_eq!(r.updated.as_deref(), Some("2023-06-18"));
        assert_eq!(r.effective.as_deref(), Some("2023-06-25"));

        let r = recognise(
            &normalize("我们（成都快购科技有限公司）是快手小店网站的运营者，"),
            None,
        );
        assert_eq!(r.operator.as_deref(), Some("成都快购科技有限公司"));
        let r = recognise(
            &normalize("本政策仅适用于重庆缘缘网络科技有限公司及其关联方作为运营者的花间产品"),
            None,
        );
        assert_eq!(r.operator.as_deref(), Some("重庆缘缘网络科技有限公司"));
        let r = recognise("欢迎您使用花间视频直播平台！更新时间：2021年11月30日", None);
        assert_eq!(r.app.as_deref(), Some("花间视频直播"));
        assert_eq!(r.updated.as_deref(), Some("2021-11-30"));
    }
}
