"""'직접 구현해 보세요' 문제의 추적: 허용 목록 밖의 것은 어떤 이름·어떤 길로 불러도 무엇을 불렀는지 말하는
한국어 오답이 되고, 채점기 자신의 계산은 판정하지 않으며, 추적을 위해 건 것은 어떤 결과로 끝나도 되돌려집니다."""

import sys

import pytest

from bertlab.exercises import Case, Custom, Function, Tensor, Value, lesson_exercises, register_bank, unregister_bank
from bertlab.exercises.allowed import Allow
from bertlab.exercises.bank.families import NUMPY_MATH, PYTHON_ONLY, SOFTMAX_MATH, TENSOR_MATH
from bertlab.exercises.tracing import _ACTIVE

torch = pytest.importorskip("torch")
F = torch.nn.functional
SAYS = "직접 구현해 보세요"


def _ctx():
    return {"torch": torch, "F": F}


def _vector(rng, ctx):
    return (torch.tensor([rng.uniform(-3, 3) for _ in range(rng.randint(2, 6))]),)


SOFTMAX = Function(
    name="sm", title="소프트맥스", reads="sm", setup=_ctx, allows=TENSOR_MATH, random_inputs=_vector, hints=["exp"],
    solution="def sm(z):\n    e = torch.exp(z - z.max())\n    return e / e.sum()",
    wrong=["def sm(z):\n    return torch.exp(z)"],
)


def _evaluate(code, problem=SOFTMAX):
    return problem.evaluate(problem.run_answer(code))


def _refused(outcome, called=None):
    said = outcome.status == "incorrect" and SAYS in outcome.message and "불렀습니다" in outcome.message
    return said and (called is None or f"`{called}`" in outcome.message)


@pytest.mark.parametrize("code, called", [
    ("def sm(z):\n    return torch.softmax(z, 0)", "torch.softmax"),
    ("def sm(z):\n    return F.softmax(z, dim=0)", "torch.nn.functional.softmax"),
    ("def sm(z):\n    return z.softmax(0)", "Tensor.softmax"),
    ("def sm(z):\n    return torch.special.softmax(z, 0)", "torch.special.softmax"),
    ("def sm(z):\n    return torch._softmax(z, 0, False)", "torch._softmax"),
    ("def sm(z):\n    return torch.ops.aten.softmax(z, 0)", None),
    ("def sm(z):\n    return torch.log_softmax(z, 0).exp()", "torch.log_softmax"),
    ("import functools\nsm = functools.partial(torch.softmax, dim=0)", "torch.softmax"),       # 답이 partial
    ("sm = lambda z: getattr(torch, 'soft' + 'max')(z, 0)", "torch.softmax"),                   # getattr + 람다
    ("def sm(z):\n    return torch.nn.Softmax(dim=0)(z)", None),                                  # 클래스
    ("def sm(z):\n    return torch.distributions.Categorical(logits=z).probs", None),              # 분포
    ("import scipy.special\ndef sm(z):\n    return torch.tensor(scipy.special.softmax(z.tolist()), dtype=z.dtype)",
     None),                                                                                        # 다른 라이브러리
    ("def sm(z):\n    with torch._C.DisableTorchFunction():\n        return torch.softmax(z, 0)", None),
    ("def sm(z, f=torch.softmax):\n    return f(z, 0)", "torch.softmax"),                          # 기본값에 숨김
    ("def helper(z):\n    return torch.softmax(z, 0)\ndef sm(z):\n    return helper(z)", "torch.softmax"),
])
def test_every_route_to_a_library_softmax_is_refused_and_named(code, called):
    outcome = _evaluate(code)
    assert _refused(outcome, called), f"{outcome.status}: {outcome.message}"
    assert any("쓸 수 있는 것" in d for d in outcome.details), outcome.details
    assert _evaluate(SOFTMAX.solution).status == "correct"


