"""Sending text messages: one port (:class:`~pointsapi.sms.port.SmsSender`), a ``log`` sender
for development and the demo, and Tencent Cloud SMS over HTTPS; chosen by name in settings."""
