"""Map JavaScript and CSS from installed XStatic packages, never from a CDN."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import folium
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from folium.elements import JSCSSMixin

from borderatlas import verbatim
from borderatlas.byid import by_id

verbatim.install()


@dataclass(frozen=True)
class AssetPackage:
    """One installed XStatic package and the files of it the map loads."""

    id: str
    module: ModuleType
    js: tuple[str, ...]
    css: tuple[str, ...]

    @property
    def directory(self) -> Path:
        """The folder holding the package's files."""
        return Path(self.module.BASE_DIR)

    @property
    def version(self) -> str:
        """The packaged library's upstream version."""
        return self.module.VERSION


ASSET_PACKAGES: tuple[AssetPackage, ...] = (
    AssetPackage("leaflet", xstatic.pkg.leaflet, js=("leaflet.js",), css=("leaflet.css",)),
    AssetPackage(
        "markercluster",
        xstatic.pkg.leaflet_markercluster,
        js=("leaflet.markercluster.js",),
        css=("MarkerCluster.css", "MarkerCluster.Default.css"),
    ),
)

ELEMENT_ASSETS: dict[type, tuple[str, ...]] = {
    folium.Map: ("leaflet",),
}
"""Which asset packages each folium element class needs; any other element with assets is refused."""

UrlFor = Callable[[AssetPackage, str], str]


def package_by_id(package_id: str) -> AssetPackage:
    """Return the asset package with this id, or raise KeyError."""
    return by_id(ASSET_PACKAGES, package_id)


def walk(element) -> list:
    """Every element in a folium tree, depth first."""
    found = [element]
    for child in getattr(element, "_children", {}).values():
        found.extend(walk(child))
    return found


def localise_assets(root: folium.Map, url_for: UrlFor) -> None:
    """Point every element's JS/CSS at local copies; raise ValueError for any element we cannot serve."""
    for element in walk(root):
        if not isinstance(element, JSCSSMixin):
            continue
        package_ids = next((ids for cls, ids in ELEMENT_ASSETS.items() if type(element) is cls), None)
        if package_ids is None:
            raise ValueError(f"{type(element).__name__} needs assets that no installed package provides")
        packages = [package_by_id(pid) for pid in package_ids]
        element.default_js = [(f"{p.id}-{name}", url_for(p, name)) for p in packages for name in p.js]
        element.default_css = [(f"{p.id}-{name}", url_for(p, name)) for p in packages for name in p.css]


def remote_links(root: folium.Map) -> list[str]:
    """Every JS/CSS link in the tree that does not stay on the serving host."""
    links = []
    for element in walk(root):
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]:
            if url.startswith(("http:", "https:", "//")):
                links.append(url)
    return links


def inline_url_for(package: AssetPackage, name: str) -> str:
    """A data: URL carrying the file itself, for standalone HTML that needs no server."""
    import base64

    kind = "text/css" if name.endswith(".css") else "text/javascript"
    payload = base64.b64encode((package.directory / name).read_bytes()).decode("ascii")
    return f"data:{kind};base64,{payload}"


def compact_js(path: Path) -> str:
    """One of our own JS files as sent to the browser: block comments and indentation dropped (it rides in every
    map's payload). Our files use no block-comment markers inside strings."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
