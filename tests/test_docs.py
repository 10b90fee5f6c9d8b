"""The README documents every command, and its three commands stay true."""

from __future__ import annotations

import re
from pathlib import Path

import click

from extractor.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, command in group.commands.items():
        out.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            out.extend(_commands(command, f"{prefix}{name} "))
    return out


def test_every_command_documented_and_has_help() -> None:
    for name in _commands(main):
        assert f"renstra {name}" in README, f"'renstra {name}' is not in README.md"
    for command in main.commands.values():
        assert command.help, f"{command.name} has no help text"


def test_readme_test_command_is_what_ci_runs() -> None:
    assert "python3 -m pytest" in README
    assert re.search(r"^python3 -m pytest\b", CI, re.MULTILINE), ".ci/run must run the README's test command"


def test_readme_sample_exists() -> None:
    for path in re.findall(r"renstra extract (samples/\S+)", README):
        assert (Path(__file__).resolve().parents[1] / path).exists(), path
