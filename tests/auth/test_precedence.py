"""Which configuration decides a ZAP request: the most specific one, per mechanism.

The rules (written down in docs/howto/security.md):

1. A request for domain D and mechanism M is decided by D's configuration for M if D has one,
   else by the ``'*'`` configuration for M, else it is denied. A domain configured for M never falls
   back to ``'*'`` for M, whatever ``'*'`` says (even "any key" or a callback accepting all).
2. Domains are independent per mechanism: a CURVE configuration of D does not hide the ``'*'`` PLAIN
   passwords from PLAIN requests on D, and the other way round.
3. Within one domain, CURVE has one source: the last of ``configure_curve(D, dir)``,
   ``configure_curve(D, CURVE_ALLOW_ANY)`` and ``configure_curve_callback(D, provider)`` replaces the
   others.
4. NULL and GSSAPI have nothing to configure: they are accepted (after the IP allow/deny lists),
   whatever PLAIN and CURVE configurations exist.

The full matrix runs through the authenticator's request handling (a REQ socket on the ZAP endpoint);
the cases that matter most run over real CURVE/PLAIN connections with every kind of authenticator.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest

import zmq
import zmq.auth
from zmq.auth import Authenticator
from zmq.auth.base import ZAP_ENDPOINT
from zmq.utils import z85

TIMEOUT_MS = 5000
DOMAINS = ["admin", "other", ""]  # configured specifically, not configured, no zap_domain


class Keys:
    """Key pairs: one per possible source of trust, and a stranger's."""

    def __init__(self) -> None:
        self.admin = zmq.curve_keypair()  # trusted by the 'admin' configuration
        self.wild = zmq.curve_keypair()  # trusted by the '*' configuration
        self.stranger = zmq.curve_keypair()  # trusted by nobody (but "any" accepts it)

    def named(self) -> dict[str, tuple[bytes, bytes]]:
        return {"admin": self.admin, "wild": self.wild, "stranger": self.stranger}


class KeySet:
    """A credentials provider that accepts a fixed set of Z85 keys."""

    def __init__(self, *keys: bytes) -> None:
        self.keys = set(keys)

    def callback(self, domain: str, key: bytes) -> bool:
        return key in self.keys


class AcceptAll:
    def callback(self, domain: str, key: bytes) -> bool:
        return True


def cert_dir(path: Path, public: bytes) -> Path:
    """A certificate directory trusting one public key."""
    path.mkdir()
    (path / "peer.key").write_text(f'curve\n    public-key = "{public.decode()}"\n')
    return path


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys()


class Zap:
    """A started base Authenticator, driven by hand through a REQ socket on its ZAP endpoint."""

    def __init__(self, context: zmq.Context[Any]) -> None:
        self.auth = Authenticator(context)
        self.auth.start()
        self.req = context.socket(zmq.REQ)
        self.req.linger = 0
        self.req.connect(ZAP_ENDPOINT)

    def status(self, mechanism: bytes, *credentials: bytes, domain: str = "") -> bytes:
        self.req.send_multipart(
            [b"1.0", b"1", domain.encode(), b"127.0.0.1", b"", mechanism, *credentials]
        )
        zap = self.auth.zap_socket
        assert zap is not None and zap.poll(TIMEOUT_MS)
        asyncio.run(self.auth.handle_zap_message(zap.recv_multipart()))
        assert self.req.poll(TIMEOUT_MS), "no ZAP reply"
        reply = self.req.recv_multipart()
        assert len(reply) == 6 and reply[:2] == [b"1.0", b"1"], reply
        return reply[2]

    def curve(self, public: bytes, domain: str) -> bytes:
        return self.status(b"CURVE", z85.decode(public), domain=domain)

    def close(self) -> None:
        self.req.close(linger=0)
        self.auth.stop()


@pytest.fixture
def zap(context: zmq.Context[Any]) -> Iterator[Zap]:
    z = Zap(context)
    yield z
    z.close()


# --- CURVE: every combination of the '*' and 'admin' configurations

SOURCES = [None, "dir", "any", "callback"]


def configure(
    auth: Authenticator, domain: str, source: Optional[str], trusted: bytes, tmp: Path
) -> None:
    if source == "dir":
        auth.configure_curve(domain, cert_dir(tmp / f"certs-{domain}", trusted))
    elif source == "any":
        auth.configure_curve(domain, zmq.auth.CURVE_ALLOW_ANY)
    elif source == "callback":
        auth.configure_curve_callback(domain, KeySet(trusted))


