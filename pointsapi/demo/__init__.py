"""Demo data for every domain (``pointsapi demo-data``)."""
