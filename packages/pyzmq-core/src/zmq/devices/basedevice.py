"""Devices that create their own sockets and run a blocking device loop in the background.

A device is described with socket *types* plus queued bind/connect/setsockopt calls; the sockets
are made where the loop runs (a thread, a process), since sockets must not change threads.

Stopping: the loop runs until its context is terminated (or, for steerable proxies, a TERMINATE
on the control socket). On ``ContextTerminated`` the device closes its sockets (LINGER 0) so the
terminating ``term()`` returns, and sets :attr:`Device.done`. A :class:`ThreadDevice` uses
``Context.instance()`` by default; to stop one device alone, give it its own context::

    dev = ThreadDevice(zmq.QUEUE, zmq.ROUTER, zmq.DEALER)
    dev.context_factory = zmq.Context     # a fresh Context for this device
    dev.start()                           # dev.context exists from here on
    ...
    dev.context.term()
    dev.join(timeout=5)

A :class:`ProcessDevice` makes a fresh Context in the child and terminates it when the loop ends;
stop it with ``dev.launcher.terminate()`` (or a steerable TERMINATE), then ``join``.
"""

from __future__ import annotations

import threading
from multiprocessing import Process
from typing import Any, Callable

import zmq
from zmq.constants import DeviceType

__all__ = ["BackgroundDevice", "Device", "ProcessDevice", "ThreadDevice"]


class SocketPlan:
    """What is done to one of a device's sockets when the device makes it: options set, then
    binds, then connects, in the order they were queued."""

    def __init__(self) -> None:
        self.sockopts: list[tuple[int, Any]] = []
        self.binds: list[str] = []
        self.connects: list[str] = []

    def merged(self, other: SocketPlan) -> SocketPlan:
        both = SocketPlan()
        both.sockopts = self.sockopts + other.sockopts
        both.binds = self.binds + other.binds
        both.connects = self.connects + other.connects
        return both

    def apply(self, sock: zmq.Socket) -> None:
        for opt, value in self.sockopts:
            sock.setsockopt(opt, value)
        for addr in self.binds:
            sock.bind(addr)
        for addr in self.connects:
            sock.connect(addr)


def configure_methods(
    role: str,
) -> tuple[
    Callable[[Device, str], None],
    Callable[[Device, str], None],
    Callable[[Device, int, Any], None],
    Callable[..., int],
]:
    """A device's ``bind_<role>``, ``connect_<role>``, ``setsockopt_<role>`` and
    ``bind_<role>_to_random_port`` methods, which queue the call for its ``<role>_socket`` (in,
    out, mon, ctrl) in ``self._plans[role]``."""

    def bind(self: Device, addr: str) -> None:
        self._plans[role].binds.append(addr)

    def connect(self: Device, addr: str) -> None:
        self._plans[role].connects.append(addr)

    def setsockopt(self: Device, opt: int, value: Any) -> None:
        self._plans[role].sockopts.append((opt, value))

    def bind_to_random_port(self: Device, addr: str, *args: Any, **kwargs: Any) -> int:
        port = self._reserve_random_port(self._socket_type(role), addr, *args, **kwargs)
        self._plans[role].binds.append(f"{addr}:{port}")
        return port

    for method, name, doc in (
        (bind, f"bind_{role}", f"Enqueue binding {role}_socket to addr (see ``zmq.Socket.bind``)."),
        (
            connect,
            f"connect_{role}",
            f"Enqueue connecting {role}_socket to addr (see ``zmq.Socket.connect``).",
        ),
        (setsockopt, f"setsockopt_{role}", f"Enqueue ``setsockopt(opt, value)`` on {role}_socket."),
        (
            bind_to_random_port,
            f"bind_{role}_to_random_port",
            f"Enqueue binding {role}_socket to a random port of addr; returns the port.\n\n"
            "Arguments are those of ``zmq.Socket.bind_to_random_port``.",
        ),
    ):
        method.__name__ = method.__qualname__ = name
        method.__doc__ = doc
    return bind, connect, setsockopt, bind_to_random_port


