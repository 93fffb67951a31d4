use super::*;

/// Parse a plain question: the app (longest known name it contains), a purpose, a data type and
/// whether it asks about sharing.
pub fn parse_question(text: &str, known_apps: &[String], lexicon: &Lexicon) -> Question {
    parse(text, known_apps, lexicon, true)
}

/// [`parse_question`] for a question about policies none of whose apps it names: no words are
/// taken for an app's name.
pub(super) fn parse_question_naming_no_app(text: &str, lexicon: &Lexicon) -> Question {
    parse(text, &[], lexicon, false)
}

fn parse(text: &str, known_apps: &[String], lexicon: &Lexicon, guess_app: bool) -> Question {
    let norm = normalize(text);
    let across_apps = ACROSS_APPS.is_match(&norm);
    let mut apps: Vec<&String> = known_apps.iter().collect();
    apps.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
    // (A name inside the asked data or purpose, or made of the words every question uses, is
    // not named: an app called `信息` in `…我的位置信息…`, one called `注销账号` in
    // `咪咕怎么注销账号`.)
    let asked = asked_chars(&norm, lexicon, true);
    let named = apps
        .iter()
        .find(|a| named_outside(&norm, &normalize(a), &asked))
        .map(|a| a.to_string());
    let named = named.or_else(|| part_of_an_app_name(&norm, known_apps, lexicon));
    let app_guessed = named.is_none();
    // (Words that are all purpose or data type are what is asked about, not the app; `地图大全`
    // holds the purpose word `地图` and is an app's name.)
    let app = named
        .or_else(|| {
            guess_app.then_some(())?;
            asked_app_words(&norm)
                .filter(|w| !asked_chars(w, lexicon, false).iter().all(|asked| *asked))
        })
        .filter(|_| !across_apps);
    let app_guessed = app_guessed && app.is_some();
    // Words about the app name must not be read as a purpose or data.
    let rest = match &app {
        Some(a) => norm.replacen(&normalize(a), " ", 1),
        None => norm.clone(),
    };
    // How a reader words a purpose (`推荐`, `推广告`), else how a policy does.
    let purpose = asked_purpose(&rest)
        .or_else(|| {
            lexicon
                .find_purposes(&rest)
                .first()
                .map(|m| lexicon.purposes()[m.purpose_index].canonical.clone())
        })
        .or_else(|| purpose_after_wei_le(&rest));
    let data = lexicon
        .find_data(&rest)
        .iter()
        .map(|m| lexicon.data_types()[m.type_index].canonical.clone())
        .find(|d| !matches!(d.as_str(), "个人信息"));
    let share_words = [
        "共享",
        "分享给",
        "提供给",
        "给谁",
        "披露",
        "转让",
        "第三方",
        "哪些公司",
        "谁",
    ];
    let action = if share_words.iter().any(|w| rest.contains(w)) {
        ActionFilter::Share
    } else if [
        "收集",
        "获取",
        "采集",
        "读取",
        "需要",
        "哪些信息",
        "什么信息",
    ]
    .iter()
    .any(|w| rest.contains(w))
    {
        ActionFilter::Collect
    } else {
        ActionFilter::Any
    };
    // `注册账号要提供什么` asks what a purpose needs, not about 账号信息: a data type read
    // where the question asks what is collected gives way to the purpose.
    let data = data.filter(|_| purpose.is_none() || !ASKS_WHAT_IS_COLLECTED.is_match(&rest));
    let yes_no = is_yes_no(&norm);
    let topic = (!yes_no || rest.contains("注销"))
        .then(|| topic_of(&rest))
        .flatten();
    // `注册…要提供什么`, `转账的时候要提供什么`: asked what, about something the user does
    // (not what a purpose `为了…` needs). A purpose its words name answers first.
    let activity = (!yes_no && !rest.contains("为了"))
        .then(|| activity_of(&rest))
        .flatten();
    Question {
        // (A question about a part of the policy keeps its data words: `日志会留多久` asks
        // about the clause on logs.)
        // (Any other question keeps the words that are neither data nor purpose nor question
        // words, for when nothing else answers it: `会自动记录我什么`.)
        particulars: if topic.is_some() {
            particulars(&rest, None)
        } else {
            particulars(&rest, Some(lexicon))
        },
        activity,
        app,
        purpose,
        data,
        action,
        sensitive_only: rest.contains("敏感"),
        app_guessed,
        text: text.to_string(),
        topic: topic.map(|t| t.id.clone()),
        yes_no,
        across_apps,
    }
}

