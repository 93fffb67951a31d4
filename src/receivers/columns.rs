use super::*;

/// Rows of a table saved one cell per line whose cells are set apart by more line breaks than
/// the lines inside a cell: the header's cells (lines `i..`) are set apart by at least `h`
/// breaks; lines of the body set apart by `h - 2` or fewer are one cell, but for the name, which
/// takes one line. Rows are as wide as the header and open with a name. Returns the line after
/// the last row, the rows' fields (none when the layout does not mark cells so) and the rows'
/// cells.
pub(super) fn table_by_blank_lines(
    chars: &[char],
    lines: &[(usize, usize)],
    i: usize,
    header: &[Field],
    header_keys: &[String],
) -> (usize, Vec<FieldAt>, Vec<RowCells>) {
    let breaks = |k: usize| line_breaks(chars, lines, k);
    let n = header.len();
    let Some(h) = (i..i + n - 1).map(breaks).min() else {
        return (i, vec![], vec![]);
    };
    if h < 3 {
        return (i, vec![], vec![]);
    }
    let says_sdk = header_keys
        .iter()
        .any(|k| k.to_ascii_lowercase().contains("sdk"));
    let mut out = Vec::new();
    let mut rows = Vec::new();
    let mut j = i + n;
    'rows: loop {
        let mut cells: Vec<(usize, usize)> = Vec::new();
        let mut k = j;
        while cells.len() < n && k < lines.len() {
            let mut cell = lines[k];
            // A name takes one line; the break after it may be as short as a cell's own.
            while !cells.is_empty() && k + 1 < lines.len() && breaks(k) + 2 <= h {
                k += 1;
                cell.1 = lines[k].1;
            }
            // A column's name again is the next table's header.
            if !is_cell(chars, cell)
                || keys()
                    .by_text
                    .contains_key(&key_form(&chars[cell.0..cell.1]))
            {
                break 'rows;
            }
            cells.push(cell);
            k += 1;
        }
        if cells.len() < n || !is_name(chars, cells[0].0, cells[0].1) {
            break;
        }
        rows.push(
            cells
                .iter()
                .enumerate()
                .map(|(c, &l)| (Some(c), l))
                .collect(),
        );
        for (&field, &(a, b)) in header.iter().zip(&cells) {
            out.push(FieldAt::cell(field, says_sdk, a, b));
        }
        j = k;
    }
    (j, out, rows)
}

