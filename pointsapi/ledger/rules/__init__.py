"""Points rules: earning, tiers, expiry (pure functions over configuration and time)."""
