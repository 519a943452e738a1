"""Where ``panda login`` keeps the server and its tokens: the user's config dir, mode 0600."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_SERVER = "http://127.0.0.1:5000"


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "coding-panda" / "credentials.json"


@dataclass
class Credentials:
    server: str
    access_token: str
    refresh_token: str


def load() -> Credentials | None:
    path = config_path()
    try:
        data = json.loads(path.read_text())
        return Credentials(**{key: str(data[key]) for key in ("server", "access_token", "refresh_token")})
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise SystemExit(f"{path}: unreadable ({exc}); run `panda login` again") from None


def save(credentials: Credentials) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written then renamed: a crash never leaves half a file; 0600: the tokens are secrets.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(asdict(credentials), file)
    os.replace(tmp, path)
    return path
