"""The pip lock and environment.yml pin the same direct dependencies at the same versions."""

import re

import yaml

from analysis import paths


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def direct_dependencies():
    lines = (paths.ROOT / "requirements.in").read_text().splitlines()
    return [canonical(ln.split("#")[0].strip()) for ln in lines if ln.split("#")[0].strip()]


def lock_pins():
    text = (paths.ROOT / "requirements.lock").read_text()
    return {canonical(k): v for k, v in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.M)}


def test_every_lock_entry_is_hashed():
    text = (paths.ROOT / "requirements.lock").read_text()
    entries = re.findall(r"^[A-Za-z0-9_.\-]+==\S+((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", text, re.M)
    assert len(entries) == len(lock_pins()) > 50


def test_environment_yml_agrees_with_the_lock():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_pins = {canonical(p.split("==")[0]): p.split("==")[1] for p in pip_section if "==" in p}
    lock = lock_pins()
    direct = direct_dependencies()
    assert sorted(conda_pins) == sorted(direct)
    for name in direct:
        assert conda_pins[name] == lock[name], name
    assert "python=3.11" in env["dependencies"]
