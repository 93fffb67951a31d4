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
}

static COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}A-Za-z0-9()（）]{2,40}?(?:股份有限公司|有限责任公司|有限公司|集团公司)")
        .unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(更新|修订|修改|发布|版本|生效|实施|施行|起效)\s*(?:日期|时间|于)?\s*(?:为|是)?\s*[:：]?\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})",
    )
    .unwrap()
});
static DATE_THEN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(更新|修订|发布|生效|起生效|起施行|实施)")
        .unwrap()
});
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
        generic: Vec::new(),
    };
    for line in APP_NAMES_TSV.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (label, phrase) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("data/meta/app_names.tsv: `{line}` needs label<TAB>phrase"));
        let phrase = phrase.trim().to_ascii_lowercase();
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
    let mut app = title.as_deref().and_then(app_from_title);
    if app.is_none() {
        app = app_from_text(&head);
    }
    let operator = operator_from_text(&head);
    let (mut updated, mut effective) = (None, None);
    for c in DATE.captures_iter(&head) {
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
    // A part that names a document: the app is what precedes the document's name.
    for part in &parts {
        if let Some(name) = app_before_document(part) {
            return Some(name);
        }
    }
    // A web page title's other part (`隐私 -- 掌贝科技`): the site's name.
    if parts.len() > 1 {
        return parts
            .iter()
            .filter(|p| strip_trailing_words(p).len() == p.len())
            .find_map(|p| app_name(p));
    }
    None
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
    let name = candidate
        .trim_matches(|c: char| c.is_whitespace() || "《》<>“”\"【】:：,，。-_|".contains(c))
        .trim_end_matches(['(', '（']);
    let n = name.chars().count();
    let lower = name.to_ascii_lowercase();
    // `V1.0`: the document's version, not a name.
    let version = lower
        .trim_start_matches('v')
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    ((1..=20).contains(&n)
        && !version
        && !APP_NAME_WORDS
            .not_in_name
            .iter()
            .any(|w| lower.contains(w.as_str()))
        && !APP_NAME_WORDS
            .not_first
            .iter()
            .any(|w| lower.starts_with(w.as_str()))
        && name.chars().any(char::is_alphabetic)
        && !APP_NAME_WORDS.generic.contains(&lower))
    .then(|| name.to_string())
}

static WELCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:欢迎(?:您)?使用|感谢您(?:选择|使用))\s*[“《]?([\p{Han}A-Za-z0-9]{2,16}?)[”》]?(?:平台服务|平台|产品|服务|软件|客户端|APP|App|！|!|，|,|。|及|的)").unwrap()
});
static TITLE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《([\p{Han}A-Za-z0-9]{1,16}?)(?:隐私政策|隐私权政策|隐私保护政策|隐私保护指引)》")
        .unwrap()
});

fn app_from_text(head: &str) -> Option<String> {
    if let Some(name) = TITLE_IN_TEXT
        .captures(head)
        .and_then(|c| app_name(&strip_trailing_words(&c[1])))
    {
        return Some(name);
    }
    WELCOME.captures(head).and_then(|c| app_name(&c[1]))
}

/// The company that runs the app: the one named next to 运营 / 运营者 / 由, else the first named.
fn operator_from_text(head: &str) -> Option<String> {
    let companies: Vec<(usize, usize, String)> = COMPANY
        .find_iter(head)
        .map(|m| (m.start(), m.end(), trim_company(m.as_str())))
        .filter(|(_, _, c)| c.chars().count() >= 6)
        .collect();
    let near_operating = companies.iter().find(|(s, e, _)| {
        let before = &head[head.floor_char_boundary(s.saturating_sub(12))..*s];
        let after = &head[*e..head.ceil_char_boundary((*e + 60).min(head.len()))];
        before.ends_with('由') || after.contains("运营") || before.contains("运营")
    });
    near_operating
        .or(companies.first())
        .map(|(_, _, c)| c.clone())
}

/// Cut words that precede a company name inside a greedy match (`适用于重庆…公司` → `重庆…公司`).
fn trim_company(m: &str) -> String {
    let m = m.trim_start_matches(['(', ')', '（', '）']);
    let cut = m
        .char_indices()
        .filter(|(_, c)| "由于是为与和及即指在向从被把将对及或(（".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
        .rfind(|&i| m[i..].chars().count() >= 6)
        .unwrap_or(0);
    let name = &m[cut..];
    // A bracket left open by the cut (`快手（北京）…` keeps its pair).
    if (name.contains(')') && !name.contains('(')) || (name.contains('）') && !name.contains('（'))
    {
        if let Some((i, c)) = name.char_indices().find(|(_, c)| *c == ')' || *c == '）') {
            return name[i + c.len_utf8()..].to_string();
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn apps_from_titles() {
        assert_eq!(app_from_title("快手隐私政策").as_deref(), Some("快手"));
        assert_eq!(
            app_from_title("快手小店商家隐私政策").as_deref(),
            Some("快手小店")
        );
        assert_eq!(app_from_title("《抖音隐私政策》").as_deref(), Some("抖音"));
        assert_eq!(app_from_title("隐私政策"), None);
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
