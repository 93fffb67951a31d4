//! Tables: the ones real files hold come out as table cells (rows × columns), never as
//! headings. Checked on the whole appch crawl (skipped when absent) and on the forms each
//! format writes them in.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use policylens::document::{BlockKind, Policy};
use policylens::parse::{parse_file, ParseOptions};

use crate::util::*;

/// The column names of receiver tables (`data/lexicon/receiver_fields.tsv`), as compared: no
/// whitespace, lower case.
fn column_names() -> HashSet<String> {
    let tsv = std::fs::read_to_string(root().join("data/lexicon/receiver_fields.tsv")).unwrap();
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("field\t"))
        .filter_map(|l| l.split_once('\t'))
        .flat_map(|(_, keys)| keys.split('|'))
        .map(compact)
        // Names of documents, which are titles as often as columns.
        .filter(|k| {
            !k.is_empty()
                && !["隐私政策", "隐私协议", "隐私权政策", "隐私声明", "个人信息"]
                    .contains(&k.as_str())
        })
        .collect()
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

/// The headings of `policy` that are a table's header cells: their text is a column's name
/// (`SDK名称`, `使用目的：`) and so is the block's before or after it. (A column name alone may
/// be a title: `隐私政策`.)
fn column_headings(policy: &Policy, columns: &HashSet<String>) -> Vec<String> {
    let names_column = |i: usize| {
        policy.blocks.get(i).is_some_and(|b| {
            columns.contains(&compact(policy.slice(b.span).trim_end_matches(['：', ':'])))
        })
    };
    (0..policy.blocks.len())
        .filter(|&i| policy.blocks[i].is_heading() && names_column(i))
        .filter(|&i| (i > 0 && names_column(i - 1)) || names_column(i + 1))
        .map(|i| policy.slice(policy.blocks[i].span).to_string())
        .collect()
}

#[test]
fn no_column_name_of_a_crawl_table_becomes_a_heading() {
    let corpus = root().join("../shared/corpus/appch");
    if !corpus.is_dir() {
        eprintln!("skipped: no crawl at {}", corpus.display());
        return;
    }
    let columns = column_names();
    let mut all = Vec::new();
    files(&corpus, &mut all);
    all.sort();
    let options = ParseOptions::default();
    let (mut headings, mut tables, mut policies) = (0, 0, 0);
    for path in &all {
        let Ok(policy) = parse_file(path, &options) else {
            continue;
        };
        policies += 1;
        tables += policy.tables_count();
        let found = column_headings(&policy, &columns);
        if !found.is_empty() {
            eprintln!("{}: {found:?}", path.display());
        }
        headings += found.len();
    }
    eprintln!("{policies} files parsed: {tables} tables, {headings} headings named like a column");
    assert!(tables >= TABLES_FLOOR, "{tables} tables");
    assert!(
        headings <= HEADINGS_CEILING,
        "{headings} column names read as headings"
    );
}

/// Ratchets at today's figures on the crawl (tables whose cells ran together on one line:
/// 473 → 493; `官方网站` named a link column: 494). The headings ceiling: 374 → 376 on
/// 2026-12-03, the column list having grown by 所属机构 / 所属系统 (counted here once listed).
const TABLES_FLOOR: usize = 494;
const HEADINGS_CEILING: usize = 376;

/// The table cells of `p`: (row, column, header, text).
fn cells_of(p: &Policy) -> Vec<(u32, u32, bool, &str)> {
    p.blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::TableCell {
                row, col, header, ..
            } => Some((row, col, header, p.slice(b.span))),
            _ => None,
        })
        .collect()
}

