"""Who is calling, and may they: one ``current_user`` and one role check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask_jwt_extended import get_current_user, jwt_required, verify_jwt_in_request

from web.errors import fail
from web.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])


def current_user() -> User | None:
    """The authenticated user, or None for an anonymous request (only
    after ``login_required``/``login_optional``/``roles_required``)."""
    try:
        return get_current_user()
    except RuntimeError:  # no token was verified in this request
        return None


def authenticated_user() -> User:
    """The authenticated user in a view behind ``login_required``."""
    user = current_user()
    if user is None:
        fail(401, "authentication required")
    return user


def login_required(view: F) -> F:
    return jwt_required()(view)


def login_optional(view: F) -> F:
    return jwt_required(optional=True)(view)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """401 without a valid token, 403 unless the user's current role (read
    from the DB, not the token's claim, so a demotion applies at once) is one
    of ``roles``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verify_jwt_in_request()
            user = current_user()
            if user is None or user.role not in roles:
                fail(403, f"requires role {' or '.join(r.value for r in roles)}")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
