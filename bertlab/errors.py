"""학생에게 보여 줄 한국어 오류. 모든 레슨에서 사용합니다.

깊은 라이브러리 내부의 긴 traceback 대신, 무엇이 일어났고 무엇을 하면 되는지 한두 문장으로 알려
줍니다. 노트북에서는 ``bertlab.start()``가 이 오류를 짧게 보여 주는 표시기를 등록합니다.
"""


class BertlabError(Exception):
    """사용자에게 보여 줄 한국어 오류."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n→ {self.hint}"
        return self.message


class ModelUnavailableError(BertlabError):
    """요청한 모델(또는 헤드)을 지금 환경에서 불러올 수 없을 때."""


class InputError(BertlabError):
    """학생이 넣은 입력(빈 문장, 잘못된 타입·모양 등)을 처리할 수 없을 때."""
