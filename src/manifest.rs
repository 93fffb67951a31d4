//! A folder's `manifest.toml`: facts about its policies that override what the parser
//! recognises (app, operator, title, dates, where the text came from).
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const MANIFEST_FILE: &str = "manifest.toml";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// File name relative to the manifest's folder.
    pub file: String,
    pub app: Option<String>,
    pub operator: Option<String>,
    pub title: Option<String>,
    pub updated: Option<String>,
    pub effective: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    #[serde(default, rename = "policy")]
    pub policies: Vec<ManifestEntry>,
    #[serde(skip)]
    pub dir: PathBuf,
}

impl Manifest {
    /// Load `dir/manifest.toml`; `Ok(None)` when there is none.
    pub fn load(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Io { path, source }),
        };
        let mut manifest: Manifest = toml::from_str(&text).map_err(|e| Error::Data {
            path: path.display().to_string(),
            line: e
                .span()
                .map(|s| text[..s.start].matches('\n').count() + 1)
                .unwrap_or(0),
            message: e.message().to_string(),
        })?;
        manifest.dir = dir.to_path_buf();
        Ok(Some(manifest))
    }

    /// The entry for `file` (matched by file name), from the manifest beside it.
    pub fn entry_for(file: &Path) -> Result<Option<ManifestEntry>> {
        let Some(dir) = file.parent() else {
            return Ok(None);
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let Some(manifest) = Manifest::load(dir)? else {
            return Ok(None);
        };
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        Ok(manifest.policies.into_iter().find(|p| p.file == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_manifest_names_every_bundled_policy() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let m = Manifest::load(&dir).unwrap().unwrap();
        assert_eq!(m.policies.len(), 4);
        for p in &m.policies {
            assert!(dir.join(&p.file).is_file(), "{} is missing", p.file);
            assert!(p.app.is_some());
        }
    }

    #[test]
    fn a_bad_manifest_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), "[[policy]]\nfile = 1\n").unwrap();
        let err = Manifest::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("manifest.toml") && err.contains("第 2 行"),
            "{err}"
        );
    }
}
