"""Validation: fixture sites in tmp_path → the model, or every problem with its exact place."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path
from unicodedata import normalize
from zoneinfo import ZoneInfo

import pytest
from sitefiles import COMPONENTS, INCIDENT, INCIDENT_PATH, SETTINGS, write_site

from statusgen.config import KEYS, PAGE_KEYS, parse_settings
from statusgen.errors import Severity, StatusgenError
from statusgen.ingest.rules import RULE_KEYS, SECTION_KEYS
from statusgen.model import (
    AffectedComponent,
    ComponentStatus,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    MonitorKind,
)
from statusgen.probe.config import KEYS as MONITOR_KEYS
from statusgen.validate import (
    ALERT_KEYS,
    COMPONENT_KEYS,
    GROUP_KEYS,
    INCIDENT_KEYS,
    MAINTENANCE_KEYS,
    ComponentNames,
    check_site,
    load_site,
    parse_event,
    slugify,
)

BERLIN = ZoneInfo("Europe/Berlin")
IDS = ComponentNames(frozenset({"api", "checkout", "dashboard"}))


def berlin(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def incident(front: str, body: str = "## Investigating at 2026-11-20 14:05\nLooking.\n") -> str:
    return f"---\n{front}---\n{body}"


OPEN = "title: Errors\nstatus: investigating\n"
RESOLVED_FRONT = "title: Errors\nstatus: resolved\ncomponents:\n  api: degraded_performance\n"
RESOLVED_BODY = (
    "## Investigating at 2026-11-20 10:00\nComponents: api=degraded_performance\n\n"
    "## Resolved at 2026-11-20 12:00\n"
)
MAINT = "title: Upgrade\nscheduled_for: 2026-11-29 02:00\nscheduled_until: 2026-11-29 04:00\n"
SLUG_PATH = "content/incidents/2026-11-21-x.md"

SETTINGS_AT_3 = "title: T\nbase_url: https://x.org\n"
# Two authors added an update to the same incident, and `git merge` left both in the file.
CONFLICTED_UPDATES = """\
## Investigating at 2026-11-20 14:05
Looking.
<<<<<<< HEAD

## Identified at 2026-11-20 14:30
=======

## Identified at 2026-11-20 14:20
>>>>>>> alice
Found it.
"""

# (files to write over the valid site, [(location, message fragment), ...] expected exactly)
BAD_SITES: list[tuple[str, dict[str, str | bytes | None], list[tuple[str, str]]]] = [
    # statusgen.yaml
    (
        "settings unknown key",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\nthem: dark\n"},
        [("statusgen.yaml:3:1", "unknown key 'them'")],
    ),
    (
        "settings missing title",
        {"statusgen.yaml": "titel: T\nbase_url: https://x.org\n"},
        [
            ("statusgen.yaml:1:1", "missing required key 'title'"),
            ("statusgen.yaml:1:1", "unknown key 'titel'"),
        ],
    ),
    (
        "settings bad base_url",
        {"statusgen.yaml": "title: T\nbase_url: status.example.com\n"},
        [("statusgen.yaml:2:11", "base_url must be an absolute http(s) URL")],
    ),
    (
        "settings bad timezone",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\ntimezone: Europe/Berln\n"},
        [("statusgen.yaml:3:11", "unknown timezone 'Europe/Berln'")],
    ),
    (
        "settings history_days range",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\nhistory_days: 0\n"},
        [("statusgen.yaml:3:15", "history_days must be between 1 and 3650")],
    ),
    (
        "settings history_days type",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\nhistory_days: ninety\n"},
        [("statusgen.yaml:3:15", "'history_days' must be a whole number, not text")],
    ),
    (
        "settings title type",
        {"statusgen.yaml": "title: [a, b]\nbase_url: https://x.org\n"},
        [("statusgen.yaml:1:8", "'title' must be text, not a list")],
    ),
    (
        "settings bad language",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\nlanguage: English!\n"},
        [("statusgen.yaml:3:11", "not a language tag")],
    ),
    (
        "settings bad support_url",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\nsupport_url: help desk\n"},
        [("statusgen.yaml:3:14", "support_url must be an http(s) or mailto: URL")],
    ),
    (
        "settings support_url with an apostrophe",
        {
            "statusgen.yaml": 'title: T\nbase_url: https://x.org\nsupport_url: "https://x.org/a\'b"\n'
        },
        [("statusgen.yaml:3:30", "support_url may not have an apostrophe (') (column 30)")],
    ),
    (
        "settings support_url with a '<'",
        {"statusgen.yaml": "title: T\nbase_url: https://x.org\nsupport_url: https://x.org/a<b\n"},
        [("statusgen.yaml:3:29", "support_url may not have '<' (column 29)")],
    ),
    (
        "settings malformed YAML",
        {"statusgen.yaml": "title: T\nbase_url: [https://x.org\n"},
        [("statusgen.yaml:2:11", "invalid YAML: the '[' opened here is never closed")],
    ),
    (
        "settings not a mapping",
        {"statusgen.yaml": "- title: T\n"},
        [("statusgen.yaml:1:1", "must be a mapping of settings, not a list")],
    ),
    # Told at line 1, column 1 too: check promises file:line:column for every problem.
    *(
        (
            f"settings {kind}",
            {"statusgen.yaml": text},
            [("statusgen.yaml:1:1", "must be a mapping of settings, not empty")],
        )
        for kind, text in [("empty", ""), ("comments only", "# title: T\n")]
    ),
    # content/components.yaml
    (
        "component bad status",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n  status: operatonal\n"},
        [("content/components.yaml:2:11", "invalid status 'operatonal'")],
    ),
    (
        "component duplicate id",
        {
            INCIDENT_PATH: None,
            "content/components.yaml": "- id: api\n  name: A\n- id: api\n  name: B\n",
        },
        [("content/components.yaml:3:7", "duplicate id 'api'")],
    ),
    (
        "component duplicate id from name",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n- name: Api\n"},
        [("content/components.yaml:2:3", "duplicate id 'api' (made from its name 'Api')")],
    ),
    (
        "group and component share an id",
        {
            INCIDENT_PATH: None,
            "content/components.yaml": "- name: API\n- name: Api\n  components: []\n",
        },
        [("content/components.yaml:2:3", "duplicate id 'api'")],
    ),
    (
        "component invalid id",
        {INCIDENT_PATH: None, "content/components.yaml": "- id: API Server\n  name: API\n"},
        [("content/components.yaml:1:7", "component id 'API Server' is not a valid id")],
    ),
    # One problem, at the id: the incidents naming the id it is meant to be (the one its
    # hint gives) are not told it is unknown, nor to retire it.
    *(
        (
            f"component invalid id ({kind}) an incident names",
            {"content/components.yaml": COMPONENTS.replace("id: checkout", f"id: {written}")},
            [("content/components.yaml:5:11", f"component id '{cid}' is not a valid id")],
        )
        for kind, written, cid in [
            ("a space after it", '"checkout "', "checkout "),
            ("a no-break space after it", "checkout\u00a0", "checkout\u00a0"),
            ("in curly quotes", "\u201ccheckout\u201d", "\u201ccheckout\u201d"),
        ]
    ),
    (
        "component invalid id meant as one taken",
        {
            INCIDENT_PATH: None,
            "content/components.yaml": "- id: api\n  name: A\n- id: API\n  name: B\n",
        },
        [("content/components.yaml:3:7", "component id 'API' is not a valid id")],
    ),
    (
        "component missing name",
        {INCIDENT_PATH: None, "content/components.yaml": "- id: api\n  description: The API\n"},
        [("content/components.yaml:1:3", "component missing required key 'name'")],
    ),
    (
        "component unknown key",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n  showcas: false\n"},
        [("content/components.yaml:2:3", "unknown key 'showcas' in component")],
    ),
    (
        "component showcase type",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n  showcase: maybe\n"},
        [("content/components.yaml:2:13", "'showcase' must be true or false, not text")],
    ),
    (
        "component bad start_date",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n  start_date: 2026-13-01\n"},
        [("content/components.yaml:2:15", "'2026-13-01' is not a valid date")],
    ),
    (
        "component not a mapping",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n- checkout\n"},
        [("content/components.yaml:2:3", "a component must be a mapping, not text")],
    ),
    (
        "nested group",
        {
            INCIDENT_PATH: None,
            "content/components.yaml": (
                "- name: Web\n  components:\n    - name: Inner\n      components: []\n"
            ),
        },
        [("content/components.yaml:4:7", "a group cannot contain another group")],
    ),
    (
        "group with a component-only key",
        {
            INCIDENT_PATH: None,
            "content/components.yaml": "- name: Web\n  showcase: false\n  components: []\n",
        },
        [("content/components.yaml:2:3", "only components take 'showcase'")],
    ),
    (
        "group components not a list",
        {INCIDENT_PATH: None, "content/components.yaml": "- name: Web\n  components: api\n"},
        [("content/components.yaml:2:15", "'components' must be a list of components, not text")],
    ),
    (
        "components file not a list",
        {"content/components.yaml": "api: API\n"},
        [("content/components.yaml:1:1", "must be a list of components, not a mapping")],
    ),
    (
        "components file missing",
        {"content/components.yaml": None},  # the incident's references are not all "unknown"
        [("content/components.yaml", "file not found")],
    ),
    # content/incidents/*.md
    (
        "incident missing front matter",
        {SLUG_PATH: "title: Errors\n"},
        [(f"{SLUG_PATH}:1:1", "missing front matter")],
    ),
    (
        "incident unclosed front matter",
        {SLUG_PATH: "---\ntitle: Errors\nstatus: resolved\n\n## Resolved at 2026-11-20 14:05\n"},
        [(f"{SLUG_PATH}:1:1", "front matter is never closed")],
    ),
    (
        "incident closed by a line that only looks like '---'",
        {
            SLUG_PATH: "---\ntitle: Errors\nstatus: resolved\n ---\n"
            "## Resolved at 2026-11-20 14:05\n"
        },
        [(f"{SLUG_PATH}:4:1", "this line looks like the closing '---' but is ' ---'")],
    ),
    (
        "incident update heading above the closing '---'",
        {
            SLUG_PATH: incident(
                OPEN + "## Investigating at 2026-11-20 14:05\n",
                "Looking.\n\n## Identified at 2026-11-20 14:30\n",
            ).replace("status: investigating", "status: identified")
        },
        [(f"{SLUG_PATH}:4:1", "this update heading is inside the front matter")],
    ),
    (
        "incident components left empty",
        {SLUG_PATH: incident(OPEN + "components:\n")},
        [(f"{SLUG_PATH}:4:12", "'components' is empty")],
    ),
    (
        "incident invalid UTF-8",
        {SLUG_PATH: b"---\ntitle: Caf\xe9\n"},
        [(f"{SLUG_PATH}:2:11", "not valid UTF-8")],
    ),
    (
        "incident malformed YAML",
        {SLUG_PATH: incident("title: Errors\nstatus: [investigating\n")},
        [(f"{SLUG_PATH}:3:9", "invalid YAML: the '[' opened here is never closed")],
    ),
    (
        "incident malformed YAML does not hide the updates' mistakes",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: [investigating\n",
                "## Investigatng at 2026-11-20 14:05\nLooking.\n\n"
                "## Resolved at 2026-11-20 25:00\n",
            )
        },
        [
            (f"{SLUG_PATH}:3:9", "invalid YAML: the '[' opened here is never closed"),
            (f"{SLUG_PATH}:5:1", "unknown incident state 'Investigatng'"),
            (f"{SLUG_PATH}:8:1", "'2026-11-20 25:00' is not a valid"),
        ],
    ),
    (
        "maintenance malformed YAML does not hide the updates' mistakes",
        {
            SLUG_PATH: incident(
                MAINT.replace("Upgrade", "[Upgrade"),
                "## Scheduled at 2026-11-20 10:00\n\n## In progres at 2026-11-29 02:00\n",
            )
        },
        [
            (f"{SLUG_PATH}:2:8", "invalid YAML: the '[' opened here is never closed"),
            (f"{SLUG_PATH}:8:1", "unknown maintenance state 'In progres'"),
        ],
    ),
    (
        "incident front matter not a mapping does not hide the updates' mistakes",
        {SLUG_PATH: incident("- title\n", "## Investigatng at 2026-11-20 14:05\n")},
        [
            (f"{SLUG_PATH}:2:1", "front matter must be a mapping of keys, not a list"),
            (f"{SLUG_PATH}:4:1", "unknown incident state 'Investigatng'"),
        ],
    ),
    (
        "incident unknown key",
        {SLUG_PATH: incident(OPEN + "titel: Errors\n")},
        [(f"{SLUG_PATH}:4:1", "unknown key 'titel'")],
    ),
    (
        "incident missing title",
        {SLUG_PATH: incident("status: investigating\n")},
        [(f"{SLUG_PATH}:2:1", "missing required key 'title'")],
    ),
    (
        "incident empty front matter",
        {SLUG_PATH: incident("")},
        [
            (f"{SLUG_PATH}:1:1", "missing required key 'status'"),
            (f"{SLUG_PATH}:1:1", "missing required key 'title'"),
        ],
    ),
    (
        # The opening '---' typed twice: the keys are there, below the empty front matter.
        "incident '---' typed twice",
        {SLUG_PATH: "---\n" + incident(OPEN + "components: [api]\n")},
        [(f"{SLUG_PATH}:2:1", "an empty front matter: the '---' on line 2 closes it")],
    ),
    (
        "incident title wrong type",
        {SLUG_PATH: incident("title:\n  text: x\nstatus: investigating\n")},
        [(f"{SLUG_PATH}:3:3", "'title' must be text, not a mapping")],
    ),
    (
        "incident duplicate key",
        {SLUG_PATH: incident(OPEN + "title: Again\n")},
        [(f"{SLUG_PATH}:4:1", "duplicate key 'title'")],
    ),
    (
        "incident alias",
        {SLUG_PATH: incident("title: &t Errors\nstatus: investigating\nimpact: *t\n")},
        [
            (f"{SLUG_PATH}:2:8", "anchors are not supported"),
            (f"{SLUG_PATH}:4:9", "aliases are not supported"),
        ],
    ),
    (
        "incident python tag",
        {SLUG_PATH: incident(OPEN + "impact: !!python/object/apply:os.system [ls]\n")},
        [(f"{SLUG_PATH}:4:9", "unsupported YAML tag")],
    ),
    (
        "incident unknown component in list",
        {SLUG_PATH: incident(OPEN + "components: [api, chekout]\n")},
        [(f"{SLUG_PATH}:4:19", "unknown component 'chekout'")],
    ),
    (
        "incident unknown component in mapping",
        {SLUG_PATH: incident(OPEN + "components:\n  apii: major_outage\n")},
        [(f"{SLUG_PATH}:5:3", "unknown component 'apii'")],
    ),
    (
        # A list typed without its commas is one value: read as one unknown id, its
        # did-you-mean would name one component and leave the other out.
        "incident components list without commas",
        {SLUG_PATH: incident(OPEN + "components: [api checkout]\n")},
        [(f"{SLUG_PATH}:4:14", "this is one value 'api checkout', not 2 components")],
    ),
    (
        "incident components mapping key without commas",
        {SLUG_PATH: incident(OPEN + "components:\n  api checkout: major_outage\n")},
        [(f"{SLUG_PATH}:5:3", "this is one value 'api checkout', not 2 components")],
    ),
    (
        "incident components list without commas, one id mistyped",
        {SLUG_PATH: incident(OPEN + "components: [dashboard, api chekout]\n")},
        [(f"{SLUG_PATH}:4:25", "this is one value 'api chekout', not 2 components")],
    ),
    (
        "incident component listed twice",
        {SLUG_PATH: incident(OPEN + "components: [api, api]\n")},
        [(f"{SLUG_PATH}:4:19", "component 'api' is listed twice")],
    ),
    (
        "incident invalid component status",
        {SLUG_PATH: incident(OPEN + "components:\n  api: down\n")},
        [(f"{SLUG_PATH}:5:8", "invalid status 'down' for component 'api'")],
    ),
    (
        "incident components wrong type",
        {SLUG_PATH: incident(OPEN + "components: api\n")},
        [(f"{SLUG_PATH}:4:13", "'components' must be a list of component ids or a mapping")],
    ),
    (
        "incident invalid status",
        {SLUG_PATH: incident("title: Errors\nstatus: investigatin\n")},
        [(f"{SLUG_PATH}:3:9", "invalid status 'investigatin'")],
    ),
    (
        "incident with a maintenance status",
        {SLUG_PATH: incident("title: Errors\nstatus: completed\n")},
        [(f"{SLUG_PATH}:3:9", "invalid status 'completed'")],
    ),
    (
        "incident invalid impact",
        {SLUG_PATH: incident(OPEN + "impact: severe\n")},
        [(f"{SLUG_PATH}:4:9", "invalid impact 'severe'")],
    ),
    (
        "incident maintenance impact",
        {SLUG_PATH: incident(OPEN + "impact: maintenance\n")},
        [(f"{SLUG_PATH}:4:9", "invalid impact 'maintenance'")],
    ),
    (
        "incident unparseable date",
        {SLUG_PATH: incident(OPEN + "date: yesterday\n")},
        [(f"{SLUG_PATH}:4:7", "date: cannot read the time 'yesterday'")],
    ),
    (
        "incident ambiguous date",
        {SLUG_PATH: incident(OPEN + "date: 11/12/2026 14:00\n")},
        [(f"{SLUG_PATH}:4:7", "ambiguous date")],
    ),
    (
        "incident date that does not exist",
        {SLUG_PATH: incident(OPEN + "date: 2026-03-29 02:30\n", "")},
        [(f"{SLUG_PATH}:4:7", "'2026-03-29 02:30' does not exist in Europe/Berlin")],
    ),
    (
        "heading unknown state",
        {SLUG_PATH: incident(OPEN, "Summary.\n\n## Investigatng at 2026-11-20 14:05\n")},
        [(f"{SLUG_PATH}:7:1", "unknown incident state 'Investigatng'")],
    ),
    (
        "heading without time",
        {SLUG_PATH: incident(OPEN, "## Investigating\nLooking.\n")},
        [(f"{SLUG_PATH}:5:1", "update heading '## Investigating' has no time")],
    ),
    (
        "heading date without time",
        {SLUG_PATH: incident(OPEN, "## Investigating at 2026-11-20\n")},
        [(f"{SLUG_PATH}:5:1", "'2026-11-20' has a date but no time of day")],
    ),
    (
        "heading two-digit year",
        {SLUG_PATH: incident(OPEN, "## Investigating at 26-11-20 14:05\n")},
        [(f"{SLUG_PATH}:5:1", "two-digit year")],
    ),
    (
        "heading ambiguous in the site timezone",
        {SLUG_PATH: incident(OPEN, "## Investigating at 2026-10-25 02:30\n")},
        [(f"{SLUG_PATH}:5:1", "ambiguous in Europe/Berlin")],
    ),
    (
        "status disagrees with the newest update",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: investigating\n",
                "## Investigating at 2026-11-20 14:05\n\n## Identified at 2026-11-20 14:30\n",
            )
        },
        [(f"{SLUG_PATH}:3:9", "status is 'investigating' but the newest update (line 7)")],
    ),
    (
        # Reopened and left at `status: resolved`: its `## Resolved at` says when it was
        # resolved, so not also "nothing says when it was resolved".
        "a reopened incident left resolved",
        {
            SLUG_PATH: incident(
                RESOLVED_FRONT, RESOLVED_BODY + "\n## Investigating at 2026-11-20 13:00\n"
            )
        },
        [(f"{SLUG_PATH}:3:9", "status is 'resolved' but the newest update (line 12)")],
    ),
    (
        "updates out of order",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: identified\n",
                "## Investigating at 2026-11-20 14:05\n\n## Identified at 2026-11-20 13:30\n",
            )
        },
        [(f"{SLUG_PATH}:7:1", "update is earlier than the update before it (line 5)")],
    ),
    (
        # Its status and resolution are judged once it is in place: not "nothing says when
        # it was resolved", nor a status that would reopen it.
        "an update added after the resolution it precedes",
        {
            SLUG_PATH: incident(
                RESOLVED_FRONT, RESOLVED_BODY + "\n## Identified at 2026-11-20 11:00\n"
            )
        },
        [(f"{SLUG_PATH}:12:1", "update is earlier than the update before it (line 10)")],
    ),
    (
        "update before the incident's date",
        {SLUG_PATH: incident(OPEN + "date: 2026-11-20 15:00\n")},
        [(f"{SLUG_PATH}:6:1", "the first update is earlier than the incident's date")],
    ),
    (
        "resolved without a resolved time",
        {SLUG_PATH: incident("title: Errors\nstatus: resolved\ndate: 2026-11-20 14:05\n", "")},
        [(f"{SLUG_PATH}:3:9", "the incident is resolved but nothing says when")],
    ),
    # The heading's time is the mistake; "nothing says when it was resolved" would send
    # the author to the front matter.
    (
        "resolved at a time that does not exist",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: resolved\n",
                "## Investigating at 2026-03-29 01:00\n## Resolved at 2026-03-29 02:30\n",
            )
        },
        [(f"{SLUG_PATH}:6:1", "'2026-03-29 02:30' does not exist in Europe/Berlin")],
    ),
    (
        "resolved at a time before 1970",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: postmortem\ndate: 1970-01-01 10:00\n",
                "## Postmortem at 1969-12-31 10:00\n",
            )
        },
        [(f"{SLUG_PATH}:6:1", "'1969-12-31 10:00' is outside the years 1970 to 9998")],
    ),
    (
        "resolved_at on an open incident",
        {SLUG_PATH: incident(OPEN + "resolved_at: 2026-11-20 16:00\n")},
        [(f"{SLUG_PATH}:4:14", "resolved_at is set but the incident is still investigating")],
    ),
    (
        "resolved_at disagreeing with the timeline",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: resolved\nresolved_at: 2026-11-20 16:00\n",
                "## Investigating at 2026-11-20 14:05\n## Resolved at 2026-11-20 15:00\n",
            )
        },
        [(f"{SLUG_PATH}:4:14", "resolved_at disagrees with the resolved update on line 7")],
    ),
    (
        "resolved before it started",
        {
            SLUG_PATH: incident(
                "title: Errors\nstatus: resolved\ndate: 2026-11-20 14:00\n"
                "resolved_at: 2026-11-20 13:00\n",
                "",
            )
        },
        [(f"{SLUG_PATH}:5:1", "the incident is resolved before it started")],
    ),
    (
        "incident without a start time",
        {SLUG_PATH: incident(OPEN, "Nothing yet.\n")},
        [(f"{SLUG_PATH}:1:1", "incident has no start time")],
    ),
    (
        "file name is not a slug",
        {"content/incidents/Payment_Errors.md": INCIDENT},
        [("content/incidents/Payment_Errors.md", "cannot be used as a page address")],
    ),
    # maintenance
    (
        "maintenance ends before it starts",
        {
            SLUG_PATH: incident(
                "title: Upgrade\nscheduled_for: 2026-11-29 04:00\n"
                "scheduled_until: 2026-11-29 02:00\n",
                "",
            )
        },
        [(f"{SLUG_PATH}:4:18", "maintenance ends (2026-11-29 02:00) before it starts")],
    ),
    (
        "maintenance of no length",
        {
            SLUG_PATH: incident(
                "title: Upgrade\nscheduled_for: 2026-11-29 04:00\n"
                "scheduled_until: 2026-11-29 04:00\n",
                "",
            )
        },
        [(f"{SLUG_PATH}:4:18", "ends (2026-11-29 04:00) when it starts (2026-11-29 04:00): the")],
    ),
    (
        # A copied window's stale announcement: the window never shows while it runs.
        "maintenance announced after its end",
        {
            SLUG_PATH: incident(
                MAINT + "components: [api]\n",
                "## Scheduled at 2026-12-06 10:00\nRoutine patching.\n",
            )
        },
        [
            (
                f"{SLUG_PATH}:7:1",
                "the announcement is dated after the window ends (2026-11-29 04:00)",
            )
        ],
    ),
    (
        "maintenance without an end",
        {SLUG_PATH: incident("title: Upgrade\nscheduled_for: 2026-11-29 04:00\n", "")},
        [(f"{SLUG_PATH}:2:1", "missing required key 'scheduled_until'")],
    ),
    (
        "maintenance with impact",
        {SLUG_PATH: incident(MAINT + "impact: major\n", "")},
        [(f"{SLUG_PATH}:5:1", "maintenance has no impact")],
    ),
    (
        "maintenance with an incident status",
        {SLUG_PATH: incident(MAINT + "status: resolved\n", "")},
        [(f"{SLUG_PATH}:5:9", "invalid status 'resolved'")],
    ),
    (
        "maintenance heading with an incident state",
        {SLUG_PATH: incident(MAINT, "## Investigating at 2026-11-20 10:00\n")},
        [(f"{SLUG_PATH}:6:1", "'Investigating' is an incident state, not a maintenance state")],
    ),
    (
        "maintenance status disagrees with the newest update",
        {
            SLUG_PATH: incident(
                MAINT + "status: completed\n", "## In progress at 2026-11-29 02:00\n"
            )
        },
        [(f"{SLUG_PATH}:5:9", "status is 'completed' but the newest update (line 7)")],
    ),
    (
        "maintenance unknown component",
        {SLUG_PATH: incident(MAINT + "components: [dashbord]\n", "")},
        [(f"{SLUG_PATH}:5:14", "unknown component 'dashbord'")],
    ),
    # merge conflicts git left behind: each marker at its line, and nothing else said
    (
        "merge conflict in the updates",
        {SLUG_PATH: incident(OPEN, CONFLICTED_UPDATES)},
        [(f"{SLUG_PATH}:{line}:1", "unresolved merge conflict") for line in (7, 10, 13)],
    ),
    (
        "diff3 merge conflict in the front matter",
        {
            SLUG_PATH: incident(
                "title: Errors\n<<<<<<< HEAD\nstatus: identified\n||||||| base\n"
                "status: investigating\n=======\nstatus: monitoring\n>>>>>>> bob\n",
                "## Identified at 2026-11-20 14:05\nFound.\n",
            )
        },
        [(f"{SLUG_PATH}:{line}:1", "unresolved merge conflict") for line in (3, 5, 7, 9)],
    ),
    (
        "merge conflict in components.yaml",
        {
            "content/components.yaml": "- name: API\n<<<<<<< HEAD\n- name: Web\n=======\n"
            "- name: Website\n>>>>>>> alice\n",
            INCIDENT_PATH: None,
        },
        [(f"content/components.yaml:{line}:1", "unresolved merge conflict") for line in (2, 4, 6)],
    ),
    (
        "merge conflict in statusgen.yaml",
        {"statusgen.yaml": SETTINGS_AT_3 + "<<<<<<< HEAD\n=======\nlanguage: de\n>>>>>>> a\n"},
        [(f"statusgen.yaml:{line}:1", "unresolved merge conflict") for line in (3, 4, 6)],
    ),
]


_ONE_LINE = "write the title on one line, without '|', '>' or '\\n'"


@pytest.mark.parametrize(
    ("written", "column", "message", "hint"),
    [
        (
            'title: "Checkout\\nerrors"',
            (0, 8),
            "the title is on more than one line, which is published as it is",
            _ONE_LINE,
        ),
        (
            "title: |\n  Checkout\n  errors",
            (1, 11),
            "the title is on more than one line, which is published as it is",
            _ONE_LINE,
        ),
        (
            "title: Checkout\ufeff errors",
            (0, 16),
            "the title holds a ZERO WIDTH NO-BREAK SPACE (U+FEFF), which shows nothing",
            "remove it: a byte order mark has no place inside the title",
        ),
    ],
)
def test_a_title_over_two_lines_or_with_a_byte_order_mark_is_a_warning_at_it(
    tmp_path: Path, written: str, column: tuple[int, int], message: str, hint: str
) -> None:
    """A page's <title>, the feeds and the API published the line break or the mark as
    written: the incident's title (from line 2) and the site's (line 1) are warned of
    where it is. `column`: (lines below the key, column)."""
    below, at = column
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: INCIDENT.replace("title: Checkout errors", written),
        "statusgen.yaml": SETTINGS.replace("title: Example Status", written),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [
        (f"{INCIDENT_PATH}:{2 + below}:{at}", "warning", message, hint),
        (f"statusgen.yaml:{1 + below}:{at}", "warning", message, hint),
    ] == sorted((d.location(), d.severity.value, d.message, d.hint) for d in diagnostics)


@pytest.mark.parametrize("text", ["", "~\n", "null\n", "# none yet\n~\n", "[]\n"])
def test_a_components_file_saying_nothing_means_no_components(tmp_path: Path, text: str) -> None:
    """`~` is YAML's word for nothing: like an empty file, no components yet, not an error."""
    files: dict[str, str | bytes | None] = {INCIDENT_PATH: None, "content/components.yaml": text}
    site, diagnostics = check_site(write_site(tmp_path, files))

    assert ([], ()) == (diagnostics, site.components if site is not None else None)


