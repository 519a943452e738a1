"""What the tests and the benchmarks run against, from the checkout (not installed):
the real processes of a cluster (``stack``) and throw-away PostgreSQL schemas (``databases``)."""