/// A purpose in the reader's own words after `为了` that no known purpose names
/// (`链家网为了找房会收集哪些信息` → 找房): answered as the policy's words are, from the clauses
/// that state it.
pub(super) fn purpose_after_wei_le(rest: &str) -> Option<String> {
    let (_, after) = rest.split_once("为了")?;
    const ENDS: [&str; 14] = [
        "会", "要", "需要", "而", "收集", "获取", "采集", "使用", "共享", "提供", "都", "时", "，",
        "？",
    ];
    let end = ENDS
        .iter()
        .filter_map(|w| after.find(w))
        .min()
        .unwrap_or(after.len());
    let mut words = after[..end].trim();
    while let Some(w) = ["给我", "帮我", "让我", "我", "您"]
        .iter()
        .find_map(|l| words.strip_prefix(l))
    {
        words = w.trim_start();
    }
    let n = words.chars().count();
    ((2..=16).contains(&n) && !words.contains(['?', '什', '哪'])).then(|| words.to_string())
}

/// `哪些应用`, `哪个 App`, `哪几款软件`: a question about every app in the library.
pub(super) static ACROSS_APPS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?:哪些|哪个|哪几个|哪几款|哪款|哪一些|有什么)\s*(?:应用|app|软件|产品|程序)",
    )
    .expect("a valid pattern")
});

/// `要提供什么`, `收集哪些`, `需要我的哪些信息`: a question asking what is collected.
pub(super) static ASKS_WHAT_IS_COLLECTED: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?:提供|收集|需要|填|交|获取|拿到|采集|要|用)(?:我|您)?(?:的)?(?:什么|哪些|啥)",
        )
        .expect("a valid pattern")
    });

/// What the user does in a question asking what is collected then: the words before `时` /
/// `的时候` / `需要` / `要` (`用 转账的时候要提供什么` → 转账, `注册 账号需要提供哪些信息` → 注册账号),
/// without the words that lead into them (`在`, `用`, `我`).
pub(super) fn activity_of(rest: &str) -> Option<String> {
    if !["什么", "哪些", "啥"].iter().any(|w| rest.contains(w)) {
        return None;
    }
    const ENDS: [&str; 8] = ["的时候", "时候", "时", "之后", "以后", "需要", "要", "得"];
    let (cut, end) = ENDS
        .iter()
        .filter_map(|w| rest.find(w).map(|i| (i, *w)))
        .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))?;
    let before = &rest[..cut];
    // (`时` ends an activity; `要` / `需要` only one that starts the question: `注册…要`.)
    if !end.contains('时') && !end.contains("后") && before.trim().is_empty() {
        return None;
    }
    const LEADS: [&str; 9] = ["我在", "我用", "我", "在", "用", "当", "使用", "把", "您"];
    let words: String = before
        .split_whitespace()
        .map(|w| {
            let mut w = w;
            while let Some(rest) = LEADS.iter().find_map(|l| w.strip_prefix(l)) {
                w = rest;
            }
            w.trim_end_matches(['的', '里'])
        })
        .collect();
    let n = words.chars().count();
    ((2..=16).contains(&n)
        && !["收集", "哪些", "什么", "会"]
            .iter()
            .any(|w| words.contains(w)))
    .then_some(words)
}

/// Words of a question that are never part of the app it asks about.
pub(super) static QUESTION_WORDS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| word_list(include_str!("../../data/ask/question_words.txt")));

/// How readers word purposes (`data/ask/question_purposes.tsv`), longest first.
pub(super) static QUESTION_PURPOSES: std::sync::LazyLock<Vec<(String, String)>> =
    std::sync::LazyLock::new(|| {
        let mut phrases: Vec<(String, String)> =
            include_str!("../../data/ask/question_purposes.tsv")
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .map(|(a, b)| (normalize(a.trim()), b.trim().to_string()))
                .collect();
        phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        phrases
    });

