"""The study's figure theme, and figures that cost nothing to notebooks that draw none."""

import subprocess
import sys

from conftest import ROOT


def run(code: str) -> str:
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks", capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def test_a_notebook_with_tables_only_never_imports_the_plotting_stack():
    out = run("import sys; from analysis.publish import figures, tables, report, fmt;"
              "from analysis.data.load import Processed;"
              "figures.start_chapter(); print(figures.table_caption('x'));"
              "print(sorted(m for m in ('seaborn', 'matplotlib', 'scipy.stats') if m in sys.modules))")
    assert out.splitlines() == ["Table 1. x", "[]"]


def test_importing_plots_applies_the_study_theme_and_start_chapter_keeps_it():
    out = run("import matplotlib; matplotlib.rcParams['axes.spines.top'] = True;"
              "from analysis.publish import figures, plots; from matplotlib import rcParams as rc;"
              "print(matplotlib.get_backend(), rc['axes.spines.top'], rc['font.family'], rc['svg.hashsalt']);"
              "rc['axes.spines.top'] = True; figures.start_chapter(); print(rc['axes.spines.top']);"
              "from matplotlib.colors import to_hex;"
              "print([to_hex(c) for c in rc['axes.prop_cycle'].by_key()['color'][:3]])")
    lines = out.splitlines()
    assert lines[0] == "Agg False ['DejaVu Sans'] e-administration"
    assert lines[1] == "False"
    assert lines[2] == "['#0072b2', '#e69f00', '#009e73']"  # Okabe-Ito


def test_the_frozen_theme_is_what_seaborn_set_theme_gives():
    """The theme is seaborn's, written out as matplotlib settings so that drawing needs no seaborn."""
    out = run("import json, matplotlib; matplotlib.use('Agg'); import seaborn as sns;"
              "from analysis.publish.figures import THEME, PALETTE, FONT, DPI;"
              "sns.set_theme(context='notebook', style='whitegrid', palette=PALETTE, rc={'font.family': FONT,"
              "'axes.titleweight': 'bold', 'figure.dpi': DPI, 'savefig.dpi': DPI, 'svg.hashsalt': 'e-administration',"
              "'axes.spines.right': False, 'axes.spines.top': False});"
              "rc = matplotlib.rcParams; print(json.dumps([k for k, v in THEME.items() if rc[k] != v]))")
    assert out == "[]"
