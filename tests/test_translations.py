"""English and Spanish ship complete: the Spanish catalogue translates every interface string of the
code and templates, has no fuzzy entry, and its compiled .mo matches it."""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "sscportal" / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def parse_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, key = [], None, None

    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}

    def unquote(text):
        return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(0)), text[1:-1])

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d)\])?) (".*")$', line):
            name, index, text = match.groups()
            key = ("msgstr", int(index or 0)) if name.startswith("msgstr") else (name, None)
            value = unquote(text)
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] = value
            else:
                entry[key[0]] = value
        elif line.startswith('"') and key is not None:
            value = unquote(line)
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += value
            else:
                entry[key[0]] += value
    return [e for e in entries if not e["flags"] >= {"obsolete"}]


def messages(entries):
    return {(e["msgctxt"], e["msgid"]) for e in entries if e["msgid"]}


def test_spanish_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = parse_po(PO)
    assert len(entries) > 100
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if e["msgid"] and not all(e["msgstr"].values())]
    assert fuzzy == []
    assert untranslated == []


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text))


def test_placeholders_survive_translation():
    """The singular form keeps the msgid's placeholders; plural forms keep the msgid_plural's."""
    for entry in parse_po(PO):
        if not entry["msgid"]:
            continue
        for form, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if entry["msgid_plural"] and str(form) != "0" else entry["msgid"]
            assert placeholders(text) == placeholders(source), entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in parse_po(PO):
        if not entry["msgid"] or entry["msgid_plural"]:
            continue
        lookup = f"{entry['msgctxt']}\x04{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]
        assert compiled._catalog.get(lookup) == entry["msgstr"][0], (
            f"{entry['msgid']!r}: run `make messages` to recompile django.mo"
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogue_has_every_string_of_the_code_and_templates(tmp_path, settings, monkeypatch):
    """A fresh extraction finds no interface string missing from the committed catalogue
    (`make messages` updates it). It runs on a copy of the sources, so the real catalogue is untouched."""
    for folder in ("sscportal", "partners", "programmes", "templates"):
        shutil.copytree(
            ROOT / folder, tmp_path / "src" / folder, ignore=shutil.ignore_patterns("locale", "*.pyc")
        )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path / "src")
    call_command("makemessages", locale=["es"], verbosity=0)
    fresh = messages(parse_po(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    committed = messages(parse_po(PO))
    assert len(fresh) > 100  # the extraction did find the interface strings
    assert sorted(fresh - committed) == []
