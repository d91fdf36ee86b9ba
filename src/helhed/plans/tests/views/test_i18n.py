"""Danish first: every message has a Danish translation, the compiled catalogue is current, and the
interface is Danish by default and English after switching.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from helhed.testing import factories as f

PACKAGE = Path(__file__).resolve().parents[3]
PO = PACKAGE / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
FIX = "run `helhed makemessages -l da` in src/helhed, translate, then `helhed compilemessages`"


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v.strip() for v in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def test_every_msgid_has_a_danish_translation() -> None:
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po if not e.obsolete and not _translated(e)]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} msgids lack Danish: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy[:20]}"


def test_compiled_catalogue_matches_the_po_file() -> None:
    po = polib.pofile(str(PO))
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(MO))}
    stale = []
    for e in po:
        if e.obsolete:
            continue
        mo = compiled.get((e.msgctxt, e.msgid))
        if mo is None or (mo.msgstr_plural if e.msgid_plural else mo.msgstr) != (
            {int(k): v for k, v in e.msgstr_plural.items()} if e.msgid_plural else e.msgstr
        ):
            stale.append(e.msgid)
    assert not stale, f"django.mo is out of date for {stale[:10]}: {FIX}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (GNU gettext) is not installed")
def test_every_message_in_the_source_is_in_the_danish_catalogue(tmp_path: Path, monkeypatch) -> None:
    """Extract the messages afresh (as makemessages does) into a scratch copy and compare."""
    source = tmp_path / "helhed"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.mo"))
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["da"], verbosity=0, no_location=True)
    fresh = polib.pofile(str(source / "locale" / "da" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert not missing, f"{len(missing)} source messages have no Danish translation: {missing[:20]}. {FIX}"


@pytest.mark.django_db
def test_login_page_is_danish_by_default_and_english_after_switching() -> None:
    client = Client()  # no Accept-Language: the default language
    danish = client.get("/login/").content.decode()
    assert '<html lang="da">' in danish
    assert "Log ind i Helhed" in danish and "Brugernavn" in danish and "Gå til indhold" in danish

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert switched.status_code == 302 and switched["Location"] == "/login/"
    english = client.get("/login/").content.decode()
    assert '<html lang="en">' in english
    assert "Log in to Helhed" in english and "Username" in english and "Go to the content" in english

    client.post("/i18n/setlang/", {"language": "da", "next": "/login/"})
    assert "Log ind i Helhed" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_domain_messages_and_coherence_rules_are_shown_in_danish(org) -> None:
    worker = f.staff("coordinating_caseworker", unit_=org["team_a"])
    plan = f.plan(coordinator=worker)
    f.goal(plan, wording="Egen bolig")
    client = Client()
    client.force_login(worker)
    page = client.get(f"/citizens/{plan.citizen_id}/").content.decode()
    assert "Et mål uden støtte: “Egen bolig”" in page and "Borgerens mål" in page and "Bolig" in page
    data = {"cpr": "12345", "first_name": "A", "last_name": "B"}
    error = client.post("/citizens/new/", data).content.decode()
    assert "Et CPR-nummer har formen DDMMÅÅ-XXXX" in error
