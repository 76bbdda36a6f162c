"""SSH tunnels for ZeroMQ connections, through the ``ssh`` client (pexpect) or paramiko.

``tunnel_connection(sock, "tcp://10.0.1.2:5555", "user@gateway:2222")`` forwards a random local port
through the SSH server to ``10.0.1.2:5555`` (as seen from the server) and connects ``sock`` to the
local end. The server string is ``[user@]host[:port]``. It, the remote address, the ports and the
key file are checked before anything runs: whatever ssh could read as an option (a leading ``-``)
or a shell word (spaces, quotes, ``;``...) raises ValueError, and every ssh command line puts ``--``
before the destination.

Two backends:

- openssh (the default except on Windows): runs the ``ssh`` found on ``PATH`` under pexpect as
  ``ssh -f -S none -o ExitOnForwardFailure=yes -L 127.0.0.1:LPORT:RIP:RPORT -- server sleep TIMEOUT``,
  so the user's ssh configuration (aliases, users, keys, known hosts, proxies) applies. A password or key
  passphrase prompt is answered with ``password``. The tunnel is a background ``ssh`` process that
  exits once ``sleep TIMEOUT`` has ended and no forwarded connection is open. When an ssh
  ControlMaster is already running for the server, the forward is added to it instead
  (``ssh -O forward``) and cancelled when Python exits.
- paramiko: connects and authenticates in the calling thread, then forwards in a daemon thread
  (:class:`zmq.ssh.forward.Forwarder`) with the same lifetime rule. Unknown host keys follow
  ``$PYZMQ_PARAMIKO_HOST_KEY_POLICY`` (``Reject``, ``Warning`` (default), ``AutoAdd``); a host key that
  differs from ``~/.ssh/known_hosts`` is always refused.

Unlike pyzmq, failures are loud: an unreachable server, a refused key or password, a host key that
does not match, a prompt nobody can answer, or a server that does not answer within
:data:`~zmq.ssh.tunnel.CONNECT_TIMEOUT` raise :class:`SSHTunnelError` carrying ssh's (or
paramiko's) own message, instead of printing, hanging, or returning a dead tunnel. A password is asked for with ``getpass``
only when standard input is a terminal, as pyzmq did; otherwise the missing password is an error.
"""

from __future__ import annotations

import atexit
import getpass
import importlib
import ipaddress
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import warnings
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

from zmq.ssh.forward import Forwarder
from zmq.ssh.forward import forward_tunnel as forward_tunnel

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "MaxRetryExceeded",
    "SSHTunnelError",
    "CONNECT_TIMEOUT",
    "select_random_ports",
    "try_passwordless_ssh",
    "tunnel_connection",
    "open_tunnel",
    "ssh_tunnel",
    "openssh_tunnel",
    "paramiko_tunnel",
]

#: Seconds allowed for reaching the SSH server and authenticating, for both backends. The ``timeout``
#: argument of the tunnel functions is something else: how long an unused tunnel stays open.
CONNECT_TIMEOUT: float = 20.0

_DEFAULT_PARAMIKO = sys.platform == "win32"

# A prompt for a password ("user@host's password: ", "Password:") or a key passphrase ("Enter
# passphrase for key '/path': "), at the end of what ssh wrote so far.
_PASSWORD_PROMPT = re.compile(r"(?i)pass(?:word|phrase)(?: for [^\r\n]*)?:\s*$")
# ssh asking whether to trust an unknown host key (StrictHostKeyChecking=ask).
_HOSTKEY_QUESTION = re.compile(r"(?i)continue connecting \(yes/no[^\r\n]*\?\s*$")


class SSHTunnelError(RuntimeError):
    """A tunnel could not be set up; the message includes ssh's (or paramiko's) own error text.

    A ``RuntimeError``, as pyzmq's openssh failure was. Errors of the paramiko backend are also
    instances of ``paramiko.SSHException`` (a subclass mixing both in), as pyzmq's were.
    """


class MaxRetryExceeded(SSHTunnelError):
    """ssh gave no answer within :data:`~zmq.ssh.tunnel.CONNECT_TIMEOUT`.

    (pyzmq's name for running out of retries.)
    """


