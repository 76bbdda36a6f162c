"""Local port forwarding over a paramiko transport: the engine of the paramiko backend.

A :class:`Forwarder` listens on a local TCP socket and relays every accepted connection through a
``direct-tcpip`` channel of an authenticated paramiko ``Transport`` to ``remote_host:remote_port`` as
seen from the SSH server, the same thing ``ssh -L`` does. It runs in a daemon thread of the calling
process (no subprocess): authentication happens before it starts, so failures raise in the caller.
"""

from __future__ import annotations

import logging
import select
import socket
import socketserver
import threading
import time
from typing import Any, Callable

__all__ = ["ForwardServer", "Forwarder", "Handler", "forward_tunnel"]

log = logging.getLogger("zmq.ssh")

_POLL = 0.2  # seconds between checks for the stop/expiry conditions
_CHUNK = 65536


class Forwarder(threading.Thread):
    """A running local forward, returned by :func:`zmq.ssh.tunnel.paramiko_tunnel`.

    It lives like ``ssh -L ... sleep timeout``: at least ``timeout`` seconds, then until no forwarded
    connection is open, so a connected ZeroMQ socket keeps its tunnel and an unused tunnel does not
    linger. It also ends when the SSH transport dies or :meth:`terminate` is called, and then closes
    the listening socket and the SSH connection.

    Parameters
    ----------
    transport : paramiko.Transport
        An authenticated transport; the forwarder owns it from now on.
    remote_host, remote_port : str, int
        Destination, as seen from the SSH server.
    listener : socket.socket
        A bound, listening local socket; the forwarder owns and closes it.
    timeout : float
        Minimum lifetime in seconds (``float('inf')``: until the transport ends).
    owner : object, optional
        Kept referenced for the forward's lifetime (the ``SSHClient`` holding the transport).
    """

    def __init__(
        self,
        transport: Any,
        remote_host: str,
        remote_port: int,
        listener: socket.socket,
        timeout: float,
        owner: Any = None,
    ) -> None:
        super().__init__(name=f"zmq.ssh forward :{listener.getsockname()[1]}", daemon=True)
        self.transport = transport
        self.remote_host = remote_host
        self.remote_port = remote_port
        self.listener = listener
        self.local_port: int = listener.getsockname()[1]
        self.timeout = timeout
        self._owner = owner
        self._stop_event = threading.Event()
        self._lock = threading.Lock()
        self._active = 0
        self._relays: list[threading.Thread] = []

    # -- the multiprocessing.Process-like surface pyzmq's paramiko tunnel had ---------------------

    def terminate(self) -> None:
        """Ask the forward to stop now (open connections are closed); it ends within ~0.2 s."""
        self._stop_event.set()

    kill = terminate

    def close(self) -> None:
        """Stop the forward and wait (bounded) for its thread to end."""
        self.terminate()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(5)

    @property
    def active_connections(self) -> int:
        """Number of forwarded connections currently open."""
        with self._lock:
            return self._active

    # -- the thread ---------------------------------------------------------------------------------

    def run(self) -> None:
        """Accept and relay connections until stopped, expired and idle, or the transport dies."""
        deadline = time.monotonic() + self.timeout
        try:
            while not self._stop_event.is_set():
                if not self.transport.is_active():
                    log.debug("zmq.ssh: transport closed, ending forward on %i", self.local_port)
                    break
                if time.monotonic() >= deadline and self.active_connections == 0:
                    break
                readable, _, _ = select.select([self.listener], [], [], _POLL)
                if readable:
                    try:
                        conn, peer = self.listener.accept()
                    except OSError:
                        continue
                    self._start_relay(conn, peer)
        finally:
            self._stop_event.set()
            self.listener.close()
            for relay in self._relays:
                relay.join(2)
            try:
                self.transport.close()
            finally:
                if self._owner is not None and hasattr(self._owner, "close"):
                    self._owner.close()

    def _start_relay(self, conn: socket.socket, peer: Any) -> None:
        try:
            chan = self.transport.open_channel(
                "direct-tcpip", (self.remote_host, self.remote_port), peer, timeout=10
            )
        except Exception as exc:  # the server refused: destination closed, forwarding disabled
            log.warning(
                "zmq.ssh: forwarding to %s:%i failed: %s", self.remote_host, self.remote_port, exc
            )
            conn.close()
            return
        if chan is None:
            conn.close()
            return
        with self._lock:
            self._active += 1
        relay = threading.Thread(target=self._relay, args=(conn, chan), daemon=True)
        self._relays = [r for r in self._relays if r.is_alive()]
        self._relays.append(relay)
        relay.start()

    def _relay(self, conn: socket.socket, chan: Any) -> None:
        """Copy bytes both ways until either side closes or the forward stops."""
        try:
            _pump(conn, chan, lambda: not self._stop_event.is_set())
        finally:
            chan.close()
            conn.close()
            with self._lock:
                self._active -= 1


def _pump(conn: Any, chan: Any, running: Callable[[], bool]) -> None:
    """Copy bytes between a local connection and its channel until either side closes or running()
    turns false (the caller closes them)."""
    try:
        while running():
            readable, _, _ = select.select([conn, chan], [], [], _POLL)
            if conn in readable:
                data = conn.recv(_CHUNK)
                if not data:
                    break
                chan.sendall(data)
            if chan in readable:
                data = chan.recv(_CHUNK)
                if not data:
                    break
                conn.sendall(data)
    except OSError as exc:
        log.debug("zmq.ssh: forwarded connection ended: %s", exc)


def forward_tunnel(local_port: int, remote_host: str, remote_port: int, transport: Any) -> None:
    """Forward ``127.0.0.1:local_port`` to ``remote_host:remote_port`` until the transport ends.

    Blocks the calling thread, as pyzmq's function of this name does. Unlike pyzmq's, it listens on
    loopback only: a tunnel endpoint open on every interface would let other hosts use the tunnel.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", local_port))
    listener.listen(16)
    Forwarder(transport, remote_host, remote_port, listener, float("inf")).run()


# -- pyzmq's socketserver-based names, for code that builds its own forward ---------------------------


class ForwardServer(socketserver.ThreadingTCPServer):
    """A threading TCP server for :class:`Handler` subclasses, as in pyzmq.

    Its threads are daemons and it reuses the address. Bind it to loopback (``("127.0.0.1", port)``):
    anyone who can connect to it uses the tunnel.
    """

    daemon_threads = True
    allow_reuse_address = True


class Handler(socketserver.BaseRequestHandler):
    """Relays one accepted connection through a ``direct-tcpip`` channel, as in pyzmq.

    Subclass it with the class attributes ``chain_host``, ``chain_port`` (the destination as seen
    from the SSH server) and ``ssh_transport`` (an authenticated ``paramiko.Transport``), and serve
    it with :class:`ForwardServer`.
    """

    chain_host: str = ""
    chain_port: int = 0
    ssh_transport: Any = None

    def handle(self) -> None:
        conn = self.request
        try:
            chan = self.ssh_transport.open_channel(
                "direct-tcpip", (self.chain_host, self.chain_port), conn.getpeername(), timeout=10
            )
        except Exception as exc:
            log.warning(
                "zmq.ssh: forwarding to %s:%i failed: %s", self.chain_host, self.chain_port, exc
            )
            return
        if chan is None:
            return
        try:
            _pump(conn, chan, self.ssh_transport.is_active)
        finally:
            chan.close()
