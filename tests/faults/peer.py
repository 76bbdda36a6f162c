"""A zmq peer run inside a network namespace by tests/faults (``ip netns exec NS python peer.py``).

Usage: ``peer.py ROLE JSON-ARGUMENTS``. A peer reports what happens as JSON lines on stdout, one
object per line with an ``event`` field, and takes JSON commands on stdin (EOF means stop). It
imports only zmq and the standard library, so it runs from any directory.

Roles:

- ``socket``: one socket of any type, driven command by command (send, recv, poll, close ...), with
  its monitor events reported as they happen; ``api`` chooses blocking or asyncio.
- ``rep-server``: a REP server that processes each request id once, remembering what it processed
  in a journal file that survives the server being killed, and answers repeats from that memory.
- ``lazy-pirate``: a REQ client (REQ_RELAXED, REQ_CORRELATE) that sends N numbered requests, each
  retried on the same socket until answered; ``api``: blocking, asyncio or zmqstream.
- ``puller`` / ``pusher``: PULL counting numbered messages (and checking their order) / PUSH
  sending them on command, or until its high-water mark stops it; same three APIs.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from typing import Any, Callable

import zmq

_out_lock = threading.Lock()


def emit(event: str, **fields: Any) -> None:
    """Report one event to the test (thread-safe: monitor threads report too)."""
    line = json.dumps({"event": event, "t": time.monotonic(), **fields})
    with _out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def seq_frame(seq: int) -> bytes:
    return seq.to_bytes(8, "big")


def frame_seq(frame: bytes) -> int:
    return int.from_bytes(frame, "big")


def set_options(sock: zmq.Socket[Any], options: dict[str, Any]) -> None:
    """Options by name, e.g. ``{"ROUTER_MANDATORY": 1, "CURVE_SERVERKEY": "z85 text"}``."""
    for name, value in options.items():
        sock.setsockopt(getattr(zmq, name), value.encode() if isinstance(value, str) else value)


def start_commands(ctx: zmq.Context[Any]) -> str:
    """Forward stdin's lines to an inproc PUSH (so event loops and pollers can wait on them) until
    the command ``stop``; EOF means stop too. Returns the inproc address to connect a PULL to."""
    url = f"inproc://commands-{os.getpid()}"
    push = zmq.Context.shadow(ctx.underlying).socket(zmq.PUSH)
    push.bind(url)

    def forward() -> None:
        # ends at "stop" (or EOF), closing its socket so that the peer's Context.term() can finish
        for line in sys.stdin:
            if line.strip():
                push.send_string(line)
                if json.loads(line)["cmd"] == "stop":
                    break
        else:
            push.send_string(json.dumps({"cmd": "stop"}))
        push.close(linger=-1)

    threading.Thread(target=forward, daemon=True).start()
    return url


def start_monitor(sock: zmq.Socket[Any]) -> None:
    """Report the socket's monitor events from a thread, until monitoring stops."""
    url = f"inproc://monitor-{os.getpid()}-{id(sock)}"
    sock.monitor(url, zmq.EVENT_ALL)
    ctx = zmq.Context.shadow(sock.context.underlying)
    ready = threading.Event()

    def watch() -> None:
        from zmq.utils.monitor import recv_monitor_message

        mon = ctx.socket(zmq.PAIR)
        mon.connect(url)
        ready.set()
        try:
            while True:
                msg = recv_monitor_message(mon)
                event = zmq.Event(msg["event"])
                emit(
                    "monitor",
                    name=event.name,
                    value=msg["value"],
                    endpoint=msg["endpoint"].decode(),
                )
                if event == zmq.EVENT_MONITOR_STOPPED:
                    break
        except zmq.ContextTerminated:
            pass
        finally:
            mon.close(linger=0)

    threading.Thread(target=watch, daemon=True).start()
    ready.wait(5)


# --- socket: one socket driven by commands


def _error_fields(e: zmq.ZMQError) -> dict[str, Any]:
    return {"ok": False, "error": zmq.Errno(e.errno).name, "errno": e.errno}


