//! Tables whose cells ran together: a page's table copied with no break between its cells
//! (`功能类型SDK名称使用目的收集个人信息种类隐私政策地图类高德地图SDK通过高德地图技术…https://…地图类…`).
//!
//! The header is a run of column names with nothing but spaces between them, on a line that goes
//! on with the rows. Rows are told apart by their links (a table without a link column cannot be
//! cut into rows, and is left as text), and a row's cells by what they hold: a category ends in
//! `类`, a name is an SDK the lexicon knows (or says SDK, or is a Latin word), data items are what
//! the data lexicon finds, a purpose is the rest, an operator after a link ends with `公司`.
//! A row's cells that cannot be told apart stay together in the first of their columns.

use super::{find_url, keys, trim, Field, TextCell, MAX_NAME};
use crate::document::Span;
use crate::lexicon::Lexicon;
use crate::normalize::normalize;

/// The most chars a row may hold before its link: a longer run is prose, and ends the table.
const MAX_ROW: usize = 800;
/// The fewest columns a run of column names must have to be a header.
const MIN_COLUMNS: usize = 3;
/// The longest operator named after a link (chars).
const MAX_OPERATOR: usize = 40;

/// A header found: its columns' fields and names, each with its span.
struct Header {
    columns: Vec<(Field, String, (usize, usize))>,
    /// The column holding the link (a link column, or one whose name says 链接).
    link: usize,
    end: usize,
}

/// The tables of `chars` whose cells ran together, each as its cells in text order (row 0 is
/// the header).
pub(super) fn flat_tables(chars: &[char]) -> Vec<Vec<TextCell>> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..=chars.len() {
        if i < chars.len() && chars[i] != '\n' {
            continue;
        }
        let (a, b) = (s, i);
        s = i + 1;
        // A line that holds a header and rows with links.
        if b - a < 40 || find_url(chars, a, b).is_none() {
            continue;
        }
        let mut next = find_header(chars, a, b);
        while let Some(header) = next {
            // Rows end where the next table's header begins.
            next = find_header(chars, header.end, b);
            let to = next.as_ref().map_or(b, |h| h.columns[0].2 .0);
            let (cells, _) = rows(chars, &header, to);
            // A header with no row after it is a sentence naming columns.
            if cells.iter().any(|c| !c.header) {
                out.push(cells);
            }
        }
    }
    out
}

/// The first header in `from..to`: three or more column names, nothing but spaces, `/` or `|`
/// between them, one of them a name column and one a link column, no colon after them.
fn find_header(chars: &[char], from: usize, to: usize) -> Option<Header> {
    let keys = keys();
    let text = normalize(&chars[from..to].iter().collect::<String>());
    // Byte offsets of `text` to chars, as matches come in order.
    let (mut ci, mut bi) = (0usize, 0usize);
    let mut at = |byte: usize| -> usize {
        while bi < byte {
            bi += text[bi..].chars().next().map_or(1, char::len_utf8);
            ci += 1;
        }
        from + ci
    };
    let mut run: Vec<(Field, String, (usize, usize))> = Vec::new();
    for m in keys.matcher.find_iter(&text) {
        let (ka, kb) = (at(m.start()), at(m.end()));
        let joined = run.last().is_some_and(|&(_, _, (_, e))| {
            chars[e..ka]
                .iter()
                .all(|c| c.is_whitespace() || matches!(c, '/' | '|' | '｜'))
        });
        if !joined {
            if let Some(h) = header_of(chars, &run) {
                return Some(h);
            }
            run.clear();
        }
        run.push((
            keys.fields[m.pattern().as_usize()],
            chars[ka..kb].iter().collect(),
            (ka, kb),
        ));
    }
    header_of(chars, &run)
}

fn header_of(chars: &[char], run: &[(Field, String, (usize, usize))]) -> Option<Header> {
    if run.len() < MIN_COLUMNS || !run.iter().any(|(f, _, _)| *f == Field::Name) {
        return None;
    }
    let end = run.last()?.2 .1;
    // `SDK名称：…` is a record's field, not a column.
    let next = chars[end..].iter().find(|c| !c.is_whitespace());
    if matches!(next, Some('：' | ':') | None) {
        return None;
    }
    let link = run
        .iter()
        .position(|(f, k, _)| *f == Field::Link || k.contains("链接"))?;
    Some(Header {
        columns: run.to_vec(),
        link,
        end,
    })
}

