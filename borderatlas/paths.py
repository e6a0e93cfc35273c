"""Where the project's files live, resolved from this package's location (never the working directory)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
GEODATA_DIR = REPO_DIR / "geodata"


def geodata_dir() -> Path:
    """The data folder in use: geodata/, or the absolute path in BORDERATLAS_GEODATA (read at each call)."""
    return Path(os.environ.get("BORDERATLAS_GEODATA") or GEODATA_DIR).resolve()


BASEMAP_DIR = GEODATA_DIR / "basemap"
PAGES_DIR = REPO_DIR / "pages"
"""The page scripts other than the home page (the entry script, dashboard.py), run in Streamlit's pages/ mode."""
