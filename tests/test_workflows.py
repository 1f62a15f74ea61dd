"""The GitHub Actions workflows: linted, pinned, least privilege, and their steps really run.

The step tests run each workflow's shell steps in order, as the hosted runner would,
in a temporary status site: the deploy workflow must build a site the Pages upload
would accept, the incident workflow must commit and push an incident whose hostile
title and message land in the Markdown file verbatim.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from gha import Run, load_workflow, run_workflow
from notifyhelpers import SECRET, http_receiver
from sitefiles import INIT_NOW, copy_example

import statusgen
from statusgen.cli import cli

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
TEMPLATES = ROOT / "statusgen" / "authoring" / "templates"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
VENV_BIN = Path(sys.executable).parent
PAGES_URL = "https://example.github.io/status"


def steps_of(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def find_actionlint() -> str:
    found = shutil.which("actionlint", path=os.pathsep.join([str(VENV_BIN), os.environ["PATH"]]))
    if found is None:
        message = "actionlint is missing: pip install -e '.[test]' installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_the_four_workflows_exist() -> None:
    assert ["deploy.yml", "incident.yml", "release.yml", "test.yml"] == [
        p.name for p in WORKFLOW_FILES
    ]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_passes_actionlint(path: Path) -> None:
    # actionlint also runs shellcheck over every run: script when shellcheck is installed.
    result = subprocess.run(
        [find_actionlint(), "-no-color", "-oneline", str(path.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert 0 == result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commit_shas(path: Path) -> None:
    uses = [line.strip() for line in path.read_text().splitlines() if "uses:" in line]
    assert uses
    pinned = re.compile(r"(- )?uses: [\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40} # v\d+(\.\d+)*")
    assert [] == [line for line in uses if not pinned.fullmatch(line)]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    # ${{ }} in run: is pasted into the script before bash reads it: a payload could
    # run commands. Values reach scripts through env: only.
    scripts = [step["run"] for step in steps_of(load_workflow(path)) if "run" in step]
    assert [] == [script for script in scripts if "${{" in script]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_token_is_read_only_unless_a_job_asks(path: Path) -> None:
    workflow = load_workflow(path)
    assert {"contents": "read"} == workflow["permissions"]


def test_deploy_permissions_concurrency_and_triggers() -> None:
    workflow = load_workflow(WORKFLOWS / "deploy.yml")
    jobs = workflow["jobs"]
    assert {"contents": "read", "pages": "read"} == jobs["build"]["permissions"]
    assert {"contents": "read", "pages": "write", "id-token": "write"} == jobs["deploy"][
        "permissions"
    ]
    # Notifications go out only once the site they link to is live.
    assert {"contents": "read"} == jobs["notify"]["permissions"]
    assert ["build", "deploy"] == jobs["notify"]["needs"]
    assert {"group": "pages", "cancel-in-progress": False} == workflow["concurrency"]
    assert {"push", "schedule", "workflow_dispatch"} == set(workflow["on"])
    assert ["main"] == workflow["on"]["push"]["branches"]
    (schedule,) = workflow["on"]["schedule"]
    minutes = re.fullmatch(r"\*/(\d+) \* \* \* \*", schedule["cron"])
    assert minutes is not None and 10 <= int(minutes.group(1)) <= 15


def notify_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = load_workflow(WORKFLOWS / "deploy.yml")["jobs"]["notify"]["steps"]
    return steps


def test_notify_reads_the_monitor_results_the_build_read() -> None:
    # A component's status as told includes what its monitors measured: without their
    # results the notify job would never tell an outage only the checks saw.
    build = load_workflow(WORKFLOWS / "deploy.yml")["jobs"]["build"]["steps"]
    (read,) = [step for step in build if step.get("name") == "Read the monitor results"]
    del read["if"]  # the build skips it for an older commit; notify then does not run
    steps = notify_steps()
    runs = [step.get("run", "") for step in steps]
    notifies = next(i for i, run in enumerate(runs) if run.startswith("statusgen notify"))
    assert read in steps[:notifies]  # the build's own step, word for word


def test_release_publishes_by_trusted_publishing_only_on_a_tag() -> None:
    workflow = load_workflow(WORKFLOWS / "release.yml")
    assert {"push": {"tags": ["v*"]}} == workflow["on"]
    publish = workflow["jobs"]["publish"]
    assert {"id-token": "write"} == publish["permissions"]  # no stored token
    assert "pypi" == publish["environment"]["name"]
    assert "build" == publish["needs"]
    [upload] = [s for s in publish["steps"] if s["uses"].startswith("pypa/gh-action-pypi-publish@")]
    assert "with" not in upload or "password" not in upload["with"]
    scripts = "\n".join(s.get("run", "") for s in steps_of(workflow))
    assert "twine check --strict" in scripts
    assert "python -m build" in scripts


def test_incident_permissions_and_triggers() -> None:
    workflow = load_workflow(WORKFLOWS / "incident.yml")
    assert {"contents": "write", "actions": "write"} == workflow["jobs"]["incident"]["permissions"]
    assert ["incident"] == workflow["on"]["repository_dispatch"]["types"]


@pytest.mark.parametrize("path", [WORKFLOWS / "incident.yml", TEMPLATES / "incident.yml"])
def test_incident_runs_are_never_cancelled_by_a_concurrency_group(path: Path) -> None:
    # A group keeps one pending run and cancels it when the next arrives: alert A firing,
    # B firing and A clearing within a minute would lose B, which the relay already
    # acknowledged. Overlapping runs push in turn instead (the Push step).
    workflow = load_workflow(path)
    assert "concurrency" not in workflow
    assert [] == [name for name, job in workflow["jobs"].items() if "concurrency" in job]


@pytest.mark.parametrize("name", ["deploy.yml", "incident.yml"])
def test_sites_pin_this_release(name: str) -> None:
    assert statusgen.__version__ == load_workflow(WORKFLOWS / name)["env"]["STATUSGEN_VERSION"]


TURN_ON = (
    '  # To turn it on: configure the channels, then remove the "# " starting each line below.\n'
)


def turn_on_notify(template: str) -> str:
    """The template with its commented notify job turned on, as its comment tells a user."""
    head, job = template.split(TURN_ON)
    return head + "".join(re.sub(r"^# ?", "", line) for line in job.splitlines(keepends=True))


@pytest.mark.parametrize("name", ["deploy.yml", "incident.yml"])
def test_init_ships_the_same_workflow(name: str, tmp_path: Path) -> None:
    # `statusgen init` copies these into new sites, with this release's version filled in;
    # this repository's own copy is the same file. A new site's deploy workflow carries
    # the notify job commented out until configured.
    from statusgen.authoring.scaffold import init_site

    init_site(tmp_path, now=datetime(2026, 11, 22, tzinfo=timezone.utc))
    path = tmp_path / ".github" / "workflows" / name
    written = path.read_text()
    assert f'STATUSGEN_VERSION: "{statusgen.__version__}"' in written
    if name == "deploy.yml":
        assert "notify" not in load_workflow(path)["jobs"]
        written = turn_on_notify(written)
    assert (WORKFLOWS / name).read_text() == written


# --- running the steps ---------------------------------------------------------------


def shim_folder(tmp_path: Path) -> Path:
    """Stand-ins for `python -m pip` (no network here), `gh` and `sleep`; each logs its
    arguments."""
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "python").write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = pip ]; then\n'
        f'  printf "%s\\n" "$*" >> "{tmp_path}/pip.log"; exit 0\n'
        "fi\n"
        f'exec "{sys.executable}" "$@"\n'
    )
    (shims / "gh").write_text(
        f'#!/bin/sh\nprintf "%s|%s\\n" "$GH_REPO" "$*" >> "{tmp_path}/gh.log"\n'
        'test -n "$GH_TOKEN"\n'
    )
    # The push loops wait a few seconds between attempts; here they only say how long.
    (shims / "sleep").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{tmp_path}/sleep.log"\n')
    for shim in shims.iterdir():
        shim.chmod(0o755)
    return shims


def path_for(tmp_path: Path) -> list[str]:
    return [str(shim_folder(tmp_path)), str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]


def deploy_actions(upload: Any, cache: dict[str, tuple[str, bytes]]) -> dict[str, Any]:
    """Stand-ins for the deploy workflow's actions; `cache` plays the Actions cache, each
    entry by key: the path it was saved from, and the file's bytes."""

    def restore(inputs: dict[str, str], run: Run) -> dict[str, str]:
        # The newest entry whose key starts with a restore key, as actions/cache does, among
        # those saved from the same path (the path is part of an entry's version).
        prefix = inputs["restore-keys"].strip()
        found = [
            key
            for key, (path, _) in cache.items()
            if path == inputs["path"] and (key == inputs["key"] or key.startswith(prefix))
        ]
        if found:
            target = run.workspace / inputs["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(cache[found[-1]][1])
        return {
            "cache-hit": "true" if inputs["key"] in found else "false",
            "cache-matched-key": found[-1] if found else "",
        }

    def save(inputs: dict[str, str], run: Run) -> dict[str, str]:
        assert inputs["key"] not in cache, "a cache entry cannot be overwritten"
        cache[inputs["key"]] = (inputs["path"], (run.workspace / inputs["path"]).read_bytes())
        return {}

    return {
        "actions/checkout": lambda inputs, run: {},
        "actions/setup-python": lambda inputs, run: {},
        "actions/configure-pages": lambda inputs, run: {"base_url": PAGES_URL},
        "actions/upload-pages-artifact": upload,
        "actions/deploy-pages": lambda inputs, run: {"page_url": PAGES_URL + "/"},
        "actions/cache/restore": restore,
        "actions/cache/save": save,
    }


def pushed(workspace: Path, tmp_path: Path, repository: str = "example/status") -> dict[str, str]:
    """The github context of a run for the newest commit of main: what `workspace` holds,
    committed and pushed to the repository on a stand-in server (the deploy workflow asks
    it which commit is the branch's newest)."""
    if subprocess.run(["git", "rev-parse"], cwd=workspace, capture_output=True).returncode:
        git("init", "--quiet", "-b", "main", cwd=workspace)
    git("add", "--all", cwd=workspace)
    git("commit", "--quiet", "--allow-empty", "-m", "Deploy", cwd=workspace)
    server = tmp_path / "github"
    remote = server / f"{repository}.git"
    if not remote.exists():
        remote.mkdir(parents=True)
        git("init", "--quiet", "--bare", "-b", "main", cwd=remote)
    git("push", "--quiet", "--force", str(remote), "HEAD:refs/heads/main", cwd=workspace)
    sha = git("rev-parse", "HEAD", cwd=workspace).strip()
    return {"server_url": str(server), "ref": "refs/heads/main", "sha": sha}


@pytest.mark.parametrize(
    ("with_project", "variables", "installed", "site_url"),
    [
        (False, {}, "statusgen==" + statusgen.__version__, PAGES_URL),
        (
            False,
            {"STATUSGEN_SOURCE": "git+https://git.example.com/statusgen@v0.1.0"},
            "git+https://git.example.com/statusgen@v0.1.0",
            PAGES_URL,
        ),
        (
            # statusgen's own repository sets the variable to build with its checkout.
            True,
            {"STATUSGEN_SOURCE": ".", "STATUSGEN_BASE_URL": "https://status.example.net/"},
            ".",
            "https://status.example.net",
        ),
    ],
    ids=["status-site", "status-site-from-git", "statusgen-project"],
)
def test_deploy_steps_build_what_pages_publishes(
    tmp_path: Path, with_project: bool, variables: dict[str, str], installed: str, site_url: str
) -> None:
    site = copy_example(tmp_path / "site", with_project=with_project)
    uploaded: list[Path] = []

    def upload(inputs: dict[str, str], run: Run) -> dict[str, str]:
        artifact = run.workspace / inputs["path"]
        for page in ("index.html", "status.json", "api/v2/summary.json", "_headers"):
            assert (artifact / page).is_file(), f"{page} is missing from the Pages artifact"
        uploaded.append(artifact)
        return {}

    run = Run(
        workspace=site,
        github={
            "event_name": "schedule",
            "ref_name": "main",
            "repository": "example/status",
            **pushed(site, tmp_path),
        },
        vars=variables,
        path=path_for(tmp_path),
    )
    actions = deploy_actions(upload, {})
    run_workflow(WORKFLOWS / "deploy.yml", run, actions, tmp_path)

    assert [site / "_site"] == uploaded
    # Once each for the probe, build and notify jobs.
    assert [f"-m pip install {installed}"] * 3 == (tmp_path / "pip.log").read_text().splitlines()
    summary = yaml.safe_load((site / "_site" / "api" / "v2" / "summary.json").read_text())
    assert site_url == summary["page"]["url"]  # Statuspage's page.url has no final "/"


@pytest.mark.parametrize(("name", "jobs"), [("deploy.yml", 3), ("incident.yml", 1)])
def test_a_site_installs_the_pinned_release_whatever_its_files_say(
    tmp_path: Path, name: str, jobs: int
) -> None:
    # A pull request adding a pyproject.toml named statusgen must not get its own package
    # installed: it would run with the notify job's secrets and the probe job's push rights.
    workflow = load_workflow(WORKFLOWS / name)
    workflow["jobs"] = {
        job: {
            "defaults": spec.get("defaults", {}),
            # Without the build's check for the branch's newest commit, which gates it.
            "steps": [
                {key: value for key, value in step.items() if key != "if"}
                for step in spec["steps"]
                if step.get("name") == "Install statusgen"
            ],
        }
        for job, spec in workflow["jobs"].items()
    }
    installs = tmp_path / name
    installs.write_text(yaml.safe_dump(workflow))
    site = copy_example(tmp_path / "site", with_project=True)
    run = Run(workspace=site, github={"repository": "example/status"}, path=path_for(tmp_path))
    run_workflow(installs, run, {}, tmp_path)

    expected = f"-m pip install statusgen=={statusgen.__version__}"
    assert [expected] * jobs == (tmp_path / "pip.log").read_text().splitlines()


PAGES = """\
pages:
  public:
    base_url: https://status.example.com/
    output: public
    show: [payments]
  partners:
    base_url: https://partners.example.com/
    output: public-partners
    show: [payments, developers]
  internal:
    base_url: https://internal.example.com/
    output: public-internal
    private: true
"""


@pytest.mark.parametrize(
    ("variables", "published"),
    [({}, "public"), ({"STATUSGEN_PAGE": "partners"}, "partners")],
    ids=["public-page", "page-named-by-variable"],
)
def test_deploy_publishes_one_page_of_a_site_with_pages(
    tmp_path: Path, variables: dict[str, str], published: str
) -> None:
    # Pages serves one site: the public page unless the repository says which.
    site = copy_example(tmp_path / "site")
    with (site / "statusgen.yaml").open("a") as settings:
        settings.write(PAGES)
    uploaded: list[dict[str, Any]] = []

    def upload(inputs: dict[str, str], run: Run) -> dict[str, str]:
        artifact = run.workspace / inputs["path"]
        uploaded.append(json.loads((artifact / "api/v2/components.json").read_text()))
        return {}

    run = Run(
        workspace=site,
        github={
            "event_name": "schedule",
            "ref_name": "main",
            "repository": "example/status",
            **pushed(site, tmp_path),
        },
        vars=variables,
        path=path_for(tmp_path),
    )
    run_workflow(WORKFLOWS / "deploy.yml", run, deploy_actions(upload, {}), tmp_path)

    [components] = uploaded
    names = {c["name"] for c in components["components"]}
    assert "Payments API" in names
    assert ("Webhooks" in names) == (published == "partners")
    summary = json.loads((site / "_site/api/v2/summary.json").read_text())
    assert PAGES_URL == summary["page"]["url"]
    # No other page was built, and notify links each page to its own base_url.
    assert not any((site / folder).exists() for folder in ("public-partners", "public-internal"))
    assert "" == run.needs["build"]["outputs"]["base_url"]


def test_deploy_notifies_each_change_once_after_the_deploy(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    with (site / "statusgen.yaml").open("a") as settings:
        settings.write(
            "notify:\n  channels:\n    - type: webhook\n      url_env: STATUSGEN_WEBHOOK_URL\n"
            "      secret_env: STATUSGEN_WEBHOOK_SECRET\n      changes: [incident]\n"
        )
    cache: dict[str, tuple[str, bytes]] = {}
    with http_receiver() as receiver:

        def deploy(number: int) -> Run:
            (tmp_path / f"run-{number}").mkdir()
            run = Run(
                workspace=site,
                github={"event_name": "schedule", "ref_name": "main",
                        "repository": "example/status",
                        "run_id": str(1000 + number), "run_attempt": "1",
                        **pushed(site, tmp_path)},
                secrets={"STATUSGEN_WEBHOOK_URL": receiver.url("signed"),
                         "STATUSGEN_WEBHOOK_SECRET": SECRET},
                path=path_for(tmp_path / f"run-{number}"),
            )  # fmt: skip
            temp = tmp_path / f"temp-{number}"
            temp.mkdir()
            run_workflow(
                WORKFLOWS / "deploy.yml", run, deploy_actions(lambda i, r: {}, cache), temp
            )
            return run

        first = deploy(1)  # nothing notified before: records the present only
        assert [] == receiver.hits
        subprocess.run(
            [str(VENV_BIN / "statusgen"), "-C", str(site), "new", "incident",
             "Card payments failing", "-c", "api=major_outage", "-m", "Errors @everyone"],
            check=True, capture_output=True,
        )  # fmt: skip
        second = deploy(2)
        third = deploy(3)
    assert ["incident_opened"] == [
        h.headers["X-Statusgen-Event"] for h in receiver.delivered("signed")
    ]
    assert [True] == [h.signed for h in receiver.hits]
    body = json.loads(receiver.hits[0].body)
    # The link points at the address the build job built for.
    assert body["incident"]["shortlink"].startswith(PAGES_URL + "/incidents/")
    for run in (first, second, third):
        deployed = [
            i for i, label in enumerate(run.ran) if label.startswith("actions/deploy-pages")
        ]
        assert run.ran.index("Notify") > deployed[0]
    assert "1 sent" in second.summary and "0 changes" in third.summary
    assert 3 == len(cache)


def test_a_strict_notify_that_failed_still_remembers_what_it_delivered(tmp_path: Path) -> None:
    # The workflow's comment offers --strict to fail the job when a channel fails; the
    # state must be saved all the same, or the next run tells the working channel again.
    site = copy_example(tmp_path / "site")
    with (site / "statusgen.yaml").open("a") as settings:
        settings.write(
            "notify:\n  channels:\n"
            "    - name: up\n      type: webhook\n      url_env: STATUSGEN_WEBHOOK_URL\n"
            "      changes: [incident]\n"
            "    - name: down\n      type: webhook\n      url_env: SLACK_WEBHOOK_URL\n"
            "      changes: [incident]\n"
        )
    workflow = tmp_path / "deploy.yml"
    text = (WORKFLOWS / "deploy.yml").read_text()
    assert 1 == text.count("statusgen notify --now")
    workflow.write_text(text.replace("statusgen notify --now", "statusgen notify --strict --now"))
    cache: dict[str, tuple[str, bytes]] = {}
    failed: list[int] = []
    with http_receiver({"down": [500]}) as receiver:

        def deploy(number: int) -> Run:
            (tmp_path / f"run-{number}").mkdir()
            run = Run(
                workspace=site,
                github={"event_name": "schedule", "ref_name": "main",
                        "repository": "example/status",
                        "run_id": str(1000 + number), "run_attempt": "1",
                        **pushed(site, tmp_path)},
                secrets={"STATUSGEN_WEBHOOK_URL": receiver.url("up"),
                         "SLACK_WEBHOOK_URL": receiver.url("down")},
                path=path_for(tmp_path / f"run-{number}"),
            )  # fmt: skip
            temp = tmp_path / f"temp-{number}"
            temp.mkdir()
            try:
                run_workflow(workflow, run, deploy_actions(lambda i, r: {}, cache), temp)
            except AssertionError as failure:
                assert "(Notify) failed with 2" in str(failure)
                failed.append(number)
            return run

        deploy(1)  # nothing notified before: records the present only
        subprocess.run(
            [str(VENV_BIN / "statusgen"), "-C", str(site), "new", "incident",
             "Card payments failing", "-c", "api=major_outage", "-m", "Errors"],
            check=True, capture_output=True,
        )  # fmt: skip
        second = deploy(2)
        third = deploy(3)
    assert [2, 3] == failed  # the down channel failed the job, and is tried again
    assert ["incident_opened"] == [h.headers["X-Statusgen-Event"] for h in receiver.delivered("up")]
    assert "Remember what was notified" in second.ran
    assert "Remember what was notified" in third.ran
    assert 3 == len(cache)


NOTIFY_CHANNELS = (
    "notify:\n  channels:\n    - type: webhook\n      url_env: STATUSGEN_WEBHOOK_URL\n"
    "      changes: [incident]\n"
)


def deploy_an_incident_across_runs(
    tmp_path: Path,
    cache: dict[str, tuple[str, bytes]],
    before: str | None,
    after: str | None,
) -> list[str]:
    """Three deploys of the example site, each from a fresh checkout with `cache` as the
    Actions cache: a first with `state: before` (None: no `state:`), then with `state:
    after`, an incident opened, and then resolved. The events the channel was told."""
    site = copy_example(tmp_path / "site")
    settings = site / "statusgen.yaml"
    kept = settings.read_text() + NOTIFY_CHANNELS

    def use(state: str | None) -> None:
        settings.write_text(kept + (f"  state: {state}\n" if state else ""))

    statusgen_command = [str(VENV_BIN / "statusgen"), "-C", str(site)]
    with http_receiver() as receiver:

        def deploy(number: int) -> Run:
            for left in (".statusgen-notify.json", "data/notify.json", "data/other.json"):
                (site / left).unlink(missing_ok=True)  # a fresh checkout
            (tmp_path / f"run-{number}").mkdir()
            run = Run(
                workspace=site,
                github={"event_name": "schedule", "ref_name": "main",
                        "repository": "example/status",
                        "run_id": str(1000 + number), "run_attempt": "1",
                        **pushed(site, tmp_path)},
                secrets={"STATUSGEN_WEBHOOK_URL": receiver.url("hook")},
                path=path_for(tmp_path / f"run-{number}"),
            )  # fmt: skip
            temp = tmp_path / f"temp-{number}"
            temp.mkdir()
            run_workflow(
                WORKFLOWS / "deploy.yml", run, deploy_actions(lambda i, r: {}, cache), temp
            )
            return run

        use(before)
        deploy(1)  # nothing notified before: records the present only
        use(after)
        subprocess.run(
            [*statusgen_command, "new", "incident", "Card payments failing",
             "-c", "api=major_outage", "-m", "Errors"],
            check=True, capture_output=True,
        )  # fmt: skip
        deploy(2)
        [written] = (site / "content" / "incidents").glob("*card-payments-failing*")
        subprocess.run(
            [*statusgen_command, "resolve", written.stem, "-m", "Fixed"],
            check=True, capture_output=True,
        )  # fmt: skip
        third = deploy(3)
    assert (after or ".statusgen-notify.json") == third.steps["state"]["outputs"]["file"]
    return [h.headers["X-Statusgen-Event"] for h in receiver.delivered("hook")]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("data/notify.json", "data/notify.json"),
        (None, "data/notify.json"),
        ("data/notify.json", None),
        ("data/notify.json", "data/other.json"),
    ],
    ids=["state-from-the-start", "state-added-later", "state-removed", "state-renamed"],
)
def test_deploy_keeps_the_state_file_the_settings_name(
    tmp_path: Path, before: str | None, after: str | None
) -> None:
    # Each run starts from a fresh checkout: only what the cache restores is carried over.
    # A cache entry is found only under the path it was saved from, so a workflow that
    # kept the state under the file `state:` names lost it whenever `state:` changed: the
    # news of that run was recorded as told and never told.
    events = deploy_an_incident_across_runs(tmp_path, {}, before, after)
    assert ["incident_opened", "incident_resolved"] == events


