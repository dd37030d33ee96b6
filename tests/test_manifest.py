"""Checks for the Slack app manifest (manifest.yaml) at the repository root."""

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = REPO_ROOT / "manifest.yaml"
# Slack's own schema, vendored with its license (see tests/vendor/slack_manifest/README.md).
SCHEMA_PATH = REPO_ROOT / "tests" / "vendor" / "slack_manifest" / "manifest.schema.1.0.0.json"

# files:write and im:write: the packet and the data export arrive as files in the DM.
EXPECTED_BOT_SCOPES = {"commands", "chat:write", "users:read", "files:write", "im:write"}


@pytest.fixture(scope="module")
def manifest() -> dict:
    data = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "manifest.yaml must be a YAML mapping"
    return data


@pytest.fixture(scope="module")
def schema() -> dict:
    # Slack's schema is a single self-contained Draft 7 document: every $ref is a
    # local "#/definitions/..." pointer, so no external resolution is needed.
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _slash_command(manifest: dict, name: str) -> dict:
    commands = manifest["features"]["slash_commands"]
    matches = [c for c in commands if c["command"] == name]
    assert len(matches) == 1, f"expected exactly one {name} command, found {len(matches)}"
    return matches[0]


def test_schema_is_valid_draft7(schema: dict) -> None:
    Draft7Validator.check_schema(schema)


def test_manifest_matches_slack_schema(manifest: dict, schema: dict) -> None:
    validator = Draft7Validator(schema)
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path))
    messages = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]
    assert not messages, "manifest.yaml violates Slack's schema:\n" + "\n".join(messages)


def test_background_color_is_hex(manifest: dict) -> None:
    # Slack's schema spells this constraint as a non-standard "regex" keyword,
    # which jsonschema ignores, so check it explicitly.
    color = manifest["display_information"]["background_color"]
    assert re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", color), color


def test_slash_command_escapes_input(manifest: dict) -> None:
    command = _slash_command(manifest, "/mgr-goal")
    assert command["should_escape"] is True


def test_bot_scopes_are_exactly_expected(manifest: dict) -> None:
    bot_scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert len(bot_scopes) == len(set(bot_scopes)), f"duplicate bot scopes: {bot_scopes}"
    assert set(bot_scopes) == EXPECTED_BOT_SCOPES


def test_events_and_socket_mode(manifest: dict) -> None:
    settings = manifest["settings"]
    assert "app_home_opened" in settings["event_subscriptions"]["bot_events"]
    assert settings["socket_mode_enabled"] is True
