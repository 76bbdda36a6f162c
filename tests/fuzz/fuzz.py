"""Coverage-guided fuzzing of the targets in targets.py with atheris (libFuzzer for Python).

    python tests/fuzz/fuzz.py --seconds 10            every target for 10 s (CI's form)
    python tests/fuzz/fuzz.py --runs 1000000 frame    one target for a million inputs

Each target runs in a process of its own (libFuzzer owns the process and exits when done), with the
``zmq`` Python modules and the targets instrumented for coverage. The working corpus lives in
``build/fuzz/corpus/<target>``; the inputs checked in under ``tests/fuzz/corpus/<target>`` (seeds and
past findings) are read as a second corpus. A finding (crash, abort, unexpected exception, per-input
timeout, memory blow-up) is written there as ``crash-*``/``timeout-*``/``oom-*``, so it is replayed by
``test_corpus.py`` in every test run until fixed. Exit status 1 if any target found something.

``--seed`` (re)writes the seed inputs of the targets that define some (``targets.SEEDS``);
``--minimize`` merges the working corpus of a long run into the checked-in one (``cov-*``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
FINDING_PREFIXES = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")

# the modules whose Python code feeds coverage back to the fuzzer
INSTRUMENTED = ["zmq", "targets"]


def engine(target_name: str, libfuzzer_args: list[str]) -> None:
    """Inside the child: instrument, then hand the process to libFuzzer (never returns)."""
    import atheris

    sys.path.insert(0, HERE)
    with atheris.instrument_imports(include=INSTRUMENTED):
        import targets

        import zmq.auth
        import zmq.auth.base
        import zmq.auth.certs
        import zmq.utils.monitor
        import zmq.utils.z85  # noqa: F401
    target = targets.TARGETS[target_name]
    # libFuzzer re-runs argv[0] for -merge: minimize() hands us an executable wrapper to name
    atheris.Setup([os.environ.get("FUZZ_ARGV0", sys.argv[0]), *libfuzzer_args], target)
    atheris.Fuzz()


def findings(target: str) -> set[str]:
    directory = os.path.join(CORPUS, target)
    if not os.path.isdir(directory):
        return set()
    return {name for name in os.listdir(directory) if name.startswith(FINDING_PREFIXES)}


def run_target(target: str, args: argparse.Namespace) -> tuple[bool, int, float, list[str]]:
    """Fuzz one target in a child process: (ok, inputs run, seconds, new findings)."""
    import targets

    seeds = os.path.join(CORPUS, target)
    work = os.path.join(args.workdir, "corpus", target)
    os.makedirs(seeds, exist_ok=True)
    os.makedirs(work, exist_ok=True)
    log_path = os.path.join(args.workdir, f"{target}.log")
    libfuzzer = [
        f"-timeout={args.timeout}",
        f"-rss_limit_mb={args.rss_limit_mb}",
        f"-max_len={args.max_len or targets.MAX_LEN.get(target, 4096)}",
        f"-artifact_prefix={seeds}{os.sep}",
        "-print_final_stats=1",
    ]
    if args.runs:
        libfuzzer.append(f"-runs={args.runs}")
    else:
        libfuzzer.append(f"-max_total_time={args.seconds}")
    libfuzzer += [work, seeds]
    before = findings(target)
    # a watchdog beyond libFuzzer's own: a child stuck outside any input (start-up, exit) is killed
    budget = (args.seconds if not args.runs else 86400) + 120
    started = time.monotonic()
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with (
        open(log_path, "w") as log,
        tempfile.TemporaryDirectory(prefix="zmq-fuzz-", dir=shm) as tmp,
    ):
        child = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--engine", target, "--", *libfuzzer],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=args.workdir,
            env=dict(os.environ, FUZZ_TMPDIR=tmp),
        )
        try:
            rc = child.wait(budget)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            rc = -9
    elapsed = time.monotonic() - started
    with open(log_path, errors="replace") as log:
        text = log.read()
    runs = 0
    match = re.search(r"stat::number_of_executed_units:\s*(\d+)", text) or re.search(
        r"Done (\d+) runs", text
    )
    if match:
        runs = int(match.group(1))
    new = sorted(findings(target) - before)
    ok = rc == 0 and not new
    if not ok:
        print(f"--- {target}: exit status {rc}; the end of {log_path}:", file=sys.stderr)
        print("\n".join(text.splitlines()[-40:]), file=sys.stderr)
    return ok, runs, elapsed, new


def minimize(names: list[str], workdir: str) -> None:
    """Merge each target's working corpus into the checked-in one: the fewest inputs that keep the
    coverage reached, added as ``cov-*`` (replayed by make test, and CI's runs start from them)."""
    import hashlib

    for name in names:
        seeds = os.path.join(CORPUS, name)
        work = os.path.join(workdir, "corpus", name)
        have = set()
        for entry in os.listdir(seeds):
            with open(os.path.join(seeds, entry), "rb") as f:
                have.add(f.read())
        with tempfile.TemporaryDirectory() as out:
            wrapper = os.path.join(workdir, f"engine-{name}")
            with open(wrapper, "w") as f:
                f.write(
                    f'#!/bin/sh\nexec "{sys.executable}" "{os.path.abspath(__file__)}" '
                    f'--engine {name} -- "$@"\n'
                )
            os.chmod(wrapper, 0o755)
            subprocess.run(
                [wrapper, "-merge=1", out, seeds, work],
                check=True,
                capture_output=True,
                cwd=workdir,
                env=dict(os.environ, FUZZ_ARGV0=wrapper, FUZZ_TMPDIR=out + "-tmp"),
            )
            shutil.rmtree(out + "-tmp", ignore_errors=True)
            added = 0
            for entry in sorted(os.listdir(out)):
                with open(os.path.join(out, entry), "rb") as f:
                    data = f.read()
                if data not in have:
                    digest = hashlib.sha1(data).hexdigest()[:16]
                    with open(os.path.join(seeds, f"cov-{digest}"), "wb") as f:
                        f.write(data)
                    added += 1
        print(f"{name}: {added} inputs added to {seeds}")


def write_seeds(names: list[str]) -> None:
    sys.path.insert(0, HERE)
    import hashlib

    import targets

    for name in names:
        make = targets.SEEDS.get(name)
        if make is None:
            continue
        directory = os.path.join(CORPUS, name)
        os.makedirs(directory, exist_ok=True)
        for data in make():
            digest = hashlib.sha1(data).hexdigest()[:16]
            with open(os.path.join(directory, f"seed-{digest}"), "wb") as f:
                f.write(data)


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--engine":
        engine(sys.argv[2], sys.argv[4:])
        return 0
    sys.path.insert(0, HERE)
    import targets

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help=f"default: all of {', '.join(targets.TARGETS)}")
    parser.add_argument("--seconds", type=int, default=60, help="time per target (default 60)")
    parser.add_argument("--runs", type=int, default=0, help="inputs per target instead of a time")
    parser.add_argument("--timeout", type=int, default=10, help="seconds one input may take")
    parser.add_argument("--rss-limit-mb", type=int, default=2048)
    parser.add_argument("--max-len", type=int, default=0, help="longest input (default 4096)")
    parser.add_argument("--workdir", default=os.path.join(ROOT, "build", "fuzz"))
    parser.add_argument("--seed", action="store_true", help="write the seed inputs and stop")
    parser.add_argument(
        "--minimize", action="store_true", help="merge the working corpus into tests/ and stop"
    )
    args = parser.parse_args()
    names = args.targets or list(targets.TARGETS)
    unknown = [n for n in names if n not in targets.TARGETS]
    if unknown:
        parser.error(f"unknown targets {unknown}; known: {', '.join(targets.TARGETS)}")
    if args.seed:
        write_seeds(names)
        return 0
    args.workdir = os.path.abspath(args.workdir)
    os.makedirs(args.workdir, exist_ok=True)
    if args.minimize:
        minimize(names, args.workdir)
        return 0
    if os.environ.get("FUZZ_KNOWN_BUGS") != "1":
        for name, why in targets.KNOWN_BUGS.items():
            print(f"check skipped, known bug '{name}' ({why}): FUZZ_KNOWN_BUGS=1 runs it")
    failed = []
    rows = []
    for name in names:
        ok, runs, elapsed, new = run_target(name, args)
        rows.append((name, runs, elapsed, "ok" if ok else "FOUND: " + " ".join(new or ["(exit)"])))
        print(f"{name:10} {runs:>10} inputs {elapsed:8.1f} s  {rows[-1][3]}", flush=True)
        if not ok:
            failed.append(name)
    total = sum(r[1] for r in rows)
    print(f"fuzz: {len(names)} targets, {total} inputs, {len(failed)} with findings", flush=True)
    if failed:
        print(f"findings are under {CORPUS}/<target>/ (replayed by tests/fuzz/test_corpus.py)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