def expected(source: Optional[str], trusted: bytes, key: bytes) -> bytes:
    if source is None:
        return b"400"
    if source == "any":
        return b"200"
    return b"200" if key == trusted else b"400"


@pytest.mark.parametrize("wild_first", [True, False], ids=["wild-first", "admin-first"])
@pytest.mark.parametrize("admin_source", SOURCES, ids=lambda s: f"admin-{s}")
@pytest.mark.parametrize("wild_source", SOURCES, ids=lambda s: f"wild-{s}")
def test_curve_matrix(
    zap: Zap,
    keys: Keys,
    tmp_path: Path,
    wild_source: Optional[str],
    admin_source: Optional[str],
    wild_first: bool,
) -> None:
    steps = [("*", wild_source, keys.wild[0]), ("admin", admin_source, keys.admin[0])]
    for domain, source, trusted in steps if wild_first else steps[::-1]:
        configure(zap.auth, domain, source, trusted, tmp_path)
    for domain, (name, (public, _)) in itertools.product(DOMAINS, keys.named().items()):
        if domain == "admin" and admin_source is not None:
            want = expected(admin_source, keys.admin[0], public)
        else:
            want = expected(wild_source, keys.wild[0], public)
        got = zap.curve(public, domain)
        assert got == want, f"{name}'s key on domain {domain!r}: {got!r}, expected {want!r}"


@pytest.mark.parametrize(
    "calls, accepted",
    [
        pytest.param(["dir", "callback"], {"wild"}, id="dir-then-callback"),
        pytest.param(["callback", "dir"], {"admin"}, id="callback-then-dir"),
        pytest.param(["any", "dir"], {"admin"}, id="any-then-dir"),
        pytest.param(["dir", "any"], {"admin", "wild", "stranger"}, id="dir-then-any"),
        pytest.param(["any", "callback"], {"wild"}, id="any-then-callback"),
        pytest.param(["callback", "any"], {"admin", "wild", "stranger"}, id="callback-then-any"),
    ],
)
@pytest.mark.parametrize("domain", ["admin", "*"])
def test_curve_last_configuration_of_a_domain_wins(
    zap: Zap, keys: Keys, tmp_path: Path, domain: str, calls: list[str], accepted: set[str]
) -> None:
    """The directory trusts the admin key, the callback the wild key."""
    for source in calls:
        trusted = keys.admin[0] if source == "dir" else keys.wild[0]
        (tmp_path / source).mkdir()
        configure(zap.auth, domain, source, trusted, tmp_path / source)
    for name, (public, _) in keys.named().items():
        want = b"200" if name in accepted else b"400"
        assert zap.curve(public, "admin") == want, name


def test_allow_any_attribute_is_the_wildcard(zap: Zap, keys: Keys, tmp_path: Path) -> None:
    """pyzmq's ``allow_any`` flag: True accepts any key, but only where no domain says otherwise."""
    zap.auth.configure_curve("admin", cert_dir(tmp_path / "admin", keys.admin[0]))
    assert zap.auth.allow_any is False
    zap.auth.allow_any = True
    assert zap.auth.allow_any is True
    assert zap.curve(keys.stranger[0], "other") == b"200"
    assert zap.curve(keys.stranger[0], "admin") == b"400"
    zap.auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    assert zap.auth.allow_any is True
    zap.auth.allow_any = False
    assert zap.curve(keys.stranger[0], "other") == b"400"


# --- PLAIN, and the independence of mechanisms


PLAIN_SOURCES = [None, "passwords"]


@pytest.mark.parametrize("admin_curve", [False, True], ids=["", "admin-curve"])
@pytest.mark.parametrize("admin_source", PLAIN_SOURCES, ids=lambda s: f"admin-{s}")
@pytest.mark.parametrize("wild_source", PLAIN_SOURCES, ids=lambda s: f"wild-{s}")
def test_plain_matrix(
    zap: Zap,
    keys: Keys,
    tmp_path: Path,
    wild_source: Optional[str],
    admin_source: Optional[str],
    admin_curve: bool,
) -> None:
    if wild_source:
        zap.auth.configure_plain("*", {"user": "wild-pw"})
    if admin_source:
        zap.auth.configure_plain("admin", {"user": "admin-pw"})
    if admin_curve:  # a CURVE configuration of 'admin' does not concern PLAIN
        zap.auth.configure_curve("admin", cert_dir(tmp_path / "admin", keys.admin[0]))
    for domain, password in itertools.product(DOMAINS, ["admin-pw", "wild-pw", "wrong"]):
        if domain == "admin" and admin_source:
            want = b"200" if password == "admin-pw" else b"400"
        elif wild_source:
            want = b"200" if password == "wild-pw" else b"400"
        else:
            want = b"400"
        got = zap.status(b"PLAIN", b"user", password.encode(), domain=domain)
        assert got == want, f"{password!r} on domain {domain!r}: {got!r}"


