"""Servers the fault suite controls: an SMTP server that counts Message-IDs and a TCP proxy it can cut;
and `wait_for`, the one way the fault suite and the reliability tests wait for a condition."""

import re
import socket
import socketserver
import threading
import time
from collections import Counter
from pathlib import Path


def wait_for(condition, timeout=120, interval=0.25) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds have passed (False); never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)


class SMTPServer:
    """A minimal SMTP relay. mode: "up" (accepts), "refuse" (451 on MAIL), "silent" (never answers)."""

    def __init__(self, port: int, relay_file: Path):
        self.port, self.relay_file, self.mode = port, relay_file, "up"
        self.received: Counter = Counter()
        self.lock = threading.Lock()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 120

            def handle(self):
                if outer.mode == "silent":
                    while self.rfile.readline():  # hold the connection, answer nothing
                        pass
                    return
                self.wfile.write(b"220 faults ESMTP\r\n")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 faults\r\n")
                    elif verb == b"MAIL" and outer.mode == "refuse":
                        self.wfile.write(b"451 4.3.0 tijdelijk niet beschikbaar\r\n")
                    elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == b"DATA":
                        self.wfile.write(b"354 go\r\n")
                        data = b""
                        while not data.endswith(b"\r\n.\r\n"):
                            chunk = self.rfile.readline()
                            if not chunk:
                                return
                            data += chunk
                        found = MESSAGE_ID.search(data)
                        message_id = found.group(1).decode() if found else "?"
                        with outer.lock:
                            outer.received[message_id] += 1
                            with outer.relay_file.open("a") as f:
                                f.write(message_id + "\n")
                        self.wfile.write(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"500 ?\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def counts(self) -> tuple[int, int]:
        with self.lock:
            return sum(self.received.values()), len(self.received)

    def reset(self):
        with self.lock:
            self.received.clear()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Proxy:
    """A TCP proxy in front of a real server; `cut()` drops every connection and refuses new ones."""

    def __init__(self, listen_port: int, target: tuple[str, int]):
        self.target, self.up, self.conns = target, True, []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", listen_port))
        self.sock.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _addr = self.sock.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            self.conns += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.up = False
        for conn in self.conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            except OSError:
                pass
        self.conns = []

    def restore(self):
        self.up = True
