//! Is this text a privacy policy?
//!
//! Real folders hold, next to privacy policies, pages a crawler saved instead: "You need to
//! enable JavaScript" stubs, error messages, navigation scraps, user agreements. [`classify`]
//! sorts them with general signals measured on the text ([`Signals`]), never with per-file
//! rules. In order:
//!
//! 1. **JavaScript stub** — a JavaScript mention ("You need to enable JavaScript",
//!    "We're sorry but … doesn't work properly without JavaScript", "请开启JavaScript",
//!    "您需要允许该网站执行 JavaScript" …) in a text with fewer than [`MIN_CJK`] CJK ideographs and
//!    hardly any privacy vocabulary. Long policies that merely carry such a banner are judged on
//!    their content.
//! 2. **Too short** — fewer than [`MIN_CJK`] CJK ideographs: a title line, a consent pop-up, a
//!    crawler error ("There are some errors when get the original page!"). Even the shortest
//!    template policies ("本应用尊重并保护所有使用服务用户的个人隐私权…") have ~500. Two
//!    exceptions: a text of at least [`MIN_ENGLISH_WORDS`] English words is judged as English
//!    (rule 5), and a short text whose first lines name a privacy policy and which uses at
//!    least [`SHORT_POLICY_KINDS`] different core privacy terms is a (minimal) policy.
//! 3. **Policy** — the text must have real privacy content (at least [`MIN_CORE_HITS`] core
//!    privacy terms, each counted at most [`CORE_TERM_CAP`] times, over [`MIN_CORE_KINDS`]
//!    different ones: 个人信息, 隐私, 敏感, 设备信息, 设备标识, 权限, 收集, 更正, 撤回, SDK,
//!    Cookie, 位置信息, 披露 …) and privacy must dominate. Dominance is measured per window of
//!    [`WINDOW_BYTES`] (~500 CJK chars): a window is *privacy* when core terms outnumber
//!    agreement terms (违约, 知识产权, 免责, 不可抗力, 赔偿, 侵权, 不得, 禁止 …, plus the text
//!    calling itself 本协议/本条款) two to one, *agreement* when agreement terms win. It is a
//!    policy when any of:
//!    - the share of privacy windows ([`Signals::privacy_share`]) reaches a minimum that
//!      depends on what the first lines call the document: [`SHARE_PRIVACY_TITLE`] for a
//!      privacy document only (隐私政策, 隐私权政策, 隐私保护指引, 隐私协议, 隐私声明,
//!      个人信息保护政策, Privacy Policy), [`SHARE_MIXED_TITLE`] for both a privacy document
//!      and an agreement ("用户协议与隐私政策"), [`SHARE_NO_TITLE`] for neither (navigation
//!      first), [`SHARE_AGREEMENT_TITLE`] for an agreement only (用户协议, 服务协议, 用户服务协议,
//!      许可协议, 服务条款, 使用条款 …);
//!    - or a run of [`FULL_POLICY_RUN`] privacy windows (~4,000 CJK chars) is uninterrupted by
//!      agreement text, or [`FULL_POLICY_CHAPTERS`] standard chapters of a Chinese policy
//!      (如何收集, 如何共享, 公开披露, 如何保护, 如何存储, 如何管理, 您的权利, 如何联系我们,
//!      如何更新 …) stand apart as real headings (a table of contents counts once): the page
//!      carries a *complete* policy, e.g. an agreement page followed by the full privacy policy,
//!      a help centre or "平台规则" page embedding it.
//! 4. Otherwise **user agreement** if the first lines name an agreement or the text calls itself
//!    本协议/本条款 at least [`AGREEMENT_SELF_REFS`] times, else **not a policy** (about pages,
//!    shops, help centres, navigation).
//! 5. **English** texts (little Chinese, many English words) are policies when they clearly are:
//!    at least [`MIN_ENGLISH_HITS`] mentions of privacy / personal information / personal data /
//!    collect / cookie / third part(y|ies) / data protection, over at least 3 of these terms. An
//!    English "Terms …" text is a user agreement, the rest is not a policy.
//!
//! **User agreements with a privacy chapter** are user agreements: one chapter on 隐私保护 makes
//! a few privacy windows among many agreement windows. They count as policies only when privacy
//! vocabulary dominates the text, or when the chapter is in fact a complete policy (rule 3).
//! Borderline by design: a document the site titles 隐私协议 (and not also an agreement) whose
//! body is mostly an agreement is accepted when it holds a real privacy part —
//! [`TITLED_PRIVACY_PART_WINDOWS`] privacy windows — so that no page an app calls its privacy
//! policy is refused for what surrounds that part.
//!
//! Measured on a real crawl of 3,497 store pages with `examples/survey_corpus.rs`: see the test
//! `corpus_survey` for the numbers it must keep.
use aho_corasick::AhoCorasick;
use serde::Serialize;
use std::fmt;
use std::sync::OnceLock;

