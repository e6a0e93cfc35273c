"""Shared fixtures: the sample data set and paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("BORDERATLAS_RAISE_ERRORS", "1")  # every crash reaches AppTest and the browser tests' servers

import streamlit as st  # noqa: E402
from sample_data import write_sample_dataset  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import borderatlas.ui.mapframe as mapframe  # noqa: E402
from borderatlas.data import Atlas, load_atlas  # noqa: E402
from borderatlas.paths import REPO_DIR  # noqa: E402
from borderatlas.registry import PageSpec, page_by_id  # noqa: E402

APP = str(REPO_DIR / "dashboard.py")
"""The entry script (the Map page); every AppTest starts here."""


def open_page(page: PageSpec | str, at: AppTest | None = None, timeout: float = 60) -> AppTest:
    """Run the app and, for any page but the home page, switch to that page and run it."""
    spec = page if isinstance(page, PageSpec) else page_by_id(page)
    at = at or AppTest.from_file(APP, default_timeout=timeout).run()
    return at if spec.is_home else at.switch_page(spec.script).run()


class FakeMap:
    """Stands in for st_folium: records each call and reports a click at a chosen point (none by default)."""

    def __init__(self):
        self.click = None
        self.count = 0
        self.tooltip = None
        self.empty_click = None
        self.calls = []

    def __call__(self, fig, **kwargs):
        self.calls.append(kwargs)
        return {
            "last_object_clicked": self.click,
            "last_object_clicked_count": self.count,
            "last_object_clicked_tooltip": self.tooltip,
            "last_clicked": self.empty_click,
        }

    def group_names(self) -> list[str]:
        """The feature groups of the last map drawn."""
        return [g.layer_name for g in self.calls[-1]["feature_group_to_add"]]


@pytest.fixture
def fake_map(monkeypatch):
    """st_folium replaced in the glue module by a FakeMap."""
    fake = FakeMap()
    monkeypatch.setattr(mapframe, "st_folium", fake)
    return fake


@pytest.fixture
def data_folder(monkeypatch):
    """Point the app at a data folder built by the test (BORDERATLAS_GEODATA), clearing Streamlit's caches around it."""

    def use(root: Path) -> None:
        monkeypatch.setenv("BORDERATLAS_GEODATA", str(root))
        st.cache_resource.clear()

    yield use
    st.cache_resource.clear()


@pytest.fixture
def sample_root(tmp_path: Path) -> Path:
    """A valid sample data set in a folder named geodata."""
    return write_sample_dataset(tmp_path / "geodata")


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    """The real data set in geodata/, loaded once (a module that needs other data overrides this fixture)."""
    return load_atlas()
