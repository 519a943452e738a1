"""AI worker pool: hints and code analysis on the RQ queue "ai".

The tasks arrive with the AI issue; the worker process exists now so that
`make run` starts the whole cluster shape from day one.
"""
