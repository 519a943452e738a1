"""frontend/build.mjs: one bundle per page with a manifest and sizes, and no
rebuild of an unchanged tree (make run and make test call it every time).
Runs the real esbuild on a copy of frontend/ (make test installs its packages first)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


@pytest.fixture
def frontend(tmp_path: Path) -> Path:
    if not (FRONTEND / "node_modules" / "esbuild").is_dir():
        pytest.fail("frontend/node_modules is missing: run `make ui` (make test does)")
    copy = tmp_path / "frontend"
    shutil.copytree(FRONTEND, copy, ignore=shutil.ignore_patterns("node_modules"))
    (copy / "node_modules").symlink_to(FRONTEND / "node_modules")
    return copy


def _build(frontend: Path, out: Path) -> str:
    done = subprocess.run(
        ["node", "build.mjs"],
        cwd=frontend,
        env={"PATH": "/usr/bin:/bin", "PANDA_UI_OUTDIR": str(out)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_page_gets_its_bundle_and_an_unchanged_tree_is_not_rebuilt(
    frontend: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ui"
    assert "built" in _build(frontend, out)
    pages = {path.stem for path in (frontend / "src" / "pages").glob("*.js")}
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest) == pages
    for entry in manifest.values():
        assert (out / entry["script"]).is_file()
        assert all((out / name).is_file() for name in entry["styles"] + entry["preload"])
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert (out / "swagger-ui" / name).stat().st_size > 0
    sizes = json.loads((out / "sizes.json").read_text())
    assert set(sizes) == pages and all(size["gzip"] > 0 for size in sizes.values())
    built_at = (out / "manifest.json").stat().st_mtime_ns

    assert "current" in _build(frontend, out)
    assert (out / "manifest.json").stat().st_mtime_ns == built_at

    page = frontend / "src" / "pages" / "login.js"
    page.write_text(page.read_text() + "\n// changed\n")
    assert "built" in _build(frontend, out)
    assert not (tmp_path / "ui.building").exists() and not (tmp_path / "ui.old").exists()
