"""deskplan.resources finds the same files from a checkout and from inside a frozen bundle."""

from __future__ import annotations

import shutil
import sys

import pytest

from deskplan import resources
from tests.packaging.helpers import ROOT


def test_source_layout_is_the_repository_resources_folder(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not resources.is_frozen()
    assert resources.resources_root() == ROOT / "resources"
    assert resources.resource_path("appicon", "deskplan.svg") == \
        ROOT / "resources" / "appicon" / "deskplan.svg"


def test_frozen_layout_looks_inside_the_bundle_only(monkeypatch, tmp_path):
    bundled = tmp_path / "resources"
    shutil.copytree(ROOT / "resources" / "appicon", bundled / "appicon")
    (bundled / "samples").mkdir()
    (bundled / "samples" / "team.csv").write_text("staff_id,name\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert resources.is_frozen()
    assert resources.resources_root() == bundled
    assert resources.sample_path("team.csv") == bundled / "samples" / "team.csv"
    assert set(resources.app_icon_paths()) == set(resources.APP_ICON_SIZES)
    assert all(p.parent == bundled / "appicon" for p in resources.app_icon_paths().values())
    # A file only the checkout has is not found through the bundle.
    with pytest.raises(FileNotFoundError, match=r"samples/rota-wide\.csv"):
        resources.sample_path("rota-wide.csv")


def test_missing_icon_sizes_are_left_out_rather_than_listed(monkeypatch, tmp_path):
    (tmp_path / "resources" / "appicon").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "appicon" / "deskplan-32.png",
                tmp_path / "resources" / "appicon")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert list(resources.app_icon_paths()) == [32]


def test_every_icon_size_exists_in_the_checkout(monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert set(resources.app_icon_paths()) == set(resources.APP_ICON_SIZES)


def test_the_window_icon_offers_every_size(qapp, monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    from deskplan.ui.app import app_icon

    sizes = {s.width() for s in app_icon().availableSizes()}
    assert sizes == set(resources.APP_ICON_SIZES)