/// The outcome of [`classify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Policy,
    NotPolicy(NotPolicyReason),
}

/// Why a text is not taken as a privacy policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NotPolicyReason {
    /// A page that only says it needs JavaScript.
    JavaScriptStub,
    /// Too little text; `chars` counts the non-whitespace characters.
    TooShort { chars: usize },
    /// A user/service/license agreement.
    UserAgreement,
    /// Navigation scraps, about pages, other pages.
    NotAPolicy,
}

impl fmt::Display for NotPolicyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotPolicyReason::JavaScriptStub => f.write_str(
                "这是需要 JavaScript 才能显示的网页，没有政策正文（请在浏览器中打开后另存全文）",
            ),
            NotPolicyReason::TooShort { chars } => {
                write!(f, "内容太短，不像一份政策（只有 {chars} 个字符）")
            }
            NotPolicyReason::UserAgreement => f.write_str("这是用户协议，不是隐私政策"),
            NotPolicyReason::NotAPolicy => f.write_str("看起来不像隐私政策"),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Policy => f.write_str("隐私政策"),
            Verdict::NotPolicy(r) => write!(f, "{r}"),
        }
    }
}

/// The title is looked for in this many first non-empty lines …
pub const TITLE_LINES: usize = 3;
/// … of which this many chars each.
pub const TITLE_LINE_CHARS: usize = 40;
/// Fewer CJK ideographs than this: too short (unless English or a minimal titled policy).
pub const MIN_CJK: usize = 300;
/// A short text titled as a privacy policy needs this many different core terms.
pub const SHORT_POLICY_KINDS: usize = 6;
/// Minimum core privacy hits (see [`Signals::core_spread`]) for a policy.
pub const MIN_CORE_HITS: usize = 15;
/// One core term counts at most this many times in [`Signals::core_spread`].
pub const CORE_TERM_CAP: usize = 10;
/// Minimum different core privacy terms for a policy.
pub const MIN_CORE_KINDS: usize = 4;
/// Share of privacy windows (see [`Signals::privacy_share`]) needed when the title names a
/// privacy document only …
pub const SHARE_PRIVACY_TITLE: f64 = 0.4;
/// … when it names both a privacy document and an agreement …
pub const SHARE_MIXED_TITLE: f64 = 0.5;
/// … when it names neither (navigation first) …
pub const SHARE_NO_TITLE: f64 = 0.6;
/// … when it names an agreement only.
pub const SHARE_AGREEMENT_TITLE: f64 = 0.6;
/// A run of this many privacy windows (~4,000 CJK chars) is a complete policy.
pub const FULL_POLICY_RUN: usize = 8;
/// Standard policy chapters that show a complete policy is in the text.
pub const FULL_POLICY_CHAPTERS: usize = 5;
/// Privacy windows that make a page titled only as a privacy document a policy, however much
/// agreement text surrounds them.
pub const TITLED_PRIVACY_PART_WINDOWS: usize = 2;
/// Chapter phrases closer than this (bytes) to the previous one are one table of contents.
pub const CHAPTER_GAP_BYTES: usize = 300;
/// Size of the windows in which privacy and agreement vocabulary are compared (bytes; ~500
/// CJK chars).
pub const WINDOW_BYTES: usize = 1500;
/// "本协议/本条款" this many times: the text is an agreement.
pub const AGREEMENT_SELF_REFS: usize = 5;
/// English words needed to judge a text with little Chinese as English.
pub const MIN_ENGLISH_WORDS: usize = 300;
/// English privacy mentions needed for an English policy.
pub const MIN_ENGLISH_HITS: usize = 20;

