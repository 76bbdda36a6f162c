"""Instructions per message, counted by callgrind: deterministic where timings on a shared machine
are not, so every optimisation is judged by these counts.

    python bench/instr.py                              # ours and raw libzmq (the C program)
    python bench/instr.py --compare PY=pyzmq           # also another install
    python bench/instr.py --baseline REV               # also a git revision (built as bench/run.py does)

Each case runs once per implementation under ``valgrind --tool=callgrind --dump-before=getppid``:
the probe (bench/instr_probe.py, or ``zmq_bench lockstep|roundtrip``) warms up, then does exactly
``count`` exchanges between two ``getppid()`` calls, and the counters of that middle part, divided
by ``count``, are the figure: send and receive together, libzmq's IO thread included.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import run  # noqa: E402  (build_c, prepare_baseline, RAW)

# name -> (probe arguments, zmq_bench arguments or None, count)
CASES = {
    "send+recv inproc 64B": (
        ["lockstep", "inproc", "64"],
        ["lockstep", "--transport", "inproc", "--size", "64"],
        20000,
    ),
    "send+recv inproc 64KiB": (
        ["lockstep", "inproc", "65536"],
        ["lockstep", "--transport", "inproc", "--size", "65536"],
        2000,
    ),
    "send+recv tcp 64B": (
        ["lockstep", "tcp", "64"],
        ["lockstep", "--transport", "tcp", "--size", "64"],
        20000,
    ),
    "send+recv tcp 64KiB": (
        ["lockstep", "tcp", "65536"],
        ["lockstep", "--transport", "tcp", "--size", "65536"],
        2000,
    ),
    "asyncio round trip tcp 64B": (
        ["asyncio", "tcp", "64"],
        ["roundtrip", "--transport", "tcp", "--size", "64"],
        2000,
    ),
    "import zmq": (["import", "-", "0"], None, 1),
}


def count_instructions(cmd: list[str]) -> float | str:
    """Instructions between the two getppid() calls of cmd, under callgrind; or why there are none."""
    with tempfile.TemporaryDirectory(prefix="zmq-instr-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, PYTHONHASHSEED="0")
        proc = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--dump-before=getppid",
                f"--callgrind-out-file={out}",
                *cmd,
            ],
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
        )
        if proc.returncode:
            return f"exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}"
        parts = {}
        for path in glob.glob(out + ".*"):
            with open(path) as f:
                for line in f:
                    if line.startswith("totals:"):
                        parts[int(path.rsplit(".", 1)[1])] = int(line.split()[1])
        # part 1: start-up and warm-up; part 2: the measured work (a call through the PLT may
        # add an empty dump first: take the last dump)
        if len(parts) < 2:
            return "no measured part (getppid not reached)"
        return parts[max(parts)]


def measure(impl: run.Impl, exe: str | None, name: str) -> float | str | None:
    probe, raw, count = CASES[name]
    if impl.python is None:
        if raw is None or exe is None:
            return None
        cmd = [exe, *raw, "--count", str(count)]
    else:
        cmd = [impl.python, os.path.join(HERE, "instr_probe.py"), *probe, str(count)]
    result = count_instructions(cmd)
    return result / count if isinstance(result, int) else result


def table(results: dict[str, dict[str, float | str | None]], labels: list[str], ours: str) -> str:
    head = ["case (instructions per message)", *labels]
    head += [f"{ours}/{label}" for label in labels if label != ours]
    rows = [head]
    for name, by_label in results.items():
        row = [name]
        for label in labels:
            v = by_label.get(label)
            row.append("n/a" if v is None else (f"{v:,.0f}" if isinstance(v, float) else "error"))
        mine = by_label.get(ours)
        for label in labels:
            if label == ours:
                continue
            theirs = by_label.get(label)
            ok = isinstance(mine, float) and isinstance(theirs, float) and theirs
            row.append(f"{mine / theirs:.2f}" if ok else "")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths)))
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--python", default=sys.executable, help="the Python whose zmq is measured ('ours')"
    )
    ap.add_argument("--label", default="ours")
    ap.add_argument("--compare", action="append", default=[], metavar="PY[=LABEL]")
    ap.add_argument("--baseline", metavar="REV", help="also measure this git revision (builds it)")
    ap.add_argument(
        "-k", dest="filters", action="append", default=[], help="only cases containing this"
    )
    ap.add_argument("--jobs", type=int, default=2, help="callgrind runs at once")
    ap.add_argument("--results-dir", default=os.path.join(HERE, "results"))
    args = ap.parse_args(argv)
    started = time.time()

    impls = [run.Impl(args.label, args.python)]
    for spec in args.compare:
        path, _, label = spec.partition("=")
        impls.append(run.Impl(label or path, path))
    if args.baseline:
        impls.append(run.Impl(f"baseline {args.baseline}", run.prepare_baseline(args.baseline)))
    exe = run.build_c(os.path.join(ROOT, "build", "bench"))
    impls.append(run.Impl(run.RAW))
    names = [n for n in CASES if not args.filters or any(f in n for f in args.filters)]
    # bytecode compiled once outside valgrind, so `import zmq` is counted as a user sees it
    for impl in impls:
        if impl.python:
            subprocess.run(
                [impl.python, "-c", "import zmq, zmq.asyncio"], check=False, capture_output=True
            )

    jobs = [(impl, name) for name in names for impl in impls]
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        values = list(pool.map(lambda job: measure(job[0], exe, job[1]), jobs))
    results: dict[str, dict[str, float | str | None]] = {n: {} for n in names}
    for (impl, name), value in zip(jobs, values):
        results[name][impl.label] = value
        if isinstance(value, str):
            print(f"{name} under {impl.label}: {value}", file=sys.stderr)
    labels = [i.label for i in impls]
    print(table(results, labels, args.label))
    os.makedirs(args.results_dir, exist_ok=True)
    path = os.path.join(args.results_dir, "instr-" + time.strftime("%Y%m%d-%H%M%S") + ".json")
    with open(path, "w") as f:
        json.dump(
            dict(
                kind="instructions per message (callgrind)",
                started=time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
                seconds=round(time.time() - started, 1),
                command=" ".join(sys.argv),
                labels=labels,
                counts={n: CASES[n][2] for n in names},
                results=results,
            ),
            f,
            indent=1,
        )
    print(
        f"\nresults: {path}\n({time.time() - started:.0f}s; a ratio below 1: ours needs fewer instructions)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
