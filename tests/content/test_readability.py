"""Every article reads at school grade 8 or lower, as the admin measures it."""

import pytest

from content.models import Article
from content.readability import GRADE_TARGET, reading_grade

pytestmark = pytest.mark.django_db


def test_every_article_reads_at_grade_eight_or_lower(imported):
    grades = {a.slug: reading_grade(a.body_text) for a in Article.objects.all()}
    assert len(grades) == 20
    too_hard = {slug: round(grade, 1) for slug, grade in grades.items() if grade > GRADE_TARGET}
    assert not too_hard


def test_a_dense_text_scores_above_the_target():
    dense = (
        "Notwithstanding considerable interindividual heterogeneity, myofascial "
        "interventions demonstrably ameliorate musculoskeletal dysfunction "
        "characterised by persistent nociceptive sensitisation."
    )
    assert reading_grade(dense) > GRADE_TARGET
