"""The command line. Click only: options in, one library call, output and exit code out."""

from __future__ import annotations

import click

from statusgen import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen")
def cli() -> None:
    """Build and run a static status page from YAML and Markdown.

    A status site is a folder with statusgen.yaml, content/components.yaml and
    content/incidents/*.md. Run commands from that folder, or pass --root.
    """


def main() -> None:
    cli()
