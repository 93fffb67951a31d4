//! The shape of the code, checked: the core's modules import each other without a circle, the
//! pipeline's stages never reach up to a later stage, and no source file outgrows 1,000 lines.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The core's modules (`src/*.rs`, `src/*/`) and the modules each names through `crate::…`
/// outside comments and unit tests.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap();
        let module = first.as_os_str().to_str().unwrap().trim_end_matches(".rs");
        if module == "bin" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may build what they test from anything.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let uses = graph.entry(module.to_string()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let rest = rest.strip_prefix('{').unwrap_or(rest);
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    uses.insert(name);
                }
            }
            // The rest of a `use crate::{a, b::c}` group.
            if let Some(group) = line.split("crate::{").nth(1) {
                for part in group.split(',').skip(1) {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module && name.starts_with(char::is_lowercase) {
                        uses.insert(name);
                    }
                }
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A circle of imports, if there is one (depth-first search).
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(found) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(found);
        }
    }
    None
}

#[test]
fn the_core_s_modules_import_each_other_without_a_circle() {
    let graph = import_graph();
    assert!(graph.contains_key("library") && graph.contains_key("extract"));
    assert_eq!(circle(&graph), None, "{graph:#?}");
}

#[test]
fn the_circle_check_finds_a_circle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(circle(&graph).unwrap().len(), 4);
}

/// The layers of ARCHITECTURE.md, from the top: a module imports only from its own layer and
/// the layers below it.
const LAYERS: &[&[&str]] = &[
    &["library"],
    &[
        "search",
        "ask",
        "diff",
        "compare",
        "check",
        "privacy_label",
        "notes",
        "export",
        "view",
        "train",
        "eval",
    ],
    &["index", "collected", "receivers", "corpus"],
    &["extract"],
    &[
        "labeller",
        "topics",
        "label",
        "lexicon",
        "analyzer",
        "weight_table",
    ],
    &["parse", "meta", "segment", "classify", "manifest", "gold"],
    &["ingest"],
    &["error"],
    // (jieba's dictionary table is data, read from parsing — an app name that is a common
    // word — up to indexing.)
    &[
        "document",
        "decode",
        "normalize",
        "trace",
        "threads",
        "jieba_dict",
    ],
];

/// The one arrow up that is known and kept (ARCHITECTURE.md says why).
const UPWARD_KEPT: &[(&str, &str)] = &[("segment", "receivers")];

#[test]
fn every_module_imports_only_from_its_layer_and_below() {
    let graph = import_graph();
    let layer_of = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let mut upward = Vec::new();
    for (module, uses) in &graph {
        let Some(level) = layer_of(module) else {
            panic!("{module} is in no layer: add it to LAYERS and to ARCHITECTURE.md");
        };
        for used in uses {
            let Some(used_level) = layer_of(used) else {
                panic!("{module} imports {used}, which is in no layer");
            };
            if used_level < level && !UPWARD_KEPT.contains(&(module.as_str(), used.as_str())) {
                upward.push(format!("{module} -> {used}"));
            }
        }
    }
    assert!(upward.is_empty(), "imports reaching up: {upward:?}");
}

#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tauri = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
    let long: Vec<(PathBuf, usize)> = rust_files(&src)
        .into_iter()
        .chain(rust_files(&tauri))
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            // Unit tests beside the code do not count.
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            (f, code.lines().count())
        })
        .filter(|(_, lines)| *lines > 1000)
        .collect();
    assert!(long.is_empty(), "{long:?}");
}
