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