/// Rows of a table saved one cell per line (its header's lines from `i`, one per column of
/// `header`) whose rows are set apart by more line breaks than anything inside the header: at
/// least two blank lines between rows, and as many between the header and the first row, where
/// a cell's lines and the cells of a row are set apart by fewer. A row of as many lines as
/// columns has a line per column; a longer one is cut into cells at its blank lines when that
/// makes one per column, else its lines go to the columns they fit (`align_row`). The table ends
/// at a group that does not read as a row (one line, a numbered or lettered line, a line too
/// long for a cell, a column name) or where rows stop being set apart. Returns the line after
/// the last row and the rows.
pub(super) fn rows_by_blank_lines(
    chars: &[char],
    lines: &[(usize, usize)],
    i: usize,
    header: &[Field],
    header_keys: &[String],
    is_header: &dyn Fn(&(usize, usize)) -> bool,
) -> Option<(usize, Vec<RowCells>)> {
    let n = header.len();
    let breaks = |k: usize| line_breaks(chars, lines, k);
    let body = i + n;
    if body + 1 >= lines.len() {
        return None;
    }
    let inside_header = (i..body - 1).map(breaks).max().unwrap_or(1);
    // The rows' separator: the widest break among the first rows' lines, but no wider than the
    // one after the header (a table may stand further apart from its header than its rows do
    // from one another, or from the text after it).
    let window_end = (body + 2 * n + 1).min(lines.len() - 1);
    let mut r = (body..window_end)
        .map(breaks)
        .max()
        .unwrap_or(0)
        .min(breaks(body - 1));
    // Two column names alone make a header only line after line (`设备权限` / `业务功能`).
    if r < 3 || r <= inside_header || (n == 2 && inside_header > 1) {
        return None;
    }
    // The most lines a row may take.
    let mut longest = 3 * n;
    let wider = wider_row_separator(chars, lines, body, n, r);
    if let Some(w) = wider {
        (r, longest) = (w, LONGEST_ROW_PER_COLUMN * n);
    }
    let mut rows = Vec::new();
    let mut k = body;
    while k < lines.len() {
        let mut e = k;
        while e + 1 < lines.len() && breaks(e) < r && e + 1 - k < longest {
            e += 1;
        }
        let group = &lines[k..=e];
        let ends_apart = e + 1 >= lines.len() || breaks(e) >= r;
        // A numbered or lettered line (`9.我们如何使用Cookie`, `B、位置信息：…`) opens the text
        // after the table; a serial number alone (`1`) may open a row.
        let first: String = chars[group[0].0..group[0].1].iter().collect();
        let numbered = starts_with_number(&first) && !first.chars().all(|c| c.is_ascii_digit());
        let lettered = {
            let mut cs = first.chars();
            cs.next().is_some_and(|c| c.is_ascii_alphabetic())
                && cs.next().is_some_and(|c| "、.．)）".contains(c))
        };
        if group.len() < 2
            || !ends_apart
            || numbered
            || lettered
            || group.iter().any(|l| !is_cell(chars, *l))
            // The next table's header: two or more column names (a row's cell may mention one:
            // `核心业务功能`).
            || group.iter().filter(|l| is_header(l)).nth(1).is_some()
        {
            break;
        }
        // Cells: one line each, or cut at the row's blank lines when that makes one per column.
        let mut cuts: Vec<usize> = (k..e).filter(|&x| breaks(x) >= 2).collect();
        // Rows set apart by a wider separator run their first cells together, one line each
        // (`展视互动` / `直播回放` / `北京展视互动科技有限公司` / the permissions' lines, then a
        // blank line): the first lines not yet cut are cut until the row has a cell per column.
        if wider.is_some() && cuts.len() + 1 < n && group.len() >= n {
            let mut x = k;
            while cuts.len() + 1 < n && x < e {
                if let Err(at) = cuts.binary_search(&x) {
                    cuts.insert(at, x);
                }
                x += 1;
            }
        }
        let mut row = Vec::new();
        if group.len() > n && cuts.len() + 1 == n {
            let mut col = 0;
            for (x, &l) in group.iter().enumerate() {
                row.push((Some(col), l));
                if cuts.contains(&(k + x)) {
                    col += 1;
                }
            }
        } else {
            row.extend(
                align_row(chars, group, header, header_keys)
                    .into_iter()
                    .map(|(col, _, l)| (col, l)),
            );
        }
        rows.push(row);
        k = e + 1;
    }
    (!rows.is_empty()).then_some((k, rows))
}

/// How many lines a row set apart by a [`wider_row_separator`] may take per column: a page
/// listing every permission and data item of an SDK on lines of their own (智学网's rows run
/// to 40 lines under seven columns).
const LONGEST_ROW_PER_COLUMN: usize = 10;

