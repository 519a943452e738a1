"""problem_statement/ (legacy) or statement/ (2023-07): Markdown by language, LaTeX through pandoc."""

from __future__ import annotations

import re
import shutil
import subprocess

from problempkg.errors import PackageError
from problempkg.files import PackageFiles

STATEMENT_FOLDERS = ("problem_statement", "statement")  # legacy, 2023-07
_STATEMENT = re.compile(r"problem(?:\.([a-z]{2,3}(?:-[A-Z]{2})?))?\.(md|tex)")
_PROBLEMNAME = re.compile(r"\\problemname\{([^{}]*)\}")
# problemtools' \illustration{width}{file}{caption}: pandoc knows only \includegraphics.
_ILLUSTRATION = re.compile(r"\\illustration\{[^{}]*\}\{([^{}]*)\}\{[^{}]*\}")
PANDOC_TIMEOUT_S = 60
# pandoc's parse error: 'Error at "source" (line 8, column 2):', then what it expected,
# then the line quoted with a caret under the column.
_PANDOC_AT = re.compile(r'Error at (?:"[^"]*" )?\(line (\d+), column (\d+)\):\s*')


def statement_folder(files: PackageFiles) -> str:
    found = [f for f in STATEMENT_FOLDERS if files.is_dir(f)]
    if not found:
        raise PackageError(STATEMENT_FOLDERS[0], "missing: a package needs problem_statement/problem.md")
    if len(found) > 1:
        raise PackageError(found[1], f"both {found[0]}/ and {found[1]}/; keep one")
    return found[0]


def read_statements(files: PackageFiles) -> tuple[dict[str, str], dict[str, bytes]]:
    """(Markdown by language, the folder's other files such as images).

    Per language the first of problem.<lang>.md, problem.md, problem.<lang>.tex,
    problem.tex is the statement ("en" when the name has no language); the rest
    are kept as plain files.
    """
    folder = statement_folder(files)
    chosen: dict[str, tuple[tuple[bool, bool], str]] = {}
    others: dict[str, bytes] = {}
    for rel in files.under(folder):
        match = _STATEMENT.fullmatch(rel)
        if not match:
            others[rel] = files.read(f"{folder}/{rel}")
            continue
        lang = match[1] or "en"
        rank = (match[2] == "tex", match[1] is None)
        if lang in chosen and chosen[lang][0] < rank:
            others[rel] = files.read(f"{folder}/{rel}")
            continue
        if lang in chosen:
            loser = chosen[lang][1]
            others[loser] = files.read(f"{folder}/{loser}")
        chosen[lang] = (rank, rel)
    if not chosen:
        raise PackageError(folder, "no statement: expected problem.md, problem.<lang>.md or problem.tex")
    statements = {}
    for lang in sorted(chosen):
        rel = chosen[lang][1]
        path = f"{folder}/{rel}"
        try:
            text = files.read(path).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PackageError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        statements[lang] = tex_to_markdown(path, text) if rel.endswith(".tex") else text
    return statements, others


def tex_to_markdown(path: str, tex: str) -> str:
    """A problemtools LaTeX statement as Markdown, its \\problemname as the ``# title``."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise PackageError(
            path, "a LaTeX statement needs pandoc, which is not installed (apt-get install pandoc)"
        )
    title = _PROBLEMNAME.search(tex)
    tex = _ILLUSTRATION.sub(r"\\includegraphics{\1}", _PROBLEMNAME.sub("", tex))
    # Plain Markdown: no {#id .class} attributes or spans, which other renderers show verbatim.
    markdown_out = "markdown-header_attributes-raw_attribute-bracketed_spans-native_spans"
    argv = [pandoc, "--from=latex", f"--to={markdown_out}", "--shift-heading-level-by=1", "--wrap=none"]
    try:
        run = subprocess.run(argv, input=tex.encode(), capture_output=True, timeout=PANDOC_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise PackageError(path, f"pandoc took more than {PANDOC_TIMEOUT_S} s to convert it") from None
    if run.returncode != 0:
        line, detail = _pandoc_error(run.stderr.decode(errors="replace"))
        raise PackageError(path, f"pandoc could not convert it: {detail or f'exit {run.returncode}'}", line)
    markdown = run.stdout.decode()
    return f"# {title[1].strip()}\n\n{markdown}" if title else markdown


def _pandoc_error(stderr: str) -> tuple[int | None, str]:
    """(the line, what went wrong) from pandoc's stderr: its informative lines (from
    the error on, past any warning), not the caret under the column it ends with."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip(" ^\t")]
    first = next((i for i, line in enumerate(lines) if _PANDOC_AT.match(line)), 0)
    text = "; ".join(lines[first : first + 4])
    at = _PANDOC_AT.match(text)
    if at is None:
        return None, text
    return int(at[1]), f"{text[at.end() :].lstrip('; ')} (column {at[2]})"
