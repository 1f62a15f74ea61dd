"""Incidents from alerts: `statusgen ingest SOURCE [FILE|-]`.

Data flows one way: `sources` reads a payload exactly as the alerting tool sends it into
one `Alert`; `rules` (the `ingest:` section of statusgen.yaml) decides which components
it names and what to write; `plan` turns the pair into at most one authoring Change,
made by the same code as `statusgen new/update/resolve`.
"""

# The alerting tools `ingest` reads, as named on its command line (sources.py reads each).
# Here, not in sources.py: the command line lists them, and every other command would
# import the readers (7 ms) to know their names.
SOURCES = ("alertmanager", "grafana", "pagerduty", "opsgenie", "datadog", "generic")
# How messages to people name each tool: as the tool spells itself.
SOURCE_NAMES = {
    "alertmanager": "Alertmanager",
    "grafana": "Grafana",
    "pagerduty": "PagerDuty",
    "opsgenie": "Opsgenie",
    "datadog": "Datadog",
    "generic": "generic",
}

# The section of statusgen.yaml that holds the rules (rules.py).
SECTION = "ingest"
