"""Watching a socket's connection events with a monitor socket.

``get_monitor_socket()`` returns a PAIR socket on which libzmq reports what happens to the
monitored socket (listening, accepted, connected, disconnected ...);
``zmq.utils.monitor.recv_monitor_message`` decodes each report into a dict.
"""

import zmq
from zmq.utils.monitor import recv_monitor_message


def main() -> None:
    with zmq.Context() as ctx, ctx.socket(zmq.REP) as server:
        monitor = server.get_monitor_socket()  # every event (zmq.EVENT_ALL)
        monitor.rcvtimeo = 2000
        server.bind("tcp://127.0.0.1:0")
        url = server.last_endpoint.decode()

        client = ctx.socket(zmq.REQ)
        client.connect(url)
        client.send(b"ping")
        server.send(server.recv())
        client.recv()
        client.close()  # the server sees the peer go away

        seen = []
        while zmq.EVENT_DISCONNECTED not in seen:
            event = recv_monitor_message(monitor)
            seen.append(event["event"])
            print(
                f"{event['event'].name:<20} value={event['value']:<6} {event['endpoint'].decode()}"
            )
        server.disable_monitor()
        monitor.close()
    print("monitoring: saw", " -> ".join(e.name for e in seen))


if __name__ == "__main__":
    main()