_paramiko_error: type[SSHTunnelError] | None = None


def _paramiko_error_class() -> type[SSHTunnelError]:
    """SSHTunnelError that is also a paramiko.SSHException (created once paramiko is imported)."""
    global _paramiko_error
    if _paramiko_error is None:
        pm = _import_paramiko()

        class ParamikoTunnelError(SSHTunnelError, pm.SSHException):  # type: ignore[name-defined]
            """An SSHTunnelError raised by the paramiko backend."""

        ParamikoTunnelError.__module__ = __name__
        _paramiko_error = ParamikoTunnelError
    return _paramiko_error


def __getattr__(name: str) -> Any:
    # pyzmq exposes ``SSHException`` (paramiko's, or a stand-in without paramiko); importing
    # paramiko costs ~0.5 s, so it is resolved only when asked for.
    if name == "SSHException":
        try:
            return _import_paramiko().SSHException
        except ImportError:
            return SSHTunnelError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------------
# helpers


def _import_pexpect() -> ModuleType:
    try:
        pexpect = importlib.import_module("pexpect")
    except ImportError as exc:
        raise ImportError(
            "the openssh backend of zmq.ssh needs pexpect: pip install pyzmq-ssh[pexpect]"
            " (or use paramiko=True)"
        ) from exc
    return pexpect


def _import_paramiko() -> ModuleType:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            paramiko = importlib.import_module("paramiko")
    except ImportError as exc:
        raise ImportError(
            "the paramiko backend of zmq.ssh needs paramiko: pip install pyzmq-ssh[paramiko]"
        ) from exc
    return paramiko


# What a server string, a remote host or a key file may look like. They end up on ssh's command
# line and in ssh's %-expansions (ProxyCommand %h/%r run through a shell), so anything that could be
# read as an option (a leading "-") or as shell syntax is refused rather than escaped.
_HOST = re.compile(r"[A-Za-z0-9_.:%-]+")
_USER = re.compile(r"[A-Za-z0-9_.@+\\-]+")
_PORT = re.compile(r"[0-9]{1,5}")


def _shown(value: object) -> str:
    """A value for an error message: repr, capped so that a huge argument is not echoed whole."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_port(port: object, what: str) -> int:
    """port as an int in 1..65535 (an int, or a string of ASCII digits)."""
    if isinstance(port, str) and _PORT.fullmatch(port):
        port = int(port)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise ValueError(f"{what} must be a port number in 1..65535, not {_shown(port)}")
    return port


def _check_host(host: str, what: str) -> str:
    """A host name or IP address (IPv6 possibly in brackets) that cannot be read as anything else."""
    inner = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    ok = bool(inner) and not inner.startswith("-") and _HOST.fullmatch(inner) is not None
    if ok and ":" in inner:  # only an IPv6 address has colons (which would split -L's fields)
        try:
            ipaddress.IPv6Address(inner.partition("%")[0])
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(
            f"invalid {what} {_shown(host)}: expected a host name or IP address"
            " (letters, digits, '.', '-', '_'; not starting with '-')"
        )
    return host


def _split_server(server: str) -> tuple[str | None, str, int | None]:
    """Split ``[user@]host[:port]`` (host may be ``[v6]``) into its parts; missing ones are None.

    Raises ValueError for anything ssh could take for an option or a shell word: a user or host
    starting with ``-``, spaces, quotes, control characters, shell metacharacters, a bad port.
    """
    if not isinstance(server, str):
        raise TypeError(
            f"ssh server must be a str like 'user@host:port', not {type(server).__name__}"
        )
    original = server
    user: str | None = None
    if "@" in server:
        user, server = server.rsplit("@", 1)
        if not user or user.startswith("-") or not _USER.fullmatch(user):
            raise ValueError(
                f"invalid user in ssh server {_shown(original)}: letters, digits and"
                " '.', '-', '_', '+', '@', '\\' only, not starting with '-'"
            )
    port: int | None = None
    if server.startswith("["):
        host, sep, rest = server[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"invalid ssh server {_shown(original)}: expected [v6-address]:port")
        if rest:
            port = _check_port(rest[1:], f"port of ssh server {_shown(original)}")
    elif server.count(":") == 1:
        host, _, sport = server.partition(":")
        port = _check_port(sport, f"port of ssh server {_shown(original)}")
    else:
        host = server
    if not host:
        raise ValueError(f"no host in ssh server {_shown(original)}")
    _check_host(host, f"host in ssh server {_shown(original)}")
    return user, host, port


def _check_keyfile(keyfile: str | os.PathLike[str] | None) -> str | None:
    """keyfile as a str path that ssh cannot take for an option."""
    if keyfile is None or keyfile == "":
        return None
    path = os.fspath(keyfile)
    if not isinstance(path, str):
        raise TypeError(f"keyfile must be a str path, not {type(path).__name__}")
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise ValueError(f"keyfile {_shown(path)} contains control characters")
    # "-i" takes the next word as its argument whatever it is; "./" makes the intent plain anyway
    return os.path.join(".", path) if path.startswith("-") else path


def _check_password(password: str | None) -> str | None:
    if password is not None and ("\n" in password or "\r" in password):
        # typed at ssh's prompt, a line break would end it and answer the next prompt
        raise ValueError("the ssh password must not contain line breaks")
    return password


def _interactive() -> bool:
    """Whether a password may be asked for on the terminal (pyzmq always asked; that can hang)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def _ssh_executable() -> str:
    ssh = shutil.which("ssh")
    if ssh is None:
        raise SSHTunnelError(
            "no 'ssh' client on PATH (install openssh-client, or use paramiko=True)"
        )
    return ssh


