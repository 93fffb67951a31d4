//! What a clause says of its data: whether it uses it, what for (the purposes it states or the
//! feature its section is titled after), whether it only defines it or tells how to withdraw.
use super::*;

pub(super) use crate::extract::points_back;

/// The known purposes named in the parts of `clause` (normalized, cut at commas, semicolons
/// and colons) that open with a purpose marker (`为了…`, `以便…`, `用于…`; of one-char markers
/// only `为`): a clause's other words name features and things, not what the data is for
/// (`互动式广告服务` in an SDK's record is no 社交互动).
///
/// When no part names a known purpose, the words of the first part opening with a marker, after
/// it, are the purpose as the policy states it (比亚迪汽车's 「为了方便您与家人一起使用车辆，…您可能
/// 需要获取你的通讯录权限」 was 「政策未写明用途」; 中智万年历's 「为确保您的账户、虚拟财产及使用记录
/// 等不会丢失，您需要提供以下信息完成账号的绑定：手机号、验证码」).
pub(super) fn purposes_in_marked_parts(clause: &str, lexicon: &Lexicon) -> Vec<String> {
    let markers = crate::extract::purpose_markers();
    let mut out: Vec<String> = Vec::new();
    let mut own_words: Option<String> = None;
    let mut own_words_after_lai: Option<String> = None;
    for part in clause.split([',', '，', ';', '；', '。', ':', '：']) {
        // (A list item's number is no part of it: `2、为确保…`.)
        let part = part.trim_start();
        let part = SECTION_NUMBER.find(part).map_or(part, |m| &part[m.end()..]);
        // (And `来` right after the data, `用…来…`: 「我们使用您…提供的手机号码来识别您的身份」 —
        // not `来自`, `来源`.)
        let lai = (part.starts_with('来')
            && !part[3..].starts_with(['自', '源', '到', '看', '说']))
        .then_some(&"来");
        let Some(marker) = markers
            .iter()
            .filter(|m| (m.chars().count() >= 2 || **m == "为") && part.starts_with(*m))
            .max_by_key(|m| m.len())
            .or(lai)
        else {
            continue;
        };
        let before = out.len();
        for m in lexicon.find_purposes_outside_party_names(part) {
            let name = &lexicon.purposes()[m.purpose_index].canonical;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        // (After `为` alone the words keep it: `为您提供安全使用的偏好设置` reads as a purpose,
        // `您提供安全使用的偏好设置` does not.)
        let words = if *marker == "为" {
            part.trim()
        } else {
            part[marker.len()..].trim()
        };
        // (Not words that are the practice itself: `以便收集有关您的位置信息`.)
        let states_the_practice = ["收集", "获取", "采集", "读取"]
            .iter()
            .any(|v| words.contains(v));
        // (`为` alone opens a purpose where it opens a part: `为确保您的账户…不会丢失，您需要提供…`.)
        // (Another marker's words before `来`'s: 「…收集您的地理位置信息，来你当地平均工资水平，为基本
        // 工资预设提供依据」.)
        let slot = if *marker == "来" {
            &mut own_words_after_lai
        } else {
            &mut own_words
        };
        if out.len() == before
            && slot.is_none()
            && (4..=30).contains(&words.chars().count())
            && !states_the_practice
        {
            *slot = Some(words.to_string());
        }
    }
    if out.is_empty() {
        out.extend(own_words.or(own_words_after_lai));
    }
    out
}

/// Verbs with which a clause that names a data type uses it (a clause naming it without one —
/// a definition, a permission list's heading — says nothing of its use).
/// (`根据您…`: 数字人民币's 「我们需根据您设备的位置信息，判断您是否位于试点地区」.)
pub(super) const USE_VERBS: [&str; 14] = [
    "收集",
    // (`我们需要取得您的麦克风权限`: 腾讯日历's microphone was 「政策未提及」. Not `申请`, which
    // is as often a noun's: `售后申请凭证`.)
    "取得",
    "使用",
    "获取",
    "读取",
    "调用",
    "采集",
    "记录",
    "授权",
    "开启",
    "依赖",
    "结合",
    "基于",
    "根据您",
];

/// Words with which a clause says the user gives the app the data it names (`您需要向我们提供
/// 驾驶证影印件…`, `填写收货人姓名`) — not a bare `提供`, which is mostly the app's (`为您提供服务`).
pub(super) const PROVIDE_VERBS: [&str; 7] = [
    "向我们提供",
    "您需要提供",
    "需要您提供",
    "请您提供",
    "您需提供",
    "填写",
    "提交",
];

/// Verbs with which a clause says the app keeps the data it names (`我们将您的录音文件存放在服务器
/// 中`): a use, unless the data stays on the user's own device ([`ON_THE_DEVICE`]).
pub(super) const KEEP_VERBS: [&str; 5] = ["存储", "保存", "存放", "上传", "留存"];

/// Words of a section title under which the data a clause names is what the app collects or the
/// user gives it, verb or not (国家反诈中心's 「（b）您在使用APP提供的举报服务时主动上传的信息」 over
/// `- 短信信息`; 「我们收集哪些信息」).
pub(super) const COLLECTED_TITLE_WORDS: [&str; 7] = [
    "收集的",
    "收集哪些",
    "获取的",
    "获得的",
    "提供的",
    "上传的",
    "填写的",
];

/// Whether `block` sits under a section title saying its data is collected or given
/// ([`COLLECTED_TITLE_WORDS`], or a list of what is collected: 助销宝's 「六、收集个人信息明示清单」
/// over `个人信息字段：姓名、手机号码、身份证号码…`; not one that denies it, `我们不会收集的信息`).
pub(super) fn titled_as_collected(policy: &crate::document::Policy, block: usize) -> bool {
    policy.blocks[block].section.iter().any(|title| {
        let title = normalize(title);
        (COLLECTED_TITLE_WORDS.iter().any(|w| title.contains(w))
            || (title.contains("清单") && ["收集", "获取"].iter().any(|w| title.contains(w))))
            && !denies(&title, ActionFilter::Any)
    })
}

/// Where data kept never reaches the app (`指纹信息仅保存在您的设备本地`).
pub(super) const ON_THE_DEVICE: [&str; 7] = [
    "本地",
    "设备中",
    "设备上",
    "设备内",
    "手机中",
    "手机上",
    "终端上",
];

/// Words of a condition that refuses, withholds or withdraws (`如您拒绝提供…`, `若您不同意…`):
/// what such a condition names is what the user loses, not what the data is for.
pub(super) const REFUSING_CONDITION: [&str; 8] = [
    "拒绝",
    "不同意",
    "不提供",
    "不授权",
    "不允许",
    "关闭",
    "撤回",
    "注销",
];

/// Whether a clause (normalized) only says what the user cannot do (`无法自动升级更高版本APP，无法
/// 提交带错误信息的日志…，本软件的摄像头设备无法正常使用`, after `如果拒绝…会造成：`): what a refusal
/// costs, not a use of the data it mentions (Ta在哪儿's device information was 「used」 for it).
pub(super) fn says_what_cannot_be_done(text: &str) -> bool {
    const CANNOT: [&str; 5] = ["无法", "将无法", "可能无法", "会无法", "不能"];
    let t = text.trim_start_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_digit() || "、.．)）(（-•·".contains(c)
    });
    CANNOT.iter().any(|w| t.starts_with(w))
}

