"""Run benchmark cases in this interpreter, one JSON line per case on stdout.

    python bench/worker.py --duration 0.5 "pushpull inproc 64B copy" "import zmq" ...

The runner starts this with each implementation's Python (ours, pyzmq, a baseline), so it must
need nothing but the ``zmq`` API under test.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness
from cases import MODULES


def load_cases() -> dict[str, harness.Case]:
    for name in MODULES:
        importlib.import_module(f"cases.{name}")
    return harness.CASES


def run_case(c: harness.Case, duration: float) -> dict:
    for module in c.needs:
        try:
            importlib.import_module(module)
        except ImportError:
            return {"case": c.name, "na": f"n/a (module missing: {module})"}
    try:
        return {"case": c.name, "value": c.fn(duration)}
    except harness.Unavailable as e:
        return {"case": c.name, "na": f"n/a ({e})"}
    except Exception as e:  # a broken case must not stop the others
        traceback.print_exc()
        return {"case": c.name, "error": f"{type(e).__name__}: {e}"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=0.5)
    ap.add_argument("--list", action="store_true", help="print the cases as JSON and exit")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    cases = load_cases()
    if args.list:
        import zmq

        meta = [
            dict(name=c.name, unit=c.unit, higher_is_better=c.higher_is_better, raw=c.raw)
            for c in cases.values()
        ]
        backend = zmq.backend.Socket.__module__.split(".")[2]  # zmq.backend.<name>...
        info = dict(
            python=f"{sys.implementation.name} {sys.version.split()[0]}",
            backend=backend,
            zmq=zmq.__version__,
            libzmq=zmq.zmq_version(),
            path=zmq.__file__,
        )
        print(json.dumps(dict(info=info, cases=meta)))
        return
    for name in args.cases:
        print(json.dumps(run_case(cases[name], args.duration)), flush=True)


if __name__ == "__main__":
    main()