def test_an_alias_of_a_course_helper_and_private_names_are_refused():
    from bertlab.exercises.bank.lesson10 import POOL_CASES, _random_batch

    pool = Function(name="pool", title="풀링", reads="pool", setup=_ctx, allows=TENSOR_MATH, cases=POOL_CASES,
                    random_inputs=_random_batch, solution="def pool(h, m):\n    w = m.unsqueeze(-1).float()\n"
                    "    return (h * w).sum(1) / w.sum(1)", wrong=["def pool(h, m):\n    return h.mean(1)"])
    alias = "from bertlab.embeddings import mean_pool\npool = mean_pool"
    assert _refused(_evaluate(alias, pool), "bertlab.embeddings.features.mean_pool")
    private = ("from bertlab.embeddings.features import _as_tensors\n"
               "def pool(h, m):\n    h, m = _as_tensors(h, m)\n    w = m.unsqueeze(-1).float()\n"
               "    return (h * w).sum(1) / w.sum(1)")
    assert _refused(_evaluate(private, pool), "bertlab.embeddings.features._as_tensors")
    assert _evaluate(pool.solution, pool).status == "correct"


def test_swallowing_the_refusal_does_not_help():
    code = ("def sm(z):\n    try:\n        return torch.softmax(z, 0)\n    except BaseException:\n"
            "        e = torch.exp(z - z.max())\n        return e / e.sum()")
    assert _refused(_evaluate(code), "torch.softmax")


def test_the_checkers_own_calls_and_allowed_functions_internals_are_not_judged():
    def rule(answers, ctx):  # 채점 규칙은 허용 목록 밖(softmax)을 써도 됩니다(이 테스트 파일에 정의했어도)
        z = torch.tensor([1.0, 2.0, 3.0])
        return None if torch.allclose(answers["sm"](z), torch.softmax(z, 0)) else "다름"

    custom = Custom(name="c", title="규칙", reads="sm", setup=_ctx, rule=rule, allows=TENSOR_MATH,
                    solution=SOFTMAX.solution, wrong=SOFTMAX.wrong)
    assert _evaluate(SOFTMAX.solution, custom).status == "correct"
    # 허용된 F.layer_norm이 속에서 부르는 torch 연산은 판정하지 않습니다.
    allowed = Function(name="sm", title="정규화", reads="sm", setup=_ctx, allows=TENSOR_MATH | Allow.torch_ops(
        "layer_norm"), random_inputs=_vector, solution="def sm(z):\n    return F.layer_norm(z, z.shape)",
        wrong=["def sm(z):\n    return z"])
    assert _evaluate(allowed.solution, allowed).status == "correct"


def test_a_forbidden_function_handed_to_an_allowed_function_is_judged():
    problem = Function(name="rows", title="행 평균", reads="row_means", allows=NUMPY_MATH,
                       setup=lambda: {"np": __import__("numpy")},
                       cases=[Case(([[1.0, 2.0], [3.0, 5.0]],), [1.5, 4.0])],
                       solution="def row_means(m):\n    return [float(x) for x in np.asarray(m).mean(axis=1)]",
                       wrong=["def row_means(m):\n    return [0.0, 0.0]"])
    sneaky = ("import statistics\ndef row_means(m):\n"
              "    return [float(x) for x in np.vectorize(statistics.fmean, signature='(n)->()')(np.asarray(m))]")
    assert _refused(_evaluate(sneaky, problem), "statistics.fmean")
    assert _evaluate(problem.solution, problem).status == "correct"


def test_exec_of_copied_code_is_refused():
    code = "exec('def sm(z):\\n    return torch.softmax(z, 0)')"  # 학생 파일이 아닌 코드(<string>)의 함수
    assert _refused(_evaluate(code))
    in_function = "def sm(z):\n    exec('r = torch.softmax(z, 0)')\n    return z"
    assert _refused(_evaluate(in_function), "exec")


def _rows(n, rng, ctx):
    g = torch.Generator().manual_seed(rng.randint(0, 99))
    return (torch.randn(4, generator=g), torch.randn(n, 4, generator=g), 2)


SEARCH = Function(
    name="search", title="검색", reads="top", setup=_ctx, allows=TENSOR_MATH, rows=_rows,
    random_inputs=lambda rng, ctx: _rows(rng.randint(3, 6), rng, ctx),
    solution="def top(q, m, k):\n    s = (m / m.norm(dim=-1, keepdim=True)) @ (q / q.norm())\n"
             "    best = torch.topk(s, k)\n    return best.values, best.indices",
    wrong=["def top(q, m, k):\n    best = torch.topk(m @ q, k)\n    return best.values, best.indices"],
)


