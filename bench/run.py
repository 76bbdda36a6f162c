"""Benchmark runner: every case under each implementation, in interleaved rounds, medians reported.

    python bench/run.py                      # ours vs raw libzmq (the C program)
    python bench/run.py --quick              # short run (under a minute)
    python bench/run.py --compare PY[=LABEL] # also another install, e.g. pyzmq's venv
    python bench/run.py --baseline REV       # also a git revision, built in a side venv
    python bench/run.py -k tcp -k latency    # only cases whose name contains one of these
    python bench/run.py --backend cffi --label cffi --compare-backend cython
                                             # a backend against another, same interpreter
    python bench/run.py --python .venv-pypy/bin/python --label "ours (PyPy)" \
        --compare PYZMQ_PYPY_VENV/bin/python="pyzmq (PyPy)"   # an interpreter/backend pair

Rounds alternate the implementations (A B C A B C ...) so drift in the machine's state hits all of
them alike. A ratio is always "times as fast as the reference": above 1 is better, whatever the
unit (for latencies and import time, lower values are better and the ratio is inverted).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import report  # noqa: E402

RAW = "raw libzmq"


@dataclass
class Impl:
    label: str
    python: str | None = None  # None: the C program
    info: dict | None = None
    backend: str | None = None  # PYZMQ_BACKEND for its workers (None: the interpreter's default)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PYZMQ_BACKEND"}
        if self.backend:
            env["PYZMQ_BACKEND"] = self.backend
        return env


def build_c(out_dir: str) -> str | None:
    """Compile bench/c/zmq_bench.c with cc and pkg-config when stale; None (with a warning) if it fails."""
    src = os.path.join(HERE, "c", "zmq_bench.c")
    exe = os.path.join(out_dir, "zmq_bench")
    if os.path.exists(exe) and os.path.getmtime(exe) >= os.path.getmtime(src):
        return exe
    os.makedirs(out_dir, exist_ok=True)
    try:
        flags = subprocess.run(
            ["pkg-config", "--cflags", "--libs", "libzmq"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        subprocess.run(["cc", "-O2", "-o", exe, src, *flags, "-lpthread"], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(
            f"warning: cannot build the raw libzmq reference ({e}); ratios against it are n/a",
            file=sys.stderr,
        )
        return None
    return exe


def list_cases(impl: Impl) -> tuple[dict, list[dict]]:
    assert impl.python
    out = subprocess.run(
        [impl.python, os.path.join(HERE, "worker.py"), "--list"],
        capture_output=True,
        text=True,
        timeout=120,
        env=impl.env(),
    )
    if out.returncode:
        sys.exit(f"{impl.python} cannot load the benchmark cases:\n{out.stderr}")
    data = json.loads(out.stdout)
    return data["info"], data["cases"]


def run_python(impl: Impl, names: list[str], duration: float) -> dict[str, dict]:
    """One round of ``names`` under ``impl`` in a fresh interpreter; a crash or hang fails only what
    had not reported yet."""
    cmd = [impl.python, os.path.join(HERE, "worker.py"), "--duration", str(duration), *names]
    timeout = 30 + len(names) * (3 * duration + 15)
    results: dict[str, dict] = {}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=impl.env())
        stdout, problem = out.stdout, (f"worker exited {out.returncode}" if out.returncode else "")
        if out.returncode:
            sys.stderr.write(out.stderr[-2000:])
    except subprocess.TimeoutExpired as e:
        stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        problem = f"worker timed out after {timeout:.0f}s"
    for line in stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            results[r.pop("case")] = r
    for name in names:
        results.setdefault(name, {"error": problem or "no result"})
    return results


def run_raw(exe: str, raw_args: list[str], duration: float) -> dict:
    try:
        out = subprocess.run(
            [exe, *raw_args, "--duration", str(duration)],
            capture_output=True,
            text=True,
            timeout=3 * duration + 30,
        )
    except subprocess.TimeoutExpired:
        return {"error": "timed out"}
    if out.returncode:
        return {"error": out.stderr.strip()[-200:] or f"exit {out.returncode}"}
    return {"value": float(out.stdout)}


def prepare_baseline(rev: str) -> str:
    """Build ``rev``'s wheels in a worktree under build/ with that revision's own Makefile, install
    them into a side venv, and return its Python."""
    sha = subprocess.run(
        ["git", "-C", ROOT, "rev-parse", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    base = os.path.join(ROOT, "build", "bench-baseline", sha[:12])
    tree, venv = os.path.join(base, "src"), os.path.join(base, "venv")
    python = os.path.join(venv, "bin", "python")
    if os.path.exists(os.path.join(venv, ".bench-ready")):
        return python
    print(f"building baseline {rev} ({sha[:12]}) in {base} ...", file=sys.stderr)
    if not os.path.isdir(tree):
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, sha], check=True)
    subprocess.run(["make", "-C", tree, "build", f"VENV={venv}"], check=True)
    wheelhouse = os.path.join(tree, "build", "wheelhouse")
    wheels = [os.path.join(wheelhouse, w) for w in os.listdir(wheelhouse) if w.endswith(".whl")]
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", *wheels],
        check=True,
    )
    open(os.path.join(venv, ".bench-ready"), "w").close()
    return python


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="3 short rounds (0.05 s per case)")
    ap.add_argument("--rounds", type=int, help="interleaved rounds (default 5, --quick 3)")
    ap.add_argument(
        "--duration", type=float, help="seconds per case and round (default 0.5, --quick 0.1)"
    )
    ap.add_argument(
        "-k", dest="filters", action="append", default=[], help="only cases containing this"
    )
    ap.add_argument(
        "--python", default=sys.executable, help="the Python whose zmq is measured ('ours')"
    )
    ap.add_argument("--label", default="ours", help="name of that implementation in reports")
    ap.add_argument(
        "--backend",
        help="PYZMQ_BACKEND for that Python's workers: cython or cffi (default: its own)",
    )
    ap.add_argument(
        "--compare-backend",
        action="append",
        default=[],
        metavar="NAME[=LABEL]",
        help="also the same Python on another backend (PYZMQ_BACKEND=NAME)",
    )
    ap.add_argument(
        "--compare", action="append", default=[], metavar="PY[=LABEL]", help="another install"
    )
    ap.add_argument("--baseline", metavar="REV", help="also measure this git revision (builds it)")
    ap.add_argument("--no-raw", action="store_true", help="skip the raw libzmq reference")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--results-dir", default=os.path.join(HERE, "results"))
    args = ap.parse_args(argv)
    args.rounds = args.rounds or (3 if args.quick else 5)
    args.duration = args.duration or (0.05 if args.quick else 0.5)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.time()
    impls = [Impl(args.label, args.python, backend=args.backend)]
    for spec in args.compare:
        path, _, label = spec.partition("=")
        impls.append(Impl(label or path, path))
    for spec in args.compare_backend:
        name, _, label = spec.partition("=")
        impls.append(Impl(label or name, args.python, backend=name))
    if args.baseline:
        # (on the same backend as ours: a revision is compared with itself)
        base = Impl(
            f"baseline {args.baseline}", prepare_baseline(args.baseline), backend=args.backend
        )
        impls.append(base)
    exe = None if args.no_raw else build_c(os.path.join(ROOT, "build", "bench"))
    if exe:
        impls.append(Impl(RAW))

    cases: list[dict] = []
    for impl in impls:
        if impl.python:
            impl.info, listed = list_cases(impl)
            cases = cases or listed
    if args.filters:
        cases = [c for c in cases if any(f in c["name"] for f in args.filters)]
    names = [c["name"] for c in cases]
    raw_specs = {tuple(c["raw"]) for c in cases if c["raw"]}

    samples: dict[str, dict[str, list]] = {c["name"]: {i.label: [] for i in impls} for c in cases}
    for rnd in range(args.rounds):
        for impl in impls:
            t = time.time()
            if impl.python:
                results = run_python(impl, names, args.duration)
            else:
                by_spec = {
                    spec: run_raw(exe, list(spec), args.duration) for spec in sorted(raw_specs)
                }
                results = {c["name"]: by_spec[tuple(c["raw"])] for c in cases if c["raw"]}
            for name, r in results.items():
                samples[name][impl.label].append(r)
            print(
                f"round {rnd + 1}/{args.rounds} {impl.label}: {time.time() - t:.1f}s",
                file=sys.stderr,
            )

    ref_labels = [RAW] if exe else []
    ref_labels += [i.label for i in impls[1:] if i.python]
    data = report.summarize(cases, samples, [i.label for i in impls], ours=args.label)
    meta = dict(
        started=time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        seconds=round(time.time() - started, 1),
        rounds=args.rounds,
        duration=args.duration,
        command=" ".join(shlex.quote(a) for a in sys.argv),
        machine=report.machine(),
        impls={i.label: (i.info or {"program": exe}) for i in impls},
    )
    print(report.table(data, args.label, ref_labels))
    path = report.write(data, meta, args.results_dir)
    print(f"\nresults: {path}")
    if not args.no_plot:
        png = report.plot(data, [i.label for i in impls], path[: -len(".json")] + ".png")
        print(f"plot:    {png}" if png else "plot:    skipped (matplotlib is not installed)")
    print(f"({meta['seconds']}s; ratios: times as fast as the reference, >1 is better)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