/// The feature a condition (normalized) names, without its shell: `当你需要使用地理位置功能时` →
/// `使用地理位置功能`.
pub(super) fn feature_of_condition(condition: &str) -> String {
    let mut c = condition.trim_end_matches(['，', ',']);
    // The shell, then who, then wanting, each cut once if it opens what is left.
    let openers: [&[&str]; 3] = [
        &["当", "在", "如果", "若", "如"],
        &["您", "你", "用户"],
        &["需要", "想要", "选择", "要"],
    ];
    for words in openers {
        if let Some(rest) = words.iter().find_map(|w| c.strip_prefix(w)) {
            c = rest;
        }
    }
    let ends = ["的时候", "时", "后", "期间", "过程中"];
    if let Some(rest) = ends.iter().find_map(|e| c.strip_suffix(e)) {
        c = rest;
    }
    c.to_string()
}

/// Whether a denial (normalized) denies without a way out: no exception (`除…外`, `除非`,
/// `未经…`) and no consequence of the user's refusal (`若您禁止读取，可能导致…无法获取设备信息`)
/// — one that contradicts a clause saying the app does it, where those only qualify it.
pub(super) fn denies_outright(text: &str) -> bool {
    const WAYS_OUT: [&str; 9] = [
        "除", "未经", "无法", "不能", "拒绝", "禁止", "关闭", "如果", "若",
    ];
    !WAYS_OUT.iter().any(|w| text.contains(w))
}

