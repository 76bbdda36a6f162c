"""ZAP authentication for ZeroMQ sockets and CURVE certificates (the ``pyzmq-auth`` distribution)."""
