"""A real ``sshd`` on a random loopback port, and a hermetic ssh client setup, for zmq.ssh tests.

The server runs from a temp dir with its own config, host key, authorized_keys and pid file. The
client side never touches the user's ~/.ssh:

- openssh reads its config from the passwd home, not $HOME, so ``ssh`` on PATH is a wrapper running
  the real ``ssh -F <temp config>``; that config names a temp known_hosts holding the test server's
  host key, and an identity that the server does not accept (the tests pass the accepted key as
  ``keyfile``). Host keys are really checked (StrictHostKeyChecking stays at its default, ask).
- paramiko reads ~/.ssh via $HOME, which points at the temp dir, with the same known_hosts.

When sshd is missing or cannot start, the tests skip and say why (scripts/ensure-system-deps.sh
installs openssh-server and openssh-client).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SSHD = "/usr/sbin/sshd"
START_TIMEOUT = 10.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "zmq-ssh-test", "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=20,
    )


@dataclass
class SSHServer:
    """A running sshd: where it listens, its host key, and the keys the tests use."""

    port: int
    user: str
    dir: Path
    host_pub: str
    user_key: Path  # authorized
    other_key: Path  # not authorized
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def server(self) -> str:
        """The pyzmq server string, ``user@127.0.0.1:port``."""
        return f"{self.user}@127.0.0.1:{self.port}"

    def known_hosts_line(self) -> str:
        return f"[127.0.0.1]:{self.port} {self.host_pub}\n"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _wait_ready(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    """Until sshd sends its banner; skip the test with sshd's output if it does not (bounded)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.skip(f"sshd could not start: {log_path.read_text(errors='replace').strip()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(64).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.05)
    proc.kill()
    proc.wait(5)
    pytest.skip(f"sshd did not accept connections within {START_TIMEOUT:g} s")


def start_sshd(
    workdir: Path, user: str, passwords: bool = False, extra_config: str = ""
) -> SSHServer:
    """Start sshd in workdir, for user, with key authentication (and passwords if asked)."""
    if not os.path.exists(SSHD) or shutil.which("ssh-keygen") is None:
        pytest.skip("sshd/ssh-keygen not installed (scripts/ensure-system-deps.sh installs them)")
    workdir.mkdir(parents=True, exist_ok=True)
    _keygen(workdir / "host_key")
    _keygen(workdir / "user_key")
    _keygen(workdir / "other_key")
    authorized = workdir / "authorized_keys"
    authorized.write_text((workdir / "user_key.pub").read_text())
    port = _free_port()
    config = workdir / "sshd_config"
    config.write_text(
        f"""\
ListenAddress 127.0.0.1
Port {port}
HostKey {workdir / "host_key"}
AuthorizedKeysFile {authorized}
PidFile {workdir / "sshd.pid"}
UsePAM no
StrictModes no
PasswordAuthentication {"yes" if passwords else "no"}
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowTcpForwarding yes
PrintMotd no
PrintLastLog no
{extra_config}
"""
    )
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
    log_path = workdir / "sshd.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    _wait_ready(proc, port, log_path)
    host_pub = " ".join((workdir / "host_key.pub").read_text().split()[:2])
    return SSHServer(
        port=port,
        user=user,
        dir=workdir,
        host_pub=host_pub,
        user_key=workdir / "user_key",
        other_key=workdir / "other_key",
        proc=proc,
        log_path=log_path,
    )


def stop_sshd(server: SSHServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(5)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SSHServer]:
    """sshd accepting only ``user_key``, for the current user."""
    user = pwd.getpwuid(os.geteuid()).pw_name
    server = start_sshd(tmp_path_factory.mktemp("sshd"), user)
    yield server
    stop_sshd(server)


@dataclass
class SSHHome:
    """The client-side files: a temp HOME, known_hosts, the ssh config and wrapper."""

    home: Path
    known_hosts: Path
    config: Path
    trusted: list[SSHServer] = field(default_factory=list)

    def trust(self, server: SSHServer) -> None:
        """Add server's host key to known_hosts."""
        with open(self.known_hosts, "a") as f:
            f.write(server.known_hosts_line())

    def distrust_all(self, wrong_key_for: SSHServer) -> None:
        """Replace known_hosts with a different (freshly generated) key for that server."""
        fake = self.home / "fake_host_key"
        if not fake.exists():
            _keygen(fake)
        key = " ".join((self.home / "fake_host_key.pub").read_text().split()[:2])
        self.known_hosts.write_text(f"[127.0.0.1]:{wrong_key_for.port} {key}\n")

    def forget_all(self) -> None:
        self.known_hosts.write_text("")


@pytest.fixture
def ssh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sshd: SSHServer) -> Iterator[SSHHome]:
    """A temp HOME and an ``ssh`` wrapper on PATH that trust ``sshd``'s host key and nothing else."""
    home = tmp_path / "home"
    dot = home / ".ssh"
    dot.mkdir(parents=True, mode=0o700)
    known = dot / "known_hosts"
    known.write_text(sshd.known_hosts_line())
    # paramiko's look_for_keys finds this one (not authorized), like a user's default key.
    shutil.copy(sshd.other_key, dot / "id_ed25519")
    os.chmod(dot / "id_ed25519", 0o600)
    config = dot / "config"
    config.write_text(
        f"""\
UserKnownHostsFile {known}
GlobalKnownHostsFile /dev/null
IdentityFile {sshd.other_key}
IdentityAgent none
ControlPath none
"""
    )
    real_ssh = shutil.which("ssh")
    if real_ssh is None:
        pytest.skip("ssh client not installed (scripts/ensure-system-deps.sh installs it)")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "ssh"
    wrapper.write_text(f'#!/bin/sh\nexec {real_ssh} -F {config} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.delenv("PYZMQ_PARAMIKO_HOST_KEY_POLICY", raising=False)
    yield SSHHome(home=home, known_hosts=known, config=config)


@pytest.fixture(scope="module")
def password_sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SSHServer, str]]:
    """sshd that also accepts passwords, for a throwaway local user with a known password (root)."""
    if os.geteuid() != 0:
        pytest.skip("password authentication tests create a local user: they need root")
    if shutil.which("useradd") is None or shutil.which("chpasswd") is None:
        pytest.skip("useradd/chpasswd not available")
    user = f"zmqssh{secrets.token_hex(3)}"
    password = f"pw-{secrets.token_hex(8)}"
    subprocess.run(
        ["useradd", "-M", "-d", "/", "-s", "/bin/sh", user],
        check=True,
        capture_output=True,
        timeout=20,
    )
    try:
        subprocess.run(
            ["chpasswd"],
            input=f"{user}:{password}\n".encode(),
            check=True,
            capture_output=True,
            timeout=20,
        )
        server = start_sshd(
            tmp_path_factory.mktemp("sshd-pw"),
            user,
            passwords=True,
            extra_config=f"AllowUsers {user}\n",
        )
        try:
            yield server, password
        finally:
            stop_sshd(server)
    finally:
        subprocess.run(["userdel", "-f", user], capture_output=True, timeout=20)
