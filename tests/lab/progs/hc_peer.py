#!/usr/bin/python3
"""hc_peer.py: small peers for the health checker lab scenario
(tests/lab/scenarios/61-health-checkers.sh).

  hc_peer.py smtp ADDR PORT [GREETING_CODE]
      an SMTP responder: greeting (220 unless given), 250 to HELO,
      221 to QUIT, 500 to anything else; one connection at a time.
  hc_peer.py udp-echo ADDR PORT
      echoes every datagram back, prefixed with "OK".
  hc_peer.py dns-wrong-id ADDR PORT
      answers every DNS query as a valid response (QR set, rcode 0)
      but with the id changed, so no checker may accept it.
Each logs one line per exchange on stdout."""
import socket
import sys


def smtp(addr, port, code):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(16)
    while True:
        c, peer = ls.accept()
        with c:
            try:
                smtp_session(c, peer, code)
            except OSError as e:	# a checker killed or reset mid-dialogue
                print("smtp", peer[0], "connection error:", e, flush=True)


def smtp_session(c, peer, code):
    c.settimeout(10)
    c.sendall(b"%d lab.test ESMTP ready\r\n" % code)
    buf = b""
    while True:
        data = c.recv(1024)
        if not data:
            return
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            line = line.rstrip(b"\r")
            print("smtp", peer[0], line.decode(errors="replace"), flush=True)
            if line.upper().startswith(b"HELO "):
                # one line, as MTAs answer HELO: keepalived 2.2 fails a
                # "250-" continuation line
                c.sendall(b"250 lab.test hello\r\n")
            elif line.upper() == b"QUIT":
                c.sendall(b"221 bye\r\n")
            else:
                c.sendall(b"500 unknown command\r\n")


def udp_echo(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        print("udp", peer[0], data.hex(), flush=True)
        try:
            s.sendto(b"OK" + data, peer)
        except OSError as e:
            print("udp", peer[0], "send error:", e, flush=True)


def dns_wrong_id(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        q, peer = s.recvfrom(4096)
        if len(q) < 12:
            continue
        qid = int.from_bytes(q[0:2], "big")
        rid = (qid + 0x1234) & 0xffff
        # header: new id, QR|RD, RA, 1 question, 0 answers
        r = rid.to_bytes(2, "big") + bytes([0x81, 0x80]) + q[4:6] + b"\0\0\0\0\0\0" + q[12:]
        print("dns", peer[0], "query id %#06x answered with id %#06x" % (qid, rid), flush=True)
        try:
            s.sendto(r, peer)
        except OSError as e:
            print("dns", peer[0], "send error:", e, flush=True)


def main():
    mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "smtp":
        smtp(addr, port, int(sys.argv[4]) if len(sys.argv) > 4 else 220)
    elif mode == "udp-echo":
        udp_echo(addr, port)
    elif mode == "dns-wrong-id":
        dns_wrong_id(addr, port)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
