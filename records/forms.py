from django import forms

from records.person import Person, person_from


class FindForm(forms.Form):
    q = forms.CharField(
        label="Email address or phone number",
        max_length=254,
        error_messages={"required": "Enter the person's email address or phone number."},
        help_text="Records are matched on exactly this; search again for another address.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_q(self) -> Person:
        try:
            return person_from(self.cleaned_data["q"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
