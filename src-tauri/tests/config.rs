//! The app's security settings: a CSP that forbids remote and inline script (and inline style), and capabilities
//! limited to what the UI uses.
use std::path::Path;

use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn csp_allows_only_the_apps_own_scripts() {
    let config = read_json(&root().join("tauri.conf.json"));
    let csp = config["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    let script = csp["script-src"].as_str().unwrap();
    assert_eq!(script, "'self'", "no inline, eval or remote script");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, sources) in csp {
        let sources = sources.as_str().unwrap();
        for word in sources.split_whitespace() {
            let remote = word.starts_with("https:")
                || word.starts_with("http:")
                || word.starts_with("ws")
                || word == "*";
            assert!(
                !remote || word == "http://ipc.localhost",
                "{directive} allows a remote source: {word}"
            );
            assert!(
                word != "'unsafe-inline'" && word != "'unsafe-eval'",
                "{directive} allows {word}"
            );
        }
    }
    assert!(config["app"]["security"]
        .get("dangerousDisableAssetCspModification")
        .is_none());
    // The UI is embedded from ui/dist: no dev server, no remote page.
    assert_eq!(config["build"]["frontendDist"], "ui/dist");
    assert!(config["build"].get("devUrl").is_none());
}

#[test]
fn capabilities_grant_only_the_dialogs_and_the_progress_event() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut permissions: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let capability = read_json(&entry.unwrap().path());
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        assert!(
            capability.get("remote").is_none(),
            "no remote origin may call in"
        );
        for p in capability["permissions"].as_array().unwrap() {
            permissions.push(p.as_str().expect("plain permission names").to_string());
        }
    }
    permissions.sort();
    assert_eq!(
        permissions,
        [
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "dialog:allow-open",
            "dialog:allow-save",
        ]
    );
}
