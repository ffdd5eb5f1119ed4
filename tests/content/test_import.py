"""import_articles and export_articles: validation, idempotence, a byte-for-byte round trip."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.importing import DEFAULT_PATH
from content.models import Article, Person, Topic

GOOD = """---
title: A good article
slug: a-good-article
topic: basics
summary: A short summary.
author: maya-okafor
reviewer: daniel-reyes
published: 2026-01-05
last_reviewed: 2026-01-05
next_review_due: 2027-01-05
featured: false
related: []
references: []
---

## A heading

Some text.
"""


def run(*args, out: StringIO | None = None) -> str:
    out = out or StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def fixtures_copy(tmp_path) -> Path:
    """A writable copy of the real fixtures folder."""
    target = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_PATH, target)
    return target


def test_imports_every_article_then_changes_nothing(db):
    first = run("import_articles")
    files = len(list((DEFAULT_PATH / "articles").glob("*.md")))
    assert Article.objects.count() == files
    assert Article.objects.published().count() == files
    assert Topic.objects.count() == 6 and Person.objects.count() == 3
    # What the newcomer reads after `make run`: each kind counted on its own.
    kinds = f"{files} articles, {Topic.objects.count()} topics and {Person.objects.count()} people"
    assert first.strip().splitlines()[-1] == (
        f"Created {kinds}, updated nothing; nothing unchanged."
    )
    assert run("import_articles").strip() == f"Nothing changed: {kinds} already up to date."


def test_every_article_renders_with_headings(imported):
    for article in Article.objects.all():
        assert article.body_html and article.headings, article.slug
        assert len(article.summary) <= 160


def test_round_trip_reproduces_the_files_byte_for_byte(imported, tmp_path):
    run("export_articles", str(tmp_path))
    for original in sorted(DEFAULT_PATH.rglob("*")):
        if original.is_file():
            exported = tmp_path / original.relative_to(DEFAULT_PATH)
            assert exported.read_bytes() == original.read_bytes(), original.name


def test_an_edit_in_a_file_updates_only_that_article(imported, fixtures_copy):
    path = fixtures_copy / "articles" / "foam-rolling.md"
    title = "title: Foam rolling and massage tools at home"
    path.write_text(path.read_text().replace(title, "title: Foam rolling"))
    output = run("import_articles", str(fixtures_copy))
    assert "updated article foam-rolling" in output
    others = (
        f"{Article.objects.count() - 1} articles, {Topic.objects.count()} topics "
        f"and {Person.objects.count()} people"
    )
    assert output.strip().splitlines()[-1] == (
        f"Created nothing, updated 1 article; {others} unchanged."
    )
    assert Article.objects.get(slug="foam-rolling").title == "Foam rolling"


def test_dry_run_saves_nothing(db):
    output = run("import_articles", "--dry-run")
    assert "Dry run" in output
    assert Article.objects.count() == 0 and Topic.objects.count() == 0


def write(folder: Path, name: str, text: str) -> None:
    (folder / "articles" / name).write_text(text)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("title: A good article\n", ""), "bad.md: title: is missing"),
        (lambda t: t.replace("topic: basics", "topic: astrology"), "bad.md: topic: 'astrology'"),
        (lambda t: t.replace("published: 2026-01-05", "published: 2026-13-45"), "published:"),
        (lambda t: t.replace("last_reviewed: 2026-01-05", "last_reviewed: soon"), "last_reviewed"),
        (lambda t: t.replace("related: []", "related:\n- no-such-article"), "related: 'no-such"),
        (lambda t: t.replace("slug: a-good-article", "slug: foam-rolling"), "slug: 'foam-rolling'"),
        (lambda t: t.replace("A short summary.", "x" * 161), "summary: is 161 characters"),
        (lambda t: t.replace("author: maya-okafor", "author: nobody"), "author: 'nobody'"),
        (lambda t: t.replace("---\n\n## A", "\n## A"), "front matter"),
        (
            lambda t: t.replace(
                "references: []", "references:\n- title: x\n  url: javascript:alert(1)"
            ),
            "references: A reference link must start with https://",
        ),
    ],
)
def test_each_problem_is_reported_with_file_and_field_and_nothing_imported(
    db, fixtures_copy, change, expected
):
    write(fixtures_copy, "bad.md", change(GOOD))
    output = StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        run("import_articles", str(fixtures_copy), out=output)
    assert expected in output.getvalue()
    assert Article.objects.count() == 0
    assert Topic.objects.count() == 0


def _problems(folder: Path) -> str:
    from content.importing import articles_import

    return "\n".join(str(p) for p in articles_import(path=folder).problems)


def test_several_problems_are_all_reported(db, fixtures_copy):
    bad = GOOD.replace("title: A good article\n", "").replace("topic: basics", "topic: nope")
    write(fixtures_copy, "bad.md", bad.replace("published: 2026-01-05", "published: tuesday"))
    write(fixtures_copy, "long.md", GOOD.replace("A short summary.", "y" * 200))
    problems = _problems(fixtures_copy)
    assert "bad.md: title: is missing" in problems
    assert "bad.md: published:" in problems
    assert "long.md: summary: is 200 characters" in problems


def test_the_real_fixtures_have_no_problems(db):
    assert _problems(DEFAULT_PATH) == ""


def test_a_picture_in_front_matter_is_imported_and_exported(db, fixtures_copy, settings, tmp_path):
    from tests.content.test_images import photo

    settings.MEDIA_ROOT = tmp_path / "media"
    (fixtures_copy / "articles" / "images").mkdir()
    (fixtures_copy / "articles" / "images" / "roller.jpg").write_bytes(photo())
    path = fixtures_copy / "articles" / "foam-rolling.md"
    path.write_text(
        path.read_text().replace(
            "- massage-tools-at-home\n---\n",
            "- massage-tools-at-home\nimage: images/roller.jpg\n"
            "image_alt: A foam roller under a calf\n---\n",
        )
    )
    run("import_articles", str(fixtures_copy))
    article = Article.objects.get(slug="foam-rolling")
    assert article.image.alt == "A foam roller under a calf"
    assert len(article.image.renditions) == 3
    assert "Nothing changed" in run("import_articles", str(fixtures_copy))
    exported = tmp_path / "exported"
    run("export_articles", str(exported))
    assert (exported / "articles" / "foam-rolling.md").read_bytes() == path.read_bytes()
    assert (exported / "articles" / "images" / "roller.jpg").exists()


@pytest.mark.parametrize(("content", "expected"), [(None, "is not a file"), (b"junk", "picture")])
def test_a_missing_or_broken_picture_is_a_problem(
    db, fixtures_copy, settings, tmp_path, content, expected
):
    settings.MEDIA_ROOT = tmp_path / "media"
    if content is not None:
        (fixtures_copy / "articles" / "broken.jpg").write_bytes(content)
    path = fixtures_copy / "articles" / "foam-rolling.md"
    path.write_text(
        path.read_text().replace(
            "references: []\n", "references: []\nimage: broken.jpg\nimage_alt: A roller\n"
        )
    )
    problems = _problems(fixtures_copy)
    assert "foam-rolling.md: image:" in problems and expected in problems
    assert Article.objects.count() == 0


def test_a_merged_article_leaves_an_existing_database_and_its_slug_redirects(
    db, fixtures_copy, client
):
    """A site that still has an old page: importing the merge removes it, and it answers 301."""
    survivor = fixtures_copy / "articles" / "after-your-session.md"
    survivor.write_text(survivor.read_text().replace("old_slugs:\n- side-effects\n", ""))
    old_page = GOOD.replace("slug: a-good-article", "slug: side-effects").replace(
        "topic: basics", "topic: who-benefits"
    )
    write(fixtures_copy, "side-effects.md", old_page)
    topics = fixtures_copy / "topics.yaml"
    topics.write_text(topics.read_text() + "- slug: who-benefits\n  name: Who benefits\n")
    run("import_articles", str(fixtures_copy))
    assert client.get("/articles/side-effects/").status_code == 200

    output = run("import_articles")
    assert "article side-effects (merged into after-your-session)" in output
    assert not Article.objects.filter(slug="side-effects").exists()
    assert not Topic.objects.filter(slug="who-benefits").exists()
    response = client.get("/articles/side-effects/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/after-your-session/"
    assert "Nothing changed" in run("import_articles")


def test_an_old_slug_that_is_still_an_article_is_a_problem(db, fixtures_copy):
    old_page = GOOD.replace("slug: a-good-article", "slug: side-effects")
    write(fixtures_copy, "side-effects.md", old_page)
    with pytest.raises(CommandError):
        run("import_articles", str(fixtures_copy))
    assert not Article.objects.exists()
