"""Markdown to safe HTML, for articles and newsletter issues.

Python-Markdown renders (heading ids, tables, lists, callouts); nh3 then keeps
only an allowlist, so `<script>`, `<style>`, `<iframe>`, `on*` attributes and
`javascript:`/`data:` URLs never reach a page or an email. Pure: text in, text out.

Callouts use the admonition syntax and become accessible note boxes:

    !!! avoid "When to avoid"
        Text indented four spaces.

    !!! help "Get help"
        Text indented four spaces.
"""

import re
from dataclasses import dataclass, field

import markdown
import nh3

CALLOUT_KINDS = {"avoid", "help"}

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "hr", "img", "li", "ol", "p", "pre", "strong",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "div": {"class", "role"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "img": {"src", "alt", "width", "height"},
    "p": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
ALLOWED_CLASSES = {"callout", "callout-title"} | {f"callout-{kind}" for kind in CALLOUT_KINDS}

_ADMONITION = re.compile(r'<div class="admonition ([a-z-]+)">')
_ADMONITION_TITLE = '<p class="admonition-title">'


@dataclass(frozen=True)
class Rendered:
    html: str
    # The document's second-level headings as (id, text), for "On this page".
    headings: list[tuple[str, str]] = field(default_factory=list)


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


def render_markdown(text: str) -> Rendered:
    md = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "admonition"],
        extension_configs={"toc": {"toc_depth": "2-3"}},
        output_format="html",
    )
    html = md.convert(text)
    html = _ADMONITION.sub(_callout, html)
    html = html.replace(_ADMONITION_TITLE, '<p class="callout-title">')
    headings = [(token["id"], token["name"]) for token in md.toc_tokens if token["level"] == 2]
    return Rendered(html=sanitise(html), headings=headings)
