"""The shipped monitoring profiles and loading a profile by name or path."""

from __future__ import annotations

from pathlib import Path

from ..i18n import _
from ..language.errors import PerfgoalsError
from ..language.profile import Profile


class ProfileNotFound(PerfgoalsError):
    """A profile named on the command line or in a progress file that is not shipped or given."""


def profiles_dir() -> Path:
    """The shipped profiles: inside the installed package, or in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "profiles"
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets" / "profiles"


def shipped_profiles() -> dict[str, Path]:
    """Name → file of every shipped profile (the file stem is its name)."""
    folder = profiles_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.perf"))}


def load_profile(name_or_path: str | Path) -> Profile:
    """A shipped profile by name, or the first profile of a .perf file given by path."""
    from ..language.parser import parse_document_file

    shipped = shipped_profiles()
    path = shipped.get(str(name_or_path))
    if path is None:
        path = Path(name_or_path)
        if path.suffix != ".perf" or not path.is_file():
            known = ", ".join(shipped) or "none"
            raise ProfileNotFound(
                _(
                    "unknown monitoring profile {name}: shipped profiles are {known}; "
                    "or give the path of a .perf file",
                    name=repr(str(name_or_path)),
                    known=known,
                )
            )
    document = parse_document_file(path)
    if not document.profiles:
        raise ProfileNotFound(_("{path}: the file holds no profile block", path=path))
    return document.profiles[0]
