"""``gunicorn web.wsgi:app`` (see ``panda-web serve``)."""

from web import create_app

app = create_app()
