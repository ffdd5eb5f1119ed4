"""How staff type whom they look for: emails as given, phones by their digits."""

import pytest

from records.person import Person, person_from, phone_digits


@pytest.mark.parametrize(
    "typed",
    ["+1 541 555 0100", "(541) 555-0100", "541.555.0100", "15415550100", " 541 555 0100 "],
)
def test_a_phone_is_its_digits_without_the_country_code(typed):
    assert phone_digits(typed) == "5415550100"
    assert person_from(typed) == Person(phone_digits="5415550100")


def test_an_email_keeps_its_local_part_and_lowers_its_domain():
    assert person_from(" Ann.Lee@Example.ORG ") == Person(email="Ann.Lee@example.org")
    assert person_from("ann@example.org").searched_by == "email"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the person's email address or phone number."),
        ("   ", "Enter the person's email address or phone number."),
        ("ann@", "Enter a whole email address, like name@example.com."),
        ("ann@@example", "Enter a whole email address, like name@example.com."),
        ("Ann Lee", "Enter an email address (with @) or a phone number"),
        ("555 01", "A phone number needs at least 7 digits."),
        ("541\x00555", "Enter an email address (with @) or a phone number"),
    ],
)
def test_bad_input_gets_a_message_staff_can_act_on(typed, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        person_from(typed)
