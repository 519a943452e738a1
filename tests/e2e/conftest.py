"""The web's fixtures (a Flask app on the suite's database and Redis, its users) for
the tests here that drive web in-process and judge what it packed."""

from tests.web.conftest import (  # noqa: F401 - fixtures, found by name
    app,
    app_config,
    client,
    contestant,
    judge_queue,
    make_app,
    setter,
)