#[test]
fn a_table_saved_one_cell_per_line_is_cells_not_headings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sdk.txt");
    std::fs::write(
        &path,
        "示例隐私政策\n\n第三方SDK目录\n\nSDK名称\n使用目的\n收集的个人信息\n隐私政策链接\n\
         高德地图SDK\n定位\n位置信息\nhttps://lbs.amap.com/pages/privacy/\n\
         友盟统计SDK\n统计分析\n设备信息\nhttps://www.umeng.com/page/policy\n\n\
         二、我们如何使用Cookie\n我们使用Cookie。\n",
    )
    .unwrap();
    let p = parse(&path);
    let cells = cells_of(&p);
    assert_eq!(cells.len(), 12, "{cells:?}");
    assert_eq!(cells[0], (0, 0, true, "SDK名称"));
    assert_eq!(cells[4], (1, 0, false, "高德地图SDK"));
    assert_eq!(
        cells[11],
        (2, 3, false, "https://www.umeng.com/page/policy")
    );
    assert_eq!(p.tables_count(), 1);
    // What follows the table is read as before.
    assert!(p
        .blocks
        .iter()
        .any(|b| b.is_heading() && p.slice(b.span) == "二、我们如何使用Cookie"));
    let headings: Vec<&str> = p
        .blocks
        .iter()
        .filter(|b| b.is_heading())
        .map(|b| p.slice(b.span))
        .collect();
    assert_eq!(
        headings,
        ["示例隐私政策", "第三方SDK目录", "二、我们如何使用Cookie"]
    );
}

#[test]
fn a_table_whose_rows_are_set_apart_by_blank_lines_is_cells_not_headings() {
    // The layout of a crawled page's collection table: header cells one per line, rows set
    // apart by two blank lines, a cell of a row after one blank line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collect.txt");
    std::fs::write(
        &path,
        "示例隐私政策\n\n信息列举如下：\n\n\n业务场景\n收集目的\n收集方式\n个人信息字段\n\n\n\
         使用app\n设备标识用户，用于信息跟踪处理\napp收集\n\n\t\tIMEI、IMSI、设备MAC地址\n\n\n\
         推荐本地新闻\n粗略判断用户归属地\napp收集\n\n\t\tIP地址\n\n\n\
         9.我们如何使用Cookie\n我们使用Cookie。\n",
    )
    .unwrap();
    let p = parse(&path);
    let cells = cells_of(&p);
    assert_eq!(
        cells,
        [
            (0, 0, true, "业务场景"),
            (0, 1, true, "收集目的"),
            (0, 2, true, "收集方式"),
            (0, 3, true, "个人信息字段"),
            (1, 0, false, "使用app"),
            (1, 1, false, "设备标识用户，用于信息跟踪处理"),
            (1, 2, false, "app收集"),
            (1, 3, false, "IMEI、IMSI、设备MAC地址"),
            (2, 0, false, "推荐本地新闻"),
            (2, 1, false, "粗略判断用户归属地"),
            (2, 2, false, "app收集"),
            (2, 3, false, "IP地址"),
        ]
    );
    assert!(p
        .blocks
        .iter()
        .any(|b| b.is_heading() && p.slice(b.span) == "9.我们如何使用Cookie"));
}

