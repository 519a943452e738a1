"""What a problem may ask of the judge: read by the web API's schemas and by the
package reader, so a problem made either way stays within the same bounds."""

from __future__ import annotations

MIN_TIME_LIMIT_MS = 50
MAX_TIME_LIMIT_MS = 60_000
MIN_MEMORY_LIMIT_KB = 16 * 1024
MAX_MEMORY_LIMIT_KB = 4 * 1024 * 1024
# The most one score value may be: a group's points, a test's, a package's
# accept_score / max_score. Far above any contest's, far below float's range, so a
# sum of them stays finite (and JSON).
MAX_POINTS = 1_000_000.0
