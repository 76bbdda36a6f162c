"""Generate a CURVE key pair from the command line: ``python -m zmq.utils.curve_keygen``.

Prints the public and the secret key, Z85-encoded (40 characters each), one per line as
``public: <key>`` and ``secret: <key>``, for pasting into configuration. With ``--secret KEY`` it
prints the public key belonging to an existing secret key instead. Certificate files for
``zmq.auth`` are made by ``zmq.auth.certs.create_certificates`` (from pyzmq-auth).

Requires a libzmq built with CURVE support (``zmq.has('curve')``).
"""

from __future__ import annotations

import argparse
import sys

import zmq

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line tool; returns the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m zmq.utils.curve_keygen",
        description="Generate a Z85-encoded CURVE key pair for ZeroMQ.",
    )
    parser.add_argument(
        "--secret",
        metavar="KEY",
        help="derive and print the public key of this Z85 secret key instead of a new pair",
    )
    args = parser.parse_args(argv)
    if not zmq.has("curve"):
        print("error: this libzmq was built without CURVE support", file=sys.stderr)
        return 1
    if args.secret is not None:
        try:
            public = zmq.curve_public(args.secret.encode("ascii"))
        except (ValueError, UnicodeEncodeError, zmq.ZMQError) as e:
            print(f"error: invalid secret key: {e}", file=sys.stderr)
            return 2
        print(f"public: {public.decode('ascii')}")
        return 0
    public, secret = zmq.curve_keypair()
    print(f"public: {public.decode('ascii')}")
    print(f"secret: {secret.decode('ascii')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