/// Whether a sentence (normalized) opens by setting aside what was said before it (`除此之外，
/// 我们不会…`, `除上述情形外`): a denial so opened limits the practice before it, it denies
/// nothing of that.
pub(super) fn opens_with_an_exception(text: &str) -> bool {
    const OPENERS: [&str; 5] = ["除此", "除上述", "除以上", "除前述", "此外不"];
    let t = text.trim_start_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_digit() || "、.．)）(（-•·".contains(c)
    });
    OPENERS.iter().any(|w| t.starts_with(w))
}

/// Whether a clause (normalized) says the user need not give it (掌上大学's 「如果您仅需使用浏览、
/// 搜索等基本服务，您不需要注册成为我们的会员及提供上述信息」): what can be done without the data is
/// no use of it.
pub(super) fn says_it_is_not_needed(text: &str) -> bool {
    const NOT_NEEDED: [&str; 4] = ["不需要", "无需", "不必", "不用"];
    const GIVING: [&str; 4] = ["提供", "填写", "上传", "授权"];
    text.split(['，', ',', '；', ';', '。']).any(|part| {
        NOT_NEEDED
            .iter()
            .filter_map(|w| part.find(w))
            .any(|at| GIVING.iter().any(|g| part[at..].contains(g)))
    })
}

/// Whether a clause (normalized) that names a data type says the app uses or keeps it.
pub(super) fn uses_the_data(text: &str) -> bool {
    USE_VERBS.iter().any(|v| text.contains(v))
        || PROVIDE_VERBS.iter().any(|v| text.contains(v))
        || (KEEP_VERBS.iter().any(|v| text.contains(v))
            && !ON_THE_DEVICE.iter().any(|w| text.contains(w)))
}

/// The purpose a clause (normalized) states after `用于` opening its last part (`，用于填写收件人
/// 信息`, `包括：用于…`) — not a `用于` inside a noun phrase (`用于验证的短信验证码`, which ends in
/// `的…`), nor one followed by a list (`用于：`).
pub(super) fn purpose_stated_after_yong_yu(clause: &str) -> Option<String> {
    let (at, _) = clause.rmatch_indices("用于").next()?;
    let before = clause[..at].chars().next_back()?;
    if !matches!(before, '，' | ',' | '：' | ':' | '并' | '以') {
        return None;
    }
    let phrase: String = clause[at + "用于".len()..]
        .chars()
        .take_while(|c| {
            !matches!(
                c,
                '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | ')' | '）' | '」' | '”'
            )
        })
        .collect();
    let after = clause[at + "用于".len() + phrase.len()..]
        .trim_end_matches(['。', '；', ';', ')', '）', '」', '”']);
    let phrase = phrase.trim();
    let chars = phrase.chars().count();
    // (The phrase ends the clause, or a bracket closing it: `（个人敏感信息，用于接受验证码匹配个人身份）`;
    // or what follows it only goes on about the same use, naming no one and nothing denied:
    // 易提词's `获取您的通讯录信息，用于您使用连接电脑等功能，支持备份通讯录及通话记录等信息`.)
    let rest = clause[at..].trim_end_matches(['。', '；', ';', ')', '）', '」', '”']);
    let goes_on_about_it = || {
        const NEW_STATEMENT: [&str; 9] =
            ["我们", "您", "你", "用于", "不", "但", "第三方", "：", ":"];
        after.starts_with(['，', ','])
            && !after.contains(['。', '；', ';'])
            && !NEW_STATEMENT.iter().any(|w| after.contains(w))
    };
    ((2..=30).contains(&chars)
        && !phrase.contains('的')
        && (rest.ends_with(phrase) || goes_on_about_it()))
    .then(|| phrase.to_string())
}

