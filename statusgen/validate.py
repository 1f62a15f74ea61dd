"""Raw documents → the frozen model, with every problem collected in one pass.

Each incident file is parsed by `parse_event`, a pure function of the file's path, bytes,
the site timezone and the known component ids, so results can be cached by content hash.
Checks that span files run afterwards in `check_site`.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from collections.abc import Sequence as Items
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from enum import Enum
from functools import cached_property, lru_cache, partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from statusgen import urls
from statusgen.audience import Renamed, check_audiences, unknown_audiences
from statusgen.config import check_settings
from statusgen.errors import (
    Diagnostic,
    Severity,
    StatusgenError,
    close_matches,
    equally_close,
    synonym,
)
from statusgen.imagetext import images_without_text
from statusgen.ingest import SECTION as INGEST
from statusgen.layout import (
    COMPONENTS_FILE,
    CONTENT_DIR,
    COPY_MARK,
    INCIDENT_SUFFIX,
    INCIDENTS_DIR,
    SETTINGS_FILE,
    SITE_STATIC_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    THEME_UNPUBLISHED,
    THEMES_DIR,
    UNPUBLISHED_FOLDERS,
    IncidentFolder,
    Misnamed,
    content_denied,
    content_outside_incidents,
    editor_leftover,
    incident_file,
    linked_twins,
    list_incident_folder,
    looked_at_in_incidents,
    merge_copy_of,
    misnamed,
    named_folders,
    near_site,
    output_folders,
    slug_of,
    stray_content_files,
    theme_chain,
    theme_read_by_name,
    theme_static_folders,
    unfinished_imports,
    unpublished_folders,
    windows_device,
)
from statusgen.load import frontmatter
from statusgen.load.comments import without_comments
from statusgen.load.conflicts import code_blocks, front_matter_file_conflicts
from statusgen.load.fences import COMMENT_OPEN, CodeBlocks
from statusgen.load.fields import (
    Fields,
    as_list,
    date_hint,
    did_you_mean,
    known_list,
    one_for_several,
    published_key,
    published_secret,
    published_token,
    short_forms,
    unseen_slip,
)
from statusgen.load.files import (
    TEMPLATE_FOLDER,
    InputError,
    folder_permission_hint,
    list_files,
    private_keys_in,
    read_input,
    refuse_outside,
    shown_in_site,
)
from statusgen.load.markdown_bounds import (
    RefusedReference,
    markdown_problem,
    refused_references,
)
from statusgen.load.text import (
    as_written,
    decode,
    decode_past_refused,
    names_secret,
    slugify,
    stable_slug,
    title_key,
    unified,
    without_odd_spaces,
)
from statusgen.load.yamlnodes import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    glued_fix,
    parse_yaml,
    type_name,
)
from statusgen.model import (
    INCIDENT_IMPACTS,
    INCIDENT_ORDER,
    MAINTENANCE_ORDER,
    OPEN_INCIDENT_STATES,
    RESOLVED_INCIDENT_STATES,
    AffectedComponent,
    AlertRef,
    Component,
    ComponentStatus,
    Group,
    Impact,
    Incident,
    IncidentState,
    Maintenance,
    MaintenanceState,
    MonitorKind,
    Settings,
    Site,
    Source,
    Update,
    UpdateState,
)
from statusgen.status import (
    bare_status,
    counted_updates,
    derived_impact,
    final_resolution,
    monitoring_since,
    newest_said,
)
from statusgen.timeline import (
    CALLED_OFF_WORDS,
    TEXT_START,
    RawUpdate,
    TimelineError,
    as_text_item,
    call_off_hint,
    change_items,
    colon_changes,
    comma_component_line,
    commented_headings,
    component_line,
    component_line_slip,
    corrected_changes,
    items_start,
    later_component_lines,
    line_as_read,
    maintenance_heading,
    misspelled_component_line,
    no_such_date,
    parse_heading,
    parse_time,
    read_body,
    reads_as_changes,
    slipped_keys,
    split_body,
    starts_paragraph,
    stray_headings,
    time_hint,
    unclosed_fence,
    vanishing_definitions,
)
from statusgen.weburls import (
    ALLOWED_URL_SCHEMES,
    SecretAddress,
    credentials_in,
    tokens_outside_addresses,
)

if TYPE_CHECKING:
    from statusgen.ingest.rules import Rule
    from statusgen.notify.settings import NotifySettings

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
# The day `statusgen new` names a file with, before the title's words.
_DAY_PREFIX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-")
# A component id is one folder name of the built site (components/<id>/), and file
# systems refuse names over 255 bytes; 100 leaves room for the folders and temporary
# names a build and a deploy put around it, and is still far longer than any id reads well.
MAX_ID_LENGTH = 100
# How long a file in content/incidents/ not named *.md is waited for to go away before it
# is reported: an editor's temporary copy is renamed over the incident within it.
VANISHED_WAIT_S = 0.1

COMPONENT_KEYS = (
    "id",
    "name",
    "description",
    "status",
    "showcase",
    "only_show_if_degraded",
    "start_date",
    "import_id",
    "retired",
)
GROUP_KEYS = ("id", "name", "description", "components", "import_id")
INCIDENT_KEYS = (
    "title",
    "status",
    "impact",
    "components",
    "date",
    "resolved_at",
    "import_id",
    "import_hash",
    "audiences",
    "draft",
    "alert",
)
MAINTENANCE_KEYS = (
    "title",
    "status",
    "components",
    "scheduled_for",
    "scheduled_until",
    "import_id",
    "import_hash",
    "audiences",
    "draft",
)
ALERT_KEYS = (
    "source",
    "id",
    "cleared_at",
    "fired_at",
    "components_fired_at",
    "components_cleared_at",
    "rule",
)


E = TypeVar("E", bound=Enum)


@lru_cache(maxsize=4096)
def _affected(cid: str, status: ComponentStatus) -> AffectedComponent:
    """One shared (frozen) value per component and status: the parse cache then holds a
    few hundred of them instead of one per mention, a sixth less to unpickle at 10,000
    incidents."""
    return AffectedComponent(cid, status)


ParseResult = tuple["Incident | Maintenance | None", "list[Diagnostic]"]
ParseEvent = Callable[[str, bytes, str, "ComponentNames | None"], ParseResult]
# ([(relpath, bytes)], timezone, component names) → the result for each file, in order.
ParseMany = Callable[
    ["Items[tuple[str, bytes]]", str, "ComponentNames | None"], "list[ParseResult]"
]
# From this many files to parse, worker processes parse them (parse_in_order): forking
# and sending the results back costs less than half the parse time from there on.
PARALLEL_PARSE_FROM = 500
# (relpaths, timezone, component names) → parse_event's result for each file, or None
# where it is unknown: asked once for all of them (10,000 files on a large site).
KnownResults = Callable[
    ["Items[str]", str, "ComponentNames | None"],
    "list[tuple[Incident | Maintenance | None, list[Diagnostic]] | None]",
]


# --- the whole site ------------------------------------------------------------------


def load_site(
    root: Path,
    *,
    base_url: str | None = None,
    parse: ParseEvent | None = None,
    contents: dict[str, bytes] | None = None,
    known: KnownResults | None = None,
    parse_many: ParseMany | None = None,
    listed: IncidentFolder | None = None,
    outputs: bool = False,
    output: Path | None = None,
) -> Site:
    """The validated site at `root`; raises StatusgenError carrying every problem found."""
    site, diagnostics = check_site(
        root,
        base_url=base_url,
        parse=parse,
        contents=contents,
        known=known,
        parse_many=parse_many,
        listed=listed,
        outputs=outputs,
        output=output,
    )
    if site is None:
        raise StatusgenError(diagnostics)
    return site


def _unfinished_import(stage: str) -> Diagnostic:
    """The refusal of a site an import is moving files into, or was killed while it did
    (SIGKILL, the power lost): published, the page would show part of the history."""
    return Diagnostic(
        stage,
        0,
        0,
        "an import is moving its files into the site, or was stopped while it did: the "
        "site may hold only part of what it imports",
        "run the same import again (it writes the rest and removes this folder), or, to "
        "keep the site as it is now, delete this folder",
    )


def check_site(
    root: Path,
    *,
    base_url: str | None = None,
    parse: ParseEvent | None = None,
    contents: dict[str, bytes] | None = None,
    known: KnownResults | None = None,
    parse_many: ParseMany | None = None,
    listed: IncidentFolder | None = None,
    outputs: bool = False,
    output: Path | None = None,
    with_errors: bool = False,
    whole_outputs: bool = False,
    importing: bool = False,
) -> tuple[Site | None, list[Diagnostic]]:
    """Validate the site at `root`: the Site (None if any error) and every diagnostic, sorted.

    `parse` stands in for parse_event (the build passes one that caches by content hash);
    `contents` holds files already read, by relative path, read in place of the disk (an
    import's files, not written yet, count as there); `known` answers for files
    whose result the build already holds (by their content hash), which are not read.
    `parse_many`, when given, parses all the other files at once instead of `parse`
    (the build's parses them in worker processes when there are many). `listed` holds
    the incident folder's listing when the caller has listed it already. With `outputs`,
    the output folders the settings name are checked as `build` checks them (for `check`,
    and for a build into them); with `whole_outputs` too, looked through to the bottom, as
    a build replacing one whole looks (`check`'s: a walk of every output file). No input
    may be a link into an output folder, the settings' or `output` (a build's -o), which
    the build replaces. With `with_errors`, the Site comes back despite errors, made of
    the events that could be read and of the settings with a default in place of
    each wrong one (None only when the settings or the components could not be read at
    all): `check` works out its warnings from it, never publishes it. With `importing`
    (an import's check of the site it would make), an import killed while moving its files
    in is no problem: the import, once all its files are in, makes the site whole.
    """
    if parse_many is None:
        parse_many = partial(parse_in_order, parse_event if parse is None else parse, jobs=1)
    diagnostics: list[Diagnostic] = []
    settings = fallback = None
    given = contents or {}
    # Any entry of that name, as find_site looks for it: a link that loops or leads
    # nowhere is read, and reported as what it is.
    if not os.path.lexists(root / SETTINGS_FILE) and SETTINGS_FILE not in given:
        # Most likely the wrong folder: one clear message beats a list of missing files.
        message = f"no {SETTINGS_FILE} here: this is not a status site"
        hint = near_site(root) or _NO_SETTINGS_HINT
        return None, [Diagnostic(SETTINGS_FILE, 0, 0, message, hint)]
    twins = [
        twin._replace(expected_exists=True) if _given(given, twin.expected) else twin
        for twin in misnamed(root)
    ]
    # content/'s files saved at the site's top: only one that reads as statusgen's is
    # warned of (another tool's monitors.yaml lives there too), and offered as the file
    # meant when content/ has none.
    strays: list[Misnamed] = []
    for stray in stray_content_files(root):
        line = _content_file_line(root / stray.found, stray.expected)
        if line is not None:
            exists = stray.expected_exists or _given(given, stray.expected)
            strays.append(stray._replace(expected_exists=exists))
            diagnostics.append(_stray_content(strays[-1], line))
    if not importing:
        diagnostics += [_unfinished_import(stage) for stage in unfinished_imports(root)]
    # A cache folder linked elsewhere: the build would write drafts' parse results there.
    from statusgen.incremental.store import linked_cache_folders

    diagnostics += linked_cache_folders(root)
    data_settings = _read(root, SETTINGS_FILE, diagnostics, contents=given)
    if twins and data_settings is not None:
        twins = _unnamed(twins, data_settings)
    diagnostics += [_misnamed(twin) for twin in twins]
    denied = content_denied(root)
    if denied is not None:
        # Said once, of the folder: each file in it would be told "cannot read" with a
        # chmod a+r that changes nothing, the optional ones (monitors.yaml) as if there.
        diagnostics.append(
            Diagnostic(CONTENT_DIR, 0, 0, denied, folder_permission_hint(CONTENT_DIR))
        )
        return None, sorted(set(diagnostics))
    catalog: Catalog | None = None
    twin = next(
        (t for t in [*twins, *strays] if t.expected in (COMPONENTS_FILE, CONTENT_DIR)), None
    )
    missing_hint = (
        f"did you mean {twin.found}? rename it to {twin.expected}" if twin else _NO_COMPONENTS_HINT
    )
    data = _read(root, COMPONENTS_FILE, diagnostics, missing_hint=missing_hint, contents=given)
    # Emptied (a full disk, a script's `>`, Notepad's save of an emptied file as a byte
    # order mark): "no components" as a file, but each event that names one would be told
    # of each id as unknown (_emptied_components). So is one that lists nothing in any
    # other way: only the comments `init` writes, `[]`, `~`, `null`, a bare `---`.
    emptied = data is not None and not unified(data).strip()
    if data is not None:
        catalog, problems = parse_components(data)
        diagnostics += problems
        emptied = emptied or (not problems and catalog == Catalog((), (), ()))
    # An unreadable components file would make every reference look unknown: skip that check.
    # Every file here was written before; which ids they name is known once they are read.
    names = (
        ComponentNames.of(
            catalog.groups, catalog.components, catalog.retired, catalog.nested, catalog.misread
        ).written_before()
        if catalog
        else None
    )

    page_names: tuple[str, ...] | None = None
    notify: NotifySettings | None = None
    # The real paths of the folders the build replaces: an input linked into one would be
    # deleted by it. Only -o's before the settings are read.
    in_output = _real_outputs(root, None, output)
    if data_settings is not None:
        # What a page's `show:` may name (not checked when the components file is broken):
        # a retired component too, whose past incidents the page then keeps (audience.py).
        shown = (
            [
                *(g.id for g in catalog.groups),
                *(c.id for c in catalog.components),
                *(c.id for c in catalog.retired),
            ]
            if catalog
            else None
        )
        checked = check_settings(
            data_settings,
            base_url=base_url,
            site_root=root,
            ids=shown,
            empty=_showing_nothing(catalog) if catalog else None,
            nested=names.nested_hints() if names else None,
            offer=names.shown_did_you_mean if names else None,
            outputs=outputs,
            whole_outputs=whole_outputs,
        )
        settings, page_names = checked.settings, checked.page_names
        fallback = checked.fallback
        notify = checked.notify
        diagnostics += checked.diagnostics
        in_output = _real_outputs(root, checked.settings or checked.fallback, output)
        # Read before the settings said where the output folders are.
        for relpath in (SETTINGS_FILE, COMPONENTS_FILE):
            try:
                refuse_outside(root / relpath, root, outputs=in_output)
            except InputError as error:
                diagnostics.append(error.diagnostic(relpath))
        # Each `language:` where it is written; a catalog's problems said once. Said even
        # when other settings are wrong: a catalog depends on nothing else, and CI would
        # otherwise bring its warning up only after the other fixes.
        from statusgen.i18n import check_language, misnamed_catalogs

        said: set[Diagnostic] = set()
        tags = [tag for tag, _, _ in checked.languages]
        for tag, line, column in checked.languages:
            for diagnostic in check_language(
                root, tag, line, column, outputs=in_output, others=tags
            ):
                if diagnostic not in said:
                    said.add(diagnostic)
                    diagnostics.append(diagnostic)
        # A catalog named nearly as a language's (`DE.po`, `de.po.txt`) as the files
        # above: a disk that ignores case reads it, one that does not skips it. Against
        # every page's language at once: one page's catalog is no misspelling of another's.
        diagnostics += [_misnamed(twin) for twin in misnamed_catalogs(root, tags)]
    # Offset-less times are read in the pinned input zone, never in the display zone alone:
    # changing how times are shown must not move when things happened.
    # Settings wrong elsewhere read times in the zone they name, if it is not itself wrong;
    # unreadable settings in UTC: it has no daylight saving gaps to misreport.
    usable = settings or fallback
    timezone = usable.input_zone if usable else "UTC"
    # A channel hears only of what its page shows (notify narrows the site to the page).
    # So does an ingest rule's incident: one on a component no page shows tells no one.
    showing: dict[str, frozenset[str]] = {}
    if names is not None and usable is not None and usable.pages:
        assert catalog is not None  # names were made from it
        from statusgen.audience import shown_ids

        showing = {
            page.name: shown_ids(page, catalog.groups, catalog.components, catalog.retired)
            for page in usable.pages
        }
        if settings is not None:
            # Only from settings read whole: a page left out for a mistake of its own
            # would make what it shows look shown nowhere.
            names = replace(names, showing=tuple(sorted(showing.items())))
    if notify is not None and names is not None and showing:
        from statusgen.notify.settings import unshown_components

        diagnostics += unshown_components(SETTINGS_FILE, notify, showing, names.ids)
    if notify is not None and page_names is not None:
        from statusgen.notify.settings import channel_pages, unsent_subscribe

        diagnostics += channel_pages(SETTINGS_FILE, notify, page_names)
        diagnostics += unsent_subscribe(SETTINGS_FILE, notify, page_names)

    diagnostics += theme_problems(root, usable, output)
    incidents: list[Incident] = []
    maintenances: list[Maintenance] = []
    # Drafts are validated like everything else, then kept out of what is published.
    drafts: list[Incident | Maintenance] = []
    # Each file's result in the order of the files, those not known yet parsed together.
    results: list[ParseResult | None] = []
    read: list[str] = []  # the files of `results`
    pending: list[tuple[str, bytes]] = []
    folder = list_incident_folder(root) if listed is None else listed
    files = folder.files
    refused: list[str] = []
    folder_refused = False
    try:
        refuse_outside(root / INCIDENTS_DIR, root, "folder", outputs=in_output)
        # Checked whatever the cache knows: a file swapped for a link to itself moved out
        # of the site keeps its stat. Only the links the listing found: a realpath for
        # each of 10,000 files costs a build a quarter of a second.
        linked = list(folder.linked)
    except InputError as error:
        diagnostics.append(error.diagnostic(INCIDENTS_DIR))
        linked, refused, folder_refused = [], list(files), True
    for relpath in linked:
        try:
            refuse_outside(root / relpath, root, outputs=in_output)
        except InputError as error:
            diagnostics.append(error.diagnostic(relpath))
            refused.append(relpath)
    if not folder_refused:
        # Read as a file of its own, a link kept for an old name would publish the
        # incident twice; it is left out, as a mergetool copy is, and told.
        for relpath, target in linked_twins(root, folder).items():
            if relpath not in refused:
                diagnostics.append(_twin_link(relpath, target))
                refused.append(relpath)
    if refused:
        gone = set(refused)
        files = [f for f in files if f not in gone]
    answers = known(files, timezone, names) if known is not None else [None] * len(files)
    for relpath, result in zip(files, answers, strict=True):
        if result is None:
            data = contents.get(relpath) if contents is not None else None
            if data is None:
                data = _read(root, relpath, diagnostics)
            if data is None:
                continue
            pending.append((relpath, data))
        results.append(result)
        read.append(relpath)
    parsed = iter(parse_many(pending, timezone, names))
    failed: dict[str, list[Diagnostic]] = {}  # files with errors, which give no event
    listed_files = set(folder.files)
    for relpath, result in zip(read, results, strict=True):
        event, problems = result if result is not None else next(parsed)
        # After the cache: which other files there are is no part of one file's result.
        problems = _name_taken(problems, relpath, listed_files)
        diagnostics += problems
        if event is None:
            failed[relpath] = problems
        if event is not None and event.draft:
            drafts.append(event)
        elif isinstance(event, Incident):
            incidents.append(event)
        elif isinstance(event, Maintenance):
            maintenances.append(event)

    from statusgen.probe.config import load_monitors

    display = usable.tz if usable else None
    monitors, monitor_data, monitor_problems = load_monitors(
        root, names, outputs=in_output, tz=display
    )
    # Most sites have no rules for alerts: a file that never names their section is not
    # read for them again (nor the rules' code loaded: 5-8 ms of every build).
    ingest = usable is not None and data_settings is not None and INGEST.encode() in data_settings
    rules, rule_problems = _rules(data_settings if ingest else None, names)
    # Checked on the channels as read, even when settings are wrong elsewhere (a channel's
    # own mistake included): otherwise each fix would bring up the next problem.
    channel_problems = _channel_problems(notify, names, showing)
    told = [*diagnostics, *monitor_problems, *rule_problems, *channel_problems]
    if names is not None and any(d.severity is Severity.ERROR for d in told):
        # An id the site's files name already lost no rename: an `id:` would lose them. The
        # files naming an unknown id are told again, knowing which (few: they failed).
        named = [
            *(c.id for e in (*incidents, *maintenances, *drafts) for c in _named_by(e)),
            *(m.component_id for m in monitors),
            *(cid for rule in rules for cid in rule.components),
            *(cid for channel in (notify.channels if notify else ()) for cid in channel.components),
        ]
        kept = names.written_before(named)
        if kept != names:
            lost = kept.named_before != names.named_before
            names = kept
            for relpath, problems in failed.items():
                if not lost and not any(_UNKNOWN_COMPONENT.fullmatch(d.message) for d in problems):
                    # Only an unknown id's hint reads which ids other files name.
                    continue
                data = contents.get(relpath) if contents is not None else None
                data = _read(root, relpath, []) if data is None else data
                if data is not None:
                    diagnostics = [d for d in diagnostics if d not in problems]
                    again = parse_event(relpath, data, timezone, names)[1]
                    diagnostics += _name_taken(again, relpath, listed_files)
            if monitor_problems:
                monitor_problems = load_monitors(root, names, outputs=in_output, tz=display)[2]
            if rule_problems:
                rule_problems = _rules(data_settings, names)[1]
            channel_problems = _channel_problems(notify, names, showing)
    diagnostics += [*monitor_problems, *rule_problems, *channel_problems]
    if emptied:
        diagnostics = _emptied_components(diagnostics)
    if catalog is not None:
        diagnostics = _id_typo_hints(
            diagnostics, catalog, names.named_elsewhere if names is not None else frozenset()
        )
    diagnostics = _folded_unknown_components(diagnostics)
    if rules and showing:
        from statusgen.ingest.rules import unshown_components as unshown_by_rules

        diagnostics += unshown_by_rules(rules, showing)
    if monitors and showing:
        from statusgen.probe.config import unshown_monitors

        diagnostics += unshown_monitors(monitors, showing)

    diagnostics += unread_files(root, folder.others)
    # A folder misnamed for content/incidents is reported as such, with the fix for all it holds.
    misnamed_incidents = [t.found for t in twins if t.expected == INCIDENTS_DIR]
    diagnostics += misplaced_files(root, skip=misnamed_incidents)
    if folder.problem and not folder_refused:  # a link that loops: said once, of the link
        diagnostics.append(
            Diagnostic(
                INCIDENTS_DIR,
                0,
                0,
                f"{folder.problem}, so no incident could be read",
                folder_permission_hint(INCIDENTS_DIR)
                if folder.denied
                else f"make {INCIDENTS_DIR} the folder of incident files (`statusgen init`"
                " makes one): published without them, the page would forget every incident",
            )
        )
    diagnostics += _unedited_copies([*incidents, *maintenances, *drafts])
    linking = settings or fallback
    if linking is not None:
        from statusgen.pagelinks import unpublished_links

        # A link to a draft's page publishes its address; to no page, leads nowhere; to
        # an event a page showing the link does not show, leads nowhere there.
        diagnostics += unpublished_links(
            root,
            linking,
            [*incidents, *maintenances],
            {d.slug for d in drafts},
            {slug_of(relpath) for relpath in failed},
            given,
            showing,
        )
    diagnostics += shared_import_ids(
        (e.import_id, e.source.path, *e.import_id_at)
        for e in (*incidents, *maintenances, *drafts)
        if e.import_id is not None
    )
    diagnostics += shared_alerts([*incidents, *drafts])
    if page_names is not None:
        renamed = _renamed_pages(root, settings or fallback)
        diagnostics += check_audiences(page_names, [*incidents, *maintenances, *drafts], renamed)
        for relpath in failed:
            data = contents.get(relpath) if contents is not None else None
            if data is None:
                data = _read(root, relpath, [])
            if data is not None:
                diagnostics += unknown_audiences(
                    page_names, relpath, *audiences_of(relpath, data), renamed
                )
    diagnostics = sorted(set(diagnostics))
    if not with_errors and any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    if with_errors and settings is None:
        settings = fallback
    if settings is None or catalog is None:
        return None, diagnostics
    incidents.sort(key=INCIDENT_ORDER, reverse=True)
    maintenances.sort(key=MAINTENANCE_ORDER, reverse=True)
    site = Site(
        root=str(root),
        settings=settings,
        groups=catalog.groups,
        components=catalog.components,
        incidents=tuple(incidents),
        maintenances=tuple(maintenances),
        top_level=catalog.top_level,
        retired=catalog.retired,
        drafts=tuple(sorted(drafts, key=lambda e: e.source.path)),
        monitors=monitors,
        monitor_data=monitor_data,
    )
    # Runs an older release muted under a window that kept the component working count.
    from statusgen.measured import marks_judged

    return marks_judged(site), diagnostics


def _rules(
    data: bytes | None, names: ComponentNames | None
) -> tuple[Items[Rule], list[Diagnostic]]:
    """The ingest rules in the settings' bytes `data` and their problems; none without."""
    if data is None:
        return (), []
    from statusgen.ingest.rules import parse_rules

    rules, problems = parse_rules(data, names)
    return rules.rules, problems


def shared_import_ids(found: Iterable[tuple[str, str, int, int]]) -> list[Diagnostic]:
    """An error at each of the files that hold the same `import_id`, given as (import_id,
    path, line, column): an import rewrites only one of them, the other stays stale."""
    return _shared(
        found,
        lambda import_id, others: (
            f"import_id '{import_id}' is also in {others}: an import updates one "
            "file per import_id, and would leave the other as it is"
        ),
        "in the file copied from the other (to start a new one), remove "
        "'import_id' and 'import_hash'; if it is a stray copy, delete it",
    )


def shared_alerts(events: Iterable[Incident | Maintenance]) -> list[Diagnostic]:
    """An error at each of the open incidents (drafts too) carrying the same alert (source
    and id) that ingest has not recorded as cleared since its last firing: ingest carries
    the alert's news into one of them only, so its clear would end one and leave the other
    open for good. Others may share it: when a resolved incident's alert, or an open one's
    that cleared, fires again, ingest may open a new incident for it beside the old one."""
    carrying = [e for e in events if isinstance(e, Incident) and e.alert and e.is_open]
    if len(carrying) < 2:
        return []  # and ingest's rules are never imported by a site without alerts
    from statusgen.ingest.plan import still_firing

    return _shared(
        (
            (f"{e.alert.source} {e.alert.id}", e.source.path, *e.alert.at)
            for e in carrying
            if e.alert is not None and still_firing(e)
        ),
        lambda alert, others: (
            f"alert {alert} is also that of {others}, open too: ingest updates and "
            "resolves one open incident per alert, and would leave the other open"
        ),
        "in the file copied from the other (to start a new one), remove 'alert:' and the "
        "lines indented below it; if it is a stray copy, delete it",
    )


def _shared(
    found: Iterable[tuple[str, str, int, int]], said: Callable[[str, str], str], hint: str
) -> list[Diagnostic]:
    """An error at each place in `found`, given as (identity, path, line, column), whose
    identity is at another file's too; `said(identity, the other files)` is the message."""
    by_id: dict[str, list[tuple[str, int, int]]] = {}
    for identity, path, line, column in found:
        by_id.setdefault(identity, []).append((path, line, column))
    told: list[Diagnostic] = []
    for identity, places in by_id.items():
        if len(places) < 2:
            continue
        for path, line, column in places:
            others = sorted(p for p, _, _ in places if p != path)
            message = said(identity, ", ".join(others))
            told.append(Diagnostic(path, line, column, message, hint, also=tuple(others)))
    return told


def _unedited_copies(events: Iterable[Incident | Maintenance]) -> list[Diagnostic]:
    """A warning at each file whose title and first update (time and text) another file
    has too: most likely a copy made to start a new event and never edited, published as
    a second, stale one. Only a warning: two events may well share a title. Files opened
    for different alerts or imported by different tools are not copies: ingest writes
    one such file per alert, however alike they read."""
    # Only files sharing a title and a start (an incident's, a window's planned one) are
    # looked into: an event's updates are kept packed until read, and unpacking every
    # event's costs more than the cache saves (0.25 s at 10,000 incidents, whose titles
    # repeat: an alert rule names each incident alike).
    # Counted with keys made in C: grouping 10,000 events one by one cost a build 20 ms.
    listed = list(events)
    alike_titles: list[Incident | Maintenance] = []
    for kind, start in ((Incident, "started_at"), (Maintenance, "scheduled_for")):
        of_kind = [event for event in listed if isinstance(event, kind)]
        keys = list(map(attrgetter("title", start), of_kind))
        counts = Counter(keys)
        if len(counts) < len(keys):
            alike_titles += [
                event for event, key in zip(of_kind, keys, strict=True) if counts[key] > 1
            ]
    first: dict[tuple[str, str, datetime, str], list[Incident | Maintenance]] = {}
    told: list[Diagnostic] = []
    for event in sorted(alike_titles, key=_copy_order):
        if not event.updates:
            continue
        opening = event.updates[0]
        key = (type(event).__name__, event.title, opening.at, opening.message.strip())
        alike = first.setdefault(key, [])
        original = next((e for e in alike if not _apart(e, event)), None)
        alike.append(event)
        if original is None:
            continue
        path, before = event.source.path, original.source.path
        if _stem(path).startswith(_stem(before)):
            # `x-2.md` or `x-copy.md` beside `x.md`: the longer name is the copy. A
            # modification time would not tell: a checkout gives every file a new one.
            hint = (
                "if this file was copied to start a new one, give it its own title and its "
                "own first update's time and text; if it is a stray copy, delete it"
            )
        else:
            # Nothing in the names tells which was first: neither is named to delete.
            hint = (
                "one of the two is likely a copy (the names do not tell which): if it was "
                "made to start a new one, give the copy its own title and its own first "
                "update's time and text; if it is a stray copy, delete the copy"
            )
        carried = _carried(event)
        if carried:
            # Left in, the copy takes the alert's or the import's news instead of the other.
            hint = hint.replace(
                "; if it is a stray", f", and remove its {carried}; if it is a stray"
            )
        told.append(
            Diagnostic(
                path,
                opening.line,
                1,
                f"same title ('{event.title}') and first update (time and text) as "
                f"{before}: the page shows the same {_kind(event)} twice",
                hint,
                Severity.WARNING,
                also=(before,),
            )
        )
    return told


def _carried(event: Incident | Maintenance) -> str:
    """What ties `event`'s file to what opened it, named for a hint: its `alert:` block or
    its `import_id` (empty: neither)."""
    ties = []
    if isinstance(event, Incident) and event.alert is not None:
        ties.append("'alert:' block")
    if event.import_id is not None:
        ties.append("'import_id' and 'import_hash'")
    return " and ".join(ties)


def _copy_order(event: Incident | Maintenance) -> tuple[str, str]:
    """Where `event`'s file sorts among files alike, the one copied from first: by its
    name without the suffix, so `x.md` precedes `x-2.md` and `x-copy.md` (by the whole
    name `x-2.md` sorts first, as '-' precedes '.')."""
    return (_stem(event.source.path), event.source.path)


def _stem(path: str) -> str:
    """`path` without its file name's suffix (`content/incidents/x.md`: `…/x`)."""
    folder, slash, name = path.rpartition("/")
    return folder + slash + name.rsplit(".", 1)[0]


def _apart(one: Incident | Maintenance, other: Incident | Maintenance) -> bool:
    """Whether `one` and `other` are told apart by what opened them, so neither is a copy
    of the other: different alerts (ingest opens one incident per alert) or items imported
    from different tools. Two items of one tool alike in title and first update are one
    item imported twice (under an id an earlier release gave it, say): the page shows it
    twice all the same."""
    return any(
        mine is not None and theirs is not None and mine != theirs
        for mine, theirs in zip(_opened_by(one), _opened_by(other), strict=True)
    )


def _opened_by(event: Incident | Maintenance) -> tuple[tuple[str, str] | None, str | None]:
    """The alert (source, id) and the tool an import (import_id `tool:item`) wrote `event`
    from."""
    alert = event.alert if isinstance(event, Incident) else None
    tool = event.import_id.partition(":")[0] if event.import_id is not None else None
    return ((alert.source, alert.id) if alert is not None else None, tool)


def _kind(event: Incident | Maintenance) -> str:
    """What `event` is called in a message."""
    return "incident" if isinstance(event, Incident) else "maintenance window"


def _named_by(event: Incident | Maintenance) -> Iterable[AffectedComponent]:
    """The components `event` names, in its front matter and its updates' lines."""
    yield from event.components
    for update in event.updates:
        yield from update.components


def _channel_problems(
    notify: NotifySettings | None, names: ComponentNames | None, shown: dict[str, frozenset[str]]
) -> list[Diagnostic]:
    """A diagnostic for each component a notify channel is limited to that is unknown."""
    if notify is None or names is None:
        return []
    from statusgen.notify.settings import unknown_components

    return unknown_components(SETTINGS_FILE, notify, names, shown)


_NO_SETTINGS_HINT = (
    "run statusgen in the site's folder (the one holding statusgen.yaml), "
    "pass -C DIR, or create a site with 'statusgen init'"
)
_NO_COMPONENTS_HINT = "create it with a list of components; an empty list '[]' is allowed"


def _renamed_pages(root: Path, settings: Settings | None) -> Renamed:
    """The page (of `settings`) an audience name that is no page now was renamed to, read
    from the last build's record of each page's folder only for such a name."""
    if settings is None or not settings.pages:
        return None
    from statusgen.incremental.lastbuild import renamed_page

    return partial(renamed_page, root, settings.pages)


def _real_outputs(root: Path, settings: Settings | None, output: Path | None) -> tuple[str, ...]:
    """The real paths of the output folders of `settings` and of `output` (-o)."""
    folders = [root / f for f in output_folders(settings)] if settings is not None else []
    return tuple(os.path.realpath(f) for f in [*folders, *([output] if output else [])])


def _given(contents: dict[str, bytes], relpath: str) -> bool:
    """Whether `contents` holds the file at `relpath`, or a file in the folder there."""
    return relpath in contents or any(p.startswith(relpath + "/") for p in contents)


def _read(
    root: Path,
    relpath: str,
    diagnostics: list[Diagnostic],
    missing_hint: str = "",
    contents: dict[str, bytes] | None = None,
) -> bytes | None:
    if contents is not None and relpath in contents:
        return contents[relpath]
    try:
        return read_input(root / relpath, site=root)
    except FileNotFoundError:
        diagnostics.append(Diagnostic(relpath, 0, 0, "file not found", missing_hint))
    except InputError as error:
        diagnostics.append(error.diagnostic(relpath))
    return None


def _twin_link(relpath: str, twin: str) -> Diagnostic:
    """A link in content/incidents/ to another incident file there, which is not read."""

    return Diagnostic(
        relpath,
        0,
        0,
        f"not read: a symbolic link to {twin}, another incident file, whose incident it "
        "would publish a second time",
        "remove the link; to keep its address working, publish a page that sends visitors "
        f"on as {SITE_STATIC_DIR}/{urls.page_file(urls.incident(slug_of(relpath)))}",
    )


# Files statusgen writes from no template (render/site_files.py): one put among the
# templates, as if it overrode one, is never read.
_UNTEMPLATED = {
    urls.HEADERS: "add the site's own rules in static/_headers instead: the build adds them"
    " after statusgen's in the published _headers",
    urls.ROBOTS: "remove it: statusgen writes robots.txt from the settings (every page may"
    " be crawled, with the sitemap's address; a private page asks crawlers to stay out)",
}


def _no_template(relpath: str, name: str) -> Diagnostic:
    """A warning for a file among the templates named like an output no template makes."""
    message = f"not read: statusgen writes {name} itself, from no template"
    return Diagnostic(relpath, 0, 0, message, _UNTEMPLATED[name], Severity.WARNING)


def _unnamed(twins: list[Misnamed], data_settings: bytes) -> list[Misnamed]:
    """`twins` but those the settings name as a folder of their own (named_folders) or
    hold one: a page's `static: static-a` or `output: statics/public` is no misspelling."""
    # Read here only when a name is alike (rarely): the settings' own check comes later.
    checked = check_settings(data_settings)
    settings = checked.settings or checked.fallback
    if settings is None:
        return twins
    named = [posixpath.normpath(folder) for folder in named_folders(settings)]
    return [
        twin
        for twin in twins
        if not any(folder == twin.found or folder.startswith(f"{twin.found}/") for folder in named)
    ]


def _misnamed(twin: Misnamed) -> Diagnostic:
    """A file or folder not read because of its name: a misnamed monitors file would leave
    the monitors out, an incidents folder every outage."""
    kind = "folder" if twin.folder else "file"
    hint = (
        f"move what it holds into {twin.expected}, which is read, and remove it"
        if twin.expected_exists
        else f"rename it to {twin.expected}"
    )
    return Diagnostic(
        twin.found, 0, 0, f"not read: statusgen reads the {kind} {twin.expected}", hint
    )


def _stray_content(twin: Misnamed, line: int) -> Diagnostic:
    """A warning for one of content/'s files saved at the site's top (`line`: its first
    entry that reads as statusgen's): never read, yet no error, as it may be another
    tool's after all, and a deploy must not stop for it."""
    message = (
        f"looks like statusgen's {twin.found} but is not read: statusgen reads the file "
        f"{twin.expected}"
    )
    return replace(_misnamed(twin), line=line, message=message, severity=Severity.WARNING)


def _content_file_line(path: Path, relpath: str) -> int | None:
    """The line of the first entry of the YAML file at `path` that reads as one of
    content/'s file at `relpath` (COMPONENTS_FILE, MONITORS_FILE) has: a component or a
    group by its keys, a monitor by a `type` statusgen probes and the `component` it
    measures. None for another tool's file (a Gatus monitors.yaml: `endpoints:`), and for
    one that cannot be read or parsed, which nothing says is statusgen's."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    root = parse_yaml(text, relpath)[0]
    if isinstance(root, Mapping):
        # The list under a key named for the file (`components:`), a slip of the list itself.
        root = root.get(Path(relpath).stem)
    if not isinstance(root, Sequence):
        return None
    reads = _reads_as_component if relpath == COMPONENTS_FILE else _reads_as_monitor
    return next((e.line for e in root.items if isinstance(e, Mapping) and reads(e)), None)


def _reads_as_component(entry: Mapping) -> bool:
    """Whether a YAML entry reads as a component or a group of components.yaml: only their
    keys, an `id`, a `status` or the group's `components` among them."""
    keys = entry.entries.keys()
    return keys <= {*COMPONENT_KEYS, *GROUP_KEYS} and bool(keys & {"id", "status", "components"})


def _reads_as_monitor(entry: Mapping) -> bool:
    """Whether a YAML entry reads as a monitor of monitors.yaml: a `type` statusgen probes
    (`http`, `heartbeat`) and the `component` it measures."""
    kind = entry.get("type")
    return (
        isinstance(kind, Scalar)
        and str(kind.value).lower() in {k.value for k in MonitorKind}
        and "component" in entry.entries
    )


# A copy a tool left of a file (layout.COPY_MARK; mergetool's x_LOCAL_1234.md is
# layout.merge_copy_of's), or emacs' auto-save of it (#x.md#).
# The group is the file's own name.
_COPY_OF = re.compile(rf"#(.+)#|(.+?)(?:{COPY_MARK})", re.IGNORECASE)


def _incident_name(name: str) -> tuple[str, bool]:
    """The name an unread entry of content/incidents/ most likely meant: `x.md.txt`,
    `x.mdx`, `x.md ` and `x` all become `x.md`; and whether the entry is a copy a tool
    left of that file (`x.md~`, `x.md.orig`, `x_LOCAL_1234.md`), not the file misnamed."""
    merged = merge_copy_of(name.strip())
    if merged is not None:
        return _incident_name(merged)[0], True
    copy = _COPY_OF.fullmatch(name.strip())
    base = (copy.group(1) or copy.group(2) if copy else name).strip().strip("#~").strip()
    # Its last extension replaced by .md, unless the name ends in .md already or did
    # before an extension was added (x.md.txt, a swap file's x.md.swp); saved twice, in
    # any case (x.md.MD), it is x.md, as x.md.md is (_meant_slug).
    for stem in (base, base.rpartition(".")[0]):
        if stem.lower().endswith(INCIDENT_SUFFIX):
            return _suffix_dropped(stem) + INCIDENT_SUFFIX, copy is not None
    return (base.rpartition(".")[0] or base) + INCIDENT_SUFFIX, copy is not None


_LEFTOVER_HINT = "remove it: an editor or file manager left it there, it is no incident"


def _unread_hint(path: Path) -> str:
    """What to do with the file at `path` in content/incidents/, which is not read."""
    fixed, copy = _incident_name(path.name)
    # Offered as a name the build reads: `x-UPPER.MD`, renamed to `x-UPPER.md`, was
    # refused next for its capitals.
    stem = _suffix_dropped(fixed)
    offered = fixed if SLUG.fullmatch(stem) else (_meant_slug(stem) or stem) + INCIDENT_SUFFIX
    if (path.parent / offered).exists():
        # Renamed as the name says, it would replace the incident read there.
        rename = f"{offered} is there already: merge what it adds into that file, or rename "
        rename += f"it to another name ending in {INCIDENT_SUFFIX}"
    else:
        rename = f"rename it to {offered}"
    if copy:
        # Renamed as the name says, a copy would be read as a second incident.
        return f"remove it if it is a backup copy of {fixed}; else {rename}"
    if editor_leftover(path.name):  # Thumbs.db, Word's ~$x.md: no incident's name in it
        return _LEFTOVER_HINT
    # `x (2).MD`: renamed to `x (2).md`, a copy a file manager or a browser named, read
    # beside x.md as the incident a second time.
    duplicate = _copy_of(_suffix_dropped(fixed))
    if duplicate is not None and SLUG.fullmatch(duplicate[0]):
        original = duplicate[0] + INCIDENT_SUFFIX
        told = _COPY_HINT.format(other=original, who=duplicate[1])
        return (
            told if (path.parent / original).exists() else f"{told}; else rename it to {original}"
        )
    if not _opens_front_matter(path):
        # Notes, an image, a swap file: renamed, it would only be an incident without
        # front matter. The folder's own ways to keep other files beside the incidents.
        return (
            f"if it is an incident, {rename} and give it its front matter; "
            "else move it into a subfolder, or start its name with '.'"
        )
    return rename


def _opens_front_matter(path: Path) -> bool:
    """Whether the file at `path` starts as an incident file does (`---`, past a byte
    order mark); only its first bytes are read, and only of a regular file."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as file:
            start = file.read(8)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(frontmatter.FENCE.encode())


def unread_files(root: Path, others: Iterable[str]) -> list[Diagnostic]:
    """A problem for each file in content/incidents/ that the build would not read: any
    file not named *.md (an outage saved as x.md.txt or x.mdx would otherwise vanish while
    `check` says "No problems found"), and a Markdown file in a subfolder (the folder is
    read flat, as `statusgen new` writes it), and git mergetool's copy of an incident
    (x_LOCAL_1234.md). `others`: the folder's entries that are not incident files
    (IncidentFolder.others), hidden ones already left out."""
    folder = root / INCIDENTS_DIR
    problems: list[Diagnostic] = []
    offered: set[str] = set()
    files = {name for name in others if not (folder / name).is_dir()}
    if any(os.path.lexists(folder / name) for name in files):
        # An editor saving through a temporary file (`sed -i`'s sedXXXXXX) renames it over
        # the incident a moment after the folder was listed: one gone after a short wait
        # was no file of the site. A misnamed file stays, and is reported.
        time.sleep(VANISHED_WAIT_S)
    for name in others:
        if name in files and not os.path.lexists(folder / name):
            continue
        if name in files:
            problems.append(
                Diagnostic(
                    f"{INCIDENTS_DIR}/{name}",
                    0,
                    0,
                    "not read: a copy git mergetool left beside an incident"
                    if merge_copy_of(name) is not None  # of the .md files left out
                    else "not read: left by an editor or file manager"
                    if name.endswith(INCIDENT_SUFFIX)  # Office's lock (layout.OFFICE_LOCK)
                    else "not read: incident files end in .md",
                    _unread_hint(folder / name),
                )
            )
        else:
            try:
                # A subfolder that leads out of the site: its files are no one's to move in.
                refuse_outside(folder / name, root, "folder")
            except InputError as error:
                problems.append(error.diagnostic(f"{INCIDENTS_DIR}/{name}"))
                continue
            for path in sorted((folder / name).rglob("*")):
                if not looked_at_in_incidents(path.relative_to(folder).as_posix()):
                    continue
                relpath = path.relative_to(root).as_posix()
                problems.append(
                    Diagnostic(
                        relpath,
                        0,
                        0,
                        "not read: incidents in subfolders of content/incidents/ are skipped",
                        _move_hint(root, path.name, "where every incident lives", offered),
                    )
                )
    return problems


def misplaced_files(root: Path, *, skip: Iterable[str] = ()) -> list[Diagnostic]:
    """A problem for each incident file under content/ but outside content/incidents/,
    which the build never reads: an incident or a window saved as content/x.md or in
    content/maintenance/ would otherwise vanish while `check` says "No problems found".
    An incident file is Markdown that opens front matter; a README.md beside the content
    is not one. In the folders beside content/ named for incidents (an `incidents/` made at
    the site's top), a warning for each file that reads as an incident (_incident_line):
    other tools keep pages there too. `skip`: folders reported already, whose files are
    left out."""
    skipped = tuple(f"{folder}/" for folder in skip)
    unread = f"incidents and maintenance windows outside {INCIDENTS_DIR}/ are skipped"
    problems: list[Diagnostic] = []
    offered: set[str] = set()
    for relpath in content_outside_incidents(root).markdown:
        if relpath.startswith(skipped):
            continue
        where = "where every incident and maintenance window lives"
        hint = _move_hint(root, relpath.rpartition("/")[2], where, offered)
        if relpath.startswith(f"{CONTENT_DIR}/"):
            if _reads_as_incident(root / relpath):
                problems.append(Diagnostic(relpath, 0, 0, f"not read: {unread}", hint))
        elif (line := _incident_line(root / relpath)) is not None:
            if os.path.realpath(root / relpath) in _linked_incidents(root):
                continue  # read through content/incidents/x.md -> ../../incidents/x.md
            # Said loudly, as the outage it holds is missing from the page, yet no error: a
            # site's own pages there (a Jekyll page about the incident process) must not
            # stop a deploy.
            message = f"looks like an incident but is not read: {unread}"
            problems.append(Diagnostic(relpath, line, 0, message, hint, Severity.WARNING))
    return problems


def _linked_incidents(root: Path) -> set[str]:
    """Where the incident files of content/incidents/ that are symbolic links lead."""
    try:
        entries = list(os.scandir(root / INCIDENTS_DIR))
    except OSError:
        return set()
    return {os.path.realpath(entry.path) for entry in entries if entry.is_symlink()}


def _move_hint(root: Path, name: str, where: str, offered: set[str]) -> str:
    """What to do with a Markdown file named `name` outside content/incidents/: move it to
    its name there (_moved), or, when an incident's file has that name (`mv` would replace
    it), merge it into that file or move it to a free name, one `offered` to no other file
    yet (and now offered in turn)."""
    moved = _moved(name)
    if not os.path.lexists(root / moved):
        return f"move it to {moved}, {where}"
    base = moved.removesuffix(INCIDENT_SUFFIX)
    free = next(
        f"{base}-{n}{INCIDENT_SUFFIX}"
        for n in itertools.count(2)
        if f"{base}-{n}{INCIDENT_SUFFIX}" not in offered
        and not os.path.lexists(root / f"{base}-{n}{INCIDENT_SUFFIX}")
    )
    offered.add(free)
    # Worded as _unread_hint tells a file whose name is an incident's already.
    return (
        f"{moved} is there already: merge what it adds into that file, or move it to "
        f"{free}, {where}"
    )


def _moved(name: str) -> str:
    """Where a Markdown file named `name` outside content/incidents/ belongs: its name
    ending in .md there (`x.MD`, `x.markdown` → `content/incidents/x.md`), so that the file
    moved as told is read, not refused next for its extension."""
    return incident_file(slug_of(_incident_name(name)[0]))


def _reads_as_incident(path: Path) -> bool:
    """Whether the file at `path` starts as an incident file does: front matter (closed or
    not) giving a `title`, which every incident and window has. A note opening with a
    horizontal rule (`---`) is not one. An unreadable file is taken to be, so that it is
    reported."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return True
    head = _front_matter_span(text)
    return head is not None and _TITLE_KEY.search(text, head[0], head[1]) is not None


def _front_matter_span(text: str) -> tuple[int, int, int] | None:
    """Where `text`'s front matter starts and ends and its body starts; None when it opens
    with none. Front matter never closed runs to the end (its keys may be anywhere after
    the opening line), and no body follows."""
    try:
        span = frontmatter.locate(text)
    except frontmatter.Missing as missing:
        return (0, len(text), len(text)) if missing.opened else None
    return span.yaml_start, span.yaml_end, span.body_start


# A top-level `title:` key of a YAML mapping, on a line of its own.
_TITLE_KEY = re.compile(r"^title[ \t]*:", re.MULTILINE)


def _incident_line(path: Path) -> int | None:
    """The line that makes the file at `path` read as an incident or a maintenance window:
    a top-level front matter key only they have (`status:`, `components:`, `date:`; not
    `title:` or `draft:`, which any page may have), else an update heading (`## Resolved
    at ...`). None for another tool's page (`layout: page`), and for an unreadable file,
    which nothing says is one."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    if (head := _front_matter_span(text)) is None:
        return None
    head_start, head_end, body_start = head
    key = _INCIDENT_KEY.search(text, head_start, head_end)
    if key is not None:
        return text.count("\n", 0, key.start()) + 1
    body_line = text.count("\n", 0, body_start) + 1
    utc = ZoneInfo("UTC")
    for update in read_body(text[body_start:], body_line)[1]:
        for maintenance in (False, True):
            try:
                parse_heading(update.heading, maintenance=maintenance, tz=utc)
            except TimelineError as error:
                # A state and a time that does not read (`## Resolved at 14h05`) still
                # make an update; a state alone (`## Resolved issues`) is a page's heading.
                if error.state is None or not any(c.isdigit() for c in update.heading):
                    continue
            return update.line
    return None


# A top-level front matter key that incidents and maintenance windows have and other
# pages do not, on a line of its own.
_INCIDENT_KEY = re.compile(
    "^(?:"
    + "|".join(
        key
        for key in dict.fromkeys((*INCIDENT_KEYS, *MAINTENANCE_KEYS))
        if key not in ("title", "draft")
    )
    + r")[ \t]*:",
    re.MULTILINE,
)


def theme_problems(
    root: Path, settings: Settings | None = None, output: Path | None = None
) -> list[Diagnostic]:
    """What in the site's themes/ folder cannot be published: special files (a FIFO, a
    device) and links leading out of the site; and a warning for each editor leftover its
    theme's static and template folders leave out. The build reads the same listing.
    `output` is the folder a build's -o names, which static/ may not lead into either."""
    # The site's static/ folder is published as it is, with the same checks, and may not
    # lead into what the site keeps to itself (the output folders: the settings', when
    # they could be read, and -o's: a link to it would copy each build's site into the
    # next, which would hold it twice, then three times).
    private = UNPUBLISHED_FOLDERS if settings is None else unpublished_folders(settings)
    if output is not None:
        real = Path(os.path.realpath(output))
        inside = Path(os.path.realpath(root))
        static = Path(os.path.realpath(root / SITE_STATIC_DIR))
        # One outside the site: a link to it is refused as leading out of the site. One in
        # or around static/ (kept elsewhere through a link) is -o's mistake, told as such
        # (write.output_folder_problem), not the link's.
        nested = real.is_relative_to(static) or static.is_relative_to(real)
        if real.is_relative_to(inside) and not nested:
            private = tuple(dict.fromkeys((*private, shown_in_site(real, inside))))
    problems = [
        *list_files(root / THEMES_DIR, root, THEMES_DIR).problems,
        *list_files(root / SITE_STATIC_DIR, root, SITE_STATIC_DIR, private).problems,
    ]
    # The static folders of the theme in use, published under assets/ as the build
    # lists them (render/plan.theme_assets): a link into content/ is refused there too.
    # And its template folders, by the same rule: `{% include "src/incidents/x.md" %}`
    # through a link to content/ would print a draft's file on every page.
    # A link in either may lead only into the theme's own folders (those of the chain):
    # one to statusgen.yaml would publish notify's recipients and private pages' addresses.
    chain = theme_chain(root, "default" if settings is None else settings.theme)[:-1]
    for folder in chain:
        shown = (folder / STATIC_DIR).relative_to(root).as_posix()
        listing = list_files(folder / STATIC_DIR, root, shown, THEME_UNPUBLISHED, confined=chain)
        # static/'s leftovers are render/site_static.list_static's, with a page's own.
        problems += [*listing.problems, *listing.left_out]
        shown = (folder / TEMPLATES_DIR).relative_to(root).as_posix()
        templates = list_files(
            folder / TEMPLATES_DIR, root, shown, THEME_UNPUBLISHED, TEMPLATE_FOLDER, chain
        )
        problems += [*templates.problems, *templates.left_out]
        problems += [
            _no_template(f"{shown}/{name}", name)
            for name in templates.files
            if name in _UNTEMPLATED
        ]
    # An override named as a built-in file in another case (Base.html, Style.css): a
    # site's own partial named nearly as a built-in one is its own, never a typo.
    theme = "default" if settings is None else settings.theme
    read = theme_read_by_name(root, theme)
    whole = theme_static_folders(root, theme)
    problems += [_misnamed(t) for t in misnamed(root, read, distinct=_own_file, whole=whole)]
    # A link out of the site, or one that loops, is found by two listings (the themes/
    # folder's and the theme's static/), with a hint each: told once, the first.
    told: dict[tuple[str, int, int, str], Diagnostic] = {}
    for problem in problems:
        told.setdefault((problem.path, problem.line, problem.column, problem.message), problem)
    return list(told.values())


def _own_file(found: str, read: str) -> bool:
    """Whether a theme file named `found`, alike to `read` but for case, is one of the
    site's own: always (misnamed asks only when the names differ by more than case)."""
    return True


# --- components ----------------------------------------------------------------------


# How many ids equally close to an unknown one a did-you-mean names: more, and it names none.
_TIED_NAMED = 3


# What may not name a retired component (ComponentNames.retired_problem), as check and
# the authoring commands say it.
OPEN_INCIDENT = "an open incident"
MAINTENANCE_NOT_COMPLETED = "a maintenance not completed"
MONITOR = "a monitor"
INGEST_RULE = "an ingest rule"
ALERT = "an alert"


def window_problem(starts: datetime, ends: datetime, start_text: str, end_text: str) -> str | None:
    """What is wrong with a maintenance window from `starts` to `ends` (written as the
    texts), as check and `new maintenance` both say it; None when it ends after it starts."""
    # In UTC: Python compares two times of one zone on their wall clock, so a window
    # across the night the clocks go back (01:50 -04:00 to 01:35 -05:00) would seem to
    # end before it starts.
    begins, closes = starts.astimezone(timezone.utc), ends.astimezone(timezone.utc)
    if closes > begins:
        return None
    if closes == begins:
        return (
            f"maintenance ends ({end_text}) when it starts ({start_text}): the window has no length"
        )
    return f"maintenance ends ({end_text}) before it starts ({start_text})"


def _respelled(old: str, new: str) -> bool:
    """Whether the id `old` is `new` mistyped: a letter or two off (`payment-api` for
    `payments-api`), not a word shorter or longer (`web` for `website`)."""
    import difflib  # only an unknown id pays for it

    return difflib.SequenceMatcher(None, old.casefold(), new.casefold()).ratio() >= 0.75


def _reworded(old: str, new: str) -> bool:
    """Whether the id `old` reads as `new` before its name was reworded, not as a typo of
    it: they share a word, and differ by a word added, dropped or replaced
    (`checkout` → `checkout-service`), not by a letter or two within one (`payment-api`)."""
    before, after = old.split("-"), new.split("-")
    if not set(before) & set(after):
        return False
    dropped = [word for word in before if word not in after]
    added = [word for word in after if word not in before]
    respelled = len(dropped) == len(added) and all(
        close_matches(word, added, cutoff=0.75) for word in dropped
    )
    return not respelled


@dataclass(frozen=True)
class NestedGroup:
    """A group written inside group `outer`, refused at `line` of the components file (its
    `components:`)."""

    id: str
    outer: str
    line: int
    members: tuple[str, ...]  # the ids its entries would have


@dataclass(frozen=True)
class MisreadId:
    """An id refused at `line` of the components file (`id: 1:30`), whose entry is read on
    as `id`, the one its hint gives ('1-30')."""

    written: str
    id: str
    line: int


@dataclass(frozen=True)
class ComponentNames:
    """What an event's `components:` may name: the component ids. The groups are kept
    with their members to say what to name instead, as a group takes no status itself
    (its status is its members' worst)."""

    ids: frozenset[str]
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (id, member ids), by id
    # Retired components: a past event may name them, an open one may not (_EventReader).
    retired: frozenset[str] = frozenset()
    # (name, id) of each current component: someone reading the page types the name it
    # shows (`-c API`, `Public API`), which a did-you-mean answers with the id.
    titles: tuple[tuple[str, str], ...] = ()
    # The current components whose id is made from their name: one renamed has lost the
    # id its incidents name, and is told to keep it rather than to follow the new one.
    from_names: frozenset[str] = frozenset()
    # Where the ids checked were written before (content, settings): which of from_names
    # those files name already, each then no renamed one (an `id:` would lose them).
    # None for an id typed now (`-c`), which no rename lost: the id meant is the answer.
    named_before: frozenset[str] | None = None
    # The ids the site's other files (events, monitors, rules, channels) name: a past event
    # naming an unknown id nearly one of them is told to retire its own first, as following
    # the guess would move its history onto a component in use (problem).
    named_elsewhere: frozenset[str] = frozenset()
    # On a site with pages, each page's name with the ids it shows: an event's `audiences:`
    # naming none that shows a component it names, or an open one naming a component no
    # page shows, puts that status on no page (_EventReader.page_problems). Empty without.
    showing: tuple[tuple[str, frozenset[str]], ...] = ()
    # Groups written inside a group (Catalog.nested): naming one, or one of its members, is
    # told of the nesting rather than offered the other components.
    nested: tuple[NestedGroup, ...] = ()
    # Ids refused in the components file and read as the one the fix gives (Catalog.misread):
    # an event naming one as written is told that fix, not offered an id found nowhere.
    misread: tuple[MisreadId, ...] = ()
    # (name, id) of each group: its name as the page shows it (`-c "Platform Services"`) is
    # told it is that group, as its id is (group_problem).
    group_titles: tuple[tuple[str, str], ...] = ()
    # (name, id) of each current component shown qualified where it stands alone, as its
    # text reads ("Europe - API"; format.standalone_names): typed so, it is that one, as
    # much as one written with that name is.
    shown_titles: tuple[tuple[str, str], ...] = ()
    # (name, id) of each retired component: a page's `show:` may name one, and naming it
    # as it was shown (`Legacy`) is offered its id (shown_did_you_mean).
    retired_titles: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        groups: Iterable[Group],
        components: Iterable[Component],
        retired: Iterable[Component] = (),
        nested: Iterable[NestedGroup] = (),
        misread: Iterable[MisreadId] = (),
    ) -> ComponentNames:
        from statusgen.render.format import grouped_name, names_standing_alone

        current, former = tuple(components), tuple(retired)
        groups = tuple(groups)
        shown = names_standing_alone(groups, current)
        group_names = {g.id: g.name for g in groups}
        return cls(
            frozenset(c.id for c in current),
            tuple(sorted((g.id, g.component_ids) for g in groups)),
            frozenset(c.id for c in former),
            tuple(sorted((c.name, c.id) for c in current)),
            frozenset(c.id for c in current if c.id_from_name),
            nested=tuple(nested),
            misread=tuple(misread),
            group_titles=tuple(sorted((g.name, g.id) for g in groups)),
            shown_titles=tuple(
                sorted(
                    (grouped_name(group_names[c.group_id or ""], c.name, apart=False), c.id)
                    for c in current
                    if shown[c.id] != c.name
                )
            ),
            retired_titles=tuple(sorted((c.name, c.id) for c in former)),
        )

    def written_before(self, named: Iterable[str] = ()) -> ComponentNames:
        """These names, for ids read from files written before, which name the ids `named`:
        an unknown one there may be the old id of a renamed component (did_you_mean)."""
        named = frozenset(named)
        return replace(
            self, named_before=self.from_names.intersection(named), named_elsewhere=named
        )

    def did_you_mean(self, cid: str, *, retired: bool = False) -> str:
        """ "did you mean 'api'? " for the current component most like `cid`, by its id or
        by its name on the page (case does not count); "" when none is close. `retired`:
        a retired component's id counts too, where one may be named (a past event).

        When `cid` was written before, that component's id is made from its name and named
        nowhere else, and `cid` reads as its id before a rename (_reworded), the hint is to
        keep `cid` with an `id:` instead: following a did-you-mean would edit every past
        incident and move the component's addresses."""
        named = self.named(cid)
        if named:
            # A component's name on the page, typed as shown: its id is no guess. Two
            # components of that name (`API` in two groups) are both named.
            return "did you mean " + " or ".join(f"'{i}'" for i in named) + "? "
        meant, close, nearest = self._closest(cid, retired=retired)
        # Two ids as close as each other (`api`: eu-api, us-api), or two components of the
        # name closest (`Apii`: the `API` of two groups): all named, the author's to choose.
        tied = sorted({i for name in nearest for i in meant[name]})
        renamed = (
            self.from_names.difference(self.named_before)
            if self.named_before is not None
            else frozenset()
        )
        guess = meant[close[0]][0] if close else ""
        # close_matches' length ratio turns down a short id for the one its component was
        # renamed to (`db` for `db-cluster`), or finds another id it begins (`web` for
        # `website`, beside `web-service`): the rename is looked for among all of them.
        # One that only added words to `cid` (`web` → `web-service`) first.
        words = set(cid.split("-"))
        lost = (
            guess
            if guess in renamed and _reworded(cid, guess)
            else next(
                (
                    i
                    for i in sorted(renamed, key=lambda r: (not words < set(r.split("-")), r))
                    if _reworded(cid, i)
                ),
                "",
            )
        )
        # A letter or two off the id found (`payment-api`) is a typo of it, whatever else
        # `cid` could be the old id of; but not when the rename only added words to `cid`
        # (`app` → `app-store`): a short id is a letter off many (`apps`), and following
        # that guess would move the component's history to another.
        added = bool(lost) and words < set(lost.split("-"))
        if lost and (added or not (guess and guess != lost and _respelled(cid, guess))):
            name = next(title for title, i in self.titles if i == lost)
            also = f"otherwise, did you mean '{guess}'? " if guess and guess != lost else ""
            return (
                f"'{lost}' is the id made from the name '{name}': if that component was "
                f"renamed, add 'id: {cid}' to it in {COMPONENTS_FILE} to keep its id, its "
                f"history and its addresses; {also}"
            )
        if not guess or len(tied) > _TIED_NAMED:
            # As close to a score of ids (`g14-c01`: g01-c01, g14-c02, ...): any one named
            # would be a guess, and following it would move the history to another.
            return ""
        if len(tied) > 1:
            return "did you mean " + " or ".join(f"'{i}'" for i in tied) + "? "
        return f"did you mean '{guess}'? "

    def shown_did_you_mean(self, entry: str) -> str:
        """did_you_mean for an id a page's `show:` names, which may be a group's or a retired
        component's: a name the page shows (`Api`, `Platform Services`, `Europe - API`) or
        showed (a retired component's, `Legacy`) is offered its id."""
        shown = replace(
            self,
            ids=self._nameable,
            retired=frozenset(),
            titles=tuple(sorted((*self.titles, *self.group_titles, *self.retired_titles))),
            named_before=None,
        )
        return shown.did_you_mean(entry)

    def _closest(
        self, cid: str, *, retired: bool = False
    ) -> tuple[dict[str, list[str]], list[str], list[str]]:
        """(each id and name → its ids, the closest of them to `cid` (one at most), the ids
        and names as close to `cid` as it): what did_you_mean offers."""
        ids = self.ids | self.retired if retired else self.ids
        # A name keeps every component of it (`API` in two groups): a mistyped `Apii` is as
        # likely one as the other, and a dict of name → id would keep the last alone.
        meant: dict[str, list[str]] = {}
        for name, i in self.titles:
            meant.setdefault(name, []).append(i)
        meant |= {i: [i] for i in sorted(ids)}
        close = close_matches(cid, meant, count=len(meant))
        return meant, close[:1], equally_close(cid, close)

    def _guessed_in_use(self, cid: str) -> bool:
        """Whether the current component did_you_mean offers for `cid` is one the site's
        other files name (named_elsewhere)."""
        meant, close, _ = self._closest(cid, retired=True)
        return bool(close) and any(
            i in self.ids and i in self.named_elsewhere for i in meant[close[0]]
        )

    def knows(self, cid: str) -> bool:
        """Whether `cid` is the id of a component, retired or not, or of a group."""
        return cid in self._nameable

    def named(self, cid: str) -> list[str]:
        """The ids of the current components whose name `cid` is, written or as shown where
        it stands alone (`Europe - API`): those of that very spelling (`Api`, beside `API`),
        else each whose name it is case and spacing aside."""
        titles = (*self.titles, *self.shown_titles)
        exact = {i for name, i in titles if name == cid}
        key = title_key(cid)
        return sorted(exact or {i for name, i in titles if title_key(name) == key})

    def titled_group(self, text: str) -> str | None:
        """The id of the group whose name on the page `text` is, case, spacing and Unicode
        form aside; None when it is no group's name, or a component's too (which it then
        stands for: a component takes a status, a group none)."""
        key = title_key(text)
        group = next((i for name, i in self.group_titles if title_key(name) == key), None)
        return None if group is None or self.titled(text) is not None else group

    def tied(self, cid: str, *, retired: bool = False) -> int:
        """How many ids (or names) are as close to `cid` as the closest: more than one, and
        `cid` is less likely a typo of one than an id of their kind (a deleted sibling). A
        name two components share counts once: a typo of it is of that name."""
        meant, _, nearest = self._closest(cid, retired=retired)
        return len({tuple(meant[name]) for name in nearest})

    @cached_property
    def _nameable(self) -> frozenset[str]:
        """Every id an event may write: current and retired components' and groups'."""
        return self.ids | self.retired | {gid for gid, _ in self.groups}

    def titled(self, text: str) -> str | None:
        """The id of the current component whose name on the page `text` is, case, spacing
        and Unicode form aside (`Payments Gateway`); None when it is no component's name."""
        key = title_key(text)
        return next((i for name, i in self.titles if title_key(name) == key), None)

    def several(
        self, text: str, fix: Callable[[list[str]], str] = as_list
    ) -> tuple[str, str] | None:
        """(message, hint) when `text`, a list item, a mapping's key or a change's id, is
        several ids typed as one (`api website`: one_for_several, whose `fix` it passes
        on); None when it is not, or is a component's name on the page (`Payments
        Gateway`), which problem answers with its id."""
        several = one_for_several(text, self._nameable, "components", fix)
        # Asked of every id every event names: a name is looked for only in the rare
        # text that reads as several (comparing it with each component's name, 30 times
        # a title_key per id, was 0.2 s of a first build at 10,000 incidents).
        if several is None or self.titled(text) is not None:
            return None
        return several

    def problem(self, cid: str, *, past: bool = False) -> tuple[str, str] | None:
        """Why an event cannot name `cid`, as (message, hint); None when it can. `past`: the
        event may be over, so `cid` may be a component since removed from the file."""
        if cid in self.ids or cid in self.retired:
            return None
        group = self.group_problem(cid)
        if group is not None:
            return group
        titled = self.titled_group(cid) if cid not in self._nameable else None
        if titled is not None:
            group = self.group_problem(titled)
            if group is not None:
                message = f"'{cid}' is the name of group '{titled}', which takes no status itself"
                return message, group[1]
        nested = self.nested_problem(cid)
        if nested is not None:
            return nested
        slip = unseen_slip("component", cid, lambda id_: id_ in self.ids or id_ in self.retired)
        if slip is not None:
            return slip
        misread = next((m for m in self.misread if m.written == cid), None)
        if misread is not None:
            # `id: 1:30`, named as written: the components file's error is the one to fix.
            return (
                f"unknown component '{cid}'",
                f"'{cid}' is not a valid id ({COMPONENTS_FILE}:{misread.line}): write "
                f"'id: {misread.id}' there, and '{misread.id}' here",
            )
        known = sorted(self.ids)
        # A past event may name a retired component: one nearly its id is most likely it,
        # whose entry is there (putting it back would be no advice).
        guess = self.did_you_mean(cid, retired=past)
        if known:
            hint = f"{guess}known components: {known_list(known)}"
        elif self.retired:
            # "None defined" would send the author to a file full of them.
            hint = (
                f"{guess}every component in {COMPONENTS_FILE} is retired:"
                f" {known_list(sorted(self.retired))}"
            )
        else:
            hint = f"no components are defined in {COMPONENTS_FILE}"
        retire = (
            f"if '{cid}' was removed from {COMPONENTS_FILE}, put its entry back with"
            " 'retired: true', so that past incidents can still name it"
        )
        if past and not guess:
            # The usual cause: a component deleted while past incidents still name it. Not
            # for an open event, which may not name a retired one either.
            hint += f"; {retire}"
        elif (
            past
            and guess.startswith("did you mean")
            and not self.named(cid)
            and (self.tied(cid, retired=past) > 1 or self._guessed_in_use(cid))
        ):
            # As close to two or three ids as to one, or nearly one that other files name
            # (`us-api`, beside an `eu-api` with its own incidents): more likely one deleted
            # than a typo, and following the guess would move its history onto another.
            hint = f"{retire}; otherwise, {hint}"
        return f"unknown component '{cid}'", hint

    def nested_problem(self, cid: str) -> tuple[str, str] | None:
        """Why `cid` is unknown when it is a group written inside a group, or one of that
        group's components, as (message, hint): the components file's nesting error is the
        one to fix. None when it is neither."""
        for inner in self.nested:
            where = f"{COMPONENTS_FILE}:{inner.line}"
            fix = (
                f"groups do not nest ({where}): move '{inner.id}' to the top level of the file,"
                f" or list its components in '{inner.outer}' without it"
            )
            if cid == inner.id:
                return (
                    f"unknown component '{cid}'",
                    f"'{cid}' is a group inside group '{inner.outer}': {fix}",
                )
            if cid in inner.members:
                return (
                    f"unknown component '{cid}'",
                    f"'{cid}' is inside group '{inner.id}', which is inside '{inner.outer}': "
                    + fix,
                )
        return None

    def nested_hints(self) -> dict[str, str]:
        """The hint of nested_problem for each group inside a group and each of its
        members, by id: what a page's `show:` naming one is told (config.check_settings)."""
        hints: dict[str, str] = {}
        for inner in self.nested:
            for cid in (inner.id, *inner.members):
                problem = self.nested_problem(cid)
                if problem is not None:
                    hints.setdefault(cid, problem[1])
        return hints

    def group_problem(
        self,
        cid: str,
        *,
        channel: str | None = None,
        page: str | None = None,
        shown: Collection[str] | None = None,
    ) -> tuple[str, str] | None:
        """Why `cid` cannot be named where a component is (an event, a monitor, an ingest
        rule, a channel's filter), as (message, hint), when it is a group; else None. Said
        before any did-you-mean, which would offer a component of another group.

        For the filter of notify `channel`, which sets no status but hears of components by
        id, `shown` holds the ids its `page` shows: a member it hides is no fix to offer,
        as the channel would never be sent anything about it."""
        members = dict(self.groups).get(cid)
        if members is None:
            return None
        message = f"'{cid}' is a group, which takes no status itself"
        if channel is not None:
            message = (
                f"channel '{channel}' is limited to '{cid}', which is a group, not a "
                "component: a channel hears only of the components it names"
            )
        offered = [m for m in members if shown is None or m in shown]
        if offered:
            hint = f"name its components instead: {known_list(offered)}"
        elif members:
            hint = (
                f"page '{page}' shows none of its components ({known_list(members)}): name "
                "components it shows, or give the channel a page that shows them"
            )
        else:
            hint = f"it has no components yet: add them under it in {COMPONENTS_FILE}"
        return message, hint

    def retired_problem(
        self,
        cid: str,
        what: str,
        instead: str = "name a current component",
        until: str | None = None,
    ) -> tuple[str, str] | None:
        """Why `what` (an open incident, a maintenance not completed, a monitor, an ingest
        rule, an alert, a notify channel's filter) cannot name `cid`, as (message, hint): it
        is retired and shown nowhere; None when it is not retired. `instead` is the fix that
        keeps it retired; `until`, what ends `what`, after which it may be retired again."""
        if cid not in self.retired:
            return None
        back = "to bring it back" if until is None else f"until {until}, then retire it again"
        return (
            f"component '{cid}' is retired; {what} cannot name it",
            f"{instead}, or remove 'retired: true' from '{cid}' in {COMPONENTS_FILE} {back}",
        )


def _showing_nothing(catalog: Catalog) -> dict[str, str]:
    """The ids a page's `show:` may name that show no component, each with why: a page
    naming only those would be published with no status to tell."""
    found = {c.id: f"component '{c.id}' is retired" for c in catalog.retired}
    # A group's retired components are in none of its component_ids: such a group has
    # components, which its author would not recognise as "no components".
    retired_groups = {c.group_id for c in catalog.retired}
    for group in catalog.groups:
        if not group.component_ids:
            found[group.id] = (
                f"the components of group '{group.id}' are all retired"
                if group.id in retired_groups
                else f"group '{group.id}' has no components"
            )
    return found


@dataclass(frozen=True)
class Catalog:
    """The components file, validated: groups, components in display order, top-level ids."""

    groups: tuple[Group, ...]
    components: tuple[Component, ...]
    top_level: tuple[str, ...]
    retired: tuple[Component, ...] = ()  # `retired: true`, in none of the above
    # Groups written inside a group, refused (groups are one level deep) and in none of the
    # above: what an event naming one or its members is told instead of "unknown".
    nested: tuple[NestedGroup, ...] = ()
    # Ids refused and read as the one their hint gives: what an event naming one as written
    # is told instead of "unknown".
    misread: tuple[MisreadId, ...] = ()


def parse_components(
    data: bytes, path: str = COMPONENTS_FILE
) -> tuple[Catalog | None, list[Diagnostic]]:
    """Validate components.yaml. The catalog holds every entry that could be read, even with
    errors elsewhere, so incidents are checked against the ids the author meant; it is None
    when the file cannot be read as a list at all."""
    text, problems = decode(path, data)
    if text is None:
        return None, problems
    root, diagnostics = parse_yaml(text, path)
    if isinstance(root, Scalar) and root.kind == "null" and not root.rejected:
        root = None  # `~` or `null`: YAML's word for nothing, as an empty file says it
    if root is None:
        # An empty file is an empty list; a syntax error leaves the components unknown.
        return (None if diagnostics else Catalog((), (), ())), diagnostics
    if not isinstance(root, Sequence):
        diagnostics.append(
            Diagnostic(
                path,
                root.line,
                root.column,
                f"{path} must be a list of components, not {type_name(root)}",
                "start each component with '- name: ...'",
            )
        )
        return None, diagnostics
    reader = _ComponentReader(path, diagnostics, root)
    groups: list[Group] = []
    components: list[Component] = []
    top_level: list[str] = []
    retired: list[Component] = []
    position = 1  # a retired component takes no place: the others keep theirs gap-free
    for entry in root.items:
        members_key = _members_key(entry)
        if isinstance(entry, Mapping) and members_key is not None:
            group, members = reader.group(entry, position, members_key)
            # A group whose members are all retired is retired with them: listed nowhere
            # and taking no place, but kept so its members' past incidents name it. So is
            # one with none yet (`components: []`): the pages have nothing to show under
            # it, and the API must not list what the pages leave out.
            gone = all(c.retired for c in members)
            if group is not None:
                groups.append(group)
                if not gone:
                    top_level.append(group.id)
            components += [c for c in members if not c.retired]
            retired += [c for c in members if c.retired]
            if not gone:
                position += 1
        else:
            component = reader.component(entry, position, None)
            if component is not None and component.retired:
                retired.append(component)
                continue
            if component is not None:
                components.append(component)
                top_level.append(component.id)
            position += 1
    catalog = Catalog(
        tuple(groups),
        tuple(components),
        tuple(top_level),
        tuple(retired),
        tuple(reader.nested),
        tuple(reader.misread),
    )
    diagnostics += _lookalike_names(catalog)
    return catalog, diagnostics


def _lookalike_names(catalog: Catalog) -> list[Diagnostic]:
    """A warning at each component whose name, where it stands alone, is another's as
    that one is shown there: a component named "Europe - API" beside group Europe's
    "API", which another "API" makes "Europe - API" (format.standalone_names). Compared
    as a reader sees them: without the marks isolating a right-to-left name, case and
    spacing aside ("us  - api"; a page shows two spaces as one)."""
    from statusgen.render.format import grouped_name, names_standing_alone

    shown = names_standing_alone(catalog.groups, catalog.components)
    groups = {g.id: g.name for g in catalog.groups}
    # Each name as its text reads: a qualified one joined bare, without the isolates and
    # the direction mark that keep an Arabic group's words in order.
    plain = {
        c.id: grouped_name(groups[c.group_id or ""], c.name, apart=False)
        if shown[c.id] != c.name
        else c.name
        for c in catalog.components
    }
    by_name: dict[str, list[Component]] = {}
    for component in catalog.components:
        by_name.setdefault(title_key(plain[component.id]), []).append(component)
    problems = []
    for key, alike in by_name.items():
        for component in alike:
            for other in (c for c in alike if c is not component):
                if title_key(other.name) == key or title_key(component.name) != key:
                    # Only the one written so is told: the other is shown qualified by the
                    # site's rule, and two written alike are duplicate names told elsewhere.
                    continue
                qualified = f"group '{groups.get(other.group_id or '', '')}'"
                aside = (
                    ""
                    if component.name == plain[other.id]
                    else f" ('{plain[other.id]}', which it is case and spacing aside)"
                )
                problems.append(
                    Diagnostic(
                        component.source.path,
                        component.source.line,
                        0,
                        f"component '{component.id}' is named '{component.name}', which is "
                        f"how component '{other.id}' ('{other.name}' in {qualified}) is shown "
                        f"where it stands alone{aside}: the pages, feeds and calendar show "
                        "the two alike",
                        f"rename one of them, this one's 'name:' or '{other.name}' on line "
                        f"{other.source.line}, so that visitors can tell them apart",
                        Severity.WARNING,
                    )
                )
    return problems


def _members_key(entry: Node) -> str | None:
    """The key listing a group's components: `components`, or a key mistyped for it
    (`component:`) holding a list. None: the entry is a component. A group whose key is
    mistyped is still read as one, so its components are known to the incidents naming
    them (rather than each of those reported as well)."""
    if not isinstance(entry, Mapping):
        return None
    if "components" in entry.entries:
        return "components"
    for key, item in entry.entries.items():
        if isinstance(item.value, Sequence) and close_matches(key, ["components"]):
            return key
    return None


def _member_ids(entry: Mapping) -> tuple[str, ...]:
    """The ids of the components listed under a refused nested group's `components:`, as
    they would be read (an `id:`, else one made from the name); not checked further."""
    members = entry.get("components")
    if not isinstance(members, Sequence):
        return ()
    ids = []
    for item in members.items:
        if not isinstance(item, Mapping):
            continue
        id_, name = item.get("id"), item.get("name")
        if isinstance(id_, Scalar):
            ids.append(id_.text)
        elif isinstance(name, Scalar):
            ids.append(stable_slug(name.text))
    return tuple(i for i in ids if i)


# `components:` in a member of a group: groups are one level deep.
_NESTED_GROUP = {
    "components": (
        "a group cannot contain another group",
        "move the inner group to the top level of the file, or list only its components here",
    )
}


def _not_audiences(what: str) -> dict[str, str | tuple[str, str]]:
    """check_keys' words for `audiences:` on a component or group (`what`), written as an
    incident names its pages: a page names what it shows instead."""
    return {
        "audiences": (
            f"unknown key 'audiences' in {what}",
            f"a page lists what it shows: remove 'audiences' and name this {what}'s id in the "
            f"'show:' of each page under 'pages:' in {SETTINGS_FILE} that shows it (a page "
            "without 'show:' shows everything; docs/audiences.md)",
        )
    }


# A group's `components:` left empty: removing the line would make it a component.
_GROUP_EMPTY = {
    "components": "list the group's components below it, each as '- name: ...', indented"
}


def _valid_ids(entries: Sequence) -> dict[str, int]:
    """Each valid id the file's entries (groups' members included) give, written or made
    from a name, with the line of its first: ids an invalid one must not be read on as."""
    ids: dict[str, int] = {}
    for entry in entries.items:
        if not isinstance(entry, Mapping):
            continue
        id_node, name = entry.get("id"), entry.get("name")
        if isinstance(id_node, Scalar) and SLUG.fullmatch(id_node.text):
            ids.setdefault(id_node.text, id_node.line)
        elif id_node is None and isinstance(name, Scalar) and stable_slug(name.text):
            ids.setdefault(stable_slug(name.text), entry.line)
        members = entry.get(_members_key(entry) or "")
        if isinstance(members, Sequence):
            for cid, line in _valid_ids(members).items():
                ids.setdefault(cid, line)
    return ids


class _ComponentReader:
    def __init__(self, path: str, diagnostics: list[Diagnostic], root: Sequence) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.seen: dict[str, int] = {}  # id -> line that defined it
        # Read ahead: an entry further down may hold the id an invalid one would be read as.
        self.valid = _valid_ids(root)
        # Ids a hint has offered: each is kept for the entry it was offered to, so following
        # every hint makes no duplicate. Only hints avoid them; no written id is refused.
        self.offered: set[str] = set()
        # Ids made from a name (no `id:` written), with that name: a duplicate of one is
        # told which entry to give an id.
        self.made_from: dict[str, str] = {}
        self.nested: list[NestedGroup] = []  # groups inside a group, refused
        self.misread: list[MisreadId] = []  # ids refused, read as their hint's

    def fields(self, entry: Node, what: str) -> Fields | None:
        if isinstance(entry, Mapping):
            return Fields(self.path, entry, self.diagnostics, what)
        self.diagnostics.append(
            Diagnostic(
                self.path,
                entry.line,
                entry.column,
                f"a {what} must be a mapping, not {type_name(entry)}",
                glued_fix(entry) or "write it as '- name: ...' with its keys indented below",
            )
        )
        return None

    def identity(self, fields: Fields, what: str) -> tuple[str, str, bool] | None:
        """The entry's (id, name, whether the id is made from the name), reporting a bad,
        underivable or duplicate id."""
        # Published wherever the entry is (its page, the API, the feeds, the badges).
        name = fields.published_text("name", required=True)
        id_node = fields.scalar("id")
        if id_node is not None:
            cid = id_node.text
            if not SLUG.fullmatch(cid):
                meant = slugify(cid)
                # No Latin letter in it ('оплата', spelled 'oplata'): the hint says which.
                letters = "letters" if stable_slug(cid) else "Latin letters (a-z)"
                taken = self.seen.get(meant) or self.valid.get(meant)
                if taken:
                    hint = (
                        f"use lowercase {letters}, digits and '-', "
                        f"e.g. '{self._free(meant)}' ('{meant}' is taken on line {taken})"
                    )
                elif meant:
                    hint = f"use lowercase {letters}, digits and '-', e.g. '{meant}'"
                else:
                    # Nothing in it has a Latin spelling ('支付').
                    example = self._example(name, what)
                    hint = f"use lowercase Latin letters (a-z), digits and '-', e.g. '{example}'"
                fields.report(id_node, f"{what} id '{cid}' is not a valid id", hint)
                too_long = what == "component" and len(meant) > MAX_ID_LENGTH
                if not meant or too_long or taken:
                    # No id it could be read as without a second problem here, or blaming
                    # the entry that has that id (before or after this one) as its duplicate.
                    return None
                # Read on as the id the hint gives (`"api "`, `“api”`: 'api'), the one the
                # author meant: else every incident naming it is told it is unknown, and
                # to retire it, on top of this one problem.
                self.misread.append(MisreadId(cid, meant, id_node.line))
                cid = meant
            where: Node = id_node
        elif name is not None:
            # Made again at every read and named by incidents and the page's address:
            # always as earlier releases made it (stable_slug), never respelled.
            cid = stable_slug(name)
            where = fields.mapping
            if not cid:
                fields.report(
                    where,
                    f"cannot make an id from the name '{name}'",
                    f"add an id, e.g. 'id: {self._example(name, what)}'",
                )
                return None
        else:
            return None
        if what == "component" and len(cid) > MAX_ID_LENGTH:
            made = "" if id_node is not None else " made from its name"
            fields.report(
                where,
                f"{what} id{made} is {len(cid)} characters long, more than {MAX_ID_LENGTH}",
                f"set a shorter id, e.g. 'id: {'-'.join(cid.split('-')[:3])[:30]}'; "
                "it becomes the address of the component's page",
            )
            return None
        if windows_device(cid):
            self.diagnostics.append(
                Diagnostic(
                    self.path,
                    where.line,
                    where.column,
                    f"{what} id '{cid}' is a name Windows keeps for a device: its page's "
                    f"folder ({cid}/) cannot be checked out there (Git for Windows refuses it)",
                    f"set another id, e.g. 'id: {cid}-{what}'",
                    Severity.WARNING,
                )
            )
        if cid in self.seen:
            line, made_from = self.seen[cid], self.made_from.get(cid)
            if id_node is None:
                # Two names can make one id ('Payment API', 'بوابة الدفع API': 'api'); the
                # author sees no id in the file, so the hint writes the one to add.
                other = f" (made from the name '{made_from}')" if made_from else ""
                fields.report(
                    where,
                    f"duplicate id '{cid}' (made from its name '{name}')",
                    f"'{cid}' is already used on line {line}{other}; give this {what} an "
                    f"id of its own, e.g. 'id: {self._example(name, what)}'",
                )
            elif made_from is not None:
                fields.report(
                    where,
                    f"duplicate id '{cid}'",
                    f"'{cid}' is already made from the name '{made_from}' on line {line}; "
                    f"give that entry an id of its own (e.g. 'id: {self._free(cid)}'), "
                    "or choose another id here",
                )
            else:
                fields.report(
                    where,
                    f"duplicate id '{cid}'",
                    f"'{cid}' is already used on line {line}; "
                    "ids must be unique across groups and components",
                )
            return None
        self.seen[cid] = where.line
        if id_node is None:
            self.made_from[cid] = name or cid
        return cid, name or cid, id_node is None

    def _example(self, name: str | None, what: str) -> str:
        """An id a hint offers an entry whose name gives none it can have: one made from the
        name ('Zürich' → 'zurich'), else the neutral `what`, free either way, as one already
        used would make a duplicate of the entry that has it; now offered in turn."""
        example = slugify(name or "")
        if not example or len(example) > MAX_ID_LENGTH:
            example = what
        if example in self.seen or example in self.valid or example in self.offered:
            return self._free(example)
        self.offered.add(example)
        return example

    def _free(self, meant: str) -> str:
        """`meant` with the first number after it no entry of the file uses and no hint has
        offered (`api-2`), now offered in turn."""
        used = self.seen.keys() | self.valid.keys() | self.offered
        free = next(f"{meant}-{n}" for n in itertools.count(2) if f"{meant}-{n}" not in used)
        self.offered.add(free)
        return free

    def component(self, entry: Node, position: int, group_id: str | None) -> Component | None:
        fields = self.fields(entry, "component")
        if fields is None:
            return None
        fields.check_keys(
            COMPONENT_KEYS,
            {**_not_audiences("component"), **(_NESTED_GROUP if group_id else {})},
        )
        identity = self.identity(fields, "component")
        description = fields.published_text("description")
        status = _enum(fields, "status", ComponentStatus) or ComponentStatus.OPERATIONAL
        showcase = fields.boolean("showcase")
        only_degraded = fields.boolean("only_show_if_degraded")
        start_date = _date(fields, "start_date")
        retired = fields.boolean("retired")
        fields.text("import_id")  # where an import found it; only checked for its type
        if identity is None:
            return None
        return Component(
            id=identity[0],
            name=identity[1],
            description=description,
            status=status,
            group_id=group_id,
            position=position,
            source=Source(self.path, fields.mapping.line),
            showcase=True if showcase is None else showcase,
            only_show_if_degraded=bool(only_degraded),
            start_date=start_date,
            retired=bool(retired),
            id_from_name=identity[2],
        )

    def group(
        self, entry: Mapping, position: int, members_key: str = "components"
    ) -> tuple[Group | None, list[Component]]:
        """The group and its components, listed under `members_key` (_members_key)."""
        fields = Fields(self.path, entry, self.diagnostics, "group", _GROUP_EMPTY)
        only_components = "only components take '{}'; set it on each component of the group"
        special: dict[str, str | tuple[str, str]] = {
            k: only_components.format(k) for k in COMPONENT_KEYS if k not in GROUP_KEYS
        }
        if members_key != "components":
            special[members_key] = (
                f"unknown key '{members_key}' in group",
                "did you mean 'components'? a group lists its components under 'components:'",
            )
        special.update(_not_audiences("group"))
        fields.check_keys(GROUP_KEYS, special)
        identity = self.identity(fields, "group")
        description = fields.published_text("description")
        fields.text("import_id")
        members_node = fields.node(members_key)
        members: list[Component] = []
        if members_node is not None and not isinstance(members_node, Sequence):
            fields.wrong_type(
                "components",
                members_node,
                "a list of components",
                "write each component below it as '- name: ...', indented",
            )
        elif members_node is not None:
            group_id = identity[0] if identity else ""
            index = 1  # as at the top level, a retired member takes no place
            for item in members_node.items:
                component = self.component(item, index, group_id)
                if component is not None and isinstance(item, Mapping) and item.get("components"):
                    # A group inside a group, refused (component's _NESTED_GROUP): neither a
                    # component nor a group; kept to tell what names it or its members.
                    self.nested.append(
                        NestedGroup(
                            component.id,
                            group_id,
                            item.entries["components"].key.line,  # where its error is
                            _member_ids(item),
                        )
                    )
                    continue
                if component is not None:
                    members.append(component)
                if component is None or not component.retired:
                    index += 1
        if identity is None:
            return None, members
        group = Group(
            id=identity[0],
            name=identity[1],
            description=description,
            position=position,
            component_ids=tuple(c.id for c in members if not c.retired),
            source=Source(self.path, entry.line),
        )
        return group, members


def _enum(
    fields: Fields,
    key: str,
    kind: type[E],
    *,
    required: bool = False,
    allowed: Iterable[E] | None = None,
    hint: Callable[[], str] | None = None,
) -> E | None:
    """An Enum member named by the key's value; reports unknown values with did-you-mean."""
    choices = [m.value for m in (allowed if allowed is not None else kind)]
    node = fields.scalar(key, required=required, choices=choices)
    if node is None:
        return None
    if node.text in choices:
        return kind(node.text)
    slip = unseen_slip(key, node.text, choices.__contains__)
    if slip is not None:
        fields.report(node, *slip)
        return None
    fields.report(
        node,
        f"invalid {key} '{node.text}'",
        hint()
        if hint
        else f"{did_you_mean(node.text, choices)}{key} is one of: {', '.join(choices)}",
    )
    return None


def _date(fields: Fields, key: str) -> date | None:
    node = fields.scalar(key, expected="a date")
    if node is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", node.text):
        try:
            return date.fromisoformat(node.text)
        except ValueError:
            pass
    why = no_such_date(node.text)
    if why is not None:
        fields.report(node, f"'{node.text}' is not a valid date ({why[0]})", why[1])
        return None
    fields.report(node, f"'{node.text}' is not a valid date", date_hint(key, node.text))
    return None


# --- incidents and maintenance -------------------------------------------------------


def parse_in_order(
    parse: ParseEvent,
    items: Items[tuple[str, bytes]],
    timezone: str,
    names: ComponentNames | None,
    jobs: int = 1,
) -> list[ParseResult]:
    """parse(relpath, data, timezone, names) for each (relpath, data), in order;
    by `jobs` forked worker processes from PARALLEL_PARSE_FROM items (`parse` must then
    be pure, as parse_event is). The results are the same either way."""
    if jobs <= 1 or len(items) < PARALLEL_PARSE_FROM:
        return [parse(relpath, data, timezone, names) for relpath, data in items]
    from multiprocessing.reduction import ForkingPickler

    from statusgen.render.workers import map_in_order

    # A worker's results come back as one pickle per slice of files: without this each
    # slice would bring its own copy of every component status, not the one _affected
    # shares, and the saved parse results would hold thousands instead of a few hundred.
    ForkingPickler.register(AffectedComponent, _shared_affected)
    return map_in_order(partial(_parse_item, parse, timezone, names), items, jobs)


def _parse_item(
    parse: ParseEvent, timezone: str, names: ComponentNames | None, item: tuple[str, bytes]
) -> ParseResult:
    """parse(…) of one item, with what status.py keeps on the event worked out by the
    worker (status.derive): the build would work it out alone later, one value at a
    time, each growing every event's attributes again (7 MB at 10,000 incidents)."""
    from statusgen.status import derive

    result = parse(item[0], item[1], timezone, names)
    if result[0] is not None:
        derive(result[0])
    return result


def _shared_affected(
    value: AffectedComponent,
) -> tuple[Callable[[str, ComponentStatus], AffectedComponent], tuple[str, ComponentStatus]]:
    return _affected, (value.id, value.status)


def parse_event(
    relpath: str, data: bytes, timezone: str, names: ComponentNames | None
) -> tuple[Incident | Maintenance | None, list[Diagnostic]]:
    """Parse one file of content/incidents: the Incident or Maintenance (None on any error)
    and its diagnostics. Pure in its arguments, so results can be cached by content hash.

    `names` None means the components are unknown (their file is broken): references
    are then not checked, rather than all reported as unknown."""
    event, diagnostics = _parse_event(relpath, data, timezone, names)
    diagnostics = as_written(relpath, data, diagnostics)
    if event is not None and not event.draft and b"![" in data:
        # Part of the file's result, kept with it in the cache: looking for images in
        # every event at every build cost 20 ms at 10,000 incidents.
        diagnostics += images_without_text(Path(), [event], {event.source.path: data})
    return event, diagnostics


def _unusable_name(slug: str) -> str:
    """The error of an incident file whose name `slug` cannot be a page address."""
    return f"file name '{slug}' cannot be used as a page address"


# What ComponentNames.problem says of an id no component has, and the id its hint offers.
_UNKNOWN_COMPONENT = re.compile(r"unknown component '(.+)'")
_OFFERED_ID = re.compile(r"did you mean '(.+?)'\? ")


def _id_typo_hints(
    diagnostics: list[Diagnostic], catalog: Catalog, named: Collection[str] = ()
) -> list[Diagnostic]:
    """`diagnostics`, where several incident files name the same unknown component and are
    offered a current component's id: each hint also offers correcting that id where
    components.yaml has it, as `id: webiste` is more likely the typo than every incident
    writing `website`; or, when that component has no `id:` (its id came from its name),
    adding `id:` with the id they name, as it was most likely renamed. Not for an id that
    other files name (`named`): changing it would make them the ones naming none. After
    the cache: which other files name it is no part of one's."""
    lines = {c.id: c for c in catalog.components}
    naming: dict[tuple[str, str], set[str]] = {}
    places: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        unknown, offered = _UNKNOWN_COMPONENT.fullmatch(d.message), _OFFERED_ID.match(d.hint)
        if unknown and offered and offered[1] in lines and d.path.startswith(INCIDENTS_DIR):
            naming.setdefault((unknown[1], offered[1]), set()).add(d.path)
            places[unknown[1], offered[1]] = places.get((unknown[1], offered[1]), 0) + 1
    typos = {pair for pair, paths in naming.items() if len(paths) > 1 and pair[1] not in named}
    if not typos:
        return diagnostics
    fixed = []
    for d in diagnostics:
        unknown, offered = _UNKNOWN_COMPONENT.fullmatch(d.message), _OFFERED_ID.match(d.hint)
        if unknown and offered and (unknown[1], offered[1]) in typos:
            component = lines[offered[1]]
            where = f"{component.source.path}:{component.source.line}"
            count = len(naming[unknown[1], offered[1]])
            # Counted here only while each file is told: more are one problem that counts
            # them (_folded_unknown_components).
            told = places[unknown[1], offered[1]] <= _UNKNOWN_LISTED
            named = f" ({count} incident files name '{unknown[1]}')" if told else ""
            if component.id_from_name:
                # No `id:` line to correct: its id came from its name, and a rename moved
                # it away from the one every past incident names.
                also = (
                    f"or, if '{offered[1]}' ({where}) was renamed{named}, add "
                    f"'id: {unknown[1]}' to it to keep its id, its history and its addresses; "
                )
            else:
                also = f"or, if the id in {where} is the typo{named}, correct it there; "
            d = replace(d, hint=offered[0] + also + d.hint[offered.end() :])
        fixed.append(d)
    return fixed


# How many files may each be told of the same unknown component at their own line; more are
# told as one problem, listing this many of them (a renamed component named by 160 incidents
# flooded `check`, and the 10 annotations GitHub shows of a step, with one cause).
_UNKNOWN_LISTED = 3


def _folded_unknown_components(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`diagnostics`, where more than _UNKNOWN_LISTED files name the same unknown component:
    one error at the first of them, naming a few of the others and counting the rest,
    instead of the same hint at each. After the cache, as _id_typo_hints."""
    from statusgen.report import plural

    naming: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        unknown = _UNKNOWN_COMPONENT.fullmatch(d.message)
        if unknown and d.severity is Severity.ERROR:
            naming.setdefault(unknown[1], []).append(d)
    folded: dict[Diagnostic, Diagnostic | None] = {}
    for cid, told in naming.items():
        # Counted by place, not by file: three files naming it on seven Components lines
        # each are 21 annotations of one cause.
        if len(told) <= _UNKNOWN_LISTED:
            continue
        told.sort()
        files = list(dict.fromkeys(d.path for d in told))
        first = told[0]
        # The first place in each other file, then (when there are few files) the other
        # places in them, so the hint still says where else to look.
        others = [next(d for d in told if d.path == path) for path in files[1:]]
        others += [d for d in told[1:] if d not in others][: _UNKNOWN_LISTED - len(others)]
        listed = ", ".join(d.location() for d in others[:_UNKNOWN_LISTED])
        left = len(files) - 1 - _UNKNOWN_LISTED
        more = f" and {plural(left, 'more file')}" if left > 0 else ""
        named = (
            f"named by {plural(len(files), 'file')}"
            if len(told) == len(files)
            else f"named {len(told)} times in {plural(len(files), 'file')}"
        )
        folded.update(dict.fromkeys(told))
        folded[first] = replace(
            first,
            message=f"unknown component '{cid}', {named}",
            hint=f"{first.hint.rstrip('; ')}; also named at {listed}{more}",
            also=(*first.also, *dict.fromkeys(d.path for d in others if d.path != first.path)),
        )
    if not folded:
        return diagnostics
    return [kept for d in diagnostics if (kept := folded.get(d, d)) is not None]


# Where a link's address starts, as written: after an inline link's `](`, a definition's
# `]:` or an autolink's `<` (a `<` around the address, and spaces, first), its scheme; or
# the scheme of an address written bare, before its `://`.
_WRITTEN_SCHEME = re.compile(
    r"(?:\]\(|\]:|<)\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):"
    r"|(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*)://"
)


def _may_name_a_dropped_scheme(text: str) -> bool:
    """Whether a link in `text` may have an address whose scheme the page drops, read
    without the Markdown module (importing it and reading the links costs an edit's
    rebuild tens of milliseconds): a scheme outside ALLOWED_URL_SCHEMES where an address
    starts, or what only the module reads as the page does (a character reference, an
    escape, a tab: `&#106;avascript:`, `javascript\\:`)."""
    if ":" not in text or not any(mark in text for mark in ("](", "<", "]:", "://")):
        return False
    if any(mark in text for mark in "&\\\t"):
        return True
    return any(
        (found[1] or found[2]).lower() not in ALLOWED_URL_SCHEMES
        for found in _WRITTEN_SCHEME.finditer(text)
    )


# How check's warning of a Postmortem update ending an open incident begins: `update
# --status postmortem` tells the same in its own words, and leaves this one out.
POSTMORTEM_ENDS_OPEN = "this Postmortem update ends the incident"


# A front matter key line as `statusgen new` writes them: `impact: major`, or a component's
# status indented under `components:`.
_FRONT_MATTER_KEY = re.compile(r"[ \t]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*:[ \t]*[^\s:/][^\s]*")
# An event's own key with any value, spaces and quotes too (`title: Database failover in
# eu-west`, `date: 2026-11-21 08:00`): prose under a '---' rarely starts with one of them in
# lower case, and a title left behind is the line most likely to have spaces.
_EVENT_KEY = re.compile(
    "(?:" + "|".join(sorted({*INCIDENT_KEYS, *MAINTENANCE_KEYS})) + r")[ \t]*:[ \t]*\S.*"
)
# A key with nothing after its colon (`components:`, whose statuses follow indented): front
# matter too when a key line with a value is in the same run above the '---'.
_FRONT_MATTER_OPENER = re.compile(r"[ \t]*[A-Za-z_][A-Za-z0-9_-]*[ \t]*:")


# An event key's value in quotes that runs on to a later line (`title: "Other`, then
# `  one"`), and the whole of one, its escapes and YAML's doubled `''` inside.
_QUOTED_OPENED = re.compile(
    "(?:" + "|".join(sorted({*INCIDENT_KEYS, *MAINTENANCE_KEYS})) + r")[ \t]*:[ \t]*([\"'].*)"
)
_QUOTED_WHOLE = {'"': re.compile(r'"(?:[^"\\]|\\.)*"'), "'": re.compile("'(?:[^']|'')*'")}


def _quoted_value_key(lines: list[str], last: int, top: int, blocks: list[int]) -> int | None:
    """The index of the event key line whose quoted value (`title: "Other`) runs on to
    `lines[last]`, which closes it (`  one"`), with no blank line, key line or code from
    `top` on in between; None when `lines[last]` ends no such value."""
    for at in range(last - 1, top - 1, -1):
        line = lines[at].rstrip()
        if blocks[at] or not line:
            return None
        opened = _QUOTED_OPENED.fullmatch(line)
        if opened is not None:
            value = " ".join([opened[1], *(part.strip() for part in lines[at + 1 : last + 1])])
            return at if _QUOTED_WHOLE[value[0]].fullmatch(value) else None
        if _front_matter_key(line):
            return None
    return None


def _front_matter_key(line: str) -> bool:
    """Whether `line` reads as a front matter key line with its value."""
    line = line.rstrip()
    return bool(_FRONT_MATTER_KEY.fullmatch(line) or _EVENT_KEY.fullmatch(line))


def _emptied_components(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`diagnostics` of a site whose components file is empty: when files name components,
    one error at that file saying it was emptied, instead of "unknown component" at each
    id each file names (a 300-incident site was told 714 times, never at the file)."""
    from statusgen.report import plural

    unknown = {
        d: match[1] for d in diagnostics if (match := _UNKNOWN_COMPONENT.fullmatch(d.message))
    }
    if not unknown:
        return diagnostics  # no file names a component: an empty file says "none"
    naming = {d.path for d in unknown}
    first = min(unknown)
    told = Diagnostic(
        COMPONENTS_FILE,
        1,
        1,
        f"the file is empty, but {plural(len(naming), 'file')} name components "
        f"({first.location()} names '{unknown[first]}')",
        f"restore it, e.g. `git checkout {COMPONENTS_FILE}`; or, if the site has no "
        "components any more, remove them from those files",
    )
    return [told, *(d for d in diagnostics if d not in unknown)]


def _meant_slug(slug: str) -> str:
    """The slug an incident file named `slug` (unusable as an address) most likely meant:
    a suffix saved twice dropped (`x.md.md` is x.md, not x-md.md), or the mark a file
    manager or a browser gives a copy (`x (1).md` is x.md, not x-1.md), then made a slug."""
    copy = _copy_of(_suffix_dropped(slug))
    return slugify(copy[0] if copy else _suffix_dropped(slug))


# The marks a file manager or a browser gives a copy of a file, and who gives each: a copy
# of x.md, which renamed to x-1.md or x-copy.md would show the incident twice. Windows
# Explorer's in the folder of its file (`x - Copy.md`, then `x - Copy (2).md`; `x (1).md`
# as a download or a paste is named again), macOS Finder's (`x copy.md`, `x copy 2.md`),
# and a browser's download of a name it has (`x(1).md`).
_COPY_MARKS = (
    (re.compile(r"(.+?)(?: - Copy)?(?: \([0-9]+\))?"), "Windows"),
    (re.compile(r"(.+?) copy(?: [0-9]+)?"), "macOS"),
    (re.compile(r"(.+?)\([0-9]+\)"), "a browser"),
)


# As a copy an editor or a merge tool leaves (`x.md~`, `x.md.orig`) is told (_unread_hint).
_COPY_HINT = "remove it if it is a copy of {other}, as {who} names one"


def _copy_of(name: str) -> tuple[str, str] | None:
    """The name `name` (without .md) has as the file a file manager or a browser made a
    copy of, and who names a copy so (for _COPY_HINT); None if it is no such copy."""
    for mark, who in _COPY_MARKS:
        match = mark.fullmatch(name)
        if match and match[1] != name:
            return match[1], who
    return None


def _suffix_dropped(name: str) -> str:
    """`name` without every .md it ends in, in any case (`x.md.MD` → `x`), keeping a name
    that is nothing else (`.md`)."""
    while name.lower().endswith(INCIDENT_SUFFIX) and len(name) > len(INCIDENT_SUFFIX):
        name = name[: -len(INCIDENT_SUFFIX)]
    return name


def _name_taken(
    problems: list[Diagnostic], relpath: str, files: Collection[str]
) -> list[Diagnostic]:
    """`problems` of the incident file at `relpath` (parse_event's, kept by the file's
    content alone), where the name their hint offers for an unusable file name is that of
    another of `files`, the incident folder's: told as a clash with it instead, since
    renamed so, the file would replace that incident."""
    # Asked of every incident file at each build: a file without problems, or with a
    # usable name, is done with before any slug is made (10,000 of them cost 35 ms).
    if not problems:
        return problems
    slug = slug_of(relpath)
    if SLUG.fullmatch(slug):
        return problems
    meant = _meant_slug(slug)
    if not SLUG.fullmatch(meant):
        return problems
    other = f"{relpath.rpartition('/')[0]}/{meant}{INCIDENT_SUFFIX}"
    if other == relpath or other not in files:
        return problems
    message = _unusable_name(slug)
    copy = _copy_of(_suffix_dropped(slug))
    hint = (
        _COPY_HINT.format(other=other, who=copy[1])
        if copy
        # x.md.md beside x.md: a second copy of the incident, saved under the name doubled.
        else f"{other} is there already: merge what this copy adds into it, then delete the copy"
        if slugify(slug) != meant
        else f"use lowercase letters, digits and '-': it clashes with {other}, the name it "
        "would take, which is another file's; merge the two, or give this one another name"
    )
    return [
        replace(d, hint=hint, also=(*d.also, other)) if d.message == message else d
        for d in problems
    ]


_EMPTY_HINT = (
    "restore what it held from git (`git checkout -- {path}`; `git log -- {path}` finds "
    "it in an older commit), or delete the file"
)


def _parse_event(
    relpath: str, data: bytes, timezone: str, names: ComponentNames | None
) -> tuple[Incident | Maintenance | None, list[Diagnostic]]:
    """parse_event, with the columns of a line a left-out character moved as read."""
    diagnostics: list[Diagnostic] = []
    slug = slug_of(relpath)
    if not SLUG.fullmatch(slug):
        # The name it can have, as page names and ids are offered theirs: made from it.
        meant = _meant_slug(slug)
        copy = _copy_of(_suffix_dropped(slug))
        example = (
            f"rename it to {meant}{INCIDENT_SUFFIX}"
            if SLUG.fullmatch(meant)
            else "e.g. 2026-11-20-payment-errors.md"
        )
        diagnostics.append(
            Diagnostic(
                relpath,
                0,
                0,
                _unusable_name(slug),
                _COPY_HINT.format(other=f"{meant}{INCIDENT_SUFFIX}", who=copy[1])
                + f"; else {example}"
                if copy and SLUG.fullmatch(meant)
                else f"its name ends in {INCIDENT_SUFFIX} twice: {example}"
                if meant != slugify(slug) and SLUG.fullmatch(meant)
                else f"use lowercase letters, digits and '-': {example}",
            )
        )
    if not data:
        # Cut by a full disk or a script's `: >`, not an incident begun without its front
        # matter: what it held is in git, if anywhere.
        diagnostics.append(
            Diagnostic(
                relpath, 1, 1, "the file is empty (0 bytes)", _EMPTY_HINT.format(path=relpath)
            )
        )
        return None, diagnostics
    # A character no text may hold is told where it is, and the file read on past it: one
    # pasted from an alert must not hide the file's other mistakes until it is removed. As
    # an error, it still keeps the file from being published.
    text, problems = decode_past_refused(relpath, data)
    diagnostics += problems
    if text is None:
        return None, diagnostics
    # Nothing else is reported: until the merge is resolved, each side's text is in doubt.
    problems = front_matter_file_conflicts(relpath, text)
    if problems:
        return None, [*diagnostics, *problems]
    parts, problem = frontmatter.split(relpath, text)
    if parts is None:
        return None, [*diagnostics, *([problem] if problem else [])]
    root, problems = parse_yaml(parts.yaml, relpath, first_line=parts.yaml_line)
    diagnostics += problems
    uncommented = without_comments(parts.body)
    # What is converted: the text the comments hide never is.
    bound = markdown_problem(uncommented.text)
    if bound is not None:
        line = parts.body_line + bound.line - 1
        diagnostics.append(Diagnostic(relpath, line, bound.column, bound.message, bound.hint))
    # As the characters themselves (decode_past_refused): the page decodes `&#1;` into one.
    diagnostics += [
        _refused_reference(relpath, parts.body_line + found.line - 1, found)
        for found in refused_references(uncommented.text)
    ]
    if uncommented.unclosed:
        # Read as GitHub shows it, the rest of the file is hidden: an update below it
        # would be lost, or text meant hidden published, whichever way it was guessed.
        diagnostics.append(
            Diagnostic(
                relpath,
                parts.body_line + uncommented.unclosed - 1,
                uncommented.column,
                "this HTML comment is never closed: it hides the rest of the file",
                "close it with '-->' after the text it should hide; to show '<!--' as "
                "text, write it as '\\<!--'",
            )
        )
    try:
        tz = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        tz = ZoneInfo("UTC")
    if root is None and problems:
        return None, diagnostics + _body_problems(relpath, slug, parts, tz, names)
    if root is None and (doubled := frontmatter.doubled_fence(parts)) is not None:
        # Its keys are all there, below: "missing required key" would send the author
        # looking for what is not missing.
        diagnostics.append(
            Diagnostic(
                relpath,
                doubled,
                1,
                f"an empty front matter: the '---' on line {doubled} closes it",
                "remove one of the two '---' lines",
            )
        )
        return None, diagnostics + _body_problems(relpath, slug, parts, tz, names)
    if root is None:
        root = Mapping({}, 1, 1)  # empty front matter: report the missing keys at the '---'
    if not isinstance(root, Mapping):
        diagnostics.append(
            Diagnostic(
                relpath,
                root.line,
                root.column,
                f"front matter must be a mapping of keys, not {type_name(root)}",
                glued_fix(root) or "write 'title: ...' and 'status: ...' on their own lines",
            )
        )
        return None, diagnostics + _body_problems(relpath, slug, parts, tz, names)
    event = _EventReader(relpath, slug, root, parts, tz, names, diagnostics)
    result: Incident | Maintenance | None
    if any(key in root.entries for key in _WINDOW_KEYS) or _meant_as_window(root, parts):
        result = event.maintenance()
    else:
        result = event.incident()
    unclosed = unclosed_fence(parts.body, parts.body_line)
    if unclosed is not None:
        # Shown as code to the end of its message, which its author may mean; but an
        # update written after it by hand would be read as code, never as an update.
        diagnostics.append(
            Diagnostic(
                relpath,
                unclosed.line,
                1,
                "this code block is never closed: the rest of the file is its code, "
                "so an update added after it would be read as code",
                f"add a line '{unclosed.fence}' after the block's last line",
                Severity.WARNING,
            )
        )
    if result is not None and result.draft:
        node = root.get("draft")
        assert node is not None
        diagnostics.append(
            Diagnostic(
                relpath,
                node.line,
                node.column,
                "a draft: checked, but `statusgen build` publishes nothing of it",
                "remove 'draft: true' to publish it",
                Severity.NOTICE,
            )
        )
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    return (None if failed else result), diagnostics


def _refused_reference(relpath: str, line: int, found: RefusedReference) -> Diagnostic:
    """What a character reference naming a character no text may hold is told, as that
    character written itself is (load/text.py), with how to show it as typed instead."""
    shown = found.reference if len(found.reference) <= 16 else found.reference[:12] + "…;"
    instead = f"to show it as typed, write '\\{shown}'"
    if found.in_address:
        # The page links an address as typed: a backslash there is the address's own.
        instead = "in an address a backslash escapes nothing"
        if found.code is not None and not 0xD800 <= found.code <= 0xDFFF:
            encoded = quote(chr(found.code), safe="")
            instead += f": to keep the character, write it percent-encoded, '{encoded}'"
    return Diagnostic(
        relpath,
        line,
        found.column,
        f"character reference '{shown}' names {found.names}, which is not allowed",
        f"remove it: feeds and other XML outputs cannot carry it ({instead})",
    )


# A maintenance window's times: either key makes a file one.
_WINDOW_KEYS = ("scheduled_for", "scheduled_until")
_INCIDENT_STATES = frozenset(s.value for s in IncidentState)
_MAINTENANCE_STATES = frozenset(s.value for s in MaintenanceState)


def _window_renames(root: Mapping) -> dict[str, str]:
    """Each key of `root` that is a word for a window's time it lacks (`start`, `end`,
    `date`, `resolved_at`: errors.SYNONYMS) or a misspelling of one (`schedule_for`), to
    the key meant; one key each, in the file's order."""
    free = [meant for meant in _WINDOW_KEYS if meant not in root.entries]
    unknown = [key for key in root.entries if key not in MAINTENANCE_KEYS]
    if not free or not unknown:
        return {}
    # Misspelt as well as other words (close_matches asks SYNONYMS first): `schedule_for`
    # was told as an incident's unknown key, with no word of the key meant. The closest
    # pair is settled first, so `schedule_from` takes scheduled_for and `schedule_to`,
    # though close to it too, the end that is left.
    # Never the other end than the key's own words name (`scheduled_from` is no end).
    wanted = {
        key: [m for m in close_matches(key, free, count=len(free)) if not _names_other_end(key, m)]
        for key in unknown
    }

    def closeness(key: str) -> float:
        if synonym(key, free) is not None:
            return 2.0  # a word that means it, before any spelling
        return max((_likeness(key, meant) for meant in wanted[key]), default=0.0)

    renames: dict[str, str] = {}
    for key in sorted((k for k in unknown if wanted[k]), key=closeness, reverse=True):
        meant = next((m for m in wanted[key] if m not in renames.values()), None)
        if meant is not None:
            renames[key] = meant
    # One time still without a key, and one key left that reads as that end of a window
    # (`to:`, `window_end:`; `from:`): nothing else can be meant.
    left = [key for key in unknown if key not in renames]
    for meant, words in _WINDOW_WORDS.items():
        if meant in free and meant not in renames.values():
            reading = [key for key in left if words & _words(key)]
            if len(reading) == 1:
                renames[reading[0]] = meant
                left.remove(reading[0])
    return {key: renames[key] for key in unknown if key in renames}


def _words(key: str) -> set[str]:
    """The words of a key: `window_end` is `window` and `end`."""
    return set(re.split(r"[^a-z]+", key.lower()))


def _names_other_end(key: str, meant: str) -> bool:
    """Whether `key`'s words name the end of a window that `meant` is not."""
    return any(words & _words(key) for end, words in _WINDOW_WORDS.items() if end != meant)


def _likeness(key: str, meant: str) -> float:
    """How close `key` is spelt to `meant`, as close_matches measures it."""
    import difflib

    return difflib.SequenceMatcher(None, key.casefold(), meant).ratio()


# Words in a key that name one end of a window: what a key no spelling is close to means.
_WINDOW_WORDS = {
    "scheduled_for": frozenset({"from", "start", "starts", "begin", "begins", "since"}),
    "scheduled_until": frozenset(
        {"to", "end", "ends", "until", "till", "til", "thru", "through", "stop", "finish"}
    ),
}


def _meant_as_window(root: Mapping, parts: frontmatter.FrontMatter) -> bool:
    """Whether a file without scheduled_for/scheduled_until is a maintenance window written
    with other words for its times (`start:`, `end:`) or misspelt ones (`schedule_for:`):
    its status is a maintenance state, or, without an incident's status, every update
    heading is (`## Scheduled at`, `## In progress at`). Read as an incident, it would be
    told to use an incident's `date` and states, against the status it has. One naming no
    time, or whose headings mix the two kinds' states (`## Investigating at`, then `## In
    progress at`), is left an incident, whose hints name both file kinds."""
    # The status first: it settles nearly every incident of a large site at once, and
    # the renames are looked for in each file a first build parses.
    node = root.get("status")
    status = node.text if isinstance(node, Scalar) else ""
    if status in _INCIDENT_STATES or not _window_renames(root):
        return False
    if status in _MAINTENANCE_STATES:
        return True
    headings = [raw.heading for raw in split_body(parts.body, 0)[1]]
    return bool(headings) and all(map(maintenance_heading, headings))


def _body_problems(
    relpath: str,
    slug: str,
    parts: frontmatter.FrontMatter,
    tz: ZoneInfo,
    names: ComponentNames | None,
) -> list[Diagnostic]:
    """What is wrong in the updates of a file whose front matter cannot be read, so that
    `check` reports them in the same run rather than once the YAML is fixed."""
    # Without the front matter nothing says whether this is maintenance: the reading
    # with fewer complaints is the one meant ("## Investigating at" is no maintenance state).
    readings = []
    for maintenance in (False, True):
        found: list[Diagnostic] = []
        reader = _EventReader(relpath, slug, Mapping({}, 1, 1), parts, tz, names, found)
        reader.updates(maintenance=maintenance)
        readings.append(found)
    return min(readings, key=len)


def audiences_of(relpath: str, data: bytes) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """The page names `audiences:` gives in an incident file, and where each is, read past
    the file's other mistakes: `check` reports a wrong name together with them, not only
    once they are fixed. ((), ()) when the front matter cannot be read at all."""
    text, _ = decode_past_refused(relpath, data)
    parts = frontmatter.split(relpath, text)[0] if text is not None else None
    if parts is None:
        return (), ()
    root, _ = parse_yaml(parts.yaml, relpath, first_line=parts.yaml_line)
    if not isinstance(root, Mapping):
        return (), ()
    # Its other mistakes are the parse's to report: the reader's diagnostics go nowhere.
    reader = _EventReader(relpath, slug_of(relpath), root, parts, ZoneInfo("UTC"), None, [])
    return reader.audiences()


def _in_message(updates: Items[RawUpdate], line: int) -> bool:
    """Whether file `line` is in the message of one of `updates`, below the line right
    under its heading (the one the timeline reads statuses from)."""
    above = [raw for raw in updates if raw.line < line]
    return bool(above) and line > above[-1].line + 1


def _indented_code(body: str, body_line: int) -> frozenset[int]:
    """The file lines of `body` (which starts on file line `body_line`) in a code block
    as the page shows them, read without their HTML comments as the timeline reads them:
    outside fences, where stray headings are, those of an indented code block."""
    blocks = CodeBlocks()
    text = without_comments(body).text if COMMENT_OPEN in body else body
    lines = enumerate(text.split("\n"))
    return frozenset(body_line + index for index, line in lines if blocks.inside(line))


class _EventReader:
    """Reads one incident or maintenance file; every problem goes to `diagnostics`."""

    def __init__(
        self,
        path: str,
        slug: str,
        root: Mapping,
        parts: frontmatter.FrontMatter,
        tz: ZoneInfo,
        names: ComponentNames | None,
        diagnostics: list[Diagnostic],
    ) -> None:
        self.path = path
        self.slug = slug
        self.fields = Fields(path, root, diagnostics)
        self.parts = parts
        self.tz = tz
        self.names = names
        self.diagnostics = diagnostics
        # A Resolved or Postmortem heading whose time could not be read (updates()).
        self.resolution_unread = False
        # An update dated before the one above it (updates()).
        self.disordered = False
        # Per update heading's line, the line of its `Components:` line (updates()).
        self.status_lines: dict[int, int] = {}
        # Where a retired component is named: an open event may not (retired_named()).
        self.retired_seen: list[tuple[str, Scalar]] = []
        # Where a component no page shows is named: an open event is told (page_problems()).
        self.unshown_seen: list[tuple[str, Scalar]] = []
        # The ids front matter's `components` names without a status that could be read
        # (components()); None when `components` itself could not be read. An update's
        # line setting one is no news to the front matter: its own problem is reported.
        self.components_unread: set[str] | None = set()
        # Whether the event may be over (its `status:` is read first): only then may an
        # unknown component it names be one removed since, which retiring keeps nameable.
        self.past = False

    def report(
        self,
        line: int,
        column: int,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, column, message, hint, severity))

    def secret_in_name(self, title: str | None, fallback: str) -> None:
        """Warn, at the file, when its name holds the secret of an address in the title (a
        name made from the title before such addresses were left out): the name is the
        event's address, published by every page, feed and the API after the title is
        cleaned too."""
        if title is None or not names_secret(self.slug, title):
            return
        day = self.slug[:11] if _DAY_PREFIX.match(self.slug) else ""
        self.report(
            0,
            0,
            "the file name holds a token in the title, or the password, token or webhook "
            "address of a URL in it: it is the page's address, which every page, feed and "
            "the API publish, also once the title no longer holds it",
            f"rename the file, e.g. to {day}{slugify(title) or fallback}{INCIDENT_SUFFIX} "
            "(its page, feed items and API id move to the new address), then remove the "
            "secret from the title and change it, if the site was published",
            Severity.WARNING,
        )

    def windows_device_name(self, fallback: str) -> None:
        """Warn, at the file, when its name is one Windows keeps for a device (`aux.md`):
        Git for Windows refuses to check it out, so the site cannot be cloned there."""
        if not windows_device(self.slug):
            return
        self.report(
            0,
            0,
            f"the file name '{self.slug}{INCIDENT_SUFFIX}' is one Windows keeps for a device:"
            " Git for Windows refuses to check it out",
            f"rename the file, e.g. to {self.slug}-{fallback}{INCIDENT_SUFFIX} (its page, feed "
            "items and API id move to the new address)",
            Severity.WARNING,
        )

    def refused(self) -> bool:
        """Whether an error was reported: a warning leaves the event as the site reads it
        (one dropped for a warning would vanish from every page without a word)."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    # -- incidents

    def incident(self) -> Incident | None:
        fields = self.fields
        fields.check_keys(INCIDENT_KEYS)
        title = fields.title("title", required=True)
        self.secret_in_name(title, "incident")
        self.windows_device_name("incident")
        import_id, import_id_at = self.import_id()  # where an import found it
        fields.text("import_hash")  # what the import wrote, to tell a local edit
        # Left out, it is reported once the updates are read: the newest gives its value.
        status_written = "status" in fields.mapping.entries
        state = _enum(
            fields,
            "status",
            IncidentState,
            required=status_written,
            hint=lambda: _status_hint(fields),
        )
        self.past = state in RESOLVED_INCIDENT_STATES
        impact = _enum(fields, "impact", Impact, allowed=INCIDENT_IMPACTS)
        components = self.components(impact)
        date = self.time("date")
        resolved_at = self.time("resolved_at")
        draft = bool(fields.boolean("draft"))
        alert = self.alert()
        summary, updates, complete = self.updates(maintenance=False)
        audiences, audiences_at = self.audiences()

        impact_written = impact is not None
        if impact is None:
            impact = derived_impact(components, updates)
        if date is not None and updates and updates[0].at < date.at:
            self.report(
                updates[0].line,
                1,
                f"the first update is earlier than the incident's date ({date.node.text})",
                f"fix the update's time, or move 'date' (line {date.node.line}) earlier",
            )
        started_at = date.at if date else (updates[0].at if updates else None)
        if started_at is None and complete and "date" not in fields.mapping.entries:
            self.report(
                1,
                1,
                "incident has no start time",
                "add an update such as '## Investigating at 2026-11-20 14:05' "
                "or 'date: 2026-11-20 14:05' to the front matter",
            )
        # Which update is the newest, and which ended the incident, is known once the
        # updates are in time order: until then only the update out of order is reported.
        ordered = complete and not self.disordered
        if not status_written:
            fields.missing(
                "status",
                f"add 'status: {updates[-1].state.value}', the state of the newest update "
                f"(line {updates[-1].line})"
                if ordered and updates
                else "",
            )
        if state is not None and ordered:
            self.check_newest(state, updates)
        if ordered:
            # Which status is the last one set is known in time order too: judged in the
            # file's, its hint would ask for a status that moving the update up changes.
            self.check_component_changes(components, updates)
            self.check_after_end(components, updates)
            self.check_postmortem_ends(updates)
        if state in OPEN_INCIDENT_STATES:
            self.retired_named(OPEN_INCIDENT)
        resolved = self.resolution(state, resolved_at, updates)
        if resolved is not None and started_at is not None and resolved[0] < started_at:
            self.report(
                resolved[1],
                1,
                "the incident is resolved before it started",
                "check the times of 'date', 'resolved_at' and the updates",
            )
        if title is None or state is None or started_at is None or self.refused():
            return None
        incident = Incident(
            slug=self.slug,
            title=title,
            state=state,
            impact=impact,
            components=components,
            started_at=started_at,
            resolved_at=resolved[0] if resolved else None,
            monitoring_at=monitoring_since(updates),
            summary=summary,
            updates=tuple(updates),
            source=Source(self.path, 1),
            audiences=audiences,
            audiences_at=audiences_at,
            draft=draft,
            alert=alert,
            import_id=import_id,
            import_id_at=import_id_at,
            impact_written=impact_written,
        )
        self.page_problems(incident, incident.is_open)
        return incident

    def alert(self) -> AlertRef | None:
        """`alert: {source: ..., id: ..., cleared_at: ..., fired_at: ..., rule: ...}`: the
        alert `statusgen ingest` opened this for, when it last cleared and when it last
        fired, and the rule that opened it."""
        node = self.fields.node("alert")
        if node is None:
            return None
        if not isinstance(node, Mapping):
            self.fields.wrong_type(
                "alert",
                node,
                "a mapping with 'source' and 'id'",
                "write 'source:' and 'id:' indented below 'alert:', as statusgen ingest does",
            )
            return None
        fields = Fields(self.path, node, self.diagnostics, "alert")
        fields.check_keys(ALERT_KEYS)
        source = fields.text("source", required=True)
        ident = fields.text("id", required=True)
        cleared_at = self.alert_time(fields, "cleared_at")
        fired_at = self.alert_time(fields, "fired_at")
        components_fired_at = self.component_times(fields, "components_fired_at")
        components_cleared_at = self.component_times(fields, "components_cleared_at")
        rule = fields.text("rule")
        if not (source and ident):
            return None
        written = self.fields.mapping.entries["alert"].key
        return AlertRef(
            source,
            ident,
            cleared_at,
            fired_at,
            components_fired_at,
            components_cleared_at,
            rule or None,
            (written.line, written.column),
        )

    def component_times(self, fields: Fields, key: str) -> tuple[tuple[str, datetime], ...]:
        """`key` of `alert:`, a mapping of component ids to times (empty when absent; each
        problem reported)."""
        node = fields.node(key)
        if node is None:
            return ()
        if not isinstance(node, Mapping):
            fields.wrong_type(
                key,
                node,
                "a mapping of component ids to times",
                f"e.g. '{key}: {{api: 2026-11-22 19:02:45 +01:00}}', as statusgen ingest writes it",
            )
            return ()
        times = []
        for cid, entry in node.entries.items():
            value = entry.value
            problem = self.names.problem(cid, past=self.past) if self.names is not None else None
            if problem is not None:
                # A time kept for no component guards none against late deliveries.
                self.report(entry.key.line, entry.key.column, f"{key}: {problem[0]}", problem[1])
                continue
            text = value.text if isinstance(value, Scalar) else ""
            try:
                times.append((cid, parse_time(text, self.tz)))
            except TimelineError as error:
                self.report(value.line, value.column, f"{key}: {cid}: {error.message}", error.hint)
        return tuple(times)

    def alert_time(self, fields: Fields, key: str) -> datetime | None:
        """The time `key` of `alert:` holds (None when absent; reported when no time)."""
        scalar = fields.scalar(key, expected="a date and time", example=time_hint(key))
        if scalar is None:
            return None
        try:
            return parse_time(scalar.text, self.tz)
        except TimelineError as error:
            self.report(scalar.line, scalar.column, f"{key}: {error.message}", error.hint)
            return None

    def resolution(
        self, state: IncidentState | None, resolved_at: _Time | None, updates: list[Update]
    ) -> tuple[datetime, int] | None:
        """When the incident was resolved and the line saying so; None while it is open."""
        timeline = _resolved_from_timeline(updates)
        if resolved_at is not None and timeline is not None and resolved_at.at != timeline[0]:
            self.report(
                resolved_at.node.line,
                resolved_at.node.column,
                f"resolved_at disagrees with the resolved update on line {timeline[1]}",
                "remove resolved_at: the timeline already says when it was resolved",
            )
        if state is None:
            return None
        if state not in RESOLVED_INCIDENT_STATES:
            node = self.fields.mapping.get("resolved_at")
            if node is not None and "resolved_at" not in self.fields.emptied:
                self.report(
                    node.line,
                    node.column,
                    f"resolved_at is set but the incident is still {state.value}",
                    "remove resolved_at, or set status: resolved",
                )
            return None
        if timeline is not None:
            return timeline
        if resolved_at is not None:
            return resolved_at.at, resolved_at.node.line
        # Else already reported: a bad resolved_at, or a Resolved heading with a bad time.
        # Not while an update is out of order: the one resolving it may be above it. Nor
        # when there are updates: the newest leaves the incident open (a reopened one, its
        # `## Resolved at` above), and check_newest tells the status that disagrees with it.
        unknown = self.resolution_unread or self.disordered or bool(updates)
        if "resolved_at" not in self.fields.mapping.entries and not unknown:
            node = self.fields.mapping.get("status")
            assert node is not None
            self.report(
                node.line,
                node.column,
                f"the incident is {state.value} but nothing says when it was resolved",
                "add an update such as '## Resolved at 2026-11-20 15:12' "
                "or 'resolved_at: 2026-11-20 15:12' to the front matter",
            )
        return None

    # -- maintenance

    def maintenance(self) -> Maintenance | None:
        fields = self.fields
        # `start:`/`end:` (or an incident's `date:`/`resolved_at:`) for the window's times:
        # one problem naming each rename, not an unknown key and a missing one for each.
        renames = _window_renames(fields.mapping)
        if renames:
            first = fields.mapping.entries[next(iter(renames))].key
            self.report(
                first.line,
                first.column,
                "this reads as a maintenance window, whose times are 'scheduled_for' and "
                "'scheduled_until'",
                "rename " + " and ".join(f"'{k}' to '{m}'" for k, m in renames.items()),
            )
        fields.check_keys(
            MAINTENANCE_KEYS,
            {
                "impact": "maintenance has no impact",
                # Beside the key it would be renamed to (else `renames` has it).
                "date": "maintenance has no 'date'; its window is scheduled_for to scheduled_until",
                "resolved_at": "maintenance has no 'resolved_at'; "
                "its window ends at scheduled_until",
            },
            reported=renames,
        )
        title = fields.title("title", required=True)
        self.secret_in_name(title, "maintenance")
        self.windows_device_name("maintenance")
        import_id, import_id_at = self.import_id()
        fields.text("import_hash")
        state = _enum(
            fields, "status", MaintenanceState, hint=lambda: _status_hint(fields, self.slug)
        )
        # Without `status:` the window follows the clock, which is not read here (see below).
        self.past = state in (None, MaintenanceState.COMPLETED)
        components = self.components(Impact.MAINTENANCE)
        # A renamed time is still read, under the name written: a mistake in it is told now.
        named = {meant: key for key, meant in renames.items()}
        starts = self.time(named.get("scheduled_for", "scheduled_for"), required=True)
        ends = self.time(named.get("scheduled_until", "scheduled_until"), required=True)
        draft = bool(fields.boolean("draft"))
        summary, updates, complete = self.updates(maintenance=True)
        audiences, audiences_at = self.audiences()
        if starts is not None and ends is not None:
            wrong = window_problem(starts.at, ends.at, starts.node.text, ends.node.text)
            if wrong is not None:
                hint = "scheduled_until must be later than scheduled_for"
                self.report(ends.node.line, ends.node.column, wrong, hint)
            else:
                self.late_announcement(updates, starts, ends)
        if state is not None and complete and not self.disordered:  # as incident() does
            self.check_newest(state, updates)
        if complete and not self.disordered:
            self.check_component_changes(components, updates)
        # A window whose state follows the clock is not known to be over here, where
        # no clock is read: only a written state that is not completed is refused.
        if state is not None and state is not MaintenanceState.COMPLETED:
            self.retired_named(MAINTENANCE_NOT_COMPLETED)
        if title is None or starts is None or ends is None or self.refused():
            return None
        written = fields.mapping.get("status")
        maintenance = Maintenance(
            slug=self.slug,
            title=title,
            scheduled_for=starts.at,
            scheduled_until=ends.at,
            explicit_state=state,
            components=components,
            summary=summary,
            updates=tuple(updates),
            source=Source(self.path, 1),
            audiences=audiences,
            audiences_at=audiences_at,
            draft=draft,
            status_line=written.line if written is not None else 0,
            status_column=written.column if written is not None else 0,
            import_id=import_id,
            import_id_at=import_id_at,
            unshown_at=self.unshown_at(),
        )
        # As retired_named: a window whose state follows the clock is not known to be
        # over here, where no clock is read; check tells it by its clock (unshown_at).
        self.page_problems(
            maintenance, state is not None and state is not MaintenanceState.COMPLETED
        )
        return maintenance

    def import_id(self) -> tuple[str | None, tuple[int, int]]:
        """`import_id`, the source item an import wrote the event from, and where it is
        written as (line, column); (None, (0, 0)) without one."""
        value = self.fields.text("import_id")
        node = self.fields.mapping.get("import_id")
        if not value or not isinstance(node, Scalar):
            return None, (0, 0)
        return value, (node.line, node.column)

    # -- shared parts

    def audiences(self) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
        """`audiences:`: the page names (checked against `pages:` in check_site, which
        knows them) and where each is written, as (line, column)."""
        written = self.fields.mapping.get("audiences")
        # Left empty, the key would mean "every page": an incident kept to staff would be
        # published to everyone, so it is an error, as an empty `private:` is.
        if (isinstance(written, Scalar) and written.kind == "null" and not written.rejected) or (
            isinstance(written, Sequence) and not written.items
        ):
            self.report(
                written.line,
                written.column,
                "audiences names no page",
                "name the pages it appears on, e.g. 'audiences: [internal]', or remove "
                "'audiences:' to show it on every page that shows its components",
            )
            return (), ()
        node = self.fields.node("audiences")
        if node is None:
            return (), ()
        items = node.items if isinstance(node, Sequence) else (node,)
        names: list[str] = []
        places: list[tuple[int, int]] = []
        for item in items:
            if not isinstance(item, Scalar) or item.kind == "null" or not item.text.strip():
                self.report(
                    item.line,
                    item.column,
                    f"audiences lists page names, not {type_name(item)}",
                    "write 'audiences: [partners, internal]' with names from pages: in "
                    "statusgen.yaml",
                )
                continue
            if not item.rejected and item.text.strip() not in names:
                names.append(item.text.strip())
                places.append((item.line, item.column))
        return tuple(names), tuple(places)

    def late_announcement(self, updates: Items[Update], starts: _Time, ends: _Time) -> None:
        """Report a window's announcement (a first `Scheduled` update) dated after its start:
        pages show a window only from its announcement on (status.as_of), so the window is
        missing from them while it runs until then. After its end (a copied file's stale
        date, say) it is never shown running and is listed completed before it was
        announced: an error. After its start only the first part is missing: a warning."""
        if not updates or updates[0].state is not MaintenanceState.SCHEDULED:
            return
        first = updates[0]
        at = first.at.astimezone(timezone.utc)
        if at <= starts.at.astimezone(timezone.utc):
            return
        over = at > ends.at.astimezone(timezone.utc)
        shown = (
            "pages never show the window while it runs, and list it completed before it was "
            "announced"
            if over
            else "pages do not show the window from its start until then"
        )
        self.report(
            first.line,
            1,
            f"the announcement is dated after the window "
            f"{'ends' if over else 'starts'} ({(ends if over else starts).node.text}): {shown}",
            f"date it when the window was announced, at or before scheduled_for, e.g. "
            f"`## Scheduled at {starts.node.text}`",
            Severity.ERROR if over else Severity.WARNING,
        )

    def time(self, key: str, *, required: bool = False) -> _Time | None:
        node = self.fields.scalar(
            key, required=required, expected="a date and time", example=time_hint(key)
        )
        if node is None:
            return None
        try:
            return _Time(parse_time(node.text, self.tz), node)
        except TimelineError as error:
            self.report(node.line, node.column, f"{key}: {error.message}", error.hint)
            return None

    def components(self, impact: Impact | None) -> tuple[AffectedComponent, ...]:
        """The affected components; a bare list takes its status from the impact."""
        written = self.fields.mapping.get("components")
        # Left empty (its entries deleted, or slipped below the closing '---'), the key
        # would say "no component is affected": an outage shown as all operational.
        # `components: []` says so on purpose, and stays allowed.
        if isinstance(written, Scalar) and written.kind == "null" and not written.rejected:
            self.report(
                written.line,
                written.column,
                "'components' is empty",
                "list the component ids under it ('- api') or give each a status "
                "('  api: major_outage'); write 'components: []' for none",
            )
            return ()
        node = self.fields.node("components")
        if node is None:
            if written is not None:  # an alias or a tag, already reported
                self.components_unread = None
            return ()
        affected: list[AffectedComponent] = []
        unread: set[str] = set()
        self.components_unread = unread
        if isinstance(node, Mapping):
            for cid, entry in node.entries.items():
                status_node = entry.value
                given = status_node.text if isinstance(status_node, Scalar) else "..."
                several = (
                    self.names.several(cid, _one_key_each(given))
                    if self.names is not None
                    else None
                )
                if several is not None:
                    self.report(entry.key.line, entry.key.column, *several)
                    continue
                known = self.known_component(cid, entry.key)
                if not known:
                    # `api` with a zero-width space in it is told to delete it: an update
                    # setting `api` is then no news that components does not list it.
                    unread.add(without_odd_spaces(cid))
                if isinstance(status_node, Scalar) and status_node.rejected:
                    unread.add(cid)
                    continue
                if not isinstance(status_node, Scalar) or status_node.text not in _STATUSES:
                    unread.add(cid)
                    shown = status_node.text if isinstance(status_node, Scalar) else ""
                    problem = unseen_slip("status", shown, _STATUSES.__contains__) or (
                        f"invalid status '{shown}' for component '{cid}'"
                        if shown
                        else f"component '{cid}' needs a status, not {type_name(status_node)}",
                        f"{did_you_mean(shown, _STATUS_FORMS, _STATUS_FORMS)}"
                        f"a component status is one of: {', '.join(_STATUSES)}",
                    )
                    self.report(status_node.line, status_node.column, *problem)
                    continue
                if known:
                    affected.append(_affected(cid, ComponentStatus(status_node.text)))
            return tuple(affected)
        if not isinstance(node, Sequence):
            self.components_unread = None
            self.fields.wrong_type(
                "components",
                node,
                "a list of component ids or a mapping",
                # `  api:major_outage` below `components:` is one word to YAML.
                glued_fix(node)
                or "e.g. 'components: [api, checkout]' or 'components: {api: major_outage}'",
            )
            return ()
        status = bare_status(impact)
        seen: set[str] = set()
        for item in node.items:
            if not isinstance(item, Scalar) or item.kind == "null":
                self.report(
                    item.line,
                    item.column,
                    f"components lists component ids, not {type_name(item)}",
                    "write '- api' or a mapping 'api: partial_outage'",
                )
                continue
            if item.rejected:
                unread.add(item.text)
                continue
            if item.text in seen:
                self.report(
                    item.line,
                    item.column,
                    f"component '{item.text}' is listed twice",
                    "list each component once: remove this one",
                )
                continue
            seen.add(item.text)
            several = self.names.several(item.text) if self.names is not None else None
            if several is not None:
                self.report(item.line, item.column, *several)
                continue
            if self.known_component(item.text, item):
                affected.append(_affected(item.text, status))
            else:
                unread.add(without_odd_spaces(item.text))  # as in a mapping, above
        return tuple(affected)

    def known_component(self, cid: str, node: Scalar, text_first: str = "") -> bool:
        """Whether `cid` names a component an event may name; reported where not, its hint
        after `text_first` (keeping the line text, where it reads as prose)."""
        problem = self.names.problem(cid, past=self.past) if self.names is not None else None
        if problem is not None:
            self.report(node.line, node.column, problem[0], text_first + problem[1])
        elif self.names is not None and cid in self.names.retired:
            self.retired_seen.append((cid, node))
        elif self.names is not None and self.names.showing:
            self.unshown_seen.append((cid, node))
        return problem is None

    def unshown_at(self) -> tuple[tuple[str, int, int], ...]:
        """(id, line, column) of each component named that no page shows, once each."""
        found: dict[str, tuple[str, int, int]] = {}
        if self.names is not None and self.names.showing:
            ids = [ids for _, ids in self.names.showing]
            for cid, node in self.unshown_seen:
                if not any(cid in shown for shown in ids):
                    found.setdefault(cid, (cid, node.line, node.column))
        return tuple(found.values())

    def page_problems(self, event: Incident | Maintenance, going_on: bool) -> None:
        """Warn where the event's words reach no page that shows what it names: at its
        `audiences:` when they name no page showing some of its components (another does),
        and, `going_on` (open, or a window not completed), at each component no page shows.
        Warnings: the event is read as written."""
        if self.names is None or not self.names.showing:
            return
        from statusgen.audience import audiences_hide, named_components, unshown_component

        showing = dict(self.names.showing)
        kind = "incident" if isinstance(event, Incident) else "maintenance"
        hidden = audiences_hide(showing, event.audiences, named_components(event), kind)
        if hidden is not None and event.audiences_at:
            line, column = event.audiences_at[0]
            self.report(line, column, *hidden, severity=Severity.WARNING)
        if not going_on:
            return
        what = OPEN_INCIDENT if isinstance(event, Incident) else MAINTENANCE_NOT_COMPLETED
        told: set[str] = set()
        for cid, node in self.unshown_seen:
            problem = unshown_component(showing, cid, what)
            if problem is not None and cid not in told:
                told.add(cid)
                self.report(node.line, node.column, *problem, severity=Severity.WARNING)

    def retired_named(self, what: str) -> None:
        """Report each retired component an open event names: it is shown nowhere, so
        the event would say it is down with no status anywhere to show it."""
        for cid, node in self.retired_seen:
            # Retired before the event ended: `resolve` refuses a site that does not check
            # clean, so the way out is the component back until the event ends.
            ends = f"`statusgen resolve {self.slug}` ends it"
            problem = (
                self.names.retired_problem(cid, what, until=ends)
                if self.names is not None
                else None
            )
            if problem is not None:
                self.report(node.line, node.column, *problem)

    def updates(self, *, maintenance: bool) -> tuple[str, list[Update], bool]:
        """The summary, the updates that could be read, and whether every heading was readable."""
        summary, raw_updates = read_body(self.parts.body, self.parts.body_line)
        self.secret_in(summary, "the summary")
        self.dropped_links_in(summary)
        # An update written not quite as a heading would be glued to the message above it.
        stray = stray_headings(self.parts.body, self.parts.body_line)
        code = _indented_code(self.parts.body, self.parts.body_line) if stray else frozenset()
        body_lines = self.parts.body.split("\n")
        for heading in stray:
            fix = f"write it as '{heading.expected}'"
            keep = "start the line with '\\'"
            if heading.kind == "underlined":
                fix += " (without the line under it)"
            if heading.kind in ("underlined", "bare"):
                # A '\' before a letter is shown, and a line of its own that is a heading's
                # text is refused too: a '\' before the ':' of its time keeps it text.
                keep = "write the ':' of its time as '\\:'"
            if heading.kind == "bare" and starts_paragraph(
                body_lines, heading.line - self.parts.body_line
            ):
                # A paragraph's first line: the form formatters keep, as update writes it.
                keep = f"start it with '{TEXT_START}' (which the page does not show)"
            hint = f"{fix}, or {keep} to keep it as message text"
            if heading.kind in ("underlined", "bare") and _in_message(raw_updates, heading.line):
                # Inside an update's message, not right under its heading, the line is as
                # likely text whose '\:' a formatter (mdformat) removed as an update typed
                # without its '## ': writing it as a heading would end or reopen the incident.
                hint = (
                    f"if this line is message text (a formatter may have removed its "
                    f"backslash), {keep}; if it is a status change, {fix}"
                )
            if heading.line in code:
                # A pasted log: in code a '\' is shown as typed, on the page and on GitHub
                # alike, while a fenced block is message text the timeline never reads.
                hint = (
                    f"{fix} (without the indent), or put it in a fenced code block (a line "
                    "of ``` above it and one below) to keep it as message text: in an "
                    "indented code block a '\\' is shown as typed"
                )
            if heading.kind == "unseen":
                # A '\' before it would be shown, the character kept: deleting it is all.
                hint = "delete the character before the '#', which shows nothing"
            self.report(
                heading.line,
                1,
                f"'{heading.text}' is not read as an update: {heading.problem}",
                hint,
            )
        # Typed above the closing '---', YAML reads a heading as a comment and skips it.
        commented = commented_headings(self.parts.yaml, self.parts.yaml_line)
        for heading in commented:
            self.report(
                heading.line,
                1,
                "this update heading is inside the front matter, where it is read as a "
                "YAML comment",
                f"move it below the closing '---' (as '{heading.expected}')",
            )
        # Typed below it, a key is summary text the page shows: the front matter never
        # reads it. A `draft:` or `audiences:` there publishes what was to be held back.
        # (Below an empty front matter, its own error says where the keys went.) A key the
        # front matter sets is no slip: it begins the summary's text ("impact: payments
        # take 30 seconds"), and moving it up would set the key twice. Where the front
        # matter could not be read, what it sets is not known: nothing is said.
        written = self.fields.mapping.entries
        keys = (
            [k for k in (MAINTENANCE_KEYS if maintenance else INCIDENT_KEYS) if k not in written]
            if written
            else ()
        )
        for line, key in slipped_keys(self.parts.body, self.parts.body_line, keys):
            held = key in ("draft", "audiences")
            self.report(
                line,
                1,
                f"'{key}:' is below the closing '---': it is read as summary text the page "
                "shows, not as front matter"
                + (", and the file is published as if it were not written" if held else ""),
                "move it above the closing '---'",
            )
        # A line typed as text that reads as a link definition (`[ETA]: 15:00`) is left
        # out of every output when no link uses it; the comment idiom's are meant so.
        for line, text in vanishing_definitions(self.parts.body, self.parts.body_line):
            label = text[text.index("[") : text.index("]:") + 2]
            self.report(
                line,
                1,
                f"'{text}' reads as a link definition no link uses: it is shown nowhere",
                f"write it as '\\{label}' to show it as typed, or use it in a link "
                f"('[text]{label[:-1]}')",
                Severity.WARNING,
            )
        # A Components line right under a refused heading is where it belongs: the heading
        # is what to fix, not it.
        under = frozenset(h.line + (2 if h.kind == "underlined" else 1) for h in stray)
        updates: list[Update] = []
        # The line of each update by its heading as written, its Components line and its
        # words: a block pasted twice (a merge conflict resolved by keeping both sides)
        # reads as two updates, which every page, feed and the API would tell twice. Two
        # different updates in one minute are fine, and so is one repeated that changes
        # the state or a status again (an alert that fires, clears, fires and clears in
        # one minute, as ingest writes it): deleting it would lose that change.
        said: dict[tuple[str, tuple[AffectedComponent, ...], str], int] = {}
        # Each component's status as the updates so far leave it.
        in_effect: dict[str, ComponentStatus] = {}
        for index, raw in enumerate(raw_updates):
            self.secret_in(raw, "this update")
            self.dropped_links_in(raw)
            self.front_matter_in(raw)
            try:
                state, at = parse_heading(
                    raw.heading, maintenance=maintenance, tz=self.tz, slug=self.slug
                )
            except TimelineError as error:
                if error.moments:
                    # A time a daylight-saving change skips or repeats: the offset offered
                    # is one that keeps the updates in order, or following the hint would
                    # only turn this problem into "earlier than the update before it".
                    error = self.offset_in_order(
                        raw, raw_updates[index + 1 :], updates, error, maintenance=maintenance
                    )
                self.report(raw.line, 1, error.message, error.hint)
                if error.state in RESOLVED_INCIDENT_STATES:
                    # Its time is reported: "nothing says when it was resolved" would not be
                    # true, and send the author to the front matter.
                    self.resolution_unread = True
                # Its Components line is still checked: one run reports every problem.
                self.update_components(raw, under)
                continue
            if updates and at < updates[-1].at:
                self.disordered = True
                later = next(u for u in updates if u.at > at)
                self.report(
                    raw.line,
                    1,
                    f"update is earlier than the update before it (line {updates[-1].line})",
                    "updates are written oldest first: move it up, above the update on line "
                    f"{later.line} (the first dated after it), or correct its time",
                )
            changes, message = self.update_components(raw, under)
            if changes:
                self.status_lines[raw.line] = raw.message_line
            block = (" ".join(raw.heading.split()), changes, " ".join(message.split()))
            first = said.setdefault(block, raw.line)
            news = (bool(updates) and state != updates[-1].state) or any(
                in_effect.get(change.id) != change.status for change in changes
            )
            in_effect.update((change.id, change.status) for change in changes)
            if first != raw.line and not news:
                self.report(
                    raw.line,
                    1,
                    f"update repeats the update on line {first} (same heading time, state "
                    "and message): every page, feed and the API show it twice",
                    "delete one of the two copies (resolving a merge conflict by keeping "
                    "both sides leaves one twice)",
                    Severity.WARNING,
                )
            updates.append(
                Update(at=at, state=state, message=message, line=raw.line, components=changes)
            )
        complete = len(updates) == len(raw_updates) and not stray and not commented
        return summary.message, updates, complete

    def offset_in_order(
        self,
        raw: RawUpdate,
        later: Items[RawUpdate],
        earlier: list[Update],
        error: TimelineError,
        *,
        maintenance: bool,
    ) -> TimelineError:
        """The `error` of `raw`'s heading, a time without an offset that a daylight-saving
        change skips or repeats, as parse_heading words it offering the offset whose moment
        lies between the update before it (the last of `earlier`) and the first of `later`
        that reads; `error` as it is when both or neither do."""
        after = earlier[-1].at if earlier else None
        before = None
        for heading in later:
            try:
                before = parse_heading(heading.heading, maintenance=maintenance, tz=self.tz)[1]
                break
            except TimelineError:
                continue

        def fits(moment: datetime) -> bool:
            return (after is None or after <= moment) and (before is None or moment <= before)

        try:
            parse_heading(
                raw.heading, maintenance=maintenance, tz=self.tz, slug=self.slug, fits=fits
            )
        except TimelineError as reworded:
            return reworded
        return error

    def secret_in(self, section: RawUpdate, subject: str) -> None:
        """Warn of each URL with a secret (a login, a token, a chat webhook), each token
        written on its own (`ghp_…`, an AWS key pair: weburls.tokens_in) and each private
        key (load.files.private_keys_in, at its BEGIN line) in a section's text, at it: in
        code or not, every page, feed and the API publish it as written. All at once,
        several on one line too (an alert's description, then its dashboard link), so none
        is found only after the one before is taken out."""
        text = section.message
        # What each is: an address (its kind of secret), or a token or a key on its own.
        told: list[tuple[int, SecretAddress | Literal["token", "key"]]] = [
            (found.at, found) for found in credentials_in(text)
        ]
        told += [(at, "token") for at in tokens_outside_addresses(text)]
        told += [(at, "key") for at in private_keys_in(text)]
        index = 0  # the section's line the text from `start` begins on
        start = 0
        for at, found in sorted(told, key=lambda one: one[0]):
            index += text.count("\n", start, at)
            start = at
            where, column = section.message_lines[index], at - text.rfind("\n", 0, at)
            self.diagnostics.append(
                published_token(self.path, where, column, subject)
                if found == "token"
                else published_key(self.path, where, column, subject)
                if found == "key"
                else published_secret(self.path, where, column, subject, found)
            )

    def dropped_links_in(self, section: RawUpdate) -> None:
        """Warn of each link in a section's text whose address the page drops, its scheme
        not one of weburls.ALLOWED_URL_SCHEMES (`ftp:`, `javascript:`): the page
        shows the link's text alone, and nothing else says so."""
        text = section.message
        if not _may_name_a_dropped_scheme(text):
            return  # nearly every update, links and all: the Markdown module stays unread
        from statusgen.render.markdown import dropped_scheme, link_places

        allowed = ", ".join(f"{scheme}:" for scheme in sorted(ALLOWED_URL_SCHEMES))
        for index, column, address in link_places(text):
            # As the page reads it: `&#106;avascript:` is dropped as `javascript:` is.
            scheme = dropped_scheme(address)
            if scheme is None:
                continue
            self.report(
                section.message_lines[index],
                column + 1,
                f"this link's address starts with '{scheme}', which the page does not "
                "link to: it shows the link's text alone",
                f"link to an address starting with one of {allowed}, or write the address as text",
                Severity.WARNING,
            )

    def front_matter_in(self, section: RawUpdate) -> None:
        """Warn of a front matter key line followed by a lone '---' in an update's text
        (outside code): what a merge conflict resolved by keeping both sides leaves of the
        other side's front matter, published as text and a rule."""
        if frontmatter.FENCE not in section.message:  # nearly every update: nothing to look at
            return
        lines = section.message.split("\n")
        blocks = code_blocks(lines)
        # A Components line first is the update's own, never a leftover key.
        top = 0 if component_line(section)[0] is None else 1
        for index, after in enumerate(lines[1:]):
            if after.rstrip() != frontmatter.FENCE or blocks[index] or blocks[index + 1]:
                continue
            # The whole run of key lines right above the '---' is what was left: all of it
            # goes, or the keys above the one named stay published.
            first = index + 1
            continued = 0  # lines of a quoted value under its key, no key lines of their own
            while first > top and not blocks[first - 1]:
                if _front_matter_key(lines[first - 1]) or _FRONT_MATTER_OPENER.fullmatch(
                    lines[first - 1].rstrip()
                ):
                    first -= 1
                    continue
                # `title: "Other` over `  one"`: the title's line and its rest go together.
                opened = _quoted_value_key(lines, first - 1, top, blocks)
                if opened is None:
                    break
                continued += first - 1 - opened
                first = opened
            keys = lines[first : index + 1]
            if not any(map(_front_matter_key, keys)):
                continue
            named = f"'{keys[0].strip()}'"
            if len(keys) == 1:
                said = f"{named} and the '---' under it"
                delete = "delete both lines"
            else:
                more = len(keys) - 1 - continued
                said = (
                    f"{named}, the {more} key line{'s' if more > 1 else ''} under it and the "
                    "'---' after them"
                )
                start, end = section.message_lines[first], section.message_lines[index + 1]
                delete = f"delete lines {start}–{end}"
            self.report(
                section.message_lines[first],
                1,
                f"{said} read as front matter left in this update's text: the page shows "
                "them as text and a rule",
                f"{delete} (a merge conflict resolved by keeping both sides leaves the other "
                "side's last keys and '---' here); a key still wanted goes in the front matter",
                Severity.WARNING,
            )

    def update_components(
        self, raw: RawUpdate, under: frozenset[int] = frozenset()
    ) -> tuple[tuple[AffectedComponent, ...], str]:
        """The statuses an update's `Components:` line sets, and its message without the line;
        a Components line later in the message is reported, unless on a line of `under`
        (right under a line refused as an update heading)."""
        for line, later in later_component_lines(raw):
            # Statuses below the message's first line are text: said here, where they are,
            # not only as a disagreement with the front matter's components.
            # Written as front matter writes them (`api: operational`) too: refused there,
            # right under the heading, so never text the author meant as words.
            colons = colon_changes(later)
            if (reads_as_changes(later) or colons) and line not in under:
                self.report(
                    line,
                    1,
                    "this Components line is not read: it is not right under the update "
                    f"heading (line {raw.line})",
                    "move it to the line right after the heading, before the message"
                    + (f", as '{comma_component_line(colons)}'" if colons else "")
                    + "; an update has one Components line",
                )
        items, message = component_line(raw)
        if items is None:
            # Where the Components line stands, one with its key mistyped is not read
            # either: its changes would be lost as message text.
            first = raw.message.split("\n", 1)[0]
            known = self.names.ids | self.names.retired if self.names is not None else None
            near = misspelled_component_line(first, known) if raw.message_line else None
            if near is not None:
                # Only a warning when it may be prose: a site built with it before stays
                # buildable, and the author still learns the change is not read.
                hint = f"did you mean '{near.line}'?"
                item = as_text_item(first)
                if item is not None:
                    # A list item is as likely message text whose '\\:' a formatter
                    # (mdformat) removed: offered first, the form formatters keep.
                    hint = (
                        "if it is message text (a formatter may have removed its "
                        f"backslash), write it as '{item.strip()}'; if it is a status "
                        f"change, write it as '{near.line}'"
                    )
                self.report(
                    raw.message_line,
                    1,
                    f"'{first.strip()}' is not read as the update's Components line",
                    hint,
                    Severity.ERROR if near.sure else Severity.WARNING,
                )
            return (), raw.message
        line = raw.message_line
        first = raw.message.split("\n", 1)[0]
        slip = component_line_slip(first)
        if slip is not None:
            # Read as meant, so its changes are not lost, and refused until retyped.
            self.report(
                line, 1, f"Components line '{first}' {slip[0]}", f"retype it as '{slip[1]}'"
            )
        # Found where the line has them: the items are read with a full-width '＝' as '=',
        # and without the emphasis a change may be wrapped in.
        position = items_start(first)
        first, cut, cut_length = line_as_read(first)
        found: dict[str, AffectedComponent] = {}
        # Each id's status as written (its last one), in the line's order, and where an id
        # is set again.
        written: dict[str, str] = {}
        twice: list[tuple[str, int]] = []
        # An id of this site's own, never one it may not have.
        ids = sorted(self.names.ids) if self.names is not None else []
        one = ids[0] if ids else "api"
        example = f"write each change as id=status, e.g. 'Components: {one}=major_outage'"
        # A line with words that are no change (`api=operational, we think`), none read as
        # one mistyped, is as likely a sentence: keeping it text is offered first, in the
        # form formatters keep, as update writes it.
        known = self.names.ids | self.names.retired if self.names is not None else None
        prose = (
            f"if this line is message text, start it with '{TEXT_START}' (which the page "
            "does not show); if it is a status change, "
            if any("=" not in i for i in items.split(",") if i.strip())
            and corrected_changes(items, known) is None
            else ""
        )
        for item in items.split(","):
            text = item.strip()
            if not text:
                continue  # a trailing comma
            # Where this item is, not the first text like it: an id set twice, or one
            # that "Components" contains ("on"), is reported where it is written.
            position = first.index(text, position)
            column = position + 1 + (cut_length if position >= cut else 0)
            position += len(text)
            if len(change_items(text)) > 1 and reads_as_changes(text):
                # `api=operational website=operational`: read as one item, the status of
                # the first would be "operational website=operational", and a hint for it
                # would leave the second out.
                self.report(
                    line,
                    column,
                    f"'{text}' is several changes without commas between them",
                    f"write it as '{comma_component_line(items)}'",
                )
                continue
            cid, equals, status = (part.strip() for part in text.partition("="))
            if not cid or not equals or not status:
                # `api: major_outage`, as front matter writes it: the line with each such
                # change written as one.
                # Each item corrected as typed (`API: major outage`: API's id, `=`, the
                # status as written): a line standing for it would lose what the author
                # wrote, and one with an item left as it is would be refused again.
                meant = corrected_changes(items, known)
                hint = f"write it as '{comma_component_line(meant)}'" if meant else prose + example
                self.report(line, column, f"cannot read '{text}' on the Components line", hint)
                continue
            several = (
                self.names.several(cid, _one_change_each(items, text, status))
                if self.names is not None
                else None
            )
            if several is not None:  # `api website=major_outage`, as in front matter
                self.report(line, column, *several)
                continue
            said, _, after = status.partition(" ")
            if status not in _STATUSES and said in _STATUSES and after.strip() and "=" not in after:
                # `Components: api=major_outage` with the message on the next line, which a
                # formatter (prettier --prose-wrap never) joined to it: no misspelt status.
                # (Another change after it, `and web=operational`, is told as one.)
                self.report(
                    line,
                    column,
                    f"text after the statuses on the Components line: '{after.strip()}'",
                    "put the message on its own line after a blank line, below the Components line",
                )
                continue
            if status not in _STATUSES:
                self.report(
                    line,
                    column,
                    f"invalid status '{status}' for component '{cid}'",
                    f"{did_you_mean(status, _STATUS_FORMS, _STATUS_FORMS)}"
                    f"a component status is one of: {', '.join(_STATUSES)}",
                )
                continue
            if cid in written:
                # Reported once the whole line is read: the hint is the line with each id
                # once, which only then is known.
                twice.append((cid, column))
            elif not self.known_component(cid, Scalar(cid, cid, "str", line, column), prose):
                continue
            # The last value counts, as the hint writes it, so that the front matter's
            # comparison (check_component_changes) asks for the same status.
            written[cid] = status
            found[cid] = _affected(cid, ComponentStatus(status))
        for cid, column in twice:
            once = ", ".join(f"{i}={s}" for i, s in written.items())
            self.report(
                line,
                column,
                f"component '{cid}' is set twice on one line",
                f"set each component once, keeping its last status: 'Components: {once}'",
            )
        return tuple(found.values()), message

    def check_component_changes(
        self, components: tuple[AffectedComponent, ...], updates: list[Update]
    ) -> None:
        """The front matter's statuses are the statuses now: each must be the last one set
        up to the incident's end. A line after it changes nothing (`check_after_end` warns
        of it), so asking for its status would make the front matter count what it does not."""
        changed = [u for u in updates[: counted_updates(updates)] if u.components]
        if not changed:
            return
        last: dict[str, tuple[ComponentStatus, int]] = {}
        update_lines: dict[str, int] = {}
        for update in changed:
            for affected in update.components:
                # The Components line itself, the one to look at, not its update's heading.
                last[affected.id] = (affected.status, self.status_lines[update.line])
                update_lines[affected.id] = update.line
        now = {a.id: a.status for a in components}
        node = self.fields.mapping.get("components")
        line, column = (node.line, node.column) if node is not None else (1, 1)
        for cid, (status, status_line) in last.items():
            if now.get(cid) == status:
                continue
            unread = self.components_unread
            if cid not in now and (unread is None or cid in unread):
                continue  # its status there is reported unreadable: fixing it is the news
            said = f"says '{now[cid].value}'" if cid in now else "does not list it"
            if isinstance(node, Sequence):
                # A list's items take the impact's status and cannot be given their own
                # (`[api: major_outage, db]` is two more errors): the whole key, rewritten.
                held = {**now, **{i: s for i, (s, _) in last.items()}}
                mapping = ", ".join(f"{i}: {s.value}" for i, s in held.items())
                hint = (
                    "write components as a mapping of each component to its status now: "
                    f"'components: {{{mapping}}}'"
                )
            else:
                hint = f"set '{cid}: {status.value}' in components: they hold the statuses now"
                if status_line > update_lines[cid] + 1:
                    # Not right under its heading (a formatter's blank line between): the
                    # line may be message text whose '\\:' a formatter (mdformat) removed,
                    # and setting the status would publish it.
                    hint = (
                        f"if line {status_line} is message text (a formatter may have removed "
                        f"its backslash), start it with '{TEXT_START}', which the page does "
                        f"not show; if it is a status change, {hint}"
                    )
            self.report(
                line,
                column,
                f"component '{cid}' was set to {status.value} on line {status_line}, "
                f"but components {said}",
                hint,
            )

    def check_after_end(
        self, components: tuple[AffectedComponent, ...], updates: list[Update]
    ) -> None:
        """A `Components:` line under an update after the incident ended changes nothing
        (status.final_resolution). A warning, not an error: every output already reads
        the incident the same way, and a site that holds such a line (an import, an old
        correction) must still publish during an outage."""
        end = final_resolution(updates)
        if end is None:
            return
        closing = updates[end]
        named = {a.id for u in updates[: end + 1] for a in u.components}
        listed = {a.id for a in components}
        node = self.fields.mapping.get("components")
        for update in updates[end + 1 :]:
            if not update.components:
                continue
            # A front-matter component no line up to the end names holds its status for
            # the whole incident (status.unnamed_components): copied there from this line,
            # it turns a status given after the end into one held from the start.
            for cid in dict.fromkeys(a.id for a in update.components if a.id in listed):
                if cid in named or node is None:
                    continue
                named.add(cid)
                self.report(
                    node.line,
                    node.column,
                    f"component '{cid}' is named only after the incident ended (line "
                    f"{self.status_lines[update.line]}), so components makes it affected "
                    "for the whole incident",
                    f"if '{cid}' was affected during the incident, name it on the update from "
                    f"whose time it was; else remove '{cid}' from components",
                    Severity.WARNING,
                )
            self.report(
                self.status_lines[update.line],
                1,
                "this Components line changes nothing: the incident ended with the "
                f"{closing.state.label} update on line {closing.line}",
                "to correct a status the incident gave, set it on the update from whose time "
                "it held and remove this line; if the trouble is back, make this update "
                "reopen the incident: '## Investigating at ...', with 'status: investigating'",
                Severity.WARNING,
            )

    def check_postmortem_ends(self, updates: list[Update]) -> None:
        """A `Postmortem` update right after one that leaves the incident open ends it there,
        with no `Resolved` update: the pages tell it over from then, which a postmortem
        meant for an earlier end (or one added to an incident just reopened) is not. A
        warning, as `update --status postmortem` gives one: it may be meant."""
        for previous, update in itertools.pairwise(updates):
            if update.state is not IncidentState.POSTMORTEM:
                continue
            if previous.state in RESOLVED_INCIDENT_STATES:
                continue
            self.report(
                update.line,
                1,
                f"{POSTMORTEM_ENDS_OPEN}, open after the {previous.state.label} update on "
                f"line {previous.line}, with no Resolved update",
                "if the incident ended then, add a '## Resolved at ...' update above it; if "
                "it is not over, remove this update and add it again once it is resolved",
                Severity.WARNING,
            )

    def check_newest(self, state: UpdateState, updates: list[Update]) -> None:
        """The front-matter status must be the state of the newest (last) update; of a
        maintenance window, the newest but its reminders, which change nothing."""
        if not updates:
            return
        newest = newest_said(updates) if isinstance(state, MaintenanceState) else updates[-1]
        assert newest is not None
        if newest.state == state:
            return
        node = self.fields.mapping.get("status")
        assert node is not None
        self.report(
            node.line,
            node.column,
            f"status is '{state.value}' but the newest update (line {newest.line}) "
            f"is '{newest.state.label}'",
            # `status: scheduled` would hold a window upcoming through its time and after:
            # the state of an announcement is the clock's, with no key at all.
            (
                "remove the 'status' key, so the clock moves the window on"
                if newest.state is MaintenanceState.SCHEDULED
                else f"set 'status: {newest.state.value}'"
            )
            + f", or add an update '## {state.label} at ...' at the end of the file"
            # Most often a window being called off, which that update does (content.md).
            + (
                " (dated before the window's start, it calls the window off)"
                if state is MaintenanceState.COMPLETED
                and newest.state is MaintenanceState.SCHEDULED
                else ""
            ),
        )


@dataclass(frozen=True)
class _Time:
    at: datetime
    node: Scalar


_STATUSES = [s.value for s in ComponentStatus]
# A typo of a status matched as `-c api=majr` is on the command line (authoring/events).
_STATUS_FORMS = short_forms(_STATUSES)
# A status as written, right or wrong (`major_outage`, `down`, `partial-outage`): one word.
_ONE_WORD = re.compile(r"[\w-]+")


def _one_key_each(status: str) -> Callable[[list[str]], str]:
    """The fix for several ids typed as one key of `components:` (`{api website: ...}`):
    a key each, with the status written."""
    return lambda ids: "write one key each: {" + ", ".join(f"{i}: {status}" for i in ids) + "}"


def _one_change_each(items: str, item: str, status: str) -> Callable[[list[str]], str]:
    """The fix for several ids before one `=` (`item`) on a Components line of `items`:
    the line with a change for each; without a line when that line would be refused
    again: what follows the `=` is more than one status (`major_outage; api=operational`),
    which each id would be given, or the line holds an id already (`api=operational,
    website api=major_outage`) or an item that is no change, which only the author can
    settle."""

    def fix(ids: list[str]) -> str:
        changes = " ".join(f"{i}={status}" for i in ids)
        line = comma_component_line(items.replace(item, changes, 1))
        written = [each.partition("=") for each in change_items(line.partition(":")[2])]
        set_ids = [cid.strip() for cid, _, _ in written]
        if (
            not _ONE_WORD.fullmatch(status)
            or not all(equals for _, equals, _ in written)
            or len(set(set_ids)) < len(set_ids)
        ):
            return "write one change each, as id=status, with a comma between changes"
        return f"write one change each: '{line}'"

    return fix


def _status_hint(fields: Fields, window: str | None = None) -> str:
    """A hint for a bad status value, pointing out an incident/maintenance mix-up; `window`
    is the slug of a maintenance window, None for an incident."""
    node = fields.mapping.get("status")
    text = node.text if isinstance(node, Scalar) else ""
    maintenance = window is not None
    own = [s.value for s in (MaintenanceState if maintenance else IncidentState)]
    if window is not None and text.strip().lower() in CALLED_OFF_WORDS:
        # `status: completed` alone would say the work ran as scheduled (ahead.py warns).
        return f"remove the `status` line; {call_off_hint(window)}"
    if maintenance and text in {s.value for s in IncidentState}:
        return (
            f"this file is maintenance (it has scheduled_for/scheduled_until); "
            f"status is one of: {', '.join(own)}, or leave it out to follow the clock"
        )
    if not maintenance and text in {s.value for s in MaintenanceState}:
        return (
            f"'{text}' is a maintenance state: maintenance needs scheduled_for and "
            f"scheduled_until; an incident's status is one of: {', '.join(own)}"
        )
    return f"{did_you_mean(text, own)}status is one of: {', '.join(own)}"


def _resolved_from_timeline(updates: list[Update]) -> tuple[datetime, int] | None:
    """Time and line of the update that ended the incident (status.final_resolution)."""
    end = final_resolution(updates)
    return None if end is None else (updates[end].at, updates[end].line)
