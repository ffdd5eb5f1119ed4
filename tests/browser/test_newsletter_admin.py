"""Staff pick featured articles in the admin by typing a title (the autocomplete)."""

import pytest

from newsletter.models import Issue
from tests.content.conftest import make_article, person, topic  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_feature_a_published_article_by_typing_its_title(
    page,
    live_server,
    admin_user,
    make_article,  # noqa: F811 (the fixture imported above)
):
    make_article(title="Balance basics")
    make_article(title="Balance draft", status="draft")
    page.goto(live_server.url + "/admin/login/?next=/admin/newsletter/issue/add/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.fill("#id_subject", "Stand tall")
    page.fill("#id_body", "Hello.")
    page.click("#featured_articles-0 .select2-selection")
    page.keyboard.type("Balance")
    options = page.locator(".select2-results__option:not(.loading-results)")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Balance basics"]
    options.first.click()
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/newsletter/issue/")
    assert [a.title for a in Issue.objects.with_featured().get().featured()] == ["Balance basics"]
