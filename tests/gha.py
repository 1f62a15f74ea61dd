"""A small local stand-in for the GitHub Actions runner, enough to run our own workflows.

It runs every `run:` step of a workflow's jobs in order with bash, the way the hosted
runner does (the same shell flags, GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STEP_SUMMARY
files, step outputs), and hands each `uses:` step to a handler the test provides.
`${{ }}` expressions are evaluated only where GitHub evaluates them before the shell
sees anything (`env:`, `with:`, `if:`, a job's `defaults:`), and only in the small subset
our workflows use; a step runs in its `working-directory:` (else the job's, else the
workflow's default), relative to the workspace;
after a failed step, only the job's steps whose `if:` calls always() still run, and the
run then stops with that failure, as on the hosted runner;
anything else fails the test rather than being guessed at. An expression inside a
`run:` script fails too: untrusted text must reach the shell through the environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
TOKEN = re.compile(r"\s*(?:(\|\||&&|==|!=|[(),])|'((?:[^']|'')*)'|([A-Za-z_][\w.-]*))")

# What a `uses:` step does here: receives the step's evaluated `with:` inputs and the
# run so far, returns the step's outputs.
ActionHandler = Callable[[dict[str, str], "Run"], Mapping[str, str]]


class UnsupportedExpression(Exception):
    pass


def load_workflow(path: Path) -> dict[str, Any]:
    """The workflow as data. PyYAML reads a bare `on:` key as True; it is put back."""
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, "", [], {})


def as_text(value: Any) -> str:
    """A value as GitHub puts it into a string: null is empty, booleans are lower case."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def evaluate(expression: str, contexts: Mapping[str, Any], workspace: Path | None = None) -> Any:
    """Evaluate one expression: context paths, 'strings', ==, !=, &&, ||, (), join(), toJSON(),
    format(), always() and hashFiles() (of files in `workspace`)."""
    tokens: list[tuple[str, str]] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise UnsupportedExpression(f"cannot read {text[position:]!r} in {expression!r}")
        operator, string, name = match.groups()
        if operator is not None:
            tokens.append(("op", operator))
        elif string is not None:
            tokens.append(("str", string.replace("''", "'")))
        else:
            tokens.append(("name", name))
        position = match.end()
    parser = _Parser(tokens, contexts, expression, workspace)
    value = parser.parse_or()
    if parser.index != len(tokens):
        raise UnsupportedExpression(f"unexpected {tokens[parser.index][1]!r} in {expression!r}")
    return value


def substitute(template: Any, contexts: Mapping[str, Any]) -> str:
    """A string with each ${{ }} replaced by its value; the values are never re-read."""
    text = as_text(template)
    return EXPRESSION.sub(lambda m: as_text(evaluate(m.group(1), contexts)), text)