/// A separator wider than `r` that sets the rows of the table whose body opens at line `body`
/// apart, when `r` does not: a page whose rows stand three blank lines apart and a row's cells
/// one or two (or none) is cut by `r` into groups that open with a data item or a platform
/// (`用户的IP地址`, `Android`) and hold fewer lines than the table has columns. The wider
/// separator is taken only if the groups it makes (the first two, at least) each open with a
/// name that names no data, hold a line for every column but one, and the groups `r` makes do
/// not all do so. Only for tables of three columns or more whose groups hold no link alone.
fn wider_row_separator(
    chars: &[char],
    lines: &[(usize, usize)],
    body: usize,
    n: usize,
    r: usize,
) -> Option<usize> {
    let breaks = |k: usize| line_breaks(chars, lines, k);
    // The first `count` groups of lines set apart by `sep` or more breaks, each as its first
    // line and length (a group longer than `longest` lines ends the search).
    let groups = |sep: usize, longest: usize, count: usize| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut k = body;
        while k < lines.len() && out.len() < count {
            let mut e = k;
            while e + 1 < lines.len() && breaks(e) < sep {
                e += 1;
                if e + 1 - k > longest {
                    return out;
                }
            }
            out.push((k, e + 1 - k));
            k = e + 1;
        }
        out
    };
    let is_row = |&(first, len): &(usize, usize)| {
        let (a, b) = lines[first];
        len + 1 >= n
            && is_name(chars, a, b)
            && Lexicon::builtin()
                .find_data(&crate::normalize::normalize(
                    &chars[a..b].iter().collect::<String>(),
                ))
                .is_empty()
    };
    const ROWS_SEEN: usize = 3;
    let seen = groups(r, 3 * n, ROWS_SEEN);
    // (A table of three columns or more, without links: a link alone between groups is a row's
    // last cell, which the readers of tables with links place.)
    if n < 3
        || seen.iter().all(is_row)
        || seen
            .iter()
            .any(|&(first, _)| is_link_cell(chars, lines[first]))
    {
        return None;
    }
    let end = (body + LONGEST_ROW_PER_COLUMN * n * 2).min(lines.len().saturating_sub(1));
    let mut widths: Vec<usize> = (body..end).map(breaks).filter(|&w| w > r).collect();
    widths.sort_unstable();
    widths.dedup();
    widths.into_iter().find(|&w| {
        let rows = groups(w, LONGEST_ROW_PER_COLUMN * n, 2);
        rows.len() == 2 && rows.iter().all(is_row)
    })
}

/// The column (`None`: a category the header does not name) and field of each line of a row of
/// a table saved one cell per line. As many lines as columns: one each. Otherwise a cell took several lines (or none): the first line is the
/// name; a link goes to the next link column; any other line to the first column from the
/// previous line's on that its content fits, or else the next one.
pub(super) fn align_row(
    chars: &[char],
    row: &[(usize, usize)],
    header: &[Field],
    header_keys: &[String],
) -> Vec<(Option<usize>, Field, (usize, usize))> {
    // A category cell merged over several rows is written once, in its first row: a row of a
    // category-first table (`功能类型 / SDK名称 / …`) that opens with an SDK's name, not a
    // category, starts at the name column.
    // (Told by the name, or by the row holding one cell fewer than the header, a link written
    // over two lines being one cell.)
    let link = |l: &(usize, usize)| is_link_cell(chars, *l);
    let cells = row.len()
        - row
            .windows(2)
            .filter(|w| link(&w[0]) && link(&w[1]))
            .count();
    let category_merged = header.len() > 2
        && header[0] == Field::Kind
        && header[1] == Field::Name
        && row.len() >= 2
        && ((names_sdk(chars, row[0]) && !names_sdk(chars, row[1])) || cells + 1 == header.len())
        && is_name(chars, row[0].0, row[0].1);
    if category_merged {
        return align_row(chars, row, &header[1..], &header_keys[1..])
            .into_iter()
            .map(|(col, field, l)| (col.map(|c| c + 1), field, l))
            .collect();
    }
    // One line per column, unless a link would land outside a link column or the other way.
    let one_each = row.len() == header.len()
        && header
            .iter()
            .zip(row)
            .all(|(&f, l)| (f == Field::Link) == link(l) || f == Field::Other);
    if one_each {
        return header
            .iter()
            .zip(row)
            .enumerate()
            .map(|(c, (&f, &l))| (Some(c), f, l))
            .collect();
    }
    // Some tables have a category column the header does not name (`地图类` / `高德地图SDK` / …):
    // a row one line longer whose second line, not its first, names an SDK.
    let category_first = row.len() > header.len()
        && header[0] == Field::Name
        && names_sdk(chars, row[1])
        && !names_sdk(chars, row[0]);
    let mut out = Vec::with_capacity(row.len());
    let fixed = if category_first {
        out.push((None, Field::Kind, row[0]));
        out.push((Some(0), Field::Name, row[1]));
        2
    } else {
        out.push((Some(0), header[0], row[0]));
        1
    };
    let columns = monotone_columns(chars, &row[fixed..], header, header_keys);
    for (&c, &l) in columns.iter().zip(&row[fixed..]) {
        out.push((Some(c), header[c], l));
    }
    out
}

