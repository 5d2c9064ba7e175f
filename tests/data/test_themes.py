"""The coded statements grouped per study and into families across studies."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.data import codebook
from analysis.data import themes as coded
from analysis.data.load import Processed


@pytest.fixture(scope="module")
def book():
    return codebook.load()


@pytest.fixture(scope="module")
def themes():
    return Processed().themes


def test_a_study_tells_its_method_before_its_findings_and_lists_every_source(themes, book):
    rows = coded.of_study(themes, "lecko", book)
    order = [coded.THEME_ORDER.index(t) for t in rows["theme"]]
    assert order == sorted(order) and rows["theme"].iloc[0] == "method"
    assert not rows.duplicated(["theme", "code"]).any()
    user = rows[rows["code"] == "user_pressure"].iloc[0]
    expected = themes[(themes["study"] == "lecko") & (themes["code"] == "user_pressure")]["source_id"]
    assert set(user["sources"]) == set(expected) and len(user["sources"]) == len(set(expected)) > 1
    assert user["description"] == book.theme_codes["user_pressure"]["description"]


def test_a_study_without_coded_statements_gives_an_empty_frame(themes, book):
    assert coded.of_study(themes, "no_such_study", book).empty


def test_families_count_statements_and_studies_by_role(themes, book):
    fam = coded.across_studies(themes, book)
    assert set(fam["role"]) <= set(coded.ROLE.values())
    state = fam[(fam["family"] == "state")].set_index("role")
    assert set(state.loc["drove", "studies"]) == {"pac", "interconnectes"}
    assert state.loc["held back", "studies"] == ("lecko",)
    # every statement of a driver, barrier or success factor is counted once
    assert fam["statements"].sum() == themes["theme"].isin(codebook.FAMILY_THEMES).sum()
    # studies come in the codebook's order, not alphabetically
    users = fam[(fam["family"] == "users") & (fam["role"] == "drove")].iloc[0]
    assert users["studies"] == ("lecko", "pac")


def test_a_code_outside_every_family_is_an_error(themes, book):
    fams = {k: dict(v) for k, v in book.theme_families.items()}
    fams["users"] = {**fams["users"], "codes": ()}
    with pytest.raises(ValueError, match="user_pressure"):
        coded.across_studies(themes, dataclasses.replace(book, theme_families=fams))


def _write(tmp_path, text: str):
    src = codebook.paths.CODEBOOK.read_text(encoding="utf-8")
    p = tmp_path / "codebook.yaml"
    p.write_text(src.replace("theme_families:\n  users:\n    label: Demand from residents\n    codes: [user_pressure]",
                             text), encoding="utf-8")
    return p


def test_the_codebook_refuses_a_code_in_two_families(tmp_path):
    p = _write(tmp_path, "theme_families:\n  users:\n    label: Demand\n    codes: [user_pressure, fiscal_pressure]")
    with pytest.raises(codebook.CodebookError, match="fiscal_pressure.*already in family|already in family"):
        codebook._load(p)


def test_the_codebook_refuses_a_driver_in_no_family(tmp_path):
    p = _write(tmp_path, "theme_families:")  # the family of user_pressure removed
    with pytest.raises(codebook.CodebookError, match="in no family: .*user_pressure"):
        codebook._load(p)


def test_the_codebook_refuses_a_finding_in_a_family(tmp_path):
    p = _write(tmp_path, "theme_families:\n  users:\n    label: Demand\n    codes: [user_pressure, online_payment]")
    with pytest.raises(codebook.CodebookError, match="online_payment"):
        codebook._load(p)


def test_an_empty_frame_has_the_columns_of_a_full_one(book):
    empty = pd.DataFrame(columns=["theme_id", "source_id", "study", "theme", "code", "words", "note"])
    assert list(coded.across_studies(empty, book).columns)[:3] == ["family", "label", "role"]
