"""make check-leaks: run a churn workload and fail on leaks, memory errors or resource growth.

Two checks over the same workloads (context/socket churn, zero-copy sends with tracking, multipart,
asyncio create/cancel/close, term from another thread, monitors, error paths):

1. valgrind memcheck (PYTHONMALLOC=malloc, so every Python allocation is visible to it): fails on any
   error whose stack passes through our extension (``zmq/backend/cython/_zmq*.so``): definite leaks,
   invalid reads/writes/frees, use of uninitialised values. Errors elsewhere (CPython, libzmq alone)
   are counted and shown, not failed on.
2. natively, each workload in a process of its own for many rounds, sampling RSS, VmSize, memory
   mappings, threads and descriptors after every round: fails on sustained growth (see ``grew``).

Workloads that reproduce a bug of issue 17 still being fixed on another branch are listed in
KNOWN_BUGS: they run, and are reported as XFAIL (or XPASS, when the fix has landed: then delete the
entry) without failing the check. ``--known-bugs`` makes them count.

    python tools/check_leaks.py            short form (CI): a few rounds under valgrind, 60 natively
    python tools/check_leaks.py --long     by hand: more rounds of both, and the known bugs under
                                           valgrind one by one
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from typing import Any, Callable

import zmq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUR_EXTENSION = "/zmq/backend/cython/_zmq"

# Workloads whose bug only valgrind sees (a silent use-after-free): not run natively.
VALGRIND_ONLY = {"frame-reinit-exported"}

KNOWN_BUGS: dict[str, str] = {}

TIMEOUT_MS = 5000  # every blocking call in the workloads is bounded: a hang fails, it does not hang


# --- workloads: one round each ---------------------------------------------------------------------


_ipc_tmp: list[str] = []


def _ipc_dir() -> str:
    """A directory for ipc endpoints, removed at exit (libzmq does not always unlink their files)."""
    if not _ipc_tmp:
        _ipc_tmp.append(tempfile.mkdtemp(prefix="zmq-leakcheck-"))
        atexit.register(shutil.rmtree, _ipc_tmp[0], True)
    return _ipc_tmp[0]


def _pair(ctx: zmq.Context[Any], kind_a: int, kind_b: int, transport: str) -> tuple[Any, Any]:
    a, b = ctx.socket(kind_a), ctx.socket(kind_b)
    for s in (a, b):
        s.linger = 0
        s.rcvtimeo = s.sndtimeo = TIMEOUT_MS
    if transport == "tcp":
        port = a.bind_to_random_port("tcp://127.0.0.1")
        b.connect(f"tcp://127.0.0.1:{port}")
    else:
        endpoint = f"{transport}://leakcheck-{id(a):x}"
        if transport == "ipc":
            endpoint = f"ipc://{_ipc_dir()}/{id(a):x}"
        a.bind(endpoint)
        b.connect(endpoint)
    return a, b


def churn() -> None:
    """Contexts and sockets of every common type made, used over three transports, closed, termed."""
    ctx = zmq.Context()
    for transport in ("inproc", "tcp", "ipc"):
        a, b = _pair(ctx, zmq.PAIR, zmq.PAIR, transport)
        a.send(b"ping")
        assert b.recv() == b"ping"
        a.close()
        b.close()
    req, rep = _pair(ctx, zmq.REP, zmq.REQ, "inproc")
    rep.send(b"q")
    assert req.recv() == b"q"
    req.send(b"a")
    assert rep.recv() == b"a"
    pub, sub = _pair(ctx, zmq.XPUB, zmq.SUB, "inproc")
    sub.subscribe(b"")
    assert pub.recv() == b"\x01"
    for kind in (zmq.ROUTER, zmq.DEALER, zmq.PUSH, zmq.PULL, zmq.STREAM):
        ctx.socket(kind).close()
    for s in (req, rep, pub, sub):
        s.close()
    ctx.term()


def context_gc_without_term() -> None:
    """A context dropped without term(): collected, its term finished in the background."""
    ctx = zmq.Context()
    ctx.socket(zmq.PUSH).close()
    del ctx
    gc.collect()


def context_bad_io_threads() -> None:
    """Context(io_threads=-1) refused: nothing of it may stay behind."""
    try:
        zmq.Context(io_threads=-1)
    except (zmq.ZMQError, ValueError):
        pass
    gc.collect()


_BIG = 256 * 1024


def zerocopy() -> None:
    """Zero-copy sends of large buffers with trackers, received as copies and as Frames."""
    ctx = zmq.Context()
    for transport in ("inproc", "tcp"):
        a, b = _pair(ctx, zmq.PUSH, zmq.PULL, transport)
        trackers = []
        for i in range(8):
            buf = bytearray(os.urandom(16)) * (_BIG // 16)
            trackers.append(a.send(buf, copy=False, track=True))
            frame = b.recv(copy=(i % 2 == 0))
            assert len(frame) == len(buf)
            del frame  # a received Frame shares the buffer (inproc): its tracker waits for it
        trackers.append(a.send(zmq.Frame(b"x" * _BIG, track=True), copy=False, track=True))
        b.recv(copy=False)
        for tracker in trackers:
            tracker.wait(TIMEOUT_MS / 1000)
        a.close()
        b.close()
    ctx.term()


def multipart() -> None:
    """Multipart messages of mixed parts, and sends refused for a bad part."""
    import array

    ctx = zmq.Context()
    a, b = _pair(ctx, zmq.DEALER, zmq.ROUTER, "inproc")
    parts: list[Any] = [
        b"head",
        bytearray(b"ba" * 100),
        memoryview(b"mv" * 5000),
        array.array("i", range(1000)),
        zmq.Frame(b"frame" * 10000),
    ]
    for copy in (True, False):
        a.send_multipart(parts, copy=copy)
        got = b.recv_multipart(copy=copy)
        assert len(got) == len(parts) + 1  # and the routing id
    for bad in ([b"ok", "str part"], [b"ok", object()], []):
        try:
            a.send_multipart(bad)
        except (TypeError, ValueError):
            pass
    # a refused part may leave earlier ones queued (issue 17 #7): end the message so it drains
    a.send(b"end")
    while b.recv_multipart()[-1] != b"end":
        pass
    a.close()
    b.close()
    ctx.term()


def asyncio_churn() -> None:
    """zmq.asyncio sockets: futures created, cancelled, completed, sockets closed with some pending."""
    import zmq.asyncio

    async def main() -> None:
        ctx = zmq.asyncio.Context()
        a, b = _pair(ctx, zmq.PAIR, zmq.PAIR, "inproc")
        pending = [asyncio.ensure_future(b.recv()) for _ in range(3)]
        await asyncio.sleep(0)
        pending[0].cancel()  # a cancelled recv takes no message
        await a.send(b"one")
        await a.send(b"two")
        assert await asyncio.wait_for(pending[1], TIMEOUT_MS / 1000) == b"one"
        assert await asyncio.wait_for(pending[2], TIMEOUT_MS / 1000) == b"two"
        await a.send_multipart([b"multi", b"part"], copy=False)
        poller = zmq.asyncio.Poller()
        poller.register(b, zmq.POLLIN)
        assert await poller.poll(TIMEOUT_MS) == [(b, zmq.POLLIN)]
        assert await b.recv_multipart() == [b"multi", b"part"]
        pending.append(asyncio.ensure_future(b.recv_multipart()))
        waiting = asyncio.ensure_future(a.recv())
        await asyncio.sleep(0)
        b.close()  # with futures still pending: they are cancelled
        a.close()
        for fut in (*pending, waiting):
            try:
                await asyncio.wait_for(fut, TIMEOUT_MS / 1000)
            except (asyncio.CancelledError, zmq.ZMQError):
                pass
        ctx.term()

    asyncio.run(main())


def term_from_thread() -> None:
    """Threads blocked in recv/poll while another thread terms the context."""
    ctx = zmq.Context()
    errors: list[BaseException] = []
    ready = threading.Barrier(4)

    def blocked(kind: int) -> None:
        sock = ctx.socket(kind)
        sock.linger = 0
        try:
            sock.bind(f"inproc://term-{threading.get_ident()}")
            ready.wait(TIMEOUT_MS / 1000)
            if kind == zmq.PULL:
                sock.recv()
            else:
                zmq.Poller().register(sock, zmq.POLLIN)
                sock.recv_multipart()
        except zmq.ContextTerminated:
            pass
        except BaseException as e:
            errors.append(e)
        finally:
            sock.close()

    threads = [threading.Thread(target=blocked, args=(k,)) for k in (zmq.PULL, zmq.SUB, zmq.PULL)]
    for t in threads:
        t.start()
    ready.wait(TIMEOUT_MS / 1000)
    terminator = threading.Thread(target=ctx.term)
    terminator.start()
    for t in [*threads, terminator]:
        t.join(TIMEOUT_MS / 1000)
        assert not t.is_alive(), "term() from another thread did not finish"
    assert not errors, errors


def monitors_and_errors() -> None:
    """Monitor sockets, pollers, and the error paths of bad input."""
    ctx = zmq.Context()
    a, b = _pair(ctx, zmq.PAIR, zmq.PAIR, "tcp")
    mon = a.get_monitor_socket()
    mon.rcvtimeo = TIMEOUT_MS
    a.disable_monitor()
    mon.close()
    poller = zmq.Poller()
    poller.register(a, zmq.POLLIN | zmq.POLLOUT)
    poller.poll(0)
    for bad in ("text", object(), None):
        try:
            zmq.Frame(bad)  # type: ignore[arg-type]
        except TypeError:
            pass
        try:
            a.send(bad)  # type: ignore[arg-type]
        except TypeError:
            pass
    for option, value in ((zmq.LINGER, "x"), (9999, 1), (zmq.ROUTING_ID, 2**70)):
        try:
            a.setsockopt(option, value)
        except (zmq.ZMQError, TypeError, ValueError, OverflowError):
            pass
    try:
        a.connect("nonsense://")
    except zmq.ZMQError:
        pass
    a.close()
    b.close()
    ctx.term()


def frame_reinit_exported() -> None:
    """Re-initialising a Frame whose buffer is exported must refuse (BufferError), not free it."""
    frame = zmq.Frame(b"A" * 100000, copy=True)  # the message owns its memory
    view = memoryview(frame)
    try:
        frame.__init__(b"x")  # type: ignore[misc]
    except BufferError:
        pass
    other = zmq.Frame(b"Z" * 100000)
    assert bytes(view[:8]) == b"A" * 8
    view.release()
    del other


WORKLOADS: dict[str, Callable[[], None]] = {
    "churn": churn,
    "zerocopy": zerocopy,
    "multipart": multipart,
    "asyncio": asyncio_churn,
    "term-from-thread": term_from_thread,
    "monitors-and-errors": monitors_and_errors,
    "context-gc-without-term": context_gc_without_term,
    "context-bad-io-threads": context_bad_io_threads,
    "frame-reinit-exported": frame_reinit_exported,
}


# --- sampling --------------------------------------------------------------------------------------


def sample() -> dict[str, int]:
    status = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmSize"):
                status[key] = int(value.split()[0]) * 1024
    with open("/proc/self/maps") as f:
        maps = sum(1 for _ in f)
    return {
        "rss": status["VmRSS"],
        "vmsize": status["VmSize"],
        "maps": maps,
        "threads": len(os.listdir("/proc/self/task")),
        "fds": len(os.listdir("/proc/self/fd")),
    }


def child(names: list[str], rounds: int, sampling: bool) -> None:
    """Inside the child: run the workloads, printing one JSON line of samples per round."""
    for name in names:
        work = WORKLOADS[name]
        for i in range(rounds):
            work()
            if sampling:
                gc.collect()
                print(json.dumps({"workload": name, "round": i, **sample()}), flush=True)


# Growth allowed between the start and the end of the measured rounds (after warm-up), per figure:
# a fixed slack (allocator and interpreter caches settle in steps) plus a per-round allowance far
# below any real leak of a round's worth (a context, a socket, a thread stack, a 256 KiB buffer).
SLACK = {"rss": 4 << 20, "vmsize": 16 << 20, "maps": 8, "threads": 0, "fds": 0}
PER_ROUND = {"rss": 4 << 10, "vmsize": 16 << 10, "maps": 0, "threads": 0, "fds": 0}


def grew(samples: list[dict[str, int]]) -> list[str]:
    """The figures that kept growing: compared between the first and last quarter of the rounds
    after the first quarter (warm-up), lowest values of each, so one late spike is not a leak.

    A leak grows in both halves of those rounds; a step that happens once (glibc reserving a
    64 MiB malloc arena when a new thread first allocates) only in one, so growth must be in both.
    """
    n = len(samples)
    measured = samples[n // 4 :]
    k = max(1, len(measured) // 4)
    half = len(measured) // 2
    problems = []
    for key in SLACK:
        start = min(s[key] for s in measured[:k])
        middle = min(s[key] for s in measured[half - k // 2 : half - k // 2 + k])
        end = min(s[key] for s in measured[-k:])
        allowed = SLACK[key] + PER_ROUND[key] * len(measured)
        sustained = middle - start > allowed / 4 and end - middle > allowed / 4
        if end - start > allowed and (sustained or key in ("threads", "fds")):
            per_round = (end - start) / max(1, len(measured) - k)
            problems.append(
                f"{key} {_fmt(key, start)} -> {_fmt(key, end)} over {len(measured)} rounds "
                f"(~{_fmt(key, int(per_round))}/round; allowed {_fmt(key, allowed)})"
            )
    return problems


def _fmt(key: str, value: int) -> str:
    if key in ("rss", "vmsize"):
        return f"{value / (1 << 20):.1f} MB"
    return str(value)


def native_check(names: list[str], rounds: int, timeout: float) -> dict[str, list[str]]:
    results: dict[str, list[str]] = {}
    for name in names:
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", name, "--rounds", str(rounds)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        samples = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0:
            results[name] = [f"exit status {proc.returncode}: {proc.stderr.strip()[-2000:]}"]
        else:
            results[name] = grew(samples)
        first, last = samples[0] if samples else {}, samples[-1] if samples else {}
        figures = ", ".join(
            f"{key} {_fmt(key, first[key])}->{_fmt(key, last[key])}" for key in SLACK if key in last
        )
        print(
            f"  {name:24} {len(samples):4} rounds {time.monotonic() - started:6.1f} s  {figures}",
            flush=True,
        )
    return results


# --- valgrind --------------------------------------------------------------------------------------

# Kinds of memcheck errors that are bugs when our extension is on the stack.
LEAK_KINDS = {"Leak_DefinitelyLost"}


def valgrind_check(names: list[str], rounds: int, workdir: str) -> tuple[list[str], int]:
    """(errors through our extension, formatted; count of other errors)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return ["valgrind is not installed (apt-get install valgrind)"], 0
    xml_path = os.path.join(workdir, "valgrind.xml")
    env = dict(os.environ, PYTHONMALLOC="malloc")
    cmd = [
        valgrind,
        "--tool=memcheck",
        "--leak-check=full",
        "--show-leak-kinds=definite",
        "--errors-for-leak-kinds=definite",
        "--num-callers=30",
        f"--suppressions={os.path.join(ROOT, 'tools', 'valgrind-python.supp')}",
        "--xml=yes",
        f"--xml-file={xml_path}",
        sys.executable,
        __file__,
        "--child",
        ",".join(names),
        "--rounds",
        str(rounds),
        "--no-sampling",
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        return [f"the workload failed under valgrind ({proc.returncode}): {proc.stderr[-2000:]}"], 0
    ours, others = [], 0
    for error in ET.parse(xml_path).getroot().iter("error"):
        kind = error.findtext("kind", "")
        if kind.startswith("Leak_") and kind not in LEAK_KINDS:
            continue
        frames = error.findall("./stack/frame")
        if any(OUR_EXTENSION in (f.findtext("obj") or "") for f in frames):
            what = error.findtext("what") or error.findtext("./xwhat/text") or ""
            # the error's own stack, then e.g. where the block was freed/allocated
            notes = [what, *(a.findtext("text") or a.text or "" for a in error.iter("auxwhat"))]
            lines = [f"{kind}: {notes[0]}"]
            for i, stack in enumerate(error.findall("stack")):
                if i:
                    lines.append(f"    {notes[i] if i < len(notes) else ''}")
                lines += [f"      {_frame(f)}" for f in stack.findall("frame")[:12]]
            ours.append("\n".join(lines))
        else:
            others += 1
    return ours, others


def _frame(f: ET.Element) -> str:
    where = os.path.basename(f.findtext("obj") or "?")
    if f.findtext("file"):
        where += f":{f.findtext('file')}:{f.findtext('line')}"
    return f"{f.findtext('fn') or '???'} ({where})"


# --- main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true", help="the long form (by hand)")
    parser.add_argument("--native-rounds", type=int, help="rounds per workload, natively")
    parser.add_argument("--valgrind-rounds", type=int, help="rounds per workload under valgrind")
    parser.add_argument("--no-valgrind", action="store_true")
    parser.add_argument("--no-native", action="store_true")
    parser.add_argument("--known-bugs", action="store_true", help="known bugs fail the check too")
    parser.add_argument("--workdir", default=os.path.join(ROOT, "build", "leaks"))
    parser.add_argument("workloads", nargs="*", help=f"default: all of {', '.join(WORKLOADS)}")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--no-sampling", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child.split(","), args.rounds, not args.no_sampling)
        return 0
    names = args.workloads or list(WORKLOADS)
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workloads {unknown}")
    native_rounds = args.native_rounds or (400 if args.long else 60)
    valgrind_rounds = args.valgrind_rounds or (10 if args.long else 2)
    os.makedirs(args.workdir, exist_ok=True)
    failed = False

    def verdict(name: str, problems: list[str]) -> None:
        nonlocal failed
        known = KNOWN_BUGS.get(name)
        if problems and known and not args.known_bugs:
            label = f"XFAIL (known bug: {known})"
        elif not problems and known and not args.known_bugs:
            label = "XPASS: the known bug is gone, delete its KNOWN_BUGS entry"
        elif problems:
            label = "FAIL"
            failed = True
        else:
            label = "ok"
        print(f"{name}: {label}")
        for problem in problems:
            print(f"    {problem}")

    def under_valgrind(label: str, vg_names: list[str]) -> None:
        if not vg_names:
            return
        print(f"valgrind memcheck, {valgrind_rounds} rounds of: {', '.join(vg_names)}", flush=True)
        started = time.monotonic()
        ours, others = valgrind_check(vg_names, valgrind_rounds, args.workdir)
        print(
            f"  {time.monotonic() - started:.0f} s; {len(ours)} errors through {OUR_EXTENSION}*.so, "
            f"{others} elsewhere (CPython, libzmq; not ours to fail on)"
        )
        verdict(label, ours)

    if not args.no_valgrind:
        # known bugs in a run of their own (the long form only: valgrind is slow), so that they
        # neither hide nor are blamed for an error of the others
        under_valgrind("valgrind", [n for n in names if n not in KNOWN_BUGS or args.known_bugs])
        if args.long and not args.known_bugs:
            for name in names:
                if name in KNOWN_BUGS and name in VALGRIND_ONLY:
                    under_valgrind(name, [name])
    if not args.no_native:
        print(f"native, {native_rounds} rounds per workload:", flush=True)
        native = [n for n in names if n not in VALGRIND_ONLY]
        results = native_check(native, native_rounds, timeout=max(600, native_rounds * 5))
        for name, problems in results.items():
            verdict(name, problems)
    print("check-leaks: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
