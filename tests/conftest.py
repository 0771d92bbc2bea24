import os

# Without a display pytest-qt aborts (exit 134); offscreen renders real pixels for screenshots.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
