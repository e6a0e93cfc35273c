"""Deployment files: one pinned dependency file that Community Cloud will use, and a safe .streamlit/config.toml."""

from __future__ import annotations

import importlib.metadata as metadata
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from borderatlas.paths import REPO_DIR

REQUIREMENTS = REPO_DIR / "requirements.txt"
OTHER_DEPENDENCY_FILES = ("uv.lock", "Pipfile", "environment.yml", "environment.yaml", "packages.txt")
"""Files Community Cloud would read before (or besides) requirements.txt; packages.txt would mean apt packages."""


def pins() -> dict[str, str]:
    """requirements.txt as {canonical name: pinned version}; every line but `-e .` must be name==version."""
    found = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == "-e .":
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not pinned: {line}"
        found[canonicalize_name(requirement.name)] = specifiers[0].version
    return found


def runtime_requirements() -> list[Requirement]:
    """The [project] dependencies of pyproject.toml."""
    project = tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(line) for line in project["dependencies"]]


def installed_closure(roots: list[Requirement]) -> dict[str, str]:
    """Every installed distribution the roots need, transitively (markers evaluated here), with its version."""
    found: dict[str, str] = {}
    stack = list(roots)
    while stack:
        requirement = stack.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        distribution = metadata.distribution(requirement.name)
        found[name] = distribution.version
        for line in distribution.requires or []:
            sub = Requirement(line)
            if sub.marker is None or sub.marker.evaluate({"extra": ""}):
                stack.append(sub)
    return found


def test_requirements_is_the_only_dependency_file():
    """Community Cloud uses the first of uv.lock, Pipfile, environment.yml, requirements.txt, pyproject.toml it finds
    (beside the entry point, then at the root): here that is requirements.txt, and no apt packages are needed."""
    assert REQUIREMENTS.exists()
    assert [name for name in OTHER_DEPENDENCY_FILES if (REPO_DIR / name).exists()] == []
    assert "-e ." in REQUIREMENTS.read_text(encoding="utf-8").splitlines()


def test_every_runtime_dependency_is_pinned_within_pyproject_ranges():
    """Each pyproject dependency is pinned, and its pin satisfies pyproject's range."""
    pinned = pins()
    for requirement in runtime_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in requirements.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (requirement, pinned[name])


def test_pins_are_exactly_the_tested_runtime_environment():
    """requirements.txt pins the installed runtime closure at the installed versions, and nothing else (no test
    tools): regenerate it from `.venv/bin/pip freeze` when pyproject.toml or the venv changes."""
    assert pins() == installed_closure(runtime_requirements())


@pytest.mark.parametrize(
    "section, key, expected",
    [
        ("server", "headless", True),
        ("server", "enableStaticServing", False),
        ("server", "runOnSave", False),
        ("server", "maxUploadSize", 25),
        ("browser", "gatherUsageStats", False),
    ],
)
def test_streamlit_config(section, key, expected):
    """Headless, no usage statistics, no static folder, uploads capped at the overlay's own limit."""
    config = tomllib.loads((REPO_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config[section][key] == expected


def test_upload_cap_matches_the_overlay_limit():
    """server.maxUploadSize (MiB) and the overlay's byte limit agree."""
    from borderatlas.overlay import MAX_UPLOAD_BYTES

    config = tomllib.loads((REPO_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_UPLOAD_BYTES
