"""Render a story's templates in a strict, sandboxed Jinja environment.

Journalists edit templates, so the environment is sandboxed (no file access, no imports, no
Python internals) and strict (an unknown variable is an error, never an empty string). HTML
gets its own environment with autoescaping, so data and quotes are inert on a page. Errors
name the template file and line. Runs of blank lines in the output collapse to one, so
templates may end every paragraph with a blank line without counting them.
"""

from __future__ import annotations

import inspect
import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import DraftsError, TemplateFailure
from .filters import FILTERS

SIGNED = ("percent", "proportion", "rate")
BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def _signed(func: Callable[..., str]) -> Callable[..., str]:
    """Give a percentage filter the draft's house-style sign unless the template names one."""

    at = list(inspect.signature(func).parameters).index("sign")

    @jinja2.pass_context
    def wrapper(context: jinja2.runtime.Context, *args: Any, **kwargs: Any) -> str:
        if "sign" not in kwargs and len(args) <= at:
            style = context.get("style")
            kwargs["sign"] = getattr(style, "sign", "per cent")
        return func(*args, **kwargs)

    wrapper.__doc__ = func.__doc__
    return wrapper


def environment(template_dir: Path, *, html: bool = False) -> SandboxedEnvironment:
    """A sandboxed, strict environment over ``template_dir`` with the house-style filters."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    for name in SIGNED:
        env.filters[name] = _signed(FILTERS[name])
    return env


def _location(err: BaseException, template_dir: Path, *, own: bool = True) -> str:
    """``templates/<story>/<file>, line N`` for an error; ``own=False`` ignores the error's
    own file name (a missing template's name is the one asked for, not where it was asked)."""
    lineno = getattr(err, "lineno", None) if own else None
    name = (getattr(err, "filename", None) or getattr(err, "name", None)) if own else None
    if lineno is None:
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if frame.filename.endswith(".j2") or frame.filename.startswith(str(template_dir)):
                name, lineno = frame.filename, frame.lineno
                break
    if name is None:
        return "template"
    shown = Path(name).name
    return f"templates/{template_dir.name}/{shown}" + (f", line {lineno}" if lineno else "")


class Renderer:
    """Renders one story's templates; ``render(name, variables, html=...)`` returns text."""

    def __init__(self, template_dir: Path) -> None:
        self.template_dir = template_dir
        self.envs = {False: environment(template_dir), True: environment(template_dir, html=True)}

    def render(self, name: str, variables: dict[str, Any], *, html: bool = False) -> str:
        try:
            text = self.envs[html].get_template(name).render(variables)
            text.encode("utf-8")  # a lone surrogate ('\ud800') cannot be written
            return BLANK_RUNS.sub("\n\n", text).strip() + "\n"
        except jinja2.TemplateSyntaxError as err:
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: {err.message}. Fix the tag at that line"
            ) from None
        except jinja2.UndefinedError as err:
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: {err.message}. Use a "
                "variable listed in generator/context.py"
            ) from None
        except jinja2.exceptions.SecurityError as err:
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: not allowed in a template ({err})"
            ) from None
        except jinja2.TemplateNotFound as err:
            where = f"templates/{self.template_dir.name}"
            if err.name != name:
                where = _location(err, self.template_dir, own=False)
            raise TemplateFailure(
                f"{where}: template {err.name!r} not found. A template may only include or "
                f"import templates in templates/{self.template_dir.name}/"
            ) from None
        except DraftsError:
            raise
        except UnicodeEncodeError as err:
            bad = err.object[err.start : err.end].encode("unicode_escape").decode()
            raise TemplateFailure(
                f"templates/{self.template_dir.name}/{name}: the draft has a character that "
                f"cannot be written ({bad}). Check the template's text and the quotes it uses"
            ) from None
        except RecursionError:
            raise TemplateFailure(
                f"templates/{self.template_dir.name}/{name}: the template calls or "
                "includes itself without end, or nests too deeply"
            ) from None
        except Exception as err:  # anything else a template expression can raise
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: {type(err).__name__}: {err}. "
                "Check the expression at that line"
            ) from None
