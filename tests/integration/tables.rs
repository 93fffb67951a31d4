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
        .map(|k| compact(k.trim_start_matches('=')))
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
/// 2026-12-03: a header saved line after line ends at its blank line, taking the columns the
/// lexicon has no name for (`权限授权方式 / 是否可关闭`), and a row's cell that mentions a
/// column's name (`各项业务功能进行网络连接`) or a title that does (`Android系统权限调用`) no
/// longer ends or opens the table; a header ends where lines stand further apart than its
/// cells (the first row's `位置权限` / `核心功能` are no columns): 494 → 646 tables, 376 → 138
/// headings (`链接` now counted as a column's name). A row whose first cell mentions a column's
/// name (`数据分析服务合作方`) is a row, 合作伙伴名称 / 合作伙伴类型 / 合作方式 are columns: 682
/// tables, 142 headings (160 once those names were counted, before the rows were read); a
/// column headed `SDK` alone (`=SDK`, a whole-cell name): 707 tables.
const TABLES_FLOOR: usize = 707;
const HEADINGS_CEILING: usize = 142;

/// `text` parsed as a plain-text policy file.
fn parse_text(text: &str) -> Policy {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.txt");
    std::fs::write(&path, text).unwrap();
    parse(&path)
}

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
    let p = parse_text(
        "示例隐私政策\n\n第三方SDK目录\n\nSDK名称\n使用目的\n收集的个人信息\n隐私政策链接\n\
         高德地图SDK\n定位\n位置信息\nhttps://lbs.amap.com/pages/privacy/\n\
         友盟统计SDK\n统计分析\n设备信息\nhttps://www.umeng.com/page/policy\n\n\
         二、我们如何使用Cookie\n我们使用Cookie。\n",
    );
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
    let p = parse_text(
        "示例隐私政策\n\n信息列举如下：\n\n\n业务场景\n收集目的\n收集方式\n个人信息字段\n\n\n\
         使用app\n设备标识用户，用于信息跟踪处理\napp收集\n\n\t\tIMEI、IMSI、设备MAC地址\n\n\n\
         推荐本地新闻\n粗略判断用户归属地\napp收集\n\n\t\tIP地址\n\n\n\
         9.我们如何使用Cookie\n我们使用Cookie。\n",
    );
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
fn a_permission_table_with_columns_the_lexicon_does_not_name_is_one_table_of_all_its_rows() {
    // A crawled permission table: the header's last two columns have no name in the lexicon,
    // a cell mentions a column's name (`业务功能`), and so does the title above it (`权限`);
    // before, the table was headings and stopped at that cell.
    let p = parse_text(
        "示例隐私政策\n\n各项业务功能对系统隐私权限的调用情况如下：\n\nAndroid系统权限调用\n\n\n\n设备权限\n业务功能\n\
         权限授权方式\n是否可关闭\n\n\n存储空间\n读取及写入图片、文件或缓存信息\n\
         用户首次打开软件时弹窗询问\n是\n\n\n无线网络\n各项业务功能进行网络连接\n\
         用户首次打开软件时弹窗询问\n是\n\n\n位置\n第三方友盟SDK获取用户地区，仅用作于统计\n\
         用户首次打开软件时弹窗询问\n是\n\n\n四、我们如何使用Cookie\n我们使用Cookie。\n",
    );
    let cells = cells_of(&p);
    assert_eq!(cells.len(), 16, "{cells:?}");
    assert_eq!(cells[3], (0, 3, true, "是否可关闭"));
    assert_eq!(cells[9], (2, 1, false, "各项业务功能进行网络连接"));
    assert_eq!(cells[15], (3, 3, false, "是"));
    assert!(!p
        .blocks
        .iter()
        .any(|b| b.is_heading() && ["设备权限", "业务功能"].contains(&p.slice(b.span))));
}

#[test]
fn a_header_ends_where_its_lines_stand_further_apart_than_its_cells() {
    // A crawled permission table whose rows open with cells that mention a column's name
    // (`位置权限`, `核心功能`): before, they were read as two more header cells and the table
    // was lost.
    let p = parse_text(
        "示例隐私政策\n\n您关闭权限的操作不会影响此前基于您的授权所进行的信息收集及使用。\n\n\n\n\
         设备权限\n对应业务功能\n调用权限的目的\n是否询问\n用户可否关闭权限\n\n\n\
         位置权限\n核心功能\n获取您所在位置的WiFi网络列表\n是\n是\n\n\n\
         相机权限\n附加功能\n用于拍摄照片，实现更换账号头像目的\n是\n是\n\n\n\n\
         （四）提供安全保障\n为保障账号与设备安全，我们会获取以下信息。\n",
    );
    let cells = cells_of(&p);
    assert_eq!(cells.len(), 15, "{cells:?}");
    assert_eq!(cells[4], (0, 4, true, "用户可否关闭权限"));
    assert_eq!(cells[5], (1, 0, false, "位置权限"));
    assert_eq!(cells[6], (1, 1, false, "核心功能"));
    assert_eq!(cells[11], (2, 1, false, "附加功能"));
}

