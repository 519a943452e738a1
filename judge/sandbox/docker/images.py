"""Which image runs which language, and the tag each image recipe builds.

Each runtime's recipe (images/<runtime>/Dockerfile) builds two images: the
full one (target ``full``: compilers and all) for the box that compiles, and
a slim one (target ``run``: the runtime and the job runner only) for boxes
that only run what was compiled. A tag is a hash of the recipe (the files under ``images/`` plus the image it
starts FROM), so ``images/build.sh`` rebuilds only what changed and the
backend knows whether the images it needs are current. The build script runs
it as a module with the project's venv (``python -m judge.sandbox.docker.images``).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from judge.config import settings
from queues.languages import LANGUAGES

IMAGES_DIR = Path(__file__).resolve().parents[3] / "images"
# Language id (judge/languages) -> runtime image (images/<runtime>/Dockerfile).
LANGUAGE_RUNTIMES = {lang.id: lang.docker_runtime for lang in LANGUAGES.values()}
# The user submissions run as in every image (images/base/Dockerfile).
RUNNER_UID = 10001
# Files whose bytes make up each recipe, relative to IMAGES_DIR.
_ROOT_RECIPE = ["base/build.sh"]
_BASE_RECIPE = ["base/Dockerfile", "base/panda-install", "base/panda-slim"]


def _hash(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class ImageSet:
    root: str  # the root file system image: the debootstrap import or an official image
    base: str
    runtimes: dict[str, str]  # runtime name -> tag of its full image (compilers and all)
    run_images: dict[str, str]  # runtime name -> tag of its slim run image

    def for_runtime(self, runtime: str, compiling: bool = True) -> str:
        return (self.runtimes if compiling else self.run_images)[runtime]

    def for_language(self, language_id: str, compiling: bool = True) -> str:
        try:
            return self.for_runtime(LANGUAGE_RUNTIMES[language_id], compiling)
        except KeyError:
            raise ValueError(f"no docker image runs language {language_id!r}") from None


def image_set(images_dir: Path = IMAGES_DIR, root: str | None = None) -> ImageSet:
    """The tags the current recipes build. ``root`` (or $PANDA_IMAGE_ROOT), e.g.
    ``debian:bookworm-slim``, starts from an official image instead of debootstrap."""

    def files(names: list[str]) -> list[bytes]:
        return [(images_dir / name).read_bytes() for name in names]

    root = root or settings().image_root or f"panda-rootfs:{_hash(files(_ROOT_RECIPE))}"
    base = f"panda-base:{_hash([root.encode(), *files(_BASE_RECIPE)])}"
    recipes = {
        recipe.parent.name: _hash([base.encode(), recipe.read_bytes()])
        for recipe in sorted(images_dir.glob("*/Dockerfile"))
        if recipe.parent.name != "base"
    }
    return ImageSet(
        root=root,
        base=base,
        runtimes={name: f"panda-{name}:{tag}" for name, tag in recipes.items()},
        run_images={name: f"panda-{name}-run:{tag}" for name, tag in recipes.items()},
    )


def main(argv: list[str]) -> int:
    """``--shell``: the tags as shell assignments, for images/build.sh."""
    images = image_set()
    if argv[1:] != ["--shell"]:
        print(f"usage: {argv[0]} --shell", file=sys.stderr)
        return 2
    print(f"ROOT_IMAGE={images.root}")
    print(f"BASE_IMAGE={images.base}")
    print(f"RUNTIMES='{' '.join(images.runtimes)}'")
    for runtime, tag in images.runtimes.items():
        print(f"IMAGE_{runtime}={tag}")
        print(f"RUN_IMAGE_{runtime}={images.run_images[runtime]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
