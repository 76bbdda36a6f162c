"""zmq.ssh.tunnel against a real sshd on loopback, with the real ssh client (pexpect) and paramiko."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
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
        _raises_fast(
            lambda: zmq.ssh.open_tunnel(
                "tcp://127.0.0.1:9", server, keyfile=str(sshd.user_key), paramiko=use_paramiko
            ),
            "no answer within 2 s",
            "banner",
        )


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


# -- hostile arguments: nothing reaches ssh as an option -----------------------------------------------


def _injection(marker: Path) -> str:
    """An ssh option that would run a command creating marker (a file nobody else creates)."""
    return f"-oProxyCommand=touch {marker}"


HOSTILE_SERVERS = [
    pytest.param("{inject}", id="host"),
    pytest.param("{inject}:22", id="host-port"),
    pytest.param("{inject}@127.0.0.1", id="user"),
    pytest.param("me@{inject}", id="user-host"),
    pytest.param("[{inject}]:22", id="brackets"),
    pytest.param("me@host;touch {marker}", id="shell"),
    pytest.param("me@host {inject}", id="space"),
    pytest.param("me@host\n{inject}", id="newline"),
    pytest.param("host:-22", id="negative-port"),
    pytest.param("host:0", id="port-zero"),
    pytest.param("host:99999", id="port-range"),
    pytest.param("a:b:c", id="colons-not-ipv6"),
]


def _call_with_server(how: str, server: str, sockets: Callable[..., zmq.Socket]) -> object:
    if how == "try_passwordless_openssh":
        return zmq.ssh.try_passwordless_ssh(server, None, paramiko=False)
    if how == "try_passwordless_paramiko":
        return zmq.ssh.try_passwordless_ssh(server, None, paramiko=True)
    if how.startswith("tunnel_connection"):
        sock = sockets(zmq.REQ)
        sock.linger = 0
        return zmq.ssh.tunnel_connection(
            sock, "tcp://127.0.0.1:9", server, paramiko=how.endswith("paramiko"), timeout=1
        )
    if how.startswith("open_tunnel"):
        return zmq.ssh.open_tunnel(
            "tcp://127.0.0.1:9", server, paramiko=how.endswith("paramiko"), timeout=1
        )
    if how == "openssh_tunnel":
        return zmq.ssh.openssh_tunnel(zmq.ssh.select_random_ports(1)[0], 9, server, timeout=1)
    assert how == "paramiko_tunnel"
    return zmq.ssh.paramiko_tunnel(zmq.ssh.select_random_ports(1)[0], 9, server, timeout=1)


@pytest.mark.parametrize(
    "how",
    [
        "try_passwordless_openssh",
        "try_passwordless_paramiko",
        "tunnel_connection_openssh",
        "tunnel_connection_paramiko",
        "open_tunnel_openssh",
        "open_tunnel_paramiko",
        "openssh_tunnel",
        "paramiko_tunnel",
    ],
)
@pytest.mark.parametrize("template", HOSTILE_SERVERS)
def test_hostile_server_string_is_refused(
    how: str,
    template: str,
    tmp_path: Path,
    ssh_home: SSHHome,
    sockets: Callable[..., zmq.Socket],
    tunnels: list[Any],
) -> None:
    """Was: '-oProxyCommand=...' as the server became an ssh option and ran the command."""
    marker = tmp_path / "marker" / "pwned"
    marker.parent.mkdir()
    server = template.format(inject=_injection(marker), marker=marker)
    with pytest.raises(ValueError, match="ssh server"):
        tunnels.append(_call_with_server(how, server, sockets))
    assert list(marker.parent.iterdir()) == []  # ProxyCommand never ran


@pytest.mark.parametrize("use_paramiko", BACKENDS)
def test_hostile_keyfile_is_only_a_file_name(
    use_paramiko: bool, tmp_path: Path, sshd: SSHServer, ssh_home: SSHHome
) -> None:
    """A key file named like an option is a (missing) file to ssh, never an option."""
    marker = tmp_path / "marker" / "pwned"
    marker.parent.mkdir()
    keyfile = _injection(marker)
    # the key does not exist: ssh (or paramiko) falls back to the configured, refused key
    try:
        assert not zmq.ssh.try_passwordless_ssh(sshd.server, keyfile, paramiko=use_paramiko)
    except tunnel_mod.SSHTunnelError as e:
        assert use_paramiko and "No such file" in str(e), e
    assert list(marker.parent.iterdir()) == []
    with pytest.raises(ValueError, match="control characters"):
        zmq.ssh.try_passwordless_ssh(sshd.server, "key\n-oProxyCommand=x", paramiko=use_paramiko)


@pytest.mark.parametrize("use_paramiko", BACKENDS)
@pytest.mark.parametrize(
    "remote",
    [
        pytest.param("tcp://{inject}:80", id="option"),
        pytest.param("tcp://10.0.0.1:80:0.0.0.0:9", id="extra-forward-fields"),
        pytest.param("tcp://host;touch {marker}:80", id="shell"),
        pytest.param("tcp://127.0.0.1:-80", id="negative-port"),
        pytest.param("tcp://127.0.0.1:١٢", id="unicode-digits"),
    ],
)
def test_hostile_remote_address_is_refused(
    use_paramiko: bool, remote: str, tmp_path: Path, sshd: SSHServer, ssh_home: SSHHome
) -> None:
    marker = tmp_path / "marker" / "pwned"
    marker.parent.mkdir()
    addr = remote.format(inject=_injection(marker), marker=marker)
    with pytest.raises(ValueError, match="tcp"):
        zmq.ssh.open_tunnel(addr, sshd.server, keyfile=str(sshd.user_key), paramiko=use_paramiko)
    assert list(marker.parent.iterdir()) == []


@pytest.mark.parametrize("use_paramiko", BACKENDS)
@pytest.mark.parametrize(
    "lport, rport, remoteip, match",
    [
        pytest.param("1234 -oX", 9, "127.0.0.1", "lport", id="lport-words"),
        pytest.param("*:1234", 9, "127.0.0.1", "lport", id="lport-bind-address"),
        pytest.param(0, 9, "127.0.0.1", "lport", id="lport-zero"),
        pytest.param(True, 9, "127.0.0.1", "lport", id="lport-bool"),
        pytest.param(1234, "9:evil", "127.0.0.1", "rport", id="rport-fields"),
        pytest.param(1234, 70000, "127.0.0.1", "rport", id="rport-range"),
        pytest.param(1234, 9, "-oProxyCommand=x", "remoteip", id="remoteip-option"),
        pytest.param(1234, 9, "1.2.3.4:5:0.0.0.0", "remoteip", id="remoteip-fields"),
        pytest.param(1234, 9, "", "remoteip", id="remoteip-empty"),
    ],
)
def test_hostile_tunnel_arguments_are_refused(
    use_paramiko: bool,
    lport: Any,
    rport: Any,
    remoteip: str,
    match: str,
    sshd: SSHServer,
    ssh_home: SSHHome,
) -> None:
    fn = zmq.ssh.paramiko_tunnel if use_paramiko else zmq.ssh.openssh_tunnel
    with pytest.raises(ValueError, match=match):
        fn(lport, rport, sshd.server, remoteip=remoteip, keyfile=str(sshd.user_key), timeout=1)


def test_password_with_line_break_is_refused(sshd: SSHServer, ssh_home: SSHHome) -> None:
    """Typed at ssh's prompt, the second line would answer whatever ssh asks next."""
    with pytest.raises(ValueError, match="line breaks"):
        zmq.ssh.openssh_tunnel(
            zmq.ssh.select_random_ports(1)[0], 9, sshd.server, password="pw\nyes", timeout=1
        )


