"""Importers: move a status page from another tool into a statusgen site.

Each source module reads its tool's files (or API) into a `plan.Plan`, a neutral
description of components and events; `plan` writes that as statusgen content and
`apply` stages it next to the site, checks the result, and only then moves it in.
"""
