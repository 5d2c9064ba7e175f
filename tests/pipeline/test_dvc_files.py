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


def test_every_stage_that_renders_a_chapter_depends_on_the_codebook():
    """Chapters take the words a reader sees (labels, the themes' descriptions) from the codebook:
    a label changed there must rerun them, although no processed table changes."""
    stages = yaml.safe_load((paths.ROOT / "dvc.yaml").read_text())["stages"]
    renders = {name: stage.get("do", stage) for name, stage in stages.items()
               if "build chapter" in stage.get("do", stage)["cmd"]}
    assert {"chapter", "summary", "methods"} <= set(renders)
    for name, body in renders.items():
        assert "data/raw/codebook.yaml" in body.get("deps", []), name


def test_the_summary_depends_on_the_chapter_scripts_it_links_to():
    """Its §-links are numbered from the headings of those scripts (analysis.publish.xref)."""
    import re

    deps = yaml.safe_load((paths.ROOT / "dvc.yaml").read_text())["stages"]["summary"]["deps"]
    script = (paths.NOTEBOOKS / "00_summary.py").read_text(encoding="utf-8")
    linked = set(re.findall(r'xref\.(?:section|chapter)\("(\d\d_[a-z]+)"', script))
    assert linked and {f"notebooks/{stem}.py" for stem in linked} <= set(deps)