/// Whether a clause (normalized) only tells the user how to turn a permission off or withdraw
/// consent (`您可以在设备本身操作系统中关闭GPS地理位置、通讯录…权限改变同意范围或撤回您的授权`,
/// `如您想更改相关功能的授权范围（例如：位置、通讯录…），您可以…在我们的产品或服务中的相关功能设置界面
/// 进行操作处理`): its
/// `授权`/`开启` are the user's, and the data it names is what the permission reaches, not what
/// it is for. A clause that also says what the app does (`我们提供智能推送功能，通过该信息推荐…您可以
/// 选择开启或关闭这项服务`), or that it collects, uses or reads the data, is not one; nor, where
/// it is read, one naming a known purpose (`根据用户的位置推荐周边的技术专家…在关闭位置权限时…`).
pub(super) fn tells_how_to_withdraw(text: &str) -> bool {
    const WITHDRAW: [&str; 5] = ["关闭", "撤回", "取消授权", "撤销", "授权范围"];
    const PERMISSION_VERBS: [&str; 2] = ["授权", "开启"];
    // (`我们的产品` is where the user does it; `我们` acting is the app saying what it does.)
    let we_act = text
        .match_indices("我们")
        .any(|(i, w)| !text[i + w.len()..].starts_with('的'));
    WITHDRAW.iter().any(|w| text.contains(w))
        && !we_act
        && !USE_VERBS
            .iter()
            .filter(|v| !PERMISSION_VERBS.contains(v))
            .any(|v| text.contains(v))
        && !PROVIDE_VERBS.iter().any(|v| text.contains(v))
}

/// Whether a clause defines a term rather than states a use (`敏感个人信息：敏感个人信息是一旦
/// 泄露或者非法使用…的个人信息，包括…行踪轨迹信息`, `个人信息是指…`): the data it names are
/// examples of the term, and its verbs (非法使用) are no practice.
pub(super) fn defines(clause: &str) -> bool {
    if ["是指", "指的是", "系指"]
        .iter()
        .any(|w| clause.contains(w))
    {
        return true;
    }
    // `敏感个人信息是一旦泄露…的个人信息，包括…` (PIPL's own wording, quoted by many policies).
    let opening = clause.trim_start_matches(['“', '"', '「', '《', ' ']);
    if let Some((term, _)) = opening.split_once('是') {
        let term = term.trim_end_matches(['”', '"', '」', '》', ' ']);
        if (2..=12).contains(&term.chars().count())
            && (term.ends_with("信息") || term.ends_with("数据"))
            && !term.contains(['，', ',', '、', '的', '该', '我', '您'])
            // (Not `上述信息是为了…` nor `我们收集上述信息是为了…`: what named data is for.)
            && !["上述", "以上", "前述", "这些", "此类", "收集", "获取", "使用"]
                .iter()
                .any(|w| term.contains(w))
        {
            return true;
        }
    }
    let Some((term, rest)) = clause.split_once(['：', ':']) else {
        return false;
    };
    let term = term.trim();
    let rest = rest.trim_start();
    (1..=12).contains(&term.chars().count())
        && (term.ends_with("信息") || term.ends_with("数据"))
        && (rest.starts_with(term) || rest.starts_with('指') || rest.starts_with('是'))
}

