"""hledger and bean-check: run when installed; in CI (FRACOS_REQUIRE_JOURNAL_TOOLS=1) they must be."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def tool(name: str) -> str:
    """The path of `name`, or skip (fail in CI) when it is missing."""
    local = Path(sys.executable).parent / name  # bean-check lives in the virtualenv
    found = str(local) if local.exists() else shutil.which(name)
    if found:
        return found
    if os.environ.get("FRACOS_REQUIRE_JOURNAL_TOOLS"):
        pytest.fail(f"{name} is required (FRACOS_REQUIRE_JOURNAL_TOOLS is set) but not installed")
    pytest.skip(f"{name} is not installed")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
