"""The site's processes, started for real on loopback: gunicorn app servers, the task
worker (`manage.py db_worker`), and an SMTP server (aiosmtpd) that keeps what it receives.

Used by the tests that need more than Django's test client (concurrency, scale-out,
faults) and by `scripts/scale_out.py`. Every process gets its settings from the
environment, exactly as in production (see `.env.example`); `stack_env()` builds it.
"""

import asyncio
import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from tempfile import NamedTemporaryFile

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SPARE_REDIS_DB = int(os.environ.get("HWYPT_TEST_REDIS_DB", "13"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for other processes to reach the database this one uses."""
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@"
        f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
        f"{settings_dict['NAME']}"
    )


def stack_env(**variables: str) -> dict[str, str]:
    """This process's environment without its DJANGO_* settings, plus `variables`.

    Development mode (DEBUG on) unless told otherwise, so no collectstatic is needed;
    what differs in production (HTTPS, cookies, static files) has its own tests.
    """
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_DEBUG="1",
        # This process's key, so the sessions it creates for its clients are valid there.
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_CONN_MAX_AGE="0",
        PGCONNECT_TIMEOUT="3",
    )
    env.update(variables)
    return env


def redis_url(db: int = SPARE_REDIS_DB) -> str | None:
    """A spare Redis database, emptied; None when Redis is not running."""
    import redis

    url = f"redis://127.0.0.1:6379/{db}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        return None
    return url


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


class Process:
    """A child process whose output goes to a file (a full pipe would block it)."""

    def __init__(self, args: list[str], env: dict[str, str], name: str):
        self.name = name
        self.log_file = NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            mode="w+", prefix=f"hwypt-{name}-", suffix=".log"
        )
        self.popen = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self.log_file, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log(self) -> str:
        self.log_file.flush()
        return Path(self.log_file.name).read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no clean-up, no finally blocks, as when a machine loses power."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> str:
        """Stop gracefully; return everything it wrote."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        text = self.log()
        self.log_file.close()
        return text


def wait_for_http(url: str, timeout: float = 30) -> int:
    """Wait until something answers HTTP at `url`; return the status it gave."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class AppServer(Process):
    """gunicorn serving hwypt.wsgi on a loopback port."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(
            [
                GUNICORN,
                "hwypt.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            env,
            name=f"gunicorn-{self.port}",
        )
        wait_for_http(self.url + "/healthz")


class TaskWorker(Process):
    """`manage.py db_worker`, as production runs it: no autoreload, so one process."""

    def __init__(self, env: dict[str, str], *, interval: float = 0.1):
        env = {**env, "DJANGO_TASKS_BACKEND": "database"}
        super().__init__(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                str(interval),
            ],
            env,
            name="db-worker",
        )


def manage(env: dict[str, str], *args: str) -> str:
    """Run a management command as cron would; return its output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@dataclass
class SmtpServer:
    """A real SMTP server on loopback that keeps each message it accepts.

    `data_delay` makes it wait that long after the message arrives before accepting
    it with "250" (a slow spam filter): a client that disconnects during the wait has
    not delivered, and the message is dropped, as RFC 5321 §4.1.1.4 has it.
    `data_received` is set when a message arrives, so a test can act mid-send;
    `dropped` counts messages given up because the client left before the reply.
    `raw` keeps each accepted message's bytes exactly as they came over the wire.
    """

    port: int = field(default_factory=free_port)
    data_delay: float = 0
    messages: list[Message] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    data_received: threading.Event = field(default_factory=threading.Event)
    dropped: int = 0
    _controller: object = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by name
        self.data_received.set()
        if self.data_delay:
            try:
                await asyncio.sleep(self.data_delay)
            except asyncio.CancelledError:  # aiosmtpd cancels when the client goes away
                self.dropped += 1
                raise
        self.raw.append(envelope.original_content)
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    def start(self) -> "SmtpServer":
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per connection
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def env(self) -> dict[str, str]:
        """The settings that send this site's email here."""
        return {
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(self.port),
            "DJANGO_EMAIL_USE_TLS": "0",
            "DJANGO_EMAIL_USE_SSL": "0",
            "DJANGO_EMAIL_TIMEOUT": "10",
        }

    def received_by(self, address: str) -> list[Message]:
        return [message for message in self.messages if message["To"] == address]


def wait_until(condition, timeout: float = 30, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout}s")
        time.sleep(0.1)
