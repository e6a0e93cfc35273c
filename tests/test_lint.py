"""ruff lints and formats the whole repository (settings in pyproject.toml), as part of the test command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from borderatlas.paths import REPO_DIR


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_is_clean(command):
    """`ruff check .` and `ruff format --check .` report nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=REPO_DIR, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
