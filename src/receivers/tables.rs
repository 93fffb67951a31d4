use super::*;

/// Fields of tables saved one cell per line: three or more header lines that are each a field
/// name (blank lines between them allowed), including a name column, then the rows' cells.
/// Rows end with their link when the last column is the link (cells may take several lines);
/// otherwise every line is one cell and rows are as wide as the header.
pub(super) fn table_fields(chars: &[char]) -> Vec<FieldAt> {
    tables_and_fields(chars).1
}

/// A table row's lines (start, end), each with its column (`None`: a leading column the header
/// does not name).
pub(super) type RowCells = Vec<(Option<usize>, (usize, usize))>;

/// A table saved one cell per line, as found: its header's lines, then its rows' cells, each
/// with its column (`None`: a leading column the header does not name, such as a serial number
/// or a category).
pub(super) struct LineTable {
    pub(super) header: Vec<(usize, usize)>,
    pub(super) rows: Vec<RowCells>,
}

impl LineTable {
    /// Where its last cell ends.
    pub(super) fn end(&self) -> usize {
        let rows = self.rows.iter().flatten().map(|(_, (_, b))| *b);
        self.header
            .iter()
            .map(|h| h.1)
            .chain(rows)
            .max()
            .unwrap_or(0)
    }
}

/// One cell of a table found in plain text: its row (0 is the header), its column, and its
/// span (chars; a cell may take several lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextCell {
    pub row: usize,
    pub col: usize,
    pub header: bool,
    pub span: Span,
}

/// The tables of a plain text saved one cell per line (a page's table copied as text: the
/// header's cells, then each row's), as [`receivers_of`] reads them: each table's cells in text
/// order. Segmentation makes them table cells rather than headings and paragraphs.
pub fn text_tables(chars: &[char]) -> Vec<Vec<TextCell>> {
    let mut tables = line_tables(chars);
    // Tables whose cells ran together on one line: kept where no other table is.
    for t in flat::flat_tables(chars) {
        let (a, b) = span_of(&t);
        if tables.iter().all(|o| {
            let (c, d) = span_of(o);
            b <= c || d <= a
        }) {
            tables.push(t);
        }
    }
    tables.sort_by_key(|t| span_of(t).0);
    tables
}

/// Where a table's cells start and end.
pub(super) fn span_of(cells: &[TextCell]) -> (usize, usize) {
    let a = cells.iter().map(|c| c.span.start).min().unwrap_or(0);
    let b = cells.iter().map(|c| c.span.end).max().unwrap_or(0);
    (a, b)
}

/// The tables of lines: saved one cell per line, or with columns set apart by spaces.
pub(super) fn line_tables(chars: &[char]) -> Vec<Vec<TextCell>> {
    tables_and_fields(chars)
        .0
        .into_iter()
        .map(|t| {
            // A leading column the header does not name shifts the others right.
            let lead = usize::from(t.rows.iter().flatten().any(|(c, _)| c.is_none()));
            let header = t.header.iter().enumerate().map(|(c, &(a, b))| TextCell {
                row: 0,
                col: c + lead,
                header: true,
                span: Span::new(a, b),
            });
            let mut body = Vec::new();
            for (r, row) in t.rows.iter().enumerate() {
                // Lines of one column are one cell (a cell wrapped over lines).
                for &(col, (a, b)) in row {
                    let col = col.map_or(0, |c| c + lead);
                    match body.last_mut() {
                        Some(TextCell {
                            row, col: c, span, ..
                        }) if *row == r + 1 && *c == col => {
                            span.end = b;
                        }
                        _ => body.push(TextCell {
                            row: r + 1,
                            col,
                            header: false,
                            span: Span::new(a, b),
                        }),
                    }
                }
            }
            header.chain(body).collect()
        })
        .collect()
}

