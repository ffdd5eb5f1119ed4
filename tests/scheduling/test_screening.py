"""The booking's safety questions are the safety list's: one change shows everywhere."""

import pytest
from django.urls import reverse

from content import services
from content.models import SafetyCondition
from scheduling import screening
from scheduling.forms import ScreeningForm
from tests.scheduling.conftest import first_slot
from tests.scheduling.test_flow import SCREENING_NO, walk_to_check

pytestmark = pytest.mark.django_db


def test_the_questions_are_the_lists_wait_and_avoid_lines_in_order(clinic):
    listed = [
        (c.key, c.question)
        for c in SafetyCondition.objects.order_by("position")
        if c.level in ("wait", "avoid")
    ]
    assert [(q.key, q.text) for q in screening.questions()] == listed
    assert [key for key, _ in listed] == list(SCREENING_NO)
    form = ScreeningForm()
    assert [(name, field.label) for name, field in form.fields.items()] == listed


def test_a_change_to_the_list_changes_the_question_the_page_and_the_advice(
    client, service, therapist
):
    clot = SafetyCondition.objects.get(key="blood_clot")
    clot.question = "Has a doctor found a blood clot in one of your deep veins?"
    services.safety_condition_save(condition=clot)
    chest = SafetyCondition.objects.get(key="chest_pain")
    chest.wording = "even if it stops after a minute."
    services.safety_condition_save(condition=chest)

    assert "Has a doctor found a blood clot" in ScreeningForm().fields["blood_clot"].label
    advice = screening.advice(["blood_clot"])
    assert "even if it stops after a minute." in advice and "Call 911" in advice
    assert screening.advice([]) == ""

    start = first_slot(service, therapist).start
    check = walk_to_check(client, service, therapist, start, {**SCREENING_NO, "blood_clot": "yes"})
    assert "Has a doctor found a blood clot" in check.content.decode()
    done = client.post(reverse("scheduling:check"), {"consent": "on"}, follow=True)
    assert "even if it stops after a minute." in done.content.decode()


def test_a_yes_flags_only_questions_on_the_list(clinic):
    answers = {**SCREENING_NO, "blood_clot": "yes", "not_on_the_list": "yes"}
    assert screening.flags(answers) == ["blood_clot"]