@pytest.mark.parametrize(("written", "meant"), [("1:30", "1-30"), ("0x1F", "0x1f")])
def test_an_invalid_id_named_as_written_is_told_the_fix_not_an_id_found_nowhere(
    tmp_path: Path, written: str, meant: str
) -> None:
    """YAML reads `1:30` and `0x1F` as numbers, so the id is refused and read as the one
    its hint gives: an incident naming it as written is told that fix, and the known
    components are not offered (the one the fix gives is in no file yet)."""
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": COMPONENTS.replace("id: checkout", f"id: {written}"),
        INCIDENT_PATH: INCIDENT.replace("checkout: partial", f"{written}: partial"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [
        ("content/components.yaml:5:11", f"component id '{written}' is not a valid id"),
        (
            f"{INCIDENT_PATH}:5:3",
            f"unknown component '{written}'",
            f"'{written}' is not a valid id (content/components.yaml:5): write 'id: {meant}'"
            f" there, and '{meant}' here",
        ),
    ] == [
        (d.location(), d.message) if d.path.endswith("yaml") else (d.location(), d.message, d.hint)
        for d in diagnostics
    ]


@pytest.mark.parametrize(
    ("yaml_text", "line", "written", "hint"),
    [
        (
            '- id: "api "\n  name: API v1\n- id: api\n  name: API\n',
            1,
            "component id 'api '",
            "use lowercase letters, digits and '-', e.g. 'api-2' ('api' is taken on line 3)",
        ),
        (
            "- id: Services\n  name: Old\n  components:\n    - id: api\n      name: API\n"
            "- id: services\n  name: Services\n  components:\n    - id: web\n      name: Web\n",
            1,
            "group id 'Services'",
            "use lowercase letters, digits and '-', e.g. 'services-2' ('services' is taken on "
            "line 6)",
        ),
    ],
)
def test_an_invalid_id_whose_fix_is_taken_later_leaves_the_valid_one_alone(
    tmp_path: Path, yaml_text: str, line: int, written: str, hint: str
) -> None:
    """The entry with the valid id, even after the mistyped one, is no duplicate: the one
    problem is the invalid id, and its hint offers no id the file already uses."""
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": yaml_text,
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [(f"content/components.yaml:{line}:7", f"{written} is not a valid id", hint)] == [
        (d.location(), d.message, d.hint) for d in diagnostics
    ]


@pytest.mark.parametrize(
    "description",
    [
        "Checked at https://deploy:UPPASS@api.example.com/health",
        "https://www.example.com/health?token=LITERALTOKEN123",
        "https://www.example.com/health?access_token=LITERALTOKEN123",
        "https://www.example.com/health?apiKey=LITERALTOKEN123",
        "https://www.example.com/health?X-Amz-Signature=LITERALTOKEN123",
        "https://www.example.com/health?sig=LITERALTOKEN123",
        "https://www.example.com/callback?code=LITERALTOKEN123",
        "https://www.example.com/health?client_secret=LITERALTOKEN123",
        "https://www.example.com/health?pwd=LITERALTOKEN123",
        # A password holding "#" or "?": the login is read as written, not where an
        # HTTP client ends the host, or the password would be published.
        "Checks https://deploy:Top#1@api.example.com/health",
        "Checks https://deploy:pa?ss@api.example.com/health",
        # Names run together: the long words count inside them.
        "https://api.example.com/health?apitoken=LITERALTOKEN123",
        "https://api.example.com/health?authtoken=LITERALTOKEN123",
        "https://api.example.com/health?accesstoken=LITERALTOKEN123",
        "https://api.example.com/health?accesskey=LITERALTOKEN123",
        "https://api.example.com/health?secretkey=LITERALTOKEN123",
        "https://api.example.com/health?x-amz-security-token=LITERALTOKEN123",
        # A password holding "/" (common in generated ones): the login runs to the "@".
        "Checks https://deploy:ab/cd@files.example.com/health",
        "Checks https://deploy:LITERAL/TOKEN123@files.example.com:8443/health",
        "https://api.example.com/health?mysecret=LITERALTOKEN123",
        # A describing parameter beside the credential does not hide it.
        "https://example.com/cb?token_type=bearer&access_token=LITERALTOKEN123",
        # An address that does not begin a word: a Markdown link, a label run into it.
        "See the [health check](https://deploy:LITERALTOKEN123@api.example.com/health).",
        "Probe:https://example.com/x?token=LITERALTOKEN123",
        "Probed as url=https://example.com/x?token=LITERALTOKEN123 each minute",
        # An address written without its scheme still carries its query's token.
        "Checks api.example.com/health?api_key=LITERALTOKEN123",
        # A token after "#", where a single-page app reads its parameters.
        "Dashboard https://grafana.example.com/d/abc#/?auth_token=LITERALTOKEN123",
        "Callback https://example.com/cb#access_token=LITERALTOKEN123&token_type=bearer",
        # An address without a scheme, a path or a dotted host.
        "Probe api.example.com?token=LITERALTOKEN123",
        "Probe localhost:8080/health?token=LITERALTOKEN123",
        "Probe 10.0.0.5:8080?token=LITERALTOKEN123",
        # A URL in CJK prose still ends where its token does not.
        "详情见https://api.example.com/health?token=LITERALTOKEN123，或联系我们",
        # A user name and password in an address of any scheme, not only http(s).
        "Redis at redis://default:LITERALTOKEN123@cache.example.com:6379/0 is down",
        "Queue amqp://app:LITERALTOKEN123@mq.example.com/",
        "Primary postgres://app:LITERALTOKEN123@db.example.com:5432/prod",
        "Replica postgresql://user:LITERALTOKEN123@localhost/db",
        "Store mongodb+srv://u:LITERALTOKEN123@cluster0.example.mongodb.net/prod?retryWrites=true",
        "Uploads ftp://deploy:LITERALTOKEN123@ftp.example.com/uploads",
        "Feed wss://feed:LITERALTOKEN123@ws.example.com/live",
        "Bastion ssh://deploy:LITERALTOKEN123@bastion.example.com/",
        "Mail smtp://mailer:LITERALTOKEN123@smtp.example.com:587",
        "Set as DATABASE_URL=postgres://app:LITERALTOKEN123@db.example.com/prod",
        # Punctuation outside ASCII in the path: the query after it is read all the same.
        "Report https://acme-reports.s3.ap-northeast-1.amazonaws.com/障害報告書（第1報）.pdf"
        "?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=LITERALTOKEN123",
        "Runbook https://wiki.example.com/Incident–Response?token=LITERALTOKEN123",
        # More names credentials go by.
        "https://api.example.com/v2/status?jwt=LITERALTOKEN123",
        "https://api.example.com/v2/status?session_id=LITERALTOKEN123",
        "https://api.example.com/v2/status?sessionid=LITERALTOKEN123",
        "https://shop.example.com/cart;x=1?JSESSIONID=LITERALTOKEN123",
        "https://api.example.com/v2/status?pass=LITERALTOKEN123",
        "https://api.example.com/v2/status?passphrase=LITERALTOKEN123",
        "https://api.example.com/v2/status?bearer=LITERALTOKEN123",
        "https://api.example.com/v2/status?hmac=LITERALTOKEN123",
        "https://api.example.com/v2/status?client_assertion=LITERALTOKEN123",
        "https://api.example.com/v2/status?credentials=LITERALTOKEN123",
        "https://api.example.com/v2/status?secrets=LITERALTOKEN123",
        # A token as the user name, as GitHub and GitLab document cloning with one.
        "Clone https://ghp_LITERALTOKEN123abcdefghijklmnopqrstu@github.com/acme/infra.git",
        "Clone https://github_pat_LITERALTOKEN123@github.com/acme/infra.git",
        "Clone https://glpat-LITERALTOKEN123@gitlab.com/acme/infra.git",
        "Clone https://x-access-token:LITERALTOKEN123@github.com/acme/infra.git",
        # The colon percent-encoded: a browser sends it decoded, a user and a password.
        "https://admin%3ALITERALTOKEN123@internal.example.com/",
        "https://admin%3aLITERALTOKEN123@internal.example.com/",
        "Relay https://a1B2c3D4e5LITERALTOKEN123@relay.example.com/hook",
        # A path without its host, as an access log or an error quotes it.
        'Logged "GET /v1/items?api_key=LITERALTOKEN123 HTTP/1.1" 500',
        "Seen `/login?user=bob&password=LITERALTOKEN123` in the logs",
        # An OAuth code: on a callback's path, beside its `state`, or long.
        "https://app.example.com/return?code=LITERALTOKEN123&state=xyz",
        "https://app.example.com/oauth2/return?code=LITERALTOKEN123",
        "https://app.example.com/return?code=4Xf0AX4XfWjLITERALTOKEN123",
    ],
)
def test_a_component_description_holding_a_login_or_token_is_warned_of(
    tmp_path: Path, description: str
) -> None:
    # An earlier import (or a pasted monitor address) published it on every page.
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": f"- id: api\n  name: API\n  description: {description}\n",
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    # At the URL: its scheme, or the address written without one (inside its quotes).
    scheme = re.search(r"[a-z][a-z+]*://", description)
    if scheme:
        at = scheme.start()
    else:
        word = description[description.rindex(" ", 0, description.index("?")) + 1 :]
        at = len(description) - len(word.lstrip("`\"'"))
    assert [
        (
            f"content/components.yaml:3:{16 + at}",
            "warning",
            "the description holds a URL with a login or a token, which every page and "
            "the API publish",
        )
    ] == [(d.location(), d.severity.value, d.message) for d in diagnostics]
    assert "LITERALTOKEN123" not in diagnostics[0].hint + diagnostics[0].message


_AMZ = "https://logs.s3.amazonaws.com/api.log?X-Amz-Credential=AKIA&X-Amz-Signature=LITERALTOKEN123"
_LOGIN = "https://admin:LITERALTOKEN123@internal.example.com/metrics"
_SECRET_TITLE = "Grafana https://admin:s3cretpw@grafana.internal/d/1 down"
_SAME_WORD_TITLE = "Grafana down https://grafana:grafana@host/"
_TOKEN_TITLE = "Grafana " + "ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U" + " down"


@pytest.mark.parametrize(
    ("files", "where", "subject"),
    [
        # An incident's title, its summary, an update's message (in code or not).
        (
            {INCIDENT_PATH: INCIDENT.replace("Checkout errors", f'"Down, see {_AMZ}"')},
            f"{INCIDENT_PATH}:2:19",
            "the title",
        ),
        (
            {INCIDENT_PATH: INCIDENT.replace("Some payments", f"Some {_AMZ} payments")},
            f"{INCIDENT_PATH}:7:6",
            "the summary",
        ),
        (
            {INCIDENT_PATH: INCIDENT.replace("We are", f"Logs: {_AMZ}\nWe are")},
            f"{INCIDENT_PATH}:10:7",
            "this update",
        ),
        # A token the raw text hides by a Markdown escape or a character reference, which
        # the page publishes without them.
        (
            {
                INCIDENT_PATH: INCIDENT.replace(
                    "We are", "Logs: https://logs.example.com/view?access\\_token=LITERALTOKEN123"
                )
            },
            f"{INCIDENT_PATH}:10:7",
            "this update",
        ),
        (
            {
                INCIDENT_PATH: INCIDENT.replace(
                    "We are",
                    "[Dashboard](https://grafana.example.com/d/x?auth\\_token=LITERALTOKEN123)",
                )
            },
            f"{INCIDENT_PATH}:10:13",
            "this update",
        ),
        (
            {
                INCIDENT_PATH: INCIDENT.replace(
                    "We are", "See x.example.com?token&#61;LITERALTOKEN123"
                )
            },
            f"{INCIDENT_PATH}:10:5",
            "this update",
        ),
        (
            {INCIDENT_PATH: INCIDENT.replace("All good", f"Try `curl {_LOGIN}`.\nAll good")},
            f"{INCIDENT_PATH}:13:11",
            "this update",
        ),
        (
            {INCIDENT_PATH: INCIDENT.replace("All good", f"```\ncurl {_LOGIN}\n```\nAll good")},
            f"{INCIDENT_PATH}:14:6",
            "this update",
        ),
        # A maintenance window's title and update.
        (
            {
                INCIDENT_PATH: None,
                SLUG_PATH: incident(
                    MAINT.replace("Upgrade", f"Upgrade {_LOGIN}"),
                    "## Scheduled at 2026-11-20 10:00\nWatch it.\n",
                ),
            },
            f"{SLUG_PATH}:2:16",
            "the title",
        ),
        (
            {
                INCIDENT_PATH: None,
                SLUG_PATH: incident(MAINT, f"## Scheduled at 2026-11-20 10:00\nWatch {_AMZ}\n"),
            },
            f"{SLUG_PATH}:7:7",
            "this update",
        ),
        # A component's and a group's name, shown on every page, in the API and the feeds.
        (
            {
                INCIDENT_PATH: None,
                "content/components.yaml": f'- id: web\n  name: "Web {_LOGIN}"\n',
            },
            "content/components.yaml:2:14",
            "the name",
        ),
        (
            {
                INCIDENT_PATH: None,
                "content/components.yaml": f"- id: core\n  name: Core {_LOGIN}\n"
                "  components:\n    - id: api\n      name: API\n",
            },
            "content/components.yaml:2:14",
            "the name",
        ),
        # The site's description and title, and a page's.
        (
            {"statusgen.yaml": f"{SETTINGS_AT_3}description: Dashboard {_AMZ}\n"},
            "statusgen.yaml:3:24",
            "the description",
        ),
        (
            {"statusgen.yaml": f"title: Status {_LOGIN}\nbase_url: https://x.org\n"},
            "statusgen.yaml:1:15",
            "the title",
        ),
        (
            {
                "statusgen.yaml": f"{SETTINGS_AT_3}pages:\n  partners:\n"
                "    base_url: https://partners.x.org\n    output: public/partners\n"
                f"    description: Dashboard {_AMZ}\n"
            },
            "statusgen.yaml:7:28",
            "the description",
        ),
        # At the URL's own line in a block, its extra indentation counted; a quoted text
        # on one line, after the quote.
        (
            {"statusgen.yaml": f"{SETTINGS_AT_3}description: |\n  Our status.\n  Logs {_AMZ}\n"},
            "statusgen.yaml:5:8",
            "the description",
        ),
        (
            {
                INCIDENT_PATH: None,
                "content/components.yaml": "- id: api\n  name: API\n  description: |\n"
                f"    Health:\n\n      curl {_LOGIN}\n",
            },
            "content/components.yaml:6:12",
            "the description",
        ),
        (
            {"statusgen.yaml": f"title: 'It''s {_LOGIN}'\nbase_url: https://x.org\n"},
            "statusgen.yaml:1:8",  # an escape before it: the value's start
            "the title",
        ),
        (
            {"statusgen.yaml": f"title: 'Status {_LOGIN}'\nbase_url: https://x.org\n"},
            "statusgen.yaml:1:16",
            "the title",
        ),
        (
            {"statusgen.yaml": f"{SETTINGS_AT_3}description: >\n  Our status.\n  {_AMZ}\n"},
            "statusgen.yaml:3:14",  # folded: the lines are not the file's
            "the description",
        ),
    ],
)
def test_every_published_text_holding_a_login_or_token_is_warned_of(
    tmp_path: Path, files: dict[str, str | bytes | None], where: str, subject: str
) -> None:
    # An on-call engineer pastes a signed log link or a curl line with its password into
    # an incident as readily as into a description; each is published the same way.
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [
        (
            where,
            "warning",
            f"{subject} holds a URL with a login or a token, which every page and the API publish",
        )
    ] == [
        (d.location(), d.severity.value, d.message)
        for d in diagnostics
        if "login or a token" in d.message
    ]
    assert all("LITERALTOKEN123" not in d.hint + d.message for d in diagnostics)


# Made up, and put together here so that no scanner takes this file for one that leaks it.
_GITHUB_TOKEN = "ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U"


@pytest.mark.parametrize(
    ("files", "where", "subject"),
    [
        (
            {
                INCIDENT_PATH: None,
                "content/components.yaml": f"- id: api\n  name: API {_GITHUB_TOKEN}\n",
            },
            "content/components.yaml:2:13",
            "the name",
        ),
        (
            {
                INCIDENT_PATH: None,
                "content/components.yaml": "- id: api\n  name: API\n"
                f"  description: 'CI pushes with {_GITHUB_TOKEN}'\n",
            },
            "content/components.yaml:3:32",
            "the description",
        ),
        (
            {
                INCIDENT_PATH: None,
                "content/components.yaml": f"- id: core\n  name: Core {_GITHUB_TOKEN}\n"
                "  components:\n    - id: api\n      name: API\n",
            },
            "content/components.yaml:2:14",
            "the name",
        ),
        (
            {"statusgen.yaml": f"title: Status {_GITHUB_TOKEN}\nbase_url: https://x.org\n"},
            "statusgen.yaml:1:15",
            "the title",
        ),
        (
            {
                INCIDENT_PATH: "---\ntitle: Deploy with "
                f"{_GITHUB_TOKEN} failed\nstatus: resolved\n---\n"
                "## Resolved at 2026-11-20 10:00\nx\n"
            },
            f"{INCIDENT_PATH}:2:20",
            "the title",
        ),
    ],
)
def test_every_published_text_holding_a_token_is_warned_of(
    tmp_path: Path, files: dict[str, str | bytes | None], where: str, subject: str
) -> None:
    # A token in a title or a name is published on every page, the feeds and the API, as
    # one in an update is, and warned of as one.
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [
        (
            where,
            "warning",
            f"{subject} holds a token (GitHub's, GitLab's or an AWS access key), which every "
            "page and the API publish: anyone who reads it can use it",
        )
    ] == [
        (d.location(), d.severity.value, d.message)
        for d in diagnostics
        if "holds a token" in d.message
    ]
    assert all(_GITHUB_TOKEN not in d.hint + d.message for d in diagnostics)


@pytest.mark.parametrize(
    ("name", "title", "told"),
    [
        # Named by an earlier release from the title with its password.
        ("2026-11-20-grafana-https-admin-s3cretpw-grafana-internal-d-1-down", _SECRET_TITLE, True),
        ("2026-11-20-grafana-down", _SECRET_TITLE, False),
        # The password is also a word of the title: named as often as the title says it.
        ("2026-11-20-grafana-down-https-grafana-host", _SAME_WORD_TITLE, False),
        ("2026-11-20-grafana-down-https-grafana-grafana-host", _SAME_WORD_TITLE, True),
        # A token written on its own, named by an earlier release.
        (f"2026-11-20-grafana-{_GITHUB_TOKEN.lower().replace('_', '-')}-down", _TOKEN_TITLE, True),
        ("2026-11-20-grafana-down", _TOKEN_TITLE, False),
    ],
)
def test_a_file_name_holding_the_title_s_secret_is_warned_of_at_the_file(
    tmp_path: Path, name: str, title: str, told: bool
) -> None:
    # The name is the page's address: cleaning the title leaves the password published.
    path = f"content/incidents/{name}.md"
    text = f"---\ntitle: '{title}'\nstatus: resolved\n---\n## Resolved at 2026-11-20 10:00\nx\n"
    _, diagnostics = check_site(write_site(tmp_path, {INCIDENT_PATH: None, path: text}))

    warned = [
        (d.location(), d.hint) for d in diagnostics if d.message.startswith("the file name holds")
    ]
    assert (
        [
            (
                path,
                "rename the file, e.g. to 2026-11-20-grafana-down.md (its page, feed items and "
                "API id move to the new address), then remove the secret from the title and "
                "change it, if the site was published",
            )
        ]
        if told
        else []
    ) == warned


@pytest.mark.parametrize(
    "hook",
    [
        "https://hooks.slack.com/services/T024BE7LD/B0123/LITERALTOKEN123",
        "https://discord.com/api/webhooks/1234567890/LITERALTOKEN123",
        "https://acme.webhook.office.com/webhookb2/a@b/IncomingWebhook/LITERALTOKEN123/c",
        "https://outlook.office.com/webhook/a/IncomingWebhook/LITERALTOKEN123?x=1&token=abc",
        # Slack's workflow webhooks are as much the secret as its incoming ones.
        "https://hooks.slack.com/triggers/T0000/123/LITERALTOKEN123",
        "https://hooks.slack.com/workflows/T0000/A0000/123/LITERALTOKEN123",
    ],
)
@pytest.mark.parametrize("where", ["component", "update"])
def test_a_chat_webhook_in_published_text_is_told_as_the_secret_itself(
    tmp_path: Path, hook: str, where: str
) -> None:
    """A chat service's incoming webhook holds no login or token to remove: anyone who has
    the address can post to the channel, so it goes, and the webhook is made anew."""
    files: dict[str, str | bytes | None] = (
        {
            INCIDENT_PATH: None,
            "content/components.yaml": f"- id: api\n  name: API\n  description: Alerts {hook}\n",
        }
        if where == "component"
        else {INCIDENT_PATH: INCIDENT.replace("We are", f"Alerts {hook}\nWe are")}
    )
    _, diagnostics = check_site(write_site(tmp_path, files))

    subject, place = (
        ("the description", "content/components.yaml:3:23")
        if where == "component"
        else ("this update", f"{INCIDENT_PATH}:10:8")
    )
    assert [
        (
            place,
            "warning",
            f"{subject} holds a chat service's webhook address, which every page and the API "
            "publish: anyone who has it can post to the channel",
            "remove the address (and make a new webhook in the chat service, if the site was "
            "published with it)",
        )
    ] == [(d.location(), d.severity.value, d.message, d.hint) for d in diagnostics]


@pytest.mark.parametrize("escaped", ["ghp\\_", "ghp&#95;", "&#103;hp_"])
def test_a_token_written_markdown_escaped_in_an_update_is_warned_of(
    tmp_path: Path, escaped: str
) -> None:
    # The page and the feeds publish `ghp\_…` and `ghp&#95;…` as a plain `ghp_…`.
    line = f"Escaped {escaped}{_GITHUB_TOKEN[4:]} here."
    files: dict[str, str | bytes | None] = {INCIDENT_PATH: INCIDENT.replace("We are", line)}
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [f"{INCIDENT_PATH}:10:9"] == [
        d.location() for d in diagnostics if "holds a token" in d.message
    ]


def test_each_line_of_an_update_holding_a_login_or_token_is_warned_of_at_once(
    tmp_path: Path,
) -> None:
    body = f"Logs: {_AMZ}\nThen `curl {_LOGIN}`\nWe are"
    files: dict[str, str | bytes | None] = {INCIDENT_PATH: INCIDENT.replace("We are", body)}
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [f"{INCIDENT_PATH}:10:7", f"{INCIDENT_PATH}:11:12"] == [
        d.location() for d in diagnostics if "login or a token" in d.message
    ]


def test_every_secret_on_one_line_of_an_update_is_warned_of_in_one_pass(tmp_path: Path) -> None:
    # As an ingest rule writes `{annotations.description} [dashboard]({annotations.dashboard})`:
    # told one at a time, the author removes the first and publishes the others.
    hook = "https://hooks.slack.com/services/T024BE7LD/B0123/LITERALTOKEN123"
    line = f"curl {_LOGIN} failed, see {hook} [dashboard]({_AMZ})"
    files: dict[str, str | bytes | None] = {INCIDENT_PATH: INCIDENT.replace("We are", line)}
    _, diagnostics = check_site(write_site(tmp_path, files))

    columns = [1 + line.index(_LOGIN), 1 + line.index(hook), 1 + line.index(_AMZ)]
    assert [
        (f"{INCIDENT_PATH}:10:{columns[0]}", "login or a token"),
        (f"{INCIDENT_PATH}:10:{columns[1]}", "webhook address"),
        (f"{INCIDENT_PATH}:10:{columns[2]}", "login or a token"),
    ] == [
        (d.location(), next(w for w in ("login or a token", "webhook address") if w in d.message))
        for d in diagnostics
        if "publish" in d.message
    ]


def test_every_secret_in_a_published_field_is_warned_of_in_one_pass(tmp_path: Path) -> None:
    description = f"Logs {_AMZ} or {_LOGIN}"
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": f"- id: api\n  name: API\n  description: {description}\n",
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    start = len("  description: ") + 1
    assert [
        f"content/components.yaml:3:{start + description.index(_AMZ)}",
        f"content/components.yaml:3:{start + description.index(_LOGIN)}",
    ] == [d.location() for d in diagnostics if "login or a token" in d.message]


@pytest.mark.parametrize(
    ("message", "column"),
    [
        ("[dash](//admin:LITERALTOKEN123@grafana.example.com/)", 8),
        ('<a href="//admin:LITERALTOKEN123@grafana.example.com/">dash</a>', 10),
        ("<//admin:LITERALTOKEN123@grafana.example.com/>", 2),
        ("Dashboard: **//admin:LITERALTOKEN123@grafana.example.com/**", 14),
        ("Dashboard: //ghp_a1B2c3D4e5F6g7H8i9J0k1L2@github.com/acme/api", 12),
    ],
)
def test_a_login_in_an_address_without_its_scheme_is_warned_of(
    tmp_path: Path, message: str, column: int
) -> None:
    # `//admin:pw@host/` takes the page's scheme: a browser opens it as
    # `https://admin:pw@host/`, and every page and the API publish the password as written.
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: INCIDENT.replace("We are", f"{message}\nWe are")
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [(f"{INCIDENT_PATH}:10:{column}", "warning")] == [
        (d.location(), d.severity.value) for d in diagnostics if "login or a token" in d.message
    ]
    assert all("LITERALTOKEN123" not in d.hint + d.message for d in diagnostics)


@pytest.mark.parametrize(
    "message",
    [
        "`// TODO: retry with admin:later@queue` is in the handler",
        "Fixed in http://status.example.com/ and //cdn.example.com/app.js",
        "Mounted at /srv//admin:backup@nas and a//b:c@d",
        "//git@github.com/acme/api is the mirror",
        "https://example.com/?next=//cdn.example.com/app.js",
        "[dash](//admin:***@grafana.example.com/)",
    ],
)
def test_double_slashes_without_a_login_are_no_secret(tmp_path: Path, message: str) -> None:
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: INCIDENT.replace("We are", f"{message}\nWe are")
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [] == [d.location() for d in diagnostics if "login or a token" in d.message]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/register?signup=1",
        "https://example.com/posts?author=jane",
        "https://example.com/search?keyword=api",
        "https://example.com/stores?zipcode=10115",
        "https://example.com/?design=new",
        "https://example.com/shop?country_code=de",
        "https://example.com/register?contact=ops@example.com",
        "https://example.com/help#mail=ops@example.com",
        "https://example.com/?ref=status",
        "https://example.com/docs/token-rotation",
        # Words that only begin with a credential word name none.
        "https://example.com/nlp?tokenizer=bpe",
        "https://example.com/staff?secretary=bob",
        "https://example.com/login?passwordless=1",
        "https://example.com/quota?tokens_left=3",
        "https://example.com/jobs?credentialing=on",
        # An "@" after the host's "/" with no login before it.
        "https://medium.com/@user/post",
        "https://example.com:8080/people/@ops",
        # A credential word followed by one that says what about it the value is.
        "https://example.com/oauth?token_type=bearer",
        "https://example.com/login?auth_type=oauth",
        "https://example.com/upload?signature_required=false",
        "https://example.com/api?tokenFormat=jwt",
        # A pagination cursor, named so by Google's APIs and many after them.
        "https://example.com/items?pageToken=next",
        "https://example.com/items?next_page_token=abc",
        # Prose around an address: a mail address, an address without a scheme.
        "ops@example.com, or deploy:ops@example.com",
        "example.com/docs?page=2",
        "https://example.com/docs#section-2",
        "https://example.com/app#/items?page=2",
        # A URL run into the next words by punctuation no URL holds unescaped, or by a
        # comma: the mail address after it is no login.
        "详情见https://www.example.com，或联系support@example.com",
        "https://status.example.com。お問い合わせ：ops@example.com",
        "«https://x.example.com»ops@example.com",
        "“https://x.example.com”ops@example.com",
        "https://example.com,ops@example.com",
        "https://example.com;ops@example.com",
        # A user name alone names who logs in, not how: no secret.
        "https://acme@dev.azure.com/acme/project/_git/api",
        "ssh://git@github.com/acme/api.git",
        "redis://cache.example.com:6379/0",
        # Names that only hold a credential's letters, and a session that is no login's.
        "https://example.com/items?sort_key=name",
        "https://example.com/book?passage=3",
        "https://conf.example.com/talks?session=keynote",
        # Links to the tools an incident is tracked in.
        "https://grafana.example.com/d/abc123/api?orgId=1&from=now-6h&to=now",
        "https://github.com/acme/api/issues/1234",
        "https://acme.sentry.io/issues/4567890/?project=12&query=is%3Aunresolved",
        "https://app.datadoghq.com/dashboard/abc-def/api?from_ts=1733385600000&live=true",
        "https://api.slack.com/messaging/webhooks",
        "https://discord.com/developers/docs/resources/webhook",
        # A value that stands in for the secret, redacted or named.
        "https://api.example.com/health?token=REDACTED",
        "https://api.example.com/health?token=***",
        "https://api.example.com/health?token=$API_TOKEN",
        "https://api.example.com/health?token=<token>",
        "https://api.example.com/health?api_key={{ api_key }}",
        "https://api.example.com/health?api_key=xxxxxxxx",
        # Punctuation outside ASCII in the path, and no token after it.
        "https://example.jp/障害（第1報）?id=42をご覧ください。",
        # A password or token redacted, as SQLAlchemy and log scrubbers print it, or a
        # placeholder for the reader's own.
        "postgresql://app:***@db-primary.internal:5432/app",
        "redis://default:REDACTED@cache.example.com:6379/0",
        "https://logs.s3.amazonaws.com/api.log?X-Amz-Signature=[REDACTED]",
        "https://api.example.com/health?token=YOUR_TOKEN",
        "https://api.example.com/health?token=your-token-here",
        "https://api.example.com/health?token=REDACTED_TOKEN",
        "https://api.example.com/health?token=<redacted>",
        # A user name that names who logs in, however long.
        "https://svc-deploy-account-2024@git.example.com/acme/api.git",
        # A `code` that is no OAuth code: an error's, a language's.
        "https://http.cat/?code=503",
        "https://example.com/errors?code=503",
        "https://example.com/docs?lang=de&code=python",
        # Names about a credential, not holding one.
        "https://example.com/keys?key_id=abc",
        "https://example.com/keys?keyId=1",
        "https://example.com/keys?public_key=ssh-ed25519AAAA",
        "https://example.com/keys?publicKey=abc",
        "https://example.com/login?pass_count=3",
        "https://app.example.com/login?auth_error=access_denied",
        "https://app.example.com/login?auth_provider=google",
        "https://grafana.example.com/d/x?orgId=1&var-auth_service=login",
        "https://example.com/account#password=reset",
        # A path without its host and no credential in its query.
        "`GET /v1/users?id=123`",
        "`/oauth/token?grant_type=client_credentials` returned 500",
    ],
)
def test_a_component_description_with_an_ordinary_url_is_not_warned_of(
    tmp_path: Path, url: str
) -> None:
    # Parameter names that only hold a secret-like word (signup, author, keyword) and an
    # address in the query are no login or token: warning of them would have the author
    # strip the link and "change" a credential there is none of.
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": f'- id: api\n  name: API\n  description: "Sign up at {url}"\n',
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [] == [d.message for d in diagnostics]


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        # Nothing of the id or the name is Latin: a neutral example, never the 'api' above.
        ("- id: 支付\n  name: 支付\n", "e.g. 'component'"),
        ("- id: تقل\n  name: Payments\n", "e.g. 'payments'"),
        # Cyrillic and Greek are spelled in Latin letters, as a new file's name is.
        ("- id: оплата\n  name: Оплата\n", "e.g. 'oplata'"),
        ("- id: πληρωμή\n  name: Payments\n", "e.g. 'pliromi'"),
        # The examples are free too.
        ("- id: 支付\n  name: API\n", "e.g. 'api-2'"),
        ("- id: апі\n  name: API\n", "e.g. 'api-2' ('api' is taken on line 1)"),
        (
            "- id: component\n  name: Old\n- id: دفع\n  name: دفع\n",
            "e.g. 'component-2'",
        ),
    ],
)
def test_an_id_with_no_latin_letter_is_offered_a_free_one(
    tmp_path: Path, entry: str, hint: str
) -> None:
    """Following the hint must not make a duplicate id; ids are Latin letters, and the
    hint says so."""
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": "- id: api\n  name: API\n" + entry,
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [f"use lowercase Latin letters (a-z), digits and '-', {hint}"] == [
        d.hint for d in diagnostics
    ]


