"""SSH tunnels for ZeroMQ connections (the ``pyzmq-ssh`` distribution).

The openssh backend needs pexpect and the paramiko backend paramiko: ``pip install
pyzmq-ssh[pexpect]``, ``pyzmq-ssh[paramiko]``, or ``pyzmq[ssh]`` for both.
"""
