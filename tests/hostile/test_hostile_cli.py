"""Random command lines through the real argparse layer and `sonodesk generate`, in process:
every one ends with exit code 0, 2 (argparse) or 3 (bad input), one clear line, no traceback.

Also ``sonodesk.cli.params`` on its own: any --set/--file text against each sandbox model
gives a request body or a ParamError naming the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.cli.main import main as cli_main
from sonodesk.cli.params import ParamError, apply_schema, literal, parse_files, parse_sets
from sonodesk.sandbox.catalog import MODELS, MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID

NAMES = ["prompt", "duration", "seed", "numOutputs", "outputFormat", "audio", "sections",
         "instruments", "cutPoints", "bpm", "key", "loop", "x", "", " ", "a=b"]  # fmt: skip
VALUES = ["30", "-1", "1e999", "NaN", "Infinity", "true", "null", "[1,2]", '{"a":1}', "[" * 5000,
          "\x00", "é" * 300, "x" * 20_000, "0.5", "mp3", "wav", "", "=", '"quoted"']  # fmt: skip
SHALLOW = [value for value in VALUES if not value.startswith("[[")]
text = st.text(max_size=30)
assignments = (
    st.builds(
        lambda n, v: f"{n}={v}", st.sampled_from(NAMES) | text, st.sampled_from(VALUES) | text
    )
    | text
)
models = st.sampled_from([SFX_MODEL_ID, MUSIC_MODEL_ID, TOOLS_MODEL_ID, "", "..", "model_x", "a/b"])
CLI = settings(
    max_examples=60,
    deadline=20_000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _flags(draw: st.DrawFn, existing: Path) -> list[str]:
    flags: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["set", "file", "json", "junk", "bare"]))
        if kind == "set":
            flags += ["--set", draw(assignments)]
        elif kind == "file":
            path = draw(st.sampled_from([str(existing), "/nonexistent/x.wav", "~nobody/x", ""]))
            flags += ["--file", f"{draw(st.sampled_from(NAMES))}={path}"]
        elif kind == "json":
            flags.append("--json")
        elif kind == "junk":
            flags.append(draw(st.sampled_from(["--bogus", "--set", "--file", "-x", "--wait=3"])))
        else:
            flags.append(draw(text))
    return flags


@st.composite
def command_lines(draw: st.DrawFn, api_url: str, existing: Path) -> list[str]:
    # Always a subcommand: without one, `sonodesk` opens the window (and waits for it).
    head = ["--api-url", api_url]
    shape = draw(st.sampled_from(["generate", "generate", "generate", "jobs", "junk"]))
    if shape == "generate":
        return [*head, "generate", draw(models), *_flags(draw, existing)]
    if shape == "jobs":
        return [*head, "jobs", "--limit", draw(st.sampled_from(["5", "-1", "x", "99999999999"]))]
    command = draw(st.sampled_from(["generate", "jobs", "models", "nonsense"]))
    return [*head, command, *draw(st.lists(text, max_size=4))]


@CLI
@given(data=st.data())
def test_any_command_line_ends_cleanly(
    sandbox: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], quiet_logging: None, data: Any
) -> None:
    noise = tmp_path / "noise.wav"
    noise.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    argv = data.draw(command_lines(sandbox.api_url, noise))
    try:
        code = cli_main(argv)
    except SystemExit as exit_:  # argparse: usage and an "error:" line, code 2
        code = exit_.code
    out = capsys.readouterr()
    lines = out.err.strip().split("\n")
    assert "Traceback" not in out.err and "Traceback" not in out.out, out.err
    assert code in (0, 2, 3), (code, out.err)
    # (An argument holding a newline is echoed as given, so count messages, not lines.)
    if code == 2:
        assert sum(": error: " in line for line in lines) == 1, out.err
    if code == 3:
        errors = [line for line in lines if line.startswith("sonodesk: ")]
        assert len(errors) == 1 and len(errors[0]) < 2000, out.err


@settings(max_examples=200, deadline=1000)
@given(items=st.lists(assignments, max_size=6))
def test_set_arguments_parse_or_say_why(items: list[str]) -> None:
    try:
        params = parse_sets(items)
    except ParamError as exc:
        assert exc.message.startswith(("--set expects name=value", "A --set value is nested"))
        return
    assert all(isinstance(name, str) and name for name in params)


@settings(max_examples=200, deadline=1000)
@given(
    model=st.sampled_from(MODELS),
    params=st.dictionaries(st.sampled_from(NAMES) | text, st.sampled_from(SHALLOW).map(literal)),
)
def test_any_values_against_each_model_give_a_body_or_a_param_error(
    model: dict[str, Any], params: dict[str, Any]
) -> None:
    try:
        body, uploads = apply_schema(model["inputs"], model["uiConfig"], dict(params), {})
    except ParamError as exc:
        assert exc.message and len(exc.message) < 2000
        return
    assert uploads == {}
    assert set(body) <= {i["name"] for i in model["inputs"]}


def test_a_value_nested_thousands_deep_is_refused_in_one_line(
    sandbox: Any, capsys: pytest.CaptureFixture[str], quiet_logging: None
) -> None:
    code = cli_main(
        ["--api-url", sandbox.api_url, "generate", SFX_MODEL_ID, "--set", "prompt=" + "[" * 100_000]
    )
    assert code == 3
    assert (
        capsys.readouterr().err.strip() == "sonodesk: A --set value is nested too deeply to read."
    )


@pytest.mark.parametrize("model", ["", "..", "."])
def test_a_model_id_that_cannot_be_a_path_is_refused_in_one_line(
    sandbox: Any, capsys: pytest.CaptureFixture[str], quiet_logging: None, model: str
) -> None:
    code = cli_main(["--api-url", sandbox.api_url, "generate", model, "--set", "prompt=x"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 3
    assert err[-1] == (
        "sonodesk: Sonodesk could not send this request to Sandbox: an id or a value in it is "
        "not allowed."
    )
    assert sandbox.jobs() == []


def test_files_that_are_not_files(tmp_path: Path) -> None:
    (tmp_path / "dir.wav").mkdir()
    for value in (str(tmp_path / "dir.wav"), str(tmp_path / "missing.wav"), ""):
        with pytest.raises(ParamError, match=r"is not a file\.$"):
            parse_files([f"audio={value}"])
