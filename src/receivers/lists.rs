use super::*;

/// Names a sentence lists after a colon as the SDKs the app embeds (`本应用…集成了如下SDK：华为推送和
/// 华为联运应用、小米推送、OPPO推送、vivo推送、友盟、融云。`): the words before the colon say SDK and
/// 集成 / 接入 / 使用 / 包括 / 如下 …, the list runs to the sentence's end, every item is short, and
/// two or more of them say SDK or are known to the lexicon (so that a list of what SDKs do,
/// `统计分析、消息推送`, is not taken).
pub(super) fn sdk_list_fields(chars: &[char]) -> Vec<FieldAt> {
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
            out.push(FieldAt::cell(Field::Name, true, a, b));
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

/// Names of records that give their fields but no name field: the receiver heads the record on
/// a line of its own (`2.2.3.1阿里推送SDK` / `使用目的：…`) or just before its first key
/// (`②、支付宝支付SDK使用目的：…`), after a list marker. Only a name that says SDK or that the
/// lexicon knows is taken, so that prose before a `key：` is not — or one whose layout repeats
/// (a numbered line, or lines of their own heading fields that open alike, record after record).
pub(super) fn implied_names(chars: &[char], fields: &[FieldAt]) -> Vec<FieldAt> {
    let mut out = Vec::new();
    // Lines of their own, unnumbered and unknown, that head fields: the first field's kind and
    // the name.
    let mut unnumbered: Vec<(Field, FieldAt)> = Vec::new();
    // The first field of each record whose name is known or says SDK, on a line of its own.
    let mut known_first: Vec<Field> = Vec::new();
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
            // A numbered name line may end with a colon before its fields (`1、极光推送：` /
            // `SDK类型：…`); a line leading into them does too (`涉及收集用户信息的第三方SDK的情况：`),
            // so the colon is passed only where a list marker opens the line, and not over a
            // permission list (`4.2  安卓隐私说明：` / `权限：位置信息` / `使用目的：…`).
            let colon_ended = line_end > gap_start && matches!(chars[line_end - 1], '：' | ':');
            if colon_ended {
                line_end -= 1;
                while line_end > gap_start && chars[line_end - 1].is_whitespace() {
                    line_end -= 1;
                }
            }
            let mut s = line_end;
            while s > gap_start && !matches!(chars[s - 1], '\n' | '。' | '；' | '：' | ':') {
                s -= 1;
            }
            (a, b) = trim(chars, s, line_end);
            own_line = s == 0 || chars[s - 1] == '\n';
            if colon_ended && (skip_list_marker(chars, a, b) == a || f.field == Field::Other) {
                b = a;
            }
        }
        let marked = skip_list_marker(chars, a, b);
        // A numbered line of its own heading two or more fields (`4.微信分享` / `使用目的：…` /
        // `涉及个人信息：…`) is a record's name whatever it says: the layout, repeated record
        // after record, is what makes it one. Anything less must say SDK or be known.
        let heads_fields = own_line
            && fields
                .get(k + 1)
                .is_some_and(|next| next.key_start <= f.value_end + MAX_GAP);
        let heads_record = heads_fields && marked > a;
        let a = marked;
        // Judged without the package names a list appends (`QQ互联sdk（com.tencent.connect，…）`).
        let bare = without_appended_notes(chars, a, b);
        if a < b && is_name(chars, a, bare) {
            if heads_record || names_sdk(chars, (a, bare)) {
                out.push(FieldAt::cell(Field::Name, true, a, bare));
                if heads_fields {
                    known_first.push(f.field);
                }
            } else if heads_fields && could_name_a_receiver(chars, a, bare) {
                unnumbered.push((f.field, FieldAt::cell(Field::Name, true, a, bare)));
            }
        }
    }
    // An unnumbered line of its own heading two or more fields is a record's name too when
    // another such line heads fields that open with the same one (`支付宝` / `功能：…` /
    // `收集个人信息类型：…`, then `微信` / `功能：…`), and so does a name the lexicon knows
    // (`高德地图` / `功能：…`): the layout of an SDK list, repeated record after record.
    for (i, (first, name)) in unnumbered.iter().enumerate() {
        if known_first.contains(first)
            && unnumbered
                .iter()
                .enumerate()
                .any(|(j, (other, _))| j != i && other == first)
        {
            out.push(*name);
        }
    }
    out.sort_by_key(|f| f.key_start);
    out
}

