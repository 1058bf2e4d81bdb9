#!/usr/bin/env python3
"""capture.py PORT HELLOFILE OUTFILE - send a ClientHello to 127.0.0.1:PORT
and save the server's reply (until close or 1 s of silence)."""
import socket, sys

port, hello, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(open(hello, "rb").read())
s.settimeout(1.0)
data = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
except socket.timeout:
    pass
s.close()
open(out, "wb").write(data)
print(out, len(data))
