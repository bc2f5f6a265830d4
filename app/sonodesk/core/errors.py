"""Typed errors whose text is safe to show a user: no secrets, no private paths, no tracebacks.

Every error the core raises on purpose derives from SonodeskError; the UI and the CLI show
``str(error)`` (the user message) and, where present, ``error.hint``. No Qt.
"""

from __future__ import annotations


class SonodeskError(Exception):
    """Base class: ``str(err)`` is a user-safe sentence, ``hint`` says what to do next."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def full_text(self) -> str:
        """Message plus hint, for one-line displays (CLI, status bars)."""
        return f"{self.message} {self.hint}" if self.hint else self.message


class ConfigError(SonodeskError):
    """A setting, credential or endpoint is unusable (e.g. plain http to a remote host)."""


class StorageError(SonodeskError):
    """The disk refused: full, read-only, or a file we own is locked or damaged."""


class AudioError(SonodeskError):
    """A file could not be decoded, played or written as audio."""


class TransportError(SonodeskError):
    """The request did not complete at the network level.

    ``sent`` tells whether the server may have received it: False only when the connection
    was never established (connect error or connect timeout), so a retry cannot duplicate.
    """

    def __init__(self, message: str, *, sent: bool, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.sent = sent


class ApiError(SonodeskError):
    """The server answered with an error status; ``reason`` is its (sanitised) explanation."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int,
        reason: str | None = None,
        field: str | None = None,
        trace_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.reason = reason
        self.field = field
        self.trace_id = trace_id


class BadRequestError(ApiError):
    """400: the server rejected the parameters; ``field`` names the input when it says so."""


class AuthError(ApiError):
    """401: the key or secret is wrong."""


class ForbiddenError(ApiError):
    """403: wrong project for this key, or the plan does not include this model."""


class NotFoundError(ApiError):
    """404: the job, asset or model is unknown to this account."""


class RateLimitedError(ApiError):
    """429: too many requests or too many jobs in flight; wait ``retry_after`` seconds."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None,
        concurrency_limit: bool = False,
        limit: int | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after
        self.concurrency_limit = concurrency_limit
        self.limit = limit


class ServerError(ApiError):
    """5xx or 408: the service had a transient problem."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class CancelRefusedError(ApiError):
    """The provider will not cancel this job: its credits are already committed."""


class ProtocolError(SonodeskError):
    """The server's answer did not have the shape the protocol promises."""


class DownloadError(SonodeskError):
    """A take could not be downloaded intact (truncated, wrong size, refused URL)."""

    def __init__(self, message: str, *, retryable: bool = True, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retryable = retryable


class UnsafeUrlError(DownloadError):
    """A URL that is neither https nor loopback, or that redirects somewhere it should not."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False)


class JobFailedError(SonodeskError):
    """The provider ran the job and reported failure (``metadata.error`` / ``error.message``)."""


class BudgetExceededError(SonodeskError):
    """Submitting would go over the user's spending cap."""
