"""Markdown rendering and sanitising: pure functions, tested directly."""

import pytest

from content.rendering import render_markdown, sanitise


def test_headings_get_ids_and_are_listed_for_on_this_page():
    rendered = render_markdown("## What it is\n\nText.\n\n### Detail\n\n## Who it helps\n")
    assert '<h2 id="what-it-is">What it is</h2>' in rendered.html
    assert rendered.headings == [("what-it-is", "What it is"), ("who-it-helps", "Who it helps")]


def test_tables_and_lists_render():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n").html
    assert "<table>" in html and "<td>1</td>" in html
    assert "<li>one</li>" in html


def test_callouts_become_accessible_notes():
    text = (
        '!!! avoid "When to avoid"\n    Not on a fresh fracture.\n\n'
        '!!! help "Get help"\n    Call us.\n'
    )
    html = render_markdown(text).html
    assert '<div class="callout callout-avoid" role="note">' in html
    assert '<p class="callout-title">When to avoid</p>' in html
    assert '<div class="callout callout-help" role="note">' in html
    assert "admonition" not in html


def test_unknown_callout_kind_falls_back_to_help():
    html = render_markdown('!!! danger "Careful"\n    Text.\n').html
    assert 'class="callout callout-help"' in html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" alt="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ("<style>body{display:none}</style>", "<style"),
        ('<p style="color:red">x</p>', "style="),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<div class="evil callout" role="button">x</div>', "evil"),
        ('<div role="button">x</div>', "button"),
    ],
)
def test_dangerous_markup_never_survives(dirty, forbidden):
    assert forbidden not in render_markdown(dirty).html
    if dirty.startswith("<"):
        assert forbidden not in sanitise(dirty)


def test_ordinary_links_are_kept():
    html = render_markdown("[Book](/book/) or [call](tel:+15415550142)").html
    assert 'href="/book/"' in html
    assert 'href="tel:+15415550142"' in html