#[test]
fn a_partner_table_whose_cells_blank_lines_part_keeps_each_cell_in_its_column() {
    // A crawled partner table: each row opens with a category that mentions a column's name
    // (`…合作方`), its cells are parted by blank lines and a cell of two lines is not. Before,
    // the table was headings; then every text line after the purpose was read as purpose.
    let p = parse_text(
        "示例隐私政策\n\n第三方合作伙伴及共享信息说明：\n\n\n\n\n合作伙伴类型\n合作伙伴名称\n合作目的\n合作方式\n\
         共享个人信息字段\n合作伙伴数据安全能力描述\n隐私政策\n\n\n\n\n数据分析服务合作方\n\
         友盟同欣（北京）科技有限公司\n\n提供用户行为数据的采集与可视化分析\n\n嵌入第三方SDK、SDK收集传输个人信息\n\n\
         设备MAC地址、唯一设备识别码（IMEI/androidID）、位置信息\n\n其获得了ISO/IEC 27001:2013 信息安全管理体系认证\n\
         并拥有公安部颁发的信息系统安全三级等保证书。\n\nhttps://www.umeng.com/policy\n\n\n\n\
         问题追踪服务合作方\n腾讯BuglySDK\n\n提供App稳定性监控，崩溃问题追踪服务\n\n嵌入第三方SDK、SDK收集传输个人信息\n\n\
         设备MAC地址、唯一设备标识码(IDFA、IMEI)\n\n进行去标识化处理\n\n\
         https://static.bugly.qq.com/bugly-sdk-privacy-statement.pdf\n\n\n\n五、联系我们\n请发邮件。\n",
    );
    let row = |r: u32| -> Vec<(u32, String)> {
        cells_of(&p)
            .into_iter()
            .filter(|c| c.0 == r)
            .map(|c| (c.1, c.3.chars().take(8).collect()))
            .collect()
    };
    let columns = |r: u32| row(r).iter().map(|c| c.0).collect::<Vec<_>>();
    assert_eq!(row(0).len(), 7, "{:?}", row(0));
    assert_eq!(columns(1), [0, 1, 2, 3, 4, 5, 6], "{:?}", row(1));
    assert_eq!(row(1)[4].1, "设备MAC地址、");
    assert_eq!(row(1)[5].1, "其获得了ISO/");
    assert_eq!(columns(2), [0, 1, 2, 3, 4, 5, 6], "{:?}", row(2));
}

#[test]
fn a_column_headed_sdk_alone_names_the_receivers() {
    // A crawled SDK table whose first column is headed `SDK` and nothing more: before, the
    // header began at its second column and no row gave a receiver.
    let p = parse_text(
        "示例隐私政策\n\n我们可能会向此类合作伙伴提供以下个人信息。\n\n\n\nSDK\n个人信息\n用途/目的\n隐私政策链接\n\n\n\
         友盟统计分析+SDK\n设备信息：（IMEI/MAC/ AndroidID）、硬件序列号、网络信息\n\
         在前台、后台状态下获取设备信息用于行为统计分析\nhttps://www.umeng.com/page/policy\n\n\n\
         bugly\n设备信息：网络设备硬件地址（MAC）、唯一设备识别码(IMEI)\n用于崩溃统计\n\
         https://bugly.qq.com/v2/contract\n\n\n五、联系我们\n请发邮件。\n",
    );
    let cells = cells_of(&p);
    assert_eq!(cells[0], (0, 0, true, "SDK"), "{cells:?}");
    assert_eq!(cells[4], (1, 0, false, "友盟统计分析+SDK"));
    let receivers =
        policylens::receivers::receivers_of(&p, policylens::lexicon::Lexicon::builtin());
    let names: Vec<&str> = receivers.iter().map(|r| r.name.text.as_str()).collect();
    assert!(
        names.contains(&"友盟统计分析+SDK") && names.contains(&"bugly"),
        "{names:?}"
    );
}

