"""틀린 답의 피드백은 무엇이 틀렸는지(모양, 부호, 어느 사례, 큰지 작은지) 말하되 답을 계산할 수 있는 수는 말하지
않습니다. 은행의 모든 문제에 선언된 틀린 답(``wrong``)을 넣어, 메시지와 사례 설명(``Case.note``)에서 그 사례의
기대값이나 비율("약 4배", "약 1/4")을 찾습니다. 학생이 이미 아는 것(문제 설명, 함수에 넘긴 인자, 학생 자신이
낸 값)에 들어 있는 글자는 새 정보가 아니므로 뺍니다."""

import os
import re

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bertlab.exercises.bank import available_lessons, load_problems  # noqa: E402
from bertlab.exercises.compare import mismatch  # noqa: E402
from bertlab.exercises.student import _safe_copy, describe_call  # noqa: E402
from bertlab.exercises.wording import short_repr  # noqa: E402

RATIO = re.compile(r"약\s*[\d.,]+\s*배|\d\s*/\s*\d+\s*(입니다|이|인)|[\d.]+\s*배(입니다|예요)")


def _code_problems():
    for lesson in available_lessons():
        for problem in load_problems(lesson):
            if problem.kind not in ("quiz", "open"):
                yield pytest.param(problem, id=f"lesson{lesson}-{problem.name}")


def _renderings(value) -> set[str]:
    """기대값을 메시지에 적을 때 나올 만한 글자들(짧은 것은 다른 말과 겹치므로 뺍니다)."""
    found: set[str] = set()
    if hasattr(value, "tolist") and hasattr(value, "shape"):
        if getattr(value, "numel", lambda: value.size)() <= 16:
            found |= _renderings(value.tolist())
        return found
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, int):
        found |= {str(value), f"{value:,}"}
    elif isinstance(value, float):
        found |= {f"{value:.6g}", f"{value:.4g}", f"{value:.3g}", repr(value)}
    elif isinstance(value, str):
        found.add(value)
    elif isinstance(value, (list, tuple)):
        found |= {str(value), repr(value), str(list(value))}
        for item in value:
            found |= _renderings(item)
    return {text for text in found if len(text) >= 3 and text not in ("0.0", "1.0", "-1.0")}


def _known(*things) -> str:
    return " ".join(f"{short_repr(t, 400)} {t!r} {t}" for t in things)


def _failing_row(problem, function, ctx):
    """채점기와 같은 순서로 사례를 돌려 처음 틀린 사례와 학생 결과(오류면 None)를 찾습니다."""
    for args, kwargs, expected, note in problem.all_cases(ctx):
        try:
            got = function(*[_safe_copy(a) for a in args], **kwargs)
        except Exception:  # noqa: BLE001
            return (args, kwargs, expected, note), None
        compare = problem.compare or (lambda a, e: mismatch(a, e, rtol=problem.rtol, atol=problem.atol))
        if compare(got, expected):
            return (args, kwargs, expected, note), got
    return None, None


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BERTLAB_DATA_DIR", str(tmp_path))


@pytest.mark.parametrize("problem", list(_code_problems()))
def test_wrong_answer_messages_do_not_give_the_answer_away(problem):
    ctx = problem.context()
    for code in problem.wrong:
        namespace = problem.run_answer(code, "틀린 답")
        outcome = problem.evaluate(namespace)
        text = " ".join([outcome.message, *outcome.details])
        assert not RATIO.search(text), f"비율로 답을 알려 줌: {text}"
        if problem.kind == "function":
            row, got = _failing_row(problem, namespace[problem.reads[0]], ctx)
            if row is None:
                continue
            args, kwargs, expected, _note = row
            known = _known(describe_call(problem.reads[0], args, kwargs), got, problem.prompt, *args)
            known += " ".join(_renderings(got))  # 학생 자신이 낸 값(우연히 다른 기대값과 같아도 새 정보가 아님)
        elif problem.kind in ("value", "tensor"):
            expected = problem.expected_values(ctx)
            known = _known(problem.prompt, *(namespace.get(name) for name in problem.reads))
        else:
            continue
        leaked = [shown for shown in _renderings(expected) if shown in text and shown not in known]
        assert not leaked, f"{text} ← 기대값 {leaked}"


@pytest.mark.parametrize("problem", [p for p in _code_problems() if p.values[0].kind == "function"])
def test_case_notes_do_not_spell_out_the_expected_value(problem):
    ctx = problem.context()
    for args, kwargs, expected, note in problem.all_cases(ctx):
        if not note:
            continue
        known = _known(describe_call(problem.reads[0], args, kwargs), problem.prompt, *args)
        leaked = [shown for shown in _renderings(expected) if shown in note and shown not in known]
        assert not leaked, f"사례 설명 {note!r}이 기대값 {leaked}을 말해 줍니다"
