"""What other sites embed: the <statusgen-status> element and the shields.io endpoint."""

from __future__ import annotations

import json
from importlib.resources import files

from statusgen.render.context import RenderContext, RenderedFiles
from statusgen.status import OVERALL_LABELS, OverallStatus

# shields.io's named colours, chosen to match the page's banner colours.
SHIELDS_COLOURS = {
    OverallStatus.OPERATIONAL: "brightgreen",
    OverallStatus.DEGRADED_PERFORMANCE: "yellow",
    OverallStatus.PARTIAL_OUTAGE: "orange",
    OverallStatus.MAJOR_OUTAGE: "red",
    OverallStatus.UNDER_MAINTENANCE: "blue",
    OverallStatus.INCIDENT: "orange",
    OverallStatus.UNKNOWN: "lightgrey",
}


def render_widget(context: RenderContext) -> RenderedFiles:
    """widget.js (the custom element) and shields.json (shields.io's endpoint-badge schema)."""
    yield "widget.js", files("statusgen.render").joinpath("widget.js").read_bytes()
    overall = context.status.overall
    shields = {
        "schemaVersion": 1,
        "label": "status",
        "message": OVERALL_LABELS[overall].lower(),
        "color": SHIELDS_COLOURS[overall],
        # shields.io will not cache for less than 300 s; say so rather than be ignored.
        "cacheSeconds": 300,
    }
    yield "shields.json", (json.dumps(shields, sort_keys=True, indent=2) + "\n").encode()
