//! Survey a folder of policy files: decode + classify every file, print counts by encoding and
//! by verdict/reason, and a few sample paths for each outcome.
//!
//! ```text
//! cargo run --release --example survey_corpus -- /work/shared/corpus/appch [--samples 5] [--tsv out.tsv]
//! ```
//! `--tsv` writes one line per file with the classifier's signals, for tuning.
use policylens::classify::{classify, signals, Verdict};
use policylens::decode::{decode, DecodeProblem};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let mut dir = None;
    let mut samples = 5usize;
    let mut tsv: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--samples" => {
                samples = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--samples N")
            }
            "--tsv" => tsv = Some(args.next().expect("--tsv PATH").into()),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: survey_corpus DIR [--samples N] [--tsv PATH]");
        std::process::exit(2);
    };

    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();

    let mut tsv_out = tsv.map(|p| {
        let mut f = std::io::BufWriter::new(std::fs::File::create(p).expect("create tsv"));
        writeln!(
            f,
            "path\toutcome\tencoding\tbytes\tchars\tcjk\tlatin_words\tcore\tcore_kinds\tagreement\tagreement_kinds\tself_policy\tself_agreement\tchapters\tprivacy_windows\tagreement_windows\tprivacy_run\ttitle_privacy\ttitle_agreement\tjavascript\tenglish\thead"
        )
        .unwrap();
        f
    });

    let start = Instant::now();
    let mut total_bytes = 0u64;
    let mut by_encoding: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_outcome: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                by_outcome
                    .entry(format!("unreadable: {e}"))
                    .or_default()
                    .push(path.clone());
                continue;
            }
        };
        total_bytes += bytes.len() as u64;
        let (outcome, encoding, sig) = match decode(&bytes) {
            Err(p) => {
                let key = match &p {
                    DecodeProblem::Undecodable { encoding, .. } => {
                        format!("refused: cannot be decoded as {encoding}")
                    }
                    other => format!("refused: {other}"),
                };
                (key, "-", None)
            }
            Ok(d) => {
                let bom = if bytes.starts_with(b"\xEF\xBB\xBF")
                    || bytes.starts_with(b"\xFF\xFE")
                    || bytes.starts_with(b"\xFE\xFF")
                {
                    " (BOM)"
                } else {
                    ""
                };
                *by_encoding
                    .entry(format!("{}{bom}", d.encoding))
                    .or_default() += 1;
                let key = match classify(&d.text) {
                    Verdict::Policy => "policy".to_string(),
                    Verdict::NotPolicy(r) => {
                        let r = r.to_string();
                        // Group "too short (N chars)" into one bucket.
                        match r.find(" (") {
                            Some(i) if r.starts_with("too short") => {
                                format!("not a policy: {}", &r[..i])
                            }
                            _ => format!("not a policy: {r}"),
                        }
                    }
                };
                let sig = tsv_out.as_ref().map(|_| signals(&d.text));
                (key, d.encoding, sig)
            }
        };
        if let Some(f) = tsv_out.as_mut() {
            let s = sig.unwrap_or_default();
            let row = [
                path.display().to_string(),
                outcome.clone(),
                encoding.to_string(),
                bytes.len().to_string(),
                s.chars.to_string(),
                s.cjk.to_string(),
                s.latin_words.to_string(),
                s.core_hits.to_string(),
                s.core_kinds.to_string(),
                s.agreement_hits.to_string(),
                s.agreement_kinds.to_string(),
                s.self_policy.to_string(),
                s.self_agreement.to_string(),
                s.chapters.to_string(),
                s.privacy_windows.to_string(),
                s.agreement_windows.to_string(),
                s.privacy_run.to_string(),
                s.title_privacy.to_string(),
                s.title_agreement.to_string(),
                s.javascript.to_string(),
                s.english_hits.to_string(),
                s.head.replace(['\t', '\n', '\r'], " "),
            ];
            writeln!(f, "{}", row.join("\t")).unwrap();
        }
        by_outcome.entry(outcome).or_default().push(path.clone());
    }
    let elapsed = start.elapsed();

    println!(
        "{} files, {:.1} MB, in {:.2?}",
        files.len(),
        total_bytes as f64 / 1e6,
        elapsed
    );
    println!("\nby encoding (decoded files):");
    for (enc, n) in &by_encoding {
        println!("  {n:6}  {enc}");
    }
    println!("\nby outcome:");
    for (k, v) in &by_outcome {
        println!("  {:6}  {k}", v.len());
    }
    if let Some(per) = std::num::NonZeroUsize::new(samples) {
        println!("\nsamples:");
        for (k, v) in &by_outcome {
            println!("  {k}:");
            // Spread the samples over the sorted list rather than taking the first few.
            let step = (v.len() / per).max(1);
            for p in v.iter().step_by(step).take(samples) {
                println!("    {}", p.display());
            }
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}
