"""Backup and restore: `./cri backup` of a populated database (the demo, generated regional data
and attachments) restored by `./cri restore` under another name holds the same rows in every
table, the same sums of every amount and hours column, and every attachment's file with its
checksum; a damaged archive and an existing name are refused, changing nothing."""

import hashlib
import io
import tarfile

from operations import ATTACHMENTS, COUNTS, SUMS, archive, cri, data_dir, drop, psql, rows

COPY = "cri_backup_copy"
DAMAGED = "cri_backup_damaged"


def test_a_restored_copy_holds_every_row_sum_and_attachment(populated_database, tmp_path):
    source = populated_database
    backups = tmp_path / "backups"
    for name in (COPY, DAMAGED):
        drop(name)
    try:
        saved = archive(backups, source)
        with tarfile.open(saved) as tar:
            names = tar.getnames()
        assert {"manifest.json", "dump.pgcustom"} <= set(names)
        assert any(name.startswith("filestore/") for name in names)

        completed = cri("restore", str(saved), COPY, backups=backups)
        assert completed.returncode == 0, completed.stderr

        counts = rows(source, COUNTS)
        assert int(counts["cri_pathway"]) >= 150 and int(counts["cri_ili_expense"]) >= 40
        assert rows(COPY, COUNTS) == counts
        sums = rows(source, SUMS)
        assert any(float(value) for key, value in sums.items() if "amount" in key)
        assert any(float(value) for key, value in sums.items() if "hours" in key)
        assert rows(COPY, SUMS) == sums

        attachments = psql(source, ATTACHMENTS)
        assert len(attachments) > 13
        assert sorted(psql(COPY, ATTACHMENTS)) == sorted(attachments)
        for row in attachments:
            _id, store_fname, checksum = row.split(" ")
            content = (data_dir() / "filestore" / COPY / store_fname).read_bytes()
            assert hashlib.sha1(content).hexdigest() == checksum, store_fname  # noqa: S324
        uuid = "SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'"
        assert psql(source, uuid) != psql(COPY, uuid), "the copy keeps an identity of its own"

        # an existing name is refused, the existing database untouched
        completed = cri("restore", str(saved), COPY, backups=backups)
        assert completed.returncode != 0 and "exists" in completed.stderr
        assert rows(COPY, COUNTS) == counts

        # a damaged archive is refused before any database is created
        damaged = tmp_path / "damaged.tar"
        flipped = False
        with tarfile.open(saved) as tar, tarfile.open(damaged, "w") as out:
            for member in tar.getmembers():
                data = tar.extractfile(member).read()
                if member.name.startswith("filestore/") and not flipped:
                    data, flipped = data[:-1] + bytes([data[-1] ^ 1]), True
                out.addfile(member, io.BytesIO(data))
        completed = cri("restore", str(damaged), DAMAGED, backups=backups)
        assert completed.returncode != 0 and "checksum" in completed.stderr
        assert not psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{DAMAGED}'")
        assert not (data_dir() / "filestore" / DAMAGED).exists()
    finally:
        for name in (COPY, DAMAGED):
            drop(name)
