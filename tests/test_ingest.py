"""`statusgen ingest`: alert payloads as the tools send them → incident files, via the rules."""

from __future__ import annotations

import errno
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from sitefiles import (
    COMPONENTS,
    INCIDENT_PATH,
    SETTINGS,
    run_build,
    statusgen_refused_writes,
    tree_with_times,
    write_site,
)

from statusgen.cli import cli
from statusgen.ingest import SOURCE_NAMES
from statusgen.ingest.plan import _group_labels
from statusgen.ingest.rules import escape_markdown, render
from statusgen.ingest.sources import SOURCES, Kind, moment, read
from statusgen.render.format import grapheme_ends
from statusgen.render.markdown import render_markdown
from statusgen.validate import load_site

FIXTURES = Path(__file__).parent / "fixtures" / "alerts"
NOW = "2026-11-22T19:00:00Z"
LATER = "2026-11-22T19:10:00Z"
MUCH_LATER = "2026-11-22T23:00:00Z"

ALERTMANAGER_FIRING = json.loads((FIXTURES / "alertmanager-firing.json").read_text())

RULES = """\
ingest:
  flap_window: 30m
  rules:
    - name: api-probes
      source: alertmanager
      match: {labels.service: api}
      components: [api]
      severity:
        critical: {status: major_outage, impact: critical}
        warning: degraded_performance
      title: "API unavailable"
      message: "Our API is not answering: {annotations.summary}"
    - name: blue-team
      source: grafana
      match: {labels.team: blue}
      components: [checkout]
      status: degraded_performance
      on_resolved: resolve
    - name: pagerduty-api
      source: pagerduty
      match: {service: API Service}
      components: [api]
      severity: {P1: major_outage}
      title: "{title}"
      draft: true
    - name: opsgenie
      source: opsgenie
      component_from: tags.service
      title: "{component_names} errors"
    - name: datadog
      source: datadog
      match: {tags.env: [prod, production]}
      component_from: tags.service
    - name: generic
      source: generic
      component_from: labels.component
      title: "{title}"
      message: "{message}"
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path, {"statusgen.yaml": SETTINGS + RULES})


def ingest(site: Path, source: str, payload: str | bytes, *args: str, now: str = NOW) -> Result:
    fixture = isinstance(payload, str) and payload.endswith(".json")
    data = (FIXTURES / payload).read_bytes() if fixture else payload
    result = CliRunner().invoke(
        cli, ["-C", str(site), "ingest", source, "-", "--now", now, *args], input=data
    )
    # A bad payload or rule is a user mistake: a message and exit 1, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def files(site: Path) -> dict[str, str]:
    folder = site / "content" / "incidents"
    return {p.name: p.read_text() for p in sorted(folder.glob("*.md"))}


def opened(site: Path, before: dict[str, str]) -> tuple[str, str]:
    new = {name: text for name, text in files(site).items() if name not in before}
    assert 1 == len(new), new
    return next(iter(new.items()))


def check_clean(site: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 0 == result.exit_code, result.output


# --- each source: firing opens, a repeat adds nothing, resolved updates -----------------

CASES = [
    # source, firing, resolved, component line, draft, closing state
    ("alertmanager", "alertmanager-firing.json", "alertmanager-resolved.json",
     "  api: major_outage", False, "monitoring"),
    ("grafana", "grafana-firing.json", "grafana-resolved.json",
     "  checkout: degraded_performance", False, "resolved"),
    ("pagerduty", "pagerduty-triggered.json", "pagerduty-resolved.json",
     "  api: major_outage", True, "monitoring"),
    ("opsgenie", "opsgenie-create.json", "opsgenie-close.json",
     "  checkout: partial_outage", False, "monitoring"),
    ("datadog", "datadog-triggered.json", "datadog-recovered.json",
     "  dashboard: partial_outage", False, "monitoring"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "firing", "resolved", "component", "draft", "closed"), CASES)
def test_firing_opens_one_incident_and_resolved_updates_it(
    site: Path, source: str, firing: str, resolved: str, component: str, draft: bool, closed: str
) -> None:
    before = files(site)

    result = ingest(site, source, firing)

    assert 0 == result.exit_code, result.output
    name, text = opened(site, before)
    assert component in text.splitlines()
    assert ("draft: true" in text.splitlines()) is draft
    alert = read(source, (FIXTURES / firing).read_bytes())
    incident = next(
        i for i in (*load_site(site).incidents, *load_site(site).drafts) if i.slug == name[:-3]
    )
    assert (source, alert.id) == (incident.alert.source, incident.alert.id)  # type: ignore[union-attr]
    assert f"Opened content/incidents/{name}" in result.output

    # The tool sends the same alert again: nothing more is written.
    after_open = files(site)
    repeat = ingest(site, source, firing, now=LATER)
    assert 0 == repeat.exit_code
    assert "Nothing to do" in repeat.output
    assert after_open == files(site)

    cleared = ingest(site, source, resolved, now=LATER)
    assert 0 == cleared.exit_code, cleared.output
    text = files(site)[name]
    assert f"status: {closed}" in text.splitlines()
    assert 2 == text.count("\n## ")
    assert sorted(after_open) == sorted(files(site))
    check_clean(site)


def test_an_opened_incident_reads_like_one_written_by_hand(site: Path) -> None:
    ingest(site, "alertmanager", "alertmanager-firing.json")

    text = files(site)["2026-11-22-api-unavailable.md"]
    assert (
        "---\n"
        "title: API unavailable\n"
        "status: investigating\n"
        "impact: critical\n"
        "components:\n"
        "  api: major_outage\n"
        "alert:\n"
        "  source: alertmanager\n"
        '  id: "{}/{service=\\"api\\"}:{alertname=\\"ProbeFailure\\"}"\n'
        "  rule: api-probes\n"
        "  fired_at: 2026-11-22 19:02:45.828 +01:00\n"
        "---\n"
        # The alert's startsAt (18:02:45Z), not the moment it reached us (19:00Z).
        "## Investigating at 2026-11-22 19:02 +01:00\n"
        "Components: api=major_outage\n"
        "\n"
        "Our API is not answering: API health check failing\n"
    ) == text


def test_the_monitoring_update_sets_the_components_back_to_operational(site: Path) -> None:
    ingest(site, "alertmanager", "alertmanager-firing.json")
    ingest(site, "alertmanager", "alertmanager-resolved.json", now=LATER)

    text = files(site)["2026-11-22-api-unavailable.md"]
    assert "  api: operational" in text.splitlines()
    # The resolved payload's endsAt (18:40:45Z), however late it arrives.
    assert text.endswith("## Monitoring at 2026-11-22 19:40 +01:00\n"
                         "Components: api=operational\n\n"
                         "The alert has cleared. We are monitoring the results.\n")  # fmt: skip


def test_the_clear_sets_back_a_status_a_person_rewrote_as_a_block_scalar(site: Path) -> None:
    ingest(site, "alertmanager", "alertmanager-firing.json")
    path = site / "content/incidents/2026-11-22-api-unavailable.md"
    folded = path.read_text().replace("  api: major_outage\n", "  api: >-\n    major_outage\n")
    path.write_text(folded)
    check_clean(site)

    cleared = ingest(site, "alertmanager", "alertmanager-resolved.json", now=LATER)

    assert 0 == cleared.exit_code, cleared.output
    assert "components:\n  api: operational\nalert:\n" in path.read_text()
    check_clean(site)


def test_a_repeat_with_a_higher_severity_adds_one_update(site: Path) -> None:
    warning = (FIXTURES / "alertmanager-firing.json").read_text().replace("critical", "warning")
    ingest(site, "alertmanager", warning)
    name = "2026-11-22-api-unavailable.md"
    assert "  api: degraded_performance" in files(site)[name].splitlines()

    result = ingest(site, "alertmanager", "alertmanager-firing.json", now=LATER)
    ingest(site, "alertmanager", "alertmanager-firing.json", now=MUCH_LATER)  # same again

    assert 0 == result.exit_code, result.output
    text = files(site)[name]
    assert "  api: major_outage" in text.splitlines()
    assert text.endswith("## Investigating at 2026-11-22 20:10 +01:00\n"
                         "Components: api=major_outage\n\n"
                         "The problem has grown. API: major outage.\n")  # fmt: skip
    check_clean(site)


def test_an_unchanged_repeat_keeps_the_status_a_person_lowered(site: Path) -> None:
    # Alertmanager repeats a firing every repeat_interval; the API recovered in part, and a
    # person said so. The same severity again is no news: the person's status stays.
    ingest(site, "alertmanager", "alertmanager-firing.json")
    name = "2026-11-22-api-unavailable.md"
    lowered = CliRunner().invoke(
        cli,
        ["-C", str(site), "update", name.removesuffix(".md"), "-c", "api=partial_outage",
         "-m", "Most requests succeed again.", "--now", "2026-11-22T19:05:00Z"],
    )  # fmt: skip
    assert 0 == lowered.exit_code, lowered.output
    before = files(site)

    result = ingest(site, "alertmanager", "alertmanager-firing.json", now=LATER)

    assert 0 == result.exit_code, result.output
    assert "Nothing to do" in result.output
    assert before == files(site)
    assert "partial_outage" == component_status(site, "2026-11-22T19:15:00Z", "api")


SEVERITY_RULES = """\
ingest:
  flap_window: 30m
  rules:
    - source: generic
      components: [api]
      severity: {warning: degraded_performance, critical: major_outage}
"""


def fire(site: Path, severity: str, now: str, at: str = "2026-11-22T18:00:00Z") -> Result:
    payload = json.dumps({"id": "db", "severity": severity, "at": at})
    result = ingest(site, "generic", payload, now=now)
    assert 0 == result.exit_code, result.output
    return result


def test_an_unchanged_repeat_keeps_a_component_a_person_set_operational(tmp_path: Path) -> None:
    # The person says the API works again while the alert still fires (a check that
    # lags): Alertmanager's repeat of the same firing is no news, the API stays up.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SEVERITY_RULES})
    fire(site, "critical", NOW)
    (name,) = [n for n in files(site) if n.startswith("2026-11-22")]
    lowered = CliRunner().invoke(
        cli,
        ["-C", str(site), "update", name.removesuffix(".md"), "-c", "api=operational",
         "-m", "Working again.", "--now", "2026-11-22T19:05:00Z"],
    )  # fmt: skip
    assert 0 == lowered.exit_code, lowered.output
    before = files(site)

    repeat = fire(site, "critical", LATER)

    assert "Nothing to do" in repeat.output
    assert "The problem is back" not in files(site)[name]
    assert before == files(site)
    assert "operational" == component_status(site, LATER, "api")

    # A firing that began after the alert cleared is news: the API is down again.
    cleared = json.dumps({"id": "db", "status": "resolved", "at": "2026-11-22T19:12:00Z"})
    assert 0 == ingest(site, "generic", cleared, now="2026-11-22T19:12:00Z").exit_code
    fire(site, "critical", "2026-11-22T19:20:00Z", at="2026-11-22T19:15:00Z")

    assert "major_outage" == component_status(site, "2026-11-22T19:20:00Z", "api")
    check_clean(site)


def titles(site: Path) -> list[str]:
    found = load_site(site).incidents
    return [i.title for i in found if i.alert is not None]


def test_the_default_title_follows_a_rising_severity(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SEVERITY_RULES})
    fire(site, "warning", NOW)
    assert ["API: Degraded performance"] == titles(site)

    fire(site, "critical", LATER)

    assert ["API: Major outage"] == titles(site)
    # The page names it so: title, banner and API read the incident's title.
    summary = status_json(site, LATER)
    assert ["API: Major outage"] == [i["title"] for i in summary["open_incidents"]]  # type: ignore[attr-defined]
    check_clean(site)


def test_a_title_a_person_wrote_is_kept_when_the_severity_rises(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SEVERITY_RULES})
    fire(site, "warning", NOW)
    (name,) = [n for n in files(site) if "degraded" in n]
    path = site / "content" / "incidents" / name
    path.write_text(path.read_text().replace("API: Degraded performance", "Slow API"))

    fire(site, "critical", LATER)

    assert ["Slow API"] == titles(site)
    assert "  api: major_outage" in path.read_text().splitlines()


def test_the_default_title_follows_a_refiring_at_another_severity(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SEVERITY_RULES})
    fire(site, "warning", NOW)
    cleared = json.dumps({"id": "db", "status": "resolved", "at": "2026-11-22T18:10:00Z"})
    ingest(site, "generic", cleared, now=NOW)

    fire(site, "critical", LATER, at="2026-11-22T18:20:00Z")

    assert ["API: Major outage"] == titles(site)
    check_clean(site)


IMPACT_RULES = """\
ingest:
  rules:
    - source: generic
      components: [api]
      severity:
        critical: {status: partial_outage, impact: critical}
        major: {status: partial_outage, impact: major}
        warning: {status: degraded_performance, impact: minor}
        page: major_outage
"""


def impacts(site: Path, now: str) -> list[object]:
    """The open incidents' impacts, as the page's JSON tells them."""
    return [i["impact"] for i in status_json(site, now)["open_incidents"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("order", [("warning", "critical"), ("critical", "warning")])
def test_the_impact_is_the_worst_severity_s_in_any_order(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + IMPACT_RULES})
    fire(site, order[0], NOW)

    fire(site, order[1], LATER)

    # Like the statuses, the impact rises with the severity and does not fall while the
    # alert fires: the order deliveries arrive in must not decide what the page says.
    assert ["critical"] == impacts(site, LATER)
    assert ["API: Partial outage"] == titles(site)
    check_clean(site)


def test_a_severity_that_raises_only_the_impact_adds_one_update(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + IMPACT_RULES})
    before = files(site)
    fire(site, "major", NOW)
    name, _ = opened(site, before)

    result = fire(site, "critical", LATER)

    assert "one update with the worse impact" in result.output
    text = files(site)[name]
    assert text.endswith("## Investigating at 2026-11-22 20:10 +01:00\n\n"
                         "The problem has grown. Critical impact.\n")  # fmt: skip
    assert ["critical"] == impacts(site, LATER)
    check_clean(site)


def test_a_severity_without_an_impact_raises_the_one_written(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + IMPACT_RULES})
    fire(site, "warning", NOW)

    fire(site, "page", LATER)

    # What a major outage implies, as if `page` had fired first.
    assert ["critical"] == impacts(site, LATER)


def test_a_refiring_at_a_higher_severity_raises_the_impact(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + IMPACT_RULES})
    fire(site, "warning", NOW)
    cleared = json.dumps({"id": "db", "status": "resolved", "at": "2026-11-22T18:10:00Z"})
    ingest(site, "generic", cleared, now=NOW)

    fire(site, "critical", LATER, at="2026-11-22T18:20:00Z")

    assert ["critical"] == impacts(site, LATER)
    check_clean(site)


QUIET_RULES = """\
ingest:
  rules:
    - source: generic
      components: [api]
      status: operational
      severity: {critical: major_outage}
"""


def test_an_incident_that_marks_nothing_down_is_not_titled_operational(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + QUIET_RULES})
    before = files(site)

    fire(site, "info", NOW)

    name, text = opened(site, before)
    assert "2026-11-22-problem-affecting-api.md" == name
    assert ["Problem affecting API"] == titles(site)
    assert "  api: operational" in text.splitlines()
    # Once the alert marks it down, the default title names the status again.
    fire(site, "critical", LATER)
    assert ["API: Major outage"] == titles(site)
    check_clean(site)


TITLED_RULES = """\
ingest:
  rules:
    - name: api
      source: alertmanager
      match: {labels.service: api}
      components: [api]
      title: "{annotations.summary}"
    - name: gen
      source: generic
      component_from: labels.component
      title: "{title}"
"""


def without_summary() -> str:
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    for notes in (payload["commonAnnotations"], payload["alerts"][0]["annotations"]):
        del notes["summary"]
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("source", "payload", "rule", "line"),
    [
        ("alertmanager", without_summary(), "api", 10),
        # Missing, empty, blank, invisible, or no text at all.
        *(
            (
                "generic",
                json.dumps({"id": "t1", "labels": {"component": "api"}, **title}),
                "gen",
                14,
            )
            for title in [{}, *({"title": t} for t in ("", "   ", "\u200b", {"text": "down"}))]
        ),
    ],
)
def test_an_alert_without_the_title_s_field_opens_its_incident_titled_by_default(
    tmp_path: Path, source: str, payload: str, rule: str, line: int
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + TITLED_RULES})
    before = files(site)

    result = ingest(site, source, payload)

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert 'title: "API: Partial outage"' in text.splitlines(), text
    assert (
        f"warning: rule '{rule}' (statusgen.yaml:{line}): the alert gives no text for its "
        "title, so the incident has the default title, 'API: Partial outage'"
    ) in result.stderr
    check_clean(site)


LEAKY_RULES = """\
ingest:
  rules:
    - name: api
      source: alertmanager
      match: {labels.service: api}
      components: [api]
      message: "{annotations.description} [dashboard]({annotations.dashboard})"
"""


def test_ingest_warns_of_every_secret_the_alert_s_text_puts_on_the_page(tmp_path: Path) -> None:
    # The on-call reads ingest's output in the job's log; the next `check` may be days off,
    # and the page publishes the secrets from the first build.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + LEAKY_RULES})
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    payload["commonAnnotations"] |= {
        "description": "curl https://admin:s3cr3tpass@internal.example.com/health failed; "
        "see https://hooks.slack.com/services/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",
        "dashboard": "https://grafana.example.com/d/abc?orgId=1&auth_token=eyJrIjoiT0tTcG1p",
    }
    before = files(site)

    result = ingest(site, "alertmanager", json.dumps(payload))

    assert 0 == result.exit_code, result.output
    name, _ = opened(site, before)
    checked = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", NOW])
    told = re.findall(rf"(content/incidents/{name}:\d+:\d+): warning: this update", checked.output)
    assert 3 == len(told), checked.output
    assert told == re.findall(
        rf"^warning: (content/incidents/{name}:\d+:\d+): this update holds a",
        result.stderr,
        re.MULTILINE,
    )
    assert "s3cr3tpass" not in result.stderr + checked.output


LEAKY_TITLE = """\
ingest:
  rules:
    - name: api
      source: alertmanager
      match: {labels.service: api}
      components: [api]
      title: "{annotations.summary}"
"""


def test_a_secret_in_an_alert_s_title_never_names_the_file(tmp_path: Path) -> None:
    # The file's name is the incident's address: a password in it is published at
    # /incidents/<name>/ and in every feed and API, also once the title is cleaned.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + LEAKY_TITLE})
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    payload["commonAnnotations"] |= {
        "summary": "API down https://admin:hunter2pw@grafana.internal/d/1 and "
        "https://hooks.slack.com/services/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",
    }
    before = files(site)

    result = ingest(site, "alertmanager", json.dumps(payload))

    assert 0 == result.exit_code, result.output
    name, _ = opened(site, before)
    assert "2026-11-22-api-down-and.md" == name
    # Told once each, as open_incident and ingest both ask check's warnings of the file.
    assert 2 == result.stderr.count("warning: "), result.stderr


def test_a_secret_in_an_alert_s_title_stays_out_of_the_commit_and_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The Incident workflow puts ingest's output in its job summary and pushes the commit:
    # a password there is in the repository's history and the run's page for good.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + LEAKY_TITLE})
    git = repository(site, monkeypatch)
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    payload["commonAnnotations"] |= {
        "summary": "DB down https://admin:hunter2pass@grafana.internal/d/1",
    }
    before = files(site)

    result = ingest(site, "alertmanager", json.dumps(payload), "--commit")

    assert 0 == result.exit_code, result.output
    name, _ = opened(site, before)
    subject = "Open incident: DB down https://admin:***@grafana.internal/d/1"
    assert subject == git("log", "-1", "--format=%B").strip()
    assert f"Committed {git('rev-parse', 'HEAD')[:12]}: {subject}\n" in result.stdout
    assert "hunter2pass" not in result.stdout + result.stderr
    # The warning still names where the secret is, so it can be taken out of the title.
    assert f"warning: content/incidents/{name}:2:" in result.stderr


@pytest.mark.parametrize(
    ("source", "payload"),
    [
        ("pagerduty", "pagerduty-annotated.json"),
        ("pagerduty", "pagerduty-acknowledged.json"),
        ("opsgenie", "opsgenie-acknowledge.json"),
    ],
)
def test_events_that_change_nothing_on_a_status_page_write_nothing(
    site: Path, source: str, payload: str
) -> None:
    before = files(site)
    result = ingest(site, source, payload)
    assert 0 == result.exit_code
    assert result.output.startswith("Nothing to do:")
    assert before == files(site)


def test_a_resolved_alert_no_rule_matches_writes_nothing(site: Path) -> None:
    payload = (FIXTURES / "alertmanager-resolved.json").read_text().replace('"api"', '"payments"')
    before = files(site)
    result = ingest(site, "alertmanager", payload)
    assert 0 == result.exit_code
    assert "Nothing to do: no open incident for alertmanager alert" in result.output
    assert before == files(site)


RESOLVING_BY_SERVICE = """\
ingest:
  rules:
    - name: by-service
      source: generic
      component_from: alerts.labels.service
      on_resolved: resolve
"""
SERVICE_FIRING = (
    '{"id": "g", "at": "2026-11-22T18:00:00Z", "alerts": {"labels": {"service": "api"}}}'
)
# A generic clear as docs/ingest.md describes it: id, status and time, no labels.
BARE_CLEAR = '{"id": "g", "status": "resolved", "at": "2026-11-22T18:20:00Z"}'


def test_a_clear_without_the_firing_s_fields_ends_as_the_opening_rule_says(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + RESOLVING_BY_SERVICE})
    ingest(site, "generic", SERVICE_FIRING, now="2026-11-22T18:01:00Z")

    result = ingest(site, "generic", BARE_CLEAR, now="2026-11-22T18:21:00Z")

    assert 0 == result.exit_code, result.output
    assert "The alert cleared; rule 'by-service' resolves." in result.output
    text = files(site)["2026-11-22-api-partial-outage.md"]
    assert "status: resolved\n" in text
    check_clean(site)


def test_a_clear_whose_opening_rule_is_gone_stays_monitoring_and_says_why(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + RESOLVING_BY_SERVICE})
    ingest(site, "generic", SERVICE_FIRING, now="2026-11-22T18:01:00Z")
    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("by-service", "per-service"))

    result = ingest(site, "generic", BARE_CLEAR, now="2026-11-22T18:21:00Z")

    assert 0 == result.exit_code, result.output
    assert "The alert cleared: monitoring until someone resolves it." in result.stdout
    assert (
        "warning: content/incidents/2026-11-22-api-partial-outage.md was opened by rule "
        "'by-service', which statusgen.yaml no longer has, and the clear matches no rule"
    ) in result.stderr
    text = files(site)["2026-11-22-api-partial-outage.md"]
    assert "status: monitoring\n" in text


def test_a_rule_known_by_its_place_is_not_kept_for_a_clear_to_follow(tmp_path: Path) -> None:
    # "rule 1" names another rule once one is added above it: the clear of an incident
    # the unnamed rule opened would be decided by that one, and here resolve it.
    unnamed = RESOLVING_BY_SERVICE.replace("- name: by-service\n      source", "- source")
    unnamed = unnamed.replace("      on_resolved: resolve\n", "")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + unnamed})
    ingest(site, "generic", SERVICE_FIRING, now="2026-11-22T18:01:00Z")
    assert "rule:" not in files(site)["2026-11-22-api-partial-outage.md"]
    settings = site / "statusgen.yaml"
    settings.write_text(
        settings.read_text().replace(
            "  rules:\n",
            "  rules:\n    - source: generic\n      match: {labels.service: dashboard}\n"
            "      components: [dashboard]\n      on_resolved: resolve\n",
        )
    )

    result = ingest(site, "generic", BARE_CLEAR, now="2026-11-22T18:21:00Z")

    assert 0 == result.exit_code, result.output
    assert "status: monitoring\n" in files(site)["2026-11-22-api-partial-outage.md"]


def test_an_incident_reopened_by_a_named_rule_keeps_it_for_its_clear(tmp_path: Path) -> None:
    # Opened before the rule was kept (no `rule:`, as older files are), resolved, then
    # fired again: the rule that reopened it decides its next clear.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + RESOLVING_BY_SERVICE})
    ingest(site, "generic", SERVICE_FIRING, now="2026-11-22T18:01:00Z")
    incident = site / "content/incidents/2026-11-22-api-partial-outage.md"
    incident.write_text(incident.read_text().replace("  rule: by-service\n", ""))
    full_clear = SERVICE_FIRING.replace('"id": "g",', '"id": "g", "status": "resolved",')
    ingest(site, "generic", full_clear.replace("18:00", "18:10"), now="2026-11-22T18:11:00Z")
    assert "status: resolved\n" in incident.read_text()
    ingest(site, "generic", SERVICE_FIRING.replace("18:00", "18:15"), now="2026-11-22T18:16:00Z")
    assert "status: investigating\n" in incident.read_text()

    result = ingest(site, "generic", BARE_CLEAR, now="2026-11-22T18:21:00Z")

    assert 0 == result.exit_code, result.output
    assert "The alert cleared; rule 'by-service' resolves." in result.output
    text = incident.read_text()
    assert "  rule: by-service\n" in text
    assert "status: resolved\n" in text
    check_clean(site)


def test_an_alertmanager_clear_with_other_labels_ends_as_the_opening_rule_says(
    tmp_path: Path,
) -> None:
    rules = RULES.replace('message: "Our API', 'on_resolved: resolve\n      message: "Our API')
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    ingest(site, "alertmanager", "alertmanager-firing.json")
    # The group's common labels changed on the way: the clear no longer names the service.
    resolved = (FIXTURES / "alertmanager-resolved.json").read_text()

    result = ingest(site, "alertmanager", resolved.replace('"api"', '"gone"'), now=LATER)

    assert 0 == result.exit_code, result.output
    assert "The alert cleared; rule 'api-probes' resolves." in result.output
    assert "status: resolved\n" in files(site)["2026-11-22-api-unavailable.md"]


def test_an_unmatched_alert_does_nothing_and_says_so(site: Path) -> None:
    payload = (FIXTURES / "alertmanager-firing.json").read_text().replace('"api"', '"payments"')
    before = files(site)

    result = ingest(site, "alertmanager", payload)

    assert 0 == result.exit_code
    assert ": the one alertmanager rule's match: does not hold" in result.output
    assert before == files(site)


@pytest.mark.parametrize(
    ("field", "meant"),
    [("label.service", "labels.service"), ("tag.service", None)],
)
def test_check_warns_of_a_match_field_no_alert_of_the_source_has(
    tmp_path: Path, field: str, meant: str | None
) -> None:
    rules = RULES.replace("match: {labels.service: api}", f"match: {{{field}: api}}")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 0 == result.exit_code, result.output
    said = f"warning: rule 'api-probes' matches on '{field}', a field no Alertmanager alert has"
    assert said in result.output
    assert (f"did you mean '{meant}'?" in result.output) is (meant is not None)
    # The rule is still read: an alert it names opens nothing, as before, and says why.
    before = files(site)
    result = ingest(site, "alertmanager", "alertmanager-firing.json")
    assert before == files(site)
    assert f"the alert has no field {field}" in result.output


def test_check_warns_of_no_field_of_a_source_whose_sender_writes_the_body(
    tmp_path: Path,
) -> None:
    rules = RULES.replace("match: {tags.env: [prod, production]}", "match: {team: [web]}")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    result = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 0 == result.exit_code, result.output
    assert "warning" not in result.output


def test_an_alert_lacking_a_field_a_rule_matches_on_names_it_and_the_closest(
    tmp_path: Path,
) -> None:
    rules = RULES.replace("match: {labels.service: api}", "match: {labels.serivce: api}")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})

    result = ingest(site, "alertmanager", "alertmanager-firing.json")

    assert 0 == result.exit_code
    assert "the alert has no field labels.serivce, closest: labels.service" in result.output


def test_an_alert_whose_value_differs_only_in_case_says_so(site: Path) -> None:
    payload = (FIXTURES / "alertmanager-firing.json").read_text().replace('"api"', '"API"')

    result = ingest(site, "alertmanager", payload)

    assert 0 == result.exit_code
    assert "labels.service is 'API', which matches 'api' only in another case" in result.output


def test_a_rule_naming_a_component_the_alert_does_not_have_says_which(site: Path) -> None:
    payload = json.dumps({"id": "x", "labels": {"component": "billing"}})
    result = ingest(site, "generic", payload)
    assert 0 == result.exit_code
    assert "rule 'generic' matched, but labels.component='billing' is not a component id" in (
        result.output
    )


@pytest.mark.parametrize(
    ("value", "warning"),
    [
        (
            "billing",
            "labels.component='billing' is not a component id, so the page shows no incident "
            "for it; add it to content/components.yaml, or correct labels.component in the alert",
        ),
        # What the page shows, not the id.
        (
            "API",
            "labels.component='API' is the name of component 'api', not its id, so the page "
            "shows no incident for it; send its id, 'api', in labels.component",
        ),
        (
            "web",
            "'web' is a group, which takes no status itself (labels.component='web'), so the "
            "page shows no incident for it; name its components instead: checkout, dashboard",
        ),
    ],
)
def test_a_single_value_that_is_no_component_id_is_warned_of_with_its_fix(
    site: Path, value: str, warning: str
) -> None:
    before = files(site)

    result = ingest(site, "generic", json.dumps({"id": "x", "labels": {"component": value}}))

    # As when only some of an alert's values are no component: written nothing, warned.
    assert 0 == result.exit_code, result.output
    assert f"warning: rule 'generic': {warning}\n" in result.stderr
    assert before == files(site)


BY_SERVICE = """\
ingest:
  rules:
    - name: by-service
      source: [alertmanager, generic]
      component_from: alerts.labels.service
"""


SERVICES_LIST = json.dumps({"id": "x", "alerts": {"labels": {"service": ["api", "checkout"]}}})


def group_of(*services: str) -> str:
    """The firing fixture as a group of one alert per service, with no common service."""
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    payload["groupKey"] = '{}:{alertname="ProbeFailure"}'
    del payload["commonLabels"]["service"]
    alert = payload["alerts"][0]
    payload["alerts"] = [{**alert, "labels": {**alert["labels"], "service": s}} for s in services]
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("source", "payload"),
    [
        ("alertmanager", group_of("api", "checkout")),
        ("generic", SERVICES_LIST),
    ],
    ids=["group", "list"],
)
def test_component_from_names_every_component_the_alert_has(
    tmp_path: Path, source: str, payload: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE})
    before = files(site)

    result = ingest(site, source, payload)

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert ["  api: partial_outage", "  checkout: partial_outage"] == [
        line for line in text.splitlines() if line.endswith(": partial_outage")
    ]
    assert "warning" not in result.output


PAGES = """\
pages:
  public: {base_url: "https://status.example.com/", output: public, show: [api]}
  internal: {base_url: "https://internal.example.com/", output: internal, private: true}
notify:
  channels:
    - {type: webhook, name: pub, page: public, url_env: HOOK}
