"""The classic ZeroMQ security patterns, over real loopback TCP with real CURVE.

Each test runs with the thread authenticator and the asyncio authenticator (default loop, uvloop):
allowed peers exchange a message; denied peers get nothing through and the server's monitor reports
EVENT_HANDSHAKE_FAILED_AUTH with the ZAP status code.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

import zmq
import zmq.auth
from zmq.utils import z85

# --- NULL with IP allow/deny ("strawhouse"); libzmq asks ZAP about NULL only with a zap_domain


def test_null_allowed_address(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.allow("127.0.0.1")
    runner.start(auth)
    peers.server.zap_domain = b"global"
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == frame["User-Id"] == "anonymous"


def test_null_address_not_in_allow_list(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.allow("192.0.2.1")
    runner.start(auth)
    peers.server.zap_domain = b"global"
    peers.expect_denied()


def test_null_denied_address(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.deny("127.0.0.1")
    runner.start(auth)
    peers.server.zap_domain = b"global"
    peers.expect_denied()


def test_null_without_policy_is_allowed(runner: Any, peers: Any) -> None:
    runner.start(runner.authenticator())
    peers.server.zap_domain = b"global"
    peers.expect_allowed()


# --- PLAIN user/password ("woodhouse")


def test_plain_correct_password(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.allow("127.0.0.1")
    auth.configure_plain("*", {"admin": "secret"})
    runner.start(auth)
    peers.plain("admin", "secret")
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == "admin"


@pytest.mark.parametrize(("username", "password"), [("admin", "wrong"), ("nobody", "secret")])
def test_plain_bad_credentials(runner: Any, peers: Any, username: str, password: str) -> None:
    auth = runner.authenticator()
    auth.configure_plain("*", {"admin": "secret"})
    runner.start(auth)
    peers.plain(username, password)
    peers.expect_denied()


def test_plain_without_passwords_is_denied(runner: Any, peers: Any) -> None:
    runner.start(runner.authenticator())
    peers.plain("admin", "secret")
    peers.expect_denied()


@pytest.mark.parametrize("domain, allowed", [(b"global", True), (b"other", False)])
def test_plain_passwords_are_per_domain(
    runner: Any, peers: Any, domain: bytes, allowed: bool
) -> None:
    auth = runner.authenticator()
    auth.configure_plain("global", {"admin": "secret"})
    runner.start(auth)
    peers.plain("admin", "secret")
    peers.server.zap_domain = domain
    if allowed:
        peers.expect_allowed()
    else:
        peers.expect_denied()


# --- CURVE, any client key ("stonehouse")


def test_curve_allow_any(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.allow("127.0.0.1")
    auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    client_public, _ = peers.curve()
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == client_public.decode()  # default: Z85 of the client key


def test_curve_allow_any_denied_address(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.deny("127.0.0.1")
    auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    peers.curve()
    peers.expect_denied()


def test_curve_without_policy_is_denied(runner: Any, peers: Any) -> None:
    runner.start(runner.authenticator())
    peers.curve()
    peers.expect_denied()


# --- CURVE with a certificate directory ("ironhouse")


@pytest.fixture
def cert_dirs(tmp_path: Path) -> tuple[Path, Path]:
    """(public_dir, secret_dir) holding an allowed client's certificate."""
    public_dir, secret_dir = tmp_path / "public_keys", tmp_path / "private_keys"
    public_dir.mkdir()
    secret_dir.mkdir()
    pub, sec = zmq.auth.create_certificates(tmp_path, "client")
    os.replace(pub, public_dir / "client.key")
    os.replace(sec, secret_dir / "client.key_secret")
    return public_dir, secret_dir


def test_curve_known_certificate(runner: Any, peers: Any, cert_dirs: tuple[Path, Path]) -> None:
    public_dir, secret_dir = cert_dirs
    auth = runner.authenticator()
    auth.allow("127.0.0.1")
    auth.configure_curve(domain="*", location=public_dir)
    runner.start(auth)
    client_public, client_secret = zmq.auth.load_certificate(secret_dir / "client.key_secret")
    assert client_secret is not None
    peers.curve((client_public, client_secret))
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == client_public.decode()


def test_curve_unknown_key(runner: Any, peers: Any, cert_dirs: tuple[Path, Path]) -> None:
    public_dir, _ = cert_dirs
    auth = runner.authenticator()
    auth.configure_curve(domain="*", location=public_dir)
    runner.start(auth)
    peers.curve()  # a fresh key, not in the directory
    peers.expect_denied()


