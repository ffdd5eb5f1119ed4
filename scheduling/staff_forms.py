"""The front desk's forms: find a free time, and book or move it for a caller.

They reuse the patient's questions (`scheduling.forms`) so a caller is asked
what a patient online is asked; only what differs for staff is here.
"""

from django import forms

from scheduling import screening, selectors
from scheduling.forms import PHONE_HINT, DetailsForm, IntakeForm, ScreeningForm, clean_phone
from scheduling.models import Booking, Location, Service, Therapist

ANY = "any"


class FindTimesForm(forms.Form):
    """Which free times to list: the patient's list, or with the notice lifted.

    The location is asked only when there are two or more, as online."""

    location = forms.ModelChoiceField(
        queryset=Location.objects.active(),
        empty_label=None,
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed locations."},
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(),
        empty_label=None,
        error_messages={
            "required": "Choose a service.",
            "invalid_choice": "Choose one of the listed services.",
        },
    )
    therapist = forms.ChoiceField(
        error_messages={"invalid_choice": "Choose one of the listed therapists."}
    )
    day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the day, for example 2026-12-08.",
            "invalid": "Enter the day as a date, for example 2026-12-08.",
        },
    )
    override = forms.BooleanField(
        label="Override the booking notice and horizon",
        required=False,
        help_text="Lists times sooner than the notice patients need, or further ahead "
        "than they may book. Times already taken are never listed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if Location.objects.active().count() < 2:
            del self.fields["location"]
        elif self.is_bound and not self.data.get("location"):
            # The page shows the location it lists times for: the clinic's first.
            self.data = self.data.copy()
            self.data["location"] = str(selectors.clinic_location().pk)
        self.fields["therapist"].choices = [
            (ANY, "No preference: the first therapist free"),
            *[(str(t.pk), t.name) for t in Therapist.objects.active()],
        ]

    def chosen_location(self) -> Location | None:
        return self.cleaned_data.get("location") or selectors.clinic_location()

    def chosen_therapist(self) -> Therapist | None:
        chosen = self.cleaned_data["therapist"]
        return None if chosen == ANY else Therapist.objects.active().get(pk=chosen)


class MoveForm(forms.Form):
    """The day to move a booking to, with the same override as a new booking."""

    day = FindTimesForm.base_fields["day"]
    override = FindTimesForm.base_fields["override"]


class StartForm(forms.Form):
    start = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Free times",
        error_messages={
            "required": "Choose a time.",
            "invalid_choice": "That time is no longer free. Choose another time.",
        },
    )

    def __init__(self, *args, starts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = starts


class CallerForm(StartForm, DetailsForm, IntakeForm, ScreeningForm):
    """A time, the caller's details, and the intake and screening when the caller
    answers them: optional for staff, who may not have asked."""

    website = None  # no honeypot: staff are signed in
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        help_text="Leave empty if the caller has none: they get no email, and you read "
        "the details back to them.",
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [*IntakeForm.base_fields, "applies"]:
            self.fields[name].required = False
        self.fields["phone"].help_text = PHONE_HINT
        self.fields["applies"].label = "Do any of these apply to the caller?"
        self.fields[
            "applies"
        ].help_text = (
            "A “yes” does not stop the booking: a clinician calls the patient before the visit."
        )

    def answers(self) -> dict[str, str]:
        """The screening answers, or none when the caller was not asked."""
        if not self.cleaned_data["applies"]:
            return {}
        return super().answers()

    def intake(self) -> dict:
        intake = {key: self.cleaned_data[key] for key in IntakeForm.base_fields}
        intake = {key: value for key, value in intake.items() if value}
        if self.answers():
            intake["screening"] = self.answers()
        return intake

    def flags(self) -> list[str]:
        return screening.flags(self.answers())


class ContactForm(forms.ModelForm):
    """The booking's change page: staff may correct the caller's name, phone or email."""

    class Meta:
        model = Booking
        fields = ["patient_name", "patient_phone", "patient_email"]
        help_texts = {"patient_phone": PHONE_HINT, "patient_email": "Empty: no emails."}

    def clean_patient_phone(self):
        return clean_phone(self.cleaned_data["patient_phone"])
