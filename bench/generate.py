"""Write a synthetic status site for benchmarks: N incidents over five years, C components.

    python bench/generate.py OUT_DIR --incidents 10000 --components 50 --seed 1

The same arguments always give byte-identical files: every choice comes from one seeded
random generator and every time is relative to `--now` (a fixed moment by default), never
to the clock. The site follows the content format the loader accepts: mapping and list
components, explicit and derived impact, one to five updates with Markdown lists, links and
code, about 5 % of incidents still open (all recent), about 2 % maintenance windows (some
upcoming, at most one in progress) and an occasional postmortem.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_NOW = "2026-12-01T12:00:00+00:00"
TIMEZONE = "Europe/Berlin"
YEARS = 5
OPEN_SHARE = 0.05
MAINTENANCE_SHARE = 0.02
POSTMORTEM_SHARE = 0.03
# Open incidents are recent: a status page rarely carries one for longer than this.
OPEN_WITHIN = timedelta(days=14)

GROUP_NAMES = [
    "Payments", "Developer tools", "Dashboard and account", "Data and reporting",
    "Messaging", "Identity", "Storage", "Compute", "Networking", "Mobile apps",
    "Partner integrations", "Regional infrastructure", "Billing", "Search and discovery",
]  # fmt: skip
COMPONENT_NOUNS = [
    "API", "Checkout", "Card processing", "Bank transfers", "Payouts", "Webhooks",
    "Test mode", "Dashboard", "Sign-in and SSO", "Reports", "Email notifications",
    "SMS delivery", "Push notifications", "File uploads", "Object storage", "CDN",
    "DNS", "Load balancers", "Background jobs", "Scheduler", "Search index",
    "Recommendations", "iOS app", "Android app", "Invoicing", "Subscriptions",
    "Tax calculation", "Fraud screening", "Identity verification", "Audit log",
    "Data exports", "Analytics", "Status widgets", "Public docs", "Support portal",
    "Realtime events", "GraphQL gateway", "OAuth", "Terminal devices", "Currency conversion",
]  # fmt: skip
# Single words whose derived id is the word lower-cased, so components without an `id:`
# can still be referred to from incidents under any reasonable slug rule.
BARE_NAMES = ["Search", "Billing", "Ledger", "Mailer", "Gateway", "Metrics", "Tracing", "Backups"]
REGIONS = ["EU", "US", "APAC", "UK", "Canada", "Brazil", "India", "Japan"]

INCIDENT_TITLES = [
    "Elevated error rates on {c}",
    "{c} unavailable",
    "Slow responses from {c}",
    "Delays in {c}",
    "Intermittent timeouts for {c}",
    "{c}: increased latency in {r}",
    "Some customers unable to use {c}",
    "Degraded performance of {c} in {r}",
    "Errors when creating requests through {c}",
    "Partial outage of {c}",
    "{c} returning “503 Service Unavailable”",
    "Missing data in {c} since {t}",
]
MAINTENANCE_TITLES = [
    "Database upgrade for {c}",
    "Planned network maintenance in {r}",
    "Scheduled maintenance of {c}",
    "Certificate rotation for {c}",
    "Partner bank maintenance affecting {c}",
    "Storage migration in {r}",
]
INVESTIGATING = [
    "We are investigating reports of errors affecting {c}.",
    "Some requests to {c} are failing with HTTP `{code}`. We are looking into it.",
    "Customers in {r} may see slow responses from {c}. Our engineers are investigating.",
    "We have received alerts about increased latency on {c} and are investigating.",
    "A subset of requests to `{path}` time out after 30 seconds. We are investigating.",
]
IDENTIFIED = [
    "The cause has been identified: {cause}. We are working on a fix.",
    "We found the problem in {cause} and are rolling out a fix region by region.",
    "The issue is caused by {cause}. A fix is being deployed to {r} first.",
]
MONITORING = [
    "A fix has been deployed and error rates are back to normal. We are monitoring.",
    "{c} is recovering. Requests queued during the incident are being processed now.",
    "The fix is live in all regions; we are watching the metrics closely.",
]
RESOLVED = [
    "This incident has been resolved. {c} has been working normally since {t}.",
    "All requests are processed normally again and the backlog has been cleared.",
    "The issue is resolved. Requests that failed with `{code}` can be retried safely.",
]
CAUSES = [
    "a configuration change to the API gateway",
    "a full disk on one database replica",
    "an expired TLS certificate on an internal service",
    "a connection pool limit set too low after a deploy",
    "a failing network link between two data centres",
    "a slow query introduced in the last release",
    "an outage at an upstream provider",
    "a memory leak in the {c} workers",
]
CODES = ["500", "502", "503", "504", "429"]
PATHS = [
    "POST /v1/charges",
    "GET /v1/balance",
    "POST /v1/payouts",
    "GET /v1/events",
    "POST /v1/refunds",
]
LINKS = [
    ("our API reference", "https://docs.example.com/api"),
    ("the retry guide", "https://docs.example.com/guides/retries"),
    ("contact support", "https://example.com/support"),
    ("the changelog", "https://example.com/changelog"),
]
BULLETS = [
    "Requests with an `Idempotency-Key` header are safe to retry.",
    "No data was lost; delayed events will be delivered in order.",
    "Scheduled payouts are not affected.",
    "Customers in {r} were affected most.",
    "The Dashboard may show stale numbers for a few minutes.",
    "Webhooks sent during this window may arrive twice.",
    "See [{link_text}]({link_url}) for details.",
]
CODE_SNIPPETS = [
    ["curl -sS https://api.example.com/v1/health", '{{"status": "ok"}}'],
    ["HTTP/1.1 503 Service Unavailable", "Retry-After: 30"],
    ["statuscheck --region {r_lower} --component {cid}", "OK 42ms"],
]
DETAILS = [
    "About {pct}% of requests were affected.",
    "We will post the next update by {next}.",
    "{count} accounts saw at least one failed request.",
    "Support is tracking this as ticket #{ticket}.",
    "Error rates peaked at {pct}% and have since dropped; next update by {next}.",
]
POSTMORTEM_SECTIONS = ["What happened", "Root cause", "What we are changing"]

WORD = re.compile(r"[^a-z0-9]+")


@dataclass
class Component:
    id: str
    name: str
    group: str | None
    start: datetime | None
    has_id: bool = True


@dataclass
class Site:
    groups: list[tuple[str, str, list[Component]]] = field(default_factory=list)
    loose: list[Component] = field(default_factory=list)

    @property
    def components(self) -> list[Component]:
        return [c for _, _, members in self.groups for c in members] + self.loose


def slugify(text: str) -> str:
    return WORD.sub("-", text.lower()).strip("-")


def yaml_str(text: str) -> str:
    """A YAML scalar for `text`: plain when safe, else a JSON (= YAML double-quoted) string."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.()'/-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    """`YYYY-MM-DD HH:MM` in the site timezone; with an offset only for ambiguous wall times."""
    local = moment.astimezone(tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=tz, fold=0).utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        text += local.strftime(" %z")[:-2] + ":" + local.strftime("%z")[-2:]
    return text


def make_components(rng: random.Random, count: int, start: datetime) -> Site:
    site = Site()
    names: list[str] = []
    bare = list(BARE_NAMES)
    rng.shuffle(bare)
    for i in range(count):
        if bare and rng.random() < 0.1:
            names.append(bare.pop())
            continue
        noun = COMPONENT_NOUNS[i % len(COMPONENT_NOUNS)]
        round_ = i // len(COMPONENT_NOUNS)
        names.append(noun if round_ == 0 else f"{noun} ({REGIONS[(round_ - 1) % len(REGIONS)]})")
    seen: set[str] = set()
    components: list[Component] = []
    for name in names:
        cid = slugify(name)
        while cid in seen:
            cid += "-x"
        seen.add(cid)
        has_id = not (name in BARE_NAMES and cid == name.lower())
        begins = start + timedelta(days=rng.randint(30, 365)) if rng.random() < 0.08 else None
        components.append(Component(cid, name, None, begins, has_id))
    # About one component in ten sits outside any group; the rest in groups of 3 to 8.
    loose_count = max(1, count // 10) if count > 3 else 0
    grouped, site.loose = components[: count - loose_count], components[count - loose_count :]
    index = 0
    group_number = 0
    while index < len(grouped):
        size = rng.randint(3, 8)
        members = grouped[index : index + size]
        name = GROUP_NAMES[group_number % len(GROUP_NAMES)]
        if group_number >= len(GROUP_NAMES):
            name += f" {group_number // len(GROUP_NAMES) + 1}"
        gid = slugify(name)
        while gid in seen:
            gid += "-group"
        seen.add(gid)
        for member in members:
            member.group = gid
        site.groups.append((gid, name, members))
        index += size
        group_number += 1
    return site


def write_components(site: Site, rng: random.Random, tz: ZoneInfo) -> str:
    lines = ["# Synthetic components for benchmarks.", ""]

    def component_lines(c: Component, indent: str) -> None:
        first = f"{indent}- "
        rest = f"{indent}  "
        if c.has_id:
            lines.append(f"{first}id: {c.id}")
            lines.append(f"{rest}name: {yaml_str(c.name)}")
        else:
            lines.append(f"{first}name: {yaml_str(c.name)}")
        if rng.random() < 0.7:
            lines.append(
                f"{rest}description: {yaml_str(f'The {c.name} service for all customers.')}"
            )
        if rng.random() < 0.05:
            lines.append(f"{rest}only_show_if_degraded: true")
        if rng.random() < 0.03:
            lines.append(f"{rest}showcase: false")
        if c.start is not None:
            lines.append(f"{rest}start_date: {c.start.astimezone(tz).date().isoformat()}")

    for gid, name, members in site.groups:
        lines.append(f"- id: {gid}")
        lines.append(f"  name: {yaml_str(name)}")
        if rng.random() < 0.5:
            lines.append(f"  description: {yaml_str(f'Everything about {name.lower()}.')}")
        lines.append("  components:")
        for member in members:
            component_lines(member, "    ")
        lines.append("")
    for c in site.loose:
        component_lines(c, "")
        lines.append("")
    return "\n".join(lines)


class Writer:
    """Turns the seeded choices into incident and maintenance files."""

    def __init__(self, rng: random.Random, site: Site, tz: ZoneInfo, now: datetime) -> None:
        self.rng = rng
        self.site = site
        self.tz = tz
        self.now = now

    def fill(self, template: str, component: Component) -> str:
        rng = self.rng
        link_text, link_url = rng.choice(LINKS)
        region = rng.choice(REGIONS)
        return template.format(
            c=component.name,
            cid=component.id,
            r=region,
            r_lower=region.lower(),
            code=rng.choice(CODES),
            path=rng.choice(PATHS),
            t=f"{rng.randint(0, 23):02d}:{rng.choice(['00', '15', '30', '45'])}",
            cause=rng.choice(CAUSES).format(c=component.name),
            link_text=link_text,
            link_url=link_url,
        )

    def message(self, first: str, component: Component, at: datetime) -> str:
        """A Markdown message: a sentence, and sometimes a list, a link or a code block."""
        rng = self.rng
        parts = [self.fill(first, component)]
        # Real updates carry specifics (times, shares, counts) that make nearly every message
        # unique; without them a cache of rendered messages would look better than it is.
        if rng.random() < 0.9:
            local = (at + timedelta(minutes=rng.choice([15, 30, 60]))).astimezone(self.tz)
            parts[0] += " " + rng.choice(DETAILS).format(
                pct=rng.randint(2, 95),
                count=rng.randint(3, 4000),
                next=f"{local:%H:%M}",
                ticket=rng.randint(10_000, 99_999),
            )
        roll = rng.random()
        if roll < 0.3:
            bullets = rng.sample(BULLETS, rng.randint(2, 4))
            parts.append("\n".join(f"- {self.fill(b, component)}" for b in bullets))
        elif roll < 0.4:
            lines = [self.fill(line, component) for line in rng.choice(CODE_SNIPPETS)]
            parts.append("```\n" + "\n".join(lines) + "\n```")
        elif roll < 0.55:
            text, url = rng.choice(LINKS)
            parts.append(
                f"For background, see [{text}]({url}). We will post an update within the hour."
            )
        if rng.random() < 0.2:
            parts.append(
                f"**Affected:** {component.name}. Other services are working **normally**."
            )
        return "\n\n".join(parts)

    def postmortem(self, component: Component) -> str:
        rng = self.rng
        sections = []
        for heading in POSTMORTEM_SECTIONS:
            if heading == "What we are changing":
                steps = [
                    f"{n}. {self.fill(b, component)}"
                    for n, b in enumerate(rng.sample(BULLETS, 3), 1)
                ]
                body = "\n".join(steps)
            else:
                body = " ".join(
                    self.fill(rng.choice(pool), component) for pool in (IDENTIFIED, RESOLVED)
                )
            sections.append(f"### {heading}\n\n{body}")
        return "\n\n".join(sections)

    def pick_components(self, at: datetime, k: int) -> list[Component]:
        pool = [
            c for c in self.site.components if c.start is None or c.start <= at - timedelta(days=1)
        ]
        return self.rng.sample(pool, min(k, len(pool)))

    def incident(self, slug: str, start: datetime, open_: bool) -> str:
        rng = self.rng
        affected = self.pick_components(start, rng.choice([1, 1, 1, 2, 2, 3, 4]))
        main = affected[0]
        statuses = ["degraded_performance", "partial_outage", "major_outage"]
        weights = [5, 3, 1]
        impacts = {
            "degraded_performance": "minor",
            "partial_outage": "major",
            "major_outage": "critical",
        }
        front = [f"title: {yaml_str(self.fill(rng.choice(INCIDENT_TITLES), main))}"]

        # The lifecycle: open incidents stop before "resolved"; closed ones end there,
        # with a postmortem now and then.
        count = rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5])
        postmortem = not open_ and count >= 2 and rng.random() < POSTMORTEM_SHARE / 0.8
        if open_:
            chain = ["investigating", "identified", "monitoring"][: min(count, 3)]
            if count == 1:
                chain = [rng.choice(["investigating", "identified", "monitoring"])]
        else:
            middle = ["investigating", "identified", "monitoring", "monitoring"]
            tail = ["resolved", "postmortem"] if postmortem else ["resolved"]
            chain = middle[: max(count - len(tail), 0)] + tail
        front.append(f"status: {chain[-1]}")

        form = rng.random()
        if form < 0.5:  # mapping, impact derived
            front.append("components:")
            for c in affected:
                front.append(f"  {c.id}: {rng.choices(statuses, weights)[0]}")
        elif form < 0.7:  # mapping with an explicit impact matching the worst status
            chosen = [rng.choices(statuses, weights)[0] for _ in affected]
            worst = max(chosen, key=statuses.index)
            front.append(f"impact: {impacts[worst]}")
            front.append("components:")
            for c, status in zip(affected, chosen, strict=True):
                front.append(f"  {c.id}: {status}")
        elif form < 0.9:  # list with an explicit impact
            front.append(
                f"impact: {rng.choices(['none', 'minor', 'major', 'critical'], [1, 5, 3, 1])[0]}"
            )
            front.append(f"components: [{', '.join(c.id for c in affected)}]")
        else:  # list without impact: minor
            front.append("components:")
            front.extend(f"  - {c.id}" for c in affected)

        times = [start]
        gaps = [(5, 40), (10, 90), (15, 240), (60, 600), (24 * 60, 3 * 24 * 60)]
        for state in chain[1:]:
            low, high = gaps[4] if state == "postmortem" else gaps[rng.randrange(4)]
            times.append(times[-1] + timedelta(minutes=rng.randint(low, high)))
        if times[-1] >= self.now:  # open incidents are recent; keep their timeline in the past
            shift = times[-1] - self.now + timedelta(minutes=rng.randint(1, 120))
            times = [t - shift for t in times]
        if rng.random() < 0.1:
            front.append(
                f"date: {local_time(times[0] - timedelta(minutes=rng.randint(1, 30)), self.tz)}"
            )

        body = []
        if rng.random() < 0.15:
            body.append(f"{self.fill(rng.choice(RESOLVED), main)}\n")
        for state, at in zip(chain, times, strict=True):
            pool = {
                "investigating": INVESTIGATING,
                "identified": IDENTIFIED,
                "monitoring": MONITORING,
                "resolved": RESOLVED,
            }
            text = (
                self.postmortem(main)
                if state == "postmortem"
                else self.message(rng.choice(pool[state]), main, at)
            )
            body.append(f"## {state.capitalize()} at {local_time(at, self.tz)}\n{text}\n")
        return "---\n" + "\n".join(front) + "\n---\n" + "\n".join(body)

    def maintenance(self, slug: str, start: datetime, phase: str) -> str:
        """`phase` is past, upcoming or in_progress (relative to --now)."""
        rng = self.rng
        affected = self.pick_components(start, rng.choice([1, 2, 2, 3]))
        main = affected[0]
        length = timedelta(minutes=rng.choice([30, 60, 120, 180, 240]))
        front = [f"title: {yaml_str(self.fill(rng.choice(MAINTENANCE_TITLES), main))}"]
        announced = start - timedelta(days=rng.randint(2, 10), minutes=rng.randint(0, 600))
        if phase == "in_progress":
            start = self.now - length / 2
            announced = start - timedelta(days=3)
        elif phase == "upcoming":
            announced = min(announced, self.now - timedelta(hours=rng.randint(1, 48)))
        until = start + length
        updates: list[tuple[str, datetime, str]] = [
            ("Scheduled", announced, f"We will carry out maintenance on {main.name}.")
        ]
        if phase != "upcoming":
            updates.append(("In progress", start, "The maintenance has started."))
        if phase == "past":
            if rng.random() < 0.3:
                updates.append(
                    ("Verifying", until - timedelta(minutes=10), "We are verifying the result.")
                )
            updates.append(
                (
                    "Completed",
                    until - timedelta(minutes=rng.randint(0, 5)),
                    "The maintenance is complete.",
                )
            )
        # Past windows sometimes say "completed" explicitly; otherwise the clock decides.
        if phase == "past" and rng.random() < 0.5:
            front.append("status: completed")
        front.append(f"scheduled_for: {local_time(start, self.tz)}")
        front.append(f"scheduled_until: {local_time(until, self.tz)}")
        if rng.random() < 0.7:
            front.append(f"components: [{', '.join(c.id for c in affected)}]")
        else:
            front.append("components:")
            front.extend(f"  {c.id}: under_maintenance" for c in affected)
        body = []
        for i, (state, at, text) in enumerate(updates):
            extra = ""
            if i == 0:
                bullets = rng.sample(BULLETS, 2)
                extra = "\n\nWhat to expect:\n\n" + "\n".join(
                    f"- {self.fill(b, main)}" for b in bullets
                )
            body.append(f"## {state} at {local_time(at, self.tz)}\n{text}{extra}\n")
        return "---\n" + "\n".join(front) + "\n---\n" + "\n".join(body)


def generate(out: Path, incidents: int, components: int, seed: int, now: datetime) -> None:
    """Write the site into `out` (which must not exist, or be a site this script wrote)."""
    rng = random.Random(seed)
    tz = ZoneInfo(TIMEZONE)
    first_day = now - timedelta(days=365 * YEARS)
    site = make_components(rng, components, first_day)

    content = out / "content"
    if (content / "incidents").exists():
        shutil.rmtree(content / "incidents")
    (content / "incidents").mkdir(parents=True)
    (out / "statusgen.yaml").write_text(
        "# A synthetic status site written by bench/generate.py.\n"
        f"title: Benchmark Status ({incidents} incidents)\n"
        "base_url: https://status.example.com/\n"
        "description: Synthetic content for measuring build performance.\n"
        f"timezone: {TIMEZONE}\n"
        "history_days: 90\n"
        "support_url: https://example.com/support\n",
        encoding="utf-8",
    )
    (content / "components.yaml").write_text(write_components(site, rng, tz), encoding="utf-8")

    writer = Writer(rng, site, tz, now)
    maintenance_count = round(incidents * MAINTENANCE_SHARE)
    open_count = round(incidents * OPEN_SHARE)
    kinds = ["maintenance"] * maintenance_count + ["open"] * open_count
    kinds += ["closed"] * (incidents - len(kinds))
    rng.shuffle(kinds)
    upcoming = max(1, maintenance_count // 10) if maintenance_count else 0
    in_progress = 1 if maintenance_count >= 3 else 0
    span = (now - first_day).total_seconds() / 60
    used: set[str] = set()
    maintenance_seen = 0
    for kind in kinds:
        if kind == "open":
            start = now - timedelta(minutes=rng.randint(30, int(OPEN_WITHIN.total_seconds() // 60)))
        else:
            start = first_day + timedelta(minutes=rng.randint(0, int(span) - 60 * 24 * 7))
        phase = "past"
        if kind == "maintenance":
            maintenance_seen += 1
            if maintenance_seen <= upcoming:
                phase = "upcoming"
                start = now + timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1440))
            elif maintenance_seen <= upcoming + in_progress:
                phase = "in_progress"
                start = now
        start = start.replace(second=0, microsecond=0)
        day = start.astimezone(tz).date().isoformat()
        words = slugify(
            rng.choice(MAINTENANCE_TITLES if kind == "maintenance" else INCIDENT_TITLES).format(
                c=rng.choice(site.components).name, r=rng.choice(REGIONS), t="", code="", path=""
            )
        )
        words = "-".join(words.split("-")[:6])
        slug = f"{day}-{words}"
        n = 2
        while slug in used:
            slug = f"{day}-{words}-{n}"
            n += 1
        used.add(slug)
        if kind == "maintenance":
            text = writer.maintenance(slug, start, phase)
        else:
            text = writer.incident(slug, start, kind == "open")
        (content / "incidents" / f"{slug}.md").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the site into")
    parser.add_argument(
        "--incidents", type=int, default=1000, help="incidents and maintenance files"
    )
    parser.add_argument("--components", type=int, default=50, help="components, in groups")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    parser.add_argument(
        "--now",
        default=DEFAULT_NOW,
        help=f"the moment the site is written for (default {DEFAULT_NOW})",
    )
    args = parser.parse_args(argv)
    now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
    if now.tzinfo is None:
        parser.error("--now needs an offset, e.g. 2026-12-01T12:00:00Z")
    if args.incidents < 1 or args.components < 1:
        parser.error("--incidents and --components must be at least 1")
    generate(args.out, args.incidents, args.components, args.seed, now.astimezone(timezone.utc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
