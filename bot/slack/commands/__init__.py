"""`/mgr-goal` subcommands: one module per feature, each registering its entries.

Imported in help order: the order here is the order `/mgr-goal help` lists them in.
"""

from bot.slack.commands import items, checkins, wins, digest, blurbs, managers  # noqa: F401, I001
from bot.slack.commands import stakeholders, updates, packet, ready, your_data, help  # noqa: F401
from bot.slack.commands.registry import CommandRequest, find

__all__ = ["CommandRequest", "find"]