/// What sentence `si` of `a` says its data is for: the purposes labelled in it (canonical
/// names, else its words), else the known purposes its words name, else the words of a part
/// that opens with a purpose marker ([`purposes_in_marked_parts`]), else the feature the
/// innermost section is titled after (`3.1.2 推荐附近的人`), when that title is specific.
/// Without `by_keyword`, only the labelled purposes and the marked parts' words: the known
/// purposes a clause's words happen to name and its section's title are a use only of a
/// clause that says it uses the data.
pub(super) fn uses_stated_in(
    a: &Analysed,
    si: usize,
    lexicon: &Lexicon,
    by_keyword: bool,
) -> Vec<String> {
    let sentence = a.policy.sentences[si];
    let mut names: Vec<String> = Vec::new();
    for e in a.extraction.spans.iter().filter(|e| {
        e.label == Label::Purpose
            && sentence.span.start <= e.span.start
            && e.span.end <= sentence.span.end
    }) {
        if e.purposes.is_empty() {
            names.push(a.policy.visible_text(e.span));
        } else {
            names.extend(e.purposes.iter().cloned());
        }
    }
    let text = normalize(&a.policy.visible_text(sentence.span));
    if names.is_empty() {
        // The known purposes its words name — without `by_keyword`, only those after a purpose
        // marker of two chars or more, or `为您` (com.motoband's 「通过…IMEI编号）为您对应提供广告
        // 服务」, 「…IMEI/GAID编号可能用于提供…推送服务」).
        let from = if by_keyword {
            Some(0)
        } else {
            crate::extract::purpose_markers()
                .iter()
                .filter(|m| m.chars().count() >= 2)
                .copied()
                .chain(["为您", "为你", "为用户"])
                .filter_map(|m| text.find(m).map(|at| at + m.len()))
                .min()
        };
        if let Some(from) = from {
            names.extend(
                lexicon
                    .find_purposes_outside_party_names(&text[from..])
                    .iter()
                    .map(|m| lexicon.purposes()[m.purpose_index].canonical.clone()),
            );
        }
    }
    if names.is_empty() {
        // The words of a part opening with a purpose marker (中智万年历's 「为确保您的账户、虚拟财产
        // 及使用记录等不会丢失，您需要提供以下信息完成账号的绑定：手机号、验证码」).
        names.extend(purposes_in_marked_parts(&text, lexicon));
    }
    if names.is_empty() && by_keyword {
        let leaf = a.policy.blocks[sentence.block]
            .section
            .last()
            .map(|t| SECTION_NUMBER.replace(t, "").trim().to_string())
            .unwrap_or_default();
        let chars = leaf.chars().count();
        let upper = leaf.to_ascii_uppercase();
        // A title that speaks to the reader (`（三）您可以撤回授权`, `您的权利`) names what the
        // reader may do, not a feature of the app (和路宝's location was used for 「您可以撤回授权」).
        // Nor does one naming a right (`（五）撤回同意权`, `（三）删除权`).
        let to_the_reader = leaf.starts_with(['您', '你']) || leaf.ends_with('权');
        // Nor does one naming data (盯盯's 「5. 企业管理数据」, 「4. 软件安装列表」; not `资料` or
        // `记录`, which end features too: `编辑资料`, `运动记录`).
        // Nor one that is a data type's name ending in a word of data (扫一扫's `设备ID`, a
        // table's stray line; not 百度地图's `足迹`, a feature named like data).
        let normalized_leaf = normalize(&leaf);
        let names_data = ["数据", "列表"].iter().any(|w| leaf.ends_with(w))
            || ["ID", "号", "码", "信息", "地址"]
                .iter()
                .any(|w| upper.ends_with(w))
                && lexicon
                    .find_data(&normalized_leaf)
                    .iter()
                    .any(|m| m.start == 0 && m.end == normalized_leaf.chars().count());
        // Nor does the policy's own title or the app's name (万得投顾终端's list under its title),
        // nor a title that is a sentence (猛秦's `3.1 第一类，由猛秦APP主动申请`).
        let names_the_policy = a.policy.title.as_deref() == Some(leaf.as_str())
            || a.policy.app.as_deref() == Some(leaf.as_str());
        if (2..=16).contains(&chars)
            && !to_the_reader
            && !names_data
            && !names_the_policy
            && !leaf.contains(['，', ','])
            && !GENERIC_TITLE_WORDS.iter().any(|w| upper.contains(w))
        {
            names.push(leaf);
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The known purposes a clause's words name (`normalized`; not a trigger inside a party's name),
/// else the words themselves (`words`, as the policy writes them).
pub(super) fn purposes_named_else_words(
    lexicon: &Lexicon,
    normalized: &str,
    words: String,
) -> Vec<String> {
    let named: Vec<String> = lexicon
        .find_purposes_outside_party_names(normalized)
        .iter()
        .map(|m| lexicon.purposes()[m.purpose_index].canonical.clone())
        .collect();
    if named.is_empty() {
        vec![words]
    } else {
        named
    }
}

/// The purposes the list after sentence `si` gives (`…，用于：` and its items), each with the
/// sentence of its item: the known purposes an item names, else its words — when the clause
/// leading into the list says it lists what the data is for. A list after any other lead
/// lists data, sources or permissions, and gives only the known purposes its items name
/// (国家反诈中心's 「涉嫌诈骗的手机号码、通话记录、短信…等，信息来源包括：」 over `- 短信信息`,
/// `- 位置权限`: those had become ten purposes of its SMS).
pub(super) fn uses_listed_after(
    a: &Analysed,
    si: usize,
    lexicon: &Lexicon,
) -> Vec<(usize, String)> {
    let lead = normalize(&a.policy.visible_text(a.policy.sentences[si].span));
    let lists_uses = announces_uses(&lead);
    let mut out = Vec::new();
    for (item, text) in list_after(a, si) {
        let normalized = normalize(&text);
        // (No words of its own for an item of a list that is not one of uses.)
        let words = if lists_uses { text } else { String::new() };
        out.extend(
            purposes_named_else_words(lexicon, &normalized, words)
                .into_iter()
                .filter(|n| !n.is_empty())
                .map(|n| (item, n)),
        );
    }
    out
}

/// Whether a clause (normalized) leading into a list says the list tells what the data is for:
/// its last part names a use (`我们会收集您的位置信息，用于：`, `我们会将上述信息用于以下目的：`,
/// `…用以向您推荐…：`).
pub(super) fn announces_uses(lead: &str) -> bool {
    let last_part = lead
        .trim_end()
        .trim_end_matches([':', '：'])
        .rsplit([',', '，', '。', ';', '；'])
        .next()
        .unwrap_or("");
    ["用于", "用以", "用来", "用途", "目的", "以便"]
        .iter()
        .any(|w| last_part.contains(w))
}

/// Whether sentence `text` (normalized) denies `action` ([`denies`]) of the data `named` at char
/// `at` of it: in a part of it (between commas and semicolons) that holds the data, or that
/// names no information of its own (`指纹信息仅保存在您的设备本地，我们无法获取`) — not in a
/// part denying it of another thing (国家反诈中心's 「我们收集脸部识别特征，…，第三方验证机构仅实时
/// 验证，不会保存您的个人信息」 was a denial of collecting the face).
pub(super) fn denies_what_is_named_at(
    text: &str,
    at: usize,
    named: &str,
    action: ActionFilter,
) -> bool {
    let mut start = 0;
    text.split(['，', ',', '；', ';', '。']).any(|part| {
        let (from, to) = (start, start + part.chars().count());
        start = to + 1;
        // (Named again there counts too: 信用付's 「我们需要使用您的面容ID/触控ID权限以便接收验证结果，
        // 但我们并不收集您的面容ID/触控ID信息」.)
        let holds_the_data =
            (from..to).contains(&at) || (!named.is_empty() && part.contains(named));
        denies(part, action)
            && (holds_the_data || !["信息", "数据", "资料"].iter().any(|w| part.contains(w)))
    })
}

/// The sentences stating a use of the data block `block` names with no verb of its own: its
/// table row's ([`row_cells_stating_a_use`]), else its record's ([`record_fields_stating_a_use`]).
pub(super) fn cells_stating_a_use(policy: &crate::document::Policy, block: usize) -> Vec<usize> {
    let cells = row_cells_stating_a_use(policy, block);
    if cells.is_empty() {
        record_fields_stating_a_use(policy, block)
    } else {
        cells
    }
}

/// A cell's or field's words as a use: a field's value, not its key (`收集目的：用于…`).
pub(super) fn field_value(words: String) -> String {
    match crate::receivers::field_of_line(&words) {
        Some((_, value, _)) => words
            .chars()
            .skip(value)
            .collect::<String>()
            .trim()
            .to_string(),
        None => words.trim().to_string(),
    }
}

/// The sentences stating a use of the data a record's field lists: a line `个人信息字段：姓名、
/// 手机号码…` among lines of fields (a collection list's records, 助销宝's 「1、业务场景：积分提现」 /
/// 「收集目的：用于积分换算成金额提现…」 / 「收集的方式：用户输入」 / 「个人信息字段：…」) gets the
/// purpose fields of its own record — the field lines next to it, back to the line that opens the
/// record (numbered) or to another record's data, and on to the next record.
pub(super) fn record_fields_stating_a_use(
    policy: &crate::document::Policy,
    block: usize,
) -> Vec<usize> {
    use crate::receivers::{field_of_line, Field};
    const MAX_FIELDS: usize = 8;
    let field = |b: usize| field_of_line(policy.slice(policy.blocks[b].span));
    if !matches!(field(block), Some((Field::Data, _, _))) {
        return Vec::new();
    }
    let mut purposes = Vec::new();
    // Back to the record's first line.
    for b in (block.saturating_sub(MAX_FIELDS)..block).rev() {
        match field(b) {
            None | Some((Field::Data, _, _)) => break,
            Some((f, _, numbered)) => {
                if f == Field::Purpose {
                    purposes.push(b);
                }
                if numbered {
                    break;
                }
            }
        }
    }
    // On to the next record.
    for b in block + 1..(block + 1 + MAX_FIELDS).min(policy.blocks.len()) {
        match field(b) {
            None | Some((Field::Data, _, _)) | Some((_, _, true)) => break,
            Some((f, _, false)) => {
                if f == Field::Purpose {
                    purposes.push(b);
                }
            }
        }
    }
    purposes.sort_unstable();
    sentences_of_blocks(policy, purposes)
}

/// The sentences of `blocks` (in block order), each block's found by bisection: sentences are
/// in block order.
fn sentences_of_blocks(policy: &crate::document::Policy, blocks: Vec<usize>) -> Vec<usize> {
    blocks
        .into_iter()
        .flat_map(|b| {
            let from = policy.sentences.partition_point(|s| s.block < b);
            (from..policy.sentences.len()).take_while(move |&i| policy.sentences[i].block == b)
        })
        .collect()
}

/// The sentences of the cells in `block`'s table row that say what the row's data is for:
/// cells opening with a purpose marker (`用于…`, `为了…`), or under a header naming the purpose
/// (`使用场景与目的`, `用途`) — none when `block` is no body cell.
pub(super) fn row_cells_stating_a_use(
    policy: &crate::document::Policy,
    block: usize,
) -> Vec<usize> {
    use crate::document::BlockKind;
    let BlockKind::TableCell {
        table, row, header, ..
    } = policy.blocks[block].kind
    else {
        return Vec::new();
    };
    if header {
        return Vec::new();
    }
    let purpose_columns = columns_headed_by(policy, table, &["目的", "用途"]);
    let markers = crate::extract::purpose_markers();
    let use_blocks: Vec<usize> = (0..policy.blocks.len())
        .filter(|&b| {
            b != block
                && match policy.blocks[b].kind {
                    BlockKind::TableCell {
                        table: t,
                        row: r,
                        col,
                        header: false,
                    } if t == table && r == row => {
                        let text = normalize(policy.slice(policy.blocks[b].span).trim());
                        purpose_columns.contains(&col)
                            || markers
                                .iter()
                                .any(|m| m.chars().count() >= 2 && text.starts_with(m))
                    }
                    _ => false,
                }
        })
        .collect();
    sentences_of_blocks(policy, use_blocks)
}

/// The columns of table `table` whose header cell holds one of `words`.
pub(super) fn columns_headed_by(
    policy: &crate::document::Policy,
    table: u32,
    words: &[&str],
) -> Vec<u32> {
    policy
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            crate::document::BlockKind::TableCell {
                table: t,
                col,
                header: true,
                ..
            } if t == table && words.iter().any(|w| policy.slice(b.span).contains(w)) => Some(col),
            _ => None,
        })
        .collect()
}

