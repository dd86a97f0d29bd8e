"""A `kill -9` of the server during submissions (issue 8, "In CI"): a real gunicorn on a free port, on a database of
the suite's own kind (a fresh SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), takes
concurrent submissions with files; the whole process group is killed mid-stream and the server started again.
Then: every case that was acknowledged (201/200) is still there with its files; a client that got no answer retries
with its Idempotency-Key and gets exactly one case; after the sweeper (`yiwang sweep_orphans`) no stored file is
without a row, and every row's file is there with its SHA-256.

Bounded: 4 clients, the kill after a handful of acknowledgements (or 60 s), every wait with a deadline."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
CLIENTS = 4
ACKS_BEFORE_KILL = 6

SETUP = r"""
import json, django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.test import Client
from tests.factories import build_org
from tests.cases.factories import build_items, mats
org = build_org()
items = build_items(org)
client = Client()
client.force_login(org.person_user)
print(json.dumps({"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "version": items.two.pk,
                  "materials": [m.pk for m in mats(items.two)]}))
"""

CHECK = r"""
import hashlib, json, sys, django
django.setup()
from django.core.files.storage import default_storage
from yiwang.cases.models import Blob, Case
from yiwang.cases.services.sweep import file_fields, referenced, walk
from yiwang.cases import conf
stored = {name for prefix in conf.orphan_sweep_prefixes() for name in walk(default_storage, prefix)}
live = referenced(sorted(stored), file_fields()) if stored else set()
blobs = {b.file.name: b.sha256 for b in Blob.objects.all()}
bad = [n for n, sha in blobs.items()
       if not default_storage.exists(n) or hashlib.sha256(default_storage.open(n).read()).hexdigest() != sha]
cases = {c.pk: [m.blob.file.name for m in c.materials.exclude(blob=None)] for c in Case.objects.all()}
print(json.dumps({"orphans": sorted(stored - set(live)), "bad_blobs": bad, "cases": cases}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(tmp_path):
    """A database URL of the suite's own kind, empty, and a function that drops it."""
    db = settings.DATABASES["default"]
    if "postgresql" in db["ENGINE"]:
        import psycopg

        name = f"{db['NAME']}_kill"[:60]
        params = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432, "user": db.get("USER"),
                  "password": db.get("PASSWORD") or None, "dbname": "postgres", "autocommit": True}

        def drop():
            with psycopg.connect(**params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        drop()
        with psycopg.connect(**params) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        auth = params["user"] + (f":{params['password']}" if params["password"] else "")
        return f"postgres://{auth}@{params['host']}:{params['port']}/{name}", drop
    return f"sqlite:///{tmp_path / 'kill.sqlite3'}", lambda: None


def _env(tmp_path, url) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "YIWANG_"))}
    env.update({
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "yiwang.settings", "DEBUG": "0",
        "SECRET_KEY": "kill-test-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
        "YIWANG_DATA_DIR": str(tmp_path / "var"), "YIWANG_KEY_ENCRYPTION_KEY": "7e57" * 8,
        "YIWANG_SUBMISSION_RATE": "100000/hour", "YIWANG_API_USER_RATE": "100000/hour",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]), "LOG_LEVEL": "WARNING",
    })
    return env


def _run(env, *args, code=None, timeout=600) -> str:
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "yiwang.manage", *args]
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class Server:
    def __init__(self, env, log: Path):
        self.env, self.log = env, log
        self.proc = None
        self.url = ""

    def start(self):
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "yiwang.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
                 "--timeout", "120"], env=self.env, cwd=REPO, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                if requests.get(self.url + "/api/v1/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not answer: " + self.log.read_text()[-3000:])

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def _submitter(world: dict, key: str):
    token = uuid.uuid4().hex
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={world['session']}; {settings.CSRF_COOKIE_NAME}={token}",
               "X-CSRFToken": token, "Idempotency-Key": key}
    files = [("files", (f"申请表{m}.pdf", b"%PDF-1.7\n" + key.encode() * 2000 + str(m).encode(), "application/pdf"))
             for m in world["materials"]]
    data = {"item_version": world["version"], "materials": world["materials"]}
    return requests.post(world["url"] + "/api/v1/cases/", data=data, files=files, headers=headers, timeout=60)


def test_no_acknowledged_case_is_lost_and_no_orphan_file_remains(tmp_path):
    url, drop = _database(tmp_path)
    server = Server(_env(tmp_path, url), tmp_path / "server.log")
    try:
        env = server.env
        _run(env, "migrate", "--noinput")
        world = json.loads(_run(env, code=SETUP).strip().splitlines()[-1])
        server.start()
        world["url"] = server.url

        acked: dict[str, int] = {}  # Idempotency-Key → case id, for every 201/200 answer
        unanswered: list[str] = []
        refused: list[str] = []  # any other answer than 201/200 (none expected)
        lock, stop = threading.Lock(), threading.Event()

        def client():
            while not stop.is_set():
                key = uuid.uuid4().hex
                try:
                    response = _submitter(world, key)
                except requests.RequestException:
                    with lock:
                        unanswered.append(key)
                    return
                with lock:
                    if response.status_code in (200, 201):
                        acked[key] = response.json()["id"]
                    else:
                        refused.append(f"{response.status_code} {response.text[:300]}")
                        return

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acked) < ACKS_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # kill -9 of the master and its workers, requests in flight
        stop.set()
        for t in threads:
            t.join(timeout=90)
        assert refused == []
        assert len(acked) >= ACKS_BEFORE_KILL and unanswered, (acked, unanswered)

        server.start()
        world["url"] = server.url
        # a client that got no answer retries with its key: one case, and the retry of the retry is the same case
        for key in unanswered:
            first, again = _submitter(world, key), _submitter(world, key)
            assert first.status_code in (200, 201) and again.status_code == 200, (first.text[:300], again.text[:300])
            assert first.json()["id"] == again.json()["id"]
            acked[key] = first.json()["id"]
        server.stop()

        _run(env, "sweep_orphans", "--grace-minutes", "0")
        state = json.loads(_run(env, code=CHECK).strip().splitlines()[-1])
        cases = {int(pk): files for pk, files in state["cases"].items()}
        lost = {key: pk for key, pk in acked.items() if pk not in cases or len(cases[pk]) != len(world["materials"])}
        assert lost == {}
        assert len(set(acked.values())) == len(acked) == len(cases)  # one case a key, none besides
        assert state["orphans"] == [] and state["bad_blobs"] == []
    finally:
        server.stop()
        drop()
