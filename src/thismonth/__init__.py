"""thismonth: draft a community's "This Month in X" newsletter from its repositories.

The package is laid out as the pipeline it runs (see docs/design.md):
``sources`` -> ``store`` -> ``compose`` -> ``render`` -> ``draft`` -> ``check`` / ``publish`` / ``site``.
"""

from thismonth.errors import ThisMonthError
from thismonth.months import Month

__all__ = ["Month", "ThisMonthError", "__version__"]
__version__ = "0.1.0"