@dataclass
class _Parser:
    tokens: list[tuple[str, str]]
    contexts: Mapping[str, Any]
    expression: str
    workspace: Path | None = None
    index: int = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str) -> None:
        if self.peek() != ("op", value):
            raise UnsupportedExpression(f"expected {value!r} in {self.expression!r}")
        self.index += 1

    def parse_or(self) -> Any:
        value = self.parse_and()
        while self.peek() == ("op", "||"):
            self.index += 1
            right = self.parse_and()
            value = value if truthy(value) else right
        return value

    def parse_and(self) -> Any:
        value = self.parse_compare()
        while self.peek() == ("op", "&&"):
            self.index += 1
            right = self.parse_compare()
            value = right if truthy(value) else value
        return value

    def parse_compare(self) -> Any:
        value = self.parse_value()
        token = self.peek()
        if token in (("op", "=="), ("op", "!=")):
            self.index += 1
            right = self.parse_value()
            # GitHub compares strings case-insensitively.
            same = as_text(value).lower() == as_text(right).lower()
            return same if token == ("op", "==") else not same
        return value

    def parse_value(self) -> Any:
        token = self.peek()
        if token is None:
            raise UnsupportedExpression(f"incomplete expression {self.expression!r}")
        self.index += 1
        kind, value = token
        if kind == "str":
            return value
        if token == ("op", "("):
            inner = self.parse_or()
            self.take(")")
            return inner
        if kind == "name" and self.peek() == ("op", "("):
            return self.call(value)
        if kind == "name":
            return self.lookup(value)
        raise UnsupportedExpression(f"unexpected {value!r} in {self.expression!r}")

    def call(self, function: str) -> Any:
        self.take("(")
        arguments = [] if self.peek() == ("op", ")") else [self.parse_or()]
        while self.peek() == ("op", ","):
            self.index += 1
            arguments.append(self.parse_or())
        self.take(")")
        if function == "always" and not arguments:
            return True
        if function == "hashFiles" and arguments and self.workspace is not None:
            # GitHub's: empty when no file matches, else a hash of the matching files.
            # A pattern naming a folder (`site/`, from an output a failed step never set)
            # matches no file, as on GitHub; Python's glob refuses a trailing '/'.
            patterns = [as_text(pattern).rstrip("/") for pattern in arguments]
            files = sorted(
                path
                for pattern in patterns
                if pattern
                for path in self.workspace.glob(pattern)
                if path.is_file()
            )
            if not files:
                return ""
            return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
        if function == "join" and len(arguments) in (1, 2):
            items, separator = arguments[0], as_text(arguments[1]) if len(arguments) == 2 else ","
            if isinstance(items, list):
                return separator.join(as_text(item) for item in items)
            return as_text(items)
        if function == "format" and arguments:
            # GitHub's: {N} is the Nth argument after the format string ({{ and }} aside).
            values = [as_text(argument) for argument in arguments[1:]]
            return re.sub(r"\{(\d+)\}", lambda m: values[int(m.group(1))], as_text(arguments[0]))
        if function == "toJSON" and len(arguments) == 1:
            # GitHub's toJSON: indented by two spaces; null for a missing value.
            return json.dumps(arguments[0], indent=2)
        raise UnsupportedExpression(f"function {function}() in {self.expression!r}")

    def lookup(self, path: str) -> Any:
        if path in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[path]
        head, *rest = path.split(".")
        if head not in self.contexts:
            raise UnsupportedExpression(f"context {head!r} in {self.expression!r}")
        value: Any = self.contexts[head]
        for part in rest:
            value = value.get(part) if isinstance(value, Mapping) else None
        return value


@dataclass
class Run:
    """One run of a workflow: its contexts and what the steps left behind."""

    workspace: Path
    github: dict[str, Any]
    inputs: dict[str, Any] = field(default_factory=dict)
    vars: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)  # PATH, first entries first
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)  # step names, in the order they ran
    job_needs: list[str] = field(default_factory=list)  # the running job's `needs`
    summary: str = ""  # what the steps wrote to GITHUB_STEP_SUMMARY
    needs: dict[str, dict[str, Any]] = field(default_factory=dict)  # finished jobs' outputs
    failed: list[str] = field(default_factory=list)  # steps that failed with continue-on-error
    folder: str = "."  # the running job's default working-directory, from the workspace
    skipped: set[str] = field(default_factory=set)  # jobs whose if: was false, or after one

    def contexts(self) -> dict[str, Any]:
        return {
            "github": self.github,
            "inputs": self.inputs,
            "vars": self.vars,
            "secrets": self.secrets,
            "needs": {name: self.needs[name] for name in self.job_needs},
            "steps": self.steps,
            "env": self.env,
        }


def run_workflow(
    workflow_path: Path, run: Run, actions: Mapping[str, ActionHandler], temp: Path
) -> None:
    """Run the workflow's jobs in `needs` order; raise on the first failing step."""
    workflow = load_workflow(workflow_path)
    shell = workflow.get("defaults", {}).get("run", {}).get("shell", "bash")
    assert shell == "bash", f"only bash steps are run here, not {shell!r}"
    jobs: dict[str, dict[str, Any]] = workflow["jobs"]
    done: list[str] = []
    while len(done) < len(jobs):
        ready = [
            name
            for name, job in jobs.items()
            if name not in done and set(_as_list(job.get("needs"))) <= set(done)
        ]
        assert ready, "the jobs' needs form a cycle"
        name = ready[0]
        job = jobs[name]
        run.steps = {}
        run.env = {}
        run.job_needs = _as_list(job.get("needs"))
        for scope in (workflow, job):
            for key, value in (scope.get("env") or {}).items():
                run.env[key] = substitute(value, run.contexts())
        run.folder = "."
        for scope in (workflow, job):
            folder = scope.get("defaults", {}).get("run", {}).get("working-directory")
            if folder is not None:
                run.folder = substitute(folder, run.contexts())
        failure: AssertionError | None = None
        # As on GitHub: a job after a skipped one is skipped too, unless its if: says always().
        after_skipped = bool(set(run.job_needs) & run.skipped)
        if after_skipped and "always()" not in as_text(job.get("if")):
            runs = False
        else:
            runs = "if" not in job or truthy(evaluate(_condition(job["if"]), run.contexts()))
        if not runs:
            run.skipped.add(name)
        else:
            for number, step in enumerate(job["steps"]):
                if failure is not None and "always()" not in as_text(step.get("if")):
                    continue
                try:
                    _run_step(step, f"{name}.{number}", run, actions, temp)
                except AssertionError as error:
                    failure = failure or error
        if failure is not None:
            raise failure
        run.needs[name] = {
            "outputs": {
                key: substitute(value, run.contexts())
                for key, value in (job.get("outputs") or {}).items()
            }
        }
        done.append(name)


