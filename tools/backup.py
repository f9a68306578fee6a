"""Backup and restore of one database of the CRI suite: its PostgreSQL dump and its filestore.

Usage:
  backup.py backup  -c ODOO_CONF -d DB [--out FOLDER]
  backup.py restore -c ODOO_CONF ARCHIVE NAME [--neutralize ODOO_BIN]
  backup.py verify  ARCHIVE

`backup` writes one dated, uncompressed tar archive ``<DB>-<YYYYmmdd-HHMMSS>.tar`` holding
``dump.pgcustom`` (pg_dump's custom format, compressed), ``filestore/...`` (the attachments'
files) and ``manifest.json`` (database, date, Odoo and PostgreSQL versions, the addons and their
versions, the size and SHA-256 of every other member). The archive is written under a temporary
name and renamed once complete.

`restore` checks every member against the manifest before touching anything, then creates the
database NAME (which must not exist), restores the dump into it, copies the filestore, gives the
copy a database UUID of its own and checks that every stored attachment's file is there with the
checksum Odoo recorded. Should a step fail, the new database and filestore are removed again.
``--neutralize`` then runs ``odoo-bin neutralize`` on it (no mail, no scheduled action: a test
copy beside production).

The connection (db_host, db_port, db_user, db_password) and the data folder (data_dir) are read
from the Odoo configuration file.
"""

import argparse
import configparser
import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid
from pathlib import Path

FORMAT = "cri-backup/1"
DUMP = "dump.pgcustom"
MANIFEST = "manifest.json"
FILESTORE = "filestore"


class BackupError(Exception):
    """A refusal or a failed check, printed without a traceback."""


def read_conf(path):
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path):
        raise BackupError(f"cannot read the Odoo configuration {path}")
    options = dict(parser["options"]) if parser.has_section("options") else {}
    data_dir = options.get("data_dir") or str(Path.home() / ".local" / "share" / "Odoo")
    return options, Path(data_dir)


def pg_env(options):
    """The environment of the PostgreSQL client programs for Odoo's connection settings."""
    env = dict(os.environ)
    for option, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        value = options.get(option)
        if value and value.lower() not in ("false", "none"):
            env[variable] = value
    return env


def psql(env, database, query):
    completed = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", query],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise BackupError(f"psql on {database}: {completed.stderr.strip()}")
    return completed.stdout.strip()


def database_exists(env, name):
    return psql(env, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "1"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_name(name):
    if not name or not all(char.isalnum() or char in "_-" for char in name):
        raise BackupError(f"not a database name: {name!r} (letters, digits, _ and - only)")


def backup(conf, database, out):
    check_name(database)
    options, data_dir = read_conf(conf)
    env = pg_env(options)
    if not database_exists(env, database):
        raise BackupError(f"no database {database}")
    modules = psql(
        env,
        database,
        "SELECT name || '=' || coalesce(latest_version, '') FROM ir_module_module "
        "WHERE state = 'installed' ORDER BY name",
    )
    now = datetime.datetime.now(datetime.UTC)
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{database}-{now:%Y%m%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory(prefix="cri-backup-") as tmp:
        dump = Path(tmp) / DUMP
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", database], env=env, check=True
        )
        files = {DUMP: {"size": dump.stat().st_size, "sha256": sha256(dump)}}
        filestore = data_dir / "filestore" / database
        stored = sorted(path for path in filestore.rglob("*") if path.is_file()) if filestore.is_dir() else []
        for path in stored:
            member = f"{FILESTORE}/{path.relative_to(filestore).as_posix()}"
            files[member] = {"size": path.stat().st_size, "sha256": sha256(path)}
        manifest = {
            "format": FORMAT,
            "database": database,
            "created": now.isoformat(timespec="seconds"),
            "odoo": modules_version(modules, "base"),
            "postgresql": psql(env, database, "SHOW server_version"),
            "modules": dict(line.split("=", 1) for line in modules.splitlines() if line),
            "files": files,
        }
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            info = tarfile.TarInfo(MANIFEST)
            payload = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info.size, info.mtime, info.mode = len(payload), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(payload))
            tar.add(dump, arcname=DUMP)
            for path in stored:
                tar.add(path, arcname=f"{FILESTORE}/{path.relative_to(filestore).as_posix()}")
        os.chmod(partial, 0o600)
        partial.rename(archive)
    print(f"{archive}: {database}, {len(stored)} files of the filestore, {archive.stat().st_size} bytes")
    return archive


