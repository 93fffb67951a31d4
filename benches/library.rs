//! Library benchmark: import throughput, search latency, index size and peak memory on the real
//! crawl `../shared/corpus/appch` and on a 10,000-policy library made from it, next to raw
//! jieba-rs and ripgrep. Prints the tables the README's "Search benchmarks" section shows.
//!
//! ```text
//! cargo bench --bench library                      # corpus + 10,000 policies
//! cargo bench --bench library -- --count 2000      # a smaller "big" library
//! cargo bench --bench library -- --skip-big        # corpus only
//! cargo bench --bench library -- --corpus DIR --work DIR --rounds 20
//! cargo bench --bench library -- --stages         # only the stage breakdown (for profiling)
//! ```
//! Work folders go under `target/bench-library/` (libraries and the generated copies; nothing to
//! commit). Skips with a message when the corpus is absent, and skips the ripgrep comparison when
//! `rg` is not installed. Each import runs in a child process so its peak RSS is its own.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use policylens::library::Library;
use policylens::search::SearchQuery;

/// (query, ripgrep pattern for the same need). rg has no clause-level AND: an AND query gets
/// its rarest word, an OR query an alternation.
const QUERIES: &[(&str, &str)] = &[
    ("用户", "用户"),
    ("个人信息", "个人信息"),
    ("手机号", "手机号"),
    ("人脸识别", "人脸识别"),
    ("\"精准位置信息\"", "精准位置信息"),
    ("通讯录", "通讯录"),
    ("身份证 OR 护照", "身份证|护照"),
    ("第三方 SDK", "SDK"),
    ("未成年人", "未成年人"),
    ("儿童 -游戏", "儿童"),
    ("生物识别", "生物识别"),
    ("剪切板 OR 剪贴板", "剪切板|剪贴板"),
    ("IMEI", "IMEI"),
    ("设备标识符", "设备标识符"),
    ("个性化推荐", "个性化推荐"),
    ("注销账号", "注销账号"),
    ("Cookie", "Cookie"),
    ("位置信息 第三方", "位置信息"),
    ("\"个人敏感信息\"", "个人敏感信息"),
    ("征信", "征信"),
    ("银行卡号", "银行卡号"),
    ("麦克风", "麦克风"),
    ("相册", "相册"),
    ("短信验证码", "短信验证码"),
    ("广告 OR 营销", "广告|营销"),
    ("境外", "境外"),
    ("删除 个人信息", "删除"),
    ("投诉 举报", "投诉"),
    ("加密 存储", "加密"),
    ("声纹", "声纹"),
];

struct Args {
    corpus: PathBuf,
    work: PathBuf,
    count: usize,
    rounds: usize,
    skip_big: bool,
    stages_only: bool,
}

fn args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        corpus: root.join("../shared/corpus/appch"),
        work: root.join("target/bench-library"),
        count: 10_000,
        rounds: 20,
        skip_big: false,
        stages_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--corpus" => a.corpus = it.next().expect("--corpus DIR").into(),
            "--work" => a.work = it.next().expect("--work DIR").into(),
            "--count" => a.count = it.next().and_then(|n| n.parse().ok()).expect("--count N"),
            "--rounds" => a.rounds = it.next().and_then(|n| n.parse().ok()).expect("--rounds N"),
            "--skip-big" => a.skip_big = true,
            "--stages" => a.stages_only = true,
            _ => {} // `cargo bench` passes --bench; filters are not used
        }
    }
    a
}