@pytest.mark.parametrize(
    ("entries", "examples"),
    [
        (
            [("支付", "Payments API"), ("決済", "Payments API"), ("結算", "Payments API")],
            ["payments-api", "payments-api-2", "payments-api-3"],
        ),
        (
            [("תשלומים", "תשלומים"), ("משלוח", "משלוח")],
            ["component", "component-2"],
        ),
        # An example already offered is skipped, as is one an entry further down writes.
        (
            [("תשלום", "תשלום"), ("משלוח", "משלוח"), ("component-2", "Old")],
            ["component", "component-3", None],
        ),
    ],
)
def test_each_id_offered_for_one_with_no_latin_letter_is_its_own(
    tmp_path: Path, entries: list[tuple[str, str]], examples: list[str | None]
) -> None:
    """Following every hint of the file must make no duplicate id: an example offered to
    one entry is not offered to the next."""

    def components(ids: list[str]) -> str:
        return "".join(
            f"- id: {cid}\n  name: {name}\n" for cid, (_, name) in zip(ids, entries, strict=True)
        )

    written = [cid for cid, _ in entries]
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": components(written),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))

    assert [
        f"use lowercase Latin letters (a-z), digits and '-', e.g. '{example}'"
        for example in examples
        if example
    ] == [d.hint for d in diagnostics]

    followed = [example or cid for example, cid in zip(examples, written, strict=True)]
    files["content/components.yaml"] = components(followed)
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [] == [d.message for d in diagnostics]


