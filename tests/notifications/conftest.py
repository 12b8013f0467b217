import pytest


@pytest.fixture
def commit_now(django_capture_on_commit_callbacks):
    """Runs `fn` and then what it queued for after the commit (the email task), as a real request would."""

    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run
