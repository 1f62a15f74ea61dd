"""The cache is tested against its absence: after any sequence of what users do, a cached
build equals a clean build into a fresh folder, byte for byte.

`SiteMachine` is a Hypothesis state machine over the actions of a status page's authors:
open, update and resolve incidents (through the same library functions as `statusgen new`,
`update` and `resolve`), date an incident's start back (or not), schedule maintenance in
the past, now and the future (or write a window by hand, without an announcement), edit,
add and remove components, change a setting, override a theme template, delete an
incident, let the clock run on by seconds, minutes, hours or days, and build into another
folder. After every step it builds with the cache, copies the site's inputs into a fresh
folder, builds that without a cache, and compares the two output trees file by file. The
CI run is small (a few seconds); `bench/soak.py` runs the same machine for as long as you
like.

Mutation proof (checked by hand when this module was written; repeat it after changing
the cache):
  - make the reuse decision always say "keep" (`Reuse.kept` in incremental/reuse.py
    returning True for every output it has a previous key for):
    `test_cached_builds_equal_clean_builds` fails at the first step that changes a page
    (a stale page), and so do `test_a_new_incident_reaches_the_home_page_and_the_embed`
    and the rendered-set tests below;
  - make it always say "render" (`kept` always returning False), or make
    `Cache.manifest` return None:
    `test_an_old_incident_edit_renders_its_page_and_the_pages_listing_it` and
    `test_a_build_into_another_folder_costs_the_next_build_nothing` fail (every output
    is rendered again);
  - for the pages kept on their shape (`Reuse._shape_kept`): never trust the last
    record (`changed` always None in `LastBuild.reuse`) and the rendered-set tests fail;
    ignore changed events and the state machine fails; ignore a changed shape and
    `test_a_deleted_incident_leaves_the_pages_that_listed_it` fails; let
    `changed_events` ignore the clock, or `status.cut_moments` a maintenance window's
    edges, and `test_pages_follow_what_the_clock_reaches_in_a_file` fails; let it ignore
    the site's record start moving (`record_moved`), or `RenderContext.event_fact` leave
    it out, and the page (or the calendar) case of
    `test_a_window_written_without_an_announcement_follows_the_record_start_moving_back`
    fails, and so does the state machine.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)
from sitefiles import init_site, tree

from statusgen import urls
from statusgen.authoring import events as authoring
from statusgen.build import BuildResult, build_site
from statusgen.errors import StatusgenError
from statusgen.layout import BUILTIN_THEME, CACHE_FOLDER

START = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
SETTINGS = """\
title: {title}
base_url: https://status.example.com/
timezone: Europe/Berlin
history_days: {history_days}
"""
# Inputs a clean build copies; everything else in the site folder is output or cache.
INPUTS = ("statusgen.yaml", "content", "themes", "translations", "static")
OUTPUTS = ("public", "elsewhere")

# Theme overrides an author might write: a hook that shows the overall status and the
# clock on every page, a page that extends the built-in one (and shows an incident's
# duration to the second), a footer that counts events.
OVERRIDES = {
    "partials/notice.html": (
        "<p class=notice>{{ status.overall_label }} as of {{ now.isoformat() }}</p>\n"
    ),
    "incident.html": (
        '{% extends "builtin/incident.html" %}\n'
        "{% block content %}<p>{{ open_incidents | length }} open, "
        "{{ event.duration.total_seconds() | int }} s</p>{{ super() }}"
        "{% endblock %}\n"
    ),
    "partials/footer.html": (
        "<footer>{{ site.incidents | length }} incidents, "
        "{{ upcoming_maintenances | length }} upcoming</footer>\n"
    ),
}


def clean_build(root: Path, now: datetime, page: str | None = None) -> dict[str, bytes] | str:
    """The site's inputs copied into a fresh folder and built there without a cache (as
    the page `page` shows it, on a site with pages): its output tree, or the build's error
    text."""
    fresh = Path(tempfile.mkdtemp(prefix="clean-"))
    try:
        for name in INPUTS:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, fresh / name)
            elif source.exists():
                shutil.copy(source, fresh / name)
        try:
            build_site(fresh, now=now, output=fresh / "out", use_cache=False, page=page)
        except StatusgenError as error:
            return str(error)
        return tree(fresh / "out")
    finally:
        shutil.rmtree(fresh)


_moments = itertools.count(1)


def date_back(root: Path) -> None:
    """Date input files and folders written in the last minute back by an hour, each call
    to a moment of its own, so the build trusts their recorded stat instead of hashing."""
    moment = time.time() - 3600 + next(_moments)
    recent = time.time() - 60
    for path in [root, *root.rglob("*")]:
        if path.relative_to(root).parts[:1] in ((CACHE_FOLDER,), *((o,) for o in OUTPUTS)):
            continue
        if path.stat().st_mtime > recent:
            os.utime(path, (moment, moment))


def write_components(root: Path, extra: list[str], web_name: str) -> None:
    """components.yaml: an API, a group of two, and the extra components added so far."""
    lines = [
        "- id: api\n  name: API\n",
        f"- id: web\n  name: {web_name}\n  components:\n"
        "    - id: checkout\n      name: Checkout\n"
        "    - id: dashboard\n      name: Dashboard\n",
        *(f"- id: {cid}\n  name: Extra {cid}\n" for cid in extra),
    ]
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content/components.yaml").write_text("".join(lines), encoding="utf-8")


class SiteMachine(RuleBasedStateMachine):
    """What authors do to a status page, each step followed by a cached and a clean build."""

    incidents = Bundle("incidents")
    windows = Bundle("windows")

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="site-"))
        self.now = START
        self.extra: list[str] = []
        self.serial = itertools.count(1)
        self.dated = False
        self.output = "public"
        self.edges: list[datetime] = []  # the maintenance windows' planned starts and ends

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @initialize(target=incidents)
    def a_site_with_one_incident(self) -> str:
        (self.root / "content/incidents").mkdir(parents=True)
        (self.root / "statusgen.yaml").write_text(
            SETTINGS.format(title="Example Status", history_days=30)
        )
        write_components(self.root, self.extra, "Website")
        return self._open("Checkout errors", ["checkout=partial_outage"], "major", "resolve")

    def _open(self, title: str, components: list[str], impact: str, then: str = "") -> str:
        change = authoring.open_incident(
            self.root,
            title=f"{title} {next(self.serial)}",
            message="We are looking into it.",
            now=self.now - timedelta(minutes=30),
            components=components,
            impact=impact,
        )
        authoring.apply(change)
        slug = Path(change.relpath).stem
        if then == "resolve":
            authoring.apply(authoring.resolve_event(self.root, slug, now=self.now))
        return slug

    # --- authors ------------------------------------------------------------------------

    @rule(
        target=incidents,
        components=st.lists(
            st.sampled_from(["api=major_outage", "checkout", "dashboard=degraded_performance"]),
            max_size=2,
            unique=True,
        ),
        impact=st.sampled_from(["none", "minor", "major", "critical"]),
    )
    def open_incident(self, components: list[str], impact: str) -> str:
        return self._open("Errors", components, impact)

    @rule(slug=incidents, status=st.sampled_from([None, "identified", "monitoring"]))
    def update_incident(self, slug: str, status: str | None) -> None:
        self._try(
            lambda: authoring.update_event(
                self.root, slug, message="Still on it.", now=self.now, status=status
            )
        )

    @rule(slug=incidents)
    def resolve_incident(self, slug: str) -> None:
        self._try(lambda: authoring.resolve_event(self.root, slug, now=self.now))

    @rule(
        slug=incidents,
        words=st.sampled_from(["We found the cause.", "Fixed a typo: **card** payments.", ""]),
        title=st.booleans(),
    )
    def reword_an_incident(self, slug: str, words: str, title: bool) -> None:
        """A typo fix: the newest message (or the title) says something else, nothing more."""
        path = next((self.root / "content/incidents").glob(f"{slug}.md"), None)
        if path is None:
            return
        text = path.read_text(encoding="utf-8")
        if title:
            text = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m[1]} (edited)", text, count=1)
        else:
            head, _, last = text.rpartition("\n## ")
            lines = last.split("\n")
            # The heading and its Components: line stay: only the words change.
            kept = [lines[0], *(line for line in lines[1:2] if line.startswith("Components:"))]
            text = f"{head}\n## " + "\n".join(kept) + f"\n\n{words}\n" if head else text
        path.write_text(text, encoding="utf-8")

    @rule(slug=incidents, hours=st.sampled_from([None, 5, 26, 72]))
    def date_an_incident_back(self, slug: str, hours: int | None) -> None:
        """We learn the trouble began hours before the first update (`date`), or that it
        did not after all (no `date`)."""
        path = self.root / authoring.INCIDENTS_DIR / f"{slug}.md"
        if not path.exists():
            return
        text = re.sub(r"(?m)^date: .*\n", "", path.read_text(encoding="utf-8"), count=1)
        first = re.search(r"(?m)^## \w+ at (.+)$", text)
        if hours is not None and first is not None:
            written = datetime.strptime(first[1], "%Y-%m-%d %H:%M %z")
            began = (written - timedelta(hours=hours)).astimezone(timezone.utc)
            text = text.replace("\nstatus:", f"\ndate: {began:%Y-%m-%d %H:%M} +00:00\nstatus:", 1)
        path.write_text(text, encoding="utf-8")

    @rule(slug=consumes(incidents))
    def delete_incident(self, slug: str) -> None:
        (self.root / authoring.INCIDENTS_DIR / f"{slug}.md").unlink(missing_ok=True)

    @rule(
        target=windows,
        start=st.sampled_from([-3 * 24 * 60, -90, -20, 45, 2 * 24 * 60]),
        minutes=st.sampled_from([30, 120]),
    )
    def schedule_maintenance(self, start: int, minutes: int) -> str:
        begin = self.now + timedelta(minutes=start)
        self.edges += [begin, begin + timedelta(minutes=minutes)]
        change = authoring.schedule_maintenance(
            self.root,
            title=f"Database upgrade {next(self.serial)}",
            start=begin.isoformat(),
            end=(begin + timedelta(minutes=minutes)).isoformat(),
            now=self.now,
            components=["api"],
            message="Planned.",
        )
        authoring.apply(change)
        return Path(change.relpath).stem

    @rule(target=windows, start=st.sampled_from([-90, 2 * 24 * 60]))
    def write_a_window_by_hand(self, start: int) -> str:
        """A window written without an announcement (no `## Scheduled at`): dated when the
        site's record began, which an older incident added or dated back moves."""
        begin = self.now + timedelta(minutes=start)
        end = begin + timedelta(minutes=60)
        self.edges += [begin, end]
        slug = f"{begin:%Y-%m-%d}-by-hand-{next(self.serial)}"
        (self.root / authoring.INCIDENTS_DIR / f"{slug}.md").write_text(
            f"---\ntitle: Work {slug}\nscheduled_for: {begin:%Y-%m-%d %H:%M} +00:00\n"
            f"scheduled_until: {end:%Y-%m-%d %H:%M} +00:00\ncomponents: [api]\n---\n"
            "We will upgrade things.\n"
        )
        return slug

    @rule(slug=windows, status=st.sampled_from(["in_progress", "completed"]))
    def update_a_window(self, slug: str, status: str) -> None:
        """`in_progress` written in the file holds the window open past its planned end."""
        self._try(
            lambda: authoring.update_event(
                self.root, slug, message="Work update.", now=self.now, status=status
            )
        )

    @rule(name=st.sampled_from(["Website", "Web site", "Web"]))
    def rename_a_group(self, name: str) -> None:
        write_components(self.root, self.extra, name)

    @rule()
    def add_a_component(self) -> None:
        self.extra.append(f"extra{next(self.serial)}")
        write_components(self.root, self.extra, "Website")

    @precondition(lambda self: bool(self.extra))
    @rule()
    def remove_a_component(self) -> None:
        self.extra.pop()
        write_components(self.root, self.extra, "Website")

    @rule(
        title=st.sampled_from(["Example Status", "Renamed Status"]),
        history_days=st.sampled_from([30, 45, 90]),
    )
    def change_settings(self, title: str, history_days: int) -> None:
        (self.root / "statusgen.yaml").write_text(
            SETTINGS.format(title=title, history_days=history_days)
        )

    @rule(name=st.sampled_from(sorted(OVERRIDES)), remove=st.booleans())
    def override_a_template(self, name: str, remove: bool) -> None:
        path = self.root / "themes/templates" / name
        if remove:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(OVERRIDES[name])

    @rule(count=st.sampled_from([1, 24, 30]), days_ago=st.sampled_from([2, 400]))
    def backfill_resolved_incidents(self, count: int, days_ago: int) -> None:
        # Enough of them cross the history's page boundaries (HISTORY_PAGE_SIZE), recent
        # or from before every archive page (which moves the blocks cut from the oldest).
        for _ in range(count):
            n = next(self.serial)
            day = (self.now - timedelta(days=days_ago, minutes=n)).date().isoformat()
            path = self.root / authoring.INCIDENTS_DIR / f"{day}-backfill-{n}.md"
            path.write_text(NEWER.format(n=n, day=day))

    @rule(
        step=st.sampled_from(
            [timedelta(seconds=20), timedelta(minutes=10), timedelta(hours=5), timedelta(days=3)]
        )
    )
    def time_passes(self, step: timedelta) -> None:
        self.now += step

    @precondition(lambda self: any(edge > self.now for edge in self.edges))
    @rule()
    def time_reaches_a_window_edge(self) -> None:
        # The steps above land on a planned start or end by chance alone; a scheduled
        # rebuild on the hour lands there to the second, where the page changes.
        self.now = min(edge for edge in self.edges if edge > self.now)

    @rule(output=st.sampled_from(OUTPUTS))
    def build_into(self, output: str) -> None:
        self.output = output

    @rule(dated=st.booleans())
    def files_look_old(self, dated: bool) -> None:
        # Dated back, changed files are found by their stat alone; else they are hashed.
        self.dated = dated

    def _try(self, plan: object) -> None:
        try:
            change = plan()  # type: ignore[operator]
        except StatusgenError:
            return  # e.g. resolving what is already resolved: the command refuses
        authoring.apply(change)

    # --- the property -------------------------------------------------------------------

    @invariant()
    def cached_build_equals_clean_build(self) -> None:
        if self.dated:
            date_back(self.root)
        output = self.root / self.output
        try:
            build_site(self.root, now=self.now, output=output)
        except StatusgenError as error:
            assert clean_build(self.root, self.now) == str(error)
            return
        assert clean_build(self.root, self.now) == tree(output)


SiteMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("STATUSGEN_MACHINE_EXAMPLES", "4")),
    stateful_step_count=int(os.environ.get("STATUSGEN_MACHINE_STEPS", "8")),
    deadline=None,
    # Shrinking rebuilds the site hundreds of times; eight steps read well unshrunk.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
test_cached_builds_equal_clean_builds = SiteMachine.TestCase


# --- what a build renders ------------------------------------------------------------------


@pytest.fixture
def machine() -> SiteMachine:
    site = SiteMachine()
    site.a_site_with_one_incident()
    yield site  # type: ignore[misc]
    site.teardown()


def _build(site: SiteMachine) -> BuildResult:
    return build_site(site.root, now=site.now)


def incident_opened(
    root: Path, title: str, now: datetime, component: str, impact: str | None = "minor"
) -> Path:
    """The file of an incident opened at `now` on `component` (`id=status`), as `new` does."""
    change = authoring.open_incident(
        root,
        title=title,
        message="Looking into it.",
        now=now,
        components=[component],
        impact=impact,
    )
    authoring.apply(change)
    return root / change.relpath


def test_a_no_op_build_renders_nothing(machine: SiteMachine) -> None:
    first = _build(machine)
    assert first.rendered  # a first build renders everything
    assert set() == set(_build(machine).rendered)


def test_outputs_dated_by_the_start_are_left_alone_as_the_clock_moves(tmp_path: Path) -> None:
    # A new site with its example incident deleted: nothing is dated but its start_date.
    root = init_site(tmp_path / "site")
    for example in (root / authoring.INCIDENTS_DIR).glob("*.md"):
        example.unlink()
    settings = root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("timezone: UTC", "timezone: Europe/Berlin"))
    first = build_site(root, now=datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc))
    before = tree(root / "public")
    second = build_site(root, now=datetime(2026, 11, 22, 11, 0, tzinfo=timezone.utc))
    dated = {"feed.xml", "atom.xml", "components/api/feed.xml", "components/website/feed.xml"}
    assert dated <= set(first.rendered)
    assert set() == dated & set(second.rendered)
    after = tree(root / "public")
    assert {path: before[path] for path in dated} == {path: after[path] for path in dated}
    components = json.loads(after["api/v2/components.json"])["components"]
    # init set start_date to the day it ran (INIT_NOW): midnight that day, site time.
    assert {"2026-11-22T00:00:00.000+01:00"} == {c["created_at"] for c in components}
    assert clean_build(root, datetime(2026, 11, 22, 11, 0, tzinfo=timezone.utc)) == after


def test_the_hosts_headers_follow_the_folders_a_cached_build_publishes(tmp_path: Path) -> None:
    # _headers names incidents/ only while the page publishes it: the first incident adds
    # the rule, deleting the last removes it, in a cached build as in a clean one.
    root = init_site(tmp_path / "site")
    examples = {path: path.read_bytes() for path in (root / authoring.INCIDENTS_DIR).glob("*.md")}
    for example in examples:
        example.unlink()
    now = datetime(2026, 11, 22, 19, 0, tzinfo=timezone.utc)
    for incidents in ({}, examples, {}):
        for path, text in incidents.items():
            path.write_bytes(text)
        for path in set(examples) - set(incidents):
            path.unlink(missing_ok=True)
        build_site(root, now=now)
        built = tree(root / "public")
        rules = built["_headers"].decode().splitlines()
        assert ("/incidents/*" in rules) == bool(incidents)
        assert clean_build(root, now) == built


NEWER = """\
---
title: Newer trouble {n}
status: resolved
components: [api]
---
## Investigating at {day} 10:00
Looking.

## Resolved at {day} 11:00
Fixed.
"""