/// The tables saved one cell per line, and the fields of every table form.
pub(super) fn tables_and_fields(chars: &[char]) -> (Vec<LineTable>, Vec<FieldAt>) {
    let keys = keys();
    let mut tables: Vec<LineTable> = Vec::new();
    // Non-blank lines: (start, end) of their trimmed text.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            let (a, b) = trim(chars, s, i);
            if a < b {
                lines.push((a, b));
            }
            s = i + 1;
        }
    }
    let header_cell = |l: &(usize, usize)| column_name(chars, *l);
    // A line that can open a row of a table without links: an SDK's name, not a description
    // that mentions one (`提供银联支付功能` is a cell of the purpose column).
    let row_head = |&(a, b): &(usize, usize)| {
        b - a <= 3 * MAX_NAME && names_sdk(chars, (a, b)) && is_name(chars, a, b)
    };
    let mut out = pipe_table_fields(chars, &lines);
    let (aligned, fields) = aligned_table_fields(chars, &lines);
    out.extend(fields);
    out.extend(name_link_pairs(chars, &lines));
    // A header written on one line (`序号  第三方SDK名称  应用场景描述 …`) over rows saved one cell
    // per line: its column names are read as the header's lines.
    let words = |l: &(usize, usize)| words_of(chars, *l);
    let lines: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(k, l)| {
            let names = words(l);
            let one_line_header = names.len() >= 3
                && names.iter().all(|w| header_cell(w).is_some())
                && lines.get(k + 1).is_some_and(|next| words(next).len() == 1);
            if one_line_header {
                names
            } else {
                vec![*l]
            }
        })
        .collect();
    // A column's own name inside a row is the next table's header.
    let names_column =
        |&(a, b): &(usize, usize)| keys.by_text.get(&key_form(&chars[a..b])) == Some(&Field::Name);
    let mut i = 0;
    while i < lines.len() {
        let mut header: Vec<Field> = Vec::new();
        let mut header_keys: Vec<String> = Vec::new();
        let gap_after = |k: usize| line_breaks(chars, &lines, k);
        while let Some(l) = lines.get(i + header.len()) {
            // A title that mentions a column's name (`Android系统权限调用`), set apart from the
            // header below it, opens no header.
            if header.is_empty()
                && i + 2 < lines.len()
                && gap_after(i) > gap_after(i + 1)
                && column_match(chars, *l).is_none_or(|m| 2 * m.key_chars < m.bare_chars)
            {
                break;
            }
            // A header ends where the lines stand further apart than its own cells do (the rows'
            // `位置权限` / `核心功能` after `设备权限` / … / `用户可否关闭权限`).
            let at = i + header.len();
            if header.len() >= 2
                && gap_after(at - 1) > (i..at - 1).map(gap_after).max().unwrap_or(0)
            {
                break;
            }
            if let Some((f, k)) = header_cell(l) {
                header.push(f);
                header_keys.push(k);
                continue;
            }
            // A column the lexicon has no name for (`触发动作`, `说明`), between two it has.
            // (Not a row's cell that mentions one, as a list of items after a row's name does:
            // `存储权限、读取设备信息`.)
            // (Asked last below: every line that opens no header would ask it of the next.)
            let next_is_header = || {
                lines.get(i + header.len() + 1).is_some_and(|l| {
                    is_mostly_column_name(chars, *l)
                        || (column_name(chars, *l).is_some() && !chars[l.0..l.1].contains(&'、'))
                })
            };
            // Without a name column, only in a header saved line after line whose columns so
            // far are of the kind read and ignored (a permission table's `设备权限` / `说明`):
            // a document's name above a table (`隐私政策` / `附录` / `SDK名称`) is no column.
            let next_line = |k: usize| {
                lines.get(k + 1).is_some_and(|n| {
                    chars[lines[k].1..n.0]
                        .iter()
                        .filter(|c| **c == '\n')
                        .nth(1)
                        .is_none()
                })
            };
            let k = i + header.len();
            let close = k > 0 && next_line(k - 1) && next_line(k);
            if !header.is_empty()
                && (header.contains(&Field::Name)
                    || (close && header.iter().all(|f| *f == Field::Other)))
                && l.1 - l.0 <= 16
                && next_is_header()
            {
                header.push(Field::Other);
                header_keys.push(chars[l.0..l.1].iter().collect());
                continue;
            }
            break;
        }
        for _ in 0..unnamed_header_tail(chars, &lines, i, header.len()) {
            let l = lines[i + header.len()];
            header.push(Field::Other);
            header_keys.push(chars[l.0..l.1].iter().collect());
        }
        second_names_name_operators(&mut header);
        let first_row = lines.get(i + header.len()).copied();
        let first_row_names_sdk = || first_row.is_some_and(|l| names_sdk(chars, l));
        products_name_no_receivers(&mut header, &header_keys, first_row_names_sdk);
        // Rows end with their link, or, in a table without a link column, where the next
        // row's name (an SDK's) begins. Without either mark a cell left empty or wrapped over
        // two lines shifts every cell after it (seen on the crawl).
        let links = header.iter().filter(|f| **f == Field::Link).count();
        let starts_by_name = links == 0
            && header.first() == Some(&Field::Name)
            && lines.get(i + header.len()).is_some_and(row_head);
        if header.len() >= 3 && header[0] == Field::Name && links == 0 && !starts_by_name {
            // No link and no known name marks a row: a page saved with blank lines between
            // its cells may still mark them, by breaking a cell's own lines less (`读取手机状态`
            // / `访问网络状态信息` are one cell).
            let (rows_end, fields, rows) =
                table_by_blank_lines(chars, &lines, i, &header, &header_keys);
            if !fields.is_empty() {
                out.extend(fields);
                tables.push(LineTable {
                    header: lines[i..i + header.len()].to_vec(),
                    rows,
                });
                i = rows_end;
                continue;
            }
        }
        // Rows that open with a name but are also set apart by blank lines are cut at those:
        // a name too long to read as one (`腾讯科技（深圳）有限公司的“优量汇广告联盟”SDK`) then
        // still opens its row. (The rows' fields are read from the table's cells.)
        if starts_by_name {
            let is_header = |l: &(usize, usize)| is_mostly_column_name(chars, *l);
            if let Some((rows_end, rows)) =
                rows_by_blank_lines(chars, &lines, i, &header, &header_keys, &is_header)
                    .filter(|(_, rows)| rows.len() >= 2)
            {
                tables.push(LineTable {
                    header: lines[i..i + header.len()].to_vec(),
                    rows,
                });
                i = rows_end;
                continue;
            }
        }
        if header.len() < 3 || !header.contains(&Field::Name) || (links == 0 && !starts_by_name) {
            // Not a list of receivers, but still a table (`业务场景 / 收集目的 / 收集方式 /
            // 个人信息字段`): shown as one when blank lines set its rows apart.
            if header.len() >= 2 {
                let is_header = |l: &(usize, usize)| is_mostly_column_name(chars, *l);
                if let Some((rows_end, rows)) =
                    rows_by_blank_lines(chars, &lines, i, &header, &header_keys, &is_header)
                {
                    tables.push(LineTable {
                        header: lines[i..i + header.len()].to_vec(),
                        rows,
                    });
                    i = rows_end;
                    continue;
                }
            }
            i += header.len().max(1);
            continue;
        }
        let last_link = header.iter().rposition(|f| *f == Field::Link).unwrap_or(0);
        let after_links = header.len() - 1 - last_link;
        let says_sdk = header_keys
            .iter()
            .zip(&header)
            .any(|(k, f)| *f == Field::Name && k.to_ascii_lowercase().contains("sdk"));
        let mut j = i + header.len();
        let mut rows = Vec::new();
        loop {
            // One row: its lines up to the link of its last link column (`官网地址` /
            // `隐私协议地址` take two), then one line for each column after that.
            let row_start = j;
            let mut row_end = j;
            let mut seen_links = 0;
            if starts_by_name {
                if !lines.get(j).is_some_and(row_head) {
                    break;
                }
                row_end = j + 1;
                while row_end < lines.len()
                    && row_end - row_start < 3 * header.len()
                    && !row_head(&lines[row_end])
                    && is_cell(chars, lines[row_end])
                {
                    row_end += 1;
                }
            }
            while !starts_by_name && row_end < lines.len() && row_end - row_start < 3 * header.len()
            {
                let l = lines[row_end];
                row_end += 1;
                if is_link_cell(chars, l) {
                    seen_links += 1;
                    if seen_links == links {
                        break;
                    }
                }
            }
            if seen_links < links || row_end == row_start {
                break;
            }
            // A link cell of two lines (`官网链接:…` / `隐私政策链接:…`): no row opens with a link.
            while !starts_by_name
                && after_links == 0
                && row_end < lines.len()
                && is_link_cell(chars, lines[row_end])
            {
                row_end += 1;
            }
            // A row far longer than the header whose link was left out ran into the rows after
            // it: it ends where the next SDK's name begins.
            if !starts_by_name && row_end - row_start > header.len() + 1 {
                if let Some(k) = (row_start + 2..row_end)
                    .find(|&k| names_sdk(chars, lines[k]) && !is_link_cell(chars, lines[k]))
                {
                    row_end = k;
                }
            }
            row_end = (row_end + after_links).min(lines.len());
            // A serial number opening a row (`1`, `2` … under a `序号` column or none) is no cell.
            let serial = |&(a, b): &(usize, usize)| chars[a..b].iter().all(|c| c.is_ascii_digit());
            let mut row = &lines[row_start..row_end];
            let mut cells = Vec::new();
            if header[0] != Field::Other && row.len() > 2 && serial(&row[0]) {
                cells.push((None, row[0]));
                row = &row[1..];
            }
            if row.len() < 2
                || row.iter().any(|l| !is_cell(chars, *l))
                || is_mostly_column_name(chars, row[0])
                || row[1..].iter().any(names_column)
            {
                break;
            }
            let aligned = align_row(chars, row, &header, &header_keys);
            cells.extend(aligned.iter().map(|&(col, _, span)| (col, span)));
            rows.push(cells);
            for (_, field, (a, b)) in aligned {
                // A cell written `key：value` is read as such (`inline_fields`).
                if starts_with_key(chars, a, b) {
                    continue;
                }
                out.push(FieldAt::cell(field, says_sdk, a, b));
            }
            j = row_end;
        }
        if !rows.is_empty() {
            tables.push(LineTable {
                header: lines[i..i + header.len()].to_vec(),
                rows,
            });
        }
        i = j.max(i + header.len());
    }
    // Tables in text order; of two found over the same lines, the first found.
    tables.extend(aligned);
    tables.sort_by_key(|t| t.header.first().map_or(0, |h| h.0));
    let mut kept: Vec<LineTable> = Vec::new();
    for t in tables {
        let start = t.header.first().map_or(0, |h| h.0);
        if kept.last().is_none_or(|k| k.end() <= start) {
            kept.push(t);
        }
    }
    (kept, out)
}

