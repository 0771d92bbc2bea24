"""The planner window: team chooser, period navigation, the rota grid, conflicts and menus."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QObject,
    QSettings,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from deskplan import __version__
from deskplan.domain.actuals import ACTUAL, DIFFERENCES, PLAN
from deskplan.domain.calendar import EARLIEST_DATE, LATEST_DATE, describe_day
from deskplan.domain.conflicts import Conflict
from deskplan.domain.engine import Delta, SharedDesks
from deskplan.domain.errors import DeskplanError
from deskplan.domain.model import WEEKDAY_NAMES, Person
from deskplan.domain.ordering import PeopleOrder
from deskplan.domain.policy import Policy
from deskplan.storage.operations import (
    Batch,
    CellChange,
    ImportArrangements,
    OpChanges,
    Operation,
    SavePeople,
    SavePolicy,
    SavePreferences,
    SetActuals,
    SetCells,
    SetLocks,
)
from deskplan.ui.conflicts_dock import ConflictsDock
from deskplan.ui.document import DatabaseWorker, Outcome, RotaDraft, TeamDocument, report_bug
from deskplan.ui.draft_bar import DraftBar
from deskplan.ui.history_dialog import HistoryDialog
from deskplan.ui.inputs import DateBox
from deskplan.ui.legend import Legend
from deskplan.ui.live import LiveUpdates
from deskplan.ui.patterns import copy_week, unlocked
from deskplan.ui.periods import ViewSpan, describe_span
from deskplan.ui.preferences import PreferencesDialog, keep_settings_private
from deskplan.ui.rota_headers import DayHeader
from deskplan.ui.rota_model import RotaModel
from deskplan.ui.rota_panel import RotaPanel
from deskplan.ui.screen_fit import fit_to_screen
from deskplan.ui.store import PlanStore, TeamInfo, copy_plan
from deskplan.ui.welcome import WelcomePage
from deskplan.ui.what_if import WhatIfBar

# The editors (people, arrangements, policy, patterns) are imported when first opened: the
# first painted grid needs none of them, and each PySide6 module costs a start time to import.
if TYPE_CHECKING:
    from deskplan.ui.export_dialog import ExportDialog, ExportJob, ExportRequest
    from deskplan.ui.fix_dialog import FixDialog
    from deskplan.ui.import_dialog import ImportDialog
    from deskplan.ui.overview_window import OverviewWindow
    from deskplan.ui.pattern_dialog import PatternDialog
    from deskplan.ui.plan_dialog import PlanDialog
    from deskplan.ui.policy_dialog import PolicyDialog

log = logging.getLogger(__name__)

#: Notices are gathered this long before the window reloads: a burst of saves is one reload.
NOTICE_DELAY_MS = 150
READ_ONLY_MESSAGE = ("You may read this team but not change it; its managers and the "
                     "administrators can.")


class FixedLabel(QLabel):
    """A status-bar label of fixed size, grown (never shrunk) to fit the widest text it has
    shown, and from the start as wide as `room`. A label that fits itself to each text asks
    the window for a new layout at every relabel, and the window then repaints what lies
    around it: after every cell edit."""

    def __init__(self, room: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fit(room)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._fit(text)

    def _fit(self, text: str) -> None:
        margins = self.contentsMargins()
        width = (self.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right()
                 + 2 * self.margin() + 4)
        height = self.fontMetrics().height() + margins.top() + margins.bottom()
        if width > self.width() or height != self.height() or self.minimumWidth() == 0:
            self.setFixedSize(max(width, self.minimumWidth()), height)


def _with_standard(own: QKeySequence, standard: QKeySequence.StandardKey) -> list[QKeySequence]:
    """Our key, plus the platform's own for the same job (Cmd+[ for Back on macOS), once each."""
    keys = [own, *QKeySequence.keyBindings(standard)]
    return list({key.toString(): key for key in keys}.values())