/// Whether `block` is a cell of a table column that answers yes or no about the row (a
/// permission table's 「是否询问」, 「用户可否关闭权限」): Feelike's 「首次点击获取位置时弹窗提示」
/// says when the app asks, not what it uses the location for.
pub(super) fn in_a_yes_no_column(policy: &crate::document::Policy, block: usize) -> bool {
    let crate::document::BlockKind::TableCell {
        table, col, header, ..
    } = policy.blocks[block].kind
    else {
        return false;
    };
    !header && columns_headed_by(policy, table, &["询问", "可否", "是否"]).contains(&col)
}

/// A section number opening a title (`3.1.2 `, `（一）`, `二、`).
pub(super) static SECTION_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(
    || {
        regex::Regex::new(
        r"^\s*(?:[0-9]+(?:[.．][0-9]+)*[.．、]?|[（(][0-9一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*",
    )
    .expect("a valid pattern")
    },
);

/// Words of section titles that name a chapter of the policy, not a feature (ASCII ones in
/// upper case: `（二）SDK` over a third party's list of what it collects is no purpose).
pub(super) const GENERIC_TITLE_WORDS: [&str; 18] = [
    "信息",
    // (甬兴证券's SDK table under 「十一、其他事宜」 and its permissions under 「九、授权说明」 gave
    // device data the uses 其他事宜 and 授权说明.)
    "其他",
    "事宜",
    "说明",
    "附表",
    "附录",
    // (公交颍州通's 「关于我们」 chapter, on the operator, gave the location the use 关于我们.)
    "关于我们",
    "收集",
    "使用",
    "共享",
    "权限",
    "政策",
    "目的",
    "如何",
    "SDK",
    "COOKIE",
    "第三方",
    // A company's name (`脸球（北京）科技有限公司` over its SDK list) names no feature.
    "公司",
];