/// The canonical purpose a question names in a reader's words (`为了给我推荐视频` → 个性化推荐):
/// the longest phrase of `data/ask/question_purposes.tsv` it holds.
pub(super) fn asked_purpose(question: &str) -> Option<String> {
    QUESTION_PURPOSES
        .iter()
        .find(|(phrase, _)| question.contains(phrase.as_str()))
        .map(|(_, canonical)| canonical.clone())
}

/// Words of a yes/no question that say nothing about what is asked (`吗`, `我的`, `也`).
pub(super) static FILLER_WORDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    [
        "吗", "么", "我", "你", "您", "的", "了", "也", "把", "将", "会", "是", "否", "有", "没",
        "在", "和", "与", "及", "吧", "呢", "啊", "能", "还", "都", "要", "给", "拿", "用", "做",
        "根据", "通过", "进行", "按照", "以后", "之后", "时候",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect()
});

/// The policy's usual word for a word of a question (`国外` → `境外`), from
/// `data/ask/synonyms.tsv`.
pub(super) static SYNONYMS: std::sync::LazyLock<Vec<(String, String)>> =
    std::sync::LazyLock::new(|| {
        include_str!("../../data/ask/synonyms.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(a, b)| (normalize(a.trim()), normalize(b.trim())))
            .collect()
    });

/// The app a question names by part of its name (`多看` of 多看阅读, `配音鸭` of
/// 配音鸭文字转语音, `兴业银行` of 兴业银行网络金融): the longest run of the question that a
/// known name also holds, with two chars or more outside the question's words, data types and
/// purposes — of three chars or more, or two that open the question or the name.
pub(super) fn part_of_an_app_name(
    question: &str,
    known_apps: &[String],
    lexicon: &Lexicon,
) -> Option<String> {
    let q: Vec<char> = question.chars().collect();
    // Chars of the question that belong to what is asked, not to the app.
    let asked = asked_chars(question, lexicon, true);
    // The words the question calls its app by (before its verb), if it says: a run of two
    // chars that does not open the name must hold all of them that are not asked words —
    // `地图大全` is no part of 百度地图 because both hold `地图`. (Longer runs and a name's
    // opening need not: those words may go on with what is asked, `兴业手机银行开指纹登录`.)
    let called: Option<(usize, usize)> = asked_app_words(question).and_then(|w| {
        let b = question.find(&w)?;
        let start = question[..b].chars().count();
        Some((start, start + w.chars().count()))
    });
    let covers_called = |start: usize, end: usize| {
        called.is_none_or(|(cs, ce)| (cs..ce).all(|k| asked[k] || (start..end).contains(&k)))
    };
    // (length, -start, the run): the longest, then the earliest.
    let mut best: Option<(usize, std::cmp::Reverse<usize>, String)> = None;
    for name in known_apps {
        let n: Vec<char> = normalize(name).chars().collect();
        // Longest common run ending at q[i-1], n[j-1], over free question chars only.
        let mut prev = vec![0usize; n.len() + 1];
        for i in 1..=q.len() {
            let mut cur = vec![0usize; n.len() + 1];
            if q[i - 1].is_whitespace() || q[i - 1].is_ascii_punctuation() {
                prev = cur;
                continue;
            }
            for j in 1..=n.len() {
                if q[i - 1] == n[j - 1] {
                    cur[j] = prev[j - 1] + 1;
                    let len = cur[j];
                    let start = i - len;
                    let opens = start == 0 || j == len;
                    // (A run may hold a word of the question, `动态壁纸` holds 动态, as long as
                    // two of its chars are no such word and it is not inside one.)
                    let free = asked[start..i].iter().filter(|a| !**a).count();
                    if free >= 2
                        && (len >= 3 && free >= 2
                            || len == 2 && (j == len || opens && covers_called(start, i)))
                    {
                        let key = (len, std::cmp::Reverse(start));
                        if best.as_ref().is_none_or(|(l, s, _)| key > (*l, *s)) {
                            best = Some((len, key.1, q[start..i].iter().collect()));
                        }
                    }
                }
            }
            prev = cur;
        }
    }
    best.map(|(_, _, run)| run)
}

/// Which chars of `question` are a data type or a purpose the lexicon knows (and, with
/// `question_words`, the words every question uses: `会不会`, `收集`).
fn asked_chars(question: &str, lexicon: &Lexicon, question_words: bool) -> Vec<bool> {
    let q: Vec<char> = question.chars().collect();
    let mut asked = vec![false; q.len()];
    let mut block = |start: usize, end: usize| {
        for b in &mut asked[start.min(q.len())..end.min(q.len())] {
            *b = true;
        }
    };
    for m in lexicon.find_data(question) {
        block(m.start, m.end);
    }
    for m in lexicon.find_purposes(question) {
        block(m.start, m.end);
    }
    if question_words {
        for (start, end) in occurrences(&q, QUESTION_WORDS.iter()) {
            block(start, end);
        }
    }
    asked
}

/// Whether `name` occurs in `question` with a char outside the `asked` ones.
fn named_outside(question: &str, name: &str, asked: &[bool]) -> bool {
    !name.is_empty()
        && question.match_indices(name).any(|(b, _)| {
            let start = question[..b].chars().count();
            let end = start + name.chars().count();
            asked[start..end].iter().any(|a| !a)
        })
}

/// Whether a question asks yes or no: it ends in 吗/么 or asks 是否 / 会不会 / 有没有.
pub(super) fn is_yes_no(question: &str) -> bool {
    let t = question.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '?' | '？' | '。' | '!' | '！' | '.')
    });
    t.ends_with('吗')
        || t.ends_with('么') && !t.ends_with("什么")
        || ["是否", "会不会", "有没有", "能不能", "是不是"]
            .iter()
            .any(|w| t.contains(w))
}

