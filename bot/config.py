"""Settings: the only place that reads the environment (and `.env`)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///mgrbot.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


# What .env.example ships for each secret, and where the real value is found. An unedited copy
# must stop start-up: a placeholder token only fails later, far from the cause.
PLACEHOLDERS = {
    "SLACK_BOT_TOKEN": (
        "xoxb-your-bot-token",
        "set it to the Bot User OAuth Token from your Slack app's OAuth & Permissions page",
    ),
    "SLACK_SIGNING_SECRET": (
        "your-signing-secret",
        "set it to the Signing Secret from your Slack app's Basic Information page",
    ),
    "SLACK_APP_TOKEN": (
        "xapp-your-app-token",
        "set it to an app-level token (Basic Information → App-Level Tokens) or remove it",
    ),
}

# The prefix each Slack token kind starts with, and what the error calls it.
TOKEN_PREFIXES = {
    "slack_bot_token": ("xoxb-", "a bot token"),
    "slack_app_token": ("xapp-", "an app-level token"),
}


class ConfigError(Exception):
    """A setting is missing, malformed or rejected (by Slack, say); the message names the
    variable and how to put it right."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, validation_alias="SLACK_API_URL")
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    moves_file: Path | None = Field(default=None, validation_alias="MOVES_FILE")
    scheduler_enabled: bool = Field(default=True, validation_alias="SCHEDULER_ENABLED")
    # Messages per second this process sends at most; keep under your workspace's limit.
    send_rate: float = Field(default=20.0, gt=0, le=1000, validation_alias="SEND_RATE")
    # Weeks without a logged conversation before the check-in proposes catching up with a
    # stakeholder (at most 10 years, so it stays a date).
    stakeholder_stale_weeks: int = Field(
        default=6, ge=1, le=520, validation_alias="STAKEHOLDER_STALE_WEEKS"
    )

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _not_a_placeholder(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        placeholder, _ = PLACEHOLDERS[str(info.field_name).upper()]
        if value is not None and value.get_secret_value() == placeholder:
            raise PydanticCustomError("placeholder", "is still the .env.example placeholder")
        return value

    @field_validator("slack_bot_token", "slack_app_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        prefix, kind = TOKEN_PREFIXES[str(info.field_name)]
        if value is not None and not value.get_secret_value().startswith(prefix):
            raise ValueError(f"must be {kind} starting with {prefix}")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        value = value.strip() or DEFAULT_DATABASE_URL
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        if not (value.startswith("sqlite") or value.startswith("postgresql+psycopg://")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        value = value.strip() or DEFAULT_SLACK_API_URL
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("log_level")
    @classmethod
    def _log_level_known(cls, value: str) -> str:
        value = value.strip().upper() or "INFO"
        if value not in logging.getLevelNamesMapping():
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return value

    @field_validator("moves_file", mode="before")
    @classmethod
    def _blank_path_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("moves_file")
    @classmethod
    def _moves_file_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @property
    def stakeholder_stale_after(self) -> dt.timedelta:
        return dt.timedelta(weeks=self.stakeholder_stale_weeks)

    def require(self, *names: str) -> None:
        """Fail with a clear message when a setting this command needs is unset."""
        for name in names:
            if getattr(self, name.lower()) is None:
                raise ConfigError(f"{name} is not set; see .env.example for what to put there.")


def load_settings() -> Settings:
    """Read settings, turning pydantic's report into one line that names the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "configuration"
        if error["type"] == "placeholder":
            fix = PLACEHOLDERS[field.upper()][1]
            raise ConfigError(
                f"{field.upper()} is still the placeholder from .env.example; {fix}."
            ) from None
        message = error["msg"].removeprefix("Value error, ")
        raise ConfigError(
            f"{field.upper()} is invalid: {message}; see .env.example for the expected format."
        ) from None
