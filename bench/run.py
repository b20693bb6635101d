"""`make bench`: how fast the engine and the command line are, measured against plain Python.

Each figure is a ratio to something every machine does at its own speed, so the targets mean
the same on a laptop and in CI. It prints and never fails: timings are for people to read.

- screen() on the largest valid request, against a JSON round trip of that request and its
  answer (target at most 5x): the engine should cost about as much as reading its own input.
- the start of `wholechild screen < request`, against a bare `python -c pass` (target at most
  3x): the command is called once per child from other programs, so it must start fast.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path

from wholechild.screening import largest_request, screen

BIN = Path(sys.executable).parent
STARTUP_RUNS = 20


def per_call_us(call: Callable[[], object], repeat: int = 9) -> float:
    """Median time of one call in microseconds, timeit-style: batches long enough to measure."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    batches = timer.repeat(repeat=repeat, number=number)
    return statistics.median(batches) / number * 1e6


# The warm-up run writes the bytecode of anything changed since the last run, as Python does
# for anyone on a first run; with PYTHONDONTWRITEBYTECODE set (some CI images set it) every run
# would compile WholeChild again while `python -c pass` uses the standard library's bytecode.
ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def wall_ms(
    commands: Sequence[Sequence[str]], stdin: Path, runs: int = STARTUP_RUNS
) -> list[float]:
    """Median wall-clock milliseconds of each `command < stdin`, after one warm-up round.

    The commands take turns, so a machine that gets busier or quieter part-way through
    slows them alike and the ratio still holds.
    """
    times: list[list[float]] = [[] for _ in commands]
    for run in range(runs + 1):
        for command, samples in zip(commands, times, strict=True):
            with stdin.open("rb") as data:
                started = time.perf_counter()
                subprocess.run(
                    command, stdin=data, stdout=subprocess.DEVNULL, env=ENVIRONMENT, check=True
                )
                elapsed = time.perf_counter() - started
            if run:  # the first round fills the OS and bytecode caches
                samples.append(elapsed)
    return [statistics.median(samples) * 1e3 for samples in times]


def verdict(ratio: float, target: float) -> str:
    return "OK" if ratio <= target else "OVER TARGET"


def main() -> int:
    request = largest_request()
    answer = screen(request)
    size = len(json.dumps(request))
    print(
        f"largest valid request: {len(request['milestones'])} milestones, "
        f"{len(request['concerns'])} concerns, {len(request['conditions'])} conditions, "
        f"{len(request['red_flags'])} red flags ({size} bytes); answer has "
        f"{len(answer['reasons'])} reasons, {len(answer['next_steps'])} next steps and "
        f"{len(answer['other_professionals'])} other professionals"
    )

    engine = per_call_us(lambda: screen(request))
    round_trip = per_call_us(
        lambda: (json.loads(json.dumps(request)), json.loads(json.dumps(answer)))
    )
    ratio = engine / round_trip
    print(f"  screen():                 {engine:9.1f} µs per call (median)")
    print(f"  JSON round trip:          {round_trip:9.1f} µs per call (median)")
    print(f"  ratio {ratio:5.2f}x (target ≤ 5x) {verdict(ratio, 5)}")

    with tempfile.TemporaryDirectory() as folder:
        stdin = Path(folder) / "request.json"
        stdin.write_text(json.dumps(request))
        command, bare = wall_ms(
            [[str(BIN / "wholechild"), "screen"], [sys.executable, "-c", "pass"]], stdin
        )
    ratio = command / bare
    print(f"start-up, median of {STARTUP_RUNS} runs (wall clock):")
    print(f"  wholechild screen < req:  {command:9.1f} ms")
    print(f"  python -c pass:           {bare:9.1f} ms")
    print(f"  ratio {ratio:5.2f}x (target ≤ 3x) {verdict(ratio, 3)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