"""


def group_firing(api: str) -> str:
    """A group of two alerts: api's (`api`: firing or resolved) and checkout's, firing."""

    def alert(name: str, service: str, status: str, severity: str) -> dict[str, object]:
        ends = "2026-11-22T18:20:00Z" if status == "resolved" else "0001-01-01T00:00:00Z"
        labels = {"alertname": name, "service": service, "severity": severity}
        return {"status": status, "labels": labels, "annotations": {}, "fingerprint": name,
                "startsAt": "2026-11-22T18:00:00Z", "endsAt": ends}  # fmt: skip

    return json.dumps(
        {
            "version": "4",
            "groupKey": "g",
            "status": "firing",
            "receiver": "r",
            "groupLabels": {},
            "commonLabels": {},
            "commonAnnotations": {},
            "externalURL": "http://x",
            "alerts": [
                alert("A", "api", api, "critical"),
                alert("B", "checkout", "firing", "warning"),
            ],
        }
    )


def test_default_words_name_no_component_a_page_showing_the_incident_hides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The public page shows api only: an incident of api and checkout is on it, and the
    # words ingest writes for it must not name checkout there, nor to its subscribers.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SERVICE})
    monkeypatch.setenv("HOOK", "http://127.0.0.1:9/never")
    runner = CliRunner()
    assert (
        0 == runner.invoke(cli, ["-C", str(site), "notify", "--now", "2026-11-22T17:00Z"]).exit_code
    )
    assert (
        0 == ingest(site, "alertmanager", group_firing("firing"), now="2026-11-22T18:01Z").exit_code
    )
    assert 0 == ingest(site, "alertmanager", group_firing("resolved"), now=LATER).exit_code

    built = runner.invoke(cli, ["-C", str(site), "build", "--now", LATER])
    told = runner.invoke(cli, ["-C", str(site), "notify", "--dry-run", "--now", LATER])

    assert 0 == built.exit_code, built.output
    assert 0 == told.exit_code, told.output
    public = [p for p in (site / "public").rglob("*") if p.is_file()]
    assert [] == [p.name for p in public if b"Checkout" in p.read_bytes()]
    assert "We are investigating a problem affecting API." in told.output
    assert "Checkout" not in told.output
    internal = (site / "internal" / "index.html").read_text()
    assert "Checkout" in internal


def group_by_service(source: str, *alerts: tuple[str, str, str]) -> str:
    """One delivery of a group (`alertmanager`) or a `generic` alert whose firing alerts
    are (service, status, startsAt) — a resolved one ended at 18:20; a generic alert
    lists the firing services and is resolved when none fires."""
    firing = [service for service, status, _ in alerts if status == "firing"]
    if source == "generic":
        at = max(start for _, _, start in alerts)
        if not firing:
            return json.dumps({"id": "g", "status": "resolved", "at": "2026-11-22T18:20:00Z"})
        return json.dumps({"id": "g", "at": at, "alerts": {"labels": {"service": firing}}})
    return json.dumps(
        {
            "version": "4",
            "groupKey": "g",
            "status": "firing" if firing else "resolved",
            "receiver": "r",
            "groupLabels": {},
            "commonLabels": {"alertname": "Probe"},
            "commonAnnotations": {},
            "externalURL": "http://x",
            "alerts": [
                {
                    "status": status,
                    "labels": {"alertname": "Probe", "service": service},
                    "annotations": {},
                    "startsAt": start,
                    "endsAt": "2026-11-22T18:20:00Z"
                    if status == "resolved"
                    else "0001-01-01T00:00:00Z",
                }
                for service, status, start in alerts
            ],
        }
    )


def public_files_naming(site: Path, word: bytes) -> list[str]:
    public = [p for p in (site / "public").rglob("*") if p.is_file()]
    return [str(p.relative_to(site / "public")) for p in public if word in p.read_bytes().lower()]


@pytest.mark.parametrize("source", ["alertmanager", "generic"])
def test_a_component_joining_from_another_page_opens_its_own_incident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    # The group first fires for checkout alone, which only the internal page shows: its
    # incident's address, title and first update name Checkout. When api (on the public
    # page too) joins, that incident must not appear on the public page as it was written.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SERVICE})
    monkeypatch.setenv("HOOK", "http://127.0.0.1:9/never")
    runner = CliRunner()
    baseline = runner.invoke(cli, ["-C", str(site), "notify", "--now", "2026-11-22T17:00Z"])
    assert 0 == baseline.exit_code, baseline.output
    checkout = ("checkout", "firing", "2026-11-22T18:00:00Z")
    api = ("api", "firing", "2026-11-22T18:06:00Z")
    first = ingest(site, source, group_by_service(source, checkout), now="2026-11-22T18:01Z")
    assert 0 == first.exit_code, first.output

    joined = ingest(site, source, group_by_service(source, checkout, api), now="2026-11-22T18:08Z")

    assert 0 == joined.exit_code, joined.output
    assert "API joined" in joined.output
    assert "severity rose" not in joined.output
    built = runner.invoke(cli, ["-C", str(site), "build", "--now", "2026-11-22T18:30Z"])
    told = runner.invoke(
        cli, ["-C", str(site), "notify", "--dry-run", "--now", "2026-11-22T18:30Z"]
    )
    assert 0 == built.exit_code, built.output
    assert 0 == told.exit_code, told.output
    assert [] == public_files_naming(site, b"checkout")
    assert "API: Partial outage" in (site / "public" / "index.html").read_text()
    assert "We are investigating a problem affecting API." in told.output
    assert "checkout" not in told.output.lower()
    # The internal page still shows checkout down, now in the incident that carries on.
    internal = (site / "internal" / "index.html").read_text()
    assert "Checkout" in internal
    assert (
        "This problem continues in a new incident."
        in (
            site / "internal" / "incidents" / "2026-11-22-checkout-partial-outage" / "index.html"
        ).read_text()
    )

    # Later deliveries find the incident that carries the alert on, and close it.
    cleared = ingest(
        site,
        source,
        group_by_service(
            source,
            ("checkout", "resolved", "2026-11-22T18:00:00Z"),
            ("api", "resolved", "2026-11-22T18:06:00Z"),
        ),
        now="2026-11-22T18:21Z",
    )
    assert 0 == cleared.exit_code, cleared.output
    states = {i.slug: i.state.value for i in load_site(site).incidents if "11-22" in i.slug}
    assert {
        "2026-11-22-checkout-partial-outage": "resolved",
        "2026-11-22-api-partial-outage": "monitoring",
    } == states
    check_clean(site)


def ingested_then_updated(tmp_path: Path, change: str) -> tuple[Result, Result]:
    """Ingest opens checkout's incident for the internal page alone; a person's update
    then sets `change`: what `update`, then `check`, said."""
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SERVICE})
    checkout = ("checkout", "firing", "2026-11-22T18:00:00Z")
    first = ingest(
        site, "alertmanager", group_by_service("alertmanager", checkout), now="2026-11-22T18:01Z"
    )
    assert 0 == first.exit_code, first.output
    runner = CliRunner()
    args = ["-C", str(site), "update", "2026-11-22-checkout", "--status", "identified"]
    updated = runner.invoke(cli, [*args, "-c", change, "-m", "Slow.", "--now", "2026-11-22T18:05Z"])
    checked = runner.invoke(cli, ["-C", str(site), "check", "--now", "2026-11-22T18:10Z"])
    assert 0 == updated.exit_code, updated.output
    return updated, checked


def test_a_person_bringing_an_ingested_incident_onto_another_page_is_warned(
    tmp_path: Path,
) -> None:
    # An update naming api puts the incident, as ingest worded it, on the public page:
    # both `update` and `check` say so, naming the page, the title and what to do instead.
    updated, checked = ingested_then_updated(tmp_path, "api=degraded_performance")

    for said in (updated.output, checked.output):
        assert "page 'public'" in said, said
        assert "'Checkout: Partial outage'" in said, said
        assert "new incident" in said, said
    assert "written by ingest" in checked.output


def test_an_update_on_the_pages_an_ingested_incident_is_on_warns_of_nothing(
    tmp_path: Path,
) -> None:
    updated, checked = ingested_then_updated(tmp_path, "checkout=major_outage")

    assert "warning" not in updated.output.lower()
    assert 0 == checked.exit_code, checked.output
    assert "page 'public'" not in checked.output


def test_a_component_joining_on_the_same_pages_says_it_joined(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE})
    assert (
        0
        == ingest(
            site,
            "alertmanager",
            group_by_service("alertmanager", ("api", "firing", "2026-11-22T18:00:00Z")),
        ).exit_code
    )
    before = files(site)

    joined = ingest(
        site,
        "alertmanager",
        group_by_service(
            "alertmanager",
            ("api", "firing", "2026-11-22T18:00:00Z"),
            ("checkout", "firing", "2026-11-22T18:06:00Z"),
        ),
        now=LATER,
    )

    assert 0 == joined.exit_code, joined.output
    assert "Checkout joined alertmanager alert g: one update with their statuses." in joined.output
    assert before.keys() == files(site).keys()


def test_a_component_another_page_hides_joining_or_clearing_is_no_news_to_that_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # api's incident is on both pages; checkout, which only the internal page shows, joins
    # the group and clears while api still fires. Neither update changes anything the
    # public page shows: it must not read them, nor its subscribers hear of them.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SERVICE})
    monkeypatch.setenv("HOOK", "http://127.0.0.1:9/never")
    runner = CliRunner()
    api = ("api", "firing", "2026-11-22T18:00:00Z")
    steps = [
        ("2026-11-22T18:01Z", [api]),
        ("2026-11-22T18:08Z", [api, ("checkout", "firing", "2026-11-22T18:06:00Z")]),
        ("2026-11-22T18:21Z", [api, ("checkout", "resolved", "2026-11-22T18:06:00Z")]),
    ]
    for step, (now, alerts) in enumerate(steps):
        done = ingest(site, "alertmanager", group_by_service("alertmanager", *alerts), now=now)
        assert 0 == done.exit_code, done.output
        if step == 0:
            baseline = runner.invoke(cli, ["-C", str(site), "notify", "--now", "2026-11-22T18:02Z"])
            assert 0 == baseline.exit_code, baseline.output

    later = "2026-11-22T18:30Z"
    built = runner.invoke(cli, ["-C", str(site), "build", "--now", later])
    told = runner.invoke(cli, ["-C", str(site), "notify", "--dry-run", "--now", later])

    assert 0 == built.exit_code, built.output
    assert 0 == told.exit_code, told.output
    slug = "2026-11-22-api-partial-outage"
    page = (site / "public" / "incidents" / slug / "index.html").read_text()
    incidents = json.loads((site / "public" / "api" / "v2" / "incidents.json").read_text())
    said = [u["body"] for i in incidents["incidents"] for u in i["incident_updates"]]
    for words in ("The problem has grown", "no longer affects"):
        assert words not in page
        assert [] == [body for body in said if words in body]
        assert words not in told.output
    assert "API: Partial outage" in page
    # Where checkout is shown, both updates are.
    internal = (site / "internal" / "incidents" / slug / "index.html").read_text()
    assert "The problem has grown." in internal
    assert "The problem no longer affects" in internal


BY_IMPACT = """\
ingest:
  rules:
    - source: alertmanager
      component_from: alerts.labels.service
      severity:
        critical: {status: major_outage, impact: critical}
        warning: {status: degraded_performance, impact: minor}
"""


def public_impact(site: Path, now: str) -> str:
    """The impact of the one incident the public page's API shows, built at `now`."""
    built = run_build(site, now=now)
    assert 0 == built.exit_code, built.output
    incidents = json.loads((site / "public" / "api" / "v2" / "incidents.json").read_text())
    assert 1 == len(incidents["incidents"]), incidents
    return str(incidents["incidents"][0]["impact"])


def test_a_hidden_component_s_severity_does_not_set_the_public_impact(tmp_path: Path) -> None:
    # The public page shows api only: checkout's critical alert, in the same group as api's
    # warning, must not make the public page's slow API a critical incident, neither when
    # the incident opens nor when checkout's alert joins later.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_IMPACT})
    api = member("api", "warning", "18:00")
    opened_both = ingest(
        site, "alertmanager", mixed_group(api, member("checkout", "critical", "18:00"))
    )
    assert 0 == opened_both.exit_code, opened_both.output
    assert "minor" == public_impact(site, LATER)

    later = write_site(tmp_path / "later", {"statusgen.yaml": SETTINGS + PAGES + BY_IMPACT})
    steps = [
        ("2026-11-22T18:01Z", [api, member("checkout", "warning", "18:00")]),
        ("2026-11-22T18:06Z", [api, member("checkout", "critical", "18:05")]),
    ]
    for now, alerts in steps:
        done = ingest(later, "alertmanager", mixed_group(*alerts), now=now)
        assert 0 == done.exit_code, done.output
    assert "minor" == public_impact(later, LATER)
    (text,) = [text for name, text in files(later).items() if name.startswith("2026-11-22")]
    # The internal page still hears that checkout grew worse, with its status.
    assert "  checkout: major_outage" in text
    assert "Components: checkout=major_outage" in text


def test_a_severity_without_an_impact_lets_each_page_derive_its_own(tmp_path: Path) -> None:
    # As docs/ingest.md says: with `warning: degraded_performance` (no impact), nothing
    # writes an impact, so the internal page, which shows checkout's major outage, derives
    # a critical incident while the public page, showing api only, derives a minor one.
    rules = BY_IMPACT.replace(
        "warning: {status: degraded_performance, impact: minor}", "warning: degraded_performance"
    )
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + rules})
    alerts = [member("api", "warning", "18:00"), member("checkout", "critical", "18:00")]
    done = ingest(site, "alertmanager", mixed_group(*alerts))
    assert 0 == done.exit_code, done.output

    assert "minor" == public_impact(site, LATER)
    internal = json.loads((site / "internal" / "api" / "v2" / "incidents.json").read_text())
    (opened,) = [i for i in internal["incidents"] if i["name"] == "API: Degraded performance"]
    assert "critical" == opened["impact"]


BY_STATUS = BY_IMPACT.replace("{status: major_outage, impact: critical}", "major_outage").replace(
    "{status: degraded_performance, impact: minor}", "degraded_performance"
)


def one_then_another(site: Path, chosen: str, first: str, rules: str = BY_STATUS) -> Path:
    """The incident of the alert of `first` (checkout's critical one, or api's warning),
    `chosen` (audiences: a person set) put in its front matter, then the other's joining
    the group: its file."""
    settings = site / "statusgen.yaml"
    settings.write_text(settings.read_text() + rules)
    alerts = {
        "checkout": member("checkout", "critical", "18:00"),
        "api": member("api", "warning", "18:00"),
    }
    (then,) = [name for name in alerts if name != first]
    opened = ingest(site, "alertmanager", mixed_group(alerts[first]), now="2026-11-22T18:01Z")
    assert 0 == opened.exit_code, opened.output
    (path,) = (site / "content" / "incidents").glob("2026-11-22-*.md")
    path.write_text(
        path.read_text().replace("status: investigating\n", f"status: investigating\n{chosen}")
    )
    alerts[then] = {**alerts[then], "startsAt": "2026-11-22T18:05:00Z"}
    joined = ingest(site, "alertmanager", mixed_group(*alerts.values()), now="2026-11-22T18:06Z")
    assert 0 == joined.exit_code, joined.output
    assert "joined" in joined.output
    return path


@pytest.mark.parametrize("first", ["checkout", "api"])
def test_an_incident_a_person_gave_audiences_is_worded_as_on_a_site_without_pages(
    tmp_path: Path, first: str
) -> None:
    # As docs/ingest.md says: an incident whose audiences a person set is updated as on a
    # site without pages. Only the internal page shows it, and that page shows checkout:
    # a title or update naming the slow API alone would hide checkout's major outage there.
    alone = one_then_another(write_site(tmp_path / "alone", {}), "", first)
    chosen = write_site(tmp_path / "pages", {"statusgen.yaml": SETTINGS + PAGES})
    path = one_then_another(chosen, "audiences: [internal]\n", first)

    title = "Checkout: Major outage; API: Degraded performance"
    assert f"title: {json.dumps(title)}" in path.read_text().splitlines()
    assert alone.read_text() == path.read_text().replace("audiences: [internal]\n", "")
    built = run_build(chosen, now="2026-11-22T18:30Z")
    assert 0 == built.exit_code, built.output
    internal = json.loads((chosen / "internal" / "api" / "v2" / "incidents.json").read_text())
    assert title in [i["name"] for i in internal["incidents"]]
    check_clean(chosen)


def test_an_incident_a_person_gave_audiences_takes_the_impact_of_every_component(
    tmp_path: Path,
) -> None:
    # Only the internal page shows it: checkout's critical alert joining must make it a
    # critical incident there, as on a site without pages, not leave the slow API's minor.
    alone = one_then_another(write_site(tmp_path / "alone", {}), "", "api", BY_IMPACT)
    chosen = write_site(tmp_path / "pages", {"statusgen.yaml": SETTINGS + PAGES})
    path = one_then_another(chosen, "audiences: [internal]\n", "api", BY_IMPACT)

    assert "impact: critical" in alone.read_text().splitlines()
    assert alone.read_text() == path.read_text().replace("audiences: [internal]\n", "")


NARROW_PAGES = """\
pages:
  public: {base_url: "https://status.example.com/", output: public, show: [api]}
  internal:
    base_url: "https://internal.example.com/"
    output: internal
    private: true
    show: [api, checkout]
"""

ON_DASHBOARD = """\
ingest:
  rules:
    - source: alertmanager
      component_from: alerts.labels.service
    - name: jobs
      source: generic
      components: [dashboard]
"""


def test_a_rule_naming_a_component_no_page_shows_is_warned_of(tmp_path: Path) -> None:
    # No page shows the dashboard: an incident on it would be shown nowhere, as one on a
    # retired component would, so check says so at the rule, and ingest when it opens one.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + NARROW_PAGES + ON_DASHBOARD})
    checked = CliRunner().invoke(cli, ["-C", str(site), "check"])
    entry = (
        (SETTINGS + NARROW_PAGES + ON_DASHBOARD).splitlines().index("      components: [dashboard]")
    )

    assert 0 == checked.exit_code, checked.output
    assert f"statusgen.yaml:{entry + 1}:20: warning: rule 'jobs'" in checked.output
    assert (
        "rule 'jobs' names component 'dashboard', which no page shows: an incident it opens "
        "would be shown nowhere" in checked.output
    )
    assert "add it to a page's 'show:' (public, internal)" in checked.output

    fired = ingest(site, "generic", json.dumps({"id": "j1", "at": "2026-11-22T18:00:00Z"}))
    grouped = ingest(site, "alertmanager", group_of("api", "dashboard"))

    assert 0 == fired.exit_code, fired.output
    assert "Dashboard is shown on no page" in fired.output
    assert 0 == grouped.exit_code, grouped.output
    assert "Dashboard is shown on no page" in grouped.output
    assert "API is shown on no page" not in grouped.output
    assert "the incident shows where API is shown" in grouped.output


def test_a_rule_naming_a_shown_and_an_unshown_component_says_the_incident_still_shows(
    tmp_path: Path,
) -> None:
    # The incident shows on every page, for API: only the dashboard's status shows nowhere.
    # Saying the incident would be shown nowhere sends its author looking for a fault.
    rules = ON_DASHBOARD.replace("components: [dashboard]", "components: [dashboard, api]")
    settings = SETTINGS + NARROW_PAGES + rules
    site = write_site(tmp_path, {"statusgen.yaml": settings})
    checked = CliRunner().invoke(cli, ["-C", str(site), "check"])
    entry = settings.splitlines().index("      components: [dashboard, api]")

    assert 0 == checked.exit_code, checked.output
    (said,) = [line for line in checked.output.splitlines() if "'dashboard'" in line]
    assert said.startswith(f"statusgen.yaml:{entry + 1}:20: ")
    assert "its status shows nowhere (an incident it opens shows where 'api' is shown)" in said
    assert "shown nowhere" not in said.replace("status shows nowhere", "")

    fired = ingest(site, "generic", json.dumps({"id": "j1", "at": "2026-11-22T18:00:00Z"}))

    assert 0 == fired.exit_code, fired.output
    assert "Dashboard is shown on no page, so its status shows nowhere" in fired.output
    assert "the incident shows where API is shown" in fired.output
    assert "no page shows its incident" not in fired.output


def test_a_refiring_component_another_page_hides_does_not_reopen_its_incident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # api and checkout fired and cleared together; within the flap window only checkout
    # (not on the public page) fires again. The public page must stay as it was.
    rules = BY_SERVICE + "      on_resolved: resolve\n"
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + rules})
    monkeypatch.setenv("HOOK", "http://127.0.0.1:9/never")
    runner = CliRunner()
    both = [
        ("api", "firing", "2026-11-22T18:00:00Z"),
        ("checkout", "firing", "2026-11-22T18:00:00Z"),
    ]
    gone = [
        ("api", "resolved", "2026-11-22T18:00:00Z"),
        ("checkout", "resolved", "2026-11-22T18:00:00Z"),
    ]
    assert (
        0
        == ingest(
            site, "alertmanager", group_by_service("alertmanager", *both), now="2026-11-22T18:01Z"
        ).exit_code
    )
    assert (
        0
        == ingest(
            site, "alertmanager", group_by_service("alertmanager", *gone), now="2026-11-22T18:21Z"
        ).exit_code
    )
    baseline = runner.invoke(cli, ["-C", str(site), "notify", "--now", "2026-11-22T18:22Z"])
    assert 0 == baseline.exit_code, baseline.output

    again = ingest(
        site,
        "alertmanager",
        group_by_service("alertmanager", ("checkout", "firing", "2026-11-22T18:25:00Z")),
        now="2026-11-22T18:26Z",
    )

    assert 0 == again.exit_code, again.output
    assert "open again" not in again.output
    later = "2026-11-22T18:30Z"
    built = runner.invoke(cli, ["-C", str(site), "build", "--now", later])
    status = runner.invoke(cli, ["-C", str(site), "status", "--page", "public", "--now", later])
    told = runner.invoke(cli, ["-C", str(site), "notify", "--dry-run", "--now", later])
    assert 0 == built.exit_code, built.output
    assert "operational" == json.loads((site / "public" / "status.json").read_text())["status"]
    assert "Ongoing incident" not in status.output
    assert "The problem is back" not in told.output
    assert [] == public_files_naming(site, b"checkout")
    # Where checkout is shown, a new incident says so.
    internal = (site / "internal" / "index.html").read_text()
    assert "Checkout: Partial outage" in internal
    states = {i.slug: i.state.value for i in load_site(site).incidents if "11-22" in i.slug}
    assert {
        "2026-11-22-api-partial-outage": "resolved",
        "2026-11-22-checkout-partial-outage": "investigating",
    } == states


def test_component_from_warns_of_values_that_are_no_component(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE})
    before = files(site)

    result = ingest(site, "alertmanager", group_of("nosuch", "checkout", "other"))

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert "  checkout: partial_outage" in text.splitlines()
    assert "api:" not in text
    assert (
        "warning: rule 'by-service': alerts.labels.service='nosuch', 'other' are not component "
        "ids, so the page shows no incident for it; add it to content/components.yaml, or "
        "correct alerts.labels.service in the alert\n"
    ) in result.stderr
    check_clean(site)


def test_component_from_naming_no_component_says_every_value(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE})
    before = files(site)

    result = ingest(site, "alertmanager", group_of("nosuch", "other"))

    assert 0 == result.exit_code, result.output
    # A rule matched, so the alert is not said to match none: no rule applies to it.
    assert (
        'Nothing to do: no rule applies to alertmanager alert {}:{alertname="ProbeFailure"}: '
        "rule 'by-service' matched, but alerts.labels.service='nosuch', 'other' are not "
        "component ids."
    ) in result.output
    assert "matches no rule" not in result.output
    assert before == files(site)


# Retired to take it off the page, the way the docs say to remove a component.
RETIRED = COMPONENTS + "- id: legacy\n  name: Legacy\n  retired: true\n"
RETIRED_FIX = (
    "correct alerts.labels.service in the alert, stop alerting on it, or remove "
    "'retired: true' from 'legacy' in content/components.yaml to bring it back\n"
)


def test_component_from_warns_of_a_retired_component_as_retired(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE, "content/components.yaml": RETIRED}
    )
    before = files(site)

    result = ingest(site, "alertmanager", group_of("legacy", "checkout"))

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert "  checkout: partial_outage" in text.splitlines()
    assert "legacy" not in text
    assert (
        "warning: rule 'by-service': component 'legacy' is retired; an alert cannot name it "
        "(alerts.labels.service='legacy'), so the page shows no incident for it; " + RETIRED_FIX
    ) in result.stderr
    # Not a typo to fix: it is in components.yaml already.
    assert "not a component id" not in result.stderr
    assert "add it to content/components.yaml" not in result.stderr
    check_clean(site)


def test_component_from_naming_only_a_retired_component_says_so(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE, "content/components.yaml": RETIRED}
    )
    before = files(site)

    result = ingest(site, "alertmanager", group_of("legacy", "nosuch"))

    assert 0 == result.exit_code, result.output
    assert (
        ": rule 'by-service' matched, but alerts.labels.service='nosuch' is not "
        "a component id and alerts.labels.service='legacy' is a retired component."
    ) in result.output
    assert "component 'legacy' is retired; an alert cannot name it" in result.stderr
    assert RETIRED_FIX in result.stderr
    assert before == files(site)


BY_SEVERITY = """\
ingest:
  rules:
    - source: alertmanager
      component_from: alerts.labels.service
      severity: {critical: major_outage, warning: degraded_performance}
      on_resolved: resolve
    - source: grafana
      components: [api]
      severity: {critical: major_outage, warning: degraded_performance}
"""


def member(service: str, severity: str, starts: str, ends: str = "") -> dict[str, object]:
    """One alert of a group; cleared at `ends` when given (times on 2026-11-22, UTC)."""
    return {
        "status": "resolved" if ends else "firing",
        "labels": {"alertname": "E", "service": service, "severity": severity},
        "annotations": {},
        "startsAt": f"2026-11-22T{starts}:00Z",
        "endsAt": f"2026-11-22T{ends}:00Z" if ends else "0001-01-01T00:00:00Z",
    }


def mixed_group(*alerts: dict[str, object], common: str = "") -> str:
    """A group whose alerts differ in service, and in severity unless `common` is given
    (Alertmanager leaves a label out of commonLabels when its alerts differ in it)."""
    status = "firing" if any(a["status"] == "firing" for a in alerts) else "resolved"
    labels = {"alertname": "E", **({"severity": common} if common else {})}
    group = {"version": "4", "groupKey": "g", "status": status, "groupLabels": {}}
    return json.dumps({**group, "commonLabels": labels, "commonAnnotations": {}, "alerts": alerts})


def vendor_group(*alerts: dict[str, object]) -> str:
    """The Alertmanager fixture as a group of these alerts (`member`), each keeping the
    fixture alert's other fields, as Alertmanager sends a group whose alerts differ."""
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    template = payload["alerts"][0]
    payload["alerts"] = [
        {**template, **alert, "labels": {**template["labels"], **alert["labels"]}}  # type: ignore[dict-item]
        for alert in alerts
    ]
    labels = [alert["labels"].items() for alert in payload["alerts"]]
    payload["commonLabels"] = dict(sorted(set.intersection(*map(set, labels))))
    firing = any(alert["status"] == "firing" for alert in alerts)
    payload["status"] = "firing" if firing else "resolved"
    return json.dumps(payload)


@pytest.mark.parametrize("reverse", [False, True], ids=["warning-first", "critical-first"])
def test_each_component_takes_the_severity_of_its_own_alerts_in_any_order(
    tmp_path: Path, reverse: bool
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    alerts = [member("checkout", "warning", "18:00"), member("api", "critical", "18:01")]
    before = files(site)

    result = ingest(site, "alertmanager", mixed_group(*alerts[:: -1 if reverse else 1]))

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    # In the order they began: checkout at 18:00, api joining at 18:01.
    assert ["  api: major_outage", "  checkout: degraded_performance"] == sorted(
        line for line in text.splitlines() if line.startswith(("  api:", "  checkout:"))
    )
    check_clean(site)


@pytest.mark.parametrize(
    ("alerts", "title"),
    [
        (
            [member("checkout", "warning", "18:00"), member("api", "critical", "18:01")],
            "API: Major outage; Checkout: Degraded performance",
        ),
        (
            [
                member("dashboard", "warning", "18:00"),
                member("checkout", "critical", "18:00"),
                member("api", "critical", "18:01"),
            ],
            "API, Checkout: Major outage; Dashboard: Degraded performance",
        ),
        (
            [member("checkout", "critical", "18:00"), member("api", "critical", "18:01")],
            "API, Checkout: Major outage",
        ),
    ],
    ids=["one-each", "two-share-one", "all-one"],
)
def test_the_default_title_names_each_component_with_its_own_status(
    tmp_path: Path, alerts: list[dict[str, object]], title: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})

    result = ingest(site, "alertmanager", mixed_group(*alerts))

    assert 0 == result.exit_code, result.output
    assert [title] == titles(site)
    # As every reader of the incident shows it.
    assert [title] == [i["title"] for i in status_json(site, NOW)["open_incidents"]]  # type: ignore[attr-defined]
    check_clean(site)


@pytest.mark.parametrize("reverse", [False, True], ids=["warning-first", "critical-first"])
def test_a_group_s_worst_severity_decides_in_any_order(tmp_path: Path, reverse: bool) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    alerts = [member("checkout", "warning", "18:00"), member("api", "critical", "18:01")]
    before = files(site)

    result = ingest(site, "grafana", mixed_group(*alerts[:: -1 if reverse else 1]))

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert "  api: major_outage" in text.splitlines()


def component_status(site: Path, now: str, cid: str) -> str:
    """The component's status, as `statusgen status --json` says at `now`."""
    status = status_json(site, now)
    return next(str(c["status"]) for c in status["components"] if c["id"] == cid)  # type: ignore[attr-defined]


