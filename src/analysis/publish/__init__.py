"""Publication out: what turns results into the study a person reads.

`fmt` writes numbers in prose, `tables` and `figures`/`plots` show them, `report` collects a
chapter's findings, `render` (nbconvert exporters) and `pdf` lay out chapters, `book` assembles
the study and its landing page; `masthead` and `templates/` hold what every page shares, and
`pages` renders the package's own pages from those templates, autoescaped. Text from data is
escaped where it is written: `report.say`/`report.text`, `tables.style`, the templates.
"""