def modules_version(modules, name):
    for line in modules.splitlines():
        module, _, version = line.partition("=")
        if module == name:
            return version
    return ""


def verify(archive, into=None):
    """The manifest of ``archive`` once every member matches it; members extracted into
    ``into`` when given. Refuses members outside the archive's own folders."""
    try:
        tar = tarfile.open(archive, "r")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    with tar:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
        except (KeyError, ValueError) as error:
            raise BackupError(f"{archive} holds no readable {MANIFEST}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive}: unknown format {manifest.get('format')!r}")
        expected = manifest["files"]
        seen = set()
        for member in tar.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"{archive}: {member.name} is not listed in the manifest")
            digest = hashlib.sha256()
            handle = tar.extractfile(member)
            target = None
            if into is not None:
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") if target else contextlib.nullcontext() as output:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(block)
                    if output:
                        output.write(block)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"{archive}: {member.name} does not match its checksum")
            seen.add(member.name)
        missing = set(expected) - seen
        if missing:
            raise BackupError(f"{archive}: missing {len(missing)} members, e.g. {sorted(missing)[0]}")
    return manifest


def restore(conf, archive, name, neutralize=None):
    check_name(name)
    options, data_dir = read_conf(conf)
    env = pg_env(options)
    if database_exists(env, name):
        raise BackupError(f"the database {name} exists: restore under a new name")
    filestore = data_dir / "filestore" / name
    if filestore.exists():
        raise BackupError(f"{filestore} exists: restore under a new name")
    with tempfile.TemporaryDirectory(
        prefix="cri-restore-", dir=data_dir if data_dir.is_dir() else None
    ) as tmp:
        manifest = verify(archive, into=Path(tmp))
        try:
            subprocess.run(["createdb", name], env=env, check=True)
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "-d",
                    name,
                    str(Path(tmp) / DUMP),
                ],
                env=env,
                check=True,
            )
            filestore.parent.mkdir(parents=True, exist_ok=True)
            if (Path(tmp) / FILESTORE).is_dir():
                shutil.move(str(Path(tmp) / FILESTORE), filestore)
            else:
                filestore.mkdir()
            # a copy beside its original: its own identity (Odoo does the same on a copy)
            psql(
                env,
                name,
                f"UPDATE ir_config_parameter SET value = '{uuid.uuid1()}' WHERE key = 'database.uuid'",
            )
            checked = check_attachments(env, name, filestore)
        except (subprocess.CalledProcessError, BackupError, OSError):
            subprocess.run(["dropdb", "--if-exists", name], env=env, check=False)
            shutil.rmtree(filestore, ignore_errors=True)
            raise
    if neutralize:
        subprocess.run([sys.executable, neutralize, "neutralize", "-c", conf, "-d", name], check=True)
    print(
        f"{name}: restored from {Path(archive).name} ({manifest['database']} of {manifest['created']}, "
        f"Odoo {manifest['odoo']}), {checked} attachment files checked"
    )
    return manifest


def check_attachments(env, database, filestore):
    """Count of the stored attachments whose file is present with Odoo's SHA-1 checksum."""
    rows = psql(
        env,
        database,
        "SELECT store_fname || ' ' || coalesce(checksum, '') FROM ir_attachment WHERE store_fname IS NOT NULL",
    )
    checked = 0
    for row in rows.splitlines():
        store_fname, _, checksum = row.partition(" ")
        path = filestore / store_fname
        if not path.is_file():
            raise BackupError(f"attachment file {store_fname} is missing from the restored filestore")
        digest = hashlib.sha1(path.read_bytes()).hexdigest()  # noqa: S324 (Odoo's own checksum)
        if checksum and digest != checksum:
            raise BackupError(f"attachment file {store_fname} does not match Odoo's checksum")
        checked += 1
    return checked


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("-c", "--config", required=True)
    make.add_argument("-d", "--database", required=True)
    make.add_argument("--out", type=Path, default=Path("backups"))
    back = commands.add_parser("restore")
    back.add_argument("-c", "--config", required=True)
    back.add_argument("archive", type=Path)
    back.add_argument("name")
    back.add_argument("--neutralize", metavar="ODOO_BIN")
    check = commands.add_parser("verify")
    check.add_argument("archive", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            backup(args.config, args.database, args.out)
        elif args.command == "restore":
            restore(args.config, args.archive, args.name, args.neutralize)
        else:
            manifest = verify(args.archive)
            print(f"{args.archive}: {len(manifest['files'])} members match the manifest")
    except BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
