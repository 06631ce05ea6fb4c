"""The shipped scoring policies and loading a policy by name or path."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from ..language.errors import PerfgoalsError
from ..language.policy import Policy


class PolicyNotFound(PerfgoalsError):
    """A policy named by a ruleset or on the command line that is not shipped or given."""


def policies_dir() -> Path:
    """The shipped policies: inside the installed package, or in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "policies"
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets" / "policies"


def shipped_policies() -> dict[str, Path]:
    """Name → file of every shipped policy (the file stem is its name)."""
    folder = policies_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.perf"))}


def load_policy(name_or_path: str | Path, relative_to: Path | None = None) -> Policy:
    """A shipped policy by name, or the first policy of a .perf file given by path.

    A relative path is read from `relative_to` where given: a ruleset's `policy "x.perf"`
    means the file beside the ruleset, wherever the command is run from.
    """
    from ..language.parser import parse_document_file

    shipped = shipped_policies()
    path = shipped.get(str(name_or_path))
    if path is None:
        path = Path(name_or_path)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        if path.suffix != ".perf" or not path.is_file():
            known = _(", ").join(shipped) or _("none")
            raise PolicyNotFound(
                _(
                    "unknown policy {name!r}: shipped policies are {known}; or give the path of "
                    "a .perf file",
                    name=str(name_or_path),
                    known=known,
                )
            )
    document = parse_document_file(path)
    if not document.policies:
        raise PolicyNotFound(_("{path}: the file holds no policy block", path=path))
    return document.policies[0]
