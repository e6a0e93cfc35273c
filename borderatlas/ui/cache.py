"""Caching: the validated atlas and basemap once per process, the asset component paths, finished exports."""

from __future__ import annotations

import streamlit as st
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


def detail_url() -> str:
    """Where the map frame fetches the detailed basemap's chunks (relative, so it survives a URL prefix)."""
    return f"../{DETAIL_COMPONENT.name}/"


def component_url_for(package: AssetPackage, name: str) -> str:
    """An asset URL relative to the map's component frame, so it survives a server.baseUrlPath prefix."""
    return f"../{ASSET_COMPONENTS[package.id].name}/{name}"


@st.cache_resource(show_spinner=False)
def atlas_for(root: str) -> Atlas:
    """The validated data set in a folder, loaded once per server process."""
    return load_atlas(root)


def cached_atlas() -> Atlas:
    """The validated data set in use (geodata/, or BORDERATLAS_GEODATA)."""
    return atlas_for(str(geodata_dir()))


@st.cache_resource(show_spinner=False)
def basemap_for(directory: str) -> dict:
    """The offline vector basemap in a folder, loaded once per server process (broken files left out)."""
    return load_basemap(directory)


def cached_basemap() -> dict:
    """The offline vector basemap served with the data set in use (its basemap/, else geodata/basemap/)."""
    return basemap_for(str(basemap_dir(geodata_dir())))


@st.cache_resource(show_spinner=False)
def export_cache() -> dict:
    """Finished exports by (data folder, view, kind), shared by sessions so repeated downloads are instant."""
    return {}


def lazily(key: tuple, build) -> object:
    """A no-argument callable for st.download_button that builds once per key and then serves the cached bytes."""
    cache = export_cache()

    def produce():
        if key not in cache:
            if len(cache) >= 32:
                cache.clear()
            cache[key] = build()
        return cache[key]

    return produce