def _edit_an_old_incident(
    machine: SiteMachine, later: timedelta = timedelta(0)
) -> tuple[set[str], set[str]]:
    """What a build renders after an edit to the message of an old incident (`later`
    than the build before it), and the outputs that show that incident."""
    # One old incident on the dashboard, then more newer ones elsewhere than any list,
    # feed or history page holds: the old one is left on its own page, its component's
    # page and feed, and the oldest page of the history (`history/page/1/`) and of its
    # impact's history.
    old = machine._open("Old trouble", ["dashboard=degraded_performance"], "minor", "resolve")
    for n in range(60):
        day = (machine.now + timedelta(days=1 + n)).date().isoformat()
        (machine.root / authoring.INCIDENTS_DIR / f"{day}-newer-{n}.md").write_text(
            NEWER.format(n=n, day=day)
        )
    machine.now += timedelta(days=70)
    _build(machine)
    machine.now += later
    path = machine.root / authoring.INCIDENTS_DIR / f"{old}.md"
    path.write_text(path.read_text().replace("We are looking into it.", "We looked into it."))
    listing = {
        f"incidents/{old}/index.html",
        "history/page/1/index.html",
        "history/impact/minor/page/1/index.html",  # the history of its impact
        "components/dashboard/index.html",
        "components/dashboard/feed.xml",
        # The history search's rows of its year (the newer incidents reach into the next
        # year, whose rows are in search.json).
        f"search/{old[:4]}.json",
    }
    return set(_build(machine).rendered), listing


def test_an_old_incident_edit_renders_its_page_and_the_pages_listing_it(
    machine: SiteMachine,
) -> None:
    rendered, listing = _edit_an_old_incident(machine)
    assert listing == rendered


def test_an_edit_minutes_later_renders_what_it_changes_and_the_clock(
    machine: SiteMachine,
) -> None:
    # As a real build runs: the clock has moved since the last build, passing no moment of
    # any event. Only the pages showing the clock ("As of ...") join those of the edit.
    rendered, listing = _edit_an_old_incident(machine, later=timedelta(minutes=10))
    assert listing | {"index.html", "embed.html"} == rendered
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_an_old_incident_edit_renders_its_page_of_its_components_history(
    machine: SiteMachine,
) -> None:
    # More incidents on the API than its page lists: the old one is left to the oldest page
    # of the API's own history, which an edit to it renders again, and no newer page.
    old = machine._open("Old trouble", ["api=degraded_performance"], "minor", "resolve")
    for n in range(60):
        day = (machine.now + timedelta(days=1 + n)).date().isoformat()
        (machine.root / authoring.INCIDENTS_DIR / f"{day}-newer-{n}.md").write_text(
            NEWER.format(n=n, day=day)
        )
    machine.now += timedelta(days=70)
    _build(machine)
    path = machine.root / authoring.INCIDENTS_DIR / f"{old}.md"
    path.write_text(path.read_text().replace("We are looking into it.", "We looked into it."))
    rendered = set(_build(machine).rendered)
    assert "components/api/history/page/1/index.html" in rendered
    assert "components/api/history/index.html" not in rendered
    assert "components/api/index.html" not in rendered
    page = (machine.root / "public/components/api/history/page/1/index.html").read_text()
    assert f"/incidents/{old}/" in page
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_an_old_open_incident_stays_in_the_capped_lists_as_they_move(
    machine: SiteMachine,
) -> None:
    # An outage left open while more incidents came after it than incidents.json and the
    # feeds hold: each build, cached, lists it as a clean one does.
    old = machine._open("Old outage", ["api=major_outage"], "major")
    opened = machine.now
    capped = ("api/v2/incidents.json", "feed.xml", "atom.xml", "components/api/feed.xml")

    def newer(n: int) -> None:
        day = (opened + timedelta(days=1 + n)).date().isoformat()
        path = machine.root / authoring.INCIDENTS_DIR / f"{day}-newer-{n}.md"
        path.write_text(NEWER.format(n=n, day=day))

    def listing() -> set[str]:
        assert clean_build(machine.root, machine.now) == tree(machine.root / "public")
        return {path for path in capped if old in (machine.root / "public" / path).read_text()}

    for n in range(50):
        newer(n)
    machine.now += timedelta(days=60)
    _build(machine)
    assert set(capped) == listing()
    newer(50)  # the 51st newer one
    assert set(capped) <= set(_build(machine).rendered)
    assert set(capped) == listing()
    # A typo fixed in it moves it nowhere: what the lists show of it changes all the same.
    path = machine.root / authoring.INCIDENTS_DIR / f"{old}.md"
    path.write_text(path.read_text().replace("We are looking into it.", "We looked into it."))
    assert set(capped) <= set(_build(machine).rendered)
    assert set(capped) == listing()
    authoring.apply(authoring.resolve_event(machine.root, old, now=machine.now))
    # Resolved, it leaves incidents.json (by start) and heads the feeds (by change).
    assert set(capped) <= set(_build(machine).rendered)
    assert set(capped) - {"api/v2/incidents.json"} == listing()


def test_an_open_incident_resolved_gives_a_full_component_its_history(
    machine: SiteMachine,
) -> None:
    # 50 closed on the API and one open: its page lists all 51, the open one besides the
    # 50. Resolved, it is one of 51 others: the page cuts the oldest and links to the
    # API's own history, which a cached build writes as a clean one does.
    opened = machine.now
    for n in range(50):
        day = (opened - timedelta(days=2 + n)).date().isoformat()
        (machine.root / authoring.INCIDENTS_DIR / f"{day}-older-{n}.md").write_text(
            NEWER.format(n=n, day=day)
        )
    slug = machine._open("Fresh outage", ["api=major_outage"], "major")
    _build(machine)
    public = machine.root / "public"
    assert not (public / "components/api/history").exists()
    assert clean_build(machine.root, machine.now) == tree(public)
    machine.now += timedelta(hours=1)
    authoring.apply(authoring.resolve_event(machine.root, slug, now=machine.now))
    rendered = set(_build(machine).rendered)
    assert {"components/api/index.html", "components/api/history/index.html"} <= rendered
    assert "/components/api/history/" in (public / "components/api/index.html").read_text()
    assert clean_build(machine.root, machine.now) == tree(public)


def test_a_deleted_incident_leaves_the_pages_that_listed_it(machine: SiteMachine) -> None:
    # Its page goes, and the history pages that held it hold the others only: no event of
    # theirs changed, what they show did.
    gone = machine._open("Short-lived", ["api"], "minor", "resolve")
    _build(machine)
    (machine.root / authoring.INCIDENTS_DIR / f"{gone}.md").unlink()
    rendered = set(_build(machine).rendered)
    assert {"history/index.html", "history/impact/minor/index.html"} <= rendered
    assert "Short-lived" not in (machine.root / "public/history/index.html").read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_renamed_incident_file_moves_every_link_to_it(machine: SiteMachine) -> None:
    # Same bytes, new name: the history must link to the new address, not the old one.
    slug = machine._open("Renamed", ["api"], "minor", "resolve")
    _build(machine)
    folder = machine.root / authoring.INCIDENTS_DIR
    (folder / f"{slug}.md").rename(folder / f"{slug}-moved.md")
    _build(machine)
    history = (machine.root / "public/history/index.html").read_text()
    assert f"/incidents/{slug}-moved/" in history
    assert f"/incidents/{slug}/" not in history
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_new_incident_reaches_the_home_page_and_the_embed(machine: SiteMachine) -> None:
    _build(machine)
    machine._open("Everything is down", ["api=major_outage"], "critical")
    _build(machine)
    for page in ("index.html", "embed.html"):
        assert "All systems operational" not in (machine.root / "public" / page).read_text()


def test_a_new_incident_renders_no_archive_page_of_the_history(machine: SiteMachine) -> None:
    machine.backfill_resolved_incidents(count=80, days_ago=400)
    _build(machine)
    machine._open("Everything is down", ["api=major_outage"], "critical")
    rendered = set(_build(machine).rendered)
    assert "history/index.html" in rendered
    # The archive is cut from the oldest event: its two pages hold what they held.
    assert (machine.root / "public/history/page/2/index.html").exists()
    assert set() == {path for path in rendered if path.startswith("history/page/")}


