use super::*;

/// The longest name a record may have (chars): names are a product's or a company's.
pub(super) const MAX_NAME: usize = 40;

/// Whether `start..end` can name a receiver: short, not a sentence, not a link, not a heading.
pub(super) fn is_name(chars: &[char], start: usize, end: usize) -> bool {
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
    // a name with nothing left once the generic words are gone (`SDK服务`, `SDK隐私` of a line
    // `SDK隐私链接：…`).
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
    let specific = [
        "第三方",
        "SDK",
        "sdk",
        "服务",
        "合作方",
        "平台",
        "隐私权",
        "隐私",
        " ",
    ]
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
pub(super) fn starts_with_number(t: &str) -> bool {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && (digits < 3 || t.chars().nth(digits).is_none_or(|c| !c.is_alphanumeric()))
}

/// The runs of text of `a..b` set apart by whitespace: a line's words, or its cells in a table
/// whose columns are set apart by spaces.
pub(super) fn words_of(chars: &[char], (a, b): (usize, usize)) -> Vec<(usize, usize)> {
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
pub(super) fn is_cell(chars: &[char], (a, b): (usize, usize)) -> bool {
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
pub(super) fn is_link_cell(chars: &[char], (a, b): (usize, usize)) -> bool {
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
pub(super) fn starts_with_key(chars: &[char], a: usize, b: usize) -> bool {
    let t: String = crate::normalize::normalize(&chars[a..b].iter().collect::<String>());
    keys()
        .matcher
        .find(&t)
        .is_some_and(|m| m.start() == 0 && t[m.end()..].trim_start().starts_with(['：', ':']))
}

/// Whether a line names an SDK: the lexicon knows it, or it says `SDK`.
pub(super) fn names_sdk(chars: &[char], (a, b): (usize, usize)) -> bool {
    let t: String = chars[a..b].iter().collect();
    t.to_ascii_lowercase().contains("sdk")
        || !Lexicon::builtin()
            .find_sdks(&crate::normalize::normalize(&t))
            .is_empty()
}

/// Whether a line's content fits a column (`field`, named `key` in the header).
pub(super) fn fits(chars: &[char], a: usize, b: usize, field: Field, key: &str) -> bool {
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
pub(super) fn items(chars: &[char], start: usize, end: usize) -> Vec<Quote> {
    // `主要包括：日志信息、…`: the words before the colon introduce the items.
    let start = lead_in_end(chars, start, end).unwrap_or(start);
    let mut out = Vec::new();
    let one_item_a_line = is_one_item_a_line(chars, start, end);
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
            '、' | '，' | ',' | '；' | ';' | '。' | '\n'
                if depth == 0 && !explaining && (c != '\n' || one_item_a_line) =>
            {
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

/// Whether `start..end` is a cell saved one item a line (`IP地址` / `设备类型` / …): lines
/// set apart by nothing else, each closing every bracket it opens, two or more naming a data
/// type. Otherwise a line break inside a cell is a line wrapped mid-item (`操作系⏎统版本`,
/// `Mac⏎地址`, `您在⏎App⏎上传的图片…`), and items are set apart by `、` as in running text.
fn is_one_item_a_line(chars: &[char], start: usize, end: usize) -> bool {
    let cell = &chars[start..end];
    if !cell.contains(&'\n') {
        return false;
    }
    let mut naming_data = 0;
    for line in cell.split(|&c| c == '\n') {
        let mut depth = 0i32;
        for &c in line {
            match c {
                '（' | '(' | '【' | '[' => depth += 1,
                '）' | ')' | '】' | ']' => depth -= 1,
                '、' | '，' | ',' | '；' | ';' | '。' | '：' | ':' if depth == 0 => {
                    return false
                }
                _ => {}
            }
            if depth < 0 {
                return false;
            }
        }
        if depth != 0 {
            return false;
        }
        let text: String = line.iter().collect();
        if !Lexicon::builtin()
            .find_data(&crate::normalize::normalize(&text))
            .is_empty()
        {
            naming_data += 1;
        }
    }
    naming_data >= 2
}

/// Whether the part from `from` (to the next `；`, `。`, `：` or `end`, outside brackets) is a
/// list of items rather than what an item is for: two or more parts set apart by `、`, and none
/// of the words that say what for (`用于`, `以便` …).
pub(super) fn lists_items(chars: &[char], from: usize, end: usize) -> bool {
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
pub(super) fn lead_in_end(chars: &[char], start: usize, end: usize) -> Option<usize> {
    let (a, _) = trim(chars, start, end);
    let colon = (a..end.min(a + 6)).find(|&i| matches!(chars[i], '：' | ':'))?;
    let words: String = chars[a..colon].iter().collect();
    ["主要包括", "包括", "包含", "如", "例如", "具体包括", "含"]
        .contains(&words.trim())
        .then_some(colon + 1)
}

/// Whether the part from `from` (to the next `；`, `。` or `end`, outside brackets) is
/// `item：…`.
pub(super) fn names_an_item(chars: &[char], from: usize, end: usize) -> bool {
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
pub(super) fn says_none(chars: &[char], a: usize, b: usize) -> bool {
    let t: String = chars[a..b].iter().collect();
    matches!(
        t.as_str(),
        "无" | "暂无" | "不涉及" | "否" | "/" | "-" | "—" | "N/A" | "无需"
    )
}

/// Whether the colon at `i` is a URL's (`https://`).
pub(super) fn is_url_colon(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/')
}

/// An item without the words around it that are not data (`您的`, `以及`, trailing `等`).
pub(super) fn trim_item(chars: &[char], start: usize, end: usize) -> (usize, usize) {
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

pub(super) fn quote(chars: &[char], start: usize, end: usize) -> Quote {
    Quote {
        text: chars[start..end].iter().collect(),
        span: Span { start, end },
    }
}

/// Where a name ends before what a list appends to it: package or host names (below) and a
/// remark in brackets that is a clause of its own (`支付宝支付SDK(安卓版本使用，ios版本未接入使用)`,
/// which `is_name` refuses for its comma). A bracket holding a company or an alias
/// (`友盟同欣（北京）`, `极光（JPush）`) stays.
pub(super) fn without_appended_notes(chars: &[char], start: usize, end: usize) -> usize {
    without_remark(chars, start, without_package_names(chars, start, end))
}

/// Where a name ends before a remark in brackets that is a clause of its own (see
/// [`without_appended_notes`]).
pub(super) fn without_remark(chars: &[char], start: usize, end: usize) -> usize {
    if end <= start || !matches!(chars[end - 1], ')' | '）') {
        return end;
    }
    let mut depth = 0usize;
    let mut open = None;
    for i in (start..end).rev() {
        match chars[i] {
            ')' | '）' => depth += 1,
            '(' | '（' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(open) = open else {
        return end;
    };
    let remark = chars[open + 1..end - 1]
        .iter()
        .any(|c| matches!(c, '，' | '；' | '。' | ';'));
    let mut cut = open;
    while cut > start && chars[cut - 1].is_whitespace() {
        cut -= 1;
    }
    if remark && cut > start {
        cut
    } else {
        end
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
    // A package name (or a host name) starts a word, not inside one (`SDKcom.getui` is two;
    // `Jpush.android` is one).
    let starts_word = |i: usize| {
        let c = chars[i - 1];
        if c.is_ascii_uppercase() {
            // After an acronym (`SDK`), not after a word's capital (`Jpush`).
            return i >= 2 && chars[i - 2].is_ascii_uppercase();
        }
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
pub(super) fn trim(chars: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
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
pub(super) fn find_url(chars: &[char], start: usize, end: usize) -> Option<(usize, usize)> {
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