@pytest.mark.parametrize(
    "server, parts",
    [
        ("me.name-2@host-1.example.org:2222", ("me.name-2", "host-1.example.org", 2222)),
        ("DOMAIN\\me@host", ("DOMAIN\\me", "host", None)),
        ("me@corp@host", ("me@corp", "host", None)),
        ("::1", (None, "::1", None)),
        ("me@[fe80::1%eth0]:22", ("me", "fe80::1%eth0", 22)),
        ("my_alias", (None, "my_alias", None)),
    ],
)
def test_ordinary_servers_still_accepted(server: str, parts: tuple[object, ...]) -> None:
    assert tunnel_mod._split_server(server) == parts


def test_openssh_destination_follows_double_dash(
    sshd: SSHServer, ssh_home: SSHHome, tunnels: list[Any]
) -> None:
    """The tunnel's ssh command line ends with '-- user@host sleep N'."""
    _, t = zmq.ssh.open_tunnel(
        "tcp://127.0.0.1:9", sshd.server, keyfile=str(sshd.user_key), paramiko=False, timeout=1
    )
    tunnels.append(t)
    with open(f"/proc/{t}/cmdline", "rb") as f:
        argv = f.read().split(b"\0")[:-1]
    assert argv[-4:] == [b"--", f"{sshd.user}@127.0.0.1".encode(), b"sleep", b"1"]


# -- select_random_ports ------------------------------------------------------------------------------


def test_select_random_ports_many_rounds_finish() -> None:
    """Was: after ~28k ports handed out, every port was 'taken' and the search never ended.

    In a subprocess, so that a regression fails this test instead of hanging the suite.
    """
    code = (
        "from zmq.ssh import tunnel\n"
        "for i in range(4096):\n"
        "    assert len(set(tunnel.select_random_ports(10))) == 10\n"
        "print(len(tunnel._recent_ports), tunnel.RECENT_PORTS)\n"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail("select_random_ports did not finish 4096 rounds")
    remembered, limit = map(int, out.stdout.split())
    assert remembered == limit  # the memory of handed-out ports is bounded


def test_select_random_ports_skips_recent() -> None:
    handed: list[int] = []
    for _ in range(tunnel_mod.RECENT_PORTS + 50):
        handed += zmq.ssh.select_random_ports(1)
    for i in range(len(handed)):
        window = handed[max(0, i - tunnel_mod.RECENT_PORTS + 1) : i + 1]
        assert len(set(window)) == len(window), "a recently handed-out port came back"


@pytest.mark.parametrize("n, exc", [(-1, ValueError), ("3", TypeError), (2.0, TypeError)])
def test_select_random_ports_bad_n(n: Any, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        zmq.ssh.select_random_ports(n)
