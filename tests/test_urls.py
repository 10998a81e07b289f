"""A URL list fetched from a local HTTP server on 127.0.0.1: cache, errors, politeness."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from framelens.ingest.urls import read_url_list
from framelens.types import Document, Skip

from .conftest import SAMPLE

PAGE = (SAMPLE / "web" / "techwire_scoring_state.html").read_bytes()


class Handler(http.server.BaseHTTPRequestHandler):
    hits: list[tuple[str, float]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        Handler.hits.append((self.path, time.monotonic()))
        if self.path == "/slow":
            time.sleep(2)
        if self.path.startswith("/article"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the client of /slow gives up on purpose; its broken pipe is expected


@pytest.fixture
def server() -> Iterator[str]:
    Handler.hits = []
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_urls_fetched_parsed_cached_and_errors_recorded(server: str, tmp_path: Path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# reading list\n{server}/article1\n{server}/article2\n{server}/missing\nftp://x/y\n{server}/slow\n")
    cache = tmp_path / "cache"
    items = list(read_url_list(urls, cache=cache, delay=0.3, timeout=0.5))
    by_id = {i.doc_id: i for i in items}
    assert isinstance(by_id[f"{server}/article1"], Document)
    assert by_id[f"{server}/article1"].metadata["url"] == f"{server}/article1"
    assert "regulatory report card" in by_id[f"{server}/article2"].text
    assert isinstance(by_id[f"{server}/missing"], Skip) and "HTTP 404" in by_id[f"{server}/missing"].reason
    assert "not an http(s) URL" in by_id["ftp://x/y"].reason
    assert "could not fetch" in by_id[f"{server}/slow"].reason  # timed out after 0.5 s
    times = [t for _, t in Handler.hits]
    assert all(b - a >= 0.29 for a, b in zip(times, times[1:]))  # polite delay per host
    assert len(list(cache.glob("*.html"))) == 2

    Handler.hits = []
    again = list(read_url_list(urls, cache=cache, delay=0.3, timeout=0.5))
    assert [h for h, _ in Handler.hits if h.startswith("/article")] == []  # served from the cache
    assert sum(isinstance(i, Document) for i in again) == 2


class Hostile(http.server.BaseHTTPRequestHandler):
    """A server that misbehaves in the ways real ones do."""

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/robots.txt":
            body = b"User-agent: *\nDisallow: /private\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/endless":  # never ends its body
            self.send_response(200)
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>more</p>" * 1000)
            except OSError:
                pass
        elif self.path == "/trickle":  # one byte at a time
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
        elif self.path == "/garbage":
            self.wfile.write(b"THIS IS NOT HTTP\r\n\r\n")
        elif self.path in ("/private", "/article"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


def test_hostile_servers_and_bad_urls_are_recorded_never_fatal(tmp_path: Path):
    httpd = QuietServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        urls = tmp_path / "urls.txt"
        lines = [
            f"http://reader:s3cret@127.0.0.1:{httpd.server_address[1]}/article",
            f"{base}/private", f"{base}/endless", f"{base}/trickle", f"{base}/garbage",
            "http://exa mple.org/a", "http://example.org:port/", "http://[::1/", "http://x\x01y/",
        ]
        urls.write_bytes("\n".join(lines).encode("utf-8") + b"\n# caf\xe9 in latin-1\n")
        started = time.monotonic()
        items = list(read_url_list(urls, cache=tmp_path / "cache", delay=0, timeout=2, max_bytes=200_000))
        took = time.monotonic() - started
    finally:
        httpd.shutdown()
        httpd.server_close()
    by_id = {i.doc_id: i for i in items}
    assert isinstance(by_id[f"{base}/article"], Document)  # fetched without the credentials
    assert not any("s3cret" in i.doc_id or "s3cret" in i.source or "s3cret" in str(getattr(i, "metadata", ""))
                   for i in items)
    assert "robots.txt" in by_id[f"{base}/private"].reason
    assert "limit" in by_id[f"{base}/endless"].reason
    assert "within 2 s" in by_id[f"{base}/trickle"].reason
    assert "could not fetch" in by_id[f"{base}/garbage"].reason
    invalid = [i for i in items if i.doc_id.startswith("urls.txt:")]
    assert len(invalid) == 4 and all("not a valid URL" in i.reason for i in invalid)
    assert took < 30  # every fetch bounded: nothing hangs
