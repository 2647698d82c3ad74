"""The prize wheel: a wheel per store, provably fair draws, prizes, seeds and audits.

Modules: ``models`` (database rows), ``fairness`` (the pure ``hmac-sha256-v1`` draw),
``config`` (admin wheel configuration), ``state`` (today's effective wheel, seeds, versions),
``offer`` (what a member may do), ``spin`` (the draw transaction), ``stock`` (gift stock for
staff), ``audit`` (recomputing a revealed day), ``schemas`` (request and response bodies),
``views`` (rows as bodies), ``routes`` (kiosk and public) and ``admin_routes``.
See docs/lottery.md.
"""