def test_an_open_incident_page_follows_the_clock_it_shows(machine: SiteMachine) -> None:
    slug = machine._open("Slow pages", ["api"], "minor")  # open for 30 minutes
    page = f"incidents/{slug}/index.html"
    _build(machine)
    # Twenty seconds on, the page says "30 min so far" again, but "As of" this moment.
    machine.now += timedelta(seconds=20)
    assert page in _build(machine).rendered
    shown = (machine.root / "public" / page).read_text()
    as_of = re.search(r'As of <time datetime="([^"]+)"', shown)
    assert as_of is not None and machine.now == datetime.fromisoformat(as_of[1])
    # Ten minutes on it says "40 min so far"; the history lists the incident without
    # its duration, and is left alone too.
    machine.now += timedelta(minutes=10)
    rendered = _build(machine).rendered
    assert page in rendered
    assert "history/index.html" not in rendered
    assert "40 min so far" in (machine.root / "public" / page).read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_an_open_incident_page_follows_its_components_status_now(machine: SiteMachine) -> None:
    slug = machine._open("API errors", ["api=major_outage"], "critical")
    authoring.apply(
        authoring.update_event(
            machine.root,
            slug,
            message="Fixed.",
            now=machine.now,
            status="monitoring",
            components=["api=operational"],
        )
    )
    _build(machine)
    page = machine.root / f"public/incidents/{slug}/index.html"

    def said() -> str:
        return re.sub(r"<[^>]+>", "", page.read_text())

    assert "now Operational" in said()
    # Another incident takes the API down: this one's file is unchanged, its page is not.
    machine._open("API down again", ["api=major_outage"], "critical")
    assert f"incidents/{slug}/index.html" in _build(machine).rendered
    assert "now Major outage" in said()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_resolved_incident_page_is_left_alone_when_only_the_clock_moves(
    machine: SiteMachine,
) -> None:
    # An open incident's page says "As of" the build's moment, and is rendered at each
    # build; a resolved one's says nothing of the clock, and is left as it is, while the
    # open one's components' bars move with the clock.
    resolved = machine._open("Old errors", ["api=major_outage"], "critical", "resolve")
    slug = machine._open("API errors", ["api=major_outage"], "critical")
    machine.now += timedelta(hours=36)
    _build(machine)
    machine.now += timedelta(minutes=10)
    rendered = set(_build(machine).rendered)

    assert {"index.html", "components/api/index.html", f"incidents/{slug}/index.html"} <= rendered
    assert f"incidents/{resolved}/index.html" not in rendered
    assert "As of" not in (machine.root / "public" / f"incidents/{resolved}/index.html").read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def _window_kept_open(machine: SiteMachine, *, ends_in: timedelta) -> str:
    """A window begun 20 minutes ago, ending `ends_in` from now, whose update now says it
    is in progress (so no file changes as its end passes); its slug."""
    change = authoring.schedule_maintenance(
        machine.root,
        title="Database upgrade",
        start=(machine.now - timedelta(minutes=20)).isoformat(),
        end=(machine.now + ends_in).isoformat(),
        now=machine.now - timedelta(hours=1),
        components=["api"],
        message="Planned.",
    )
    authoring.apply(change)
    slug = Path(change.relpath).stem
    authoring.apply(
        authoring.update_event(
            machine.root, slug, message="Still at it.", now=machine.now, status="in_progress"
        )
    )
    return slug


def test_a_window_kept_open_past_its_end_says_so_once_the_clock_gets_there(
    machine: SiteMachine,
) -> None:
    slug = _window_kept_open(machine, ends_in=timedelta(minutes=10))
    page = f"incidents/{slug}/index.html"
    _build(machine)
    assert "past its planned end" not in (machine.root / "public" / page).read_text()
    # No file changes as the window's end passes: the page follows the clock there.
    machine.now += timedelta(minutes=20)
    assert page in _build(machine).rendered
    assert "40 min so far, past its planned end" in (machine.root / "public" / page).read_text()
    # Then it follows the clock, "As of" which it says how the window stands.
    machine.now += timedelta(seconds=20)
    assert page in _build(machine).rendered
    machine.now += timedelta(minutes=10)
    assert page in _build(machine).rendered
    assert "50 min so far, past its planned end" in (machine.root / "public" / page).read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_build_at_the_very_end_of_a_window_kept_open_leaves_no_page_behind(
    machine: SiteMachine,
) -> None:
    # A rebuild on the hour lands on a window's planned end to the second: the window is past
    # it from then on, and no later build may keep a page as that one left it.
    end = machine.now + timedelta(minutes=10)
    slug = _window_kept_open(machine, ends_in=end - machine.now)
    page, history = machine.root / "public" / f"incidents/{slug}/index.html", "history/index.html"
    _build(machine)
    machine.now = end
    assert history in _build(machine).rendered
    assert "30 min so far, past its planned end" in page.read_text()
    assert "– ongoing" in (machine.root / "public" / history).read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")
    machine.now = end + timedelta(hours=2)
    _build(machine)
    assert "2 hr, 30 min so far, past its planned end" in page.read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_build_back_at_the_very_end_of_a_window_kept_open_shows_it_as_then(
    machine: SiteMachine,
) -> None:
    # A build for an earlier time (a rerun job) lands on the planned end after a build past it.
    end = machine.now + timedelta(minutes=10)
    slug = _window_kept_open(machine, ends_in=end - machine.now)
    machine.now = end + timedelta(hours=2)
    _build(machine)
    machine.now = end
    _build(machine)
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")
    page = (machine.root / "public" / f"incidents/{slug}/index.html").read_text()
    assert "30 min so far, past its planned end" in page


def test_a_window_kept_open_past_its_end_is_listed_as_ongoing_once_the_clock_gets_there(
    machine: SiteMachine,
) -> None:
    _window_kept_open(machine, ends_in=timedelta(minutes=1))
    lists = ["index.html", "history/index.html", "components/api/index.html"]
    _build(machine)
    for page in lists:
        assert "– ongoing" not in (machine.root / "public" / page).read_text(), page
    # A minute before its planned end, then a minute after it: no file changes, yet every
    # list showing the window stops giving that end and says it is still going on.
    machine.now += timedelta(minutes=2)
    rendered = _build(machine).rendered
    for page in lists:
        assert page in rendered
        assert "– ongoing" in (machine.root / "public" / page).read_text(), page
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_window_begun_early_and_kept_open_is_listed_from_its_early_start(
    machine: SiteMachine,
) -> None:
    # Planned from 13:05 to 13:10, in progress from 13:00: once past its end, every list
    # runs its span from 13:00, and a cached build says so as a clean one does.
    change = authoring.schedule_maintenance(
        machine.root,
        title="Database upgrade",
        start=(machine.now + timedelta(minutes=5)).isoformat(),
        end=(machine.now + timedelta(minutes=10)).isoformat(),
        now=machine.now - timedelta(hours=1),
        components=["api"],
        message="Planned.",
    )
    authoring.apply(change)
    slug = Path(change.relpath).stem
    authoring.apply(
        authoring.update_event(
            machine.root, slug, message="Early.", now=machine.now, status="in_progress"
        )
    )
    _build(machine)
    machine.now += timedelta(minutes=20)
    _build(machine)
    for page in ["index.html", "history/index.html", "components/api/index.html"]:
        assert "13:00 CET</time> – ongoing" in (machine.root / "public" / page).read_text(), page
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_theme_using_the_duration_otherwise_follows_the_clock(machine: SiteMachine) -> None:
    # Seconds, a comparison, the value printed whole: each changes with every clock tick.
    uses = [
        "{{ event.duration.total_seconds()|int }}",
        "{{ event.duration > x }}",
        "{{ event.duration }}",
    ]
    slug = machine._open("Slow pages", ["api"], "minor")
    page = f"incidents/{slug}/index.html"
    templates = machine.root / "themes/templates"
    templates.mkdir(parents=True)
    for use in uses:
        (templates / "incident.html").write_text(
            '{% extends "builtin/incident.html" %}{% block content %}'
            "{% set x = event.duration %}<p id=shown>" + use + "</p>{{ super() }}{% endblock %}"
        )
        _build(machine)
        machine.now += timedelta(seconds=20)
        assert page in _build(machine).rendered, use
        assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


# An incident whose resolution, and a maintenance whose state, the files date after the
# first build's clock (START, 13:00 in Berlin): the clock reaching them changes the pages
# listing them, which nothing else tells the next build. Until its one update, the
# maintenance follows the clock through its window, whatever its `status` says.
LATER_RESOLVED = """\
---
title: Resolved later
status: resolved
components: [api]
---
## Investigating at 2026-11-22 12:30
Looking.

## Resolved at 2026-11-22 14:00
Fixed.
"""
LATER_COMPLETED = """\
---
title: Completed later
scheduled_for: 2026-11-22 14:00
scheduled_until: 2026-11-22 16:00
status: completed
components: [api]
---
## Completed at 2026-11-22 17:00
Done.
"""


# A window its `status` holds open past its end: its bars run on with the clock, into
# the next day too.
HELD_OPEN = """\
---
title: Held open
scheduled_for: 2026-11-22 10:00
scheduled_until: 2026-11-22 11:00
status: in_progress
components: [api]
---
## In progress at 2026-11-22 10:00
Running over.
"""


@pytest.mark.parametrize(
    "name, text", [("resolved", LATER_RESOLVED), ("done", LATER_COMPLETED), ("held", HELD_OPEN)]
)
def test_pages_follow_what_the_clock_reaches_in_a_file(
    machine: SiteMachine, name: str, text: str
) -> None:
    (machine.root / authoring.INCIDENTS_DIR / f"2026-11-22-{name}.md").write_text(text)
    # Before, inside and after the window or resolution; each build's history, feeds and
    # the event's own page as a clean build writes them.
    for hours in (0, 1.5, 2.5, 4.5, 12):
        now = machine.now + timedelta(hours=hours)
        build_site(machine.root, now=now)
        assert clean_build(machine.root, now) == tree(machine.root / "public"), hours


