"""What the letters after a clinician's name mean, for readers who do not know them.

Pure: a credentials string in, (abbreviation, meaning) pairs out. Letters we do
not know are shown as written, with no meaning made up for them.
"""

MEANINGS = {
    "PT": "Physical therapist: licensed to practise physical therapy",
    "DPT": "Doctor of Physical Therapy: a doctor's degree in physical therapy",
    "OCS": "Orthopaedic Clinical Specialist: a board-certified specialist in bones, "
    "joints and muscles",
    "GCS": "Geriatric Clinical Specialist: a board-certified specialist in the care "
    "of older adults",
    "SCS": "Sports Clinical Specialist: a board-certified specialist in sports injuries",
}


def credentials_explained(credentials: str) -> list[tuple[str, str]]:
    """Each abbreviation in "PT, DPT, OCS" with its meaning ("" when unknown)."""
    letters = [part.strip() for part in credentials.replace(";", ",").split(",")]
    return [(abbr, MEANINGS.get(abbr.upper(), "")) for abbr in letters if abbr]