/// How many lines after a header of `n` column names (lines `i..i + n`) are columns the lexicon
/// has no name for, ending it (`设备权限 / 业务功能 / 权限授权方式 / 是否可关闭`): up to two short
/// lines written line after line like the header's own, the last one followed by a blank line.
/// (0 when the header does not end so; the rows after it still have to read as rows.)
pub(super) fn unnamed_header_tail(
    chars: &[char],
    lines: &[(usize, usize)],
    i: usize,
    n: usize,
) -> usize {
    let breaks = |k: usize| line_breaks(chars, lines, k);
    if n < 2 || i + n >= lines.len() || (i..i + n).any(|k| breaks(k) != 1) {
        return 0;
    }
    let short = |&(a, b): &(usize, usize)| {
        b - a <= 10
            && is_cell(chars, (a, b))
            && !chars[a..b]
                .iter()
                .any(|c| "，。；：:,;!！?？".contains(*c) || c.is_ascii_digit())
    };
    for extra in 1..=2 {
        let k = i + n + extra - 1;
        if k + 1 >= lines.len() || !short(&lines[k]) || column_name(chars, lines[k]).is_some() {
            return 0;
        }
        match breaks(k) {
            1 => continue,
            0 => return 0,
            _ => return extra,
        }
    }
    0
}