class SocketPeer:
    """The commands of the ``socket`` role, each answered with a ``result`` event."""

    def __init__(self, sock: zmq.Socket[Any]) -> None:
        self.sock = sock

    def endpoint(self) -> dict[str, Any]:
        return {"endpoint": self.sock.last_endpoint.decode()}

    def setopt(self, options: dict[str, Any]) -> dict[str, Any]:
        set_options(self.sock, options)
        return {}

    def connect(self, url: str) -> dict[str, Any]:
        self.sock.connect(url)
        return {}


def _frames(cmd: dict[str, Any]) -> list[bytes]:
    return [bytes.fromhex(f) for f in cmd["frames"]]


def run_socket_blocking(args: dict[str, Any]) -> None:
    ctx = zmq.Context()
    commands = ctx.socket(zmq.PULL)
    commands.connect(start_commands(ctx))
    sock = ctx.socket(getattr(zmq, args["type"]))
    set_options(sock, args.get("options", {}))
    if args.get("monitor"):
        start_monitor(sock)
    if "bind" in args:
        sock.bind(args["bind"])
    if "connect" in args:
        sock.connect(args["connect"])
    peer = SocketPeer(sock)
    emit("ready", **peer.endpoint())
    while True:
        cmd = json.loads(commands.recv_string())
        op = cmd["cmd"]
        if op == "stop":
            break
        start = time.monotonic()
        result: dict[str, Any]
        try:
            if op == "send":
                sock.send_multipart(_frames(cmd), flags=zmq.NOBLOCK if cmd.get("noblock") else 0)
                result = {"ok": True}
            elif op == "recv":
                frames = sock.recv_multipart(flags=zmq.NOBLOCK if cmd.get("noblock") else 0)
                result = {"ok": True, "frames": [f.hex() for f in frames]}
            elif op == "poll":
                events = sock.poll(cmd["timeout"], getattr(zmq, cmd.get("events", "POLLIN")))
                result = {"ok": True, "events": int(events)}
            elif op == "poller":
                # zmq.Poller over this socket (the module-level zmq.poll underneath)
                poller = zmq.Poller()
                poller.register(sock, getattr(zmq, cmd.get("events", "POLLIN")))
                result = {"ok": True, "ready": len(poller.poll(cmd["timeout"]))}
            elif op == "setopt":
                result = {"ok": True, **peer.setopt(cmd["options"])}
            elif op == "connect":
                result = {"ok": True, **peer.connect(cmd["url"])}
            else:
                raise ValueError(f"unknown command {op!r}")
        except zmq.ZMQError as e:
            result = _error_fields(e)
        emit("result", id=cmd["id"], elapsed=time.monotonic() - start, **result)
    sock.close(linger=0)
    commands.close()
    ctx.term()


def run_socket_asyncio(args: dict[str, Any]) -> None:
    import zmq.asyncio

    async def main() -> None:
        ctx = zmq.asyncio.Context()
        commands = ctx.socket(zmq.PULL)
        commands.connect(start_commands(ctx))
        sock = ctx.socket(getattr(zmq, args["type"]))
        set_options(sock, args.get("options", {}))
        if args.get("monitor"):
            start_monitor(sock)
        if "bind" in args:
            sock.bind(args["bind"])
        if "connect" in args:
            sock.connect(args["connect"])
        peer = SocketPeer(sock)
        emit("ready", **peer.endpoint())
        while True:
            cmd = json.loads(await commands.recv_string())
            op = cmd["cmd"]
            if op == "stop":
                break
            start = time.monotonic()
            result: dict[str, Any]
            try:
                if op == "send":
                    flags = zmq.NOBLOCK if cmd.get("noblock") else 0
                    await sock.send_multipart(_frames(cmd), flags=flags)
                    result = {"ok": True}
                elif op == "recv":
                    flags = zmq.NOBLOCK if cmd.get("noblock") else 0
                    frames = await sock.recv_multipart(flags=flags)
                    result = {"ok": True, "frames": [f.hex() for f in frames]}
                elif op == "poll":
                    events = await sock.poll(
                        cmd["timeout"], getattr(zmq, cmd.get("events", "POLLIN"))
                    )
                    result = {"ok": True, "events": int(events)}
                elif op == "poller":
                    poller = zmq.asyncio.Poller()
                    poller.register(sock, getattr(zmq, cmd.get("events", "POLLIN")))
                    result = {"ok": True, "ready": len(await poller.poll(cmd["timeout"]))}
                elif op == "setopt":
                    result = {"ok": True, **peer.setopt(cmd["options"])}
                elif op == "connect":
                    result = {"ok": True, **peer.connect(cmd["url"])}
                else:
                    raise ValueError(f"unknown command {op!r}")
            except zmq.ZMQError as e:
                result = _error_fields(e)
            emit("result", id=cmd["id"], elapsed=time.monotonic() - start, **result)
        sock.close(linger=0)
        commands.close()
        ctx.term()

    asyncio.run(main())


