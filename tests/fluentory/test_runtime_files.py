"""Every runtime file stays under var/: nothing the broker writes is kept in the tree."""
# ruff: noqa: S607 (git from the PATH)

import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_filesystem_broker_keeps_every_folder_under_var():
    if settings.CELERY_BROKER_URL != "filesystem://":
        return  # Redis: nothing on disk
    folders = {key: Path(value) for key, value in settings.CELERY_BROKER_TRANSPORT_OPTIONS.items() if "folder" in key}
    assert set(folders) == {"data_folder_in", "data_folder_out", "processed_folder", "control_folder"}
    assert all(folder.is_relative_to(settings.VAR_DIR) for folder in folders.values())


def test_no_broker_control_file_is_kept_in_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files", "control", "*.exchange", "*.msg"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""