/// Whether the party at `span` in sentence `si` of `a` is where the data comes from: `从` or
/// `来自` right before it, in a clause saying the app obtains (`获取`, `获得`, `收到`) data.
pub(super) fn is_source(a: &Analysed, si: usize, span: Span) -> bool {
    let sentence = a.policy.sentences[si].span;
    let before: String = a
        .policy
        .visible_text(Span::new(sentence.start, span.start))
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let clause = normalize(&a.policy.visible_text(sentence));
    (before.ends_with('从') || before.ends_with("来自") || before.ends_with("从该"))
        && ["获取", "获得", "收到", "接收", "取得"]
            .iter()
            .any(|w| clause.contains(w))
}

/// Whether `purpose` lies in a clause part, apart from the data item at `item`, that speaks of
/// what the operator may do later (`未来如我们拟使用…`, `如我们将…用于…`): no use it states.
pub(super) fn in_a_hypothetical_part(a: &Analysed, purpose: Span, item: Span) -> bool {
    const OPENERS: [&str; 5] = ["未来", "将来", "今后", "日后", "后续"];
    const IFS: [&str; 4] = ["如果", "假如", "如", "若"];
    const INTENDS: [&str; 4] = ["拟", "要", "计划", "将"];
    let sentence = a.policy.sentences[sentence_at(a, purpose.start)].span;
    let before = normalize(
        &a.policy
            .visible_text(Span::new(sentence.start.min(purpose.start), purpose.start)),
    );
    let breaks = ['，', '。', '；', ',', ';'];
    let part = before.rsplit(breaks).next().unwrap_or("");
    let part_start = purpose.start - part.chars().count();
    if item.start >= part_start && item.start < purpose.end {
        return false;
    }
    let p = OPENERS
        .iter()
        .find_map(|w| part.strip_prefix(w))
        .unwrap_or(part);
    IFS.iter().filter_map(|w| p.strip_prefix(w)).any(|rest| {
        ["我们", "我方", "本公司"]
            .iter()
            .filter_map(|we| rest.strip_prefix(we))
            .any(|rest| INTENDS.iter().any(|i| rest.starts_with(i)))
    })
}

