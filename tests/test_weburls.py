"""weburls' hiding of secrets in free text: the import writes what it returns."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from statusgen.weburls import (
    credential_at,
    credentials_in,
    tokens_in,
    tokens_outside_addresses,
    without_credentials,
    without_secrets,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Website ([https://deploy:hunter2@www.example.org](https://deploy:hunter2@www.example.org))"
            " was **down**",
            "Website ([https://deploy:***@www.example.org](https://deploy:***@www.example.org))"
            " was **down**",
        ),
        (
            "[https://u:pw@h.example.com](https://u:pw@h.example.com)",
            "[https://u:***@h.example.com](https://u:***@h.example.com)",
        ),
        (
            "Website ([https://www.example.org/?token=abc123def456xyz]"
            "(https://www.example.org/?token=abc123def456xyz)) was **down** since the deploy.",
            "Website ([https://www.example.org/?token=REDACTED]"
            "(https://www.example.org/?token=REDACTED)) was **down** since the deploy.",
        ),
        (
            r"[https://x.example/?access\_token=abc1](https://x.example/?access\_token=abc1) ok",
            "[REDACTED](REDACTED) ok",
        ),
        (
            r'<a href="https://x.example/?access\_token=abc123">status</a> ok',
            '<a href="REDACTED">status</a> ok',
        ),
        # A link's target ends at its closing parenthesis, balanced as Markdown reads it:
        # what follows (emphasis, the next link) is the text's and stays.
        (
            "The **[error dashboard](https://grafana.example.com/d/api?token=abcdef123456)**"
            " is red. Graphs: [latency](https://x.example/d/lat?token=abc)/"
            "[errors](https://x.example/d/err).",
            "The **[error dashboard](https://grafana.example.com/d/api?token=REDACTED)**"
            " is red. Graphs: [latency](https://x.example/d/lat?token=REDACTED)/"
            "[errors](https://x.example/d/err).",
        ),
        (
            "_[a](https://x.example/d?token=abc)_ and [b](https://x.example/b?key=abc)![i](/i.png)",
            "_[a](https://x.example/d?token=REDACTED)_ and "
            "[b](https://x.example/b?key=REDACTED)![i](/i.png)",
        ),
        (
            "[a](https://x.example/d?token=abc)[b](https://x.example/b)",
            "[a](https://x.example/d?token=REDACTED)[b](https://x.example/b)",
        ),
        (
            "[w](https://en.example.org/wiki/Go_(lang)?token=abc) ok",
            "[w](https://en.example.org/wiki/Go_(lang)?token=REDACTED) ok",
        ),
        (
            "[https://x.example/d?token=abc]: https://x.example/",
            "[https://x.example/d?token=REDACTED]: https://x.example/",
        ),
        ("**https://x.example/?token=abc** down", "**https://x.example/?token=REDACTED** down"),
        # Where GitHub's autolinker ends a bare address: strikethrough and emphasis closed
        # around it, a sentence's `!` or `:` after it, stay.
        (
            "~~https://grafana.example.com/d/api?token=abc123~~ is gone."
            " Still _https://grafana.example.com/d/api2?token=def456_ for now!",
            "~~https://grafana.example.com/d/api?token=REDACTED~~ is gone."
            " Still _https://grafana.example.com/d/api2?token=REDACTED_ for now!",
        ),
        ("https://x.example/?token=abc123! Next", "https://x.example/?token=REDACTED! Next"),
        ("https://x.example/?token=abc123: next", "https://x.example/?token=REDACTED: next"),
        ("See x.example/?token=abc123?", "See x.example/?token=REDACTED?"),
        # In a link's target or an autolink, the bracket alone ends the address: a last `_`,
        # `~` or `!` is the token's, hidden with it, never left after the stand-in.
        ("[l](https://x.com/?token=abcdef123456_)", "[l](https://x.com/?token=REDACTED)"),
        (
            '[l](https://x.com/?token=abc123! "Grafana")',
            '[l](https://x.com/?token=REDACTED "Grafana")',
        ),
        ("<https://x.com/?token=abcdef123456~> ok", "<https://x.com/?token=REDACTED> ok"),
        ("(see https://x.com/?token=abc123_)", "(see https://x.com/?token=REDACTED_)"),
        # An address that takes the page's scheme (`//host/`) is opened as `https://`.
        ("[dash](//admin:pw2@x.test/)", "[dash](//admin:***@x.test/)"),
        ('<a href="//u:pw5@z.test/">logs</a>', '<a href="//u:***@z.test/">logs</a>'),
        (
            "<//admin:pw@x.test/> and //a:b@y.test/ ok",
            "<//admin:***@x.test/> and //a:***@y.test/ ok",
        ),
        ("[l](//x.test/?token=abc123)", "[l](//x.test/?token=REDACTED)"),
        # A "//" that begins no address: a comment, one inside a path or another address.
        ("// TODO: admin:pw@x.test", "// TODO: admin:pw@x.test"),
        (
            "/srv//admin:pw@nas a//b:c@d http://x.test/",
            "/srv//admin:pw@nas a//b:c@d http://x.test/",
        ),
    ],
)
def test_a_markdown_link_whose_text_is_its_secret_address_keeps_its_link(
    text: str, expected: str
) -> None:
    assert expected == without_credentials(text)


# Text made of what addresses and Markdown are written with, so that logins, queries,
# brackets and escapes meet far more often than in arbitrary text.
_PIECES = st.sampled_from(
    [
        *(
            "https://",
            "//",
            "u:pw@",
            "h.example.com",
            "/",
            "?token=abc123",
            "&",
            "#",
            "=",
            "@",
            ":",
        ),
        *("[", "]", "(", ")", "<", ">", '"', " ", "\\", "_", "&#61;", "[::1"),
        "hooks.slack.com/services/",
    ]
)
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=3))).map("".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
@example("[https://u:pw@h.example.com](https://u:pw@h.example.com)")
@example("https://u:pw@[::1/?token=abc123")
def test_hiding_secrets_never_fails_and_leaves_none(text: str) -> None:
    hidden = without_credentials(text)

    assert None is credential_at(hidden)


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # As ingest writes an alert's text, its addresses escaped: each told once, the
        # webhook's host not told again as an address of its own.
        (
            "curl https\\://admin:pw@db.example.com/x failed; see "
            "https\\://hooks.slack.com/services/T024BE7LD/B0123/aB3dE5gH7jK9 "
            "[d](https://g.example.com/d?auth_token=ab)",
            ["https\\://admin", "https\\://hooks", "https://g"],
        ),
        ("[https://u:pw@h.example.com](https://u:pw@h.example.com)", ["https://u", "https://u"]),
        ("no address here, nor ?token=", []),
    ],
)
def test_every_address_with_a_secret_is_found_once(text: str, starts: list[str]) -> None:
    found = list(credentials_in(text))

    assert starts == [text[f.at : f.at + len(s)] for f, s in zip(found, starts, strict=False)]
    assert len(starts) == len(found)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_the_first_address_found_is_the_one_credential_at_finds(text: str) -> None:
    first = next(credentials_in(text), None)

    assert credential_at(text) == first


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Post to https://hooks.slack.com/services/<token> from the job", False),
        ("Post to https://hooks.slack.com/services/T000/B000/... from the job", False),
        # Slack's documented example, its secret crossed out or its ids zeros: none.
        ("Post to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX", False),
        ("See https://hooks.slack.com/services/T024BE7LD/B01234ABC/xxxxxxxxxxxx", False),
        ("See https://hooks.slack.com/services/T00000000/B00000000/aB3dE5gH7jK9mN1p", False),
        # Elsewhere, a real address's secret may still show under the X's: told.
        ("Post to https://discord.com/api/webhooks/1234567890/XXXXXXXXXXXX", True),
        ("Post to https://hooks.slack.com/services/T024BE7LD/B01234ABC/aB3dE5gH7jK9mN1p", True),
    ],
)
def test_a_chat_webhook_written_without_its_secret_is_none(text: str, found: bool) -> None:
    assert found is (credential_at(text) is not None)


_SECRET_KEY = "k8Jd2Lq9/Xz4Vb7Nm1Qw3Er5Ty6Ui8Op0As2Df4G"


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("token: ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U", [7]),
        ("GITLAB=glpat-" + "aB3dE5gH7jK9mN1pQ3rS", [7]),
        # Placeholders, cut or made up of one character, and a longer word: none.
        ("token: ghp_" + "X" * 36 + " or ghp_... or <token>", []),
        ("xghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U", []),
        # An AWS key id is a secret with the key that goes with it, not alone.
        ("id = AKIA" + "Z7QW3RT5YU8IO2PA", []),
        ("id = AKIA" + "Z7QW3RT5YU8IO2PA\nkey = " + _SECRET_KEY, [5]),
        ("id = AKIAIOSFODNN7EXAMPLE\nkey = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []),
        # A commit's 40 hex digits are no secret key.
        ("id = AKIA" + "Z7QW3RT5YU8IO2PA\ncommit 4f1c2e9a7b3d5f60819a2b3c4d5e6f708192a3b4", []),
        # Markdown-escaped, the page shows it plain: found where it is written.
        ("Escaped ghp\\_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 here.", [8]),
        ("Escaped ghp&#95;" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 here.", [8]),
        ("Escaped &#103;hp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 here.", [8]),
    ],
)
def test_tokens_written_alone_are_found_placeholders_are_not(text: str, starts: list[int]) -> None:
    assert starts == list(tokens_in(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DB down https://admin:hunter2pass@grafana.internal/d/1",
            "DB down https://admin:***@grafana.internal/d/1",
        ),
        (
            "Deploy with ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5 failed",
            "Deploy with REDACTED failed",
        ),
        # A placeholder is no token, and a title without a secret stays as written.
        (
            "Rotate ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "Rotate ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        ),
        ("API errors", "API errors"),
        # An AWS key id is of no use without its secret key: the pair is hidden, both halves.
        (
            "Pair AKIA" + "QWERTYUIOPASDFGH wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzKEY1234",
            "Pair REDACTED REDACTED",
        ),
        (
            "Escaped ghp\\_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 here.",
            "Escaped REDACTED here.",
        ),
    ],
)
def test_a_line_leaving_the_site_has_its_secrets_replaced(text: str, expected: str) -> None:
    assert expected == without_secrets(text)


def test_a_token_in_an_address_is_told_as_the_address_not_twice() -> None:
    token = "ghp_" + "k3Xq9Lm2Vb7Nw4Rt8Yp1Zs6Hd5Jf0Gc2Ae4U"
    text = f"clone https://{token}@github.com/acme/api.git, or use {token}"

    assert [text.rindex(token)] == list(tokens_outside_addresses(text))
    assert [text.index("https")] == [found.at for found in credentials_in(text)]