# --- rep-server: each request id processed once, even across restarts


def run_rep_server(args: dict[str, Any]) -> None:
    """Requests are ``[id, payload]``; the reply is ``[id, payload]``. Processing a request means
    appending its id to the journal; an id already in the journal is answered again, not redone.
    ``stall_on``: request ids after whose processing the server stops (to be killed) unanswered."""
    journal_path = args["journal"]
    stall_on = set(args.get("stall_on", []))
    done: set[bytes] = set()
    if os.path.exists(journal_path):
        with open(journal_path) as f:
            done = {bytes.fromhex(line.strip()) for line in f if line.strip()}
    ctx = zmq.Context()
    commands = ctx.socket(zmq.PULL)
    commands.connect(start_commands(ctx))
    rep = ctx.socket(zmq.REP)
    rep.linger = 0
    rep.bind(args["bind"])
    emit("ready", endpoint=rep.last_endpoint.decode(), remembered=len(done))
    poller = zmq.Poller()
    poller.register(rep, zmq.POLLIN)
    poller.register(commands, zmq.POLLIN)
    with open(journal_path, "a") as journal:
        while True:
            ready = dict(poller.poll())
            if commands in ready and json.loads(commands.recv_string())["cmd"] == "stop":
                break
            if rep not in ready:
                continue
            rid, payload = rep.recv_multipart()
            if rid in done:
                emit("duplicate", id=frame_seq(rid))
            else:
                journal.write(rid.hex() + "\n")
                journal.flush()  # in the kernel's page cache: survives this process being killed
                done.add(rid)
                if frame_seq(rid) in stall_on:
                    # the worst moment to die: processed, not yet answered (the test kills us)
                    emit("stalled", id=frame_seq(rid))
                    time.sleep(60)
            rep.send_multipart([rid, payload])
    rep.close()
    commands.close()
    ctx.term()


# --- lazy-pirate: N requests, each retried until answered