@pytest.mark.parametrize("plain_admin", [False, True])
def test_curve_ignores_plain_configuration(zap: Zap, keys: Keys, plain_admin: bool) -> None:
    """A PLAIN configuration of 'admin' does not hide the '*' CURVE policy from 'admin'."""
    zap.auth.configure_curve_callback("*", KeySet(keys.wild[0]))
    if plain_admin:
        zap.auth.configure_plain("admin", {"user": "pw"})
    assert zap.curve(keys.wild[0], "admin") == b"200"
    assert zap.curve(keys.stranger[0], "admin") == b"400"


@pytest.mark.parametrize("domain", DOMAINS)
def test_null_and_gssapi_whatever_is_configured(
    zap: Zap, keys: Keys, tmp_path: Path, domain: str
) -> None:
    zap.auth.configure_plain("*", {"user": "pw"})
    zap.auth.configure_plain("admin", {"user": "pw"})
    zap.auth.configure_curve("admin", cert_dir(tmp_path / "admin", keys.admin[0]))
    zap.auth.configure_curve_callback("*", KeySet())
    assert zap.status(b"NULL", domain=domain) == b"200"
    assert zap.status(b"GSSAPI", b"alice@EXAMPLE.ORG", domain=domain) == b"200"
    zap.auth.deny("127.0.0.1")  # the address lists still come first
    assert zap.status(b"NULL", domain=domain) == b"400"
    assert zap.status(b"GSSAPI", b"alice@EXAMPLE.ORG", domain=domain) == b"400"


# --- the same rules over real connections, with every kind of authenticator


def curve_client(peers: Any, pair: tuple[bytes, bytes], domain: bytes) -> None:
    peers.curve(pair)
    if domain:  # libzmq refuses to set an empty zap_domain (EINVAL); empty is the default
        peers.server.zap_domain = domain


@pytest.mark.parametrize(
    "who, domain, allowed",
    [
        ("stranger", b"admin", False),  # was: ACCEPTED by the '*' callback
        ("admin", b"admin", True),
        ("stranger", b"other", True),
        ("stranger", b"", True),
    ],
)
def test_wildcard_callback_does_not_override_domain_certificates(
    runner: Any, peers: Any, keys: Keys, tmp_path: Path, who: str, domain: bytes, allowed: bool
) -> None:
    """The issue's reproducer: configure_curve('admin', dir) + configure_curve_callback('*', all)."""
    auth = runner.authenticator()
    auth.configure_curve("admin", cert_dir(tmp_path / "admin", keys.admin[0]))
    auth.configure_curve_callback("*", AcceptAll())
    runner.start(auth)
    curve_client(peers, keys.named()[who], domain)
    if allowed:
        peers.expect_allowed()
    else:
        peers.expect_denied()


@pytest.mark.parametrize("admin_source", ["dir", "callback"])
def test_wildcard_any_does_not_override_domain(
    runner: Any, peers: Any, keys: Keys, tmp_path: Path, admin_source: str
) -> None:
    """configure_curve('*', CURVE_ALLOW_ANY) after 'admin' is configured: pyzmq let everyone in."""
    auth = runner.authenticator()
    configure(auth, "admin", admin_source, keys.admin[0], tmp_path)
    auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    curve_client(peers, keys.stranger, b"admin")
    peers.expect_denied()


def test_wildcard_any_still_serves_other_domains(
    runner: Any, peers: Any, keys: Keys, tmp_path: Path
) -> None:
    auth = runner.authenticator()
    auth.configure_curve("admin", cert_dir(tmp_path / "admin", keys.admin[0]))
    auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    curve_client(peers, keys.stranger, b"other")
    frame = peers.expect_allowed()
    assert frame.get("User-Id") == keys.stranger[0].decode()


def test_plain_domain_passwords_over_wildcard(runner: Any, peers: Any) -> None:
    auth = runner.authenticator()
    auth.configure_plain("admin", {"user": "admin-pw"})
    auth.configure_plain("*", {"user": "wild-pw"})
    runner.start(auth)
    peers.plain("user", "wild-pw")
    peers.server.zap_domain = b"admin"
    peers.expect_denied()