def test_a_component_whose_alerts_cleared_is_up_while_the_group_still_fires(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    checkout, api = member("checkout", "critical", "18:00"), member("api", "critical", "18:01")
    checkout_cleared = member("checkout", "critical", "18:00", ends="18:10")
    before = files(site)
    ingest(site, "alertmanager", mixed_group(checkout, api, common="critical"))
    name, opening = opened(site, before)

    result = ingest(site, "alertmanager", mixed_group(checkout_cleared, api, common="critical"))
    again = ingest(site, "alertmanager", mixed_group(checkout_cleared, api, common="critical"))

    assert 0 == result.exit_code, result.output
    assert "Nothing" not in result.output
    assert "Nothing to do" in again.output  # the same news twice is told once
    text = files(site)[name]
    # Dated when its alert cleared (18:10Z), not when the news arrived.
    assert text.endswith("## Investigating at 2026-11-22 19:10 +01:00\n"
                         "Components: checkout=operational\n\n"
                         "The problem no longer affects Checkout.\n")  # fmt: skip
    # Still the firing that began at 18:00: api's alert is no new firing.
    fired = [line for line in text.splitlines() if "fired_at:" in line]
    assert fired == [line for line in opening.splitlines() if "fired_at:" in line]
    assert ("operational", "major_outage") == (
        component_status(site, "2026-11-22T18:30:00Z", "checkout"),
        component_status(site, "2026-11-22T18:30:00Z", "api"),
    )
    check_clean(site)


def test_a_late_clear_of_a_component_firing_again_leaves_it_down(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    api = member("api", "critical", "18:00")
    checkout_cleared = member("checkout", "warning", "18:01", ends="18:12")
    partly = mixed_group(api, checkout_cleared)
    before = files(site)
    ingest(site, "alertmanager", mixed_group(api, member("checkout", "warning", "18:01")),
           now="2026-11-22T18:05:00Z")  # fmt: skip
    ingest(site, "alertmanager", partly, now="2026-11-22T18:15:00Z")
    # Checkout fires again, critical, from 18:20 on.
    ingest(site, "alertmanager", mixed_group(api, member("checkout", "critical", "18:20")),
           now="2026-11-22T18:25:00Z")  # fmt: skip
    name, written = opened(site, before)

    # A relay's retry of the notification in which checkout had cleared, at 18:12.
    retry = ingest(site, "alertmanager", partly, now="2026-11-22T18:26:00Z")

    assert 0 == retry.exit_code, retry.output
    assert "a late or repeated delivery" in retry.output
    assert written == files(site)[name]
    assert "major_outage" == component_status(site, "2026-11-22T18:27:00Z", "checkout")
    check_clean(site)

    # Its clear after that firing still marks it up.
    cleared = mixed_group(api, member("checkout", "critical", "18:20", ends="18:40"))
    result = ingest(site, "alertmanager", cleared, now="2026-11-22T18:41:00Z")

    assert "Some of the group's alerts cleared" in result.output
    assert "operational" == component_status(site, "2026-11-22T18:42:00Z", "checkout")
    check_clean(site)


def test_a_group_s_clear_delivered_after_a_later_firing_still_ends_each_member(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    # API fires from 18:00 and clears at 18:10; then checkout alone fires from 18:12. The
    # relay delivers the group's clear after checkout's firing.
    ingested(
        site,
        ([member("api", "critical", "18:00")], "18:01"),
        ([member("checkout", "warning", "18:12")], "18:14"),
    )
    late = ingested(site, ([member("api", "critical", "18:00", ends="18:10")], "18:15"))

    assert "Checkout (since 2026-11-22 19:12 +01:00) fired after" in late.output
    seen = {
        "18:05": ("major_outage", "operational"),
        "18:30": ("operational", "degraded_performance"),
    }
    assert seen == statuses_at(site, seen, "api", "checkout")
    check_clean(site)

    # Checkout's own clear still ends the incident.
    ingested(site, ([member("checkout", "warning", "18:12", ends="18:40")], "18:41"))
    seen = {"18:45": ("operational", "operational")}
    assert seen == statuses_at(site, seen, "api", "checkout")


@pytest.mark.parametrize("second", ["warning", "critical"], ids=["same-severity", "worse"])
def test_a_component_firing_again_is_down_from_its_first_alert_s_start(
    tmp_path: Path, second: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    api = member("api", "critical", "18:00")
    # Checkout's two alerts fire again from 18:20 and 18:25, told in one notification.
    again = member("checkout", second, "18:25")
    again["labels"] = {**again["labels"], "instance": "b"}  # type: ignore[dict-item]
    ingested(
        site,
        ([api, member("checkout", "warning", "18:00")], "18:01"),
        ([api, member("checkout", "warning", "18:00", ends="18:10")], "18:11"),
        ([api, member("checkout", "warning", "18:20"), again], "18:26"),
    )

    status = {"warning": "degraded_performance", "critical": "major_outage"}[second]
    seen = {"18:15": ("operational",), "18:22": (status,), "18:27": (status,)}
    assert seen == statuses_at(site, seen, "checkout")
    check_clean(site)


@pytest.mark.parametrize(
    ("api_ends", "db"),
    [("", False), ("", True), ("18:24", False), ("18:24", True)],
    ids=["api-firing", "api-firing-db-up", "group-resolved", "group-resolved-db-up"],
)
def test_an_outage_between_two_notifications_delivered_late_is_still_shown(
    tmp_path: Path, api_ends: str, db: bool
) -> None:
    site = own_times_site(tmp_path, pages=False)
    api = member("api", "critical", "18:00")
    # Web was down 18:20 to 18:25 (only the 18:26 notification says so, API still firing
    # or the whole group cleared, db too, down since 18:00) and again from 18:30; the
    # 18:31 notification, API firing again too, is delivered first.
    dbs = [member("db", "critical", "18:00")] if db else []
    between = [member("api", "critical", "18:00", api_ends),
               member("web", "warning", "18:20", ends="18:25"),
               *[member("db", "critical", "18:00", ends="18:22") for _ in dbs]]  # fmt: skip
    refired = member("api", "critical", "18:30" if api_ends else "18:00")
    ingested(site, ([api, *dbs], "18:01"), ([refired, member("web", "warning", "18:30")], "18:32"))

    late = ingested(site, (between, "18:33"))

    assert "fired again" not in late.output
    # API's incident, firing again since, stays open; db, when down, is up again.
    down = "major_outage" if db else "operational"
    seen = {
        "18:15": ("operational", "major_outage", down),
        "18:22": ("degraded_performance", "major_outage", down),
        "18:27": ("operational", "major_outage", down),
        "18:34": ("degraded_performance", "major_outage", "operational"),
    }
    assert seen == statuses_at(site, seen, "web", "api", "db")
    check_clean(site)
    # A second copy of it records nothing more.
    written = files(site)
    ingested(site, (between, "18:35"))
    assert written == files(site)


def test_a_late_firing_of_a_component_that_cleared_leaves_it_up(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    checkout = member("checkout", "critical", "18:01")
    firing = mixed_group(member("api", "critical", "18:00"), checkout)
    before = files(site)
    ingest(site, "alertmanager", firing, now="2026-11-22T18:02:00Z")
    # Api's alert clears at 18:10 while checkout's still fires.
    cleared = mixed_group(member("api", "critical", "18:00", ends="18:10"), checkout)
    ingest(site, "alertmanager", cleared, now="2026-11-22T18:11:00Z")
    name, written = opened(site, before)

    # A relay's retry of the 18:02 notification, in which api's alert still fired.
    retry = ingest(site, "alertmanager", firing, now="2026-11-22T18:13:00Z")

    assert 0 == retry.exit_code, retry.output
    assert "a late or repeated delivery" in retry.output
    assert "severity rose" not in retry.output
    assert written == files(site)[name]
    assert "operational" == component_status(site, "2026-11-22T18:14:00Z", "api")
    check_clean(site)

    # Its alert beginning again after that clear still marks it down.
    again = mixed_group(member("api", "critical", "18:20"), checkout)
    result = ingest(site, "alertmanager", again, now="2026-11-22T18:21:00Z")

    assert 0 == result.exit_code, result.output
    assert "The problem is back. API: major outage." in files(site)[name]
    assert "major_outage" == component_status(site, "2026-11-22T18:22:00Z", "api")
    check_clean(site)


def test_a_component_joining_an_open_incident_is_down_from_its_alert_s_start(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    api = member("api", "critical", "18:00")
    before = files(site)
    ingest(site, "alertmanager", mixed_group(api, common="critical"), now="2026-11-22T18:01:00Z")
    name, _ = opened(site, before)

    # Checkout's alert began at 18:05; the notification adding it arrives at 18:35.
    joined = mixed_group(api, member("checkout", "critical", "18:05"), common="critical")
    result = ingest(site, "alertmanager", joined, now="2026-11-22T18:35:00Z")

    assert 0 == result.exit_code, result.output
    assert "Checkout joined alertmanager alert g: one update with their statuses." in result.output
    text = files(site)[name]
    assert text.endswith("## Investigating at 2026-11-22 19:05 +01:00\n"
                         "Components: checkout=major_outage\n\n"
                         "The problem has grown. Checkout: major outage.\n")  # fmt: skip
    assert "major_outage" == component_status(site, "2026-11-22T18:20:00Z", "checkout")
    check_clean(site)
    # Cleared at 18:50: 45 minutes of major outage in the day, not the 15 since it arrived.
    cleared = mixed_group(
        member("api", "critical", "18:00", ends="18:50"),
        member("checkout", "critical", "18:05", ends="18:50"),
        common="critical",
    )
    assert 0 == ingest(site, "alertmanager", cleared, now="2026-11-22T18:51:00Z").exit_code
    assert api_day(site, "Checkout").startswith("Nov 22, 2026: Major outage, 96.87% uptime;")


@pytest.mark.parametrize(
    ("person", "starts", "arrives", "worse", "heading"),
    [
        # A person's update at 18:10: the incident's updates stay in order.
        ("2026-11-22T18:10:00Z", "18:05", "18:35", "warning", "19:10"),
        # A sender's clock ahead of ours: a later start would hide it until then.
        (None, "18:50", "18:35", "warning", "19:35"),
        # Api's severity rises in the same notification: the payload says when its
        # alerts began, not when one grew worse, so the update is dated on arrival.
        (None, "18:05", "18:35", "critical", "19:35"),
    ],
    ids=["after-the-last-update", "clock-ahead", "with-a-severity-rise"],
)
def test_a_component_joining_an_open_incident_is_dated_no_earlier_than_it_can_be(
    tmp_path: Path, person: str | None, starts: str, arrives: str, worse: str, heading: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    before = files(site)
    first = mixed_group(member("api", "warning", "18:00"))
    ingest(site, "alertmanager", first, now="2026-11-22T18:01:00Z")
    name, _ = opened(site, before)
    if person is not None:
        update = ["-C", str(site), "update", name[:-3], "-m", "Looking.", "--now", person]
        assert 0 == CliRunner().invoke(cli, update).exit_code

    joined = mixed_group(member("api", worse, "18:00"), member("checkout", "warning", starts))
    result = ingest(site, "alertmanager", joined, now=f"2026-11-22T{arrives}:00Z")

    assert 0 == result.exit_code, result.output
    assert f"## Investigating at 2026-11-22 {heading} +01:00" == headings(files(site)[name])[-1]
    check_clean(site)


@pytest.mark.parametrize(
    ("person", "title"),
    [
        ("Slow checkout for EU customers", "Slow checkout for EU customers"),
        # Ingest's own title still names the component that joined.
        (None, "Checkout: Major outage; API: Degraded performance"),
    ],
    ids=["a-person-s-title", "ingest-s-title"],
)
def test_a_title_a_person_wrote_is_kept_when_a_component_joins(
    tmp_path: Path, person: str | None, title: str
) -> None:
    rules = BY_SEVERITY.replace("      on_resolved: resolve\n", "", 1)
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    before = files(site)
    api = member("api", "warning", "18:00")
    ingest(site, "alertmanager", mixed_group(api), now="2026-11-22T18:01:00Z")
    name, _ = opened(site, before)
    path = site / "content" / "incidents" / name
    if person is not None:
        path.write_text(path.read_text().replace("API: Degraded performance", person, 1))

    # Checkout's alert began at 18:05 and cleared unheard: written down from its start.
    cleared = mixed_group(
        member("api", "warning", "18:00", ends="18:40"),
        member("checkout", "critical", "18:05", ends="18:40"),
    )
    result = ingest(site, "alertmanager", cleared, now="2026-11-22T18:45:00Z")

    assert 0 == result.exit_code, result.output
    assert [title] == titles(site)
    assert "The problem has grown. Checkout: major outage." in path.read_text()
    check_clean(site)


def test_a_title_a_person_wrote_is_kept_when_the_group_fires_again_at_staggered_starts(
    tmp_path: Path,
) -> None:
    # Reopened at API's new start, checkout joining at its own later one (_reopen, _joined).
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    before = files(site)
    ingest(site, "alertmanager", mixed_group(member("api", "warning", "18:00")),
           now="2026-11-22T18:01:00Z")  # fmt: skip
    name, _ = opened(site, before)
    path = site / "content" / "incidents" / name
    path.write_text(path.read_text().replace("API: Degraded performance", "Slow API", 1))
    cleared = mixed_group(member("api", "warning", "18:00", ends="18:10"))
    assert 0 == ingest(site, "alertmanager", cleared, now="2026-11-22T18:11:00Z").exit_code

    again = mixed_group(member("api", "critical", "18:20"), member("checkout", "critical", "18:30"))
    result = ingest(site, "alertmanager", again, now="2026-11-22T18:35:00Z")

    assert 0 == result.exit_code, result.output
    assert ["Slow API"] == titles(site)
    assert "The problem has grown. Checkout: major outage." in path.read_text()
    check_clean(site)


def test_a_title_a_person_wrote_is_kept_until_a_staggered_group_spreads_to_another_page(
    tmp_path: Path,
) -> None:
    # Dashboard (on checkout's pages) joins first, then API moves it to the public page:
    # the person's title stays on the incident it was written for, handed over at 18:20.
    rules = BY_SEVERITY.replace("      on_resolved: resolve\n", "", 1)
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + rules})
    before = files(site)
    checkout = member("checkout", "warning", "18:00")
    ingest(site, "alertmanager", mixed_group(checkout), now="2026-11-22T18:01:00Z")
    name, _ = opened(site, before)
    path = site / "content" / "incidents" / name
    path.write_text(path.read_text().replace("Checkout: Degraded performance", "Slow checkout", 1))

    spread = mixed_group(
        checkout, member("dashboard", "critical", "18:10"), member("api", "critical", "18:20")
    )
    result = ingest(site, "alertmanager", spread, now="2026-11-22T18:35:00Z")

    assert 0 == result.exit_code, result.output
    assert ["API: Major outage", "Slow checkout"] == titles(site)
    assert "The problem has grown. Dashboard: major outage." in path.read_text()
    check_clean(site)


def test_a_component_firing_again_in_its_open_incident_says_so(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    api = member("api", "critical", "18:00")
    before = files(site)
    ingest(site, "alertmanager", mixed_group(api, member("checkout", "critical", "18:00"),
           common="critical"), now="2026-11-22T18:01:00Z")  # fmt: skip
    ingest(site, "alertmanager", mixed_group(api, member("checkout", "critical", "18:00",
           ends="18:10"), common="critical"), now="2026-11-22T18:11:00Z")  # fmt: skip
    name, _ = opened(site, before)

    # Checkout's alert fires again from 18:20; the notification arrives at 18:40.
    again = mixed_group(api, member("checkout", "critical", "18:20"), common="critical")
    result = ingest(site, "alertmanager", again, now="2026-11-22T18:40:00Z")

    assert 0 == result.exit_code, result.output
    assert "Checkout fired again in alertmanager alert g: one update with their statuses." in (
        result.output
    )
    assert "severity rose" not in result.output
    text = files(site)[name]
    assert text.endswith("## Investigating at 2026-11-22 19:20 +01:00\n"
                         "Components: checkout=major_outage\n\n"
                         "The problem is back. Checkout: major outage.\n")  # fmt: skip
    assert "major_outage" == component_status(site, "2026-11-22T18:30:00Z", "checkout")
    check_clean(site)


@pytest.mark.parametrize(
    ("api_ends", "joins", "uptime"),
    [
        # Checkout joins at 10:10, the API's alert clears at 10:30 (UTC): 30 minutes down.
        ("10:30", "10:10", "97.91%"),
        # The API's alert clears at 10:20, checkout joins at 10:35: 20 minutes down.
        ("10:20", "10:35", "98.61%"),
    ],
    ids=["joins-first", "clears-first"],
)
def test_a_clear_and_a_join_in_one_notification_are_each_dated_when_they_happened(
    tmp_path: Path, api_ends: str, joins: str, uptime: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    before = files(site)
    ingest(site, "alertmanager", mixed_group(member("api", "critical", "10:00")),
           now="2026-11-22T10:05:00Z")  # fmt: skip
    name, _ = opened(site, before)

    both = [member("api", "critical", "10:00", ends=api_ends), member("checkout", "warning", joins)]
    result = ingest(site, "alertmanager", mixed_group(*both), now="2026-11-22T10:40:00Z")

    assert 0 == result.exit_code, result.output
    assert "Checkout joined alertmanager alert g: one update with their statuses." in result.output
    # Two updates in time order, each at the site's time (+01:00) of what it tells.
    joined = (f"## Investigating at 2026-11-22 {local(joins)}\n"
              "Components: checkout=degraded_performance\n\n"
              "The problem has grown. Checkout: degraded performance.\n")  # fmt: skip
    cleared = (f"## Investigating at 2026-11-22 {local(api_ends)}\n"
               "Components: api=operational\n\n"
               "The problem no longer affects API.\n")  # fmt: skip
    first, second = sorted([joined, cleared])
    assert files(site)[name].endswith(f"{first}\n{second}")
    assert api_day(site).startswith(f"Nov 22, 2026: Major outage, {uptime} uptime;")
    check_clean(site)


def test_components_clearing_at_different_times_in_one_notification_are_dated_apart(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    before = files(site)
    firing = [member("api", "warning", "10:00"), member("dashboard", "critical", "10:00"),
              member("checkout", "critical", "10:00")]  # fmt: skip
    ingest(site, "alertmanager", mixed_group(*firing), now="2026-11-22T10:05:00Z")
    name, _ = opened(site, before)

    # The API's alert clears at 10:20, the dashboard's at 10:30; checkout's still fires.
    cleared = [member("api", "warning", "10:00", ends="10:20"),
               member("dashboard", "critical", "10:00", ends="10:30"), firing[2]]  # fmt: skip
    result = ingest(site, "alertmanager", mixed_group(*cleared), now="2026-11-22T10:40:00Z")

    assert 0 == result.exit_code, result.output
    text = files(site)[name]
    assert text.endswith("## Investigating at 2026-11-22 11:20 +01:00\n"
                         "Components: api=operational\n\n"
                         "The problem no longer affects API.\n\n"
                         "## Investigating at 2026-11-22 11:30 +01:00\n"
                         "Components: dashboard=operational\n\n"
                         "The problem no longer affects Dashboard.\n")  # fmt: skip
    # Up from its own clear, not the dashboard's.
    assert ("operational", "major_outage") == (
        component_status(site, "2026-11-22T10:25:00Z", "api"),
        component_status(site, "2026-11-22T10:25:00Z", "dashboard"),
    )
    check_clean(site)


@pytest.mark.parametrize(
    ("resolves", "person"),
    [(False, False), (False, True), (True, False)],
    ids=["monitoring", "after-a-person-s-monitoring", "resolved"],
)
def test_a_group_s_final_clear_dates_each_component_up_when_its_alert_cleared(
    tmp_path: Path, resolves: bool, person: bool
) -> None:
    rules = BY_SEVERITY if resolves else BY_SEVERITY.replace("      on_resolved: resolve\n", "")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    before = files(site)
    firing = [member("api", "warning", "10:00"), member("dashboard", "critical", "10:00")]
    ingest(site, "alertmanager", mixed_group(*firing), now="2026-11-22T10:05:00Z")
    name, _ = opened(site, before)
    if person:
        watch = ["-C", str(site), "update", name[:-3], "--status", "monitoring", "-m", "On it."]
        assert 0 == CliRunner().invoke(cli, [*watch, "--now", "2026-11-22T10:10:00Z"]).exit_code

    # The API's alert clears at 10:20, the dashboard's at 10:30: the group is resolved.
    cleared = [member("api", "warning", "10:00", ends="10:20"),
               member("dashboard", "critical", "10:00", ends="10:30")]  # fmt: skip
    result = ingest(site, "alertmanager", mixed_group(*cleared), now="2026-11-22T10:40:00Z")

    assert 0 == result.exit_code, result.output
    state = "Monitoring" if person else "Investigating"
    final = "Resolved" if resolves else "Monitoring"
    assert (f"## {state} at 2026-11-22 11:20 +01:00\n"
            "Components: api=operational\n\n"
            "The problem no longer affects API.\n\n"
            f"## {final} at 2026-11-22 11:30 +01:00\n") in files(site)[name]  # fmt: skip
    # Up from its own clear, not the dashboard's.
    assert ("operational", "major_outage") == (
        component_status(site, "2026-11-22T10:25:00Z", "api"),
        component_status(site, "2026-11-22T10:25:00Z", "dashboard"),
    )
    check_clean(site)


def test_an_alert_that_fired_and_cleared_between_deliveries_is_on_the_page(
    tmp_path: Path,
) -> None:
    # checkout's alert (shown only on the internal page) fires; the next notification has
    # it still firing, and an API alert that fired at 10:10 and cleared at 10:14 in
    # between (Alertmanager sends it cleared, its firing never delivered). In order, API
    # would have joined at 10:10, on the public page too, and been up again at 10:14.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SEVERITY})
    checkout = member("checkout", "critical", "10:00")
    first = ingest(site, "alertmanager", mixed_group(checkout), now="2026-11-22T10:01:00Z")
    assert 0 == first.exit_code, first.output

    api = member("api", "warning", "10:10", ends="10:14")
    result = ingest(site, "alertmanager", mixed_group(checkout, api), now="2026-11-22T10:20:00Z")

    assert 0 == result.exit_code, result.output
    assert "Nothing on the page changes" not in result.output
    assert [("operational", "major_outage"), ("degraded_performance", "major_outage"),
            ("operational", "major_outage")] == [
        (component_status(site, f"2026-11-22T{at}:00Z", "api"),
         component_status(site, f"2026-11-22T{at}:00Z", "checkout"))
        for at in ("10:05", "10:12", "10:16")
    ]  # fmt: skip
    built = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", "2026-11-22T10:30Z"])
    assert 0 == built.exit_code, built.output
    incidents = json.loads((site / "public" / "api" / "v2" / "incidents.json").read_text())
    # Titled as the notifications in order leave it once API is up: by what is still down,
    # which the public page does not show.
    assert ["Problem detected"] == [i["name"] for i in incidents["incidents"]]
    assert [] == public_files_naming(site, b"checkout")
    # A late copy of the notification in which API fired changes nothing.
    text = files(site)
    late = mixed_group(checkout, member("api", "warning", "10:10"))
    assert 0 == ingest(site, "alertmanager", late, now="2026-11-22T10:25:00Z").exit_code
    assert text == files(site)
    check_clean(site)


@pytest.mark.parametrize("pages", ["", PAGES], ids=["one-page", "pages"])
def test_a_group_s_clear_before_its_firing_dates_each_component_by_its_own_alerts(
    tmp_path: Path, pages: str
) -> None:
    # Written as delivered in order: checkout down 18:02-18:45, API only 18:10-18:30.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + pages + BY_SEVERITY})
    cleared = [member("checkout", "critical", "18:02", ends="18:45"),
               member("api", "warning", "18:10", ends="18:30")]  # fmt: skip

    result = ingest(site, "alertmanager", mixed_group(*cleared), now="2026-11-22T19:00:00Z")

    assert 0 == result.exit_code, result.output
    assert [("operational", "major_outage"), ("degraded_performance", "major_outage"),
            ("operational", "major_outage"), ("operational", "operational")] == [
        (component_status(site, f"2026-11-22T{at}:00Z", "api"),
         component_status(site, f"2026-11-22T{at}:00Z", "checkout"))
        for at in ("18:05", "18:20", "18:35", "18:50")
    ]  # fmt: skip
    if pages:
        # The incident reaches the public page with API: none of its words name checkout.
        built = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", "2026-11-22T19:00Z"])
        assert 0 == built.exit_code, built.output
        assert [] == public_files_naming(site, b"checkout")
    check_clean(site)


@pytest.mark.parametrize("pages", ["", PAGES], ids=["one-page", "pages"])
def test_a_group_s_clear_before_its_firing_of_one_severity_dates_each_by_its_own_alerts(
    tmp_path: Path, pages: str
) -> None:
    # The docs' example, both alerts of one severity (one class of alerts, whose latest
    # start is API's): checkout down 18:02-18:45, API only 18:10-18:30. Opened at 18:02
    # for checkout alone, never as an incident naming no component (shown on every page).
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + pages + BY_SEVERITY})
    cleared = [member("checkout", "critical", "18:02", ends="18:45"),
               member("api", "critical", "18:10", ends="18:30")]  # fmt: skip

    result = ingest(site, "alertmanager", mixed_group(*cleared), now="2026-11-22T19:00:00Z")

    assert 0 == result.exit_code, result.output
    assert [("operational", "major_outage"), ("major_outage", "major_outage"),
            ("operational", "major_outage"), ("operational", "operational")] == [
        (component_status(site, f"2026-11-22T{at}:00Z", "api"),
         component_status(site, f"2026-11-22T{at}:00Z", "checkout"))
        for at in ("18:05", "18:20", "18:35", "18:50")
    ]  # fmt: skip
    assert all(i.components for i in load_site(site).incidents)
    if pages:
        built = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", "2026-11-22T19:00Z"])
        assert 0 == built.exit_code, built.output
        incidents = json.loads((site / "public" / "api" / "v2" / "incidents.json").read_text())
        # Once API is up, titled by what is still down, which the public page does not show.
        assert ["Problem detected"] == [i["name"] for i in incidents["incidents"]]
        assert [] == public_files_naming(site, b"checkout")
    check_clean(site)


def written_words(site: Path) -> dict[str, str]:
    """Each incident file's title, updates and statuses, without its `alert:` record."""
    return {
        name: re.sub(r"^alert:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
        for name, text in files(site).items()
    }


def test_a_group_s_clear_before_its_firing_hands_over_as_in_order_delivery_does(
    tmp_path: Path,
) -> None:
    # Checkout (internal page only) 18:02-18:45, API (public page too) 18:10-18:30, heard
    # of first in the group's clear: in order, checkout's incident would have been handed
    # over to a new one when API joined, its words never reaching the public page.
    rules = BY_SEVERITY.replace("      on_resolved: resolve\n", "", 1)
    in_order = write_site(tmp_path / "in-order", {"statusgen.yaml": SETTINGS + PAGES + rules})
    checkout, api = member("checkout", "critical", "18:02"), member("api", "warning", "18:10")
    cleared = [member("checkout", "critical", "18:02", ends="18:45"),
               member("api", "warning", "18:10", ends="18:30")]  # fmt: skip
    deliveries = [
        (mixed_group(checkout), "18:03"),
        (mixed_group(checkout, api), "18:11"),
        (mixed_group(checkout, cleared[1]), "18:31"),
        (mixed_group(*cleared), "18:50"),
    ]
    for payload, now in deliveries:
        assert 0 == ingest(in_order, "alertmanager", payload, now=f"2026-11-22T{now}:00Z").exit_code
    site = write_site(tmp_path / "clear-first", {"statusgen.yaml": SETTINGS + PAGES + rules})

    result = ingest(site, "alertmanager", mixed_group(*cleared), now="2026-11-22T18:50:00Z")

    assert 0 == result.exit_code, result.output
    assert "puts the incident" not in result.output
    assert written_words(in_order) == written_words(site)
    checked = CliRunner().invoke(cli, ["-C", str(site), "check"])
    assert 0 == checked.exit_code, checked.output
    assert "puts the incident" not in checked.output
    built = CliRunner().invoke(cli, ["-C", str(site), "build", "--now", "2026-11-22T19:00Z"])
    assert 0 == built.exit_code, built.output
    incidents = json.loads((site / "public" / "api" / "v2" / "incidents.json").read_text())
    # Once API is up, titled by what is still down, which the public page does not show.
    assert ["Problem detected"] == [i["name"] for i in incidents["incidents"]]
    assert [] == public_files_naming(site, b"checkout")


def local(utc: str) -> str:
    """A time on 22 November (UTC, `HH:MM`) as the site's headings write it (+01:00)."""
    hours, minutes = utc.split(":")
    return f"{int(hours) + 1:02d}:{minutes} +01:00"


# The same, with an impact for the critical alerts: the late one must not raise it either.
BY_SEVERITY_IMPACT = BY_SEVERITY.replace(
    "critical: major_outage,", "critical: {status: major_outage, impact: critical},", 1
)


@pytest.mark.parametrize("pages", ["", PAGES], ids=["one-page", "pages"])
def test_a_group_s_final_clear_tells_a_clear_already_written_no_second_time(
    tmp_path: Path, pages: str
) -> None:
    # API's alert cleared at 18:30 while checkout's still fired, and that update was
    # written then; the group's final clear still lists API's alert, cleared at 18:30.
    rules = BY_SEVERITY.replace("      on_resolved: resolve\n", "", 1)
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + pages + rules})
    checkout = member("checkout", "critical", "18:02")
    api = member("api", "warning", "18:10")
    api_cleared = member("api", "warning", "18:10", ends="18:30")
    deliveries = [
        (mixed_group(checkout), "18:03"),
        (mixed_group(checkout, api), "18:11"),
        (mixed_group(checkout, api_cleared), "18:31"),
        (mixed_group(member("checkout", "critical", "18:02", ends="18:45"), api_cleared), "18:50"),
    ]
    for payload, now in deliveries:
        result = ingest(site, "alertmanager", payload, now=f"2026-11-22T{now}:00Z")
        assert 0 == result.exit_code, result.output

    carried = max(files(site).values(), key=lambda text: "Monitoring" in text)
    assert 1 == carried.count("The problem no longer affects API.")
    assert [f"## Investigating at 2026-11-22 {local('18:30')}",
            f"## Monitoring at 2026-11-22 {local('18:45')}"] == headings(carried)[-2:]  # fmt: skip
    check_clean(site)


@pytest.mark.parametrize("rules", [BY_SEVERITY, BY_SEVERITY_IMPACT], ids=["status", "impact"])
def test_a_late_firing_from_a_group_s_cleared_incident_leaves_its_new_one_as_it_is(
    tmp_path: Path, rules: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    firing = mixed_group(member("api", "critical", "18:00"))
    ingest(site, "alertmanager", firing, now="2026-11-22T18:01:00Z")
    cleared = mixed_group(member("api", "critical", "18:00", ends="18:05"))
    ingest(site, "alertmanager", cleared, now="2026-11-22T18:06:00Z")
    # Past the flap window, only checkout's alert fires: the group's new incident.
    before = files(site)
    ingest(site, "alertmanager", mixed_group(member("checkout", "warning", "19:10")),
           now="2026-11-22T19:11:00Z")  # fmt: skip
    opened(site, before)  # a new incident: the earlier one stays resolved
    written = files(site)

    # A relay's retry of the 18:01 notification, of the incident that has cleared.
    retry = ingest(site, "alertmanager", firing, now="2026-11-22T19:13:00Z")

    assert 0 == retry.exit_code, retry.output
    assert "a late or repeated delivery" in retry.output
    assert written == files(site)
    assert "operational" == component_status(site, "2026-11-22T19:14:00Z", "api")
    assert ["minor"] == impacts(site, "2026-11-22T19:14:00Z")
    check_clean(site)


def headings(text: str) -> list[str]:
    """The update headings of an incident file: what its page shows, one per update."""
    return [line for line in text.splitlines() if line.startswith("## ")]


def test_a_late_clear_of_a_component_that_fired_again_while_down_leaves_it_down(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    api = member("api", "critical", "18:00")  # fires all along
    before = files(site)
    ingest(site, "alertmanager", vendor_group(api, member("checkout", "critical", "18:00")),
           now="2026-11-22T18:01:00Z")  # fmt: skip
    name, written = opened(site, before)
    # Checkout's alert clears at 18:30; that notification is held up in the relay.
    cleared = vendor_group(api, member("checkout", "critical", "18:00", ends="18:30"))
    # Checkout's alert fires again from 18:40, reaching us first: checkout is still down here.
    again = ingest(site, "alertmanager", vendor_group(api, member("checkout", "critical", "18:40")),
                   now="2026-11-22T18:41:00Z")  # fmt: skip

    assert 0 == again.exit_code, again.output
    assert "Nothing on the page changes" in again.output
    assert headings(written) == headings(files(site)[name])

    late = ingest(site, "alertmanager", cleared, now="2026-11-22T18:45:00Z")

    assert 0 == late.exit_code, late.output
    assert "a late or repeated delivery" in late.output
    assert "no longer affects" not in files(site)[name]
    assert "major_outage" == component_status(site, "2026-11-22T18:46:00Z", "checkout")
    check_clean(site)


def test_a_late_firing_of_a_component_that_cleared_again_while_up_leaves_it_up(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    checkout = member("checkout", "critical", "18:00")  # fires all along
    before = files(site)
    ingest(site, "alertmanager", vendor_group(member("api", "critical", "18:00"), checkout),
           now="2026-11-22T18:01:00Z")  # fmt: skip
    ingest(site, "alertmanager",
           vendor_group(member("api", "critical", "18:00", ends="18:20"), checkout),
           now="2026-11-22T18:21:00Z")  # fmt: skip
    name, written = opened(site, before)
    # Api's alert fires again from 18:25; that notification is held up in the relay.
    fired = vendor_group(member("api", "critical", "18:25"), checkout)
    # Its clear at 18:35 reaches us first: written as it happened, down 18:25 to 18:35.
    cleared = ingest(site, "alertmanager",
                     vendor_group(member("api", "critical", "18:25", ends="18:35"), checkout),
                     now="2026-11-22T18:36:00Z")  # fmt: skip

    assert 0 == cleared.exit_code, cleared.output
    outage = files(site)[name]
    assert [*headings(written), "## Investigating at 2026-11-22 19:25 +01:00",
            "## Investigating at 2026-11-22 19:35 +01:00"] == headings(outage)  # fmt: skip
    assert "major_outage" == component_status(site, "2026-11-22T18:30:00Z", "api")

    late = ingest(site, "alertmanager", fired, now="2026-11-22T18:40:00Z")

    assert 0 == late.exit_code, late.output
    assert "a late or repeated delivery" in late.output
    assert "severity rose" not in late.output
    assert outage == files(site)[name]
    assert "operational" == component_status(site, "2026-11-22T18:41:00Z", "api")
    check_clean(site)


@pytest.mark.parametrize("rules", [BY_SEVERITY, BY_SEVERITY_IMPACT], ids=["status", "impact"])
def test_a_late_firing_from_a_group_s_cleared_incident_leaves_a_component_down_as_it_is(
    tmp_path: Path, rules: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    firing = vendor_group(member("api", "critical", "18:00"))
    ingest(site, "alertmanager", firing, now="2026-11-22T18:01:00Z")
    ingest(site, "alertmanager", vendor_group(member("api", "critical", "18:00", ends="18:05")),
           now="2026-11-22T18:06:00Z")  # fmt: skip
    # Past the flap window, the api fires again with a warning: the group's new incident.
    before = files(site)
    ingest(site, "alertmanager", vendor_group(member("api", "warning", "19:10")),
           now="2026-11-22T19:11:00Z")  # fmt: skip
    opened(site, before)
    written = files(site)

    # A relay's retry of the 18:01 notification, of the incident that has cleared.
    retry = ingest(site, "alertmanager", firing, now="2026-11-22T19:13:00Z")

    assert 0 == retry.exit_code, retry.output
    assert "a late or repeated delivery" in retry.output
    assert "severity rose" not in retry.output
    assert written == files(site)
    assert "degraded_performance" == component_status(site, "2026-11-22T19:14:00Z", "api")
    assert ["minor"] == impacts(site, "2026-11-22T19:14:00Z")
    check_clean(site)


def test_an_alert_naming_no_component_keeps_no_other_component_down(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    other = member("nosuch", "critical", "18:05")  # no component of this site
    unknown = "warning: rule 'rule 1': alerts.labels.service='nosuch' is not a component id"
    before = files(site)
    first = ingest(site, "alertmanager", vendor_group(member("api", "critical", "18:00"), other),
                   now="2026-11-22T18:10:00Z")  # fmt: skip
    name, _ = opened(site, before)

    # Api's alert clears at 18:20 while the other still fires.
    result = ingest(site, "alertmanager",
                    vendor_group(member("api", "critical", "18:00", ends="18:20"), other),
                    now="2026-11-22T18:25:00Z")  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "Some of the group's alerts cleared" in result.output
    assert "The problem no longer affects API." in files(site)[name]
    assert "operational" == component_status(site, "2026-11-22T18:30:00Z", "api")
    # Each delivery naming it says so, not only the first.
    assert unknown in first.stderr
    assert unknown in result.stderr
    check_clean(site)


def test_a_group_s_first_news_marks_only_its_firing_alerts_components_down_now(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    checkout_cleared = member("checkout", "critical", "18:00", ends="18:10")
    before = files(site)

    result = ingest(
        site,
        "alertmanager",
        mixed_group(checkout_cleared, member("api", "critical", "18:01"), common="critical"),
    )

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert "  api: major_outage" in text.splitlines()
    # Down only while its alert fired (18:00 to 18:10, written as it happened), up now.
    assert "  checkout: operational" in text.splitlines()
    assert DOWN == component_status(site, "2026-11-22T18:05:00Z", "checkout")
    assert UP == component_status(site, NOW, "checkout")


def test_a_group_reopened_for_one_component_puts_the_one_that_cleared_back_up(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SEVERITY})
    before = files(site)
    api, checkout = member("api", "critical", "18:00"), member("checkout", "warning", "18:00")
    ingest(site, "alertmanager", mixed_group(api, checkout), now="2026-11-22T18:01:00Z")
    cleared = [member("api", "critical", "18:00", "18:20"),
               member("checkout", "warning", "18:00", "18:20")]  # fmt: skip
    ingest(site, "alertmanager", mixed_group(*cleared), now="2026-11-22T18:21:00Z")

    # Inside the flap window, only checkout's alert fires again: api's stays cleared.
    result = ingest(
        site,
        "alertmanager",
        mixed_group(member("checkout", "warning", "18:30")),
        now="2026-11-22T18:31:00Z",
    )

    assert 0 == result.exit_code, result.output
    assert "The alert fired again" in result.output
    _, text = opened(site, before)
    assert "Components: api=operational, checkout=degraded_performance" in text.splitlines()
    assert ["  api: operational", "  checkout: degraded_performance"] == [
        line for line in text.splitlines() if line.startswith(("  api:", "  checkout:"))
    ]
    assert ("operational", "degraded_performance") == (
        component_status(site, "2026-11-22T18:35:00Z", "api"),
        component_status(site, "2026-11-22T18:35:00Z", "checkout"),
    )
    # Before the reopening, the incident keeps what it said then.
    assert "major_outage" == component_status(site, "2026-11-22T18:10:00Z", "api")
    check_clean(site)


UP, DOWN = "operational", "major_outage"


@pytest.mark.parametrize("on_resolved", ["monitoring", "resolve"])
@pytest.mark.parametrize(
    ("starts", "seen"),
    [
        ("18:35", {"18:22": (UP, UP), "18:32": (DOWN, UP), "18:36": (DOWN, DOWN),
                   "18:39": (DOWN, UP)}),
        ("18:25", {"18:22": (UP, UP), "18:27": (UP, DOWN), "18:32": (DOWN, DOWN),
                   "18:39": (DOWN, UP)}),
    ],
    ids=["after-the-reopening", "before-the-reopening"],
)  # fmt: skip
def test_a_reopening_shows_a_group_member_that_fired_and_cleared_unheard(
    tmp_path: Path, on_resolved: str, starts: str, seen: dict[str, tuple[str, str]]
) -> None:
    # The group cleared at 18:20; the notification reopening it for api (firing since
    # 18:30) has checkout's alert, which fired at `starts` and cleared at 18:38 in between,
    # already cleared: in order, checkout would have been down from `starts` until 18:38.
    rules = BY_SEVERITY.replace("on_resolved: resolve", f"on_resolved: {on_resolved}")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    firing = [member("api", "critical", "18:00"), member("checkout", "critical", "18:00")]
    cleared = [member("api", "critical", "18:00", "18:20"),
               member("checkout", "critical", "18:00", "18:10")]  # fmt: skip
    refired = [member("api", "critical", "18:30"), member("checkout", "critical", starts, "18:38")]
    for group, now in [(firing, "18:01"), (cleared, "18:21"), (refired, "18:41")]:
        result = ingest(site, "alertmanager", mixed_group(*group), now=f"2026-11-22T{now}:00Z")
        assert 0 == result.exit_code, result.output

    assert "The alert fired again" in result.output
    assert seen == {
        at: tuple(
            component_status(site, f"2026-11-22T{at}:00Z", cid) for cid in ("api", "checkout")
        )
        for at in seen
    }
    check_clean(site)


OWN_TIMES_COMPONENTS = "- name: API\n- id: db\n  name: Database\n- id: web\n  name: Website\n"
OWN_TIMES_PAGES = """\
pages:
  public: {base_url: "https://status.example.com/", output: public, show: [api, web]}
  partners: {base_url: "https://partners.example.com/", output: partners, show: [api, db]}
  internal: {base_url: "https://internal.example.com/", output: internal, private: true}
"""
OWN_TIMES_RULES = """\
ingest:
  flap_window: 30m
  rules:
    - name: grp
      source: alertmanager
      component_from: alerts.labels.service
      severity: {critical: major_outage, error: partial_outage, warning: degraded_performance}
"""
# The docs' `api-probes`: the rule names its component, whichever alerts of the group fire.
FIXED_RULES = """\
ingest:
  flap_window: 30m
  rules:
    - name: api-probes
      source: alertmanager
      match: {alerts.labels.service: api}
      components: [api]
      severity:
        critical: {status: major_outage, impact: critical}
        warning: degraded_performance
"""
SLOW = "degraded_performance"


def own_times_site(tmp_path: Path, pages: bool, rules: str = OWN_TIMES_RULES) -> Path:
    """api, db and web, one rule for the group's alerts by service (or `rules`); with
    `pages`, web on the public page, db on the partners' page, api on both, and all on the
    internal one."""
    settings = SETTINGS + (OWN_TIMES_PAGES if pages else "") + rules
    return write_site(
        tmp_path,
        {
            "statusgen.yaml": settings,
            "content/components.yaml": OWN_TIMES_COMPONENTS,
            INCIDENT_PATH: None,
        },
    )


def ingested(site: Path, *deliveries: tuple[list[dict[str, object]], str]) -> Result:
    """The group's notifications (its alerts, `member`), each ingested at its time (UTC)."""
    for alerts, now in deliveries:
        result = ingest(site, "alertmanager", mixed_group(*alerts), now=f"2026-11-22T{now}:00Z")
        assert 0 == result.exit_code, result.output
    return result


def statuses_at(site: Path, seen: dict[str, tuple[str, ...]], *cids: str) -> dict[str, object]:
    """`seen`'s times, each with the statuses of `cids` then (times on 2026-11-22, UTC)."""
    return {
        at: tuple(component_status(site, f"2026-11-22T{at}:00Z", cid) for cid in cids)
        for at in seen
    }


@pytest.mark.parametrize("pages", [False, True], ids=["one-page", "pages"])
def test_a_group_s_final_clear_shows_an_outage_whose_firing_was_lost(
    tmp_path: Path, pages: bool
) -> None:
    # web's firing notification (10:05) never came: the final clear is the first word of it.
    site = own_times_site(tmp_path, pages)
    ingested(
        site,
        ([member("api", "warning", "10:00")], "10:01"),
        ([member("api", "warning", "10:00", "10:20"), member("web", "critical", "10:05", "10:30")],
         "10:31"),
    )  # fmt: skip

    seen = {"10:04": (SLOW, UP), "10:10": (SLOW, DOWN), "10:25": (UP, DOWN), "10:35": (UP, UP)}
    assert seen == statuses_at(site, seen, "api", "web")
    check_clean(site)


@pytest.mark.parametrize(
    ("spans", "seen"),
    [
        ([("warning", "14:00", "14:05"), ("critical", "14:08", "14:15")],
         {"14:03": SLOW, "14:06": UP, "14:09": DOWN, "14:12": DOWN, "14:16": UP}),
        ([("warning", "14:00", "14:05"), ("warning", "14:08", "14:15")],
         {"14:03": SLOW, "14:06": UP, "14:09": SLOW, "14:12": SLOW, "14:16": UP}),
        ([("warning", "14:00", "14:15"), ("critical", "14:08", "14:10")],
         {"14:03": SLOW, "14:06": SLOW, "14:09": DOWN, "14:12": SLOW, "14:16": UP}),
    ],
    ids=["worse-after-a-gap", "same-after-a-gap", "worse-within"],
)  # fmt: skip
@pytest.mark.parametrize("listed", [1, -1], ids=["earliest-first", "latest-first"])
@pytest.mark.parametrize("rules", [OWN_TIMES_RULES, FIXED_RULES], ids=["by-service", "fixed"])
def test_x2_alone_writes_the_same_history_as_x1_then_x2(
    tmp_path: Path,
    spans: list[tuple[str, str, str]],
    seen: dict[str, str],
    listed: int,
    rules: str,
) -> None:
    # One group clear (x2) holds api's alerts at their own times: each counts from its own
    # start to its own clear, whether its firing (x1) came first or never reached us, in
    # whatever order the clear lists them, and for a rule's fixed `components:` too.
    cleared = [member("api", severity, starts, ends) for severity, starts, ends in spans]
    cleared = cleared[::listed]
    both = own_times_site(tmp_path / "both", pages=False, rules=rules)
    ingested(both, ([member("api", spans[0][0], "14:00")], "14:01"), (cleared, "14:20"))
    alone = own_times_site(tmp_path / "alone", pages=False, rules=rules)
    ingested(alone, (cleared, "14:20"))

    expected = {at: (status,) for at, status in seen.items()}
    assert expected == statuses_at(both, expected, "api")
    assert expected == statuses_at(alone, expected, "api")
    # The same updates, worded alike (x1 alone records when the group fired: `fired_at`).
    (written,), (recorded,) = files(both).values(), files(alone).values()
    assert written.split("\n---\n")[1] == recorded.split("\n---\n")[1]
    # A critical while it lasted gives the incident its impact, whichever alert is listed
    # first (`severity:` writes it; by service, it follows the statuses).
    assert ("impact: critical" in rules and DOWN in seen.values()) == (
        "impact: critical" in recorded
    )
    check_clean(alone)


@pytest.mark.parametrize(
    "firing",
    [
        [member("api", "critical", "14:08")],
        [member("api", "warning", "14:00", "14:05"), member("api", "critical", "14:08")],
    ],
    ids=["only-the-second", "first-resolved"],
)
def test_a_final_clear_does_not_repeat_the_change_its_firing_wrote(
    tmp_path: Path, firing: list[dict[str, object]]
) -> None:
    # The first word of the group (14:09) is api's critical of 14:08; its warning of 14:00
    # to 14:05 ended before that, and is not written back before the update of 14:08.
    site = own_times_site(tmp_path, pages=False)
    cleared = [
        member("api", "warning", "14:00", "14:05"),
        member("api", "critical", "14:08", "14:15"),
    ]
    ingested(site, (firing, "14:09"), (cleared, "14:16"))

    (text,) = files(site).values()
    assert "eased" not in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert [
        "## Investigating at 2026-11-22 15:08 +01:00",
        "## Monitoring at 2026-11-22 15:15 +01:00",
    ] == headings
    seen = {"14:09": (DOWN,), "14:12": (DOWN,), "14:16": (UP,)}
    assert seen == statuses_at(site, seen, "api")
    check_clean(site)


@pytest.mark.parametrize("pages", [False, True], ids=["one-page", "pages"])
def test_the_first_notification_shows_an_alert_of_the_group_that_already_cleared(
    tmp_path: Path, pages: bool
) -> None:
    site = own_times_site(tmp_path, pages)
    ingested(
        site,
        ([member("db", "warning", "10:22"), member("web", "critical", "10:03", "10:31")], "10:32"),
    )

    seen = {"10:02": (UP, UP), "10:10": (UP, DOWN), "10:25": (SLOW, DOWN), "10:33": (SLOW, UP)}
    assert seen == statuses_at(site, seen, "db", "web")
    # web's firing, arriving late, is known as late: it marks nothing down again.
    late = ingested(site, ([member("db", "warning", "10:22"), member("web", "critical", "10:03")],
                           "10:34"))  # fmt: skip
    assert "late or repeated delivery" in late.output
    assert UP == component_status(site, "2026-11-22T10:40:00Z", "web")
    check_clean(site)


@pytest.mark.parametrize("pages", [False, True], ids=["one-page", "pages"])
@pytest.mark.parametrize("closing", ["monitoring", "resolved"])
def test_a_refiring_is_dated_at_its_own_start_not_at_a_person_s_update(
    tmp_path: Path, pages: bool, closing: str
) -> None:
    site = own_times_site(tmp_path, pages)
    before = files(site)
    ingested(
        site,
        ([member("api", "critical", "10:00"), member("db", "warning", "10:00")], "10:01"),
        ([member("api", "critical", "10:00", "10:10"), member("db", "warning", "10:00")],
         "10:11"),
    )  # fmt: skip
    name, _ = opened(site, before)
    args = ["-C", str(site), "update", name[:-3], "--status", closing, "-m", "Fix deployed."]
    person = CliRunner().invoke(cli, [*args, "--now", "2026-11-22T10:15:00Z"])
    assert 0 == person.exit_code, person.output
    result = ingested(
        site, ([member("api", "critical", "10:40"), member("db", "warning", "10:00")], "10:41")
    )

    assert "The alert fired again" in result.output
    seen = {"10:30": (UP,), "10:41": (DOWN,)}
    assert seen == statuses_at(site, seen, "api")
    check_clean(site)


@pytest.mark.parametrize("pages", [False, True], ids=["one-page", "pages"])
@pytest.mark.parametrize("person", [False, True], ids=["cleared", "person-s-monitoring"])
def test_a_reopening_dates_each_component_at_its_own_start(
    tmp_path: Path, pages: bool, person: bool
) -> None:
    site = own_times_site(tmp_path, pages)
    before = files(site)
    ingested(site, ([member("web", "error", "10:00")], "10:01"))
    if person:
        name, _ = opened(site, before)
        args = ["-C", str(site), "update", name[:-3], "--status", "monitoring", "-m", "Fixed."]
        update = CliRunner().invoke(cli, [*args, "--now", "2026-11-22T10:11:00Z"])
        assert 0 == update.exit_code, update.output
    ingested(site, ([member("web", "error", "10:00", "10:10")], "10:11"))
    # One notification says both: web firing again since 10:20, db since 10:35.
    result = ingested(
        site, ([member("web", "error", "10:20"), member("db", "critical", "10:35")], "10:36")
    )

    assert pages or "The alert fired again" in result.output
    seen = {"10:15": (UP, UP), "10:25": (UP, PARTIAL), "10:36": (DOWN, PARTIAL)}
    assert seen == statuses_at(site, seen, "db", "web")
    check_clean(site)


def test_a_component_is_noted_firing_since_its_own_alerts_not_its_severity_s(
    tmp_path: Path,
) -> None:
    site = own_times_site(tmp_path, pages=False)
    before = files(site)
    api = member("api", "critical", "09:00")
    # `search` is no component; web, critical too, joins from 09:16.
    search = member("search", "critical", "09:07")
    ingested(site, ([api], "09:01"))
    repeat = ingested(site, ([api, search], "09:08"))
    ingested(site, ([api, search, member("web", "critical", "09:16")], "09:17"))

    assert "alerts naming API fired" not in repeat.output
    _, text = opened(site, before)
    fired = [line.strip() for line in text.splitlines() if "fired_at:" in line]
    assert ["fired_at: 2026-11-22 10:00:00 +01:00",
            "components_fired_at: {web: 2026-11-22 10:16:00 +01:00}"] == fired  # fmt: skip
    # API is down from its own alert's start, Website from its own.
    seen = {"09:05": (DOWN, UP), "09:20": (DOWN, DOWN)}
    assert seen == statuses_at(site, seen, "api", "web")
    check_clean(site)


@pytest.mark.parametrize("severity", ["warning", "critical"], ids=["other-class", "same-class"])
def test_a_component_whose_start_is_no_time_is_dated_when_it_arrived(
    tmp_path: Path, severity: str
) -> None:
    site = own_times_site(tmp_path, pages=False)
    # db has fired since six days before; api's alert gives a start without an offset.
    db = {**member("db", severity, "09:00"), "startsAt": "2026-11-16T09:00:00Z"}
    api = {**member("api", "critical", "09:00"), "startsAt": "2026-11-22 09:00"}

    result = ingested(site, ([db, api], "09:05"))

    said = "'alerts[1].startsAt' is not a time: '2026-11-22 09:00', so it is dated when it arrived"
    assert said in result.output
    seen = {"09:00": (UP,), "09:06": (DOWN,)}
    assert seen == statuses_at(site, seen, "api")
    # db is still down from its own start.
    db_status = {"warning": SLOW, "critical": DOWN}[severity]
    assert db_status == component_status(site, "2026-11-16T10:00:00Z", "db")
    check_clean(site)


def test_a_component_whose_start_is_no_time_fires_again_after_its_clear(tmp_path: Path) -> None:
    site = own_times_site(tmp_path, pages=False)
    api = member("api", "critical", "10:00")
    # web's alert gives a start without an offset: each of its firings is dated on arrival.
    web = {**member("web", "critical", "11:00"), "startsAt": "2026-11-22 11:00"}
    web_cleared = {**web, "status": "resolved", "endsAt": "2026-11-22T11:10:00Z"}
    ingested(site, ([api, web], "11:00"), ([api, web_cleared], "11:11"))

    again = ingested(site, ([api, web], "11:20"))

    assert "Website fired again in alertmanager alert g" in again.output
    seen = {"10:30": (UP,), "11:05": (DOWN,), "11:15": (UP,), "11:21": (DOWN,)}
    assert seen == statuses_at(site, seen, "web")
    # A resend of that firing is a repeat, and the clear before it, delivered again, late.
    repeat = ingested(site, ([api, web], "11:30"))
    assert "is already investigating" in repeat.output
    late = ingested(site, ([api, web_cleared], "11:31"))
    assert "late or repeated delivery" in late.output
    assert DOWN == component_status(site, "2026-11-22T11:35:00Z", "web")
    check_clean(site)


@pytest.mark.parametrize("pages", [False, True], ids=["one-page", "pages"])
def test_an_opening_notification_dates_each_component_at_its_own_start(
    tmp_path: Path, pages: bool
) -> None:
    site = own_times_site(tmp_path, pages)
    ingested(
        site, ([member("db", "warning", "10:06"), member("api", "critical", "10:13")], "10:14")
    )

    seen = {"10:05": (UP, UP), "10:10": (UP, SLOW), "10:14": (DOWN, SLOW)}
    assert seen == statuses_at(site, seen, "api", "db")
    check_clean(site)


PARTIAL = "partial_outage"


@pytest.mark.parametrize("later", ["error", "warning"])
def test_a_component_is_down_from_its_earliest_firing_alert_s_start(
    tmp_path: Path, later: str
) -> None:
    # web's first alert began at 10:00, its second at 10:44: the first notification (10:45)
    # opens the incident at 10:00, not at the later alert's start.
    site = own_times_site(tmp_path, pages=False)
    ingested(site, ([member("web", "warning", "10:00"), member("web", later, "10:44")], "10:45"))

    worst = PARTIAL if later == "error" else SLOW
    assert UP == component_status(site, "2026-11-22T09:59:00Z", "web")
    assert UP != component_status(site, "2026-11-22T10:42:00Z", "web")
    assert worst == component_status(site, "2026-11-22T10:45:00Z", "web")
    check_clean(site)


def test_a_component_that_clears_as_another_page_s_joins_is_carried_until_its_clear(
    tmp_path: Path,
) -> None:
    # web (public) down since 10:16; db (partners) joins at 10:21 and web clears at 10:28,
    # both told in one notification: the new incident for both holds web down until 10:28.
    site = own_times_site(tmp_path, pages=True)
    ingested(
        site,
        ([member("web", "critical", "10:16")], "10:17"),
        ([member("db", "error", "10:21"), member("web", "critical", "10:16", "10:28")], "10:29"),
    )

    seen = {"10:18": (UP, DOWN), "10:25": (PARTIAL, DOWN), "10:28": (PARTIAL, UP)}
    assert seen == statuses_at(site, seen, "db", "web")
    check_clean(site)


def test_a_component_firing_again_before_a_hand_over_is_down_from_its_own_start(
    tmp_path: Path,
) -> None:
    # db and queue (internal only) fire from 11:00 and 11:02; queue clears at 11:07. The
    # next notification: queue fires again from 11:11, and web (public) joins from 11:13.
    site = write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS + OWN_TIMES_PAGES + OWN_TIMES_RULES,
            "content/components.yaml": OWN_TIMES_COMPONENTS + "- id: queue\n  name: Queue\n",
            INCIDENT_PATH: None,
        },
    )
    ingested(
        site,
        ([member("db", "warning", "11:00"), member("queue", "error", "11:02")], "11:03"),
        ([member("db", "warning", "11:00"), member("queue", "error", "11:02", "11:07")], "11:08"),
        (
            [
                member("db", "warning", "11:00"),
                member("queue", "error", "11:11"),
                member("web", "critical", "11:13"),
            ],
            "11:14",
        ),
    )

    seen = {"11:10": (UP, UP), "11:12": (PARTIAL, UP), "11:14": (PARTIAL, DOWN)}
    assert seen == statuses_at(site, seen, "queue", "web")
    check_clean(site)


def test_a_person_s_monitoring_reopened_by_a_still_firing_alert_says_it_never_left(
    tmp_path: Path,
) -> None:
    # api and web fire; a person sets Monitoring at 10:10; the next notification says web
    # cleared at 10:15 while api still fires: the problem never left, nor came back.
    site = own_times_site(tmp_path, pages=False)
    ingested(site, ([member("api", "critical", "10:00"), member("web", "error", "10:02")], "10:03"))
    name = next(iter(files(site)))
    args = ["-C", str(site), "update", name[:-3], "--status", "monitoring", "-m", "Fix deployed."]
    assert 0 == CliRunner().invoke(cli, [*args, "--now", "2026-11-22T10:10:00Z"]).exit_code

    result = ingested(
        site,
        ([member("api", "critical", "10:00"), member("web", "error", "10:02", "10:15")], "10:16"),
    )

    assert "The alert still fires" in result.output
    text = files(site)[name]
    assert "The alert is still firing for API. We are investigating." in text
    assert "The problem is back" not in text
    seen = {"10:12": (DOWN, PARTIAL), "10:17": (DOWN, UP)}
    assert seen == statuses_at(site, seen, "api", "web")
    check_clean(site)


@pytest.mark.parametrize("added", [True, False], ids=["service-added", "service-dropped"])
def test_a_group_by_change_warns_of_the_incident_its_old_group_leaves_open(
    tmp_path: Path, added: bool
) -> None:
    site = own_times_site(tmp_path, pages=False)

    def keyed(key: str, *alerts: dict[str, object]) -> str:
        return json.dumps({**json.loads(mixed_group(*alerts)), "groupKey": key})

    old, new = '{}:{alertname="E"}', '{}:{alertname="E",service="api"}'
    if not added:
        old, new = new, old
    ingest(site, "alertmanager", keyed(old, member("api", "critical", "10:00")),
           now="2026-11-22T10:01:00Z")  # fmt: skip
    (name,) = files(site)

    # group_by now also has service (or no longer has it): the same alert comes under a
    # new key, and clears there.
    fired = ingest(site, "alertmanager", keyed(new, member("api", "critical", "10:00")),
                   now="2026-11-22T10:05:00Z")  # fmt: skip

    assert 0 == fired.exit_code, fired.output
    assert f"content/incidents/{name} still has API down" in fired.stderr
    # Its components came from the service label (the alert, keyed without it, has it):
    # its alerts had one, and moved.
    assert f"so resolve it by hand (statusgen resolve {name[:-3]})" in fired.stderr
    # Another group naming another component says nothing of it.
    other = ingest(site, "alertmanager", keyed('{}:{alertname="E",service="web"}',
                   member("web", "critical", "10:06")), now="2026-11-22T10:07:00Z")  # fmt: skip
    assert "still has" not in other.stderr


FIXED_DOWN = """\
ingest:
  rules:
    - name: down
      source: alertmanager
      match: {labels.alertname: Down}
      components: [api]
      status: major_outage
"""


def test_two_live_groups_of_one_route_are_not_told_to_be_resolved_by_hand(
    tmp_path: Path,
) -> None:
    # The route groups by [alertname, service], unchanged: Alertmanager keys an alert
    # without a service label by its alertname alone, beside the group of service="api".
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + FIXED_DOWN, INCIDENT_PATH: None})

    def down(key: str, labels: dict[str, str], now: str) -> Result:
        alert = {
            "status": "firing",
            "labels": {"alertname": "Down", **labels},
            "startsAt": "2026-11-22T10:00:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
        }
        group = {
            "version": "4",
            "groupKey": key,
            "status": "firing",
            "groupLabels": {},
            "commonLabels": alert["labels"],
            "commonAnnotations": {},
            "alerts": [alert],
        }
        result = ingest(site, "alertmanager", json.dumps(group), now=f"2026-11-22T{now}:00Z")
        assert 0 == result.exit_code, result.output
        return result

    down('{}/{}:{alertname="Down"}', {"instance": "lb-1"}, "10:01")
    (name,) = files(site)
    api = down('{}/{}:{alertname="Down", service="api"}', {"service": "api"}, "10:02")
    # Nothing known of the first group's alerts tells: both ways are said, and no
    # resolving while its alert may still fire.
    assert "so resolve it by hand" not in api.stderr
    assert f"statusgen resolve {name[:-3]}) once its alert has cleared" in api.stderr
    assert "another live group" in api.stderr
    # The first group's alerts lack a service label: they cannot be the other group's.
    again = down('{}/{}:{alertname="Down"}', {"instance": "lb-1"}, "10:03")
    assert "still has" not in again.stderr


def test_a_final_clear_handing_over_carries_a_component_still_down_until_it(
    tmp_path: Path,
) -> None:
    # db (partners) down since 10:11; the final clear is the first word of api (both pages),
    # 10:54 to 11:27, and db's own clear was lost: db is down until the group's final clear.
    site = own_times_site(tmp_path, pages=True)
    ingested(
        site,
        ([member("db", "warning", "10:11")], "10:12"),
        ([member("api", "critical", "10:54", "11:27")], "11:28"),
    )

    seen = {"10:50": (UP, SLOW), "11:00": (DOWN, SLOW), "11:28": (UP, UP)}
    assert seen == statuses_at(site, seen, "api", "db")
    check_clean(site)


def test_a_component_s_clear_after_a_hand_over_ends_it_in_the_incident_it_joined(
    tmp_path: Path,
) -> None:
    # web (public) down since 10:01; db (partners) joins at 10:26, handing both over to a
    # new incident, which a person makes monitoring; db's clear (11:28) is of the firing
    # that incident recorded, not of an outage unheard of since web began.
    site = own_times_site(tmp_path, pages=True)
    ingested(site, ([member("web", "critical", "10:01")], "10:02"))
    before = files(site)
    ingested(site, ([member("web", "critical", "10:01"), member("db", "error", "10:26")], "10:27"))
    name, _ = opened(site, before)
    args = ["-C", str(site), "update", name[:-3], "--status", "monitoring", "-m", "Fixed."]
    person = CliRunner().invoke(cli, [*args, "--now", "2026-11-22T10:52:00Z"])
    assert 0 == person.exit_code, person.output
    handed = files(site)
    result = ingested(site, ([member("db", "error", "10:26", "11:28")], "11:29"))

    assert "begun and ended" not in result.output
    assert handed.keys() == files(site).keys()
    seen = {"11:00": (PARTIAL,), "11:28": (UP,), "11:35": (UP,)}
    assert seen == statuses_at(site, seen, "db")
    check_clean(site)


def fired_and_cleared_on_api(tmp_path: Path, on_resolved: str) -> Path:
    """A site whose group fired for api at 18:00 and cleared at 18:20: its incident
    resolved (or monitoring, by `on_resolved`), the page operational again."""
    rules = BY_SEVERITY.replace("on_resolved: resolve", f"on_resolved: {on_resolved}")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    for alert, now in [
        (member("api", "critical", "18:00"), "2026-11-22T18:01:00Z"),
        (member("api", "critical", "18:00", ends="18:20"), "2026-11-22T18:21:00Z"),
    ]:
        assert 0 == ingest(site, "alertmanager", mixed_group(alert), now=now).exit_code
    return site


def page_is_as_before_the_incident(site: Path, now: str) -> None:
    """What a visitor sees at `now`: no ongoing incident, api operational, the page's
    status the one Dashboard's own degraded status gives it."""
    built = run_build(site, now=now)
    assert 0 == built.exit_code, built.output
    overall = json.loads((site / "public" / "status.json").read_text())["status"]
    assert "degraded_performance" == overall
    shown = CliRunner().invoke(cli, ["-C", str(site), "status", "--now", now])
    assert 0 == shown.exit_code, shown.output
    assert "Ongoing incident" not in shown.output
    assert "operational" == component_status(site, now, "api")


NO_COMPONENT = ": rule 'rule 1' matched, but alerts.labels.service='nosuch' is not a component id."


@pytest.mark.parametrize("on_resolved", ["resolve", "monitoring"])
@pytest.mark.parametrize("with_cleared", [False, True], ids=["alone", "with-api-cleared"])
def test_a_group_refiring_only_for_no_component_reopens_nothing(
    tmp_path: Path, on_resolved: str, with_cleared: bool
) -> None:
    # Within the flap window the group fires again, only for a service that is no
    # component: as its first firing would, it writes nothing, so api is not shown down.
    site = fired_and_cleared_on_api(tmp_path, on_resolved)
    before = files(site)
    cleared = [member("api", "critical", "18:00", ends="18:20")] if with_cleared else []
    nosuch = mixed_group(*cleared, member("nosuch", "critical", "18:30"))

    result = ingest(site, "alertmanager", nosuch, now="2026-11-22T18:31:00Z")

    assert 0 == result.exit_code, result.output
    assert NO_COMPONENT in result.output
    assert "open again" not in result.output
    assert before == files(site)
    page_is_as_before_the_incident(site, "2026-11-22T18:35:00Z")
    # Api's own alert firing again still reopens the incident.
    api = mixed_group(member("api", "critical", "18:40"), member("nosuch", "critical", "18:30"))
    again = ingest(site, "alertmanager", api, now="2026-11-22T18:41:00Z")
    assert "The alert fired again: the incident is open again." in again.output
    assert "major_outage" == component_status(site, "2026-11-22T18:45:00Z", "api")
    check_clean(site)


@pytest.mark.parametrize("on_resolved", ["resolve", "monitoring"])
def test_a_clear_before_its_firing_for_no_component_reopens_nothing(
    tmp_path: Path, on_resolved: str
) -> None:
    # The group fired for a service that is no component from 18:30 to 18:35; its clear
    # comes first. Written as the firing and the clear would have been: not at all.
    site = fired_and_cleared_on_api(tmp_path, on_resolved)
    before = files(site)
    state = "resolved" if on_resolved == "resolve" else "monitoring"

    cleared = ingest(site, "alertmanager",
                     mixed_group(member("nosuch", "critical", "18:30", ends="18:35")),
                     now="2026-11-22T18:36:00Z")  # fmt: skip
    late = ingest(site, "alertmanager", mixed_group(member("nosuch", "critical", "18:30")),
                  now="2026-11-22T18:37:00Z")  # fmt: skip

    assert 0 == cleared.exit_code, cleared.output
    path = "content/incidents/2026-11-22-api-major-outage.md"
    assert f"Nothing on the page changes: {path} is already {state}." in cleared.output
    assert 0 == late.exit_code, late.output
    assert before.keys() == files(site).keys()
    text = (site / path).read_text()
    assert f"status: {state}" in text.splitlines()
    assert "The problem is back" not in text
    assert "open again" not in late.output
    # Not while it fired either: the page's past keeps api up after 18:20.
    assert "operational" == component_status(site, "2026-11-22T18:32:00Z", "api")
    page_is_as_before_the_incident(site, "2026-11-22T18:40:00Z")
    check_clean(site)


# --- a group's notifications in any order write what they in order would ---------------


def truncated_group(*alerts: dict[str, object], left_out: int) -> str:
    """A firing group as Alertmanager sends it past the receiver's `max_alerts`: only
    `alerts` listed, `truncatedAlerts` counting the firing ones it cut."""
    payload = json.loads(mixed_group(*alerts, common="critical"))
    return json.dumps({**payload, "status": "firing", "truncatedAlerts": left_out})


def unnamed(severity: str, starts: str, ends: str = "") -> dict[str, object]:
    """An alert of a group that names no component: it has no `service` label."""
    alert = member("", severity, starts, ends)
    alert["labels"] = {"alertname": "NoData", "severity": severity}
    return alert


ORDERS = list(itertools.permutations(range(3)))


def delivered(site: Path, notifications: list[tuple[str, str]], order: tuple[int, ...]) -> None:
    """Each of `notifications` (a payload, and the time it was sent, on 2026-11-22 UTC) in
    `order`, twice in a row (relays retry), each arriving after it was sent and after the
    one before."""
    arrived = datetime(2026, 11, 22, tzinfo=timezone.utc)
    for index in order:
        payload, sent = notifications[index]
        hour, minute = map(int, sent.split(":"))
        arrived = max(arrived + timedelta(minutes=1), arrived.replace(hour=hour, minute=minute))
        for _ in range(2):
            at = arrived.strftime("%Y-%m-%dT%H:%M:00Z")
            result = ingest(site, "alertmanager", payload, now=at)
            assert 0 == result.exit_code, result.output
            arrived += timedelta(minutes=1)


def in_any_order(
    tmp_path: Path, notifications: list[tuple[str, str]], order: tuple[int, ...]
) -> tuple[Path, Path]:
    """A site given `notifications` in `order`, and one given them in the order sent."""
    sites = []
    for folder, sequence in (("shuffled", order), ("in-order", tuple(range(3)))):
        inputs = {"statusgen.yaml": SETTINGS + BY_SEVERITY, INCIDENT_PATH: None}
        site = write_site(tmp_path / folder, inputs)
        delivered(site, notifications, sequence)
        sites.append(site)
    return sites[0], sites[1]


@pytest.mark.parametrize("order", ORDERS, ids=["".join(map(str, o)) for o in ORDERS])
def test_a_truncated_group_listing_only_resolved_alerts_marks_nothing_down(
    tmp_path: Path, order: tuple[int, ...]
) -> None:
    # Alertmanager's max_alerts cut the firing api alert from the second notification: it
    # lists only checkout's, resolved at 18:10, while the group still fires.
    notifications = [
        (mixed_group(member("api", "critical", "18:00"), member("checkout", "critical", "18:00"),
                     common="critical"), "18:01"),
        (truncated_group(member("checkout", "critical", "18:00", ends="18:10"), left_out=1),
         "18:11"),
        (mixed_group(member("checkout", "critical", "18:00", ends="18:10"),
                     member("api", "critical", "18:00"), common="critical"), "18:11"),
    ]  # fmt: skip

    site, reference = in_any_order(tmp_path, notifications, order)

    assert written_words(reference) == written_words(site)
    (text,) = files(site).values()
    assert "The problem is back" not in text
    assert ["API: Major outage"] == titles(site)
    assert "major_outage" == component_status(site, "2026-11-22T18:05:00Z", "checkout")
    # Up from its alert's clear, in every order; the api still down.
    assert "operational" == component_status(site, "2026-11-22T18:30:00Z", "checkout")
    assert "major_outage" == component_status(site, "2026-11-22T18:30:00Z", "api")
    # Ten minutes of the day down.
    assert api_day(site, "Checkout").startswith("Nov 22, 2026: Major outage, 99.30% uptime;")
    check_clean(site)


@pytest.mark.parametrize("order", ORDERS, ids=["".join(map(str, o)) for o in ORDERS])
def test_an_alert_naming_no_component_dates_no_component(
    tmp_path: Path, order: tuple[int, ...]
) -> None:
    # A no-data alert without a service label began first, at 18:00; the api's warning at
    # 18:02, checkout's critical at 18:03. The first two clear at 18:10 and 18:12.
    notifications = [
        (mixed_group(unnamed("critical", "18:00"), member("api", "warning", "18:02"),
                     member("checkout", "critical", "18:03")), "18:04"),
        (mixed_group(unnamed("critical", "18:00", ends="18:10"),
                     member("api", "warning", "18:02", ends="18:12"),
                     member("checkout", "critical", "18:03")), "18:13"),
        (mixed_group(unnamed("critical", "18:00", ends="18:10"),
                     member("api", "warning", "18:02", ends="18:12"),
                     member("checkout", "critical", "18:03", ends="18:15")), "18:16"),
    ]  # fmt: skip

    site, reference = in_any_order(tmp_path, notifications, order)

    assert written_words(reference) == written_words(site)
    (text,) = files(site).values()
    # Opened when the api's own alert began, not the no-data alert; titled by what was
    # still down when the api cleared.
    assert "## Investigating at 2026-11-22 19:02 +01:00" == headings(text)[0]
    assert ["Checkout: Major outage"] == titles(site)
    assert "operational" == component_status(site, "2026-11-22T18:01:00Z", "api")
    assert "degraded_performance" == component_status(site, "2026-11-22T18:05:00Z", "api")
    assert "operational" == component_status(site, "2026-11-22T18:13:00Z", "api")
    assert api_day(site) == api_day(reference)
    assert api_day(site).startswith("Nov 22, 2026: Degraded performance, ")
    check_clean(site)


def with_tags(name: str, tags: list[str]) -> str:
    """The fixture `name` with these tags, as its tool sends them."""
    payload = json.loads((FIXTURES / name).read_text())
    if name.startswith("datadog"):
        payload["tags"] = ",".join(tags)
    else:
        payload["alert"]["tags"] = tags
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("source", "fixture", "title"),
    [
        ("datadog", "datadog-triggered.json", "Checkout, API: Partial outage"),
        ("opsgenie", "opsgenie-create.json", "Checkout, API errors"),
    ],
)
def test_a_tag_key_given_twice_names_both_components(
    site: Path, source: str, fixture: str, title: str
) -> None:
    payload = with_tags(fixture, ["service:checkout", "env:prod", "service:api"])
    before = files(site)

    result = ingest(site, source, payload)

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert {"  checkout: partial_outage", "  api: partial_outage"} <= set(text.splitlines())
    assert title in titles(site)


def test_a_tag_key_given_twice_gives_every_value_in_a_template(tmp_path: Path) -> None:
    rules = """\
ingest:
  rules:
    - source: datadog
      component_from: tags.service
      title: "svc={tags.service}"
"""
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    payload = with_tags("datadog-triggered.json", ["service:checkout", "service:api"])

    result = ingest(site, "datadog", payload, "--dry-run")

    assert 0 == result.exit_code, result.output
    assert "Open incident: svc=checkout, api\n" in result.output


def test_dry_run_writes_nothing(site: Path) -> None:
    before = files(site)
    result = ingest(site, "alertmanager", "alertmanager-firing.json", "--dry-run")
    assert 0 == result.exit_code
    assert "Would write content/incidents/2026-11-22-api-unavailable.md" in result.output
    assert before == files(site)


def test_an_alert_the_file_system_refuses_to_record_is_a_diagnostic(site: Path) -> None:
    before = tree_with_times(site / "content")
    payload = (FIXTURES / "generic-firing.json").read_text()

    # No file past 64 bytes: the incident file is refused.
    done = statusgen_refused_writes(
        site, "ingest", "generic", "-", "--now", NOW, limit=64, input=payload
    )

    assert 1 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert (
        "content/incidents/2026-11-22-replication-lag.md: cannot write the file: "
        f"{os.strerror(errno.EFBIG)}; nothing was written"
    ) in done.stderr
    assert "raise it and run the command again" in done.stderr
    assert before == tree_with_times(site / "content")


def large_group(size: int) -> str:
    """The firing fixture with `size` alerts in its group, each its own instance."""
    payload = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    alert = payload["alerts"][0]
    payload["alerts"] = [
        {
            **alert,
            "labels": {**alert["labels"], "instance": f"https://api-{n}.example.com/health"},
            "startsAt": f"2026-11-22T18:{n % 60:02d}:{n // 60:02d}Z",
            "fingerprint": f"{n:016x}",
        }
        for n in range(size)
    ]
    return json.dumps(payload, indent=2)


def test_an_alert_in_a_large_group_still_matches_its_rule(site: Path) -> None:
    big = large_group(700)
    assert 300_000 < len(big) < 1_000_000

    result = ingest(site, "alertmanager", big, "--dry-run")

    assert 0 == result.exit_code, result.output
    assert "no rule applies" not in result.output
    assert "Rule 'api-probes' matched" in result.output


def test_a_payload_with_more_fields_than_are_read_says_so(site: Path) -> None:
    fields = {f"extra{n}": f"value {n}" for n in range(3000)}
    payload = json.dumps({"id": "db", "title": "DB slow", "labels": {"component": "nope"},
                          **fields})  # fmt: skip

    result = ingest(site, "generic", payload, "--dry-run")

    assert 0 == result.exit_code, result.output
    assert "no rule applies" in result.output
    assert "only the first 2000 of its values were read" in result.output


# --- flapping --------------------------------------------------------------------------


def refired(name: str, starts: str) -> str:
    """The firing payload `name` for the alert starting again at `starts`."""
    return re.sub(
        r'"startsAt": "[^"]*"',
        f'"startsAt": "{starts}"',
        (FIXTURES / name).read_text(encoding="utf-8"),
    )


def test_flapping_while_monitoring_reopens_the_same_incident(site: Path) -> None:
    before = files(site)
    ingest(site, "alertmanager", "alertmanager-firing.json", now="2026-11-22T19:00:00Z")
    ingest(site, "alertmanager", "alertmanager-resolved.json", now="2026-11-22T19:05:00Z")
    # It cleared at 18:40:45Z and starts again at 19:06Z.
    again = ingest(
        site,
        "alertmanager",
        refired("alertmanager-firing.json", "2026-11-22T19:06:00Z"),
        now="2026-11-22T19:07:00Z",
    )

    assert 0 == again.exit_code, again.output
    _, text = opened(site, before)
    assert "status: investigating" in text.splitlines()
    assert "  api: major_outage" in text.splitlines()
    assert ["Investigating", "Monitoring", "Investigating"] == [
        line.split()[1] for line in text.splitlines() if line.startswith("## ")
    ]
    check_clean(site)


# The resolved payload says the alert cleared at 18:20:03Z; the flap window is 30 minutes.
@pytest.mark.parametrize(
    ("refire", "new_files"), [("2026-11-22T18:35:00Z", 0), ("2026-11-22T22:00:00Z", 1)]
)
def test_a_resolved_incident_reopens_within_the_flap_window_only(
    site: Path, refire: str, new_files: int
) -> None:
    before = files(site)
    ingest(site, "grafana", "grafana-firing.json", now="2026-11-22T19:00:00Z")
    ingest(site, "grafana", "grafana-resolved.json", now="2026-11-22T19:10:00Z")
    first = set(files(site))
    # Firing again: a new startsAt, delivered at once.
    again = refired("grafana-firing.json", refire)

    result = ingest(site, "grafana", again, now=refire)

    assert 0 == result.exit_code, result.output
    assert new_files == len(set(files(site)) - first)
    assert 1 == len(first - set(before))
    check_clean(site)


SKEW_RULES = """\
ingest:
  flap_window: 30m
  rules:
    - source: generic
      components: [api]
      on_resolved: resolve
"""


def test_the_flap_window_is_measured_by_the_sender_s_clock(tmp_path: Path) -> None:
    # The sender's clock is an hour ahead: it clears at 12:30 and fires again at 12:40 by
    # its clock, 11:30 and 11:40 by ours (the firing arrives late, at 12:10).
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SKEW_RULES})
    before = files(site)
    sent = [
        ("firing", "2026-11-28T12:00:00Z", "2026-11-28T11:00:00Z"),
        ("resolved", "2026-11-28T12:30:00Z", "2026-11-28T11:30:00Z"),
        ("firing", "2026-11-28T12:40:00Z", "2026-11-28T12:10:00Z"),
    ]
    for status, at, now in sent:
        payload = json.dumps({"id": "skew", "status": status, "at": at})
        result = ingest(site, "generic", payload, now=now)
        assert 0 == result.exit_code, result.output

    name, text = opened(site, before)
    assert "2026-11-28-api-partial-outage.md" == name
    assert "status: investigating" in text.splitlines()
    assert "The alert fired again: the incident is open again." in result.output
    check_clean(site)


# --- two alerts for one component -------------------------------------------------------

# Default titles name the component and its status, so two alerts for one component on
# one day share a title.
SHARED_RULES = """\
ingest:
  rules:
    - source: [alertmanager, pagerduty]
      components: [api]
"""
HIGH_LATENCY = (
    (FIXTURES / "alertmanager-firing.json").read_text().replace("ProbeFailure", "HighLatency")
)


def status_json(site: Path, now: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["-C", str(site), "status", "--json", "--now", now])
    assert 0 == result.exit_code, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("source", "second"),
    [("alertmanager", HIGH_LATENCY), ("pagerduty", "pagerduty-triggered.json")],
    ids=["same-source", "other-source"],
)
def test_a_second_alert_for_the_same_component_opens_its_own_incident(
    tmp_path: Path, source: str, second: str
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SHARED_RULES})
    ingest(site, "alertmanager", "alertmanager-firing.json", now="2026-11-22T18:03:00Z")

    result = ingest(site, source, second, now="2026-11-22T18:50:00Z")

    assert 0 == result.exit_code, result.output
    assert "Opened content/incidents/2026-11-22-api-partial-outage-2.md" in result.output
    assert ["2026-11-20-checkout-errors.md", "2026-11-22-api-partial-outage-2.md",
            "2026-11-22-api-partial-outage.md"] == sorted(files(site))  # fmt: skip
    check_clean(site)
    # The first alert clears; the second still fires, and the page says so.
    ingest(site, "alertmanager", "alertmanager-resolved.json", now="2026-11-22T18:55:00Z")
    status = status_json(site, "2026-11-22T19:00:00Z")
    assert "incident" == status["overall"]
    assert ["2026-11-22-api-partial-outage-2"] == [
        i["slug"]
        for i in status["open_incidents"]  # type: ignore[attr-defined]
        if i["state"] == "investigating"
    ]
    api = next(c for c in status["components"] if c["id"] == "api")  # type: ignore[attr-defined]
    assert "partial_outage" == api["status"]


# --- late, repeated and out-of-order deliveries ------------------------------------------

# Every sample is from November 2026; the deliveries all arrive after the payloads' times.
DELIVERED = "2026-11-29T09:00:00Z"
LATE_RULES = """\
ingest:
  rules:
    - source: [alertmanager, grafana, pagerduty, datadog]
      components: [api]
    - source: opsgenie
      components: [api]
      on_resolved: resolve
"""
DELIVERIES = [
    ("alertmanager", "alertmanager-firing.json", "alertmanager-resolved.json"),
    ("grafana", "grafana-firing.json", "grafana-resolved.json"),
    # Byte for byte the same event (same event id, same occurred_at) delivered again.
    ("pagerduty", "pagerduty-triggered.json", "pagerduty-resolved.json"),
    ("opsgenie", "opsgenie-create.json", "opsgenie-close.json"),
    ("datadog", "datadog-triggered.json", "datadog-recovered.json"),
]


@pytest.fixture
def late_site(tmp_path: Path) -> Path:
    return write_site(tmp_path, {"statusgen.yaml": SETTINGS + LATE_RULES})


def assert_api_up(site: Path) -> None:
    status = status_json(site, "2026-11-29T10:00:00Z")
    api = next(c for c in status["components"] if c["id"] == "api")  # type: ignore[attr-defined]
    assert "operational" == api["status"]
    # The site's Dashboard is degraded by its baseline; no incident is being investigated.
    assert "degraded_performance" == status["overall"]


@pytest.mark.parametrize(("source", "firing", "resolved"), DELIVERIES)
def test_a_firing_delivered_again_after_its_clear_changes_nothing(
    late_site: Path, source: str, firing: str, resolved: str
) -> None:
    ingest(late_site, source, firing, now=DELIVERED)
    cleared = ingest(late_site, source, resolved, now=DELIVERED)
    assert 0 == cleared.exit_code, cleared.output
    written = files(late_site)

    # A relay's retry of the firing, after the clear.
    result = ingest(late_site, source, firing, now="2026-11-29T09:05:00Z")

    assert 0 == result.exit_code, result.output
    assert result.output.startswith(f"Nothing to do: {source} alert ")
    assert "a late or repeated delivery" in result.output
    assert written == files(late_site)
    assert_api_up(late_site)
    check_clean(late_site)


def test_the_alert_starting_again_after_its_clear_still_reopens(late_site: Path) -> None:
    before = files(late_site)
    ingest(late_site, "alertmanager", "alertmanager-firing.json", now=DELIVERED)
    ingest(late_site, "alertmanager", "alertmanager-resolved.json", now=DELIVERED)

    # It cleared at 18:40:45Z; it starts again a second later.
    result = ingest(
        late_site,
        "alertmanager",
        refired("alertmanager-firing.json", "2026-11-22T18:40:46Z"),
        now=DELIVERED,
    )

    assert "The alert fired again: the incident is open again." in result.output
    _, text = opened(late_site, before)
    assert "status: investigating" in text.splitlines()
    # The first clear, delivered again, does not end the second firing.
    repeat = ingest(late_site, "alertmanager", "alertmanager-resolved.json", now=DELIVERED)
    assert "Nothing to do:" in repeat.output
    assert "a late or repeated delivery" in repeat.output
    assert text == opened(late_site, before)[1]
    status = status_json(late_site, "2026-11-29T10:00:00Z")
    assert "incident" == status["overall"]


def alertmanager_payload(status: str, starts: str, ends: str = "", summary: str = "") -> str:
    """An Alertmanager v4 notification for the API's one ProbeFailure alert."""
    alert = {
        "status": status,
        "labels": {"alertname": "ProbeFailure", "service": "api", "severity": "critical"},
        "annotations": {"summary": summary or "API health check failing"},
        "startsAt": starts,
        "endsAt": ends or "0001-01-01T00:00:00Z",
        "fingerprint": "1a30ba71cca2921f",
    }
    return json.dumps(
        {
            "version": "4",
            "groupKey": '{}:{alertname="ProbeFailure"}',
            "status": status,
            "groupLabels": {"alertname": "ProbeFailure"},
            "commonLabels": alert["labels"],
            "commonAnnotations": alert["annotations"],
            "alerts": [alert],
        }
    )


def api_status(site: Path, now: str) -> tuple[str, str]:
    """The overall status and the API's, as `statusgen status --json` says at `now`."""
    status = status_json(site, now)
    api = next(c for c in status["components"] if c["id"] == "api")  # type: ignore[attr-defined]
    return str(status["overall"]), str(api["status"])


def test_a_late_clear_of_an_earlier_firing_leaves_a_newer_firing_on_the_page(
    site: Path,
) -> None:
    ingest(site, "alertmanager", alertmanager_payload("firing", "2026-11-22T12:00:00Z"),
           now="2026-11-22T12:01:00Z")  # fmt: skip
    # The alert cleared at 12:05 and fired again at 12:10; the clear is delivered last.
    ingest(site, "alertmanager", alertmanager_payload("firing", "2026-11-22T12:10:00Z"),
           now="2026-11-22T12:11:00Z")  # fmt: skip
    written = files(site)

    late = ingest(
        site,
        "alertmanager",
        alertmanager_payload("resolved", "2026-11-22T12:00:00Z", "2026-11-22T12:05:00Z"),
        now="2026-11-22T12:12:00Z",
    )

    assert 0 == late.exit_code, late.output
    assert "a late or repeated delivery" in late.output
    assert written == files(site)
    assert ("incident", "major_outage") == api_status(site, "2026-11-22T12:13:00Z")
    # The clear of the newer firing still ends it.
    ingest(
        site,
        "alertmanager",
        alertmanager_payload("resolved", "2026-11-22T12:10:00Z", "2026-11-22T12:20:00Z"),
        now="2026-11-22T12:21:00Z",
    )
    assert "operational" == api_status(site, "2026-11-22T12:22:00Z")[1]
    check_clean(site)


def test_a_firing_retried_after_its_clear_from_a_clock_ahead_changes_nothing(
    site: Path,
) -> None:
    # The sender's clock is ten minutes ahead of ours.
    firing = alertmanager_payload("firing", "2026-11-22T12:10:00Z")
    ingest(site, "alertmanager", firing, now="2026-11-22T12:01:00Z")
    cleared = ingest(
        site,
        "alertmanager",
        alertmanager_payload("resolved", "2026-11-22T12:10:00Z", "2026-11-22T12:15:00Z"),
        now="2026-11-22T12:06:00Z",
    )
    assert "monitoring" in cleared.output
    written = files(site)

    retry = ingest(site, "alertmanager", firing, now="2026-11-22T12:07:00Z")

    assert 0 == retry.exit_code, retry.output
    assert "a late or repeated delivery" in retry.output
    assert written == files(site)
    assert "operational" == api_status(site, "2026-11-22T12:08:00Z")[1]
    # What the page shows is still dated by our clock, never after now.
    text = files(site)["2026-11-22-api-unavailable.md"]
    assert "## Monitoring at 2026-11-22 13:06 +01:00" in text.splitlines()
    check_clean(site)


def test_a_clear_arriving_before_its_firing_records_the_incident_closed(site: Path) -> None:
    before = files(site)

    cleared = ingest(site, "alertmanager", "alertmanager-resolved.json")

    assert 0 == cleared.exit_code, cleared.output
    assert "Recorded content/incidents/2026-11-22-api-unavailable.md: monitoring" in (
        cleared.output
    )
    name, text = opened(site, before)
    # From the payload's startsAt to its endsAt: the outage as it was, already over.
    assert (
        "---\n"
        "title: API unavailable\n"
        "status: monitoring\n"
        "impact: critical\n"
        "components:\n"
        "  api: operational\n"
        "alert:\n"
        "  source: alertmanager\n"
        '  id: "{}/{service=\\"api\\"}:{alertname=\\"ProbeFailure\\"}"\n'
        "  rule: api-probes\n"
        "  cleared_at: 2026-11-22 19:40:45.828 +01:00\n"
        "---\n"
        "## Investigating at 2026-11-22 19:02 +01:00\n"
        "Components: api=major_outage\n"
        "\n"
        "Our API is not answering: API health check failing\n"
        "\n"
        "## Monitoring at 2026-11-22 19:40 +01:00\n"
        "Components: api=operational\n"
        "\n"
        "The alert has cleared. We are monitoring the results.\n"
    ) == text
    check_clean(site)

    # The firing, late: the incident it would open is already over.
    late = ingest(site, "alertmanager", "alertmanager-firing.json", now=LATER)

    assert 0 == late.exit_code, late.output
    assert "a late or repeated delivery" in late.output
    assert {**before, name: text} == files(site)
    status = status_json(site, LATER)
    api = next(c for c in status["components"] if c["id"] == "api")  # type: ignore[attr-defined]
    assert "operational" == api["status"]


@pytest.mark.parametrize(("source", "firing", "resolved"), DELIVERIES)
def test_a_clear_before_its_firing_leaves_the_page_up_for_every_source(
    late_site: Path, source: str, firing: str, resolved: str
) -> None:
    before = files(late_site)
    ingest(late_site, source, resolved, now=DELIVERED)
    name, _ = opened(late_site, before)

    result = ingest(late_site, source, firing, now=DELIVERED)

    assert 0 == result.exit_code, result.output
    assert "a late or repeated delivery" in result.output
    assert [name] == sorted(set(files(late_site)) - set(before))
    assert_api_up(late_site)
    check_clean(late_site)


def test_a_clear_after_a_person_resolved_is_remembered(site: Path) -> None:
    before = files(site)
    ingest(site, "alertmanager", "alertmanager-firing.json")
    name, _ = opened(site, before)
    resolved = CliRunner().invoke(
        cli, ["-C", str(site), "resolve", name[:-3], "--now", "2026-11-22T19:30:00Z"]
    )
    assert 0 == resolved.exit_code, resolved.output
    page = files(site)[name]

    cleared = ingest(site, "alertmanager", "alertmanager-resolved.json", now=LATER)

    assert 0 == cleared.exit_code, cleared.output
    assert "Nothing on the page changes: content/incidents/" in cleared.output
    text = files(site)[name]
    noted = "  cleared_at: 2026-11-22 19:40:45.828 +01:00\n"
    assert page.replace("---\n## ", f"{noted}---\n## ") == text
    # The resolution ended the statuses: nothing is left down for the clear to set up.
    assert "operational" == component_status(site, MUCH_LATER, "api")
    late = ingest(site, "alertmanager", "alertmanager-firing.json", now=MUCH_LATER)
    assert "a late or repeated delivery" in late.output
    assert text == files(site)[name]
    check_clean(site)


def person(site: Path, *args: str) -> None:
    """A person's `statusgen update` of the site's incident, as typed."""
    result = CliRunner().invoke(cli, ["-C", str(site), "update", *args])
    assert 0 == result.exit_code, result.output


def test_a_clear_after_a_person_set_monitoring_sets_the_components_back(site: Path) -> None:
    before = files(site)
    ingest(site, "alertmanager", "alertmanager-firing.json", now="2026-11-22T18:10:00Z")
    name, _ = opened(site, before)
    person(site, name[:-3], "--status", "monitoring", "-m", "Fix deployed, watching.",
           "--now", "2026-11-22T18:20:00Z")  # fmt: skip

    cleared = ingest(site, "alertmanager", "alertmanager-resolved.json", now="2026-11-22T18:45:00Z")

    assert 0 == cleared.exit_code, cleared.output
    # Dated when the alert cleared (18:40:45Z), still monitoring for the person to resolve.
    text = files(site)[name]
    assert text.endswith("## Monitoring at 2026-11-22 19:40 +01:00\n"
                         "Components: api=operational\n\n"
                         "The alert has cleared. We are monitoring the results.\n")  # fmt: skip
    assert "operational" == component_status(site, "2026-11-23T12:00:00Z", "api")
    # Down from the alert's start to its clear, 19:02 to 19:40 (+01:00): 38 minutes.
    assert api_day(site).startswith("Nov 22, 2026: Major outage, 97.36% uptime;")
    check_clean(site)


def test_a_clear_from_before_a_persons_monitoring_is_dated_at_it_never_above_it(
    site: Path,
) -> None:
    # The alert cleared at 10:15, the person's Monitoring of 10:20 came before its clear.
    # An update dated 10:15 would go above one already published and perhaps told: notify
    # would tell it after the newer one, and what the person's update showed would change.
    before = files(site)
    ingest(site, "alertmanager", alertmanager_payload("firing", "2026-11-22T10:00:00Z"),
           now="2026-11-22T10:01:00Z")  # fmt: skip
    name, _ = opened(site, before)
    person(site, name[:-3], "--status", "monitoring", "-m", "Watching.",
           "--now", "2026-11-22T10:20:00Z")  # fmt: skip
    page = files(site)[name]

    cleared = ingest(
        site,
        "alertmanager",
        alertmanager_payload("resolved", "2026-11-22T10:00:00Z", "2026-11-22T10:15:00Z"),
        now="2026-11-22T10:25:00Z",
    )

    assert 0 == cleared.exit_code, cleared.output
    text = files(site)[name]
    # The tool's time is kept as sent; the page's update follows the person's.
    assert "  cleared_at: 2026-11-22 11:15:00 +01:00" in text.splitlines()
    assert [*headings(page), "## Monitoring at 2026-11-22 11:20 +01:00"] == headings(text)
    assert "Components: api=operational" == text.splitlines()[-3]
    # Down from 11:00 to the person's update at 11:20 (+01:00): 20 minutes.
    assert api_day(site).startswith("Nov 22, 2026: Major outage, 98.61% uptime;")
    check_clean(site)


def test_a_clear_after_a_person_set_monitoring_keeps_the_status_they_gave(
    tmp_path: Path,
) -> None:
    rules = BY_SEVERITY.replace("on_resolved: resolve", "on_resolved: monitoring")
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    before = files(site)
    both = [member("api", "critical", "18:00"), member("checkout", "critical", "18:00")]
    ingest(site, "alertmanager", mixed_group(*both), now="2026-11-22T18:01:00Z")
    name, _ = opened(site, before)
    # The person saw checkout recover only in part.
    person(site, name[:-3], "--status", "monitoring", "-c", "checkout=degraded_performance",
           "-m", "Fixed; checkout still slow.", "--now", "2026-11-22T18:20:00Z")  # fmt: skip

    ended = [member("api", "critical", "18:00", "18:30"),
             member("checkout", "critical", "18:00", "18:30")]  # fmt: skip
    cleared = ingest(site, "alertmanager", mixed_group(*ended), now="2026-11-22T18:35:00Z")

    assert 0 == cleared.exit_code, cleared.output
    assert "Components: api=operational" == files(site)[name].splitlines()[-3]
    assert ("operational", "degraded_performance") == (
        component_status(site, "2026-11-22T18:40:00Z", "api"),
        component_status(site, "2026-11-22T18:40:00Z", "checkout"),
    )
    check_clean(site)


def test_a_clear_changes_nothing_a_person_set_while_monitoring(site: Path) -> None:
    before = files(site)
    ingest(site, "alertmanager", "alertmanager-firing.json", now="2026-11-22T18:10:00Z")
    name, _ = opened(site, before)
    person(site, name[:-3], "--status", "monitoring", "-c", "api=degraded_performance",
           "-m", "Fixed; still slow.", "--now", "2026-11-22T18:20:00Z")  # fmt: skip
    page = files(site)[name]

    cleared = ingest(site, "alertmanager", "alertmanager-resolved.json", now="2026-11-22T18:45:00Z")

    assert 0 == cleared.exit_code, cleared.output
    assert "is already monitoring, with the statuses a person gave it since." in cleared.output
    assert headings(page) == headings(files(site)[name])
    assert "degraded_performance" == component_status(site, "2026-11-22T18:50:00Z", "api")
    check_clean(site)


# --- a person's word between deliveries, on a site of several pages ----------------------

THREE_PAGES = """\
pages:
  public: {base_url: "https://status.example.com/", output: public, show: [api, web]}
  partners: {base_url: "https://partners.example.com/", output: partners, show: [api, partner]}
  internal: {base_url: "https://internal.example.com/", output: internal, private: true}
"""
THREE_PAGES_COMPONENTS = """\
- name: API
- id: web
  name: Website
- id: partner
  name: Partner API
- id: db
  name: Billing DB
"""
BY_SEVERITY_KEPT = BY_SEVERITY_IMPACT.replace("      on_resolved: resolve\n", "", 1)


def three_pages(tmp_path: Path) -> Path:
    """A site whose public page shows api and web, the partners' page api and partner,
    and the internal page everything (db too); a group's rule by service and severity."""
    return write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS + THREE_PAGES + BY_SEVERITY_KEPT,
            "content/components.yaml": THREE_PAGES_COMPONENTS,
            INCIDENT_PATH: None,
        },
    )


