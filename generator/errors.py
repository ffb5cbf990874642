"""One exception hierarchy with a single root that the CLI catches.

Every error a journalist can meet says where (file, row, column), what (the bad value) and
what to do. Validation collects problems into a :class:`ProblemList` and raises
:class:`ValidationFailed` once, so a spreadsheet is fixed in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class DraftsError(Exception):
    """Root of every error the generator raises on purpose; the CLI prints ``str(err)``."""


@dataclass(frozen=True)
class Problem:
    """One problem in one input file.

    ``row`` is the line number as a spreadsheet shows it (the header is row 1); ``None`` when
    the problem is about the whole file or a column.
    """

    file: str
    message: str
    hint: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"{self.value!r}: "
        text += self.message
        if self.hint:
            text += f". {self.hint}"
        return text


class InputError(DraftsError):
    """A single problem with an input file (data, places, quotes, manifest, template)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    def __reduce__(self) -> tuple:
        # Rebuilt from the problem, so the error survives the trip back from a worker process.
        return (self.__class__, (self.problem,))


class ValidationFailed(DraftsError):
    """Several problems found in one pass over an input."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was written:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in problems)]))

    def __reduce__(self) -> tuple:
        return (self.__class__, (self.problems,))


class TemplateFailure(DraftsError):
    """A template could not be loaded or rendered (names the template file and line)."""


class CheckFailed(DraftsError):
    """A rendered draft broke a house rule (a figure opening a sentence, 'nan' in text...)."""


@dataclass
class ProblemList:
    """Collects problems while validating, then raises them all at once."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        message: str,
        *,
        hint: str = "",
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.problems.append(Problem(self.file, message, hint, row, column, value))

    def raise_if_any(self) -> None:
        if len(self.problems) == 1:
            raise InputError(self.problems[0])
        if self.problems:
            raise ValidationFailed(self.problems)


def read_yaml(path: Path, problems: ProblemList, hint: str) -> Any:
    """A YAML file's content, loaded safely; any way it cannot be read (not UTF-8, bad
    syntax, PyYAML failing on odd input such as ``!!int`` with no value) is one problem in
    ``problems``, raised at once. ``hint`` says what to fix."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.add("is not UTF-8 text", hint="Save it again as UTF-8")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.add(
            f"is not valid YAML ({getattr(err, 'problem', None) or err})",
            row=None if mark is None else mark.line + 1,
            hint=hint,
        )
    except Exception as err:  # PyYAML's constructors fail in many ways on odd values
        problems.add(f"is not valid YAML ({type(err).__name__}: {err})", hint=hint)
    problems.raise_if_any()
    return None


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user should see it: relative to the project root when inside it."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