class Device:
    """A 0MQ device (QUEUE, FORWARDER, STREAMER) built from socket types, to run in the background.

    ``Device(zmq.QUEUE, zmq.ROUTER, zmq.DEALER)`` queues configuration through ``bind_in``,
    ``connect_out``, ``setsockopt_in`` etc.; the sockets are created and configured when the device
    runs. An ``out_type`` below 0 makes one socket serve as both in and out (e.g. a REP echo).
    ``start()`` on a plain Device runs the loop in the calling thread (blocking); the subclasses
    :class:`ThreadDevice` and :class:`ProcessDevice` run it in the background.

    Attributes
    ----------
    daemon : bool
        Whether the background thread/process is a daemon (default True), so an endless device
        does not keep the interpreter alive.
    done : bool
        True once the loop has ended.
    context_factory : collections.abc.Callable
        Class attribute: makes the device's Context (``Context.instance`` here and in threads,
        ``Context`` in processes, which must not reuse a parent's context). Settable per instance.
    """

    context_factory: Callable[[], zmq.Context] = zmq.Context.instance
    daemon: bool = True

    def __init__(
        self,
        device_type: int = DeviceType.QUEUE,
        in_type: int | None = None,
        out_type: int | None = None,
    ) -> None:
        if in_type is None:
            raise TypeError("in_type must be specified")
        if out_type is None:
            raise TypeError("out_type must be specified")
        self.device_type = device_type
        self.in_type = in_type
        self.out_type = out_type
        self._plans = {"in": SocketPlan(), "out": SocketPlan()}
        self._reserved_addrs: set[str] = set()
        self.daemon = True
        self.done = False
        self._context: zmq.Context | None = None
        self._sockets: list[zmq.Socket] = []
        self._finished = threading.Event()

    # --- configuration, replayed on the sockets when the device runs

    bind_in, connect_in, setsockopt_in, bind_in_to_random_port = configure_methods("in")
    bind_out, connect_out, setsockopt_out, bind_out_to_random_port = configure_methods("out")

    def _socket_type(self, role: str) -> int:
        """The type of the socket ``role`` (in, out, mon, ctrl) will have."""
        if role == "out" and self.out_type < 0:
            return self.in_type  # one socket serves as both
        socket_type: int | None = getattr(self, f"{role}_type")
        if socket_type is None:
            raise ValueError(f"this device has no {role} socket ({role}_type is None)")
        return socket_type

    def _reserve_random_port(self, socket_type: int, addr: str, *args: Any, **kwargs: Any) -> int:
        """Find a free port now, so the caller knows it before the device (and its socket) exists.

        A scratch socket binds with ``bind_to_random_port`` and closes again; the device binds the
        same port when it starts (libzmq sets SO_REUSEADDR, so the port is immediately reusable).
        A port this device already reserved is never handed out twice: the scratch socket keeps
        every port it bound until it finds a new one, or the range is exhausted (ZMQBindError).
        """
        with zmq.Context() as ctx, ctx.socket(socket_type) as probe:
            probe.linger = 0
            # each attempt binds a port the probe does not hold yet, so this many always suffice
            for _ in range(len(self._reserved_addrs) + 1):
                port = probe.bind_to_random_port(addr, *args, **kwargs)
                if f"{addr}:{port}" not in self._reserved_addrs:
                    self._reserved_addrs.add(f"{addr}:{port}")
                    return port
        raise zmq.ZMQBindError(f"no free port left to reserve on {addr}")

    # --- running

    @property
    def context(self) -> zmq.Context | None:
        """The Context the device runs in (None until it starts; in a ProcessDevice, the child's)."""
        return self._context

    def _make_socket(self, ctx: zmq.Context, socket_type: int, plan: SocketPlan) -> zmq.Socket:
        sock = ctx.socket(socket_type)
        self._sockets.append(sock)
        plan.apply(sock)
        return sock

    def _setup_sockets(self) -> tuple[zmq.Socket, zmq.Socket]:
        """Create the context (unless start() did) and the configured sockets: returns in and
        out; those of the other roles (mon, ctrl) go to ``_role_sockets``, None where the role's
        type is None."""
        if self._context is None:
            self._context = self.context_factory()
        ctx = self._context
        ins_plan, outs_plan = self._plans["in"], self._plans["out"]
        if self.out_type < 0:
            # one socket is both ends: it takes the configuration queued for either
            ins = outs = self._make_socket(ctx, self.in_type, ins_plan.merged(outs_plan))
        else:
            ins = self._make_socket(ctx, self.in_type, ins_plan)
            outs = self._make_socket(ctx, self.out_type, outs_plan)
        self._role_sockets: dict[str, zmq.Socket | None] = {}
        for role, plan in self._plans.items():
            if role not in ("in", "out"):
                socket_type = getattr(self, f"{role}_type")
                made = None if socket_type is None else self._make_socket(ctx, socket_type, plan)
                self._role_sockets[role] = made
        return ins, outs

    def run_device(self) -> None:
        """Create the sockets and run the device loop (returns only when it ends)."""
        ins, outs = self._setup_sockets()
        zmq.device(self.device_type, ins, outs)

    def _close_sockets(self, linger: int | None) -> None:
        for sock in self._sockets:
            if not sock.closed:
                sock.close(linger=linger)
        self._sockets = []

    def run(self) -> None:
        """The body of the device: set up, loop until the context ends, clean up.

        ``ContextTerminated`` is the normal way to stop, so it ends the device quietly; the sockets
        are then closed with LINGER 0 so the terminating ``term()`` can return.
        """
        linger: int | None = None
        try:
            self.run_device()
        except zmq.ContextTerminated:
            linger = 0
        except BaseException:
            linger = 0
            raise
        finally:
            self._close_sockets(linger)
            self.done = True
            self._finished.set()

    def start(self) -> None:
        """Start the device; on a plain Device this runs it here and blocks until it ends."""
        self.run()

    def join(self, timeout: float | None = None) -> None:
        """Wait (up to timeout seconds, None: forever) for the device to finish, like Thread.join."""
        self._finished.wait(timeout)


