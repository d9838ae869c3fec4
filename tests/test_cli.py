import json

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_ask_json(session_index):
    result = runner.invoke(
        app, ["ask", "--json", "--data-dir", str(session_index.data_dir), "Hva er arbeidsledermodellen?"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["citations"] and not answer["abstained"]
    assert {"marker", "document", "title", "section", "page", "start_char", "end_char", "quote"} <= set(
        answer["citations"][0]
    )


def test_ask_jsonl(session_index, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps({"id": "a", "question": "Hva er arbeidsledermodellen?"})
        + "\n"
        + json.dumps(
            {
                "id": "b",
                "question": "Hvilke resultater har den gitt?",
                "history": [{"role": "user", "content": "Hva er helsefagprosjektet i Kristiansand?"}],
            }
        )
        + "\n"
        + json.dumps({"id": "c", "question": ""})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["ask", "--data-dir", str(session_index.data_dir), "--jsonl", str(questions), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert len(rows[0]["contexts"]) >= 5 and rows[0]["contexts"][0]["rank"] == 1
    assert {"rank", "document", "start_char", "end_char", "section", "page", "text", "score"} <= set(
        rows[0]["contexts"][0]
    )
    assert "helsefagprosjektet" in rows[1]["standalone_question"].lower()
    assert "tomt" in rows[2]["error"]


def test_empty_question_is_refused(session_index):
    result = runner.invoke(app, ["ask", "--data-dir", str(session_index.data_dir), "  "])
    assert result.exit_code == 2
    assert "tomt" in result.output


def test_sources_and_missing_index(session_index, tmp_path):
    listed = runner.invoke(app, ["sources", "--data-dir", str(session_index.data_dir)])
    assert listed.exit_code == 0 and "ks-notat.md" in listed.stdout
    missing = runner.invoke(app, ["ask", "--data-dir", str(tmp_path / "tom"), "Hva er NAV?"])
    assert missing.exit_code == 1 and "assistant ingest" in missing.output


def test_sources_outline_shows_the_section_tree_the_labels_use(session_index):
    from ingest.index import IndexLayout, read_chunks

    shown = runner.invoke(app, ["sources", "--data-dir", str(session_index.data_dir), "--outline", "seminar.txt"])
    assert shown.exit_code == 0, shown.output
    chunks = [c for c in read_chunks(IndexLayout(session_index.data_dir).current()) if c.document == "seminar.txt"]
    labelled = {c.section for c in chunks if c.section}
    assert labelled and all(label in shown.stdout for label in labelled)
    assert ("(s. " in shown.stdout) == any(c.page is not None for c in chunks)
    unknown = runner.invoke(app, ["sources", "--data-dir", str(session_index.data_dir), "--outline", "finnes-ikke"])
    assert unknown.exit_code == 1 and "Fant ikke dokumentet" in unknown.output and "seminar.txt" in unknown.output


def test_repair_prints_repaired_text(tmp_path, session_index):
    damaged = tmp_path / "side.txt"
    damaged.write_text(
        "Regjeringen vil styrke oppfelgingen av unge pa skolen og bidra til\n& redusere frafall.\n", "utf-8"
    )
    result = runner.invoke(app, ["repair", "--corpus", str(session_index.corpus_dir), str(damaged)])
    assert result.exit_code == 0, result.output
    assert "oppfølgingen av unge på skolen" in result.stdout
    assert "å redusere" in result.stdout


def test_chat_session(session_index):
    result = runner.invoke(
        app,
        ["chat", "--data-dir", str(session_index.data_dir)],
        input="Hva er arbeidsledermodellen?\n/kilder\n/ny\n/kilder\n/slutt\n",
    )
    assert result.exit_code == 0, result.output
    assert "[1]" in result.stdout and "ks-notat.md" in result.stdout
    assert "Ny samtale" in result.stdout and "Ingen kilder ennå" in result.stdout


def _eval_set(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(row, ensure_ascii=False)
            for row in (
                {
                    "id": "a",
                    "question": "Hva er arbeidsledermodellen?",
                    "category": "definisjon",
                    "persona": "saksbehandler",
                    "key_facts": ["egen arbeidsleder"],
                },
                {
                    "id": "b",
                    "question": "Hva sier dokumentene om månelandinger?",
                    "category": "utenfor_korpus",
                    "persona": "leder",
                },
            )
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def test_eval_measures_the_configured_llm(session_index, tmp_path):
    """`assistant eval` evaluates the assistant as configured: with ASSISTANT_LLM_… set, the model answers."""
    from .fake_openai import FakeOpenAI

    reply = "Arbeidsledermodellen betyr at arbeidsstedet har en egen arbeidsleder som har ansvar for en liten gruppe deltakere [1]."
    out = tmp_path / "report"
    with FakeOpenAI([reply] * 10) as server:
        env = {
            "ASSISTANT_CORPUS_DIR": str(session_index.corpus_dir),
            "ASSISTANT_LLM_PROVIDER": "openai",
            "ASSISTANT_LLM_BASE_URL": server.url,
            "ASSISTANT_LLM_MODEL": "fake",
            "ASSISTANT_LLM_TIMEOUT": "10",
        }
        result = runner.invoke(
            app,
            [
                "eval",
                "--set",
                str(_eval_set(tmp_path)),
                "--out",
                str(out),
                "--data-dir",
                str(session_index.data_dir),
                "--baseline",
                str(tmp_path / "none.json"),
            ],
            env=env,
        )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "report.json").read_text(encoding="utf-8"))
    predictions = {p["id"]: p for p in map(json.loads, (out / "predictions.jsonl").read_text("utf-8").splitlines())}
    assert summary["mode"] == "llm" and "spørsmål, llm)" in (out / "report.md").read_text(encoding="utf-8")
    assert predictions["a"]["mode"] == "llm" and "egen arbeidsleder" in predictions["a"]["answer"]
    assert any("arbeidsledermodellen" in prompt.lower() for prompt in server.prompts)
    assert summary["default"]["overall"]["key_fact_coverage"] == 1.0


def test_eval_without_llm_is_extractive(session_index, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(
        app,
        [
            "eval",
            "--set",
            str(_eval_set(tmp_path)),
            "--out",
            str(out),
            "--data-dir",
            str(session_index.data_dir),
            "--baseline",
            str(tmp_path / "none.json"),
        ],
        env={"ASSISTANT_CORPUS_DIR": str(session_index.corpus_dir), "ASSISTANT_LLM_PROVIDER": "none"},
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert summary["mode"] == "extractive" and summary["questions"] == 2
    assert summary["default"]["overall"]["abstention_rate"] == 1.0  # the moon-landing question is not in the corpus


def test_the_eval_help_and_the_readme_name_every_ablation():
    import inspect
    from pathlib import Path

    from assistant import cli
    from assistant.evaluation.harness import ABLATIONS

    source = inspect.getsource(cli.evaluate if hasattr(cli, "evaluate") else cli)
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in ABLATIONS:
        assert name in source, name
        assert f"`{name}`" in readme, name
