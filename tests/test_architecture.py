"""The package's layering holds: Streamlit only in borderatlas/ui, folium and matplotlib only in their renderers,
no module imports a layer above its own, and no module grows past one job (about 400 lines)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from borderatlas.paths import PACKAGE_DIR

LEVELS: tuple[tuple[str, ...], ...] = (
    ("", "paths", "dates", "byid", "styles", "models", "asof", "citations", "layers", "registry", "heap"),
    ("validation", "data", "detail"),
    (
        "clicks",
        "panels",
        "summary",
        "areafigures",
        "search",
        "tables",
        "views",
        "viewport",
        "urlstate",
        "legend",
        "changes",
        "charts",
        "overlay.model",
        "overlay.read",
        "overlay.dates",
        "overlay.aggregate",
        "slide",
        "slideview",
    ),
    (
        "verbatim",
        "assets",
        "mapview",
        "mapsymbols",
        "mapdetail",
        "overlay.draw",
        "overlay",
        "downloads",
        "briefing",
        "export",
    ),
    ("__main__", "ui", "devserver"),
)
"""Bottom to top: records and registries, loading and validation, pure logic, renderers, the app and the CLI."""
RENDERER_ONLY = {
    "streamlit": ("ui",),
    "streamlit_folium": ("ui",),
    "folium": ("verbatim", "assets", "mapview", "mapsymbols", "mapdetail", "overlay.draw", "downloads"),
    "branca": ("verbatim", "assets", "mapview", "mapsymbols", "mapdetail", "overlay.draw", "downloads"),
    "matplotlib": ("briefing",),
    "pptx": ("briefing",),
}
"""Third-party packages that only the named parts of the package may import."""
MAX_LINES = 400


def module_name(path: Path) -> str:
    """A module's dotted name inside the package ("ui.chrome", "overlay.read", "mapview")."""
    parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def part_of(name: str, prefixes: tuple[str, ...]) -> bool:
    """Whether a module is one of the prefixes or inside one of them."""
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def level(name: str) -> int:
    """The layer a package module belongs to (the most specific match)."""
    matches = [
        (len(prefix), index) for index, group in enumerate(LEVELS) for prefix in group if part_of(name, (prefix,))
    ]
    assert matches, f"borderatlas.{name} is in no layer of LEVELS: add it"
    return max(matches)[1]


def imports(path: Path) -> set[str]:
    """The top-level names a module imports, dotted (every import statement, also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "borderatlas":
                found |= {f"borderatlas.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("name", MODULES, ids=list(MODULES))
def test_third_party_renderers_stay_in_their_modules(name):
    """Streamlit only in ui/; folium and branca only in the web-map renderers; matplotlib only in briefing/."""
    for package, allowed in RENDERER_ONLY.items():
        used = {imported for imported in imports(MODULES[name]) if imported.split(".")[0] == package}
        assert not used or part_of(name, allowed), f"borderatlas.{name} imports {sorted(used)}"


@pytest.mark.parametrize("name", MODULES, ids=list(MODULES))
def test_nothing_imports_upward(name):
    """A module imports only package modules of its own layer or below."""
    own = level(name)
    for imported in imports(MODULES[name]):
        if imported.startswith("borderatlas."):
            target = imported.removeprefix("borderatlas.")
            assert level(target) <= own, f"borderatlas.{name} (layer {own}) imports {imported} (layer {level(target)})"


@pytest.mark.parametrize("name", MODULES, ids=list(MODULES))
def test_no_module_outgrows_one_job(name):
    """No module of the package is longer than about 400 lines."""
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"borderatlas.{name} has {lines} lines"


@pytest.mark.parametrize(
    "module", ["borderatlas.downloads", "borderatlas.ui.presentation", "borderatlas.ui", "borderatlas.ui.export"]
)
def test_downloads_and_presentation_do_not_load_matplotlib(module):
    """Imported in a fresh interpreter, the data downloads, presentation mode and the app (its export buttons too)
    leave matplotlib and python-pptx unloaded: they load when a graphic or pack is first built."""
    code = (
        f"import sys, {module}; loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'pptx')); "
        "assert not loaded, loaded[:3]"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-800:]
