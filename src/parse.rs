//! The document pipeline in one call: ingest → normalize → segment → recognise metadata.
use std::path::Path;

use crate::document::{Policy, Source};
use crate::error::Result;
use crate::ingest::{self, IngestOptions, Ingested};
use crate::manifest::{Manifest, ManifestEntry};
use crate::{meta, normalize, segment};

/// Options for [`parse_file`].
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    pub ingest: IngestOptions,
    /// Overrides the app name (the CLI's `--app`).
    pub app: Option<String>,
    /// Read `manifest.toml` beside the file for overrides (on by default in the CLI).
    pub use_manifest: bool,
}

/// Parse one policy file into the document model.
pub fn parse_file(path: &Path, options: &ParseOptions) -> Result<Policy> {
    let ingested = ingest::read_file(path, &options.ingest)?;
    let entry = if options.use_manifest {
        Manifest::entry_for(path)?
    } else {
        None
    };
    Ok(build(
        ingested,
        &path.display().to_string(),
        entry.as_ref(),
        options.app.as_deref(),
    ))
}

/// Parse bytes already in memory (`path` names them in messages and decides the format).
pub fn parse_bytes(path: &Path, bytes: &[u8], options: &ParseOptions) -> Result<Policy> {
    let ingested = ingest::ingest_bytes(path, bytes)?;
    Ok(build(
        ingested,
        &path.display().to_string(),
        None,
        options.app.as_deref(),
    ))
}

/// [`parse_bytes`], taking the bytes: a UTF-8 file's bytes become its text without a copy.
pub fn parse_owned(path: &Path, bytes: Vec<u8>, options: &ParseOptions) -> Result<Policy> {
    let ingested = ingest::ingest_owned(path, bytes)?;
    Ok(build(
        ingested,
        &path.display().to_string(),
        None,
        options.app.as_deref(),
    ))
}

fn build(
    ingested: Ingested,
    path: &str,
    entry: Option<&ManifestEntry>,
    app_override: Option<&str>,
) -> Policy {
    // (Before the normalized text is made: see `text_table_cells`.)
    let cells = segment::text_table_cells(&ingested);
    let normalized = normalize::normalize(&ingested.text);
    let normalized_chars: Vec<char> = normalized.chars().collect();
    let seg = segment::segment_with_cells(&ingested, &normalized, &normalized_chars, cells);
    let title_text = seg
        .title_block
        .map(|i| {
            let s = seg.blocks[i].span;
            normalized_chars[s.start..s.end].iter().collect::<String>()
        })
        .or_else(|| ingested.html_title.as_deref().map(normalize::normalize));
    let found = meta::recognise(&normalized, title_text.as_deref());
    let pick =
        |manifest: Option<&String>, recognised: Option<String>| manifest.cloned().or(recognised);
    let id = blake3::hash(ingested.text.as_bytes()).to_hex()[..16].to_string();
    let app = app_override
        .map(str::to_string)
        .or_else(|| pick(entry.and_then(|e| e.app.as_ref()), found.app.clone()));
    // Every name the text gives the app but the one shown.
    let aliases = found
        .app
        .into_iter()
        .chain(found.aliases)
        .filter(|a| Some(a) != app.as_ref())
        .collect();
    Policy {
        id,
        app,
        aliases,
        operator: pick(entry.and_then(|e| e.operator.as_ref()), found.operator),
        title: pick(entry.and_then(|e| e.title.as_ref()), found.title),
        updated: pick(entry.and_then(|e| e.updated.as_ref()), found.updated),
        effective: pick(entry.and_then(|e| e.effective.as_ref()), found.effective),
        source: Source {
            path: path.to_string(),
            format: ingested.format,
            encoding: ingested.encoding.to_string(),
        },
        blocks: seg.blocks,
        sentences: seg.sentences,
        emphasis: ingested.emphasis,
        soft_breaks: seg.soft_breaks,
        hidden: ingested.hidden,
        pages: ingested.pages,
        index: Default::default(),
        text: ingested.text,
    }
}
