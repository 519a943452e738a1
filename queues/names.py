"""The names every side shares: how a problem scores, which checkers exist, which
programs a setter gives, how a group aggregates. Web validates against these,
judges implement them (a test checks that the judge's registries match).
"""

from __future__ import annotations

# Scoring: ICPC stops at the first failing test (one verdict); IOI runs every test and adds points.
ICPC, IOI = "icpc", "ioi"
SCORINGS = (ICPC, IOI)

# A contest's scoreboard: ICPC and IOI as above, or Codeforces-like points decaying over time.
STANDARD = "standard"
CONTEST_SCORINGS = (ICPC, IOI, STANDARD)

# The judge's built-in checkers, and the name of the output validator the test data carries.
BUILTIN_CHECKERS = ("tokens", "exact", "floats", "case_insensitive")
CUSTOM_CHECKER = "custom"
CHECKERS = (*BUILTIN_CHECKERS, CUSTOM_CHECKER)

# A setter's programs in the test data, by role.
VALIDATOR, INTERACTOR = "validator", "interactor"
PROGRAM_ROLES = (VALIDATOR, INTERACTOR)

# A test group's aggregation (a package's testdata.yaml): all or nothing, or test by test.
MIN, SUM = "min", "sum"
AGGREGATIONS = (MIN, SUM)
