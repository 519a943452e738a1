"""Judge node: an RQ worker that compiles and runs untrusted code in a sandbox."""