fn main() {
    // Child mode: import `src` into the library `lib`, print "bytes files ms rss_kb".
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("--child-import") {
        child_import(Path::new(&argv[2]), Path::new(&argv[3]));
        return;
    }
    // Child mode: open the library `lib`, run every query once, print the peak RSS in kB.
    if argv.get(1).map(String::as_str) == Some("--child-search") {
        let library = Library::open(&argv[2]).expect("open library");
        for (q, _) in QUERIES {
            std::hint::black_box(library.search(&SearchQuery::new(*q)).expect("search"));
        }
        println!("{}", peak_rss_kb());
        return;
    }
    let a = args();
    if !a.corpus.is_dir() {
        println!(
            "skipped: the corpus {} is absent (see the README's Search benchmarks section)",
            a.corpus.display()
        );
        return;
    }
    std::fs::create_dir_all(&a.work).expect("work folder");
    let rg = Command::new("rg").arg("--version").output().is_ok();
    if !rg {
        println!("note: `rg` (ripgrep) is not installed: skipping the ripgrep comparison");
    }
    println!(
        "machine: {} cores; corpus {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        a.corpus.display()
    );

    // 1. Import the real corpus.
    let corpus_lib = a.work.join("corpus");
    if a.stages_only {
        // Reuse the last run's library when there is one: only its originals are read.
        let originals = corpus_lib.join("originals");
        if !originals.is_dir() {
            run_import(&a.corpus, &corpus_lib);
        }
        let file_bytes = dir_size(&originals);
        stages(&originals, file_bytes);
        return;
    }
    let import = run_import(&a.corpus, &corpus_lib);
    let library = Library::open(&corpus_lib).expect("open corpus library");
    let originals = corpus_lib.join("originals");

    // 2. Raw jieba-rs cut_for_search on the same text, same run, one thread.
    let texts: Vec<String> = std::fs::read_dir(&originals)
        .expect("originals")
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| policylens::decode::decode(&b).ok().map(|d| d.text))
        .collect();
    let file_bytes: u64 = dir_size(&originals);
    let text_bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let jieba = jieba_rs::Jieba::new();
    let started = Instant::now();
    let mut tokens = 0usize;
    for t in &texts {
        tokens += jieba.cut_for_search(t, true).len();
    }
    let jieba_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut analyzer = policylens::index::analyzer();
    for t in &texts {
        let mut stream = analyzer.token_stream(t);
        while stream.advance() {
            tokens += 1;
        }
    }
    let analyzer_s = started.elapsed().as_secs_f64();
    std::hint::black_box(tokens);
    stages(&originals, file_bytes);

    println!(
        "\n## Import ({} policies imported of {} files)",
        import.imported, import.files
    );
    println!("| | MB/s (file bytes) | time |");
    println!("|---|---:|---:|");
    println!(
        "| `policylens add` (decode, classify, parse, extract, index, store; 2 cores) | {:.1} | {:.1} s |",
        mb(import.bytes) / import.secs,
        import.secs
    );
    println!(
        "| raw jieba-rs `cut_for_search` (HMM on, 1 thread) | {:.1} | {:.1} s |",
        mb(file_bytes) / jieba_s,
        jieba_s
    );
    println!(
        "| the index analyzer (normalize + jieba search mode + filters, 1 thread) | {:.1} | {:.1} s |",
        mb(file_bytes) / analyzer_s,
        analyzer_s
    );
    println!(
        "import / raw jieba: {:.0} %",
        100.0 * (mb(import.bytes) / import.secs) / (mb(file_bytes) / jieba_s)
    );

    // 3. Search latency, index size, rg.
    let corpus_row = measure(
        &library,
        &corpus_lib,
        &originals,
        file_bytes,
        text_bytes,
        a.rounds,
        rg,
    );
    let mut rows = vec![(
        "real corpus".to_string(),
        import.imported,
        corpus_row,
        import.rss_kb,
    )];

    // 4. The big library.
    if !a.skip_big {
        let big_src = a.work.join(format!("big-{}", a.count));
        if !big_src.is_dir() {
            let script =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/make_big_library.py");
            let status = Command::new("python3")
                .arg(&script)
                .arg("--from")
                .arg(&originals)
                .arg("--out")
                .arg(&big_src)
                .arg("--count")
                .arg(a.count.to_string())
                .status();
            if !status.map(|s| s.success()).unwrap_or(false) {
                println!(
                    "skipped the big library: {} failed (python3 needed)",
                    script.display()
                );
                print_table(&rows);
                return;
            }
        }
        let big_lib = a.work.join(format!("big-{}-library", a.count));
        let big_import = run_import(&big_src, &big_lib);
        println!(
            "\nbig library import: {} policies, {:.1} MB in {:.1} s = {:.1} MB/s, peak RSS {} MB",
            big_import.imported,
            mb(big_import.bytes),
            big_import.secs,
            mb(big_import.bytes) / big_import.secs,
            big_import.rss_kb / 1024
        );
        let big = Library::open(&big_lib).expect("open big library");
        let big_bytes = dir_size(&big_src);
        let row = measure(&big, &big_lib, &big_src, big_bytes, big_bytes, a.rounds, rg);
        rows.push((
            format!("{} policies", big_import.imported),
            big_import.imported,
            row,
            big_import.rss_kb,
        ));
    }
    print_table(&rows);
}

struct Import {
    files: usize,
    imported: usize,
    bytes: u64,
    secs: f64,
    rss_kb: u64,
}

