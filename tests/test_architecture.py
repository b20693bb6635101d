"""The layers of docs/architecture.md, held: the engine, the care records, the shared web layer,
and the doors (the parent's pages, the family's, the clinic's, the API, the command line). A
door uses the layers below it and never another door; the write path is one module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "wholechild"
# Each top-level part of the package, and the parts it may import (besides itself).
LAYERS: dict[str, set[str]] = {
    "screening": set(),
    "care": {"screening"},
    "web": {"screening", "care"},
    "json_request": {"screening"},
    "security": set(),
    "health": set(),
    "backup": set(),
    "parents": {"screening", "care", "web"},
    "family": {"screening", "care", "web"},
    "clinic": {"screening", "care", "web", "fhir"},
    "fhir": {"screening", "care"},
    "fhir_api": {"screening", "care", "fhir", "json_request"},
    "api": {"screening", "care", "web", "json_request", "api_schemas"},
    "api_schemas": {"screening", "care"},
    "cli": {"screening", "care", "json_request", "wsgi", "backup", "serving"},
    "serving": set(),
    "urls": {"api", "parents", "family", "clinic", "health", "web"},
    "wsgi": set(),
    "settings": set(),
    "__main__": {"cli"},
    "__init__": set(),
}
DOORS = {"parents", "family", "clinic", "api", "cli", "health", "fhir_api"}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(path: Path) -> list[tuple[str, bool]]:
    """The parts of wholechild this module imports, each with whether the import is inside a
    function (where an import can hide a cycle)."""
    tree = ast.parse(path.read_text())
    found: list[tuple[str, bool]] = []
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    package = ".".join(("wholechild", *path.relative_to(PACKAGE).parent.parts))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module or ""]
        for name in names:
            parts = name.split(".")
            if parts[0] == "wholechild" and len(parts) > 1:
                found.append((parts[1], id(node) in inside))
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_the_layers_below_it(path: Path) -> None:
    part = part_of(path)
    assert part in LAYERS, f"{part} is a new part of the package: give it a layer here"
    wrong = {name for name, _inside in imported_parts(path) if name not in LAYERS[part] | {part}}
    assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


@pytest.mark.parametrize(
    "path",
    # An app's ready() imports its signal handlers, as Django documents: not a hidden cycle.
    [path for path in modules() if part_of(path) in DOORS - {"cli"} and path.name != "apps.py"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_door_hides_an_import_of_ours_inside_a_function(path: Path) -> None:
    # The command line is the exception, on purpose: it loads Django only when it needs it, so
    # `wholechild screen` starts in a few tens of milliseconds.
    hidden = [name for name, inside in imported_parts(path) if inside]
    assert not hidden, f"{path.relative_to(PACKAGE)} imports {hidden} inside a function"


WRITES = {
    r"StatusChange\.objects\.create": "care/actions.py",
    r"Note\.objects\.create": "care/actions.py",
    r"Goal\.objects\.create|goals\.create": "care/actions.py",
    r"ProgressEntry\.objects\.create|progress\.create": "care/actions.py",
    r"Plan\.objects\.(create|get_or_create)": "care/actions.py",
    r"ContactAttempt\.objects\.create|contacts\.create": "care/actions.py",
    r"Appointment\.objects\.create|appointments\.create": "care/actions.py",
    r"AuditEvent\.objects\.create": "care/audit.py",
}


@pytest.mark.parametrize("pattern", WRITES)
def test_a_requests_history_notes_plan_and_audit_are_written_in_one_module(pattern: str) -> None:
    writers = {
        str(path.relative_to(PACKAGE)) for path in modules() if re.search(pattern, path.read_text())
    }
    assert writers == {WRITES[pattern]}
