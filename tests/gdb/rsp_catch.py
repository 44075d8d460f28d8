#!/usr/bin/env python3
"""rsp_catch.py PORT - gdb's QCatchSyscalls, spoken by hand (Debian's gdb-multiarch 13 never
sends it for RISC-V: src/gdb/gdb_catch.c). Against two-pure (first's hostcall 1 = 30 bytes
written): each exchange prints one line "SENT -> REPLY" for run.sh to compare exactly."""
import socket
import sys


def checksum(data):
    return sum(data.encode()) % 256


class Rsp:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""

    def byte(self):
        if not self.buf:
            self.buf = self.s.recv(65536)
            if not self.buf:
                raise EOFError("the stub closed the connection")
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self):
        while self.byte() != b"$":
            pass
        data = b""
        while True:
            b = self.byte()
            if b == b"#":
                break
            data += b
        self.byte(), self.byte()
        self.s.sendall(b"+")
        return data.decode()

    def send(self, payload):
        self.s.sendall(("$%s#%02x" % (payload, checksum(payload))).encode())
        while self.byte() != b"+":
            pass

    def ask(self, payload, show=None):
        self.send(payload)
        reply = self.packet()
        while reply.startswith("O") and reply != "OK":   # console output: not the reply
            reply = self.packet()
        print("%s -> %s" % (show or payload, reply))
        return reply


r = Rsp(int(sys.argv[1]))
r.ask("qSupported:multiprocess+;swbreak+", "qSupported")
r.ask("?")
r.ask("QCatchSyscalls:1;zz")
r.ask("QCatchSyscalls:2")
r.ask("QCatchSyscalls:1;1")
r.ask("vCont;c")
r.ask("p20")       # pc: the monitor's hostcall entry
r.ask("vCont;c")
r.ask("pa")        # a0 = the result, at the caller's return point
r.ask("QCatchSyscalls:0")
r.ask("vCont;c")
