"""Soak the incremental build: run the cached-equals-clean state machine for long.

    python bench/soak.py --examples 500 --steps 40

Each example is a fresh site driven through `--steps` author actions (see
tests/test_incremental.py); after every action the cached build must equal a clean build
into a fresh folder, byte for byte. The CI run does a handful of short examples; this
does as many as you ask for, shrinking a failure to its shortest form unless
`--no-shrink` is given.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_incremental import SiteMachine


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="sites to try (200)")
    parser.add_argument("--steps", type=int, default=30, help="actions per site (30)")
    parser.add_argument("--no-shrink", action="store_true", help="report failures unshrunk")
    args = parser.parse_args()
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if not args.no_shrink:
        phases.append(Phase.shrink)
    started = time.perf_counter()
    run_state_machine_as_test(
        SiteMachine,
        settings=settings(
            max_examples=args.examples,
            stateful_step_count=args.steps,
            deadline=None,
            phases=phases,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(
        f"{args.examples} sites × up to {args.steps} steps: cached = clean "
        f"({time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