def test_a_build_into_another_folder_costs_the_next_build_nothing(machine: SiteMachine) -> None:
    _build(machine)
    build_site(machine.root, now=machine.now, output=machine.root / "elsewhere")
    again = _build(machine)
    assert (True, ()) == (again.skipped, again.rendered)
    # ...and an edit after both renders only what it changes, in either folder.
    machine._open("Later trouble", ["api"], "minor")
    for output in (None, machine.root / "elsewhere"):
        rendered = build_site(machine.root, now=machine.now, output=output).rendered
        assert "components/dashboard/index.html" not in rendered


def test_a_build_with_nothing_to_do_loads_no_parser_or_template_engine(
    machine: SiteMachine,
) -> None:
    # The scheduled rebuild and every save under a watcher start with this case: the
    # command answers from the stat of each file. Loading PyYAML (its reader compiles a
    # large pattern), Jinja or Markdown is time spent on nothing.
    _build(machine)
    past = time.time() - 60  # no file written in the second the build ran (re-read then)
    for path in machine.root.rglob("*"):
        os.utime(path, (past, past), follow_symlinks=False)
    _build(machine)
    command = [sys.executable, "-X", "importtime", "-m", "statusgen", "-C", str(machine.root)]
    command += ["build", "-q", "--now", machine.now.isoformat()]
    # What a rebuild goes on to use is imported only while the build waits for the child
    # that stats the inputs (Cache.parsed_ahead): on a loaded machine that wait can
    # outlast the first import. One run of a few that loads none of them shows that a
    # build with nothing to do needs none; one that always loads them fails.
    engines = {"yaml", "jinja2", "markdown"}
    runs = []
    for _ in range(3):
        run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
        loaded = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
        assert "statusgen.build" in loaded  # the listing is what the assertion reads
        runs.append(engines & loaded)
        if not runs[-1]:
            break
    assert set() in runs, f"every run loaded some of them: {runs}"


def test_a_rebuild_of_a_site_whose_hosts_are_ascii_loads_no_idna_tables(
    machine: SiteMachine,
) -> None:
    # Reading the settings checks base_url's host; the UTS #46 tables (15 ms to import)
    # are for a host outside ASCII only, not for every edit's rebuild.
    _build(machine)
    machine._open("Slow pages", ["api"], "minor")
    command = [sys.executable, "-X", "importtime", "-m", "statusgen", "-C", str(machine.root)]
    command += ["build", "-q", "--now", machine.now.isoformat()]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    loaded = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert "statusgen.validate" in loaded  # a rebuild that read the settings
    assert "idna" not in loaded


def test_what_a_theme_reads_through_a_computed_include_is_followed(machine: SiteMachine) -> None:
    # Which file is included is known only while rendering; what it reads is recorded then.
    templates = machine.root / "themes/templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials/count.html").write_text("<p id=count>{{ open_incidents|length }}</p>")
    (templates / "incident.html").write_text(
        '{% extends "builtin/incident.html" %}{% block content %}'
        '{% include "partials/" ~ "count.html" %}{{ super() }}{% endblock %}'
    )
    first = _build(machine)
    assert "incidents/" in " ".join(first.rendered)
    machine._open("Everything is down", ["api=major_outage"], "critical")
    second = _build(machine)
    old_pages = [p for p in tree(machine.root / "public") if p.startswith("incidents/")]
    assert set(old_pages) <= set(second.rendered)
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_watchers_list_of_changed_files_is_all_the_build_looks_at(machine: SiteMachine) -> None:
    slug = machine._open("Slow pages", ["api"], "minor")
    _build(machine)
    path = machine.root / authoring.INCIDENTS_DIR / f"{slug}.md"
    path.write_text(path.read_text().replace("looking into it", "LOOKING INTO IT"))
    page = machine.root / "public/incidents" / slug / "index.html"
    # Told that nothing changed, the build believes it (no file is even stat'ed)...
    assert build_site(machine.root, now=machine.now, changed=[]).skipped
    assert "LOOKING INTO IT" not in page.read_text()
    # ...and told which file changed, it renders what that file shows.
    rendered = build_site(machine.root, now=machine.now, changed=[path]).rendered
    assert f"incidents/{slug}/index.html" in rendered
    assert "LOOKING INTO IT" in page.read_text()
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_workers_render_the_same_bytes_in_the_same_order(
    machine: SiteMachine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from statusgen.render import workers

    for n in range(12):
        machine._open(f"Trouble {n}", ["api"], "minor", "resolve" if n % 3 else "")
    forked: list[str] = []
    real = multiprocessing.get_context

    def get_context(method: str) -> object:
        forked.append(method)
        return real(method)

    monkeypatch.setattr(workers, "PARALLEL_FROM", 10)
    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    parallel = build_site(machine.root, now=machine.now, output=machine.root / "elsewhere", jobs=2)
    serial = build_site(machine.root, now=machine.now, use_cache=False, jobs=1)
    assert ["fork"] == forked
    assert list(serial.rendered) == list(parallel.rendered)
    assert tree(machine.root / "public") == tree(machine.root / "elsewhere")


def test_check_and_update_read_unchanged_files_through_the_cache(
    machine: SiteMachine, parsed_files: list[str]
) -> None:
    from click.testing import CliRunner

    from statusgen.cli import cli

    slug = machine._open("Slow pages", ["api"], "minor")
    _build(machine)
    parsed_files.clear()  # the build's own parsing
    result = CliRunner().invoke(cli, ["-C", str(machine.root), "check"])
    assert (0, []) == (result.exit_code, parsed_files)
    # A file changed since the build is parsed again, and its mistake reported.
    path = machine.root / authoring.INCIDENTS_DIR / f"{slug}.md"
    path.write_text(path.read_text().replace("status: investigating", "status: fixed"))
    result = CliRunner().invoke(cli, ["-C", str(machine.root), "check"])
    assert (1, [f"{authoring.INCIDENTS_DIR}/{slug}.md"]) == (result.exit_code, parsed_files)
    assert f"{slug}.md:3:9" in result.output


def test_the_facts_of_a_page_cover_every_field_of_the_status_and_views() -> None:
    """A new field in SiteStatus must be named in render/html.py's PageFacts (`status`),
    or pages showing it would go stale; a field of ComponentView is followed unless it is
    named static (render/recording.py's COMPONENT_STATIC), which only what follows the
    components file may be."""
    import dataclasses

    from statusgen.render import recording
    from statusgen.render.views import ComponentView, GroupView
    from statusgen.status import SiteStatus

    status_fields = {
        "now", "overall", "indicator", "description", "components", "groups", "maintenance",
        "open_incidents", "active_maintenances", "upcoming_maintenances", "history",
        "measured", "unknown_changed_at",
    }  # fmt: skip
    assert status_fields == {f.name for f in dataclasses.fields(SiteStatus)}
    # What follows the components file (in every key already), and what follows the clock.
    static = {
        "component", "id", "name", "own_name", "description", "url", "feed_url", "group",
        "is_group",
    }  # fmt: skip
    assert static == recording.COMPONENT_STATIC
    assert static <= {f.name for f in dataclasses.fields(ComponentView)} | {"is_group"}
    # A group view is followed through `sections` (render/html.py's PageFacts), whose facts
    # name its group (id, name, description: the components file), status and members.
    group_fields = {"group", "id", "name", "description", "status", "components"}
    assert group_fields == {f.name for f in dataclasses.fields(GroupView)}


def test_a_theme_showing_a_components_bars_on_incident_pages_follows_the_clock(
    machine: SiteMachine,
) -> None:
    # The bars are made from the component's days, which move with the clock: an incident
    # page that shows them must be rendered again, like one that shows its days.
    templates = machine.root / "themes/templates"
    templates.mkdir(parents=True)
    (templates / "incident.html").write_text(
        '{% extends "builtin/incident.html" %}{% block content %}'
        "{% for a in event.components %}<ol>{{ a.component.bars }}</ol>{% endfor %}"
        "{{ super() }}{% endblock %}"
    )
    machine._open("Slow pages", ["api"], "minor", "resolve")
    _build(machine)
    machine.now += timedelta(days=3)
    _build(machine)
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_what_an_imported_template_reads_at_its_top_level_is_followed(
    machine: SiteMachine,
) -> None:
    # Jinja keeps an imported template's module between pages; what its top level reads
    # must still count for every page that imports it, not only the first.
    _incident_pages_import(
        machine,
        "{% set open_count = open_incidents|length %}"
        "{% macro count() %}<p id=count>{{ open_count }}</p>{% endmacro %}",
        "{{ module.count() }}",
    )
    _outage_after_old_troubles(machine)
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def _incident_pages_import(machine: SiteMachine, module: str, shown: str) -> None:
    """A theme whose incident pages import `module` (as `module`) and show `shown` first."""
    templates = machine.root / "themes/templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials/module.html").write_text(module)
    (templates / "incident.html").write_text(
        '{% extends "builtin/incident.html" %}{% import "partials/module.html" as module %}'
        f"{{% block content %}}{shown}{{{{ super() }}}}{{% endblock %}}"
    )


def _outage_after_old_troubles(machine: SiteMachine) -> str:
    """Three resolved incidents built, then an open outage built: the outage's slug."""
    for n in range(3):
        machine._open(f"Old trouble {n}", ["api"], "minor", "resolve")
    _build(machine)
    slug = machine._open("Everything is down", ["api=major_outage"], "critical")
    _build(machine)
    return slug