def _ssh_args(server: str, keyfile: str | None) -> tuple[list[str], str]:
    """Options and destination for ``ssh`` from a pyzmq server string.

    Every command line built from them puts ``--`` before the destination, so that it is never
    parsed as an option, whatever slipped through the checks.
    """
    user, host, port = _split_server(server)
    keyfile = _check_keyfile(keyfile)
    opts: list[str] = []
    if keyfile:
        opts += ["-i", keyfile]
    if port is not None:
        opts += ["-p", str(port)]
    dest = f"{user}@{host}" if user else host
    return opts, dest


def _clean(text: str) -> str:
    """ssh's output through a pty, as readable single-spaced lines."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _parse_tcp_url(addr: str) -> tuple[str, int]:
    transport, sep, rest = addr.partition("://")
    if not sep or transport != "tcp":
        raise ValueError(f"can only tunnel tcp:// addresses, not {_shown(addr)}")
    ip, sep, sport = rest.rpartition(":")
    if not sep or not ip or not _PORT.fullmatch(sport):
        raise ValueError(f"expected tcp://host:port, got {_shown(addr)}")
    return _check_host(ip, "host in tcp address"), _check_port(sport, "port in tcp address")


#: How many of the ports handed out last are remembered, and skipped, by :func:`select_random_ports`.
RECENT_PORTS = 256

# Ports handed out lately, oldest first; a dict keeps insertion order and finds a port in O(1).
_recent_ports: dict[int, None] = {}
_recent_lock = threading.Lock()


def select_random_ports(n: int) -> list[int]:
    """Select and return n random ports that are available.

    Each is found by binding to port 0 on loopback. The last
    :data:`~zmq.ssh.tunnel.RECENT_PORTS` ports handed out by this process are skipped, so tunnels opened in a row do not collide before their ssh has bound
    its port; older ones may come back once the system considers them free again.

    Raises
    ------
    ValueError
        If n is negative (or TypeError if it is not an int).
    RuntimeError
        If n free ports could not be found within ``n + RECENT_PORTS`` binds (the system is out
        of ports); OSError if the system refuses a socket (e.g. too many open files).
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    with _recent_lock:
        return _select_ports(n)


