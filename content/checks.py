"""Deploy checks: a clinic cannot go live with invented clinicians by accident."""

from django.core import checks
from django.db import DatabaseError

from content.models import Article, SafetyCondition


@checks.register("content", deploy=True)
def check_no_demo_people_on_published_articles(app_configs=None, **kwargs):
    try:
        slugs = sorted(Article.objects.published().by_demo_people().values_list("slug", flat=True))
    except DatabaseError:  # no tables yet: nothing is published
        return []
    if not slugs:
        return []
    shown = ", ".join(slugs[:5]) + (f" and {len(slugs) - 5} more" if len(slugs) > 5 else "")
    return [
        checks.Error(
            f"{len(slugs)} published articles are written or reviewed by a sample (demo) "
            f"person: {shown}.",
            hint="In the admin, give these articles your real author and reviewer (People: "
            "untick “sample person” only for real clinicians), or unpublish them.",
            id="content.E001",
        )
    ]


@checks.register("content", deploy=True)
def check_the_safety_list_is_loaded(app_configs=None, **kwargs):
    try:
        screened = SafetyCondition.objects.screening().exists()
    except DatabaseError:
        return []
    if screened:
        return []
    return [
        checks.Error(
            "The safety list is empty, so the booking asks no safety questions.",
            hint="Run `manage.py import_articles` (it loads content/fixtures/safety.yaml), "
            "or add the conditions in the admin (Safety conditions).",
            id="content.E002",
        )
    ]