def test_a_macros_module_that_counts_is_made_again_for_each_page(
    machine: SiteMachine,
) -> None:
    # A module a macro can change (a namespace it counts in) is not kept from one page
    # to the next: each page counts from the start, whichever pages a build renders.
    _incident_pages_import(
        machine,
        "{% set seen = namespace(count=0) %}"
        "{% macro next() %}{% set seen.count = seen.count + 1 %}{{ seen.count }}{% endmacro %}",
        "<p id=n>{{ module.next() }} {{ module.next() }}</p>",
    )
    slug = _outage_after_old_troubles(machine)
    page = (machine.root / "public" / urls.incident_files((slug,))[0]).read_text()
    assert "<p id=n>1 2</p>" in page
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


def test_a_macro_shared_by_pages_counts_what_it_read_for_each_of_them(
    machine: SiteMachine,
) -> None:
    # `event_item` runs once a build for each event; the history's pages after the first
    # that list the event take its output, and must follow what it read as the first
    # did: here the current status of the event's first component.
    macros = (BUILTIN_THEME / "templates/partials/macros.html").read_text()
    shown = "{{ event.components[0].component.status.value if event.components else '' }}"
    changed = macros.replace(
        '<h3 class="event-title">', f'<h3 class="event-title" data-now="{shown}">'
    )
    assert changed != macros
    partials = machine.root / "themes/templates/partials"
    partials.mkdir(parents=True)
    (partials / "macros.html").write_text(changed)
    machine._open("Old trouble", ["api"], "minor", "resolve")
    _build(machine)
    # Listed on the whole history's page and on the `minor` archive's, unchanged.
    machine._open("Everything is down", ["api=major_outage"], "critical")
    _build(machine)
    minor = (machine.root / "public/history/impact/minor/index.html").read_text()
    assert 'data-now="major_outage"' in minor
    assert clean_build(machine.root, machine.now) == tree(machine.root / "public")


WINDOW = """\
---
title: Database work
status: completed
scheduled_for: 2026-11-20 10:45
scheduled_until: 2026-11-20 11:15
components: [api]
---
## Scheduled at 2026-11-19 09:00
Planned.

## In progress at 2026-11-20 10:45
Started.

## Completed at 2026-11-20 11:15
Done.
"""
OUTAGE = """\
---
title: Outage
status: resolved
components: {api: major_outage}
---
## Investigating at 2026-11-20 10:00
Down.

## Resolved at 2026-11-20 11:00
Up.
"""


def test_a_window_lists_again_what_an_incident_written_later_held_then(tmp_path: Path) -> None:
    # The window's updates tell the API's effective status, which the outage written
    # after the first build held down: the window's list follows it, though it lists no
    # incident and the outage changed nothing after the window's last update.
    root = init_site(tmp_path / "site")
    incidents = root / authoring.INCIDENTS_DIR
    for example in incidents.glob("*.md"):
        example.unlink()
    (incidents / "2026-11-20-database-work.md").write_text(WINDOW)
    now = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
    build_site(root, now=now)
    (incidents / "2026-11-20-outage.md").write_text(OUTAGE)
    date_back(root)

    assert "api/v2/scheduled-maintenances.json" in build_site(root, now=now).rendered
    built = tree(root / "public")
    assert clean_build(root, now) == built
    (window,) = json.loads(built["api/v2/scheduled-maintenances.json"])["scheduled_maintenances"]
    started = window["incident_updates"][1]["affected_components"][0]
    assert ("major_outage", "major_outage") == (started["old_status"], started["new_status"])


UNANNOUNCED = """\
---
title: Win
scheduled_for: 2026-12-10 02:00
scheduled_until: 2026-12-10 04:00
components:
  api: under_maintenance
---
We will upgrade things.
"""
OLDER = """\
---
title: Old
status: resolved
date: {date}
resolved_at: 2026-07-10 16:30
components:
  api: major_outage
---
Old outage.
"""


@pytest.mark.parametrize(
    ("now", "path", "shown"),
    [
        # Ahead: its page says when it was posted, and so last changed.
        ("2026-12-08T00:00:00", "incidents/2026-12-10-win/index.html", "Updated Jul 8, 2026"),
        # Past: its file's last change is its end, but the calendar's CREATED is its post.
        ("2026-12-11T00:00:00", urls.CALENDAR, "CREATED:20260708T120000Z"),
    ],
)
def test_a_window_written_without_an_announcement_follows_the_record_start_moving_back(
    tmp_path: Path, now: str, path: str, shown: str
) -> None:
    # A window with no `## Scheduled at` is dated when the site's record began; an older
    # incident, added or dated further back in another file, moves that moment, and every
    # output showing the window with it, cached as clean.
    root = tmp_path / "site"
    (root / "content/incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(
        "title: R\nbase_url: https://x.example/\ntimezone: UTC\nstart_date: 2026-10-01\n"
    )
    write_components(root, [], "Website")
    incidents = root / authoring.INCIDENTS_DIR
    (incidents / "2026-12-10-win.md").write_text(UNANNOUNCED)
    clock = datetime.fromisoformat(now).replace(tzinfo=timezone.utc)
    build_site(root, now=clock)
    for date in ("2026-07-09 12:00", "2026-07-08 12:00"):  # added, then dated back
        (incidents / "2026-07-10-old.md").write_text(OLDER.format(date=date))
        date_back(root)
        build_site(root, now=clock)
        built = tree(root / "public")
        assert clean_build(root, clock) == built
    assert shown in built[path].decode()


def test_a_component_not_started_yet_is_left_alone_as_the_clock_moves(tmp_path: Path) -> None:
    # A service announced ahead of its start: until then it is dated as the site is, not
    # by the build, so an hourly rebuild rewrites none of what lists it.
    root = init_site(tmp_path / "site")
    components = root / "content" / "components.yaml"
    components.write_text(
        components.read_text() + "- id: newsvc\n  name: New service\n  start_date: 2026-12-15\n"
    )
    date_back(root)
    first = build_site(root, now=datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc))
    before = tree(root / "public")
    later = datetime(2026, 12, 4, 11, 0, tzinfo=timezone.utc)
    second = build_site(root, now=later)
    after = tree(root / "public")

    dated = {"api/v2/components.json", "api/v2/summary.json", "components/newsvc/feed.xml"}
    assert dated <= set(first.rendered)
    assert set() == dated & set(second.rendered)
    assert {path: before[path] for path in dated} == {path: after[path] for path in dated}
    api = json.loads(after["api/v2/components.json"])
    newsvc = next(c for c in api["components"] if c["name"] == "New service")
    assert newsvc["created_at"] == newsvc["updated_at"] <= api["page"]["updated_at"]
    assert clean_build(root, later) == after


def test_the_page_is_dated_by_a_component_starting_once_the_clock_reaches_it(
    tmp_path: Path,
) -> None:
    # The same service: once its day comes, the page changed then (it lists one more),
    # in a rebuild as in a clean build.
    root = init_site(tmp_path / "site")
    components = root / "content" / "components.yaml"
    components.write_text(
        components.read_text() + "- id: newsvc\n  name: New service\n  start_date: 2026-12-15\n"
    )
    date_back(root)
    build_site(root, now=datetime(2026, 12, 14, 22, 0, tzinfo=timezone.utc))
    later = datetime(2026, 12, 15, 10, 0, tzinfo=timezone.utc)
    second = build_site(root, now=later)
    after = tree(root / "public")

    for path in ("status.json", "api/v2/summary.json", "api/v2/incidents.json"):
        assert path in second.rendered
        assert "2026-12-15T00:00:00.000Z" in after[path].decode(), path
    assert clean_build(root, later) == after


def test_a_component_hidden_while_operational_is_offered_nowhere_until_it_is_not(
    tmp_path: Path,
) -> None:
    # As the front page: no history filter and no sitemap entry while it is hidden there;
    # its page stays, for the incidents that link to it.
    root = init_site(tmp_path / "site")
    components = root / "content" / "components.yaml"
    components.write_text(
        components.read_text() + "- id: search\n  name: Search\n  only_show_if_degraded: true\n"
    )
    date_back(root)
    now = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    build_site(root, now=now)
    public = root / "public"
    assert (public / "components/search/index.html").exists()
    assert "/components/search/" not in (public / "history/index.html").read_text()
    assert "/components/search/" not in (public / "sitemap.xml").read_text()

    incident_opened(root, "Search is slow", now, "search=degraded_performance")
    later = now + timedelta(minutes=5)
    build_site(root, now=later)
    assert "/components/search/" in (public / "history/index.html").read_text()
    assert "/components/search/" in (public / "sitemap.xml").read_text()
    assert clean_build(root, later) == tree(public)