/// The header's cells and its rows' up to the line's end `to`, and where the last row ended.
fn rows(chars: &[char], header: &Header, to: usize) -> (Vec<TextCell>, usize) {
    let mut cells: Vec<TextCell> = header
        .columns
        .iter()
        .enumerate()
        .map(|(col, &(_, _, (a, b)))| TextCell {
            row: 0,
            col,
            header: true,
            span: Span::new(a, b),
        })
        .collect();
    let fields: Vec<Field> = header.columns.iter().map(|c| c.0).collect();
    let link_says_operator = header.columns[header.link].1.contains("公司");
    let mut pos = header.end;
    let mut row = 0;
    loop {
        while pos < to && chars[pos].is_whitespace() {
            pos += 1;
        }
        let Some((us, mut ue)) = find_url(chars, pos, to.min(pos + MAX_ROW)) else {
            break;
        };
        // A second link right after the first (a vendor's site and its policy) is the same cell.
        while let Some((_, e)) = {
            let mut k = ue;
            while k < to && chars[k].is_whitespace() {
                k += 1;
            }
            find_url(chars, k, to).filter(|&(s, _)| s == k)
        } {
            ue = e;
        }
        let Some(pre) = split_before_link(chars, pos, us, &fields[..header.link]) else {
            break;
        };
        row += 1;
        for (col, (a, b)) in pre.into_iter().enumerate() {
            if a < b {
                cells.push(TextCell {
                    row,
                    col,
                    header: false,
                    span: Span::new(a, b),
                });
            }
        }
        // What follows the link: the operator, when the link's column or the next names one.
        let operator_next =
            link_says_operator || fields.get(header.link + 1) == Some(&Field::Operator);
        let operator_end = operator_next
            .then(|| operator_after(chars, ue, to))
            .flatten();
        let mut link_end = ue;
        if let Some(e) = operator_end {
            if link_says_operator {
                link_end = e;
            } else {
                cells.push(TextCell {
                    row,
                    col: header.link + 1,
                    header: false,
                    span: Span::new(ue, e),
                });
            }
        }
        cells.push(TextCell {
            row,
            col: header.link,
            header: false,
            span: Span::new(us, link_end),
        });
        cells.sort_by_key(|c| (c.row, c.span.start));
        pos = operator_end.unwrap_or(ue);
    }
    (cells, pos)
}

/// A company's name right after a link (`…/privacy深圳市腾讯计算机系统有限公司`): where it ends.
fn operator_after(chars: &[char], from: usize, to: usize) -> Option<usize> {
    let end = to.min(from + MAX_OPERATOR);
    let text: String = chars[from..end].iter().collect();
    ["有限责任公司", "有限公司", "公司", "集团", "Ltd.", "Inc."]
        .iter()
        .filter_map(|w| text.find(w).map(|i| text[..i + w.len()].chars().count()))
        .min()
        .map(|n| from + n)
        .filter(|&e| find_url(chars, from, e).is_none())
}

