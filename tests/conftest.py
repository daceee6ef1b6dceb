import pytest

from rasid.paths import data_dir, shared_dir


@pytest.fixture
def shared_data():
    """The public data sets; tests that need them skip with a reason when absent."""
    d = data_dir()
    if not d.is_dir():
        pytest.skip(f"public data not found at {d} (set RASID_DATA or place ../shared/data)")
    return d


@pytest.fixture
def seeds_dir():
    d = shared_dir() / "seeds"
    if not d.is_dir():
        pytest.skip(f"seed articles not found at {d}")
    return d
