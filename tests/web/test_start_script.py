"""The README's first command, for real: `bash scripts/start.sh` migrates, loads the demo district, serves it and
runs the background worker beside the web server (the board's warning task has run within a minute of start);
Ctrl-C stops both. Runs in a data folder of its own (YIWANG_DATA_DIR), on SQLite as the README says."""
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(check, seconds: float, what: str, proc):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"start.sh ended early ({proc.returncode}) while waiting for {what}")
        try:
            if check():
                return
        except Exception:  # noqa: BLE001  not up yet
            pass
        time.sleep(1)
    raise AssertionError(f"start.sh: no {what} within {seconds} s")


def test_start_sh_serves_the_demo_with_the_worker_running_and_ctrl_c_stops_both(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG")}
    env.update(YIWANG_DATA_DIR=str(tmp_path), YIWANG_DEMO_HISTORY="none", YIWANG_ADDR=f"127.0.0.1:{port}",
               PYTHONUNBUFFERED="1")
    log = (tmp_path / "start.log").open("w")
    proc = subprocess.Popen(["bash", "scripts/start.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200, 900,
              "web server", proc)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
        assert "一网" in page

        def warnings_ran() -> bool:
            with sqlite3.connect(tmp_path / "yiwang.sqlite3") as db:
                row = db.execute("SELECT ran_at FROM supervision_runstate WHERE name = 'warnings'").fetchone()
            return bool(row and row[0])

        _wait(warnings_ran, 180, "run of the warning task by the worker", proc)
        accounts = (tmp_path / "start.log").read_text()
        assert "clerk01" in accounts and "yiwang-demo-2026" in accounts  # the demo accounts are printed first
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's whole process group
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError("Ctrl-C did not stop start.sh within a minute") from None
        log.close()
    time.sleep(2)
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        pass  # web server and worker both gone
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("a process of start.sh (the web server or the worker) outlived Ctrl-C")
