"""What a patient types, turned towards what the articles say: synonyms and spelling.

Pure: plain strings in, plain strings out, so it is tested fast and on its own.
"""

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

from content.highlight import WORD

MAX_QUERY_LENGTH = 200
# How close a typed word must be to an article word to be a candidate (difflib's ratio),
# and at most how many edits away (one for four letters, two from five).
SPELLING_CUTOFF = 0.7
SHORTEST_CORRECTED = 4


def query_printable(query: str) -> str:
    """What was typed, without NUL or other control characters, cut well short of huge."""
    text = unicodedata.normalize("NFKC", query[: MAX_QUERY_LENGTH * 5])
    return "".join(char if char.isprintable() else " " for char in text)


def query_clean(query: str) -> str:
    """Printable characters only, spaces collapsed, at most MAX_QUERY_LENGTH."""
    return " ".join(query_printable(query).split())[:MAX_QUERY_LENGTH].strip()


def vocabulary_from(texts: Iterable[str]) -> dict[str, int]:
    """How often each word of some texts is used: lowercased, letters only, three or more."""
    words: Counter[str] = Counter()
    for text in texts:
        words.update(w for w in WORD.findall(text.lower()) if len(w) >= 3 and w.isalpha())
    return dict(words)


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours ("pian" -> "pain": 1)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _closest(word: str, vocabulary: Mapping[str, int]) -> str:
    """The fewest edits away, then the word the articles use most; "" if nothing is close."""
    allowed = 1 if len(word) < 5 else 2
    candidates = difflib.get_close_matches(word, vocabulary, n=10, cutoff=SPELLING_CUTOFF)
    scored = [(edit_distance(word, known), -vocabulary[known], known) for known in candidates]
    scored = [score for score in scored if score[0] <= allowed]
    return min(scored)[2] if scored else ""


def synonyms_apply(query: str, synonyms: Iterable[tuple[str, str]]) -> str:
    """The query with each patient phrase replaced by the articles' words, or "" if none matched.

    Longer phrases go first, so "massage gun" wins over "massage"; a plural "s" matches too.
    """
    rewritten = " ".join(query.lower().split())
    changed = False
    for patient, article in sorted(synonyms, key=lambda pair: len(pair[0]), reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(patient)}s?(?!\w)")
        rewritten, count = pattern.subn(article, rewritten)
        changed = changed or count > 0
    return rewritten if changed else ""


def spelling_correct(query: str, vocabulary: Mapping[str, int]) -> str:
    """The query with each unknown word replaced by the closest known one, or "" if none was.

    Words shorter than four letters and words the articles use are kept as typed.
    """
    words = query.lower().split()
    corrected = []
    for word in words:
        letters = "".join(WORD.findall(word))
        if len(letters) < SHORTEST_CORRECTED or letters in vocabulary:
            corrected.append(word)
            continue
        corrected.append(_closest(letters, vocabulary) or word)
    return " ".join(corrected) if corrected != words else ""
