"""The accounts of the load test, per role, from the users of a database.

    PYTHONPATH=/opt/odoo/18.0 .venv/bin/python tests/load/accounts.py -c .local/odoo.conf -d DB \
        --out accounts.json [--set-passwords] [--per-role N]

Per role it takes the demo logins of tests/roles/roles.csv when the database has them (their
password is their login), else the users of the role's group (the regional generator's
``gen-<cri>-<kind>-N`` first, one of each CRI before a second) and the portal users of the
operators' modules and of the ILI applications. With --set-passwords
every chosen user gets a new random password, written to the JSON file only (mode 600); without
it the password is taken to be the login (the demo's). A database without users for the internal
roles is refused with a message; a portal role without users is left out (and said so).
"""

import argparse
import csv
import json
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("reception", "social_worker", "accountant", "manager", "operator_portal", "ili_portal")
INTERNAL = ("reception", "social_worker", "accountant", "manager")


def roles_csv():
    """{role: (demo logins, group xml id)} of tests/roles/roles.csv."""
    with open(ROOT / "tests" / "roles" / "roles.csv", encoding="utf-8") as handle:
        return {
            row["role"]: (row["demo_logins"].split(), row["groups"].split()[0])
            for row in csv.DictReader(handle)
            if row["role"] in ROLES
        }


def _staff_of(env, group_xmlid, per_role):
    """Users of the role's group (implied groups included), the generated ones first and the first
    of each CRI before the second; those who hold the role through a role above it (a manager)
    only if nobody else has the role."""
    group = env.ref(group_xmlid, raise_if_not_found=False)
    if not group:
        return env["res.users"]
    users = _active(
        env,
        [("share", "=", False), ("groups_id", "in", group.id), ("login", "not in", ("admin", "__system__"))],
        None,
    )
    others = [env.ref(xmlid, raise_if_not_found=False) for _logins, xmlid in roles_csv().values()]
    above = env["res.groups"].union(
        *(other for other in others if other and other != group and group in other.trans_implied_ids)
    )
    if users.filtered(lambda user: not (above & user.groups_id)):
        users = users.filtered(lambda user: not (above & user.groups_id))
    return users.sorted(lambda user: (not user.login.startswith("gen-"), _rank(user.login), user.login))[
        :per_role
    ]


def _rank(login):
    """N of a generated login gen-<cri>-<kind>-N."""
    suffix = login.rsplit("-", 1)[-1]
    return int(suffix) if suffix.isdigit() else 0


def _active(env, domain, limit):
    return env["res.users"].search([("active", "=", True), *domain], order="login", limit=limit)


def pick_users(env, per_role):
    """{role: res.users} of the database; ValueError naming the roles without users."""
    if "cri.pathway" not in env:
        raise ValueError("this database has not the CRI suite installed (no pathway files)")
    roles = roles_csv()
    picked = {}
    for role in ROLES:
        demo_logins, group_xmlid = roles[role]
        users = _active(env, [("login", "in", demo_logins)], per_role)
        if not users and role in INTERNAL:
            users = _staff_of(env, group_xmlid, per_role)
        if not users and role == "operator_portal":
            operators = env["cri.pathway.module"].search([("operator_id", "!=", False)]).operator_id
            users = _active(
                env, [("share", "=", True), ("commercial_partner_id", "in", operators.ids)], per_role
            )
        if not users and role == "ili_portal" and "cri.ili.application" in env:
            organisations = env["cri.ili.application"].search([]).partner_id
            users = _active(
                env, [("share", "=", True), ("commercial_partner_id", "in", organisations.ids)], per_role
            )
        picked[role] = users
    missing = [role for role in INTERNAL if not picked[role]]
    if missing:
        raise ValueError(
            f"no user for the role(s) {', '.join(missing)} in this database: the load test needs the "
            "demo data (./cri demo) or the regional generator's users (./cri generate)"
        )
    return picked


def write_accounts(path, db, accounts):
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"db": db, "roles": accounts}, handle, indent=2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--out", required=True, help="the JSON file of accounts (mode 600)")
    parser.add_argument("--set-passwords", action="store_true", help="give the users new random passwords")
    parser.add_argument("--per-role", type=int, default=5, help="users at most per role (default 5)")
    args = parser.parse_args(argv)

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database])
    odoo.service.server.load_server_wide_modules()
    try:
        registry = odoo.modules.registry.Registry(args.database)
    except Exception as error:  # noqa: BLE001 - any reason the database cannot be opened
        print(f"accounts.py: cannot open the database {args.database}: {error}", file=sys.stderr)
        return 2
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            picked = pick_users(env, args.per_role)
        except ValueError as error:
            print(f"accounts.py: {error}", file=sys.stderr)
            return 2
        accounts, passwords = {}, {}
        for role, users in picked.items():
            if not users:
                print(f"accounts.py: no user for the role {role}: left out of the load test", file=sys.stderr)
                continue
            accounts[role] = []
            for user in users:
                if user.login not in passwords:  # a user playing two roles gets one password
                    passwords[user.login] = secrets.token_urlsafe(18) if args.set_passwords else user.login
                    if args.set_passwords:
                        user.password = passwords[user.login]
                accounts[role].append({"login": user.login, "password": passwords[user.login]})
        write_accounts(args.out, args.database, accounts)
        cr.commit()
    print(f"accounts.py: {sum(map(len, accounts.values()))} accounts of {len(accounts)} roles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
