"""레슨 03(WordPiece 토큰화)의 연습 문제: 탐욕적 최장 일치 우선 WordPiece를 직접 구현해 라이브러리와 맞추기.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("03")``
기대값은 손으로 적지 않고 라이브러리(``tokenizers``의 WordPiece 모델)가 같은 단어를 자른 결과입니다.
"""

from functools import lru_cache

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import PYTHON_ONLY, VOCAB_LOOKUP


@lru_cache(maxsize=1)
def _tokenizer():
    from bertlab.models import load

    return load("en-encoder").tokenizer


def _context():
    from bertlab.tokenization import FrozenVocab, sample_test_words

    tokenizer = _tokenizer()
    # 읽기 전용 어휘: 채점기가 사례마다 3만 개짜리 어휘를 복사·출력하지 않도록(학생 함수에는 dict처럼 보임)
    vocab = FrozenVocab(tokenizer.get_vocab())
    return {"tokenizer": tokenizer, "vocab": vocab, "test_words": sample_test_words(vocab, n=300, seed=3)}


def _library(word, vocab):
    """기대값: 라이브러리 WordPiece 모델의 결과(학생이 받은 vocab과 같은 어휘)."""
    from bertlab.tokenization import library_wordpiece

    return library_wordpiece(word, _tokenizer())


def _word_case(word, note=""):
    return Case(args=lambda ctx: (word, ctx["vocab"]), note=note)


def _random_word(rng, ctx):
    word, _kind = rng.choice(ctx["test_words"])
    return (word, ctx["vocab"])


def _random_sentence(rng, ctx):
    """어휘의 단어와 합성어로 지은 문장 -> (라이브러리가 자른 조각들,). 기대값은 원래 단어들."""
    words = [w for w, kind in ctx["test_words"] if kind in ("어휘에 있는 단어", "합성어", "지어낸 단어")]
    sentence = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
    return (ctx["tokenizer"].tokenize(sentence),)


WORDPIECE_SOLUTION = '''def wordpiece_tokenize(word, vocab):
    if len(word) > 100:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                found = candidate
                break
            end -= 1
        if found is None:
            return ["[UNK]"]
        pieces.append(found)
        start = end
    return pieces'''

SHORTEST_FIRST = WORDPIECE_SOLUTION.replace(
    "        end, found = len(word), None\n        while start < end:",
    "        end, found = start + 1, None\n        while end <= len(word):").replace(
    "            end -= 1", "            end += 1").replace("        start = end", "        start = end")
NO_PREFIX = WORDPIECE_SOLUTION.replace('"##" + word[start:end]', "word[start:end]")
PARTIAL_UNK = WORDPIECE_SOLUTION.replace(
    '        if found is None:\n            return ["[UNK]"]\n        pieces.append(found)\n        start = end',
    '        if found is None:\n            pieces.append("[UNK]")\n            start += 1\n            continue\n'
    '        pieces.append(found)\n        start = end')
NO_LENGTH_LIMIT = WORDPIECE_SOLUTION.replace('    if len(word) > 100:\n        return ["[UNK]"]\n', "")

MERGE_SOLUTION = '''def merge_wordpieces(pieces):
    words = []
    for piece in pieces:
        if piece.startswith("##") and words:
            words[-1] += piece[2:]
        else:
            words.append(piece)
    return words'''

