import pytest

from hwypt.spreadsheets import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 541 555 0100", "'+1 541 555 0100"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Ruth O'Neil", "Ruth O'Neil"),
        (None, ""),
        (42, "42"),
    ],
)
def test_formulas_are_neutralised_and_ordinary_text_is_kept(value, expected):
    assert safe_cell(value) == expected
