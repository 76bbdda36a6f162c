"""The ZAP authenticator: security policy and the ZAP protocol (ZeroMQ RFC 27).

libzmq asks a ZAP handler, bound at ``inproc://zeromq.zap.01`` in the same context, whether each
incoming connection may proceed. Everything that decides the answer lives here; the subclasses in
``zmq.auth.thread`` and ``zmq.auth.asyncio`` only decide where requests are received, so a policy
behaves the same whichever runner serves it.
"""

from __future__ import annotations

import asyncio
import codecs
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

# Seconds a runner waits after its ZAP socket failed in an unexpected way, before serving again.
_PAUSE_AFTER_ERROR = 0.1


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
    ``zap_domain``. Accepted peers get a User-Id, which the server reads as
    ``frame.get("User-Id")``: ``"anonymous"`` for NULL, the user name for PLAIN,
    :meth:`curve_user_id` for CURVE, the principal for GSSAPI.

    Which configuration decides, the most specific one:

    - the IP allow/deny lists come first, for every domain and mechanism;
    - a PLAIN or CURVE request for domain D is decided by D's configuration for that mechanism if
      D has one, else by domain ``"*"``'s, else it is denied. A domain configured for a mechanism
      never falls back to ``"*"`` for it, whatever ``"*"`` allows; mechanisms are independent
      (D's CURVE configuration does not hide ``"*"``'s PLAIN passwords);
    - a domain has one CURVE policy: the last of ``configure_curve(D, directory)``,
      ``configure_curve(D, CURVE_ALLOW_ANY)`` and ``configure_curve_callback(D, provider)``
      replaces the others;
    - NULL and GSSAPI have nothing to configure and are accepted.

    Every request is answered, also when it is malformed (status 400) or when deciding it fails,
    e.g. in a credentials provider (status 500, logged with its traceback): the runners never stop
    serving because of a request.

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
    certs: dict[str, dict[bytes, Any]]
    passwords: dict[str, dict[str, str]]
    credentials_providers: dict[str, Any]
    zap_socket: Optional[zmq.Socket[Any]]

    def __init__(
        self, context: Optional[zmq.Context[Any]] = None, encoding: str = "utf-8", log: Any = None
    ) -> None:
        codecs.lookup(encoding)  # LookupError now, not a 500 for every request
        self.context = context if context is not None else zmq.Context.instance()
        self.encoding = encoding
        self.log = log if log is not None else logging.getLogger("zmq.auth")
        self._curve_any: set[str] = set()  # domains configured with CURVE_ALLOW_ANY
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
        ``location=CURVE_ALLOW_ANY`` any client key is accepted (the connection is still encrypted).
        Either replaces the domain's previous CURVE policy (directory, any key, or callback).
        """
        if location == CURVE_ALLOW_ANY:
            self._forget_curve(domain)
            self._curve_any.add(domain)
            self.log.debug("Configured CURVE for any client key in domain %r", domain)
            return
        certs = load_certificates(location)  # errors leave the previous policy in place
        self._forget_curve(domain)
        self.certs[domain] = certs
        self.log.debug("Configured CURVE for domain %r from %s", domain, os.fspath(location))

    def configure_curve_callback(self, domain: str = "*", credentials_provider: Any = None) -> None:
        """Decide CURVE clients of domain with ``credentials_provider.callback(domain, key)``.

        ``key`` is the client's public key in Z85 (bytes); a true result accepts the client. The
        callback may return an awaitable (e.g. be ``async def``) to look the key up without
        blocking; it is awaited by every authenticator. Replaces the domain's previous CURVE policy.
        """
        if credentials_provider is None or not callable(
            getattr(credentials_provider, "callback", None)
        ):
            raise TypeError("credentials_provider must have a callback(domain, key) method")
        self._forget_curve(domain)
        self.credentials_providers[domain] = credentials_provider
        self.log.debug("Configured CURVE callback for domain %r", domain)

    def _forget_curve(self, domain: str) -> None:
        self._curve_any.discard(domain)
        self.certs.pop(domain, None)
        self.credentials_providers.pop(domain, None)

    @property
    def allow_any(self) -> bool:
        """Whether domain ``"*"`` accepts any CURVE key (``configure_curve("*", CURVE_ALLOW_ANY)``).

        Setting it True or False adds or removes that policy; domains with a CURVE policy of their
        own keep it (unlike pyzmq, where the flag overrode every domain).
        """
        return "*" in self._curve_any

    @allow_any.setter
    def allow_any(self, value: bool) -> None:
        if value:
            self._curve_any.add("*")
        else:
            self._curve_any.discard("*")

    def configure_gssapi(self, domain: str = "*", location: Optional[str] = None) -> None:
        """Nothing to configure: GSSAPI peers authenticated by Kerberos are accepted."""

    def curve_user_id(self, client_public_key: bytes) -> str:
        """The User-Id of an accepted CURVE client: by default the Z85 text of its public key.

        Override to map keys to names; the server sees the result as ``frame.get('User-Id')``.
        """
        return z85.encode(client_public_key).decode("ascii")

    # --- the ZAP protocol

    async def handle_zap_message(self, msg: list[bytes]) -> None:
        """Answer one ZAP request (the frames received on ``zap_socket``) on ``zap_socket``.

        Only sending the reply can raise (e.g. the socket was closed); deciding never does.
        """
        reply = await self._zap_reply(msg)
        sock = self.zap_socket
        if sock is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        sent = sock.send_multipart(reply)
        if inspect.isawaitable(sent):
            await sent

    async def _serve_next(self, sock: zmq.Socket[Any]) -> bool:
        """Receive one request on sock and answer it; False once sock or its context is gone.

        The one loop body of every runner. Failures of the socket itself are logged and survived
        (after a short pause, so that a persistent one cannot spin): the ZAP handler must keep
        running for as long as the authenticator does.
        """
        try:
            received = sock.recv_multipart()
            msg = await received if inspect.isawaitable(received) else received
            await self.handle_zap_message(msg)
        except zmq.ZMQError as e:
            if sock.closed or e.errno in (zmq.ETERM, zmq.ENOTSOCK):
                return False
            self.log.exception("ZAP socket error; the authenticator keeps serving")
            await asyncio.sleep(_PAUSE_AFTER_ERROR)
        except Exception:
            self.log.exception("ZAP reply failed; the authenticator keeps serving")
            await asyncio.sleep(_PAUSE_AFTER_ERROR)
        return True

    async def _zap_reply(self, msg: list[bytes]) -> list[bytes]:
        """The reply frames for a request. Never raises (but for cancellation): a malformed request
        is answered 400, a failure while deciding 500, so the REP socket always answers."""
        try:
            frames = [part if isinstance(part, bytes) else bytes(memoryview(part)) for part in msg]
        except Exception:  # not frames at all (only a caller other than a runner can do this)
            self.log.warning("Malformed ZAP request: not a list of frames")
            frames = []
        request_id = frames[1] if len(frames) > 1 else b""
        try:
            verdict = await self._check_request(frames)
            reply = [
                VERSION,
                request_id,
                verdict.status,
                verdict.text.encode("ascii"),
                self._user_id_frame(verdict) if verdict.allowed else b"",
                b"",  # metadata
            ]
        except Exception:
            self.log.exception("ZAP request failed; answered 500")
            verdict = _Verdict(b"500", "Internal error")
            reply = [VERSION, request_id, b"500", b"Internal error", b"", b""]
        if verdict.allowed:
            self.log.debug("ZAP allowed: user %r", verdict.user_id)
        else:
            self.log.debug("ZAP denied (%s): %s", verdict.status.decode(), verdict.text)
        return reply

    def _user_id_frame(self, verdict: _Verdict) -> bytes:
        user_id = verdict.user_id
        if isinstance(user_id, str):
            return user_id.encode(self.encoding)
        if isinstance(user_id, bytes):
            return user_id
        raise TypeError(f"User-Id must be str or bytes, not {type(user_id).__name__}")

    def _malformed(self, what: str) -> _Verdict:
        # the request's content is not logged: a malformed PLAIN request may hold a password
        self.log.warning("Malformed ZAP request: %s", what)
        return _deny(f"Invalid request: {what}")

    async def _check_request(self, msg: list[bytes]) -> _Verdict:
        if len(msg) < 6:
            return self._malformed(f"{len(msg)} frames")
        version, _request_id, domain_b, address_b, _identity, mechanism = msg[:6]
        credentials = msg[6:]
        if version != VERSION:
            return self._malformed("unsupported version")
        try:
            domain = domain_b.decode(self.encoding)
            address = address_b.decode(self.encoding)
        except UnicodeDecodeError:
            return self._malformed(f"domain or address not {self.encoding}")
        self.log.debug("ZAP request: domain=%r address=%r mechanism=%r", domain, address, mechanism)

        if self._allowed and address not in self._allowed:
            return _deny("Address not allowed")
        if address in self._denied:
            return _deny("Address denied")

        if mechanism == b"NULL":
            if credentials:
                return self._malformed("NULL with credentials")
            return _Verdict(b"200", "OK", "anonymous")
        if mechanism == b"PLAIN":
            if len(credentials) != 2:
                return self._malformed("PLAIN needs a user name and a password")
            return self._check_plain(domain, credentials[0], credentials[1])
        if mechanism == b"CURVE":
            if len(credentials) != 1 or len(credentials[0]) != 32:
                return self._malformed("CURVE needs one 32-byte key")
            return await self._check_curve(domain, credentials[0])
        if mechanism == b"GSSAPI":
            if len(credentials) != 1:
                return self._malformed("GSSAPI needs one principal")
            try:
                principal = credentials[0].decode(self.encoding)
            except UnicodeDecodeError:
                return self._malformed(f"GSSAPI principal not {self.encoding}")
            return _Verdict(b"200", "OK", principal)
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
            return self._malformed(f"PLAIN user name not {self.encoding}")
        expected = passwords.get(username)
        if expected is None:
            return _deny("Invalid username")
        if not hmac.compare_digest(expected.encode(self.encoding), password_b):
            return _deny("Invalid password")
        return _Verdict(b"200", "OK", username)

    def _curve_policy(self, domain: str) -> tuple[str, Any]:
        """("any" | "callback" | "certs" | "none", detail) for the most specific configured domain."""
        for name in (domain, "*"):
            if name in self._curve_any:
                return "any", None
            if name in self.credentials_providers:
                return "callback", self.credentials_providers[name]
            if name in self.certs:
                return "certs", self.certs[name]
        return "none", None

    async def _check_curve(self, domain: str, client_key: bytes) -> _Verdict:
        kind, detail = self._curve_policy(domain)
        if kind == "none":
            return _deny("Unknown domain")
        if kind == "callback":
            accepted = detail.callback(domain, z85.encode(client_key))
            if inspect.isawaitable(accepted):
                accepted = await accepted
            if not accepted:
                return _deny("Unknown key")
        elif kind == "certs" and z85.encode(client_key) not in detail:
            return _deny("Unknown key")
        return _Verdict(b"200", "OK", self.curve_user_id(client_key))
