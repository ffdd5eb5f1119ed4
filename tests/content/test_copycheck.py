"""The articles are in our own words: the shared copy check finds nothing copied."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"


def test_articles_copy_nothing_from_the_source():
    if not COPYCHECK.exists():
        pytest.skip(f"{COPYCHECK} is not on this machine")
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), str(ROOT / "content" / "fixtures")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 copied passages" in result.stdout