/// Import `src` into a fresh library `lib` in a child process.
fn run_import(src: &Path, lib: &Path) -> Import {
    let _ = std::fs::remove_dir_all(lib);
    let out = Command::new(std::env::current_exe().expect("bench binary"))
        .arg("--child-import")
        .arg(src)
        .arg(lib)
        .output()
        .expect("run the import child");
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<f64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        v.len() == 5,
        "import child failed: {text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Import {
        files: v[0] as usize,
        imported: v[1] as usize,
        bytes: v[2] as u64,
        secs: v[3] / 1000.0,
        rss_kb: v[4] as u64,
    }
}

fn child_import(src: &Path, lib: &Path) {
    let library = Library::open(lib).expect("create library");
    let started = Instant::now();
    let summary = library
        .add_paths(&[src.to_path_buf()], &mut |_| {})
        .expect("import");
    let ms = started.elapsed().as_millis();
    println!(
        "{} {} {} {} {}",
        summary.files.len(),
        summary.imported(),
        summary.bytes_imported,
        ms,
        peak_rss_kb()
    );
}

struct Measured {
    p50: Duration,
    p99: Duration,
    max: Duration,
    slowest: String,
    rg_p50: Option<Duration>,
    index_bytes: u64,
    text_bytes: u64,
    search_rss_kb: u64,
}

fn measure(
    library: &Library,
    lib: &Path,
    files: &Path,
    file_bytes: u64,
    text_bytes: u64,
    rounds: usize,
    rg: bool,
) -> Measured {
    let queries: Vec<SearchQuery> = QUERIES
        .iter()
        .map(|(q, _)| SearchQuery {
            limit: 10,
            ..SearchQuery::new(*q)
        })
        .collect();
    // Warm up (loads jieba, maps the index).
    for q in &queries {
        let r = library.search(q).expect("search");
        assert!(
            !r.hits.is_empty() || q.text == "声纹",
            "no hit for {}",
            q.text
        );
    }
    let mut samples: Vec<(Duration, &str)> = Vec::new();
    for _ in 0..rounds {
        for q in &queries {
            let t = Instant::now();
            let r = library.search(q).expect("search");
            samples.push((t.elapsed(), &q.text));
            std::hint::black_box(r);
        }
    }
    samples.sort();
    let pct = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize].0;
    let (max, slowest) = *samples.last().expect("samples");
    let rg_p50 = rg.then(|| {
        let mut times: Vec<Duration> = QUERIES
            .iter()
            .map(|(_, pattern)| {
                let t = Instant::now();
                let _ = Command::new("rg")
                    .args(["--count", "--no-messages", "-e", pattern])
                    .arg(files)
                    .output();
                t.elapsed()
            })
            .collect();
        times.sort();
        times[times.len() / 2]
    });
    let index_dir = std::fs::read_dir(lib)
        .expect("library")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("index") && e.path().is_dir())
        .map(|e| e.path())
        .expect("index folder");
    let _ = file_bytes;
    Measured {
        p50: pct(0.5),
        p99: pct(0.99),
        max,
        slowest: slowest.to_string(),
        rg_p50,
        index_bytes: dir_size(&index_dir),
        text_bytes,
        search_rss_kb: Command::new(std::env::current_exe().expect("bench binary"))
            .arg("--child-search")
            .arg(lib)
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(0),
    }
}

