"""``panda``: the problem setter's command line (log in, upload, verify, export, list, delete)."""
