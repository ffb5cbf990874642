"""One exception hierarchy with a single root that the CLI catches.

Every error a journalist can meet says where (file, row, column), what (the bad value) and
what to do. Validation collects problems into a :class:`ProblemList` and raises
:class:`ValidationFailed` once, so a spreadsheet is fixed in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import Node

if TYPE_CHECKING:
    from generator.base.limits import Limits

SHOWN = 50  # problems listed in full; the rest are counted


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
        lines = [head, *(f"  - {p}" for p in problems[:SHOWN])]
        if count > SHOWN:
            lines.append(f"  … and {count - SHOWN} more")
        super().__init__("\n".join(lines))

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

    def check_keys(
        self, raw: Mapping[Any, Any], where: str, known: Sequence[str], required: Sequence[str]
    ) -> bool:
        """Report each setting of ``raw`` not in ``known`` and each of ``required`` missing,
        under ``where`` ("categories[0]"); whether all was well."""
        unknown = sorted(set(raw) - set(known))
        for key in unknown:
            self.add("unknown setting", column=f"{where}.{key}", hint="Use: " + ", ".join(known))
        missing = [key for key in required if key not in raw]
        for key in missing:
            self.add("required setting is missing", column=f"{where}.{key}", hint="Add it")
        return not unknown and not missing

    def check_text_map(self, value: Any, column: str, message: str, hint: str) -> bool:
        """Report ``value`` unless it maps text to text that is not blank; whether it does."""
        if isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
        ):
            return True
        self.add(message, column=column, hint=hint)
        return False

    def unknown_key(self, key: str, known: Sequence[str], column: str, what: str, use: str) -> None:
        """Report ``key``, not one of ``known``: "unknown ``what``", naming the closest known
        key if one is close, then ``use`` ("The engine reads: ...")."""
        found = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        close = f"Did you mean {found[0]}? " if found else ""
        self.add(f"unknown {what}", column=column, hint=close + use)

    def raise_if_any(self) -> None:
        if len(self.problems) == 1:
            raise InputError(self.problems[0])
        if self.problems:
            raise ValidationFailed(self.problems)


class YamlTooLarge(Exception):
    """A YAML document whose aliases would expand past the limit, or hold themselves
    (raised while composing); ``limited`` when raising ``limits.yaml_aliases`` would help."""

    def __init__(self, message: str, line: int, *, limited: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.limited = limited


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that counts aliases (``*name``) as they would be expanded, and
    stops at ``max_aliases`` while composing, before any object is built.

    An alias counts once, plus every alias inside the node it repeats, so a "billion laughs"
    document (nine aliases of nine aliases of ...) is refused within its first lines
    instead of growing exponentially. An alias to a node that is still open (a node that
    would contain itself) is refused too."""

    max_aliases = 100

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._expanded = 0  # aliases in the document so far, counted as expanded
        self._inside: dict[int, int] = {}  # finished node -> expanded aliases inside it
        self._nodes: list[Node] = []  # keeps finished nodes alive, so their ids stay unique

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            line = event.start_mark.line + 1
            target = self.anchors.get(event.anchor)
            if target is not None:
                if id(target) not in self._inside:
                    raise YamlTooLarge(
                        f"the alias *{event.anchor} repeats a value that holds it",
                        line,
                        limited=False,
                    )
                self._expanded += 1 + self._inside[id(target)]
                if self._expanded > self.max_aliases:
                    raise YamlTooLarge(
                        f"uses more than {self.max_aliases} aliases (*name), counting those "
                        "inside what each alias repeats",
                        line,
                    )
            return super().compose_node(parent, index)
        before = self._expanded
        node = super().compose_node(parent, index)
        if node is not None:
            self._inside[id(node)] = self._expanded - before
            self._nodes.append(node)
        return node


def size_text(count: int) -> str:
    """``2,000,000 bytes`` as people read it: ``2 MB``."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def read_yaml(path: Path, problems: ProblemList, hint: str, limits: Limits | None = None) -> Any:
    """A YAML file's content, loaded safely; any way it cannot be read (not UTF-8, bad
    syntax, PyYAML failing on odd input such as ``!!int`` with no value) is one problem in
    ``problems``, raised at once. ``hint`` says what to fix.

    ``limits`` bounds the file: over ``yaml_bytes`` or using more than ``yaml_aliases``
    aliases is refused before PyYAML builds anything (default limits when ``None``, as for
    the manifest itself, which cannot raise its own limits)."""
    from generator.base.limits import DEFAULT

    bounds = limits or DEFAULT

    def advice(first: str, key: str) -> str:
        if limits is None:  # the manifest: its own limits section cannot raise them
            return first
        return f"{first}, or raise limits.{key} in the story's story.yaml"

    try:
        with path.open("rb") as handle:
            data = handle.read(bounds.yaml_bytes + 1)
    except OSError as err:
        problems.add(f"cannot be read ({err.strerror or err})", hint="Check the file")
        problems.raise_if_any()
    if len(data) > bounds.yaml_bytes:
        problems.add(
            f"is larger than {size_text(bounds.yaml_bytes)} (limits.yaml_bytes)",
            hint=advice("Check it is the right file and make it smaller", "yaml_bytes"),
        )
        problems.raise_if_any()
    try:
        loader = BoundedLoader(data.decode("utf-8"))
        loader.max_aliases = bounds.yaml_aliases
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except UnicodeDecodeError:
        problems.add("is not UTF-8 text", hint="Save it again as UTF-8")
    except YamlTooLarge as err:
        if err.limited:
            problems.add(
                f"{err.message} (limits.yaml_aliases)",
                row=err.line,
                hint=advice("Write the values out instead of repeating them", "yaml_aliases"),
            )
        else:
            problems.add(err.message, row=err.line, hint="Write the value out instead")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.add(
            f"is not valid YAML ({getattr(err, 'problem', None) or err})",
            row=None if mark is None else mark.line + 1,
            hint=hint,
        )
    except RecursionError:
        problems.add("is nested too deeply to read", hint=hint)
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
