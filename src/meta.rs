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
/// Suffixes a title adds to the app name.
const TITLE_SUFFIXES: &[&str] = &[
    "个人信息保护政策",
    "隐私权保护政策",
    "隐私保护政策",
    "隐私权政策",
    "隐私保护指引",
    "隐私保护协议",
    "隐私保护声明",
    "隐私政策",
    "隐私协议",
    "隐私声明",
    "隐私条款",
    "隐私指引",
    "用户隐私",
    "商家",
    "用户",
    "平台",
    "APP",
    "App",
    "app",
    "客户端",
    "的",
];

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

/// `快手隐私政策` → `快手`; `快手小店商家隐私政策` → `快手小店`. A bare `隐私政策` names no app.
pub fn app_from_title(title: &str) -> Option<String> {
    let mut t: String = title
        .chars()
        .filter(|c| !c.is_whitespace() && !"《》“”\"【】".contains(*c))
        .collect();
    loop {
        let before = t.clone();
        for s in TITLE_SUFFIXES {
            if let Some(stripped) = t.strip_suffix(s) {
                t = stripped.to_string();
            }
        }
        if t == before {
            break;
        }
    }
    let n = t.chars().count();
    ((1..=20).contains(&n) && !t.contains("本")).then_some(t)
}

static WELCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:欢迎(?:您)?使用|感谢您(?:选择|使用))\s*[“《]?([\p{Han}A-Za-z0-9]{2,16}?)[”》]?(?:平台服务|平台|产品|服务|软件|客户端|APP|App|！|!|，|,|。|及|的)").unwrap()
});
static TITLE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《([\p{Han}A-Za-z0-9]{1,16}?)(?:隐私政策|隐私权政策|隐私保护政策|隐私保护指引)》")
        .unwrap()
});

fn app_from_text(head: &str) -> Option<String> {
    if let Some(c) = TITLE_IN_TEXT.captures(head) {
        return app_from_title(&c[1]).or_else(|| Some(c[1].to_string()));
    }
    WELCOME.captures(head).map(|c| c[1].to_string())
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