#[test]
fn a_category_cell_merged_over_rows_and_two_line_links_keep_every_cell_in_its_column() {
    // A crawled SDK table: a category written once for the rows under it, links of two lines
    // (`官网链接:` / `隐私政策链接:`), a blank line inside a row. Before, the rows after the
    // first shifted (`根据用户选择…` read as the SDK's name) or ended the table.
    let p = parse_text(
        "示例隐私政策\n\n我们与第三方共享您的个人信息的情形逐项列举：\n\n\n功能类型\n第三方SDK名称\n\
         使用场景\n个人信息字段\n第三方机构名称\n第三方链接\n\n\n\
         信息分享\n微博分享\n需要分享的社交账户公开信息，以便完成一键分享服务\n设备相关信息（IMEI、IDFA）\n\
         北京微梦创科网络技术有限公司\n\n官网链接:https://weibo.com/\n\
         隐私政策链接:https://www.weibo.com/signup/v5/privacy\n\n\n\n\
         QQ分享\n根据用户选择，为用户提供内容分享至第三方平台功能\n网络信息、QQ账号信息\n\
         深圳市腾讯计算机系统有限公司\n\n官网链接:https://connect.qq.com/index.html\n\
         隐私政策链接:https://privacy.qq.com/\n\n\n\n\
         四、我们如何使用Cookie\n我们使用Cookie。\n",
    );
    let row = |r: u32| -> Vec<(u32, &str)> {
        cells_of(&p)
            .into_iter()
            .filter(|c| c.0 == r)
            .map(|c| (c.1, c.3))
            .collect()
    };
    assert_eq!(
        row(1)[..5],
        [
            (0, "信息分享"),
            (1, "微博分享"),
            (2, "需要分享的社交账户公开信息，以便完成一键分享服务"),
            (3, "设备相关信息（IMEI、IDFA）"),
            (4, "北京微梦创科网络技术有限公司"),
        ]
    );
    let second = row(2);
    assert_eq!(second[0], (1, "QQ分享"), "{second:?}");
    assert_eq!(
        second[1],
        (2, "根据用户选择，为用户提供内容分享至第三方平台功能")
    );
    assert_eq!(second[2], (3, "网络信息、QQ账号信息"));
    assert_eq!(second[3], (4, "深圳市腾讯计算机系统有限公司"));
    assert!(second[4..].iter().all(|c| c.0 == 5), "{second:?}");
}

#[test]
fn rows_that_open_with_a_long_name_are_cut_at_their_blank_lines() {
    // A crawled SDK table without links whose second row's name is too long to read as one
    // (`腾讯科技（深圳）有限公司的“优量汇广告联盟”SDK`): before, the table ended after its first
    // row.
    let p = parse_text(
        "示例隐私政策\n\n清单内的合作伙伴可能会进行调整。\n\n\n\n    SDK名称\n\n    获取的权限内容\n\n\
         获取的用户信息\n\n    功能及用途\n\n\n\n    友盟统计SDK\n\n    存储权限、读取设备信息\n\n\
         个人常用设备信息（MAC地址，IMEI）；位置\n\n    统计线上crash、anr异常\n\n\n\n\
         腾讯科技（深圳）有限公司的“优量汇广告联盟”SDK\n\n    存储权限；读取设备信息\n\n\
         个人常用设备信息（MAC地址，IMEI）；位置\n\n    获取广告；\n    用于广告投放与监测归因\n\n\n\n\
         四、我们如何使用Cookie\n我们使用Cookie。\n",
    );
    let cells = cells_of(&p);
    assert_eq!(cells.len(), 12, "{cells:?}");
    assert_eq!(
        cells[8],
        (2, 0, false, "腾讯科技（深圳）有限公司的“优量汇广告联盟”SDK")
    );
    assert_eq!(
        cells[10],
        (2, 2, false, "个人常用设备信息（MAC地址，IMEI）；位置")
    );
    let receivers =
        policylens::receivers::receivers_of(&p, policylens::lexicon::Lexicon::builtin());
    let youliang = receivers
        .iter()
        .find(|r| r.name.text.contains("优量汇"))
        .expect("优量汇 is a receiver");
    assert!(
        youliang.data.iter().any(|d| d.text.contains("位置")),
        "{:?}",
        youliang.data
    );
}

#[test]
fn a_table_whose_cells_ran_together_after_a_sentence_is_cells_and_the_sentence_stays() {
    // A crawled page whose table lost every break: the sentence that introduces it, the header's
    // column names, the rows, each ending with its link, then the next section, on one line.
    let p = parse_text(
        "示例隐私政策\n具体如下：功能类型SDK名称使用目的收集个人信息种类隐私政策\
         推送类极光推送向用户推送订单消息设备信息、位置信息https://www.jiguang.cn/license/privacy\
         支付类支付宝SDK支付订单费用设备标识符https://render.alipay.com/p/c/k2cx0tg8\n\
         二、我们如何存储您的信息\n我们将信息存储于境内。\n",
    );
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
const TABLES_RIGHT_FLOOR: usize = 11;
