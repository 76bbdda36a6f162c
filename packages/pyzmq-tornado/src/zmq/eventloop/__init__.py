"""tornado integration for ZeroMQ sockets (the ``pyzmq-tornado`` distribution).

Provides ``zmq.eventloop.ioloop``, ``zmq.eventloop.zmqstream`` and ``zmq.eventloop.future``; it needs
tornado, which ``pip install pyzmq-tornado[tornado]`` (or ``pyzmq[tornado]``) brings.
"""
