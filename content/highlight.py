"""Search snippets: a short window of text around the first match, terms marked.

Pure: plain text and terms in, escaped HTML out (only <mark> is added).
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The distinct words of a query, lowercased, in order."""
    terms: list[str] = []
    for word in WORD.findall(query.lower()):
        if len(word) > 1 and word not in terms:
            terms.append(word)
    return terms


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so "release" wins over "re"; a word prefix matches ("roll" in "rolling").
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text: str, terms: list[str], width: int = 220) -> SafeString:
    """Escape `text`, cut it to about `width` characters around the first match."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    if len(text) > width:
        start = 0 if match is None else max(0, match.start() - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < match.start() else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        text = ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)
