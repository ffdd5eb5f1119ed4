"""Uploaded pictures on the production stack as `make serve` runs it: gunicorn alone.

The settings come from the Makefile's SERVE_ENV, so this checks what `make serve` does.
A staff member uploads a picture in the admin in Chromium; the admin preview, the
article page and the file itself must show it with no other web server.
"""

import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from tests.checks import ROOT
from tests.stack import free_port
from tests.users import PASSWORD

ADDR_HOST = "127.0.0.1"


def serve_env(port: int) -> dict[str, str]:
    """The Makefile's `make serve` variables, for this port."""
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^SERVE_ENV := (.*?)(?<!\\)\n", makefile, re.M | re.S).group(1)
    variables = dict(re.findall(r"(DJANGO_\w+)=(\S+)", block.replace("\\\n", " ")))
    return {k: v.replace("$(ADDR)", f"{ADDR_HOST}:{port}") for k, v in variables.items()}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        serve_env(port),
        DJANGO_SECRET_KEY="serve-test-secret-" + "z" * 40,
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
    )
    python = sys.executable
    staff = (
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('editor', 'editor@example.org', '{PASSWORD}')"
    )
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["shell", "-c", staff],
    ):
        subprocess.run(
            [python, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300
        )
    server = subprocess.Popen(
        [str(Path(python).with_name("gunicorn")), "hwypt.wsgi", "--bind", f"{ADDR_HOST}:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://{ADDR_HOST}:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310 (loopback)
            break
        except OSError:
            time.sleep(0.2)
    yield base, env
    server.terminate()
    log = server.communicate(timeout=20)[0]
    assert "Traceback" not in log, log


def test_make_serve_turns_media_serving_on():
    assert serve_env(8000)["DJANGO_SERVE_MEDIA"] == "1"
    assert serve_env(8000)["DJANGO_DEBUG"] == "0"


def test_the_docker_image_serves_media_from_a_folder_its_user_can_write():
    """No Docker daemon in the tests: the image's settings, read from the Dockerfile."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    env = dict(re.findall(r"(DJANGO_\w+)=(\S+)", dockerfile.split("\nRUN ", 1)[0]))
    assert env["DJANGO_SERVE_MEDIA"] == "1"
    media = env["DJANGO_MEDIA_ROOT"]
    assert re.search(rf"mkdir -p {media} && chown -R hwypt:hwypt", dockerfile)
    assert f"-v hwypt-media:{media}" in dockerfile


def test_an_uploaded_picture_shows_in_the_admin_preview_on_gunicorn_alone(served, page, tmp_path):
    base, _ = served
    upload = tmp_path / "shoulder.jpg"
    Image.new("RGB", (900, 600), "teal").save(upload, "JPEG")
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    page.goto(base + "/admin/content/articleimage/add/")
    page.set_input_files("input[name=upload]", str(upload))
    page.fill("input[name=alt]", "A shoulder being stretched")
    page.click("input[name=_continue]")
    preview = page.locator("img[alt='A shoulder being stretched']")
    preview.wait_for()
    page.wait_for_load_state("load")
    assert preview.evaluate("img => img.complete && img.naturalWidth") > 0

    src = preview.get_attribute("src")
    assert src.startswith("/media/articles/")
    with urllib.request.urlopen(base + src, timeout=30) as response:  # noqa: S310 (loopback)
        body = response.read()
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(body)).width > 0
