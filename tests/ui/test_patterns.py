"""Patterns and week copies: the days they pick, what they skip, and one undo step each."""

from datetime import date, timedelta

from deskplan.domain.model import (
    Adjustment,
    AdjustmentKind,
    Nation,
    Person,
    Status,
    WorkingPattern,
)
from deskplan.domain.policy import Policy
from deskplan.domain.rota import Rota
from deskplan.ui.patterns import Pattern, copy_week
from tests.ui.conftest import settle

POLICY = Policy.default()
MONDAY = date(2025, 8, 18)  # the week before the English August bank holiday (25 Aug)


def alex(**changes):
    return Person("A1", "Alex Abbot", nation=Nation.ENGLAND, **changes)


def test_office_every_tue_wed_thu():
    rota = Rota(["A1"])
    pattern = Pattern(frozenset({1, 2, 3}), MONDAY, MONDAY + timedelta(days=13))
    days = sorted(day for _, day, cell in pattern.changes([alex()], rota.cell, POLICY)
                  if cell.status is Status.OFFICE)
    assert [d.weekday() for d in days] == [1, 2, 3, 1, 2, 3]


def test_mon_and_fri_on_alternate_weeks_skipping_the_bank_holiday():
    rota = Rota(["A1"])
    pattern = Pattern(frozenset({0, 4}), MONDAY, MONDAY + timedelta(weeks=4, days=-1),
                      interval=2)
    days = sorted(day for _, day, _ in pattern.changes([alex()], rota.cell, POLICY))
    # Weeks 1 and 3: Mon 18 Aug, Fri 22 Aug, Mon 1 Sep, Fri 5 Sep; never week 2 (25 Aug).
    assert days == [date(2025, 8, 18), date(2025, 8, 22), date(2025, 9, 1), date(2025, 9, 5)]


def test_days_off_and_leave_are_kept_unless_asked():
    rota = Rota(["A1"])
    rota.set("A1", MONDAY + timedelta(days=1), Status.LEAVE)
    part_time = alex(pattern=WorkingPattern.from_days([0, 1, 2], [27000]))
    pattern = Pattern(frozenset(range(5)), MONDAY, MONDAY + timedelta(days=4),
                      others=Status.HOME)
    changed = {day for _, day, _ in pattern.changes([part_time], rota.cell, POLICY)}
    assert changed == {MONDAY, MONDAY + timedelta(days=2)}
    forced = Pattern(frozenset(range(5)), MONDAY, MONDAY + timedelta(days=4),
                     overwrite_absence=True)
    changed = {d for _, d, _ in forced.changes([part_time], rota.cell, POLICY)}
    assert MONDAY + timedelta(days=1) in changed


def test_the_other_working_days_can_become_home():
    rota = Rota(["A1"])
    pattern = Pattern(frozenset({1}), MONDAY, MONDAY + timedelta(days=6), others=Status.HOME)
    statuses = {day.weekday(): cell.status
                for _, day, cell in pattern.changes([alex()], rota.cell, POLICY)}
    assert statuses == {0: Status.HOME, 1: Status.OFFICE, 2: Status.HOME, 3: Status.HOME,
                        4: Status.HOME}


def test_copy_week_repeats_the_week_but_not_leave_or_bank_holidays():
    rota = Rota(["A1"])
    for offset, status in enumerate([Status.OFFICE, Status.HOME, Status.LEAVE, Status.OFFICE,
                                     Status.HOME]):
        rota.set("A1", MONDAY + timedelta(days=offset), status)
    changes = copy_week([alex()], MONDAY + timedelta(days=3), 2, rota.cell, POLICY)
    copied = {day: cell.status for _, day, cell in changes}
    assert date(2025, 8, 25) not in copied  # bank holiday
    assert copied[date(2025, 8, 26)] is Status.HOME
    assert date(2025, 8, 27) not in copied  # leave is not copied
    assert copied[date(2025, 9, 4)] is Status.OFFICE
    assert len(copied) == 7


def test_the_pattern_dialog_applies_as_one_undo_step(qtbot, demo_window):
    model = demo_window.model
    view = demo_window.panel.view
    view.select_cells([(0, 0), (1, 0)])
    dialog = demo_window.pattern_dialog()
    qtbot.addWidget(dialog)
    assert [p.staff_id for p in dialog.chosen_people()] == [model.people[0].staff_id,
                                                           model.people[1].staff_id]
    for number, box in enumerate(dialog.day_boxes):
        box.setChecked(number == 2)
    dialog.overwrite.setChecked(True)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData(Status.TRAINING.value))
    expected = dialog.changes()
    assert expected
    assert "Will change" in dialog.preview.text()
    demo_window.apply_pattern(dialog)
    settle(qtbot, demo_window)
    assert demo_window.undo_stack.count() == 1
    assert demo_window.undo_action.text().replace("&", "") == "Undo Training on Wed"
    for staff_id, day, _status in expected:
        row, column = model.row_of(staff_id), model.column_of(day)
        assert model.status[row, column] == Status.TRAINING
    demo_window.undo_action.trigger()
    settle(qtbot, demo_window)
    assert not any(model.status[model.row_of(s), model.column_of(d)] == Status.TRAINING
                   for s, d, _ in expected)