@pytest.mark.parametrize(
    ("first", "hint", "written"),
    [
        ("- id: api\n  name: API\n", "add an id, e.g. 'id: component'", "component"),
        ("- id: component\n  name: API\n", "add an id, e.g. 'id: component-2'", "component-2"),
    ],
)
def test_a_name_that_makes_no_id_is_offered_one_not_taken(
    tmp_path: Path, first: str, hint: str, written: str
) -> None:
    """'決済システム' makes no id; the hint offered 'id: api' whatever the file held, and
    following it beside a component 'api' gave a duplicate id. It offers a free one."""
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": first + "- name: 決済システム\n",
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [("cannot make an id from the name '決済システム'", hint)] == [
        (d.message, d.hint) for d in diagnostics
    ]

    files["content/components.yaml"] = first + f"- name: 決済システム\n  id: {written}\n"
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [] == [d.message for d in diagnostics]


def test_a_name_in_cyrillic_or_greek_is_offered_an_id_in_its_letters_and_keeps_its_own(
    tmp_path: Path,
) -> None:
    # The id made from a name at every read drops them, as it always has: incidents and
    # the page's address (components/gateway/) name it. The id offered to write, for a
    # name that makes none, spells them out instead of a neutral 'component'.
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": "- name: Шлюз Gateway\n- name: Πύλη Edge\n"
        "- name: Оплата карткою\n- name: Πληρωμές\n",
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (
            "cannot make an id from the name 'Оплата карткою'",
            "add an id, e.g. 'id: oplata-kartkoiu'",
        ),
        ("cannot make an id from the name 'Πληρωμές'", "add an id, e.g. 'id: pliromes'"),
    ] == [(d.message, d.hint) for d in diagnostics]

    files["content/components.yaml"] = "- name: Шлюз Gateway\n- name: Πύλη Edge\n"
    site, diagnostics = check_site(write_site(tmp_path, files))
    assert [] == diagnostics
    assert site is not None
    assert ["gateway", "edge"] == [c.id for c in site.components]