class MainWindow(QMainWindow):
    def __init__(self, store: PlanStore, settings: QSettings, *, data_location: str = "",
                 log_location: str = "", today: date | None = None) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.data_location = data_location
        self.log_location = log_location
        self.today = today or date.today()
        self.anchor = self.today
        self.span = ViewSpan(str(settings.value("view/span", ViewSpan.MONTH.value)))
        self.grouping = PeopleOrder(str(settings.value("view/grouping", PeopleOrder.NAME.value)))
        self.document: TeamDocument | None = None
        self.model: RotaModel | None = None
        self.panel: RotaPanel | None = None
        self.dock: ConflictsDock | None = None
        self.undo_stack = QUndoStack(self)
        #: The one thread that writes to the database (the GUI thread never does).
        self.database_worker = DatabaseWorker(self)
        self._creating = 0
        self._close_when_saved = False
        self.export_jobs: list[ExportJob] = []
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_status())
        self.setWindowTitle("deskplan")
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self)
        self.welcome.import_requested.connect(self.import_team_list)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.empty_requested.connect(self.new_team)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self.counts_label = FixedLabel("9999 errors · 9999 warnings · saving…", self)
        self.counts_label.setAccessibleName("Conflict counts")
        self.legend = Legend(self)
        self.statusBar().addPermanentWidget(self.legend)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._build_toolbar()
        self._build_menus()
        self._restore_geometry()
        keep_settings_private(settings)
        self.access = store.access()
        self.overview_windows: list[OverviewWindow] = []
        # Others' saves, heard from the database: gathered for a moment, then applied at once.
        self.live = LiveUpdates(store.live_url(), self)
        self.live.team_changed.connect(self._on_team_changed)
        self._hearing = True  # until the window closes
        self._heard: dict[int, int] = {}
        #: The window was closed: its store is closed, late notices and timers do nothing.
        self._closed = False
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_DELAY_MS)
        self._notice_timer.timeout.connect(self._apply_notices)
        self.refresh_teams()

    # --- construction -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("Navigation", self)
        bar.setObjectName("NavigationToolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.toolbar = bar
        self.team_box = QComboBox(bar)
        self.team_box.setAccessibleName("Team")
        self.team_box.setToolTip("The team to plan")
        self.team_box.setMinimumContentsLength(14)
        self.team_box.activated.connect(lambda i: self.open_team(self.team_box.itemData(i)))
        bar.addWidget(self.team_box)
        bar.addSeparator()
        self.previous_action = QAction("◀ Previous", self)
        self.previous_action.setShortcuts(_with_standard(
            QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), QKeySequence.StandardKey.Back))
        self.previous_action.setToolTip("Previous period (Alt+←)")
        self.previous_action.triggered.connect(lambda: self.step_period(-1))
        self.today_action = QAction("Today", self)
        self.today_action.setShortcut(QKeySequence("Ctrl+T"))
        self.today_action.setToolTip("Go to today (Ctrl+T)")
        self.today_action.triggered.connect(self.go_today)
        self.next_action = QAction("Next ▶", self)
        self.next_action.setShortcuts(_with_standard(
            QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right), QKeySequence.StandardKey.Forward))
        self.next_action.setToolTip("Next period (Alt+→)")
        self.next_action.triggered.connect(lambda: self.step_period(1))
        for action in (self.previous_action, self.today_action, self.next_action):
            bar.addAction(action)
        self.span_group = QActionGroup(self)
        self.span_actions: dict[ViewSpan, QAction] = {}
        for number, span in enumerate(ViewSpan, start=1):
            action = QAction(span.label, self)
            action.setCheckable(True)
            action.setChecked(span is self.span)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setToolTip(f"Show a {span.value} (Ctrl+{number})")
            action.triggered.connect(lambda _checked=False, s=span: self.set_span(s))
            self.span_group.addAction(action)
            self.span_actions[span] = action
            bar.addAction(action)
        self.date_edit = DateBox(self.anchor, bar, name="Go to date")
        self.date_edit.setToolTip("Go to a date: type it day first (01/04/2025, 1 Apr 2025)")
        self.date_edit.setDateRange(EARLIEST_DATE, LATEST_DATE)
        self.date_edit.dateChanged.connect(self._on_date_picked)
        self.date_edit.refused.connect(lambda why: self.statusBar().showMessage(why, 10000))
        # As wide as the longest date it shows, not the toolbar's spare room (~400 px).
        self.date_edit.setFixedWidth(
            self.date_edit.edit.fontMetrics().horizontalAdvance("Wed 30 Sep 2025") + 24
            + self.date_edit.button.sizeHint().width())
        bar.addWidget(self.date_edit)
        self.range_label = QLabel(bar)
        self.range_label.setContentsMargins(8, 0, 8, 0)
        font = self.range_label.font()
        font.setBold(True)
        self.range_label.setFont(font)
        bar.addWidget(self.range_label)
        bar.addSeparator()
        self.group_box = QComboBox(bar)
        self.group_box.setAccessibleName("Sort or group people")
        for grouping in PeopleOrder:
            self.group_box.addItem(grouping.label, grouping)
        self.group_box.setCurrentIndex(list(PeopleOrder).index(self.grouping))
        self.group_box.currentIndexChanged.connect(
            lambda i: self.set_grouping(PeopleOrder(self.group_box.itemData(i))))
        bar.addWidget(self.group_box)
        # What the grid shows: the plan, what actually happened, or where they differ.
        self.layer_group = QActionGroup(self)
        self.layer_actions: dict[str, QAction] = {}
        self.layer_box = QComboBox(bar)
        self.layer_box.setAccessibleName("Show the plan, what happened, or the differences")
        self.layer_box.setToolTip("Show the plan, what actually happened (Team → Plan "
                                  "against actual…), or the days where they differ")
        for number, (layer, label) in enumerate(((PLAN, "Plan"), (ACTUAL, "Actual"),
                                                 (DIFFERENCES, "Differences")), start=1):
            action = QAction(f"Show the {label.lower()}" if layer != ACTUAL
                             else "Show what actually happened", self)
            action.setCheckable(True)
            action.setChecked(layer == PLAN)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.triggered.connect(lambda _checked=False, key=layer: self.set_layer(key))
            self.layer_group.addAction(action)
            self.layer_actions[layer] = action
            self.layer_box.addItem(label, layer)
        self.layer_box.activated.connect(
            lambda i: self.set_layer(str(self.layer_box.itemData(i))))
        bar.addWidget(self.layer_box)
        bar.addSeparator()
        self.pattern_action = QAction("Pattern…", self)
        self.pattern_action.setShortcut(QKeySequence("Ctrl+P"))
        self.pattern_action.setToolTip("Apply a recurring pattern to the selected people (Ctrl+P)")
        self.pattern_action.triggered.connect(self.open_pattern)
        self.export_action = QAction("&Export…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Export the rota or the compliance report (Ctrl+E)")
        self.export_action.triggered.connect(self.open_export)
        self.plan_action = QAction("P&lan…", self)
        self.plan_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.plan_action.setToolTip("Let deskplan plan the unplanned days so that every rule is "
                                    "met (Ctrl+Shift+P)")
        self.plan_action.triggered.connect(self.open_plan)
        bar.addAction(self.plan_action)
        bar.addAction(self.pattern_action)
        bar.addAction(self.export_action)
        self.copy_week_action = QAction("Copy this week to the next weeks…", self)
        # Not Ctrl+Shift+W: that closes every window on macOS.
        self.copy_week_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.copy_week_action.triggered.connect(self.open_copy_week)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.import_action = file_menu.addAction("&Import…", self.open_import)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        close_action = file_menu.addAction("&Close window", self.close)
        close_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        quit_action = file_menu.addAction("&Quit", self.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.edit_menu = menus.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z everywhere (shown in the menu), plus the platform's own (Ctrl+Y...).
        redo_keys = [QKeySequence("Ctrl+Shift+Z"),
                     *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        redo.setShortcuts(list({k.toString(): k for k in redo_keys}.values()))
        self.undo_action, self.redo_action = undo, redo
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.edit_menu.addSeparator()
        self.grid_actions_anchor = self.edit_menu.addSeparator()

        view_menu = menus.addMenu("&View")
        for action in (self.previous_action, self.today_action, self.next_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in self.span_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        for action in self.layer_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.next_conflict_action = view_menu.addAction("Next &conflict", self.next_conflict)
        self.next_conflict_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.reload_action = view_menu.addAction("Re&load from the database", self.reload)
        self.reload_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.reload_action.setToolTip("Show what others sharing the database have saved")
        self.view_menu = view_menu

        team_menu = menus.addMenu("&Team")
        team_menu.addAction("&New team…", self.new_team)
        team_menu.addAction("Open the &demo organisation", self.open_demo)
        team_menu.addAction("&Import team list…", self.import_team_list)
        team_menu.addSeparator()
        self.people_action = team_menu.addAction("&People…", self.open_people)
        self.people_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.arrangements_action = team_menu.addAction("&Arrangements of the selected person…",
                                                       self.open_arrangements)
        self.arrangements_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.reviews_action = team_menu.addAction("&Reviews due…", self.open_reviews)
        self.actuals_action = team_menu.addAction("Plan against a&ctual…", self.open_actuals)
        team_menu.addSeparator()
        self.person_history_action = team_menu.addAction(
            "&History of the selected person…", self.open_person_history)
        self.person_history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.day_history_action = team_menu.addAction("History of the selected &day…",
                                                      self.open_day_history)
        team_menu.addSeparator()
        self.overview_action = team_menu.addAction("&Organisation overview…",
                                                   self.open_overview)
        self.overview_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.overview_action.setToolTip("Compliance, desk use and reviews due across every "
                                        "team you may read (HR and administrators)")
        self.team_menu = team_menu

        policy_menu = menus.addMenu("&Policy")
        self.policy_action = policy_menu.addAction("&Edit policy…", self.open_policy)
        self.policy_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.load_policy_action = policy_menu.addAction("&Load policy from file…",
                                                        self.load_policy_file)
        self.what_if_action = policy_menu.addAction("&What-if: judge by the draft policy")
        self.what_if_action.setCheckable(True)
        self.what_if_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.what_if_action.setToolTip("Switch between the draft policy (not saved) and the "
                                       "saved one")
        self.what_if_action.toggled.connect(self.show_draft_policy)
        self.what_if_action.setEnabled(False)
        self.fairness_action = policy_menu.addAction("&Fairness…", self.open_fairness)
        self.draft_policy: Policy | None = None

        help_menu = menus.addMenu("&Help")
        keys = help_menu.addAction("&Keyboard shortcuts", self.show_keys)
        keys.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        preferences = self.edit_menu.addAction("&Preferences…", self.open_preferences)
        preferences.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        about = help_menu.addAction("&About deskplan", self.about)
        about.setMenuRole(QAction.MenuRole.AboutRole)

    # --- teams --------------------------------------------------------------------------------
    def refresh_teams(self, select: int | None = None) -> None:
        """List the teams again and open `select` (or the last one used). A database that
        cannot be read (locked, gone, refused) is said in a plain dialog; the window keeps
        showing what it showed."""
        try:
            teams = self.store.list_teams()
        except DeskplanError as error:
            self.show_error("The teams could not be read", str(error))
            return
        self.team_box.clear()
        for team in teams:
            self.team_box.addItem(f"{team.name} ({team.people})", team.id)
        if not teams:
            self.stack.setCurrentWidget(self.welcome)
            self._set_planning_enabled(False)
            return
        wanted = select if select is not None else self.settings.value("view/team")
        ids = [t.id for t in teams]
        team_id = int(wanted) if wanted is not None and int(wanted) in ids else ids[0]
        self.open_team(team_id)

    def _set_planning_enabled(self, enabled: bool) -> None:
        for action in (self.previous_action, self.today_action, self.next_action,
                       *self.span_actions.values(), self.next_conflict_action,
                       self.reload_action,
                       self.plan_action, self.pattern_action, self.copy_week_action,
                       self.people_action,
                       self.arrangements_action, self.reviews_action, self.policy_action,
                       self.load_policy_action,
                       self.export_action):
            action.setEnabled(enabled)
        for action in self.layer_actions.values():
            action.setEnabled(enabled)
        for widget in (self.team_box, self.date_edit, self.group_box, self.layer_box):
            widget.setEnabled(enabled)

    def open_team(self, team_id: int) -> None:
        """Show the team; if the database cannot be read, say so and keep what was shown.
        Changes still being saved are saved first (the team is opened when they are)."""
        if self.document is not None and self.document.busy:
            self.statusBar().showMessage("Saving your last change first…", 4000)
            self.document.when_idle(lambda: self.open_team(team_id))
            return
        first, last = self.span.bounds(self.anchor)
        try:
            if self.document is None:
                self.document = TeamDocument(self.store, team_id, first, last, self,
                                             undo_stack=self.undo_stack,
                                             worker=self.database_worker,
                                             placed=self._where_planned)
                self._build_planner(self.document)
            else:
                self.document.open_team(team_id, self._where_planned)
        except DeskplanError as error:
            self.show_error("The team could not be opened", str(error))
            if self.document is not None:  # the chooser goes back to the team still shown
                self.team_box.setCurrentIndex(max(self.team_box.findData(
                    self.document.team_id), 0))
            return
        self.draft_policy = None  # a draft belongs to the team it was made for
        self.undo_stack.clear()
        self.settings.setValue("view/team", team_id)
        self.team_box.setCurrentIndex(max(self.team_box.findData(team_id), 0))
        self.stack.setCurrentWidget(self.planner)
        self._set_planning_enabled(True)
        self._apply_access()
        self._after_range_change()
        # Other teams' desks arrive a moment after the grid is drawn: they only tint the footer.
        QTimer.singleShot(0, self._after_open)
        self.setWindowTitle(f"deskplan — {self.document.name}")
        self._update_status()  # the counts from the first paint (no rebuild may follow)

    def _build_planner(self, document: TeamDocument) -> None:
        self.model = RotaModel(document, self)
        self.model.set_grouping(self.grouping)
        self.panel = RotaPanel(self.model, self.apply_grid_changes, self)
        self.panel.view.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.panel.view.lock_requested.connect(self.set_locks)
        self.panel.view.fix_requested.connect(self.open_fix)
        self.panel.add_person_requested.connect(self.add_person)
        days = self.panel.view.horizontalHeader()
        if isinstance(days, DayHeader):
            days.today = self.today  # the window's idea of today, so a fixed day shows as one
        names = self.panel.view.verticalHeader()
        names.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        names.customContextMenuRequested.connect(
            lambda position: self.person_menu(names.logicalIndexAt(position)).popup(
                names.mapToGlobal(position)))
        self.what_if_bar = WhatIfBar(self)
        self.what_if_bar.keep.connect(self.keep_draft_policy)
        self.what_if_bar.discard.connect(self.discard_draft_policy)
        self.planner = QWidget(self)
        layout = QVBoxLayout(self.planner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.what_if_bar)
        self.draft_bar = DraftBar(self)
        self.draft_bar.accepted.connect(self.accept_draft)
        self.draft_bar.discarded.connect(self.discard_draft)
        self.draft_bar.hide()
        layout.addWidget(self.draft_bar)
        layout.addWidget(self.panel, 1)
        self.stack.addWidget(self.planner)
        document.reset.connect(self._update_what_if)
        # In what-if mode each edit can change who falls short; outside it there is no banner.
        document.conflicts_changed.connect(self._update_what_if_after_edit)
        self.what_if_bar.hide()
        self.dock = ConflictsDock(document, self)
        self.dock.conflict_chosen.connect(self.select_conflict)
        self.dock.fix_requested.connect(self.open_fix)
        # A click, Enter or a double-click on a conflict hands the keyboard to the grid, to fix
        # it there; with the arrow keys the list keeps them (to read on), and a status letter
        # typed there goes to the grid with the conflict's cells (`eventFilter`).
        self.dock.conflict_clicked.connect(self.focus_grid)
        self.dock.list.activated.connect(lambda _index: self.focus_grid())
        self.dock.list.installEventFilter(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [380], Qt.Orientation.Horizontal)
        self.view_menu.addAction(self.dock.toggleViewAction())
        document.reset.connect(self._update_status)
        document.reset.connect(self._update_team_label)
        document.conflicts_changed.connect(lambda _delta: self._update_status())
        document.desks_changed.connect(lambda _delta: self._update_status())
        document.desks_changed.connect(self._update_what_if_after_edit)
        document.conflicts_changed.connect(self._report_delta)
        document.write_failed.connect(self._on_write_failed)
        document.busy_changed.connect(lambda _busy: self._update_status())
        document.changed.connect(self._report_saved)
        actions = self.panel.view.actions_by_name
        for name in ("office", "home", "leave", "sick", "training", "clear", "cycle"):
            self.edit_menu.insertAction(self.grid_actions_anchor, actions[name])
        self.edit_menu.insertSeparator(self.grid_actions_anchor)
        self.edit_menu.insertAction(self.grid_actions_anchor, actions["select_row"])
        self.edit_menu.insertAction(self.grid_actions_anchor, actions["select_column"])
        self.edit_menu.insertSeparator(self.grid_actions_anchor)
        self.edit_menu.insertAction(self.grid_actions_anchor, actions["lock"])
        self.edit_menu.insertAction(self.grid_actions_anchor, actions["fix"])
        self.edit_menu.insertSeparator(self.grid_actions_anchor)
        self.edit_menu.insertAction(self.grid_actions_anchor, actions["copy"])
        self.edit_menu.insertAction(self.grid_actions_anchor, actions["paste"])
        self.edit_menu.addAction(self.plan_action)
        self.accept_draft_action = self.edit_menu.addAction("&Accept the planner's draft",
                                                            self.accept_draft)
        self.accept_draft_action.setShortcut(QKeySequence("Ctrl+Shift+Return"))
        self.discard_draft_action = self.edit_menu.addAction("&Discard the planner's draft",
                                                             self.discard_draft)
        self.discard_draft_action.setShortcut(QKeySequence("Ctrl+Shift+Backspace"))
        document.reset.connect(self._update_draft)
        self.edit_menu.addAction("Suggest a fix for the chosen conflict…",
                                 self.dock.request_fix)
        self.edit_menu.addAction(self.pattern_action)
        self.edit_menu.addAction(self.copy_week_action)
        dock = self.dock
        chain = [self.team_box, self.date_edit, self.group_box, self.draft_bar.accept_button,
                 self.draft_bar.discard_button, self.panel.view,
                 dock.severity_box, dock.rule_box, dock.person_box, dock.list]
        for before, after in itertools.pairwise(chain):
            self.setTabOrder(before, after)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._update_draft()
        self.panel.view.setFocus()

    def _update_team_label(self) -> None:
        """The chooser shows each team's head count; keep the open team's current."""
        document = self.document
        assert document is not None
        index = self.team_box.findData(document.team_id)
        if index >= 0:
            self.team_box.setItemText(index, f"{document.name} ({len(document.people)})")

    @property
    def busy(self) -> bool:
        """Whether a change is still being saved (the window shows it when done)."""
        return self._creating > 0 or (self.document is not None and self.document.busy)

    def create_in_background(self, work: Callable[[], list[TeamInfo]], failure: str,
                             then: Callable[[list[TeamInfo]], None] | None = None) -> None:
        """Create teams on the database worker (never on the GUI thread); open the first
        made. A database that refuses is said in a plain dialog titled `failure`."""
        self._creating += 1
        self._update_status()

        def done(result: object) -> None:
            self._creating -= 1
            self._update_status()
            if isinstance(result, DeskplanError):
                self.show_error(failure, str(result))
            elif isinstance(result, BaseException):
                report_bug(result)
            else:
                assert isinstance(result, list)
                if then is not None:
                    then(result)
                self.refresh_teams(select=result[0].id if result else None)

        self.database_worker.call(work, done)

    def new_team(self) -> None:
        name, accepted = QInputDialog.getText(self, "New team", "Name of the team:")
        if not accepted or not name.strip():
            return
        store = self.store
        self.create_in_background(lambda: [store.create_team(name)],
                                  "The team could not be created")

    def open_demo(self) -> None:
        self.create_in_background(self.store.create_demo,
                                  "The demo organisation could not be created")

    def import_team_list(self) -> None:
        """The welcome page's first choice: the import dialog, set for a team list."""
        self.open_import()

    def import_dialog(self) -> ImportDialog:
        # File readers (openpyxl) and writers load when first wanted, not at start-up.
        from deskplan.ui.import_dialog import ImportDialog

        document = self.document
        return ImportDialog(self.settings, document.plan.people if document else [],
                            document.policy if document else Policy.default(),
                            document is not None, self,
                            preferences=document.preferences() if document else None)

    def open_import(self) -> None:
        dialog = self.import_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_import(dialog)

    def apply_import(self, dialog: ImportDialog) -> None:
        """Save what the dialog previewed: one transaction (a rota import is one undo step)."""
        from deskplan.ui.import_dialog import ImportKind

        preview = dialog.preview
        if preview is None or not preview.writes:
            return
        summary = f"Imported: {preview.done}"
        if preview.kind is ImportKind.TEAM and (dialog.new_team.isChecked()
                                                or self.document is None):
            store, people = self.store, list(preview.people)
            preferences = [c.after for c in preview.preferences]
            name = dialog.team_name.text() or "Imported team"
            self.create_in_background(
                lambda: [store.create_team(name, people, preferences)], "Nothing was imported",
                lambda _teams: self.statusBar().showMessage(summary, 10000))
            return
        document = self.document
        if document is None:
            return
        operation: Operation
        if preview.kind is ImportKind.TEAM:
            label = f"Import {preview.summary}"
            parts: list[Operation] = [SavePeople(tuple(preview.people), text=label)] \
                if preview.people else []
            if preview.preferences:  # after the people: new people's preferences need them
                parts.append(SavePreferences(tuple(c.after for c in preview.preferences),
                                             tuple(c.before for c in preview.preferences),
                                             label))
            operation = parts[0] if len(parts) == 1 else Batch(tuple(parts), label)
        elif preview.kind is ImportKind.ROTA:
            operation = SetCells.of(preview.cells, f"Import {len(preview.cells):,} days")
        else:
            operation = ImportArrangements(tuple(preview.adjustments))

        def done(outcome: Outcome) -> None:
            if not outcome.saved:
                return
            self.statusBar().showMessage(summary, 10000)
            if preview.kind is ImportKind.ROTA and preview.cells:
                # Show what was just imported: the period of its first day, whatever was on
                # screen, scrolled to that day.
                self.show_day(min(day for _, day, _ in preview.cells))

        document.perform(operation, done)

    # --- the period shown ---------------------------------------------------------------------
    def set_span(self, span: ViewSpan) -> None:
        self.span = span
        self.span_actions[span].setChecked(True)
        self.settings.setValue("view/span", span.value)
        self._apply_range()

    def step_period(self, steps: int) -> None:
        """Previous (-1) or next (+1) period. (Not `move`: that is QWidget's.)"""
        self.go_to(self.span.step(self.anchor, steps))

    def go_today(self) -> None:
        self.anchor = self.today
        self._apply_range()

    def go_to(self, day: date) -> None:
        """Show the period of `day`, kept within the dates deskplan plans (1990 to 2100):
        Previous from 1990 stays there and says why instead of leaving the calendar."""
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            day = min(max(day, EARLIEST_DATE), LATEST_DATE)
            self.statusBar().showMessage(
                f"deskplan plans from {describe_day(EARLIEST_DATE)} to "
                f"{describe_day(LATEST_DATE)}.", 10000)
        self.anchor = day
        self._apply_range()

    def show_day(self, day: date) -> None:
        """Go to the period of `day` and scroll its column into view."""
        self.go_to(day)
        model, panel = self.model, self.panel
        column = model.column_of(day) if model is not None else None
        if model is not None and panel is not None and column is not None and model.rowCount():
            panel.view.scrollTo(model.index(0, column))

    def _on_date_picked(self, day: date) -> None:
        first, last = self.span.bounds(self.anchor)
        if not first <= day <= last:
            self.go_to(day)

    def _where_planned(self, planned: tuple[date, date] | None) -> tuple[date, date]:
        """The period to open a plan on, given the first and last day it plans: the one
        shown, or for a plan lying wholly before or after it (an imported spreadsheet of last
        spring, say) the period where it is planned, not an empty grid. Asked before the
        team is checked."""
        first, last = self.span.bounds(self.anchor)
        if planned is None or (planned[0] <= last and planned[1] >= first):
            return first, last
        self.anchor = min(max(planned[1] if planned[1] < first else planned[0], EARLIEST_DATE),
                          LATEST_DATE)
        return self.span.bounds(self.anchor)

    def _apply_range(self) -> None:
        if self.document is None:
            return
        first, last = self.span.bounds(self.anchor)
        self.document.set_range(first, last)
        self._after_range_change()
        self._refresh_shared()

    def _after_range_change(self) -> None:
        assert self.document is not None
        assert self.panel is not None
        first, last = self.document.first, self.document.last
        locale = self.locale()
        short = locale.dateFormat(locale.FormatType.ShortFormat)
        self.range_label.setText(describe_span(
            first, last, month_first=short.find("M") < short.find("d"),
            month=lambda m: locale.monthName(m, locale.FormatType.ShortFormat)))
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(self.anchor)
        self.date_edit.blockSignals(False)
        self.panel.set_column_width(self.span.column_width)
        if first <= self.today <= last:
            column = (self.today - first).days
            view = self.panel.view
            # After the new columns are laid out, bring today into the middle of the view.
            QTimer.singleShot(0, lambda: view.scrollTo(
                view.model().index(0, column), QAbstractItemView.ScrollHint.PositionAtCenter))

    def set_layer(self, layer: str) -> None:
        """Show the plan, what actually happened, or the differences; the counts and the
        Conflicts panel are the engine's verdict on what is shown."""
        self.layer_actions[layer].setChecked(True)
        self.layer_box.setCurrentIndex(max(self.layer_box.findData(layer), 0))
        document = self.document
        if document is None:
            return
        try:
            document.set_layer(layer)
        except DeskplanError as error:  # the actuals could not be read
            self.show_error("What happened could not be read", str(error))
            self.set_layer(PLAN)
            return
        self.legend.show_actuals(layer != PLAN)
        self._update_status()

    def set_grouping(self, grouping: PeopleOrder) -> None:
        self.grouping = grouping
        self.settings.setValue("view/grouping", grouping.value)
        if self.model is not None:
            self.model.set_grouping(grouping)

    # --- edits --------------------------------------------------------------------------------
    def apply_changes(self, changes: list[CellChange], text: str | None = None,
                      done: Callable[[Outcome], None] | None = None) -> None:
        """Set cells as one undo step, saved on the database worker."""
        document = self.document
        if document is None or not changes:
            return
        if not self.access.may_edit(document.team_id):
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)
            return
        if document.layer != PLAN:  # a pattern, a copied week, a fix: they change the plan
            self.set_layer(PLAN)
            self.statusBar().showMessage("The grid shows the plan again: that changes the "
                                         "plan, not what happened.", 8000)
        if document.rota_draft is not None:
            self.statusBar().showMessage(
                "The grid shows the planner's draft: accept or discard it first "
                "(Ctrl+Shift+Return, Ctrl+Shift+Backspace).", 8000)
            return
        operation = SetCells.of(changes, text or "")
        if not document.busy:  # (otherwise the cells are compared when its turn comes)
            operation = operation.without_no_ops(document.plan)
            if not operation.changes:
                return
        document.perform(operation, done)

    def apply_grid_changes(self, changes: list[CellChange], text: str | None = None) -> None:
        """What is typed or pasted in the grid: a change to the plan, or in the actual views
        a record of what happened."""
        if self.document is not None and self.document.layer != PLAN:
            if not self.access.may_edit(self.document.team_id):
                self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)
                return
            self.record_actuals(changes, text)
        else:
            self.apply_changes(changes, text)

    def record_actuals(self, changes: list[CellChange], text: str | None = None) -> None:
        """In the actual views an edit records what happened (the plan is untouched), as one
        undo step saved on the database worker like any change. A day still to come cannot
        be recorded."""
        document = self.document
        assert document is not None
        happened = [(s, d, c) for s, d, c in changes if d <= self.today]
        if len(happened) < len(changes):
            self.statusBar().showMessage("Days after today have not happened yet: they "
                                         "cannot be recorded.", 8000)
        happened = [(s, d, c) for s, d, c in happened if document.actuals.cell(s, d) != c]
        if happened:
            document.perform(SetActuals.of(happened, text or ""))

    def set_locks(self, days: list[tuple[str, date]], lock: bool) -> None:
        """Lock (or unlock) days as one undo step, saved like any change."""
        document = self.document
        if document is None or not days:
            return
        if not self.access.may_edit(document.team_id):
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)
            return
        document.perform(SetLocks(tuple((s, d, lock) for s, d in days)))

    def selected_people(self) -> list[Person]:
        """People with a selected cell; everyone when nothing is selected."""
        assert self.model is not None
        assert self.panel is not None
        rows = sorted({r for r, _ in self.panel.view.selected_cells()})
        return [self.model.people[r] for r in rows] or list(self.model.people)

    def pattern_dialog(self) -> PatternDialog:
        from deskplan.ui.pattern_dialog import PatternDialog

        assert self.document is not None
        assert self.model is not None
        chosen = {p.staff_id for p in self.selected_people()}
        return PatternDialog(self.model.people, chosen, self.document.first, self.document.last,
                             self.document.cell, self.document.policy, self,
                             adjustments=self.document.plan.adjustments,
                             locked=self.document.plan.locked)

    def open_pattern(self) -> None:
        if self.document is None:
            return
        dialog = self.pattern_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_pattern(dialog)

    def apply_pattern(self, dialog: PatternDialog) -> None:
        pattern = dialog.pattern()
        days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(pattern.weekdays))
        self.apply_changes(dialog.changes(), f"{pattern.status.label} on {days}")

    def plan_dialog(self) -> PlanDialog:
        """The planner on a copy of the saved plan (never a what-if draft policy), for the
        selected people or everyone, over the next weeks with a day still to plan. OR-Tools
        is imported only when the planner is wanted, as Typst is for PDFs."""
        from deskplan.ui.plan_dialog import PlanDialog, next_unplanned_weeks

        assert self.document is not None
        assert self.panel is not None
        assert self.model is not None
        plan = copy_plan(self.document.plan)
        rows = sorted({r for r, _ in self.panel.view.selected_cells()})
        selected = [self.model.people[r].staff_id for r in rows]
        first, last = next_unplanned_weeks(plan, self.today)
        return PlanDialog(plan, selected, first, last,
                          shared=self.document.shared if self.document.across_teams else None,
                          preferences=self.document.preferences(), parent=self)

    def open_plan(self) -> None:
        if self.document is None:
            return
        if not self.access.may_edit(self.document.team_id):
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)
            return
        dialog = self.plan_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_plan(dialog)

    def apply_plan(self, dialog: PlanDialog) -> None:
        """The dialog's draft, shown in the grid (not saved): its cells drawn and marked, the
        counts judged with it, and the bar offering Accept (one undo step) or Discard. The
        grid goes to its first day and selects the cells it sets."""
        result = dialog.result_plan
        changes = dialog.changes()
        if result is None or not changes:
            return
        self.show_rota_draft(RotaDraft(
            tuple((c.staff_id, c.day, c.after) for c in result.changes),
            {(c.staff_id, c.day): c.before for c in result.changes},
            summary=result.summary(), label=dialog.undo_text()))

    def show_rota_draft(self, draft: RotaDraft) -> None:
        """Show `draft` in the grid (the plan view) and go to its first day; nothing is saved
        until it is accepted."""
        document = self.document
        if document is None or not draft.cells:
            return
        self.set_layer(PLAN)  # a draft is of the plan
        document.set_rota_draft(draft)
        first = min(draft.cells, key=lambda c: c[1])
        self.go_to(first[1])
        # Only its first cell is chosen: a selection over hundreds of marked cells would hide
        # the marks (once accepted, the cells it set are selected).
        self._select_changed([first])
        self.statusBar().showMessage("The grid shows the planner's draft, not saved: accept "
                                     "or discard it in the bar above the grid.", 10000)

    def accept_draft(self) -> None:
        """Save the planner's draft as one undo step; the grid then shows the saved plan."""
        document = self.document
        if document is None or document.rota_draft is None:
            return
        if not self.access.may_edit(document.team_id):
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)
            return
        draft = document.rota_draft
        self.draft_bar.accept_button.setEnabled(False)

        def done(outcome: Outcome) -> None:
            self.draft_bar.accept_button.setEnabled(True)
            if outcome.saved and document.rota_draft is draft:
                document.set_rota_draft(None)
                self._select_changed(list(draft.cells))
                self.statusBar().showMessage(f"Saved: {draft.summary}", 10000)

        document.perform(SetCells.of(draft.cells, draft.label), done)

    def discard_draft(self) -> None:
        """Drop the planner's draft: nothing is saved, the grid shows the saved plan."""
        document = self.document
        if document is None or document.rota_draft is None:
            return
        document.set_rota_draft(None)
        self.statusBar().showMessage("The planner's draft was discarded; nothing was saved.",
                                     8000)

    def _update_draft(self) -> None:
        """The bar and its actions follow whether a draft is shown."""
        document, model = self.document, self.model
        draft = document.rota_draft if document is not None else None
        for action in (self.accept_draft_action, self.discard_draft_action):
            action.setEnabled(draft is not None)
        self.draft_bar.setVisible(draft is not None)
        if draft is not None and document is not None and self.dock is not None:
            errors, warnings = self.dock.model.counts()
            self.draft_bar.describe(draft.summary, len(draft.cells),
                                    len(model.drafted) if model is not None else 0,
                                    errors, warnings)

    def _select_changed(self, changes: list[CellChange]) -> None:
        """Select the cells a plan or a fix just set, of those the grid shows."""
        if self.model is None or self.panel is None:
            return
        rows = {p.staff_id: r for r, p in enumerate(self.model.people)}
        columns = {d: c for c, d in enumerate(self.model.days)}
        self.panel.view.select_cells([(rows[s], columns[d]) for s, d, _ in changes
                                      if s in rows and d in columns])

    def fix_dialog(self, conflict: Conflict) -> FixDialog:
        """Fixes looked for on a copy of the saved plan (never a what-if draft policy)."""
        from deskplan.ui.fix_dialog import FixDialog

        assert self.document is not None
        return FixDialog(copy_plan(self.document.plan), conflict,
                         shared=self.document.shared if self.document.across_teams else None,
                         parent=self)

    def open_fix(self, conflict: Conflict) -> None:
        if self.document is None:
            return
        if not self.access.may_edit(self.document.team_id):
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)
            return
        dialog = self.fix_dialog(conflict)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_fix(dialog)

    def apply_fix(self, dialog: FixDialog) -> None:
        """The chosen fix as one undo step."""
        changes = dialog.changes()
        if changes:
            self.apply_changes(changes, dialog.undo_text())
            self._select_changed(changes)

    def open_copy_week(self) -> None:
        if self.document is None or self.panel is None or self.model is None:
            return
        current = self.panel.view.currentIndex()
        start = self.model.days[current.column()] if current.isValid() else self.document.first
        monday = start - timedelta(days=start.weekday())
        weeks, accepted = QInputDialog.getInt(
            self, "Copy this week", f"Copy the week of {describe_day(monday)} for "
            f"{self.copied_people()} to how many following weeks?", 4, 1, 52)
        if accepted:
            self.copy_week(monday, weeks)

    def copied_people(self) -> str:
        """Who a copy of the week copies, in words: the people with a selected cell, or
        everyone (`Ada Ames and Bo Bell`, `Ada Ames, Bo Bell and 3 others`, `everyone (22)`)."""
        assert self.panel is not None
        assert self.model is not None
        people = self.selected_people()
        if not self.panel.view.selected_cells() or len(people) == len(self.model.people):
            return f"everyone ({len(people)} {'person' if len(people) == 1 else 'people'})"
        names = [p.name for p in people]
        if len(names) > 3:
            rest = len(names) - 2
            names = [*names[:2], f"{rest} other{'s' if rest != 1 else ''}"]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    def copy_week(self, monday: date, weeks: int) -> None:
        """Copy the week onto the next `weeks` weeks as one undo step, and say what that did
        to the weeks not on screen (where nobody would see a conflict it made)."""
        document = self.document
        assert document is not None
        people = self.selected_people()
        who = self.copied_people()
        changes, held = unlocked(copy_week(people, monday, weeks, document.cell, document.policy,
                                           adjustments=document.plan.adjustments),
                                 document.plan.locked)
        kept = (f" {held} locked day{'s were' if held != 1 else ' was'} kept as "
                f"{'they were' if held != 1 else 'it was'}." if held else "")
        if not changes:
            self.statusBar().showMessage(f"Those weeks already match for {who}; nothing "
                                         f"changed.{kept}", 6000)
            return
        first = monday + timedelta(weeks=1)
        last = monday + timedelta(weeks=weeks + 1, days=-1)
        ids = {p.staff_id for p in people}

        def off_screen() -> dict[tuple[object, ...], Conflict]:
            """The copied people's conflicts of the target weeks that the grid does not show."""
            checker = document.plan.checker(first, last, policy=document.policy,
                                            shared=document.shared)
            return {(c.rule, c.staff_id, c.start, c.end): c for c in checker.conflicts
                    if c.staff_id in ids and not (c.start <= document.last
                                                  and c.end >= document.first)}

        before = off_screen()

        def done(outcome: Outcome) -> None:
            if not outcome.saved:
                return
            new = [c for key, c in off_screen().items() if key not in before]
            new.sort(key=lambda c: c.start)
            copied = (f"copying the week of {describe_day(monday)} for {who} to {weeks} "
                      f"week{'s' if weeks != 1 else ''}")
            # What matters first (a status bar may cut the end): the conflicts not on screen.
            if new:
                self.statusBar().showMessage(
                    f"{len(new)} new conflict{'s' if len(new) != 1 else ''} in weeks not shown "
                    f"(the first on {describe_day(new[0].start)}: {new[0].message}) after "
                    f"{copied}.{kept}", 20000)
            else:
                self.statusBar().showMessage(f"No new conflicts in the weeks not shown after "
                                             f"{copied}.{kept}", 10000)

        self.apply_changes(changes, f"Copy the week of {describe_day(monday)} for {who} to "
                                    f"{weeks} week{'s' if weeks != 1 else ''}", done)

    def _on_write_failed(self, message: str, concurrent: bool) -> None:
        # Queued: the failing write may be inside an undo command that is still running.
        def show() -> None:
            if concurrent:
                self.undo_stack.clear()
                QMessageBox.information(self, "Changed by someone else", message)
            else:
                self.show_error("Your change was not saved", message)
        QTimer.singleShot(0, show)

    # --- conflicts ----------------------------------------------------------------------------
    def next_conflict(self) -> None:
        if self.dock is not None:
            self.dock.show()
            self.dock.next_conflict()

    def select_conflict(self, conflict: Conflict) -> None:
        """Select the conflict's cells; move to its period first if none of them is shown."""
        if self.model is None or self.panel is None or self.document is None:
            return
        cells = self.model.cells_of(conflict)
        if not cells and not self.document.first <= conflict.start <= self.document.last:
            self.go_to(conflict.start)
            cells = self.model.cells_of(conflict)
        self.panel.view.select_cells(cells)

    def _report_delta(self, delta: Delta) -> None:
        """Say in the status bar what the edit just saved did to the conflicts."""
        document = self.document
        assert document is not None
        removed, added = list(delta.removed), list(delta.added)
        # A conflict re-worded (e.g. a count changing) is neither solved nor new.
        solved = len({(c.rule, c.staff_id, c.start) for c in removed}
                     - {(c.rule, c.staff_id, c.start) for c in added})
        new = [c for c in added if (c.rule, c.staff_id, c.start)
               not in {(r.rule, r.staff_id, r.start) for r in removed}]
        parts = ["Saved."]
        if solved:
            parts.append(f"{solved} conflict{'s' if solved != 1 else ''} solved.")
        if new:
            parts.append(f"New: {new[0].message}" + (f" (and {len(new) - 1} more)"
                                                     if len(new) > 1 else ""))
        self.statusBar().showMessage(" ".join(parts), 8000)

    def _report_saved(self, changes: OpChanges) -> None:
        """A change other than cells (those say what they solved) was saved and is shown."""
        if not changes.only_cells:
            self.statusBar().showMessage(f"Saved: {self.undo_stack.undoText() or 'done'}.",
                                         8000)

    def _update_status(self) -> None:
        if self._close_when_saved and not (self._creating > 0 or (
                self.document is not None and self.document.writing)):
            QTimer.singleShot(0, self.close)
        if self.dock is None:
            self.counts_label.setText("saving…" if self.busy else "")
            return
        errors, warnings = self.dock.model.counts()
        drafted = self.document is not None and self.document.rota_draft is not None \
            and self.document.layer == PLAN
        judged = self.document is not None and self.document.layer != PLAN
        parts = ["as it happened:" if judged else "",
                 f"{errors} error{'s' if errors != 1 else ''}",
                 f"{warnings} warning{'s' if warnings != 1 else ''}",
                 "draft not saved" if drafted else "",
                 "saving…" if self._creating > 0 or (self.document is not None
                                                    and self.document.writing)
                 else "reading the rest of the rota…" if self.busy
                 else "saved" if self.document else ""]
        self.counts_label.setText(" · ".join(p for p in parts if p).replace(": · ", ": "))
        self.dock.setWindowTitle(f"Conflicts ({errors + warnings})")

    # --- editors ------------------------------------------------------------------------------
    def open_people(self) -> None:
        from deskplan.ui.people_dialog import PeopleDialog

        if self.document is not None:
            PeopleDialog(self.document, self).exec()

    def add_person(self) -> None:
        from deskplan.ui.people_dialog import add_person

        if self.document is not None:
            add_person(self.document, self)

    def person_menu(self, row: int) -> QMenu:
        """What a right-click on a name offers: that person's details and conflicts."""
        from deskplan.ui.adjustments_dialog import AdjustmentsDialog
        from deskplan.ui.people_dialog import edit_person

        menu = QMenu(self)
        model, document = self.model, self.document
        if model is None or document is None or not 0 <= row < len(model.people):
            return menu
        person = model.people[row]
        menu.addAction(f"Edit {person.name}…", lambda: edit_person(document, person, self))
        menu.addAction("Arrangements…",
                       lambda: AdjustmentsDialog(document, person, self).exec())
        menu.addAction("Show only their conflicts", lambda: self.show_conflicts_of(person))
        menu.addAction("History…", lambda: self.person_history_dialog(person).exec())
        menu.addSeparator()
        menu.addAction(self.pattern_action)
        return menu

    def reload(self) -> None:
        """Read the team again: someone sharing the database may have changed it. Undo
        history is dropped, since it may no longer match what is stored. Changes still being
        saved are saved first."""
        document = self.document
        if document is None:
            return
        if document.busy:
            document.when_idle(self.reload)
            return
        self.undo_stack.clear()
        self.refresh_teams(select=document.team_id)

    def focus_grid(self) -> None:
        if self.panel is not None:
            self.panel.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A status letter or Delete typed in the Conflicts panel sets the cells of the
        conflict chosen there, and the keyboard moves on to the grid (the list's own letter
        search would otherwise jump to another conflict)."""
        panel, dock = self.panel, self.dock
        if panel is not None and dock is not None and watched is dock.list \
                and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) \
                and isinstance(event, QKeyEvent):
            action = panel.view.edit_action_for(event)
            if action is not None:
                if event.type() == QEvent.Type.KeyPress:
                    self.focus_grid()
                    action.trigger()
                event.accept()
                return True
        return super().eventFilter(watched, event)

    def show_conflicts_of(self, person: Person) -> None:
        if self.dock is not None:
            self.dock.show()
            self.dock.show_person(person.staff_id)

    def open_arrangements(self) -> None:
        from deskplan.ui.adjustments_dialog import AdjustmentsDialog

        if self.document is None or self.model is None or self.panel is None:
            return
        current = self.panel.view.currentIndex()
        if not current.isValid():
            self.statusBar().showMessage("Choose a person in the grid first.", 6000)
            return
        AdjustmentsDialog(self.document, self.model.people[current.row()], self).exec()

    def open_reviews(self) -> None:
        from deskplan.ui.adjustments_dialog import ReviewsDialog

        if self.document is not None:
            ReviewsDialog(self.document, self.today, self).exec()

    def open_actuals(self) -> None:
        from deskplan.ui.actuals_dialog import open_actuals

        open_actuals(self)

    def open_fairness(self) -> None:
        from deskplan.ui.fairness_dialog import open_fairness  # pyqtgraph only when asked

        open_fairness(self)

    def open_policy(self) -> None:
        from deskplan.ui.policy_dialog import PolicyDialog

        if self.document is None:
            return
        dialog = PolicyDialog(self.document.policy, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_policy_choice(dialog)

    def load_policy_file(self) -> None:
        """HR's policy file (TOML) into the policy editor, to save or to try as a what-if."""
        if self.document is None:
            return
        folder = str(self.settings.value("policy/folder", ""))
        path, _ = QFileDialog.getOpenFileName(self, "Load a policy file", folder,
                                              "Policy files (*.toml);;All files (*)")
        if not path:
            return
        self.settings.setValue("policy/folder", str(Path(path).parent))
        dialog = self.policy_dialog_for_file(Path(path))
        if dialog is not None and dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_policy_choice(dialog, from_file=True)

    def confirm_policy_removal(self, removed: list[str]) -> bool:
        """Saving a policy file that lacks parts of the saved policy removes them: ask first
        (an empty or partial file would otherwise wipe the role map, the desks, the cover)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Remove parts of the policy?",
                          "Saving the policy from this file removes from the team's policy:\n\n"
                          + "\n".join(f"• {part}" for part in removed)
                          + "\n\nRemove them?", QMessageBox.StandardButton.NoButton, self)
        remove = box.addButton("&Remove and save", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("&Keep them (do not save)", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is remove

    def policy_dialog_for_file(self, path: Path) -> PolicyDialog | None:
        """The policy editor filled from `path`; None (after saying why) if it cannot be read."""
        from deskplan.interchange.policy_file import read_policy
        from deskplan.ui.policy_dialog import PolicyDialog

        try:
            policy = read_policy(path)
        except DeskplanError as error:
            self.show_error("The policy file could not be read", str(error))
            return None
        dialog = PolicyDialog(policy, self)
        dialog.setWindowTitle(f"Policy from {path.name}")
        return dialog

    def apply_policy_choice(self, dialog: PolicyDialog, *, from_file: bool = False) -> None:
        from deskplan.ui.policy_dialog import PolicyDialog

        assert self.document is not None
        if dialog.result_policy is None:
            return
        if dialog.choice == PolicyDialog.TRY:
            self.draft_policy = dialog.result_policy
            self.document.set_draft_policy(dialog.result_policy)
            return
        if from_file:
            from deskplan.interchange.policy_changes import removed_parts

            removed = removed_parts(self.document.policy, dialog.result_policy)
            if removed and not self.confirm_policy_removal(removed):
                self.statusBar().showMessage("The policy was not saved.", 10000)
                return
        self.document.perform(SavePolicy(dialog.result_policy))

    def show_draft_policy(self, shown: bool) -> None:
        """The what-if toggle: judge the rota by the last draft, or by the saved policy."""
        if self.document is None:
            return
        wanted = self.draft_policy if shown else None
        if wanted is not self.document.draft_policy:
            self.document.set_draft_policy(wanted)

    def discard_draft_policy(self) -> None:
        self.show_draft_policy(False)

    def keep_draft_policy(self) -> None:
        document = self.document
        if document is not None and document.draft_policy is not None:
            def done(outcome: Outcome) -> None:
                if outcome.saved:
                    self.draft_policy = None
                    self._update_what_if()

            document.perform(SavePolicy(document.draft_policy, "Save the what-if policy"), done)

    def _update_what_if_after_edit(self, _delta: Delta) -> None:
        if self.document is not None and self.document.draft_policy is not None:
            self._update_what_if()

    def _update_what_if(self) -> None:
        """Banner, toggle and title follow whether a draft is applied."""
        document = self.document
        assert document is not None
        applied = document.draft_policy is not None
        self.what_if_action.blockSignals(True)
        self.what_if_action.setChecked(applied)
        self.what_if_action.blockSignals(False)
        self.what_if_action.setEnabled(self.draft_policy is not None)
        self.what_if_bar.setVisible(applied)
        if applied:
            draft = document.policy
            future = None
            if (day := document.future_rule_start(draft)) is not None:
                future = (day, document.people_short_from(day, draft),
                          len(document.people_short_from(day, document.policy_saved)))
            self.what_if_bar.describe(document.people_short(),
                                      len(document.people_short(document.policy_saved)), future)

    # --- exports ------------------------------------------------------------------------------
    def open_export(self) -> None:
        if self.document is None or self.model is None:
            return
        dialog = self.export_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_request is not None:
            self.start_export(dialog.result_request)

    def export_dialog(self) -> ExportDialog:
        from deskplan.ui.export_dialog import ExportDialog

        assert self.document is not None
        assert self.panel is not None
        rows = sorted({r for r, _ in self.panel.view.selected_cells()})
        assert self.model is not None
        selected = tuple(self.model.people[r].staff_id for r in rows)
        return ExportDialog(self.settings, self.document.first, self.document.last,
                            self.document.name, selected, self,
                            order=self.model.grouping)

    def start_export(self, request: ExportRequest) -> ExportJob:
        """Export on a worker thread, from a copy of the saved plan (never a what-if draft).
        The compliance report takes the team's recorded actuals when there are any."""
        from deskplan.ui.export_dialog import ExportJob, ExportKind

        assert self.document is not None
        if request.kind in (ExportKind.REPORT_PDF, ExportKind.REPORT_CSV) and \
                request.actuals is None:
            from deskplan.ui.actuals_dialog import actuals_store

            actuals = actuals_store(self.store).load(self.document.team_id)
            if next(iter(actuals.entries()), None) is not None:
                request = replace(request, actuals=actuals)
        job = ExportJob(copy_plan(self.document.plan), request, self)
        self.export_jobs.append(job)
        self.statusBar().showMessage(f"Exporting to {request.path.name}…")

        def finished(text: str, failed: bool) -> None:
            self.export_jobs.remove(job)
            if failed:
                self.show_error("Nothing was exported", text)
            else:
                self.statusBar().showMessage(text, 10000)
            job.deleteLater()

        job.progressed.connect(lambda done, total: self.statusBar().showMessage(
            f"Exporting to {request.path.name}… {done} of {total}"))
        job.succeeded.connect(lambda text: finished(text, False))
        job.failed.connect(lambda text: finished(text, True))
        job.start()
        return job

    # --- comfort ------------------------------------------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def keyboard_help(self) -> str:
        """Every shortcut of the window, from the actions themselves (so it cannot go stale)."""
        rows = []
        for menu in self.menuBar().findChildren(QMenu):
            for action in menu.actions():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                 for k in action.shortcuts())
                if keys:
                    rows.append(f"<tr><td><b>{escape(keys)}</b></td><td>"
                                f"{escape(action.text().replace('&', ''))}</td></tr>")
        grid = ("<tr><td><b>Arrows, Shift+arrows</b></td><td>Move, extend the selection</td>"
                "</tr><tr><td><b>Enter</b></td><td>Status menu for the chosen cells</td></tr>"
                "<tr><td><b>Tab</b></td><td>Leave the grid for the Conflicts panel</td></tr>")
        return f"<table cellspacing='6'>{grid}{''.join(dict.fromkeys(rows))}</table>"

    def show_keys(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.keyboard_help())

    def preferences_dialog(self) -> PreferencesDialog:
        return PreferencesDialog(self.settings, self.data_location or "in memory", self)

    def open_preferences(self) -> None:
        self.preferences_dialog().exec()

    def about(self) -> None:
        QMessageBox.about(
            self, "About deskplan",
            f"<h3>deskplan {__version__}</h3>"
            "<p>Plan office days under a hybrid-working policy, and see at once where the plan "
            "breaks the policy or someone's agreed arrangement.</p>"
            f"<p>Data: <code>{escape(self.data_location or 'in memory')}</code><br>"
            f"Log: <code>{escape(self.log_location or 'not kept')}</code><br>"
            f"Signed in as: {escape(self.access.describe())}</p>"
            "<p>Every edit is saved as you make it.</p>")

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, 1400, 860)

    # --- access, others' changes and shared desks --------------------------------------------
    def _apply_access(self) -> None:
        """Offer only what the database will let this login do with the open team."""
        assert self.document is not None
        self.overview_action.setEnabled(self.access.sees_every_team)
        editable = self.access.may_edit(self.document.team_id)
        for action in (self.people_action, self.arrangements_action, self.policy_action,
                       self.load_policy_action, self.pattern_action, self.copy_week_action,
                       self.import_action):
            action.setEnabled(editable)
        if not editable:
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 8000)

    def _on_team_changed(self, team_id: int, version: int) -> None:
        self._heard[team_id] = max(version, self._heard.get(team_id, 0))
        self._notice_timer.start()

    def _apply_notices(self) -> None:
        heard, self._heard = self._heard, {}
        document = self.document
        if document is None or self._closed:
            return
        if document.busy:
            # The notice of this window's own save can come before the worker says it is
            # saved: compare versions once every change in hand is in.
            document.when_idle(lambda: self._judge_notices(heard))
            return
        self._judge_notices(heard)

    def _judge_notices(self, heard: dict[int, int]) -> None:
        document = self.document
        if document is None or self._closed:
            return
        if heard.get(document.team_id, 0) > document.version:
            self.refresh_from_others()
        elif any(team_id != document.team_id for team_id in heard):
            self._refresh_shared()  # another team's desks, at sites this team may share

    def refresh_from_others(self) -> None:
        """Show what someone else just saved to the open team, keeping the selection, the
        current cell and the scroll position. The undo history is dropped: it may no longer
        match what is stored (an edit made meanwhile is refused as before)."""
        document, model, panel = self.document, self.model, self.panel
        if document is None or model is None or panel is None:
            return
        if document.busy:
            document.when_idle(self.refresh_from_others)
            return
        view = panel.view
        chosen = [(model.people[i.row()].staff_id, model.days[i.column()])
                  for i in view.selectionModel().selectedIndexes()]
        current = view.currentIndex()
        focus = (model.people[current.row()].staff_id, model.days[current.column()]) \
            if current.isValid() else None
        scroll = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        self.undo_stack.clear()
        try:
            document.reload()
        except DeskplanError as error:
            self.statusBar().showMessage(f"Could not show others' changes: {error}", 8000)
            return
        self._refresh_shared()
        rows = {p.staff_id: r for r, p in enumerate(model.people)}
        columns = {day: c for c, day in enumerate(model.days)}
        cells = [(rows[s], columns[d]) for s, d in chosen if s in rows and d in columns]
        if cells:
            view.select_cells(cells)
        if focus is not None and focus[0] in rows and focus[1] in columns:
            view.selectionModel().setCurrentIndex(
                model.index(rows[focus[0]], columns[focus[1]]),
                QItemSelectionModel.SelectionFlag.NoUpdate)
        view.horizontalScrollBar().setValue(scroll[0])
        view.verticalScrollBar().setValue(scroll[1])
        self.statusBar().showMessage("Updated with a change someone else saved to this team.",
                                     8000)

    def _after_open(self) -> None:
        """A team opens with no cell chosen (the focus may have made one current): until the
        user picks a cell, Copy week… and the like apply to everyone."""
        self._refresh_shared()
        if self.panel is not None:
            self.panel.view.selectionModel().clearCurrentIndex()

    def _refresh_shared(self) -> None:
        """Desks other teams use at this team's sites, for the days shown (server only)."""
        document, panel = self.document, self.panel
        if document is None or panel is None or self._closed or \
                getattr(self.store, "database", None) is None:
            return
        shared = SharedDesks.none()
        if self.access.shared_desks:
            try:
                shared = self.store.shared_office(document.team_id, document.first,
                                                  document.last)
            except DeskplanError as error:
                log.warning("desks of other teams not counted: %s", error)
        document.set_shared(shared, across_teams=self.access.shared_desks)

    # --- the organisation ---------------------------------------------------------------------
    def overview_window(self) -> OverviewWindow:
        from deskplan.ui.overview_window import OverviewWindow

        window = OverviewWindow(self.store, *OverviewWindow.default_range(self.today), self)
        window.setWindowFlag(Qt.WindowType.Window)
        self.overview_windows.append(window)
        return window

    def open_overview(self) -> None:
        window = self.overview_window()
        window.show()
        window.reload()

    # --- history ------------------------------------------------------------------------------
    def _current_cell(self) -> tuple[Person, date] | None:
        if self.model is None or self.panel is None:
            return None
        current = self.panel.view.currentIndex()
        if not current.isValid():
            self.statusBar().showMessage("Choose a cell in the grid first.", 6000)
            return None
        return self.model.people[current.row()], self.model.days[current.column()]

    def person_history_dialog(self, person: Person) -> HistoryDialog:
        assert self.document is not None
        changes = self.store.person_history(self.document.team_id, person.staff_id)
        note = "" if self.access.sees_arrangements(self.document.team_id) else \
            "Changes to arrangements are not shown to you."
        return HistoryDialog(f"History — {person.name}", changes, self._names(),
                             per_person=True, note=note, parent=self)

    def day_history_dialog(self, day: date) -> HistoryDialog:
        assert self.document is not None
        changes = self.store.day_history(self.document.team_id, day)
        return HistoryDialog(f"History — {describe_day(day)}", changes, self._names(),
                             per_person=False, parent=self)

    def _names(self) -> dict[str, str]:
        assert self.document is not None
        return {p.staff_id: p.name for p in self.document.people}

    def open_person_history(self) -> None:
        chosen = self._current_cell()
        if chosen is not None:
            self.person_history_dialog(chosen[0]).exec()

    def open_day_history(self) -> None:
        chosen = self._current_cell()
        if chosen is not None:
            self.day_history_dialog(chosen[1]).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A change still being saved (a database locked by another program, say) is saved
        # first: the window closes when it is, or when the database refuses it. (The rest of
        # the rota still being read holds nothing up: there is nothing of it to save.)
        if self._creating > 0 or (self.document is not None and self.document.writing):
            event.ignore()
            self._close_when_saved = True
            self.statusBar().showMessage("Saving your last change; the window closes when it "
                                         "is saved.")
            return
        # Every edit is already saved; only the window's own state is left to remember.
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        keep_settings_private(self.settings)
        # No notice may reach a closed window: one queued by the listener, or the timer that
        # gathers them, would read through a store already closed and leave a connection open.
        self._closed = True  # a late notice or timer reads no more from the store
        self.live.stop()
        if self._hearing:  # a window may be closed twice
            self.live.team_changed.disconnect(self._on_team_changed)
            self._hearing = False
        self._notice_timer.stop()
        self.database_worker.stop()
        self.store.close()
        super().closeEvent(event)

