"""Settings for tests: only the values a test passes, never a developer's `.env` or shell."""

from __future__ import annotations

from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot.config import Settings


class _GivenOnly(Settings):
    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # A developer's SLACK_APP_TOKEN, DATABASE_URL or MOVES_FILE must not change what a test
        # runs against, so the environment and `.env` are not sources here.
        return (init_settings,)


def given_settings(values: dict[str, Any]) -> Settings:
    """The same validation as production, over `values` (keyed by variable name) alone."""
    return _GivenOnly.model_validate(values)
