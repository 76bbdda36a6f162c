"""Python logging over ZeroMQ PUB/SUB (the ``pyzmq-log`` distribution)."""
