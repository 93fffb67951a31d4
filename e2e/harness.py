"""Drive the real PolicyLens app over WebDriver: tauri-driver (which starts WebKitWebDriver, which
starts the app) and Python selenium. Run under an X server (scripts/e2e.sh uses xvfb-run).

A `Driver` owns one tauri-driver process and its environment (the app inherits it, so
POLICYLENS_LIBRARY picks the library); each `session()` starts the app, and ending the session
quits it — a restart is a new session on the same library.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, TypeVar

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_tauri_driver() -> str:
    found = shutil.which("tauri-driver")
    if found:
        return found
    cargo = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "bin" / "tauri-driver"
    if cargo.exists():
        return str(cargo)
    raise SystemExit("tauri-driver not found: run scripts/setup-system.sh (cargo install tauri-driver --locked)")


class Driver:
    """One tauri-driver process; the app gets its environment."""

    def __init__(self, app: Path, env: dict[str, str], log: Path):
        self.app = app
        self.port = free_port()
        self.native_port = free_port()
        self.log_path = log
        self.log = open(log, "wb")
        full_env = dict(os.environ)
        full_env.update(env)
        # WebKit in a container / under Xvfb: no GPU compositing, no accessibility bus.
        full_env.setdefault("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        full_env.setdefault("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        full_env.setdefault("NO_AT_BRIDGE", "1")
        native = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
        self.proc = subprocess.Popen(
            [
                find_tauri_driver(),
                "--port", str(self.port),
                "--native-port", str(self.native_port),
                "--native-driver", native,
            ],
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: close() ends the drivers and the app
        )
        # Both the intermediary and the native driver must listen before a session can start.
        for port in (self.port, self.native_port):
            deadline = time.time() + 30
            while True:
                if self.proc.poll() is not None:
                    raise SystemExit(f"tauri-driver exited ({self.proc.returncode}); see {log}")
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if time.time() > deadline:
                        raise SystemExit(f"nothing listens on port {port}; see {log}")
                    time.sleep(0.1)

    def session(self, args: list[str] | None = None) -> WebDriver:
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability(
            "tauri:options", {"application": str(self.app), "args": args or []}
        )
        last: Exception | None = None
        for _ in range(3):
            try:
                return webdriver.Remote(
                    command_executor=f"http://127.0.0.1:{self.port}", options=options
                )
            except Exception as e:  # noqa: BLE001 - WebKitWebDriver can be slow to take the first one
                last = e
                time.sleep(1)
        raise SystemExit(f"could not start a WebDriver session: {last}")

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def wait_for(what: str, fn: Callable[[], T], timeout: float = 20.0, every: float = 0.05) -> T:
    """Poll `fn` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.time() + timeout
    last_error: Exception | None = None
    while time.time() < deadline:
        try:
            value = fn()
            if value:
                return value
        except (NoSuchElementException, StaleElementReferenceException) as e:
            last_error = e
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}" + (f" ({last_error})" if last_error else ""))


def css(driver: WebDriver, selector: str) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, selector)


def invoke(driver: WebDriver, cmd: str, args: dict) -> dict:
    """Call a shell command from the page, as the UI does (`window.__TAURI_INTERNALS__.invoke`).
    Returns {"ok": value} or {"err": message}."""
    return driver.execute_async_script(
        """
        const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args)
          .then((ok) => done({ ok }), (err) => done({ err: String(err) }));
        """,
        cmd,
        args,
    )
