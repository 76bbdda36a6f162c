"""Generate a CURVE key pair: ``python3 -m zmq.curve_keygen`` (pyzmq 27's command line).

Prints the Z85-encoded public and secret keys under ``== CURVE PUBLIC KEY ==`` and
``== CURVE SECRET KEY ==`` headings (libzmq's ``curve_keygen`` layout), or with ``--json`` one JSON
object ``{"public": ..., "secret": ...}``. ``--secret KEY`` derives the public key of an existing
secret key instead of making a new pair. ``python -m zmq.utils.curve_keygen`` is the older,
line-per-key form.

Requires a libzmq built with CURVE support (``zmq.has('curve')``).
"""

from __future__ import annotations

import argparse
import json
import sys

import zmq

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line tool; returns the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python3 -m zmq.curve_keygen",
        description="Generate a Z85-encoded CURVE key pair for ZeroMQ.",
    )
    parser.add_argument("--json", action="store_true", help="print the keys as one JSON object")
    parser.add_argument(
        "--secret",
        metavar="KEY",
        help="derive the public key of this Z85 secret key instead of generating a new pair",
    )
    args = parser.parse_args(argv)
    if not zmq.has("curve"):
        print("error: this libzmq was built without CURVE support", file=sys.stderr)
        return 1
    if args.secret is not None:
        secret = args.secret
        try:
            public = zmq.curve_public(secret.encode("ascii")).decode("ascii")
        except (ValueError, UnicodeEncodeError, zmq.ZMQError) as e:
            print(f"error: invalid secret key: {e}", file=sys.stderr)
            return 2
    else:
        public_b, secret_b = zmq.curve_keypair()
        public, secret = public_b.decode("ascii"), secret_b.decode("ascii")
    if args.json:
        print(json.dumps({"public": public, "secret": secret}, indent=1, sort_keys=True))
    else:
        print("== CURVE PUBLIC KEY ==")
        print(public)
        print()
        print("== CURVE SECRET KEY ==")
        print(secret)
    return 0


if __name__ == "__main__":
    sys.exit(main())
