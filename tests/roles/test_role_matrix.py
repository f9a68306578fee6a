"""The role matrix is the contract: the effective rights of every demo user and of a user of
each role created the ordinary way (the user form, the portal invitation) equal it, for every
model, menu and report of the test database (the core apps' included). And each role does what
its forms offer it: no button shown to a role is refused to it for lack of rights."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script, arguments):
    completed = subprocess.run(
        [sys.executable, str(HERE / script), *arguments],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(os.environ["CRI_ODOO_BIN"]).parent)},
    )
    print(completed.stdout[-20000:])
    return completed


def test_every_role_has_exactly_the_rights_of_the_matrix(odoo_env_args):
    completed = run("effective_rights.py", [*odoo_env_args, "--check"])
    assert completed.returncode == 0, completed.stdout[-20000:] or completed.stderr[-5000:]


def test_every_button_a_form_shows_a_role_works_for_it(odoo_env_args):
    completed = run("buttons.py", odoo_env_args)
    assert completed.returncode == 0, completed.stdout[-20000:] or completed.stderr[-5000:]