def deliver(site: Path, payload: str, now: str) -> Result:
    """One Alertmanager delivery at `now` (a time on 2026-11-22, UTC), which succeeds."""
    result = ingest(site, "alertmanager", payload, now=f"2026-11-22T{now}:00Z")
    assert 0 == result.exit_code, result.output
    return result


def open_incidents(site: Path, now: str) -> list[str]:
    """The titles of the incidents open at `now`, as `statusgen status --json` says."""
    return [str(i["title"]) for i in status_json(site, now)["open_incidents"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("first", "second", "third"),
    [
        # Website down; then Partner API (another page) joins at 18:15.
        (
            [member("web", "critical", "18:00")],
            [member("web", "critical", "18:00"), member("partner", "warning", "18:15")],
            [member("web", "critical", "18:00", "18:30"),
             member("partner", "warning", "18:15", "18:30")],
        ),
        # API slow and the database down; the API clears while the database still fires.
        (
            [member("api", "warning", "18:00"), member("db", "critical", "18:00")],
            [member("api", "warning", "18:00", "18:20"), member("db", "critical", "18:00")],
            [member("api", "warning", "18:00", "18:20"),
             member("db", "critical", "18:00", "18:30")],
        ),
    ],
    ids=["joins-another-page", "clears-on-another-page"],
)  # fmt: skip
def test_an_alert_firing_again_after_a_person_s_monitoring_ends_all_up(
    tmp_path: Path,
    first: list[dict[str, object]],
    second: list[dict[str, object]],
    third: list[dict[str, object]],
) -> None:
    # A person set the ingested incident monitoring; the group then fires again, for
    # components on other pages than the incident is on. Whatever incident carries the
    # alert on, its clear must leave every page as before the outage.
    site = three_pages(tmp_path)
    deliver(site, mixed_group(*first), "18:01")
    (name,) = files(site)
    person(site, name[:-3], "--status", "monitoring", "-m", "Fix deployed.",
           "--now", "2026-11-22T18:10:00Z")  # fmt: skip

    deliver(site, mixed_group(*second), "18:16")
    deliver(site, mixed_group(*third), "18:31")

    statuses = status_json(site, "2026-11-23T09:00:00Z")["components"]  # type: ignore[index]
    assert {"api", "web", "partner", "db"} == {c["id"] for c in statuses}  # type: ignore[index]
    assert ["operational"] * 4 == [c["status"] for c in statuses]  # type: ignore[index]
    # One incident carries the alert on, monitoring for a person to resolve (the rule's
    # on_resolved); the one the person watched was resolved into it.
    states = sorted(i.state.value for i in load_site(site).incidents if "11-22" in i.slug)
    assert ["monitoring", "resolved"] == states
    check_clean(site)


def test_a_new_incident_after_a_person_s_monitoring_starts_with_its_own_alerts(
    tmp_path: Path,
) -> None:
    site = three_pages(tmp_path)
    deliver(site, mixed_group(member("web", "critical", "18:00")), "18:01")
    (name,) = files(site)
    person(site, name[:-3], "--status", "monitoring", "-m", "Fix deployed.",
           "--now", "2026-11-22T18:10:00Z")  # fmt: skip

    deliver(
        site,
        mixed_group(member("web", "critical", "18:00"), member("partner", "warning", "18:15")),
        "18:16",
    )

    # Website's alert never cleared: its outage goes on; Partner API is down from 18:15.
    assert "major_outage" == component_status(site, "2026-11-22T18:17:00Z", "web")
    assert "operational" == component_status(site, "2026-11-22T18:12:00Z", "partner")
    assert "degraded_performance" == component_status(site, "2026-11-22T18:17:00Z", "partner")
    check_clean(site)


def test_a_draft_whose_group_spreads_to_another_page_stays_a_draft(tmp_path: Path) -> None:
    # A person marked the database's alarm a draft while investigating: the API joining
    # (a page the draft is not on) must publish neither it nor the database's outage.
    site = three_pages(tmp_path)
    db = member("db", "critical", "18:00")
    deliver(site, mixed_group(db), "18:01")
    (name,) = files(site)
    path = site / "content" / "incidents" / name
    path.write_text(path.read_text().replace("---\n", "---\ndraft: true\n", 1))

    deliver(site, mixed_group(db, member("api", "warning", "18:10")), "18:11")

    assert [] == open_incidents(site, "2026-11-22T18:12:00Z")
    assert ["operational"] * 2 == [
        component_status(site, "2026-11-22T18:12:00Z", cid) for cid in ("api", "db")
    ]
    check_clean(site)


def test_a_component_clearing_before_a_reopening_is_up_when_it_cleared_told_once(
    tmp_path: Path,
) -> None:
    site = three_pages(tmp_path)
    api, partner = member("api", "critical", "18:00"), member("partner", "warning", "18:00")
    deliver(site, mixed_group(api, partner), "18:01")
    (name,) = files(site)
    person(site, name[:-3], "--status", "monitoring", "-m", "Fix deployed.",
           "--now", "2026-11-22T18:10:00Z")  # fmt: skip
    partner_cleared = member("partner", "warning", "18:00", "18:20")

    deliver(site, mixed_group(api, partner_cleared), "18:21")
    deliver(
        site, mixed_group(member("api", "critical", "18:00", "18:30"), partner_cleared), "18:31"
    )

    # Partner API's alert cleared at 18:20: down until then, and said once.
    assert "degraded_performance" == component_status(site, "2026-11-22T18:15:00Z", "partner")
    assert "operational" == component_status(site, "2026-11-22T18:25:00Z", "partner")
    assert 1 == files(site)[name].count("The problem no longer affects"), files(site)[name]
    check_clean(site)


# --- an outage whose clear arrives before its firing, after an earlier one ----------------

# The API's first outage, 10:00 to 10:10 (UTC), delivered in order; its second, 14:00 to
# 14:30, either in order or with the clear first (the firing was retried).
FIRST_OUTAGE = [
    (alertmanager_payload("firing", "2026-11-22T10:00:00Z"), "2026-11-22T10:01:00Z"),
    (
        alertmanager_payload("resolved", "2026-11-22T10:00:00Z", "2026-11-22T10:10:00Z"),
        "2026-11-22T10:11:00Z",
    ),
]
SECOND_FIRING = (alertmanager_payload("firing", "2026-11-22T14:00:00Z"), "2026-11-22T14:31:00Z")
SECOND_CLEAR = (
    alertmanager_payload("resolved", "2026-11-22T14:00:00Z", "2026-11-22T14:30:00Z"),
    "2026-11-22T14:32:00Z",
)


def api_day(site: Path, name: str = "API") -> str:
    """The bar of the API (or the component `name`) for 22 November on the built home
    page, as a visitor reads it."""
    built = CliRunner().invoke(
        cli, ["-C", str(site), "build", "-q", "--now", "2026-11-23T12:00:00Z"]
    )
    assert 0 == built.exit_code, built.output
    home = BeautifulSoup((site / "public" / "index.html").read_text(), "html.parser")
    (bars,) = home.select(f'ol.bars[aria-label^="{name},"]')
    days = [" ".join(li.get_text(" ").split()) for li in bars.select("li")]
    return next(day for day in days if day.startswith("Nov 22, 2026:"))


@pytest.mark.parametrize(
    "second", [(SECOND_FIRING, SECOND_CLEAR), (SECOND_CLEAR, SECOND_FIRING)],
    ids=["in-order", "clear-first"],
)  # fmt: skip
def test_a_second_outage_cleared_before_its_firing_arrives_is_on_the_page(
    site: Path, second: tuple[tuple[str, str], ...]
) -> None:
    before = files(site)
    for payload, now in (*FIRST_OUTAGE, *second):
        result = ingest(site, "alertmanager", payload, now=now)
        assert 0 == result.exit_code, result.output

    # However the second outage was delivered, the incident tells both as they happened.
    _, text = opened(site, before)
    assert [
        "## Investigating at 2026-11-22 11:00 +01:00",
        "## Monitoring at 2026-11-22 11:10 +01:00",
        "## Investigating at 2026-11-22 15:00 +01:00",
        "## Monitoring at 2026-11-22 15:30 +01:00",
    ] == headings(text)
    # 40 minutes of major outage in the day: 10 of the first, 30 of the second.
    assert "Nov 22, 2026: Major outage, 97.22% uptime; API unavailable" == api_day(site)
    check_clean(site)


def test_an_outage_cleared_before_its_firing_after_a_person_resolved_is_recorded(
    site: Path,
) -> None:
    before = files(site)
    for payload, now in FIRST_OUTAGE:
        ingest(site, "alertmanager", payload, now=now)
    name, _ = opened(site, before)
    resolved = CliRunner().invoke(
        cli, ["-C", str(site), "resolve", name[:-3], "--now", "2026-11-22T10:20:00Z"]
    )
    assert 0 == resolved.exit_code, resolved.output

    for payload, now in (SECOND_CLEAR, SECOND_FIRING):
        result = ingest(site, "alertmanager", payload, now=now)
        assert 0 == result.exit_code, result.output

    # Long after the flap window (30m): the second outage is an incident of its own.
    assert "a late or repeated delivery" in result.output
    second = files(site)["2026-11-22-api-unavailable-2.md"]
    assert [
        "## Investigating at 2026-11-22 15:00 +01:00",
        "## Monitoring at 2026-11-22 15:30 +01:00",
    ] == headings(second)
    # 40 minutes of major outage in the day, one incident for each outage.
    assert "Nov 22, 2026: Major outage, 97.22% uptime; API unavailable; API unavailable" == (
        api_day(site)
    )
    check_clean(site)


OPSGENIE_RULES = """\
ingest:
  rules:
    - source: opsgenie
      components: [api]
      severity: {P1: major_outage}
      on_resolved: resolve
"""


def opsgenie_payload(action: str, created: str, closed: str = "") -> str:
    """The fixture's Create or Close of the alert, created at `created` (Opsgenie's
    milliseconds) and closed at `closed` (its nanoseconds)."""
    fixture = {"Create": "opsgenie-create.json", "Close": "opsgenie-close.json"}[action]
    payload = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    payload["alert"]["createdAt"] = epoch(created) * 1000
    if closed:
        payload["alert"]["updatedAt"] = epoch(closed) * 10**9
    return json.dumps(payload)


def epoch(at: str) -> int:
    """The RFC 3339 time `at` in seconds since the epoch."""
    when = moment(at)
    assert when is not None
    return int(when.timestamp())


def test_an_opsgenie_alert_closed_before_its_creation_arrives_reopens_its_incident(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + OPSGENIE_RULES})
    before = files(site)
    sent = [
        (opsgenie_payload("Create", "2026-11-22T10:00:00Z"), "2026-11-22T10:01:00Z"),
        (opsgenie_payload("Close", "2026-11-22T10:00:00Z", "2026-11-22T10:10:00Z"),
         "2026-11-22T10:11:00Z"),
        # Created again under its alias at 10:40, closed at 11:10: the Close comes first.
        (opsgenie_payload("Close", "2026-11-22T10:40:00Z", "2026-11-22T11:10:00Z"),
         "2026-11-22T11:11:00Z"),
        (opsgenie_payload("Create", "2026-11-22T10:40:00Z"), "2026-11-22T11:12:00Z"),
    ]  # fmt: skip
    for payload, now in sent:
        result = ingest(site, "opsgenie", payload, now=now)
        assert 0 == result.exit_code, result.output

    # Within the flap window (1h) of the first: the same incident, reopened and resolved.
    assert "a late or repeated delivery" in result.output
    _, text = opened(site, before)
    assert [
        "## Investigating at 2026-11-22 11:00 +01:00",
        "## Resolved at 2026-11-22 11:10 +01:00",
        "## Investigating at 2026-11-22 11:40 +01:00",
        "## Resolved at 2026-11-22 12:10 +01:00",
    ] == headings(text)
    assert "Nov 22, 2026: Major outage, 97.22% uptime; API: Major outage" == api_day(site)
    check_clean(site)