/// How many line breaks part line `k` from line `k + 1` (1: the next line; 2 or more: blank
/// lines between).
pub(super) fn line_breaks(chars: &[char], lines: &[(usize, usize)], k: usize) -> usize {
    chars[lines[k].1..lines[k + 1].0]
        .iter()
        .filter(|c| **c == '\n')
        .count()
}

/// A header's name columns after the first name who runs the receiver the first names
/// (`SDK名称` / `第三方机构名称`): its operator.
pub(super) fn second_names_name_operators(header: &mut [Field]) {
    if let Some(first) = header.iter().position(|f| *f == Field::Name) {
        for f in &mut header[first + 1..] {
            if *f == Field::Name {
                *f = Field::Operator;
            }
        }
    }
}

/// A header cell: a short text naming a field (`第三方SDK名称`, `个人信息字段（…）`), the field
/// of the longest name in it, and the text.
pub(super) fn column_name(chars: &[char], span: (usize, usize)) -> Option<(Field, String)> {
    column_match(chars, span).map(|m| (m.field, m.text))
}

/// Whether a line is a column's name again (the next table's header): a name that is most of
/// the line. A row's cell that mentions one (`各项业务功能进行网络连接`) is not.
pub(super) fn is_mostly_column_name(chars: &[char], span: (usize, usize)) -> bool {
    column_match(chars, span).is_some_and(|m| 2 * m.key_chars > m.bare_chars)
}

