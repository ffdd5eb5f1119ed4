"""The waitlist's forms: joining online, and the front desk adding a caller."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from scheduling import selectors
from scheduling.forms import DetailsForm
from scheduling.models import Location, Service, Therapist, WaitlistEntry
from scheduling.services.waitlist import MAX_DAYS, Contact, days_problem


def day_label(day: date) -> str:
    return f"{day:%A, %B} {day.day}"


class JoinForm(DetailsForm):
    """Which days and times, and how to reach you: the details page's fields, and three more."""

    first_day = forms.ChoiceField(
        label="From which day?",
        error_messages={
            "required": "Choose the first day you could come.",
            "invalid_choice": "Choose one of the days listed.",
        },
    )
    days = forms.TypedChoiceField(
        widget=forms.RadioSelect,
        label="How many days could you come?",
        coerce=int,
        choices=[
            (1, "Only that day"),
            (2, "That day or the next day"),
            *[(n, f"That day or the next {n - 1} days") for n in range(3, MAX_DAYS + 1)],
        ],
        initial=1,
        error_messages={
            "required": "Choose how many days you could come.",
            "invalid_choice": "Choose how many days you could come.",
        },
    )
    part_of_day = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Which times suit you?",
        choices=WaitlistEntry.PartOfDay.choices,
        initial=WaitlistEntry.PartOfDay.ANY,
        error_messages={"required": "Choose the times that suit you."},
    )

    field_order = ["first_day", "days", "part_of_day", "name", "email", "phone", "website"]

    def __init__(self, *args, days: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = "We email you here when a time is free."
        self.fields["phone"].help_text = "In case we need to call you. For example: 541 555 0142."
        self.fields["first_day"].choices = [(day.isoformat(), day_label(day)) for day in days]
        self.fields["first_day"].widget.attrs["class"] = "form-select"

    def clean_first_day(self) -> date:
        return date.fromisoformat(self.cleaned_data["first_day"])

    def clean(self):
        data = super().clean()
        if "first_day" in data and "days" in data:
            data["last_day"] = data["first_day"] + timedelta(days=data["days"] - 1)
        return data

    def contact(self) -> Contact:
        return Contact(*(self.cleaned_data[k] for k in ("name", "email", "phone")))


class StaffEntryForm(forms.ModelForm):
    """The front desk adds a caller; the rules are the service's (`waitlist_join`)."""

    class Meta:
        model = WaitlistEntry
        fields = [
            "location", "service", "therapist", "first_day", "last_day", "part_of_day",
            "name", "email", "phone",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.active()
        self.fields["location"].initial = selectors.clinic_location()
        self.fields["service"].queryset = Service.objects.active()
        self.fields["therapist"].queryset = Therapist.objects.active()
        self.fields["therapist"].empty_label = "No preference: any therapist"

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        location = data.get("location") or selectors.clinic_location()
        today = timezone.now().astimezone(location.zone).date()
        problem = first and last and days_problem(first_day=first, last_day=last, today=today)
        if problem:
            self.add_error("first_day" if first < today else "last_day", problem)
        return data

    def instance_contact(self) -> Contact:
        return Contact(*(self.cleaned_data[k] for k in ("name", "email", "phone")))
