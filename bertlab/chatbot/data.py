"""챗봇 데이터(레슨 16): 읽는 코드는 데이터 층의 ``bertlab.datasets.chatbot``에 있고, 여기서는 이름만 다시 내보냅니다."""

from bertlab.datasets.chatbot import (DATA_DIR, DATA_FILE, DEV_FILE, LABEL_NAMES, SOURCE_URL, ChatbotPairs,
                                      load_chatbot_pairs, read_paraphrases)

__all__ = ["DATA_DIR", "DATA_FILE", "DEV_FILE", "LABEL_NAMES", "SOURCE_URL", "ChatbotPairs", "load_chatbot_pairs",
           "read_paraphrases"]
