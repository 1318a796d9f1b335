"""The README's API guide works as written: its curl commands, run against a live portal with the demo
data and a partner system's (editor's) token, answer with the records they promise. The commands of one
block run in order against the same data, so a block may write a record and then use it."""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from partners.models import Agency, Country, PartnerSystem
from partners.services import partner_system_issue_token, partner_system_save

README = Path(settings.BASE_DIR) / "README.md"
EXAMPLE_HOST = "https://portal.example.org"

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def api_guide_blocks():
    """The curl commands of each sh block of the README's section for partner systems, continuation
    lines joined (a quoted JSON body may also span lines)."""
    section = README.read_text(encoding="utf-8").split("## For partner systems", 1)[1].split("\n## ", 1)[0]
    blocks = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL):
        commands = []
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip().startswith("curl ") or not commands:
                commands.append(line.strip())
            else:
                commands[-1] += " " + line.strip()
        blocks.append([command for command in commands if command.startswith("curl ")])
    return blocks


def api_guide_commands():
    return [command for block in api_guide_blocks() for command in block]


def test_the_readme_shows_api_examples_for_reading_and_writing():
    commands = api_guide_commands()
    assert len(commands) >= 5
    assert any("-X PUT" in command and "/external/" in command for command in commands)
    assert any("participations" in command for command in commands)
    assert any("/submit/" in command for command in commands)


@pytest.fixture
def token(transactional_db):
    if not Country.objects.exists():
        call_command("load_reference_data", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())
    agency = Agency.objects.get(slug="apc-colombia")
    system = partner_system_save(
        partner_system=PartnerSystem(name="README example", agency=agency, role="editor"), user=None
    )
    return partner_system_issue_token(partner_system=system, user=None)[1]


@pytest.mark.parametrize("number", range(len(api_guide_blocks())))
def test_each_curl_example_of_the_api_guide_answers_with_records(live_server, token, number):
    for command in api_guide_blocks()[number]:
        command = command.replace(EXAMPLE_HOST, live_server.url)
        command = command.replace("curl ", "curl --fail-with-body --max-time 30 ", 1)
        result = subprocess.run(
            ["bash", "-c", command],
            env={"TOKEN": token, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        answer = json.loads(result.stdout)
        if "results" in answer:
            assert answer["results"], command  # the demo data have what each example asks for
        else:  # a write answers the record it wrote
            assert answer["id"] and answer["owner"] == "apc-colombia", command
    if any("/submit/" in command for command in api_guide_blocks()[number]):
        assert answer["publication_status"] == "in_review"
