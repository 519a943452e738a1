"""Problem packages over HTTP: the upload of an import and the zip of an export.

Reading and writing the format is ``problempkg``'s; turning a package into
rows is ``web.problems.package``'s. This module handles the files: the size
cap and one transaction per import (``web.problems.imports`` decides where an
import runs: in the request, or as a job when it is big).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from flask import current_app, request, send_file
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from problempkg import PackageError, read_package, write_package
from web.db import get_session
from web.errors import UPLOAD_VIEW_ATTRIBUTE, fail
from web.models import Problem, User
from web.problems.package import package_from_problem, problem_from_package
from web.problems.reference import add_reference_submissions, enqueue_all
from web.problems.schemas import SLUG_PATTERN
from web.problems.testdata import Progress

F = TypeVar("F", bound=Callable[..., Any])


def package_upload(view: F) -> F:
    """A view taking a package upload: multipart allowed, capped at PANDA_MAX_PACKAGE_BYTES (413 beyond)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.max_content_length = current_app.config["PANDA_MAX_PACKAGE_BYTES"]
        return view(*args, **kwargs)

    setattr(wrapper, UPLOAD_VIEW_ATTRIBUTE, True)  # multipart, not JSON
    return wrapper  # type: ignore[return-value]


def import_package(
    path: Path,
    user: User,
    replace: bool,
    workdir: Path,
    progress: Progress | None = None,
    before_commit: Callable[[Problem], None] = lambda _problem: None,
) -> Problem:
    """The package zip at ``path`` as a problem, committed with whatever ``before_commit``
    adds; its tests are spooled to ``workdir`` and stored a chunk at a time, never
    whole in memory. A bad package aborts with the 4xx reply (``fail``). Its
    submissions/ files are then judged as reference submissions (web.problems.reference)."""
    spool = workdir / "tests"
    spool.mkdir()
    try:
        package = read_package(path, spool_dir=spool)
    except PackageError as exc:
        _package_error(exc)
    if not re.match(SLUG_PATTERN, package.slug):
        fail(
            422,
            f"the zip's name {package.slug!r} is not a slug (lowercase a-z0-9-)",
            {"package": ["bad name"]},
        )
    session = get_session()
    # Slugs are per setter: only the caller's own problem can clash (or be
    # replaced), so no reply tells whether another setter has used the slug.
    existing = session.scalar(
        select(Problem).where(Problem.author_id == user.id, Problem.slug == package.slug)
    )
    if existing is not None and not replace:
        fail(
            409,
            f"you have a problem with slug {package.slug!r} (replace=true replaces it)",
            {"slug": ["already taken"]},
        )
    try:
        problem = problem_from_package(session, package, existing, progress)
        if existing is None:
            problem.author_id = user.id
        references = add_reference_submissions(session, problem, package, user)
        before_commit(problem)
        session.commit()
    except PackageError as exc:
        session.rollback()
        _package_error(exc)
    except IntegrityError:  # a concurrent import of the same slug by the same setter
        session.rollback()
        fail(409, f"you have a problem with slug {package.slug!r}", {"slug": ["already taken"]})
    enqueue_all(session, references)
    return problem


def export_zip(problem: Problem) -> Response:
    """The problem as ``<slug>.zip``, written to a temporary folder removed once sent."""
    folder = Path(tempfile.mkdtemp(prefix="panda-export-"))
    try:
        path = folder / f"{problem.slug}.zip"
        write_package(package_from_problem(problem), path)
        response = send_file(path, mimetype="application/zip", as_attachment=True, download_name=path.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    response.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    return response


def _package_error(exc: PackageError) -> NoReturn:
    fail(422, exc.message, {"file": exc.path, "line": exc.line})
