"""The checks are only worth something if they fail on a broken page."""

import pytest

from tests import checks

pytestmark = pytest.mark.browser

BROKEN = """<!DOCTYPE html>
<html>
<head><title>Broken</title></head>
<body>
  <img src="x.png">
  <p id="twice">One</p><p id="twice">Two</p>
  <a href="/x"></a>
  <div><li>stray item</li></div>
</body>
</html>"""


def test_axe_reports_a_known_violation(page):
    page.set_content(BROKEN)
    ids = {violation["id"] for violation in checks.axe_violations(page)}
    assert {"image-alt", "html-has-lang", "link-name"} <= ids


def test_nu_html_checker_reports_known_errors(html_checker):
    errors = html_checker.errors(BROKEN)
    messages = " ".join(error["message"] for error in errors)
    assert "Duplicate ID" in messages
    assert "alt" in messages


def test_assert_accessible_fails_on_the_broken_page(page, assert_accessible):
    page.set_content(BROKEN)
    with pytest.raises(AssertionError, match="axe found problems"):
        assert_accessible(page)


def test_axe_holds_text_to_seven_to_one_contrast(page):
    """#767676 on white is 4.5:1: enough for WCAG AA, not for the 7:1 this site promises."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Grey</title></head>'
        '<body><main><p style="color:#767676">Faint text</p></main></body></html>'
    )
    ids = {violation["id"] for violation in checks.axe_violations(page)}
    assert "color-contrast-enhanced" in ids
