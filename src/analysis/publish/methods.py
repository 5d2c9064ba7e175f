"""The Data and methods chapter: which methods the results use, their references, and its sections.

A methods chapter must describe the methods the study actually ran, not the ones its code could
run. So the chapter does not list methods by hand: each entry of `METHODS` says how to recognise
its use in a model result (the `method` text every Result carries, or a detail it records), and
the chapter describes exactly the entries that some result of data/processed/models/ uses, with
how many results and which chapters. A result that no entry recognises is a method the chapter
would leave undescribed: `undescribed()` names them, and a test keeps that list empty.

The chapter's prose is written in the notebook as trusted Markdown templates (as `report.prose`
takes them) with two additions that keep it free of typed numbers:

* `[@wilson]` or `[@wilson; @newcombe]` cites in parentheses, author–date, linked to the methods
  bibliography ("(Wilson 1927; Newcombe 1998)"); `@wilson` cites in the sentence ("Wilson (1927)");
* `[§wilson]` refers to a section of the chapter ("section 7.5", a link): a method's key, or a key
  the notebook gives to one of its other headings.

Section numbers are computed, never typed: the chapter's headings are the second-level headings of
its own script (read as analysis.publish.xref reads them, numbered as the renderer numbers them),
and a method's section is the heading equal to its title. French quotations in the prose are marked
`lang="fr"`, their guillemets held to the words by no-break spaces.

The chapter reads the model results (data/processed/models/*.json) and the `clean` and `models`
sections of params.yaml, besides the codebook and the data package: the `methods` stage of dvc.yaml
must depend on them for the chapter to be rebuilt when they change.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from analysis import paths
from analysis.models.result import Result
from analysis.models.result import load as load_results
from analysis.publish import fmt, report

# ---------------------------------------------------------------------------------------------
# References


@dataclass(frozen=True)
class Reference:
    """A methodological reference, author–date. `container` is a journal (with `locator`: volume,
    issue and pages) or empty for a book (with `publisher`)."""

    key: str
    short: str  # the authors as cited: "Clopper & Pearson"
    year: int
    authors: str  # as listed: "Clopper, C. J., & Pearson, E. S."
    title: str
    container: str = ""
    locator: str = ""
    publisher: str = ""
    edition: str = ""

    @property
    def citation(self) -> str:
        return f"{self.short} {self.year}"

    def html(self) -> str:
        e = html.escape
        head = f"{e(self.authors)} {self.year}."
        if self.container:  # an article: title in quotation marks, journal in italics
            body = (f"“{e(self.title)}”. <em>{e(self.container)}</em>"
                    + (f" {e(self.locator)}" if self.locator else "") + ".")
        else:  # a book: title in italics
            body = (f"<em>{e(self.title)}</em>" + (f", {e(self.edition)}" if self.edition else "") + ". "
                    + e(self.publisher) + ".")
        return f"{head} {body}"


REFERENCES: dict[str, Reference] = {r.key: r for r in [
    Reference("agresti", "Agresti", 2013, "Agresti, A.", "Categorical Data Analysis", edition="3rd edition",
              publisher="Hoboken (NJ): Wiley"),
    Reference("altman-bland", "Altman & Bland", 1995, "Altman, D. G., & Bland, J. M.",
              "Absence of evidence is not evidence of absence", "BMJ", "311 (7003): 485"),
    Reference("brown-cai-dasgupta", "Brown, Cai & DasGupta", 2001, "Brown, L. D., Cai, T. T., & DasGupta, A.",
              "Interval estimation for a binomial proportion", "Statistical Science", "16 (2): 101–133"),
    Reference("brown-heathers", "Brown & Heathers", 2017, "Brown, N. J. L., & Heathers, J. A. J.",
              "The GRIM test: a simple technique detects numerous anomalies in the reporting of results in "
              "psychology", "Social Psychological and Personality Science", "8 (4): 363–369"),
    Reference("clopper-pearson", "Clopper & Pearson", 1934, "Clopper, C. J., & Pearson, E. S.",
              "The use of confidence or fiducial limits illustrated in the case of the binomial", "Biometrika",
              "26 (4): 404–413"),
    Reference("cochran", "Cochran", 1977, "Cochran, W. G.", "Sampling Techniques", edition="3rd edition",
              publisher="New York: Wiley"),
    Reference("cox-snell", "Cox & Snell", 1989, "Cox, D. R., & Snell, E. J.", "Analysis of Binary Data",
              edition="2nd edition", publisher="London: Chapman and Hall"),
    Reference("efron-tibshirani", "Efron & Tibshirani", 1993, "Efron, B., & Tibshirani, R. J.",
              "An Introduction to the Bootstrap", publisher="New York: Chapman and Hall"),
    Reference("fisher", "Fisher", 1935, "Fisher, R. A.", "The Design of Experiments",
              publisher="Edinburgh: Oliver and Boyd"),
    Reference("heitjan-rubin", "Heitjan & Rubin", 1991, "Heitjan, D. F., & Rubin, D. B.",
              "Ignorability and coarse data", "The Annals of Statistics", "19 (4): 2244–2253"),
    Reference("jeffreys", "Jeffreys", 1946, "Jeffreys, H.",
              "An invariant form for the prior probability in estimation problems",
              "Proceedings of the Royal Society of London, Series A", "186 (1007): 453–461"),
    Reference("kendall-babington-smith", "Kendall & Babington Smith", 1939, "Kendall, M. G., & Babington Smith, B.",
              "The problem of m rankings", "The Annals of Mathematical Statistics", "10 (3): 275–287"),
    Reference("legendre", "Legendre", 2005, "Legendre, P.",
              "Species associations: the Kendall coefficient of concordance revisited",
              "Journal of Agricultural, Biological, and Environmental Statistics", "10 (2): 226–245"),
    Reference("manski", "Manski", 2003, "Manski, C. F.", "Partial Identification of Probability Distributions",
              publisher="New York: Springer"),
    Reference("mann-whitney", "Mann & Whitney", 1947, "Mann, H. B., & Whitney, D. R.",
              "On a test of whether one of two random variables is stochastically larger than the other",
              "The Annals of Mathematical Statistics", "18 (1): 50–60"),
    Reference("mccullagh-nelder", "McCullagh & Nelder", 1989, "McCullagh, P., & Nelder, J. A.",
              "Generalized Linear Models", edition="2nd edition", publisher="London: Chapman and Hall"),
    Reference("miettinen-nurminen", "Miettinen & Nurminen", 1985, "Miettinen, O., & Nurminen, M.",
              "Comparative analysis of two rates", "Statistics in Medicine", "4 (2): 213–226"),
    Reference("morris-white-crowther", "Morris, White & Crowther", 2019,
              "Morris, T. P., White, I. R., & Crowther, M. J.",
              "Using simulation studies to evaluate statistical methods", "Statistics in Medicine",
              "38 (11): 2074–2102"),
    Reference("newcombe", "Newcombe", 1998, "Newcombe, R. G.",
              "Interval estimation for the difference between independent proportions: comparison of eleven "
              "methods", "Statistics in Medicine", "17 (8): 873–890"),
    Reference("pitman", "Pitman", 1937, "Pitman, E. J. G.",
              "Significance tests which may be applied to samples from any populations. II. The correlation "
              "coefficient test", "Supplement to the Journal of the Royal Statistical Society", "4 (2): 225–232"),
    Reference("saltelli", "Saltelli et al.", 2008, "Saltelli, A., Ratto, M., Andres, T., Campolongo, F., Cariboni, J., "
              "Gatelli, D., Saisana, M., & Tarantola, S.", "Global Sensitivity Analysis: The Primer",
              publisher="Chichester: Wiley"),
    Reference("seabold-perktold", "Seabold & Perktold", 2010, "Seabold, S., & Perktold, J.",
              "statsmodels: econometric and statistical modeling with Python",
              "Proceedings of the 9th Python in Science Conference", "92–96"),
    Reference("spearman", "Spearman", 1904, "Spearman, C.", "The proof and measurement of association between two "
              "things", "The American Journal of Psychology", "15 (1): 72–101"),
    Reference("virtanen", "Virtanen et al.", 2020, "Virtanen, P., Gommers, R., Oliphant, T. E., et al.",
              "SciPy 1.0: fundamental algorithms for scientific computing in Python", "Nature Methods",
              "17: 261–272"),
    Reference("wedderburn", "Wedderburn", 1974, "Wedderburn, R. W. M.",
              "Quasi-likelihood functions, generalized linear models, and the Gauss–Newton method", "Biometrika",
              "61 (3): 439–447"),
    Reference("weisberg", "Weisberg", 2005, "Weisberg, S.", "Applied Linear Regression", edition="3rd edition",
              publisher="Hoboken (NJ): Wiley"),
    Reference("wilson", "Wilson", 1927, "Wilson, E. B.",
              "Probable inference, the law of succession, and statistical inference",
              "Journal of the American Statistical Association", "22 (158): 209–212"),
]}


# ---------------------------------------------------------------------------------------------
# The methods, and how a result shows that it used one


@dataclass(frozen=True)
class Method:
    """One method of the study. A result uses it when its `method` text contains one of `says`
    (case-insensitive), its name one of `named`, or its details hold one of `records`."""

    key: str
    title: str  # the heading of its section
    name: str  # its name in the overview table
    answers: str  # what it answers in this study, for the overview table
    reference_distribution: str
    refs: tuple[str, ...]
    says: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    section: bool = True  # False: reported in the overview only (figures taken as printed)

    def used_by(self, result: Result) -> bool:
        method = (result.method or "").casefold()
        return (any(s.casefold() in method for s in self.says) or any(s in result.name for s in self.named)
                or any(k in result.details for k in self.records))


METHODS: tuple[Method, ...] = (
    Method("wilson", "Intervals for a share: the Wilson score interval", "Wilson score interval",
           "sampling uncertainty of a printed share", "normal (score test inverted)",
           ("wilson", "brown-cai-dasgupta", "clopper-pearson", "cochran"),
           says=("wilson score", "clopper-pearson", "hypergeometric")),
    Method("printed-precision", "Which counts and bases a printed share allows",
           "Whole counts consistent with a printed figure", "the base a share was computed on; whether outlets "
           "report one number", "none (arithmetic)", ("brown-heathers",),
           says=("consistent with the printed figure", "consistent with every report", "range from the rounding"),
           records=("smallest_consistent_n",)),
    Method("n-grid", "Sample sizes nobody published: intervals over a grid of n", "Interval over a grid of n",
           "what a share allows when its n is unknown", "normal, at each n", ("manski", "saltelli"),
           says=("over n in", "over the n grid"), named=("(n = ",)),
    Method("jeffreys", "A Bayesian interval for a rounded share of unknown n",
           "Jeffreys posterior for a rounded share", "a share's uncertainty, weighing the bases it can "
           "come from",
           "exact mixture of beta posteriors", ("jeffreys", "heitjan-rubin", "brown-cai-dasgupta"),
           says=("jeffreys",), records=("censored_interval",)),
    Method("bounds", "What non-response allows: worst-case bounds", "Worst-case non-response bounds",
           "the share among all units surveyed, whatever non-respondents think", "none (bounds)", ("manski",),
           says=("manski",)),
    Method("newcombe", "Two shares compared: Newcombe's interval and the score test",
           "Newcombe interval and score test", "whether two shares differ", "normal (score)",
           ("newcombe", "miettinen-nurminen"), says=("newcombe",)),
    Method("fisher-splits", "Classes of unknown size: Fisher's exact test over every split",
           "Fisher's exact test over every class split", "whether two size classes differ",
           "hypergeometric (exact, conditional)", ("fisher", "agresti"), says=("fisher's exact",)),
    Method("logit-trend", "Trends in shares on the logit scale", "Binomial and quasi-binomial trends; least "
           "squares on logits", "direction and pace of a share's change", "Student t on residual degrees of "
           "freedom, or normal", ("agresti", "wedderburn", "mccullagh-nelder", "cox-snell"),
           says=("logit link", "on the logits", "logistic curve", "difference between first and last points")),
    Method("growth", "Growth of counts: Poisson and quasi-Poisson models", "Poisson and quasi-Poisson growth models",
           "growth rate, doubling time, constant or slowing growth", "normal, or Student t when the scale is "
           "estimated", ("mccullagh-nelder", "wedderburn"),
           says=("poisson", "growth between first and last counts")),
    Method("extrapolation", "An old extrapolation tested against later observations",
           "Prediction intervals of an early line on the logit scale", "whether an early trend predicted later "
           "waves", "normal (binomial model), or Student t (least squares on logits)", ("weisberg", "agresti"),
           says=("prediction intervals at",)),
    Method("rank-correlation", "Rank correlation at small n: exact p-values, bootstrap and power",
           "Spearman correlation, exact permutation test, bootstrap, power", "association between two rankings of "
           "a handful of units", "exact permutation distribution", ("spearman", "pitman", "efron-tibshirani",
                                                                     "morris-white-crowther"),
           says=("spearman", "kendall tau", "simulation (")),
    Method("kendall-w", "Agreement of several rankings: Kendall's W", "Kendall's W", "whether studies rank "
           "domains alike", "exact permutation distribution", ("kendall-babington-smith", "legendre"),
           says=("kendall's w",)),
    Method("mann-whitney", "Two groups compared by ranks: the exact Mann–Whitney test", "Exact Mann–Whitney test",
           "whether one group of cities tends to be larger", "exact permutation distribution", ("mann-whitney",),
           says=("mann-whitney",)),
    Method("plans", "Plans and paces: rates from printed plans", "Plan arithmetic with a date sensitivity",
           "the pace a plan implies", "none (arithmetic)", ("saltelli",), says=("plan arithmetic",)),
    Method("as-printed", "", "Taken as printed", "figures reported without a model (a mean score, a total)",
           "none", (), says=("as printed", "sum of the respondents"), section=False),
)

BY_KEY = {m.key: m for m in METHODS}


def constant(module: str, name: str):
    """A module-level constant of one of the package's modules (`SMALL_N` of
    analysis.models.proportions), read from its source without importing it: the model modules
    import statsmodels, which would cost this chapter more than two seconds for four numbers."""
    import ast
    import importlib.util

    origin = importlib.util.find_spec(module).origin
    tree = ast.parse(Path(origin).read_text(encoding="utf-8"))
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) and node.value is not None else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{module} has no constant {name}")


def load_all(folder: Path | None = None) -> dict[str, dict[str, Result]]:
    """Every model group's results, by group (the files of data/processed/models/)."""
    folder = Path(folder or paths.MODELS)
    return {p.stem: load_results(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


Use = tuple[str, str, Result]  # (group, key, result)


def usage(results: dict[str, dict[str, Result]]) -> dict[str, list[Use]]:
    """For each method, the results that use it."""
    out: dict[str, list[Use]] = {m.key: [] for m in METHODS}
    for group, res in results.items():
        for key, r in res.items():
            for m in METHODS:
                if m.used_by(r):
                    out[m.key].append((group, key, r))
    return out


def undescribed(results: dict[str, dict[str, Result]]) -> list[str]:
    """The method texts of results that no entry of METHODS recognises."""
    return sorted({r.method for res in results.values() for r in res.values()
                   if not any(m.used_by(r) for m in METHODS)})


def chapter_of(group: str, notebooks: Path | None = None) -> int | None:
    """The chapter that reports a model group: the number of the notebook named NN_<group>."""
    from analysis.publish.pdf import LayoutError, chapter_number

    for p in sorted(Path(notebooks or paths.NOTEBOOKS).glob(f"*_{group}.py")):
        try:
            return chapter_number(p.stem)
        except LayoutError:
            continue
    return None


# ---------------------------------------------------------------------------------------------
# Words for numbers and dates

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def words(n: int) -> str:
    """A small whole number in words ("four"), larger ones in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else fmt.num(n)


def long_date(iso: str) -> str:
    """"2012-10-01" -> "1 October 2012"; "2012-09" -> "September 2012"; "2012" -> "2012"."""
    parts = str(iso).split("-")
    if len(parts) == 3:
        return fmt.day(date.fromisoformat(str(iso)))
    if len(parts) == 2:
        return fmt.month(parts[0], int(parts[1]))
    return str(iso)


def chapters_phrase(numbers: Iterable[int]) -> str:
    """"chapter 3" / "chapters 3 and 4"."""
    ns = sorted(set(numbers))
    if not ns:
        return "no chapter"
    return ("chapter " if len(ns) == 1 else "chapters ") + fmt.listing([str(n) for n in ns])


# ---------------------------------------------------------------------------------------------
# The chapter: its sections, citations and cross-references

_CITE_GROUP = re.compile(r"\[(@[a-z][a-z0-9-]*(?:\s*;\s*@[a-z][a-z0-9-]*)*)\]")
_CITE_ONE = re.compile(r"(?<![\w@\[(;])@([a-z][a-z0-9-]*)")
_SECTION = re.compile(r"\[§([a-z][a-z0-9-]*)\]")
#: A French quotation in guillemets: set in French (lang="fr"), its guillemets held to the words by
#: no-break spaces so that a line never starts with » or ends with «.
_FRENCH = re.compile(r"«\s*([^«»]*?)\s*»")


def french(text: str) -> str:
    """Every « quotation » of trusted Markdown marked as French, with no-break spaces inside."""
    return _FRENCH.sub(lambda m: f'<span lang="fr">«\u00a0{m.group(1)}\u00a0»</span>', text)


class MethodsBibliography:
    """The references the chapter cited, author–date, each with the anchor its citations link to."""

    def __init__(self, refs: Sequence[Reference]):
        self.refs = sorted(refs, key=lambda r: (r.short.casefold(), r.year))

    def _repr_html_(self) -> str:
        items = "".join(f'<li id="ref-{html.escape(r.key, quote=True)}" '
                        'style="margin:.35rem 0;padding-left:1.6em;text-indent:-1.6em">'
                        f"{r.html()}</li>" for r in self.refs)
        return ('<ul class="methods-bibliography" style="list-style:none;padding-left:0;font-size:.9rem">'
                + items + "</ul>")

    def __repr__(self) -> str:
        return "Methods bibliography: " + "; ".join(r.citation for r in self.refs)


@dataclass
class Chapter:
    """The methods chapter's bookkeeping: which methods the results use, its sections' numbers,
    the references it cited.

    The sections are the chapter script's own second-level headings, in order (as
    analysis.publish.xref reads them, and as the renderer numbers them). A method's section is the
    heading equal to its title; `sections` names the other headings a template may refer to, by a
    key and the words the heading starts with. Every method some result uses must have its
    section: a method the chapter would not describe stops the build."""

    stem: str
    results: dict[str, dict[str, Result]]
    sections: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None
    uses: dict[str, list[Use]] = field(init=False)
    headings: tuple[str, ...] = field(init=False)
    cited: dict[str, None] = field(init=False, default_factory=dict)

    def __post_init__(self):
        from analysis.publish.pdf import chapter_number
        from analysis.publish.xref import sections

        self.number = chapter_number(self.stem)
        self.uses = usage(self.results)
        self.headings = sections(self.stem, self.folder)
        missing = [m.title for m in self.used() if m.title not in self.headings]
        if missing:
            raise LookupError(f"notebooks/{self.stem}.py has no section for the method(s) the results use: "
                              + "; ".join(missing))
        for key in self.sections:
            self._index(key)  # every named section exists, once

    # --- what was used

    def used(self, *, sections_only: bool = True) -> list[Method]:
        return [m for m in METHODS if self.uses[m.key] and (m.section or not sections_only)]

    def results_of(self, key: str) -> list[Result]:
        return [r for _, _, r in self.uses[key]]

    def count(self, key: str) -> int:
        return len(self.uses[key])

    def chapters(self, key: str) -> list[int]:
        return sorted({c for g, _, _ in self.uses[key] if (c := chapter_of(g)) is not None})

    def all_results(self) -> list[Result]:
        return [r for res in self.results.values() for r in res.values()]

    # --- numbers and links

    def _index(self, key: str) -> int:
        """The place (from 1) of a section among the chapter's headings."""
        if key in BY_KEY:
            hits = [i for i, h in enumerate(self.headings, start=1) if h == BY_KEY[key].title]
        elif key in self.sections:
            hits = [i for i, h in enumerate(self.headings, start=1) if h.startswith(self.sections[key])]
        else:
            raise KeyError(f"no section is named {key!r}: a method key, or one of {sorted(self.sections)}")
        if len(hits) != 1:
            raise LookupError(f"notebooks/{self.stem}.py: {len(hits)} headings for section {key!r}")
        return hits[0]

    def section_number(self, key: str) -> str:
        return f"{self.number}.{self._index(key)}"

    def section_link(self, key: str) -> str:
        return f"[section {self.section_number(key)}](#{self.stem}-s{self._index(key)})"

    def cite(self, *keys: str, narrative: bool = False) -> str:
        refs = [REFERENCES[k] for k in keys]
        for k in keys:
            self.cited[k] = None
        if narrative:
            return "; ".join(f"[{r.short} ({r.year})](#ref-{r.key})" for r in refs)
        return "(" + "; ".join(f"[{r.citation}](#ref-{r.key})" for r in refs) + ")"

    def render(self, template: str, /, **values) -> report.Prose:
        """A template's citations and cross-references resolved, then its fields filled (escaped)."""
        text = textwrap.dedent(template).strip()
        text = _SECTION.sub(lambda m: self.section_link(m.group(1)), text)
        text = _CITE_GROUP.sub(lambda m: self.cite(*(k.strip().lstrip("@") for k in m.group(1).split(";"))),
                               text)
        text = _CITE_ONE.sub(lambda m: self.cite(m.group(1), narrative=True), text)
        return report.Prose(french(report.prose(text, **values)))

    def say(self, template: str, /, **values) -> Markdown:
        """A paragraph of the chapter: trusted Markdown with citations, cross-references and fields."""
        return Markdown(self.render(template, **values))

    def method(self, key: str, template: str, /, **values) -> Markdown:
        """The description of a method, under its heading; a method no result of this edition uses
        says so instead of describing what was not done."""
        if not self.uses[BY_KEY[key].key]:
            return Markdown(report.text("No result of this edition uses this method."))
        return self.say(template, **values)

    # --- tables

    def overview(self) -> pd.DataFrame:
        """One row per method used: its section, what it answers, its reference distribution,
        how many results use it and in which chapters."""
        rows = []
        for m in self.used(sections_only=False):
            rows.append({"Section": self.section_number(m.key) if m.section else "",
                         "Method": m.name, "Used for": m.answers,
                         "Reference distribution": m.reference_distribution,
                         "Results": self.count(m.key),
                         "Chapters": ", ".join(str(c) for c in self.chapters(m.key))})
        return pd.DataFrame(rows)

    def bibliography(self) -> MethodsBibliography:
        return MethodsBibliography([REFERENCES[k] for k in self.cited])


class KeptWhole:
    """A short table (analysis.publish.tables.Table) that the PDF lays out on one page, its caption
    with its rows: a table that may break can leave its caption alone at the foot of a page."""

    def __init__(self, table):
        self.table = table

    def _repr_html_(self) -> str:
        return ('<div class="kept-whole" style="break-inside: avoid; page-break-inside: avoid">'
                + self.table._repr_html_() + "</div>")

    def __repr__(self) -> str:
        return repr(self.table)


def kept_whole(table) -> KeptWhole:
    return KeptWhole(table)


# ---------------------------------------------------------------------------------------------
# How the parser reads French: the words it knows, and examples from the data

#: The parser matches words without accents; the reader sees them as French writes them.
_ACCENTS = {"pres de": "près de", "pres d'": "près d'", "au-dela de": "au-delà de"}


def qualifier_words() -> dict[str, list[str]]:
    """The words that make a figure approximate or a bound, by qualifier, as the parser knows them."""
    from analysis.data.parse import _PREFIXES

    return {q: [_ACCENTS.get(w, w) for w in ws] for q, ws in _PREFIXES}


KIND_OF_FIGURE = {"share": "share", "points": "difference in points", "count": "count", "change": "relative change",
                  "rank": "rank", "date": "date", "money": "amount in euros", "score": "score on a scale",
                  "rate": "rate", "duration": "duration"}


def _share(x: float) -> str:
    return fmt.pct(x, 0 if round(x * 100, 6).is_integer() else 1)


def _money(x: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"€{fmt.cell(x / size, 2)} {word}"
    return f"€{fmt.num(x)}"


def _step(row) -> str:
    """The step the figure was printed at; for an approximate figure, the step its bounds use."""
    unit, step = row["parsed_unit"], float(row["resolution"])
    if not pd.isna(row["denominator"]):
        return f"one in {fmt.num(row['denominator'])}"
    if not pd.isna(row["horizon_months"]):
        return f"one over {fmt.cell(row['horizon_months'])} months"
    if row["qualifier"] == "approximately":
        from analysis.data.clean import printed_step

        step = printed_step(row["expression"], row["unit"], step)
    if unit in ("share", "points", "change"):
        pts = round(step * 100, 6)
        return f"{fmt.cell(pts)} point" + ("" if pts == 1 else "s")
    if unit == "date":
        return "a day" if step < 1 / 24 else "a month" if step < 1 / 2 else "a year"
    if unit == "rate":
        return f"{fmt.cell(step)} a month"
    if unit == "duration":
        return f"{fmt.cell(step)} year" + ("" if step == 1 else "s")
    if unit == "money":
        return _money(step)
    return fmt.num(step) if float(step).is_integer() else fmt.cell(step)


def _value(unit: str, x: float, row) -> str:
    if unit == "share":
        return _share(x)
    if unit == "points":
        return f"{fmt.cell(round(x * 100, 6))} points"
    if unit == "change":
        return "+" + _share(x) if x > 0 else _share(x)
    if unit == "money":
        return _money(x)
    if unit == "rank":
        n = int(x)
        return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
    if unit == "score":
        return f"{fmt.cell(x)} out of {fmt.cell(row['scale'])}" if not pd.isna(row["scale"]) else fmt.cell(x)
    if unit == "rate":
        return f"{fmt.cell(x, 2)} a month"
    if unit == "duration":
        return f"{fmt.cell(x)} years"
    return fmt.num(x) if float(x).is_integer() else fmt.cell(x, 2)


def _reading(row) -> tuple[str, str]:
    """What a parsed figure reads as, and the range its words allow, in the figure's own unit."""
    unit, q = row["parsed_unit"], row["qualifier"]
    if q == "scale":
        return "the bounds of a scale", f"{fmt.cell(row['scale_min'])} to {fmt.cell(row['scale_max'])}"
    if unit == "date":
        text = long_date(row["date_iso"]) if isinstance(row["date_iso"], str) else ""
        return text, ("any day of that month" if q == "range" else "that day")
    value = _value(unit, row["value"], row)
    if not pd.isna(row["horizon_months"]) and unit in ("count", "rate"):
        months = fmt.cell(row["horizon_months"])
        if not pd.isna(row["count_low"]):
            value = f"{fmt.cell(row['count_low'])} to {fmt.cell(row['count_high'])} within {months} months"
    elif unit == "rate" and not pd.isna(row["period_months"]) and row["period_months"] > 1:
        value = f"{value} over {fmt.cell(row['period_months'])} months"
    lo, hi = row["lower"], row["upper"]
    if not pd.isna(row["horizon_months"]):
        allowed = f"{fmt.cell(lo, 2)} to {fmt.cell(hi, 2)} a month"
    elif q == "more_than":
        allowed = f"above {_value(unit, lo, row)}"
    elif q == "at_least":
        allowed = f"{_value(unit, lo, row)} or more"
    elif q == "less_than":
        allowed = f"below {_value(unit, hi, row)}"
    elif not pd.isna(lo) and not pd.isna(hi) and lo != hi:
        allowed = f"{_value(unit, lo, row)} to {_value(unit, hi, row)}"
    else:
        allowed = "that value"
    return value, allowed


def reading_examples(figures: pd.DataFrame, word_step: float) -> pd.DataFrame:
    """A few printed figures from the data: one for each qualifier, and one of each form the text
    discusses (an approximate share, a word fraction, a count « sur » a base, a pace to a horizon, a
    date, a score, an amount), with what each reads as."""
    chosen: list[int] = []

    def take(mask):
        hits = figures.index[mask & ~figures.index.isin(chosen)]
        if len(hits):
            chosen.append(int(hits[0]))

    share, q = figures["parsed_unit"].eq("share"), figures["qualifier"]
    for qualifier in q.drop_duplicates():
        take(q.eq(qualifier) & (share | ~q.eq("exact")))
    take(q.eq("approximately") & share)
    take(figures["resolution"].eq(word_step) & q.eq("exact") & figures["value"].between(0.01, 0.99))
    take(figures["denominator"].notna())
    take(figures["horizon_months"].notna() & figures["count_low"].notna())
    for unit in ("date", "score", "money"):
        if not figures.loc[chosen, "parsed_unit"].eq(unit).any():
            take(figures["parsed_unit"].eq(unit) & q.eq("exact"))
    rows = []
    for i in sorted(chosen):
        r = figures.loc[i]
        value, allowed = _reading(r)
        unit = r["parsed_unit"]
        rows.append({"As printed": f"«\u00a0{r['expression']}\u00a0»",
                     "Kind of figure": "a scale" if r["qualifier"] == "scale" else KIND_OF_FIGURE.get(unit, unit),
                     "qualifier": r["qualifier"], "Reads as": value, "Range the words allow": allowed,
                     "Printed step": _step(r) if not pd.isna(r["resolution"]) else ""})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# The preferred report, in words

STATUS_WORDS = {"printed": "figures printed in so many words", "paraphrased": "paraphrases",
                "unverified": "unverified reports", "uncertain": "uncertain ones"}


def preference_in_words(rule: dict) -> list[str]:
    """Each criterion of the preferred-report rule (params.yaml, clean) as a clause, in order."""
    from analysis.publish import labels

    clauses = []
    for c in rule["preferred_order"]:
        if c == "source_kind":
            kinds = [labels.term(k, "kind") for k in rule["source_kind_rank"]]
            clauses.append(f"the kind of document, in the order {', '.join(kinds)}")
        elif c == "status":
            st = [STATUS_WORDS.get(s, s) for s in rule["status_rank"]]
            clauses.append(f"how directly the figure is attested: {st[0]} before {fmt.listing(st[1:])}")
        elif c == "precision":
            clauses.append("precision: an exact figure before a range, a range before an approximate figure or a "
                           "bound, then the narrower range and the finer printed step")
        elif c == "earliest":
            clauses.append("the earlier document")
        elif c == "latest":
            clauses.append("the later document")
        else:
            clauses.append(c.replace("_", " "))
    return clauses


# ---------------------------------------------------------------------------------------------
# Parameters: what nobody published, and the choices made instead

@dataclass(frozen=True)
class Parameter:
    paths: tuple[str, ...]  # params.yaml keys, e.g. models.markess.n_grid
    quantity: str  # in words
    kind: str  # "not published" or "a choice"
    group: str  # the chapter that reports it (a model group's name)
    show: Callable[..., str] = lambda *v: "; ".join(_plain(x) for x in v)


def _plain(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ", ".join(_plain(x) for x in v)
    if isinstance(v, (int, float)):
        return fmt.num(v) if float(v).is_integer() and abs(v) >= 10_000 else str(v)
    return str(v)


def _dates(central, tried) -> str:
    tried = sorted(tried)
    if not tried:
        return long_date(central)
    span = f"{words(len(tried))} dates from {long_date(tried[0])} to {long_date(tried[-1])}"
    return (f"{long_date(central)}, one of the {span} tried" if central in tried
            else f"{long_date(central)}; also {span}")


def _studies(v) -> str:
    from analysis.publish import labels

    return fmt.listing([labels.term(s, "study") for s in v])


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(("models.interconnectes.n_alternatives",), "How many collectivités answered the barometer of "
              "large collectivités", "not published", "interconnectes"),
    Parameter(("models.markess.n_grid",), "How many decision makers answered Markess", "not published", "markess"),
    Parameter(("models.pac.reference_date", "models.pac.reference_dates"), "When the PAC cities stated their plans",
              "not published", "pac", _dates),
    Parameter(("models.lecko.include_overseas",), "Whether Lecko's most populous cities include Saint-Denis (La "
              "Réunion) rather than Limoges", "not published", "lecko"),
    Parameter(("models.pac.power_rho",), "The true correlation the power calculation looks for", "a choice", "pac"),
    Parameter(("models.trends.horizon",), "The year projections reach", "a choice", "trends"),
    Parameter(("models.synthesis.concordance_studies",), "The studies whose domain rankings are compared", "a choice",
              "synthesis", _studies),
)


def _lookup(tree: dict, path: str):
    node = tree
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def parameters_table(params: dict, *, with_keys: bool = False) -> pd.DataFrame:
    """The parameters of PARAMETERS present in `params`, in words (and, for reviewers, by key)."""
    rows = []
    for p in PARAMETERS:
        values = [_lookup(params, path) for path in p.paths]
        if any(v is None for v in values):
            continue
        c = chapter_of(p.group)
        row = {"Quantity": p.quantity, "Value(s) used": p.show(*values), "Why a parameter": p.kind,
               "Chapter": "" if c is None else str(c)}
        if with_keys:
            row = {"Parameter": ", ".join(p.paths), **row}
        rows.append(row)
    return pd.DataFrame(rows)


__all__ = ["BY_KEY", "Chapter", "KeptWhole", "METHODS", "Method", "MethodsBibliography", "PARAMETERS", "REFERENCES",
           "Reference", "chapter_of", "chapters_phrase", "constant", "french", "kept_whole", "load_all", "long_date",
           "parameters_table", "preference_in_words", "qualifier_words", "reading_examples", "undescribed", "usage",
           "words"]
