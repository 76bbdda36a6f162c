"""Ironhouse: CURVE encryption plus authentication of both ends, with certificate files.

The server only accepts clients whose public key is in its directory of trusted certificates, and
the client only talks to a server whose public key it knows in advance. A ZAP authenticator,
running in a background thread, makes the accept/deny decisions for the server's context.
"""

import os
import shutil
import tempfile

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator


def make_certificates(base: str) -> tuple:
    keys, trusted = os.path.join(base, "keys"), os.path.join(base, "trusted")
    os.mkdir(keys)
    os.mkdir(trusted)
    server_public, server_secret = zmq.auth.create_certificates(keys, "server")
    client_public, client_secret = zmq.auth.create_certificates(keys, "client")
    # the server trusts the client's public certificate only (never copy secret files around)
    shutil.copy(client_public, trusted)
    return server_secret, client_secret, server_public, trusted


def main() -> None:
    base = tempfile.mkdtemp(prefix="ironhouse-")
    try:
        server_secret, client_secret, server_public, trusted = make_certificates(base)
        with zmq.Context() as ctx:
            auth = ThreadAuthenticator(ctx)
            auth.start()
            auth.allow("127.0.0.1")
            auth.configure_curve(domain="*", location=trusted)

            server = ctx.socket(zmq.PUSH)
            server.curve_publickey, server.curve_secretkey = zmq.auth.load_certificate(
                server_secret
            )
            server.curve_server = True
            port = server.bind_to_random_port("tcp://127.0.0.1")

            client = ctx.socket(zmq.PULL)
            client.curve_publickey, client.curve_secretkey = zmq.auth.load_certificate(
                client_secret
            )
            client.curve_serverkey, _ = zmq.auth.load_certificate(server_public)
            client.connect(f"tcp://127.0.0.1:{port}")

            server.send_string("secret message for a trusted client")
            client.rcvtimeo = 3000
            print("client received:", client.recv_string())

            # a client with a fresh, untrusted key pair never gets through the handshake
            stranger = ctx.socket(zmq.PULL)
            stranger.curve_publickey, stranger.curve_secretkey = zmq.curve_keypair()
            stranger.curve_serverkey = client.curve_serverkey
            stranger.rcvtimeo = 500
            stranger.connect(f"tcp://127.0.0.1:{port}")
            server.send_string("nobody else reads this")
            client.recv_string()  # PUSH only sends to peers whose handshake succeeded
            try:
                stranger.recv_string()
                raise SystemExit("ironhouse: an untrusted client was let in")
            except zmq.Again:
                print("untrusted client: denied")
            for sock in (server, client, stranger):
                sock.close(linger=0)
            auth.stop()
    finally:
        shutil.rmtree(base)
    print("security: ironhouse handshake ok")


if __name__ == "__main__":
    main()
