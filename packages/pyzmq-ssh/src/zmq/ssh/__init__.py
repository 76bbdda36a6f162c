"""SSH tunnels for ZeroMQ connections (the ``pyzmq-ssh`` distribution).

The openssh backend needs pexpect and the paramiko backend paramiko: ``pip install
pyzmq-ssh[pexpect]``, ``pyzmq-ssh[paramiko]``, or ``pyzmq[ssh]`` for both. Neither is imported until a
tunnel is opened.
"""

from zmq.ssh.tunnel import (
    SSHTunnelError,
    open_tunnel,
    openssh_tunnel,
    paramiko_tunnel,
    select_random_ports,
    ssh_tunnel,
    try_passwordless_ssh,
    tunnel_connection,
)

__all__ = [
    "SSHTunnelError",
    "select_random_ports",
    "try_passwordless_ssh",
    "tunnel_connection",
    "open_tunnel",
    "ssh_tunnel",
    "openssh_tunnel",
    "paramiko_tunnel",
]
