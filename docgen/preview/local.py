"""What makes the preview's page server a local one: it answers this machine's browser only.

Listening on 127.0.0.1 keeps other machines out, not other web sites: a page
from anywhere can make its own name resolve to 127.0.0.1 (DNS rebinding) and
then read whatever the server answers, the plan included. Such a request
names that site in its Host header, so a request is answered only when Host
is this server's own address: 127.0.0.1, localhost or [::1] with its port.
Any other is refused with 421 Misdirected Request, on every route.
"""

from __future__ import annotations

import sys
from http.server import ThreadingHTTPServer

LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
MISDIRECTED = 421


def is_local(hosts: list[str] | None, port: int) -> bool:
    """Return whether a request's Host headers (every one sent) name this server: exactly one,
    a local name with this port (the name's case does not matter, the port must be there)."""
    if not hosts or len(hosts) != 1:
        return False
    return hosts[0].strip().lower() in {f"{name}:{port}" for name in LOCAL_NAMES}


class LocalServer(ThreadingHTTPServer):
    """The page server: a thread for each client (the event streams wait), none kept at exit, and
    no traceback when a client goes away or sends something unexpected."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the page was closed or reloaded mid-answer
        print(f"docgen preview: không trả lời được một yêu cầu: {type(error).__name__}: {error}",
              file=sys.stderr, flush=True)
