"""zmq.ssh.tunnel against a real sshd on loopback, with the real ssh client (pexpect) and paramiko."""

from __future__ import annotations

import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest

import zmq
import zmq.ssh
from zmq.ssh import tunnel as tunnel_mod
from zmq.ssh.forward import Forwarder

from .conftest import SSHHome, SSHServer

pytest.importorskip("pexpect")
pytest.importorskip("paramiko")

FAIL_WITHIN = 15.0  # seconds: a failure must be reported at least this fast
BACKENDS = [pytest.param(False, id="openssh"), pytest.param(True, id="paramiko")]


# -- helpers -----------------------------------------------------------------------------------------


def _pid_gone(pid: int) -> bool:
    """No such process, or a zombie nobody reaps (pid 1 in a sandbox may not)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("State:"):
                    return line.split()[1] == "Z"
    except OSError:
        return True
    return False


def _tunnel_gone(tunnel: Any) -> bool:
    if isinstance(tunnel, Forwarder):
        return not tunnel.is_alive()
    return _pid_gone(int(tunnel))


def _wait_until(cond: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


@pytest.fixture
def tunnels() -> Iterator[list[Any]]:
    """Tunnels a test opened; any still running afterwards are stopped (by pid or thread)."""
    opened: list[Any] = []
    yield opened
    for t in opened:
        if isinstance(t, Forwarder):
            t.close()
        elif not _pid_gone(int(t)):
            try:
                with open(f"/proc/{int(t)}/cmdline", "rb") as f:
                    is_ssh = b"ssh" in f.read()
            except OSError:
                is_ssh = False
            if is_ssh:
                os.kill(int(t), signal.SIGTERM)


@pytest.fixture
def rep(sockets: Callable[..., zmq.Socket]) -> tuple[zmq.Socket, str]:
    """A REP socket on a random loopback port, and its url."""
    sock = sockets(zmq.REP)
    sock.linger = 0
    sock.rcvtimeo = sock.sndtimeo = 10_000
    sock.bind("tcp://127.0.0.1:0")
    return sock, sock.last_endpoint.decode()


def _roundtrip(req: zmq.Socket, rep: zmq.Socket, payload: bytes) -> None:
    req.send(payload)
    assert rep.recv() == payload
    rep.send(payload[::-1])
    assert req.recv() == payload[::-1]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raises_fast(fn: Callable[[], object], *texts: str) -> tunnel_mod.SSHTunnelError:
    """fn raises SSHTunnelError within FAIL_WITHIN, and its message contains one of texts."""
    start = time.monotonic()
    with pytest.raises(tunnel_mod.SSHTunnelError) as info:
        fn()
    elapsed = time.monotonic() - start
    assert elapsed < FAIL_WITHIN, f"took {elapsed:.1f} s"
    msg = str(info.value)
    assert any(t in msg for t in texts), msg
    return info.value


# -- API surface -------------------------------------------------------------------------------------


def test_names_reexported() -> None:
    for name in (
        "tunnel_connection",
        "open_tunnel",
        "openssh_tunnel",
        "paramiko_tunnel",
        "ssh_tunnel",
        "select_random_ports",
        "try_passwordless_ssh",
        "SSHTunnelError",
    ):
        assert getattr(zmq.ssh, name) is getattr(tunnel_mod, name)
    assert issubclass(zmq.ssh.SSHTunnelError, RuntimeError)


def test_select_random_ports_many_calls() -> None:
    """More calls than the system has ephemeral ports (40960 ports): each still returns, distinct."""
    code = (
        "from zmq.ssh import select_random_ports\n"
        "for _ in range(4096):\n"
        "    assert len(set(select_random_ports(10))) == 10\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_select_random_ports() -> None:
    ports = zmq.ssh.select_random_ports(5)
    assert len(set(ports)) == 5
    assert not set(ports) & set(zmq.ssh.select_random_ports(5))
    for port in ports:  # free: each can be bound
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))


@pytest.mark.parametrize(
    "server, parts",
    [
        ("host", (None, "host", None)),
        ("me@host", ("me", "host", None)),
        ("me@host:2222", ("me", "host", 2222)),
        ("host:22", (None, "host", 22)),
        ("[::1]:2200", (None, "::1", 2200)),
    ],
)
def test_split_server(server: str, parts: tuple[object, ...]) -> None:
    assert tunnel_mod._split_server(server) == parts


def test_open_tunnel_rejects_non_tcp() -> None:
    with pytest.raises(ValueError, match="tcp"):
        zmq.ssh.open_tunnel("ipc:///tmp/x", "host")


# -- working tunnels ---------------------------------------------------------------------------------


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_tunnel_connection_req_rep(
    use_paramiko: bool,
    sshd: SSHServer,
    ssh_home: SSHHome,
    rep: tuple[zmq.Socket, str],
    sockets: Callable[..., zmq.Socket],
    tunnels: list[Any],
) -> None:
    rep_sock, url = rep
    req = sockets(zmq.REQ)
    req.linger = 0
    req.rcvtimeo = req.sndtimeo = 10_000
    t = zmq.ssh.tunnel_connection(
        req, url, sshd.server, keyfile=str(sshd.user_key), paramiko=use_paramiko, timeout=1
    )
    tunnels.append(t)
    if use_paramiko:
        assert isinstance(t, Forwarder)
    else:
        assert isinstance(t, int)
        with open(f"/proc/{t}/cmdline", "rb") as f:
            assert b"sleep\x001" in f.read()  # the background `ssh ... sleep timeout` itself
    endpoint = req.last_endpoint.decode()
    assert endpoint.startswith("tcp://127.0.0.1:") and endpoint != url
    for i in range(3):
        _roundtrip(req, rep_sock, b"hello %i" % i)
    # Past its timeout the tunnel stays while a connection uses it...
    time.sleep(2)
    assert not _tunnel_gone(t)
    _roundtrip(req, rep_sock, b"still there")
    # ...and ends once unused.
    req.close(linger=0)
    assert _wait_until(lambda: _tunnel_gone(t), 10), "tunnel still running after its timeout"


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_unused_tunnel_ends_after_timeout(
    use_paramiko: bool, sshd: SSHServer, ssh_home: SSHHome, tunnels: list[Any]
) -> None:
    url, t = zmq.ssh.open_tunnel(
        "tcp://127.0.0.1:9",
        sshd.server,
        keyfile=str(sshd.user_key),
        paramiko=use_paramiko,
        timeout=1,
    )
    tunnels.append(t)
    assert url.startswith("tcp://127.0.0.1:")
    # listening as soon as open_tunnel returns
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    assert _wait_until(lambda: _tunnel_gone(t), 10)


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_try_passwordless(use_paramiko: bool, sshd: SSHServer, ssh_home: SSHHome) -> None:
    assert zmq.ssh.try_passwordless_ssh(sshd.server, str(sshd.user_key), paramiko=use_paramiko)
    assert not zmq.ssh.try_passwordless_ssh(sshd.server, None, paramiko=use_paramiko)
    assert not zmq.ssh.try_passwordless_ssh(sshd.server, str(sshd.other_key), paramiko=use_paramiko)


# -- loud failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_unreachable_server(use_paramiko: bool, sshd: SSHServer, ssh_home: SSHHome) -> None:
    server = f"{sshd.user}@127.0.0.1:{_closed_port()}"
    texts = ("Connection refused", "Unable to connect")
    _raises_fast(
        lambda: zmq.ssh.open_tunnel(
            "tcp://127.0.0.1:9", server, keyfile=str(sshd.user_key), paramiko=use_paramiko
        ),
        *texts,
    )
    _raises_fast(
        lambda: zmq.ssh.try_passwordless_ssh(server, str(sshd.user_key), paramiko=use_paramiko),
        *texts,
    )


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_refused_key(use_paramiko: bool, sshd: SSHServer, ssh_home: SSHHome) -> None:
    _raises_fast(
        lambda: zmq.ssh.open_tunnel(
            "tcp://127.0.0.1:9", sshd.server, keyfile=str(sshd.other_key), paramiko=use_paramiko
        ),
        "Permission denied (publickey)",
        "Authentication failed",
    )


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_wrong_host_key(use_paramiko: bool, sshd: SSHServer, ssh_home: SSHHome) -> None:
    ssh_home.distrust_all(sshd)
    texts = ("Host key verification failed", "does not match")
    err = _raises_fast(
        lambda: zmq.ssh.open_tunnel(
            "tcp://127.0.0.1:9", sshd.server, keyfile=str(sshd.user_key), paramiko=use_paramiko
        ),
        *texts,
    )
    if use_paramiko:
        import paramiko

        assert isinstance(err, paramiko.SSHException)  # pyzmq's paramiko errors were
        assert isinstance(err.__cause__, paramiko.BadHostKeyException)
    else:
        assert "REMOTE HOST IDENTIFICATION HAS CHANGED" in str(err)
    _raises_fast(
        lambda: zmq.ssh.try_passwordless_ssh(
            sshd.server, str(sshd.user_key), paramiko=use_paramiko
        ),
        *texts,
    )


def test_unknown_host_key_openssh(sshd: SSHServer, ssh_home: SSHHome) -> None:
    """ssh asks whether to trust an unknown host: nobody can answer, so it is an error."""
    ssh_home.forget_all()
    _raises_fast(
        lambda: zmq.ssh.openssh_tunnel(
            zmq.ssh.select_random_ports(1)[0], 9, sshd.server, keyfile=str(sshd.user_key)
        ),
        "host key is not known",
    )


def test_unknown_host_key_paramiko_policy(
    sshd: SSHServer, ssh_home: SSHHome, monkeypatch: pytest.MonkeyPatch, tunnels: list[Any]
) -> None:
    ssh_home.forget_all()
    monkeypatch.setenv("PYZMQ_PARAMIKO_HOST_KEY_POLICY", "Reject")
    _raises_fast(
        lambda: zmq.ssh.paramiko_tunnel(
            zmq.ssh.select_random_ports(1)[0], 9, sshd.server, keyfile=str(sshd.user_key)
        ),
        "not found in known_hosts",
    )
    monkeypatch.setenv("PYZMQ_PARAMIKO_HOST_KEY_POLICY", "AutoAdd")
    t = zmq.ssh.paramiko_tunnel(
        zmq.ssh.select_random_ports(1)[0], 9, sshd.server, keyfile=str(sshd.user_key), timeout=1
    )
    tunnels.append(t)
    t.close()
    assert not t.is_alive()


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_silent_server_times_out(
    use_paramiko: bool, sshd: SSHServer, ssh_home: SSHHome, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that accepts TCP but never speaks SSH fails after CONNECT_TIMEOUT, not never."""
    monkeypatch.setattr(tunnel_mod, "CONNECT_TIMEOUT", 2.0)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        server = f"{sshd.user}@127.0.0.1:{silent.getsockname()[1]}"
        err = _raises_fast(
            lambda: zmq.ssh.open_tunnel(
                "tcp://127.0.0.1:9", server, keyfile=str(sshd.user_key), paramiko=use_paramiko
            ),
            "no answer within 2 s",
            "banner",
        )
    # where pyzmq's openssh backend gives up with MaxRetryExceeded, so does this one
    assert isinstance(err, tunnel_mod.MaxRetryExceeded) != use_paramiko


