"""A location's opening hours, derived from its therapists' working hours (pure)."""

from datetime import time

from scheduling.opening_hours import grouped, schema_org


def test_days_with_the_same_hours_are_one_line_and_the_widest_hours_win():
    rows = [
        (0, time(8), time(17)),
        (1, time(8), time(17)),
        (2, time(8), time(12)),  # two therapists on Wednesday: 8 to 5 in all
        (2, time(13), time(17)),
        (3, time(8), time(17)),
        (4, time(9), time(15)),
        (5, time(9), time(13)),
    ]
    assert grouped(rows) == [
        ("Monday to Thursday", "8:00 am to 5:00 pm"),
        ("Friday", "9:00 am to 3:00 pm"),
        ("Saturday", "9:00 am to 1:00 pm"),
    ]


def test_a_gap_day_splits_the_run_and_two_days_are_named_with_and():
    rows = [(0, time(12), time(18, 30)), (1, time(12), time(18, 30)), (3, time(7), time(11))]
    assert grouped(rows) == [
        ("Monday and Tuesday", "12:00 pm to 6:30 pm"),
        ("Thursday", "7:00 am to 11:00 am"),
    ]


def test_nobody_working_means_no_hours():
    assert grouped([]) == []


def test_the_same_spans_in_schema_orgs_form():
    rows = [
        (0, time(8), time(17)),
        (1, time(8), time(17)),
        (2, time(8), time(17)),
        (4, time(9), time(15)),
        (5, time(9, 30), time(13)),
        (6, time(10), time(12)),
    ]
    assert schema_org(rows) == [
        "Mo-We 08:00-17:00",
        "Fr 09:00-15:00",
        "Sa 09:30-13:00",
        "Su 10:00-12:00",
    ]
    assert schema_org([]) == []
