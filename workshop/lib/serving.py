"""How Daphne listens: one place for the command lines that start it (the demo,
the benchmarks and live tests; deploy/assenkruis@.service writes the same)."""

# When the QR code goes up, a hall's phones connect within a second or two.
# Twisted listens with a queue of 50 connections not yet accepted: beyond that
# the kernel drops a phone's connection request, and the phone tries again only
# after a second (then 3, 7 …). The kernel caps this at net.core.somaxconn
# (4096 on current Debian).
LISTEN_BACKLOG = 1024

# Daphne's access log writes a line for every connection and request: every
# phone's address with its join code, and a twentieth of the server's time while
# a hall joins (docs/performance.md). nginx in front logs the requests already
# (docs/privacy.md). Verbosity 0 is Daphne's only way to keep none; the app's
# own logging follows Django's LOGGING (LOG_LEVEL) as before.
NO_ACCESS_LOG = ["--verbosity", "0"]


def daphne_endpoint(host: str, port: int) -> list[str]:
    """Daphne's arguments to listen on `host`:`port` with room for a hall's burst."""
    host = host.strip("[]").replace(":", r"\:")  # Twisted's endpoint syntax escapes colons
    return ["-e", f"tcp:port={port}:interface={host}:backlog={LISTEN_BACKLOG}"]