# -- passwords ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_password_authentication(
    use_paramiko: bool,
    password_sshd: tuple[SSHServer, str],
    ssh_home: SSHHome,
    rep: tuple[zmq.Socket, str],
    sockets: Callable[..., zmq.Socket],
    tunnels: list[Any],
) -> None:
    server, password = password_sshd
    ssh_home.trust(server)
    rep_sock, url = rep
    req = sockets(zmq.REQ)
    req.linger = 0
    req.rcvtimeo = req.sndtimeo = 10_000
    assert not zmq.ssh.try_passwordless_ssh(server.server, None, paramiko=use_paramiko)
    t = zmq.ssh.tunnel_connection(
        req, url, server.server, password=password, paramiko=use_paramiko, timeout=1
    )
    tunnels.append(t)
    _roundtrip(req, rep_sock, b"through a password tunnel")
    req.close(linger=0)
    assert _wait_until(lambda: _tunnel_gone(t), 10)


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_password_rejected_or_missing(
    use_paramiko: bool, password_sshd: tuple[SSHServer, str], ssh_home: SSHHome
) -> None:
    server, _ = password_sshd
    ssh_home.trust(server)

    def attempt(password: str | None) -> Callable[[], object]:
        return lambda: zmq.ssh.open_tunnel(
            "tcp://127.0.0.1:9", server.server, password=password, paramiko=use_paramiko
        )

    _raises_fast(attempt("wrong password"), "password was rejected", "Authentication failed")
    # No password, and no terminal to ask on (pytest's stdin): an error, not a hang.
    _raises_fast(attempt(None), "none was given", "Authentication failed")