@pytest.mark.parametrize("state", [None, "data/notify.json"], ids=["default", "state-named"])
def test_deploy_carries_on_from_the_state_an_older_workflow_saved(
    tmp_path: Path, state: str | None
) -> None:
    # Older releases' workflow saved the state under the file in use: after upgrading,
    # the first run carries on from it rather than start over, and later runs from
    # their own entries (never again from that older one, which would tell news twice).
    site = copy_example(tmp_path / "older")
    settings = site / "statusgen.yaml"
    settings.write_text(
        settings.read_text() + NOTIFY_CHANNELS + (f"  state: {state}\n" if state else "")
    )
    subprocess.run(
        [str(VENV_BIN / "statusgen"), "-C", str(site), "notify"], check=True, capture_output=True
    )
    file = state or ".statusgen-notify.json"
    cache = {"statusgen-notify-999-1": (f"./{file}", (site / file).read_bytes())}
    events = deploy_an_incident_across_runs(tmp_path, cache, state, state)
    assert ["incident_opened", "incident_resolved"] == events


# Every kind of shell syntax, quoting and expression text; CANARY becomes a file path
# that must never be created.
EVIL_TITLE = (
    '-n Payments "down" $(rm -rf /) `touch CANARY` ; echo owned && exit 1 '
    "'quoted' ${{ github.token }} $HOME \\ | > x"
)
EVIL_MESSAGE = (
    '- We see errors; `touch CANARY` and $(touch CANARY) && echo "owned"\n'
    "- 'single' \"double\" ${{ secrets.GITHUB_TOKEN }} ${HOME} \\n\n"
    "\n"
    "Next update within 30 minutes; $(rm -rf /) | tee /dev/null"
)


