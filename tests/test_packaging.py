"""What an operator gets besides the code: the Docker image's health check and the license."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_docker_image_checks_healthz_on_the_port_it_serves() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    [healthcheck] = re.findall(r"^HEALTHCHECK .*?(?<!\\)$", dockerfile, re.M | re.S)
    served_port = re.search(r'^CMD \[.*"--port", "(\d+)"\]', dockerfile, re.M)
    assert served_port, "CMD should name the port it serves"
    assert f"127.0.0.1:{served_port.group(1)}/healthz" in healthcheck
    assert "curl" not in healthcheck and "urllib" in healthcheck  # the slim image has no curl


def test_mit_license_is_shipped_and_declared() -> None:
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License")
    assert "Copyright (c) 2026 the mgr-goal contributors" in license_text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"


def test_packet_fonts_and_their_license_ship_inside_the_package() -> None:
    fonts = ROOT / "bot" / "content" / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE_DEJAVU"):
        assert (fonts / name).is_file(), name
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert wheel["targets"]["wheel"]["packages"] == ["bot"]  # every file under bot/, fonts too
    assert "exclude" not in wheel["targets"]["wheel"]