# -- details -----------------------------------------------------------------------------------------


def test_import_is_lazy() -> None:
    """Importing zmq.ssh loads neither paramiko (~0.5 s) nor pexpect."""
    code = "import sys, zmq.ssh; print('paramiko' in sys.modules, 'pexpect' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["False", "False"]
    import paramiko

    assert tunnel_mod.SSHException is paramiko.SSHException  # as pyzmq's module attribute


def test_openssh_joins_running_control_master(
    sshd: SSHServer,
    ssh_home: SSHHome,
    tmp_path: Path,
    rep: tuple[zmq.Socket, str],
    sockets: Callable[..., zmq.Socket],
) -> None:
    """With a ControlMaster up for the server, the forward is added to it (ssh -O forward)."""
    control = tmp_path / "cm"
    text = ssh_home.config.read_text().replace("ControlPath none", f"ControlPath {control}")
    ssh_home.config.write_text(text)
    user, port = sshd.server.split(":")
    base = ["ssh", "-i", str(sshd.user_key), "-p", port]
    subprocess.run(
        [*base, "-M", "-N", "-f", user], stdin=subprocess.DEVNULL, timeout=15, check=True
    )
    try:
        rep_sock, url = rep
        req = sockets(zmq.REQ)
        req.linger = 0
        req.rcvtimeo = req.sndtimeo = 10_000
        pid = zmq.ssh.tunnel_connection(req, url, sshd.server, keyfile=str(sshd.user_key))
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            assert b"-M" in f.read().split(b"\0")  # the master, not a new ssh
        _roundtrip(req, rep_sock, b"multiplexed")
    finally:
        subprocess.run([*base, "-O", "exit", user], capture_output=True, timeout=15)


