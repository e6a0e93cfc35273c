"""The data cache cannot be cleared by a visitor: Streamlit's clear-cache message (any client can send it) leaves the
loaded atlas and basemap in place, while a changed data file is still loaded again; the export store stays bounded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.runtime.app_session import AppSession

from borderatlas.paths import GEODATA_DIR
from borderatlas.ui import cache


def clear_cache_message() -> None:
    """What the server does for a client's clear_cache BackMsg (st.cache_data and st.cache_resource cleared)."""
    AppSession._handle_clear_cache_request(SimpleNamespace(_session_state={}))


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of geodata/ (with its basemap) in use through BORDERATLAS_GEODATA."""
    root = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, root, ignore=shutil.ignore_patterns("detail"))
    monkeypatch.setenv("BORDERATLAS_GEODATA", str(root))
    return root


@pytest.fixture
def loads(monkeypatch) -> dict[str, list[str]]:
    """Every call of the atlas and basemap loaders, by store, through the module's own stores."""
    calls: dict[str, list[str]] = {"atlas": [], "basemap": []}
    for name, store in (("atlas", cache.ATLASES), ("basemap", cache.BASEMAPS)):
        real = store.loader
        monkeypatch.setattr(
            store, "loader", lambda folder, real=real, name=name: calls[name].append(folder) or real(folder)
        )
    return calls


def touch(path: Path) -> None:
    """Change a file as an edit would: new contents (one more line) and a later modification time."""
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))


def test_clear_cache_message_does_not_reload_the_data(data_copy, loads):
    """After the clear-cache message the same atlas and basemap objects are served, and nothing is read again."""
    atlas, basemap = cache.cached_atlas(), cache.cached_basemap()
    assert loads == {"atlas": [str(data_copy)], "basemap": [str(data_copy / "basemap")]}
    for _ in range(48):
        clear_cache_message()
    assert cache.cached_atlas() is atlas and cache.cached_basemap() is basemap
    assert loads == {"atlas": [str(data_copy)], "basemap": [str(data_copy / "basemap")]}


def test_a_changed_data_file_is_loaded_again(data_copy, loads):
    """Changing a layer file reloads the atlas (once); changing a basemap file reloads the basemap and the atlas."""
    first = cache.cached_atlas()
    touch(data_copy / "crossings.geojson")
    second = cache.cached_atlas()
    assert second is not first and cache.cached_atlas() is second
    assert len(loads["atlas"]) == 2
    basemap = cache.cached_basemap()
    touch(data_copy / "basemap" / "land.geojson")
    assert cache.cached_basemap() is not basemap and cache.cached_atlas() is not second
    assert len(loads["atlas"]) == 3 and len(loads["basemap"]) == 2


def test_folders_held_are_bounded(tmp_path, loads):
    """Only the most recently used data folders stay loaded."""
    from sample_data import write_sample_dataset

    roots = [str(write_sample_dataset(tmp_path / f"set{i}" / "geodata")) for i in range(cache.FOLDERS_KEPT + 2)]
    for root in roots:
        cache.atlas_for(root)
    assert len(cache.ATLASES.entries) <= cache.FOLDERS_KEPT
    assert list(cache.ATLASES.entries)[-1] == roots[-1]


def test_the_export_store_is_bounded_and_follows_the_data(data_copy):
    """At most EXPORTS_KEPT finished exports are held; a changed data file means a new build, not the old bytes."""
    builds = []
    for index in range(cache.EXPORTS_KEPT + 8):
        cache.lazily(("view", index), lambda index=index: builds.append(index) or f"png {index}".encode())()
    assert len(cache.EXPORTS) == cache.EXPORTS_KEPT
    again = cache.lazily(("view", cache.EXPORTS_KEPT + 7), lambda: builds.append("again") or b"new")
    assert again() == f"png {cache.EXPORTS_KEPT + 7}".encode() and "again" not in builds
    clear_cache_message()
    assert again() == f"png {cache.EXPORTS_KEPT + 7}".encode()
    touch(data_copy / "facts.csv")
    assert cache.lazily(("view", cache.EXPORTS_KEPT + 7), lambda: b"rebuilt")() == b"rebuilt"