@pytest.mark.parametrize(
    ("components", "line", "message", "hint", "followed"),
    [
        # The second makes the id the first wrote: it is told to write one of its own.
        (
            "- id: api\n  name: API\n- name: بوابة الدفع API\n",
            3,
            "duplicate id 'api' (made from its name 'بوابة الدفع API')",
            "'api' is already used on line 1; give this component an id of its own, "
            "e.g. 'id: api-2'",
            "- id: api\n  name: API\n- name: بوابة الدفع API\n  id: api-2\n",
        ),
        # The second writes the id the first made from its name: the first is named.
        (
            "- name: بوابة الدفع API\n- id: api\n  name: API\n",
            2,
            "duplicate id 'api'",
            "'api' is already made from the name 'بوابة الدفع API' on line 1; give that "
            "entry an id of its own (e.g. 'id: api-2'), or choose another id here",
            "- name: بوابة الدفع API\n  id: api-2\n- id: api\n  name: API\n",
        ),
        (
            "- name: API\n- name: بوابة الدفع API\n",
            2,
            "duplicate id 'api' (made from its name 'بوابة الدفع API')",
            "'api' is already used on line 1 (made from the name 'API'); give this "
            "component an id of its own, e.g. 'id: api-2'",
            "- name: API\n- name: بوابة الدفع API\n  id: api-2\n",
        ),
    ],
)
def test_an_id_made_from_a_name_that_is_taken_says_which_entry_to_give_an_id(
    tmp_path: Path, components: str, line: int, message: str, hint: str, followed: str
) -> None:
    """'بوابة الدفع API' makes the id 'api' from its one Latin word, which another
    component has: the hint named a line and no way out. It names both entries and the
    `id:` to add, and following it leaves the file without a problem."""
    files: dict[str, str | bytes | None] = {
        INCIDENT_PATH: None,
        "content/components.yaml": components,
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [(line, message, hint)] == [(d.line, d.message, d.hint) for d in diagnostics]

    files["content/components.yaml"] = followed
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [] == [d.message for d in diagnostics]


@pytest.mark.parametrize(
    ("files", "expected"),
    [case[1:] for case in BAD_SITES],
    ids=[case[0] for case in BAD_SITES],
)
def test_each_problem_is_reported_at_its_place(
    tmp_path: Path,
    files: dict[str, str | bytes | None],
    expected: list[tuple[str, str]],
) -> None:
    site, diagnostics = check_site(write_site(tmp_path, files))
    assert site is None
    found = [(d.location(), d.message) for d in diagnostics]
    assert len(expected) == len(found), found
    for (location, fragment), (got_location, message) in zip(expected, found, strict=True):
        assert location == got_location, found
        assert fragment in message, found


@pytest.mark.parametrize(
    ("files", "hint"),
    [
        (
            {SLUG_PATH: incident(OPEN + "components: [api, chekout]\n")},
            "did you mean 'checkout'? known components: api, checkout, dashboard",
        ),
        (
            {SLUG_PATH: incident(OPEN + "components: [api checkout]\n")},
            "write a list: [api, checkout]",
        ),
        (
            {SLUG_PATH: incident(OPEN + "components: {api checkout: major_outage}\n")},
            "write one key each: {api: major_outage, checkout: major_outage}",
        ),
        (
            # YAML reads a status glued to its id as the text of `components:`.
            {SLUG_PATH: incident(OPEN + "components:\n  api:major_outage\n")},
            "add a space after the colon: 'api: major_outage'",
        ),
        (
            # The name the page shows, typed with its space, is one component, not a list.
            {
                SLUG_PATH: incident(OPEN + "components: [api checkout]\n"),
                "content/components.yaml": "- name: API\n- id: checkout\n  name: API Checkout\n",
                INCIDENT_PATH: None,
            },
            "did you mean 'checkout'? known components: api, checkout",
        ),
        (
            {SLUG_PATH: incident(OPEN + "titel: Errors\n")},
            "did you mean 'title'? known keys: title, status, impact, components, date, "
            "resolved_at",
        ),
        (
            {"statusgen.yaml": "title: T\nbase_url: https://x.org\ntimezone: Europe/Berln\n"},
            "did you mean 'Europe/Berlin'?",
        ),
        (
            {"content/components.yaml": "- name: API\n  status: operatonal\n", INCIDENT_PATH: None},
            "did you mean 'operational'?",
        ),
        # A word for the key meant, not its nearest spelling (`start` is close to `status`).
        (
            {SLUG_PATH: incident(OPEN + "start: 2026-11-20 10:00\n")},
            "did you mean 'date'? known keys:",
        ),
        (
            {SLUG_PATH: incident(MAINT.replace("scheduled_for", "start"))},
            "rename 'start' to 'scheduled_for'",
        ),
        (
            {SLUG_PATH: incident(MAINT.replace("scheduled_until", "end"))},
            "rename 'end' to 'scheduled_until'",
        ),
        (
            # An incident's key for the start, in a window: renamed, not removed.
            {SLUG_PATH: incident(MAINT.replace("scheduled_for", "date"))},
            "rename 'date' to 'scheduled_for'",
        ),
        (
            # Neither scheduled key, but a maintenance state: a window, not an incident
            # told to use `date` and `resolved_at`.
            {
                SLUG_PATH: incident(
                    "title: Upgrade\nstatus: scheduled\nstart: 2026-11-29 02:00\n"
                    "end: 2026-11-29 04:00\n",
                    "## Scheduled at 2026-11-20 10:00\nPlanned.\n",
                )
            },
            "rename 'start' to 'scheduled_for' and 'end' to 'scheduled_until'",
        ),
        (
            # No status: the update heading's state says it is a window.
            {
                SLUG_PATH: incident(
                    "title: Upgrade\ndate: 2026-11-29 02:00\nresolved_at: 2026-11-29 04:00\n",
                    "## Scheduled at 2026-11-20 10:00\nPlanned.\n",
                )
            },
            "rename 'date' to 'scheduled_for' and 'resolved_at' to 'scheduled_until'",
        ),
        (
            {SLUG_PATH: incident(OPEN + "severity: major\n")},
            "did you mean 'impact'? known keys:",
        ),
        (
            {SLUG_PATH: incident("title: Errors\nstatus: completed\n")},
            "'completed' is a maintenance state: maintenance needs scheduled_for",
        ),
        (
            {SLUG_PATH: incident(OPEN, "## Investigating at 2026-11-20\n")},
            "write it as '## Investigating at 2026-11-20 HH:MM'",
        ),
        (
            {
                SLUG_PATH: incident(
                    "title: Errors\nstatus: investigating\n",
                    "## Investigating at 2026-11-20 14:05\n## Identified at 2026-11-20 14:30\n",
                )
            },
            "set 'status: identified', or add an update '## Investigating at ...'",
        ),
        (
            # `status: scheduled` would keep the window upcoming through its time: not advised.
            {
                SLUG_PATH: incident(
                    "title: Upgrade\nscheduled_for: 2026-11-20 14:00\n"
                    "scheduled_until: 2026-11-20 15:00\nstatus: in_progress\n",
                    "## Scheduled at 2026-11-19 10:00\nPlanned.\n",
                )
            },
            "remove the 'status' key, so the clock moves the window on, or add an update "
            "'## In progress at ...'",
        ),
        (
            {
                SLUG_PATH: incident(
                    RESOLVED_FRONT, RESOLVED_BODY + "\n## Identified at 2026-11-20 11:00\n"
                )
            },
            "move it up, above the update on line 10 (the first dated after it)",
        ),
        (
            {
                SLUG_PATH: incident(
                    RESOLVED_FRONT.replace("degraded_performance", "major_outage"),
                    RESOLVED_BODY
                    + "\n## Resolved at 2026-11-20 13:00\nComponents: api=major_outage\n",
                )
            },
            "set it on the update from whose time it held and remove this line",
        ),
        (
            {"content/components.yaml": "- name: API\n- name: Api\n", INCIDENT_PATH: None},
            "'api' is already used on line 1",
        ),
        (
            {SLUG_PATH: incident(OPEN + "components: [api, api]\n")},
            "list each component once: remove this one",
        ),
    ],
)
def test_hints_say_how_to_fix_it(
    tmp_path: Path, files: dict[str, str | bytes | None], hint: str
) -> None:
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [hint] == [hint for d in diagnostics if hint in d.hint], diagnostics


@pytest.mark.parametrize(
    ("files", "written", "why", "hint"),
    [
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "start_date: 2025-02-29\n"},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {"content/components.yaml": "- name: API\n  start_date: 2026-04-31\n"},
            "2026-04-31",
            "April has only 30 days",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(OPEN + "date: 2025-02-29\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day, and add the time of day",
        ),
        (
            {SLUG_PATH: incident(OPEN + "date: 2025-02-29 09:00\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(OPEN, "## Investigating at 2025-02-29 10:00\nLooking.\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(MAINT.replace("2026-11-29 02:00", "2023-02-29 10:00:00"))},
            "2023-02-29",
            "2023 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(MAINT.replace("2026-11-29 04:00", "2026-11-29 24:00"))},
            "24:00",
            "there is no hour 24",
            "correct the hour",
        ),
        (
            {SLUG_PATH: incident(OPEN + "date: 2026-11-20 10:60\n")},
            "10:60",
            "there is no minute 60",
            "correct the minute",
        ),
        (
            {SLUG_PATH: incident(OPEN + "date: 2026-13-01\n")},
            "2026-13-01",
            "there is no month 13",
            "correct the month",
        ),
        (
            {SLUG_PATH: incident(OPEN + "date: 2025-02-29 10:00 \u221201:00\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {
                SLUG_PATH: incident(
                    OPEN, "## Investigating at 2025-02-29 10:00 \u221201:00\nLooking.\n"
                )
            },
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(OPEN, "## Investigating at 2025-02-29 10:00 EST\nLooking.\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(OPEN, "## Investigating at 2025-02-29 10:00 +1\nLooking.\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(OPEN, "## Investigating at 2025-02-29 10:00 (CET)\nLooking.\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {
                SLUG_PATH: incident(
                    OPEN, "## Investigating at 2025-02-29 10:00 Europe/Berlin\nLooking.\n"
                )
            },
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {SLUG_PATH: incident(OPEN, "## Investigating at 2025-02-29 10:00 +00:00\nLooking.\n")},
            "2025-02-29",
            "2025 has no 29 February",
            "correct the day",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "start_date: 0000-01-01\n"},
            "0000-01-01",
            "there is no year 0",
            "correct the year",
        ),
    ],
    ids=[
        "settings",
        "component",
        "date-only",
        "date",
        "heading",
        "window",
        "hour",
        "minute",
        "month",
        "minus-sign",
        "heading-minus-sign",
        "heading-zone-name",
        "heading-short-offset",
        "heading-bracketed-zone",
        "heading-zone-key",
        "heading-with-offset",
        "year-0",
    ],
)
def test_an_impossible_date_is_told_why_and_never_offered_back(
    tmp_path: Path, files: dict[str, str | bytes | None], written: str, why: str, hint: str
) -> None:
    # "not a valid date" alone sent authors to the format they had already followed, and
    # the hint to add a time of day proposed the very day that does not exist.
    _, diagnostics = check_site(write_site(tmp_path, files))
    [told] = [d for d in diagnostics if written in d.message]
    assert why in told.message, told
    assert hint in told.hint and written not in told.hint, told


@pytest.mark.parametrize(
    ("components", "named", "hint"),
    [
        # Renamed, its id made from its name: following a did-you-mean would edit every
        # past incident and move components/checkout/, its badge and its feed.
        (
            "- name: API\n- name: Checkout Service\n",
            "checkout",
            "'checkout-service' is the id made from the name 'Checkout Service': if that "
            "component was renamed, add 'id: checkout' to it in content/components.yaml to "
            "keep its id, its history and its addresses; known components: api, "
            "checkout-service",
        ),
        (
            "- name: API\n- name: Payments Gateway\n",
            "payments-api",
            "'payments-gateway' is the id made from the name 'Payments Gateway': if that "
            "component was renamed, add 'id: payments-api' to it in content/components.yaml "
            "to keep its id, its history and its addresses; known components: api, "
            "payments-gateway",
        ),
        # A short id is far from its renamed one by length alone: still a rename.
        (
            "- name: API\n- name: DB Cluster\n",
            "db",
            "'db-cluster' is the id made from the name 'DB Cluster': if that component was "
            "renamed, add 'id: db' to it in content/components.yaml to keep its id, its "
            "history and its addresses; known components: api, db-cluster",
        ),
        (
            "- name: Public API\n- name: Web Service\n",
            "web",
            "'web-service' is the id made from the name 'Web Service': if that component was "
            "renamed, add 'id: web' to it in content/components.yaml to keep its id, its "
            "history and its addresses; known components: public-api, web-service",
        ),
        # Another id begins with it (`website`): the rename is still told, and first.
        (
            "- name: Website\n- name: Web Service\n",
            "web",
            "'web-service' is the id made from the name 'Web Service': if that component was "
            "renamed, add 'id: web' to it in content/components.yaml to keep its id, its "
            "history and its addresses; otherwise, did you mean 'website'? known components: "
            "web-service, website",
        ),
        # Another id is a letter off it (`apps`, `oauth`): a rename that only added words
        # is still told, and first.
        (
            "- name: App Store\n- name: Apps\n",
            "app",
            "'app-store' is the id made from the name 'App Store': if that component was "
            "renamed, add 'id: app' to it in content/components.yaml to keep its id, its "
            "history and its addresses; otherwise, did you mean 'apps'? known components: "
            "app-store, apps",
        ),
        (
            "- name: Auth Service\n- name: OAuth\n",
            "auth",
            "'auth-service' is the id made from the name 'Auth Service': if that component "
            "was renamed, add 'id: auth' to it in content/components.yaml to keep its id, its "
            "history and its addresses; otherwise, did you mean 'oauth'? known components: "
            "auth-service, oauth",
        ),
        # A typo, or an id written out, is still offered the id meant.
        (
            "- name: API\n- name: Checkout\n",
            "chekout",
            "did you mean 'checkout'? known components: api, checkout",
        ),
        (
            "- name: API\n- name: Payments API\n",
            "payment-api",
            "did you mean 'payments-api'? known components: api, payments-api",
        ),
        (
            "- name: API\n- id: checkout-service\n  name: Checkout Service\n",
            "checkout",
            "did you mean 'checkout-service'? known components: api, checkout-service",
        ),
    ],
    ids=[
        "renamed",
        "word-replaced",
        "short-id",
        "short-id-among-others",
        "short-id-begins-another",
        "short-id-a-letter-off-another",
        "short-id-a-letter-off-another-inside",
        "typo",
        "typo-in-a-word",
        "id-written",
    ],
)
def test_an_id_lost_to_a_renamed_component_is_told_to_keep_it(
    tmp_path: Path, components: str, named: str, hint: str
) -> None:
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": components,
        INCIDENT_PATH: INCIDENT.replace("checkout:", f"{named}:"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [(f"unknown component '{named}'", hint)] == [(d.message, d.hint) for d in diagnostics]


def test_no_rename_is_offered_for_an_id_the_site_already_names(tmp_path: Path) -> None:
    # Past incidents name `website`: told to add `id: website-frontend` to Website, they
    # would all name an unknown component. The newer file is the one to correct, or the
    # component it names, deleted, to be put back retired.
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": "- name: API\n- name: Website\n",
        INCIDENT_PATH: INCIDENT.replace("checkout:", "website:"),
        "content/incidents/2026-11-21-slow.md": INCIDENT.replace("checkout:", "website-frontend:"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (
            "unknown component 'website-frontend'",
            "if 'website-frontend' was removed from content/components.yaml, put its entry "
            "back with 'retired: true', so that past incidents can still name it; otherwise, "
            "did you mean 'website'? known components: api, website",
        )
    ] == [(d.message, d.hint) for d in diagnostics]


ONE_PAGE = "  public:\n    base_url: https://x.org/\n    output: out\n"
NESTED = "- name: Web\n  components:\n    - name: Inner\n      components: []\n"
MONITOR = "- id: m\n  component: api\n  type: heartbeat\n"
HTTP_MONITOR = "- id: m\n  component: api\n  type: http\n  url: https://x.org/\n"


@pytest.mark.parametrize(
    ("files", "location", "message", "hint"),
    [
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "history_days: ninety\n"},
            "statusgen.yaml:3:15",
            "'history_days' must be a whole number, not text",
            "write digits only, e.g. 'history_days: 30'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "history_days: 1.5\n"},
            "statusgen.yaml:3:15",
            "'history_days' must be a whole number, not a decimal number (1.5)",
            "write digits only, e.g. 'history_days: 30'",
        ),
        (
            {"content/monitors.yaml": MONITOR + "  interval: 2.5\n"},
            "content/monitors.yaml:4:13",
            "'interval' must be a whole number, not a decimal number (2.5)",
            "write digits only, e.g. 'interval: 30'",
        ),
        # YAML 1.1 reads these as other numbers than written: 24, 3, 16, 90, 8.
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "history_days: 030\n"},
            "statusgen.yaml:3:15",
            "'history_days' must be written in decimal digits: YAML reads 030 as 24",
            "write 'history_days: 30'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "history_days: 0b11\n"},
            "statusgen.yaml:3:15",
            "'history_days' must be written in decimal digits: YAML reads 0b11 as 3",
            "write 'history_days: 3'",
        ),
        (
            {"content/monitors.yaml": MONITOR + "  interval: 0x10\n"},
            "content/monitors.yaml:4:13",
            "'interval' must be written in decimal digits: YAML reads 0x10 as 16",
            "write 'interval: 16'",
        ),
        (
            {"content/monitors.yaml": MONITOR + "  timeout: 1:30\n"},
            "content/monitors.yaml:4:12",
            "'timeout' must be written in decimal digits: YAML reads 1:30 as 90",
            "write 'timeout: 90'",
        ),
        (
            {"content/monitors.yaml": MONITOR + "  open_incident_after: 010\n"},
            "content/monitors.yaml:4:24",
            "'open_incident_after' must be written in decimal digits: YAML reads 010 as 8",
            "write 'open_incident_after: 10'",
        ),
        # A status code in a list too: a probe expecting 128 would call 200 down.
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  expect_status: [0200, 204]\n"},
            "content/monitors.yaml:5:19",
            "'expect_status' must be written in decimal digits: YAML reads 0200 as 128",
            "write 'expect_status: [200, 204]'",
        ),
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  expect_status: [200, 0x12c]\n"},
            "content/monitors.yaml:5:24",
            "'expect_status' must be written in decimal digits: YAML reads 0x12c as 300",
            "write 'expect_status: [200, 300]'",
        ),
        (
            {"content/monitors.yaml": HTTP_MONITOR + "  expect_status: 1_0_0\n"},
            "content/monitors.yaml:5:18",
            "'expect_status' must be written in decimal digits: YAML reads 1_0_0 as 100",
            "write 'expect_status: 100'",
        ),
        # An 8 or a 9 after the zero makes it text to YAML 1.1: still the number meant.
        (
            {"content/monitors.yaml": MONITOR + "  interval: 090\n"},
            "content/monitors.yaml:4:13",
            "'interval' must be written without a leading zero: YAML reads 090 as text, not a"
            " number",
            "write 'interval: 90'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "history_days: 090\n"},
            "statusgen.yaml:3:15",
            "'history_days' must be written without a leading zero: YAML reads 090 as text, not"
            " a number",
            "write 'history_days: 90'",
        ),
        # Sexagesimal with a fraction: 60.5 seconds, not the 1.05 or so it looks like.
        (
            {"content/monitors.yaml": MONITOR + "  timeout: 1:0.5\n"},
            "content/monitors.yaml:4:12",
            "'timeout' must be written in decimal digits: YAML reads 1:0.5 as 60.5",
            "write 'timeout: 60.5'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "ingest:\n  flap_window: 030\n  rules: []\n"},
            "statusgen.yaml:4:16",
            "'flap_window' must be written in decimal digits: YAML reads 030 as 24",
            "write 'flap_window: 30'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "history_days: 0\n"},
            "statusgen.yaml:3:15",
            "history_days must be between 1 and 3650, not 0",
            "e.g. 'history_days: 1', the nearest value allowed",
        ),
        (
            {"statusgen.yaml": "title: [a, b]\nbase_url: https://x.org\n"},
            "statusgen.yaml:1:8",
            "'title' must be text, not a list",
            "e.g. 'title: Some text'; quote text that starts with [ or {",
        ),
        (
            {"statusgen.yaml": "title: ' '\nbase_url: https://x.org\n"},
            "statusgen.yaml:1:8",
            "'title' must not be empty",
            "give 'title' a value",
        ),
        (
            {"statusgen.yaml": 'title: "\\u200b"\nbase_url: https://x.org\n'},
            "statusgen.yaml:1:8",
            "'title' must not be empty",
            "give 'title' a value",
        ),
        (
            {SLUG_PATH: incident('title: "\\u202e \\u2060"\nstatus: investigating\n')},
            f"{SLUG_PATH}:2:8",
            "'title' must not be empty",
            "give 'title' a value",
        ),
        (
            {"statusgen.yaml": f"title: T\npages:\n{ONE_PAGE}    private: maybe\n"},
            "statusgen.yaml:6:14",
            "'private' must be true or false, not text",
            "write 'private: true' or 'private: false'",
        ),
        (
            {SLUG_PATH: incident(OPEN + "components: api\n")},
            f"{SLUG_PATH}:4:13",
            "'components' must be a list of component ids or a mapping, not text",
            "e.g. 'components: [api, checkout]' or 'components: {api: major_outage}'",
        ),
        (
            {SLUG_PATH: incident(OPEN + "draft: maybe\n")},
            f"{SLUG_PATH}:4:8",
            "'draft' must be true or false, not text",
            "write 'draft: true' or 'draft: false'",
        ),
        (
            {SLUG_PATH: incident(MAINT + "impact: major\n", "")},
            f"{SLUG_PATH}:5:1",
            "maintenance has no impact",
            "remove 'impact'",
        ),
        (
            {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n  showcase: maybe\n"},
            "content/components.yaml:2:13",
            "'showcase' must be true or false, not text",
            "write 'showcase: true' or 'showcase: false'",
        ),
        (
            {INCIDENT_PATH: None, "content/components.yaml": NESTED},
            "content/components.yaml:4:7",
            "a group cannot contain another group",
            "move the inner group to the top level of the file, or list only its components here",
        ),
        (
            {"content/monitors.yaml": MONITOR + "  interval: 0\n"},
            "content/monitors.yaml:4:13",
            "'interval' must be between 1 and 10080, not 0",
            "e.g. 'interval: 1', the nearest value allowed",
        ),
        # A value of a form of its own is shown in that form, never as "Some text".
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "start_date: {a: 1}\n"},
            "statusgen.yaml:3:13",
            "'start_date' must be a date, not a mapping",
            "write it as YYYY-MM-DD, e.g. 'start_date: 2026-12-07'",
        ),
        (
            {
                "statusgen.yaml": SETTINGS_AT_3
                + "notify:\n  channels:\n    - type: [slack]\n      url_env: X\n"
            },
            "statusgen.yaml:5:13",
            "'type' must be a channel type, not a list",
            "e.g. 'type: slack'; known types: slack, discord, teams, webhook, email",
        ),
        (
            {"content/monitors.yaml": "- id: m\n  component: api\n  type: [http]\n"},
            "content/monitors.yaml:3:9",
            "'type' must be a monitor type, not a list",
            "use one of http, tls, tcp, dns, heartbeat",
        ),
    ],
)
def test_type_and_range_mistakes_say_how_to_fix_them(
    tmp_path: Path, files: dict[str, str | bytes | None], location: str, message: str, hint: str
) -> None:
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [(location, message, hint)] == [
        (d.location(), d.message, d.hint) for d in diagnostics if d.message == message
    ]


