"""Real services for the end-to-end tests: a redis-server, varnishd and app servers, each
a child process on a free port of 127.0.0.1, stopped when the test is done.

A service whose program is missing skips its tests with one line, except where
its REQUIRE_* variable is 1 (CI, which installs it): there a missing program
fails them.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def require(program, variable, install):
    """The program's path; skip (or, with ``variable`` set to 1, fail) when it is missing."""
    path = shutil.which(program) or next(
        (str(p) for p in (Path("/usr/sbin") / program, Path("/usr/bin") / program) if p.exists()),
        None,
    )
    if path is None:
        reason = f"needs {program} ({install})"
        if os.environ.get(variable) == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def stop(process, timeout=10):
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """A redis-server of the test's own, which it may stop, start again and freeze."""

    def __init__(self):
        self.program = require(
            "redis-server", "REQUIRE_REDIS_SERVER_TESTS", "apt-get install redis"
        )
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="baltmet-redis-")
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                self.program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.folder,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)

    def stop(self):
        stop(self.process)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def close(self):
        if self.process is not None:
            stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


class Varnish:
    """varnishd with the project's deploy/varnish.vcl, its backend pointed at ``backend_port``."""

    def __init__(self, backend_port):
        self.program = require("varnishd", "REQUIRE_VARNISH_TESTS", "apt-get install varnish")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="baltmet-varnish-"))
        vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
        configured = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
        assert configured != vcl, "the VCL's backend port is where the README says"
        (self.folder / "test.vcl").write_text(configured)
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                self.program,
                "-F",
                "-j",
                "none",
                "-n",
                str(self.folder / "work"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                f"127.0.0.1:{free_port()}",
                "-f",
                str(self.folder / "test.vcl"),
                "-s",
                "malloc,32m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for_port(self.port, process=self.process)

    def close(self):
        stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


class AppServer:
    """gunicorn serving the project with ``env`` (settings, database, cache, bucket)."""

    def __init__(self, env, workers=1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--graceful-timeout",
                "2",
            ],
            cwd=ROOT,
            env=env,
        )

    def wait(self):
        wait_for_port(self.port, timeout=60, process=self.process)

    def close(self):
        stop(self.process)


class S3Bucket:
    """A bucket on moto's S3-compatible server in this process, readable by anyone
    (as the README sets one up), written with the test credentials."""

    NAME = "baltmet-media"
    CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

    def __init__(self):
        import boto3
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        self.url = f"{self.endpoint}/{self.NAME}/"
        s3 = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        s3.create_bucket(Bucket=self.NAME)
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.NAME}/*",
                }
            ],
        }
        s3.put_bucket_policy(Bucket=self.NAME, Policy=json.dumps(policy))

    def storage(self):
        """STORAGES["default"] as cms.settings.base makes it from AWS_STORAGE_BUCKET_NAME."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.NAME,
                "endpoint_url": self.endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        }

    def environment(self):
        """The same, for an app server's environment."""
        return {
            **self.CREDENTIALS,
            "AWS_STORAGE_BUCKET_NAME": self.NAME,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
        }

    def use_here(self, settings, monkeypatch):
        """This process's media in the bucket too."""
        for name, value in self.CREDENTIALS.items():
            monkeypatch.setenv(name, value)
        settings.STORAGES = {**settings.STORAGES, "default": self.storage()}

    def close(self):
        self.server.stop()


def get(url, headers=None, timeout=10):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until(predicate, timeout, interval=0.02, since=None):
    """Seconds until ``predicate()`` held (counted from ``since``, a time.monotonic(), or
    now), polling; fails after ``timeout`` seconds."""
    began = time.monotonic() if since is None else since
    while True:
        if predicate():
            return time.monotonic() - began
        if time.monotonic() - began > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(interval)
