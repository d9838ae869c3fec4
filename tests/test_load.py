"""The load test, shortened for CI: 10 clients for 5 s against `assistant serve` over the fixture index."""

import json
import shutil
import subprocess
import sys

from assistant.evaluation.records import DEV_SET
from assistant.records import AnswerResult

from .conftest import ROOT


def test_ten_clients_for_five_seconds_get_only_valid_answers(session_index, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(session_index.data_dir, data, ignore=shutil.ignore_patterns("sessions.sqlite*", "ingest.lock"))
    out, responses = tmp_path / "reports", tmp_path / "responses.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "eval" / "load.py"),
            "--data-dir",
            str(data),
            "--clients",
            "10",
            "--seconds",
            "5",
            "--out",
            str(out),
            "--responses",
            str(responses),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads((out / "load.json").read_text(encoding="utf-8"))
    results = report["results"]
    assert results["errors"] == 0 and results["error_kinds"] == {}
    assert results["requests"] >= 10 and results["ok"] == results["requests"]
    assert 0 < results["latency_ms"]["p50"] <= results["latency_ms"]["p95"] <= results["latency_ms"]["max"]
    assert report["config"]["clients"] == 10 and report["server"]["chunks"] > 0
    assert "| requests | errors |" in (out / "load.md").read_text(encoding="utf-8")

    asked = {json.loads(line)["question"].strip() for line in DEV_SET.read_text("utf-8").splitlines()}
    bodies = [json.loads(line) for line in responses.read_text(encoding="utf-8").splitlines()]
    assert len(bodies) == results["requests"]
    for body in bodies:
        answer = AnswerResult.model_validate(body)
        assert answer.question in asked and answer.answer
        assert answer.abstained or answer.citations
