"""SSH tunnels for ZeroMQ connections (the ``pyzmq-ssh`` distribution).

The openssh backend needs pexpect and the paramiko backend paramiko: ``pip install
pyzmq-ssh[pexpect]``, ``pyzmq-ssh[paramiko]``, or ``pyzmq[ssh]`` for both. Neither is imported until a
tunnel is opened.
"""

from zmq.ssh import tunnel as _tunnel
from zmq.ssh.tunnel import MaxRetryExceeded as MaxRetryExceeded
from zmq.ssh.tunnel import SSHTunnelError as SSHTunnelError
from zmq.ssh.tunnel import open_tunnel as open_tunnel
from zmq.ssh.tunnel import openssh_tunnel as openssh_tunnel
from zmq.ssh.tunnel import paramiko_tunnel as paramiko_tunnel
from zmq.ssh.tunnel import select_random_ports as select_random_ports
from zmq.ssh.tunnel import ssh_tunnel as ssh_tunnel
from zmq.ssh.tunnel import try_passwordless_ssh as try_passwordless_ssh
from zmq.ssh.tunnel import tunnel_connection as tunnel_connection

# what zmq.ssh.tunnel offers, but its setting (CONNECT_TIMEOUT is read from zmq.ssh.tunnel: set it
# there)
__all__ = [name for name in _tunnel.__all__ if name != "CONNECT_TIMEOUT"]
