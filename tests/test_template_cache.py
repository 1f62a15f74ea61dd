"""The theme's compiled templates are kept in the cache folder (render/theme.py
TemplateCode): a later build loads them instead of compiling, yet never shows an edited
template's old text, never runs code a file without this user's seal carries, and writes
the same bytes as a clean build.

Mutation proof (checked by hand): with `bytecode_cache=` dropped from make_environment,
test_a_second_build_compiles_no_template fails; with the source checksum ignored in
TemplateCode.load_bytecode, test_an_edited_override_shows_its_new_text fails; with
Cache.load not checking the seal, test_unsealed_bytecode_is_never_run fails."""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from sitefiles import INCIDENT, INCIDENT_PATH, run_build, sealed_bytes, write_site
from sitefiles import tree as snapshot

from statusgen.incremental import safepickle
from statusgen.incremental.seal import SEAL_BYTES, unseal
from statusgen.layout import CACHE_FOLDER
from statusgen.render import workers

TEMPLATES = "templates.pickle"
FOOTER = "themes/templates/partials/footer.html"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates Jinja compiles from source from now on in this test, by name."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: object, name: str | None = None, *a: object):  # type: ignore[no-untyped-def]
        names.append(str(name))
        return original(self, source, name, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def build(root: Path, *args: str) -> None:
    result = run_build(root, *args)
    assert 0 == result.exit_code, result.output


def edit_incident(root: Path, text: str) -> None:
    (root / INCIDENT_PATH).write_text(INCIDENT + f"\n{text}\n", encoding="utf-8")


def test_a_second_build_compiles_no_template(tmp_path: Path, compiled: list[str]) -> None:
    root = write_site(tmp_path / "site")
    build(root)
    assert "incident.html" in compiled
    compiled.clear()

    edit_incident(root, "One more line.")
    build(root)

    assert [] == compiled
    assert (
        "One more line."
        in (root / "public/incidents/2026-11-20-checkout-errors/index.html").read_text()
    )


def test_no_cache_compiles_every_build(tmp_path: Path, compiled: list[str]) -> None:
    root = write_site(tmp_path / "site")
    build(root)
    compiled.clear()

    build(root, "--no-cache", "-o", str(tmp_path / "other"))

    assert "incident.html" in compiled


def test_workers_compile_nothing_the_build_compiled_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The site is small: let its few outputs go to two workers, which write each compile
    # to a shared log (the parent's memory would not see theirs).
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    log = tmp_path / "compiled.log"
    original = jinja2.Environment.compile

    def logged(self: jinja2.Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        with log.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {name}\n")
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", logged)
    root = write_site(tmp_path / "site")
    build(root, "--jobs", "2")
    cold = [line.split() for line in log.read_text().splitlines()]
    log.unlink()
    edit_incident(root, "Edited.")
    build(root, "--jobs", "2", "-o", str(tmp_path / "again"))

    assert {str(os.getpid())} == {pid for pid, _ in cold}
    assert len({name for _, name in cold}) == len(cold)
    assert not log.exists()  # the second build loaded every template it used


def test_a_removed_override_is_forgotten_by_a_build_that_loads_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)  # load_all runs before workers fork
    footer = "<footer>Own footer</footer>\n"
    root = write_site(tmp_path / "site", {FOOTER: footer})
    build(root, "--jobs", "2")
    checksum = hashlib.sha1(footer.encode()).hexdigest()  # Jinja's, of the source
    assert checksum in {saved for saved, _ in _entries(root).values()}

    (root / FOOTER).unlink()
    build(root, "--jobs", "2", "-o", str(tmp_path / "again"))

    assert checksum not in {saved for saved, _ in _entries(root).values()}


def _entries(root: Path) -> dict[str, tuple[str, bytes]]:
    data = unseal((root / CACHE_FOLDER / TEMPLATES).read_bytes())
    assert data is not None
    entries: dict[str, tuple[str, bytes]] = safepickle.loads(data)[1]
    return entries


def test_a_build_that_compiles_nothing_leaves_the_file_alone(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    build(root)
    saved = root / CACHE_FOLDER / TEMPLATES
    before = saved.stat()

    edit_incident(root, "Edited.")
    build(root)

    after = saved.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_an_edited_override_shows_its_new_text(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {FOOTER: "<footer>First footer</footer>\n"})
    build(root)
    assert "First footer" in (root / "public/index.html").read_text()

    # Same length, so only the bytes tell the two apart.
    (root / FOOTER).write_text("<footer>Other footer</footer>\n", encoding="utf-8")
    build(root)
    assert "Other footer" in (root / "public/index.html").read_text()
    (root / FOOTER).unlink()
    build(root)
    built = snapshot(root / "public")

    clean = write_site(tmp_path / "clean")
    build(clean, "--no-cache")
    assert snapshot(clean / "public") == built


def test_an_override_added_later_replaces_the_kept_builtin(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    build(root)

    write_site(root, {FOOTER: "<footer>Added footer</footer>\n"})
    build(root)

    assert "Added footer" in (root / "public/index.html").read_text()


def test_another_python_compiles_again(
    tmp_path: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    build(root)
    compiled.clear()

    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    edit_incident(root, "Edited.")
    build(root)

    assert "incident.html" in compiled


@pytest.mark.parametrize(
    "damage",
    [
        lambda checksum: (checksum, b"\xff not marshal"),
        lambda checksum: (checksum, marshal.dumps(42)),
        lambda checksum: "not an entry",
    ],
    ids=["garbled", "not-code", "wrong-shape"],
)
def test_a_damaged_entry_is_compiled_again(
    tmp_path: Path, damage: Callable[[str], object], compiled: list[str]
) -> None:
    root = write_site(tmp_path / "site")
    build(root)
    path = root / CACHE_FOLDER / TEMPLATES
    data = unseal(path.read_bytes())
    assert data is not None
    key, entries = safepickle.loads(data)
    damaged = sealed_bytes(pickle.dumps((key, {k: damage(c) for k, (c, _) in entries.items()})))
    assert damaged is not None
    path.write_bytes(damaged)
    compiled.clear()

    build(root, "-o", str(tmp_path / "again"))

    assert "incident.html" in compiled
    assert snapshot(root / "public") == snapshot(tmp_path / "again")


def _planted(root: Path, marker: Path, *, sealed: bool) -> None:
    """Replace every kept template's code by code that creates `marker`, under the right
    key and checksums: only the seal tells it from the real file."""
    path = root / CACHE_FOLDER / TEMPLATES
    data = unseal(path.read_bytes())
    assert data is not None
    key, entries = safepickle.loads(data)
    code = compile(f"import os\nos.mkdir({str(marker)!r})\n", "<planted>", "exec")
    planted = {name: (checksum, marshal.dumps(code)) for name, (checksum, _) in entries.items()}
    payload = pickle.dumps((key, planted))
    sealed_payload = sealed_bytes(payload) if sealed else bytes(SEAL_BYTES) + payload
    assert sealed_payload is not None
    path.write_bytes(sealed_payload)


def test_unsealed_bytecode_is_never_run(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    build(root)
    marker = tmp_path / "ran"
    _planted(root, marker, sealed=False)

    build(root, "-o", str(tmp_path / "fresh"))

    assert not marker.exists()
    clean = write_site(tmp_path / "clean")
    build(clean, "--no-cache")
    assert snapshot(clean / "public") == snapshot(tmp_path / "fresh")


def test_the_planted_code_is_live(tmp_path: Path) -> None:
    """The payload above would run if it carried this user's seal: the test of the seal
    can fail. (A sealed file is as trusted as the user's own installed code.)"""
    root = write_site(tmp_path / "site")
    build(root)
    marker = tmp_path / "ran"
    _planted(root, marker, sealed=True)

    run_build(root, "-o", str(tmp_path / "fresh"))

    assert marker.exists()
