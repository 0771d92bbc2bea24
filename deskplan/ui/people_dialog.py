"""People: the team list, and the form to add or edit one person or mark them as left."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.calendar import describe_day
from deskplan.domain.durations import format_hours, parse_hours
from deskplan.domain.limits import person_breaches
from deskplan.domain.model import (
    WEEKDAY_NAMES,
    Nation,
    Person,
    Terms,
    WorkingPattern,
    with_timeline,
)
from deskplan.domain.policy import Policy
from deskplan.interchange.team_file import parse_pattern
from deskplan.planning.preferences import Preference
from deskplan.storage.operations import Batch, Operation, SavePeople, SavePreferences
from deskplan.ui.adjustments_dialog import AdjustmentsDialog
from deskplan.ui.document import TeamDocument
from deskplan.ui.edits import save_and_close
from deskplan.ui.inputs import DateBox, FormError
from deskplan.ui.screen_fit import fit_to_screen

#: The preference rows of the person form: field of `Preference`, and its title.
_PREFERENCE_ROWS = (("office_days", "Usually in"), ("home_days", "Prefers home"),
                    ("unavailable_days", "Cannot come in"))


class OptionalDate(QWidget):
    """A date that may be absent: a check box in front of a date edit."""

    def __init__(self, label: str, value: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(label, self)
        self.edit = DateBox(value or date.today(), self, name=label)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        """The date, if ticked; FormError when the text typed is not one."""
        if not self.check.isChecked():
            return None
        problem = self.edit.problem()
        if problem is not None:
            raise FormError(f"{self.check.text()}: {problem}")
        return self.edit.date()


class PersonForm(QDialog):
    """Add or edit one person: who they are, where they work, and their working pattern.

    Editing corrects the record in force now and keeps the earlier ones. *Change from date…*
    (`change_from`) records a contract change instead: the form's terms become a new record
    from that day (earlier records kept, so weeks already worked are judged as they were;
    later ones kept too, taking what the change sets until one sets it again:
    `Person.with_change`). A cycle of several weeks or a roster is written as in a team file.
    """

    def __init__(self, person: Person | None, policy: Policy, roles: list[str],
                 taken_ids: set[str], parent: QWidget | None = None, *,
                 document: TeamDocument | None = None,
                 change_from: date | None = None,
                 preference: Preference | None = None) -> None:
        super().__init__(parent)
        #: Where Save writes the person (the dialog stays open until it is saved); without
        #: one the form only builds `result_person`.
        self.document = document
        changing = person is not None and change_from is not None
        self.setWindowTitle(f"Change {person.name}'s contract from a date"
                            if changing and person else "Edit person" if person
                            else "Add person")
        self.original = person
        self.taken_ids = taken_ids
        self.change_from = DateBox(change_from, self, name="Changes from") \
            if changing and change_from else None
        if person is not None and self.change_from is not None:
            # The form starts from the record in force on the day (to change from there).
            then = person.terms_on(self.change_from.date())
            person = with_timeline(person, [*person.timeline()[:-1], (person.since, then)])
        self.staff_id = QLineEdit(person.staff_id if person else "", self)
        self.staff_id.setReadOnly(person is not None)
        self.name = QLineEdit(person.name if person else "", self)
        self.role = QComboBox(self)
        self.role.setEditable(True)
        self.role.addItems(sorted(set(roles) | set(policy.role_map), key=str.casefold))
        self.role.setCurrentText(person.role if person else "")
        self.category = QComboBox(self)
        self.category.setEditable(True)
        categories = {r.category for r in policy.rules if r.category} | set(
            policy.role_map.values())
        self.category.addItem("")
        self.category.addItems(sorted(categories))
        self.category.setCurrentText(person.category or "" if person else "")
        category_line = self.category.lineEdit()
        assert category_line is not None  # an editable combo box has one
        category_line.setPlaceholderText("from the policy's role map")
        self.location = QComboBox(self)
        self.location.setEditable(True)
        self.location.addItems([place.name for place in policy.locations])
        self.location.setCurrentText(person.location if person else "")
        self.nation = QComboBox(self)
        for nation in Nation:
            self.nation.addItem(nation.label, nation.value)
        self.nation.setCurrentIndex(list(Nation).index(person.nation if person else
                                                       policy.default_nation))
        pattern = person.pattern if person else WorkingPattern.standard()
        is_cycle = len(pattern.seconds) != 7 or pattern.roster
        self.bank_holidays_worked = QCheckBox("Works bank holidays by roster", self)
        self.bank_holidays_worked.setChecked(bool(person and person.bank_holidays_worked))
        #: One week in the grid of days, or a cycle of weeks or a roster written as in a team
        #: file (`Mon-Fri | Mon-Thu`, `cycle:WWWW----`) with its day lengths and start.
        self.cycle_box = QCheckBox("A cycle of several weeks, or a roster", self)
        self.cycle_box.setChecked(is_cycle)
        self.week_widget = QWidget(self)
        grid = QGridLayout(self.week_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: list[QCheckBox] = []
        self.hours: list[QLineEdit] = []
        for number, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name, self.week_widget)
            length = pattern.seconds[number] if not is_cycle else 0
            box.setChecked(bool(length))
            hours = QLineEdit(format_hours(length or 27000).removesuffix(" h"),
                              self.week_widget)
            hours.setAccessibleName(f"Hours on {name}")
            hours.setMaximumWidth(60)
            hours.setEnabled(box.isChecked())
            box.toggled.connect(hours.setEnabled)
            grid.addWidget(box, 0, number)
            grid.addWidget(hours, 1, number)
            self.day_boxes.append(box)
            self.hours.append(hours)
        # Standing preferences, for the planner (soft; a new person has none).
        wished = preference or Preference(person.staff_id if person else "")
        self.preference_boxes: dict[str, list[QCheckBox]] = {}
        preferences = QGridLayout()
        for line, (field, title) in enumerate(_PREFERENCE_ROWS):
            preferences.addWidget(QLabel(title, self), line, 0)
            boxes = []
            for number, name in enumerate(WEEKDAY_NAMES):
                box = QCheckBox(name, self)
                box.setAccessibleName(f"{title} {name}")
                box.setChecked(number in getattr(wished, field))
                preferences.addWidget(box, line, number + 1)
                boxes.append(box)
            self.preference_boxes[field] = boxes
        days_text, hours_text = pattern_texts(pattern) if is_cycle else ("Mon-Fri | Mon-Thu",
                                                                          "7.5")
        self.working_days = QLineEdit(days_text, self)
        self.working_days.setAccessibleName("Working days of the cycle")
        self.working_days.setToolTip("Weeks separated by |, e.g. Mon-Fri | Mon-Thu; or a roster "
                                     "of W (working) and - (off) from its start, e.g. "
                                     "cycle:WWWW----")
        self.cycle_hours = QLineEdit(hours_text, self)
        self.cycle_hours.setAccessibleName("Hours per working day of the cycle")
        self.cycle_hours.setToolTip("One length for every working day (7.5), or one per "
                                    "working day (9/9/9/9/8 | 9/9/9/9)")
        self.cycle_start = DateBox(pattern.cycle_start or date.today(), self,
                                   name="Cycle starts")
        self.cycle_start.setToolTip("The first day of the cycle: the Monday of week 1 for a "
                                    "cycle of weeks, day 1 of a roster")
        self.cycle_box.toggled.connect(self._show_pattern_kind)
        self.start = OptionalDate("Started on", person.start_date if person else None, self)
        self.end = OptionalDate("Last working day", person.end_date if person else None, self)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #D55E00")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if self.original is not None and self.original.timeline()[1:]:
            records = QLabel("Records: " + "; ".join(
                describe_record(when, terms) for when, terms in self.original.timeline())
                + "." + ("" if self.change_from is not None else
                         " This form corrects the last; a change from a date is *Change "
                         "from date…* in the team list."), self)
            records.setWordWrap(True)
            form.addRow(records)
        if self.original is not None and self.change_from is not None:
            self.staff_id.setEnabled(False)
            self.name.setEnabled(False)
            self.start.setEnabled(False)
            self.end.setEnabled(False)
            form.addRow("Changes &from:", self.change_from)
            later = self.original.later_changes(self.change_from.date())
            note = QLabel(
                "Days before this date keep the record in force then." + (
                    " Changes recorded after it are kept ("
                    + "; ".join(describe_record(when, terms) for when, terms in later)
                    + "): what this change sets carries on until one of them sets it again."
                    if later else ""), self)
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow("Staff &id:", self.staff_id)
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        form.addRow("&Category:", self.category)
        form.addRow("&Location:", self.location)
        form.addRow("Bank &holidays of:", self.nation)
        form.addRow("", self.cycle_box)
        form.addRow("Working days and hours:", self.week_widget)
        form.addRow("Working &days:", self.working_days)
        form.addRow("Hours per &day:", self.cycle_hours)
        form.addRow("Cycle &starts:", self.cycle_start)
        self._show_pattern_kind(is_cycle)
        form.addRow("", self.bank_holidays_worked)
        form.addRow("", self.start)
        form.addRow("", self.end)
        form.addRow("Preferences (for Plan…):", preferences)
        form.addRow(self.error)
        form.addRow(buttons)
        self.result_person: Person | None = None
        self.result_preference: Preference | None = None

    def preference(self) -> Preference:
        """The preferences ticked; FormError when a day is ticked twice."""
        days = {field: frozenset(d for d, box in enumerate(boxes) if box.isChecked())
                for field, boxes in self.preference_boxes.items()}
        try:
            return Preference(self.staff_id.text().strip(), **days)
        except ValueError as error:
            raise FormError(_sentence(str(error))) from None

    def person(self) -> Person:
        """The person the form describes; FormError with a readable reason if it cannot be."""
        staff_id = self.staff_id.text().strip()
        if self.original is None and staff_id in self.taken_ids:
            raise FormError(f"Staff id {staff_id!r} is already in this team.")
        pattern = self._cycle_pattern() if self.cycle_box.isChecked() else self._week_pattern()
        start, end = self.start.value(), self.end.value()
        terms = Terms(role=self.role.currentText().strip(),
                      category=self.category.currentText().strip() or None,
                      location=self.location.currentText().strip(),
                      nation=Nation(self.nation.currentData()), pattern=pattern,
                      bank_holidays_worked=self.bank_holidays_worked.isChecked())
        original = self.original
        try:
            if original is not None and self.change_from is not None:
                problem = self.change_from.problem()
                if problem is not None:
                    raise FormError(f"Changes from: {problem}")
                person = original.with_change(self.change_from.date(), terms)
            else:
                person = Person(staff_id=staff_id, name=self.name.text().strip(),
                                start_date=start, end_date=end)
                # An edit corrects the current record; the earlier ones stay as they were.
                records: list[tuple[date | None, Terms]] = [
                    *original.timeline()[:-1], (original.since, terms)] \
                    if original is not None else [(None, terms)]
                person = with_timeline(person, records)
        except ValueError as error:  # the person's own check (a name, dates in order)
            raise FormError(_sentence(str(error))) from None
        breaches = person_breaches(person)
        if breaches:
            raise FormError(_sentence("; ".join(map(str, breaches))))
        return person

    def _show_pattern_kind(self, cycle: bool) -> None:
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        layout.setRowVisible(self.week_widget, not cycle)
        for widget in (self.working_days, self.cycle_hours, self.cycle_start):
            layout.setRowVisible(widget, cycle)

    def _cycle_pattern(self) -> WorkingPattern:
        problem = self.cycle_start.problem()
        if problem is not None:
            raise FormError(f"Cycle starts: {problem}")
        try:
            return parse_pattern(self.working_days.text(), self.cycle_hours.text().strip(),
                                 cycle_start=self.cycle_start.date())
        except ValueError as error:
            raise FormError(f"Working pattern: {error}") from None

    def _week_pattern(self) -> WorkingPattern:
        days = [i for i, box in enumerate(self.day_boxes) if box.isChecked()]
        if not days:
            raise FormError("Tick at least one working day.")
        seconds = []
        for day in days:
            try:
                seconds.append(parse_hours(self.hours[day].text()))
            except ValueError as error:
                raise FormError(f"{WEEKDAY_NAMES[day]}: {error}") from None
        return WorkingPattern.from_days(days, seconds)

    def _accept(self) -> None:
        try:
            self.result_person = person = self.person()
            self.result_preference = self.preference()
        except FormError as error:
            self.error.setText(str(error))
            return
        if self.document is None:
            self.accept()
            return
        if self.change_from is not None:
            label = f"Change {person.name} from {describe_day(self.change_from.date())}"
        else:
            label = f"{'Edit' if self.original is not None else 'Add'} {person.name}"
        operation: Operation = SavePeople((person,), text=label)
        before = self.document.preferences().get(person.staff_id, Preference(person.staff_id))
        if self.result_preference != before:  # the person and their preferences: one step
            operation = Batch((operation, SavePreferences(
                (self.result_preference,), (before,))), label)
        save_and_close(self, self.document, operation, self.error)


def pattern_texts(pattern: WorkingPattern) -> tuple[str, str]:
    """A cycle or roster as a team file writes it: (working days, hours per day), which
    `parse_pattern` reads back to the same pattern with the cycle's start."""
    if pattern.roster:
        days = "cycle:" + "".join("W" if s else "-" for s in pattern.seconds)
        weeks = [[s for s in pattern.seconds if s]]
    else:
        chunks = [pattern.seconds[w * 7:w * 7 + 7] for w in range(len(pattern.seconds) // 7)]
        days = " | ".join(",".join(WEEKDAY_NAMES[d] for d in range(7) if week[d])
                          for week in chunks)
        weeks = [[s for s in week if s] for week in chunks]
    lengths = {s for week in weeks for s in week}
    if len(lengths) == 1:
        return days, _hours_text(lengths.pop())
    return days, " | ".join("/".join(_hours_text(s) for s in week) for week in weeks)


def _hours_text(seconds: int) -> str:
    """`7.5`, or `7:18` where hours are not a short decimal."""
    text = format_hours(seconds)
    if text.endswith(" h"):
        return text.removesuffix(" h")
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def describe_record(when: date | None, terms: Terms) -> str:
    """`from Mon 6 Jan 2025: Mon–Thu, 9 h, Lambeth, Call handler` (first: `from the start`)."""
    where = ", ".join(part for part in (terms.location, terms.role) if part)
    return (f"from {describe_day(when) if when else 'the start'}: {terms.pattern.describe()}"
            + (f", {where}" if where else ""))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def person_form(document: TeamDocument, person: Person | None,
                parent: QWidget | None = None, *,
                change_from: date | None = None) -> PersonForm:
    """The form for `person` (None: a new one), offering the team's roles and the policy's;
    with `change_from`, a contract change from that day."""
    roles = sorted({p.role for p in document.plan.people if p.role})
    preference = document.preferences().get(person.staff_id) if person else None
    return PersonForm(person, document.policy, roles,
                      {p.staff_id for p in document.plan.people}, parent, document=document,
                      change_from=change_from, preference=preference)


def add_person(document: TeamDocument, parent: QWidget | None = None) -> None:
    edit_person(document, None, parent)


def edit_person(document: TeamDocument, person: Person | None,
                parent: QWidget | None = None) -> None:
    """The person form, saved (one undo step) when accepted (None: add someone new)."""
    person_form(document, person, parent).exec()


class PeopleDialog(QDialog):
    """The team list with add, edit, mark as left, and arrangements."""

    COLUMNS = ("Name", "Staff id", "Role", "Category", "Location", "Bank holidays",
               "Working pattern", "Changes", "Started", "Left")

    def __init__(self, document: TeamDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(f"People — {document.plan.name}")
        fit_to_screen(self, 980, 520)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setAccessibleName("People in the team")
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.add_button = QPushButton("&Add person…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setToolTip("Correct the person's record as it is now")
        self.change_button = QPushButton("&Change from date…", self)
        self.change_button.setToolTip("A contract change (hours, days, site, role) from a "
                                      "date: earlier weeks keep the record in force then")
        self.change_button.clicked.connect(self.change_from_date)
        self.left_button = QPushButton("Mark as &left…", self)
        self.arrangements_button = QPushButton("A&rrangements…", self)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.left_button.clicked.connect(self.mark_left)
        self.arrangements_button.clicked.connect(self.edit_arrangements)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.change_button,
                       self.left_button, self.arrangements_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        document.reset.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        people = sorted(self.document.plan.people, key=lambda p: p.name.casefold())
        self.people = people
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            derived = self.document.policy.category_for_role(person.role)
            category = person.category or (f"{derived} (from the role)" if derived else "—")
            values = (person.name, person.staff_id, person.role, category,
                      person.location, person.nation.label, person.pattern.describe(),
                      ", ".join(f"from {describe_day(d)}" for d in person.change_dates()),
                      describe_day(person.start_date) if person.start_date else "",
                      describe_day(person.end_date) if person.end_date else "")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

    def current(self) -> Person | None:
        row = self.table.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def form(self, person: Person | None) -> PersonForm:
        return person_form(self.document, person, self)

    def add_person(self) -> None:
        add_person(self.document, self)

    def edit_person(self) -> None:
        person = self.current()
        if person is not None:
            self._run_form(self.form(person))

    def change_from_date(self) -> None:
        person = self.current()
        if person is not None:
            self._run_form(self.change_form(person, date.today()))

    def change_form(self, person: Person, day: date) -> PersonForm:
        return person_form(self.document, person, self, change_from=day)

    def _run_form(self, form: PersonForm) -> None:
        form.exec()

    def mark_left(self) -> None:
        person = self.current()
        if person is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(f"{person.name} leaves")
        last_day = DateBox(person.end_date or date.today(), dialog, name="Last working day")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        form.addRow(QLabel("Their rota stays as history; days after this are no longer "
                           "working days for them.", dialog))
        form.addRow("Last working day:", last_day)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.leave(person, last_day.date())

    def leave(self, person: Person, last_day: date) -> None:
        if person.start_date and last_day < person.start_date:
            QMessageBox.warning(self, "Not marked as left",
                                f"{person.name} started on {describe_day(person.start_date)}; "
                                "the last working day cannot be before that.")
            return
        self.document.perform(SavePeople((replace(person, end_date=last_day),),
                                         text=f"Mark {person.name} as left"))

    def edit_arrangements(self) -> None:
        person = self.current()
        if person is not None:
            AdjustmentsDialog(self.document, person, self).exec()

