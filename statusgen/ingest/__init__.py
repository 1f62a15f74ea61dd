"""Incidents from alerts: `statusgen ingest SOURCE [FILE|-]`.

Data flows one way: `sources` reads a payload exactly as the alerting tool sends it into
one `Alert`; `rules` (the `ingest:` section of statusgen.yaml) decides which components
it names and what to write; `plan` turns the pair into at most one authoring Change,
made by the same code as `statusgen new/update/resolve`.
"""

# The section of statusgen.yaml that holds the rules (rules.py).
SECTION = "ingest"
