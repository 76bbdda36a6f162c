"""Publish/subscribe with topics: a subscriber receives only the topics it asked for.

A PUB socket drops messages for subscribers that have not joined yet (the "slow joiner"). To
avoid a sleep, the publisher here is an XPUB: it receives each subscription as a message
(``b"\\x01" + topic``), so it knows when the subscriber is listening.
"""

import threading

import zmq

TOPICS = ["weather", "sports", "news"]


def subscriber(ctx: zmq.Context, url: str, got: list) -> None:
    with ctx.socket(zmq.SUB) as sub:
        sub.connect(url)
        sub.subscribe("weather")
        sub.subscribe("news")
        sub.rcvtimeo = 2000
        while True:
            topic, body = sub.recv_multipart()
            if body == b"END":
                return
            got.append((topic.decode(), body.decode()))


def main() -> None:
    with zmq.Context() as ctx, ctx.socket(zmq.XPUB) as pub:
        pub.bind("tcp://127.0.0.1:0")
        url = pub.last_endpoint.decode()
        got: list = []
        t = threading.Thread(target=subscriber, args=(ctx, url, got))
        t.start()
        pub.rcvtimeo = 2000
        subscribed = {pub.recv()[1:].decode() for _ in range(2)}  # b"\x01weather", b"\x01news"
        print("subscriptions:", sorted(subscribed))
        for i in range(3):
            for topic in TOPICS:
                pub.send_multipart([topic.encode(), f"{topic} update {i}".encode()])
        for topic in subscribed:
            pub.send_multipart([topic.encode(), b"END"])  # one END reaches the subscriber first
        t.join()
    for topic, body in got:
        print(f"[{topic}] {body}")
    assert {topic for topic, _ in got} == {"weather", "news"}
    print(f"pubsub: received {len(got)} messages, none about sports")


if __name__ == "__main__":
    main()
