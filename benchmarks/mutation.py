"""Mutation score of the core modules: mutmut 2 changes one operator, number or name at a time in each
module and runs that module's own tests; a mutant the tests still pass on survived. Prints JSON: per
module the mutants killed, survived and timed out, and the score (killed / tested), then the total.

Slow (each mutant is a pytest run), so not in CI: `make mutation` installs mutmut and runs this. Pass
module names to run a subset, e.g. `make mutation MODULES="trackers plan-rules"`. Mutants are applied to
the files in place and put back by mutmut; leave the tree alone while it runs.

    .venv/bin/python benchmarks/mutation.py [trackers counting coach-rules kinematics plan-rules checkin
                                             security]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "trackers": ("src/psoas/coach/trackers.py", ("tests/coach/test_trackers.py",)),
    "counting": ("src/psoas/coach/counting.py", ("tests/coach/test_counting.py",)),
    "coach-rules": (
        "src/psoas/coach/rules.py",
        (
            "tests/coach/test_analysis_synthetic.py",
            "tests/coach/test_held_poses.py",
            "tests/coach/test_photo.py",
        ),
    ),
    "kinematics": ("src/psoas/vision/kinematics.py", ("tests/vision/test_kinematics.py",)),
    "plan-rules": (
        "src/psoas/plan/rules.py",
        (
            "tests/plan/test_plan_rules.py",
            "tests/plan/test_plan_builder.py",
            "tests/plan/test_plan_limitations.py",
        ),
    ),
    "checkin": ("src/psoas/assess/checkin.py", ("tests/assess",)),
    "security": ("src/psoas/web/security.py", ("tests/web/test_security.py", "tests/web/test_guard.py")),
}


def mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "mutmut"
    return subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, check=False)


def run_module(path: str, tests: tuple[str, ...]) -> float:
    """Mutate one file against its tests; the seconds it took."""
    runner = f"{sys.executable} -m pytest -x -q -p no:cacheprovider -p no:randomly {' '.join(tests)}"
    start = time.monotonic()
    done = mutmut(
        "run", "--paths-to-mutate", path, "--runner", runner, "--tests-dir", "tests", "--no-progress"
    )
    if done.returncode & 1:  # mutmut's exit code is bit flags: 1 fatal, 2 survived, 4 timeout, 8 suspicious
        raise SystemExit(f"mutmut failed on {path}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.monotonic() - start


def tally(path: str) -> dict[str, int]:
    """Killed, survived and timed-out mutants of one file, from mutmut's JUnit report of its cache."""
    report = ET.fromstring(mutmut("junitxml").stdout)
    counts = {"killed": 0, "survived": 0, "timeout": 0, "untested": 0}
    for case in report.iter("testcase"):
        if case.get("file") != path:
            continue
        failure = case.find("failure")
        if case.find("skipped") is not None:
            counts["untested"] += 1
        elif failure is None:
            counts["killed"] += 1
        elif "timeout" in (failure.get("message") or "").lower():
            counts["timeout"] += 1
        else:
            counts["survived"] += 1
    return counts


def score(counts: dict[str, int]) -> float | None:
    tested = counts["killed"] + counts["survived"] + counts["timeout"]
    return round(counts["killed"] / tested, 3) if tested else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modules", nargs="*", help=f"some of: {', '.join(MODULES)} (default: all)")
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}; known: {', '.join(MODULES)}")
    chosen = args.modules or list(MODULES)
    os.environ.setdefault("PYTHONPATH", str(REPO / "src"))  # the mutated files, not an installed copy
    result: dict[str, object] = {}
    total = {"killed": 0, "survived": 0, "timeout": 0, "untested": 0}
    for name in chosen:
        path, tests = MODULES[name]
        seconds = run_module(path, tests)
        counts = tally(path)
        total = {k: total[k] + counts[k] for k in total}
        result[name] = {"file": path, **counts, "score": score(counts), "seconds": round(seconds)}
    result["total"] = {**total, "score": score(total)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