def _select_ports(n: int) -> list[int]:
    ports: list[int] = []
    socks: list[socket.socket] = []
    # Every socket stays bound until the end, so no bind returns a port twice: each recent port can
    # be skipped at most once, which bounds the loop.
    attempts = n + len(_recent_ports)
    try:
        for _ in range(attempts):
            if len(ports) == n:
                break
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(sock)
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
            if port not in _recent_ports:
                ports.append(port)
    finally:
        for sock in socks:
            sock.close()
    if len(ports) < n:
        raise RuntimeError(
            f"could not find {n} free local ports in {attempts} attempts (found {len(ports)})"
        )
    for port in ports:
        _recent_ports.pop(port, None)
        _recent_ports[port] = None
    while len(_recent_ports) > RECENT_PORTS:
        del _recent_ports[next(iter(_recent_ports))]
    return ports


# ---------------------------------------------------------------------------------------------------
# passwordless check


def try_passwordless_ssh(server: str, keyfile: str | None, paramiko: bool | None = None) -> bool:
    """Attempt to make an ssh connection without a password.

    Used to ask for a password only once when many tunnels go to the same server. True when a key
    (``keyfile``, the agent, or the defaults) is accepted; False when the server wants a password
    (or a key's passphrase). Anything else (server unreachable, host key unknown or changed) raises
    :class:`SSHTunnelError`, where pyzmq returned a misleading answer. If paramiko is None, the
    default for the platform is chosen (paramiko on Windows, openssh elsewhere).
    """
    if paramiko is None:
        paramiko = _DEFAULT_PARAMIKO
    if paramiko:
        return _try_passwordless_paramiko(server, keyfile)
    return _try_passwordless_openssh(server, keyfile)


def _try_passwordless_openssh(server: str, keyfile: str | None) -> bool:
    opts, dest = _ssh_args(server, keyfile)
    cmd = [_ssh_executable(), *opts, "-S", "none", "-o", "BatchMode=yes", "--", dest, "exit"]
    try:
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=CONNECT_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise MaxRetryExceeded(
            f"ssh to {server!r} did not finish within {CONNECT_TIMEOUT:g} s: {_clean(str(exc.stderr or ''))}"
        ) from None
    if proc.returncode == 0:
        return True
    err = _clean(proc.stderr)
    if "Permission denied" in err:
        return False
    raise SSHTunnelError(f"ssh to {server!r} failed (exit {proc.returncode}): {err}")


def _paramiko_connect(server: str, keyfile: str | None, password: str | None) -> Any:
    """An authenticated paramiko SSHClient; authentication errors propagate as paramiko's."""
    user, host, port = _split_server(server)
    keyfile = _check_keyfile(keyfile)
    pm = _import_paramiko()
    client = pm.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(_paramiko_policy(pm))
    try:
        client.connect(
            host,
            port or 22,
            username=user or getpass.getuser(),
            key_filename=keyfile,
            look_for_keys=True,
            password=password,
            # a little longer than the banner's: when both expire, paramiko reports the timeout
            # of the handshake as a confusing "No existing session" instead of the banner's
            timeout=CONNECT_TIMEOUT + 2,
            banner_timeout=CONNECT_TIMEOUT,
            auth_timeout=CONNECT_TIMEOUT,
        )
    except BaseException:
        client.close()
        raise
    return client


def _paramiko_policy(pm: ModuleType) -> Any:
    name = os.environ.get("PYZMQ_PARAMIKO_HOST_KEY_POLICY", "").strip()
    if not name:
        return pm.WarningPolicy()
    cls = getattr(pm, name if name.endswith("Policy") else f"{name}Policy", None)
    if cls is None:
        raise ValueError(
            f"PYZMQ_PARAMIKO_HOST_KEY_POLICY={name!r}: no such paramiko policy"
            " (use Reject, Warning or AutoAdd)"
        )
    return cls()


def _paramiko_failure(server: str, exc: BaseException, hint: str = "") -> SSHTunnelError:
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return _paramiko_error_class()(f"paramiko could not connect to {server!r}: {what}{hint}")


