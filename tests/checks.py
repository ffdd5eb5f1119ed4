"""The two page checks every public page gets: axe-core and the Nu Html Checker.

`assert_accessible(page)` runs both on what a Playwright page shows now.
The tools come from package.json (installed by `make test`); the browser is
Debian's Chromium and the checker runs on the machine's Java.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    # target-size is WCAG 2.2 AA; color-contrast-enhanced holds text to 7:1 (AAA),
    # the contrast this site promises its older readers.
    "rules": {"target-size": {"enabled": True}, "color-contrast-enhanced": {"enabled": True}},
    "resultTypes": ["violations"],
}


def require_tool(present: bool, what: str, install: str) -> None:
    """Skip on a developer's machine that lacks a tool; fail in CI, where it must run."""
    if present:
        return
    message = f"{what} is missing; install it with: {install}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    # evaluate() runs through the DevTools protocol, so the page's CSP (which
    # forbids inline script) does not stop axe from being injected.
    page.evaluate(axe_source())
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe_axe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
    return "\n".join(lines)


class HtmlChecker:
    """The Nu Html Checker as a local HTTP service, started once per test session."""

    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss1024k",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # A checker, not part of the site: it keeps the real clock when a run of the
            # suite moves the clock with libfaketime (the JVM does not start under it).
            env={k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")},
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 240) -> None:  # the JVM is slow on a busy machine
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.errors("<!DOCTYPE html><html lang=en><title>t</title></html>")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.25)
        self.close()
        raise RuntimeError("the Nu Html Checker did not start")

    def errors(self, html: str) -> list[dict]:
        request = urllib.request.Request(  # noqa: S310 (our own checker on loopback)
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            messages = json.load(response)["messages"]
        return [m for m in messages if m["type"] in {"error", "non-document-error"}]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def describe_vnu(errors: list[dict], html: str) -> str:
    lines = html.splitlines()
    out = []
    for error in errors:
        line = error.get("lastLine")
        context = lines[line - 1].strip()[:160] if line and line <= len(lines) else ""
        out.append(f"line {line}: {error['message']}\n    {context}")
    return "\n".join(out)


def java_available() -> bool:
    return shutil.which("java") is not None and VNU_JAR.exists()


def chromium_available() -> bool:
    return CHROMIUM.exists() and AXE_JS.exists()