/// Whether the data item at `span` is another person's: its list item, up to it, names its
/// owner (`我们也可能对您联系人的姓名和电话号码进行加密收集`, `紧急联系人的手机号`) — not an item
/// after one that does (`紧急联系人姓名及联系方式、婚姻状态` is the user's 婚姻状态).
pub(super) fn someone_elses(a: &Analysed, span: Span) -> bool {
    const OTHERS: [&str; 9] = [
        "联系人的",
        "好友的",
        "他人的",
        "朋友的",
        "家人的",
        "亲友的",
        "紧急联系人",
        // (Whom the user pays for or orders for: 掌上大学's 「您需要提供代付人的支付宝账户等第三方
        // 支付账户及/或手机号码」.)
        "代付人的",
        "订购人的",
    ];
    let sentence = a.policy.sentences[sentence_at(a, span.start)].span;
    let before = normalize(
        &a.policy
            .visible_text(Span::new(sentence.start.min(span.start), span.start)),
    );
    let part = before
        .rsplit(['，', '。', '；', '：', ',', ';', ':', '、'])
        .next()
        .unwrap_or("");
    // (Or a contact's right before it: `为通讯录中的联系人手机号进行充值`.)
    OTHERS.iter().any(|w| part.contains(w)) || part.ends_with("联系人")
}

/// Whether the user is the one a practice's handler names (`您`, `你`, `用户`).
pub(super) fn given_by_the_user(a: &Analysed, practice: &crate::extract::Practice) -> bool {
    practice.handler.is_some_and(|h| {
        let text = normalize(&a.policy.visible_text(a.extraction.spans[h].span));
        ["您", "你", "用户"].iter().any(|w| text.starts_with(w))
    })
}

/// Whether the words right before `span` make it the user's own (`您的日历`, `你的位置`).
pub(super) fn named_as_the_users(a: &Analysed, span: Span) -> bool {
    let sentence = a.policy.sentences[sentence_at(a, span.start)].span;
    let before = normalize(
        &a.policy
            .visible_text(Span::new(sentence.start.min(span.start), span.start)),
    );
    ["您的", "你的", "用户的"]
        .iter()
        .any(|w| before.ends_with(w))
}