# A list given where a value of a form of its own belongs: each is told that form, with an
# example of it (or the words it is one of), never "must be text" with "Some text".
EMAIL = "notify:\n  channels:\n    - type: email\n      host: mail.example.com\n"
RULE = "ingest:\n  rules:\n    - name: r\n      source: grafana\n      components: [api]\n"


@pytest.mark.parametrize(
    ("files", "location", "message", "hint"),
    [
        (
            {INCIDENT_PATH: None, "content/components.yaml": "- name: API\n  start_date: [1]\n"},
            "content/components.yaml:2:15",
            "'start_date' must be a date, not a list",
            "write it as YYYY-MM-DD, e.g. 'start_date: 2026-12-07'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "notify:\n  timeout: [5]\n"},
            "statusgen.yaml:4:12",
            "'timeout' must be a number of seconds, not a list",
            "write it without a unit, e.g. 'timeout: 10'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + EMAIL + "      security: [tls]\n"},
            "statusgen.yaml:7:17",
            "'security' must be one word, not a list",
            "security is one of: starttls, tls, none",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "language: [de]\n"},
            "statusgen.yaml:3:11",
            "'language' must be a language tag, not a list",
            "e.g. 'language: de'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "timezone: [Europe/Berlin]\n"},
            "statusgen.yaml:3:11",
            "'timezone' must be a time zone, not a list",
            "write its IANA name, e.g. 'timezone: Europe/Berlin'",
        ),
        (
            {SLUG_PATH: incident("title: Errors\nstatus: [identified]\n")},
            f"{SLUG_PATH}:3:9",
            "'status' must be one word, not a list",
            "status is one of: investigating, identified, monitoring, resolved, postmortem",
        ),
        (
            {SLUG_PATH: incident(OPEN + "date: [2026-11-20 14:05]\n")},
            f"{SLUG_PATH}:4:7",
            "'date' must be a date and time, not a list",
            "write it as YYYY-MM-DD HH:MM, e.g. 'date: 2026-11-20 14:05'",
        ),
        (
            {
                SLUG_PATH: incident(
                    "title: Upgrade\nscheduled_for: [2026-11-29 02:00]\n"
                    "scheduled_until: 2026-11-29 04:00\n",
                    "",
                )
            },
            f"{SLUG_PATH}:3:16",
            "'scheduled_for' must be a date and time, not a list",
            "write it as YYYY-MM-DD HH:MM, e.g. 'scheduled_for: 2026-11-20 14:05'",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + RULE + "      status: [major_outage]\n"},
            "statusgen.yaml:8:15",
            "'status' must be one word, not a list",
            "status is one of: operational, degraded_performance, partial_outage, major_outage",
        ),
        (
            {"statusgen.yaml": SETTINGS_AT_3 + "ingest:\n  flap_window: [1h]\n"},
            "statusgen.yaml:4:16",
            "'flap_window' must be a duration, not a list",
            "e.g. 'flap_window: 1h', the default",
        ),
    ],
)
def test_a_list_for_a_value_of_its_own_form_is_told_that_form(
    tmp_path: Path, files: dict[str, str | bytes | None], location: str, message: str, hint: str
) -> None:
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [(location, message, hint)] == [
        (d.location(), d.message, d.hint) for d in diagnostics if d.message == message
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "timezone:",
            "write e.g. 'timezone: Europe/Berlin', or remove the line for the default, UTC",
        ),
        ("history_days:", "write e.g. 'history_days: 30', or remove the line for the default, 90"),
        ("language:", "write e.g. 'language: de', or remove the line for the default, en"),
    ],
)
def test_a_setting_left_empty_is_an_error_not_its_default(
    tmp_path: Path, written: str, hint: str
) -> None:
    # `timezone:` left blank published UTC times without a word.
    key = written.removesuffix(":")
    site, diagnostics = check_site(
        write_site(tmp_path, {"statusgen.yaml": SETTINGS_AT_3 + written + "\n"})
    )
    assert site is None
    assert [(f"statusgen.yaml:3:{len(written) + 1}", f"'{key}' is empty", hint)] == [
        (d.location(), d.message, d.hint) for d in diagnostics
    ]


@pytest.mark.parametrize(
    ("settings", "where"), [("title: T\nbase_url:\n", "2:10"), ("title: T\n", "1:1")]
)
def test_a_base_url_left_blank_for_ci_to_give_is_taken_from_it(
    tmp_path: Path, settings: str, where: str
) -> None:
    # `base_url:` kept blank for STATUSGEN_BASE_URL to fill in failed every deploy.
    root = write_site(tmp_path, {"statusgen.yaml": settings})
    site, diagnostics = check_site(root, base_url="https://preview.example.net/")
    assert ([], "https://preview.example.net/") == (
        diagnostics,
        site.settings.base_url if site else None,
    )
    # Without it, blank or left out is said alike, and says where else it can come from.
    site, diagnostics = check_site(root)
    assert site is None
    assert [
        (
            f"statusgen.yaml:{where}",
            "'base_url' is empty" if "base_url" in settings else "missing required key 'base_url'",
            "write e.g. 'base_url: https://status.example.com/', or give it when building "
            "(--base-url/STATUSGEN_BASE_URL)",
        )
    ] == [(d.location(), d.message, d.hint) for d in diagnostics]


@pytest.mark.parametrize(
    ("themes", "hint"),
    [
        (
            (),
            "write the name of a theme of the site's own (a folder themes/<name>/templates/), "
            "or remove the line for the built-in theme",
        ),
        (
            ("dark", "print"),
            "write one of this site's themes (dark, print), or remove the "
            "line for the built-in theme",
        ),
    ],
)
def test_a_theme_left_empty_is_told_the_themes_there_are(
    tmp_path: Path, themes: tuple[str, ...], hint: str
) -> None:
    # "write e.g. 'theme: calm'" named a theme no site has: following it was an error too.
    root = write_site(tmp_path, {"statusgen.yaml": SETTINGS_AT_3 + "theme:\n"})
    for name in themes:
        (root / "themes" / name / "templates").mkdir(parents=True)
    _, diagnostics = check_site(root)
    assert [("statusgen.yaml:3:7", "'theme' is empty", hint)] == [
        (d.location(), d.message, d.hint) for d in diagnostics
    ]


PAGES_AT_2 = "title: T\npages:\n" + ONE_PAGE


@pytest.mark.parametrize(
    ("prefix", "key", "written"),
    [
        *[("", key, f"{key}:") for key in KEYS],
        *[("    ", key, f"    {key}:") for key in PAGE_KEYS],
    ],
)
def test_every_setting_and_page_setting_left_empty_is_one_error_saying_what_to_write(
    prefix: str, key: str, written: str
) -> None:
    """One rule for every key: an empty value is never read as the key left out."""
    base = PAGES_AT_2 if prefix else SETTINGS_AT_3
    lines = [line for line in base.splitlines() if not line.startswith(f"{prefix}{key}:")]
    text = "\n".join([*lines, written]) + "\n"
    settings, problems = parse_settings(text.encode())
    assert settings is None
    line = len(lines) + 1
    assert [(f"statusgen.yaml:{line}:{len(written) + 1}", f"'{key}' is empty")] == [
        (p.location(), p.message) for p in problems
    ]
    assert problems[0].hint.startswith(("write ", "add ")), problems[0].hint


# Every other mapping the site reads, as (file, its text with `{}` where a key is written
# last, the indent of its keys, the keys): read as left out, an empty `secret_env:` sent
# every webhook unsigned and an empty `status:` showed a component operational.
_NOTIFY = "title: T\nbase_url: https://x.org\nnotify:\n"
_CHANNEL = _NOTIFY + "  channels:\n    -\n      type: {}\n"
_MAIL = (
    "      host: smtp.example.com\n      from: status@example.com\n      to: [ops@example.com]\n"
)
_RULE = "title: T\nbase_url: https://x.org\ningest:\n  rules:\n    -\n      source: alertmanager\n"
_MONITOR = "-\n  id: m\n  component: api\n  type: {}\n"
_EVENT_BODY = "---\n## Investigating at 2026-11-20 14:05\nLooking.\n"
_CHANNEL_KEYS = ("type", "name", "components", "changes", "timeout", "retries")
_MAPPINGS = [
    (
        "statusgen.yaml",
        _NOTIFY + "  channels: [{type: slack, url_env: X}]\n{}",
        "  ",
        ("channels", "state", "timeout", "retries", "subscribe"),
    ),
    (
        "statusgen.yaml",
        _NOTIFY + "  channels: []\n  subscribe:\n    email: a@example.com\n{}",
        "    ",
        ("email", "webhook"),
    ),
    (
        "statusgen.yaml",
        _CHANNEL.format("webhook") + "      url_env: HOOK_URL\n{}",
        "      ",
        (*_CHANNEL_KEYS, "url", "url_env", "secret_env"),
    ),
    (
        "statusgen.yaml",
        _CHANNEL.format("slack") + "      url_env: HOOK_URL\n{}",
        "      ",
        ("url_env",),
    ),
    (
        "statusgen.yaml",
        _CHANNEL.format("email") + _MAIL + "{}",
        "      ",
        (
            "host",
            "port",
            "security",
            "username",
            "username_env",
            "password_env",
            "from",
            "to",
            "list_unsubscribe",
        ),
    ),
    ("statusgen.yaml", _RULE + "      components: [api]\n{}", "      ", RULE_KEYS),
    (
        "statusgen.yaml",
        _RULE + "      components: [api]\n      severity:\n"
        "        critical:\n          status: major_outage\n{}",
        "          ",
        ("status", "impact"),
    ),
    (
        "statusgen.yaml",
        "title: T\nbase_url: https://x.org\ningest:\n  rules: []\n{}",
        "  ",
        SECTION_KEYS,
    ),
    ("content/components.yaml", "-\n  id: api\n  name: API\n{}", "  ", COMPONENT_KEYS),
    (
        "content/components.yaml",
        "-\n  id: web\n  name: Web\n{}  components:\n    - id: api\n",
        "  ",
        tuple(k for k in GROUP_KEYS if k != "components"),
    ),
    (
        "content/components.yaml",
        "-\n  id: web\n  name: Web\n{}- id: api\n  name: API\n",
        "  ",
        ("components",),
    ),
    *[
        ("content/monitors.yaml", _MONITOR.format(kind.value) + written + "{}", "  ", keys)
        for kind, written in [
            (MonitorKind.HTTP, "  url: https://x.test/\n"),
            (MonitorKind.TLS, "  host: x.test\n"),
            (MonitorKind.TCP, "  host: x.test\n  port: 22\n"),
            (MonitorKind.DNS, "  host: x.test\n"),
            (MonitorKind.HEARTBEAT, ""),
        ]
        for keys in [tuple(k for k in MONITOR_KEYS[kind] if k != "type")]
    ],
    (SLUG_PATH, "---\n" + OPEN + "{}" + _EVENT_BODY, "", INCIDENT_KEYS),
    (
        SLUG_PATH,
        "---\n" + OPEN + "alert:\n  source: alertmanager\n  id: x\n{}" + _EVENT_BODY,
        "  ",
        ALERT_KEYS,
    ),
    (
        SLUG_PATH,
        "---\n" + MAINT + "{}" + _EVENT_BODY.replace("Investigating", "Scheduled"),
        "",
        MAINTENANCE_KEYS,
    ),
]
# Keys whose own rule tells them left empty, in its words.
_TOLD_OWN_WAY = {
    "audiences": "audiences names no page",
    "components": ("'components' is empty", "'components' lists no component"),
    "changes": "'changes' lists no kind of change",
    "to": "'to' lists no address",
    "source": ("'source' is empty", "'source' lists no source"),
    "match": "'match' lists no field",
    "severity": "'severity' lists no severity",
    "rules": "'rules' lists no rule",
    "channels": "'channels' lists no channel",
}


@pytest.mark.parametrize(
    ("relpath", "text", "indent", "key"),
    [(r, t, i, k) for r, t, i, keys in _MAPPINGS for k in keys],
    ids=[f"{r}:{t.count(chr(10))}:{k}" for r, t, i, keys in _MAPPINGS for k in keys],
)
def test_every_key_left_empty_in_any_file_is_one_error_never_its_default(
    tmp_path: Path, relpath: str, text: str, indent: str, key: str
) -> None:
    """The settings' rule, for every mapping the site reads: one error at the key."""
    lines = text.splitlines(keepends=True)
    kept = "".join(line for line in lines if not line.startswith(f"{indent}{key}:"))
    written = kept.replace("{}", f"{indent}{key}:\n")
    files: dict[str, str | None] = {relpath: written, INCIDENT_PATH: None}
    if relpath != "content/components.yaml":
        files["content/components.yaml"] = "- id: api\n  name: API\n"
    _, diagnostics = check_site(write_site(tmp_path, files))
    line = written.splitlines().index(f"{indent}{key}:") + 1
    said = [(d.location(), d.message) for d in diagnostics if d.path == relpath and d.line == line]
    told = _TOLD_OWN_WAY.get(key, f"'{key}' is empty")
    messages = (told,) if isinstance(told, str) else told
    assert 1 == len(said) and said[0][1] in messages, diagnostics
    assert f"{relpath}:{line}:{len(indent) + len(key) + 2}" == said[0][0]
    # Nothing else is said of it: not that it is missing, nor another key's mistake.
    assert not [d for d in diagnostics if d.line == 0 or "exactly one" in d.message], diagnostics


def test_every_problem_in_one_pass(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "statusgen.yaml": "title: T\nbase_url: https://x.org\ncolour: red\n",
            "content/components.yaml": "- name: API\n  status: broken\n",
            "content/incidents/a.md": incident(OPEN + "components: [nope]\n"),
            "content/incidents/b.md": "no front matter\n",
            "content/incidents/c.md": incident(OPEN, "## Investigating at 2026-11-20\n"),
            INCIDENT_PATH: None,
        },
    )
    with pytest.raises(StatusgenError) as caught:
        load_site(tmp_path)
    assert [
        "content/components.yaml:2:11",
        "content/incidents/a.md:4:14",
        "content/incidents/b.md:1:1",
        "content/incidents/c.md:5:1",
        "statusgen.yaml:3:1",
    ] == [d.location() for d in caught.value.diagnostics]


def test_a_folder_without_settings_is_one_clear_problem(tmp_path: Path) -> None:
    site, diagnostics = check_site(tmp_path)
    assert site is None
    assert [("statusgen.yaml", "no statusgen.yaml here: this is not a status site")] == [
        (d.location(), d.message) for d in diagnostics
    ]


def test_base_url_override_is_checked_and_normalised(tmp_path: Path) -> None:
    write_site(tmp_path)
    site = load_site(tmp_path, base_url="https://preview.example.org/status")
    assert "https://preview.example.org/status/" == site.settings.base_url
    _, diagnostics = check_site(tmp_path, base_url="preview.example.org")
    assert ["--base-url/STATUSGEN_BASE_URL"] == [d.path for d in diagnostics]


# --- the model built from a valid site ---------------------------------------------------


def test_settings_defaults_and_normalised_base_url(tmp_path: Path) -> None:
    settings = load_site(write_site(tmp_path)).settings
    assert "https://status.example.com/" == settings.base_url
    assert ("en", "Europe/Berlin", "default", "public", 90) == (
        settings.language,
        settings.timezone,
        settings.theme,
        settings.output,
        settings.history_days,
    )


def test_components_groups_order_and_positions(tmp_path: Path) -> None:
    components = (
        "- name: API\n"
        "- id: web\n"
        "  name: Website\n"
        "  description: What visitors see\n"
        "  components:\n"
        "    - id: checkout\n"
        "      name: Checkout\n"
        "      showcase: false\n"
        "    - name: Dashboard Ümlaut\n"
        "      status: degraded_performance\n"
        "      only_show_if_degraded: true\n"
        "      start_date: 2026-09-01\n"
        "- name: 404\n"
    )
    site = load_site(
        write_site(
            tmp_path,
            {"content/components.yaml": components, INCIDENT_PATH: incident(OPEN)},
        )
    )
    assert ("api", "web", "404") == site.top_level
    assert [
        ("api", None, 1),
        ("checkout", "web", 1),
        ("dashboard-umlaut", "web", 2),
        ("404", None, 3),
    ] == [(c.id, c.group_id, c.position) for c in site.components]
    (group,) = site.groups
    assert ("web", "Website", "What visitors see", 2, ("checkout", "dashboard-umlaut")) == (
        group.id,
        group.name,
        group.description,
        group.position,
        group.component_ids,
    )
    dashboard = site.component("dashboard-umlaut")
    assert ComponentStatus.DEGRADED_PERFORMANCE == dashboard.status
    assert (True, True, date(2026, 9, 1)) == (
        dashboard.showcase,
        dashboard.only_show_if_degraded,
        dashboard.start_date,
    )
    assert site.component("checkout").showcase is False
    assert "404" == site.component("404").name
    assert ("content/components.yaml", 6) == (
        site.component("checkout").source.path,
        site.component("checkout").source.line,
    )