@pytest.mark.parametrize("code", [
    "def top(q, m, k):\n    u = q / q.norm()\n"
    "    s = torch.stack([(row / row.norm()) @ u for row in m])\n"
    "    best = torch.topk(s, k)\n    return best.values, best.indices",
    "import math\ndef top(q, m, k):\n    qs = q.tolist()\n    nq = math.sqrt(sum(x * x for x in qs))\n"
    "    scores = []\n    for row in m.tolist():\n"
    "        scores.append(sum(a * b for a, b in zip(row, qs)) / (math.sqrt(sum(a * a for a in row)) * nq))\n"
    "    best = torch.topk(torch.tensor(scores), k)\n    return best.values, best.indices",
])
def test_a_per_row_loop_is_refused_where_the_prompt_asks_for_one_matrix_product(code):
    outcome = _evaluate(code, SEARCH)
    assert outcome.status == "incorrect" and "행마다 도는 반복" in outcome.message, outcome.message
    assert _evaluate(SEARCH.solution, SEARCH).status == "correct"


@pytest.mark.parametrize("code", [
    SOFTMAX.solution,
    SOFTMAX.wrong[0],
    "def sm(z):\n    torch.softmax(z, 0)\n    raise ValueError('학생 오류')",
    "def sm(z):\n    while True:\n        pass",
    "def sm(z):\n    raise ValueError('학생 오류')",
    "sm = ____",
])
def test_everything_is_restored_after_any_outcome(code):
    calls = []

    def earlier_profile(frame, event, arg):  # 원래 걸려 있던 profile 함수(디버거 등)
        calls.append(event)

    depth = torch._C._len_torch_function_stack()
    tracer = sys.gettrace()
    sys.setprofile(earlier_profile)
    try:
        _evaluate(code)
        assert sys.getprofile() is earlier_profile
    finally:
        sys.setprofile(None)
    assert torch._C._len_torch_function_stack() == depth and sys.gettrace() is tracer and not _ACTIVE
    assert torch.softmax(torch.zeros(2), 0).tolist() == [0.5, 0.5]


def test_value_answers_are_replayed_from_the_code_that_made_them():
    total = Value(name="total", title="합", reads="total", expected=6, allows=PYTHON_ONLY.but_not("builtins.sum"),
                  solution="total = 1 + 2 + 3", wrong=["total = 5"])
    assert _refused(_evaluate("numbers = [1, 2, 3]\ntotal = sum(numbers)", total), "sum")
    assert _refused(_evaluate("add = sum\nnumbers = [1, 2, 3]\ntotal = add(numbers)", total), "sum")
    checked = "total = 1 + 2 + 3\nprint(sum([1, 2, 3]) == total)"  # 확인용 print는 답에 흘러들지 않음
    assert _evaluate(checked, total).status == "correct"
    found = total.evaluate({"total": 6})  # 답을 만든 코드를 모르면 믿지 않습니다
    assert found.status == "incorrect" and "찾지 못해" in found.message


def test_tensor_answer_made_by_calling_a_model_is_refused():
    problem = Tensor(name="y", title="선형", reads="y", setup=lambda: {"torch": torch, "layer": torch.nn.Linear(2, 2)},
                     expected=lambda ctx: ctx["layer"](torch.ones(2)).detach(), allows=TENSOR_MATH,
                     solution="y = (layer.weight @ torch.ones(2) + layer.bias).detach()", wrong=["y = torch.ones(2)"])
    assert _evaluate(problem.solution, problem).status == "correct"
    assert _refused(_evaluate("y = layer(torch.ones(2)).detach()", problem), "Linear(...)")


def test_an_always_equal_object_is_not_a_correct_answer():
    text = Function(name="t", title="글", reads="t", allows=PYTHON_ONLY, cases=[Case(("가나",), "가나다")],
                    solution="def t(s):\n    return s + '다'", wrong=["def t(s):\n    return s"])
    sneaky = "class Any(str):\n    def __eq__(self, other):\n        return True\ndef t(s):\n    return Any('x')"
    outcome = _evaluate(sneaky, text)
    assert outcome.status == "incorrect" and "자료형" in outcome.message, outcome.message


