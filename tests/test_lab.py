"""The reviewer's JupyterLab: it starts on a free loopback port, lists and opens the notebooks."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request

import pytest

from analysis import paths

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_lists_and_opens_notebooks(tmp_path):
    port, token = free_port(), "reviewer-test"
    proc = subprocess.Popen(
        ["bash", str(paths.ROOT / "scripts" / "lab.sh"), "--no-browser", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.runtime_dir={tmp_path}"],
        cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                req = urllib.request.Request(f"{base}/api/contents", headers=headers)
                listing = json.load(urllib.request.urlopen(req, timeout=5))
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    log = proc.stdout.read() if proc.poll() is not None else ""
                    raise AssertionError(f"JupyterLab did not start: {log}") from None
                time.sleep(0.5)
        names = {item["name"] for item in listing["content"]}
        assert {p.name for p in paths.NOTEBOOKS.glob("*.ipynb")} <= names
        req = urllib.request.Request(f"{base}/api/contents/10_lecko.ipynb", headers=headers)
        nb = json.load(urllib.request.urlopen(req, timeout=10))
        assert nb["type"] == "notebook"
        assert any("parameters" in c["metadata"].get("tags", []) for c in nb["content"]["cells"])
        req = urllib.request.Request(f"{base}/lab", headers=headers)
        assert urllib.request.urlopen(req, timeout=10).status == 200
        kernels = json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/api/kernelspecs", headers=headers)))
        assert "python3" in kernels["kernelspecs"]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
