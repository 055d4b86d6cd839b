"""The benchmarks under bench/ still run, small, and report that nothing was lost:
docs/performance.md's commands must work for whoever measures next."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_hall_benchmark_loses_nothing():
    out = run("bench/load.py", "--phones", "30", "--rate", "200")
    assert "(nothing lost)" in out
    assert re.search(r"join: 30 phones connected and said hello in [\d.]+ s", out)
    assert re.search(r"[\d.]+ × the client's CPU", out)


def test_the_floor_answers_a_joining_hall_without_the_app():
    out = run("bench/load.py", "--phones", "30", "--join-only", "--floor")
    assert re.search(r"join: 30 phones connected and said hello in [\d.]+ s", out)
    assert re.search(r"[\d.]+ × the client's CPU", out)


def test_the_churn_benchmark_reports_memory_after_every_round():
    out = run("bench/churn.py", "--phones", "20", "--rounds", "2", "--pause", "0")
    assert len(re.findall(r"round \d: 20 phones came, placed and left .* holds \d+ MB", out)) == 2
    assert "placements: sent 240, acked 240, stored 240" in out
