"""The safety list file, `safety.yaml`: one entry per condition, checked as a whole.

Pure: plain values in, plain values and problems out (like `markdown_files`).
"""

import datetime

from content.markdown_files import Problem

FILE = "safety.yaml"
FIELDS = ("key", "condition", "wording", "level", "question", "reviewer", "last_reviewed")
REQUIRED = ("key", "condition", "wording", "level", "reviewer", "last_reviewed")
LEVELS = ("wait", "avoid", "urgent", "immediate")
SCREENED = ("wait", "avoid")


def validate_safety(entries, *, people: set[str]) -> tuple[list[dict], list[Problem]]:
    """Check every entry; return them with dates parsed, and every problem."""
    if not isinstance(entries, list):
        return [], [Problem(FILE, "file", "must be a list of conditions")]
    problems: list[Problem] = []
    checked: list[dict] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        before = len(problems)
        where = f"{FILE} entry {number}"

        def problem(field: str, message: str, where=where) -> None:
            problems.append(Problem(where, field, message))

        if not isinstance(entry, dict):
            problem("entry", "must be key: value lines")
            continue
        for key in REQUIRED:
            if not str(entry.get(key) or "").strip():
                problem(key, "is missing")
        for key in entry:
            if key not in FIELDS:
                problem(key, "is not a field we know")
        if entry.get("level") and entry["level"] not in LEVELS:
            problem("level", f"must be one of {', '.join(LEVELS)}")
        if entry.get("level") in SCREENED and not str(entry.get("question") or "").strip():
            problem("question", "is missing: the booking asks it for wait and avoid")
        if entry.get("reviewer") and entry["reviewer"] not in people:
            problem("reviewer", f"{entry['reviewer']!r} is not a known person")
        if entry.get("key") in seen:
            problem("key", f"{entry['key']!r} is used twice")
        seen.add(entry.get("key"))
        reviewed = entry.get("last_reviewed")
        if reviewed and not isinstance(reviewed, datetime.date):
            try:
                reviewed = datetime.date.fromisoformat(str(reviewed))
            except ValueError:
                problem("last_reviewed", f"{reviewed!r} is not a date like 2026-03-31")
        if len(problems) == before:
            checked.append(
                {key: entry.get(key) or "" for key in FIELDS} | {"last_reviewed": reviewed}
            )
    return checked, problems
