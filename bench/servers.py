"""Start and stop real Daphne processes: for the live tests and the benchmarks."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop.lib.serving import NO_ACCESS_LOG, daphne_endpoint  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on port {port}")


def machine_cpu() -> tuple[int, int]:
    """(stolen, total) CPU time of this machine so far, in clock ticks (Linux /proc/stat).
    Stolen: time a virtual machine's host gave to others. When it is more than a few
    percent of a run, the run's latencies say more about the host than the code."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return fields[7], sum(fields)


def stolen_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[1] - before[1]
    return 100 * (after[0] - before[0]) / total if total else 0.0


def server_env(database_url: str, redis_url: str = "", **extra: str) -> dict:
    """The environment of a server process: the profile is chosen here, nothing else."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="workshop.settings",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def bench_env(database_url: str, redis_url: str = "") -> dict:
    """A benchmark server's environment: the benchmark's phones are well-behaved
    but many share one test machine, so the per-connection flood limit is lifted
    and does not shape the figures."""
    return server_env(database_url, redis_url, DEBUG="0", LIVE_RATE_PER_SECOND="1000",
                      LIVE_RATE_BURST="1000")  # fmt: skip


@dataclass
class DaphneServer:
    """A real Daphne process serving the project."""

    port: int
    env: dict
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    command: list[str] | None = None  # another command line (the systemd unit's); default below
    app: str = "workshop.asgi:application"  # tests may serve a module that adds to it
    access_log: bool = False  # as deployed, none; tests that watch connections in the log ask

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return self.url

    def start(self) -> "DaphneServer":
        self.log_path = ROOT / "var" / f"daphne-{self.port}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        self.log_start = self.log_size()  # this run's part of the log begins here
        log_args = [*NO_ACCESS_LOG, *(["--access-log", "-"] if self.access_log else [])]
        command = self.command or [sys.executable, "-m", "daphne", *log_args,
                                   *daphne_endpoint("127.0.0.1", self.port), self.app]  # fmt: skip
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for_port(self.port, proc=self.proc)
        return self

    def stop(self, kill: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_size(self) -> int:
        """Where the log (appended to by every run on this port) ends now."""
        return self.log_path.stat().st_size if self.log_path and self.log_path.exists() else 0

    def log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def restart(self) -> None:
        self.stop()
        self.start()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        return self._status_mb("VmHWM:")

    def rss_mb(self) -> float:
        """Memory the process holds now."""
        return self._status_mb("VmRSS:")

    def _status_mb(self, name: str) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1]) / 1024
        return 0.0


@dataclass
class RedisServer:
    """A redis-server of its own (no disk), which a test may stop and start again."""

    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, proc=self.proc)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