PROBLEMS = [
    Function(
        name="wordpiece_tokenize",
        title="WordPiece 직접 구현하기",
        prompt="단어 하나(`word`)와 어휘(`vocab`, 토큰 -> ID 딕셔너리)를 받아 WordPiece 조각 리스트를 돌려주는 "
               "`wordpiece_tokenize(word, vocab)`를 완성하세요. 규칙: (1) 앞에서부터 어휘에 있는 **가장 긴** 조각을 "
               "고릅니다. (2) 단어 중간에서 시작하는 조각은 앞에 `##`를 붙여 찾습니다. (3) 어느 지점에서든 맞는 조각이 "
               "없으면 단어 **전체**를 `[\"[UNK]\"]`로 돌려줍니다. (4) 100글자보다 긴 단어도 `[\"[UNK]\"]`입니다. "
               "채점은 라이브러리가 자른 결과와 수백 개 단어(어휘의 단어, 합성어, 지어낸 단어, 모르는 글자가 섞인 "
               "단어, 100자 안팎의 긴 단어)에서 비교합니다.",
        reads="wordpiece_tokenize",
        setup=_context,
        reference_function=_library,
        cases=[
            _word_case("embeddings", "레슨의 예"),
            _word_case("rewriting", "레슨의 예"),
            _word_case("playing", "어휘에 통째로 있는 단어"),
            _word_case("unaffable", "긴 조각부터 줄여 가기"),
            _word_case("poole😀meaning", "모르는 글자(이모지)가 섞인 단어"),
            _word_case("Paris", "대문자 단어(어휘는 소문자)"),
            _word_case("ab" * 50, "정확히 100자: 자를 수 있음"),
            _word_case("ab" * 50 + "a", "101자: 100자보다 긴 단어"),
            _word_case("", "빈 단어"),
        ],
        random_inputs=_random_word,
        n_random=200,
        time_limit=5.0,
        hints=[
            "바깥 반복은 '아직 자르지 않은 부분의 시작 위치(start)'를, 안쪽 반복은 '후보의 끝 위치(end)'를 "
            "len(word)에서 하나씩 줄여 갑니다.",
            "후보 문자열은 start가 0이면 `word[start:end]`, 아니면 `\"##\" + word[start:end]`입니다. "
            "찾으면 조각을 더하고 start = end로 넘어갑니다.",
            "안쪽 반복이 끝날 때까지 못 찾았다면 지금까지 모은 조각을 버리고 `[\"[UNK]\"]`를 돌려주세요. "
            "맨 앞에서 `len(word) > 100`인지도 확인하세요.",
        ],
        solution=WORDPIECE_SOLUTION,
        wrong=[SHORTEST_FIRST, NO_PREFIX, PARTIAL_UNK, NO_LENGTH_LIMIT],
        allows=VOCAB_LOOKUP,
        delegating=["from bertlab.tokenization import wordpiece_word\n\n"
                    "def wordpiece_tokenize(word, vocab):\n    return wordpiece_word(word, vocab)",
                    "def wordpiece_tokenize(word, vocab):\n"
                    "    return [piece.value for piece in tokenizer.backend_tokenizer.model.tokenize(word)]"],
        blank="def wordpiece_tokenize(word, vocab):\n    pieces = []\n    # 여기에 구현하세요\n    return ____",
        explanation="google-research/bert의 `WordpieceTokenizer`와 Hugging Face `tokenizers`의 WordPiece 모델이 "
                    "정확히 이 방식입니다. 가장 긴 조각부터 시도하므로 어휘에 `playing`이 있으면 `play ##ing`으로 "
                    "자르지 않습니다. 조각 하나라도 못 찾으면 단어 전체가 [UNK]이 되는 점이 BPE·SentencePiece와 다릅니다.",
    ),
    Function(
        name="merge_wordpieces",
        title="조각을 다시 단어로",
        prompt="WordPiece 조각 리스트를 받아 원래 단어 리스트로 되돌리는 `merge_wordpieces(pieces)`를 완성하세요. "
               "`##`로 시작하는 조각은 앞 단어에 `##`를 뗀 채로 이어 붙이고, 나머지 조각은 새 단어를 시작합니다. "
               "예: `['em', '##bed', '##ding', '##s', 'are', 'fun']` -> `['embeddings', 'are', 'fun']`.",
        reads="merge_wordpieces",
        setup=_context,
        cases=[
            Case((["em", "##bed", "##ding", "##s", "are", "fun"],), ["embeddings", "are", "fun"]),
            Case((["re", "##writing"],), ["rewriting"]),
            Case((["[CLS]", "i", "love", "paris", "[SEP]"],), ["[CLS]", "i", "love", "paris", "[SEP]"],
                 note="특수 토큰은 그대로"),
            Case(([],), [], note="빈 리스트"),
        ],
        random_inputs=_random_sentence,
        n_random=30,
        hints=["결과 리스트를 만들며 조각을 하나씩 봅니다. `piece.startswith(\"##\")`로 이어지는 조각을 가려냅니다.",
               "이어지는 조각이면 `words[-1] += piece[2:]`, 아니면 `words.append(piece)`."],
        solution=MERGE_SOLUTION,
        wrong=["def merge_wordpieces(pieces):\n    return [p.replace('##', '') for p in pieces]",
               "def merge_wordpieces(pieces):\n    return ''.join(p.replace('##', ' ') for p in pieces).split()"],
        blank="def merge_wordpieces(pieces):\n    words = []\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["from bertlab.tokenization import merge_pieces as merge\n\n"
                    "def merge_wordpieces(pieces):\n    return merge(pieces)",
                    "def merge_wordpieces(pieces):\n    return tokenizer.convert_tokens_to_string(pieces).split()"],
        explanation="`##`는 '이 조각은 앞 조각에 붙어 있던 것'이라는 표시입니다. 그래서 WordPiece는 공백 정보를 "
                    "잃지 않고 원래 단어로 되돌릴 수 있습니다(정규화로 바뀐 대소문자·악센트는 제외).",
    ),
    Quiz(
        name="unknown_character",
        title="모르는 글자가 하나 섞이면",
        prompt="BERT의 WordPiece 토크나이저에 `poole😀meaning`처럼 어휘에 없는 글자(😀)가 하나 섞인 단어를 넣으면 "
               "결과는 무엇입니까?",
        reads="answer_unknown",
        choices=["`poole`, `[UNK]`, `##meaning`처럼 그 글자만 [UNK]이 된다",
                 "단어 전체가 `[UNK]` 하나가 된다",
                 "모르는 글자를 건너뛰고 `poole ##mean ##ing`만 남는다",
                 "오류가 나서 토큰화가 멈춘다"],
        answer=2,
        feedback={1: "SentencePiece 계열이나 음절 토크나이저는 그렇게 합니다. WordPiece는 단어 단위로 포기합니다.",
                  3: "글자를 조용히 버리지는 않습니다. 버린다면 원문을 되살릴 수 없겠지요.",
                  4: "오류 대신 [UNK] 토큰을 씁니다."},
        hints=["앞에서 만든 `wordpiece_tokenize`에서 `found is None`일 때 무엇을 돌려주었나요?"],
        explanation="WordPiece는 어느 지점에서든 맞는 조각을 못 찾으면 단어 전체를 [UNK]로 바꿉니다. 그래서 한국어처럼 "
                    "글자 종류가 많은 언어에서 작은 어휘로 학습하면 드문 음절 하나 때문에 어절 전체가 사라집니다.",
    ),
    Quiz(
        name="kortok_korquad",
        title="kortok 논문 읽기",
        prompt="Park et al.(2020, kortok)은 토큰화 전략마다 BERT-Base를 따로 사전 훈련해 비교했습니다. 위의 표에서 "
               "KorQuAD(질의응답)에 가장 좋았던 전략은 무엇입니까?",
        reads="answer_korquad",
        choices=["음절(syllable)", "형태소(MeCab-ko)", "서브워드(BPE만)", "형태소 인식 서브워드(MeCab-ko 다음 BPE)"],
        answer=3,
        feedback={1: "음절 토크나이저는 생각보다 선전했지만 KorQuAD에서 가장 좋지는 않았습니다.",
                  2: "형태소(MeCab-ko)만 쓴 전략은 KorQuAD에서 BPE 서브워드보다 낮았습니다. 어휘 밖 토큰 비율도 가장 높았습니다.",
                  4: "형태소 인식 서브워드는 KorNLI, KorSTS, NSMC, PAWS-X에서 가장 좋았지만 KorQuAD는 예외였습니다."},
        hints=["표의 KorQuAD EM / F1 열에서 가장 큰 값을 찾아보세요. 다른 과제에서 1등인 전략과 같나요?"],
        explanation="논문 초록: 형태소 분석 뒤 BPE를 적용한 혼합 방식이 번역과 KorNLI, KorSTS, NSMC, PAWS-X에서 가장 "
                    "좋았고, KorQuAD에서는 BPE만 쓴 서브워드가 가장 좋았습니다. 한 전략이 모든 과제에서 이기지는 않으므로, "
                    "토큰화도 과제에 맞춰 고르고 실험으로 확인해야 합니다.",
    ),
    Quiz(
        name="resize_to",
        title="임베딩 행렬은 몇 행으로?",
        prompt="`tokenizer.add_tokens([...])`로 새 토큰을 더했습니다. `model.resize_token_embeddings(n)`의 `n`에 "
               "무엇을 넣어야 새 토큰이 모두 임베딩 행을 갖습니까?",
        reads="answer_resize",
        choices=["`tokenizer.vocab_size`", "`model.config.vocab_size`", "`len(new_tokens)`", "`len(tokenizer)`"],
        answer=4,
        feedback={1: "`vocab_size`는 원래 어휘 크기라서 더한 토큰이 빠집니다. 새 ID는 행렬 밖을 가리키게 됩니다.",
                  2: "모델 설정의 어휘 크기는 아직 옛 크기입니다. 그대로 두면 아무것도 늘지 않습니다.",
                  3: "행렬 전체의 행 수를 넘겨야 합니다. 더한 개수만 넘기면 행렬이 몇 행으로 줄어듭니다."},
        hints=["레슨에서 `tokenizer.vocab_size`와 `len(tokenizer)`를 나란히 출력한 셀을 보세요."],
        explanation="`len(tokenizer)`는 원래 어휘에 더한 토큰까지 센 크기이고, 새 토큰의 ID는 그 범위 안에 있습니다.",
    ),
]
