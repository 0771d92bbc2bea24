"""The grid with its footer of per-day counts, scrolling together sideways."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QPainter,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from deskplan.domain.conflicts import Severity
from deskplan.storage.operations import CellChange
from deskplan.ui.rota_headers import HEADER_WIDTH, ROW_HEIGHT, PersonHeader
from deskplan.ui.rota_model import PASS, FooterModel, RotaModel
from deskplan.ui.rota_view import RotaView
from deskplan.ui.status_style import StatusStyle, blend

FOOTER_LINES = 6
MAX_COLUMN_WIDTH = 120


class FooterDelegate(QStyledItemDelegate):
    """Counts per day, tinted when a location is over capacity or a role short of cover."""

    def __init__(self, model: FooterModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.style = StatusStyle.for_palette(parent.palette())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        line, column = index.row(), index.column()
        rect = option.rect
        state = self.model.state(line, column)
        base = self.style.base.color()
        if state is Severity.ERROR:
            painter.fillRect(rect, blend(self.style.error, base, 0.3))
        elif state is Severity.WARNING:
            painter.fillRect(rect, blend(self.style.warning, base, 0.3))
        elif not self.model.rota.working[:, column].any():
            painter.fillRect(rect, self.style.closed)
        painter.setPen(self.style.text)
        text, scale = fitted(self.model.text(line, column),
                             painter.fontMetrics().horizontalAdvance, rect.width() - 2)
        if scale < 1:
            painter.save()
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * scale)
            painter.setFont(font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()
        else:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def fitted(text: str, advance: Callable[[str], int], room: int) -> tuple[str, float]:
    """A footer count and the scale of the face it fits in `room` at (`advance`: its width at
    full size): a narrow month column ("12✓" at 20 px) takes a smaller face, down to 70%;
    past that a cover count that is met loses its tick (one short of cover keeps its ✖, and
    its tint)."""
    wide = advance(text)
    if not text or wide <= room:
        return text, 1.0
    scale = max(room / wide, 0.7)
    if wide * scale > room and text.endswith(PASS):
        text = text[:-1]
        scale = max(min(room / advance(text), 1.0), 0.7)
    return text, scale


class RotaPanel(QWidget):
    """The grid with its footer rows underneath, scrolling together sideways."""

    #: The user asked to add the first person to an empty team.
    add_person_requested = Signal()

    def __init__(self, model: RotaModel, apply: Callable[[list[CellChange], str | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = RotaView(model, apply, self)
        self.footer_model = FooterModel(model, self)
        footer = QTableView(self)
        self.footer = footer
        footer.setModel(self.footer_model)
        footer.setItemDelegate(FooterDelegate(self.footer_model, footer))
        footer.horizontalHeader().hide()
        footer.verticalHeader().setFixedWidth(HEADER_WIDTH)
        footer.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        footer.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        footer.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft |
                                                    Qt.AlignmentFlag.AlignVCenter)
        footer.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        footer.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        footer.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        footer.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        footer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        footer.setAccessibleName("Office counts and cover per day")
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.horizontalScrollBar().valueChanged.connect(
            footer.horizontalScrollBar().setValue)
        self.minimum_width = 30
        self.footer_model.modelReset.connect(self._fit)
        model.modelReset.connect(self._fit)
        self.empty_hint = QWidget(self)
        hint_text = QLabel("This team has nobody in it yet. Add people one by one, or use "
                           "File → Import… for a team list.", self.empty_hint)
        add_button = QPushButton("Add a person…", self.empty_hint)
        add_button.clicked.connect(self.add_person_requested.emit)
        hint_layout = QHBoxLayout(self.empty_hint)
        hint_layout.addWidget(hint_text)
        hint_layout.addWidget(add_button)
        hint_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(footer)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: rebuild every tint from the new palette.
        if event.type() == QEvent.Type.PaletteChange:
            palette = self.palette()
            self.view.delegate.refresh_palette(palette)
            header = self.view.verticalHeader()
            if isinstance(header, PersonHeader):
                header.look = StatusStyle.for_palette(palette)
            footer_delegate = self.footer.itemDelegate()
            if isinstance(footer_delegate, FooterDelegate):
                footer_delegate.style = StatusStyle.for_palette(palette)
            self.view.viewport().update()
            self.footer.viewport().update()
        super().changeEvent(event)

    def set_column_width(self, width: int) -> None:
        """Columns at least `width` wide, wider when the days would not fill the view."""
        self.minimum_width = width
        self._fit_columns()

    def _fit_columns(self) -> None:
        columns = self.view.model().columnCount()
        room = self.view.viewport().width()
        width = max(self.minimum_width, min(MAX_COLUMN_WIDTH, room // columns)) if columns \
            else self.minimum_width
        self.view.set_column_width(width)
        self.footer.horizontalHeader().setDefaultSectionSize(width)
        self.footer.horizontalHeader().setMinimumSectionSize(min(width, 18))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit(self) -> None:
        width = self.view.horizontalHeader().defaultSectionSize()
        self.footer.horizontalHeader().setMinimumSectionSize(min(width, 18))
        self.footer.horizontalHeader().setDefaultSectionSize(width)
        lines = self.footer_model.rowCount()
        self.footer.setVisible(lines > 0)
        self.empty_hint.setVisible(self.view.model().rowCount() == 0)
        # Many sites would push the grid off the screen; beyond a few lines the footer scrolls.
        shown = min(lines, FOOTER_LINES)
        self.footer.setFixedHeight(shown * ROW_HEIGHT + 2 * self.footer.frameWidth())
