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
