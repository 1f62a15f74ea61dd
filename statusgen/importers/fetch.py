"""Reading a Statuspage page's public `api/v2/` over HTTP: timeouts, paging, clear errors."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from statusgen import __version__
from statusgen.importers.sources import json_data, whole_characters

# The public endpoints an import reads, relative to the page's `api/v2/`.
ENDPOINTS = ("summary.json", "components.json", "incidents.json", "scheduled-maintenances.json")
# Statuspage lists its newest incidents and ignores `page`; an API that does page stops
# when a page brings nothing new, and this bounds a server that never stops.
MAX_PAGES = 100


class FetchError(Exception):
    """The page could not be read; the message says why and what to do instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def api_base(url: str) -> str:
    """The `.../api/v2/` address for a page's base URL (given with or without it)."""
    parts = urllib.parse.urlsplit(url.strip())
    path = parts.path.rstrip("/")
    for suffix in ("/summary.json", "/api/v2", "/api"):
        path = path.removesuffix(suffix)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{path}/api/v2/", "", ""))


def fetch_page(url: str, *, timeout: float) -> dict[str, Any]:
    """Every endpoint's answer, by file name; incidents.json with all its pages merged."""
    base = api_base(url)
    answers = {name: _get_json(base + name, timeout) for name in ENDPOINTS}
    incidents = answers["incidents.json"].get("incidents")
    if isinstance(incidents, list):
        answers["incidents.json"]["incidents"] = _more_pages(
            base + "incidents.json", incidents, timeout
        )
    return answers


def _more_pages(address: str, first: list[Any], timeout: float) -> list[Any]:
    seen = {i.get("id") for i in first if isinstance(i, dict)}
    found = list(first)
    for number in range(2, MAX_PAGES + 1):
        page = _get_json(f"{address}?page={number}", timeout).get("incidents")
        new = [i for i in page or [] if isinstance(i, dict) and i.get("id") not in seen]
        if not new:
            break
        seen.update(i.get("id") for i in new)
        found += new
    return found


def _get_json(address: str, timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(
        address, headers={"Accept": "application/json", "User-Agent": f"statusgen/{__version__}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as error:
        if error.code in (401, 403):
            raise FetchError(
                f"{address} answered HTTP {error.code}: the page is private",
                "a private Statuspage page needs a signed-in visitor; save its api/v2 "
                "responses from a browser where you are signed in, and import that folder",
            ) from None
        raise FetchError(
            f"{address} answered HTTP {error.code}",
            "give the status page's own address, e.g. https://status.example.com",
        ) from None
    except http.client.HTTPException as error:
        # Something answers on that port, but not HTTP (an FTP or mail server, say).
        raise FetchError(
            f"{address} did not answer in HTTP ({type(error).__name__})",
            "check the address and its port: give the status page's own address, "
            "e.g. https://status.example.com",
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(
            f"could not read {address}: {reason}",
            "check the address and the network; --timeout sets how long to wait",
        ) from None
    try:
        parsed = json_data(data)  # with lines, for a problem in the answer
    except (ValueError, UnicodeDecodeError, RecursionError):
        parsed = None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("page"), dict):
        raise FetchError(
            f"{address} is not a Statuspage API answer (no JSON with a 'page' object)",
            "give the base address of a page hosted on Statuspage, e.g. https://status.example.com",
        )
    whole_characters(parsed, address)
    return parsed
