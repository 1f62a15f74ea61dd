"""The workflows' monitor steps, run as the hosted runner would (tests/gha.py): the deploy
workflow probes and commits to the monitor-data branch, never to main, and keeps the
runs of a heartbeat that was pushed while it probed; the incident workflow records
heartbeats."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from gha import Run, run_workflow
from probeservers import HTTP_MONITOR, http_server
from sitefiles import copy_example
from test_workflows import PAGES_URL, VENV_BIN, WORKFLOWS, fresh_clone, git, path_for

MONITORS = (
    HTTP_MONITOR
    + """\
- id: nightly
  component: payouts
  type: heartbeat
  interval: 1440
"""
)


# The deploy workflow's notify job keeps its state in the Actions cache; these runs
# start without one and keep nothing (the notify tests cover that state).
NO_NOTIFY_STATE = {
    "actions/cache/restore": lambda inputs, run: {"cache-hit": "false"},
    "actions/cache/save": lambda inputs, run: {},
}


def seeded_remote(tmp_path: Path, port: int) -> Path:
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    seed = copy_example(tmp_path / "seed")
    (seed / "content" / "monitors.yaml").write_text(MONITORS.format(port=port))
    git("init", "--quiet", "-b", "main", cwd=seed)
    git("add", ".", cwd=seed)
    git("commit", "--quiet", "-m", "Example site", cwd=seed)
    git("push", "--quiet", str(remote), "main", cwd=seed)
    return remote


def data_file(remote: Path, monitor: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        git("show", f"monitor-data:monitors/{monitor}.json", cwd=remote)
    )
    return loaded


def newest(checkout: Path) -> dict[str, str]:
    """The github context naming the run's commit (`checkout`'s) and a stand-in server
    holding the repository it was cloned from, which the deploy workflow asks for the
    branch's newest commit."""
    remote = Path(git("remote", "get-url", "origin", cwd=checkout).strip())
    server = remote.parent / "server"
    (server / "example").mkdir(parents=True, exist_ok=True)
    if not (server / "example" / "status.git").exists():
        (server / "example" / "status.git").symlink_to(remote)
    sha = git("rev-parse", "HEAD", cwd=checkout).strip()
    return {"server_url": str(server), "ref": "refs/heads/main", "sha": sha}


def deploy(checkout: Path, tmp_path: Path, path: list[str]) -> Path | None:
    """Run the deploy workflow in `checkout`; the folder it uploaded to Pages (None when
    the run published nothing: its probe moved main on, and the run it starts publishes)."""
    uploaded: list[Path] = []
    run = Run(
        workspace=checkout,
        github={"event_name": "schedule", "ref_name": "main", "repository": "example/status",
                "token": "a-token", **newest(checkout)},
        path=path,
    )  # fmt: skip
    actions = {
        "actions/checkout": lambda inputs, run: {},
        "actions/setup-python": lambda inputs, run: {},
        "actions/configure-pages": lambda inputs, run: {"base_url": PAGES_URL},
        "actions/upload-pages-artifact": lambda i, r: (
            uploaded.append(r.workspace / i["path"]) or {}
        ),
        "actions/deploy-pages": lambda inputs, run: {"page_url": PAGES_URL + "/"},
        **NO_NOTIFY_STATE,
    }
    temp = tmp_path / f"temp-{checkout.name}"
    temp.mkdir()
    run_workflow(WORKFLOWS / "deploy.yml", run, actions, temp)
    assert len(uploaded) <= 1
    return uploaded[0] if uploaded else None


def api_status(artifact: Path) -> str:
    components = json.loads((artifact / "api/v2/components.json").read_text())["components"]
    (api,) = [c for c in components if c["name"] == "Payments API"]
    status: str = api["status"]
    return status