/// Whether an unnumbered line that heads fields could name a receiver: not a permission
/// (`【相机权限】`), not data (`WLAN状态信息/位置信息/IP`, `获取设备位置信息`), not a list
/// (`广告的展示、点击等数据`), a purpose (`为变现提供支持`), a link's words (`支付宝隐私政策`) or
/// a fragment (`有限公司）`), nor a company (the operator of the name above it: `微博分享` /
/// `北京微梦创科网络技术有限公司` / `使用目的：…`) — records of what an app collects are laid
/// out alike too.
fn could_name_a_receiver(chars: &[char], a: usize, b: usize) -> bool {
    let text: String = chars[a..b].iter().collect();
    let mut depth = 0i32;
    let balanced = text.chars().all(|c| {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth -= 1,
            _ => {}
        }
        depth >= 0
    }) && depth == 0;
    balanced
        && b - a >= 2
        && !["权限", "政策", "协议", "链接"].iter().any(|w| text.contains(w))
        && !text.contains(['、', '，', ',', '/'])
        // What for, not who (`为变现提供支持`).
        && !text.starts_with(['为', '以'])
        && !text.starts_with("用于")
        // A company's line over the fields is the operator of the name above it.
        && !fits(chars, a, b, Field::Operator, "")
        && Lexicon::builtin()
            .find_data(&crate::normalize::normalize(&text))
            .is_empty()
}

