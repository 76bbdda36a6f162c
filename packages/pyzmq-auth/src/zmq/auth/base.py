"""The ZAP authenticator: security policy and the ZAP protocol (ZeroMQ RFC 27).

libzmq asks a ZAP handler, bound at ``inproc://zeromq.zap.01`` in the same context, whether each
incoming connection may proceed. Everything that decides the answer lives here; the subclasses in
``zmq.auth.thread`` and ``zmq.auth.asyncio`` only decide where requests are received, so a policy
behaves the same whichever runner serves it.
"""

from __future__ import annotations

import hmac
import inspect
import logging
import os
from typing import Any, Optional, TypeVar, Union

import zmq
from zmq.utils import z85

from .certs import load_certificates

__all__ = ["CURVE_ALLOW_ANY", "VERSION", "ZAP_ENDPOINT", "Authenticator"]

#: The endpoint libzmq sends ZAP requests to (RFC 27); one handler per context.
ZAP_ENDPOINT = "inproc://zeromq.zap.01"
#: The ZAP protocol version this handler speaks.
VERSION = b"1.0"
#: ``configure_curve(location=CURVE_ALLOW_ANY)``: accept any CURVE client key.
CURVE_ALLOW_ANY = "*"

_T = TypeVar("_T")


class _Verdict:
    """The outcome of one request: ZAP status code and text, and the User-Id the peer gets."""

    __slots__ = ("status", "text", "user_id")

    def __init__(self, status: bytes, text: str, user_id: Union[str, bytes] = "") -> None:
        self.status = status
        self.text = text
        self.user_id = user_id

    @property
    def allowed(self) -> bool:
        return self.status == b"200"


def _deny(reason: str) -> _Verdict:
    return _Verdict(b"400", reason)


