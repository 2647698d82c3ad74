"""The kiosk's HTTP client for the points API (httpx), translating answers into core models.

Error hierarchy (what callers catch)::

    ApiError                 the API could not do it; ``code`` is the problem+json code
    └── ApiUnavailable       no usable answer: network down, timeout, 5xx, garbage body
"""

from kiosk.client.api import ApiError, ApiUnavailable, PointsClient

__all__ = ["ApiError", "ApiUnavailable", "PointsClient"]
