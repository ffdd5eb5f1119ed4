"""Markdown to safe HTML, for articles and newsletter issues.

Python-Markdown renders (heading ids, tables, lists, callouts); nh3 then keeps
only an allowlist, so `<script>`, `<style>`, `<iframe>`, `on*` attributes and
`javascript:`/`data:` URLs never reach a page or an email. Pure: text in, text out.

Callouts use the admonition syntax and become accessible note boxes:

    !!! avoid "When to avoid"
        Text indented four spaces.

    !!! help "Get help"
        Text indented four spaces.

Care cards, as NHS.UK uses them, at three levels (the level is written in the
heading, so it never rests on colour alone):

    !!! non-urgent "Talk to your therapist if:"
    !!! urgent "Get medical help today if:"
    !!! immediate "Call 911 if:"

A line `[[safety]]` becomes the clinic's one safety list (`SafetyItem`s passed in),
as care cards: the same list the booking's screening questions are built from.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import markdown
import nh3

CALLOUT_KINDS = {"avoid", "help"}
CARE_LEVELS = {
    "non-urgent": "Non-urgent advice:",
    "urgent": "Urgent advice:",
    "immediate": "Immediate action required:",
}
SAFETY_MARKER = "[[safety]]"

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "hr", "img", "li", "ol", "p", "pre", "span", "strong",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "div": {"class", "role"},
    "h2": {"id", "class"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {"src", "alt", "width", "height"},
    "p": {"class"},
    "span": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
ALLOWED_CLASSES = (
    {"callout", "callout-title", "care-card", "care-card-heading", "care-card-level"}
    | {f"callout-{kind}" for kind in CALLOUT_KINDS}
    | {f"care-card-{level}" for level in CARE_LEVELS}
)

_CARE_CARD = re.compile(
    r'<div class="admonition (non-urgent|urgent|immediate)">\s*'
    r'<p class="admonition-title">(.*?)</p>',
    re.S,
)
_ADMONITION = re.compile(r'<div class="admonition ([a-z-]+)">')
_ADMONITION_TITLE = '<p class="admonition-title">'


@dataclass(frozen=True)
class SafetyItem:
    """One line of the safety list; `level` is wait, avoid, urgent or immediate."""

    condition: str
    wording: str
    level: str


@dataclass(frozen=True)
class Rendered:
    html: str
    # The document's second-level headings as (id, text), for "On this page".
    headings: list[tuple[str, str]] = field(default_factory=list)


def _care_card_start(level: str, heading_html: str) -> str:
    """A care card's opening; the heading says the level in words ("Urgent advice: ...")."""
    return (
        f'<div class="care-card care-card-{level}" role="note">'
        f'<h2 class="care-card-heading"><span class="care-card-level">{CARE_LEVELS[level]}</span> '
        f"{heading_html}</h2>"
    )


def care_card(level: str, heading_html: str, body_html: str) -> str:
    return _care_card_start(level, heading_html) + body_html + "</div>"


def _items(items: Sequence[SafetyItem], level: str) -> str:
    lines = "".join(
        f"<li><strong>{escape(i.condition)}</strong>, {escape(i.wording)}</li>"
        for i in items
        if i.level == level
    )
    return f"<ul>{lines}</ul>"


def get_help_cards(items: Sequence[SafetyItem]) -> str:
    """The "get help now" part of the list: urgent, then immediate."""
    cards = []
    if any(i.level == "urgent" for i in items):
        cards.append(care_card("urgent", "Get medical help today if:", _items(items, "urgent")))
    if any(i.level == "immediate" for i in items):
        cards.append(care_card("immediate", "Call 911 if:", _items(items, "immediate")))
    return "".join(cards)


def safety_block(items: Sequence[SafetyItem]) -> str:
    """The whole safety list as care cards, for articles that say `[[safety]]`."""
    body = (
        "<p>Soft tissue mobilization is safe for most people, but not for everyone.</p>"
        f"<p><strong>Wait until it has healed</strong> if you have:</p>{_items(items, 'wait')}"
        f"<p><strong>Do not have it at all</strong> if you have:</p>{_items(items, 'avoid')}"
        "<p>This goes for foam rollers, balls and other tools at home, too. "
        "Tell your therapist about any health problems before you start.</p>"
    )
    first = care_card("non-urgent", "Check with a physical therapist first", body)
    return first + get_help_cards(items)


def _callout(match: re.Match) -> str:
    kind = match.group(1)
    kind = kind if kind in CALLOUT_KINDS else "help"
    return f'<div class="callout callout-{kind}" role="note">'


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [name for name in value.split() if name in ALLOWED_CLASSES]
        return " ".join(kept) or None
    if attribute == "role":
        return value if value == "note" else None
    return value


def sanitise(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def uses_safety_list(text: str) -> bool:
    return any(line.strip() == SAFETY_MARKER for line in text.splitlines())


def render_markdown(text: str, safety: Sequence[SafetyItem] = ()) -> Rendered:
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "admonition"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )
    html = md.convert(text)
    html = html.replace(f"<p>{SAFETY_MARKER}</p>", safety_block(safety))
    html = _CARE_CARD.sub(lambda m: _care_card_start(m.group(1), m.group(2)), html)
    html = _ADMONITION.sub(_callout, html)
    html = html.replace(_ADMONITION_TITLE, '<p class="callout-title">')
    headings = [(token["id"], token["name"]) for token in md.toc_tokens if token["level"] == 2]
    return Rendered(html=sanitise(html), headings=headings)
