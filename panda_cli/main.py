"""``panda``: log in, then upload, verify, export, list and delete problems.

panda login --server URL --username NAME          (password from the prompt or PANDA_PASSWORD)
panda problem upload PATH [--replace]             a package folder or .zip
panda problem verify PATH [--server URL]          locally (in-process judge) or on a server
panda problem export ID OUT                       OUT: a folder, or a file ending in .zip
panda problem list
panda problem delete ID
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from panda_cli import config
from panda_cli.client import ApiError, Client
from panda_cli.verify import Check, not_available, submission_files, verify_locally
from problempkg import Package, PackageError, read_package, write_package


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except PackageError as exc:
        print(f"panda: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="panda", description="Coding-Panda problem setter tools")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    login = commands.add_parser("login", help="log in and keep the tokens in your config dir")
    login.add_argument("--server", default=config.DEFAULT_SERVER)
    login.add_argument("--username", required=True)
    login.set_defaults(handler=_login)

    problem = commands.add_parser("problem", help="problem packages").add_subparsers(
        required=True, metavar="ACTION"
    )
    upload = problem.add_parser("upload", help="import a package (folder or .zip) into the server")
    upload.add_argument("path", type=Path)
    upload.add_argument("--server", help="default: the one you logged in to")
    upload.add_argument("--replace", action="store_true", help="replace the problem with the same slug")
    upload.set_defaults(handler=_upload)

    verify = problem.add_parser("verify", help="judge every file under submissions/ and compare verdicts")
    verify.add_argument("path", type=Path)
    verify.add_argument("--server", help="judge on this server (uploads the package) instead of locally")
    verify.set_defaults(handler=_verify)

    export = problem.add_parser("export", help="download a problem as a package")
    export.add_argument("id", type=int)
    export.add_argument("out", type=Path, help="a folder, or a file ending in .zip")
    export.add_argument("--server")
    export.set_defaults(handler=_export)

    listing = problem.add_parser("list", help="problems you can see")
    listing.add_argument("--server")
    listing.set_defaults(handler=_list)

    delete = problem.add_parser("delete", help="delete a problem that has no submissions")
    delete.add_argument("id", type=int)
    delete.add_argument("--server")
    delete.set_defaults(handler=_delete)
    return parser


def _login(args: argparse.Namespace) -> int:
    password = os.environ.get("PANDA_PASSWORD") or getpass.getpass(f"password for {args.username}: ")
    path = config.save(Client(args.server).login(args.username, password))
    print(f"logged in to {args.server} as {args.username} (tokens in {path})")
    return 0


def _as_zip(path: Path, scratch: Path) -> tuple[Path, Package]:
    """The package read (errors name file and line) and a zip of it to send."""
    package = read_package(path)
    if path.is_file() and path.suffix == ".zip":
        return path, package
    out = scratch / f"{package.slug}.zip"
    write_package(package, out)
    return out, package


def _upload(args: argparse.Namespace) -> int:
    client = Client.logged_in(args.server)
    with tempfile.TemporaryDirectory(prefix="panda-upload-") as scratch:
        problem, _ = _send(client, args.path, Path(scratch), args.replace)
    print(f"uploaded {problem['slug']} as problem {problem['id']}")
    return 0


def _send(client: Client, path: Path, scratch: Path, replace: bool) -> tuple[dict, Package]:
    """Uploads the package; the server's problem and the package as read."""
    zip_path, package = _as_zip(path, scratch)
    with tqdm(total=zip_path.stat().st_size, unit="B", unit_scale=True, desc=zip_path.name) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        def import_progress(stage: str, done: int, total: int) -> None:
            bar.set_description(f"{zip_path.name}: {stage}")
            progress(done, total)

        return client.upload(zip_path, replace, progress, import_progress), package


def _verify(args: argparse.Namespace) -> int:
    checks = (
        _verify_on_server(args) if args.server else verify_locally(read_package(args.path, to_verify=True))
    )
    return _print_table(checks)


def _verify_on_server(args: argparse.Namespace) -> Iterable[Check]:
    client = Client.logged_in(args.server)
    with tempfile.TemporaryDirectory(prefix="panda-verify-") as scratch:
        problem, package = _send(client, args.path, Path(scratch), replace=True)
    # The upload queued the package's submissions as reference submissions: follow
    # those, and send only what the server left out (over its cap or source limit).
    references = {
        row["path"]: row["submission_id"]
        for row in client.json("GET", f"/api/problems/{problem['id']}/reference")
    }
    for submission in package.submissions:
        if submission.program.unavailable:  # as verify_locally reports it: nothing to send
            yield not_available(submission.path, submission.expected_verdict, submission.program)
            continue
        submission_id = references.get(submission.path)
        if submission_id is None:
            submission_id = client.json(
                "POST",
                "/api/submissions",
                json={
                    "problem_id": problem["id"],
                    "language": submission.program.language,
                    "files": submission_files(submission.program),
                },
            )["id"]
        judged = client.wait_for_verdict(submission_id)
        yield Check(
            submission.path,
            submission.expected_verdict,
            str(judged.get("verdict")),
            f"submission {submission_id}",
        )


def _print_table(checks: Iterable[Check]) -> int:
    failed = 0
    print(f"{'':4} {'what':<48} {'expected':<9} {'got':<12} detail")
    for check in checks:
        failed += not check.ok
        mark = "ok" if check.ok else "FAIL"
        print(f"{mark:<4} {check.what:<48} {check.expected:<9} {check.got:<12} {check.detail}", flush=True)
    print("all checks passed" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0


def _export(args: argparse.Namespace) -> int:
    client = Client.logged_in(args.server)
    response = client.request("GET", f"/api/problems/{args.id}/export", stream=True)
    with tempfile.TemporaryDirectory(prefix="panda-export-") as scratch:
        downloaded = Path(scratch, "package.zip")
        with downloaded.open("wb") as file:
            for chunk in response.iter_content(1 << 20):
                file.write(chunk)
        if not zipfile.is_zipfile(downloaded):
            raise ApiError(f"problem {args.id}: the server did not send a zip")
        if args.out.suffix == ".zip":
            downloaded.replace(args.out)
        else:
            write_package(read_package(downloaded), args.out)
    print(f"problem {args.id} exported to {args.out}")
    return 0


def _list(args: argparse.Namespace) -> int:
    client = Client.logged_in(args.server)
    page = client.json("GET", "/api/problems", params={"per_page": 100})
    for problem in page.get("items", []):
        print(f"{problem['id']:>5}  {problem['slug']:<24} {problem['title']}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    Client.logged_in(args.server).request("DELETE", f"/api/problems/{args.id}")
    print(f"problem {args.id} deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
