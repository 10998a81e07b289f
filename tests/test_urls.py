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
