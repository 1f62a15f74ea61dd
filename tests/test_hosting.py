"""Publishing elsewhere: Netlify, nginx, Caddy and S3 send what the build's _headers says.

`_headers` is the one statement of the response headers a site needs (Netlify and
Cloudflare Pages read it as it is). The nginx, Caddy and S3 recipes under docs/deploy/
spell the same rules out by hand; these tests hold them to it, file by file, for every
file of a real build of the example site, as a public page and as a private one.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from examplesite import require
from sitefiles import copy_example

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DEPLOY_DOCS = ROOT / "docs" / "deploy"
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)

Rules = list[tuple[str, dict[str, str]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A copy: a build inside the checkout would leave its cache folder there.
    return build_page(tmp_path_factory.mktemp("site") / "site", private=False)


@pytest.fixture(scope="module")
def built_private(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site as a private page (`private: true`, so no feeds) sees it."""
    return build_page(tmp_path_factory.mktemp("site") / "site", private=True)


def build_page(root: Path, *, private: bool) -> Path:
    """The example site copied to `root` and built as a public page or as the private
    page `internal`; its output folder."""
    from statusgen.build import build_site

    site = copy_example(root)
    if not private:
        build_site(site, now=NOW, output=site / "public")
        return site / "public"
    with (site / "statusgen.yaml").open("a") as settings:
        settings.write(
            "pages:\n  internal:\n    base_url: https://internal.status.example.com/\n"
            "    output: internal\n    private: true\n"
        )
    build_site(site, now=NOW, page="internal")
    return site / "internal"


def parse_headers_file(text: str) -> Rules:
    """The rules of a Netlify / Cloudflare Pages _headers file, in order."""
    rules: Rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, value = line.split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def pattern_matches(pattern: str, url: str) -> bool:
    # As on both hosts: "*" stands for anything, slashes included; the rest is literal.
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), url) is not None


def headers_for(rules: Rules, url: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if pattern_matches(pattern, url):
            headers.update(values)
    return headers


def site_urls(output: Path) -> list[str]:
    """Every URL the site answers: each file, and each folder that has an index.html."""
    files = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    urls = ["/" + f for f in files]
    urls += ["/" + f.removesuffix("index.html") for f in files if f.endswith("index.html")]
    return sorted(set(urls))


@pytest.fixture(scope="module")
def rules(built: Path) -> Rules:
    return parse_headers_file((built / "_headers").read_text())


@pytest.fixture(scope="module")
def private_rules(built_private: Path) -> Rules:
    return parse_headers_file((built_private / "_headers").read_text())


def short_lived_urls(output: Path, rules: Rules) -> set[str]:
    """The URLs _headers gives a Cache-Control header."""
    return {url for url in site_urls(output) if "Cache-Control" in headers_for(rules, url)}


@pytest.fixture(scope="module")
def short_lived(built: Path, rules: Rules) -> set[str]:
    return short_lived_urls(built, rules)


def page_build(request: pytest.FixtureRequest, private: bool) -> tuple[Path, Rules]:
    """The output folder and _headers rules of the public or the private page."""
    if private:
        return request.getfixturevalue("built_private"), request.getfixturevalue("private_rules")
    return request.getfixturevalue("built"), request.getfixturevalue("rules")


PAGES = pytest.mark.parametrize("private", [False, True], ids=["public", "private"])


def the_cache_control(rules: Rules) -> str:
    (value,) = {v["Cache-Control"] for _, v in rules if "Cache-Control" in v}
    return value


def every_file_headers(rules: Rules) -> dict[str, str]:
    (values,) = [v for pattern, v in rules if pattern == "/*"]
    return values


def test_the_build_gives_some_files_a_short_cache_and_not_others(short_lived: set[str]) -> None:
    # The recipes below are only worth checking while both kinds exist.
    assert {"/", "/status.json", "/api/v2/summary.json", "/maintenance.ics"} <= short_lived
    assert "/robots.txt" not in short_lived


def test_only_the_private_page_asks_for_noindex(rules: Rules, private_rules: Rules) -> None:
    # ...and the private page has no calendar: the recipes must do without one.
    assert "noindex" == every_file_headers(private_rules)["X-Robots-Tag"]
    assert "X-Robots-Tag" not in every_file_headers(rules)
    # What a reader signed in for is kept by their browser alone, never by a shared cache.
    assert "public, max-age=60, must-revalidate" == the_cache_control(rules)
    assert "private, max-age=60, must-revalidate" == the_cache_control(private_rules)
    assert "/maintenance.ics" not in [pattern for pattern, _ in private_rules]


# --- Netlify ----------------------------------------------------------------------------


def netlify() -> dict[str, Any]:
    return tomllib.loads((ROOT / "netlify.toml").read_text())


def test_netlify_publishes_the_output_folder_and_its_headers_file() -> None:
    config = netlify()
    settings = yaml.safe_load((ROOT / "statusgen.yaml").read_text())
    assert settings.get("output", "public") == config["build"]["publish"]
    # Netlify reads _headers from the published folder; headers repeated here too would
    # be sent twice.
    assert "headers" not in config


@pytest.mark.parametrize(
    ("context", "env", "site_url"),
    [
        ("production", {}, "https://status.example.com"),
        ("deploy-preview", {"DEPLOY_PRIME_URL": "https://deploy-preview-7--st.netlify.app"},
         "https://deploy-preview-7--st.netlify.app"),
    ],
)  # fmt: skip
def test_netlify_build_commands_build_the_site(
    tmp_path: Path, context: str, env: dict[str, str], site_url: str
) -> None:
    config = netlify()
    build = config["build"]
    command = build["command"] if context == "production" else config["context"][context]["command"]
    site = copy_example(tmp_path / "site", with_project=True)
    # Netlify's image installs with pip; here the package is installed already.
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "pip").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{tmp_path}/pip.log"\n')
    (shims / "pip").chmod(0o755)
    path = f"{shims}:{Path(sys.executable).parent}:/usr/bin:/bin"
    subprocess.run(
        ["sh", "-c", command],
        cwd=site,
        env={"PATH": path, "HOME": str(tmp_path), **env},
        check=True,
        capture_output=True,
        timeout=120,
    )
    published = site / build["publish"]
    assert (published / "_headers").is_file()
    summary = yaml.safe_load((published / "api" / "v2" / "summary.json").read_text())
    assert site_url == summary["page"]["url"]
    assert ["install ."] == (tmp_path / "pip.log").read_text().splitlines()