/// Records of lists that name each receiver before a colon and describe it after
/// (`1）友盟统计：友盟+SDK需要收集您的设备Mac地址…以提供统计分析服务`): a line opening with a list
/// marker, then a name that says SDK or that the lexicon knows, a colon and the description
/// (read as the purpose). Lines holding a `key：value` field are left to those.
pub(super) fn list_fields(chars: &[char], fields: &[FieldAt]) -> Vec<FieldAt> {
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
pub(super) fn skip_list_marker(chars: &[char], mut a: usize, b: usize) -> usize {
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
pub(super) fn inline_fields(chars: &[char]) -> Vec<FieldAt> {
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
        let longest_key = |max: usize| {
            (1..=keys.longest.min(max)).rev().find_map(|len| {
                let k = key_form(&chars[e - len..e]);
                keys.by_text.get(&k).map(|f| (e - len, *f, k))
            })
        };
        // `key_form` drops whitespace, so the longest key may run over a line break. That is
        // the key (`SDK⏎提供方名称`, a name's `SDK` wrapped onto a line of its own) unless its
        // first part ends a line that holds more: `微信SDK⏎提供方名称：` is the name line `微信SDK`
        // above an operator key, not the key `SDK提供方名称` (the record lost its name and ran
        // into the one above); the key is then the longest one on the colon's line.
        let line_start = chars[..e]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |p| p + 1);
        let mut hit = longest_key(e);
        if let Some(mut ks) = hit.as_ref().map(|h| h.0).filter(|&ks| ks < line_start) {
            while chars[ks].is_whitespace() {
                ks += 1;
            }
            let line_of_ks = chars[..ks]
                .iter()
                .rposition(|&c| c == '\n')
                .map_or(0, |p| p + 1);
            let tail_of_a_line = chars[line_of_ks..ks].iter().any(|c| !c.is_whitespace());
            if tail_of_a_line {
                hit = longest_key(e - line_start).or(hit);
            }
        }
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

/// Records written as one sentence each after a list marker, naming the SDK and what it
/// collects (穗好办's 「（1）高德地图SDK，由高德软件有限公司提供，需要申请定位、录音权限…，收集您的
/// 地理位置、音频信息，提供地图导航、天气信息展示功能；」, ten of them, were no receivers at all;
/// 走路达人's 「12、穿山甲联盟，为提供请求广告信息，可能会在后台状态下收集您的ip地址、设备信息…」, 18 of
/// its 27). The name says SDK (or the lexicon knows it) and ends at a comma, a colon or a space
/// before the sentence; `由…提供` after it is the operator. The data is what follows the first
/// `收集` / `获取` / `接收并记录` up to the next `，提供`, `，用于`, `；` or `。`, or a comma after which
/// no data word is listed (none where the sentence says it collects nothing, `未收集任何个人信息`);
/// a line naming no operator is a record only where it names data. The purpose is what follows
/// `用于`, else a `为…` opening the sentence, else the sentence's last `，提供…`.
/// Lines where another reader found a record's name (`known`, sorted or not) are left to it:
/// the two readings of one record would split it.
pub(super) fn prose_record_fields(chars: &[char], known: &[FieldAt]) -> Vec<FieldAt> {
    let mut known_starts: Vec<usize> = known
        .iter()
        .filter(|f| f.field == Field::Name)
        .map(|f| f.key_start)
        .collect();
    known_starts.sort_unstable();
    let mut out = Vec::new();
    let mut line_start = 0;
    while line_start < chars.len() {
        let line_end = (line_start..chars.len())
            .find(|&i| chars[i] == '\n')
            .unwrap_or(chars.len());
        let first_known = known_starts.partition_point(|&k| k < line_start);
        if known_starts.get(first_known).is_none_or(|&k| k >= line_end) {
            prose_record_in_line(chars, line_start, line_end, &mut out);
        }
        line_start = line_end + 1;
    }
    out
}

/// Where a prose record's name ends after `from` (its separator's index), if within
/// [`MAX_NAME`]: a comma or colon, or a space after `SDK` before a CJK char (`穿山甲内容SDK 为
/// 提供…`; other spaces belong to the name: `Google AdMob SDK，…`, `TalkingData 应用统计分析SDK`).
fn prose_name_end(chars: &[char], from: usize, end: usize) -> Option<usize> {
    (from..end.min(from + MAX_NAME)).find(|&k| {
        matches!(chars[k], '，' | ',' | '：' | ':')
            || (chars[k].is_whitespace()
                && k >= from + 3
                && chars[k - 3..k]
                    .iter()
                    .map(|c| c.to_ascii_lowercase())
                    .eq("sdk".chars())
                && (k..end)
                    .find(|&j| !chars[j].is_whitespace())
                    .is_some_and(|j| !chars[j].is_ascii()))
    })
}

/// The fields of one line read as a prose record (see [`prose_record_fields`]), if it is one.
fn prose_record_in_line(chars: &[char], start: usize, end: usize, out: &mut Vec<FieldAt>) {
    // Words are read within the line: the test sees only the line's chars.
    let line = &chars[..end];
    let at = |i: usize, w: &str| crate::extract::starts_with_at(line, i, w);
    let mut i = start;
    while i < end && (chars[i].is_whitespace() || matches!(chars[i], '•' | '·' | '-' | '*')) {
        i += 1;
    }
    // The list marker: `（1）`, `(1)`, `1、`, `1.`.
    let bracketed = i < end && matches!(chars[i], '（' | '(');
    let digits_from = if bracketed { i + 1 } else { i };
    let mut j = digits_from;
    while j < end && chars[j].is_ascii_digit() {
        j += 1;
    }
    if j == digits_from || j - digits_from > 2 || j >= end {
        return;
    }
    let closes = if bracketed {
        matches!(chars[j], '）' | ')')
    } else {
        matches!(chars[j], '、' | '.' | '．')
    };
    if !closes {
        return;
    }
    let name_start = j + 1;
    let Some(separator) = prose_name_end(chars, name_start, end) else {
        return;
    };
    let (a, b) = trim(chars, name_start, separator);
    if a >= b || !names_sdk(chars, (a, b)) || !is_name(chars, a, b) {
        return;
    }
    let mut k = separator + 1;
    while k < end && chars[k].is_whitespace() {
        k += 1;
    }
    // (`由…提供` after a comma, as 穗好办 writes it; other records are read more strictly.)
    let operator = (at(k, "由") && matches!(chars[separator], '，' | ','))
        .then(|| (k + 1..end.min(k + 42)).find(|&p| at(p, "提供")))
        .flatten()
        .map(|provides| (trim(chars, k + 1, provides), provides))
        .filter(|&((op_a, op_b), _)| op_b >= op_a + 2);
    let rest = operator.map_or(k, |(_, provides)| provides + 2);
    let says_none = (rest..end).any(|p| at(p, "未收集任何") || at(p, "不收集"));
    let part_end = |from: usize, stops: &[&str]| {
        (from..end)
            .find(|&p| stops.iter().any(|w| at(p, w)))
            .unwrap_or(end)
    };
    let mut data = None;
    if !says_none {
        // (`收集您的…` first: bugly's 「…提供收集错误日志功能。需收集您的设备型号…」.)
        let verb_at = |p: usize| {
            if at(p, "接收并记录") {
                Some((p, p + 5))
            } else if (at(p, "收集") || at(p, "获取")) && !(p >= 2 && at(p - 2, "提供")) {
                Some((p, p + 2))
            } else {
                None
            }
        };
        let verbs: Vec<(usize, usize)> = (rest..end)
            .filter(|&p| at(p, "收集您的") || at(p, "获取您的"))
            .map(|p| (p, p + 2))
            .chain((rest..end).filter_map(verb_at))
            .take(4)
            .collect();
        let hard_end =
            |from: usize| part_end(from, &["，提供", ",提供", "，用于", ",用于", "；", "。"]);
        data = if operator.is_some() {
            // A record that names its operator: the first verb's object, to the next stop.
            verbs.first().and_then(|&(verb, from)| {
                let to = hard_end(from);
                let (d_a, d_b) = trim(chars, from, to);
                (d_a < d_b).then_some((verb, d_a, d_b, to))
            })
        } else {
            // Else the first verb whose object names data (友盟's 「…统计分析服务收集和传送数据到
            // 我们的服务器…我们收集唯一设备识别码（IMEI/Mac/…）发送到…」: the second).
            verbs.iter().find_map(|&(verb, from)| {
                let to = data_list_end(chars, from, hard_end(from));
                // (After a label: Umeng's 「收集个人信息类型：设备信息（…）」, 云记's 「收集个人信息
                // 类型为设备信息（…）」; after `收集到的`.)
                let from = (from..to)
                    .find(|&p| matches!(chars[p], '：' | ':'))
                    .map(|p| p + 1)
                    .or_else(|| {
                        ["个人信息类型为", "个人信息的类型为", "到的"]
                            .iter()
                            .find(|w| at(from, w))
                            .map(|w| from + w.chars().count())
                    })
                    .unwrap_or(from);
                let (d_a, d_b) = trim(chars, from, to);
                // The verb's own object names data, not only a piece after it.
                let first_piece_end = (d_a..d_b)
                    .find(|&p| matches!(chars[p], '，' | ','))
                    .unwrap_or(d_b);
                let object: String = chars[d_a..first_piece_end.max(d_a)].iter().collect();
                (d_a < d_b
                    && !Lexicon::builtin()
                        .find_data(&crate::normalize::normalize(&object))
                        .is_empty())
                .then_some((verb, d_a, d_b, to))
            })
        };
    }
    if operator.is_none() && (data.is_none() || !names_only_an_sdk(chars, a, b)) {
        return;
    }
    out.push(FieldAt::cell(Field::Name, true, a, b));
    if let Some(((op_a, op_b), _)) = operator {
        out.push(FieldAt {
            field: Field::Operator,
            key_says_sdk: true,
            key_start: k,
            value_start: op_a,
            value_end: op_b,
        });
    }
    let (data_start, data_end) = match data {
        Some((verb, d_a, d_b, to)) => {
            out.push(FieldAt {
                field: Field::Data,
                key_says_sdk: true,
                key_start: verb,
                value_start: d_a,
                value_end: d_b,
            });
            (verb, to)
        }
        None => (rest, rest),
    };
    // (A `，提供…` before the data too: 极光's 「…提供消息推送和提醒服务，需要收集您的…」.)
    let purpose_from = (data_end..end)
        .find(|&p| at(p, "用于"))
        .map(|p| p + 2)
        .or_else(|| {
            // `为提供请求广告信息，…` / `为了…` opening the sentence after the name.
            ["为了", "为"]
                .iter()
                .find(|w| rest < data_start && at(rest, w))
                .map(|w| rest + w.chars().count())
        })
        .or_else(|| {
            (rest..end)
                .rev()
                .filter(|&p| p < data_start || p >= data_end)
                .find(|&p| at(p, "，提供") || at(p, ",提供"))
                .map(|p| p + 3)
        });
    if let Some(from) = purpose_from {
        let to = part_end(
            from,
            &["；", "。", "，需", ",需", "，收集", "，获取", "，可能"],
        );
        let (p_a, p_b) = trim(chars, from, to);
        if p_a < p_b {
            out.push(FieldAt {
                field: Field::Purpose,
                key_says_sdk: true,
                key_start: from,
                value_start: p_a,
                value_end: p_b,
            });
        }
    }
}

/// Whether a prose record's name with no `由…提供` after it is a name and not a sentence that
/// mentions one (`起点新闻客户端会集成友盟 SDK，…`, `百度统计为了正常提供…`, `第三方SDK中将收集…`):
/// it holds none of a sentence's words.
fn names_only_an_sdk(chars: &[char], a: usize, b: usize) -> bool {
    const SENTENCE_WORDS: [&str; 21] = [
        "集成",
        "使用",
        "用到",
        "我们",
        "您",
        "你",
        "为了",
        "收集",
        "可能",
        "会",
        "将",
        "以下",
        "其中",
        "在",
        "根据",
        "理解",
        "第三方",
        "运行",
        "需求",
        "名称",
        "提供",
    ];
    let name: String = chars[a..b].iter().collect();
    !SENTENCE_WORDS.iter().any(|w| name.contains(w))
}

/// Where a prose record's data list ends within `from..to`: at the first comma outside brackets
/// after which the next piece names no data word or says what the data is for (`…设备唯一码，
/// 识别用户的唯一性`), so that a list going on after a comma (`屏幕参数、MAC设备地址，地理位置
/// 信息等`) is kept whole.
fn data_list_end(chars: &[char], from: usize, to: usize) -> usize {
    const NOT_DATA: [&str; 10] = [
        "以便",
        "用于",
        "为了",
        "说明",
        "详细",
        "请",
        "发送",
        "以提供",
        "收集",
        "获取",
    ];
    let mut depth = 0i32;
    let mut piece_start = from;
    let mut first = true;
    // (Where the data are sent, or what for, ends the list even inside its first piece:
    // 「唯一设备识别码（…）发送到aaid.umeng.com以提供…」.)
    let to = (from..to)
        .find(|&p| {
            ["发送到", "以便", "以提供", "用于"]
                .iter()
                .any(|w| crate::extract::starts_with_at(&chars[..to], p, w))
        })
        .unwrap_or(to);
    for p in from..=to {
        let c = chars.get(p).copied().unwrap_or('，');
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        if !(p == to || (depth <= 0 && matches!(c, '，' | ','))) {
            continue;
        }
        if !first {
            let piece: String = chars[piece_start..p.min(to)].iter().collect();
            let names_data = !Lexicon::builtin()
                .find_data(&crate::normalize::normalize(&piece))
                .is_empty();
            if !names_data || NOT_DATA.iter().any(|w| piece.contains(w)) {
                return piece_start.saturating_sub(1).max(from);
            }
        }
        first = false;
        piece_start = p + 1;
    }
    to
}