/// A header cell as [`column_name`] reads it, and how much of it the name is.
pub(super) struct ColumnMatch {
    pub(super) field: Field,
    /// The cell's text, normalized, without a trailing colon.
    pub(super) text: String,
    /// Chars of the longest name in it, and of the text before any bracket.
    pub(super) key_chars: usize,
    pub(super) bare_chars: usize,
}

pub(super) fn column_match(chars: &[char], (a, b): (usize, usize)) -> Option<ColumnMatch> {
    // Most lines are sentences, far longer than a column's name: tell them by their length
    // before normalizing them (every line of every policy is asked). Normalization maps char
    // to char and `（` to `(`, so the text before the first bracket is as long here as below.
    let line = &chars[a..b];
    let before_bracket = match line.iter().position(|c| matches!(c, '（' | '(')) {
        Some(i) if i > 0 => i,
        _ => line
            .iter()
            .rposition(|c| !matches!(c, '：' | ':'))
            .map_or(0, |i| i + 1),
    };
    if before_bracket > 16 {
        return None;
    }
    let keys = keys();
    let t: String = crate::normalize::normalize(&chars[a..b].iter().collect::<String>());
    let t = t.trim_end_matches(['：', ':']);
    let bare = match t.find(['（', '(']) {
        Some(i) if i > 0 => &t[..i],
        _ => t,
    };
    // A list's title (`第三方SDK目录`, `合作方清单`) names no column.
    let title = ["目录", "清单", "列表", "名单", "一览", "如下"]
        .iter()
        .any(|w| bare.ends_with(w));
    if bare.chars().count() > 16 || bare.contains(['。', '，', '；']) || t.contains("http") || title
    {
        return None;
    }
    let bare_chars = bare.chars().filter(|c| !c.is_whitespace()).count();
    if let Some(&field) = keys.whole.get(&key_form(&bare.chars().collect::<Vec<_>>())) {
        return Some(ColumnMatch {
            field,
            text: t.to_string(),
            key_chars: bare_chars,
            bare_chars,
        });
    }
    let m = keys
        .matcher
        .find_iter(bare)
        .max_by_key(|m| (m.end() - m.start(), usize::MAX - m.start()))?;
    // A numbered line (`（2）iOS系统权限调用`, `3.权限说明`) is a heading, not a column.
    let numbered = {
        let mut cs = t.trim_start().chars();
        match cs.next() {
            Some('（' | '(') => cs
                .next()
                .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
            Some(c) => c.is_ascii_digit() && starts_with_number(t.trim_start()),
            None => false,
        }
    };
    if numbered {
        return None;
    }
    Some(ColumnMatch {
        field: keys.fields[m.pattern().as_usize()],
        text: t.to_string(),
        key_chars: bare[m.start()..m.end()].chars().count(),
        bare_chars,
    })
}
