"""Generate a CURVE key pair from the command line: ``python -m zmq.utils.curve_keygen``.

Prints the public and the secret key, Z85-encoded (40 characters each), one per line as
``public: <key>`` and ``secret: <key>``, for pasting into configuration. With ``--secret KEY`` it
prints the public key belonging to an existing secret key instead. Certificate files for
``zmq.auth`` are made by ``zmq.auth.certs.create_certificates`` (from pyzmq-auth).

Requires a libzmq built with CURVE support (``zmq.has('curve')``).
"""

from __future__ import annotations

import sys

from zmq.curve_keygen import keys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line tool; returns the process exit status."""
    try:
        args, public, secret = keys(argv, "python -m zmq.utils.curve_keygen", json_option=False)
    except SystemExit as e:
        return int(e.code or 0)
    print(f"public: {public}")
    if args.secret is None:
        print(f"secret: {secret}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
