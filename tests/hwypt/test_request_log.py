import logging

import pytest

pytestmark = pytest.mark.django_db


def test_one_line_per_request_with_status_and_timing_and_no_form_contents(client, caplog):
    with caplog.at_level(logging.INFO, logger="hwypt.requests"):
        client.get("/privacy/?q=my+secret+knee+pain")
        client.post("/admin/login/", {"username": "someone", "password": "hunter2-secret"})

    lines = [r.getMessage() for r in caplog.records if r.name == "hwypt.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /privacy/ 200 ")
    assert lines[0].endswith("ms")
    assert lines[1].startswith("POST /admin/login/ ")
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "knee" not in everything
    assert "hunter2" not in everything


def test_tokens_in_links_never_reach_the_logs(client, caplog):
    """A logged manage or unsubscribe link would let a log reader act for the patient."""
    with caplog.at_level(logging.INFO):
        client.get("/book/manage/SeCrEtToKeN123/")
        client.get("/book/manage/SeCrEtToKeN123/cancel/")
        client.get("/newsletter/unsubscribe/SeCrEtToKeN123/")
        client.get("/newsletter/confirm/SeCrEtToKeN123/")

    messages = [r.getMessage() for r in caplog.records]
    assert any("/book/manage/<token>/cancel/" in m for m in messages)
    assert not [m for m in messages if "SeCrEtToKeN123" in m]
