//! The app on tauri's mock runtime, invoked as the UI invokes it: shared by the test binaries
//! (each uses part of it, hence `dead_code` allowed).
#![allow(dead_code)]
use std::path::Path;

use policylens::library::Library;
use policylens_desktop::{builder, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Shell {
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    pub app_handle: tauri::AppHandle<MockRuntime>,
}

impl Shell {
    /// The app over the library in `dir`.
    pub fn open(dir: &Path) -> Shell {
        let library = Library::open(dir).expect("open library");
        Shell::over(AppState::with_library(library))
    }

    /// The app with `state`, with a main window to invoke from.
    pub fn over(state: AppState) -> Shell {
        let app = builder(mock_builder(), state)
            .build(mock_context(noop_assets()))
            .expect("build app");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main window");
        let app_handle = app.handle().clone();
        Shell {
            _app: app,
            webview,
            app_handle,
        }
    }

    /// A library with the bundled policies.
    pub fn bundled(dir: &Path) -> Shell {
        Library::open(dir)
            .and_then(|l| l.import_bundled())
            .expect("import bundled policies");
        Shell::open(dir)
    }

    /// `invoke(cmd, args)`: the value, or the rejection (the error's message).
    pub fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    pub fn err(&self, cmd: &str, args: Value) -> String {
        match self.invoke(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, returned {:.300}", v.to_string()),
            Err(Value::String(message)) => message,
            Err(other) => panic!("{cmd}: the error should be a string, got {other}"),
        }
    }

    pub fn policy_id(&self, app: &str) -> String {
        self.ok("list_policies", json!({}))
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["app"] == app)
            .unwrap_or_else(|| panic!("no policy of {app}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}