def _try_passwordless_paramiko(server: str, keyfile: str | None) -> bool:
    pm = _import_paramiko()
    try:
        client = _paramiko_connect(server, keyfile, None)
    except pm.AuthenticationException:
        return False
    except (pm.SSHException, OSError) as exc:
        raise _paramiko_failure(server, exc) from exc
    client.close()
    return True


# ---------------------------------------------------------------------------------------------------
# tunnels


class _Connectable(Protocol):
    def connect(self, addr: str) -> Any: ...


# What a tunnel is: the pid of an ssh process (openssh), or a Forwarder thread (paramiko).
@overload
def tunnel_connection(
    socket: _Connectable,
    addr: str,
    server: str,
    keyfile: str | None = ...,
    password: str | None = ...,
    *,
    paramiko: Literal[True],
    timeout: float = ...,
) -> Forwarder: ...
@overload
def tunnel_connection(
    socket: _Connectable,
    addr: str,
    server: str,
    keyfile: str | None = ...,
    password: str | None = ...,
    *,
    paramiko: Literal[False],
    timeout: float = ...,
) -> int: ...
@overload
def tunnel_connection(
    socket: _Connectable,
    addr: str,
    server: str,
    keyfile: str | None = ...,
    password: str | None = ...,
    paramiko: bool | None = ...,
    timeout: float = ...,
) -> int | Forwarder: ...
def tunnel_connection(
    socket: _Connectable,
    addr: str,
    server: str,
    keyfile: str | None = None,
    password: str | None = None,
    paramiko: bool | None = None,
    timeout: float = 60,
) -> int | Forwarder:
    """Connect a socket to an address via an ssh tunnel.

    A wrapper for ``socket.connect(addr)`` when ``addr`` is not reachable from here: it opens a
    tunnel through ``server`` (see :func:`open_tunnel`) and connects the socket to the tunnel's local
    end ``tcp://127.0.0.1:LPORT``. Returns the tunnel object.
    """
    new_url, tunnel = open_tunnel(
        addr, server, keyfile=keyfile, password=password, paramiko=paramiko, timeout=timeout
    )
    socket.connect(new_url)
    return tunnel


@overload
def open_tunnel(
    addr: str,
    server: str,
    keyfile: str | None = ...,
    password: str | None = ...,
    *,
    paramiko: Literal[True],
    timeout: float = ...,
) -> tuple[str, Forwarder]: ...
@overload
def open_tunnel(
    addr: str,
    server: str,
    keyfile: str | None = ...,
    password: str | None = ...,
    *,
    paramiko: Literal[False],
    timeout: float = ...,
) -> tuple[str, int]: ...
@overload
def open_tunnel(
    addr: str,
    server: str,
    keyfile: str | None = ...,
    password: str | None = ...,
    paramiko: bool | None = ...,
    timeout: float = ...,
) -> tuple[str, int | Forwarder]: ...
def open_tunnel(
    addr: str,
    server: str,
    keyfile: str | None = None,
    password: str | None = None,
    paramiko: bool | None = None,
    timeout: float = 60,
) -> tuple[str, int | Forwarder]:
    """Open a tunneled connection from a 0MQ url.

    For use inside :func:`tunnel_connection`. Returns ``(url, tunnel)``: the local url forwarded to
    ``addr`` and the tunnel object (an ssh pid with openssh, a :class:`~zmq.ssh.forward.Forwarder`
    with paramiko). The tunnel is listening when this returns.
    """
    ip, rport = _parse_tcp_url(addr)
    _split_server(server)  # refuse a bad server before taking a port
    lport = select_random_ports(1)[0]
    if paramiko is None:
        paramiko = _DEFAULT_PARAMIKO
    tunnelf = paramiko_tunnel if paramiko else openssh_tunnel
    tunnel = tunnelf(
        lport, rport, server, remoteip=ip, keyfile=keyfile, password=password, timeout=timeout
    )
    return f"tcp://127.0.0.1:{lport}", tunnel


def _cancel_forward(cmd: list[str]) -> None:
    try:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        pass


