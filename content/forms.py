"""Admin form parts shared by the apps that take uploaded photos."""

from pathlib import Path

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from content.images import ImageRejected, portrait
from content.models import Person


class PhotoFormMixin:
    """Checks an uploaded `photo` and stores it re-encoded, without EXIF or GPS data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django puts a file input in a fieldset whose legend does not name the input itself.
        photo = self.fields["photo"]
        photo.widget.attrs.setdefault("aria-label", photo.label)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):
            return photo  # unchanged or cleared
        try:
            jpeg = portrait(photo.read())
        except ImageRejected as error:
            raise forms.ValidationError(str(error)) from error
        return ContentFile(jpeg, name=f"{Path(photo.name).stem}.jpg")


class PersonForm(PhotoFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["slug", "name", "credentials", "role", "bio", "photo", "is_demo"]