def git(*args: str, cwd: Path) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    result = subprocess.run(
        ["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return result.stdout


def fresh_clone(remote: Path, target: Path) -> Path:
    git("clone", "--quiet", str(remote), str(target), cwd=remote.parent)
    return target


def incident_file(remote: Path) -> tuple[str, dict[str, Any], str]:
    """The newest commit's incident file in the remote: path, front matter, body."""
    (path,) = git("diff-tree", "--no-commit-id", "--name-only", "-r", "main", cwd=remote).split()
    text = git("show", f"main:{path}", cwd=remote)
    _, front, body = text.split("---\n", 2)
    return path, yaml.safe_load(front), body


def test_incident_steps_commit_untrusted_text_verbatim_and_deploy(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    title = EVIL_TITLE.replace("CANARY", str(canary))
    message = EVIL_MESSAGE.replace("CANARY", str(canary))
    remote = example_remote(tmp_path)
    path = path_for(tmp_path)
    actions = {
        "actions/checkout": lambda inputs, run: {},
        "actions/setup-python": lambda inputs, run: {},
    }

    def dispatch(
        checkout: Path, payload: dict[str, Any] | None = None, inputs: dict[str, str] | None = None
    ) -> None:
        event = "workflow_dispatch" if inputs else "repository_dispatch"
        run = Run(
            workspace=checkout,
            github={
                "event_name": event,
                "event": {"client_payload": payload} if payload else {"inputs": inputs},
                "ref_name": "main",
                "repository": "example/status",
                "token": "a-token",
            },
            inputs=inputs or {},
            path=path,
        )
        temp = tmp_path / f"temp-{checkout.name}"
        temp.mkdir()
        run_workflow(WORKFLOWS / "incident.yml", run, actions, temp)

    # An alert's webhook opens the incident.
    opening = {
        "action": "open",
        "title": title,
        "components": ["api=major_outage", "checkout"],
        "impact": "major",
        "message": message,
    }
    dispatch(fresh_clone(remote, tmp_path / "run-1"), payload=opening)
    file, front, body = incident_file(remote)
    assert title == front["title"]
    assert "investigating" == front["status"]
    assert {"api": "major_outage", "checkout": "partial_outage"} == front["components"]
    assert message in body
    slug = Path(file).stem

    # Someone updates it from the form while another commit lands on main: the
    # workflow's checkout is behind when it pushes.
    behind = fresh_clone(remote, tmp_path / "run-2")
    other = fresh_clone(remote, tmp_path / "other")
    (other / "README.md").write_text("Our status page.\n")
    git("add", "README.md", cwd=other)
    git("commit", "--quiet", "-m", "Add a README", cwd=other)
    git("push", "--quiet", "origin", "main", cwd=other)
    update = message.replace("We see errors", "We found the cause")
    form = {
        "action": "update",
        "title": "",
        "slug": slug,
        "status": "identified",
        "impact": "default",
        "components": "",
        "message": update,
    }
    dispatch(behind, inputs=form)
    assert "Our status page.\n" == git("show", "main:README.md", cwd=remote)
    _, front, body = incident_file(remote)
    assert "identified" == front["status"]
    assert message in body and update in body

    # The alert clears and resolves it.
    closing = {"action": "resolve", "slug": slug, "message": "Fixed; `all` $(good) 'ok'."}
    dispatch(fresh_clone(remote, tmp_path / "run-3"), payload=closing)
    _, front, body = incident_file(remote)
    assert "resolved" == front["status"]
    assert title == front["title"]
    assert closing["message"] in body

    assert not canary.exists(), "text from the payload ran as a command"
    # Seed, open, README, update, resolve; each incident change started a deploy.
    assert 5 == len(git("log", "--format=%H", "main", cwd=remote).split())
    assert ["example/status|workflow run deploy.yml --ref main"] * 3 == (
        (tmp_path / "gh.log").read_text().splitlines()
    )


def example_remote(tmp_path: Path) -> Path:
    """A bare repository holding the example site, as the workflow's `origin`."""
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    seed = copy_example(tmp_path / "seed")
    git("init", "--quiet", "-b", "main", cwd=seed)
    git("add", ".", cwd=seed)
    git("commit", "--quiet", "-m", "Example site", cwd=seed)
    git("push", "--quiet", str(remote), "main", cwd=seed)
    return remote


# --- a site in a folder of a larger repository ----------------------------------------


def repository_with_site(
    tmp_path: Path, *, files: dict[str, str] | None = None
) -> tuple[Path, str]:
    """A git repository of something else (with `files`), and `statusgen init status` run
    at its top: the repository and what init said."""
    repo = tmp_path / "infra"
    repo.mkdir()
    git("init", "--quiet", "-b", "main", cwd=repo)
    for name, text in {"README.md": "Our infrastructure.\n", **(files or {})}.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git("add", ".", cwd=repo)
    git("commit", "--quiet", "-m", "Infrastructure", cwd=repo)
    here = Path.cwd()
    os.chdir(repo)  # `init status` as typed at the repository's top
    try:
        result = CliRunner().invoke(cli, ["init", "status", "--now", INIT_NOW])
    finally:
        os.chdir(here)
    assert 0 == result.exit_code, result.output
    return repo, result.output


def test_init_in_a_folder_of_a_repository_puts_the_workflows_where_github_runs_them(
    tmp_path: Path,
) -> None:
    repo, said = repository_with_site(tmp_path)

    # GitHub runs only the repository's top .github/workflows/.
    assert ["deploy.yml", "incident.yml"] == sorted(
        p.name for p in (repo / ".github" / "workflows").iterdir()
    )
    assert not (repo / "status" / ".github").exists()
    assert "  .github/workflows/deploy.yml\n" in said
    assert f"The GitHub workflows are in {repo.resolve() / '.github' / 'workflows'}" in said
    assert "the site in status/." in said

    # The deploy workflow, run from the repository's top as GitHub does, checks, builds
    # and uploads the site of the folder.
    path = path_for(tmp_path)
    uploaded: list[Path] = []

    def upload(inputs: dict[str, str], run: Run) -> dict[str, str]:
        uploaded.append((run.workspace / inputs["path"]).resolve())
        assert (run.workspace / inputs["path"] / "index.html").is_file()
        return {}

    run = Run(
        workspace=repo,
        github={
            "event_name": "schedule",
            "ref_name": "main",
            "repository": "example/infra",
            **pushed(repo, tmp_path, "example/infra"),
        },
        path=path,
    )
    run_workflow(repo / ".github/workflows/deploy.yml", run, deploy_actions(upload, {}), tmp_path)
    assert [(repo / "status" / "_site").resolve()] == uploaded
    assert {"Check the content", "Build"} <= set(run.ran)
    assert not (repo / "_site").exists()

    # The built site is no change to commit: `git add .` leaves _site/ out.
    assert "" == git("status", "--porcelain", cwd=repo)

    # The incident form opens an incident in the site's folder, and starts that deploy.
    remote = tmp_path / "remote.git"
    git("clone", "--quiet", "--bare", str(repo), str(remote), cwd=tmp_path)
    form = {"action": "open", "title": "Checkout errors", "components": "api=major_outage"}
    form["message"] = "Looking."
    run = Run(
        workspace=fresh_clone(remote, tmp_path / "run"),
        github={"event_name": "workflow_dispatch", "event": {"inputs": form},
                "ref_name": "main", "repository": "example/infra", "token": "a-token"},
        inputs=form,
        path=path,
    )  # fmt: skip
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}
    (tmp_path / "incident").mkdir()
    run_workflow(repo / ".github/workflows/incident.yml", run, actions, tmp_path / "incident")
    file, front, _ = incident_file(remote)
    assert file.startswith("status/content/incidents/") and file.endswith("-checkout-errors.md")
    assert {"api": "major_outage"} == front["components"]
    assert ["example/infra|workflow run deploy.yml --ref main"] == (
        (tmp_path / "gh.log").read_text().splitlines()
    )


def test_init_in_a_folder_deploys_what_the_monitor_data_branch_holds(tmp_path: Path) -> None:
    # The monitor-data branch keeps monitors/ at its top, while every step runs in the
    # site's folder: recording onto it and reading it back must both work from there.
    repo, _ = repository_with_site(tmp_path)
    (repo / "status/content/monitors.yaml").write_text(
        "- id: nightly\n  component: api\n  type: heartbeat\n  interval: 1440\n"
    )
    git("add", ".", cwd=repo)
    git("commit", "--quiet", "-m", "Status page", cwd=repo)
    remote = tmp_path / "remote.git"
    git("clone", "--quiet", "--bare", str(repo), str(remote), cwd=tmp_path)
    path = path_for(tmp_path)
    github = {"ref_name": "main", "repository": "example/infra", "token": "a-token"}

    # A cron job reports a failed run through the incident workflow: monitor-data exists.
    down = {"action": "record", "monitor": "nightly", "result": "down"}
    run = Run(
        workspace=fresh_clone(remote, tmp_path / "record"),
        github={**github, "event_name": "repository_dispatch",
                "event": {"client_payload": down}},
        path=path,
    )  # fmt: skip
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}
    (tmp_path / "incident").mkdir()
    run_workflow(repo / ".github/workflows/incident.yml", run, actions, tmp_path / "incident")
    data_branch = git("ls-tree", "-r", "--name-only", "monitor-data", cwd=remote)
    assert ["monitors/nightly.json"] == data_branch.split()

    # The next deploy reads it into the site's data/ and publishes what it measured.
    uploaded: list[Path] = []
    clone = fresh_clone(remote, tmp_path / "deploy")
    run = Run(
        workspace=clone,
        github={**github, "event_name": "schedule", **pushed(clone, tmp_path, "example/infra")},
        path=path,
    )
    actions = deploy_actions(lambda i, r: uploaded.append(r.workspace / i["path"]) or {}, {})
    (tmp_path / "deploy-temp").mkdir()
    run_workflow(repo / ".github/workflows/deploy.yml", run, actions, tmp_path / "deploy-temp")
    assert [] == run.failed
    (artifact,) = uploaded
    components = json.loads((artifact / "api/v2/components.json").read_text())["components"]
    # Only the heartbeat says so: the site declares the API operational.
    assert "major_outage" == next(c for c in components if c["name"] == "API")["status"]


def test_init_in_a_folder_leaves_the_repositorys_own_workflow_and_says_what_to_do(
    tmp_path: Path,
) -> None:
    theirs = "name: Deploy the infrastructure\n"
    repo, said = repository_with_site(tmp_path, files={".github/workflows/deploy.yml": theirs})

    assert theirs == (repo / ".github/workflows/deploy.yml").read_text()
    assert not (repo / ".github/workflows/incident.yml").exists()
    kept = repo / "status" / ".github" / "workflows"
    assert ["deploy.yml", "incident.yml"] == sorted(p.name for p in kept.iterdir())
    assert f"warning: {repo.resolve() / '.github/workflows/deploy.yml'} already exists" in said
    assert "where GitHub never runs them" in said
    # What it says to do, done: the workflows then build the site from the top.
    moves = re.findall(r"^    (mv \S+ \S+)$", said, re.MULTILINE)
    assert [
        "mv status/.github/workflows/deploy.yml .github/workflows/status-deploy.yml",
        "mv status/.github/workflows/incident.yml .github/workflows/status-incident.yml",
    ] == moves
    assert "change `gh workflow run deploy.yml` to `gh workflow run status-deploy.yml`" in said
    for move in moves:
        subprocess.run(move.split(), cwd=repo, check=True)
    deploy = repo / ".github/workflows/status-deploy.yml"
    uploaded: list[Path] = []
    actions = deploy_actions(lambda i, r: uploaded.append(r.workspace / i["path"]) or {}, {})
    run = Run(
        workspace=repo,
        github={
            "event_name": "schedule",
            "ref_name": "main",
            "repository": "example/infra",
            **pushed(repo, tmp_path, "example/infra"),
        },
        path=path_for(tmp_path),
    )
    run_workflow(deploy, run, actions, tmp_path)
    assert (uploaded[0] / "index.html").is_file()


def test_init_in_a_folder_the_repository_ignores_makes_a_site_of_its_own(tmp_path: Path) -> None:
    # A home folder kept in git ignoring everything else: the site is no part of it.
    repo, said = repository_with_site(tmp_path, files={".gitignore": "/status/\n"})

    assert not (repo / ".github").exists()
    workflow = load_workflow(repo / "status/.github/workflows/deploy.yml")
    assert "." == workflow["env"]["STATUSGEN_SITE"]
    assert "GitHub workflows" not in said


def test_incident_form_takes_components_with_spaces_around_the_equals_sign(
    tmp_path: Path,
) -> None:
    remote = example_remote(tmp_path)
    form = {
        "action": "update",
        "slug": "2026-11-22-payout-creation-errors",
        "components": "api = partial_outage ,checkout= degraded_performance",
        "message": "Spreading.",
    }
    run = Run(
        workspace=fresh_clone(remote, tmp_path / "run"),
        github={"event_name": "workflow_dispatch", "event": {"inputs": form},
                "ref_name": "main", "repository": "example/status", "token": "a-token"},
        inputs=form,
        path=path_for(tmp_path),
    )  # fmt: skip
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}
    run_workflow(WORKFLOWS / "incident.yml", run, actions, tmp_path)

    _, front, body = incident_file(remote)
    assert {"api": "partial_outage", "checkout": "degraded_performance"} == {
        cid: front["components"][cid] for cid in ("api", "checkout")
    }
    assert "Spreading." in body