def _try_control_master(ssh: str, opts: list[str], dest: str, forward: str) -> int | None:
    """Add the forward to a running ControlMaster for dest; its pid, or None when there is none."""
    try:
        check = subprocess.run(
            [ssh, *opts, "-O", "check", "--", dest],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"\(pid=(\d+)\)", check.stdout + check.stderr)
    if check.returncode != 0 or m is None:
        return None
    try:
        fwd = subprocess.run(
            [ssh, *opts, "-O", "forward", "-L", forward, "--", dest],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if fwd.returncode != 0:
        return None
    atexit.register(_cancel_forward, [ssh, *opts, "-O", "cancel", "-L", forward, "--", dest])
    return int(m.group(1))


def _forward_spec(lport: int, rport: int, remoteip: str) -> str:
    """The ``-L`` argument; every part checked, so that none can add fields or a bind address."""
    lport = _check_port(lport, "lport")
    rport = _check_port(rport, "rport")
    if not isinstance(remoteip, str):
        raise TypeError(f"remoteip must be a str, not {type(remoteip).__name__}")
    remoteip = _check_host(remoteip, "remoteip")
    if ":" in remoteip and not remoteip.startswith("["):
        remoteip = f"[{remoteip}]"  # a bare IPv6 address would split into more -L fields
    return f"127.0.0.1:{lport}:{remoteip}:{rport}"


def _sleep_seconds(timeout: float) -> int:
    """The ``sleep`` of an openssh tunnel: whole seconds, at least 1."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, not {type(timeout).__name__}")
    if not math.isfinite(timeout):
        raise ValueError(f"timeout must be a finite number of seconds, not {timeout!r}")
    return max(1, math.ceil(timeout))


def _find_background_ssh(args: list[str]) -> int | None:
    """Pid of the process ``ssh -f`` forked into the background (Linux /proc), or None."""
    want = [a.encode() for a in args]
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")[:-1]
        except OSError:
            continue
        if len(argv) > len(want) and argv[-len(want) :] == want:
            return int(entry)
    return None


def openssh_tunnel(
    lport: int,
    rport: int,
    server: str,
    remoteip: str = "127.0.0.1",
    keyfile: str | None = None,
    password: str | None = None,
    timeout: float = 60,
) -> int:
    """Create an ssh tunnel using the command-line ``ssh`` client, driven by pexpect.

    ``127.0.0.1:lport`` on this machine is forwarded to ``remoteip:rport`` as seen from ``server``.
    The tunnel stays open ``timeout`` seconds, and after that for as long as a connection uses it.

    Returns
    -------
    int
        The pid of the background ssh process carrying the tunnel (or of the ControlMaster that
        took the forward).

    Raises
    ------
    SSHTunnelError
        With ssh's own messages, when ssh could not connect, authenticate, verify the host key or
        set up the forward, or did not finish within :data:`~zmq.ssh.tunnel.CONNECT_TIMEOUT`.
    """
    opts, dest = _ssh_args(server, keyfile)
    forward = _forward_spec(lport, rport, remoteip)
    password = _check_password(password)
    sleep = _sleep_seconds(timeout)
    pexpect = _import_pexpect()
    ssh = _ssh_executable()
    master = _try_control_master(ssh, opts, dest, forward)
    if master is not None:
        return master

    args = [*opts, "-f", "-S", "none", "-o", "ExitOnForwardFailure=yes"]
    args += ["-L", forward, "--", dest, "sleep", str(sleep)]
    # SIGHUP ignored: when the launching ssh (the pty's session leader) exits, the kernel hangs up
    # its process group, which the forked tunnel is still in until it calls setsid().
    child = pexpect.spawn(
        ssh,
        args,
        timeout=CONNECT_TIMEOUT,
        encoding="utf-8",
        codec_errors="replace",
        ignore_sighup=True,
    )
    transcript: list[str] = []

    def fail(why: str, error: type[SSHTunnelError] = SSHTunnelError) -> SSHTunnelError:
        child.close(force=True)
        said = _clean("".join(transcript))
        return error(
            f"ssh tunnel to {server!r} ({forward}) failed: {why}"
            + (f"\nssh said: {said}" if said else "")
        )

    deadline = time.monotonic() + CONNECT_TIMEOUT
    answered = False
    patterns = [_PASSWORD_PROMPT, _HOSTKEY_QUESTION, pexpect.EOF, pexpect.TIMEOUT]
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            transcript.append(child.before if isinstance(child.before, str) else "")
            raise fail(f"no answer within {CONNECT_TIMEOUT:g} s", MaxRetryExceeded)
        # Short expects: success is the launcher exiting 0 while the tunnel it forked keeps the pty
        # open (its session channel's stdout), so no EOF comes then; only the exit tells.
        i = child.expect(patterns, timeout=min(0.1, remaining))
        if i == 3:
            if child.isalive():
                continue
            child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=0.2)  # the last words
        transcript.append(child.before if isinstance(child.before, str) else "")
        if i == 0:
            transcript.append(child.after if isinstance(child.after, str) else "")
            if answered:
                raise fail("the password was rejected")
            if password is None:
                if not _interactive():
                    raise fail("ssh asked for a password or passphrase and none was given")
                password = getpass.getpass(f"{server}'s password: ")
            child.sendline(password)
            answered = True
        elif i == 1:
            transcript.append(child.after if isinstance(child.after, str) else "")
            raise fail(
                "the server's host key is not known (add it to known_hosts, e.g. with ssh-keyscan)"
            )
        else:  # the launcher exited
            child.isalive()  # reaps it, setting exitstatus / signalstatus
            if child.exitstatus == 0:
                child.close(force=True)
                break
            status = (
                f"exit status {child.exitstatus}"
                if child.exitstatus is not None
                else f"signal {child.signalstatus}"
            )
            raise fail(f"ssh ended with {status}")

    pid = _find_background_ssh(args)
    return pid if pid is not None else int(child.pid)


def paramiko_tunnel(
    lport: int,
    rport: int,
    server: str,
    remoteip: str = "127.0.0.1",
    keyfile: str | None = None,
    password: str | None = None,
    timeout: float = 60,
) -> Forwarder:
    """Launch a tunnel with paramiko, forwarding in a daemon thread of this process.

    ``127.0.0.1:lport`` on this machine is forwarded to ``remoteip:rport`` as seen from ``server``.
    Connection and authentication happen before this returns (so errors raise here); the returned
    :class:`~zmq.ssh.forward.Forwarder` (a thread with ``is_alive``, ``join``, ``terminate``) ends
    ``timeout`` seconds after the start once no forwarded connection is open.

    Raises
    ------
    SSHTunnelError
        Also a ``paramiko.SSHException``, with paramiko's message, when the server is unreachable,
        the host key does not match, or authentication fails.
    """
    lport = _check_port(lport, "lport")
    rport = _check_port(rport, "rport")
    if not isinstance(remoteip, str):
        raise TypeError(f"remoteip must be a str, not {type(remoteip).__name__}")
    _check_host(remoteip, "remoteip")
    _split_server(server)
    pm = _import_paramiko()
    try:
        try:
            client = _paramiko_connect(server, keyfile, password)
        except pm.AuthenticationException:
            if password is not None or not _interactive():
                raise
            client = _paramiko_connect(server, keyfile, getpass.getpass(f"{server}'s password: "))
    except (pm.SSHException, OSError) as exc:
        hint = ""
        if password is None and isinstance(exc, pm.AuthenticationException):
            hint = " (no password was given, and no terminal to ask for one on)"
        raise _paramiko_failure(server, exc, hint) from exc

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", lport))
        listener.listen(16)
    except OSError as exc:
        listener.close()
        client.close()
        raise _paramiko_error_class()(f"cannot listen on 127.0.0.1:{lport}: {exc}") from exc
    remote = remoteip[1:-1] if remoteip.startswith("[") and remoteip.endswith("]") else remoteip
    fwd = Forwarder(client.get_transport(), remote, rport, listener, float(timeout), owner=client)
    fwd.start()
    return fwd


if sys.platform == "win32":
    ssh_tunnel = paramiko_tunnel
else:
    ssh_tunnel = openssh_tunnel