class BackgroundDevice(Device):
    """Base of devices that run in a launcher (a Thread or Process) started by start()."""

    _launcher_class: Any = None
    launcher: Any = None

    def _launch_target(self) -> Callable[[], None]:
        return self.run

    def start(self) -> None:
        """Start the device in its launcher; returns at once."""
        launcher = self._launcher_class(target=self._launch_target(), name=type(self).__name__)
        launcher.daemon = self.daemon
        self.launcher = launcher
        launcher.start()

    def join(self, timeout: float | None = None) -> None:
        """Wait up to timeout seconds for the launcher to end (check ``launcher.is_alive()``)."""
        if self.launcher is not None:
            self.launcher.join(timeout)


class ThreadDevice(BackgroundDevice):
    """A Device run in a background Thread. See :class:`Device`."""

    _launcher_class = threading.Thread

    def start(self) -> None:
        """Create the context here (so ``context`` is ready to terminate), then the thread."""
        if self._context is None:
            self._context = self.context_factory()
        super().start()


class ProcessDevice(BackgroundDevice):
    """A Device run in a background Process (multiprocessing). See :class:`Device`.

    The context is made in the child from ``context_factory`` (``zmq.Context``: a forked child must
    not reuse the parent's) and terminated there when the loop ends. ``done`` is only updated in
    the child; in the parent use ``launcher.is_alive()`` / ``launcher.exitcode``.
    """

    _launcher_class = Process
    context_factory: Callable[[], zmq.Context] = zmq.Context

    def __getstate__(self) -> dict[str, Any]:
        # Spawn/forkserver start methods pickle the device for the child: send configuration only.
        state = self.__dict__.copy()
        state["launcher"] = None
        state["_finished"] = None
        state["_context"] = None
        state["_sockets"] = []
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._finished = threading.Event()

    def run(self) -> None:
        """Run the device in the child, then terminate the child's context."""
        try:
            super().run()
        finally:
            ctx = self._context
            if ctx is not None and not ctx.closed:
                ctx.term()
