"""레슨 17(한국어 BERT 모델들)의 연습 문제: 조각과 [UNK] 세기, KoBERT 조각을 모델 ID로, 자모 분해, 모델 고르기, 점수표 읽기.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("17")``
문제 번호는 레슨에 나오는 순서입니다(q1 자모 분해, q2 KoBERT 조각을 모델 ID로, q3 조각과 [UNK] 세기, q4 점수표
읽기, q5 모델 고르기). q3의 기대값은 해답 코드가 아니라 강의의 위젯이 쓰는 계산(``tokenize_for_display`` +
``piece_stats``)이고, q2의 기대값은 패키지에 든 KoBERT 토크나이저가 같은 문장에 매긴 ID입니다.
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import KOBERT_LOOKUP, PIECE_COUNTING


def _context():
    """다섯 토크나이저, KoBERT의 SentencePiece 처리기와 어휘, 채점 문장(채점 틀이 프로세스마다 한 번 부름)."""
    import json

    import sentencepiece

    from bertlab.datasets import load_study_sentences
    from bertlab.models import offline_dir
    from bertlab.tokenization import EXAMPLES, korean_model_tokenizers

    tokenizers, _notes = korean_model_tokenizers()
    folder = offline_dir("kobert-files")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(next(folder.glob("*.model"))))
    vocab = json.loads(next(folder.glob("*vocab*.json")).read_text(encoding="utf-8"))["token_to_idx"]
    sentences = [s for texts in load_study_sentences().values() for s in texts[:40]] + list(EXAMPLES.values())
    return {"tokenizers": tokenizers, "sp": sp, "kobert_vocab": vocab, "sentences": sentences}


def _count_reference(text, tokenizer):
    """기대값: 위젯의 계산(특수 토큰을 뺀 조각 수와 [UNK] 수)."""
    from bertlab.tokenization import piece_stats, tokenize_for_display

    stats = piece_stats(tokenize_for_display(text, tokenizer, add_special_tokens=False))
    return (stats.pieces, stats.unknown)


def _count_case(text, model, note=""):
    return Case(args=lambda ctx: (text, ctx["tokenizers"][model]), note=f"{model}: {note}" if note else model)


def _random_count(rng, ctx):
    return (rng.choice(ctx["sentences"]), ctx["tokenizers"][rng.choice(sorted(ctx["tokenizers"]))])


def _kobert_reference(pieces, vocab):
    """기대값: 패키지에 든 KoBERT 파일(학생이 받는 것과 같은 gluonnlp 어휘)로 만든 토크나이저가 주는 ID."""
    from bertlab.models import load_tokenizer, offline_dir

    shipped = load_tokenizer("kobert-tokenizer", source=str(offline_dir("kobert-files")))
    return shipped.convert_tokens_to_ids(list(pieces))


def _pieces_case(text, note):
    return Case(args=lambda ctx: (ctx["sp"].encode(text, out_type=str), ctx["kobert_vocab"]), note=note)


def _random_pieces(rng, ctx):
    return (ctx["sp"].encode(rng.choice(ctx["sentences"]), out_type=str), ctx["kobert_vocab"])


COUNT_SOLUTION = '''def count_pieces(text, tokenizer):
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    unknown = sum(token_id == tokenizer.unk_token_id for token_id in ids)
    return (len(ids), unknown)'''

KOBERT_SOLUTION = '''def kobert_ids(pieces, vocab):
    unk = vocab["[UNK]"]
    return [vocab.get(piece, unk) for piece in pieces]'''

COUNT_DELEGATING = [
    "from bertlab.tokenization import piece_stats, tokenize_for_display\n"
    "def count_pieces(text, tokenizer):\n"
    "    stats = piece_stats(tokenize_for_display(text, tokenizer, add_special_tokens=False))\n"
    "    return (stats.pieces, stats.unknown)",
]
KOBERT_DELEGATING = [
    "from bertlab.models import load_tokenizer\n"
    "def kobert_ids(pieces, vocab):\n"
    "    return load_tokenizer(\"kobert-tokenizer\").convert_tokens_to_ids(list(pieces))",
]

PROBLEMS = [
    Quiz(
        name="jamo_split",
        title="한글이 자모로 쪼개지는 까닭",
        prompt="KLUE-BERT의 어휘 파일(vocab.txt)을 `do_lower_case=True`(uncased 설정)로 불러오면 '한국어'가 자모 조각이나 "
               "[UNK]이 됩니다. 까닭으로 가장 알맞은 것은 무엇입니까?",
        reads="answer_jamo",
        choices=["소문자화가 한글 음절을 대문자와 소문자로 나누기 때문",
                 "KLUE-BERT 어휘에 한글 음절이 하나도 없기 때문",
                 "소문자화와 함께 켜지는 악센트 제거가 유니코드 NFD 분해를 쓰는데, NFD가 한글 음절을 초성·중성·종성 자모로 나누기 때문",
                 "WordPiece가 세 글자보다 긴 단어를 [UNK]로 바꾸기 때문"],
        answer=3,
        feedback={1: "한글에는 대문자·소문자가 없습니다. 소문자화 자체는 한글을 바꾸지 않습니다.",
                  2: "어휘에는 '한국어' 같은 한글 조각이 많습니다. 문제는 어휘가 아니라 어휘를 찾기 전의 정규화입니다.",
                  4: "[UNK]이 되는 길이 제한은 100글자입니다(레슨 03). '한국어'는 세 글자입니다."},
        hints=["레슨 03의 3절에서 uncased 토크나이저에 '한국어'를 넣었을 때 정규화 뒤 글자 수가 몇이 되었는지 떠올려 보세요."],
        explanation="악센트 제거는 글자를 NFD로 분해한 뒤 결합 부호를 지웁니다. NFD는 '한'을 'ᄒ'+'ᅡ'+'ᆫ'으로 나누고, 자모는 "
                    "결합 부호가 아니라 지워지지 않은 채 남습니다. 어휘에는 그런 자모 조합이 없으니 조각이 잘게 깨지거나 "
                    "[UNK]이 됩니다. 한국어 모델은 모두 cased(`do_lower_case=False`)로 불러야 합니다.",
    ),
    Function(
        name="kobert_ids",
        title="KoBERT 조각을 모델 ID로",
        prompt="KoBERT의 SentencePiece 모델은 조각 번호를 따로 매기므로 조각을 **문자열로** 받아 모델의 어휘로 ID를 찾아야 "
               "합니다. SentencePiece 조각 목록 `pieces`(예: `['▁한국', '어', '▁모델', ...]`)와 KoBERT 어휘 `vocab`(토큰 -> "
               "ID 딕셔너리)을 받아 모델 ID 목록을 돌려주는 `kobert_ids(pieces, vocab)`를 완성하세요. 어휘에 없는 조각은 "
               "`vocab[\"[UNK]\"]`입니다.",
        reads="kobert_ids",
        setup=_context,
        reference_function=_kobert_reference,
        cases=[
            _pieces_case("한국어 모델을 공유합니다.", "KoBERT README의 예문"),
            _pieces_case("오늘 날씨 최고😍 漢字", "모르는 글자는 [UNK]"),
            _pieces_case("", "빈 문장: 빈 목록"),
        ],
        random_inputs=_random_pieces,
        n_random=30,
        time_limit=5.0,
        hints=["SentencePiece의 번호(`sp.piece_to_id`)는 쓰지 마세요. 모델의 임베딩 표는 `vocab`의 번호를 씁니다.",
               "`vocab.get(piece, vocab[\"[UNK]\"])`는 어휘에 없는 조각이면 [UNK]의 ID를 돌려줍니다."],
        solution=KOBERT_SOLUTION,
        allows=KOBERT_LOOKUP,
        delegating=KOBERT_DELEGATING,
        wrong=[
            "def kobert_ids(pieces, vocab):\n    return [sp.piece_to_id(piece) for piece in pieces]",
            "def kobert_ids(pieces, vocab):\n    return [vocab[piece] for piece in pieces]",
            "def kobert_ids(pieces, vocab):\n    return [vocab.get(piece, vocab[\"[PAD]\"]) for piece in pieces]",
        ],
        blank="def kobert_ids(pieces, vocab):\n    return ____",
        explanation="SentencePiece는 '▁한국'에 160을 주지만 KoBERT 임베딩 표에서 '▁한국'은 4958번 줄입니다. 번호를 그대로 "
                    "넣으면 모델은 전혀 다른 조각의 벡터를 읽습니다. 조각 문자열 -> 모델 어휘 -> ID가 올바른 길입니다.",
    ),
    Function(
        name="count_pieces",
        title="조각과 [UNK] 세기",
        prompt="문장 `text`와 토크나이저 `tokenizer`를 받아 `(조각 수, [UNK] 수)` 튜플을 돌려주는 "
               "`count_pieces(text, tokenizer)`를 완성하세요. 특수 토큰([CLS], [SEP])은 세지 않습니다. 채점은 이 레슨의 "
               "다섯 토크나이저와 NSMC 리뷰·KLUE 뉴스 문장, 예문 단추의 문장(이모지, 한자 등)으로 합니다.",
        reads="count_pieces",
        setup=_context,
        reference_function=_count_reference,
        cases=[
            _count_case("한국어 모델을 공유합니다.", "KoBERT"),
            _count_case("오늘 날씨 최고😍👍", "KoBERT", "모르는 글자(이모지)"),
            _count_case("오늘 날씨 최고😍👍", "다국어 BERT", "모르는 글자(이모지)"),
            _count_case("大韓民國 憲法", "KLUE-BERT", "한자"),
            _count_case("이번 주말 갓생 살려다가 결국 존버함 ㄹㅇ", "KcBERT", "신조어"),
            _count_case("", "KoELECTRA", "빈 문장"),
        ],
        random_inputs=_random_count,
        n_random=40,
        time_limit=5.0,
        hints=[
            "`tokenizer(text, add_special_tokens=False)[\"input_ids\"]`가 특수 토큰을 뺀 ID 목록입니다.",
            "[UNK]은 문자열 대신 ID로 세세요: `tokenizer.unk_token_id`와 같은 ID의 개수입니다. "
            "KoBERT의 `tokenize()`는 모르는 글자도 원래 글자('😍')로 보여 주기 때문에 문자열 '[UNK]'로 세면 빠뜨립니다.",
        ],
        solution=COUNT_SOLUTION,
        allows=PIECE_COUNTING,
        delegating=COUNT_DELEGATING,
        wrong=[
            "def count_pieces(text, tokenizer):\n    ids = tokenizer(text)[\"input_ids\"]\n"
            "    return (len(ids), ids.count(tokenizer.unk_token_id))",
            "def count_pieces(text, tokenizer):\n    pieces = tokenizer.tokenize(text)\n"
            "    return (len(pieces), pieces.count(\"[UNK]\"))",
            "def count_pieces(text, tokenizer):\n    return (len(text.split()), 0)",
        ],
        blank="def count_pieces(text, tokenizer):\n    ids = ____\n    return ____",
        explanation="모델이 실제로 받는 것은 ID입니다. 그래서 [UNK]은 `unk_token_id`로 세야 정확합니다. SentencePiece(KoBERT)는 "
                    "모르는 글자를 `tokenize()`에서는 원래 글자로 보여 주지만 ID는 [UNK](0)입니다.",
    ),
    Quiz(
        name="reading_scores",
        title="점수표 읽기",
        prompt="KoBERT의 NSMC 정확도가 KoBERT README에는 90.1, KoELECTRA README에는 89.59, KcBERT README에는 89.63으로 "
               "적혀 있습니다. 가장 알맞은 해석은 무엇입니까?",
        reads="answer_scores",
        choices=["같은 모델·같은 평가 세트라도 파인 튜닝 설정(학습률, 에포크, 최대 길이, 시드, 코드)이 다르면 점수가 달라진다. "
                 "다른 표에서 온 숫자의 0.1~0.5점 차이로 순위를 매기지 않는다",
                 "셋 가운데 둘은 잘못 옮긴 숫자다",
                 "가장 최근에 고친 README의 숫자만 믿으면 된다",
                 "NSMC 평가 세트가 README마다 달라서 생긴 차이이고, 설정과는 상관없다"],
        answer=1,
        feedback={2: "세 숫자 모두 각자의 실험 결과입니다. 표를 만든 사람마다 파인 튜닝을 따로 돌렸습니다.",
                  3: "최근 숫자라고 더 '정확'하지 않습니다. 설정이 다를 뿐입니다.",
                  4: "NSMC에는 공개 평가 파일이 하나(ratings_test.txt)뿐입니다. 점수 차이는 주로 파인 튜닝 설정에서 옵니다."},
        hints=["KoELECTRA README의 표 위에 적힌 문장 'config의 세팅을 그대로 하여 돌린 결과이며…'를 떠올려 보세요."],
        explanation="공개 점수는 '그 사람이 그 설정으로 한 번 돌린 결과'입니다. 같은 표 안에서 같은 설정으로 잰 숫자끼리는 "
                    "비교할 만하지만, 표가 다르거나 평가 세트(dev/test)가 다르면 직접 비교하지 않습니다.",
    ),
    Quiz(
        name="model_for_comments",
        title="댓글 분류에 먼저 시험해 볼 모델",
        prompt="쇼핑몰 상품평과 댓글(오타, 신조어, 'ㅋㅋ', 이모지가 많음)의 감성을 분류하려 합니다. 이 레슨의 비교와 공개 "
               "점수만 보고 **먼저** 시험해 볼 모델로 가장 알맞은 것은 무엇입니까?",
        reads="answer_comments",
        choices=["다국어 BERT(cased)", "KoBERT", "ETRI KorBERT", "KcBERT"],
        answer=4,
        feedback={1: "104개 언어가 어휘를 나눠 써서 한국어 문장이 가장 잘게 잘리고, 이 레슨의 연구에서 [UNK] 비율도 가장 "
                     "높았습니다. 공개 NSMC 점수(87.5)도 한국어 모델보다 낮습니다.",
                  2: "KoBERT는 위키백과로 학습했고 어휘가 8,002개로 작습니다. 나쁜 선택은 아니지만 댓글체를 위해 만든 "
                     "모델이 따로 있습니다.",
                  3: "ETRI KorBERT는 형태소 분석기를 먼저 돌려야 하고 사용 협약을 맺어야 받을 수 있어, 먼저 시험해 보기에는 "
                     "문턱이 높습니다."},
        hints=["모델마다 어떤 글로 토크나이저와 모델을 학습했는지 표를 다시 보세요. 댓글과 가장 닮은 글은 무엇일까요?"],
        explanation="KcBERT는 네이버 뉴스 댓글로 토크나이저와 모델을 처음부터 학습했습니다(MIT 라이선스). 댓글의 구어체, "
                    "신조어, 'ㅋㅋ'를 어휘가 알고, 공개 NSMC 점수(89.62)도 높습니다. 그래도 '먼저 시험해 볼' 후보일 뿐, "
                    "내 데이터의 개발 세트에서 두세 모델을 직접 비교해 고르세요.",
    ),
]
