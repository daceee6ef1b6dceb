"""Where rasid finds its bundled artifacts and the public training data."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Committed, small artifacts (models, lexicons) shipped with the package.
ARTIFACTS = PACKAGE_DIR / "data"
REPO_ROOT = PACKAGE_DIR.parent


def shared_dir() -> Path:
    """``../shared`` beside the checkout, or $RASID_SHARED."""
    env = os.environ.get("RASID_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"


def data_dir() -> Path:
    """The public data sets (``../shared/data``), or $RASID_DATA."""
    env = os.environ.get("RASID_DATA")
    return Path(env) if env else shared_dir() / "data"


def gold_dir() -> Path:
    return shared_dir() / "gold"
