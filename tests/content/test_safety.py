"""The one safety list: in the fixtures once, shown by reference, the same in booking."""

import re
import shutil

import pytest

from content import services
from content.importing import DEFAULT_PATH, articles_import
from content.markdown_files import parse_document
from content.models import Article, OldSlug, SafetyCondition
from content.rendering import SafetyItem, safety_block

# Words that suggest treating yourself at home.
HOME_TOOLS = re.compile(
    r"foam roll|massage (ball|stick|tool)|handheld massager|self-massage|self-treatment", re.I
)
MERGED = {
    "myofascial-release-for-chronic-pain": "myofascial-release",
    "side-effects": "after-your-session",
    "massage-tools-at-home": "foam-rolling",
    "athletes-and-active-people": "sports-injuries",
    "see-a-qualified-therapist-first": "when-to-avoid-treatment",
    "safe-and-effective-treatment": "questions-to-ask",
    "self-care-or-professional-help": "home-exercises",
    "role-of-fascia": "how-soft-tissue-mobilization-works",
}


def fixture_bodies() -> dict[str, str]:
    return {
        path.name: parse_document(path.read_text(encoding="utf-8"))[1]
        for path in sorted((DEFAULT_PATH / "articles").glob("*.md"))
    }


def missing_safety_near_the_top(bodies: dict[str, str]) -> list[str]:
    """Articles that suggest home tools but do not show the list before their first section."""
    missing = []
    for name, body in bodies.items():
        if not HOME_TOOLS.search(body):
            continue
        first_section = body.find("\n## ")
        marker = body.find("\n[[safety]]\n")
        if marker == -1 or (first_section != -1 and marker > first_section):
            missing.append(name)
    return missing


def test_every_article_suggesting_home_tools_shows_the_safety_list_near_the_top():
    bodies = fixture_bodies()
    assert missing_safety_near_the_top(bodies) == []
    assert sum(bool(HOME_TOOLS.search(body)) for body in bodies.values()) >= 5


def test_the_check_catches_an_article_that_drops_the_list():
    bodies = fixture_bodies()
    bodies["foam-rolling.md"] = bodies["foam-rolling.md"].replace("[[safety]]", "")
    assert missing_safety_near_the_top(bodies) == ["foam-rolling.md"]


def test_no_article_words_the_list_its_own_way():
    for name, body in fixture_bodies().items():
        assert '!!! avoid "' not in body, name
        assert "have had a blood clot" not in body and "ever had a blood clot" not in body, name


def test_the_list_renders_as_three_levels_of_care_card():
    items = [
        SafetyItem("A fresh injury", "such as a torn muscle.", "wait"),
        SafetyItem("Severe osteoporosis", "when bones are <thin>.", "avoid"),
        SafetyItem("A bone may be broken", "today.", "urgent"),
        SafetyItem("Chest pain", "now.", "immediate"),
    ]
    html = safety_block(items)
    assert '<div class="care-card care-card-non-urgent" role="note">' in html
    assert '<span class="care-card-level">Non-urgent advice:</span>' in html
    assert '<span class="care-card-level">Urgent advice:</span> Get medical help today' in html
    assert '<span class="care-card-level">Immediate action required:</span> Call 911' in html
    assert "<li><strong>A fresh injury</strong>, such as a torn muscle.</li>" in html
    assert "&lt;thin&gt;" in html
    order = ["Wait until it has healed", "A fresh injury", "Do not have it at all", "Severe"]
    assert [html.index(text) for text in order] == sorted(html.index(text) for text in order)


@pytest.mark.django_db
def test_articles_show_every_line_of_the_list(imported):
    article = Article.objects.get(slug="foam-rolling")
    for condition in SafetyCondition.objects.all():
        assert condition.condition in article.body_html
    assert article.body_html.index("care-card-non-urgent") < article.body_html.index("<h2 id=")


@pytest.mark.django_db
def test_one_edit_changes_every_article_that_shows_the_list(imported):
    clot = SafetyCondition.objects.get(key="blood_clot")
    clot.wording = "a clot of blood in a vein deep in the body."
    services.safety_condition_save(condition=clot)
    showing = Article.objects.filter(body__contains="[[safety]]")
    assert showing.count() >= 5
    for article in showing:
        assert "a clot of blood in a vein deep in the body." in article.body_html, article.slug


@pytest.mark.django_db
def test_a_bad_level_in_the_list_is_reported_and_nothing_is_imported(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_PATH, target)
    path = target / "safety.yaml"
    path.write_text(path.read_text().replace("level: avoid", "level: maybe", 1))
    report = articles_import(path=target)
    assert [str(p) for p in report.problems] == [
        "safety.yaml entry 3: level: must be one of wait, avoid, urgent, immediate"
    ]
    assert not Article.objects.exists() and not SafetyCondition.objects.exists()


@pytest.mark.django_db
def test_every_merged_slug_redirects_permanently(imported, client):
    assert dict(OldSlug.objects.values_list("slug", "article__slug")) == MERGED
    for old, new in MERGED.items():
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301, old
        assert response["Location"] == f"/articles/{new}/"
