"""Staff mode: staff accounts, logins, sessions, actions, gift stock counts and the audit log."""
