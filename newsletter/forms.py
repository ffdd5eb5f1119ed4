import re

from django import forms
from django.core.exceptions import ValidationError

from hwypt.forms import BootstrapBoundField
from newsletter.addresses import MAX_EMAIL_LENGTH, normalise_email

_SOURCE = re.compile(r"[^a-z0-9:/_.-]")


class SignupForm(forms.Form):
    bound_field_class = BootstrapBoundField

    email = forms.EmailField(
        label="Email address",
        max_length=MAX_EMAIL_LENGTH,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=60,
        required=False,
        error_messages={"max_length": "Enter a first name of 60 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    # Where the form was: "home", "article:<slug>", "newsletter-page".
    source = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and the accessibility tree), filled by bots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "newsletter-%s")
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if len(email) > MAX_EMAIL_LENGTH:
            raise ValidationError(self.fields["email"].error_messages["max_length"])
        return email

    def clean_source(self) -> str:
        return _SOURCE.sub("", self.cleaned_data["source"].lower())[:100] or "unknown"

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
