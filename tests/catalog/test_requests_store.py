"""The register's store: one canonical file a month, personal data apart, errors at file, line and field."""
from __future__ import annotations

from datetime import date

import pytest

from gongkai.catalog.errors import InputError
from gongkai.catalog.requests.model import Application
from gongkai.catalog.requests.store import load_register, register_transaction


def _app(number: str, received: date, **more) -> Application:
    return Application.model_validate({"number": number, "received_on": received, "channel": "当面",
                                       "applicant_type": "商业企业", "subject": "测试申请", **more})


def test_one_file_a_month_canonical_and_stable(make_workspace):
    root = make_workspace()
    with register_transaction(root) as (reg, people):
        a = _app("2026-0002", date(2026, 3, 9), events=[{"kind": "reply", "on": date(2026, 3, 20), "outcome": "不予公开 4"}])
        a.applicant = people.find_or_add(2026, "张某", phone="138 0000 0000").id
        reg.add(a)
        reg.add(_app("2026-0001", date(2026, 3, 2)))
        reg.add(_app("2026-0003", date(2026, 4, 1)))
    assert sorted(p.name for p in (root / "requests").glob("*.toml")) == ["2026-03.toml", "2026-04.toml"]
    march = (root / "requests" / "2026-03.toml").read_text("utf-8")
    assert march.index('"2026-0001"') < march.index('"2026-0002"')           # in order of receipt
    assert 'outcome = "（三）4.保护第三方合法权益"' in march                     # the wording kept as the 表三 row
    # personal data only in its own file; the application carries the pseudonymous key
    assert "张某" not in march and 'applicant = "P2026-0001"' in march
    assert "张某" in (root / "requests" / "applicants" / "2026.toml").read_text("utf-8")
    reg = load_register(root)
    assert [a.number for a in reg.applications()] == ["2026-0001", "2026-0002", "2026-0003"]
    # an unchanged register writes nothing; the same applicant is found again by a matching contact
    before = march
    with register_transaction(root) as (reg, people):
        assert people.find_or_add(2026, "张某", phone="13800000000").id == "P2026-0001"
    assert (root / "requests" / "2026-03.toml").read_text("utf-8") == before


def test_moving_an_application_to_another_month_removes_the_emptied_file(make_workspace):
    root = make_workspace()
    with register_transaction(root) as (reg, _):
        reg.add(_app("2026-0001", date(2026, 3, 2)))
    with register_transaction(root) as (reg, _):
        old = reg.find("2026-0001")
        reg.replace(old.model_copy(update={"received_on": date(2026, 5, 6)}))
    assert [p.name for p in (root / "requests").glob("*.toml")] == ["2026-05.toml"]


def test_a_duplicated_number_names_both_files_and_the_line(make_workspace):
    root = make_workspace()
    with register_transaction(root) as (reg, _):
        reg.add(_app("2026-0001", date(2026, 3, 2)))
        reg.add(_app("2026-0009", date(2026, 4, 2)))
    april = root / "requests" / "2026-04.toml"
    april.write_text(april.read_text("utf-8").replace("2026-0009", "2026-0001"), "utf-8")
    with pytest.raises(InputError) as exc:
        load_register(root)
    (p,) = exc.value.problems
    assert p.file.endswith("2026-04.toml") and p.line == 1 and p.field == "number" and p.item == "2026-0001"
    assert "2026-03.toml:1" in p.message


def test_an_unknown_outcome_in_the_toml_names_line_and_field(make_workspace):
    root = make_workspace()
    with register_transaction(root) as (reg, _):
        reg.add(_app("2026-0001", date(2026, 3, 2), events=[
            {"kind": "supplement", "on": date(2026, 3, 3), "received_on": date(2026, 3, 5)},
            {"kind": "reply", "on": date(2026, 3, 20), "outcome": "予以公开"}]))
    path = root / "requests" / "2026-03.toml"
    text = path.read_text("utf-8").replace("（一）予以公开", "同意一部分")
    path.write_text(text, "utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "同意一部分" in ln)
    with pytest.raises(InputError) as exc:
        load_register(root)
    (p,) = exc.value.problems
    assert (p.line, p.field, p.item) == (line, "events.1.outcome", "2026-0001")
    assert "同意一部分" in p.message and "予以公开" in p.expected


def test_a_string_date_is_refused(make_workspace):
    root = make_workspace()
    (root / "requests").mkdir()
    (root / "requests" / "2026-03.toml").write_text(
        '[[applications]]\nnumber = "1"\nreceived_on = "2026-03-02"\nchannel = "当面"\napplicant_type = "自然人"\n'
        'subject = "x"\n', "utf-8")
    with pytest.raises(InputError) as exc:
        load_register(root)
    (p,) = exc.value.problems
    assert (p.line, p.field) == (3, "received_on") and "TOML date" in p.expected


def test_hand_written_comments_are_not_silently_dropped(make_workspace):
    root = make_workspace()
    with register_transaction(root) as (reg, _):
        reg.add(_app("2026-0001", date(2026, 3, 2)))
    path = root / "requests" / "2026-03.toml"
    path.write_text("# 备注：待核实\n" + path.read_text("utf-8"), "utf-8")
    with pytest.raises(InputError, match="comments"):
        with register_transaction(root) as (reg, _):
            reg.add(_app("2026-0002", date(2026, 3, 3)))
    assert "2026-0002" not in path.read_text("utf-8")      # nothing written


def test_personal_data_only_for_those_handling_the_application(make_workspace):
    from gongkai.catalog.requests.people import load_people, personal_view

    root = make_workspace()
    with register_transaction(root) as (reg, people):
        a = _app("2026-0001", date(2026, 3, 2), dept="区住建局")
        a.applicant = people.find_or_add(2026, "张某", phone="1").id
        reg.add(a)
    people, app = load_people(root), load_register(root).find("2026-0001")
    assert personal_view(people, app, "区住建局").name == "张某"
    assert personal_view(people, app, None, office=True).name == "张某"
    assert personal_view(people, app, "区民政局") is None and personal_view(people, app, None) is None
    from types import SimpleNamespace as U

    from gongkai.catalog.requests.people import personal_for_user

    assert personal_for_user(people, app, U(role="officer", department=None)).name == "张某"
    assert personal_for_user(people, app, U(role="department", department="区住建局")).name == "张某"
    assert personal_for_user(people, app, U(role="department", department="区民政局")) is None
    assert personal_for_user(people, app, U(role="assessor", department="区住建局")) is None
