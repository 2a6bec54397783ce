"""Uploading a time export in the web app: dry run, every bad row by line, mapping in the
form or by file, then the import, all or nothing (the files of tests/imports/data)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fracos.timesheets.models import TimeEntry
from tests.web.conftest import LEADER, OUTSIDER, OWNER

DATA = Path(__file__).parents[1] / "imports" / "data"


def _file(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def _token(html: str) -> str:
    return re.search(r'name="upload" value="([^"]+)"', html).group(1)


def _report(html: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", html, re.S)
    return {k: " ".join(re.sub(r"<[^>]+>", " ", v).split()) for k, v in pairs}


def _bad_rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr><td class="num">(\d+)</td><td>(.*?)</td></tr>', html)


def test_the_time_page_links_to_the_import(cast, login):
    assert 'href="/time/import/"' in login(OWNER).get("/time/").content.decode()


def test_a_dry_run_with_a_mapping_file_reports_what_would_be_added_then_imports_it(cast, login):
    browser = login(OWNER)
    response = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "file": _file("toggl.csv"),
            "mapping_file": _file("mapping.json"),
            "action": "check",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    report = _report(html)
    assert report["File"] == "toggl.csv (toggl)"
    assert (report["Rows read"], report["Would be added"]) == ("3", "3 entries")
    assert report["Duplicates skipped"].startswith("0 ")
    assert report["Left out by the mapping"] == "0"
    assert "Import 3 entries" in html
    assert not TimeEntry.objects.exists()
    # The import needs neither file again: both were kept with the upload.
    response = browser.post(
        "/time/import/", {"source": "toggl", "upload": _token(html), "action": "import"}
    )
    assert response.status_code == 302 and response["Location"] == "/time/"
    first, second, third = TimeEntry.objects.order_by("work_date", "id")
    assert (first.client_id, first.seconds, first.work_date) == (
        cast.acme.pk,
        9000,
        date(2026, 11, 2),
    )
    assert (second.client_id, second.work_date, second.billable) == (
        cast.brightwave.pk,
        date(2026, 11, 5),
        False,
    )
    assert (third.kind, third.seconds) == ("admin", 3600)
    flash = browser.get("/time/").content.decode()
    assert "Imported from toggl: 3 entries added, 0 already imported" in flash


def test_the_same_file_imported_twice_adds_nothing_and_counts_the_duplicates(cast, login):
    browser = login(OWNER)
    for _ in range(2):
        browser.post(
            "/time/import/",
            {
                "source": "toggl",
                "file": _file("toggl.csv"),
                "mapping_file": _file("mapping.json"),
                "action": "import",
            },
        )
    assert TimeEntry.objects.count() == 3
    html = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "file": _file("toggl.csv"),
            "mapping_file": _file("mapping.json"),
            "action": "check",
        },
    ).content.decode()
    report = _report(html)
    assert report["Would be added"] == "0 entries"
    assert report["Duplicates skipped"].startswith("3 ")


def test_a_dry_run_lists_every_bad_row_with_its_line_and_reason(cast, login):
    response = login(OWNER).post(
        "/time/import/", {"source": "toggl", "file": _file("toggl_bad.csv"), "action": "check"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert _bad_rows(html) == [
        ("3", "no fracos client matches &#x27;Nobody Inc / Platform&#x27;; map it with --mapping"),
        ("4", "&#x27;2026-13-45&#x27; is not a date"),
        ("5", "date: 2026-12-01 is in the future"),
    ]
    assert "3 bad rows: nothing can be imported yet" in html
    assert "Import " not in html.split("Check (dry run)")[1]
    # The name no client matches is offered for mapping in the form.
    assert '<input type="hidden" name="key_0" value="Nobody Inc">' in html
    assert "key_1" not in html
    assert not TimeEntry.objects.exists()


def test_a_name_mapped_in_the_form_clears_its_rows(cast, login):
    browser = login(OWNER)
    html = browser.post(
        "/time/import/", {"source": "toggl", "file": _file("toggl.csv"), "action": "check"}
    ).content.decode()
    assert _bad_rows(html) == [
        ("4", "no fracos client matches &#x27;Internal&#x27;; map it with --mapping")
    ]
    assert '<input type="hidden" name="key_0" value="Internal">' in html
    response = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "upload": _token(html),
            "key_0": "Internal",
            "map_0": "admin",
            "action": "check",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert _bad_rows(html) == []
    assert '<option value="admin" selected>' in html
    response = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "upload": _token(html),
            "key_0": "Internal",
            "map_0": "admin",
            "action": "import",
        },
    )
    assert response.status_code == 302
    assert sorted(TimeEntry.objects.values_list("kind", flat=True)) == ["admin", "client", "client"]


def test_a_name_mapped_to_an_engagement_books_its_rows_there(cast, login):
    browser = login(OWNER)
    html = browser.post(
        "/time/import/", {"source": "toggl", "file": _file("toggl_bad.csv"), "action": "check"}
    ).content.decode()
    html = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "upload": _token(html),
            "key_0": "Nobody Inc",
            "map_0": f"e:{cast.day_rate.pk}",
            "action": "check",
        },
    ).content.decode()
    # Line 3 is now Brightwave's; the bad date and the future day remain.
    assert [line for line, _ in _bad_rows(html)] == ["4", "5"]


def test_an_import_with_a_bad_row_writes_nothing(cast, login):
    response = login(OWNER).post(
        "/time/import/", {"source": "toggl", "file": _file("toggl_bad.csv"), "action": "import"}
    )
    assert response.status_code == 422
    assert len(_bad_rows(response.content.decode())) == 3
    assert not TimeEntry.objects.exists()


def test_a_timewarrior_export_is_read_from_json(cast, login):
    response = login(LEADER).post(
        "/time/import/",
        {"source": "timewarrior", "file": _file("timewarrior.json"), "action": "import"},
    )
    assert response.status_code == 302
    acme, bright = TimeEntry.objects.order_by("work_date", "id")
    assert (acme.client_id, acme.seconds, acme.note, acme.tags) == (
        cast.acme.pk,
        9000,
        "Interview loop",
        "hiring",
    )
    # 23:00 UTC on the 17th is midnight in Brussels: the 18th.
    assert (bright.client_id, bright.work_date) == (cast.brightwave.pk, date(2026, 11, 18))


def test_a_missing_file_a_bad_source_and_an_unreadable_file_are_named_beside_their_fields(
    cast, login
):
    browser = login(OWNER)
    html = browser.post("/time/import/", {"source": "toggl", "action": "check"}).content.decode()
    assert 'id="id_file_error">file: choose the export file to upload' in html
    html = browser.post(
        "/time/import/", {"source": "excel", "file": _file("toggl.csv")}
    ).content.decode()
    assert 'id="id_source_error">source: choose one of toggl, harvest' in html
    response = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "file": _file("latin1.csv", "Client,Project\nCaf\xe9,X\n".encode("latin-1")),
        },
    )
    assert response.status_code == 422
    assert 'id="id_file_error">file: latin1.csv is not UTF-8 text (line 2)' in (
        response.content.decode()
    )
    response = browser.post(
        "/time/import/",
        {"source": "toggl", "file": _file("toggl.csv"), "mapping_file": _file("m.json", b"[1, 2]")},
    )
    assert response.status_code == 422
    assert "mapping_file: the JSON file must be an object" in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_another_practices_client_or_engagement_cannot_be_a_mapping_target(cast, login):
    browser = login(OWNER)
    html = browser.post(
        "/time/import/", {"source": "toggl", "file": _file("toggl_bad.csv"), "action": "check"}
    ).content.decode()
    for target in (f"c:{cast.foreign_client.pk}", "e:999999", "c:abc"):
        response = browser.post(
            "/time/import/",
            {
                "source": "toggl",
                "upload": _token(html),
                "key_0": "Nobody Inc",
                "map_0": target,
                "action": "import",
            },
        )
        assert response.status_code == 422
        assert f'id="id_map_0_error">map_0: &#x27;{target}&#x27; is not a client or engagement' in (
            response.content.decode()
        )
    assert not TimeEntry.objects.exists()


def test_an_upload_belongs_to_the_session_that_sent_it(cast, login):
    html = (
        login(OWNER)
        .post("/time/import/", {"source": "toggl", "file": _file("toggl.csv"), "action": "check"})
        .content.decode()
    )
    response = login(LEADER).post(
        "/time/import/", {"source": "toggl", "upload": _token(html), "action": "import"}
    )
    assert response.status_code == 422
    assert "file: choose the export file to upload" in response.content.decode()
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(
    ("source", "name", "seconds"),
    [
        # Harvest: 1.5 h and 3.25 h.
        ("harvest", "harvest.csv", [5400, 11700]),
        # Clockify: 09:15–11:15 AM and 01:00–01:30 PM.
        ("clockify", "clockify.csv", [7200, 1800]),
        # Watson frames: two hours and one hour, as epoch seconds.
        ("watson", "watson_frames.json", [7200, 3600]),
        ("timewarrior", "timewarrior.json", [9000, 3600]),
    ],
)
def test_every_source_is_read_by_the_same_readers_as_the_cli(cast, login, source, name, seconds):
    browser = login(OWNER)
    # clockify.csv's 11/10/2026 and 11/12/2026 do not tell their order: the form says it.
    dates = {"date_format": "MM/DD/YYYY"} if source == "clockify" else {}
    html = browser.post(
        "/time/import/", {"source": source, "file": _file(name), "action": "check", **dates}
    ).content.decode()
    assert _report(html)["Would be added"] == "2 entries"
    response = browser.post(
        "/time/import/",
        {"source": source, "upload": _token(html), "action": "import", **dates},
    )
    assert response.status_code == 302
    entries = TimeEntry.objects.order_by("work_date", "id")
    assert [e.seconds for e in entries] == seconds
    assert [e.client_id for e in entries] == [cast.acme.pk, cast.brightwave.pk]
    assert {e.source for e in entries} == {source}


def test_watsons_log_of_an_imported_frame_is_a_duplicate(cast, login):
    browser = login(OWNER)
    browser.post(
        "/time/import/",
        {"source": "watson", "file": _file("watson_frames.json"), "action": "import"},
    )
    html = browser.post(
        "/time/import/",
        {"source": "watson", "file": _file("watson_log.json"), "action": "check"},
    ).content.decode()
    report = _report(html)
    assert report["Would be added"] == "0 entries"
    assert report["Duplicates skipped"].startswith("1 ")


def test_a_bad_mapping_file_keeps_the_uploaded_export_for_the_next_try(cast, login):
    browser = login(OWNER)
    response = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "file": _file("toggl.csv"),
            "mapping_file": _file("mapping.json", b'{"Internal": true}'),
            "action": "check",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "mapping_file: &#x27;Internal&#x27; maps to True" in html
    assert "Uploaded: toggl.csv." in html
    response = browser.post(
        "/time/import/",
        {
            "source": "toggl",
            "upload": _token(html),
            "mapping_file": _file("mapping.json"),
            "action": "import",
        },
    )
    assert response.status_code == 302
    assert TimeEntry.objects.count() == 3


TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags"
)


def _many_bad_rows(count: int) -> bytes:
    rows = [
        f"Els,els@example.com,Acme,Platform,,Row {i},Yes,2026-13-{i % 28 + 1:02d},09:00:00,,,"
        "01:00:00,"
        for i in range(count)
    ]
    return ("\n".join([TOGGL_HEADER, *rows]) + "\n").encode()


def test_every_bad_row_can_be_downloaded_though_the_page_lists_the_first_thousand(cast, login):
    browser = login(OWNER)
    html = browser.post(
        "/time/import/",
        {"source": "toggl", "file": _file("many.csv", _many_bad_rows(1200)), "action": "check"},
    ).content.decode()
    assert len(_bad_rows(html)) == 1000
    assert "download all 1200 below" in html
    assert 'value="bad_rows"' in html
    response = browser.post(
        "/time/import/", {"source": "toggl", "upload": _token(html), "action": "bad_rows"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="many-bad-rows.csv"'
    lines = response.content.decode().splitlines()
    assert lines[0] == "line,reason"
    assert len(lines) == 1201
    assert lines[-1] == "1201,'2026-13-24' is not a date"
    assert not TimeEntry.objects.exists()


def test_an_outsider_cannot_download_the_bad_rows_of_anothers_upload(cast, login):
    html = (
        login(OWNER)
        .post(
            "/time/import/",
            {"source": "toggl", "file": _file("toggl_bad.csv"), "action": "check"},
        )
        .content.decode()
    )
    response = login(OUTSIDER).post(
        "/time/import/", {"source": "toggl", "upload": _token(html), "action": "bad_rows"}
    )
    assert response.status_code == 422
    assert not response["Content-Type"].startswith("text/csv")
    assert "file: choose the export file to upload" in response.content.decode()


def test_ambiguous_dates_ask_for_a_date_format_beside_its_field(cast, login):
    browser = login(OWNER)
    response = browser.post(
        "/time/import/", {"source": "clockify", "file": _file("clockify.csv"), "action": "check"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_date_format_error">date_format: every date could be day-first' in html
    response = browser.post(
        "/time/import/",
        {"source": "clockify", "upload": _token(html), "action": "check", "date_format": "x"},
    )
    assert "date_format: &#x27;x&#x27; is not one of YYYY-MM-DD" in response.content.decode()
    day_first = browser.post(
        "/time/import/",
        {
            "source": "clockify",
            "upload": _token(html),
            "action": "check",
            "date_format": "DD/MM/YYYY",
        },
    ).content.decode()
    # Day first, 11/12/2026 is 11 December: the form's format is the one obeyed.
    assert _bad_rows(day_first) == [("3", "date: 2026-12-11 is in the future")]
    month_first = browser.post(
        "/time/import/",
        {
            "source": "clockify",
            "upload": _token(html),
            "action": "import",
            "date_format": "MM/DD/YYYY",
        },
    )
    assert month_first.status_code == 302
    assert sorted(e.work_date for e in TimeEntry.objects.all()) == [
        date(2026, 11, 10),
        date(2026, 11, 12),
    ]


def test_a_field_over_the_csv_limit_is_a_bad_row_with_a_reason(cast, login):
    lines = (DATA / "toggl.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Vendor call", '"' + "x" * 140_000 + '"')
    content = ("\n".join(lines) + "\n").encode()
    html = (
        login(OWNER)
        .post(
            "/time/import/",
            {
                "source": "toggl",
                "file": _file("huge.csv", content),
                "mapping_file": _file("mapping.json"),
                "action": "check",
            },
        )
        .content.decode()
    )
    assert ("3", "a field is longer than 131,072 characters") in _bad_rows(html)