# --- nginx ------------------------------------------------------------------------------


def nginx_locations() -> dict[str, str]:
    """Each location block of the nginx snippet: its pattern line → its body."""
    text = (DEPLOY_DOCS / "nginx.conf").read_text()
    blocks = re.findall(r"^location (.+?) \{\n(.*?)^\}", text, re.MULTILINE | re.DOTALL)
    return dict(blocks)


def nginx_server_variables(private: bool) -> dict[str, str]:
    """The variables `set` at server level, in the order nginx runs them: the snippet's
    (its lines outside locations), within the private server where it includes it."""
    snippet = (DEPLOY_DOCS / "nginx.conf").read_text()
    lines = re.sub(r"^location .+?^\}", "", snippet, flags=re.MULTILINE | re.DOTALL)
    if private:
        server = (DEPLOY_DOCS / "private-nginx.conf").read_text()
        before, after = server.split("include snippets/statusgen.conf;")
        lines = before + lines + after
    sets = re.findall(r'^\s*set \$(\w+) "([^"]*)";', lines, re.MULTILINE)
    return dict(sets)


def nginx_sent_headers(body: str, variables: dict[str, str]) -> dict[str, str]:
    """The headers a location's add_header lines send (all of them `always`, so on errors
    too): variables replaced by their values, and none whose value is empty, as nginx."""
    sent = {}
    for name, value in re.findall(r"^\s*add_header (\S+) (.+?) always;$", body, re.MULTILINE):
        value = re.sub(r"\$(\w+)", lambda m: variables[m[1]], value.strip('"'))
        if value:
            sent[name] = value
    return sent


@PAGES
def test_nginx_sends_every_header_of_headers_file_from_every_location(
    request: pytest.FixtureRequest, private: bool
) -> None:
    # add_header at server level would not reach these locations, which have their own:
    # each location must send every header itself.
    _, rules = page_build(request, private)
    locations = nginx_locations()
    assert 3 == len(locations)
    variables = nginx_server_variables(private)
    for pattern, body in locations.items():
        sent = nginx_sent_headers(body, variables)
        sent.pop("Cache-Control", None)  # checked below
        assert every_file_headers(rules) == sent, pattern