/// The cells of a row before its link (`a..b`), one per column of `fields`: `None` when the
/// row has no name where its name column is.
fn split_before_link(
    chars: &[char],
    a: usize,
    b: usize,
    fields: &[Field],
) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut cur = a;
    for (k, field) in fields.iter().enumerate() {
        let (s, _) = trim(chars, cur, b);
        cur = s;
        let next = fields.get(k + 1).copied();
        let end = if next.is_none() {
            b
        } else {
            match field {
                // `地图类`; `社交类分享` before a Latin name (`Wechat-share`).
                Field::Kind => (cur..b.min(cur + 8))
                    .find(|&i| chars[i] == '类')
                    .map_or(cur, |i| {
                        let latin = (i + 1..b.min(i + 6)).find(|&k| chars[k].is_ascii_alphabetic());
                        match latin {
                            Some(k)
                                if chars[i + 1..k].iter().all(|c| !c.is_ascii())
                                    && !names_for_sure(chars, i + 1, b) =>
                            {
                                k
                            }
                            _ => i + 1,
                        }
                    }),
                Field::Name => name_end(chars, cur, b, next)?,
                Field::Purpose if next == Some(Field::Data) => data_start(chars, cur, b),
                Field::Data if next == Some(Field::Purpose) => purpose_start(chars, cur, b),
                // Cells the row does not tell apart: the rest in this column.
                _ => b,
            }
        };
        let (s, e) = trim(chars, cur, end);
        out.push((s, e.max(s)));
        cur = end;
    }
    // A row with its name column empty is not a row.
    let name = fields.iter().position(|f| *f == Field::Name)?;
    (out[name].0 < out[name].1).then_some(out)
}

fn data_matches(chars: &[char], a: usize, b: usize) -> Vec<(usize, usize)> {
    let text: String = chars[a..b].iter().collect();
    Lexicon::builtin()
        .find_data(&normalize(&text))
        .into_iter()
        .map(|m| (a + m.start, a + m.end))
        .collect()
}

/// Whether `a..b` opens with a name the lexicon knows or one that says SDK.
fn names_for_sure(chars: &[char], a: usize, b: usize) -> bool {
    let window = b.min(a + MAX_NAME);
    let norm = normalize(&chars[a..window].iter().collect::<String>());
    let first_data = data_matches(chars, a, window)
        .first()
        .map_or(window - a, |m| m.0 - a);
    Lexicon::builtin()
        .find_sdks(&norm)
        .iter()
        .any(|m| m.start == 0)
        || norm
            .to_ascii_lowercase()
            .chars()
            .take(first_data)
            .collect::<String>()
            .contains("sdk")
}

/// Where the name opening a row's `a..b` ends, the next column being `next`.
fn name_end(chars: &[char], a: usize, b: usize, next: Option<Field>) -> Option<usize> {
    let window = b.min(a + MAX_NAME);
    let text: String = chars[a..window].iter().collect();
    let norm = normalize(&text);
    let first_data = data_matches(chars, a, window)
        .first()
        .map_or(window, |m| m.0);
    let lower: Vec<char> = norm.chars().map(|c| c.to_ascii_lowercase()).collect();
    let says_sdk = (0..lower.len().saturating_sub(2))
        .find(|&i| lower[i..i + 3] == ['s', 'd', 'k'])
        .map(|i| a + i + 3)
        .filter(|&e| e <= first_data);
    let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+');
    let mut end = if let Some(m) = Lexicon::builtin()
        .find_sdks(&norm)
        .into_iter()
        .find(|m| m.start == 0)
    {
        a + m.end
    } else if let Some(e) = says_sdk {
        e
    } else if chars[a].is_ascii_alphanumeric() {
        (a..window).find(|&i| !latin(chars[i])).unwrap_or(window)
    } else if next == Some(Field::Data) && first_data > a + 1 && first_data < window {
        first_data
    } else if next == Some(Field::Purpose) {
        let cue = ["通过", "用于", "为了", "调用", "实现", "提供", "帮助"]
            .iter()
            .filter_map(|w| norm.find(w).map(|i| norm[..i].chars().count()))
            .filter(|&n| n >= 2)
            .min()?;
        a + cue
    } else {
        return None;
    };
    // A known name that goes on to say SDK before any data (`QQ 互联移动应用 SDK`).
    if let Some(e) = says_sdk.filter(|&e| e > end && e - end <= 8) {
        end = e;
    }
    // What a name goes on with: ` SDK`, `平台`, `【Android】`, `/百度地图`.
    loop {
        let mut k = end;
        while k < b && matches!(chars[k], ' ' | '\u{a0}' | '\u{3000}') {
            k += 1;
        }
        let rest: String = chars[k..b.min(k + 12)].iter().collect();
        let lower = rest.to_ascii_lowercase();
        if lower.starts_with("sdk") {
            end = k + 3;
        } else if rest.starts_with("平台") {
            end = k + 2;
        } else if let Some(close) = matches!(chars.get(k), Some('【' | '（' | '('))
            .then(|| rest.find(['】', '）', ')']))
            .flatten()
        {
            let e = k + rest[..close].chars().count() + 1;
            if !data_matches(chars, k, e).is_empty() {
                break;
            }
            end = e;
        } else if chars.get(k) == Some(&'/') {
            let after: String = chars[k + 1..b.min(k + 1 + MAX_NAME)].iter().collect();
            match Lexicon::builtin()
                .find_sdks(&normalize(&after))
                .into_iter()
                .find(|m| m.start == 0)
            {
                Some(m) => end = k + 1 + m.end,
                None => break,
            }
        } else {
            break;
        }
    }
    (end > a && end <= b).then_some(end)
}