def test_copy_week_from_the_window(qtbot, demo_window):
    model = demo_window.model
    monday = next(d for d in model.days if d.weekday() == 0)
    demo_window.panel.view.select_cells([(0, model.column_of(monday))])
    demo_window.copy_week(monday, 1)
    settle(qtbot, demo_window)
    person = model.people[0]
    for offset in range(5):
        source = demo_window.document.cell(person.staff_id, monday + timedelta(days=offset))
        target = demo_window.document.cell(person.staff_id,
                                             monday + timedelta(days=7 + offset))
        if not source.am.is_absence and model.column_of(monday + timedelta(days=7 + offset)) \
                is not None and model.working[0, model.column_of(
                    monday + timedelta(days=7 + offset))]:
            assert target == source or target.am.is_absence


def test_patterns_follow_the_organisations_calendar():
    # A closure day is skipped like a bank holiday; a bank holiday the organisation works is not.
    christmas_eve, bank_holiday = date(2025, 12, 24), date(2025, 8, 25)
    policy = Policy(rules=POLICY.rules, closures=frozenset({christmas_eve}),
                    working_bank_holidays=frozenset({bank_holiday}))
    rota = Rota(["A1"])
    every_day = Pattern(frozenset(range(5)), bank_holiday, bank_holiday)
    assert [d for _, d, _ in every_day.changes([alex()], rota.cell, policy)] == [bank_holiday]
    assert every_day.changes([alex()], rota.cell, POLICY) == []
    eve = Pattern(frozenset(range(5)), christmas_eve, christmas_eve)
    assert eve.changes([alex()], rota.cell, policy) == []


def test_neither_a_pattern_nor_a_copied_week_puts_office_on_a_fixed_home_day():
    fridays = [Adjustment("A1", AdjustmentKind.FIXED_HOME_DAYS, MONDAY + timedelta(days=7),
                          weekdays=frozenset({4}))]  # from the second week
    rota = Rota(["A1"])
    pattern = Pattern(frozenset(range(5)), MONDAY, MONDAY + timedelta(weeks=3, days=-1),
                      others=Status.HOME)
    cells = {day: cell for _, day, cell in
             pattern.changes([alex()], rota.cell, POLICY, fridays)}
    # The first Friday is before the arrangement: in the office; later Fridays are left as
    # they are (unplanned), not made office days and not silently made home days either.
    assert cells[MONDAY + timedelta(days=4)].status is Status.OFFICE
    assert MONDAY + timedelta(days=11) not in cells
    assert MONDAY + timedelta(days=18) not in cells
    # A count of home days names no weekday: nothing is skipped for it.
    count = [Adjustment("A1", AdjustmentKind.FIXED_HOME_DAYS, MONDAY, home_days=2)]
    assert len(pattern.changes([alex()], rota.cell, POLICY, count)) == 14  # 25 Aug is off
    for offset in range(5):
        rota.set("A1", MONDAY + timedelta(days=offset), Status.OFFICE)
    copied = {day for _, day, _ in copy_week([alex()], MONDAY, 2, rota.cell, POLICY,
                                             adjustments=fridays)}
    # The 25 August bank holiday and both later Fridays stay as they are.
    assert copied == {MONDAY + timedelta(weeks=w, days=d) for w in (1, 2) for d in range(4)
                      if (w, d) != (1, 0)}


def test_copy_week_names_who_it_copies_and_reports_conflicts_off_screen(qtbot, demo_window):
    window, model = demo_window, demo_window.model
    window.panel.view.clearSelection()
    assert window.copied_people() == f"everyone ({len(model.people)} people)"
    arranged = {a.staff_id for a in window.document.plan.adjustments}
    row = next(r for r, p in enumerate(model.people) if p.staff_id not in arranged
               and len(p.pattern.seconds) == 7 and p.pattern.seconds[0])
    person = model.people[row]
    monday = [d for d in model.days if d.weekday() == 0
              and model.working[row, model.column_of(d)]][-1]
    week = [monday + timedelta(days=d) for d in range(7)
            if model.column_of(monday + timedelta(days=d)) is not None
            and model.working[row, model.column_of(monday + timedelta(days=d))]]
    window.apply_changes([(person.staff_id, day, Status.HOME) for day in week])  # short
    settle(qtbot, window)
    window.panel.view.select_cells([(row, model.column_of(monday))])
    assert window.copied_people() == person.name
    before = {(p.staff_id, d): window.document.cell(p.staff_id, d)
              for p in model.people for d in model.days}
    window.copy_week(monday, 6)
    settle(qtbot, window)
    assert window.undo_action.text().replace("&", "").endswith(
        f"for {person.name} to 6 weeks")
    message = window.statusBar().currentMessage()
    assert message.endswith(f"for {person.name} to 6 weeks.")
    assert " new conflicts in weeks not shown (the first on " in message
    later = [monday + timedelta(weeks=w) for w in range(1, 7)]
    assert any(window.document.cell(person.staff_id, day).status is Status.HOME
               for day in later)
    others = {k for k, cell in before.items() if k[0] != person.staff_id
              and window.document.cell(*k) != cell}
    assert others == set()  # nobody else's days were copied
