"""레슨 16의 수치(이슈 29): 검색 챗봇의 색인 만들기·캐시 읽기 시간, 대답 지연, 바꿔 말하기 top-1/top-5 답 정확도.

인코더마다(``bertlab.chatbot.ENCODERS``): 질문 11,823개 색인을 빈 임시 캐시 폴더에서 새로 만들고(목표 <= 60초),
같은 폴더에서 다시 읽고(<= 2초), ``reply`` 20번의 중앙값(<= 50 ms, 스레드 1), 직접 쓴 바꿔 말하기 평가 세트의 답
정확도(top-1, top-5), 헛소리 "ㅁㄴㅇㄹ 퀵퀵 zzz"의 1등 코사인을 냅니다. 시작 부하를 함께 적습니다.

``python -m bertlab bench --only chatbot``. 색인 스레드는 ``BERTLAB_BENCH_THREADS``(기본 2).
"""

from __future__ import annotations

import os
import statistics
import tempfile

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import bench_threads, load_average, torch_threads, widget_samples

QUERIES = ["오늘 너무 피곤하다", "헤어진 지 일 년이 다 돼 가", "썸 타는 사람한테 연락할까", "주말에 뭐 하지",
           "ㅁㄴㅇㄹ 퀵퀵 zzz", "가" * 5000, "😀 漢字 mixed 한글", "배고파"]


def encoder_figures(name: str, pairs, dev, threads: int) -> list[Figure]:
    from bertlab.chatbot import build_index, load_encoder, reply, retrieval_accuracy

    encoder = load_encoder(name)
    with tempfile.TemporaryDirectory() as folder:
        load = load_average()
        with torch_threads(threads):
            built = build_index(encoder, pairs, folder=folder, quiet=True, packaged=False)
            reloaded = build_index(encoder, pairs, folder=folder, quiet=True)
    samples = widget_samples(lambda query: reply(built, query, threshold=0.5), QUERIES, warmup=1)
    accuracy = retrieval_accuracy(built, dev)
    nonsense = reply(built, "ㅁㄴㅇㄹ 퀵퀵 zzz").score
    title = encoder.title
    return [
        Figure(f"{title}: 색인 만들기", built.seconds, "s", "<= 60 s", f"질문 {len(pairs):,}개, 스레드 {threads}, 시작 부하 {load}"),
        Figure(f"{title}: 캐시에서 읽기", reloaded.seconds, "s", "<= 2 s", reloaded.source),
        Figure(f"{title}: 대답 지연(중앙값)", statistics.median(samples), "ms", "<= 50 ms",
               f"{len(samples)}번(빈 글 빼고 5,000자·이모지·한자 포함), 스레드 1"),
        Figure(f"{title}: top-1 답 정확도", accuracy["top1"], "", "", f"바꿔 말하기 {accuracy['examples']}개"),
        Figure(f"{title}: top-5 답 정확도", accuracy["top5"], "", "", f"바꿔 말하기 {accuracy['examples']}개"),
        Figure(f"{title}: 헛소리의 1등 코사인", nonsense, "", "", "'ㅁㄴㅇㄹ 퀵퀵 zzz'"),
    ]


def run() -> list[Figure]:
    from bertlab.chatbot import DEV_FILE, ENCODERS, load_chatbot_pairs, read_paraphrases

    threads = bench_threads()
    pairs = load_chatbot_pairs()
    dev = read_paraphrases(DEV_FILE, len(pairs))
    only = os.environ.get("BERTLAB_CHATBOT_ENCODERS")
    names = only.split(",") if only else list(ENCODERS)
    figures = []
    for name in names:
        figures += encoder_figures(name, pairs, dev, threads)
    return figures
