#!/usr/bin/env python3
"""A tiny static server for the built site (site/) that behaves like the intended deployment.

It sends the page's security headers (a strict Content-Security-Policy, no
cookies, no referrer), the right MIME types (.wasm as application/wasm for
instantiateStreaming, .js/.mjs as text/javascript), gzip when the browser
accepts it, and it logs every request, one JSON object per line, to --log.
That log is the ground truth for "which requests did the page make": the
browser tests read it, not the browser's own request events.

    python3 scripts/serve.py [--port 8000] [--root site] [--log artifacts/access.log]

With --port 0 it picks a free port. The first line on stdout is always
"serving http://127.0.0.1:PORT/".
"""

import argparse
import gzip
import io
import json
import os
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

# Everything the page needs is same-origin; WebAssembly compilation needs
# 'wasm-unsafe-eval' (not 'unsafe-eval'). No inline scripts or styles.
# frame-ancestors is '*' by default because the page is meant to be embedded
# (news sites, government portals) and holds no session or server-side action
# that framing could abuse; a deployment that knows its embedders lists them.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-src 'self'; frame-ancestors {ancestors}"
)

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".ts": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".bin", ".wasm", ".svg", ".ts", ".txt"}


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's
    # algorithm and the browser's delayed ACK hold each response up to 40 ms.
    disable_nagle_algorithm = True
    server_version = "hukou-years-serve"
    sys_version = ""
    gz_cache = {}
    gz_lock = threading.Lock()

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP.format(ancestors=self.server.frame_ancestors))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # redirect to the slash form
            path = os.path.join(path, "index.html")
        ext = os.path.splitext(path)[1].lower()
        if not os.path.isfile(path):
            self.send_error(HTTPStatus.NOT_FOUND, "not found")
            return None
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "") and ext in COMPRESSIBLE
        body = self.read(path, wants_gzip)
        # send_response logs the request: what is sent must be known by then.
        self.body_bytes = len(body)
        self.body_encoding = "gzip" if wants_gzip else ""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", TYPES.get(ext, "application/octet-stream"))
        if wants_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def read(self, path, compressed):
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, compressed)
        with self.gz_lock:
            if key in self.gz_cache:
                return self.gz_cache[key]
        with open(path, "rb") as f:
            data = f.read()
        if compressed:
            data = gzip.compress(data, compresslevel=9, mtime=0)
        with self.gz_lock:
            self.gz_cache[key] = data
        return data

    def log_request(self, code="-", size="-"):
        entry = {
            "t": round(time.time(), 3),
            "method": self.command,
            "path": self.path,
            "status": int(code) if str(code).isdigit() else str(code),
            "bytes": (getattr(self, "body_bytes", None) or 0) if self.command != "HEAD" else 0,
            "encoding": getattr(self, "body_encoding", ""),
        }
        self.body_bytes = None
        self.body_encoding = ""
        line = json.dumps(entry, ensure_ascii=False)
        with self.server.log_lock:
            self.server.log_file.write(line + "\n")
            self.server.log_file.flush()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not self.server.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", "site"))
    parser.add_argument("--log", default=os.path.join(os.path.dirname(__file__), "..", "artifacts", "access.log"))
    parser.add_argument("--frame-ancestors", default="*", help="CSP frame-ancestors sources (default: *)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()

    root = os.path.abspath(args.root)
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", args.port), lambda *a, **k: Handler(*a, directory=root, **k))
    server.log_file = open(args.log, "a", encoding="utf-8")
    server.log_lock = threading.Lock()
    server.frame_ancestors = args.frame_ancestors
    server.quiet = args.quiet
    print(f"serving http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.log_file.close()


if __name__ == "__main__":
    main()