def test_check_reports_a_cleared_at_that_is_no_time(site: Path) -> None:
    ingest(site, "alertmanager", "alertmanager-firing.json")
    ingest(site, "alertmanager", "alertmanager-resolved.json")
    path = site / "content" / "incidents" / "2026-11-22-api-unavailable.md"
    path.write_text(path.read_text().replace("2026-11-22 19:40:45.828 +01:00", "soon"))

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 1 == result.exit_code
    assert "2026-11-22-api-unavailable.md:12:15: cleared_at: " in result.output


@pytest.mark.parametrize(
    ("key", "written", "message"),
    [
        ("components_fired_at", "{api: soon}", ":11:30: components_fired_at: api: "),
        ("components_fired_at", "[api]",
         ":11:24: 'components_fired_at' must be a mapping of component ids to times"),
        ("components_cleared_at", "{api: soon}", ":11:32: components_cleared_at: api: "),
        ("components_cleared_at", "[api]",
         ":11:26: 'components_cleared_at' must be a mapping of component ids to times"),
        # A time kept for no component guards none against a late delivery.
        ("components_cleared_at", "{apii: 2026-11-22 19:30:00 +01:00}",
         ":11:27: components_cleared_at: unknown component 'apii'"),
        ("components_fired_at", "{apii: 2026-11-22 19:30:00 +01:00}",
         ":11:25: components_fired_at: unknown component 'apii'"),
    ],
)  # fmt: skip
def test_check_reports_components_fired_at_that_are_no_times(
    site: Path, key: str, written: str, message: str
) -> None:
    ingest(site, "alertmanager", "alertmanager-firing.json")
    path = site / "content" / "incidents" / "2026-11-22-api-unavailable.md"
    text = path.read_text()
    path.write_text(text.replace("  fired_at:", f"  {key}: {written}\n  fired_at:"))

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 1 == result.exit_code, result.output
    assert f"2026-11-22-api-unavailable.md{message}" in result.output
    assert "}}" not in result.output  # the example in the hint is YAML as written