/// The columns of the lines after a row's name, in order (a column may take several lines, or
/// none): the assignment where most lines fit their column (`fits`; a link only in a link
/// column), fewest columns are left empty and fewest lines share one. Greedy placement read a
/// purpose cell's next line, which fits any text column, as more purpose.
pub(super) fn monotone_columns(
    chars: &[char],
    lines: &[(usize, usize)],
    header: &[Field],
    header_keys: &[String],
) -> Vec<usize> {
    const SKIP: i32 = -3;
    const SHARE: i32 = -1;
    const WRAPPED: usize = 20;
    let n = header.len();
    let score = |k: usize, c: usize| -> i32 {
        let (a, b) = lines[k];
        match (is_link_cell(chars, (a, b)), header[c] == Field::Link) {
            (true, true) => 3,
            (true, false) | (false, true) => -3,
            // Any text fits a purpose: a column that asks for more (data items, a company)
            // counts more.
            (false, false) if header[c] == Field::Purpose => {
                i32::from(fits(chars, a, b, header[c], &header_keys[c]))
            }
            (false, false) => 2 * i32::from(fits(chars, a, b, header[c], &header_keys[c])),
        }
    };
    let gap = |k: usize| line_breaks(chars, lines, k);
    let blank_parted = (0..lines.len().saturating_sub(1)).any(|k| gap(k) >= 2);
    // best[k][c]: the best score of lines ..=k with line k in column c (column 0, the name's,
    // taken by the line before these).
    let mut best = vec![vec![i32::MIN / 2; n]; lines.len()];
    let mut from = vec![vec![0usize; n]; lines.len()];
    for k in 0..lines.len() {
        for c in 0..n {
            let here = score(k, c);
            if k == 0 {
                best[0][c] =
                    here + SKIP * (c as i32 - 1).max(0) + if c == 0 { 2 * SHARE } else { 0 };
                continue;
            }
            for p in 0..=c {
                // A line goes on the cell above it when no blank line parts them in a row whose
                // cells blank lines part, or else when the line above is long (wrapped); hardly
                // ever on the name's (one line).
                let step = if p == c {
                    let (a, b) = lines[k - 1];
                    match c {
                        0 => 2 * SHARE,
                        _ if blank_parted => {
                            if gap(k - 1) == 1 {
                                0
                            } else {
                                2 * SHARE
                            }
                        }
                        _ if b - a >= WRAPPED => 0,
                        _ => SHARE,
                    }
                } else {
                    SKIP * (c - p - 1) as i32
                };
                let total = best[k - 1][p] + step + here;
                if total > best[k][c] {
                    best[k][c] = total;
                    from[k][c] = p;
                }
            }
        }
    }
    let Some(last) = lines.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut c = (0..n)
        .max_by_key(|&c| (best[last][c] + SKIP * (n - 1 - c) as i32, usize::MAX - c))
        .unwrap_or(0);
    let mut out = vec![0; lines.len()];
    for k in (0..lines.len()).rev() {
        out[k] = c;
        c = from[k][c];
    }
    out
}

/// The fields of one table row, its name first and every field keyed at the row's start
/// (`row_start`), so that the cells of columns before the name (`功能类型 | 使用目的 | 第三方名称`)
/// are read as this row's, not the previous one's.
pub(super) fn row_fields(
    cells: &[(Field, (usize, usize))],
    says_sdk: bool,
    row_start: usize,
) -> Vec<FieldAt> {
    let field = |&(field, (a, b)): &(Field, (usize, usize))| FieldAt {
        field,
        key_says_sdk: says_sdk,
        key_start: row_start,
        value_start: a,
        value_end: b,
    };
    let names = cells.iter().filter(|(f, _)| *f == Field::Name).map(field);
    let rest = cells.iter().filter(|(f, _)| *f != Field::Name).map(field);
    names.chain(rest).collect()
}