def heartbeat_shim(tmp_path: Path, other: Path) -> Path:
    """A `statusgen` that, the first time it is asked to probe, has another clone record a
    heartbeat and push it: the run's own push is then rejected and must merge."""
    shims = tmp_path / "overlap"
    shims.mkdir()
    mark, real = tmp_path / "overlapped", VENV_BIN / "statusgen"
    identity = "-c user.name=Cron -c user.email=cron@example.org"
    script = f"""#!/bin/sh
if [ "$1" = probe ] && [ ! -e "{mark}" ]; then
  touch "{mark}"
  (cd "{other}" && git fetch -q --depth=1 origin monitor-data &&
   git worktree add -q --detach data FETCH_HEAD &&
   "{real}" record nightly --up -m "from cron" &&
   git -C data add monitors && git -C data {identity} commit -qm "Heartbeat" &&
   git -C data push -q origin HEAD:refs/heads/monitor-data) >&2 || exit 99
fi
exec "{real}" "$@"
"""
    (shims / "statusgen").write_text(script)
    (shims / "statusgen").chmod(0o755)
    return shims


def test_deploy_probes_commits_to_the_data_branch_and_merges_overlaps(tmp_path: Path) -> None:
    with http_server() as server:
        remote = seeded_remote(tmp_path, server.port)
        path = path_for(tmp_path)

        # First run: creates the monitor-data branch; the build reads it.
        artifact = deploy(fresh_clone(remote, tmp_path / "run-1"), tmp_path, path)
        assert artifact is not None
        assert ["up"] == [run[1] for run in data_file(remote, "api-health")["runs"]]
        # Declared: the example's open incident has the API degraded; measured agrees it is up.
        assert "degraded_performance" == api_status(artifact)

        # Second run, with the API failing, while a heartbeat is pushed under its feet.
        server.mode = "failing"
        checkout = fresh_clone(remote, tmp_path / "run-2")
        other = fresh_clone(remote, tmp_path / "cron")
        artifact = deploy(checkout, tmp_path, [str(heartbeat_shim(tmp_path, other)), *path])
        assert artifact is not None

    assert (tmp_path / "overlapped").exists()
    assert ["up", "down"] == [run[1] for run in data_file(remote, "api-health")["runs"]]
    assert [["up", "from cron"]] == [[r[1], r[3]] for r in data_file(remote, "nightly")["runs"]]
    assert "partial_outage" == api_status(artifact)  # 1 of the last 2 up: 0.5
    # The data branch is one commit that each run replaces; main is untouched.
    log = git("log", "--format=%s", "monitor-data", cwd=remote).splitlines()
    assert 1 == len(log) and log[0].startswith("Monitor results ")
    assert 1 == len(git("log", "--format=%H", "main", cwd=remote).split())


def dispatch_record(
    tmp_path: Path, remote: Path, name: str, payload: dict[str, Any], path: list[str]
) -> None:
    checkout = fresh_clone(remote, tmp_path / name)
    run = Run(
        workspace=checkout,
        github={"event_name": "repository_dispatch", "ref_name": "main",
                "repository": "example/status", "token": "a-token",
                "event": {"client_payload": payload}},
        path=path,
    )  # fmt: skip
    actions = {"actions/checkout": lambda i, r: {}, "actions/setup-python": lambda i, r: {}}
    temp = tmp_path / f"temp-{name}"
    temp.mkdir()
    run_workflow(WORKFLOWS / "incident.yml", run, actions, temp)