# --- when it happened: the payload's time, not the delivery's ---------------------------

GENERIC_AT = '{"id": "db", "title": "DB slow", "labels": {"component": "api"}, "at": %s}'


@pytest.mark.parametrize(
    ("source", "payload", "now", "heading"),
    [
        # Alertmanager and Grafana: the group's first startsAt.
        ("alertmanager", "alertmanager-firing.json", NOW, "2026-11-22 19:02 +01:00"),
        ("grafana", "grafana-firing.json", NOW, "2026-11-22 18:51 +01:00"),
        # PagerDuty v3: the event's occurred_at.
        ("pagerduty", "pagerduty-triggered.json", NOW, "2026-11-22 19:45 +01:00"),
        # Opsgenie: createdAt, in milliseconds.
        ("opsgenie", "opsgenie-create.json", "2026-11-28T19:00:00Z", "2026-11-28 18:02 +01:00"),
        # Datadog: $DATE_POSIX.
        ("datadog", "datadog-triggered.json", "2026-11-28T19:00:00Z", "2026-11-28 17:40 +01:00"),
        # generic: `at`, as RFC 3339 or epoch seconds.
        ("generic", GENERIC_AT % '"2026-11-22T17:30:00Z"', NOW, "2026-11-22 18:30 +01:00"),
        ("generic", GENERIC_AT % "1795800600", NOW, "2026-11-27 18:30 +01:00"),
    ],
)
def test_an_incident_starts_when_the_alert_fired_not_when_it_arrived(
    site: Path, source: str, payload: str, now: str, heading: str
) -> None:
    before = files(site)
    # Delivered hours late (a relay's retries): the outage still began when it began.
    late = now.replace("T19:", "T23:") if "1795800600" not in payload else "2026-11-28T12:00:00Z"

    result = ingest(site, source, payload, now=late)

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert f"## Investigating at {heading}" in text.splitlines()
    check_clean(site)


def test_a_clear_arriving_late_resolves_at_the_time_it_cleared(site: Path) -> None:
    before = files(site)
    ingest(site, "grafana", "grafana-firing.json", now="2026-11-22T18:00:00Z")

    ingest(site, "grafana", "grafana-resolved.json", now="2026-11-23T09:00:00Z")

    _, text = opened(site, before)
    # endsAt 19:20:03+01:00, not the next morning: the page counts 29 minutes, not 15 hours.
    assert "## Resolved at 2026-11-22 19:20 +01:00" in text.splitlines()
    status = CliRunner().invoke(
        cli, ["-C", str(site), "status", "--json", "--now", "2026-11-23T09:00:00Z"]
    )
    checkout = next(c for c in json.loads(status.output)["components"] if c["id"] == "checkout")
    assert "operational" == checkout["status"]
    # Over the 4 days on record, 29 minutes (and the older incident) cost under 1 %;
    # dated on arrival, the 15 hours would have cost about 15 %.
    assert checkout["uptime"] > 0.99


def test_a_sender_clock_ahead_of_ours_is_dated_now(site: Path) -> None:
    before = files(site)
    ahead = GENERIC_AT % '"2026-11-22T21:00:00Z"'  # two hours after our clock

    ingest(site, "generic", ahead, now=NOW)

    _, text = opened(site, before)
    # Dated later than now, the incident would stay hidden until then.
    assert "## Investigating at 2026-11-22 20:00 +01:00" in text.splitlines()


def test_an_update_is_never_dated_before_the_incident_s_last_update(site: Path) -> None:
    before = files(site)
    ingest(site, "generic", GENERIC_AT % '"2026-11-22T18:30:00Z"', now=NOW)
    name, _ = opened(site, before)
    person = CliRunner().invoke(
        cli, ["-C", str(site), "update", name[:-3], "-m", "Looking.", "--now", LATER]
    )
    assert 0 == person.exit_code, person.output
    # A clear stamped before a person's update (it reached us later): the timeline still
    # runs forward.
    early = '{"id": "db", "status": "resolved", "at": "2026-11-22T18:45:00Z"}'

    result = ingest(site, "generic", early, now=MUCH_LATER)

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert ["## Investigating at 2026-11-22 19:30 +01:00",
            "## Investigating at 2026-11-22 20:10 +01:00",
            "## Monitoring at 2026-11-22 20:10 +01:00"] == headings  # fmt: skip
    check_clean(site)


def test_a_generic_alert_may_have_a_number_for_its_id(site: Path) -> None:
    before = files(site)

    result = ingest(
        site, "generic", '{"id": 5, "title": "DB slow", "labels": {"component": "api"}}'
    )

    assert 0 == result.exit_code, result.output
    path, _ = opened(site, before)
    clear = ingest(site, "generic", '{"id": 5, "status": "resolved"}', now=LATER)
    assert 0 == clear.exit_code, clear.output
    assert "Monitoring at" in files(site)[path]
    check_clean(site)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_a_payload_saved_with_a_byte_order_mark_is_read(
    tmp_path: Path, site: Path, encoding: str
) -> None:
    # Windows PowerShell 5.1's `... | Out-File alert.json` writes UTF-16 with a BOM.
    payload = {"id": "db-1", "title": "DB slow", "labels": {"component": "api"}}
    saved = tmp_path / "alert.json"
    saved.write_bytes(json.dumps(payload).encode(encoding))
    before = files(site)

    result = CliRunner().invoke(
        cli, ["-C", str(site), "ingest", "generic", str(saved), "--now", NOW]
    )

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    assert "title: DB slow" in text


def test_a_generic_at_that_is_no_time_is_reported(site: Path) -> None:
    before = files(site)

    result = ingest(site, "generic", GENERIC_AT % '"yesterday-ish"')

    assert 1 == result.exit_code
    assert "'at' is not a time" in result.output
    assert "RFC 3339" in result.output
    assert before == files(site)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-22T18:02:45.828Z", "2026-11-22T18:02:45.828000+00:00"),
        # Go writes nine fraction digits; Python keeps six.
        ("2026-11-22T19:20:03.157076876+01:00", "2026-11-22T19:20:03.157076+01:00"),
        ("2026-11-22T18:02:45+0100", "2026-11-22T18:02:45+01:00"),
        (1795884000, "2026-11-28T16:40:00+00:00"),  # seconds
        ("1795884000", "2026-11-28T16:40:00+00:00"),  # seconds, as text (Datadog)
        (1795885351104, "2026-11-28T17:02:31.104000+00:00"),  # milliseconds
        (1795887451104002246, "2026-11-28T17:37:31.104002+00:00"),  # nanoseconds
        ("0001-01-01T00:00:00Z", None),  # Go's zero time: Alertmanager's "not ended"
        ("2026-11-22T18:02:45", None),  # no offset: which zone is unknown
        ("2026-11-22", None),
        (True, None),
        (None, None),
        ("nan", None),
        (-5, None),
        (1e30, None),
    ],
)
def test_payload_times_are_read_in_every_form_the_tools_use(
    value: object, expected: str | None
) -> None:
    found = moment(value)

    assert expected == (found.isoformat() if found is not None else None)


# --- drafts: the human gate ------------------------------------------------------------


def test_a_draft_rule_writes_a_draft_that_updates_keep_a_draft(site: Path) -> None:
    before = files(site)
    result = ingest(site, "pagerduty", "pagerduty-triggered.json")
    assert "written as a draft" in result.output
    name, _ = opened(site, before)
    assert [] == [i for i in load_site(site).incidents if i.slug == name[:-3]]

    ingest(site, "pagerduty", "pagerduty-resolved.json", now=LATER)

    assert "draft: true" in files(site)[name].splitlines()


def generic_alert(status: str, at: str) -> str:
    return json.dumps({"id": "x", "status": status, "at": at, "labels": {}})


@pytest.mark.parametrize("rule_draft", [False, True], ids=["withdrawn", "draft-rule"])
def test_a_firing_after_a_draft_s_alert_cleared_opens_a_new_incident(
    tmp_path: Path, rule_draft: bool
) -> None:
    # The docs' way to withdraw a false alarm: `draft: true` in its file. Its alert
    # firing again later is news, not the false alarm: it must not vanish into the draft.
    rules = (
        "ingest:\n  rules:\n    - {name: gen-api, source: generic, components: [api], "
        f"draft: {str(rule_draft).lower()}}}\n"
    )
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    before = files(site)
    assert 0 == ingest(site, "generic", generic_alert("firing", "2026-12-05T20:00:00Z")).exit_code
    name, text = opened(site, before)
    if not rule_draft:
        path = site / "content" / "incidents" / name
        path.write_text(text.replace("---\n", "---\ndraft: true\n", 1))  # withdrawn
    cleared = generic_alert("resolved", "2026-12-05T20:05:00Z")
    assert 0 == ingest(site, "generic", cleared, now="2026-12-05T20:05:30Z").exit_code
    # A relay's retry of the false alarm's firing is still known as old news.
    retry = ingest(
        site, "generic", generic_alert("firing", "2026-12-05T20:00:00Z"), now="2026-12-05T20:10:00Z"
    )
    assert "a late or repeated delivery" in retry.output
    withdrawn = files(site)

    result = ingest(
        site, "generic", generic_alert("firing", "2026-12-05T23:30:00Z"), now="2026-12-05T23:30:30Z"
    )

    assert 0 == result.exit_code, result.output
    new, text = opened(site, withdrawn)
    assert ("draft: true" in text.splitlines()) is rule_draft
    assert withdrawn[name] == files(site)[name]  # the draft stays as it was
    assert f"content/incidents/{name} is a draft whose alert cleared" in result.output
    shown = "operational" if rule_draft else "partial_outage"
    assert shown == component_status(site, "2026-12-05T23:31:00Z", "api")
    # Later firings of the same id carry on the new incident, not the draft.
    again = generic_alert("firing", "2026-12-05T23:30:00Z")
    repeat = ingest(site, "generic", again, now="2026-12-05T23:40:00Z")
    assert f"content/incidents/{new} is already investigating" in repeat.output


def test_a_withdrawn_draft_whose_alert_still_fires_takes_its_repeats(site: Path) -> None:
    before = files(site)
    payload = json.dumps({"id": "x", "labels": {"component": "api"}})
    assert 0 == ingest(site, "generic", payload).exit_code
    name, text = opened(site, before)
    path = site / "content" / "incidents" / name
    path.write_text(text.replace("---\n", "---\ndraft: true\n", 1))

    repeat = ingest(site, "generic", payload, now=LATER)

    assert f"content/incidents/{name} is already investigating" in repeat.output
    assert [name] == [n for n in files(site) if n not in before]


WITHDRAWN_FIRING = {
    "alertmanager": FIXTURES.joinpath("alertmanager-firing.json").read_text(),
    "generic": json.dumps(
        {"id": "x", "at": "2026-11-22T18:02:45Z", "labels": {"component": "api"}, "title": "API"}
    ),
}
WITHDRAWN_CLEAR = {
    "alertmanager": FIXTURES.joinpath("alertmanager-resolved.json").read_text(),
    "generic": generic_alert("resolved", "2026-11-22T23:20:00Z"),
}


@pytest.mark.parametrize("source", ["alertmanager", "generic"])
@pytest.mark.parametrize("withdrawal", ["monitoring", "resolve"])
def test_a_draft_withdrawn_while_its_alert_fires_takes_its_repeats(
    site: Path, source: str, withdrawal: str
) -> None:
    # A false alarm withdrawn (`draft: true`, then monitoring or resolved by a person)
    # while it still fires: the tool resends the same firing until it clears, and a
    # resend is the false alarm again, not an outage to publish.
    before = files(site)
    assert 0 == ingest(site, source, WITHDRAWN_FIRING[source]).exit_code
    name, text = opened(site, before)
    path = site / "content" / "incidents" / name
    path.write_text(text.replace("---\n", "---\ndraft: true\n", 1))
    if withdrawal == "monitoring":
        person(site, name[:-3], "--status", "monitoring", "-m", "False alarm.", "--now", LATER)
    else:
        said = CliRunner().invoke(cli, ["-C", str(site), "resolve", name[:-3], "--now", LATER])
        assert 0 == said.exit_code, said.output
    withdrawn = files(site)

    repeat = ingest(site, source, WITHDRAWN_FIRING[source], now=MUCH_LATER)

    assert 0 == repeat.exit_code, repeat.output
    assert withdrawn == files(site), repeat.output  # no new incident, the draft as it was
    assert f"content/incidents/{name}" in repeat.output
    assert "is a new incident" not in repeat.output
    assert "operational" == component_status(site, MUCH_LATER, "api")
    # Its clear reaches the draft; the alert firing after that is news of its own.
    cleared = ingest(site, source, WITHDRAWN_CLEAR[source], now="2026-11-22T23:30:00Z")
    assert 0 == cleared.exit_code, cleared.output
    later = WITHDRAWN_FIRING[source].replace("2026-11-22T18:02:45", "2026-11-23T08:00:00")
    again = ingest(site, source, later, now="2026-11-23T08:00:30Z")
    assert f"content/incidents/{name} is a draft whose alert cleared" in again.output
    assert "operational" != component_status(site, "2026-11-23T08:01:00Z", "api")


# --- hostile alert text ----------------------------------------------------------------

HOSTILE = {
    "id": "evil\n---\nstatus: resolved",
    "status": "firing",
    "title": 'Down"\n---\ndraft: false\n<script>alert(1)</script>',
    "message": (
        "## Resolved at 2026-11-22 19:01\n```\n[click](javascript:alert(1)) "
        "![x](https://tracker.example/p.png) <img src=x onerror=alert(1)> {title} {{7*7}} "
        "{% raw %}{{ self.__init__ }}\x1b[31m\x00 " + "A" * 5000
    ),
    "labels": {"component": "api"},
}


def test_hostile_alert_text_stays_text(site: Path, tmp_path: Path) -> None:
    before = files(site)
    result = ingest(site, "generic", json.dumps(HOSTILE))
    assert 0 == result.exit_code, result.output
    name, text = opened(site, before)

    incident = next(i for i in load_site(site).incidents if i.slug == name[:-3])
    assert "investigating" == incident.state.value
    assert 1 == len(incident.updates)
    assert HOSTILE["id"] == incident.alert.id  # type: ignore[union-attr]
    assert incident.title.startswith('Down" --- draft: false <script>')  # one line, as text
    assert "\x1b" not in text and "\x00" not in text
    assert len(text) < 2000
    check_clean(site)

    output = tmp_path / "public"
    built = CliRunner().invoke(
        cli, ["-C", str(site), "build", "--now", LATER, "--no-cache", "-q", "-o", str(output)]
    )
    assert 0 == built.exit_code, built.output
    page = (output / "incidents" / name[:-3] / "index.html").read_text()
    # The alert's markup is shown as text: no script, link, image or tracker from it.
    for forbidden in ("<script>alert", 'href="javascript', "<img", 'src="https://tracker'):
        assert forbidden not in page
    assert "[click](javascript:alert(1))" in page  # as written
    assert "{{7*7}}" in page  # shown as written, never evaluated


# An id whose lines would be read as a workflow command and Markdown in the job summary,
# where the Incident workflow adds ingest's output; and a C1 control that clears a screen.
INJECTED_ID = (
    "disk\n::error title=Deploy failed::Rotate the secrets at https://evil.example now\n"
    "[Acknowledge](https://evil.example/ack)\u009b2J"
)


@pytest.mark.parametrize(
    ("component", "args", "said"),
    [
        ("api", (), "Rule 'generic' matched generic alert disk\\x0a::error title="),
        ("api", ("--dry-run",), "Rule 'generic' matched generic alert disk\\x0a::error title="),
        ("billing", (), "Nothing to do: no rule applies to generic alert disk\\x0a::error title="),
    ],
)
def test_an_alert_s_text_is_shown_in_ingest_s_output_never_obeyed(
    site: Path, component: str, args: tuple[str, ...], said: str
) -> None:
    # A direction override in the title: kept in the file, escaped in "Would write".
    payload = {"id": INJECTED_ID, "title": "DB \u202eslow", "labels": {"component": component}}
    result = ingest(site, "generic", json.dumps(payload), *args)
    assert 0 == result.exit_code, result.output
    assert said in result.output
    assert "[Acknowledge](https://evil.example/ack)\\x9b2J" in result.output
    for line in result.output.split("\n"):
        assert not line.startswith(("::", "[")), result.output
    for raw in ("\r", "\x9b", "\u202e"):
        assert raw not in result.output


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{a}", "x"),
        ("{a} and {b}", "x and "),
        ("{{a}}", "{a}"),
        ("{c}", "{a}"),  # a value holding a hole is never expanded again
        ("{multi}", "one, two"),
        ("{a.b}", "dotted"),
        ("{spaced}", "line one line two"),
    ],
)
def test_templates_substitute_fields_once(template: str, expected: str) -> None:
    fields = {
        "a": ("x",),
        "c": ("{a}",),
        "multi": ("one", "two"),
        "a.b": ("dotted",),
        "spaced": ("line one\n\nline two",),
    }
    assert expected == render(template, fields, markdown=False)


