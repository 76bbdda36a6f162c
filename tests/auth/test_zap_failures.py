"""A running authenticator answers every request, however malformed or however it fails inside.

If the authenticator stopped, its ZAP socket would close and libzmq would let CURVE and NULL peers in
unchecked. So every failure while handling a request must become a ZAP reply (400 for a malformed
request, 500 for an internal error), be logged, and leave the thread or task serving. Requests are
sent by hand on the ZAP endpoint (a REQ socket, as libzmq's own ZAP client is) while the runner
serves them, then real connections show that the policy still holds.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

import zmq
import zmq.auth
from zmq.auth.base import ZAP_ENDPOINT
from zmq.utils import z85

TIMEOUT_MS = 5000


def ask(context: zmq.Context[Any], frames: list[bytes]) -> list[bytes]:
    """Send one ZAP request to the running authenticator; its reply (bounded wait)."""
    req = context.socket(zmq.REQ)
    req.linger = 0
    try:
        req.connect(ZAP_ENDPOINT)
        req.send_multipart(frames)
        assert req.poll(TIMEOUT_MS), f"no ZAP reply to {frames!r}: the authenticator stopped"
        return req.recv_multipart()
    finally:
        req.close(linger=0)


def request(mechanism: bytes, *credentials: bytes, domain: bytes = b"") -> list[bytes]:
    return [b"1.0", b"42", domain, b"127.0.0.1", b"", mechanism, *credentials]


def trusted_dir(path: Path) -> tuple[Path, tuple[bytes, bytes]]:
    """A certificate directory trusting one new key pair, and that pair."""
    path.mkdir()
    public, secret = zmq.curve_keypair()
    (path / "known.key").write_text(f'curve\n    public-key = "{public.decode()}"\n')
    return path, (public, secret)


def assert_policy_holds(peers_factory: Any, known: tuple[bytes, bytes]) -> None:
    """Over real CURVE: a stranger is denied, the trusted key is allowed."""
    stranger = peers_factory()
    stranger.curve()
    stranger.expect_denied()
    friend = peers_factory()
    friend.curve(known)
    friend.expect_allowed()


@pytest.fixture
def new_peers(sockets: Any) -> Any:
    from .conftest import Peers

    return lambda: Peers(sockets)


def test_undecodable_gssapi_principal(
    runner: Any, context: zmq.Context[Any], tmp_path: Path, new_peers: Any
) -> None:
    """The issue's reproducer: encoding='ascii', GSSAPI principal b'\\xff' killed the handler."""
    auth = runner.authenticator(encoding="ascii")
    certs, known = trusted_dir(tmp_path / "certs")
    auth.configure_curve("*", certs)
    runner.start(auth)
    reply = ask(context, request(b"GSSAPI", b"\xff"))
    assert reply[:3] == [b"1.0", b"42", b"400"] and len(reply) == 6, reply
    assert runner.serving(auth)
    assert_policy_holds(new_peers, known)


MALFORMED = [
    pytest.param([b"1.0", b"42"], id="two-frames"),
    pytest.param([b"1.0", b"42", b"", b"127.0.0.1", b""], id="five-frames"),
    pytest.param([b"2.0", b"42", b"", b"127.0.0.1", b"", b"NULL"], id="version"),
    pytest.param([b"\xff", b"42", b"", b"127.0.0.1", b"", b"NULL"], id="version-bytes"),
    pytest.param(request(b"NULL", domain=b"\xff\xfe"), id="domain-not-text"),
    pytest.param([b"1.0", b"42", b"", b"\xff", b"", b"NULL"], id="address-not-text"),
    pytest.param(request(b"\xffNULL"), id="mechanism-not-text"),
    pytest.param(request(b"NULL", b"unexpected"), id="null-with-credentials"),
    pytest.param(request(b"PLAIN", b"user"), id="plain-one-credential"),
    pytest.param(request(b"PLAIN", b"user", b"pw", b"extra"), id="plain-three-credentials"),
    pytest.param(request(b"PLAIN", b"\xff\xfe", b"pw"), id="plain-username-not-text"),
    pytest.param(request(b"CURVE", b"k" * 31), id="curve-key-31"),
    pytest.param(request(b"CURVE", b"k" * 32, b"k" * 32), id="curve-two-keys"),
    pytest.param(request(b"GSSAPI"), id="gssapi-no-principal"),
    pytest.param(request(b"GSSAPI", b"\xff"), id="gssapi-principal-not-text"),
    pytest.param(request(b"NULL") + [b"x"] * 100, id="many-frames"),
]


