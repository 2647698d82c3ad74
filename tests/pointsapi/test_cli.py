"""The ``pointsapi`` command line: migrate, demo-data (shape, re-run), serve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from pointsapi.core import migrate

CLI = [sys.executable, "-m", "pointsapi.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path, pg_server: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    if pg_server is None:
        pytest.skip("POINTSAPI_TEST_PG_URL is not set")
    return str(pg_server.create(f"{pg_server.prefix}_cli_{os.urandom(4).hex()}"))


def _check_shape(out: dict[str, Any]) -> None:
    # The agreed keys (other areas may add their own, e.g. staff credentials).
    required = {"store_id", "kiosk_id", "kiosk_token", "admin_token"}
    assert required | {"members"} <= set(out)
    assert all(isinstance(out[k], str) and out[k] for k in required)
    assert len(out["members"]) == 3
    for member in out["members"]:
        assert {
            "member_id",
            "member_no",
            "display_name",
            "card_number",
            "member_token",
            "balance",
            "tier",
            "sample_payloads",
        } <= set(member)
        assert set(member["sample_payloads"]) == {"member_code", "card"}
        assert member["sample_payloads"]["member_code"].startswith(f"M1:{member['member_no']}:")
        assert member["sample_payloads"]["card"] == member["card_number"]
        assert len(member["card_number"]) == 10 and member["card_number"].isdigit()
        assert isinstance(member["balance"], int)
    assert len({m["tier"] for m in out["members"]}) == 3
    assert len({m["balance"] for m in out["members"]}) == 3


def test_migrate_then_demo_data_twice(fresh_url: str) -> None:
    done = _run("migrate", "--db", fresh_url)
    assert done.returncode == 0, done.stderr
    assert migrate.current_head() in done.stdout

    first = _run("demo-data", "--db", fresh_url)
    assert first.returncode == 0, first.stderr
    out1 = json.loads(first.stdout)
    _check_shape(out1)

    second = _run("demo-data", "--db", fresh_url)
    assert second.returncode == 0, second.stderr
    out2 = json.loads(second.stdout)
    _check_shape(out2)
    # Reused, not duplicated: same ids and balances, fresh tokens.
    assert out2["store_id"] == out1["store_id"] and out2["kiosk_id"] == out1["kiosk_id"]
    assert [m["member_id"] for m in out2["members"]] == [m["member_id"] for m in out1["members"]]
    assert [m["balance"] for m in out2["members"]] == [m["balance"] for m in out1["members"]]
    assert out2["kiosk_token"] != out1["kiosk_token"]


def test_serve_prints_ready_line_and_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    demo = json.loads(_run("demo-data", "--db", url).stdout)
    proc = subprocess.Popen(
        [*CLI, "serve", "--db", url, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("pointsapi listening on http://127.0.0.1:"), line
        base = line.rsplit(" ", 1)[1]
        assert httpx.get(f"{base}/healthz", timeout=10).json()["database"] == "ok"
        me = httpx.get(
            f"{base}/v1/kiosk/me",
            headers={"Authorization": f"Bearer {demo['kiosk_token']}"},
            timeout=10,
        )
        assert me.json()["store"]["name"]["zh"] == "示范店"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why.
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "Traceback" not in err


def test_bad_arguments_exit_non_zero() -> None:
    assert _run().returncode == 2
    assert _run("serve", "--workers", "0", "--db", "sqlite://").returncode == 2


def test_unusable_databases_give_one_line_errors(tmp_path: Path) -> None:
    bad_url = _run("migrate", "--db", "nonsense://x")
    assert bad_url.returncode == 2
    assert "not a usable database URL" in bad_url.stderr and "Traceback" not in bad_url.stderr
    down = _run("reconcile", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert down.returncode == 1
    assert down.stderr.startswith("pointsapi: cannot use the database:"), down.stderr
    assert "Traceback" not in down.stderr
    missing_dir = _run("migrate", "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert missing_dir.returncode == 1 and "Traceback" not in missing_dir.stderr