/// Where the data items begin in a row's purpose-then-data `a..b`. The data are the list the
/// row ends with (after its last `，`, `。` or `：`): in the first of its items that names a
/// data type, they begin with the last such name and the names and Latin letters right before
/// it (`路线规划等WLAN状态信息`, `支付订单费用设备标识符`).
fn data_start(chars: &[char], a: usize, b: usize) -> usize {
    let matches = data_matches(chars, a, b);
    let mut depth = 0i32;
    let mut list = a;
    let mut item_ends = Vec::new();
    for (i, &c) in chars.iter().enumerate().take(b).skip(a) {
        match c {
            '（' | '(' | '【' => depth += 1,
            '）' | ')' | '】' => depth -= 1,
            '，' | '。' | '：' | ':' | ',' if depth <= 0 => {
                list = i + 1;
                item_ends.clear();
            }
            '、' | '；' | ';' if depth <= 0 => item_ends.push(i),
            _ => {}
        }
    }
    item_ends.push(b);
    let mut item_start = list;
    for &item_end in &item_ends {
        let mut chain = None;
        let outside = |s: usize| {
            let opened = chars[item_start..s]
                .iter()
                .filter(|c| matches!(c, '（' | '(' | '【'))
                .count();
            let closed = chars[item_start..s]
                .iter()
                .filter(|c| matches!(c, '）' | ')' | '】'))
                .count();
            opened <= closed
        };
        for &(s, e) in matches
            .iter()
            .filter(|m| m.0 >= item_start && m.0 < item_end && outside(m.0))
        {
            chain = match chain {
                Some((cs, ce)) if ce == s => Some((cs, e)),
                _ => Some((s, e)),
            };
        }
        if let Some((mut s, _)) = chain {
            while s > a + 1 && (chars[s - 1].is_ascii_alphanumeric() || chars[s - 1] == ' ') {
                s -= 1;
            }
            return if s > a { s } else { b };
        }
        item_start = item_end + 1;
    }
    b
}

