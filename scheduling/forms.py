"""The booking flow's forms: one question group per page."""

import re

from django import forms

from hwypt.forms import BootstrapBoundField
from scheduling import screening
from scheduling.models import Service

YES_NO = [("yes", "Yes"), ("no", "No")]
HOW_LONG = [
    ("under_week", "Less than a week"),
    ("weeks", "1 to 6 weeks"),
    ("months", "6 weeks to 3 months"),
    ("longer", "More than 3 months"),
]
PAIN = [(str(n), str(n)) for n in range(11)]
PHONE = re.compile(r"^\+?[0-9 ().-]{7,25}$")


class ServiceForm(forms.Form):
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="What would you like to book?",
        error_messages={"required": "Choose what you would like to book."},
    )


class TherapistForm(forms.Form):
    therapist = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Who would you like to see?",
        error_messages={"required": "Choose a therapist, or choose no preference."},
    )

    def __init__(self, *args, therapists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].choices = [
            ("any", "No preference: the first therapist free"),
            *[(str(t.pk), f"{t.name}, {t.credentials}") for t in therapists],
        ]


class DayForm(forms.Form):
    day = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Which day suits you?",
        error_messages={"required": "Choose a day."},
    )

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), f"{d:%A, %B} {d.day}") for d in days]


class TimeForm(forms.Form):
    start = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Which time suits you?",
        error_messages={
            "required": "Choose a time.",
            "invalid_choice": "That time is no longer free. Please choose another time.",
        },
    )

    def __init__(self, *args, starts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [(s, s) for s in starts]


class DetailsForm(forms.Form):
    bound_field_class = BootstrapBoundField

    name = forms.CharField(
        label="Full name",
        max_length=100,
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send your confirmation here.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=25,
        help_text="A therapist may call you before your visit.",
        error_messages={"required": "Enter your phone number."},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Honeypot: hidden from people, left empty by them; bots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
            raise forms.ValidationError("Enter a phone number like 541 555 0142.")
        return phone


class IntakeForm(forms.Form):
    bound_field_class = BootstrapBoundField

    reason = forms.CharField(
        label="What is the main reason for your visit?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tell us the main reason for your visit."},
    )
    where = forms.CharField(
        label="Where does it hurt?",
        max_length=200,
        help_text="For example: lower back, right knee.",
        error_messages={"required": "Tell us where it hurts, or write “nowhere”."},
    )
    how_long = forms.ChoiceField(
        label="How long have you had it?",
        choices=HOW_LONG,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long you have had it."},
    )
    pain = forms.ChoiceField(
        label="How bad is the pain today, from 0 (none) to 10 (worst)?",
        choices=PAIN,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number from 0 to 10."},
    )
    history = forms.CharField(
        label="Anything else we should know? (optional)",
        help_text="Operations, conditions or medicines that matter for this visit.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScreeningForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in screening.questions():
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Answer yes or no."},
            )


class CheckForm(forms.Form):
    bound_field_class = BootstrapBoundField

    consent = forms.BooleanField(
        label="I have read the privacy notice and agree that the clinic may use my answers "
        "to arrange my care.",
        error_messages={"required": "Tick the box to agree to the privacy notice."},
    )
