"""Where the project's files live, resolved from this package's location (never the working directory)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
GEODATA_DIR = Path(os.environ.get("BORDERATLAS_GEODATA") or REPO_DIR / "geodata").resolve()
"""The data folder; BORDERATLAS_GEODATA (an absolute path) points the app at another copy, e.g. in tests."""
BASEMAP_DIR = REPO_DIR / "geodata" / "basemap"
PAGES_DIR = REPO_DIR / "app_pages"
"""The page scripts. Not `pages/`: Streamlit runs a `pages/` folder beside the entry script as a legacy
multi-page app, which skips dashboard.py (and so the shared sidebar) on every rerun."""
SHARED_DIR = REPO_DIR.parent / "shared"
