"""The articles are in our own words: the shared copy check finds nothing copied."""

import subprocess
import sys
from pathlib import Path

from tests import checks

ROOT = Path(__file__).resolve().parents[2]
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"


def test_articles_copy_nothing_from_the_source():
    # Skips on a developer's machine without shared/, fails under CI, like the browser tools.
    checks.require_tool(COPYCHECK.exists(), str(COPYCHECK), "check out shared/ beside the project")
    result = subprocess.run(
        [sys.executable, str(COPYCHECK), str(ROOT / "content" / "fixtures")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 copied passages" in result.stdout