@pytest.mark.parametrize(
    "picture",
    [
        "\U0001f469\u200d\U0001f4bb",  # 👩‍💻: cut after its joiner, it ran into the "…"
        "\U0001f1fa\U0001f1e6",  # 🇺🇦: cut after its first half, a lone regional indicator
    ],
)
def test_a_long_alert_value_is_cut_between_the_characters_a_reader_sees(picture: str) -> None:
    for lead in range(296, 300):  # one of these cuts falls inside the picture
        summary = "a" * lead + picture + " done"
        message = render("Details: {summary}", {"summary": (summary,)}, markdown=False)
        kept = message.removeprefix("Details: ").removesuffix("…")
        assert summary.startswith(kept)
        assert len(kept) in set(grapheme_ends(summary)), ascii(kept[-4:])


def test_markdown_values_are_escaped_but_the_template_is_not() -> None:
    fields = {"x": ("**bold** [a](b) <i>",)}
    assert "**Alert:** " + escape_markdown("**bold** [a](b) <i>") == render(
        "**Alert:** {x}", fields, markdown=True
    )


def test_a_backslash_before_a_tilde_in_alert_text_is_shown() -> None:
    # A backslash escapes `~` on the page: alert text is shown as the tool wrote it.
    html = render_markdown(escape_markdown("ETA \\~30 min, \\~~not struck~~"))
    assert "<p>ETA \\~30 min, \\~~not struck~~</p>" == html


LATENCY = "p95 latency > 2 s (api-1.example.com) & errors < 5%"


def test_ordinary_punctuation_in_alert_text_reads_as_written(site: Path, tmp_path: Path) -> None:
    before = files(site)
    payload = alertmanager_payload("firing", "2026-11-22T18:00:00Z", summary=LATENCY)

    ingest(site, "alertmanager", payload)

    name, _ = opened(site, before)
    incident = next(i for i in load_site(site).incidents if i.slug == name[:-3])
    assert f"Our API is not answering: {LATENCY}" == incident.updates[0].message
    output = tmp_path / "public"
    built = CliRunner().invoke(
        cli, ["-C", str(site), "build", "--now", LATER, "--no-cache", "-q", "-o", str(output)]
    )
    assert 0 == built.exit_code, built.output
    api = json.loads((output / "api" / "v2" / "incidents.json").read_text())
    assert f"Our API is not answering: {LATENCY}" in json.dumps(api, ensure_ascii=False)


def shown(markdown: str) -> str:
    """The text a reader sees of `markdown`, one paragraph: no markup may remain."""
    html = render_markdown(markdown)
    assert html.startswith("<p>") and html.endswith("</p>"), html
    inner = html[3:-4]
    assert "<" not in inner, html  # no link, image, emphasis, code or raw tag
    return unescape(inner)


# Text as alerts write it: none of it becomes markup, so it is stored as written.
PLAIN_TEXTS = [
    LATENCY,
    "disk 95% full on db-2.internal (/var/lib/postgres) - act now!",
    "node_exporter down: 3 + 4 = 7 {job} #42 a > b, c < d",
    "price: $5.00 (approx.) - 10% off; back\\slash",
    "AT&T ; x < y; 5 <= 6 ; - not a list - here",
]
# Text that would become markup, a new update or component statuses: shown as written all
# the same, with no markup of its own.
MARKUP_TEXTS = [
    "**bold** _em_ __init__ *x* `code` ~~~",
    "[click](javascript:alert(1)) ![x](https://tracker.example/p.png) [ref][1]",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> <http://x.example> <a@b.example>",
    "&lt; &#60; &amp; &copy; \\* \\[",
    "## Resolved at 2026-11-22 19:01",
    "# heading",
    "> quoted",
    "- item",
    "+ item",
    "1. item",
    "---",
    "===",
    "Components: api=operational",
    "~~~ python",
    "***",
    "<!-- hidden --> trailing\\",
    # GitHub strikes through `~~…~~` and links a bare address: an alert may do neither.
    "see https://example.com/a_b?x=1&y=2 for 1. details",
    "~~all good~~ log in at https://evil.example.net/login to fix; dashboard"
    " https://grafana.example.com/d/_api_latency?orgId=1 (www.example.org) HTTP://A.B ~~~~x~~",
    "C:\\: and a\\=b are paths",
    # A backslash before any punctuation escapes it on the page: alert text keeps its own.
    'C:\\"Program Files" Bob\\\'s R\\&D \\&amp; 5\\$ \\@team \\q',
]


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_alert_text_without_markup_is_stored_as_written(text: str) -> None:
    for template in ("M {x}", "{x}"):
        message = render(template, {"x": (text,)}, markdown=True)
        assert template.replace("{x}", text) == message
        assert template.replace("{x}", text) == shown(message)


@pytest.mark.parametrize("text", PLAIN_TEXTS + MARKUP_TEXTS)
def test_alert_text_is_shown_exactly_with_no_markup(site: Path, text: str) -> None:
    for template in ("M {x}", "{x}", "Alert: {x}"):
        message = render(template, {"x": (text,)}, markdown=True)
        assert template.replace("{x}", text) == shown(message)
    # Written as an update, it stays one update with no component statuses of its own.
    before = files(site)
    generic = {"id": "t", "title": "T", "message": text, "labels": {"component": "api"}}
    assert 0 == ingest(site, "generic", json.dumps(generic)).exit_code
    name, _ = opened(site, before)
    incident = next(i for i in load_site(site).incidents if i.slug == name[:-3])
    assert 1 == len(incident.updates)
    assert ("api",) == tuple(c.id for c in incident.updates[0].components)
    assert text == shown(incident.updates[0].message)


# Values as a code span in a template must show them: backticks of their own included.
CODE_TEXTS = [
    'sum(rate(http_requests_total{code=~"5.."}[5m])) * 100 > 5',
    "a`b ``c`` ```d``` e`",
    "`",
    "`leading and trailing`",
    "C:\\path\\ \\* \\`",
]


@pytest.mark.parametrize("text", CODE_TEXTS + PLAIN_TEXTS + MARKUP_TEXTS)
@pytest.mark.parametrize(
    "template", ["Query `{x}` fired; see *{x}*", "``{x}`` and `{empty}` then `{x}` x"]
)
def test_a_field_in_a_template_s_code_span_shows_as_written(text: str, template: str) -> None:
    # Backslash escapes do nothing in code: the value goes in as written, in a fence none
    # of its backticks matches, and nothing after it becomes markup.
    message = render(template, {"x": (text,), "empty": ()}, markdown=True)
    page = BeautifulSoup(render_markdown(message), "html.parser")
    codes = [code.get_text() for code in page.find_all("code")]
    expected = [text, text] if template.startswith("``") else [text]
    assert expected == [c for c in codes if c.strip()]
    assert [] == page.find_all(["a", "img", "strong", "script", "del", "h2"])
    said = template.replace("`", "").replace("*", "").replace("{empty}", " ")
    assert said.replace("{x}", text).replace(" ", "") == page.get_text().replace(" ", "")


# An autolink is no HTML tag: a template may link an address and show a value as code.
@pytest.mark.parametrize(
    "template",
    [
        "See <{url}> q `{x}`",
        "See <https://grafana.example.com/d/abc> q `{x}`",
        "Ask <ops@example.com>: `{x}`",
    ],
)
def test_a_code_span_beside_an_autolink_shows_its_field_as_written(template: str) -> None:
    text = "C:\\dir\\*x*"
    message = render(template, {"x": (text,), "url": (DASHBOARD,)}, markdown=True)
    page = BeautifulSoup(render_markdown(message), "html.parser")
    assert [text] == [code.get_text() for code in page.find_all("code")]
    assert 1 == len(page.find_all("a"))


def test_an_alertmanager_query_in_a_code_span_beside_an_autolink_shows_as_written(
    tmp_path: Path,
) -> None:
    message = 'message: "See <{annotations.url}> q `{annotations.query}`"'
    rules = RULES.replace('message: "Our API is not answering: {annotations.summary}"', message)
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    firing = json.loads((FIXTURES / "alertmanager-firing.json").read_text())
    for written in (firing["commonAnnotations"], firing["alerts"][0]["annotations"]):
        written.update({"url": DASHBOARD, "query": "C:\\dir\\*x*"})
    before = files(site)

    assert 0 == ingest(site, "alertmanager", json.dumps(firing)).exit_code

    name, text = opened(site, before)
    assert f"See <{DASHBOARD}> q `C:\\dir\\*x*`" in text
    incident = next(i for i in load_site(site).incidents if i.slug == name[:-3])
    page = BeautifulSoup(render_markdown(incident.updates[0].message), "html.parser")
    assert ["C:\\dir\\*x*"] == [code.get_text() for code in page.find_all("code")]


def links(markdown: str) -> list[tuple[str, str]]:
    """The (address, text) of each link the page shows for `markdown`."""
    page = BeautifulSoup(render_markdown(markdown), "html.parser")
    return [(str(a.get("href")), a.get_text()) for a in page.find_all("a")]


DASHBOARD = "https://grafana.example.com/d/abc?orgId=1"


def test_a_link_the_rule_s_template_puts_around_an_alert_field_leads_to_its_address() -> None:
    # The site owner's template makes the link; the alert gives only its address, which
    # reaches the page and the chats as the alert wrote it.
    message = render("Details: [dashboard]({url}) or <{url}>", {"url": (DASHBOARD,)}, markdown=True)
    assert f"Details: [dashboard]({DASHBOARD}) or <{DASHBOARD}>" == message
    assert [(DASHBOARD, "dashboard"), (DASHBOARD, DASHBOARD)] == links(message)


@pytest.mark.parametrize(
    ("value", "address"),
    [
        # What would end the address, or be read in it, is percent-encoded.
        (
            "https://grafana.example.com/d/_a_?q=(p95) `x` a\\_b&amp;c",
            "https://grafana.example.com/d/_a_?q=%28p95%29%20%60x%60%20a%5C_b&amp;c",
        ),
        ("/history/", "/history/"),
    ],
)
def test_an_alert_field_in_a_template_s_link_address_stays_one_address(
    value: str, address: str
) -> None:
    message = render("See [the graph]({url}).", {"url": (value,)}, markdown=True)
    assert [(address, "the graph")] == links(message)
    assert message.endswith(").")


# A browser reads a backslash in a web address as a "/": the address an alert gives leads
# to the host it names there, not to the one after an `@` that `%5C` would make the host.
@pytest.mark.parametrize(
    ("template", "value"),
    [
        ("[dashboard]({url})", "https://status.example.com\\@evil.example/login"),
        ("<{url}>", "https://status.example.com\\@evil.example/login"),
        ("[dashboard](https://{url})", "status.example.com\\@evil.example/login"),
        ("<https:{url}>", "\\\\status.example.com:8443\\@evil.example/login"),
    ],
)
def test_an_alert_address_with_a_backslash_after_its_host_keeps_that_host(
    template: str, value: str
) -> None:
    message = render(template, {"url": (value,)}, markdown=True)
    ((href, _),) = links(message)
    assert "status.example.com" == urlsplit(href).hostname


@pytest.mark.parametrize("template", ["[dashboard]({url})", "<{url}>"])
def test_an_alert_field_with_a_scheme_the_page_drops_is_no_link(template: str) -> None:
    message = render(template, {"url": ("javascript:alert(1)",)}, markdown=True)
    assert [] == [link for link in links(message) if link[0] != "None"]


@pytest.mark.parametrize("template", ["see {url} now", "({url})", "<{url} x>", "{url})"])
def test_an_alert_address_outside_a_template_s_link_address_is_text(template: str) -> None:
    message = render(template, {"url": (DASHBOARD,)}, markdown=True)
    assert template.replace("{url}", DASHBOARD) == shown(message)


# --- payload problems ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "payload", "hint"),
    [
        ("grafana", "[]", "send the webhook body unchanged"),
        ("alertmanager", "{not json", "send the webhook body unchanged"),
        ("generic", "{not json", "send one JSON object with the fields docs/ingest.md lists"),
        ("generic", "[1]", "send one JSON object with the fields docs/ingest.md lists"),
    ],
)
def test_a_payload_that_is_no_json_object_says_what_to_send(
    site: Path, source: str, payload: str, hint: str
) -> None:
    # A tool's body needs passing on as it came; a generic alert's sender writes it.
    result = ingest(site, source, payload)
    assert 1 == result.exit_code
    assert hint in result.output


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, "closed"], ids=["dev-null", "closed"])
def test_an_empty_standard_input_is_told_as_no_payload_given(site: Path, stdin: int | str) -> None:
    # A cron line without its payload (`</dev/null`, `<&-`) was told as a broken one:
    # `<stdin>:1:1: the payload is not JSON: Expecting value`, exit 1.
    before = sorted(site.rglob("*"))
    command = [sys.executable, "-m", "statusgen", "-C", str(site), "ingest", "generic"]
    if stdin == "closed":
        # The shell's `<&-`: file descriptor 0 not open at all.
        command = ["sh", "-c", 'exec "$@" <&-', "sh", *command]
    given = subprocess.DEVNULL if stdin == "closed" else stdin
    done = subprocess.run(command, stdin=given, capture_output=True, text=True, timeout=60)

    assert 2 == done.returncode, done.stderr
    assert (
        "Error: standard input was empty (ingest reads the payload from it when FILE is - or "
        "left out)\n"
        "  hint: pipe the payload in, or name the file it is in: ingest generic alert.json\n"
    ) in done.stderr
    assert "not JSON" not in done.stderr
    assert before == sorted(site.rglob("*"))


def test_a_payload_typed_at_a_terminal_is_asked_for(site: Path) -> None:
    # Without FILE, ingest reads standard input; on a terminal that is a wait without a
    # word, unless it says what it waits for and how to end it.
    import pty

    terminal, its_end = pty.openpty()
    try:
        running = subprocess.Popen(
            [sys.executable, "-m", "statusgen", "-C", str(site), "ingest", "generic",
             "--dry-run", "--now", NOW],
            stdin=its_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        os.close(its_end)
        os.write(terminal, b'{"id": "t1", "labels": {"component": "api"}}\n\x04')
        out, err = running.communicate(timeout=60)
    finally:
        os.close(terminal)

    assert 0 == running.returncode, err
    assert err.startswith("reading the payload from standard input; end with Ctrl-D\n"), err
    assert "Would write" in out


@pytest.mark.parametrize(
    ("source", "payload", "message"),
    [
        ("alertmanager", "{not json", "<stdin>:1:2: the payload is not JSON"),
        ("alertmanager", "[1, 2]", "<stdin>: an Alertmanager payload is a JSON object, not a list"),
        ("grafana", "null", "<stdin>: a Grafana payload is a JSON object, not null"),
        ("pagerduty", '"x"', "<stdin>: a PagerDuty payload is a JSON object, not text"),
        ("opsgenie", "1", "<stdin>: an Opsgenie payload is a JSON object, not a number"),
        ("datadog", "[]", "<stdin>: a Datadog payload is a JSON object, not a list"),
        ("generic", "true", "<stdin>: a generic payload is a JSON object, not true/false"),
        (
            "alertmanager",
            '{"status": "firing"}',
            "<stdin>: this is not a payload from Alertmanager",
        ),
        ("grafana", '{"alerts": []}', "<stdin>: this is not a payload from Grafana"),
        # The group is known by its key alone: its alerts' fingerprints change with its
        # members, so an incident known by them would never see its clear.
        (
            "alertmanager",
            json.dumps({k: v for k, v in ALERTMANAGER_FIRING.items() if k != "groupKey"}),
            "<stdin>: this is not a payload from Alertmanager: it has no 'groupKey'\n"
            "    hint: send the webhook body unchanged",
        ),
        (
            "grafana",
            '{"alerts": [], "groupKey": "k", "status": "on"}',
            "<stdin>: unknown Grafana status 'on'",
        ),
        ("pagerduty", '{"messages": []}', "<stdin>: this is not a payload from PagerDuty"),
        ("opsgenie", '{"alert": {}}', "<stdin>: this is not a payload from Opsgenie"),
        (
            "datadog",
            '{"title": "x"}',
            "<stdin>: this is not a payload from Datadog: it has no aggreg_key",
        ),
        ("generic", '{"id": "x", "status": "burning"}', "<stdin>: unknown status 'burning'"),
        ("generic", '{"id": "x", "status": 0}', "<stdin>: unknown status 0"),
        ("generic", '{"id": "x", "status": false}', "<stdin>: unknown status false"),
        ("generic", '{"id": "x", "at": "soon"}', "<stdin>: 'at' is not a time: 'soon'"),
        # A time in the right form, but out of the years a page holds: said so, not its form.
        *(
            (
                "generic",
                f'{{"id": "x", "at": "{at}"}}',
                f"<stdin>: 'at': '{at}' is outside the years 1970 to 9998\n"
                "    hint: check the year",
            )
            for at in ("9999-06-01T00:00:00Z", "1969-12-31T23:00:00Z")
        ),
        ("generic", '{"id": "x", "at": true}', "<stdin>: 'at' must be a time, not true\n"),
        ("generic", '{"id": "x", "at": [1]}', "<stdin>: 'at' must be a time, not a list\n"),
        # An id of the wrong form is told as such, not as missing.
        ("generic", '{"id": 46.5}', "<stdin>: 'id' must be text or a whole number, not 46.5"),
        ("generic", '{"id": true}', "<stdin>: 'id' must be text or a whole number, not true"),
        ("generic", '{"id": null}', "<stdin>: 'id' must be text or a whole number, not null"),
        ("generic", '{"id": {}}', "'id' must be text or a whole number, not an object"),
        ("generic", '{"id": " "}', "<stdin>: 'id' is empty"),
        # An id the incident file cannot hold is the payload's problem, named by its field.
        ("generic", '{"id": "x\\u0000y"}', "<stdin>: 'id' holds U+0000 (a control character"),
        (
            "alertmanager",
            '{"alerts": [], "groupKey": "g\\u0007", "status": "firing"}',
            "<stdin>: 'groupKey' holds U+0007 (a control character",
        ),
        (
            "opsgenie",
            '{"action": "Create", "alert": {"alias": "a\\u001bb"}}',
            "<stdin>: 'alert.alias' holds U+001B (a control character",
        ),
        ("generic", b'{"id": "\xc3("}', "the payload is not UTF-8 text"),
        ("generic", b" " * 1_000_001, "the payload is larger than 1000000 bytes"),
        ("generic", b"[" * 100_000, "the payload is nested too deeply (at most 100 levels"),
        # Valid JSON too deep for Python's parser: the limit is named, at the bracket past it.
        (
            "generic",
            '{"id": "db", "status": "firing", "details": ' + "[" * 1000 + "]" * 1000 + "}",
            "<stdin>:1:144: the payload is nested too deeply (at most 100 levels",
        ),
        ("generic", "1" * 5000, "the payload is not JSON a tool would send"),
    ],
)
def test_a_payload_that_is_not_the_tools_is_reported(
    site: Path, source: str, payload: str | bytes, message: str
) -> None:
    before = files(site)
    result = ingest(site, source, payload)
    assert 1 == result.exit_code
    assert message in result.output
    assert "Nothing was written." in result.output
    assert before == files(site)


GRAFANA_LEGACY = {
    "dashboardId": 1,
    "evalMatches": [{"value": 1, "metric": "Count", "tags": {}}],
    "message": "Notification Message",
    "orgId": 1,
    "panelId": 2,
    "ruleId": 1,
    "ruleName": "Panel Title",
    "ruleUrl": "http://localhost:3000/d/hZ7BuVbWz/test-dashboard",
    "state": "alerting",
    "tags": {"service": "api"},
    "title": "[Alerting] Panel Title",
}


@pytest.mark.parametrize(
    ("source", "payload", "message"),
    [
        *(
            (
                source,
                json.dumps(GRAFANA_LEGACY),
                "<stdin>: this is a payload of Grafana's legacy alerting ('ruleName', "
                "'evalMatches'), which has no 'alerts' list\n"
                "    hint: send the alert from Grafana Alerting (unified alerting): a contact "
                "point with the Webhook integration",
            )
            for source in ("grafana", "alertmanager")
        ),
        (
            "pagerduty",
            "alertmanager-firing.json",
            "<stdin>: this is not a payload from PagerDuty: it looks like one from "
            "Alertmanager\n    hint: run `statusgen ingest alertmanager …`",
        ),
        (
            "alertmanager",
            "pagerduty-triggered.json",
            "<stdin>: this is not a payload from Alertmanager: it looks like one from "
            "PagerDuty\n    hint: run `statusgen ingest pagerduty …`",
        ),
        (
            "datadog",
            "opsgenie-create.json",
            "<stdin>: this is not a payload from Datadog: it looks like one from Opsgenie\n"
            "    hint: run `statusgen ingest opsgenie …`",
        ),
        (
            "generic",
            "grafana-firing.json",
            "<stdin>: this is not a payload from generic: it looks like one from Grafana",
        ),
    ],
)
def test_another_tool_s_payload_is_named_as_its_tool_s(
    site: Path, source: str, payload: str, message: str
) -> None:
    """The fields another tool's body lacks help no one: what helps is whose it is."""
    before = files(site)

    result = ingest(site, source, payload)

    assert 1 == result.exit_code, result.output
    assert message in result.output
    assert "1 problem in 1 file" in result.output
    assert before == files(site)


def test_every_problem_of_a_payload_is_reported_at_once(site: Path) -> None:
    result = ingest(site, "generic", '{"status": "bad", "at": "nope"}')

    assert 1 == result.exit_code
    assert "<stdin>: this is not a payload from generic: it has no 'id'" in result.output
    assert "<stdin>: unknown status 'bad'" in result.output
    assert "<stdin>: 'at' is not a time: 'nope'" in result.output


@pytest.mark.parametrize(
    ("fixture", "path", "value"),
    [
        ("alertmanager-firing.json", ("alerts", 0, "startsAt"), "2026-11-22T18:02:45"),
        ("alertmanager-firing.json", ("alerts", 0, "startsAt"), "bad"),
        ("alertmanager-resolved.json", ("alerts", 0, "endsAt"), "bad"),
        ("grafana-firing.json", ("alerts", 1, "startsAt"), "2026-11-22T18:56:03"),
        ("pagerduty-triggered.json", ("event", "occurred_at"), "bad"),
        ("pagerduty-triggered.json", ("event", "data", "created_at"), "2026-11-22 18:45"),
        ("opsgenie-create.json", ("alert", "createdAt"), "bad"),
        ("opsgenie-close.json", ("alert", "updatedAt"), "bad"),
        ("datadog-triggered.json", ("date_posix",), "$DATE_POSIX"),
    ],
)
def test_a_time_in_a_payload_that_is_no_time_is_said_and_the_change_dated_on_arrival(
    site: Path, fixture: str, path: tuple[str | int, ...], value: str
) -> None:
    """Passed over in silence, the outage would be dated at its delivery without a word;
    refused, a sender's template mistake (an unexpanded $DATE_POSIX) would keep every
    outage off the page. The change is written, dated when it arrived, and ingest says why."""
    payload = json.loads((FIXTURES / fixture).read_text())
    parent = payload
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    named = ".".join(f"[{k}]" if isinstance(k, int) else k for k in path).replace(".[", "[")
    source = fixture.split("-")[0]
    if "close" in fixture or "resolved" in fixture:
        # A clear needs its incident: the firing first, its times intact.
        firing = "opsgenie-create.json" if source == "opsgenie" else f"{source}-firing.json"
        assert 0 == ingest(site, source, (FIXTURES / firing).read_text()).exit_code
    before = files(site)

    result = ingest(site, source, json.dumps(payload))

    assert 0 == result.exit_code, result.output
    assert (
        f"<stdin>: '{named}' is not a time: {value!r}, so it is dated when it arrived; "
        "give RFC 3339 with an offset"
    ) in result.output
    assert before != files(site)


@pytest.mark.parametrize(
    ("source", "payload", "messages"),
    [
        (
            "pagerduty",
            '{"event": {"resource_type": "incident"}}',
            ["it has no 'event.event_type'", "it has no 'event.data' object"],
        ),
        (
            "pagerduty",
            '{"event": {"resource_type": "incident", "data": {"type": "incident"}}}',
            ["it has no 'event.event_type'", "it has no 'event.data.id' (the incident's id)"],
        ),
        # Without its type fields a resolution cannot be told from a note: never dropped.
        (
            "pagerduty",
            '{"event": {"event_type": "incident.resolved", "data": {"id": "PGR0VU2"}}}',
            ["it has no 'event.resource_type'", "it has no 'event.data.type'"],
        ),
        (
            "pagerduty",
            '{"event": {"event_type": "incident.resolved", '
            '"data": {"id": "PGR0VU2", "type": "incident"}}}',
            ["it has no 'event.resource_type'"],
        ),
        (
            "pagerduty",
            '{"event": {"event_type": "incident.resolved", "resource_type": "incident", '
            '"data": {"id": "PGR0VU2"}}}',
            ["it has no 'event.data.type'"],
        ),
        (
            "pagerduty",
            '{"event": {"event_type": "incident.resolved", "resource_type": "incident", '
            '"data": {}}}',
            ["it has no 'event.data.type'", "it has no 'event.data.id' (the incident's id)"],
        ),
        ("opsgenie", '{"alert": []}', ["it has no 'action'", "it has no 'alert' object"]),
        (
            "opsgenie",
            '{"alert": {"message": "x"}}',
            ["it has no 'action'", "it has no 'alert.alias' or 'alert.alertId'"],
        ),
        (
            "datadog",
            '{"alert_title": "x"}',
            ["it has no aggreg_key or alert_id", "it has no alert_transition or alert_type"],
        ),
    ],
)
def test_every_problem_of_a_tools_payload_is_reported_at_once(
    site: Path, source: str, payload: str, messages: list[str]
) -> None:
    before = files(site)

    result = ingest(site, source, payload)

    assert 1 == result.exit_code
    for message in messages:
        assert f"<stdin>: this is not a payload from {SOURCE_NAMES[source]}: {message}" in (
            result.output
        )
    assert before == files(site)


def test_a_bad_payload_and_bad_rules_are_reported_at_once(tmp_path: Path) -> None:
    rules = "ingest:\n  rules:\n    - components: [nope]\n    - source: nagios\n"
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    before = files(site)

    result = ingest(site, "alertmanager", "{not json")

    assert 1 == result.exit_code
    assert "<stdin>:1:2: the payload is not JSON" in result.output
    assert "statusgen.yaml:6:20: unknown component 'nope'" in result.output
    assert "statusgen.yaml:7:15: unknown source 'nagios'" in result.output
    # Standard input is a file of its own, beside the settings.
    assert "4 problems in 2 files" == result.output.splitlines()[-2]
    assert before == files(site)


OWN_FIELDS = """\
ingest:
  rules:
    - source: [opsgenie, datadog]
      match: {message: Database replica lag}
      components: [api]
      title: "{title}: {message}"
"""


@pytest.mark.parametrize(
    ("source", "payload"),
    [
        (
            "opsgenie",
            {
                "action": "Create",
                "alert": {
                    "alias": "db-replica-lag",
                    "message": "Database replica lag",
                    "description": "internal: db-prod-7.internal password rotated",
                },
            },
        ),
        # Datadog's body is the sender's: a `message` or `title` written in it is theirs.
        (
            "datadog",
            {
                "aggreg_key": "db-lag",
                "alert_transition": "Triggered",
                "title": "Replicas",
                "alert_title": "[Triggered] db-prod-7.internal lag",
                "message": "Database replica lag",
                "text_only_msg": "internal: db-prod-7.internal password rotated",
            },
        ),
    ],
)
def test_an_alert_s_own_message_field_is_what_message_names(
    tmp_path: Path, source: str, payload: dict[str, object]
) -> None:
    """docs/ingest.md lists Opsgenie's `message` and `description` as the alert's own: a
    rule that puts `{message}` on the page must not publish the description, which is
    often written for engineers."""
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + OWN_FIELDS})
    before = files(site)

    result = ingest(site, source, json.dumps(payload))

    assert 0 == result.exit_code, result.output
    _, text = opened(site, before)
    if source == "opsgenie":
        assert 'title: "Database replica lag: Database replica lag"' in text
    else:
        assert 'title: "Replicas: Database replica lag"' in text
    assert "db-prod-7" not in text


def datadog_with(**changes: str) -> str:
    payload = json.loads((FIXTURES / "datadog-triggered.json").read_text())
    payload.update(changes)
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        # The tester's webhook: every alert it sent would be one alert, titled $EVENT_TITLE.
        (
            {
                "aggreg_key": "$AGGREG_KEY",
                "alert_id": "$ALERT_ID",
                "alert_title": "$EVENT_TITLE",
                "text_only_msg": "$TEXT_ONLY_MSG",
            },
            [
                "'aggreg_key' is '$AGGREG_KEY', a variable the webhook's payload template "
                "sent unexpanded",
                "'alert_id' is '$ALERT_ID'",
                "'alert_title' is '$EVENT_TITLE', a variable the webhook's payload template "
                "sent unexpanded\n    hint: fix the Datadog webhook's payload: the variable "
                'name is misspelt or not one Datadog knows; write "alert_title": '
                '"$ALERT_TITLE"',
                "'text_only_msg' is '$TEXT_ONLY_MSG'",
            ],
        ),
        # Read as a transition, it would never fire nor clear.
        (
            {"alert_transition": "$ALERT_TRANSITON", "alert_type": "$ALERT_TYPE"},
            [
                "'alert_transition' is '$ALERT_TRANSITON'",
                "'alert_type' is '$ALERT_TYPE'",
            ],
        ),
    ],
)
def test_a_datadog_variable_sent_unexpanded_is_refused_naming_the_field(
    site: Path, changes: dict[str, str], messages: list[str]
) -> None:
    before = files(site)

    result = ingest(site, "datadog", datadog_with(**changes))

    assert 1 == result.exit_code, result.output
    for message in messages:
        assert f"<stdin>: {message}" in result.output
    assert "Nothing was written." in result.output
    assert before == files(site)


def test_a_datadog_message_mentioning_a_variable_is_an_alert_s_own_words(site: Path) -> None:
    """Only a whole value that is one variable is a template mistake: a monitor's message
    may name an environment variable."""
    before = files(site)

    result = ingest(site, "datadog", datadog_with(text_only_msg="Deploy lost $HOME on web-1"))

    assert 0 == result.exit_code, result.output
    assert "Opened" in result.output
    assert before != files(site)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", ":1:2: the payload is not JSON"),
        ("[1, 2]", ": an Alertmanager payload is a JSON object, not a list"),
        ('{"status": "firing"}', ": this is not a payload from Alertmanager: it has no 'alerts'"),
    ],
)
def test_a_payload_problem_names_the_file_read(
    site: Path, tmp_path: Path, payload: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(payload)
    before = files(site)
    result = CliRunner().invoke(cli, ["-C", str(site), "ingest", "alertmanager", str(path)])
    assert 1 == result.exit_code, result.output
    assert f"{path}{message}" in result.output
    assert "<payload>" not in result.output
    assert before == files(site)


def test_an_id_with_a_control_character_is_named_in_the_payload_read(
    site: Path, tmp_path: Path
) -> None:
    path = tmp_path / "alert.json"
    path.write_text('{"id": "x\\u0000y", "title": "Replication lag"}')
    before = files(site)

    result = CliRunner().invoke(
        cli, ["-C", str(site), "ingest", "generic", str(path), "--now", NOW]
    )

    assert 1 == result.exit_code, result.output
    assert (
        f"{path}: 'id' holds U+0000 (a control character), which an incident file cannot store"
    ) in result.output
    assert "hint: remove it; give each alert a stable id" in result.output
    # Not blamed on the incident file it would have written.
    assert "content/incidents" not in result.output
    assert before == files(site)


def test_every_source_has_a_fixture_that_reads_as_firing() -> None:
    firing = {
        "alertmanager": "alertmanager-firing.json",
        "grafana": "grafana-firing.json",
        "pagerduty": "pagerduty-triggered.json",
        "opsgenie": "opsgenie-create.json",
        "datadog": "datadog-triggered.json",
        "generic": "generic-firing.json",
    }
    assert sorted(SOURCES) == sorted(firing)
    for source, name in firing.items():
        alert = read(source, (FIXTURES / name).read_bytes())
        assert Kind.FIRING == alert.kind
        assert alert.id


# --- rules are checked like every setting ----------------------------------------------

BAD_RULES = [
    ("    - components: [apii]\n", "7:20: unknown component 'apii'", "did you mean 'api'?"),
    # A group: its components to name, never a did-you-mean that would offer another's.
    ("    - components: [web]\n", "7:20: 'web' is a group, which takes no status itself",
     "hint: name its components instead: checkout, dashboard\n"),
    ("    - components: [api]\n      source: nagios\n", "8:15: unknown source 'nagios'", ""),
    # Ids written without brackets: the list to write, never a did-you-mean naming one.
    ("    - components: api, checkout\n",
     "7:19: this is one value 'api, checkout', not 2 components",
     "hint: write a list: [api, checkout]\n"),
    ("    - components: [api]\n      source: alertmanager, grafana\n",
     "8:15: this is one value 'alertmanager, grafana', not 2 sources",
     "hint: write a list: [alertmanager, grafana]\n"),
    ("    - components: [api]\n      source: alertmanager; grafana\n",
     "8:15: this is one value 'alertmanager; grafana', not 2 sources",
     "hint: write a list: [alertmanager, grafana]\n"),
    ("    - components: [api]\n      status: down\n", "8:15: invalid component status 'down'", ""),
    ("    - components: [api]\n      on_resolved: close\n", "8:20: on_resolved must be", ""),
    ("    - components: [api]\n      titel: x\n", "8:7: unknown key 'titel' in rule",
     "did you mean 'title'?"),
    ("    - name: nothing\n", "7:7: rule 'nothing' names no component", "component_from"),
    ("    - components: [api]\n      title: 'a {b'\n", "8:14: 'title' has an unmatched '{'", ""),
    ("    - components: [api]\n      severity: {p1: {status: major_outage, impact: huge}}\n",
     "invalid impact 'huge'", ""),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "where", "hint"), BAD_RULES)