class PirateLog:
    """What the client saw: the id of every accepted reply, and any reply to another request."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.answers: list[int] = []
        self.mismatched: list[tuple[int, int]] = []
        self.retries = 0
        self.start = time.monotonic()

    def checkpoint(self, rid: int, args: dict[str, Any]) -> None:
        """Before request ``rid`` in ``pause_at``: report, and wait for the test's go-ahead (a
        line on stdin), so that a fault can be put in place while requests are flowing."""
        if rid in args.get("pause_at", ()):
            emit("paused", before=rid)
            sys.stdin.readline()

    def accept(self, rid: int, reply: list[bytes]) -> None:
        got = frame_seq(reply[0])
        if got != rid:
            self.mismatched.append((rid, got))
        self.answers.append(got)
        emit("progress", done=len(self.answers))

    def finish(self, gave_up: int | None = None) -> None:
        emit(
            "done",
            answers=self.answers,
            mismatched=self.mismatched,
            retries=self.retries,
            gave_up=gave_up,
            elapsed=time.monotonic() - self.start,
        )


def _pirate_socket(ctx: zmq.Context[Any], args: dict[str, Any]) -> zmq.Socket[Any]:
    req = ctx.socket(zmq.REQ)
    req.req_relaxed = 1  # a new request may be sent before the last one was answered
    req.req_correlate = 1  # and a late reply to an earlier one is then dropped, not returned
    req.linger = 0
    req.connect(args["connect"])
    return req


def _request(rid: int, size: int) -> list[bytes]:
    return [seq_frame(rid), b"x" * size]


def _patience(args: dict[str, Any], attempt: int) -> int:
    """Milliseconds to wait for a reply to this attempt: doubling from ``timeout`` up to
    ``max_timeout``, so that retries over a slow link do not pile up faster than it drains."""
    return int(min(args["timeout"] * 2**attempt, args.get("max_timeout", args["timeout"])))


def run_pirate_blocking(args: dict[str, Any]) -> None:
    ctx = zmq.Context()
    req = _pirate_socket(ctx, args)
    log = PirateLog(args["n"])
    for rid in range(log.n):
        log.checkpoint(rid, args)
        for attempt in range(args["retries"] + 1):
            if attempt:
                log.retries += 1
            req.rcvtimeo = _patience(args, attempt)
            req.send_multipart(_request(rid, args["size"]))
            try:
                reply = req.recv_multipart()
            except zmq.Again:
                continue
            log.accept(rid, reply)
            break
        else:
            log.finish(gave_up=rid)
            break
    else:
        log.finish()
    req.close()
    ctx.term()


def run_pirate_asyncio(args: dict[str, Any]) -> None:
    import zmq.asyncio

    async def main() -> None:
        ctx = zmq.asyncio.Context()
        req = _pirate_socket(ctx, args)
        log = PirateLog(args["n"])
        for rid in range(log.n):
            log.checkpoint(rid, args)  # blocks the loop: nothing else runs in this client
            for attempt in range(args["retries"] + 1):
                if attempt:
                    log.retries += 1
                req.rcvtimeo = _patience(args, attempt)
                await req.send_multipart(_request(rid, args["size"]))
                try:
                    reply = await req.recv_multipart()  # RCVTIMEO: raises zmq.Again
                except zmq.Again:
                    continue
                log.accept(rid, reply)
                break
            else:
                log.finish(gave_up=rid)
                break
        else:
            log.finish()
        req.close()
        ctx.term()

    asyncio.run(main())


def run_pirate_zmqstream(args: dict[str, Any]) -> None:
    """The same loop as callbacks: a reply or the timer, whichever comes first, sends the next."""
    from tornado.ioloop import IOLoop

    from zmq.eventloop.zmqstream import ZMQStream

    async def main() -> None:
        loop = IOLoop.current()
        done = asyncio.get_running_loop().create_future()
        ctx = zmq.Context()
        req = _pirate_socket(ctx, args)  # the stream never blocks: its own timer instead
        stream = ZMQStream(req)
        log = PirateLog(args["n"])
        state = {"rid": 0, "attempt": 0, "timer": None}

        def send() -> None:
            if state["attempt"] > args["retries"]:
                done.set_result(state["rid"])
                return
            stream.send_multipart(_request(state["rid"], args["size"]))
            patience = _patience(args, state["attempt"]) / 1000
            state["timer"] = loop.call_later(patience, on_timeout)

        def on_timeout() -> None:
            log.retries += 1
            state["attempt"] += 1
            send()

        def on_reply(reply: list[bytes]) -> None:
            loop.remove_timeout(state["timer"])
            log.accept(state["rid"], reply)
            state["rid"] += 1
            state["attempt"] = 0
            if state["rid"] == log.n:
                done.set_result(None)
            else:
                log.checkpoint(state["rid"], args)
                send()

        stream.on_recv(on_reply)
        log.checkpoint(0, args)
        send()
        gave_up = await done
        log.finish(gave_up=gave_up)
        stream.close(linger=0)
        ctx.term()

    asyncio.run(main())


# --- puller / pusher: numbered messages, none lost, none out of order


class Counter:
    """Checks that messages arrive numbered 0, 1, 2 ... and reports the count as it grows."""

    def __init__(self, every: int) -> None:
        self.count = 0
        self.every = every
        self.bad: list[tuple[int, int]] = []

    def take(self, msg: list[bytes], more_queued: Callable[[], bool]) -> None:
        seq = frame_seq(msg[0])
        if seq != self.count and len(self.bad) < 20:
            self.bad.append((self.count, seq))
        self.count += 1
        if self.count % self.every == 0 or not more_queued():
            emit("got", count=self.count, bad=self.bad)


def _pull_socket(ctx: zmq.Context[Any], args: dict[str, Any]) -> zmq.Socket[Any]:
    pull = ctx.socket(zmq.PULL)
    pull.rcvhwm = args["hwm"]
    pull.linger = 0
    pull.bind(args["bind"])
    return pull


def run_puller_blocking(args: dict[str, Any]) -> None:
    ctx = zmq.Context()
    commands = ctx.socket(zmq.PULL)
    commands.connect(start_commands(ctx))
    pull = _pull_socket(ctx, args)
    emit("ready", endpoint=pull.last_endpoint.decode())
    counter = Counter(args["every"])
    poller = zmq.Poller()
    poller.register(pull, zmq.POLLIN)
    poller.register(commands, zmq.POLLIN)
    while True:
        ready = dict(poller.poll())
        if commands in ready and json.loads(commands.recv_string())["cmd"] == "stop":
            break
        if pull in ready:
            counter.take(pull.recv_multipart(), lambda: bool(pull.poll(0)))
    pull.close()
    commands.close()
    ctx.term()


def run_puller_asyncio(args: dict[str, Any]) -> None:
    import zmq.asyncio

    async def main() -> None:
        ctx = zmq.asyncio.Context()
        commands = ctx.socket(zmq.PULL)
        commands.connect(start_commands(ctx))
        pull = _pull_socket(ctx, args)
        emit("ready", endpoint=pull.last_endpoint.decode())
        counter = Counter(args["every"])
        stop = asyncio.ensure_future(commands.recv_string())
        while not stop.done():
            msg = asyncio.ensure_future(pull.recv_multipart())
            await asyncio.wait([stop, msg], return_when=asyncio.FIRST_COMPLETED)
            if msg.done():
                counter.take(msg.result(), lambda: bool(pull.getsockopt(zmq.EVENTS) & zmq.POLLIN))
            else:
                msg.cancel()  # a cancelled recv never consumes a message
        pull.close()
        commands.close()
        ctx.term()

    asyncio.run(main())


def run_puller_zmqstream(args: dict[str, Any]) -> None:
    from zmq.eventloop.zmqstream import ZMQStream

    async def main() -> None:
        ctx = zmq.Context()
        stop = asyncio.get_running_loop().create_future()
        commands = ZMQStream(ctx.socket(zmq.PULL))
        commands.socket.connect(start_commands(ctx))
        commands.on_recv(lambda _: stop.done() or stop.set_result(None))
        pull = _pull_socket(ctx, args)
        emit("ready", endpoint=pull.last_endpoint.decode())
        counter = Counter(args["every"])
        stream = ZMQStream(pull)
        stream.on_recv(
            lambda msg: counter.take(msg, lambda: bool(pull.getsockopt(zmq.EVENTS) & zmq.POLLIN))
        )
        await stop
        stream.close(linger=0)
        commands.close(linger=0)
        ctx.term()

    asyncio.run(main())


def _push_socket(ctx: zmq.Context[Any], args: dict[str, Any]) -> zmq.Socket[Any]:
    push = ctx.socket(zmq.PUSH)
    push.sndhwm = args["hwm"]
    push.sndtimeo = args.get("sndtimeo", -1)
    push.linger = 0
    push.connect(args["connect"])
    return push


class Numbered:
    """The pusher's messages: a sequence number and a payload."""

    def __init__(self, size: int) -> None:
        self.seq = 0
        self.payload = b"m" * size

    def next(self) -> list[bytes]:
        return [seq_frame(self.seq), self.payload]


