"""A URL list as a corpus: fetched politely, within limits, cached locally, parsed with trafilatura.

The raw HTML of every fetched page is kept in a cache folder keyed by URL, so a
re-run reads the cache instead of the network and a cited run can be re-analysed
from exactly the pages it saw. ``refetch=True`` ignores the cache.

Every fetch is bounded: a total deadline per URL (not per read), a maximum body size
enforced while the body streams in, and robots.txt is respected. Credentials in a URL
(``user:pass@``) are removed before the URL is fetched, stored or shown. Any failure of
one URL becomes a recorded Skip; the run goes on.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path

from .._version import __version__
from ..errors import ConfigError, DocumentError
from ..types import Document, Skip
from .clean import decode

log = logging.getLogger(__name__)
USER_AGENT = f"framelens/{__version__} (research; +https://pypi.org/project/framelens/)"
ROBOTS_AGENT = "framelens"
#: A page larger than this is not an article; its download stops there.
MAX_PAGE_BYTES = 5_000_000
CHUNK = 65_536
READ_TIMEOUT = 5.0
_INVALID = re.compile(r"[\s\x00-\x1f\x7f]")


def read_url_list(
    path: Path, *, cache: Path, delay: float = 1.0, timeout: float = 20.0, refetch: bool = False,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Iterator[Document | Skip]:
    """One Document (or Skip) per URL in ``path`` (one URL a line, ``#`` comments).

    ``timeout`` is the total time one URL may take, robots.txt included.
    """
    try:
        lines = decode(path.read_bytes()).splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the URL list {path}: {exc.strerror or exc}") from exc
    except DocumentError as exc:
        raise ConfigError(f"cannot read the URL list {path}: {exc.reason}") from exc
    last_fetch: dict[str, float] = {}
    robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
    for number, line in enumerate(lines, 1):
        raw = line.strip()
        if not raw or raw.startswith("#"):
            continue
        url, problem = public_url(raw)
        if problem:
            yield Skip(url or f"{path.name}:{number}", f"{path}:{number}", problem)
            continue
        try:
            if not _allowed(url, robots, cache, delay, timeout, refetch, last_fetch, max_bytes):
                yield Skip(url, url, f"robots.txt of {urllib.parse.urlsplit(url).netloc} does not allow fetching it")
                continue
            html = _cached_fetch(url, cache, delay, timeout, refetch, last_fetch, max_bytes)
            from .readers import html_document

            yield html_document(html, url, url, {"url": url}, url=url)
        except DocumentError as exc:
            yield Skip(url, url, exc.reason, exc.status)
        except Exception as exc:  # noqa: BLE001 — a broken server or page never ends the run
            log.debug("fetching %s failed", url, exc_info=True)
            yield Skip(url, url, f"could not fetch the URL ({type(exc).__name__}: {str(exc)[:160]})", "failed")


def public_url(raw: str) -> tuple[str, str | None]:
    """(the URL without credentials, a problem or None)."""
    if _INVALID.search(raw):
        return "", "not a valid URL (it contains spaces or control characters)"
    try:
        parts = urllib.parse.urlsplit(raw)
        port = parts.port  # raises ValueError for a port that is not a number or out of range
        host = parts.hostname
    except ValueError as exc:
        return "", f"not a valid URL ({exc})"
    if parts.scheme not in ("http", "https") or not host:
        return ("" if "@" in raw else raw), "not an http(s) URL"
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), None


def _allowed(url: str, robots: dict, cache: Path, delay: float, timeout: float, refetch: bool,
             last_fetch: dict[str, float], max_bytes: int) -> bool:
    """Whether the host's robots.txt lets framelens fetch ``url`` (no robots.txt: yes)."""
    parts = urllib.parse.urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in robots:
        parser = urllib.robotparser.RobotFileParser()
        try:
            text = _cached_fetch(origin + "/robots.txt", cache, delay, timeout, refetch, last_fetch, max_bytes)
            parser.parse(text.splitlines())
            robots[origin] = parser
        except DocumentError:
            robots[origin] = None  # no robots.txt (404) or none readable: nothing forbids it
    parser = robots[origin]
    return parser is None or parser.can_fetch(ROBOTS_AGENT, url)


def _cached_fetch(
    url: str, cache: Path, delay: float, timeout: float, refetch: bool, last_fetch: dict[str, float],
    max_bytes: int = MAX_PAGE_BYTES,
) -> str:
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".html")
    if cached.exists() and not refetch:
        return decode(cached.read_bytes())
    host = urllib.parse.urlsplit(url).netloc
    wait = last_fetch.get(host, 0.0) + delay - time.monotonic()
    if wait > 0:
        time.sleep(wait)  # politeness: at most one request per `delay` seconds per host
    log.info("fetching %s", url)
    try:
        data = fetch(url, timeout=timeout, max_bytes=max_bytes)
    finally:
        last_fetch[host] = time.monotonic()
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return decode(data)


def fetch(url: str, *, timeout: float, max_bytes: int = MAX_PAGE_BYTES) -> bytes:
    """The body of ``url``: within ``timeout`` seconds in all and ``max_bytes`` bytes, or DocumentError."""
    import http.client

    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        # A read waits at most READ_TIMEOUT; the deadline is checked between reads, so a server
        # that trickles a byte at a time is cut off within timeout + READ_TIMEOUT.
        with urllib.request.urlopen(request, timeout=min(timeout, READ_TIMEOUT)) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise DocumentError(f"page of {int(length) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
            chunks, size = [], 0
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise DocumentError(f"could not fetch the URL: no complete page within {timeout:g} s", "failed")
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise DocumentError(f"page over the {max_bytes / 1e6:.0f} MB limit: download stopped")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        raise DocumentError(f"could not fetch the URL: HTTP {exc.code} {exc.reason}", "failed") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DocumentError(f"could not fetch the URL: {reason}", "failed") from exc
    except (http.client.HTTPException, ValueError) as exc:
        raise DocumentError(f"could not fetch the URL: the server's answer is broken ({type(exc).__name__})",
                            "failed") from exc
