"""`.env.example` documents every variable the settings read."""

import re

from tests.checks import ROOT


def test_every_setting_variable_is_documented():
    settings_source = (ROOT / "hwypt" / "settings.py").read_text()
    read = {
        f"DJANGO_{name}"
        for name in re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', settings_source)
    }
    read |= {name for name in re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source)}
    read |= {f"DJANGO_{name}" for name in re.findall(r'required\("([A-Z_]+)"\)', settings_source)}
    read.add("DATABASE_URL")  # read by dj-database-url
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read - documented == set()
