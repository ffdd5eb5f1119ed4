"""The booking flow's forms: one question group per page."""

import re

from django import forms

from scheduling import screening
from scheduling.models import Location, Service

YES_NO = [("yes", "Yes"), ("no", "No")]
HOW_LONG = [
    ("under_week", "Less than a week"),
    ("weeks", "1 to 6 weeks"),
    ("months", "6 weeks to 3 months"),
    ("longer", "More than 3 months"),
]
PAIN = [(str(n), str(n)) for n in range(11)]
PHONE = re.compile(r"^\+?[0-9 ().-]{7,25}$")
PHONE_HINT = "For example: 541 555 0142."


def clean_phone(phone: str) -> str:
    phone = phone.strip()
    if not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
        raise forms.ValidationError("Enter a phone number like 541 555 0142.")
    return phone


class LocationForm(forms.Form):
    location = forms.ModelChoiceField(
        queryset=Location.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which clinic would you like to visit?",
        help_text="Each clinic has its own therapists and times.",
        error_messages={
            "required": "Choose the clinic you would like to visit.",
            "invalid_choice": "Choose one of the clinics listed.",
        },
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


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


class TextInputsForm(forms.Form):
    """Bootstrap's look on text boxes; labels, hints and errors come from the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs.setdefault("class", "form-control")


class DetailsForm(TextInputsForm):
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
        help_text="A therapist may call you before your visit. For example: 541 555 0142.",
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
        return clean_phone(self.cleaned_data["phone"])


class IntakeForm(TextInputsForm):
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
        label="Anything else we should know?",
        help_text="Operations, conditions or medicines that matter for this visit.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


NONE = "none"


class ScreeningForm(forms.Form):
    """The safety questions as one "select all that apply", with "None of these".

    Most patients tick one box, not answer five questions; the answers are kept
    as one yes or no per question, which is what `screening.flags` reads.
    """

    applies = forms.MultipleChoiceField(
        label="Do any of these apply to you?",
        help_text="Select all that apply. A “yes” does not stop you booking: "
        "a therapist will call you before your visit.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the ones that apply, or select “None of these”."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies"].choices = [
            *[(question.key, question.text) for question in screening.questions()],
            (NONE, "None of these"),
        ]

    def clean_applies(self):
        applies = self.cleaned_data["applies"]
        if NONE in applies and len(applies) > 1:
            raise forms.ValidationError("Select “None of these” or the ones that apply, not both.")
        return applies

    def answers(self) -> dict[str, str]:
        applies = self.cleaned_data["applies"]
        return {q.key: "yes" if q.key in applies else "no" for q in screening.questions()}

    @staticmethod
    def initial_from(answers: dict[str, str] | None) -> dict:
        if not answers:
            return {}
        yes = [key for key, answer in answers.items() if answer == "yes"]
        return {"applies": yes or [NONE]}


class CheckForm(forms.Form):
    """Nothing to fill in: the button says the patient agrees, as GOV.UK's
    "Accept and send" does, next to the words it agrees to."""