/// The words a question calls its app by when they are no app's whole name (`推理学院` for
/// 贝克街推理学院): what precedes the question's first verb or question word. Matching them to an
/// app is left to [`AppMatch`].
pub(super) fn asked_app_words(question: &str) -> Option<String> {
    const AFTER_APP: [&str; 14] = [
        "会",
        "收集",
        "获取",
        "使用",
        "共享",
        "把",
        "将",
        "是否",
        "有没有",
        "如何",
        "怎么",
        "为了",
        "的",
        "在",
    ];
    let cut = AFTER_APP.iter().filter_map(|w| question.find(w)).min()?;
    let words =
        question[..cut].trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    let n = words.chars().count();
    ((2..=20).contains(&n) && !words.contains(['我', '你', '您'])).then(|| words.to_string())
}

/// A question's words beyond its app, data types and purposes (when given the lexicon) and
/// question words (`在后台`, `传到境外`), runs of two chars or more, with the policy's usual
/// word for some (`国外` → 境外).
pub(super) fn particulars(rest: &str, lexicon: Option<&Lexicon>) -> Vec<String> {
    let mut text = rest.to_string();
    for (from, to) in SYNONYMS.iter() {
        text = text.replace(from.as_str(), to);
    }
    let q: Vec<char> = text.chars().collect();
    let mut free = vec![true; q.len()];
    let mut block = |start: usize, end: usize| {
        for f in &mut free[start.min(q.len())..end.min(q.len())] {
            *f = false;
        }
    };
    if let Some(lexicon) = lexicon {
        for m in lexicon.find_data(&text) {
            block(m.start, m.end);
        }
        // (Not a purpose's word in a party's name: `物流公司` is asked about, not 物流配送.)
        for m in lexicon.find_purposes_outside_party_names(&text) {
            block(m.start, m.end);
        }
    }
    for (start, end) in occurrences(&q, QUESTION_WORDS.iter().chain(FILLER_WORDS.iter())) {
        block(start, end);
    }
    let mut runs = Vec::new();
    let mut run = String::new();
    for (c, f) in q.iter().zip(&free) {
        if *f && c.is_alphanumeric() {
            run.push(*c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    runs.retain(|r| r.chars().count() >= 2);
    runs
}
