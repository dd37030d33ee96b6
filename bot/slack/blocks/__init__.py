"""Pure Block Kit builders. Importing them makes slack_sdk's validation find each class's
validators once (see validation.py)."""

from bot.slack.blocks import validation

validation.install()
