"""The intake's screening questions, built from the clinic's one safety list.

The questions are the "wait" and "avoid" lines of `content.models.SafetyCondition`,
the list the articles show, so editing a line changes the article text, the
question and the advice together. A "yes" never blocks a booking; it flags it for
a clinician, and the patient is shown the list's "get help now" care cards.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from content.models import SafetyCondition
from content.rendering import get_help_cards
from content.services import safety_items


@dataclass(frozen=True)
class Question:
    key: str
    text: str


def questions() -> list[Question]:
    return [Question(c.key, c.question) for c in SafetyCondition.objects.screening()]


def flags(answers: dict[str, str]) -> list[str]:
    """The keys of the questions answered yes."""
    return [q.key for q in questions() if answers.get(q.key) == "yes"]


def answered_yes(answers: dict[str, str]) -> list[SafetyCondition]:
    """The conditions the patient said apply, with what each means for treatment."""
    return [c for c in SafetyCondition.objects.screening() if answers.get(c.key) == "yes"]


def advice(flag_keys: list[str]) -> SafeString:
    """When any answer was yes: when to get medical help today, and when to call 911."""
    if not flag_keys:
        return mark_safe("")
    return mark_safe(get_help_cards(safety_items()))  # noqa: S308 (escaped by get_help_cards)