def _pusher_commands(commands: zmq.Socket[Any]) -> Iterator[dict[str, Any]]:
    while True:
        cmd = json.loads(commands.recv_string())
        if cmd["cmd"] == "stop":
            return
        yield cmd


def run_pusher_blocking(args: dict[str, Any]) -> None:
    """``send n``: n messages, blocking; ``fill``: non-blocking sends until the high-water mark
    holds for ``wait`` ms (the link is down, so nothing drains)."""
    ctx = zmq.Context()
    commands = ctx.socket(zmq.PULL)
    commands.connect(start_commands(ctx))
    push = _push_socket(ctx, args)
    msgs = Numbered(args["size"])
    emit("ready")
    for cmd in _pusher_commands(commands):
        sent, hwm = 0, False
        try:
            if cmd["cmd"] == "send":
                for _ in range(cmd["n"]):
                    push.send_multipart(msgs.next())
                    msgs.seq += 1
                    sent += 1
            elif cmd["cmd"] == "fill":
                while sent < cmd["max"]:
                    try:
                        push.send_multipart(msgs.next(), flags=zmq.NOBLOCK)
                    except zmq.Again:
                        if not push.poll(cmd["wait"], zmq.POLLOUT):
                            hwm = True
                            break
                        continue
                    msgs.seq += 1
                    sent += 1
            error = None
        except zmq.ZMQError as e:
            error = zmq.Errno(e.errno).name
        emit("result", id=cmd["id"], sent=sent, total=msgs.seq, hwm=hwm, error=error)
    push.close()
    commands.close()
    ctx.term()


