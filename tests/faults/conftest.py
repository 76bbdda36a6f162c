"""A private two-host network for each test, and the faults to break it with.

Each test gets two network namespaces, ``a`` and ``b``, joined by a veth pair (198.18.0.1 and
198.18.0.2, from the range RFC 2544 sets aside for network tests). Nothing is routed anywhere
else: the root namespace, where pytest runs, gets no address and no route, and the veth ends are
created inside the namespaces. zmq peers run as subprocesses inside a namespace
(``ip netns exec NS python peer.py ROLE ARGS``, see peer.py) and the test drives them over their
stdin and stdout.

Faults are nftables tables added to a namespace and deleted to heal (random loss, a partition, TCP
resets, refused connections) and a ``tc`` token-bucket filter for a slow link: this kernel has no
``netem``, so delay comes from a low rate and the queue in front of it. Peers can be killed with
SIGKILL and started again.

Namespaces are named ``zmqf-<pid>-<n>a/b``: unique per run, and deleted after each test (peers
killed first: a process inside keeps a namespace alive). Namespaces of a run whose process is gone
(a crashed run) are deleted when the next run starts.

The tests need root (``ip netns``), ``ip`` and ``tc`` (iproute2) and ``nft`` (nftables);
scripts/ensure-system-deps.sh installs the packages. Without them the tests skip and say why; under
CI as root they fail instead, so a broken set-up cannot pass as green.

``ZMQ_FAULTS_LONG=1`` runs the long form: more requests, more messages, more loss.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

PEER = Path(__file__).with_name("peer.py")
LONG = os.environ.get("ZMQ_FAULTS_LONG", "") not in ("", "0")
#: Seconds to wait for anything a peer should report: only there to turn a hang into a failure.
WAIT = 60.0 if LONG else 30.0
#: Seconds any one ip/nft/tc command may take.
CMD_TIMEOUT = 20.0

ADDR = {"a": "198.18.0.1", "b": "198.18.0.2"}
DEV = {"a": "zfa0", "b": "zfb0"}
PREFIX = "zmqf-"
_counter = itertools.count()


def _run(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=CMD_TIMEOUT)
    if check and proc.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_stale() -> None:
    """Delete namespaces left by runs whose process is gone."""
    listing = _run("ip", "netns", "list", check=False).stdout
    for line in listing.splitlines():
        m = re.match(rf"({PREFIX}(\d+)-\d+[ab])\b", line)
        if m and not _pid_alive(int(m.group(2))):
            _run("ip", "netns", "del", m.group(1), check=False)


@functools.cache
def _why_unavailable() -> str:
    """'' when namespaces, nftables and tc work here; else why not (checked once per run)."""
    reason = ""
    if os.geteuid() != 0:
        reason = "needs root for network namespaces (CI runs as root)"
    else:
        missing = [t for t in ("ip", "tc", "nft") if shutil.which(t) is None]
        if missing:
            reason = (
                f"{', '.join(missing)} not on PATH: scripts/ensure-system-deps.sh installs them"
            )
        else:
            _sweep_stale()
            probe = f"{PREFIX}{os.getpid()}-probe"
            try:
                _run("ip", "netns", "add", probe)
                _run("ip", "netns", "exec", probe, "nft", "list", "ruleset")
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                reason = f"network namespaces or nftables do not work here: {e}"
            finally:
                _run("ip", "netns", "del", probe, check=False)
    return reason


class PeerFailed(AssertionError):
    pass


class Peer:
    """A zmq peer process in a namespace: its reports (JSON lines) and its commands (stdin)."""

    def __init__(self, net: Net, side: str, role: str, args: dict[str, Any]) -> None:
        self.side, self.role, self.args = side, role, args
        self.name = f"{role}/{args.get('api', 'blocking')}@{side}"
        argv = [sys.executable, str(PEER), role, json.dumps(args)]
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", net.ns[side], *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.history: list[dict[str, Any]] = []  # every event, in order
        self._pending: list[dict[str, Any]] = []  # events no wait() has taken yet
        self._cond = threading.Condition()
        self._eof = False
        self._stderr: list[str] = []
        self._ids = itertools.count()
        self.killed = False
        self.endpoint = ""  # where a socket peer bound or connected (its ready event)
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            event = json.loads(line)
            event["received"] = time.monotonic()
            with self._cond:
                self.history.append(event)
                self._pending.append(event)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def stderr(self) -> str:
        return "".join(self._stderr)

    def _fail(self, why: str) -> PeerFailed:
        crashed = [e["traceback"] for e in self.history if e["event"] == "crashed"]
        return PeerFailed(
            f"{self.name}: {why}\n--- last events: {self.history[-5:]}\n"
            f"--- stderr:\n{crashed[0] if crashed else self.stderr()}"
        )

    def wait(self, event: str, within: float = WAIT, **match: Any) -> dict[str, Any]:
        """The first event not yet taken named ``event`` whose fields equal ``match`` (or, for a
        callable, satisfy it); fails if the peer ends or nothing comes within ``within`` s."""

        def matches(e: dict[str, Any]) -> bool:
            return e["event"] == event and all(
                v(e.get(k)) if callable(v) else e.get(k) == v for k, v in match.items()
            )

        deadline = time.monotonic() + within
        with self._cond:
            while True:
                for i, e in enumerate(self._pending):
                    if matches(e):
                        return self._pending.pop(i)
                if any(e["event"] == "crashed" for e in self._pending):
                    raise self._fail(f"crashed while the test waited for {event} {match}")
                if self._eof:
                    raise self._fail(f"ended while the test waited for {event} {match}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._fail(f"no {event} {match} within {within}s")
                self._cond.wait(remaining)

    def seen(self, event: str, **match: Any) -> list[dict[str, Any]]:
        """Every event so far (taken or not) named ``event`` with fields equal to ``match``."""
        with self._cond:
            return [
                e
                for e in self.history
                if e["event"] == event and all(e.get(k) == v for k, v in match.items())
            ]

    def command(self, cmd: str, **args: Any) -> int:
        """Send a command; returns its id (the ``result`` event carries it)."""
        cid = next(self._ids)
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, "id": cid, **args}) + "\n")
        self.proc.stdin.flush()
        return cid

    def call(self, cmd: str, within: float = WAIT, **args: Any) -> dict[str, Any]:
        """Send a command and wait (up to ``within`` s) for its result."""
        return self.wait("result", within=within, id=self.command(cmd, **args))

    def monitor_events(self) -> list[str]:
        return [e["name"] for e in self.seen("monitor")]

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to close anything (the kernel closes its sockets)."""
        self.killed = True
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(CMD_TIMEOUT)

    def stop(self) -> None:
        """Ask the peer to stop, and check that it ended cleanly."""
        if self.proc.poll() is None:
            try:
                self.command("stop")
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            try:
                self.proc.wait(WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(CMD_TIMEOUT)
                raise self._fail("did not stop when asked") from None
        for t in self._threads:
            t.join(CMD_TIMEOUT)
        if self.proc.returncode != 0 or self.stderr().strip():
            raise self._fail(f"ended with status {self.proc.returncode}")

    def close(self) -> None:
        """Teardown: the process ends, one way or another."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(CMD_TIMEOUT)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


@dataclass
class Net:
    """Two namespaces joined by a veth pair; peers in them; faults on the link."""

    tag: str

    def __post_init__(self) -> None:
        self.ns = {side: f"{self.tag}{side}" for side in "ab"}
        self.peers: list[Peer] = []
        self.created: list[str] = []

    # --- the network

    def create(self) -> None:
        for ns in self.ns.values():
            _run("ip", "netns", "add", ns)
            self.created.append(ns)
        _run(
            "ip", "link", "add", DEV["a"], "netns", self.ns["a"], "type", "veth",
            "peer", "name", DEV["b"], "netns", self.ns["b"],
        )  # fmt: skip
        for side in "ab":
            self.ip(side, "addr", "add", f"{ADDR[side]}/24", "dev", DEV[side])
            self.ip(side, "link", "set", DEV[side], "up")
            self.ip(side, "link", "set", "lo", "up")

    def destroy(self) -> None:
        for peer in self.peers:
            peer.close()
        for ns in self.created:
            _run("ip", "netns", "del", ns, check=False)

    def run(self, side: str, *argv: str) -> str:
        return _run("ip", "netns", "exec", self.ns[side], *argv).stdout

    def ip(self, side: str, *argv: str) -> str:
        return _run("ip", "-n", self.ns[side], *argv).stdout

    # --- peers

    def spawn(self, side: str, role: str, **args: Any) -> Peer:
        peer = Peer(self, side, role, args)
        self.peers.append(peer)
        return peer

    def socket(self, side: str, socket_type: str, **args: Any) -> Peer:
        """A ``socket`` peer (see peer.py), once it has bound or connected."""
        peer = self.spawn(side, "socket", type=socket_type, **args)
        peer.endpoint = peer.wait("ready")["endpoint"]
        return peer

    def url(self, side: str, port: int | str = 0) -> str:
        return f"tcp://{ADDR[side]}:{port}"

    # --- faults: an nftables table per fault and namespace; deleting the table heals

    def _table(self, side: str, name: str, chains: dict[str, str]) -> None:
        body = "".join(
            f"  chain {hook} {{ type filter hook {hook} priority 0; policy accept; {rule}; }}\n"
            for hook, rule in chains.items()
        )
        script = f"table inet {name} {{\n{body}}}\n"
        proc = subprocess.run(
            ["ip", "netns", "exec", self.ns[side], "nft", "-f", "-"],
            input=script,
            text=True,
            capture_output=True,
            timeout=CMD_TIMEOUT,
        )
        if proc.returncode:
            raise RuntimeError(f"nft failed ({proc.returncode}): {proc.stderr}\n{script}")

    def heal(self, name: str) -> None:
        """Remove the fault ``name`` from both namespaces (where it is)."""
        for side in "ab":
            if self._has(side, name):
                self.run(side, "nft", "delete", "table", "inet", name)

    def _has(self, side: str, name: str) -> bool:
        return f"table inet {name}" in self.run(side, "nft", "list", "tables")

    def dropped(self, name: str) -> int:
        """Packets the fault's rules have matched so far, both namespaces together."""
        total = 0
        for side in "ab":
            if not self._has(side, name):
                continue
            doc = json.loads(self.run(side, "nft", "-j", "list", "table", "inet", name))
            for item in doc["nftables"]:
                for expr in item.get("rule", {}).get("expr", []):
                    if "counter" in expr:
                        total += expr["counter"]["packets"]
        return total

    # Packets are dropped where they arrive (the input hook), as a network would lose them: a drop
    # in the sender's output hook would instead fail its send or connect() at once with EPERM.

    def loss(self, percent: float) -> str:
        """Drop that share of TCP segments at random, in both directions."""
        per_mille = round(percent * 10)
        rule = f"meta l4proto tcp numgen random mod 1000 < {per_mille} counter drop"
        for side in "ab":
            self._table(side, "loss", {"input": rule})
        return "loss"

    def partition(self) -> str:
        """Nothing passes in either direction (no reset, no ICMP: the peers just hear nothing)."""
        for side in "ab":
            self._table(side, "partition", {"input": "counter drop"})
        return "partition"

    def resets(self, side: str = "b") -> str:
        """Every TCP segment arriving at ``side`` is answered with a reset: established
        connections die, new ones are refused."""
        self._table(side, "resets", {"input": "meta l4proto tcp counter reject with tcp reset"})
        return "resets"

    def refuse(self, side: str = "b") -> str:
        """New TCP connections to ``side`` are refused (RST to the SYN); established ones live."""
        rule = "tcp flags & (syn | ack) == syn counter reject with tcp reset"
        self._table(side, "refuse", {"input": rule})
        return "refuse"

    def slow(self, rate: str, burst: str = "4kb", latency: str = "400ms") -> None:
        """A token bucket on both veth ends: ``rate`` each way, with a queue holding ``latency``
        worth of data in front of it (what a slow link with a deep buffer looks like)."""
        for side in "ab":
            self.run(
                side, "tc", "qdisc", "add", "dev", DEV[side], "root", "tbf",
                "rate", rate, "burst", burst, "latency", latency,
            )  # fmt: skip

    def fast(self) -> None:
        for side in "ab":
            self.run(side, "tc", "qdisc", "del", "dev", DEV[side], "root")


@pytest.fixture
def net() -> Iterator[Net]:
    reason = _why_unavailable()
    if reason:
        if os.environ.get("CI") and os.geteuid() == 0:
            pytest.fail(f"fault tests cannot run: {reason}")
        pytest.skip(reason)
    n = Net(f"{PREFIX}{os.getpid()}-{next(_counter)}")
    try:
        n.create()
        yield n
    finally:
        n.destroy()


# --- figures: what the tests measured, printed after the run (and quoted in the docs)

_figures: list[str] = []


@pytest.fixture
def figure() -> Callable[[str], None]:
    """``figure("what was measured")``: printed in the run's summary under "fault figures"."""
    return _figures.append


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _figures:
        terminalreporter.section(f"fault figures ({'long' if LONG else 'short'} form)")
        for line in _figures:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long form outlasts the suite's per-test timeout (pyproject.toml): give it an hour."""
    if LONG:
        here = Path(__file__).parent
        for item in items:
            if here in item.path.parents:
                item.add_marker(pytest.mark.timeout(3600))
