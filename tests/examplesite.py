"""The repository's own example site, built into a folder, for the conformance tests."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sitefiles import copy_example

from statusgen.build import build_site

EXAMPLE = Path(__file__).parent.parent
# While the payout incident is open and before the bank maintenance: every kind of page.
EXAMPLE_NOW = datetime(2026, 11, 22, 19, 15, tzinfo=timezone.utc)
NODE_MODULES = EXAMPLE / "node_modules"


def build_example(output: Path, base_url: str = "https://status.example.com/") -> Path:
    """The example site built for `base_url` into `output`; returns `output`.

    Without the cache: a test must leave nothing behind in the checkout."""
    build_site(EXAMPLE, now=EXAMPLE_NOW, base_url=base_url, output=output, use_cache=False)
    return output


# An open incident whose messages hold the Markdown a page must still turn into valid,
# accessible HTML: headings in the summary and in an update, a code block wider than
# any screen, and a link and an image whose addresses the sanitizer removes.
MESSAGES_SLUG = "2026-11-22-log-excerpt"
MESSAGES_INCIDENT = f"""\
---
title: Slow API responses
status: investigating
components:
  api: degraded_performance
---
### Impact

Some API calls are slow.

## Investigating at 2026-11-22 17:00
### What we see

```
{"GET /v1/balance 200 " * 30}
```

See [the runbook](javascript:alert(1)) and ![the graph](data:image/png;base64,iVBORw0KGgo=).
"""


def build_example_with_messages(folder: Path) -> Path:
    """The example site with MESSAGES_INCIDENT added, built into `folder`/public; returns
    that output folder."""
    root = copy_example(folder)
    (root / "content" / "incidents" / f"{MESSAGES_SLUG}.md").write_text(MESSAGES_INCIDENT)
    output = root / "public"
    build_site(root, now=EXAMPLE_NOW, output=output, use_cache=False)
    return output


def require(what: str, found: bool) -> None:
    """Skip when a validator is not installed; under CI=true, where it must be, fail."""
    if found:
        return
    message = f"{what} is not installed (run `npm ci` at the repository root)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def node_module_file(relative: str) -> Path:
    """A file from node_modules/, or skip (fail under CI=true) when `npm ci` has not run."""
    path = NODE_MODULES / relative
    require(relative.split("/")[0], path.is_file())
    return path


def java() -> str:
    """The java binary, or skip (fail under CI=true) when there is none."""
    found = shutil.which("java")
    require("java (Debian: default-jre-headless)", found is not None)
    assert found is not None
    return found
