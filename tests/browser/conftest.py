"""A real `fracos serve` on a fresh database, and Debian's Chromium driven by Playwright.

Chromium comes from the distribution (`apt-get install chromium`), never from
`playwright install`. Without it these tests skip — unless FRACOS_REQUIRE_BROWSER=1
(CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
NOW = "2026-11-18T09:00:00+00:00"
PASSWORD = "browser-demo-pass"
SERVER_URL = os.environ.get("FRACOS_DATABASE_URL")


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
    if os.environ.get("FRACOS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (FRACOS_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    env: dict[str, str]

    def fracos(self, *args: str) -> subprocess.CompletedProcess[str]:
        fracos = Path(sys.executable).with_name("fracos")
        done = subprocess.run(
            [str(fracos), *args], env=self.env, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stderr
        return done


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    """The demo practice served by `fracos serve` on a free port, on SQLite or PostgreSQL."""
    _require_chromium()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FRACOS_DATABASE_URL", "FRACOS_PRACTICE", "FRACOS_USER", "FRACOS_NOW")
    }
    env.update(
        FRACOS_DATA_DIR=str(tmp_path / "data"),
        FRACOS_NOW=NOW,
        NO_COLOR="1",
        FRACOS_ACCESS_LOG=str(tmp_path / "access.log"),
    )
    dropper = None
    if request.param == "postgresql":
        if not SERVER_URL:
            pytest.skip("runs when the suite runs against PostgreSQL (FRACOS_DATABASE_URL)")
        from tests.cli.test_real_process import _fresh_postgres_database

        env["FRACOS_DATABASE_URL"], dropper = _fresh_postgres_database(SERVER_URL)
    port = _free_port()
    server = Server(f"http://127.0.0.1:{port}", env)
    server.fracos("demo", "--password", PASSWORD)
    fracos = Path(sys.executable).with_name("fracos")
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [str(fracos), "serve", "--port", str(port), "--workers", "1", "--threads", "4"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
        if dropper:
            dropper()


@dataclass
class Watch:
    """Console errors and failed requests seen on the pages a test visits."""

    problems: list[str] = field(default_factory=list)
    expected_404: set[str] = field(default_factory=set)

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda req: self.problems.append(f"failed: {req.url}"))
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error" and not any(
            url in message.text or "404" in message.text for url in self.expected_404
        ):
            self.problems.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        path = "/" + response.url.split("/", 3)[-1]
        if response.status >= 400 and path not in self.expected_404:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def shoot(page: Any, name: str, *also: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    for path in also:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=False)
