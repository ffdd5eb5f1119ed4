"""The typed answers follow GOV.UK's question pattern: in each field, the label, then the
hint, then the error, then the box; "(optional)" on the fields that are, and no `*`."""

import lxml.html
import pytest
from django.forms import RadioSelect
from django.urls import reverse

from scheduling import forms
from tests.scheduling.conftest import first_slot
from tests.scheduling.test_flow import DETAILS

pytestmark = pytest.mark.django_db

PAGES = {"details": forms.DetailsForm, "intake": forms.IntakeForm}


def walk_to(client, service, therapist, name):
    client.post(reverse("scheduling:start"), {"service": service.pk})
    client.post(
        reverse("scheduling:time"), {"start": first_slot(service, therapist).start.isoformat()}
    )
    if name == "intake":
        client.post(reverse("scheduling:details"), DETAILS)


def fields(html: str):
    for box in lxml.html.fromstring(html).xpath(
        "//main//div[contains(concat(' ', @class, ' '), ' booking-field ')]"
    ):
        label = box.find("label")
        yield label.get("for").removeprefix("id_"), box


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("with_errors", [False, True])
def test_label_hint_error_box_in_that_order_and_optional_said_in_words(
    client, service, therapist, name, with_errors
):
    walk_to(client, service, therapist, name)
    url = reverse(f"scheduling:{name}")
    html = (client.post(url, {}) if with_errors else client.get(url)).content.decode()
    form = PAGES[name]()
    seen = set()
    for field_name, box in fields(html):
        field = form.fields[field_name]
        seen.add(field_name)
        label = box.find("label").text_content()
        assert "*" not in label
        assert label.endswith("(optional)") == (not field.required), label
        parts = [
            "label"
            if child.tag == "label"
            else "hint"
            if "form-text" in child.classes
            else "error"
            if "invalid-feedback" in child.classes
            else "box"
            for child in box
        ]
        wanted = [
            "label",
            *(["hint"] if field.help_text else []),
            *(["error"] if with_errors and field.required else []),
            "box",
        ]
        assert parts == wanted, (field_name, parts)
        control = box.xpath("input | textarea")[0]
        described = control.get("aria-describedby", "").split()
        if field.help_text:
            assert f"id_{field_name}_helptext" in described
        if with_errors and field.required:
            assert f"id_{field_name}_error" in described
    typed = {n for n, f in form.fields.items() if not isinstance(f.widget, RadioSelect)}
    assert seen == typed - {"website"}  # every typed answer is drawn by the same pattern
