"""A URL list as a corpus: fetched politely, cached locally, parsed with trafilatura.

The raw HTML of every fetched page is kept in a cache folder keyed by URL, so a
re-run reads the cache instead of the network and a cited run can be re-analysed
from exactly the pages it saw. ``refetch=True`` ignores the cache.
"""

from __future__ import annotations

import hashlib
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..errors import ConfigError, DocumentError
from ..types import Document, Skip
from .clean import decode

log = logging.getLogger(__name__)
USER_AGENT = f"framelens/{__version__} (research; +https://pypi.org/project/framelens/)"


def read_url_list(
    path: Path, *, cache: Path, delay: float = 1.0, timeout: float = 20.0, refetch: bool = False
) -> Iterator[Document | Skip]:
    """One Document (or Skip) per URL in ``path`` (one URL a line, ``#`` comments)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the URL list {path}: {exc.strerror or exc}") from exc
    last_fetch: dict[str, float] = {}
    for line in lines:
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            yield Skip(url, str(path), "not an http(s) URL")
            continue
        try:
            html = _cached_fetch(url, cache, delay, timeout, refetch, last_fetch)
            from .readers import html_document

            yield html_document(html, url, url, {"url": url}, url=url)
        except DocumentError as exc:
            yield Skip(url, url, exc.reason, exc.status)


def _cached_fetch(
    url: str, cache: Path, delay: float, timeout: float, refetch: bool, last_fetch: dict[str, float]
) -> str:
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".html")
    if cached.exists() and not refetch:
        return decode(cached.read_bytes())
    host = urllib.parse.urlsplit(url).netloc
    wait = last_fetch.get(host, 0.0) + delay - time.monotonic()
    if wait > 0:
        time.sleep(wait)  # politeness: at most one request per `delay` seconds per host
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    log.info("fetching %s", url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as exc:
        raise DocumentError(f"could not fetch the URL: HTTP {exc.code} {exc.reason}", "failed") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DocumentError(f"could not fetch the URL: {reason}", "failed") from exc
    finally:
        last_fetch[host] = time.monotonic()
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return decode(data)
