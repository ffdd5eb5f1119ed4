"""The intake's screening questions: when soft tissue mobilization should wait.

A "yes" never blocks a booking; it flags it for a clinician, and the patient
is told plainly what happens next and when to seek urgent care.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    advice: str = ""  # urgent-care advice shown when the answer is yes


QUESTIONS = (
    Question(
        "recent_injury",
        "Have you had a recent injury in the area, such as a torn muscle or a broken bone?",
        "If you cannot put weight on it, or you think a bone may be broken, "
        "go to urgent care or an emergency room today.",
    ),
    Question(
        "inflammation",
        "Is the area badly swollen, hot or red right now?",
    ),
    Question(
        "blood_clot",
        "Have you been told you have, or might have, a blood clot in a vein "
        "(deep vein thrombosis, DVT)?",
        "If you have a painful, swollen leg that has not been checked by a doctor, get "
        "medical care today. Call 911 if you have chest pain or trouble breathing.",
    ),
    Question(
        "osteoporosis",
        "Have you been diagnosed with severe osteoporosis (very thin, fragile bones)?",
    ),
    Question(
        "infection",
        "Do you have an infection or an open wound in the area?",
        "If you have a fever, or redness that is spreading, see a doctor today.",
    ),
)
BY_KEY = {question.key: question for question in QUESTIONS}


def flags(answers: dict[str, str]) -> list[str]:
    """The keys of the questions answered yes."""
    return [q.key for q in QUESTIONS if answers.get(q.key) == "yes"]


def advice(flag_keys: list[str]) -> list[str]:
    return [BY_KEY[key].advice for key in flag_keys if key in BY_KEY and BY_KEY[key].advice]
