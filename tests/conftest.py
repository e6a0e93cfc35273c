"""Shared fixtures: the sample data set and paths."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import write_sample_dataset  # noqa: E402

import borderatlas.ui as ui  # noqa: E402


class FakeMap:
    """Stands in for st_folium: records each call and reports a click at a chosen point (none by default)."""

    def __init__(self):
        self.click = None
        self.count = 0
        self.calls = []

    def __call__(self, fig, **kwargs):
        self.calls.append(kwargs)
        return {"last_object_clicked": self.click, "last_object_clicked_count": self.count}

    def group_names(self) -> list[str]:
        """The feature groups of the last map drawn."""
        return [g.layer_name for g in self.calls[-1]["feature_group_to_add"]]


@pytest.fixture
def fake_map(monkeypatch):
    """st_folium replaced in the glue module by a FakeMap."""
    fake = FakeMap()
    monkeypatch.setattr(ui, "st_folium", fake)
    return fake


@pytest.fixture
def sample_root(tmp_path: Path) -> Path:
    """A valid sample data set in a folder named geodata."""
    return write_sample_dataset(tmp_path / "geodata")
