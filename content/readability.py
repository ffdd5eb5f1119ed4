"""How easy an article is to read, as a school grade (Flesch-Kincaid, textstat 0.7.8).

textstat is pinned to 0.7.8: later releases download a dictionary at run time,
which must never happen on the live site.
"""

import textstat

# Plain language for a general and older audience.
GRADE_TARGET = 8


def reading_grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)