def test_a_plain_equals_sign_is_read_as_the_text_it_is(tmp_path: Path) -> None:
    # YAML 1.1 types a plain `=` as a "default value", which nothing here means: it was
    # refused as "unsupported YAML tag 'None'", with the hint to remove a tag never written.
    components = "- id: api\n  name: =\n  description: =\n"
    front = "title: =\nstatus: investigating\ncomponents: {api: major_outage}\n"
    site, diagnostics = check_site(
        write_site(
            tmp_path,
            {"content/components.yaml": components, INCIDENT_PATH: incident(front)},
        )
    )
    assert [] == [f"{d.location()}: {d.message}" for d in diagnostics]
    assert site is not None
    assert ("=", "=") == (site.component("api").name, site.component("api").description)
    assert ["="] == [i.title for i in site.incidents]


def test_incident_from_its_timeline(tmp_path: Path) -> None:
    text = incident(
        "title: Checkout errors\nstatus: postmortem\ncomponents:\n  checkout: partial_outage\n"
        "  api: degraded_performance\n",
        "Some payments failed.\n\n"
        "## Investigating at 2026-11-20 14:05\nLooking.\n\n"
        "## Monitoring at 2026-11-20 14:40\nFix deployed.\n\n"
        "## Investigating at 2026-11-20 14:50 +01:00\nBack again.\n\n"
        "## Monitoring at 2026-11-20 15:00\nSecond fix.\n\n"
        "## Resolved at 2026-11-20 15:30\nAll good.\n\n"
        "## Postmortem at 2026-11-22 10:00\nWhat happened.\n",
    )
    site = load_site(write_site(tmp_path, {INCIDENT_PATH: text}))
    (found,) = site.incidents
    assert (
        Incident(
            slug="2026-11-20-checkout-errors",
            title="Checkout errors",
            state=IncidentState.POSTMORTEM,
            impact=Impact.MAJOR,  # derived from the worst status: partial outage
            components=(
                AffectedComponent("checkout", ComponentStatus.PARTIAL_OUTAGE),
                AffectedComponent("api", ComponentStatus.DEGRADED_PERFORMANCE),
            ),
            started_at=berlin(20, 14, 5),
            resolved_at=berlin(20, 15, 30),
            monitoring_at=berlin(20, 15, 0),  # the last time it entered monitoring
            summary="Some payments failed.",
            updates=found.updates,
            source=found.source,
            impact_written=False,
        )
        == found
    )
    assert [
        (IncidentState.INVESTIGATING, berlin(20, 14, 5), "Looking.", 10),
        (IncidentState.MONITORING, berlin(20, 14, 40), "Fix deployed.", 13),
        (IncidentState.INVESTIGATING, berlin(20, 14, 50), "Back again.", 16),
        (IncidentState.MONITORING, berlin(20, 15, 0), "Second fix.", 19),
        (IncidentState.RESOLVED, berlin(20, 15, 30), "All good.", 22),
        (IncidentState.POSTMORTEM, berlin(22, 10, 0), "What happened.", 25),
    ] == [(u.state, u.at, u.message, u.line) for u in found.updates]
    assert all(u.at.tzinfo is not None for u in found.updates)
    assert (INCIDENT_PATH, 1) == (found.source.path, found.source.line)


@pytest.mark.parametrize(
    ("front", "impact", "status"),
    [
        ("components: [api]\n", Impact.MINOR, ComponentStatus.DEGRADED_PERFORMANCE),
        ("impact: critical\ncomponents: [api]\n", Impact.CRITICAL, ComponentStatus.MAJOR_OUTAGE),
        ("impact: major\ncomponents: [api]\n", Impact.MAJOR, ComponentStatus.PARTIAL_OUTAGE),
        ("impact: none\ncomponents: [api]\n", Impact.NONE, ComponentStatus.OPERATIONAL),
        ("components:\n  api: major_outage\n", Impact.CRITICAL, ComponentStatus.MAJOR_OUTAGE),
        (
            "impact: minor\ncomponents:\n  api: major_outage\n",
            Impact.MINOR,
            ComponentStatus.MAJOR_OUTAGE,
        ),
    ],
)
def test_impact_and_listed_component_status(
    front: str, impact: Impact, status: ComponentStatus
) -> None:
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN + front).encode(), "UTC", IDS)
    assert [] == diagnostics
    assert isinstance(event, Incident)
    assert (impact, (AffectedComponent("api", status),)) == (event.impact, event.components)


@pytest.mark.parametrize("front", ["", "components: []\n", "components: {}\n"])
def test_incident_without_components_has_no_impact(front: str) -> None:
    """Written out as `components: []`, "no component" is meant; left empty it is refused."""
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN + front).encode(), "UTC", IDS)
    assert [] == diagnostics
    assert isinstance(event, Incident)
    assert (Impact.NONE, ()) == (event.impact, event.components)


def test_incident_from_front_matter_times() -> None:
    text = incident(
        "title: Old outage\nstatus: resolved\ndate: 2026-06-01T10:00:00Z\n"
        "resolved_at: 2026-06-01 13:30\n",
        "Imported from the old status page.\n",
    )
    event, diagnostics = parse_event(SLUG_PATH, text.encode(), "Europe/Berlin", IDS)
    assert [] == diagnostics
    assert isinstance(event, Incident)
    assert (
        datetime(2026, 6, 1, 10, 0, tzinfo=timezone.utc),
        datetime(2026, 6, 1, 13, 30, tzinfo=BERLIN),
        None,
        (),
    ) == (event.started_at, event.resolved_at, event.monitoring_at, event.updates)


def test_date_is_the_start_when_the_first_update_came_later() -> None:
    text = incident(OPEN + "date: 2026-11-20 13:50\n")
    event, _ = parse_event(SLUG_PATH, text.encode(), "Europe/Berlin", IDS)
    assert isinstance(event, Incident)
    assert berlin(20, 13, 50) == event.started_at


def test_maintenance_follows_the_clock_unless_the_status_is_given() -> None:
    text = incident(
        MAINT + "components: [api, dashboard]\n",
        "Upgrading the database.\n\n## Scheduled at 2026-11-20 11:00\nHeads up.\n",
    )
    event, diagnostics = parse_event(SLUG_PATH, text.encode(), "Europe/Berlin", IDS)
    assert [] == diagnostics
    assert isinstance(event, Maintenance)
    assert (
        "Upgrade",
        berlin(29, 2),
        berlin(29, 4),
        None,
        (
            AffectedComponent("api", ComponentStatus.UNDER_MAINTENANCE),
            AffectedComponent("dashboard", ComponentStatus.UNDER_MAINTENANCE),
        ),
        "Upgrading the database.",
        [(MaintenanceState.SCHEDULED, berlin(20, 11), "Heads up.", 9)],
    ) == (
        event.title,
        event.scheduled_for,
        event.scheduled_until,
        event.explicit_state,
        event.components,
        event.summary,
        [(u.state, u.at, u.message, u.line) for u in event.updates],
    )
    explicit = incident(MAINT + "status: in_progress\n", "## In progress at 2026-11-29 02:01\n")
    event, diagnostics = parse_event(SLUG_PATH, explicit.encode(), "Europe/Berlin", IDS)
    assert [] == diagnostics
    assert isinstance(event, Maintenance)
    assert MaintenanceState.IN_PROGRESS == event.explicit_state


@pytest.mark.parametrize(
    "shown", ["<<<<<<< HEAD\n", ">>>>>>> alice\n", "<<<<<<< HEAD\n>>>>>>> alice\n", "=======\n"]
)
def test_a_conflict_marker_shown_in_a_code_block_is_message_text(shown: str) -> None:
    # A marker line quoted in a fence, short of a whole conflict, is what the author shows.
    body = f"## Investigating at 2026-11-20 14:05\nGit said:\n```\n{shown}```\n"
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN, body).encode(), "UTC", IDS)
    assert [] == diagnostics
    assert event is not None
    assert shown.rstrip() in event.updates[0].message


@pytest.mark.parametrize(
    ("sides", "markers"),
    [
        ("<<<<<<< HEAD\ntoken=s3cret\n=======\ntoken=redacted\n>>>>>>> c1\n", (8, 10, 12)),
        (
            "<<<<<<< HEAD\nb\n||||||| base\na\n=======\nc\n>>>>>>> c1\n",
            (8, 10, 12, 14),
        ),
    ],
)
def test_a_whole_merge_conflict_in_a_code_block_is_reported_at_each_marker(
    sides: str, markers: tuple[int, ...]
) -> None:
    # Both sides would be published, one of them perhaps a secret someone meant to drop.
    body = f"## Investigating at 2026-11-20 14:05\nGit said:\n```\n{sides}```\n"
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN, body).encode(), "UTC", IDS)
    assert None is event
    assert [(f"{SLUG_PATH}:{n}:1", "unresolved merge conflict") for n in markers] == [
        (d.location(), d.message) for d in diagnostics
    ]


@pytest.mark.parametrize(
    "blocks",
    [
        # Three updates, each quoting one line of what git said in a block of its own.
        ("<<<<<<< HEAD\n", "=======\n", ">>>>>>> release-42\n"),
        # One update, two blocks right after each other: the second is a block of its own.
        ("<<<<<<< HEAD\n=======\n", ">>>>>>> release-42\n"),
        ("<<<<<<< HEAD\n||||||| base\n", "=======\n>>>>>>> release-42\n"),
    ],
)
def test_marker_lines_quoted_in_separate_code_blocks_are_message_text(
    blocks: tuple[str, ...],
) -> None:
    # No merge left them: each block shows a stray line, short of a whole conflict.
    if len(blocks) == 3:
        body = "".join(
            f"## {state} at 2026-11-20 14:0{n}\nGit said:\n\n```\n{block}```\n\n"
            for n, (state, block) in enumerate(
                zip(("Investigating", "Identified", "Monitoring"), blocks, strict=True)
            )
        )
        front = "title: Errors\nstatus: monitoring\n"
    else:
        body = "## Investigating at 2026-11-20 14:05\nGit said:\n" + "".join(
            f"```\n{block}```\n" for block in blocks
        )
        front = OPEN
    event, diagnostics = parse_event(SLUG_PATH, incident(front, body).encode(), "UTC", IDS)
    assert [] == [str(d) for d in diagnostics]
    assert event is not None
    assert "release-42" in event.updates[-1].message


def test_a_whole_conflict_in_a_code_block_is_told_how_to_keep_it_as_an_example() -> None:
    body = "## Investigating at 2026-11-20 14:05\n```\n<<<<<<< a\nb\n=======\nc\n>>>>>>> d\n```\n"
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN, body).encode(), "UTC", IDS)
    assert None is event
    assert 3 == len(diagnostics)
    assert all("indent the code block's opening fence" in d.hint for d in diagnostics)
    # Indented so, the markers are no markers: the file is valid, and shows them as written.
    shown = "".join(
        f" {line}" if line[:1] in "`<=>" else line for line in body.splitlines(True)[1:]
    )
    body = body.splitlines(True)[0] + shown
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN, body).encode(), "UTC", IDS)
    assert [] == [str(d) for d in diagnostics]
    assert event is not None


def test_a_heading_underlined_with_seven_equals_signs_is_no_conflict() -> None:
    # git opens and closes a conflict with markers of its own; `=======` alone underlines
    # a Markdown heading.
    body = "## Investigating at 2026-11-20 14:05\nWhat we know\n=======\nLittle yet.\n"
    event, diagnostics = parse_event(SLUG_PATH, incident(OPEN, body).encode(), "UTC", IDS)
    assert [] == diagnostics
    assert event is not None


def test_crlf_and_bom_files_point_at_the_right_lines() -> None:
    text = incident(
        OPEN, "\n## Investigating at 2026-11-20 14:05\n## Resolvd at 2026-11-20 15:00\n"
    )
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    _, diagnostics = parse_event(SLUG_PATH, data, "UTC", IDS)
    assert [f"{SLUG_PATH}:7:1"] == [d.location() for d in diagnostics]


def test_parse_event_is_pure() -> None:
    data = INCIDENT.encode()
    names = ComponentNames(frozenset({"checkout"}))
    first = parse_event(INCIDENT_PATH, data, "Europe/Berlin", names)
    second = parse_event(INCIDENT_PATH, data, "Europe/Berlin", names)
    assert first == second
    assert first[0] is not None
    # Another timezone reads the same text as other moments.
    in_utc, _ = parse_event(INCIDENT_PATH, data, "UTC", names)
    assert in_utc is not None
    assert datetime(2026, 11, 20, 14, 5, tzinfo=timezone.utc) == in_utc.started_at


def test_incidents_newest_first_and_maintenance_by_schedule(tmp_path: Path) -> None:
    def opened(day: int) -> str:
        return incident(OPEN, f"## Investigating at 2026-11-{day:02d} 10:00\n")

    def window(day: int) -> str:
        return incident(
            f"title: W\nscheduled_for: 2026-12-{day:02d} 01:00\n"
            f"scheduled_until: 2026-12-{day:02d} 02:00\n",
            "",
        )

    files: dict[str, str | bytes | None] = {
        "content/incidents/b-same-time.md": opened(15),
        "content/incidents/a-same-time.md": opened(15),
        "content/incidents/older.md": opened(1),
        "content/incidents/newest.md": opened(20),
        "content/incidents/m-early.md": window(1),
        "content/incidents/m-late.md": window(9),
        "content/incidents/.editor-backup.md": "not read",
        INCIDENT_PATH: None,
    }
    write_site(tmp_path, files)
    site = load_site(tmp_path)
    assert ["newest", "b-same-time", "a-same-time", "older"] == [i.slug for i in site.incidents]
    assert ["m-late", "m-early"] == [m.slug for m in site.maintenances]


def test_example_site_in_the_repository_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    if not (root / "statusgen.yaml").exists():
        pytest.skip("no example site in this checkout")
    site, diagnostics = check_site(root)
    assert [] == diagnostics
    assert site is not None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Payments API", "payments-api"),
        ("Café & Bar", "cafe-bar"),
        ("  --  ", ""),
        ("A/B", "a-b"),
        # Letters that are no letter and an accent, so decomposing leaves them whole.
        ("Café Straße", "cafe-strasse"),
        ("Ærø Łódź", "aero-lodz"),
        ("ẞ Œuvre Đakovo Þór Ðe Øst", "ss-oeuvre-dakovo-thor-de-ost"),
        # Cyrillic as ICAO Doc 9303 spells it, Greek as ELOT 743: a name that keeps a trace
        # of the title, and the same whether the title came composed or not (macOS).
        ("Збій оплати", "zbii-oplati"),
        ("Сбой платежей: Щёлково", "sboi-platezhei-shchelkovo"),
        ("Грешка в плащанията", "greshka-v-plashchaniiata"),
        ("Ђорђе Џеп Љубљана Ћ", "dorde-dzep-ljubljana-c"),
        ("Їжак ґанок Єва", "izhak-ganok-ieva"),
        (normalize("NFD", "Їжак й"), "izhak-i"),
        ("Διακοπή ΥΠΗΡΕΣΙΑΣ Ψηφιακής", "diakopi-ypiresias-psifiakis"),
        # Scripts with no letter-for-letter spelling are dropped, as before.
        ("決済エラー", ""),
        ("عطل الدفع API", "api"),
        ("תקלה", ""),
        ("ระบบล่ม", ""),
        # A token is left out whole, the AWS secret access key with its key id.
        ("Deploy with ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U failed", "deploy-with-failed"),
        ("CI glpat-" + "aB3dE5gH7jK9mN1pQ3rS", "ci"),
        ("AKIA" + "Z7QW3RT5YU8IO2PA k8Jd2Lq9/Xz4Vb7Nm1Qw3Er5Ty6Ui8Op0As2Df4G leak", "leak"),
        ("Set ghp_" + "X" * 36, "set-ghp-" + "x" * 36),  # a placeholder is none
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slug == slugify(name)


def test_an_id_made_from_a_name_keeps_its_spelling_and_a_suggested_one_spells_it_out(
    tmp_path: Path,
) -> None:
    # Incidents and the component's address (components/<id>/) name the id made from a
    # name: it stays as earlier releases made it. An id to type is spelled out.
    front = "title: Slow\nstatus: investigating\ncomponents: {cafe-strae: major_outage}\n"
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": "- name: Café Straße\n",
        INCIDENT_PATH: incident(front),
    }
    site = load_site(write_site(tmp_path / "kept", files))
    assert ["cafe-strae"] == [c.id for c in site.components]

    files["content/components.yaml"] = "- id: straße\n  name: Street\n"
    files[INCIDENT_PATH] = None
    _, diagnostics = check_site(write_site(tmp_path / "typed", files))
    assert [
        (
            "content/components.yaml:1:7",
            "component id 'straße' is not a valid id",
            "use lowercase letters, digits and '-', e.g. 'strasse'",
        )
    ] == [(d.location(), d.message, d.hint) for d in diagnostics]