/// The measurements [`classify`] decides on; public for surveys and tuning.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Signals {
    /// Non-whitespace characters.
    pub chars: usize,
    /// CJK unified ideographs.
    pub cjk: usize,
    /// ASCII words of two letters or more.
    pub latin_words: usize,
    /// Occurrences of core privacy terms, and how many different ones.
    pub core_hits: usize,
    pub core_kinds: usize,
    /// Occurrences of core privacy terms, each term counted at most [`CORE_TERM_CAP`] times.
    pub core_spread: usize,
    /// Occurrences of agreement terms, and how many different ones.
    pub agreement_hits: usize,
    pub agreement_kinds: usize,
    /// "本政策/本隐私政策/本指引…" and "本协议/本条款…".
    pub self_policy: usize,
    pub self_agreement: usize,
    /// Standard policy chapters found, counting only those at least [`CHAPTER_GAP_BYTES`] apart.
    pub chapters: usize,
    /// Windows of [`WINDOW_BYTES`] where privacy vocabulary dominates / agreement vocabulary
    /// dominates.
    pub privacy_windows: usize,
    pub agreement_windows: usize,
    /// The longest run of privacy windows not interrupted by an agreement window.
    pub privacy_run: usize,
    /// The first lines name a privacy document / an agreement.
    pub title_privacy: bool,
    pub title_agreement: bool,
    /// A JavaScript phrase occurs.
    pub javascript: bool,
    /// English privacy mentions, and how many different terms.
    pub english_hits: usize,
    pub english_kinds: usize,
    /// The first non-empty lines, joined with " | " (at most 120 chars), for reports.
    pub head: String,
}

