"""/api/languages: what a submission's ``language`` may be, and what live judges offer."""

from __future__ import annotations

import logging
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint
from redis.exceptions import RedisError

from queues import LANGUAGES
from queues.registry import NODES_KEY, live_nodes, offered_languages
from web.queueing import app_queue_config, redis_connection

log = logging.getLogger(__name__)

bp = Blueprint("languages", __name__, url_prefix="/api/languages", description="Submission languages")


class LanguageSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    available = ma.fields.Boolean(metadata={"description": "a live judge node offers it"})
    versions = ma.fields.List(ma.fields.String(), metadata={"description": "versions live nodes run"})
    nodes = ma.fields.Integer(metadata={"description": "how many live nodes offer it"})


def _live_offer() -> dict[str, Any]:
    """What live judges offer; nothing when Redis cannot be read (as when none is alive)."""
    try:
        nodes = live_nodes(redis_connection(), app_queue_config().name(NODES_KEY))
    except RedisError as exc:
        log.warning("cannot read the judge registry: %s", exc)
        return {}
    return offered_languages(nodes)


@bp.route("", methods=["GET"])
@bp.response(200, LanguageSchema(many=True))
def list_languages() -> list[dict[str, Any]]:
    """The languages live judges offer, with their versions and node counts.

    With no judge alive, every language ``POST /api/submissions`` accepts,
    marked unavailable: submissions still queue up until a judge starts.
    """
    offered = _live_offer()
    if not offered:
        return [
            {"id": lang.id, "name": lang.name, "available": False, "versions": [], "nodes": 0}
            for lang in LANGUAGES.values()
        ]
    return [
        {
            "id": lang.id,
            "name": lang.name,
            "available": True,
            "versions": offered[lang.id].versions,
            "nodes": offered[lang.id].nodes,
        }
        for lang in LANGUAGES.values()
        if lang.id in offered
    ]