@PAGES
def test_nginx_caches_exactly_what_headers_file_caches(
    request: pytest.FixtureRequest, private: bool, built: Path, rules: Rules, short_lived: set[str]
) -> None:
    _, page_rules = page_build(request, private)
    locations = nginx_locations()
    (pattern,) = [p.removeprefix("~ ") for p in locations if p.startswith("~ ")]
    regex = re.compile(pattern)  # PCRE and Python agree on this subset
    cached = {url for url in site_urls(built) if regex.search(url)} | {"/maintenance.ics"}
    assert short_lived == cached
    variables = nginx_server_variables(private)
    calendar = locations["= /maintenance.ics"]
    for body in (locations["~ " + pattern], calendar):
        sent = nginx_sent_headers(body, variables)
        assert the_cache_control(page_rules) == sent["Cache-Control"]
    assert "Cache-Control" not in nginx_sent_headers(locations["/"], variables)
    # The calendar's type: a private page has a calendar only with `feeds: true`.
    content_type = headers_for(rules, "/maintenance.ics")["Content-Type"]
    assert f'default_type "{content_type}";' in calendar


# --- Caddy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caddyfile", "private"), [("Caddyfile", False), ("private-Caddyfile", True)]
)
def test_caddy_sends_what_headers_file_says(
    request: pytest.FixtureRequest, caddyfile: str, private: bool, rules: Rules
) -> None:
    built, page_rules = page_build(request, private)
    text = (DEPLOY_DOCS / caddyfile).read_text()
    sent = dict(re.findall(r"^\theader (\S+) (\S+)$", text, re.MULTILINE))
    assert every_file_headers(page_rules) == sent
    match = re.search(r"^\t@short_lived path (.+)$", text, re.MULTILINE)
    assert match is not None
    # Caddy's path matcher reads "*" as _headers does.
    patterns = match.group(1).split()
    cached = {u for u in site_urls(built) if any(pattern_matches(p, u) for p in patterns)}
    assert short_lived_urls(built, page_rules) == cached
    assert f'\theader @short_lived Cache-Control "{the_cache_control(page_rules)}"' in text
    # A private page has a calendar only with `feeds: true`, as the public one has it.
    content_type = headers_for(rules, "/maintenance.ics")["Content-Type"]
    assert "\t@calendar path /maintenance.ics\n" in text
    assert f'\theader @calendar Content-Type "{content_type}"' in text


# --- S3 ---------------------------------------------------------------------------------


def test_s3_sync_caches_what_headers_file_caches(
    built: Path, rules: Rules, short_lived: set[str]
) -> None:
    script = (DEPLOY_DOCS / "s3-sync.sh").read_text()
    assert f'short="{the_cache_control(rules)}"' in script
    # The aws CLI matches its filters like fnmatch, "*" crossing folders.
    found = re.search(r'^short_lived="([^"]+)"$', script, re.MULTILINE)
    assert found is not None
    patterns = found.group(1).split()
    files = [p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()]
    cached = {"/" + f for f in files if any(fnmatch.fnmatchcase(f, p) for p in patterns)}
    content_type = headers_for(rules, "/maintenance.ics")["Content-Type"]
    assert '"$site/maintenance.ics" "$bucket/maintenance.ics" \\\n' in script
    assert f'--content-type "{content_type}" --cache-control "$short"' in script
    assert {url for url in short_lived if not url.endswith("/")} == cached | {"/maintenance.ics"}


# As the aws CLI: `s3 cp` of a path that does not exist fails; everything else succeeds.
FAKE_AWS = """#!/bin/sh
printf '%s\\n' "$*" >> "$AWS_CALLS"
printf '%s\\037' "$@" >> "$AWS_CALLS.args" && echo >> "$AWS_CALLS.args"
if [ "$1 $2" = "s3 cp" ] && [ ! -e "$3" ]; then
  echo "The user-provided path $3 does not exist." >&2
  exit 255
fi
"""


