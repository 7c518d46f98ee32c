import pytest


@pytest.fixture(autouse=True)
def _green_code_key(settings, tmp_path):
    """Each test signs with its own development key (generated in a temporary var/)."""
    settings.VAR_DIR = tmp_path / "var"
    settings.GREENMFG_GREEN_CODE_KEY = ""
