"""dvc.yaml and dvc.lock agree: every lock entry belongs to a stage that still exists.

DVC keeps the lock entries of removed or renamed stages; they are never checked again, but
every `dvc repro` parses them, and a reader of dvc.lock takes them for live stages.
"""

import yaml

from analysis import paths


def stage_names() -> set[str]:
    stages = yaml.safe_load((paths.ROOT / "dvc.yaml").read_text())["stages"]
    names = set()
    for name, stage in stages.items():
        if "foreach" in stage:
            names |= {f"{name}@{key}" for key in stage["foreach"]}
        else:
            names.add(name)
    return names


def test_dvc_lock_has_no_entry_for_a_stage_that_is_gone():
    locked = set(yaml.safe_load((paths.ROOT / "dvc.lock").read_text())["stages"])
    assert locked - stage_names() == set()
    assert stage_names() - locked == set(), "a stage never ran: run `dvc repro`"


def test_no_stage_lists_a_dependency_twice():
    lock = yaml.safe_load((paths.ROOT / "dvc.lock").read_text())["stages"]
    for name, stage in lock.items():
        deps = [d["path"] for d in stage.get("deps", [])]
        assert len(deps) == len(set(deps)), name


def test_every_stage_that_runs_code_depends_on_the_lock():
    """A library upgrade (a new requirements.lock) reruns the pipeline."""
    stages = yaml.safe_load((paths.ROOT / "dvc.yaml").read_text())["stages"]
    for name, stage in stages.items():
        body = stage.get("do", stage)
        if "python" in body["cmd"]:
            assert "requirements.lock" in body.get("deps", []), name
