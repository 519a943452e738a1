"""/api/languages: what a submission's ``language`` may be."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from queues import LANGUAGES

bp = Blueprint("languages", __name__, url_prefix="/api/languages", description="Submission languages")


class LanguageSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()


@bp.route("", methods=["GET"])
@bp.response(200, LanguageSchema(many=True))
def list_languages() -> list[dict[str, Any]]:
    """Language ids accepted by ``POST /api/submissions``."""
    return [asdict(language) for language in LANGUAGES.values()]
