"""Points: the append-only ledger, lots, tiers, earning rules, receipts, promotions, expiry."""