/// Fields of tables whose columns are set apart by spaces or tabs, as text taken from a PDF or
/// a page comes (`功能类型 使用目的 第三方名称 涉及个人信息 第三方官网链接` / `第三方支付 为用户提供
/// 第三方支付功能 银联支付 设备信息 https://…`): a header line of three or more column names,
/// one of them the name, then rows of cells. A row with fewer cells left the first columns to the
/// row above (merged cells): its cells are the last columns, the ones before repeat the row
/// above's; a row with more cells than columns has spaces inside its last data or purpose cell.
/// The table ends at a line with one cell (a wrapped link continues its row) or that
/// does not read as a row.
pub(super) fn aligned_table_fields(
    chars: &[char],
    lines: &[(usize, usize)],
) -> (Vec<LineTable>, Vec<FieldAt>) {
    let keys = keys();
    let mut tables: Vec<LineTable> = Vec::new();
    // Cells of a line: runs of text set apart by whitespace.
    let cells = |l: &(usize, usize)| words_of(chars, *l);
    let column = |&(a, b): &(usize, usize)| keys.by_text.get(&key_form(&chars[a..b])).copied();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let head = cells(&lines[i]);
        i += 1;
        // (Told by the count first: most lines are one cell, a sentence.)
        if head.len() < 3 {
            continue;
        }
        let header: Option<Vec<Field>> = head.iter().map(column).collect();
        let Some(mut header) = header.filter(|h| h.len() >= 3 && h.contains(&Field::Name)) else {
            continue;
        };
        second_names_name_operators(&mut header);
        let head_keys: Vec<String> = head
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect();
        let first_row_names_sdk = || {
            lines
                .get(i)
                .and_then(|l| cells(l).first().copied())
                .is_some_and(|c| names_sdk(chars, c))
        };
        products_name_no_receivers(&mut header, &head_keys, first_row_names_sdk);
        if !header.contains(&Field::Name) {
            continue;
        }
        let says_sdk = head.iter().any(|&(a, b)| {
            chars[a..b]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase()
                .contains("sdk")
        });
        let n = header.len();
        let mut table = LineTable {
            header: head.clone(),
            rows: Vec::new(),
        };
        // The cells of the last row, by column: what a shorter row repeats.
        let mut above: Vec<Option<(usize, usize)>> = vec![None; n];
        while let Some(line) = lines.get(i) {
            let row = cells(line);
            if row.len() == 1 {
                // A link wrapped onto the next line continues its row.
                let (a, b) = row[0];
                let ideograph = |c: &char| ('\u{3400}'..='\u{9fff}').contains(c);
                if !chars[a..b].iter().any(ideograph) && find_url(chars, a, b).is_none() {
                    if let Some(last) = table.rows.last_mut() {
                        last.push((Some(n - 1), (a, b)));
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            // More cells than columns: a description or a list with spaces in it (`设备平台，
            // 网 络信息`); the excess joins the last data or purpose cell.
            let mut row = row;
            if row.len() > n {
                let Some(c) = header
                    .iter()
                    .rposition(|f| matches!(f, Field::Data | Field::Purpose))
                else {
                    break;
                };
                let excess = row.len() - n;
                let joined = (row[c].0, row[c + excess].1);
                row.splice(c..=c + excess, [joined]);
            }
            if row.iter().any(|c| !is_cell(chars, *c)) {
                break;
            }
            let first = n - row.len();
            let mut by_column = above.clone();
            for (k, cell) in row.iter().enumerate() {
                by_column[first + k] = Some(*cell);
            }
            // Every row names its receiver in its own cells.
            let name_column = header.iter().position(|f| *f == Field::Name).unwrap_or(0);
            let named = first <= name_column
                && by_column[name_column].is_some_and(|(a, b)| is_name(chars, a, b));
            if !named {
                break;
            }
            let row_cells: Vec<(Field, (usize, usize))> = header
                .iter()
                .zip(&by_column)
                .filter_map(|(f, c)| c.map(|c| (*f, c)))
                .collect();
            out.extend(row_fields(&row_cells, says_sdk, line.0));
            table.rows.push(
                row.iter()
                    .enumerate()
                    .map(|(k, c)| (Some(first + k), *c))
                    .collect(),
            );
            above = by_column;
            i += 1;
        }
        if !table.rows.is_empty() {
            tables.push(table);
        }
    }
    (tables, out)
}

/// Lists that give each receiver as its name on one line and its privacy policy's link on the
/// next (`环信` / `https://www.easemob.com/protocol` / `友盟` / `https://www.umeng.com/policy`):
/// two or more such pairs, line after line.
pub(super) fn name_link_pairs(chars: &[char], lines: &[(usize, usize)]) -> Vec<FieldAt> {
    let link_line = |&(a, b): &(usize, usize)| find_url(chars, a, b) == Some((a, b));
    // The link below first: most lines have none, and `is_name` asks the lexicon.
    let pair_at = |k: usize| {
        k + 1 < lines.len()
            && link_line(&lines[k + 1])
            && !link_line(&lines[k])
            && is_name(chars, lines[k].0, lines[k].1)
            && !starts_with_key(chars, lines[k].0, lines[k].1)
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        // Pairs follow one another line after line: a blank line ends the list.
        let adjacent = |k: usize| {
            chars[lines[k - 1].1..lines[k].0]
                .iter()
                .filter(|c| **c == '\n')
                .count()
                == 1
        };
        let mut end = k;
        while pair_at(end) && (end == k || adjacent(end)) {
            end += 2;
        }
        if end - k >= 4 {
            for p in (k..end).step_by(2) {
                let (name, link) = (lines[p], lines[p + 1]);
                out.extend(row_fields(
                    &[(Field::Name, name), (Field::Link, link)],
                    false,
                    name.0,
                ));
            }
        }
        k = end.max(k + 1);
    }
    out
}

/// Fields of Markdown pipe tables (`| SDK名称 | 使用目的 | … |`): a header row whose cells are
/// field names (three or more, one of them a name), then rows of cells in the same order.
pub(super) fn pipe_table_fields(chars: &[char], lines: &[(usize, usize)]) -> Vec<FieldAt> {
    let keys = keys();
    // The cells of a line `| a | b |`: their trimmed spans.
    let cells = |&(a, b): &(usize, usize)| -> Option<Vec<(usize, usize)>> {
        if chars[a] != '|' {
            return None;
        }
        let mut out = Vec::new();
        let mut s = a + 1;
        for i in a + 1..b {
            if chars[i] == '|' {
                out.push(trim(chars, s, i));
                s = i + 1;
            }
        }
        if s < b {
            out.push(trim(chars, s, b));
        }
        Some(out)
    };
    let field_of = |&(a, b): &(usize, usize)| -> Option<(Field, bool)> {
        let t: String = chars[a..b].iter().collect();
        let m = keys.matcher.find(&t)?;
        (m.start() == 0 && m.end() == t.len()).then(|| {
            (
                keys.fields[m.pattern().as_usize()],
                t.to_ascii_lowercase().contains("sdk"),
            )
        })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(head) = cells(&lines[i]) else {
            i += 1;
            continue;
        };
        let header: Vec<Option<(Field, bool)>> = head.iter().map(field_of).collect();
        let named = header.iter().flatten().count();
        if named < 3 || !header.iter().flatten().any(|(f, _)| *f == Field::Name) {
            i += 1;
            continue;
        }
        let says_sdk = header
            .iter()
            .flatten()
            .any(|(f, sdk)| *f == Field::Name && *sdk);
        i += 1;
        while let Some(row) = lines.get(i).and_then(cells) {
            i += 1;
            // The `| --- | --- |` line under the header.
            if row
                .iter()
                .all(|&(a, b)| chars[a..b].iter().all(|c| matches!(c, '-' | ':' | ' ')))
            {
                continue;
            }
            let row_start = lines[i - 1].0;
            let cells: Vec<(Field, (usize, usize))> = row
                .into_iter()
                .zip(&header)
                .filter_map(|(cell, column)| column.map(|(field, _)| (field, cell)))
                .filter(|(_, (a, b))| a < b)
                .collect();
            out.extend(row_fields(&cells, says_sdk, row_start));
        }
    }
    out
}