def test_incident_update_is_made_again_on_an_update_pushed_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = example_remote(tmp_path)
    slug = "2026-11-22-payout-creation-errors"
    search_path = path_for(tmp_path)
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}

    def dispatch(name: str, message: str, *, refuse: bool = False) -> None:
        form = {"action": "update", "slug": slug, "status": "monitoring", "message": message}
        run = Run(
            workspace=fresh_clone(remote, tmp_path / name),
            github={"event_name": "workflow_dispatch", "event": {"inputs": form},
                    "ref_name": "main", "repository": "example/status", "token": "a-token"},
            inputs=form,
            path=search_path,
        )  # fmt: skip
        # Someone posts an update to the same incident from a terminal, and pushes first.
        other = fresh_clone(remote, tmp_path / f"other-{name}")
        for key in ("AUTHOR", "COMMITTER"):
            monkeypatch.setenv(f"GIT_{key}_NAME", "Ops")
            monkeypatch.setenv(f"GIT_{key}_EMAIL", "ops@example.org")
        theirs = CliRunner().invoke(
            cli, ["-C", str(other), "update", slug, "-m", f"Before {name}.", "--commit"]
        )
        assert 0 == theirs.exit_code, theirs.output
        git("push", "--quiet", "origin", "main", cwd=other)
        if refuse:
            hook = remote / "hooks" / "pre-receive"
            hook.write_text("#!/bin/sh\nexit 1\n")
            hook.chmod(0o755)
        temp = tmp_path / f"temp-{name}"
        temp.mkdir()
        run_workflow(WORKFLOWS / "incident.yml", run, actions, temp)

    dispatch("run-1", "From the form.")

    text = git("show", f"main:content/incidents/{slug}.md", cwd=remote)
    assert "<<<<<<<" not in text
    assert text.index("Before run-1.") < text.index("From the form.")
    assert "status: monitoring" in text
    # Seed, their update, ours made again on top of it.
    assert 3 == len(git("log", "--format=%H", "main", cwd=remote).split())

    # A branch that keeps refusing the push ends the run with an annotation, not silence,
    # after ten attempts each a few seconds apart, so that runs pushing at once spread out.
    waited = len((tmp_path / "sleep.log").read_text().split())
    with pytest.raises(AssertionError, match="::error::could not push the incident commit"):
        dispatch("run-2", "Refused.", refuse=True)
    waits = (tmp_path / "sleep.log").read_text().split()[waited:]
    assert 10 == len(waits)
    assert set(waits) <= {"1", "2", "3", "4", "5"}


