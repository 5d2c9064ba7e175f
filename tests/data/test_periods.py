"""A printed period becomes the middle of the time it covers."""

import pytest

from analysis.data.periods import period_midpoint


@pytest.mark.parametrize("period, midpoint", [
    ("2013", 2013.5), ("2009-10", 2009 + 9.5 / 12), ("2024-02/2025-02", (2024 + 1 / 12 + 2025 + 2 / 12) / 2),
    ("2010/2012", 2011.5), (2014, 2014.5),
])
def test_the_middle_of_a_period(period, midpoint):
    assert period_midpoint(period) == pytest.approx(midpoint)


def test_a_chapter_placing_dates_imports_no_statistics():
    import subprocess
    import sys

    code = "import sys, analysis.data.periods; print('statsmodels' in sys.modules or 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
