"""The glue DVC calls: `runner` executes a notebook with its params.yaml section (papermill),
`build` renders a chapter or assembles the book, `atomic` writes every output set all-or-nothing.
"""