def test_curve_reconfigure_after_adding_certificate(
    runner: Any, peers: Any, cert_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    public_dir, _ = cert_dirs
    auth = runner.authenticator()
    auth.configure_curve(domain="*", location=public_dir)
    runner.start(auth)
    newcomer_pub, newcomer_sec = zmq.auth.create_certificates(tmp_path, "newcomer")
    public, secret = zmq.auth.load_certificate(newcomer_sec)
    assert secret is not None
    os.replace(newcomer_pub, public_dir / "newcomer.key")
    assert public not in auth.certs["*"]  # the directory is read by configure_curve only
    runner.call(lambda: auth.configure_curve(domain="*", location=public_dir))
    peers.curve((public, secret))
    peers.expect_allowed()


# --- User-Id from curve_user_id


class NamedUsers:
    """Maps client keys to names (a mixin over the runner's authenticator class)."""

    names: dict[bytes, str]  # set per instance by the test

    def curve_user_id(self, client_public_key: bytes) -> str:
        return self.names[z85.encode(client_public_key)]


def test_curve_user_id_override(runner: Any, peers: Any) -> None:
    client_public, client_secret = zmq.curve_keypair()
    auth = runner.authenticator(NamedUsers)
    auth.names = {client_public: "alice"}
    auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    peers.curve((client_public, client_secret))
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == "alice"


def test_curve_user_id_failure_is_internal_error(runner: Any, peers: Any) -> None:
    auth = runner.authenticator(NamedUsers)
    auth.names = {}  # lookup fails: the authenticator answers 500, it does not die
    auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    peers.curve()
    peers.expect_denied(status=500)


# --- CURVE decided by a credentials provider


class SyncProvider:
    def __init__(self, allowed: set[bytes]) -> None:
        self.allowed = allowed
        self.calls: list[tuple[str, bytes]] = []

    def callback(self, domain: str, key: bytes) -> bool:
        self.calls.append((domain, key))
        return key in self.allowed


class AsyncProvider(SyncProvider):
    async def callback(self, domain: str, key: bytes) -> bool:  # type: ignore[override]
        await asyncio.sleep(0.01)  # e.g. a database lookup
        return super().callback(domain, key)


class FailingProvider:
    def callback(self, domain: str, key: bytes) -> bool:
        raise RuntimeError("credentials store unavailable")


@pytest.mark.parametrize("provider_class", [SyncProvider, AsyncProvider])
def test_curve_callback_allows(runner: Any, peers: Any, provider_class: type) -> None:
    client_public, client_secret = zmq.curve_keypair()
    provider = provider_class({client_public})
    auth = runner.authenticator()
    auth.configure_curve_callback("*", credentials_provider=provider)
    runner.start(auth)
    peers.curve((client_public, client_secret))
    peers.server.zap_domain = b"global"
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == client_public.decode()
    assert provider.calls[0] == ("global", client_public)


@pytest.mark.parametrize("provider_class", [SyncProvider, AsyncProvider])
def test_curve_callback_denies(runner: Any, peers: Any, provider_class: type) -> None:
    provider = provider_class(set())
    auth = runner.authenticator()
    auth.configure_curve_callback("*", credentials_provider=provider)
    runner.start(auth)
    client_public, _ = peers.curve()
    peers.expect_denied()
    assert provider.calls and provider.calls[0] == ("", client_public)


def test_curve_callback_error_is_internal_error(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.configure_curve_callback("*", credentials_provider=FailingProvider())
    runner.start(auth)
    peers.curve()
    peers.expect_denied(status=500)


def test_authenticator_keeps_serving_after_denial(runner: Any, sockets: Any) -> None:
    """One denied client does not stop the authenticator from answering the next request."""
    from zmq.utils.monitor import recv_monitor_message

    auth = runner.authenticator()
    auth.configure_plain("*", {"admin": "secret"})
    runner.start(auth)
    server = sockets(zmq.PULL)
    server.linger = 0
    server.plain_server = True
    mon = server.get_monitor_socket()
    try:
        server.bind("tcp://127.0.0.1:0")
        outcomes = []
        for password in ("wrong", "secret"):
            client = sockets(zmq.PUSH)
            client.linger = 0
            client.plain_username = b"admin"
            client.plain_password = password.encode()
            client.connect(server.last_endpoint.decode())
            while True:
                assert mon.poll(10_000), "no handshake event"
                event = recv_monitor_message(mon)
                if event["event"] in (
                    zmq.EVENT_HANDSHAKE_SUCCEEDED,
                    zmq.EVENT_HANDSHAKE_FAILED_AUTH,
                ):
                    outcomes.append(event["event"])
                    break
            if password == "wrong":
                client.close(linger=0)  # stop its reconnect attempts
        assert outcomes == [zmq.EVENT_HANDSHAKE_FAILED_AUTH, zmq.EVENT_HANDSHAKE_SUCCEEDED]
    finally:
        server.disable_monitor()
        mon.close(linger=0)
