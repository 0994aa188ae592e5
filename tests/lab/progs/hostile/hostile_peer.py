#!/usr/bin/env python3
"""Hostile or broken HTTP/TLS peers for the health checker (lab scenario
62-health-hostile.sh).

    hostile_peer.py ADDR MODE:PORT [MODE:PORT...] [--cert F --key F]

Each MODE:PORT pair listens on ADDR:PORT and treats every connection the
way MODE says (one thread per connection; the checker comes back every
delay_loop).  Modes:

  slowloris      status line, then one header byte every 0.2 s, forever
  slowbody       headers with Content-Length: 100000, one body byte / 0.2 s
  endless-body   HTTP/1.0 200 without length, body streamed until the peer
                 gives up
  endless-header header lines streamed forever
  long-line      one 64 KiB header line
  garbage-text   an SSH banner instead of HTTP, then close
  garbage-bin    1 KiB of random bytes, then close
  close-early    accept, read the request, close without a byte
  keepalive-len  HTTP/1.1 200 with Content-Length, never closes (healthy)
  keepalive-nolen HTTP/1.1 200 with no length and no close, never closes
  chunked        HTTP/1.1 chunked body "ok" in three chunks (healthy)
  chunked-bad    a chunk size that is not hex
  chunked-endless chunks forever
  http10         HTTP/1.0 200, body delimited by close (healthy)
  regex          HTTP/1.0 200, body with "status: healthy" trickled in
                 3-byte pieces 5 ms apart (healthy for regex "heal+thy")
  error-page     HTTP/1.0 200, body "... internal error ..." (for
                 regex_no_match)
  tls-reset      read the ClientHello, then reset the connection (RST)
  tls-stall      read the ClientHello, then say nothing, forever
  tls-garbage    answer the ClientHello with plain text
  tls-ok         a real TLS server answering HTTP/1.0 200 "ok" (healthy)
"""
import os
import socket
import ssl
import struct
import sys
import threading
import time

FOREVER = 3600.0


def read_request(c):
    """Read until the end of the request header (bounded)."""
    buf = b""
    c.settimeout(10)
    try:
        while b"\r\n\r\n" not in buf and len(buf) < 65536:
            d = c.recv(4096)
            if not d:
                break
            buf += d
    except OSError:
        pass
    c.settimeout(None)
    return buf


def trickle(c, data, delay):
    for i in range(len(data)):
        c.sendall(data[i:i + 1])
        time.sleep(delay)


def stream_forever(c, chunk):
    end = time.time() + FOREVER
    while time.time() < end:
        c.sendall(chunk)


def m_slowloris(c):
    c.sendall(b"HTTP/1.1 200 OK\r\n")
    trickle(c, b"X-Slow: " + b"a" * 100000, 0.2)


def m_slowbody(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    trickle(c, b"b" * 100000, 0.2)


def m_endless_body(c):
    c.sendall(b"HTTP/1.0 200 OK\r\n\r\n")
    stream_forever(c, b"x" * 65536)


def m_endless_header(c):
    c.sendall(b"HTTP/1.1 200 OK\r\n")
    stream_forever(c, b"X-Header: value\r\n" * 1000)


def m_long_line(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nX-Long: " + b"l" * 65536 + b"\r\n\r\n")
    time.sleep(FOREVER)


def m_garbage_text(c):
    c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")


def m_garbage_bin(c):
    c.sendall(os.urandom(1024))


def m_close_early(c):
    pass


def m_keepalive_len(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
              b"Connection: keep-alive\r\n\r\nok")
    time.sleep(FOREVER)


def m_keepalive_nolen(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\nok")
    time.sleep(FOREVER)


def m_chunked(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    for part in (b"1\r\no\r\n", b"1\r\nk\r\n", b"0\r\n\r\n"):
        c.sendall(part)
        time.sleep(0.01)
    time.sleep(FOREVER)	# the end of the last chunk ends the reply


def m_chunked_bad(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"zz\r\nok\r\n0\r\n\r\n")
    time.sleep(FOREVER)


def m_chunked_endless(c):
    c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n" % 60000 + b"c" * 60000 + b"\r\n"
    stream_forever(c, chunk)


def m_http10(c):
    c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
              b"hello from a 1.0 server\n")


def m_regex(c):
    c.sendall(b"HTTP/1.0 200 OK\r\n\r\n")
    body = b"<html>" + b"-" * 5000 + b"status: healthy</html>\n"
    for i in range(0, len(body), 3):
        c.sendall(body[i:i + 3])
        if i > 4900:
            time.sleep(0.005)


def m_error_page(c):
    c.sendall(b"HTTP/1.0 200 OK\r\n\r\n<html>an internal error occurred</html>\n")


def m_tls_reset(c):
    c.recv(4096)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def m_tls_stall(c):
    c.recv(4096)
    time.sleep(FOREVER)


def m_tls_garbage(c):
    c.recv(4096)
    c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS\n")
    time.sleep(1)


def m_tls_ok(c, ctx):
    s = ctx.wrap_socket(c, server_side=True)
    try:
        read_request(s)
        s.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
        s.unwrap()
    finally:
        s.close()


RAW_TLS = {"tls-reset", "tls-stall", "tls-garbage"}


def serve_conn(mode, c, ctx):
    try:
        if mode == "tls-ok":
            m_tls_ok(c, ctx)
            return
        if mode not in RAW_TLS:
            read_request(c)
        globals()["m_" + mode.replace("-", "_")](c)
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            c.close()
        except OSError:
            pass


def listen(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    return s


def accept_loop(s, mode, ctx):
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve_conn, args=(mode, c, ctx), daemon=True).start()


def main(argv):
    args, cert, key = [], None, None
    it = iter(argv[1:])
    for a in it:
        if a == "--cert":
            cert = next(it)
        elif a == "--key":
            key = next(it)
        else:
            args.append(a)
    if len(args) < 2:
        sys.exit(__doc__)
    ctx = None
    if cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
    addr = args[0]
    for spec in args[1:]:
        mode, port = spec.rsplit(":", 1)
        if mode != "tls-ok" and "m_" + mode.replace("-", "_") not in globals():
            sys.exit("unknown mode " + mode)
        s = listen(addr, int(port))
        threading.Thread(target=accept_loop, args=(s, mode, ctx), daemon=True).start()
    print("listening", flush=True)
    while True:
        time.sleep(FOREVER)


if __name__ == "__main__":
    main(sys.argv)
