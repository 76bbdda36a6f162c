"""Logging over PUB/SUB: an application's log records, published, filtered by a subscriber.

``PUBHandler`` publishes each record as ``[topic, text]`` where the topic is
``<root_topic>.<LEVEL>``: a subscriber picks levels (or applications) with prefix subscriptions.
``python -m zmq.log <endpoint>`` is a ready-made subscriber that prints what it receives.
"""

import logging

import zmq
from zmq.log.handlers import PUBHandler


def main() -> None:
    with zmq.Context() as ctx:
        pub = ctx.socket(zmq.XPUB)  # XPUB: we can wait for the subscriber to be listening
        pub.bind("tcp://127.0.0.1:0")
        handler = PUBHandler(pub, root_topic="shop")

        logger = logging.getLogger("shop")
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        logger.addHandler(handler)

        sub = ctx.socket(zmq.SUB)
        sub.connect(pub.last_endpoint)
        for level in ("WARNING", "ERROR"):
            sub.subscribe(f"shop.{level}")
        pub.rcvtimeo = 2000
        pub.recv()
        pub.recv()  # both subscriptions have arrived

        logger.debug("cart has 3 items")  # nobody subscribed to DEBUG or INFO
        logger.info("order 17 placed")
        logger.warning("stock low for item 42")
        logger.error("payment service unreachable")

        sub.rcvtimeo = 2000
        for _ in range(2):
            topic, text = sub.recv_multipart()
            print(f"{topic.decode():<14} {text.decode().strip()}")
        logger.removeHandler(handler)
        handler.close()  # the handler was given a socket: it leaves it to us
        pub.close()
        sub.close()
    print("logging: only WARNING and ERROR records reached the subscriber")


if __name__ == "__main__":
    main()