def test_incident_resolve_ends_with_a_notice_when_resolved_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = example_remote(tmp_path)
    slug = "2026-11-22-payout-creation-errors"
    form = {"action": "resolve", "slug": slug, "status": "default", "message": "Rolled back."}
    run = Run(
        workspace=fresh_clone(remote, tmp_path / "run"),
        github={"event_name": "workflow_dispatch", "event": {"inputs": form},
                "ref_name": "main", "repository": "example/status", "token": "a-token"},
        inputs=form,
        path=path_for(tmp_path),
    )  # fmt: skip
    # Someone resolves the same incident from a terminal, and pushes first.
    other = fresh_clone(remote, tmp_path / "other")
    for key in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{key}_NAME", "Ops")
        monkeypatch.setenv(f"GIT_{key}_EMAIL", "ops@example.org")
    theirs = CliRunner().invoke(
        cli, ["-C", str(other), "resolve", slug, "-m", "Fixed it.", "--commit"]
    )
    assert 0 == theirs.exit_code, theirs.output
    git("push", "--quiet", "origin", "main", cwd=other)
    pushed_first = git("rev-parse", "main", cwd=remote)
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}

    # The run ends green, saying who did it: a run again could do nothing more.
    temp = tmp_path / "temp"
    temp.mkdir()
    run_workflow(WORKFLOWS / "incident.yml", run, actions, temp)

    assert pushed_first == git("rev-parse", "main", cwd=remote)
    said = run.summary.splitlines()[-1]
    assert said.startswith("The incident was resolved meanwhile on main (its latest commit: ")
    assert "by Ops); nothing to push. The message given to this run was not added." in said