def _run_step(
    step: dict[str, Any],
    number: str,
    run: Run,
    actions: Mapping[str, ActionHandler],
    temp: Path,
) -> None:
    known = {
        "name",
        "id",
        "if",
        "env",
        "run",
        "uses",
        "with",
        "shell",
        "continue-on-error",
        "working-directory",
    }
    unknown = set(step) - known
    assert not unknown, f"step {number} uses keys this runner does not know: {unknown}"
    if "if" in step and not truthy(evaluate(_condition(step["if"]), run.contexts(), run.workspace)):
        return
    label = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
    outputs: Mapping[str, str]
    if "uses" in step:
        action = step["uses"].split("@", 1)[0]
        assert action in actions, f"no stand-in for {step['uses']!r}"
        inputs = {
            key: substitute(value, run.contexts())
            for key, value in (step.get("with") or {}).items()
        }
        outputs = actions[action](inputs, run)
    elif step.get("continue-on-error") is True:
        # As on the hosted runner: the step fails, the job goes on (outputs are lost).
        try:
            outputs = _run_script(step, number, run, temp)
        except AssertionError as failure:
            run.failed.append(f"{label}: {failure}")
            outputs = {}
    else:
        outputs = _run_script(step, number, run, temp)
    if "id" in step:
        run.steps[step["id"]] = {"outputs": dict(outputs)}
    run.ran.append(label)


def _run_script(step: dict[str, Any], number: str, run: Run, temp: Path) -> dict[str, str]:
    script = step["run"]
    if EXPRESSION.search(script):
        raise UnsupportedExpression(f"${{{{ }}}} inside the script of step {number}: {script!r}")
    assert step.get("shell", "bash") == "bash"
    files = {name: temp / f"{number}.{name}" for name in ("output", "env", "summary")}
    for path in files.values():
        path.write_text("")
    script_file = temp / f"{number}.sh"
    script_file.write_text(script)
    env = {
        "PATH": os.pathsep.join(run.path),
        "HOME": str(temp / "home"),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(run.workspace),
        "GITHUB_OUTPUT": str(files["output"]),
        "GITHUB_ENV": str(files["env"]),
        "GITHUB_STEP_SUMMARY": str(files["summary"]),
        "RUNNER_TEMP": str(temp),
        "GITHUB_EVENT_NAME": as_text(run.github.get("event_name")),
        "GITHUB_REF_NAME": as_text(run.github.get("ref_name")),
        "GITHUB_REF": as_text(run.github.get("ref")),
        "GITHUB_SHA": as_text(run.github.get("sha")),
        "GITHUB_SERVER_URL": as_text(run.github.get("server_url")),
        "GITHUB_REPOSITORY": as_text(run.github.get("repository")),
        **run.env,
    }
    for key, value in (step.get("env") or {}).items():
        env[key] = substitute(value, run.contexts())
    (temp / "home").mkdir(exist_ok=True)
    folder = run.workspace / substitute(step.get("working-directory", run.folder), run.contexts())
    assert folder.is_dir(), f"step {number}: no working-directory {folder}"
    # The hosted runner's command line for `shell: bash`.
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"step {number} ({step.get('name', script.splitlines()[0])}) failed "
        f"with {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    run.env.update(_read_commands(files["env"]))
    run.summary += files["summary"].read_text()
    return _read_commands(files["output"])


def _read_commands(path: Path) -> dict[str, str]:
    """NAME=value lines and NAME<<DELIMITER blocks, as in GITHUB_OUTPUT and GITHUB_ENV."""
    values: dict[str, str] = {}
    lines = iter(path.read_text().splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: list[str] = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def _condition(condition: Any) -> str:
    text = as_text(condition).strip()
    match = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.DOTALL)
    return match.group(1) if match else text


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
