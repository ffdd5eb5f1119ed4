"""Synonyms, spelling and query cleaning: pure functions, no database."""

from content.query_words import (
    MAX_QUERY_LENGTH,
    edit_distance,
    query_clean,
    spelling_correct,
    synonyms_apply,
    vocabulary_from,
)

VOCABULARY = vocabulary_from(
    ["Myofascial release", "Trigger points and percussion massage", "Foam rolling at home"]
)


def test_query_clean_drops_nul_and_control_characters_and_caps_the_length():
    assert query_clean("foam\x00 roll\x1b\u200bing\n") == "foam roll ing"
    assert len(query_clean("back " * 1000)) <= MAX_QUERY_LENGTH
    assert query_clean("\x00\x00") == ""


def test_vocabulary_keeps_words_of_three_letters_or_more_lowercased():
    assert {"myofascial", "release", "trigger", "foam", "home"} <= VOCABULARY.keys()
    assert "at" not in VOCABULARY
    assert vocabulary_from(["Pain, pain", "pin 42"]) == {"pain": 2, "pin": 1}


def test_synonyms_replace_the_patient_words_longest_first_and_plurals():
    synonyms = [
        ("massage", "soft tissue work"),
        ("massage gun", "percussion"),
        ("knot", "trigger point"),
    ]
    assert synonyms_apply("Massage gun for knots", synonyms) == "percussion for trigger point"
    assert synonyms_apply("massage", synonyms) == "soft tissue work"
    assert synonyms_apply("knotty", synonyms) == ""  # a whole word only
    assert synonyms_apply("stretching", synonyms) == ""


def test_spelling_is_corrected_to_the_closest_article_word():
    assert spelling_correct("mysofascial relase", VOCABULARY) == "myofascial release"
    assert spelling_correct("Trigr points", VOCABULARY) == "trigger points"


def test_a_swap_of_letters_is_one_edit_and_the_commoner_word_wins():
    assert edit_distance("pian", "pain") == 1
    assert edit_distance("mysofascial", "myofascial") == 1
    assert edit_distance("kitten", "sitting") == 3
    vocabulary = {"back": 3, "pain": 40, "pin": 1}
    assert spelling_correct("back pian", vocabulary) == "back pain"


def test_known_words_short_words_and_far_words_are_left_alone():
    assert spelling_correct("foam rolling", VOCABULARY) == ""
    assert spelling_correct("fom", VOCABULARY) == ""  # too short to guess
    assert spelling_correct("xylophone", VOCABULARY) == ""