def test_a_status_line_after_the_resolution_is_warned_at_its_line_and_the_site_builds(
    tmp_path: Path,
) -> None:
    # Every output reads such a line the same way (it changes nothing), so a site holding
    # one, from an import or an old correction, must still publish during an outage.
    # The front matter holds the status the timeline set up to the end, not the line's.
    files: dict[str, str | bytes | None] = {
        SLUG_PATH: incident(RESOLVED_FRONT, RESOLVED_BODY + AFTER_END_LINE.format("api"))
    }
    site, diagnostics = check_site(write_site(tmp_path, files))
    assert site is not None
    assert [(d.location(), d.severity.value, d.message.split(":")[0]) for d in diagnostics] == [
        (f"{SLUG_PATH}:13:1", "warning", "this Components line changes nothing")
    ]
    # The warning leaves the incident in the site: a warned event once vanished from it.
    assert "2026-11-21-x" in [i.slug for i in site.incidents]


AFTER_END_LINE = "\n## Resolved at 2026-11-20 13:00\nComponents: {}=major_outage\n"


@pytest.mark.parametrize(
    ("body", "warned"),
    [
        # Reopened, then given a postmortem: it ends there, with no Resolved update.
        (
            RESOLVED_BODY
            + "\n## Investigating at 2026-11-20 13:00\n\n## Postmortem at 2026-11-20 14:00\n",
            [14],
        ),
        (RESOLVED_BODY + "\n## Postmortem at 2026-11-20 14:00\n", []),  # after its Resolved
    ],
    ids=["after-investigating", "after-resolved"],
)
def test_a_postmortem_that_ends_an_open_incident_is_warned_at_its_line(
    tmp_path: Path, body: str, warned: list[int]
) -> None:
    # Every page tells the incident over from the postmortem: meant, or a postmortem of an
    # earlier end added to an incident just reopened. `update` warns of it; so does check.
    front = RESOLVED_FRONT.replace("status: resolved", "status: postmortem")
    site, diagnostics = check_site(write_site(tmp_path, {SLUG_PATH: incident(front, body)}))
    assert site is not None
    assert [
        (
            f"{SLUG_PATH}:{line}:1",
            "warning",
            "this Postmortem update ends the incident, open "
            f"after the Investigating update on line {line - 2}, with no Resolved update",
        )
        for line in warned
    ] == [(d.location(), d.severity.value, d.message) for d in diagnostics]


def test_a_front_matter_copied_from_a_status_line_after_the_end_is_an_error(
    tmp_path: Path,
) -> None:
    # Copied there, the status would count for the incident's impact though the line
    # changes nothing: check names the line that set the status up to the end instead.
    front = RESOLVED_FRONT.replace("degraded_performance", "major_outage")
    files: dict[str, str | bytes | None] = {
        SLUG_PATH: incident(front, RESOLVED_BODY + AFTER_END_LINE.format("api"))
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (
            f"{SLUG_PATH}:5:3",
            "error",
            "component 'api' was set to degraded_performance on line 8, "
            "but components says 'major_outage'",
            "set 'api: degraded_performance' in components: they hold the statuses now",
        ),
        (f"{SLUG_PATH}:13:1", "warning", "this Components line changes nothing", None),
    ] == [
        (
            d.location(),
            d.severity.value,
            d.message if d.severity.value == "error" else d.message.split(":")[0],
            d.hint if d.severity.value == "error" else None,
        )
        for d in diagnostics
    ]


def test_a_front_matter_component_named_only_after_the_end_is_warned_about(
    tmp_path: Path,
) -> None:
    # No line up to the end names it, so the front matter holds it for the whole incident.
    front = RESOLVED_FRONT + "  checkout: major_outage\n"
    files: dict[str, str | bytes | None] = {
        SLUG_PATH: incident(front, RESOLVED_BODY + AFTER_END_LINE.format("checkout"))
    }
    site, diagnostics = check_site(write_site(tmp_path, files))
    assert site is not None
    assert [
        (
            f"{SLUG_PATH}:5:3",
            "warning",
            "component 'checkout' is named only after the incident ended (line 14), so "
            "components makes it affected for the whole incident",
        ),
        (f"{SLUG_PATH}:14:1", "warning", "this Components line changes nothing"),
    ] == [
        (
            d.location(),
            d.severity.value,
            d.message if "'checkout'" in d.message else d.message.split(":")[0],
        )
        for d in diagnostics
    ]


def test_the_front_matter_follows_a_status_line_of_a_reopened_incident(tmp_path: Path) -> None:
    # Reopened by a later update, the second Resolved is not the end: its line counts.
    body = RESOLVED_BODY + AFTER_END_LINE.format("api") + "\n## Investigating at 2026-11-20 14:00\n"
    front = RESOLVED_FRONT.replace("resolved", "investigating")
    files: dict[str, str | bytes | None] = {SLUG_PATH: incident(front, body)}
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (f"{SLUG_PATH}:5:3", "component 'api' was set to major_outage on line 13, but components")
    ] == [(d.location(), d.message.split(" says")[0]) for d in diagnostics]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("  api: partial\n", f"{SLUG_PATH}:5:8: invalid status 'partial' for component 'api'"),
        (
            "  api:partial_outage\n",
            f"{SLUG_PATH}:5:3: 'components' must be a list of component ids or a mapping, not text",
        ),
    ],
    ids=["typo", "glued"],
)
def test_a_front_matter_status_that_cannot_be_read_is_not_also_told_missing(
    tmp_path: Path, entry: str, problem: str
) -> None:
    # As `statusgen new incident` writes it: a Components line under the first update.
    # The front matter's line for api is there, only its value is wrong: "components does
    # not list it", with a hint to add the line, sent the author looking for the wrong fix.
    front = f"title: Errors\nstatus: investigating\ncomponents:\n{entry}"
    body = "## Investigating at 2026-11-20 10:00\nComponents: api=partial_outage\n\nLooking.\n"
    _, diagnostics = check_site(write_site(tmp_path, {SLUG_PATH: incident(front, body)}))
    assert [problem] == [f"{d.location()}: {d.message}" for d in diagnostics]


def test_a_component_the_front_matter_leaves_out_is_told_missing_beside_an_unread_one(
    tmp_path: Path,
) -> None:
    # Only the component whose status cannot be read is spared: checkout is not listed.
    front = "title: Errors\nstatus: investigating\ncomponents:\n  api: partial\n"
    body = (
        "## Investigating at 2026-11-20 10:00\n"
        "Components: api=partial_outage, checkout=major_outage\n\nLooking.\n"
    )
    _, diagnostics = check_site(write_site(tmp_path, {SLUG_PATH: incident(front, body)}))
    assert [
        f"{SLUG_PATH}:5:3: component 'checkout' was set to major_outage on line 8, "
        "but components does not list it",
        f"{SLUG_PATH}:5:8: invalid status 'partial' for component 'api'",
    ] == [f"{d.location()}: {d.message}" for d in diagnostics]


def test_a_listed_components_status_set_by_an_update_is_told_how_to_write_it(
    tmp_path: Path,
) -> None:
    # A list gives no component a status of its own: 'api: major_outage' cannot be set
    # in it (written anyway, `[api: major_outage, checkout]` is two more errors). The
    # line named is the Components line's, not its update's heading.
    front = "title: Errors\nstatus: investigating\nimpact: major\ncomponents: [api, checkout]\n"
    body = "## Investigating at 2026-11-20 10:00\nComponents: api=major_outage\n\nLooking.\n"
    _, diagnostics = check_site(write_site(tmp_path, {SLUG_PATH: incident(front, body)}))
    assert [
        (
            f"{SLUG_PATH}:5:13",
            "component 'api' was set to major_outage on line 8, "
            "but components says 'partial_outage'",
            "write components as a mapping of each component to its status now: "
            "'components: {api: major_outage, checkout: partial_outage}'",
        )
    ] == [(d.location(), d.message, d.hint) for d in diagnostics]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("degraded", "degraded_performance"),
        ("major", "major_outage"),
        ("under", "under_maintenance"),
        ("Degraded", "degraded_performance"),
    ],
)
def test_the_beginning_of_a_status_the_commands_take_is_told_its_whole_name(
    tmp_path: Path, typed: str, meant: str
) -> None:
    # `-c api=degraded` is taken for degraded_performance; the same word in a file was told
    # only the list of every status, the one newcomers type most without its meaning.
    text = (
        "---\ntitle: Slow API\nstatus: investigating\ncomponents:\n"
        "  api: degraded_performance\n---\n"
        f"## Investigating at 2026-11-20 10:00\nComponents: api={typed}\n\nLooking.\n"
    )
    _, diagnostics = check_site(write_site(tmp_path, {INCIDENT_PATH: text}))
    assert [f"did you mean '{meant}'?"] == [
        d.hint.split("? ")[0] + "?" for d in diagnostics if "did you mean" in d.hint
    ], diagnostics


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("  api: majr\n", "Components: api=major_outage"),
        ("  api: major_outage\n", "Components: api=major_outage, checkout=majr"),
    ],
    ids=["front-matter", "components-line"],
)
def test_a_typo_of_a_short_status_is_told_the_name_the_command_line_offers(
    tmp_path: Path, front: str, line: str
) -> None:
    # `-c api=majr` is told "did you mean 'major_outage'?" (docs/authoring.md); the same
    # word in a file was told only the list of every status.
    text = (
        f"---\ntitle: Down\nstatus: investigating\ncomponents:\n{front}"
        + ("  checkout: major_outage\n" if "checkout" in line else "")
        + f"---\n## Investigating at 2026-11-20 10:00\n{line}\n\nLooking.\n"
    )
    _, diagnostics = check_site(write_site(tmp_path, {INCIDENT_PATH: text}))
    assert ["invalid status 'majr'"] == [d.message.split(" for")[0] for d in diagnostics]
    assert diagnostics[0].hint.startswith("did you mean 'major_outage'? "), diagnostics


def test_an_id_typo_in_components_is_offered_where_several_incidents_name_it(
    tmp_path: Path,
) -> None:
    # `id: checkout` turned into `id: chekout`: every past incident naming checkout was
    # told to follow the typo, and none where the typo is.
    other = "content/incidents/2026-11-19-y.md"
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": COMPONENTS.replace("id: checkout", "id: chekout"),
        INCIDENT_PATH: INCIDENT,
        other: INCIDENT,
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (
            path,
            "unknown component 'checkout'",
            "did you mean 'chekout'? or, if the id in content/components.yaml:5 is the typo "
            "(2 incident files name 'checkout'), correct it there; ",
        )
        for path in sorted([INCIDENT_PATH, other])
    ] == [(d.path, d.message, d.hint.split("known components")[0]) for d in diagnostics]


def test_a_component_renamed_without_an_id_is_offered_the_id_to_keep(tmp_path: Path) -> None:
    # `- name: Dashboard` became `- name: Dashboards`, which has no `id:` line to correct:
    # the hint sent the author there to correct one.
    other = "content/incidents/2026-11-19-y.md"
    incident = INCIDENT.replace("checkout: partial_outage", "dashboard: major_outage")
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": COMPONENTS.replace("Dashboard", "Dashboards"),
        INCIDENT_PATH: incident,
        other: incident,
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (
            path,
            "unknown component 'dashboard'",
            "did you mean 'dashboards'? or, if 'dashboards' (content/components.yaml:7) was "
            "renamed (2 incident files name 'dashboard'), add 'id: dashboard' to it to keep "
            "its id, its history and its addresses; ",
        )
        for path in sorted([INCIDENT_PATH, other])
    ] == [(d.path, d.message, d.hint.split("known components")[0]) for d in diagnostics]


def test_an_unknown_component_one_incident_names_is_offered_the_id_alone(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": COMPONENTS.replace("id: checkout", "id: chekout"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert ["did you mean 'chekout'? "] == [d.hint.split("known")[0] for d in diagnostics]


# `API` in two groups, as the page shows them: each qualified by its group's name.
SHARED_NAME = ComponentNames(
    frozenset({"eu-api", "us-api", "eu-web"}),
    titles=(("API", "eu-api"), ("API", "us-api"), ("Website", "eu-web")),
)


@pytest.mark.parametrize(
    ("written", "offered"),
    [
        ("API", "did you mean 'eu-api' or 'us-api'? "),
        ("api", "did you mean 'eu-api' or 'us-api'? "),
        # A typo of the shared name is as likely one of them as the other.
        ("Apii", "did you mean 'eu-api' or 'us-api'? "),
        ("APIs", "did you mean 'eu-api' or 'us-api'? "),
        ("Websit", "did you mean 'eu-web'? "),
    ],
)
def test_an_unknown_component_like_a_shared_name_is_offered_each_component_of_it(
    written: str, offered: str
) -> None:
    message, hint = SHARED_NAME.problem(written) or ("", "")
    assert f"unknown component '{written}'" == message
    assert f"{offered}known components: eu-api, eu-web, us-api" == hint
    # A past event's typo of that one name is no sibling deleted: no `retired:` advice first.
    assert hint == (SHARED_NAME.problem(written, past=True) or ("", ""))[1]


LOOKALIKE_COMPONENTS = """\
- id: europe
  name: Europe
  components:
    - id: eu-api
      name: API
- id: us
  name: US
  components:
    - id: us-api
      name: API
- id: solo
  name: Europe - API
"""


def test_a_name_written_as_another_component_is_shown_is_warned_of(tmp_path: Path) -> None:
    """`Europe - API` with no group, beside group Europe's `API`, which the second `API`
    makes `Europe - API` wherever it stands alone: two rows no visitor can tell apart."""
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": LOOKALIKE_COMPONENTS,
        INCIDENT_PATH: INCIDENT.replace("checkout:", "solo:"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [
        (
            "content/components.yaml:11",
            Severity.WARNING,
            "component 'solo' is named 'Europe - API', which is how component 'eu-api' ('API' "
            "in group 'Europe') is shown where it stands alone: the pages, feeds and calendar "
            "show the two alike",
            "rename one of them, this one's 'name:' or 'API' on line 4, so that visitors can "
            "tell them apart",
        )
    ] == [(d.location(), d.severity, d.message, d.hint) for d in diagnostics]


ARABIC_GROUP = (
    "\u0627\u0644\u0634\u0631\u0642 \u0627\u0644\u0623\u0648\u0633\u0637"  # the Middle East
)


@pytest.mark.parametrize(
    ("components", "written", "shown"),
    [
        # A right-to-left group's name: its shown name isolates it, its text reads alike.
        (
            LOOKALIKE_COMPONENTS.replace("name: Europe\n", f"name: {ARABIC_GROUP}\n").replace(
                "name: Europe - API", f"name: {ARABIC_GROUP} - API"
            ),
            f"{ARABIC_GROUP} - API",
            "",
        ),
        # In another case, or with two spaces (which a page shows as one).
        (
            LOOKALIKE_COMPONENTS.replace("name: Europe - API", "name: europe - api"),
            "europe - api",
            " ('Europe - API', which it is case and spacing aside)",
        ),
        (
            LOOKALIKE_COMPONENTS.replace("name: Europe - API", "name: Europe  - API"),
            "Europe  - API",
            " ('Europe - API', which it is case and spacing aside)",
        ),
    ],
    ids=["right-to-left-group", "case", "spacing"],
)
def test_a_name_read_as_another_component_is_shown_is_warned_of(
    tmp_path: Path, components: str, written: str, shown: str
) -> None:
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": components,
        INCIDENT_PATH: INCIDENT.replace("checkout:", "solo:"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    group = ARABIC_GROUP if ARABIC_GROUP in written else "Europe"
    assert [
        (
            "content/components.yaml:11",
            Severity.WARNING,
            f"component 'solo' is named '{written}', which is how component 'eu-api' ('API' "
            f"in group '{group}') is shown where it stands alone{shown}: the pages, feeds and "
            "calendar show the two alike",
        )
    ] == [(d.location(), d.severity, d.message) for d in diagnostics]


@pytest.mark.parametrize(
    "components",
    [
        # Only one `API`: group Europe's is shown as `API`, not `Europe - API`.
        LOOKALIKE_COMPONENTS.replace("us-api\n      name: API", "us-api\n      name: Web"),
        LOOKALIKE_COMPONENTS.replace("name: Europe - API", "name: Europe API"),
    ],
)
def test_a_name_no_other_component_is_shown_as_is_not_warned_of(
    tmp_path: Path, components: str
) -> None:
    files: dict[str, str | bytes | None] = {
        "content/components.yaml": components,
        INCIDENT_PATH: INCIDENT.replace("checkout:", "solo:"),
    }
    _, diagnostics = check_site(write_site(tmp_path, files))
    assert [] == [d.location() for d in diagnostics]


@pytest.mark.parametrize(
    ("announced", "warned"),
    [
        ("2026-11-29 02:30", [(f"{SLUG_PATH}:7:1", "warning")]),  # the start's half hour hidden
        ("2026-11-29 02:00", []),  # at its start: shown from then on
        ("2026-11-22 10:00", []),  # a week ahead, as announcements are made
    ],
    ids=["after-start", "at-start", "before"],
)
def test_a_window_announced_after_its_start_is_warned_of_with_the_line_to_write(
    tmp_path: Path, announced: str, warned: list[tuple[str, str]]
) -> None:
    # Pages show a window from its announcement on: the API would leave it out, and its
    # components operational, while it runs. The hint names the heading that shows it.
    files: dict[str, str | bytes | None] = {
        SLUG_PATH: incident(MAINT + "components: [api]\n", f"## Scheduled at {announced}\nSoon.\n")
    }
    site, diagnostics = check_site(write_site(tmp_path, files))
    assert site is not None
    assert warned == [(d.location(), d.severity.value) for d in diagnostics]
    for diagnostic in diagnostics:
        assert "dated after the window starts (2026-11-29 02:00)" in diagnostic.message
        assert "`## Scheduled at 2026-11-29 02:00`" in diagnostic.hint