def test_a_page_follows_the_clock_to_an_incident_reaching_what_it_shows(tmp_path: Path) -> None:
    # Until its 10:00 update the incident affects only what the public page hides: the
    # page's cached builds gain it, and lose it, as the clock crosses 10:00 either way.
    root = tmp_path / "site"
    (root / "content" / "incidents").mkdir(parents=True)
    (root / "statusgen.yaml").write_text(
        "title: Acme Status\ntimezone: UTC\npages:\n"
        "  public: {base_url: https://status.example.com/, output: public, show: [api]}\n"
        "  internal: {base_url: https://internal.example.com/, output: internal}\n"
    )
    (root / "content" / "components.yaml").write_text(
        "- {id: api, name: API}\n- {id: db, name: Secret DB}\n"
    )
    (root / "content" / "incidents" / "2026-11-26-x.md").write_text(
        "---\ntitle: Replica lag\nstatus: identified\n"
        "components: {db: major_outage, api: partial_outage}\n---\n"
        "## Investigating at 2026-11-26 09:00\nComponents: db=major_outage\n\nLagging.\n\n"
        "## Identified at 2026-11-26 10:00\nComponents: api=partial_outage\n\nAPI too.\n"
    )
    date_back(root)
    page = "incidents/2026-11-26-x/index.html"
    for hour, minute, shown in ((9, 30, False), (10, 30, True), (9, 40, False), (11, 0, True)):
        now = datetime(2026, 11, 26, hour, minute, tzinfo=timezone.utc)
        build_site(root, now=now, page="public")
        built = tree(root / "public")
        assert (shown, shown) == (page in built, b"Replica lag" in built["index.html"]), now
        assert clean_build(root, now, page="public") == built, now


LONG_TROUBLE = """\
---
title: Long-running API degradation
status: resolved
components:
  api: degraded_performance
---
## Investigating at 2026-10-01 09:00
Slow API.

## Resolved at 2026-11-09 17:00
Fixed at last.
"""


def autumn_site(tmp_path: Path) -> Path:
    """A new site without the example's incidents, its record begun on 2026-09-01."""
    root = init_site(tmp_path / "site")
    for example in (root / authoring.INCIDENTS_DIR).glob("*.md"):
        example.unlink()
    settings = root / "statusgen.yaml"
    settings.write_text(
        re.sub(r"(?m)^start_date: .*$", "start_date: 2026-09-01", settings.read_text())
    )
    return root


def test_the_recent_history_follows_the_clock_to_30_days_after_an_incident_ended(
    tmp_path: Path,
) -> None:
    # Six weeks of trouble resolved the day before the first build: recent until 30 days
    # after it ended, not after it began. A footer that shows the list, and not the clock,
    # has the incident's own page follow it too.
    root = autumn_site(tmp_path)
    (root / authoring.INCIDENTS_DIR / "2026-10-01-long.md").write_text(LONG_TROUBLE)
    footer = root / "themes/templates/partials/footer.html"
    footer.parent.mkdir(parents=True)
    footer.write_text("<footer>{{ recent_events | length }} recent</footer>\n")
    date_back(root)
    page = "incidents/2026-10-01-long/index.html"
    for now, listed in (
        (datetime(2026, 11, 10, 10, 0, tzinfo=timezone.utc), True),
        (datetime(2026, 12, 9, 16, 0, tzinfo=timezone.utc), True),
        (datetime(2026, 12, 9, 18, 0, tzinfo=timezone.utc), False),
    ):
        rendered = build_site(root, now=now).rendered
        built = tree(root / "public")
        count = b"<footer>1 recent</footer>" if listed else b"<footer>0 recent</footer>"
        assert (True, True) == (count in built["index.html"], count in built[page]), now
        assert listed == (b"No incidents in the last 30 days." not in built["index.html"]), now
        assert clean_build(root, now) == built, now
    assert page in rendered  # the clock passed 30 days after its end: the list changed


BLIP = """\
---
title: Blip {day}
status: resolved
components:
  api: degraded_performance
---
## Investigating at 2026-10-{day} 09:00
Slow.

## Resolved at 2026-10-{day} 09:30
Fine.
"""


def test_the_recent_history_takes_in_a_long_outage_once_resolved_as_a_clean_build_does(
    tmp_path: Path,
) -> None:
    # Eleven blips began after the outage and ended before it: resolving it puts it in
    # the front page's ten, in place of the blip that ended first, and a cached build
    # shows the same list as a clean one.
    root = autumn_site(tmp_path)
    for day in range(20, 31):
        (root / authoring.INCIDENTS_DIR / f"2026-10-{day}-blip.md").write_text(BLIP.format(day=day))
    outage = root / authoring.INCIDENTS_DIR / "2026-10-01-long.md"
    outage.write_text(LONG_TROUBLE.split("## Resolved")[0].replace("resolved", "investigating"))
    date_back(root)
    recent = re.compile(rb'<h2 id="recent">.*?</section>', re.S)
    for now, resolved in (
        (datetime(2026, 11, 9, 12, 0, tzinfo=timezone.utc), False),
        (datetime(2026, 11, 10, 10, 0, tzinfo=timezone.utc), True),
    ):
        if resolved:
            outage.write_text(LONG_TROUBLE)
            date_back(root)
        build_site(root, now=now)
        built = tree(root / "public")
        found = recent.search(built["index.html"])
        assert found is not None
        listed = re.findall(rb'href="/incidents/([^"/]+)/"', found.group(0))
        blips = [f"2026-10-{day}-blip".encode() for day in range(30, 19, -1)]
        assert ([*blips[:9], b"2026-10-01-long"] if resolved else blips[:10]) == listed, now
        assert clean_build(root, now) == built, now


def test_a_component_page_links_its_group_while_the_front_page_lists_the_group(
    tmp_path: Path,
) -> None:
    # Both of the group's components are hidden while operational. Trouble with one of
    # them lists the group on the front page: the other's page links there, and then
    # no more once it is resolved.
    root = init_site(tmp_path / "site")
    (root / "content/components.yaml").write_text(
        "- id: edge\n  name: Edge\n  components:\n"
        "    - {id: cdn, name: CDN, only_show_if_degraded: true}\n"
        "    - {id: dns, name: DNS, only_show_if_degraded: true}\n"
        "- id: api\n  name: API\n"
    )
    for example in (root / authoring.INCIDENTS_DIR).glob("*.md"):
        example.unlink()
    date_back(root)
    now = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    page, link = "components/cdn/index.html", b'<a href="/#g-edge" dir="auto">Edge</a>'
    build_site(root, now=now)
    assert link not in tree(root / "public")[page]

    dns = incident_opened(root, "DNS is slow", now, "dns=degraded_performance")
    for minutes, listed in ((5, True), (15, False)):
        now += timedelta(minutes=minutes)
        if not listed:
            authoring.apply(authoring.resolve_event(root, dns.stem, message="Fixed.", now=now))
        rendered = build_site(root, now=now).rendered
        built = tree(root / "public")
        assert (listed, listed) == (link in built[page], b'id="g-edge"' in built["index.html"])
        assert page in rendered
        assert clean_build(root, now) == built


RESOLVED_OUTAGE = """\
---
title: {title}
status: resolved
components:
  api: major_outage
---
## Investigating at {day} 10:00 +00:00
Errors.

## Resolved at {day} 11:00 +00:00
Fixed.
"""
WEEKLY = """\
---
title: Weekly maintenance
scheduled_for: {day} 02:00 +00:00
scheduled_until: {day} 03:00 +00:00
components: [api]
---
## Scheduled at {day} 00:00 +00:00
Weekly patching.
"""


def test_a_component_pages_last_incident_follows_an_edit_behind_its_newest_events(
    tmp_path: Path,
) -> None:
    # Sixty weekly windows came after both outages, so the page lists neither: its
    # "Last incident" names the newer one all the same, and another once an edit moves
    # that one's date past it.
    root = init_site(tmp_path / "site")
    (root / "content/components.yaml").write_text("- id: api\n  name: API\n")
    incidents = root / authoring.INCIDENTS_DIR
    for example in incidents.glob("*.md"):
        example.unlink()
    (incidents / "2025-08-01-errors.md").write_text(
        RESOLVED_OUTAGE.format(title="Errors", day="2025-08-01")
    )
    slow = incidents / "2025-07-01-slow.md"
    slow.write_text(RESOLVED_OUTAGE.format(title="Slowness", day="2025-07-01"))
    first = datetime(2025, 9, 7, tzinfo=timezone.utc)
    for week in range(60):
        day = (first + timedelta(weeks=week)).date().isoformat()
        (incidents / f"{day}-weekly.md").write_text(WEEKLY.format(day=day))
    date_back(root)
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    page = "components/api/index.html"

    def last_incident() -> str:
        built = tree(root / "public")[page].decode()
        found = re.search(r"<dt>Last incident</dt>\s*<dd><a href=\"[^\"]*\">([^<]*)</a>", built)
        assert found is not None
        return found[1]

    build_site(root, now=now)
    assert "Errors" == last_incident()
    slow.write_text(RESOLVED_OUTAGE.format(title="Slowness", day="2025-08-15"))
    assert page in build_site(root, now=now).rendered
    assert "Slowness" == last_incident()
    assert clean_build(root, now) == tree(root / "public")


BACK_DATED = """\
---
title: Database outage
date: 2026-11-28 09:00 +00:00
status: investigating
components:
  api: major_outage
---
## Investigating at 2026-12-01 08:00 +00:00
We found the API has been failing since Saturday.
"""
OPENED = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


