"""CSV exports that are safe to open in a spreadsheet."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Text a spreadsheet shows as typed, never runs as a formula.

    Patients and subscribers type names and emails; one starting with `=` would
    otherwise be a formula when staff open the export in Excel or LibreOffice.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