#[test]
fn a_table_whose_cells_ran_together_after_a_sentence_is_cells_and_the_sentence_stays() {
    // A crawled page whose table lost every break: the sentence that introduces it, the header's
    // column names, the rows, each ending with its link, then the next section, on one line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flat.txt");
    std::fs::write(
        &path,
        "示例隐私政策\n具体如下：功能类型SDK名称使用目的收集个人信息种类隐私政策\
         推送类极光推送向用户推送订单消息设备信息、位置信息https://www.jiguang.cn/license/privacy\
         支付类支付宝SDK支付订单费用设备标识符https://render.alipay.com/p/c/k2cx0tg8\n\
         二、我们如何存储您的信息\n我们将信息存储于境内。\n",
    )
    .unwrap();
    let p = parse(&path);
    let cells = cells_of(&p);
    let row = |r: u32| -> Vec<&str> { cells.iter().filter(|c| c.0 == r).map(|c| c.3).collect() };
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
    assert_eq!(
        row(1),
        [
            "推送类",
            "极光推送",
            "向用户推送订单消息",
            "设备信息、位置信息",
            "https://www.jiguang.cn/license/privacy"
        ]
    );
    assert_eq!(row(2)[1], "支付宝SDK");
    // The sentence before the table is a paragraph of its own; nothing of the line is lost.
    assert!(p
        .blocks
        .iter()
        .any(|b| !b.kind.is_table_cell() && p.slice(b.span) == "具体如下："));
    assert!(p
        .blocks
        .iter()
        .any(|b| b.is_heading() && p.slice(b.span) == "二、我们如何存储您的信息"));
    let receivers =
        policylens::receivers::receivers_of(&p, policylens::lexicon::Lexicon::builtin());
    let names: Vec<&str> = receivers.iter().map(|r| r.name.text.as_str()).collect();
    assert_eq!(names, ["极光推送", "支付宝SDK"]);
    assert_eq!(
        receivers[0].link.as_deref(),
        Some("https://www.jiguang.cn/license/privacy")
    );
}

/// A detected table's shape: (line of its first cell, columns, data rows).
fn shapes(policy: &Policy) -> Vec<(usize, u32, u32)> {
    let mut out: Vec<(usize, u32, u32)> = Vec::new();
    let mut current: Option<u32> = None;
    for b in &policy.blocks {
        let BlockKind::TableCell {
            table, row, col, ..
        } = b.kind
        else {
            continue;
        };
        if current != Some(table) {
            current = Some(table);
            let line = policy
                .text
                .chars()
                .take(b.span.start)
                .filter(|c| *c == '\n')
                .count()
                + 1;
            out.push((line, 0, 0));
        }
        let last = out.last_mut().expect("a table");
        last.1 = last.1.max(col + 1);
        last.2 = last.2.max(row);
    }
    out
}

#[test]
fn tables_of_twenty_crawl_policies_have_the_gold_rows_and_columns() {
    let corpus = root().join("../shared/corpus/appch");
    if !corpus.is_dir() {
        eprintln!("skipped: no crawl at {}", corpus.display());
        return;
    }
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("tables-gold.json")).unwrap())
            .unwrap();
    let (mut total, mut found, mut right) = (0, 0, 0);
    for p in gold["policies"].as_array().unwrap() {
        let file = p["file"].as_str().unwrap();
        let policy = parse(&corpus.join(file));
        let mut detected = shapes(&policy);
        for t in p["tables"].as_array().unwrap() {
            total += 1;
            let line = t["line"].as_u64().unwrap() as usize;
            let (columns, rows) = (t["columns"].as_u64().unwrap(), t["rows"].as_u64().unwrap());
            // The first table found on the gold's line (a header may open a line or two late).
            let Some(k) = detected
                .iter()
                .position(|d| (line..=line + 2).contains(&d.0))
            else {
                eprintln!(
                    "{file}:{line}: missed ({} form, {columns}×{rows})",
                    t["form"]
                );
                continue;
            };
            let d = detected.remove(k);
            found += 1;
            if (d.1 as u64, d.2 as u64) == (columns, rows) {
                right += 1;
            } else {
                eprintln!(
                    "{file}:{line}: {}×{} found, gold {columns}×{rows}",
                    d.1, d.2
                );
            }
        }
        for d in detected {
            eprintln!("{file}:{}: table not in gold ({}×{})", d.0, d.1, d.2);
        }
    }
    eprintln!("tables: gold {total}, found {found}, right shape {right}");
    assert!(found >= TABLES_FOUND_FLOOR, "found {found}");
    assert!(right >= TABLES_RIGHT_FLOOR, "right {right}");
}

/// Ratchets at today's figures against `tests/fixtures/tables-gold.json`.
const TABLES_FOUND_FLOOR: usize = 12;
const TABLES_RIGHT_FLOOR: usize = 9;
