"""Replay the fuzzing corpus checked in under tests/fuzz/corpus/<target>/ (seeds and past findings).

Each target's inputs run in a child process, so an input that crashes or aborts the interpreter fails
its target's test (naming the input) instead of taking the test run down. Inputs named
``known-<bug>-*`` reproduce a bug listed in ``targets.KNOWN_BUGS``: they run with that bug's checks on
and are expected to fail until the bug's entry is removed, after which they are ordinary regressions.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
SCRIPT = os.path.join(HERE, "targets.py")


def _targets_module():
    spec = importlib.util.spec_from_file_location("fuzz_targets", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


targets = _targets_module()


def _inputs(target: str, known: bool) -> list[str]:
    directory = os.path.join(CORPUS, target)
    if not os.path.isdir(directory):
        return []
    names = sorted(os.listdir(directory))
    return [os.path.join(directory, n) for n in names if n.startswith("known-") == known]


def _replay(target: str, paths: list[str], known_bugs: bool) -> str:
    """Run the inputs through target in a child process: '' if all passed, else what failed."""
    env = dict(os.environ, FUZZ_KNOWN_BUGS="1" if known_bugs else "0")
    proc = subprocess.run(
        [sys.executable, SCRIPT, target, *paths],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if proc.returncode == 0:
        return ""
    replayed = [line for line in proc.stderr.splitlines() if line.startswith("replaying ")]
    culprit = replayed[-1].split(" ", 1)[1] if replayed else "?"
    return f"{target}: input {culprit} failed (exit status {proc.returncode}):\n" + "\n".join(
        proc.stderr.splitlines()[-30:]
    )


def test_every_target_has_a_corpus_directory() -> None:
    assert sorted(os.listdir(CORPUS)) == sorted(targets.TARGETS)


@pytest.mark.parametrize("target", sorted(targets.TARGETS))
def test_corpus_replays_cleanly(target: str) -> None:
    paths = _inputs(target, known=False)
    if not paths:
        pytest.skip(f"no checked-in inputs for {target}")
    failure = _replay(target, paths, known_bugs=False)
    if failure:
        pytest.fail(failure)


KNOWN = [
    (target, path) for target in sorted(targets.TARGETS) for path in _inputs(target, known=True)
]


@pytest.mark.parametrize(
    ("target", "path"), KNOWN, ids=[os.path.basename(p) for _, p in KNOWN] or None
)
def test_known_bug_reproducers(target: str, path: str) -> None:
    bug = os.path.basename(path)[len("known-") :].rsplit("-", 1)[0]
    failure = _replay(target, [path], known_bugs=True)
    if failure and bug in targets.KNOWN_BUGS:
        # the fix merging turns this into a pass: then delete the KNOWN_BUGS entry
        pytest.xfail(f"known bug, fixed on another branch: {targets.KNOWN_BUGS[bug]}")
    if failure:
        pytest.fail(failure)