def s3_sync(
    tmp_path: Path, built: Path, *distribution: str
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """docs/deploy/s3-sync.sh run on `built` with a stand-in `aws` that writes each call
    it gets to the file returned beside the result."""
    shims = tmp_path / "shims"
    shims.mkdir()
    (shims / "aws").write_text(FAKE_AWS)
    (shims / "aws").chmod(0o755)
    calls = tmp_path / "calls"
    result = subprocess.run(
        ["sh", str(DEPLOY_DOCS / "s3-sync.sh"), str(built), "s3://status-bucket", *distribution],
        env={"PATH": f"{shims}:/usr/bin:/bin", "AWS_CALLS": str(calls)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, calls


@PAGES
def test_s3_sync_deploys_the_whole_page_with_or_without_a_calendar(
    request: pytest.FixtureRequest, private: bool, tmp_path: Path
) -> None:
    built, _ = page_build(request, private)
    result, calls = s3_sync(tmp_path, built, "E123")
    assert 0 == result.returncode, result.stderr
    commands = [" ".join(call.split()[:2]) for call in calls.read_text().splitlines()]
    calendar = ["s3 rm"] if private else ["s3 cp"]
    # The last sync, which deletes what the build no longer writes, and the invalidation
    # run for a page without a calendar too.
    assert ["s3 sync", *calendar, "s3 sync", "cloudfront create-invalidation"] == commands
    assert "--delete" in calls.read_text().splitlines()[-2]
    # A private page's files are kept from shared caches as its _headers ask, and the
    # header S3 cannot send is named for the distribution to add.
    first = calls.read_text().splitlines()[0]
    assert ("--cache-control private," if private else "--cache-control public,") in first
    assert ("X-Robots-Tag: noindex" in result.stderr) is private


@PAGES
def test_s3_sync_takes_a_page_for_private_by_statusgens_rule_not_the_sites_own(
    private: bool, tmp_path: Path
) -> None:
    # The site's own rules follow statusgen's in _headers: a noindex of theirs for one
    # path made a public page's every file "private" in caches (CloudFront kept nothing
    # during an outage), with a false note that the page is private.
    site = tmp_path / "site"
    (site / "static").mkdir(parents=True)
    (site / "static" / "_headers").write_text(
        "/*\n  Strict-Transport-Security: max-age=31536000\n\n/search/*\n  X-Robots-Tag: noindex\n"
    )
    built = build_page(site, private=private)
    assert "/search/*\n  X-Robots-Tag: noindex\n" in (built / "_headers").read_text()
    result, calls = s3_sync(tmp_path, built)
    assert 0 == result.returncode, result.stderr
    first = calls.read_text().splitlines()[0]
    assert ("--cache-control private," if private else "--cache-control public,") in first
    assert ("is a private page" in result.stderr) is private


def sent_by_sync(args: list[str], files: list[str]) -> list[str]:
    """The files an `aws s3 sync` with `args` uploads when every one differs from the
    bucket's copy: its filters in order, the last that matches a file deciding."""
    sent = []
    for file in files:
        take = True
        for flag, pattern in itertools.pairwise(args):
            if flag in ("--include", "--exclude") and fnmatch.fnmatchcase(file, pattern):
                take = flag == "--include"
        if take:
            sent.append(file)
    return sent


@PAGES
def test_s3_sync_sends_each_file_once_with_its_own_headers(
    request: pytest.FixtureRequest, private: bool, tmp_path: Path
) -> None:
    # A file newer than S3's upload time (kept to the second) is sent again by any later
    # sync that includes it: a short-lived one then loses its one-minute Cache-Control.
    built, rules = page_build(request, private)
    result, calls = s3_sync(tmp_path, built)
    assert 0 == result.returncode, result.stderr
    files = [p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()]
    sends: dict[str, list[str]] = {}
    for line in Path(f"{calls}.args").read_text().splitlines():
        args = line.split("\037")[:-1]
        if args[:2] == ["s3", "sync"]:
            for file in sent_by_sync(args, files):
                sends.setdefault(file, []).append(" ".join(args))
        elif args[:2] == ["s3", "cp"]:
            sends.setdefault(Path(args[2]).relative_to(built).as_posix(), []).append("cp")
    assert {} == {file: how for file, how in sends.items() if len(how) != 1}
    short = {"/" + file for file, (how,) in sends.items() if "--cache-control" in how}
    short |= {"/maintenance.ics"} & {"/" + file for file, how in sends.items() if how == ["cp"]}
    expected = {url for url in short_lived_urls(built, rules) if not url.endswith("/")}
    assert expected == short
    assert sorted(set(files) - {"_headers", ".nojekyll"}) == sorted(sends)


# --- CloudFront -------------------------------------------------------------------------

# Runs the function as CloudFront does, once per request: what S3 is asked for, or the
# redirect answered instead.
CLOUDFRONT = """
const fs = require("fs");
eval(fs.readFileSync(process.argv[1], "utf8"));  // node -e SCRIPT FILE
const answers = JSON.parse(fs.readFileSync(0, "utf8")).map(([uri, querystring]) => {
  const answer = handler({ version: "1.0", request: { method: "GET", uri, querystring } });
  return answer.statusCode
    ? { status: answer.statusCode, location: answer.headers.location.value }
    : { key: answer.uri.slice(1) };
});
process.stdout.write(JSON.stringify(answers));
"""


def cloudfront(requests: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    require("node", node is not None)
    assert node is not None
    ran = subprocess.run(
        [node, "-e", CLOUDFRONT, str(DEPLOY_DOCS / "cloudfront-index.js")],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert 0 == ran.returncode, ran.stderr
    answers: list[dict[str, Any]] = json.loads(ran.stdout)
    return answers


def test_cloudfront_serves_every_url_from_an_object_the_bucket_holds(built: Path) -> None:
    urls = [url for url in site_urls(built) if url not in ("/_headers", "/.nojekyll")]
    folders = [url.removesuffix("/") for url in urls if url.endswith("/") and url != "/"]
    assert "/history" in folders
    answers = cloudfront([(url, {}) for url in urls + folders])

    served = dict(zip(urls, answers[: len(urls)], strict=True))
    missing = {url: a for url, a in served.items() if not (built / a.get("key", "")).is_file()}
    assert {} == missing
    # A folder without its "/" is sent to the one with it, as nginx, Caddy and Netlify do:
    # the bucket has no object of that name (a private one answers 403).
    assert [{"status": 301, "location": folder + "/"} for folder in folders] == answers[len(urls) :]


def test_cloudfront_keeps_the_query_string_when_it_adds_the_slash() -> None:
    # As CloudFront hands it over: values still percent-encoded, a repeated key as one entry.
    query = {
        "utm_source": {"value": "mail%20digest"},
        "a": {"value": "1", "multiValue": [{"value": "1"}, {"value": "2"}]},
    }
    assert [
        {"status": 301, "location": "/components/api/?utm_source=mail%20digest&a=1&a=2"}
    ] == cloudfront([("/components/api", query)])


def test_cloudfront_serves_static_files_without_an_extension_as_they_are() -> None:
    # Apps fetch /.well-known/apple-app-site-association without following a redirect,
    # and the bucket has no folder of that name to redirect to.
    requests: list[tuple[str, dict[str, Any]]] = [
        ("/.well-known/apple-app-site-association", {}),
        ("/.well-known/assetlinks.json", {}),
        ("/CNAME", {}),
    ]
    assert [
        {"key": ".well-known/apple-app-site-association"},
        {"key": ".well-known/assetlinks.json"},
        {"key": "CNAME"},
    ] == cloudfront(requests)


def test_cloudfront_redirects_other_static_files_without_a_dot_as_the_guide_says() -> None:
    # The deploying guide read as if every static file without an extension were served
    # as it is; the function cannot know which exist, and sends /LICENSE to /LICENSE/.
    guide = (DEPLOY_DOCS.parent / "deploying.md").read_text()
    for name in ("LICENSE", "humans", "apple-app-site-association"):
        assert f"`static/{name}`" in guide
    assert "redirected to `/LICENSE/`, which is not found" in guide
    requests: list[tuple[str, dict[str, Any]]] = [
        ("/LICENSE", {}),
        ("/humans", {}),
        ("/apple-app-site-association", {}),
    ]
    assert [
        {"status": 301, "location": "/LICENSE/"},
        {"status": 301, "location": "/humans/"},
        {"status": 301, "location": "/apple-app-site-association/"},
    ] == cloudfront(requests)