def run_pusher_asyncio(args: dict[str, Any]) -> None:
    import zmq.asyncio

    async def main() -> None:
        ctx = zmq.asyncio.Context()
        commands = ctx.socket(zmq.PULL)
        commands.connect(start_commands(ctx))
        push = _push_socket(ctx, args)
        msgs = Numbered(args["size"])
        emit("ready")
        while True:
            cmd = json.loads(await commands.recv_string())
            if cmd["cmd"] == "stop":
                break
            sent, hwm = 0, False
            try:
                if cmd["cmd"] == "send":
                    for _ in range(cmd["n"]):
                        await push.send_multipart(msgs.next())
                        msgs.seq += 1
                        sent += 1
                elif cmd["cmd"] == "fill":
                    while sent < cmd["max"]:
                        try:
                            await push.send_multipart(msgs.next(), flags=zmq.NOBLOCK)
                        except zmq.Again:
                            if not await push.poll(cmd["wait"], zmq.POLLOUT):
                                hwm = True
                                break
                            continue
                        msgs.seq += 1
                        sent += 1
                error = None
            except zmq.ZMQError as e:
                error = zmq.Errno(e.errno).name
            emit("result", id=cmd["id"], sent=sent, total=msgs.seq, hwm=hwm, error=error)
        push.close()
        commands.close()
        ctx.term()

    asyncio.run(main())


def run_pusher_zmqstream(args: dict[str, Any]) -> None:
    """The stream queues what the socket cannot take yet: ``fill`` hands it ``max`` messages at
    once, and they must all arrive once the link is back."""
    from zmq.eventloop.zmqstream import ZMQStream

    async def main() -> None:
        ctx = zmq.Context()
        stop = asyncio.get_running_loop().create_future()
        commands = ZMQStream(ctx.socket(zmq.PULL))
        commands.socket.connect(start_commands(ctx))
        stream = ZMQStream(_push_socket(ctx, args))
        msgs = Numbered(args["size"])

        def on_command(frames: list[bytes]) -> None:
            cmd = json.loads(frames[0])
            if cmd["cmd"] == "stop":
                if not stop.done():
                    stop.set_result(None)
                return
            n = cmd["n"] if cmd["cmd"] == "send" else cmd["max"]
            for _ in range(n):
                stream.send_multipart(msgs.next())
                msgs.seq += 1
            emit("result", id=cmd["id"], sent=n, total=msgs.seq, hwm=False, error=None)

        commands.on_recv(on_command)
        emit("ready")
        await stop
        stream.close(linger=0)
        commands.close(linger=0)
        ctx.term()

    asyncio.run(main())


ROLES: dict[str, Callable[[dict[str, Any]], None]] = {
    "socket/blocking": run_socket_blocking,
    "socket/asyncio": run_socket_asyncio,
    "rep-server/blocking": run_rep_server,
    "lazy-pirate/blocking": run_pirate_blocking,
    "lazy-pirate/asyncio": run_pirate_asyncio,
    "lazy-pirate/zmqstream": run_pirate_zmqstream,
    "puller/blocking": run_puller_blocking,
    "puller/asyncio": run_puller_asyncio,
    "puller/zmqstream": run_puller_zmqstream,
    "pusher/blocking": run_pusher_blocking,
    "pusher/asyncio": run_pusher_asyncio,
    "pusher/zmqstream": run_pusher_zmqstream,
}


def main() -> None:
    role, args = sys.argv[1], json.loads(sys.argv[2])
    try:
        ROLES[f"{role}/{args.get('api', 'blocking')}"](args)
    except Exception:
        emit("crashed", traceback=traceback.format_exc())
        raise


if __name__ == "__main__":
    main()
