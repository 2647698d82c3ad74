"""Every HTTP call the kiosk makes: the member client (``api``), the staff client over the same
transport (``staff``), strict answer parsing (``parse``) and the one table of API problem codes
(``problems``).

Error hierarchy (what callers catch)::

    ApiError                 the API could not do it; ``code`` is the problem+json code
    └── ApiUnavailable       no usable answer: network down, timeout, 5xx, garbage body
"""

from kiosk.client.api import ApiError, ApiUnavailable, PointsClient

__all__ = ["ApiError", "ApiUnavailable", "PointsClient"]
