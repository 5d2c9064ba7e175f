"""One environment, said in every ecosystem's own file, and the citation metadata that goes with it.

The pip lock, environment.yml and binder/requirements.txt pin the same direct dependencies at the
same versions; pyproject.toml names them; CITATION.cff, .zenodo.json and the package agree on the
version.
"""

import csv
import json
import os
import re
import tomllib
from datetime import date

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


# --- pyproject.toml: the package's metadata names the same direct dependencies ---------------------

def pyproject():
    return tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]


def requirement_name(requirement: str) -> str:
    return canonical(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip()).group(0))


def test_pyproject_dependencies_and_extras_are_requirements_in():
    project = pyproject()
    groups = {"runtime": project["dependencies"], **project["optional-dependencies"]}
    names = [requirement_name(r) for reqs in groups.values() for r in reqs]
    assert len(names) == len(set(names)), "a dependency is listed twice"
    assert sorted(names) == sorted(direct_dependencies())
    assert set(project["optional-dependencies"]) == {"test", "dev"}


def test_version_is_the_same_everywhere():
    import analysis

    version = pyproject()["version"]
    assert analysis.__version__ == version
    assert citation()["version"] == version
    assert zenodo()["version"] == version


# --- CITATION.cff and .zenodo.json ----------------------------------------------------------------

def citation():
    return yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def zenodo():
    return json.loads((paths.ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def test_citation_cff_has_the_required_keys():
    cff = citation()
    for key in ("cff-version", "message", "title", "authors", "version", "date-released", "license", "type",
                "references"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["authors"] == [{"name": "e-administration notebooks contributors"}]
    assert sorted(cff["license"]) == ["CC-BY-4.0", "MIT"]
    assert isinstance(cff["version"], str) and isinstance(cff["date-released"], str)  # quoted, as the schema wants
    assert date.fromisoformat(cff["date-released"])
    assert "repository-code" not in cff  # not known yet: no guessed address


def test_citation_cff_references_the_four_studies():
    refs = citation()["references"]
    assert len(refs) == 4
    authors = [" / ".join(a["name"] for a in ref["authors"]) for ref in refs]
    assert authors == ["Lecko", "Pierre Audouin Consultants (PAC)", "Les Interconnectés / Kurt Salmon", "Markess"]
    sources = {row["url"] for row in csv.DictReader((paths.ROOT / "data/raw/sources.csv").open(encoding="utf-8"))}
    for ref in refs:
        assert ref["type"] == "report" and ref["title"], ref
        assert all(set(a) == {"name"} for a in ref["authors"]), "authors are entities"
        assert ref["url"] in sources, f"{ref['title']}: the press address is one of data/raw/sources.csv"
        assert isinstance(ref.get("year", 0), int)


def test_zenodo_agrees_with_citation_cff():
    z, cff = zenodo(), citation()
    assert z["upload_type"] == "dataset"
    assert z["title"] == cff["title"]
    assert z["publication_date"] == cff["date-released"]
    assert z["creators"] == cff["authors"]
    assert z["license"] == "cc-by-4.0" and "MIT" in z["notes"]
    assert z["keywords"] == cff["keywords"]
    assert z["language"] == "eng"
    assert len(z["references"]) == len(cff["references"])


# --- Binder (repo2docker) -------------------------------------------------------------------------

def test_binder_requirements_are_the_lock():
    assert (paths.ROOT / "binder/requirements.txt").read_bytes() == (paths.ROOT / "requirements.lock").read_bytes()
    assert (paths.ROOT / "binder/runtime.txt").read_text().strip() == "python-3.11"


def test_binder_apt_lists_the_system_packages_of_the_pdfs():
    script = (paths.ROOT / "scripts/system-deps.sh").read_text()
    installed = set(re.findall(r"missing\+=\(([^)\s]+)\)", script))
    # chromium is the browser of the HTML tests only; Ubuntu, under repo2docker, ships it as a snap.
    assert "chromium" in installed
    wanted = installed - {"chromium"}
    assert {"poppler-utils", "libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"} <= wanted
    apt = [ln.split("#")[0].strip() for ln in (paths.ROOT / "binder/apt.txt").read_text().splitlines()]
    apt = {ln for ln in apt if ln}
    assert wanted <= apt, sorted(wanted - apt)
    assert "libharfbuzz0b" in apt


def test_binder_post_build_installs_the_package_only():
    post = paths.ROOT / "binder/postBuild"
    assert os.access(post, os.X_OK)
    assert "pip install --no-cache-dir --no-deps -e ." in post.read_text()
