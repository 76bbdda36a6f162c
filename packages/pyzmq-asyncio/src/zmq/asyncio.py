"""asyncio support for ZeroMQ sockets (the ``pyzmq-asyncio`` distribution).

Awaitable ``Context``, ``Socket`` and ``Poller`` built on the core's shared future machinery
(``zmq._future``) arrive with the asyncio issue; this module reserves the namespace slot so that
installing ``pyzmq-asyncio`` makes ``zmq.asyncio`` importable.
"""
