"""`import zmq` in a fresh interpreter (byte code already cached), in milliseconds."""

from __future__ import annotations

import statistics
import subprocess
import sys

from harness import case, perf

PROBE = "import time; t = time.perf_counter(); import zmq; print(time.perf_counter() - t)"


@case("import zmq", unit="ms", higher_is_better=False)
def import_time(duration: float) -> float:
    samples: list[float] = []
    end = perf() + duration
    while len(samples) < 3 or perf() < end:
        out = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
        )
        samples.append(float(out.stdout) * 1e3)
        if len(samples) >= 50:
            break
    return statistics.median(samples)
