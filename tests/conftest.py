"""Shared fixtures: the sample data set and paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import write_sample_dataset  # noqa: E402


@pytest.fixture
def sample_root(tmp_path: Path) -> Path:
    """A valid sample data set in a folder named geodata."""
    return write_sample_dataset(tmp_path / "geodata")
