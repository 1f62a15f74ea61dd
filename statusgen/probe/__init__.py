"""Monitors: declared checks (config), probes (checks, runner), the recorded data (store)."""