/// Where the purpose begins in a row's data-then-purpose `a..b`: after a space that sets a short
/// purpose apart, at a purpose cue (`用于`, `为了`), or after the last data item.
fn purpose_start(chars: &[char], a: usize, b: usize) -> usize {
    let matches = data_matches(chars, a, b);
    let Some(&(first, _)) = matches.first() else {
        return a;
    };
    // `…操作系统及硬件相关信息） 推广消息`.
    if let Some(k) = (first..b).rev().find(|&k| chars[k].is_whitespace()) {
        let (s, e) = trim(chars, k, b);
        if s < e && e - s <= 20 && data_matches(chars, s, e).is_empty() {
            return s;
        }
    }
    let mut depth = 0i32;
    for i in first..b {
        match chars[i] {
            '（' | '(' | '【' => depth += 1,
            '）' | ')' | '】' => depth -= 1,
            _ if depth <= 0 => {
                let rest: String = chars[i..b.min(i + 3)].iter().collect();
                if ["用于", "为了", "以便", "以实现", "以提供"]
                    .iter()
                    .any(|w| rest.starts_with(w))
                {
                    return i;
                }
            }
            _ => {}
        }
    }
    // After the last item, with its closing brackets and the words that end an item.
    let mut e = matches.last().map_or(a, |m| m.1);
    loop {
        let rest: String = chars[e..b.min(e + 2)].iter().collect();
        if matches!(chars.get(e), Some('）' | ')' | '】' | '等')) && e < b {
            e += 1;
        } else if ["权限", "信息", "数据"].iter().any(|w| rest.starts_with(w)) {
            e += 2;
        } else {
            break;
        }
    }
    let (s, t) = trim(chars, e, b);
    if t - s >= 2 {
        s
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<(usize, usize, String)>> {
        let chars: Vec<char> = text.chars().collect();
        flat_tables(&chars)
            .into_iter()
            .map(|t| {
                t.iter()
                    .map(|c| {
                        let s: String = chars[c.span.start..c.span.end].iter().collect();
                        (c.row, c.col, s)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_table_run_together_with_a_category_column_is_cut_at_links_and_by_content() {
        let t = cells(
            "具体如下：功能类型SDK名称使用目的收集个人信息种类隐私政策\
             地图类高德地图SDK通过高德地图技术，app可以实现地图加载、路线规划等定位信息、设备MAC地址\
             https://lbs.amap.com/pages/privacy/\
             推送类小米推送推送消息设备标识信息https://dev.mi.com/console/doc/detail?pId=1822\
             分析类Umeng统计分析设备的IMEI、位置信息https://www.umeng.com/page/policy附件二：其他",
        );
        assert_eq!(t.len(), 1, "{t:?}");
        let row = |r: usize| -> Vec<String> {
            t[0].iter()
                .filter(|c| c.0 == r)
                .map(|c| c.2.clone())
                .collect()
        };
        assert_eq!(
            row(0),
            [
                "功能类型",
                "SDK名称",
                "使用目的",
                "收集个人信息种类",
                "隐私政策"
            ]
        );
        assert_eq!(row(1)[0], "地图类");
        assert_eq!(row(1)[1], "高德地图SDK");
        assert_eq!(row(1)[3], "定位信息、设备MAC地址");
        assert_eq!(row(2)[1], "小米推送");
        assert_eq!(row(2)[2], "推送消息");
        assert_eq!(row(2)[3], "设备标识信息");
        assert_eq!(row(3)[1], "Umeng");
        assert!(row(4).is_empty(), "{:?}", row(4));
    }

    #[test]
    fn an_operator_after_the_link_is_the_link_columns_and_the_next_row_starts_after_it() {
        let t = cells(
            "附录SDK名称可能收集的个人信息使用场景SDK所属公司及隐私政策链接\
             友盟设备信息（IMEI/MAC）、以及手机号码，用于提供一键登录服务https://www.umeng.com/page/policy友盟同欣（北京）科技有限公司\
             穿山甲【Android】设备的MAC地址、IP地址用于广告投放合作https://www.pangle.cn/privacy北京巨量引擎网络技术有限公司",
        );
        assert_eq!(t.len(), 1, "{t:?}");
        let names: Vec<&str> = t[0]
            .iter()
            .filter(|c| c.0 > 0 && c.1 == 0)
            .map(|c| c.2.as_str())
            .collect();
        assert_eq!(names, ["友盟", "穿山甲【Android】"]);
        let purposes: Vec<&str> = t[0]
            .iter()
            .filter(|c| c.0 > 0 && c.1 == 2)
            .map(|c| c.2.as_str())
            .collect();
        assert_eq!(purposes, ["用于提供一键登录服务", "用于广告投放合作"]);
        assert!(t[0]
            .iter()
            .any(|c| c.1 == 3 && c.2.ends_with("友盟同欣（北京）科技有限公司")));
    }

    #[test]
    fn column_names_in_a_sentence_or_as_keys_are_no_table() {
        assert!(cells(
            "请查看SDK名称、使用目的、收集个人信息种类及隐私政策链接，详见https://example.com/privacy 这里有更多的说明文字"
        )
        .is_empty());
        assert!(cells(
            "SDK名称：友盟使用目的：统计收集个人信息种类：设备信息隐私政策：https://www.umeng.com/page/policy"
        )
        .is_empty());
    }
}