class Authenticator:
    """ZAP authentication for the sockets of one context: IP allow/deny, PLAIN, CURVE, GSSAPI.

    This base class binds the ZAP socket but does not read it: call
    ``await auth.handle_zap_message(auth.zap_socket.recv_multipart())`` yourself, or use
    :class:`zmq.auth.thread.ThreadAuthenticator` / :class:`zmq.auth.asyncio.AsyncioAuthenticator`.

    Until a policy is configured, NULL connections are allowed (the classic behaviour) and PLAIN and
    CURVE connections are denied. For NULL, libzmq consults ZAP only when the server socket has a
    ``zap_domain``. A configuration for domain ``"*"`` applies to every domain (and to the empty
    one) that has no configuration of its own. Accepted peers get a User-Id, which the server reads
    as ``frame.get("User-Id")``: ``"anonymous"`` for NULL, the user name for PLAIN,
    :meth:`curve_user_id` for CURVE, the principal for GSSAPI.

    Parameters
    ----------
    context : zmq.Context, optional
        The context whose connections are authenticated (default: ``zmq.Context.instance()``).
    encoding : str
        Encoding of domains, user names, passwords and User-Ids on the wire.
    log : logging.Logger, optional
        Where decisions are logged (default: the ``zmq.auth`` logger).
    """

    context: zmq.Context[Any]
    encoding: str
    log: Any
    allow_any: bool
    certs: dict[str, dict[bytes, Any]]
    passwords: dict[str, dict[str, str]]
    credentials_providers: dict[str, Any]
    zap_socket: Optional[zmq.Socket[Any]]

    def __init__(
        self, context: Optional[zmq.Context[Any]] = None, encoding: str = "utf-8", log: Any = None
    ) -> None:
        self.context = context if context is not None else zmq.Context.instance()
        self.encoding = encoding
        self.log = log if log is not None else logging.getLogger("zmq.auth")
        self.allow_any = False
        self.certs = {}
        self.passwords = {}
        self.credentials_providers = {}
        self.zap_socket = None
        self._allowed: set[str] = set()
        self._denied: set[str] = set()

    # --- lifecycle

    def start(self) -> None:
        """Create the ZAP socket and bind it, so that libzmq sends requests to this handler."""
        self.zap_socket = self._open_zap_socket()

    def stop(self) -> None:
        """Close the ZAP socket; connections then proceed as if no handler were installed."""
        self._close_zap_socket()

    def _new_zap_socket(self) -> zmq.Socket[Any]:
        """The REP socket that receives requests; runners override it to pick the socket class."""
        return self.context.socket(zmq.REP, socket_class=zmq.Socket)

    def _open_zap_socket(self) -> zmq.Socket[Any]:
        if self.zap_socket is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        sock = self._new_zap_socket()
        try:
            sock.bind(ZAP_ENDPOINT)
        except zmq.ZMQError as e:
            sock.close(linger=0)
            if e.errno == zmq.EADDRINUSE:
                raise zmq.ZMQError(
                    e.errno, "another ZAP authenticator is already running on this context"
                ) from e
            raise
        return sock

    def _close_zap_socket(self) -> None:
        sock, self.zap_socket = self.zap_socket, None
        if sock is None:
            return
        try:
            # close() releases the endpoint later, in libzmq's reaper thread; unbinding releases it
            # now, so that start() right after stop() (or another authenticator) can bind it
            sock.unbind(ZAP_ENDPOINT)
        except zmq.ZMQError:
            pass  # e.g. the context is terminating: close() is all that is left to do
        sock.close(linger=0)

    # --- configuration

    def allow(self, *addresses: str) -> None:
        """Allow connections only from these IP addresses (mutually exclusive with deny).

        NULL clients from an allowed address are accepted; PLAIN and CURVE clients still have to
        pass their mechanism's check.
        """
        if self._denied:
            raise ValueError("Only use allow or deny, not both")
        self.log.debug("Allowing %s", ",".join(addresses))
        self._allowed.update(addresses)

    def deny(self, *addresses: str) -> None:
        """Refuse connections from these IP addresses (mutually exclusive with allow).

        Other addresses continue with their mechanism's check.
        """
        if self._allowed:
            raise ValueError("Only use allow or deny, not both")
        self.log.debug("Denying %s", ",".join(addresses))
        self._denied.update(addresses)

    def configure_plain(
        self, domain: str = "*", passwords: Optional[dict[str, str]] = None
    ) -> None:
        """Accept PLAIN clients of domain whose ``{username: password}`` matches.

        The dict is used as given, not copied: changing it later changes who gets in.
        """
        self.passwords[domain] = passwords if passwords is not None else {}
        self.log.debug("Configured PLAIN for domain %r", domain)

    def configure_curve(
        self, domain: str = "*", location: Union[str, os.PathLike[str]] = "."
    ) -> None:
        """Accept CURVE clients of domain whose public key has a certificate in location.

        The directory is read now: call again after adding or removing certificates. With
        ``location=CURVE_ALLOW_ANY`` any client key is accepted (the connection is still encrypted),
        in every domain and before any credentials provider is asked (``allow_any``).
        """
        if location == CURVE_ALLOW_ANY:
            self.allow_any = True
            self.log.debug("Configured CURVE for any client key")
            return
        self.allow_any = False
        self.certs[domain] = load_certificates(location)
        self.log.debug("Configured CURVE for domain %r from %s", domain, os.fspath(location))

    def configure_curve_callback(self, domain: str = "*", credentials_provider: Any = None) -> None:
        """Decide CURVE clients of domain with ``credentials_provider.callback(domain, key)``.

        ``key`` is the client's public key in Z85 (bytes); a true result accepts the client. The
        callback may return an awaitable (e.g. be ``async def``) to look the key up without
        blocking; it is awaited by every authenticator.
        """
        if credentials_provider is None or not callable(
            getattr(credentials_provider, "callback", None)
        ):
            raise TypeError("credentials_provider must have a callback(domain, key) method")
        self.credentials_providers[domain] = credentials_provider
        self.log.debug("Configured CURVE callback for domain %r", domain)

    def configure_gssapi(self, domain: str = "*", location: Optional[str] = None) -> None:
        """Nothing to configure: GSSAPI peers authenticated by Kerberos are accepted."""

    def curve_user_id(self, client_public_key: bytes) -> str:
        """The User-Id of an accepted CURVE client: by default the Z85 text of its public key.

        Override to map keys to names; the server sees the result as ``frame.get('User-Id')``.
        """
        return z85.encode(client_public_key).decode("ascii")

    # --- the ZAP protocol

    async def handle_zap_message(self, msg: list[bytes]) -> None:
        """Answer one ZAP request (the frames received on ``zap_socket``) on ``zap_socket``."""
        reply = await self._zap_reply(msg)
        sock = self.zap_socket
        if sock is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        sent = sock.send_multipart(reply)
        if inspect.isawaitable(sent):
            await sent

    async def _zap_reply(self, msg: list[bytes]) -> list[bytes]:
        """The reply frames for a request; never raises, so the REP socket always answers."""
        request_id = bytes(msg[1]) if len(msg) > 1 else b""
        try:
            verdict = await self._check_request([bytes(part) for part in msg])
        except Exception:
            self.log.exception("ZAP request failed")
            verdict = _Verdict(b"500", "Internal error")
        if verdict.allowed:
            self.log.debug("ZAP allowed: user %r", verdict.user_id)
        else:
            self.log.debug("ZAP denied (%s): %s", verdict.status.decode(), verdict.text)
        user_id = verdict.user_id
        if isinstance(user_id, str):
            user_id = user_id.encode(self.encoding)
        return [
            VERSION,
            request_id,
            verdict.status,
            verdict.text.encode(self.encoding),
            user_id,
            b"",  # metadata
        ]

    async def _check_request(self, msg: list[bytes]) -> _Verdict:
        if len(msg) < 6:
            self.log.error("Invalid ZAP request, %d frames: %r", len(msg), msg)
            return _deny("Invalid request")
        version, _request_id, domain_b, address_b, _identity, mechanism = msg[:6]
        credentials = msg[6:]
        if version != VERSION:
            self.log.error("Invalid ZAP version %r", version)
            return _deny("Invalid version")
        try:
            domain = domain_b.decode(self.encoding)
            address = address_b.decode(self.encoding)
        except UnicodeDecodeError:
            return _deny("Invalid domain or address")
        self.log.debug("ZAP request: domain=%r address=%r mechanism=%r", domain, address, mechanism)

        if self._allowed and address not in self._allowed:
            return _deny("Address not allowed")
        if address in self._denied:
            return _deny("Address denied")

        if mechanism == b"NULL":
            return _Verdict(b"200", "OK", "anonymous")
        if mechanism == b"PLAIN":
            if len(credentials) != 2:
                return _deny("Invalid PLAIN credentials")
            return self._check_plain(domain, credentials[0], credentials[1])
        if mechanism == b"CURVE":
            if len(credentials) != 1 or len(credentials[0]) != 32:
                return _deny("Invalid CURVE credentials")
            return await self._check_curve(domain, credentials[0])
        if mechanism == b"GSSAPI":
            if len(credentials) != 1:
                return _deny("Invalid GSSAPI credentials")
            return _Verdict(b"200", "OK", credentials[0].decode(self.encoding, "replace"))
        return _deny("Security mechanism not supported")

    @staticmethod
    def _for_domain(table: dict[str, _T], domain: str) -> Optional[_T]:
        """The configuration of domain, else the wildcard one."""
        if domain in table:
            return table[domain]
        return table.get("*")

    def _check_plain(self, domain: str, username_b: bytes, password_b: bytes) -> _Verdict:
        if not self.passwords:
            return _deny("No passwords defined")
        passwords = self._for_domain(self.passwords, domain)
        if passwords is None:
            return _deny("Invalid domain")
        try:
            username = username_b.decode(self.encoding)
        except UnicodeDecodeError:
            return _deny("Invalid username")
        expected = passwords.get(username)
        if expected is None:
            return _deny("Invalid username")
        if not hmac.compare_digest(expected.encode(self.encoding), password_b):
            return _deny("Invalid password")
        return _Verdict(b"200", "OK", username)

    async def _check_curve(self, domain: str, client_key: bytes) -> _Verdict:
        if self.allow_any:
            return _Verdict(b"200", "OK", self.curve_user_id(client_key))
        z85_key = z85.encode(client_key)
        provider = self._for_domain(self.credentials_providers, domain)
        if provider is not None:
            accepted = provider.callback(domain, z85_key)
            if inspect.isawaitable(accepted):
                accepted = await accepted
            if not accepted:
                return _deny("Unknown key")
        else:
            known = self._for_domain(self.certs, domain)
            if known is None:
                return _deny("Unknown domain")
            if z85_key not in known:
                return _deny("Unknown key")
        return _Verdict(b"200", "OK", self.curve_user_id(client_key))
