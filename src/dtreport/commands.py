"""Pipeline subcommands of the command line (run, validate, list)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = ["PIPELINE_HANDLERS", "add_pipeline_commands"]

PIPELINE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


def add_pipeline_commands(sub: Any, add_period: Any, add_common: Any) -> None:
    """Register the pipeline subcommands on ``sub``."""
