"""`./run demo`, the README's first command: it says where it serves, PORT included."""

from __future__ import annotations

import filecmp
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_demo(tmp_path: Path, port: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRACOS_")}
    env.update(FRACOS_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1", PORT=port)
    return subprocess.Popen(
        [str(ROOT / "run"), "demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so the server is stopped with it
    )


@pytest.fixture
def installed() -> None:
    """The script installs into .venv when the lock changed; a test must never do that."""
    stamp = ROOT / ".venv" / ".lock-installed"
    if not stamp.exists() or not filecmp.cmp(stamp, ROOT / "requirements.lock", shallow=False):
        pytest.skip("needs the checkout's .venv installed from requirements.lock")


def test_run_demo_prints_and_serves_the_port_it_was_given(installed: None, tmp_path: Path) -> None:
    port = _free_port()
    process = _run_demo(tmp_path, str(port))
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 240
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Serving Fractional OS" in line:
                break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    output = "".join(lines)
    assert f"Sign in at http://127.0.0.1:{port}/ with:" in output, output
    assert f"Serving Fractional OS on http://127.0.0.1:{port}/" in output, output
    assert ":8000" not in output


@pytest.mark.parametrize("port", ["eighty", "0", "70000", "80 80"])
def test_run_demo_refuses_a_port_that_is_not_one(tmp_path: Path, port: str) -> None:
    process = _run_demo(tmp_path, port)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 1
    assert output.strip() == f"Error: PORT: '{port}' is not a port number (1-65535)"
    assert not (tmp_path / "data").exists()  # refused before anything was made
