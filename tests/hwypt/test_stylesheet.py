"""The site stylesheet parses: one lost brace silently swallows every rule after it."""

from tests.checks import ROOT


def test_site_css_braces_balance_and_no_rule_nests_inside_another():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    depth = 0
    inside_at_rule = False
    for number, line in enumerate(css.splitlines(), 1):
        starts_rule = line[:1] not in ("", " ", "}", "/", "*") and "{" in line
        if starts_rule and depth > 0 and not inside_at_rule:
            raise AssertionError(f"line {number} starts a rule inside another: {line!r}")
        if line.startswith("@media"):
            inside_at_rule = True
        depth += line.count("{") - line.count("}")
        if depth == 0:
            inside_at_rule = False
        assert depth >= 0, f"unbalanced closing brace at line {number}"
    assert depth == 0, "a rule is never closed"