def _site_for_an_outage(root: Path) -> Path:
    """A site in UTC with a record since October, an API and no incident."""
    (root / authoring.INCIDENTS_DIR).mkdir(parents=True)
    (root / "statusgen.yaml").write_text(
        "title: Acme Status\nbase_url: https://status.example.com/\ntimezone: UTC\n"
        "start_date: 2026-10-01\n"
    )
    (root / "content/components.yaml").write_text("- {id: api, name: API}\n")
    return root


def _nov_29(built: dict[str, bytes]) -> str:
    """What the API's bar for 2026-11-29 says on its page."""
    page = built["components/api/index.html"].decode()
    found = re.search(r'tip">Nov 29, 2026: ([^<]*)', page)
    assert found is not None
    return found[1]


def test_an_incident_opened_today_and_dated_back_counts_on_the_days_it_reached(
    tmp_path: Path,
) -> None:
    # Opened at 08:00, first shown then: the `date` added later (the outage began on
    # Saturday) puts its downtime on the three days before, and taking it out again
    # takes it off them, as a build without the cache has it.
    root = _site_for_an_outage(tmp_path / "site")
    path = incident_opened(root, "Database outage", OPENED, "api=major_outage", impact=None)
    opened = path.read_text(encoding="utf-8")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    build_site(root, now=now)
    assert "no incidents" == _nov_29(tree(root / "public"))

    path.write_text(opened.replace("\nstatus:", "\ndate: 2026-11-28 09:00 +00:00\nstatus:", 1))
    date_back(root)
    build_site(root, now=now)
    built = tree(root / "public")
    assert clean_build(root, now) == built
    assert "Major outage, 0.00% uptime; Database outage" == _nov_29(built)

    path.write_text(opened)
    date_back(root)
    build_site(root, now=now + timedelta(minutes=5))
    built = tree(root / "public")
    assert clean_build(root, now + timedelta(minutes=5)) == built
    assert "no incidents" == _nov_29(built)


def test_a_back_dated_incident_deleted_the_day_it_opened_leaves_every_page(
    tmp_path: Path,
) -> None:
    # A false alarm, opened today with a `date` days back and deleted: the next build
    # neither fails nor shows it on the days it reached.
    root = _site_for_an_outage(tmp_path / "site")
    path = root / authoring.INCIDENTS_DIR / "2026-12-01-database-outage.md"
    path.write_text(BACK_DATED)
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    build_site(root, now=now)
    built = tree(root / "public")
    assert clean_build(root, now) == built
    assert "Major outage, 0.00% uptime; Database outage" == _nov_29(built)

    path.unlink()
    date_back(root)
    build_site(root, now=now)
    built = tree(root / "public")
    assert clean_build(root, now) == built
    assert "no incidents" == _nov_29(built)
    assert [] == [name for name, data in built.items() if b"Database outage" in data]


HELD_OVER_MIDNIGHT = """\
---
title: Database outage
status: investigating
components:
  api: major_outage
---
## Investigating at 2026-12-01 22:00
API failing.
"""
WORK_FROM_TEN = """\
---
title: API work
scheduled_for: 2026-12-02 10:00
scheduled_until: 2026-12-02 12:00
components: [api]
---
## Scheduled at 2026-12-01 09:00
Planned.
"""


def _dec_2(built: dict[str, bytes]) -> str:
    """The API's bar for 2026-12-02 on its page, up to the end of its words."""
    page = built["components/api/index.html"].decode()
    found = re.search(
        r'<li class="d-\w+">(?:<a [^>]*>)?<span class="tip">Dec 2, 2026: ([^<]*)', page
    )
    assert found is not None
    return found[0]


@pytest.mark.parametrize(
    ("event", "moment", "said"),
    [
        (HELD_OVER_MIDNIGHT, "00:00", "Major outage, 0.00% uptime; Database outage"),
        (WORK_FROM_TEN, "10:00", "Under maintenance, 100% uptime; API work"),
    ],
)
def test_todays_bar_follows_the_clock_onto_the_moment_an_event_holds_it(
    tmp_path: Path, event: str, moment: str, said: str
) -> None:
    # A minute before, today's bar does not name the event; at the moment it holds the
    # API with none of today passed under it, the bar takes its status and names it.
    root = _site_for_an_outage(tmp_path / "site")
    (root / authoring.INCIDENTS_DIR / "2026-12-01-event.md").write_text(event)
    date_back(root)
    at = datetime.fromisoformat(f"2026-12-02T{moment}:00+00:00")
    for now in (at - timedelta(minutes=1), at):
        build_site(root, now=now)
        built = tree(root / "public")
        assert clean_build(root, now) == built, now
    assert f'<a href="/incidents/2026-12-01-event/"><span class="tip">Dec 2, 2026: {said}' in (
        _dec_2(built)
    )


# --- a file saved while a build reads it ---------------------------------------------------

# Files a build renders or copies from, each with what an author saves into it: `%s` is
# the version. Incident files, components.yaml and statusgen.yaml are parsed from the very
# bytes the build hashed; these are read again by the theme, the catalog and the copier.
_SAVED_WHILE_BUILDING = {
    "themes/templates/index.html": (
        '{%% extends "builtin/index.html" %%}{%% block title %%}Saved %s{%% endblock %%}\n'
    ),
    "translations/en.po": (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '\nmsgid "Powered by statusgen"\nmsgstr "Saved %s"\n'
    ),
    "static/info.json": '{"saved": "%s"}\n',
    "themes/static/extra.css": "/* saved %s */\n",
}


@pytest.mark.parametrize("relpath", sorted(_SAVED_WHILE_BUILDING))
@pytest.mark.parametrize("saved", ["saved before the build", "untouched before"])
def test_a_file_saved_while_a_build_reads_it_is_built_again_once_it_settles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relpath: str, saved: str
) -> None:
    """An editor saving a file truncates it and writes it again: a build that records the
    file's bytes, and reads them again to render while they are truncated, must not leave a
    record vouching for a page made from bytes it never fingerprinted. Once the last save
    lands (the same bytes as the one before), the cached build equals a clean build."""
    from sitefiles import write_site

    from statusgen.incremental.inputs import InputRecord

    text = _SAVED_WHILE_BUILDING[relpath]
    root = write_site(tmp_path / "site", {relpath: text % "one"})
    date_back(root)  # its stat trusted by the next build, unless saved again before it
    build_site(root, now=START)
    final = text % ("two" if saved == "saved before the build" else "one")
    if saved == "saved before the build":
        (root / relpath).write_text(final)

    # The next save truncates the file just after the build recorded its inputs.
    recorded = InputRecord.digests

    def truncated_after(self: InputRecord, *args: object, **kwargs: object) -> tuple[str, str]:
        found = recorded(self, *args, **kwargs)  # type: ignore[arg-type]
        (root / relpath).write_bytes(b"")
        return found

    later = START + timedelta(minutes=1)  # a build that renders (the clock moved)
    with monkeypatch.context() as patched:
        patched.setattr(InputRecord, "digests", truncated_after)
        build_site(root, now=later)
    (root / relpath).write_text(final)  # the last save: the bytes the build recorded
    build_site(root, now=later)
    clean = clean_build(root, later)
    assert isinstance(clean, dict), clean
    assert clean == tree(root / "public")


OLD_OUTAGE = """\
---
title: {title}
status: resolved
components:
  api: major_outage
---
## Investigating at 2026-10-20 10:00
API failing.

## Resolved at 2026-10-20 11:00
Fixed.
"""


def test_a_retitled_incident_is_renamed_on_the_front_pages_bar_that_names_it(
    tmp_path: Path,
) -> None:
    # Older than the front page's recent history, so that page shows it only by name, in
    # the words of its day's bar; the bar's day and events stay as they were.
    root = _site_for_an_outage(tmp_path / "site")
    path = root / authoring.INCIDENTS_DIR / "2026-10-20-api-outage.md"
    path.write_text(OLD_OUTAGE.format(title="API outage"))
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    build_site(root, now=now)
    path.write_text(OLD_OUTAGE.format(title="Database failover"))
    date_back(root)
    build_site(root, now=now)
    built = tree(root / "public")
    assert clean_build(root, now) == built
    assert b"Database failover" in built["index.html"]


def test_a_static_file_saved_as_a_key_and_then_a_certificate_again_is_published(
    tmp_path: Path,
) -> None:
    # Left out while it holds a private key, a `.pem` saved as a certificate again is
    # published: the cached build looks at what the file holds, as a clean one does.
    from sitefiles import KEY_BODY, write_site

    certificate = "-----BEGIN CERTIFICATE-----\nMIIBcert{}\n-----END CERTIFICATE-----\n"
    key = f"-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\n-----END PRIVATE KEY-----\n"
    root = write_site(tmp_path / "site", {"static/tls.pem": certificate.format(1)})
    for saved in (certificate.format(1), key, certificate.format(2)):
        (root / "static" / "tls.pem").write_text(saved)
        date_back(root)  # its stat trusted as recorded, unless the build looks again
        build_site(root, now=START)
        built = tree(root / "public")
        assert clean_build(root, START) == built, saved
    assert certificate.format(2).encode() == built["tls.pem"]
