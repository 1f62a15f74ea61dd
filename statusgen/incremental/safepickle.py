"""Reading the cache's pickles without letting them run code.

The cache folder sits inside the site, so a cloned repository (or a shared parent folder)
can carry one written by someone else. A plain `pickle.load` calls whatever callable the
file names: `os.system` included. This reader resolves only the plain value types a
parse result is made of (the frozen model, diagnostics, enums, dates and time zones)
and the uptime history's days (status.DayStatus, of the same kind); any other name
stops the load, and the caller treats the file as a cache miss.

Pickle is kept rather than JSON because decoding the model from JSON in Python costs
several times what the C unpickler does at 10,000 incidents (see docs/security.md).
"""

from __future__ import annotations

import datetime
import io
import pickle
import zoneinfo
from typing import IO, Any

from statusgen import errors, model, status

# module → names whose object the pickle may use. Each is a class of plain values: calling
# it with any arguments only builds a value (or raises), it never reaches other code.
_ALLOWED: dict[str, frozenset[str]] = {
    "statusgen.model": frozenset(
        {
            "AffectedComponent",
            "ComponentStatus",
            "Impact",
            "Incident",
            "IncidentState",
            "Maintenance",
            "MaintenanceState",
            "Source",
            "Update",
        }
    ),
    "statusgen.errors": frozenset({"Diagnostic", "Severity"}),
    # The uptime history's days a build keeps for the next (incremental/history.py).
    "statusgen.status": frozenset({"DayStatus"}),
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
    "zoneinfo": frozenset({"ZoneInfo"}),
}
_MODULES = {
    "statusgen.model": model,
    "statusgen.errors": errors,
    "statusgen.status": status,
    "datetime": datetime,
}


class UnsafeCache(pickle.UnpicklingError):
    """A cache file names something other than a plain value type."""


def _zone_getattr(owner: object, name: str) -> Any:
    # ZoneInfo pickles as getattr(ZoneInfo, "_unpickle")(key, from_cache). A general
    # getattr would reach __globals__ and from there anything, so only that one is given.
    if owner is zoneinfo.ZoneInfo and name == "_unpickle":
        return zoneinfo.ZoneInfo._unpickle  # type: ignore[attr-defined]
    raise UnsafeCache(f"getattr({owner!r}, {name!r}) is not allowed in a cache file")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name == "getattr":
            return _zone_getattr
        if name in _ALLOWED.get(module, ()):
            if module == "zoneinfo":
                return zoneinfo.ZoneInfo
            return getattr(_MODULES[module], name)
        raise UnsafeCache(f"{module}.{name} is not allowed in a cache file")


def loads(data: bytes) -> Any:
    """The value pickled in `data`, built only from plain value types; UnsafeCache (or
    another exception, for a damaged file) otherwise."""
    return load(io.BytesIO(data))


def load(stream: IO[bytes]) -> Any:
    """loads() of what `stream` holds from where it stands."""
    return _Unpickler(stream).load()