fn print_table(rows: &[(String, usize, Measured, u64)]) {
    println!(
        "\n## Search ({} queries, p50/p99 over all runs, top 10 with snippets)",
        QUERIES.len()
    );
    println!("| library | policies | p50 | p99 | max (query) | `rg` p50 | rg / p50 | index / text | peak RSS import | peak RSS search |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, n, m, import_rss) in rows {
        let rg = m
            .rg_p50
            .map(|d| format!("{:.1} ms", ms(d)))
            .unwrap_or_else(|| "n/a".into());
        let ratio = m
            .rg_p50
            .map(|d| format!("{:.0}×", ms(d) / ms(m.p50)))
            .unwrap_or_else(|| "n/a".into());
        println!(
            "| {name} | {n} | {:.2} ms | {:.2} ms | {:.1} ms ({}) | {rg} | {ratio} | {:.2} ({:.0} MB / {:.0} MB) | {} MB | {} MB |",
            ms(m.p50),
            ms(m.p99),
            ms(m.max),
            m.slowest,
            m.index_bytes as f64 / m.text_bytes as f64,
            mb(m.index_bytes),
            mb(m.text_bytes),
            import_rss / 1024,
            m.search_rss_kb / 1024,
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb(b: u64) -> f64 {
    b as f64 / 1e6
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        dir_size(&p)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Peak resident set size of this process (Linux), in kB; 0 elsewhere.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Index the clauses' text (positions, the policylens analyzer) in a schema of that field alone.
fn index_text_only(dir: &Path, clauses: &[Vec<policylens::index::Clause>], per_policy: bool) {
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    std::fs::create_dir_all(dir).expect("temp dir");
    let mut builder = Schema::builder();
    let text = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(policylens::index::TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    let index = tantivy::Index::create_in_dir(dir, builder.build()).expect("index");
    index
        .tokenizers()
        .register(policylens::index::TOKENIZER, policylens::index::analyzer());
    let mut w: tantivy::IndexWriter<tantivy::TantivyDocument> = index
        .writer_with_num_threads(1, 100_000_000)
        .expect("writer");
    for policy in clauses {
        if per_policy {
            let mut doc = tantivy::TantivyDocument::default();
            for c in policy {
                doc.add_text(text, &c.text);
            }
            w.add_document(doc).expect("add");
        } else {
            for c in policy {
                let mut doc = tantivy::TantivyDocument::default();
                doc.add_text(text, &c.text);
                w.add_document(doc).expect("add");
            }
        }
    }
    w.commit().expect("commit");
}

/// Where import time goes: each stage over the imported originals, one thread.
fn stages(originals: &Path, file_bytes: u64) {
    use policylens::parse::{parse_bytes, ParseOptions};
    let files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(originals)
        .expect("originals")
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok().map(|b| (e.path(), b)))
        .collect();
    let mut times: Vec<(&str, f64)> = Vec::new();
    let t = Instant::now();
    for (_, b) in &files {
        std::hint::black_box(policylens::decode::decode(b).ok());
    }
    times.push(("decode", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let policies: Vec<_> = files
        .iter()
        .filter_map(|(p, b)| parse_bytes(p, b, &ParseOptions::default()).ok())
        .collect();
    times.push((
        "parse (decode, segment, metadata)",
        t.elapsed().as_secs_f64(),
    ));
    let t = Instant::now();
    for p in &policies {
        std::hint::black_box(policylens::classify::classify(&p.text));
    }
    times.push(("classify", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    // One thread, as every stage here: a long policy would otherwise be read on every core.
    let extractions: Vec<_> = policylens::extract::as_pool_worker(|| {
        policies.iter().map(policylens::extract::extract).collect()
    });
    times.push(("extract", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let lexicon = policylens::lexicon::Lexicon::builtin();
    let clauses: Vec<_> = policies
        .iter()
        .zip(&extractions)
        .map(|(p, e)| policylens::index::clauses(p, e, lexicon))
        .collect();
    times.push(("clauses (visible text, flags)", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let mut n = 0;
    let jieba = policylens::index::jieba();
    for c in clauses.iter().flatten() {
        n += jieba.cut_for_search(&c.text, true).len();
    }
    times.push(("raw jieba on clauses", t.elapsed().as_secs_f64()));
    let t = Instant::now();
    let mut analyzer = policylens::index::analyzer();
    for c in clauses.iter().flatten() {
        let mut stream = analyzer.token_stream(&c.text);
        while stream.advance() {
            n += 1;
        }
    }
    std::hint::black_box(n);
    times.push(("analyzer on clauses", t.elapsed().as_secs_f64()));
    let dir = std::env::temp_dir().join(format!("policylens-stages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let index = policylens::index::create_index(&dir).expect("index");
    let (_, fields) = policylens::index::schema();
    let t = Instant::now();
    {
        let mut w: tantivy::IndexWriter<tantivy::TantivyDocument> = index
            .writer_with_num_threads(1, 100_000_000)
            .expect("writer");
        for (i, (p, c)) in policies.iter().zip(&clauses).enumerate() {
            for d in policylens::index::documents(
                &fields,
                Some(i as u64),
                p.app.as_deref().unwrap_or("x"),
                None,
                c,
            ) {
                w.add_document(d).expect("add");
            }
        }
        w.commit().expect("commit");
    }
    times.push((
        "tantivy indexing incl. analyzer (1 thread)",
        t.elapsed().as_secs_f64(),
    ));
    let _ = std::fs::remove_dir_all(&dir);
    // What the index's shape costs: the same text in a schema with only the analyzed text field,
    // as one document per clause and as one document per policy.
    for per_policy in [false, true] {
        let t = Instant::now();
        index_text_only(&dir, &clauses, per_policy);
        times.push((
            if per_policy {
                "tantivy, text field only, one document per policy"
            } else {
                "tantivy, text field only, one document per clause"
            },
            t.elapsed().as_secs_f64(),
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("\n## Import stages, one thread ({} files)", files.len());
    println!("| stage | s | MB/s |");
    println!("|---|---:|---:|");
    for (name, secs) in times {
        println!("| {name} | {secs:.2} | {:.1} |", mb(file_bytes) / secs);
    }
}
