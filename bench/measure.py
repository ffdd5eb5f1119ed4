"""The measurements `make bench` takes: load, queries, page weight, Lighthouse, the engine."""

import gzip
import json
import os
import platform
import re
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
PYTHON = sys.executable
HOST = "127.0.0.1"


def wrk(url: str, seconds: int, connections: int, cookie: str | None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", output))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "requests_done": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": latency.get("50", "?"),
        "p99": latency.get("99", "?"),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of the gunicorn master and its workers so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended while we looked
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master_pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measured_load(url: str, seconds: int, connections: int, cookie: str | None, master_pid: int):
    """wrk's figures, plus the server's CPU milliseconds per request and the load average."""
    before = server_cpu_seconds(master_pid)
    result = wrk(url, seconds, connections, cookie)
    spent = server_cpu_seconds(master_pid) - before
    result["cpu_ms"] = 1000 * spent / max(result["requests_done"], 1)
    result["load"] = os.getloadavg()[0]
    return result


def count_queries(path: str, cookie: str | None) -> str:
    """Queries for the first request (empty cache) and a repeat, as "first / repeat"."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts.append(len(queries))
    return f"{counts[0]} / {counts[1]}"


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon", "preload"} & set(rel)):
            self.assets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])


def transferred(url: str, cookie: str | None, encodings: str = "br, gzip") -> tuple[int, str]:
    """The bytes on the wire for `url` and its text, decoded as the server encoded it."""
    headers = {"Accept-Encoding": encodings} if encodings else {}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
    if encoding == "br":
        import brotli

        text = brotli.decompress(body)
    elif encoding == "gzip":
        text = gzip.decompress(body)
    else:
        text = body
    return len(body), text.decode(errors="replace")


def page_weight(base: str, path: str, cookie: str | None) -> dict:
    """The HTML as sent with and without `Accept-Encoding: br, gzip`, and the whole page
    (HTML, CSS, JS, fonts, icon, as sent to a browser that accepts compression)."""
    html_sent, html = transferred(base + path, cookie)
    html_plain, _ = transferred(base + path, cookie, encodings="")
    parser = AssetParser()
    parser.feed(html)
    total = html_sent
    for asset in parser.assets:
        total += transferred(base + asset if asset.startswith("/") else asset, None)[0]
    return {
        "html_kb": html_sent / 1024,
        "html_plain_kb": html_plain / 1024,
        "weight_kb": total / 1024,
        "requests": 1 + len(parser.assets),
    }


def lighthouse(url: str, cookie: str | None) -> dict | None:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists() or cookie:
        return None
    report = WORK / "lighthouse.json"
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--form-factor=mobile",
        "--chrome-path=/usr/bin/chromium",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        return None
    categories = json.loads(report.read_text())["categories"]
    return {key: round(value["score"] * 100) for key, value in categories.items()}


def engine_benchmark() -> dict:
    output = WORK / "engine.json"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pytest",
            "tests/scheduling/test_availability_benchmark.py",
            "--benchmark-only",
            f"--benchmark-json={output}",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    stats = json.loads(output.read_text())["benchmarks"][0]["stats"]
    return {"median_ms": stats["median"] * 1000, "mean_ms": stats["mean"] * 1000}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"
