"""`statusgen notify`: tell people about every change the published page shows.

settings.py reads the `notify:` part of statusgen.yaml, changes.py compares what is
published with what was last notified, messages.py turns one change into each service's
payload, deliver.py sends them, and run.py puts the steps together.
"""
