"""What every domain stands on, knowing no domain.

The declarative ``Base``, the database, settings, the clock, errors (problem+json), idempotent
writes, HTTP helpers, signing, masking and the body limit.
"""