def test_incident_workflow_records_heartbeats_on_the_data_branch(tmp_path: Path) -> None:
    remote = seeded_remote(tmp_path, 9)
    message = "disk full; `touch CANARY` $(touch CANARY)".replace("CANARY", str(tmp_path / "c"))
    down = {"action": "record", "monitor": "nightly", "result": "down", "latency": "5300",
            "message": message}  # fmt: skip
    path = path_for(tmp_path)
    dispatch_record(tmp_path, remote, "run-1", down, path)
    dispatch_record(tmp_path, remote, "run-2", {"action": "record", "monitor": "nightly"}, path)

    runs = data_file(remote, "nightly")["runs"]
    assert [("down", 5300, message), ("up", None, "")] == [(r[1], r[2], r[3]) for r in runs]
    assert not (tmp_path / "c").exists()
    assert 1 == len(git("log", "--format=%H", "monitor-data", cwd=remote).split())
    assert 1 == len(git("log", "--format=%H", "main", cwd=remote).split())
    # Only the "down" heartbeat starts a deploy: it is news.
    gh_log = (tmp_path / "gh.log").read_text().splitlines()
    assert ["example/status|workflow run deploy.yml --ref main"] == gh_log


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"monitor": "nightly", "result": "sideways"}, "result must be up or down"),
        ({"monitor": "nightlx"}, "no monitor 'nightlx'"),
    ],
)
def test_incident_workflow_refuses_a_bad_heartbeat(
    tmp_path: Path, payload: dict[str, str], error: str
) -> None:
    remote = seeded_remote(tmp_path, 9)
    with pytest.raises(AssertionError, match=error):
        payload = {"action": "record", **payload}
        dispatch_record(tmp_path, remote, "run", payload, path_for(tmp_path))
    assert "" == git("branch", "--list", "monitor-data", cwd=remote)  # nothing was pushed


def test_probe_job_may_write_and_start_a_deploy_but_the_build_may_not() -> None:
    from gha import load_workflow

    jobs = load_workflow(WORKFLOWS / "deploy.yml")["jobs"]
    assert {"contents": "write", "actions": "write"} == jobs["probe"]["permissions"]
    assert ["probe"] == [jobs["build"]["needs"]]


def test_a_failing_monitor_opens_an_incident_on_main_and_starts_a_deploy(tmp_path: Path) -> None:
    with http_server() as server:
        server.mode = "failing"
        remote = seeded_remote(tmp_path, server.port)
        seed = tmp_path / "seed"
        monitors = (seed / "content/monitors.yaml").read_text()
        monitors = monitors.replace("  retries: 0\n", "  retries: 0\n  open_incident_after: 1\n")
        (seed / "content/monitors.yaml").write_text(monitors)
        git("commit", "--quiet", "-am", "Open incidents automatically", cwd=seed)
        git("push", "--quiet", str(remote), "main", cwd=seed)
        path = path_for(tmp_path)
        deploy(fresh_clone(remote, tmp_path / "run-1"), tmp_path, path)
        deploy(fresh_clone(remote, tmp_path / "run-2"), tmp_path, path)  # still failing

    log = git("log", "--format=%s", "main", cwd=remote).splitlines()
    assert ["Open incident: Payments API is not responding"] == log[:1]
    assert 3 == len(log)  # seed, the setting, one incident: the second run opened none
    assert ["example/status|workflow run deploy.yml --ref main"] == (
        (tmp_path / "gh.log").read_text().splitlines()
    )


def test_a_broken_probe_never_stops_the_deploy(tmp_path: Path) -> None:
    with http_server() as server:
        remote = seeded_remote(tmp_path, server.port)
        checkout = fresh_clone(remote, tmp_path / "run-1")
        # A data/ folder on main is in the way of the data branch's checkout.
        (checkout / "data").mkdir()
        (checkout / "data" / "notes.txt").write_text("not monitor data\n")
        run = Run(
            workspace=checkout,
            github={"event_name": "schedule", "ref_name": "main", "repository": "example/status",
                    "token": "a-token", **newest(checkout)},
            path=path_for(tmp_path),
        )  # fmt: skip
        uploaded: list[str] = []
        actions = {
            "actions/checkout": lambda inputs, run: {},
            "actions/setup-python": lambda inputs, run: {},
            "actions/configure-pages": lambda inputs, run: {"base_url": PAGES_URL},
            "actions/upload-pages-artifact": lambda i, r: (
                uploaded.append(os.path.normpath(i["path"])) or {}
            ),
            "actions/deploy-pages": lambda inputs, run: {"page_url": PAGES_URL + "/"},
            **NO_NOTIFY_STATE,
        }
        (tmp_path / "temp").mkdir()
        run_workflow(WORKFLOWS / "deploy.yml", run, actions, tmp_path / "temp")
    assert ["_site"] == uploaded
    assert 1 == len(run.failed) and run.failed[0].startswith("Probe the monitors")
