"""People: the team list, and the form to add or edit one person or mark them as left."""

from __future__ import annotations

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
from deskplan.domain.model import WEEKDAY_NAMES, Nation, Person, WorkingPattern
from deskplan.domain.policy import Policy
from deskplan.planning.preferences import Preference
from deskplan.ui.adjustments_dialog import AdjustmentsDialog
from deskplan.ui.document import TeamDocument, WriteRefusedError
from deskplan.ui.inputs import DateBox, FormError

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
    """Add or edit one person: who they are, where they work, and their working pattern."""

    def __init__(self, person: Person | None, policy: Policy, roles: list[str],
                 taken_ids: set[str], parent: QWidget | None = None, *,
                 preference: Preference | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit person" if person else "Add person")
        self.original = person
        self.taken_ids = taken_ids
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
        grid = QGridLayout()
        self.day_boxes: list[QCheckBox] = []
        self.hours: list[QLineEdit] = []
        for number, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(name, self)
            box.setChecked(bool(pattern.seconds[number]))
            hours = QLineEdit(format_hours(pattern.seconds[number] or 27000).removesuffix(" h"),
                              self)
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
        form.addRow("Staff &id:", self.staff_id)
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        form.addRow("&Category:", self.category)
        form.addRow("&Location:", self.location)
        form.addRow("Bank &holidays of:", self.nation)
        form.addRow("Working days and hours:", grid)
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
        days = [i for i, box in enumerate(self.day_boxes) if box.isChecked()]
        if not days:
            raise FormError("Tick at least one working day.")
        seconds = []
        for day in days:
            try:
                seconds.append(parse_hours(self.hours[day].text()))
            except ValueError as error:
                raise FormError(f"{WEEKDAY_NAMES[day]}: {error}") from None
        start, end = self.start.value(), self.end.value()
        try:
            person = Person(
                staff_id=staff_id, name=self.name.text().strip(),
                role=self.role.currentText().strip(),
                category=self.category.currentText().strip() or None,
                location=self.location.currentText().strip(),
                nation=Nation(self.nation.currentData()),
                pattern=WorkingPattern.from_days(days, seconds),
                start_date=start, end_date=end,
            )
        except ValueError as error:  # the person's own check (a name, dates in order)
            raise FormError(_sentence(str(error))) from None
        breaches = person_breaches(person)
        if breaches:
            raise FormError(_sentence("; ".join(map(str, breaches))))
        return person

    def _accept(self) -> None:
        try:
            self.result_person = self.person()
            self.result_preference = self.preference()
        except FormError as error:
            self.error.setText(str(error))
            return
        self.accept()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def person_form(document: TeamDocument, person: Person | None,
                parent: QWidget | None = None) -> PersonForm:
    """The form for `person` (None: a new one), offering the team's roles and the policy's."""
    roles = sorted({p.role for p in document.plan.people if p.role})
    preference = document.preferences().get(person.staff_id) if person else None
    return PersonForm(person, document.policy, roles,
                      {p.staff_id for p in document.plan.people}, parent,
                      preference=preference)


def save_person(document: TeamDocument, person: Person,
                preference: Preference | None = None) -> None:
    """Save the person, then their preferences if they changed."""
    try:
        document.save_person(person)
        if preference is not None and preference != document.preferences().get(
                person.staff_id, Preference(person.staff_id)):
            document.save_preferences([preference])
    except WriteRefusedError:
        return  # the window has shown why


def add_person(document: TeamDocument, parent: QWidget | None = None) -> None:
    edit_person(document, None, parent)


def edit_person(document: TeamDocument, person: Person | None,
                parent: QWidget | None = None) -> None:
    """The person form, saved at once when accepted (None: add someone new)."""
    form = person_form(document, person, parent)
    if form.exec() == QDialog.DialogCode.Accepted and form.result_person is not None:
        save_person(document, form.result_person, form.result_preference)


class PeopleDialog(QDialog):
    """The team list with add, edit, mark as left, and arrangements."""

    COLUMNS = ("Name", "Staff id", "Role", "Category", "Location", "Bank holidays",
               "Working pattern", "Started", "Left")

    def __init__(self, document: TeamDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(f"People — {document.plan.name}")
        self.resize(980, 520)
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
        self.left_button = QPushButton("Mark as &left…", self)
        self.arrangements_button = QPushButton("A&rrangements…", self)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.left_button.clicked.connect(self.mark_left)
        self.arrangements_button.clicked.connect(self.edit_arrangements)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.left_button,
                       self.arrangements_button):
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

    def _run_form(self, form: PersonForm) -> None:
        if form.exec() == QDialog.DialogCode.Accepted and form.result_person is not None:
            self.save(form.result_person, form.result_preference)

    def save(self, person: Person, preference: Preference | None = None) -> None:
        save_person(self.document, person, preference)

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
        try:
            self.document.mark_left(person.staff_id, last_day)
        except WriteRefusedError:
            return

    def edit_arrangements(self) -> None:
        person = self.current()
        if person is not None:
            AdjustmentsDialog(self.document, person, self).exec()