def test_incident_workflow_refuses_an_unknown_action(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    git("init", "--quiet", "-b", "main", cwd=site)
    run = Run(
        workspace=site,
        github={"event_name": "repository_dispatch", "ref_name": "main", "repository": "x/y",
                "event": {"client_payload": {"action": "delete", "slug": "x"}}},
        path=path_for(tmp_path),
    )  # fmt: skip
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}
    with pytest.raises(
        AssertionError, match="action must be open, update, resolve, ingest or record"
    ):
        run_workflow(WORKFLOWS / "incident.yml", run, actions, tmp_path)
    assert not (tmp_path / "gh.log").exists()


# --- alerts: an alerting tool's own body in client_payload ---------------------------

INGEST_RULES = """
ingest:
  rules:
    - name: api
      source: alertmanager
      match: {labels.service: api}
      components: [api]
      title: "API errors"
      message: "{annotations.summary}"
"""


def test_incident_steps_ingest_an_alert_payload_once(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    fixtures = ROOT / "tests" / "fixtures" / "alerts"
    firing = json.loads((fixtures / "alertmanager-firing.json").read_text())
    evil = f"$(touch {canary}) `touch {canary}` '; touch {canary}; ' ${{{{ github.token }}}}"
    firing["commonAnnotations"]["summary"] = evil
    firing["groupKey"] = evil
    resolved = json.loads(json.dumps(firing).replace('"firing"', '"resolved"'))
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    seed = copy_example(tmp_path / "seed")
    with (seed / "statusgen.yaml").open("a") as settings:
        settings.write(INGEST_RULES)
    git("init", "--quiet", "-b", "main", cwd=seed)
    git("add", ".", cwd=seed)
    git("commit", "--quiet", "-m", "Example site", cwd=seed)
    git("push", "--quiet", str(remote), "main", cwd=seed)
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}
    search_path = path_for(tmp_path)

    def dispatch(name: str, payload: dict[str, Any]) -> Run:
        run = Run(
            workspace=fresh_clone(remote, tmp_path / name),
            github={
                "event_name": "repository_dispatch",
                "event": {"client_payload": {"action": "ingest", "source": "alertmanager",
                                             "payload": payload}},
                "ref_name": "main",
                "repository": "example/status",
                "token": "a-token",
            },
            path=search_path,
        )  # fmt: skip
        temp = tmp_path / f"temp-{name}"
        temp.mkdir()
        run_workflow(WORKFLOWS / "incident.yml", run, actions, temp)
        return run

    opened = dispatch("run-1", firing)
    _, front, body = incident_file(remote)
    assert "API errors" == front["title"]
    assert {"source": "alertmanager", "id": evil} == {
        k: front["alert"][k] for k in ("source", "id")
    }
    assert "fired_at" in front["alert"]  # when it began, by the tool's clock
    assert {"api": "partial_outage"} == front["components"]
    assert "touch" in body  # the alert's summary, as text
    assert "Push" in opened.ran and "Deploy" in opened.ran

    # The tool repeats the notification: nothing is committed, pushed or deployed.
    repeat = dispatch("run-2", firing)
    assert "Push" not in repeat.ran and "Deploy" not in repeat.ran
    assert "Nothing to do" in repeat.summary
    # The job summary shows ingest's words as text: the alert's own never as Markdown.
    assert "```text\n" in repeat.summary
    assert "```text\n" in opened.summary
    quoted = opened.summary.split("```text\n", 1)[1].split("\n```\n", 1)[0]
    assert "Rule 'api' matched" in quoted
    assert 2 == len(git("log", "--format=%H", "main", cwd=remote).split())

    dispatch("run-3", resolved)
    _, front, _ = incident_file(remote)
    assert "monitoring" == front["status"]
    assert {"api": "operational"} == front["components"]

    assert not canary.exists(), "text from the alert ran as a command"
    assert 3 == len(git("log", "--format=%H", "main", cwd=remote).split())
    assert ["example/status|workflow run deploy.yml --ref main"] * 2 == (
        (tmp_path / "gh.log").read_text().splitlines()
    )