def test_check_reports_bad_rules_with_their_line(
    tmp_path: Path, rule: str, where: str, hint: str
) -> None:
    settings = SETTINGS + "ingest:\n  flap_window: 30m\n  rules:\n" + rule
    site = write_site(tmp_path, {"statusgen.yaml": settings})

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 1 == result.exit_code
    assert where in result.output
    assert hint in result.output


HINTED_RULES = [
    ("    - components: {api: major_outage}\n",
     "7:19: 'components' takes text or a list of texts, not a mapping",
     "e.g. 'components: api' or 'components: [api, checkout]'"),
    ("    - components: [api]\n      source: [alertmanager, [grafana]]\n",
     "8:30: 'source' takes text or a list of texts, not a list",
     "e.g. 'source: alertmanager' or 'source: [alertmanager, grafana]'"),
    ("    - components: [api]\n      match: {labels.service: {a: b}}\n",
     "8:31: 'labels.service' takes text or a list of texts, not a mapping",
     "e.g. 'labels.service: api' or 'labels.service: [api, web]'"),
    ("    - components: [api]\n      severity: {critical: [major_outage]}\n",
     "8:28: severity 'critical' takes a status or {status, impact}",
     "e.g. 'critical: major_outage' or 'critical: {status: major_outage, impact: major}'"),
    ("    - components: [api]\n      on_resolved: close\n",
     "8:20: on_resolved must be one of: monitoring, resolve, not 'close'",
     "write 'on_resolved: monitoring' (the default: a person resolves) or "
     "'on_resolved: resolve'"),
    ("    - name: api\n      components: [api]\n    - name: api\n      components: [api]\n",
     "9:7: two rules are named 'api'",
     "give each rule its own 'name:' (the other is on line 7)"),
    # A list or mapping left empty is never read as all or none (as notify's lists).
    ("    - components: [api]\n      source: []\n",
     "8:15: 'source' lists no source",
     "name the sources it takes, e.g. 'source: [alertmanager, grafana]', or remove "
     "'source:' to take alerts from any source"),
    ("    - components: [api]\n      match: {}\n",
     "8:14: 'match' lists no field",
     "write each field indented below 'match:', e.g. 'labels.service: api', or remove "
     "'match:' to take every alert of the rule's sources"),
    ("    - components: [api]\n      match: {labels.service: []}\n",
     "8:31: 'labels.service' lists no value",
     "e.g. 'labels.service: api' or 'labels.service: [api, web]', or remove "
     "'labels.service' to match any value"),
    ("    - components: [api]\n      match:\n        labels.service:\n",
     "9:24: 'labels.service' lists no value",
     "e.g. 'labels.service: api' or 'labels.service: [api, web]', or remove "
     "'labels.service' to match any value"),
    ("    - components: [api]\n      severity: {}\n",
     "8:17: 'severity' lists no severity",
     "map each severity to a status, e.g. 'critical: major_outage', or remove 'severity:' "
     "to give every alert the rule's status"),
    ("    - components: []\n",
     "7:19: 'components' lists no component",
     "name the components the alert affects, e.g. 'components: [api, checkout]', or name "
     "them by an alert field, e.g. 'component_from: labels.service'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "problem", "hint"),
    HINTED_RULES,
    ids=[
        "components",
        "source",
        "match",
        "severity",
        "on-resolved",
        "same-name",
        "empty-source",
        "empty-match",
        "empty-match-list",
        "empty-match-value",
        "empty-severity",
        "empty-components",
    ],
)
def test_check_says_how_to_fix_a_bad_rule(
    tmp_path: Path, rule: str, problem: str, hint: str
) -> None:
    settings = SETTINGS + "ingest:\n  flap_window: 30m\n  rules:\n" + rule
    site = write_site(tmp_path, {"statusgen.yaml": settings})

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 1 == result.exit_code
    assert f"statusgen.yaml:{problem}\n    hint: {hint}\n" in result.output, result.output
    # One mistake, one problem: not also that the rule names no component.
    assert "1 problem in 1 file" == result.output.splitlines()[-1], result.output


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("      source: []\n", "8:15: 'source' lists no source"),
        ("      match: {labels.service: []}\n", "8:31: 'labels.service' lists no value"),
    ],
    ids=["source", "match"],
)
def test_an_empty_list_in_a_rule_is_refused_never_read_as_any_or_none(
    tmp_path: Path, rule: str, problem: str
) -> None:
    """`source: []` would take every tool's alerts, `match: {labels.service: []}` none:
    ingest refuses both, as check does, and writes nothing, rather than deciding."""
    settings = SETTINGS + "ingest:\n  rules:\n    - components: [api]\n" + rule
    site = write_site(tmp_path, {"statusgen.yaml": settings})
    before = files(site)

    result = ingest(site, "alertmanager", "alertmanager-firing.json")

    assert 1 == result.exit_code, result.output
    assert f"statusgen.yaml:{problem.replace('8:', '7:', 1)}" in result.output
    assert "Nothing to do" not in result.output
    assert before == files(site)


def test_rules_left_an_empty_list_is_refused(tmp_path: Path) -> None:
    """No rule takes every alert to "no rule applies": the page stays green in an outage.
    Leaving ingest out (or writing rules) is what the author can have meant."""
    settings = SETTINGS + "ingest:\n  flap_window: 30m\n  rules: []\n"
    site = write_site(tmp_path, {"statusgen.yaml": settings})

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 1 == result.exit_code, result.output
    assert (
        "statusgen.yaml:6:10: 'rules' lists no rule\n"
        "    hint: add a rule below 'rules:', e.g. '- components: [api]', or remove 'ingest:' "
        "to take no alerts\n"
    ) in result.output


def test_ingest_left_an_empty_mapping_is_refused(tmp_path: Path) -> None:
    """`ingest: {}` holds no rule, as `rules: []` does: refused by check, not at run time."""
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + "ingest: {}\n"})

    result = CliRunner().invoke(cli, ["-C", str(site), "check"])

    assert 1 == result.exit_code, result.output
    assert (
        "statusgen.yaml:4:9: 'ingest' lists no rule\n"
        "    hint: add a rule below 'rules:', e.g. '- components: [api]', or remove 'ingest:' "
        "to take no alerts\n"
    ) in result.output


@pytest.mark.parametrize("command", ["check", "build", "ingest"])
def test_a_rule_naming_a_retired_component_is_refused_as_retired(
    tmp_path: Path, command: str
) -> None:
    """The author retired it (as the docs say, to take it off the page): not a typo."""
    settings = SETTINGS + "ingest:\n  rules:\n    - components: [api, legacy]\n"
    site = write_site(tmp_path, {"statusgen.yaml": settings, "content/components.yaml": RETIRED})
    before = files(site)
    args = {
        "check": ["check"],
        "build": ["build", "--now", NOW],
        "ingest": ["ingest", "alertmanager", str(FIXTURES / "alertmanager-firing.json")],
    }[command]

    result = CliRunner().invoke(cli, ["-C", str(site), *args])

    assert 1 == result.exit_code, result.output
    assert (
        "statusgen.yaml:6:25: component 'legacy' is retired; an ingest rule cannot name it\n"
        "    hint: remove it from this rule (or remove the rule), name a current component in "
        "its place, or remove 'retired: true' from 'legacy' in content/components.yaml to "
        "bring it back\n"
    ) in result.output
    assert "unknown component" not in result.output
    assert before == files(site)
    assert not (site / "public").exists()


def test_a_bad_flap_window_is_reported(tmp_path: Path) -> None:
    settings = SETTINGS + "ingest:\n  flap_window: soon\n"
    result = CliRunner().invoke(
        cli, ["-C", str(write_site(tmp_path, {"statusgen.yaml": settings})), "check"]
    )
    assert 1 == result.exit_code
    assert (
        "statusgen.yaml:5:16: flap_window must be a duration such as 30m, 2h or 1d, not 'soon'\n"
        "    hint: e.g. 'flap_window: 1h', the default; a number alone is minutes\n"
    ) in result.output


def test_ingest_refuses_to_act_on_bad_rules(tmp_path: Path) -> None:
    settings = SETTINGS + "ingest:\n  rules:\n    - components: [nope]\n"
    site = write_site(tmp_path, {"statusgen.yaml": settings})
    before = files(site)
    result = ingest(site, "alertmanager", "alertmanager-firing.json")
    assert 1 == result.exit_code
    assert "statusgen.yaml:6:20: unknown component 'nope'" in result.output
    assert before == files(site)


# --- --commit ---------------------------------------------------------------------------


def test_commit_records_exactly_the_incident(site: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(site), *args], check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "site")
    env_args = ["--commit"]
    result = CliRunner(
        env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    ).invoke(
        cli,
        ["-C", str(site), "ingest", "alertmanager", str(FIXTURES / "alertmanager-firing.json"),
         "--now", NOW, *env_args],
    )  # fmt: skip

    assert 0 == result.exit_code, result.output
    assert "Committed " in result.output
    assert "content/incidents/2026-11-22-api-unavailable.md\n" == git(
        "show", "--name-only", "--format=", "HEAD"
    )
    assert "" == git("status", "--porcelain")


def repository(site: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """`git ARGS…` in `site`, made a repository with its files committed; statusgen's
    own commits there are made as the same person."""
    for key, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }.items():
        monkeypatch.setenv(key, value)

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=site, check=True, capture_output=True, text=True, timeout=60
        )
        return done.stdout

    git("init", "--quiet", "--initial-branch=main")
    git("add", ".")
    git("commit", "--quiet", "-m", "site")
    return git


def test_a_hand_over_whose_commit_fails_still_writes_both_incidents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # checkout's incident (internal page only) hands over to a new one when api joins:
    # the old one must say so even when git refuses the commit, or it stays open forever.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SERVICE})
    git = repository(site, monkeypatch)
    checkout = ("checkout", "firing", "2026-11-22T18:00:00Z")
    api = ("api", "firing", "2026-11-22T18:06:00Z")
    payload = group_by_service("alertmanager", checkout)
    first = ingest(site, "alertmanager", payload, "--commit", now="2026-11-22T18:01Z")
    assert 0 == first.exit_code, first.output
    hook = site / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the hook'\nexit 1\n")
    hook.chmod(0o755)

    payload = group_by_service("alertmanager", checkout, api)
    joined = ingest(site, "alertmanager", payload, "--commit", now="2026-11-22T18:08Z")

    old, new = "2026-11-22-checkout-partial-outage.md", "2026-11-22-api-partial-outage.md"
    written = files(site)
    assert "This problem continues in a new incident." in written[old], joined.output
    assert new in written
    assert 3 == joined.exit_code, joined.output
    # Both written first, each said so; then the commit's problem names both.
    assert joined.output.index(f"Opened content/incidents/{new}") < joined.output.index(
        "refused by the hook"
    )
    assert f"content/incidents/{new}: written and staged, but not committed" in joined.output
    assert f"content/incidents/{old}: written, but neither staged nor committed" in (joined.output)
    assert "Open incident: Checkout: Partial outage" == git("log", "-1", "--format=%s").strip()


@pytest.mark.parametrize("refused", [False, True], ids=["committed", "refused"])
def test_a_failed_commit_says_all_a_committed_one_says_then_why_it_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: bool
) -> None:
    # The Incident workflow copies this output into its job summary: a warning lost there
    # is lost in the very run that already failed.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + BY_SERVICE})
    repository(site, monkeypatch)
    if refused:  # a hook that refuses without a word
        hook = site / ".git/hooks/pre-commit"
        hook.write_text("#!/bin/sh\nexit 1\n")
        hook.chmod(0o755)

    result = ingest(site, "alertmanager", group_of("api", "apii"), "--commit")

    assert (3 if refused else 0) == result.exit_code, result.output
    said = [
        "Opened content/incidents/2026-11-22-api-partial-outage.md",
        "Rule 'by-service' matched alertmanager alert {}:{alertname=\"ProbeFailure\"}.",
        "warning: rule 'by-service': alerts.labels.service='apii' is not a component id, so "
        "the page shows no incident for it; add it to content/components.yaml, or correct "
        "alerts.labels.service in the alert",
    ]
    lines = result.output.splitlines()
    assert said == lines[: len(said)], result.output
    if refused:
        problem = lines[len(said)]
        assert problem.startswith(
            "content/incidents/2026-11-22-api-partial-outage.md: written and staged, but not "
            "committed: `git commit` failed with exit status 1 and gave no reason"
        ), result.output
        assert (
            "hint: a hook (pre-commit, commit-msg) may have refused it without a word; fix the "
            "problem, then commit the file yourself"
        ) in result.output
    else:
        assert lines[len(said)].startswith("Committed "), result.output


def test_a_hand_over_stopped_at_its_second_file_commits_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statusgen.authoring import save as save_module

    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + PAGES + BY_SERVICE})
    git = repository(site, monkeypatch)
    checkout = ("checkout", "firing", "2026-11-22T18:00:00Z")
    api = ("api", "firing", "2026-11-22T18:06:00Z")
    payload = group_by_service("alertmanager", checkout)
    first = ingest(site, "alertmanager", payload, "--commit", now="2026-11-22T18:01Z")
    assert 0 == first.exit_code, first.output
    old, new = "2026-11-22-checkout-partial-outage.md", "2026-11-22-api-partial-outage.md"
    real_read = save_module._read

    def someone_saves_meanwhile(target: Path) -> bytes | None:
        if target.name == old:  # a person's note, saved while ingest resolves it
            target.write_text(target.read_text() + "\nA note.\n")
        return real_read(target)

    monkeypatch.setattr(save_module, "_read", someone_saves_meanwhile)
    payload = group_by_service("alertmanager", checkout, api)
    joined = ingest(site, "alertmanager", payload, "--commit", now="2026-11-22T18:08Z")

    assert 1 == joined.exit_code, joined.output
    assert (
        f"content/incidents/{new}: written before the problem below stopped the command; "
        "not committed"
    ) in joined.output
    assert f"content/incidents/{old}: the file changed on disk" in joined.output
    assert "A note." in files(site)[old]
    # Half a hand-over is never committed: the new incident waits for a person.
    assert "Open incident: Checkout: Partial outage" == git("log", "-1", "--format=%s").strip()


def test_an_alert_after_a_build_parses_no_incident_file_already_read(
    site: Path, parsed_files: list[str]
) -> None:
    # The site is read through the build's cache: an alert on a site of thousands of
    # incidents must not parse every file before it writes one.
    built = CliRunner().invoke(cli, ["-C", str(site), "build", "-q", "--now", NOW])
    assert 0 == built.exit_code, built.output
    before = set(files(site))
    parsed_files.clear()
    result = ingest(site, "alertmanager", "alertmanager-firing.json")
    assert 0 == result.exit_code, result.output
    assert before and not before & {Path(path).name for path in parsed_files}, parsed_files


# --- `alert:` in every form `check` accepts takes ingest's edits ------------------------

ALERT_BLOCK = """\
alert:
  source: alertmanager
  id: g
  rule: by-service
  fired_at: 2026-11-22 19:00:00 +01:00
  components_fired_at:
    checkout: 2026-11-22 19:06:00 +01:00
"""
ALERT_FLOW = (
    "alert: {source: alertmanager, id: g, rule: by-service, fired_at: 2026-11-22 19:00:00 +01:00,"
    " components_fired_at: {checkout: 2026-11-22 19:06:00 +01:00}}\n"
)
GROUP_STATUS = """\
title: "API, Checkout: Partial outage"
status: investigating
components:
  api: partial_outage
  checkout: partial_outage
"""
GROUP_UPDATES = """\
---
## Investigating at 2026-11-22 19:00 +01:00
Components: api=partial_outage, checkout=partial_outage

We are investigating a problem affecting API and Checkout.
"""
GROUP_INCIDENT = "content/incidents/2026-11-22-api.md"


@pytest.mark.parametrize(
    "front_matter",
    [
        GROUP_STATUS + ALERT_BLOCK,  # its last key a mapping written one entry a line
        ALERT_BLOCK + GROUP_STATUS,  # `alert:` first
        GROUP_STATUS + ALERT_FLOW,  # one `{...}`
    ],
    ids=["block-last", "block-first", "flow"],
)
def test_a_clear_is_recorded_in_alert_however_a_person_wrote_it(
    tmp_path: Path, front_matter: str
) -> None:
    site = write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS + BY_SERVICE,
            GROUP_INCIDENT: "---\n" + front_matter + GROUP_UPDATES,
        },
    )
    check_clean(site)
    cleared = group_by_service(
        "alertmanager",
        ("api", "resolved", "2026-11-22T18:00:00Z"),
        ("checkout", "resolved", "2026-11-22T18:06:00Z"),
    )

    result = ingest(site, "alertmanager", cleared, now=LATER)

    assert 0 == result.exit_code, result.output
    check_clean(site)
    (incident,) = [i for i in load_site(site).incidents if i.alert is not None]
    assert incident.alert is not None
    assert datetime(2026, 11, 22, 18, 20, tzinfo=timezone.utc) == incident.alert.cleared_at
    assert {"api": "operational", "checkout": "operational"} == {
        c.id: c.status.value for c in incident.components
    }
    # Nothing of the alert spills after the front matter, where a page shows it as text.
    assert "" == incident.summary


@pytest.mark.parametrize(
    "fired_at",
    [
        "  components_fired_at:\n    api: 2026-11-22 19:00:00 +01:00\n",  # one entry a line
        "  components_fired_at: {api: 2026-11-22 19:00:00 +01:00}\n",
    ],
    ids=["block", "flow"],
)
def test_a_component_joins_however_a_person_wrote_when_the_others_fired(
    tmp_path: Path, fired_at: str
) -> None:
    alert = ALERT_BLOCK.split("  components_fired_at:")[0] + fired_at
    api_only = GROUP_STATUS.replace("  checkout: partial_outage\n", "")
    updates = GROUP_UPDATES.replace(", checkout=partial_outage", "")
    site = write_site(
        tmp_path,
        {
            "statusgen.yaml": SETTINGS + BY_SERVICE,
            GROUP_INCIDENT: f"---\n{api_only}{alert}{updates}",
        },
    )
    check_clean(site)
    joined = group_by_service(
        "alertmanager",
        ("api", "firing", "2026-11-22T18:00:00Z"),
        ("checkout", "firing", "2026-11-22T18:06:00Z"),
    )

    result = ingest(site, "alertmanager", joined, now=LATER)

    assert 0 == result.exit_code, result.output
    check_clean(site)
    (incident,) = [i for i in load_site(site).incidents if i.alert is not None]
    assert {"api": "partial_outage", "checkout": "partial_outage"} == {
        c.id: c.status.value for c in incident.components
    }


def test_a_rising_severity_is_written_into_an_alert_written_as_one_mapping(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SEVERITY_RULES})
    fire(site, "warning", NOW)
    (path,) = (site / "content/incidents").glob("2026-11-22-*.md")
    block = path.read_text()
    start = block.index("alert:\n")
    end = block.index("---\n", start)
    entries = [line.strip() for line in block[start:end].splitlines()[1:]]
    path.write_text(block[:start] + "alert: {" + ", ".join(entries) + "}\n" + block[end:])
    check_clean(site)

    fire(site, "critical", LATER, at="2026-11-22T18:30:00Z")

    text = path.read_text()
    assert "  api: major_outage" in text.splitlines()
    assert "alert: {source: generic, " in text  # the form the person chose
    check_clean(site)


@pytest.mark.parametrize("pages", [False, True], ids=["one-page", "pages"])
@pytest.mark.parametrize("closing", ["monitoring", "resolved"])
def test_a_late_firing_of_a_member_that_cleared_tells_no_outage_again_after_a_person_s_update(
    tmp_path: Path, pages: bool, closing: str
) -> None:
    # web (public) and db (partners) fire; web's alert clears at 10:10 while db's fires,
    # and a person closes the incident. A relay's retry of the 10:06 notification, web
    # still firing since 10:00, must not tell web's outage again, in this incident or in
    # a new one on other pages.
    site = own_times_site(tmp_path, pages)
    web, db = member("web", "critical", "10:00"), member("db", "warning", "10:05")
    ingested(site, ([web, db], "10:06"),
             ([member("web", "critical", "10:00", "10:10"), db], "10:11"))  # fmt: skip
    # With pages, db joining on the partners' page handed the incident over to a new one.
    [name] = [n for n, text in files(site).items() if "\nstatus: investigating" in text]
    args = ["-C", str(site), "update", name[:-3], "--status", closing, "-m", "Fixed."]
    person = CliRunner().invoke(cli, [*args, "--now", "2026-11-22T10:15:00Z"])
    assert 0 == person.exit_code, person.output

    late = ingested(site, ([web], "10:30"))

    assert "a late or repeated delivery" in late.output
    seen = {"10:05": (DOWN,), "10:12": (UP,), "10:31": (UP,)}
    assert seen == statuses_at(site, seen, "web")
    check_clean(site)


def test_members_joining_in_one_notification_are_each_down_from_their_own_start(
    tmp_path: Path,
) -> None:
    # web fires at 10:00; the notification of 10:20 adds api (firing since 10:12) and db
    # (since 10:18); the group clears at 10:30. db was down 12 minutes, not 18.
    site = own_times_site(tmp_path, pages=False)
    web = member("web", "critical", "10:00")
    api, db = member("api", "warning", "10:12"), member("db", "critical", "10:18")
    ingested(site, ([web], "10:01"))
    [name] = files(site)

    joined = ingested(site, ([web, api, db], "10:20"))

    assert files(site)[name].endswith(
        "## Investigating at 2026-11-22 11:12 +01:00\n"
        "Components: api=degraded_performance\n\n"
        "The problem has grown. API: degraded performance.\n\n"
        "## Investigating at 2026-11-22 11:18 +01:00\n"
        "Components: db=major_outage\n\n"
        "The problem has grown. Database: major outage.\n"
    )
    assert "2 updates, each when its alerts began" in joined.output
    seen = {"10:15": (SLOW, UP), "10:19": (SLOW, DOWN)}
    assert seen == statuses_at(site, seen, "api", "db")
    ingested(site, ([member(s, v, t, "10:30") for s, v, t in
                     [("web", "critical", "10:00"), ("api", "warning", "10:12"),
                      ("db", "critical", "10:18")]], "10:31"))  # fmt: skip
    assert api_day(site, "Database").startswith("Nov 22, 2026: Major outage, 99.16% uptime;")
    check_clean(site)


# How _group_labels read a groupKey with patterns: every key must still read as they read it.
_OLD_GROUP_KEY = re.compile(r"^(?P<route>.*):\{(?P<labels>.*)\}$")
_OLD_KEY_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def _old_group_labels(key: str) -> tuple[str, frozenset[tuple[str, str]]] | None:
    found = _OLD_GROUP_KEY.match(key)
    if found is None:
        return None
    return found["route"], frozenset(_OLD_KEY_LABEL.findall(found["labels"]))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet='ab_=":{}/,\\\n', max_size=16))
def test_a_group_key_reads_as_the_patterns_read_it(key: str) -> None:
    assert _old_group_labels(key) == _group_labels(key)


@pytest.mark.parametrize(
    ("key", "read"),
    [
        ('{}:{alertname="E",service="api"}', ("{}", {("alertname", "E"), ("service", "api")})),
        ('{}/{a="1"}:{b="x"}', ('{}/{a="1"}', {("b", "x")})),
        ('{}:{msg="say \\"hi\\""}', ("{}", {("msg", 'say \\"hi\\"')})),
        ("{}:{" + "b" * 50_000 + "}", ("{}", set())),
        (":{" * 50_000, None),
    ],
)
def test_a_group_key_reads_into_route_and_labels(key: str, read: object) -> None:
    got = _group_labels(key)
    assert read == (got if got is None else (got[0], set(got[1])))


@pytest.mark.parametrize(
    ("person", "title"),
    [
        (None, "API: Major outage; Checkout: Degraded performance"),
        # The person's lower status is what the page shows, so the title says it too.
        ("api=partial_outage", "API: Partial outage; Checkout: Degraded performance"),
    ],
    ids=["alert-only", "a-person-lowered-a-status"],
)
def test_the_default_title_follows_a_joining_component_after_a_person_lowered_a_status(
    tmp_path: Path, person: str | None, title: str
) -> None:
    rules = BY_SEVERITY.replace("      on_resolved: resolve\n", "", 1)
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + rules})
    before = files(site)
    ingest(site, "alertmanager", mixed_group(member("api", "critical", "18:00")))
    name, _ = opened(site, before)
    assert ["API: Major outage"] == titles(site)
    if person is not None:
        lowered = CliRunner().invoke(
            cli,
            ["-C", str(site), "update", name.removesuffix(".md"), "-c", person,
             "-m", "Most requests succeed again.", "--now", "2026-11-22T19:05:00Z"],
        )  # fmt: skip
        assert 0 == lowered.exit_code, lowered.output

    joined = mixed_group(member("api", "critical", "18:00"), member("checkout", "warning", "19:20"))
    result = ingest(site, "alertmanager", joined, now="2026-11-22T19:25:00Z")

    assert 0 == result.exit_code, result.output
    assert [title] == titles(site)
    assert [title] == [
        i["title"]
        for i in status_json(site, "2026-11-22T19:25:00Z")["open_incidents"]  # type: ignore[attr-defined]
    ]
    check_clean(site)


def reopened_by_the_tool(fixture: str) -> str:
    """The fixture's firing sent again, as PagerDuty sends a reopened incident."""
    payload = json.loads((FIXTURES / fixture).read_text())
    if "event" in payload:
        payload["event"]["event_type"] = "incident.reopened"
        payload["event"]["occurred_at"] = "2026-11-22T19:08:00Z"
    return json.dumps(payload)


@pytest.mark.parametrize(
    ("source", "fixture"),
    [("alertmanager", "alertmanager-firing.json"), ("pagerduty", "pagerduty-triggered.json")],
)
def test_a_firing_after_a_person_resolved_says_the_incident_was_resolved(
    tmp_path: Path, source: str, fixture: str
) -> None:
    # The person resolved it, but the tool never said the alert cleared: it still fires.
    site = write_site(
        tmp_path, {"statusgen.yaml": SETTINGS + RULES.replace("      draft: true\n", "")}
    )
    before = files(site)
    assert 0 == ingest(site, source, fixture).exit_code
    name, _ = opened(site, before)
    args = ["-C", str(site), "resolve", name[:-3], "-m", "Fixed.", "--now", "2026-11-22T19:05:00Z"]
    assert 0 == CliRunner().invoke(cli, args).exit_code

    result = ingest(site, source, reopened_by_the_tool(fixture), now=LATER)

    assert 0 == result.exit_code, result.output
    assert (
        "The alert still fires, though the incident is resolved: it is open again." in result.output
    )
    assert "monitoring" not in result.output
    check_clean(site)


def flapping_group(status: str, *spans: tuple[str, str]) -> str:
    """One Alertmanager group for api, warning, holding one alert for each (start, end)."""
    alerts = [
        {"status": status, "labels": {"alertname": "Slow", "service": "api",
         "severity": "warning"}, "annotations": {}, "fingerprint": f"slow{i}",
         "startsAt": f"2026-11-22T{start}Z", "endsAt": f"2026-11-22T{end}Z"}
        for i, (start, end) in enumerate(spans)
    ]  # fmt: skip
    return json.dumps(
        {"version": "4", "groupKey": "slow", "status": status, "receiver": "r",
         "groupLabels": {}, "commonLabels": {"service": "api", "severity": "warning"},
         "commonAnnotations": {}, "externalURL": "http://x", "alerts": alerts}
    )  # fmt: skip


def test_an_alert_flapping_within_a_minute_is_not_told_as_an_update_kept_twice(
    site: Path,
) -> None:
    # Each time it is back and each time it no longer affects the API is news, written in
    # the same words under the same minute: no copy for check to ask to delete.
    firing = flapping_group("firing", ("18:00:05", "0001-01-01T00:00:00"))
    assert 0 == ingest(site, "alertmanager", firing, now="2026-11-22T18:00:06Z").exit_code
    spans = [("18:00:05", "18:00:10"), ("18:00:20", "18:00:25"), ("18:00:40", "18:00:45")]
    cleared = flapping_group("resolved", *spans)
    assert 0 == ingest(site, "alertmanager", cleared, now="2026-11-22T18:00:50Z").exit_code
    (name,) = [n for n in files(site) if n.startswith("2026-11-22")]
    text = files(site)[name]

    assert 2 == text.count("The problem is back"), text
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", "2026-11-22T18:01:00Z"])
    # No warning at all: "No problems found", not "No errors found" below one.
    assert (0, True) == (result.exit_code, result.output.startswith("No problems")), result.output


def test_a_generic_alert_firing_twice_in_a_minute_is_not_told_as_an_update_kept_twice(
    tmp_path: Path,
) -> None:
    # Fired, cleared, fired and cleared: the second "has cleared" update ends the second
    # firing, and deleting it would leave the API down.
    site = write_site(tmp_path, {"statusgen.yaml": SETTINGS + SEVERITY_RULES})
    fire(site, "critical", "2026-11-22T18:00:06Z", at="2026-11-22T18:00:05Z")
    for at, firing in (("18:00:15", False), ("18:00:25", True), ("18:00:35", False)):
        if firing:
            fire(site, "critical", f"2026-11-22T{at}Z", at=f"2026-11-22T{at}Z")
            continue
        cleared = json.dumps({"id": "db", "status": "resolved", "at": f"2026-11-22T{at}Z"})
        assert 0 == ingest(site, "generic", cleared, now=f"2026-11-22T{at}Z").exit_code
    (name,) = [n for n in files(site) if n.startswith("2026-11-22")]
    text = files(site)[name]

    assert 2 == text.count("The alert has cleared"), text
    result = CliRunner().invoke(cli, ["-C", str(site), "check", "--now", "2026-11-22T18:01:00Z"])
    # No warning at all: "No problems found", not "No errors found" below one.
    assert (0, True) == (result.exit_code, result.output.startswith("No problems")), result.output


def test_a_name_two_components_share_is_answered_with_each_of_their_ids(site: Path) -> None:
    components = site / "content" / "components.yaml"
    components.write_text(components.read_text().replace("name: Checkout", "name: API"))

    result = ingest(site, "generic", json.dumps({"id": "x", "labels": {"component": "API"}}))

    assert 0 == result.exit_code, result.output
    assert (
        "warning: rule 'generic': labels.component='API' is the name of components 'api' or "
        "'checkout', not an id, so the page shows no incident for it; send the id of the one "
        "meant in labels.component\n"
    ) in result.stderr
