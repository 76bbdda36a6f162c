"""ZAP authentication for ZeroMQ sockets, and CURVE certificates (the ``pyzmq-auth`` distribution).

libzmq asks a ZAP handler whether each incoming connection may proceed; an :class:`Authenticator`
is that handler, with IP allow/deny lists and PLAIN, CURVE and GSSAPI policies. Run one with
:class:`zmq.auth.thread.ThreadAuthenticator` (a background thread) or
:class:`zmq.auth.asyncio.AsyncioAuthenticator` (an asyncio task). :func:`create_certificates` and
:func:`load_certificates` manage the CURVE key files a certificate directory holds.
"""

from .base import CURVE_ALLOW_ANY, VERSION, Authenticator
from .certs import create_certificates, load_certificate, load_certificates

__all__ = [
    "CURVE_ALLOW_ANY",
    "VERSION",
    "Authenticator",
    "create_certificates",
    "load_certificate",
    "load_certificates",
]
