"""thismonth: draft a community's "This Month in X" newsletter from its repositories.

The package is laid out as the pipeline it runs, each layer importing only the ones
below it (docs/design.md draws them; import-linter enforces them):
``markdown``/``config``/``models`` -> ``store`` -> ``sources`` -> ``compose`` -> ``render``
-> ``draft`` -> ``check`` -> ``site`` -> ``app`` (use cases) -> ``cli``.
Nothing is imported here, so that ``thismonth --help`` stays fast.
"""

__version__ = "0.1.0"
