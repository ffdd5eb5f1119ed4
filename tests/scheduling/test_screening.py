"""The booking's safety questions are the safety list's: one change shows everywhere."""

import pytest
from django.urls import reverse

from content import services
from content.models import SafetyCondition
from scheduling import screening
from scheduling.forms import ScreeningForm
from tests.scheduling.conftest import first_slot
from tests.scheduling.test_flow import DETAILS, walk_to_check

pytestmark = pytest.mark.django_db


def test_the_questions_are_the_lists_wait_and_avoid_lines_in_order(clinic):
    listed = [
        (c.key, c.question)
        for c in SafetyCondition.objects.order_by("position")
        if c.level in ("wait", "avoid")
    ]
    assert [(q.key, q.text) for q in screening.questions()] == listed
    form = ScreeningForm()  # one checklist, then "None of these"
    assert list(form.fields["applies"].choices) == [*listed, ("none", "None of these")]


def test_a_change_to_the_list_changes_the_question_the_page_and_the_advice(
    client, service, therapist
):
    clot = SafetyCondition.objects.get(key="blood_clot")
    clot.question = "Has a doctor found a blood clot in one of your deep veins?"
    services.safety_condition_save(condition=clot)
    chest = SafetyCondition.objects.get(key="chest_pain")
    chest.wording = "even if it stops after a minute."
    services.safety_condition_save(condition=chest)

    assert (
        "Has a doctor found a blood clot"
        in dict(ScreeningForm().fields["applies"].choices)["blood_clot"]
    )
    advice = screening.advice(["blood_clot"])
    assert "even if it stops after a minute." in advice and "Call 911" in advice
    assert screening.advice([]) == ""

    start = first_slot(service, therapist).start
    check = walk_to_check(client, service, therapist, start, {"applies": ["blood_clot"]})
    assert "Has a doctor found a blood clot" in check.content.decode()
    done = client.post(reverse("scheduling:check"), {"consent": "on"}, follow=True)
    assert "even if it stops after a minute." in done.content.decode()


def test_a_yes_flags_only_questions_on_the_list(clinic):
    answers = {"blood_clot": "yes", "not_on_the_list": "yes"}
    assert screening.flags(answers) == ["blood_clot"]


def test_a_yes_shows_what_it_means_on_the_next_page_before_the_check_page(
    client, service, therapist
):
    osteo = SafetyCondition.objects.get(key="osteoporosis")
    osteo.wording = "when a scan has shown very thin bones."
    services.safety_condition_save(condition=osteo)
    start = first_slot(service, therapist).start
    walk_to_check(client, service, therapist, start)  # "None of these" first
    answered = client.post(reverse("scheduling:screening"), {"applies": ["osteoporosis"]})
    assert answered.url == reverse("scheduling:safety")

    page = client.get(answered.url).content.decode()
    assert "Severe osteoporosis" in page and "when a scan has shown very thin bones." in page
    assert "avoid treatment" in page  # the list's level, in words
    assert "Deep vein thrombosis" not in page  # only what was answered yes
    assert "Call 911" in page  # the list's "get help now" cards
    assert DETAILS["phone"] in page and f'href="{reverse("scheduling:check")}"' in page
    check = client.get(reverse("scheduling:check")).content.decode()
    assert f'class="back-link" href="{reverse("scheduling:safety")}"' in check


def test_with_no_yes_the_safety_page_is_not_on_the_way(client, service, therapist):
    start = first_slot(service, therapist).start
    check = walk_to_check(client, service, therapist, start)
    assert check.status_code == 200  # "None of these" went straight to the check page
    assert f'class="back-link" href="{reverse("scheduling:screening")}"' in check.content.decode()
    assert client.get(reverse("scheduling:safety")).url == reverse("scheduling:check")


def test_the_safety_page_needs_the_answers_before_it(client, clinic):
    response = client.get(reverse("scheduling:safety"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("scheduling:start")