# -- pyzmq's other names -----------------------------------------------------------------------------


def test_pyzmq_names() -> None:
    from zmq.ssh import forward

    assert issubclass(tunnel_mod.MaxRetryExceeded, zmq.ssh.SSHTunnelError)
    assert "MaxRetryExceeded" in tunnel_mod.__all__
    assert tunnel_mod.forward_tunnel is forward.forward_tunnel
    assert issubclass(forward.ForwardServer, socketserver.ThreadingTCPServer)
    assert issubclass(forward.Handler, socketserver.BaseRequestHandler)


def test_forward_server_and_handler(
    sshd: SSHServer,
    ssh_home: SSHHome,
    rep: tuple[zmq.Socket, str],
    sockets: Callable[..., zmq.Socket],
) -> None:
    """pyzmq's building blocks: a ForwardServer serving a Handler subclass over a paramiko transport."""
    from zmq.ssh.forward import ForwardServer, Handler

    rep_sock, url = rep
    rport = int(url.rsplit(":", 1)[1])
    client = tunnel_mod._paramiko_connect(sshd.server, str(sshd.user_key), None)

    class ToRep(Handler):
        chain_host = "127.0.0.1"
        chain_port = rport
        ssh_transport = client.get_transport()

    server = ForwardServer(("127.0.0.1", 0), ToRep)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    serving.start()
    try:
        req = sockets(zmq.REQ)
        req.linger = 0
        req.rcvtimeo = req.sndtimeo = 10_000
        req.connect(f"tcp://127.0.0.1:{server.server_address[1]}")
        _roundtrip(req, rep_sock, b"through ForwardServer")
        req.close(linger=0)
    finally:
        server.shutdown()
        server.server_close()
        serving.join(10)
        client.close()
