"""The ZAP protocol (RFC 27) as the base Authenticator speaks it, driven by hand.

A REQ socket plays libzmq's part on the ZAP endpoint, and the test calls ``handle_zap_message``
itself, as the base class's documentation describes; so malformed requests (which libzmq never sends)
and exact reply frames can be checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

import zmq
from zmq.auth import Authenticator
from zmq.auth.base import ZAP_ENDPOINT

TIMEOUT_MS = 5000


class Zap:
    """A started base Authenticator and a REQ socket connected to its ZAP endpoint."""

    def __init__(self, context: zmq.Context[Any]) -> None:
        self.auth = Authenticator(context)
        self.auth.start()
        self.req = context.socket(zmq.REQ)
        self.req.linger = 0
        self.req.connect(ZAP_ENDPOINT)

    def ask(self, frames: list[bytes]) -> list[bytes]:
        """Send a request, let the authenticator answer it, return the reply frames."""
        self.req.send_multipart(frames)
        zap = self.auth.zap_socket
        assert zap is not None
        assert zap.poll(TIMEOUT_MS), "request did not reach the ZAP socket"
        asyncio.run(self.auth.handle_zap_message(zap.recv_multipart()))
        assert self.req.poll(TIMEOUT_MS), "no ZAP reply"
        return self.req.recv_multipart()

    def close(self) -> None:
        self.req.close(linger=0)
        self.auth.stop()


@pytest.fixture
def zap(context: zmq.Context[Any]) -> Iterator[Zap]:
    z = Zap(context)
    yield z
    z.close()


def request(mechanism: bytes, *credentials: bytes, domain: bytes = b"") -> list[bytes]:
    return [b"1.0", b"req-7", domain, b"127.0.0.1", b"", mechanism, *credentials]


def test_null_reply_frames(zap: Zap) -> None:
    assert zap.ask(request(b"NULL")) == [b"1.0", b"req-7", b"200", b"OK", b"anonymous", b""]


def test_plain_reply_carries_user_id(zap: Zap) -> None:
    zap.auth.configure_plain("*", {"admin": "secret"})
    reply = zap.ask(request(b"PLAIN", b"admin", b"secret", domain=b"any-domain"))
    assert reply[2:5] == [b"200", b"OK", b"admin"]


def test_plain_passwords_dict_is_live(zap: Zap) -> None:
    passwords = {"admin": "secret"}
    zap.auth.configure_plain("*", passwords)
    passwords["admin"] = "changed"
    assert zap.ask(request(b"PLAIN", b"admin", b"secret"))[2] == b"400"
    assert zap.ask(request(b"PLAIN", b"admin", b"changed"))[2] == b"200"


def test_domain_configuration_wins_over_wildcard(zap: Zap) -> None:
    zap.auth.configure_plain("*", {"admin": "everywhere"})
    zap.auth.configure_plain("special", {"admin": "here"})
    assert zap.ask(request(b"PLAIN", b"admin", b"here", domain=b"special"))[2] == b"200"
    assert zap.ask(request(b"PLAIN", b"admin", b"everywhere", domain=b"special"))[2] == b"400"
    assert zap.ask(request(b"PLAIN", b"admin", b"everywhere", domain=b"other"))[2] == b"200"


def test_curve_user_id_is_z85_of_key(zap: Zap) -> None:
    public, _ = zmq.curve_keypair()
    zap.auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    raw = zmq.utils.z85.decode(public)
    assert zap.ask(request(b"CURVE", raw))[2:5] == [b"200", b"OK", public]


def test_allow_any_comes_before_providers(zap: Zap) -> None:
    class Nobody:
        def callback(self, domain: str, key: bytes) -> bool:
            return False

    raw = zmq.utils.z85.decode(zmq.curve_keypair()[0])
    zap.auth.configure_curve_callback("*", Nobody())
    assert zap.ask(request(b"CURVE", raw))[2] == b"400"
    zap.auth.configure_curve("*", zmq.auth.CURVE_ALLOW_ANY)
    assert zap.ask(request(b"CURVE", raw))[2] == b"200"


def test_gssapi_principal_is_user_id(zap: Zap) -> None:
    zap.auth.configure_gssapi()
    assert zap.ask(request(b"GSSAPI", b"alice@EXAMPLE.ORG"))[2:5] == [
        b"200",
        b"OK",
        b"alice@EXAMPLE.ORG",
    ]


@pytest.mark.parametrize(
    "frames",
    [
        pytest.param([b"2.0", b"req-7", b"", b"127.0.0.1", b"", b"NULL"], id="version"),
        pytest.param([b"1.0", b"req-7", b""], id="too-few-frames"),
        pytest.param(request(b"KERBEROS"), id="unknown-mechanism"),
        pytest.param(request(b"PLAIN", b"admin"), id="plain-missing-password"),
        pytest.param(request(b"CURVE", b"short key"), id="curve-key-length"),
        pytest.param([b"1.0", b"req-7", b"\xff", b"127.0.0.1", b"", b"NULL"], id="domain-encoding"),
    ],
)
def test_malformed_requests_get_400(zap: Zap, frames: list[bytes]) -> None:
    reply = zap.ask(frames)
    assert reply[:3] == [b"1.0", b"req-7", b"400"]
    assert len(reply) == 6
    # and the REP socket is ready for the next request
    assert zap.ask(request(b"NULL"))[2] == b"200"


def test_allow_and_deny_are_exclusive(context: zmq.Context[Any]) -> None:
    auth = Authenticator(context)
    auth.allow("127.0.0.1")
    with pytest.raises(ValueError, match="allow or deny"):
        auth.deny("10.0.0.1")
    auth = Authenticator(context)
    auth.deny("10.0.0.1")
    with pytest.raises(ValueError, match="allow or deny"):
        auth.allow("127.0.0.1")


def test_curve_callback_needs_a_provider(context: zmq.Context[Any]) -> None:
    with pytest.raises(TypeError, match="callback"):
        Authenticator(context).configure_curve_callback("*", None)


def test_start_twice_and_stop_twice(context: zmq.Context[Any]) -> None:
    auth = Authenticator(context)
    auth.start()
    try:
        with pytest.raises(RuntimeError, match="already started"):
            auth.start()
    finally:
        auth.stop()
    auth.stop()
    assert auth.zap_socket is None


def test_restart_rebinds_at_once(context: zmq.Context[Any]) -> None:
    """stop() releases the ZAP endpoint immediately, not when libzmq reaps the socket."""
    auth = Authenticator(context)
    for _ in range(5):
        auth.start()
        auth.stop()
    other = Authenticator(context)
    other.start()
    other.stop()


def test_one_handler_per_context(context: zmq.Context[Any]) -> None:
    first, second = Authenticator(context), Authenticator(context)
    first.start()
    try:
        with pytest.raises(zmq.ZMQError, match="already running"):
            second.start()
        assert second.zap_socket is None
    finally:
        first.stop()


def test_defaults(context: zmq.Context[Any]) -> None:
    auth = Authenticator()
    assert auth.context is zmq.Context.instance()
    assert auth.encoding == "utf-8"
    assert auth.log.name == "zmq.auth"
    assert (auth.allow_any, auth.certs, auth.passwords, auth.credentials_providers) == (
        False,
        {},
        {},
        {},
    )
