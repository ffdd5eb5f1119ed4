"""Who the staff member is looking for: an email address or a phone number, normalised.

Pure: no database, so every way people write a phone number is tested fast.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class Person:
    """One identifier: records are matched on exactly this, never widened to others
    found on them (two people may share a family phone)."""

    email: str = ""
    phone_digits: str = ""

    @property
    def searched_by(self) -> str:
        return "email" if self.email else "phone"

    @property
    def shown_as(self) -> str:
        return self.email or self.phone_digits


def phone_digits(text: str) -> str:
    """The digits of a phone number, without the North American "1" in front:
    "+1 (541) 555-0100", "541.555.0100" and "15415550100" are all "5415550100"."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def person_from(text: str) -> Person:
    """The person a search box names; ValueError with a message staff can act on."""
    text = (text or "").strip()
    if not text:
        raise ValueError("Enter the person's email address or phone number.")
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError("Enter a whole email address, like name@example.com.") from None
        local, _, domain = text.rpartition("@")
        return Person(email=f"{local}@{domain.lower()}")
    if re.search(r"[^\d\s()+.\-]", text):
        raise ValueError(
            "Enter an email address (with @) or a phone number (digits, spaces, + ( ) - .)."
        )
    digits = phone_digits(text)
    if len(digits) < MIN_PHONE_DIGITS:
        raise ValueError(f"A phone number needs at least {MIN_PHONE_DIGITS} digits.")
    return Person(phone_digits=digits)