impl Signals {
    /// Privacy windows among the windows where one vocabulary dominates (0 when none does).
    pub fn privacy_share(&self) -> f64 {
        let decided = self.privacy_windows + self.agreement_windows;
        if decided == 0 {
            0.0
        } else {
            self.privacy_windows as f64 / decided as f64
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Core,
    Agreement,
    SelfPolicy,
    SelfAgreement,
    Chapter,
}

/// Core privacy vocabulary: terms a privacy policy uses over and over.
const CORE: &[&str] = &[
    "个人信息",
    "隐私",
    "敏感",
    "设备信息",
    "设备标识",
    "IMEI",
    "MAC地址",
    "Cookie",
    "SDK",
    "位置信息",
    "权限",
    "更正",
    "撤回",
    "收集",
    "匿名化",
    "去标识化",
    "披露",
    "个人资料",
    "个人数据",
    "IP地址",
    "泄露",
    "信息安全",
    "手机号",
    "通讯录",
    "相册",
    "摄像头",
    "麦克风",
    "定位",
];
/// Agreement vocabulary: terms a user agreement needs and a privacy policy rarely does.
const AGREEMENT: &[&str] = &[
    "违约",
    "知识产权",
    "免责",
    "不可抗力",
    "赔偿",
    "侵权",
    "不得",
    "禁止",
    "著作权",
    "充值",
    "服务费",
    "责任限制",
    "终止服务",
    "用户行为",
    "违反本协议",
    "封号",
];
const SELF_POLICY: &[&str] = &[
    "本政策",
    "本隐私政策",
    "本指引",
    "本声明",
    "本隐私声明",
    "本隐私协议",
    "本隐私权政策",
];
const SELF_AGREEMENT: &[&str] = &["本协议", "本条款", "本服务条款", "本规则"];
/// Standard chapter phrases of a Chinese privacy policy (GB/T 35273 template and its kin).
const CHAPTERS: &[&str] = &[
    "如何收集",
    "如何共享",
    "公开披露",
    "如何保护",
    "如何存储",
    "如何管理",
    "您的权利",
    "如何联系我们",
    "如何更新",
    "如何处理",
    "如何使用Cookie",
    "全球范围",
];
const TITLE_PRIVACY: &[&str] = &[
    "隐私",
    "个人信息保护",
    "个人信息处理",
    "私隐",
    "Privacy",
    "PRIVACY",
    "privacy",
];
const TITLE_AGREEMENT: &[&str] = &[
    "用户协议",
    "服务协议",
    "许可协议",
    "使用协议",
    "注册协议",
    "服务条款",
    "使用条款",
    "用户须知",
    "平台规则",
    "Terms",
    "TERMS",
];
const JAVASCRIPT: &[&str] = &["JavaScript", "Javascript", "javascript", "JAVASCRIPT"];
const ENGLISH: &[&str] = &[
    "privacy",
    "personal information",
    "personal data",
    "collect",
    "cookie",
    "third part",
    "data protection",
];

fn vocabulary() -> &'static (AhoCorasick, Vec<(Cat, usize)>) {
    static V: OnceLock<(AhoCorasick, Vec<(Cat, usize)>)> = OnceLock::new();
    V.get_or_init(|| {
        let mut pats = Vec::new();
        let mut meta = Vec::new();
        for (cat, list) in [
            (Cat::Core, CORE),
            (Cat::Agreement, AGREEMENT),
            (Cat::SelfPolicy, SELF_POLICY),
            (Cat::SelfAgreement, SELF_AGREEMENT),
            (Cat::Chapter, CHAPTERS),
        ] {
            for (i, p) in list.iter().enumerate() {
                pats.push(*p);
                meta.push((cat, i));
            }
        }
        (AhoCorasick::new(&pats).expect("valid patterns"), meta)
    })
}

/// Measure a text (see [`Signals`]).
pub fn signals(text: &str) -> Signals {
    let mut s = Signals::default();
    let mut word_len = 0usize;
    for c in text.chars() {
        if !c.is_whitespace() {
            s.chars += 1;
        }
        if is_cjk(c) {
            s.cjk += 1;
        }
        if c.is_ascii_alphabetic() {
            word_len += 1;
        } else {
            if word_len > 1 {
                s.latin_words += 1;
            }
            word_len = 0;
        }
    }
    if word_len > 1 {
        s.latin_words += 1;
    }

    let (ac, meta) = vocabulary();
    let mut core = [0usize; CORE.len()];
    let mut agreement = [0usize; AGREEMENT.len()];
    let mut chapter_last = [None::<usize>; CHAPTERS.len()];
    // Per window of WINDOW_BYTES: (core, agreement + self-agreement) hits.
    let mut windows = vec![(0usize, 0usize); text.len() / WINDOW_BYTES + 1];
    for m in ac.find_overlapping_iter(text) {
        let (cat, i) = meta[m.pattern().as_usize()];
        let w = &mut windows[m.start() / WINDOW_BYTES];
        match cat {
            Cat::Core => {
                core[i] += 1;
                w.0 += 1;
            }
            Cat::Agreement => {
                agreement[i] += 1;
                w.1 += 1;
            }
            Cat::SelfPolicy => s.self_policy += 1,
            Cat::SelfAgreement => {
                s.self_agreement += 1;
                w.1 += 1;
            }
            Cat::Chapter => chapter_last[i] = Some(m.start()),
        }
    }
    let mut run = 0usize;
    for &(c, a) in &windows {
        if c >= 2 && c >= 2 * a {
            s.privacy_windows += 1;
            run += 1;
            s.privacy_run = s.privacy_run.max(run);
        } else if a >= 2 && 2 * a > c {
            s.agreement_windows += 1;
            run = 0;
        }
    }
    // Chapters count only where they stand apart: a table of contents (or a sentence listing
    // them) counts once, real chapter headings are separated by their text.
    let mut last: Vec<usize> = chapter_last.iter().flatten().copied().collect();
    last.sort_unstable();
    let mut prev = None;
    for pos in last {
        if prev.is_none_or(|p| pos >= p + CHAPTER_GAP_BYTES) {
            s.chapters += 1;
            prev = Some(pos);
        }
    }
    s.core_hits = core.iter().sum();
    // Each term counts at most CORE_TERM_CAP times: a page repeating "隐私" in its menus is
    // not a policy.
    s.core_spread = core.iter().map(|&n| n.min(CORE_TERM_CAP)).sum();
    s.core_kinds = core.iter().filter(|&&n| n > 0).count();
    s.agreement_hits = agreement.iter().sum();
    s.agreement_kinds = agreement.iter().filter(|&&n| n > 0).count();

    let head = head(text, TITLE_LINES, TITLE_LINE_CHARS);
    s.title_privacy = TITLE_PRIVACY.iter().any(|p| head.contains(p));
    s.title_agreement = TITLE_AGREEMENT.iter().any(|p| head.contains(p));
    s.javascript = JAVASCRIPT.iter().any(|p| text.contains(p));
    if s.cjk < MIN_CJK && s.latin_words > 0 {
        let low = text.to_lowercase();
        for p in ENGLISH {
            let n = low.matches(p).count();
            s.english_hits += n;
            s.english_kinds += usize::from(n > 0);
        }
    }
    s.head = head.chars().take(120).collect();
    s
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The first `lines` non-empty lines, each cut to `per_line` chars, joined by " | ". Long first
/// lines are paragraphs, whose first words still name the document ("本《隐私政策》…").
fn head(text: &str, lines: usize, per_line: usize) -> String {
    let mut out = String::new();
    for l in text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
        .filter(|l| !l.is_empty())
        .take(lines)
    {
        if !out.is_empty() {
            out.push_str(" | ");
        }
        out.extend(l.chars().take(per_line));
    }
    out
}

/// Decide whether `text` is a privacy policy (see the module documentation for the rules).
pub fn classify(text: &str) -> Verdict {
    decide(&signals(text))
}

/// The decision on already measured signals.
pub fn decide(s: &Signals) -> Verdict {
    use NotPolicyReason::*;
    let not = Verdict::NotPolicy;

    if s.javascript && s.cjk < MIN_CJK && s.core_kinds < 3 {
        return not(JavaScriptStub);
    }
    if s.cjk < MIN_CJK {
        if s.latin_words >= MIN_ENGLISH_WORDS {
            return english(s);
        }
        if s.title_privacy
            && !s.title_agreement
            && s.cjk >= MIN_CJK / 3
            && s.core_kinds >= SHORT_POLICY_KINDS
        {
            return Verdict::Policy;
        }
        return not(TooShort { chars: s.chars });
    }

    let share_min = match (s.title_privacy, s.title_agreement) {
        (true, false) => SHARE_PRIVACY_TITLE,
        (true, true) => SHARE_MIXED_TITLE,
        (false, false) => SHARE_NO_TITLE,
        (false, true) => SHARE_AGREEMENT_TITLE,
    };
    let has_privacy = s.core_spread >= MIN_CORE_HITS && s.core_kinds >= MIN_CORE_KINDS;
    // A page the site titles as a privacy document alone, holding a real privacy part (two
    // windows, ~1,000 CJK chars) among agreement text, is what the app calls its privacy
    // policy: a reader who saved it wants its privacy part read, not refused.
    let titled_privacy_part =
        s.title_privacy && !s.title_agreement && s.privacy_windows >= TITLED_PRIVACY_PART_WINDOWS;
    if has_privacy
        && (s.privacy_share() >= share_min
            || s.privacy_run >= FULL_POLICY_RUN
            || s.chapters >= FULL_POLICY_CHAPTERS
            || titled_privacy_part)
    {
        return Verdict::Policy;
    }
    if s.title_agreement || s.self_agreement >= AGREEMENT_SELF_REFS {
        return not(UserAgreement);
    }
    not(NotAPolicy)
}

fn english(s: &Signals) -> Verdict {
    if s.english_hits >= MIN_ENGLISH_HITS && s.english_kinds >= 3 {
        Verdict::Policy
    } else if s.title_agreement {
        Verdict::NotPolicy(NotPolicyReason::UserAgreement)
    } else {
        Verdict::NotPolicy(NotPolicyReason::NotAPolicy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NotPolicyReason::*;

    /// A small but complete policy in the usual Chinese template (~900 CJK chars).
    fn policy_text() -> String {
        let mut t = String::from("示例App隐私政策\n更新日期：2022年1月1日\n");
        t.push_str("示例科技有限公司（以下简称“我们”）深知个人信息对您的重要性，并会尽全力保护您的个人信息安全可靠。本政策将帮助您了解我们如何收集、使用、存储和共享您的个人信息，以及您享有的权利。\n");
        let chapters = [
            ("一、我们如何收集和使用您的个人信息", "在您注册账号时，我们会收集您的手机号，用于身份验证。为保障服务安全，我们会收集您的设备信息，包括设备标识、IMEI、MAC地址、IP地址。我们接入的第三方SDK会收集您的位置信息，您可以在系统设置中关闭定位权限。"),
            ("二、我们如何使用Cookie和同类技术", "我们使用Cookie记住您的偏好，您可以在浏览器中清除Cookie。我们不会将Cookie用于本政策所述目的以外的用途。"),
            ("三、我们如何共享、转让、公开披露您的个人信息", "未经您的同意，我们不会与第三方共享您的个人信息。我们不会公开披露您的个人信息，除非获得您的单独同意。对于敏感个人信息，我们会去标识化或匿名化处理。"),
            ("四、我们如何保护和存储您的个人信息", "我们采用加密技术保护您的个人信息，防止个人信息泄露。您的个人信息存储于中华人民共和国境内，存储期限为实现目的所必需的最短时间。"),
            ("五、您如何管理您的个人信息", "您可以访问、更正、删除您的个人信息，也可以撤回授权同意或注销账号。我们将在十五日内响应您的请求。"),
            ("六、我们如何处理儿童的个人信息", "我们的产品主要面向成人。如果没有监护人的同意，儿童不应创建账号。我们只会在法律允许的情况下收集儿童的个人信息。"),
            ("七、本政策如何更新", "我们可能适时修订本政策的条款。对于重大变更，我们会以弹窗形式通知您并征得您的同意。"),
            ("八、如何联系我们", "如您对本政策有任何疑问，请通过客服邮箱与我们联系，我们将在十五日内回复。"),
        ];
        for (h, body) in chapters {
            t.push_str(h);
            t.push('\n');
            t.push_str(body);
            t.push('\n');
        }
        t
    }

    /// A user agreement (~1,000 CJK chars) with one short privacy chapter.
    fn agreement_text() -> String {
        let mut t = String::from("示例用户服务协议\n");
        t.push_str("欢迎您使用示例服务！本协议是您与示例科技有限公司之间关于使用示例服务所订立的协议。请您务必审慎阅读、充分理解各条款内容，特别是免除或者限制责任的条款。\n");
        let clause = "一、账号注册与使用：您应当妥善保管账号，不得转让、出租或出借账号。二、用户行为规范：您不得利用本服务发布违法信息，不得侵犯他人的知识产权、著作权，不得从事任何违反本协议的行为，否则我们有权封号并终止服务。三、知识产权：本服务中的全部内容的知识产权归我们所有，未经许可不得复制。四、免责声明：因不可抗力导致服务中断的，我们不承担责任。五、违约责任：您违反本协议给我们造成损失的，应当承担赔偿责任。六、充值与服务费：付费服务一经购买不予退还。\n";
        for _ in 0..3 {
            t.push_str(clause);
        }
        t.push_str("七、隐私保护：我们重视您的隐私，会依照《隐私政策》收集和使用您的个人信息。\n");
        t.push_str("八、法律适用与争议解决：本协议的订立、执行和解释均适用中华人民共和国法律，争议提交我们所在地法院管辖。\n");
        t
    }

    #[test]
    fn policy_is_policy() {
        let t = policy_text();
        let s = signals(&t);
        assert!(s.cjk >= MIN_CJK, "test text too short: {}", s.cjk);
        assert!(s.title_privacy && !s.title_agreement);
        assert_eq!(classify(&t), Verdict::Policy, "{s:?}");
    }

    #[test]
    fn javascript_stubs() {
        for t in [
            "You need to enable JavaScript to run this app.",
            "鱼泡网You need to enable JavaScript to run this app.",
            "We're sorry but hello-world doesn't work properly without JavaScript enabled. Please enable it to continue.",
            "今日头条\n您需要允许该网站执行 JavaScript",
            "您的浏览器不支持JavaScript，请开启JavaScript后刷新页面",
        ] {
            assert_eq!(classify(t), Verdict::NotPolicy(JavaScriptStub), "{t}");
        }
        // A real policy behind a JavaScript banner is judged on its content.
        let t = format!(
            "You need to enable JavaScript to run this app.\n{}",
            policy_text()
        );
        assert_eq!(classify(&t), Verdict::Policy);
    }

    #[test]
    fn too_short() {
        assert_eq!(
            classify("隐私政策\n"),
            Verdict::NotPolicy(TooShort { chars: 4 })
        );
        assert!(matches!(
            classify("There are some errors when get the original page!"),
            Verdict::NotPolicy(TooShort { .. })
        ));
        // A consent pop-up naming both documents.
        let popup = "《用户协议及隐私政策》\n欢迎使用本应用！请您务必审慎阅读、充分理解《用户协议》和《隐私政策》各条款，点击“同意”即表示您已阅读并同意。";
        assert!(matches!(
            classify(popup),
            Verdict::NotPolicy(TooShort { .. })
        ));
        // Half of a real policy is still too short when it has almost no privacy terms.
        let cut: String = policy_text().chars().take(60).collect();
        assert!(matches!(
            classify(&cut),
            Verdict::NotPolicy(TooShort { .. })
        ));
    }

    #[test]
    fn minimal_titled_policy_is_accepted() {
        let t = "小工具隐私政策\n本应用不会收集您的个人信息。本应用需要存储权限用于保存图片，需要相机权限用于拍照。本应用接入的广告SDK可能收集设备信息（如设备标识、IMEI）和位置信息，详见其隐私政策。您可以随时在系统设置中撤回授权。如有疑问请通过邮箱联系我们，我们会在十五日内回复。我们不会向任何第三方出售您的信息。";
        let s = signals(t);
        assert!(s.cjk < MIN_CJK && s.cjk >= MIN_CJK / 3, "{}", s.cjk);
        assert_eq!(classify(t), Verdict::Policy, "{s:?}");
    }

    #[test]
    fn user_agreement_with_privacy_chapter() {
        let t = agreement_text();
        assert_eq!(
            classify(&t),
            Verdict::NotPolicy(UserAgreement),
            "{:?}",
            signals(&t)
        );
        // Titled as a privacy document, the body still decides.
        let t2 = t.replacen("示例用户服务协议", "示例隐私协议", 1);
        assert_eq!(classify(&t2), Verdict::NotPolicy(UserAgreement));
    }

    #[test]
    fn page_titled_privacy_policy_with_a_privacy_part_inside_an_agreement_is_a_policy() {
        // (快画's 「隐私政策」 page: a user agreement holding a long privacy chapter.)
        let privacy_part: String = policy_text()
            .lines()
            .skip(2)
            .filter(|l| !l.contains('、') || l.chars().count() > 30)
            .collect::<Vec<_>>()
            .join("\n");
        let body = agreement_text().replacen("示例用户服务协议\n", "", 1);
        let t = format!("示例隐私政策\n{body}{privacy_part}\n{privacy_part}\n{body}{body}");
        let s = signals(&t);
        assert!(s.privacy_windows >= TITLED_PRIVACY_PART_WINDOWS, "{s:?}");
        assert!(s.privacy_share() < SHARE_PRIVACY_TITLE && s.chapters < FULL_POLICY_CHAPTERS);
        assert_eq!(classify(&t), Verdict::Policy, "{s:?}");
        // Titled as an agreement too, it stays one.
        let both = t.replacen("示例隐私政策", "示例用户协议及隐私政策", 1);
        assert_eq!(
            classify(&both),
            Verdict::NotPolicy(UserAgreement),
            "{:?}",
            signals(&both)
        );
    }

    #[test]
    fn agreement_followed_by_complete_policy_is_policy() {
        let t = format!(
            "示例用户协议与隐私政策\n{}{}",
            agreement_text(),
            policy_text().repeat(4)
        );
        assert_eq!(classify(&t), Verdict::Policy, "{:?}", signals(&t));
    }

    #[test]
    fn other_pages_are_not_policies() {
        let about = "关于我们\n首页 | 新闻动态 | 联系我们\n示例科技有限公司成立于二零一五年，总部位于杭州，是一家专注于智能家居的高新技术企业。公司拥有研发人员三百余名，产品远销欧美等三十多个国家和地区。我们秉承客户至上、创新驱动的理念，为全球用户提供优质的产品和服务。\n".repeat(4);
        let s = signals(&about);
        assert!(s.cjk >= MIN_CJK);
        assert_eq!(classify(&about), Verdict::NotPolicy(NotAPolicy));
    }

    #[test]
    fn english_texts() {
        let policy = "Example Privacy Policy\nThis privacy policy explains how we collect, use and share your personal information. We collect personal data such as your email address and device identifiers. We use cookies to remember your preferences. We may share personal information with third parties that provide services to us. You may request access to or deletion of your personal data. Contact us with questions about this privacy policy.\n".repeat(6);
        assert_eq!(classify(&policy), Verdict::Policy, "{:?}", signals(&policy));
        let terms = "Terms of Service\nBy using the service you agree to these terms. You must not misuse the service or infringe the intellectual property of others. We may suspend your account if you violate these terms. The service is provided as is without warranty. These terms are governed by the laws of the State of California.\n".repeat(8);
        assert_eq!(classify(&terms), Verdict::NotPolicy(UserAgreement));
        let other = "Release notes\nVersion two brings a new editor, faster sync and many bug fixes. The toolbar can now be customised and the dark theme follows the system setting. Thanks to everyone who reported issues on the forum.\n".repeat(12);
        assert_eq!(classify(&other), Verdict::NotPolicy(NotAPolicy));
    }

    #[test]
    fn messages() {
        assert_eq!(
            JavaScriptStub.to_string(),
            "这是需要 JavaScript 才能显示的网页，没有政策正文（请在浏览器中打开后另存全文）"
        );
        assert_eq!(
            TooShort { chars: 123 }.to_string(),
            "内容太短，不像一份政策（只有 123 个字符）"
        );
        assert_eq!(UserAgreement.to_string(), "这是用户协议，不是隐私政策");
        assert_eq!(NotAPolicy.to_string(), "看起来不像隐私政策");
        assert_eq!(Verdict::Policy.to_string(), "隐私政策");
        assert_eq!(
            serde_json::to_string(&Verdict::NotPolicy(TooShort { chars: 5 })).unwrap(),
            r#"{"NotPolicy":{"TooShort":{"chars":5}}}"#
        );
    }

    #[test]
    fn table_of_contents_counts_once() {
        let toc = "本政策将帮助您了解以下内容：一、我们如何收集和使用您的个人信息 二、我们如何共享、转让、公开披露您的个人信息 三、我们如何保护您的个人信息 四、您的权利 五、本政策如何更新 六、如何联系我们";
        assert_eq!(signals(toc).chapters, 1);
        assert!(signals(&policy_text()).chapters >= FULL_POLICY_CHAPTERS);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            " ",
            "\u{FEFF}",
            "\u{FFFD}\u{FFFD}",
            "隐",
            "a\0b",
            "\r\n\r\n",
        ] {
            let _ = classify(t);
        }
    }

    /// The real crawl (see `/work/shared/corpus/appch/README.md`); skipped when absent.
    #[test]
    fn corpus_survey() {
        use crate::decode::{decode, DecodeProblem};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/appch");
        if !root.is_dir() {
            eprintln!("corpus_survey: {} absent, skipped", root.display());
            return;
        }
        let (mut files, mut zero_bytes, mut blank_byte) = (0, 0, 0);
        let (mut empty, mut binary, mut undecodable) = (0, 0, 0);
        let (mut gb18030, mut policy, mut js, mut short, mut agreement, mut other) =
            (0, 0, 0, 0, 0, 0);
        for sub in ["360", "mi"] {
            let Ok(rd) = std::fs::read_dir(root.join(sub)) else {
                continue;
            };
            for e in rd.flatten() {
                let bytes = std::fs::read(e.path()).unwrap();
                files += 1;
                zero_bytes += usize::from(bytes.is_empty());
                blank_byte += usize::from(bytes.len() == 1 && bytes[0].is_ascii_whitespace());
                match decode(&bytes) {
                    Err(DecodeProblem::Empty) => empty += 1,
                    Err(DecodeProblem::Binary { .. }) => binary += 1,
                    Err(DecodeProblem::Undecodable { .. }) => undecodable += 1,
                    Ok(d) => {
                        gb18030 += usize::from(d.encoding == "GB18030");
                        match classify(&d.text) {
                            Verdict::Policy => policy += 1,
                            Verdict::NotPolicy(JavaScriptStub) => js += 1,
                            Verdict::NotPolicy(TooShort { .. }) => short += 1,
                            Verdict::NotPolicy(UserAgreement) => agreement += 1,
                            Verdict::NotPolicy(NotAPolicy) => other += 1,
                        }
                    }
                }
            }
        }
        eprintln!(
            "corpus_survey: {files} files: {zero_bytes} zero-byte, {empty} empty, {binary} binary, \
             {undecodable} undecodable, {gb18030} GB18030; {policy} policies, {js} JavaScript \
             stubs, {short} too short, {agreement} user agreements, {other} other"
        );
        assert_eq!(files, 3497);
        // The README's "72 empty" are 71 zero-byte files and one holding a lone newline;
        // `Empty` also covers files of whitespace or invisible characters only.
        assert_eq!((zero_bytes, blank_byte), (71, 1));
        assert!((72..=150).contains(&empty), "empty {empty}");
        assert!((900..=1200).contains(&gb18030), "GB18030 {gb18030}");
        assert!((1800..=2300).contains(&policy), "policies {policy}");
        assert!((150..=250).contains(&js), "JavaScript stubs {js}");
        assert!((900..=1200).contains(&short), "too short {short}");
        assert!(
            (20..=100).contains(&agreement),
            "user agreements {agreement}"
        );
        assert!(other <= 50, "other {other}");
        assert!(
            binary + undecodable <= 120,
            "refused {binary} + {undecodable}"
        );
    }
}
