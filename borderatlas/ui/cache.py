"""Caching: the validated atlas and basemap once per process, the asset component paths, finished exports.

The atlas, the basemap and the exports are held here, in module-level stores, not in st.cache_resource or
st.cache_data: Streamlit's clear-cache message (which any visitor can send) empties those for every session. A store
entry is keyed by its folder and a fingerprint of the files read from it (names, sizes, modification times), so a
changed data file is loaded again on the next run, and a visitor cannot force a reload.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import streamlit.components.v1 as components

from borderatlas.assets import ASSET_PACKAGES, AssetPackage
from borderatlas.data import Atlas, load_atlas, load_basemap
from borderatlas.detail import DETAIL_DIR
from borderatlas.paths import geodata_dir
from borderatlas.validation import basemap_dir

ASSET_COMPONENTS = {
    package.id: components.declare_component(f"assets_{package.id}", path=str(package.directory))
    for package in ASSET_PACKAGES
}
"""Each XStatic package's folder served by Streamlit as a component path: /component/<name>/<file>."""


DETAIL_COMPONENT = components.declare_component("basemap_detail", path=str(DETAIL_DIR))
"""The detailed basemap's chunks served the same way, fetched by the map from zoom 9."""

FOLDERS_KEPT = 4
"""Data folders whose atlas and basemap stay loaded at once (a deployment uses one; tests switch between several)."""
EXPORTS_KEPT = 32
"""Finished exports kept; the least recently used one is dropped first."""


def detail_url() -> str:
    """Where the map frame fetches the detailed basemap's chunks (relative, so it survives a URL prefix)."""
    return f"../{DETAIL_COMPONENT.name}/"


def component_url_for(package: AssetPackage, name: str) -> str:
    """An asset URL relative to the map's component frame, so it survives a server.baseUrlPath prefix."""
    return f"../{ASSET_COMPONENTS[package.id].name}/{name}"


def folder_fingerprint(directory: Path) -> tuple:
    """The files directly in a folder as sorted (name, size, mtime_ns); an unreadable or missing folder as its error."""
    try:
        with os.scandir(directory) as entries:
            files = [(entry.name, entry.stat()) for entry in entries if entry.is_file()]
    except OSError as err:
        return (("error", type(err).__name__, err.errno),)
    return tuple(sorted((name, stat.st_size, stat.st_mtime_ns) for name, stat in files))


def data_fingerprint(root: Path) -> tuple:
    """What the atlas is read from: the data folder's files and those of the basemap served with it."""
    return folder_fingerprint(root), folder_fingerprint(basemap_dir(root))


class FolderStore:
    """Loaded data by folder: one entry per folder, loaded again when the folder's fingerprint changes.

    Streamlit's clear-cache message does not reach it. At most `FOLDERS_KEPT` folders are held; a load happens once
    even when several sessions ask at the same time.
    """

    def __init__(self, loader: Callable[[str], object], fingerprint: Callable[[Path], tuple]):
        self.loader, self.fingerprint = loader, fingerprint
        self.entries: OrderedDict[str, tuple[tuple, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, folder: str) -> object:
        """The data loaded from folder, from the store while the folder's files are unchanged."""
        version = self.fingerprint(Path(folder))
        entry = self.entries.get(folder)
        if entry is not None and entry[0] == version:
            return entry[1]
        with self.lock:
            entry = self.entries.get(folder)
            if entry is None or entry[0] != version:
                entry = (version, self.loader(folder))
                self.entries[folder] = entry
            self.entries.move_to_end(folder)
            while len(self.entries) > FOLDERS_KEPT:
                self.entries.popitem(last=False)
            return entry[1]


ATLASES = FolderStore(load_atlas, data_fingerprint)
BASEMAPS = FolderStore(load_basemap, folder_fingerprint)


def atlas_for(root: str) -> Atlas:
    """The validated data set in a folder, loaded once per process and again when its files change."""
    return ATLASES.get(root)


def cached_atlas() -> Atlas:
    """The validated data set in use (geodata/, or BORDERATLAS_GEODATA)."""
    return atlas_for(str(geodata_dir()))


def basemap_for(directory: str) -> dict:
    """The offline vector basemap in a folder, loaded once per process and again when its files change."""
    return BASEMAPS.get(directory)


def cached_basemap() -> dict:
    """The offline vector basemap served with the data set in use (its basemap/, else geodata/basemap/)."""
    return basemap_for(str(basemap_dir(geodata_dir())))


EXPORTS: OrderedDict[tuple, object] = OrderedDict()
"""Finished exports by (data fingerprint, data folder, view, kind), shared by sessions so repeated downloads are
instant; at most `EXPORTS_KEPT`."""
EXPORTS_LOCK = threading.Lock()


def lazily(key: tuple, build) -> object:
    """A no-argument callable for st.download_button that builds once per key and then serves the cached bytes.

    The key gets the data's fingerprint, so an export made from data since changed is not served again.
    """
    full_key = (data_fingerprint(geodata_dir()), *key)

    def produce():
        with EXPORTS_LOCK:
            if full_key in EXPORTS:
                EXPORTS.move_to_end(full_key)
                return EXPORTS[full_key]
        built = build()
        with EXPORTS_LOCK:
            EXPORTS[full_key] = built
            while len(EXPORTS) > EXPORTS_KEPT:
                EXPORTS.popitem(last=False)
        return built

    return produce
