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

__all__ = ["keys", "main"]


def keys(
    argv: list[str] | None, prog: str, json_option: bool
) -> tuple[argparse.Namespace, str, str]:
    """Parse the command line (``--secret``, and ``--json`` if json_option) and make the keys.

    Returns the arguments and the Z85 public and secret keys: a new pair, or the given secret key
    and its public key. Exits with status 1 without CURVE support, 2 for an invalid secret key.
    """
    parser = argparse.ArgumentParser(
        prog=prog, description="Generate a Z85-encoded CURVE key pair for ZeroMQ."
    )
    if json_option:
        parser.add_argument("--json", action="store_true", help="print the keys as one JSON object")
    parser.add_argument(
        "--secret",
        metavar="KEY",
        help="derive the public key of this Z85 secret key instead of generating a new pair",
    )
    args = parser.parse_args(_joined_secret(sys.argv[1:] if argv is None else argv))
    if not zmq.has("curve"):
        print("error: this libzmq was built without CURVE support", file=sys.stderr)
        raise SystemExit(1)
    if args.secret is None:
        public_b, secret_b = zmq.curve_keypair()
        return args, public_b.decode("ascii"), secret_b.decode("ascii")
    try:
        return args, zmq.curve_public(args.secret.encode("ascii")).decode("ascii"), args.secret
    except (ValueError, UnicodeEncodeError, zmq.ZMQError) as e:
        print(f"error: invalid secret key: {e}", file=sys.stderr)
        raise SystemExit(2) from None


def _joined_secret(argv: list[str]) -> list[str]:
    """``--secret KEY`` as ``--secret=KEY``: a Z85 key may begin with ``-``, which argparse would
    otherwise take for an option (about one generated key in 85)."""
    argv = list(argv)
    if "--secret" in argv[:-1]:
        i = argv.index("--secret")
        argv[i : i + 2] = [f"--secret={argv[i + 1]}"]
    return argv


def main(argv: list[str] | None = None) -> int:
    """Run the command line tool; returns the process exit status."""
    try:
        args, public, secret = keys(argv, "python3 -m zmq.curve_keygen", json_option=True)
    except SystemExit as e:
        return int(e.code or 0)
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