def test_a_rerun_of_an_older_deploy_publishes_nothing_and_says_why(tmp_path: Path) -> None:
    # Re-running the run of a commit from before an incident must not put its green page
    # back up: the newest commit's own run is the one that publishes.
    site = copy_example(tmp_path / "site")
    older = pushed(site, tmp_path)
    incident = site / "content/incidents/2026-11-20-new-outage.md"
    incident.write_text(
        "---\ntitle: New outage\ncomponents:\n  api: major_outage\n---\n\n"
        "## 2026-11-20 10:00 · investigating\n\nLooking.\n"
    )
    newest = pushed(site, tmp_path)
    git("checkout", "--quiet", older["sha"], cwd=site)  # what actions/checkout does
    uploaded: list[Path] = []
    deployed: list[str] = []
    actions = deploy_actions(lambda i, r: uploaded.append(r.workspace / i["path"]) or {}, {})
    actions["actions/deploy-pages"] = lambda i, r: deployed.append("deployed") or {}
    path = path_for(tmp_path)
    github = {"event_name": "schedule", "ref_name": "main", "repository": "example/status"}
    run = Run(workspace=site, github={**github, **older}, path=path)

    run_workflow(WORKFLOWS / "deploy.yml", run, actions, tmp_path)  # and succeeds

    assert ([], []) == (uploaded, deployed)
    assert "Build" not in run.ran
    assert {"deploy", "notify"} == run.skipped
    assert f"Not published: this run is for commit {older['sha']}, and main" in run.summary
    assert newest["sha"] in run.summary

    # "Re-run failed jobs" on deploy runs it alone, with what the older build uploaded.
    workflow = load_workflow(WORKFLOWS / "deploy.yml")
    rerun = {
        "build": {"outputs": {"publish": "true"}, "steps": [{"run": "true"}]},
        "deploy": workflow["jobs"]["deploy"],
    }
    alone = tmp_path / "deploy-alone.yml"
    alone.write_text(yaml.safe_dump({**workflow, "jobs": rerun}))
    run = Run(workspace=site, github={**github, **older}, path=path)
    (tmp_path / "alone").mkdir()
    run_workflow(alone, run, actions, tmp_path / "alone")
    assert [] == deployed
    assert "Check this is the branch's newest commit" in run.ran

    # The newest commit's run publishes, deploy job included.
    git("checkout", "--quiet", newest["sha"], cwd=site)
    run = Run(workspace=site, github={**github, **newest}, path=path)
    (tmp_path / "newest").mkdir()
    run_workflow(alone, run, actions, tmp_path / "newest")
    assert ["deployed"] == deployed
