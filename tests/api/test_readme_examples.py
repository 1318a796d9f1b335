"""The README's API guide works as written: its curl commands, run against a live portal with the demo
data and a partner system's token, answer 200 with the records they promise."""

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


def api_guide_commands():
    """The curl commands of the README's section for partner systems, continuation lines joined."""
    section = README.read_text(encoding="utf-8").split("## For partner systems", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    commands = [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]
    return [command.strip() for command in commands if command.strip().startswith("curl ")]


def test_the_readme_shows_api_examples():
    assert len(api_guide_commands()) >= 2


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


@pytest.mark.parametrize("number", range(len(api_guide_commands())))
def test_each_curl_example_of_the_api_guide_answers_with_records(live_server, token, number):
    command = api_guide_commands()[number].replace(EXAMPLE_HOST, live_server.url)
    command = command.replace("curl ", "curl --fail-with-body --max-time 30 ", 1)
    result = subprocess.run(
        ["bash", "-c", command], env={"TOKEN": token, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )
    assert result.returncode == 0, (command, result.stdout, result.stderr)
    answer = json.loads(result.stdout)
    assert answer["results"], command  # the demo data have what each example asks for
