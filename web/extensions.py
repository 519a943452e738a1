"""Extension objects, bound to an app in ``create_app`` (Flask's pattern)."""

from __future__ import annotations

from flask_jwt_extended import JWTManager
from flask_socketio import SocketIO

from web.api_docs import GuardSecurityPlugin
from web.errors import PandaApi

socketio = SocketIO()
jwt = JWTManager()
api: PandaApi = PandaApi(spec_kwargs={"extra_plugins": [GuardSecurityPlugin(lambda: api.documented_app)]})
