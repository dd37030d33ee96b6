"""The suite passes with nothing but the repository: no developer `.env`, no `../shared`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings

HOSTILE_ENV = {
    "SLACK_APP_TOKEN": "xapp-1",
    "DATABASE_URL": "sqlite:///elsewhere.db",
    "SLACK_SIGNING_SECRET": "other",
    "LOG_LEVEL": "DEBUG",
    "SCHEDULER_ENABLED": "false",
}


def test_test_settings_ignore_a_developers_env_file_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in HOSTILE_ENV.items()))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEND_RATE", "1")
    monkeypatch.setenv("MOVES_FILE", "/nonexistent/moves.toml")

    settings = make_settings("sqlite:///mine.db", "http://127.0.0.1:1/api/")

    assert settings.slack_app_token is None
    assert settings.slack_signing_secret is not None
    assert settings.slack_signing_secret.get_secret_value() != "other"
    assert settings.database_url == "sqlite:///mine.db"
    assert settings.log_level == "INFO"
    assert settings.scheduler_enabled is True
    assert settings.send_rate == 20.0
    assert settings.moves_file is None


def test_slacks_manifest_schema_is_vendored_with_its_license() -> None:
    from tests.test_manifest import SCHEMA_PATH

    root = Path(__file__).resolve().parents[1]
    assert SCHEMA_PATH.is_relative_to(root), f"{SCHEMA_PATH} is outside the repository"
    assert SCHEMA_PATH.is_file()
    assert (SCHEMA_PATH.parent / "LICENSE").is_file()