@pytest.mark.parametrize("frames", MALFORMED)
def test_malformed_request_gets_400(
    runner: Any, context: zmq.Context[Any], frames: list[bytes]
) -> None:
    auth = runner.authenticator(encoding="ascii")
    auth.configure_plain("*", {"user": "pw"})
    auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    runner.start(auth)
    reply = ask(context, frames)
    assert len(reply) == 6 and reply[0] == b"1.0" and reply[2] == b"400", reply
    assert reply[4] == b""  # no User-Id for a denied peer
    if len(frames) > 1:
        assert reply[1] == frames[1]
    assert runner.serving(auth)
    assert ask(context, request(b"NULL"))[2] == b"200"


class BadUserIds:
    """curve_user_id that fails in the ways an override can (a mixin over the runner's class)."""

    user_ids: dict[bytes, Any]  # set per instance

    def curve_user_id(self, client_public_key: bytes) -> Any:
        return self.user_ids[z85.encode(client_public_key)]  # KeyError for unknown keys


def test_internal_errors_get_500_and_are_logged(
    runner: Any, context: zmq.Context[Any], caplog: pytest.LogCaptureFixture
) -> None:
    unencodable, not_text, missing = (zmq.curve_keypair()[0] for _ in range(3))
    auth = runner.authenticator(BadUserIds, encoding="ascii")
    auth.user_ids = {unencodable: "Jos\u00e9", not_text: 1234}
    auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    auth.configure_plain("*", {"user": "p\u00e4ss"})  # cannot be compared in ascii
    runner.start(auth)
    caplog.set_level(logging.ERROR, logger="zmq.auth")
    for public in (unencodable, not_text, missing):
        reply = ask(context, request(b"CURVE", z85.decode(public)))
        assert reply[:3] == [b"1.0", b"42", b"500"] and reply[4] == b"", reply
    reply = ask(context, request(b"PLAIN", b"user", "p\u00e4ss".encode()))
    assert reply[2] == b"500", reply
    assert runner.serving(auth)
    errors = [r for r in caplog.records if r.name == "zmq.auth" and r.levelno >= logging.ERROR]
    assert len(errors) == 4, [r.getMessage() for r in errors]
    assert all(r.exc_info for r in errors)  # with the traceback


def test_stranger_still_denied_after_internal_error(
    runner: Any, tmp_path: Path, new_peers: Any
) -> None:
    """Was: the failed request killed the handler, and the next connections went unchecked."""
    certs, known = trusted_dir(tmp_path / "certs")
    auth = runner.authenticator(BadUserIds, encoding="ascii")
    auth.user_ids = {known[0]: "Jos\u00e9"}  # the trusted peer's User-Id cannot be encoded
    auth.configure_curve("*", certs)
    runner.start(auth)
    failing = new_peers()
    failing.curve(known)
    failing.expect_denied(status=500)
    stranger = new_peers()
    stranger.curve()
    stranger.expect_denied()
    null = new_peers()
    null.server.zap_domain = b"global"
    auth.deny("127.0.0.1")
    null.expect_denied()
    assert runner.serving(auth)


def test_encoding_is_checked_at_construction(runner: Any) -> None:
    with pytest.raises(LookupError):
        runner.authenticator(encoding="no-such-codec")