def _check_outputs(cells, capsys) -> list[str]:
    """IPython 셸에서 셀들을 기록과 함께 차례로 실행하고, ``.check()`` 셀마다 찍힌 출력을 모읍니다."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    checks = []
    try:
        for code in cells:
            shell.run_cell(code, store_history=True)
            if code.endswith(".check()"):
                checks.append(capsys.readouterr().out)
    finally:
        InteractiveShell.clear_instance()
    return checks


def test_live_check_traces_functions_and_replays_value_cells(capsys):
    total = Value(name="total", title="합", reads="total", expected=6, allows=PYTHON_ONLY.but_not("builtins.sum"),
                  solution="total = 1 + 2 + 3", wrong=["total = 5"])
    register_bank("t8", [total, SOFTMAX])
    cells = ["from bertlab.exercises import lesson_exercises\nq1, q2 = lesson_exercises('t8')\nimport torch",
             "part = sum([1, 2])", "total = part + 3", "q1.check()",                         # 앞 셀로 숨긴 sum
             "part = 1 + 2", "total = part + 3\nprint(total == sum([1, 2, 3]))", "q1.check()",
             "def sm(z):\n    return torch.special.softmax(z, 0)", "q2.check()",
             "def sm(z):\n    e = torch.exp(z - z.max())\n    return e / e.sum()", "q2.check()",
             "total = 5", "globals()['total'] = sum([1, 2, 3])", "q1.check()"]                 # 셀 없이 바꾼 값
    try:
        checks = _check_outputs(cells, capsys)
    finally:
        unregister_bank("t8")
    assert "답이 `sum`을 불렀습니다" in checks[0] and "[정답]" in checks[1], checks
    assert "`torch.special.softmax`" in checks[2] and "[정답]" in checks[3], checks
    assert "같은 값이 나오지 않습니다" in checks[4], checks


def test_lesson_cells_that_build_the_given_inputs_are_trusted_but_student_cells_are_replayed(capsys):
    """레슨 04처럼 레슨 셀이 모델·입력·표를 만들고 학생이 그것으로 답을 계산할 때: 문제가 준 것과 같은 값은
    거슬러 올라가지 않고(토크나이저·모델을 부르는 레슨 셀), 학생이 앞 셀에서 계산해 둔 값은 다시 실행합니다."""
    cells = ["from bertlab.exercises import lesson_exercises\nq1, q2, q3, q4, q5, q6 = lesson_exercises('04')",
             "import torch\nfrom bertlab.models import load\nmodel, tokenizer = load('en-encoder')\nemb = model.embeddings",
             "word_table = emb.word_embeddings.weight.detach()\nposition_table = emb.position_embeddings.weight.detach()\n"
             "segment_table = emb.token_type_embeddings.weight.detach()",
             "batch = tokenizer('The cat sat on the mat.', 'It looked very happy.', padding='max_length', max_length=16,\n"
             "                  return_tensors='pt')",
             "positions = torch.arange(batch['input_ids'].shape[1])",
             "summed = word_table[batch['input_ids']] + position_table[positions] + segment_table[batch['token_type_ids']]",
             "q3.check()",
             "with torch.no_grad():\n    looked_up = emb.word_embeddings(batch['input_ids'])      # 모듈에 맡김",
             "summed = looked_up + position_table[positions] + segment_table[batch['token_type_ids']]",
             "q3.check()"]
    checks = _check_outputs(cells, capsys)
    assert "[정답]" in checks[0], checks[0]
    assert "`Embedding(...)`" in checks[1] and "직접 구현해 보세요" in checks[1], checks[1]


def _lesson_cell(lesson, *marks):
    """레슨 원본의 코드 셀 하나(고치지 않은 셀이어야 믿으므로 글자 그대로 가져옵니다)."""
    from bertlab.exercises.lesson_cells import lesson_cells

    found = [cell for cell in lesson_cells(lesson) if all(mark in cell for mark in marks)]
    assert len(found) == 1, (marks, len(found))
    return found[0]


def test_unchanged_lesson_cells_are_trusted_as_inputs_but_not_as_results(capsys):
    """레슨 01을 실제 레슨 셀 그대로 실행: ``load()`` 결과(english)는 입력으로 믿고(다시 실행하면 load를 부름),
    레슨 셀이 강의 함수로 이미 계산해 둔 결과(comparison, money)나 답과 같은 값은 그 셀까지 다시 실행해 막습니다.
    학생이 고친 레슨 셀은 믿지 않습니다."""
    from IPython.core.interactiveshell import InteractiveShell

    from bertlab.exercises.bank.lesson01 import SIMILARITY_SOLUTION

    setup = [_lesson_cell("01", 'english = load("en-encoder")'), _lesson_cell("01", "money = word_in_context("),
             _lesson_cell("01", "comparison = compare_contexts("),
             "from bertlab.exercises import lesson_exercises\nq1, q2, q3, q4, q5 = lesson_exercises('01')",
             _lesson_cell("01", "en_model, en_tokenizer = english")]
    by_bundle = SIMILARITY_SOLUTION.replace("en_tokenizer(", "english.tokenizer(").replace("en_model", "english.model")
    answers = {
        "solution": SIMILARITY_SOLUTION,
        "bundle": by_bundle,
        "comparison": "static_similarity = float(comparison.static_similarity[0, 2])\n"
                      "contextual_similarity = float(comparison.contextual_similarity[0, 2])",
        "word_in_context": "static_similarity = (money.static @ river.static / (money.static.norm() * "
                           "river.static.norm())).item()\ncontextual_similarity = (money.contextual @ river.contextual "
                           "/ (money.contextual.norm() * river.contextual.norm())).item()",
        "copied_value": SIMILARITY_SOLUTION.replace("static_similarity =", "copied_static =").replace(
            "contextual_similarity =", "copied_contextual =") + "\nprint(copied_static)",
    }
    shell = InteractiveShell.instance()
    checks = {}
    try:
        for code in setup:
            assert shell.run_cell(code, store_history=True).success, code
        capsys.readouterr()
        for label, code in answers.items():
            shell.run_cell(code, store_history=True)
            if label == "copied_value":     # 계산을 앞 셀(학생 셀)에 두고 옮기기만: 그 셀도 다시 실행됩니다
                shell.run_cell("static_similarity = copied_static\ncontextual_similarity = copied_contextual",
                               store_history=True)
            shell.run_cell("q2.check()", store_history=True)
            checks[label] = capsys.readouterr().out
        edited = setup[1].replace("money = word_in_context", "money  = word_in_context")   # 고친 레슨 셀
        shell.run_cell(edited + "\nx = 1", store_history=True)
        shell.run_cell("table = en_model.get_input_embeddings().weight\nstatic_similarity = float(money.static @ "
                       "river.static / (money.static.norm() * river.static.norm()))", store_history=True)
        shell.run_cell("q2.check()", store_history=True)
        checks["edited"] = capsys.readouterr().out
    finally:
        InteractiveShell.clear_instance()
    assert "[정답]" in checks["solution"] and "[정답]" in checks["bundle"], (checks["solution"], checks["bundle"])
    assert "[정답]" in checks["copied_value"], checks["copied_value"]
    assert "`bertlab.embeddings" in checks["comparison"] and SAYS in checks["comparison"], checks["comparison"]
    assert "`bertlab.embeddings" in checks["word_in_context"] and SAYS in checks["word_in_context"], checks
    assert "`bertlab.embeddings" in checks["edited"] and SAYS in checks["edited"], checks["edited"]


def test_a_lesson_value_equal_to_the_answer_is_not_trusted():
    from bertlab.exercises.problems import _near_answer
    from bertlab.exercises.lesson_cells import lesson_cells, lesson_input

    assert any("hidden_0 = model(**batch" in cell for cell in lesson_cells("04"))     # 레슨 04의 비교용 값
    answer = torch.arange(6.0).reshape(1, 2, 3)
    namespace = {"hidden_0": answer.clone(), "nudged": answer + 1e-4, "batch": {"input_ids": torch.ones(1, 2)},
                 "other": answer + 1}
    for name, trusted in [("hidden_0", False), ("nudged", False), ("batch", True), ("other", True)]:
        assert lesson_input(name, namespace, {}, {"rebuilt": answer}, _near_answer) is trusted, name
    assert lesson_cells("99") == frozenset() and not any("____" in cell for cell in lesson_cells("04"))


def test_allow_lists_combine_and_deny_exact_names():
    allow = Allow.of("builtins.*", "math.sqrt", says="가") | Allow.torch_ops("exp", says="나")
    assert allow.permits("builtins.len") and allow.permits("math.sqrt") and allow.permits("torch.exp")
    assert not allow.permits("math.log") and not allow.permits("torch.softmax")
    assert not allow.but_not("builtins.sum").permits("builtins.sum") and allow.description() == "가, 나"
    assert not PYTHON_ONLY.permits("builtins.exec") and not SOFTMAX_MATH.permits("torch.special_softmax")
